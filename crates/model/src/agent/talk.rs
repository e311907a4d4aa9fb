//! Cheap talk and advice: signals by the round's tendency, and advisers' lobbying.

use super::{Agent, Round};
use crate::actor::{ActorId, Tendency};
use crate::message::{Body, Positions, SignalKind};
use crate::params::*;

/// The chance that a doctrinaire round of a leader at paranoia `p` threatens rather than
/// warns: even odds at [`THREAT_PARANOIA`], rising smoothly with alarm.
pub fn threat_chance(p: f64) -> f64 {
    1.0 / (1.0 + (-(p - THREAT_PARANOIA) / THREAT_WIDTH).exp())
}

impl Agent {
    /// Cheap talk by the tendency of the round: a softie round reassures, a doctrinaire
    /// round warns, or threatens when alarmed. Sent to the reachable counterparts.
    pub(super) fn signal(&mut self, r: &mut Round<'_>, out: &mut super::Outbox) {
        let signal = match r.tendency {
            Some(Tendency::Softie) => SignalKind::Reassure,
            Some(Tendency::Doctrinaire) if r.draws.threat < threat_chance(self.paranoia) => {
                SignalKind::Threaten
            }
            Some(Tendency::Doctrinaire) => SignalKind::Warn,
            _ => return,
        };
        for &j in &self.neighbors().counterparts {
            if r.world.reachable(self.id, j) {
                out.send(j, None, Body::Signal { signal });
            }
        }
    }

    /// A principal tells its allies how far it trusts each of its counterparts.
    pub(super) fn consult(&mut self, r: &mut Round<'_>, out: &mut super::Outbox) {
        let nb = self.neighbors_arc();
        if nb.allies.is_empty() || nb.counterparts.is_empty() {
            return;
        }
        let assessments: std::sync::Arc<[(ActorId, f64)]> = nb
            .counterparts
            .iter()
            .map(|&j| (j, self.trust[j]))
            .collect();
        for &a in &nb.allies {
            if r.world.reachable(self.id, a) {
                let assessments = std::sync::Arc::clone(&assessments);
                out.send(a, None, Body::Consult { assessments });
            }
        }
    }

    /// An adviser urges its own ideal on its principal, as strongly as its influence, and
    /// tells it how far it trusts the other side (an intelligence chief's reading of the
    /// enemy is advice too: without it an adviser's trust and paranoia could not matter).
    pub(super) fn advise(&mut self, r: &mut Round<'_>, out: &mut super::Outbox) {
        let spec = r.sc.actor(self.id);
        if let Some(p) = spec.principal
            && r.world.reachable(self.id, p)
        {
            let body = Body::Advise {
                positions: Positions::from(self.ideal.as_slice()),
                strength: spec.influence,
            };
            out.send(p, None, body);
            let nb = self.neighbors_arc();
            if !nb.counterparts.is_empty() {
                let assessments: std::sync::Arc<[(ActorId, f64)]> = nb
                    .counterparts
                    .iter()
                    .map(|&j| (j, self.trust[j]))
                    .collect();
                out.send(p, None, Body::Consult { assessments });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::*;
    use super::threat_chance;
    use crate::actor::TendencyMix;
    use crate::message::{Body, SignalKind};

    #[test]
    fn the_chance_of_a_threat_rises_smoothly_with_paranoia() {
        let mut last = 0.0;
        for k in 0..=100 {
            let c = threat_chance(k as f64 / 100.0);
            assert!(c >= last && c - last < 0.05, "{last} -> {c}");
            last = c;
        }
    }

    fn signals(paranoia: f64, mix: TendencyMix) -> Vec<SignalKind> {
        let sc = with(EAST, |a| {
            a.paranoia = paranoia;
            a.tendency = Some(mix);
        });
        let mut b = Bench::new(sc, EAST);
        (0..24)
            .flat_map(|_| b.step(Vec::new()).messages)
            .filter_map(|m| match m.body {
                Body::Signal { signal } => Some(signal),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_softie_reassures_and_an_alarmed_doctrinaire_threatens_more_than_a_calm_one() {
        let softie = TendencyMix {
            softie: 1.0,
            conservative: 0.0,
            doctrinaire: 0.0,
        };
        let s = signals(0.5, softie);
        assert!(
            !s.is_empty() && s.iter().all(|&k| k == SignalKind::Reassure),
            "{s:?}"
        );
        let doctrinaire = TendencyMix {
            softie: 0.0,
            conservative: 0.0,
            doctrinaire: 1.0,
        };
        let threats = |p| {
            signals(p, doctrinaire)
                .iter()
                .filter(|&&k| k == SignalKind::Threaten)
                .count()
        };
        assert!(
            threats(0.99) > threats(0.6),
            "{} vs {}",
            threats(0.99),
            threats(0.6)
        );
    }

    #[test]
    fn a_principal_tells_its_ally_how_far_it_trusts_the_other_side() {
        let mut b = Bench::new(
            with(WEST, |a| {
                a.trust.set(EAST, 0.3);
            }),
            WEST,
        );
        let out = b.step(Vec::new());
        let told = out.messages.iter().find_map(|m| match &m.body {
            Body::Consult { assessments } if m.to == ALLY => Some(assessments.to_vec()),
            _ => None,
        });
        let told = told.expect("West consults its ally");
        assert!(
            told.iter()
                .any(|&(j, t)| j == EAST && (t - b.trust(EAST)).abs() < 1e-12)
        );
    }

    #[test]
    fn an_adviser_reports_its_trust_in_the_other_side_to_its_principal() {
        let sc = with(ENVOY, |a| {
            a.role = crate::actor::Role::Adviser;
            a.influence = 0.5;
            a.trust.set(EAST, 0.2);
        });
        let mut b = Bench::new(sc, ENVOY);
        let out = b.step(Vec::new());
        let told = out.messages.iter().find_map(|m| match &m.body {
            Body::Consult { assessments } if m.to == WEST => Some(assessments.to_vec()),
            _ => None,
        });
        let told = told.expect("the adviser reports to its principal");
        assert!(
            told.iter()
                .any(|&(j, t)| j == EAST && (t - b.trust(EAST)).abs() < 1e-12),
            "{told:?}"
        );
    }
}

//! A seat a person holds: what is on the actor's table after it has read its inbox, and
//! the person's decisions in place of the actor's own walkout, answers, package and signal.
//!
//! Everything the actor believes still moves by the model's rules (events, offers,
//! signals, consultation, advice), so a person's seat learns exactly as the model's would;
//! only the choices are the person's.

use super::beliefs::Offer;
use super::{Acceptance, Agent, Round};
use crate::actor::ActorId;
use crate::message::{Body, MessageId, PackageId, Positions, RejectReason, SignalKind};
use crate::trust::TrustMap;

/// A person's decisions for one round of a seat.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Decision {
    /// Leave the table (the rest is then ignored).
    pub walk_out: bool,
    /// The packages on the table to accept; every other one is rejected.
    pub accept: Vec<PackageId>,
    /// A package to put on the table, one position per issue (clamped to each range).
    /// An event that puts an offer on the table this month overrides its issues.
    pub propose: Option<Vec<f64>>,
    /// Cheap talk to the counterparts.
    pub signal: Option<SignalKind>,
}

/// One package on the seat's table, as the actor judges it.
#[derive(Clone, Debug, PartialEq)]
pub struct TableOffer {
    /// The package.
    pub package: PackageId,
    /// Its positions, in issue order.
    pub positions: Positions,
    /// Who brought it (the proposer, or an envoy reporting it).
    pub via: ActorId,
    /// The message that brought it.
    pub message: MessageId,
    /// Its utility if every promise in it is kept.
    pub utility: f64,
    /// Its expected utility at the actor's trust in each issue's keepers.
    pub expected_utility: f64,
    /// The actor's own answer: `None` to accept, or why it would reject.
    pub verdict: Option<RejectReason>,
}

/// What a seated actor has before it in a round, after events and its inbox.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    /// The packages to answer this round.
    pub offers: Vec<TableOffer>,
    /// Security: the utility of the status quo.
    pub security: f64,
    /// The actor's own aspiration this round (what the model would hold out for).
    pub aspiration: f64,
    /// Trust in every actor.
    pub trust: TrustMap,
    /// Trust in the counterparts taken together.
    pub counterpart_trust: f64,
    /// Trust in each issue's keepers on other sides (1 for an issue in its own hands).
    pub issue_trust: Vec<f64>,
    /// Paranoia.
    pub paranoia: f64,
    /// The actor's chance of walking out this round, were it left to itself.
    pub hazard: f64,
    /// Whether it has anyone to walk out on.
    pub can_walk_out: bool,
    /// Positions an event puts on the table for it this round (per issue, if any).
    pub fixed: Option<Vec<Option<f64>>>,
    /// Its standing package, if it has made one.
    pub standing: Option<Vec<f64>>,
    /// Its ideal (events and advice move it).
    pub ideal: Vec<f64>,
}

/// What a package is worth to an actor as it stands.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Worth {
    /// Its utility if every promise in it is kept.
    pub utility: f64,
    /// Its expected utility at the actor's current trust in each issue's keepers.
    pub expected_utility: f64,
    /// The actor's security (the status quo).
    pub security: f64,
}

impl Agent {
    /// What package `x` (one position per issue of `sc`) is worth to this actor now, by
    /// the rule it judges offers by.
    pub fn worth(&self, sc: &crate::Scenario, x: &[f64]) -> Worth {
        let keepers = self.keepers_here.as_deref().unwrap_or(&self.keepers);
        let trust = crate::stakes::issue_trust(&self.trust, keepers);
        let expected_utility = crate::utility::expected_utility_by_issue(
            &sc.issues,
            &self.ideal,
            &self.salience,
            x,
            &self.status_quo,
            &trust,
            self.paranoia,
            sc.settings.betrayal_cost,
        );
        Worth {
            utility: self.utility(sc, x),
            expected_utility,
            security: self.security(sc),
        }
    }

    /// The table the seat's person sees: built after the inbox is read, before anything
    /// is decided.
    pub(super) fn table(&mut self, r: &mut Round<'_>, offers: &[Offer]) -> Table {
        let sc = r.sc;
        let security = self.security(sc);
        let counterpart_trust = self.counterpart_trust();
        let can_walk_out = !self.neighbors().counterparts.is_empty();
        let margin = self.best_margin(r);
        let hazard = if can_walk_out {
            super::walkout::hazard_at(self.walkout_power, counterpart_trust, margin)
        } else {
            0.0
        };
        self.refresh_issue_trust(sc);
        let offers = offers
            .iter()
            .map(|o| {
                let eu = self.judge().of_package(&o.positions);
                TableOffer {
                    package: o.package,
                    positions: Positions::clone(&o.positions),
                    via: o.via,
                    message: o.message,
                    utility: self.utility(sc, &o.positions),
                    expected_utility: eu,
                    verdict: self.verdict(eu, security),
                }
            })
            .collect();
        Table {
            offers,
            security,
            aspiration: self.aspiration,
            trust: self.trust.clone(),
            counterpart_trust,
            issue_trust: self.issue_trust.clone(),
            paranoia: self.paranoia,
            hazard,
            can_walk_out,
            fixed: r.offer_on_table.clone(),
            standing: self.proposal.as_deref().map(<[f64]>::to_vec),
            ideal: self.ideal.clone(),
        }
    }

    /// The person's own moves in the order the actor makes its own: the package and the
    /// mandates, the signal, then comparing notes with allies (which stays automatic).
    pub(super) fn act_as(&mut self, r: &mut Round<'_>, out: &mut super::Outbox, d: &Decision) {
        let fixed = r.offer_on_table.take();
        let package = match (&d.propose, &fixed) {
            (Some(x), _) => Some(x.clone()),
            // An event puts an offer on the table on the seat's behalf: its standing
            // package (or its ideal) with the event's positions.
            (None, Some(_)) => Some(
                self.proposal
                    .as_deref()
                    .map_or_else(|| self.ideal.clone(), <[f64]>::to_vec),
            ),
            (None, None) => None,
        };
        if let Some(mut x) = package {
            x.resize(r.sc.issues.len(), 0.0);
            for (i, xi) in x.iter_mut().enumerate() {
                if let Some(Some(o)) = fixed.as_ref().map(|f| f[i]) {
                    *xi = o;
                }
                *xi = r.sc.issues[i].clamp(*xi);
            }
            self.propose_as(r, out, x);
        }
        if let Some(signal) = d.signal {
            for &j in &self.neighbors().counterparts {
                if r.world.reachable(self.id, j) {
                    out.send(j, None, Body::Signal { signal });
                }
            }
        }
        self.consult(r, out);
    }

    /// Send the person's package to the other blocs, endorse it (a veto principal that
    /// proposes a package accepts it), and mandate the envoys not to offer less.
    fn propose_as(&mut self, r: &mut Round<'_>, out: &mut super::Outbox, x: Vec<f64>) {
        let sc = r.sc;
        let security = self.security(sc);
        self.refresh_issue_trust(sc);
        let worth = self.judge().of_package(&x);
        let (package, shared, sent) = self.send_package(r, out, &x);
        let nb = self.neighbors_arc();
        if sent && sc.is_veto(self.id) {
            r.accepted.push(Acceptance {
                package,
                expected_utility: worth,
                security,
                utility: self.utility(sc, &x),
            });
        }
        for &j in &nb.envoys {
            let body = Body::Mandate {
                aspiration: worth.max(security),
                positions: Positions::clone(&shared),
            };
            out.send(j, None, body);
        }
        self.proposal = Some(shared);
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::*;
    use super::*;
    use crate::clock::Tick;
    use std::sync::Arc;

    fn tick(b: &Bench) -> Tick {
        Tick::quiet(b.round, b.sc.date(b.round), Arc::new(b.sc.initial_world()))
    }

    #[test]
    fn leaving_the_choice_to_the_actor_is_its_own_step() {
        let inbox = vec![offer(0, WEST, EAST, [0.4, 0.4])];
        let mut own = Bench::new(scenario(), EAST);
        let mut seated = Bench::new(scenario(), EAST);
        let t = tick(&seated);
        let mut shown = None;
        let a = own.step(inbox.clone());
        let b = seated
            .agent
            .step_seated(&seated.sc, &t, inbox, &mut |table| {
                shown = Some(table.clone());
                None
            });
        assert_eq!(a, b);
        let table = shown.expect("the table is shown");
        assert_eq!(table.offers.len(), 1);
        // The person sees the package's plain worth to the seat beside what it expects.
        let spec = &seated.sc.actors[EAST.index()];
        let plain =
            crate::utility::utility(&seated.sc.issues, &spec.ideal, &spec.salience, &[0.4, 0.4]);
        assert!((table.offers[0].utility - plain).abs() < 1e-12, "{table:?}");
        assert!(table.offers[0].expected_utility.is_finite());
    }

    #[test]
    fn a_persons_answers_package_and_signal_replace_the_actors_own() {
        let mut b = Bench::new(scenario(), EAST);
        let t = tick(&b);
        let bad = offer(0, WEST, EAST, [0.0, 0.0]);
        let package = PackageId {
            round: 0,
            proposer: WEST,
        };
        let decision = Decision {
            walk_out: false,
            accept: vec![package],
            propose: Some(vec![0.3, 7.0]),
            signal: Some(SignalKind::Reassure),
        };
        let out = b
            .agent
            .step_seated(&b.sc, &t, vec![bad], &mut |_| Some(decision.clone()));
        let bodies: Vec<&Body> = out.messages.iter().map(|m| &m.body).collect();
        assert!(bodies.contains(&&Body::Accept { package }), "{bodies:?}");
        let proposed = bodies.iter().find_map(|b| match b {
            Body::Propose { positions, .. } => Some(positions.to_vec()),
            _ => None,
        });
        assert_eq!(proposed, Some(vec![0.3, 1.0]), "clamped to the range");
        assert!(bodies.contains(&&Body::Signal {
            signal: SignalKind::Reassure
        }));
        assert_eq!(out.snapshot.proposal.as_deref(), Some(&[0.3, 1.0][..]));
        assert!(out.snapshot.accepted.iter().any(|a| a.package == package));
    }

    #[test]
    fn a_person_walks_out_when_they_choose_and_only_then() {
        let mut b = Bench::new(scenario(), EAST);
        let t = tick(&b);
        let leave = Decision {
            walk_out: true,
            ..Decision::default()
        };
        let out = b
            .agent
            .step_seated(&b.sc, &t, Vec::new(), &mut |_| Some(leave.clone()));
        assert!(!out.snapshot.active && b.agent.has_walked_out());
        assert!(
            out.messages
                .iter()
                .all(|m| matches!(m.body, Body::Walkout { .. }))
                && !out.messages.is_empty()
        );
    }
}

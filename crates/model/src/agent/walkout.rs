//! Leaving the table: a principal walks out with a chance each month that rises smoothly
//! as its trust in the other side and its hope of a deal worth more than security fall.

use super::{Agent, Round};
use crate::actor::Role;
use crate::message::{Body, WalkoutReason};
use crate::params::*;
use std::sync::Arc;

/// The chance per month of walking out, for a principal whose walkout trust is `w`, whose
/// trust in its counterparts is `t`, and whose best offer on the table is worth `margin`
/// more than security (`None`: nothing on the table).
///
/// hazard = WALKOUT_RATE * w^k / (w^k + t^k) * 1 / (1 + exp(margin / HOPE_WIDTH)):
/// half the rate at `t = w` with nothing near security on the table; never for `w = 0`.
/// (The step uses [`hazard_at`] with `w^k` computed once per actor.)
#[cfg(test)]
pub fn hazard(w: f64, t: f64, margin: Option<f64>) -> f64 {
    hazard_at(power(w), t, margin)
}

/// `w^k`, the part of the hazard fixed for an actor (computed once), or `None` for
/// `w <= 0`, which never walks out.
pub(super) fn power(w: f64) -> Option<f64> {
    if w <= 0.0 {
        None
    } else {
        Some(w.powf(WALKOUT_STEEPNESS))
    }
}

/// [`hazard`] with `w^k` given (see [`power`]).
pub(super) fn hazard_at(wk: Option<f64>, t: f64, margin: Option<f64>) -> f64 {
    let Some(wk) = wk else {
        return 0.0;
    };
    let k = WALKOUT_STEEPNESS;
    let distrust = wk / (wk + t.max(0.0).powf(k));
    let despair = margin.map_or(1.0, |m| 1.0 / (1.0 + (m / HOPE_WIDTH).exp()));
    WALKOUT_RATE * distrust * despair
}

impl Agent {
    /// Walk out if this month's draw falls below the hazard (or, for a seat a person
    /// holds, if `chosen` says so); the Walkout message says why.
    pub(super) fn walk_out(
        &mut self,
        r: &mut Round<'_>,
        out: &mut super::Outbox,
        chosen: Option<bool>,
    ) -> bool {
        let sc = r.sc;
        let spec = sc.actor(self.id);
        if spec.role != Role::Principal || self.neighbors().counterparts.is_empty() {
            return false;
        }
        let t = self.counterpart_trust();
        let margin = self.best_margin(r);
        r.hazard = hazard_at(self.walkout_power, t, margin);
        if !chosen.unwrap_or(r.draws.walkout < r.hazard) {
            return false;
        }
        self.walked_out = true;
        let reason = Arc::new(WalkoutReason {
            trust: t,
            hazard: r.hazard,
            margin,
            last_straws: self.last_straws(r),
        });
        for &j in &self.neighbors_arc().reachable {
            out.send(
                j,
                None,
                Body::Walkout {
                    reason: Arc::clone(&reason),
                },
            );
        }
        true
    }

    /// The best package of the other side seen so far, as expected utility minus security.
    pub(super) fn best_margin(&mut self, r: &mut Round<'_>) -> Option<f64> {
        let security = r.security;
        self.judge_for_decisions(r);
        let eu = self.judge();
        let side = r.world.side[self.id.index()];
        self.heard
            .iter()
            .filter(|j| r.world.side[j.index()] != side)
            .filter_map(|j| self.last_seen.get(j))
            .map(|x| eu.of_package(x) - security)
            .max_by(f64::total_cmp)
    }

    /// The largest trust losses in the counterparts over the last rounds, worst first.
    fn last_straws(&self, r: &Round<'_>) -> Vec<crate::trust::TrustMove> {
        let counterparts = &self.neighbors().counterparts;
        let mut losses: Vec<_> = self
            .recent
            .iter()
            .chain(&r.moves)
            .filter(|m| m.delta < 0.0 && counterparts.contains(&m.about))
            .copied()
            .collect();
        losses.sort_by(|a, b| a.delta.total_cmp(&b.delta));
        losses.truncate(3);
        losses
    }
}

#[cfg(test)]
mod tests {
    use super::hazard;

    #[test]
    fn the_hazard_rises_smoothly_as_trust_and_hope_fall() {
        let mut last = 0.0;
        for k in (0..=40).rev() {
            let h = hazard(0.08, k as f64 / 100.0, Some(-0.1));
            assert!(h >= last, "falling trust never lowers the hazard");
            assert!(h - last < 0.05, "no jump: {last} -> {h}");
            last = h;
        }
        assert!(hazard(0.08, 0.3, None) < hazard(0.08, 0.08, None));
        assert!(hazard(0.08, 0.1, Some(0.05)) < hazard(0.08, 0.1, Some(-0.05)));
        assert_eq!(hazard(0.0, 0.0, None), 0.0, "walkout 0 never walks out");
    }

    use super::super::fixture::*;
    use crate::message::Body;

    fn first_hazard(trust: f64, walkout: f64) -> f64 {
        let sc = with(EAST, |a| {
            a.trust.set(WEST, trust);
            a.walkout = walkout;
        });
        Bench::new(sc, EAST).step(Vec::new()).snapshot.hazard
    }

    #[test]
    fn a_leader_runs_a_higher_hazard_the_less_it_trusts_and_none_without_a_walkout_level() {
        assert!(first_hazard(0.1, 0.2) > first_hazard(0.6, 0.2));
        assert_eq!(first_hazard(0.0, 0.0), 0.0);
    }

    #[test]
    fn a_walkout_says_why_in_the_trust_it_had_and_the_last_straws() {
        let mut reasons = Vec::new();
        for seed in 1..=40 {
            let mut sc = with(EAST, |a| {
                a.trust.set(WEST, 0.05);
                a.walkout = 0.5;
            });
            sc.settings.seed = seed;
            let mut b = Bench::new(sc, EAST);
            for _ in 0..24 {
                let r = b.round;
                let out = b.step(vec![offer(r, WEST, EAST, [0.0, 0.0])]);
                let walkouts: Vec<_> = out
                    .messages
                    .iter()
                    .filter_map(|m| match &m.body {
                        Body::Walkout { reason } => Some(reason.clone()),
                        _ => None,
                    })
                    .collect();
                if let Some(reason) = walkouts.first() {
                    assert!(!out.snapshot.active, "it has left");
                    reasons.push((reason.clone(), out.snapshot.trust[WEST]));
                    break;
                }
            }
        }
        assert!(
            !reasons.is_empty(),
            "a distrustful leader offered nothing walks out"
        );
        for (reason, trust) in reasons {
            assert!((reason.trust - trust).abs() < 1e-12);
            assert!(reason.hazard > 0.0 && reason.margin.is_some_and(|m| m < 0.0));
            assert!(
                reason
                    .last_straws
                    .iter()
                    .all(|m| m.delta < 0.0 && m.about == WEST)
            );
        }
    }
}

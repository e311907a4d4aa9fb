//! Trust and paranoia dynamics: evidence moves trust, paranoia damps gains and amplifies losses.

use crate::actor::ActorId;
use crate::params::*;
use serde::Serialize;

/// One actor's trust in the others: a default for everyone, and the actors it has a view
/// of. Sparse, so that an actor in a negotiation of thousands holds only the few it deals
/// with, not a row of the whole matrix.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TrustMap {
    default: f64,
    entries: Vec<(ActorId, f64)>,
}

impl TrustMap {
    /// Trust `default` in everyone.
    pub fn new(default: f64) -> Self {
        Self {
            default,
            entries: Vec::new(),
        }
    }

    /// Trust in `j`.
    pub fn get(&self, j: ActorId) -> f64 {
        match self.entries.binary_search_by_key(&j, |e| e.0) {
            Ok(k) => self.entries[k].1,
            Err(_) => self.default,
        }
    }

    /// Set trust in `j`.
    pub fn set(&mut self, j: ActorId, value: f64) {
        match self.entries.binary_search_by_key(&j, |e| e.0) {
            Ok(k) => self.entries[k].1 = value,
            Err(k) => self.entries.insert(k, (j, value)),
        }
    }

    /// The trust in everyone not listed.
    pub fn default_trust(&self) -> f64 {
        self.default
    }

    /// The listed actors and trust in them, by actor.
    pub fn entries(&self) -> &[(ActorId, f64)] {
        &self.entries
    }

    /// Every value held: the listed ones and the default.
    pub fn values(&self) -> impl Iterator<Item = f64> + '_ {
        self.entries
            .iter()
            .map(|e| e.1)
            .chain(std::iter::once(self.default))
    }

    /// The largest change from `other` to `self` in trust in anyone.
    pub fn max_change(&self, other: &TrustMap) -> f64 {
        let listed = self
            .entries
            .iter()
            .chain(&other.entries)
            .map(|(j, _)| (self.get(*j) - other.get(*j)).abs());
        listed.fold((self.default - other.default).abs(), f64::max)
    }
}

impl std::ops::Index<ActorId> for TrustMap {
    type Output = f64;
    fn index(&self, j: ActorId) -> &f64 {
        match self.entries.binary_search_by_key(&j, |e| e.0) {
            Ok(k) => &self.entries[k].1,
            Err(_) => &self.default,
        }
    }
}

/// Trust after seeing a concession of `c` (in the observer's utility; negative is a
/// retreat): gains are damped by paranoia, losses amplified by it. Stays in [0, 1].
pub fn after_concession(trust: f64, c: f64, paranoia: f64, learning: f64) -> f64 {
    let delta = if c >= 0.0 {
        TRUST_GAIN * learning * c * (1.0 - paranoia)
    } else {
        TRUST_LOSS * learning * c * (1.0 + paranoia)
    };
    (trust + delta).clamp(0.0, 1.0)
}

/// Trust after a shift of `delta` that is good news (damped) or bad news (amplified).
pub fn after_news(trust: f64, delta: f64, paranoia: f64, learning: f64) -> f64 {
    let scaled = if delta >= 0.0 {
        delta * learning * (1.0 - paranoia)
    } else {
        delta * learning * (1.0 + paranoia)
    };
    (trust + scaled).clamp(0.0, 1.0)
}

/// Paranoia one round later: it drifts back toward its dispositional baseline.
pub fn paranoia_drift(paranoia: f64, baseline: f64) -> f64 {
    (paranoia + PARANOIA_DRIFT * (baseline - paranoia)).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paranoia_damps_gains_and_amplifies_losses() {
        let calm = after_concession(0.5, 0.1, 0.1, 1.0) - 0.5;
        let fearful = after_concession(0.5, 0.1, 0.9, 1.0) - 0.5;
        assert!(calm > fearful && fearful > 0.0);
        let calm_loss = 0.5 - after_concession(0.5, -0.1, 0.1, 1.0);
        let fearful_loss = 0.5 - after_concession(0.5, -0.1, 0.9, 1.0);
        assert!(fearful_loss > calm_loss && calm_loss > 0.0);
    }

    #[test]
    fn a_trust_map_holds_a_default_and_the_actors_it_knows() {
        let mut t = TrustMap::new(0.5);
        t.set(ActorId(7), 0.9);
        t.set(ActorId(2), 0.1);
        assert_eq!(
            (t.get(ActorId(7)), t[ActorId(2)], t.get(ActorId(3))),
            (0.9, 0.1, 0.5)
        );
        let mut u = t.clone();
        u.set(ActorId(3), 0.45);
        assert!((u.max_change(&t) - 0.05).abs() < 1e-12);
        assert_eq!(
            t.entries().iter().map(|e| e.0.0).collect::<Vec<_>>(),
            [2, 7]
        );
    }

    #[test]
    fn fast_learners_move_further() {
        assert!(after_news(0.4, 0.1, 0.3, 2.0) > after_news(0.4, 0.1, 0.3, 1.0));
    }

    #[test]
    fn trust_and_paranoia_stay_in_bounds() {
        assert_eq!(after_concession(0.99, 10.0, 0.0, 3.0), 1.0);
        assert_eq!(after_concession(0.01, -10.0, 1.0, 3.0), 0.0);
        let mut p = 1.0;
        for _ in 0..100 {
            p = paranoia_drift(p, 0.3);
        }
        assert!((p - 0.3).abs() < 1e-3);
    }
}

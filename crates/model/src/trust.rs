//! Trust and paranoia dynamics: every change to either goes through here. Evidence moves
//! beliefs in log-odds, paranoia damps good news and amplifies bad news, and each change to
//! trust is kept with its cause so a transcript can say why trust fell.

use crate::actor::ActorId;
use crate::message::{MessageId, PackageId, SignalKind};
use crate::params::*;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

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

    /// Set trust in `j`; returns the trust it replaced (the default if `j` was not listed).
    pub fn set(&mut self, j: ActorId, value: f64) -> f64 {
        match self.entries.binary_search_by_key(&j, |e| e.0) {
            Ok(k) => std::mem::replace(&mut self.entries[k].1, value),
            Err(k) => {
                self.entries.insert(k, (j, value));
                self.default
            }
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

    /// Let old evidence fade: every listed value drifts toward the same actor's value in
    /// `prior` (see [`fade`]).
    pub fn fade_toward(&mut self, prior: &TrustMap) {
        for (j, v) in &mut self.entries {
            *v = fade(*v, prior.get(*j));
        }
    }

    /// [`TrustMap::fade_toward`] with the prior given in log-odds (see [`TrustMap::logits`]):
    /// the same numbers, without taking the prior's logarithms again every round.
    pub fn fade_toward_logits(&mut self, prior_logits: &TrustMap) {
        // Both lists are sorted by actor: one walk along the prior's, not a search each.
        let mut prior = prior_logits.entries.iter().peekable();
        for (j, v) in &mut self.entries {
            while prior.next_if(|(k, _)| k < j).is_some() {}
            let z0 = match prior.peek() {
                Some((k, z)) if k == j => *z,
                _ => prior_logits.default,
            };
            *v = fade_to_logit(*v, z0);
        }
    }

    /// The log-odds of every value (the default's too), for [`TrustMap::fade_toward_logits`].
    pub fn logits(&self) -> TrustMap {
        TrustMap {
            default: logit(self.default),
            entries: self.entries.iter().map(|&(j, v)| (j, logit(v))).collect(),
        }
    }

    /// The largest change from `other` to `self` in trust in anyone.
    pub fn max_change(&self, other: &TrustMap) -> f64 {
        // One walk along both sorted lists: an actor only one of them lists is held at the
        // other's default.
        let (mut a, mut b) = (
            self.entries.iter().peekable(),
            other.entries.iter().peekable(),
        );
        let mut largest = (self.default - other.default).abs();
        loop {
            let (x, y) = match (a.peek(), b.peek()) {
                (None, None) => return largest,
                (Some(&&(i, x)), Some(&&(j, y))) if i == j => {
                    a.next();
                    b.next();
                    (x, y)
                }
                (Some(&&(i, x)), Some(&&(j, _))) if i < j => {
                    a.next();
                    (x, other.default)
                }
                (Some(&&(_, x)), None) => {
                    a.next();
                    (x, other.default)
                }
                (_, Some(&&(_, y))) => {
                    b.next();
                    (self.default, y)
                }
            };
            largest = largest.max((x - y).abs());
        }
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

/// What moved a trust value.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "cause", rename_all = "snake_case")]
pub enum Cause {
    /// A dated event of the scenario (its index in the scenario's event list).
    Event {
        /// Index into `Scenario::events`.
        event: u32,
    },
    /// A package read as a concession (positive) or a retreat (negative).
    Offer {
        /// The package.
        package: PackageId,
        /// The concession seen, in the observer's utility, after misperception.
        concession: f64,
    },
    /// A proposer's opening package read against the opening the observer expected:
    /// softer than expected (positive) or harder (negative).
    Opening {
        /// The package.
        package: PackageId,
        /// How much better it is than the opening expected, in the observer's utility.
        surprise: f64,
    },
    /// Cheap talk.
    Signal {
        /// The message.
        message: MessageId,
        /// What it said.
        signal: SignalKind,
    },
    /// The manner of a message (an abrasive envoy).
    Manner {
        /// The message.
        message: MessageId,
    },
    /// An ally's reading of the other actor, shared when they compared notes.
    Consultation {
        /// The message.
        message: MessageId,
    },
    /// The other actor walked out.
    Walkout {
        /// Who left.
        actor: ActorId,
    },
}

/// One change of one actor's trust in another, with its cause.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TrustMove {
    /// The round it happened in.
    pub round: u32,
    /// In whom trust moved.
    pub about: ActorId,
    /// By how much (the change of the trust value, after paranoia and clamping).
    pub delta: f64,
    /// Why.
    pub cause: Cause,
}

/// Log-odds of `x`, with `x` kept a hair inside (0, 1) so that a belief of exactly 0 or 1
/// can still be moved by evidence.
fn logit(x: f64) -> f64 {
    let x = x.clamp(BELIEF_FLOOR, 1.0 - BELIEF_FLOOR);
    (x / (1.0 - x)).ln()
}

fn logistic(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

/// How much a leader of paranoia `p` makes of news that is good (`good`) or bad: a
/// leader of middling paranoia (0.5) takes it as it is; at 1, good news counts
/// 1 - PARANOIA_BIAS as much and bad news 1 + PARANOIA_BIAS; at 0 the reverse.
pub fn bias(p: f64, good: bool) -> f64 {
    let lean = PARANOIA_BIAS * (2.0 * p - 1.0);
    if good { 1.0 - lean } else { 1.0 + lean }
}

/// A belief (trust) after news worth `delta` to a reference leader (trust 0.5, paranoia
/// 0.5, learning 1), read by a leader of paranoia `p` who learns at `learning`.
///
/// The news moves the belief's log-odds, so the same news moves a belief near 0 or 1 less
/// than one in the middle: a leader who already expects the worst is not told much by one
/// more blow, and no fixed delta can sit exactly on a threshold.
pub fn believe(t: f64, delta: f64, p: f64, learning: f64) -> f64 {
    if delta == 0.0 {
        return t;
    }
    let weight = bias(p, delta > 0.0) * learning;
    // At t = 0.5 the slope of the logistic is 1/4: there the change is `delta * weight`.
    logistic(logit(t) + 4.0 * delta * weight)
}

/// Trust after seeing a concession of `c` (in the observer's utility; negative is a
/// retreat): gains are damped by paranoia, losses amplified by it.
pub fn after_concession(trust: f64, c: f64, paranoia: f64, learning: f64) -> f64 {
    let scale = if c >= 0.0 { TRUST_GAIN } else { TRUST_LOSS };
    believe(trust, scale * c, paranoia, learning)
}

/// Trust after news of size `delta` (signed): a signal, an abrasive manner, a walkout.
pub fn after_news(trust: f64, delta: f64, paranoia: f64, learning: f64) -> f64 {
    believe(trust, delta, paranoia, learning)
}

/// Trust after an event's shift of `delta`, as the event's author wrote it for a leader of
/// middling trust and paranoia; `jitter` (around 1) is how much more or less this leader
/// made of it.
pub fn after_event(trust: f64, delta: f64, paranoia: f64, jitter: f64) -> f64 {
    believe(trust, delta * jitter, paranoia, 1.0)
}

/// Trust in a counterpart after an ally trusted at `in_ally` shared its own trust in the
/// same counterpart, `ally_view`: the gap closes by CONSULTATION * in_ally.
pub fn after_consultation(trust: f64, ally_view: f64, in_ally: f64) -> f64 {
    let share = CONSULTATION * in_ally.clamp(0.0, 1.0);
    (trust + share * (ally_view - trust)).clamp(0.0, 1.0)
}

/// Paranoia after a shock of `delta` (an event, a threat, a retreat seen, a walkout; calm
/// when negative), in log-odds like trust, so shocks saturate near 0 and 1.
pub fn shock(paranoia: f64, delta: f64) -> f64 {
    if delta == 0.0 {
        return paranoia;
    }
    logistic(logit(paranoia) + 4.0 * delta)
}

/// Trust one round later, with no news: old evidence fades, and trust drifts back toward
/// `prior` (the actor's trust at the start) by [`TRUST_MEMORY`] of the gap in log-odds.
pub fn fade(trust: f64, prior: f64) -> f64 {
    fade_to_logit(trust, logit(prior))
}

/// [`fade`] toward a prior given as its log-odds `z0`.
fn fade_to_logit(trust: f64, z0: f64) -> f64 {
    let z = logit(trust);
    logistic(z + TRUST_MEMORY * (z0 - z))
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
    fn a_middling_leader_takes_news_as_written() {
        let t = after_event(0.5, 0.01, 0.5, 1.0);
        assert!((t - 0.51).abs() < 1e-4, "{t}");
        let t = after_event(0.5, -0.01, 0.5, 1.0);
        assert!((t - 0.49).abs() < 1e-4, "{t}");
    }

    #[test]
    fn the_same_blow_moves_an_extreme_belief_less() {
        let mid = 0.5 - after_event(0.5, -0.08, 0.5, 1.0);
        let low = 0.1 - after_event(0.1, -0.08, 0.5, 1.0);
        assert!(low > 0.0 && low < mid / 2.0, "{low} {mid}");
        // Nothing leaves [0, 1], and a belief at 0 can still be raised.
        assert!(after_event(0.0, -1.0, 1.0, 2.0) >= 0.0);
        assert!(after_event(0.0, 0.2, 0.5, 1.0) > 0.0);
        assert!(after_event(1.0, 5.0, 0.0, 2.0) <= 1.0);
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
        // Setting says what it replaced: the default for an actor not yet listed.
        assert_eq!(u.set(ActorId(3), 0.45), 0.5);
        assert_eq!(u.set(ActorId(7), 0.8), 0.9);
        u.set(ActorId(7), 0.9);
        assert!((u.max_change(&t) - 0.05).abs() < 1e-12);
        // Against the same change found by looking each listed actor up in both maps.
        let mut v = TrustMap::new(0.2);
        for (j, x) in [(1, 0.9), (3, 0.4), (8, 0.3)] {
            v.set(ActorId(j), x);
        }
        for (p, q) in [(&u, &v), (&v, &u), (&t, &v), (&v, &v)] {
            let searched = p
                .entries()
                .iter()
                .chain(q.entries())
                .map(|(j, _)| (p.get(*j) - q.get(*j)).abs())
                .fold((p.default_trust() - q.default_trust()).abs(), f64::max);
            assert_eq!(p.max_change(q), searched);
        }
        assert_eq!(
            t.entries().iter().map(|e| e.0.0).collect::<Vec<_>>(),
            [2, 7]
        );
    }

    #[test]
    fn fading_toward_cached_logits_gives_the_same_numbers() {
        let mut prior = TrustMap::new(0.35);
        prior.set(ActorId(1), 0.8);
        prior.set(ActorId(4), 0.05);
        // Actors only the prior lists, between and after those both list.
        prior.set(ActorId(3), 0.6);
        prior.set(ActorId(9), 0.9);
        let mut a = TrustMap::new(0.35);
        for (j, v) in [(1, 0.3), (2, 0.99), (4, 0.5), (6, 0.0)] {
            a.set(ActorId(j), v);
        }
        let mut b = a.clone();
        let logits = prior.logits();
        for _ in 0..5 {
            a.fade_toward(&prior);
            b.fade_toward_logits(&logits);
            assert_eq!(a, b);
        }
    }

    #[test]
    fn fast_learners_move_further() {
        assert!(after_news(0.4, 0.1, 0.3, 2.0) > after_news(0.4, 0.1, 0.3, 1.0));
    }

    #[test]
    fn trust_and_paranoia_stay_in_bounds() {
        assert!(after_concession(0.99, 10.0, 0.0, 3.0) <= 1.0);
        assert!(after_concession(0.01, -10.0, 1.0, 3.0) >= 0.0);
        assert!(shock(0.95, 3.0) <= 1.0 && shock(0.05, -3.0) >= 0.0);
        let mut p = 1.0;
        for _ in 0..100 {
            p = paranoia_drift(p, 0.3);
        }
        assert!((p - 0.3).abs() < 1e-3);
    }
}

//! Beliefs: what the clock's events and the others' messages do to an actor's trust,
//! paranoia, ideals and its picture of the other side's positions.

use super::peers::Put;
use super::{Agent, Round};
use crate::actor::{ActorId, Role};
use crate::clock::EventEffect;
use crate::event::Effect;
use crate::message::{Body, Message, MessageId, PackageId, Positions, SignalKind};
use crate::params::*;
use crate::trust::{self, Cause};

/// A round's offers to answer, on the stack for the usual few.
pub(super) type Offers = smallvec::SmallVec<[Offer; 4]>;

/// An offer this actor may accept: a package and the actor it came through.
#[derive(Clone, Debug)]
pub(super) struct Offer {
    pub(super) package: PackageId,
    pub(super) positions: Positions,
    pub(super) via: ActorId,
    pub(super) message: MessageId,
}

/// An issue's value to the actor: 1 at its ideal, falling linearly across the range (a
/// plain type rather than a closure, so that the sums over issues inline).
#[derive(Clone, Copy)]
struct Value {
    ideal: f64,
    range: f64,
}

impl Value {
    fn of(self, x: f64) -> f64 {
        1.0 - (x - self.ideal).abs() / self.range
    }
}

impl Agent {
    /// Apply this round's event effects on this actor. Each leader makes a little more or
    /// less of each event than its author wrote (the scenario's `noise`).
    pub(super) fn absorb(&mut self, r: &mut Round<'_>, effects: &[EventEffect]) {
        let noise = r.sc.settings.noise;
        for EventEffect { event, effect } in effects {
            let cause = Cause::Event { event: *event };
            match effect {
                Effect::Trust { to, delta, .. } => {
                    let jitter = 1.0 + noise * (2.0 * self.rng.uniform() - 1.0);
                    let t = trust::after_event(self.trust[*to], *delta, self.paranoia, jitter);
                    self.set_trust(r, *to, t, cause);
                }
                Effect::Paranoia { delta, .. } => {
                    let jitter = 1.0 + noise * (2.0 * self.rng.uniform() - 1.0);
                    self.paranoia = trust::shock(self.paranoia, delta * jitter);
                }
                Effect::Ideal { issue, delta, .. } => {
                    let is = &r.sc.issues[*issue];
                    self.ideal[*issue] = is.clamp(self.ideal[*issue] + delta);
                    // A change of policy carries the actor's standing offer with it: the
                    // event, not a later package, is the retreat (or the concession).
                    if let Some(p) = self.proposal.as_mut() {
                        // Copied first if a message in flight still shares it.
                        let p = std::sync::Arc::make_mut(p);
                        p[*issue] = is.clamp(p[*issue] + delta);
                    }
                }
                Effect::Salience { issue, delta, .. } => self.shift_salience(*issue, *delta),
                Effect::Offer { from, positions } => {
                    // An offer is a change of policy: on each issue it names, the offered
                    // position becomes what the actor wants, so it stands by the offer
                    // and bargains on from it. Held as a change of the table alone, a
                    // position the actor did not want was taken back as trust fell, and
                    // the other side read each step back as a retreat: a $6B credit, Yalta
                    // elections or a Polish compromise offered alone settled less often
                    // than no offer at all (docs/model.md, 7.10). An envoy's offer
                    // reaches its principal too, whose aims it changes in the same way.
                    for (ideal, offered) in self.ideal.iter_mut().zip(positions) {
                        if let Some(x) = offered {
                            *ideal = *x;
                        }
                    }
                    if *from == self.id {
                        r.offer_on_table = Some(positions.clone());
                    }
                }
                Effect::Open { .. }
                | Effect::Close { .. }
                | Effect::Remove { .. }
                | Effect::Add { .. } => {}
            }
        }
    }

    fn shift_salience(&mut self, issue: usize, delta: f64) {
        self.salience[issue] = (self.salience[issue] + delta).max(0.0);
        let total: f64 = self.salience.iter().sum();
        if total > 0.0 {
            self.salience.iter_mut().for_each(|w| *w /= total);
        } else {
            let n = self.salience.len() as f64;
            self.salience.iter_mut().for_each(|w| *w = 1.0 / n);
        }
    }

    /// Read what the others said since the last tick, in canonical order: observe the
    /// other side's packages, relay them (envoys), take signals, manner, mandates, advice
    /// and walkouts to heart. Returns the packages a principal must answer.
    pub(super) fn read(
        &mut self,
        r: &mut Round<'_>,
        inbox: Vec<Message>,
        out: &mut super::Outbox,
    ) -> Offers {
        let (sc, world) = (r.sc, r.world);
        let me = self.id;
        let spec = sc.actor(me);
        let mut offers = Offers::new();
        for m in inbox {
            let j = m.from();
            let cross = !world.same_bloc(me, j);
            let alpha = sc.actor(j).abrasiveness;
            if cross && alpha > 0.0 {
                self.hear(r, j, -alpha, 1.0, Cause::Manner { message: m.id });
            }
            match m.body {
                Body::Propose { package, positions } | Body::Report { package, positions } => {
                    let proposer = package.proposer;
                    if proposer == me {
                        continue;
                    }
                    self.note_package(r, package, &positions);
                    match spec.role {
                        Role::Principal => {
                            if !self.answered.contains(&package)
                                && !offers.iter().any(|o| o.package == package)
                            {
                                offers.push(Offer {
                                    package,
                                    positions,
                                    via: j,
                                    message: m.id,
                                });
                            }
                        }
                        Role::Envoy => {
                            // Relay the other side's offers to the principal.
                            if let Some(p) = spec.principal
                                && cross
                                && world.reachable(me, p)
                            {
                                out.send(p, Some(m.id), Body::Report { package, positions });
                            }
                        }
                        Role::Adviser => {}
                    }
                }
                // A rejection is information, not hostility: it costs no trust.
                Body::Accept { .. } | Body::Reject { .. } => {}
                Body::Signal { signal } => {
                    let delta = match signal {
                        SignalKind::Reassure => SIGNAL_REASSURE,
                        SignalKind::Warn => -SIGNAL_WARN,
                        SignalKind::Threaten => -SIGNAL_THREAT,
                    };
                    let cause = Cause::Signal {
                        message: m.id,
                        signal,
                    };
                    self.hear(r, j, delta, spec.learning, cause);
                    if signal == SignalKind::Threaten {
                        self.paranoia = trust::shock(self.paranoia, THREAT_SHOCK);
                    }
                }
                Body::Mandate { aspiration, .. } => {
                    if spec.principal == Some(j) {
                        self.mandate = Some(aspiration);
                    }
                }
                Body::Advise {
                    positions,
                    strength,
                } => {
                    if spec.role == Role::Principal {
                        let pull = ADVICE_PULL * self.trust[j] * strength;
                        for (i, issue) in sc.issues.iter().enumerate() {
                            let x = self.ideal[i] + pull * (positions[i] - self.ideal[i]);
                            self.ideal[i] = issue.clamp(x);
                        }
                    }
                }
                Body::Consult { assessments } => {
                    // An ally counts as far as it is trusted; an adviser also only as far
                    // as its influence reaches.
                    let sender = sc.actor(j);
                    let weight = match sender.role {
                        Role::Adviser => sender.influence,
                        _ => 1.0,
                    };
                    let in_ally = self.trust[j] * weight;
                    for &(k, view) in assessments.iter() {
                        if k != me {
                            let t = trust::after_consultation(self.trust[k], view, in_ally);
                            self.set_trust(r, k, t, Cause::Consultation { message: m.id });
                        }
                    }
                }
                Body::Walkout { .. } => {
                    let t = trust::after_news(self.trust[j], -WALKOUT_SHOCK, self.paranoia, 1.0);
                    self.set_trust(r, j, t, Cause::Walkout { actor: j });
                    self.paranoia = trust::shock(self.paranoia, WALKOUT_SHOCK);
                }
            }
        }
        offers
    }

    /// News about `j` worth `delta` to a reference leader; an envoy speaks for its
    /// principal too, so part of it reflects on the principal.
    fn hear(&mut self, r: &mut Round<'_>, j: ActorId, delta: f64, learning: f64, cause: Cause) {
        let t = trust::after_news(self.trust[j], delta, self.paranoia, learning);
        self.set_trust(r, j, t, cause);
        if let Some(p) = r.sc.actor(j).principal
            && p != self.id
        {
            let t = trust::after_news(self.trust[p], ENVOY_VOICE * delta, self.paranoia, learning);
            self.set_trust(r, p, t, cause);
        }
    }

    /// Record a package seen; if it is newer than any seen from its proposer and comes
    /// from the other side, read it for concessions or retreats.
    fn note_package(&mut self, r: &mut Round<'_>, package: PackageId, positions: &Positions) {
        let proposer = package.proposer;
        let newer = |seen: &u32| package.round > *seen;
        match self
            .last_seen_round
            .insert_if(proposer, package.round, newer)
        {
            Put::Kept => return,
            Put::Added => self.heard.push(proposer),
            Put::Replaced => {}
        }
        if r.world.side[proposer.index()] != r.world.side[self.id.index()] {
            let c = self.observe_offer(r, package, positions);
            r.concession.0 += c;
            r.concession.1 += 1;
        } else {
            self.last_seen.insert(proposer, Positions::clone(positions));
        }
    }

    /// The worth of the other side's package `y` to this actor as a move toward what it
    /// asks: each issue counts up to the actor's own current position and no further, so
    /// an offer that overshoots what it asks gains nothing by the overshoot, and moving
    /// back from an overshoot toward its ask is no retreat.
    fn seen_value(&self, sc: &crate::Scenario, y: &[f64]) -> f64 {
        self.capped_worth(sc, |i, v| v.of(y[i]))
    }

    /// The worth, as [`Self::seen_value`] counts it, of the opening this actor expects of
    /// the other side: on each issue, [`OPENING_EXPECTATION`] of the way from what the
    /// status quo is worth to it down to the worst it could be asked (the far end of the
    /// range). Read as a worth, not a position, so that it moves smoothly with the ideal.
    fn expected_opening_value(&self, sc: &crate::Scenario) -> f64 {
        self.capped_worth(sc, |i, v| {
            let held = v.of(sc.issues[i].status_quo);
            held + OPENING_EXPECTATION * (v.of(sc.issues[i].far_end(self.ideal[i])) - held)
        })
    }

    /// The salience-weighted sum over issues of `worth(i, v)`, each capped at what the
    /// actor's own current ask is worth to it: `v` is the issue's value to the actor.
    fn capped_worth(&self, sc: &crate::Scenario, worth: impl Fn(usize, Value) -> f64) -> f64 {
        let ask = self.proposal.as_deref().unwrap_or(&self.ideal);
        sc.issues
            .iter()
            .enumerate()
            .map(|(i, issue)| {
                let v = Value {
                    ideal: self.ideal[i],
                    range: issue.range(),
                };
                self.salience[i] * worth(i, v).min(v.of(ask[i]))
            })
            .sum()
    }

    /// Read a new package from the other side against the proposer's previous one: the
    /// concession it shows (negative: a retreat), a little misread under noise, moves
    /// trust in the proposer (and in its principal, for an envoy) and paranoia. A first
    /// package is read against the opening expected, at [`OPENING_WEIGHT`]: where a
    /// proposer stands counts, not only how far it has come, so a moderate opening earns
    /// trust as a hard one followed by concessions does.
    fn observe_offer(
        &mut self,
        r: &mut Round<'_>,
        package: PackageId,
        positions: &Positions,
    ) -> f64 {
        let sc = r.sc;
        let proposer = package.proposer;
        let learning = sc.actor(self.id).learning;
        // The package replaces the proposer's previous one, which it is read against.
        let (c, cause) = match self.last_seen.insert(proposer, Positions::clone(positions)) {
            Some(prev) => {
                let misread = sc.settings.noise * MISPERCEPTION * (2.0 * self.rng.uniform() - 1.0);
                let c = self.seen_value(sc, positions) - self.seen_value(sc, &prev) + misread;
                (
                    c,
                    Cause::Offer {
                        package,
                        concession: c,
                    },
                )
            }
            None => {
                let surprise = self.seen_value(sc, positions) - self.expected_opening_value(sc);
                (
                    OPENING_WEIGHT * surprise,
                    Cause::Opening { package, surprise },
                )
            }
        };
        if c != 0.0 {
            let t = trust::after_concession(self.trust[proposer], c, self.paranoia, learning);
            self.set_trust(r, proposer, t, cause);
            if let Some(p) = sc.actor(proposer).principal {
                // An envoy's concessions are its principal's.
                let t = trust::after_concession(self.trust[p], c, self.paranoia, learning);
                self.set_trust(r, p, t, cause);
            }
            let shock = if c < 0.0 {
                -RETREAT_SHOCK * c
            } else {
                -CONCESSION_CALM * c
            };
            self.paranoia = trust::shock(self.paranoia, shock);
        }
        c
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::*;
    use crate::actor::Role;
    use crate::clock::EventEffect;
    use crate::event::Effect;
    use crate::message::{Body, SignalKind};
    use crate::trust::Cause;

    #[test]
    fn a_package_is_judged_by_the_keepers_at_the_table_only() {
        // The ally keeps every issue too, and East distrusts it; once it is away, only
        // East's trust in West weighs the packages it judges.
        let issue_trust = |ally_present: bool| {
            let mut sc = with(ALLY, |a| a.active = ally_present);
            sc.settings.veto = vec![EAST, WEST, ALLY];
            sc.actors[EAST.index()].trust.set(WEST, 0.9);
            sc.actors[EAST.index()].trust.set(ALLY, 0.1);
            let mut b = Bench::new(sc, EAST);
            b.step(Vec::new());
            b.agent.issue_trust.clone()
        };
        let (present, away) = (issue_trust(true), issue_trust(false));
        assert!(
            present.iter().zip(&away).all(|(p, a)| p < a),
            "{present:?} {away:?}"
        );
    }

    #[test]
    fn a_concession_raises_trust_and_a_retreat_lowers_it_with_the_package_as_cause() {
        let mut b = Bench::new(scenario(), EAST);
        b.step(vec![offer(0, WEST, EAST, [0.1, 0.1])]);
        let first = b.trust(WEST);
        let out = b.step(vec![offer(1, WEST, EAST, [0.3, 0.3])]);
        let conceded = b.trust(WEST);
        assert!(conceded > first, "a concession: {first} -> {conceded}");
        let m = out.snapshot.trust_moves.iter().find(|m| m.about == WEST);
        assert!(
            matches!(m.map(|m| m.cause), Some(Cause::Offer { concession, .. }) if concession > 0.0),
            "the move names the package: {m:?}"
        );
        b.step(vec![offer(2, WEST, EAST, [0.1, 0.1])]);
        assert!(b.trust(WEST) < conceded, "a retreat lowers trust");
    }

    #[test]
    fn an_opening_is_read_against_the_opening_expected() {
        // East (ideal 1 on both issues, status quo Poland 1 and loan 0) expects West to
        // open OPENING_EXPECTATION of the way from the status quo's worth to the worst,
        // the far end 0: on Poland at 1 - OPENING_EXPECTATION, on the loan at 0.
        let expected = [1.0 - crate::params::OPENING_EXPECTATION, 0.0];
        let read = |opening: [f64; 2]| {
            let mut b = Bench::new(scenario(), EAST);
            let out = b.step(vec![offer(0, WEST, EAST, opening)]);
            let m = out.snapshot.trust_moves.iter().find(|m| m.about == WEST);
            (b.trust(WEST), m.map(|m| m.cause))
        };
        let start = scenario().actors[EAST.index()].trust[WEST];
        let (soft, cause) = read([expected[0] + 0.3, expected[1] + 0.3]);
        assert!(
            soft > start,
            "a softer opening than expected: {start} -> {soft}"
        );
        assert!(
            matches!(cause, Some(Cause::Opening { surprise, .. }) if surprise > 0.0),
            "named as an opening: {cause:?}"
        );
        let (hard, cause) = read([0.0, 0.0]);
        assert!(
            hard < start,
            "a harder opening than expected: {start} -> {hard}"
        );
        assert!(matches!(cause, Some(Cause::Opening { surprise, .. }) if surprise < 0.0));
        let (as_expected, cause) = read(expected);
        assert!(
            (as_expected - start).abs() < 1e-9,
            "{start} -> {as_expected}"
        );
        assert!(
            !matches!(cause, Some(Cause::Opening { surprise, .. }) if surprise.abs() > 1e-12),
            "an opening as expected is no news: {cause:?}"
        );
    }

    #[test]
    fn moving_back_from_an_overshoot_toward_the_ask_is_no_retreat() {
        let mut b = Bench::new(scenario(), EAST);
        for _ in 0..8 {
            b.step(Vec::new());
        }
        let ask = b.agent.proposal.clone().expect("East has proposed");
        assert!(
            ask[1] < 1.0,
            "East has come down from its ideal on the loan: {ask:?}"
        );
        // West first offers more than East asks, then exactly what East asks, while its
        // ally holds firm (so the other side as a whole still stands where it stood).
        let firm = |round| offer(round, ALLY, EAST, [0.2, 0.2]);
        b.step(vec![offer(8, WEST, EAST, [1.0, 1.0]), firm(8)]);
        let before = b.trust(WEST);
        let out = b.step(vec![offer(9, WEST, EAST, [ask[0], ask[1]]), firm(9)]);
        let read_as_retreat = out
            .snapshot
            .trust_moves
            .iter()
            .any(|m| matches!(m.cause, Cause::Offer { concession, .. } if concession < 0.0));
        assert!(!read_as_retreat, "{:?}", out.snapshot.trust_moves);
        assert!(
            b.trust(WEST) >= before - 0.01,
            "{before} -> {}",
            b.trust(WEST)
        );
    }

    #[test]
    fn an_envoys_offer_changes_its_principals_aims() {
        let mut b = Bench::new(scenario(), WEST);
        let effect = Effect::Offer {
            from: ENVOY,
            positions: vec![Some(0.5), None],
        };
        b.step_with(vec![EventEffect { event: 0, effect }], Vec::new());
        assert_eq!(
            b.agent.ideal,
            vec![0.5, 0.0],
            "West now wants what its envoy offered"
        );
    }

    #[test]
    fn the_same_bad_event_hurts_a_paranoid_leader_more_and_is_recorded_as_its_cause() {
        let fall = |paranoia: f64| {
            let mut b = Bench::new(with(EAST, |a| a.paranoia = paranoia), EAST);
            let before = b.trust(WEST);
            let effect = Effect::Trust {
                from: EAST,
                to: WEST,
                delta: -0.1,
            };
            let out = b.step_with(vec![EventEffect { event: 0, effect }], Vec::new());
            assert!(
                out.snapshot
                    .trust_moves
                    .iter()
                    .any(|m| m.about == WEST && matches!(m.cause, Cause::Event { event: 0 })),
                "the event is the cause"
            );
            before - b.trust(WEST)
        };
        let (calm, paranoid) = (fall(0.2), fall(0.8));
        assert!(
            calm > 0.0 && paranoid > calm,
            "calm {calm}, paranoid {paranoid}"
        );
    }

    #[test]
    fn an_envoys_threat_reflects_on_its_principal_in_part() {
        let mut b = Bench::new(scenario(), EAST);
        let (envoy, principal) = (b.trust(ENVOY), b.trust(WEST));
        let threat = Body::Signal {
            signal: SignalKind::Threaten,
        };
        b.step(vec![message(0, ENVOY, EAST, threat)]);
        let envoy_fall = envoy - b.trust(ENVOY);
        let principal_fall = principal - b.trust(WEST);
        assert!(envoy_fall > 0.0, "the envoy is trusted less");
        assert!(
            principal_fall > 0.0 && principal_fall < envoy_fall,
            "its principal less so: envoy -{envoy_fall}, principal -{principal_fall}"
        );
    }

    #[test]
    fn an_allys_view_of_the_other_side_pulls_trust_toward_it() {
        let mut b = Bench::new(scenario(), WEST);
        let before = b.trust(EAST);
        let assessments = vec![(EAST, 0.9)].into();
        b.step(vec![message(0, ALLY, WEST, Body::Consult { assessments })]);
        let after = b.trust(EAST);
        assert!(after > before && after < 0.9, "{before} -> {after}");
    }

    #[test]
    fn an_advisers_view_counts_as_far_as_its_influence_reaches() {
        let pulled = |influence: f64| {
            let sc = with(ENVOY, |a| {
                a.role = Role::Adviser;
                a.influence = influence;
            });
            let mut b = Bench::new(sc, WEST);
            let before = b.trust(EAST);
            let assessments = vec![(EAST, 0.9)].into();
            b.step(vec![message(0, ENVOY, WEST, Body::Consult { assessments })]);
            b.trust(EAST) - before
        };
        let (none, some, full) = (pulled(0.0), pulled(0.3), pulled(1.0));
        assert!(none.abs() < 1e-12, "no influence, no pull: {none}");
        assert!(some > 0.0 && full > some, "{some} then {full}");
    }
}

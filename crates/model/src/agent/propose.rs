//! Proposals: the aspiration over time, the package that meets it (conceding first on the
//! issues the actor cares least about), no concession taken back, and the mandates.

use super::path::{self, Leg, Legs};
use super::{Acceptance, Agent, Round};
use crate::actor::{Role, StrategyKind, Tendency};
use crate::message::{Body, PackageId, Positions};
use crate::params::*;
use crate::scenario::{Scenario, World};
use crate::strategy;
use crate::utility::ExpectedUtility;
use smallvec::SmallVec;

/// One value per issue, on the stack for the usual handful of issues.
type PerIssue<T> = SmallVec<[T; 8]>;

impl Agent {
    /// Move the aspiration: time, paranoia, this round's tendency and the pace noise set
    /// the pace of a time-dependent strategy; a reciprocal one answers the concession seen.
    ///
    /// The aspiration is an expected utility that runs from 1 (the ideal, every promise
    /// kept) down to security. Trust sets only its pace, not where it ends: a leader who
    /// distrusts the other side finds that no package reaches its aspiration and stands
    /// on its ideal, while one who trusts can meet it with a softer package (see
    /// `construct`). So more trust never makes a leader harder to satisfy.
    pub(super) fn update_aspiration(&mut self, r: &Round<'_>) {
        let sc = r.sc;
        let spec = sc.actor(self.id);
        let security = r.security;
        let tendency_speed = match r.tendency {
            Some(Tendency::Softie) => SPEED_SOFTIE,
            Some(Tendency::Doctrinaire) => SPEED_DOCTRINAIRE,
            Some(Tendency::Conservative) | None => SPEED_CONSERVATIVE,
        };
        // Trust speeds concession and paranoia slows it (the brief's rule): a leader
        // concedes sooner to a side it believes will keep its word. Noise jitters the
        // pace, never its direction.
        let trust = 1.0 + TRUST_PACE * (self.counterpart_trust() - 0.5);
        let fear = 1.0 + PARANOIA_PACE * (0.5 - self.paranoia);
        let speed = fear * trust * tendency_speed * (1.0 + r.draws.pace);
        self.progress += speed / sc.settings.deadline as f64;
        match spec.strategy.kind {
            StrategyKind::Reciprocal => {
                // Tit for tat: the mean concession seen this round is returned (scaled by
                // trust); a retreat is answered by asking more, until it is made up. As
                // its own time runs out it concedes anyway, like a patient Boulware (a
                // "nice" tit for tat that does not wait for ever for the first move).
                let (sum, count) = r.concession;
                let seen = if count > 0 { sum / count as f64 } else { 0.0 };
                let returned = RECIPROCITY * seen * (0.5 + self.counterpart_trust());
                let patient = crate::actor::Strategy {
                    kind: StrategyKind::Boulware,
                    e: RECIPROCAL_E,
                    k: 0.0,
                };
                let fallback = strategy::aspiration(&patient, self.progress, 1.0, security);
                self.aspiration = (self.aspiration - returned).min(fallback);
            }
            _ => {
                self.aspiration =
                    strategy::aspiration(&spec.strategy, self.progress, 1.0, security);
            }
        }
        self.aspiration = self.aspiration.clamp(security.min(1.0), 1.0);
    }

    /// This round's own moves: a package, mandates and a signal (principals and envoys),
    /// or advice (advisers).
    pub(super) fn act(&mut self, r: &mut Round<'_>, out: &mut super::Outbox) {
        match r.sc.actor(self.id).role {
            Role::Principal | Role::Envoy => {
                self.propose(r, out);
                self.signal(r, out);
                if r.sc.actor(self.id).role == Role::Principal {
                    self.consult(r, out);
                }
            }
            Role::Adviser => self.advise(r, out),
        }
    }

    /// Offer package `x` to every recipient of this actor's proposals, as one shared
    /// package; returns its id, its shared positions (for the envoys' mandate) and whether
    /// anyone received it.
    pub(super) fn send_package(
        &self,
        r: &Round<'_>,
        out: &mut super::Outbox,
        x: &[f64],
    ) -> (PackageId, Positions, bool) {
        let package = PackageId {
            round: r.round,
            proposer: self.id,
        };
        let nb = self.neighbors_arc();
        let shared: Positions = Positions::from(x);
        for &j in &nb.recipients {
            let positions = Positions::clone(&shared);
            out.send(j, None, Body::Propose { package, positions });
        }
        let sent = !nb.recipients.is_empty();
        (package, shared, sent)
    }

    /// Build a package worth the aspiration, send it to the other blocs (an envoy also to
    /// its principal), endorse it if a veto principal, and mandate the envoys.
    fn propose(&mut self, r: &mut Round<'_>, out: &mut super::Outbox) {
        let (sc, world) = (r.sc, r.world);
        let spec = sc.actor(self.id);
        let security = r.security;
        let mut target = self.aspiration;
        if spec.role == Role::Envoy
            && let Some(m) = self.mandate
        {
            // The envoy never offers what its principal would not: it holds to the
            // higher of its own aspiration and the mandate.
            target = target.max(m);
        }
        self.judge_for_decisions(r);
        // One judge for every package weighed below: beliefs do not move while proposing
        // (taken out of the actor while it is, and put back at the end).
        let eu = std::mem::take(&mut self.judge);
        let reference = self.reference(sc, world);
        let mut x = self.construct(sc, &eu, &reference, target);
        if spec.role == Role::Envoy {
            self.within_principal_aims(&reference, &mut x);
        }
        if spec.role == Role::Principal {
            let built = PerIssue::from_slice(&x);
            self.coordinate(sc, world, &mut x);
            // Coordination never takes an offer below what the actor holds anyway.
            if self.utility(sc, &x) <= security {
                x.copy_from_slice(&built);
            }
        }
        let proposed = PerIssue::from_slice(&x);
        self.keep_concessions(sc, &reference, &mut x);
        // A concession is stood by only while it is still worth more than security: when
        // trust has fallen so far that the standing offer would leave the actor worse off
        // than with no deal, it withdraws to what it can still accept (a retreat, which
        // the other side will read as one).
        if eu.of_package(&x) < security - TOLERANCE {
            x = withdraw(&eu, &x, &proposed, security);
        }
        if let Some(offer) = r.offer_on_table.take() {
            for (xi, o) in x.iter_mut().zip(offer) {
                if let Some(o) = o {
                    *xi = o;
                }
            }
            // Having put it on the table, the actor stands by it.
            self.aspiration = self.aspiration.min(eu.of_package(&x)).max(security);
        }
        let (package, shared, sent) = self.send_package(r, out, &x);
        let nb = self.neighbors_arc();
        if sent && spec.role == Role::Principal && sc.is_veto(self.id) {
            let worth = eu.of_package(&x);
            if worth > security + TOLERANCE {
                r.accepted.push(Acceptance {
                    package,
                    expected_utility: worth,
                    security,
                    utility: self.utility(sc, &x),
                });
            }
        }
        for &j in &nb.envoys {
            let body = Body::Mandate {
                aspiration: self.aspiration,
                positions: Positions::clone(&shared),
            };
            out.send(j, None, body);
        }
        self.proposal = Some(shared);
        self.judge = eu;
    }

    /// An envoy speaks for its principal: on no issue does it ask for more than its
    /// principal wants (beyond the principal's ideal, away from where the other side
    /// stands). An envoy whose own ideal is harder than its principal's would otherwise
    /// draw the other side's concessions past what the principal wants, and the
    /// principal would take that overshoot for where the other side stands.
    fn within_principal_aims(&self, reference: &[f64], x: &mut [f64]) {
        let Some(aims) = &self.brief else {
            return;
        };
        for ((xi, &r), (&own, &aim)) in x
            .iter_mut()
            .zip(reference)
            .zip(self.ideal.iter().zip(aims.iter()))
        {
            // A principal that wants more than the other side offers (its ideal past the
            // reference) bounds the envoy at the reference, not beyond it.
            let aim = aim.clamp(own.min(r), own.max(r));
            *xi = no_harder_than(*xi, aim, r - own);
        }
    }

    /// Concessions are not taken back: on no issue does a new package move back from
    /// the previous one toward the actor's own side (away from where the other side
    /// stands, `reference`): a retreat would read as bad faith. Events that change the
    /// actor's policy move its standing offer themselves (see `absorb`).
    fn keep_concessions(&self, sc: &Scenario, reference: &[f64], x: &mut [f64]) {
        let Some(previous) = &self.proposal else {
            return;
        };
        for (i, (xi, pi)) in x.iter_mut().zip(previous.iter()).enumerate() {
            *xi = no_harder_than(*xi, *pi, reference[i] - self.ideal[i]);
            *xi = sc.issues[i].clamp(*xi);
        }
    }

    /// Where the other side stands, as far as this actor knows: on each issue, the
    /// position furthest from its own ideal among the last offers of the other side's
    /// principals and envoys (a settlement needs the hardest of them), or the far end of
    /// each range if it has seen none.
    fn reference(&self, sc: &Scenario, world: &World) -> PerIssue<f64> {
        // The other side's last packages, looked up once for every issue.
        let seen: SmallVec<[&Positions; 8]> = self
            .heard
            .iter()
            .filter(|j| {
                world.side[j.index()] != world.side[self.id.index()] && world.active[j.index()]
            })
            .filter_map(|j| self.last_seen.get(j))
            .collect();
        let none_seen = seen.is_empty();
        sc.issues
            .iter()
            .enumerate()
            .map(|(i, issue)| {
                let ideal = self.ideal[i];
                if none_seen {
                    issue.far_end(ideal)
                } else {
                    seen.iter()
                        .map(|p| p[i])
                        .max_by(|a, b| (a - ideal).abs().total_cmp(&(b - ideal).abs()))
                        .unwrap_or(ideal)
                }
            })
            .collect()
    }

    /// The package furthest along the way from the ideal to the other side's position
    /// whose expected utility, at the current trust, still reaches `target`, conceding
    /// first on the issues this actor cares less about (logrolling). The path weighs
    /// issues by salience alone, not by trust: a leader who trusted the other side more
    /// would otherwise hold out longer on the very issue it trusts them to deliver, and
    /// more trust would make a deal harder. `eu` judges packages at the current beliefs.
    fn construct(
        &self,
        sc: &Scenario,
        eu: &ExpectedUtility,
        reference: &[f64],
        target: f64,
    ) -> Vec<f64> {
        let n = sc.issues.len().max(1) as f64;
        let legs: Legs = sc
            .issues
            .iter()
            .enumerate()
            .map(|(i, issue)| Leg {
                ideal: self.ideal[i],
                scale: n * self.salience[i].max(1e-6),
                span: reference[i] - self.ideal[i],
                min: issue.min,
                max: issue.max,
            })
            .collect();
        let at = |s: f64| -> Vec<f64> { legs.iter().map(|leg| leg.at(s)).collect() };
        if eu.of_package(&self.ideal) <= target {
            return at(0.0);
        }
        if path::worth(eu, &legs, 1e6) >= target {
            return at(1e6);
        }
        let mut hi = 1.0;
        while path::worth(eu, &legs, hi) > target && hi < 1e6 {
            hi *= 2.0;
        }
        at(path::furthest(eu, &legs, target, hi))
    }

    /// Allies coordinate: a principal leans toward its allied principals' last offers,
    /// in proportion to its trust in them.
    fn coordinate(&self, sc: &Scenario, world: &World, x: &mut [f64]) {
        // Allies: active principals of this side in other blocs, among those heard from.
        let allies: SmallVec<[(f64, &Positions); 4]> = self
            .heard
            .iter()
            .filter(|&&a| {
                world.active[a.index()]
                    && world.side[a.index()] == world.side[self.id.index()]
                    && !world.same_bloc(a, self.id)
                    && sc.actor(a).role == Role::Principal
            })
            .filter_map(|a| self.last_seen.get(a).map(|p| (self.trust[*a], p)))
            .collect();
        if allies.is_empty() {
            return;
        }
        for (i, issue) in sc.issues.iter().enumerate() {
            let pull: f64 = allies
                .iter()
                .map(|(t, p)| COORDINATION * t * (p[i] - x[i]))
                .sum::<f64>()
                / allies.len() as f64;
            x[i] = issue.clamp(x[i] + pull);
        }
    }
}

/// Position `x` moved, if need be, to `bound` so that it asks no more than `bound` does:
/// `toward` is the direction in which the other side stands (its sign; 0 leaves `x`).
fn no_harder_than(x: f64, bound: f64, toward: f64) -> f64 {
    if toward > 0.0 {
        x.max(bound)
    } else if toward < 0.0 {
        x.min(bound)
    } else {
        x
    }
}

/// The least retreat from `standing` toward `fallback` (a package the actor can still
/// accept) that is worth `security` again by `eu`: the actor takes back only what it must.
fn withdraw(eu: &ExpectedUtility, standing: &[f64], fallback: &[f64], security: f64) -> Vec<f64> {
    let pos = |l: f64, i: usize| standing[i] + l * (fallback[i] - standing[i]);
    if eu.of_package(fallback) < security {
        return fallback.to_vec();
    }
    let (mut lo, mut hi) = (0.0, 1.0);
    for _ in 0..30 {
        let mid = (lo + hi) / 2.0;
        if eu.of(|i| pos(mid, i)) >= security {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    (0..standing.len()).map(|i| pos(hi, i)).collect()
}

#[cfg(test)]
mod tests {
    use super::super::fixture::*;

    fn proposals(b: &mut Bench, rounds: u32, hard: [f64; 2]) -> Vec<Vec<f64>> {
        (0..rounds)
            .filter_map(|k| {
                let r = b.round;
                let inbox = if k == 0 {
                    vec![offer(r, WEST, EAST, hard), offer(r, ALLY, EAST, hard)]
                } else {
                    Vec::new()
                };
                b.step(inbox)
                    .snapshot
                    .proposal
                    .as_deref()
                    .map(<[f64]>::to_vec)
            })
            .collect()
    }

    #[test]
    fn a_leader_concedes_toward_the_other_side_and_never_takes_a_concession_back() {
        let mut b = Bench::new(scenario(), EAST);
        // The other side opens where East expects it to, so East's trust stays where it
        // started (a trust that fell would make it withdraw what is no longer worth it).
        let expected = [1.0 - crate::params::OPENING_EXPECTATION, 0.0];
        let seen = proposals(&mut b, 12, expected);
        assert!(
            seen.len() >= 10,
            "East proposes every round: {}",
            seen.len()
        );
        for w in seen.windows(2) {
            for i in 0..2 {
                assert!(w[1][i] <= w[0][i] + 1e-12, "a retreat on issue {i}: {w:?}");
            }
        }
        let (first, last) = (&seen[0], &seen[seen.len() - 1]);
        assert!(
            last[0] + last[1] < first[0] + first[1],
            "it concedes: {first:?} -> {last:?}"
        );
    }

    #[test]
    fn an_envoy_asks_for_no_more_than_its_principal_wants() {
        // West wants 0.4 on both issues; its envoy, left at the hardest line (0), would
        // ask for more than West wants.
        let envoy_asks = |sc: crate::Scenario| {
            let mut b = Bench::new(sc, ENVOY);
            (0..6)
                .filter_map(|k| {
                    let inbox = if k == 0 {
                        vec![offer(0, EAST, ENVOY, [1.0, 1.0])]
                    } else {
                        Vec::new()
                    };
                    b.step(inbox).snapshot.proposal
                })
                .collect::<Vec<_>>()
        };
        let bound = envoy_asks(with(WEST, |a| a.ideal = vec![0.4, 0.4]));
        assert!(!bound.is_empty(), "the envoy proposes");
        for x in &bound {
            assert!(
                x.iter().all(|&xi| xi >= 0.4 - 1e-12),
                "beyond West's aims: {x:?}"
            );
        }
        // A principal that wants more than East offers (0.8 against East's 0.5) bounds
        // its envoy at East's offer, not past it.
        let mut b = Bench::new(with(WEST, |a| a.ideal = vec![0.8, 0.8]), ENVOY);
        let x = b
            .step(vec![offer(0, EAST, ENVOY, [0.5, 0.5])])
            .snapshot
            .proposal;
        let x = x.expect("the envoy proposes");
        assert!(x.iter().all(|&xi| (xi - 0.5).abs() < 1e-12), "{x:?}");
        // With a principal as hard as itself, the same envoy opens on its own line.
        let free = envoy_asks(scenario());
        assert!(
            free[0].iter().all(|&xi| xi < 0.4),
            "its own line: {:?}",
            free[0]
        );
    }

    #[test]
    fn an_offer_is_a_change_of_policy_that_the_actor_stands_by_as_trust_falls() {
        use crate::clock::EventEffect;
        use crate::event::Effect;
        let mut b = Bench::new(scenario(), EAST);
        let ideal_before = b.agent.ideal.clone();
        // East, which holds Poland (1), offers to give most of it up, and keeps the loan
        // it asks for as it would have.
        let offer = Effect::Offer {
            from: EAST,
            positions: vec![Some(0.4), None],
        };
        let first = b.step_with(
            vec![EventEffect {
                event: 0,
                effect: offer,
            }],
            Vec::new(),
        );
        let first = first.snapshot.proposal.expect("the offer is proposed");
        assert!((first[0] - 0.4).abs() < 1e-12, "the offer: {first:?}");
        assert_eq!(
            b.agent.ideal,
            vec![0.4, ideal_before[1]],
            "what East now wants"
        );
        // Then East's trust in the other side collapses: the Poland it offered is what it
        // wants now, so it does not take the offer back.
        let blow = Effect::Trust {
            from: EAST,
            to: WEST,
            delta: -0.4,
        };
        b.step_with(
            vec![EventEffect {
                event: 1,
                effect: blow,
            }],
            Vec::new(),
        );
        assert!(b.trust(WEST) < 0.3, "trust fell: {}", b.trust(WEST));
        for _ in 0..6 {
            let x = b.step(Vec::new()).snapshot.proposal.expect("a package");
            assert!(x[0] <= 0.4 + 1e-12, "the offer taken back: {x:?}");
        }
    }

    #[test]
    fn the_package_is_worth_the_aspiration_and_never_less_than_security() {
        let mut b = Bench::new(scenario(), EAST);
        for _ in 0..12 {
            let out = b.step(Vec::new());
            let x = out.snapshot.proposal.expect("a package");
            b.agent.refresh_issue_trust(&b.sc);
            let eu = b.agent.judge().of_package(&x);
            let security = b.agent.security(&b.sc);
            assert!(eu >= security, "worth {eu}, security {security}");
            assert!(out.snapshot.aspiration >= security);
        }
    }

    #[test]
    fn trust_speeds_concession_and_paranoia_slows_it() {
        let aspiration_after = |trust: f64, paranoia: f64| {
            let sc = with(EAST, |a| {
                a.trust.set(WEST, trust);
                a.paranoia = paranoia;
            });
            let mut b = Bench::new(sc, EAST);
            (0..6)
                .map(|_| b.step(Vec::new()).snapshot.aspiration)
                .last()
        };
        let (wary, trusting) = (aspiration_after(0.2, 0.5), aspiration_after(0.8, 0.5));
        assert!(trusting < wary, "trusting {trusting:?}, wary {wary:?}");
        let (calm, alarmed) = (aspiration_after(0.5, 0.2), aspiration_after(0.5, 0.8));
        assert!(calm < alarmed, "calm {calm:?}, alarmed {alarmed:?}");
    }
}

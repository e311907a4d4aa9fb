//! The per-actor step: one round of belief update, answers and proposals, as a plain function.

use crate::actor::{ActorId, Role, StrategyKind, Tendency};
use crate::clock::Tick;
use crate::event::Effect;
use crate::message::{Body, Message, MessageId, PackageId, Positions, RejectReason, SignalKind};
use crate::params::*;
use crate::rng::SimRng;
use crate::scenario::{Scenario, World};
use crate::{strategy, trust, utility};
use serde::Serialize;
use std::sync::Arc;

/// The plain utility u(x) at which EU(x) = `aspiration` under trust `t`: the inverse of
/// [`utility::expected_utility`], capped at 1 (the ideal).
fn plain_target(aspiration: f64, security: f64, t: f64, paranoia: f64, betrayal_cost: f64) -> f64 {
    if t <= 1e-9 {
        return 1.0;
    }
    ((aspiration - (1.0 - t) * (security - paranoia * betrayal_cost)) / t).min(1.0)
}

/// The actors one actor deals with in a given world.
#[derive(Clone, Debug, Default)]
struct Neighbors {
    /// Counterparts whose promises a deal depends on (see [`Scenario::counterparts`]).
    counterparts: Vec<ActorId>,
    /// Everyone reachable now.
    reachable: Vec<ActorId>,
    /// Who gets this actor's proposals: reachable principals and envoys of other blocs,
    /// and an envoy's own principal.
    recipients: Vec<ActorId>,
    /// A principal's reachable envoys.
    envoys: Vec<ActorId>,
}

impl Neighbors {
    fn compute(sc: &Scenario, world: &World, me: ActorId) -> Self {
        let spec = sc.actor(me);
        let reachable = world.reachable_from(me);
        let recipients = reachable
            .iter()
            .copied()
            .filter(|&j| {
                (!world.same_bloc(me, j) && sc.actor(j).role != Role::Adviser)
                    || (spec.role == Role::Envoy && spec.principal == Some(j))
            })
            .collect();
        let envoys = reachable
            .iter()
            .copied()
            .filter(|&j| sc.actor(j).role == Role::Envoy && sc.actor(j).principal == Some(me))
            .collect();
        Self {
            counterparts: sc.counterparts(me, world),
            reachable,
            recipients,
            envoys,
        }
    }
}

/// An offer this actor may accept: a package and the actor it came through.
#[derive(Clone, Debug)]
struct Offer {
    package: PackageId,
    positions: Positions,
    via: ActorId,
    message: MessageId,
}

/// A recorded acceptance, with the numbers that justified it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Acceptance {
    /// The package accepted (or endorsed by proposing it).
    pub package: PackageId,
    /// The accepter's trust-weighted expected utility of the package.
    pub expected_utility: f64,
    /// The accepter's utility of the status quo (security).
    pub security: f64,
}

/// An actor's state at the end of a round, for the record.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Snapshot {
    /// Trust in each actor (actor order).
    pub trust: crate::trust::TrustMap,
    /// Paranoia.
    pub paranoia: f64,
    /// Aspiration (target utility).
    pub aspiration: f64,
    /// The actor's own current package, if it has made one.
    pub proposal: Option<Vec<f64>>,
    /// The tendency that dominated this round, for actors with a tendency mix.
    pub tendency: Option<Tendency>,
    /// Whether the actor took part this round.
    pub active: bool,
    /// Packages the actor accepted or endorsed this round.
    pub accepted: Vec<Acceptance>,
}

/// What one step produces: the messages to deliver and the report to the clock.
#[derive(Clone, Debug, PartialEq)]
pub struct StepOutput {
    /// Messages, in sequence order.
    pub messages: Vec<Message>,
    /// State after the step.
    pub snapshot: Snapshot,
}

/// One actor's changing state and its decision logic.
#[derive(Clone, Debug)]
pub struct Agent {
    id: ActorId,
    rng: SimRng,
    trust: crate::trust::TrustMap,
    paranoia: f64,
    ideal: Vec<f64>,
    salience: Vec<f64>,
    progress: f64,
    aspiration: f64,
    last_seen: std::collections::BTreeMap<ActorId, Positions>,
    /// Round of the newest package seen from each proposer, so that a relayed copy of an
    /// older package is not mistaken for a retreat.
    last_seen_round: std::collections::BTreeMap<ActorId, u32>,
    /// The scenario's status quo (fixed for a run; kept to avoid rebuilding it every step).
    status_quo: Vec<f64>,
    /// Actors whose packages this actor has seen, in the order first seen.
    heard: Vec<ActorId>,
    /// Who this actor deals with in the current world, recomputed when the world changes.
    neighbors: Option<(Arc<World>, Arc<Neighbors>)>,
    /// Packages already answered, so a copy relayed later is not judged twice.
    answered: std::collections::BTreeSet<PackageId>,
    proposal: Option<Vec<f64>>,
    mandate: Option<f64>,
    walked_out: bool,
    seq: u32,
}

impl Agent {
    /// The actor `id` of `scenario` at the start, with its generator for `seed`.
    pub fn new(scenario: &Scenario, id: ActorId, seed: u64) -> Self {
        let spec = scenario.actor(id);
        Self {
            id,
            rng: SimRng::new(seed, &spec.id),
            trust: spec.trust.clone(),
            paranoia: spec.paranoia,
            ideal: spec.ideal.clone(),
            salience: spec.salience.clone(),
            progress: 0.0,
            aspiration: 1.0,
            last_seen: std::collections::BTreeMap::new(),
            last_seen_round: std::collections::BTreeMap::new(),
            answered: std::collections::BTreeSet::new(),
            heard: Vec::new(),
            status_quo: scenario.status_quo(),
            neighbors: None,
            proposal: None,
            mandate: None,
            walked_out: false,
            seq: 0,
        }
    }

    /// This actor's id.
    pub fn id(&self) -> ActorId {
        self.id
    }

    fn utility(&self, sc: &Scenario, x: &[f64]) -> f64 {
        utility::utility(&sc.issues, &self.ideal, &self.salience, x)
    }

    fn send(
        &mut self,
        out: &mut Vec<Message>,
        round: u32,
        to: ActorId,
        reply_to: Option<MessageId>,
        body: Body,
    ) {
        let id = MessageId {
            round,
            sender: self.id,
            seq: self.seq,
        };
        self.seq += 1;
        out.push(Message {
            id,
            reply_to,
            to,
            body,
        });
    }

    /// Trust in the counterparts that would have to keep a deal: the lowest of them.
    fn counterpart_trust(&self) -> f64 {
        self.neighbors()
            .counterparts
            .iter()
            .map(|j| self.trust[*j])
            .min_by(f64::total_cmp)
            .unwrap_or(0.5)
    }

    fn neighbors(&self) -> &Neighbors {
        // Set at the start of every step.
        static EMPTY: Neighbors = Neighbors {
            counterparts: Vec::new(),
            reachable: Vec::new(),
            recipients: Vec::new(),
            envoys: Vec::new(),
        };
        self.neighbors.as_ref().map_or(&EMPTY, |(_, n)| n)
    }

    fn neighbors_arc(&self) -> Arc<Neighbors> {
        self.neighbors
            .as_ref()
            .map_or_else(|| Arc::new(Neighbors::default()), |(_, n)| Arc::clone(n))
    }

    /// Recompute the neighbours if the world changed (a new `Arc` means a change).
    fn refresh_neighbors(&mut self, sc: &Scenario, world: &Arc<World>) {
        let fresh = self
            .neighbors
            .as_ref()
            .is_some_and(|(w, _)| Arc::ptr_eq(w, world));
        if !fresh {
            self.neighbors = Some((
                Arc::clone(world),
                Arc::new(Neighbors::compute(sc, world, self.id)),
            ));
        }
    }

    /// One round: apply the clock's effects, read the inbox, update beliefs, answer
    /// offers, and make this round's proposal, mandate, advice or signal.
    pub fn step(&mut self, sc: &Scenario, tick: &Tick, inbox: Vec<Message>) -> StepOutput {
        let me = self.id;
        let spec = sc.actor(me);
        self.refresh_neighbors(sc, &tick.world);
        let world = &*tick.world;
        let round = tick.round;
        self.seq = 0;
        let mut out = Vec::new();
        let mut accepted = Vec::new();

        // Draw every round, whether or not the actor has a mix, so that one actor's
        // stream never depends on what happened to another.
        let draw = self.rng.uniform();
        let tendency = spec.tendency.map(|mix| mix.pick(draw));
        let jitter = sc.settings.noise * (2.0 * self.rng.uniform() - 1.0);

        let mut offer_on_table: Option<Vec<Option<f64>>> = None;
        for effect in &tick.effects {
            self.apply(sc, effect, &mut offer_on_table);
        }

        let active = world.active[me.index()] && !self.walked_out;
        if !active {
            return StepOutput {
                messages: out,
                snapshot: self.snapshot(tendency, false, accepted),
            };
        }
        self.paranoia = trust::paranoia_drift(self.paranoia, spec.paranoia);

        // Beliefs: what the others said since the last tick.
        let mut seen_concession: f64 = 0.0;
        let mut offers: Vec<Offer> = Vec::new();
        for m in inbox {
            let j = m.from();
            let sender = sc.actor(j);
            let cross = !world.same_bloc(me, j);
            if cross && sender.abrasiveness > 0.0 {
                let cost = sender.abrasiveness * (1.0 + self.paranoia);
                self.trust.set(j, (self.trust[j] - cost).max(0.0));
                if let Some(p) = sender.principal {
                    self.trust.set(p, (self.trust[p] - cost / 2.0).max(0.0));
                }
            }
            match m.body {
                Body::Propose { package, positions } | Body::Report { package, positions } => {
                    let proposer = package.proposer;
                    if proposer == me {
                        continue;
                    }
                    let newer = self
                        .last_seen_round
                        .get(&proposer)
                        .is_none_or(|r| package.round > *r);
                    if newer {
                        if !self.last_seen_round.contains_key(&proposer) {
                            self.heard.push(proposer);
                        }
                        self.last_seen_round.insert(proposer, package.round);
                        if world.side[proposer.index()] != world.side[me.index()] {
                            let c = self.observe_offer(sc, proposer, &positions);
                            seen_concession = seen_concession.max(c);
                        } else {
                            self.last_seen
                                .insert(proposer, Positions::clone(&positions));
                        }
                    }
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
                                self.send(
                                    &mut out,
                                    round,
                                    p,
                                    Some(m.id),
                                    Body::Report { package, positions },
                                );
                            }
                        }
                        Role::Adviser => {}
                    }
                }
                // A rejection is information, not hostility: it costs no trust.
                Body::Accept { .. } | Body::Reject { .. } => {}
                Body::Signal { signal } => match signal {
                    SignalKind::Reassure => self.news(spec.learning, j, SIGNAL_REASSURE),
                    SignalKind::Warn => self.news(spec.learning, j, -SIGNAL_WARN),
                    SignalKind::Threaten => {
                        self.news(spec.learning, j, -SIGNAL_THREAT);
                        self.paranoia = (self.paranoia + THREAT_SHOCK).min(1.0);
                    }
                },
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
                Body::Walkout => {
                    self.trust.set(j, (self.trust[j] - WALKOUT_SHOCK).max(0.0));
                    self.paranoia = (self.paranoia + WALKOUT_SHOCK).min(1.0);
                }
            }
        }

        // Aspiration: time, paranoia, this round's tendency and the pace noise set the pace.
        // Trust enters where aspiration becomes an offer (plain_target) and where offers are
        // judged (expected utility).
        let t_cp = self.counterpart_trust();
        let security = self.utility(sc, &self.status_quo);
        let tendency_speed = match tendency {
            Some(Tendency::Softie) => SPEED_SOFTIE,
            Some(Tendency::Doctrinaire) => SPEED_DOCTRINAIRE,
            Some(Tendency::Conservative) | None => SPEED_CONSERVATIVE,
        };
        // Noise jitters the pace of concession, never its direction: a jittered position
        // would read as a retreat and cost trust that nobody meant to spend.
        let speed = (1.5 - self.paranoia) * tendency_speed * (1.0 + jitter);
        match spec.strategy.kind {
            StrategyKind::Reciprocal => {
                let returned = RECIPROCITY * seen_concession.max(0.0) * (0.5 + t_cp);
                self.aspiration = (self.aspiration - returned).max(security);
            }
            _ => {
                self.progress += speed / sc.settings.deadline as f64;
                self.aspiration =
                    strategy::aspiration(&spec.strategy, self.progress, 1.0, security);
            }
        }
        self.aspiration = self.aspiration.clamp(security.min(1.0), 1.0);

        // A principal whose trust in a counterpart has collapsed leaves the table.
        if spec.role == Role::Principal
            && !self.neighbors().counterparts.is_empty()
            && t_cp < spec.walkout
        {
            self.walked_out = true;
            let nb = self.neighbors_arc();
            for &j in &nb.reachable {
                self.send(&mut out, round, j, None, Body::Walkout);
            }
            return StepOutput {
                messages: out,
                snapshot: self.snapshot(tendency, false, accepted),
            };
        }

        // Answer the offers on the table (principals only): accept every offer whose
        // expected utility reaches the aspiration and beats security, reject the rest.
        // Accepting all of them, not just the best, lets the veto principals meet on any
        // one package.
        if spec.role == Role::Principal {
            let c = sc.settings.betrayal_cost;
            self.answered.retain(|p| p.round + OFFER_LIFETIME > round);
            for o in &offers {
                self.answered.insert(o.package);
                let eu = utility::expected_utility(
                    self.utility(sc, &o.positions),
                    security,
                    t_cp,
                    self.paranoia,
                    c,
                );
                let body = if eu <= security + TOLERANCE {
                    Body::Reject {
                        package: o.package,
                        reason: RejectReason::WorseThanSecurity,
                    }
                } else if eu + TOLERANCE < self.aspiration {
                    Body::Reject {
                        package: o.package,
                        reason: RejectReason::BelowAspiration,
                    }
                } else {
                    accepted.push(Acceptance {
                        package: o.package,
                        expected_utility: eu,
                        security,
                    });
                    Body::Accept { package: o.package }
                };
                if world.reachable(me, o.via) {
                    self.send(&mut out, round, o.via, Some(o.message), body);
                }
            }
        }

        match spec.role {
            Role::Principal | Role::Envoy => {
                let mut target = self.aspiration;
                if spec.role == Role::Envoy
                    && let Some(m) = self.mandate
                {
                    // The envoy never offers what its principal would not: it holds to the
                    // higher of its own aspiration and the mandate.
                    target = target.max(m);
                }
                // Offer what one would accept oneself: the plain utility at which the
                // package's expected utility, at this trust, reaches the aspiration. Low
                // trust keeps offers hard; trust is what softens them.
                let mut target = plain_target(
                    target,
                    security,
                    t_cp,
                    self.paranoia,
                    sc.settings.betrayal_cost,
                );
                // Concessions are not taken back: a retreat would read as bad faith.
                if let Some(previous) = &self.proposal {
                    target = target.min(self.utility(sc, previous));
                }
                let mut x = self.construct(sc, world, target);
                if spec.role == Role::Principal {
                    let own = x.clone();
                    self.coordinate(sc, world, &mut x);
                    // Coordination never takes an offer below what the actor holds anyway.
                    if self.utility(sc, &x) <= security {
                        x = own;
                    }
                }
                if let Some(offer) = offer_on_table.take() {
                    for (xi, o) in x.iter_mut().zip(offer) {
                        if let Some(o) = o {
                            *xi = o;
                        }
                    }
                    // Having put it on the table, the actor stands by it.
                    self.aspiration = self.aspiration.min(self.utility(sc, &x)).max(security);
                }
                let package = PackageId {
                    round,
                    proposer: me,
                };
                // The other blocs' principals and envoys; an envoy's package also goes to
                // its own principal, whose acceptance it needs.
                let nb = self.neighbors_arc();
                let recipients = &nb.recipients;
                let shared: Positions = Positions::from(x.as_slice());
                if !recipients.is_empty() {
                    for &j in recipients {
                        self.send(
                            &mut out,
                            round,
                            j,
                            None,
                            Body::Propose {
                                package,
                                positions: Positions::clone(&shared),
                            },
                        );
                    }
                    if spec.role == Role::Principal && sc.is_veto(me) {
                        let eu = utility::expected_utility(
                            self.utility(sc, &x),
                            security,
                            t_cp,
                            self.paranoia,
                            sc.settings.betrayal_cost,
                        );
                        if eu > security + TOLERANCE {
                            accepted.push(Acceptance {
                                package,
                                expected_utility: eu,
                                security,
                            });
                        }
                    }
                }
                for &j in &nb.envoys {
                    let body = Body::Mandate {
                        aspiration: self.aspiration,
                        positions: Positions::clone(&shared),
                    };
                    self.send(&mut out, round, j, None, body);
                }
                self.proposal = Some(x);
                // Cheap talk by the tendency of the round.
                let signal = match tendency {
                    Some(Tendency::Softie) => Some(SignalKind::Reassure),
                    // A doctrinaire round in a state of alarm turns a warning into a threat.
                    Some(Tendency::Doctrinaire) if self.paranoia >= THREAT_PARANOIA => {
                        Some(SignalKind::Threaten)
                    }
                    Some(Tendency::Doctrinaire) => Some(SignalKind::Warn),
                    _ => None,
                };
                if let Some(signal) = signal {
                    let to: Vec<ActorId> = self
                        .neighbors()
                        .counterparts
                        .iter()
                        .copied()
                        .filter(|&j| world.reachable(me, j))
                        .collect();
                    for j in to {
                        self.send(&mut out, round, j, None, Body::Signal { signal });
                    }
                }
            }
            Role::Adviser => {
                if let Some(p) = spec.principal
                    && world.reachable(me, p)
                {
                    let body = Body::Advise {
                        positions: Positions::from(self.ideal.as_slice()),
                        strength: spec.influence,
                    };
                    self.send(&mut out, round, p, None, body);
                }
            }
        }

        StepOutput {
            messages: out,
            snapshot: self.snapshot(tendency, true, accepted),
        }
    }

    /// Record an offer from the other side and return the concession it shows (positive:
    /// the proposer moved toward me), moving trust in the proposer by it.
    fn observe_offer(&mut self, sc: &Scenario, proposer: ActorId, positions: &Positions) -> f64 {
        let learning = sc.actor(self.id).learning;
        let u_new = self.utility(sc, positions);
        let c = match self.last_seen.get(&proposer) {
            Some(prev) => u_new - self.utility(sc, prev),
            None => 0.0,
        };
        let k = proposer;
        self.trust.set(
            k,
            trust::after_concession(self.trust[k], c, self.paranoia, learning),
        );
        if let Some(p) = sc.actor(proposer).principal {
            // An envoy's concessions are its principal's.
            self.trust.set(
                p,
                trust::after_concession(self.trust[p], c, self.paranoia, learning),
            );
        }
        if c < 0.0 {
            self.paranoia = (self.paranoia - RETREAT_SHOCK * c).min(1.0);
        } else {
            self.paranoia = (self.paranoia - CONCESSION_CALM * c).max(0.0);
        }
        self.last_seen.insert(k, Positions::clone(positions));
        c
    }

    fn news(&mut self, learning: f64, about: ActorId, delta: f64) {
        let k = about;
        self.trust.set(
            k,
            trust::after_news(self.trust[k], delta, self.paranoia, learning),
        );
    }

    fn apply(&mut self, sc: &Scenario, effect: &Effect, offer: &mut Option<Vec<Option<f64>>>) {
        match effect {
            Effect::Trust { to, delta, .. } => {
                self.trust
                    .set(*to, (self.trust[*to] + delta).clamp(0.0, 1.0));
            }
            Effect::Paranoia { delta, .. } => {
                self.paranoia = (self.paranoia + delta).clamp(0.0, 1.0);
            }
            Effect::Ideal { issue, delta, .. } => {
                self.ideal[*issue] = sc.issues[*issue].clamp(self.ideal[*issue] + delta);
            }
            Effect::Salience { issue, delta, .. } => {
                self.salience[*issue] = (self.salience[*issue] + delta).max(0.0);
                let total: f64 = self.salience.iter().sum();
                if total > 0.0 {
                    self.salience.iter_mut().for_each(|w| *w /= total);
                } else {
                    let n = self.salience.len() as f64;
                    self.salience.iter_mut().for_each(|w| *w = 1.0 / n);
                }
            }
            Effect::Offer { positions, .. } => *offer = Some(positions.clone()),
            Effect::Open { .. }
            | Effect::Close { .. }
            | Effect::Remove { .. }
            | Effect::Add { .. } => {}
        }
    }

    /// Where the other side stands, as far as this actor knows: the mean of the last
    /// offers of the other side's principals and envoys, or the far end of each range.
    fn reference(&self, sc: &Scenario, world: &World) -> Vec<f64> {
        let seen: Vec<&Positions> = self
            .heard
            .iter()
            .filter(|j| {
                world.side[j.index()] != world.side[self.id.index()] && world.active[j.index()]
            })
            .filter_map(|j| self.last_seen.get(j))
            .collect();
        sc.issues
            .iter()
            .enumerate()
            .map(|(i, issue)| {
                if seen.is_empty() {
                    let mid = (issue.min + issue.max) / 2.0;
                    if self.ideal[i] <= mid {
                        issue.max
                    } else {
                        issue.min
                    }
                } else {
                    seen.iter().map(|p| p[i]).sum::<f64>() / seen.len() as f64
                }
            })
            .collect()
    }

    /// The package at utility `target` on the way from the ideal to the other side's
    /// position, conceding more on the issues this actor cares less about (logrolling).
    fn construct(&self, sc: &Scenario, world: &World, target: f64) -> Vec<f64> {
        let reference = self.reference(sc, world);
        let n = sc.issues.len().max(1) as f64;
        let at = |s: f64| -> Vec<f64> {
            sc.issues
                .iter()
                .enumerate()
                .map(|(i, issue)| {
                    let weight = self.salience[i].max(1e-6);
                    let share = (s / (n * weight)).min(1.0);
                    issue.clamp(self.ideal[i] + share * (reference[i] - self.ideal[i]))
                })
                .collect()
        };
        if self.utility(sc, &self.ideal) <= target {
            return at(0.0);
        }
        let far = at(1e6);
        if self.utility(sc, &far) >= target {
            return far;
        }
        let (mut lo, mut hi) = (0.0, 1.0);
        while self.utility(sc, &at(hi)) > target && hi < 1e6 {
            hi *= 2.0;
        }
        for _ in 0..50 {
            let mid = (lo + hi) / 2.0;
            if self.utility(sc, &at(mid)) >= target {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        at(lo)
    }

    /// Allies coordinate: a principal leans toward its allied principals' last offers,
    /// in proportion to its trust in them.
    fn coordinate(&self, sc: &Scenario, world: &World, x: &mut [f64]) {
        // Allies: active principals of this side in other blocs, among those heard from.
        let allies: Vec<(f64, &Positions)> = self
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

    fn snapshot(
        &self,
        tendency: Option<Tendency>,
        active: bool,
        accepted: Vec<Acceptance>,
    ) -> Snapshot {
        Snapshot {
            trust: self.trust.clone(),
            paranoia: self.paranoia,
            aspiration: self.aspiration,
            proposal: self.proposal.clone(),
            tendency,
            active,
            accepted,
        }
    }
}

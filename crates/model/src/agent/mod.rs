//! The per-actor step: one round of a leader's decisions, as plain functions in phases.
//!
//! A round runs these phases in order, each in its own module: absorb the clock's event
//! effects ([`beliefs`]), read the inbox and update beliefs ([`beliefs`]), move the
//! aspiration and decide whether to leave the table ([`walkout`]), answer the offers
//! ([`answer`]), build and send a package and mandates ([`propose`]), and signal or advise
//! ([`talk`]). Phases write their messages into one [`outbox::Outbox`].

mod answer;
mod beliefs;
#[cfg(test)]
pub(crate) mod fixture;
mod neighbors;
mod outbox;
mod path;
mod peers;
mod propose;
mod seat;
mod talk;
mod walkout;

use crate::actor::{ActorId, Tendency};
use crate::clock::Tick;
use crate::message::{Message, PackageId, Positions};
use crate::rng::SimRng;
use crate::scenario::Scenario;
use crate::trust::{TrustMap, TrustMove};
use crate::utility;
use neighbors::Neighbors;
use outbox::Outbox;
use peers::{SortedMap, SortedSet};
use serde::Serialize;
use std::sync::Arc;

pub use seat::{Decision, Table, TableOffer, Worth};

/// A person deciding for a seat: shown the table, returns the decision (`None`: the actor
/// decides itself).
pub type Decide<'a> = dyn FnMut(&Table) -> Option<Decision> + 'a;

/// A recorded acceptance, with the numbers that justified it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Acceptance {
    /// The package accepted (or endorsed by proposing it).
    pub package: PackageId,
    /// The accepter's trust-weighted expected utility of the package.
    pub expected_utility: f64,
    /// The accepter's utility of the status quo (security).
    pub security: f64,
    /// The accepter's utility of the package if every promise in it is kept.
    pub utility: f64,
}

/// An actor's state at the end of a round, for the record.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Snapshot {
    /// Trust in each actor (actor order).
    pub trust: TrustMap,
    /// Paranoia.
    pub paranoia: f64,
    /// Aspiration (target expected utility).
    pub aspiration: f64,
    /// The actor's own current package, if it has made one (shared with the messages
    /// that carried it: a snapshot holds it without copying).
    pub proposal: Option<Positions>,
    /// The tendency that dominated this round, for actors with a tendency mix.
    pub tendency: Option<Tendency>,
    /// Whether the actor took part this round.
    pub active: bool,
    /// Packages the actor accepted or endorsed this round.
    pub accepted: Vec<Acceptance>,
    /// This round's changes of the actor's trust, with their causes.
    pub trust_moves: Vec<TrustMove>,
    /// A principal's chance this round of walking out (0 for everyone else).
    pub hazard: f64,
}

/// What one step produces: the messages to deliver and the report to the clock.
#[derive(Clone, Debug, PartialEq)]
pub struct StepOutput {
    /// Messages, in sequence order.
    pub messages: Vec<Message>,
    /// State after the step.
    pub snapshot: Snapshot,
}

/// The random numbers of one round, drawn first so that every actor draws the same
/// numbers in a round whatever happens in it (common random numbers across runs).
#[derive(Clone, Copy, Debug)]
struct Draws {
    /// Picks the round's tendency.
    tendency: f64,
    /// Jitters the pace of concession, in [-noise, noise].
    pace: f64,
    /// Decides a walkout against the hazard.
    walkout: f64,
    /// Decides whether a doctrinaire round threatens.
    threat: f64,
}

/// What the actor is doing this round, handed from phase to phase.
struct Round<'a> {
    sc: &'a Scenario,
    world: &'a crate::scenario::World,
    round: u32,
    tendency: Option<Tendency>,
    draws: Draws,
    /// This round's trust moves.
    moves: Vec<TrustMove>,
    /// Packages accepted or endorsed this round.
    accepted: Vec<Acceptance>,
    /// An offer an event put on the table for this actor: positions per issue.
    offer_on_table: Option<Vec<Option<f64>>>,
    /// The concessions seen this round in newly observed other-side packages: their sum
    /// and count (a reciprocal actor answers their mean).
    concession: (f64, u32),
    hazard: f64,
    /// Security (the utility of the status quo), once the inbox is read: ideals and
    /// saliences move only with events and advice, so it holds for every later decision.
    security: f64,
    /// Whether the judge of packages is up to date for this round's decisions (see
    /// [`Agent::judge_for_decisions`]).
    judged: bool,
}

/// One actor's changing state and its decision logic.
#[derive(Clone, Debug)]
pub struct Agent {
    id: ActorId,
    rng: SimRng,
    trust: TrustMap,
    paranoia: f64,
    ideal: Vec<f64>,
    salience: Vec<f64>,
    progress: f64,
    aspiration: f64,
    last_seen: SortedMap<ActorId, Positions>,
    /// Round of the newest package seen from each proposer, so that a relayed copy of an
    /// older package is not mistaken for a retreat.
    last_seen_round: SortedMap<ActorId, u32>,
    /// The scenario's status quo (fixed for a run).
    status_quo: Vec<f64>,
    /// Actors whose packages this actor has seen, in the order first seen.
    heard: Vec<ActorId>,
    /// Who this actor deals with in the current world, recomputed when the world changes.
    neighbors: Option<(Arc<crate::scenario::World>, Arc<Neighbors>)>,
    /// The starting trust in log-odds, which trust fades back toward (fixed for a run).
    prior_logits: TrustMap,
    /// Its walkout trust to the power of the hazard's steepness (fixed for a run).
    walkout_power: Option<f64>,
    /// For each issue, the keepers on other sides than this actor's (fixed for a run).
    keepers: Vec<Vec<ActorId>>,
    /// Those of them at the table, when some are away (see
    /// [`crate::stakes::keepers_at_table`]); set with the neighbours.
    keepers_here: Option<Vec<Vec<ActorId>>>,
    /// Trust in each issue's keepers, refreshed whenever trust is read for a decision.
    issue_trust: Vec<f64>,
    /// Expected utility at that trust, refreshed with it (kept to reuse its memory).
    judge: utility::ExpectedUtility,
    /// Packages already answered, so a copy relayed later is not judged twice.
    answered: SortedSet<PackageId>,
    /// Its current package, the positions its messages carried (shared, not copied).
    proposal: Option<Positions>,
    mandate: Option<f64>,
    /// An envoy's brief: its principal's ideal as the scenario gives it, the most the
    /// envoy asks for (see `within_principal_aims`).
    brief: Option<Vec<f64>>,
    walked_out: bool,
    /// Trust moves of the last few rounds, for a walkout's reasons.
    recent: Vec<TrustMove>,
}

impl Agent {
    /// The actor `id` of `scenario` at the start, with its generator for `seed`.
    pub fn new(scenario: &Scenario, id: ActorId, seed: u64) -> Self {
        let spec = scenario.actor(id);
        let keepers = crate::stakes::others_keepers(scenario, id);
        Self {
            id,
            rng: SimRng::new(seed, &spec.id),
            trust: spec.trust.clone(),
            prior_logits: spec.trust.logits(),
            paranoia: spec.paranoia,
            ideal: spec.ideal.clone(),
            salience: spec.salience.clone(),
            progress: 0.0,
            aspiration: 1.0,
            last_seen: SortedMap::new(),
            last_seen_round: SortedMap::new(),
            answered: SortedSet::new(),
            heard: Vec::new(),
            status_quo: scenario.status_quo(),
            neighbors: None,
            walkout_power: walkout::power(spec.walkout),
            keepers_here: crate::stakes::keepers_at_table(&keepers, |j| scenario.actor(j).active),
            keepers,
            issue_trust: Vec::new(),
            judge: utility::ExpectedUtility::default(),
            proposal: None,
            mandate: None,
            brief: (spec.role == crate::actor::Role::Envoy)
                .then(|| spec.principal.map(|p| scenario.actor(p).ideal.clone()))
                .flatten(),
            walked_out: false,
            recent: Vec::new(),
        }
    }

    /// This actor's id.
    pub fn id(&self) -> ActorId {
        self.id
    }

    /// Whether the actor has walked out (it takes no part from then on).
    pub fn has_walked_out(&self) -> bool {
        self.walked_out
    }

    /// One round: apply the clock's effects, read the inbox, update beliefs, answer
    /// offers, and make this round's proposal, mandate, advice or signal.
    pub fn step(&mut self, sc: &Scenario, tick: &Tick, inbox: Vec<Message>) -> StepOutput {
        self.step_as(sc, tick, inbox, None)
    }

    /// One round in which a person decides for this actor (a principal): the actor takes
    /// in its events and inbox exactly as in [`Agent::step`], then shows `decide` what is
    /// on its table; the [`Decision`] it returns replaces the actor's own walkout, answers,
    /// package and signal, and `None` leaves them to the actor. `decide` is not called in
    /// a round the actor sits out (absent, or gone after a walkout).
    pub fn step_seated(
        &mut self,
        sc: &Scenario,
        tick: &Tick,
        inbox: Vec<Message>,
        decide: &mut Decide<'_>,
    ) -> StepOutput {
        self.step_as(sc, tick, inbox, Some(decide))
    }

    fn step_as(
        &mut self,
        sc: &Scenario,
        tick: &Tick,
        inbox: Vec<Message>,
        decide: Option<&mut Decide<'_>>,
    ) -> StepOutput {
        let spec = sc.actor(self.id);
        self.refresh_neighbors(sc, &tick.world);
        let draws = self.draw(tick.round, sc.settings.noise);
        let mut r = Round {
            sc,
            world: &tick.world,
            round: tick.round,
            tendency: spec.tendency.map(|mix| mix.pick(draws.tendency)),
            draws,
            // Room for a round's usual trust moves, so the list does not regrow.
            moves: Vec::with_capacity(16),
            accepted: Vec::new(),
            offer_on_table: None,
            concession: (0.0, 0),
            hazard: 0.0,
            security: 0.0,
            judged: false,
        };
        let mut out = Outbox::new(self.id, tick.round);
        self.absorb(&mut r, &tick.effects);
        let active = tick.world.active[self.id.index()] && !self.walked_out;
        if active {
            self.paranoia = crate::trust::paranoia_drift(self.paranoia, spec.paranoia);
            self.trust.fade_toward_logits(&self.prior_logits);
            let offers = self.read(&mut r, inbox, &mut out);
            r.security = self.security(sc);
            self.update_aspiration(&r);
            let decision = decide.and_then(|decide| decide(&self.table(&mut r, &offers)));
            let leaves = decision.as_ref().map(|d| d.walk_out);
            if self.walk_out(&mut r, &mut out, leaves) {
                return self.finish(r, out, false);
            }
            let accept = decision.as_ref().map(|d| d.accept.as_slice());
            self.answer(&mut r, &offers, &mut out, accept);
            match &decision {
                None => self.act(&mut r, &mut out),
                Some(d) => self.act_as(&mut r, &mut out, d),
            }
        }
        self.finish(r, out, active)
    }

    /// The round's random numbers, always the same count in the same order.
    fn draw(&mut self, round: u32, noise: f64) -> Draws {
        self.rng.at_round(round);
        Draws {
            tendency: self.rng.uniform(),
            pace: noise * (2.0 * self.rng.uniform() - 1.0),
            walkout: self.rng.uniform(),
            threat: self.rng.uniform(),
        }
    }

    fn finish(&mut self, r: Round<'_>, out: Outbox, active: bool) -> StepOutput {
        let keep_from = r
            .round
            .saturating_sub(crate::params::LAST_STRAWS_ROUNDS - 1);
        self.recent.retain(|m| m.round >= keep_from);
        self.recent.extend_from_slice(&r.moves);
        StepOutput {
            messages: out.into_messages(),
            snapshot: Snapshot {
                trust: self.trust.clone(),
                paranoia: self.paranoia,
                aspiration: self.aspiration,
                proposal: self.proposal.clone(),
                tendency: r.tendency,
                active,
                accepted: r.accepted,
                trust_moves: r.moves,
                hazard: r.hazard,
            },
        }
    }

    fn utility(&self, sc: &Scenario, x: &[f64]) -> f64 {
        utility::utility(&sc.issues, &self.ideal, &self.salience, x)
    }

    /// The actor's judge of packages: expected utility at its trust in each issue's
    /// keepers (see [`utility::ExpectedUtility`]), as of the last
    /// [`Agent::refresh_issue_trust`]; refresh it first when beliefs may have moved.
    fn judge(&self) -> &utility::ExpectedUtility {
        &self.judge
    }

    /// Bring the issue trust, and the judge of packages with it, up to date.
    fn refresh_issue_trust(&mut self, sc: &Scenario) {
        let keepers = self.keepers_here.as_deref().unwrap_or(&self.keepers);
        crate::stakes::issue_trust_into(&self.trust, keepers, &mut self.issue_trust);
        self.judge.set(
            &sc.issues,
            &self.ideal,
            &self.salience,
            &self.status_quo,
            &self.issue_trust,
            self.paranoia,
            sc.settings.betrayal_cost,
        );
    }

    /// Bring the judge up to date for the round's decisions (walkout, answers, proposal),
    /// once: trust and paranoia move while the inbox is read, not between those phases,
    /// so the judge built for the first of them holds for the others.
    fn judge_for_decisions(&mut self, r: &mut Round<'_>) {
        if !r.judged {
            self.refresh_issue_trust(r.sc);
            r.judged = true;
        }
    }

    /// Security: the utility of the status quo, what the actor holds without a deal.
    fn security(&self, sc: &Scenario) -> f64 {
        self.utility(sc, &self.status_quo)
    }

    /// Trust in the counterparts taken together (see [`crate::stakes::counterpart_trust`]).
    fn counterpart_trust(&self) -> f64 {
        crate::stakes::counterpart_trust(&self.trust, &self.neighbors().counterparts)
    }

    /// Set trust in `about` to `value`, keeping the move and its cause.
    fn set_trust(
        &mut self,
        r: &mut Round<'_>,
        about: ActorId,
        value: f64,
        cause: crate::trust::Cause,
    ) {
        let delta = value - self.trust.set(about, value);
        if delta.abs() > 1e-12 {
            r.moves.push(TrustMove {
                round: r.round,
                about,
                delta,
                cause,
            });
        }
    }
}

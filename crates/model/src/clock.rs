//! The clock: applies dated events, hands out ticks, collects reports and detects equilibrium.

use crate::actor::ActorId;
use crate::agent::StepOutput;
use crate::date::YearMonth;
use crate::event::Effect;
use crate::message::{Body, PackageId};
use crate::outcome::classify;
use crate::params::OFFER_LIFETIME;
use crate::record::{Equilibrium, EquilibriumReason, EventRecord, RoundRecord, RunRecord};
use crate::rng::SimRng;
use crate::scenario::{Scenario, World};
use crate::utility::distance;
use std::sync::Arc;

/// One effect of an event on one actor, with the event it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct EventEffect {
    /// Index of the event in the scenario's event list.
    pub event: u32,
    /// What it does.
    pub effect: Effect,
}

/// What the clock tells one actor at the start of a round.
#[derive(Clone, Debug)]
pub struct Tick {
    /// The round.
    pub round: u32,
    /// Its month.
    pub date: YearMonth,
    /// This round's event effects on this actor, in file order.
    pub effects: Vec<EventEffect>,
    /// Who is present and who may talk to whom this round.
    pub world: Arc<World>,
}

impl Tick {
    /// A tick of `round` in `date` with no event effects.
    pub fn quiet(round: u32, date: YearMonth, world: Arc<World>) -> Self {
        Self {
            round,
            date,
            effects: Vec::new(),
            world,
        }
    }
}

/// How much of a run the clock keeps.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Recording {
    /// Every round: events, messages and states (transcripts, JSON results, logs).
    #[default]
    Full,
    /// Only the last round (sweeps and benchmarks, where only the end matters).
    Final,
}

#[derive(Debug)]
struct OpenOffer {
    positions: crate::message::Positions,
    /// The veto principals that accepted it (a set, kept as a short list).
    accepted: Vec<ActorId>,
}

/// The clock of one run. Pure: the executors call [`Clock::begin_round`], step every
/// actor, and hand the outputs to [`Clock::end_round`] until it returns an equilibrium.
#[derive(Debug)]
pub struct Clock {
    scenario: Arc<Scenario>,
    seed: u64,
    world: Arc<World>,
    round: u32,
    /// Offers still open, by package (a sorted list: a handful at a time).
    open: Vec<(PackageId, OpenOffer)>,
    stable: u32,
    pending_events: Vec<EventRecord>,
    rounds: Vec<RoundRecord>,
    recording: Recording,
    message_count: u64,
}

impl Clock {
    /// A clock at round 0.
    pub fn new(scenario: Arc<Scenario>, seed: u64) -> Self {
        let world = Arc::new(scenario.initial_world());
        Self {
            scenario,
            seed,
            world,
            round: 0,
            open: Vec::new(),
            stable: 0,
            pending_events: Vec::new(),
            rounds: Vec::new(),
            recording: Recording::Full,
            message_count: 0,
        }
    }

    /// Keep only what `recording` asks for.
    pub fn with_recording(mut self, recording: Recording) -> Self {
        self.recording = recording;
        self
    }

    /// The round about to be played (or being played).
    pub fn round(&self) -> u32 {
        self.round
    }

    /// The scenario.
    pub fn scenario(&self) -> &Arc<Scenario> {
        &self.scenario
    }

    /// The records of the rounds played so far.
    pub fn rounds(&self) -> &[RoundRecord] {
        &self.rounds
    }

    /// The events the clock considered in the round begun last (whether they happened),
    /// until that round ends.
    pub fn events_now(&self) -> &[EventRecord] {
        &self.pending_events
    }

    /// Apply this round's events (each happens if its own draw falls below its chance)
    /// and return one tick per actor, in actor order.
    pub fn begin_round(&mut self) -> Vec<Tick> {
        let sc = Arc::clone(&self.scenario);
        let n = sc.actors.len();
        let mut effects: Vec<Vec<EventEffect>> = vec![Vec::new(); n];
        // Copied only if an event changes it: a world of thousands of actors is not cheap.
        let mut changed: Option<World> = None;
        self.pending_events.clear();
        let today = sc
            .events
            .iter()
            .enumerate()
            .filter(|(_, e)| e.round == self.round);
        for (index, event) in today {
            let happened = event_happens(self.seed, event);
            self.pending_events.push(EventRecord {
                id: event.id.clone(),
                title: event.title.clone(),
                narrative: event.narrative.clone(),
                happened,
            });
            if !happened {
                continue;
            }
            for effect in &event.effects {
                let is_world = matches!(
                    effect,
                    Effect::Open { .. }
                        | Effect::Close { .. }
                        | Effect::Remove { .. }
                        | Effect::Add { .. }
                );
                if is_world && changed.is_none() {
                    changed = Some(World::clone(&self.world));
                }
                match (effect, changed.as_mut()) {
                    (&Effect::Open { a, b }, Some(w)) => w.set_channel(a, b, true),
                    (&Effect::Close { a, b }, Some(w)) => w.set_channel(a, b, false),
                    (&Effect::Remove { actor }, Some(w)) => w.active[actor.index()] = false,
                    (&Effect::Add { actor }, Some(w)) => w.active[actor.index()] = true,
                    _ => {
                        if let Some(target) = effect.target() {
                            effects[target.index()].push(EventEffect {
                                event: index as u32,
                                effect: effect.clone(),
                            });
                        }
                        // An envoy's offer is its government's policy: its principal
                        // takes it in too (and changes its aims, not the table).
                        if let Some(principal) = offering_envoys_principal(&sc, effect) {
                            effects[principal.index()].push(EventEffect {
                                event: index as u32,
                                effect: effect.clone(),
                            });
                        }
                    }
                }
            }
        }
        if let Some(world) = changed
            && world != *self.world
        {
            self.world = Arc::new(world);
        }
        let date = sc.date(self.round);
        effects
            .into_iter()
            .map(|effects| Tick {
                round: self.round,
                date,
                effects,
                world: Arc::clone(&self.world),
            })
            .collect()
    }

    /// Take every actor's output for the round (in actor order), record the round, and
    /// return the equilibrium if one is reached.
    pub fn end_round(&mut self, outputs: Vec<StepOutput>) -> Option<Equilibrium> {
        let sc = Arc::clone(&self.scenario);
        let round = self.round;
        // Who was at the table this round, before this round's walkouts leave it.
        let at_table = Arc::clone(&self.world);
        if self.recording == Recording::Final
            && let Some(prev) = self.rounds.last_mut()
        {
            // Only the last round's states are read from here on (the deadlock check):
            // its messages go before this round's are gathered, not after.
            prev.messages = Vec::new();
        }
        let mut messages = Vec::with_capacity(outputs.iter().map(|o| o.messages.len()).sum());
        let mut states = Vec::with_capacity(outputs.len());
        let mut walked_out = None;
        for out in outputs {
            for m in &out.messages {
                if let Body::Propose { package, positions } = &m.body
                    && let Err(at) = self.open.binary_search_by_key(package, |o| o.0)
                {
                    let offer = OpenOffer {
                        positions: positions.clone(),
                        accepted: Vec::new(),
                    };
                    self.open.insert(at, (*package, offer));
                }
                if matches!(m.body, Body::Walkout { .. })
                    && sc.is_veto(m.from())
                    && walked_out.is_none()
                {
                    walked_out = Some(m.from());
                }
            }
            messages.extend(out.messages);
            states.push(out.snapshot);
        }
        for (k, state) in states.iter().enumerate() {
            let actor = ActorId(k as u16);
            if !sc.is_veto(actor) {
                continue;
            }
            for a in &state.accepted {
                if let Ok(at) = self.open.binary_search_by_key(&a.package, |o| o.0) {
                    let accepted = &mut self.open[at].1.accepted;
                    if !accepted.contains(&actor) {
                        accepted.push(actor);
                    }
                }
            }
        }
        // A principal that walked out is gone for good, veto or not.
        let gone: Vec<ActorId> = messages
            .iter()
            .filter(|m| matches!(m.body, Body::Walkout { .. }))
            .map(|m| m.from())
            .collect();
        if !gone.is_empty() {
            let mut world = World::clone(&self.world);
            for a in gone {
                world.active[a.index()] = false;
            }
            self.world = Arc::new(world);
        }
        self.message_count += messages.len() as u64;

        let world = &self.world;
        let veto_present = || {
            sc.settings
                .veto
                .iter()
                .copied()
                .filter(|v| world.active[v.index()])
        };
        let settled = if walked_out.is_none() && veto_present().next().is_some() {
            self.open
                .iter()
                .find(|(_, o)| veto_present().all(|v| o.accepted.contains(&v)))
                .map(|(id, o)| (*id, o.positions.to_vec()))
        } else {
            None
        };
        self.open
            .retain(|(id, _)| id.round + OFFER_LIFETIME > round);

        // Deadlock: nothing moved this round (compared with the last round recorded).
        let still = match self.rounds.last() {
            Some(prev) => {
                let eps = sc.settings.epsilon;
                prev.states.iter().zip(&states).all(|(a, b)| {
                    let proposal_still = match (&a.proposal, &b.proposal) {
                        (Some(x), Some(y)) => distance(&sc.issues, x, y) <= eps,
                        (None, None) => true,
                        _ => false,
                    };
                    let trust_still = b.trust.max_change(&a.trust) <= eps;
                    proposal_still && trust_still
                })
            }
            None => false,
        };
        self.stable = if still { self.stable + 1 } else { 0 };

        let reason = if settled.is_some() {
            Some(EquilibriumReason::Settlement)
        } else if walked_out.is_some() {
            Some(EquilibriumReason::Breakdown)
        } else if self.stable >= sc.settings.stable_rounds {
            Some(EquilibriumReason::Deadlock)
        } else if round + 1 >= sc.settings.horizon {
            Some(EquilibriumReason::Horizon)
        } else {
            None
        };

        if self.recording == Recording::Final {
            self.rounds.clear();
        }
        self.rounds.push(RoundRecord {
            round,
            date: sc.date(round),
            events: std::mem::take(&mut self.pending_events),
            messages,
            states,
        });
        self.round += 1;

        let reason = reason?;
        let states = self
            .rounds
            .last()
            .map(|r| r.states.as_slice())
            .unwrap_or_default();
        let trust: Vec<crate::trust::TrustMap> = states.iter().map(|s| s.trust.clone()).collect();
        let (package, positions) = match settled {
            Some((id, positions)) => (Some(id), positions),
            None => (None, sc.status_quo()),
        };
        let veto_trust = crate::stakes::mean_veto_trust(&sc, &trust, &at_table);
        Some(Equilibrium {
            reason,
            round,
            date: sc.date(round),
            package,
            walked_out: walked_out.filter(|_| reason == EquilibriumReason::Breakdown),
            outcome: classify(&sc.outcomes, &positions, veto_trust),
            positions,
            trust,
            veto_trust,
            message_count: self.message_count,
        })
    }

    /// The record of the run, once [`Clock::end_round`] has returned `equilibrium`.
    pub fn finish(self, equilibrium: Equilibrium) -> RunRecord {
        RunRecord {
            seed: self.seed,
            rounds: self.rounds,
            equilibrium,
        }
    }
}

/// The principal of the envoy making `effect`'s offer, if it is an offer by an envoy.
fn offering_envoys_principal(sc: &Scenario, effect: &Effect) -> Option<ActorId> {
    match effect {
        Effect::Offer { from, .. } => {
            let spec = sc.actor(*from);
            (spec.role == crate::actor::Role::Envoy)
                .then_some(spec.principal)
                .flatten()
        }
        _ => None,
    }
}

/// Whether `event` happens in the run with `seed`: each event has its own random stream
/// (keyed by its id), so adding, dropping or reordering other events in a what-if leaves
/// its draw alone, and two scenarios compared over the same seeds share their luck.
pub fn event_happens(seed: u64, event: &crate::event::Event) -> bool {
    if event.probability >= 1.0 {
        return true;
    }
    if event.probability <= 0.0 {
        return false;
    }
    let mut rng = SimRng::for_event(seed, &event.id);
    rng.uniform() < event.probability
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agent::fixture::{ENVOY, WEST, scenario};
    use crate::event::Event;

    #[test]
    fn an_envoys_offer_reaches_its_principal_too_and_a_principals_only_itself() {
        let effects_of = |from: ActorId| {
            let mut sc = scenario();
            sc.events.push(Event {
                id: "offer".into(),
                title: "an offer".into(),
                round: 0,
                probability: 1.0,
                narrative: String::new(),
                effects: vec![Effect::Offer {
                    from,
                    positions: vec![Some(0.5), None],
                }],
            });
            let mut clock = Clock::new(Arc::new(sc), 1);
            clock
                .begin_round()
                .iter()
                .map(|tick| tick.effects.len())
                .collect::<Vec<_>>()
        };
        let mut envoy_and_principal = vec![0; 4];
        envoy_and_principal[ENVOY.index()] = 1;
        envoy_and_principal[WEST.index()] = 1;
        assert_eq!(effects_of(ENVOY), envoy_and_principal);
        let mut principal_alone = vec![0; 4];
        principal_alone[WEST.index()] = 1;
        assert_eq!(effects_of(WEST), principal_alone);
    }
}

//! A validated scenario, and the world (who is present, who may talk to whom) it starts from.

use crate::actor::{ActorId, ActorSpec};
use crate::date::YearMonth;
use crate::event::Event;
use crate::issue::Issue;
use crate::outcome::OutcomeLabel;
use serde::Serialize;

/// Run-wide settings.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Settings {
    /// Short name, e.g. `otl`.
    pub name: String,
    /// Title for humans.
    pub title: String,
    /// The month of round 0.
    pub start: YearMonth,
    /// Number of rounds (months) before the run ends without equilibrium.
    pub horizon: u32,
    /// Months by which the actors' concession strategies expect to conclude: strategy
    /// time t runs from 0 at the start to 1 here (at normal speed).
    pub deadline: u32,
    /// Default seed.
    pub seed: u64,
    /// Rounds without movement that make a deadlock.
    pub stable_rounds: u32,
    /// Movement (normalised) below which a round counts as still.
    pub epsilon: f64,
    /// Relative jitter of each actor's pace of concession per round (uniform, +/-).
    pub noise: f64,
    /// Utility lost when a trusted promise is broken, scaled by paranoia.
    pub betrayal_cost: f64,
    /// The principals whose acceptance a settlement needs.
    pub veto: Vec<ActorId>,
}

/// A channel open at the start between two actors of different blocs.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Channel {
    /// One end.
    pub a: ActorId,
    /// The other end.
    pub b: ActorId,
}

/// A complete, validated scenario. Built by the config crate; never invalid.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Scenario {
    /// Settings.
    pub settings: Settings,
    /// Issues, in order.
    pub issues: Vec<Issue>,
    /// Actors, in order; an [`ActorId`] indexes this.
    pub actors: Vec<ActorSpec>,
    /// Cross-bloc channels open at the start.
    pub channels: Vec<Channel>,
    /// Dated events, sorted by round, file order kept within a round.
    pub events: Vec<Event>,
    /// Outcome labels, first match wins.
    pub outcomes: Vec<OutcomeLabel>,
}

impl Scenario {
    /// The actor with this scenario id.
    pub fn actor_by_id(&self, id: &str) -> Option<ActorId> {
        self.actors
            .iter()
            .position(|a| a.id == id)
            .map(|i| ActorId(i as u16))
    }

    /// The spec of an actor.
    pub fn actor(&self, id: ActorId) -> &ActorSpec {
        &self.actors[id.index()]
    }

    /// All actor ids, in order.
    pub fn actor_ids(&self) -> impl Iterator<Item = ActorId> + '_ {
        (0..self.actors.len()).map(|i| ActorId(i as u16))
    }

    /// The status quo package.
    pub fn status_quo(&self) -> Vec<f64> {
        self.issues.iter().map(|i| i.status_quo).collect()
    }

    /// The date of a round.
    pub fn date(&self, round: u32) -> YearMonth {
        self.settings.start.plus(round)
    }

    /// Whether an actor is a veto principal.
    pub fn is_veto(&self, id: ActorId) -> bool {
        self.settings.veto.contains(&id)
    }

    /// The world at the start.
    pub fn initial_world(&self) -> World {
        let n = self.actors.len();
        let intern = |names: Vec<&str>| -> Vec<u16> {
            let mut index = std::collections::BTreeMap::new();
            names
                .into_iter()
                .map(|name| {
                    let next = index.len() as u16;
                    *index.entry(name).or_insert(next)
                })
                .collect()
        };
        let bloc = intern(self.actors.iter().map(|a| a.bloc.as_str()).collect());
        let side = intern(self.actors.iter().map(|a| a.side.as_str()).collect());
        let blocs = bloc.iter().map(|b| *b as usize + 1).max().unwrap_or(0);
        let mut members = vec![Vec::new(); blocs];
        for (k, b) in bloc.iter().enumerate() {
            members[*b as usize].push(ActorId(k as u16));
        }
        let mut world = World {
            active: self.actors.iter().map(|a| a.active).collect(),
            links: vec![Vec::new(); n],
            bloc,
            side,
            members: std::sync::Arc::new(members),
        };
        for c in &self.channels {
            world.set_channel(c.a, c.b, true);
        }
        world
    }
}

/// Who is present and who may message whom; changed by events.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct World {
    /// Whether each actor takes part.
    pub active: Vec<bool>,
    /// Open channels of each actor, sorted (symmetric). Sparse: a scenario with thousands
    /// of actors has a few channels each, not a matrix.
    pub links: Vec<Vec<ActorId>>,
    /// Bloc index of each actor (actors of one bloc share it).
    pub bloc: Vec<u16>,
    /// Side index of each actor.
    pub side: Vec<u16>,
    /// The members of each bloc, by bloc index (fixed for a run, so shared).
    pub members: std::sync::Arc<Vec<Vec<ActorId>>>,
}

impl World {
    /// `n` actors, each present and alone in its own bloc and side, with no channel open:
    /// the world of the runtime's tests and benchmarks, which move ticks without a scenario.
    pub fn isolated(n: u16) -> Self {
        Self {
            active: vec![true; usize::from(n)],
            links: vec![Vec::new(); usize::from(n)],
            bloc: (0..n).collect(),
            side: (0..n).collect(),
            members: std::sync::Arc::new((0..n).map(|k| vec![ActorId(k)]).collect()),
        }
    }

    /// Open or close the channel between `a` and `b`.
    pub fn set_channel(&mut self, a: ActorId, b: ActorId, open: bool) {
        for (x, y) in [(a, b), (b, a)] {
            let list = &mut self.links[x.index()];
            match (list.binary_search(&y), open) {
                (Err(at), true) => list.insert(at, y),
                (Ok(at), false) => {
                    list.remove(at);
                }
                _ => {}
            }
        }
    }

    /// Whether `a` can message `b` now: both present, and same bloc or an open channel.
    pub fn reachable(&self, a: ActorId, b: ActorId) -> bool {
        a != b
            && self.active[a.index()]
            && self.active[b.index()]
            && (self.bloc[a.index()] == self.bloc[b.index()]
                || self.links[a.index()].binary_search(&b).is_ok())
    }

    /// Whether `a` and `b` are in the same bloc.
    pub fn same_bloc(&self, a: ActorId, b: ActorId) -> bool {
        self.bloc[a.index()] == self.bloc[b.index()]
    }

    /// Everyone `a` can message now, in actor order.
    pub fn reachable_from(&self, a: ActorId) -> Vec<ActorId> {
        let mut out: Vec<ActorId> = self.members[self.bloc[a.index()] as usize]
            .iter()
            .chain(&self.links[a.index()])
            .copied()
            .filter(|&b| self.reachable(a, b))
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}

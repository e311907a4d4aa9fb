//! A small two-sided world for the phase tests: East holds Poland and wants the loan, West
//! holds the loan and wants Poland free, and West has an ally and an envoy.

use super::{Agent, StepOutput};
use crate::actor::{ActorId, ActorSpec, Role, Strategy, StrategyKind};
use crate::clock::{EventEffect, Tick};
use crate::date::YearMonth;
use crate::issue::Issue;
use crate::message::{Body, Message, MessageId, PackageId, Positions};
use crate::scenario::{Channel, Scenario, Settings};
use crate::trust::TrustMap;
use std::sync::Arc;

pub(crate) const EAST: ActorId = ActorId(0);
pub(crate) const WEST: ActorId = ActorId(1);
pub(crate) const ALLY: ActorId = ActorId(2);
pub(crate) const ENVOY: ActorId = ActorId(3);

fn issue(id: &str, status_quo: f64) -> Issue {
    Issue {
        id: id.into(),
        name: id.into(),
        min: 0.0,
        max: 1.0,
        status_quo,
        format: String::new(),
        waypoints: Vec::new(),
        keepers: Vec::new(),
    }
}

fn actor(id: &str, side: &str, role: Role, ideal: f64) -> ActorSpec {
    ActorSpec {
        id: id.into(),
        name: id.into(),
        bloc: id.into(),
        side: side.into(),
        role,
        principal: None,
        ideal: vec![ideal, ideal],
        salience: vec![0.5, 0.5],
        strategy: Strategy {
            kind: StrategyKind::Linear,
            e: 1.0,
            k: 0.0,
        },
        trust: TrustMap::new(0.5),
        paranoia: 0.5,
        walkout: 0.1,
        learning: 1.0,
        abrasiveness: 0.0,
        influence: 0.0,
        tendency: None,
        active: true,
    }
}

/// The world: Poland (status quo 1, East's ideal) and the loan (status quo 0, West's
/// ideal); East and West are the veto principals; noise 0 so that nothing is misread.
pub(crate) fn scenario() -> Scenario {
    let mut envoy = actor("envoy", "west", Role::Envoy, 0.0);
    envoy.bloc = "west".into();
    envoy.principal = Some(WEST);
    let channels = [(EAST, WEST), (EAST, ALLY), (EAST, ENVOY), (WEST, ALLY)]
        .into_iter()
        .map(|(a, b)| Channel { a, b })
        .collect();
    Scenario {
        settings: Settings {
            name: "fixture".into(),
            title: "fixture".into(),
            start: YearMonth::new(1945, 5).expect("a valid month"),
            horizon: 36,
            deadline: 12,
            seed: 1,
            stable_rounds: 6,
            epsilon: 1e-3,
            noise: 0.0,
            betrayal_cost: 0.2,
            veto: vec![EAST, WEST],
        },
        issues: vec![issue("poland", 1.0), issue("loan", 0.0)],
        actors: vec![
            actor("east", "east", Role::Principal, 1.0),
            actor("west", "west", Role::Principal, 0.0),
            actor("ally", "west", Role::Principal, 0.0),
            envoy,
        ],
        channels,
        events: Vec::new(),
        outcomes: Vec::new(),
    }
}

/// The scenario with one change made to an actor.
pub(crate) fn with(who: ActorId, change: impl FnOnce(&mut ActorSpec)) -> Scenario {
    let mut sc = scenario();
    change(&mut sc.actors[who.index()]);
    sc
}

/// A message to `to` from `from`, the `seq`-th of its round.
pub(crate) fn message(round: u32, from: ActorId, to: ActorId, body: Body) -> Message {
    Message {
        id: MessageId {
            round,
            sender: from,
            seq: 0,
        },
        reply_to: None,
        to,
        body,
    }
}

/// `from`'s package of `round`, sent to `to`.
pub(crate) fn offer(round: u32, from: ActorId, to: ActorId, positions: [f64; 2]) -> Message {
    let body = Body::Propose {
        package: PackageId {
            round,
            proposer: from,
        },
        positions: Positions::from(positions.as_slice()),
    };
    message(round, from, to, body)
}

/// One actor of a scenario, stepped round by round.
pub(crate) struct Bench {
    pub(crate) sc: Scenario,
    pub(crate) agent: Agent,
    pub(crate) round: u32,
}

impl Bench {
    pub(crate) fn new(sc: Scenario, who: ActorId) -> Self {
        let agent = Agent::new(&sc, who, sc.settings.seed);
        Self {
            sc,
            agent,
            round: 0,
        }
    }

    /// The next round, with these event effects and this inbox.
    pub(crate) fn step_with(
        &mut self,
        effects: Vec<EventEffect>,
        inbox: Vec<Message>,
    ) -> StepOutput {
        let tick = Tick {
            round: self.round,
            date: self.sc.date(self.round),
            effects,
            world: Arc::new(self.sc.initial_world()),
        };
        self.round += 1;
        self.agent.step(&self.sc, &tick, inbox)
    }

    /// The next round, with this inbox and no events.
    pub(crate) fn step(&mut self, inbox: Vec<Message>) -> StepOutput {
        self.step_with(Vec::new(), inbox)
    }

    /// The actor's trust in `j` now.
    pub(crate) fn trust(&self, j: ActorId) -> f64 {
        self.agent.trust[j]
    }
}

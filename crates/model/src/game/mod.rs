//! A seat at the table: one principal played by a person, every other actor by the model.
//!
//! A [`Game`] is the plain executor of [`crate::sim`] with one difference: in each month
//! the seat takes part, the loop stops and offers a [`View`] of the seat's table, and the
//! person's [`Move`] decides for the seat. The seat keeps its [`crate::Agent`], so its
//! trust, paranoia and beliefs move exactly as the model's own would from what it reads;
//! only its decisions (walk out, answer the offers, propose, signal) are the person's.
//! [`Move::Advisers`] leaves a month to the model's own agent in the seat, so a game
//! played with it every month is the model-only run of the same seed, byte for byte.
//!
//! A game is a function of (scenario, seed, seat, moves): [`Game::replay`] rebuilds it,
//! so a server can stay stateless and a recorded game replays exactly.
//!
//! ```
//! # use detente_model::game::{Game, Move};
//! # fn play(scenario: std::sync::Arc<detente_model::Scenario>) -> Result<(), detente_model::game::GameError> {
//! let seat = detente_model::game::seat_of(&scenario, "truman")?;
//! let mut game = Game::new(scenario, 7, seat)?;
//! while let Some(view) = game.view() {
//!     // Show `view`; here the advisers decide every month.
//!     let _ = view.offers.len();
//!     game.play(&Move::Advisers)?;
//! }
//! let summary = game.summary().expect("the game is over");
//! println!("{}", summary.game.outcome);
//! # Ok(()) }
//! ```

mod moves;
mod summary;
mod view;

pub use moves::{Move, PackageRef, PlayedMove};
pub use summary::{Ending, NashDistance, Summary};
pub use view::{Counsel, Dispatch, IssueView, OfferView, PrincipalValue, TrustView, Verdict, View};

use crate::actor::{ActorId, Role};
use crate::agent::{Agent, Decision};
use crate::clock::{Clock, Tick};
use crate::inbox::Inbox;
use crate::message::Message;
use crate::record::RunRecord;
use crate::scenario::Scenario;
use std::fmt;
use std::sync::Arc;

/// Version of the recorded game's layout ([`PlayedMove`] and [`Move`]).
pub const SCHEMA_VERSION: u32 = 1;

/// Why a game cannot start or a move cannot be played.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GameError {
    /// The seat names no actor, or one that is not a principal.
    Seat {
        /// The seat as given.
        given: String,
        /// Why it cannot be taken.
        why: String,
        /// The principals that can be played.
        allowed: Vec<String>,
    },
    /// A move that does not fit the month it is played in.
    Move {
        /// Index of the move (from 0) among the moves given.
        index: usize,
        /// The round the game is at.
        round: u32,
        /// Its month.
        date: String,
        /// The field of the move that is wrong, e.g. `propose[2]` or `accept[0]`.
        field: String,
        /// The bad value, as text.
        value: String,
        /// What is allowed there.
        allowed: String,
    },
    /// A package that is not one position per issue within its range.
    Package {
        /// The field that is wrong: empty for the whole package, `[i]` for issue i.
        field: String,
        /// The bad value.
        value: String,
        /// What is allowed.
        allowed: String,
    },
    /// A move given after the game ended.
    Over {
        /// Index of the move (from 0).
        index: usize,
        /// The month the game ended.
        date: String,
    },
}

impl fmt::Display for GameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GameError::Seat {
                given,
                why,
                allowed,
            } => write!(
                f,
                "seat {given:?}: {why}; allowed: {}",
                if allowed.is_empty() {
                    "none (the scenario has no principal)".to_string()
                } else {
                    allowed.join(", ")
                }
            ),
            GameError::Move {
                index,
                round,
                date,
                field,
                value,
                allowed,
            } => write!(
                f,
                "moves[{index}] ({date}, round {round}): {field} = {value} is not allowed; \
                 allowed: {allowed}"
            ),
            GameError::Package {
                field,
                value,
                allowed,
            } => write!(
                f,
                "package{field} = {value} is not allowed; allowed: {allowed}"
            ),
            GameError::Over { index, date } => write!(
                f,
                "moves[{index}]: the game ended in {date}; nothing can be played after it"
            ),
        }
    }
}

impl std::error::Error for GameError {}

/// The actor of `scenario` whose id is `id`, if it is a principal a person can play.
pub fn seat_of(scenario: &Scenario, id: &str) -> Result<ActorId, GameError> {
    let allowed: Vec<String> = principals(scenario)
        .map(|a| scenario.actor(a).id.clone())
        .collect();
    let bad = |why: String| GameError::Seat {
        given: id.to_string(),
        why,
        allowed: allowed.clone(),
    };
    match scenario.actor_by_id(id) {
        None => Err(bad("no actor of the scenario has this id".into())),
        Some(a) if scenario.actor(a).role != Role::Principal => Err(bad(format!(
            "{} is an {}, and only a principal decides",
            scenario.actor(a).name,
            scenario.actor(a).role.as_str()
        ))),
        Some(a) => Ok(a),
    }
}

/// The principals of `scenario`, in actor order: the seats a person can take.
pub fn principals(scenario: &Scenario) -> impl Iterator<Item = ActorId> + '_ {
    scenario
        .actor_ids()
        .filter(|&a| scenario.actor(a).role == Role::Principal)
}

/// The month the seat is deciding: its round's ticks, its inbox and what it is shown.
struct Turn {
    ticks: Vec<Tick>,
    inbox: Vec<Message>,
    view: View,
    /// The seat as it stands after reading this month (trust, ideal): it values packages.
    informed: Agent,
}

/// One game: a scenario and seed with a person in one seat. See the module documentation.
pub struct Game {
    scenario: Arc<Scenario>,
    seed: u64,
    seat: ActorId,
    clock: Option<Clock>,
    agents: Vec<Agent>,
    inboxes: Vec<Inbox>,
    turn: Option<Turn>,
    played: Vec<PlayedMove>,
    record: Option<RunRecord>,
}

impl Game {
    /// A game of `scenario` with `seed`, the person in `seat` (see [`seat_of`]), played
    /// up to the first month the seat decides (or to the end, if it never does).
    pub fn new(scenario: Arc<Scenario>, seed: u64, seat: ActorId) -> Result<Self, GameError> {
        let id = scenario
            .actors
            .get(seat.index())
            .map(|a| a.id.clone())
            .unwrap_or_else(|| format!("#{}", seat.0));
        let seat = seat_of(&scenario, &id)?;
        let clock = Clock::new(Arc::clone(&scenario), seed);
        let agents: Vec<Agent> = scenario
            .actor_ids()
            .map(|id| Agent::new(&scenario, id, seed))
            .collect();
        let inboxes = agents.iter().map(|_| Inbox::new()).collect();
        let mut game = Self {
            scenario,
            seed,
            seat,
            clock: Some(clock),
            agents,
            inboxes,
            turn: None,
            played: Vec::new(),
            record: None,
        };
        game.advance();
        Ok(game)
    }

    /// The game after `moves`, played in order: a new game, then [`Game::play_recorded`]
    /// for each. The first move that does not fit its month is the error.
    pub fn replay(
        scenario: Arc<Scenario>,
        seed: u64,
        seat: ActorId,
        moves: &[PlayedMove],
    ) -> Result<Self, GameError> {
        let mut game = Self::new(scenario, seed, seat)?;
        for m in moves {
            game.play_recorded(m)?;
        }
        Ok(game)
    }

    /// The scenario.
    pub fn scenario(&self) -> &Arc<Scenario> {
        &self.scenario
    }

    /// The seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The seat the person holds.
    pub fn seat(&self) -> ActorId {
        self.seat
    }

    /// What the seat has before it this month; `None` once the game is over.
    pub fn view(&self) -> Option<&View> {
        self.turn.as_ref().map(|t| &t.view)
    }

    /// Whether the game has reached its equilibrium.
    pub fn is_over(&self) -> bool {
        self.record.is_some()
    }

    /// The moves played so far, each with its month: the recorded game.
    pub fn moves(&self) -> &[PlayedMove] {
        &self.played
    }

    /// The record of the whole run, once the game is over (what `detente run` prints).
    pub fn record(&self) -> Option<&RunRecord> {
        self.record.as_ref()
    }

    /// The end of the game against the model's own run of the same seed and the Nash
    /// package, once it is over.
    pub fn summary(&self) -> Option<Summary> {
        self.record
            .as_ref()
            .map(|rec| Summary::new(&self.scenario, self.seed, self.seat, rec))
    }

    /// What package `x` (one position per issue) is worth to each principal now: its
    /// utility and its expected utility at the principal's current trust, beside its
    /// security. The seat is valued as it stands after reading this month; the others as
    /// they stand before their own month. Empty once the game is over.
    pub fn values(&self, x: &[f64]) -> Result<Vec<PrincipalValue>, GameError> {
        moves::check_package(&self.scenario, x).map_err(|(field, value, allowed)| {
            GameError::Package {
                field,
                value,
                allowed,
            }
        })?;
        let Some(turn) = &self.turn else {
            return Ok(Vec::new());
        };
        Ok(principals(&self.scenario)
            .map(|a| {
                let agent = if a == self.seat {
                    &turn.informed
                } else {
                    &self.agents[a.index()]
                };
                PrincipalValue::of(&self.scenario, agent, x)
            })
            .collect())
    }

    /// Play `mv` for the seat this month and go on to the next month the seat decides
    /// (or to the end). A move that does not fit the month is refused and changes nothing.
    pub fn play(&mut self, mv: &Move) -> Result<&Self, GameError> {
        let round = self.turn.as_ref().map(|t| t.view.round);
        let played = PlayedMove {
            round: round.unwrap_or(0),
            date: self.scenario.date(round.unwrap_or(0)),
            action: mv.clone(),
        };
        self.play_recorded(&played)?;
        Ok(self)
    }

    /// Play a recorded move: it must name the round the game is at.
    pub fn play_recorded(&mut self, played: &PlayedMove) -> Result<(), GameError> {
        let index = self.played.len();
        let Some(turn) = &self.turn else {
            let date = self
                .record
                .as_ref()
                .map(|r| r.equilibrium.date.to_string())
                .unwrap_or_default();
            return Err(GameError::Over { index, date });
        };
        let decision = moves::check(&self.scenario, &turn.view, index, played)?;
        let turn = self.turn.take().expect("a turn is open");
        self.played.push(played.clone());
        self.play_round(turn.ticks, Some((turn.inbox, decision)));
        self.advance();
        Ok(())
    }

    /// Play rounds until the seat has a decision to make or the game is over.
    fn advance(&mut self) {
        while self.record.is_none() {
            let Some(clock) = self.clock.as_mut() else {
                return;
            };
            let ticks = clock.begin_round();
            let seat = self.seat.index();
            let present = ticks[seat].world.active[seat] && !self.agents[seat].has_walked_out();
            if present {
                let inbox = self.inboxes[seat].take_before(ticks[seat].round);
                self.turn = Some(self.open_turn(ticks, inbox));
                return;
            }
            self.play_round(ticks, None);
        }
    }

    /// The seat's month: what it sees and what the model in its seat would do, found on a
    /// copy of its agent (the real one steps when the move is played).
    fn open_turn(&self, ticks: Vec<Tick>, inbox: Vec<Message>) -> Turn {
        let seat = self.seat.index();
        let mut informed = self.agents[seat].clone();
        let mut table = None;
        let counsel = informed.step_seated(&self.scenario, &ticks[seat], inbox.clone(), &mut |t| {
            table = Some(t.clone());
            None
        });
        let clock = self.clock.as_ref().expect("a game in play has its clock");
        let table = table.expect("a seat present this month is shown its table");
        let view = view::build(
            &self.scenario,
            self.seat,
            &ticks[seat],
            clock.events_now(),
            &inbox,
            &table,
            &counsel.messages,
        );
        Turn {
            ticks,
            inbox,
            view,
            informed,
        }
    }

    /// One round of every actor; the seat decides by `decision` if given (`None` inside
    /// it: the advisers decide), else it steps as the model. Ends the game at equilibrium.
    fn play_round(&mut self, ticks: Vec<Tick>, seat: Option<(Vec<Message>, Option<Decision>)>) {
        let sc = Arc::clone(&self.scenario);
        let mut seat = seat;
        let mut outputs = Vec::with_capacity(self.agents.len());
        for (k, (agent, tick)) in self.agents.iter_mut().zip(&ticks).enumerate() {
            let out = match seat.take_if(|_| k == self.seat.index()) {
                Some((inbox, Some(decision))) => {
                    let mut chosen = Some(decision);
                    agent.step_seated(&sc, tick, inbox, &mut |_| chosen.take())
                }
                Some((inbox, None)) => agent.step(&sc, tick, inbox),
                None => {
                    let due = self.inboxes[k].take_before(tick.round);
                    agent.step(&sc, tick, due)
                }
            };
            for m in &out.messages {
                self.inboxes[m.to.index()].push(m.clone());
            }
            outputs.push(out);
        }
        let clock = self.clock.as_mut().expect("a game in play has its clock");
        if let Some(eq) = clock.end_round(outputs) {
            let clock = self.clock.take().expect("a game in play has its clock");
            self.record = Some(clock.finish(eq));
        }
    }
}

#[cfg(test)]
mod tests;

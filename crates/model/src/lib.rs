//! The pure negotiation model of detente.
//!
//! Everything that decides anything lives here: issues and packages, actors and their
//! utilities, trust and paranoia, concession strategies, the per-actor step function, the
//! clock that applies dated events and detects equilibrium, and a plain single-threaded
//! executor. No async runtime, no I/O, no logging: the runtime crate moves the messages
//! this crate produces, and the plain executor in [`sim`] runs the very same logic in a
//! loop, which is what the determinism tests compare against.
#![warn(missing_docs)]

pub mod actor;
pub mod agent;
pub mod analysis;
pub mod clock;
pub mod date;
pub mod event;
mod fixed;
pub mod game;
pub mod inbox;
pub mod issue;
pub mod message;
pub mod narrate;
pub mod outcome;
pub mod params;
pub mod record;
pub mod rng;
pub mod scenario;
pub mod sim;
pub mod stakes;
pub mod strategy;
pub mod trust;
pub mod utility;

pub use actor::{ActorId, ActorSpec, Role, Strategy, StrategyKind, Tendency, TendencyMix};
pub use agent::{Agent, StepOutput};
pub use clock::{Clock, EventEffect, Recording, Tick};
pub use date::YearMonth;
pub use event::{Effect, Event};
pub use inbox::Inbox;
pub use issue::{Issue, Waypoint};
pub use message::{Body, Message, MessageId, PackageId, SignalKind, WalkoutReason};
pub use outcome::OutcomeLabel;
pub use record::{Equilibrium, EquilibriumReason, RoundRecord, RunRecord};
pub use scenario::{Channel, Scenario, Settings, World};

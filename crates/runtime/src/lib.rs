//! The tokio runtime of detente: one task and one mailbox per actor, and a clock task.
//!
//! This crate only moves messages. Every decision is made by the model crate's
//! [`detente_model::Agent::step`] and [`detente_model::Clock`]; the runtime delivers ticks
//! and messages, collects reports, and logs each round with `tracing` in a canonical
//! order, so that the event log is the same on any flavour and worker count.
#![warn(missing_docs)]

mod actor;
mod clock;
pub mod log;
pub mod mailbox;
mod reports;

pub use clock::{run, run_async};

use detente_model::{RunRecord, Scenario};
use std::sync::Arc;
use std::time::Duration;

/// A fault to inject into one actor, for testing that the runtime fails cleanly.
#[derive(Clone, Debug, PartialEq)]
pub enum Fault {
    /// The actor's task panics when it gets the tick of `round`.
    Panic {
        /// Actor id.
        actor: String,
        /// Round.
        round: u32,
    },
    /// The actor's task stops answering at `round`.
    Stall {
        /// Actor id.
        actor: String,
        /// Round.
        round: u32,
    },
}

/// How to run.
#[derive(Clone, Debug)]
pub struct RunOptions {
    /// The seed.
    pub seed: u64,
    /// Worker threads: 1 runs on a current-thread runtime, more on a multi-thread one.
    pub threads: usize,
    /// How long the clock waits for all reports of a round before declaring a stall.
    pub round_timeout: Duration,
    /// A fault to inject (tests only).
    pub fault: Option<Fault>,
    /// How much of the run to keep.
    pub recording: detente_model::Recording,
}

impl RunOptions {
    /// Options with `seed`, one thread and a 10-second round timeout.
    pub fn new(seed: u64) -> Self {
        Self {
            seed,
            threads: 1,
            round_timeout: Duration::from_secs(10),
            fault: None,
            recording: detente_model::Recording::Full,
        }
    }
}

/// Why a run failed. Bad scenarios never get here: they fail in the config crate.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// An actor's task panicked.
    #[error("actor {actor} failed in round {round} ({date}): its task panicked: {message}")]
    ActorPanicked {
        /// The actor's id.
        actor: String,
        /// The round.
        round: u32,
        /// The month.
        date: String,
        /// The panic message.
        message: String,
    },
    /// One or more actors did not report in time.
    #[error("actor {actors} stalled in round {round} ({date}): no report within {timeout_ms} ms")]
    Stalled {
        /// The ids of the silent actors, comma-separated.
        actors: String,
        /// The round.
        round: u32,
        /// The month.
        date: String,
        /// The timeout.
        timeout_ms: u128,
    },
    /// The tokio runtime could not be built (the error said in the message, not chained,
    /// so it is said once).
    #[error("could not start the tokio runtime: {0}")]
    Runtime(std::io::Error),
}

/// Run with the plain single-threaded executor (no tokio), logging exactly as the tokio
/// runtime does. The reference the determinism tests compare against.
pub fn run_plain(scenario: Arc<Scenario>, seed: u64) -> RunRecord {
    let span = log::run_span(&scenario, seed);
    let _enter = span.enter();
    let sc = Arc::clone(&scenario);
    let record = detente_model::sim::run_with(scenario, seed, |clock| {
        if let Some(round) = clock.rounds().last() {
            log::round(&sc, round);
        }
    });
    log::equilibrium(&sc, &record.equilibrium);
    record
}

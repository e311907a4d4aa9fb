//! Results as data: what detente writes, typed, versioned and written safely.
//!
//! [`run`] is the result of one run ([`RunResult`], with the bargaining [`analysis`]),
//! built once from the model's record, written by the CLI and read by the report, its
//! [`messages`] streamed from the record;
//! [`provenance`] says what produced a result. [`output`] holds the one rule every output
//! file follows (what a target may be, temporary file and rename, leftovers cleaned);
//! [`lock`] gives a sweep's results file a single writer. [`table`] is the one encoding of
//! tidy tables (CSV and JSON Lines), [`tables`] the per-round and per-message tables of a run.
//! [`game`] is a recorded game: the moves a person played in a seat, replayable exactly.
//! [`transcript`] is a run's dated transcript as text, the terminal's and the explorer's.
//! [`direct`] writes a large file past the page cache.
#![warn(missing_docs)]

pub mod analysis;
pub mod direct;
pub mod game;
pub mod json;
pub mod lock;
pub mod messages;
pub mod output;
pub mod provenance;
pub mod run;
pub mod table;
pub mod tables;
pub mod transcript;

pub use provenance::{DETENTE_VERSION, DesignValue, Provenance};
pub use run::RunResult;

/// The JSON Schema of a run's result, generated from [`RunResult`].
pub fn run_result_schema() -> schemars::Schema {
    schemars::schema_for!(RunResult)
}

/// The version of every file's layout (run results, sweep rows and metas). It changes when a
/// field is renamed, removed or changes meaning; adding a field does not change it.
pub const SCHEMA_VERSION: u32 = 2;

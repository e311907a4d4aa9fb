//! Monte Carlo sweeps for detente: one what-if, many seeds, an answer with intervals.
//!
//! A [`plan::Plan`] names a scenario, a [`design::Design`] (configurations: parameter grids
//! or a table), a number of seeded runs per configuration and an optional shard. The
//! [`exec`] module runs its jobs many at once on tokio, each run still deterministic; each
//! finished run becomes one [`results::Row`], appended to a CSV or JSON Lines file as it
//! finishes, so a killed sweep can resume; [`stats`] turns rows into outcome shares with
//! Wilson intervals, whatever order the rows were written in; [`sensitivity`] runs a Morris
//! or Sobol sample as a sweep and turns its rows into indices.
#![warn(missing_docs)]

pub mod design;
pub mod exec;
pub mod plan;
pub mod results;
pub mod sensitivity;
pub mod session;
pub mod stats;
pub mod store;
pub mod summary;

/// Why a sweep cannot go on.
#[derive(Debug, thiserror::Error)]
pub enum SweepError {
    /// Bad input: a design, a results file that belongs to another sweep, a shard spec.
    #[error("{0}")]
    Input(String),
    /// A file could not be read or written.
    #[error("{path}: {message}")]
    Io {
        /// The file.
        path: String,
        /// What went wrong.
        message: String,
    },
    /// A run failed inside the runtime.
    #[error("run {run} (configuration {config}, seed {seed}) failed: {source}")]
    Run {
        /// The run's index.
        run: u64,
        /// Its configuration.
        config: usize,
        /// Its seed.
        seed: u64,
        /// The runtime's error.
        source: detente_runtime::RunError,
    },
}

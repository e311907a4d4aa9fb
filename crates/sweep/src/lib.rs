//! Monte Carlo sweeps for detente: one what-if, many seeds, an answer with intervals.
//!
//! A [`plan::Plan`] names a scenario, a [`design::Design`] (configurations: parameter grids
//! or a table), a number of seeded runs per configuration and an optional shard. The
//! [`exec`] module runs its jobs many at once on tokio, each run still deterministic; each
//! finished run becomes one [`results::Row`], appended to a CSV or JSON Lines file as it
//! finishes, so a killed sweep can resume; [`stats`] turns rows into outcome shares with
//! Wilson intervals, whatever order the rows were written in; [`sensitivity`] runs a Morris
//! or Sobol sample as a sweep and turns its rows into indices; [`alone`] counts the model's
//! own runs on seeds 1 to N, what a game is compared with.
#![warn(missing_docs)]

pub mod alone;
pub mod design;
pub mod exec;
pub mod paired;
pub mod patterns;
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
    #[error("{path}: {error}")]
    Io {
        /// The file.
        path: String,
        /// The error itself (said in the message, not chained, so it is said once).
        error: Box<dyn std::error::Error + Send + Sync>,
    },
    /// A run failed inside the runtime.
    #[error("run {run} (configuration {config}, seed {seed}) failed: {error}")]
    Run {
        /// The run's index.
        run: u64,
        /// Its configuration.
        config: usize,
        /// Its seed.
        seed: u64,
        /// The runtime's error (said in the message, not chained, so it is said once).
        error: detente_runtime::RunError,
    },
    /// The machine could not give a worker what it needs (a thread, a tokio runtime).
    #[error("{0}")]
    Internal(String),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_say_their_cause_once_and_keep_it() {
        let e = SweepError::Run {
            run: 3,
            config: 0,
            seed: 7,
            error: detente_runtime::RunError::Stalled {
                actors: "stalin".into(),
                round: 2,
                date: "1945-07".into(),
                timeout_ms: 10,
            },
        };
        // The binary prints errors with their chain, as anyhow's `{:#}` does.
        let shown = format!("{:#}", anyhow::anyhow!(e));
        assert_eq!(shown.matches("stalled").count(), 1, "{shown}");
        let shown = format!("{:#}", anyhow::anyhow!(denied()));
        assert_eq!(shown.matches("permission denied").count(), 1, "{shown}");
        let SweepError::Io { error, .. } = denied() else {
            unreachable!()
        };
        let kind = error.downcast_ref::<std::io::Error>().map(|e| e.kind());
        assert_eq!(
            kind,
            Some(std::io::ErrorKind::PermissionDenied),
            "the error is kept"
        );
    }

    fn denied() -> SweepError {
        SweepError::Io {
            path: "r.csv".into(),
            error: std::io::Error::from(std::io::ErrorKind::PermissionDenied).into(),
        }
    }
}

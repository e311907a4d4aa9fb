//! Running a sweep's jobs: worker threads, each driving runs on its own tokio runtime.

use crate::SweepError;
use crate::plan::{Job, Plan};
use crate::results::Row;
use detente_model::Scenario;
use detente_runtime::RunOptions;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// The row of a finished run.
pub fn row_of(job: Job, record: &detente_model::RunRecord) -> Row {
    let eq = &record.equilibrium;
    Row {
        run: job.run,
        config: job.config,
        seed: job.seed,
        reason: eq.reason.as_str().to_string(),
        round: eq.round,
        date: eq.date.to_string(),
        outcome: eq.outcome.clone(),
        positions: eq.positions.clone(),
        mean_trust: eq.veto_trust,
        messages: eq.message_count,
    }
}

/// Run every job of `plan` in this shard that is not in `done` (sorted run indices), on
/// `threads` workers.
/// Each worker owns a current-thread tokio runtime and takes the next job when it is free,
/// so both cores stay busy; every run is deterministic, whatever order they finish in.
/// `on_row` sees each row as its run finishes (on the calling thread); if it fails, the
/// sweep stops after the runs in flight.
pub fn execute(
    plan: &Plan,
    scenarios: &[Arc<Scenario>],
    bases: &[u64],
    done: &[u64],
    threads: usize,
    mut on_row: impl FnMut(Row) -> Result<(), SweepError>,
) -> Result<(), SweepError> {
    let in_shard = plan.runs_in_shard();
    let next = AtomicU64::new(0);
    let stop = AtomicBool::new(false);
    let (tx, rx) = std::sync::mpsc::sync_channel::<Result<Row, SweepError>>(1024);
    std::thread::scope(|s| -> Result<(), SweepError> {
        let mut workers = 0;
        for _ in 0..threads.max(1) {
            let tx = tx.clone();
            let (next, stop) = (&next, &stop);
            let spawned = std::thread::Builder::new().spawn_scoped(s, move || {
                let runtime = match tokio::runtime::Builder::new_current_thread()
                    .enable_time()
                    .build()
                {
                    Ok(rt) => rt,
                    Err(e) => {
                        let _ = tx.send(Err(SweepError::Internal(format!(
                            "cannot start a tokio runtime: {e}"
                        ))));
                        return;
                    }
                };
                while !stop.load(Ordering::Relaxed) {
                    let k = next.fetch_add(1, Ordering::Relaxed);
                    if k >= in_shard {
                        break;
                    }
                    let run = plan.shard_run(k);
                    if done.binary_search(&run).is_ok() {
                        continue;
                    }
                    let job = plan.job(run, bases);
                    // A row needs only the end of the run.
                    let options = RunOptions {
                        recording: detente_model::Recording::Final,
                        ..RunOptions::new(job.seed)
                    };
                    let scenario = Arc::clone(&scenarios[job.config]);
                    let result = runtime
                        .block_on(detente_runtime::run_async(scenario, &options))
                        .map(|record| row_of(job, &record))
                        .map_err(|error| SweepError::Run {
                            run,
                            config: job.config,
                            seed: job.seed,
                            error,
                        });
                    if tx.send(result).is_err() {
                        break;
                    }
                }
            });
            // The system may refuse more threads: go on with those it gave, if any.
            match spawned {
                Ok(_) => workers += 1,
                Err(e) if workers == 0 => {
                    return Err(SweepError::Internal(format!(
                        "cannot start a worker thread: {e}"
                    )));
                }
                Err(_) => break,
            }
        }
        drop(tx);
        let mut outcome = Ok(());
        for result in rx {
            let handled = result.and_then(&mut on_row);
            if let Err(e) = handled {
                stop.store(true, Ordering::Relaxed);
                if outcome.is_ok() {
                    outcome = Err(e);
                }
            }
        }
        outcome
    })
}

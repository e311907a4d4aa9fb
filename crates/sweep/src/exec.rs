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
///
/// The calling thread is one of the workers: between its own runs it takes the other
/// workers' rows without waiting for them, so a finished run wakes no sleeping thread (on
/// a virtual machine a wake-up cost about a tenth of a run), and with one thread there is
/// no second thread at all.
pub fn execute(
    plan: &Plan,
    scenarios: &[Arc<Scenario>],
    bases: &[u64],
    done: &[u64],
    threads: usize,
    mut on_row: impl FnMut(Row) -> Result<(), SweepError>,
) -> Result<(), SweepError> {
    let work = Work {
        plan,
        scenarios,
        bases,
        done,
        in_shard: plan.runs_in_shard(),
        next: AtomicU64::new(0),
        stop: AtomicBool::new(false),
    };
    let (tx, rx) = std::sync::mpsc::sync_channel::<Result<Row, SweepError>>(1024);
    std::thread::scope(|s| -> Result<(), SweepError> {
        for _ in 1..threads.max(1) {
            let tx = tx.clone();
            let work = &work;
            let spawned = std::thread::Builder::new().spawn_scoped(s, move || {
                work.each_result(|result| tx.send(result).is_ok());
            });
            // The system may refuse more threads: go on with those it gave.
            if spawned.is_err() {
                break;
            }
        }
        drop(tx);
        let mut outcome = Ok(());
        let mut handle = |result: Result<Row, SweepError>| {
            if let Err(e) = result.and_then(&mut on_row) {
                work.stop.store(true, Ordering::Relaxed);
                if outcome.is_ok() {
                    outcome = Err(e);
                }
            }
        };
        work.each_result(|result| {
            handle(result);
            while let Ok(other) = rx.try_recv() {
                handle(other);
            }
            true
        });
        // The other workers' last runs.
        for result in rx {
            handle(result);
        }
        outcome
    })
}

/// The jobs of one sweep, shared by its workers.
struct Work<'a> {
    plan: &'a Plan,
    scenarios: &'a [Arc<Scenario>],
    bases: &'a [u64],
    done: &'a [u64],
    in_shard: u64,
    /// The next job to take, by its index in the shard.
    next: AtomicU64,
    /// Set when a row could not be handled: workers take no more jobs.
    stop: AtomicBool,
}

impl Work<'_> {
    /// Take jobs until none are left or the sweep stops, giving each result to `give`
    /// (false: stop taking jobs), on a current-thread tokio runtime of this thread's own.
    fn each_result(&self, mut give: impl FnMut(Result<Row, SweepError>) -> bool) {
        let runtime = match tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
        {
            Ok(rt) => rt,
            Err(e) => {
                give(Err(SweepError::Internal(format!(
                    "cannot start a tokio runtime: {e}"
                ))));
                return;
            }
        };
        while !self.stop.load(Ordering::Relaxed) {
            let k = self.next.fetch_add(1, Ordering::Relaxed);
            if k >= self.in_shard {
                break;
            }
            let run = self.plan.shard_run(k);
            if self.done.binary_search(&run).is_ok() {
                continue;
            }
            let job = self.plan.job(run, self.bases);
            // A row needs only the end of the run.
            let options = RunOptions {
                recording: detente_model::Recording::Final,
                ..RunOptions::new(job.seed)
            };
            let scenario = Arc::clone(&self.scenarios[job.config]);
            let result = runtime
                .block_on(detente_runtime::run_async(scenario, &options))
                .map(|record| row_of(job, &record))
                .map_err(|error| SweepError::Run {
                    run,
                    config: job.config,
                    seed: job.seed,
                    error,
                });
            if !give(result) {
                break;
            }
        }
    }
}

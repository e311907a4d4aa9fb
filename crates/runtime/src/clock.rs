//! The clock task: ticks every actor, gathers every report, logs the round, stops at equilibrium.

use crate::actor;
use crate::mailbox;
use crate::reports::{Incomplete, Reports};
use crate::{RunError, RunOptions, log};
use detente_model::{ActorId, Agent, Clock, RunRecord, Scenario};
use std::sync::Arc;
use tokio::task::AbortHandle;
use tracing::Instrument;

/// Run `scenario` on a tokio runtime built for `options.threads` workers.
pub fn run(scenario: Arc<Scenario>, options: &RunOptions) -> Result<RunRecord, RunError> {
    let runtime = if options.threads <= 1 {
        tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .map_err(RunError::Runtime)?
    } else {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(options.threads)
            .enable_time()
            .build()
            .map_err(RunError::Runtime)?
    };
    let result = runtime.block_on(run_async(scenario, options));
    // A stalled actor must not hold the process hostage.
    runtime.shutdown_timeout(std::time::Duration::from_millis(100));
    result
}

/// Aborts the actor tasks when the run ends, however it ends.
struct Tasks(Vec<AbortHandle>);

impl Drop for Tasks {
    fn drop(&mut self) {
        for t in &self.0 {
            t.abort();
        }
    }
}

/// Aborts the clock's task if the run's future is dropped before it ends, as dropping the
/// clock's future itself did (its actors are aborted with it, by [`Tasks`]).
struct ClockTask(tokio::task::JoinHandle<Result<RunRecord, RunError>>);

impl Drop for ClockTask {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Run `scenario` on the current tokio runtime.
pub async fn run_async(
    scenario: Arc<Scenario>,
    options: &RunOptions,
) -> Result<RunRecord, RunError> {
    let span = log::run_span(&scenario, options.seed);
    let flavor = tokio::runtime::Handle::current().runtime_flavor();
    if flavor != tokio::runtime::RuntimeFlavor::CurrentThread {
        // On worker threads the clock stays on the caller's thread, where a subscriber
        // set for that thread alone still sees its events.
        return drive(scenario, options).instrument(span).await;
    }
    let options = options.clone();
    // On a current-thread runtime the clock is a task beside the actors (on the same
    // thread), not the future the runtime blocks on: the last report then puts it on the
    // run queue like any task, where waking the blocked-on future made the runtime park
    // and poll its driver every round.
    let mut clock = ClockTask(tokio::spawn(
        async move { drive(scenario, &options).await }.instrument(span),
    ));
    match (&mut clock.0).await {
        Ok(result) => result,
        Err(e) => match e.try_into_panic() {
            Ok(payload) => std::panic::resume_unwind(payload),
            // Only a runtime shutting down cancels the clock, and it is awaited here.
            Err(e) => panic!("the clock task was cancelled: {e}"),
        },
    }
}

async fn drive(scenario: Arc<Scenario>, options: &RunOptions) -> Result<RunRecord, RunError> {
    let n = scenario.actors.len();
    let reports = Arc::new(Reports::new(n));
    let (senders, receivers): (Vec<_>, Vec<_>) = (0..n).map(|_| mailbox::mailbox()).unzip();
    let peers = Arc::new(senders);
    let mut tasks = Tasks(Vec::with_capacity(n));
    for (k, mailbox) in receivers.into_iter().enumerate() {
        let id = ActorId(k as u16);
        let agent = Agent::new(&scenario, id, options.seed);
        let task = tokio::spawn(actor::run(
            agent,
            Arc::clone(&scenario),
            mailbox,
            Arc::clone(&peers),
            Arc::clone(&reports),
            options.fault.clone(),
        ));
        tasks.0.push(task.abort_handle());
    }

    let mut clock =
        Clock::new(Arc::clone(&scenario), options.seed).with_recording(options.recording);
    // The rounds' timeout: one timer for the run, set again each round (see `gather`).
    let timer = tokio::time::sleep(options.round_timeout);
    tokio::pin!(timer);
    loop {
        let round = clock.round();
        // Only an error names the date: it is formatted then, not every round.
        let date = || scenario.date(round).to_string();
        for (k, tick) in clock.begin_round().into_iter().enumerate() {
            peers[k].tick(tick);
        }
        let outputs = match reports.gather(timer.as_mut(), options.round_timeout).await {
            Ok(outputs) => outputs,
            Err(Incomplete::Failed(actor, message)) => {
                return Err(RunError::ActorPanicked {
                    actor: scenario.actor(actor).id.clone(),
                    round,
                    date: date(),
                    message,
                });
            }
            Err(Incomplete::Silent(silent)) => {
                let silent: Vec<&str> = silent
                    .iter()
                    .map(|&a| scenario.actor(a).id.as_str())
                    .collect();
                return Err(RunError::Stalled {
                    actors: silent.join(", "),
                    round,
                    date: date(),
                    timeout_ms: options.round_timeout.as_millis(),
                });
            }
        };
        let equilibrium = clock.end_round(outputs);
        if let Some(rec) = clock.rounds().last() {
            log::round(&scenario, rec);
        }
        if let Some(eq) = equilibrium {
            log::equilibrium(&scenario, &eq);
            drop(tasks);
            return Ok(clock.finish(eq));
        }
    }
}

//! The clock task: ticks every actor, gathers every report, logs the round, stops at equilibrium.

use crate::actor::{self, ToClock};
use crate::mailbox;
use crate::{RunError, RunOptions, log};
use detente_model::{ActorId, Agent, Clock, RunRecord, Scenario, StepOutput};
use std::sync::Arc;
use tokio::sync::mpsc;
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

/// Run `scenario` on the current tokio runtime.
pub async fn run_async(
    scenario: Arc<Scenario>,
    options: &RunOptions,
) -> Result<RunRecord, RunError> {
    let span = log::run_span(&scenario, options.seed);
    drive(scenario, options).instrument(span).await
}

async fn drive(scenario: Arc<Scenario>, options: &RunOptions) -> Result<RunRecord, RunError> {
    let n = scenario.actors.len();
    let (to_clock, mut from_actors) = mpsc::unbounded_channel();
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
            to_clock.clone(),
            options.fault.clone(),
        ));
        tasks.0.push(task.abort_handle());
    }
    drop(to_clock);

    let mut clock =
        Clock::new(Arc::clone(&scenario), options.seed).with_recording(options.recording);
    loop {
        let round = clock.round();
        // Only an error names the date: it is formatted then, not every round.
        let date = || scenario.date(round).to_string();
        for (k, tick) in clock.begin_round().into_iter().enumerate() {
            peers[k].tick(tick);
        }
        let mut outputs: Vec<Option<StepOutput>> = (0..n).map(|_| None).collect();
        let mut remaining = n;
        // One timer a round, armed only if the clock has to wait.
        let timeout = tokio::time::sleep(options.round_timeout);
        tokio::pin!(timeout);
        while remaining > 0 {
            // A report already waiting is taken without polling the timer.
            let next = match from_actors.try_recv() {
                Ok(report) => Ok(Some(report)),
                Err(_) => tokio::select! {
                    biased;
                    report = from_actors.recv() => Ok(report),
                    () = &mut timeout => Err(()),
                },
            };
            match next {
                Ok(Some(ToClock::Report { actor, output })) => {
                    if outputs[actor.index()].replace(output).is_none() {
                        remaining -= 1;
                    }
                }
                Ok(Some(ToClock::Failed { actor, message })) => {
                    return Err(RunError::ActorPanicked {
                        actor: scenario.actor(actor).id.clone(),
                        round,
                        date: date(),
                        message,
                    });
                }
                Ok(None) | Err(_) => {
                    let silent: Vec<&str> = outputs
                        .iter()
                        .enumerate()
                        .filter(|(_, o)| o.is_none())
                        .map(|(k, _)| scenario.actors[k].id.as_str())
                        .collect();
                    return Err(RunError::Stalled {
                        actors: silent.join(", "),
                        round,
                        date: date(),
                        timeout_ms: options.round_timeout.as_millis(),
                    });
                }
            }
        }
        let outputs: Vec<StepOutput> = outputs.into_iter().flatten().collect();
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

//! The plain executor: the same clock and actor logic in a single-threaded loop, no tokio.

use crate::agent::Agent;
use crate::clock::{Clock, Recording};
use crate::inbox::Inbox;
use crate::record::RunRecord;
use crate::scenario::Scenario;
use std::sync::Arc;

/// Run `scenario` with `seed` to its equilibrium, calling `on_round` after every round
/// with the clock (whose last record is the round just played).
pub fn run_with(scenario: Arc<Scenario>, seed: u64, on_round: impl FnMut(&Clock)) -> RunRecord {
    run_recording(scenario, seed, Recording::Full, on_round)
}

/// Run keeping only what `recording` asks for.
pub fn run_recording(
    scenario: Arc<Scenario>,
    seed: u64,
    recording: Recording,
    mut on_round: impl FnMut(&Clock),
) -> RunRecord {
    let mut clock = Clock::new(Arc::clone(&scenario), seed).with_recording(recording);
    let mut agents: Vec<Agent> = scenario
        .actor_ids()
        .map(|id| Agent::new(&scenario, id, seed))
        .collect();
    let mut inboxes: Vec<Inbox> = agents.iter().map(|_| Inbox::new()).collect();
    loop {
        let ticks = clock.begin_round();
        let mut outputs = Vec::with_capacity(agents.len());
        for (k, (agent, tick)) in agents.iter_mut().zip(&ticks).enumerate() {
            let due = inboxes[k].take_before(tick.round);
            let out = agent.step(&scenario, tick, due);
            for m in &out.messages {
                inboxes[m.to.index()].push(m.clone());
            }
            outputs.push(out);
        }
        let eq = clock.end_round(outputs);
        on_round(&clock);
        if let Some(eq) = eq {
            return clock.finish(eq);
        }
    }
}

/// Run `scenario` with `seed` to its equilibrium.
pub fn run(scenario: Arc<Scenario>, seed: u64) -> RunRecord {
    run_with(scenario, seed, |_| {})
}

//! An actor task: waits on its mailbox for each tick, runs the model's step, sends the
//! messages to its peers and reports to the clock.

use crate::Fault;
use crate::mailbox::{Address, Mailbox};
use detente_model::{ActorId, Agent, Scenario, StepOutput};
use futures_util::FutureExt;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use tokio::sync::mpsc::UnboundedSender;

/// What the clock hears from the actors.
#[derive(Debug)]
pub(crate) enum ToClock {
    /// An actor finished its round.
    Report { actor: ActorId, output: StepOutput },
    /// An actor's task panicked.
    Failed { actor: ActorId, message: String },
}

/// Run one actor until its mailbox closes; if its step panics, tell the clock at once
/// (with the panic's message) instead of leaving it to wait for the round's timeout.
pub(crate) async fn run(
    agent: Agent,
    scenario: Arc<Scenario>,
    mailbox: Mailbox,
    peers: Arc<Vec<Address>>,
    clock: UnboundedSender<ToClock>,
    fault: Option<Fault>,
) {
    let me = agent.id();
    let steps = step_each_tick(agent, scenario, mailbox, peers, clock.clone(), fault);
    if let Err(payload) = AssertUnwindSafe(steps).catch_unwind().await {
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into());
        let _ = clock.send(ToClock::Failed { actor: me, message });
    }
}

async fn step_each_tick(
    mut agent: Agent,
    scenario: Arc<Scenario>,
    mut mailbox: Mailbox,
    peers: Arc<Vec<Address>>,
    clock: UnboundedSender<ToClock>,
    fault: Option<Fault>,
) {
    let me = agent.id();
    let my_id = scenario.actor(me).id.clone();
    while let Some((tick, due)) = mailbox.next_tick().await {
        match &fault {
            Some(Fault::Panic { actor, round }) if *actor == my_id && *round == tick.round => {
                panic!("injected fault in {my_id}");
            }
            Some(Fault::Stall { actor, round }) if *actor == my_id && *round == tick.round => {
                std::future::pending::<()>().await;
            }
            _ => {}
        }
        let output = agent.step(&scenario, &tick, due);
        for m in &output.messages {
            // A recipient whose task has ended (the run is over) is not an error.
            peers[m.to.index()].send(m.clone());
        }
        if clock.send(ToClock::Report { actor: me, output }).is_err() {
            return;
        }
    }
}

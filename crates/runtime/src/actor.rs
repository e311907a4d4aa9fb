//! An actor task: one mailbox, the model's step on every tick, messages out to the peers.

use crate::Fault;
use detente_model::{ActorId, Agent, Inbox, Message, Scenario, StepOutput, Tick};
use std::sync::Arc;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender};

/// What arrives in an actor's mailbox.
#[derive(Debug)]
pub(crate) enum Envelope {
    /// A message from another actor.
    Message(Message),
    /// The clock's tick: handle everything sent before this round, then report.
    Tick(Tick),
}

/// What the clock hears from the actors.
#[derive(Debug)]
pub(crate) enum ToClock {
    /// An actor finished its round.
    Report { actor: ActorId, output: StepOutput },
    /// An actor's task panicked.
    Failed { actor: ActorId, message: String },
}

/// Mailboxes are unbounded on purpose: every actor both sends and receives, so bounded
/// mailboxes could deadlock two actors waiting on each other's full queues. The model
/// bounds traffic instead: a handful of messages per actor per round.
pub(crate) async fn run(
    mut agent: Agent,
    scenario: Arc<Scenario>,
    mut mailbox: UnboundedReceiver<Envelope>,
    peers: Arc<Vec<UnboundedSender<Envelope>>>,
    clock: UnboundedSender<ToClock>,
    fault: Option<Fault>,
) {
    let me = agent.id();
    let my_id = scenario.actor(me).id.clone();
    let mut inbox = Inbox::new();
    while let Some(envelope) = mailbox.recv().await {
        match envelope {
            Envelope::Message(m) => inbox.push(m),
            Envelope::Tick(tick) => {
                match &fault {
                    Some(Fault::Panic { actor, round })
                        if *actor == my_id && *round == tick.round =>
                    {
                        panic!("injected fault in {my_id}");
                    }
                    Some(Fault::Stall { actor, round })
                        if *actor == my_id && *round == tick.round =>
                    {
                        std::future::pending::<()>().await;
                    }
                    _ => {}
                }
                let due = inbox.take_before(tick.round);
                let output = agent.step(&scenario, &tick, due);
                for m in &output.messages {
                    // A recipient whose task has ended (the run is over) is not an error.
                    let _ = peers[m.to.index()].send(Envelope::Message(m.clone()));
                }
                if clock.send(ToClock::Report { actor: me, output }).is_err() {
                    return;
                }
            }
        }
    }
}

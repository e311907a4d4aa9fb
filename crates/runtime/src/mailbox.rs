//! An actor's mailbox: an unbounded channel of envelopes, and the tick discipline that
//! hands the actor what was sent before the tick, in canonical order.

use detente_model::{Inbox, Message, Tick};
use tokio::sync::mpsc::{self, UnboundedReceiver, UnboundedSender};

/// What arrives in a mailbox.
#[derive(Debug)]
pub enum Envelope {
    /// A message from another actor.
    Message(Message),
    /// The clock's tick: handle everything sent before this round, then report. Boxed:
    /// ticks are rare, and a small envelope makes every message cheaper to move.
    Tick(Box<Tick>),
}

/// The sending side: cheap to clone, one per peer.
#[derive(Debug, Clone)]
pub struct Address {
    tx: UnboundedSender<Envelope>,
}

/// The receiving side, owned by the actor's task.
#[derive(Debug)]
pub struct Mailbox {
    rx: UnboundedReceiver<Envelope>,
    inbox: Inbox,
}

/// A new mailbox and its address.
///
/// Unbounded on purpose: every actor both sends and receives, so bounded mailboxes could
/// deadlock two actors waiting on each other's full queues. The model bounds traffic
/// instead: a handful of messages per actor per round.
pub fn mailbox() -> (Address, Mailbox) {
    let (tx, rx) = mpsc::unbounded_channel();
    (
        Address { tx },
        Mailbox {
            rx,
            inbox: Inbox::new(),
        },
    )
}

impl Address {
    /// Deliver a message; false if the actor is gone (the run is over), which is not an error.
    pub fn send(&self, message: Message) -> bool {
        self.tx.send(Envelope::Message(message)).is_ok()
    }

    /// Deliver the clock's tick.
    pub fn tick(&self, tick: Tick) -> bool {
        self.tx.send(Envelope::Tick(Box::new(tick))).is_ok()
    }
}

impl Mailbox {
    /// Wait for the next tick, keeping every message that arrives meanwhile; return the
    /// tick and the messages sent before its round, sorted by (sender, sequence). Messages
    /// of the tick's own round stay for the next one. `None` when every address is gone.
    pub async fn next_tick(&mut self) -> Option<(Tick, Vec<Message>)> {
        loop {
            match self.rx.recv().await? {
                Envelope::Message(m) => self.inbox.push(m),
                Envelope::Tick(tick) => {
                    let due = self.inbox.take_before(tick.round);
                    return Some((*tick, due));
                }
            }
        }
    }
}

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

/// The most envelopes taken off the channel at once: enough to pay the channel's
/// per-receive cost once for several messages, few enough that the buffer every actor
/// keeps stays small (8 envelopes are 512 bytes).
const BATCH: usize = 8;

/// The receiving side, owned by the actor's task.
#[derive(Debug)]
pub struct Mailbox {
    rx: UnboundedReceiver<Envelope>,
    inbox: Inbox,
    /// Envelopes taken off the channel and not yet looked at (empty between batches but
    /// for what came after a tick).
    batch: Vec<Envelope>,
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
            batch: Vec::new(),
        },
    )
}

impl Address {
    /// Deliver a message; false if the actor is gone (the run is over), which is not an error.
    #[inline]
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
            if self.batch.is_empty() && self.rx.recv_many(&mut self.batch, BATCH).await == 0 {
                return None;
            }
            // What is still queued arrives before the tick too: the inbox grows once.
            self.inbox.reserve(self.batch.len() + self.rx.len());
            let tick = self
                .batch
                .iter()
                .position(|e| matches!(e, Envelope::Tick(_)));
            // Envelopes after the tick stay for the next call, as if not yet received.
            let end = tick.map_or(self.batch.len(), |at| at + 1);
            let mut due = None;
            for envelope in self.batch.drain(..end) {
                match envelope {
                    Envelope::Message(m) => self.inbox.push(m),
                    Envelope::Tick(tick) => {
                        let messages = self.inbox.take_before(tick.round);
                        due = Some((*tick, messages));
                    }
                }
            }
            if due.is_some() {
                return due;
            }
        }
    }
}

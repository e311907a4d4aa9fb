//! An actor's mailbox: a channel of messages and a channel of ticks, and the tick
//! discipline that hands the actor what was sent before the tick, in canonical order.

use detente_model::{Inbox, Message, Tick};
use tokio::sync::mpsc::{self, UnboundedReceiver, UnboundedSender};

/// The sending side: cheap to clone, one per peer.
#[derive(Debug, Clone)]
pub struct Address {
    messages: UnboundedSender<Message>,
    /// Boxed: ticks are rare, and a small slot keeps the channel's blocks small.
    ticks: UnboundedSender<Box<Tick>>,
}

/// The receiving side, owned by the actor's task.
///
/// The actor waits only on its ticks. A message is never awaited: a message of round r is
/// handled at the tick of round r + 1 at the earliest, and that tick is sent only after
/// every actor has reported round r, which each does after sending its messages. So when
/// a tick arrives, every message it is owed is already in the channel, and a message sent
/// meanwhile wakes no one (its recipient would only file it away).
#[derive(Debug)]
pub struct Mailbox {
    messages: UnboundedReceiver<Message>,
    ticks: UnboundedReceiver<Box<Tick>>,
    inbox: Inbox,
}

/// A new mailbox and its address.
///
/// Unbounded on purpose: every actor both sends and receives, so bounded mailboxes could
/// deadlock two actors waiting on each other's full queues. The model bounds traffic
/// instead: a handful of messages per actor per round.
pub fn mailbox() -> (Address, Mailbox) {
    let (messages_tx, messages) = mpsc::unbounded_channel();
    let (ticks_tx, ticks) = mpsc::unbounded_channel();
    (
        Address {
            messages: messages_tx,
            ticks: ticks_tx,
        },
        Mailbox {
            messages,
            ticks,
            inbox: Inbox::new(),
        },
    )
}

impl Address {
    /// Deliver a message; false if the actor is gone (the run is over), which is not an error.
    #[inline]
    pub fn send(&self, message: Message) -> bool {
        self.messages.send(message).is_ok()
    }

    /// Deliver the clock's tick.
    pub fn tick(&self, tick: Tick) -> bool {
        self.ticks.send(Box::new(tick)).is_ok()
    }
}

impl Mailbox {
    /// Wait for the next tick; return it and the messages sent before its round, sorted by
    /// (sender, sequence). Messages of the tick's own round stay for the next one. `None`
    /// when every address is gone.
    pub async fn next_tick(&mut self) -> Option<(Tick, Vec<Message>)> {
        let tick = self.ticks.recv().await?;
        // Everything the tick is owed is queued (see [`Mailbox`]): the inbox grows once.
        self.inbox.reserve(self.messages.len());
        while let Ok(m) = self.messages.try_recv() {
            self.inbox.push(m);
        }
        let due = self.inbox.take_before(tick.round);
        Some((*tick, due))
    }
}

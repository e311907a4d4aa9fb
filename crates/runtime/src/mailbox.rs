//! An actor's mailbox: a shared queue of messages and a channel of ticks, and the tick
//! discipline that hands the actor what was sent before the tick, in canonical order.

use detente_model::{Inbox, Message, Tick};
use std::sync::{Arc, Mutex, PoisonError};
use tokio::sync::mpsc::{self, UnboundedReceiver, UnboundedSender};

/// Messages sent to one actor and not yet taken at a tick.
///
/// A plain locked list, not a channel: a message is never awaited (see [`Mailbox`]), so it
/// needs no waker, no semaphore and no per-message hand-over; at the tick the whole list
/// is taken in one swap. The lock is held only to push one message or to swap the list.
type Queue = Arc<Mutex<Vec<Message>>>;

/// The sending side: cheap to clone, one per peer.
#[derive(Debug, Clone)]
pub struct Address {
    messages: Queue,
    /// Boxed: ticks are rare, and a small slot keeps the channel's blocks small.
    ticks: UnboundedSender<Box<Tick>>,
}

/// The receiving side, owned by the actor's task.
///
/// The actor waits only on its ticks. A message is never awaited: a message of round r is
/// handled at the tick of round r + 1 at the earliest, and that tick is sent only after
/// every actor has reported round r, which each does after sending its messages. So when
/// a tick arrives, every message it is owed is already queued, and a message sent
/// meanwhile wakes no one (its recipient would only file it away).
#[derive(Debug)]
pub struct Mailbox {
    messages: Queue,
    ticks: UnboundedReceiver<Box<Tick>>,
    inbox: Inbox,
    /// How many messages the last tick took: the next round's list starts with that room,
    /// so it rarely regrows.
    last_taken: usize,
}

/// A new mailbox and its address.
///
/// Unbounded on purpose: every actor both sends and receives, so bounded mailboxes could
/// deadlock two actors waiting on each other's full queues. The model bounds traffic
/// instead: a handful of messages per actor per round.
pub fn mailbox() -> (Address, Mailbox) {
    let messages = Queue::default();
    let (ticks_tx, ticks) = mpsc::unbounded_channel();
    (
        Address {
            messages: Arc::clone(&messages),
            ticks: ticks_tx,
        },
        Mailbox {
            messages,
            ticks,
            inbox: Inbox::new(),
            last_taken: 0,
        },
    )
}

impl Address {
    /// Deliver a message; false if the actor is gone (the run is over), which is not an error.
    #[inline]
    pub fn send(&self, message: Message) -> bool {
        if self.ticks.is_closed() {
            return false;
        }
        // A panic while the lock is held can only come from a failed allocation in this
        // push, which leaves the list whole: a poisoned lock is still a good list.
        let mut queue = self.messages.lock().unwrap_or_else(PoisonError::into_inner);
        queue.push(message);
        true
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
        // Everything the tick is owed is queued (see [`Mailbox`]): take it in one swap,
        // allocating the next round's list outside the lock.
        let mut fresh = Vec::with_capacity(self.last_taken);
        {
            let mut queue = self.messages.lock().unwrap_or_else(PoisonError::into_inner);
            std::mem::swap(&mut *queue, &mut fresh);
        }
        self.last_taken = fresh.len();
        let due = self.inbox.take_batch_before(fresh, tick.round);
        Some((*tick, due))
    }
}

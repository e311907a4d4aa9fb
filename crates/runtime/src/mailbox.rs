//! An actor's mailbox: a shared queue of messages and a queue of ticks, and the tick
//! discipline that hands the actor what was sent before the tick, in canonical order.

use detente_model::{Inbox, Message, Tick};
use futures_util::task::AtomicWaker;
use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::Poll;

/// What an actor's addresses and its mailbox share.
///
/// Messages are a plain locked list, not a channel: a message is never awaited (see
/// [`Mailbox`]), so it needs no waker, no semaphore and no per-message hand-over; at the
/// tick the whole list is taken in one swap. Ticks are a locked queue (one tick waits at
/// a time: the clock sends the next only after every report) and one waker: a tokio
/// channel's shared state and first block cost more (at 5,000 actors the peak fell from
/// 12,986 to 12,458 bytes an actor). Every lock is held only to push or to take.
///
/// The waker is an [`AtomicWaker`], not a tokio `Notify`: a mailbox has one waiter, its
/// actor, so a waiter list under a lock and a stored permit are more than it needs (the
/// actor registers, then looks at its ticks, so a tick sent in between is not missed).
#[derive(Debug, Default)]
struct Shared {
    messages: Mutex<Vec<Message>>,
    ticks: Mutex<VecDeque<Tick>>,
    /// Wakes the actor for a tick, or when the last address is gone.
    wake: AtomicWaker,
    /// Addresses alive.
    senders: AtomicUsize,
    /// The mailbox is gone (the actor's task has ended).
    gone: AtomicBool,
}

/// A lock's contents even if a holder panicked: every holder only pushes or swaps, which
/// leaves the list whole.
pub(crate) fn locked<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The sending side: cheap to clone, one per peer.
#[derive(Debug)]
pub struct Address {
    shared: Arc<Shared>,
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
    shared: Arc<Shared>,
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
    let shared = Arc::new(Shared {
        senders: AtomicUsize::new(1),
        ..Shared::default()
    });
    (
        Address {
            shared: Arc::clone(&shared),
        },
        Mailbox {
            shared,
            inbox: Inbox::new(),
            last_taken: 0,
        },
    )
}

impl Clone for Address {
    fn clone(&self) -> Self {
        self.shared.senders.fetch_add(1, Ordering::Relaxed);
        Self {
            shared: Arc::clone(&self.shared),
        }
    }
}

impl Drop for Address {
    fn drop(&mut self) {
        // The last address gone wakes the actor to find no tick will come.
        if self.shared.senders.fetch_sub(1, Ordering::AcqRel) == 1 {
            self.shared.wake.wake();
        }
    }
}

impl Drop for Mailbox {
    fn drop(&mut self) {
        self.shared.gone.store(true, Ordering::Release);
    }
}

impl Address {
    /// Deliver a message; false if the actor is gone (the run is over), which is not an error.
    #[inline]
    pub fn send(&self, message: Message) -> bool {
        if self.shared.gone.load(Ordering::Acquire) {
            return false;
        }
        locked(&self.shared.messages).push(message);
        true
    }

    /// Deliver the clock's tick.
    pub fn tick(&self, tick: Tick) -> bool {
        if self.shared.gone.load(Ordering::Acquire) {
            return false;
        }
        locked(&self.shared.ticks).push_back(tick);
        // After the push: an actor that registered before it is woken, one that registers
        // after it finds the tick.
        self.shared.wake.wake();
        true
    }
}

impl Mailbox {
    /// Wait for the next tick; return it and the messages sent before its round, sorted by
    /// (sender, sequence). Messages of the tick's own round stay for the next one. `None`
    /// when every address is gone.
    pub async fn next_tick(&mut self) -> Option<(Tick, Vec<Message>)> {
        let shared = &self.shared;
        let next = || match locked(&shared.ticks).pop_front() {
            Some(tick) => Poll::Ready(Some(tick)),
            None if shared.senders.load(Ordering::Acquire) == 0 => Poll::Ready(None),
            None => Poll::Pending,
        };
        let tick = match next() {
            Poll::Ready(tick) => tick,
            // Register first, then look again: a tick sent in between is found, one sent
            // after wakes this task.
            Poll::Pending => {
                std::future::poll_fn(|cx| {
                    shared.wake.register(cx.waker());
                    next()
                })
                .await
            }
        }?;
        // Everything the tick is owed is queued (see [`Mailbox`]): take it in one swap,
        // allocating the next round's list outside the lock.
        let mut fresh = Vec::with_capacity(self.last_taken);
        std::mem::swap(&mut *locked(&self.shared.messages), &mut fresh);
        self.last_taken = fresh.len();
        let due = self.inbox.take_batch_before(fresh, tick.round);
        Some((tick, due))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use detente_model::message::MessageId;
    use detente_model::{ActorId, Body, SignalKind};

    fn message(sender: u16, seq: u32, round: u32) -> Message {
        Message {
            id: MessageId {
                round,
                sender: ActorId(sender),
                seq,
            },
            reply_to: None,
            to: ActorId(0),
            body: Body::Signal {
                signal: SignalKind::Reassure,
            },
        }
    }

    fn tick(round: u32) -> Tick {
        let may_1945 = detente_model::YearMonth {
            year: 1945,
            month: 5,
        };
        Tick::quiet(round, may_1945, Arc::new(detente_model::World::isolated(2)))
    }

    fn block_on<F: std::future::Future>(f: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("runtime")
            .block_on(f)
    }

    #[test]
    fn a_tick_hands_over_what_was_sent_before_its_round_in_order() {
        let (address, mut mailbox) = mailbox();
        let other = address.clone();
        assert!(address.send(message(1, 0, 0)));
        assert!(other.send(message(0, 3, 0)));
        assert!(other.send(message(0, 1, 1)));
        // Sent before the tick of round 1: the round-0 messages are due, sorted by
        // (sender, sequence); the round-1 one waits for the next tick.
        assert!(address.tick(tick(1)));
        let (t, due) = block_on(mailbox.next_tick()).expect("a tick");
        assert_eq!(t.round, 1);
        let ids: Vec<_> = due.iter().map(|m| (m.id.sender.0, m.id.seq)).collect();
        assert_eq!(ids, vec![(0, 3), (1, 0)]);
        assert!(address.tick(tick(2)));
        let (t, due) = block_on(mailbox.next_tick()).expect("a tick");
        assert_eq!((t.round, due.len()), (2, 1));
    }

    #[test]
    fn a_waiting_actor_is_woken_by_a_tick_and_ends_when_every_address_is_gone() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("runtime");
        let (address, mut mailbox) = mailbox();
        let other = address.clone();
        let rounds = rt.block_on(async move {
            let actor = tokio::spawn(async move {
                let mut rounds = Vec::new();
                while let Some((t, _)) = mailbox.next_tick().await {
                    rounds.push(t.round);
                }
                rounds
            });
            // The actor is waiting before each tick is sent.
            for r in 0..3 {
                tokio::task::yield_now().await;
                assert!(address.tick(tick(r)));
            }
            tokio::task::yield_now().await;
            drop(address);
            tokio::task::yield_now().await;
            drop(other);
            actor.await.expect("the actor ends")
        });
        assert_eq!(rounds, vec![0, 1, 2]);
    }

    #[test]
    fn sending_to_a_gone_actor_is_refused() {
        let (address, mailbox) = mailbox();
        drop(mailbox);
        assert!(!address.send(message(0, 0, 0)));
        assert!(!address.tick(tick(0)));
    }
}

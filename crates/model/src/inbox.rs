//! An actor's mailbox discipline: take what came before the tick, in canonical order.

use crate::message::Message;

/// Messages received but not yet handled.
///
/// On the tokio runtime, a message sent in round r can reach a recipient before or after
/// that recipient's own tick for round r, depending on scheduling. Handling only messages
/// from earlier rounds, sorted by (sender, sequence), makes the result independent of it.
#[derive(Debug, Default)]
pub struct Inbox {
    pending: Vec<Message>,
}

impl Inbox {
    /// An empty inbox.
    pub fn new() -> Self {
        Self::default()
    }

    /// Store a delivered message.
    pub fn push(&mut self, message: Message) {
        self.pending.push(message);
    }

    /// Remove and return every message sent before `round`, sorted by (sender, sequence).
    pub fn take_before(&mut self, round: u32) -> Vec<Message> {
        // Usually everything waiting is due: take the whole buffer without copying.
        let mut due = if self.pending.iter().all(|m| m.round() < round) {
            // The next round brings about as many: one allocation instead of regrowing.
            let room = self.pending.len();
            std::mem::replace(&mut self.pending, Vec::with_capacity(room))
        } else {
            let (due, later): (Vec<_>, Vec<_>) =
                self.pending.drain(..).partition(|m| m.round() < round);
            self.pending = later;
            due
        };
        // Keys are unique (one sender never reuses a sequence number in a round), so an
        // unstable sort gives the one canonical order, and faster.
        due.sort_unstable_by_key(|m| (m.id.sender, m.id.round, m.id.seq));
        due
    }

    /// Number of messages waiting.
    pub fn len(&self) -> usize {
        self.pending.len()
    }

    /// Whether nothing is waiting.
    pub fn is_empty(&self) -> bool {
        self.pending.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actor::ActorId;
    use crate::message::{Body, MessageId};

    fn msg(round: u32, sender: u16, seq: u32) -> Message {
        Message {
            id: MessageId {
                round,
                sender: ActorId(sender),
                seq,
            },
            reply_to: None,
            to: ActorId(9),
            body: Body::Signal {
                signal: crate::message::SignalKind::Warn,
            },
        }
    }

    #[test]
    fn arrival_order_does_not_matter() {
        let mut a = Inbox::new();
        let mut b = Inbox::new();
        let msgs = [msg(1, 2, 0), msg(1, 0, 1), msg(2, 1, 0), msg(1, 0, 0)];
        for m in msgs.iter() {
            a.push(m.clone());
        }
        for m in msgs.iter().rev() {
            b.push(m.clone());
        }
        let ta = a.take_before(2);
        assert_eq!(ta, b.take_before(2));
        let order: Vec<_> = ta.iter().map(|m| (m.id.sender.0, m.id.seq)).collect();
        assert_eq!(order, vec![(0, 0), (0, 1), (2, 0)]);
        assert_eq!(a.len(), 1, "the round-2 message waits for the next tick");
    }
}

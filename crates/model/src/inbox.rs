//! An actor's mailbox discipline: take what came before the tick, in canonical order.

use crate::message::Message;

/// Below this many messages a comparison sort is as cheap as counting senders.
const COUNTING_MIN: usize = 32;
/// Counting by sender needs a counter per sender id up to the largest one seen, kept on
/// the stack: beyond this many ids the comparison sort is used instead.
const COUNTING_IDS: usize = 1024;

/// Messages received but not yet handled.
///
/// On the tokio runtime, a message sent in round r can reach a recipient before or after
/// that recipient's own tick for round r, depending on scheduling. Handling only messages
/// from earlier rounds, sorted by (sender, round, sequence), makes the result independent
/// of it.
#[derive(Debug, Default)]
pub struct Inbox {
    pending: Vec<Message>,
    /// The latest round among `pending` (0 when empty): when it is before the tick's
    /// round, everything waiting is due and nothing has to be looked at.
    latest: u32,
}

impl Inbox {
    /// An empty inbox.
    pub fn new() -> Self {
        Self::default()
    }

    /// Store a delivered message.
    pub fn push(&mut self, message: Message) {
        self.latest = self.latest.max(message.round());
        self.pending.push(message);
    }

    /// Store a batch of delivered messages (the slow path of [`Inbox::take_batch_before`]).
    fn push_all(&mut self, batch: Vec<Message>) {
        let latest = batch.iter().map(Message::round).max().unwrap_or(0);
        self.latest = self.latest.max(latest);
        if self.pending.is_empty() {
            self.pending = batch;
        } else {
            self.pending.extend(batch);
        }
    }

    /// Store `batch` and take every message sent before `round`, as pushing each message
    /// then [`Inbox::take_before`] would. Two usual cases move each message at most once:
    /// nothing waiting and the whole batch due (the batch itself is sorted and returned),
    /// and everything waiting due with the batch's due messages all before the others
    /// (one thread); any other case files the batch and picks the due messages out.
    pub fn take_batch_before(&mut self, mut batch: Vec<Message>, round: u32) -> Vec<Message> {
        // Where the batch's due messages end, if they all come before the others.
        let split = batch
            .iter()
            .position(|m| m.round() >= round)
            .unwrap_or(batch.len());
        let tail_has_due = batch[split..].iter().any(|m| m.round() < round);
        let some_waiting_not_due = !self.pending.is_empty() && self.latest >= round;
        if tail_has_due || some_waiting_not_due {
            self.push_all(batch);
            return self.take_before(round);
        }
        if self.pending.is_empty() && split == batch.len() {
            canonical_order(&mut batch);
            return batch;
        }
        // The usual case on one thread: what waited since the last tick (all due now)
        // and the batch's due head, sent last round by actors that ran after this one;
        // the batch's tail, this round's messages of those that ran before it, waits.
        // Each message is moved once, where filing the batch and then picking the due
        // ones out moved it twice, one at a time.
        let mut due = std::mem::take(&mut self.pending);
        due.extend(batch.drain(..split));
        self.latest = batch.iter().map(Message::round).max().unwrap_or(0);
        self.pending = batch;
        canonical_order(&mut due);
        due
    }

    /// Make room for `additional` more messages (a mailbox that knows how many are
    /// queued grows the buffer once instead of doubling it).
    #[inline]
    pub fn reserve(&mut self, additional: usize) {
        self.pending.reserve(additional);
    }

    /// Remove and return every message sent before `round`, sorted by (sender, round,
    /// sequence).
    pub fn take_before(&mut self, round: u32) -> Vec<Message> {
        let mut due = if self.pending.is_empty() || self.latest < round {
            // Usually everything waiting is due: take the whole buffer without copying.
            // The next round brings about as many: one allocation instead of regrowing.
            let room = self.pending.len();
            self.latest = 0;
            std::mem::replace(&mut self.pending, Vec::with_capacity(room))
        } else {
            // Messages of the tick's own round stay where they are (and `latest` is still
            // theirs); the due ones move out once.
            let mut due = Vec::with_capacity(self.pending.len());
            due.extend(self.pending.extract_if(.., |m| m.round() < round));
            due
        };
        canonical_order(&mut due);
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

/// The canonical key: keys are unique, since one sender never reuses a sequence number in
/// a round, so any correct sort gives the one canonical order.
fn key(m: &Message) -> (u16, u32, u32) {
    (m.id.sender.0, m.id.round, m.id.seq)
}

/// Sort `due` into canonical order.
///
/// Each sender's messages reach a mailbox in the order they were sent (one task sends
/// them one after another over one channel), which is already (round, sequence) order,
/// so messages usually come as a few senders' sorted runs interleaved. A stable counting
/// sort by sender then finishes the work in linear time; the result is checked, and any
/// other arrival order falls back to a comparison sort, so the order never depends on
/// arrival.
fn canonical_order(due: &mut [Message]) {
    if due.is_sorted_by_key(key) {
        return;
    }
    let ids = due.iter().map(|m| m.id.sender.index()).max().unwrap_or(0) + 1;
    if due.len() >= COUNTING_MIN && ids <= COUNTING_IDS {
        let mut counts = [0u32; COUNTING_IDS];
        by_sender(due, &mut counts[..ids]);
        if due.is_sorted_by_key(key) {
            return;
        }
    }
    due.sort_unstable_by_key(key);
}

/// A stable counting sort of `messages` by sender, in place, whose ids are below
/// `counts.len()` (`counts` all zero).
fn by_sender(messages: &mut [Message], counts: &mut [u32]) {
    for m in messages.iter() {
        counts[m.id.sender.index()] += 1;
    }
    // Each sender's first place.
    let mut next = 0u32;
    for c in counts.iter_mut() {
        let n = *c;
        *c = next;
        next += n;
    }
    // Where each message goes, then that permutation applied by following its cycles:
    // each swap puts one message in its place, and no second buffer of messages is made.
    let mut place: Vec<u32> = messages
        .iter()
        .map(|m| {
            let at = &mut counts[m.id.sender.index()];
            *at += 1;
            *at - 1
        })
        .collect();
    for i in 0..messages.len() {
        while place[i] as usize != i {
            let j = place[i] as usize;
            messages.swap(i, j);
            place.swap(i, j);
        }
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

    /// A comparison sort of the same messages: what the inbox's order must equal.
    fn sorted(msgs: &[Message]) -> Vec<Message> {
        let mut v = msgs.to_vec();
        v.sort_by_key(|m| (m.id.sender, m.id.round, m.id.seq));
        v
    }

    #[test]
    fn interleaved_senders_come_out_in_canonical_order() {
        // Seven senders' messages interleaved, each sender's in the order sent: the
        // counting path.
        let msgs: Vec<Message> = (0..200).map(|k| msg(k % 3, (k % 7) as u16, k)).collect();
        let mut inbox = Inbox::new();
        for m in &msgs {
            inbox.push(m.clone());
        }
        assert_eq!(inbox.take_before(3), sorted(&msgs));
        assert!(inbox.is_empty());
    }

    #[test]
    fn any_arrival_order_gives_the_same_order() {
        // One sender's messages out of their sending order (which one channel would
        // never do): the counting sort alone would be wrong, and the check catches it.
        let msgs: Vec<Message> = (0..200)
            .map(|k| msg(1, (k % 5) as u16, (k * 37) % 200))
            .collect();
        let mut a = Inbox::new();
        let mut b = Inbox::new();
        for m in &msgs {
            a.push(m.clone());
        }
        for m in msgs.iter().rev() {
            b.push(m.clone());
        }
        let want = sorted(&msgs);
        assert_eq!(a.take_before(2), want);
        assert_eq!(b.take_before(2), want);
    }

    #[test]
    fn later_rounds_wait_for_their_tick() {
        let mut inbox = Inbox::new();
        let msgs: Vec<Message> = (0..100).map(|k| msg(k % 4, (k % 9) as u16, k)).collect();
        for m in &msgs {
            inbox.push(m.clone());
        }
        let early: Vec<Message> = msgs.iter().filter(|m| m.round() < 2).cloned().collect();
        assert_eq!(inbox.take_before(2), sorted(&early));
        assert_eq!(inbox.len(), msgs.len() - early.len());
        let late: Vec<Message> = msgs.iter().filter(|m| m.round() >= 2).cloned().collect();
        assert_eq!(inbox.take_before(4), sorted(&late));
        assert!(inbox.take_before(5).is_empty());
    }

    #[test]
    fn a_batch_is_handed_over_as_its_messages_one_by_one_would_be() {
        let msgs: Vec<Message> = (0..60).map(|k| msg(k % 3, (k % 7) as u16, k)).collect();
        let (first, second) = msgs.split_at(25);
        let mut one_by_one = Inbox::new();
        let mut batched = Inbox::new();
        for m in first {
            one_by_one.push(m.clone());
        }
        // A round-2 message stays; the next batch joins what is left.
        let due = batched.take_batch_before(first.to_vec(), 2);
        assert_eq!(due, one_by_one.take_before(2));
        for m in second {
            one_by_one.push(m.clone());
        }
        batched.push_all(second.to_vec());
        assert_eq!(batched.len(), one_by_one.len());
        assert_eq!(batched.take_before(2), one_by_one.take_before(2));
        assert_eq!(batched.take_before(3), one_by_one.take_before(3));
        assert!(batched.is_empty());
        // All due and nothing waiting: the batch comes back sorted.
        let late: Vec<Message> = msgs.iter().rev().cloned().collect();
        assert_eq!(batched.take_batch_before(late, 3), sorted(&msgs));
    }

    #[test]
    fn the_one_thread_pattern_is_handed_over_as_one_by_one() {
        // Actor 3 of 7 on one thread: at each tick its batch holds last round's messages
        // of the actors after it, then this round's of those before it; what waited
        // since its last tick is all due. Checked against pushing one by one.
        let mut one_by_one = Inbox::new();
        let mut batched = Inbox::new();
        for round in 1..6u32 {
            let mut batch: Vec<Message> = (4..7).map(|s| msg(round - 1, s, 0)).collect();
            batch.extend((0..3).flat_map(|s| (0..2).map(move |q| msg(round, s, q))));
            for m in &batch {
                one_by_one.push(m.clone());
            }
            let want = one_by_one.take_before(round);
            assert_eq!(batched.take_batch_before(batch, round), want);
            assert_eq!(batched.len(), one_by_one.len());
            assert_eq!(want.len(), if round == 1 { 3 } else { 9 });
        }
        // A batch whose due messages do not all come first takes the general path.
        let mixed = vec![msg(6, 0, 0), msg(5, 5, 0), msg(5, 4, 1)];
        for m in &mixed {
            one_by_one.push(m.clone());
        }
        assert_eq!(
            batched.take_batch_before(mixed, 6),
            one_by_one.take_before(6)
        );
        assert_eq!(batched.take_before(7), one_by_one.take_before(7));
    }
}

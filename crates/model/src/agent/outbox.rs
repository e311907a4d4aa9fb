//! The messages one actor sends in one round, numbered as they are written.

use crate::actor::ActorId;
use crate::message::{Body, Message, MessageId};

/// One round's outgoing messages of one actor: ids are (round, sender, sequence).
pub(super) struct Outbox {
    sender: ActorId,
    round: u32,
    messages: Vec<Message>,
}

impl Outbox {
    pub(super) fn new(sender: ActorId, round: u32) -> Self {
        Self {
            sender,
            round,
            // A round's messages are a handful: room for them up front, not regrowth.
            messages: Vec::with_capacity(16),
        }
    }

    /// Send `body` to `to`, answering `reply_to` if given.
    pub(super) fn send(&mut self, to: ActorId, reply_to: Option<MessageId>, body: Body) {
        let id = MessageId {
            round: self.round,
            sender: self.sender,
            seq: self.messages.len() as u32,
        };
        self.messages.push(Message {
            id,
            reply_to,
            to,
            body,
        });
    }

    pub(super) fn into_messages(self) -> Vec<Message> {
        self.messages
    }
}

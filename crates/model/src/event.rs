//! Dated events: points of divergence and historical shocks as generic effects.

use crate::actor::ActorId;
use serde::Serialize;

/// One effect of an event.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "effect", rename_all = "snake_case")]
pub enum Effect {
    /// Shift `from`'s trust in `to` by `delta` (clamped to [0, 1]).
    Trust {
        /// Whose trust moves.
        from: ActorId,
        /// In whom.
        to: ActorId,
        /// By how much.
        delta: f64,
    },
    /// Shift an actor's paranoia by `delta` (a shock: it drifts back to the baseline).
    Paranoia {
        /// Whose paranoia.
        actor: ActorId,
        /// By how much.
        delta: f64,
    },
    /// Shift an actor's ideal position on an issue (clamped to the range).
    Ideal {
        /// Whose ideal.
        actor: ActorId,
        /// Which issue (index).
        issue: usize,
        /// By how much, in the issue's units.
        delta: f64,
    },
    /// Shift an actor's salience of an issue; saliences are then renormalised to sum 1.
    Salience {
        /// Whose salience.
        actor: ActorId,
        /// Which issue (index).
        issue: usize,
        /// By how much.
        delta: f64,
    },
    /// Open a channel between two actors.
    Open {
        /// One end.
        a: ActorId,
        /// The other end.
        b: ActorId,
    },
    /// Close a channel between two actors.
    Close {
        /// One end.
        a: ActorId,
        /// The other end.
        b: ActorId,
    },
    /// Remove an actor from the negotiation.
    Remove {
        /// Who leaves.
        actor: ActorId,
    },
    /// Bring an inactive actor into the negotiation.
    Add {
        /// Who enters.
        actor: ActorId,
    },
    /// Put an offer on the table: `from` proposes this package this round.
    Offer {
        /// The proposer.
        from: ActorId,
        /// Positions per issue; `None` keeps the proposer's own position on that issue.
        positions: Vec<Option<f64>>,
    },
}

impl Effect {
    /// The actor whose own state this effect changes, if it is a change to one actor.
    pub fn target(&self) -> Option<ActorId> {
        match *self {
            Effect::Trust { from, .. } => Some(from),
            Effect::Paranoia { actor, .. }
            | Effect::Ideal { actor, .. }
            | Effect::Salience { actor, .. } => Some(actor),
            Effect::Offer { from, .. } => Some(from),
            Effect::Open { .. }
            | Effect::Close { .. }
            | Effect::Remove { .. }
            | Effect::Add { .. } => None,
        }
    }
}

/// Something that happens at a date, perhaps only with some probability.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Event {
    /// Short id, unique in the scenario.
    pub id: String,
    /// Headline for the transcript.
    pub title: String,
    /// The round it happens in (0 is the start month).
    pub round: u32,
    /// Chance it happens, drawn from the clock's seeded generator.
    pub probability: f64,
    /// A line of narrative.
    pub narrative: String,
    /// What it changes.
    pub effects: Vec<Effect>,
}

//! Messages between actors: typed bodies with ids stable for a given seed.

use crate::actor::ActorId;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Positions on every issue, shared: a package sent to several actors is one allocation.
pub type Positions = Arc<[f64]>;

/// A message's id: the round it was sent in, its sender and the sender's sequence number
/// in that round. Stable for a given scenario and seed, so a thread can be followed.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
pub struct MessageId {
    /// Round sent.
    pub round: u32,
    /// Sender.
    pub sender: ActorId,
    /// Sender's sequence number within the round, from 0.
    pub seq: u32,
}

/// The id of an offered package: who offered it in which round. One proposal sent to
/// several recipients is one package; acceptances name the package.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
pub struct PackageId {
    /// Round offered.
    pub round: u32,
    /// Actor that offered it.
    pub proposer: ActorId,
}

/// Cheap talk.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum SignalKind {
    /// "We mean to keep our word."
    Reassure,
    /// "Do not push us."
    Warn,
    /// "Or else."
    Threaten,
}

/// Why a package was rejected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RejectReason {
    /// Trusting the other side to keep it is worth less than security.
    WorseThanSecurity,
    /// Worth more than security but below the actor's current aspiration.
    BelowAspiration,
}

/// What a message says.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Body {
    /// A package: a position on every issue.
    Propose {
        /// The package's id.
        package: PackageId,
        /// Positions, in issue order.
        positions: Positions,
    },
    /// Acceptance of a package.
    Accept {
        /// The package accepted.
        package: PackageId,
    },
    /// Rejection of a package.
    Reject {
        /// The package rejected.
        package: PackageId,
        /// Why.
        reason: RejectReason,
    },
    /// Cheap talk that moves trust.
    Signal {
        /// Which signal.
        signal: SignalKind,
    },
    /// Principal to envoy: do not offer anything worth less to me than this.
    Mandate {
        /// The principal's aspiration (its utility).
        aspiration: f64,
        /// The principal's own current package.
        positions: Positions,
    },
    /// Envoy to principal: an offer the other side made.
    Report {
        /// The package offered.
        package: PackageId,
        /// Its positions.
        positions: Positions,
    },
    /// Adviser to principal: a position and how strongly it is urged.
    Advise {
        /// The recommended position per issue.
        positions: Positions,
        /// Strength, 0 to 1.
        strength: f64,
    },
    /// Principal to allied principal, or adviser to its principal: how far the sender
    /// trusts each of its counterparts (allies compare notes on the other side, and an
    /// adviser reports its reading of it).
    Consult {
        /// (counterpart, the sender's trust in it), by counterpart.
        assessments: Arc<[(ActorId, f64)]>,
    },
    /// The sender leaves the negotiation.
    Walkout {
        /// Why (shared by the copies sent to everyone).
        reason: Arc<WalkoutReason>,
    },
}

/// Why a principal left the table: the numbers behind its walkout and the last straws.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct WalkoutReason {
    /// Mean trust in its counterparts when it left.
    pub trust: f64,
    /// Its chance of walking out that month (the month's draw fell below it).
    pub hazard: f64,
    /// The best offer on the table from the other side, as expected utility minus
    /// security (negative: worth less than what it holds); none if nothing was offered.
    pub margin: Option<f64>,
    /// The largest trust losses of the last rounds, worst first.
    pub last_straws: Vec<crate::trust::TrustMove>,
}

impl Body {
    /// The kind as a lowercase word, for logs.
    pub fn kind(&self) -> &'static str {
        match self {
            Body::Propose { .. } => "propose",
            Body::Accept { .. } => "accept",
            Body::Reject { .. } => "reject",
            Body::Signal { .. } => "signal",
            Body::Mandate { .. } => "mandate",
            Body::Report { .. } => "report",
            Body::Advise { .. } => "advise",
            Body::Consult { .. } => "consult",
            Body::Walkout { .. } => "walkout",
        }
    }
}

/// One message from one actor to another.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Message {
    /// Stable id.
    pub id: MessageId,
    /// The message this one answers, if any.
    pub reply_to: Option<MessageId>,
    /// Recipient.
    pub to: ActorId,
    /// Content.
    pub body: Body,
}

impl Message {
    /// The sender.
    pub fn from(&self) -> ActorId {
        self.id.sender
    }

    /// The round the message was sent in.
    pub fn round(&self) -> u32 {
        self.id.round
    }
}

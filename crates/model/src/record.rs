//! The record of a run: per-round events, messages and states, and the equilibrium.

use crate::agent::Snapshot;
use crate::date::YearMonth;
use crate::message::{Message, PackageId};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// An event the clock considered in a round, and whether it happened.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct EventRecord {
    /// The event's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its narrative line.
    pub narrative: String,
    /// Whether it happened (probabilistic events may not).
    pub happened: bool,
}

/// Everything that happened in one round.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RoundRecord {
    /// Round number from 0.
    pub round: u32,
    /// Its month.
    pub date: YearMonth,
    /// Events of the round, in file order.
    pub events: Vec<EventRecord>,
    /// Messages sent, in canonical order (sender, sequence).
    pub messages: Vec<Message>,
    /// Each actor's state at the end of the round (actor order).
    pub states: Vec<Snapshot>,
}

/// Why the run ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum EquilibriumReason {
    /// Every veto principal accepted one package.
    Settlement,
    /// A veto principal walked out.
    Breakdown,
    /// Nothing moved for `stable_rounds` rounds.
    Deadlock,
    /// The horizon passed with none of the above (no equilibrium).
    Horizon,
}

impl EquilibriumReason {
    /// The lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            EquilibriumReason::Settlement => "settlement",
            EquilibriumReason::Breakdown => "breakdown",
            EquilibriumReason::Deadlock => "deadlock",
            EquilibriumReason::Horizon => "horizon",
        }
    }
}

/// How the run ended.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Equilibrium {
    /// Why.
    pub reason: EquilibriumReason,
    /// In which round.
    pub round: u32,
    /// In which month.
    pub date: YearMonth,
    /// The settled package, for a settlement.
    pub package: Option<PackageId>,
    /// The actor that walked out, for a breakdown.
    pub walked_out: Option<crate::actor::ActorId>,
    /// The outcome label of the final positions.
    pub outcome: String,
    /// Final positions: the settled package, or the status quo.
    pub positions: Vec<f64>,
    /// Final trust of each actor in the others (actor order).
    pub trust: Vec<crate::trust::TrustMap>,
    /// Mean trust, at the end, between the veto principals of different sides at the
    /// table in the last round (one who walked out then counts; one an event removed
    /// does not).
    pub veto_trust: f64,
    /// Messages sent over the run.
    pub message_count: u64,
}

/// A whole run.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RunRecord {
    /// The seed used.
    pub seed: u64,
    /// Round by round.
    pub rounds: Vec<RoundRecord>,
    /// How it ended.
    pub equilibrium: Equilibrium,
}

/// Largest scenario whose outputs list the whole trust matrix; beyond it they list the veto
/// principals' rows and, in each, only the actors the truster has a view of.
pub const FULL_TRUST_MATRIX: usize = 50;

/// The (truster, trusted) pairs that outputs list for `scenario` and final `trust`.
pub fn listed_trust(sc: &crate::Scenario, trust: &[crate::trust::TrustMap]) -> Vec<(usize, usize)> {
    let n = sc.actors.len();
    if n <= FULL_TRUST_MATRIX {
        (0..n)
            .flat_map(|a| (0..n).filter(move |b| *b != a).map(move |b| (a, b)))
            .collect()
    } else {
        sc.settings
            .veto
            .iter()
            .flat_map(|a| {
                trust[a.index()]
                    .entries()
                    .iter()
                    .filter(move |(b, _)| b != a)
                    .map(move |(b, _)| (a.index(), b.index()))
            })
            .collect()
    }
}

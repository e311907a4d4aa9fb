//! The end of a game: how it ended, against the model's own run of the same seed and the
//! Nash package of the bargaining analysis.

use crate::actor::ActorId;
use crate::analysis::{self, Outcome, Problem, Resolution, Valuation};
use crate::record::{EquilibriumReason, RunRecord};
use crate::scenario::Scenario;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// How one run ended.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Ending {
    /// Settlement, breakdown, deadlock or horizon.
    pub reason: EquilibriumReason,
    /// The round it ended in.
    pub round: u32,
    /// Its month.
    pub date: String,
    /// The outcome label of the final positions.
    pub outcome: String,
    /// Final positions: the settled package, or the status quo.
    pub positions: Vec<f64>,
    /// The principal that walked out, for a breakdown.
    pub walked_out: Option<String>,
    /// The seat's utility of the final positions (its initial ideal and salience).
    pub utility: f64,
    /// How far the final positions are from the Nash package, if there is one.
    pub nash: Option<NashDistance>,
}

/// Distance of an outcome from the Nash package of the plain bargaining problem at the
/// start (see [`crate::analysis`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct NashDistance {
    /// The Nash package.
    pub package: Vec<f64>,
    /// Mean normalised distance over issues between the outcome and it (0 to 1).
    pub package_distance: f64,
    /// Euclidean distance between their values to the veto principals.
    pub utility_distance: f64,
}

/// The end of a game.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Summary {
    /// The seat's actor id.
    pub seat: String,
    /// The seed.
    pub seed: u64,
    /// How the game ended.
    pub game: Ending,
    /// How the model alone ended on the same seed.
    pub model: Ending,
    /// The seat's security: its utility of the status quo.
    pub security: f64,
}

impl Summary {
    pub(super) fn new(sc: &Arc<Scenario>, seed: u64, seat: ActorId, rec: &RunRecord) -> Self {
        let problem = Problem::at_start(sc);
        let nash = analysis::landscape(&problem, Valuation::Plain, Resolution::default())
            .ok()
            .and_then(|l| l.nash.clone().map(|n| (l, n)));
        let model = crate::sim::run(Arc::clone(sc), seed);
        let spec = sc.actor(seat);
        let worth = |x: &[f64]| crate::utility::utility(&sc.issues, &spec.ideal, &spec.salience, x);
        let ending = |rec: &RunRecord| {
            let eq = &rec.equilibrium;
            let outcome = Outcome {
                positions: eq.positions.clone(),
                agreed: eq.package.is_some(),
            };
            Ending {
                reason: eq.reason,
                round: eq.round,
                date: eq.date.to_string(),
                outcome: eq.outcome.clone(),
                positions: eq.positions.clone(),
                walked_out: eq.walked_out.map(|a| sc.actor(a).id.clone()),
                utility: worth(&eq.positions),
                nash: nash.as_ref().map(|(l, n)| {
                    let d = l.locate(&problem, &outcome);
                    NashDistance {
                        package: n.positions.clone(),
                        package_distance: d.to_nash_package.unwrap_or(f64::NAN),
                        utility_distance: d.to_nash.unwrap_or(f64::NAN),
                    }
                }),
            }
        };
        Self {
            seat: spec.id.clone(),
            seed,
            game: ending(rec),
            model: ending(&model),
            security: worth(&sc.status_quo()),
        }
    }
}

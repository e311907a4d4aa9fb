//! A person's moves: what they may do in a month, as recorded in a game file, and the
//! check that a move fits the month it is played in.

use super::{GameError, View};
use crate::agent::Decision;
use crate::date::YearMonth;
use crate::message::{PackageId, SignalKind};
use crate::scenario::Scenario;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A package on the table, named by who offered it and in which round.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
// Named apart in the JSON Schemas from the result's settled package (`PackageRef`), which
// a result holding a game also has.
#[schemars(rename = "TablePackageRef")]
pub struct PackageRef {
    /// The proposer's actor id, e.g. `stalin`.
    pub proposer: String,
    /// The round it was offered in (0 is the scenario's first month).
    pub round: u32,
}

impl PackageRef {
    /// The reference to `package` of `scenario`.
    pub fn of(scenario: &Scenario, package: &PackageId) -> Self {
        Self {
            proposer: scenario.actor(package.proposer).id.clone(),
            round: package.round,
        }
    }
}

/// What the person does with the seat in one month.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Move {
    /// Let the advisers decide: the model's own agent in the seat makes the month's moves,
    /// exactly as in a run without a person.
    Advisers,
    /// Leave the table for good (a veto principal's walkout ends the negotiation).
    WalkOut,
    /// Answer the offers, and perhaps propose and signal.
    Act {
        /// The packages on the table to accept; every other package on the table is
        /// rejected. Empty: reject them all.
        #[serde(default)]
        accept: Vec<PackageRef>,
        /// A package to offer: one position per issue, in the scenario's issue order, each
        /// within its issue's range. None: make no new offer this month.
        #[serde(default)]
        propose: Option<Vec<f64>>,
        /// Cheap talk to the other side this month.
        #[serde(default)]
        signal: Option<SignalKind>,
    },
}

impl Move {
    /// Reject everything on the table, offer nothing, say nothing.
    pub fn reject_all() -> Self {
        Move::Act {
            accept: Vec::new(),
            propose: None,
            signal: None,
        }
    }
}

/// One month's move in a recorded game.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlayedMove {
    /// The round it was played in (0 is the scenario's first month).
    pub round: u32,
    /// Its month, e.g. `1945-07` (checked against the round).
    #[schemars(with = "String")]
    pub date: YearMonth,
    /// The move.
    #[serde(rename = "move")]
    pub action: Move,
}

/// The seat's decision for `played`, if it fits the month `view` shows; `None` for the
/// advisers' move. `index` is the move's place in the recorded game, for errors.
pub(super) fn check(
    sc: &Scenario,
    view: &View,
    index: usize,
    played: &PlayedMove,
) -> Result<Option<Decision>, GameError> {
    let bad = |field: &str, value: String, allowed: String| GameError::Move {
        index,
        round: view.round,
        date: view.date.to_string(),
        field: field.to_string(),
        value,
        allowed,
    };
    if played.round != view.round {
        return Err(bad(
            "round",
            played.round.to_string(),
            format!(
                "{}: the seat's next month to decide is {} (moves are given only for the \
                 months the seat takes part in, in order)",
                view.round, view.date
            ),
        ));
    }
    if played.date != view.date {
        return Err(bad(
            "date",
            format!("\"{}\"", played.date),
            format!("\"{}\", the month of round {}", view.date, view.round),
        ));
    }
    match &played.action {
        Move::Advisers => Ok(None),
        Move::WalkOut if !view.can_walk_out => Err(bad(
            "move.kind",
            "\"walk_out\"".into(),
            "advisers or act: no counterpart is at the table to walk out on".into(),
        )),
        Move::WalkOut => Ok(Some(Decision {
            walk_out: true,
            ..Decision::default()
        })),
        Move::Act {
            accept,
            propose,
            signal,
        } => {
            let mut packages = Vec::with_capacity(accept.len());
            for (k, p) in accept.iter().enumerate() {
                let proposer = sc.actor_by_id(&p.proposer);
                let on = view.offers.iter().any(|o| o.package == *p);
                let (true, Some(proposer)) = (on, proposer) else {
                    let on_table: Vec<String> = view
                        .offers
                        .iter()
                        .map(|o| {
                            format!(
                                "{{proposer: {}, round: {}}}",
                                o.package.proposer, o.package.round
                            )
                        })
                        .collect();
                    return Err(bad(
                        &format!("move.accept[{k}]"),
                        format!("{{proposer: {}, round: {}}}", p.proposer, p.round),
                        if on_table.is_empty() {
                            "nothing: no package is on the table this month".into()
                        } else {
                            format!("a package on the table: {}", on_table.join(", "))
                        },
                    ));
                };
                packages.push(PackageId {
                    round: p.round,
                    proposer,
                });
            }
            if let Some(x) = propose {
                check_package(sc, x).map_err(|(field, value, allowed)| {
                    bad(&format!("move.propose{field}"), value, allowed)
                })?;
            }
            Ok(Some(Decision {
                walk_out: false,
                accept: packages,
                propose: propose.clone(),
                signal: *signal,
            }))
        }
    }
}

/// Whether `x` is a package of `sc`: one finite position per issue, each in its range.
/// The error is (field suffix, bad value, what is allowed).
pub(super) fn check_package(sc: &Scenario, x: &[f64]) -> Result<(), (String, String, String)> {
    if x.len() != sc.issues.len() {
        let names: Vec<&str> = sc.issues.iter().map(|i| i.id.as_str()).collect();
        return Err((
            String::new(),
            format!("{} positions", x.len()),
            format!(
                "{} positions, one per issue in order: {}",
                sc.issues.len(),
                names.join(", ")
            ),
        ));
    }
    for (i, (issue, v)) in sc.issues.iter().zip(x).enumerate() {
        if !v.is_finite() || *v < issue.min || *v > issue.max {
            return Err((
                format!("[{i}]"),
                format!("{v}"),
                format!(
                    "{} ({}) from {} to {}",
                    issue.id, issue.name, issue.min, issue.max
                ),
            ));
        }
    }
    Ok(())
}

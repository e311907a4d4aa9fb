//! The bargaining analysis as a run's result carries it: the model's analysis, by id.

use crate::run::ById;
use detente_model::Scenario;
use detente_model::analysis::{
    Analysis, AnalysisError, Landscape, OutcomeDistance, Point, RunAnalysis,
};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The analysis of a run, or why there is none.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum AnalysisResult {
    /// The analysis.
    Analysis(Box<RunAnalysisResult>),
    /// Why there is none.
    Error {
        /// The reason.
        error: String,
    },
}

/// The analysis at the start and at the end of a run.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct RunAnalysisResult {
    /// The grid of packages.
    pub grid: Grid,
    /// Veto principals' ids, in the order of the frontier's utility arrays.
    pub principals: Vec<String>,
    /// Issue ids, in the order of the frontier's position arrays.
    pub issues: Vec<String>,
    /// The run's outcome.
    pub outcome: OutcomeInfo,
    /// At the start, before any event.
    pub start: AnalysisAt,
    /// At the end.
    pub end: AnalysisAt,
}

/// The analysis grid.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct Grid {
    /// Points per issue, ends included.
    pub points_per_issue: usize,
    /// Packages in the grid.
    pub packages: usize,
}

/// The outcome analysed.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct OutcomeInfo {
    /// Positions by issue id.
    pub positions: ById<f64>,
    /// Whether it was agreed (else it is the status quo).
    pub agreed: bool,
}

/// The landscape at one time.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct AnalysisAt {
    /// Each principal's trust in its counterparts.
    pub trust: ById<f64>,
    /// Each principal's paranoia.
    pub paranoia: ById<f64>,
    /// On plain utilities (as if every promise were kept).
    pub plain: LandscapeResult,
    /// On trust-weighted expected utilities.
    pub trust_weighted: LandscapeResult,
}

/// One landscape.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct LandscapeResult {
    /// Each principal's value of the status quo.
    pub security: ById<f64>,
    /// The zone of agreement.
    pub zone: ZoneResult,
    /// Packages on the Pareto frontier.
    pub frontier_size: usize,
    /// Of those, in the zone of agreement.
    pub frontier_in_zone: usize,
    /// The Nash bargaining package.
    pub nash: Option<PointResult>,
    /// The Kalai-Smorodinsky package.
    pub kalai_smorodinsky: Option<PointResult>,
    /// The maximum-welfare package.
    pub max_welfare: PointResult,
    /// The run's outcome in this landscape.
    pub outcome: Option<OutcomeResult>,
    /// The frontier, one array per package.
    pub frontier: FrontierResult,
}

/// Size of the zone of agreement.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct ZoneResult {
    /// Packages in it.
    pub packages: usize,
    /// Share of the grid.
    pub share: f64,
}

/// A package of the landscape.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct PointResult {
    /// Positions by issue id.
    pub positions: ById<f64>,
    /// What each position means.
    pub labels: ById<Option<String>>,
    /// Each principal's value.
    pub utility: ById<f64>,
    /// Each principal's gain over security.
    pub gain: ById<f64>,
}

/// Where the outcome lies.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct OutcomeResult {
    /// Each principal's value of it.
    pub utility: ById<f64>,
    /// Each principal's gain over security.
    pub gain: ById<f64>,
    /// Distance to the frontier in utility.
    pub to_frontier: f64,
    /// Distance to the Nash package in utility.
    pub to_nash: Option<f64>,
    /// Distance to the Nash package in positions.
    pub to_nash_package: Option<f64>,
}

/// The frontier, compactly: arrays in the order of `principals` and `issues`.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct FrontierResult {
    /// Each package's utilities.
    pub utility: Vec<Vec<f64>>,
    /// Each package's positions.
    pub positions: Vec<Vec<f64>>,
}

fn by_issue(sc: &Scenario, xs: &[f64]) -> ById<f64> {
    sc.issues
        .iter()
        .zip(xs)
        .map(|(i, x)| (i.id.clone(), *x))
        .collect()
}

fn by_principal(ids: &[String], xs: &[f64]) -> ById<f64> {
    ids.iter().cloned().zip(xs.iter().copied()).collect()
}

fn point(sc: &Scenario, ids: &[String], p: &Point) -> PointResult {
    PointResult {
        positions: by_issue(sc, &p.positions),
        labels: sc
            .issues
            .iter()
            .zip(&p.positions)
            .map(|(i, x)| (i.id.clone(), i.label_near(*x)))
            .collect(),
        utility: by_principal(ids, &p.values),
        gain: by_principal(ids, &p.gains),
    }
}

fn outcome(ids: &[String], o: &OutcomeDistance) -> OutcomeResult {
    OutcomeResult {
        utility: by_principal(ids, &o.values),
        gain: by_principal(ids, &o.gains),
        to_frontier: o.to_frontier,
        to_nash: o.to_nash,
        to_nash_package: o.to_nash_package,
    }
}

fn landscape(
    sc: &Scenario,
    ids: &[String],
    l: &Landscape,
    o: Option<&OutcomeDistance>,
) -> LandscapeResult {
    LandscapeResult {
        security: by_principal(ids, &l.security),
        zone: ZoneResult {
            packages: l.zone.packages,
            share: l.zone.share,
        },
        frontier_size: l.frontier.len(),
        frontier_in_zone: l.frontier_in_zone,
        nash: l.nash.as_ref().map(|p| point(sc, ids, p)),
        kalai_smorodinsky: l.kalai_smorodinsky.as_ref().map(|p| point(sc, ids, p)),
        max_welfare: point(sc, ids, &l.max_welfare),
        outcome: o.map(|o| outcome(ids, o)),
        frontier: FrontierResult {
            utility: l.frontier.iter().map(|p| p.values.clone()).collect(),
            positions: l.frontier.iter().map(|p| p.positions.clone()).collect(),
        },
    }
}

fn at(sc: &Scenario, a: &Analysis) -> AnalysisAt {
    let ids = &a.principals;
    AnalysisAt {
        trust: by_principal(ids, &a.trust),
        paranoia: by_principal(ids, &a.paranoia),
        plain: landscape(sc, ids, &a.plain, a.outcome.as_ref().map(|o| &o.plain)),
        trust_weighted: landscape(
            sc,
            ids,
            &a.trust_weighted,
            a.outcome.as_ref().map(|o| &o.trust_weighted),
        ),
    }
}

impl AnalysisResult {
    /// The result's form of the model's analysis of a run of `sc`.
    pub fn of(sc: &Scenario, analysis: &Result<RunAnalysis, AnalysisError>) -> Self {
        let ra = match analysis {
            Ok(ra) => ra,
            Err(e) => {
                return AnalysisResult::Error {
                    error: e.to_string(),
                };
            }
        };
        AnalysisResult::Analysis(Box::new(RunAnalysisResult {
            grid: Grid {
                points_per_issue: ra.start.plain.points_per_issue,
                packages: ra.start.plain.packages,
            },
            principals: ra.start.principals.clone(),
            issues: sc.issues.iter().map(|i| i.id.clone()).collect(),
            outcome: OutcomeInfo {
                positions: by_issue(sc, &ra.outcome.positions),
                agreed: ra.outcome.agreed,
            },
            start: at(sc, &ra.start),
            end: at(sc, &ra.end),
        }))
    }
}

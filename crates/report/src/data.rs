//! The parts of a run's JSON result (`detente run --json`) that the report reads.
//!
//! Fields added to the result after its first version (`scenario.issues`,
//! `scenario.actors`, event narratives, `analysis`) are optional, so that an older result
//! still gives a report, with ids for names.

use serde::Deserialize;
use std::collections::BTreeMap;

/// A run's result.
#[derive(Debug, Deserialize)]
pub struct RunResult {
    /// The detente version that wrote it.
    #[serde(default)]
    pub detente_version: Option<String>,
    /// The scenario.
    pub scenario: ScenarioInfo,
    /// The seed.
    pub seed: u64,
    /// How it ended.
    pub equilibrium: Equilibrium,
    /// Per-round series.
    pub series: Series,
    /// The scenario's events, round by round.
    #[serde(default)]
    pub events: Vec<EventInfo>,
    /// Every message.
    #[serde(default)]
    pub messages: Vec<MessageInfo>,
    /// The bargaining analysis, or why there is none.
    #[serde(default)]
    pub analysis: Option<AnalysisField>,
}

/// The scenario as the result describes it.
#[derive(Debug, Deserialize)]
pub struct ScenarioInfo {
    /// Short name.
    pub name: String,
    /// Title.
    pub title: String,
    /// First month, `YYYY-MM`.
    #[serde(default)]
    pub start: Option<String>,
    /// Veto principals' ids.
    #[serde(default)]
    pub veto: Vec<String>,
    /// Issues, in position order.
    #[serde(default)]
    pub issues: Vec<IssueInfo>,
    /// Actors, in scenario order.
    #[serde(default)]
    pub actors: Vec<ActorInfo>,
}

/// One issue.
#[derive(Debug, Clone, Deserialize)]
pub struct IssueInfo {
    /// Id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Lower end.
    pub min: f64,
    /// Upper end.
    pub max: f64,
    /// Status quo.
    pub status_quo: f64,
    /// How values are shown: `{}` is the number.
    #[serde(default = "plain_format")]
    pub format: String,
    /// Labelled points.
    #[serde(default)]
    pub waypoints: Vec<WaypointInfo>,
}

fn plain_format() -> String {
    "{}".into()
}

impl IssueInfo {
    /// A value as the scenario formats it (as the model's `Issue::show_value` does).
    pub fn show(&self, x: f64) -> String {
        let number = if self.max - self.min >= 5.0 {
            format!("{x:.1}")
        } else {
            format!("{x:.2}")
        };
        self.format.replace("{}", &number)
    }

    /// The label of the waypoint nearest to `x`.
    pub fn label_for(&self, x: f64) -> Option<&str> {
        self.waypoints
            .iter()
            .min_by(|a, b| (a.at - x).abs().total_cmp(&(b.at - x).abs()))
            .map(|w| w.label.as_str())
    }
}

/// A labelled point on an issue.
#[derive(Debug, Clone, Deserialize)]
pub struct WaypointInfo {
    /// Position.
    pub at: f64,
    /// Label.
    pub label: String,
}

/// One actor.
#[derive(Debug, Clone, Deserialize)]
pub struct ActorInfo {
    /// Id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// principal, envoy or adviser.
    #[serde(default)]
    pub role: String,
    /// Bloc.
    #[serde(default)]
    pub bloc: String,
}

/// How the run ended.
#[derive(Debug, Deserialize)]
pub struct Equilibrium {
    /// settlement, breakdown, deadlock or horizon.
    pub reason: String,
    /// Round.
    pub round: u32,
    /// Month.
    pub date: String,
    /// Outcome label.
    pub outcome: String,
    /// Final positions by issue id.
    #[serde(default)]
    pub positions: BTreeMap<String, f64>,
    /// Who walked out, for a breakdown.
    #[serde(default)]
    pub walked_out: Option<String>,
    /// Messages sent.
    #[serde(default)]
    pub message_count: u64,
}

/// Per-round series.
#[derive(Debug, Deserialize)]
pub struct Series {
    /// The month of each round.
    pub dates: Vec<String>,
    /// Each actor's proposal per round (null: none), by issue id.
    #[serde(default)]
    pub positions: BTreeMap<String, Vec<Option<BTreeMap<String, f64>>>>,
    /// trust[truster][trusted], per round.
    #[serde(default)]
    pub trust: BTreeMap<String, BTreeMap<String, Vec<f64>>>,
    /// Paranoia per actor, per round.
    #[serde(default)]
    pub paranoia: BTreeMap<String, Vec<f64>>,
}

/// A scheduled event in one round.
#[derive(Debug, Deserialize)]
pub struct EventInfo {
    /// Month.
    pub date: String,
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Narrative line.
    #[serde(default)]
    pub narrative: String,
    /// Whether it happened (probabilistic events may not).
    #[serde(default = "yes")]
    pub happened: bool,
}

fn yes() -> bool {
    true
}

/// One message.
#[derive(Debug, Deserialize)]
pub struct MessageInfo {
    /// Month.
    pub date: String,
    /// Sender id.
    pub from: String,
    /// Recipient id.
    pub to: String,
    /// Kind (propose, accept, ...).
    #[serde(default)]
    pub kind: String,
    /// What it says.
    pub content: String,
}

/// The `analysis` object: the analysis, or the reason there is none.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum AnalysisField {
    /// Why there is no analysis.
    Error {
        /// The reason.
        error: String,
    },
    /// The analysis.
    Analysis(Box<Analysis>),
}

/// The bargaining analysis of a run.
#[derive(Debug, Deserialize)]
pub struct Analysis {
    /// Veto principals, in the order of the frontier's utility arrays.
    pub principals: Vec<String>,
    /// At the start.
    pub start: AnalysisAt,
    /// At the end.
    pub end: AnalysisAt,
}

/// The analysis at one time.
#[derive(Debug, Deserialize)]
pub struct AnalysisAt {
    /// On plain utilities.
    pub plain: Landscape,
    /// On trust-weighted expected utilities.
    pub trust_weighted: Landscape,
}

/// One landscape.
#[derive(Debug, Deserialize)]
pub struct Landscape {
    /// Each principal's utility of the status quo.
    pub security: BTreeMap<String, f64>,
    /// The zone of agreement.
    pub zone: Zone,
    /// The Nash bargaining point.
    #[serde(default)]
    pub nash: Option<PointInfo>,
    /// The run's outcome in this landscape.
    #[serde(default)]
    pub outcome: Option<PointInfo>,
    /// The frontier packages.
    pub frontier: Frontier,
}

/// Size of the zone of agreement.
#[derive(Debug, Deserialize)]
pub struct Zone {
    /// Packages in it.
    pub packages: u64,
    /// Share of the grid.
    pub share: f64,
}

/// A point of the landscape: each principal's utility.
#[derive(Debug, Deserialize)]
pub struct PointInfo {
    /// Utility by principal id.
    pub utility: BTreeMap<String, f64>,
}

/// The Pareto frontier.
#[derive(Debug, Deserialize)]
pub struct Frontier {
    /// One array per frontier package, in the order of `principals`.
    pub utility: Vec<Vec<f64>>,
}

/// Parse a run result, naming the place of a wrong shape (e.g. `series.dates[3]`).
pub fn parse_run(value: &serde_json::Value) -> Result<RunResult, String> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        if path == "." || path.is_empty() {
            e.into_inner().to_string()
        } else {
            format!("{path}: {}", e.into_inner())
        }
    })
}

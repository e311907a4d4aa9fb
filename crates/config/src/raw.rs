//! Raw serde structs mirroring the TOML scenario format, before validation.

use serde::Deserialize;
use std::collections::BTreeMap;

/// A scenario file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawScenario {
    pub scenario: RawSettings,
    pub issues: Vec<RawIssue>,
    pub actors: Vec<RawActor>,
    #[serde(default)]
    pub channels: Vec<RawChannel>,
    #[serde(default)]
    pub events: Vec<RawEvent>,
    #[serde(default)]
    pub outcomes: Vec<RawOutcome>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSettings {
    pub name: String,
    pub title: String,
    pub start: String,
    #[serde(default = "defaults::horizon")]
    pub horizon: i64,
    #[serde(default = "defaults::deadline")]
    pub deadline: i64,
    #[serde(default = "defaults::seed")]
    pub seed: u64,
    #[serde(default = "defaults::stable_rounds")]
    pub stable_rounds: i64,
    #[serde(default = "defaults::epsilon")]
    pub epsilon: f64,
    #[serde(default = "defaults::noise")]
    pub noise: f64,
    #[serde(default = "defaults::betrayal_cost")]
    pub betrayal_cost: f64,
    pub veto: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawIssue {
    pub id: String,
    pub name: Option<String>,
    pub min: f64,
    pub max: f64,
    pub status_quo: f64,
    pub format: Option<String>,
    #[serde(default)]
    pub waypoints: Vec<RawWaypoint>,
    /// Blocs whose principals must keep a settlement of this issue (default: every veto
    /// principal).
    pub honoured_by: Option<Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawWaypoint {
    pub at: f64,
    pub label: String,
}

#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum RawRole {
    Principal,
    Envoy,
    Adviser,
}

#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum RawStrategyKind {
    Boulware,
    Conceder,
    Linear,
    Reciprocal,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStrategy {
    pub kind: RawStrategyKind,
    pub e: Option<f64>,
    #[serde(default)]
    pub k: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTendency {
    pub softie: f64,
    pub conservative: f64,
    pub doctrinaire: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawActor {
    pub id: String,
    pub name: Option<String>,
    pub bloc: String,
    pub side: Option<String>,
    pub role: RawRole,
    pub principal: Option<String>,
    pub ideal: BTreeMap<String, f64>,
    pub salience: BTreeMap<String, f64>,
    pub strategy: RawStrategy,
    #[serde(default)]
    pub trust: BTreeMap<String, f64>,
    #[serde(default = "defaults::trust")]
    pub trust_default: f64,
    pub paranoia: f64,
    #[serde(default)]
    pub walkout: f64,
    #[serde(default = "defaults::learning")]
    pub learning: f64,
    #[serde(default)]
    pub abrasiveness: f64,
    #[serde(default = "defaults::influence")]
    pub influence: f64,
    pub tendency: Option<RawTendency>,
    #[serde(default = "defaults::active")]
    pub active: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawChannel {
    pub between: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTrustShift {
    pub from: String,
    pub to: String,
    pub delta: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawActorShift {
    pub actor: String,
    pub delta: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawIssueShift {
    pub actor: String,
    pub issue: String,
    pub delta: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOffer {
    pub from: String,
    pub positions: BTreeMap<String, f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEvent {
    pub id: String,
    pub date: String,
    pub title: Option<String>,
    #[serde(default = "defaults::probability")]
    pub probability: f64,
    #[serde(default)]
    pub narrative: String,
    #[serde(default)]
    pub trust: Vec<RawTrustShift>,
    #[serde(default)]
    pub paranoia: Vec<RawActorShift>,
    #[serde(default)]
    pub ideal: Vec<RawIssueShift>,
    #[serde(default)]
    pub salience: Vec<RawIssueShift>,
    #[serde(default)]
    pub open: Vec<Vec<String>>,
    #[serde(default)]
    pub close: Vec<Vec<String>>,
    #[serde(default)]
    pub remove: Vec<String>,
    #[serde(default)]
    pub add: Vec<String>,
    pub offer: Option<RawOffer>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOutcome {
    pub label: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub ranges: BTreeMap<String, Vec<f64>>,
    pub min_trust: Option<f64>,
    pub max_trust: Option<f64>,
}

/// Defaults of optional fields; docs/scenario-format.md lists them.
pub mod defaults {
    pub fn horizon() -> i64 {
        48
    }
    pub fn deadline() -> i64 {
        24
    }
    pub fn seed() -> u64 {
        1945
    }
    pub fn stable_rounds() -> i64 {
        6
    }
    pub fn epsilon() -> f64 {
        0.001
    }
    pub fn betrayal_cost() -> f64 {
        0.2
    }
    pub fn noise() -> f64 {
        0.3
    }
    pub fn trust() -> f64 {
        0.5
    }
    pub fn learning() -> f64 {
        1.0
    }
    pub fn influence() -> f64 {
        0.5
    }
    pub fn probability() -> f64 {
        1.0
    }
    pub fn active() -> bool {
        true
    }
}

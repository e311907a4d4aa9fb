//! Provenance: what produced a result, recorded so that it can be produced again.

use detente_model::Scenario;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Everything a run result or a sweep's meta needs to say what produced it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Provenance {
    /// The scenario as given on the command line: a path as typed, or a built-in name.
    pub scenario: String,
    /// A digest of the fully merged scenario (after `extends` and `--set`), see [`digest`]:
    /// equal digests, equal scenarios, however the path was spelled.
    pub scenario_digest: String,
    /// The `--set` overrides, in the order given.
    pub sets: Vec<String>,
    /// The design values of this configuration, in the design's order (empty for a run
    /// outside a sweep, and in a sweep's meta, whose plan lists every configuration).
    pub design: Vec<DesignValue>,
    /// The effective scenario: the merged table as TOML, with no `extends`. Loading it
    /// alone rebuilds the scenario exactly (its digest is `scenario_digest`).
    pub effective_scenario: String,
    /// The detente version that wrote the file.
    pub detente_version: String,
}

/// One design value: a key as for `--set`, and its value as text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct DesignValue {
    /// The key, e.g. `actors.stalin.paranoia`.
    pub key: String,
    /// The value, as written in the design.
    pub value: String,
}

impl Provenance {
    /// The provenance of `scenario`, loaded from `given` (a path as typed, or a built-in
    /// name) with the `--set` overrides `sets`; `effective` is its merged TOML.
    pub fn new(given: &str, scenario: &Scenario, sets: &[String], effective: String) -> Self {
        Self {
            scenario: given.to_string(),
            scenario_digest: digest(scenario),
            sets: sets.to_vec(),
            design: Vec::new(),
            effective_scenario: effective,
            detente_version: DETENTE_VERSION.to_string(),
        }
    }
}

/// The version of detente itself.
pub const DETENTE_VERSION: &str = env!("CARGO_PKG_VERSION");

/// The digest of a scenario: FNV-1a (64-bit) of its JSON form, as `fnv1a64:` and 16 hex
/// digits. It identifies a scenario across paths, machines and runs; it is not a
/// cryptographic hash.
pub fn digest(sc: &Scenario) -> String {
    digest_all(std::slice::from_ref(sc))
}

/// The digest of several scenarios in order (a sweep's configurations).
pub fn digest_all<'a>(scenarios: impl IntoIterator<Item = &'a Scenario>) -> String {
    let mut text = Vec::new();
    for sc in scenarios {
        // Serialising plain data into memory cannot fail.
        let _ = serde_json::to_writer(&mut text, sc);
    }
    format!("fnv1a64:{:016x}", detente_model::rng::fnv1a(&text))
}

//! Where a request's scenario comes from (a built-in by name, or pasted TOML that may
//! extend only built-ins) and loading it with its `--set` changes.

use crate::guard::{Limits, Refusal};
use detente_config::ScenarioRef;
use detente_model::Scenario;
use serde::Deserialize;

/// The name errors give pasted text.
pub const PASTED: &str = "pasted.toml";

/// Most `--set` changes in one request.
const MAX_SETS: usize = 256;

/// A scenario as the page names it.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Source {
    /// A built-in scenario, by name.
    Builtin(String),
    /// A scenario's TOML text, pasted into the page.
    Toml(String),
}

/// The scenario and changes of a what-if, as every endpoint takes them.
#[derive(Clone, Debug, Deserialize)]
pub struct WhatIf {
    /// The scenario.
    pub source: Source,
    /// `--set KEY=VALUE` changes, applied after `extends`.
    #[serde(default)]
    pub sets: Vec<String>,
}

impl Source {
    /// The reference the config crate loads; pasted text reads no file.
    pub fn reference(&self) -> Result<ScenarioRef, Refusal> {
        match self {
            Source::Builtin(name) => {
                if detente_config::builtin::text(name).is_none() {
                    let names: Vec<&str> = detente_config::builtin::BUILTINS
                        .iter()
                        .map(|(n, _)| *n)
                        .collect();
                    return Err(Refusal::bad(format!(
                        "no built-in scenario is called {:?}; built-ins: {}",
                        detente_config::text::shown(name),
                        names.join(", ")
                    )));
                }
                Ok(ScenarioRef::Builtin(name.clone()))
            }
            Source::Toml(text) => Ok(ScenarioRef::Untrusted {
                name: PASTED.into(),
                text: text.clone(),
            }),
        }
    }

    /// What a result's provenance calls it.
    pub fn given(&self) -> String {
        match self {
            Source::Builtin(name) => name.clone(),
            Source::Toml(_) => PASTED.into(),
        }
    }
}

/// A what-if loaded: the scenario and its effective TOML (for a result's provenance).
pub struct Loaded {
    /// The reference it was loaded from.
    pub reference: ScenarioRef,
    /// The validated scenario.
    pub scenario: Scenario,
    /// The merged scenario as TOML.
    pub effective: String,
}

impl WhatIf {
    /// Load the what-if, with the errors `detente check` would give, and refuse a pasted
    /// scenario too large for the explorer.
    pub fn load(&self, limits: &Limits) -> Result<Loaded, Refusal> {
        if self.sets.len() > MAX_SETS {
            return Err(Refusal::bad(format!(
                "{} changes; the explorer takes at most {MAX_SETS}",
                self.sets.len()
            )));
        }
        let reference = self.source.reference()?;
        let (scenario, effective) = detente_config::load_effective(&reference, &self.sets)
            .map_err(|e| Refusal::config(&e))?;
        if scenario.actors.len() > limits.max_actors {
            return Err(Refusal::bad(format!(
                "the scenario has {} actors; the explorer runs scenarios of at most {} (the command line has no such limit)",
                scenario.actors.len(),
                limits.max_actors
            )));
        }
        Ok(Loaded {
            reference,
            scenario,
            effective,
        })
    }
}

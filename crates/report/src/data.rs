//! The run result a report is made of: [`detente_data::RunResult`], the very type
//! `detente run --json` writes, read back with the place of a wrong shape named.

pub use detente_data::analysis::{AnalysisResult, LandscapeResult, RunAnalysisResult};
pub use detente_data::run::{ActorInfo, EventEntry, MessageEntry, RunResult};

/// Parse a run result, naming the place of a wrong shape (e.g. `series.dates[3]`). A result
/// of another layout version is refused by its `schema_version`.
pub fn parse_run(value: &serde_json::Value) -> Result<RunResult, String> {
    match value.get("schema_version").map(serde_json::Value::as_u64) {
        Some(Some(v)) if v == u64::from(detente_data::SCHEMA_VERSION) => {}
        Some(Some(v)) => {
            return Err(format!(
                "schema_version {v}; this detente reads {} (make the result again with this detente, e.g. `detente run --from`)",
                detente_data::SCHEMA_VERSION
            ));
        }
        _ => {
            return Err(
                "no schema_version (written by a detente older than versioned results; run it again)"
                    .into(),
            );
        }
    }
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        if path == "." || path.is_empty() {
            e.into_inner().to_string()
        } else {
            format!("{path}: {}", e.into_inner())
        }
    })
}

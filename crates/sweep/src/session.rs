//! A whole sweep from start to table: load each configuration, resume what a results
//! file already holds, run the rest, append each row as it finishes.

use crate::SweepError;
use crate::exec;
use crate::plan::Plan;
use crate::results::{self, Appender, Meta, Row};
use detente_config::ScenarioRef;
use detente_model::Scenario;
use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;

/// The loaded configurations of a plan.
pub struct Loaded {
    /// One scenario per configuration.
    pub scenarios: Vec<Arc<Scenario>>,
    /// Each configuration's first seed.
    pub bases: Vec<u64>,
    /// Issue ids (the same in every configuration).
    pub issues: Vec<String>,
    /// Outcome labels of all configurations, in order of first appearance.
    pub labels: Vec<String>,
    /// A digest of the loaded scenarios (see [`results::Meta::scenario_digest`]).
    pub digest: String,
}

/// A stable hash of the scenarios' JSON form, the same across runs and platforms.
fn digest(scenarios: &[Arc<Scenario>]) -> String {
    let text: String = scenarios
        .iter()
        .map(|sc| serde_json::to_string(&**sc).unwrap_or_default())
        .collect();
    format!("{:016x}", detente_model::rng::fnv1a(text.as_bytes()))
}

/// Load every configuration of `plan`: the scenario, the plan's `--set`s, then the
/// configuration's own values, each checked like a scenario file.
pub fn load(plan: &Plan, reference: &ScenarioRef) -> Result<Loaded, SweepError> {
    let mut scenarios = Vec::with_capacity(plan.design.len());
    let mut bases = Vec::with_capacity(plan.design.len());
    let mut labels: Vec<String> = Vec::new();
    for c in 0..plan.design.len() {
        let mut sets = plan.sets.clone();
        sets.extend(plan.design.overrides(c));
        let sc = detente_config::load_ref(reference, &sets).map_err(|e| {
            if plan.design.keys.is_empty() {
                SweepError::Input(e.to_string())
            } else {
                SweepError::Input(format!(
                    "configuration {} ({}):\n{e}",
                    c + 1,
                    detente_config::text::shown(&plan.design.describe(c))
                ))
            }
        })?;
        bases.push(plan.seed_start.unwrap_or(sc.settings.seed));
        for o in &sc.outcomes {
            if !labels.contains(&o.label) {
                labels.push(o.label.clone());
            }
        }
        scenarios.push(Arc::new(sc));
    }
    let issues: Vec<String> = scenarios[0].issues.iter().map(|i| i.id.clone()).collect();
    for (c, sc) in scenarios.iter().enumerate() {
        let ids: Vec<&str> = sc.issues.iter().map(|i| i.id.as_str()).collect();
        if ids != issues.iter().map(String::as_str).collect::<Vec<_>>() {
            return Err(SweepError::Input(format!(
                "configuration {} ({}) has other issues than configuration 1; a sweep compares one issue space",
                c + 1,
                plan.design.describe(c)
            )));
        }
    }
    let digest = digest(&scenarios);
    Ok(Loaded {
        scenarios,
        bases,
        issues,
        labels,
        digest,
    })
}

/// Run the sweep. With `out`, every finished run is appended to it (`resume` picks up a
/// file a killed sweep left, after checking it is the same sweep). Returns every row,
/// resumed ones included. `progress(done, total)` is called as runs finish.
pub fn run(
    plan: &Plan,
    loaded: &Loaded,
    out: Option<&Path>,
    resume: bool,
    threads: usize,
    mut progress: impl FnMut(u64, u64),
) -> Result<Vec<Row>, SweepError> {
    plan.validate()?;
    let meta = Meta {
        plan: plan.clone(),
        issues: loaded.issues.clone(),
        labels: loaded.labels.clone(),
        detente_version: env!("CARGO_PKG_VERSION").to_string(),
        scenario_digest: loaded.digest.clone(),
    };
    let mut rows: Vec<Row> = Vec::new();
    let mut appender = None;
    if let Some(path) = out {
        results::Format::of(path)?;
        if resume {
            if !path.exists() {
                return Err(SweepError::Input(format!(
                    "{}: nothing to resume, the file does not exist",
                    path.display()
                )));
            }
            let theirs = results::read_meta(path)?;
            if theirs.plan != meta.plan
                || theirs.issues != meta.issues
                || theirs.scenario_digest != meta.scenario_digest
            {
                return Err(SweepError::Input(format!(
                    "{}: written by a different sweep (the scenario and its contents, --set, --vary, --design, --runs, --seed-start and --shard must match)",
                    path.display()
                )));
            }
            let (old, complete) = results::read(path, &meta)?;
            rows = old;
            appender = Some(Appender::open(path, &meta, Some(complete))?);
        } else {
            if path.exists() {
                return Err(SweepError::Input(format!(
                    "{}: already exists; add --resume to finish that sweep, or remove the file",
                    path.display()
                )));
            }
            results::write_meta(path, &meta)?;
            appender = Some(Appender::open(path, &meta, None)?);
        }
    }
    let done: HashSet<u64> = rows.iter().map(|r| r.run).collect();
    let in_shard = (0..plan.total()).filter(|r| plan.in_shard(*r)).count() as u64;
    let mut finished = done.len() as u64;
    progress(finished, in_shard);
    let format = out.map(results::Format::of).transpose()?;
    exec::execute(
        plan,
        &loaded.scenarios,
        &loaded.bases,
        &done,
        threads,
        |row| {
            if let (Some(a), Some(format)) = (appender.as_mut(), format) {
                let params = &plan.design.rows[row.config];
                a.append(&results::encode(
                    format,
                    &row,
                    params,
                    &plan.design.keys,
                    &loaded.issues,
                ))?;
            }
            rows.push(row);
            finished += 1;
            progress(finished, in_shard);
            Ok(())
        },
    )?;
    rows.sort_by_key(|r| r.run);
    Ok(rows)
}

/// Combine the results files of shards of one sweep: check they belong together, and
/// return the plan (without a shard), the rows, and how many runs are still missing.
pub fn merge(paths: &[&Path]) -> Result<(Meta, Vec<Row>, u64), SweepError> {
    let mut merged: Option<Meta> = None;
    let mut rows: Vec<Row> = Vec::new();
    let mut seen = HashSet::new();
    for path in paths {
        let meta = results::read_meta(path)?;
        match &merged {
            None => merged = Some(meta.clone()),
            Some(m)
                if !m.plan.same_sweep(&meta.plan)
                    || m.issues != meta.issues
                    || m.scenario_digest != meta.scenario_digest =>
            {
                return Err(SweepError::Input(format!(
                    "{}: not a shard of the same sweep as {}",
                    path.display(),
                    paths[0].display()
                )));
            }
            Some(_) => {}
        }
        let (file_rows, _) = results::read(path, &meta)?;
        for r in file_rows {
            if seen.insert(r.run) {
                rows.push(r);
            }
        }
    }
    let mut meta = merged.ok_or_else(|| SweepError::Input("no results files to merge".into()))?;
    meta.plan.shard = None;
    rows.sort_by_key(|r| r.run);
    let missing = meta.plan.total() - rows.len() as u64;
    Ok((meta, rows, missing))
}

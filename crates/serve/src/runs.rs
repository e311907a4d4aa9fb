//! The model's work behind the endpoints, off the async threads: N seeds of a what-if
//! through the sweep executor (the very path of `detente sweep`, so the page's shares are
//! a sweep's), one seed's report, a response curve.

use crate::guard::Refusal;
use crate::source::Loaded;
use detente_data::Provenance;
use detente_sweep::design::{Design, parse_vary};
use detente_sweep::plan::Plan;
use detente_sweep::results::Row;
use detente_sweep::stats::{self, Tally};
use detente_sweep::{SweepError, exec, session};
use serde::Serialize;
use std::sync::Arc;

/// One outcome's (or way of ending's) share with its 95% Wilson interval.
#[derive(Clone, Debug, Serialize)]
pub struct Share {
    /// The outcome label or the equilibrium reason.
    pub label: String,
    /// Runs that ended so.
    pub count: u64,
    /// count / runs.
    pub share: f64,
    /// Low end of the 95% interval.
    pub lo: f64,
    /// High end.
    pub hi: f64,
}

impl Share {
    /// `count` of `n` runs, with its interval.
    pub fn of(label: &str, count: u64, n: u64) -> Self {
        let (lo, hi) = stats::wilson(count, n);
        Self {
            label: label.to_string(),
            count,
            share: count as f64 / n.max(1) as f64,
            lo,
            hi,
        }
    }
}

/// How one seed ended.
#[derive(Clone, Debug, Serialize)]
pub struct SeedEnd {
    /// The seed.
    pub seed: u64,
    /// Its outcome label.
    pub outcome: String,
    /// settlement, breakdown, deadlock or horizon.
    pub reason: String,
    /// The month it ended.
    pub date: String,
}

/// What N seeds came to.
#[derive(Clone, Debug, Serialize)]
pub struct Shares {
    /// Runs.
    pub runs: u64,
    /// The first seed (runs have seeds `first_seed .. first_seed + runs`).
    pub first_seed: u64,
    /// Every outcome label of the scenario (and any other reached), with its share.
    pub outcomes: Vec<Share>,
    /// Each way of ending, with its share.
    pub reasons: Vec<Share>,
    /// Every seed, in seed order.
    pub seeds: Vec<SeedEnd>,
    /// The report's chart of the outcome shares (SVG).
    pub chart: String,
    /// The same sweep on the command line.
    pub command: String,
}

/// A plan of `runs` seeds of the what-if (one configuration, or a design), from the
/// scenario's own seed, exactly as `detente sweep` makes it.
fn plan(given: &str, sets: &[String], design: Design, runs: u64) -> Plan {
    Plan {
        scenario: given.to_string(),
        sets: sets.to_vec(),
        design,
        runs,
        seed_start: None,
        shard: None,
    }
}

fn sweep_failed(e: SweepError) -> Refusal {
    match e {
        SweepError::Input(m) => Refusal::bad(m),
        other => Refusal::internal(other.to_string()),
    }
}

/// The row format a sweep's description names (the report reads none of its rows from a
/// file here, but a description has one).
fn csv_format() -> &'static dyn detente_sweep::store::RowFormat {
    detente_sweep::store::format_of(std::path::Path::new("explorer.csv"))
        .expect("a .csv path has a format")
}

/// The command line that runs the same sweep.
pub fn command(given: &str, sets: &[String], runs: u64) -> String {
    let mut c = format!("detente sweep {given} --runs {runs}");
    for s in sets {
        c.push_str(&format!(" --set {s}"));
    }
    c
}

/// Run `runs` seeds; `progress(done)` is called as they finish and may stop the sweep by
/// returning false (the client went away).
pub fn shares(
    loaded: &Loaded,
    given: &str,
    sets: &[String],
    runs: u64,
    threads: usize,
    mut progress: impl FnMut(u64) -> bool,
) -> Result<Shares, Refusal> {
    let plan = plan(given, sets, Design::single(), runs);
    let swept = session::load(&plan, &loaded.reference).map_err(sweep_failed)?;
    let mut rows: Vec<Row> = Vec::with_capacity(runs as usize);
    exec::execute(&plan, &swept.scenarios, &swept.bases, &[], threads, |row| {
        rows.push(row);
        if progress(rows.len() as u64) {
            Ok(())
        } else {
            Err(SweepError::Internal("the client went away".into()))
        }
    })
    .map_err(sweep_failed)?;
    rows.sort_by_key(|r| r.seed);
    let mut tally = Tally::new(1, &swept.labels, swept.issues.len());
    for r in &rows {
        tally.add(r);
    }
    let summary = tally.summaries().remove(0);
    let share = |(label, count): &(String, u64)| Share::of(label, *count, summary.n);
    let meta = session::meta(&plan, &swept, csv_format());
    let report = detente_report::sweep_report(given, &meta, &rows)
        .map_err(|e| Refusal::internal(e.to_string()))?;
    let chart = report
        .charts
        .into_iter()
        .find(|c| c.name == "outcome-shares")
        .map(|c| c.svg)
        .unwrap_or_default();
    Ok(Shares {
        runs,
        first_seed: swept.bases[0],
        outcomes: summary.outcomes.iter().map(share).collect(),
        reasons: summary.reasons.iter().map(share).collect(),
        seeds: rows
            .iter()
            .map(|r| SeedEnd {
                seed: r.seed,
                outcome: r.outcome.clone(),
                reason: r.reason.clone(),
                date: r.date.clone(),
            })
            .collect(),
        chart,
        command: command(given, sets, runs),
    })
}

/// One seed's report, as `detente run --seed N --json` then `detente report` make it.
#[derive(Clone, Debug, Serialize)]
pub struct SeedReport {
    /// The seed.
    pub seed: u64,
    /// Its outcome label.
    pub outcome: String,
    /// settlement, breakdown, deadlock or horizon.
    pub reason: String,
    /// The month it ended.
    pub date: String,
    /// The report page (self-contained HTML, no scripts).
    pub html: String,
    /// The same run on the command line.
    pub command: String,
}

/// Run one seed with every round kept and make its report.
pub fn seed_report(
    loaded: &Loaded,
    given: &str,
    sets: &[String],
    seed: u64,
) -> Result<SeedReport, Refusal> {
    let sc = Arc::new(loaded.scenario.clone());
    let record = Arc::new(detente_runtime::run_plain(Arc::clone(&sc), seed));
    let analyzed = detente_model::analysis::analyze_run(
        &sc,
        &record,
        detente_model::analysis::Resolution::default(),
    );
    let analysis = detente_data::analysis::AnalysisResult::of(&sc, &analyzed);
    let provenance = Provenance::new(given, &sc, sets, loaded.effective.clone());
    let eq = &record.equilibrium;
    let (outcome, reason, date) = (
        eq.outcome.clone(),
        eq.reason.as_str().to_string(),
        eq.date.to_string(),
    );
    let result = detente_data::run::RunResult::build(Arc::clone(&sc), record, provenance, analysis);
    let value = serde_json::to_value(&result).map_err(|e| Refusal::internal(e.to_string()))?;
    let report =
        detente_report::run_report(&value).map_err(|e| Refusal::internal(e.to_string()))?;
    let mut command = format!("detente run {given} --seed {seed}");
    for s in sets {
        command.push_str(&format!(" --set {s}"));
    }
    Ok(SeedReport {
        seed,
        outcome,
        reason,
        date,
        html: report.html,
        command,
    })
}

/// A response curve: the shares at `points` values of one lever, each over the same seeds.
#[derive(Clone, Debug, Serialize)]
pub struct Curve {
    /// The lever's `--set` key.
    pub key: String,
    /// The report's charts of it (outcomes, then ways of ending), as SVG.
    pub charts: Vec<String>,
    /// The same sweep on the command line.
    pub command: String,
}

/// The response of the shares to `key` from `lo` to `hi` in `points` steps, `runs` seeds
/// a point, drawn by the sweep report's band chart.
#[allow(clippy::too_many_arguments)]
pub fn curve(
    loaded: &Loaded,
    given: &str,
    sets: &[String],
    key: &str,
    (lo, hi, points): (f64, f64, u64),
    runs: u64,
    threads: usize,
) -> Result<Curve, Refusal> {
    // The lever itself is varied, so a `--set` of the same key would be overridden.
    let sets: Vec<String> = sets
        .iter()
        .filter(|s| s.split_once('=').is_none_or(|(k, _)| k.trim() != key))
        .cloned()
        .collect();
    let vary = format!("{key}={lo}:{hi}:{points}");
    let vary = parse_vary(&vary).map_err(Refusal::bad)?;
    let design = Design::factorial(&[vary]).map_err(Refusal::bad)?;
    let plan = plan(given, &sets, design, runs);
    let swept = session::load(&plan, &loaded.reference).map_err(sweep_failed)?;
    let mut rows = Vec::new();
    exec::execute(&plan, &swept.scenarios, &swept.bases, &[], threads, |row| {
        rows.push(row);
        Ok(())
    })
    .map_err(sweep_failed)?;
    rows.sort_by_key(|r| r.run);
    let meta = session::meta(&plan, &swept, csv_format());
    let report = detente_report::sweep_report(given, &meta, &rows)
        .map_err(|e| Refusal::internal(e.to_string()))?;
    let charts = report
        .charts
        .into_iter()
        .filter(|c| c.name.starts_with("response"))
        .map(|c| c.svg)
        .collect();
    let mut command =
        format!("detente sweep {given} --runs {runs} --vary {key}={lo}:{hi}:{points}");
    for s in &sets {
        command.push_str(&format!(" --set {s}"));
    }
    Ok(Curve {
        key: key.to_string(),
        charts,
        command,
    })
}

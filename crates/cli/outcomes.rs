//! `detente outcomes`: per scenario, the share of seeds ending in each way and each outcome.

use crate::Failure;
use crate::args::{OutcomesArgs, TableFormat};
use crate::output;
use anyhow::anyhow;
use detente_config::ScenarioRef;
use detente_config::text::shown;
use detente_model::record::EquilibriumReason;
use detente_model::{Scenario, outcome::UNCLASSIFIED};
use detente_sweep::stats::{pct, wilson};
use detente_sweep::summary::{Cell, Table, share_cells};
use std::path::PathBuf;
use std::sync::Arc;

const REASONS: [EquilibriumReason; 4] = [
    EquilibriumReason::Settlement,
    EquilibriumReason::Breakdown,
    EquilibriumReason::Deadlock,
    EquilibriumReason::Horizon,
];

/// Counts for one scenario.
struct Row {
    name: String,
    /// The labels the scenario defines (others show as "-", not 0%).
    labels: Vec<String>,
    runs: u64,
    reasons: [u64; 4],
    outcomes: Vec<(String, u64)>,
}

fn tally(name: String, sc: Arc<Scenario>, seeds: (u64, u64)) -> Row {
    let mut row = Row {
        name,
        labels: sc.outcomes.iter().map(|o| o.label.clone()).collect(),
        runs: 0,
        reasons: [0; 4],
        outcomes: Vec::new(),
    };
    for seed in seeds.0..=seeds.1 {
        // The plain executor gives the same result as the tokio runtime (tested), faster.
        let eq = detente_model::sim::run(Arc::clone(&sc), seed).equilibrium;
        row.runs += 1;
        if let Some(k) = REASONS.iter().position(|r| *r == eq.reason) {
            row.reasons[k] += 1;
        }
        match row.outcomes.iter_mut().find(|(l, _)| *l == eq.outcome) {
            Some((_, n)) => *n += 1,
            None => row.outcomes.push((eq.outcome, 1)),
        }
    }
    row
}

pub fn outcomes(args: OutcomesArgs) -> Result<(), Failure> {
    let refs: Vec<ScenarioRef> = if args.scenarios.is_empty() {
        detente_config::builtin::BUILTINS
            .iter()
            .map(|(n, _)| ScenarioRef::Builtin(n.to_string()))
            .collect()
    } else {
        args.scenarios
            .iter()
            .map(|p: &PathBuf| args.extends.reference(p))
            .collect()
    };
    let mut scenarios = Vec::new();
    for r in &refs {
        scenarios.push(Arc::new(
            detente_config::load_ref(r, &args.set).map_err(|e| Failure::BadInput(anyhow!(e)))?,
        ));
    }
    // Columns: outcome labels in the order the scenarios list them, then any unclassified.
    let mut labels: Vec<String> = Vec::new();
    for sc in &scenarios {
        for o in &sc.outcomes {
            if !labels.contains(&o.label) {
                labels.push(o.label.clone());
            }
        }
    }
    let names: Vec<String> = refs
        .iter()
        .map(|r| match r {
            ScenarioRef::Builtin(n) => n.clone(),
            ScenarioRef::File(p) | ScenarioRef::FileAnyExtends(p) => p.display().to_string(),
            ScenarioRef::Text { name, .. } | ScenarioRef::Untrusted { name, .. } => name.clone(),
        })
        .collect();
    let rows: Vec<Row> = names
        .into_iter()
        .zip(scenarios)
        .map(|(name, sc)| tally(name, sc, args.seeds))
        .collect();
    if rows
        .iter()
        .any(|r| r.outcomes.iter().any(|(l, _)| l == UNCLASSIFIED))
    {
        labels.push(UNCLASSIFIED.to_string());
    }
    let text = render(&rows, &labels, args.seeds, args.format);
    output::print(&text).map_err(Failure::Internal)
}

fn share(n: u64, of: u64) -> String {
    if of == 0 {
        "-".into()
    } else {
        format!("{:.1}%", 100.0 * n as f64 / of as f64)
    }
}

fn count(r: &Row, label: &str) -> u64 {
    r.outcomes
        .iter()
        .find(|(x, _)| x == label)
        .map_or(0, |(_, n)| *n)
}

fn render(rows: &[Row], labels: &[String], seeds: (u64, u64), format: TableFormat) -> String {
    match format {
        TableFormat::Markdown => markdown(rows, labels, seeds),
        TableFormat::Text => text(rows, seeds),
        TableFormat::Csv => table(rows, labels).to_csv(),
        TableFormat::Json => table(rows, labels).to_json(),
    }
}

fn caption(seeds: (u64, u64)) -> String {
    format!(
        "Share of seeds {}-{} ending in each way (equilibrium reason) and in each outcome.",
        seeds.0, seeds.1
    )
}

/// The table of docs/scenarios.md: shares only, a column per label.
fn markdown(rows: &[Row], labels: &[String], seeds: (u64, u64)) -> String {
    let mut header: Vec<String> = vec!["scenario".into()];
    header.extend(REASONS.iter().map(|r| r.as_str().to_string()));
    header.extend(labels.iter().map(|l| shown(l).into_owned()));
    let mut out = format!("{}\n\n| {} |\n", caption(seeds), header.join(" | "));
    out.push_str(&format!(
        "|{}|\n",
        header
            .iter()
            .enumerate()
            .map(|(k, _)| if k == 0 { "---" } else { "---:" })
            .collect::<Vec<_>>()
            .join("|")
    ));
    for r in rows {
        let mut cells = vec![shown(&r.name).into_owned()];
        cells.extend(r.reasons.iter().map(|n| share(*n, r.runs)));
        cells.extend(labels.iter().map(|l| {
            let n = count(r, l);
            if n == 0 && !r.labels.contains(l) {
                "-".to_string()
            } else {
                share(n, r.runs)
            }
        }));
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    out
}

/// One block per scenario, listing only the outcomes that happened (a column per label
/// would be far wider than a terminal), each share with its 95% Wilson interval.
fn text(rows: &[Row], seeds: (u64, u64)) -> String {
    let mut out = format!("{} Brackets: 95% Wilson intervals.\n\n", caption(seeds));
    for r in rows {
        out.push_str(&format!("{} ({} seeds)\n", shown(&r.name), r.runs));
        let mut seen: Vec<&(String, u64)> = r.outcomes.iter().collect();
        seen.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let ends: Vec<(String, u64)> = REASONS
            .iter()
            .zip(&r.reasons)
            .map(|(reason, n)| (reason.as_str().to_string(), *n))
            .collect();
        let width = ends
            .iter()
            .chain(seen.iter().copied())
            .map(|(l, _)| shown(l).chars().count())
            .max()
            .unwrap_or(0)
            .max(10);
        for (title, list) in [("ends", ends.iter().collect::<Vec<_>>()), ("outcome", seen)] {
            out.push_str(&format!("  {title:width$}  {:>6}  95% interval\n", "share"));
            for (label, n) in list {
                let (lo, hi) = wilson(*n, r.runs);
                out.push_str(&format!(
                    "  {:width$}  {:>6}  [{}, {}]\n",
                    shown(label),
                    share(*n, r.runs),
                    pct(lo),
                    pct(hi)
                ));
            }
        }
        out.push('\n');
    }
    out
}

/// One row per scenario with the columns of a sweep summary (`scenario`, `n`, then a
/// share, `:lo` and `:hi` per reason and per label); a label the scenario does not define
/// and never reached is empty (null in JSON), not 0.
fn table(rows: &[Row], labels: &[String]) -> Table {
    let mut columns = vec!["scenario".to_string(), "n".to_string()];
    let triple = |name: String| [name.clone(), format!("{name}:lo"), format!("{name}:hi")];
    for r in REASONS {
        columns.extend(triple(format!("reason:{}", r.as_str())));
    }
    for l in labels {
        columns.extend(triple(format!("outcome:{l}")));
    }
    let rows = rows
        .iter()
        .map(|r| {
            let mut cells = vec![Cell::Text(r.name.clone()), Cell::Int(r.runs)];
            for k in r.reasons {
                cells.extend(share_cells(k, r.runs));
            }
            for l in labels {
                let k = count(r, l);
                if k == 0 && !r.labels.contains(l) {
                    cells.extend([
                        Cell::Num(f64::NAN),
                        Cell::Num(f64::NAN),
                        Cell::Num(f64::NAN),
                    ]);
                } else {
                    cells.extend(share_cells(k, r.runs));
                }
            }
            cells
        })
        .collect();
    Table { columns, rows }
}

//! `detente report`: one self-contained HTML file from a run's JSON result, a sweep's
//! results file or a sensitivity study's indices, and on request each chart as a plain SVG
//! file.

use crate::Failure;
use crate::args::ReportArgs;
use crate::output;
use anyhow::anyhow;
use detente_report::{Report, ReportError};
use detente_sweep::results;
use detente_sweep::sensitivity::file;
use std::path::Path;

fn bad(input: &Path, what: impl std::fmt::Display) -> Failure {
    Failure::BadInput(anyhow!("{}: {what}", input.display()))
}

fn report_failure(input: &Path, e: ReportError) -> Failure {
    match e {
        ReportError::Input(_) => bad(input, e),
        ReportError::Draw { .. } => Failure::Internal(anyhow!("{}: {e}", input.display())),
    }
}

/// The report of a run: the JSON that `detente run --json` writes.
fn run_report(input: &Path) -> Result<Report, Failure> {
    let text =
        detente_config::input::read_to_string(input, detente_config::input::MAX_RESULTS_BYTES)
            .map_err(|e| bad(input, format!("cannot read: {e}")))?;
    let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
        bad(
            input,
            format!("not JSON ({e}); give a run's result (`detente run --json FILE`), a sensitivity study's (`detente sensitivity --json FILE`) or a sweep's .csv/.jsonl results file"),
        )
    })?;
    if value.get("kind").and_then(|k| k.as_str()) == Some(file::KIND) {
        return sensitivity_report(input, value);
    }
    detente_report::run_report(&value).map_err(|e| report_failure(input, e))
}

/// The report of a sensitivity study: the JSON that `detente sensitivity --json` writes.
fn sensitivity_report(input: &Path, value: serde_json::Value) -> Result<Report, Failure> {
    let version = value.get("schema_version").and_then(|v| v.as_u64());
    if version != Some(file::SCHEMA_VERSION as u64) {
        return Err(bad(
            input,
            format!(
                "a sensitivity file of schema version {}, this detente reads version {}",
                version.map_or("(none)".to_string(), |v| v.to_string()),
                file::SCHEMA_VERSION
            ),
        ));
    }
    let f: file::SensitivityFile = serde_json::from_value(value)
        .map_err(|e| bad(input, format!("not a sensitivity file: {e}")))?;
    detente_report::sensitivity_report(&f).map_err(|e| report_failure(input, e))
}

/// The report of a sweep: its results file and the `.meta.json` beside it.
fn sweep_report(input: &Path) -> Result<Report, Failure> {
    if !input.is_file() {
        return Err(bad(input, "no such file"));
    }
    let meta = results::read_meta(input).map_err(|e| {
        if is_sensitivity_csv(input) {
            bad(
                input,
                "the indices of a sensitivity study as CSV; the report reads the study's JSON (`detente sensitivity --json FILE`)",
            )
        } else {
            bad(input, format!("not a sweep's results file: {e}"))
        }
    })?;
    let (rows, _) = results::read(input, &meta).map_err(|e| Failure::BadInput(anyhow!(e)))?;
    detente_report::sweep_report(&input.display().to_string(), &meta, &rows)
        .map_err(|e| report_failure(input, e))
}

/// Whether a file begins as `detente sensitivity --csv` writes: its header's first columns.
fn is_sensitivity_csv(input: &Path) -> bool {
    use std::io::Read;
    let mut head = Vec::new();
    std::fs::File::open(input)
        .and_then(|f| f.take(64).read_to_end(&mut head))
        .is_ok_and(|_| head.starts_with(b"metric,rank,key,"))
}

pub fn report(args: ReportArgs) -> Result<(), Failure> {
    let input = args.input.as_path();
    // Checked (and its temporary file made) before the input is read.
    let mut out = detente_data::output::begin(&args.out).map_err(output::failure)?;
    if let Some(dir) = &args.svg {
        if dir.exists() && !dir.is_dir() {
            return Err(Failure::BadInput(anyhow!(
                "--svg {}: is not a directory",
                dir.display()
            )));
        }
        std::fs::create_dir_all(dir)
            .map_err(|e| Failure::BadInput(anyhow!("--svg {}: {e}", dir.display())))?;
    }
    let is_sweep = matches!(
        input.extension().and_then(|e| e.to_str()),
        Some("csv" | "jsonl" | "ndjson")
    );
    let report = if is_sweep {
        sweep_report(input)?
    } else {
        run_report(input)?
    };
    std::io::Write::write_all(&mut out, report.html.as_bytes())
        .map_err(|e| Failure::Internal(anyhow!("cannot write {}: {e}", args.out.display())))?;
    out.commit().map_err(output::failure)?;
    if let Some(dir) = &args.svg {
        for chart in &report.charts {
            let path = dir.join(format!("{}.svg", chart.name));
            output::write_atomic(&path, &chart.svg)?;
        }
    }
    let svgs = match &args.svg {
        Some(dir) => format!(
            " and {} chart(s) as SVG in {}",
            report.charts.len(),
            dir.display()
        ),
        None => String::new(),
    };
    output::print(&format!("wrote {}{svgs}\n", args.out.display())).map_err(Failure::Internal)
}

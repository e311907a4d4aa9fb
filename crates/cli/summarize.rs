//! Sweep summaries: `detente summarize` from results files, and `sweep --summary`.

use crate::Failure;
use crate::args::{DataFormat, SummarizeArgs};
use crate::output;
use crate::sweep::failure;
use anyhow::anyhow;
use detente_model::YearMonth;
use detente_sweep::design::Design;
use detente_sweep::session;
use detente_sweep::stats::Summary;
use detente_sweep::summary::{self, Format};
use std::path::Path;

/// Check a summary path before any work: a known extension, writable, and not the results
/// file itself.
pub fn check(path: &Path, results: Option<&Path>) -> Result<(), Failure> {
    Format::of(path).map_err(failure)?;
    let same = |a: &Path, b: &Path| std::path::absolute(a).ok() == std::path::absolute(b).ok();
    if results.is_some_and(|r| same(r, path)) {
        return Err(Failure::BadInput(anyhow!(
            "--summary {}: is the results file; give the summary another name",
            path.display()
        )));
    }
    detente_data::output::check(path).map_err(output::failure)?;
    Ok(())
}

/// Write the summary table of `summaries` to `path` (atomically), in its extension's format.
pub fn write(
    path: &Path,
    summaries: &[Summary],
    design: &Design,
    issues: &[String],
    start: Option<YearMonth>,
) -> Result<(), Failure> {
    let format = Format::of(path).map_err(failure)?;
    let table = summary::table(summaries, design, issues, start);
    output::write_atomic(path, &table.render(format))
}

pub fn summarize(args: SummarizeArgs) -> Result<(), Failure> {
    if let Some(out) = &args.out {
        check(out, None)?;
        if args
            .files
            .iter()
            .any(|f| std::path::absolute(f).ok() == std::path::absolute(out).ok())
        {
            return Err(Failure::BadInput(anyhow!(
                "--out {}: is one of the results files",
                out.display()
            )));
        }
    }
    let paths: Vec<&Path> = args.files.iter().map(|p| p.as_path()).collect();
    let merged = session::merge(&paths).map_err(failure)?;
    let meta = &merged.meta;
    if merged.missing > 0 {
        output::eprint(&format!(
            "summarize: {} of {} runs are missing (a shard not given or not finished); the n column counts the runs summarized",
            merged.missing,
            meta.plan.total()
        ));
    }
    let design = &meta.plan.design;
    let summaries = merged.tally().summaries();
    let issues = meta.issue_ids();
    let start = Some(meta.start);
    match &args.out {
        Some(path) => {
            write(path, &summaries, design, &issues, start)?;
            output::print(&format!(
                "wrote {} ({} configurations)\n",
                path.display(),
                summaries.len()
            ))
            .map_err(Failure::Internal)
        }
        None => {
            let format = match args.format {
                DataFormat::Csv => Format::Csv,
                DataFormat::Json => Format::Json,
            };
            let table = summary::table(&summaries, design, &issues, start);
            output::print(&table.render(format)).map_err(Failure::Internal)
        }
    }
}

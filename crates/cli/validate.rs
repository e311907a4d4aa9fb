//! `detente validate`: run the patterns the model must reproduce and print each verdict.

use crate::Failure;
use crate::args::ValidateArgs;
use crate::output;
use detente_config::patterns;
use detente_sweep::patterns::Validator;
use std::path::Path;

pub fn validate(a: ValidateArgs) -> Result<(), Failure> {
    let (file, base) = match &a.patterns {
        Some(path) => {
            let text = detente_config::input::read_to_string(
                path,
                detente_config::input::MAX_SCENARIO_BYTES,
            )
            .map_err(|e| {
                Failure::BadInput(anyhow::anyhow!(
                    "{}: cannot read the patterns: {e}",
                    detente_config::text::shown(&path.display().to_string())
                ))
            })?;
            let parsed = patterns::parse(&text, &path.display().to_string())
                .map_err(|e| Failure::BadInput(e.into()))?;
            let base = path.parent().unwrap_or(Path::new(".")).to_path_buf();
            (parsed, base)
        }
        None => (
            patterns::parse(patterns::BUILTIN, "<built-in patterns>")
                .map_err(|e| Failure::Internal(e.into()))?,
            std::path::PathBuf::from("."),
        ),
    };
    let chosen: Vec<&patterns::Pattern> = file
        .patterns
        .iter()
        .filter(|p| a.only.is_empty() || a.only.iter().any(|o| p.id.contains(o.as_str())))
        .collect();
    if chosen.is_empty() {
        return Err(Failure::BadInput(anyhow::anyhow!(
            "--only {}: no pattern's id contains it; ids: {}",
            a.only.join(", "),
            file.patterns
                .iter()
                .map(|p| p.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    let threads = a.threads.map(usize::from).unwrap_or_else(|| {
        std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
    });
    let mut v = Validator::new(&file, a.runs, threads, &base);
    let (runs, per_point) = v.sizes();
    output::print(&format!(
        "detente validate: {} patterns; seeds {}-{} for shares and dates, {per_point} a point for response curves\n",
        chosen.len(),
        file.seed_start,
        file.seed_start + runs - 1,
    ))
    .map_err(Failure::Internal)?;
    let mut failed = Vec::new();
    for p in chosen {
        let verdict = v.judge(p).map_err(|e| match e {
            detente_sweep::SweepError::Input(_) => Failure::BadInput(e.into()),
            other => Failure::Internal(other.into()),
        })?;
        let mark = if verdict.passed { "pass" } else { "FAIL" };
        let mut text = format!(
            "{mark}  {}: {}\n      measured {}\n      target   {}\n",
            verdict.id,
            detente_config::text::shown(&verdict.claim),
            verdict.measured,
            verdict.target,
        );
        for d in &verdict.details {
            text.push_str(&format!("    {d}\n"));
        }
        output::print(&text).map_err(Failure::Internal)?;
        if !verdict.passed {
            failed.push(verdict.id);
        }
    }
    if failed.is_empty() {
        output::print("every pattern passes\n").map_err(Failure::Internal)?;
        Ok(())
    } else {
        Err(Failure::Unmet(format!(
            "{} pattern{} fail: {}",
            failed.len(),
            if failed.len() == 1 { "" } else { "s" },
            failed.join(", ")
        )))
    }
}

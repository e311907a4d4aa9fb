//! `detente run`: one negotiation, transcript and summary on stdout, JSON result on request.

use crate::Failure;
use crate::args::{Executor, ExtendsArg, RunArgs};
use crate::output;
use anyhow::anyhow;
use detente_config::{ConfigError, ScenarioRef};
use detente_runtime::{Fault, RunOptions};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

/// Load a scenario: a file, or the name of a built-in one; the default is the baseline.
/// `--set` overrides apply after `extends` is merged.
pub fn load_scenario(
    arg: Option<&Path>,
    sets: &[String],
    extends: ExtendsArg,
) -> Result<detente_model::Scenario, Failure> {
    let reference = match arg {
        None => ScenarioRef::Builtin(detente_config::builtin::DEFAULT.to_string()),
        Some(path) => extends.reference(path),
    };
    detente_config::load_ref(&reference, sets).map_err(|e| {
        let missing = matches!(&e, ConfigError::Read { reason, .. } if reason.is_not_found());
        match arg {
            Some(path) if missing && path.extension().is_none() => {
                let names: Vec<&str> = detente_config::builtin::BUILTINS
                    .iter()
                    .map(|(n, _)| *n)
                    .collect();
                let hint = detente_config::hints::did_you_mean(
                    &path.to_string_lossy(),
                    names.iter().copied(),
                );
                Failure::BadInput(anyhow!(
                    "{e}; nor is it a built-in scenario{hint} (built-ins: {})",
                    names.join(", ")
                ))
            }
            _ => Failure::BadInput(anyhow!(e)),
        }
    })
}

/// `--fault KIND@ACTOR:ROUND`, for an actor of `sc` and a round within its horizon (a
/// fault that could never fire would pass a test silently).
fn parse_fault(text: &str, sc: &detente_model::Scenario) -> Result<Fault, Failure> {
    let shown = detente_config::text::shown(text);
    let bad = |why: String| Failure::BadInput(anyhow!("--fault {shown}: {why}"));
    let usage = || bad("expected panic@ACTOR:ROUND or stall@ACTOR:ROUND".into());
    let (kind, rest) = text.split_once('@').ok_or_else(usage)?;
    let (actor, round) = rest.split_once(':').ok_or_else(usage)?;
    let round: u32 = round.parse().map_err(|_| usage())?;
    let ids = sc.actors.iter().map(|a| a.id.as_str());
    if !sc.actors.iter().any(|a| a.id == actor) {
        let hint = detente_config::hints::did_you_mean(actor, ids.clone());
        return Err(bad(format!(
            "no actor \"{}\" in this scenario{hint}; actors: {}",
            detente_config::text::shown(actor),
            detente_config::hints::listing(ids)
        )));
    }
    if round >= sc.settings.horizon {
        return Err(bad(format!(
            "round {round} is past the horizon; rounds run from 0 to {}",
            sc.settings.horizon - 1
        )));
    }
    let actor = actor.to_string();
    match kind {
        "panic" => Ok(Fault::Panic { actor, round }),
        "stall" => Ok(Fault::Stall { actor, round }),
        _ => Err(usage()),
    }
}

pub fn run(args: RunArgs) -> Result<(), Failure> {
    let scenario = Arc::new(load_scenario(
        args.scenario.as_deref(),
        &args.set,
        args.extends,
    )?);
    let fault = args
        .fault
        .as_deref()
        .map(|f| parse_fault(f, &scenario))
        .transpose()?;
    // Every output is checked (and its temporary file made) before the run.
    let json = args
        .json
        .as_deref()
        .map(detente_data::output::begin)
        .transpose()
        .map_err(output::failure)?;
    let log_file = crate::logging::install(args.log_format, args.log_file.as_deref())?;
    let seed = args.seed.unwrap_or(scenario.settings.seed);

    let result = match args.executor {
        Executor::Plain => Ok(detente_runtime::run_plain(Arc::clone(&scenario), seed)),
        Executor::Tokio => {
            let options = RunOptions {
                seed,
                threads: args.threads as usize,
                round_timeout: Duration::from_millis(args.round_timeout_ms),
                fault,
                recording: detente_model::Recording::Full,
            };
            detente_runtime::run(Arc::clone(&scenario), &options)
        }
    };
    let record = match result {
        Ok(r) => r,
        Err(e) => {
            tracing::error!(error = %e, "run failed");
            // The log of a failed run is kept: it says how far the run got.
            if let Some(f) = log_file {
                let _ = f.finish();
            }
            return Err(Failure::Internal(anyhow!(e)));
        }
    };
    if let Some(f) = log_file {
        f.finish()?;
    }
    if let Some(mut file) = json {
        let value = output::result_json(&scenario, &record);
        std::io::Write::write_all(&mut file, output::to_pretty_json(&value).as_bytes()).map_err(
            |e| Failure::Internal(anyhow!("cannot write {}: {e}", file.path().display())),
        )?;
        file.commit().map_err(output::failure)?;
    }
    // The terminal gets the scenario's texts with control characters escaped.
    let shown = detente_config::text::for_display(&scenario);
    let text = if args.quiet {
        format!(
            "{}{}",
            output::heading(&shown, &record),
            output::summary(&shown, &record)
        )
    } else {
        format!(
            "{}{}",
            output::transcript(&shown, &record, args.brief),
            output::summary(&shown, &record)
        )
    };
    output::print(&text).map_err(Failure::Internal)
}

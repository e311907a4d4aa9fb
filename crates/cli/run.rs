//! `detente run`: one negotiation, transcript and summary on stdout, JSON result on request.

use crate::Failure;
use crate::args::{Executor, ExtendsArg, RunArgs};
use crate::output;
use anyhow::anyhow;
use detente_config::{ConfigError, ScenarioRef};
use detente_data::Provenance;
use detente_data::game::SeatMoves;
use detente_data::run::RunResult;
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
    load_with_provenance(arg, sets, extends).map(|(sc, _)| sc)
}

/// Load a scenario as [`load_scenario`] does, with the provenance a result records.
pub fn load_with_provenance(
    arg: Option<&Path>,
    sets: &[String],
    extends: ExtendsArg,
) -> Result<(detente_model::Scenario, Provenance), Failure> {
    let reference = match arg {
        None => ScenarioRef::Builtin(detente_config::builtin::DEFAULT.to_string()),
        Some(path) => extends.reference(path),
    };
    let given = match arg {
        None => detente_config::builtin::DEFAULT.to_string(),
        Some(path) => path.to_string_lossy().into_owned(),
    };
    match detente_config::load_effective(&reference, sets) {
        Ok((sc, effective)) => {
            let provenance = Provenance::new(&given, &sc, sets, effective);
            Ok((sc, provenance))
        }
        Err(e) => Err(load_failure(arg, e)),
    }
}

fn load_failure(arg: Option<&Path>, e: ConfigError) -> Failure {
    let missing = matches!(&e, ConfigError::Read { reason, .. } if reason.is_not_found());
    match arg {
        Some(path) if missing && path.extension().is_none() => {
            let names: Vec<&str> = detente_config::builtin::BUILTINS
                .iter()
                .map(|(n, _)| *n)
                .collect();
            let hint =
                detente_config::hints::did_you_mean(&path.to_string_lossy(), names.iter().copied());
            Failure::BadInput(anyhow!(
                "{e}; nor is it a built-in scenario{hint} (built-ins: {})",
                names.join(", ")
            ))
        }
        _ => Failure::BadInput(anyhow!(e)),
    }
}

/// The scenario, provenance and seed of the run a result records (`run --from`): the
/// effective scenario it holds, checked against its digest.
fn load_from(
    path: &Path,
) -> Result<(detente_model::Scenario, Provenance, u64, Option<SeatMoves>), Failure> {
    let bad = |what: String| Failure::BadInput(anyhow!("--from {}: {what}", path.display()));
    let file = detente_config::input::open(path, detente_config::input::MAX_RESULTS_BYTES)
        .map_err(|e| bad(format!("cannot read: {e}")))?;
    let origin = detente_data::run::read_origin(std::io::BufReader::new(file)).map_err(bad)?;
    let p = origin.provenance;
    let sc = rebuild(path, "--from", &p)?;
    Ok((sc, p, origin.seed, origin.game))
}

/// The scenario a file's provenance records (its effective scenario, checked against its
/// digest), for `--from` and `--moves`; a file of another version is warned about.
pub fn rebuild(
    path: &Path,
    flag: &str,
    p: &Provenance,
) -> Result<detente_model::Scenario, Failure> {
    let bad = |what: String| Failure::BadInput(anyhow!("{flag} {}: {what}", path.display()));
    if p.detente_version != detente_data::DETENTE_VERSION {
        output::eprint(&format!(
            "warning: {} was written by detente {}, this is {}: the run may differ",
            path.display(),
            p.detente_version,
            detente_data::DETENTE_VERSION
        ));
    }
    let reference = ScenarioRef::Text {
        name: format!("{} (provenance.effective_scenario)", path.display()),
        text: p.effective_scenario.clone(),
    };
    let (sc, _) =
        detente_config::load_effective(&reference, &[]).map_err(|e| bad(e.to_string()))?;
    let digest = detente_data::provenance::digest(&sc);
    if digest != p.scenario_digest {
        return Err(bad(format!(
            "its effective scenario has digest {digest}, but the file records {}: the \
             scenario it ran cannot be rebuilt exactly",
            p.scenario_digest
        )));
    }
    Ok(sc)
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

/// Every output of a run, checked (and its temporary file made) before the run starts.
struct Outputs {
    json: Option<detente_data::output::AtomicFile>,
    rounds: Option<(
        detente_data::output::AtomicFile,
        detente_data::table::Format,
    )>,
    messages: Option<(
        detente_data::output::AtomicFile,
        detente_data::table::Format,
    )>,
}

impl Outputs {
    fn begin(args: &RunArgs) -> Result<Self, Failure> {
        let table = |path: &Option<std::path::PathBuf>, flag: &str| {
            path.as_deref()
                .map(|p| {
                    let format = detente_data::table::Format::of(p)
                        .map_err(|e| Failure::BadInput(anyhow!("{flag} {e}")))?;
                    let file = detente_data::output::begin(p).map_err(output::failure)?;
                    Ok((file, format))
                })
                .transpose()
        };
        Ok(Self {
            json: args
                .json
                .as_deref()
                .map(detente_data::output::begin)
                .transpose()
                .map_err(output::failure)?,
            rounds: table(&args.rounds, "--rounds")?,
            messages: table(&args.messages, "--messages")?,
        })
    }

    /// Write every output and rename each into place.
    fn write(
        self,
        sc: &Arc<detente_model::Scenario>,
        rec: &Arc<detente_model::RunRecord>,
        provenance: Provenance,
        game: Option<SeatMoves>,
        analyzed: &crate::analyze::RunAnalyzed,
    ) -> Result<(), Failure> {
        let failed = |path: &Path, e: std::io::Error| {
            Failure::Internal(anyhow!("cannot write {}: {e}", path.display()))
        };
        if let Some(mut file) = self.json {
            let analysis = detente_data::analysis::AnalysisResult::of(sc, analyzed);
            let mut result =
                RunResult::build(Arc::clone(sc), Arc::clone(rec), provenance, analysis);
            result.game = game;
            file.direct()
                .and_then(|w| detente_data::run::write_json(&result, w))
                .map_err(|e| failed(file.path(), e))?;
            file.commit().map_err(output::failure)?;
        }
        if let Some((mut file, format)) = self.rounds {
            detente_data::tables::rounds(sc, rec)
                .write(format, &mut file)
                .map_err(|e| failed(file.path(), e))?;
            file.commit().map_err(output::failure)?;
        }
        if let Some((mut file, format)) = self.messages {
            detente_data::tables::messages(sc, rec)
                .write(format, &mut file)
                .map_err(|e| failed(file.path(), e))?;
            file.commit().map_err(output::failure)?;
        }
        Ok(())
    }
}

pub fn run(args: RunArgs) -> Result<(), Failure> {
    // A replayed game: the seat and moves, and the run they make.
    let mut game = None;
    let (scenario, provenance, seed) = match (&args.from, &args.moves) {
        (Some(path), _) => {
            let (sc, provenance, seed, played) = load_from(path)?;
            if let Some(played) = played {
                // A result of `run --moves`: the same game again, not the model alone.
                let record = crate::play::replay(&sc, seed, &played).map_err(|e| {
                    Failure::BadInput(anyhow!("--from {}: game: {e}", path.display()))
                })?;
                game = Some((played, record));
            }
            (sc, provenance, seed)
        }
        (None, Some(path)) => {
            let recorded = crate::play::load_game(path)?;
            game = Some((recorded.game, recorded.record));
            (recorded.scenario, recorded.provenance, recorded.seed)
        }
        (None, None) => {
            let (sc, provenance) =
                load_with_provenance(args.scenario.as_deref(), &args.set, args.extends)?;
            let seed = args.seed.unwrap_or(sc.settings.seed);
            (sc, provenance, seed)
        }
    };
    let scenario = Arc::new(scenario);
    let fault = args
        .fault
        .as_deref()
        .map(|f| parse_fault(f, &scenario))
        .transpose()?;
    // Every output is checked (and its temporary file made) before the run.
    let outputs = Outputs::begin(&args)?;
    let log_file = crate::logging::install(args.log_format, args.log_file.as_deref())?;

    let (played, game_record) = game.unzip();
    let result = match (game_record, args.executor) {
        // A game is the plain loop with a person's moves in one seat.
        (Some(record), _) => Ok(crate::play::logged(&scenario, record)),
        (None, Executor::Plain) => Ok(detente_runtime::run_plain(Arc::clone(&scenario), seed)),
        (None, Executor::Tokio) => {
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
        Ok(r) => Arc::new(r),
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
    let analyzed = crate::analyze::run_analysis(&scenario, &record);
    outputs.write(&scenario, &record, provenance, played, &analyzed)?;
    // The terminal gets the scenario's texts with control characters escaped.
    let shown = detente_config::text::for_display(&scenario);
    let text = if args.quiet {
        format!(
            "{}{}",
            output::heading(&shown, &record),
            output::summary(&shown, &record, &analyzed)
        )
    } else {
        format!(
            "{}{}",
            output::transcript(&shown, &record, args.brief),
            output::summary(&shown, &record, &analyzed)
        )
    };
    output::print(&text).map_err(Failure::Internal)
}

//! `detente sweep` and `merge`: the command-line face of the sweep crate.

use crate::Failure;
use crate::args::{MergeArgs, SweepArgs};
use crate::output;
use anyhow::anyhow;
use detente_config::text::shown;
use detente_sweep::SweepError;
use detente_sweep::design::{Design, parse_vary};
use detente_sweep::plan::Plan;
use detente_sweep::results;
use detente_sweep::session;
use detente_sweep::stats;
use detente_sweep::store;
use std::io::IsTerminal;
use std::time::Instant;

pub(crate) fn failure(e: SweepError) -> Failure {
    match e {
        SweepError::Input(_) => Failure::BadInput(anyhow!(e)),
        SweepError::Io { .. } | SweepError::Run { .. } | SweepError::Internal(_) => {
            Failure::Internal(anyhow!(e))
        }
    }
}

pub(crate) fn threads(t: Option<usize>) -> usize {
    t.unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()))
        .max(1)
}

/// Progress on a terminal: a bar with rate and ETA. Elsewhere (CI, pipes): a quiet line
/// at every tenth.
pub(crate) struct Progress {
    /// The command named in the quiet lines.
    what: &'static str,
    bar: Option<indicatif::ProgressBar>,
    started: Instant,
    last_tenth: u64,
    /// Runs already done when the sweep started (resumed ones): not part of the rate.
    first: Option<u64>,
}

impl Progress {
    pub(crate) fn new() -> Self {
        Self::named("sweep")
    }

    pub(crate) fn named(what: &'static str) -> Self {
        let interactive = std::io::stderr().is_terminal() && std::env::var_os("CI").is_none();
        let bar = interactive.then(|| {
            let bar = indicatif::ProgressBar::new(0);
            let style = indicatif::ProgressStyle::with_template(
                "{bar:40} {pos}/{len} runs  {per_sec}  ETA {eta}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
            bar.set_style(style);
            bar
        });
        Self {
            what,
            bar,
            started: Instant::now(),
            last_tenth: 0,
            first: None,
        }
    }

    pub(crate) fn update(&mut self, done: u64, total: u64) {
        let first = *self.first.get_or_insert(done);
        if let Some(bar) = &self.bar {
            bar.set_length(total);
            bar.set_position(done);
            return;
        }
        let tenth = (done * 10).checked_div(total).unwrap_or(10);
        if tenth > self.last_tenth {
            self.last_tenth = tenth;
            let rate = (done - first) as f64 / self.started.elapsed().as_secs_f64().max(1e-9);
            crate::output::eprint(&format!(
                "{}: {done} of {total} runs ({}%), {rate:.0} runs/s",
                self.what,
                tenth * 10
            ));
        }
    }

    pub(crate) fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

fn design(args: &SweepArgs) -> Result<Design, Failure> {
    let d = match &args.design {
        Some(path) => Design::from_csv(path),
        None if args.vary.is_empty() => Ok(Design::single()),
        None => args
            .vary
            .iter()
            .map(|v| parse_vary(v))
            .collect::<Result<Vec<_>, _>>()
            .and_then(|vs| Design::factorial(&vs)),
    };
    d.map_err(|e| Failure::BadInput(anyhow!(e)))
}

fn describe_seeds(plan: &Plan, first: u64) -> String {
    let last = |s: u64| s.saturating_add(plan.runs - 1);
    match plan.seed_start {
        Some(s) => format!("seeds {} to {}", s, last(s)),
        None => format!(
            "seeds {} to {} (the scenario's seed onward)",
            first,
            last(first)
        ),
    }
}

/// The line a sweep's table opens with: what was run, how many times, which seeds.
/// `first` is the first configuration's first seed.
fn heading(command: &str, plan: &Plan, title: &str, first: u64) -> String {
    let shard = plan
        .shard
        .map(|(k, n)| format!(", shard {k}/{n}"))
        .unwrap_or_default();
    format!(
        "detente {command}: {} ({}), {} configuration(s) x {} runs, {}{shard}",
        shown(title),
        shown(&plan.scenario),
        plan.design.len(),
        plan.runs,
        describe_seeds(plan, first)
    )
}

pub fn sweep(args: SweepArgs) -> Result<(), Failure> {
    let reference = args.extends.reference(&args.scenario);
    let plan = Plan {
        scenario: args.scenario.display().to_string(),
        sets: args.set.clone(),
        design: design(&args)?,
        runs: args.runs,
        seed_start: args.seed_start,
        shard: args.shard,
    };
    if let Some(out) = &args.out {
        store::format_of(out).map_err(failure)?;
        detente_data::output::check(out).map_err(output::failure)?;
    }
    if let Some(path) = &args.summary {
        crate::summarize::check(path, args.out.as_deref())?;
    }
    let loaded = session::load(&plan, &reference).map_err(failure)?;
    let mut progress = Progress::new();
    let finished = session::sweep(
        &plan,
        &loaded,
        session::Output {
            path: args.out.as_deref(),
            resume: args.resume,
        },
        threads(args.threads),
        |d, t| progress.update(d, t),
        |_| {},
    );
    progress.finish();
    let finished = finished.map_err(failure)?;
    if let Some(out) = &args.out {
        let note = match finished.resumed {
            session::Resumed::No => None,
            session::Resumed::Started => Some(format!(
                "resume: {} did not exist yet; started the sweep",
                out.display()
            )),
            session::Resumed::Kept { kept, dropped } => Some(format!(
                "resume: kept {kept} of {} runs from {}{}, ran {}",
                plan.runs_in_shard(),
                out.display(),
                if dropped > 0 {
                    format!(" (dropped {dropped} repeated row(s))")
                } else {
                    String::new()
                },
                finished.ran
            )),
        };
        if let Some(note) = note {
            output::eprint(&note);
        }
    }
    let sc = &loaded.scenarios[0];
    let summaries = finished.tally.summaries();
    if let Some(path) = &args.summary {
        let start = Some(sc.settings.start);
        crate::summarize::write(path, &summaries, &plan.design, &loaded.issues, start)?;
    }
    let mut text = format!(
        "{}\n\n",
        heading("sweep", &plan, &sc.settings.title, loaded.bases[0])
    );
    text.push_str(&stats::render(
        &summaries,
        &plan.design,
        &sc.issues,
        sc.settings.start,
    ));
    output::print(&text).map_err(Failure::Internal)
}

pub fn merge(args: MergeArgs) -> Result<(), Failure> {
    let out_format = match &args.out {
        Some(out) => {
            let f = store::format_of(out).map_err(failure)?;
            detente_data::output::check(out).map_err(output::failure)?;
            Some(f)
        }
        None => None,
    };
    let paths: Vec<&std::path::Path> = args.files.iter().map(|p| p.as_path()).collect();
    let merged = session::merge(&paths).map_err(failure)?;
    let meta = &merged.meta;
    let plan = &meta.plan;
    let missing = merged.missing;
    let complete = missing == 0 || args.allow_partial;
    if merged.dropped > 0 {
        output::eprint(&format!(
            "merge: dropped {} repeated row(s) (the same run with the same values)",
            merged.dropped
        ));
    }
    if let (Some(out), Some(format)) = (args.out.as_ref().filter(|_| complete), out_format) {
        // Whole or not at all: written beside the target and renamed into place.
        output::write_atomic(out, &merged.text(format))?;
        let out_meta = results::Meta {
            format: format.name().to_string(),
            ..meta.clone()
        };
        results::write_meta(out, &out_meta).map_err(failure)?;
    }
    let summaries = merged.tally().summaries();
    let first = meta.first_seeds.first().copied().unwrap_or(0);
    let mut text = format!("{}\n", heading("merge", plan, &meta.title, first));
    if missing > 0 {
        text.push_str(&format!(
            "incomplete: {missing} of {} runs are missing (a shard not merged or not finished)\n",
            plan.total()
        ));
    }
    text.push('\n');
    text.push_str(&stats::render(
        &summaries,
        &plan.design,
        &meta.issues,
        meta.start,
    ));
    output::print(&text).map_err(Failure::Internal)?;
    if !complete {
        return Err(Failure::BadInput(anyhow!(
            "{missing} of {} runs are missing: merge every shard, or add --allow-partial",
            plan.total()
        )));
    }
    Ok(())
}

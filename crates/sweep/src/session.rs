//! A whole sweep from start to table: load each configuration, resume what a results
//! file already holds, run the rest, append each row as it finishes; and merges of shards.

use crate::SweepError;
use crate::exec;
use crate::plan::Plan;
use crate::results::{self, Appender, Dedup, Meta, Row};
use crate::stats::Tally;
use crate::store::{self, Columns};
use detente_config::ScenarioRef;
use detente_data::Provenance;
use detente_model::Scenario;
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
    /// What the sweep is made of: the scenario as given, merged with `--set` (before the
    /// design's values).
    pub provenance: Provenance,
}

/// Load every configuration of `plan`: the scenario, the plan's `--set`s, then the
/// configuration's own values, each checked like a scenario file.
pub fn load(plan: &Plan, reference: &ScenarioRef) -> Result<Loaded, SweepError> {
    let (base, effective) = detente_config::load_effective(reference, &plan.sets)
        .map_err(|e| SweepError::Input(e.to_string()))?;
    let provenance = Provenance::new(&plan.scenario, &base, &plan.sets, effective);
    let mut scenarios = Vec::with_capacity(plan.design.len());
    let mut bases = Vec::with_capacity(plan.design.len());
    let mut labels: Vec<String> = Vec::new();
    for c in 0..plan.design.len() {
        let mut sets = plan.sets.clone();
        sets.extend(plan.design.overrides(c));
        let sc = if plan.design.keys.is_empty() {
            base.clone()
        } else {
            detente_config::load_ref(reference, &sets).map_err(|e| {
                SweepError::Input(format!(
                    "configuration {} ({}):\n{e}",
                    c + 1,
                    detente_config::text::shown(&plan.design.describe(c))
                ))
            })?
        };
        let first = plan.seed_start.unwrap_or(sc.settings.seed);
        let from = if plan.seed_start.is_some() {
            "--seed-start"
        } else {
            "the scenario's seed (scenario.seed)"
        };
        crate::plan::last_seed(first, plan.runs, from)?;
        bases.push(first);
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
    let digest = detente_data::provenance::digest_all(scenarios.iter().map(|s| &**s));
    Ok(Loaded {
        scenarios,
        bases,
        issues,
        labels,
        digest,
        provenance,
    })
}

/// The meta of `plan` as loaded, for a results file of `format`.
pub fn meta(plan: &Plan, loaded: &Loaded, format: &dyn store::RowFormat) -> Meta {
    let sc = &loaded.scenarios[0];
    let columns = Columns {
        keys: plan.design.keys.clone(),
        issues: loaded.issues.clone(),
    };
    Meta {
        schema_version: detente_data::SCHEMA_VERSION,
        format: format.name().to_string(),
        columns: columns.names(),
        plan: plan.clone(),
        first_seeds: loaded.bases.clone(),
        title: sc.settings.title.clone(),
        start: sc.settings.start,
        issues: sc.issues.clone(),
        labels: loaded.labels.clone(),
        scenario_digest: loaded.digest.clone(),
        provenance: loaded.provenance.clone(),
    }
}

/// What `--resume` found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resumed {
    /// Not a resumed sweep.
    No,
    /// `--resume` of a file that did not exist yet: the sweep started from nothing.
    Started,
    /// The file held `kept` of this shard's runs; `dropped` exact copies of rows were
    /// left out (the duplicate rule of [`Dedup`]).
    Kept {
        /// Runs kept.
        kept: u64,
        /// Repeated rows dropped.
        dropped: u64,
    },
}

/// A finished (or resumed and finished) sweep.
pub struct Finished {
    /// Counts over every run of the shard, kept ones included.
    pub tally: Tally,
    /// What `--resume` found.
    pub resumed: Resumed,
    /// Runs run now.
    pub ran: u64,
}

/// Where a sweep writes and whether it resumes.
#[derive(Clone, Copy, Debug, Default)]
pub struct Output<'a> {
    /// The results file, if any.
    pub path: Option<&'a Path>,
    /// Finish the sweep the file holds (or start it, if there is no file yet).
    pub resume: bool,
}

fn lock_failure(e: detente_data::lock::LockError) -> SweepError {
    match e {
        detente_data::lock::LockError::Held { .. }
        | detente_data::lock::LockError::Refused { .. } => SweepError::Input(e.to_string()),
        // The lock file is what could not be made.
        detente_data::lock::LockError::Io { path, error } => SweepError::Io {
            path: detente_data::lock::lock_path(Path::new(&path))
                .display()
                .to_string(),
            error: error.into(),
        },
    }
}

/// Open the results file for the sweep: new, or resumed after checking it holds this sweep
/// and its rows belong to it. Returns the appender, the runs done (sorted), and what it
/// found.
fn open(
    path: &Path,
    resume: bool,
    meta: &Meta,
    tally: &mut Tally,
) -> Result<(Appender, Vec<u64>, Resumed), SweepError> {
    let format = store::format_of(path)?;
    let columns = meta.row_columns();
    if !path.exists() {
        results::write_meta(path, meta)?;
        let appender = Appender::create(path, format, &columns)?;
        let resumed = if resume {
            Resumed::Started
        } else {
            Resumed::No
        };
        return Ok((appender, Vec::new(), resumed));
    }
    if !resume {
        return Err(SweepError::Input(format!(
            "{}: already exists; add --resume to finish that sweep, or remove the file",
            path.display()
        )));
    }
    let theirs = results::read_meta(path)?;
    if let Some(why) = meta.difference(&theirs, false) {
        return Err(SweepError::Input(format!(
            "{}: written by a different sweep: {why}",
            path.display()
        )));
    }
    let mut dedup = Dedup::default();
    let scanned = results::scan(path, meta, |e| {
        dedup.note(0, &e);
        Ok(())
    })?;
    let dropped = dedup.finish(&[path])?;
    let mut done = Vec::new();
    results::scan(path, meta, |e| {
        if !dropped.contains(&(0, e.line_no)) {
            tally.add(&e.row);
            done.push(e.row.run);
        }
        Ok(())
    })?;
    done.sort_unstable();
    let appender = Appender::resume(path, format, &columns, scanned)?;
    let resumed = Resumed::Kept {
        kept: done.len() as u64,
        dropped: dropped.len() as u64,
    };
    Ok((appender, done, resumed))
}

/// Run the sweep. With an output path, every finished run is appended to it, under an
/// exclusive lock (a second writer is refused, naming the holder); `resume` finishes the
/// sweep a file holds. Memory does not grow with the number of runs: rows are counted into
/// a [`Tally`] and given to `on_row` as they finish, not kept. `progress(done, total)` is
/// called as runs finish.
pub fn sweep(
    plan: &Plan,
    loaded: &Loaded,
    output: Output,
    threads: usize,
    mut progress: impl FnMut(u64, u64),
    mut on_row: impl FnMut(&Row),
) -> Result<Finished, SweepError> {
    plan.validate()?;
    let mut tally = Tally::new(plan.design.len(), &loaded.labels, loaded.issues.len());
    let mut writer = None;
    let mut done = Vec::new();
    let mut resumed = Resumed::No;
    let _lock = match output.path {
        Some(path) => {
            let format = store::format_of(path)?;
            let lock = detente_data::lock::lock(path).map_err(lock_failure)?;
            let meta = meta(plan, loaded, format);
            let (appender, d, r) = open(path, output.resume, &meta, &mut tally)?;
            writer = Some((appender, format, meta.row_columns()));
            done = d;
            resumed = r;
            Some(lock)
        }
        None => None,
    };
    let in_shard = plan.runs_in_shard();
    let mut finished = done.len() as u64;
    let mut ran = 0;
    progress(finished, in_shard);
    exec::execute(
        plan,
        &loaded.scenarios,
        &loaded.bases,
        &done,
        threads,
        |row| {
            if let Some((a, format, columns)) = writer.as_mut() {
                let params = &plan.design.rows[row.config];
                a.append(&format.encode(columns, &columns.cells(&row, params)))?;
            }
            tally.add(&row);
            on_row(&row);
            finished += 1;
            ran += 1;
            progress(finished, in_shard);
            Ok(())
        },
    )?;
    Ok(Finished {
        tally,
        resumed,
        ran,
    })
}

/// Run the sweep and return every row, sorted by run (the rows of a resumed file
/// included). Holds every row in memory (about 420 bytes a run): for comparisons and
/// tests; [`sweep`] keeps only counts.
pub fn run(
    plan: &Plan,
    loaded: &Loaded,
    out: Option<&Path>,
    resume: bool,
    threads: usize,
    progress: impl FnMut(u64, u64),
) -> Result<Vec<Row>, SweepError> {
    let mut rows = Vec::new();
    sweep(
        plan,
        loaded,
        Output { path: out, resume },
        threads,
        progress,
        |r| rows.push(r.clone()),
    )?;
    if let Some(path) = out {
        let meta = results::read_meta(path)?;
        rows = results::read(path, &meta)?.0;
    }
    rows.sort_by_key(|r| r.run);
    Ok(rows)
}

/// The shards of one sweep, combined.
pub struct Merged {
    /// The sweep (without a shard).
    pub meta: Meta,
    /// Every run once, sorted by run: the row, its line as written, and its file's format.
    pub rows: Vec<(Row, String, &'static str)>,
    /// Exact copies of rows left out (the duplicate rule of [`Dedup`]).
    pub dropped: u64,
    /// Runs of the sweep found in no file.
    pub missing: u64,
}

impl Merged {
    /// The merged results file in `format`: the header, then every row, sorted by run.
    /// Rows read from a file of the same format are copied byte for byte.
    pub fn text(&self, format: &dyn store::RowFormat) -> String {
        let columns = self.meta.row_columns();
        let mut out = format.header(&columns).unwrap_or_default();
        for (row, line, from) in &self.rows {
            if *from == format.name() {
                out.push_str(line);
                out.push('\n');
            } else {
                let params = &self.meta.plan.design.rows[row.config];
                out.push_str(&format.encode(&columns, &columns.cells(row, params)));
            }
        }
        out
    }

    /// The counts of the merged runs.
    pub fn tally(&self) -> Tally {
        let mut t = Tally::new(
            self.meta.plan.design.len(),
            &self.meta.labels,
            self.meta.issues.len(),
        );
        for (r, _, _) in &self.rows {
            t.add(r);
        }
        t
    }
}

/// Combine the results files of shards of one sweep: check they belong together (by their
/// metas alone: no scenario file is read) and that every row belongs to the plan, and keep
/// every run once. Holds every row (about 500 bytes a run).
pub fn merge(paths: &[&Path]) -> Result<Merged, SweepError> {
    let mut merged: Option<Meta> = None;
    let mut entries: Vec<(Row, String, &'static str, u32, u64)> = Vec::new();
    let mut dedup = Dedup::default();
    for (k, path) in paths.iter().enumerate() {
        let meta = results::read_meta(path)?;
        if let Some(m) = &merged
            && let Some(why) = m.difference(&meta, true)
        {
            return Err(SweepError::Input(format!(
                "{}: not a shard of the same sweep as {}: {why}",
                path.display(),
                paths[0].display()
            )));
        }
        let format = store::format_of(path)?.name();
        results::scan(path, &meta, |e| {
            dedup.note(k as u32, &e);
            entries.push((e.row, e.line, format, k as u32, e.line_no));
            Ok(())
        })?;
        merged.get_or_insert(meta);
    }
    let mut meta = merged.ok_or_else(|| SweepError::Input("no results files to merge".into()))?;
    meta.plan.shard = None;
    let dropped = dedup.finish(paths)?;
    let mut rows: Vec<(Row, String, &'static str)> = entries
        .into_iter()
        .filter(|e| !dropped.contains(&(e.3, e.4)))
        .map(|(r, l, f, _, _)| (r, l, f))
        .collect();
    rows.sort_by_key(|r| r.0.run);
    let missing = meta.plan.total().saturating_sub(rows.len() as u64);
    Ok(Merged {
        meta,
        rows,
        dropped: dropped.len() as u64,
        missing,
    })
}

//! Results files: one line per finished run (a [`crate::store`] format), appended as runs
//! finish, with a sidecar `FILE.meta.json` that describes the sweep completely, so that
//! `--resume`, `merge` and `report` need nothing else.

use crate::SweepError;
use crate::plan::Plan;
use crate::store::{self, Columns, RowFormat};
use detente_data::Provenance;
use detente_model::{Issue, YearMonth};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

/// One finished run.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// Index over the whole sweep.
    pub run: u64,
    /// Configuration index.
    pub config: usize,
    /// Seed.
    pub seed: u64,
    /// settlement, breakdown, deadlock or horizon.
    pub reason: String,
    /// Round of the equilibrium.
    pub round: u32,
    /// Its month.
    pub date: String,
    /// Outcome label.
    pub outcome: String,
    /// Final positions, in issue order.
    pub positions: Vec<f64>,
    /// Mean trust, at the end, between the veto principals of different sides at the
    /// table in the last round (one who walked out then counts; one an event removed
    /// does not).
    pub mean_trust: f64,
    /// Messages sent.
    pub messages: u64,
}

/// What a results file holds, stored beside it as `FILE.meta.json`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Meta {
    /// The layout version ([`detente_data::SCHEMA_VERSION`]).
    pub schema_version: u32,
    /// The results file's format (`csv` or `jsonl`).
    pub format: String,
    /// The columns of every row, in order.
    pub columns: Vec<String>,
    /// The sweep.
    pub plan: Plan,
    /// Each configuration's first seed: run r of configuration c has seed
    /// `first_seeds[c] + r`.
    pub first_seeds: Vec<u64>,
    /// The scenario's title.
    pub title: String,
    /// The scenario's first month.
    pub start: YearMonth,
    /// The issues, in position order (ids, names, ranges, how values are shown).
    pub issues: Vec<Issue>,
    /// Outcome labels of the scenario, in order (for the table's rows).
    pub labels: Vec<String>,
    /// A digest of every configuration's scenario as loaded (after `extends`, `--set` and
    /// the design's values): an edited scenario file makes a different sweep, even under
    /// the same path, and the same scenario under another path is the same sweep.
    pub scenario_digest: String,
    /// What produced the sweep: the scenario as given, its merged form before the design's
    /// values, `--set`, the detente version.
    pub provenance: Provenance,
}

/// The JSON Schema of a results file's `.meta.json`, generated from [`Meta`].
pub fn meta_schema() -> schemars::Schema {
    schemars::schema_for!(Meta)
}

impl Meta {
    /// The row schema.
    pub fn row_columns(&self) -> Columns {
        Columns {
            keys: self.plan.design.keys.clone(),
            issues: self.issue_ids(),
        }
    }

    /// Issue ids, in position order.
    pub fn issue_ids(&self) -> Vec<String> {
        self.issues.iter().map(|i| i.id.clone()).collect()
    }

    /// Why a file described by `theirs` does not hold this sweep, naming the first setting
    /// that differs; `None` if it does. The scenario is compared by its digest, never by how
    /// its path was spelled; with `any_shard`, the shards may differ (a merge).
    pub fn difference(&self, theirs: &Meta, any_shard: bool) -> Option<String> {
        let (a, b) = (&self.plan, &theirs.plan);
        let differs = |what: &str, mine: String, other: String| {
            Some(format!("{what} differs: {mine} here, {other} in the file"))
        };
        if self.scenario_digest != theirs.scenario_digest {
            return Some(format!(
                "the scenario differs (its merged contents, with --set and the design's values, have digest {} here and {} in the file)",
                self.scenario_digest, theirs.scenario_digest
            ));
        }
        if a.runs != b.runs {
            return differs("--runs", a.runs.to_string(), b.runs.to_string());
        }
        if self.first_seeds != theirs.first_seeds {
            let show = |m: &Meta| match m.plan.seed_start {
                Some(s) => format!("seeds from {s}"),
                None => format!(
                    "the scenario's seed ({})",
                    m.first_seeds.first().copied().unwrap_or(0)
                ),
            };
            return differs("--seed-start", show(self), show(theirs));
        }
        if a.design.keys != b.design.keys {
            return differs(
                "the design's keys",
                format!("{:?}", a.design.keys),
                format!("{:?}", b.design.keys),
            );
        }
        if let Some(c) = (0..a.design.len().max(b.design.len()))
            .find(|c| a.design.rows.get(*c) != b.design.rows.get(*c))
        {
            let row = |p: &Plan| {
                p.design
                    .rows
                    .get(c)
                    .map_or("none".to_string(), |_| p.design.describe(c))
            };
            return differs(
                &format!("configuration {} of the design", c + 1),
                row(a),
                row(b),
            );
        }
        if self.issues != theirs.issues {
            return Some("the issues differ".into());
        }
        if !any_shard && a.shard != b.shard {
            let show = |s: Option<(u64, u64)>| s.map_or("none".into(), |(k, n)| format!("{k}/{n}"));
            return differs("--shard", show(a.shard), show(b.shard));
        }
        None
    }

    /// Whether `row` is one of this sweep's runs (in its shard, with the plan's
    /// configuration and seed), or what is wrong with it.
    pub fn check(&self, row: &Row) -> Result<(), String> {
        let plan = &self.plan;
        if row.run >= plan.total() {
            return Err(format!(
                "run {} is outside the sweep (runs 0 to {})",
                row.run,
                plan.total().saturating_sub(1)
            ));
        }
        if !plan.in_shard(row.run) {
            return Err(format!("run {} belongs to another shard", row.run));
        }
        let job = plan.job(row.run, &self.first_seeds);
        if row.config != job.config || row.seed != job.seed {
            return Err(format!(
                "run {} has configuration {} and seed {}; the plan gives configuration {} and seed {}",
                row.run, row.config, row.seed, job.config, job.seed
            ));
        }
        Ok(())
    }
}

/// The sidecar's path.
pub fn meta_path(path: &Path) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(".meta.json");
    PathBuf::from(p)
}

/// A file the user gave could not be read as one: bad input, not an internal failure.
fn unreadable(path: &Path, e: impl std::fmt::Display) -> SweepError {
    SweepError::Input(format!("{}: {e}", path.display()))
}

fn io(path: &Path, e: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> SweepError {
    SweepError::Io {
        path: path.display().to_string(),
        error: e.into(),
    }
}

/// A sidecar can be no larger than this (a design of a million configurations fits).
pub const MAX_META_BYTES: u64 = 256 << 20;

/// Read a sidecar.
pub fn read_meta(path: &Path) -> Result<Meta, SweepError> {
    let mp = meta_path(path);
    let text = detente_config::input::read_to_string(&mp, MAX_META_BYTES)
        .map_err(|e| unreadable(&mp, format!("cannot read the sweep's description: {e}")))?;
    let meta: Meta = serde_json::from_str(&text).map_err(|e| {
        unreadable(
            &mp,
            format!(
                "not a description this detente can read ({e}); it may come from another version"
            ),
        )
    })?;
    if meta.schema_version != detente_data::SCHEMA_VERSION {
        return Err(unreadable(
            &mp,
            format!(
                "schema_version {} (this detente reads {})",
                meta.schema_version,
                detente_data::SCHEMA_VERSION
            ),
        ));
    }
    Ok(meta)
}

/// Write a sidecar whole or not at all, by the one output rule.
pub fn write_meta(path: &Path, meta: &Meta) -> Result<(), SweepError> {
    let mp = meta_path(path);
    let mut text = serde_json::to_string_pretty(meta).map_err(|e| io(&mp, e))?;
    text.push('\n');
    detente_data::output::write_atomic(&mp, text.as_bytes()).map_err(|e| {
        if e.is_bad_input() {
            SweepError::Input(e.to_string())
        } else {
            io(&mp, e)
        }
    })
}

/// One row as read: the row, its line exactly as written (no newline) and where it is.
#[derive(Clone, Debug)]
pub struct Entry {
    /// The row.
    pub row: Row,
    /// The line, byte for byte.
    pub line: String,
    /// Its line number, from 1.
    pub line_no: u64,
}

/// What reading a results file found besides its rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scanned {
    /// Bytes up to the end of the last whole line (a line torn by a kill is not counted).
    pub complete: u64,
    /// Whether the format's header is there (always true for formats without one).
    pub has_header: bool,
}

/// Read every whole line of a results file in order, checking each row against the plan
/// (a run outside the sweep, its shard or its seeds is an error naming the line), and give
/// each to `each`. Reads a line at a time: memory does not grow with the file.
pub fn scan(
    path: &Path,
    meta: &Meta,
    mut each: impl FnMut(Entry) -> Result<(), SweepError>,
) -> Result<Scanned, SweepError> {
    let format = store::format_of(path)?;
    let columns = meta.row_columns();
    let reader = detente_config::input::open(path, detente_config::input::MAX_RESULTS_BYTES)
        .map_err(|e| unreadable(path, e))?;
    let mut reader = std::io::BufReader::with_capacity(1 << 16, reader);
    let header = format.header(&columns);
    let mut scanned = Scanned {
        complete: 0,
        has_header: header.is_none(),
    };
    let mut buf = Vec::new();
    let mut line_no = 0u64;
    loop {
        buf.clear();
        let n = reader
            .read_until(b'\n', &mut buf)
            .map_err(|e| unreadable(path, e))?;
        if n == 0 || buf.last() != Some(&b'\n') {
            // The end, or a last line torn by a kill: it is cut off on resume.
            break;
        }
        line_no += 1;
        scanned.complete += n as u64;
        let bad = |why: String| SweepError::Input(format!("{}:{line_no}: {why}", path.display()));
        let text = std::str::from_utf8(&buf[..n - 1])
            .map_err(|_| bad("not UTF-8 text".into()))?
            .trim_end_matches('\r');
        if let Some(h) = &header
            && line_no == 1
        {
            if text != h.trim_end() {
                return Err(bad(
                    "the header is not this sweep's (see its .meta.json for the columns)".into(),
                ));
            }
            scanned.has_header = true;
            continue;
        }
        if text.trim().is_empty() {
            continue;
        }
        let row = format
            .fields(&columns, text)
            .and_then(|f| columns.row(&f))
            .map_err(&bad)?;
        meta.check(&row).map_err(&bad)?;
        each(Entry {
            row,
            line: text.to_string(),
            line_no,
        })?;
    }
    Ok(scanned)
}

/// Every row of a results file once, by the duplicate rule of [`Dedup`], and the length
/// of its complete part. Holds every row: for reports and tests; sweeps use [`scan`].
pub fn read(path: &Path, meta: &Meta) -> Result<(Vec<Row>, u64), SweepError> {
    let mut entries = Vec::new();
    let scanned = scan(path, meta, |e| {
        entries.push(e);
        Ok(())
    })?;
    let mut dedup = Dedup::default();
    for e in &entries {
        dedup.note(0, e);
    }
    let dropped = dedup.finish(&[path])?;
    let rows = entries
        .into_iter()
        .filter(|e| !dropped.contains(&(0, e.line_no)))
        .map(|e| e.row)
        .collect();
    Ok((rows, scanned.complete))
}

/// The duplicate rule, the same for `--resume`, `merge` and `report`: a run that appears
/// more than once with the same values is kept once (the later copies are dropped, and
/// counted); a run that appears twice with different values is an error naming both
/// places. Holds 24 bytes per row read.
#[derive(Default)]
pub struct Dedup {
    seen: Vec<(u64, u64, u32, u64)>,
}

/// A row's values, independent of the format it was read from.
fn fingerprint(row: &Row) -> u64 {
    let text = format!("{row:?}");
    detente_model::rng::fnv1a(text.as_bytes())
}

impl Dedup {
    /// Note an entry read from file number `file`.
    pub fn note(&mut self, file: u32, e: &Entry) {
        self.seen
            .push((e.row.run, fingerprint(&e.row), file, e.line_no));
    }

    /// The (file, line) places of the copies to drop; an error for a run with two
    /// different rows. `paths` name the files by number.
    pub fn finish(
        mut self,
        paths: &[&Path],
    ) -> Result<std::collections::HashSet<(u32, u64)>, SweepError> {
        self.seen.sort_unstable_by_key(|s| (s.0, s.2, s.3));
        let mut dropped = std::collections::HashSet::new();
        for pair in self.seen.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            if a.0 != b.0 {
                continue;
            }
            let place = |s: (u64, u64, u32, u64)| {
                format!(
                    "{}:{}",
                    paths
                        .get(s.2 as usize)
                        .map_or("?".into(), |p| p.display().to_string()),
                    s.3
                )
            };
            if a.1 != b.1 {
                return Err(SweepError::Input(format!(
                    "run {} appears twice with different values: {} and {}",
                    a.0,
                    place(a),
                    place(b)
                )));
            }
            dropped.insert((b.2, b.3));
        }
        Ok(dropped)
    }
}

/// An open results file, appended to one whole line at a time.
pub struct Appender {
    file: std::fs::File,
    path: PathBuf,
}

impl Appender {
    /// Create a new results file (it must not exist) and write its header.
    pub fn create(
        path: &Path,
        format: &dyn RowFormat,
        columns: &Columns,
    ) -> Result<Self, SweepError> {
        let mut file = std::fs::OpenOptions::new()
            .append(true)
            .create_new(true)
            .open(path)
            .map_err(|e| io(path, e))?;
        if let Some(h) = format.header(columns) {
            file.write_all(h.as_bytes()).map_err(|e| io(path, e))?;
        }
        Ok(Self {
            file,
            path: path.to_path_buf(),
        })
    }

    /// Reopen a results file to resume it: cut any torn last line off at `scanned.complete`
    /// bytes, write the header if the file has none yet (it was empty), and append after it.
    pub fn resume(
        path: &Path,
        format: &dyn RowFormat,
        columns: &Columns,
        scanned: Scanned,
    ) -> Result<Self, SweepError> {
        let f = std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .map_err(|e| io(path, e))?;
        f.set_len(scanned.complete).map_err(|e| io(path, e))?;
        drop(f);
        let mut file = std::fs::OpenOptions::new()
            .append(true)
            .open(path)
            .map_err(|e| io(path, e))?;
        if !scanned.has_header
            && let Some(h) = format.header(columns)
        {
            file.write_all(h.as_bytes()).map_err(|e| io(path, e))?;
        }
        Ok(Self {
            file,
            path: path.to_path_buf(),
        })
    }

    /// Append one line with a single write, so a kill leaves whole lines behind (a torn
    /// tail, if the system ever leaves one, is cut off on resume).
    pub fn append(&mut self, line: &str) -> Result<(), SweepError> {
        self.file
            .write_all(line.as_bytes())
            .map_err(|e| io(&self.path, e))
    }
}

//! Results files: one line per finished run, CSV or JSON Lines, appended as runs finish,
//! with a sidecar `.meta.json` naming the sweep so that `--resume` and `merge` can check it.

use crate::SweepError;
use crate::plan::Plan;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::Write;
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
    /// Mean trust between the veto principals of different sides at the end.
    pub mean_trust: f64,
    /// Messages sent.
    pub messages: u64,
}

/// File format, from the extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Comma-separated values with a header.
    Csv,
    /// One JSON object per line.
    Jsonl,
}

impl Format {
    /// The format a path's extension asks for.
    pub fn of(path: &Path) -> Result<Self, SweepError> {
        match path.extension().and_then(|e| e.to_str()) {
            Some("csv") => Ok(Format::Csv),
            Some("jsonl") | Some("ndjson") => Ok(Format::Jsonl),
            _ => Err(SweepError::Input(format!(
                "{}: the results file must end in .csv or .jsonl",
                path.display()
            ))),
        }
    }
}

/// What a results file holds, stored beside it as `FILE.meta.json`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    /// The sweep.
    pub plan: Plan,
    /// Issue ids, in position order.
    pub issues: Vec<String>,
    /// Outcome labels of the scenario, in order (for the table's rows).
    pub labels: Vec<String>,
    /// The detente version that wrote it.
    pub detente_version: String,
    /// A digest of every configuration's scenario as loaded (after `extends` and `--set`):
    /// an edited scenario file makes a different sweep, even under the same path.
    #[serde(default)]
    pub scenario_digest: String,
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

fn io(path: &Path, e: impl std::fmt::Display) -> SweepError {
    SweepError::Io {
        path: path.display().to_string(),
        message: e.to_string(),
    }
}

/// Column names: run, config, the design's keys, seed, reason, round, date, outcome, one
/// `pos_ISSUE` per issue, mean_trust, messages.
pub fn columns(keys: &[String], issues: &[String]) -> Vec<String> {
    let mut c: Vec<String> = vec!["run".into(), "config".into()];
    c.extend(keys.iter().cloned());
    c.extend(["seed", "reason", "round", "date", "outcome"].map(String::from));
    c.extend(issues.iter().map(|i| format!("pos_{i}")));
    c.extend(["mean_trust", "messages"].map(String::from));
    c
}

fn cells(row: &Row, params: &[String]) -> Vec<String> {
    let mut c = vec![row.run.to_string(), row.config.to_string()];
    c.extend(params.iter().cloned());
    c.extend([
        row.seed.to_string(),
        row.reason.clone(),
        row.round.to_string(),
        row.date.clone(),
        row.outcome.clone(),
    ]);
    c.extend(row.positions.iter().map(|x| x.to_string()));
    c.extend([row.mean_trust.to_string(), row.messages.to_string()]);
    c
}

/// One line of the results file, newline included.
pub fn encode(
    format: Format,
    row: &Row,
    params: &[String],
    keys: &[String],
    issues: &[String],
) -> String {
    match format {
        Format::Csv => {
            let mut w = csv::WriterBuilder::new()
                .has_headers(false)
                .from_writer(Vec::new());
            // Writing to memory cannot fail.
            let _ = w.write_record(cells(row, params));
            String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
        }
        Format::Jsonl => {
            let mut m = serde_json::Map::new();
            m.insert("run".into(), row.run.into());
            m.insert("config".into(), row.config.into());
            for (k, v) in keys.iter().zip(params) {
                m.insert(
                    k.clone(),
                    v.parse::<f64>()
                        .map(serde_json::Value::from)
                        .unwrap_or_else(|_| v.clone().into()),
                );
            }
            m.insert("seed".into(), row.seed.into());
            m.insert("reason".into(), row.reason.clone().into());
            m.insert("round".into(), row.round.into());
            m.insert("date".into(), row.date.clone().into());
            m.insert("outcome".into(), row.outcome.clone().into());
            for (i, x) in issues.iter().zip(&row.positions) {
                m.insert(format!("pos_{i}"), (*x).into());
            }
            m.insert("mean_trust".into(), row.mean_trust.into());
            m.insert("messages".into(), row.messages.into());
            let mut s = serde_json::Value::Object(m).to_string();
            s.push('\n');
            s
        }
    }
}

/// The header line of a CSV file.
pub fn header_line(keys: &[String], issues: &[String]) -> String {
    let mut w = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new());
    let _ = w.write_record(columns(keys, issues));
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// Read a results file: every complete line, and the length of the complete part (a line
/// torn by a kill has no newline and is left out).
pub fn read(path: &Path, meta: &Meta) -> Result<(Vec<Row>, u64), SweepError> {
    let format = Format::of(path)?;
    let bytes = std::fs::read(path).map_err(|e| unreadable(path, e))?;
    let complete = bytes.iter().rposition(|b| *b == b'\n').map_or(0, |p| p + 1);
    let text = std::str::from_utf8(&bytes[..complete]).map_err(|e| unreadable(path, e))?;
    let keys = &meta.plan.design.keys;
    let n_issues = meta.issues.len();
    let bad =
        |line: usize, why: String| SweepError::Input(format!("{}:{line}: {why}", path.display()));
    let mut rows = Vec::new();
    match format {
        Format::Csv => {
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .from_reader(text.as_bytes());
            let expected = columns(keys, &meta.issues);
            for (k, record) in reader.records().enumerate() {
                let record = record.map_err(|e| bad(k + 1, e.to_string()))?;
                let fields: Vec<&str> = record.iter().collect();
                if k == 0 {
                    if fields != expected {
                        return Err(bad(1, "the header is not this sweep's".into()));
                    }
                    continue;
                }
                if fields.len() != expected.len() {
                    return Err(bad(
                        k + 1,
                        format!("{} fields, expected {}", fields.len(), expected.len()),
                    ));
                }
                let num = |i: usize| -> Result<f64, SweepError> {
                    fields[i]
                        .parse()
                        .map_err(|_| bad(k + 1, format!("{:?} is not a number", fields[i])))
                };
                let p = 2 + keys.len();
                rows.push(Row {
                    run: num(0)? as u64,
                    config: num(1)? as usize,
                    seed: fields[p]
                        .parse()
                        .map_err(|_| bad(k + 1, "bad seed".into()))?,
                    reason: fields[p + 1].to_string(),
                    round: num(p + 2)? as u32,
                    date: fields[p + 3].to_string(),
                    outcome: fields[p + 4].to_string(),
                    positions: (0..n_issues)
                        .map(|i| num(p + 5 + i))
                        .collect::<Result<_, _>>()?,
                    mean_trust: num(p + 5 + n_issues)?,
                    messages: num(p + 6 + n_issues)? as u64,
                });
            }
        }
        Format::Jsonl => {
            for (k, line) in text.lines().enumerate() {
                if line.trim().is_empty() {
                    continue;
                }
                let v: BTreeMap<String, serde_json::Value> =
                    serde_json::from_str(line).map_err(|e| bad(k + 1, e.to_string()))?;
                let get = |name: &str| {
                    v.get(name)
                        .ok_or_else(|| bad(k + 1, format!("no field {name:?}")))
                };
                let num = |name: &str| -> Result<f64, SweepError> {
                    get(name)?
                        .as_f64()
                        .ok_or_else(|| bad(k + 1, format!("{name} is not a number")))
                };
                let text = |name: &str| -> Result<String, SweepError> {
                    Ok(get(name)?
                        .as_str()
                        .ok_or_else(|| bad(k + 1, format!("{name} is not text")))?
                        .to_string())
                };
                rows.push(Row {
                    run: get("run")?
                        .as_u64()
                        .ok_or_else(|| bad(k + 1, "bad run".into()))?,
                    config: num("config")? as usize,
                    seed: get("seed")?
                        .as_u64()
                        .ok_or_else(|| bad(k + 1, "bad seed".into()))?,
                    reason: text("reason")?,
                    round: num("round")? as u32,
                    date: text("date")?,
                    outcome: text("outcome")?,
                    positions: meta
                        .issues
                        .iter()
                        .map(|i| num(&format!("pos_{i}")))
                        .collect::<Result<_, _>>()?,
                    mean_trust: num("mean_trust")?,
                    messages: num("messages")? as u64,
                });
            }
        }
    }
    Ok((rows, complete as u64))
}

/// Read a sidecar.
pub fn read_meta(path: &Path) -> Result<Meta, SweepError> {
    let mp = meta_path(path);
    let text = std::fs::read_to_string(&mp)
        .map_err(|e| unreadable(&mp, format!("cannot read the sweep's description: {e}")))?;
    serde_json::from_str(&text).map_err(|e| unreadable(&mp, e))
}

/// Write a sidecar whole or not at all, by the one output rule.
pub fn write_meta(path: &Path, meta: &Meta) -> Result<(), SweepError> {
    let mp = meta_path(path);
    let text = serde_json::to_string_pretty(meta).map_err(|e| io(&mp, e))?;
    detente_data::output::write_atomic(&mp, text.as_bytes()).map_err(|e| match e {
        detente_data::output::OutputError::Refused { .. } => SweepError::Input(e.to_string()),
        detente_data::output::OutputError::Io { .. } => io(&mp, e),
    })
}

/// An open results file, appended to one whole line at a time.
pub struct Appender {
    file: std::fs::File,
    path: PathBuf,
}

impl Appender {
    /// Open `path` for a sweep: create it (with its header) or, to resume, cut any torn
    /// last line off at `keep` bytes and append after it.
    pub fn open(path: &Path, meta: &Meta, keep: Option<u64>) -> Result<Self, SweepError> {
        let format = Format::of(path)?;
        let file = match keep {
            Some(len) => {
                let f = std::fs::OpenOptions::new()
                    .write(true)
                    .open(path)
                    .map_err(|e| io(path, e))?;
                f.set_len(len).map_err(|e| io(path, e))?;
                drop(f);
                std::fs::OpenOptions::new()
                    .append(true)
                    .open(path)
                    .map_err(|e| io(path, e))?
            }
            None => {
                let mut f = std::fs::OpenOptions::new()
                    .write(true)
                    .create(true)
                    .truncate(true)
                    .open(path)
                    .map_err(|e| io(path, e))?;
                if format == Format::Csv {
                    f.write_all(header_line(&meta.plan.design.keys, &meta.issues).as_bytes())
                        .map_err(|e| io(path, e))?;
                }
                drop(f);
                std::fs::OpenOptions::new()
                    .append(true)
                    .open(path)
                    .map_err(|e| io(path, e))?
            }
        };
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

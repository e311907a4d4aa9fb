//! Scenario files for detente: the only crate that knows TOML.
//!
//! A scenario is read (following `extends` to its parents and merging, see [`merge`]),
//! changed by `--set` overrides ([`overrides`]), deserialized into raw serde structs
//! ([`raw`]) and validated into the model's [`Scenario`] ([`validate`]). Every error
//! points at the file, line and column (or the `--set` argument) that wrote the field,
//! names the field and the bad value, and says what is allowed.
#![warn(missing_docs)]

pub mod builtin;
pub mod error;
pub mod generate;
pub mod hints;
pub mod input;
pub(crate) mod locate;
pub(crate) mod merge;
pub(crate) mod overrides;
pub(crate) mod raw;
pub(crate) mod source;
pub(crate) mod validate;

pub use error::{ConfigError, Problem};
use input::ReadError;
pub use validate::{MAX_ACTORS, MAX_EVENTS, MAX_HORIZON, MAX_ISSUES};

use detente_model::Scenario;
use locate::{Seg, line_col, show_path};
use source::{SourceFile, Sources};
use std::path::{Path, PathBuf};
use toml::{Table, Value};

/// How deep `extends` chains may go.
pub const MAX_EXTENDS_DEPTH: usize = 8;

/// Where a scenario comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScenarioRef {
    /// A built-in scenario, by name.
    Builtin(String),
    /// A file.
    File(PathBuf),
    /// Text in memory, with the name errors give it.
    Text {
        /// Name used in messages.
        name: String,
        /// The TOML text.
        text: String,
    },
}

impl ScenarioRef {
    /// What the user typed: an existing file, else a built-in name, else a file (which
    /// will then fail to read, with a clear message).
    pub fn from_arg(arg: &Path) -> Self {
        let name = arg.to_string_lossy();
        if !arg.exists() && arg.extension().is_none() && builtin::text(&name).is_some() {
            ScenarioRef::Builtin(name.into_owned())
        } else {
            ScenarioRef::File(arg.to_path_buf())
        }
    }

    fn identity(&self) -> String {
        match self {
            ScenarioRef::Builtin(n) => format!("built-in {n}"),
            ScenarioRef::File(p) => std::fs::canonicalize(p)
                .unwrap_or_else(|_| p.clone())
                .display()
                .to_string(),
            ScenarioRef::Text { name, .. } => name.clone(),
        }
    }
}

fn invalid(problems: Vec<Problem>) -> ConfigError {
    ConfigError::Invalid(problems)
}

/// Parse and validate scenario text; `file` is used in error messages. A text that
/// `extends` another scenario resolves relative paths against the current directory.
pub fn parse(text: &str, file: &str) -> Result<Scenario, ConfigError> {
    load_ref(
        &ScenarioRef::Text {
            name: file.to_string(),
            text: text.to_string(),
        },
        &[],
    )
}

/// Read, parse and validate a scenario file.
pub fn load(path: &Path) -> Result<Scenario, ConfigError> {
    load_ref(&ScenarioRef::File(path.to_path_buf()), &[])
}

/// Load a scenario with `--set KEY=VALUE` overrides applied after merging.
pub fn load_ref(reference: &ScenarioRef, sets: &[String]) -> Result<Scenario, ConfigError> {
    let mut sources = Sources::default();
    let mut table = read_chain(reference, &mut sources, &mut Vec::new())?;
    let mut problems = Vec::new();
    for arg in sets {
        match overrides::parse(arg) {
            Ok(set) => match overrides::apply(&mut table, &set) {
                Ok(()) => sources.overrides.push(set.source),
                Err(message) => problems.push(Problem {
                    file: String::new(),
                    line: None,
                    column: None,
                    message,
                }),
            },
            Err(message) => problems.push(Problem {
                file: String::new(),
                line: None,
                column: None,
                message,
            }),
        }
    }
    if !problems.is_empty() {
        return Err(invalid(problems));
    }
    let raw = deserialize(table, &sources)?;
    validate::validate(&raw, &sources).map_err(invalid)
}

/// Read one scenario and, through `extends`, its ancestors; return the merged table.
fn read_chain(
    reference: &ScenarioRef,
    sources: &mut Sources,
    chain: &mut Vec<String>,
) -> Result<Table, ConfigError> {
    let (name, text, dir) = match reference {
        ScenarioRef::Builtin(n) => {
            let text = builtin::text(n).ok_or_else(|| {
                invalid(vec![Problem {
                    file: n.clone(),
                    line: None,
                    column: None,
                    message: unknown_builtin(n),
                }])
            })?;
            (format!("<built-in {n}>"), text.to_string(), None)
        }
        ScenarioRef::File(path) => {
            let file = path.display().to_string();
            let text = input::read_to_string(path, input::MAX_SCENARIO_BYTES).map_err(
                |reason| match reason {
                    ReadError::NotUtf8 { byte, line, column } => invalid(vec![Problem {
                        file: file.clone(),
                        line: Some(line),
                        column: Some(column),
                        message: format!(
                            "the file is not UTF-8 text (byte 0x{byte:02x} cannot start a character here); save it as UTF-8"
                        ),
                    }]),
                    reason => ConfigError::Read {
                        file: file.clone(),
                        reason,
                    },
                },
            )?;
            let dir = path.parent().map(Path::to_path_buf);
            (file, text, dir)
        }
        ScenarioRef::Text { name, text } => (name.clone(), text.clone(), None),
    };
    let problem = |line, column, message: String| Problem {
        file: name.clone(),
        line,
        column,
        message,
    };
    if text
        .lines()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
    {
        return Err(invalid(vec![problem(
            Some(1),
            None,
            "the file is empty; a scenario needs a [scenario] table, [[issues]] and [[actors]] (or `extends`)".into(),
        )]));
    }
    let mut table: Table = toml::from_str(&text).map_err(|e| {
        let (line, column) = e.span().map(|s| line_col(&text, s.start)).unzip();
        invalid(vec![problem(
            line,
            column,
            e.message().trim().replace('\n', " "),
        )])
    })?;
    chain.push(reference.identity());
    sources.files.push(SourceFile::new(name.clone(), text));
    let here = sources.files.len() - 1;
    let Some(parent) = table.remove("extends") else {
        return Ok(table);
    };
    let locate_here = |sources: &Sources, path: &[Seg], message: String| -> Problem {
        let one = Sources {
            files: vec![SourceFile::new(
                sources.files[here].name.clone(),
                sources.files[here].text.clone(),
            )],
            overrides: Vec::new(),
        };
        one.problem(path, message)
    };
    let at = [Seg::Key("extends".into())];
    let Value::String(parent) = parent else {
        return Err(invalid(vec![locate_here(
            sources,
            &at,
            "extends must be a string: a built-in name such as \"otl\" or a path to a .toml file"
                .into(),
        )]));
    };
    let parent_ref = if parent.contains('/') || parent.ends_with(".toml") {
        let base = dir.unwrap_or_else(|| PathBuf::from("."));
        ScenarioRef::File(base.join(&parent))
    } else if builtin::text(&parent).is_some() {
        ScenarioRef::Builtin(parent.clone())
    } else {
        let message = format!("extends = \"{parent}\": {}", unknown_builtin(&parent));
        return Err(invalid(vec![locate_here(sources, &at, message)]));
    };
    if chain.contains(&parent_ref.identity()) {
        let mut cycle = chain.clone();
        cycle.push(parent_ref.identity());
        let message = format!(
            "extends = \"{parent}\" makes a cycle: {}",
            cycle.join(" -> ")
        );
        return Err(invalid(vec![locate_here(sources, &at, message)]));
    }
    if chain.len() >= MAX_EXTENDS_DEPTH {
        let message = format!(
            "extends = \"{parent}\": scenarios may extend at most {MAX_EXTENDS_DEPTH} levels deep"
        );
        return Err(invalid(vec![locate_here(sources, &at, message)]));
    }
    let parent_table = match read_chain(&parent_ref, sources, chain) {
        Ok(t) => t,
        Err(ConfigError::Read { file, reason }) => {
            let stem_is_builtin = Path::new(&parent).file_stem().is_some_and(|s| {
                builtin::text(&s.to_string_lossy()).is_some() && !parent.contains('/')
            });
            let hint = if stem_is_builtin {
                format!(
                    " (for the built-in, write extends = \"{}\")",
                    parent.trim_end_matches(".toml")
                )
            } else {
                String::new()
            };
            let message = format!("extends = \"{parent}\": cannot read {file}: {reason}{hint}");
            return Err(invalid(vec![locate_here(sources, &at, message)]));
        }
        Err(e) => return Err(e),
    };
    let mut problems = Vec::new();
    let merged = merge::merge(parent_table, table, &mut problems);
    if !problems.is_empty() {
        return Err(invalid(
            problems
                .into_iter()
                .map(|(path, message)| {
                    locate_here(sources, &path, format!("{}{message}", show_path(&path)))
                })
                .collect(),
        ));
    }
    Ok(merged)
}

fn unknown_builtin(name: &str) -> String {
    let names: Vec<&str> = builtin::BUILTINS.iter().map(|(n, _)| *n).collect();
    let hint = hints::did_you_mean(name, names.iter().copied());
    format!(
        "no built-in scenario is called \"{name}\"{hint}; built-ins: {}; a file path must contain '/' or end in .toml",
        names.join(", ")
    )
}

/// Deserialize the merged table; structural errors (unknown or missing fields, wrong
/// types) are located by their path and given the nearest valid name.
fn deserialize(table: Table, sources: &Sources) -> Result<raw::RawScenario, ConfigError> {
    let ids = table.clone();
    serde_path_to_error::deserialize(Value::Table(table)).map_err(|e| {
        let mut path = Vec::new();
        let mut parent_key: Option<String> = None;
        for seg in e.path().iter() {
            match seg {
                serde_path_to_error::Segment::Map { key } => {
                    path.push(Seg::Key(key.clone()));
                    parent_key = Some(key.clone());
                }
                serde_path_to_error::Segment::Seq { index } => {
                    let id = parent_key
                        .as_deref()
                        .and_then(|k| element_id(&ids, &path, k, *index));
                    path.push(Seg::Item { index: *index, id });
                }
                _ => {}
            }
        }
        let inner = e.into_inner();
        let mut message = inner.to_string().trim().replace('\n', " ");
        // toml adds " in `path`"; the path is already shown in front.
        if let Some(i) = message.rfind(" in `")
            && message.ends_with('`')
        {
            message.truncate(i);
        }
        // serde names the unknown field and the expected ones: put the nearest first.
        if let Some(rest) = message.strip_prefix("unknown field `")
            && let Some((wrong, expected)) = rest.split_once("`, expected ")
        {
            let wrong = wrong.to_string();
            let candidates: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
            let hint = hints::did_you_mean_key(&wrong, candidates.iter().copied());
            if !hint.is_empty() {
                message = format!("unknown field `{wrong}`{hint}; expected one of {expected}");
            }
            if path.last() != Some(&Seg::Key(wrong.clone())) {
                path.push(Seg::Key(wrong));
            }
        }
        // A top-level key written after a [table] header lands inside that table.
        if let [Seg::Key(table), Seg::Key(k)] = path.as_slice()
            && ["extends", "drop", "scenario", "issues", "actors", "channels", "events", "outcomes"].contains(&k.as_str())
            && message.starts_with("unknown field")
        {
            message.push_str(&format!(
                "; `{k}` belongs at the top of the file, before the first [table] (here it is inside [{table}])"
            ));
        }
        let shown = show_path(&path);
        let text = if shown.is_empty() {
            message
        } else {
            format!("{shown}: {message}")
        };
        invalid(vec![sources.problem(&path, text)])
    })
}

/// The id (or label) of element `index` of the array at `path` in the merged table.
fn element_id(table: &Table, path: &[Seg], key: &str, index: usize) -> Option<String> {
    let mut node: &Value = table.get(match path.first() {
        Some(Seg::Key(k)) => k.as_str(),
        _ => key,
    })?;
    for seg in path.iter().skip(1) {
        node = match seg {
            Seg::Key(k) => node.get(k.as_str())?,
            Seg::Item { index, .. } => node.get(*index)?,
        };
    }
    let element = node.get(index)?;
    element
        .get("id")
        .or_else(|| element.get("label"))
        .and_then(|v| v.as_str())
        .map(str::to_string)
}

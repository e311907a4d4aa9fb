//! Reading a scenario and, through `extends`, its ancestors, each file parsed once, and
//! merging them into one table.

use crate::error::{ConfigError, Problem};
use crate::input::{self, ReadError};
use crate::locate::{Seg, deep_place, line_col, show_path};
use crate::merge::{self, MergeProblems};
use crate::reach::{self, Reach};
use crate::source::{SourceFile, Sources};
use crate::{MAX_EXTENDS_DEPTH, MAX_NESTING, ScenarioRef, builtin, hints};
use std::path::{Path, PathBuf};
use toml::{Table, Value};

/// The name errors give a source, its text, and the directory its relative `extends`
/// paths start from.
/// A parent's byte that is not UTF-8 is not shown: the parent may not be a scenario.
fn read_source(
    reference: &ScenarioRef,
    is_parent: bool,
) -> Result<(String, String, Option<PathBuf>), ConfigError> {
    match reference {
        ScenarioRef::Builtin(n) => {
            let text = builtin::text(n).ok_or_else(|| {
                ConfigError::one(Problem::unlocated(
                    n.clone(),
                    unknown_builtin(n),
                    "a built-in is named, not read from a file",
                ))
            })?;
            Ok((format!("<built-in {n}>"), text.to_string(), None))
        }
        ScenarioRef::File(path) | ScenarioRef::FileAnyExtends(path) => {
            let file = path.display().to_string();
            let text = input::read_to_string(path, input::MAX_SCENARIO_BYTES).map_err(
                |reason| match reason {
                    ReadError::NotUtf8 { byte, line, column } => ConfigError::one(Problem::at(
                        file.clone(),
                        line,
                        column,
                        if is_parent {
                            "the file is not UTF-8 text; save it as UTF-8".to_string()
                        } else {
                            format!(
                                "the file is not UTF-8 text (byte 0x{byte:02x} cannot start a character here); save it as UTF-8"
                            )
                        },
                    )),
                    reason => ConfigError::Read {
                        file: file.clone(),
                        reason,
                    },
                },
            )?;
            Ok((file, text, path.parent().map(Path::to_path_buf)))
        }
        ScenarioRef::Text { name, text } | ScenarioRef::Untrusted { name, text } => {
            Ok((name.clone(), text.clone(), None))
        }
    }
}

/// Refuse a text with nothing but comments and blank lines.
fn not_empty(name: &str, text: &str) -> Result<(), ConfigError> {
    if text
        .lines()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
    {
        return Err(ConfigError::one(Problem {
            file: name.to_string(),
            line: Some(1),
            column: None,
            message: "the file is empty; a scenario needs a [scenario] table, [[issues]] and [[actors]] (or `extends`)".into(),
            no_line: None,
        }));
    }
    Ok(())
}

/// Parse TOML, or say where and what the parser found wrong (`None` for the place when
/// it did not say and no part is nested too deep).
fn parse_toml(text: &str) -> Result<Table, (Option<(usize, usize)>, String)> {
    toml::from_str(text).map_err(|e| {
        let message = e.message().trim().replace('\n', " ");
        // The parser gives up on deep nesting without a place: find the deep part.
        let place = e
            .span()
            .map(|s| line_col(text, s.start))
            .or_else(|| deep_place(text, MAX_NESTING));
        (place, message)
    })
}

/// Parse one source's text into a table.
fn parse(name: &str, text: &str) -> Result<Table, ConfigError> {
    not_empty(name, text)?;
    parse_toml(text).map_err(|(place, message)| {
        ConfigError::one(match place {
            Some((line, column)) => {
                let message = if message == "recursion limit" {
                    format!("nested too deep for the TOML reader (recursion limit); no field of a scenario is more than {MAX_NESTING} levels deep")
                } else {
                    message
                };
                Problem::at(name.to_string(), line, column, message)
            }
            None => Problem::unlocated(
                name.to_string(),
                message,
                "the TOML parser did not say where",
            ),
        })
    })
}

/// How a child named the parent being read: for errors said at the child's `extends`.
struct Child<'a> {
    /// The child's index in the sources.
    here: usize,
    /// The `extends` value as written.
    written: &'a str,
}

/// An error at the child's `extends` line.
fn at_extends(sources: &Sources, here: usize, message: String) -> ConfigError {
    ConfigError::one(sources.problem_in(here, &[Seg::Key("extends".into())], message))
}

/// Parse a parent. One that is not TOML, or whose top-level keys are not a scenario's,
/// is reported at the child's `extends` with where it failed and nothing of what it holds:
/// `extends` must not become a way to show any file's contents.
fn parse_parent(
    name: &str,
    text: &str,
    child: &Child,
    sources: &Sources,
) -> Result<Table, ConfigError> {
    not_empty(name, text)?;
    let why = match parse_toml(text) {
        Ok(table) if reach::is_scenario(&table) => return Ok(table),
        Ok(_) => format!(
            "its top-level keys are not those of a scenario ({})",
            reach::TOP_LEVEL_KEYS.join(", ")
        ),
        Err((Some((line, column)), _)) => {
            format!("it is not TOML (the parser stopped at line {line}, column {column})")
        }
        Err((None, _)) => "it is not TOML".to_string(),
    };
    Err(at_extends(
        sources,
        child.here,
        format!(
            "extends = \"{}\": {name} is not a scenario file: {why}; nothing of it is shown here (`detente check {name}` shows what is wrong with it)",
            child.written
        ),
    ))
}

/// Read one scenario and, through `extends`, its ancestors; return the merged table.
/// Parents are read by the rule of [`Reach`], set by the scenario named.
pub(crate) fn read_chain(
    reference: &ScenarioRef,
    sources: &mut Sources,
) -> Result<Table, ConfigError> {
    read_link(
        reference,
        None,
        &Reach::of(reference),
        sources,
        &mut Vec::new(),
    )
}

/// Read one link of a chain and the rest of the chain above it. `chain` holds the
/// identities of the files on the way here (to catch cycles).
fn read_link(
    reference: &ScenarioRef,
    child: Option<&Child>,
    reach: &Reach,
    sources: &mut Sources,
    chain: &mut Vec<String>,
) -> Result<Table, ConfigError> {
    let (name, text, dir) = read_source(reference, child.is_some())?;
    let mut table = match child {
        None => parse(&name, &text)?,
        Some(child) => parse_parent(&name, &text, child, sources)?,
    };
    chain.push(reference.identity());
    sources.files.push(SourceFile::new(name, text));
    let here = sources.files.len() - 1;
    let Some(parent) = table.remove("extends") else {
        return Ok(table);
    };
    let fail = |sources: &Sources, message: String| at_extends(sources, here, message);
    let Value::String(parent) = parent else {
        return Err(fail(
            sources,
            "extends must be a string: a built-in name such as \"otl\" or a path to a .toml file"
                .into(),
        ));
    };
    let parent_ref = if parent.contains('/') || parent.ends_with(".toml") {
        let base = dir.unwrap_or_else(|| PathBuf::from("."));
        if let Err(refusal) = reach.allows(&base, &parent) {
            let message = format!("extends = \"{parent}\": {}", refusal.explain());
            return Err(fail(sources, message));
        }
        ScenarioRef::File(base.join(&parent))
    } else if builtin::text(&parent).is_some() {
        ScenarioRef::Builtin(parent.clone())
    } else {
        let message = format!("extends = \"{parent}\": {}", unknown_builtin(&parent));
        return Err(fail(sources, message));
    };
    if chain.contains(&parent_ref.identity()) {
        let mut cycle = chain.clone();
        cycle.push(parent_ref.identity());
        let message = format!(
            "extends = \"{parent}\" makes a cycle: {}",
            cycle.join(" -> ")
        );
        return Err(fail(sources, message));
    }
    if chain.len() >= MAX_EXTENDS_DEPTH {
        let message = format!(
            "extends = \"{parent}\": scenarios may extend at most {MAX_EXTENDS_DEPTH} levels deep"
        );
        return Err(fail(sources, message));
    }
    let link = Child {
        here,
        written: &parent,
    };
    let parent_table = match read_link(&parent_ref, Some(&link), reach, sources, chain) {
        Ok(t) => t,
        Err(ConfigError::Read { file, reason }) => {
            let message = format!(
                "extends = \"{parent}\": cannot read {file}: {reason}{}",
                builtin_hint(&parent)
            );
            return Err(fail(sources, message));
        }
        Err(e) => return Err(e),
    };
    let mut problems = MergeProblems::default();
    let merged = merge::merge(parent_table, table, &mut problems);
    if !problems.is_empty() {
        return Err(ConfigError::Invalid {
            problems: problems
                .items
                .into_iter()
                .map(|(path, message)| {
                    sources.problem_in(here, &path, format!("{}{message}", show_path(&path)))
                })
                .collect(),
            omitted: problems.omitted,
        });
    }
    Ok(merged)
}

/// For `extends = "otl.toml"` that is no file: the built-in of that name.
fn builtin_hint(parent: &str) -> String {
    let stem_is_builtin = Path::new(parent)
        .file_stem()
        .is_some_and(|s| builtin::text(&s.to_string_lossy()).is_some() && !parent.contains('/'));
    if stem_is_builtin {
        format!(
            " (for the built-in, write extends = \"{}\")",
            parent.trim_end_matches(".toml")
        )
    } else {
        String::new()
    }
}

/// The message for a built-in name that does not exist.
pub(crate) fn unknown_builtin(name: &str) -> String {
    let names: Vec<&str> = builtin::BUILTINS.iter().map(|(n, _)| *n).collect();
    let hint = hints::did_you_mean(name, names.iter().copied());
    format!(
        "no built-in scenario is called \"{name}\"{hint}; built-ins: {}; a file path must contain '/' or end in .toml",
        names.join(", ")
    )
}

//! The merged table's shape, before validation: sizes within the limits (checked first, so
//! that an oversized scenario costs no full validation), nesting within reason, and
//! deserialization into the raw structs with structural errors located.

use crate::error::ConfigError;
use crate::hints;
use crate::locate::{Seg, show_path};
use crate::raw::RawScenario;
use crate::source::Sources;
use crate::validate::{MAX_ACTORS, MAX_EVENTS, MAX_ISSUES};
use toml::{Table, Value};

/// Deepest nesting of tables and arrays a scenario may have; the deepest field of the
/// format (`events.ID.offer.positions.ISSUE`) is five levels down.
pub const MAX_NESTING: usize = 16;

/// Reject a scenario with more issues, actors or events than allowed before anything
/// else looks at it, with one problem per array that is too long.
pub(crate) fn check_sizes(table: &Table, sources: &Sources) -> Result<(), ConfigError> {
    let mut problems = Vec::new();
    for (key, what, limit) in [
        ("issues", "issues", MAX_ISSUES),
        ("actors", "actors", MAX_ACTORS),
        ("events", "events", MAX_EVENTS),
    ] {
        if let Some(Value::Array(a)) = table.get(key)
            && a.len() > limit
        {
            let path = [Seg::Key(key.into())];
            problems.push(sources.problem(
                &path,
                format!(
                    "{key} has {} {what}; at most {limit} are allowed (nothing else was checked)",
                    a.len()
                ),
            ));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(ConfigError::Invalid {
            problems,
            omitted: 0,
        })
    }
}

/// The path to the first value nested deeper than [`MAX_NESTING`], if any.
fn too_deep(table: &Table) -> Option<Vec<Seg>> {
    fn walk(v: &Value, path: &mut Vec<Seg>) -> bool {
        if path.len() > MAX_NESTING {
            return true;
        }
        match v {
            Value::Table(t) => t.iter().any(|(k, v)| {
                path.push(Seg::Key(k.clone()));
                let deep = walk(v, path);
                if !deep {
                    path.pop();
                }
                deep
            }),
            Value::Array(a) => a.iter().enumerate().any(|(index, v)| {
                path.push(Seg::Item { index, id: None });
                let deep = walk(v, path);
                if !deep {
                    path.pop();
                }
                deep
            }),
            _ => false,
        }
    }
    let mut path = Vec::new();
    table
        .iter()
        .any(|(k, v)| {
            path.push(Seg::Key(k.clone()));
            let deep = walk(v, &mut path);
            if !deep {
                path.pop();
            }
            deep
        })
        .then_some(path)
}

/// Reject nesting no scenario needs (a 1,000-part dotted key), at the line that wrote it.
pub(crate) fn check_nesting(table: &Table, sources: &Sources) -> Result<(), ConfigError> {
    match too_deep(table) {
        None => Ok(()),
        Some(path) => {
            let shown = show_path(&path[..3.min(path.len())]);
            Err(ConfigError::one(sources.problem(
                &path,
                format!(
                    "{shown}...: nested more than {MAX_NESTING} levels deep; no field of a scenario is deeper than five"
                ),
            )))
        }
    }
}

/// Deserialize the merged table; structural errors (unknown or missing fields, wrong
/// types) are located by their path and given the nearest valid name.
pub(crate) fn deserialize(table: Table, sources: &Sources) -> Result<RawScenario, ConfigError> {
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
            && crate::reach::TOP_LEVEL_KEYS.contains(&k.as_str())
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
        ConfigError::one(sources.problem(&path, text))
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

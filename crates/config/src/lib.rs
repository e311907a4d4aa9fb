//! Scenario files for detente: the only crate that knows TOML.
//!
//! A scenario is read (following `extends` to its parents and merging, see [`merge`]),
//! changed by `--set` overrides ([`overrides`]), deserialized into raw serde structs
//! ([`raw`]) and validated into the model's [`Scenario`] ([`validate`]). Every error
//! points at the file, line and column (or the `--set` argument) that wrote the field,
//! names the field and the bad value, and says what is allowed.
#![warn(missing_docs)]

pub mod builtin;
mod chain;
pub mod error;
pub mod fields;
pub mod generate;
pub mod hints;
pub mod input;
pub(crate) mod locate;
pub(crate) mod merge;
pub(crate) mod overrides;
pub mod patterns;
pub(crate) mod raw;
pub(crate) mod reach;
pub(crate) mod source;
mod structure;
pub mod text;
pub(crate) mod validate;
pub mod whatif;

pub use error::{ConfigError, MAX_PROBLEMS, Problem};
pub use structure::MAX_NESTING;
pub use validate::{MAX_ACTORS, MAX_EVENTS, MAX_HORIZON, MAX_ISSUES};

use detente_model::Scenario;
use source::Sources;
use std::path::{Path, PathBuf};

/// How deep `extends` chains may go.
pub const MAX_EXTENDS_DEPTH: usize = 8;

/// Where a scenario comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScenarioRef {
    /// A built-in scenario, by name.
    Builtin(String),
    /// A file; its `extends` chain reads only files inside its directory (links
    /// followed), by relative paths.
    File(PathBuf),
    /// A file whose `extends` chain may read any file (`--allow-any-extends`).
    FileAnyExtends(PathBuf),
    /// Text in memory, with the name errors give it.
    Text {
        /// Name used in messages.
        name: String,
        /// The TOML text.
        text: String,
    },
    /// Text in memory from someone who may not read this machine's files (a page of
    /// `detente serve`): its `extends` may name only built-in scenarios.
    Untrusted {
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

    /// The same reference, its `extends` allowed to read any file if `any` (a file's
    /// only; built-ins and text are unchanged).
    pub fn allowing_any_extends(self, any: bool) -> Self {
        match self {
            ScenarioRef::File(p) if any => ScenarioRef::FileAnyExtends(p),
            other => other,
        }
    }

    pub(crate) fn identity(&self) -> String {
        match self {
            ScenarioRef::Builtin(n) => format!("built-in {n}"),
            ScenarioRef::File(p) | ScenarioRef::FileAnyExtends(p) => std::fs::canonicalize(p)
                .unwrap_or_else(|_| p.clone())
                .display()
                .to_string(),
            ScenarioRef::Text { name, .. } | ScenarioRef::Untrusted { name, .. } => name.clone(),
        }
    }
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
    load_raw(reference, sets).map(|(_, scenario, _)| scenario)
}

/// Load a scenario as [`load_ref`] does, and also give the effective scenario: the merged
/// table after `extends` and `--set`, as TOML with no `extends`. Loading that text alone
/// gives the same scenario, which is how a result records exactly what it ran.
pub fn load_effective(
    reference: &ScenarioRef,
    sets: &[String],
) -> Result<(Scenario, String), ConfigError> {
    load_raw(reference, sets).map(|(_, scenario, effective)| (scenario, effective))
}

/// The scenario as written (merged, overridden, with defaults filled in), as validated,
/// and as effective TOML.
fn load_raw(
    reference: &ScenarioRef,
    sets: &[String],
) -> Result<(raw::RawScenario, Scenario, String), ConfigError> {
    let mut sources = Sources::default();
    let mut table = chain::read_chain(reference, &mut sources)?;
    let mut problems = Vec::new();
    for arg in sets {
        let applied = overrides::parse(arg).and_then(|set| {
            overrides::apply(&mut table, &set)?;
            Ok(set)
        });
        match applied {
            Ok(set) => sources.overrides.push(set.source),
            Err(message) => problems.push(Problem::unlocated(
                String::new(),
                message,
                "it is a command-line argument",
            )),
        }
    }
    if !problems.is_empty() {
        return Err(ConfigError::Invalid {
            problems,
            omitted: 0,
        });
    }
    structure::check_sizes(&table, &sources)?;
    structure::check_nesting(&table, &sources)?;
    let effective = effective_toml(&table);
    let raw = structure::deserialize(table, &sources)?;
    let scenario = validate::validate(&raw, &sources)
        .map_err(|(problems, omitted)| ConfigError::Invalid { problems, omitted })?;
    Ok((raw, scenario, effective))
}

/// The merged table as TOML text, byte for byte what `toml::to_string` writes.
///
/// `toml::to_string` puts the text together by inserting each table's section into one
/// string, which moves the rest of the string every time: quadratic in the actors (a
/// quarter of a 5,000-actor run). Its buffer's `Display` writes the same pieces in order.
fn effective_toml(table: &toml::Table) -> String {
    use serde::Serialize;
    let mut buffer = toml::ser::Buffer::new();
    // Serialising a table that was parsed from TOML cannot fail; an empty text would only
    // make a later reproduction fail loudly, never silently differ.
    match table.serialize(toml::ser::Serializer::new(&mut buffer)) {
        Ok(written) => written.to_string(),
        Err(_) => String::new(),
    }
}

/// Every numeric field of a scenario's settings, actors and events that `--set` can
/// change on its own, with a default range to vary it over (see [`fields`]).
pub fn numeric_fields(
    reference: &ScenarioRef,
    sets: &[String],
) -> Result<Vec<fields::NumericField>, ConfigError> {
    let (raw, _, _) = load_raw(reference, sets)?;
    Ok(fields::numeric_fields(&raw))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A child of the baseline with `n` changes to actors the parent does not have.
    fn bad_ids(n: usize) -> String {
        let mut text = String::from("extends = \"otl\"\n");
        for k in 0..n {
            text.push_str(&format!("[[actors]]\nid = \"nobody{k}\"\nparanoia = 0.5\n"));
        }
        text
    }

    #[test]
    fn thousands_of_problems_cost_one_parse_per_file_and_stay_located() {
        for n in [10, 8000] {
            let before = source::locating_parses();
            let e = parse(&bad_ids(n), "child.toml").unwrap_err();
            let parses = source::locating_parses() - before;
            assert!(parses <= 2, "{n} problems took {parses} parses");
            assert_eq!(e.count(), n, "every problem is counted");
            let listed = e.problems();
            assert_eq!(listed.len(), n.min(MAX_PROBLEMS));
            for (k, p) in listed.iter().enumerate() {
                assert_eq!(p.file, "child.toml");
                // Each change is three lines long, after the `extends` line.
                assert_eq!(p.line, Some(3 + 3 * k), "{p}");
                assert!(p.message.contains(&format!("\"nobody{k}\"")), "{p}");
            }
        }
        let shown = parse(&bad_ids(8000), "child.toml").unwrap_err().to_string();
        assert!(
            shown.ends_with(
                "child.toml: ... and 7900 more problems (only the first 100 are listed)"
            ),
            "{}",
            &shown[shown.len().saturating_sub(200)..]
        );
    }

    #[test]
    fn thousands_of_bad_drops_cost_one_parse() {
        let drops: Vec<String> = (0..16_000).map(|k| format!("\"nope{k}\"")).collect();
        let text = format!(
            "extends = \"otl\"\ndrop = {{ events = [{}] }}\n",
            drops.join(", ")
        );
        let before = source::locating_parses();
        let e = parse(&text, "drops.toml").unwrap_err();
        assert!(source::locating_parses() - before <= 2);
        assert_eq!(e.count(), 16_000);
        assert!(e.problems().iter().all(|p| p.line == Some(2)));
    }

    #[test]
    fn oversized_scenarios_are_rejected_before_validation() {
        let mut text = String::from(
            "[scenario]\nname = \"big\"\ntitle = \"t\"\nstart = \"1945-05\"\nveto = [\"a0\"]\n[[issues]]\nid = \"x\"\nmin = 0.0\nmax = 1.0\nstatus_quo = 0.5\n",
        );
        // 70,000 actors, each with a mistake validation would report (and ids that a
        // 16-bit index would wrap).
        for k in 0..70_000 {
            text.push_str(&format!("[[actors]]\nid = \"a{k}\"\n"));
        }
        let before = source::locating_parses();
        let e = parse(&text, "big.toml").unwrap_err();
        assert!(source::locating_parses() - before <= 1);
        let problems = e.problems();
        assert_eq!(problems.len(), 1, "{e}");
        assert!(
            problems[0]
                .message
                .contains("actors has 70000 actors; at most 65536 are allowed"),
            "{e}"
        );
        assert_eq!(problems[0].line, Some(11), "at the first [[actors]]");
    }

    #[test]
    fn problems_without_a_line_say_why() {
        let deep = format!("a{} = 1\n", ".a".repeat(1000));
        let e = parse(&deep, "deep.toml").unwrap_err();
        assert_eq!(e.problems()[0].line, Some(1), "{e}");
        assert!(e.to_string().contains("nested"), "{e}");
        let e = parse(
            "[[issues]]\nid = \"x\"\nmin = 0\nmax = 1\nstatus_quo = 0\n",
            "m.toml",
        )
        .unwrap_err();
        let p = &e.problems()[0];
        assert!(p.line.is_some() || p.no_line.is_some(), "{p:?}");
        assert!(e.to_string().contains("(no line:"), "{e}");
    }

    #[test]
    fn the_effective_scenario_is_what_toml_writes() {
        let generated = generate::generate(generate::Shape {
            actors: 300,
            issues: 3,
            degree: 4,
            seed: 1,
        });
        // Nested, empty and array tables, and keys after tables, in several orders.
        let odd = r#"
            z = 1
            [a.b.c]
            x = [1, 2, { y = 3 }]
            [[a.list]]
            k = 1
            [a.list.sub]
            [[a.list]]
            [[a.list.deeper.more]]
            v = "q\"uote"
            [empty]
            [b]
            inline = { p = { q = [] } }
        "#;
        let texts =
            builtin::BUILTINS
                .iter()
                .map(|(_, text)| *text)
                .chain([generated.as_str(), odd, ""]);
        for text in texts {
            let table: toml::Table = toml::from_str(text).unwrap();
            assert_eq!(effective_toml(&table), toml::to_string(&table).unwrap());
        }
    }
}

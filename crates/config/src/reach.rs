//! What `extends` may read: files inside the directory of the scenario the user named
//! (links followed), or, with `--allow-any-extends`, any file; and what counts as a
//! scenario, so that nothing of a file that is not one is ever shown.

use crate::ScenarioRef;
use std::path::{Component, Path, PathBuf};
use toml::Table;

/// The top-level keys of a scenario file.
pub(crate) const TOP_LEVEL_KEYS: &[&str] = &[
    "extends", "drop", "scenario", "issues", "actors", "channels", "events", "outcomes",
];

/// Which files a chain's `extends` may read.
#[derive(Clone, Debug)]
pub(crate) struct Reach {
    /// Parents must lie in this directory or below it (links followed); `None`: anywhere.
    root: Option<PathBuf>,
    /// Whether a parent may be a file at all (not for untrusted text).
    files: bool,
}

/// Why a parent may not be read.
pub(crate) enum Refusal {
    /// An absolute path.
    Absolute,
    /// A path leading out of the root, by `..` or through a link.
    Outside(PathBuf),
    /// Any file, for text whose author may not read this machine's files.
    NoFiles,
}

impl Refusal {
    /// The message after `extends = "..."`: what is wrong, the rule, and the way out.
    pub(crate) fn explain(&self) -> String {
        const RULE: &str = "a parent must be a path relative to the file that extends it and lie in the directory of the scenario you named or below it (links followed); add --allow-any-extends to read it anyway";
        match self {
            Refusal::Absolute => format!("an absolute path is not followed; {RULE}"),
            Refusal::Outside(root) => format!("the path leads out of {}; {RULE}", root.display()),
            Refusal::NoFiles => {
                "a scenario given as text here may extend only a built-in scenario, by name (such as \"otl\"); no file is read".to_string()
            }
        }
    }
}

impl Reach {
    /// The rule for the chain that starts at `top` (the scenario the user named).
    pub(crate) fn of(top: &ScenarioRef) -> Self {
        let root = match top {
            ScenarioRef::FileAnyExtends(_) => {
                return Reach {
                    root: None,
                    files: true,
                };
            }
            ScenarioRef::Untrusted { .. } => {
                return Reach {
                    root: None,
                    files: false,
                };
            }
            ScenarioRef::File(path) => dir_of(path),
            // Text and built-ins resolve relative paths against the current directory.
            ScenarioRef::Builtin(_) | ScenarioRef::Text { .. } => PathBuf::from("."),
        };
        Reach {
            root: Some(real(&root)),
            files: true,
        }
    }

    /// Whether the parent `written` (as the `extends` value says it), found from
    /// directory `from`, may be read.
    pub(crate) fn allows(&self, from: &Path, written: &str) -> Result<(), Refusal> {
        if !self.files {
            return Err(Refusal::NoFiles);
        }
        let Some(root) = &self.root else {
            return Ok(());
        };
        if Path::new(written).is_absolute() {
            return Err(Refusal::Absolute);
        }
        // Links followed; a path that does not exist is judged by its components, so
        // that the answer does not tell whether a file outside exists.
        let joined = from.join(written);
        let resolved =
            std::fs::canonicalize(&joined).unwrap_or_else(|_| lexical(&real(from).join(written)));
        if resolved.starts_with(root) {
            Ok(())
        } else {
            Err(Refusal::Outside(root.clone()))
        }
    }
}

/// The directory a file is in (`.` for a bare file name).
fn dir_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// A directory with links followed, or at least made absolute (`""` is `.`).
fn real(dir: &Path) -> PathBuf {
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    std::fs::canonicalize(dir)
        .or_else(|_| std::path::absolute(dir).map(|p| lexical(&p)))
        .unwrap_or_else(|_| dir.to_path_buf())
}

/// `a/b/../c` as `a/c`, without asking the file system.
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            c => out.push(c),
        }
    }
    out
}

/// Whether a parsed table can be a scenario: every top-level key is one a scenario has.
/// A parent that is not one is reported without a word of what it holds.
pub(crate) fn is_scenario(table: &Table) -> bool {
    table.keys().all(|k| TOP_LEVEL_KEYS.contains(&k.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parents_stay_inside_the_named_scenarios_directory() {
        let dir = tempfile::tempdir().unwrap();
        let top = dir.path().join("whatifs");
        std::fs::create_dir_all(top.join("base")).unwrap();
        std::fs::write(top.join("base").join("b.toml"), "").unwrap();
        std::fs::write(dir.path().join("outside.toml"), "").unwrap();
        let reach = Reach::of(&ScenarioRef::File(top.join("w.toml")));
        let base = top.join("base");
        assert!(reach.allows(&top, "base/b.toml").is_ok());
        assert!(reach.allows(&base, "../w.toml").is_ok(), "up, but not out");
        assert!(reach.allows(&base, "./b.toml").is_ok());
        for (from, out) in [
            (&top, "../outside.toml"),
            (&top, "../missing.toml"),
            (&base, "../../outside.toml"),
            (&top, "base/../../outside.toml"),
            (&top, "../../../../../../proc/self/environ"),
        ] {
            assert!(
                matches!(reach.allows(from, out), Err(Refusal::Outside(_))),
                "{out}"
            );
        }
        assert!(matches!(
            reach.allows(&top, "/etc/passwd"),
            Err(Refusal::Absolute)
        ));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("outside.toml"), top.join("link.toml"))
                .unwrap();
            assert!(
                reach.allows(&top, "link.toml").is_err(),
                "a link is followed to where it leads"
            );
        }
        let any = Reach::of(&ScenarioRef::FileAnyExtends(top.join("w.toml")));
        assert!(any.allows(&top, "../outside.toml").is_ok());
        assert!(any.allows(&top, "/etc/passwd").is_ok());
    }

    #[test]
    fn untrusted_text_reads_no_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("b.toml"), "").unwrap();
        let reach = Reach::of(&ScenarioRef::Untrusted {
            name: "pasted".into(),
            text: String::new(),
        });
        for path in ["b.toml", "./b.toml", "/etc/passwd", "../x.toml"] {
            assert!(
                matches!(reach.allows(dir.path(), path), Err(Refusal::NoFiles)),
                "{path}"
            );
        }
    }
}

//! The texts a scenario is built from (the file, the parents it extends, `--set` overrides),
//! and where in them a field was written.
//!
//! Each text is parsed for locating at most once, and only when a problem needs a place:
//! a file with thousands of problems costs one parse, not one per problem.

use crate::error::Problem;
use crate::locate::{Seg, line_col, resolve};
use std::cell::{Cell, OnceCell};
use toml_edit::Document;

thread_local! {
    /// Documents parsed for locating on this thread (for the test that keeps it linear).
    static PARSES: Cell<usize> = const { Cell::new(0) };
}

/// How many texts this thread has parsed to locate problems (locating must cost one
/// parse per file, however many problems it has; a test holds it to that).
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) fn locating_parses() -> usize {
    PARSES.with(Cell::get)
}

/// One file (or built-in) that went into a scenario.
#[derive(Debug)]
pub(crate) struct SourceFile {
    /// How errors name it: the path as given, or `<built-in otl>`.
    pub(crate) name: String,
    /// Its text.
    pub(crate) text: String,
    /// Its parsed document, for locating fields (None if it did not parse), parsed on first use.
    doc: OnceCell<Option<Document<String>>>,
}

impl SourceFile {
    /// A source from its name and text.
    pub(crate) fn new(name: String, text: String) -> Self {
        Self {
            name,
            text,
            doc: OnceCell::new(),
        }
    }

    fn doc(&self) -> Option<&Document<String>> {
        self.doc
            .get_or_init(|| {
                PARSES.with(|p| p.set(p.get() + 1));
                Document::parse(self.text.clone()).ok()
            })
            .as_ref()
    }
}

/// A `--set KEY=VALUE` override, with the path it sets.
#[derive(Clone, Debug)]
pub(crate) struct Override {
    /// The argument as given, e.g. `actors.stalin.paranoia=0.5`.
    pub(crate) arg: String,
    /// The path it sets.
    pub(crate) path: Vec<Seg>,
}

/// Everything a scenario was built from, most derived first.
#[derive(Debug, Default)]
pub(crate) struct Sources {
    /// The file, then its parent, grandparent and so on.
    pub(crate) files: Vec<SourceFile>,
    /// Overrides, in the order given (the last one wins).
    pub(crate) overrides: Vec<Override>,
}

fn same_seg(a: &Seg, b: &Seg) -> bool {
    match (a, b) {
        (Seg::Key(x), Seg::Key(y)) => x == y,
        (Seg::Item { id: Some(x), .. }, Seg::Item { id: Some(y), .. }) => x == y,
        (Seg::Item { index: i, id: None }, Seg::Item { index: j, id: None }) => i == j,
        _ => false,
    }
}

impl Sources {
    /// A problem at `path`, located in the source that wrote it.
    pub(crate) fn problem(&self, path: &[Seg], message: String) -> Problem {
        // An override that set this field (or a part of it, or a table it is in) wins.
        for o in self.overrides.iter().rev() {
            let n = o.path.len().min(path.len());
            if n > 0 && o.path.iter().zip(path).take(n).all(|(a, b)| same_seg(a, b)) {
                return Problem::unlocated(
                    format!("--set {}", o.arg),
                    message,
                    "it was set on the command line",
                );
            }
        }
        let by_index = self.files.len() == 1;
        let mut best: Option<(usize, &SourceFile, Option<std::ops::Range<usize>>)> = None;
        for f in &self.files {
            let Some(doc) = f.doc() else { continue };
            let (depth, span) = resolve(doc, path, by_index);
            if depth == path.len() {
                best = Some((depth, f, span));
                break;
            }
            if best.as_ref().is_none_or(|(d, _, _)| depth > *d) {
                best = Some((depth, f, span));
            }
        }
        match best {
            Some((_, f, Some(span))) => {
                let (line, column) = line_col(&f.text, span.start);
                Problem::at(f.name.clone(), line, column, message)
            }
            _ => Problem::unlocated(
                self.files
                    .first()
                    .map(|f| f.name.clone())
                    .unwrap_or_default(),
                message,
                "no file of the scenario writes it",
            ),
        }
    }

    /// A problem at `path` in file `k` alone (a merge problem: the child wrote it), its
    /// elements found by position as well as by id.
    pub(crate) fn problem_in(&self, k: usize, path: &[Seg], message: String) -> Problem {
        let f = &self.files[k];
        let span = f.doc().and_then(|doc| resolve(doc, path, true).1);
        match span {
            Some(span) => {
                let (line, column) = line_col(&f.text, span.start);
                Problem::at(f.name.clone(), line, column, message)
            }
            None => Problem::unlocated(f.name.clone(), message, "the file does not write it"),
        }
    }
}

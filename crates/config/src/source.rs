//! The texts a scenario is built from (the file, the parents it extends, `--set` overrides),
//! and where in them a field was written.

use crate::error::Problem;
use crate::locate::{Seg, line_col, resolve};
use toml_edit::Document;

/// One file (or built-in) that went into a scenario.
#[derive(Debug)]
pub struct SourceFile {
    /// How errors name it: the path as given, or `<built-in otl>`.
    pub name: String,
    /// Its text.
    pub text: String,
    /// Its parsed document, for locating fields (None if it did not parse).
    pub doc: Option<Document<String>>,
}

impl SourceFile {
    /// A source from its name and text.
    pub fn new(name: String, text: String) -> Self {
        let doc = Document::parse(text.clone()).ok();
        Self { name, text, doc }
    }
}

/// A `--set KEY=VALUE` override, with the path it sets.
#[derive(Clone, Debug)]
pub struct Override {
    /// The argument as given, e.g. `actors.stalin.paranoia=0.5`.
    pub arg: String,
    /// The path it sets.
    pub path: Vec<Seg>,
}

/// Everything a scenario was built from, most derived first.
#[derive(Debug, Default)]
pub struct Sources {
    /// The file, then its parent, grandparent and so on.
    pub files: Vec<SourceFile>,
    /// Overrides, in the order given (the last one wins).
    pub overrides: Vec<Override>,
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
    pub fn problem(&self, path: &[Seg], message: String) -> Problem {
        // An override that set this field (or a part of it, or a table it is in) wins.
        for o in self.overrides.iter().rev() {
            let n = o.path.len().min(path.len());
            if n > 0 && o.path.iter().zip(path).take(n).all(|(a, b)| same_seg(a, b)) {
                return Problem {
                    file: format!("--set {}", o.arg),
                    line: None,
                    column: None,
                    message,
                };
            }
        }
        let by_index = self.files.len() == 1;
        let mut best: Option<(usize, &SourceFile, Option<std::ops::Range<usize>>)> = None;
        for f in &self.files {
            let Some(doc) = &f.doc else { continue };
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
            Some((_, f, span)) => {
                let (line, column) = span.map(|s| line_col(&f.text, s.start)).unzip();
                Problem {
                    file: f.name.clone(),
                    line,
                    column,
                    message,
                }
            }
            None => Problem {
                file: self
                    .files
                    .first()
                    .map(|f| f.name.clone())
                    .unwrap_or_default(),
                line: None,
                column: None,
                message,
            },
        }
    }
}

//! Finding where a field was written, so errors can name the file, line and column.
//!
//! A scenario may come from several sources: the file itself, the parents it extends, and
//! `--set` overrides. A field is looked up by path (array elements by their id, not their
//! position, since merging moves them) in each source, the most derived first.

use std::ops::Range;
use toml_edit::{Document, Item, Table, Value};

/// One step of a path into a scenario: a key, or an element of an array.
#[derive(Clone, Debug, PartialEq)]
pub enum Seg {
    /// A table key.
    Key(String),
    /// An array element: its position in the merged scenario and, for arrays of tables
    /// with ids (issues, actors, events) or labels (outcomes), that id.
    Item {
        /// Position in the merged array.
        index: usize,
        /// The element's id or label, if it has one.
        id: Option<String>,
    },
}

/// A path as users write it: `actors.stalin.trust.truman`, `events.fulton.trust[0].delta`.
pub fn show_path(path: &[Seg]) -> String {
    let mut out = String::new();
    for seg in path {
        match seg {
            Seg::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Seg::Item { id: Some(id), .. } if !id.trim().is_empty() => {
                out.push('.');
                out.push_str(id);
            }
            Seg::Item { index, .. } => out.push_str(&format!("[{index}]")),
        }
    }
    out
}

/// Line and column (both from 1) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rfind('\n').map_or(offset, |nl| offset - nl - 1) + 1;
    (line, column)
}

/// How deep `path` resolves in `doc`, and the span of the deepest part found.
pub fn resolve(
    doc: &Document<String>,
    path: &[Seg],
    by_index: bool,
) -> (usize, Option<Range<usize>>) {
    let mut best = None;
    let mut depth = 0;
    let mut node = Node::Item(doc.as_item());
    for seg in path {
        let next = match (node, seg) {
            (Node::Item(Item::Table(t)), Seg::Key(k)) | (Node::Table(t), Seg::Key(k)) => {
                if let Some(span) = t.key(k).and_then(|key| key.span()) {
                    best = Some(span);
                }
                t.get(k).map(Node::Item)
            }
            (Node::Item(Item::ArrayOfTables(a)), Seg::Item { index, id }) => match id {
                // By id; if the id is duplicated, the element at the merged position.
                Some(id) if !id.trim().is_empty() => {
                    let matching: Vec<(usize, &Table)> = a
                        .iter()
                        .enumerate()
                        .filter(|(_, t)| table_id(t) == Some(id.as_str()))
                        .collect();
                    matching
                        .iter()
                        .find(|(k, _)| k == index)
                        .or(matching.first())
                        .map(|(_, t)| Node::Table(t))
                }
                _ if by_index => a.get(*index).map(Node::Table),
                _ => None,
            },
            (Node::Item(Item::Value(v)), seg) | (Node::Value(v), seg) => {
                child_value(v, seg, by_index).map(Node::Value)
            }
            _ => None,
        };
        match next {
            Some(n) => {
                if let Some(s) = n.span() {
                    best = Some(s);
                }
                depth += 1;
                node = n;
            }
            None => break,
        }
    }
    (depth, best)
}

/// The line and column where `text` first nests more than `limit` levels (dotted key
/// parts, or open brackets and braces): where to point when a parser gives up on depth
/// without saying where. A lexical scan, so strings holding brackets may mislead it; it
/// is only used once the parser has already refused the text.
pub(crate) fn deep_place(text: &str, limit: usize) -> Option<(usize, usize)> {
    let mut open = 0usize;
    for (k, line) in text.lines().enumerate() {
        let key = line.split('=').next().unwrap_or("");
        if !line.trim_start().starts_with('#') && key.matches('.').count() >= limit {
            let column = key.match_indices('.').nth(limit - 1).map_or(0, |(i, _)| i);
            return Some((k + 1, column + 1));
        }
        for (column, c) in line.char_indices() {
            match c {
                '[' | '{' => open += 1,
                ']' | '}' => open = open.saturating_sub(1),
                _ => {}
            }
            if open > limit {
                return Some((k + 1, column + 1));
            }
        }
    }
    None
}

fn table_id(t: &Table) -> Option<&str> {
    t.get("id")
        .or_else(|| t.get("label"))
        .and_then(|v| v.as_str())
}

fn child_value<'a>(v: &'a Value, seg: &Seg, by_index: bool) -> Option<&'a Value> {
    match (v, seg) {
        (Value::InlineTable(t), Seg::Key(k)) => t.get(k),
        (Value::Array(a), Seg::Item { index, id }) => match id {
            Some(id) if !id.trim().is_empty() => a.iter().find(|x| {
                x.as_inline_table()
                    .and_then(|t| t.get("id").or_else(|| t.get("label")))
                    .and_then(|v| v.as_str())
                    == Some(id.as_str())
            }),
            _ if by_index => a.get(*index),
            _ => None,
        },
        _ => None,
    }
}

#[derive(Clone, Copy)]
enum Node<'a> {
    Item(&'a Item),
    Table(&'a Table),
    Value(&'a Value),
}

impl Node<'_> {
    fn span(&self) -> Option<Range<usize>> {
        match self {
            Node::Item(Item::Value(v)) => v.span(),
            Node::Value(v) => v.span(),
            Node::Item(i) => i.span(),
            Node::Table(t) => t.span(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(index: usize, id: &str) -> Seg {
        Seg::Item {
            index,
            id: Some(id.into()),
        }
    }

    #[test]
    fn finds_values_by_id_in_arrays_of_tables_and_inline_tables() {
        let text = "[scenario]\nname = \"x\"\n\n[[actors]]\nid = \"a\"\n\n[[actors]]\nid = \"b\"\ntrust = { a = 1.7 }\n";
        let doc = Document::parse(text.to_string()).unwrap();
        let path = [
            Seg::Key("actors".into()),
            item(5, "b"),
            Seg::Key("trust".into()),
            Seg::Key("a".into()),
        ];
        let (depth, span) = resolve(&doc, &path, false);
        assert_eq!(depth, 4);
        let span = span.unwrap();
        assert_eq!(&text[span.clone()], "1.7");
        assert_eq!(line_col(text, span.start), (9, 15));
        assert_eq!(show_path(&path), "actors.b.trust.a");
        let missing = [
            Seg::Key("actors".into()),
            item(0, "a"),
            Seg::Key("paranoia".into()),
        ];
        let (depth, span) = resolve(&doc, &missing, false);
        assert_eq!(depth, 2, "stops at the actor's table");
        assert_eq!(line_col(text, span.unwrap().start).0, 4);
    }
}

//! Finding where a field is in the TOML text, so errors can name the line and column.

use std::ops::Range;
use toml_edit::{Document, Item, Value};

/// One step of a path into the document: a key or an array index.
#[derive(Clone, Debug, PartialEq)]
pub enum Seg {
    /// A table key.
    Key(String),
    /// An array index.
    Index(usize),
}

/// Line and column (both from 1) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rfind('\n').map_or(offset, |nl| offset - nl - 1) + 1;
    (line, column)
}

/// Byte span of the deepest part of `path` that exists in the document.
pub fn span_of(doc: &Document<&str>, path: &[Seg]) -> Option<Range<usize>> {
    let mut best = None;
    let mut node = Node::Item(doc.as_item());
    for seg in path {
        let table: Option<&toml_edit::Table> = match node {
            Node::Item(Item::Table(t)) => Some(t),
            Node::Table(t) => Some(t),
            _ => None,
        };
        let next = match (table, node, seg) {
            (Some(t), _, Seg::Key(k)) => {
                if let Some(span) = t.key(k).and_then(|key| key.span()) {
                    best = Some(span);
                }
                t.get(k).map(Node::Item)
            }
            (None, Node::Item(Item::ArrayOfTables(a)), Seg::Index(i)) => a.get(*i).map(Node::Table),
            (None, Node::Item(Item::Value(v)), seg) => child_value(v, seg).map(Node::Value),
            (None, Node::Value(v), seg) => child_value(v, seg).map(Node::Value),
            _ => None,
        };
        match next {
            Some(n) => {
                if let Some(s) = n.span() {
                    best = Some(s);
                }
                node = n;
            }
            None => break,
        }
    }
    best
}

fn child_value<'a>(v: &'a Value, seg: &Seg) -> Option<&'a Value> {
    match (v, seg) {
        (Value::InlineTable(t), Seg::Key(k)) => t.get(k),
        (Value::Array(a), Seg::Index(i)) => a.get(*i),
        _ => None,
    }
}

#[derive(Clone, Copy)]
enum Node<'a> {
    Item(&'a Item),
    Table(&'a toml_edit::Table),
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

    #[test]
    fn finds_values_in_arrays_of_tables_and_inline_tables() {
        let text = "[scenario]\nname = \"x\"\n\n[[actors]]\nid = \"a\"\n\n[[actors]]\nid = \"b\"\ntrust = { a = 1.7 }\n";
        let doc = Document::parse(text).unwrap();
        let path = [
            Seg::Key("actors".into()),
            Seg::Index(1),
            Seg::Key("trust".into()),
            Seg::Key("a".into()),
        ];
        let span = span_of(&doc, &path).unwrap();
        assert_eq!(&text[span.clone()], "1.7");
        assert_eq!(line_col(text, span.start), (9, 15));
        let missing = [
            Seg::Key("actors".into()),
            Seg::Index(0),
            Seg::Key("paranoia".into()),
        ];
        let span = span_of(&doc, &missing).unwrap();
        assert_eq!(
            line_col(text, span.start).0,
            4,
            "falls back to the actor's table"
        );
    }
}

//! JSON as detente writes results: indented like `serde_json`'s pretty printer, except that
//! each element of a list is written on one line, so that a list of millions of messages
//! is millions of lines (quick to write, and to read with `grep` or `head`).

use serde_json::ser::{CompactFormatter, Formatter, PrettyFormatter};
use std::io::{self, Write};

/// The formatter: pretty outside list elements, compact inside them.
pub struct Lines {
    pretty: PrettyFormatter<'static>,
    /// Whether a list element is being written.
    in_element: bool,
    /// Lists and objects opened inside the element being written.
    inline: usize,
}

impl Default for Lines {
    fn default() -> Self {
        Self {
            pretty: PrettyFormatter::new(),
            in_element: false,
            inline: 0,
        }
    }
}

impl Lines {
    /// Whether the next list or object opens inside a list element.
    fn opens_inline(&self) -> bool {
        self.in_element || self.inline > 0
    }
}

/// Write `value` with the [`Lines`] formatter.
pub fn to_writer<W: Write, T: serde::Serialize + ?Sized>(w: W, value: &T) -> io::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(w, Lines::default());
    value.serialize(&mut ser).map_err(io::Error::other)
}

impl Formatter for Lines {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        if self.opens_inline() {
            self.inline += 1;
            CompactFormatter.begin_array(w)
        } else {
            self.pretty.begin_array(w)
        }
    }

    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        if self.inline > 0 {
            self.inline -= 1;
            CompactFormatter.end_array(w)
        } else {
            self.pretty.end_array(w)
        }
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        if self.inline > 0 {
            CompactFormatter.begin_array_value(w, first)
        } else {
            self.in_element = true;
            self.pretty.begin_array_value(w, first)
        }
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        if self.inline > 0 {
            CompactFormatter.end_array_value(w)
        } else {
            self.in_element = false;
            self.pretty.end_array_value(w)
        }
    }

    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        if self.opens_inline() {
            self.inline += 1;
            CompactFormatter.begin_object(w)
        } else {
            self.pretty.begin_object(w)
        }
    }

    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        if self.inline > 0 {
            self.inline -= 1;
            CompactFormatter.end_object(w)
        } else {
            self.pretty.end_object(w)
        }
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        if self.inline > 0 {
            CompactFormatter.begin_object_key(w, first)
        } else {
            self.pretty.begin_object_key(w, first)
        }
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        if self.inline > 0 {
            CompactFormatter.begin_object_value(w)
        } else {
            self.pretty.begin_object_value(w)
        }
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        if self.inline > 0 {
            CompactFormatter.end_object_value(w)
        } else {
            self.pretty.end_object_value(w)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(v: &serde_json::Value) -> String {
        let mut out = Vec::new();
        to_writer(&mut out, v).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn each_list_element_is_one_line_and_the_value_reads_back_the_same() {
        let v = serde_json::json!({
            "a": {"b": [1, 2.5], "c": null},
            "list": [{"x": [1, {"y": "z"}], "w": {}}, 3, [], [[1], {}], "s"],
            "empty": [],
            "o": {},
        });
        let text = lines(&v);
        assert_eq!(serde_json::from_str::<serde_json::Value>(&text).unwrap(), v);
        let line_of = |needle: &str| text.lines().find(|l| l.contains(needle)).unwrap().trim();
        assert_eq!(line_of("\"x\""), r#"{"w":{},"x":[1,{"y":"z"}]},"#);
        assert_eq!(line_of("[[1]"), "[[1],{}],");
        // Outside lists, the pretty printer's layout: one key a line, indented.
        assert!(text.contains("\n  \"a\": {\n    \"b\": [\n"), "{text}");
    }
}

//! Tidy tables: one row per observation, CSV or JSON Lines with the same columns in the same
//! order, numbers as numbers. The one encoding of every table detente writes (the tables of
//! a run, [`crate::tables`], and the rows of a sweep's results file).

use std::io::{self, Write};
use std::path::Path;

/// What kind of value a column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A non-negative integer.
    Int,
    /// A number (finite, or NaN).
    Num,
    /// Text.
    Text,
    /// Text, or nothing (an empty CSV field, JSON null).
    MaybeText,
    /// A design value: a number where it reads as one, else text.
    Param,
    /// True or false.
    Bool,
}

/// One cell of a row, ready to be written.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell<'a> {
    /// An integer.
    Int(u64),
    /// A number (NaN is `NaN` in CSV, null in JSON).
    Num(f64),
    /// Text.
    Text(&'a str),
    /// A design value as written in the design.
    Param(&'a str),
    /// True or false.
    Bool(bool),
    /// No value: an empty CSV field, JSON null.
    Null,
}

/// A table's file format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Comma-separated values with a header line; numbers in Rust's shortest exact form,
    /// booleans as `TRUE` and `FALSE`.
    Csv,
    /// One JSON object per line, keys in column order, no header.
    Jsonl,
}

impl Format {
    /// The format a path's extension asks for: `.csv`, or `.jsonl` (also `.ndjson`).
    pub fn of(path: &Path) -> Result<Self, String> {
        match path.extension().and_then(|e| e.to_str()) {
            Some("csv") => Ok(Format::Csv),
            Some("jsonl" | "ndjson") => Ok(Format::Jsonl),
            _ => Err(format!("{}: must end in .csv or .jsonl", path.display())),
        }
    }

    /// The format's name (`csv`, `jsonl`).
    pub fn name(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Jsonl => "jsonl",
        }
    }

    /// The header line of a table with columns `names` (newline included), if the format
    /// has one.
    pub fn header(self, names: &[String]) -> Option<String> {
        match self {
            Format::Csv => {
                let mut w = csv::Writer::from_writer(Vec::new());
                // Writing to memory cannot fail.
                let _ = w.write_record(names);
                Some(String::from_utf8_lossy(&w.into_inner().unwrap_or_default()).into_owned())
            }
            Format::Jsonl => None,
        }
    }

    /// One row as one line (newline included).
    pub fn line(self, names: &[String], cells: &[Cell]) -> String {
        let mut out = Vec::new();
        // Writing to memory cannot fail.
        let _ = Rows::new(self, names, &mut out, false).and_then(|mut r| r.row(cells));
        String::from_utf8_lossy(&out).into_owned()
    }
}

/// A table being written, row by row, to `W`.
pub struct Rows<'a, W: Write> {
    names: &'a [String],
    sink: Sink<W>,
    buf: Vec<u8>,
}

enum Sink<W: Write> {
    Csv(Box<csv::Writer<W>>),
    Jsonl(W),
}

impl<'a, W: Write> Rows<'a, W> {
    /// Start a table of columns `names` in `format` on `w`, with its header if `header`
    /// and the format has one.
    pub fn new(format: Format, names: &'a [String], w: W, header: bool) -> io::Result<Self> {
        let sink = match format {
            Format::Csv => {
                let mut csv = csv::WriterBuilder::new().has_headers(false).from_writer(w);
                if header {
                    csv.write_record(names)?;
                }
                Sink::Csv(Box::new(csv))
            }
            Format::Jsonl => Sink::Jsonl(w),
        };
        Ok(Self {
            names,
            sink,
            buf: Vec::new(),
        })
    }

    /// Write one row; `cells` are in column order.
    pub fn row(&mut self, cells: &[Cell]) -> io::Result<()> {
        debug_assert_eq!(cells.len(), self.names.len());
        match &mut self.sink {
            Sink::Csv(w) => {
                for cell in cells {
                    self.buf.clear();
                    csv_field(&mut self.buf, cell)?;
                    w.write_field(&self.buf)?;
                }
                w.write_record(None::<&[u8]>)?;
            }
            Sink::Jsonl(w) => {
                self.buf.clear();
                self.buf.push(b'{');
                for (k, (name, cell)) in self.names.iter().zip(cells).enumerate() {
                    if k > 0 {
                        self.buf.push(b',');
                    }
                    serde_json::to_writer(&mut self.buf, name.as_str())?;
                    self.buf.push(b':');
                    json_value(&mut self.buf, cell)?;
                }
                self.buf.extend_from_slice(b"}\n");
                w.write_all(&self.buf)?;
            }
        }
        Ok(())
    }

    /// Flush what is buffered and give back the writer.
    pub fn finish(self) -> io::Result<W> {
        match self.sink {
            Sink::Csv(w) => w.into_inner().map_err(|e| e.into_error()),
            Sink::Jsonl(mut w) => {
                w.flush()?;
                Ok(w)
            }
        }
    }
}

fn csv_field(buf: &mut Vec<u8>, cell: &Cell) -> io::Result<()> {
    match cell {
        Cell::Int(n) => write!(buf, "{n}"),
        // `NaN` reads back as NaN in Rust, pandas and R alike.
        Cell::Num(x) => write!(buf, "{x}"),
        Cell::Text(t) | Cell::Param(t) => {
            buf.extend_from_slice(t.as_bytes());
            Ok(())
        }
        // The spelling both pandas and R read as a boolean.
        Cell::Bool(b) => buf.write_all(if *b { b"TRUE" } else { b"FALSE" }),
        Cell::Null => Ok(()),
    }
}

fn json_value(buf: &mut Vec<u8>, cell: &Cell) -> io::Result<()> {
    let written = match cell {
        Cell::Int(n) => serde_json::to_writer(&mut *buf, n),
        // serde_json writes NaN and infinities as null.
        Cell::Num(x) => serde_json::to_writer(&mut *buf, x),
        Cell::Text(t) => serde_json::to_writer(&mut *buf, t),
        Cell::Param(t) => match t.parse::<f64>() {
            Ok(x) if x.is_finite() => serde_json::to_writer(&mut *buf, &x),
            _ => serde_json::to_writer(&mut *buf, t),
        },
        Cell::Bool(b) => serde_json::to_writer(&mut *buf, b),
        Cell::Null => serde_json::to_writer(&mut *buf, &()),
    };
    written.map_err(io::Error::other)
}

impl Kind {
    /// The JSON Schema of a value of this kind in a JSON Lines row.
    pub fn json_schema(self) -> serde_json::Value {
        use serde_json::json;
        match self {
            Kind::Int => json!({"type": "integer", "minimum": 0}),
            Kind::Num => json!({"type": ["number", "null"]}),
            Kind::Text => json!({"type": "string"}),
            Kind::MaybeText => json!({"type": ["string", "null"]}),
            Kind::Param => json!({"type": ["number", "string"]}),
            Kind::Bool => json!({"type": "boolean"}),
        }
    }
}

/// The JSON Schema of a table's JSON Lines row: every one of `fixed` required, with its
/// kind; a column whose name starts with one of `prefixed`'s prefixes (letters and `_`)
/// has that prefix's kind; any other column has the kind `others`, or is refused if `others` is `None`.
pub fn row_schema(
    title: &str,
    fixed: &[(&str, Kind)],
    prefixed: &[(&str, Kind)],
    others: Option<Kind>,
) -> schemars::Schema {
    let properties: serde_json::Map<String, serde_json::Value> = fixed
        .iter()
        .map(|(n, k)| (n.to_string(), k.json_schema()))
        .collect();
    let patterns: serde_json::Map<String, serde_json::Value> = prefixed
        .iter()
        .map(|(p, k)| (format!("^{p}"), k.json_schema()))
        .collect();
    let additional = others.map_or(serde_json::Value::Bool(false), Kind::json_schema);
    let schema = serde_json::json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": title,
        "type": "object",
        "properties": properties,
        "required": fixed.iter().map(|(n, _)| *n).collect::<Vec<_>>(),
        "patternProperties": patterns,
        "additionalProperties": additional,
    });
    // An object built from a json! object literal is always a valid schema.
    schemars::Schema::try_from(schema).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> Vec<String> {
        ["n", "x", "label", "param", "flag", "none"]
            .iter()
            .map(|s| s.to_string())
            .collect()
    }

    fn cells() -> Vec<Cell<'static>> {
        vec![
            Cell::Int(3),
            Cell::Num(0.1 + 0.2),
            Cell::Text("a \"quoted\", label"),
            Cell::Param("0.35"),
            Cell::Bool(true),
            Cell::Null,
        ]
    }

    #[test]
    fn csv_and_jsonl_hold_the_same_columns_in_the_same_order() {
        let names = names();
        let csv_text = format!(
            "{}{}",
            Format::Csv.header(&names).unwrap(),
            Format::Csv.line(&names, &cells())
        );
        let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
        let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
        assert_eq!(header, names);
        let record = reader.records().next().unwrap().unwrap();
        assert_eq!(record[1].parse::<f64>().unwrap(), 0.1 + 0.2, "exact");
        assert_eq!(&record[2], "a \"quoted\", label");
        assert_eq!(&record[5], "");

        let line = Format::Jsonl.line(&names, &cells());
        assert!(line.ends_with('\n') && line.matches('\n').count() == 1);
        // Keys come in column order (a map would sort them).
        let keys: Vec<usize> = names
            .iter()
            .map(|n| line.find(&format!("\"{n}\":")).unwrap())
            .collect();
        assert!(keys.windows(2).all(|w| w[0] < w[1]), "{line}");
        let v: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(v["x"].as_f64().unwrap(), 0.1 + 0.2);
        assert!(v["param"].is_number() && v["flag"] == true && v["none"].is_null());
    }
}

//! The results store: one row schema ([`Columns`]), and one [`RowFormat`] per file format
//! (each in its own file), chosen in one place ([`format_of`]). A new format is one new
//! file and one line here.

mod csv;
mod jsonl;

use crate::SweepError;
use crate::results::Row;
use std::path::Path;

/// The columns of a results file, in order: `run`, `config`, the design's keys, `seed`,
/// `reason`, `round`, `date`, `outcome`, one `pos_ISSUE` per issue, `mean_trust`,
/// `messages`. The only place they are spelled.
#[derive(Clone, Debug, PartialEq)]
pub struct Columns {
    /// The design's keys.
    pub keys: Vec<String>,
    /// Issue ids, in position order.
    pub issues: Vec<String>,
}

pub use detente_data::table::{Cell, Kind};

const HEAD: [&str; 2] = ["run", "config"];
const MIDDLE: [(&str, Kind); 5] = [
    ("seed", Kind::Int),
    ("reason", Kind::Text),
    ("round", Kind::Int),
    ("date", Kind::Text),
    ("outcome", Kind::Text),
];
const TAIL: [(&str, Kind); 2] = [("mean_trust", Kind::Num), ("messages", Kind::Int)];
/// The prefix of an issue's column: the final position on it.
const POSITION: &str = "pos_";

/// The JSON Schema of a JSON Lines row of any sweep: the fixed columns, a number per
/// `pos_ISSUE` column, and the design's values (numbers or text) under their keys.
pub fn row_schema() -> schemars::Schema {
    let fixed: Vec<(&str, Kind)> = HEAD
        .iter()
        .map(|n| (*n, Kind::Int))
        .chain(MIDDLE)
        .chain(TAIL)
        .collect();
    detente_data::table::row_schema(
        "detente sweep results row",
        &fixed,
        &[(POSITION, Kind::Num)],
        Some(Kind::Param),
    )
}

impl Columns {
    /// Column names and kinds, in order.
    pub fn all(&self) -> Vec<(String, Kind)> {
        let mut c: Vec<(String, Kind)> = HEAD.iter().map(|n| (n.to_string(), Kind::Int)).collect();
        c.extend(self.keys.iter().map(|k| (k.clone(), Kind::Param)));
        c.extend(MIDDLE.iter().map(|(n, k)| (n.to_string(), *k)));
        c.extend(
            self.issues
                .iter()
                .map(|i| (format!("{POSITION}{i}"), Kind::Num)),
        );
        c.extend(TAIL.iter().map(|(n, k)| (n.to_string(), *k)));
        c
    }

    /// Column names, in order.
    pub fn names(&self) -> Vec<String> {
        self.all().into_iter().map(|(n, _)| n).collect()
    }

    /// A row's cells, in column order; `params` are its configuration's design values.
    pub fn cells<'a>(&self, row: &'a Row, params: &'a [String]) -> Vec<Cell<'a>> {
        let mut c = vec![Cell::Int(row.run), Cell::Int(row.config as u64)];
        c.extend(params.iter().map(|p| Cell::Param(p)));
        c.extend([
            Cell::Int(row.seed),
            Cell::Text(&row.reason),
            Cell::Int(row.round as u64),
            Cell::Text(&row.date),
            Cell::Text(&row.outcome),
        ]);
        c.extend(row.positions.iter().map(|x| Cell::Num(*x)));
        c.extend([Cell::Num(row.mean_trust), Cell::Int(row.messages)]);
        c
    }

    /// A row from its cells as text, in column order (design values are not kept: the plan
    /// has them).
    pub fn row(&self, fields: &[String]) -> Result<Row, String> {
        let n = self.all().len();
        if fields.len() != n {
            return Err(format!("{} fields, expected {n}", fields.len()));
        }
        let names = self.names();
        let int = |i: usize| -> Result<u64, String> {
            fields[i]
                .parse()
                .map_err(|_| format!("{} = {:?} is not a whole number", names[i], fields[i]))
        };
        let num = |i: usize| -> Result<f64, String> {
            fields[i]
                .parse()
                .map_err(|_| format!("{} = {:?} is not a number", names[i], fields[i]))
        };
        let p = HEAD.len() + self.keys.len();
        let issues = self.issues.len();
        let round = int(p + 2)?;
        Ok(Row {
            run: int(0)?,
            config: usize::try_from(int(1)?).map_err(|_| "config is too large".to_string())?,
            seed: int(p)?,
            reason: fields[p + 1].clone(),
            round: u32::try_from(round).map_err(|_| format!("round = {round} is too large"))?,
            date: fields[p + 3].clone(),
            outcome: fields[p + 4].clone(),
            positions: (0..issues)
                .map(|i| num(p + 5 + i))
                .collect::<Result<_, _>>()?,
            mean_trust: num(p + 5 + issues)?,
            messages: int(p + 6 + issues)?,
        })
    }
}

/// A results file format: how a row becomes one line and back.
pub trait RowFormat: Sync {
    /// The format's name, as in the meta (`csv`, `jsonl`).
    fn name(&self) -> &'static str;
    /// The first line of a new file, if the format has a header (newline included).
    fn header(&self, columns: &Columns) -> Option<String>;
    /// One row as one line, newline included.
    fn encode(&self, columns: &Columns, cells: &[Cell]) -> String;
    /// The cells of one data line (no newline) as text, in column order.
    fn fields(&self, columns: &Columns, line: &str) -> Result<Vec<String>, String>;
}

/// The format a path's extension asks for: the one place it is matched.
pub fn format_of(path: &Path) -> Result<&'static dyn RowFormat, SweepError> {
    match path.extension().and_then(|e| e.to_str()) {
        Some("csv") => Ok(&csv::Csv),
        Some("jsonl" | "ndjson") => Ok(&jsonl::Jsonl),
        _ => Err(SweepError::Input(format!(
            "{}: the results file must end in .csv or .jsonl",
            path.display()
        ))),
    }
}

/// Whether a path names a results file (by its extension).
pub fn is_results_file(path: &Path) -> bool {
    format_of(path).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row() -> Row {
        Row {
            run: 7,
            config: 1,
            seed: 12,
            reason: "settlement".into(),
            round: 9,
            date: "1946-02".into(),
            outcome: "A \"quoted\", label".into(),
            positions: vec![0.1 + 0.2, 1.0 / 3.0, 7.0],
            mean_trust: 0.123_456_789_012_345_67,
            messages: 345,
        }
    }

    #[test]
    fn every_format_gives_back_the_row_it_wrote_exactly() {
        let columns = Columns {
            keys: vec!["actors.stalin.paranoia".into(), "label".into()],
            issues: vec!["poland".into(), "germany".into(), "loan".into()],
        };
        let params = vec!["0.35".to_string(), "soft, calm".to_string()];
        let r = row();
        for path in ["r.csv", "r.jsonl"] {
            let f = format_of(Path::new(path)).unwrap();
            let line = f.encode(&columns, &columns.cells(&r, &params));
            assert!(line.ends_with('\n') && line.matches('\n').count() == 1);
            let fields = f.fields(&columns, line.trim_end()).unwrap();
            assert_eq!(columns.row(&fields).unwrap(), r, "{path}: {line}");
            assert_eq!(fields[2], "0.35");
            assert_eq!(fields[3], "soft, calm");
            if let Some(h) = f.header(&columns) {
                assert_eq!(f.fields(&columns, h.trim_end()).unwrap(), columns.names());
            }
        }
    }
}

//! Sweep summaries as data: one row per configuration with the varied values, the runs, the
//! share of each equilibrium reason and each outcome label with its 95% Wilson interval, the
//! median round and date of the equilibrium and the mean final positions; as CSV, or as a
//! JSON array of the same records (both load in pandas as one row per configuration).

use crate::SweepError;
use crate::design::Design;
use crate::stats::{REASONS, Summary, wilson};
use detente_model::YearMonth;
use std::path::Path;

/// One cell of the table.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    /// A count.
    Int(u64),
    /// A number; NaN (a configuration without runs) is written empty in CSV, null in JSON.
    Num(f64),
    /// Text.
    Text(String),
}

/// The summary table.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    /// Column names: `config`, each varied key, `n`, then for each reason R and each label
    /// L the share and its interval (`reason:R`, `reason:R:lo`, `reason:R:hi`, `outcome:L`,
    /// `outcome:L:lo`, `outcome:L:hi`), `median_round`, `median_date`, one `mean_pos_ISSUE`
    /// per issue.
    pub columns: Vec<String>,
    /// One row per configuration, in design order.
    pub rows: Vec<Vec<Cell>>,
}

/// The file format a summary path asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// CSV with a header.
    Csv,
    /// A JSON array of records.
    Json,
}

impl Format {
    /// From the extension: `.csv` or `.json`.
    pub fn of(path: &Path) -> Result<Self, SweepError> {
        match path.extension().and_then(|e| e.to_str()) {
            Some("csv") => Ok(Format::Csv),
            Some("json") => Ok(Format::Json),
            _ => Err(SweepError::Input(format!(
                "{}: the file name ends in .csv or .json (its format)",
                path.display()
            ))),
        }
    }
}

/// A share of `k` in `n` and its 95% Wilson interval, as three cells (empty when n is 0).
pub fn share_cells(k: u64, n: u64) -> [Cell; 3] {
    let share = if n == 0 {
        f64::NAN
    } else {
        k as f64 / n as f64
    };
    let (lo, hi) = if n == 0 {
        (f64::NAN, f64::NAN)
    } else {
        wilson(k, n)
    };
    [Cell::Num(share), Cell::Num(lo), Cell::Num(hi)]
}

/// The table of `summaries` (from [`crate::stats::summarize`]) of a sweep over `design`,
/// with a column triple for every outcome label the summaries hold, in their order;
/// `start` (the scenario's first month) dates the median round.
pub fn table(
    summaries: &[Summary],
    design: &Design,
    issues: &[String],
    start: Option<YearMonth>,
) -> Table {
    let mut labels: Vec<String> = Vec::new();
    for s in summaries {
        for (l, _) in &s.outcomes {
            if !labels.contains(l) {
                labels.push(l.clone());
            }
        }
    }
    let mut columns = vec!["config".to_string()];
    columns.extend(design.keys.iter().cloned());
    columns.push("n".into());
    let triple = |name: String| [name.clone(), format!("{name}:lo"), format!("{name}:hi")];
    for r in REASONS {
        columns.extend(triple(format!("reason:{r}")));
    }
    for l in &labels {
        columns.extend(triple(format!("outcome:{l}")));
    }
    columns.extend(["median_round".to_string(), "median_date".to_string()]);
    columns.extend(issues.iter().map(|i| format!("mean_pos_{i}")));
    let rows = summaries
        .iter()
        .map(|s| {
            let mut row = vec![Cell::Int(s.config as u64)];
            row.extend(
                design.rows[s.config]
                    .iter()
                    .map(|v| match v.parse::<f64>() {
                        Ok(x) => Cell::Num(x),
                        Err(_) => Cell::Text(v.clone()),
                    }),
            );
            row.push(Cell::Int(s.n));
            for r in REASONS {
                let k = s
                    .reasons
                    .iter()
                    .find(|(x, _)| x == r)
                    .map_or(0, |(_, k)| *k);
                row.extend(share_cells(k, s.n));
            }
            for l in &labels {
                let k = s
                    .outcomes
                    .iter()
                    .find(|(x, _)| x == l)
                    .map_or(0, |(_, k)| *k);
                row.extend(share_cells(k, s.n));
            }
            row.push(Cell::Num(s.median_round));
            let date = match start {
                Some(st) if s.median_round.is_finite() => {
                    Cell::Text(st.plus(s.median_round.floor() as u32).to_string())
                }
                _ => Cell::Text(String::new()),
            };
            row.push(date);
            row.extend(s.mean_positions.iter().map(|x| Cell::Num(*x)));
            row
        })
        .collect();
    Table { columns, rows }
}

impl Table {
    /// CSV with a header line.
    pub fn to_csv(&self) -> String {
        let mut w = csv::Writer::from_writer(Vec::new());
        // Writing to memory cannot fail.
        let _ = w.write_record(&self.columns);
        for row in &self.rows {
            let _ = w.write_record(row.iter().map(|c| match c {
                Cell::Int(k) => k.to_string(),
                Cell::Num(x) if x.is_nan() => String::new(),
                Cell::Num(x) => x.to_string(),
                Cell::Text(t) => t.clone(),
            }));
        }
        String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
    }

    /// A JSON array with one object per configuration, keyed by the column names in the
    /// CSV's order.
    pub fn to_json(&self) -> String {
        let records: Vec<Record> = self
            .rows
            .iter()
            .map(|row| Record {
                columns: &self.columns,
                row,
            })
            .collect();
        let mut s = serde_json::to_string_pretty(&records).unwrap_or_default();
        s.push('\n');
        s
    }

    /// The table in `format`.
    pub fn render(&self, format: Format) -> String {
        match format {
            Format::Csv => self.to_csv(),
            Format::Json => self.to_json(),
        }
    }
}

/// One row as a JSON object whose keys keep the columns' order.
struct Record<'a> {
    columns: &'a [String],
    row: &'a [Cell],
}

impl serde::Serialize for Record<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(self.columns.len()))?;
        for (name, c) in self.columns.iter().zip(self.row) {
            match c {
                Cell::Int(k) => m.serialize_entry(name, k)?,
                Cell::Num(x) if x.is_finite() => m.serialize_entry(name, x)?,
                Cell::Num(_) => m.serialize_entry(name, &())?,
                Cell::Text(t) => m.serialize_entry(name, t)?,
            }
        }
        m.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::design::{Design, parse_vary};
    use crate::results::Row;
    use crate::stats::summarize;

    fn row(run: u64, config: usize, reason: &str, outcome: &str, round: u32) -> Row {
        Row {
            run,
            config,
            seed: run,
            reason: reason.into(),
            round,
            date: YearMonth::new(1945, 5).unwrap().plus(round).to_string(),
            outcome: outcome.into(),
            positions: vec![0.25 * config as f64],
            mean_trust: 0.5,
            messages: 3,
        }
    }

    #[test]
    fn one_row_per_configuration_with_shares_intervals_and_dates() {
        let design =
            Design::factorial(&[parse_vary("actors.stalin.paranoia=0.2,0.8").unwrap()]).unwrap();
        let rows = vec![
            row(0, 0, "settlement", "A", 3),
            row(1, 0, "breakdown", "B", 9),
            row(2, 1, "breakdown", "B", 13),
            row(3, 1, "breakdown", "B", 14),
        ];
        let labels = vec!["A".to_string(), "B".to_string()];
        let s = summarize(&rows, 2, &labels, 1);
        let t = table(
            &s,
            &design,
            &["poland".to_string()],
            YearMonth::new(1945, 5),
        );
        assert_eq!(t.rows.len(), 2);
        let col = |name: &str| t.columns.iter().position(|c| c == name).unwrap();
        let r0 = &t.rows[0];
        assert_eq!(r0[col("actors.stalin.paranoia")], Cell::Num(0.2));
        assert_eq!(r0[col("n")], Cell::Int(2));
        assert_eq!(r0[col("reason:settlement")], Cell::Num(0.5));
        assert_eq!(r0[col("outcome:B")], Cell::Num(0.5));
        let (lo, hi) = wilson(1, 2);
        assert_eq!(r0[col("outcome:A:lo")], Cell::Num(lo));
        assert_eq!(r0[col("outcome:A:hi")], Cell::Num(hi));
        assert_eq!(r0[col("median_round")], Cell::Num(6.0));
        assert_eq!(r0[col("median_date")], Cell::Text("1945-11".into()));
        assert_eq!(t.rows[1][col("mean_pos_poland")], Cell::Num(0.25));
        assert_eq!(t.rows[1][col("median_date")], Cell::Text("1946-06".into()));
        let csv = t.to_csv();
        assert_eq!(csv.lines().count(), 3);
        assert!(csv.starts_with(
            "config,actors.stalin.paranoia,n,reason:settlement,reason:settlement:lo,"
        ));
        let text = t.to_json();
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(json[1]["reason:breakdown"], 1.0);
        let (a, b) = (
            text.find("\"config\"").unwrap(),
            text.find("\"n\"").unwrap(),
        );
        assert!(a < b, "keys in the columns' order");
        assert_eq!(json.as_array().unwrap().len(), 2);
    }

    #[test]
    fn a_configuration_without_runs_has_empty_shares_not_zeros() {
        let design = Design::factorial(&[parse_vary("a=1,2").unwrap()]).unwrap();
        let rows = vec![row(0, 0, "settlement", "A", 3)];
        let s = summarize(&rows, 2, &["A".to_string()], 1);
        let t = table(
            &s,
            &design,
            &["poland".to_string()],
            YearMonth::new(1945, 5),
        );
        let csv = t.to_csv();
        let last = csv.lines().last().unwrap();
        assert!(last.starts_with("1,2,0,,,,"), "{last}");
        let json: serde_json::Value = serde_json::from_str(&t.to_json()).unwrap();
        assert!(json[1]["outcome:A"].is_null());
    }
}

//! CSV results files: a header line, then one record per run.

use super::{Cell, Columns, RowFormat};

/// Comma-separated values with a header; numbers in Rust's shortest exact form.
pub struct Csv;

fn line(cells: impl IntoIterator<Item = String>) -> String {
    let mut w = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new());
    // Writing to memory cannot fail, and the csv crate writes UTF-8 as given.
    let _ = w.write_record(cells);
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

impl RowFormat for Csv {
    fn name(&self) -> &'static str {
        "csv"
    }

    fn header(&self, columns: &Columns) -> Option<String> {
        Some(line(columns.names()))
    }

    fn encode(&self, _columns: &Columns, cells: &[Cell]) -> String {
        line(cells.iter().map(|c| match c {
            Cell::Int(n) => n.to_string(),
            Cell::Num(x) => x.to_string(),
            Cell::Text(t) | Cell::Param(t) => t.to_string(),
        }))
    }

    fn fields(&self, _columns: &Columns, text: &str) -> Result<Vec<String>, String> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.as_bytes());
        let mut records = reader.records();
        let record = records
            .next()
            .ok_or_else(|| "an empty record".to_string())?
            .map_err(|e| e.to_string())?;
        if records.next().is_some() {
            return Err("more than one record on the line".into());
        }
        Ok(record.iter().map(str::to_string).collect())
    }
}

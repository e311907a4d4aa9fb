//! CSV results files: a header line, then one record per run.

use super::{Cell, Columns, RowFormat};
use detente_data::table::Format;

/// Comma-separated values with a header; numbers in Rust's shortest exact form.
pub struct Csv;

impl RowFormat for Csv {
    fn name(&self) -> &'static str {
        "csv"
    }

    fn header(&self, columns: &Columns) -> Option<String> {
        Format::Csv.header(&columns.names())
    }

    fn encode(&self, columns: &Columns, cells: &[Cell]) -> String {
        Format::Csv.line(&columns.names(), cells)
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

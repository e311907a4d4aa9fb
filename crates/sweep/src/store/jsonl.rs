//! JSON Lines results files: one object per run, keys in column order, no header.

use super::{Cell, Columns, Kind, RowFormat};
use detente_data::table::Format;
use serde_json::Value;

/// One JSON object per line; numbers as JSON numbers (NaN as null), design values as
/// numbers where they read as one.
pub struct Jsonl;

impl RowFormat for Jsonl {
    fn name(&self) -> &'static str {
        "jsonl"
    }

    fn header(&self, _columns: &Columns) -> Option<String> {
        None
    }

    fn encode(&self, columns: &Columns, cells: &[Cell]) -> String {
        Format::Jsonl.line(&columns.names(), cells)
    }

    fn fields(&self, columns: &Columns, line: &str) -> Result<Vec<String>, String> {
        let object: serde_json::Map<String, Value> =
            serde_json::from_str(line).map_err(|e| e.to_string())?;
        columns
            .all()
            .iter()
            .map(|(name, kind)| {
                let value = object
                    .get(name)
                    .ok_or_else(|| format!("no field {name:?}"))?;
                Ok(match (value, kind) {
                    (Value::String(s), _) => s.clone(),
                    (Value::Null, Kind::Num) => "NaN".to_string(),
                    (Value::Number(n), _) => n.to_string(),
                    (other, _) => return Err(format!("{name} = {other} is not a value")),
                })
            })
            .collect()
    }
}

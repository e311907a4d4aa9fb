//! Scenario files for detente: the only crate that knows TOML.
//!
//! A scenario is parsed into raw serde structs ([`raw`]) and validated into the model's
//! [`Scenario`] ([`validate`]); every error points at the file, line and column, names the
//! field and the bad value, and says what is allowed.
#![warn(missing_docs)]

pub mod builtin;
pub mod error;
pub mod locate;
#[allow(missing_docs)]
pub mod raw;
pub mod validate;

pub use error::{ConfigError, Problem};

use detente_model::Scenario;
use std::path::Path;

/// Parse and validate scenario text; `file` is used in error messages.
pub fn parse(text: &str, file: &str) -> Result<Scenario, ConfigError> {
    let problem = |line, column, message: String| Problem {
        file: file.to_string(),
        line,
        column,
        message,
    };
    if text.trim().is_empty()
        || text
            .lines()
            .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
    {
        return Err(ConfigError::Invalid(vec![problem(
            Some(1),
            None,
            "the file is empty; a scenario needs a [scenario] table, [[issues]] and [[actors]]"
                .into(),
        )]));
    }
    let raw: raw::RawScenario = toml::from_str(text).map_err(|e| {
        let (line, column) = e.span().map(|s| locate::line_col(text, s.start)).unzip();
        let message = e.message().trim().replace('\n', " ");
        ConfigError::Invalid(vec![problem(line, column, message)])
    })?;
    validate::validate(&raw, text, file).map_err(ConfigError::Invalid)
}

/// Read, parse and validate a scenario file.
pub fn load(path: &Path) -> Result<Scenario, ConfigError> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|reason| ConfigError::Read {
        file: file.clone(),
        reason,
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        ConfigError::Invalid(vec![Problem {
            file: file.clone(),
            line: None,
            column: None,
            message: format!(
                "the file is not UTF-8 text (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
        }])
    })?;
    parse(&text, &file)
}

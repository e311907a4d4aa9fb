//! Configuration errors: each names the file, line and column, the field, the bad value and what is allowed.

use std::fmt;

/// One problem found in a scenario file.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    /// The file (as given by the user, or `<built-in otl>`).
    pub file: String,
    /// Line, from 1, when known.
    pub line: Option<usize>,
    /// Column, from 1, when known.
    pub column: Option<usize>,
    /// What is wrong, starting with the field (e.g. `actors.stalin.paranoia = -0.2 ...`).
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (Some(l), Some(c)) => write!(f, "{}:{}:{}: {}", self.file, l, c, self.message),
            (Some(l), None) => write!(f, "{}:{}: {}", self.file, l, self.message),
            // Messages about a --set argument name it themselves.
            _ if self.file.is_empty() => write!(f, "{}", self.message),
            _ => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

/// Why a scenario could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("{file}: cannot read the scenario: {reason}")]
    Read {
        /// The path.
        file: String,
        /// Why (shown in the message, not chained, so it is said once).
        reason: crate::input::ReadError,
    },
    /// The file was read but is not a valid scenario; every problem found is listed.
    #[error("{}", .0.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("\n"))]
    Invalid(Vec<Problem>),
}

impl ConfigError {
    /// The problems, if the file was read.
    pub fn problems(&self) -> &[Problem] {
        match self {
            ConfigError::Invalid(p) => p,
            ConfigError::Read { .. } => &[],
        }
    }
}

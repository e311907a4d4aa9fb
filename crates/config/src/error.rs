//! Configuration errors: each names the file, line and column, the field, the bad value and what is allowed.

use crate::text::shown;
use std::fmt;

/// One problem found in a scenario file.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    /// The file (as given by the user, or `<built-in otl>`), or the `--set` argument.
    pub file: String,
    /// Line, from 1, when known.
    pub line: Option<usize>,
    /// Column, from 1, when known.
    pub column: Option<usize>,
    /// What is wrong, starting with the field (e.g. `actors.stalin.paranoia = -0.2 ...`).
    pub message: String,
    /// Why no line can be given, when `line` is `None` (e.g. the field is missing from
    /// every file, or it was set on the command line).
    pub no_line: Option<&'static str>,
}

impl Problem {
    /// A problem at a line and column of `file`.
    pub fn at(file: String, line: usize, column: usize, message: String) -> Self {
        Self {
            file,
            line: Some(line),
            column: Some(column),
            message,
            no_line: None,
        }
    }

    /// A problem that no line of `file` holds, and why.
    pub fn unlocated(file: String, message: String, why: &'static str) -> Self {
        Self {
            file,
            line: None,
            column: None,
            message,
            no_line: Some(why),
        }
    }
}

impl fmt::Display for Problem {
    /// One line, whatever the file and the values in the message hold: control
    /// characters are escaped, so no value can start a forged line or drive a terminal.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = shown(&self.file);
        let message = shown(&self.message);
        match (self.line, self.column) {
            (Some(l), Some(c)) => write!(f, "{file}:{l}:{c}: {message}"),
            (Some(l), None) => write!(f, "{file}:{l}: {message}"),
            // Messages about a --set argument name it themselves.
            _ if self.file.is_empty() => write!(f, "{message}"),
            // The argument is the place.
            _ if self.file.starts_with("--set ") => write!(f, "{file}: {message}"),
            _ => {
                write!(f, "{file}: {message}")?;
                match self.no_line {
                    Some(why) => write!(f, " (no line: {why})"),
                    None => Ok(()),
                }
            }
        }
    }
}

/// Most problems one error lists; past that they are counted, not located or listed, so
/// that a file with thousands of mistakes is reported at once.
pub const MAX_PROBLEMS: usize = 100;

/// Problems (or anything else) collected up to [`MAX_PROBLEMS`], the rest counted.
#[derive(Debug)]
pub(crate) struct Collected<T> {
    pub(crate) items: Vec<T>,
    pub(crate) omitted: usize,
}

impl<T> Default for Collected<T> {
    fn default() -> Self {
        Self {
            items: Vec::new(),
            omitted: 0,
        }
    }
}

impl<T> Collected<T> {
    /// Whether further problems will only be counted.
    pub(crate) fn full(&self) -> bool {
        self.items.len() >= MAX_PROBLEMS
    }

    /// Add one, made only if it will be listed (making it may cost a hint's search).
    pub(crate) fn push_with(&mut self, make: impl FnOnce() -> T) {
        if self.full() {
            self.omitted += 1;
        } else {
            self.items.push(make());
        }
    }

    /// Whether nothing was found.
    pub(crate) fn is_empty(&self) -> bool {
        self.items.is_empty() && self.omitted == 0
    }
}

/// Why a scenario could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("{}: cannot read the scenario: {reason}", shown(file))]
    Read {
        /// The path.
        file: String,
        /// Why (shown in the message, not chained, so it is said once).
        reason: crate::input::ReadError,
    },
    /// The file was read but is not a valid scenario; every problem found is listed, up
    /// to [`MAX_PROBLEMS`], and the rest counted.
    #[error("{}", show_problems(problems, *omitted))]
    Invalid {
        /// The problems, in the order found.
        problems: Vec<Problem>,
        /// How many more were found and not listed.
        omitted: usize,
    },
}

fn show_problems(problems: &[Problem], omitted: usize) -> String {
    let mut lines: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
    if omitted > 0 {
        let file = shown(problems.first().map_or("", |p| p.file.as_str()));
        lines.push(format!(
            "{file}: ... and {omitted} more problem{} (only the first {MAX_PROBLEMS} are listed)",
            if omitted == 1 { "" } else { "s" }
        ));
    }
    lines.join("\n")
}

impl ConfigError {
    /// The problems listed, if the file was read.
    pub fn problems(&self) -> &[Problem] {
        match self {
            ConfigError::Invalid { problems, .. } => problems,
            ConfigError::Read { .. } => &[],
        }
    }

    /// How many problems were found, listed or not (1 for a file that cannot be read).
    pub fn count(&self) -> usize {
        match self {
            ConfigError::Invalid { problems, omitted } => problems.len() + omitted,
            ConfigError::Read { .. } => 1,
        }
    }

    /// One problem.
    pub(crate) fn one(problem: Problem) -> Self {
        ConfigError::Invalid {
            problems: vec![problem],
            omitted: 0,
        }
    }
}

//! One error type for everything that stops a run with exit code 2:
//! unreadable input, malformed rule files, bad configuration.

use std::fmt;

/// A one-line, user-facing error that names the file and, where known,
/// the line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub path: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl Error {
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        Error {
            path: path.into(),
            line: None,
            column: None,
            message: message.into(),
        }
    }

    pub fn at(
        path: impl Into<String>,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        Error {
            path: path.into(),
            line: Some(line),
            column: Some(column),
            message: message.into(),
        }
    }

    /// Builds an error from a serde_yaml failure, shifting its position by
    /// `line_offset` lines when the YAML is embedded in a larger file.
    pub fn from_yaml(path: &str, err: &serde_yaml::Error, line_offset: usize) -> Self {
        let message = strip_yaml_location(&err.to_string());
        match err.location() {
            Some(loc) => Error::at(path, loc.line() + line_offset, loc.column(), message),
            None => Error::new(path, message),
        }
    }
}

/// serde_yaml appends " at line L column C" to its messages; the position is
/// reported separately, so drop the duplicate.
fn strip_yaml_location(message: &str) -> String {
    let first_line = message.lines().next().unwrap_or(message);
    match first_line.find(" at line ") {
        Some(i) => first_line[..i].to_string(),
        None => first_line.to_string(),
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for Error {}

pub type Result<T> = std::result::Result<T, Error>;

//! One error type for everything that stops a run with exit code 2. Its
//! kind says whose fault it is (front ends map kinds to exit codes and HTTP
//! statuses); its place names the file and, where known, line and column.

use std::fmt;

/// What went wrong, by whose hand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A flag, an API field or a value the caller gave is wrong.
    Usage,
    /// A document (or its context, manifest or record) cannot be read.
    Input,
    /// A rule file or lexicon is malformed.
    Rules,
    /// `pitchlint.yaml` is malformed.
    Config,
    /// Reading or writing failed (a missing folder, a closed output).
    Io,
}

/// A one-line, user-facing error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub kind: ErrorKind,
    /// The file it is about; `None` for usage errors about flags.
    pub file: Option<String>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl Error {
    /// An input error about `file`.
    pub fn new(file: impl Into<String>, message: impl Into<String>) -> Self {
        Error {
            kind: ErrorKind::Input,
            file: Some(file.into()),
            line: None,
            column: None,
            message: message.into(),
        }
    }

    /// An input error at a line and column of `file`.
    pub fn at(
        file: impl Into<String>,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        Error {
            line: Some(line),
            column: Some(column),
            ..Error::new(file, message)
        }
    }

    /// A wrong flag or value; the message names it.
    pub fn usage(message: impl Into<String>) -> Self {
        Error {
            kind: ErrorKind::Usage,
            file: None,
            line: None,
            column: None,
            message: message.into(),
        }
    }

    /// The same error, attributed to another kind.
    pub fn with_kind(mut self, kind: ErrorKind) -> Self {
        self.kind = kind;
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{}", one_line(file))?;
            if let Some(line) = self.line {
                write!(f, ":{line}")?;
                if let Some(column) = self.column {
                    write!(f, ":{column}")?;
                }
            }
            write!(f, ": ")?;
        }
        write!(f, "{}", one_line(&self.message))
    }
}

/// Errors are one line whatever value a message quotes: line breaks and
/// other control characters print escaped.
fn one_line(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return text.into();
    }
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect::<String>()
        .into()
}

impl std::error::Error for Error {}

pub type Result<T> = std::result::Result<T, Error>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_place_then_message() {
        assert_eq!(Error::at("a.md", 3, 5, "bad").to_string(), "a.md:3:5: bad");
        assert_eq!(Error::new("a.md", "bad").to_string(), "a.md: bad");
        let usage = Error::usage("--threads must be at least 1");
        assert_eq!(usage.to_string(), "--threads must be at least 1");
        assert_eq!(usage.kind, ErrorKind::Usage);
    }

    #[test]
    fn quoted_values_never_break_the_line() {
        let err = Error::at(
            "rules/x.yaml",
            2,
            7,
            "unknown lang `ru\n---`; expected ru or en",
        );
        assert_eq!(
            err.to_string(),
            "rules/x.yaml:2:7: unknown lang `ru\\n---`; expected ru or en"
        );
    }
}

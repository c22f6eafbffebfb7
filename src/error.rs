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

    /// Builds an error from a serde_yaml failure, shifting its position by
    /// `line_offset` lines when the YAML is embedded in a larger file.
    pub fn from_yaml(file: &str, err: &serde_yaml::Error, line_offset: usize) -> Self {
        let message = yaml_message(&err.to_string());
        match err.location() {
            Some(loc) => Error::at(file, loc.line() + line_offset, loc.column(), message),
            None => Error::new(file, message),
        }
    }
}

/// serde_yaml appends " at line L column C" to its messages (the position
/// is reported separately), and quotes the offending value after "invalid
/// type: string" — which may be a secret from a file never meant as YAML.
/// Keep the reason, drop the contents.
pub fn yaml_message(message: &str) -> String {
    let first_line = message.lines().next().unwrap_or(message);
    let reason = match first_line.find(" at line ") {
        Some(i) => &first_line[..i],
        None => first_line,
    };
    redact_quoted_value(reason)
}

/// `invalid type: string "ghp_…", expected a map` → `invalid type: a
/// string, expected a map`.
fn redact_quoted_value(reason: &str) -> String {
    let Some(rest) = reason.strip_prefix("invalid type: ") else {
        return reason.to_string();
    };
    let Some((what, tail)) = rest.split_once(' ') else {
        return reason.to_string();
    };
    if !tail.starts_with(['"', '`', '\'']) && !tail.starts_with(|c: char| c.is_ascii_digit()) {
        return reason.to_string();
    }
    match tail.rfind(", expected ") {
        Some(i) => format!("invalid type: a {what}{}", &tail[i..]),
        None => format!("invalid type: a {what}"),
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{file}")?;
            if let Some(line) = self.line {
                write!(f, ":{line}")?;
                if let Some(column) = self.column {
                    write!(f, ":{column}")?;
                }
            }
            write!(f, ": ")?;
        }
        write!(f, "{}", self.message)
    }
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
    fn yaml_errors_never_quote_contents() {
        let secret = "ghp_0123456789abcdef";
        let err =
            serde_yaml::from_str::<std::collections::BTreeMap<String, String>>(secret).unwrap_err();
        let shown = Error::from_yaml("pitchlint.yaml", &err, 0).to_string();
        assert!(!shown.contains(secret), "{shown}");
        assert!(shown.contains("invalid type: a string"), "{shown}");
    }
}

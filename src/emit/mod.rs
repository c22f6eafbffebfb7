//! Printers: turn reports into text. They never touch the engine; each
//! takes plain report data and returns a string.

pub mod github;
pub mod i18n;
pub mod json;
pub mod pretty;
pub mod sarif;
pub mod stream;

/// Totals over a run, for summaries and exit codes.
pub use crate::report::Totals as Summary;

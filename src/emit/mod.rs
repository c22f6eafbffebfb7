//! Printers: turn reports into text. They never touch the engine; each
//! takes plain report data and returns a string.

pub mod github;
pub mod i18n;
pub mod json;
pub mod pretty;
pub mod sarif;

use crate::report::DocReport;
use crate::rules::Severity;

/// Totals over a run, for summaries and exit codes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub documents: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Summary {
    pub fn of(reports: &[DocReport]) -> Summary {
        let mut s = Summary {
            documents: reports.len(),
            ..Summary::default()
        };
        for r in reports {
            s.errors += r.count(Severity::Error);
            s.warnings += r.count(Severity::Warning);
            s.infos += r.count(Severity::Info);
        }
        s
    }
}

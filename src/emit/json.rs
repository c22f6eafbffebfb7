//! The JSON report (`pitchlint.report/1`), a contract users' scripts rely
//! on. The shapes are the report types' own `Serialize` (see
//! [`crate::report`]); this printer only lays them out.

use serde::Serialize;
use serde_json::Value;

use crate::report::{DocReport, RunReport};

pub use crate::report::SCHEMA;

/// The full report for a run, pretty-printed.
pub fn report(reports: &[DocReport]) -> String {
    let mut out =
        serde_json::to_string_pretty(&RunReport::new(reports)).expect("report serializes");
    out.push('\n');
    out
}

/// One document object on one line (JSON Lines, and the HTTP API's answer).
pub fn document_line(report: &DocReport) -> String {
    serde_json::to_string(report).expect("document serializes")
}

/// A batch result line: the record's id and line number, then the
/// document object.
pub fn record_line(id: &Value, line: usize, report: &DocReport, out: &mut Vec<u8>) {
    #[derive(Serialize)]
    struct Record<'a> {
        id: &'a Value,
        line: usize,
        #[serde(flatten)]
        document: &'a DocReport,
    }
    let record = Record {
        id,
        line,
        document: report,
    };
    serde_json::to_writer(out, &record).expect("record serializes");
}

/// A compact batch line: id and line number, then who the document is,
/// its scores and its first `fixes` fixes (`batch --format scores`).
pub fn score_line(id: &Value, line: usize, report: &DocReport, fixes: usize, out: &mut Vec<u8>) {
    #[derive(Serialize)]
    struct Record<'a, T: Serialize> {
        id: &'a Value,
        line: usize,
        #[serde(flatten)]
        scores: T,
    }
    let record = Record {
        id,
        line,
        scores: report.compact(fixes),
    };
    serde_json::to_writer(out, &record).expect("record serializes");
}

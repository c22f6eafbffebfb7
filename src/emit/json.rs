//! The JSON report (`pitchlint.report/1`), a contract users' scripts rely
//! on. The shapes are the report types' own `Serialize` (see
//! [`crate::report`]); this printer only lays them out.

use serde::Serialize;
use serde_json::Value;

use crate::report::DocReport;

pub use crate::report::SCHEMA;

/// The full report for a run, pretty-printed: the streaming printer over
/// every report (see [`super::stream`]).
pub fn report(reports: &[DocReport]) -> String {
    super::stream::render(super::stream::Json::default(), reports)
}

/// One document object on one line (JSON Lines, and the HTTP API's answer).
pub fn document_line(report: &DocReport) -> String {
    serde_json::to_string(report).expect("document serializes")
}

/// Where a result's record was: its line in a batch file, or its index in
/// an API request's `documents`.
#[derive(Debug, Clone, Copy, Serialize)]
pub enum Place {
    #[serde(rename = "line")]
    Line(usize),
    #[serde(rename = "index")]
    Index(usize),
}

/// A batch result: the record's id and place, then the document object.
pub fn record_line(id: &Value, place: Place, report: &DocReport, out: &mut Vec<u8>) {
    tagged(id, place, report, out);
}

/// A compact batch result: id and place, then who the document is, its
/// scores and its first `fixes` fixes (`batch --format scores`).
pub fn score_line(id: &Value, place: Place, report: &DocReport, fixes: usize, out: &mut Vec<u8>) {
    tagged(id, place, report.compact(fixes), out);
}

/// A record that could not be checked: id, place and the one-line reason.
pub fn error_line(id: &Value, place: Place, error: &str, out: &mut Vec<u8>) {
    tagged(id, place, Failure { error }, out);
}

/// The body of a record that could not be checked.
#[derive(Serialize)]
pub struct Failure<'a> {
    pub error: &'a str,
}

/// A batch result as one object: the record's id and place, then its body
/// (the document object, its compact form or a [`Failure`]).
#[derive(Serialize)]
pub struct Tagged<'a, T: Serialize> {
    pub id: &'a Value,
    #[serde(flatten)]
    pub place: Place,
    #[serde(flatten)]
    pub body: T,
}

fn tagged<T: Serialize>(id: &Value, place: Place, body: T, out: &mut Vec<u8>) {
    let tagged = Tagged { id, place, body };
    serde_json::to_writer(out, &tagged).expect("record serializes");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_line_is_the_document_object_on_one_line() {
        let engine = crate::Engine::builtin().unwrap();
        let report = engine
            .check_text("p.md", "Tiler in Leeds since 2012.\n\nCall me.", None)
            .unwrap();
        let line = document_line(&report);
        assert!(!line.contains('\n'), "{line}");
        let parsed: Value = serde_json::from_str(&line).unwrap();
        assert_eq!(parsed, serde_json::to_value(&report).unwrap());
        assert_eq!(parsed["path"], "p.md");
        assert_eq!(parsed["score"], report.scores.overall.unwrap());
    }
}

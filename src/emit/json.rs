//! The JSON report (`pitchlint.report/1`), a contract users' scripts rely on.

use indexmap::IndexMap;
use serde::Serialize;
use serde_json::Value;

use super::Summary;
use crate::report::DocReport;

pub const SCHEMA: &str = "pitchlint.report/1";

#[derive(Serialize)]
struct Report<'a> {
    schema: &'static str,
    tool: Tool,
    documents: Vec<Document<'a>>,
    summary: JsonSummary,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct Document<'a> {
    path: &'a str,
    kind: &'static str,
    lang: &'static str,
    score: Option<u8>,
    grade: Option<String>,
    dimensions: IndexMap<&'a str, Dimension>,
    findings: Vec<Finding<'a>>,
}

#[derive(Serialize)]
struct Dimension {
    score: Option<u8>,
    weight: Value,
    /// Present (and false) only for dimensions with nothing to judge.
    #[serde(skip_serializing_if = "is_true")]
    judged: bool,
}

#[derive(Serialize)]
struct Finding<'a> {
    rule: &'a str,
    mistake: u8,
    dimension: &'a str,
    severity: &'static str,
    message: &'a str,
    suggestion: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    span: Option<Span>,
    /// Portfolio findings: the item (1-based) and its photo path.
    #[serde(skip_serializing_if = "Option::is_none")]
    item: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    photo: Option<&'a str>,
}

#[derive(Serialize)]
struct Span {
    start: usize,
    end: usize,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
}

#[derive(Serialize)]
struct JsonSummary {
    documents: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
}

fn is_true(value: &bool) -> bool {
    *value
}

/// Whole numbers print without a fraction (`20`, not `20.0`).
fn number(value: f64) -> Value {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        Value::from(value as i64)
    } else {
        Value::from(value)
    }
}

fn document(report: &DocReport) -> Document<'_> {
    let dimensions = report
        .scores
        .dimensions
        .iter()
        .map(|d| {
            let dim = Dimension {
                score: d.score,
                weight: number(d.weight),
                judged: d.score.is_some(),
            };
            (d.name.as_str(), dim)
        })
        .collect();
    let findings = report
        .findings
        .iter()
        .map(|rf| {
            let f = &rf.finding;
            Finding {
                rule: &f.rule,
                mistake: f.mistake,
                dimension: &f.dimension,
                severity: f.severity.name(),
                message: &f.message,
                suggestion: &f.suggestion,
                item: f.item,
                photo: f
                    .item
                    .and_then(|i| report.photos.get(i - 1))
                    .map(String::as_str),
                span: rf.location.map(|l| Span {
                    start: l.start,
                    end: l.end,
                    line: l.line,
                    column: l.column,
                    end_line: l.end_line,
                    end_column: l.end_column,
                }),
            }
        })
        .collect();
    Document {
        path: &report.path,
        kind: report.kind.name(),
        lang: report.lang.code(),
        score: report.scores.overall,
        grade: report.scores.grade.map(String::from),
        dimensions,
        findings,
    }
}

/// The full report for a run, pretty-printed.
pub fn report(reports: &[DocReport]) -> String {
    let summary = Summary::of(reports);
    let report = Report {
        schema: SCHEMA,
        tool: Tool {
            name: "pitchlint",
            version: env!("CARGO_PKG_VERSION"),
        },
        documents: reports.iter().map(document).collect(),
        summary: JsonSummary {
            documents: summary.documents,
            errors: summary.errors,
            warnings: summary.warnings,
            infos: summary.infos,
        },
    };
    let mut out = serde_json::to_string_pretty(&report).expect("report serializes");
    out.push('\n');
    out
}

/// One document object on one line (JSON Lines, and the HTTP API's answer).
pub fn document_line(report: &DocReport) -> String {
    serde_json::to_string(&document(report)).expect("document serializes")
}

/// A batch result line: the record's id and line number, then the
/// document object.
pub fn record_line(id: &Value, line: usize, report: &DocReport, out: &mut Vec<u8>) {
    #[derive(Serialize)]
    struct Record<'a> {
        id: &'a Value,
        line: usize,
        #[serde(flatten)]
        document: Document<'a>,
    }
    let record = Record {
        id,
        line,
        document: document(report),
    };
    serde_json::to_writer(out, &record).expect("record serializes");
}

//! Reports: plain data for printers. Byte spans become 1-based lines and
//! character columns here, once.

use std::ops::Range;

use crate::input::{Document, Kind, Lang};
use crate::score::Scores;
use crate::types::{Finding, Notes, Severity};

/// A finding's place in the file. Columns count characters (Unicode scalar
/// values), 1-based; `end_column` is exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Location {
    pub start: usize,
    pub end: usize,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ReportedFinding {
    pub finding: Finding,
    pub location: Option<Location>,
}

#[derive(Debug, Clone)]
pub struct DocReport {
    pub path: String,
    pub kind: Kind,
    pub lang: Lang,
    pub scores: Scores,
    /// Sorted: severity (highest first), then position, then rule id.
    pub findings: Vec<ReportedFinding>,
    /// The document text, for printers that quote it.
    pub text: String,
    pub notes: Notes,
    /// Photo paths of a portfolio's items, in manifest order.
    pub photos: Vec<String>,
}

impl DocReport {
    pub fn new(
        doc: Document,
        scores: Scores,
        mut findings: Vec<Finding>,
        notes: Notes,
    ) -> DocReport {
        sort_findings(&mut findings);
        let lines = LineIndex::new(&doc.text);
        let findings = findings
            .into_iter()
            .map(|f| {
                let location = f.span.clone().map(|s| lines.locate(&doc.text, s));
                ReportedFinding {
                    finding: f,
                    location,
                }
            })
            .collect();
        let photos = doc.portfolio.as_ref().map_or_else(Vec::new, |p| {
            p.manifest.items.iter().map(|i| i.photo.clone()).collect()
        });
        DocReport {
            photos,
            path: doc.path,
            kind: doc.kind,
            lang: doc.lang,
            scores,
            findings,
            text: doc.text,
            notes,
        }
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.finding.severity == severity)
            .count()
    }

    pub fn worst(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.finding.severity).max()
    }
}

pub fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then_with(|| {
                a.span
                    .as_ref()
                    .map(|s| s.start)
                    .cmp(&b.span.as_ref().map(|s| s.start))
            })
            .then_with(|| a.rule.cmp(&b.rule))
            .then_with(|| {
                a.span
                    .as_ref()
                    .map(|s| s.end)
                    .cmp(&b.span.as_ref().map(|s| s.end))
            })
    });
}

/// Byte offsets of line starts, for offset → line/column.
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    /// 1-based line and character column of a byte offset.
    pub fn position(&self, text: &str, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts[line - 1];
        let column = text[start..offset].chars().count() + 1;
        (line, column)
    }

    pub fn locate(&self, text: &str, span: Range<usize>) -> Location {
        let (line, column) = self.position(text, span.start);
        let (end_line, end_column) = self.position(text, span.end);
        Location {
            start: span.start,
            end: span.end,
            line,
            column,
            end_line,
            end_column,
        }
    }

    /// The byte range of a 1-based line, without its line break.
    pub fn line_range(&self, text: &str, line: usize) -> Range<usize> {
        self.try_line_range(text, line)
            .unwrap_or(text.len()..text.len())
    }

    pub fn try_line_range(&self, text: &str, line: usize) -> Option<Range<usize>> {
        let start = *self.starts.get(line.checked_sub(1)?)?;
        let end = self.starts.get(line).map_or(text.len(), |&e| e - 1);
        let end = if text[start..end].ends_with('\r') {
            end - 1
        } else {
            end
        };
        Some(start..end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters() {
        let text = "Привет\nмир камня";
        let idx = LineIndex::new(text);
        let start = text.find("камня").unwrap();
        let loc = idx.locate(text, start..start + "камня".len());
        assert_eq!(
            (loc.line, loc.column, loc.end_line, loc.end_column),
            (2, 5, 2, 10)
        );
        assert_eq!(&text[idx.line_range(text, 1)], "Привет");
    }
}

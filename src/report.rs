//! Reports: plain data for printers. Byte spans become 1-based lines and
//! character columns here, once.

use std::ops::Range;

use serde::Serialize;

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
    /// The trades the document is about, best first, and its market.
    pub trades: Vec<Tag>,
    pub market: Option<Tag>,
}

/// A trade or market: its id and its name in the document's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    pub id: String,
    pub name: String,
}

impl DocReport {
    pub fn new(
        doc: Document,
        scores: Scores,
        mut findings: Vec<Finding>,
        notes: Notes,
        (trades, market): (Vec<Tag>, Option<Tag>),
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
            trades,
            market,
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

/// One item of "fix these first": a rule and what all its findings cost.
#[derive(Debug, Clone, PartialEq)]
pub struct Fix<'a> {
    pub rule: &'a str,
    pub severity: Severity,
    pub dimension: &'a str,
    /// Points lost across all the rule's findings.
    pub points: f64,
    /// How many findings the rule reported.
    pub count: usize,
    /// The matched words of repeated findings, in text order, each once.
    pub matches: Vec<String>,
    /// The first finding's advice.
    pub suggestion: &'a str,
}

/// Most matched words a fix lists.
const FIX_MATCHES: usize = 7;

impl DocReport {
    /// Rules that cost points, severity first, then by the points all their
    /// findings cost together: what to fix first. Repeats of one rule are
    /// one item.
    pub fn top_fixes(&self) -> Vec<Fix<'_>> {
        let mut fixes: Vec<Fix> = Vec::new();
        for rf in &self.findings {
            let f = &rf.finding;
            if f.penalty <= 0.0 {
                continue;
            }
            let i = match fixes.iter().position(|x| x.rule == f.rule) {
                Some(i) => i,
                None => {
                    fixes.push(Fix {
                        rule: &f.rule,
                        severity: f.severity,
                        dimension: &f.dimension,
                        points: 0.0,
                        count: 0,
                        matches: Vec::new(),
                        suggestion: &f.suggestion,
                    });
                    fixes.len() - 1
                }
            };
            let fix = &mut fixes[i];
            fix.points += f.penalty;
            fix.count += 1;
            // A portfolio item is named by its photo, not by its manifest line.
            let named = match f.item.and_then(|n| self.photos.get(n - 1)) {
                Some(photo) => Some(photo.clone()),
                None => f
                    .span
                    .as_ref()
                    .map(|span| crate::checks::quote(&self.text[span.clone()])),
            };
            if let Some(quoted) = named
                && !fix.matches.contains(&quoted)
                && fix.matches.len() < FIX_MATCHES
            {
                fix.matches.push(quoted);
            }
        }
        for fix in &mut fixes {
            if fix.count < 2 {
                fix.matches.clear();
            }
        }
        fixes.sort_by(|a, b| {
            b.severity
                .cmp(&a.severity)
                .then(b.points.total_cmp(&a.points))
                .then(a.rule.cmp(b.rule))
        });
        fixes
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

/// Bytes between character-count checkpoints: a column costs at most this
/// much scanning, however long the line (minified text, a 5 MB line of
/// phone numbers with a finding on each).
const CHECKPOINT: usize = 1024;

/// Byte offsets of line starts, and the number of characters before every
/// `CHECKPOINT`-th byte, for offset → line/column.
pub struct LineIndex {
    starts: Vec<usize>,
    chars_before: Vec<usize>,
}

/// UTF-8 bytes that start a character.
fn char_starts(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b & 0xC0 != 0x80).count()
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        let mut chars_before = Vec::with_capacity(text.len() / CHECKPOINT + 1);
        let mut count = 0;
        chars_before.push(0);
        for block in text.as_bytes().chunks(CHECKPOINT) {
            count += char_starts(block);
            chars_before.push(count);
        }
        LineIndex {
            starts,
            chars_before,
        }
    }

    /// Characters in `text[..offset]`, and how many bytes were scanned to
    /// count them (never more than `CHECKPOINT`).
    fn chars_to(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let block = offset / CHECKPOINT;
        let from = block * CHECKPOINT;
        let scanned = &text.as_bytes()[from..offset];
        (
            self.chars_before[block] + char_starts(scanned),
            scanned.len(),
        )
    }

    /// 1-based line and character column of a byte offset.
    pub fn position(&self, text: &str, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts[line - 1];
        let offset = offset.min(text.len());
        // Usual lines are short: count their characters directly; long
        // ones through the checkpoints, so no position costs more than a
        // bounded scan.
        let chars = if offset - start <= CHECKPOINT {
            char_starts(&text.as_bytes()[start..offset])
        } else {
            self.chars_to(text, offset).0 - self.chars_to(text, start).0
        };
        (line, chars + 1)
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

/// The JSON contract's schema name; a breaking change gets a new one.
pub const SCHEMA: &str = "pitchlint.report/1";

/// The report of a run: every document and the totals. Its JSON form is
/// the `pitchlint.report/1` contract (`docs/report.schema.json`).
#[derive(Debug, Serialize)]
pub struct RunReport<'a> {
    pub schema: &'static str,
    pub tool: Tool,
    pub documents: &'a [DocReport],
    pub summary: Totals,
}

#[derive(Debug, Serialize)]
pub struct Tool {
    pub name: &'static str,
    pub version: &'static str,
}

/// Findings by severity over a run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    pub documents: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Totals {
    pub fn of(documents: &[DocReport]) -> Totals {
        let mut totals = Totals::default();
        for r in documents {
            totals.add(r);
        }
        totals
    }

    /// Counts one more document.
    pub fn add(&mut self, r: &DocReport) {
        self.documents += 1;
        self.errors += r.count(Severity::Error);
        self.warnings += r.count(Severity::Warning);
        self.infos += r.count(Severity::Info);
    }
}

impl Tool {
    /// This build of pitchlint.
    pub fn this() -> Tool {
        Tool {
            name: "pitchlint",
            version: env!("CARGO_PKG_VERSION"),
        }
    }
}

impl<'a> RunReport<'a> {
    pub fn new(documents: &'a [DocReport]) -> RunReport<'a> {
        let summary = Totals::of(documents);
        RunReport {
            schema: SCHEMA,
            tool: Tool::this(),
            documents,
            summary,
        }
    }
}

/// A document's JSON form: path, kind, lang, score, grade, dimensions and
/// findings with their spans.
impl Serialize for DocReport {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        wire::document(self).serialize(serializer)
    }
}

impl DocReport {
    /// The compact form `batch --format scores` writes: who the document
    /// is, its scores and its first `fixes` fixes, without findings.
    pub fn compact(&self, fixes: usize) -> impl Serialize + '_ {
        wire::compact(self, fixes)
    }
}

/// The wire shapes, borrowed from a report for serialisation.
mod wire {
    use indexmap::IndexMap;
    use serde::Serialize;
    use serde_json::Value;

    use super::DocReport;

    /// What a document is and how it scored, first in every shape.
    #[derive(Serialize)]
    struct Identity<'a> {
        kind: &'static str,
        lang: &'static str,
        /// Trade ids, best first; empty when none was recognised.
        trades: Vec<&'a str>,
        market: Option<&'a str>,
        score: Option<u8>,
        grade: Option<String>,
    }

    #[derive(Serialize)]
    pub(super) struct Document<'a> {
        path: &'a str,
        #[serde(flatten)]
        identity: Identity<'a>,
        dimensions: IndexMap<&'a str, Dimension>,
        findings: Vec<Finding<'a>>,
        /// What to fix first: rules by severity, then points lost.
        top_fixes: Vec<Fix<'a>>,
        /// Findings left out per rule, past the per-rule cap.
        #[serde(skip_serializing_if = "IndexMap::is_empty")]
        omitted: IndexMap<&'a str, usize>,
        /// What the text picked up from its job post or review, and missed.
        #[serde(skip_serializing_if = "Option::is_none")]
        context: Option<ContextNotes<'a>>,
        /// A conversation log's response times.
        #[serde(skip_serializing_if = "Option::is_none")]
        response: Option<&'a crate::types::ResponseSummary>,
    }

    #[derive(Serialize)]
    struct ContextNotes<'a> {
        picked: &'a [String],
        missed: &'a [String],
    }

    #[derive(Serialize)]
    pub(super) struct Compact<'a> {
        #[serde(flatten)]
        identity: Identity<'a>,
        /// Each dimension's score; `null` when it was not judged.
        dimensions: IndexMap<&'a str, Option<u8>>,
        top_fixes: Vec<Fix<'a>>,
    }

    #[derive(Serialize)]
    struct Fix<'a> {
        rule: &'a str,
        severity: &'static str,
        dimension: &'a str,
        points: Value,
        count: usize,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        matches: Vec<String>,
        suggestion: &'a str,
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

    fn fixes(report: &DocReport, most: usize) -> Vec<Fix<'_>> {
        report
            .top_fixes()
            .into_iter()
            .take(most)
            .map(|f| Fix {
                rule: f.rule,
                severity: f.severity.name(),
                dimension: f.dimension,
                points: number(f.points.round()),
                count: f.count,
                matches: f.matches,
                suggestion: f.suggestion,
            })
            .collect()
    }

    fn identity(report: &DocReport) -> Identity<'_> {
        Identity {
            kind: report.kind.name(),
            lang: report.lang.code(),
            trades: report.trades.iter().map(|t| t.id.as_str()).collect(),
            market: report.market.as_ref().map(|m| m.id.as_str()),
            score: report.scores.overall,
            grade: report.scores.grade.map(String::from),
        }
    }

    pub(super) fn compact(report: &DocReport, most: usize) -> Compact<'_> {
        Compact {
            identity: identity(report),
            dimensions: report
                .scores
                .dimensions
                .iter()
                .map(|d| (d.name.as_str(), d.score))
                .collect(),
            top_fixes: fixes(report, most),
        }
    }

    pub(super) fn document(report: &DocReport) -> Document<'_> {
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
            identity: identity(report),
            dimensions,
            findings,
            top_fixes: fixes(report, usize::MAX),
            omitted: report
                .notes
                .omitted
                .iter()
                .map(|(rule, n)| (rule.as_str(), *n))
                .collect(),
            context: (!report.notes.picked.is_empty() || !report.notes.missed.is_empty()).then(
                || ContextNotes {
                    picked: &report.notes.picked,
                    missed: &report.notes.missed,
                },
            ),
            response: report.notes.response.as_ref(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checked(text: &str) -> DocReport {
        crate::Engine::builtin()
            .unwrap()
            .check_text("t.md", text, Some(Kind::Profile))
            .unwrap()
    }

    #[test]
    fn worst_is_the_highest_severity_found() {
        // An e-mail address is a policy error among warnings.
        let r = checked("Качественно и в срок. Пишите: master@example.com");
        assert_eq!(r.worst(), Some(Severity::Error));
        let r = checked("Качественно и в срок, разумные цены.");
        assert_eq!(r.worst(), Some(Severity::Warning));
        assert_eq!(r.count(Severity::Error), 0);
    }

    #[test]
    fn totals_add_up_every_document() {
        let with_error = checked("Качественно и в срок. Пишите: master@example.com");
        let clean = checked("Качественно и в срок, разумные цены.");
        let totals = Totals::of(&[with_error.clone(), clean.clone(), with_error.clone()]);
        assert_eq!(totals.documents, 3);
        assert_eq!(totals.errors, 2 * with_error.count(Severity::Error));
        assert_eq!(
            totals.warnings,
            2 * with_error.count(Severity::Warning) + clean.count(Severity::Warning)
        );
        assert_eq!(
            totals.infos,
            2 * with_error.count(Severity::Info) + clean.count(Severity::Info)
        );
        assert!(totals.errors > 0 && totals.warnings > 0 && totals.infos > 0);
    }

    #[test]
    fn a_fix_lists_at_most_seven_matches_each_once() {
        // Nine photos with one-word captions: each misses its duration.
        let items: String = (1..=9)
            .map(|n| format!("  - {{photo: sharp-{n}.png, caption: Столешница}}\n"))
            .collect();
        let options = crate::input::Options {
            kind: Some(Kind::Portfolio),
            lang: Some(Lang::Ru),
            ..Default::default()
        };
        let mut doc =
            crate::input::from_text("p.yaml", format!("lang: ru\nitems:\n{items}"), &options)
                .unwrap();
        if let Some(portfolio) = &mut doc.portfolio {
            portfolio.measure(&crate::portfolio::SampleSource);
        }
        let r = crate::Engine::builtin().unwrap().check(doc).unwrap();
        let fixes = r.top_fixes();
        let duration = fixes
            .iter()
            .find(|f| f.rule == "ru.portfolio.caption-duration")
            .expect("durations missing");
        assert_eq!(duration.count, 9, "{duration:?}");
        // Photos are named by their files, each once, seven at most.
        let expected: Vec<String> = (1..=7).map(|n| format!("sharp-{n}.png")).collect();
        assert_eq!(duration.matches, expected);
    }

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
        // Windows line ends are not part of the line.
        let crlf = "ab\r\ncd\r\n";
        let idx = LineIndex::new(crlf);
        assert_eq!(&crlf[idx.line_range(crlf, 1)], "ab");
        assert_eq!(&crlf[idx.line_range(crlf, 2)], "cd");
        assert_eq!(idx.try_line_range(crlf, 4), None);
    }

    #[test]
    fn columns_on_a_long_line_cost_a_bounded_scan() {
        // 300 000 phone numbers on one 5 MB line, with Cyrillic between.
        let unit = "+7 912 345-67-89 ё ";
        let text = unit.repeat(300_000);
        let idx = LineIndex::new(&text);
        let unit_chars = unit.chars().count();
        for k in [0, 1, 4_999, 150_000, 299_999] {
            let offset = k * unit.len();
            assert_eq!(idx.position(&text, offset), (1, k * unit_chars + 1));
            let after = offset + unit.find('ё').unwrap() + 'ё'.len_utf8();
            assert_eq!(idx.position(&text, after).1, k * unit_chars + 19);
        }
        for offset in (0..text.len()).step_by(7919) {
            assert!(idx.chars_to(&text, offset).1 < CHECKPOINT);
        }
        // A long line after another: its columns count from its own start.
        let text = format!("ab\n{}", "ё".repeat(3 * CHECKPOINT));
        let idx = LineIndex::new(&text);
        let offset = 3 + 2 * (2 * CHECKPOINT);
        assert_eq!(idx.position(&text, offset), (2, 2 * CHECKPOINT + 1));
        let with_lines = "ab\nвг\nд";
        let idx = LineIndex::new(with_lines);
        assert_eq!(idx.position(with_lines, with_lines.len()), (3, 2));
        assert_eq!(idx.position(with_lines, 5), (2, 2));
    }
}

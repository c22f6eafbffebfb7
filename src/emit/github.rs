//! GitHub Actions workflow commands: one `::error`/`::warning`/`::notice`
//! line per finding, shown inline on pull requests.

use super::Summary;
use crate::report::DocReport;
use crate::rules::Severity;

fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

/// Escaping for the message part: `%`, CR and LF.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escaping for property values: also `:` and `,`.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// Every annotation of a run, then the summary line (see
/// [`super::stream::Github`], which writes it document by document).
pub fn report(reports: &[DocReport]) -> String {
    super::stream::render(super::stream::Github::default(), reports)
}

/// One document's annotations, a line per finding.
pub fn annotations(report: &DocReport) -> String {
    let mut out = String::new();
    let file = escape_property(&report.path);
    for rf in &report.findings {
        let f = &rf.finding;
        let position = match rf.location {
            Some(l) => format!(
                ",line={},col={},endLine={},endColumn={}",
                l.line, l.column, l.end_line, l.end_column
            ),
            None => ",line=1".to_string(),
        };
        out.push_str(&format!(
            "::{} file={file}{position},title={}::{}\n",
            command(f.severity),
            escape_property(&f.rule),
            escape_data(&format!("{} — {}", f.message, f.suggestion)),
        ));
    }
    out
}

/// The closing line: totals and the mean score (`-` when none scored).
pub fn summary(s: &Summary, mean: Option<f64>) -> String {
    let mean = mean.map_or_else(|| String::from("-"), |m| format!("{m:.0}"));
    format!(
        "pitchlint: {} documents, {} errors, {} warnings, {} infos, mean score {mean}\n",
        s.documents, s.errors, s.warnings, s.infos
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_is_each_document_s_annotations_then_one_summary_line() {
        let engine = crate::Engine::builtin().unwrap();
        let reports: Vec<DocReport> = [
            "Качественно и в срок. Звоните!",
            "Tiler in Leeds since 2012.",
        ]
        .iter()
        .enumerate()
        .map(|(i, text)| {
            engine
                .check_text(&format!("p{i}.md"), text, Some(crate::input::Kind::Profile))
                .unwrap()
        })
        .collect();
        let out = report(&reports);
        let each: String = reports.iter().map(annotations).collect();
        assert!(each.starts_with("::"), "{each}");
        let rest = out.strip_prefix(&each).expect("the annotations come first");
        let scores: Vec<f64> = reports
            .iter()
            .map(|r| f64::from(r.scores.overall.unwrap()))
            .collect();
        let mean = scores.iter().sum::<f64>() / scores.len() as f64;
        assert_eq!(rest, summary(&Summary::of(&reports), Some(mean)));
        let findings: usize = reports.iter().map(|r| r.findings.len()).sum();
        assert_eq!(out.lines().count(), findings + 1);
    }

    #[test]
    fn escapes_as_github_requires() {
        assert_eq!(escape_data("50% off\r\nnow"), "50%25 off%0D%0Anow");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}

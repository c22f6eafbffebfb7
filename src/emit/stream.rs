//! Printers that write a run as its reports arrive, so a run of any size
//! holds only the reports in flight. Each format writes what opens the run,
//! then each document in input order, then what closes it; JSON and SARIF
//! stay single valid documents, laid out exactly as a whole-run printer
//! would lay them out.

use std::collections::HashMap;

use serde::Serialize;
use serde_json::Value;

use super::{Summary, github, pretty, sarif};
use crate::report::{DocReport, SCHEMA, Tool};
use crate::rules::RuleSet;

/// The output formats of `pitchlint check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum Format {
    Pretty,
    Json,
    Jsonl,
    Sarif,
    Github,
}

/// Writes one run, document by document.
pub trait RunPrinter {
    /// Writes one document's part of the output.
    fn document(&mut self, report: &DocReport, out: &mut Vec<u8>);
    /// Writes what closes the run (totals, closing brackets).
    fn finish(&mut self, out: &mut Vec<u8>);
}

/// The printer for `format`; SARIF lists the rules of `set`.
pub fn printer<'a>(
    format: Format,
    color: bool,
    set: &'a RuleSet,
) -> Box<dyn RunPrinter + Send + 'a> {
    match format {
        Format::Pretty => Box::new(Pretty { color, first: true }),
        Format::Json => Box::new(Json::default()),
        Format::Jsonl => Box::new(Jsonl),
        Format::Sarif => Box::new(Sarif::new(set)),
        Format::Github => Box::new(Github::default()),
    }
}

/// A whole run at once, through the same printer.
pub fn render(mut printer: impl RunPrinter, reports: &[DocReport]) -> String {
    let mut out = Vec::new();
    for report in reports {
        printer.document(report, &mut out);
    }
    printer.finish(&mut out);
    String::from_utf8(out).expect("printers write UTF-8")
}

/// Pretty-prints `value` with every line after the first indented by
/// `indent` spaces, as it sits inside an enclosing pretty document (JSON
/// strings hold no raw line breaks, so lines are safe to indent).
fn nested(value: &impl Serialize, indent: usize, out: &mut Vec<u8>) {
    let text = serde_json::to_string_pretty(value).expect("report serializes");
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push(b'\n');
            out.resize(out.len() + indent, b' ');
        }
        out.extend_from_slice(line.as_bytes());
    }
}

/// An array inside a pretty document, written one element at a time.
#[derive(Default)]
struct Items {
    count: usize,
}

impl Items {
    /// Opens the next element at `indent` spaces.
    fn next(&mut self, indent: usize, out: &mut Vec<u8>) {
        out.push(if self.count == 0 { b'\n' } else { b',' });
        if self.count > 0 {
            out.push(b'\n');
        }
        out.resize(out.len() + indent, b' ');
        self.count += 1;
    }

    /// Closes the array, whose brackets sit at `indent` spaces.
    fn close(&self, indent: usize, out: &mut Vec<u8>) {
        if self.count > 0 {
            out.push(b'\n');
            out.resize(out.len() + indent, b' ');
        }
        out.push(b']');
    }
}

/// The text report, a blank line between documents.
pub struct Pretty {
    color: bool,
    first: bool,
}

impl RunPrinter for Pretty {
    fn document(&mut self, report: &DocReport, out: &mut Vec<u8>) {
        if !self.first {
            out.push(b'\n');
        }
        self.first = false;
        out.extend_from_slice(pretty::render(report, self.color).as_bytes());
    }

    fn finish(&mut self, _out: &mut Vec<u8>) {}
}

/// `pitchlint.report/1`: schema and tool, the documents, then the totals.
#[derive(Default)]
pub struct Json {
    opened: bool,
    documents: Items,
    totals: Summary,
}

impl Json {
    fn open(&mut self, out: &mut Vec<u8>) {
        if self.opened {
            return;
        }
        self.opened = true;
        out.extend_from_slice(b"{\n  \"schema\": ");
        out.extend_from_slice(Value::from(SCHEMA).to_string().as_bytes());
        out.extend_from_slice(b",\n  \"tool\": ");
        nested(&Tool::this(), 2, out);
        out.extend_from_slice(b",\n  \"documents\": [");
    }
}

impl RunPrinter for Json {
    fn document(&mut self, report: &DocReport, out: &mut Vec<u8>) {
        self.open(out);
        self.documents.next(4, out);
        nested(report, 4, out);
        self.totals.add(report);
    }

    fn finish(&mut self, out: &mut Vec<u8>) {
        self.open(out);
        self.documents.close(2, out);
        out.extend_from_slice(b",\n  \"summary\": ");
        nested(&self.totals, 2, out);
        out.extend_from_slice(b"\n}\n");
    }
}

/// One document object per line.
pub struct Jsonl;

impl RunPrinter for Jsonl {
    fn document(&mut self, report: &DocReport, out: &mut Vec<u8>) {
        serde_json::to_writer(&mut *out, report).expect("document serializes");
        out.push(b'\n');
    }

    fn finish(&mut self, _out: &mut Vec<u8>) {}
}

/// SARIF 2.1.0: the log up to its `results` array (rules included), each
/// document's results, then the rest of the log.
pub struct Sarif<'a> {
    set: &'a RuleSet,
    rule_index: HashMap<&'a str, usize>,
    results: Items,
    opened: bool,
}

/// Where the results array sits in the pretty log.
const RESULTS: &str = "\"results\": []";
/// Indent of a result inside `runs[0].results`.
const RESULT_INDENT: usize = 8;

impl<'a> Sarif<'a> {
    pub fn new(set: &'a RuleSet) -> Sarif<'a> {
        Sarif {
            set,
            rule_index: sarif::rule_index(set),
            results: Items::default(),
            opened: false,
        }
    }

    /// The pretty log with an empty results array, split around it.
    fn frame(&self) -> (String, String) {
        let log = serde_json::to_string_pretty(&sarif::log(self.set)).expect("SARIF serializes");
        let at = log.find(RESULTS).expect("the log has a results array") + RESULTS.len() - 1;
        (log[..at].to_string(), log[at + 1..].to_string())
    }

    fn open(&mut self, out: &mut Vec<u8>) {
        if !self.opened {
            out.extend_from_slice(self.frame().0.as_bytes());
            self.opened = true;
        }
    }
}

impl RunPrinter for Sarif<'_> {
    fn document(&mut self, report: &DocReport, out: &mut Vec<u8>) {
        self.open(out);
        for result in sarif::results(report, &self.rule_index) {
            self.results.next(RESULT_INDENT, out);
            nested(&result, RESULT_INDENT, out);
        }
    }

    fn finish(&mut self, out: &mut Vec<u8>) {
        self.open(out);
        self.results.close(RESULT_INDENT - 2, out);
        out.extend_from_slice(self.frame().1.as_bytes());
        out.push(b'\n');
    }
}

/// GitHub workflow commands, then one summary line.
#[derive(Default)]
pub struct Github {
    totals: Summary,
    score_sum: u64,
    scored: u64,
}

impl RunPrinter for Github {
    fn document(&mut self, report: &DocReport, out: &mut Vec<u8>) {
        out.extend_from_slice(github::annotations(report).as_bytes());
        self.totals.add(report);
        if let Some(score) = report.scores.overall {
            self.score_sum += u64::from(score);
            self.scored += 1;
        }
    }

    fn finish(&mut self, out: &mut Vec<u8>) {
        let mean = (self.scored > 0).then(|| self.score_sum as f64 / self.scored as f64);
        out.extend_from_slice(github::summary(&self.totals, mean).as_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Engine;
    use crate::input::Kind;
    use crate::report::RunReport;

    fn reports(engine: &Engine) -> Vec<DocReport> {
        let texts = [
            "Качественно и в срок. Звоните!",
            "Tiler in Leeds since 2012. Bathrooms from £1,800; send a photo of the room.",
            "Плиточник, Казань. Укладка керамогранита от 900 ₽ за м².",
        ];
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| {
                engine
                    .check_text(&format!("p{i}.md"), t, Some(Kind::Profile))
                    .unwrap()
            })
            .collect()
    }

    #[test]
    fn streamed_text_is_each_report_with_one_blank_line_between() {
        let engine = Engine::builtin().unwrap();
        let reports = reports(&engine);
        let each: Vec<String> = reports.iter().map(|r| pretty::render(r, false)).collect();
        let printer = || Pretty {
            color: false,
            first: true,
        };
        assert_eq!(render(printer(), &reports), each.join("\n"));
        assert_eq!(render(printer(), &reports[..1]), each[0]);
        assert_eq!(render(printer(), &[]), "");
    }

    #[test]
    fn streamed_annotations_end_with_the_mean_of_the_scores() {
        let engine = Engine::builtin().unwrap();
        let reports = reports(&engine);
        let scores: Vec<f64> = reports
            .iter()
            .map(|r| f64::from(r.scores.overall.unwrap()))
            .collect();
        let mean = scores.iter().sum::<f64>() / scores.len() as f64;
        let streamed = render(Github::default(), &reports);
        let annotations: String = reports.iter().map(github::annotations).collect();
        let last = streamed.strip_prefix(&annotations).unwrap();
        assert!(
            last.starts_with("pitchlint: 3 documents,")
                && last.ends_with(&format!("mean score {mean:.0}\n")),
            "{last}"
        );
        assert!(render(Github::default(), &[]).ends_with("mean score -\n"));
    }

    #[test]
    fn streamed_json_is_the_run_report_byte_for_byte() {
        let engine = Engine::builtin().unwrap();
        for reports in [reports(&engine), Vec::new()] {
            let whole = serde_json::to_string_pretty(&RunReport::new(&reports)).unwrap() + "\n";
            assert_eq!(render(Json::default(), &reports), whole);
        }
    }

    #[test]
    fn streamed_sarif_is_the_whole_log_byte_for_byte() {
        let engine = Engine::builtin().unwrap();
        let set = engine.rule_set();
        let index = sarif::rule_index(set);
        for reports in [reports(&engine), Vec::new()] {
            let mut log = sarif::log(set);
            let results: Vec<Value> = reports
                .iter()
                .flat_map(|r| sarif::results(r, &index))
                .collect();
            log["runs"][0]["results"] = Value::from(results);
            let whole = serde_json::to_string_pretty(&log).unwrap() + "\n";
            assert_eq!(render(Sarif::new(set), &reports), whole);
        }
    }
}

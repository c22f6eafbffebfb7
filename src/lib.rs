//! pitchlint: a linter for contractors' marketplace texts — profiles, first
//! replies to job posts, answers to reviews, portfolios and conversation
//! logs. Data flows one way:
//!
//! `input` (bytes → Document) → `text` (blocks, words, stems) → `rules`
//! (compiled YAML checklists) → `checks` (findings) → `score` → `report` →
//! `emit` (pretty, JSON…).

pub mod batch;
pub mod checks;
pub mod cli;
pub mod config;
pub mod conversation;
pub mod emit;
pub mod error;
pub mod input;
pub mod portfolio;
pub mod report;
pub mod rules;
pub mod score;
pub mod serve;
pub mod suppress;
pub mod text;
pub mod walk;
pub mod yaml;

use std::collections::HashSet;

use checks::{Ctx, Finding, Judged, View, run_rule};
use error::{Error, Result};
use input::Document;
use report::{DocReport, Notes};
use rules::{Rule, RuleSet};

/// Lints one document with the rules for its kind and language.
pub fn check(set: &RuleSet, doc: Document) -> Result<DocReport> {
    let plan = set
        .plan(doc.kind, doc.lang)
        .ok_or_else(|| no_checklist(set, &doc))?;
    let log = parse_log(&doc)?;
    let run = run_rules(set, &doc, &plan.rules, log.as_ref());
    let judged = judged_dimensions(&run.judged);
    // Suppressed findings cost no points either: score what is reported.
    let findings = suppress::apply(&doc.text, doc.lang, run.findings);
    let scores = score::score(&plan.weights, &findings, &judged);
    let mut notes = run.notes;
    if let Some(log) = &log {
        notes.response = Some(report::ResponseSummary::of(log, &doc.clock));
    }
    Ok(DocReport::new(doc, scores, findings, notes))
}

/// Conversation logs are parsed before any rule runs: a log that cannot be
/// read is an input error, not a finding.
fn parse_log(doc: &Document) -> Result<Option<conversation::Log>> {
    if doc.kind != input::Kind::Conversation {
        return Ok(None);
    }
    conversation::parse_at(&doc.path, &doc.text, doc.body.clone(), &doc.clock).map(Some)
}

/// Findings of a run, how each dimension was judged, and notes for printers.
pub struct RunResult {
    pub findings: Vec<Finding>,
    pub judged: Vec<(String, Judged)>,
    pub notes: Notes,
}

/// Dimensions that some rule judged and none found impossible to judge.
pub fn judged_dimensions(judged: &[(String, Judged)]) -> HashSet<&str> {
    let impossible: HashSet<&str> = judged
        .iter()
        .filter(|(_, j)| *j == Judged::Impossible)
        .map(|(d, _)| d.as_str())
        .collect();
    judged
        .iter()
        .filter(|(d, j)| *j == Judged::Yes && !impossible.contains(d.as_str()))
        .map(|(d, _)| d.as_str())
        .collect()
}

/// Analyses a document (and its context) once and runs `rules` over it.
pub fn run_rules(
    set: &RuleSet,
    doc: &Document,
    rules: &[&Rule],
    log: Option<&conversation::Log>,
) -> RunResult {
    let pack = set.pack(doc.lang);
    let prefilter = set.prefilter(doc.lang);
    let analysis = text::analyze(&doc.text, doc.body.clone());
    let hits = pack.hits(&doc.text, &analysis);
    let context = doc.context.as_ref().map(|c| {
        let analysis = text::analyze(&c.text, 0..c.text.len());
        let hits = pack.hits(&c.text, &analysis);
        (c, analysis, hits)
    });
    let captions: Vec<(&str, text::Analysis, Vec<Vec<rules::Hit>>)> = doc
        .portfolio
        .iter()
        .flat_map(|p| &p.manifest.items)
        .map(|item| {
            let analysis = text::analyze(&item.caption, 0..item.caption.len());
            let hits = pack.hits(&item.caption, &analysis);
            (item.caption.as_str(), analysis, hits)
        })
        .collect();
    let ctx = Ctx {
        doc,
        pack,
        main: View::new(&doc.text, doc.body.clone(), &analysis, &hits, prefilter),
        context: context.as_ref().map(|(c, analysis, hits)| {
            View::new(&c.text, 0..c.text.len(), analysis, hits, prefilter)
        }),
        log,
        portfolio: doc.portfolio.as_ref(),
        captions: captions
            .iter()
            .map(|(text, analysis, hits)| View::new(text, 0..text.len(), analysis, hits, None))
            .collect(),
    };
    let mut run = RunResult {
        findings: Vec::new(),
        judged: Vec::new(),
        notes: Notes::default(),
    };
    for rule in rules {
        let outcome = run_rule(rule, &ctx);
        run.judged.push((rule.dimension.clone(), outcome.judged));
        run.findings.extend(outcome.findings);
        if !outcome.notes.picked.is_empty() || !outcome.notes.missed.is_empty() {
            run.notes = outcome.notes;
        }
    }
    run
}

/// Rule examples are judged as of this date, so freshness examples never
/// go stale.
pub const EXAMPLES_TODAY: jiff::civil::Date = jiff::civil::date(2026, 1, 15);

/// Walks every rule's own examples: each `bad` one must trigger the rule,
/// each `good` one must not. Returns one line per failure.
pub fn verify_examples(set: &RuleSet) -> Vec<String> {
    let mut failures = Vec::new();
    for rule in &set.rules {
        if rule.examples.bad.is_empty() || rule.examples.good.is_empty() {
            failures.push(format!(
                "{}: needs at least one bad and one good example",
                rule.id
            ));
        }
        let bad = rule.examples.bad.iter().map(|e| (e, true));
        let good = rule.examples.good.iter().map(|e| (e, false));
        for (example, is_bad) in bad.chain(good) {
            // Examples may carry front matter, e.g. the job post (`task:`).
            let options = input::Options {
                kind: Some(rule.kind.unwrap_or(input::Kind::Profile)),
                lang: Some(rule.lang),
                today: Some(EXAMPLES_TODAY),
                ..Default::default()
            };
            let path = format!("{} example", rule.id);
            let doc = match input::from_text(&path, example.clone(), &options) {
                Ok(mut doc) => {
                    // Portfolio examples name built-in sample photos.
                    if let Some(portfolio) = &mut doc.portfolio {
                        portfolio.measure(&portfolio::SampleSource);
                    }
                    doc
                }
                Err(e) => {
                    failures.push(format!(
                        "{} ({}): example does not load: {e}",
                        rule.id, rule.file
                    ));
                    continue;
                }
            };
            let log = match parse_log(&doc) {
                Ok(log) => log,
                Err(e) => {
                    failures.push(format!(
                        "{} ({}): example log does not parse: {e}",
                        rule.id, rule.file
                    ));
                    continue;
                }
            };
            let run = run_rules(set, &doc, &[rule], log.as_ref());
            let fired = run.findings.iter().any(|f| f.rule == rule.id);
            if fired != is_bad {
                let what = if is_bad {
                    "bad example did not trigger"
                } else {
                    "good example triggered"
                };
                failures.push(format!(
                    "{} ({}): {what}: {}",
                    rule.id,
                    rule.file,
                    short(example)
                ));
            }
        }
    }
    failures
}

fn short(text: &str) -> String {
    let line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match line.char_indices().nth(80) {
        Some((i, _)) => format!("{}…", &line[..i]),
        None => line,
    }
}

fn no_checklist(set: &RuleSet, doc: &Document) -> Error {
    let langs: Vec<&str> = set.langs_for(doc.kind).iter().map(|l| l.code()).collect();
    let message = if langs.is_empty() {
        let mut kinds: Vec<&str> = set
            .checklists
            .iter()
            .filter_map(|c| c.kind.map(input::Kind::name))
            .collect();
        kinds.sort();
        kinds.dedup();
        format!(
            "kind `{}` is not supported yet; checklists exist for: {}",
            doc.kind.name(),
            kinds.join(", ")
        )
    } else {
        format!(
            "no `{}` checklist for language `{}`; available: {}",
            doc.kind.name(),
            doc.lang.code(),
            langs.join(", ")
        )
    };
    Error::new(&doc.path, message)
}

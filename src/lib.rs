//! pitchlint: a linter for contractors' marketplace texts — profiles, first
//! replies to job posts, answers to reviews, portfolios and conversation
//! logs. Data flows one way:
//!
//! `input` (bytes → Document) → `text` (blocks, words, stems) → `rules`
//! (compiled YAML checklists) → `checks` (findings) → `score` → `report` →
//! `emit` (pretty, JSON…).

pub mod checks;
pub mod cli;
pub mod emit;
pub mod error;
pub mod input;
pub mod report;
pub mod rules;
pub mod score;
pub mod text;

use std::collections::HashSet;

use checks::{Ctx, run_rule};
use error::{Error, Result};
use input::Document;
use report::{DocReport, Notes};
use rules::RuleSet;

/// Lints one document with the rules for its kind and language.
pub fn check(set: &RuleSet, doc: Document) -> Result<DocReport> {
    let plan = set
        .plan(doc.kind, doc.lang)
        .ok_or_else(|| no_checklist(set, &doc))?;
    let analysis = text::analyze(&doc.text, doc.body.clone());
    let pack = set.pack(doc.lang);
    let hits = pack.hits(&doc.text, &analysis);
    let ctx = Ctx {
        doc: &doc,
        analysis: &analysis,
        pack,
        hits: &hits,
    };
    let mut findings = Vec::new();
    let mut judged = HashSet::new();
    for rule in &plan.rules {
        let outcome = run_rule(rule, &ctx);
        if outcome.judged {
            judged.insert(rule.dimension.as_str());
        }
        findings.extend(outcome.findings);
    }
    let scores = score::score(&plan.weights, &findings, &judged);
    Ok(DocReport::new(doc, scores, findings, Notes::default()))
}

fn no_checklist(set: &RuleSet, doc: &Document) -> Error {
    let langs: Vec<&str> = set.langs_for(doc.kind).iter().map(|l| l.code()).collect();
    let message = if langs.is_empty() {
        let mut kinds: Vec<&str> = set.checklists.iter().map(|c| c.kind.name()).collect();
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

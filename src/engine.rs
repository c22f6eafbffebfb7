//! The engine: rules compiled once from resolved settings, and the one
//! entry point every front end calls to lint a document.

use std::collections::HashSet;
use std::sync::Arc;

use crate::checks::kind::Nudge;
use crate::checks::{Check, Ctx, Judged, View, run_rule};
use crate::error::{Error, ErrorKind, Result};
use crate::input::{self, Context, Document, Kind, Lang};
use crate::report::{DocReport, Tag};
use crate::rules::trade::{self, Detected, Source, TradeBook};
use crate::rules::{Rule, RuleSet};
use crate::settings::Settings;
use crate::types::{Finding, Notes};
use crate::{conversation, portfolio, score, suppress, text};

/// Compiled rules plus the settings they were resolved with.
///
/// ```
/// use pitchlint::{Engine, Settings};
/// let engine = Engine::new(Settings::builtin()).unwrap();
/// let report = engine.check_text("profile.md", "Делаем всё.", Some(pitchlint::Kind::Profile)).unwrap();
/// assert!(report.scores.overall.unwrap() < 50);
/// ```
#[derive(Debug)]
pub struct Engine {
    rules: RuleSet,
    settings: Settings,
}

impl Engine {
    /// The rules of every language, with the settings' folders and config
    /// applied.
    pub fn new(settings: Settings) -> Result<Engine> {
        Engine::for_langs(settings, &Lang::ALL)
    }

    /// Only the rules of `langs` (a one-language run compiles half as much).
    pub fn for_langs(settings: Settings, langs: &[Lang]) -> Result<Engine> {
        let mut rules = crate::rules::load_for(&settings.rule_dirs, langs)?;
        settings.config.apply(&mut rules, langs)?;
        Ok(Engine { rules, settings })
    }

    /// Built-in rules, default settings.
    pub fn builtin() -> Result<Engine> {
        Engine::new(Settings::builtin())
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    pub fn rule_set(&self) -> &RuleSet {
        &self.rules
    }

    /// Every rule, in load order.
    pub fn rules(&self) -> &[Rule] {
        &self.rules.rules
    }

    /// The rule with this id, or a usage error naming the closest one.
    pub fn rule(&self, id: &str) -> Result<&Rule> {
        if let Some(rule) = self.rules.rule(id) {
            return Ok(rule);
        }
        let closest = self
            .rules
            .rules
            .iter()
            .map(|r| (strsim::levenshtein(&r.id, id), &r.id))
            .min()
            .filter(|(distance, _)| *distance <= id.len() / 3 + 2);
        let hint = match closest {
            Some((_, near)) => format!("; did you mean `{near}`?"),
            None => "; `pitchlint rules` lists them".to_string(),
        };
        Err(Error::usage(format!("no rule `{id}`{hint}")))
    }

    /// Reads a file (or `-` for standard input) as a document of `kind`
    /// (or the kind its header or extension says). A portfolio's photos
    /// are measured from the manifest's folder.
    pub fn read(
        &self,
        path: &str,
        kind: Option<Kind>,
        context: Option<Context>,
    ) -> Result<Document> {
        let mut doc = input::read(path, &self.settings.input_options(kind, context))?;
        if let Some(portfolio) = &mut doc.portfolio {
            portfolio.measure(&portfolio::FolderSource::for_manifest(path));
        }
        Ok(doc)
    }

    /// A document from text already in memory; `name` labels it.
    pub fn document(
        &self,
        name: &str,
        text: String,
        kind: Option<Kind>,
        context: Option<Context>,
    ) -> Result<Document> {
        input::from_text(name, text, &self.settings.input_options(kind, context))
    }

    /// Lints a document.
    pub fn check(&self, doc: Document) -> Result<DocReport> {
        check(&self.rules, doc)
    }

    /// Reads and lints text in one step.
    pub fn check_text(&self, name: &str, text: &str, kind: Option<Kind>) -> Result<DocReport> {
        self.check(self.document(name, text.to_string(), kind, None)?)
    }

    /// Runs every rule's own bad and good examples; one line per failure.
    pub fn verify_examples(&self) -> Vec<String> {
        verify_examples(&self.rules)
    }
}

/// Lints one document with the rules for its kind and language.
fn check(set: &RuleSet, doc: Document) -> Result<DocReport> {
    let plan = set
        .plan(doc.kind, doc.lang)
        .ok_or_else(|| no_checklist(set, &doc))?;
    let log = parse_log(&doc)?;
    let book = set.book(doc.lang);
    let stated = stated_subject(book, &doc)?;
    let run = run_rules(set, &doc, &plan.rules, log.as_ref(), &stated);
    let judged = judged_dimensions(&run.judged);
    // Suppressed findings cost no points either: score what is reported.
    let findings = suppress::apply(&doc.text, doc.lang, run.findings);
    let mut weights = plan.weights;
    if let Some(weight) = weights.get_mut(MATERIALS) {
        *weight *= book.materials_weight(&run.detected);
    }
    let scores = score::score(&weights, &findings, &judged);
    let mut notes = run.notes;
    if let Some(log) = &log {
        notes.response = Some(crate::conversation::summary(log, &doc.clock));
    }
    let about = tags(book, &run.detected);
    Ok(DocReport::new(doc, scores, findings, notes, about))
}

/// The dimension whose weight follows the trade (`materials_weight`).
const MATERIALS: &str = "materials";

/// Trades and market stated for a document, as indices into its book; an
/// unknown id is the document's error.
fn stated_subject(book: &TradeBook, doc: &Document) -> Result<Stated> {
    let unknown = |what: &str, id: &str, known: Vec<&str>| {
        Error::new(
            &doc.path,
            format!(
                "unknown {what} `{}`; known: {}",
                input::excerpt(id),
                known.join(", ")
            ),
        )
        .with_kind(ErrorKind::Usage)
    };
    let trades = match &doc.subject.trades {
        None => None,
        Some(ids) => Some(
            ids.iter()
                .map(|id| {
                    book.trade(id)
                        .filter(|_| id != trade::GENERAL)
                        .ok_or_else(|| unknown("trade", id, book.trade_ids()))
                })
                .collect::<Result<Vec<usize>>>()?,
        ),
    };
    // `any` states that the market is unknown: advice names none.
    let market = match doc.subject.market.as_deref() {
        None => None,
        Some(trade::ANY_MARKET) => Some(None),
        Some(id) => Some(Some(
            book.market(id)
                .ok_or_else(|| unknown("market", id, book.market_ids()))?,
        )),
    };
    Ok(Stated { trades, market })
}

/// What the caller stated about a document; `None` is detected.
#[derive(Debug, Default)]
struct Stated {
    trades: Option<Vec<usize>>,
    /// `Some(None)`: stated unknown.
    market: Option<Option<usize>>,
}

/// The detected trades and market as the report names them.
fn tags(book: &TradeBook, detected: &Detected) -> (Vec<Tag>, Option<Tag>) {
    let trades = detected
        .trades
        .iter()
        .map(|&i| Tag {
            id: book.trades[i].id.clone(),
            name: book.trades[i].name.clone(),
        })
        .collect();
    let market = detected.market.map(|i| Tag {
        id: book.markets[i].id.clone(),
        name: book.markets[i].name.clone(),
    });
    (trades, market)
}

/// Detects what the document (and its job post or review) is about,
/// unless stated.
fn detect(book: &TradeBook, sources: &[Source], stated: &Stated) -> Detected {
    let (trades, claimed) = book.detect_trades(sources);
    Detected {
        trades: stated.trades.clone().unwrap_or(trades),
        claimed,
        market: stated.market.unwrap_or_else(|| book.detect_market(sources)),
    }
}

/// Conversation logs are parsed before any rule runs: a log that cannot be
/// read is an input error, not a finding.
fn parse_log(doc: &Document) -> Result<Option<conversation::Log>> {
    if doc.kind != input::Kind::Conversation {
        return Ok(None);
    }
    conversation::parse_at(&doc.path, &doc.text, doc.body.clone(), &doc.clock).map(Some)
}

/// Findings of a run, how each dimension was judged, notes for printers,
/// and what the document was found to be about.
struct RunResult {
    findings: Vec<Finding>,
    judged: Vec<(String, Judged)>,
    notes: Notes,
    detected: Detected,
}

/// Dimensions that some rule judged and none found impossible to judge.
fn judged_dimensions(judged: &[(String, Judged)]) -> HashSet<&str> {
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
fn run_rules(
    set: &RuleSet,
    doc: &Document,
    rules: &[&Rule],
    log: Option<&conversation::Log>,
    stated: &Stated,
) -> RunResult {
    let pack = set.pack(doc.lang);
    let prefilter = set.prefilter(doc.lang, doc.kind);
    let analysis = text::analyze(&doc.text, doc.body.clone());
    let hits = pack.hits(&doc.text, &analysis);
    let context = doc.context.as_ref().map(|c| {
        let analysis = text::analyze(&c.text, 0..c.text.len());
        let hits = pack.hits(&c.text, &analysis);
        (c, analysis, hits)
    });
    let captions: Vec<(&str, text::Analysis, Vec<Vec<crate::rules::Hit>>)> = doc
        .portfolio
        .iter()
        .flat_map(|p| &p.manifest.items)
        .map(|item| {
            let analysis = text::analyze(&item.caption, 0..item.caption.len());
            let hits = pack.hits(&item.caption, &analysis);
            (item.caption.as_str(), analysis, hits)
        })
        .collect();
    let book = set.book(doc.lang);
    let mut sources = vec![Source {
        hits: &hits,
        body: doc.body_text(),
    }];
    if let Some((c, _, hits)) = &context {
        sources.push(Source {
            hits,
            body: &c.text,
        });
    }
    let detected = detect(book, &sources, stated);
    let roles = book.roles(&detected);
    let advice = book.advice(&detected);
    let ctx = Ctx {
        doc,
        pack,
        main: View::new(&doc.text, doc.body.clone(), &analysis, &hits, prefilter)
            .with_roles(&roles),
        context: context.as_ref().map(|(c, analysis, hits)| {
            View::new(&c.text, 0..c.text.len(), analysis, hits, prefilter)
                .with_rating(c.rating)
                .with_roles(&roles)
        }),
        log,
        portfolio: doc.portfolio.as_ref(),
        captions: captions
            .iter()
            .map(|(text, analysis, hits)| {
                View::new(text, 0..text.len(), analysis, hits, None).with_roles(&roles)
            })
            .collect(),
        book,
        detected: &detected,
        advice: &advice,
    };
    let mut run = RunResult {
        findings: Vec::new(),
        judged: Vec::new(),
        notes: Notes::default(),
        detected: Detected::default(),
    };
    for rule in rules {
        let outcome = run_rule(rule, &ctx);
        run.judged.push((rule.dimension.clone(), outcome.judged));
        run.findings.extend(outcome.findings);
        run.notes.merge(outcome.notes);
    }
    drop(ctx);
    run.detected = detected;
    run
}

/// Rule examples are judged as of this date, so freshness examples never
/// go stale.
pub const EXAMPLES_TODAY: jiff::civil::Date = jiff::civil::date(2026, 1, 15);

/// Walks every rule's own examples: each `bad` one must trigger the rule,
/// each `good` one must not. Returns one line per failure.
fn verify_examples(set: &RuleSet) -> Vec<String> {
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
            match example_fires(set, rule, example) {
                Err(e) => failures.push(e),
                Ok(fired) if fired != is_bad => {
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
                Ok(_) => {}
            }
        }
        failures.extend(verify_edges(set, rule));
    }
    failures
}

/// A rule with a threshold needs a good example exactly at it (one step
/// stricter flags it) and a bad one just past it (one step looser passes
/// it); otherwise an off-by-one in the threshold would go unnoticed.
fn verify_edges(set: &RuleSet, rule: &Rule) -> Vec<String> {
    let (Some(stricter), Some(looser)) = (
        rule.check.nudged(Nudge::Stricter),
        rule.check.nudged(Nudge::Looser),
    ) else {
        return Vec::new();
    };
    let fires_with = |check: &Arc<dyn Check>, example: &String| {
        let nudged = Rule {
            check: check.clone(),
            ..rule.clone()
        };
        example_fires(set, &nudged, example).unwrap_or(false)
    };
    let mut failures = Vec::new();
    if !rule.examples.good.iter().any(|e| fires_with(&stricter, e)) {
        failures.push(format!(
            "{} ({}): no good example sits exactly at the threshold (one step stricter flags none)",
            rule.id, rule.file
        ));
    }
    if rule.examples.bad.iter().all(|e| fires_with(&looser, e)) {
        failures.push(format!(
            "{} ({}): no bad example sits just past the threshold (one step looser still flags all)",
            rule.id, rule.file
        ));
    }
    failures
}

/// Whether `rule` reports a finding on `example`, or why the example cannot
/// be checked.
fn example_fires(set: &RuleSet, rule: &Rule, example: &str) -> std::result::Result<bool, String> {
    // Examples may carry front matter, e.g. the job post (`task:`).
    let options = input::Options {
        kind: Some(rule.kind.unwrap_or(input::Kind::Profile)),
        lang: Some(rule.lang),
        today: Some(EXAMPLES_TODAY),
        ..Default::default()
    };
    let path = format!("{} example", rule.id);
    let mut doc = input::from_text(&path, example.to_string(), &options)
        .map_err(|e| format!("{} ({}): example does not load: {e}", rule.id, rule.file))?;
    // Portfolio examples name built-in sample photos.
    if let Some(portfolio) = &mut doc.portfolio {
        portfolio.measure(&portfolio::SampleSource);
    }
    let log = parse_log(&doc).map_err(|e| {
        format!(
            "{} ({}): example log does not parse: {e}",
            rule.id, rule.file
        )
    })?;
    let stated = stated_subject(set.book(doc.lang), &doc)
        .map_err(|e| format!("{} ({}): {e}", rule.id, rule.file))?;
    let run = run_rules(set, &doc, &[rule], log.as_ref(), &stated);
    Ok(run.findings.iter().any(|f| f.rule == rule.id))
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
    Error::new(&doc.path, message).with_kind(ErrorKind::Usage)
}

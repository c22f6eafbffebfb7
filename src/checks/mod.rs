//! Checks: run compiled rules over an analysed document. Pure functions of
//! their inputs; no I/O. One module per check kind.

pub mod kind;

// Adding a check kind: one module in this folder, its `mod` line and one
// line in the registry. (Plain `mod` lines keep the modules visible to tools
// that read the module tree without expanding macros.)
mod breadth;
mod context;
mod coverage;
pub(crate) mod cues;
mod echo;
mod field;
mod gallery;
mod metric;
mod pattern;
mod photo;
mod phrases;
mod position;
mod questions;
mod response;
mod structure;

/// Every check kind, by its `check:` name.
pub const REGISTRY: &[kind::Entry] = &[
    kind::entry::<phrases::Phrases>(),
    kind::entry::<pattern::PatternCheck>(),
    kind::entry::<coverage::Coverage>(),
    kind::entry::<metric::MetricCheck>(),
    kind::entry::<structure::Structure>(),
    kind::entry::<position::Position>(),
    kind::entry::<echo::Echo>(),
    kind::entry::<context::ContextCheck>(),
    kind::entry::<field::Field>(),
    kind::entry::<response::Response>(),
    kind::entry::<gallery::Gallery>(),
    kind::entry::<photo::PhotoCheck>(),
    kind::entry::<questions::Questions>(),
    kind::entry::<breadth::Breadth>(),
    kind::entry::<cues::Cues>(),
];

use std::cell::{OnceCell, RefCell};
use std::ops::Range;
use std::rc::Rc;

use rustc_hash::FxHashMap;

use regex::SetMatches;

use crate::input::Document;
use crate::rules::raw::{SentenceAt, SentenceForm};
use crate::rules::trade::{Detected, RoleLexicons, TradeBook};
use crate::rules::{Hit, LexiconPack, Matcher, Pattern, Prefilter, Rule, SentenceFilter};
use crate::text::{Analysis, Features, Sentences, Tags};
use crate::types::{Finding, Notes};

pub use kind::Check;

/// Findings one rule may report on one document; past it the report says
/// how many more there were. Keeps answers proportional to the request.
pub const MAX_FINDINGS_PER_RULE: usize = 25;

/// Byte spans of a pattern's matches, shared between the rules using it.
pub type Spans = Rc<[Range<usize>]>;

/// One analysed text: the document itself or its context (job post, review).
pub struct View<'a> {
    pub text: &'a str,
    /// The part of `text` that is prose (after front matter).
    pub body: Range<usize>,
    pub analysis: &'a Analysis,
    /// Hits per lexicon of the document's language.
    pub hits: &'a [Vec<Hit>],
    prefilter: Option<&'a Prefilter>,
    /// What the prefilter found in the body, scanned on first use.
    prefiltered: OnceCell<Option<SetMatches>>,
    pattern_memo: RefCell<FxHashMap<Box<str>, Spans>>,
    /// Sentence forms and features, computed on first use.
    sentences: OnceCell<Sentences>,
    /// Every cue (`cues::each_cue`) as (sentence, hash), computed on first
    /// use and shared by every `cues` rule.
    cues: OnceCell<Vec<(usize, u64)>>,
    /// A review's star rating, when given.
    pub rating: Option<u8>,
    /// What `trade.*` and `market.*` lexicons stand for in this document.
    roles: Option<&'a RoleLexicons>,
}

impl<'a> View<'a> {
    pub fn new(
        text: &'a str,
        body: Range<usize>,
        analysis: &'a Analysis,
        hits: &'a [Vec<Hit>],
        prefilter: Option<&'a Prefilter>,
    ) -> Self {
        View {
            text,
            body,
            analysis,
            hits,
            prefilter,
            prefiltered: OnceCell::new(),
            pattern_memo: RefCell::default(),
            sentences: OnceCell::new(),
            cues: OnceCell::new(),
            rating: None,
            roles: None,
        }
    }

    /// The same view, with role lexicons resolved for its document.
    pub fn with_roles(mut self, roles: &'a RoleLexicons) -> Self {
        self.roles = Some(roles);
        self
    }

    /// The same view, for a review with this star rating.
    pub fn with_rating(mut self, rating: Option<u8>) -> Self {
        self.rating = rating;
        self
    }

    /// Every sentence with its form and features.
    pub fn sentences(&self) -> &Sentences {
        self.sentences
            .get_or_init(|| crate::text::sentences(self.text, self.analysis))
    }

    pub fn cues(&self) -> &[(usize, u64)] {
        self.cues.get_or_init(|| {
            let mut out = Vec::new();
            cues::each_cue(self.text, self.analysis, self.sentences(), |i, parts| {
                out.push((i, cues::cue_hash(parts)));
            });
            out
        })
    }

    /// False only when the prefilter has seen that `pattern` cannot match.
    fn may_match(&self, pattern: &Pattern) -> bool {
        let Some(prefilter) = self.prefilter else {
            return true;
        };
        let Some(position) = prefilter.position(pattern) else {
            return true;
        };
        let found = self
            .prefiltered
            .get_or_init(|| prefilter.scan(&self.text[self.body.clone()]));
        found.as_ref().is_none_or(|m| m.matched(position))
    }
}

impl View<'_> {
    /// Every match of a matcher: lexicon hits, regex matches and sentences
    /// of the wanted shape, as byte spans with a concept key (distinct
    /// entries count separately). A star rating may settle it first.
    pub fn matches(&self, matcher: &Matcher) -> Vec<Match> {
        if let (Some(rule), Some(rating)) = (matcher.rating, self.rating) {
            match rule.decide(rating) {
                Some(true) => {
                    return vec![Match {
                        span: self.body.start..self.body.start,
                        concept: Concept::Rating,
                    }];
                }
                Some(false) => return Vec::new(),
                None => {}
            }
        }
        let mut out = Vec::new();
        self.collect(matcher, &mut 0, &mut out);
        out.sort_by_key(|m| (m.span.start, m.span.end));
        out
    }

    /// Adds a matcher's matches (and its alternatives') to `out`;
    /// `patterns` numbers pattern concepts across alternatives.
    fn collect(&self, matcher: &Matcher, patterns: &mut usize, out: &mut Vec<Match>) {
        let first = out.len();
        for &lex in &matcher.lexicons {
            for hit in &self.hits[lex] {
                out.push(Match {
                    span: self.analysis.token_span(&hit.tokens),
                    concept: Concept::Entry(lex, hit.entry),
                });
            }
        }
        self.collect_roles(matcher, first, out);
        for pattern in &matcher.patterns {
            for span in self.pattern_spans(pattern).iter() {
                out.push(Match {
                    span: span.clone(),
                    concept: Concept::Pattern(*patterns),
                });
            }
            *patterns += 1;
        }
        if let Some(filter) = &matcher.sentence {
            let sentences = self.sentences();
            let excluded = self.holding(filter.without.as_ref());
            let included = filter.with.as_ref().map(|m| self.holding(Some(m)));
            let fits = |i: usize, conditional: Option<bool>| {
                included.as_ref().is_none_or(|inc| inc.contains(&i))
                    && filter_accepts(filter, sentences, i, &excluded, conditional)
            };
            if matcher.has_terms() {
                let mut kept = first;
                for k in first..out.len() {
                    let span = out[k].span.clone();
                    let token = self.token_at(span.start);
                    // A phrase with its own negation («так и не», "never
                    // came") says what it says; only a negation outside it
                    // turns it around, and that one reaches its first word,
                    // or its last from behind («все виды работ не беру»).
                    let last = self.token_at(span.end).saturating_sub(1).max(token);
                    let negated = (sentences.negated(token) || sentences.negated(last))
                        && !self.holds_negation(&span);
                    let conditional = Some(sentences.conditional(token));
                    let at = sentences.at(span.start);
                    let ok = at.is_some_and(|i| fits(i, conditional))
                        && filter.negated.is_none_or(|want| want == negated)
                        && filter.opens.is_none_or(|want| {
                            at.is_some_and(|i| want == self.opens(sentences, i, token))
                        });
                    if ok {
                        out.swap(kept, k);
                        kept += 1;
                    }
                }
                out.truncate(kept);
            } else {
                for (i, sentence) in sentences.list.iter().enumerate() {
                    let negated = sentence.features.contains(Features::NEGATION);
                    if fits(i, None) && filter.negated.is_none_or(|want| want == negated) {
                        out.push(Match {
                            span: sentence.span.clone(),
                            concept: Concept::Sentence(i),
                        });
                    }
                }
            }
        }
        for alternative in &matcher.any {
            self.collect(alternative, patterns, out);
        }
    }

    /// Hits of role lexicons; a span already matched (by another trade's
    /// list or a named lexicon) counts once.
    fn collect_roles(&self, matcher: &Matcher, first: usize, out: &mut Vec<Match>) {
        let Some(roles) = self.roles else { return };
        for &role in &matcher.roles {
            for &lex in roles.get(role) {
                for hit in &self.hits[lex] {
                    let span = self.analysis.token_span(&hit.tokens);
                    if !out[first..].iter().any(|m| m.span == span) {
                        out.push(Match {
                            span,
                            concept: Concept::Entry(lex, hit.entry),
                        });
                    }
                }
            }
        }
    }

    /// Sentences holding a match of `matcher` (a filter's `with` or
    /// `without`).
    fn holding(&self, matcher: Option<&Matcher>) -> Vec<usize> {
        let Some(matcher) = matcher else {
            return Vec::new();
        };
        let sentences = self.sentences();
        let mut found: Vec<usize> = self
            .matches(matcher)
            .iter()
            .filter_map(|m| sentences.at(m.span.start))
            .collect();
        found.dedup();
        found
    }

    /// Non-empty matches of a pattern in the body, as document spans.
    /// Memoised: rules share patterns (a price figure gates several rules).
    pub fn pattern_spans(&self, pattern: &Pattern) -> Spans {
        if let Some(spans) = self.pattern_memo.borrow().get(pattern.as_str()) {
            return spans.clone();
        }
        if !self.may_match(pattern) {
            return Rc::new([]);
        }
        let base = self.body.start;
        let spans: Spans = pattern
            .regex()
            .find_iter(&self.text[self.body.clone()])
            .filter(|m| !m.is_empty())
            .map(|m| base + m.start()..base + m.end())
            .collect();
        self.pattern_memo
            .borrow_mut()
            .insert(pattern.as_str().into(), spans.clone());
        spans
    }

    /// Index of the first token that starts at or after `offset`.
    pub fn token_at(&self, offset: usize) -> usize {
        self.analysis.tokens.partition_point(|t| t.start < offset)
    }

    /// Whether the match starting at `token` opens sentence `i`: only
    /// greetings, particles, pronouns and verbs of asking come before it.
    fn opens(&self, sentences: &Sentences, i: usize, token: usize) -> bool {
        let first = sentences.list[i].tokens.start;
        self.analysis.tokens[first..token.max(first)]
            .iter()
            .all(|t| {
                !t.word.is_content() || t.word.tags.intersects(Tags::IMPERATIVE.union(Tags::PLEASE))
            })
    }

    /// Whether a negation word lies inside `span`.
    fn holds_negation(&self, span: &Range<usize>) -> bool {
        let tokens = &self.analysis.tokens;
        tokens[self.token_at(span.start)..self.token_at(span.end)]
            .iter()
            .any(|t| t.word.tags.contains(Tags::NEGATION))
    }
}

/// Everything a check may read about one document.
pub struct Ctx<'a> {
    pub doc: &'a Document,
    pub pack: &'a LexiconPack,
    pub main: View<'a>,
    /// The job post or review the document answers, when given.
    pub context: Option<View<'a>>,
    /// The parsed log, for conversation documents.
    pub log: Option<&'a crate::conversation::Log>,
    /// A portfolio's manifest and photos, and a view of each item's caption.
    pub portfolio: Option<&'a crate::portfolio::Portfolio>,
    pub captions: Vec<View<'a>>,
    /// The document language's trades and markets, and which were detected.
    pub book: &'a TradeBook,
    pub detected: &'a Detected,
    /// Values of the `{trade.*}` and `{market.*}` placeholders.
    pub advice: &'a [(&'static str, String)],
}

impl Ctx<'_> {
    pub fn text(&self) -> &str {
        self.main.text
    }

    pub fn matches(&self, matcher: &Matcher) -> Vec<Match> {
        self.main.matches(matcher)
    }

    pub fn token_at(&self, offset: usize) -> usize {
        self.main.token_at(offset)
    }

    pub fn analysis(&self) -> &Analysis {
        self.main.analysis
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Concept {
    Entry(usize, usize),
    Pattern(usize),
    /// A whole sentence of the wanted shape, by index.
    Sentence(usize),
    /// A star rating that settled the matcher.
    Rating,
}

/// Whether sentence `i` has the filter's form, features and position. For a
/// word or phrase, `conditional` says whether a condition governs it, which
/// then stands for the sentence's own condition feature.
fn filter_accepts(
    filter: &SentenceFilter,
    sentences: &Sentences,
    i: usize,
    excluded: &[usize],
    conditional: Option<bool>,
) -> bool {
    let mut features = sentences.list[i].features;
    if let Some(conditional) = conditional {
        features.set(Features::CONDITION, conditional);
    }
    let form_ok = filter.forms.is_empty()
        || filter.forms.iter().any(|form| match form {
            SentenceForm::Question => features.contains(Features::QUESTION),
            SentenceForm::Request => features.contains(Features::REQUEST),
            SentenceForm::Statement => {
                !features.intersects(Features::QUESTION.union(Features::REQUEST))
            }
        });
    let n = sentences.list.len();
    // The last (or first) two sentences, or a third of a long text.
    let reach = n.min(2).max(n / 3);
    let at_ok = match filter.at {
        None => true,
        Some(SentenceAt::Start) => i < reach,
        Some(SentenceAt::End) => i + reach >= n,
    };
    form_ok
        && features.contains(filter.has)
        && !features.intersects(filter.lacks)
        && at_ok
        && !excluded.contains(&i)
}

#[derive(Debug, Clone)]
pub struct Match {
    pub span: Range<usize>,
    pub concept: Concept,
}

/// Whether a rule judged its dimension. A dimension is judged when some
/// rule judged it and none found it impossible to judge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Judged {
    Yes,
    /// The rule did not apply (e.g. remedy rules under a positive review).
    Skipped,
    /// The dimension cannot be judged: the context it needs is missing.
    Impossible,
}

/// What running one rule produced.
#[derive(Debug)]
pub struct Outcome {
    pub findings: Vec<Finding>,
    pub judged: Judged,
    /// What an `echo` check saw picked up from the context and missed.
    pub notes: Notes,
}

/// Runs one rule. Rules whose `unless` matches (or whose `only_if` does
/// not) are skipped but still count as judged: the document answered the
/// question another way.
pub fn run_rule(rule: &Rule, ctx: &Ctx) -> Outcome {
    let mut emit = Emitter::new(rule, ctx.advice);
    let trigger = rule.only_if.as_ref().map(|m| ctx.matches(m));
    let judged = if !context_allows(rule, ctx) {
        if ctx.context.is_some() {
            Judged::Skipped
        } else {
            Judged::Impossible
        }
    } else if rule
        .unless
        .as_ref()
        .is_some_and(|m| !ctx.matches(m).is_empty())
        || trigger.as_ref().is_some_and(|found| found.is_empty())
    {
        Judged::Yes
    } else {
        if let Some(first) = trigger.as_ref().and_then(|found| found.first()) {
            emit.trigger = Some(quote(&ctx.text()[first.span.clone()]));
        }
        rule.check.run(ctx, &mut emit)
    };
    emit.finish(judged)
}

/// Rules with `context_if` / `context_unless` run only when the context
/// (e.g. the review) says so; without a context they cannot be judged.
fn context_allows(rule: &Rule, ctx: &Ctx) -> bool {
    if rule.context_if.is_none() && rule.context_unless.is_none() {
        return true;
    }
    let Some(context) = &ctx.context else {
        return false;
    };
    let wanted = rule
        .context_if
        .as_ref()
        .is_none_or(|m| !context.matches(m).is_empty());
    let unwanted = rule
        .context_unless
        .as_ref()
        .is_some_and(|m| !context.matches(m).is_empty());
    wanted && !unwanted
}

/// Builds findings for one rule, filling `{name}` placeholders in its
/// message and suggestion, and collects the rule's notes.
pub struct Emitter<'r> {
    rule: &'r Rule,
    advice: &'r [(&'static str, String)],
    findings: Vec<Finding>,
    notes: Notes,
    omitted: usize,
    /// What the rule's `only_if` matched, for `{trigger}`.
    trigger: Option<String>,
}

impl<'r> Emitter<'r> {
    fn new(rule: &'r Rule, advice: &'r [(&'static str, String)]) -> Self {
        Emitter {
            rule,
            advice,
            findings: Vec::new(),
            notes: Notes::default(),
            omitted: 0,
            trigger: None,
        }
    }

    pub fn emit(&mut self, span: Option<Range<usize>>, penalty: f64, vars: &[(&str, String)]) {
        self.push(span, penalty, vars, None);
    }

    /// A finding about one portfolio item (0-based `index`), located at its
    /// manifest line.
    pub fn emit_item(
        &mut self,
        index: usize,
        span: Range<usize>,
        penalty: f64,
        vars: &[(&str, String)],
    ) {
        self.push(Some(span), penalty, vars, Some(index + 1));
    }

    fn push(
        &mut self,
        span: Option<Range<usize>>,
        penalty: f64,
        vars: &[(&str, String)],
        item: Option<usize>,
    ) {
        if self.findings.len() >= MAX_FINDINGS_PER_RULE {
            // Left out of the report, but its points still count.
            self.omitted += 1;
            if let Some(last) = self.findings.last_mut() {
                last.penalty += penalty;
            }
            return;
        }
        let rule = self.rule;
        self.findings.push(Finding {
            rule: rule.id.clone(),
            mistake: rule.mistake,
            dimension: rule.dimension.clone(),
            severity: rule.severity,
            message: self.fill(&rule.message, vars),
            suggestion: self.fill(&rule.suggestion, vars),
            span,
            penalty,
            item,
        });
    }

    /// A template with the check's values, the trigger and the trade's
    /// advice filled in.
    fn fill(&self, template: &str, vars: &[(&str, String)]) -> String {
        let filled = fill(fill(template, vars).as_str(), self.advice);
        match &self.trigger {
            Some(trigger) => fill(&filled, &[("trigger", trigger.clone())]),
            None => filled,
        }
    }

    /// Notes for the report (what an `echo` check picked up and missed).
    pub fn notes(&mut self) -> &mut Notes {
        &mut self.notes
    }

    fn finish(mut self, judged: Judged) -> Outcome {
        if self.omitted > 0 {
            self.notes
                .omitted
                .push((self.rule.id.clone(), self.omitted));
        }
        Outcome {
            findings: self.findings,
            judged,
            notes: self.notes,
        }
    }
}

/// Replaces `{name}` with its value; unknown placeholders stay as written.
pub fn fill(template: &str, vars: &[(&str, String)]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let name = &after[..close];
            let (_, value) = vars.iter().find(|(n, _)| *n == name)?;
            Some((value, close))
        });
        match value {
            Some((value, close)) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Fills every `{name}` placeholder with "…", for text shown without a
/// finding (explanations, SARIF rule help).
pub fn fill_generic(template: &str) -> String {
    let names: Vec<(&str, String)> = kind::placeholders(template)
        .map(|n| (n, "…".to_string()))
        .collect();
    fill(template, &names)
}

/// Penalty for the n-th repeat of a per-match rule: full until the cap, then
/// whatever is left of it, so the rule's total never exceeds `max`.
pub fn capped(taken: &mut f64, penalty: f64, max: f64) -> f64 {
    let points = penalty.min(max - *taken).max(0.0);
    *taken += points;
    points
}

/// A short quote of the matched text for messages.
pub fn quote(text: &str) -> String {
    const LIMIT: usize = 60;
    // Most quotes are a few words on one line: nothing to fold or cut.
    let plain = |b: &[u8]| b.first() != Some(&b' ') && b.last() != Some(&b' ');
    if text.len() <= LIMIT
        && plain(text.as_bytes())
        && !text.contains(|c: char| c.is_whitespace() && c != ' ')
        && !text.contains("  ")
    {
        return text.to_string();
    }
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= LIMIT {
        one_line
    } else {
        let cut: String = one_line.chars().take(LIMIT).collect();
        format!("{cut}…")
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn fill_replaces_known_placeholders_once() {
        let vars = [("match", "{max}".to_string()), ("max", "5".to_string())];
        assert_eq!(
            fill("«{match}» over {max}, {unknown} {", &vars),
            "«{max}» over 5, {unknown} {"
        );
        assert_eq!(fill("plain", &[]), "plain");
    }

    #[test]
    fn quotes_fold_whitespace_and_cut_long_text() {
        assert_eq!(quote("под ключ"), "под ключ");
        assert_eq!(quote(" под  ключ\n"), "под ключ");
        assert_eq!(quote("a\u{a0}b"), "a b");
        // Each reason to fold on its own.
        assert_eq!(quote(" под ключ"), "под ключ");
        assert_eq!(quote("под ключ "), "под ключ");
        assert_eq!(quote("под  ключ"), "под ключ");
        assert_eq!(quote("под\tключ"), "под ключ");
        let long_plain = ["слово"; 20].join(" ");
        assert_eq!(quote(&long_plain).chars().count(), 61);
        let long = "слово ".repeat(20);
        assert_eq!(quote(&long).chars().count(), 61);
        assert!(quote(&long).ends_with('…'));
    }

    /// An engine with one English rule laid over the built-in ones: `kind`
    /// and `dimension` (with its built-in weight) place it, `body` is its YAML lines from `check:` on
    /// (at the rule's depth).
    pub(crate) fn overlaid(
        kind: &str,
        (dimension, weight): (&str, u32),
        body: &str,
    ) -> (tempfile::TempDir, crate::Engine) {
        let yaml = format!(
            r#"
checklist: en.{kind}.test
kind: {kind}
lang: en
description: A rule under test.
weights: {{ {dimension}: {weight} }}
rules:
  - id: en.{kind}.test-rule
    title: A rule under test
    mistake: 1
    dimension: {dimension}
    severity: info
{body}
    message: m
    suggestion: s
    explain: e
"#
        );
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("en")).unwrap();
        std::fs::write(dir.path().join("en/test.yaml"), yaml).unwrap();
        let mut settings = crate::Settings::builtin();
        settings.rule_dirs = vec![dir.path().to_path_buf()];
        let engine = crate::Engine::for_langs(settings, &[crate::input::Lang::En]).unwrap();
        (dir, engine)
    }

    /// What `rules --verify` reports about the rule `overlaid` laid over.
    pub(crate) fn test_rule_verify_failures(engine: &crate::Engine) -> Vec<String> {
        engine
            .verify_examples()
            .into_iter()
            .filter(|f| f.contains(".test-rule"))
            .collect()
    }

    /// The findings of the rule `overlaid` laid over, on `text` read as a
    /// document of `kind`.
    pub(crate) fn test_rule_findings(
        engine: &crate::Engine,
        kind: crate::input::Kind,
        text: &str,
    ) -> Vec<crate::Finding> {
        let id = format!("en.{}.test-rule", kind.name());
        let report = engine.check_text("t.md", text, Some(kind)).unwrap();
        report
            .findings
            .into_iter()
            .map(|f| f.finding)
            .filter(|f| f.rule == id)
            .collect()
    }

    /// The verifier's failures for an overlaid rule of `kind` with its
    /// one bad and one good example (YAML double-quoted strings).
    fn kind_example_failures(
        kind: &str,
        dimension: (&str, u32),
        matcher: &str,
        bad: &str,
        good: &str,
    ) -> Vec<String> {
        let body = format!(
            "    check: phrases\n{matcher}\n    penalty: 10\n    examples: {{ bad: [\"{bad}\"], good: [\"{good}\"] }}"
        );
        let (_dir, engine) = overlaid(kind, dimension, &body);
        let id = format!("en.{kind}.test-rule");
        engine
            .verify_examples()
            .into_iter()
            .filter(|f| f.starts_with(&id))
            .collect()
    }

    /// The same for a profile rule.
    fn example_failures(matcher: &str, bad: &str, good: &str) -> Vec<String> {
        kind_example_failures("profile", ("specificity", 20), matcher, bad, good)
    }

    #[test]
    fn a_rule_with_context_unless_runs_only_when_the_context_lacks_it() {
        let matcher = "    phrases: [sorry]\n    context_unless: { phrases: [great] }";
        let complaint = "---\\nreview: The tap leaks.\\n---\\nSorry.";
        let praise = "---\\nreview: Great job.\\n---\\nSorry.";
        assert!(
            kind_example_failures("review-reply", ("tone", 35), matcher, complaint, praise)
                .is_empty()
        );
        assert_eq!(
            kind_example_failures("review-reply", ("tone", 35), matcher, praise, complaint).len(),
            2
        );
    }

    #[test]
    fn findings_past_the_cap_are_counted_and_still_cost_their_points() {
        let body = "    check: pattern\n    pattern: Kettle\n    penalty: 1\n    max_penalty: 100\n    examples: { bad: [Kettle.], good: [Tea.] }";
        let (_dir, engine) = overlaid("profile", ("specificity", 20), body);
        let check = |n: usize| {
            let text = "Kettle here. ".repeat(n);
            engine
                .check_text("t.md", &text, Some(crate::input::Kind::Profile))
                .unwrap()
        };
        let mine = |report: &crate::report::DocReport| -> Vec<f64> {
            report
                .findings
                .iter()
                .filter(|f| f.finding.rule == "en.profile.test-rule")
                .map(|f| f.finding.penalty)
                .collect()
        };
        let omitted = |report: &crate::report::DocReport| {
            report
                .notes
                .omitted
                .iter()
                .find(|(id, _)| id == "en.profile.test-rule")
                .map(|(_, n)| *n)
        };
        let at_cap = check(MAX_FINDINGS_PER_RULE);
        assert_eq!(mine(&at_cap).len(), MAX_FINDINGS_PER_RULE);
        assert_eq!(omitted(&at_cap), None);
        let past = check(MAX_FINDINGS_PER_RULE + 5);
        let penalties = mine(&past);
        assert_eq!(penalties.len(), MAX_FINDINGS_PER_RULE);
        assert_eq!(omitted(&past), Some(5));
        // The last reported finding carries the five left out.
        assert_eq!(
            penalties.iter().sum::<f64>(),
            (MAX_FINDINGS_PER_RULE + 5) as f64
        );
        assert!(penalties.contains(&6.0), "{penalties:?}");
    }

    #[test]
    fn a_whole_sentence_matcher_can_ask_for_a_negation() {
        let (negative, positive) = ("We do not work weekends.", "We work weekends.");
        let negated = "    sentence: { negated: true }";
        let plain = "    sentence: { negated: false }";
        assert!(example_failures(negated, negative, positive).is_empty());
        assert!(example_failures(plain, positive, negative).is_empty());
        // The same examples the other way round fail both ways.
        assert_eq!(example_failures(negated, positive, negative).len(), 2);
    }

    #[test]
    fn the_start_and_end_of_a_long_text_are_its_first_and_last_thirds() {
        // Twelve sentences: a third is four.
        let text = |kettle: usize| {
            (1..=12)
                .map(|i| {
                    if i == kettle {
                        "Kettle here.".to_string()
                    } else {
                        format!("Line {i}.")
                    }
                })
                .collect::<Vec<_>>()
                .join(" ")
        };
        let at = |place| format!("    patterns: [Kettle]\n    sentence: {{ at: {place} }}");
        assert!(example_failures(&at("end"), &text(9), &text(8)).is_empty());
        assert!(example_failures(&at("start"), &text(4), &text(5)).is_empty());
    }

    #[test]
    fn generic_text_shows_no_braces() {
        assert_eq!(fill_generic("Уберите «{match}» ({min})"), "Уберите «…» (…)");
    }
}

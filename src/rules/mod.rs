//! Rules: YAML checklists and lexicons, compiled once into a [`RuleSet`].
//!
//! Built-in files under `rules/` are embedded in the binary. Extra folders
//! (`--rules DIR`) are laid over them: a file with the same relative path
//! replaces the built-in one, a rule with the same id replaces the built-in
//! rule, anything else is added.

pub mod lexicon;
mod load;
pub mod pattern;
pub(crate) mod raw;
pub mod trade;

use std::sync::Arc;

use indexmap::IndexMap;

use crate::checks::Check;
use crate::input::{Kind, Lang};
pub use crate::types::Severity;
pub use lexicon::{Hit, LexId, Lexicon, LexiconPack};
pub use load::{load, load_for};
pub use pattern::{Pattern, Prefilter};

/// What a rule looks for: lexicon entries and regular expressions, kept
/// only in sentences of a given shape; or, with nothing else, whole
/// sentences of that shape. `any` holds alternatives.
#[derive(Debug, Clone, Default)]
pub struct Matcher {
    pub lexicons: Vec<LexId>,
    pub patterns: Vec<Pattern>,
    pub sentence: Option<Box<SentenceFilter>>,
    pub any: Vec<Matcher>,
    pub rating: Option<RatingRule>,
    /// Lexicons named by role (`trade.materials`), resolved per document.
    pub roles: Vec<trade::Role>,
}

impl Matcher {
    pub fn is_empty(&self) -> bool {
        self.lexicons.is_empty()
            && self.roles.is_empty()
            && self.patterns.is_empty()
            && self.sentence.is_none()
            && self.any.iter().all(Matcher::is_empty)
            && self.rating.is_none()
    }

    /// Matches words or patterns (not only whole sentences).
    pub fn has_terms(&self) -> bool {
        !self.lexicons.is_empty() || !self.roles.is_empty() || !self.patterns.is_empty()
    }

    /// Every regular expression, alternatives and exceptions included.
    pub fn all_patterns(&self) -> Box<dyn Iterator<Item = &Pattern> + '_> {
        let without = self
            .sentence
            .iter()
            .flat_map(|s| s.with.iter().chain(s.without.iter()))
            .flat_map(Matcher::all_patterns);
        Box::new(
            self.patterns
                .iter()
                .chain(without)
                .chain(self.any.iter().flat_map(Matcher::all_patterns)),
        )
    }
}

/// The shape of sentence a match must stand in (see `RawSentence`).
#[derive(Debug, Clone, Default)]
pub struct SentenceFilter {
    /// Accepted forms; empty accepts any.
    pub forms: Vec<raw::SentenceForm>,
    pub has: crate::text::Features,
    pub lacks: crate::text::Features,
    pub at: Option<raw::SentenceAt>,
    pub negated: Option<bool>,
    pub opens: Option<bool>,
    pub with: Option<Matcher>,
    pub without: Option<Matcher>,
}

/// How a review's star rating decides a context matcher.
#[derive(Debug, Clone, Copy, Default)]
pub struct RatingRule {
    /// Bit n set: rating n matches.
    pub matched: u8,
    /// Bit n set: with rating n the text decides.
    pub read_text: u8,
}

impl RatingRule {
    /// `Some(answer)` when the rating settles it, `None` when the text
    /// decides.
    pub fn decide(self, rating: u8) -> Option<bool> {
        let bit = 1u8.checked_shl(u32::from(rating)).unwrap_or(0);
        if self.matched & bit != 0 {
            Some(true)
        } else if self.read_text & bit != 0 {
            None
        } else {
            Some(false)
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Examples {
    pub bad: Vec<String>,
    pub good: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Rule {
    pub id: String,
    pub title: String,
    pub mistake: u8,
    pub dimension: String,
    pub severity: Severity,
    pub message: String,
    pub suggestion: String,
    pub explain: String,
    pub examples: Examples,
    /// The check kind's name (`phrases`, `metric`…).
    pub check_kind: &'static str,
    pub check: Arc<dyn Check>,
    /// The rule is skipped when the document matches this.
    pub unless: Option<Matcher>,
    /// The rule runs only when the document matches this.
    pub only_if: Option<Matcher>,
    /// The rule runs only when the context (job post, review) matches this.
    pub context_if: Option<Matcher>,
    /// The rule is skipped when the context matches this.
    pub context_unless: Option<Matcher>,
    /// `None`: every kind (platform policy).
    pub kind: Option<Kind>,
    pub lang: Lang,
    /// The file the rule came from, for messages.
    pub file: String,
}

impl Rule {
    pub fn applies_to(&self, kind: Kind) -> bool {
        self.kind.is_none_or(|k| k == kind)
    }

    /// The kind name, or `all`.
    pub fn kind_name(&self) -> &'static str {
        self.kind.map_or("all", Kind::name)
    }

    /// The suggestion as advice in general: `{placeholders}` that a finding
    /// would fill with the matched words read as "…".
    pub fn general_suggestion(&self) -> String {
        crate::checks::fill_generic(self.suggestion.trim())
    }

    /// Every regular expression the rule may run.
    pub fn patterns(&self) -> impl Iterator<Item = &Pattern> {
        let own = self.check.pattern();
        let matchers = [
            self.check.matcher(),
            self.unless.as_ref(),
            self.only_if.as_ref(),
            self.context_if.as_ref(),
            self.context_unless.as_ref(),
        ];
        own.into_iter().chain(
            matchers
                .into_iter()
                .flatten()
                .flat_map(Matcher::all_patterns),
        )
    }
}

/// What `pitchlint rules` and `/api/v1/rules` show of a rule.
#[derive(Debug, Clone, serde::Serialize)]
pub struct RuleInfo<'a> {
    pub id: &'a str,
    pub kind: &'static str,
    pub lang: &'static str,
    pub dimension: &'a str,
    pub severity: Severity,
    pub mistake: u8,
    pub check: &'static str,
    pub title: &'a str,
}

impl<'a> RuleInfo<'a> {
    pub fn of(rule: &'a Rule) -> RuleInfo<'a> {
        RuleInfo {
            id: &rule.id,
            kind: rule.kind_name(),
            lang: rule.lang.code(),
            dimension: &rule.dimension,
            severity: rule.severity,
            mistake: rule.mistake,
            check: rule.check_kind,
            title: &rule.title,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Checklist {
    pub name: String,
    /// `None`: every kind.
    pub kind: Option<Kind>,
    pub lang: Lang,
    pub weights: IndexMap<String, f64>,
    /// Weights this add-on sets in the checklists it adds to.
    pub overrides: IndexMap<String, f64>,
    pub file: String,
}

/// What to run on one document: its rules and dimension weights.
#[derive(Debug, Clone)]
pub struct Plan<'a> {
    pub weights: IndexMap<String, f64>,
    pub rules: Vec<&'a Rule>,
}

#[derive(Debug, Default)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
    pub checklists: Vec<Checklist>,
    packs: Vec<(Lang, LexiconPack)>,
    books: Vec<(Lang, trade::TradeBook)>,
    /// One per language and kind: a smaller set scans faster.
    prefilters: Vec<((Lang, Kind), Prefilter)>,
}

impl RuleSet {
    /// The built-in rules only.
    pub fn builtin() -> crate::error::Result<RuleSet> {
        load(&[])
    }

    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    pub fn pack(&self, lang: Lang) -> &LexiconPack {
        static EMPTY: std::sync::OnceLock<LexiconPack> = std::sync::OnceLock::new();
        self.packs
            .iter()
            .find(|(l, _)| *l == lang)
            .map(|(_, p)| p)
            .unwrap_or_else(|| EMPTY.get_or_init(LexiconPack::default))
    }

    /// The trades and markets of a language.
    pub fn book(&self, lang: Lang) -> &trade::TradeBook {
        static EMPTY: std::sync::OnceLock<trade::TradeBook> = std::sync::OnceLock::new();
        self.books
            .iter()
            .find(|(l, _)| *l == lang)
            .map(|(_, b)| b)
            .unwrap_or_else(|| EMPTY.get_or_init(trade::TradeBook::default))
    }

    pub fn prefilter(&self, lang: Lang, kind: Kind) -> Option<&Prefilter> {
        self.prefilters
            .iter()
            .find(|(key, _)| *key == (lang, kind))
            .map(|(_, p)| p)
    }

    /// Rebuilds the pattern prefilters, per language and kind, from the
    /// current rules.
    pub fn build_prefilters(&mut self) {
        let mut langs: Vec<Lang> = self.rules.iter().map(|r| r.lang).collect();
        langs.sort();
        langs.dedup();
        self.prefilters = langs
            .into_iter()
            .flat_map(|lang| Kind::ALL.map(|kind| (lang, kind)))
            .map(|(lang, kind)| {
                let rules = self
                    .rules
                    .iter()
                    .filter(|r| r.lang == lang && r.applies_to(kind));
                let sources = rules.flat_map(Rule::patterns).map(Pattern::as_str);
                ((lang, kind), Prefilter::new(sources))
            })
            .collect();
    }

    /// The rules and weights for a kind and language, or `None` when no
    /// checklist covers them.
    pub fn plan(&self, kind: Kind, lang: Lang) -> Option<Plan<'_>> {
        // A kind needs a checklist of its own; `all` checklists only add to it.
        let own = self
            .checklists
            .iter()
            .any(|c| c.kind == Some(kind) && c.lang == lang);
        if !own {
            return None;
        }
        let mut weights = IndexMap::new();
        let lists = self
            .checklists
            .iter()
            .filter(|c| c.kind.is_none_or(|k| k == kind) && c.lang == lang);
        // The kind's main checklist (`ru.profile`) leads the report, then its
        // add-ons (`ru.profile.contacts`), then checklists for every kind.
        let main = format!("{}.{}", lang.code(), kind.name());
        let mut ordered: Vec<&Checklist> = lists.collect();
        ordered.sort_by_key(|c| (c.kind.is_none(), c.name != main));
        for list in &ordered {
            for (dim, w) in &list.weights {
                weights.entry(dim.clone()).or_insert(*w);
            }
        }
        for list in &ordered {
            for (dim, w) in &list.overrides {
                weights.insert(dim.clone(), *w);
            }
        }
        Some(Plan {
            weights,
            rules: self
                .rules
                .iter()
                .filter(|r| r.applies_to(kind) && r.lang == lang)
                .collect(),
        })
    }

    /// Languages that have a checklist for `kind`.
    pub fn langs_for(&self, kind: Kind) -> Vec<Lang> {
        let mut langs: Vec<Lang> = self
            .checklists
            .iter()
            .filter(|c| c.kind == Some(kind))
            .map(|c| c.lang)
            .collect();
        langs.sort();
        langs.dedup();
        langs
    }
}

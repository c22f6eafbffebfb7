//! Rules: YAML checklists and lexicons, compiled once into a [`RuleSet`].
//!
//! Built-in files under `rules/` are embedded in the binary. Extra folders
//! (`--rules DIR`) are laid over them: a file with the same relative path
//! replaces the built-in one, a rule with the same id replaces the built-in
//! rule, anything else is added.

pub mod lexicon;
mod load;
pub mod pattern;
mod raw;

use indexmap::IndexMap;
use serde::Serialize;

use crate::input::{Kind, Lang};
pub use lexicon::{Hit, LexId, Lexicon, LexiconPack};
pub use load::{load, load_for};
pub use pattern::{Pattern, Prefilter};
pub use raw::CheckKind;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(name: &str) -> Option<Severity> {
        match name {
            "info" => Some(Severity::Info),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

/// What a rule looks for: lexicon entries and regular expressions.
#[derive(Debug, Clone, Default)]
pub struct Matcher {
    pub lexicons: Vec<LexId>,
    pub patterns: Vec<Pattern>,
}

/// Document-level measurements that `metric` rules bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Metric {
    /// Words in the whole text.
    Words,
    /// Words in each paragraph (per block; walls of text).
    ParagraphWords,
    /// Words in each sentence.
    SentenceWords,
    /// Share of letters in all-caps words, per sentence (shouting).
    CapsShare,
}

impl Metric {
    pub const NAMES: &'static str = "words, paragraph_words, sentence_words, caps_share";

    pub fn parse(name: &str) -> Option<Metric> {
        match name {
            "words" => Some(Metric::Words),
            "paragraph_words" => Some(Metric::ParagraphWords),
            "sentence_words" => Some(Metric::SentenceWords),
            "caps_share" => Some(Metric::CapsShare),
            _ => None,
        }
    }
}

/// Which blocks a `structure` rule counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockSelector {
    ListItems,
    Headings,
    Labels,
    /// Headings and labelled blocks: the visible sections of a text.
    Sections,
    Paragraphs,
}

impl BlockSelector {
    pub const NAMES: &'static str = "list_items, headings, labels, sections, paragraphs";

    pub fn parse(name: &str) -> Option<BlockSelector> {
        match name {
            "list_items" => Some(BlockSelector::ListItems),
            "headings" => Some(BlockSelector::Headings),
            "labels" => Some(BlockSelector::Labels),
            "sections" => Some(BlockSelector::Sections),
            "paragraphs" => Some(BlockSelector::Paragraphs),
            _ => None,
        }
    }
}

/// A compiled check with its parameters. Penalties are points taken off the
/// rule's dimension (out of 100).
#[derive(Debug, Clone)]
pub enum Check {
    /// Flags every lexicon match.
    Phrases {
        matcher: Matcher,
        penalty: f64,
        max_penalty: f64,
    },
    /// Flags every regex match.
    Pattern {
        regex: Pattern,
        penalty: f64,
        max_penalty: f64,
    },
    /// Needs at least `min` distinct concepts; the penalty scales with the gap.
    Coverage {
        matcher: Matcher,
        min: usize,
        penalty: f64,
    },
    /// Keeps a measurement within bounds.
    Metric {
        metric: Metric,
        min: Option<f64>,
        max: Option<f64>,
        penalty: f64,
        max_penalty: f64,
    },
    /// Needs at least `min` blocks of a kind.
    Structure {
        blocks: BlockSelector,
        min: usize,
        penalty: f64,
    },
    /// Matches must include one in the last `share` of the text.
    Position {
        matcher: Matcher,
        share: f64,
        penalty: f64,
    },
    /// The text should pick up at least `share` of the context's specifics:
    /// its numbers and its entries of the given lexicons.
    Echo {
        lexicons: Vec<LexId>,
        share: f64,
        penalty: f64,
    },
    /// Reports a missing context (job post, review); what depends on it
    /// is then not judged.
    Context,
    /// A front-matter field must be present or well-formed.
    Field {
        field: String,
        expect: FieldExpect,
        max: Option<f64>,
        penalty: f64,
    },
    /// A measurement of a conversation log.
    Response {
        metric: ResponseMetric,
        minutes: f64,
        min: Option<f64>,
        max: Option<f64>,
        lexicons: Vec<LexId>,
        penalty: f64,
        max_penalty: f64,
    },
    /// Bounds a measurement of the whole portfolio.
    Gallery {
        metric: GalleryMetric,
        matcher: Matcher,
        min: Option<f64>,
        max: Option<f64>,
        penalty: f64,
    },
    /// Checks each portfolio item; each failing item costs its share of
    /// `penalty`.
    Photo {
        metric: PhotoMetric,
        matcher: Matcher,
        min: Option<f64>,
        max: Option<f64>,
        penalty: f64,
        max_penalty: f64,
    },
}

impl Check {
    /// The lexicons and patterns the check looks for, if it has them.
    pub fn matcher(&self) -> Option<&Matcher> {
        match self {
            Check::Phrases { matcher, .. }
            | Check::Coverage { matcher, .. }
            | Check::Position { matcher, .. }
            | Check::Gallery { matcher, .. }
            | Check::Photo { matcher, .. } => Some(matcher),
            _ => None,
        }
    }
}

/// What a `field` rule expects of its front-matter field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldExpect {
    Present,
    Phone,
    Email,
    Hours,
    /// A date no more than `max` days before today.
    Recent,
    /// A switch that is on (`on`, `true`, `yes`, `вкл`).
    On,
}

impl FieldExpect {
    pub const NAMES: &'static str = "present, phone, email, hours, recent, on";

    pub fn parse(name: &str) -> Option<FieldExpect> {
        match name {
            "present" => Some(FieldExpect::Present),
            "phone" => Some(FieldExpect::Phone),
            "email" => Some(FieldExpect::Email),
            "hours" => Some(FieldExpect::Hours),
            "recent" => Some(FieldExpect::Recent),
            "on" => Some(FieldExpect::On),
            _ => None,
        }
    }
}

/// Measurements of a conversation log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseMetric {
    /// Median minutes to the first answer, over answered threads.
    MedianMinutes,
    /// Share of threads answered within `minutes`.
    ShareWithin,
    /// Share of threads answered after more than `minutes`, or never.
    ShareOver,
    /// One finding per thread never answered.
    Unanswered,
    /// One finding per contractor turn that ends with no next step.
    NoNextStep,
    /// One finding per log line out of time order.
    Unsorted,
    /// One finding per duplicated line.
    Duplicates,
    /// Lines carry different UTC offsets.
    MixedZones,
}

impl ResponseMetric {
    pub const NAMES: &'static str = "median_minutes, share_within, share_over, unanswered, no_next_step, unsorted, duplicates, mixed_zones";

    pub fn parse(name: &str) -> Option<ResponseMetric> {
        match name {
            "median_minutes" => Some(ResponseMetric::MedianMinutes),
            "share_within" => Some(ResponseMetric::ShareWithin),
            "share_over" => Some(ResponseMetric::ShareOver),
            "unanswered" => Some(ResponseMetric::Unanswered),
            "no_next_step" => Some(ResponseMetric::NoNextStep),
            "unsorted" => Some(ResponseMetric::Unsorted),
            "duplicates" => Some(ResponseMetric::Duplicates),
            "mixed_zones" => Some(ResponseMetric::MixedZones),
            _ => None,
        }
    }
}

/// Measurements of a whole portfolio.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GalleryMetric {
    /// Number of photos.
    Photos,
    /// Distinct work types (the `work_type` field, else the first entry of
    /// the rule's lexicon named in the caption); items marked `render: true`
    /// or `finished: false` do not count.
    WorkTypes,
    /// How evenly photos spread over the work types, 0–1 (normalised
    /// entropy); judged from two types up.
    Spread,
    /// Share of photos showing the most common item type.
    OneItem,
}

impl GalleryMetric {
    pub const NAMES: &'static str = "photos, work_types, spread, one_item";

    pub fn parse(name: &str) -> Option<GalleryMetric> {
        match name {
            "photos" => Some(GalleryMetric::Photos),
            "work_types" => Some(GalleryMetric::WorkTypes),
            "spread" => Some(GalleryMetric::Spread),
            "one_item" => Some(GalleryMetric::OneItem),
            _ => None,
        }
    }
}

/// Measurements of each portfolio item: its caption and its photo file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhotoMetric {
    /// The caption (or the `material` field) names the material.
    Material,
    /// The caption (or `item`) names the item type.
    Item,
    /// The caption (or `duration`) gives the lead time.
    Duration,
    /// The caption (or `scope`) says what exactly was done.
    Scope,
    /// A render, not a photo (`render: true` or the caption says so).
    Render,
    /// Work in progress (`finished: false` or the caption says so).
    Unfinished,
    /// Short side in pixels.
    Resolution,
    /// Variance of the Laplacian on a 640-pixel copy.
    Sharpness,
    /// Mean brightness, 0–255.
    Dark,
    /// Share of blown-out (nearly white) pixels.
    Bright,
    /// Bits of perceptual hash that differ from an earlier photo.
    Duplicate,
    /// The file is not there.
    Missing,
    /// The file cannot be read or decoded, or is over the size limits.
    Unreadable,
    /// The path leaves the manifest's folder.
    Outside,
}

impl PhotoMetric {
    pub const NAMES: &'static str = "material, item, duration, scope, render, unfinished, resolution, sharpness, dark, bright, duplicate, missing, unreadable, outside";

    pub fn parse(name: &str) -> Option<PhotoMetric> {
        Some(match name {
            "material" => PhotoMetric::Material,
            "item" => PhotoMetric::Item,
            "duration" => PhotoMetric::Duration,
            "scope" => PhotoMetric::Scope,
            "render" => PhotoMetric::Render,
            "unfinished" => PhotoMetric::Unfinished,
            "resolution" => PhotoMetric::Resolution,
            "sharpness" => PhotoMetric::Sharpness,
            "dark" => PhotoMetric::Dark,
            "bright" => PhotoMetric::Bright,
            "duplicate" => PhotoMetric::Duplicate,
            "missing" => PhotoMetric::Missing,
            "unreadable" => PhotoMetric::Unreadable,
            "outside" => PhotoMetric::Outside,
            _ => return None,
        })
    }

    /// Reads the caption for a detail, so it needs a lexicon or patterns.
    pub fn reads_caption(self) -> bool {
        matches!(
            self,
            PhotoMetric::Material | PhotoMetric::Item | PhotoMetric::Duration | PhotoMetric::Scope
        )
    }

    /// A measurement of the file, compared against `min` or `max`.
    pub fn is_measured(self) -> bool {
        matches!(
            self,
            PhotoMetric::Resolution
                | PhotoMetric::Sharpness
                | PhotoMetric::Dark
                | PhotoMetric::Bright
                | PhotoMetric::Duplicate
        )
    }

    /// Caption metrics read the manifest; the others need the photo files.
    pub fn needs_files(self) -> bool {
        !self.reads_caption() && !matches!(self, PhotoMetric::Render | PhotoMetric::Unfinished)
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
    pub check: Check,
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

    /// Every regular expression the rule may run.
    pub fn patterns(&self) -> impl Iterator<Item = &Pattern> {
        let own: Option<&Pattern> = match &self.check {
            Check::Pattern { regex, .. } => Some(regex),
            _ => None,
        };
        let matchers = [
            self.check.matcher(),
            self.unless.as_ref(),
            self.only_if.as_ref(),
            self.context_if.as_ref(),
            self.context_unless.as_ref(),
        ];
        own.into_iter()
            .chain(matchers.into_iter().flatten().flat_map(|m| &m.patterns))
    }

    pub fn check_name(&self) -> &'static str {
        match self.check {
            Check::Phrases { .. } => "phrases",
            Check::Pattern { .. } => "pattern",
            Check::Coverage { .. } => "coverage",
            Check::Metric { .. } => "metric",
            Check::Structure { .. } => "structure",
            Check::Position { .. } => "position",
            Check::Echo { .. } => "echo",
            Check::Context => "context",
            Check::Field { .. } => "field",
            Check::Response { .. } => "response",
            Check::Gallery { .. } => "gallery",
            Check::Photo { .. } => "photo",
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
    prefilters: Vec<(Lang, Prefilter)>,
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

    pub fn prefilter(&self, lang: Lang) -> Option<&Prefilter> {
        self.prefilters
            .iter()
            .find(|(l, _)| *l == lang)
            .map(|(_, p)| p)
    }

    /// Rebuilds the per-language pattern prefilters from the current rules.
    pub fn build_prefilters(&mut self) {
        let mut langs: Vec<Lang> = self.rules.iter().map(|r| r.lang).collect();
        langs.sort();
        langs.dedup();
        self.prefilters = langs
            .into_iter()
            .map(|lang| {
                let rules = self.rules.iter().filter(|r| r.lang == lang);
                let sources = rules.flat_map(Rule::patterns).map(Pattern::as_str);
                (lang, Prefilter::new(sources))
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
        for list in ordered {
            for (dim, w) in &list.weights {
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

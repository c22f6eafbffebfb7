//! The YAML shapes of rule files, exactly as users write them. Unknown keys
//! are rejected by serde with their line and column.

use indexmap::IndexMap;
use serde::Deserialize;

use super::Severity;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawChecklist {
    pub checklist: String,
    pub kind: String,
    pub lang: String,
    #[serde(default)]
    #[allow(dead_code)] // read by people, not by the engine
    pub description: Option<String>,
    /// Dimension → weight; an empty value takes the dimension's default.
    #[serde(default)]
    pub weights: IndexMap<String, Option<f64>>,
    /// Weights this add-on changes in the checklists it adds to: restating
    /// a weight under `weights:` with another value is an error.
    #[serde(default)]
    pub override_weights: IndexMap<String, f64>,
    #[serde(default)]
    pub rules: Vec<RawRule>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLexicon {
    pub lexicon: String,
    pub lang: String,
    #[serde(default)]
    #[allow(dead_code)] // read by people, not by the engine
    pub description: Option<String>,
    pub entries: Vec<OneOrMany>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    pub fn into_vec(self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s],
            OneOrMany::Many(v) => v,
        }
    }

    pub fn as_slice(&self) -> &[String] {
        match self {
            OneOrMany::One(s) => std::slice::from_ref(s),
            OneOrMany::Many(v) => v,
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawExamples {
    #[serde(default)]
    pub bad: Vec<String>,
    #[serde(default)]
    pub good: Vec<String>,
}

/// What to look for: lexicon entries, phrases, regular expressions and the
/// shape of the sentence they stand in. With only `sentence:`, whole
/// sentences of that shape match. `any:` adds alternatives.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMatcher {
    pub lexicon: Option<OneOrMany>,
    pub phrases: Option<Vec<OneOrMany>>,
    pub patterns: Option<Vec<String>>,
    pub sentence: Option<RawSentence>,
    pub any: Option<Vec<RawMatcher>>,
    /// Context matchers only: how a review's star rating decides.
    pub rating: Option<RawRating>,
}

/// The sentence a match must stand in.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSentence {
    /// Any of these forms.
    pub form: Option<Vec<SentenceForm>>,
    /// All of these features.
    pub has: Option<Vec<SentenceFeature>>,
    /// None of these features.
    pub lacks: Option<Vec<SentenceFeature>>,
    /// Among the first or the last sentences of the text.
    pub at: Option<SentenceAt>,
    /// Whether the match itself is negated («не вывезли», "not sorry").
    pub negated: Option<bool>,
    /// Whether the match opens its sentence: no content word before it
    /// but a greeting, a particle or a verb of asking («А когда удобно?»,
    /// "Tell me, when suits?"; not "Does it trip when the kettle is on?").
    pub opens: Option<bool>,
    /// The sentence also contains one of these (a particle of doubt beside
    /// a verb of knowing: «вы вообще знаете…?»).
    pub with: Option<Box<RawMatcher>>,
    /// The sentence does not also contain any of these.
    pub without: Option<Box<RawMatcher>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SentenceForm {
    Question,
    Request,
    /// Neither a question nor a request.
    Statement,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SentenceFeature {
    Question,
    Request,
    Time,
    You,
    We,
    Negation,
    Condition,
    Contrast,
    Number,
    QuestionWord,
    Promise,
    YouDid,
    Regret,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SentenceAt {
    Start,
    End,
}

/// Ratings (1–5) under `match` make the matcher match; under `read_text`
/// the text decides; any other rating makes it not match. Without a
/// rating the text decides.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRating {
    #[serde(default, rename = "match")]
    pub matched: Vec<u8>,
    #[serde(default)]
    pub read_text: Vec<u8>,
}

/// A rule: the keys every rule has, then its check kind's parameters,
/// which the kind itself deserialises (unknown ones are errors there).
#[derive(Debug, Deserialize)]
pub struct RawRule {
    pub id: String,
    pub title: String,
    pub mistake: u8,
    pub dimension: String,
    pub severity: Severity,
    pub check: String,
    pub message: String,
    pub suggestion: String,
    pub explain: String,
    pub examples: RawExamples,
    pub unless: Option<RawMatcher>,
    pub only_if: Option<RawMatcher>,
    pub context_if: Option<RawMatcher>,
    pub context_unless: Option<RawMatcher>,
    #[serde(flatten)]
    pub params: serde_yaml::Mapping,
}

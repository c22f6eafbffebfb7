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

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMatcher {
    pub lexicon: Option<OneOrMany>,
    pub phrases: Option<Vec<OneOrMany>>,
    pub patterns: Option<Vec<String>>,
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

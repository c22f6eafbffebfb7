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
    #[serde(default)]
    pub weights: IndexMap<String, f64>,
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
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum CheckKind {
    Phrases,
    Pattern,
    Coverage,
    Metric,
    Structure,
    Position,
    Echo,
    Context,
    Field,
    Response,
    Gallery,
    Photo,
}

impl CheckKind {
    pub fn name(self) -> &'static str {
        match self {
            CheckKind::Phrases => "phrases",
            CheckKind::Pattern => "pattern",
            CheckKind::Coverage => "coverage",
            CheckKind::Metric => "metric",
            CheckKind::Structure => "structure",
            CheckKind::Position => "position",
            CheckKind::Echo => "echo",
            CheckKind::Context => "context",
            CheckKind::Field => "field",
            CheckKind::Response => "response",
            CheckKind::Gallery => "gallery",
            CheckKind::Photo => "photo",
        }
    }

    /// The parameters each check kind reads; any other one set on a rule is
    /// an error, so typos never pass silently.
    pub fn params(self) -> &'static [&'static str] {
        match self {
            CheckKind::Phrases => &["lexicon", "phrases", "penalty", "max_penalty"],
            CheckKind::Pattern => &["pattern", "penalty", "max_penalty"],
            CheckKind::Coverage => &["lexicon", "phrases", "patterns", "min", "penalty"],
            CheckKind::Metric => &["metric", "min", "max", "penalty", "max_penalty"],
            CheckKind::Structure => &["blocks", "min", "penalty"],
            CheckKind::Position => &["lexicon", "phrases", "patterns", "share", "penalty"],
            CheckKind::Echo => &["lexicon", "share", "penalty"],
            CheckKind::Context => &[],
            CheckKind::Field => &["field", "expect", "max", "penalty"],
            CheckKind::Response => &[
                "metric",
                "minutes",
                "min",
                "max",
                "lexicon",
                "penalty",
                "max_penalty",
            ],
            CheckKind::Gallery => &["metric", "lexicon", "phrases", "min", "max", "penalty"],
            CheckKind::Photo => &[
                "metric",
                "lexicon",
                "phrases",
                "patterns",
                "min",
                "max",
                "penalty",
                "max_penalty",
            ],
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

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRule {
    pub id: String,
    pub title: String,
    pub mistake: u8,
    pub dimension: String,
    pub severity: Severity,
    pub check: CheckKind,
    pub message: String,
    pub suggestion: String,
    pub explain: String,
    pub examples: RawExamples,
    pub unless: Option<RawMatcher>,
    pub only_if: Option<RawMatcher>,
    pub context_if: Option<RawMatcher>,
    pub context_unless: Option<RawMatcher>,
    // Check parameters; which ones apply depends on `check`.
    pub lexicon: Option<OneOrMany>,
    pub phrases: Option<Vec<OneOrMany>>,
    pub pattern: Option<String>,
    pub patterns: Option<Vec<String>>,
    pub metric: Option<String>,
    pub field: Option<String>,
    pub expect: Option<String>,
    pub minutes: Option<f64>,
    pub blocks: Option<String>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub share: Option<f64>,
    pub penalty: Option<f64>,
    pub max_penalty: Option<f64>,
}

impl RawRule {
    /// Names of the check parameters this rule sets.
    pub fn set_params(&self) -> Vec<&'static str> {
        let present = [
            ("lexicon", self.lexicon.is_some()),
            ("phrases", self.phrases.is_some()),
            ("pattern", self.pattern.is_some()),
            ("patterns", self.patterns.is_some()),
            ("metric", self.metric.is_some()),
            ("field", self.field.is_some()),
            ("expect", self.expect.is_some()),
            ("minutes", self.minutes.is_some()),
            ("blocks", self.blocks.is_some()),
            ("min", self.min.is_some()),
            ("max", self.max.is_some()),
            ("share", self.share.is_some()),
            ("penalty", self.penalty.is_some()),
            ("max_penalty", self.max_penalty.is_some()),
        ];
        present
            .into_iter()
            .filter_map(|(name, set)| set.then_some(name))
            .collect()
    }

    pub fn matcher(&self) -> RawMatcher {
        RawMatcher {
            lexicon: self.lexicon.clone(),
            phrases: self.phrases.clone(),
            patterns: self.patterns.clone(),
        }
    }
}

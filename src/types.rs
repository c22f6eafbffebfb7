//! Plain data shared by every stage: what a check finds and what a report
//! notes beside it. A leaf module: it depends on nothing else in the crate,
//! so `checks`, `score` and `report` all point here and never at each other.

use std::ops::Range;

use serde::{Deserialize, Serialize};

/// How much a finding matters. Ordered: `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub const ALL: [Severity; 3] = [Severity::Info, Severity::Warning, Severity::Error];

    pub fn name(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(name: &str) -> Option<Severity> {
        Severity::ALL.into_iter().find(|s| s.name() == name)
    }
}

/// One problem found in a document. `penalty` is the number of points the
/// finding takes off its dimension (already capped per rule).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Finding {
    pub rule: String,
    pub mistake: u8,
    pub dimension: String,
    pub severity: Severity,
    pub message: String,
    pub suggestion: String,
    /// Byte span in the document; `None` for whole-document findings.
    pub span: Option<Range<usize>>,
    pub penalty: f64,
    /// The portfolio item (1-based) the finding is about.
    pub item: Option<usize>,
}

impl Finding {
    /// A finding of `rule` with no position and no item yet.
    pub fn new(rule: &str, dimension: &str, severity: Severity, penalty: f64) -> Finding {
        Finding {
            rule: rule.to_string(),
            mistake: 0,
            dimension: dimension.to_string(),
            severity,
            message: String::new(),
            suggestion: String::new(),
            span: None,
            penalty,
            item: None,
        }
    }
}

/// Extra facts a printer may show beside the findings. Every rule's notes
/// are kept: they are merged, never overwritten.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Notes {
    /// Specifics of the job post (or review) the text picked up…
    pub picked: Vec<String>,
    /// …and those it missed.
    pub missed: Vec<String>,
    /// Response-time statistics of a conversation log.
    pub response: Option<ResponseSummary>,
    /// Findings left out of the report per rule, past the per-rule cap
    /// (their points still count).
    pub omitted: Vec<(String, usize)>,
}

impl Notes {
    /// Adds another rule's notes, keeping the first spelling of each item.
    pub fn merge(&mut self, other: Notes) {
        for (mine, theirs) in [
            (&mut self.picked, other.picked),
            (&mut self.missed, other.missed),
        ] {
            for item in theirs {
                if !mine.contains(&item) {
                    mine.push(item);
                }
            }
        }
        if other.response.is_some() {
            self.response = other.response;
        }
        self.omitted.extend(other.omitted);
    }
}

/// Response-time facts of a conversation log, for the report.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ResponseSummary {
    pub threads: usize,
    pub answered: usize,
    pub median_minutes: Option<f64>,
    pub within_15: usize,
    pub within_60: usize,
    pub over_12h: usize,
    /// Threads per bucket: ≤15 min, 15–60 min, 1–3 h, 3–12 h, > 12 h, never.
    pub buckets: [usize; 6],
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn severities_order_and_parse() {
        assert!(Severity::Info < Severity::Warning && Severity::Warning < Severity::Error);
        for s in Severity::ALL {
            assert_eq!(Severity::parse(s.name()), Some(s));
        }
        assert_eq!(Severity::parse("fatal"), None);
    }

    #[test]
    fn notes_merge_keeps_every_rule() {
        let mut a = Notes {
            picked: vec!["3,2 м".into()],
            missed: vec!["Казань".into()],
            ..Notes::default()
        };
        let b = Notes {
            picked: vec!["кварц".into(), "3,2 м".into()],
            omitted: vec![("r".into(), 3)],
            ..Notes::default()
        };
        a.merge(b);
        assert_eq!(a.picked, ["3,2 м", "кварц"]);
        assert_eq!(a.missed, ["Казань"]);
        assert_eq!(a.omitted, [("r".to_string(), 3)]);
    }
}

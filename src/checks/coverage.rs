//! `coverage`: a text should name at least `min` distinct concepts (entries
//! of a lexicon, or patterns). Partial coverage costs part of the penalty.

use std::collections::BTreeSet;
use std::sync::Arc;

use serde::Deserialize;

use super::kind::{Check, CheckKind, Compiler, Invalid, Nudge, count, points};
use super::{Ctx, Emitter, Judged, quote};
use crate::rules::Matcher;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    min: Option<f64>,
    penalty: Option<f64>,
}

#[derive(Debug, Clone)]
pub struct Coverage {
    matcher: Matcher,
    min: usize,
    penalty: f64,
}

impl CheckKind for Coverage {
    const TERMS: bool = true;
    const NAME: &'static str = "coverage";
    const PLACEHOLDERS: &'static [&'static str] = &["found", "min", "items"];
    type Params = Params;

    fn compile(p: Params, cx: &mut Compiler) -> Result<Self, Invalid> {
        let matcher = cx.required_matcher(Self::NAME)?;
        Ok(Coverage {
            matcher,
            min: count(p.min, 1, "min")?,
            penalty: points(p.penalty, 100.0, "penalty")?,
        })
    }
}

impl Check for Coverage {
    fn run(&self, ctx: &Ctx, emit: &mut Emitter) -> Judged {
        let mut seen = BTreeSet::new();
        let mut found = Vec::new();
        for m in ctx.matches(&self.matcher) {
            if seen.insert(m.concept) {
                found.push(quote(&ctx.text()[m.span]));
            }
        }
        if found.len() < self.min {
            let missing = (self.min - found.len()) as f64 / self.min as f64;
            emit.emit(
                None,
                self.penalty * missing,
                &[
                    ("found", found.len().to_string()),
                    ("min", self.min.to_string()),
                    ("items", found.join(", ")),
                ],
            );
        }
        Judged::Yes
    }

    fn matcher(&self) -> Option<&Matcher> {
        Some(&self.matcher)
    }

    fn nudged(&self, nudge: Nudge) -> Option<Arc<dyn Check>> {
        let min = match nudge {
            Nudge::Stricter => self.min + 1,
            Nudge::Looser => self.min - 1,
        };
        Some(Arc::new(Coverage {
            min,
            ..self.clone()
        }))
    }
}

#[cfg(test)]
mod tests {
    /// An English profile rule needing `min: 3` of oak, ash, elm and yew,
    /// with `good` as its one good example and "Oak and ash." as its bad one.
    fn engine(good: &str) -> (tempfile::TempDir, crate::Engine) {
        let body = format!(
            "    check: coverage\n    phrases: [oak, ash, elm, yew]\n    min: 3\n    penalty: 60\n    examples: {{ bad: [\"Oak and ash.\"], good: [\"{good}\"] }}"
        );
        crate::checks::tests::overlaid("profile", ("specificity", 20), &body)
    }

    #[test]
    fn each_missing_entry_costs_its_share_of_the_penalty() {
        let (_dir, engine) = engine("Oak, ash and elm.");
        let cost = |text: &str| -> Vec<f64> {
            let kind = crate::input::Kind::Profile;
            let found = crate::checks::tests::test_rule_findings(&engine, kind, text);
            found.iter().map(|f| f.penalty).collect()
        };
        assert_eq!(cost("Nothing named."), [60.0]);
        assert_eq!(cost("Oak only."), [40.0]);
        // The same entry twice is still one.
        assert_eq!(cost("Oak and oak and ash."), [20.0]);
        assert!(cost("Oak, ash and elm.").is_empty());
    }

    #[test]
    fn the_verifier_holds_a_good_example_exactly_at_the_minimum() {
        let failures = |good: &str| {
            let (_dir, engine) = engine(good);
            crate::checks::tests::test_rule_verify_failures(&engine)
        };
        assert!(failures("Oak, ash and elm.").is_empty());
        let above = failures("Oak, ash, elm and yew.");
        assert_eq!(above.len(), 1, "{above:?}");
        assert!(above[0].contains("no good example sits exactly at the threshold"));
    }
}

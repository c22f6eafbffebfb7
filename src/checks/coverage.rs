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

//! `phrases`: flag each occurrence of what a text should not say (lexicon
//! entries or inline phrases, matched by stem).

use serde::Deserialize;

use super::kind::{Check, CheckKind, Compiler, Invalid, points};
use super::{Ctx, Emitter, Judged, capped, quote};
use crate::rules::Matcher;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    penalty: Option<f64>,
    max_penalty: Option<f64>,
}

#[derive(Debug)]
pub struct Phrases {
    matcher: Matcher,
    penalty: f64,
    max_penalty: f64,
}

impl CheckKind for Phrases {
    const TERMS: bool = true;
    const NAME: &'static str = "phrases";
    const PLACEHOLDERS: &'static [&'static str] = &["match"];
    type Params = Params;

    fn compile(p: Params, cx: &mut Compiler) -> Result<Self, Invalid> {
        Ok(Phrases {
            matcher: cx.required_matcher(Self::NAME)?,
            penalty: points(p.penalty, 10.0, "penalty")?,
            max_penalty: points(p.max_penalty, 100.0, "max_penalty")?,
        })
    }
}

impl Check for Phrases {
    fn run(&self, ctx: &Ctx, emit: &mut Emitter) -> Judged {
        let mut taken = 0.0;
        let mut matches = ctx.matches(&self.matcher);
        // A phrase in two of the rule's lexicons is still one finding.
        matches.dedup_by(|a, b| a.span == b.span);
        for m in matches {
            let points = capped(&mut taken, self.penalty, self.max_penalty);
            let text = quote(&ctx.text()[m.span.clone()]);
            emit.emit(Some(m.span), points, &[("match", text)]);
        }
        Judged::Yes
    }

    fn matcher(&self) -> Option<&Matcher> {
        Some(&self.matcher)
    }
}

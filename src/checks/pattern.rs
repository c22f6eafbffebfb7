//! `pattern`: flag each match of a regular expression.

use serde::Deserialize;

use super::kind::{Check, CheckKind, Compiler, Invalid, points};
use super::{Ctx, Emitter, Judged, capped, quote};
use crate::rules::Pattern;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    pattern: Option<String>,
    penalty: Option<f64>,
    max_penalty: Option<f64>,
}

#[derive(Debug)]
pub struct PatternCheck {
    regex: Pattern,
    penalty: f64,
    max_penalty: f64,
}

impl CheckKind for PatternCheck {
    const NAME: &'static str = "pattern";
    const PLACEHOLDERS: &'static [&'static str] = &["match"];
    type Params = Params;

    fn compile(p: Params, cx: &mut Compiler) -> Result<Self, Invalid> {
        let source = p
            .pattern
            .ok_or_else(|| Invalid::at("check", "check `pattern` needs `pattern`"))?;
        Ok(PatternCheck {
            regex: cx.regex(&source, "pattern")?,
            penalty: points(p.penalty, 10.0, "penalty")?,
            max_penalty: points(p.max_penalty, 100.0, "max_penalty")?,
        })
    }
}

impl Check for PatternCheck {
    fn run(&self, ctx: &Ctx, emit: &mut Emitter) -> Judged {
        let mut taken = 0.0;
        for span in ctx.main.pattern_spans(&self.regex).iter() {
            let points = capped(&mut taken, self.penalty, self.max_penalty);
            let text = quote(&ctx.text()[span.clone()]);
            emit.emit(Some(span.clone()), points, &[("match", text)]);
        }
        Judged::Yes
    }

    fn pattern(&self) -> Option<&Pattern> {
        Some(&self.regex)
    }
}

//! `phrases` and `pattern`: flag each occurrence of what a text should not say.

use super::{Ctx, Emitter, capped, quote};
use crate::rules::{Matcher, Pattern};

pub fn run_matcher(ctx: &Ctx, matcher: &Matcher, penalty: f64, max: f64, emit: &mut Emitter) {
    let mut taken = 0.0;
    for m in ctx.matches(matcher) {
        let points = capped(&mut taken, penalty, max);
        let text = quote(&ctx.text()[m.span.clone()]);
        emit.emit(Some(m.span), points, &[("match", text)]);
    }
}

pub fn run_regex(ctx: &Ctx, pattern: &Pattern, penalty: f64, max: f64, emit: &mut Emitter) {
    let mut taken = 0.0;
    for span in ctx.main.pattern_spans(pattern).iter() {
        let points = capped(&mut taken, penalty, max);
        let text = quote(&ctx.text()[span.clone()]);
        emit.emit(Some(span.clone()), points, &[("match", text)]);
    }
}

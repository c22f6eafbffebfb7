//! `position`: what a text says must also stand where readers look for it —
//! a call to action belongs at the end.

use super::{Ctx, Emitter, quote};
use crate::rules::Matcher;

pub fn run(ctx: &Ctx, matcher: &Matcher, share: f64, penalty: f64, emit: &mut Emitter) {
    let matches = ctx.matches(matcher);
    let Some(last) = matches.last() else {
        // Absence is a coverage question, not a position one.
        return;
    };
    let words = ctx.analysis().words();
    let by_share = ((words as f64) * (1.0 - share)).floor() as usize;
    // The last block always counts as the end, however short the text.
    let last_block = ctx
        .analysis()
        .blocks
        .last()
        .map_or(words, |b| b.tokens.start);
    let region_start = by_share.min(last_block);
    if matches
        .iter()
        .any(|m| ctx.token_at(m.span.start) >= region_start)
    {
        return;
    }
    let text = quote(&ctx.text()[last.span.clone()]);
    emit.emit(Some(last.span.clone()), penalty, &[("match", text)]);
}

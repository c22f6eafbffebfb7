//! `coverage`: a text should name at least `min` distinct concepts (entries
//! of a lexicon, or patterns). Partial coverage costs part of the penalty.

use std::collections::BTreeSet;

use super::{Ctx, Emitter, quote};
use crate::rules::Matcher;

pub fn run(ctx: &Ctx, matcher: &Matcher, min: usize, penalty: f64, emit: &mut Emitter) {
    let mut seen = BTreeSet::new();
    let mut found = Vec::new();
    for m in ctx.matches(matcher) {
        if seen.insert(m.concept) {
            found.push(quote(&ctx.text()[m.span]));
        }
    }
    if found.len() >= min {
        return;
    }
    let missing = (min - found.len()) as f64 / min as f64;
    emit.emit(
        None,
        penalty * missing,
        &[
            ("found", found.len().to_string()),
            ("min", min.to_string()),
            ("items", found.join(", ")),
        ],
    );
}

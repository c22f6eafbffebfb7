//! `structure`: a text should have at least `min` blocks of a kind (list
//! items, headings, labelled sections…).

use super::{Ctx, Emitter};
use crate::rules::BlockSelector;
use crate::text::BlockKind;

pub fn run(ctx: &Ctx, selector: BlockSelector, min: usize, penalty: f64, emit: &mut Emitter) {
    let count = ctx
        .analysis()
        .blocks
        .iter()
        .filter(|b| match selector {
            BlockSelector::ListItems => b.kind == BlockKind::ListItem,
            BlockSelector::Headings => b.kind == BlockKind::Heading,
            BlockSelector::Labels => b.label,
            BlockSelector::Sections => b.kind == BlockKind::Heading || b.label,
            BlockSelector::Paragraphs => b.kind == BlockKind::Paragraph,
        })
        .count();
    if count >= min {
        return;
    }
    let missing = (min - count) as f64 / min as f64;
    emit.emit(
        None,
        penalty * missing,
        &[("found", count.to_string()), ("min", min.to_string())],
    );
}

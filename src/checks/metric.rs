//! `metric`: keep a measurement of the text within bounds — length, words
//! per paragraph or sentence, shouting in capitals.

use std::ops::Range;

use super::{Ctx, Emitter, capped, quote};
use crate::rules::Metric;
use crate::text::{Block, BlockKind};

/// Caps runs shorter than this are abbreviations (ЛДСП, МДФ), not shouting.
const MIN_SHOUTED_LETTERS: usize = 6;

pub fn run(
    ctx: &Ctx,
    metric: Metric,
    min: Option<f64>,
    max: Option<f64>,
    penalty: f64,
    max_penalty: f64,
    emit: &mut Emitter,
) {
    let mut taken = 0.0;
    let mut flag = |emit: &mut Emitter, span: Option<Range<usize>>, value: f64, limit: f64| {
        let points = capped(&mut taken, penalty, max_penalty);
        let vars = [
            ("value", format_value(value)),
            ("min", min.map(format_value).unwrap_or_default()),
            ("max", max.map(format_value).unwrap_or_default()),
            ("limit", format_value(limit)),
            (
                "match",
                span.as_ref()
                    .map(|s| quote(&ctx.text()[s.clone()]))
                    .unwrap_or_default(),
            ),
        ];
        emit.emit(span, points, &vars);
    };
    match metric {
        Metric::Words => {
            let words = ctx.analysis().words() as f64;
            if let Some(min) = min.filter(|m| words < *m) {
                flag(emit, None, words, min);
            }
            if let Some(max) = max.filter(|m| words > *m) {
                flag(emit, None, words, max);
            }
        }
        Metric::ParagraphWords => {
            let Some(max) = max else { return };
            for block in &ctx.analysis().blocks {
                let words = block.tokens.len() as f64;
                if block.kind != BlockKind::Heading && words > max {
                    flag(emit, Some(first_sentence(ctx, block)), words, max);
                }
            }
        }
        Metric::SentenceWords => {
            let Some(max) = max else { return };
            // A sentence is no longer than its block: split only long blocks.
            for block in blocks_where(ctx, |b| b.tokens.len() as f64 > max) {
                for sentence in ctx.analysis().sentences(ctx.text(), block) {
                    let words = sentence.tokens.len() as f64;
                    if words > max {
                        flag(emit, Some(sentence.span.clone()), words, max);
                    }
                }
            }
        }
        Metric::CapsShare => {
            let Some(max) = max else { return };
            let tokens = &ctx.analysis().tokens;
            let shouted = |range: Range<usize>| -> usize {
                tokens[range]
                    .iter()
                    .filter(|t| t.upper && t.letters >= 2)
                    .map(|t| t.letters as usize)
                    .sum()
            };
            for block in blocks_where(ctx, |b| shouted(b.tokens.clone()) >= MIN_SHOUTED_LETTERS) {
                for sentence in ctx.analysis().sentences(ctx.text(), block) {
                    let letters: usize = tokens[sentence.tokens.clone()]
                        .iter()
                        .map(|t| t.letters as usize)
                        .sum();
                    let caps = shouted(sentence.tokens.clone());
                    let share = caps as f64 / letters.max(1) as f64;
                    if caps >= MIN_SHOUTED_LETTERS && share > max {
                        flag(emit, Some(sentence.span.clone()), share, max);
                    }
                }
            }
        }
    }
}

fn blocks_where<'a>(
    ctx: &'a Ctx,
    keep: impl Fn(&Block) -> bool + 'a,
) -> impl Iterator<Item = &'a Block> + 'a {
    ctx.analysis().blocks.iter().filter(move |b| keep(b))
}

/// Underlining a whole wall of text helps nobody; point at its first sentence.
fn first_sentence(ctx: &Ctx, block: &Block) -> Range<usize> {
    ctx.analysis()
        .sentences(ctx.text(), block)
        .next()
        .map_or(block.span.clone(), |s| s.span)
}

pub(super) fn format_value(value: f64) -> String {
    if value.fract() == 0.0 {
        format!("{}", value as i64)
    } else if value < 1.0 {
        format!("{:.0}%", value * 100.0)
    } else {
        format!("{value:.1}")
    }
}

//! `metric`: keep a measurement of the text within bounds — length, words
//! per paragraph or sentence, shouting in capitals.

use std::ops::Range;

use super::{Ctx, Emitter, capped, quote};
use crate::rules::Metric;
use crate::text::BlockKind;

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
                    flag(
                        emit,
                        Some(first_sentence(ctx, block.span.clone())),
                        words,
                        max,
                    );
                }
            }
        }
        Metric::SentenceWords => {
            let Some(max) = max else { return };
            for sentence in &ctx.analysis().sentences {
                let words = sentence.tokens.len() as f64;
                if words > max {
                    flag(emit, Some(sentence.span.clone()), words, max);
                }
            }
        }
        Metric::CapsShare => {
            let Some(max) = max else { return };
            for sentence in &ctx.analysis().sentences {
                let tokens = &ctx.analysis().tokens[sentence.tokens.clone()];
                let letters: usize = tokens.iter().map(|t| t.letters as usize).sum();
                let caps: usize = tokens
                    .iter()
                    .filter(|t| t.upper && t.letters >= 2)
                    .map(|t| t.letters as usize)
                    .sum();
                let share = caps as f64 / letters.max(1) as f64;
                if caps >= MIN_SHOUTED_LETTERS && share > max {
                    flag(emit, Some(sentence.span.clone()), share, max);
                }
            }
        }
    }
}

/// Underlining a whole wall of text helps nobody; point at its first sentence.
fn first_sentence(ctx: &Ctx, block: Range<usize>) -> Range<usize> {
    ctx.analysis()
        .sentences
        .iter()
        .find(|s| s.span.start >= block.start && s.span.end <= block.end)
        .map_or(block, |s| s.span.clone())
}

fn format_value(value: f64) -> String {
    if value.fract() == 0.0 {
        format!("{}", value as i64)
    } else if value < 1.0 {
        format!("{:.0}%", value * 100.0)
    } else {
        format!("{value:.1}")
    }
}

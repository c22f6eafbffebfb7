//! `metric`: keep a measurement of the text within bounds — length, words
//! per paragraph or sentence, shouting in capitals.

use std::ops::Range;

use serde::Deserialize;

use std::sync::Arc;

use super::kind::{Bounds, Check, CheckKind, Compiler, Invalid, Nudge, Reads, points};
use super::{Ctx, Emitter, Judged, capped, quote};
use crate::text::{Block, BlockKind};

/// Caps runs shorter than this are abbreviations (ЛДСП, МДФ), not shouting.
const MIN_SHOUTED_LETTERS: usize = 6;
/// Words a capitalised sentence needs before it reads as shouting.
const MIN_SHOUTED_WORDS: usize = 3;

/// Document-level measurements that `metric` rules bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    /// Words in the whole text.
    Words,
    /// Words in each paragraph (per block; walls of text).
    ParagraphWords,
    /// Words in each sentence.
    SentenceWords,
    /// Share of letters in all-caps words, per sentence (shouting).
    CapsShare,
}

impl Metric {
    /// Per-block and per-sentence measures only look for excess.
    /// The smallest change of the measurement that matters: a word, or a
    /// twentieth of a share.
    fn step(self) -> f64 {
        match self {
            Metric::CapsShare => 0.05,
            Metric::Words | Metric::ParagraphWords | Metric::SentenceWords => 1.0,
        }
    }

    fn reads(self) -> Reads {
        match self {
            Metric::Words => Reads::Either,
            Metric::ParagraphWords | Metric::SentenceWords | Metric::CapsShare => Reads::Max,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    metric: Option<Metric>,
    min: Option<f64>,
    max: Option<f64>,
    penalty: Option<f64>,
    max_penalty: Option<f64>,
}

#[derive(Debug, Clone)]
pub struct MetricCheck {
    metric: Metric,
    bounds: Bounds,
    penalty: f64,
    max_penalty: f64,
}

impl CheckKind for MetricCheck {
    const NAME: &'static str = "metric";
    const PLACEHOLDERS: &'static [&'static str] = &["value", "min", "max", "limit", "match"];
    type Params = Params;

    fn compile(p: Params, _cx: &mut Compiler) -> Result<Self, Invalid> {
        let metric = p
            .metric
            .ok_or_else(|| Invalid::at("check", "check `metric` needs `metric`"))?;
        let what = format!("metric `{}`", metric_name(metric));
        Ok(MetricCheck {
            metric,
            bounds: Bounds::new(p.min, p.max, metric.reads(), &what)?,
            penalty: points(p.penalty, 10.0, "penalty")?,
            max_penalty: points(p.max_penalty, 100.0, "max_penalty")?,
        })
    }
}

fn metric_name(metric: Metric) -> &'static str {
    match metric {
        Metric::Words => "words",
        Metric::ParagraphWords => "paragraph_words",
        Metric::SentenceWords => "sentence_words",
        Metric::CapsShare => "caps_share",
    }
}

impl Check for MetricCheck {
    fn run(&self, ctx: &Ctx, emit: &mut Emitter) -> Judged {
        let (min, max) = (self.bounds.min, self.bounds.max);
        let mut taken = 0.0;
        let mut flag = |emit: &mut Emitter, span: Option<Range<usize>>, value: f64, limit: f64| {
            let points = capped(&mut taken, self.penalty, self.max_penalty);
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
        // Per-block measures read `max` only (validated at load).
        let max = max.unwrap_or(f64::INFINITY);
        match self.metric {
            Metric::Words => {
                let words = ctx.analysis().words() as f64;
                if let Some(min) = min.filter(|m| words < *m) {
                    flag(emit, None, words, min);
                }
                if words > max {
                    flag(emit, None, words, max);
                }
            }
            Metric::ParagraphWords => {
                for block in &ctx.analysis().blocks {
                    let words = block.tokens.len() as f64;
                    if block.kind != BlockKind::Heading && words > max {
                        flag(emit, Some(first_sentence(ctx, block)), words, max);
                    }
                }
            }
            Metric::SentenceWords => {
                // A sentence is no longer than its block: split only long blocks.
                for block in blocks_where(ctx, |b| b.tokens.len() as f64 > max) {
                    for sentence in ctx.analysis().block_sentences(block) {
                        let words = sentence.tokens.len() as f64;
                        if words > max {
                            flag(emit, Some(sentence.span.clone()), words, max);
                        }
                    }
                }
            }
            Metric::CapsShare => {
                let tokens = &ctx.analysis().tokens;
                let shouted = |range: Range<usize>| -> usize {
                    tokens[range]
                        .iter()
                        .filter(|t| t.upper && t.letters >= 2)
                        .map(|t| t.letters as usize)
                        .sum()
                };
                for block in blocks_where(ctx, |b| shouted(b.tokens.clone()) >= MIN_SHOUTED_LETTERS)
                {
                    for sentence in ctx.analysis().block_sentences(block) {
                        let letters: usize = tokens[sentence.tokens.clone()]
                            .iter()
                            .map(|t| t.letters as usize)
                            .sum();
                        let caps = shouted(sentence.tokens.clone());
                        let share = caps as f64 / letters.max(1) as f64;
                        // A one- or two-word banner («⚡ ЭЛЕКТРИК ⚡») is a
                        // heading, not shouting.
                        let banner = sentence.tokens.len() < MIN_SHOUTED_WORDS;
                        if caps >= MIN_SHOUTED_LETTERS && share > max && !banner {
                            flag(emit, Some(sentence.span.clone()), share, max);
                        }
                    }
                }
            }
        }
        Judged::Yes
    }

    fn nudged(&self, nudge: Nudge) -> Option<Arc<dyn Check>> {
        Some(Arc::new(MetricCheck {
            bounds: self.bounds.nudged(nudge, self.metric.step()),
            ..self.clone()
        }))
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
        .block_sentences(block)
        .first()
        .map_or(block.span.clone(), |s| s.span.clone())
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

#[cfg(test)]
mod tests {
    fn findings(kind: &str, dimension: (&str, u32), body: &str, text: &str) -> usize {
        let (_dir, engine) = crate::checks::tests::overlaid(kind, dimension, body);
        let kind = crate::input::Kind::parse(kind).expect("a kind");
        crate::checks::tests::test_rule_findings(&engine, kind, text).len()
    }

    #[test]
    fn a_sentence_of_exactly_the_maximum_passes_inside_a_longer_block() {
        let body = "    check: metric\n    metric: sentence_words\n    max: 5\n    penalty: 10\n    examples: { bad: [x], good: [y] }";
        let count = |text| findings("profile", ("structure", 15), body, text);
        assert_eq!(count("One two three four five. Six seven."), 0);
        assert_eq!(count("One two three four five six. Seven."), 1);
    }

    #[test]
    fn capitals_of_three_words_shout_and_of_two_are_a_banner() {
        let body = "    check: metric\n    metric: caps_share\n    max: 0.5\n    penalty: 10\n    examples: { bad: [x], good: [y] }";
        let count = |text| findings("review-reply", ("tone", 35), body, text);
        assert_eq!(count("WE DID EVERYTHING."), 1);
        assert_eq!(count("DID EVERYTHING."), 0);
    }

    #[test]
    fn whole_values_print_bare_shares_as_percentages_and_others_with_a_decimal() {
        use super::format_value;
        assert_eq!(format_value(3.0), "3");
        assert_eq!(format_value(0.55), "55%");
        assert_eq!(format_value(1.5), "1.5");
    }

    /// The verifier's edge test moves `caps_share` by a twentieth: a good
    /// example well under the line must be reported as not at the edge.
    #[test]
    fn the_verifier_moves_a_share_by_a_twentieth() {
        let failures = |good: &str| {
            let body = format!(
                "    check: metric\n    metric: caps_share\n    max: 0.5\n    penalty: 30\n    examples: {{ bad: [\"We are TRULY SORRY ABOUT THE MESS left on your drive.\"], good: [\"{good}\"] }}"
            );
            let (_dir, engine) =
                crate::checks::tests::overlaid("review-reply", ("tone", 35), &body);
            crate::checks::tests::test_rule_verify_failures(&engine)
        };
        // Exactly half the letters in capitals.
        assert!(failures("We are TRULY SORRY ABOUT THE MESS we left on your drive.").is_empty());
        // A quarter of the letters: shouting enough to measure (ten capitals),
        // well under the line.
        let below = failures("We are TRULY SORRY about the mess we left on your drive.");
        assert_eq!(below.len(), 1, "{below:?}");
        assert!(below[0].contains("no good example sits exactly at the threshold"));
    }
}

//! `structure`: a text should have at least `min` blocks of a kind (list
//! items, headings, labelled sections…). With `or_paragraphs`, clear prose
//! passes too: that many paragraphs (one, for a text of up to 50 words),
//! none longer than `paragraph_words` and no sentence longer than
//! `sentence_words`.

use serde::Deserialize;

use super::kind::{Check, CheckKind, Compiler, Invalid, count, points};
use super::{Ctx, Emitter, Judged};
use crate::text::BlockKind;

/// Which blocks a `structure` rule counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockSelector {
    ListItems,
    Headings,
    Labels,
    /// Headings and labelled blocks: the visible sections of a text.
    Sections,
    Paragraphs,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    blocks: Option<BlockSelector>,
    min: Option<f64>,
    penalty: Option<f64>,
    or_paragraphs: Option<f64>,
    paragraph_words: Option<f64>,
    sentence_words: Option<f64>,
}

#[derive(Debug)]
pub struct Structure {
    blocks: BlockSelector,
    min: usize,
    penalty: f64,
    /// Readable prose instead: this many short paragraphs.
    or_paragraphs: Option<usize>,
    paragraph_words: usize,
    sentence_words: usize,
}

/// The longest paragraph and sentence that still read at a glance, by
/// default.
const PARAGRAPH_WORDS: usize = 50;
const SENTENCE_WORDS: usize = 40;
/// A text this short reads as one paragraph; a longer one needs
/// `or_paragraphs` of them.
const ONE_PARAGRAPH_WORDS: usize = 50;
/// The mean sentence length clear prose stays under.
const MEAN_SENTENCE_WORDS: usize = 22;
/// Words a line may run without any stop and still read as prose.
const UNPUNCTUATED_WORDS: usize = 20;

impl CheckKind for Structure {
    const NAME: &'static str = "structure";
    const PLACEHOLDERS: &'static [&'static str] = &["found", "min"];
    type Params = Params;

    fn compile(p: Params, _cx: &mut Compiler) -> Result<Self, Invalid> {
        Ok(Structure {
            blocks: p
                .blocks
                .ok_or_else(|| Invalid::at("check", "check `structure` needs `blocks`"))?,
            min: count(p.min, 1, "min")?,
            penalty: points(p.penalty, 20.0, "penalty")?,
            or_paragraphs: p
                .or_paragraphs
                .map(|n| count(Some(n), 1, "or_paragraphs"))
                .transpose()?,
            paragraph_words: count(p.paragraph_words, PARAGRAPH_WORDS, "paragraph_words")?,
            sentence_words: count(p.sentence_words, SENTENCE_WORDS, "sentence_words")?,
        })
    }
}

impl Structure {
    /// At least `or_paragraphs` paragraphs, none of them a wall and no
    /// sentence a run-on.
    fn reads_as_clear_prose(&self, ctx: &Ctx) -> bool {
        let Some(wanted) = self.or_paragraphs else {
            return false;
        };
        let analysis = ctx.analysis();
        let paragraphs: Vec<&crate::text::Block> = analysis
            .blocks
            .iter()
            .filter(|b| b.kind == BlockKind::Paragraph && !b.tokens.is_empty())
            .collect();
        let short_sentences = |b: &crate::text::Block| {
            let text = &ctx.text()[b.span.clone()];
            // A run of words with no stop at all is not prose.
            let punctuated =
                b.tokens.len() <= UNPUNCTUATED_WORDS || text.contains(['.', '!', '?', '…', ';']);
            punctuated
                && (b.tokens.len() <= self.sentence_words
                    || analysis
                        .block_sentences(b)
                        .iter()
                        .all(|s| s.tokens.len() <= self.sentence_words))
        };
        let words: usize = paragraphs.iter().map(|b| b.tokens.len()).sum();
        let sentences: usize = paragraphs
            .iter()
            .map(|b| analysis.block_sentences(b).len())
            .sum();
        // One long sentence is fine; a text of them is not.
        let average_ok = words <= MEAN_SENTENCE_WORDS * sentences.max(1);
        (paragraphs.len() >= wanted || words <= ONE_PARAGRAPH_WORDS)
            && average_ok
            && paragraphs
                .iter()
                .all(|b| b.tokens.len() <= self.paragraph_words && short_sentences(b))
    }
}

impl Check for Structure {
    fn run(&self, ctx: &Ctx, emit: &mut Emitter) -> Judged {
        let count = ctx
            .analysis()
            .blocks
            .iter()
            .filter(|b| match self.blocks {
                BlockSelector::ListItems => b.kind == BlockKind::ListItem,
                BlockSelector::Headings => b.kind == BlockKind::Heading,
                BlockSelector::Labels => b.label,
                BlockSelector::Sections => b.kind == BlockKind::Heading || b.label,
                BlockSelector::Paragraphs => b.kind == BlockKind::Paragraph,
            })
            .count();
        if count < self.min && !self.reads_as_clear_prose(ctx) {
            let missing = (self.min - count) as f64 / self.min as f64;
            emit.emit(
                None,
                self.penalty * missing,
                &[("found", count.to_string()), ("min", self.min.to_string())],
            );
        }
        Judged::Yes
    }
}

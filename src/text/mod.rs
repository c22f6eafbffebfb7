//! Text analysis, done once per document: Markdown blocks and words with
//! byte spans, stems, lemmas and grammar. Sentences and their features are
//! computed on demand, since only some checks need them.

mod features;
mod sentence;
mod word;
mod word_bounds;

use std::ops::Range;
use std::rc::Rc;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

pub use features::{Features, Sentences, sentences};
pub use word::{Tags, WordInfo, analyze_word, form_hash, normalize, stem};

/// A word: its byte span in the document, its stem, lemmas and grammar.
#[derive(Debug, Clone)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub word: Rc<WordInfo>,
    /// Number of letters (digits excluded).
    pub letters: u16,
    /// Every letter is uppercase (and there is at least one).
    pub upper: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    Heading,
    Paragraph,
    ListItem,
}

/// A visual block: a heading, a list item, or a paragraph line group.
#[derive(Debug, Clone)]
pub struct Block {
    pub kind: BlockKind,
    pub span: Range<usize>,
    pub tokens: Range<usize>,
    /// Starts with a label such as `**Материалы:**` or `Price:`.
    pub label: bool,
    /// Its sentences, as indices into [`Analysis::sentences`].
    pub sentences: Range<usize>,
}

#[derive(Debug, Clone)]
pub struct Sentence {
    pub span: Range<usize>,
    pub tokens: Range<usize>,
}

#[derive(Debug, Clone, Default)]
pub struct Analysis {
    pub tokens: Vec<Token>,
    pub blocks: Vec<Block>,
    /// Every block's sentences, in order; split once, read by many checks.
    pub sentences: Vec<Sentence>,
    /// HTML comments (`<!-- … -->`), where suppressions live.
    pub comments: Vec<Range<usize>>,
}

impl Analysis {
    pub fn words(&self) -> usize {
        self.tokens.len()
    }

    /// Byte span covering tokens `range` (which must be non-empty).
    pub fn token_span(&self, range: &Range<usize>) -> Range<usize> {
        self.tokens[range.start].start..self.tokens[range.end - 1].end
    }
}

/// Characters that start a list item in plain text, where no Markdown list
/// marker is used.
const BULLETS: &[char] = &[
    '•', '●', '▪', '◦', '‣', '✓', '✔', '✅', '➤', '►', '→', '–', '—', '·', '-', '*', '+',
];

/// Analyses `text[body]`; all spans are offsets into `text`.
pub fn analyze(text: &str, body: Range<usize>) -> Analysis {
    let mut walker = Walker {
        text,
        out: Analysis::default(),
        open: None,
        item_depth: 0,
    };
    let parser = Parser::new_ext(&text[body.clone()], pulldown_cmark::Options::empty());
    for (event, range) in parser.into_offset_iter() {
        walker.event(event, range.start + body.start..range.end + body.start);
    }
    walker.close();
    let mut out = walker.out;
    out.split_sentences(text);
    out
}

struct OpenBlock {
    kind: BlockKind,
    span: Option<Range<usize>>,
    first_token: usize,
    /// The block opened with bold or italic text: a label candidate.
    starts_emphasised: bool,
    emphasis_depth: usize,
    label: bool,
}

struct Walker<'a> {
    text: &'a str,
    out: Analysis,
    open: Option<OpenBlock>,
    item_depth: usize,
}

impl Walker<'_> {
    fn event(&mut self, event: Event<'_>, range: Range<usize>) {
        match event {
            Event::Start(Tag::Heading { .. }) => self.start(BlockKind::Heading),
            Event::Start(Tag::Paragraph) if self.item_depth == 0 => {
                self.start(BlockKind::Paragraph)
            }
            Event::Start(Tag::Item) => {
                self.item_depth += 1;
                self.start(BlockKind::ListItem);
            }
            Event::Start(Tag::List(_)) => self.close(),
            Event::End(TagEnd::Item) => {
                self.close();
                self.item_depth = self.item_depth.saturating_sub(1);
            }
            Event::End(TagEnd::Heading(_) | TagEnd::Paragraph) if self.item_depth == 0 => {
                self.close()
            }
            Event::Start(Tag::Strong | Tag::Emphasis) => self.emphasis(true),
            Event::End(TagEnd::Strong | TagEnd::Emphasis) => self.emphasis(false),
            Event::Text(_) | Event::Code(_) => self.text(range),
            Event::SoftBreak | Event::HardBreak => self.line_break(),
            Event::Html(_) | Event::InlineHtml(_) => self.html(range),
            _ => {}
        }
    }

    fn start(&mut self, kind: BlockKind) {
        self.close();
        self.open = Some(OpenBlock {
            kind,
            span: None,
            first_token: self.out.tokens.len(),
            starts_emphasised: false,
            emphasis_depth: 0,
            label: false,
        });
    }

    fn emphasis(&mut self, entering: bool) {
        let block = self.ensure_open();
        if entering {
            if block.span.is_none() {
                block.starts_emphasised = true;
            }
            block.emphasis_depth += 1;
        } else {
            block.emphasis_depth = block.emphasis_depth.saturating_sub(1);
        }
    }

    fn ensure_open(&mut self) -> &mut OpenBlock {
        if self.open.is_none() {
            let kind = if self.item_depth > 0 {
                BlockKind::ListItem
            } else {
                BlockKind::Paragraph
            };
            self.start(kind);
        }
        self.open.as_mut().expect("block was just opened")
    }

    fn text(&mut self, range: Range<usize>) {
        let text = self.text;
        let slice = &text[range.clone()];
        let tokens = &mut self.out.tokens;
        for (offset, word) in word_bounds::words(slice) {
            tokens.push(make_token(word, range.start + offset));
        }
        let block = self.ensure_open();
        // A colon inside or right after the opening bold text marks a label.
        if block.starts_emphasised && !block.label && slice.trim_start().starts_with(':')
            || block.starts_emphasised
                && block.emphasis_depth > 0
                && slice.trim_end().ends_with(':')
        {
            block.label = true;
        }
        block.span = Some(match block.span.take() {
            Some(span) => span.start..range.end,
            None => range,
        });
    }

    /// Marketplaces show line breaks as typed, so each line of a paragraph is
    /// its own visual block; list items keep their lines together.
    fn line_break(&mut self) {
        if let Some(block) = &self.open
            && block.kind == BlockKind::Paragraph
        {
            self.start(BlockKind::Paragraph);
        }
    }

    fn html(&mut self, range: Range<usize>) {
        let html = &self.text[range.clone()];
        if let Some(start) = html.find("<!--") {
            let end = html[start..]
                .find("-->")
                .map_or(html.len(), |e| start + e + 3);
            self.out
                .comments
                .push(range.start + start..range.start + end);
        }
    }

    fn close(&mut self) {
        let Some(block) = self.open.take() else {
            return;
        };
        let Some(span) = block.span else {
            return;
        };
        let tokens = block.first_token..self.out.tokens.len();
        let first_char = self.text[span.clone()].chars().next().unwrap_or(' ');
        let kind = if block.kind == BlockKind::Paragraph && BULLETS.contains(&first_char) {
            BlockKind::ListItem
        } else {
            block.kind
        };
        let label = block.label
            || plain_label(
                &self.text[span.clone()],
                &self.out.tokens[tokens.clone()],
                span.start,
            );
        self.out.blocks.push(Block {
            kind,
            span,
            tokens,
            label,
            sentences: 0..0,
        });
    }
}

/// `Материалы: кварц, акрил` or a short line ending in a colon: a label
/// written without Markdown.
fn plain_label(text: &str, tokens: &[Token], base: usize) -> bool {
    let Some(colon) = text.find(':') else {
        return false;
    };
    let words_before = tokens.iter().take_while(|t| t.start < base + colon).count();
    let ends_with_colon = text.trim_end().ends_with(':');
    (1..=3).contains(&words_before) && (ends_with_colon || colon < 40)
        || ends_with_colon && (1..=6).contains(&tokens.len())
}

/// The words of a text, split exactly as documents are; lexicon phrases go
/// through this too so both sides agree.
pub fn word_slices(text: &str) -> impl Iterator<Item = &str> {
    word_bounds::words(text).into_iter().map(|(_, w)| w)
}

/// Letter and uppercase tests with the same fast paths.
fn letter_case(c: char) -> Option<bool> {
    if c.is_ascii() {
        c.is_ascii_alphabetic().then(|| c.is_ascii_uppercase())
    } else if matches!(c, 'А'..='Я' | 'Ё' | 'Ѐ'..='Џ') {
        Some(true)
    } else if matches!(c, 'а'..='я' | 'ё' | 'ѐ'..='џ') {
        Some(false)
    } else {
        c.is_alphabetic().then(|| c.is_uppercase())
    }
}

fn make_token(word: &str, start: usize) -> Token {
    let (mut letters, mut upper_letters) = (0u16, 0u16);
    for upper in word.chars().filter_map(letter_case) {
        letters = letters.saturating_add(1);
        if upper {
            upper_letters = upper_letters.saturating_add(1);
        }
    }
    Token {
        start,
        end: start + word.len(),
        word: analyze_word(word),
        letters,
        upper: letters > 0 && upper_letters == letters,
    }
}

impl Analysis {
    /// The sentences of one block (sentences never cross blocks).
    pub fn block_sentences(&self, block: &Block) -> &[Sentence] {
        &self.sentences[block.sentences.clone()]
    }

    fn split_sentences(&mut self, text: &str) {
        let mut sentences = Vec::with_capacity(self.blocks.len());
        for block in &mut self.blocks {
            let first = sentences.len();
            split_block(text, &self.tokens, block, &mut sentences);
            block.sentences = first..sentences.len();
        }
        self.sentences = sentences;
    }
}

fn split_block(text: &str, tokens: &[Token], block: &Block, out: &mut Vec<Sentence>) {
    let block_text = &text[block.span.clone()];
    let trimmed = block_text.trim_end();
    if block.tokens.is_empty() {
        return;
    }
    if !trimmed.contains(sentence::may_end_sentence) {
        // UAX #29 breaks only after terminators and line breaks; without
        // one inside, the block is a single sentence.
        out.push(Sentence {
            span: block.span.start..block.span.start + trimmed.len(),
            tokens: block.tokens.clone(),
        });
        return;
    }
    let starts = sentence::sentence_starts(block_text);
    let ends = starts.iter().skip(1).copied().chain([block_text.len()]);
    for (&from, to) in starts.iter().zip(ends) {
        let start = block.span.start + from;
        let end = start + block_text[from..to].trim_end().len();
        let first = tokens.partition_point(|t| t.start < start);
        let last = tokens.partition_point(|t| t.start < end);
        if last > first {
            out.push(Sentence {
                span: start..end,
                tokens: first..last,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn analyze_all(text: &str) -> Analysis {
        analyze(text, 0..text.len())
    }

    #[test]
    fn blocks_from_markdown() {
        let text = "## Услуги\n\n- Столешницы\n- Подоконники\n\n**Материалы:** кварц, акрил.\n\nМы работаем 12 лет. Звоните!";
        let a = analyze_all(text);
        let kinds: Vec<_> = a.blocks.iter().map(|b| b.kind).collect();
        assert_eq!(
            kinds,
            [
                BlockKind::Heading,
                BlockKind::ListItem,
                BlockKind::ListItem,
                BlockKind::Paragraph,
                BlockKind::Paragraph
            ]
        );
        assert!(a.blocks[3].label);
        assert!(!a.blocks[4].label);
        assert_eq!(&text[a.blocks[1].span.clone()], "Столешницы");
        let sentences: usize = a.blocks.iter().map(|b| a.block_sentences(b).len()).sum();
        assert_eq!(a.sentences.len(), 6);
        assert_eq!(sentences, 6);
    }

    #[test]
    fn plain_text_lines_and_bullets() {
        let text = "Материалы: кварц, акрил\n• Столешницы\n• Подоконники\nРаботаем по Казани";
        let a = analyze_all(text);
        assert_eq!(a.blocks.len(), 4);
        assert!(a.blocks[0].label);
        assert_eq!(a.blocks[1].kind, BlockKind::ListItem);
        assert_eq!(a.blocks[3].kind, BlockKind::Paragraph);
    }

    #[test]
    fn tokens_have_spans_and_stems() {
        let text = "Столешницы из КВАРЦЕВОГО агломерата";
        let a = analyze_all(text);
        assert_eq!(a.words(), 4);
        assert_eq!(&text[a.tokens[2].start..a.tokens[2].end], "КВАРЦЕВОГО");
        assert!(a.tokens[2].upper);
        assert_eq!(a.tokens[2].word.stem, stem("кварцевый"));
    }

    #[test]
    fn comments_are_collected_not_tokenized() {
        let text = "<!-- pitchlint-disable x -->\nТекст профиля";
        let a = analyze_all(text);
        assert_eq!(a.comments.len(), 1);
        assert_eq!(a.words(), 2);
    }
}

//! Lexicons: word lists matched on stems. One entry is a concept, written as
//! one phrase or a list of synonyms; `=Word` matches that exact surface form.

use rustc_hash::FxHashMap as HashMap;
use std::ops::Range;

use crate::text::{Analysis, normalize, normalize_into, stem};

pub type LexId = usize;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Word {
    Stem(Box<str>),
    /// Abbreviations (ЛДСП, НАО, HPL): matched on the lowercased word, not
    /// the stem, which would cut them down to common words (НАО → на).
    Norm(Box<str>),
    Exact(Box<str>),
}

/// Short all-capital words are abbreviations.
fn is_abbreviation(word: &str) -> bool {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    (2..=5).contains(&letters)
        && word
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
}

#[derive(Debug, Clone)]
pub struct Entry {
    /// How the entry is shown to users: its first spelling.
    pub label: String,
    variants: Vec<Vec<Word>>,
}

#[derive(Debug, Clone)]
pub struct Lexicon {
    pub name: String,
    pub entries: Vec<Entry>,
}

impl Lexicon {
    /// Compiles entries; each is a list of synonyms. Returns the spelling of
    /// an entry with no words, if any, so the loader can report it.
    pub fn new(name: &str, entries: &[Vec<String>]) -> Result<Lexicon, String> {
        let mut compiled = Vec::with_capacity(entries.len());
        for synonyms in entries {
            let mut variants = Vec::with_capacity(synonyms.len());
            for phrase in synonyms {
                let words = phrase_words(phrase);
                if words.is_empty() {
                    return Err(phrase.clone());
                }
                variants.push(words);
            }
            let label = synonyms.first().cloned().unwrap_or_default();
            compiled.push(Entry {
                label: label.trim_start_matches('=').to_string(),
                variants,
            });
        }
        Ok(Lexicon {
            name: name.to_string(),
            entries: compiled,
        })
    }
}

/// Splits a phrase the way documents are split, so both sides agree.
fn phrase_words(phrase: &str) -> Vec<Word> {
    if let Some(exact) = phrase.strip_prefix('=') {
        return crate::text::word_slices(exact)
            .map(|w| Word::Exact(w.into()))
            .collect();
    }
    crate::text::word_slices(phrase)
        .map(|w| {
            if is_abbreviation(w) {
                Word::Norm(normalize(w).into())
            } else {
                Word::Stem(stem(w).as_ref().into())
            }
        })
        .collect()
}

/// A lexicon match: which entry, over which tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub entry: usize,
    pub tokens: Range<usize>,
}

/// One phrase of an entry: (lexicon, entry, its words).
type Phrase = (LexId, usize, Box<[WordId]>);

/// Interned id of one lexicon word (a stem, abbreviation or exact form).
type WordId = u32;

/// The ids a document token can match: its stem, and where lexicons have
/// such words, its lowercased form (abbreviations) and its exact surface.
#[derive(Clone, Copy, Default)]
struct TokenIds([Option<WordId>; 3]);

impl TokenIds {
    fn has(&self, id: WordId) -> bool {
        self.0.contains(&Some(id))
    }
}

/// All lexicons of one language with every phrase word interned and an
/// index from first word to the phrases that start with it, so a document
/// is scanned once for all lexicons with integer comparisons.
#[derive(Debug, Default)]
pub struct LexiconPack {
    pub lexicons: Vec<Lexicon>,
    by_name: HashMap<String, LexId>,
    stems: HashMap<Box<str>, WordId>,
    norms: HashMap<Box<str>, WordId>,
    surfaces: HashMap<Box<str>, WordId>,
    /// Lengths (in bytes, up to 63) of exact surfaces, to skip lookups.
    surface_lengths: u64,
    /// Phrases by the id of their first word: (lexicon, entry, words).
    starts: Vec<Vec<Phrase>>,
}

impl LexiconPack {
    pub fn insert(&mut self, lexicon: Lexicon) -> LexId {
        let id = self.lexicons.len();
        self.by_name.insert(lexicon.name.clone(), id);
        self.lexicons.push(lexicon);
        id
    }

    pub fn id(&self, name: &str) -> Option<LexId> {
        self.by_name.get(name).copied()
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.by_name.keys().map(String::as_str)
    }

    /// Interns every phrase word and builds the first-word index; call
    /// after the last insert.
    pub fn build_index(&mut self) {
        self.stems.clear();
        self.norms.clear();
        self.surfaces.clear();
        self.surface_lengths = 0;
        let mut starts: Vec<Vec<Phrase>> = Vec::new();
        let mut next: WordId = 0;
        for (lex, lexicon) in self.lexicons.iter().enumerate() {
            for (entry, e) in lexicon.entries.iter().enumerate() {
                for words in &e.variants {
                    let ids: Box<[WordId]> = words
                        .iter()
                        .map(|word| {
                            let (map, key) = match word {
                                Word::Stem(s) => (&mut self.stems, s),
                                Word::Norm(s) => (&mut self.norms, s),
                                Word::Exact(s) => {
                                    if s.len() < 64 {
                                        self.surface_lengths |= 1 << s.len();
                                    }
                                    (&mut self.surfaces, s)
                                }
                            };
                            *map.entry(key.clone()).or_insert_with(|| {
                                next += 1;
                                next - 1
                            })
                        })
                        .collect();
                    starts.resize_with(next as usize, Vec::new);
                    starts[ids[0] as usize].push((lex, entry, ids));
                }
            }
        }
        self.starts = starts;
    }

    fn token_ids(&self, text: &str, token: &crate::text::Token, norm: &mut String) -> TokenIds {
        let surface = &text[token.start..token.end];
        let by_stem = self.stems.get(&*token.stem).copied();
        let by_norm = if self.norms.is_empty() || token.letters > 5 {
            None
        } else {
            normalize_into(surface, norm);
            self.norms.get(norm.as_str()).copied()
        };
        let by_surface = if surface.len() < 64 && self.surface_lengths & (1 << surface.len()) != 0 {
            self.surfaces.get(surface).copied()
        } else {
            None
        };
        TokenIds([by_stem, by_norm, by_surface])
    }

    /// Every lexicon's hits in a document, indexed by [`LexId`]. Within a
    /// lexicon, overlapping hits keep the longest, so `натуральный камень`
    /// is one hit, not also `камень`.
    pub fn hits(&self, text: &str, analysis: &Analysis) -> Vec<Vec<Hit>> {
        let mut hits: Vec<Vec<Hit>> = vec![Vec::new(); self.lexicons.len()];
        let mut norm = String::new();
        let ids: Vec<TokenIds> = analysis
            .tokens
            .iter()
            .map(|t| self.token_ids(text, t, &mut norm))
            .collect();
        for (i, first) in ids.iter().enumerate() {
            for id in first.0.iter().flatten() {
                for (lex, entry, words) in &self.starts[*id as usize] {
                    let fits = ids.len() - i >= words.len()
                        && words.iter().zip(&ids[i..]).all(|(w, t)| t.has(*w));
                    if fits {
                        hits[*lex].push(Hit {
                            entry: *entry,
                            tokens: i..i + words.len(),
                        });
                    }
                }
            }
        }
        for list in &mut hits {
            keep_longest(list);
        }
        hits
    }
}

fn keep_longest(hits: &mut Vec<Hit>) {
    if hits.len() < 2 {
        return;
    }
    hits.sort_by(|a, b| {
        a.tokens
            .start
            .cmp(&b.tokens.start)
            .then(b.tokens.end.cmp(&a.tokens.end))
    });
    let mut kept: Vec<Hit> = Vec::with_capacity(hits.len());
    for hit in hits.drain(..) {
        if kept
            .last()
            .is_some_and(|last| hit.tokens.end <= last.tokens.end)
        {
            continue;
        }
        kept.push(hit);
    }
    *hits = kept;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::analyze;

    fn pack(entries: &[&[&str]]) -> LexiconPack {
        let entries: Vec<Vec<String>> = entries
            .iter()
            .map(|e| e.iter().map(|s| s.to_string()).collect())
            .collect();
        let mut pack = LexiconPack::default();
        pack.insert(Lexicon::new("test", &entries).unwrap());
        pack.build_index();
        pack
    }

    fn labels(pack: &LexiconPack, text: &str) -> Vec<String> {
        let analysis = analyze(text, 0..text.len());
        pack.hits(text, &analysis)[0]
            .iter()
            .map(|h| text[analysis.token_span(&h.tokens)].to_string())
            .collect()
    }

    #[test]
    fn matches_inflected_phrases() {
        let p = pack(&[&["кварцевый агломерат"], &["столешница"]]);
        assert_eq!(
            labels(&p, "Столешницы из кварцевого агломерата"),
            ["Столешницы", "кварцевого агломерата"]
        );
    }

    #[test]
    fn exact_entries_are_case_sensitive() {
        let p = pack(&[&["Texas", "=TX"]]);
        assert_eq!(labels(&p, "Austin, TX and tx"), ["TX"]);
    }

    #[test]
    fn abbreviations_match_whole_words_in_any_case() {
        let p = pack(&[&["НАО"], &["ЛДСП"]]);
        assert_eq!(
            labels(&p, "Выезжаем на замер, фасады из лдсп и ЛДСП"),
            ["лдсп", "ЛДСП"]
        );
    }

    #[test]
    fn longest_overlapping_hit_wins() {
        let p = pack(&[&["камень"], &["натуральный камень"]]);
        assert_eq!(labels(&p, "натуральный камень"), ["натуральный камень"]);
    }
}

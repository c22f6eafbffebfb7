//! Lexicons: word lists matched on stems. One entry is a concept, written as
//! one phrase or a list of synonyms; `=word` matches that exact surface form
//! (and, written in lower case, the same with a capital first letter).

use rustc_hash::FxHashMap as HashMap;
use std::ops::Range;

use crate::text::{Analysis, normalize, stem};

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

/// An entry with no words (only punctuation, say): its spelling, so the
/// loader can point at it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmptyEntry(pub String);

impl Lexicon {
    /// Compiles entries; each is a list of synonyms.
    pub fn new(name: &str, entries: &[Vec<String>]) -> Result<Lexicon, EmptyEntry> {
        let mut compiled = Vec::with_capacity(entries.len());
        for synonyms in entries {
            let mut variants = Vec::with_capacity(synonyms.len());
            for phrase in synonyms {
                let words = phrase_words(phrase);
                if words.is_empty() {
                    return Err(EmptyEntry(phrase.clone()));
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

/// A word with its first letter in lower case, when it was a capital: an
/// exact entry also matches at the start of a sentence («Простите»).
fn lower_first(word: &str) -> Option<String> {
    let mut chars = word.chars();
    let first = chars.next()?;
    if !first.is_uppercase() {
        return None;
    }
    let mut out: String = first.to_lowercase().collect();
    out.push_str(chars.as_str());
    // Only a letter whose lower case is as long keeps the length filter true.
    (out.len() == word.len()).then_some(out)
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

/// A node of the phrase trie: the phrases that end here, as (lexicon,
/// entry), and the next words, sorted by id for binary search.
#[derive(Debug, Default)]
struct Node {
    ends: Vec<(LexId, usize)>,
    next: Vec<(WordId, u32)>,
    /// Bit `id % 64` of every next word: most tokens continue no phrase,
    /// and this says so without a search through `next`.
    next_mask: u64,
}

fn mask_bit(id: WordId) -> u64 {
    1 << (id % 64)
}

/// Interned id of one lexicon word (a stem, abbreviation or exact form).
type WordId = u32;

/// The ids a document token can match: its stem and the stems of up to
/// two of its lemmas, and where lexicons have such words, its lowercased
/// form (abbreviations) and its exact surface.
#[derive(Clone, Copy, Default)]
struct TokenIds([Option<WordId>; 5]);

impl TokenIds {
    fn ids(&self) -> impl Iterator<Item = WordId> + '_ {
        self.0.iter().flatten().copied()
    }
}

/// All lexicons of one language with every phrase word interned and the
/// phrases in a trie of word ids, so a document is scanned once for all
/// lexicons with integer comparisons, and the work at each token depends on
/// the phrases that match there, not on how many share its first word.
#[derive(Debug, Default)]
pub struct LexiconPack {
    pub lexicons: Vec<Lexicon>,
    by_name: HashMap<String, LexId>,
    stems: HashMap<Box<str>, WordId>,
    norms: HashMap<Box<str>, WordId>,
    surfaces: HashMap<Box<str>, WordId>,
    /// Lengths (in bytes, up to 63) of exact surfaces, to skip lookups.
    surface_lengths: u64,
    /// Trie nodes below the root, by the id of their first word.
    starts: Vec<Option<u32>>,
    nodes: Vec<Node>,
    /// Tells this index from any other in the words' memo of ids.
    key: u32,
}

/// Keys of built indexes; 0 is never used, so a fresh memo never matches.
static NEXT_KEY: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(1);

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

    /// Interns every phrase word and builds the phrase trie; call after the
    /// last insert.
    pub fn build_index(&mut self) {
        self.stems.clear();
        self.norms.clear();
        self.surfaces.clear();
        self.surface_lengths = 0;
        let mut starts: Vec<Option<u32>> = Vec::new();
        let mut nodes: Vec<Node> = Vec::new();
        // (node, word) → child while building; nodes keep sorted lists.
        let mut children: HashMap<(u32, WordId), u32> = HashMap::default();
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
                    starts.resize(next as usize, None);
                    let mut node = *starts[ids[0] as usize].get_or_insert_with(|| {
                        nodes.push(Node::default());
                        nodes.len() as u32 - 1
                    });
                    for &id in &ids[1..] {
                        node = *children.entry((node, id)).or_insert_with(|| {
                            nodes.push(Node::default());
                            let child = nodes.len() as u32 - 1;
                            nodes[node as usize].next.push((id, child));
                            child
                        });
                    }
                    nodes[node as usize].ends.push((lex, entry));
                }
            }
        }
        for node in &mut nodes {
            node.next.sort_unstable();
            node.next_mask = node.next.iter().fold(0, |m, &(id, _)| m | mask_bit(id));
        }
        self.starts = starts;
        self.nodes = nodes;
        self.key = NEXT_KEY.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }

    fn token_ids(&self, text: &str, token: &crate::text::Token) -> TokenIds {
        let word = &token.word;
        let [by_stem, lemma, other_lemma, by_norm] = match word.pack_ids.get() {
            Some((key, ids)) if key == self.key => ids,
            _ => {
                let ids = self.form_ids(word);
                word.pack_ids.set(Some((self.key, ids)));
                ids
            }
        };
        let surface = &text[token.start..token.end];
        let by_surface = if surface.len() < 64 && self.surface_lengths & (1 << surface.len()) != 0 {
            self.surfaces
                .get(surface)
                .or_else(|| self.surfaces.get(lower_first(surface)?.as_str()))
                .copied()
        } else {
            None
        };
        TokenIds([by_stem, lemma, other_lemma, by_norm, by_surface])
    }

    /// The ids of a word form, whatever its case: by stem, by two lemma
    /// stems, and short forms (abbreviations) as they are.
    fn form_ids(&self, word: &crate::text::WordInfo) -> [Option<WordId>; 4] {
        let by_stem = self.stems.get(&*word.stem).copied();
        let mut lemmas = word
            .lemma_stems
            .iter()
            .filter_map(|s| self.stems.get(&**s).copied());
        let (lemma, other_lemma) = (lemmas.next(), lemmas.next());
        let by_norm = if self.norms.is_empty()
            || word.norm.chars().filter(|c| c.is_alphabetic()).count() > 5
        {
            None
        } else {
            self.norms.get(&*word.norm).copied()
        };
        [by_stem, lemma, other_lemma, by_norm]
    }

    /// Every lexicon's hits in a document, indexed by [`LexId`]. Within a
    /// lexicon, overlapping hits keep the longest, so `натуральный камень`
    /// is one hit, not also `камень`.
    pub fn hits(&self, text: &str, analysis: &Analysis) -> Vec<Vec<Hit>> {
        let ids: Vec<TokenIds> = analysis
            .tokens
            .iter()
            .map(|t| self.token_ids(text, t))
            .collect();
        let fillers: Vec<bool> = analysis
            .tokens
            .iter()
            .map(|t| t.word.tags.contains(crate::text::Tags::FILLER))
            .collect();
        self.scan(&ids, &fillers, &mut 0)
    }

    /// Walks the trie from every token; `steps` counts trie nodes visited.
    /// Inside a phrase, one filler word (`fillers`) may stand between two of
    /// its words: «ну вы конечно даёте» is «ну вы даёте», "if you can't even
    /// manage" is "if you can't manage".
    fn scan(&self, ids: &[TokenIds], fillers: &[bool], steps: &mut usize) -> Vec<Vec<Hit>> {
        let mut hits: Vec<Vec<Hit>> = vec![Vec::new(); self.lexicons.len()];
        // Nodes reached so far from the current start; a token has up to
        // three ids, so a walk may branch. `skipped` are nodes carried over a
        // filler: they continue the walk but end no phrase on the filler.
        let mut here: Vec<u32> = Vec::new();
        let mut there: Vec<u32> = Vec::new();
        let mut skipped: Vec<u32> = Vec::new();
        for (i, first) in ids.iter().enumerate() {
            here.clear();
            skipped.clear();
            here.extend(
                first
                    .ids()
                    .filter_map(|id| self.starts.get(id as usize).copied().flatten()),
            );
            here.dedup();
            let mut end = i + 1;
            while !here.is_empty() || !skipped.is_empty() {
                for &node in &here {
                    *steps += 1;
                    for &(lex, entry) in &self.nodes[node as usize].ends {
                        hits[lex].push(Hit {
                            entry,
                            tokens: i..end,
                        });
                    }
                }
                let Some(token) = ids.get(end) else {
                    break;
                };
                there.clear();
                for &node in here.iter().chain(&skipped) {
                    let node = &self.nodes[node as usize];
                    for id in token.ids() {
                        if node.next_mask & mask_bit(id) == 0 {
                            continue;
                        }
                        if let Ok(k) = node.next.binary_search_by_key(&id, |&(w, _)| w) {
                            there.push(node.next[k].1);
                        }
                    }
                }
                there.sort_unstable();
                there.dedup();
                skipped.clear();
                if fillers.get(end).copied().unwrap_or(false) {
                    skipped.extend(
                        here.iter()
                            .filter(|&&n| !self.nodes[n as usize].next.is_empty()),
                    );
                }
                std::mem::swap(&mut here, &mut there);
                end += 1;
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
    fn one_filler_word_may_stand_inside_a_phrase() {
        let p = pack(&[
            &["ну вы даёте"],
            &["if you can't manage"],
            &["это элементарно"],
        ]);
        assert_eq!(
            labels(&p, "Ну вы конечно даёте. Это же элементарно."),
            ["Ну вы конечно даёте", "Это же элементарно"]
        );
        assert_eq!(
            labels(&p, "If you can't even manage that, call me."),
            ["If you can't even manage"]
        );
        // Not at either end, not two in a row, and never a negation.
        assert!(
            labels(&p, "Это элементарно просто")
                .iter()
                .all(|l| l == "Это элементарно")
        );
        assert!(labels(&p, "Ну вы же конечно даёте. Ну вы не даёте.").is_empty());
    }

    #[test]
    fn exact_entries_are_case_sensitive() {
        let p = pack(&[&["Texas", "=TX"]]);
        assert_eq!(labels(&p, "Austin, TX and tx"), ["TX"]);
    }

    #[test]
    fn exact_entries_also_match_with_a_capital_first_letter() {
        let p = pack(&[&["=простите"]]);
        assert_eq!(
            labels(&p, "Простите нас. Это просто усадка, простите."),
            ["Простите", "простите"]
        );
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
    fn phrases_sharing_a_first_word_cost_no_more_per_token() {
        // 3 000 phrases all starting with `камень`, over 2 000 tokens of
        // `камень`: comparing each phrase at each token would take six
        // million steps; the trie visits one node per token.
        let many: Vec<String> = (0..3000).map(|i| format!("камень вариант{i}")).collect();
        let refs: Vec<&str> = many.iter().map(String::as_str).collect();
        let mut entries: Vec<&[&str]> = refs.iter().map(std::slice::from_ref).collect();
        entries.push(&["камень"]);
        let p = pack(&entries);
        let text = "камень ".repeat(2000) + "камень вариант2999";
        let analysis = analyze(&text, 0..text.len());
        let ids: Vec<TokenIds> = analysis
            .tokens
            .iter()
            .map(|t| p.token_ids(&text, t))
            .collect();
        let mut steps = 0;
        let hits = p.scan(&ids, &vec![false; ids.len()], &mut steps);
        assert!(
            steps <= 2 * ids.len() + 2,
            "{steps} steps for {} tokens",
            ids.len()
        );
        assert_eq!(hits[0].len(), 2001);
        assert_eq!(hits[0].last().unwrap().entry, 2999);
        assert_eq!(hits[0].last().unwrap().tokens.len(), 2);
    }

    #[test]
    fn longest_overlapping_hit_wins() {
        let p = pack(&[&["камень"], &["натуральный камень"]]);
        assert_eq!(labels(&p, "натуральный камень"), ["натуральный камень"]);
    }
}

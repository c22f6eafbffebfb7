//! Word normalisation and Snowball stemming, cached per thread.
//!
//! Each word is stemmed by its script: Cyrillic words with the Russian
//! stemmer, everything else with the English one. Lexicons go through the
//! same function, so a Russian profile still matches `Blum` or `Egger`.

use rustc_hash::FxHashMap as HashMap;
use std::cell::RefCell;
use std::rc::Rc;

use rust_stemmers::{Algorithm, Stemmer};

use crate::input::is_cyrillic;

/// Entries kept in a thread's cache before it is cleared; bounds memory in
/// long batch runs over open vocabularies.
const CACHE_LIMIT: usize = 100_000;

struct StemCache {
    russian: Stemmer,
    english: Stemmer,
    stems: HashMap<Box<str>, Rc<str>>,
    buffer: String,
}

thread_local! {
    static CACHE: RefCell<StemCache> = RefCell::new(StemCache {
        russian: Stemmer::create(Algorithm::Russian),
        english: Stemmer::create(Algorithm::English),
        stems: HashMap::default(),
        buffer: String::new(),
    });
}

/// Lowercase with ё folded into е, as Russian writers use them interchangeably.
pub fn normalize_into(word: &str, out: &mut String) {
    out.clear();
    for c in word.chars() {
        match c {
            'ё' | 'Ё' => out.push('е'),
            'а'..='я' => out.push(c),
            // Cyrillic capitals sit 32 code points below their lowercase.
            'А'..='Я' => out.push(char::from_u32(c as u32 + 32).unwrap_or(c)),
            _ if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            _ => out.extend(c.to_lowercase()),
        }
    }
}

pub fn normalize(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    normalize_into(word, &mut out);
    out
}

/// The stem of one word (any case).
pub fn stem(word: &str) -> Rc<str> {
    CACHE.with(|cache| {
        let cache = &mut *cache.borrow_mut();
        normalize_into(word, &mut cache.buffer);
        if let Some(stem) = cache.stems.get(cache.buffer.as_str()) {
            return stem.clone();
        }
        let norm = cache.buffer.as_str();
        let stemmer = if norm.chars().any(is_cyrillic) {
            &cache.russian
        } else {
            &cache.english
        };
        let stem: Rc<str> = Rc::from(stemmer.stem(norm).as_ref());
        if cache.stems.len() >= CACHE_LIMIT {
            cache.stems.clear();
        }
        cache.stems.insert(Box::from(norm), stem.clone());
        stem
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn russian_word_forms_share_a_stem() {
        assert_eq!(stem("кварцевого"), stem("кварцевый"));
        assert_eq!(stem("агломерата"), stem("агломерат"));
        assert_eq!(stem("столешниц"), stem("Столешница"));
        assert_eq!(stem("ёлка"), stem("елка"));
    }

    #[test]
    fn normalisation_lowercases_and_folds_yo() {
        assert_eq!(normalize("ЁЛКА Ёжик Straße ÄЯ"), "елка ежик straße äя");
    }

    #[test]
    fn english_word_forms_share_a_stem() {
        assert_eq!(stem("countertops"), stem("countertop"));
        assert_eq!(stem("Installing"), stem("install"));
    }
}

//! Regular expressions from rule files, checked when rules load but compiled
//! on first use: most runs touch one kind and one language, and compiling
//! every Unicode-aware pattern up front would dominate start-up.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use regex::{Regex, RegexSet, SetMatches};
use rustc_hash::FxHashMap;

/// Why a regular expression was refused: the parser's or compiler's reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadPattern(pub String);

impl std::fmt::Display for BadPattern {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Debug)]
pub struct Pattern {
    source: String,
    compiled: OnceLock<Regex>,
}

impl Pattern {
    /// Validates the syntax; the error text is the parser's last line.
    pub fn new(source: &str) -> Result<Pattern, BadPattern> {
        regex_syntax::ParserBuilder::new()
            .build()
            .parse(source)
            .map_err(|e| {
                let text = e.to_string();
                let last = text
                    .lines()
                    .rfind(|l| !l.trim().is_empty())
                    .unwrap_or("invalid regex");
                BadPattern(last.trim().trim_start_matches("error: ").to_string())
            })?;
        Ok(Pattern {
            source: source.to_string(),
            compiled: OnceLock::new(),
        })
    }

    /// Compiles now; fails when the pattern is over the size limits.
    pub fn compile(&self) -> Result<(), BadPattern> {
        if self.compiled.get().is_none() {
            let regex = Regex::new(&self.source).map_err(|e| {
                BadPattern(match e {
                    regex::Error::CompiledTooBig(limit) => {
                        format!("compiles to more than {limit} bytes; simplify it")
                    }
                    other => other.to_string(),
                })
            })?;
            let _ = self.compiled.set(regex);
        }
        Ok(())
    }

    pub fn regex(&self) -> &Regex {
        self.compiled.get_or_init(|| {
            // Syntax was checked at load; only size limits could fail here,
            // and a pattern that never matches is the safe fallback.
            Regex::new(&self.source).unwrap_or_else(|_| Regex::new(r"[^\s\S]").expect("valid"))
        })
    }

    pub fn as_str(&self) -> &str {
        &self.source
    }
}

impl Clone for Pattern {
    fn clone(&self) -> Self {
        Pattern {
            source: self.source.clone(),
            compiled: self.compiled.clone(),
        }
    }
}

/// Documents of a language checked before its [`Prefilter`] is compiled.
const PREFILTER_AFTER: usize = 4;

/// All patterns of one language in one automaton: a single pass over a
/// text tells which of them match at all, so the others are never run.
/// Compiling it takes a few milliseconds, which pays off only over many
/// documents, so a one-file check never builds it.
#[derive(Debug, Default)]
pub struct Prefilter {
    sources: Vec<String>,
    index: FxHashMap<String, usize>,
    uses: AtomicUsize,
    set: OnceLock<Option<RegexSet>>,
}

impl Prefilter {
    pub fn new<'a>(sources: impl IntoIterator<Item = &'a str>) -> Prefilter {
        let mut prefilter = Prefilter::default();
        for source in sources {
            if !prefilter.index.contains_key(source) {
                let i = prefilter.sources.len();
                prefilter.index.insert(source.to_string(), i);
                prefilter.sources.push(source.to_string());
            }
        }
        prefilter
    }

    /// Which patterns match `text`, or `None` while the set is not worth
    /// building yet (or could not be built).
    pub fn scan(&self, text: &str) -> Option<SetMatches> {
        let set = match self.set.get() {
            Some(set) => set.as_ref(),
            None if self.uses.fetch_add(1, Ordering::Relaxed) < PREFILTER_AFTER => None,
            None => self
                .set
                .get_or_init(|| RegexSet::new(&self.sources).ok())
                .as_ref(),
        }?;
        Some(set.matches(text))
    }

    /// Whether `pattern` may match a text `scan` returned `seen` for.
    pub fn may_match(&self, seen: Option<&SetMatches>, pattern: &Pattern) -> bool {
        match (seen, self.position(pattern)) {
            (Some(seen), Some(position)) => seen.matched(position),
            _ => true,
        }
    }

    /// The pattern's index in the scan, if it is part of this prefilter.
    pub fn position(&self, pattern: &Pattern) -> Option<usize> {
        self.index.get(pattern.as_str()).copied()
    }
}

impl Clone for Prefilter {
    fn clone(&self) -> Self {
        Prefilter::new(self.sources.iter().map(String::as_str))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validates_then_compiles_lazily() {
        assert!(
            Pattern::new("(unclosed")
                .unwrap_err()
                .0
                .contains("unclosed")
        );
        let p = Pattern::new(r"(?i)руб").unwrap();
        assert!(p.regex().is_match("РУБ"));
    }

    #[test]
    fn prefilter_starts_after_a_few_documents_and_tells_what_matches() {
        let rub = Pattern::new(r"(?i)руб").unwrap();
        let km = Pattern::new(r"[0-9]+\s*км").unwrap();
        let prefilter = Prefilter::new([rub.as_str(), km.as_str(), rub.as_str()]);
        let early: Vec<bool> = (0..PREFILTER_AFTER)
            .map(|_| prefilter.scan("100 РУБ").is_some())
            .collect();
        assert!(early.iter().all(|built| !built));
        let matches = prefilter.scan("100 РУБ").expect("built after warm-up");
        assert!(matches.matched(prefilter.position(&rub).unwrap()));
        assert!(!matches.matched(prefilter.position(&km).unwrap()));
        assert_eq!(prefilter.position(&Pattern::new("x").unwrap()), None);
    }
}

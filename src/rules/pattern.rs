//! Regular expressions from rule files, checked when rules load but compiled
//! on first use: most runs touch one kind and one language, and compiling
//! every Unicode-aware pattern up front would dominate start-up.

use std::sync::OnceLock;

use regex::Regex;

#[derive(Debug)]
pub struct Pattern {
    source: String,
    compiled: OnceLock<Regex>,
}

impl Pattern {
    /// Validates the syntax; the error text is the parser's last line.
    pub fn new(source: &str) -> Result<Pattern, String> {
        regex_syntax::ParserBuilder::new()
            .build()
            .parse(source)
            .map_err(|e| {
                let text = e.to_string();
                let last = text
                    .lines()
                    .rfind(|l| !l.trim().is_empty())
                    .unwrap_or("invalid regex");
                last.trim().trim_start_matches("error: ").to_string()
            })?;
        Ok(Pattern {
            source: source.to_string(),
            compiled: OnceLock::new(),
        })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validates_then_compiles_lazily() {
        assert!(Pattern::new("(unclosed").unwrap_err().contains("unclosed"));
        let p = Pattern::new(r"(?i)руб").unwrap();
        assert!(p.regex().is_match("РУБ"));
    }
}

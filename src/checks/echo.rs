//! `echo`: a reply should show the job post was read — pick up its sizes,
//! quantities, materials, objects and places. Numbers are compared
//! normalised (`3,2 м` = `3.2 m`), words by stem.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use regex::Regex;

use serde::Deserialize;

use super::kind::{Check, CheckKind, Compiler, Invalid, points, share};
use super::{Ctx, Emitter, Judged, View, quote};
use crate::rules::LexId;
use crate::rules::raw::OneOrMany;

/// A number with an optional unit; grouped thousands (`12 000`) stay one.
static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\d{1,3}(?:[\u{a0}\u{202f} ]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?(?:\s*(?:м²|м2|кв\.?\s*м|мм|см|м(?:[^\p{L}]|$)|шт|m²|sq\.?\s*ft|ft|cm|mm|m(?-u:\b)|%))?",
    )
    .expect("valid regex")
});

/// Longer digit runs are phone numbers or ids, not job specifics.
const MAX_DIGITS: usize = 7;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    Number(String),
    Entry(LexId, usize),
}

/// Every specific of a text with its label (first spelling seen).
fn specifics(view: &View, lexicons: &[LexId]) -> Vec<(Key, String)> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    let body = &view.text[view.body.clone()];
    for m in NUMBER.find_iter(body) {
        let digits = m.as_str().chars().filter(char::is_ascii_digit).count();
        if digits > MAX_DIGITS {
            continue;
        }
        let key = Key::Number(normalize_number(m.as_str()));
        if seen.insert(key.clone()) {
            // The unit's end check may take one character past it.
            let label = m
                .as_str()
                .trim_end_matches(|c: char| !c.is_alphanumeric() && c != '²' && c != '%');
            out.push((key, quote(label)));
        }
    }
    for &lex in lexicons {
        for hit in &view.hits[lex] {
            let key = Key::Entry(lex, hit.entry);
            if seen.insert(key.clone()) {
                let span = view.analysis.token_span(&hit.tokens);
                out.push((key, quote(&view.text[span])));
            }
        }
    }
    out
}

/// `3,20 м` → `3.2`; `12 000` → `12000`.
fn normalize_number(text: &str) -> String {
    let number: String = text
        .chars()
        .take_while(|c| c.is_ascii_digit() || matches!(c, ',' | '.' | ' ' | '\u{a0}' | '\u{202f}'))
        .filter(|c| !c.is_whitespace() && *c != '\u{202f}')
        .map(|c| if c == ',' { '.' } else { c })
        .collect();
    let number = number.trim_end_matches('.');
    if number.contains('.') {
        number
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_string()
    } else {
        number.to_string()
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    lexicon: Option<OneOrMany>,
    share: Option<f64>,
    penalty: Option<f64>,
}

#[derive(Debug)]
pub struct Echo {
    lexicons: Vec<LexId>,
    share: f64,
    penalty: f64,
}

impl CheckKind for Echo {
    const NAME: &'static str = "echo";
    const PLACEHOLDERS: &'static [&'static str] = &["found", "total", "missed", "items"];
    type Params = Params;

    fn compile(p: Params, cx: &mut Compiler) -> Result<Self, Invalid> {
        Ok(Echo {
            lexicons: cx.matcher(p.lexicon.as_ref(), None, None)?.lexicons,
            share: share(p.share, 0.5, "share")?,
            penalty: points(p.penalty, 100.0, "penalty")?,
        })
    }
}

impl Check for Echo {
    fn run(&self, ctx: &Ctx, emit: &mut Emitter) -> Judged {
        let Some(context) = &ctx.context else {
            return Judged::Impossible;
        };
        let wanted = specifics(context, &self.lexicons);
        if wanted.is_empty() {
            return Judged::Skipped;
        }
        let have: BTreeSet<Key> = specifics(&ctx.main, &self.lexicons)
            .into_iter()
            .map(|(k, _)| k)
            .collect();
        let (picked, missed): (Vec<_>, Vec<_>) = wanted.iter().partition(|(k, _)| have.contains(k));
        let picked: Vec<String> = picked.iter().map(|(_, l)| l.clone()).collect();
        let missed: Vec<String> = missed.iter().map(|(_, l)| l.clone()).collect();
        let got = picked.len() as f64 / wanted.len() as f64;
        if got < self.share {
            let missed_labels: Vec<&str> = missed.iter().take(5).map(String::as_str).collect();
            emit.emit(
                None,
                self.penalty * (1.0 - got / self.share),
                &[
                    ("found", picked.len().to_string()),
                    ("total", wanted.len().to_string()),
                    ("missed", missed_labels.join(", ")),
                    ("items", picked.join(", ")),
                ],
            );
        }
        let notes = emit.notes();
        notes.picked = picked;
        notes.missed = missed;
        Judged::Yes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_normalise() {
        assert_eq!(normalize_number("3,2 м"), "3.2");
        assert_eq!(normalize_number("3.20"), "3.2");
        assert_eq!(normalize_number("12 000"), "12000");
        assert_eq!(normalize_number("38"), "38");
    }

    #[test]
    fn number_regex_keeps_units_and_groups() {
        let found: Vec<&str> = NUMBER
            .find_iter("столешница 3,2 м и 1.8 m, бюджет 70 000, 2 шт")
            .map(|m| m.as_str().trim_end())
            .collect();
        assert_eq!(found, ["3,2 м", "1.8 m", "70 000", "2 шт"]);
    }
}

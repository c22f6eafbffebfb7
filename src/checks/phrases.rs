//! `phrases`: flag each occurrence of what a text should not say (lexicon
//! entries or inline phrases, matched by stem).

use serde::Deserialize;

use super::kind::{Check, CheckKind, Compiler, Invalid, points};
use super::{Ctx, Emitter, Judged, capped, quote};
use crate::rules::Matcher;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    penalty: Option<f64>,
    max_penalty: Option<f64>,
    /// A phrase right after a figure is a fact, not a cliché: "8 years of
    /// experience", «15 лет опыта».
    unless_counted: Option<bool>,
}

#[derive(Debug)]
pub struct Phrases {
    matcher: Matcher,
    penalty: f64,
    max_penalty: f64,
    unless_counted: bool,
}

impl CheckKind for Phrases {
    const TERMS: bool = true;
    const NAME: &'static str = "phrases";
    const PLACEHOLDERS: &'static [&'static str] = &["match"];
    type Params = Params;

    fn compile(p: Params, cx: &mut Compiler) -> Result<Self, Invalid> {
        Ok(Phrases {
            matcher: cx.required_matcher(Self::NAME)?,
            penalty: points(p.penalty, 10.0, "penalty")?,
            max_penalty: points(p.max_penalty, 100.0, "max_penalty")?,
            unless_counted: p.unless_counted.unwrap_or(false),
        })
    }
}

impl Check for Phrases {
    fn run(&self, ctx: &Ctx, emit: &mut Emitter) -> Judged {
        let mut taken = 0.0;
        let mut matches = ctx.matches(&self.matcher);
        // A phrase in two of the rule's lexicons is still one finding.
        matches.dedup_by(|a, b| a.span == b.span);
        for m in matches {
            if self.unless_counted && after_figure(ctx.text(), m.span.start) {
                continue;
            }
            let points = capped(&mut taken, self.penalty, self.max_penalty);
            let text = quote(&ctx.text()[m.span.clone()]);
            emit.emit(Some(m.span), points, &[("match", text)]);
        }
        Judged::Yes
    }

    fn matcher(&self) -> Option<&Matcher> {
        Some(&self.matcher)
    }
}

/// Whether the text before `start` ends in a figure ("8 ", "15+ ").
fn after_figure(text: &str, start: usize) -> bool {
    text[..start]
        .trim_end()
        .trim_end_matches('+')
        .ends_with(|c: char| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::after_figure;

    #[test]
    fn a_figure_right_before_counts() {
        let text = "Our team has 8 years of experience, 15+ years of work.";
        assert!(after_figure(text, text.find("years").unwrap()));
        assert!(after_figure(text, text.find("years of work").unwrap()));
        assert!(!after_figure(text, text.find("team").unwrap()));
        assert!(!after_figure("years of experience", 0));
    }
}

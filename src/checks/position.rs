//! `position`: what a text says must also stand where readers look for it —
//! a call to action belongs at the end.

use serde::Deserialize;

use super::kind::{Check, CheckKind, Compiler, Invalid, points, share};
use super::{Ctx, Emitter, Judged, quote};
use crate::rules::Matcher;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    share: Option<f64>,
    penalty: Option<f64>,
}

#[derive(Debug)]
pub struct Position {
    matcher: Matcher,
    share: f64,
    penalty: f64,
}

impl CheckKind for Position {
    const TERMS: bool = true;
    const NAME: &'static str = "position";
    const PLACEHOLDERS: &'static [&'static str] = &["match"];
    type Params = Params;

    fn compile(p: Params, cx: &mut Compiler) -> Result<Self, Invalid> {
        let matcher = cx.required_matcher(Self::NAME)?;
        Ok(Position {
            matcher,
            share: share(p.share, 0.3, "share")?,
            penalty: points(p.penalty, 20.0, "penalty")?,
        })
    }
}

impl Check for Position {
    fn run(&self, ctx: &Ctx, emit: &mut Emitter) -> Judged {
        let matches = ctx.matches(&self.matcher);
        let Some(last) = matches.last() else {
            // Absence is a coverage question, not a position one.
            return Judged::Yes;
        };
        let words = ctx.analysis().words();
        let by_share = ((words as f64) * (1.0 - self.share)).floor() as usize;
        // The last block always counts as the end, however short the text.
        let last_block = ctx
            .analysis()
            .blocks
            .last()
            .map_or(words, |b| b.tokens.start);
        let region_start = by_share.min(last_block);
        let at_end = matches
            .iter()
            .any(|m| ctx.token_at(m.span.start) >= region_start);
        if !at_end {
            let text = quote(&ctx.text()[last.span.clone()]);
            emit.emit(Some(last.span.clone()), self.penalty, &[("match", text)]);
        }
        Judged::Yes
    }

    fn matcher(&self) -> Option<&Matcher> {
        Some(&self.matcher)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_end_is_the_last_share_of_the_words_or_the_last_block() {
        let body = "    check: position\n    phrases: [call me]\n    share: 0.3\n    penalty: 20\n    examples: { bad: [x], good: [y] }";
        let (_dir, engine) = crate::checks::tests::overlaid("profile", ("cta", 10), body);
        let kind = crate::input::Kind::Profile;
        let count =
            |text: &str| crate::checks::tests::test_rule_findings(&engine, kind, text).len();
        let filler = "one two three four five six seven eight nine ten eleven twelve thirteen";
        // 21 words: the last 30 % starts at word 14 (counting from 0), inside
        // the first block, before the short last block; "call" is word 15.
        assert_eq!(
            count(&format!(
                "{filler} fourteen fifteen call me eighteen nineteen.\n\nThanks, Ann."
            )),
            0
        );
        assert_eq!(
            count(&format!(
                "Call me {filler} fifteen sixteen seventeen eighteen nineteen.\n\nThanks, Ann."
            )),
            1
        );
        // The last block counts as the end however long it is.
        assert_eq!(
            count(&format!(
                "Hello.\n\nCall me {filler} fifteen sixteen seventeen."
            )),
            0
        );
    }
}

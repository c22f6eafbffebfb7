//! `questions`: a reply should ask what it needs to know. Counts sentences
//! in question form (a question mark, or a question word and no full stop)
//! that are about something, wherever they stand and however they open, so
//! «Счётчики уже стоят?» counts as much as «Подскажите, счётчики уже
//! стоят?». Questions matching `except` (e.g. scheduling: «Когда удобно?»)
//! are another dimension's business.

use serde::Deserialize;

use super::kind::{Check, CheckKind, Compiler, Invalid, count, points};
use super::{Ctx, Emitter, Judged};
use crate::rules::Matcher;
use crate::rules::raw::RawMatcher;
use crate::text::{Features, Tags};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    min: Option<f64>,
    penalty: Option<f64>,
    /// Questions that match this do not count.
    except: Option<RawMatcher>,
}

#[derive(Debug)]
pub struct Questions {
    min: usize,
    penalty: f64,
    except: Matcher,
}

impl CheckKind for Questions {
    const NAME: &'static str = "questions";
    const PLACEHOLDERS: &'static [&'static str] = &["found", "min"];
    type Params = Params;

    fn compile(p: Params, cx: &mut Compiler) -> Result<Self, Invalid> {
        let except = match &p.except {
            Some(m) => cx.matcher_from(m)?,
            None => Matcher::default(),
        };
        Ok(Questions {
            min: count(p.min, 1, "min")?,
            penalty: points(p.penalty, 100.0, "penalty")?,
            except,
        })
    }
}

impl Check for Questions {
    fn run(&self, ctx: &Ctx, emit: &mut Emitter) -> Judged {
        let excepted: Vec<_> = ctx
            .matches(&self.except)
            .into_iter()
            .map(|m| m.span)
            .collect();
        let tokens = &ctx.analysis().tokens;
        let asked = ctx
            .main
            .sentences()
            .list
            .iter()
            .filter(|s| s.features.contains(Features::QUESTION))
            // About something: «Когда?» or a lone «Екатеринбург?» asks
            // nothing about the job.
            .filter(|s| {
                let words = &tokens[s.tokens.clone()];
                words.len() >= 2
                    && words
                        .iter()
                        .any(|t| t.letters >= 3 && !t.word.tags.intersects(Tags::FUNCTION))
            })
            .filter(|s| {
                !excepted
                    .iter()
                    .any(|e| e.start >= s.span.start && e.end <= s.span.end)
            })
            .count();
        if asked < self.min {
            let missing = (self.min - asked) as f64 / self.min as f64;
            emit.emit(
                None,
                self.penalty * missing,
                &[("found", asked.to_string()), ("min", self.min.to_string())],
            );
        }
        Judged::Yes
    }
}

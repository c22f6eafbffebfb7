//! `context`: reports a missing context (job post, review); the rules that
//! depend on it are then not judged.

use serde::Deserialize;

use super::kind::{Check, CheckKind, Compiler, Invalid};
use super::{Ctx, Emitter, Judged};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {}

#[derive(Debug)]
pub struct ContextCheck;

impl CheckKind for ContextCheck {
    const NAME: &'static str = "context";
    const PLACEHOLDERS: &'static [&'static str] = &[];
    type Params = Params;

    fn compile(_: Params, _cx: &mut Compiler) -> Result<Self, Invalid> {
        Ok(ContextCheck)
    }
}

impl Check for ContextCheck {
    fn run(&self, ctx: &Ctx, emit: &mut Emitter) -> Judged {
        // This rule only reports absence; other rules do the judging.
        if ctx.context.is_some() {
            return Judged::Skipped;
        }
        emit.emit(None, 0.0, &[]);
        Judged::Impossible
    }
}

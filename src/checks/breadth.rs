//! `breadth`: a profile that claims many unrelated trades reads as no
//! specialty. Trades of one group (tiling and flooring are both finishing)
//! are one specialty; at `min_groups` groups or more, one finding names
//! the best-scoring trade of each.

use serde::Deserialize;

use super::kind::{Check, CheckKind, Compiler, Invalid, count, points};
use super::{Ctx, Emitter, Judged};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    min_groups: Option<f64>,
    penalty: Option<f64>,
}

#[derive(Debug)]
pub struct Breadth {
    min_groups: usize,
    penalty: f64,
}

impl CheckKind for Breadth {
    const NAME: &'static str = "breadth";
    const PLACEHOLDERS: &'static [&'static str] = &["count", "trades"];
    type Params = Params;

    fn compile(p: Params, _cx: &mut Compiler) -> Result<Self, Invalid> {
        Ok(Breadth {
            min_groups: count(p.min_groups, 4, "min_groups")?,
            penalty: points(p.penalty, 30.0, "penalty")?,
        })
    }
}

impl Check for Breadth {
    fn run(&self, ctx: &Ctx, emit: &mut Emitter) -> Judged {
        let mut groups: Vec<&str> = Vec::new();
        let mut names: Vec<&str> = Vec::new();
        // Claimed trades come best first, so each group is named by its
        // strongest trade.
        for &i in &ctx.detected.claimed {
            let trade = &ctx.book.trades[i];
            if !groups.contains(&trade.group.as_str()) {
                groups.push(&trade.group);
                names.push(&trade.name);
            }
        }
        if groups.len() >= self.min_groups {
            emit.emit(
                None,
                self.penalty,
                &[
                    ("count", groups.len().to_string()),
                    ("trades", names.join(", ")),
                ],
            );
        }
        Judged::Yes
    }
}

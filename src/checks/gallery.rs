//! `gallery`: measurements of a whole portfolio — how many photos, how many
//! types of work, how evenly spread, how much of one item type.

use rustc_hash::FxHashMap;

use serde::Deserialize;

use super::kind::{Bounds, Check, CheckKind, Compiler, Invalid, Reads, points};
use super::{Ctx, Emitter, Judged};
use crate::rules::Matcher;
use crate::rules::raw::OneOrMany;

/// Measurements of a whole portfolio.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GalleryMetric {
    /// Number of photos.
    Photos,
    /// Distinct work types (the `work_type` field, else the first entry of
    /// the rule's lexicon named in the caption); items marked `render: true`
    /// or `finished: false` do not count.
    WorkTypes,
    /// How evenly photos spread over the work types, 0–1 (normalised
    /// entropy); judged from two types up.
    Spread,
    /// Share of photos showing the most common item type.
    OneItem,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    metric: Option<GalleryMetric>,
    lexicon: Option<OneOrMany>,
    phrases: Option<Vec<OneOrMany>>,
    min: Option<f64>,
    max: Option<f64>,
    penalty: Option<f64>,
}

#[derive(Debug)]
pub struct Gallery {
    metric: GalleryMetric,
    matcher: Matcher,
    bounds: Bounds,
    penalty: f64,
}

impl CheckKind for Gallery {
    const NAME: &'static str = "gallery";
    const PLACEHOLDERS: &'static [&'static str] = &["value", "min", "max", "types", "top"];
    type Params = Params;

    fn compile(p: Params, cx: &mut Compiler) -> Result<Self, Invalid> {
        let metric = p
            .metric
            .ok_or_else(|| Invalid::at("check", "check `gallery` needs `metric`"))?;
        Ok(Gallery {
            metric,
            matcher: cx.matcher(p.lexicon.as_ref(), p.phrases.as_deref(), None)?,
            bounds: Bounds::new(p.min, p.max, Reads::Either, "check `gallery`")?,
            penalty: points(p.penalty, 20.0, "penalty")?,
        })
    }
}

impl Check for Gallery {
    fn run(&self, ctx: &Ctx, emit: &mut Emitter) -> Judged {
        run(
            ctx,
            self.metric,
            &self.matcher,
            self.bounds,
            self.penalty,
            emit,
        )
    }

    fn matcher(&self) -> Option<&Matcher> {
        Some(&self.matcher)
    }
}

/// Photo count at which one dominant item type starts to matter.
const ONE_ITEM_FROM: usize = 5;

fn run(
    ctx: &Ctx,
    metric: GalleryMetric,
    matcher: &Matcher,
    bounds: Bounds,
    penalty: f64,
    emit: &mut Emitter,
) -> Judged {
    let Some(portfolio) = ctx.portfolio else {
        return Judged::Impossible;
    };
    let items = &portfolio.manifest.items;
    match metric {
        GalleryMetric::Photos => {
            let count = items.len() as f64;
            check_bounds(count, bounds, penalty, emit, &[]);
        }
        GalleryMetric::WorkTypes | GalleryMetric::Spread => {
            let types = tally(ctx, items, matcher, |i| items[i].work_type.clone());
            let value = if metric == GalleryMetric::WorkTypes {
                types.len() as f64
            } else if types.len() < 2 {
                return Judged::Skipped;
            } else {
                evenness(&types)
            };
            let names = types.iter().map(|(t, _)| t.as_str()).collect::<Vec<_>>();
            check_bounds(value, bounds, penalty, emit, &[("types", names.join(", "))]);
        }
        GalleryMetric::OneItem => {
            let types = tally(ctx, items, matcher, |i| items[i].item.clone());
            let Some((top, count)) = types.first() else {
                return Judged::Skipped;
            };
            if items.len() >= ONE_ITEM_FROM {
                let share = *count as f64 / items.len() as f64;
                check_bounds(share, bounds, penalty, emit, &[("top", top.clone())]);
            }
        }
    }
    Judged::Yes
}

/// Flags a value outside its bounds; falling short costs the penalty in
/// proportion to the gap, going over costs it whole.
fn check_bounds(
    value: f64,
    bounds: Bounds,
    penalty: f64,
    emit: &mut Emitter,
    extra: &[(&str, String)],
) {
    let mut vars = vec![
        ("value", super::metric::format_value(value)),
        (
            "min",
            bounds
                .min
                .map(super::metric::format_value)
                .unwrap_or_default(),
        ),
        (
            "max",
            bounds
                .max
                .map(super::metric::format_value)
                .unwrap_or_default(),
        ),
    ];
    vars.extend(extra.iter().cloned());
    if let Some(min) = bounds.min.filter(|m| value < *m) {
        let gap = ((min - value) / min).clamp(0.0, 1.0);
        emit.emit(None, penalty * gap, &vars);
    } else if bounds.max.is_some_and(|max| value > max) {
        emit.emit(None, penalty, &vars);
    }
}

/// Items per type, most common first (ties by name): the structured field
/// when given, else the first lexicon entry named in the caption. Items
/// marked as renders or unfinished show no finished work, so they do not
/// count.
fn tally(
    ctx: &Ctx,
    items: &[crate::portfolio::Item],
    matcher: &Matcher,
    field: impl Fn(usize) -> Option<String>,
) -> Vec<(String, usize)> {
    let mut counts: FxHashMap<String, usize> = FxHashMap::default();
    for (i, caption) in ctx.captions.iter().enumerate() {
        if items[i].render == Some(true) || items[i].finished == Some(false) {
            continue;
        }
        let named = field(i).map(|t| crate::text::normalize(&t)).or_else(|| {
            caption.matches(matcher).first().map(|m| match m.concept {
                super::Concept::Entry(lex, entry) => {
                    ctx.pack.lexicons[lex].entries[entry].label.clone()
                }
                _ => crate::text::normalize(&caption.text[m.span.clone()]),
            })
        });
        if let Some(name) = named {
            *counts.entry(name).or_default() += 1;
        }
    }
    let mut types: Vec<(String, usize)> = counts.into_iter().collect();
    types.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    types
}

/// Normalised Shannon entropy of the counts: 1 when all types have the same
/// number of photos, near 0 when one type has nearly all.
fn evenness(types: &[(String, usize)]) -> f64 {
    let total: usize = types.iter().map(|(_, n)| n).sum();
    let entropy: f64 = types
        .iter()
        .map(|(_, n)| {
            let p = *n as f64 / total as f64;
            -p * p.ln()
        })
        .sum();
    entropy / (types.len() as f64).ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evenness_is_one_for_equal_spread_and_low_for_one_dominant_type() {
        let even = [("a".to_string(), 5), ("b".to_string(), 5)];
        assert!((evenness(&even) - 1.0).abs() < 1e-9);
        let skewed = [
            ("a".to_string(), 18),
            ("b".to_string(), 1),
            ("c".to_string(), 1),
        ];
        assert!(evenness(&skewed) < 0.4, "{}", evenness(&skewed));
    }
}

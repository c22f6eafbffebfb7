//! `photo`: checks each portfolio item — what its caption says and what
//! its photo file shows. Each failing item costs its share of the penalty,
//! so one weak photo in twenty weighs less than one in two.

use serde::Deserialize;

use super::kind::{Bounds, Check, CheckKind, Compiler, Invalid, Reads, points};
use super::{Ctx, Emitter, Judged, capped};
use crate::portfolio::{Item, Photo, photo::distance};
use crate::rules::Matcher;
use crate::rules::raw::OneOrMany;

/// Measurements of each portfolio item: its caption and its photo file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PhotoMetric {
    /// The caption (or the `material` field) names the material.
    Material,
    /// The caption (or `item`) names the item type.
    Item,
    /// The caption (or `duration`) gives the lead time.
    Duration,
    /// The caption (or `scope`) says what exactly was done.
    Scope,
    /// A render, not a photo (`render: true` or the caption says so).
    Render,
    /// Work in progress (`finished: false` or the caption says so).
    Unfinished,
    /// Short side in pixels.
    Resolution,
    /// Variance of the Laplacian on a 640-pixel copy.
    Sharpness,
    /// Mean brightness, 0–255.
    Dark,
    /// Share of blown-out (nearly white) pixels.
    Bright,
    /// Bits of perceptual hash that differ from an earlier photo.
    Duplicate,
    /// The file is not there.
    Missing,
    /// The file cannot be read or decoded, or is over the size limits.
    Unreadable,
    /// The path leaves the manifest's folder.
    Outside,
}

impl PhotoMetric {
    /// Reads the caption for a detail, so it needs a lexicon or patterns.
    fn reads_caption(self) -> bool {
        matches!(
            self,
            PhotoMetric::Material | PhotoMetric::Item | PhotoMetric::Duration | PhotoMetric::Scope
        )
    }

    /// Which bound a measurement of the file is compared against.
    fn reads(self) -> Reads {
        match self {
            PhotoMetric::Resolution | PhotoMetric::Sharpness | PhotoMetric::Dark => Reads::Min,
            PhotoMetric::Bright | PhotoMetric::Duplicate => Reads::Max,
            _ => Reads::Neither,
        }
    }

    /// Caption metrics read the manifest; the others need the photo files.
    fn needs_files(self) -> bool {
        !self.reads_caption() && !matches!(self, PhotoMetric::Render | PhotoMetric::Unfinished)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    metric: Option<PhotoMetric>,
    lexicon: Option<OneOrMany>,
    phrases: Option<Vec<OneOrMany>>,
    patterns: Option<Vec<String>>,
    min: Option<f64>,
    max: Option<f64>,
    penalty: Option<f64>,
    max_penalty: Option<f64>,
}

#[derive(Debug)]
pub struct PhotoCheck {
    metric: PhotoMetric,
    matcher: Matcher,
    min: Option<f64>,
    max: Option<f64>,
    penalty: f64,
    max_penalty: f64,
}

impl CheckKind for PhotoCheck {
    const NAME: &'static str = "photo";
    const PLACEHOLDERS: &'static [&'static str] = &[
        "photo", "n", "min", "max", "value", "size", "other", "other_n", "reason",
    ];
    type Params = Params;

    fn compile(p: Params, cx: &mut Compiler) -> Result<Self, Invalid> {
        let metric = p
            .metric
            .ok_or_else(|| Invalid::at("check", "check `photo` needs `metric`"))?;
        let matcher = cx.matcher(
            p.lexicon.as_ref(),
            p.phrases.as_deref(),
            p.patterns.as_deref(),
        )?;
        if metric.reads_caption() && matcher.is_empty() {
            return Err(Invalid::at(
                "metric",
                "this metric needs `lexicon`, `phrases` or `patterns` to read captions",
            ));
        }
        let bounds = Bounds::new(p.min, p.max, metric.reads(), "this photo metric")?;
        Ok(PhotoCheck {
            metric,
            matcher,
            min: bounds.min,
            max: bounds.max,
            penalty: points(p.penalty, 10.0, "penalty")?,
            max_penalty: points(p.max_penalty, 100.0, "max_penalty")?,
        })
    }
}

impl Check for PhotoCheck {
    fn run(&self, ctx: &Ctx, emit: &mut Emitter) -> Judged {
        run(ctx, self, emit)
    }

    fn matcher(&self) -> Option<&Matcher> {
        Some(&self.matcher)
    }
}

fn run(ctx: &Ctx, params: &PhotoCheck, emit: &mut Emitter) -> Judged {
    let Some(portfolio) = ctx.portfolio else {
        return Judged::Impossible;
    };
    let items = &portfolio.manifest.items;
    let photos = match (&portfolio.photos, params.metric.needs_files()) {
        (Some(photos), _) => Some(photos.as_slice()),
        (None, true) => return Judged::Impossible,
        (None, false) => None,
    };
    if items.is_empty() {
        return Judged::Skipped;
    }
    let share = params.penalty / items.len() as f64;
    let mut taken = 0.0;
    for (i, item) in items.iter().enumerate() {
        if let Some(extra) = failure(ctx, params, items, photos, i) {
            let points = capped(&mut taken, share, params.max_penalty);
            let mut vars = vec![
                ("photo", item.photo.clone()),
                ("n", (i + 1).to_string()),
                ("min", params.min.map(format_value).unwrap_or_default()),
                ("max", params.max.map(format_value).unwrap_or_default()),
            ];
            vars.extend(extra);
            emit.emit_item(i, item.span.clone(), points, &vars);
        }
    }
    Judged::Yes
}

type Vars = Vec<(&'static str, String)>;

/// Why item `i` fails the check (the message's extra values), or `None`.
fn failure(
    ctx: &Ctx,
    params: &PhotoCheck,
    items: &[Item],
    photos: Option<&[Photo]>,
    i: usize,
) -> Option<Vars> {
    let item = &items[i];
    let photo = photos.map(|p| &p[i]);
    let caption_says = || !ctx.captions[i].matches(&params.matcher).is_empty();
    let measures = photo.and_then(Photo::measures);
    let below = |value: f64| params.min.is_some_and(|min| value < min);
    let above = |value: f64| params.max.is_some_and(|max| value > max);
    let value = |v: f64| Some(vec![("value", format_value(v))]);
    match params.metric {
        PhotoMetric::Material => named(&item.material, caption_says),
        PhotoMetric::Item => named(&item.item, caption_says),
        PhotoMetric::Duration => named(&item.duration, caption_says),
        PhotoMetric::Scope => named(&item.scope, caption_says),
        PhotoMetric::Render => {
            (item.render == Some(true) || item.render.is_none() && caption_says()).then(Vec::new)
        }
        PhotoMetric::Unfinished => (item.finished == Some(false)
            || item.finished.is_none() && caption_says())
        .then(Vec::new),
        PhotoMetric::Resolution => {
            let m = measures?;
            let short = f64::from(m.width.min(m.height));
            below(short).then(|| {
                vec![
                    ("value", format_value(short)),
                    ("size", format!("{}×{}", m.width, m.height)),
                ]
            })
        }
        PhotoMetric::Sharpness => measures
            .filter(|m| below(m.sharpness))
            .and_then(|m| value(m.sharpness)),
        PhotoMetric::Dark => measures
            .filter(|m| below(m.brightness))
            .and_then(|m| value(m.brightness)),
        PhotoMetric::Bright => measures
            .filter(|m| above(m.blown_out))
            .and_then(|m| value(m.blown_out)),
        PhotoMetric::Duplicate => {
            let hash = measures?.hash;
            let earlier = photos?[..i].iter().position(|p| {
                p.measures()
                    .is_some_and(|m| !above(f64::from(distance(m.hash, hash))))
            })?;
            Some(vec![
                ("other", items[earlier].photo.clone()),
                ("other_n", (earlier + 1).to_string()),
            ])
        }
        PhotoMetric::Missing => matches!(photo, Some(Photo::Missing)).then(Vec::new),
        PhotoMetric::Outside => matches!(photo, Some(Photo::Outside)).then(Vec::new),
        PhotoMetric::Unreadable => match photo {
            Some(Photo::Unreadable(reason)) => Some(vec![("reason", reason.clone())]),
            _ => None,
        },
    }
}

/// A caption detail is there when its field is filled or the caption says it.
fn named(field: &Option<String>, caption_says: impl Fn() -> bool) -> Option<Vars> {
    (field.is_none() && !caption_says()).then(Vec::new)
}

fn format_value(value: f64) -> String {
    super::metric::format_value(value)
}

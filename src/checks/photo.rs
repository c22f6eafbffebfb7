//! `photo`: checks each portfolio item — what its caption says and what
//! its photo file shows. Each failing item costs its share of the penalty,
//! so one weak photo in twenty weighs less than one in two.

use super::{Ctx, Emitter, Judged, capped};
use crate::portfolio::{Item, Photo, photo::distance};
use crate::rules::{Matcher, PhotoMetric};

pub struct Params<'a> {
    pub metric: PhotoMetric,
    pub matcher: &'a Matcher,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub penalty: f64,
    pub max_penalty: f64,
}

pub fn run(ctx: &Ctx, params: &Params, emit: &mut Emitter) -> Judged {
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
    params: &Params,
    items: &[Item],
    photos: Option<&[Photo]>,
    i: usize,
) -> Option<Vars> {
    let item = &items[i];
    let photo = photos.map(|p| &p[i]);
    let caption_says = || !ctx.captions[i].matches(params.matcher).is_empty();
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

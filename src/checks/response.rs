//! `response`: how fast and how well a contractor answers, from a
//! conversation log — median first response, shares within and over a
//! time, unanswered threads, turns that end with no next step, and log
//! problems worth fixing.

use serde::Deserialize;

use super::kind::{Bounds, Check, CheckKind, Compiler, Invalid, Reads, points};
use super::{Ctx, Emitter, Judged, capped, quote};
use crate::conversation::{self, IssueKind};
use crate::rules::LexId;
use crate::rules::raw::OneOrMany;
use crate::text;

/// Measurements of a conversation log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResponseMetric {
    /// Median minutes to the first answer, over answered threads.
    MedianMinutes,
    /// Share of threads answered within `minutes`.
    ShareWithin,
    /// Share of threads answered after more than `minutes`, or never.
    ShareOver,
    /// One finding per thread never answered.
    Unanswered,
    /// One finding per contractor turn that ends with no next step.
    NoNextStep,
    /// One finding per log line out of time order.
    Unsorted,
    /// One finding per duplicated line.
    Duplicates,
    /// Lines carry different UTC offsets.
    MixedZones,
}

impl ResponseMetric {
    fn reads(self) -> Reads {
        match self {
            ResponseMetric::MedianMinutes | ResponseMetric::ShareOver => Reads::Max,
            ResponseMetric::ShareWithin => Reads::Min,
            _ => Reads::Neither,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    metric: Option<ResponseMetric>,
    minutes: Option<f64>,
    min: Option<f64>,
    max: Option<f64>,
    lexicon: Option<OneOrMany>,
    penalty: Option<f64>,
    max_penalty: Option<f64>,
}

#[derive(Debug)]
pub struct Response {
    metric: ResponseMetric,
    minutes: f64,
    min: Option<f64>,
    max: Option<f64>,
    lexicons: Vec<LexId>,
    penalty: f64,
    max_penalty: f64,
}

impl CheckKind for Response {
    const NAME: &'static str = "response";
    const PLACEHOLDERS: &'static [&'static str] =
        &["value", "min", "max", "thread", "match", "line"];
    type Params = Params;

    fn compile(p: Params, cx: &mut Compiler) -> Result<Self, Invalid> {
        let metric = p
            .metric
            .ok_or_else(|| Invalid::at("check", "check `response` needs `metric`"))?;
        let bounds = Bounds::new(p.min, p.max, metric.reads(), "this response metric")?;
        let minutes = p.minutes.unwrap_or(60.0);
        if !(minutes.is_finite() && minutes >= 0.0) {
            return Err(Invalid::at("minutes", "minutes must be a number ≥ 0"));
        }
        let lexicons = cx.matcher(p.lexicon.as_ref(), None, None)?.lexicons;
        Ok(Response {
            metric,
            minutes,
            min: bounds.min,
            max: bounds.max,
            lexicons,
            penalty: points(p.penalty, 10.0, "penalty")?,
            max_penalty: points(p.max_penalty, 100.0, "max_penalty")?,
        })
    }
}

impl Check for Response {
    fn run(&self, ctx: &Ctx, emit: &mut Emitter) -> Judged {
        run(ctx, self, emit)
    }
}

fn run(ctx: &Ctx, p: &Response, emit: &mut Emitter) -> Judged {
    let Some(log) = ctx.log else {
        return Judged::Impossible;
    };
    let clock = &ctx.doc.clock;
    let stats = conversation::thread_stats(log, clock);
    let share = |pred: &dyn Fn(Option<f64>) -> bool| {
        stats.iter().filter(|s| pred(s.first_response)).count() as f64 / stats.len().max(1) as f64
    };
    let percent = |x: f64| format!("{:.0}%", x * 100.0);
    let fmt_minutes = |m: f64| conversation::duration(m, ctx.doc.lang);
    let mut taken = 0.0;
    match p.metric {
        ResponseMetric::MedianMinutes => {
            let answered: Vec<f64> = stats.iter().filter_map(|s| s.first_response).collect();
            let Some(median) = conversation::median(&answered) else {
                return if stats.is_empty() {
                    Judged::Skipped
                } else {
                    Judged::Yes
                };
            };
            if let Some(max) = p.max.filter(|m| median > *m) {
                emit.emit(
                    None,
                    p.penalty,
                    &[("value", fmt_minutes(median)), ("max", fmt_minutes(max))],
                );
            }
        }
        ResponseMetric::ShareWithin => {
            if stats.is_empty() {
                return Judged::Skipped;
            }
            let got = share(&|r| r.is_some_and(|m| m <= p.minutes));
            if let Some(min) = p.min.filter(|m| got < *m) {
                let points = p.penalty * (min - got) / min;
                emit.emit(
                    None,
                    points,
                    &[("value", percent(got)), ("min", percent(min))],
                );
            }
        }
        ResponseMetric::ShareOver => {
            if stats.is_empty() {
                return Judged::Skipped;
            }
            let got = share(&|r| r.is_none_or(|m| m > p.minutes));
            if let Some(max) = p.max.filter(|m| got > *m) {
                let points = p.penalty * ((got - max) / (1.0 - max).max(0.01)).min(1.0);
                emit.emit(
                    None,
                    points,
                    &[("value", percent(got)), ("max", percent(max))],
                );
            }
        }
        ResponseMetric::Unanswered => {
            for s in stats.iter().filter(|s| s.first_response.is_none()) {
                let points = capped(&mut taken, p.penalty, p.max_penalty);
                emit.emit(
                    Some(s.span.clone()),
                    points,
                    &[("thread", s.thread.clone())],
                );
            }
        }
        ResponseMetric::NoNextStep => {
            let endings = conversation::turn_endings(log);
            if endings.is_empty() {
                return Judged::Skipped;
            }
            for m in endings {
                let analysis = text::analyze(&m.text, 0..m.text.len());
                let hits = ctx.pack.hits(&m.text, &analysis);
                let has_step =
                    p.lexicons.iter().any(|&l| !hits[l].is_empty()) || m.text.contains('?');
                if !has_step {
                    let points = capped(&mut taken, p.penalty, p.max_penalty);
                    emit.emit(
                        Some(m.span.clone()),
                        points,
                        &[("match", quote(&m.text)), ("thread", m.thread.clone())],
                    );
                }
            }
        }
        ResponseMetric::Unsorted | ResponseMetric::Duplicates | ResponseMetric::MixedZones => {
            let kind = match p.metric {
                ResponseMetric::Unsorted => IssueKind::Unsorted,
                ResponseMetric::Duplicates => IssueKind::Duplicate,
                _ => IssueKind::MixedZones,
            };
            for issue in log.issues.iter().filter(|i| i.kind == kind) {
                let points = capped(&mut taken, p.penalty, p.max_penalty);
                emit.emit(
                    Some(issue.span.clone()),
                    points,
                    &[("line", issue.line.to_string())],
                );
            }
        }
    }
    Judged::Yes
}

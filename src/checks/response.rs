//! `response`: how fast and how well a contractor answers, from a
//! conversation log — median first response, shares within and over a
//! time, unanswered threads, turns that end with no next step, and log
//! problems worth fixing.

use super::{Ctx, Emitter, Judged, capped, quote};
use crate::conversation::{self, IssueKind};
use crate::rules::{LexId, ResponseMetric};
use crate::text;

pub struct Params<'a> {
    pub metric: ResponseMetric,
    pub minutes: f64,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub lexicons: &'a [LexId],
    pub penalty: f64,
    pub max_penalty: f64,
}

fn fmt_minutes(m: f64) -> String {
    if m < 90.0 {
        format!("{m:.0} мин / min")
    } else {
        format!("{:.1} ч / h", m / 60.0)
    }
}

pub fn run(ctx: &Ctx, p: &Params, emit: &mut Emitter) -> Judged {
    let Some(log) = ctx.log else {
        return Judged::Impossible;
    };
    let clock = &ctx.doc.clock;
    let stats = conversation::thread_stats(log, clock);
    let share = |pred: &dyn Fn(Option<f64>) -> bool| {
        stats.iter().filter(|s| pred(s.first_response)).count() as f64 / stats.len().max(1) as f64
    };
    let percent = |x: f64| format!("{:.0}%", x * 100.0);
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

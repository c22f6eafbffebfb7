//! The human report: score, a bar per dimension, the fixes that matter most,
//! then every finding with its snippet.

use std::fmt::Write;

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
use colored::Colorize;

use super::i18n;
use crate::report::{DocReport, LineIndex};
use crate::rules::Severity;
use crate::score::DimensionScore;

const BAR_CELLS: usize = 20;
const FIRST_FIXES: usize = 3;

/// Renders one document. `color` adds ANSI styles; callers decide it from
/// the terminal, `NO_COLOR` and `--color`.
pub fn render(report: &DocReport, color: bool) -> String {
    let mut out = String::new();
    header(&mut out, report, color);
    dimensions(&mut out, report, color);
    notes(&mut out, report);
    first_fixes(&mut out, report, color);
    findings(&mut out, report, color);
    let w = i18n::words(report.lang);
    if report.findings.is_empty() {
        let _ = writeln!(out, "{}", w.no_findings);
    } else {
        let counts = i18n::counts(
            report.lang,
            report.count(Severity::Error),
            report.count(Severity::Warning),
            report.count(Severity::Info),
        );
        let _ = writeln!(out, "{}: {counts}", report.path);
    }
    out
}

fn paint(text: &str, color: bool, style: fn(&str) -> colored::ColoredString) -> String {
    if color {
        style(text).to_string()
    } else {
        text.to_string()
    }
}

fn score_style(score: u8) -> fn(&str) -> colored::ColoredString {
    match score {
        85.. => |s| s.green(),
        60.. => |s| s.yellow(),
        _ => |s| s.red(),
    }
}

fn header(out: &mut String, report: &DocReport, color: bool) {
    let w = i18n::words(report.lang);
    let kind = i18n::kind(report.lang, report.kind);
    let title = paint(&report.path, color, |s| s.bold());
    let _ = writeln!(out, "{title} · {kind} · {}", report.lang.code());
    let trades: Vec<&str> = report.trades.iter().map(|t| t.name.as_str()).collect();
    if !trades.is_empty() || report.market.is_some() {
        let mut about = Vec::new();
        if !trades.is_empty() {
            about.push(format!("{}: {}", w.trade, trades.join(", ")));
        }
        if let Some(market) = &report.market {
            about.push(format!("{}: {}", w.market, market.name));
        }
        let _ = writeln!(out, "{}", about.join(" · "));
    }
    match (report.scores.overall, report.scores.grade) {
        (Some(score), Some(grade)) => {
            let value = format!("{score}/100 ({grade})");
            let _ = writeln!(
                out,
                "{}: {}",
                w.score,
                paint(&value, color, score_style(score))
            );
        }
        _ => {
            let _ = writeln!(out, "{}: {}", w.score, w.not_judged);
        }
    }
    out.push('\n');
}

fn dimensions(out: &mut String, report: &DocReport, color: bool) {
    let w = i18n::words(report.lang);
    let labels: Vec<String> = report
        .scores
        .dimensions
        .iter()
        .map(|d| i18n::dimension(report.lang, &d.name))
        .collect();
    let width = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    for (d, label) in report.scores.dimensions.iter().zip(&labels) {
        let pad = " ".repeat(width - label.chars().count());
        let _ = writeln!(out, "  {label}{pad}  {}", bar(d, w, color));
    }
    out.push('\n');
}

fn bar(d: &DimensionScore, w: &i18n::Words, color: bool) -> String {
    let Some(score) = d.score else {
        return format!("{}  —  {}", "·".repeat(BAR_CELLS), w.not_judged);
    };
    let filled = (score as usize * BAR_CELLS + 50) / 100;
    let cells = format!("{}{}", "█".repeat(filled), "░".repeat(BAR_CELLS - filled));
    let weight = if d.weight > 0.0 {
        format!("  ({} {})", w.weight, d.weight)
    } else {
        String::new()
    };
    format!(
        "{} {score:>3}{weight}",
        paint(&cells, color, score_style(score))
    )
}

fn notes(out: &mut String, report: &DocReport) {
    let w = i18n::words(report.lang);
    let n = &report.notes;
    if !n.picked.is_empty() {
        let _ = writeln!(out, "{}: {}", w.picked, n.picked.join(", "));
    }
    if !n.missed.is_empty() {
        let _ = writeln!(out, "{}: {}", w.missed, n.missed.join(", "));
    }
    if !n.picked.is_empty() || !n.missed.is_empty() {
        out.push('\n');
    }
    if let Some(r) = &n.response {
        response(out, report.lang, r);
    }
}

/// Response-time facts and a small histogram of first responses.
fn response(out: &mut String, lang: crate::input::Lang, r: &crate::types::ResponseSummary) {
    let ru = lang == crate::input::Lang::Ru;
    let median = r.median_minutes.map_or("—".to_string(), |m| {
        crate::conversation::duration(m, lang)
    });
    let pct = |n: usize| format!("{:.0}%", n as f64 * 100.0 / r.threads.max(1) as f64);
    let words: [&str; 6] = if ru {
        [
            "Диалогов",
            "с ответом",
            "Медиана первого ответа",
            "До 15 мин",
            "до 1 ч",
            "позже 12 ч",
        ]
    } else {
        [
            "Threads",
            "answered",
            "Median first response",
            "Within 15 min",
            "within 1 h",
            "over 12 h",
        ]
    };
    let never = if ru { "без ответа" } else { "never" };
    let _ = writeln!(
        out,
        "{}: {}, {}: {}. {}: {median}. {}: {}, {}: {}, {}: {}, {never}: {}.",
        words[0],
        r.threads,
        words[1],
        r.answered,
        words[2],
        words[3],
        pct(r.within_15),
        words[4],
        pct(r.within_60),
        words[5],
        pct(r.over_12h),
        r.buckets[5]
    );
    let labels: [&str; 6] = if ru {
        [
            "≤ 15 мин",
            "15–60 мин",
            "1–3 ч",
            "3–12 ч",
            "> 12 ч",
            "нет ответа",
        ]
    } else {
        [
            "≤ 15 min",
            "15–60 min",
            "1–3 h",
            "3–12 h",
            "> 12 h",
            "never",
        ]
    };
    let widest = r.buckets.iter().copied().max().unwrap_or(0).max(1);
    for (label, &count) in labels.iter().zip(&r.buckets) {
        let cells = (count * 30).div_ceil(widest);
        let _ = writeln!(out, "  {label:<10} {:<30} {count}", "▇".repeat(cells));
    }
    out.push('\n');
}

/// What to fix first: rules by severity, then by the points all their
/// findings cost; repeats of one rule are one item listing its matches.
fn first_fixes(out: &mut String, report: &DocReport, color: bool) {
    let fixes = report.top_fixes();
    if fixes.is_empty() {
        return;
    }
    let w = i18n::words(report.lang);
    let _ = writeln!(out, "{}:", paint(w.first_fixes, color, |s| s.bold()));
    for (i, fix) in fixes.iter().take(FIRST_FIXES).enumerate() {
        let points = format!("−{:.0} {}", fix.points, w.points);
        let _ = writeln!(out, "  {}. {} ({points})", i + 1, fix.suggestion);
        if !fix.matches.is_empty() {
            let (open, close) = w.quotes;
            let quoted: Vec<String> = fix
                .matches
                .iter()
                .map(|m| format!("{open}{m}{close}"))
                .collect();
            let more = if fix.count > fix.matches.len() {
                ", …"
            } else {
                ""
            };
            let _ = writeln!(out, "     {}×: {}{more}", fix.count, quoted.join(", "));
        }
    }
    out.push('\n');
}

fn level(severity: Severity) -> Level<'static> {
    match severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
    }
}

fn findings(out: &mut String, report: &DocReport, color: bool) {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let lines = LineIndex::new(&report.text);
    let w = i18n::words(report.lang);
    for rf in &report.findings {
        let f = &rf.finding;
        let name = i18n::severity(report.lang, f.severity);
        let title = level(f.severity)
            .with_name(Some(name))
            .primary_title(f.message.as_str())
            .id(f.rule.as_str());
        let group = match rf.location {
            Some(loc) => {
                let range = lines.line_range(&report.text, loc.line).start
                    ..lines.line_range(&report.text, loc.end_line).end;
                let source = &report.text[range.clone()];
                let start = loc.start - range.start;
                let end = (loc.end - range.start).min(source.len()).max(start);
                Group::with_title(title).element(
                    Snippet::source(source)
                        .line_start(loc.line)
                        .path(report.path.as_str())
                        .annotation(AnnotationKind::Primary.span(start..end)),
                )
            }
            None => Group::with_title(title).element(Origin::path(report.path.as_str())),
        };
        let group = group.element(
            Level::HELP
                .with_name(Some(w.suggestion))
                .message(f.suggestion.as_str()),
        );
        let _ = writeln!(out, "{}\n", renderer.render(&[group]));
    }
}

#[cfg(test)]
mod tests {
    use colored::Color;

    use super::*;
    use crate::report::Tag;

    fn profile(text: &str) -> DocReport {
        crate::Engine::builtin()
            .unwrap()
            .check_text("p.md", text, Some(crate::input::Kind::Profile))
            .unwrap()
    }

    fn tag(name: &str) -> Tag {
        Tag {
            id: name.to_lowercase(),
            name: name.to_string(),
        }
    }

    #[test]
    fn a_finding_on_a_later_line_underlines_just_its_words() {
        let text = "# Profile\n\nКачественно и быстро, гарантия 2 года.";
        let report = profile(text);
        let out = render(&report, false);
        let at = report
            .findings
            .iter()
            .find_map(|f| f.location.filter(|l| l.line == 3))
            .expect("a finding on line 3");
        let carets = out
            .lines()
            .find(|l| l.contains('^'))
            .map(|l| l.chars().filter(|&c| c == '^').count());
        assert_eq!(carets, Some(text[at.start..at.end].chars().count()));
    }

    #[test]
    fn scores_are_green_from_85_yellow_from_60_red_below() {
        let color = |score| score_style(score)("x").fgcolor;
        assert_eq!(color(100), Some(Color::Green));
        assert_eq!(color(85), Some(Color::Green));
        assert_eq!(color(84), Some(Color::Yellow));
        assert_eq!(color(60), Some(Color::Yellow));
        assert_eq!(color(59), Some(Color::Red));
    }

    #[test]
    fn the_header_names_trades_and_market_when_either_is_known() {
        let mut report = profile("Tiler in Leeds since 2012.");
        let about = |report: &DocReport| {
            let mut out = String::new();
            header(&mut out, report, false);
            out.lines().nth(1).unwrap_or_default().to_string()
        };
        report.trades = Vec::new();
        report.market = Some(tag("UK"));
        assert_eq!(about(&report), "Market: UK");
        report.trades = vec![tag("Tiling")];
        report.market = None;
        assert_eq!(about(&report), "Trade: Tiling");
        report.trades = Vec::new();
        assert!(about(&report).starts_with("Score: "), "{}", about(&report));
    }

    #[test]
    fn picked_or_missed_details_are_followed_by_a_blank_line() {
        let mut report = profile("Tiler in Leeds since 2012.");
        report.notes.picked = vec!["«Leeds»".into()];
        report.notes.missed = Vec::new();
        let mut out = String::new();
        notes(&mut out, &report);
        assert!(out.ends_with("«Leeds»\n\n"), "{out:?}");
        report.notes.picked = Vec::new();
        report.notes.missed = vec!["«tiles»".into()];
        out.clear();
        notes(&mut out, &report);
        assert!(out.ends_with("«tiles»\n\n"), "{out:?}");
    }

    #[test]
    fn a_fix_with_more_findings_than_listed_words_ends_with_an_ellipsis() {
        // Only the repeated rule's findings, so its fix is listed first.
        let only_repeated = |text: &str| {
            let mut report = profile(text);
            let rule = report
                .top_fixes()
                .into_iter()
                .find(|f| f.count == 2)
                .map(|f| f.rule.to_string())
                .expect("a rule that fired twice");
            report.findings.retain(|f| f.finding.rule == rule);
            let mut out = String::new();
            first_fixes(&mut out, &report, false);
            out
        };
        let twice = only_repeated("# Profile\n\nКачественно и быстро. Качественно и быстро.");
        assert!(twice.contains("2×: «Качественно и быстро», …\n"), "{twice}");
        let two_words = only_repeated("# Profile\n\nКачественно и быстро. Недорого.");
        assert!(
            two_words.contains("2×: «Качественно и быстро», «Недорого»\n"),
            "{two_words}"
        );
    }
}

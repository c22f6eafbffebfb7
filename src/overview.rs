//! A run in brief, for a manager: how many records and errors, how overall
//! and dimension scores are spread, grade shares, the most common findings
//! under the seven mistakes (split by kind and language), and the weakest
//! records with their first fixes. Built record by record in bounded
//! memory, from reports as `batch` lints them or from the lines of a
//! finished run's JSON Lines; written as one self-contained HTML page
//! ([`Overview::html`]) whose charts are inline SVG.

use std::collections::BTreeMap;
use std::fmt::Write;

use serde_json::Value;

use crate::report::DocReport;

/// The weakest records listed.
const WEAKEST: usize = 10;
/// Fixes shown per weak record.
const FIXES: usize = 3;
/// Findings listed under each mistake.
const RULES_PER_MISTAKE: usize = 8;

/// The seven mistakes the checklists are built from.
const MISTAKES: [&str; 7] = [
    "No positioning: a vague, incomplete profile",
    "An empty, thin or poor portfolio",
    "Stale contacts and missed notifications",
    "Slow reaction loses the client",
    "A weak first reply to a job post",
    "No price transparency",
    "Ignoring reviews or answering badly",
];

/// What the overview keeps of one record.
#[derive(Debug, Clone, Default)]
pub struct Entry {
    /// The record's id, or its line when it has none.
    pub label: String,
    pub kind: String,
    pub lang: String,
    pub score: Option<u8>,
    pub grade: Option<char>,
    pub dimensions: Vec<(String, Option<u8>)>,
    /// Each rule that fired, once, with its mistake (0 when unknown).
    pub rules: Vec<(u8, String)>,
    /// The first fixes' suggestions.
    pub fixes: Vec<String>,
}

impl Entry {
    /// From a report as it is linted.
    pub fn of(label: String, report: &DocReport) -> Entry {
        let mut rules: Vec<(u8, String)> = report
            .findings
            .iter()
            .map(|f| (f.finding.mistake, f.finding.rule.clone()))
            .collect();
        rules.sort();
        rules.dedup();
        Entry {
            label,
            kind: report.kind.name().to_string(),
            lang: report.lang.code().to_string(),
            score: report.scores.overall,
            grade: report.scores.grade,
            dimensions: report
                .scores
                .dimensions
                .iter()
                .map(|d| (d.name.clone(), d.score))
                .collect(),
            rules,
            fixes: report
                .top_fixes()
                .into_iter()
                .take(FIXES)
                .map(|f| f.suggestion.to_string())
                .collect(),
        }
    }

    /// From a result line of `batch` (full or `scores` layout); `None` for
    /// an error line.
    pub fn from_line(line: &Value, number: usize) -> Result<Option<Entry>, String> {
        let Value::Object(fields) = line else {
            return Err("a result line must be a JSON object".into());
        };
        if fields.contains_key("error") {
            return Ok(None);
        }
        let text = |key: &str| fields.get(key).and_then(Value::as_str).map(str::to_string);
        let score = |v: Option<&Value>| v.and_then(Value::as_u64).map(|s| s.min(100) as u8);
        let kind = text("kind").ok_or("missing field `kind`: not a pitchlint result line")?;
        let label = match fields.get("id") {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Null) | None => format!("line {number}"),
            Some(other) => other.to_string(),
        };
        let dimensions = fields
            .get("dimensions")
            .and_then(Value::as_object)
            .map(|dims| {
                dims.iter()
                    .map(|(name, v)| (name.clone(), score(v.get("score").or(Some(v)))))
                    .collect()
            })
            .unwrap_or_default();
        let mut rules: Vec<(u8, String)> = fields
            .get("findings")
            .and_then(Value::as_array)
            .map(|list| {
                list.iter()
                    .filter_map(|f| {
                        let rule = f.get("rule")?.as_str()?.to_string();
                        let mistake = f.get("mistake").and_then(Value::as_u64).unwrap_or(0);
                        Some((mistake.min(7) as u8, rule))
                    })
                    .collect()
            })
            .unwrap_or_default();
        rules.sort();
        rules.dedup();
        let fixes = fields
            .get("top_fixes")
            .and_then(Value::as_array)
            .map(|list| {
                list.iter()
                    .take(FIXES)
                    .filter_map(|f| f.get("suggestion")?.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        Ok(Some(Entry {
            label,
            kind,
            lang: text("lang").unwrap_or_default(),
            score: score(fields.get("score")),
            grade: text("grade").and_then(|g| g.chars().next()),
            dimensions,
            rules,
            fixes,
        }))
    }
}

/// Counts in ten bins of ten points (the last holds 90–100).
#[derive(Debug, Clone, Copy, Default)]
struct Histogram([usize; 10]);

impl Histogram {
    fn add(&mut self, score: u8) {
        self.0[usize::from(score / 10).min(9)] += 1;
    }

    fn total(&self) -> usize {
        self.0.iter().sum()
    }
}

/// Records of one kind and language.
#[derive(Debug, Clone, Default)]
struct Group {
    records: usize,
    score_sum: u64,
    scored: usize,
    /// Records with at least one finding under each mistake (index 0–6).
    by_mistake: [usize; 7],
}

/// A run in brief; see the module docs.
#[derive(Debug, Clone, Default)]
pub struct Overview {
    records: usize,
    errors: usize,
    overall: Histogram,
    dimensions: BTreeMap<String, Histogram>,
    /// A–E, then records without a grade.
    grades: [usize; 6],
    /// Records each rule fired in, by mistake.
    rules: BTreeMap<(u8, String), usize>,
    groups: BTreeMap<(String, String), Group>,
    /// The lowest scores so far, lowest first.
    weakest: Vec<Entry>,
}

impl Overview {
    pub fn add(&mut self, entry: Entry) {
        self.records += 1;
        if let Some(score) = entry.score {
            self.overall.add(score);
        }
        for (name, score) in &entry.dimensions {
            if let Some(score) = score {
                self.dimensions.entry(name.clone()).or_default().add(*score);
            }
        }
        let grade = entry.grade.and_then(|g| "ABCDE".find(g)).unwrap_or(5);
        self.grades[grade] += 1;
        let group = self
            .groups
            .entry((entry.kind.clone(), entry.lang.clone()))
            .or_default();
        group.records += 1;
        if let Some(score) = entry.score {
            group.score_sum += u64::from(score);
            group.scored += 1;
        }
        let mut seen = [false; 7];
        for (mistake, rule) in &entry.rules {
            *self.rules.entry((*mistake, rule.clone())).or_default() += 1;
            if (1..=7).contains(mistake) {
                seen[usize::from(*mistake) - 1] = true;
            }
        }
        for (count, seen) in group.by_mistake.iter_mut().zip(seen) {
            *count += usize::from(seen);
        }
        self.keep_if_weak(entry);
    }

    /// Counts a record that could not be checked.
    pub fn add_error(&mut self) {
        self.errors += 1;
    }

    fn keep_if_weak(&mut self, mut entry: Entry) {
        let Some(score) = entry.score else { return };
        let at = self
            .weakest
            .partition_point(|e| e.score.is_some_and(|s| s <= score));
        if at < WEAKEST {
            entry.dimensions = Vec::new();
            entry.rules = Vec::new();
            self.weakest.insert(at, entry);
            self.weakest.truncate(WEAKEST);
        }
    }

    pub fn records(&self) -> usize {
        self.records
    }

    pub fn errors(&self) -> usize {
        self.errors
    }

    /// One self-contained HTML page: inline style and SVG, nothing fetched.
    pub fn html(&self) -> String {
        let mut page = String::with_capacity(64 * 1024);
        page.push_str(HEAD);
        let scored = self.overall.total();
        let mean = self.mean().map_or("–".to_string(), |m| format!("{m:.1}"));
        let _ = write!(
            page,
            "<h1>pitchlint: the run in brief</h1>\n<section class=\"totals\">\
             <div><b id=\"records\">{}</b><span>records checked</span></div>\
             <div><b id=\"errors\">{}</b><span>records that could not be checked</span></div>\
             <div><b id=\"mean\">{mean}</b><span>mean overall score</span></div></section>\n",
            self.records, self.errors
        );
        page.push_str("<h2>Overall score</h2>\n");
        page.push_str(&histogram_svg("overall", &self.overall, 560, 180));
        self.grades_html(&mut page, scored);
        page.push_str("<h2>Scores by dimension</h2>\n<div class=\"grid\">");
        for (name, hist) in &self.dimensions {
            let _ = write!(page, "<figure><figcaption>{}</figcaption>", escape(name));
            page.push_str(&histogram_svg(name, hist, 260, 110));
            page.push_str("</figure>");
        }
        page.push_str("</div>\n");
        self.mistakes_html(&mut page);
        self.groups_html(&mut page);
        self.weakest_html(&mut page);
        page.push_str("</main></body></html>\n");
        page
    }

    fn mean(&self) -> Option<f64> {
        let (sum, n) = self
            .groups
            .values()
            .fold((0u64, 0usize), |(s, n), g| (s + g.score_sum, n + g.scored));
        (n > 0).then(|| sum as f64 / n as f64)
    }

    fn grades_html(&self, page: &mut String, scored: usize) {
        page.push_str("<h2>Grades</h2>\n<table id=\"grades\"><tr><th>grade</th><th>records</th><th>share</th><th></th></tr>");
        for (i, label) in ["A", "B", "C", "D", "E", "not graded"].iter().enumerate() {
            let n = self.grades[i];
            let share = share(n, self.records);
            let bar = if scored > 0 {
                n * 100 / self.records.max(1)
            } else {
                0
            };
            let _ = write!(
                page,
                "<tr data-grade=\"{label}\"><td>{label}</td><td class=\"n\">{n}</td><td class=\"n\">{share}</td>\
                 <td><svg width=\"200\" height=\"12\" role=\"img\"><rect class=\"bar\" width=\"{}\" height=\"12\"/></svg></td></tr>",
                bar * 2
            );
        }
        page.push_str("</table>\n");
    }

    fn mistakes_html(&self, page: &mut String) {
        page.push_str("<h2>The most common findings, by mistake</h2>\n<p class=\"hint\">Share: records the rule fired in, of all records checked.</p>\n");
        for (m, title) in (1u8..).zip(MISTAKES) {
            let mut rules: Vec<(&String, usize)> = self
                .rules
                .iter()
                .filter(|((mistake, _), _)| *mistake == m)
                .map(|((_, rule), n)| (rule, *n))
                .collect();
            if rules.is_empty() {
                continue;
            }
            rules.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            let _ = write!(
                page,
                "<h3>{m}. {}</h3>\n<table class=\"rules\">",
                escape(title)
            );
            for (rule, n) in rules.into_iter().take(RULES_PER_MISTAKE) {
                let _ = write!(
                    page,
                    "<tr data-rule=\"{0}\"><td><code>{0}</code></td><td class=\"n\">{n}</td><td class=\"n\">{1}</td></tr>",
                    escape(rule),
                    share(n, self.records)
                );
            }
            page.push_str("</table>\n");
        }
    }

    fn groups_html(&self, page: &mut String) {
        page.push_str("<h2>By kind and language</h2>\n<p class=\"hint\">Share of records with at least one finding under each mistake.</p>\n<table id=\"groups\"><tr><th>kind</th><th>language</th><th>records</th><th>mean</th>");
        for m in 1..=7 {
            let _ = write!(page, "<th title=\"{}\">{m}</th>", escape(MISTAKES[m - 1]));
        }
        page.push_str("</tr>");
        for ((kind, lang), g) in &self.groups {
            let mean = if g.scored > 0 {
                format!("{:.1}", g.score_sum as f64 / g.scored as f64)
            } else {
                "–".into()
            };
            let _ = write!(
                page,
                "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{mean}</td>",
                escape(kind),
                escape(lang),
                g.records
            );
            for n in g.by_mistake {
                let _ = write!(page, "<td class=\"n\">{}</td>", share(n, g.records));
            }
            page.push_str("</tr>");
        }
        page.push_str("</table>\n");
    }

    fn weakest_html(&self, page: &mut String) {
        let _ = write!(
            page,
            "<h2>The {} weakest records</h2>\n<table id=\"weakest\"><tr><th>record</th><th>kind</th><th>score</th><th>fix first</th></tr>",
            self.weakest.len()
        );
        for e in &self.weakest {
            let fixes: Vec<String> = e
                .fixes
                .iter()
                .map(|f| format!("<li>{}</li>", escape(f)))
                .collect();
            let _ = write!(
                page,
                "<tr><td>{}</td><td>{} · {}</td><td class=\"n\">{}</td><td><ol>{}</ol></td></tr>",
                escape(&e.label),
                escape(&e.kind),
                escape(&e.lang),
                e.score.map_or("–".into(), |s| s.to_string()),
                fixes.concat()
            );
        }
        page.push_str("</table>\n");
    }
}

/// `n` of `of` as a whole percentage.
fn share(n: usize, of: usize) -> String {
    if of == 0 {
        return "–".into();
    }
    format!("{:.0} %", n as f64 * 100.0 / of as f64)
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

/// A bar per ten-point bin, with the counts above the bars and the bins
/// below; colours come from the page's light or dark scheme.
fn histogram_svg(name: &str, hist: &Histogram, width: u32, height: u32) -> String {
    let max = hist.0.iter().copied().max().unwrap_or(0).max(1);
    let (label_h, count_h) = (16, 14);
    let plot = height - label_h - count_h;
    let slot = width / 10;
    let mut svg = format!(
        "<svg class=\"hist\" data-name=\"{}\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"{} scores, counts per ten points\">",
        escape(name),
        escape(name)
    );
    for (i, &n) in hist.0.iter().enumerate() {
        let h = (n as f64 / max as f64 * f64::from(plot)).round() as u32;
        let x = i as u32 * slot;
        let y = count_h + plot - h;
        let _ = write!(
            svg,
            "<rect class=\"bar\" x=\"{}\" y=\"{y}\" width=\"{}\" height=\"{h}\"/>\
             <text class=\"count\" data-bin=\"{i}\" x=\"{}\" y=\"{}\">{n}</text>\
             <text class=\"axis\" x=\"{}\" y=\"{}\">{}</text>",
            x + 2,
            slot - 4,
            x + slot / 2,
            (y.max(count_h) - 3).max(10),
            x + slot / 2,
            height - 3,
            i * 10
        );
    }
    svg.push_str("</svg>");
    svg
}

const HEAD: &str = r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>pitchlint: the run in brief</title>
<style>
:root { --fg: #1d2330; --muted: #5b6474; --bg: #ffffff; --card: #f3f5f8; --bar: #2f6fdb; --line: #d9dee7; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e6e9ef; --muted: #a3acbb; --bg: #14171c; --card: #1f242c; --bar: #6ea2ff; --line: #343b47; }
}
body { margin: 0; background: var(--bg); color: var(--fg); font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
main { max-width: 980px; margin: 0 auto; padding: 24px 16px 48px; }
h1 { font-size: 1.5rem; margin: 0 0 16px; }
h2 { font-size: 1.15rem; margin: 32px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 1rem; margin: 16px 0 4px; }
.totals { display: flex; gap: 12px; flex-wrap: wrap; }
.totals div { background: var(--card); border-radius: 8px; padding: 12px 16px; min-width: 160px; }
.totals b { display: block; font-size: 1.6rem; }
.totals span, .hint, .axis { color: var(--muted); }
.hint { margin: 0 0 8px; font-size: .9rem; }
.grid { display: flex; flex-wrap: wrap; gap: 12px; }
figure { margin: 0; background: var(--card); border-radius: 8px; padding: 8px; }
figcaption { font-weight: 600; margin-bottom: 4px; }
svg .bar { fill: var(--bar); }
svg text { font-size: 11px; text-anchor: middle; fill: var(--fg); }
svg text.axis { fill: var(--muted); }
table { border-collapse: collapse; margin: 4px 0 8px; }
th, td { text-align: left; padding: 4px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
ol { margin: 0; padding-left: 18px; }
code { font-size: .9em; }
</style></head><body><main>
"#;

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(label: &str, score: u8, rules: &[(u8, &str)]) -> Entry {
        Entry {
            label: label.into(),
            kind: "profile".into(),
            lang: "ru".into(),
            score: Some(score),
            grade: Some(crate::score::grade(score)),
            dimensions: vec![("price".into(), Some(score))],
            rules: rules.iter().map(|(m, r)| (*m, r.to_string())).collect(),
            fixes: vec![format!("fix <{label}>")],
        }
    }

    #[test]
    fn counts_bins_grades_rules_and_keeps_the_weakest() {
        let mut o = Overview::default();
        for i in 0..30u8 {
            let rules: &[(u8, &str)] = if i % 3 == 0 {
                &[(6, "ru.profile.price")]
            } else {
                &[]
            };
            o.add(entry(&format!("r{i}"), i * 3, rules));
        }
        o.add_error();
        assert_eq!((o.records(), o.errors()), (30, 1));
        assert_eq!(o.overall.total(), 30);
        assert_eq!(o.overall.0[0], 4, "0, 3, 6, 9");
        assert_eq!(o.rules[&(6, "ru.profile.price".to_string())], 10);
        let weakest: Vec<&str> = o.weakest.iter().map(|e| e.label.as_str()).collect();
        assert_eq!(
            weakest,
            ["r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9"]
        );
        let html = o.html();
        assert!(html.contains("<b id=\"records\">30</b>"), "{html}");
        assert!(
            html.contains("fix &lt;r0&gt;"),
            "labels and fixes are escaped"
        );
        assert!(
            !html.contains("http://") && !html.contains("https://"),
            "nothing is fetched"
        );
    }

    #[test]
    fn result_lines_of_either_layout_are_read() {
        let full = serde_json::json!({"id": "a", "line": 1, "kind": "reply", "lang": "en", "score": 40, "grade": "D",
            "dimensions": {"tone": {"score": 100, "weight": 1}, "price": {"score": null, "weight": 1}},
            "findings": [{"rule": "en.reply.price", "mistake": 6}, {"rule": "en.reply.price", "mistake": 6}],
            "top_fixes": [{"rule": "en.reply.price", "suggestion": "Give a range"}]});
        let e = Entry::from_line(&full, 1).unwrap().unwrap();
        assert_eq!((e.score, e.grade), (Some(40), Some('D')));
        assert_eq!(
            e.dimensions,
            [("tone".to_string(), Some(100)), ("price".to_string(), None)]
        );
        assert_eq!(e.rules, [(6, "en.reply.price".to_string())]);
        assert_eq!(e.fixes, ["Give a range"]);
        let compact = serde_json::json!({"id": 7, "kind": "profile", "score": 90, "dimensions": {"price": 80}});
        let e = Entry::from_line(&compact, 2).unwrap().unwrap();
        assert_eq!((e.label.as_str(), e.dimensions[0].1), ("7", Some(80)));
        let error = serde_json::json!({"id": null, "line": 3, "error": "empty line"});
        assert!(Entry::from_line(&error, 3).unwrap().is_none());
        assert!(Entry::from_line(&serde_json::json!({"id": 1}), 4).is_err());
    }
}

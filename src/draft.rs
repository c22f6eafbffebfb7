//! `pitchlint draft`: a profile rebuilt from its own sentences. Each
//! sentence is linted on its own, with the whole document's trades and
//! market, and goes to the section whose rule it satisfies (a price to
//! «Цены», a place to «Где работаем», …); a sentence that only repeats
//! general phrases is left out. Where the whole profile still falls short,
//! the section gets a bracketed placeholder with the linter's own advice
//! for this trade and market.
//! Nothing is invented: every line of a draft is a sentence of the
//! document, a heading or a placeholder.

use crate::Engine;
use crate::error::{Error, Result};
use crate::input::{self, Document, Kind, Lang};
use crate::report::DocReport;

/// Where a sentence goes, in the order a client reads a profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Work,
    Materials,
    Area,
    Prices,
    Trust,
    Step,
}

impl Section {
    const ALL: [Section; 6] = [
        Section::Work,
        Section::Materials,
        Section::Area,
        Section::Prices,
        Section::Trust,
        Section::Step,
    ];

    /// The rules (ids after `xx.profile.`) a sentence in this section
    /// meets, the main one first.
    fn rules(self) -> &'static [&'static str] {
        match self {
            Section::Work => &["products-named"],
            Section::Materials => &["materials-named"],
            Section::Area => &["city-named", "area-served"],
            Section::Prices => &["price-figure", "cost-factors", "price-adjustment"],
            Section::Trust => &["trust-facts"],
            Section::Step => &["cta-missing"],
        }
    }

    /// The heading; the closing step has none.
    fn title(self, lang: Lang) -> Option<&'static str> {
        let (ru, en) = match self {
            Section::Work => ("Что делаем", "What we do"),
            Section::Materials => ("Материалы", "Materials"),
            Section::Area => ("Где работаем", "Where we work"),
            Section::Prices => ("Цены", "Prices"),
            Section::Trust => ("Почему мы", "Why us"),
            Section::Step => return None,
        };
        Some(if lang == Lang::Ru { ru } else { en })
    }
}

/// The order in which a sentence is tried, section and rule: a price line
/// that also names the work is read as a price, a request that also
/// promises a quote as the closing step, years in a town as trust, a line
/// naming products and materials as the work; what a price depends on, or
/// the area served, only claims what nothing stronger did («демонтаж» is
/// work first).
const CLAIM_ORDER: [(Section, &str); 8] = [
    (Section::Prices, "price-figure"),
    (Section::Step, "cta-missing"),
    (Section::Trust, "trust-facts"),
    (Section::Area, "city-named"),
    (Section::Work, "products-named"),
    (Section::Materials, "materials-named"),
    (Section::Area, "area-served"),
    (Section::Prices, "cost-factors"),
];

/// A drafted profile: sections of the document's sentences, and the
/// sentences left out as general phrases.
#[derive(Debug, Clone)]
pub struct Draft {
    pub text: String,
    /// Sentences left out: they only repeat general phrases.
    pub dropped: Vec<String>,
    /// Sections that got a placeholder.
    pub placeholders: usize,
}

/// Points each rule takes off a report, by rule id.
type Points = Vec<(String, f64)>;

fn points(report: &DocReport) -> Points {
    report
        .top_fixes()
        .iter()
        .map(|f| (f.rule.to_string(), f.points))
        .collect()
}

fn points_of(points: &[(String, f64)], rule: &str) -> f64 {
    points
        .iter()
        .find(|(r, _)| r == rule)
        .map_or(0.0, |(_, p)| *p)
}

/// Drafts a profile. Other kinds are refused with a one-line error.
pub fn draft(engine: &Engine, doc: Document) -> Result<Draft> {
    if doc.kind != Kind::Profile {
        return Err(Error::new(
            &doc.path,
            format!(
                "draft: only profiles can be drafted, not a {}",
                doc.kind.name()
            ),
        ));
    }
    let prefix = format!("{}.profile.", doc.lang.code());
    let report = engine.check(doc.clone())?;
    let (linted, full) = lint_sentences(engine, &doc, &report)?;
    let (sections, dropped) = sort(linted, &full, &prefix);
    let (text, placeholders) = write(&doc, &report, &sections, &prefix);
    Ok(Draft {
        text,
        dropped,
        placeholders,
    })
}

/// Every sentence linted alone, with the document's trades and market;
/// and each rule's full price: the most it takes off a neutral sentence
/// or any sentence alone (a rule some contexts leave alone, such as the
/// closing step, is still priced).
fn lint_sentences(
    engine: &Engine,
    doc: &Document,
    report: &DocReport,
) -> Result<(Vec<(String, DocReport)>, Points)> {
    let mut options = engine.settings().input_options(Some(Kind::Profile), None);
    options.lang = Some(doc.lang);
    options.subject.trades = Some(report.trades.iter().map(|t| t.id.clone()).collect());
    options.subject.market = report.market.as_ref().map(|m| m.id.clone());
    let lint = |text: &str| -> Result<DocReport> {
        engine.check(input::from_text(&doc.path, text.to_string(), &options)?)
    };
    let neutral = match doc.lang {
        Lang::Ru => "Это текст о нас и о том, как мы работаем каждый день.",
        _ => "This is a text about us and the way we work every day.",
    };
    let mut full = points(&lint(neutral)?);
    let mut linted = Vec::new();
    for sentence in sentences(doc) {
        let own = lint(&sentence)?;
        for (rule, points) in points(&own) {
            match full.iter_mut().find(|(r, _)| *r == rule) {
                Some((_, most)) => *most = most.max(points),
                None => full.push((rule, points)),
            }
        }
        linted.push((sentence, own));
    }
    Ok((linted, full))
}

/// Sentences into sections: each goes to the first section whose rule it
/// meets (costs less than the rule's full price); one that meets none and
/// only repeats general phrases is dropped; anything else stays with the
/// work, so no fact is lost.
fn sort(
    linted: Vec<(String, DocReport)>,
    full: &[(String, f64)],
    prefix: &str,
) -> (Vec<(Section, Vec<String>)>, Vec<String>) {
    let mut sections: Vec<(Section, Vec<String>)> =
        Section::ALL.iter().map(|s| (*s, Vec::new())).collect();
    let mut dropped = Vec::new();
    for (sentence, own) in linted {
        let own_points = points(&own);
        let meets = |rule: &str| {
            let rule = format!("{prefix}{rule}");
            points_of(&own_points, &rule) < points_of(full, &rule)
        };
        match CLAIM_ORDER.iter().find(|(_, rule)| meets(rule)) {
            Some((section, _)) => {
                let lines = &mut sections.iter_mut().find(|(s, _)| s == section).unwrap().1;
                lines.push(sentence);
            }
            None if is_general(&own, prefix) => dropped.push(sentence),
            None => sections[0].1.push(sentence),
        }
    }
    (sections, dropped)
}

/// The draft's Markdown and how many placeholders it holds. Whatever the
/// whole profile still falls short of, the linter's advice for it stands
/// as a placeholder under what is there; a section neither filled nor
/// wanting (materials named with the work) is left out.
fn write(
    doc: &Document,
    report: &DocReport,
    sections: &[(Section, Vec<String>)],
    prefix: &str,
) -> (String, usize) {
    let fixes = report.top_fixes();
    let advice = |rule: &str| fixes.iter().find(|f| f.rule == rule).map(|f| f.suggestion);
    let mut text = headline(doc, report, doc.lang);
    let mut placeholders = 0;
    for (section, lines) in sections {
        let mut missing: Vec<&str> = section
            .rules()
            .iter()
            .filter_map(|rule| advice(&format!("{prefix}{rule}")))
            .collect();
        if lines.is_empty() && missing.is_empty() {
            continue;
        }
        missing.dedup();
        let titled = section.title(doc.lang);
        match titled {
            Some(title) => text.push_str(&format!("\n## {title}\n\n")),
            None => text.push('\n'),
        }
        let bullet = if titled.is_some() { "- " } else { "" };
        for line in lines {
            text.push_str(&format!("{bullet}{line}\n"));
        }
        for placeholder in missing {
            text.push_str(&format!("{bullet}[{placeholder}]\n"));
            placeholders += 1;
        }
    }
    (text, placeholders)
}

/// The document's own first heading; else `# Trade` from the detected
/// trades; else a placeholder.
fn headline(doc: &Document, report: &DocReport, lang: Lang) -> String {
    let analysis = crate::text::analyze(&doc.text, doc.body.clone());
    if let Some(heading) = analysis
        .blocks
        .iter()
        .find(|b| b.kind == crate::text::BlockKind::Heading)
    {
        let text = doc.text[heading.span.clone()]
            .trim_start_matches('#')
            .trim();
        if !text.is_empty() {
            return format!("# {text}\n");
        }
    }
    let names: Vec<&str> = report.trades.iter().map(|t| t.name.as_str()).collect();
    if names.is_empty() {
        return match lang {
            Lang::Ru => "# [Кто вы и что делаете, в каком городе]\n".into(),
            _ => "# [Who you are, what you do and where]\n".into(),
        };
    }
    let joined = names.join(", ");
    let mut chars = joined.chars();
    let first = chars
        .next()
        .map(|c| c.to_uppercase().collect::<String>())
        .unwrap_or_default();
    format!("# {first}{}\n", chars.as_str())
}

/// A sentence whose only findings about itself are general phrases.
fn is_general(report: &DocReport, prefix: &str) -> bool {
    report.findings.iter().any(|f| {
        let rule = &f.finding.rule;
        rule == &format!("{prefix}vague-phrase") || rule == &format!("{prefix}universal-claim")
    })
}

/// The document's sentences as plain text: headings are left out (the
/// draft has its own), Markdown emphasis and a line's leading label
/// («Материалы:») are taken off.
fn sentences(doc: &Document) -> Vec<String> {
    let analysis = crate::text::analyze(&doc.text, doc.body.clone());
    let mut out = Vec::new();
    for block in &analysis.blocks {
        if block.kind == crate::text::BlockKind::Heading {
            continue;
        }
        for (i, sentence) in analysis.block_sentences(block).iter().enumerate() {
            let mut text = doc.text[sentence.span.clone()].replace(['*', '_', '`'], "");
            if block.label
                && i == 0
                && let Some((label, rest)) = text.split_once(':')
                && label.chars().count() <= 30
                && !rest.trim().is_empty()
            {
                text = rest.to_string();
            }
            let text = text.trim().trim_start_matches(['-', '•', '—', ' ']).trim();
            // A bare label («Работы:») introduces the list that follows.
            let label_only = text.ends_with(':') && text.split_whitespace().count() <= 3;
            if text.chars().any(char::is_alphanumeric) && !label_only {
                out.push(text.to_string());
            }
        }
    }
    out
}

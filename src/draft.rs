//! `pitchlint draft`: a profile, a reply to a job post or an answer to a
//! review rebuilt from its own sentences. Each sentence is linted on its
//! own, with the whole document's trades, market and context (the job post
//! or the review), and goes to the section whose rule it satisfies (a
//! price to «Цены», a question to the questions…); a sentence that only
//! repeats general phrases, or that costs the answer its tone (blame,
//! pressure, sarcasm), is left out. Where the whole document still falls
//! short, the section gets a bracketed placeholder with the linter's own
//! advice for this trade and market.
//! Nothing is invented: every line of a draft is a sentence of the
//! document, a heading or a placeholder.

use crate::Engine;
use crate::error::{Error, Result};
use crate::input::{self, Document, Kind, Lang};
use crate::report::DocReport;

/// One section of a draft: the rules (ids after `xx.<kind>.`) a sentence
/// in it meets, the main one first, and its heading in Russian and
/// English (`None` for a plain paragraph).
struct Section {
    name: &'static str,
    rules: &'static [&'static str],
    title: Option<(&'static str, &'static str)>,
}

impl Section {
    fn title(&self, lang: Lang) -> Option<&'static str> {
        self.title
            .map(|(ru, en)| if lang == Lang::Ru { ru } else { en })
    }
}

/// How a kind's draft is laid out.
struct Layout {
    /// The sections in the order a client reads them; unclaimed sentences
    /// that are kept go to the first one marked `rest`.
    sections: &'static [Section],
    rest: &'static str,
    /// The order in which a sentence is tried, section and rule.
    claim_order: &'static [(&'static str, &'static str)],
    /// Rules whose finding on a sentence alone leaves it out when it meets
    /// no section's rule: it only repeats general phrases.
    general: &'static [&'static str],
    /// Rules whose finding on a sentence alone always leaves it out: it
    /// costs the answer its tone.
    harmful: &'static [&'static str],
    /// A Markdown headline and headings (profiles), or plain paragraphs.
    headings: bool,
}

/// A profile: a headline with trade and place, then blocks with headings.
///
/// The claim order: a price line that also names the work is read as a
/// price, a request that also promises a quote as the closing step, years
/// in a town as trust, a line naming products and materials as the work;
/// what a price depends on, or the area served, only claims what nothing
/// stronger did («демонтаж» is work first).
const PROFILE: Layout = Layout {
    sections: &[
        Section {
            name: "work",
            rules: &["products-named"],
            title: Some(("Что делаем", "What we do")),
        },
        Section {
            name: "materials",
            rules: &["materials-named"],
            title: Some(("Материалы", "Materials")),
        },
        Section {
            name: "area",
            rules: &["city-named", "area-served"],
            title: Some(("Где работаем", "Where we work")),
        },
        Section {
            name: "prices",
            rules: &["price-figure", "cost-factors", "price-adjustment"],
            title: Some(("Цены", "Prices")),
        },
        Section {
            name: "trust",
            rules: &["trust-facts"],
            title: Some(("Почему мы", "Why us")),
        },
        Section {
            name: "step",
            rules: &["cta-missing"],
            title: None,
        },
    ],
    rest: "work",
    claim_order: &[
        ("prices", "price-figure"),
        ("step", "cta-missing"),
        ("trust", "trust-facts"),
        ("area", "city-named"),
        ("work", "products-named"),
        ("materials", "materials-named"),
        ("area", "area-served"),
        ("prices", "cost-factors"),
    ],
    general: &["vague-phrase", "universal-claim"],
    harmful: &[],
    headings: true,
};

/// A reply to a job post: a greeting, what was understood of the job, the
/// clarifying questions, a price or time orientation and the next step.
const REPLY: Layout = Layout {
    sections: &[
        Section {
            name: "greeting",
            rules: &["greeting"],
            title: None,
        },
        Section {
            name: "job",
            rules: &["echo-job"],
            title: None,
        },
        Section {
            name: "questions",
            rules: &["clarifying-questions"],
            title: None,
        },
        Section {
            name: "price",
            rules: &["price-or-time", "cost-factors"],
            title: None,
        },
        Section {
            name: "step",
            rules: &["next-step", "weak-step"],
            title: None,
        },
    ],
    rest: "job",
    claim_order: &[
        ("greeting", "greeting"),
        ("price", "price-or-time"),
        ("step", "next-step"),
        ("questions", "clarifying-questions"),
        ("job", "echo-job"),
        ("price", "cost-factors"),
    ],
    general: &["template-line", "price-evasive"],
    harmful: &["pressure", "condescension", "over-promise"],
    headings: false,
};

/// An answer to a review: thanks, an apology where it is a complaint, the
/// remedy and how to get in touch.
const REVIEW_REPLY: Layout = Layout {
    sections: &[
        Section {
            name: "thanks",
            rules: &["gratitude"],
            title: None,
        },
        Section {
            name: "apology",
            rules: &["apology"],
            title: None,
        },
        Section {
            name: "remedy",
            rules: &["remedy"],
            title: None,
        },
    ],
    rest: "remedy",
    claim_order: &[
        ("apology", "apology"),
        ("thanks", "gratitude"),
        ("remedy", "remedy"),
    ],
    general: &[],
    harmful: &[
        "blame",
        "blames-client",
        "sarcasm",
        "argues-without-fix",
        "advises-without-fix",
        "next-time-reproach",
        "non-apology",
        "hollow-thanks",
    ],
    headings: false,
};

fn layout(kind: Kind) -> Option<&'static Layout> {
    match kind {
        Kind::Profile => Some(&PROFILE),
        Kind::Reply => Some(&REPLY),
        Kind::ReviewReply => Some(&REVIEW_REPLY),
        _ => None,
    }
}

/// A draft: the Markdown or plain text, its sections, and the sentences
/// left out. Serialised as the answer of `POST /api/v1/draft`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Draft {
    pub text: String,
    /// The sections in order, with the document's sentences and the
    /// placeholders each holds; sections with neither are left out.
    pub sections: Vec<DraftSection>,
    /// Sentences left out: they only repeat general phrases or cost the
    /// answer its tone.
    pub dropped: Vec<String>,
    /// Placeholders in all.
    pub placeholders: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DraftSection {
    /// A stable name: `work`, `prices`… for profiles; `greeting`, `job`,
    /// `questions`, `price`, `step` for replies; `thanks`, `apology`,
    /// `remedy` for answers to reviews.
    pub name: &'static str,
    /// The heading, for profiles.
    pub title: Option<&'static str>,
    pub lines: Vec<String>,
    /// The linter's advice for what the document still lacks here, shown
    /// in the text in `[brackets]`.
    pub placeholders: Vec<String>,
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

/// Drafts a profile, a reply or an answer to a review. Other kinds are
/// refused with a one-line error.
pub fn draft(engine: &Engine, doc: Document) -> Result<Draft> {
    let Some(layout) = layout(doc.kind) else {
        return Err(Error::new(
            &doc.path,
            format!(
                "draft: profiles, replies and answers to reviews can be drafted, not a {}",
                doc.kind.name()
            ),
        ));
    };
    let prefix = format!("{}.{}.", doc.lang.code(), doc.kind.name());
    let report = engine.check(doc.clone())?;
    let (linted, full) = lint_sentences(engine, &doc, &report)?;
    let (sorted, dropped) = sort(layout, linted, &full, &prefix);
    let sections = placeholders(layout, &report, sorted, &prefix, doc.lang);
    let text = write(layout, &doc, &report, &sections);
    Ok(Draft {
        text,
        placeholders: sections.iter().map(|s| s.placeholders.len()).sum(),
        sections,
        dropped,
    })
}

/// Every sentence linted alone, with the document's trades, market and
/// context; and each rule's full price: the most it takes off a neutral
/// sentence or any sentence alone (a rule some contexts leave alone, such
/// as the closing step, is still priced).
fn lint_sentences(
    engine: &Engine,
    doc: &Document,
    report: &DocReport,
) -> Result<(Vec<(String, DocReport)>, Points)> {
    let mut options = engine.settings().input_options(Some(doc.kind), None);
    options.lang = Some(doc.lang);
    options.context = doc.context.clone();
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
/// meets (costs less than the rule's full price); one that hurts the tone
/// (blame, pressure) is dropped, and so is one that meets none and only
/// repeats general phrases; anything else stays in the layout's `rest`
/// section, so no fact is lost.
fn sort(
    layout: &Layout,
    linted: Vec<(String, DocReport)>,
    full: &[(String, f64)],
    prefix: &str,
) -> (Vec<Vec<String>>, Vec<String>) {
    let index = |name: &str| {
        layout
            .sections
            .iter()
            .position(|s| s.name == name)
            .expect("layouts name their own sections")
    };
    let mut sections = vec![Vec::new(); layout.sections.len()];
    let mut dropped = Vec::new();
    for (sentence, own) in linted {
        if found(&own, prefix, layout.harmful) {
            dropped.push(sentence);
            continue;
        }
        let own_points = points(&own);
        let meets = |rule: &str| {
            let rule = format!("{prefix}{rule}");
            points_of(&own_points, &rule) < points_of(full, &rule)
        };
        match layout.claim_order.iter().find(|(_, rule)| meets(rule)) {
            Some((section, _)) => sections[index(section)].push(sentence),
            None if found(&own, prefix, layout.general) => dropped.push(sentence),
            None => sections[index(layout.rest)].push(sentence),
        }
    }
    (sections, dropped)
}

/// Whatever the whole document still falls short of, the linter's advice
/// for it stands as a placeholder under what is there; a section neither
/// filled nor wanting (materials named with the work) is left out.
fn placeholders(
    layout: &Layout,
    report: &DocReport,
    sorted: Vec<Vec<String>>,
    prefix: &str,
    lang: Lang,
) -> Vec<DraftSection> {
    let fixes = report.top_fixes();
    let advice = |rule: &str| fixes.iter().find(|f| f.rule == rule).map(|f| f.suggestion);
    let mut out = Vec::new();
    for (section, lines) in layout.sections.iter().zip(sorted) {
        let mut missing: Vec<String> = section
            .rules
            .iter()
            .filter_map(|rule| advice(&format!("{prefix}{rule}")))
            .map(str::to_string)
            .collect();
        missing.dedup();
        if lines.is_empty() && missing.is_empty() {
            continue;
        }
        out.push(DraftSection {
            name: section.name,
            title: section.title(lang),
            lines,
            placeholders: missing,
        });
    }
    out
}

/// The draft's text: for a profile, Markdown with a headline, headings and
/// bullets; for a reply or an answer, a paragraph per section.
fn write(layout: &Layout, doc: &Document, report: &DocReport, sections: &[DraftSection]) -> String {
    let mut text = if layout.headings {
        headline(doc, report, doc.lang)
    } else {
        String::new()
    };
    for section in sections {
        match section.title {
            Some(title) => text.push_str(&format!("\n## {title}\n\n")),
            None if text.is_empty() => {}
            None => text.push('\n'),
        }
        let bullet = if section.title.is_some() { "- " } else { "" };
        for line in &section.lines {
            text.push_str(&format!("{bullet}{line}\n"));
        }
        for placeholder in &section.placeholders {
            text.push_str(&format!("{bullet}[{placeholder}]\n"));
        }
    }
    text
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

/// Whether a sentence, on its own, has a finding of one of `rules`.
fn found(report: &DocReport, prefix: &str, rules: &[&str]) -> bool {
    report.findings.iter().any(|f| {
        f.finding
            .rule
            .strip_prefix(prefix)
            .is_some_and(|rule| rules.contains(&rule))
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

//! Snapshots of what users see: the pretty report (no colour) and the JSON
//! report for a few corpus documents. Beside each snapshot, explicit
//! assertions pin the findings and scores that matter, so accepting a new
//! snapshot can never silently change them.

use pitchlint::Engine;
use pitchlint::emit::{json, pretty};
use pitchlint::input::{self, Context, ContextKind, Options};

fn report(path: &str) -> pitchlint::report::DocReport {
    let set = Engine::builtin().unwrap();
    let options = Options {
        today: Some(jiff::civil::date(2026, 11, 24)),
        ..Default::default()
    };
    let doc = input::read(path, &options).unwrap();
    set.check(doc).unwrap()
}

fn snapshot_both(name: &str, path: &str) -> pitchlint::report::DocReport {
    let r = report(path);
    insta::assert_snapshot!(format!("{name}_pretty"), pretty::render(&r, false));
    insta::assert_snapshot!(
        format!("{name}_json"),
        json::report(std::slice::from_ref(&r))
    );
    r
}

/// The words each finding of `rule` points at, in order.
fn quoted(r: &pitchlint::report::DocReport, rule: &str) -> Vec<String> {
    r.findings
        .iter()
        .filter(|f| f.finding.rule == rule)
        .map(|f| {
            f.finding
                .span
                .clone()
                .map_or(String::new(), |s| r.text[s].to_string())
        })
        .collect()
}

/// The portfolio items (1-based) `rule` reported.
fn items(r: &pitchlint::report::DocReport, rule: &str) -> Vec<usize> {
    r.findings
        .iter()
        .filter(|f| f.finding.rule == rule)
        .filter_map(|f| f.finding.item)
        .collect()
}

fn dimension(r: &pitchlint::report::DocReport, name: &str) -> Option<u8> {
    r.scores
        .dimensions
        .iter()
        .find(|d| d.name == name)
        .unwrap_or_else(|| panic!("no dimension {name}"))
        .score
}

fn overall(r: &pitchlint::report::DocReport) -> u8 {
    r.scores.overall.expect("an overall score")
}

#[test]
fn russian_bad_profile() {
    let r = snapshot_both("ru_bad", "corpus/profile/ru/bad/handyman-vse-vidy.md");
    assert!(overall(&r) <= 40, "{}", overall(&r));
    assert_eq!(
        quoted(&r, "ru.profile.universal-claim"),
        [
            "Мастер на все руки",
            "все виды работ",
            "работ любой сложности"
        ]
    );
    assert_eq!(
        quoted(&r, "ru.profile.vague-phrase"),
        [
            "Индивидуальный подход",
            "качественно и в срок",
            "разумные цены"
        ]
    );
    for rule in ["city-named", "price-figure", "trust-facts", "too-short"] {
        assert_eq!(quoted(&r, &format!("ru.profile.{rule}")).len(), 1, "{rule}");
    }
    assert_eq!(dimension(&r, "specificity"), Some(0));
}

#[test]
fn russian_good_profile() {
    let r = snapshot_both(
        "ru_good",
        "corpus/profile/ru/good/stone-countertops-kazan.md",
    );
    assert!(overall(&r) >= 90, "{}", overall(&r));
    assert!(r.findings.is_empty(), "{:?}", r.findings);
}

#[test]
fn english_middling_profile() {
    let r = snapshot_both(
        "en_middling",
        "corpus/profile/en/middling/painter-denver.md",
    );
    assert!((60..85).contains(&overall(&r)), "{}", overall(&r));
    // "8 years of experience" is a fact; the clichés after it are not.
    assert_eq!(
        quoted(&r, "en.profile.vague-phrase"),
        ["craftsmanship", "attention to detail"]
    );
    assert_eq!(quoted(&r, "en.profile.no-list").len(), 1);
    assert_eq!(quoted(&r, "en.profile.wall-of-text").len(), 1);
    assert_eq!(dimension(&r, "materials"), Some(100));
}

/// Checks `dir/file` with `dir/context_file` as its job post or review.
fn with_context(
    dir: &str,
    file: &str,
    kind: ContextKind,
    context_file: &str,
) -> pitchlint::report::DocReport {
    let set = Engine::builtin().unwrap();
    let context = Context::read(kind, &format!("{dir}/{context_file}")).unwrap();
    let options = Options {
        context: Some(context),
        ..Default::default()
    };
    let doc = input::read(&format!("{dir}/{file}"), &options).unwrap();
    set.check(doc).unwrap()
}

#[test]
fn russian_reply_with_its_job_post() {
    let r = with_context(
        "corpus/reply/ru/countertop-kazan",
        "middling.txt",
        ContextKind::Task,
        "task.txt",
    );
    insta::assert_snapshot!("ru_reply_pretty", pretty::render(&r, false));
    insta::assert_snapshot!("ru_reply_json", json::report(std::slice::from_ref(&r)));
    assert_eq!(dimension(&r, "questions"), Some(0));
    assert_eq!(dimension(&r, "price"), Some(0));
    // Every detail is picked up, yet the reply reads like one for any
    // countertop job: the learned rule points at its company line.
    assert_eq!(dimension(&r, "relevance"), Some(55));
    assert_eq!(
        quoted(&r, "ru.reply.could-be-any-job"),
        ["Делаем столешницы из кварца, работаем по Казани."]
    );
    assert_eq!(
        quoted(&r, "ru.reply.price-evasive"),
        ["Цена после замера", "всё зависит"]
    );
    // «до 20 декабря» is a date, not a quantity to repeat back.
    let missed = &r.notes.missed;
    assert!(missed.iter().all(|d| !d.starts_with("20")), "{missed:?}");
    assert!(missed.iter().any(|d| d == "3,2 м"), "{missed:?}");
}

#[test]
fn english_review_answer() {
    let r = with_context(
        "corpus/review-reply/en/scratched-countertop",
        "bad.txt",
        ContextKind::Review,
        "review.txt",
    );
    insta::assert_snapshot!("en_review_pretty", pretty::render(&r, false));
    assert_eq!(overall(&r), 0);
    assert_eq!(
        quoted(&r, "en.review-reply.blame"),
        [
            "fake review",
            "you signed off",
            "Remove this review",
            "legal action"
        ]
    );
    assert_eq!(quoted(&r, "en.review-reply.exclamations"), ["!!!"]);
    // The learned tone rule quotes the sentence that weighs most.
    assert_eq!(
        quoted(&r, "en.review-reply.cold-tone"),
        ["The chip was not there at handover, you signed off."]
    );
}

#[test]
fn conversation_log_pretty() {
    let set = Engine::builtin().unwrap();
    let doc = input::read("corpus/conversation/mixed-ru.jsonl", &Options::default()).unwrap();
    let r = set.check(doc).unwrap();
    insta::assert_snapshot!("ru_conversation_pretty", pretty::render(&r, false));
    let median = &r
        .findings
        .iter()
        .find(|f| f.finding.rule == "ru.conversation.median-response")
        .expect("median finding")
        .finding
        .message;
    // Units in the document's language only.
    assert!(
        median.contains("2.9 ч,") && median.contains("до 60 мин)"),
        "{median}"
    );
    let unanswered = quoted(&r, "ru.conversation.unanswered");
    assert_eq!(unanswered.len(), 1);
    assert!(unanswered[0].contains("\"t5\""), "{unanswered:?}");
}

#[test]
fn russian_middling_portfolio() {
    let set = Engine::builtin().unwrap();
    let mut doc = input::read("corpus/portfolio/ru/middling.yaml", &Options::default()).unwrap();
    // The corpus names built-in sample photos; measure those.
    if let Some(portfolio) = &mut doc.portfolio {
        portfolio.measure(&pitchlint::portfolio::SampleSource);
    }
    let r = set.check(doc).unwrap();
    insta::assert_snapshot!("ru_portfolio_pretty", pretty::render(&r, false));
    insta::assert_snapshot!("ru_portfolio_json", json::report(std::slice::from_ref(&r)));
    // Each photo's finding on its own photo: the blurry one is blurry, the
    // dark one is dark and not also called blurry.
    assert_eq!(items(&r, "ru.portfolio.blurry"), [4]);
    assert_eq!(items(&r, "ru.portfolio.dark"), [6]);
    assert_eq!(items(&r, "ru.portfolio.too-few"), Vec::<usize>::new());
    assert_eq!(quoted(&r, "ru.portfolio.too-few").len(), 1);
    let fixes = r.top_fixes();
    assert!(
        fixes
            .iter()
            .all(|f| f.matches.iter().all(|m| !m.contains("- photo:"))),
        "fixes name photos, not manifest lines: {fixes:?}"
    );
}

//! Snapshots of what users see: the pretty report (no colour) and the JSON
//! report for a few corpus documents.

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

fn snapshot_both(name: &str, path: &str) {
    let r = report(path);
    insta::assert_snapshot!(format!("{name}_pretty"), pretty::render(&r, false));
    insta::assert_snapshot!(
        format!("{name}_json"),
        json::report(std::slice::from_ref(&r))
    );
}

#[test]
fn russian_bad_profile() {
    snapshot_both("ru_bad", "corpus/profile/ru/bad/handyman-vse-vidy.md");
}

#[test]
fn russian_good_profile() {
    snapshot_both(
        "ru_good",
        "corpus/profile/ru/good/stone-countertops-kazan.md",
    );
}

#[test]
fn english_middling_profile() {
    snapshot_both(
        "en_middling",
        "corpus/profile/en/middling/painter-denver.md",
    );
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
}

#[test]
fn conversation_log_pretty() {
    let set = Engine::builtin().unwrap();
    let doc = input::read("corpus/conversation/mixed-ru.jsonl", &Options::default()).unwrap();
    let r = set.check(doc).unwrap();
    insta::assert_snapshot!("ru_conversation_pretty", pretty::render(&r, false));
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
}

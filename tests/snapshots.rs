//! Snapshots of what users see: the pretty report (no colour) and the JSON
//! report for a few corpus documents.

use pitchlint::emit::{json, pretty};
use pitchlint::input::{self, Options};
use pitchlint::rules::RuleSet;

fn report(path: &str) -> pitchlint::report::DocReport {
    let set = RuleSet::builtin().unwrap();
    let options = Options {
        today: Some(jiff::civil::date(2026, 11, 24)),
        ..Default::default()
    };
    let doc = input::read(path, &options).unwrap();
    pitchlint::check(&set, doc).unwrap()
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

#[test]
fn russian_reply_with_its_job_post() {
    let set = RuleSet::builtin().unwrap();
    let dir = "corpus/reply/ru/countertop-kazan";
    let options = Options {
        context: Some(
            pitchlint::input::Context::read(
                pitchlint::input::ContextKind::Task,
                &format!("{dir}/task.txt"),
            )
            .unwrap(),
        ),
        ..Default::default()
    };
    let doc = input::read(&format!("{dir}/middling.txt"), &options).unwrap();
    let r = pitchlint::check(&set, doc).unwrap();
    insta::assert_snapshot!("ru_reply_pretty", pretty::render(&r, false));
    insta::assert_snapshot!("ru_reply_json", json::report(std::slice::from_ref(&r)));
}

#[test]
fn english_review_answer() {
    let set = RuleSet::builtin().unwrap();
    let dir = "corpus/review-reply/en/scratched-countertop";
    let options = Options {
        context: Some(
            pitchlint::input::Context::read(
                pitchlint::input::ContextKind::Review,
                &format!("{dir}/review.txt"),
            )
            .unwrap(),
        ),
        ..Default::default()
    };
    let doc = input::read(&format!("{dir}/bad.txt"), &options).unwrap();
    let r = pitchlint::check(&set, doc).unwrap();
    insta::assert_snapshot!("en_review_pretty", pretty::render(&r, false));
}

#[test]
fn conversation_log_pretty() {
    let set = RuleSet::builtin().unwrap();
    let doc = input::read("corpus/conversation/mixed-ru.jsonl", &Options::default()).unwrap();
    let r = pitchlint::check(&set, doc).unwrap();
    insta::assert_snapshot!("ru_conversation_pretty", pretty::render(&r, false));
}

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

//! The corpus ranks as a person would: every good profile outscores every
//! middling one of its group and every middling one every bad one by 5
//! points or more; good ones score 80 or more, bad ones 50 or less,
//! and middling ones land between.

use std::path::{Path, PathBuf};

use pitchlint::Engine;
use pitchlint::input::{self, Options};

fn files(dir: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md" || e == "txt"))
        .collect();
    files.sort();
    files
}

fn scores(set: &Engine, dir: &str) -> Vec<(String, u8)> {
    files(dir)
        .iter()
        .map(|path| {
            let path = path.to_str().unwrap();
            // Freshness of the contact header is judged against a fixed day.
            let options = Options {
                today: Some(jiff::civil::date(2026, 11, 24)),
                ..Default::default()
            };
            let doc = input::read(path, &options).unwrap();
            let report = set.check(doc).unwrap();
            let name = Path::new(path)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (name, report.scores.overall.expect("profile is scored"))
        })
        .collect()
}

fn check_language(lang: &str, min_good: usize, min_bad: usize) {
    let set = Engine::builtin().unwrap();
    let good = scores(&set, &format!("corpus/profile/{lang}/good"));
    let middling = scores(&set, &format!("corpus/profile/{lang}/middling"));
    let bad = scores(&set, &format!("corpus/profile/{lang}/bad"));
    assert!(
        good.len() >= min_good && bad.len() >= min_bad,
        "corpus too small"
    );
    let report = format!("good {good:?}\nmiddling {middling:?}\nbad {bad:?}");
    for (name, score) in &good {
        assert!(*score >= 80, "good {name} scored {score}\n{report}");
    }
    for (name, score) in &bad {
        assert!(*score <= 50, "bad {name} scored {score}\n{report}");
    }
    // Every good profile above every middling one, and every middling one
    // above every bad one, by a margin a rule change cannot flip.
    const MARGIN: u8 = 5;
    let worst_good = good.iter().map(|g| g.1).min().unwrap();
    let best_bad = bad.iter().map(|b| b.1).max().unwrap();
    assert!(worst_good >= best_bad + MARGIN, "{report}");
    for (name, score) in &middling {
        assert!(
            *score >= best_bad + MARGIN && *score + MARGIN <= worst_good,
            "middling {name} scored {score}\n{report}"
        );
    }
}

#[test]
fn russian_profiles_rank_as_a_person_would() {
    check_language("ru", 10, 8);
}

#[test]
fn english_profiles_rank_as_a_person_would() {
    check_language("en", 5, 4);
}

#[test]
fn scores_are_stable_across_runs() {
    let set = Engine::builtin().unwrap();
    let first = scores(&set, "corpus/profile/ru/middling");
    let second = scores(&set, "corpus/profile/ru/middling");
    assert_eq!(first, second);
}

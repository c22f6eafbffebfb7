//! `pitchlint draft`: a profile rebuilt from its own sentences. It never
//! invents (every line is a heading, a placeholder or the document's own
//! sentence), and a draft whose placeholders are filled with what a good
//! profile of the same language says scores higher than the original.

use std::path::Path;

use pitchlint::{Engine, Kind};

#[path = "support/binary.rs"]
mod binary;
use binary::run;

fn draft(path: &str) -> String {
    let out = run(&["draft", path, "--no-config"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn files(dir: &str) -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(dir))
        .unwrap()
        .map(|e| format!("{dir}/{}", e.unwrap().file_name().to_string_lossy()))
        .collect();
    files.sort();
    files
}

/// A draft's sections: heading (empty for the closing step) → lines.
fn sections(draft: &str) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = vec![(String::new(), Vec::new())];
    for line in draft.lines().skip(1) {
        if let Some(title) = line.strip_prefix("## ") {
            out.push((title.to_string(), Vec::new()));
        } else if !line.trim().is_empty() {
            out.last_mut().unwrap().1.push(line.to_string());
        }
    }
    out
}

fn is_placeholder(line: &str) -> bool {
    line.trim_start_matches("- ").starts_with('[')
}

#[test]
fn a_draft_never_invents_a_sentence() {
    for quality in ["bad", "middling", "good"] {
        for lang in ["ru", "en"] {
            for path in files(&format!("corpus/profile/{lang}/{quality}")) {
                let original =
                    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(&path))
                        .unwrap()
                        .replace(['*', '_', '`'], "");
                let text = draft(&path);
                assert!(text.starts_with("# "), "{path}: {text}");
                for (_, lines) in sections(&text) {
                    for line in lines.iter().filter(|l| !is_placeholder(l)) {
                        let sentence = line.trim_start_matches("- ");
                        assert!(
                            original.contains(sentence),
                            "{path}: «{sentence}» is not in the profile"
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn a_weak_profile_gets_placeholders_and_a_good_one_none() {
    let weak = draft("corpus/profile/ru/bad/handyman-vse-vidy.md");
    assert!(weak.contains("## Цены\n"), "{weak}");
    assert!(
        weak.lines().filter(|l| is_placeholder(l)).count() >= 3,
        "{weak}"
    );
    // The advice is the trade's own, not stone or furniture advice.
    assert!(weak.contains("Makita") || weak.contains("час"), "{weak}");
    let good = draft("corpus/profile/ru/good/apartment-renovation-ekb.md");
    assert!(!good.lines().any(is_placeholder), "{good}");
    assert!(
        good.starts_with("# Ремонт квартир под ключ в Екатеринбурге\n"),
        "{good}"
    );
}

#[test]
fn other_kinds_are_refused_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.md");
    std::fs::write(
        &path,
        "---\nkind: reply\ntask: Нужен электрик\n---\nЗдравствуйте!",
    )
    .unwrap();
    let out = run(&["draft", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("only profiles can be drafted"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}

/// Fills each placeholder with the lines a good profile's draft has in the
/// same section.
fn filled(draft: &str, good: &str) -> String {
    let good = sections(good);
    let mut text = draft.lines().next().unwrap().to_string() + "\n";
    for (title, lines) in sections(draft) {
        if !title.is_empty() {
            text.push_str(&format!("\n## {title}\n\n"));
        } else if !lines.is_empty() {
            text.push('\n');
        }
        let fill: Vec<&String> = good
            .iter()
            .find(|(t, _)| *t == title)
            .map(|(_, l)| l.iter().filter(|l| !is_placeholder(l)).collect())
            .unwrap_or_default();
        for line in &lines {
            if is_placeholder(line) {
                for f in &fill {
                    text.push_str(&format!("{f}\n"));
                }
            } else {
                text.push_str(&format!("{line}\n"));
            }
        }
    }
    text
}

#[test]
fn a_filled_draft_scores_higher_than_the_original() {
    let engine = Engine::builtin().unwrap();
    let score = |name: &str, text: &str| {
        engine
            .check_text(name, text, Some(Kind::Profile))
            .unwrap()
            .scores
            .overall
            .unwrap()
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut checked = 0;
    for lang in ["ru", "en"] {
        let good = draft(&files(&format!("corpus/profile/{lang}/good"))[0]);
        for quality in ["bad", "middling"] {
            for path in files(&format!("corpus/profile/{lang}/{quality}")) {
                let original = std::fs::read_to_string(root.join(&path)).unwrap();
                let mine = draft(&path);
                let text = filled(&mine, &good);
                let (before, after) = (score(&path, &original), score(&path, &text));
                assert!(after > before, "{path}: {before} → {after}\n{text}");
                checked += 1;
            }
        }
    }
    assert!(checked >= 25, "{checked} profiles");
}

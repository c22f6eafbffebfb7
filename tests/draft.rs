//! `pitchlint draft`: a profile, a reply or an answer to a review rebuilt
//! from its own sentences. It never invents (every line is a heading, a
//! placeholder or the document's own sentence), and a draft whose
//! placeholders are filled with what a good document of the same language
//! (for replies and answers: the good answer to the same post or review)
//! says scores higher than the original.

use std::path::Path;

use pitchlint::input::{self, Context, ContextKind, Document, Options};
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
    let out = run(&["draft", "corpus/conversation/mixed-ru.jsonl"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("profiles, replies and answers to reviews can be drafted, not a conversation"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
}

/// A reply or an answer with its job post or review, read from a corpus
/// folder.
fn answer(dir: &str, file: &str, text: Option<&str>) -> Document {
    let (kind, context) = if Path::new(dir).join("task.txt").exists() {
        (ContextKind::Task, "task.txt")
    } else {
        (ContextKind::Review, "review.txt")
    };
    let options = Options {
        context: Some(Context::read(kind, &format!("{dir}/{context}")).unwrap()),
        ..Default::default()
    };
    let path = format!("{dir}/{file}");
    let text = text.map_or_else(|| std::fs::read_to_string(&path).unwrap(), str::to_string);
    input::from_text(&path, text, &options).unwrap()
}

/// Answer folders: each job post's or review's replies.
fn answer_folders() -> Vec<String> {
    let mut out = Vec::new();
    for kind in ["reply", "review-reply"] {
        for lang in ["ru", "en"] {
            out.extend(files(&format!("corpus/{kind}/{lang}")));
        }
    }
    out
}

#[test]
fn reply_and_answer_drafts_use_only_their_own_sentences() {
    let engine = Engine::builtin().unwrap();
    let mut drafted = 0;
    for dir in answer_folders() {
        for quality in ["bad", "middling", "good"] {
            if !Path::new(&dir).join(format!("{quality}.txt")).exists() {
                continue;
            }
            let doc = answer(&dir, &format!("{quality}.txt"), None);
            let original = doc.text.clone();
            let draft = pitchlint::draft::draft(&engine, doc).unwrap();
            for section in &draft.sections {
                assert!(section.title.is_none(), "{dir}: {section:?}");
                for line in &section.lines {
                    assert!(
                        original.contains(line.as_str()),
                        "{dir}/{quality}: «{line}»"
                    );
                }
            }
            drafted += 1;
        }
    }
    assert!(drafted >= 30, "{drafted}");
}

#[test]
fn an_answer_draft_leaves_out_blame_and_asks_for_thanks_apology_and_a_fix() {
    let engine = Engine::builtin().unwrap();
    let dir = "corpus/review-reply/ru/crack";
    let draft = pitchlint::draft::draft(&engine, answer(dir, "bad.txt", None)).unwrap();
    assert!(
        draft
            .dropped
            .iter()
            .any(|s| s.starts_with("Вы сами виноваты")),
        "{draft:?}"
    );
    let names: Vec<&str> = draft.sections.iter().map(|s| s.name).collect();
    assert_eq!(names, ["thanks", "apology", "remedy"], "{}", draft.text);
    assert!(
        draft.sections.iter().all(|s| s.lines.is_empty()),
        "{}",
        draft.text
    );
    // A reply keeps its greeting and its offer of a visit in their places.
    let dir = "corpus/reply/ru/countertop-kazan";
    let draft = pitchlint::draft::draft(&engine, answer(dir, "middling.txt", None)).unwrap();
    let lines = |name: &str| {
        draft
            .sections
            .iter()
            .find(|s| s.name == name)
            .map(|s| s.lines.clone())
            .unwrap_or_default()
    };
    assert_eq!(lines("greeting"), ["Здравствуйте!"], "{}", draft.text);
    assert_eq!(
        lines("step"),
        ["Можем приехать на замер на этой неделе."],
        "{}",
        draft.text
    );
    assert!(
        draft
            .sections
            .iter()
            .any(|s| s.name == "questions" && !s.placeholders.is_empty()),
        "{}",
        draft.text
    );
}

#[test]
fn a_filled_reply_or_answer_draft_scores_higher_than_the_original() {
    let engine = Engine::builtin().unwrap();
    let score = |doc: Document| engine.check(doc).unwrap().scores.overall.unwrap();
    let mut checked = 0;
    for dir in answer_folders() {
        let good = pitchlint::draft::draft(&engine, answer(&dir, "good.txt", None)).unwrap();
        for quality in ["bad", "middling"] {
            let file = format!("{quality}.txt");
            if !Path::new(&dir).join(&file).exists() {
                continue;
            }
            let original = answer(&dir, &file, None);
            let before = score(original.clone());
            let mine = pitchlint::draft::draft(&engine, original).unwrap();
            // Each placeholder gives way to what the good answer says there.
            let paragraphs: Vec<String> = mine
                .sections
                .iter()
                .map(|section| {
                    let mut lines = section.lines.clone();
                    if !section.placeholders.is_empty()
                        && let Some(theirs) = good.sections.iter().find(|g| g.name == section.name)
                    {
                        lines.extend(theirs.lines.iter().cloned());
                    }
                    lines.join(" ")
                })
                .filter(|p| !p.is_empty())
                .collect();
            let text = paragraphs.join("\n\n");
            let after = score(answer(&dir, &file, Some(&text)));
            assert!(after > before, "{dir}/{file}: {before} → {after}\n{text}");
            checked += 1;
        }
    }
    assert!(checked >= 20, "{checked} answers");
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

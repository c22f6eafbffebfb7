//! Portfolios end to end: manifests with photos the tests make themselves
//! (see `portfolio::samples`), checked through the binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use pitchlint::portfolio::samples;
use serde_json::Value;

fn run(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pitchlint"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("binary runs")
}

/// Writes every sample photo a manifest names next to it (missing names and
/// paths outside the folder are left out, as they should be).
fn with_photos(dir: &Path, manifest: &str) {
    for line in manifest.lines() {
        let Some(rest) = line.trim().trim_start_matches("- ").strip_prefix("photo:") else {
            continue;
        };
        let name = rest.trim().trim_matches('"');
        if name.contains("..") {
            continue;
        }
        if let Some(bytes) = samples::bytes(name) {
            let path = dir.join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, bytes).unwrap();
        }
    }
}

/// A folder holding `manifest` as portfolio.yaml with its photos.
fn portfolio(manifest: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("portfolio.yaml"), manifest).unwrap();
    with_photos(dir.path(), manifest);
    dir
}

fn check_json(dir: &Path, file: &str) -> Value {
    let out = run(&["check", file, "--format", "json"], dir);
    assert!(
        out.status.code().is_some_and(|c| c < 2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    json["documents"][0].clone()
}

fn findings(doc: &Value) -> Vec<(String, Option<u64>, Option<u64>)> {
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["item"].as_u64(),
                f["span"]["line"].as_u64(),
            )
        })
        .collect()
}

fn has(doc: &Value, rule: &str, item: u64, line: u64) -> bool {
    findings(doc)
        .iter()
        .any(|(r, i, l)| r == rule && *i == Some(item) && *l == Some(line))
}

fn manifest(items: &[&str]) -> String {
    let mut text = "lang: en\nitems:\n".to_string();
    for photo in items {
        text.push_str(&format!(
            "  - photo: {photo}\n    caption: Quartz countertop, fabricated and installed in 10 days\n"
        ));
    }
    text
}

#[test]
fn each_photo_problem_is_found_at_its_item_line() {
    let text = manifest(&[
        "sharp-1.jpg",
        "blurry-2.png",
        "dark-3.jpg",
        "overexposed-4.png",
        "small-5.jpg",
        "copy-1.jpg",
        "sharp-1.jpg",
        "broken-6.jpg",
        "nowhere.jpg",
        "../sharp-7.jpg",
        "huge.png",
    ]);
    let dir = portfolio(&text);
    // A decompression bomb's worth of pixels, claimed by a tiny file.
    std::fs::write(
        dir.path().join("huge.png"),
        samples::png_header(20_000, 20_000),
    )
    .unwrap();
    let doc = check_json(dir.path(), "portfolio.yaml");
    let line = |item: u64| 3 + 2 * (item - 1);
    for (rule, item) in [
        ("en.portfolio.blurry", 2),
        ("en.portfolio.dark", 3),
        ("en.portfolio.overexposed", 4),
        ("en.portfolio.low-resolution", 5),
        ("en.portfolio.duplicate", 6),
        ("en.portfolio.duplicate", 7),
        ("en.portfolio.unreadable-photo", 8),
        ("en.portfolio.missing-photo", 9),
        ("en.portfolio.photo-outside", 10),
        ("en.portfolio.unreadable-photo", 11),
    ] {
        assert!(
            has(&doc, rule, item, line(item)),
            "{rule} at item {item}: {:?}",
            findings(&doc)
        );
    }
    // The sharp, well-exposed original has no photo finding of its own.
    let first: Vec<_> = findings(&doc)
        .into_iter()
        .filter(|f| f.1 == Some(1))
        .collect();
    assert!(first.is_empty(), "{first:?}");
    let huge = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["item"] == 11)
        .unwrap();
    assert!(
        huge["message"].as_str().unwrap().contains("20000×20000"),
        "{huge}"
    );
    assert_eq!(huge["photo"], "huge.png");
}

fn corpus(lang: &str, name: &str) -> (tempfile::TempDir, String) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/portfolio");
    let text = std::fs::read_to_string(root.join(lang).join(format!("{name}.yaml"))).unwrap();
    (portfolio(&text), text)
}

fn score(doc: &Value, dim: Option<&str>) -> i64 {
    match dim {
        None => doc["score"].as_i64().unwrap(),
        Some(d) => doc["dimensions"][d]["score"].as_i64().unwrap(),
    }
}

#[test]
fn corpus_portfolios_rank_as_a_client_would() {
    for lang in ["ru", "en"] {
        let docs: Vec<Value> = ["good", "middling", "poor"]
            .iter()
            .map(|name| {
                let (dir, _) = corpus(lang, name);
                check_json(dir.path(), "portfolio.yaml")
            })
            .collect();
        let overall: Vec<i64> = docs.iter().map(|d| score(d, None)).collect();
        assert!(
            overall[0] > overall[1] && overall[1] > overall[2],
            "{lang}: {overall:?}"
        );
        assert!(
            overall[0] >= 85,
            "{lang} good: {overall:?} {:?}",
            findings(&docs[0])
        );
        assert!(overall[2] < 55, "{lang} poor: {overall:?}");
        for dim in ["volume", "variety", "captions", "photo_quality"] {
            let (good, poor) = (score(&docs[0], Some(dim)), score(&docs[2], Some(dim)));
            assert!(
                good >= 85 && poor < 60,
                "{lang} {dim}: good {good}, poor {poor}"
            );
        }
    }
}

#[test]
fn unknown_manifest_keys_are_errors_with_line_and_column() {
    let dir = portfolio("items:\n  - photo: sharp-1.jpg\n    captoin: Quartz\n");
    let out = run(&["check", "portfolio.yaml"], dir.path());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("portfolio.yaml:3:"), "{err}");
    assert!(err.contains("captoin"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");
}

#[test]
fn without_photo_files_quality_is_not_judged_but_captions_are() {
    let text = manifest(&["sharp-1.jpg", "sharp-2.jpg"]);
    let out = Command::new(env!("CARGO_BIN_EXE_pitchlint"))
        .args(["batch", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            let record = serde_json::json!({"id": "p1", "kind": "portfolio", "text": text});
            child
                .stdin
                .take()
                .unwrap()
                .write_all(format!("{record}\n").as_bytes())?;
            child.wait_with_output()
        })
        .unwrap();
    let line: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        line["dimensions"]["photo_quality"]["judged"], false,
        "{line}"
    );
    assert_eq!(line["dimensions"]["captions"]["score"], 100, "{line}");
}

#[test]
fn folders_pick_up_manifests_but_not_other_yaml() {
    let dir = portfolio(&manifest(&["sharp-1.jpg"]));
    std::fs::write(dir.path().join("settings.yaml"), "theme: dark\n").unwrap();
    let out = run(&["check", ".", "--format", "json"], dir.path());
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let paths: Vec<PathBuf> = json["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| PathBuf::from(d["path"].as_str().unwrap()))
        .collect();
    assert_eq!(paths.len(), 1, "{paths:?}");
    assert!(paths[0].ends_with("portfolio.yaml"));
}

#[test]
fn a_suppression_comment_silences_one_item() {
    let text = "lang: en\nitems:\n  - photo: blurry-1.png # pitchlint-disable-line en.portfolio.blurry\n    caption: Quartz countertop, fabricated and installed in 10 days\n";
    let dir = portfolio(text);
    let doc = check_json(dir.path(), "portfolio.yaml");
    let rules: Vec<String> = findings(&doc).into_iter().map(|f| f.0).collect();
    assert!(
        !rules.iter().any(|r| r == "en.portfolio.blurry"),
        "{rules:?}"
    );
}

#[test]
fn the_manifest_schema_accepts_the_corpus_and_agrees_on_unknown_keys() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("docs/portfolio.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let as_json = |text: &str| -> Value {
        serde_json::to_value(serde_yaml::from_str::<serde_yaml::Value>(text).unwrap()).unwrap()
    };
    for lang in ["ru", "en"] {
        for name in ["good", "middling", "poor"] {
            let (_, text) = corpus(lang, name);
            let errors: Vec<String> = validator
                .iter_errors(&as_json(&text))
                .map(|e| e.to_string())
                .collect();
            assert!(errors.is_empty(), "{lang}/{name}: {errors:?}");
        }
    }
    let typo = as_json("items:\n  - photo: a.jpg\n    captoin: x\n");
    assert!(!validator.is_valid(&typo));
}

//! Machine formats: SARIF validated against the official 2.1.0 schema,
//! GitHub workflow commands, JSON Lines, and folder walking order.

use std::process::Command;

#[path = "support/binary.rs"]
mod binary;
use binary::{run, stdout};

#[test]
fn sarif_validates_against_the_official_schema() {
    let out = run(&[
        "check",
        "corpus/profile",
        "--format",
        "sarif",
        "--fail-on",
        "never",
        "--min-score",
        "0",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let sarif: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let schema_text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/sarif-schema-2.1.0.json"
    ))
    .unwrap();
    let schema: serde_json::Value = serde_json::from_str(&schema_text).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .take(10)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");

    let run0 = &sarif["runs"][0];
    assert_eq!(run0["columnKind"], "unicodeCodePoints");
    let driver = &run0["tool"]["driver"];
    assert_eq!(driver["name"], "pitchlint");
    assert!(
        driver["informationUri"]
            .as_str()
            .unwrap()
            .starts_with("https://")
    );
    let rules = driver["rules"].as_array().unwrap();
    assert!(
        rules
            .iter()
            .all(|r| r["shortDescription"]["text"].is_string()
                && r["fullDescription"]["text"].is_string()
                && r["help"]["text"].is_string()
                && r["defaultConfiguration"]["level"].is_string())
    );
    let results = run0["results"].as_array().unwrap();
    assert!(results.len() > 50);
    for r in results {
        let loc = &r["locations"][0]["physicalLocation"];
        let uri = loc["artifactLocation"]["uri"].as_str().unwrap();
        assert!(uri.starts_with("corpus/profile/"), "relative uri: {uri}");
        assert!(loc["region"]["startLine"].as_u64().unwrap() >= 1);
        assert!(r["partialFingerprints"]["pitchlint/v1"].is_string());
    }
}

#[test]
fn sarif_fingerprints_are_stable_across_runs() {
    let fingerprints = || {
        let out = run(&[
            "check",
            "corpus/profile/ru/bad",
            "--format",
            "sarif",
            "--fail-on",
            "never",
        ]);
        let sarif: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
        sarif["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                r["partialFingerprints"]["pitchlint/v1"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect::<Vec<_>>()
    };
    let first = fingerprints();
    assert_eq!(first, fingerprints());
    let unique: std::collections::HashSet<_> = first.iter().collect();
    assert_eq!(unique.len(), first.len(), "fingerprints are unique");
}

#[test]
fn github_annotations_point_at_lines() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("profile, draft.md");
    std::fs::write(
        &path,
        "Делаем всё.\nСоздаём уют и комфорт, 100% гарантия!!!\n",
    )
    .unwrap();
    let out = run(&[
        "check",
        path.to_str().unwrap(),
        "--format",
        "github",
        "--fail-on",
        "never",
    ]);
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    let uyut = lines
        .iter()
        .find(|l| l.contains("title=ru.profile.vague-phrase") && l.contains("col=9"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(uyut.starts_with("::warning file="), "{uyut}");
    assert!(
        uyut.contains("profile%2C draft.md,line=2,col=9,endLine=2,endColumn=12,"),
        "{uyut}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("::notice ") || l.starts_with("::warning "))
    );
    assert!(
        lines.last().unwrap().starts_with("pitchlint: 1 documents"),
        "{text}"
    );
    // Whole-document findings are placed on line 1.
    assert!(
        lines
            .iter()
            .any(|l| l.contains("title=ru.profile.materials-named") && l.contains(",line=1,"))
    );
}

#[test]
fn jsonl_is_one_document_per_line() {
    let out = run(&["check", "corpus/profile/en/good", "--format", "jsonl"]);
    let text = stdout(&out);
    let files = std::fs::read_dir(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/corpus/profile/en/good"
    ))
    .unwrap()
    .count();
    assert_eq!(text.lines().count(), files);
    for line in text.lines() {
        let doc: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(doc["kind"], "profile");
        assert_eq!(doc["lang"], "en");
    }
}

#[test]
fn folders_are_walked_in_sorted_order_skipping_hidden_and_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("b")).unwrap();
    std::fs::create_dir_all(root.join(".hidden")).unwrap();
    std::fs::create_dir_all(root.join("build")).unwrap();
    for p in [
        "b/two.md",
        "a.txt",
        ".hidden/x.md",
        "build/y.md",
        "notes.pdf",
    ] {
        std::fs::write(root.join(p), "Делаем кухни на заказ в Казани.").unwrap();
    }
    std::fs::write(root.join(".gitignore"), "build/\n").unwrap();
    let out = run(&[
        "check",
        root.to_str().unwrap(),
        "--format",
        "jsonl",
        "--fail-on",
        "never",
    ]);
    let paths: Vec<String> = stdout(&out)
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["path"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    let names: Vec<&str> = paths
        .iter()
        .map(|p| p.strip_prefix(root.to_str().unwrap()).unwrap())
        .collect();
    assert_eq!(names, ["/a.txt", "/b/two.md"]);
}

fn validate(schema_path: &str, value: &serde_json::Value) -> Vec<String> {
    let text =
        std::fs::read_to_string(format!("{}/{schema_path}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    validator
        .iter_errors(value)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .take(10)
        .collect()
}

#[test]
fn json_report_validates_against_its_schema_for_every_kind() {
    for dir in [
        "corpus/profile",
        "corpus/reply",
        "corpus/review-reply",
        "corpus/contacts",
        "corpus/conversation",
    ] {
        let out = run(&[
            "check",
            dir,
            "--format",
            "json",
            "--fail-on",
            "never",
            "--min-score",
            "0",
            "--today",
            "2026-11-20",
        ]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{dir}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let report: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
        assert!(
            report["documents"]
                .as_array()
                .is_some_and(|d| !d.is_empty()),
            "{dir}"
        );
        let errors = validate("docs/report.schema.json", &report);
        assert!(errors.is_empty(), "{dir}: {errors:#?}");
    }
}

#[test]
fn findings_per_rule_are_capped_and_the_rest_counted() {
    let text = "Качественно и недорого. ".repeat(60);
    let mut child = Command::new(env!("CARGO_BIN_EXE_pitchlint"))
        .args([
            "check",
            "-",
            "--kind",
            "profile",
            "--lang",
            "ru",
            "--format",
            "json",
            "--fail-on",
            "never",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let doc = &report["documents"][0];
    let findings = doc["findings"].as_array().unwrap();
    let vague = findings
        .iter()
        .filter(|f| f["rule"] == "ru.profile.vague-phrase")
        .count();
    assert_eq!(vague, 25, "capped at 25 per rule");
    let omitted = doc["omitted"]["ru.profile.vague-phrase"].as_u64().unwrap();
    assert_eq!(
        vague as u64 + omitted,
        60,
        "every match is counted: one per sentence"
    );
    assert!(validate("docs/report.schema.json", &report).is_empty());
}

/// The same documents as JSON, SARIF and GitHub commands: every finding
/// keeps its severity, rule, line and column in each, and the summary
/// counts agree with the findings.
#[test]
fn severities_and_places_agree_across_json_sarif_and_github() {
    let args = |format: &str| {
        run(&[
            "check",
            "corpus/profile/ru/bad",
            "corpus/profile/en/middling",
            "--format",
            format,
            "--fail-on",
            "never",
            "--min-score",
            "0",
        ])
    };
    let json: serde_json::Value = serde_json::from_str(&stdout(&args("json"))).unwrap();
    let findings: Vec<(String, String, String, u64, u64)> = json["documents"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|doc| {
            let path = doc["path"].as_str().unwrap().to_string();
            doc["findings"].as_array().unwrap().iter().map(move |f| {
                (
                    path.clone(),
                    f["rule"].as_str().unwrap().to_string(),
                    f["severity"].as_str().unwrap().to_string(),
                    f["span"]["line"].as_u64().unwrap_or(1),
                    f["span"]["column"].as_u64().unwrap_or(1),
                )
            })
        })
        .collect();
    let severities: Vec<&str> = findings.iter().map(|f| f.2.as_str()).collect();
    for needed in ["warning", "info"] {
        assert!(severities.contains(&needed), "no {needed} in the sample");
    }

    let sarif: serde_json::Value = serde_json::from_str(&stdout(&args("sarif"))).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), findings.len());
    for ((path, rule, severity, line, column), result) in findings.iter().zip(results) {
        let level = match severity.as_str() {
            "error" => "error",
            "warning" => "warning",
            _ => "note",
        };
        assert_eq!(result["ruleId"], rule.as_str());
        assert_eq!(result["level"], level, "{rule}");
        let location = &result["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uri"], path.as_str());
        assert_eq!(location["region"]["startLine"], *line, "{rule}");
        assert_eq!(location["region"]["startColumn"], *column, "{rule}");
    }

    let github = stdout(&args("github"));
    let commands: Vec<&str> = github.lines().filter(|l| l.starts_with("::")).collect();
    assert_eq!(commands.len(), findings.len());
    for ((path, rule, severity, line, column), command) in findings.iter().zip(&commands) {
        let name = match severity.as_str() {
            "error" => "error",
            "warning" => "warning",
            _ => "notice",
        };
        assert!(
            command.starts_with(&format!("::{name} file={path},line={line},")),
            "{command}"
        );
        assert!(command.contains(&format!("title={rule}::")), "{command}");
        if *column > 1 {
            assert!(command.contains(&format!(",col={column},")), "{command}");
        }
    }
    let count = |s: &str| severities.iter().filter(|x| **x == s).count();
    let summary = github.lines().last().unwrap();
    let expected = format!(
        "{} errors, {} warnings, {} infos",
        count("error"),
        count("warning"),
        count("info")
    );
    assert!(summary.contains(&expected), "{summary} vs {expected}");
}

/// Columns count characters, not bytes, after Cyrillic and emoji alike.
#[test]
fn columns_count_characters_in_multibyte_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.md");
    std::fs::write(&path, "🙂 Кухни — создаём уют.\n").unwrap();
    let out = run(&[
        "check",
        path.to_str().unwrap(),
        "--format",
        "json",
        "--min-score",
        "0",
    ]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let finding = json["documents"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "ru.profile.vague-phrase")
        .expect("«уют» is found")
        .clone();
    // «🙂 Кухни — создаём » is 18 characters: «уют» starts at column 19.
    let span = &finding["span"];
    assert_eq!(
        (span["line"].as_u64(), span["column"].as_u64()),
        (Some(1), Some(19)),
        "{span}"
    );
    // The end is exclusive, as in the GitHub annotations.
    assert_eq!(span["end_column"].as_u64(), Some(22), "{span}");
    let start = span["start"].as_u64().unwrap() as usize;
    assert_eq!(
        &"🙂 Кухни — создаём уют.\n"[start..start + "уют".len()],
        "уют"
    );
}

/// The JSON report of `check` on these arguments, whatever the scores.
fn json_report(args: &[&str]) -> serde_json::Value {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json", "--fail-on", "never", "--min-score", "0"]);
    serde_json::from_str(&stdout(&run(&all))).unwrap()
}

#[test]
fn a_reply_reports_what_it_picked_up_from_its_job_post() {
    let dir = "corpus/reply/ru/countertop-kazan";
    let report = json_report(&[
        &format!("{dir}/middling.txt"),
        "--kind",
        "reply",
        "--task",
        &format!("{dir}/task.txt"),
    ]);
    let context = &report["documents"][0]["context"];
    let list = |key: &str| -> Vec<String> {
        context[key]
            .as_array()
            .unwrap_or_else(|| panic!("no context.{key}: {report}"))
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect()
    };
    assert!(
        list("picked").iter().any(|p| p.starts_with("Казан")),
        "{context}"
    );
    assert!(list("missed").iter().any(|m| m == "3,2 м"), "{context}");
    assert!(validate("docs/report.schema.json", &report).is_empty());
    // A profile has no job post, and no context.
    let report = json_report(&["corpus/profile/ru/good/bathroom-nizhny.md"]);
    assert!(report["documents"][0].get("context").is_none(), "{report}");
}

#[test]
fn a_conversation_log_reports_its_response_times() {
    let report = json_report(&["corpus/conversation/mixed-ru.csv"]);
    let response = &report["documents"][0]["response"];
    let threads = response["threads"].as_u64().unwrap();
    let buckets: Vec<u64> = response["buckets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b.as_u64().unwrap())
        .collect();
    // Every thread sits in one bucket; the last counts the unanswered.
    assert_eq!(buckets.iter().sum::<u64>(), threads, "{response}");
    assert_eq!(
        threads - response["answered"].as_u64().unwrap(),
        buckets[5],
        "{response}"
    );
    assert!(validate("docs/report.schema.json", &report).is_empty());
}

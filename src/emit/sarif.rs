//! SARIF 2.1.0 for code-scanning dashboards. Rules are listed in the driver;
//! each result points at its file, lines and character columns, with a
//! fingerprint that survives edits elsewhere in the file.

use std::collections::HashMap;

use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::report::DocReport;
use crate::rules::{RuleSet, Severity};

const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// The whole log for a run (see [`super::stream::Sarif`], which writes it
/// document by document).
pub fn report(reports: &[DocReport], set: &RuleSet) -> String {
    super::stream::render(super::stream::Sarif::new(set), reports)
}

/// Each rule's position in the driver's rule list.
pub fn rule_index(set: &RuleSet) -> HashMap<&str, usize> {
    set.rules
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect()
}

/// The log with its rules and an empty `results` array.
pub fn log(set: &RuleSet) -> Value {
    let rules: Vec<Value> = set
        .rules
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "name": r.id,
                "shortDescription": { "text": r.title },
                "fullDescription": { "text": r.explain.trim() },
                "help": { "text": format!("{}\n\n{}", r.explain.trim(), r.general_suggestion()) },
                "defaultConfiguration": { "level": level(r.severity) },
                "properties": {
                    "kind": r.kind_name(),
                    "lang": r.lang.code(),
                    "dimension": r.dimension,
                    "mistake": r.mistake,
                },
            })
        })
        .collect();
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "pitchlint",
                    "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": env!("CARGO_PKG_REPOSITORY"),
                    "rules": rules,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": [],
        }]
    })
}

/// One document's results.
pub fn results(report: &DocReport, rule_index: &HashMap<&str, usize>) -> Vec<Value> {
    let uri = uri(&report.path);
    let mut seen: HashMap<(String, String), usize> = HashMap::new();
    let mut results = Vec::new();
    for rf in &report.findings {
        let f = &rf.finding;
        let region = match rf.location {
            Some(l) => json!({
                "startLine": l.line,
                "startColumn": l.column,
                "endLine": l.end_line,
                "endColumn": l.end_column,
            }),
            None => json!({ "startLine": 1, "startColumn": 1 }),
        };
        let quoted = rf
            .location
            .map(|l| report.text[l.start..l.end].to_string())
            .unwrap_or_default();
        let n = seen.entry((f.rule.clone(), quoted.clone())).or_insert(0);
        *n += 1;
        let mut result = json!({
            "ruleId": f.rule,
            "level": level(f.severity),
            "message": { "text": format!("{} — {}", f.message, f.suggestion) },
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": { "uri": uri },
                    "region": region,
                }
            }],
            "partialFingerprints": {
                "pitchlint/v1": fingerprint(&report.path, &f.rule, &quoted, *n),
            },
        });
        if let Some(&i) = rule_index.get(f.rule.as_str()) {
            result["ruleIndex"] = json!(i);
        }
        results.push(result);
    }
    results
}

/// Stable across runs and across edits elsewhere in the file: what was
/// found and where, not which line it is on.
fn fingerprint(path: &str, rule: &str, quoted: &str, occurrence: usize) -> String {
    let mut hasher = Sha256::new();
    for part in [path, rule, quoted, &occurrence.to_string()] {
        hasher.update(part.as_bytes());
        hasher.update([0]);
    }
    hasher.finalize()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A relative URI reference for a path: forward slashes, reserved
/// characters percent-encoded.
pub fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let path = path.strip_prefix("./").unwrap_or(&path);
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_encoded() {
        assert_eq!(
            uri("./corpus/мой профиль.md"),
            "corpus/%D0%BC%D0%BE%D0%B9%20%D0%BF%D1%80%D0%BE%D1%84%D0%B8%D0%BB%D1%8C.md"
        );
        assert_eq!(uri("a\\b.md"), "a/b.md");
    }

    #[test]
    fn each_rule_s_index_is_its_place_in_the_driver_list() {
        let engine = crate::Engine::builtin().unwrap();
        let set = engine.rule_set();
        let index = rule_index(set);
        assert_eq!(index.len(), set.rules.len());
        let log = log(set);
        let listed = log["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .unwrap();
        for (id, &i) in &index {
            assert_eq!(listed[i]["id"], *id);
        }
    }

    #[test]
    fn a_run_s_log_holds_every_finding_pointing_at_its_rule() {
        let engine = crate::Engine::builtin().unwrap();
        let reports: Vec<DocReport> = ["Качественно и в срок. Звоните!", "Tiler in Leeds."]
            .iter()
            .enumerate()
            .map(|(i, text)| {
                let name = format!("p{i}.md");
                engine
                    .check_text(&name, text, Some(crate::input::Kind::Profile))
                    .unwrap()
            })
            .collect();
        let log: Value = serde_json::from_str(&report(&reports, engine.rule_set())).unwrap();
        assert_eq!(log["version"], "2.1.0");
        let run = &log["runs"][0];
        let results = run["results"].as_array().unwrap();
        let findings: Vec<&str> = reports
            .iter()
            .flat_map(|r| r.findings.iter().map(|f| f.finding.rule.as_str()))
            .collect();
        assert!(!findings.is_empty());
        let ids: Vec<&str> = results
            .iter()
            .map(|r| r["ruleId"].as_str().unwrap())
            .collect();
        assert_eq!(ids, findings);
        for result in results {
            let i = result["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(run["tool"]["driver"]["rules"][i]["id"], result["ruleId"]);
        }
    }

    #[test]
    fn fingerprints_are_stable_and_distinct() {
        let a = fingerprint("p.md", "r", "уют", 1);
        assert_eq!(a, fingerprint("p.md", "r", "уют", 1));
        assert_ne!(a, fingerprint("p.md", "r", "уют", 2));
        assert_eq!(a.len(), 32);
    }
}

//! The README's examples are run as written: every ```text block whose
//! lines start with `$ ` is a session. `$ cat FILE` followed by lines
//! writes that file; any other command runs in the same folder (with the
//! repository's `corpus/` at hand and this build's `pitchlint` first on
//! PATH), and what it prints must match the lines below it. `…` on a line
//! of its own stands for any number of lines; `…` inside a line for any
//! text. So the README cannot drift from what the tool does.

use std::path::Path;
use std::process::Command;

/// One command of a session and the lines it is shown to print.
struct Step {
    command: String,
    shown: Vec<String>,
}

fn sessions(readme: &str) -> Vec<(usize, Vec<Step>)> {
    let mut sessions = Vec::new();
    let mut lines = readme.lines().enumerate();
    while let Some((number, line)) = lines.next() {
        if line.trim() != "```text" {
            continue;
        }
        let mut steps: Vec<Step> = Vec::new();
        for (_, line) in lines.by_ref() {
            if line.trim() == "```" {
                break;
            }
            match line.strip_prefix("$ ") {
                Some(command) => steps.push(Step {
                    command: command.to_string(),
                    shown: Vec::new(),
                }),
                None => {
                    if let Some(step) = steps.last_mut() {
                        step.shown.push(line.to_string());
                    }
                }
            }
        }
        if !steps.is_empty() {
            sessions.push((number + 1, steps));
        }
    }
    sessions
}

/// Whether `line` matches `pattern`, where `…` stands for any text.
fn line_matches(pattern: &str, line: &str) -> bool {
    let parts: Vec<&str> = pattern.trim_end().split('…').collect();
    let line = line.trim_end();
    let Some((first, rest)) = parts.split_first() else {
        return line.is_empty();
    };
    let Some(mut tail) = line.strip_prefix(first) else {
        return false;
    };
    for (i, part) in rest.iter().enumerate() {
        let last = i == rest.len() - 1;
        if last {
            return tail.ends_with(part);
        }
        match tail.find(part) {
            Some(at) => tail = &tail[at + part.len()..],
            None => return false,
        }
    }
    tail.is_empty()
}

/// Whether `lines` match `shown`, where a lone `…` stands for any lines.
fn lines_match(shown: &[String], lines: &[&str]) -> bool {
    match shown.split_first() {
        None => lines.is_empty(),
        Some((first, rest)) if first.trim() == "…" => {
            (0..=lines.len()).any(|skip| lines_match(rest, &lines[skip..]))
        }
        Some((first, rest)) => {
            !lines.is_empty() && line_matches(first, lines[0]) && lines_match(rest, &lines[1..])
        }
    }
}

#[test]
fn the_matcher_reads_ellipses_as_documented() {
    assert!(line_matches("Оценка: …/100", "Оценка: 33/100"));
    assert!(line_matches("{\"id\":7,…}", "{\"id\":7,\"a\":1}"));
    assert!(!line_matches("Оценка: 19/100", "Оценка: 16/100"));
    let shown: Vec<String> = ["a", "…", "z"].map(String::from).to_vec();
    assert!(lines_match(&shown, &["a", "b", "c", "z"]));
    assert!(lines_match(&shown, &["a", "z"]));
    assert!(!lines_match(&shown, &["a", "b"]));
}

#[test]
fn every_readme_session_prints_what_the_readme_shows() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let bin = Path::new(env!("CARGO_BIN_EXE_pitchlint")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let sessions = sessions(&readme);
    assert!(sessions.len() >= 3, "the README's sessions were not found");
    let mut failures = Vec::new();
    for (line, steps) in sessions {
        let dir = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(root.join("corpus"), dir.path().join("corpus")).unwrap();
        for step in steps {
            if let Some(file) = step.command.strip_prefix("cat ") {
                let text: String = step.shown.iter().map(|l| format!("{l}\n")).collect();
                std::fs::write(dir.path().join(file.trim()), text).unwrap();
                continue;
            }
            let out = Command::new("sh")
                .arg("-c")
                .arg(format!("{} 2>&1", step.command))
                .current_dir(dir.path())
                .env("PATH", &path)
                .env("NO_COLOR", "1")
                .output()
                .unwrap();
            let printed = String::from_utf8_lossy(&out.stdout);
            let lines: Vec<&str> = printed.lines().collect();
            if !lines_match(&step.shown, &lines) {
                failures.push(format!(
                    "README.md:{line}: `{}` printed:\n{printed}\nbut the README shows:\n{}",
                    step.command,
                    step.shown.join("\n")
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

//! The command line as users meet it: exit codes, stdin, formats, and every
//! kind of bad input giving one clear line and exit code 2.

use std::io::Write;
use std::process::{Command, Output, Stdio};

const GOOD_RU: &str = "corpus/profile/ru/good";
const BAD_RU: &str = "corpus/profile/ru/bad";

fn bin() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_pitchlint"));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR");
    cmd
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("binary runs")
}

fn run_stdin(args: &[&str], input: &[u8]) -> Output {
    feed(bin(), args, input)
}

/// Runs `cmd` with `args`, writing `input` to its standard input.
fn feed(mut cmd: Command, args: &[&str], input: &[u8]) -> Output {
    let mut child = cmd
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary runs");
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    let feeder = std::thread::spawn(move || stdin.write_all(&input));
    let out = child.wait_with_output().unwrap();
    let _ = feeder.join();
    out
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn first_file(dir: &str) -> String {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<_> = std::fs::read_dir(root.join(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files[0].strip_prefix(root).unwrap().display().to_string()
}

/// Asserts a clean failure: exit 2, one line on stderr naming `needle`,
/// and no panic.
fn assert_input_error(out: &Output, needle: &str) {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(2), "stderr: {err}");
    assert!(err.contains(needle), "expected {needle:?} in {err:?}");
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err:?}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn good_profile_passes_bad_profile_fails_on_warning() {
    let good = first_file(GOOD_RU);
    let bad = first_file(BAD_RU);
    assert_eq!(run(&["check", &good]).status.code(), Some(0));
    assert_eq!(
        run(&["check", &bad, "--fail-on", "warning"]).status.code(),
        Some(1)
    );
    assert_eq!(
        run(&["check", &bad, "--fail-on", "never", "--min-score", "0"])
            .status
            .code(),
        Some(0)
    );
}

#[test]
fn min_score_threshold_sets_exit_code() {
    let bad = first_file(BAD_RU);
    assert_eq!(
        run(&["check", &bad, "--min-score", "60"]).status.code(),
        Some(1)
    );
    assert_eq!(
        run(&["check", &bad, "--min-score", "0"]).status.code(),
        Some(0)
    );
    let out = run(&["check", &bad, "--min-score", "101"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn reads_standard_input() {
    let text = "Создаём уют и комфорт. Индивидуальный подход, разумные цены.";
    let out = run_stdin(
        &["check", "-", "--format", "json", "--min-score", "0"],
        text.as_bytes(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let doc = &json["documents"][0];
    assert_eq!(doc["path"], "<stdin>");
    assert_eq!(doc["lang"], "ru");
    assert!(doc["score"].as_u64().unwrap() < 40);
}

#[test]
fn json_report_has_contract_shape() {
    let bad = first_file(BAD_RU);
    let out = run(&["check", &bad, "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["schema"], "pitchlint.report/1");
    assert_eq!(json["tool"]["name"], "pitchlint");
    let doc = &json["documents"][0];
    for key in [
        "path",
        "kind",
        "lang",
        "score",
        "grade",
        "dimensions",
        "findings",
    ] {
        assert!(doc.get(key).is_some(), "missing {key}");
    }
    let dims = doc["dimensions"].as_object().unwrap();
    let names: Vec<&str> = dims.keys().map(String::as_str).collect();
    let expected = [
        "specificity",
        "materials",
        "geography",
        "trust",
        "price",
        "structure",
        "cta",
        "contacts",
        "policy",
    ];
    assert_eq!(names, expected);
    // A profile without a header has no contact facts to judge.
    assert_eq!(
        dims["contacts"],
        serde_json::json!({"score": null, "weight": 0, "judged": false})
    );
    assert_eq!(dims["policy"]["weight"], 0);
    assert!(dims["materials"]["weight"].is_u64());
    let finding = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f.get("span").is_some())
        .expect("a finding with a span");
    for key in ["start", "end", "line", "column", "end_line", "end_column"] {
        assert!(finding["span"][key].is_u64(), "span.{key}");
    }
    let summary = &json["summary"];
    assert_eq!(summary["documents"], 1);
    let total = doc["findings"].as_array().unwrap().len() as u64;
    let counted = summary["errors"].as_u64().unwrap()
        + summary["warnings"].as_u64().unwrap()
        + summary["infos"].as_u64().unwrap();
    assert_eq!(total, counted);
}

#[test]
fn pretty_output_has_no_colour_when_piped_and_colour_when_asked() {
    let bad = first_file(BAD_RU);
    let plain = stdout(&run(&["check", &bad]));
    assert!(!plain.contains('\u{1b}'));
    assert!(plain.contains("Оценка"));
    let coloured = stdout(&run(&["check", &bad, "--color", "always"]));
    assert!(coloured.contains('\u{1b}'));
}

#[test]
fn missing_file() {
    assert_input_error(
        &run(&["check", "no/such/profile.md"]),
        "no/such/profile.md: no such file",
    );
}

#[test]
fn directory_is_refused() {
    assert_input_error(&run(&["check", "src"]), "src: folder has no files to check");
}

#[test]
fn binary_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("photo.md");
    std::fs::write(&path, [0x89, b'P', b'N', b'G', 0, 0, 0, 13]).unwrap();
    assert_input_error(&run(&["check", path.to_str().unwrap()]), "binary file");
}

#[test]
fn empty_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.md");
    std::fs::write(&path, "").unwrap();
    assert_input_error(&run(&["check", path.to_str().unwrap()]), "empty file");
    std::fs::write(&path, "---\nkind: profile\n---\n\n  \n").unwrap();
    assert_input_error(&run(&["check", path.to_str().unwrap()]), "empty document");
}

#[test]
fn invalid_utf8_that_is_not_windows_1251() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("latin.md");
    std::fs::write(&path, b"Caf\x81\x82\x83\x84 \x8a\x8b").unwrap();
    assert_input_error(&run(&["check", path.to_str().unwrap()]), "not valid UTF-8");
}

#[test]
fn windows_1251_is_decoded() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cp1251.txt");
    let (bytes, _, _) = encoding_rs::WINDOWS_1251
        .encode("Делаем столешницы из кварцевого агломерата в Казани. Цена договорная.");
    std::fs::write(&path, &bytes).unwrap();
    let out = run(&[
        "check",
        path.to_str().unwrap(),
        "--format",
        "json",
        "--min-score",
        "0",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["documents"][0]["lang"], "ru");
    let findings = json["documents"][0]["findings"].as_array().unwrap();
    assert!(
        findings
            .iter()
            .any(|f| f["rule"] == "ru.profile.price-evasive")
    );
}

#[test]
fn oversized_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.md");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(50 * 1024 * 1024).unwrap();
    assert_input_error(
        &run(&["check", path.to_str().unwrap()]),
        "over the 8 MB limit",
    );
}

#[test]
fn malformed_front_matter_names_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.md");
    std::fs::write(&path, "---\nkind: profile\nphone: [1, 2\n---\nТекст").unwrap();
    let out = run(&["check", path.to_str().unwrap()]);
    assert_input_error(&out, "p.md:4:");
    assert!(stderr(&out).contains("malformed front matter"));
}

#[test]
fn a_kind_without_checklist_is_a_clear_error() {
    // A rule folder replacing the built-in portfolio checklists with files
    // of another kind leaves portfolios with no checklist.
    let rules = tempfile::tempdir().unwrap();
    for lang in ["ru", "en"] {
        std::fs::create_dir_all(rules.path().join(lang)).unwrap();
        let text = format!("checklist: {lang}.other\nkind: profile\nlang: {lang}\n");
        std::fs::write(rules.path().join(lang).join("portfolio.yaml"), text).unwrap();
    }
    let out = run_stdin(
        &[
            "check",
            "-",
            "--kind",
            "portfolio",
            "--rules",
            rules.path().to_str().unwrap(),
        ],
        "items: []".as_bytes(),
    );
    assert_input_error(&out, "kind `portfolio` is not supported yet");
}

#[test]
fn one_bad_path_does_not_hide_the_others() {
    let good = first_file(GOOD_RU);
    let out = run(&["check", &good, "missing.md", "--format", "json"]);
    assert_eq!(out.status.code(), Some(2));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["summary"]["documents"], 1);
}

/// Writes a rule folder with one checklist and returns (dir, path).
fn rule_dir(checklist: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("ru")).unwrap();
    std::fs::write(dir.path().join("ru/extra.yaml"), checklist).unwrap();
    dir
}

const RULE_HEAD: &str =
    "checklist: ru.extra\nkind: profile\nlang: ru\nweights: { specificity: 20 }\nrules:\n";

fn rule(extra: &str) -> String {
    format!(
        "{RULE_HEAD}  - id: ru.extra.one\n    title: t\n    mistake: 1\n    dimension: specificity\n    severity: info\n    message: m\n    suggestion: s\n    explain: e\n    examples: {{ bad: [a], good: [b] }}\n{extra}"
    )
}

fn rules_error(checklist: &str, needle: &str) {
    let dir = rule_dir(checklist);
    let out = run(&["rules", "--rules", dir.path().to_str().unwrap()]);
    assert_input_error(&out, needle);
    assert!(stderr(&out).contains("extra.yaml:"), "{}", stderr(&out));
}

#[test]
fn rule_file_unknown_key() {
    rules_error(
        &rule("    check: phrases\n    phrases: [x]\n    colour: red\n"),
        "extra.yaml:17:5: `colour` does not apply to check `phrases`",
    );
}

#[test]
fn rule_file_bad_yaml() {
    rules_error(&format!("{RULE_HEAD}  - id: [unclosed\n"), "extra.yaml:6:");
}

#[test]
fn rule_file_bad_regex() {
    rules_error(
        &rule("    check: pattern\n    pattern: '(unclosed'\n"),
        "extra.yaml:16:5: invalid regex",
    );
}

#[test]
fn rule_file_unknown_lexicon() {
    rules_error(
        &rule("    check: phrases\n    lexicon: nosuch\n"),
        "extra.yaml:16:5: unknown lexicon `nosuch`",
    );
}

#[test]
fn rule_file_parameter_of_another_check() {
    rules_error(
        &rule("    check: phrases\n    phrases: [x]\n    min: 3\n"),
        "extra.yaml:17:5: `min` does not apply to check `phrases`",
    );
}

#[test]
fn rule_file_duplicate_id() {
    let one = rule("    check: phrases\n    phrases: [x]\n");
    let body = one.split_once("rules:\n").unwrap().1;
    rules_error(&format!("{one}{body}"), "duplicate rule id `ru.extra.one`");
}

#[test]
fn user_rules_override_builtin_by_id() {
    let checklist = "checklist: ru.extra\nkind: profile\nlang: ru\nweights: { specificity: 20 }\nrules:\n  - id: ru.profile.vague-phrase\n    title: Своё правило\n    mistake: 1\n    dimension: specificity\n    severity: error\n    check: phrases\n    phrases: [уют]\n    message: 'нашли {match}'\n    suggestion: s\n    explain: e\n    examples: { bad: [уют], good: [кухни] }\n";
    let dir = rule_dir(checklist);
    let out = run_stdin(
        &[
            "check",
            "-",
            "--format",
            "json",
            "--rules",
            dir.path().to_str().unwrap(),
        ],
        "Создаём уют и комфорт".as_bytes(),
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let hits: Vec<&serde_json::Value> = json["documents"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "ru.profile.vague-phrase")
        .collect();
    assert_eq!(hits.len(), 1, "only the override runs");
    assert_eq!(hits[0]["message"], "нашли уют");
    assert_eq!(hits[0]["severity"], "error");
}

#[test]
fn explain_prints_examples() {
    let out = run(&["explain", "ru.profile.vague-phrase"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(
        text.contains("Плохо:") && text.contains("Хорошо:"),
        "{text}"
    );
    assert_input_error(&run(&["explain", "no.such.rule"]), "no rule `no.such.rule`");
    assert_input_error(
        &run(&["explain", "ru.profile.vague-phrse"]),
        "did you mean `ru.profile.vague-phrase`?",
    );
}

#[test]
fn rule_file_placeholder_must_be_one_the_check_fills() {
    // `{trigger}` is filled only for a rule with `only_if`.
    for name in ["mach", "trigger"] {
        let checklist = rule(
            "    check: phrases
    phrases: [x]
",
        )
        .replace("message: m", &format!("message: \"{{{name}}}\""));
        rules_error(
            &checklist,
            &format!("unknown placeholder `{{{name}}}` for check `phrases`; it fills: match"),
        );
    }
}

#[test]
fn rule_file_bound_that_never_fires_is_refused() {
    let checklist = rule(
        "    check: metric
    metric: paragraph_words
    min: 5
",
    );
    rules_error(&checklist, "`min` never fires for metric `paragraph_words`");
}

#[test]
fn rule_file_nan_bound_and_oversized_regex_are_refused() {
    rules_error(
        &rule(
            "    check: metric
    metric: words
    max: .nan
",
        ),
        "max must be a finite number",
    );
    rules_error(
        &rule(
            "    check: pattern
    pattern: \"\\\\w{300}\\\\w{300}\"\n",
        ),
        "invalid regex: compiles to more than",
    );
}

#[test]
fn an_addon_restating_a_weight_must_say_so() {
    let addon =
        "checklist: ru.profile.extra\nkind: profile\nlang: ru\nweights:\n  trust: 99\nrules: []\n";
    rules_error(addon, "weight of `trust` is 15 in ru.profile");
    let explicit = addon.replace("weights:", "override_weights:");
    let dir = rule_dir(&explicit);
    let out = run(&["config", "--rules", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn rules_lists_every_rule() {
    let out = run(&["rules"]);
    let text = stdout(&out);
    assert!(text.lines().count() >= 40, "{text}");
    assert!(
        text.contains("ru.profile.materials-named") && text.contains("en.profile.materials-named")
    );
}

#[test]
fn usage_errors_exit_2_in_one_line() {
    for args in [
        &["check", "--format", "xml"][..],
        &["frobnicate"],
        &["check", "--min-score", "300"],
    ] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = stderr(&out);
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(
            err.starts_with("pitchlint: error: ") && err.contains("--help"),
            "{err}"
        );
    }
}

#[test]
fn config_file_sets_defaults_and_rule_settings() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("pitchlint.yaml"),
        "min_score: 90\nfail_on: never\nrules:\n  ru.profile.vague-phrase: off\n  ru.profile.universal-claim: error\nweights:\n  profile:\n    price: 40\n",
    )
    .unwrap();
    let profile = dir.path().join("p.md");
    std::fs::write(&profile, "Создаём уют и комфорт. Делаем все виды работ.").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_pitchlint"))
        .current_dir(dir.path())
        .args(["check", "p.md", "--format", "json"])
        .output()
        .unwrap();
    // min_score 90 from the file fails the run.
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let doc = &json["documents"][0];
    let rules: Vec<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(!rules.contains(&"ru.profile.vague-phrase"), "turned off");
    let universal = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "ru.profile.universal-claim")
        .unwrap();
    assert_eq!(universal["severity"], "error");
    assert_eq!(doc["dimensions"]["price"]["weight"], 40);
    // A flag on the command line wins over the file.
    let out = Command::new(env!("CARGO_BIN_EXE_pitchlint"))
        .current_dir(dir.path())
        .args(["check", "p.md", "--min-score", "0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // `pitchlint config` shows where each value came from.
    let out = Command::new(env!("CARGO_BIN_EXE_pitchlint"))
        .current_dir(dir.path())
        .arg("config")
        .output()
        .unwrap();
    let text = stdout(&out);
    assert!(text.contains("min_score  90"), "{text}");
    assert!(
        text.lines()
            .any(|l| l.starts_with("min_score") && l.contains("pitchlint.yaml")),
        "{text}"
    );
    assert!(
        text.lines()
            .any(|l| l.starts_with("lang") && l.ends_with("(default)")),
        "{text}"
    );
}

#[test]
fn config_unknown_key_is_an_error_with_position() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("pitchlint.yaml"), "lang: ru\ncolour: red\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_pitchlint"))
        .current_dir(dir.path())
        .args(["check", "-"])
        .output()
        .unwrap();
    assert_input_error(&out, "pitchlint.yaml:2:1: unknown field `colour`");
}

#[test]
fn policy_can_be_switched_off_in_config() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Делаем кухни. Звоните +7 912 345-67-89.";
    let p = dir.path().join("p.md");
    std::fs::write(&p, text).unwrap();
    // The text is weak: only the policy error is under test here.
    std::fs::write(dir.path().join("pitchlint.yaml"), "min_score: 0\n").unwrap();
    let on = Command::new(env!("CARGO_BIN_EXE_pitchlint"))
        .current_dir(dir.path())
        .args(["check", "p.md"])
        .output()
        .unwrap();
    assert_eq!(
        on.status.code(),
        Some(1),
        "a phone number is a policy error"
    );
    std::fs::write(
        dir.path().join("pitchlint.yaml"),
        "policy: false\nmin_score: 0\n",
    )
    .unwrap();
    let off = Command::new(env!("CARGO_BIN_EXE_pitchlint"))
        .current_dir(dir.path())
        .args(["check", "p.md"])
        .output()
        .unwrap();
    assert_eq!(off.status.code(), Some(0), "{}", stdout(&off));
}

#[test]
fn suppressions_in_markdown() {
    let text = "<!-- pitchlint-disable-next-line ru.profile.vague-phrase -->\nСоздаём уют.\n\nИ снова уют.\n<!-- pitchlint-disable-next-line ru.profile.nothing-here -->\nКухни.\n";
    let out = run_stdin(&["check", "-", "--format", "json"], text.as_bytes());
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let findings = json["documents"][0]["findings"].as_array().unwrap();
    let vague: Vec<u64> = findings
        .iter()
        .filter(|f| f["rule"] == "ru.profile.vague-phrase")
        .map(|f| f["span"]["line"].as_u64().unwrap())
        .collect();
    assert_eq!(vague, [4], "line 2 is suppressed, line 4 is not");
    let unused = findings
        .iter()
        .find(|f| f["rule"] == "pitchlint.unused-suppression")
        .expect("unused reported");
    assert_eq!(unused["severity"], "info");
    assert_eq!(unused["span"]["line"], 5);
}

#[test]
fn reply_with_task_file_and_missing_context_files() {
    let dir = tempfile::tempdir().unwrap();
    let task = dir.path().join("task.txt");
    let reply = dir.path().join("reply.txt");
    std::fs::write(
        &task,
        "Нужна столешница из кварцевого агломерата 3,2 м и 1,8 м, Казань.",
    )
    .unwrap();
    std::fs::write(&reply, "Готов выполнить. Пишите.").unwrap();
    let out = run(&[
        "check",
        "--task",
        task.to_str().unwrap(),
        reply.to_str().unwrap(),
    ]);
    let text = stdout(&out);
    assert!(
        // Heavier details first: the material and the object, then sizes,
        // then the place.
        text.contains(
            "Из заявки не упомянуто: кварцевого агломерата, столешница, 3,2 м, 1,8 м, Казань"
        ),
        "{text}"
    );
    let out = run(&[
        "check",
        "--task",
        "missing-task.txt",
        reply.to_str().unwrap(),
    ]);
    assert_input_error(&out, "missing-task.txt: no such file");
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "  \n").unwrap();
    let out = run(&[
        "check",
        "--review",
        empty.to_str().unwrap(),
        reply.to_str().unwrap(),
    ]);
    assert_input_error(&out, "the review is empty");
}

#[test]
fn a_rating_on_the_command_line_decides_whether_remedy_is_judged() {
    let dir = tempfile::tempdir().unwrap();
    let review = dir.path().join("review.txt");
    let answer = dir.path().join("answer.txt");
    std::fs::write(&review, "Столешница треснула через месяц.").unwrap();
    std::fs::write(&answer, "Спасибо за отзыв!").unwrap();
    let remedy = |rating: &str| {
        let mut args = vec!["check", "--format", "json", "--fail-on", "never"];
        let (review, answer) = (review.to_str().unwrap(), answer.to_str().unwrap());
        args.extend(["--review", review]);
        if !rating.is_empty() {
            args.extend(["--rating", rating]);
        }
        args.push(answer);
        let out = run(&args);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
        // A dimension that is not judged has no score.
        json["documents"][0]["dimensions"]["remedy"]["score"].is_number()
    };
    // The text is a complaint; five stars say praise.
    assert!(remedy(""));
    assert!(!remedy("5"));
    let out = run(&["check", "--rating", "7", "--review", "x.txt", "y.txt"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--rating"), "{}", stderr(&out));
}

#[test]
fn reply_without_task_is_not_judged_on_relevance() {
    let out = run_stdin(
        &["check", "-", "--kind", "reply", "--format", "json"],
        "Здравствуйте! Сделаем за 10 дней.".as_bytes(),
    );
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let doc = &json["documents"][0];
    assert_eq!(
        doc["dimensions"]["relevance"],
        serde_json::json!({"score": null, "weight": 0, "judged": false})
    );
    let info = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "ru.reply.needs-task")
        .unwrap();
    assert_eq!(info["severity"], "info");
}

/// A folder with a `pitchlint.yaml` and a rule folder it names.
fn project_with_config(config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("pitchlint.yaml"), config).unwrap();
    let rules = dir.path().join("team-rules/ru");
    std::fs::create_dir_all(&rules).unwrap();
    let checklist = rule("    check: phrases\n    phrases: [уют]\n")
        .replace("ru.extra.one", "ru.profile.team-cosy");
    std::fs::write(rules.join("extra.yaml"), checklist).unwrap();
    dir
}

fn run_in(dir: &std::path::Path, args: &[&str], input: &[u8]) -> Output {
    let mut cmd = bin();
    cmd.current_dir(dir);
    feed(cmd, args, input)
}

#[test]
fn explain_and_rules_honour_the_config_rule_folders() {
    let dir = project_with_config("rule_dirs: [team-rules]\n");
    let listed = run_in(dir.path(), &["rules", "--lang", "ru"], b"");
    assert!(
        stdout(&listed).contains("ru.profile.team-cosy"),
        "{}",
        stderr(&listed)
    );
    let explained = run_in(dir.path(), &["explain", "ru.profile.team-cosy"], b"");
    assert_eq!(explained.status.code(), Some(0), "{}", stderr(&explained));
    let checked = run_in(
        dir.path(),
        &[
            "check",
            "-",
            "--kind",
            "profile",
            "--format",
            "json",
            "--fail-on",
            "never",
        ],
        "Создаём уют.".as_bytes(),
    );
    assert!(
        stdout(&checked).contains("ru.profile.team-cosy"),
        "{}",
        stderr(&checked)
    );
}

#[test]
fn batch_honours_the_config_language() {
    // Mostly English words, but the project says its texts are Russian.
    let record = br#"{"id":1,"kind":"profile","text":"Kitchen worktops, quartz and granite, installed in Kazan."}"#;
    let dir = project_with_config("lang: ru\n");
    let out = run_in(dir.path(), &["batch"], record);
    let line: serde_json::Value =
        serde_json::from_str(stdout(&out).lines().next().unwrap()).unwrap();
    assert_eq!(line["lang"], "ru", "{}", stderr(&out));
    let text = b"Kitchen worktops, quartz and granite, installed in Kazan.";
    let checked = run_in(
        dir.path(),
        &[
            "check",
            "-",
            "--kind",
            "profile",
            "--format",
            "jsonl",
            "--fail-on",
            "never",
        ],
        text,
    );
    let doc: serde_json::Value = serde_json::from_str(stdout(&checked).trim()).unwrap();
    assert_eq!(doc["lang"], "ru");
    let plain = tempfile::tempdir().unwrap();
    let out = run_in(plain.path(), &["batch", "--no-config"], record);
    let line: serde_json::Value =
        serde_json::from_str(stdout(&out).lines().next().unwrap()).unwrap();
    assert_eq!(line["lang"], "en");
}

#[test]
fn failing_on_min_score_says_why() {
    let out = run_stdin(
        &[
            "check",
            "-",
            "--kind",
            "profile",
            "--lang",
            "ru",
            "--min-score",
            "99",
            "--fail-on",
            "never",
        ],
        "Делаем всё.".as_bytes(),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("scored under the minimum score 99"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_full_output_is_an_error() {
    let full = || std::fs::OpenOptions::new().write(true).open("/dev/full");
    let Ok(out) = full() else {
        return;
    };
    let out = bin().args(["rules"]).stdout(out).output().unwrap();
    assert_input_error(&out, "cannot write the output");
    // batch too: its results never reached anyone.
    let mut child = bin()
        .args(["batch"])
        .stdin(Stdio::piped())
        .stdout(full().unwrap())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    let records = "{\"id\":1,\"text\":\"Делаем всё.\"}\n".repeat(3);
    child
        .stdin
        .take()
        .unwrap()
        .write_all(records.as_bytes())
        .unwrap();
    assert_input_error(&child.wait_with_output().unwrap(), "batch stopped");
}

#[test]
fn too_many_threads_is_a_usage_error() {
    let out = run_stdin(&["batch", "--threads", "100000"], b"");
    assert_input_error(&out, "--threads 100000 is more than");
}

#[test]
fn rule_folder_links_out_are_refused_and_pipes_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("rules");
    std::fs::create_dir_all(&rules).unwrap();
    std::os::unix::fs::symlink("/etc/hostname", rules.join("secret.yaml")).unwrap();
    let out = run(&["rules", "--rules", rules.to_str().unwrap()]);
    assert_input_error(&out, "links out of the rules folder are not followed");
    // A rule file that is not YAML at all: the error says so, never what it holds.
    std::fs::remove_file(rules.join("secret.yaml")).unwrap();
    std::fs::write(rules.join("token.yaml"), "ghp_0123456789abcdef\n").unwrap();
    let out = run(&["rules", "--rules", rules.to_str().unwrap()]);
    assert_input_error(&out, "token.yaml");
    assert!(!stderr(&out).contains("ghp_"), "{}", stderr(&out));
    // A folder linking to itself is walked once; a pipe named like a rule file is never opened.
    let loops = dir.path().join("loops");
    std::fs::create_dir_all(&loops).unwrap();
    std::os::unix::fs::symlink(&loops, loops.join("again")).unwrap();
    let fifo = loops.join("pipe.yaml");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()));
    let out = run(&["rules", "--rules", loops.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn a_user_rule_can_use_the_questions_check() {
    let checklist = format!(
        "{RULE_HEAD}  - id: ru.extra.asks\n    title: t\n    mistake: 3\n    dimension: specificity\n    severity: info\n    message: 'вопросов: {{found}} из {{min}}'\n    suggestion: s\n    explain: e\n    examples:\n      bad: ['Сделаем ванную под ключ. Пишите.']\n      good: ['Счётчики на воду уже стоят? Плитку купили или подбираем вместе?']\n    check: questions\n    min: 2\n"
    );
    let dir = rule_dir(&checklist);
    let out = run(&["rules", "--verify", "--rules", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = run_stdin(
        &[
            "check",
            "-",
            "--kind",
            "profile",
            "--lang",
            "ru",
            "--format",
            "jsonl",
            "--fail-on",
            "never",
            "--rules",
            dir.path().to_str().unwrap(),
        ],
        "Нужна ли помощь — не нужна. Старая раковина остаётся?".as_bytes(),
    );
    let doc: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    let asks = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "ru.extra.asks")
        .unwrap();
    assert_eq!(asks["message"], "вопросов: 1 из 2");
}

#[test]
fn eval_reports_agreement_and_fails_under_thresholds() {
    let dir = tempfile::tempdir().unwrap();
    let set = dir.path().join("set.jsonl");
    let cases = [
        r#"{"id":"a","kind":"profile","lang":"ru","text":"Делаем всё качественно и недорого.","quality":"bad","gaps":["materials"],"ok":[]}"#,
        // Labelled as if the vague text named its city: the engine disagrees.
        r#"{"id":"b","kind":"profile","lang":"ru","text":"Делаем всё качественно и недорого.","quality":"good","gaps":[],"ok":["geography"]}"#,
    ];
    std::fs::write(&set, cases.join("\n")).unwrap();
    let path = set.to_str().unwrap();
    let out = run(&["eval", path]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("b geography expected ok, scored 0"), "{text}");
    assert!(text.contains("balanced accuracy 0.50"), "{text}");
    let out = run(&["eval", path, "--min-bacc", "0.9"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("lowest balanced accuracy 0.50"),
        "{}",
        stderr(&out)
    );
    // Kind-level figures pass, one dimension does not.
    let out = run(&["eval", path, "--min-bacc", "0.4", "--min-dim", "0.9"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("profile geography balanced accuracy 0.00"),
        "{}",
        stderr(&out)
    );
    std::fs::write(&set, "{\"id\": 1}\n").unwrap();
    assert_input_error(&run(&["eval", path]), "set.jsonl:1:");
}

#[test]
fn learn_prints_the_weights_of_a_cues_rule_and_its_out_of_fold_table() {
    let dir = tempfile::tempdir().unwrap();
    let set = dir.path().join("set.jsonl");
    let mut lines = Vec::new();
    for i in 0..12 {
        for (text, gap) in [
            (format!("Hurry up, job {i} waits!!"), true),
            (format!("Kindly send photos of room {i}."), false),
        ] {
            let labels = if gap {
                (vec!["tone"], vec![])
            } else {
                (vec![], vec!["tone"])
            };
            lines.push(
                serde_json::json!({"id": format!("{i}-{gap}"), "kind": "reply", "lang": "en",
                    "text": text, "quality": "mid", "gaps": labels.0, "ok": labels.1})
                .to_string(),
            );
        }
    }
    std::fs::write(&set, lines.join("\n")).unwrap();
    let path = set.to_str().unwrap();
    let args = [
        "learn",
        path,
        "--dimension",
        "tone",
        "--kind",
        "reply",
        "--lang",
        "en",
    ];
    let out = run(&args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let yaml = stdout(&out);
    assert!(yaml.contains("24 texts (12 gaps)"), "{yaml}");
    assert!(
        yaml.contains("    bias: ") && yaml.contains("    cues:\n"),
        "{yaml}"
    );
    assert!(yaml.contains("      \"hurri\": "), "{yaml}");
    assert!(stderr(&out).starts_with("threshold  gaps caught  fine kept"));
    // Too few labelled texts of the language, and an unknown language.
    let out = run(&["learn", path, "--dimension", "tone", "--lang", "ru"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("0 gaps and 0 fine"),
        "{}",
        stderr(&out)
    );
    let out = run(&["learn", path, "--dimension", "tone", "--lang", "fr"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("unknown language `fr`"));
}

#[test]
fn user_rules_match_on_sentence_form_negation_and_antipatterns() {
    // A negated «вывезти», or a request that is not a bare «пишите».
    let checklist = format!(
        "{RULE_HEAD}  - id: ru.extra.shape\n    title: t\n    mistake: 3\n    dimension: specificity\n    severity: info\n    message: '«{{match}}»'\n    suggestion: s\n    explain: e\n    examples:\n      bad: ['Мусор так и не вывезли.', 'Пришлите фото кухни.', 'Фото пришлите, пожалуйста']\n      good: ['Мусор вывезли в тот же день.', 'Пишите в любое время.', 'Пришлём фото завтра.']\n    check: phrases\n    any:\n      - phrases: [вывезти]\n        sentence: {{ negated: true }}\n      - sentence: {{ form: [request], without: {{ phrases: [пишите] }} }}\n"
    );
    let dir = rule_dir(&checklist);
    let out = run(&["rules", "--verify", "--rules", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

#[test]
fn a_star_rating_decides_whether_a_review_is_a_complaint() {
    let checklist = "checklist: ru.extra\nkind: review-reply\nlang: ru\nweights: { remedy: }\nrules:\n  - id: ru.extra.fix\n    title: t\n    mistake: 7\n    dimension: remedy\n    severity: warning\n    message: m\n    suggestion: s\n    explain: e\n    examples:\n      bad:\n        - \"---\\nreview: Всё отлично.\\nrating: 1\\n---\\nСпасибо!\"\n        - \"---\\nreview: Всё сломали.\\n---\\nСпасибо!\"\n      good:\n        - \"---\\nreview: Всё сломали.\\nrating: 5\\n---\\nСпасибо!\"\n        - \"---\\nreview: Всё сломали.\\n---\\nСпасибо! Заменим.\"\n        - \"---\\nreview: Всё отлично.\\n---\\nСпасибо!\"\n    check: coverage\n    context_if:\n      rating: { match: [1, 2], read_text: [3] }\n      phrases: [сломать]\n    phrases: [заменим]\n";
    let dir = rule_dir(checklist);
    let out = run(&["rules", "--verify", "--rules", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    // A rating that is not 1–5 stars is an input error naming the field.
    let out = run_stdin(
        &["check", "-", "--kind", "review-reply"],
        "---\nreview: Всё отлично.\nrating: 9\n---\nСпасибо!".as_bytes(),
    );
    assert_input_error(&out, "front matter `rating`");
}

#[test]
fn sentence_filters_that_could_never_match_are_load_errors() {
    rules_error(
        &rule(
            "    check: phrases\n    phrases: [x]\n    sentence: { has: [time], lacks: [time] }\n",
        ),
        "can never match",
    );
    rules_error(
        &rule("    check: phrases\n    phrases: [x]\n    sentence: { has: [weather] }\n"),
        "extra.yaml:",
    );
    rules_error(
        &rule(
            "    check: coverage\n    phrases: [x]\n    context_if: { rating: { match: [7] } }\n",
        ),
        "ratings are 1–5 stars",
    );
}

#[test]
fn a_bad_cors_origin_is_refused_before_serving() {
    for origin in [
        "https://platform.example/path",
        "platform.example",
        "ftp://x.example",
    ] {
        let out = run(&["serve", "--addr", "127.0.0.1:0", "--cors-origin", origin]);
        assert_eq!(out.status.code(), Some(2), "{origin}");
        let err = stderr(&out);
        assert_eq!(err.lines().count(), 1, "{origin}: {err}");
        assert!(
            err.contains("--cors-origin") && err.contains(origin),
            "{err}"
        );
    }
}

/// A folder of `n` short profiles, Russian and English in turn, with one
/// unreadable file at `broken` (its name sorts among the others).
fn profiles_folder(n: usize, broken: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..n {
        let path = dir.path().join(format!("p{i:04}.md"));
        if i == broken {
            std::fs::write(path, [0xFF, 0x00, 0xFE, 0x00, 0x00, 0x01]).unwrap();
        } else if i % 2 == 0 {
            std::fs::write(
                path,
                format!("Плиточник в Казани, {i} объектов. Укладка от 900 ₽ за м²."),
            )
            .unwrap();
        } else {
            std::fs::write(
                path,
                format!("Tiler in Leeds, {i} jobs done. Tiling from £40 per m²."),
            )
            .unwrap();
        }
    }
    dir
}

#[test]
fn a_long_run_streams_valid_documents_in_order_and_keeps_going_past_a_bad_file() {
    // More files than `check` lints at once, so the output is written in
    // several windows, with every format still one valid document.
    let (n, broken) = (600, 301);
    let dir = profiles_folder(n, broken);
    let folder = dir.path().to_str().unwrap();
    let out = run(&["check", folder, "--format", "json", "--fail-on", "never"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "a bad file makes the run exit 2"
    );
    let err = stderr(&out);
    assert!(err.contains("p0301.md"), "{err}");
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let docs = json["documents"].as_array().unwrap();
    assert_eq!(docs.len(), n - 1);
    assert_eq!(json["summary"]["documents"], n - 1);
    let paths: Vec<&str> = docs.iter().map(|d| d["path"].as_str().unwrap()).collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted, "documents come in path order");
    let langs: std::collections::BTreeSet<&str> =
        docs.iter().map(|d| d["lang"].as_str().unwrap()).collect();
    assert_eq!(
        langs.len(),
        2,
        "both languages' rules are loaded: {langs:?}"
    );
    // The other formats over the same folder: SARIF is one valid log with a
    // result per finding, JSON Lines one line per document.
    let sarif = run(&["check", folder, "--format", "sarif", "--fail-on", "never"]);
    let log: serde_json::Value = serde_json::from_str(&stdout(&sarif)).unwrap();
    let findings: usize = docs
        .iter()
        .map(|d| d["findings"].as_array().unwrap().len())
        .sum();
    assert_eq!(
        log["runs"][0]["results"].as_array().unwrap().len(),
        findings
    );
    let lines = run(&["check", folder, "--format", "jsonl", "--fail-on", "never"]);
    assert_eq!(stdout(&lines).lines().count(), n - 1);
    let github = run(&["check", folder, "--format", "github", "--fail-on", "never"]);
    let last = stdout(&github).lines().last().unwrap().to_string();
    assert!(
        last.starts_with(&format!("pitchlint: {} documents", n - 1)),
        "{last}"
    );
}

#[test]
fn a_long_run_that_fails_names_the_first_low_scores_and_counts_the_rest() {
    let dir = profiles_folder(300, usize::MAX);
    let out = run(&[
        "check",
        dir.path().to_str().unwrap(),
        "--min-score",
        "100",
        "--format",
        "jsonl",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    let line = err.lines().last().unwrap();
    assert!(
        line.starts_with(
            "pitchlint: failed: scored under the minimum score 100 (--min-score, 0 to turn off): "
        ),
        "{line}"
    );
    assert!(
        line.contains("p0000.md") && line.ends_with(" and 280 more"),
        "{line}"
    );
}

#[test]
fn the_report_of_a_run_is_the_same_from_batch_and_from_its_results() {
    let dir = tempfile::tempdir().unwrap();
    let records = dir.path().join("records.jsonl");
    std::fs::write(
        &records,
        concat!(
            "{\"id\": \"a\", \"kind\": \"profile\", \"text\": \"Качественно и в срок. Звоните!\"}\n",
            "{\"id\": \"b\", \"kind\": \"reply\", \"task\": \"Replace a kitchen tap, Leeds.\", \"text\": \"Hi, £90 fitted. Is the tap bought? I can come Thursday after 4.\"}\n",
            "not json\n",
        ),
    )
    .unwrap();
    let from_batch = dir.path().join("batch.html");
    let out = run(&[
        "batch",
        records.to_str().unwrap(),
        "--report",
        from_batch.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let results = dir.path().join("results.jsonl");
    std::fs::write(&results, &out.stdout).unwrap();
    let from_results = dir.path().join("report.html");
    let out = run(&[
        "report",
        results.to_str().unwrap(),
        "-o",
        from_results.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let page = std::fs::read_to_string(&from_batch).unwrap();
    assert_eq!(page, std::fs::read_to_string(&from_results).unwrap());
    assert!(page.contains("<b id=\"records\">2</b>") && page.contains("<b id=\"errors\">1</b>"));
    // A line that is not a result: one line naming the file and line, exit 2.
    std::fs::write(
        &results,
        "{\"id\": 1, \"kind\": \"profile\", \"score\": 5}\n[1]\n",
    )
    .unwrap();
    let out = run(&[
        "report",
        results.to_str().unwrap(),
        "-o",
        from_results.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("results.jsonl:2:1"), "{err}");
}

#[test]
fn a_weak_profile_fails_by_default_and_min_score_zero_lets_it_pass() {
    let weak = "corpus/profile/ru/bad/handyman-vse-vidy.md";
    let out = run(&["check", weak, "--no-config"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("minimum score 40") && stderr(&out).contains(&format!("{weak} (")),
        "{}",
        stderr(&out)
    );
    let out = run(&["check", weak, "--no-config", "--min-score", "0"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let good = first_file(GOOD_RU);
    assert_eq!(run(&["check", &good, "--no-config"]).status.code(), Some(0));
}

#[test]
fn project_files_are_skipped_with_a_line_saying_so_even_when_named() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(first_file(GOOD_RU)).unwrap();
    std::fs::create_dir(dir.path().join("docs")).unwrap();
    for name in ["README.md", "docs/guide.md", "profile.md"] {
        std::fs::write(dir.path().join(name), &text).unwrap();
    }
    let out = run_in(
        dir.path(),
        &["check", ".", "README.md", "--format", "jsonl"],
        b"",
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let printed = stdout(&out);
    let checked: Vec<&str> = printed.lines().collect();
    assert_eq!(checked.len(), 1);
    assert!(checked[0].contains("profile.md"));
    assert!(
        stderr(&out)
            .contains("skipped ./README.md, ./docs/guide.md, README.md: excluded by default")
    );
    // `exclude: []` checks everything; `include:` narrows.
    std::fs::write(dir.path().join("pitchlint.yaml"), "exclude: []\n").unwrap();
    let out = run_in(dir.path(), &["check", ".", "--format", "jsonl"], b"");
    assert_eq!(stdout(&out).lines().count(), 3, "{}", stderr(&out));
    std::fs::write(
        dir.path().join("pitchlint.yaml"),
        "exclude: []\ninclude: [docs/]\n",
    )
    .unwrap();
    let out = run_in(dir.path(), &["check", ".", "--format", "jsonl"], b"");
    assert_eq!(stdout(&out).lines().count(), 1, "{}", stderr(&out));
    assert!(stdout(&out).contains("guide.md"));
}

#[test]
fn a_bad_glob_is_a_config_error_at_its_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("pitchlint.yaml"),
        "lang: ru\nexclude: ['a[']\n",
    )
    .unwrap();
    let out = run_in(dir.path(), &["check", "-"], b"");
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("pitchlint.yaml:2:12: exclude: bad glob `a[`"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn init_writes_a_config_that_config_reads_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_in(dir.path(), &["init"], b"");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let shown = run_in(dir.path(), &["config"], b"");
    assert_eq!(shown.status.code(), Some(0), "{}", stderr(&shown));
    assert!(
        stdout(&shown).contains("min_score  40"),
        "{}",
        stdout(&shown)
    );
    let again = run_in(dir.path(), &["init"], b"");
    assert_eq!(again.status.code(), Some(2));
    assert!(stderr(&again).contains("pitchlint.yaml: already exists; pass --force"));
}

#[test]
fn completions_and_the_man_page_name_every_command() {
    for shell in ["bash", "zsh", "fish"] {
        let out = run(&["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        for command in ["check", "batch", "explain", "init"] {
            assert!(stdout(&out).contains(command), "{shell} lacks {command}");
        }
    }
    let man = run(&["man"]);
    assert_eq!(man.status.code(), Some(0));
    let page = stdout(&man);
    assert!(
        page.starts_with(".ie") || page.contains(".TH pitchlint 1"),
        "{page}"
    );
    assert!(page.contains("completions") && page.contains("batch"));
    assert_eq!(run(&["completions", "tcsh"]).status.code(), Some(2));
}

#[test]
fn a_price_list_in_a_content_folder_is_skipped_with_a_line_not_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(first_file(GOOD_RU)).unwrap();
    std::fs::write(dir.path().join("profile.md"), text).unwrap();
    std::fs::write(dir.path().join("prices.csv"), "item,price\nплитка,1200\n").unwrap();
    let out = run_in(dir.path(), &["check", ".", "--format", "jsonl"], b"");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out).lines().count(), 1);
    assert!(stderr(&out).contains("skipped ./prices.csv: not a conversation log"));
    // Named on the command line, it is read as asked, and its error is clear.
    let named = run_in(dir.path(), &["check", "prices.csv"], b"");
    assert_eq!(named.status.code(), Some(2));
    assert!(stderr(&named).contains("prices.csv:1:1: CSV header has no `thread` column"));
}

#[test]
fn samples_writes_the_photos_a_corpus_manifest_names() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = dir.path().join("good.yaml");
    std::fs::copy("corpus/portfolio/ru/good.yaml", &manifest).unwrap();
    let manifest = manifest.to_str().unwrap();
    let before = run(&["check", manifest, "--format", "json", "--min-score", "0"]);
    assert!(stdout(&before).contains("ru.portfolio.missing-photo"));
    let out = run(&["samples", manifest]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(dir.path().join("photos/sharp-1.jpg").exists());
    let after = run(&["check", manifest, "--format", "json"]);
    assert_eq!(after.status.code(), Some(0), "{}", stdout(&after));
    assert!(!stdout(&after).contains("missing-photo"));
    // A second run leaves the photos alone.
    assert!(stderr(&run(&["samples", manifest])).contains("wrote 0 sample photos"));
}

/// `rules --verify` is itself checked: a bad example its rule misses and a
/// good example its rule flags each fail the run, naming rule and example.
#[test]
fn the_example_verifier_fails_on_a_missed_bad_and_a_flagged_good_example() {
    let with_examples = |bad: &str, good: &str| {
        format!(
            "{RULE_HEAD}  - id: ru.extra.cosy\n    title: t\n    mistake: 1\n    dimension: specificity\n    severity: info\n    message: m\n    suggestion: s\n    explain: e\n    check: phrases\n    phrases: [уют]\n    examples:\n      bad: ['Создаём уют.', {bad:?}]\n      good: ['Кухни из МДФ.', {good:?}]\n"
        )
    };
    let verify = |checklist: &str| {
        let dir = rule_dir(checklist);
        run(&["rules", "--verify", "--rules", dir.path().to_str().unwrap()])
    };
    let fine = verify(&with_examples("Дарим уют", "Шкафы за 10 дней."));
    assert_eq!(fine.status.code(), Some(0), "{}", stderr(&fine));
    assert!(
        stderr(&fine).ends_with(", 0 example failures\n"),
        "{}",
        stderr(&fine)
    );

    let missed = verify(&with_examples("Работаем качественно.", "Шкафы за 10 дней."));
    assert_eq!(missed.status.code(), Some(1));
    let err = stderr(&missed);
    assert!(
        err.contains("ru.extra.cosy") && err.contains("Работаем качественно."),
        "{err}"
    );
    assert!(err.ends_with(", 1 example failures\n"), "{err}");

    let flagged = verify(&with_examples("Дарим уют", "Уют в каждом доме."));
    assert_eq!(flagged.status.code(), Some(1));
    let err = stderr(&flagged);
    assert!(
        err.contains("ru.extra.cosy") && err.contains("Уют в каждом доме."),
        "{err}"
    );
}

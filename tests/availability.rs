//! Availability: contact facts in the profile header and response times
//! from conversation logs, asserted exactly.

use std::process::Command;

use pitchlint::Clock;
use pitchlint::Engine;
use pitchlint::ResponseSummary;
use pitchlint::input::{self, Options};
use pitchlint::report::DocReport;

const TODAY: jiff::civil::Date = jiff::civil::date(2026, 11, 24);

fn check(path: &str) -> DocReport {
    let set = Engine::builtin().unwrap();
    let options = Options {
        today: Some(TODAY),
        ..Default::default()
    };
    let path = format!("{}/{path}", env!("CARGO_MANIFEST_DIR"));
    set.check(input::read(&path, &options).unwrap()).unwrap()
}

fn rules(report: &DocReport) -> Vec<&str> {
    report
        .findings
        .iter()
        .map(|f| f.finding.rule.as_str())
        .collect()
}

fn dimension(report: &DocReport, name: &str) -> Option<u8> {
    report
        .scores
        .dimensions
        .iter()
        .find(|d| d.name == name)
        .and_then(|d| d.score)
}

fn summary(report: &DocReport) -> &ResponseSummary {
    report
        .notes
        .response
        .as_ref()
        .expect("conversation summary")
}

#[test]
fn fresh_profile_has_full_contacts() {
    let r = check("corpus/contacts/fresh-ru.md");
    assert_eq!(dimension(&r, "contacts"), Some(100));
    assert!(
        !rules(&r)
            .iter()
            .any(|id| id.contains("phone") || id.contains("stale"))
    );
    assert_eq!(
        dimension(&check("corpus/contacts/fresh-en.md"), "contacts"),
        Some(100)
    );
}

#[test]
fn stale_profile_is_flagged_at_its_line() {
    let r = check("corpus/contacts/stale-ru.md");
    let stale = r
        .findings
        .iter()
        .find(|f| f.finding.rule == "ru.profile.stale")
        .expect("stale");
    assert_eq!(
        stale.location.unwrap().line,
        7,
        "points at the `updated` line"
    );
    assert!(
        stale.finding.message.contains("358 дн."),
        "{}",
        stale.finding.message
    );
    assert_eq!(dimension(&r, "contacts"), Some(75));
}

#[test]
fn broken_contacts_each_point_at_their_line() {
    let r = check("corpus/contacts/broken-phone-ru.md");
    let lines: Vec<(&str, usize)> = r
        .findings
        .iter()
        .filter(|f| f.finding.dimension == "contacts")
        .map(|f| (f.finding.rule.as_str(), f.location.unwrap().line))
        .collect();
    for expected in [
        ("ru.profile.phone-format", 4),
        ("ru.profile.email-format", 5),
        ("ru.profile.hours-format", 6),
        ("ru.profile.notifications-off", 8),
        ("ru.profile.auto-reply-missing", 1),
    ] {
        assert!(lines.contains(&expected), "{expected:?} in {lines:?}");
    }
    // 40 + 25 + 15 + 20 + 10 = 110 points lost: the floor is 0.
    assert_eq!(dimension(&r, "contacts"), Some(0));
}

#[test]
fn profile_without_header_is_not_judged_on_contacts() {
    let set = Engine::builtin().unwrap();
    let doc =
        input::from_text("p.md", "Делаем кухни в Казани.".into(), &Options::default()).unwrap();
    let r = set.check(doc).unwrap();
    assert_eq!(dimension(&r, "contacts"), None);
}

#[test]
fn fast_log() {
    let r = check("corpus/conversation/fast-ru.jsonl");
    let s = summary(&r);
    assert_eq!(
        (s.threads, s.answered, s.within_15, s.within_60, s.over_12h),
        (4, 4, 4, 4, 0)
    );
    assert_eq!(s.median_minutes, Some(9.0));
    assert_eq!(s.buckets, [4, 0, 0, 0, 0, 0]);
    assert_eq!(dimension(&r, "responsiveness"), Some(100));
    assert_eq!(dimension(&r, "cta"), Some(100));
}

#[test]
fn slow_log() {
    let r = check("corpus/conversation/slow-ru.jsonl");
    let s = summary(&r);
    assert_eq!(
        (s.threads, s.answered, s.within_60, s.over_12h),
        (4, 4, 0, 3)
    );
    assert_eq!(s.median_minutes, Some(990.0));
    assert_eq!(s.buckets, [0, 0, 1, 0, 3, 0]);
    let no_step = r
        .findings
        .iter()
        .filter(|f| f.finding.rule == "ru.conversation.no-next-step")
        .count();
    assert_eq!(no_step, 2);
    assert!(dimension(&r, "responsiveness").unwrap() < 40);
}

#[test]
fn mixed_log_jsonl_and_csv_agree() {
    let r = check("corpus/conversation/mixed-ru.jsonl");
    let s = summary(&r);
    assert_eq!(
        (s.threads, s.answered, s.within_15, s.within_60, s.over_12h),
        (5, 4, 1, 2, 1)
    );
    assert_eq!(s.median_minutes, Some(172.5));
    assert_eq!(s.buckets, [1, 1, 0, 1, 1, 1]);
    let unanswered: Vec<usize> = r
        .findings
        .iter()
        .filter(|f| f.finding.rule == "ru.conversation.unanswered")
        .map(|f| f.location.unwrap().line)
        .collect();
    assert_eq!(unanswered, [7]);

    let csv = check("corpus/conversation/mixed-ru.csv");
    let c = summary(&csv);
    assert_eq!(
        (c.threads, c.answered, c.median_minutes),
        (3, 2, Some(27.5))
    );
    assert_eq!(c.buckets, [1, 1, 0, 0, 0, 1]);
}

#[test]
fn unanswered_log() {
    let r = check("corpus/conversation/unanswered-ru.jsonl");
    let s = summary(&r);
    assert_eq!((s.threads, s.answered, s.median_minutes), (3, 0, None));
    assert_eq!(
        r.findings
            .iter()
            .filter(|f| f.finding.rule == "ru.conversation.unanswered")
            .count(),
        3
    );
    assert_eq!(dimension(&r, "responsiveness"), Some(0));
    assert_eq!(dimension(&r, "cta"), None, "no contractor turns to judge");
}

#[test]
fn english_log_speaks_english() {
    let r = check("corpus/conversation/mixed-en.jsonl");
    assert_eq!(r.lang, pitchlint::input::Lang::En);
    assert!(rules(&r).contains(&"en.conversation.unanswered"));
}

#[test]
fn business_hours_shrink_overnight_waits() {
    let set = Engine::builtin().unwrap();
    let path = format!(
        "{}/corpus/conversation/slow-ru.jsonl",
        env!("CARGO_MANIFEST_DIR")
    );
    let clock = Clock {
        zone: jiff::tz::TimeZone::get("Europe/Moscow").unwrap(),
        business_hours: Some((
            jiff::civil::time(9, 0, 0, 0),
            jiff::civil::time(20, 0, 0, 0),
        )),
    };
    let options = Options {
        clock,
        ..Default::default()
    };
    let r = set.check(input::read(&path, &options).unwrap()).unwrap();
    let s = summary(&r);
    // 13 h from 11:00 ends at 00:00: 9 working hours; 20 h from 13:00 ends
    // at 09:00 next day: 7; 26 h from 15:00 ends at 17:00 next day: 13.
    assert_eq!(s.buckets, [0, 0, 1, 2, 1, 0]);
}

#[test]
fn bad_logs_name_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("log.jsonl");
    std::fs::write(&bad, "{\"thread\":\"a\",\"time\":\"2026-11-16T09:00:00Z\",\"from\":\"client\",\"text\":\"x\"}\n{\"thread\":\"a\",\"time\":\"yesterday\",\"from\":\"contractor\",\"text\":\"y\"}\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_pitchlint"))
        .args(["check", bad.to_str().unwrap()])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        err.contains("log.jsonl:2:1: cannot read time `yesterday`"),
        "{err}"
    );
}

#[test]
fn pretty_output_shows_a_histogram() {
    let out = Command::new(env!("CARGO_BIN_EXE_pitchlint"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "check",
            "corpus/conversation/mixed-ru.jsonl",
            "--fail-on",
            "never",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Медиана первого ответа: 2.9 ч"), "{text}");
    assert!(
        text.lines()
            .any(|l| l.trim_start().starts_with("нет ответа") && l.ends_with(" 1")),
        "{text}"
    );
}

#[test]
fn an_update_date_after_today_is_not_fresh() {
    let set = Engine::builtin().unwrap();
    let options = Options {
        today: Some(TODAY),
        kind: Some(input::Kind::Profile),
        ..Default::default()
    };
    let text = |updated: &str| {
        format!(
            "---\nphone: +7 912 345-67-89\nupdated: {updated}\n---\nСтолешницы из кварца в Казани.\n"
        )
    };
    let fires = |updated: &str| {
        let doc = input::from_text("p.md", text(updated), &options).unwrap();
        rules(&set.check(doc).unwrap()).contains(&"ru.profile.stale")
    };
    assert!(!fires("2026-11-20"), "four days ago is fresh");
    assert!(
        fires("2027-03-01"),
        "a date after today is a typo, not freshness"
    );
    assert!(fires("2025-01-10"), "almost two years ago is stale");
}

/// Loads the built-in rules with one extra conversation rule over them.
fn load_with_response_rule(params: &str) -> Result<Engine, pitchlint::Error> {
    let dir = tempfile::tempdir().unwrap();
    let checklist = format!(
        "checklist: ru.extra\nkind: conversation\nlang: ru\nweights: {{ responsiveness: 70 }}\nrules:\n  - id: ru.extra.fast\n    title: t\n    mistake: 4\n    dimension: responsiveness\n    severity: warning\n    message: m\n    suggestion: s\n    explain: e\n    examples: {{ bad: [a], good: [b] }}\n    check: response\n    metric: share_within\n    min: 0.5\n{params}"
    );
    std::fs::write(dir.path().join("extra.yaml"), checklist).unwrap();
    let overrides = pitchlint::Overrides {
        no_config: true,
        rule_dirs: vec![dir.path().to_path_buf()],
        ..Default::default()
    };
    pitchlint::Settings::resolve(overrides, dir.path()).and_then(Engine::new)
}

#[test]
fn a_response_window_must_be_a_number_of_minutes_not_below_zero() {
    for bad in ["-5", ".nan", ".inf"] {
        let error = load_with_response_rule(&format!("    minutes: {bad}\n")).err();
        let message = error.map(|e| e.to_string()).unwrap_or_default();
        assert!(
            message.contains("minutes must be a number ≥ 0"),
            "{bad}: {message}"
        );
    }
    let zero = load_with_response_rule("    minutes: 0\n")
        .err()
        .map(|e| e.to_string());
    assert_eq!(zero, None);
    assert!(load_with_response_rule("    minutes: 90\n").is_ok());
}

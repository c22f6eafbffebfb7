//! Property tests for every parser of user input: whatever the bytes, no
//! panic, errors are one line, and output stays within a fixed multiple of
//! the input. Inputs are valid examples cut, spliced and sprinkled with the
//! tokens each format is sensitive to, plus plain random text.
//!
//! Cases per parser come from `PITCHLINT_FUZZ_CASES` (default 64, so that
//! `cargo test` stays quick) and the seed from `PITCHLINT_FUZZ_SEED`
//! (default 0); `scripts/fuzz.sh` runs millions from a fresh seed.

use std::io::BufReader;
use std::sync::LazyLock;

use pitchlint::Engine;
use pitchlint::conversation::{self, Clock};
use pitchlint::input::{self, Options};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};

fn config() -> Config {
    let cases = std::env::var("PITCHLINT_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(64);
    // A fixed seed by default, so `cargo test` runs the same cases every
    // time; the fuzz script passes a fresh one and prints it.
    let seed = std::env::var("PITCHLINT_FUZZ_SEED")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    Config {
        cases,
        failure_persistence: None,
        rng_seed: RngSeed::Fixed(seed),
        ..Config::default()
    }
}

static RULES: LazyLock<Engine> = LazyLock::new(|| Engine::builtin().expect("built-in rules"));
static POOL: LazyLock<rayon::ThreadPool> = LazyLock::new(|| {
    rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("thread pool")
});

/// One edit of a seed: where (a fraction of its length), what, and how much.
#[derive(Debug, Clone)]
enum Edit {
    Insert(f64, usize),
    Delete(f64, usize),
    Repeat(f64, usize, usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (0.0..1.0, any::<usize>()).prop_map(|(at, t)| Edit::Insert(at, t)),
        (0.0..1.0, 1usize..40).prop_map(|(at, n)| Edit::Delete(at, n)),
        (0.0..1.0, 1usize..30, 1usize..8).prop_map(|(at, n, k)| Edit::Repeat(at, n, k)),
    ]
}

fn boundary(text: &str, at: f64) -> usize {
    let mut i = ((text.len() as f64) * at) as usize;
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The first character boundary at or after `i`, within the text.
fn forward(text: &str, i: usize) -> usize {
    let mut j = i.min(text.len());
    while !text.is_char_boundary(j) {
        j += 1;
    }
    j
}

fn apply(seed: &str, edits: &[Edit], tokens: &[&str]) -> String {
    let mut text = seed.to_string();
    for e in edits {
        match *e {
            Edit::Insert(at, t) => {
                let i = boundary(&text, at);
                text.insert_str(i, tokens[t % tokens.len()]);
            }
            Edit::Delete(at, n) => {
                let i = boundary(&text, at);
                let j = forward(&text, i + n);
                text.replace_range(i..j, "");
            }
            Edit::Repeat(at, n, k) => {
                let i = boundary(&text, at);
                let j = forward(&text, i + n);
                let piece = text[i..j].repeat(k);
                text.insert_str(i, &piece);
            }
        }
    }
    text
}

/// Seeds edited, or random text over the format's own characters.
fn mutated(
    seeds: &'static [&'static str],
    tokens: &'static [&'static str],
) -> impl Strategy<Value = String> {
    prop_oneof![
        4 => (0..seeds.len(), prop::collection::vec(edit(), 0..8))
            .prop_map(move |(s, edits)| apply(seeds[s], &edits, tokens)),
        1 => prop::collection::vec((any::<usize>(), any::<char>()), 0..60).prop_map(move |parts| {
            parts
                .into_iter()
                .map(|(t, c)| if t % 3 == 0 { c.to_string() } else { tokens[t % tokens.len()].to_string() })
                .collect()
        }),
    ]
}

const YAML_TOKENS: &[&str] = &[
    "\n",
    "---\n",
    "...\n",
    ": ",
    "- ",
    "  ",
    "\t",
    "\"",
    "'",
    "#",
    "&a ",
    "*a",
    "[",
    "]",
    "{",
    "}",
    ",",
    "|\n  ",
    ">-\n  ",
    "!!str ",
    "~",
    "null",
    "true",
    "2026-13-45",
    "1e400",
    "-7",
    "\r\n",
    "\u{feff}",
    "ё",
    "€",
    "\u{0}",
    "kind: ",
    "lang: ",
    "items:\n",
    "photo: ",
    "caption: ",
    "phone: ",
    "updated: 2031-01-01",
    "task: ",
    "? ",
    "<<: *a",
];

const PROFILES: &[&str] = &[
    "---\nkind: profile\nlang: ru\nphone: \"+7 912 345-67-89\"\nemail: kamen@example.ru\nhours: \"Пн–Сб 9:00–20:00\"\nupdated: 2026-11-01\nnotifications: on\n---\nДелаем столешницы из кварцевого агломерата в Казани. Замер бесплатно, от 12 000 ₽ за метр.\n<!-- pitchlint-disable-next-line ru.profile.vague-phrase -->\nСоздаём уют и комфорт.\n",
    "---\ntask: Need a quartz countertop in Austin, 10 ft, budget $3000\n---\nHi! We fabricate quartz countertops in Austin, TX: $65 per sq ft, templating in 2 days. Send a photo of your kitchen.\n",
    "We build decks in Atlanta. 12 years, licensed and insured. Call +1 404 555 0142.\n\n- Composite decks\n- **Repairs**\n",
];

const MANIFESTS: &[&str] = &[
    "kind: portfolio\nlang: ru\nowner: Мастерская\nitems:\n  # кухни\n  - photo: a.jpg\n    caption: Столешница из кварца, 3 недели\n    duration: 14\n    work_type: столешницы\n  - photo: b.jpg\n    render: true\n    finished: false\n",
    "lang: en\nitems: [{photo: a.jpg, caption: Quartz island}, {photo: b.jpg}]\n",
];

const JSONL: &[&str] = &[
    "{\"thread\":\"a\",\"time\":\"2026-11-20T10:00:00+03:00\",\"from\":\"client\",\"text\":\"Нужна столешница\"}\n{\"thread\":\"a\",\"time\":\"2026-11-20T10:12:00+03:00\",\"from\":\"contractor\",\"text\":\"Пришлите фото\"}\n{\"thread\":7,\"time\":\"2026-11-20 09:00\",\"from\":\"client\",\"text\":\"?\"}\n",
];

const CSV: &[&str] = &[
    "thread,time,from,text\nt1,2026-11-20 10:00,client,\"Привет, \"\"мастер\"\"\"\nt1,2026-11-21 10:30,contractor,\"Добрый день\nпришлите фото\"\n",
];

const LOG_TOKENS: &[&str] = &[
    "\n",
    "\r\n",
    "\"",
    "\"\"",
    ",",
    "{",
    "}",
    ":",
    "[",
    "]",
    "\\",
    "\\u0000",
    "null",
    "1e400",
    "-1",
    "client",
    "contractor",
    "robot",
    "0001-01-01T00:00:00Z",
    "9999-12-31T23:59:59Z",
    "2026-11-20 25:61",
    "+14:00",
    "thread",
    "time",
    "from",
    "text",
    "ё",
    "\u{feff}",
];

const RECORDS: &[&str] = &[
    "{\"id\":1,\"kind\":\"profile\",\"text\":\"Создаём уют и комфорт, цена договорная.\"}",
    "{\"id\":\"r-2\",\"kind\":\"reply\",\"task\":\"Need a deck in Atlanta\",\"text\":\"Hi! We build decks in Atlanta, from $40 per sq ft.\"}",
    "{\"id\":3,\"kind\":\"review-reply\",\"review\":\"Опоздали на день\",\"text\":\"Извините за задержку, мы вернули 10%.\",\"lang\":\"ru\"}",
    "{\"id\":4,\"kind\":\"portfolio\",\"text\":\"items:\\n  - photo: a.jpg\\n\"}",
];

const CHECKLISTS: &[&str] = &[
    "checklist: ru.extra\nkind: profile\nlang: ru\nweights: { specificity: 20 }\nrules:\n  - id: ru.profile.extra-phrase\n    title: Своё правило\n    mistake: 1\n    dimension: specificity\n    severity: error\n    check: phrases\n    phrases: [уют]\n    message: 'нашли {match}'\n    suggestion: s\n    explain: e\n    examples: { bad: [уют], good: [кухни] }\n",
];

const LEXICONS: &[&str] = &[
    "lexicon: extra\nlang: ru\nentries:\n  - [извините, извиняемся]\n  - простите\n  - [=НАО, ЛДСП]\n",
];

const CONFIGS: &[&str] = &[
    "lang: ru\nmin_score: 60\nfail_on: error\nrules:\n  ru.profile.vague-phrase: off\n  ru.profile.phone-missing: warning\nweights:\n  profile:\n    specificity: 30\npolicy: true\n",
];

/// An error is one line naming the file, and never the whole input.
fn one_line(err: &pitchlint::error::Error, input_len: usize) -> Result<(), TestCaseError> {
    let text = err.to_string();
    prop_assert!(!text.contains('\n'), "multi-line error: {text:?}");
    prop_assert!(
        text.len() <= input_len + 400,
        "error of {} bytes",
        text.len()
    );
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn markdown_and_front_matter(text in mutated(PROFILES, YAML_TOKENS)) {
        match input::from_text("p.md", text.clone(), &Options::default()) {
            Ok(doc) => {
                prop_assert_eq!(doc.text.len(), text.len());
                match RULES.check(doc) {
                    Ok(report) => {
                        prop_assert!(report.findings.len() <= 4 * text.len() + 64);
                        for f in &report.findings {
                            if let Some(loc) = f.location {
                                prop_assert!(loc.end <= text.len() && loc.start <= loc.end);
                            }
                        }
                    }
                    Err(e) => one_line(&e, text.len())?,
                }
            }
            Err(e) => one_line(&e, text.len())?,
        }
    }

    #[test]
    fn portfolio_manifests(text in mutated(MANIFESTS, YAML_TOKENS)) {
        match pitchlint::portfolio::Manifest::parse("p.yaml", &text) {
            Ok(m) => {
                prop_assert!(m.items.len() <= text.len());
                for item in &m.items {
                    prop_assert!(item.span.end <= text.len());
                }
            }
            Err(e) => one_line(&e, text.len())?,
        }
    }

    #[test]
    fn conversation_logs(
        text in prop_oneof![mutated(JSONL, LOG_TOKENS), mutated(CSV, LOG_TOKENS)],
        csv in any::<bool>(),
        hours in any::<bool>(),
    ) {
        let clock = Clock {
            zone: jiff::tz::TimeZone::fixed(jiff::tz::offset(3)),
            business_hours: hours.then(|| (jiff::civil::time(9, 0, 0, 0), jiff::civil::time(18, 0, 0, 0))),
        };
        let path = if csv { "log.csv" } else { "log.jsonl" };
        match conversation::parse(path, &text, &clock) {
            Ok(log) => {
                let messages: usize = log.threads.values().map(Vec::len).sum();
                prop_assert!(messages <= text.lines().count());
                let stats = conversation::thread_stats(&log, &clock);
                prop_assert!(stats.len() <= messages);
                for s in stats {
                    prop_assert!(s.first_response.is_none_or(|m| m >= 0.0));
                }
            }
            Err(e) => one_line(&e, text.len())?,
        }
    }

    #[test]
    fn batch_records(lines in prop::collection::vec(mutated(RECORDS, LOG_TOKENS), 0..6), crlf in any::<bool>()) {
        let input = lines.join(if crlf { "\r\n" } else { "\n" });
        let expected = input.split_inclusive('\n').count();
        let mut out = Vec::new();
        let totals = pitchlint::batch::run(&RULES, &POOL, &mut BufReader::new(input.as_bytes()), &mut out, pitchlint::batch::Layout::Full, None, |_, _| {})
            .expect("in-memory batch runs");
        prop_assert_eq!(totals.records, expected);
        let text = String::from_utf8(out).expect("output is UTF-8");
        let answers: Vec<&str> = text.lines().collect();
        prop_assert_eq!(answers.len(), expected);
        for (i, answer) in answers.iter().enumerate() {
            let v: serde_json::Value = serde_json::from_str(answer).expect("each answer is JSON");
            prop_assert_eq!(v["line"].as_u64(), Some(i as u64 + 1));
        }
        prop_assert!(text.len() <= 64 * input.len() + 64 * 1024 * expected.max(1));
    }

    #[test]
    fn rule_files(text in prop_oneof![mutated(CHECKLISTS, YAML_TOKENS), mutated(LEXICONS, YAML_TOKENS)], lexicon in any::<bool>()) {
        let dir = tempfile::tempdir().unwrap();
        let file = if lexicon {
            std::fs::create_dir(dir.path().join("lexicons")).unwrap();
            dir.path().join("lexicons/extra.yaml")
        } else {
            dir.path().join("extra.yaml")
        };
        std::fs::write(&file, &text).unwrap();
        if let Err(e) = pitchlint::rules::load_for(&[dir.path().to_path_buf()], &[]) {
            one_line(&e, text.len())?;
        }
    }

    #[test]
    fn api_check_bodies(body in mutated(RECORDS, LOG_TOKENS)) {
        use axum::body::Body;
        use axum::http::{Request, header};
        use http_body_util::BodyExt;
        use tower::ServiceExt;
        static APP: LazyLock<axum::Router> =
            LazyLock::new(|| pitchlint::serve::router(std::sync::Arc::new(Engine::builtin().expect("built-in rules"))));
        static RUNTIME: LazyLock<tokio::runtime::Runtime> = LazyLock::new(|| {
            tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime")
        });
        let request = Request::post("/api/v1/check")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.clone()))
            .unwrap();
        let (status, answer) = RUNTIME.block_on(async {
            let response = APP.clone().oneshot(request).await.expect("router answers");
            let status = response.status();
            let bytes = response.into_body().collect().await.expect("body").to_bytes();
            (status, bytes)
        });
        prop_assert!(status.as_u16() < 500, "{status} for {body:?}");
        prop_assert!(serde_json::from_slice::<serde_json::Value>(&answer).is_ok());
        prop_assert!(answer.len() <= 64 * body.len() + 64 * 1024);
    }

    #[test]
    fn config_files(text in mutated(CONFIGS, YAML_TOKENS)) {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("pitchlint.yaml");
        std::fs::write(&file, &text).unwrap();
        if let Err(e) = pitchlint::config::Config::load(Some(&file), dir.path()) {
            one_line(&e, text.len())?;
        }
    }
}

//! Single-threaded throughput over 10 000 generated profiles of ~250 words,
//! and the wall time of one small `pitchlint check` including start-up.
//! Run with `cargo bench --bench throughput`.

#[path = "support/corpus_gen.rs"]
mod corpus_gen;

use std::hint::black_box;
use std::process::Command;
use std::time::{Duration, Instant};

use pitchlint::Engine;
use pitchlint::input::{self, Options};

const PROFILES: usize = 10_000;
const WORDS: usize = 250;
const STARTUP_RUNS: usize = 30;

fn main() {
    let load_start = Instant::now();
    let set = Engine::builtin().expect("built-in rules load");
    let load = load_start.elapsed();

    let texts: Vec<String> = (0..PROFILES)
        .map(|i| corpus_gen::profile(i, WORDS))
        .collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    let words: usize = texts.iter().map(|t| t.split_whitespace().count()).sum();
    let options = Options::default();

    // Warm the stem caches as a long batch run would.
    for text in texts.iter().take(200) {
        let doc = input::from_text("bench.md", text.clone(), &options).unwrap();
        black_box(set.check(doc).unwrap().scores.overall);
    }
    let start = Instant::now();
    let mut total_score = 0u64;
    for text in &texts {
        let doc = input::from_text("bench.md", text.clone(), &options).unwrap();
        let report = set.check(doc).unwrap();
        total_score += u64::from(report.scores.overall.unwrap_or(0));
    }
    let elapsed = start.elapsed();
    black_box(total_score);
    let secs = elapsed.as_secs_f64();
    println!(
        "rule set load (in process):  {:>8.2} ms",
        load.as_secs_f64() * 1e3
    );
    println!(
        "profiles:                    {PROFILES} × ~{} words ({:.1} MB)",
        words / PROFILES,
        bytes as f64 / 1e6
    );
    println!(
        "single-thread throughput:    {:>8.0} profiles/s",
        PROFILES as f64 / secs
    );
    println!(
        "                             {:>8.2} MB/s",
        bytes as f64 / 1e6 / secs
    );
    println!(
        "mean per profile:            {:>8.1} µs",
        secs * 1e6 / PROFILES as f64
    );

    let startup = one_file_wall_time();
    println!(
        "one small file, whole process (median of {STARTUP_RUNS}): {:>6.1} ms",
        startup.as_secs_f64() * 1e3
    );
}

/// Median wall time of `pitchlint check` on one small profile.
fn one_file_wall_time() -> Duration {
    let dir = std::env::temp_dir().join(format!("pitchlint-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("small.md");
    std::fs::write(&path, corpus_gen::profile(0, 80)).unwrap();
    let mut times: Vec<Duration> = (0..STARTUP_RUNS)
        .map(|_| {
            let start = Instant::now();
            let status = Command::new(env!("CARGO_BIN_EXE_pitchlint"))
                .args(["check", "--format", "json"])
                .arg(&path)
                .output()
                .expect("binary runs")
                .status;
            assert!(status.code().is_some_and(|c| c <= 1));
            start.elapsed()
        })
        .collect();
    let _ = std::fs::remove_dir_all(&dir);
    times.sort();
    times[times.len() / 2]
}

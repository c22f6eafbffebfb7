//! `pitchlint batch` over generated JSON Lines: 10 000 and 100 000
//! mid-length profiles (~250 words, half Russian, half English), with both
//! cores; records/s and peak memory of the whole process, plus ripgrep
//! scanning the same file for the built-in vague-phrase list as a lower
//! bound. Run with `cargo bench --bench batch`.

#[path = "support/corpus_gen.rs"]
mod corpus_gen;
#[path = "support/measure.rs"]
mod measure;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

fn generate(dir: &Path, records: usize) -> PathBuf {
    let path = dir.join(format!("profiles-{records}.jsonl"));
    if path.exists() {
        return path;
    }
    let mut out = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    for i in 0..records {
        let text = corpus_gen::profile(i, 250);
        let record = serde_json::json!({"id": i, "kind": "profile", "text": text});
        writeln!(out, "{record}").unwrap();
    }
    out.flush().unwrap();
    path
}

fn vague_pattern() -> String {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/rules/ru/lexicons/vague.yaml"
    ))
    .unwrap();
    let mut phrases: Vec<String> = text
        .lines()
        .filter_map(|l| l.trim().strip_prefix("- "))
        .flat_map(|l| {
            l.trim_matches(['[', ']'])
                .split(',')
                .map(|s| s.trim().trim_matches('"').to_string())
                .collect::<Vec<_>>()
        })
        .filter(|s| !s.is_empty() && !s.starts_with('='))
        .collect();
    phrases.sort();
    phrases.dedup();
    phrases.join("\n")
}

fn main() {
    if measure::helper() {
        return;
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    std::fs::create_dir_all(&dir).unwrap();
    for records in [10_000, 100_000] {
        let path = generate(&dir, records);
        let mb = std::fs::metadata(&path).unwrap().len() as f64 / 1e6;
        let (secs, peak) = measure::run(&["batch", path.to_str().unwrap()]);
        println!(
            "batch {records:>7} records ({mb:.0} MB): {secs:>6.2} s, {:>7.0} records/s, peak {peak:.0} MiB",
            records as f64 / secs
        );
        if records == 100_000 {
            ripgrep_reference(&path, &dir, secs);
        }
    }
}

fn ripgrep_reference(path: &Path, dir: &Path, batch_secs: f64) {
    let patterns = dir.join("vague.txt");
    std::fs::write(&patterns, vague_pattern()).unwrap();
    let start = Instant::now();
    let status = Command::new("rg")
        .args(["-i", "-c", "-F", "-f"])
        .arg(&patterns)
        .arg(path)
        .stdout(Stdio::null())
        .status();
    match status {
        Ok(_) => {
            let secs = start.elapsed().as_secs_f64();
            println!(
                "ripgrep, vague phrases only, same file: {secs:.2} s — pitchlint batch takes {:.1}× as long",
                batch_secs / secs
            );
        }
        Err(_) => println!("ripgrep not installed (apt-get install ripgrep) — reference skipped"),
    }
}

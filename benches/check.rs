//! `pitchlint check` over folders of 2 000, 20 000 and 200 000 profile
//! files (~250 words each, half Russian, half English, 1 000 to a folder),
//! against `pitchlint batch` over the same texts as JSON Lines: records/s
//! of each, their ratio and the peak memory of the whole process. Run with
//! `cargo bench --bench check`.

#[path = "support/corpus_gen.rs"]
mod corpus_gen;
#[path = "support/measure.rs"]
mod measure;

use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes the folder and the matching JSON Lines once; later runs reuse them.
fn generate(dir: &Path, files: usize) -> (PathBuf, PathBuf) {
    let folder = dir.join(format!("files-{files}"));
    let lines = dir.join(format!("files-{files}.jsonl"));
    if lines.exists() {
        return (folder, lines);
    }
    let mut out = std::io::BufWriter::new(std::fs::File::create(&lines).unwrap());
    for i in 0..files {
        let text = corpus_gen::profile(i, 250);
        let sub = folder.join(format!("{:03}", i / 1000));
        if i % 1000 == 0 {
            std::fs::create_dir_all(&sub).unwrap();
        }
        std::fs::write(sub.join(format!("{i:06}.md")), &text).unwrap();
        let record = serde_json::json!({"id": i, "kind": "profile", "text": text});
        writeln!(out, "{record}").unwrap();
    }
    out.flush().unwrap();
    (folder, lines)
}

fn main() {
    if measure::helper() {
        return;
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    std::fs::create_dir_all(&dir).unwrap();
    let sizes: Vec<usize> = match std::env::var("PITCHLINT_BENCH_FILES") {
        Ok(list) => list.split(',').map(|n| n.trim().parse().unwrap()).collect(),
        Err(_) => vec![2_000, 20_000, 200_000],
    };
    for files in sizes {
        let (folder, lines) = generate(&dir, files);
        let (check_secs, check_peak) = measure::run(&[
            "check",
            folder.to_str().unwrap(),
            "--kind",
            "profile",
            "--format",
            "jsonl",
        ]);
        let (batch_secs, batch_peak) = measure::run(&["batch", lines.to_str().unwrap()]);
        println!(
            "{files:>7} files: check {:>6.0} records/s, peak {check_peak:.0} MiB; batch {:>6.0} records/s, peak {batch_peak:.0} MiB; batch is {:.2}× check",
            files as f64 / check_secs,
            files as f64 / batch_secs,
            check_secs / batch_secs,
        );
    }
}

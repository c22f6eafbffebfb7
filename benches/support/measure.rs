//! Runs the real binary once in a fresh helper process and reports its
//! wall time and peak memory: the helper's rusage covers only that child.

use std::process::{Command, Stdio};
use std::time::Instant;

/// The flag that puts a bench binary into helper mode.
pub const FLAG: &str = "--measure";

/// Peak resident memory of finished children, in MiB.
fn children_peak_mib() -> f64 {
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: getrusage writes into the struct we own.
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    usage.ru_maxrss as f64 / 1024.0
}

/// Seconds and peak MiB of `pitchlint ARGS…`, run from a fresh helper.
pub fn run(args: &[&str]) -> (f64, f64) {
    let exe = std::env::current_exe().unwrap();
    let out = Command::new(exe)
        .arg(FLAG)
        .args(args)
        .stderr(Stdio::inherit())
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let mut parts = text.split_whitespace().map(|p| p.parse::<f64>().unwrap());
    (parts.next().unwrap(), parts.next().unwrap())
}

/// Helper mode: when the bench was started with `--measure ARGS…`, runs
/// `pitchlint ARGS…` once, prints seconds and peak MiB, and says so.
pub fn helper() -> bool {
    let args: Vec<String> = std::env::args().collect();
    let Some(i) = args.iter().position(|a| a == FLAG) else {
        return false;
    };
    let start = Instant::now();
    let status = Command::new(env!("CARGO_BIN_EXE_pitchlint"))
        .args(&args[i + 1..])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    let secs = start.elapsed().as_secs_f64();
    assert!(status.success() || status.code() == Some(1), "{status}");
    println!("{secs} {}", children_peak_mib());
    true
}

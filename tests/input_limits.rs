//! Inputs that used to run out of memory, block or expand without bound
//! now stop at once with one line on stderr and exit code 2.

use std::process::Output;

#[path = "support/binary.rs"]
mod binary;
use binary::run;

fn assert_input_error(out: &Output, needle: &str) {
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "stderr: {err}");
    assert!(err.contains(needle), "expected {needle:?} in {err:?}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

const PROFILE: &str = "corpus/profile/ru/good/stone-countertops-kazan.md";

#[cfg(unix)]
#[test]
fn devices_are_refused_as_documents_and_as_job_posts() {
    assert_input_error(
        &run(&["check", "/dev/zero"]),
        "/dev/zero: is not a regular file",
    );
    assert_input_error(
        &run(&["check", "--task", "/dev/zero", PROFILE]),
        "/dev/zero: is not a regular file",
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_is_refused_without_waiting_for_a_writer() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("reply.md");
    let c_path = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path and a plain mode.
    assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) }, 0);
    assert_input_error(
        &run(&["check", fifo.to_str().unwrap()]),
        "is not a regular file",
    );
}

#[test]
fn aliases_in_front_matter_and_manifests_name_their_place() {
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("p.md");
    let big = "z".repeat(100_000);
    let aliases = vec!["*a"; 20_000].join(", ");
    std::fs::write(
        &profile,
        format!("---\nkind: profile\nnote: &a \"{big}\"\nextra: [{aliases}]\n---\nТекст профиля\n"),
    )
    .unwrap();
    let out = run(&["check", profile.to_str().unwrap()]);
    assert_input_error(
        &out,
        "p.md:4:9: malformed front matter: YAML aliases (*name) are not allowed",
    );
    assert!(!String::from_utf8_lossy(&out.stderr).contains("zzz"));

    let manifest = dir.path().join("portfolio.yaml");
    std::fs::write(
        &manifest,
        "lang: ru\nitems:\n  - photo: &p a.jpg\n  - photo: *p\n",
    )
    .unwrap();
    assert_input_error(
        &run(&["check", manifest.to_str().unwrap()]),
        "portfolio.yaml:4:12: YAML aliases (*name) are not allowed in documents",
    );
}

#[test]
fn conversation_errors_after_front_matter_count_file_lines() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("log.md");
    std::fs::write(
        &log,
        "---\nkind: conversation\nlang: ru\n---\n{\"thread\":\"a\",\"time\":\"2026-11-20T10:00:00Z\",\"from\":\"client\",\"text\":\"Здравствуйте\"}\n{\"thread\":\"a\",\"time\":\"2026-11-20T10:05:00Z\",\"from\":\"robot\",\"text\":\"Да\"}\n",
    )
    .unwrap();
    assert_input_error(
        &run(&["check", log.to_str().unwrap()]),
        "log.md:6:1: unknown `from`",
    );
}

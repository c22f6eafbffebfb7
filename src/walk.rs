//! Expands command-line paths: files are taken as given, folders are walked
//! (hidden and git-ignored files skipped, as users expect) for the file
//! types that have a checklist. Order is sorted, so output is stable.

use std::io::Read;
use std::path::Path;

use ignore::WalkBuilder;

use crate::error::Error;

/// Extensions walked in folders: texts (profiles, replies), conversation
/// logs and portfolio manifests.
const EXTENSIONS: [&str; 7] = ["md", "markdown", "txt", "jsonl", "csv", "yaml", "yml"];

/// How much of a YAML file is read to tell a manifest from other YAML:
/// `items:` sits near the top of a manifest, and a folder may hold large
/// data files that are no business of a linter.
pub const SNIFF_BYTES: u64 = 64 * 1024;

/// YAML files in a content folder are checked only when they are portfolio
/// manifests (a top-level `items:` key); other YAML is left alone.
fn is_other_yaml(path: &Path) -> bool {
    let yaml = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"));
    yaml && !std::fs::File::open(path).is_ok_and(looks_like_manifest)
}

/// Whether the first `SNIFF_BYTES` of a YAML source have a top-level
/// `items:` line.
fn looks_like_manifest(reader: impl Read) -> bool {
    let mut head = Vec::new();
    if reader.take(SNIFF_BYTES).read_to_end(&mut head).is_err() {
        return false;
    }
    String::from_utf8_lossy(&head)
        .lines()
        .any(crate::portfolio::manifest::is_items_key)
}

/// The files to check, in order, and the paths that could not be walked.
pub fn expand(paths: &[String]) -> (Vec<String>, Vec<Error>) {
    let wanted = EXTENSIONS;
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path == "-" || !Path::new(path).is_dir() {
            files.push(path.clone());
            continue;
        }
        let before = files.len();
        let walker = WalkBuilder::new(path)
            .require_git(false)
            .sort_by_file_name(|a, b| a.cmp(b))
            .build();
        for entry in walker {
            match entry {
                Ok(entry) => {
                    let p = entry.path();
                    let ext = p
                        .extension()
                        .and_then(|e| e.to_str())
                        .map(str::to_ascii_lowercase);
                    let is_file = entry.file_type().is_some_and(|t| t.is_file());
                    let is_config = p.file_name().is_some_and(|n| n == crate::config::FILE_NAME);
                    let wanted_ext = ext.is_some_and(|e| wanted.contains(&e.as_str()));
                    if is_file && !is_config && wanted_ext && !is_other_yaml(p) {
                        files.push(p.display().to_string());
                    }
                }
                Err(e) => errors.push(Error::new(path, format!("cannot walk folder: {e}"))),
            }
        }
        if files.len() == before {
            let list = wanted
                .iter()
                .map(|e| format!(".{e}"))
                .collect::<Vec<_>>()
                .join(", ");
            errors.push(Error::new(
                path,
                format!("folder has no files to check ({list})"),
            ));
        }
    }
    (files, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifests_are_told_from_a_bounded_prefix() {
        assert!(looks_like_manifest(
            &b"lang: ru\nitems:\n  - photo: a.jpg\n"[..]
        ));
        assert!(!looks_like_manifest(&b"name: ci\njobs: {}\n"[..]));
        // An endless source is sniffed, not read to its end.
        assert!(!looks_like_manifest(std::io::repeat(b'x')));
        let late = [vec![b'#'; SNIFF_BYTES as usize], b"\nitems:\n".to_vec()].concat();
        assert!(!looks_like_manifest(&late[..]));
    }
}

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

/// A CSV or JSON Lines file found in a folder that is not a conversation
/// log (a price list, an export): its first line names no `thread`.
fn is_other_data(path: &Path) -> bool {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    if !matches!(ext.as_deref(), Some("csv" | "jsonl")) {
        return false;
    }
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    let mut head = Vec::new();
    if file.take(SNIFF_BYTES).read_to_end(&mut head).is_err() {
        return false;
    }
    let head = String::from_utf8_lossy(&head);
    let first = head.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let first = first.trim_start_matches('\u{feff}').to_ascii_lowercase();
    if ext.as_deref() == Some("csv") {
        !first
            .split([',', ';', '\t'])
            .any(|cell| cell.trim().trim_matches('"') == "thread")
    } else {
        !first.contains("\"thread\"")
    }
}

/// What `expand` found: the files to check, in order; the paths that could
/// not be walked; and data files in folders left alone because they are
/// not conversation logs.
#[derive(Debug, Default)]
pub struct Expanded {
    pub files: Vec<String>,
    pub errors: Vec<Error>,
    pub skipped: Vec<String>,
}

/// The files to check, in order, and the paths that could not be walked.
pub fn expand(paths: &[String]) -> Expanded {
    let wanted = EXTENSIONS;
    let mut files = Vec::new();
    let mut errors = Vec::new();
    let mut skipped = Vec::new();
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
                        if is_other_data(p) {
                            skipped.push(p.display().to_string());
                        } else {
                            files.push(p.display().to_string());
                        }
                    }
                }
                Err(e) => errors.push(Error::new(path, format!("cannot walk folder: {e}"))),
            }
        }
        if files.len() == before && skipped.is_empty() {
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
    Expanded {
        files,
        errors,
        skipped,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_files_that_are_not_logs_are_told_apart() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, text: &str| {
            let path = dir.path().join(name);
            std::fs::write(&path, text).unwrap();
            path
        };
        assert!(is_other_data(&write(
            "prices.csv",
            "item,price\nплитка,1200\n"
        )));
        assert!(!is_other_data(&write(
            "log.csv",
            "\u{feff}Thread;time;from;text\n"
        )));
        assert!(is_other_data(&write("export.jsonl", "{\"id\":1}\n")));
        assert!(!is_other_data(&write(
            "log.jsonl",
            "\n{\"thread\":\"a\",\"time\":1}\n"
        )));
        assert!(!is_other_data(&write("notes.md", "item,price\n")));
    }

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

/// A glob as `include:` and `exclude:` take it, in the manner of
/// `.gitignore`: a pattern without `/` matches a file name in any folder;
/// one ending in `/` matches everything under that folder.
pub fn glob(pattern: &str) -> Result<globset::Glob, globset::Error> {
    let pattern = pattern.trim_start_matches("./");
    let pattern = match pattern.strip_suffix('/') {
        Some(folder) => format!("{folder}/**"),
        None => pattern.to_string(),
    };
    let anchored = pattern.trim_end_matches("/**").contains('/');
    let pattern = if anchored {
        pattern.trim_start_matches('/').to_string()
    } else {
        format!("**/{pattern}")
    };
    globset::GlobBuilder::new(&pattern)
        .literal_separator(true)
        .build()
}

/// Which files `check` lints, by the config's `include:` and `exclude:`.
#[derive(Debug, Clone)]
pub struct FileFilter {
    /// Paths are matched relative to this folder (the config file's) when
    /// they lie under it.
    base: Option<std::path::PathBuf>,
    include: Option<globset::GlobSet>,
    exclude: globset::GlobSet,
}

impl FileFilter {
    pub fn new(
        base: Option<std::path::PathBuf>,
        include: Option<&[String]>,
        exclude: &[String],
    ) -> Result<FileFilter, globset::Error> {
        let set = |globs: &[String]| -> Result<globset::GlobSet, globset::Error> {
            let mut set = globset::GlobSetBuilder::new();
            for pattern in globs {
                set.add(glob(pattern)?);
            }
            set.build()
        };
        Ok(FileFilter {
            base: base.and_then(|b| std::fs::canonicalize(b).ok()),
            include: include.map(set).transpose()?,
            exclude: set(exclude)?,
        })
    }

    /// Whether `path` (as given or found) is to be linted; standard input
    /// always is.
    pub fn admits(&self, path: &str) -> bool {
        if path == "-" {
            return true;
        }
        let relative = self.relative(Path::new(path));
        let included = self
            .include
            .as_ref()
            .is_none_or(|set| set.is_match(&relative));
        included && !self.exclude.is_match(&relative)
    }

    fn relative(&self, path: &Path) -> std::path::PathBuf {
        let path = path.strip_prefix("./").unwrap_or(path);
        if let Some(base) = &self.base
            && let Ok(full) = std::fs::canonicalize(path)
            && let Ok(inside) = full.strip_prefix(base)
        {
            return inside.to_path_buf();
        }
        path.to_path_buf()
    }
}

#[cfg(test)]
mod filter_tests {
    use super::*;

    fn filter(include: Option<&[&str]>, exclude: &[&str]) -> FileFilter {
        let owned = |g: &[&str]| g.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        FileFilter::new(None, include.map(owned).as_deref(), &owned(exclude)).unwrap()
    }

    #[test]
    fn the_default_exclusions_leave_project_files_alone() {
        let f = filter(None, &crate::config::DEFAULT_EXCLUDE);
        for skipped in [
            "README.md",
            "sub/README.md",
            "CHANGELOG.md",
            "docs/a.md",
            "docs/x/y.md",
        ] {
            assert!(!f.admits(skipped), "{skipped}");
        }
        for kept in [
            "profile.md",
            "content/docs.md",
            "content/readme-notes.md",
            "-",
        ] {
            assert!(f.admits(kept), "{kept}");
        }
    }

    #[test]
    fn include_narrows_and_anchored_globs_match_from_the_base() {
        let f = filter(Some(&["profiles/**/*.md", "*.txt"]), &["profiles/drafts/"]);
        assert!(f.admits("profiles/ru/a.md"));
        assert!(f.admits("./profiles/a.md"));
        assert!(f.admits("replies/b.txt"));
        assert!(!f.admits("replies/b.md"));
        assert!(!f.admits("profiles/drafts/c.md"));
        assert!(!f.admits("other/profiles/a.md"));
    }

    #[test]
    fn an_empty_exclude_admits_everything() {
        assert!(filter(None, &[]).admits("README.md"));
    }
}

//! Commands that set pitchlint up rather than check anything: `init`
//! (a commented `pitchlint.yaml`), `completions SHELL` and `man`.

use std::path::Path;

use clap::CommandFactory;

use super::{Cli, EXIT_OK};
use crate::error::{Error, ErrorKind};

/// The file `pitchlint init` writes: every setting, commented, at its
/// default, so that uncommenting a line is all it takes.
pub const CONFIG_TEMPLATE: &str = r#"# pitchlint.yaml: settings for `pitchlint check`, `batch` and `serve` in this
# folder and below. Every line below is a default; uncomment to change it.
# `pitchlint config` shows what is in force and where it came from.

# Language of documents that do not say: ru, en, or auto (detect).
# lang: auto

# Fail the run when a document scores under this (0–100).
# min_score: 40

# Fail the run on findings of this severity or worse: error, warning, info, never.
# fail_on: error

# Platform-policy rules (phones, e-mails, discrimination in the text).
# policy: true

# Files `pitchlint check` leaves alone, even when named (pre-commit passes
# every changed file). A pattern without `/` matches a file name in any
# folder; one ending in `/` a whole folder. `exclude: []` checks everything.
# exclude: [README.md, CHANGELOG.md, docs/]

# Only files matching these are checked (default: every file it can read).
# include: ["profiles/**/*.md", "replies/*.txt"]

# Rules switched off or set to another severity (ids: `pitchlint rules`).
# rules:
#   ru.profile.too-long: off
#   en.reply.clarifying-questions: error

# Dimension weights per kind (see `pitchlint rules` for dimensions).
# weights:
#   profile: { price: 25 }

# Folders of your own rules, laid over the built-in ones (relative to this file).
# rule_dirs: [house-rules]
"#;

/// Writes the commented config to `path`, never over an existing file
/// unless `force`.
pub fn init(path: &Path, force: bool) -> Result<i32, Error> {
    let name = path.display().to_string();
    if path.exists() && !force {
        return Err(
            Error::new(name, "already exists; pass --force to overwrite it")
                .with_kind(ErrorKind::Usage),
        );
    }
    std::fs::write(path, CONFIG_TEMPLATE).map_err(|e| {
        Error::new(name.clone(), format!("cannot write: {e}")).with_kind(ErrorKind::Io)
    })?;
    eprintln!("pitchlint: wrote {name}; `pitchlint config` shows the settings in force");
    Ok(EXIT_OK)
}

/// Writes the built-in sample photos a portfolio manifest names (`sharp-1.jpg`,
/// `blurry-2.png`…; see `portfolio::samples`) next to it, where they are
/// missing, so the corpus manifests and the README's example run as
/// written. Photos that exist are left alone; other names are not samples.
pub fn samples(manifests: &[String]) -> Result<i32, Error> {
    let (mut written, mut present) = (0, 0);
    for path in manifests {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::new(path.clone(), format!("cannot read: {e}")))?;
        let manifest = crate::portfolio::manifest::Manifest::parse(path, &text)?;
        let folder = Path::new(path).parent().unwrap_or(Path::new("."));
        for item in &manifest.items {
            let Some(bytes) = crate::portfolio::samples::bytes(&item.photo) else {
                continue;
            };
            let target = folder.join(&item.photo);
            if target.exists() {
                present += 1;
                continue;
            }
            let name = target.display().to_string();
            let fail = |e: std::io::Error| {
                Error::new(name.clone(), format!("cannot write: {e}")).with_kind(ErrorKind::Io)
            };
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent).map_err(fail)?;
            }
            std::fs::write(&target, bytes).map_err(fail)?;
            written += 1;
        }
    }
    eprintln!("pitchlint: wrote {written} sample photos ({present} already there)");
    Ok(EXIT_OK)
}

/// Prints the completion script for `shell` on standard output.
pub fn completions(shell: clap_complete::Shell) -> Result<i32, Error> {
    let mut command = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut command, "pitchlint", &mut out);
    super::print_bytes(&out)?;
    Ok(EXIT_OK)
}

/// Prints the man page (roff) on standard output.
pub fn man() -> Result<i32, Error> {
    let mut out = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut out)
        .map_err(|e| Error::usage(format!("cannot render the man page: {e}")))?;
    super::print_bytes(&out)?;
    Ok(EXIT_OK)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_loads_and_every_commented_setting_loads_too() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pitchlint.yaml");
        std::fs::write(&path, CONFIG_TEMPLATE).unwrap();
        crate::config::Config::load(Some(&path), dir.path()).unwrap();
        // Uncommented, the examples are valid settings as well, apart from
        // a rule folder that does not exist here.
        let is_setting = |line: &str| {
            let key: String = line
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                .collect();
            (!key.is_empty() && line[key.len()..].starts_with(':')) || line.starts_with("  ")
        };
        let uncommented: String = CONFIG_TEMPLATE
            .lines()
            .filter_map(|l| l.strip_prefix("# "))
            .filter(|l| is_setting(l) && !l.starts_with("rule_dirs"))
            .map(|l| format!("{l}\n"))
            .collect();
        std::fs::write(&path, &uncommented).unwrap();
        let config = crate::config::Config::load(Some(&path), dir.path()).unwrap();
        assert_eq!(config.file.min_score, Some(40), "{uncommented}");
        assert_eq!(config.file.rules.len(), 2, "{uncommented}");
        assert!(config.file.include.is_some());
    }

    #[test]
    fn init_never_overwrites_without_force() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pitchlint.yaml");
        std::fs::write(&path, "lang: ru\n").unwrap();
        let refused = init(&path, false).unwrap_err();
        assert!(
            refused
                .to_string()
                .ends_with("already exists; pass --force to overwrite it")
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "lang: ru\n");
        init(&path, true).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), CONFIG_TEMPLATE);
    }
}

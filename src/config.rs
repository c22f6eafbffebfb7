//! `pitchlint.yaml`: project defaults found in the current folder or above
//! (or given with `--config`). Command-line flags win over the file.

use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use serde::Deserialize;

use crate::error::{Error, ErrorKind, Result};
use crate::input::{Kind, Lang};
use crate::rules::{RuleSet, Severity};

pub const FILE_NAME: &str = "pitchlint.yaml";

/// A per-rule setting: a new severity, or `off`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleSetting {
    Off,
    Severity(Severity),
}

impl<'de> Deserialize<'de> for RuleSetting {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let value = serde_yaml::Value::deserialize(d)?;
        let text = match &value {
            serde_yaml::Value::String(s) => s.as_str(),
            serde_yaml::Value::Bool(false) => "off",
            _ => "",
        };
        match text {
            "off" => Ok(RuleSetting::Off),
            other => Severity::parse(other)
                .map(RuleSetting::Severity)
                .ok_or_else(|| {
                    serde::de::Error::custom(format!(
                        "rule setting must be off, info, warning or error, got `{other}`"
                    ))
                }),
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    pub lang: Option<String>,
    pub min_score: Option<u8>,
    pub fail_on: Option<String>,
    #[serde(default)]
    pub rules: IndexMap<String, RuleSetting>,
    #[serde(default)]
    pub rule_dirs: Vec<PathBuf>,
    /// kind → dimension → weight.
    #[serde(default)]
    pub weights: IndexMap<String, IndexMap<String, f64>>,
    pub policy: Option<bool>,
    /// Globs of the files `check` lints (default: every file it can read).
    pub include: Option<Vec<String>>,
    /// Globs of files `check` leaves alone, even when named (default:
    /// `DEFAULT_EXCLUDE`); `[]` lints everything.
    pub exclude: Option<Vec<String>>,
}

/// Files that are about a project, not a profile: left alone unless
/// `exclude:` says otherwise.
pub const DEFAULT_EXCLUDE: [&str; 3] = ["README.md", "CHANGELOG.md", "docs/"];

/// A loaded configuration and where it came from.
#[derive(Debug, Clone, Default)]
pub struct Config {
    pub file: ConfigFile,
    pub path: Option<PathBuf>,
    text: String,
}

impl Config {
    /// `explicit` if given, else the nearest `pitchlint.yaml` from `start`
    /// upwards, else the defaults.
    pub fn load(explicit: Option<&Path>, start: &Path) -> Result<Config> {
        let path = match explicit {
            Some(p) => Some(p.to_path_buf()),
            None => find_upwards(start),
        };
        let Some(path) = path else {
            return Ok(Config::default());
        };
        let display = path.display().to_string();
        let text = read_config(&path, &display)?;
        let file: ConfigFile = if text.trim().is_empty() {
            ConfigFile::default()
        } else {
            crate::yaml::from_str(&text, crate::yaml::Aliases::for_config(&text))
                .map_err(|e| e.into_error(&display, 0).with_kind(ErrorKind::Config))?
        };
        let config = Config {
            file,
            path: Some(path),
            text,
        };
        config.validate()?;
        Ok(config)
    }

    fn display_name(&self) -> String {
        self.path
            .as_ref()
            .map_or_else(String::new, |p| p.display().to_string())
    }

    fn error_at(&self, needle: &str, message: String) -> Error {
        for (i, line) in self.text.lines().enumerate() {
            if let Some(col) = line.find(needle) {
                return Error::at(
                    self.display_name(),
                    i + 1,
                    line[..col].chars().count() + 1,
                    message,
                )
                .with_kind(ErrorKind::Config);
            }
        }
        Error::new(self.display_name(), message).with_kind(ErrorKind::Config)
    }

    fn validate(&self) -> Result<()> {
        if let Some(lang) = &self.file.lang
            && lang != "auto"
            && Lang::parse(lang).is_none()
        {
            return Err(self.error_at("lang", format!("lang must be ru, en or auto, got `{lang}`")));
        }
        if let Some(fail_on) = &self.file.fail_on
            && fail_on != "never"
            && Severity::parse(fail_on).is_none()
        {
            return Err(self.error_at(
                "fail_on",
                format!("fail_on must be error, warning, info or never, got `{fail_on}`"),
            ));
        }
        if self.file.min_score.is_some_and(|s| s > 100) {
            return Err(self.error_at("min_score", "min_score must be 0–100".into()));
        }
        for (key, globs) in [
            ("include", &self.file.include),
            ("exclude", &self.file.exclude),
        ] {
            for glob in globs.iter().flatten() {
                if let Err(e) = crate::walk::glob(glob) {
                    return Err(
                        self.error_at(glob, format!("{key}: bad glob `{glob}`: {}", e.kind()))
                    );
                }
            }
        }
        for (kind, weights) in &self.file.weights {
            if Kind::parse(kind).is_none() {
                return Err(self.error_at(kind, format!("unknown kind `{kind}` in weights")));
            }
            for (dim, weight) in weights {
                if !(0.0..=1000.0).contains(weight) {
                    return Err(self.error_at(
                        dim,
                        format!("weight of `{dim}` must be a number from 0 to 1000"),
                    ));
                }
            }
        }
        Ok(())
    }

    /// Rule folders, relative to the config file's folder.
    pub fn rule_dirs(&self) -> Vec<PathBuf> {
        let base = self
            .path
            .as_ref()
            .and_then(|p| p.parent())
            .unwrap_or(Path::new(""));
        self.file.rule_dirs.iter().map(|d| base.join(d)).collect()
    }

    /// Which files `check` lints: `include:` and `exclude:` (or the
    /// default exclusions), matched relative to the config file's folder.
    pub fn file_filter(&self) -> crate::walk::FileFilter {
        let base = self
            .path
            .as_ref()
            .and_then(|p| p.parent())
            .map(Path::to_path_buf);
        let exclude = match &self.file.exclude {
            Some(globs) => globs.clone(),
            None => DEFAULT_EXCLUDE.map(String::from).to_vec(),
        };
        crate::walk::FileFilter::new(base, self.file.include.as_deref(), &exclude)
            .expect("globs were checked when the config loaded")
    }

    pub fn lang(&self) -> Option<Lang> {
        self.file.lang.as_deref().and_then(Lang::parse)
    }

    pub fn fail_on(&self) -> Option<Option<Severity>> {
        self.file.fail_on.as_deref().map(Severity::parse)
    }

    /// Applies rule settings, weights and the policy switch to a rule set
    /// loaded for `langs` (settings for other languages are left alone).
    pub fn apply(&self, set: &mut RuleSet, langs: &[Lang]) -> Result<()> {
        for (id, setting) in &self.file.rules {
            let Some(rule) = set.rules.iter_mut().find(|r| &r.id == id) else {
                let other_lang = Lang::ALL
                    .iter()
                    .any(|l| !langs.contains(l) && id.starts_with(&format!("{}.", l.code())));
                if other_lang {
                    continue;
                }
                return Err(
                    self.error_at(id, format!("unknown rule `{id}` (see `pitchlint rules`)"))
                );
            };
            match setting {
                RuleSetting::Severity(s) => rule.severity = *s,
                RuleSetting::Off => {}
            }
        }
        set.rules
            .retain(|r| self.file.rules.get(&r.id) != Some(&RuleSetting::Off));
        if self.file.policy == Some(false) {
            set.rules.retain(|r| r.dimension != "policy");
        }
        for (kind, weights) in &self.file.weights {
            let kind = Kind::parse(kind);
            for (dim, weight) in weights {
                let mut found = false;
                for list in set.checklists.iter_mut().filter(|c| c.kind == kind) {
                    if let Some(w) = list.weights.get_mut(dim) {
                        *w = *weight;
                        found = true;
                    }
                }
                if !found {
                    return Err(
                        self.error_at(dim, format!("unknown dimension `{dim}` for this kind"))
                    );
                }
            }
        }
        Ok(())
    }
}

/// `pitchlint config`: every setting with where it came from.
pub fn describe(config: &Config, set: &RuleSet) -> String {
    let source = |set_here: bool| match (&config.path, set_here) {
        (Some(p), true) => p.display().to_string(),
        _ => "default".to_string(),
    };
    let f = &config.file;
    let mut out = format!(
        "config file: {}\n",
        config
            .path
            .as_ref()
            .map_or("none found".to_string(), |p| p.display().to_string())
    );
    let line = |name: &str, value: String, here: bool| {
        format!("{name:<10} {value:<24} ({})\n", source(here))
    };
    out += &line(
        "lang",
        f.lang.clone().unwrap_or_else(|| "auto".into()),
        f.lang.is_some(),
    );
    out += &line(
        "min_score",
        f.min_score
            .unwrap_or(crate::settings::DEFAULT_MIN_SCORE)
            .to_string(),
        f.min_score.is_some(),
    );
    out += &line(
        "fail_on",
        f.fail_on.clone().unwrap_or_else(|| "error".into()),
        f.fail_on.is_some(),
    );
    let policy = if f.policy == Some(false) { "off" } else { "on" };
    out += &line("policy", policy.into(), f.policy.is_some());
    let dirs: Vec<String> = config
        .rule_dirs()
        .iter()
        .map(|d| d.display().to_string())
        .collect();
    let dirs = if dirs.is_empty() {
        "built-in only".to_string()
    } else {
        dirs.join(", ")
    };
    out += &line("rule_dirs", dirs, !f.rule_dirs.is_empty());
    out += "rules:\n";
    if f.rules.is_empty() {
        out += "  (all built-in severities)\n";
    }
    for (id, setting) in &f.rules {
        let value = match setting {
            RuleSetting::Off => "off",
            RuleSetting::Severity(s) => s.name(),
        };
        out += &format!("  {id}: {value} ({})\n", source(true));
    }
    out += "weights:\n";
    for list in &set.checklists {
        let kind = list.kind.map_or("all", Kind::name);
        let overridden = f.weights.contains_key(kind);
        let weights: Vec<String> = list
            .weights
            .iter()
            .map(|(d, w)| format!("{d} {w}"))
            .collect();
        out += &format!(
            "  {} ({kind}): {} ({})\n",
            list.name,
            weights.join(", "),
            if overridden {
                source(true)
            } else {
                "built-in".into()
            }
        );
    }
    out += &format!("rules loaded: {}\n", set.rules.len());
    out
}

/// A config file larger than this is not a config file.
const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

/// Reads a config file: a regular file (or a link to one in the same
/// folder) of at most [`MAX_CONFIG_BYTES`]. Its contents never appear in
/// errors.
fn read_config(path: &Path, display: &str) -> Result<String> {
    let fail = |message: String| Error::new(display, message).with_kind(ErrorKind::Config);
    use std::io::Read;
    let real = path
        .canonicalize()
        .map_err(|e| fail(format!("cannot read config: {e}")))?;
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .canonicalize()
        .map_err(|e| fail(format!("cannot read config: {e}")))?;
    if real.parent() != Some(folder.as_path()) {
        return Err(fail(
            "config links out of its folder; name the real file".into(),
        ));
    }
    if !std::fs::metadata(&real).is_ok_and(|m| m.is_file()) {
        return Err(fail("config must be a regular file".into()));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(&real)
        .and_then(|f| f.take(MAX_CONFIG_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| fail(format!("cannot read config: {e}")))?;
    if bytes.len() as u64 > MAX_CONFIG_BYTES {
        return Err(fail(format!(
            "config is over {} MB",
            MAX_CONFIG_BYTES >> 20
        )));
    }
    String::from_utf8(bytes).map_err(|_| fail("config is not UTF-8 text".into()))
}

fn find_upwards(start: &Path) -> Option<PathBuf> {
    let start = start.canonicalize().ok()?;
    start
        .ancestors()
        .map(|d| d.join(FILE_NAME))
        .find(|p| p.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, text: &str) -> PathBuf {
        let path = dir.join(FILE_NAME);
        std::fs::write(&path, text).unwrap();
        path
    }

    #[test]
    fn unknown_key_names_line_and_column() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "lang: ru\nmin_scor: 70\n");
        let err = Config::load(Some(&path), dir.path()).unwrap_err();
        assert_eq!((err.line, err.column), (Some(2), Some(1)), "{err}");
        assert!(err.message.contains("unknown field `min_scor`"), "{err}");
    }

    #[test]
    fn found_in_a_parent_folder() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "min_score: 70\n");
        let nested = dir.path().join("a/b");
        std::fs::create_dir_all(&nested).unwrap();
        let config = Config::load(None, &nested).unwrap();
        assert_eq!(config.file.min_score, Some(70));
    }

    #[test]
    fn weights_out_of_range_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        for bad in ["-5", ".nan", "1e9"] {
            let path = write(
                dir.path(),
                &format!("weights:\n  profile:\n    price: {bad}\n"),
            );
            let err = Config::load(Some(&path), dir.path()).unwrap_err();
            assert!(err.message.contains("from 0 to 1000"), "{bad}: {err}");
            assert_eq!((err.line, err.kind), (Some(3), ErrorKind::Config), "{bad}");
        }
    }

    #[test]
    fn a_config_linking_elsewhere_is_refused_unquoted() {
        let dir = tempfile::tempdir().unwrap();
        let secret = dir.path().join("secret.txt");
        std::fs::write(&secret, "ghp_0123456789").unwrap();
        let project = dir.path().join("project");
        std::fs::create_dir_all(&project).unwrap();
        let link = project.join(FILE_NAME);
        std::os::unix::fs::symlink(&secret, &link).unwrap();
        let err = Config::load(Some(&link), &project).unwrap_err();
        assert!(err.message.contains("links out of its folder"), "{err}");
        // Read where it lives, a secret is still not quoted.
        let err = Config::load(Some(&secret), dir.path()).unwrap_err();
        assert!(!err.to_string().contains("ghp_"), "{err}");
    }

    /// A config read from a file, and the folder that holds it.
    fn loaded(text: &str) -> (tempfile::TempDir, Result<Config>) {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), text);
        let config = Config::load(Some(&path), dir.path());
        (dir, config)
    }

    /// The built-in rules with `text`'s settings applied for `langs`.
    fn applied(text: &str, langs: &[Lang]) -> Result<RuleSet> {
        let (_dir, config) = loaded(text);
        let mut set = RuleSet::builtin().unwrap();
        config?.apply(&mut set, langs)?;
        Ok(set)
    }

    fn severity_of(set: &RuleSet, id: &str) -> Option<Severity> {
        set.rules.iter().find(|r| r.id == id).map(|r| r.severity)
    }

    #[test]
    fn rule_settings_set_severities_and_turn_rules_off() {
        let all = RuleSet::builtin().unwrap();
        let set = applied(
            "rules:\n  ru.profile.vague-phrase: error\n  ru.reply.greeting: false\n  en.reply.greeting: off\n",
            &Lang::ALL,
        )
        .unwrap();
        assert_eq!(set.rules.len(), all.rules.len() - 2);
        assert_eq!(
            severity_of(&set, "ru.profile.vague-phrase"),
            Some(Severity::Error)
        );
        assert_eq!(severity_of(&set, "ru.reply.greeting"), None);
        assert_eq!(severity_of(&set, "en.reply.greeting"), None);
        assert_eq!(
            severity_of(&set, "ru.reply.exclamations"),
            severity_of(&all, "ru.reply.exclamations")
        );
    }

    #[test]
    fn an_unknown_rule_is_an_error_at_its_place_unless_its_language_is_not_loaded() {
        let text = "lang: ru\nrules:\n  en.reply.no-such-rule: off\n";
        assert!(applied(text, &[Lang::Ru]).is_ok());
        let err = applied(text, &Lang::ALL).err().unwrap();
        assert!(
            err.message.contains("unknown rule `en.reply.no-such-rule`"),
            "{err}"
        );
        assert_eq!((err.line, err.column), (Some(3), Some(3)), "{err}");
        assert!(
            err.file.as_deref().is_some_and(|f| f.ends_with(FILE_NAME)),
            "{err}"
        );
    }

    #[test]
    fn policy_off_drops_the_policy_rules_and_weights_replace_the_built_in_ones() {
        let all = RuleSet::builtin().unwrap();
        assert!(all.rules.iter().any(|r| r.dimension == "policy"));
        let set = applied(
            "policy: false\nweights:\n  profile:\n    price: 40\n",
            &Lang::ALL,
        )
        .unwrap();
        assert!(!set.rules.iter().any(|r| r.dimension == "policy"));
        // The core checklists of both languages weigh price; trade add-ons
        // may not.
        let prices: Vec<f64> = set
            .checklists
            .iter()
            .filter(|c| c.kind == Some(Kind::Profile))
            .filter_map(|c| c.weights.get("price").copied())
            .collect();
        assert!(
            prices.len() >= 2 && prices.iter().all(|w| *w == 40.0),
            "{prices:?}"
        );
        let kept = applied("policy: true\n", &Lang::ALL).unwrap();
        assert_eq!(kept.rules.len(), all.rules.len());
        let err = applied("weights:\n  profile:\n    charm: 5\n", &Lang::ALL)
            .err()
            .unwrap();
        assert!(err.message.contains("unknown dimension `charm`"), "{err}");
        assert_eq!(err.line, Some(3), "{err}");
    }

    #[test]
    fn values_at_the_edges_of_what_is_allowed() {
        for good in [
            "min_score: 100\n",
            "min_score: 0\n",
            "lang: auto\n",
            "fail_on: never\n",
        ] {
            assert!(loaded(good).1.is_ok(), "{good}");
        }
        for (bad, said) in [
            ("min_score: 101\n", "min_score must be 0–100"),
            ("lang: de\n", "lang must be ru, en or auto"),
            ("fail_on: loud\n", "fail_on must be error"),
        ] {
            let err = loaded(bad).1.err().unwrap();
            assert!(err.message.contains(said), "{bad}: {err}");
            assert_eq!((err.line, err.column), (Some(1), Some(1)), "{bad}");
        }
    }

    #[test]
    fn a_config_of_exactly_the_size_limit_is_read_and_one_byte_more_is_not() {
        let at_limit = " ".repeat(MAX_CONFIG_BYTES as usize);
        assert!(loaded(&at_limit).1.is_ok());
        let err = loaded(&format!("{at_limit} ")).1.err().unwrap();
        assert!(err.message.contains("config is over 1 MB"), "{err}");
    }

    #[test]
    fn describe_says_where_each_setting_came_from() {
        let (dir, config) = loaded(
            "lang: ru\nrules:\n  ru.reply.greeting: off\nweights:\n  profile:\n    price: 40\n",
        );
        let config = config.unwrap();
        let mut set = RuleSet::builtin().unwrap();
        config.apply(&mut set, &Lang::ALL).unwrap();
        let path = dir.path().join(FILE_NAME).display().to_string();
        let text = describe(&config, &set);
        let line = |name: &str| {
            text.lines()
                .find(|l| l.starts_with(name))
                .unwrap_or_default()
                .to_string()
        };
        assert_eq!(line("config file:"), format!("config file: {path}"));
        assert!(
            line("lang ").contains(" ru ") && line("lang ").ends_with(&format!("({path})")),
            "{text}"
        );
        assert!(line("min_score ").ends_with("(default)"), "{text}");
        assert!(
            line("policy ").contains(" on ") && line("policy ").ends_with("(default)"),
            "{text}"
        );
        assert!(
            line("rule_dirs ").contains("built-in only")
                && line("rule_dirs ").ends_with("(default)"),
            "{text}"
        );
        assert!(
            text.contains(&format!("  ru.reply.greeting: off ({path})")),
            "{text}"
        );
        assert!(
            text.lines().any(|l| l.contains("(profile)")
                && l.contains("price 40")
                && l.ends_with(&format!("({path})"))),
            "{text}"
        );
        assert!(
            text.lines()
                .any(|l| l.contains("(reply)") && l.ends_with("(built-in)")),
            "{text}"
        );
        assert_eq!(
            line("rules loaded:"),
            format!("rules loaded: {}", set.rules.len())
        );
        let (_off, off) = loaded("policy: false\n");
        let off = describe(&off.unwrap(), &set);
        assert!(
            off.lines()
                .any(|l| l.starts_with("policy ") && l.contains(" off ")),
            "{off}"
        );
        let defaults = describe(&Config::default(), &set);
        assert!(
            defaults.starts_with("config file: none found\n"),
            "{defaults}"
        );
        assert!(defaults.contains("(all built-in severities)"), "{defaults}");
    }

    #[test]
    fn bad_rule_setting() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "rules:\n  ru.profile.vague-phrase: loud\n");
        let err = Config::load(Some(&path), dir.path()).unwrap_err();
        assert!(
            err.message.contains("must be off, info, warning or error"),
            "{err}"
        );
        assert_eq!(err.line, Some(2));
    }
}

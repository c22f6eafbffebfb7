//! Settings, resolved once. A front end fills [`Overrides`] from what it
//! was told (flags, API fields); [`Settings::resolve`] lays them over
//! `pitchlint.yaml` and the defaults, in one place. Everything downstream
//! reads the result and never looks at flags or the config file again.

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::conversation::Clock;
use crate::error::{Error, Result};
use crate::input::{self, Context, Kind, Lang};
use crate::types::Severity;

/// A document scoring under this fails a run unless told otherwise
/// (`--min-score 0` or `min_score: 0`): grade E, a clearly weak text, does
/// not pass silently.
pub const DEFAULT_MIN_SCORE: u8 = 40;

/// What a front end was told. `None` means "not said": the config file or
/// the default decides.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// A config file to use instead of the nearest `pitchlint.yaml`.
    pub config: Option<PathBuf>,
    /// Do not look for `pitchlint.yaml` at all.
    pub no_config: bool,
    /// Rule folders laid over the built-in rules after the config's own.
    pub rule_dirs: Vec<PathBuf>,
    pub lang: Option<Lang>,
    /// `Some(None)`: never fail on findings.
    pub fail_on: Option<Option<Severity>>,
    pub min_score: Option<u8>,
    /// The date freshness is measured against.
    pub today: Option<jiff::civil::Date>,
    /// Time zone name for conversation times without an offset.
    pub tz: Option<String>,
    /// Business hours, `HH:MM-HH:MM`.
    pub business_hours: Option<String>,
    /// What every document is about, instead of detecting it.
    pub subject: input::Subject,
}

/// The resolved settings every command and front end runs with.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct Settings {
    /// The config file, as loaded (defaults when there is none).
    pub config: Config,
    /// Rule folders in the order they are laid over the built-in rules.
    pub rule_dirs: Vec<PathBuf>,
    /// The language of every document, or `None` to detect it.
    pub lang: Option<Lang>,
    /// Findings at or above this fail a run; `None`: never.
    pub fail_on: Option<Severity>,
    /// Documents scoring below this fail a run.
    pub min_score: Option<u8>,
    pub today: Option<jiff::civil::Date>,
    pub clock: Clock,
    /// Trades and market stated for every document (`--trade`, `--market`).
    pub subject: input::Subject,
}

impl Settings {
    /// Built-in rules and defaults, no config file.
    pub fn builtin() -> Settings {
        Settings {
            fail_on: Some(Severity::Error),
            ..Settings::default()
        }
    }

    /// Lays `overrides` over the config file (found from `cwd` upwards
    /// unless given) and the defaults.
    pub fn resolve(overrides: Overrides, cwd: &Path) -> Result<Settings> {
        let config = if overrides.no_config {
            Config::default()
        } else {
            Config::load(overrides.config.as_deref(), cwd)?
        };
        let mut rule_dirs = config.rule_dirs();
        rule_dirs.extend(overrides.rule_dirs);
        let clock = clock(overrides.tz.as_deref(), overrides.business_hours.as_deref())?;
        Ok(Settings {
            lang: overrides.lang.or(config.lang()),
            fail_on: overrides
                .fail_on
                .or(config.fail_on())
                .unwrap_or(Some(Severity::Error)),
            min_score: overrides
                .min_score
                .or(config.file.min_score)
                .or(Some(DEFAULT_MIN_SCORE)),
            today: overrides.today,
            subject: overrides.subject,
            rule_dirs,
            config,
            clock,
        })
    }

    /// Input options for one document of `kind` (or detected) with an
    /// optional context.
    pub fn input_options(&self, kind: Option<Kind>, context: Option<Context>) -> input::Options {
        input::Options {
            kind,
            lang: self.lang,
            context,
            today: self.today,
            clock: self.clock.clone(),
            subject: self.subject.clone(),
        }
    }
}

fn clock(tz: Option<&str>, hours: Option<&str>) -> Result<Clock> {
    let zone = match tz {
        Some(name) => jiff::tz::TimeZone::get(name).map_err(|_| {
            Error::usage(format!(
                "--tz: unknown time zone `{name}` (e.g. Europe/Moscow)"
            ))
        })?,
        None => jiff::tz::TimeZone::UTC,
    };
    let business_hours = match hours {
        Some(text) => Some(parse_hours(text).ok_or_else(|| {
            Error::usage(format!(
                "--business-hours: expected HH:MM-HH:MM, got `{text}`"
            ))
        })?),
        None => None,
    };
    Ok(Clock {
        zone,
        business_hours,
    })
}

/// `9:00-20:00` → (09:00, 20:00).
fn parse_hours(text: &str) -> Option<(jiff::civil::Time, jiff::civil::Time)> {
    let (open, close) = text.split_once(['-', '–', '—'])?;
    let time = |t: &str| -> Option<jiff::civil::Time> {
        let (h, m) = t.trim().split_once(':').unwrap_or((t.trim(), "0"));
        jiff::civil::Time::new(h.parse().ok()?, m.parse().ok()?, 0, 0).ok()
    };
    let (open, close) = (time(open)?, time(close)?);
    (open < close).then_some((open, close))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir_with_config(text: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(crate::config::FILE_NAME), text).unwrap();
        dir
    }

    #[test]
    fn flags_win_over_the_config_file() {
        let dir = dir_with_config("lang: ru\nmin_score: 60\nfail_on: warning\n");
        let s = Settings::resolve(Overrides::default(), dir.path()).unwrap();
        assert_eq!(
            (s.lang, s.min_score, s.fail_on),
            (Some(Lang::Ru), Some(60), Some(Severity::Warning))
        );
        let flags = Overrides {
            lang: Some(Lang::En),
            min_score: Some(80),
            fail_on: Some(None),
            ..Overrides::default()
        };
        let s = Settings::resolve(flags, dir.path()).unwrap();
        assert_eq!(
            (s.lang, s.min_score, s.fail_on),
            (Some(Lang::En), Some(80), None)
        );
    }

    #[test]
    fn rule_folders_of_the_config_come_first() {
        let dir = dir_with_config("rule_dirs: [team]\n");
        let flags = Overrides {
            rule_dirs: vec!["mine".into()],
            ..Overrides::default()
        };
        let s = Settings::resolve(flags, dir.path()).unwrap();
        let names: Vec<_> = s
            .rule_dirs
            .iter()
            .map(|d| d.file_name().unwrap().to_owned())
            .collect();
        assert_eq!(names, ["team", "mine"]);
    }

    #[test]
    fn bad_hours_are_a_usage_error() {
        let flags = Overrides {
            business_hours: Some("late".into()),
            no_config: true,
            ..Overrides::default()
        };
        let err = Settings::resolve(flags, Path::new(".")).unwrap_err();
        assert_eq!(err.kind, crate::error::ErrorKind::Usage);
        assert!(parse_hours("9:00-20:00").is_some() && parse_hours("20:00-9:00").is_none());
    }
}

//! Command line: parse arguments, run, print, choose the exit code.
//! Exit codes: 0 passed, 1 findings at or above `--fail-on` or a score under
//! `--min-score`, 2 usage, configuration or input error.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use std::io::{BufRead, BufReader, BufWriter};
use std::time::Instant;

use rayon::prelude::*;

use crate::config::Config;
use crate::conversation::Clock;
use crate::emit::{github, json, pretty, sarif};
use crate::error::Error;
use crate::input::{self, Context, ContextKind, Kind, Lang};
use crate::report::DocReport;
use crate::rules::{RuleSet, Severity};

pub const EXIT_OK: i32 = 0;
pub const EXIT_FINDINGS: i32 = 1;
pub const EXIT_ERROR: i32 = 2;

#[derive(Parser, Debug)]
#[command(
    name = "pitchlint",
    version,
    about = "Lints contractors' marketplace profiles and replies: findings, advice and 0–100 scores."
)]
pub struct Cli {
    /// When to colour the output.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check documents (files, or - for standard input).
    Check(CheckArgs),
    /// List the rules: id, kind, language, dimension, severity, title.
    Rules(RulesArgs),
    /// Explain a rule: why it matters, with bad and good examples.
    Explain(ExplainArgs),
    /// Score JSON Lines records ({"id","kind","text","task"?,"review"?,"lang"?}) into JSON Lines.
    Batch(BatchArgs),
    /// Print the resolved configuration and where each value came from.
    Config(ConfigArgs),
    /// Serve the web page and the HTTP API (POST /api/v1/check, …).
    Serve(ServeArgs),
}

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, value_name = "HOST:PORT", default_value = "127.0.0.1:8080")]
    pub addr: std::net::SocketAddr,
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    #[arg(long = "rules", value_name = "DIR")]
    pub rule_dirs: Vec<PathBuf>,
}

#[derive(Args, Debug)]
pub struct BatchArgs {
    /// JSON Lines file; `-` reads standard input.
    #[arg(value_name = "FILE", default_value = "-")]
    pub input: String,
    /// Worker threads (default: all cores).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    #[arg(long = "rules", value_name = "DIR")]
    pub rule_dirs: Vec<PathBuf>,
}

#[derive(Args, Debug)]
pub struct ConfigArgs {
    /// Config file (default: pitchlint.yaml here or in a parent folder).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Files to check; `-` reads standard input.
    #[arg(value_name = "PATH", default_value = "-")]
    pub paths: Vec<String>,
    /// Document kind (default: front matter, then file extension).
    #[arg(long, value_enum)]
    pub kind: Option<KindArg>,
    /// Document language (default: config, front matter, then detection).
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
    /// The client's job post that a reply answers (implies --kind reply).
    #[arg(long, value_name = "FILE", conflicts_with = "review")]
    pub task: Option<String>,
    /// The client's review that an answer responds to (implies --kind review-reply).
    #[arg(long, value_name = "FILE")]
    pub review: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Pretty)]
    pub format: Format,
    /// The date profile freshness is measured against (default: today).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<jiff::civil::Date>,
    /// Time zone for conversation times without an offset (default: UTC).
    #[arg(long, value_name = "ZONE")]
    pub tz: Option<String>,
    /// Count response times only within these hours, e.g. 9:00-20:00.
    #[arg(long, value_name = "HH:MM-HH:MM")]
    pub business_hours: Option<String>,
    /// Fail (exit 1) when a document scores below this.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(0..=100))]
    pub min_score: Option<u8>,
    /// Fail (exit 1) on findings of this severity or higher [default: error].
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
    /// Config file (default: pitchlint.yaml here or in a parent folder).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Extra rule folder laid over the built-in rules (repeatable).
    #[arg(long = "rules", value_name = "DIR")]
    pub rule_dirs: Vec<PathBuf>,
}

#[derive(Args, Debug)]
pub struct RulesArgs {
    /// Only rules for this kind.
    #[arg(long, value_enum)]
    pub kind: Option<KindArg>,
    /// Only rules in this language.
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
    #[arg(long = "rules", value_name = "DIR")]
    pub rule_dirs: Vec<PathBuf>,
    /// Check that every rule's bad examples trigger it and good ones do not.
    #[arg(long)]
    pub verify: bool,
}

#[derive(Args, Debug)]
pub struct ExplainArgs {
    /// Rule id, e.g. ru.profile.vague-phrase.
    pub id: String,
    #[arg(long = "rules", value_name = "DIR")]
    pub rule_dirs: Vec<PathBuf>,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Pretty,
    Json,
    Jsonl,
    Sarif,
    Github,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

impl FailOn {
    fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::Never => None,
        }
    }
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum KindArg {
    Profile,
    Reply,
    ReviewReply,
    Portfolio,
    Conversation,
}

impl KindArg {
    pub fn kind(self) -> Kind {
        match self {
            KindArg::Profile => Kind::Profile,
            KindArg::Reply => Kind::Reply,
            KindArg::ReviewReply => Kind::ReviewReply,
            KindArg::Portfolio => Kind::Portfolio,
            KindArg::Conversation => Kind::Conversation,
        }
    }
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum LangArg {
    Ru,
    En,
    Auto,
}

impl LangArg {
    pub fn lang(self) -> Option<Lang> {
        match self {
            LangArg::Ru => Some(Lang::Ru),
            LangArg::En => Some(Lang::En),
            LangArg::Auto => None,
        }
    }
}

/// Runs the command line and returns the process exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_ERROR } else { EXIT_OK };
            let _ = e.print();
            return code;
        }
    };
    let color = use_color(cli.color);
    colored::control::set_override(color);
    match run(cli.command, color) {
        Ok(code) => code,
        Err(e) => {
            report_error(&e);
            EXIT_ERROR
        }
    }
}

fn report_error(e: &Error) {
    eprintln!("pitchlint: error: {e}");
}

fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    }
}

fn run(command: Command, color: bool) -> Result<i32, Error> {
    match command {
        Command::Check(args) => run_check(args, color),
        Command::Batch(args) => run_batch(args),
        Command::Serve(args) => {
            let set = all_rules(args.config.as_deref(), &args.rule_dirs)?;
            crate::serve::run(args.addr, set)?;
            Ok(EXIT_OK)
        }
        Command::Config(args) => run_config(args),
        Command::Rules(args) => {
            let set = crate::rules::load(&args.rule_dirs)?;
            if args.verify {
                let failures = crate::verify_examples(&set);
                for failure in &failures {
                    eprintln!("{failure}");
                }
                eprintln!(
                    "{} rules, {} example failures",
                    set.rules.len(),
                    failures.len()
                );
                return Ok(if failures.is_empty() {
                    EXIT_OK
                } else {
                    EXIT_FINDINGS
                });
            }
            let listing = list_rules(
                &set,
                args.kind.map(KindArg::kind),
                args.lang.and_then(LangArg::lang),
            );
            print(&listing);
            Ok(EXIT_OK)
        }
        Command::Explain(args) => {
            let set = crate::rules::load(&args.rule_dirs)?;
            let rule = set.rule(&args.id).ok_or_else(|| {
                Error::new(&args.id, "no such rule; `pitchlint rules` lists them")
            })?;
            print(&explain(rule));
            Ok(EXIT_OK)
        }
    }
}

fn print(text: &str) {
    let mut out = std::io::stdout().lock();
    // A closed pipe (`| head`) is not an error worth a panic.
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}

fn clock(args: &CheckArgs) -> Result<Clock, Error> {
    let zone = match &args.tz {
        Some(name) => jiff::tz::TimeZone::get(name).map_err(|_| {
            Error::new(
                "--tz",
                format!("unknown time zone `{name}` (e.g. Europe/Moscow)"),
            )
        })?,
        None => jiff::tz::TimeZone::UTC,
    };
    let business_hours = match &args.business_hours {
        Some(text) => Some(parse_hours(text).ok_or_else(|| {
            Error::new(
                "--business-hours",
                format!("expected HH:MM-HH:MM, got `{text}`"),
            )
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

/// Settings after the config file and command-line flags are merged.
struct Settings {
    config: Config,
    dirs: Vec<PathBuf>,
    lang: Option<Lang>,
    fail_on: Option<Severity>,
    min_score: Option<u8>,
}

impl Settings {
    /// The rules for the given languages, with the config applied.
    fn rules(&self, langs: &[Lang]) -> Result<RuleSet, Error> {
        let mut set = crate::rules::load_for(&self.dirs, langs)?;
        self.config.apply(&mut set, langs)?;
        Ok(set)
    }
}

fn settings(args: &CheckArgs) -> Result<Settings, Error> {
    let cwd = std::env::current_dir().unwrap_or_default();
    let config = Config::load(args.config.as_deref(), &cwd)?;
    let mut dirs = config.rule_dirs();
    dirs.extend(args.rule_dirs.iter().cloned());
    Ok(Settings {
        lang: args.lang.and_then(LangArg::lang).or(config.lang()),
        fail_on: match args.fail_on {
            Some(f) => f.threshold(),
            None => config.fail_on().unwrap_or(Some(Severity::Error)),
        },
        min_score: args.min_score.or(config.file.min_score),
        config,
        dirs,
    })
}

fn run_check(args: CheckArgs, color: bool) -> Result<i32, Error> {
    let settings = settings(&args)?;
    let context = match (&args.task, &args.review) {
        (Some(task), _) => Some(Context::read(ContextKind::Task, task)?),
        (_, Some(review)) => Some(Context::read(ContextKind::Review, review)?),
        _ => None,
    };
    let options = input::Options {
        kind: args.kind.map(KindArg::kind),
        lang: settings.lang,
        context,
        today: args.today,
        clock: clock(&args)?,
    };
    let (files, mut errors) = crate::walk::expand(&args.paths);
    // Read first: only the languages present need their rules compiled,
    // which halves start-up for the usual one-language run.
    let docs: Vec<Result<input::Document, Error>> = files
        .par_iter()
        .map(|path| {
            let mut doc = input::read(path, &options)?;
            if let Some(portfolio) = &mut doc.portfolio {
                portfolio.measure(&crate::portfolio::FolderSource::for_manifest(path));
            }
            Ok(doc)
        })
        .collect();
    let mut langs: Vec<Lang> = docs
        .iter()
        .filter_map(|d| d.as_ref().ok().map(|d| d.lang))
        .collect();
    langs.sort();
    langs.dedup();
    let set = &settings.rules(&langs)?;
    let results: Vec<Result<DocReport, Error>> = docs
        .into_par_iter()
        .map(|doc| doc.and_then(|doc| crate::check(set, doc)))
        .collect();
    let mut reports = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(report) => reports.push(report),
            Err(e) => errors.push(e),
        }
    }
    for e in &errors {
        report_error(e);
    }
    print(&render(&reports, args.format, set, color));
    if !errors.is_empty() {
        return Ok(EXIT_ERROR);
    }
    Ok(exit_code(&reports, settings.fail_on, settings.min_score))
}

fn render(reports: &[DocReport], format: Format, set: &RuleSet, color: bool) -> String {
    match format {
        Format::Pretty => {
            let rendered: Vec<String> = reports.iter().map(|r| pretty::render(r, color)).collect();
            rendered.join("\n")
        }
        Format::Json => json::report(reports),
        Format::Jsonl => reports
            .iter()
            .map(|r| json::document_line(r) + "\n")
            .collect(),
        Format::Sarif => sarif::report(reports, set),
        Format::Github => github::report(reports),
    }
}

/// Every language's rules with the config and extra folders applied.
fn all_rules(config: Option<&std::path::Path>, extra: &[PathBuf]) -> Result<RuleSet, Error> {
    let cwd = std::env::current_dir().unwrap_or_default();
    let config = Config::load(config, &cwd)?;
    let mut dirs = config.rule_dirs();
    dirs.extend(extra.iter().cloned());
    let mut set = crate::rules::load(&dirs)?;
    config.apply(&mut set, &Lang::ALL)?;
    Ok(set)
}

fn run_batch(args: BatchArgs) -> Result<i32, Error> {
    let set = all_rules(args.config.as_deref(), &args.rule_dirs)?;
    let threads = args.threads.unwrap_or(0);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| Error::new("--threads", e.to_string()))?;
    if args.threads == Some(0) {
        return Err(Error::new("--threads", "must be at least 1"));
    }
    let started = Instant::now();
    let (mut reader, size): (Box<dyn BufRead + Send>, Option<u64>) = if args.input == "-" {
        (
            Box::new(BufReader::with_capacity(1 << 20, std::io::stdin())),
            None,
        )
    } else {
        let file = std::fs::File::open(&args.input)
            .map_err(|e| Error::new(&args.input, format!("cannot open: {e}")))?;
        let size = file.metadata().ok().map(|m| m.len());
        (Box::new(BufReader::with_capacity(1 << 20, file)), size)
    };
    let bar = progress_bar(size);
    let mut writer = BufWriter::with_capacity(1 << 20, std::io::stdout());
    let result = crate::batch::run(&set, &pool, &mut reader, &mut writer, |records, bytes| {
        if let Some(bar) = &bar {
            match size {
                Some(_) => {
                    bar.set_position(bytes);
                    bar.set_message(format!("{records} records"));
                }
                None => bar.set_position(records as u64),
            }
        }
    });
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let totals = match result {
        Ok(totals) => totals,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(EXIT_OK),
        Err(e) => return Err(Error::new(&args.input, format!("batch stopped: {e}"))),
    };
    eprintln!("{}", crate::batch::summary(&totals, started));
    if totals.errors > 0 {
        eprintln!("pitchlint batch: {} records failed", totals.errors);
        return Ok(EXIT_FINDINGS);
    }
    Ok(EXIT_OK)
}

/// A progress bar on stderr, only when a person is watching it.
fn progress_bar(size: Option<u64>) -> Option<indicatif::ProgressBar> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let (bar, template) = match size {
        Some(len) => (
            indicatif::ProgressBar::new(len),
            "{wide_bar} {percent}% {msg} · {binary_bytes_per_sec} · ETA {eta}",
        ),
        None => (
            indicatif::ProgressBar::new_spinner(),
            "{spinner} {pos} records · {per_sec} · {elapsed}",
        ),
    };
    bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
    if let Ok(style) = indicatif::ProgressStyle::with_template(template) {
        bar.set_style(style);
    }
    Some(bar)
}

fn run_config(args: ConfigArgs) -> Result<i32, Error> {
    let cwd = std::env::current_dir().unwrap_or_default();
    let config = Config::load(args.config.as_deref(), &cwd)?;
    let mut set = crate::rules::load(&config.rule_dirs())?;
    config.apply(&mut set, &Lang::ALL)?;
    print(&crate::config::describe(&config, &set));
    Ok(EXIT_OK)
}

/// 1 when any document has a finding at or above the threshold or scores
/// under the minimum; 0 otherwise.
pub fn exit_code(reports: &[DocReport], fail_on: Option<Severity>, min_score: Option<u8>) -> i32 {
    let severe = fail_on.is_some_and(|t| reports.iter().any(|r| r.worst().is_some_and(|w| w >= t)));
    let low = min_score.is_some_and(|min| {
        reports
            .iter()
            .any(|r| r.scores.overall.is_some_and(|s| s < min))
    });
    if severe || low {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

pub fn list_rules(set: &RuleSet, kind: Option<Kind>, lang: Option<Lang>) -> String {
    let rules: Vec<_> = set
        .rules
        .iter()
        .filter(|r| kind.is_none_or(|k| r.applies_to(k)) && lang.is_none_or(|l| r.lang == l))
        .collect();
    let id_width = rules.iter().map(|r| r.id.len()).max().unwrap_or(0);
    let dim_width = rules.iter().map(|r| r.dimension.len()).max().unwrap_or(0);
    let mut out = String::new();
    for r in rules {
        out.push_str(&format!(
            "{:<id_width$}  {:<12}  {}  {:<dim_width$}  {:<7}  {}\n",
            r.id,
            r.kind_name(),
            r.lang.code(),
            r.dimension,
            r.severity.name(),
            r.title
        ));
    }
    out
}

/// Example lines longer than this are cut: a 400-word example makes its
/// point in its first lines.
const EXAMPLE_WIDTH: usize = 240;

fn shorten(line: &str, width: usize) -> String {
    match line.char_indices().nth(width) {
        Some((i, _)) => format!("{}…", &line[..i]),
        None => line.to_string(),
    }
}

pub fn explain(rule: &crate::rules::Rule) -> String {
    let ru = rule.lang == Lang::Ru;
    let (bad, good, fix, mistake) = if ru {
        ("Плохо", "Хорошо", "Как исправить", "ошибка №")
    } else {
        ("Bad", "Good", "How to fix", "mistake #")
    };
    let mut out = format!("{}  —  {}\n", rule.id, rule.title);
    out.push_str(&format!(
        "{} · {} · {} · {} · {}{} · check: {}\n\n",
        rule.kind_name(),
        rule.lang.code(),
        rule.dimension,
        rule.severity.name(),
        mistake,
        rule.mistake,
        rule.check_name()
    ));
    out.push_str(rule.explain.trim());
    out.push_str(&format!("\n\n{fix}: {}\n", rule.suggestion.trim()));
    for (title, examples) in [(bad, &rule.examples.bad), (good, &rule.examples.good)] {
        if examples.is_empty() {
            continue;
        }
        out.push_str(&format!("\n{title}:\n"));
        for example in examples {
            for (i, line) in example.trim_end().lines().enumerate() {
                let marker = if i == 0 { "  • " } else { "    " };
                out.push_str(&format!("{marker}{}\n", shorten(line, EXAMPLE_WIDTH)));
            }
        }
    }
    out
}

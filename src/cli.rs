//! Command line: parse arguments, run, print, choose the exit code.
//! Exit codes: 0 passed, 1 findings at or above `--fail-on` or a score under
//! `--min-score`, 2 usage, configuration or input error.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::emit::{json, pretty};
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
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Files to check; `-` reads standard input.
    #[arg(value_name = "PATH", default_value = "-")]
    pub paths: Vec<String>,
    /// Document kind (default: front matter, then file extension).
    #[arg(long, value_enum)]
    pub kind: Option<KindArg>,
    /// Document language.
    #[arg(long, value_enum, default_value_t = LangArg::Auto)]
    pub lang: LangArg,
    /// The client's job post that a reply answers (implies --kind reply).
    #[arg(long, value_name = "FILE", conflicts_with = "review")]
    pub task: Option<String>,
    /// The client's review that an answer responds to (implies --kind review-reply).
    #[arg(long, value_name = "FILE")]
    pub review: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Pretty)]
    pub format: Format,
    /// Fail (exit 1) when a document scores below this.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(0..=100))]
    pub min_score: Option<u8>,
    /// Fail (exit 1) on findings of this severity or higher.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
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

fn run_check(args: CheckArgs, color: bool) -> Result<i32, Error> {
    let set = crate::rules::load(&args.rule_dirs)?;
    let context = match (&args.task, &args.review) {
        (Some(task), _) => Some(Context::read(ContextKind::Task, task)?),
        (_, Some(review)) => Some(Context::read(ContextKind::Review, review)?),
        _ => None,
    };
    let options = input::Options {
        kind: args.kind.map(KindArg::kind),
        lang: args.lang.lang(),
        context,
    };
    let mut reports = Vec::new();
    let mut input_errors = 0;
    for path in &args.paths {
        match input::read(path, &options).and_then(|doc| crate::check(&set, doc)) {
            Ok(report) => reports.push(report),
            Err(e) => {
                report_error(&e);
                input_errors += 1;
            }
        }
    }
    match args.format {
        Format::Pretty => {
            let rendered: Vec<String> = reports.iter().map(|r| pretty::render(r, color)).collect();
            print(&rendered.join("\n"));
        }
        Format::Json => print(&json::report(&reports)),
        Format::Jsonl => {
            let mut out = String::new();
            for r in &reports {
                out.push_str(&json::document_line(r));
                out.push('\n');
            }
            print(&out);
        }
    }
    if input_errors > 0 {
        return Ok(EXIT_ERROR);
    }
    Ok(exit_code(&reports, args.fail_on, args.min_score))
}

/// 1 when any document has a finding at or above the threshold or scores
/// under the minimum; 0 otherwise.
pub fn exit_code(reports: &[DocReport], fail_on: FailOn, min_score: Option<u8>) -> i32 {
    let severe = fail_on
        .threshold()
        .is_some_and(|t| reports.iter().any(|r| r.worst().is_some_and(|w| w >= t)));
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

pub fn explain(rule: &crate::rules::Rule) -> String {
    let ru = rule.lang == Lang::Ru;
    let (bad, good, fix, mistake) = if ru {
        ("Плохо", "Хорошо", "Как исправить", "ошибка")
    } else {
        ("Bad", "Good", "How to fix", "mistake")
    };
    let mut out = format!("{}  —  {}\n", rule.id, rule.title);
    out.push_str(&format!(
        "{} · {} · {} · {} · {} {} · check: {}\n\n",
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
                out.push_str(&format!("{marker}{line}\n"));
            }
        }
    }
    out
}

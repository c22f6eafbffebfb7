//! Command line: parse arguments, run, print, choose the exit code.
//! Exit codes: 0 passed, 1 findings at or above `--fail-on` or a score under
//! `--min-score`, 2 usage, configuration or input error.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

mod setup;

use std::io::{BufRead, BufReader, BufWriter};
use std::time::Instant;

use rayon::prelude::*;

use crate::Engine;
use crate::emit::stream::Format;
use crate::error::{Error, ErrorKind};
use crate::input::{Context, ContextKind, Kind, Lang};
use crate::report::DocReport;
use crate::rules::RuleSet;
use crate::settings::{Overrides, Settings};
use crate::types::Severity;

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
    /// Score JSON Lines records ({"id","kind","text","task"?,"review"?,"rating"?,"lang"?}) into JSON Lines.
    Batch(BatchArgs),
    /// Print the resolved configuration and where each value came from.
    Config(ConfigArgs),
    /// Measure agreement with labelled texts (JSON Lines with quality, gaps, ok).
    Eval(EvalArgs),
    /// Learn the weights of a `cues` rule from labelled texts (the YAML to
    /// paste under the rule on standard output, the out-of-fold table on
    /// standard error).
    Learn(LearnArgs),
    /// Write the run in brief as one HTML page, from `batch` results (JSON Lines).
    Report(ReportArgs),
    /// Serve the web page and the HTTP API (POST /api/v1/check, …).
    #[cfg(feature = "server")]
    Serve(ServeArgs),
    /// Rebuild a profile from its own sentences, section by section, with
    /// placeholders for what is missing (Markdown on standard output).
    Draft(DraftArgs),
    /// Write a commented pitchlint.yaml with every setting at its default.
    Init(InitArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions(CompletionsArgs),
    /// Print the man page (roff), e.g. `pitchlint man > pitchlint.1`.
    Man,
    /// Write the built-in sample photos that portfolio manifests name
    /// (sharp-1.jpg, blurry-2.jpg, …) next to them, where missing.
    Samples(SamplesArgs),
}

#[derive(Args, Debug)]
pub struct SamplesArgs {
    /// Portfolio manifests, e.g. corpus/portfolio/ru/*.yaml.
    #[arg(value_name = "MANIFEST", required = true)]
    pub manifests: Vec<String>,
}

/// The job post or review a reply or an answer responds to.
#[derive(Args, Debug)]
pub struct ContextArgs {
    /// The client's job post that a reply answers (implies --kind reply).
    #[arg(long, value_name = "FILE", conflicts_with = "review")]
    pub task: Option<String>,
    /// The client's review that an answer responds to (implies --kind review-reply).
    #[arg(long, value_name = "FILE")]
    pub review: Option<String>,
    /// The review's star rating: 1–3 make it a complaint, 5 praise, 4 leaves it to the text.
    #[arg(long, value_name = "STARS", requires = "review", value_parser = clap::value_parser!(u8).range(1..=5))]
    pub rating: Option<u8>,
}

impl ContextArgs {
    /// The job post or the review named on the command line, if any.
    fn read(&self) -> Result<Option<Context>, Error> {
        Ok(match (&self.task, &self.review) {
            (Some(task), _) => Some(Context::read(ContextKind::Task, task)?),
            (_, Some(review)) => Some(Context {
                rating: self.rating,
                ..Context::read(ContextKind::Review, review)?
            }),
            _ => None,
        })
    }
}

#[derive(Args, Debug)]
pub struct DraftArgs {
    /// The profile, reply or answer to a review (Markdown or text); `-`
    /// reads standard input.
    #[arg(value_name = "FILE")]
    pub path: String,
    /// Its language (default: config, front matter, then detection).
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
    #[command(flatten)]
    pub context: ContextArgs,
    #[command(flatten)]
    pub setup: SetupArgs,
}

#[derive(Args, Debug)]
pub struct InitArgs {
    /// Where to write it.
    #[arg(value_name = "FILE", default_value = "pitchlint.yaml")]
    pub path: PathBuf,
    /// Overwrite an existing file.
    #[arg(long)]
    pub force: bool,
}

#[derive(Args, Debug)]
pub struct CompletionsArgs {
    /// The shell, e.g. `pitchlint completions bash > /etc/bash_completion.d/pitchlint`.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, value_name = "HOST:PORT", default_value = "127.0.0.1:8080")]
    pub addr: std::net::SocketAddr,
    /// Let pages on this origin call the API from a browser
    /// (`https://platform.example`, or `*`); repeatable.
    #[arg(long = "cors-origin", value_name = "ORIGIN")]
    pub cors_origins: Vec<String>,
    #[command(flatten)]
    pub setup: SetupArgs,
}

/// Where rules and settings come from; every command takes these.
#[derive(Args, Debug, Clone, Default)]
pub struct SetupArgs {
    /// Config file (default: pitchlint.yaml here or in a parent folder).
    #[arg(long, value_name = "FILE", global = true)]
    pub config: Option<PathBuf>,
    /// Ignore pitchlint.yaml files.
    #[arg(long, global = true)]
    pub no_config: bool,
    /// Extra rule folder laid over the built-in rules (repeatable).
    #[arg(long = "rules", value_name = "DIR", global = true)]
    pub rule_dirs: Vec<PathBuf>,
}

impl SetupArgs {
    fn overrides(&self) -> Overrides {
        Overrides {
            config: self.config.clone(),
            no_config: self.no_config,
            rule_dirs: self.rule_dirs.clone(),
            ..Overrides::default()
        }
    }
}

#[derive(Args, Debug)]
pub struct BatchArgs {
    /// JSON Lines file; `-` reads standard input.
    #[arg(value_name = "FILE", default_value = "-")]
    pub input: String,
    /// Worker threads (default: all cores).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Language of records that name none (default: config, then detection).
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
    /// What each record becomes: the full document object, a compact line
    /// of scores and top fixes, or a CSV row with a column per dimension.
    #[arg(long, value_enum, default_value_t = BatchFormat::Jsonl)]
    pub format: BatchFormat,
    /// Also write the run in brief to this HTML file: score spreads, grade
    /// shares, the most common findings and the weakest records.
    #[arg(long, value_name = "FILE")]
    pub report: Option<String>,
    #[command(flatten)]
    pub setup: SetupArgs,
}

#[derive(Args, Debug)]
pub struct ReportArgs {
    /// Results of `pitchlint batch` (JSON Lines, either layout); `-` reads
    /// standard input.
    #[arg(value_name = "FILE", default_value = "-")]
    pub input: String,
    /// The HTML file to write.
    #[arg(short, long, value_name = "FILE", default_value = "report.html")]
    pub output: String,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum BatchFormat {
    Jsonl,
    Scores,
    Csv,
}

impl BatchFormat {
    fn layout(self) -> crate::batch::Layout {
        match self {
            BatchFormat::Jsonl => crate::batch::Layout::Full,
            BatchFormat::Scores => crate::batch::Layout::Scores,
            BatchFormat::Csv => crate::batch::Layout::Csv,
        }
    }
}

#[derive(Args, Debug)]
pub struct EvalArgs {
    /// Labelled set, JSON Lines.
    #[arg(value_name = "FILE")]
    pub input: String,
    /// Which half of the set: the one rules are tuned on, the held-out one, or all.
    #[arg(long, value_enum, default_value_t = HalfArg::All)]
    pub half: HalfArg,
    /// Output format.
    #[arg(long, value_enum, default_value_t = EvalFormat::Pretty)]
    pub format: EvalFormat,
    /// Fail (exit 1) when a kind's balanced accuracy is under this.
    #[arg(long, value_name = "X")]
    pub min_bacc: Option<f64>,
    /// Fail (exit 1) when a kind's ranking accuracy is under this.
    #[arg(long, value_name = "X")]
    pub min_rank: Option<f64>,
    /// Fail (exit 1) when any one dimension's balanced accuracy is under this.
    #[arg(long, value_name = "X")]
    pub min_dim: Option<f64>,
    /// Fail (exit 1) when a trade group with at least --min-group-size
    /// cases has a balanced accuracy below this.
    #[arg(long, value_name = "X")]
    pub min_group_bacc: Option<f64>,
    /// Trade groups smaller than this are reported but not held to
    /// --min-group-bacc.
    #[arg(long, value_name = "N", default_value_t = 8)]
    pub min_group_size: usize,
    #[command(flatten)]
    pub setup: SetupArgs,
}

#[derive(Args, Debug)]
pub struct LearnArgs {
    /// Labelled sets, JSON Lines (the format of `eval`).
    #[arg(value_name = "FILE", required = true)]
    pub inputs: Vec<String>,
    /// The dimension whose gaps the rule is to flag.
    #[arg(long)]
    pub dimension: String,
    /// Only texts of this kind (reply, review-reply, profile…).
    #[arg(long)]
    pub kind: Option<String>,
    /// The language of the rule; texts in the other one are left out.
    #[arg(long)]
    pub lang: String,
    /// Which half of each set to learn from.
    #[arg(long, value_enum, default_value_t = HalfArg::All)]
    pub half: HalfArg,
    /// Smaller keeps weights smaller and fewer (the inverse strength of
    /// their pull towards zero).
    #[arg(long, default_value_t = 1.0)]
    pub strength: f64,
    /// A fixed threshold (0.5–0.99) instead of the one cross-validation picks.
    #[arg(long)]
    pub threshold: Option<f64>,
    /// Cues kept, the heaviest first.
    #[arg(long, default_value_t = 600)]
    pub max_cues: usize,
    #[command(flatten)]
    pub setup: SetupArgs,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum HalfArg {
    Tune,
    Holdout,
    All,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum EvalFormat {
    Pretty,
    Json,
}

#[derive(Args, Debug)]
pub struct ConfigArgs {
    #[command(flatten)]
    pub setup: SetupArgs,
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
    #[command(flatten)]
    pub context: ContextArgs,
    /// The trade(s) the documents are about, instead of detecting them,
    /// e.g. `electrics` or `kitchens_furniture,stone_countertops`.
    #[arg(long, value_name = "ID[,ID]")]
    pub trade: Option<String>,
    /// The market (ru, uk, us) instead of detecting it.
    #[arg(long, value_name = "ID")]
    pub market: Option<String>,
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
    /// Fail (exit 1) when a document scores below this [default: 40, grade E;
    /// 0 never fails on scores].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(0..=100))]
    pub min_score: Option<u8>,
    /// Fail (exit 1) on findings of this severity or higher [default: error].
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
    #[command(flatten)]
    pub setup: SetupArgs,
}

#[derive(Args, Debug)]
pub struct RulesArgs {
    /// Only rules for this kind.
    #[arg(long, value_enum)]
    pub kind: Option<KindArg>,
    /// Only rules in this language.
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
    #[command(flatten)]
    pub setup: SetupArgs,
    /// Check that every rule's bad examples trigger it and good ones do not.
    #[arg(long)]
    pub verify: bool,
}

#[derive(Args, Debug)]
pub struct ExplainArgs {
    /// Rule id, e.g. ru.profile.vague-phrase.
    pub id: String,
    #[command(flatten)]
    pub setup: SetupArgs,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
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
        Err(e) if !e.use_stderr() => {
            // --help and --version.
            let _ = e.print();
            return EXIT_OK;
        }
        Err(e) => {
            report_error(&Error::usage(usage_line(&e.render().to_string())));
            return EXIT_ERROR;
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

/// clap's first line (its reason), with a pointer to the help: errors
/// stay one line.
fn usage_line(rendered: &str) -> String {
    let reason = rendered
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("invalid arguments")
        .trim()
        .trim_start_matches("error: ");
    format!("{reason} (see `pitchlint --help`)")
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

/// Settings resolved once, from flags laid over `pitchlint.yaml`.
fn settings(overrides: Overrides) -> Result<Settings, Error> {
    let cwd = std::env::current_dir().unwrap_or_default();
    Settings::resolve(overrides, &cwd)
}

fn run(command: Command, color: bool) -> Result<i32, Error> {
    match command {
        Command::Check(args) => run_check(args, color),
        Command::Batch(args) => run_batch(args),
        #[cfg(feature = "server")]
        Command::Serve(args) => {
            for origin in &args.cors_origins {
                crate::serve::check_origin(origin)?;
            }
            let engine = Engine::new(settings(args.setup.overrides())?)?;
            crate::serve::run(args.addr, engine, args.cors_origins)?;
            Ok(EXIT_OK)
        }
        Command::Config(args) => {
            let engine = Engine::new(settings(args.setup.overrides())?)?;
            print(&crate::config::describe(
                &engine.settings().config,
                engine.rule_set(),
            ))?;
            Ok(EXIT_OK)
        }
        Command::Eval(args) => run_eval(args),
        Command::Learn(args) => run_learn(&args),
        Command::Report(args) => run_report(&args),
        Command::Draft(args) => run_draft(&args),
        Command::Init(args) => setup::init(&args.path, args.force),
        Command::Completions(args) => setup::completions(args.shell),
        Command::Man => setup::man(),
        Command::Samples(args) => setup::samples(&args.manifests),
        Command::Rules(args) => {
            let engine = Engine::new(settings(args.setup.overrides())?)?;
            if args.verify {
                let failures = engine.verify_examples();
                for failure in &failures {
                    eprintln!("{failure}");
                }
                eprintln!(
                    "{} rules, {} example failures",
                    engine.rules().len(),
                    failures.len()
                );
                return Ok(if failures.is_empty() {
                    EXIT_OK
                } else {
                    EXIT_FINDINGS
                });
            }
            let listing = list_rules(
                engine.rule_set(),
                args.kind.map(KindArg::kind),
                args.lang.and_then(LangArg::lang),
            );
            print(&listing)?;
            Ok(EXIT_OK)
        }
        Command::Explain(args) => {
            let engine = Engine::new(settings(args.setup.overrides())?)?;
            print(&explain(engine.rule(&args.id)?))?;
            Ok(EXIT_OK)
        }
    }
}

fn run_draft(args: &DraftArgs) -> Result<i32, Error> {
    let mut overrides = args.setup.overrides();
    overrides.lang = args.lang.and_then(LangArg::lang);
    let settings = settings(overrides)?;
    // The kind as the file says (front matter, extension), a reply with a
    // job post, an answer with a review; a profile by default. Other kinds
    // are refused by `draft` in one line.
    let context = args.context.read()?;
    let options = settings.input_options(None, context);
    let doc = crate::input::read(&args.path, &options)?;
    let engine = Engine::for_langs(settings, &[doc.lang])?;
    let draft = crate::draft::draft(&engine, doc)?;
    print(&draft.text)?;
    if !draft.dropped.is_empty() {
        let quoted: Vec<String> = draft.dropped.iter().map(|s| format!("«{s}»")).collect();
        eprintln!(
            "pitchlint: left out {} sentence(s) of general phrases or a tone that costs trust: {}",
            draft.dropped.len(),
            quoted.join(" ")
        );
    }
    eprintln!(
        "pitchlint: {} placeholder(s) in [brackets] to fill in",
        draft.placeholders
    );
    Ok(EXIT_OK)
}

/// Writes to standard output. A closed pipe (`| head`) ends quietly; any
/// other failed write (a full disk) is an error.
fn print(text: &str) -> Result<(), Error> {
    print_bytes(text.as_bytes())
}

fn print_bytes(bytes: &[u8]) -> Result<(), Error> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(output_error(&e)),
        _ => Ok(()),
    }
}

fn output_error(e: &std::io::Error) -> Error {
    Error::new("<stdout>", format!("cannot write the output: {e}")).with_kind(ErrorKind::Io)
}

fn check_overrides(args: &CheckArgs) -> Overrides {
    Overrides {
        lang: args.lang.and_then(LangArg::lang),
        fail_on: args.fail_on.map(FailOn::threshold),
        min_score: args.min_score,
        today: args.today,
        tz: args.tz.clone(),
        business_hours: args.business_hours.clone(),
        subject: stated_subject(args.trade.as_deref(), args.market.as_deref()),
        ..args.setup.overrides()
    }
}

/// `--trade` and `--market` as stated subject; ids are checked against the
/// rules when a document is linted.
fn stated_subject(trade: Option<&str>, market: Option<&str>) -> crate::input::Subject {
    crate::input::Subject {
        trades: trade.and_then(crate::input::Subject::parse_trades),
        market: market.map(|m| m.trim().to_ascii_lowercase()),
    }
}

/// The files `include:`/`exclude:` let through; the others are named in
/// one line on stderr, so a skipped file is never a silent surprise.
fn admitted(files: Vec<String>, config: &crate::config::Config) -> Vec<String> {
    let filter = config.file_filter();
    let (kept, skipped): (Vec<String>, Vec<String>) =
        files.into_iter().partition(|f| filter.admits(f));
    if !skipped.is_empty() {
        let shown: Vec<&str> = skipped.iter().take(3).map(String::as_str).collect();
        let more = match skipped.len() {
            n if n > 3 => format!(" and {} more", n - 3),
            _ => String::new(),
        };
        let source = if config.file.exclude.is_some() || config.file.include.is_some() {
            "by include:/exclude: in pitchlint.yaml"
        } else {
            "by default (README.md, CHANGELOG.md and docs/; set `exclude:` in pitchlint.yaml to change)"
        };
        eprintln!(
            "pitchlint: skipped {}{more}: excluded {source}",
            shown.join(", ")
        );
    }
    kept
}

fn run_check(args: CheckArgs, color: bool) -> Result<i32, Error> {
    let settings = settings(check_overrides(&args))?;
    if args.paths == ["-"] && std::io::stdin().is_terminal() {
        return Err(Error::usage(
            "no files given and nothing piped in: name files or folders, or pipe text into `pitchlint check -`",
        ));
    }
    let context = args.context.read()?;
    let kind = args.kind.map(KindArg::kind);
    let crate::walk::Expanded {
        files,
        errors: walk_errors,
        skipped,
    } = crate::walk::expand(&args.paths);
    let failed = !walk_errors.is_empty();
    for e in &walk_errors {
        report_error(e);
    }
    for file in &skipped {
        eprintln!(
            "pitchlint: skipped {file}: not a conversation log (no `thread` in its first line)"
        );
    }
    let files = admitted(files, &settings.config);
    let options = settings.input_options(kind, context);
    let read = |path: &String| -> Result<crate::input::Document, Error> {
        let mut doc = crate::input::read(path, &options)?;
        if let Some(portfolio) = &mut doc.portfolio {
            portfolio.measure(&crate::portfolio::FolderSource::for_manifest(path));
        }
        Ok(doc)
    };
    // Files are read and linted a window at a time, in parallel, and
    // printed in order as each window completes: memory stays flat however
    // many files there are. A run that fits one window reads first, so
    // only the languages present need their rules compiled (half the
    // start-up of the usual one-language run); a longer run loads them all.
    let mut windows = files.chunks(CHECK_WINDOW);
    let first: Vec<Result<crate::input::Document, Error>> = windows
        .next()
        .unwrap_or_default()
        .par_iter()
        .map(read)
        .collect();
    let engine = if files.len() <= CHECK_WINDOW {
        let mut langs: Vec<Lang> = first
            .iter()
            .filter_map(|d| d.as_ref().ok().map(|d| d.lang))
            .collect();
        langs.sort();
        langs.dedup();
        Engine::for_langs(settings, &langs)?
    } else {
        Engine::new(settings)?
    };
    let (fail_on, min_score) = (engine.settings().fail_on, engine.settings().min_score);
    let mut run = CheckRun {
        printer: crate::emit::stream::printer(args.format, color, engine.rule_set()),
        verdict: Verdict::new(fail_on, min_score),
        failed,
        out: Vec::new(),
    };
    let mut done: Vec<Result<DocReport, Error>> = first
        .into_par_iter()
        .map(|doc| doc.and_then(|doc| engine.check(doc)))
        .collect();
    // One window is printed while the next is linted, so the cores stay
    // busy through the printing.
    for window in windows {
        let (next, printed) = rayon::join(
            || {
                window
                    .par_iter()
                    .map(|path| read(path).and_then(|doc| engine.check(doc)))
                    .collect()
            },
            || run.emit(std::mem::take(&mut done)),
        );
        printed?;
        done = next;
    }
    run.emit(done)?;
    run.finish()
}

/// A `check` run's output as it streams: the printer, the verdict so far
/// and whether any file failed.
struct CheckRun<'a> {
    printer: Box<dyn crate::emit::stream::RunPrinter + Send + 'a>,
    verdict: Verdict,
    failed: bool,
    out: Vec<u8>,
}

impl CheckRun<'_> {
    /// Prints a window's results in order; errors go to stderr.
    fn emit(&mut self, results: Vec<Result<DocReport, Error>>) -> Result<(), Error> {
        for result in results {
            match result {
                Ok(report) => {
                    self.verdict.add(&report);
                    self.printer.document(&report, &mut self.out);
                }
                Err(e) => {
                    report_error(&e);
                    self.failed = true;
                }
            }
        }
        write_out(&mut self.out)
    }

    /// Closes the output; the exit code.
    fn finish(mut self) -> Result<i32, Error> {
        self.printer.finish(&mut self.out);
        write_out(&mut self.out)?;
        if self.failed {
            return Ok(EXIT_ERROR);
        }
        if self.verdict.failed() {
            eprintln!("{}", self.verdict.reason());
            return Ok(EXIT_FINDINGS);
        }
        Ok(EXIT_OK)
    }
}

/// Files read and linted together by `check` before their output is
/// written: enough to keep every core busy past the slowest file, few
/// enough that the reports in flight stay a few megabytes.
const CHECK_WINDOW: usize = 512;

/// Writes and empties `out`. A closed pipe (`| head`) ends quietly; any
/// other failed write is an error.
fn write_out(out: &mut Vec<u8>) -> Result<(), Error> {
    let written = print_bytes(out);
    out.clear();
    written
}

/// Whether a run fails on its findings or scores, and the one line that
/// says why, for people reading CI logs; kept as reports stream past.
struct Verdict {
    fail_on: Option<Severity>,
    min_score: Option<u8>,
    /// Documents with a finding at or above `fail_on`.
    severe: usize,
    /// Documents scored under `min_score`, and the first few of them.
    low: usize,
    named: Vec<String>,
}

/// Low-scoring documents a failure line names before it counts the rest.
const NAMED_LOW: usize = 20;

impl Verdict {
    fn new(fail_on: Option<Severity>, min_score: Option<u8>) -> Verdict {
        Verdict {
            fail_on,
            min_score,
            severe: 0,
            low: 0,
            named: Vec::new(),
        }
    }

    fn add(&mut self, r: &DocReport) {
        if self
            .fail_on
            .is_some_and(|t| r.worst().is_some_and(|w| w >= t))
        {
            self.severe += 1;
        }
        if let (Some(min), Some(score)) = (self.min_score, r.scores.overall)
            && score < min
        {
            self.low += 1;
            if self.named.len() < NAMED_LOW {
                self.named.push(format!("{} ({score})", r.path));
            }
        }
    }

    /// Exit code 1: a finding at or above the threshold, or a score under
    /// the minimum.
    fn failed(&self) -> bool {
        self.severe > 0 || self.low > 0
    }

    fn reason(&self) -> String {
        let mut reasons = Vec::new();
        if let (Some(min), true) = (self.min_score, self.low > 0) {
            let mut names = self.named.join(", ");
            if self.low > self.named.len() {
                names.push_str(&format!(" and {} more", self.low - self.named.len()));
            }
            reasons.push(format!(
                "scored under the minimum score {min} (--min-score, 0 to turn off): {names}"
            ));
        }
        if let (Some(t), true) = (self.fail_on, self.severe > 0) {
            reasons.push(format!(
                "{} document(s) with findings at or above `{}`",
                self.severe,
                t.name()
            ));
        }
        format!("pitchlint: failed: {}", reasons.join("; "))
    }
}

impl HalfArg {
    fn half(self) -> crate::eval::Half {
        use crate::eval::Half;
        match self {
            HalfArg::Tune => Half::Tune,
            HalfArg::Holdout => Half::Holdout,
            HalfArg::All => Half::All,
        }
    }
}

fn run_learn(args: &LearnArgs) -> Result<i32, Error> {
    let engine = Engine::new(settings(args.setup.overrides())?)?;
    let lang = crate::Lang::parse(&args.lang)
        .ok_or_else(|| Error::usage(format!("unknown language `{}` (ru or en)", args.lang)))?;
    if args.strength.is_nan() || args.strength <= 0.0 {
        return Err(Error::usage("--strength must be above 0"));
    }
    if args.threshold.is_some_and(|t| !(0.5..=0.99).contains(&t)) {
        return Err(Error::usage("--threshold must be from 0.5 to 0.99"));
    }
    let mut cases = Vec::new();
    for input in &args.inputs {
        let text = crate::input::read_text(input)?;
        cases.extend(crate::eval::read_cases(input, &text)?);
    }
    let opts = crate::learn::Options {
        dimension: args.dimension.clone(),
        kind: args.kind.clone(),
        lang,
        half: args.half.half(),
        strength: args.strength,
        threshold: args.threshold,
        max_cues: args.max_cues,
    };
    let learned = crate::learn::learn(&engine, &cases, &opts)?;
    eprint!("{}", crate::learn::render_rows(&learned));
    print(&crate::learn::render(&learned))?;
    Ok(EXIT_OK)
}

fn run_eval(args: EvalArgs) -> Result<i32, Error> {
    use crate::eval;
    let engine = Engine::new(settings(args.setup.overrides())?)?;
    let text = crate::input::read_text(&args.input)?;
    let cases = eval::read_cases(&args.input, &text)?;
    let report = eval::evaluate(&engine, &cases, args.half.half());
    match args.format {
        EvalFormat::Pretty => print(&eval::render(&report))?,
        EvalFormat::Json => {
            print(&(serde_json::to_string_pretty(&report).expect("serializes") + "\n"))?
        }
    }
    if !report.errors.is_empty() {
        return Ok(EXIT_ERROR);
    }
    let (bacc, rank) = report.worst();
    let under = |got: Option<f64>, min: Option<f64>| min.is_some_and(|m| got.is_none_or(|g| g < m));
    if under(bacc, args.min_bacc) || under(rank, args.min_rank) {
        eprintln!(
            "pitchlint: failed: lowest balanced accuracy {}, lowest ranking {} (thresholds {}, {})",
            bacc.map_or("—".into(), |x| format!("{x:.2}")),
            rank.map_or("—".into(), |x| format!("{x:.2}")),
            args.min_bacc.map_or("—".into(), |x| x.to_string()),
            args.min_rank.map_or("—".into(), |x| x.to_string()),
        );
        return Ok(EXIT_FINDINGS);
    }
    if let (Some(min), Some((got, name))) =
        (args.min_group_bacc, report.worst_group(args.min_group_size))
        && got < min
    {
        eprintln!("pitchlint: failed: {name} balanced accuracy {got:.2} (threshold {min})");
        return Ok(EXIT_FINDINGS);
    }
    if let (Some(min), Some((got, name))) = (args.min_dim, report.worst_dimension())
        && got < min
    {
        eprintln!("pitchlint: failed: {name} balanced accuracy {got:.2} (threshold {min})");
        return Ok(EXIT_FINDINGS);
    }
    Ok(EXIT_OK)
}

/// More worker threads than this per core only cost memory.
const MAX_THREADS_PER_CORE: usize = 8;

fn run_batch(args: BatchArgs) -> Result<i32, Error> {
    let overrides = Overrides {
        lang: args.lang.and_then(LangArg::lang),
        ..args.setup.overrides()
    };
    let engine = Engine::new(settings(overrides)?)?;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let threads = match args.threads {
        Some(0) => return Err(Error::usage("--threads must be at least 1")),
        Some(n) if n > cores * MAX_THREADS_PER_CORE => {
            return Err(Error::usage(format!(
                "--threads {n} is more than {} ({MAX_THREADS_PER_CORE} per core on this machine)",
                cores * MAX_THREADS_PER_CORE
            )));
        }
        Some(n) => n,
        None => 0,
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| Error::usage(format!("--threads: {e}")))?;
    let started = Instant::now();
    let (mut reader, size): (Box<dyn BufRead + Send>, Option<u64>) = if args.input == "-" {
        (
            Box::new(BufReader::with_capacity(1 << 20, std::io::stdin())),
            None,
        )
    } else {
        let file = std::fs::File::open(&args.input).map_err(|e| {
            Error::new(&args.input, format!("cannot open: {e}")).with_kind(ErrorKind::Io)
        })?;
        let size = file.metadata().ok().map(|m| m.len());
        (Box::new(BufReader::with_capacity(1 << 20, file)), size)
    };
    let bar = progress_bar(size);
    let mut writer = BufWriter::with_capacity(1 << 20, std::io::stdout());
    let result = crate::batch::run(
        &engine,
        &pool,
        &mut reader,
        &mut writer,
        args.format.layout(),
        args.report
            .as_ref()
            .map(|_| crate::overview::Overview::default()),
        |records, bytes| {
            if let Some(bar) = &bar {
                match size {
                    Some(_) => {
                        bar.set_position(bytes);
                        bar.set_message(format!("{records} records"));
                    }
                    None => bar.set_position(records as u64),
                }
            }
        },
    );
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let totals = match result {
        Ok(totals) => totals,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(EXIT_OK),
        Err(e) => {
            return Err(
                Error::new(&args.input, format!("batch stopped: {e}")).with_kind(ErrorKind::Io)
            );
        }
    };
    eprintln!("{}", crate::batch::summary(&totals, started));
    if let (Some(path), Some(overview)) = (&args.report, &totals.overview) {
        write_report(path, overview)?;
    }
    if totals.errors > 0 {
        eprintln!("pitchlint batch: {} records failed", totals.errors);
        return Ok(EXIT_FINDINGS);
    }
    Ok(EXIT_OK)
}

/// `pitchlint report`: reads result lines one at a time, so a run of any
/// size fits; a line that is not a result is an error naming it.
fn run_report(args: &ReportArgs) -> Result<i32, Error> {
    let reader: Box<dyn BufRead> = if args.input == "-" {
        Box::new(BufReader::new(std::io::stdin()))
    } else {
        let file = std::fs::File::open(&args.input).map_err(|e| {
            Error::new(&args.input, format!("cannot open: {e}")).with_kind(ErrorKind::Io)
        })?;
        Box::new(BufReader::with_capacity(1 << 20, file))
    };
    let mut overview = crate::overview::Overview::default();
    for (i, line) in reader.lines().enumerate() {
        let number = i + 1;
        let at = |message: String| Error::at(&args.input, number, 1, message);
        let line = line.map_err(|e| at(format!("cannot read: {e}")).with_kind(ErrorKind::Io))?;
        if line.trim().is_empty() {
            continue;
        }
        let value: serde_json::Value = serde_json::from_str(&line)
            .map_err(|e| at(format!("not a JSON result line: {e}")).with_kind(ErrorKind::Input))?;
        match crate::overview::Entry::from_line(&value, number) {
            Ok(Some(entry)) => overview.add(entry),
            Ok(None) => overview.add_error(),
            Err(message) => return Err(at(message).with_kind(ErrorKind::Input)),
        }
    }
    write_report(&args.output, &overview)?;
    Ok(EXIT_OK)
}

fn write_report(path: &str, overview: &crate::overview::Overview) -> Result<(), Error> {
    std::fs::write(path, overview.html()).map_err(|e| {
        Error::new(path, format!("cannot write the report: {e}")).with_kind(ErrorKind::Io)
    })?;
    eprintln!(
        "pitchlint: wrote {path} ({} records, {} errors)",
        overview.records(),
        overview.errors()
    );
    Ok(())
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
        rule.check_kind
    ));
    out.push_str(rule.explain.trim());
    out.push_str(&format!("\n\n{fix}: {}\n", rule.general_suggestion()));
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

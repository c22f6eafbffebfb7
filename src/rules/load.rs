//! Loading: gather built-in and user rule files, compile lexicons, then
//! checklists. Every error names the file, line and column.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};
use rayon::prelude::*;

use super::lexicon;
use super::raw::{RawChecklist, RawLexicon, RawMatcher, RawRule};
use super::trade::{Market, RawMarket, RawTrade, Trade, TradeBook};
use super::{Checklist, Examples, Lexicon, LexiconPack, Matcher, Pattern, Rule, RuleSet};
use crate::checks::kind::{self, Compiler, Invalid};
use crate::dimensions;
use crate::error::{Error, ErrorKind, Result};
use crate::input::{Kind, Lang};
use crate::yaml::Aliases;
use indexmap::IndexMap;

/// A rule file larger than this is refused unread: the largest built-in
/// lexicon is a few kilobytes.
pub const MAX_RULE_FILE_BYTES: u64 = 4 * 1024 * 1024;
/// Files and folders one rules folder may hold; a larger tree is almost
/// certainly the wrong folder (`rule_dirs: [/]`).
pub const MAX_RULE_ENTRIES: usize = 10_000;
/// Folder depth below a rules folder.
const MAX_RULE_DEPTH: usize = 16;

static BUILTIN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/rules");

/// One rule file: where it lives relative to its root, the path shown to
/// users, its text, and which root it came from (0 = built-in).
struct SourceFile {
    display: String,
    text: std::borrow::Cow<'static, str>,
    origin: usize,
}

/// Loads the built-in rules with `dirs` laid over them in order.
pub fn load(dirs: &[PathBuf]) -> Result<RuleSet> {
    load_for(dirs, &Lang::ALL)
}

/// Loads the rules of some languages only: built-in files of other
/// languages are skipped (user folders are always read whole). Parsing and
/// stemming run in parallel; the set is assembled in file order, so errors
/// and ids are the same on every run.
pub fn load_for(dirs: &[PathBuf], langs: &[Lang]) -> Result<RuleSet> {
    load_inner(dirs, langs).map_err(|e| e.with_kind(ErrorKind::Rules))
}

fn load_inner(dirs: &[PathBuf], langs: &[Lang]) -> Result<RuleSet> {
    let files = collect(dirs, langs)?;
    let (lexicons, rest): (Vec<_>, Vec<_>) = files
        .iter()
        .partition(|(rel, _)| in_folder(rel, "lexicons"));
    let (trades, rest): (Vec<_>, Vec<_>) = rest
        .into_iter()
        .partition(|(rel, _)| in_folder(rel, "trades"));
    let (markets, checklists): (Vec<_>, Vec<_>) = rest
        .into_iter()
        .partition(|(rel, _)| in_folder(rel, "markets"));
    let parsed: Vec<Result<(Lang, Lexicon)>> = lexicons
        .par_iter()
        .map(|(_, file)| parse_lexicon(file))
        .collect();
    let mut set = RuleSet::default();
    let mut lexicon_origin: HashMap<(Lang, String), (usize, String)> = HashMap::new();
    for ((_, file), lexicon) in lexicons.iter().zip(parsed) {
        let (lang, lexicon) = lexicon?;
        add_lexicon(&mut set, file, lang, lexicon, &mut lexicon_origin)?;
    }
    add_trades(&mut set, &trades, &markets)?;
    let parsed: Vec<Result<RawChecklist>> = checklists
        .par_iter()
        .map(|(_, file)| {
            crate::yaml::from_str(&file.text, file.aliases())
                .map_err(|e| e.into_error(&file.display, 0))
        })
        .collect();
    let mut rule_origin: HashMap<String, (usize, String)> = HashMap::new();
    for ((_, file), raw) in checklists.iter().zip(parsed) {
        add_checklist(&mut set, file, raw?, &mut rule_origin)?;
    }
    check_weight_conflicts(&set)?;
    for (_, pack) in &mut set.packs {
        pack.build_index();
    }
    set.build_prefilters();
    Ok(set)
}

fn in_folder(rel: &str, folder: &str) -> bool {
    rel.split('/').any(|part| part == folder)
}

/// Compiles trade and market files into each language's book; their lists
/// become lexicons of the language's pack.
fn add_trades(
    set: &mut RuleSet,
    trades: &[(&String, &SourceFile)],
    markets: &[(&String, &SourceFile)],
) -> Result<()> {
    let parsed: Vec<Result<RawTrade>> = trades
        .par_iter()
        .map(|(_, file)| {
            crate::yaml::from_str(&file.text, file.aliases())
                .map_err(|e| e.into_error(&file.display, 0))
        })
        .collect();
    for ((_, file), raw) in trades.iter().zip(parsed) {
        let raw = raw?;
        let lang = parse_lang(file, &raw.lang)?;
        let id = raw.trade.clone();
        if set.book(lang).trade(&id).is_some() {
            let (line, col) = locate_key(&file.text, 0, "trade");
            return Err(Error::at(
                &file.display,
                line,
                col,
                format!("trade `{id}` is defined twice"),
            ));
        }
        let trade = Trade::compile(raw, pack_mut(set, lang), &file.display)
            .map_err(|message| Error::new(&file.display, message))?;
        book_mut(set, lang).trades.push(trade);
    }
    for (_, file) in markets {
        let raw: RawMarket = crate::yaml::from_str(&file.text, file.aliases())
            .map_err(|e| e.into_error(&file.display, 0))?;
        let lang = parse_lang(file, &raw.lang)?;
        let mut patterns = Vec::new();
        for source in &raw.patterns {
            let pattern = Pattern::new(source).and_then(|p| p.compile().map(|()| p));
            patterns.push(pattern.map_err(|reason| {
                let (line, col) = locate_text(&file.text, source);
                Error::at(&file.display, line, col, format!("invalid regex: {reason}"))
            })?);
        }
        let market = Market::compile(raw, pack_mut(set, lang), &file.display, patterns)
            .map_err(|message| Error::new(&file.display, message))?;
        book_mut(set, lang).markets.push(market);
    }
    Ok(())
}

fn book_mut(set: &mut RuleSet, lang: Lang) -> &mut TradeBook {
    slot(&mut set.books, lang)
}

/// Relative path → file, user folders overriding built-ins by path.
fn collect(dirs: &[PathBuf], langs: &[Lang]) -> Result<BTreeMap<String, SourceFile>> {
    let mut files = BTreeMap::new();
    let mut builtin = Vec::new();
    embedded_files(&BUILTIN, &mut builtin);
    for file in builtin {
        let rel = file.path().to_string_lossy().replace('\\', "/");
        let top = rel.split('/').next().unwrap_or("");
        if Lang::parse(top).is_some_and(|l| !langs.contains(&l)) {
            continue;
        }
        let text = std::borrow::Cow::Borrowed(file.contents_utf8().unwrap_or_default());
        let display = format!("rules/{rel}");
        files.insert(
            rel,
            SourceFile {
                display,
                text,
                origin: 0,
            },
        );
    }
    for (i, dir) in dirs.iter().enumerate() {
        let meta = std::fs::metadata(dir)
            .map_err(|_| rules_error(dir.display().to_string(), "rules folder not found"))?;
        if !meta.is_dir() {
            return Err(rules_error(
                dir.display().to_string(),
                "a rules folder must be a folder",
            ));
        }
        let root = dir
            .canonicalize()
            .map_err(|e| rules_error(dir.display().to_string(), format!("cannot open: {e}")))?;
        let mut walk = Walk {
            root: &root,
            shown: dir,
            entries: 0,
        };
        walk.folder(&root, 0, &mut |rel, path, shown| {
            let text = read_rule_file(path, &shown)?.into();
            files.insert(
                rel,
                SourceFile {
                    display: shown,
                    text,
                    origin: i + 1,
                },
            );
            Ok(())
        })?;
    }
    Ok(files)
}

impl SourceFile {
    /// Built-in files are trusted; files from user folders get a budget.
    fn aliases(&self) -> Aliases {
        if self.origin == 0 {
            Aliases::Trusted
        } else {
            Aliases::for_config(&self.text)
        }
    }
}

fn rules_error(file: impl Into<String>, message: impl Into<String>) -> Error {
    Error::new(file, message).with_kind(ErrorKind::Rules)
}

/// Reads a regular file of at most [`MAX_RULE_FILE_BYTES`] as UTF-8.
fn read_rule_file(path: &Path, shown: &str) -> Result<String> {
    use std::io::Read;
    let file = std::fs::File::open(path)
        .map_err(|e| rules_error(shown, format!("cannot read rule file: {e}")))?;
    let mut bytes = Vec::new();
    file.take(MAX_RULE_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| rules_error(shown, format!("cannot read rule file: {e}")))?;
    if bytes.len() as u64 > MAX_RULE_FILE_BYTES {
        return Err(rules_error(
            shown,
            format!("rule file is over {} MB", MAX_RULE_FILE_BYTES >> 20),
        ));
    }
    String::from_utf8(bytes).map_err(|_| rules_error(shown, "rule file is not UTF-8 text"))
}

/// A bounded walk of one rules folder: links are followed only to regular
/// files and folders inside it (so cycles and escapes are impossible),
/// devices and pipes are skipped, and the tree's size and depth are capped.
struct Walk<'a> {
    /// The folder, resolved.
    root: &'a Path,
    /// The folder as the user named it, for messages.
    shown: &'a Path,
    entries: usize,
}

impl Walk<'_> {
    fn folder(
        &mut self,
        dir: &Path,
        depth: usize,
        visit: &mut dyn FnMut(String, &Path, String) -> Result<()>,
    ) -> Result<()> {
        let listing = std::fs::read_dir(dir)
            .map_err(|e| rules_error(self.show(dir), format!("cannot list folder: {e}")))?;
        let mut paths: Vec<PathBuf> = listing.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for path in paths {
            self.entries += 1;
            if self.entries > MAX_RULE_ENTRIES {
                return Err(rules_error(
                    self.shown.display().to_string(),
                    format!(
                        "more than {MAX_RULE_ENTRIES} files and folders: is this the rules folder?"
                    ),
                ));
            }
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if name.starts_with('.') {
                continue;
            }
            let Some(target) = self.resolve(&path)? else {
                continue;
            };
            let meta = std::fs::metadata(&target)
                .map_err(|e| rules_error(self.show(&path), format!("cannot read: {e}")))?;
            let is_link =
                std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink());
            if meta.is_dir() {
                // A linked folder inside the tree is reached directly too.
                if !is_link && depth < MAX_RULE_DEPTH {
                    self.folder(&path, depth + 1, visit)?;
                }
            } else if meta.is_file() && (name.ends_with(".yaml") || name.ends_with(".yml")) {
                let rel = path.strip_prefix(self.root).unwrap_or(&path);
                let rel = rel.to_string_lossy().replace('\\', "/");
                visit(rel, &target, self.show(&path))?;
            }
        }
        Ok(())
    }

    /// Where a path leads, if it stays inside the folder; a link out of it
    /// is an error, a broken link is skipped.
    fn resolve(&self, path: &Path) -> Result<Option<PathBuf>> {
        let Ok(target) = path.canonicalize() else {
            return Ok(None);
        };
        if !target.starts_with(self.root) {
            return Err(rules_error(
                self.show(path),
                "links out of the rules folder are not followed",
            ));
        }
        Ok(Some(target))
    }

    fn show(&self, path: &Path) -> String {
        let rel = path.strip_prefix(self.root).unwrap_or(path);
        self.shown.join(rel).display().to_string()
    }
}

fn embedded_files(dir: &'static Dir<'static>, out: &mut Vec<&'static include_dir::File<'static>>) {
    for file in dir.files() {
        if file
            .path()
            .extension()
            .is_some_and(|e| e == "yaml" || e == "yml")
        {
            out.push(file);
        }
    }
    for sub in dir.dirs() {
        embedded_files(sub, out);
    }
}

fn parse_lang(file: &SourceFile, code: &str) -> Result<Lang> {
    Lang::parse(code).ok_or_else(|| {
        let (line, col) = locate_key(&file.text, 0, "lang");
        Error::at(
            &file.display,
            line,
            col,
            format!("unknown lang `{code}`; expected ru or en"),
        )
    })
}

/// Parses and compiles one lexicon file (the costly part: YAML and stems).
fn parse_lexicon(file: &SourceFile) -> Result<(Lang, Lexicon)> {
    let raw: RawLexicon = crate::yaml::from_str(&file.text, file.aliases())
        .map_err(|e| e.into_error(&file.display, 0))?;
    let lang = parse_lang(file, &raw.lang)?;
    let entries: Vec<Vec<String>> = raw.entries.into_iter().map(|e| e.into_vec()).collect();
    let lexicon = Lexicon::new(&raw.lexicon, &entries).map_err(|lexicon::EmptyEntry(bad)| {
        let (line, col) = locate_text(&file.text, &bad);
        Error::at(
            &file.display,
            line,
            col,
            format!("lexicon entry `{bad}` has no words"),
        )
    })?;
    Ok((lang, lexicon))
}

fn add_lexicon(
    set: &mut RuleSet,
    file: &SourceFile,
    lang: Lang,
    lexicon: Lexicon,
    seen: &mut HashMap<(Lang, String), (usize, String)>,
) -> Result<()> {
    let key = (lang, lexicon.name.clone());
    if let Some((origin, other)) = seen.get(&key)
        && *origin == file.origin
    {
        let (line, col) = locate_key(&file.text, 0, "lexicon");
        return Err(Error::at(
            &file.display,
            line,
            col,
            format!("lexicon `{}` is already defined in {other}", lexicon.name),
        ));
    }
    seen.insert(key, (file.origin, file.display.clone()));
    pack_mut(set, lang).insert(lexicon);
    Ok(())
}

fn pack_mut(set: &mut RuleSet, lang: Lang) -> &mut LexiconPack {
    slot(&mut set.packs, lang)
}

/// The entry of a per-language list, added empty when missing.
fn slot<T: Default>(list: &mut Vec<(Lang, T)>, lang: Lang) -> &mut T {
    let i = match list.iter().position(|(l, _)| *l == lang) {
        Some(i) => i,
        None => {
            list.push((lang, T::default()));
            list.len() - 1
        }
    };
    &mut list[i].1
}

fn add_checklist(
    set: &mut RuleSet,
    file: &SourceFile,
    raw: RawChecklist,
    seen: &mut HashMap<String, (usize, String)>,
) -> Result<()> {
    let lang = parse_lang(file, &raw.lang)?;
    let at_key = |key: &str, message: String| {
        let (line, col) = locate_key(&file.text, 0, key);
        Error::at(&file.display, line, col, message).with_kind(ErrorKind::Rules)
    };
    // `kind: all` makes a checklist (e.g. platform policy) apply to every kind.
    let kind = match raw.kind.as_str() {
        "all" => None,
        name => Some(Kind::parse(name).ok_or_else(|| {
            at_key(
                "kind",
                format!("unknown kind `{name}`; expected profile, reply, review-reply, portfolio, conversation or all"),
            )
        })?),
    };
    let weights = resolve_weights(file, &raw)?;
    for raw_rule in raw.rules {
        let rule = compile_rule(set, file, raw_rule, kind, lang, &weights)?;
        if let Some((origin, other)) = seen.get(&rule.id) {
            if *origin == file.origin {
                let (line, col) = locate_rule(&file.text, &rule.id, None);
                return Err(Error::at(
                    &file.display,
                    line,
                    col,
                    format!("duplicate rule id `{}` (first defined in {other})", rule.id),
                )
                .with_kind(ErrorKind::Rules));
            }
            // The later folder wins, whichever file is read first.
            if *origin > file.origin {
                continue;
            }
            set.rules.retain(|r| r.id != rule.id);
        }
        seen.insert(rule.id.clone(), (file.origin, file.display.clone()));
        set.rules.push(rule);
    }
    set.checklists.push(Checklist {
        name: raw.checklist,
        kind,
        lang,
        weights,
        overrides: raw.override_weights,
        file: file.display.clone(),
    });
    Ok(())
}

/// The checklist's weights: stated numbers, or the declared default of a
/// dimension named without one; each within 0–1000.
fn resolve_weights(file: &SourceFile, raw: &RawChecklist) -> Result<IndexMap<String, f64>> {
    let stated = raw.weights.iter().map(|(d, w)| (d, *w));
    let overrides = raw.override_weights.iter().map(|(d, w)| (d, Some(*w)));
    let mut weights = IndexMap::new();
    for (dim, weight) in stated.clone().chain(overrides) {
        let fail = |message: String| {
            let section = if raw.weights.contains_key(dim.as_str()) {
                "weights"
            } else {
                "override_weights"
            };
            let (line, col) = locate_nested(&file.text, section, dim);
            Error::at(&file.display, line, col, message).with_kind(ErrorKind::Rules)
        };
        let weight = match weight.or_else(|| dimensions::find(dim).map(|d| d.default_weight)) {
            Some(w) => w,
            None => {
                return Err(fail(format!(
                    "dimension `{dim}` is not built in: give it a weight"
                )));
            }
        };
        if !(0.0..=1000.0).contains(&weight) {
            return Err(fail(format!(
                "weight of `{dim}` must be between 0 and 1000"
            )));
        }
        if raw.weights.contains_key(dim.as_str()) {
            weights.insert(dim.clone(), weight);
        }
    }
    Ok(weights)
}

/// An add-on that restates a weight of the checklist it adds to must mean
/// it: with another value it has to say so under `override_weights:`.
fn check_weight_conflicts(set: &RuleSet) -> Result<()> {
    // A kind's main checklist is `<lang>.<kind>`; the rest add to it.
    let is_main = |c: &Checklist| {
        c.kind
            .is_some_and(|k| c.name == format!("{}.{}", c.lang.code(), k.name()))
    };
    for addon in set.checklists.iter().filter(|c| !is_main(c)) {
        for main in set.checklists.iter().filter(|c| is_main(c)) {
            let overlaps =
                main.lang == addon.lang && addon.kind.is_none_or(|k| main.kind == Some(k));
            if !overlaps {
                continue;
            }
            for (dim, weight) in &addon.weights {
                if let Some(theirs) = main.weights.get(dim)
                    && theirs != weight
                {
                    return Err(Error::new(
                        &addon.file,
                        format!(
                            "weight of `{dim}` is {theirs} in {} ({}); to change it here, put it under `override_weights:`",
                            main.name, main.file
                        ),
                    ));
                }
            }
        }
    }
    Ok(())
}

fn compile_rule(
    set: &mut RuleSet,
    file: &SourceFile,
    raw: RawRule,
    kind: Option<Kind>,
    lang: Lang,
    weights: &IndexMap<String, f64>,
) -> Result<Rule> {
    let id = raw.id.clone();
    let fail = |key: Option<&str>, message: String| {
        let (line, col) = locate_rule(&file.text, &id, key);
        Error::at(&file.display, line, col, message).with_kind(ErrorKind::Rules)
    };
    if !weights.contains_key(&raw.dimension) {
        return Err(fail(
            Some("dimension"),
            format!(
                "dimension `{}` has no weight in this checklist",
                raw.dimension
            ),
        ));
    }
    if !(0..=7).contains(&raw.mistake) {
        return Err(fail(
            Some("mistake"),
            "mistake must be 0 (general) or 1–7".into(),
        ));
    }
    let entry = kind::find(&raw.check).ok_or_else(|| {
        fail(
            Some("check"),
            format!(
                "unknown check `{}`; expected one of: {}",
                raw.check,
                kind::names()
            ),
        )
    })?;
    for (key, template) in [("message", &raw.message), ("suggestion", &raw.suggestion)] {
        // `{trigger}` is what an `only_if` matched.
        let known = |n: &&str| {
            entry.placeholders.contains(n)
                || super::trade::PLACEHOLDERS.contains(n)
                || *n == "trigger" && raw.only_if.is_some()
        };
        let unknown = |n: &&str| !known(n);
        if let Some(name) = kind::placeholders(template).find(unknown) {
            let known = if entry.placeholders.is_empty() {
                "none".to_string()
            } else {
                entry.placeholders.join(", ")
            };
            return Err(fail(
                Some(key),
                format!(
                    "unknown placeholder `{{{name}}}` for check `{}`; it fills: {known}",
                    entry.name
                ),
            ));
        }
    }
    let from_user = file.origin > 0;
    let mut cx = Compiler {
        pack: pack_mut(set, lang),
        lang,
        rule_id: &id,
        compile_patterns: from_user,
        terms: Default::default(),
    };
    let invalid = |e: Invalid| fail(e.key.as_deref(), e.message);
    let check = entry
        .compile(serde_yaml::Value::Mapping(raw.params), &mut cx)
        .map_err(invalid)?;
    let mut optional = |m: &Option<RawMatcher>| -> Result<Option<Matcher>> {
        let Some(m) = m else { return Ok(None) };
        cx.matcher_from(m).map(Some).map_err(invalid)
    };
    let unless = optional(&raw.unless)?;
    let only_if = optional(&raw.only_if)?;
    let context_if = optional(&raw.context_if)?;
    let context_unless = optional(&raw.context_unless)?;
    Ok(Rule {
        id: raw.id,
        title: raw.title,
        mistake: raw.mistake,
        dimension: raw.dimension,
        severity: raw.severity,
        message: raw.message,
        suggestion: raw.suggestion,
        explain: raw.explain,
        examples: Examples {
            bad: raw.examples.bad,
            good: raw.examples.good,
        },
        check_kind: entry.name,
        check,
        unless,
        only_if,
        context_if,
        context_unless,
        kind,
        lang,
        file: file.display.clone(),
    })
}

/// Line and column (1-based) of `key:` at the top level of a file.
fn locate_key(text: &str, from_line: usize, key: &str) -> (usize, usize) {
    for (i, line) in text.lines().enumerate().skip(from_line) {
        let trimmed = line.trim_start();
        if trimmed.starts_with(&format!("{key}:")) {
            return (i + 1, line.len() - trimmed.len() + 1);
        }
    }
    (1, 1)
}

/// Line and column of `key:` inside the top-level mapping `parent:`
/// (block or flow style), else of `parent:` itself.
fn locate_nested(text: &str, parent: &str, key: &str) -> (usize, usize) {
    let (start, col) = locate_key(text, 0, parent);
    for (i, line) in text.lines().enumerate().skip(start - 1) {
        if i >= start && !line.starts_with([' ', '\t']) && !line.trim().is_empty() {
            break;
        }
        let body = if i == start - 1 {
            line.split_once(':').map_or("", |(_, rest)| rest)
        } else {
            line
        };
        let offset = line.len() - body.len();
        let found = body.match_indices(key).find(|(at, _)| {
            let before = body[..*at].chars().next_back();
            let after = body[at + key.len()..].trim_start();
            before.is_none_or(|c| matches!(c, ' ' | '{' | ',' | '\t')) && after.starts_with(':')
        });
        if let Some((at, _)) = found {
            return (i + 1, line[..offset + at].chars().count() + 1);
        }
    }
    (start, col)
}

/// Line and column of the first occurrence of `needle`.
fn locate_text(text: &str, needle: &str) -> (usize, usize) {
    for (i, line) in text.lines().enumerate() {
        if let Some(col) = line.find(needle) {
            return (i + 1, line[..col].chars().count() + 1);
        }
    }
    (1, 1)
}

/// Line and column of a rule (its `id:` line) or of one of its keys.
fn locate_rule(text: &str, id: &str, key: Option<&str>) -> (usize, usize) {
    let lines: Vec<&str> = text.lines().collect();
    let is_id_line = |line: &str| {
        let t = line.trim_start().trim_start_matches("- ").trim_start();
        t.strip_prefix("id:")
            .is_some_and(|rest| rest.trim().trim_matches(['"', '\'']) == id)
    };
    let Some(start) = lines.iter().position(|l| is_id_line(l)) else {
        return (1, 1);
    };
    let id_col = lines[start].find("id:").unwrap_or(0) + 1;
    let Some(key) = key else {
        return (start + 1, id_col);
    };
    let indent = id_col - 1;
    for (i, line) in lines.iter().enumerate().skip(start) {
        let trimmed = line.trim_start();
        let col = line.len() - trimmed.len();
        if i > start && col < indent && !trimmed.is_empty() {
            break;
        }
        if i > start && trimmed.starts_with("- id:") {
            break;
        }
        let body = trimmed.trim_start_matches("- ");
        if body.starts_with(&format!("{key}:")) {
            return (i + 1, line.len() - body.len() + 1);
        }
    }
    (start + 1, id_col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_weights_inside_their_section() {
        let text = "description: price matters\nweights:\n  trust: 5\n  price: -1\nrules: []\n";
        assert_eq!(locate_nested(text, "weights", "price"), (4, 3));
        let flow = "description: price\nweights: { trust: 5, price: -1 }\n";
        assert_eq!(locate_nested(flow, "weights", "price"), (2, 22));
    }

    #[test]
    fn locates_rule_keys() {
        let text = "rules:\n  - id: a.one\n    check: phrases\n  - id: a.two\n    pattern: \"(\"\n";
        assert_eq!(locate_rule(text, "a.two", Some("pattern")), (5, 5));
        assert_eq!(locate_rule(text, "a.two", None), (4, 5));
        assert_eq!(locate_rule(text, "a.one", Some("pattern")), (2, 5));
    }
}

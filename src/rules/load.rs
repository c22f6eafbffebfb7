//! Loading: gather built-in and user rule files, compile lexicons, then
//! checklists. Every error names the file, line and column.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};
use rayon::prelude::*;

use super::raw::{CheckKind, RawChecklist, RawLexicon, RawMatcher, RawRule};
use super::{
    BlockSelector, Check, Checklist, Examples, FieldExpect, GalleryMetric, Lexicon, LexiconPack,
    Matcher, Metric, Pattern, PhotoMetric, ResponseMetric, Rule, RuleSet,
};
use crate::error::{Error, Result};
use crate::input::{Kind, Lang};

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
    let files = collect(dirs, langs)?;
    let (lexicons, checklists): (Vec<_>, Vec<_>) =
        files.iter().partition(|(rel, _)| is_lexicon_path(rel));
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
    let parsed: Vec<Result<RawChecklist>> = checklists
        .par_iter()
        .map(|(_, file)| {
            serde_yaml::from_str(&file.text).map_err(|e| Error::from_yaml(&file.display, &e, 0))
        })
        .collect();
    let mut rule_origin: HashMap<String, (usize, String)> = HashMap::new();
    for ((_, file), raw) in checklists.iter().zip(parsed) {
        add_checklist(&mut set, file, raw?, &mut rule_origin)?;
    }
    for (_, pack) in &mut set.packs {
        pack.build_index();
    }
    set.build_prefilters();
    Ok(set)
}

fn is_lexicon_path(rel: &str) -> bool {
    rel.split('/').any(|part| part == "lexicons")
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
            .map_err(|_| Error::new(dir.display().to_string(), "rules folder not found"))?;
        if !meta.is_dir() {
            return Err(Error::new(
                dir.display().to_string(),
                "--rules expects a folder",
            ));
        }
        walk(dir, dir, &mut |rel, path| {
            let display = path.display().to_string();
            let text = std::fs::read_to_string(path)
                .map_err(|e| Error::new(&display, format!("cannot read rule file: {e}")))?
                .into();
            files.insert(
                rel,
                SourceFile {
                    display,
                    text,
                    origin: i + 1,
                },
            );
            Ok(())
        })?;
    }
    Ok(files)
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

fn walk(root: &Path, dir: &Path, visit: &mut dyn FnMut(String, &Path) -> Result<()>) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|e| {
        Error::new(
            dir.display().to_string(),
            format!("cannot list folder: {e}"),
        )
    })?;
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with('.') {
            continue;
        }
        if path.is_dir() {
            walk(root, &path, visit)?;
        } else if name.ends_with(".yaml") || name.ends_with(".yml") {
            let rel = path.strip_prefix(root).unwrap_or(&path);
            let rel = rel.to_string_lossy().replace('\\', "/");
            visit(rel, &path)?;
        }
    }
    Ok(())
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
    let raw: RawLexicon =
        serde_yaml::from_str(&file.text).map_err(|e| Error::from_yaml(&file.display, &e, 0))?;
    let lang = parse_lang(file, &raw.lang)?;
    let entries: Vec<Vec<String>> = raw.entries.into_iter().map(|e| e.into_vec()).collect();
    let lexicon = Lexicon::new(&raw.lexicon, &entries).map_err(|bad| {
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
    let i = match set.packs.iter().position(|(l, _)| *l == lang) {
        Some(i) => i,
        None => {
            set.packs.push((lang, LexiconPack::default()));
            set.packs.len() - 1
        }
    };
    &mut set.packs[i].1
}

fn add_checklist(
    set: &mut RuleSet,
    file: &SourceFile,
    raw: RawChecklist,
    seen: &mut HashMap<String, (usize, String)>,
) -> Result<()> {
    let lang = parse_lang(file, &raw.lang)?;
    // `kind: all` makes a checklist (e.g. platform policy) apply to every kind.
    let kind = match raw.kind.as_str() {
        "all" => None,
        name => Some(Kind::parse(name).ok_or_else(|| {
            let (line, col) = locate_key(&file.text, 0, "kind");
            Error::at(
                &file.display,
                line,
                col,
                format!("unknown kind `{name}`; expected profile, reply, review-reply, portfolio, conversation or all"),
            )
        })?),
    };
    for (dim, weight) in &raw.weights {
        if !(0.0..=1000.0).contains(weight) {
            let (line, col) = locate_text(&file.text, dim);
            return Err(Error::at(
                &file.display,
                line,
                col,
                format!("weight of `{dim}` must be between 0 and 1000"),
            ));
        }
    }
    for raw_rule in raw.rules {
        let rule = compile_rule(set, file, raw_rule, kind, lang, &raw.weights)?;
        if let Some((origin, other)) = seen.get(&rule.id) {
            if *origin == file.origin {
                let (line, col) = locate_rule(&file.text, &rule.id, None);
                return Err(Error::at(
                    &file.display,
                    line,
                    col,
                    format!("duplicate rule id `{}` (first defined in {other})", rule.id),
                ));
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
        weights: raw.weights,
        file: file.display.clone(),
    });
    Ok(())
}

fn compile_rule(
    set: &mut RuleSet,
    file: &SourceFile,
    raw: RawRule,
    kind: Option<Kind>,
    lang: Lang,
    weights: &indexmap::IndexMap<String, f64>,
) -> Result<Rule> {
    let id = raw.id.clone();
    let fail = |key: Option<&str>, message: String| {
        let (line, col) = locate_rule(&file.text, &id, key);
        Error::at(&file.display, line, col, message)
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
    let allowed = raw.check.params();
    if let Some(extra) = raw.set_params().into_iter().find(|p| !allowed.contains(p)) {
        return Err(fail(
            Some(extra),
            format!("`{extra}` does not apply to check `{}`", raw.check.name()),
        ));
    }
    let check = compile_check(set, &raw, lang, &fail)?;
    let mut optional = |m: &Option<RawMatcher>| match m {
        Some(m) => compile_matcher(set, m, lang, &raw.id, &fail).map(Some),
        None => Ok(None),
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

type Fail<'a> = dyn Fn(Option<&str>, String) -> Error + 'a;

fn compile_check(set: &mut RuleSet, raw: &RawRule, lang: Lang, fail: &Fail) -> Result<Check> {
    let penalty = raw.penalty.unwrap_or(10.0);
    let max_penalty = raw.max_penalty.unwrap_or(100.0);
    if !(0.0..=100.0).contains(&penalty) || !(0.0..=100.0).contains(&max_penalty) {
        return Err(fail(
            Some("penalty"),
            "penalties are points out of 100 (0–100)".into(),
        ));
    }
    let min = |default: usize| -> Result<usize> {
        match raw.min {
            None => Ok(default),
            Some(m) if m >= 1.0 && m.fract() == 0.0 => Ok(m as usize),
            Some(m) => Err(fail(
                Some("min"),
                format!("min must be a whole number ≥ 1, got {m}"),
            )),
        }
    };
    let share = |default: f64| -> Result<f64> {
        let share = raw.share.unwrap_or(default);
        if share > 0.0 && share <= 1.0 {
            Ok(share)
        } else {
            Err(fail(Some("share"), "share must be in (0, 1]".into()))
        }
    };
    Ok(match raw.check {
        CheckKind::Phrases => {
            if raw.lexicon.is_none() && raw.phrases.is_none() {
                return Err(fail(
                    Some("check"),
                    "check `phrases` needs `lexicon` or `phrases`".into(),
                ));
            }
            let matcher = compile_matcher(set, &raw.matcher(), lang, &raw.id, fail)?;
            Check::Phrases {
                matcher,
                penalty,
                max_penalty,
            }
        }
        CheckKind::Pattern => {
            let source = raw
                .pattern
                .as_deref()
                .ok_or_else(|| fail(Some("check"), "check `pattern` needs `pattern`".into()))?;
            let regex = compile_regex(source, "pattern", fail)?;
            Check::Pattern {
                regex,
                penalty,
                max_penalty,
            }
        }
        CheckKind::Coverage => {
            let matcher = compile_matcher(set, &raw.matcher(), lang, &raw.id, fail)?;
            if matcher.lexicons.is_empty() && matcher.patterns.is_empty() {
                return Err(fail(
                    Some("check"),
                    "check `coverage` needs `lexicon`, `phrases` or `patterns`".into(),
                ));
            }
            Check::Coverage {
                matcher,
                min: min(1)?,
                penalty: raw.penalty.unwrap_or(100.0),
            }
        }
        CheckKind::Metric => {
            let metric = parse_named(
                raw.metric.as_deref(),
                "metric",
                raw.check,
                Metric::parse,
                Metric::NAMES,
                fail,
            )?;
            if raw.min.is_none() && raw.max.is_none() {
                return Err(fail(
                    Some("metric"),
                    "check `metric` needs `min` or `max`".into(),
                ));
            }
            Check::Metric {
                metric,
                min: raw.min,
                max: raw.max,
                penalty,
                max_penalty,
            }
        }
        CheckKind::Structure => {
            let blocks = parse_named(
                raw.blocks.as_deref(),
                "blocks",
                raw.check,
                BlockSelector::parse,
                BlockSelector::NAMES,
                fail,
            )?;
            Check::Structure {
                blocks,
                min: min(1)?,
                penalty: raw.penalty.unwrap_or(20.0),
            }
        }
        CheckKind::Position => {
            let matcher = compile_matcher(set, &raw.matcher(), lang, &raw.id, fail)?;
            Check::Position {
                matcher,
                share: share(0.3)?,
                penalty: raw.penalty.unwrap_or(20.0),
            }
        }
        CheckKind::Echo => {
            let matcher = compile_matcher(set, &raw.matcher(), lang, &raw.id, fail)?;
            Check::Echo {
                lexicons: matcher.lexicons,
                share: share(0.5)?,
                penalty: raw.penalty.unwrap_or(100.0),
            }
        }
        CheckKind::Context => Check::Context,
        CheckKind::Field => {
            let field = raw
                .field
                .clone()
                .ok_or_else(|| fail(Some("check"), "check `field` needs `field`".into()))?;
            let expect = raw.expect.as_deref().or(Some("present"));
            let expect = parse_named(
                expect,
                "expect",
                raw.check,
                FieldExpect::parse,
                FieldExpect::NAMES,
                fail,
            )?;
            Check::Field {
                field,
                expect,
                max: raw.max,
                penalty: raw.penalty.unwrap_or(20.0),
            }
        }
        CheckKind::Response => {
            let metric = parse_named(
                raw.metric.as_deref(),
                "metric",
                raw.check,
                ResponseMetric::parse,
                ResponseMetric::NAMES,
                fail,
            )?;
            let matcher = compile_matcher(set, &raw.matcher(), lang, &raw.id, fail)?;
            Check::Response {
                metric,
                minutes: raw.minutes.unwrap_or(60.0),
                min: raw.min,
                max: raw.max,
                lexicons: matcher.lexicons,
                penalty,
                max_penalty,
            }
        }
        CheckKind::Gallery => {
            let metric = parse_named(
                raw.metric.as_deref(),
                "metric",
                raw.check,
                GalleryMetric::parse,
                GalleryMetric::NAMES,
                fail,
            )?;
            bounded(raw, fail)?;
            Check::Gallery {
                metric,
                matcher: compile_matcher(set, &raw.matcher(), lang, &raw.id, fail)?,
                min: raw.min,
                max: raw.max,
                penalty: raw.penalty.unwrap_or(20.0),
            }
        }
        CheckKind::Photo => {
            let metric = parse_named(
                raw.metric.as_deref(),
                "metric",
                raw.check,
                PhotoMetric::parse,
                PhotoMetric::NAMES,
                fail,
            )?;
            let matcher = compile_matcher(set, &raw.matcher(), lang, &raw.id, fail)?;
            if metric.reads_caption() && matcher.lexicons.is_empty() && matcher.patterns.is_empty()
            {
                return Err(fail(
                    Some("metric"),
                    format!(
                        "metric `{}` needs `lexicon`, `phrases` or `patterns` to read captions",
                        raw.metric.as_deref().unwrap_or_default()
                    ),
                ));
            }
            if metric.is_measured() {
                bounded(raw, fail)?;
            }
            Check::Photo {
                metric,
                matcher,
                min: raw.min,
                max: raw.max,
                penalty,
                max_penalty,
            }
        }
    })
}

/// Measurement checks need a bound to compare against.
fn bounded(raw: &RawRule, fail: &Fail) -> Result<()> {
    if raw.min.is_none() && raw.max.is_none() {
        return Err(fail(
            Some("metric"),
            format!("check `{}` needs `min` or `max`", raw.check.name()),
        ));
    }
    Ok(())
}

/// A required parameter naming one of a closed set of values.
fn parse_named<T>(
    value: Option<&str>,
    key: &str,
    check: CheckKind,
    parse: impl Fn(&str) -> Option<T>,
    names: &str,
    fail: &Fail,
) -> Result<T> {
    let name = value.ok_or_else(|| {
        fail(
            Some("check"),
            format!("check `{}` needs `{key}`", check.name()),
        )
    })?;
    parse(name).ok_or_else(|| {
        fail(
            Some(key),
            format!("unknown {key} `{name}`; expected one of: {names}"),
        )
    })
}

fn compile_matcher(
    set: &mut RuleSet,
    raw: &RawMatcher,
    lang: Lang,
    rule_id: &str,
    fail: &Fail,
) -> Result<Matcher> {
    let mut matcher = Matcher::default();
    if let Some(names) = &raw.lexicon {
        for name in names.clone().into_vec() {
            let id = set.pack(lang).id(&name).ok_or_else(|| {
                let mut known: Vec<&str> = set.pack(lang).names().collect();
                known.sort();
                fail(
                    Some("lexicon"),
                    format!(
                        "unknown lexicon `{name}` for lang {}; known: {}",
                        lang.code(),
                        known.join(", ")
                    ),
                )
            })?;
            matcher.lexicons.push(id);
        }
    }
    if let Some(phrases) = &raw.phrases {
        let entries: Vec<Vec<String>> = phrases.iter().cloned().map(|p| p.into_vec()).collect();
        let lexicon = Lexicon::new(&format!("{rule_id}#phrases"), &entries)
            .map_err(|bad| fail(Some("phrases"), format!("phrase `{bad}` has no words")))?;
        matcher.lexicons.push(pack_mut(set, lang).insert(lexicon));
    }
    for source in raw.patterns.iter().flatten() {
        matcher
            .patterns
            .push(compile_regex(source, "patterns", fail)?);
    }
    Ok(matcher)
}

fn compile_regex(source: &str, key: &str, fail: &Fail) -> Result<Pattern> {
    Pattern::new(source)
        .map_err(|reason| fail(Some(key), format!("invalid regex `{source}`: {reason}")))
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
    fn locates_rule_keys() {
        let text = "rules:\n  - id: a.one\n    check: phrases\n  - id: a.two\n    pattern: \"(\"\n";
        assert_eq!(locate_rule(text, "a.two", Some("pattern")), (5, 5));
        assert_eq!(locate_rule(text, "a.two", None), (4, 5));
        assert_eq!(locate_rule(text, "a.one", Some("pattern")), (2, 5));
    }
}

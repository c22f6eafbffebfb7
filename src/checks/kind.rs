//! The check-kind registry. A check kind is one module that owns its typed
//! parameters (deserialised strictly), their validation, the placeholders its
//! messages may use, and its run; registering it is one line in `REGISTRY`.

use std::fmt;
use std::sync::Arc;

use serde::de::DeserializeOwned;

use super::{Ctx, Emitter, Judged, REGISTRY};
use crate::input::Lang;
use crate::rules::raw::{OneOrMany, RawMatcher, RawRating, RawSentence, SentenceFeature};
use crate::rules::{Lexicon, LexiconPack, Matcher, Pattern, RatingRule, SentenceFilter};
use crate::text::Features;

/// A compiled check, ready to run over any document.
pub trait Check: Send + Sync + fmt::Debug {
    /// Emits findings for one document and says whether it judged the
    /// rule's dimension.
    fn run(&self, ctx: &Ctx, emit: &mut Emitter) -> Judged;

    /// The lexicons and patterns it looks for, if any.
    fn matcher(&self) -> Option<&Matcher> {
        None
    }

    /// A regular expression of its own (beyond its matcher), if any.
    fn pattern(&self) -> Option<&Pattern> {
        None
    }

    /// The same check with its threshold moved by the smallest step, if it
    /// has one. The example verifier uses it to hold each threshold rule's
    /// examples at its edge, so an off-by-one cannot pass.
    fn nudged(&self, _nudge: Nudge) -> Option<Arc<dyn Check>> {
        None
    }
}

/// Which way [`Check::nudged`] moves a threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nudge {
    /// Flags one step sooner: a good example exactly at the edge now fires.
    Stricter,
    /// Flags one step later: a bad example just past the edge now passes.
    Looser,
}

/// What a check kind declares about itself.
pub trait CheckKind: Check + Sized + 'static {
    /// The `check:` value in rule files.
    const NAME: &'static str;
    /// The `{name}` placeholders its messages and suggestions may use.
    const PLACEHOLDERS: &'static [&'static str];
    /// Its parameters as written in the rule (unknown keys are errors).
    type Params: DeserializeOwned;
    /// It looks for terms: `lexicon`, `phrases`, `patterns`, `sentence`
    /// and `any` are read for it into [`Compiler::required_matcher`].
    const TERMS: bool = false;

    /// Validates the parameters (including combinations that could never
    /// fire) and compiles them.
    fn compile(params: Self::Params, cx: &mut Compiler) -> Result<Self, Invalid>;
}

/// Builds a kind's check from its parameters.
type CompileFn = fn(serde_yaml::Value, &mut Compiler) -> Result<Arc<dyn Check>, Invalid>;

/// A registered kind, type-erased.
pub struct Entry {
    pub name: &'static str,
    pub placeholders: &'static [&'static str],
    compile: CompileFn,
}

impl Entry {
    /// Deserialises `params` into the kind's parameters and compiles them.
    pub fn compile(
        &self,
        params: serde_yaml::Value,
        cx: &mut Compiler,
    ) -> Result<Arc<dyn Check>, Invalid> {
        (self.compile)(params, cx)
    }
}

/// The registry entry of a kind (see `registry!` in `checks`).
pub(crate) const fn entry<K: CheckKind>() -> Entry {
    Entry {
        name: K::NAME,
        placeholders: K::PLACEHOLDERS,
        compile: compile_erased::<K>,
    }
}

/// Keys of a matcher, shared by every kind that looks for terms.
const TERM_KEYS: [&str; 5] = ["lexicon", "phrases", "patterns", "sentence", "any"];

fn compile_erased<K: CheckKind>(
    mut params: serde_yaml::Value,
    cx: &mut Compiler,
) -> Result<Arc<dyn Check>, Invalid> {
    if K::TERMS
        && let serde_yaml::Value::Mapping(map) = &mut params
    {
        let mut terms = serde_yaml::Mapping::new();
        for key in TERM_KEYS {
            if let Some(value) = map.remove(key) {
                terms.insert(key.into(), value);
            }
        }
        cx.terms = strict::<K, RawMatcher>(serde_yaml::Value::Mapping(terms))?;
    }
    let params: K::Params = strict::<K, _>(params)?;
    Ok(Arc::new(K::compile(params, cx)?))
}

/// Deserialises strictly, naming the key at fault.
fn strict<K: CheckKind, T: DeserializeOwned>(value: serde_yaml::Value) -> Result<T, Invalid> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let key = e.path().iter().next().map(|s| s.to_string());
        let inner = crate::yaml::scrub(&e.inner().to_string());
        match unknown_field(&inner) {
            Some(name) => Invalid::at(
                name,
                format!("`{name}` does not apply to check `{}`", K::NAME),
            ),
            None => Invalid {
                key: key.filter(|k| k != "?"),
                message: inner,
            },
        }
    })
}

/// The field named in serde's "unknown field `x`, expected …".
fn unknown_field(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("unknown field `")?;
    rest.split('`').next()
}

/// The kind registered under `name`.
pub fn find(name: &str) -> Option<&'static Entry> {
    REGISTRY.iter().find(|e| e.name == name)
}

/// Names of every registered kind, for error messages.
pub fn names() -> String {
    let names: Vec<&str> = REGISTRY.iter().map(|e| e.name).collect();
    names.join(", ")
}

/// Why parameters were refused: the key to point at, and the reason.
#[derive(Debug, Clone, PartialEq)]
pub struct Invalid {
    pub key: Option<String>,
    pub message: String,
}

impl Invalid {
    pub fn at(key: &str, message: impl Into<String>) -> Invalid {
        Invalid {
            key: Some(key.to_string()),
            message: message.into(),
        }
    }
}

/// What compiling a rule may use: its language's lexicons and its id.
pub struct Compiler<'a> {
    pub pack: &'a mut LexiconPack,
    pub lang: Lang,
    pub rule_id: &'a str,
    /// Compile regular expressions now, so one over the size limit is a
    /// load error. Built-in patterns are compiled by a test instead, and
    /// lazily at run time (start-up stays fast).
    pub compile_patterns: bool,
    /// The rule's terms, for kinds that look for terms.
    pub terms: RawMatcher,
}

impl Compiler<'_> {
    /// A regular expression, checked at load.
    pub fn regex(&self, source: &str, key: &str) -> Result<Pattern, Invalid> {
        let pattern = Pattern::new(source)
            .map_err(|reason| Invalid::at(key, format!("invalid regex: {reason}")))?;
        if self.compile_patterns {
            pattern
                .compile()
                .map_err(|reason| Invalid::at(key, format!("invalid regex: {reason}")))?;
        }
        Ok(pattern)
    }

    /// A matcher that must look for something: a check of kind `kind`
    /// with nothing to look for could never fire.
    pub fn required_matcher(&mut self, kind: &str) -> Result<Matcher, Invalid> {
        let raw = std::mem::take(&mut self.terms);
        let matcher = self.matcher_from(&raw)?;
        if matcher.is_empty() {
            return Err(Invalid::at(
                "check",
                format!(
                    "check `{kind}` needs `lexicon`, `phrases`, `patterns`, `sentence` or `any`"
                ),
            ));
        }
        Ok(matcher)
    }

    /// Lexicons by name, inline phrases and regular expressions.
    pub fn matcher(
        &mut self,
        lexicon: Option<&OneOrMany>,
        phrases: Option<&[OneOrMany]>,
        patterns: Option<&[String]>,
    ) -> Result<Matcher, Invalid> {
        let mut matcher = Matcher::default();
        for name in lexicon.map(OneOrMany::as_slice).unwrap_or_default() {
            if let Some(role) = crate::rules::trade::Role::parse(name) {
                matcher.roles.push(role);
                continue;
            }
            let id = self.pack.id(name).ok_or_else(|| {
                let mut known: Vec<String> = self
                    .pack
                    .names()
                    .filter(|n| !n.contains('#') && !n.contains('.'))
                    .map(String::from)
                    .chain(crate::rules::trade::Role::names().map(String::from))
                    .collect();
                known.sort();
                Invalid::at(
                    "lexicon",
                    format!(
                        "unknown lexicon `{name}` for lang {}; known: {}",
                        self.lang.code(),
                        known.join(", ")
                    ),
                )
            })?;
            matcher.lexicons.push(id);
        }
        if let Some(phrases) = phrases {
            let entries: Vec<Vec<String>> = phrases.iter().map(|p| p.as_slice().to_vec()).collect();
            let lexicon =
                Lexicon::new(&format!("{}#phrases", self.rule_id), &entries).map_err(|bad| {
                    Invalid::at("phrases", format!("phrase `{}` has no words", bad.0))
                })?;
            matcher.lexicons.push(self.pack.insert(lexicon));
        }
        for source in patterns.unwrap_or_default() {
            matcher.patterns.push(self.regex(source, "patterns")?);
        }
        Ok(matcher)
    }

    /// A full matcher: terms, the sentence they must stand in, and
    /// alternatives.
    pub fn matcher_from(&mut self, raw: &RawMatcher) -> Result<Matcher, Invalid> {
        let mut matcher = self.matcher(
            raw.lexicon.as_ref(),
            raw.phrases.as_deref(),
            raw.patterns.as_deref(),
        )?;
        if let Some(sentence) = &raw.sentence {
            matcher.sentence = Some(Box::new(self.sentence_filter(sentence)?));
        }
        for alternative in raw.any.as_deref().unwrap_or_default() {
            let alternative = self.matcher_from(alternative)?;
            if alternative.is_empty() {
                return Err(Invalid::at(
                    "any",
                    "an alternative under `any` looks for nothing",
                ));
            }
            matcher.any.push(alternative);
        }
        if let Some(rating) = &raw.rating {
            matcher.rating = Some(rating_rule(rating)?);
        }
        Ok(matcher)
    }

    fn sentence_filter(&mut self, raw: &RawSentence) -> Result<SentenceFilter, Invalid> {
        let with = self.sentence_matcher(raw.with.as_deref(), "with")?;
        let without = self.sentence_matcher(raw.without.as_deref(), "without")?;
        let has = features(raw.has.as_deref());
        let lacks = features(raw.lacks.as_deref());
        if has.intersects(lacks) {
            return Err(Invalid::at(
                "sentence",
                "a feature under both `has` and `lacks` can never match",
            ));
        }
        Ok(SentenceFilter {
            forms: raw.form.clone().unwrap_or_default(),
            has,
            lacks,
            at: raw.at,
            negated: raw.negated,
            opens: raw.opens,
            with,
            without,
        })
    }

    /// A sentence's `with` or `without` matcher, which must look for something.
    fn sentence_matcher(
        &mut self,
        raw: Option<&RawMatcher>,
        name: &str,
    ) -> Result<Option<Matcher>, Invalid> {
        let Some(raw) = raw else { return Ok(None) };
        let m = self.matcher_from(raw)?;
        if m.is_empty() {
            return Err(Invalid::at(
                "sentence",
                format!("`{name}` looks for nothing"),
            ));
        }
        Ok(Some(m))
    }
}

fn features(list: Option<&[SentenceFeature]>) -> Features {
    list.unwrap_or_default()
        .iter()
        .fold(Features::empty(), |all, f| {
            all.union(match f {
                SentenceFeature::Question => Features::QUESTION,
                SentenceFeature::Request => Features::REQUEST,
                SentenceFeature::Time => Features::TIME,
                SentenceFeature::You => Features::YOU,
                SentenceFeature::We => Features::WE,
                SentenceFeature::Negation => Features::NEGATION,
                SentenceFeature::Condition => Features::CONDITION,
                SentenceFeature::Contrast => Features::CONTRAST,
                SentenceFeature::Number => Features::NUMBER,
                SentenceFeature::QuestionWord => Features::QUESTION_WORD,
                SentenceFeature::Promise => Features::PROMISE,
                SentenceFeature::YouDid => Features::YOU_DID,
                SentenceFeature::Regret => Features::REGRET,
            })
        })
}

fn rating_rule(raw: &RawRating) -> Result<RatingRule, Invalid> {
    let mut rule = RatingRule::default();
    for (list, bits) in [
        (&raw.matched, &mut rule.matched),
        (&raw.read_text, &mut rule.read_text),
    ] {
        for &stars in list {
            if !(1..=5).contains(&stars) {
                return Err(Invalid::at("rating", "ratings are 1–5 stars"));
            }
            *bits |= 1 << stars;
        }
    }
    if rule.matched & rule.read_text != 0 {
        return Err(Invalid::at(
            "rating",
            "a rating cannot be under both `match` and `read_text`",
        ));
    }
    Ok(rule)
}

/// Points off a dimension: 0–100, `default` when not given.
pub fn points(value: Option<f64>, default: f64, key: &str) -> Result<f64, Invalid> {
    let value = value.unwrap_or(default);
    if (0.0..=100.0).contains(&value) {
        Ok(value)
    } else {
        Err(Invalid::at(key, "penalties are points out of 100 (0–100)"))
    }
}

/// A whole number ≥ 1, `default` when not given.
pub fn count(value: Option<f64>, default: usize, key: &str) -> Result<usize, Invalid> {
    match value {
        None => Ok(default),
        Some(m) if m >= 1.0 && m.fract() == 0.0 && m <= 1e6 => Ok(m as usize),
        Some(m) => Err(Invalid::at(
            key,
            format!("{key} must be a whole number ≥ 1, got {m}"),
        )),
    }
}

/// A share in (0, 1], `default` when not given.
pub fn share(value: Option<f64>, default: f64, key: &str) -> Result<f64, Invalid> {
    let share = value.unwrap_or(default);
    if share > 0.0 && share <= 1.0 {
        Ok(share)
    } else {
        Err(Invalid::at(key, format!("{key} must be in (0, 1]")))
    }
}

/// An optional bound: any finite number.
pub fn bound(value: Option<f64>, key: &str) -> Result<Option<f64>, Invalid> {
    match value {
        Some(v) if !v.is_finite() => {
            Err(Invalid::at(key, format!("{key} must be a finite number")))
        }
        v => Ok(v),
    }
}

/// Lower and upper bounds of a measurement, with which of them the
/// measurement can ever exceed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bounds {
    pub min: Option<f64>,
    pub max: Option<f64>,
}

/// Which bounds a measurement reads; giving another one is an error, since
/// it could never fire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reads {
    Min,
    Max,
    Either,
    Neither,
}

impl Bounds {
    /// Validates `min`/`max` for a measurement named `what` that reads `reads`.
    pub fn new(
        min: Option<f64>,
        max: Option<f64>,
        reads: Reads,
        what: &str,
    ) -> Result<Bounds, Invalid> {
        let (min, max) = (bound(min, "min")?, bound(max, "max")?);
        let never = |key: &str| {
            Invalid::at(
                key,
                format!(
                    "`{key}` never fires for {what}; it reads {}",
                    reads.describe()
                ),
            )
        };
        match reads {
            Reads::Min if max.is_some() => return Err(never("max")),
            Reads::Max if min.is_some() => return Err(never("min")),
            Reads::Neither if min.is_some() => return Err(never("min")),
            Reads::Neither if max.is_some() => return Err(never("max")),
            _ => {}
        }
        let missing = match reads {
            Reads::Min => min.is_none(),
            Reads::Max => max.is_none(),
            Reads::Either => min.is_none() && max.is_none(),
            Reads::Neither => false,
        };
        if missing {
            return Err(Invalid::at(
                "check",
                format!("{what} needs {}", reads.describe()),
            ));
        }
        if let (Some(lo), Some(hi)) = (min, max)
            && lo > hi
        {
            return Err(Invalid::at(
                "min",
                format!("min ({lo}) is above max ({hi}): the check would always fire"),
            ));
        }
        Ok(Bounds { min, max })
    }

    /// Both bounds moved by `step` in the `nudge` direction.
    pub fn nudged(self, nudge: Nudge, step: f64) -> Bounds {
        let step = match nudge {
            Nudge::Stricter => step,
            Nudge::Looser => -step,
        };
        Bounds {
            min: self.min.map(|m| m + step),
            max: self.max.map(|m| m - step),
        }
    }
}

impl Reads {
    fn describe(self) -> &'static str {
        match self {
            Reads::Min => "`min`",
            Reads::Max => "`max`",
            Reads::Either => "`min` or `max`",
            Reads::Neither => "no bounds",
        }
    }
}

/// `{name}` placeholders in a template.
pub fn placeholders(template: &str) -> impl Iterator<Item = &str> {
    template.match_indices('{').filter_map(move |(open, _)| {
        let rest = &template[open + 1..];
        let close = rest.find('}')?;
        let name = &rest[..close];
        let is_name = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.');
        is_name.then_some(name)
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn every_kind_is_registered_once() {
        let mut names: Vec<&str> = REGISTRY.iter().map(|e| e.name).collect();
        names.sort();
        let before = names.len();
        names.dedup();
        assert_eq!(names.len(), before);
        assert!(find("phrases").is_some() && find("nope").is_none());
    }

    #[test]
    fn placeholders_are_names_in_braces() {
        let found: Vec<&str> = placeholders("«{match}» {a b} {x_1} {} {").collect();
        assert_eq!(found, ["match", "x_1"]);
    }

    #[test]
    fn bounds_refuse_what_never_fires() {
        assert!(Bounds::new(Some(1.0), None, Reads::Max, "m").is_err());
        assert!(Bounds::new(None, None, Reads::Either, "m").is_err());
        assert!(Bounds::new(Some(5.0), Some(1.0), Reads::Either, "m").is_err());
        assert!(Bounds::new(None, Some(f64::NAN), Reads::Max, "m").is_err());
        let b = Bounds::new(Some(1.0), Some(5.0), Reads::Either, "m").unwrap();
        assert_eq!((b.min, b.max), (Some(1.0), Some(5.0)));
        assert!(Bounds::new(None, None, Reads::Neither, "m").is_ok());
    }

    /// The one-line error of loading an English profile rule whose lines
    /// after `severity:` are `body`, laid over the built-in rules.
    pub(crate) fn load_error(body: &str) -> String {
        let yaml = format!(
            "checklist: en.profile.test\nkind: profile\nlang: en\ndescription: d\nweights: {{ specificity: 20 }}\nrules:\n  - id: en.profile.test-rule\n    title: t\n    mistake: 1\n    dimension: specificity\n    severity: info\n{body}\n    message: m\n    suggestion: s\n    explain: e\n    examples: {{ bad: [x], good: [y] }}\n"
        );
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("en")).unwrap();
        std::fs::write(dir.path().join("en/test.yaml"), yaml).unwrap();
        let mut settings = crate::Settings::builtin();
        settings.rule_dirs = vec![dir.path().to_path_buf()];
        match crate::Engine::for_langs(settings, &[crate::input::Lang::En]) {
            Ok(_) => panic!("the rule loaded"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn a_bound_error_says_which_bounds_the_measurement_reads() {
        let err = load_error("    check: metric\n    metric: words");
        assert!(err.contains("needs `min` or `max`"), "{err}");
        let err = load_error("    check: metric\n    metric: paragraph_words\n    min: 3");
        assert!(err.contains("it reads `max`"), "{err}");
        // The message names the measurement it is about.
        assert!(err.contains("metric `paragraph_words`"), "{err}");
        let err = load_error("    check: metric\n    metric: caps_share\n    min: 0.1");
        assert!(err.contains("metric `caps_share`"), "{err}");
    }

    #[test]
    fn a_parameter_of_another_kind_is_named_at_its_line() {
        // Line 14 of the file: `lexicon` under a `metric` check.
        let err =
            load_error("    check: metric\n    metric: words\n    lexicon: greeting\n    min: 3");
        assert!(
            err.contains("`lexicon` does not apply to check `metric`"),
            "{err}"
        );
        assert!(err.contains(":14:"), "{err}");
        // A value of the wrong type is reported at its own key.
        let err = load_error("    check: metric\n    metric: words\n    min: many");
        assert!(err.contains(":14:"), "{err}");
    }

    #[test]
    fn an_unknown_kind_lists_every_kind() {
        let err = load_error("    check: nope");
        for name in ["phrases", "pattern", "coverage", "echo", "photo"] {
            assert!(err.contains(name), "{name}: {err}");
        }
    }

    #[test]
    fn an_unknown_lexicon_lists_the_lexicons_a_rule_may_name() {
        let err = load_error("    check: phrases\n    lexicon: nope");
        assert!(err.contains("unknown lexicon `nope`"), "{err}");
        // Plain lexicons and trade roles, not the packs' own lists.
        assert!(
            err.contains("greeting") && err.contains("trade.materials"),
            "{err}"
        );
        let (_, known) = err.split_once("known: ").unwrap();
        assert!(
            known
                .split(", ")
                .all(|n| !n.contains('#') && n.matches('.').count() <= 1),
            "{err}"
        );
    }

    #[test]
    fn numbers_are_range_checked() {
        assert!(points(Some(f64::NAN), 10.0, "penalty").is_err());
        assert!(points(Some(101.0), 10.0, "penalty").is_err());
        assert_eq!(points(None, 10.0, "penalty"), Ok(10.0));
        assert!(count(Some(1.5), 1, "min").is_err());
        assert!(share(Some(0.0), 0.5, "share").is_err());
    }
}

//! The one way YAML is read: front matter, portfolio manifests, rule files
//! and `pitchlint.yaml` all come through [`from_str`].
//!
//! serde_yaml expands aliases as it builds values and bounds only how many
//! alias events it follows, not how many bytes they copy: a 100 KB scalar
//! aliased 20 000 times in a 176 KB file becomes gigabytes. So before
//! serde_yaml sees the text, an event parser walks it once and adds up the
//! size each alias would copy (nested anchors included) without expanding
//! anything; over the budget, the file is refused at the alias that crossed
//! it.

use std::fmt;
use std::sync::LazyLock;

use rustc_hash::FxHashMap as HashMap;
use saphyr_parser::{Event, Parser};
use serde::de::DeserializeOwned;

/// What each node costs beyond its text: serde_yaml builds a value per node
/// even for an empty scalar, so `[*a, *a, …]` over `&a ""` is not free.
const NODE_BYTES: u64 = 8;

/// Slack in a rule or configuration file's budget, so that small files may
/// still share anchors freely.
pub const CONFIG_SLACK_BYTES: u64 = 1024 * 1024;

/// Expanded size allowed per input byte in rule and configuration files.
pub const CONFIG_EXPANSION: u64 = 16;

/// How a file may use aliases (`*name`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Aliases {
    /// Documents, manifests and records people send: any alias is an error.
    Refuse,
    /// Aliases are followed while the whole file, expanded, stays within
    /// this many bytes.
    Budget(u64),
    /// The built-in rule files compiled into the binary: written and tested
    /// here, so not measured again at every start.
    Trusted,
}

impl Aliases {
    /// The budget for rule files and `pitchlint.yaml`: 16 × the input plus
    /// 1 MiB.
    pub fn for_config(text: &str) -> Aliases {
        Aliases::Budget(
            (text.len() as u64)
                .saturating_mul(CONFIG_EXPANSION)
                .saturating_add(CONFIG_SLACK_BYTES),
        )
    }
}

/// A one-line YAML error with its 1-based position in the YAML text, when
/// known. Messages never quote scalar values from the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub message: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
}

impl YamlError {
    fn at(line: usize, column: usize, message: impl Into<String>) -> YamlError {
        YamlError {
            message: message.into(),
            line: Some(line),
            column: Some(column),
        }
    }

    fn from_serde(err: &serde_yaml::Error) -> YamlError {
        let message = scrub(&err.to_string());
        match err.location() {
            Some(loc) => YamlError::at(loc.line(), loc.column(), message),
            None => YamlError {
                message,
                line: None,
                column: None,
            },
        }
    }

    /// The project error for `path`, with lines shifted by `line_offset`
    /// when the YAML sits inside a larger file (front matter).
    pub fn into_error(self, path: &str, line_offset: usize) -> crate::error::Error {
        match (self.line, self.column) {
            (Some(line), Some(column)) => {
                crate::error::Error::at(path, line + line_offset, column, self.message)
            }
            _ => crate::error::Error::new(path, self.message),
        }
    }
}

impl fmt::Display for YamlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let (Some(line), Some(column)) = (self.line, self.column) {
            write!(f, "{line}:{column}: ")?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for YamlError {}

/// Parses YAML into `T` after checking its aliases against `aliases`.
pub fn from_str<T: DeserializeOwned>(text: &str, aliases: Aliases) -> Result<T, YamlError> {
    check_aliases(text, aliases)?;
    serde_yaml::from_str(text).map_err(|e| {
        let mut error = YamlError::from_serde(&e);
        // serde_yaml puts a repeated key at the start of its mapping; point
        // at the repeat itself.
        if error.message.contains("duplicate entry")
            && let Some((line, column)) = repeated_key(text)
        {
            (error.line, error.column) = (Some(line), Some(column));
        }
        error
    })
}

/// Line and column (1-based) of the first key that repeats one before it
/// in the same mapping.
fn repeated_key(text: &str) -> Option<(usize, usize)> {
    // One entry per open collection: the keys seen (for mappings) and
    // whether the next scalar is a key.
    let mut open: Vec<Option<(Vec<String>, bool)>> = Vec::new();
    for item in Parser::new_from_str(text) {
        let (event, span) = item.ok()?;
        let is_key = matches!(open.last(), Some(Some((_, true))));
        match event {
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                flip(&mut open);
                let mapping = matches!(event, Event::MappingStart(..));
                open.push(mapping.then(|| (Vec::new(), true)));
            }
            Event::MappingEnd | Event::SequenceEnd => {
                open.pop();
            }
            Event::Scalar(value, ..) if is_key => {
                if let Some(Some((keys, _))) = open.last_mut() {
                    if keys.iter().any(|k| *k == value) {
                        return Some((span.start.line(), span.start.col() + 1));
                    }
                    keys.push(value.to_string());
                }
                flip(&mut open);
            }
            Event::Scalar(..) | Event::Alias(_) => flip(&mut open),
            _ => {}
        }
    }
    None
}

/// In a mapping, keys and values take turns.
fn flip(open: &mut [Option<(Vec<String>, bool)>]) {
    if let Some(Some((_, key_next))) = open.last_mut() {
        *key_next = !*key_next;
    }
}

/// Walks the YAML events once and refuses the text if its aliases break
/// `aliases`. Text without a `*` has no alias and is left to serde_yaml,
/// whose messages are the ones users know.
pub fn check_aliases(text: &str, aliases: Aliases) -> Result<(), YamlError> {
    if aliases == Aliases::Trusted || !text.contains('*') {
        return Ok(());
    }
    // Expanded bytes so far; each node adds its own cost, each alias the
    // whole size of its anchor, so this is the size of the expanded file.
    let mut total: u64 = 0;
    // Expanded size of every finished anchored node.
    let mut anchors: HashMap<usize, u64> = HashMap::default();
    // Collections still open: their anchor id and `total` when they began.
    let mut open: Vec<(usize, u64)> = Vec::new();
    for item in Parser::new_from_str(text) {
        let (event, span) = item.map_err(|e| {
            YamlError::at(
                e.marker().line(),
                e.marker().col() + 1,
                format!("malformed YAML: {}", e.info()),
            )
        })?;
        let (line, column) = (span.start.line(), span.start.col() + 1);
        match event {
            Event::Alias(id) => {
                let Aliases::Budget(_) = aliases else {
                    return Err(YamlError::at(
                        line,
                        column,
                        "YAML aliases (*name) are not allowed in documents",
                    ));
                };
                // An anchor not yet finished is one the alias sits inside.
                let size = anchors.get(&id).copied().ok_or_else(|| {
                    YamlError::at(line, column, "YAML alias refers to a node that contains it")
                })?;
                total = total.saturating_add(size);
            }
            Event::Scalar(value, _, anchor, _) => {
                let size = value.len() as u64 + NODE_BYTES;
                total = total.saturating_add(size);
                if anchor > 0 {
                    anchors.insert(anchor, size);
                }
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                open.push((anchor, total));
                total = total.saturating_add(NODE_BYTES);
            }
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some((anchor, start)) = open.pop()
                    && anchor > 0
                {
                    anchors.insert(anchor, total - start);
                }
            }
            _ => {}
        }
        if let Aliases::Budget(limit) = aliases
            && total > limit
        {
            return Err(YamlError::at(
                line,
                column,
                format!("YAML aliases expand this file past {limit} bytes; write the values out"),
            ));
        }
    }
    Ok(())
}

/// A serde_yaml message as one line, without its trailing position (kept
/// separately) and without the values it quotes from the file: `invalid
/// type: string "…"` keeps only `string`, and quoted names are cut short.
/// A serde_yaml message as one line, without the position (reported apart)
/// and without any value quoted from the file.
pub fn scrub(message: &str) -> String {
    static VALUE: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(
            r#"(invalid (?:type|value|length): [a-z ]+?) (?:"(?:[^"\\]|\\.)*"|`[^`]*`)"#,
        )
        .expect("valid regex")
    });
    static NAME: LazyLock<regex::Regex> =
        LazyLock::new(|| regex::Regex::new(r"`([^`]{40})[^`]+`").expect("valid regex"));
    let first = message.lines().next().unwrap_or(message);
    let first = match first.find(" at line ") {
        Some(i) => &first[..i],
        None => first,
    };
    let first = VALUE.replace_all(first, "$1");
    NAME.replace_all(&first, "`$1…`").into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_repeated_key_is_reported_where_it_repeats() {
        let text = "lang: ru\nrules:\n  a: off\n  b: on\nlang: en\n";
        let err = from_str::<serde_yaml::Value>(text, Aliases::Refuse).unwrap_err();
        assert!(err.message.contains("duplicate entry"), "{err}");
        assert_eq!((err.line, err.column), (Some(5), Some(1)));
        let nested = "top:\n  x: 1\n  list: [1, 2]\n  x: 2\n";
        let err = from_str::<serde_yaml::Value>(nested, Aliases::Refuse).unwrap_err();
        assert_eq!((err.line, err.column), (Some(4), Some(3)));
    }

    type Value = serde_yaml::Value;

    /// `x: &a "<n bytes>"` then `y: [*a, …]` with `uses` aliases.
    fn fan_out(scalar: usize, uses: usize) -> String {
        let mut text = format!("x: &a \"{}\"\ny: [", "z".repeat(scalar));
        for i in 0..uses {
            text.push_str(if i == 0 { "*a" } else { ", *a" });
        }
        text.push_str("]\n");
        text
    }

    #[test]
    fn documents_refuse_any_alias_naming_its_place() {
        let err = from_str::<Value>("a: &x 1\nb:\n  - *x\n", Aliases::Refuse).unwrap_err();
        assert_eq!((err.line, err.column), (Some(3), Some(5)), "{err}");
        assert_eq!(
            err.message,
            "YAML aliases (*name) are not allowed in documents"
        );
        // Anchors alone, and stars in text, are fine.
        let ok: Value = from_str("a: &x 1\nb: 5*3 *stars*\n", Aliases::Refuse).unwrap();
        assert_eq!(ok["b"].as_str(), Some("5*3 *stars*"));
    }

    #[test]
    fn the_published_amplification_is_refused_before_expansion() {
        // 100 KB × 20 000 aliases: about 2 GB if expanded.
        let text = fan_out(100_000, 20_000);
        assert!(text.len() < 200_000);
        let budget = Aliases::for_config(&text);
        let err = from_str::<Value>(&text, budget).unwrap_err();
        assert!(err.message.contains("expand this file past"), "{err}");
        // Refused at an early alias of line 2, long before the 20 000th.
        assert_eq!(err.line, Some(2));
        let column = err.column.unwrap();
        assert!(column < 1000, "refused late, at column {column}");
        assert!(!err.message.contains("zzz"), "quotes the file: {err}");
    }

    #[test]
    fn nested_anchors_multiply() {
        // 300 × 300 uses of 1 KB: 90 MB expanded from 3 KB of aliases.
        let mut text = format!("a: &a \"{}\"\nb: &b [", "z".repeat(1000));
        text.push_str(&vec!["*a"; 300].join(", "));
        text.push_str("]\nc: [");
        text.push_str(&vec!["*b"; 300].join(", "));
        text.push_str("]\n");
        let err = from_str::<Value>(&text, Aliases::for_config(&text)).unwrap_err();
        assert_eq!(err.line, Some(3), "{err}");
        // The first level alone (300 KB) is within the budget.
        let first = text.lines().take(2).collect::<Vec<_>>().join("\n");
        let value: Value = from_str(&first, Aliases::for_config(&first)).unwrap();
        assert_eq!(value["b"].as_sequence().unwrap().len(), 300);
    }

    #[test]
    fn config_files_may_share_anchors_within_the_budget() {
        let text = "base: &base {severity: warning, weight: 2}\nrules:\n  - <<: *base\n  - *base\n";
        let value: Value = from_str(text, Aliases::for_config(text)).unwrap();
        assert_eq!(value["rules"][1]["weight"].as_u64(), Some(2));
    }

    #[test]
    fn an_alias_inside_its_own_anchor_is_refused() {
        let err = from_str::<Value>("a: &a [1, *a]\n", Aliases::Budget(1 << 20)).unwrap_err();
        assert!(err.message.contains("contains it"), "{err}");
    }

    #[test]
    fn serde_errors_keep_position_and_drop_values() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Flag {
            on: bool,
        }
        let err = from_str::<Flag>("on: \"secret value\"\n", Aliases::Refuse).unwrap_err();
        assert_eq!(err.line, Some(1), "{err}");
        assert!(!err.message.contains("secret"), "{err}");
        assert!(err.message.contains("invalid type: string"), "{err}");
        let path_err = err.into_error("p.md", 1);
        assert_eq!(path_err.line, Some(2));
    }

    #[test]
    fn malformed_yaml_with_a_star_names_its_line() {
        let err = from_str::<Value>("a: *x\n", Aliases::Budget(1 << 20)).unwrap_err();
        assert_eq!(err.line, Some(1), "{err}");
    }
}

//! YAML front matter between `---` lines at the top of a Markdown file.

use std::ops::Range;

use super::{Kind, Lang};
use crate::error::{Error, Result};
use crate::yaml::Aliases;

#[derive(Debug, Clone)]
pub struct FrontMatter {
    /// All fields, kept for the checks that read them (contacts, hours…).
    pub fields: serde_yaml::Mapping,
    /// Byte offset where the body starts (after the closing `---` line).
    pub end: usize,
    /// Top-level keys and the byte span of their line, so that findings
    /// about a field point at it.
    keys: Vec<KeyPos>,
}

impl FrontMatter {
    /// Returns `None` when the text has no front matter.
    pub fn parse(path: &str, text: &str) -> Result<Option<FrontMatter>> {
        let Some(yaml_start) = opening_fence(text) else {
            return Ok(None);
        };
        let (yaml_end, end) = closing_fence(text, yaml_start).ok_or_else(|| {
            Error::at(
                path,
                1,
                1,
                "front matter opened with `---` is never closed by a `---` line",
            )
        })?;
        let yaml = &text[yaml_start..yaml_end];
        let value: serde_yaml::Value = if yaml.trim().is_empty() {
            serde_yaml::Value::Mapping(Default::default())
        } else {
            crate::yaml::from_str(yaml, Aliases::Refuse).map_err(|e| {
                let mut err = e.into_error(path, 1);
                err.message = format!("malformed front matter: {}", err.message);
                err
            })?
        };
        let serde_yaml::Value::Mapping(fields) = value else {
            return Err(Error::at(
                path,
                2,
                1,
                "front matter must be a mapping of `key: value` lines",
            ));
        };
        let front = FrontMatter {
            fields,
            end,
            keys: top_level_keys(text, yaml_start..yaml_end),
        };
        front.check_types(path)?;
        Ok(Some(front))
    }

    /// Fields the rules and the reader know are text (numbers and booleans
    /// read as text too); contacts may also list several values. A value of
    /// another shape would otherwise read as a missing field.
    fn check_types(&self, path: &str) -> Result<()> {
        use serde_yaml::Value;
        let scalar = |v: &Value| {
            matches!(
                v,
                Value::Null | Value::Bool(_) | Value::Number(_) | Value::String(_)
            )
        };
        for (key, lists) in KNOWN_FIELDS {
            let Some(value) = self.get(key) else {
                continue;
            };
            let ok = scalar(value)
                || (lists && value.as_sequence().is_some_and(|s| s.iter().all(scalar)));
            if !ok {
                let (line, column) = self
                    .keys
                    .iter()
                    .find(|k| k.name == key)
                    .map_or((2, 1), |k| (k.line, k.value_column));
                let expected = if lists {
                    "text or a list of texts"
                } else {
                    "text"
                };
                return Err(Error::at(
                    path,
                    line,
                    column,
                    format!(
                        "front matter `{key}` must be {expected}, not {}",
                        shape(value, lists)
                    ),
                ));
            }
        }
        Ok(())
    }

    /// A date field (`updated: 2026-05-01`), when it is one.
    pub fn date(&self, key: &str) -> Option<jiff::civil::Date> {
        self.get_text(key)?.trim().parse().ok()
    }

    /// A date field that lies after `today`: a profile cannot have been
    /// updated in the future, so such a date says nothing about freshness.
    pub fn future_date(&self, key: &str, today: jiff::civil::Date) -> Option<jiff::civil::Date> {
        self.date(key).filter(|date| *date > today)
    }

    pub fn get(&self, key: &str) -> Option<&serde_yaml::Value> {
        self.fields.get(key)
    }

    /// A scalar field as text (numbers and booleans included).
    pub fn get_text(&self, key: &str) -> Option<String> {
        match self.get(key)? {
            serde_yaml::Value::String(s) => Some(s.clone()),
            serde_yaml::Value::Number(n) => Some(n.to_string()),
            serde_yaml::Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    /// A scalar field as text, or a list of scalars joined with commas.
    pub fn get_list_text(&self, key: &str) -> Option<String> {
        if let Some(serde_yaml::Value::Sequence(items)) = self.get(key) {
            let texts: Vec<String> = items
                .iter()
                .filter_map(|v| match v {
                    serde_yaml::Value::String(s) => Some(s.clone()),
                    _ => None,
                })
                .collect();
            return Some(texts.join(","));
        }
        self.get_text(key)
    }

    /// The byte span of the line that sets `key`, for findings about it.
    pub fn key_span(&self, key: &str) -> Option<Range<usize>> {
        self.keys
            .iter()
            .find(|k| k.name == key)
            .map(|k| k.span.clone())
    }

    pub(super) fn kind(&self, path: &str) -> Result<Option<Kind>> {
        self.parsed_field(
            path,
            "kind",
            Kind::parse,
            "profile, reply, review-reply, portfolio, conversation",
        )
    }

    pub(super) fn lang(&self, path: &str) -> Result<Option<Lang>> {
        self.parsed_field(path, "lang", Lang::parse, "ru, en")
    }

    fn parsed_field<T>(
        &self,
        path: &str,
        key: &str,
        parse: impl Fn(&str) -> Option<T>,
        expected: &str,
    ) -> Result<Option<T>> {
        let Some(value) = self.get_text(key) else {
            return Ok(None);
        };
        parse(&value).map(Some).ok_or_else(|| {
            let line = self.key_line(key);
            Error::at(
                path,
                line,
                1,
                format!(
                    "front matter `{key}: {}` is not one of: {expected}",
                    super::excerpt(&value)
                ),
            )
        })
    }

    fn key_line(&self, key: &str) -> usize {
        self.keys
            .iter()
            .find(|k| k.name == key)
            .map_or(2, |k| k.line)
    }
}

/// Front-matter fields read as text, and whether a list is also allowed.
const KNOWN_FIELDS: [(&str, bool); 10] = [
    ("kind", false),
    ("lang", false),
    ("task", false),
    ("review", false),
    ("phone", true),
    ("email", true),
    ("hours", true),
    ("updated", false),
    ("notifications", false),
    ("auto_reply", false),
];

fn shape(value: &serde_yaml::Value, lists: bool) -> &'static str {
    match value {
        serde_yaml::Value::Sequence(_) if lists => "a list holding lists or mappings",
        serde_yaml::Value::Sequence(_) => "a list",
        serde_yaml::Value::Mapping(_) => "a mapping",
        _ => "a tagged value",
    }
}

/// A top-level front-matter key: its 1-based line, the byte span of that
/// line and the 1-based column where its value starts.
#[derive(Debug, Clone)]
struct KeyPos {
    name: String,
    line: usize,
    span: Range<usize>,
    value_column: usize,
}

/// Byte offset just after an opening `---` line at the very top, if any.
fn opening_fence(text: &str) -> Option<usize> {
    let first = text.lines().next()?;
    (first.trim_end() == "---").then(|| first.len() + line_break_len(text, first.len()))
}

/// Finds the closing `---` (or `...`) line; returns where the YAML ends and
/// where the body starts.
fn closing_fence(text: &str, from: usize) -> Option<(usize, usize)> {
    let mut offset = from;
    for line in text[from..].split_inclusive('\n') {
        let bare = line.trim_end();
        if bare == "---" || bare == "..." {
            return Some((offset, offset + line.len()));
        }
        offset += line.len();
    }
    None
}

fn line_break_len(text: &str, at: usize) -> usize {
    let rest = &text.as_bytes()[at..];
    if rest.starts_with(b"\r\n") {
        2
    } else if rest.starts_with(b"\n") {
        1
    } else {
        0
    }
}

/// Lines of the form `key:` that start at column 1.
fn top_level_keys(text: &str, yaml: Range<usize>) -> Vec<KeyPos> {
    let first_line = text[..yaml.start].matches('\n').count() + 1;
    let mut offset = yaml.start;
    let mut keys = Vec::new();
    for (i, line) in text[yaml.clone()].split_inclusive('\n').enumerate() {
        let bare = line.trim_end();
        let starts_key = bare
            .chars()
            .next()
            .is_some_and(|c| !c.is_whitespace() && c != '#' && c != '-');
        if let (true, Some(colon)) = (starts_key, bare.find(':')) {
            let name = bare[..colon].trim().trim_matches(['"', '\'']).to_string();
            let rest = &bare[colon + 1..];
            let blank = rest.len() - rest.trim_start().len();
            keys.push(KeyPos {
                name,
                line: first_line + i,
                span: offset..offset + bare.len(),
                value_column: bare[..colon + 1 + blank].chars().count() + 1,
            });
        }
        offset += line.len();
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_fields_and_positions() {
        let text = "---\nkind: profile\nphone: \"+7 900\"\n---\nBody";
        let fm = FrontMatter::parse("p.md", text).unwrap().unwrap();
        assert_eq!(fm.get_text("kind").as_deref(), Some("profile"));
        assert_eq!(&text[fm.end..], "Body");
        let span = fm.key_span("phone").unwrap();
        assert_eq!(&text[span], "phone: \"+7 900\"");
        assert_eq!(fm.key_line("phone"), 3);
    }

    #[test]
    fn no_front_matter() {
        assert!(
            FrontMatter::parse("p.md", "Hello\n---\n")
                .unwrap()
                .is_none()
        );
    }

    #[test]
    fn malformed_front_matter_names_line() {
        let text = "---\nkind: profile\nphone: [1, 2\n---\nBody";
        let err = FrontMatter::parse("p.md", text).unwrap_err();
        assert_eq!(err.line, Some(4), "{err}");
        assert!(err.to_string().starts_with("p.md:4:"), "{err}");
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let err = FrontMatter::parse("p.md", "---\nkind: profile\nBody").unwrap_err();
        assert!(err.message.contains("never closed"));
    }

    #[test]
    fn values_of_the_wrong_shape_are_errors_at_their_place() {
        let text = "---\nkind: profile\nphone:\n  home: \"+7 900\"\n---\nBody";
        let err = FrontMatter::parse("p.md", text).unwrap_err();
        assert_eq!((err.line, err.column), (Some(3), Some(7)), "{err}");
        assert!(err.message.contains("`phone` must be"), "{err}");
        assert!(!err.message.contains("+7 900"), "{err}");
        let text = "---\nupdated: [2026-01-01]\n---\nBody";
        let err = FrontMatter::parse("p.md", text).unwrap_err();
        assert_eq!((err.line, err.column), (Some(2), Some(10)), "{err}");
        // Lists of contacts, numbers and empty values stay allowed.
        let text = "---\nphone: [\"+7 900\", \"+7 901\"]\nupdated: 2026\nemail:\n---\nBody";
        assert!(FrontMatter::parse("p.md", text).is_ok());
    }

    #[test]
    fn dates_after_today_are_exposed() {
        let text = "---\nupdated: 2031-02-03\nhours: 9-18\n---\nBody";
        let fm = FrontMatter::parse("p.md", text).unwrap().unwrap();
        let today = jiff::civil::date(2026, 5, 1);
        assert_eq!(
            fm.future_date("updated", today),
            Some(jiff::civil::date(2031, 2, 3))
        );
        assert_eq!(
            fm.future_date("updated", jiff::civil::date(2031, 2, 3)),
            None
        );
        assert_eq!(fm.future_date("hours", today), None);
    }

    #[test]
    fn aliases_are_refused_in_front_matter() {
        let text = "---\nphone: &p \"+7 900\"\nemail: *p\n---\nBody";
        let err = FrontMatter::parse("p.md", text).unwrap_err();
        assert_eq!((err.line, err.column), (Some(3), Some(8)), "{err}");
        assert!(err.message.contains("aliases"), "{err}");
    }

    #[test]
    fn bad_kind_points_at_its_line() {
        let text = "---\nlang: ru\nkind: brochure\n---\nBody";
        let fm = FrontMatter::parse("p.md", text).unwrap().unwrap();
        let err = fm.kind("p.md").unwrap_err();
        assert_eq!((err.line, err.column), (Some(3), Some(1)));
    }
}

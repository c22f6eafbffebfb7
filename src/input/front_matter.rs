//! YAML front matter between `---` lines at the top of a Markdown file.

use std::ops::Range;

use super::{Kind, Lang};
use crate::error::{Error, Result};

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
            serde_yaml::from_str(yaml).map_err(|e| {
                let mut err = Error::from_yaml(path, &e, 1);
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
        Ok(Some(FrontMatter {
            fields,
            end,
            keys: top_level_keys(text, yaml_start..yaml_end),
        }))
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
                format!("front matter `{key}: {value}` is not one of: {expected}"),
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

/// A top-level front-matter key: its 1-based line and the byte span of that line.
#[derive(Debug, Clone)]
struct KeyPos {
    name: String,
    line: usize,
    span: Range<usize>,
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
            keys.push(KeyPos {
                name,
                line: first_line + i,
                span: offset..offset + bare.len(),
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
    fn bad_kind_points_at_its_line() {
        let text = "---\nlang: ru\nkind: brochure\n---\nBody";
        let fm = FrontMatter::parse("p.md", text).unwrap().unwrap();
        let err = fm.kind("p.md").unwrap_err();
        assert_eq!((err.line, err.column), (Some(3), Some(1)));
    }
}

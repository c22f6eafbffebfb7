//! The portfolio manifest: a YAML file listing photos with captions.
//!
//! ```yaml
//! kind: portfolio
//! lang: ru
//! owner: Мастерская «Камень»
//! items:
//!   - photo: photos/kitchen-1.jpg
//!     caption: Столешница из кварцевого агломерата, 3 недели, изготовили и смонтировали
//!     work_type: столешницы
//!     material: кварцевый агломерат
//! ```
//!
//! Unknown keys are errors with their line and column; each item keeps the
//! span of its first line so findings point at it.

use std::ops::Range;

use serde::Deserialize;

use crate::error::Result;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawManifest {
    #[allow(dead_code)] // lets a manifest say what it is; the kind comes from the file
    kind: Option<String>,
    lang: Option<String>,
    #[allow(dead_code)] // shown to people, not judged
    owner: Option<String>,
    items: Vec<RawItem>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawItem {
    photo: String,
    #[serde(default)]
    caption: Option<Scalar>,
    work_type: Option<Scalar>,
    material: Option<Scalar>,
    item: Option<Scalar>,
    duration: Option<Scalar>,
    scope: Option<Scalar>,
    render: Option<bool>,
    finished: Option<bool>,
}

/// A text field that people may also write as a number (`duration: 14`).
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Scalar {
    Text(String),
    Number(serde_yaml::Number),
}

impl Scalar {
    fn into_text(self) -> String {
        match self {
            Scalar::Text(t) => t.trim().to_string(),
            Scalar::Number(n) => n.to_string(),
        }
    }
}

/// One photo of the portfolio as the manifest describes it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Item {
    /// Path relative to the manifest's folder, as written.
    pub photo: String,
    pub caption: String,
    pub work_type: Option<String>,
    pub material: Option<String>,
    pub item: Option<String>,
    pub duration: Option<String>,
    pub scope: Option<String>,
    pub render: Option<bool>,
    pub finished: Option<bool>,
    /// Byte span of the item's first line in the manifest.
    pub span: Range<usize>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Manifest {
    pub lang: Option<String>,
    pub items: Vec<Item>,
}

impl Manifest {
    /// Parses and validates a manifest; `path` names it in errors.
    pub fn parse(path: &str, text: &str) -> Result<Manifest> {
        let raw: RawManifest = crate::yaml::from_str(text, crate::yaml::Aliases::Refuse)
            .map_err(|e| e.into_error(path, 0))?;
        let spans = item_spans(text, raw.items.len());
        let items = raw
            .items
            .into_iter()
            .zip(spans)
            .map(|(raw, span)| Item {
                photo: raw.photo.trim().to_string(),
                caption: raw.caption.map(Scalar::into_text).unwrap_or_default(),
                work_type: text_field(raw.work_type),
                material: text_field(raw.material),
                item: text_field(raw.item),
                duration: text_field(raw.duration),
                scope: text_field(raw.scope),
                render: raw.render,
                finished: raw.finished,
                span,
            })
            .collect();
        Ok(Manifest {
            lang: raw.lang,
            items,
        })
    }

    /// All captions and structured text, for language detection.
    pub fn prose(&self) -> String {
        let mut out = String::new();
        for item in &self.items {
            for part in [
                Some(&item.caption),
                item.material.as_ref(),
                item.item.as_ref(),
            ]
            .into_iter()
            .flatten()
            {
                out.push_str(part);
                out.push('\n');
            }
        }
        out
    }
}

fn text_field(value: Option<Scalar>) -> Option<String> {
    value.map(Scalar::into_text).filter(|t| !t.is_empty())
}

/// The first-line span of each item of the top-level `items:` list, for
/// block-style YAML. Flow-style lists (`items: [...]`) point at the
/// `items:` line.
fn item_spans(text: &str, count: usize) -> Vec<Range<usize>> {
    let mut lines = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let bare = line.trim_end_matches(['\n', '\r']);
        lines.push((offset..offset + bare.len(), bare));
        offset += line.len();
    }
    let Some(key) = lines.iter().position(|(_, l)| is_items_key(l)) else {
        return vec![0..0; count];
    };
    let mut spans = Vec::new();
    let mut indent = None;
    for (span, line) in &lines[key + 1..] {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let depth = line.len() - trimmed.len();
        let list_indent = *indent.get_or_insert(depth);
        if depth < list_indent || (depth == 0 && !trimmed.starts_with('-')) {
            break;
        }
        if depth == list_indent && trimmed.starts_with('-') {
            spans.push(span.start + depth..span.end);
        }
    }
    if spans.len() == count {
        spans
    } else {
        vec![lines[key].0.clone(); count]
    }
}

/// A top-level `items:` line: what makes a YAML file a manifest.
pub fn is_items_key(line: &str) -> bool {
    line.strip_prefix("items")
        .is_some_and(|rest| rest.trim_start().starts_with(':'))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MANIFEST: &str = "kind: portfolio\nlang: ru\nitems:\n  # кухни\n  - photo: a.jpg\n    caption: Столешница\n    duration: 14\n  - photo: b.jpg\n    render: true\n";

    #[test]
    fn parses_items_with_their_lines() {
        let m = Manifest::parse("p.yaml", MANIFEST).unwrap();
        assert_eq!(m.items.len(), 2);
        assert_eq!(&MANIFEST[m.items[0].span.clone()], "- photo: a.jpg");
        assert_eq!(&MANIFEST[m.items[1].span.clone()], "- photo: b.jpg");
        assert_eq!(m.items[0].duration.as_deref(), Some("14"));
        assert_eq!(m.items[1].render, Some(true));
        assert_eq!(m.items[1].caption, "");
    }

    #[test]
    fn unknown_keys_are_errors_with_line_and_column() {
        let text = "items:\n  - photo: a.jpg\n    captoin: x\n";
        let err = Manifest::parse("p.yaml", text).unwrap_err();
        assert_eq!(err.line, Some(3), "{err}");
        assert!(err.message.contains("captoin"), "{err}");
    }

    #[test]
    fn flow_lists_point_at_the_items_line() {
        let text = "lang: en\nitems: [{photo: a.jpg}, {photo: b.jpg}]\n";
        let m = Manifest::parse("p.yaml", text).unwrap();
        assert_eq!(
            &text[m.items[1].span.clone()],
            "items: [{photo: a.jpg}, {photo: b.jpg}]"
        );
    }
}

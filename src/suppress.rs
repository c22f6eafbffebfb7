//! In-document suppressions:
//! `<!-- pitchlint-disable RULE -->` … `<!-- pitchlint-enable RULE -->`,
//! `<!-- pitchlint-disable-next-line RULE -->` in Markdown, and
//! `# pitchlint-disable-line RULE` in YAML manifests. No rule id means every
//! rule. A `disable` never closed also covers whole-document findings. A
//! suppression that suppresses nothing is reported as info.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::input::Lang;
use crate::report::LineIndex;
use crate::rules::Severity;
use crate::types::Finding;

pub const UNUSED_RULE: &str = "pitchlint.unused-suppression";

static DIRECTIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"<!--\s*pitchlint-(disable-next-line|disable|enable)\b([^>]*?)-->|#\s*pitchlint-(disable-line)\b([^\n]*)")
        .expect("valid regex")
});

#[derive(Debug)]
struct Suppression {
    /// `None`: every rule.
    rules: Option<Vec<String>>,
    /// Byte range of findings' starts that it covers.
    covers: Range<usize>,
    /// Also covers whole-document findings (an unclosed `disable`).
    whole_document: bool,
    directive: Range<usize>,
    used: bool,
}

impl Suppression {
    fn matches(&self, finding: &Finding) -> bool {
        let rule_ok = self
            .rules
            .as_ref()
            .is_none_or(|r| r.contains(&finding.rule));
        let place_ok = match &finding.span {
            Some(span) => self.covers.contains(&span.start),
            None => self.whole_document,
        };
        rule_ok && place_ok
    }
}

fn rule_list(text: &str) -> Option<Vec<String>> {
    let rules: Vec<String> = text
        .split([',', ' ', '\t'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect();
    (!rules.is_empty()).then_some(rules)
}

fn parse(text: &str) -> Vec<Suppression> {
    let lines = LineIndex::new(text);
    let mut out: Vec<Suppression> = Vec::new();
    for caps in DIRECTIVE.captures_iter(text) {
        let whole = caps.get(0).expect("match");
        let (kind, args) = match (caps.get(1), caps.get(3)) {
            (Some(k), _) => (k.as_str(), caps.get(2).map_or("", |m| m.as_str())),
            (None, Some(k)) => (k.as_str(), caps.get(4).map_or("", |m| m.as_str())),
            _ => continue,
        };
        let rules = rule_list(args);
        let (line, _) = lines.position(text, whole.start());
        match kind {
            "disable" => out.push(Suppression {
                rules,
                covers: whole.end()..text.len(),
                whole_document: true,
                directive: whole.range(),
                used: false,
            }),
            "enable" => {
                // Closes the latest open region for the same rules.
                if let Some(open) = out
                    .iter_mut()
                    .rev()
                    .find(|s| s.whole_document && s.covers.end == text.len() && s.rules == rules)
                {
                    open.covers.end = whole.start();
                    open.whole_document = false;
                }
            }
            "disable-next-line" => {
                let next = next_content_line(text, &lines, line);
                out.push(Suppression {
                    rules,
                    covers: next,
                    whole_document: false,
                    directive: whole.range(),
                    used: false,
                });
            }
            _ => out.push(Suppression {
                rules,
                covers: lines.line_range(text, line),
                whole_document: false,
                directive: whole.range(),
                used: false,
            }),
        }
    }
    out
}

/// The byte range of the first non-blank line after `line`.
fn next_content_line(text: &str, lines: &LineIndex, line: usize) -> Range<usize> {
    let mut n = line + 1;
    loop {
        let Some(range) = lines.try_line_range(text, n) else {
            return text.len()..text.len();
        };
        if !text[range.clone()].trim().is_empty() {
            return range;
        }
        n += 1;
    }
}

/// Drops suppressed findings and reports suppressions that matched nothing.
pub fn apply(text: &str, lang: Lang, findings: Vec<Finding>) -> Vec<Finding> {
    if !text.contains("pitchlint-") {
        return findings;
    }
    let mut suppressions = parse(text);
    let mut kept = Vec::with_capacity(findings.len());
    for finding in findings {
        let mut suppressed = false;
        for s in suppressions.iter_mut().filter(|s| s.matches(&finding)) {
            s.used = true;
            suppressed = true;
        }
        if !suppressed {
            kept.push(finding);
        }
    }
    for s in suppressions.iter().filter(|s| !s.used) {
        let (message, suggestion) = match lang {
            Lang::Ru => (
                "Отключение проверки ничего не отключает",
                "Уберите этот комментарий или исправьте id правила",
            ),
            Lang::En => (
                "This suppression suppresses nothing",
                "Remove the comment or correct the rule id",
            ),
        };
        kept.push(Finding {
            rule: UNUSED_RULE.to_string(),
            mistake: 0,
            dimension: "general".to_string(),
            severity: Severity::Info,
            message: message.to_string(),
            suggestion: suggestion.to_string(),
            span: Some(s.directive.clone()),
            penalty: 0.0,
            item: None,
        });
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(rule: &str, span: Option<Range<usize>>) -> Finding {
        Finding {
            rule: rule.into(),
            mistake: 1,
            dimension: "specificity".into(),
            severity: Severity::Warning,
            message: String::new(),
            suggestion: String::new(),
            span,
            penalty: 10.0,
            item: None,
        }
    }

    fn at(text: &str, needle: &str) -> Option<Range<usize>> {
        let i = text.find(needle).unwrap();
        Some(i..i + needle.len())
    }

    fn rules(findings: &[Finding]) -> Vec<&str> {
        findings.iter().map(|f| f.rule.as_str()).collect()
    }

    #[test]
    fn region_and_next_line() {
        let text = "уют\n<!-- pitchlint-disable a -->\nуют\n<!-- pitchlint-enable a -->\nуют\n<!-- pitchlint-disable-next-line b -->\n\nкомфорт\nкомфорт2";
        let first = text.find("уют").unwrap();
        let after = first + "уют".len();
        let second = text[after..].find("уют").unwrap() + after;
        let third = text.rfind("уют").unwrap();
        let findings = vec![
            finding("a", Some(first..first + 6)),
            finding("a", Some(second..second + 6)),
            finding("a", Some(third..third + 6)),
            finding("b", at(text, "комфорт\n")),
            finding("b", at(text, "комфорт2")),
        ];
        let kept = apply(text, Lang::Ru, findings);
        assert_eq!(rules(&kept), ["a", "a", "b"]);
        assert_eq!(kept[0].span.as_ref().unwrap().start, first);
        assert_eq!(kept[1].span.as_ref().unwrap().start, third);
    }

    #[test]
    fn enable_closes_the_open_region_of_its_own_rules_only() {
        // `enable a` closes a's region, not b's opened after it; a second
        // `enable a` does not stretch the closed region.
        let text = "<!-- pitchlint-disable a -->\nx1\n<!-- pitchlint-disable b -->\nx2\n\
                    <!-- pitchlint-enable a -->\nx3\n<!-- pitchlint-enable a -->\nx4";
        let findings = ["x1", "x2", "x3", "x4"]
            .iter()
            .flat_map(|x| [finding("a", at(text, x)), finding("b", at(text, x))])
            .collect();
        let kept = apply(text, Lang::Ru, findings);
        let kept: Vec<(&str, &str)> = kept
            .iter()
            .map(|f| (f.rule.as_str(), &text[f.span.clone().unwrap()]))
            .collect();
        assert_eq!(kept, [("b", "x1"), ("a", "x3"), ("a", "x4")]);
    }

    #[test]
    fn unclosed_disable_covers_whole_document_findings() {
        let text = "<!-- pitchlint-disable ru.x -->\nтекст";
        let kept = apply(
            text,
            Lang::Ru,
            vec![finding("ru.x", None), finding("ru.y", None)],
        );
        assert_eq!(rules(&kept), ["ru.y"]);
    }

    #[test]
    fn unused_suppression_is_reported() {
        let text = "<!-- pitchlint-disable-next-line ru.nope -->\nтекст";
        let kept = apply(text, Lang::Ru, vec![]);
        assert_eq!(rules(&kept), [UNUSED_RULE]);
        assert_eq!(kept[0].severity, Severity::Info);
    }

    #[test]
    fn yaml_disable_line() {
        let text = "items:\n  - photo: a.jpg # pitchlint-disable-line ru.p\n  - photo: b.jpg\n";
        let findings = vec![
            finding("ru.p", at(text, "a.jpg")),
            finding("ru.p", at(text, "b.jpg")),
        ];
        let kept = apply(text, Lang::Ru, findings);
        assert_eq!(kept.len(), 1);
        assert_eq!(kept[0].span, at(text, "b.jpg"));
    }
}

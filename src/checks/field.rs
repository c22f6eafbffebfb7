//! `field`: front-matter facts a client relies on — a phone and e-mail that
//! work, working hours, a recent update, notifications, an auto-reply.
//! Findings point at the field's line (or the header when it is missing).

use std::sync::LazyLock;

use regex::Regex;

use serde::Deserialize;

use super::kind::{Bounds, Check, CheckKind, Compiler, Invalid, Reads, points};
use super::{Ctx, Emitter, Judged};

/// What a `field` rule expects of its front-matter field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldExpect {
    #[default]
    Present,
    Phone,
    Email,
    Hours,
    /// A date no more than `max` days before today (and not after it).
    Recent,
    /// A switch that is on (`on`, `true`, `yes`, `вкл`).
    On,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    field: Option<String>,
    #[serde(default)]
    expect: FieldExpect,
    max: Option<f64>,
    penalty: Option<f64>,
}

#[derive(Debug)]
pub struct Field {
    field: String,
    expect: FieldExpect,
    max: Option<f64>,
    penalty: f64,
}

impl CheckKind for Field {
    const NAME: &'static str = "field";
    const PLACEHOLDERS: &'static [&'static str] = &["field", "value", "days"];
    type Params = Params;

    fn compile(p: Params, _cx: &mut Compiler) -> Result<Self, Invalid> {
        let field = p
            .field
            .ok_or_else(|| Invalid::at("check", "check `field` needs `field`"))?;
        // Only freshness reads a bound (days); elsewhere `max` would never fire.
        let reads = if p.expect == FieldExpect::Recent {
            Reads::Either
        } else {
            Reads::Neither
        };
        let max = if p.expect == FieldExpect::Recent {
            p.max.or(Some(90.0))
        } else {
            p.max
        };
        let bounds = Bounds::new(None, max, reads, "this `expect`")?;
        Ok(Field {
            field,
            expect: p.expect,
            max: bounds.max,
            penalty: points(p.penalty, 20.0, "penalty")?,
        })
    }
}

static EMAIL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$").expect("valid regex"));
static TIME_RANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b([01]?\d|2[0-4])(?:[:.]([0-5]\d))?\s*(am|pm)?\s*[-–—]\s*([01]?\d|2[0-4])(?:[:.]([0-5]\d))?\s*(am|pm)?\b")
        .expect("valid regex")
});
static ALWAYS_OPEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)24\s*/\s*7|круглосуточно|24 часа|around the clock").expect("valid regex")
});

/// Russian numbers (+7 or 8 and ten digits) and international E.164.
pub fn valid_phone(text: &str) -> bool {
    let compact: String = text
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '(' | ')' | '.' | '\u{a0}'))
        .collect();
    let digits = compact.trim_start_matches('+');
    let plus_inside = compact.get(1..).unwrap_or("").contains('+');
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) || plus_inside {
        return false;
    }
    let russian = (compact.starts_with("+7") || compact.starts_with('8')) && digits.len() == 11;
    // Russian numbers have exactly 11 digits; others follow E.164.
    let e164 = compact.starts_with('+')
        && !compact.starts_with("+7")
        && (8..=15).contains(&digits.len())
        && !digits.starts_with('0');
    russian || e164
}

pub fn valid_email(text: &str) -> bool {
    EMAIL.is_match(text.trim())
}

/// Hours such as `Пн–Сб 9:00–20:00`, `Mon-Fri 8am-6pm` or `24/7`.
pub fn valid_hours(text: &str) -> bool {
    ALWAYS_OPEN.is_match(text) || TIME_RANGE.is_match(text)
}

/// Today's date in UTC: a day's precision is all freshness needs, and it
/// spares loading the system time-zone database.
fn today_utc() -> jiff::civil::Date {
    jiff::tz::TimeZone::UTC
        .to_datetime(jiff::Timestamp::now())
        .date()
}

fn switched_on(text: &str) -> bool {
    matches!(
        text.trim().to_lowercase().as_str(),
        "on" | "true" | "yes" | "вкл" | "включены" | "да"
    )
}

impl Check for Field {
    fn run(&self, ctx: &Ctx, emit: &mut Emitter) -> Judged {
        run(ctx, &self.field, self.expect, self.max, self.penalty, emit)
    }
}

fn run(
    ctx: &Ctx,
    field: &str,
    expect: FieldExpect,
    max: Option<f64>,
    penalty: f64,
    emit: &mut Emitter,
) -> Judged {
    let Some(front) = &ctx.doc.front else {
        // A profile with no header carries no contact facts to judge.
        return Judged::Impossible;
    };
    let header = 0..ctx.text().find('\n').unwrap_or(3).min(ctx.text().len());
    let value = front
        .get_text(field)
        .or_else(|| {
            front
                .get(field)
                .filter(|v| v.as_sequence().is_some_and(|s| !s.is_empty()))
                .map(|_| "list".into())
        })
        .filter(|v| !v.trim().is_empty());
    let span = front.key_span(field).unwrap_or(header.clone());
    let vars = |value: &str, extra: String| {
        vec![
            ("field", field.to_string()),
            ("value", value.to_string()),
            ("days", extra),
        ]
    };
    let Some(value) = value else {
        if matches!(expect, FieldExpect::Present | FieldExpect::On) {
            emit.emit(Some(header), penalty, &vars("", String::new()));
        }
        return Judged::Yes;
    };
    let (ok, days) = match expect {
        FieldExpect::Present => (true, String::new()),
        FieldExpect::Phone => (valid_phone(&value), String::new()),
        FieldExpect::Email => (valid_email(&value), String::new()),
        FieldExpect::Hours => (valid_hours(&value), String::new()),
        FieldExpect::On => (switched_on(&value), String::new()),
        FieldExpect::Recent => {
            let today = ctx.doc.today.unwrap_or_else(today_utc);
            match value.trim().parse::<jiff::civil::Date>() {
                Ok(date) => {
                    let days = (today - date).get_days();
                    // A date after today is a typo, not freshness.
                    let fresh = (0.0..=max.unwrap_or(90.0)).contains(&f64::from(days));
                    (fresh, days.to_string())
                }
                Err(_) => (false, "?".to_string()),
            }
        }
    };
    if !ok {
        emit.emit(Some(span), penalty, &vars(&value, days));
    }
    Judged::Yes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones() {
        for ok in [
            "+7 912 345-67-89",
            "8 (843) 123-45-67",
            "+44 20 7946 0958",
            "+1 512 555 0142",
        ] {
            assert!(valid_phone(ok), "{ok}");
        }
        for bad in [
            "912 345",
            "+7 912 345-67",
            "8-800-CALL-NOW",
            "+0 123 456 789",
            "phone",
        ] {
            assert!(!valid_phone(bad), "{bad}");
        }
    }

    #[test]
    fn emails_and_hours() {
        assert!(valid_email("master@example.ru"));
        assert!(!valid_email("master@example"));
        assert!(!valid_email("master example.ru"));
        assert!(valid_hours("Пн–Сб 9:00–20:00"));
        assert!(valid_hours("Mon-Fri 8am-6pm"));
        assert!(valid_hours("круглосуточно"));
        assert!(!valid_hours("по договорённости"));
    }
}

//! Conversation logs (JSON Lines or CSV of `thread`, `time`, `from`,
//! `text`): parsed once into messages, then per-thread first-response
//! times and turn endings. Problems that make the log unreadable are errors
//! with the line number; problems worth knowing but not fatal (unsorted
//! lines, duplicates, mixed time zones) are kept as issues for the rules.

use crate::types::ResponseSummary;
use std::collections::{BTreeMap, HashSet};
use std::ops::Range;

use jiff::Timestamp;
use jiff::civil::{DateTime, Time};
use jiff::tz::TimeZone;
use serde::Deserialize;

use crate::error::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Client,
    Contractor,
}

#[derive(Debug, Clone)]
pub struct Message {
    pub line: usize,
    /// Byte span of the line in the log.
    pub span: Range<usize>,
    pub thread: String,
    pub time: Timestamp,
    pub from: Role,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IssueKind {
    Unsorted,
    Duplicate,
    MixedZones,
}

#[derive(Debug, Clone)]
pub struct Issue {
    pub kind: IssueKind,
    pub line: usize,
    pub span: Range<usize>,
}

/// How times without an offset are read, and which hours count.
#[derive(Debug, Clone)]
pub struct Clock {
    pub zone: TimeZone,
    /// Working hours (start, end); when set, only time inside them counts.
    pub business_hours: Option<(Time, Time)>,
}

impl Default for Clock {
    fn default() -> Self {
        Clock {
            zone: TimeZone::UTC,
            business_hours: None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Log {
    /// Messages grouped by thread, each thread sorted by time.
    pub threads: BTreeMap<String, Vec<Message>>,
    pub issues: Vec<Issue>,
}

#[derive(Deserialize)]
struct RawRecord {
    thread: Option<serde_json::Value>,
    time: Option<String>,
    from: Option<String>,
    text: Option<String>,
}

fn role(value: &str) -> Option<Role> {
    match value.trim().to_lowercase().as_str() {
        "client" | "customer" | "клиент" | "заказчик" => Some(Role::Client),
        "contractor" | "master" | "pro" | "исполнитель" | "мастер" => {
            Some(Role::Contractor)
        }
        _ => None,
    }
}

/// An RFC 3339 time, or `YYYY-MM-DD HH:MM[:SS]` in the clock's zone.
/// Returns the instant and the offset text it carried, if any.
fn parse_time(text: &str, clock: &Clock) -> Option<(Timestamp, Option<String>)> {
    let text = text.trim();
    if let Ok(ts) = text.parse::<Timestamp>() {
        let offset = if text.ends_with('Z') || text.ends_with('z') {
            "+00:00".to_string()
        } else {
            text.get(text.len().saturating_sub(6)..)
                .unwrap_or("")
                .to_string()
        };
        return Some((ts, Some(offset)));
    }
    let dt: DateTime = text.parse().ok()?;
    let ts = clock.zone.to_timestamp(dt).ok()?;
    Some((ts, None))
}

fn missing(path: &str, line: usize, field: &str) -> Error {
    Error::at(path, line, 1, format!("missing `{field}`"))
}

/// Parses the log that fills `text[body]` (after any front matter), with
/// lines and spans counted in the whole file, as the user's editor counts
/// them.
pub fn parse_at(path: &str, text: &str, body: Range<usize>, clock: &Clock) -> Result<Log> {
    let lines_before = text[..body.start].matches('\n').count();
    let shift = |span: &mut Range<usize>| *span = span.start + body.start..span.end + body.start;
    let mut log = parse(path, &text[body.clone()], clock).map_err(|mut e| {
        e.line = e.line.map(|l| l + lines_before);
        e
    })?;
    for message in log.threads.values_mut().flatten() {
        message.line += lines_before;
        shift(&mut message.span);
    }
    for issue in &mut log.issues {
        issue.line += lines_before;
        shift(&mut issue.span);
    }
    Ok(log)
}

/// Parses a log on its own: lines and spans count from the start of `text`.
pub fn parse(path: &str, text: &str, clock: &Clock) -> Result<Log> {
    let csv = path.to_ascii_lowercase().ends_with(".csv")
        || text.trim_start().chars().next().is_some_and(|c| c != '{');
    let rows = if csv {
        csv_rows(path, text)?
    } else {
        jsonl_rows(path, text)?
    };
    let mut messages = Vec::with_capacity(rows.len());
    let mut offsets = HashSet::new();
    let mut issues = Vec::new();
    let mut seen = HashSet::new();
    for (line, span, raw) in rows {
        let thread = match raw.thread {
            Some(serde_json::Value::String(s)) if !s.is_empty() => s,
            Some(v @ serde_json::Value::Number(_)) => v.to_string(),
            _ => return Err(missing(path, line, "thread")),
        };
        let time_text = raw.time.ok_or_else(|| missing(path, line, "time"))?;
        let (time, offset) = parse_time(&time_text, clock).ok_or_else(|| {
            Error::at(
                path,
                line,
                1,
                format!(
                    "cannot read time `{}`; use RFC 3339 or YYYY-MM-DD HH:MM",
                    crate::input::excerpt(&time_text)
                ),
            )
        })?;
        if let Some(offset) = offset {
            offsets.insert(offset);
        }
        let from_text = raw.from.ok_or_else(|| missing(path, line, "from"))?;
        let from = role(&from_text).ok_or_else(|| {
            Error::at(
                path,
                line,
                1,
                format!(
                    "unknown `from` value `{}`; expected client or contractor",
                    crate::input::excerpt(&from_text)
                ),
            )
        })?;
        let text = raw.text.unwrap_or_default();
        let key = (thread.clone(), time, from == Role::Client, text.clone());
        if !seen.insert(key) {
            issues.push(Issue {
                kind: IssueKind::Duplicate,
                line,
                span: span.clone(),
            });
            continue;
        }
        messages.push(Message {
            line,
            span,
            thread,
            time,
            from,
            text,
        });
    }
    if offsets.len() > 1
        && let Some(first) = messages.first()
    {
        issues.push(Issue {
            kind: IssueKind::MixedZones,
            line: first.line,
            span: first.span.clone(),
        });
    }
    let mut threads: BTreeMap<String, Vec<Message>> = BTreeMap::new();
    for m in messages {
        threads.entry(m.thread.clone()).or_default().push(m);
    }
    for list in threads.values_mut() {
        for pair in list.windows(2) {
            if pair[1].time < pair[0].time {
                issues.push(Issue {
                    kind: IssueKind::Unsorted,
                    line: pair[1].line,
                    span: pair[1].span.clone(),
                });
            }
        }
        list.sort_by_key(|m| (m.time, m.line));
    }
    issues.sort_by_key(|i| i.line);
    Ok(Log { threads, issues })
}

type Row = (usize, Range<usize>, RawRecord);

fn line_spans(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let bare = line.trim_end_matches(['\n', '\r']);
        out.push(start..start + bare.len());
        start += line.len();
    }
    out
}

fn jsonl_rows(path: &str, text: &str) -> Result<Vec<Row>> {
    let mut rows = Vec::new();
    for (i, span) in line_spans(text).into_iter().enumerate() {
        let line = &text[span.clone()];
        if line.trim().is_empty() {
            continue;
        }
        let raw: RawRecord = serde_json::from_str(line).map_err(|e| {
            Error::at(
                path,
                i + 1,
                e.column().max(1),
                format!("malformed JSON line: {e}"),
            )
        })?;
        rows.push((i + 1, span, raw));
    }
    Ok(rows)
}

/// The line where a quoted CSV field opens and never closes. The csv
/// reader would take the rest of the file into that field without a word;
/// this follows the same rules (a field quoted from its first character,
/// `""` inside for a quote) to find where it began.
fn unterminated_quote(text: &str) -> Option<usize> {
    let (mut line, mut opened) = (1, 0);
    let (mut quoted, mut field_start) = (false, true);
    let mut bytes = text.bytes().peekable();
    while let Some(b) = bytes.next() {
        if quoted {
            match b {
                b'"' if bytes.peek() == Some(&b'"') => {
                    bytes.next();
                }
                b'"' => quoted = false,
                b'\n' => line += 1,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' if field_start => {
                quoted = true;
                opened = line;
                field_start = false;
            }
            b',' | b'\r' => field_start = true,
            b'\n' => {
                line += 1;
                field_start = true;
            }
            _ => field_start = false,
        }
    }
    quoted.then_some(opened)
}

fn csv_rows(path: &str, text: &str) -> Result<Vec<Row>> {
    if let Some(line) = unterminated_quote(text) {
        return Err(Error::at(
            path,
            line,
            1,
            "a quoted CSV field opens on this line and is never closed",
        ));
    }
    let spans = line_spans(text);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| Error::at(path, 1, 1, format!("cannot read CSV header: {e}")))?
        .clone();
    for column in ["thread", "time", "from", "text"] {
        if !headers.iter().any(|h| h.trim() == column) {
            return Err(Error::at(
                path,
                1,
                1,
                format!("CSV header has no `{column}` column"),
            ));
        }
    }
    let index = |name: &str| headers.iter().position(|h| h.trim() == name);
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line() as usize);
            Error::at(path, line.max(1), 1, format!("malformed CSV row: {e}"))
        })?;
        let line = record.position().map_or(1, |p| p.line() as usize);
        let get = |name: &str| index(name).and_then(|i| record.get(i)).map(str::to_string);
        let raw = RawRecord {
            thread: get("thread").map(serde_json::Value::String),
            time: get("time"),
            from: get("from"),
            text: get("text"),
        };
        let span = spans.get(line - 1).cloned().unwrap_or(0..0);
        rows.push((line, span, raw));
    }
    Ok(rows)
}

/// Per-thread facts the rules and the report read.
#[derive(Debug, Clone, PartialEq)]
pub struct ThreadStats {
    pub thread: String,
    /// Minutes from the first client message to the first contractor
    /// answer after it; `None` when never answered.
    pub first_response: Option<f64>,
    /// Line and span of the first client message, for findings.
    pub line: usize,
    pub span: Range<usize>,
}

pub fn thread_stats(log: &Log, clock: &Clock) -> Vec<ThreadStats> {
    let mut out = Vec::new();
    for (thread, messages) in &log.threads {
        let Some(first_client) = messages.iter().position(|m| m.from == Role::Client) else {
            continue;
        };
        let asked = &messages[first_client];
        let answer = messages[first_client..]
            .iter()
            .find(|m| m.from == Role::Contractor);
        out.push(ThreadStats {
            thread: thread.clone(),
            first_response: answer.map(|a| minutes_between(asked.time, a.time, clock)),
            line: asked.line,
            span: asked.span.clone(),
        });
    }
    out
}

/// Contractor messages that end a turn: followed by a client message or by
/// nothing.
pub fn turn_endings(log: &Log) -> Vec<&Message> {
    let mut out = Vec::new();
    for messages in log.threads.values() {
        for (i, m) in messages.iter().enumerate() {
            let next_is_contractor = messages
                .get(i + 1)
                .is_some_and(|n| n.from == Role::Contractor);
            if m.from == Role::Contractor && !next_is_contractor {
                out.push(m);
            }
        }
    }
    out.sort_by_key(|m| m.line);
    out
}

/// Elapsed minutes; with business hours, only minutes inside them count.
/// The first and last local days are measured against their own opening
/// hours; every day between counts whole, so an answer centuries late
/// costs no more than one the next day.
pub fn minutes_between(from: Timestamp, to: Timestamp, clock: &Clock) -> f64 {
    let total = (to.as_second() - from.as_second()).max(0) as f64 / 60.0;
    let Some((open, close)) = clock.business_hours else {
        return total;
    };
    if to <= from || close <= open {
        return 0.0;
    }
    let zone = &clock.zone;
    // Seconds of [from, to) inside the opening hours of one local day.
    let inside = |day: jiff::civil::Date| -> i64 {
        let at = |time: Time| zone.to_timestamp(day.to_datetime(time)).ok();
        let (Some(a), Some(b)) = (at(open), at(close)) else {
            return 0;
        };
        let start = a.max(from).as_second();
        let end = b.min(to).as_second();
        (end - start).max(0)
    };
    let first = zone.to_datetime(from).date();
    let last = zone.to_datetime(to).date();
    let mut seconds = inside(first);
    if last > first {
        seconds += inside(last);
        let between = i64::from((last - first).get_days()) - 1;
        let day = (close - open).total(jiff::Unit::Second).unwrap_or(0.0) as i64;
        seconds += between.max(0) * day;
    }
    seconds as f64 / 60.0
}

/// A response time as a person says it, in the document's language:
/// minutes under an hour and a half, hours after.
pub fn duration(minutes: f64, lang: crate::input::Lang) -> String {
    let ru = lang == crate::input::Lang::Ru;
    if minutes < 90.0 {
        format!("{minutes:.0} {}", if ru { "мин" } else { "min" })
    } else {
        format!("{:.1} {}", minutes / 60.0, if ru { "ч" } else { "h" })
    }
}

/// The median of a list (sorted copy); `None` when empty.
pub fn median(values: &[f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let mid = v.len() / 2;
    Some(if v.len().is_multiple_of(2) {
        (v[mid - 1] + v[mid]) / 2.0
    } else {
        v[mid]
    })
}

/// Response-time facts of a log, for the report.
pub fn summary(log: &Log, clock: &Clock) -> ResponseSummary {
    let stats = thread_stats(log, clock);
    let answered: Vec<f64> = stats.iter().filter_map(|s| s.first_response).collect();
    let mut buckets = [0usize; 6];
    for s in &stats {
        let i = match s.first_response {
            Some(m) if m <= 15.0 => 0,
            Some(m) if m <= 60.0 => 1,
            Some(m) if m <= 180.0 => 2,
            Some(m) if m <= 720.0 => 3,
            Some(_) => 4,
            None => 5,
        };
        buckets[i] += 1;
    }
    ResponseSummary {
        threads: stats.len(),
        answered: answered.len(),
        median_minutes: median(&answered),
        within_15: buckets[0],
        within_60: buckets[0] + buckets[1],
        over_12h: buckets[4],
        buckets,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOG: &str = r#"{"thread":"a","time":"2026-11-20T10:00:00+03:00","from":"client","text":"Нужна столешница"}
{"thread":"a","time":"2026-11-20T10:12:00+03:00","from":"contractor","text":"Здравствуйте! Пришлите фото кухни"}
{"thread":"b","time":"2026-11-20T09:00:00+03:00","from":"client","text":"Сколько стоит?"}
{"thread":"b","time":"2026-11-20T23:00:00+03:00","from":"contractor","text":"От 12 000 ₽"}
{"thread":"c","time":"2026-11-20T11:00:00+03:00","from":"client","text":"Алло?"}
"#;

    #[test]
    fn first_response_per_thread() {
        let clock = Clock::default();
        let log = parse("log.jsonl", LOG, &clock).unwrap();
        let stats = thread_stats(&log, &clock);
        let times: Vec<Option<f64>> = stats.iter().map(|s| s.first_response).collect();
        assert_eq!(times, [Some(12.0), Some(840.0), None]);
        assert_eq!(median(&[12.0, 840.0]), Some(426.0));
        assert_eq!(turn_endings(&log).len(), 2);
    }

    #[test]
    fn business_hours_exclude_the_night() {
        let clock = Clock {
            zone: TimeZone::get("Europe/Moscow").unwrap(),
            business_hours: Some((Time::constant(9, 0, 0, 0), Time::constant(20, 0, 0, 0))),
        };
        let from: Timestamp = "2026-11-20T19:00:00+03:00".parse().unwrap();
        let to: Timestamp = "2026-11-21T10:00:00+03:00".parse().unwrap();
        assert_eq!(minutes_between(from, to, &clock), 120.0);
        // Mid-day both ends, three days apart: 1 h + 2 × 11 h + 2 h.
        let from: Timestamp = "2026-11-20T19:00:00+03:00".parse().unwrap();
        let to: Timestamp = "2026-11-23T11:00:00+03:00".parse().unwrap();
        assert_eq!(
            minutes_between(from, to, &clock),
            60.0 + 2.0 * 660.0 + 120.0
        );
    }

    #[test]
    fn business_hours_over_centuries_are_counted_not_stepped() {
        let clock = Clock {
            zone: TimeZone::UTC,
            business_hours: Some((Time::constant(9, 0, 0, 0), Time::constant(18, 0, 0, 0))),
        };
        let log = "{\"thread\":\"a\",\"time\":\"1700-01-01T00:00:00Z\",\"from\":\"client\",\"text\":\"?\"}\n{\"thread\":\"a\",\"time\":\"2026-01-01T00:00:00Z\",\"from\":\"contractor\",\"text\":\"!\"}\n";
        let log = parse("log.jsonl", log, &clock).unwrap();
        let stats = thread_stats(&log, &clock);
        let days =
            i64::from((jiff::civil::date(2026, 1, 1) - jiff::civil::date(1700, 1, 1)).get_days());
        assert_eq!(stats[0].first_response, Some((days * 9 * 60) as f64));
    }

    #[test]
    fn csv_with_local_times_and_errors_with_lines() {
        let clock = Clock {
            zone: TimeZone::get("Europe/Moscow").unwrap(),
            business_hours: None,
        };
        let csv = "thread,time,from,text\nt1,2026-11-20 10:00,client,Привет\nt1,2026-11-20 10:30,contractor,\"Добрый день, пришлите фото\"\n";
        let log = parse("log.csv", csv, &clock).unwrap();
        let stats = thread_stats(&log, &clock);
        assert_eq!(stats[0].first_response, Some(30.0));
        let bad = "thread,time,from,text\nt1,2026-11-20 10:00,robot,Привет\n";
        let err = parse("log.csv", bad, &clock).unwrap_err();
        assert_eq!(err.line, Some(2));
        assert!(err.message.contains("unknown `from` value `robot`"));
        let no_col = "thread,time,text\nt1,2026-11-20 10:00,Привет\n";
        assert!(
            parse("log.csv", no_col, &clock)
                .unwrap_err()
                .message
                .contains("no `from` column")
        );
    }

    #[test]
    fn an_unclosed_csv_quote_is_an_error_where_it_opened() {
        let csv = "thread,time,from,text\nt1,2026-11-20 10:00,client,\"Привет, \"\"мастер\"\"\nещё строка\"\nt1,2026-11-20 10:30,contractor,\"Добрый день\nt1,2026-11-20 10:40,contractor,Алло\n";
        let err = parse("log.csv", csv, &Clock::default()).unwrap_err();
        assert_eq!(err.line, Some(4), "{err}");
        assert!(err.message.contains("never closed"), "{err}");
        // Quotes inside an unquoted field are text, as the csv reader reads them.
        let fine = "thread,time,from,text\nt1,2026-11-20 10:00,client,Размер 2\" дюйма\n";
        assert!(parse("log.csv", fine, &Clock::default()).is_ok());
    }

    #[test]
    fn logs_after_front_matter_count_file_lines() {
        let text = "---\nkind: conversation\n---\n{\"thread\":\"a\",\"time\":\"2026-11-20T10:00:00Z\",\"from\":\"client\",\"text\":\"x\"}\n{\"thread\":\"a\",\"time\":\"2026-11-20T10:00:00Z\",\"from\":\"robot\"}\n";
        let body = text.find("{").unwrap()..text.len();
        let err = parse_at("log.md", text, body.clone(), &Clock::default()).unwrap_err();
        assert_eq!(err.line, Some(5), "{err}");
        let ok = &text[..text.rfind("{").unwrap()];
        let log = parse_at("log.md", ok, body.start..ok.len(), &Clock::default()).unwrap();
        let m = &log.threads["a"][0];
        assert_eq!(m.line, 4);
        assert!(ok[m.span.clone()].starts_with("{\"thread\""));
    }

    #[test]
    fn issues_for_unsorted_duplicate_and_mixed_zones() {
        let log_text = "{\"thread\":\"a\",\"time\":\"2026-11-20T10:00:00+03:00\",\"from\":\"client\",\"text\":\"x\"}\n{\"thread\":\"a\",\"time\":\"2026-11-20T06:00:00Z\",\"from\":\"contractor\",\"text\":\"y\"}\n{\"thread\":\"a\",\"time\":\"2026-11-20T06:00:00Z\",\"from\":\"contractor\",\"text\":\"y\"}\n";
        let log = parse("log.jsonl", log_text, &Clock::default()).unwrap();
        let kinds: Vec<(IssueKind, usize)> = log.issues.iter().map(|i| (i.kind, i.line)).collect();
        assert_eq!(
            kinds,
            [
                (IssueKind::MixedZones, 1),
                (IssueKind::Unsorted, 2),
                (IssueKind::Duplicate, 3)
            ]
        );
    }
}

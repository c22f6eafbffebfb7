//! `pitchlint batch`: JSON Lines in, JSON Lines out, one result line per
//! input line, in input order, with all cores busy. Input is read, linted
//! and written in chunks, so memory stays flat whatever the input size.
//! A bad record becomes an error line; the run goes on.

use std::io::{BufRead, Write};
use std::sync::mpsc::{Receiver, SyncSender};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::Engine;
use crate::dimensions::DIMENSIONS;
use crate::emit::json::{self, Place};
use crate::error::Error;
use crate::input::{self, Context, ContextKind, Document, Kind, Lang};
use crate::overview::{Entry, Overview};
use crate::report::DocReport;

/// Records longer than this are refused (and skipped without being held
/// in memory).
pub const MAX_RECORD_BYTES: usize = 1024 * 1024;
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";
/// Lines linted per parallel step.
const CHUNK: usize = 512;

/// How each record is written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Layout {
    /// The document object of the JSON report, with `id` and `line` in front.
    #[default]
    Full,
    /// A compact JSON line: id, line, kind, lang, score, grade, each
    /// dimension's score and the top three fixes.
    Scores,
    /// One CSV row per record, a column per dimension, after a header row.
    Csv,
}

/// Fixes a compact record lists.
pub const COMPACT_FIXES: usize = 3;

/// One record to lint: a batch line or an API request.
#[derive(Debug, Default, Deserialize)]
pub struct Record {
    #[serde(default)]
    pub id: Value,
    pub kind: Option<String>,
    pub text: Option<String>,
    pub task: Option<String>,
    pub review: Option<String>,
    /// The review's star rating, 1–5 (a number or a numeric string).
    pub rating: Option<Value>,
    pub lang: Option<String>,
    /// Trade ids (`"electrics"` or `"kitchens_furniture, stone_countertops"`)
    /// and market id, instead of detecting them.
    pub trade: Option<String>,
    pub market: Option<String>,
}

/// Totals for the closing summary, and the run in brief when asked for.
#[derive(Debug, Default, Clone)]
pub struct Totals {
    pub records: usize,
    pub errors: usize,
    pub score_sum: u64,
    pub scored: usize,
    /// Kept when `run` is given one (`batch --report`).
    pub overview: Option<Overview>,
}

impl Totals {
    fn count(&mut self, outcome: Outcome) {
        self.records += 1;
        match outcome {
            Outcome::Scored(score, entry) => {
                if let Some(s) = score {
                    self.scored += 1;
                    self.score_sum += u64::from(s);
                }
                if let (Some(overview), Some(entry)) = (&mut self.overview, entry) {
                    overview.add(*entry);
                }
            }
            Outcome::Failed => {
                self.errors += 1;
                if let Some(overview) = &mut self.overview {
                    overview.add_error();
                }
            }
        }
    }

    pub fn mean_score(&self) -> Option<f64> {
        (self.scored > 0).then(|| self.score_sum as f64 / self.scored as f64)
    }
}

/// One input line: its number, and its bytes or why they were not kept.
enum Line {
    Text(Vec<u8>),
    TooLong(usize),
}

impl Line {
    fn len(&self) -> usize {
        match self {
            Line::Text(t) => t.len(),
            Line::TooLong(n) => *n,
        }
    }
}

/// Reads the next line (without its line break), refusing to hold more
/// than `MAX_RECORD_BYTES` of it. The CR of a CRLF ending is not part of
/// the record, so it does not count against the limit. `None` at end of
/// input.
fn read_line(reader: &mut impl BufRead) -> std::io::Result<Option<Line>> {
    let mut buf = Vec::new();
    let mut total = 0usize;
    let mut any = false;
    let mut last = None;
    loop {
        let chunk = reader.fill_buf()?;
        if chunk.is_empty() {
            break;
        }
        any = true;
        let (take, done) = match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => (i, true),
            None => (chunk.len(), false),
        };
        total += take;
        if take > 0 {
            last = Some(chunk[take - 1]);
        }
        // One byte of room for a CR that turns out to end the line.
        if total <= MAX_RECORD_BYTES + 1 {
            buf.extend_from_slice(&chunk[..take]);
        }
        reader.consume(if done { take + 1 } else { take });
        if done {
            break;
        }
    }
    if !any {
        return Ok(None);
    }
    if last == Some(b'\r') {
        total -= 1;
        buf.truncate(total);
    }
    Ok(Some(if total > MAX_RECORD_BYTES {
        Line::TooLong(total)
    } else {
        Line::Text(buf)
    }))
}

/// The record's id even from a broken line, so the error can be matched
/// to its source: from valid JSON of the wrong shape, or a leading `"id"`
/// whose value is a whole JSON string or integer followed by `,` or `}`.
/// Anything less (`1e400`, `7.5`, a cut-off string) gives `null`: a guess
/// such as `1` would collide with a real record's id.
fn salvage_id(bytes: &[u8]) -> Value {
    static ID: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r#"^\s*\{\s*"id"\s*:\s*(-?(?:0|[1-9][0-9]*)|"(?:[^"\\]|\\.)*")\s*[,}]"#)
            .expect("valid regex")
    });
    if let Ok(v) = serde_json::from_slice::<Value>(bytes) {
        return v.get("id").cloned().unwrap_or(Value::Null);
    }
    let text = String::from_utf8_lossy(bytes);
    ID.captures(&text)
        .and_then(|c| serde_json::from_str(&c[1]).ok())
        .unwrap_or(Value::Null)
}

fn error_line(id: Value, line: usize, error: String, layout: Layout, out: &mut Vec<u8>) {
    if layout == Layout::Csv {
        return csv_row(&[id_cell(&id), line.to_string()], &[], &error, "", out);
    }
    json::error_line(&id, Place::Line(line), &error, out);
}

/// How messages name a record: its id, or where it was.
pub fn id_label(id: &Value, place: Place) -> String {
    match (id, place) {
        (Value::String(s), _) => s.clone(),
        (Value::Null, Place::Line(line)) => format!("line {line}"),
        (Value::Null, Place::Index(index)) => format!("document {index}"),
        (other, _) => other.to_string(),
    }
}

/// What became of one record: its score and, when the run keeps an
/// overview, what the overview needs of it.
enum Outcome {
    Scored(Option<u8>, Option<Box<Entry>>),
    Failed,
}

/// Lints one record and writes its output line (without a line break)
/// into `out`.
fn process(
    engine: &Engine,
    number: usize,
    line: &Line,
    layout: Layout,
    keep: bool,
    out: &mut Vec<u8>,
) -> Outcome {
    let bytes = match line {
        Line::TooLong(len) => {
            let error = format!("record is {len} bytes, over the {MAX_RECORD_BYTES}-byte limit");
            error_line(Value::Null, number, error, layout, out);
            return Outcome::Failed;
        }
        Line::Text(bytes) => bytes,
    };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        error_line(Value::Null, number, "empty line".into(), layout, out);
        return Outcome::Failed;
    }
    let mut record: Record = match serde_json::from_slice(bytes) {
        Ok(r) => r,
        Err(e) => {
            let id = salvage_id(bytes);
            error_line(id, number, format!("malformed record: {e}"), layout, out);
            return Outcome::Failed;
        }
    };
    let id = std::mem::take(&mut record.id);
    let place = Place::Line(number);
    match lint(engine, &id_label(&id, place), record) {
        Ok(report) => {
            match layout {
                Layout::Full => json::record_line(&id, place, &report, out),
                Layout::Scores => json::score_line(&id, place, &report, COMPACT_FIXES, out),
                Layout::Csv => report_row(&id, number, &report, out),
            }
            let entry = keep.then(|| Box::new(Entry::of(id_label(&id, place), &report)));
            Outcome::Scored(report.scores.overall, entry)
        }
        Err(error) => {
            error_line(id, number, error.message, layout, out);
            Outcome::Failed
        }
    }
}

/// The CSV header: who the record is, its scores, one column per
/// dimension, then the first fix and any error.
pub fn csv_header() -> Vec<u8> {
    let mut out = Vec::new();
    let head = ["id", "line", "kind", "lang", "score", "grade"].map(String::from);
    let dimensions: Vec<String> = DIMENSIONS.iter().map(|d| d.id.to_string()).collect();
    csv_row(&head, &dimensions, "error", "top_fix", &mut out);
    out
}

fn report_row(id: &Value, line: usize, report: &DocReport, out: &mut Vec<u8>) {
    let scores = &report.scores;
    let head = [
        id_cell(id),
        line.to_string(),
        report.kind.name().to_string(),
        report.lang.code().to_string(),
        scores.overall.map(|s| s.to_string()).unwrap_or_default(),
        scores.grade.map(String::from).unwrap_or_default(),
    ];
    let dimensions: Vec<String> = DIMENSIONS
        .iter()
        .map(|d| {
            let score = scores.dimensions.iter().find(|s| s.name == d.id);
            score
                .and_then(|s| s.score)
                .map(|s| s.to_string())
                .unwrap_or_default()
        })
        .collect();
    let fixes = report.top_fixes();
    let fix = fixes.first().map_or("", |f| f.suggestion);
    csv_row(&head, &dimensions, "", fix, out);
}

/// An id as a cell: strings as they are, anything else as JSON.
fn id_cell(id: &Value) -> String {
    match id {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// Writes one row (without the line break, like every layout).
fn csv_row(head: &[String], dimensions: &[String], error: &str, fix: &str, out: &mut Vec<u8>) {
    let mut cells: Vec<&str> = head.iter().map(String::as_str).collect();
    cells.resize(6, "");
    if dimensions.is_empty() {
        cells.extend(std::iter::repeat_n("", DIMENSIONS.len()));
    } else {
        cells.extend(dimensions.iter().map(String::as_str));
    }
    cells.extend([fix, error]);
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(&mut *out);
    writer.write_record(&cells).expect("a row writes to memory");
    writer.flush().expect("a row writes to memory");
    drop(writer);
    out.pop();
}

/// Lints one record; `path` names it in the report. Errors are one line.
/// A record's own `lang` wins; `auto` asks for detection even when the
/// settings name a language; no `lang` takes the settings' one.
pub fn lint(engine: &Engine, path: &str, record: Record) -> Result<DocReport, Error> {
    engine.check(document(engine, path, record)?)
}

/// The document a record describes, with its job post or review.
pub fn document(engine: &Engine, path: &str, record: Record) -> Result<Document, Error> {
    let text = record
        .text
        .ok_or_else(|| Error::usage("missing field `text`"))?;
    let kind = match record.kind.as_deref() {
        None => None,
        Some(name) => Some(
            Kind::parse(name)
                .ok_or_else(|| Error::usage(format!("unknown kind `{}`", input::excerpt(name))))?,
        ),
    };
    let lang = match record.lang.as_deref() {
        None => engine.settings().lang,
        Some("auto") => None,
        Some(code) => Some(
            Lang::parse(code)
                .ok_or_else(|| Error::usage(format!("unknown lang `{}`", input::excerpt(code))))?,
        ),
    };
    let context = match (&record.task, &record.review) {
        (Some(task), _) => Some(Context::inline(ContextKind::Task, path, task)),
        (_, Some(review)) => Some(
            Context::inline(ContextKind::Review, path, review)
                .and_then(|c| c.rated(path, rating_text(record.rating.as_ref()).as_deref())),
        ),
        _ => None,
    }
    .transpose()?;
    let mut options = engine.settings().input_options(kind, context);
    options.lang = lang;
    if let Some(trades) = record.trade.as_deref() {
        options.subject.trades = input::Subject::parse_trades(trades);
    }
    if let Some(market) = record.market.as_deref() {
        options.subject.market = Some(market.trim().to_ascii_lowercase());
    }
    input::from_text(path, text, &options)
}

/// A record as submitted in a list: parsed, or refused with its id and
/// the reason.
pub type Submitted = Result<Record, (Value, String)>;

/// The result for the `index`-th of a list of records (an API batch, a
/// Python list): the document object (or its compact form) tagged with id
/// and index, or `{id, index, error}` for a record refused before linting
/// (`Err((id, reason))`) or one that cannot be checked.
pub fn indexed(engine: &Engine, index: usize, record: Submitted, layout: Layout) -> Indexed {
    let (id, outcome) = match record {
        Ok(mut record) => {
            let id = std::mem::take(&mut record.id);
            let label = id_label(&id, Place::Index(index));
            let outcome = lint(engine, &label, record).map_err(|e| e.message);
            (id, outcome)
        }
        Err((id, reason)) => (id, Err(reason)),
    };
    Indexed {
        id,
        index,
        layout,
        outcome,
    }
}

/// [`indexed`]'s result written as one JSON line (without a line break).
pub fn indexed_line(
    engine: &Engine,
    index: usize,
    record: Submitted,
    layout: Layout,
    out: &mut Vec<u8>,
) {
    let result = indexed(engine, index, record, layout);
    serde_json::to_writer(out, &result).expect("record serializes");
}

/// The result for one record of a list; it serializes as the JSON object
/// a batch line holds.
pub struct Indexed {
    id: Value,
    index: usize,
    layout: Layout,
    outcome: Result<DocReport, String>,
}

impl Indexed {
    /// Why the record could not be checked, if it could not.
    pub fn error(&self) -> Option<&str> {
        self.outcome.as_ref().err().map(String::as_str)
    }
}

impl Serialize for Indexed {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (id, place) = (&self.id, Place::Index(self.index));
        match (&self.outcome, self.layout) {
            (Ok(report), Layout::Scores) => json::Tagged {
                id,
                place,
                body: report.compact(COMPACT_FIXES),
            }
            .serialize(serializer),
            (Ok(report), _) => json::Tagged {
                id,
                place,
                body: report,
            }
            .serialize(serializer),
            (Err(error), _) => json::Tagged {
                id,
                place,
                body: json::Failure { error },
            }
            .serialize(serializer),
        }
    }
}

/// A rating as written in JSON: `4` or `"4"`; `null` is none.
fn rating_text(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

/// How long a chunk waits for more lines once it has one. A file fills
/// every chunk at once; a worker fed through a pipe answers each record
/// as it comes instead of waiting for 512 of them or the end of input.
const PAUSE: Duration = Duration::from_millis(20);

/// Reads lines from `reader` until it ends or fails, queueing them for
/// `read_chunk`; the queue is bounded, so memory stays flat.
fn read_lines(reader: &mut impl BufRead, lines: &SyncSender<std::io::Result<Line>>) {
    loop {
        let line = read_line(reader).transpose();
        let last = !matches!(line, Some(Ok(_)));
        if line.is_some_and(|line| lines.send(line).is_err()) || last {
            break;
        }
    }
}

/// Takes up to `CHUNK` lines: it waits as long as it takes for the first,
/// then only `PAUSE` for each next one. An empty chunk means end of input.
fn read_chunk(
    lines: &Receiver<std::io::Result<Line>>,
    next_line: &mut usize,
) -> std::io::Result<(Vec<(usize, Line)>, u64)> {
    let mut chunk = Vec::with_capacity(CHUNK);
    let mut bytes = 0u64;
    let mut next = lines.recv().ok();
    while let Some(line) = next {
        let mut line = line?;
        // Editors on Windows start UTF-8 files with a byte-order mark.
        if *next_line == 0
            && let Line::Text(bytes) = &mut line
            && bytes.starts_with(UTF8_BOM)
        {
            bytes.drain(..UTF8_BOM.len());
        }
        *next_line += 1;
        bytes += line.len() as u64 + 1;
        chunk.push((*next_line, line));
        if chunk.len() == CHUNK {
            break;
        }
        next = lines.recv_timeout(PAUSE).ok();
    }
    Ok((chunk, bytes))
}

/// Streams records from `reader` to `writer`. Reading, linting (on `pool`)
/// and writing overlap: while one chunk is linted the next is read and the
/// previous written. Two chunks at most wait in each queue, so memory stays
/// flat. `on_progress` gets the records written and input bytes read.
pub fn run(
    engine: &Engine,
    pool: &rayon::ThreadPool,
    reader: &mut (impl BufRead + Send),
    writer: &mut (impl Write + Send),
    layout: Layout,
    overview: Option<Overview>,
    mut on_progress: impl FnMut(usize, u64) + Send,
) -> std::io::Result<Totals> {
    let keep = overview.is_some();
    if layout == Layout::Csv {
        let mut header = csv_header();
        header.push(b'\n');
        writer.write_all(&header)?;
    }
    use std::sync::mpsc::sync_channel;
    type Chunk = (Vec<(usize, Line)>, u64);
    let (chunk_tx, chunk_rx) = sync_channel::<std::io::Result<Chunk>>(2);
    let (out_tx, out_rx) = sync_channel::<(Vec<(Vec<u8>, Outcome)>, u64)>(2);
    // Output buffers go back to the workers once written, so a long run
    // reuses the same memory instead of allocating ~10 KB per record.
    let spare: std::sync::Mutex<Vec<Vec<u8>>> = std::sync::Mutex::default();
    let spare = &spare;
    std::thread::scope(|scope| {
        let (line_tx, line_rx) = sync_channel::<std::io::Result<Line>>(2 * CHUNK);
        scope.spawn(move || read_lines(reader, &line_tx));
        scope.spawn(move || {
            let mut next_line = 0;
            loop {
                let chunk = read_chunk(&line_rx, &mut next_line);
                let done = chunk.as_ref().map_or(true, |(c, _)| c.is_empty());
                if chunk_tx.send(chunk).is_err() || done {
                    break;
                }
            }
        });
        let writing = scope.spawn(move || -> std::io::Result<Totals> {
            let mut totals = Totals {
                overview,
                ..Totals::default()
            };
            let mut bytes_read = 0u64;
            for (results, bytes) in out_rx {
                bytes_read += bytes;
                let mut written = Vec::with_capacity(results.len());
                for (mut out, outcome) in results {
                    out.push(b'\n');
                    writer.write_all(&out)?;
                    totals.count(outcome);
                    out.clear();
                    written.push(out);
                }
                spare.lock().expect("buffer pool").append(&mut written);
                // A reader at the other end of a pipe sees each chunk whole.
                writer.flush()?;
                on_progress(totals.records, bytes_read);
            }
            writer.flush()?;
            Ok(totals)
        });
        for chunk in chunk_rx {
            let (chunk, bytes) = chunk?;
            if chunk.is_empty() {
                break;
            }
            let mut buffers = {
                let mut pool = spare.lock().expect("buffer pool");
                let keep = pool.len().saturating_sub(chunk.len());
                pool.split_off(keep)
            };
            buffers.resize_with(chunk.len(), Vec::new);
            let results: Vec<(Vec<u8>, Outcome)> = pool.install(|| {
                chunk
                    .par_iter()
                    .zip(buffers)
                    .map(|((n, line), mut out)| {
                        let outcome = process(engine, *n, line, layout, keep, &mut out);
                        (out, outcome)
                    })
                    .collect()
            });
            if out_tx.send((results, bytes)).is_err() {
                break;
            }
        }
        drop(out_tx);
        writing
            .join()
            .unwrap_or_else(|_| Err(std::io::Error::other("writer thread failed")))
    })
}

/// The closing one-line summary.
pub fn summary(totals: &Totals, started: Instant) -> String {
    let secs = started.elapsed().as_secs_f64();
    let mean = totals
        .mean_score()
        .map_or_else(|| "-".to_string(), |m| format!("{m:.1}"));
    format!(
        "pitchlint batch: {} records, {} errors, mean score {mean}, {:.2} s ({:.0} records/s)",
        totals.records,
        totals.errors,
        secs,
        totals.records as f64 / secs.max(1e-9)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_are_refused_without_being_kept() {
        let mut input = vec![b'x'; MAX_RECORD_BYTES + 10];
        input.extend_from_slice(b"\n{\"a\":1}\n");
        let mut reader = std::io::BufReader::new(&input[..]);
        assert!(
            matches!(read_line(&mut reader).unwrap(), Some(Line::TooLong(n)) if n == MAX_RECORD_BYTES + 10)
        );
        assert!(
            matches!(read_line(&mut reader).unwrap(), Some(Line::Text(t)) if t == b"{\"a\":1}")
        );
        assert!(read_line(&mut reader).unwrap().is_none());
    }

    #[test]
    fn ids_are_salvaged_from_broken_lines() {
        assert_eq!(salvage_id(br#"{"id": 7, "text": "#), Value::from(7));
        assert_eq!(
            salvage_id(br#"{"id":"a\"b","kind":1}"#),
            Value::from("a\"b")
        );
        assert_eq!(salvage_id(b"not json"), Value::Null);
        assert_eq!(salvage_id(br#"{"id": -3} trailing"#), Value::from(-3));
    }

    #[test]
    fn only_whole_ids_are_salvaged() {
        for broken in [
            &br#"{"id": 1e400, "text": "x"}"#[..],
            br#"{"id": 7.5, "text": }"#,
            br#"{"id": 12"#,
            br#"{"id": "cut off"#,
            br#"{"id": 012, "text": }"#,
        ] {
            assert_eq!(
                salvage_id(broken),
                Value::Null,
                "{}",
                String::from_utf8_lossy(broken)
            );
        }
    }

    /// The first chunk read from `input`: its lines, the bytes they took
    /// and the number the next line would get.
    fn first_chunk(input: &[u8]) -> (Vec<(usize, Line)>, u64, usize) {
        let mut reader = std::io::BufReader::new(input);
        let (tx, rx) = std::sync::mpsc::sync_channel(CHUNK);
        read_lines(&mut reader, &tx);
        let mut next = 0;
        let (chunk, bytes) = read_chunk(&rx, &mut next).unwrap();
        (chunk, bytes, next)
    }

    #[test]
    fn a_bom_on_the_first_line_is_dropped() {
        let input = b"\xEF\xBB\xBF{\"id\":1}\n\xEF\xBB\xBF{\"id\":2}\n";
        let (chunk, _, _) = first_chunk(input);
        assert!(matches!(&chunk[0].1, Line::Text(t) if t == b"{\"id\":1}"));
        // Only the file's start carries a BOM; later ones are data.
        assert!(matches!(&chunk[1].1, Line::Text(t) if t.starts_with(UTF8_BOM)));
    }

    #[test]
    fn the_cr_of_crlf_does_not_count_against_the_limit() {
        let mut input = vec![b'x'; MAX_RECORD_BYTES];
        input.extend_from_slice(b"\r\n");
        input.extend_from_slice(&vec![b'y'; MAX_RECORD_BYTES + 1]);
        input.extend_from_slice(b"\r\n");
        let mut reader = std::io::BufReader::new(&input[..]);
        assert!(
            matches!(read_line(&mut reader).unwrap(), Some(Line::Text(t)) if t.len() == MAX_RECORD_BYTES && t.ends_with(b"x"))
        );
        assert!(
            matches!(read_line(&mut reader).unwrap(), Some(Line::TooLong(n)) if n == MAX_RECORD_BYTES + 1)
        );
    }

    #[test]
    fn a_line_of_exactly_the_limit_with_crlf_is_kept_whole_whatever_the_reads() {
        let mut input = vec![b'x'; MAX_RECORD_BYTES];
        input.extend_from_slice(b"\r\n");
        // Reads of 1000 bytes end the line mid-read, CR included.
        let mut reader = std::io::BufReader::with_capacity(1000, &input[..]);
        assert!(
            matches!(read_line(&mut reader).unwrap(), Some(Line::Text(t)) if t.len() == MAX_RECORD_BYTES)
        );
    }

    #[test]
    fn records_of_up_to_one_mebibyte_are_read() {
        let mut input = vec![b'x'; 1 << 20];
        input.push(b'\n');
        let mut reader = std::io::BufReader::new(&input[..]);
        assert!(
            matches!(read_line(&mut reader).unwrap(), Some(Line::Text(t)) if t.len() == 1 << 20)
        );
    }

    #[test]
    fn a_chunk_counts_every_byte_it_read() {
        let input = b"{\"id\":1}\n\n{\"id\":22}\n";
        let (chunk, bytes, next) = first_chunk(input);
        assert_eq!(chunk.len(), 3);
        assert_eq!(bytes, input.len() as u64);
        assert_eq!(next, 3);
        let numbers: Vec<usize> = chunk.iter().map(|(n, _)| *n).collect();
        assert_eq!(numbers, [1, 2, 3]);
        assert_eq!(Line::TooLong(5_000_000).len(), 5_000_000);
    }

    #[test]
    fn totals_count_records_errors_and_the_mean_of_the_scored() {
        let mut totals = Totals::default();
        assert_eq!(totals.mean_score(), None);
        totals.count(Outcome::Scored(Some(80), None));
        totals.count(Outcome::Scored(Some(61), None));
        // A document with no score (a portfolio of missing photos) is a
        // record, not an error, and not part of the mean.
        totals.count(Outcome::Scored(None, None));
        totals.count(Outcome::Failed);
        assert_eq!(
            (
                totals.records,
                totals.errors,
                totals.scored,
                totals.score_sum
            ),
            (4, 1, 2, 141)
        );
        assert_eq!(totals.mean_score(), Some(70.5));
    }

    #[test]
    fn a_rating_is_read_as_a_number_or_a_numeric_string() {
        let engine = Engine::builtin().unwrap();
        let record = |rating: Value| Record {
            kind: Some("review-reply".into()),
            text: Some("Thank you, we will come back on Monday.".into()),
            review: Some("The tap drips.".into()),
            rating: Some(rating),
            ..Record::default()
        };
        for rating in [Value::from(2), Value::from("2")] {
            let document = document(&engine, "r", record(rating)).unwrap();
            assert_eq!(document.context.unwrap().rating, Some(2));
        }
        let unrated = document(&engine, "r", record(Value::Null)).unwrap();
        assert_eq!(unrated.context.unwrap().rating, None);
        let error = document(&engine, "r", record(Value::from(9))).unwrap_err();
        assert!(error.message.contains('9'), "{}", error.message);
    }

    #[test]
    fn a_run_writes_a_line_per_record_in_order_and_sums_up() {
        let engine = Engine::builtin().unwrap();
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap();
        let input = concat!(
            r#"{"id":"a","kind":"reply","lang":"en","text":"Hi, I can fit the tap on Monday for £90.","task":"Fit a kitchen tap."}"#,
            "\n",
            "{broken\n",
            r#"{"id":"c","kind":"profile","lang":"en","text":"Plumber in Leeds, 12 years."}"#,
            "\n"
        );
        let mut reader = std::io::BufReader::new(input.as_bytes());
        let mut output = Vec::new();
        let mut progress = Vec::new();
        let totals = run(
            &engine,
            &pool,
            &mut reader,
            &mut output,
            Layout::Scores,
            Some(Overview::default()),
            |records, bytes| progress.push((records, bytes)),
        )
        .unwrap();
        let lines: Vec<Value> = output
            .split(|&b| b == b'\n')
            .filter(|l| !l.is_empty())
            .map(|l| serde_json::from_slice(l).unwrap())
            .collect();
        let ids: Vec<&Value> = lines.iter().map(|l| &l["id"]).collect();
        assert_eq!(ids, [&Value::from("a"), &Value::Null, &Value::from("c")]);
        assert!(lines[1]["error"].as_str().unwrap().contains("malformed"));
        assert_eq!((totals.records, totals.errors, totals.scored), (3, 1, 2));
        let overview = totals.overview.as_ref().expect("the overview is kept");
        // The overview holds the two linted records and counts the error.
        assert_eq!((overview.records(), overview.errors()), (2, 1));
        assert_eq!(progress.last(), Some(&(3, input.len() as u64)));
    }

    #[test]
    fn records_are_named_by_id_or_by_place() {
        assert_eq!(id_label(&Value::from("r-1"), Place::Line(4)), "r-1");
        assert_eq!(id_label(&Value::from(17), Place::Line(4)), "17");
        assert_eq!(id_label(&Value::Null, Place::Line(4)), "line 4");
        assert_eq!(id_label(&Value::Null, Place::Index(2)), "document 2");
    }

    #[test]
    fn an_indexed_record_carries_its_error_or_its_report() {
        let engine = Engine::builtin().unwrap();
        let good = Record {
            id: Value::from("g"),
            kind: Some("profile".into()),
            lang: Some("en".into()),
            text: Some("Plumber in Leeds, 12 years.".into()),
            ..Record::default()
        };
        let result = indexed(&engine, 0, Ok(good), Layout::Full);
        assert_eq!(result.error(), None);
        let refused = indexed(
            &engine,
            1,
            Err((Value::from("b"), "too big".into())),
            Layout::Full,
        );
        assert_eq!(refused.error(), Some("too big"));
        let no_text = indexed(&engine, 2, Ok(Record::default()), Layout::Full);
        assert_eq!(no_text.error(), Some("missing field `text`"));
        let mut out = Vec::new();
        indexed_line(
            &engine,
            1,
            Err((Value::from("b"), "too big".into())),
            Layout::Full,
            &mut out,
        );
        let line: Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(line["id"], "b");
        assert_eq!(line["index"], 1);
        assert_eq!(line["error"], "too big");
    }

    #[test]
    fn last_line_without_newline_counts() {
        let mut reader = std::io::BufReader::new(&b"a\r\nb"[..]);
        assert!(matches!(read_line(&mut reader).unwrap(), Some(Line::Text(t)) if t == b"a"));
        assert!(matches!(read_line(&mut reader).unwrap(), Some(Line::Text(t)) if t == b"b"));
        assert!(read_line(&mut reader).unwrap().is_none());
    }
}

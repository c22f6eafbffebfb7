//! Input: bytes on disk (or stdin) become a [`Document`]: decoded text, front
//! matter, kind, language and optional context (a job post or a review).

mod decode;
mod front_matter;

use std::io::Read;
use std::ops::Range;
use std::path::Path;

use crate::error::{Error, Result};
pub use decode::decode;
pub use front_matter::FrontMatter;

/// The largest document read; profiles and replies are a few kilobytes, so
/// anything near this is a wrong file, not a profile.
pub const MAX_DOCUMENT_BYTES: usize = 8 * 1024 * 1024;

/// What a document is; decides which checklists apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Profile,
    Reply,
    ReviewReply,
    Portfolio,
    Conversation,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::Profile,
        Kind::Reply,
        Kind::ReviewReply,
        Kind::Portfolio,
        Kind::Conversation,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Kind::Profile => "profile",
            Kind::Reply => "reply",
            Kind::ReviewReply => "review-reply",
            Kind::Portfolio => "portfolio",
            Kind::Conversation => "conversation",
        }
    }

    pub fn parse(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// Guesses the kind from a file extension; text files are profiles.
    fn from_extension(path: &str) -> Kind {
        let ext = Path::new(path)
            .extension()
            .and_then(|e| e.to_str())
            .map(|e| e.to_ascii_lowercase());
        match ext.as_deref() {
            Some("yaml" | "yml") => Kind::Portfolio,
            Some("jsonl" | "csv") => Kind::Conversation,
            _ => Kind::Profile,
        }
    }
}

/// Document language. Russian first, English second.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lang {
    Ru,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Ru, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Ru => "ru",
            Lang::En => "en",
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        match code.to_ascii_lowercase().as_str() {
            "ru" | "rus" | "russian" => Some(Lang::Ru),
            "en" | "eng" | "english" => Some(Lang::En),
            _ => None,
        }
    }

    /// Russian when at least 30% of the letters are Cyrillic: Russian texts
    /// carry Latin brand names, English texts almost never carry Cyrillic.
    pub fn detect(text: &str) -> Lang {
        let (mut cyrillic, mut latin) = (0usize, 0usize);
        for c in text.chars() {
            if is_cyrillic(c) {
                cyrillic += 1;
            } else if c.is_ascii_alphabetic() {
                latin += 1;
            }
        }
        if cyrillic * 10 >= (cyrillic + latin) * 3 && cyrillic > 0 {
            Lang::Ru
        } else {
            Lang::En
        }
    }
}

pub fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{04FF}')
}

/// What the client wrote that a reply answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContextKind {
    Task,
    Review,
}

impl ContextKind {
    /// The kind of document that answers this context.
    pub fn answered_by(self) -> Kind {
        match self {
            ContextKind::Task => Kind::Reply,
            ContextKind::Review => Kind::ReviewReply,
        }
    }

    fn describe(self) -> &'static str {
        match self {
            ContextKind::Task => "job post",
            ContextKind::Review => "review",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Context {
    pub kind: ContextKind,
    pub path: String,
    pub text: String,
    /// A review's star rating (1–5), when given: it decides whether the
    /// review is a complaint.
    pub rating: Option<u8>,
}

impl Context {
    /// Context given as text (front matter, batch records, the API).
    pub fn inline(kind: ContextKind, path: &str, text: &str) -> Result<Context> {
        if text.trim().is_empty() {
            return Err(Error::new(
                path,
                format!("the {} is empty", kind.describe()),
            ));
        }
        Ok(Context {
            kind,
            path: path.to_string(),
            text: text.to_string(),
            rating: None,
        })
    }

    /// Sets the star rating from what the user wrote (`4`, `"4"`).
    pub fn rated(mut self, path: &str, rating: Option<&str>) -> Result<Context> {
        self.rating = rating.map(|r| parse_rating(path, r)).transpose()?;
        Ok(self)
    }

    /// Reads a job post or review from a file.
    pub fn read(kind: ContextKind, path: &str) -> Result<Context> {
        let bytes = read_bytes(path)?;
        let text = decode(path, &bytes).map_err(|mut e| {
            e.message = format!("{} file: {}", kind.describe(), e.message);
            e
        })?;
        Context::inline(kind, path, &text)
    }
}

/// A decoded document ready for analysis. Spans everywhere are byte offsets
/// into `text`, the whole file including front matter, so that line numbers
/// match what the user sees in their editor.
#[derive(Debug, Clone)]
pub struct Document {
    pub path: String,
    pub kind: Kind,
    pub lang: Lang,
    pub text: String,
    pub body: Range<usize>,
    pub front: Option<FrontMatter>,
    pub context: Option<Context>,
    /// The date "today" for freshness checks (default: the current date).
    pub today: Option<jiff::civil::Date>,
    /// How conversation times are read.
    pub clock: crate::conversation::Clock,
    /// The manifest and, once measured, the photos of a portfolio.
    pub portfolio: Option<crate::portfolio::Portfolio>,
    /// Trades and market stated for it (options, then front matter).
    pub subject: Subject,
}

impl Document {
    pub fn body_text(&self) -> &str {
        &self.text[self.body.clone()]
    }
}

/// What the caller already knows about a document; `None` means "find out".
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub kind: Option<Kind>,
    pub lang: Option<Lang>,
    /// The job post or review, when given on the command line or in a record.
    pub context: Option<Context>,
    pub today: Option<jiff::civil::Date>,
    pub clock: crate::conversation::Clock,
    /// Trades and market the caller states, over the front matter's.
    pub subject: Subject,
}

/// What a document is about, when stated rather than detected: trade ids
/// and a market id, checked against the rules when the document is linted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Subject {
    pub trades: Option<Vec<String>>,
    pub market: Option<String>,
}

impl Subject {
    /// Trade ids from `a, b` or `a b`.
    pub fn parse_trades(list: &str) -> Option<Vec<String>> {
        let ids: Vec<String> = list
            .split([',', ' '])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_ascii_lowercase)
            .collect();
        (!ids.is_empty()).then_some(ids)
    }

    /// The stated subject, front matter filling what the caller left open.
    fn with_front(&self, front: Option<&FrontMatter>) -> Subject {
        let from_front = |key: &str| front.and_then(|f| f.get_list_text(key));
        Subject {
            trades: self
                .trades
                .clone()
                .or_else(|| from_front("trade").and_then(|t| Subject::parse_trades(&t))),
            market: self
                .market
                .clone()
                .or_else(|| from_front("market").map(|m| m.trim().to_ascii_lowercase())),
        }
    }
}

/// Reads a file (or `-`) as text, with the same limits and decoding as a
/// document.
pub fn read_text(path: &str) -> Result<String> {
    decode(path, &read_bytes(path)?)
}

/// Reads a file, or standard input for `-`.
pub fn read(path: &str, options: &Options) -> Result<Document> {
    let bytes = read_bytes(path)?;
    let text = decode(path, &bytes)?;
    from_text(path, text, options)
}

/// Reads a file whole, refusing directories, devices and FIFOs before
/// opening them and never holding more than the size limit: the size on
/// disk is only a hint (`/proc` files say 0), so the read itself is bounded.
pub fn read_bytes(path: &str) -> Result<Vec<u8>> {
    if path == "-" {
        return read_limited("<stdin>", std::io::stdin().lock());
    }
    let meta = std::fs::metadata(path).map_err(|e| Error::new(path, io_reason(&e)))?;
    check_regular(path, &meta)?;
    check_size(path, meta.len())?;
    let file = std::fs::File::open(path).map_err(|e| Error::new(path, io_reason(&e)))?;
    // The path may have been swapped since it was looked at.
    let meta = file
        .metadata()
        .map_err(|e| Error::new(path, io_reason(&e)))?;
    check_regular(path, &meta)?;
    read_limited(path, file)
}

/// Only regular files are read: a device (`/dev/zero`) never ends and a
/// FIFO blocks until someone writes to it.
fn check_regular(path: &str, meta: &std::fs::Metadata) -> Result<()> {
    if meta.is_dir() {
        return Err(Error::new(
            path,
            "is a directory; pass the files inside it or use a glob",
        ));
    }
    if !meta.is_file() {
        return Err(Error::new(
            path,
            "is not a regular file (a device, FIFO or socket); pass a file, or `-` to read standard input",
        ));
    }
    Ok(())
}

/// Reads at most one byte past the limit, so an endless source is refused
/// after 8 MB instead of filling memory.
fn read_limited(display: &str, reader: impl Read) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    reader
        .take(MAX_DOCUMENT_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::new(display, io_reason(&e)))?;
    if bytes.len() > MAX_DOCUMENT_BYTES {
        return Err(Error::new(
            display,
            format!(
                "input is over the {} MB limit for one document",
                MAX_DOCUMENT_BYTES / 1_048_576
            ),
        ));
    }
    Ok(bytes)
}

fn check_size(path: &str, len: u64) -> Result<()> {
    if len > MAX_DOCUMENT_BYTES as u64 {
        return Err(Error::new(
            path,
            format!(
                "file is {:.1} MB, over the {} MB limit for one document",
                len as f64 / 1_048_576.0,
                MAX_DOCUMENT_BYTES / 1_048_576
            ),
        ));
    }
    Ok(())
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => format!("cannot read: {e}"),
    }
}

/// Builds a document from decoded text: splits off front matter, then
/// settles kind and language (options first, then front matter, then the
/// file itself).
pub fn from_text(path: &str, text: String, options: &Options) -> Result<Document> {
    let display = if path == "-" { "<stdin>" } else { path };
    let portfolio = match options.kind {
        Some(kind) => kind == Kind::Portfolio,
        None => Kind::from_extension(path) == Kind::Portfolio,
    };
    if portfolio {
        return portfolio_document(display, text, options);
    }
    let front = FrontMatter::parse(display, &text)?;
    let body = front.as_ref().map_or(0, |f| f.end)..text.len();
    if text[body.clone()].trim().is_empty() {
        return Err(Error::new(display, "empty document: nothing to check"));
    }
    let context = match &options.context {
        Some(context) => Some(context.clone()),
        None => front_matter_context(display, front.as_ref())?,
    };
    let kind = match options.kind {
        Some(kind) => kind,
        None => match front.as_ref().and_then(|f| f.kind(display).transpose()) {
            Some(kind) => kind?,
            None => match &context {
                Some(c) => c.kind.answered_by(),
                None => Kind::from_extension(path),
            },
        },
    };
    let lang = match options.lang {
        Some(lang) => lang,
        None => match front.as_ref().and_then(|f| f.lang(display).transpose()) {
            Some(lang) => lang?,
            None if kind == Kind::Conversation => Lang::detect(&log_prose(&text[body.clone()])),
            None => Lang::detect(&without_comments(&text[body.clone()])),
        },
    };
    Ok(Document {
        path: display.to_string(),
        kind,
        lang,
        text,
        body,
        subject: options.subject.with_front(front.as_ref()),
        front,
        context,
        today: options.today,
        clock: options.clock.clone(),
        portfolio: None,
    })
}

/// A portfolio manifest: YAML throughout, no front matter; the language
/// comes from `lang:` or the captions.
fn portfolio_document(display: &str, text: String, options: &Options) -> Result<Document> {
    let manifest = crate::portfolio::Manifest::parse(display, &text)?;
    let lang = match (options.lang, manifest.lang.as_deref()) {
        (Some(lang), _) => lang,
        (None, Some(code)) => Lang::parse(code).ok_or_else(|| {
            Error::new(
                display,
                format!("unknown lang `{}`; expected ru or en", excerpt(code)),
            )
        })?,
        (None, None) => Lang::detect(&manifest.prose()),
    };
    Ok(Document {
        path: display.to_string(),
        kind: Kind::Portfolio,
        lang,
        body: 0..text.len(),
        text,
        front: None,
        context: None,
        subject: options.subject.clone(),
        today: options.today,
        clock: options.clock.clone(),
        portfolio: Some(crate::portfolio::Portfolio {
            manifest,
            photos: None,
        }),
    })
}

/// A value from the input as an error may show it: on one line (control
/// characters escaped) and cut to 32 characters, so that an error stays one
/// short line whatever the file holds.
pub fn excerpt(value: &str) -> String {
    const MAX: usize = 32;
    let mut out = String::new();
    for c in value.chars().take(MAX) {
        if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    if value.chars().nth(MAX).is_some() {
        out.push('…');
    }
    out
}

/// Text without HTML comments (suppressions are written in Latin letters).
fn without_comments(text: &str) -> std::borrow::Cow<'_, str> {
    static COMMENT: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r"(?s)<!--.*?-->").expect("valid regex"));
    COMMENT.replace_all(text, "")
}

/// A conversation log without its field names and roles, so that Latin
/// keys do not outvote short Russian messages in language detection.
fn log_prose(text: &str) -> String {
    static KEYS: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"\b(?:thread|time|from|text|client|customer|contractor|master)\b")
            .expect("valid regex")
    });
    KEYS.replace_all(text, "").into_owned()
}

/// A star rating: a whole number from 1 to 5.
pub fn parse_rating(path: &str, value: &str) -> Result<u8> {
    match value.trim().parse::<u8>() {
        Ok(stars @ 1..=5) => Ok(stars),
        _ => Err(Error::new(
            path,
            format!(
                "rating `{}` is not a whole number of stars from 1 to 5",
                excerpt(value)
            ),
        )),
    }
}

/// `task:` or `review:` text in the front matter.
fn front_matter_context(path: &str, front: Option<&FrontMatter>) -> Result<Option<Context>> {
    let Some(front) = front else {
        return Ok(None);
    };
    for (key, kind) in [("task", ContextKind::Task), ("review", ContextKind::Review)] {
        if let Some(text) = front.get_text(key) {
            let label = format!("{path} (front matter `{key}`)");
            let rating_label = format!("{path} (front matter `rating`)");
            return Context::inline(kind, &label, &text)?
                .rated(&rating_label, front.get_text("rating").as_deref())
                .map(Some);
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_are_one_short_line() {
        assert_eq!(excerpt("robot"), "robot");
        assert_eq!(excerpt("ru\n"), "ru\\n");
        assert_eq!(excerpt("Привет\t!"), "Привет\\t!");
        let long = excerpt(&"я".repeat(1000));
        assert_eq!(long.chars().count(), 33);
    }

    #[test]
    fn endless_sources_are_cut_at_the_limit() {
        let err = read_limited("x.md", std::io::repeat(b'a')).unwrap_err();
        assert!(err.message.contains("over the 8 MB limit"), "{err}");
        let bytes = read_limited("x.md", &b"short"[..]).unwrap();
        assert_eq!(bytes, b"short");
    }

    #[cfg(unix)]
    #[test]
    fn devices_are_refused_without_reading() {
        let err = read_bytes("/dev/zero").unwrap_err();
        assert!(err.message.contains("not a regular file"), "{err}");
        assert_eq!(err.to_string().lines().count(), 1);
    }
}

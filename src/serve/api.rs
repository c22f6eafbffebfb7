//! The JSON API handlers. Every failure is a JSON `{"error": "…"}` naming
//! the field at fault, with 400 for bad input, 413 for oversize input, 415
//! for a body of the wrong type and 503 when the server is at capacity.

use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll, ready};

use axum::body::{Body, Bytes};
use axum::extract::rejection::BytesRejection;
use axum::extract::{FromRequest, Multipart, Path, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use futures_util::Stream;
use serde_json::{Map, Value};

use super::{AppState, MAX_PHOTO_BYTES, MAX_PHOTOS, MAX_TEXT_BYTES};
use crate::batch::{self, Record};
use crate::emit::json;
use crate::error::ErrorKind;
use crate::input::{self, Kind};
use crate::portfolio::{MeasuredSource, Photo, photo};

pub fn error(status: StatusCode, message: &str) -> Response {
    let body = serde_json::json!({ "error": message }).to_string();
    (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}

/// A request the API refuses: its status and the one-line reason.
pub struct ApiError {
    status: StatusCode,
    message: String,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        error(self.status, &self.message)
    }
}

fn bad(message: impl Into<String>) -> ApiError {
    ApiError {
        status: StatusCode::BAD_REQUEST,
        message: message.into(),
    }
}

/// The status for an engine error: the caller's input or usage is a 400;
/// anything else is the server's fault.
fn refusal(e: &crate::error::Error) -> ApiError {
    let status = match e.kind {
        ErrorKind::Usage | ErrorKind::Input => StatusCode::BAD_REQUEST,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    };
    ApiError {
        status,
        message: e.message.clone(),
    }
}

fn too_large(message: impl Into<String>) -> ApiError {
    ApiError {
        status: StatusCode::PAYLOAD_TOO_LARGE,
        message: message.into(),
    }
}

fn unsupported(expected: &str) -> ApiError {
    ApiError {
        status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
        message: format!("the body must be {expected} (Content-Type header)"),
    }
}

fn busy(message: impl Into<String>) -> ApiError {
    ApiError {
        status: StatusCode::SERVICE_UNAVAILABLE,
        message: message.into(),
    }
}

/// Whether the request's Content-Type is `expected`, parameters aside.
fn content_type_is(headers: &HeaderMap, expected: &str) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|essence| essence.trim().eq_ignore_ascii_case(expected))
}

/// A size for messages: bytes, KB or MB, whichever reads best.
fn size(bytes: usize) -> String {
    if bytes >= 1 << 20 {
        format!("{} MB", bytes >> 20)
    } else if bytes >= 1 << 10 {
        format!("{} KB", bytes >> 10)
    } else {
        format!("{bytes} bytes")
    }
}

fn document(report: &crate::report::DocReport) -> Response {
    let body = json::document_line(report);
    ([(header::CONTENT_TYPE, "application/json")], body).into_response()
}

const FIELDS: [&str; 8] = [
    "kind", "text", "task", "review", "rating", "lang", "trade", "market",
];

/// A JSON request's body, or why it is refused: a wrong Content-Type
/// (415), a body over the route's limit (413) or one that cannot be read.
fn json_body(headers: &HeaderMap, body: Result<Bytes, BytesRejection>) -> Result<Bytes, ApiError> {
    if !content_type_is(headers, "application/json") {
        return Err(unsupported("application/json"));
    }
    body.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            too_large("request body too large")
        } else {
            bad(e.body_text())
        }
    })
}

/// `POST /api/v1/check`:
/// `{"kind","text","task"?,"review"?,"rating"?,"lang"?,"trade"?,"market"?}`.
pub async fn check(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let body = match json_body(&headers, body) {
        Ok(body) => body,
        Err(refused) => return refused.into_response(),
    };
    let record = match parse_check(&body) {
        Ok(record) => record,
        Err(refused) => return refused.into_response(),
    };
    // A short plain text takes well under a millisecond: answered on the
    // spot. A long one (up to 200 KB, with an answer of megabytes) or YAML
    // front matter (whose cost its size does not bound) goes off the async
    // workers, which also serve /healthz, a few at a time.
    let length: usize = [&record.text, &record.task, &record.review]
        .into_iter()
        .flatten()
        .map(String::len)
        .sum();
    let front_matter = record
        .text
        .as_deref()
        .is_some_and(|t| t.trim_start_matches('\u{feff}').starts_with("---"));
    if length <= INLINE_TEXT_BYTES && !front_matter {
        return match batch::lint(&state.engine, "input", record) {
            Ok(report) => document(&report),
            Err(e) => refusal(&e).into_response(),
        };
    }
    let engine = state.engine.clone();
    let linted = off_workers(&state, move || {
        batch::lint(&engine, "input", record).map(|report| json::document_line(&report))
    })
    .await;
    match linted {
        Ok(body) => ([(header::CONTENT_TYPE, "application/json")], body).into_response(),
        Err(refused) => refused,
    }
}

/// Runs `work` off the async workers (which also serve /healthz), a few at
/// a time behind the long-check semaphore; a wait past `queue_wait` is a
/// 503, and the work's own error its one-line refusal.
async fn off_workers<T: Send + 'static>(
    state: &AppState,
    work: impl FnOnce() -> crate::error::Result<T> + Send + 'static,
) -> Result<T, Response> {
    let slot = tokio::time::timeout(state.queue_wait, state.checks.clone().acquire_owned()).await;
    let Ok(Ok(slot)) = slot else {
        return Err(busy("too many long checks at once; try again shortly").into_response());
    };
    let done = tokio::task::spawn_blocking(move || {
        let _slot = slot;
        work()
    })
    .await;
    match done {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(e)) => Err(refusal(&e).into_response()),
        Err(_) => Err(error(StatusCode::INTERNAL_SERVER_ERROR, "internal error")),
    }
}

/// Longest text `POST /api/v1/draft` takes: a draft lints every sentence
/// on its own, so its cost grows with the text; profiles and replies are a
/// few kilobytes.
pub const MAX_DRAFT_BYTES: usize = 20 * 1024;

/// `POST /api/v1/draft`: the same fields as `/api/v1/check`; answers the
/// draft (`text`, `sections`, `dropped`, `placeholders`) of a profile, a
/// reply or an answer to a review.
pub async fn draft(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let record = match json_body(&headers, body).and_then(|body| parse_check(&body)) {
        Ok(record) => record,
        Err(refused) => return refused.into_response(),
    };
    let length = record.text.as_deref().map_or(0, str::len);
    if length > MAX_DRAFT_BYTES {
        return too_large(format!(
            "field `text` is {length} bytes; drafts take up to {MAX_DRAFT_BYTES}"
        ))
        .into_response();
    }
    let engine = state.engine.clone();
    let drafted = off_workers(&state, move || {
        let doc = batch::document(&engine, "input", record)?;
        crate::draft::draft(&engine, doc)
    })
    .await;
    match drafted {
        Ok(draft) => axum::Json(draft).into_response(),
        Err(refused) => refused,
    }
}

/// Texts up to this size are checked on the async worker that read them.
const INLINE_TEXT_BYTES: usize = 16 * 1024;

fn parse_check(body: &[u8]) -> Result<Record, ApiError> {
    let value: Value =
        serde_json::from_slice(body).map_err(|e| bad(format!("malformed JSON: {e}")))?;
    let Value::Object(fields) = value else {
        return Err(bad("the body must be a JSON object"));
    };
    parse_fields(&fields, &FIELDS)
}

/// A record from a request's fields; `allowed` names the fields it may
/// carry.
fn parse_fields(fields: &Map<String, Value>, allowed: &[&str]) -> Result<Record, ApiError> {
    if let Some(unknown) = fields.keys().find(|k| !allowed.contains(&k.as_str())) {
        return Err(bad(format!(
            "unknown field `{unknown}`; expected {}",
            allowed.join(", ")
        )));
    }
    let text = |name: &str| -> Result<Option<String>, ApiError> {
        match fields.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) if s.len() > MAX_TEXT_BYTES => Err(too_large(format!(
                "field `{name}` is {} bytes, over the {MAX_TEXT_BYTES}-byte limit",
                s.len()
            ))),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(bad(format!("field `{name}` must be a string"))),
        }
    };
    let record = Record {
        id: fields.get("id").cloned().unwrap_or(Value::Null),
        kind: text("kind")?,
        text: text("text")?,
        task: text("task")?,
        review: text("review")?,
        rating: fields.get("rating").cloned(),
        lang: text("lang")?,
        trade: text("trade")?,
        market: text("market")?,
    };
    if record.text.is_none() {
        return Err(bad("missing field `text`"));
    }
    if let Some(kind) = &record.kind
        && Kind::parse(kind).is_none()
    {
        return Err(bad(format!(
            "field `kind`: unknown kind `{kind}`; expected profile, reply, review-reply, portfolio, conversation"
        )));
    }
    Ok(record)
}

/// Most documents in one `POST /api/v1/check/batch`.
pub const MAX_BATCH_DOCUMENTS: usize = 1000;

/// The fields of a document in a batch: those of a check and its `id`.
const BATCH_FIELDS: [&str; 9] = [
    "id", "kind", "text", "task", "review", "rating", "lang", "trade", "market",
];

/// `POST /api/v1/check/batch`: `{"documents": [...], "format"?: "full" |
/// "scores"}`, each document as for `/api/v1/check` plus an optional
/// `id`. Answered `{"results": [...]}` in the documents' order, each result
/// `{"id", "index", ...}` with the document object (or its compact form),
/// or `{"id", "index", "error"}` for a document that cannot be checked:
/// one bad document never fails the others.
pub async fn check_batch(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let body = match json_body(&headers, body) {
        Ok(body) => body,
        Err(refused) => return refused.into_response(),
    };
    let (documents, layout) = match parse_batch(&body) {
        Ok(parsed) => parsed,
        Err(refused) => return refused.into_response(),
    };
    let slot = tokio::time::timeout(state.queue_wait, state.checks.clone().acquire_owned()).await;
    let Ok(Ok(slot)) = slot else {
        return busy("too many checks at once; try again shortly").into_response();
    };
    let engine = state.engine.clone();
    let answered = tokio::task::spawn_blocking(move || {
        let _slot = slot;
        batch_results(&engine, documents, layout)
    })
    .await;
    match answered {
        Ok(body) => ([(header::CONTENT_TYPE, "application/json")], body).into_response(),
        Err(_) => error(StatusCode::INTERNAL_SERVER_ERROR, "internal error"),
    }
}

/// A document of a batch: its record, or its id and why it was refused.
type Document = Result<Record, (Value, ApiError)>;

/// The documents of a batch body, each parsed or refused on its own.
fn parse_batch(body: &[u8]) -> Result<(Vec<Document>, batch::Layout), ApiError> {
    let value: Value =
        serde_json::from_slice(body).map_err(|e| bad(format!("malformed JSON: {e}")))?;
    let Value::Object(mut fields) = value else {
        return Err(bad("the body must be a JSON object"));
    };
    if let Some(unknown) = fields
        .keys()
        .find(|k| !["documents", "format"].contains(&k.as_str()))
    {
        return Err(bad(format!(
            "unknown field `{unknown}`; expected documents, format"
        )));
    }
    let layout = match fields.get("format") {
        None | Some(Value::Null) => batch::Layout::Full,
        Some(Value::String(s)) if s == "full" => batch::Layout::Full,
        Some(Value::String(s)) if s == "scores" => batch::Layout::Scores,
        Some(other) => {
            return Err(bad(format!(
                "field `format`: expected \"full\" or \"scores\", got {other}"
            )));
        }
    };
    let Some(Value::Array(documents)) = fields.remove("documents") else {
        return Err(bad("field `documents` must be an array of documents"));
    };
    if documents.len() > MAX_BATCH_DOCUMENTS {
        return Err(too_large(format!(
            "{} documents, over the limit of {MAX_BATCH_DOCUMENTS} per request",
            documents.len()
        )));
    }
    let parsed = documents
        .into_iter()
        .map(|document| match document {
            Value::Object(fields) => parse_fields(&fields, &BATCH_FIELDS).map_err(|refused| {
                let id = fields.get("id").cloned().unwrap_or(Value::Null);
                (id, refused)
            }),
            _ => Err((Value::Null, bad("a document must be a JSON object"))),
        })
        .collect();
    Ok((parsed, layout))
}

/// Lints the documents on every core and lays out the answer in order.
fn batch_results(
    engine: &crate::Engine,
    documents: Vec<Document>,
    layout: batch::Layout,
) -> String {
    use rayon::prelude::*;
    let lines: Vec<Vec<u8>> = documents
        .into_par_iter()
        .enumerate()
        .map(|(index, document)| {
            let mut out = Vec::new();
            let document = document.map_err(|(id, refused)| (id, refused.message));
            batch::indexed_line(engine, index, document, layout, &mut out);
            out
        })
        .collect();
    let mut body = String::from("{\"results\":[");
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            body.push(',');
        }
        body.push_str(std::str::from_utf8(line).expect("JSON is UTF-8"));
    }
    body.push_str("]}");
    body
}

/// One uploaded photo, measured, and its caption.
struct Upload {
    name: String,
    photo: Photo,
    caption: String,
}

/// Set when the request's future is dropped (timeout or the client gone),
/// so decoding that has not started yet is skipped.
struct CancelOnDrop(Arc<AtomicBool>);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// `POST /api/v1/portfolio`: multipart parts `lang`?, then per photo a file
/// part `photo` followed by a text part `caption`. Each photo is measured
/// as soon as it has arrived and its bytes dropped, so a request holds one
/// photo at a time; requests beyond `Limits::portfolio_jobs` wait up to
/// `Limits::queue_wait`, then get 503.
pub async fn portfolio(State(state): State<Arc<AppState>>, request: Request) -> Response {
    if !content_type_is(request.headers(), "multipart/form-data") {
        return unsupported("multipart/form-data").into_response();
    }
    let request =
        request.map(|body| Body::from_stream(OneChunkAtATime::new(body.into_data_stream())));
    let multipart = match Multipart::from_request(request, &()).await {
        Ok(multipart) => multipart,
        Err(e) => {
            return bad(format!("malformed multipart body: {}", e.body_text())).into_response();
        }
    };
    let slot = tokio::time::timeout(state.queue_wait, state.jobs.clone().acquire_owned()).await;
    let Ok(Ok(_slot)) = slot else {
        return busy("too many portfolio checks at once; try again shortly").into_response();
    };
    let cancel = CancelOnDrop(Arc::new(AtomicBool::new(false)));
    let (lang, uploads) = match read_uploads(&state, multipart, &cancel.0).await {
        Ok(parts) => parts,
        Err(refused) => return refused.into_response(),
    };
    if uploads.is_empty() {
        return bad("no `photo` parts: send at least one photo").into_response();
    }
    let engine = state.engine.clone();
    let result = tokio::task::spawn_blocking(move || {
        let manifest = manifest_text(lang.as_deref(), &uploads);
        let options = input::Options {
            kind: Some(Kind::Portfolio),
            ..Default::default()
        };
        let mut doc = input::from_text("upload", manifest, &options).map_err(|e| e.message)?;
        let source = MeasuredSource {
            photos: uploads.into_iter().map(|u| (u.name, u.photo)).collect(),
        };
        if let Some(portfolio) = &mut doc.portfolio {
            portfolio.measure(&source);
        }
        engine.check(doc).map_err(|e| e.message)
    })
    .await;
    match result {
        Ok(Ok(report)) => document(&report),
        Ok(Err(message)) => bad(message).into_response(),
        Err(_) => error(StatusCode::INTERNAL_SERVER_ERROR, "internal error"),
    }
}

async fn read_uploads(
    state: &AppState,
    mut multipart: Multipart,
    cancel: &Arc<AtomicBool>,
) -> Result<(Option<String>, Vec<Upload>), ApiError> {
    let mut lang = None;
    let mut uploads: Vec<Upload> = Vec::new();
    // One buffer for every photo of the request, handed to the decoder and
    // back: a fresh one per photo, freed on another thread, is memory the
    // allocator is slow to take back.
    let mut buffer = Vec::new();
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                return Err(too_large("request body too large"));
            }
            Err(e) => return Err(bad(format!("malformed multipart body: {}", e.body_text()))),
        };
        let name = field.name().unwrap_or_default().to_string();
        match name.as_str() {
            "lang" => lang = Some(text_part(field, "lang").await?),
            "caption" => {
                let caption = text_part(field, "caption").await?;
                let last = uploads
                    .last_mut()
                    .ok_or_else(|| bad("a `caption` part must follow its `photo` part"))?;
                last.caption = caption;
            }
            "photo" => {
                if uploads.len() == MAX_PHOTOS {
                    return Err(too_large(format!("more than {MAX_PHOTOS} photos")));
                }
                let file = field.file_name().unwrap_or("photo").to_string();
                read_into(field, MAX_PHOTO_BYTES, "photo", &mut buffer).await?;
                let (photo, back) = measure(state, std::mem::take(&mut buffer), cancel).await?;
                buffer = back;
                uploads.push(Upload {
                    name: format!("{}-{}", uploads.len() + 1, safe_name(&file)),
                    photo,
                    caption: String::new(),
                });
            }
            other => {
                return Err(bad(format!(
                    "unknown part `{other}`; expected lang, photo, caption"
                )));
            }
        }
    }
    Ok((lang, uploads))
}

/// Hands the multipart parser one chunk per poll. The parser reads ahead
/// for as long as the body has data ready, which on a fast connection is
/// most of the upload; one chunk at a time, it holds about one photo.
struct OneChunkAtATime<S> {
    inner: S,
    just_gave: bool,
}

impl<S> OneChunkAtATime<S> {
    fn new(inner: S) -> Self {
        OneChunkAtATime {
            inner,
            just_gave: false,
        }
    }
}

impl<S: Stream + Unpin> Stream for OneChunkAtATime<S> {
    type Item = S::Item;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<S::Item>> {
        if self.just_gave {
            self.just_gave = false;
            cx.waker().wake_by_ref();
            return Poll::Pending;
        }
        let item = ready!(Pin::new(&mut self.inner).poll_next(cx));
        self.just_gave = item.is_some();
        Poll::Ready(item)
    }
}

/// Measures one photo off the async workers, at most `Limits::decoders` at
/// once server-wide. The permit and the bytes go with the blocking task,
/// so a request dropped mid-decode still counts until the decoder is done.
async fn measure(
    state: &AppState,
    bytes: Vec<u8>,
    cancel: &Arc<AtomicBool>,
) -> Result<(Photo, Vec<u8>), ApiError> {
    let permit = state
        .decoders
        .clone()
        .acquire_owned()
        .await
        .map_err(|_| busy("the server is shutting down"))?;
    let cancel = cancel.clone();
    tokio::task::spawn_blocking(move || {
        let _permit = permit;
        if cancel.load(Ordering::Relaxed) {
            return (Photo::Unreadable("the request was cancelled".into()), bytes);
        }
        (photo::measure_bytes(&bytes), bytes)
    })
    .await
    .map_err(|_| ApiError {
        status: StatusCode::INTERNAL_SERVER_ERROR,
        message: "internal error".into(),
    })
}

/// Reads a part up to `limit` bytes; more is a 413 naming the part.
async fn limited(
    field: axum::extract::multipart::Field<'_>,
    limit: usize,
    name: &str,
) -> Result<Bytes, ApiError> {
    let mut out = Vec::new();
    read_into(field, limit, name, &mut out).await?;
    Ok(Bytes::from(out))
}

/// Reads a part into `out` (emptied first), as [`limited`].
async fn read_into(
    mut field: axum::extract::multipart::Field<'_>,
    limit: usize,
    name: &str,
    out: &mut Vec<u8>,
) -> Result<(), ApiError> {
    out.clear();
    while let Some(chunk) = field
        .chunk()
        .await
        .map_err(|e| bad(format!("cannot read part `{name}`: {}", e.body_text())))?
    {
        if out.len() + chunk.len() > limit {
            return Err(too_large(format!(
                "part `{name}` is over the {} limit",
                size(limit)
            )));
        }
        out.extend_from_slice(&chunk);
    }
    Ok(())
}

async fn text_part(
    field: axum::extract::multipart::Field<'_>,
    name: &str,
) -> Result<String, ApiError> {
    let bytes = limited(field, MAX_TEXT_BYTES, name).await?;
    String::from_utf8(bytes.to_vec()).map_err(|_| bad(format!("part `{name}` must be UTF-8 text")))
}

/// The uploaded file's own name without folders, for messages.
fn safe_name(file: &str) -> String {
    let base = file.rsplit(['/', '\\']).next().unwrap_or(file);
    let clean: String = base
        .chars()
        .filter(|c| !c.is_control() && *c != '"')
        .take(80)
        .collect();
    if clean.is_empty() || clean == ".." || clean == "." {
        "photo".into()
    } else {
        clean
    }
}

/// A manifest for the uploads. JSON strings are valid YAML scalars, so
/// captions need no other escaping.
fn manifest_text(lang: Option<&str>, uploads: &[Upload]) -> String {
    let mut text = String::new();
    if let Some(lang) = lang.filter(|l| !l.is_empty() && *l != "auto") {
        text.push_str(&format!("lang: {}\n", Value::from(lang)));
    }
    text.push_str("items:\n");
    for upload in uploads {
        text.push_str(&format!(
            "  - photo: {}\n    caption: {}\n",
            Value::from(upload.name.as_str()),
            Value::from(upload.caption.as_str())
        ));
    }
    text
}

/// `GET /api/v1/rules`: every rule, as `pitchlint rules` lists them, the
/// dimensions with their labels, and the trades and markets with their
/// names in each language (the page takes its labels from here).
/// One rule explained for a person: why it matters, how to fix it, and its
/// bad and good examples, each split into the text and the job post or
/// review it answers.
pub async fn rule(State(state): State<Arc<AppState>>, Path(id): Path<String>) -> Response {
    let rule = match state.engine.rule(&id) {
        Ok(rule) => rule,
        Err(e) => return error(StatusCode::NOT_FOUND, &e.message),
    };
    let examples = |list: &[String]| -> Vec<Value> { list.iter().map(|e| example(e)).collect() };
    let body = serde_json::json!({
        "id": rule.id,
        "title": rule.title,
        "kind": rule.kind_name(),
        "lang": rule.lang.code(),
        "dimension": rule.dimension,
        "severity": rule.severity,
        "explain": rule.explain.trim(),
        "suggestion": rule.general_suggestion(),
        "examples": { "bad": examples(&rule.examples.bad), "good": examples(&rule.examples.good) },
    });
    (StatusCode::OK, axum::Json(body)).into_response()
}

/// A rule example as `{"text", "context"?}`: its front matter's job post or
/// review apart from the text that answers it.
fn example(text: &str) -> Value {
    let front = input::FrontMatter::parse("example", text).ok().flatten();
    let Some(front) = front else {
        return serde_json::json!({ "text": text.trim() });
    };
    let context = front.get_text("task").or_else(|| front.get_text("review"));
    let mut out = Map::new();
    out.insert("text".into(), Value::from(text[front.end..].trim()));
    if let Some(context) = context {
        out.insert("context".into(), Value::from(context.trim()));
    }
    Value::Object(out)
}

pub async fn rules(State(state): State<Arc<AppState>>) -> Response {
    let rules: Vec<crate::rules::RuleInfo> = state
        .engine
        .rules()
        .iter()
        .map(crate::rules::RuleInfo::of)
        .collect();
    let set = state.engine.rule_set();
    // Each trade and market once, with its name in every language that
    // gives one: its own rules' `name`, and a market's `names`.
    type Named<'a> = Vec<(&'a str, String, &'a str)>;
    let names = |pick: fn(crate::input::Lang, &crate::rules::trade::TradeBook) -> Named<'_>| {
        let mut by_id: std::collections::BTreeMap<&str, Map<String, Value>> = Default::default();
        for lang in crate::input::Lang::ALL {
            for (id, code, name) in pick(lang, set.book(lang)) {
                let entry = by_id
                    .entry(id)
                    .or_insert_with(|| Map::from_iter([("id".to_string(), Value::from(id))]));
                entry.entry(code).or_insert_with(|| Value::from(name));
            }
        }
        by_id.into_values().map(Value::Object).collect::<Vec<_>>()
    };
    let body = serde_json::json!({
        "rules": rules,
        "dimensions": crate::dimensions::DIMENSIONS,
        "trades": names(|lang, book| {
            book.trades.iter().map(|t| (t.id.as_str(), lang.code().to_string(), t.name.as_str())).collect()
        }),
        "markets": names(|lang, book| {
            book.markets
                .iter()
                .flat_map(|m| {
                    let own = (m.id.as_str(), lang.code().to_string(), m.name.as_str());
                    let other = m.names.iter().map(|(code, name)| (m.id.as_str(), code.clone(), name.as_str()));
                    std::iter::once(own).chain(other)
                })
                .collect()
        }),
    })
    .to_string();
    ([(header::CONTENT_TYPE, "application/json")], body).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::portfolio::samples;
    use tokio::sync::Semaphore;

    #[tokio::test]
    async fn photos_are_not_decoded_once_the_request_is_gone() {
        let state = AppState {
            engine: Arc::new(crate::Engine::builtin().unwrap()),
            jobs: Arc::new(Semaphore::new(1)),
            checks: Arc::new(Semaphore::new(1)),
            queue_wait: std::time::Duration::ZERO,
            decoders: Arc::new(Semaphore::new(1)),
        };
        let bytes = samples::bytes("sharp-1.png").unwrap();
        let cancel = Arc::new(AtomicBool::new(false));
        let (photo, _) = measure(&state, bytes.clone(), &cancel).await.ok().unwrap();
        assert!(photo.measures().is_some(), "{photo:?}");
        // The request's future is dropped (timeout or client gone).
        drop(CancelOnDrop(cancel.clone()));
        let (photo, _) = measure(&state, bytes, &cancel).await.ok().unwrap();
        assert_eq!(photo, Photo::Unreadable("the request was cancelled".into()));
        assert_eq!(state.decoders.available_permits(), 1);
    }
}

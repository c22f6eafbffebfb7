//! The JSON API handlers. Every failure is a JSON `{"error": "…"}` naming
//! the field at fault, with 400 for bad input and 413 for oversize input.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Multipart, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use super::{MAX_PHOTO_BYTES, MAX_PHOTOS, MAX_TEXT_BYTES};
use crate::Engine;
use crate::batch::{self, Record};
use crate::emit::json;
use crate::error::ErrorKind;
use crate::input::{self, Kind};
use crate::portfolio::MemorySource;

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

fn document(report: &crate::report::DocReport) -> Response {
    let body = json::document_line(report);
    ([(header::CONTENT_TYPE, "application/json")], body).into_response()
}

const FIELDS: [&str; 5] = ["kind", "text", "task", "review", "lang"];

/// `POST /api/v1/check`: `{"kind","text","task"?,"review"?,"lang"?}`.
pub async fn check(
    State(engine): State<Arc<Engine>>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let body = match body {
        Ok(body) => body,
        Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return too_large("request body too large").into_response();
        }
        Err(e) => return bad(e.body_text()).into_response(),
    };
    let record = match parse_check(&body) {
        Ok(record) => record,
        Err(refused) => return refused.into_response(),
    };
    // A profile takes well under a millisecond: no need to leave the runtime.
    match batch::lint(&engine, "input", record) {
        Ok(report) => document(&report),
        Err(e) => refusal(&e).into_response(),
    }
}

fn parse_check(body: &[u8]) -> Result<Record, ApiError> {
    let value: Value =
        serde_json::from_slice(body).map_err(|e| bad(format!("malformed JSON: {e}")))?;
    let Value::Object(fields) = value else {
        return Err(bad("the body must be a JSON object"));
    };
    if let Some(unknown) = fields.keys().find(|k| !FIELDS.contains(&k.as_str())) {
        return Err(bad(format!(
            "unknown field `{unknown}`; expected kind, text, task, review, lang"
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
        id: Value::Null,
        kind: text("kind")?,
        text: text("text")?,
        task: text("task")?,
        review: text("review")?,
        lang: text("lang")?,
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

/// One uploaded photo and its caption.
struct Upload {
    name: String,
    bytes: Bytes,
    caption: String,
}

/// `POST /api/v1/portfolio`: multipart parts `lang`?, then per photo a file
/// part `photo` followed by a text part `caption`.
pub async fn portfolio(State(engine): State<Arc<Engine>>, multipart: Multipart) -> Response {
    let (lang, uploads) = match read_uploads(multipart).await {
        Ok(parts) => parts,
        Err(refused) => return refused.into_response(),
    };
    if uploads.is_empty() {
        return bad("no `photo` parts: send at least one photo").into_response();
    }
    // Decoding photos is heavy: off the async workers, in parallel.
    let result = tokio::task::spawn_blocking(move || {
        let manifest = manifest_text(lang.as_deref(), &uploads);
        let options = input::Options {
            kind: Some(Kind::Portfolio),
            ..Default::default()
        };
        let mut doc = input::from_text("upload", manifest, &options).map_err(|e| e.message)?;
        let source = MemorySource {
            files: uploads
                .iter()
                .map(|u| (u.name.clone(), &u.bytes[..]))
                .collect(),
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

async fn read_uploads(mut multipart: Multipart) -> Result<(Option<String>, Vec<Upload>), ApiError> {
    let mut lang = None;
    let mut uploads: Vec<Upload> = Vec::new();
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
                let bytes = limited(field, MAX_PHOTO_BYTES, "photo").await?;
                uploads.push(Upload {
                    name: format!("{}-{}", uploads.len() + 1, safe_name(&file)),
                    bytes,
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

/// Reads a part up to `limit` bytes; more is a 413 naming the part.
async fn limited(
    mut field: axum::extract::multipart::Field<'_>,
    limit: usize,
    name: &str,
) -> Result<Bytes, ApiError> {
    let mut out = Vec::new();
    while let Some(chunk) = field
        .chunk()
        .await
        .map_err(|e| bad(format!("cannot read part `{name}`: {}", e.body_text())))?
    {
        if out.len() + chunk.len() > limit {
            return Err(too_large(format!(
                "part `{name}` is over the {} MB limit",
                limit >> 20
            )));
        }
        out.extend_from_slice(&chunk);
    }
    Ok(Bytes::from(out))
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

/// `GET /api/v1/rules`: every rule, as `pitchlint rules` lists them, and
/// the dimensions with their labels (the page takes them from here).
pub async fn rules(State(engine): State<Arc<Engine>>) -> Response {
    let rules: Vec<crate::rules::RuleInfo> = engine
        .rules()
        .iter()
        .map(crate::rules::RuleInfo::of)
        .collect();
    let body = serde_json::json!({
        "rules": rules,
        "dimensions": crate::dimensions::DIMENSIONS,
    })
    .to_string();
    ([(header::CONTENT_TYPE, "application/json")], body).into_response()
}

//! The HTTP API in process: status codes, the report shape, the limits,
//! and the OpenAPI description agreeing with what the server does.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use pitchlint::Engine;
use pitchlint::portfolio::samples;
use pitchlint::serve::Limits;
use serde_json::{Value, json};
use tower::ServiceExt;

fn app() -> Router {
    static SET: OnceLock<Arc<Engine>> = OnceLock::new();
    let set = SET.get_or_init(|| Arc::new(Engine::builtin().unwrap()));
    pitchlint::serve::router(set.clone())
}

async fn send(request: Request<Body>) -> (StatusCode, String, Vec<u8>) {
    let response = app().oneshot(request).await.unwrap();
    let status = response.status();
    let kind = response
        .headers()
        .get(header::CONTENT_TYPE)
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    let body = response
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .to_vec();
    (status, kind, body)
}

async fn post_json(body: impl Into<Body>) -> (StatusCode, Value) {
    post_to("/api/v1/check", body).await
}

async fn post_to(path: &str, body: impl Into<Body>) -> (StatusCode, Value) {
    let request = Request::post(path)
        .header(header::CONTENT_TYPE, "application/json")
        .body(body.into())
        .unwrap();
    let (status, kind, body) = send(request).await;
    assert_eq!(kind, "application/json", "{status}");
    (status, serde_json::from_slice(&body).unwrap())
}

async fn get(path: &str) -> (StatusCode, String, Vec<u8>) {
    send(Request::get(path).body(Body::empty()).unwrap()).await
}

const VAGUE: &str = "Качественно и в срок выполним любые работы. Индивидуальный подход. Звоните!";

#[tokio::test]
async fn check_returns_the_document_object() {
    let (status, doc) = post_json(json!({"kind": "profile", "text": VAGUE}).to_string()).await;
    assert_eq!(status, StatusCode::OK, "{doc}");
    assert_eq!(doc["kind"], "profile");
    assert_eq!(doc["lang"], "ru");
    assert!(doc["score"].as_u64().unwrap() < 50, "{doc}");
    assert!(doc["dimensions"]["specificity"]["score"].is_number());
    let vague = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "ru.profile.vague-phrase")
        .expect("vague phrase found");
    let span = &vague["span"];
    let (start, end) = (
        span["start"].as_u64().unwrap() as usize,
        span["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&VAGUE[start..end], "Качественно и в срок");
}

#[tokio::test]
async fn replies_and_review_answers_use_their_context() {
    let (status, doc) = post_json(
        json!({"kind": "reply", "text": "Здравствуйте! Сделаем.", "task": "Нужна столешница из акрила 3 м в Казани"})
            .to_string(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(doc["dimensions"]["relevance"]["judged"], Value::Null);
    assert!(
        doc["dimensions"]["relevance"]["score"].as_u64().unwrap() < 60,
        "{doc}"
    );
    let (status, doc) = post_json(
        json!({"kind": "review-reply", "text": "Спасибо за отзыв!", "review": "Ужасно, столешница треснула", "lang": "ru"})
            .to_string(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(doc["dimensions"]["remedy"]["score"].is_number(), "{doc}");
    // Five stars: praise whatever the words, so remedy is not judged; a
    // rating out of range is refused.
    let (status, doc) = post_json(
        json!({"kind": "review-reply", "text": "Спасибо за отзыв!", "review": "Ужасно, столешница треснула", "rating": 5, "lang": "ru"})
            .to_string(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(doc["dimensions"]["remedy"]["score"].is_null(), "{doc}");
    let (status, doc) = post_json(
        json!({"kind": "review-reply", "text": "Спасибо!", "review": "Ок", "rating": 9})
            .to_string(),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(doc["error"].as_str().unwrap().contains("rating"), "{doc}");
}

#[tokio::test]
async fn bad_requests_are_400_naming_the_field() {
    for (body, needle) in [
        ("{\"text\": ".to_string(), "malformed JSON"),
        ("[1, 2]".to_string(), "JSON object"),
        (
            json!({"kind": "profile"}).to_string(),
            "missing field `text`",
        ),
        (
            json!({"text": 5}).to_string(),
            "field `text` must be a string",
        ),
        (
            json!({"text": "x", "task": ["a"]}).to_string(),
            "field `task`",
        ),
        (
            json!({"text": "x", "kind": "poem"}).to_string(),
            "unknown kind `poem`",
        ),
        (
            json!({"text": "x", "colour": "red"}).to_string(),
            "unknown field `colour`",
        ),
        (
            json!({"text": "x", "lang": "de"}).to_string(),
            "unknown lang `de`",
        ),
        (json!({"text": "   "}).to_string(), "empty document"),
    ] {
        let (status, error) = post_json(body.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        let message = error["error"].as_str().unwrap();
        assert!(message.contains(needle), "{body}: {message}");
    }
}

#[tokio::test]
async fn oversize_input_is_413_and_the_server_goes_on() {
    let long = "слово ".repeat(40_000);
    let (status, error) = post_json(json!({"text": long}).to_string()).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(
        error["error"].as_str().unwrap().contains("field `text`"),
        "{error}"
    );
    let (status, error) = post_json("x".repeat(2 * 1024 * 1024)).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{error}");
    let (status, _) = post_json(json!({"text": VAGUE}).to_string()).await;
    assert_eq!(status, StatusCode::OK);
}

/// A multipart body: `lang`, then each photo with its caption.
fn multipart(photos: &[(&str, Vec<u8>, &str)]) -> Request<Body> {
    let boundary = "pitchlint-test-boundary";
    let mut body = Vec::new();
    let mut part = |headers: String, content: &[u8]| {
        body.extend_from_slice(format!("--{boundary}\r\n{headers}\r\n\r\n").as_bytes());
        body.extend_from_slice(content);
        body.extend_from_slice(b"\r\n");
    };
    part(
        "Content-Disposition: form-data; name=\"lang\"".into(),
        b"ru",
    );
    for (name, bytes, caption) in photos {
        part(
            format!(
                "Content-Disposition: form-data; name=\"photo\"; filename=\"{name}\"\r\nContent-Type: image/png"
            ),
            bytes,
        );
        part(
            "Content-Disposition: form-data; name=\"caption\"".into(),
            caption.as_bytes(),
        );
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    Request::post("/api/v1/portfolio")
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(Body::from(body))
        .unwrap()
}

#[tokio::test]
async fn portfolio_uploads_get_findings_per_photo() {
    let caption = "Столешница из кварцевого агломерата: изготовили и смонтировали за 10 дней";
    let request = multipart(&[
        (
            "kitchen.png",
            samples::bytes("sharp-1.png").unwrap(),
            caption,
        ),
        (
            "../../etc/blurry.png",
            samples::bytes("blurry-2.png").unwrap(),
            caption,
        ),
        ("broken.jpg", samples::bytes("broken-3.jpg").unwrap(), ""),
    ]);
    let (status, _, body) = send(request).await;
    let doc: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(status, StatusCode::OK, "{doc}");
    assert_eq!(doc["kind"], "portfolio");
    let about = |item: u64| -> Vec<String> {
        doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["item"] == item)
            .map(|f| f["rule"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(about(1).is_empty(), "{:?}", about(1));
    assert!(
        about(2).contains(&"ru.portfolio.blurry".to_string()),
        "{:?}",
        about(2)
    );
    assert!(
        about(3).contains(&"ru.portfolio.unreadable-photo".to_string()),
        "{:?}",
        about(3)
    );
    assert!(about(3).contains(&"ru.portfolio.caption-material".to_string()));
    let names: Vec<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["photo"].as_str())
        .collect();
    assert!(names.iter().all(|n| !n.contains("..")), "{names:?}");
}

#[tokio::test]
async fn portfolio_limits_and_bad_parts() {
    let photo = samples::bytes("sharp-1.png").unwrap();
    let many: Vec<(&str, Vec<u8>, &str)> = (0..41).map(|_| ("p.png", photo.clone(), "")).collect();
    let (status, _, body) = send(multipart(&many)).await;
    assert_eq!(
        status,
        StatusCode::PAYLOAD_TOO_LARGE,
        "{}",
        String::from_utf8_lossy(&body)
    );
    let big = vec![0u8; 20 * 1024 * 1024 + 1];
    let (status, _, body) = send(multipart(&[("big.jpg", big, "")])).await;
    assert_eq!(
        status,
        StatusCode::PAYLOAD_TOO_LARGE,
        "{}",
        String::from_utf8_lossy(&body)
    );
    let (status, _, body) = send(multipart(&[])).await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "{}",
        String::from_utf8_lossy(&body)
    );
    let request = Request::post("/api/v1/portfolio")
        .header(header::CONTENT_TYPE, "multipart/form-data")
        .body(Body::from("{}"))
        .unwrap();
    let (status, _, body) = send(request).await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "{}",
        String::from_utf8_lossy(&body)
    );
    // A caption over the text limit names the limit in KB.
    let long = "a".repeat(200 * 1024 + 1);
    let (status, _, body) = send(multipart(&[("p.png", photo.clone(), long.as_str())])).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    let error: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(
        error["error"], "part `caption` is over the 200 KB limit",
        "{error}"
    );
}

/// Every refusal is one JSON object with an `error` line, whatever its cause.
#[tokio::test]
async fn every_error_is_json() {
    let with_type = |path: &str, kind: &str| {
        Request::post(path)
            .header(header::CONTENT_TYPE, kind)
            .body(Body::from(json!({"text": VAGUE}).to_string()))
            .unwrap()
    };
    let cases = [
        (
            Request::get("/api/v1/check").body(Body::empty()).unwrap(),
            StatusCode::METHOD_NOT_ALLOWED,
        ),
        (
            Request::delete("/healthz").body(Body::empty()).unwrap(),
            StatusCode::METHOD_NOT_ALLOWED,
        ),
        (
            with_type("/api/v1/check", "text/plain"),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
        (
            with_type("/api/v1/check", "application/x-www-form-urlencoded"),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
        (
            Request::post("/api/v1/check")
                .body(Body::from(json!({"text": VAGUE}).to_string()))
                .unwrap(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
        (
            with_type("/api/v1/portfolio", "application/json"),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
        (
            Request::get("/nope").body(Body::empty()).unwrap(),
            StatusCode::NOT_FOUND,
        ),
    ];
    for (request, expected) in cases {
        let what = format!("{} {}", request.method(), request.uri());
        let (status, kind, body) = send(request).await;
        assert_eq!(status, expected, "{what}");
        assert_eq!(kind, "application/json", "{what}");
        let error: Value = serde_json::from_slice(&body).unwrap();
        let message = error["error"].as_str().unwrap_or_default();
        assert!(
            !message.is_empty() && !message.contains('\n'),
            "{what}: {error}"
        );
    }
    // JSON with parameters is still JSON.
    let (status, _, _) = send(with_type(
        "/api/v1/check",
        "application/json; charset=utf-8",
    ))
    .await;
    assert_eq!(status, StatusCode::OK);
}

/// A body that sends `first` and then stalls; `reading` fires once the
/// server asks for more, that is once the handler is reading the body.
fn stalled(first: Vec<u8>, reading: tokio::sync::oneshot::Sender<()>) -> Body {
    use futures_util::stream::{self, StreamExt};
    let head = stream::iter([Ok::<_, std::io::Error>(Bytes::from(first))]);
    let tail = stream::once(async move {
        let _ = reading.send(());
        std::future::pending::<Result<Bytes, std::io::Error>>().await
    });
    Body::from_stream(head.chain(tail))
}

/// The start of a portfolio upload: one photo part, no end.
fn portfolio_start(reading: tokio::sync::oneshot::Sender<()>) -> Request<Body> {
    let boundary = "pitchlint-test-boundary";
    let mut first = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"a.png\"\r\n\r\n"
    )
    .into_bytes();
    first.extend_from_slice(&samples::bytes("sharp-1.png").unwrap());
    Request::post("/api/v1/portfolio")
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(stalled(first, reading))
        .unwrap()
}

fn limited_app(limits: Limits) -> Router {
    static SET: OnceLock<Arc<Engine>> = OnceLock::new();
    let set = SET.get_or_init(|| Arc::new(Engine::builtin().unwrap()));
    pitchlint::serve::router_with(set.clone(), &limits)
}

async fn answer(app: Router, request: Request<Body>) -> (StatusCode, Value) {
    let response = app.oneshot(request).await.unwrap();
    let status = response.status();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, serde_json::from_slice(&body).unwrap_or(Value::Null))
}

#[tokio::test]
async fn portfolio_checks_beyond_the_cap_are_503_until_a_slot_frees() {
    let app = limited_app(Limits {
        portfolio_jobs: 1,
        queue_wait: Duration::ZERO,
        ..Limits::default()
    });
    let (reading, read) = tokio::sync::oneshot::channel();
    let first = tokio::spawn(app.clone().oneshot(portfolio_start(reading)));
    read.await.unwrap();
    let photo = samples::bytes("sharp-2.png").unwrap();
    let (status, error) = answer(app.clone(), multipart(&[("b.png", photo.clone(), "")])).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{error}");
    assert!(
        error["error"].as_str().unwrap().contains("try again"),
        "{error}"
    );
    // The stalled upload goes away (client gone): its slot is free again.
    first.abort();
    let _ = first.await;
    let (status, doc) = answer(app, multipart(&[("b.png", photo, "")])).await;
    assert_eq!(status, StatusCode::OK, "{doc}");
}

#[tokio::test]
async fn long_checks_beyond_the_cap_are_503() {
    let app = limited_app(Limits {
        checks: 0,
        queue_wait: Duration::ZERO,
        ..Limits::default()
    });
    let check = |text: String| {
        Request::post("/api/v1/check")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(json!({"text": text}).to_string()))
            .unwrap()
    };
    for text in [
        format!("{VAGUE} ").repeat(300),
        format!("---\nlang: ru\n---\n{VAGUE}"),
    ] {
        let (status, error) = answer(app.clone(), check(text)).await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{error}");
        assert!(
            error["error"].as_str().unwrap().contains("try again"),
            "{error}"
        );
    }
    // A short plain text does not wait for a slot.
    let (status, doc) = answer(app, check(VAGUE.to_string())).await;
    assert_eq!(status, StatusCode::OK, "{doc}");
}

#[tokio::test]
async fn a_request_over_the_time_limit_is_408_in_json() {
    let app = limited_app(Limits {
        request_timeout: Duration::from_millis(100),
        ..Limits::default()
    });
    let (reading, _read) = tokio::sync::oneshot::channel();
    let (status, error) = answer(app.clone(), portfolio_start(reading)).await;
    assert_eq!(status, StatusCode::REQUEST_TIMEOUT, "{error}");
    assert!(
        error["error"].as_str().unwrap().contains("took over"),
        "{error}"
    );
}

#[tokio::test]
async fn page_rules_and_health() {
    let (status, kind, body) = get("/").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(kind, "text/html; charset=utf-8");
    let html = String::from_utf8(body).unwrap();
    assert!(html.contains("app.js") && html.contains("style.css"));
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "no outside resources"
    );
    for (path, kind) in [
        ("/app.js", "text/javascript; charset=utf-8"),
        ("/style.css", "text/css; charset=utf-8"),
    ] {
        let (status, got, _) = get(path).await;
        assert_eq!((status, got.as_str()), (StatusCode::OK, kind));
    }
    let (status, _, body) = get("/healthz").await;
    assert_eq!((status, body.as_slice()), (StatusCode::OK, &b"ok"[..]));
    let (status, _, body) = get("/api/v1/rules").await;
    assert_eq!(status, StatusCode::OK);
    let listing: Value = serde_json::from_slice(&body).unwrap();
    let rules = listing["rules"].as_array().unwrap();
    assert!(rules.iter().any(|r| r["id"] == "ru.portfolio.blurry"));
    let cta = listing["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "cta")
        .unwrap();
    assert_eq!(
        (cta["ru"].as_str(), cta["en"].as_str()),
        (Some("Призыв к действию"), Some("Call to action"))
    );
    // Trades and markets by id, named in each language, for the page's
    // labels ("Market: UK", not "Market: uk").
    let named = |list: &str, id: &str| {
        let entry = listing[list]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["id"] == id)
            .unwrap_or_else(|| panic!("{list}: no {id}"))
            .clone();
        (
            entry["ru"].as_str().map(String::from),
            entry["en"].as_str().map(String::from),
        )
    };
    // A market is named in both languages: by its own rules' `name` and
    // by `names` for the other.
    assert_eq!(
        named("markets", "uk"),
        (Some("Великобритания".into()), Some("United Kingdom".into()))
    );
    assert_eq!(
        named("markets", "ru"),
        (Some("Россия".into()), Some("Russia".into()))
    );
    assert_eq!(named("markets", "us").0.as_deref(), Some("США"));
    let (ru, en) = named("trades", "electrics");
    assert!(ru.is_some_and(|n| n.to_lowercase().contains("электр")));
    assert!(en.is_some_and(|n| n.to_lowercase().contains("electri")));
    assert_eq!(get("/nope").await.0, StatusCode::NOT_FOUND);
}

async fn post_batch(body: Value) -> (StatusCode, Value) {
    let request = Request::post("/api/v1/check/batch")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .unwrap();
    let (status, kind, body) = send(request).await;
    assert_eq!(kind, "application/json", "{status}");
    (status, serde_json::from_slice(&body).unwrap())
}

/// A result without what only a batch adds (`id`, `index`) or names
/// differently (`path`), to compare with a single check's answer.
fn bare(mut result: Value) -> Value {
    for key in ["id", "index", "path"] {
        result.as_object_mut().unwrap().remove(key);
    }
    result
}

#[tokio::test]
async fn a_batch_answers_each_document_in_order_with_errors_in_place() {
    let reply = json!({"kind": "reply", "task": "Заменить смеситель в ванной, Казань.",
        "text": "Здравствуйте! Замена смесителя — 1500 ₽. Смеситель уже купили? Могу заехать в субботу к 10."});
    let mut with_id = reply.clone();
    with_id["id"] = json!("r-1");
    let documents = json!([
        with_id,
        {"id": 7, "kind": "profile"},
        {"kind": "brochure", "text": "x"},
        "not an object",
        {"id": "v", "kind": "profile", "text": VAGUE},
    ]);
    let (status, answer) = post_batch(json!({"documents": documents})).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let results = answer["results"].as_array().unwrap();
    assert_eq!(results.len(), 5);
    for (index, result) in results.iter().enumerate() {
        assert_eq!(result["index"], index, "{result}");
    }
    assert_eq!(results[0]["id"], "r-1");
    assert_eq!(results[1]["id"], 7);
    assert_eq!(results[1]["error"], "missing field `text`");
    assert!(
        results[2]["error"]
            .as_str()
            .unwrap()
            .contains("unknown kind `brochure`")
    );
    assert_eq!(results[3]["error"], "a document must be a JSON object");
    assert_eq!(results[4]["id"], "v");
    // Each result is what a single check answers for the same document.
    for (result, single) in [
        (&results[0], reply),
        (&results[4], json!({"kind": "profile", "text": VAGUE})),
    ] {
        let (_, alone) = post_json(single.to_string()).await;
        assert_eq!(bare(result.clone()), bare(alone));
    }
}

#[tokio::test]
async fn a_batch_in_scores_format_is_compact() {
    let documents = json!([{"id": "v", "kind": "profile", "text": VAGUE}]);
    let (status, answer) = post_batch(json!({"documents": documents, "format": "scores"})).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let result = &answer["results"][0];
    assert!(result.get("findings").is_none(), "{result}");
    assert!(result["dimensions"]["specificity"].is_number(), "{result}");
    assert!(result["top_fixes"].as_array().unwrap().len() <= 3);
    let (_, full) = post_json(json!({"kind": "profile", "text": VAGUE}).to_string()).await;
    assert_eq!(result["score"], full["score"]);
}

#[tokio::test]
async fn a_batch_refuses_what_is_not_a_batch() {
    let one = json!({"kind": "profile", "text": "Плиточник."});
    let too_many: Vec<Value> = std::iter::repeat_n(one.clone(), 1001).collect();
    let cases = [
        (
            json!({"documents": too_many}),
            StatusCode::PAYLOAD_TOO_LARGE,
            "over the limit of 1000",
        ),
        (
            json!([one]),
            StatusCode::BAD_REQUEST,
            "must be a JSON object",
        ),
        (
            json!({"documents": one}),
            StatusCode::BAD_REQUEST,
            "`documents` must be an array",
        ),
        (
            json!({"documents": [], "colour": 1}),
            StatusCode::BAD_REQUEST,
            "unknown field `colour`",
        ),
        (
            json!({"documents": [], "format": "csv"}),
            StatusCode::BAD_REQUEST,
            "field `format`",
        ),
    ];
    for (body, status, message) in cases {
        let (got, answer) = post_batch(body).await;
        assert_eq!(got, status, "{answer}");
        assert!(
            answer["error"].as_str().unwrap().contains(message),
            "{answer}"
        );
    }
    let (status, answer) = post_batch(json!({"documents": []})).await;
    assert_eq!((status, answer), (StatusCode::OK, json!({"results": []})));
    let full: Vec<Value> = std::iter::repeat_n(one, 1000).collect();
    let (status, answer) = post_batch(json!({"documents": full, "format": "scores"})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(answer["results"].as_array().unwrap().len(), 1000);
}

#[tokio::test]
async fn openapi_describes_what_the_server_does() {
    let (status, _, body) = get("/api/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    let spec: Value = serde_json::from_slice(&body).unwrap();
    assert!(spec["openapi"].as_str().unwrap().starts_with("3."));
    // Every described operation exists: a GET answers 200, a POST with an
    // empty body answers one of its documented error codes.
    for (path, ops) in spec["paths"].as_object().unwrap() {
        for (method, op) in ops.as_object().unwrap() {
            let documented: Vec<&String> = op["responses"].as_object().unwrap().keys().collect();
            // Path parameters take their documented example.
            let mut uri = path.clone();
            for param in op["parameters"].as_array().into_iter().flatten() {
                let name = param["name"].as_str().unwrap();
                let value = param["example"]
                    .as_str()
                    .unwrap_or_else(|| panic!("{path}: {name} has no example"));
                uri = uri.replace(&format!("{{{name}}}"), value);
            }
            let request = Request::builder()
                .method(method.to_uppercase().as_str())
                .uri(uri)
                .body(Body::empty())
                .unwrap();
            let (status, _, _) = send(request).await;
            assert!(
                status != StatusCode::NOT_FOUND && status != StatusCode::METHOD_NOT_ALLOWED,
                "{method} {path}"
            );
            assert!(
                documented.iter().any(|c| *c == status.as_str()),
                "{method} {path}: {status} not in {documented:?}"
            );
        }
    }
    // Every operation has its own id; every example is what the server
    // takes and answers.
    let mut ids = std::collections::BTreeSet::new();
    for (path, ops) in spec["paths"].as_object().unwrap() {
        for (method, op) in ops.as_object().unwrap() {
            let id = op["operationId"]
                .as_str()
                .unwrap_or_else(|| panic!("{method} {path}"));
            assert!(ids.insert(id.to_string()), "operationId {id} twice");
            assert!(
                op["responses"]["405"].is_object(),
                "{method} {path}: no 405"
            );
            let content = &op["requestBody"]["content"]["application/json"];
            let Some(examples) = content["examples"].as_object() else {
                continue;
            };
            let mut schema = spec.clone();
            schema["$ref"] = content["schema"]["$ref"].clone();
            let request_schema = jsonschema::validator_for(&schema).unwrap();
            let mut schema = spec.clone();
            schema["$ref"] =
                op["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].clone();
            let answer_schema = jsonschema::validator_for(&schema).unwrap();
            for (name, example) in examples {
                let value = &example["value"];
                assert!(request_schema.is_valid(value), "{path} example {name}");
                let request = Request::post(path.as_str())
                    .header(header::CONTENT_TYPE, "application/json")
                    .body(Body::from(value.to_string()))
                    .unwrap();
                let (status, _, body) = send(request).await;
                assert_eq!(status, StatusCode::OK, "{path} example {name}");
                let answer: Value = serde_json::from_slice(&body).unwrap();
                let errors: Vec<String> = answer_schema
                    .iter_errors(&answer)
                    .map(|e| e.to_string())
                    .collect();
                assert!(errors.is_empty(), "{path} example {name}: {errors:?}");
            }
        }
    }
    assert!(ids.contains("checkBatch"), "{ids:?}");
    // The check answer matches the described Document schema.
    let mut schema = spec.clone();
    schema["$ref"] = json!("#/components/schemas/Document");
    let validator = jsonschema::validator_for(&schema).unwrap();
    let (_, doc) = post_json(json!({"kind": "profile", "text": VAGUE}).to_string()).await;
    let errors: Vec<String> = validator.iter_errors(&doc).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}");
    let mut request = spec.clone();
    request["$ref"] = json!("#/components/schemas/CheckRequest");
    let validator = jsonschema::validator_for(&request).unwrap();
    assert!(validator.is_valid(&json!({"kind": "reply", "text": "x", "task": "y"})));
    assert!(!validator.is_valid(&json!({"text": "x", "colour": "red"})));
}

#[tokio::test]
async fn pages_on_allowed_origins_may_call_the_api() {
    let app = limited_app(Limits {
        cors_origins: vec!["https://platform.example".into()],
        ..Limits::default()
    });
    let preflight = |origin: &str| {
        Request::options("/api/v1/check")
            .header(header::ORIGIN, origin)
            .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
            .header(header::ACCESS_CONTROL_REQUEST_HEADERS, "content-type")
            .body(Body::empty())
            .unwrap()
    };
    let allowed = app
        .clone()
        .oneshot(preflight("https://platform.example"))
        .await
        .unwrap();
    assert!(allowed.status().is_success(), "{}", allowed.status());
    let headers = allowed.headers();
    assert_eq!(
        headers[header::ACCESS_CONTROL_ALLOW_ORIGIN],
        "https://platform.example"
    );
    assert!(
        headers[header::ACCESS_CONTROL_ALLOW_METHODS]
            .to_str()
            .unwrap()
            .contains("POST")
    );
    let other = app
        .clone()
        .oneshot(preflight("https://elsewhere.example"))
        .await
        .unwrap();
    assert!(
        other
            .headers()
            .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
            .is_none()
    );
    // The answer itself carries the header too.
    let request = Request::post("/api/v1/check")
        .header(header::ORIGIN, "https://platform.example")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(
            json!({"kind": "profile", "text": VAGUE}).to_string(),
        ))
        .unwrap();
    let response = app.oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN],
        "https://platform.example"
    );
}

#[tokio::test]
async fn without_cors_origins_no_origin_is_allowed() {
    let request = Request::options("/api/v1/check")
        .header(header::ORIGIN, "https://platform.example")
        .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
        .body(Body::empty())
        .unwrap();
    let response = app().oneshot(request).await.unwrap();
    assert!(
        response
            .headers()
            .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
            .is_none()
    );
}

#[tokio::test]
async fn a_draft_is_built_from_the_texts_own_sentences() {
    let body = json!({
        "kind": "review-reply",
        "review": "Плинтус отошёл через неделю, так и не приехали.",
        "text": "Сами виноваты, надо было не мыть пол. Спасибо за отзыв.",
    });
    let (status, draft) = post_to("/api/v1/draft", body.to_string()).await;
    assert_eq!(status, StatusCode::OK, "{draft}");
    let names: Vec<&str> = draft["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["thanks", "apology", "remedy"], "{draft}");
    assert_eq!(draft["sections"][0]["lines"], json!(["Спасибо за отзыв."]));
    assert_eq!(
        draft["dropped"],
        json!(["Сами виноваты, надо было не мыть пол."])
    );
    assert!(
        draft["text"]
            .as_str()
            .unwrap()
            .starts_with("Спасибо за отзыв.\n\n[")
    );
    // A draft lints every sentence alone: long texts are refused up front.
    let long = "Кладу плитку в Казани. ".repeat(1_000);
    let (status, answer) = post_to(
        "/api/v1/draft",
        json!({"kind": "profile", "text": long}).to_string(),
    )
    .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{answer}");
    assert!(
        answer["error"]
            .as_str()
            .unwrap()
            .contains("drafts take up to"),
        "{answer}"
    );
    // A portfolio cannot be drafted.
    let (status, answer) = post_to(
        "/api/v1/draft",
        json!({"kind": "conversation", "text": "{}"}).to_string(),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
}

#[tokio::test]
async fn a_rule_is_explained_with_its_examples_split_from_their_context() {
    let (status, _, body) = get("/api/v1/rules/ru.reply.echo-job").await;
    assert_eq!(status, StatusCode::OK);
    let rule: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(rule["dimension"], "relevance");
    assert!(
        rule["explain"].as_str().unwrap().contains("заявк"),
        "{rule}"
    );
    let bad = rule["examples"]["bad"].as_array().unwrap();
    assert!(!bad.is_empty());
    // The job post is apart from the reply, with no front matter left.
    assert!(
        bad[0]["context"]
            .as_str()
            .unwrap()
            .starts_with("Нужна столешница"),
        "{}",
        bad[0]
    );
    assert!(
        !bad[0]["text"].as_str().unwrap().contains("---"),
        "{}",
        bad[0]
    );
    // A profile example has no context.
    let (_, _, body) = get("/api/v1/rules/ru.profile.vague-phrase").await;
    let rule: Value = serde_json::from_slice(&body).unwrap();
    assert!(rule["examples"]["good"][0]["context"].is_null(), "{rule}");
    // An unknown id is a 404 naming the closest rule.
    let (status, _, body) = get("/api/v1/rules/ru.profile.vague-phrse").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let answer: Value = serde_json::from_slice(&body).unwrap();
    assert!(
        answer["error"]
            .as_str()
            .unwrap()
            .contains("did you mean `ru.profile.vague-phrase`"),
        "{answer}"
    );
}

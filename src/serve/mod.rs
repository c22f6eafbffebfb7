//! `pitchlint serve`: the checker as a web page for contractors and an HTTP
//! API for platforms. The page (`web/`) is embedded in the binary; the API
//! answers with the document object of the JSON report contract.
//!
//! Routes: `GET /` (the page), `POST /api/v1/check`, `POST /api/v1/portfolio`
//! (multipart photos and captions), `GET /api/v1/rules`, `GET /healthz`,
//! `GET /api/openapi.json`.

mod api;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::timeout::TimeoutLayer;

use crate::Engine;
use crate::error::Error;

/// Largest text field (`text`, `task`, `review`).
pub const MAX_TEXT_BYTES: usize = 200 * 1024;
/// Largest uploaded photo.
pub const MAX_PHOTO_BYTES: usize = 20 * 1024 * 1024;
/// Most photos in one portfolio request.
pub const MAX_PHOTOS: usize = 40;
/// Time one request may take before it is answered 408.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// Body limits: three text fields and some JSON around them; all photos
/// with their captions.
const CHECK_BODY_BYTES: usize = 4 * MAX_TEXT_BYTES;
const PORTFOLIO_BODY_BYTES: usize = MAX_PHOTOS * (MAX_PHOTO_BYTES + 4 * 1024) + 64 * 1024;

const INDEX_HTML: &str = include_str!("../../web/index.html");
const APP_JS: &str = include_str!("../../web/app.js");
const STYLE_CSS: &str = include_str!("../../web/style.css");
const OPENAPI_JSON: &str = include_str!("openapi.json");

/// The application: routes, limits, a time limit, and panics turned into
/// 500 answers so the server keeps serving.
pub fn router(engine: Arc<Engine>) -> Router {
    let api = Router::new()
        .route(
            "/api/v1/check",
            post(api::check).layer(DefaultBodyLimit::max(CHECK_BODY_BYTES)),
        )
        .route(
            "/api/v1/portfolio",
            post(api::portfolio).layer(DefaultBodyLimit::max(PORTFOLIO_BODY_BYTES)),
        )
        .route("/api/v1/rules", get(api::rules))
        .with_state(engine);
    Router::new()
        .route(
            "/",
            get(|| async { page("text/html; charset=utf-8", INDEX_HTML) }),
        )
        .route(
            "/app.js",
            get(|| async { page("text/javascript; charset=utf-8", APP_JS) }),
        )
        .route(
            "/style.css",
            get(|| async { page("text/css; charset=utf-8", STYLE_CSS) }),
        )
        .route("/healthz", get(|| async { "ok" }))
        .route(
            "/api/openapi.json",
            get(|| async { page("application/json", OPENAPI_JSON) }),
        )
        .merge(api)
        .fallback(|| async { api::error(StatusCode::NOT_FOUND, "no such route") })
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .layer(CatchPanicLayer::custom(|_| {
            api::error(StatusCode::INTERNAL_SERVER_ERROR, "internal error")
        }))
}

fn page(content_type: &'static str, body: &'static str) -> Response {
    ([(header::CONTENT_TYPE, content_type)], body).into_response()
}

/// Serves until Ctrl-C; prints the address once listening.
pub fn run(addr: SocketAddr, engine: Engine) -> Result<(), Error> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::new("serve", format!("cannot start: {e}")))?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|e| Error::new(addr.to_string(), format!("cannot listen: {e}")))?;
        let local = listener
            .local_addr()
            .map_err(|e| Error::new(addr.to_string(), e.to_string()))?;
        println!("pitchlint serve: http://{local}");
        use std::io::Write;
        let _ = std::io::stdout().flush();
        axum::serve(listener, router(Arc::new(engine)))
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
            .map_err(|e| Error::new(local.to_string(), format!("server failed: {e}")))
    })
}

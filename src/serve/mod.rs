//! `pitchlint serve`: the checker as a web page for contractors and an HTTP
//! API for platforms. The page (`web/`) is embedded in the binary; the API
//! answers with the document object of the JSON report contract.
//!
//! Routes: `GET /` (the page), `POST /api/v1/check`, `POST /api/v1/draft`,
//! `POST /api/v1/check/batch` (up to 1 000 documents), `POST
//! /api/v1/portfolio` (multipart photos and captions), `GET /api/v1/rules`,
//! `GET /healthz`, `GET /api/openapi.json`.

mod api;
mod pace;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};

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
/// A batch of up to 1 000 documents: about 16 KB each on average, while
/// each field keeps the single check's limit.
const BATCH_BODY_BYTES: usize = 16 * 1024 * 1024;
const PORTFOLIO_BODY_BYTES: usize = MAX_PHOTOS * (MAX_PHOTO_BYTES + 4 * 1024) + 64 * 1024;

const INDEX_HTML: &str = include_str!("../../web/index.html");
const APP_JS: &str = include_str!("../../web/app.js");
const STYLE_CSS: &str = include_str!("../../web/style.css");
const OPENAPI_JSON: &str = include_str!("openapi.json");

/// What the server lets requests and connections use.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Time from a request's head to its answer; past it, 408.
    pub request_timeout: Duration,
    /// Portfolio requests served at once. Each holds at most one photo
    /// (`MAX_PHOTO_BYTES`) in memory, so this also caps upload bytes held.
    pub portfolio_jobs: usize,
    /// Checks of long texts (over 16 KB) or of front matter run at once;
    /// each may build a large answer.
    pub checks: usize,
    /// How long a check or portfolio request waits for a free slot before
    /// its 503.
    pub queue_wait: Duration,
    /// Photos decoded at once across all requests (each up to
    /// `photo::MAX_DECODE_BYTES`).
    pub decoders: usize,
    /// Time a client has to send a request head, counted from the
    /// connection's start or from the previous answer: it closes silent and
    /// idle keep-alive connections too.
    pub header_read_timeout: Duration,
    /// Once a write has to wait, the client must take
    /// `write_min_bytes` within this time or be dropped: a client that
    /// reads nothing, or too slowly, cannot keep an answer in memory.
    pub write_timeout: Duration,
    pub write_min_bytes: usize,
    /// Connections served at once; more wait in the listen backlog.
    pub max_connections: usize,
    /// Time in-flight requests get to finish after a shutdown signal.
    pub shutdown_grace: Duration,
    /// Origins whose pages may call the API from a browser
    /// (`https://platform.example`, or `*` for any); none by default.
    pub cors_origins: Vec<String>,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            request_timeout: REQUEST_TIMEOUT,
            portfolio_jobs: 4,
            checks: 4,
            queue_wait: Duration::from_secs(5),
            decoders: 2,
            header_read_timeout: Duration::from_secs(10),
            write_timeout: Duration::from_secs(10),
            // 256 KB per 10 s: about 25 KB/s, a slow mobile link.
            write_min_bytes: 256 * 1024,
            max_connections: 4096,
            shutdown_grace: REQUEST_TIMEOUT + Duration::from_secs(5),
            cors_origins: Vec::new(),
        }
    }
}

/// What the handlers share.
pub(crate) struct AppState {
    engine: Arc<Engine>,
    /// One permit per running portfolio request.
    jobs: Arc<Semaphore>,
    /// One permit per text being checked.
    checks: Arc<Semaphore>,
    queue_wait: Duration,
    /// One permit per photo being decoded.
    decoders: Arc<Semaphore>,
}

/// The application with the default limits.
pub fn router(engine: Arc<Engine>) -> Router {
    router_with(engine, &Limits::default())
}

/// The application: routes, limits, a time limit, and panics turned into
/// 500 answers so the server keeps serving. Every error is JSON.
pub fn router_with(engine: Arc<Engine>, limits: &Limits) -> Router {
    let state = Arc::new(AppState {
        engine,
        jobs: Arc::new(Semaphore::new(limits.portfolio_jobs)),
        checks: Arc::new(Semaphore::new(limits.checks)),
        queue_wait: limits.queue_wait,
        decoders: Arc::new(Semaphore::new(limits.decoders)),
    });
    let api = Router::new()
        .route(
            "/api/v1/check",
            post(api::check).layer(DefaultBodyLimit::max(CHECK_BODY_BYTES)),
        )
        .route(
            "/api/v1/draft",
            post(api::draft).layer(DefaultBodyLimit::max(CHECK_BODY_BYTES)),
        )
        .route(
            "/api/v1/check/batch",
            post(api::check_batch).layer(DefaultBodyLimit::max(BATCH_BODY_BYTES)),
        )
        .route(
            "/api/v1/portfolio",
            post(api::portfolio).layer(DefaultBodyLimit::max(PORTFOLIO_BODY_BYTES)),
        )
        .route("/api/v1/rules", get(api::rules))
        .route("/api/v1/rules/{id}", get(api::rule))
        .with_state(state);
    let app = Router::new()
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
        .method_not_allowed_fallback(|request: Request| async move {
            api::error(
                StatusCode::METHOD_NOT_ALLOWED,
                &format!("method {} is not allowed here", request.method()),
            )
        })
        .layer(middleware::from_fn_with_state(
            limits.request_timeout,
            time_limit,
        ))
        .layer(CatchPanicLayer::custom(|_| {
            api::error(StatusCode::INTERNAL_SERVER_ERROR, "internal error")
        }));
    // Outermost, so a preflight is answered before routing turns its
    // OPTIONS into a 405.
    match cors(&limits.cors_origins) {
        Some(layer) => app.layer(layer),
        None => app,
    }
}

/// Lets pages on `origins` call the API, preflight included.
fn cors(origins: &[String]) -> Option<CorsLayer> {
    if origins.is_empty() {
        return None;
    }
    let allow = if origins.iter().any(|o| o == "*") {
        AllowOrigin::any()
    } else {
        AllowOrigin::list(origins.iter().filter_map(|o| HeaderValue::from_str(o).ok()))
    };
    Some(
        CorsLayer::new()
            .allow_origin(allow)
            .allow_methods([Method::GET, Method::POST])
            .allow_headers([header::CONTENT_TYPE])
            .max_age(Duration::from_secs(3600)),
    )
}

/// Checks a `--cors-origin`: `*`, or a scheme and host with an optional
/// port and nothing after, as browsers send it.
pub fn check_origin(origin: &str) -> Result<(), Error> {
    let host = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"));
    let valid = origin == "*"
        || host.is_some_and(|h| {
            !h.is_empty()
                && h.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
        });
    if valid {
        Ok(())
    } else {
        Err(Error::usage(format!(
            "--cors-origin {origin}: expected * or an origin such as https://platform.example (scheme, host and port, no path)"
        )))
    }
}

/// Answers 408 in JSON when a request outlives `limit`. Dropping the
/// handler's future cancels its work (see `api::portfolio`).
async fn time_limit(State(limit): State<Duration>, request: Request, next: Next) -> Response {
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => api::error(
            StatusCode::REQUEST_TIMEOUT,
            &format!("the request took over {} s", limit.as_secs_f32()),
        ),
    }
}

fn page(content_type: &'static str, body: &'static str) -> Response {
    ([(header::CONTENT_TYPE, content_type)], body).into_response()
}

/// Serves `app` on `listener` within `limits` until `shutdown` completes,
/// then stops accepting and gives in-flight requests `shutdown_grace` to
/// finish.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: &Limits,
    shutdown: impl Future<Output = ()>,
) {
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout);
    let connections = Arc::new(Semaphore::new(limits.max_connections));
    let graceful = GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        // At the cap, stop accepting: the kernel's backlog holds the rest.
        let permit = tokio::select! {
            permit = connections.clone().acquire_owned() => match permit {
                Ok(permit) => permit,
                Err(_) => break,
            },
            () = &mut shutdown => break,
        };
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(e) => {
                    // Out of descriptors or a connection reset before
                    // accept: pause instead of spinning, then go on.
                    if !matches!(
                        e.kind(),
                        std::io::ErrorKind::ConnectionAborted | std::io::ErrorKind::ConnectionReset
                    ) {
                        tokio::time::sleep(Duration::from_millis(50)).await;
                    }
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let stream = pace::Paced::new(stream, limits.write_timeout, limits.write_min_bytes);
        let connection =
            http.serve_connection(TokioIo::new(stream), TowerToHyperService::new(app.clone()));
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            // Client errors and timeouts end the connection; nothing to report.
            let _ = connection.await;
            drop(permit);
        });
    }
    drop(listener);
    let _ = tokio::time::timeout(limits.shutdown_grace, graceful.shutdown()).await;
}

/// Completes on Ctrl-C or, on Unix, SIGTERM.
async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
}

/// Raises the soft descriptor limit to the hard one (as servers commonly
/// do) and returns the connections it leaves room for, keeping some
/// descriptors for everything else.
fn connection_room(wanted: usize) -> usize {
    #[cfg(unix)]
    {
        use rustix::process::{Resource, getrlimit, setrlimit};
        let mut limit = getrlimit(Resource::Nofile);
        if let (Some(soft), Some(hard)) = (limit.current, limit.maximum)
            && soft < hard
        {
            limit.current = Some(hard);
            let _ = setrlimit(Resource::Nofile, limit);
        }
        let soft = getrlimit(Resource::Nofile).current.unwrap_or(u64::MAX);
        let room = usize::try_from(soft.saturating_sub(64)).unwrap_or(usize::MAX);
        wanted.min(room.max(16))
    }
    #[cfg(not(unix))]
    wanted
}

/// Serves until Ctrl-C or SIGTERM; prints the address once listening.
pub fn run(addr: SocketAddr, engine: Engine, cors_origins: Vec<String>) -> Result<(), Error> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::new("serve", format!("cannot start: {e}")))?;
    let mut limits = Limits::default();
    limits.max_connections = connection_room(limits.max_connections);
    limits.cors_origins = cors_origins;
    runtime.block_on(async move {
        let listener = TcpListener::bind(addr)
            .await
            .map_err(|e| Error::new(addr.to_string(), format!("cannot listen: {e}")))?;
        let local = listener
            .local_addr()
            .map_err(|e| Error::new(addr.to_string(), e.to_string()))?;
        println!("pitchlint serve: http://{local}");
        use std::io::Write;
        let _ = std::io::stdout().flush();
        let app = router_with(Arc::new(engine), &limits);
        serve(listener, app, &limits, shutdown_signal()).await;
        Ok(())
    })
}

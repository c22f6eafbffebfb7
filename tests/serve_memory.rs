//! A portfolio upload is measured photo by photo as it arrives: the server
//! never holds all of an upload's photos at once. Counted by a global
//! allocator, in a test binary of its own so nothing else allocates.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use pitchlint::Engine;
use pitchlint::portfolio::samples;
use tower::ServiceExt;

#[path = "support/counting.rs"]
mod counting;

use counting::{CURRENT, LARGE, MB, PEAK};

/// A multipart upload of `photos`, each with a caption.
fn upload(photos: &[Vec<u8>]) -> Request<Body> {
    let boundary = "pitchlint-test-boundary";
    let mut body = Vec::new();
    for (i, photo) in photos.iter().enumerate() {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"{i}.png\"\r\n\r\n")
                .as_bytes(),
        );
        body.extend_from_slice(photo);
        body.extend_from_slice(
            format!("\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"caption\"\r\n\r\nKitchen {i}\r\n").as_bytes(),
        );
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    // In 64 KB pieces, as a socket delivers it.
    let body = axum::body::Bytes::from(body);
    let pieces: Vec<Result<_, std::io::Error>> = (0..body.len())
        .step_by(64 * 1024)
        .map(|at| Ok(body.slice(at..body.len().min(at + 64 * 1024))))
        .collect();
    Request::post("/api/v1/portfolio")
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(Body::from_stream(futures_util::stream::iter(pieces)))
        .unwrap()
}

#[tokio::test]
async fn an_upload_holds_one_photo_at_a_time() {
    let app = pitchlint::serve::router(Arc::new(Engine::builtin().unwrap()));
    let small = samples::bytes("sharp-1.png").unwrap();
    // A first request warms whatever is built on first use.
    let response = app
        .clone()
        .oneshot(upload(std::slice::from_ref(&small)))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let _ = response.into_body().collect().await.unwrap();

    // Twelve 2 MB files: 24 MB in all. Holding them whole would cost more
    // than 24 MB beyond the request body itself.
    let mut photos = vec![small];
    photos.extend((0..11).map(|i| vec![i as u8; 2 * MB]));
    let request = upload(&photos);
    drop(photos);
    let base = CURRENT.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    LARGE.store(0, Ordering::Relaxed);
    let response = app.oneshot(request).await.unwrap();
    let status = response.status();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    let peak = PEAK.load(Ordering::Relaxed).saturating_sub(base);
    let large = LARGE.load(Ordering::Relaxed);
    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&body));
    let doc: serde_json::Value = serde_json::from_slice(&body).unwrap();
    let unreadable = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"].as_str().unwrap().ends_with("unreadable-photo"))
        .count();
    assert_eq!(unreadable, 11, "{doc}");
    assert!(peak < 12 * MB, "the upload held {} MB at once", peak / MB);
    // One photo buffer, grown for the first photo and reused: a buffer per
    // photo, freed on the decoding thread, is memory the allocator keeps.
    assert!(large <= 3, "{large} allocations of 1 MB or more");
}

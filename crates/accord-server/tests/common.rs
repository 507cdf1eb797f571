//! Helpers: an in-process app over an in-memory store with the bundled examples, and one call.

use std::path::PathBuf;
use std::time::Duration;

use accord_server::{AppState, app, memory_store};
use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use http_body_util::BodyExt as _;
use tower::ServiceExt as _;

/// The address the in-process apps pretend to listen on.
pub const LISTEN: &str = "127.0.0.1:7878";
/// Its Host header.
pub const HOST: &str = "127.0.0.1:7878";

/// The flagship's id and the toy's.
pub const FLAGSHIP: &str = "ukraine-2025";
pub const TOY: &str = "toy-border";

/// An app with the bundled examples, no token, and this compute limit.
pub fn app_with(token: Option<&str>, limit: Duration) -> Router {
    let state = AppState::new(
        memory_store().expect("the examples are stored"),
        LISTEN.parse().unwrap(),
        token.map(str::to_owned),
        limit,
    );
    app(state)
}

/// An app with the bundled examples, no token, and a compute limit of ten minutes: these
/// tests run unoptimized builds on shared CI machines, where the flagship's report takes
/// several times the release build's seconds; the limit itself is tested with small limits
/// (`api::a_computation_over_its_limit_gets_503_and_others_are_served_meanwhile`).
pub fn new_app() -> Router {
    app_with(None, std::time::Duration::from_secs(600))
}

/// An answer: status, headers, body.
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Answer {
    /// The body as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    /// The error code of an error body.
    pub fn code(&self) -> String {
        self.json()["error"]["code"]
            .as_str()
            .unwrap_or("")
            .to_owned()
    }
}

/// Sends one request with `Host: 127.0.0.1:7878` and the extra headers.
pub async fn call_with(
    app: &Router,
    method: &str,
    path: &str,
    body: Option<String>,
    headers: &[(&str, &str)],
) -> Answer {
    let mut r = Request::builder().method(method).uri(path);
    if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
        r = r.header("host", HOST);
    }
    for (k, v) in headers {
        r = r.header(*k, *v);
    }
    if body.is_some() {
        r = r.header("content-type", "application/json");
    }
    let request = r.body(body.map_or_else(Body::empty, Body::from)).unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    Answer {
        status,
        headers,
        body: String::from_utf8(bytes.to_vec()).unwrap(),
    }
}

/// Sends one request with a JSON body (or none).
pub async fn call(
    app: &Router,
    method: &str,
    path: &str,
    body: Option<serde_json::Value>,
) -> Answer {
    call_with(app, method, path, body.map(|b| b.to_string()), &[]).await
}

/// The `accord` binary of this build (`target/<profile>/accord`, next to the test's `deps`
/// folder). `cargo test --workspace` builds it; `cargo test -p accord-server` alone needs a
/// `cargo build -p accord-cli` first.
pub fn accord_bin() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let dir = exe.parent().and_then(|d| d.parent()).unwrap();
    let bin = dir.join(format!("accord{}", std::env::consts::EXE_SUFFIX));
    assert!(
        bin.exists(),
        "{} is missing: build it with `cargo build -p accord-cli` (cargo test --workspace does)",
        bin.display()
    );
    bin
}

/// A file of the shared folder (`../shared` from the repository root).
pub fn shared(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared")
        .join(path)
}

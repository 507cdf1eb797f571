//! `accord serve`: a local web workspace over an embedded database, and its JSON API
//! (`../shared/spec/api.md`).
//!
//! ```text
//! request ─▶ catch-panic ─▶ body limit (16 MiB) ─▶ security (Host 421, Origin 403, token 401)
//!         ─▶ api (JSON, /api/v1) or pages (HTML)
//!               ├─ store (SQLite: the only SQL) on the blocking pool
//!               └─ compute (library calls on the blocking pool, under a time limit: 503)
//! ```
//!
//! The API answers what the CLI's `--json` prints for the same scenario text and options, byte
//! for byte: it calls the same library functions and serializes the same wire types the same
//! way ([`error::pretty`]).
//!
//! Entry points: [`Args`] and [`run`] for the `accord serve` command; [`app`] and
//! [`AppState`] to drive the server in-process (tests).

#![warn(missing_docs)]

pub mod api;
pub mod compute;
pub mod diff;
pub mod edit;
pub mod error;
pub mod pages;
pub mod security;
pub mod store;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

pub use error::{ApiError, ServeError};
pub use store::{Store, StoreError};

/// The largest request body: 16 MiB, the largest scenario file accord reads.
pub const BODY_LIMIT: usize = 16 * 1024 * 1024;

/// The default time limit of one computation.
pub const DEFAULT_COMPUTE_LIMIT: Duration = Duration::from_secs(30);

/// The examples a new database starts with: `(file name, text)`.
pub const EXAMPLES: &[(&str, &str)] = &[
    (
        "ukraine-2025.toml",
        include_str!("../../../examples/ukraine-2025.toml"),
    ),
    (
        "toy-border.toml",
        include_str!("../../../examples/toy-border.toml"),
    ),
];

/// The flags of `accord serve`.
#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    /// The database file (created with the bundled examples when missing).
    #[arg(long, value_name = "FILE", default_value = "accord.db")]
    pub db: PathBuf,
    /// The address to listen on; any address that is not loopback needs --token-file.
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:7878")]
    pub listen: SocketAddr,
    /// A file holding the bearer token every request must carry (`Authorization: Bearer
    /// TOKEN`).
    #[arg(long, value_name = "FILE")]
    pub token_file: Option<PathBuf>,
    /// Open the address in a browser once the server listens.
    #[arg(long)]
    pub open: bool,
    /// The time limit of one computation, in seconds.
    #[arg(long, value_name = "S", default_value_t = DEFAULT_COMPUTE_LIMIT.as_secs_f64())]
    pub compute_limit: f64,
}

/// What every handler shares: the store, the security checks and the compute limit.
#[derive(Clone)]
pub struct AppState {
    /// The database (one connection; store calls run on the blocking pool).
    pub store: Arc<Mutex<Store>>,
    /// The Host, Origin and token checks.
    pub security: Arc<security::Security>,
    /// The time limit of one computation.
    pub compute_limit: Duration,
}

impl AppState {
    /// The state of a server listening on `listen` (the address actually bound).
    pub fn new(
        store: Store,
        listen: SocketAddr,
        token: Option<String>,
        compute_limit: Duration,
    ) -> Self {
        AppState {
            store: Arc::new(Mutex::new(store)),
            security: Arc::new(security::Security::new(listen, token)),
            compute_limit,
        }
    }

    /// Runs `f` with the store, on the blocking pool (SQLite calls block, and a commit waits
    /// for the disk).
    pub async fn with_store<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut Store) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        let store = Arc::clone(&self.store);
        compute::blocking(move || {
            // A panic while holding the lock cannot leave a transaction half done (SQLite rolls
            // it back), so a poisoned lock is still a consistent store.
            let mut guard = store.lock().unwrap_or_else(|p| p.into_inner());
            f(&mut guard)
        })
        .await
    }
}

/// Opens the database, and fills a new one with the bundled examples.
///
/// Errors: [`ServeError::Store`], [`ServeError::Example`].
pub fn open_store(path: &Path) -> Result<Store, ServeError> {
    let store_error = |source| ServeError::Store {
        path: path.to_path_buf(),
        source,
    };
    let (mut store, fresh) = Store::open(path).map_err(store_error)?;
    if fresh {
        seed(&mut store).map_err(|e| match e {
            Seed::Store(source) => store_error(source),
            Seed::Example(e) => e,
        })?;
    }
    Ok(store)
}

/// A store in memory holding the bundled examples (tests).
///
/// Errors: as [`open_store`].
pub fn memory_store() -> Result<Store, ServeError> {
    let (mut store, _) = Store::in_memory().map_err(|source| ServeError::Store {
        path: PathBuf::from(":memory:"),
        source,
    })?;
    seed(&mut store).map_err(|e| match e {
        Seed::Store(source) => ServeError::Store {
            path: PathBuf::from(":memory:"),
            source,
        },
        Seed::Example(e) => e,
    })?;
    Ok(store)
}

enum Seed {
    Store(StoreError),
    Example(ServeError),
}

fn seed(store: &mut Store) -> Result<(), Seed> {
    for (name, text) in EXAMPLES {
        let parsed = accord_model::parse(text);
        let valid = parsed.errors().next().is_none();
        let Some(s) = parsed.scenario.filter(|_| valid) else {
            return Err(Seed::Example(ServeError::Example {
                name,
                message: "it does not pass `accord check`".into(),
            }));
        };
        store
            .create(
                s.id().as_str(),
                s.title(),
                text,
                &format!("bundled example {name}"),
            )
            .map_err(Seed::Store)?;
    }
    Ok(())
}

/// The whole application: the API, its OpenAPI document, the pages, and the layers every
/// request passes (catch-panic, body limit, security).
pub fn app(state: AppState) -> Router {
    let (api, openapi) = api::router().split_for_parts();
    let openapi_json = error::pretty(&openapi).unwrap_or_else(|_| "{}\n".to_owned());
    Router::new()
        .merge(api)
        .route(
            "/api/v1/openapi.json",
            axum::routing::get(move || async move {
                error::json_text(StatusCode::OK, openapi_json.clone())
            }),
        )
        .merge(pages::router())
        .fallback(|| async { ApiError::not_found("no such page or endpoint") })
        .method_not_allowed_fallback(|| async {
            ApiError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                "this path does not answer this method",
            )
        })
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            security::check,
        ))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        // Outside the limit layer, so that its own early refusal (a declared Content-Length
        // over the limit, answered before any handler) gets the JSON error body too.
        .layer(tower_http::limit::RequestBodyLimitLayer::new(BODY_LIMIT))
        .layer(axum::middleware::map_response(json_413))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(
            |_: Box<dyn std::any::Any + Send>| {
                ApiError::internal("a handler panicked (a defect); the server goes on")
                    .into_response()
            },
        ))
        .with_state(state)
}

/// tower-http's body limit answers a declared over-long body with a plain-text 413; this gives
/// it the JSON error body of every other error.
async fn json_413(response: Response) -> Response {
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if response.status() == StatusCode::PAYLOAD_TOO_LARGE && !is_json {
        return too_large().into_response();
    }
    response
}

/// 413: the body is over [`BODY_LIMIT`].
pub fn too_large() -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "too_large",
        format!("the request body is over {} MiB", BODY_LIMIT >> 20),
    )
}

/// Runs `accord serve`: checks the flags, reads the token, binds the address, opens the
/// database (in that order, so that a refused start creates no database), prints the address to
/// open on stderr, and serves until SIGINT or SIGTERM (then finishes the requests in flight and
/// closes the database).
///
/// Errors: [`ServeError::NeedsToken`] for a non-loopback address without a token file (a usage
/// error), [`ServeError::ComputeLimit`], the token file, the database, the address.
pub fn run(args: &Args) -> Result<(), ServeError> {
    if !(args.compute_limit.is_finite() && args.compute_limit > 0.0) {
        return Err(ServeError::ComputeLimit(args.compute_limit));
    }
    let compute_limit = Duration::from_secs_f64(args.compute_limit.min(1e9));
    if !args.listen.ip().is_loopback() && args.token_file.is_none() {
        return Err(ServeError::NeedsToken {
            listen: args.listen,
        });
    }
    let token = match &args.token_file {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|source| ServeError::TokenFile {
                path: path.clone(),
                source,
            })?;
            let token = text.trim().to_owned();
            if token.is_empty() {
                return Err(ServeError::EmptyToken { path: path.clone() });
            }
            Some(token)
        }
        None => None,
    };
    // The address first: a server that cannot listen leaves no database behind.
    let bind_error = |source| ServeError::Bind {
        listen: args.listen,
        source,
    };
    let listener = std::net::TcpListener::bind(args.listen).map_err(bind_error)?;
    listener.set_nonblocking(true).map_err(bind_error)?;
    let store = open_store(&args.db)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let result = runtime.block_on(async {
        let listener = tokio::net::TcpListener::from_std(listener).map_err(bind_error)?;
        let bound = listener.local_addr()?;
        let state = AppState::new(store, bound, token, compute_limit);
        let url = format!("http://{bound}/");
        eprintln!(
            "accord serve: listening on {url} (database {})",
            args.db.display()
        );
        if args.open {
            open_browser(&url);
        }
        axum::serve(listener, app(state))
            .with_graceful_shutdown(shutdown_signal())
            .await?;
        say(format_args!("stopped"));
        Ok(())
    });
    // Computations past their limit may still run on the blocking pool: do not wait for them.
    runtime.shutdown_timeout(Duration::from_secs(5));
    result
}

/// A line on stderr; a closed stderr is not an error (the server goes on).
fn say(message: std::fmt::Arguments<'_>) {
    use std::io::Write as _;
    let _ = writeln!(std::io::stderr(), "accord serve: {message}");
}

/// Waits for SIGINT (Ctrl-C) or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}

/// Opens a URL in the desktop's browser; a failure is reported, not fatal.
fn open_browser(url: &str) {
    let program = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(program)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
    {
        say(format_args!(
            "cannot open a browser ({program}: {e}); open {url}"
        ));
    }
}

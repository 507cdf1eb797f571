//! Errors: [`ApiError`], what a request gets when it fails (the
//! `{ "error": { code, message, diagnostics } }` body of api.md and its HTTP status), and
//! [`ServeError`], why the server cannot start or stopped.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

use crate::store::StoreError;

/// Why `accord serve` could not start, or stopped.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// A non-loopback address without a token: anyone on the network could drive the server.
    #[error(
        "{listen} is not a loopback address: serving on it needs a token file (a file holding \
         the bearer token every request must carry)"
    )]
    NeedsToken {
        /// The address asked for.
        listen: std::net::SocketAddr,
    },
    /// The token file cannot be read.
    #[error("cannot read the token file {path}: {source}")]
    TokenFile {
        /// The file.
        path: std::path::PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The token file holds no token.
    #[error("the token file {path} is empty")]
    EmptyToken {
        /// The file.
        path: std::path::PathBuf,
    },
    /// The compute limit is not a positive number of seconds.
    #[error("the compute limit must be a positive number of seconds, not {0}")]
    ComputeLimit(f64),
    /// The database cannot be opened or filled.
    #[error("cannot open the database {path}: {source}")]
    Store {
        /// The database file.
        path: std::path::PathBuf,
        /// Why.
        source: StoreError,
    },
    /// A bundled example is not a valid scenario (a build defect, reported instead of a panic).
    #[error("the bundled example {name} cannot be stored: {message}")]
    Example {
        /// The example's file name.
        name: &'static str,
        /// Why.
        message: String,
    },
    /// The address cannot be listened on.
    #[error("cannot listen on {listen}: {source}")]
    Bind {
        /// The address.
        listen: std::net::SocketAddr,
        /// Why.
        source: std::io::Error,
    },
    /// The server or its runtime failed.
    #[error("the server failed: {0}")]
    Io(#[from] std::io::Error),
}

impl ServeError {
    /// Whether the failure is in how the server was asked to start (an address that needs a
    /// token, a bad limit), rather than in a file or the system.
    pub fn is_usage(&self) -> bool {
        matches!(
            self,
            ServeError::NeedsToken { .. } | ServeError::ComputeLimit(_)
        )
    }
}

/// The body of every error answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// What went wrong.
    pub error: ErrorDetail,
    /// For a stale save (409): the latest version.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_version: Option<i64>,
    /// For a stale save (409): what changed from the save's base to the latest version (the
    /// answer of `GET …/diff?from=BASE&to=LATEST`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub changes: Option<serde_json::Value>,
}

/// The `error` member of [`ErrorBody`].
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// A stable word: `bad_request`, `unauthorized`, `forbidden_origin`, `not_found`,
    /// `conflict`, `stale_version`, `too_large`, `misdirected`, `invalid`, `compute_limit`,
    /// `internal`.
    pub code: &'static str,
    /// What went wrong, for people.
    pub message: String,
    /// The diagnostics, shaped as the `diagnostics` of `accord check --json` (empty when the
    /// error is not about a scenario's text).
    #[schema(value_type = Vec<Object>)]
    pub diagnostics: Vec<serde_json::Value>,
}

/// A failed request: its status and body.
#[derive(Debug)]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// The body (boxed: errors travel in every `Result` of the handlers).
    pub body: Box<ErrorBody>,
}

impl ApiError {
    /// An error with a status, a code and a message, and no diagnostics.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            body: Box::new(ErrorBody {
                error: ErrorDetail {
                    code,
                    message: message.into(),
                    diagnostics: Vec::new(),
                },
                current_version: None,
                changes: None,
            }),
        }
    }

    /// 400: the request is malformed.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "bad_request", message)
    }

    /// 404: an unknown scenario, plan or version.
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", message)
    }

    /// 422: an invalid scenario or option, with its diagnostics.
    pub fn invalid(message: impl Into<String>, diagnostics: Vec<serde_json::Value>) -> Self {
        let mut e = Self::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid", message);
        e.body.error.diagnostics = diagnostics;
        e
    }

    /// 503: a computation would pass a limit.
    pub fn limit(message: impl Into<String>) -> Self {
        Self::new(StatusCode::SERVICE_UNAVAILABLE, "compute_limit", message)
    }

    /// 500: a defect (never expected; logged on stderr).
    pub fn internal(message: impl Into<String>) -> Self {
        let message = message.into();
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), "accord serve: internal error: {message}");
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", message)
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match &e {
            StoreError::NotFound { .. } | StoreError::VersionNotFound { .. } => {
                ApiError::not_found(e.to_string())
            }
            StoreError::Exists { .. } => {
                ApiError::new(StatusCode::CONFLICT, "conflict", e.to_string())
            }
            StoreError::Stale { current, .. } => {
                let mut err = ApiError::new(StatusCode::CONFLICT, "stale_version", e.to_string());
                err.body.current_version = Some(*current);
                err
            }
            StoreError::Sqlite(_) | StoreError::NewerSchema { .. } => {
                ApiError::internal(e.to_string())
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        json_response(self.status, &self.body)
    }
}

/// A JSON answer: the value pretty-printed with a final newline, as the CLI prints it.
pub fn json_response(status: StatusCode, value: &impl Serialize) -> Response {
    match pretty(value) {
        Ok(text) => json_text(status, text),
        Err(e) => ApiError::internal(format!("cannot write JSON: {e}")).into_response(),
    }
}

/// A JSON text as an answer.
pub fn json_text(status: StatusCode, text: String) -> Response {
    (
        status,
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        text,
    )
        .into_response()
}

/// A value as the CLI's `--json` prints it: pretty JSON and a newline.
pub fn pretty(value: &impl Serialize) -> Result<String, serde_json::Error> {
    let mut text = serde_json::to_string_pretty(value)?;
    text.push('\n');
    Ok(text)
}

//! The server-rendered pages of `accord serve`: the workspace, a scenario, the draft editor
//! with its what-ifs, the history with diffs and restore, the comparison of two drafts, the
//! frontier of two parties, and a simulation run.
//!
//! Templates are minijinja (HTML auto-escaping), embedded in the binary with `include_str!`, as
//! are the style sheet (with a print style) and the one small script (`assets/app.js`, plain
//! JavaScript: no CDN, no npm). Pages read the same store and call the same library functions
//! as the JSON API; the editor's script calls the API to save (`PUT …/plans/{plan}` with
//! `base_version`) and a page endpoint ([`editor::assess`]) to show a draft's consequences.
//!
//! Every page error is an HTML page with the API's status: 400 for a malformed parameter, 404
//! for an unknown scenario, version, plan or party, 422 for an invalid request, never 500 for
//! bad input.

mod editor;
mod history;
mod labels;
mod tools;
mod workspace;

use std::sync::OnceLock;

use axum::Router;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};

use crate::AppState;
use crate::error::ApiError;

/// The templates, by name.
const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("templates/base.html")),
    ("index.html", include_str!("templates/index.html")),
    ("scenario.html", include_str!("templates/scenario.html")),
    ("editor.html", include_str!("templates/editor.html")),
    ("assess.html", include_str!("templates/assess.html")),
    ("history.html", include_str!("templates/history.html")),
    ("diff.html", include_str!("templates/diff.html")),
    ("diff_body.html", include_str!("templates/diff_body.html")),
    ("compare.html", include_str!("templates/compare.html")),
    ("frontier.html", include_str!("templates/frontier.html")),
    ("simulate.html", include_str!("templates/simulate.html")),
    ("error.html", include_str!("templates/error.html")),
];

/// The style sheet (screen and print).
const STYLE: &str = include_str!("assets/style.css");
/// The pages' script (plain JavaScript).
const SCRIPT: &str = include_str!("assets/app.js");

/// The pages' routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(workspace::index))
        .route("/assets/style.css", get(style))
        .route("/assets/app.js", get(script))
        .route("/scenario/{id}", get(workspace::scenario))
        .route("/scenario/{id}/export.toml", get(workspace::export_toml))
        .route("/scenario/{id}/report.html", get(workspace::export_report))
        .route("/scenario/{id}/edit/{plan}", get(editor::page))
        .route("/scenario/{id}/assess", post(editor::assess))
        .route("/scenario/{id}/history", get(history::page))
        .route("/scenario/{id}/diff", get(history::diff_page))
        .route("/scenario/{id}/restore", post(history::restore))
        .route("/scenario/{id}/compare", get(history::compare))
        .route("/scenario/{id}/frontier", get(tools::frontier))
        .route("/scenario/{id}/simulate", get(tools::simulate))
}

async fn style() -> Response {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], STYLE).into_response()
}

async fn script() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        SCRIPT,
    )
        .into_response()
}

/// The template environment, built once.
fn env() -> Result<&'static minijinja::Environment<'static>, ApiError> {
    static ENV: OnceLock<Result<minijinja::Environment<'static>, String>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = minijinja::Environment::new();
        for (n, source) in TEMPLATES {
            env.add_template(n, source)
                .map_err(|e| format!("template {n}: {e}"))?;
        }
        env.add_filter("pct", |x: f64| format!("{:.1}", x * 100.0));
        env.add_filter("num", |x: f64| format!("{x:.3}"));
        Ok(env)
    })
    .as_ref()
    .map_err(|e| ApiError::internal(e.clone()))
}

/// Renders an embedded template.
///
/// Errors: a template that does not render (a defect) is a 500.
fn render(name: &str, ctx: minijinja::Value) -> Result<String, ApiError> {
    env()?
        .get_template(name)
        .and_then(|t| t.render(ctx))
        .map_err(|e| ApiError::internal(format!("template {name}: {e}")))
}

/// A page, or the error page with the error's status.
fn respond(result: Result<String, ApiError>) -> Response {
    match result {
        Ok(html) => Html(html).into_response(),
        Err(e) => error_page(e),
    }
}

/// An error as an HTML page with its status.
fn error_page(e: ApiError) -> Response {
    let status = e.status;
    let ctx = minijinja::context! {
        status => status.as_u16(),
        reason => status.canonical_reason().unwrap_or("error"),
        message => e.body.error.message.clone(),
        diagnostics => e.body.error.diagnostics.clone(),
    };
    match render("error.html", ctx) {
        Ok(html) => (status, Html(html)).into_response(),
        Err(_) => (status, e.body.error.message.clone()).into_response(),
    }
}

/// 400 for a query that is not what a page expects.
fn bad_query(e: impl std::fmt::Display) -> ApiError {
    ApiError::new(
        StatusCode::BAD_REQUEST,
        "bad_request",
        format!("the page's parameters are not understood: {e}"),
    )
}

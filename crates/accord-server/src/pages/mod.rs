//! The server-rendered pages. Templates are minijinja, embedded in the binary
//! (`include_str!`), with HTML auto-escaping. For now one page: the workspace's scenarios.

use axum::Router;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use serde::Serialize;

use crate::AppState;
use crate::error::ApiError;

/// The templates, by name.
const TEMPLATES: &[(&str, &str)] = &[("index.html", include_str!("templates/index.html"))];

/// The pages' routes.
pub fn router() -> Router<AppState> {
    Router::new().route("/", get(index))
}

#[derive(Serialize)]
struct Row {
    id: String,
    title: String,
    version: i64,
    updated: String,
}

/// `GET /`: the scenarios, with their latest version.
async fn index(State(state): State<AppState>) -> Response {
    let rows = state
        .with_store(|s| {
            Ok(s.list()?
                .into_iter()
                .map(|x| Row {
                    id: x.id,
                    title: x.title,
                    version: x.version,
                    updated: x.updated,
                })
                .collect::<Vec<_>>())
        })
        .await;
    match rows.and_then(|scenarios| render("index.html", minijinja::context! { scenarios })) {
        Ok(html) => Html(html).into_response(),
        Err(e) => e.into_response(),
    }
}

/// Renders an embedded template.
///
/// Errors: a template that does not render (a defect) is a 500.
fn render(name: &str, ctx: minijinja::Value) -> Result<String, ApiError> {
    let mut env = minijinja::Environment::new();
    for (n, source) in TEMPLATES {
        env.add_template(n, source)
            .map_err(|e| ApiError::internal(format!("template {n}: {e}")))?;
    }
    env.get_template(name)
        .and_then(|t| t.render(ctx))
        .map_err(|e| ApiError::internal(format!("template {name}: {e}")))
}

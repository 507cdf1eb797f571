//! The history of a scenario (versions with messages, restore), the diff between two
//! versions (the API's [`crate::diff::diff`], shown by label), and the comparison of two
//! drafts side by side with per-party deltas.

use accord_model::{Scenario, evaluate_plan};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

use super::labels;
use super::workspace::VersionRow;
use super::{bad_query, error_page, render, respond};
use crate::AppState;
use crate::api::{JsonBody, stale, version_name};
use crate::diff::diff;
use crate::error::{ApiError, json_response};

/// `GET /scenario/{id}/history`: every version, newest first, with the diff form and restore.
pub(super) async fn page(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let result = async {
        let (latest, versions) = {
            let id = id.clone();
            state
                .with_store(move |s| Ok((s.latest(&id)?, s.versions(&id)?)))
                .await?
        };
        let rows: Vec<VersionRow> = versions
            .into_iter()
            .rev()
            .map(|v| VersionRow {
                version: v.version,
                message: v.message,
                created: v.created,
                based_on: v.based_on,
            })
            .collect();
        render(
            "history.html",
            minijinja::context! {
                id => latest.id,
                title => latest.title,
                latest => latest.version,
                versions => rows,
            },
        )
    }
    .await;
    respond(result)
}

#[derive(Deserialize)]
pub(super) struct DiffQuery {
    from: i64,
    to: i64,
    /// Only the diff's body (for the editor's conflict box).
    #[serde(default)]
    fragment: bool,
}

#[derive(Serialize)]
struct TermRow {
    issue: String,
    from: String,
    to: String,
}

#[derive(Serialize)]
struct PlanRow {
    plan: String,
    status: &'static str,
    changed: Vec<TermRow>,
}

#[derive(Serialize)]
struct ValueRow {
    path: String,
    from: String,
    to: String,
}

#[derive(Serialize)]
struct PartyRow {
    party: String,
    status: &'static str,
    changed: Vec<ValueRow>,
}

/// A term as written (an option id, a number, a list) shown by its label in `s`.
fn term_label(s: Option<&Scenario>, issue: &str, term: &Json) -> String {
    let one = |t: &Json| -> String {
        let Some(s) = s else {
            return t.to_string();
        };
        let Some(i) = s.find_issue(issue) else {
            return t.to_string();
        };
        let o = match t {
            Json::String(o) => s.issue(i).find_option(o),
            Json::Number(n) => n.as_f64().and_then(|x| s.issue(i).find_value(x)),
            _ => None,
        };
        o.map_or_else(|| t.to_string(), |o| labels::option_label(s, i, o))
    };
    match term {
        Json::Null => "— (none)".to_owned(),
        Json::Array(list) => list.iter().map(one).collect::<Vec<_>>().join(", "),
        t => one(t),
    }
}

fn value_text(v: &Json) -> String {
    match v {
        Json::Null => "—".to_owned(),
        Json::String(s) => s.clone(),
        v => v.to_string(),
    }
}

/// `GET /scenario/{id}/diff?from=A&to=B[&fragment=true]`: what changed, by label.
pub(super) async fn diff_page(
    State(state): State<AppState>,
    Path(id): Path<String>,
    q: Result<Query<DiffQuery>, QueryRejection>,
) -> Response {
    let result = async {
        let Query(q) = q.map_err(bad_query)?;
        let (a, b) = state
            .with_store(move |s| Ok((s.get(&id, q.from)?, s.get(&id, q.to)?)))
            .await?;
        crate::compute::run(state.compute_limit, move || {
            let d = diff(
                &a.text,
                &b.text,
                &version_name(&a.id, a.version),
                &version_name(&b.id, b.version),
            );
            let new = labels::scenario(&b, &[]).ok();
            let old = labels::scenario(&a, &[]).ok();
            let plan_title = |id: &str| {
                new.as_ref()
                    .and_then(|s| s.find_plan(id).map(|p| s.plan(p).title().to_owned()))
                    .or_else(|| {
                        old.as_ref()
                            .and_then(|s| s.find_plan(id).map(|p| s.plan(p).title().to_owned()))
                    })
                    .unwrap_or_else(|| id.to_owned())
            };
            let issue_title = |id: &str| {
                new.as_ref()
                    .and_then(|s| s.find_issue(id).map(|i| s.issue(i).title().to_owned()))
                    .unwrap_or_else(|| id.to_owned())
            };
            let party_name = |id: &str| {
                new.as_ref()
                    .and_then(|s| s.find_party(id).map(|p| s.party(p).name().to_owned()))
                    .or_else(|| {
                        old.as_ref()
                            .and_then(|s| s.find_party(id).map(|p| s.party(p).name().to_owned()))
                    })
                    .unwrap_or_else(|| id.to_owned())
            };
            let plans: Vec<PlanRow> = d
                .plans
                .iter()
                .map(|p| PlanRow {
                    plan: plan_title(&p.plan),
                    status: p.status,
                    changed: p
                        .changed
                        .iter()
                        .map(|c| TermRow {
                            issue: issue_title(&c.issue),
                            from: term_label(old.as_ref(), &c.issue, &c.from),
                            to: term_label(new.as_ref(), &c.issue, &c.to),
                        })
                        .collect(),
                })
                .collect();
            let parties: Vec<PartyRow> = d
                .parties
                .iter()
                .map(|p| PartyRow {
                    party: party_name(&p.party),
                    status: p.status,
                    changed: p
                        .changed
                        .iter()
                        .map(|c| ValueRow {
                            path: c.path.clone(),
                            from: value_text(&c.from),
                            to: value_text(&c.to),
                        })
                        .collect(),
                })
                .collect();
            render(
                if q.fragment {
                    "diff_body.html"
                } else {
                    "diff.html"
                },
                minijinja::context! {
                    id => b.id,
                    title => b.title,
                    from => a.version,
                    to => b.version,
                    fragment => q.fragment,
                    plans => plans,
                    parties => parties,
                    text_diff => d.text_diff,
                },
            )
        })
        .await
    }
    .await;
    respond(result)
}

/// The body of `POST /scenario/{id}/restore`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RestoreRequest {
    /// The old version to restore.
    version: i64,
    /// The latest version, as the page saw it.
    base_version: i64,
    /// The new version's message (default: `restore version N`).
    #[serde(default)]
    message: Option<String>,
}

/// `POST /scenario/{id}/restore`: saves an old version's text as a new version. JSON like the
/// API: `{ "version" }`, 409 with the current version when `base_version` is stale, 404 for an
/// unknown scenario or version.
pub(super) async fn restore(
    State(state): State<AppState>,
    Path(id): Path<String>,
    body: Result<JsonBody<RestoreRequest>, ApiError>,
) -> Response {
    let result = async {
        let JsonBody(req) = body?;
        let message = req
            .message
            .filter(|m| !m.trim().is_empty())
            .unwrap_or_else(|| format!("restore version {}", req.version));
        state
            .with_store(move |s| {
                s.get(&id, req.version)?;
                s.restore(&id, req.version, req.base_version, &message)
                    .map_err(|e| stale(s, e))
            })
            .await
    }
    .await;
    match result {
        Ok(version) => json_response(StatusCode::OK, &serde_json::json!({ "version": version })),
        Err(e) => e.into_response(),
    }
}

#[derive(Deserialize)]
pub(super) struct CompareQuery {
    a: Option<String>,
    b: Option<String>,
    version: Option<i64>,
}

#[derive(Serialize)]
struct CompareRow {
    party: String,
    a: f64,
    a_verdict: String,
    b: f64,
    b_verdict: String,
    delta: f64,
}

#[derive(Serialize)]
struct TermDiff {
    issue: String,
    a: String,
    b: String,
}

/// `GET /scenario/{id}/compare?a=PLAN&b=PLAN&version=N`: two drafts side by side, each
/// party's utility and verdict under both, and the delta `b − a` (midpoint utilities).
pub(super) async fn compare(
    State(state): State<AppState>,
    Path(id): Path<String>,
    q: Result<Query<CompareQuery>, QueryRejection>,
) -> Response {
    let result = async {
        let Query(q) = q.map_err(bad_query)?;
        let v = labels::version_text(&state, id, q.version).await?;
        crate::compute::run(state.compute_limit, move || {
            let s = labels::scenario(&v, &[])?;
            let plans = labels::plans(&s);
            let (rows, terms, a_title, b_title) = match (&q.a, &q.b) {
                (Some(a), Some(b)) if !a.is_empty() && !b.is_empty() => {
                    let pa = labels::find_plan(&s, a)?;
                    let pb = labels::find_plan(&s, b)?;
                    let (ea, eb) = (evaluate_plan(&s, pa), evaluate_plan(&s, pb));
                    let word = |v: accord_model::Verdict| {
                        serde_json::to_value(v)
                            .ok()
                            .and_then(|v| v.as_str().map(str::to_owned))
                            .unwrap_or_default()
                    };
                    let rows: Vec<CompareRow> = ea
                        .parties
                        .iter()
                        .zip(&eb.parties)
                        .filter(|(x, _)| s.party(x.party).has_preferences())
                        .map(|(x, y)| CompareRow {
                            party: s.party(x.party).name().to_owned(),
                            a: x.utility(),
                            a_verdict: word(x.verdict),
                            b: y.utility(),
                            b_verdict: word(y.verdict),
                            delta: y.utility() - x.utility(),
                        })
                        .collect();
                    let ta = accord_model::plan_terms(&s, pa);
                    let tb = accord_model::plan_terms(&s, pb);
                    let label = |i, t: Option<accord_model::OptionIx>| {
                        t.map_or_else(|| "open".to_owned(), |o| labels::option_label(&s, i, o))
                    };
                    let terms: Vec<TermDiff> = s
                        .issue_ixs()
                        .filter(|i| ta[i.index()] != tb[i.index()])
                        .map(|i| TermDiff {
                            issue: s.issue(i).title().to_owned(),
                            a: label(i, ta[i.index()]),
                            b: label(i, tb[i.index()]),
                        })
                        .collect();
                    (
                        rows,
                        terms,
                        s.plan(pa).title().to_owned(),
                        s.plan(pb).title().to_owned(),
                    )
                }
                _ => (Vec::new(), Vec::new(), String::new(), String::new()),
            };
            render(
                "compare.html",
                minijinja::context! {
                    id => v.id,
                    title => s.title(),
                    version => v.version,
                    plans => plans,
                    a => q.a,
                    b => q.b,
                    a_title => a_title,
                    b_title => b_title,
                    rows => rows,
                    terms => terms,
                },
            )
        })
        .await
    }
    .await;
    match result {
        Ok(html) => Html(html).into_response(),
        Err(e) => error_page(e),
    }
}

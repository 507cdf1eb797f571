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
    /// The version of draft `a` (the latest when absent).
    version: Option<i64>,
    /// The version of draft `b` (`version` when absent): two versions of one draft compare
    /// with `a == b`.
    version_b: Option<i64>,
}

#[derive(Serialize)]
struct CompareRow {
    party: String,
    a: Option<f64>,
    a_verdict: String,
    b: Option<f64>,
    b_verdict: String,
    delta: Option<f64>,
}

#[derive(Serialize)]
struct TermDiff {
    issue: String,
    a: String,
    b: String,
}

fn verdict_word(v: accord_model::Verdict) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// A draft's term of `issue` (by id) by its label, `open` when it leaves the issue open, and
/// `—` when its scenario has no such issue.
fn term_of(s: &Scenario, terms: &[Option<accord_model::OptionIx>], issue: &str) -> String {
    match s.find_issue(issue) {
        Some(i) => {
            terms[i.index()].map_or_else(|| "open".to_owned(), |o| labels::option_label(s, i, o))
        }
        None => "—".to_owned(),
    }
}

/// `GET /scenario/{id}/compare?a=PLAN&b=PLAN&version=N&version_b=M`: two drafts (or two
/// versions of a draft) side by side, each party's utility and verdict under both, and the
/// delta `b − a` (midpoint utilities; parties matched by id, `—` where a version lacks one).
pub(super) async fn compare(
    State(state): State<AppState>,
    Path(id): Path<String>,
    q: Result<Query<CompareQuery>, QueryRejection>,
) -> Response {
    let result = async {
        let Query(q) = q.map_err(bad_query)?;
        let va = labels::version_text(&state, id.clone(), q.version).await?;
        let vb = match q.version_b {
            Some(v) if v != va.version => labels::version_text(&state, id.clone(), Some(v)).await?,
            _ => va.clone(),
        };
        let versions: Vec<i64> = {
            let id = id.clone();
            state
                .with_store(move |s| Ok(s.versions(&id)?.into_iter().map(|v| v.version).collect()))
                .await?
        };
        crate::compute::run(state.compute_limit, move || {
            let sa = labels::scenario(&va, &[])?;
            let sb = if vb.version == va.version {
                sa.clone()
            } else {
                labels::scenario(&vb, &[])?
            };
            let plans = labels::plans(&sa);
            let plans_b = labels::plans(&sb);
            let (rows, terms, a_title, b_title) = match (&q.a, &q.b) {
                (Some(a), Some(b)) if !a.is_empty() && !b.is_empty() => {
                    let pa = labels::find_plan(&sa, a)?;
                    let pb = labels::find_plan(&sb, b)?;
                    let (ea, eb) = (evaluate_plan(&sa, pa), evaluate_plan(&sb, pb));
                    let mut rows: Vec<CompareRow> = Vec::new();
                    for x in ea
                        .parties
                        .iter()
                        .filter(|x| sa.party(x.party).has_preferences())
                    {
                        let party = sa.party(x.party);
                        let y = sb
                            .find_party(party.id().as_str())
                            .map(|p| &eb.parties[p.index()]);
                        rows.push(CompareRow {
                            party: party.name().to_owned(),
                            a: Some(x.utility()),
                            a_verdict: verdict_word(x.verdict),
                            b: y.map(|y| y.utility()),
                            b_verdict: y.map(|y| verdict_word(y.verdict)).unwrap_or_default(),
                            delta: y.map(|y| y.utility() - x.utility()),
                        });
                    }
                    for y in eb
                        .parties
                        .iter()
                        .filter(|y| sb.party(y.party).has_preferences())
                    {
                        let party = sb.party(y.party);
                        if sa.find_party(party.id().as_str()).is_none() {
                            rows.push(CompareRow {
                                party: party.name().to_owned(),
                                a: None,
                                a_verdict: String::new(),
                                b: Some(y.utility()),
                                b_verdict: verdict_word(y.verdict),
                                delta: None,
                            });
                        }
                    }
                    let ta = accord_model::plan_terms(&sa, pa);
                    let tb = accord_model::plan_terms(&sb, pb);
                    let mut issue_ids: Vec<(String, String)> = sa
                        .issue_ixs()
                        .map(|i| {
                            (
                                sa.issue(i).id().as_str().to_owned(),
                                sa.issue(i).title().to_owned(),
                            )
                        })
                        .collect();
                    for i in sb.issue_ixs() {
                        let id = sb.issue(i).id().as_str();
                        if sa.find_issue(id).is_none() {
                            issue_ids.push((id.to_owned(), sb.issue(i).title().to_owned()));
                        }
                    }
                    let terms: Vec<TermDiff> = issue_ids
                        .into_iter()
                        .map(|(issue, title)| TermDiff {
                            issue: title,
                            a: term_of(&sa, &ta, &issue),
                            b: term_of(&sb, &tb, &issue),
                        })
                        .filter(|t| t.a != t.b)
                        .collect();
                    let title =
                        |s: &Scenario, p, v: i64| format!("{} (version {v})", s.plan(p).title());
                    (
                        rows,
                        terms,
                        title(&sa, pa, va.version),
                        title(&sb, pb, vb.version),
                    )
                }
                _ => (Vec::new(), Vec::new(), String::new(), String::new()),
            };
            render(
                "compare.html",
                minijinja::context! {
                    id => va.id,
                    title => sa.title(),
                    version => va.version,
                    version_b => vb.version,
                    versions => versions,
                    plans => plans,
                    plans_b => plans_b,
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

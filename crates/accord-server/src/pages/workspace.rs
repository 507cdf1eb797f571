//! The workspace (`GET /`: scenarios, their versions, import) and a scenario's page (parties
//! with roles, issues by area, drafts, the timeline with sources), with the exports (the
//! accord TOML of a version, its HTML report from `accord_report`).

use accord_model::Cancel;
use accord_report::{ReportData, ReportOptions};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use super::labels::{self, Named};
use super::{bad_query, error_page, render, respond};
use crate::AppState;
use crate::error::ApiError;

#[derive(Serialize)]
struct Row {
    id: String,
    title: String,
    version: i64,
    updated: String,
    versions: Vec<VersionRow>,
}

#[derive(Serialize)]
pub(super) struct VersionRow {
    pub version: i64,
    pub message: String,
    pub created: String,
    pub based_on: Option<i64>,
}

/// `GET /`: the scenarios with their versions, and the import form.
pub(super) async fn index(State(state): State<AppState>) -> Response {
    let rows = state
        .with_store(|s| {
            let mut rows = Vec::new();
            for x in s.list()? {
                let versions = s
                    .versions(&x.id)?
                    .into_iter()
                    .rev()
                    .map(|v| VersionRow {
                        version: v.version,
                        message: v.message,
                        created: v.created,
                        based_on: v.based_on,
                    })
                    .collect();
                rows.push(Row {
                    id: x.id,
                    title: x.title,
                    version: x.version,
                    updated: x.updated,
                    versions,
                });
            }
            Ok(rows)
        })
        .await;
    respond(rows.and_then(|scenarios| render("index.html", minijinja::context! { scenarios })))
}

/// The `version` query of a page (the latest when absent).
#[derive(Deserialize)]
pub(super) struct VersionQuery {
    pub version: Option<i64>,
}

pub(super) fn version_query(
    q: Result<Query<VersionQuery>, QueryRejection>,
) -> Result<Option<i64>, ApiError> {
    q.map(|Query(q)| q.version).map_err(bad_query)
}

#[derive(Serialize)]
struct PartyRow {
    name: String,
    signatory: bool,
    walk_away: String,
    /// `(plan title, role word)` for every plan.
    roles: Vec<(String, &'static str)>,
    red_lines: Vec<String>,
}

#[derive(Serialize)]
struct SourceRef {
    title: String,
    url: Option<String>,
    publisher: Option<String>,
}

#[derive(Serialize)]
struct EventRow {
    date: String,
    kind: &'static str,
    parties: Vec<String>,
    place: Option<String>,
    plan: Option<Named>,
    reaction: Option<ReactionView>,
    summary: Option<String>,
    sources: Vec<SourceRef>,
}

/// A reported reaction beside the model's verdict (accord_model::reactions).
#[derive(Serialize)]
struct ReactionView {
    party: String,
    plan: String,
    /// accept, basis, mixed or reject.
    reaction: &'static str,
    /// The model's verdict for that party on that draft: accept, reject or undetermined.
    verdict: &'static str,
    /// "agrees", "disagrees" or "not comparable".
    agreement: &'static str,
    /// A CSS class: yes, no or maybe.
    class: &'static str,
}

#[derive(Serialize)]
struct PlanRow {
    id: String,
    title: String,
    date: Option<String>,
    drafted_by: Vec<String>,
    terms: usize,
}

/// `GET /scenario/{id}?version=N`: parties with roles, issues by area, drafts, the timeline.
pub(super) async fn scenario(
    State(state): State<AppState>,
    Path(id): Path<String>,
    q: Result<Query<VersionQuery>, QueryRejection>,
) -> Response {
    let result = async {
        let version = version_query(q)?;
        let v = labels::version_text(&state, id.clone(), version).await?;
        let latest = {
            let id = id.clone();
            state
                .with_store(move |s| Ok(s.current_version(&id)?))
                .await?
        };
        let s = labels::scenario(&v, &[])?;
        let name = |p: &accord_model::PartyIx| s.party(*p).name().to_owned();
        let parties: Vec<PartyRow> = s
            .party_ixs()
            .map(|p| {
                let party = s.party(p);
                PartyRow {
                    name: party.name().to_owned(),
                    signatory: party.signatory(),
                    walk_away: fmt_estimate(party.walk_away()),
                    roles: s
                        .plans()
                        .iter()
                        .map(|pl| (pl.title().to_owned(), pl.role(p).word()))
                        .collect(),
                    red_lines: party
                        .red_lines()
                        .iter()
                        .flat_map(|(i, os)| {
                            os.iter().map(|o| {
                                format!(
                                    "{}: {}",
                                    s.issue(*i).title(),
                                    labels::option_label(&s, *i, *o)
                                )
                            })
                        })
                        .collect(),
                }
            })
            .collect();
        let plans: Vec<PlanRow> = s
            .plans()
            .iter()
            .map(|p| PlanRow {
                id: p.id().as_str().to_owned(),
                title: p.title().to_owned(),
                date: p.date().map(|d| d.to_string()),
                drafted_by: p.drafted_by().iter().map(name).collect(),
                terms: p.terms().len(),
            })
            .collect();
        let sources = |ixs: &[accord_model::SourceIx]| -> Vec<SourceRef> {
            ixs.iter()
                .map(|&x| {
                    let src = s.source(x);
                    SourceRef {
                        title: src.title().to_owned(),
                        url: src.url().map(str::to_owned),
                        publisher: src.publisher().map(str::to_owned),
                    }
                })
                .collect()
        };
        let checks = accord_model::reaction_checks(&s);
        let events: Vec<EventRow> = s
            .events()
            .iter()
            .enumerate()
            .map(|(k, e)| EventRow {
                date: format!("{}{}", if e.approx() { "c. " } else { "" }, e.date()),
                kind: e.kind().as_str(),
                parties: e.parties().iter().map(name).collect(),
                place: e.place().map(str::to_owned),
                plan: e.plan().map(|p| labels::plan(&s, p)),
                reaction: checks.iter().find(|c| c.event == k).map(|c| ReactionView {
                    party: s.party(c.party).name().to_owned(),
                    plan: s.plan(c.plan).title().to_owned(),
                    reaction: c.reaction.as_str(),
                    verdict: c.verdict.as_str(),
                    agreement: accord_report::agreement_word(c.agrees),
                    class: match c.agrees {
                        Some(true) => "yes",
                        Some(false) => "no",
                        None => "maybe",
                    },
                }),
                summary: e.summary().map(str::to_owned),
                sources: sources(e.sources()),
            })
            .collect();
        let parties_named: Vec<Named> = s.party_ixs().map(|p| labels::party(&s, p)).collect();
        render(
            "scenario.html",
            minijinja::context! {
                id => v.id,
                title => s.title(),
                summary => s.summary(),
                version => v.version,
                latest => latest,
                parties => parties,
                parties_named => parties_named,
                areas => labels::areas(&s),
                plans => plans,
                events => events,
            },
        )
    }
    .await;
    respond(result)
}

fn fmt_estimate(e: accord_model::Estimate) -> String {
    if e.is_exact() {
        format!("{}", e.lo())
    } else {
        format!("{}–{}", e.lo(), e.hi())
    }
}

/// `GET /scenario/{id}/export.toml?version=N`: the accord/1 text, as a download.
pub(super) async fn export_toml(
    State(state): State<AppState>,
    Path(id): Path<String>,
    q: Result<Query<VersionQuery>, QueryRejection>,
) -> Response {
    let result = async {
        let version = version_query(q)?;
        labels::version_text(&state, id, version).await
    }
    .await;
    match result {
        Ok(v) => (
            [
                (
                    header::CONTENT_TYPE,
                    "application/toml; charset=utf-8".to_owned(),
                ),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{}-v{}.toml\"", v.id, v.version),
                ),
            ],
            v.text,
        )
            .into_response(),
        Err(e) => error_page(e),
    }
}

/// `GET /scenario/{id}/report.html?version=N`: the HTML report of `accord report`.
pub(super) async fn export_report(
    State(state): State<AppState>,
    Path(id): Path<String>,
    q: Result<Query<VersionQuery>, QueryRejection>,
) -> Response {
    let result = async {
        let version = version_query(q)?;
        let v = labels::version_text(&state, id, version).await?;
        // Past the time limit the report's long computations are asked to stop.
        crate::compute::run_cancellable(state.compute_limit, move |cancel: &Cancel| {
            let s = labels::scenario(&v, &[])?;
            // Dated as `accord report` dates it (SOURCE_DATE_EPOCH, else today).
            let options = ReportOptions {
                date: accord_report::date_from_environment().ok(),
                cancel: cancel.clone(),
                ..ReportOptions::default()
            };
            let data = ReportData::compute_cancellable(&s, &options).map_err(|_| {
                ApiError::limit("the report passed the server's time limit and was stopped")
            })?;
            Ok(accord_report::html(&data))
        })
        .await
    }
    .await;
    match result {
        Ok(html) => axum::response::Html(html).into_response(),
        Err(e) => error_page(e),
    }
}

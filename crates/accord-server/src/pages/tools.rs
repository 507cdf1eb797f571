//! The frontier of two chosen parties (drawn by `accord_report::chart::frontier`, the code of
//! `accord analyze --plot`, inline SVG) and a simulation run with its offers over time.

use accord_analysis::{Method, Options};
use accord_model::Cancel;
use accord_sim::json::TraceLine;
use accord_sim::{SimulationBuilder, protocol};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use serde::{Deserialize, Serialize};

use super::labels::{self, Named};
use super::{bad_query, render, respond};
use crate::AppState;
use crate::api::{analysis_error, sim_error};
use crate::error::ApiError;

#[derive(Deserialize)]
pub(super) struct FrontierQuery {
    a: Option<String>,
    b: Option<String>,
    version: Option<i64>,
}

/// `GET /scenario/{id}/frontier?a=PARTY&b=PARTY&version=N`: the Pareto frontier of two
/// parties with the drafts and the four bargaining solutions (the first two parties with
/// preferences by default).
pub(super) async fn frontier(
    State(state): State<AppState>,
    Path(id): Path<String>,
    q: Result<Query<FrontierQuery>, QueryRejection>,
) -> Response {
    let result = async {
        let Query(q) = q.map_err(bad_query)?;
        let v = labels::version_text(&state, id, q.version).await?;
        crate::compute::run_cancellable(state.compute_limit, move |cancel: &Cancel| {
            let s = labels::scenario(&v, &[])?;
            let with_prefs: Vec<Named> = s
                .party_ixs()
                .filter(|&p| s.party(p).has_preferences())
                .map(|p| labels::party(&s, p))
                .collect();
            let pick = |x: &Option<String>, k: usize| -> Result<String, ApiError> {
                match x.as_deref().filter(|x| !x.is_empty()) {
                    Some(x) => Ok(x.to_owned()),
                    None => with_prefs.get(k).map(|n| n.id.clone()).ok_or_else(|| {
                        ApiError::invalid(
                            "the scenario has fewer than two parties with preferences",
                            Vec::new(),
                        )
                    }),
                }
            };
            let (a, b) = (pick(&q.a, 0)?, pick(&q.b, 1)?);
            let pa = labels::find_party(&s, &a)?;
            let pb = labels::find_party(&s, &b)?;
            if pa == pb {
                return Err(ApiError::bad_request("choose two different parties"));
            }
            let parties = vec![pa, pb];
            let n = s.clone().into_negotiation(Some(&parties));
            let scenario = n.scenario;
            let options = Options {
                parties: Some(parties),
                distinct: false,
                method: Method::Auto,
                epsilon: None,
                count: false,
                cancel: cancel.clone(),
            };
            let analysis =
                accord_analysis::analyze(&scenario, &options).map_err(|e| analysis_error(&e))?;
            let svg = accord_report::chart::frontier(&scenario, &analysis)
                .map_err(|e| ApiError::invalid(e.to_string(), Vec::new()))?;
            // The drawing (shared with `accord analyze --plot`) marks parties and drafts by
            // their ids: the key beside it gives each its name.
            let key: Vec<Named> = [pa, pb]
                .iter()
                .map(|&p| labels::party(&s, p))
                .chain(labels::plans(&s))
                .collect();
            render(
                "frontier.html",
                minijinja::context! {
                    id => v.id,
                    title => s.title(),
                    version => v.version,
                    parties => with_prefs,
                    a => a,
                    b => b,
                    a_name => s.party(pa).name(),
                    b_name => s.party(pb).name(),
                    svg => minijinja::Value::from_safe_string(svg),
                    key => key,
                },
            )
        })
        .await
    }
    .await;
    respond(result)
}

#[derive(Deserialize)]
pub(super) struct SimulateQuery {
    protocol: Option<String>,
    strategy: Option<String>,
    rounds: Option<u64>,
    seed: Option<u64>,
    version: Option<i64>,
}

#[derive(Serialize)]
struct OfferRow {
    round: usize,
    party: String,
    action: String,
    utilities: Vec<String>,
}

/// `GET /scenario/{id}/simulate?protocol=sao&strategy=boulware&rounds=100&seed=1`: one run,
/// its offers over time (each party's utility of every offer, as a table and as the chart of
/// `accord simulate --plot`, [`accord_report::chart::offers`]), and how it ended. Without
/// `strategy`, only the form.
pub(super) async fn simulate(
    State(state): State<AppState>,
    Path(id): Path<String>,
    q: Result<Query<SimulateQuery>, QueryRejection>,
) -> Response {
    let result = async {
        let Query(q) = q.map_err(bad_query)?;
        let v = labels::version_text(&state, id, q.version).await?;
        crate::compute::run(state.compute_limit, move || {
            let s = labels::scenario(&v, &[])?;
            let protocol_name = q.protocol.clone().unwrap_or_else(|| "sao".to_owned());
            let strategy = q.strategy.clone().unwrap_or_default();
            let rounds = q.rounds.unwrap_or(100);
            let seed = q.seed.unwrap_or(1);
            let mut ctx = minijinja::context! {
                id => v.id.clone(),
                title => s.title(),
                version => v.version,
                protocol => protocol_name.clone(),
                strategy => strategy.clone(),
                rounds => rounds,
                seed => seed,
                strategies => accord_sim::strategy::NAMES.iter().map(|(n, _)| *n).collect::<Vec<_>>(),
            };
            if strategy.trim().is_empty() {
                return render("simulate.html", ctx);
            }
            if !(1..=10_000).contains(&rounds) {
                return Err(ApiError::bad_request(format!(
                    "rounds must be between 1 and 10000, not {rounds}"
                )));
            }
            let kind =
                protocol::parse(&protocol_name).map_err(|e| ApiError::bad_request(e.to_string()))?;
            let mut builder = SimulationBuilder::new(&s, kind).rounds(rounds as usize);
            for a in strategy.split_whitespace() {
                builder = builder.assign(a);
            }
            let sim = builder.build().map_err(|e| sim_error(&e))?;
            let run = sim.run(seed, true);
            let compiled = sim.compiled();
            let ids: Vec<String> = (0..compiled.functions.len())
                .map(|p| compiled.id(p).to_owned())
                .collect();
            let names: Vec<String> = ids
                .iter()
                .map(|id| {
                    s.find_party(id)
                        .map_or_else(|| id.clone(), |p| s.party(p).name().to_owned())
                })
                .collect();
            let mut rows = Vec::new();
            for e in run.trace.events() {
                let line = TraceLine::new(&s, compiled, seed, e);
                let action = serde_json::to_value(line.action)
                    .ok()
                    .and_then(|a| a.as_str().map(str::to_owned))
                    .unwrap_or_default();
                let utilities: Vec<f64> = match &line.utilities {
                    Some(u) => {
                        let json = serde_json::to_value(u).unwrap_or_default();
                        ids.iter()
                            .map(|id| json.get(id).and_then(serde_json::Value::as_f64).unwrap_or(f64::NAN))
                            .collect()
                    }
                    None => Vec::new(),
                };
                let party = line
                    .party
                    .as_deref()
                    .and_then(|id| ids.iter().position(|x| x == id))
                    .map_or_else(|| "mediator".to_owned(), |k| names[k].clone());
                if rows.len() < 400 {
                    rows.push(OfferRow {
                        round: line.round,
                        party,
                        action,
                        utilities: utilities.iter().map(|u| format!("{u:.3}")).collect(),
                    });
                }
            }
            // The chart of `accord simulate --plot`, filling the page's width.
            let chart = accord_report::chart::Offers::of_run(
                &s,
                &sim,
                &run,
                format!("Offers over time: {protocol_name}, seed {seed}"),
            );
            let svg = accord_report::chart::offers(&chart)
                .map(|svg| accord_report::chart::fit_width(&svg))
                .map_err(|e| ApiError::invalid(e.to_string(), Vec::new()))?;
            let ending = run
                .result
                .agreement
                .map(|o| {
                    let line = accord_sim::json::TraceEnd::new(&s, compiled, seed, &run);
                    let _ = o;
                    serde_json::to_value(&line.agreement).unwrap_or_default()
                })
                .map(|agreement| agreement_labels(&s, &agreement));
            ctx = minijinja::context! {
                ran => true,
                names => names,
                rows => rows,
                svg => minijinja::Value::from_safe_string(svg),
                parties => chart.parties,
                agreement => ending,
                rounds_used => run.result.rounds,
                final_utilities => run.utilities.iter().map(|u| format!("{u:.3}")).collect::<Vec<_>>(),
                ..ctx
            };
            render("simulate.html", ctx)
        })
        .await
    }
    .await;
    respond(result)
}

/// An agreement's terms (`{ issue id: option }`) as `Issue title: option label` lines.
fn agreement_labels(s: &accord_model::Scenario, agreement: &serde_json::Value) -> Vec<String> {
    let Some(map) = agreement.as_object() else {
        return Vec::new();
    };
    map.iter()
        .map(|(issue, term)| match s.find_issue(issue) {
            Some(i) => {
                let o = match term {
                    serde_json::Value::String(o) => s.issue(i).find_option(o),
                    serde_json::Value::Number(n) => {
                        n.as_f64().and_then(|x| s.issue(i).find_value(x))
                    }
                    _ => None,
                };
                format!(
                    "{}: {}",
                    s.issue(i).title(),
                    o.map_or_else(|| term.to_string(), |o| labels::option_label(s, i, o))
                )
            }
            None => format!("{issue}: {term}"),
        })
        .collect()
}

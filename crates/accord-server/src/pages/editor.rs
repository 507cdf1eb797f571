//! The draft editor (`GET /scenario/{id}/edit/{plan}`): one select per issue, and what-if
//! controls (walk-away and weight sliders, red-line toggles). On every change its script posts
//! the draft to [`assess`], which answers the HTML of the consequences: each party's utility
//! bar with its walk-away mark, verdict and reason, the probability of acceptance, and the
//! smallest amendments. Saving goes through the JSON API (`PUT …/plans/{plan}`).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use accord_analysis::amend::amendments;
use accord_model::whatif::WhatIf;
use accord_model::{IssueIx, OptionIx, PartyIx, PlanIx, Scenario, Verdict, evaluate_plan};
use accord_uncertainty::compiled::{CompiledParty, realize};
use accord_uncertainty::inputs::Layout;
use accord_uncertainty::montecarlo::sample_values;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

use super::labels::{self, AreaView};
use super::{error_page, render, respond};
use crate::AppState;
use crate::api::{JsonBody, analysis_error, edit_error, what_ifs};
use crate::edit::{PlanPatch, patch_plan};
use crate::error::ApiError;

/// Samples of the probability of acceptance (seed [`SEED`]).
pub const SAMPLES: u64 = 2000;
/// The seed of the probability of acceptance: every random draw of the editor uses it.
pub const SEED: u64 = 1;
/// Most changes of a suggested amendment.
pub const MAX_CHANGES: usize = 2;
/// Scenario versions (with their what-ifs) whose samples are kept in memory.
const CACHE_SIZE: usize = 32;

#[derive(Serialize)]
struct IssueControl {
    id: String,
    title: String,
    numeric: bool,
    options: Vec<labels::OptionView>,
    selected: Option<String>,
    status_quo: Option<String>,
}

#[derive(Serialize)]
struct AreaControls {
    title: String,
    issues: Vec<IssueControl>,
}

#[derive(Serialize)]
struct WeightControl {
    issue: String,
    title: String,
    value: f64,
    max: f64,
}

#[derive(Serialize)]
struct RedLineControl {
    issue: String,
    option: String,
    label: String,
}

#[derive(Serialize)]
struct PartyControls {
    id: String,
    name: String,
    role: &'static str,
    walk_away: f64,
    weights: Vec<WeightControl>,
    red_lines: Vec<RedLineControl>,
}

/// `GET /scenario/{id}/edit/{plan}`: the editor on the latest version.
pub(super) async fn page(
    State(state): State<AppState>,
    Path((id, plan)): Path<(String, String)>,
) -> Response {
    let result = async {
        let v = labels::version_text(&state, id, None).await?;
        let s = labels::scenario(&v, &[])?;
        let p = labels::find_plan(&s, &plan)?;
        let pl = s.plan(p);
        let areas: Vec<AreaControls> = labels::areas(&s)
            .into_iter()
            .map(|a: AreaView| AreaControls {
                title: a.title,
                issues: a
                    .issues
                    .into_iter()
                    .map(|iv| {
                        let i = s.find_issue(&iv.id).unwrap_or(IssueIx::from_usize(0));
                        IssueControl {
                            numeric: s.issue(i).is_numeric(),
                            selected: pl.term(i).map(|o| labels::option_id(&s, i, o)),
                            id: iv.id,
                            title: iv.title,
                            options: iv.options,
                            status_quo: iv.status_quo,
                        }
                    })
                    .collect(),
            })
            .collect();
        let parties: Vec<PartyControls> = s
            .party_ixs()
            .filter(|&q| s.party(q).has_preferences())
            .map(|q| {
                let party = s.party(q);
                PartyControls {
                    id: party.id().as_str().to_owned(),
                    name: party.name().to_owned(),
                    role: pl.role(q).word(),
                    walk_away: party.walk_away().midpoint(),
                    weights: party
                        .weights()
                        .iter()
                        .map(|(i, w)| WeightControl {
                            issue: s.issue(*i).id().as_str().to_owned(),
                            title: s.issue(*i).title().to_owned(),
                            value: w.midpoint(),
                            max: (w.hi() * 2.0).max(10.0).ceil(),
                        })
                        .collect(),
                    red_lines: party
                        .red_lines()
                        .iter()
                        .flat_map(|(i, os)| {
                            let s = &s;
                            os.iter().map(move |o| RedLineControl {
                                issue: s.issue(*i).id().as_str().to_owned(),
                                option: labels::option_id(s, *i, *o),
                                label: format!(
                                    "{}: {}",
                                    s.issue(*i).title(),
                                    labels::option_label(s, *i, *o)
                                ),
                            })
                        })
                        .collect(),
                }
            })
            .collect();
        render(
            "editor.html",
            minijinja::context! {
                id => v.id,
                title => s.title(),
                version => v.version,
                plan => labels::plan(&s, p),
                plans => labels::plans(&s),
                areas => areas,
                parties => parties,
            },
        )
    }
    .await;
    respond(result)
}

/// The body of `POST /scenario/{id}/assess`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct AssessRequest {
    /// The version the draft is edited on.
    version: i64,
    /// The plan being edited (its roles and drafters rank amendments).
    plan: String,
    /// Every issue's term: an option id, a number for a grid, or null (status quo or open).
    #[serde(default)]
    terms: serde_json::Map<String, Json>,
    /// What-ifs `PATH=VALUE` for this view only.
    #[serde(default)]
    set: Vec<String>,
    /// What-ifs `PARTY:ISSUE=OPTION` for this view only.
    #[serde(default)]
    remove_red_line: Vec<String>,
    /// What-ifs `PARTY:ISSUE=OPTION` (red lines added) for this view only.
    #[serde(default)]
    add_red_line: Vec<String>,
    /// What-ifs `PLAN:ISSUE` (terms left open) for this view only.
    #[serde(default)]
    open_term: Vec<String>,
}

#[derive(Serialize)]
struct PartyResult {
    name: String,
    role: &'static str,
    signatory: bool,
    lo: f64,
    hi: f64,
    walk_away: f64,
    verdict: &'static str,
    reason: String,
}

#[derive(Serialize)]
struct AmendmentRow {
    changes: Vec<String>,
    cost: f64,
}

/// `POST /scenario/{id}/assess`: the consequences of a draft, as an HTML fragment (400 for a
/// malformed body, 404 for an unknown scenario, version or plan, 422 for an unknown issue or
/// option or a what-if that does not apply).
pub(super) async fn assess(
    State(state): State<AppState>,
    Path(id): Path<String>,
    body: Result<JsonBody<AssessRequest>, ApiError>,
) -> Response {
    let result = async {
        let JsonBody(req) = body?;
        let v = labels::version_text(&state, id, Some(req.version)).await?;
        crate::compute::run(state.compute_limit, move || assess_html(&v, &req)).await
    }
    .await;
    match result {
        Ok(html) => Html(html).into_response(),
        Err(e) => {
            // A fragment: the error's message in the result area, with its status.
            let status = e.status;
            if status == StatusCode::INTERNAL_SERVER_ERROR {
                return error_page(e);
            }
            let ctx = minijinja::context! { error => e.body.error.message.clone(),
            diagnostics => e.body.error.diagnostics.clone() };
            match render("assess.html", ctx) {
                Ok(html) => (status, Html(html)).into_response(),
                Err(e) => error_page(e),
            }
        }
    }
}

/// The id of the editor's scratch plan: `editor_draft`, or `editor_draft_2`, … when taken.
fn scratch_id(s: &Scenario) -> String {
    let mut id = "editor_draft".to_owned();
    let mut k = 1;
    while s.find_plan(&id).is_some() {
        k += 1;
        id = format!("editor_draft_{k}");
    }
    id
}

fn assess_html(v: &crate::store::VersionText, req: &AssessRequest) -> Result<String, ApiError> {
    let wi = what_ifs(
        &req.set,
        &req.remove_red_line,
        &req.add_red_line,
        &req.open_term,
    )?;
    let base = labels::scenario(v, &[])?;
    let edited = labels::find_plan(&base, &req.plan)?;
    // Every issue the request names must exist, with an option it has.
    for (issue, term) in &req.terms {
        let i = base.find_issue(issue).ok_or_else(|| {
            ApiError::invalid(format!("the scenario has no issue `{issue}`"), Vec::new())
        })?;
        let known = match term {
            Json::Null => true,
            Json::String(o) => base.issue(i).find_option(o).is_some(),
            Json::Number(n) => n
                .as_f64()
                .and_then(|x| base.issue(i).find_value(x))
                .is_some(),
            _ => false,
        };
        if !known {
            return Err(ApiError::invalid(
                format!("issue `{issue}` has no option {term}"),
                Vec::new(),
            ));
        }
    }
    // The draft as a scratch plan: the edited plan's roles, exactly the requested terms.
    let scratch = scratch_id(&base);
    let mut terms = serde_json::Map::new();
    for i in base.issue_ixs() {
        let key = base.issue(i).id().as_str().to_owned();
        terms.insert(
            key.clone(),
            req.terms.get(&key).cloned().unwrap_or(Json::Null),
        );
    }
    let text = patch_plan(
        &v.text,
        &PlanPatch {
            plan: &scratch,
            terms: &terms,
            title: Some("unsaved draft"),
            create: true,
        },
    )
    .map_err(edit_error)?;
    let text = copy_roles(&text, &req.plan, &scratch);
    let s = crate::api::load(&crate::api::version_name(&v.id, v.version), text, &wi)?;
    let plan = labels::find_plan(&s, &scratch)?;
    let e = evaluate_plan(&s, plan);
    let parties: Vec<PartyResult> = e
        .parties
        .iter()
        .filter(|pe| s.party(pe.party).has_preferences())
        .map(|pe| {
            let party = s.party(pe.party);
            let (lo, hi) = pe.utility_range;
            let reason = if !pe.red_lines_crossed.is_empty() {
                let lines: Vec<String> = pe
                    .red_lines_crossed
                    .iter()
                    .map(|(i, o)| {
                        format!(
                            "{}: {}",
                            s.issue(*i).title(),
                            labels::option_label(&s, *i, *o)
                        )
                    })
                    .collect();
                format!("red line crossed — {}", lines.join("; "))
            } else {
                match pe.verdict {
                    Verdict::Accept => format!(
                        "utility {:.3} is at or above its walk-away {:.3}",
                        lo, pe.walk_away
                    ),
                    Verdict::Reject => format!(
                        "shortfall {:.3}: utility {:.3} below its walk-away {:.3}",
                        pe.walk_away - hi,
                        hi,
                        pe.walk_away
                    ),
                    Verdict::Undetermined => format!(
                        "depends on the open issues: utility {lo:.3}–{hi:.3} around its \
                         walk-away {:.3}",
                        pe.walk_away
                    ),
                }
            };
            PartyResult {
                name: party.name().to_owned(),
                role: s
                    .plan(edited_in(&s, &req.plan).unwrap_or(plan))
                    .role(pe.party)
                    .word(),
                signatory: party.signatory(),
                lo,
                hi,
                walk_away: pe.walk_away,
                verdict: pe.verdict.as_str(),
                reason,
            }
        })
        .collect();
    let open: Vec<String> = e
        .open_issues
        .iter()
        .map(|i| s.issue(*i).title().to_owned())
        .collect();
    let key = CacheKey {
        id: v.id.clone(),
        version: v.version,
        text: text_hash(&v.text),
        what_ifs: wi.iter().map(|w| format!("{w:?}")).collect(),
    };
    let probability = if open.is_empty() {
        Some(acceptance(&s, plan, &key))
    } else {
        None
    };
    let (already, amendment_rows, amend_note) = if !open.is_empty() {
        (
            false,
            Vec::new(),
            Some("settle the open issues to see amendments".to_owned()),
        )
    } else {
        match amendments(&s, plan, MAX_CHANGES) {
            Ok(a) => (
                a.already_agreement,
                a.amendments
                    .iter()
                    .take(8)
                    .map(|am| AmendmentRow {
                        changes: am
                            .changes
                            .iter()
                            .map(|(i, o)| {
                                format!(
                                    "{} → {}",
                                    s.issue(*i).title(),
                                    labels::option_label(&s, *i, *o)
                                )
                            })
                            .collect(),
                        cost: am.cost,
                    })
                    .collect(),
                None,
            ),
            Err(err) => (
                false,
                Vec::new(),
                Some(analysis_error(&err).body.error.message),
            ),
        }
    };
    let _ = edited;
    render(
        "assess.html",
        minijinja::context! {
            parties => parties,
            agreement => e.agreement,
            open => open,
            probability => probability,
            samples => SAMPLES,
            already => already,
            amendments => amendment_rows,
            amend_note => amend_note,
            max_changes => MAX_CHANGES,
            what_ifs => wi.iter().map(|w| describe(&s, w)).collect::<Vec<_>>(),
        },
    )
}

fn edited_in(s: &Scenario, plan: &str) -> Option<PlanIx> {
    s.find_plan(plan)
}

/// A what-if as the banner says it, by label: `Walk-away of Ukraine = 0.5`, `Weight of
/// Ceasefire … for Russia = 3`, `Ukraine's red line dropped: Ceiling …: 600,000 …`. A path
/// the labels do not cover is shown as written.
fn describe(s: &Scenario, w: &WhatIf) -> String {
    let party = |id: &str| s.find_party(id).map(|p| s.party(p).name().to_owned());
    let issue = |id: &str| s.find_issue(id).map(|i| s.issue(i).title().to_owned());
    match w {
        WhatIf::Set { path, value } => {
            let parts: Vec<&str> = path.split('.').collect();
            let named = match parts.as_slice() {
                ["parties", p, "walk_away"] => party(p).map(|p| format!("Walk-away of {p}")),
                ["parties", p, "weights", i] => party(p)
                    .zip(issue(i))
                    .map(|(p, i)| format!("Weight of {i} for {p}")),
                _ => None,
            };
            format!("{} = {value}", named.unwrap_or_else(|| path.clone()))
        }
        WhatIf::RemoveRedLine {
            party: p,
            issue: i,
            option,
        } => {
            let line = s.find_issue(i).and_then(|ix| {
                let o = s
                    .issue(ix)
                    .find_option(option)
                    .or_else(|| option.parse().ok().and_then(|x| s.issue(ix).find_value(x)))?;
                Some(format!(
                    "{}: {}",
                    s.issue(ix).title(),
                    labels::option_label(s, ix, o)
                ))
            });
            format!(
                "{}'s red line dropped: {}",
                party(p).unwrap_or_else(|| p.clone()),
                line.unwrap_or_else(|| format!("{i}={option}"))
            )
        }
        // The library's words (names and labels) for the later what-ifs.
        WhatIf::AddRedLine { .. } | WhatIf::OpenTerm { .. } => w.in_words(s),
    }
}

/// Gives the scratch plan the edited plan's `drafted_by`, `consulted` and `briefed`, so that
/// amendments are ranked by the same drafters. A text that does not parse is left as it is.
fn copy_roles(text: &str, from: &str, to: &str) -> String {
    let Ok(mut doc) = text.parse::<toml_edit::DocumentMut>() else {
        return text.to_owned();
    };
    let Some(plans) = doc.get_mut("plans").and_then(|p| p.as_table_like_mut()) else {
        return text.to_owned();
    };
    let roles: Vec<(String, toml_edit::Item)> =
        match plans.get(from).and_then(|p| p.as_table_like()) {
            Some(src) => ["drafted_by", "consulted", "briefed"]
                .iter()
                .filter_map(|k| src.get(k).map(|v| ((*k).to_owned(), v.clone())))
                .collect(),
            None => return text.to_owned(),
        };
    if let Some(dst) = plans.get_mut(to).and_then(|p| p.as_table_like_mut()) {
        for (k, v) in roles {
            dst.insert(&k, v);
        }
    }
    doc.to_string()
}

/// What the samples of a probability depend on: the scenario version (its text's hash too, so
/// that two stores in one process, as in tests, never share samples) and the what-ifs.
#[derive(Clone, PartialEq, Eq, Hash)]
struct CacheKey {
    id: String,
    version: i64,
    text: u64,
    what_ifs: Vec<String>,
}

fn text_hash(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

type Samples = Arc<(Layout, Vec<Vec<f64>>)>;

/// The samples of a scenario version (with its what-ifs), drawn once and kept in memory.
fn samples(s: &Scenario, key: &CacheKey) -> Samples {
    static CACHE: OnceLock<Mutex<HashMap<CacheKey, Samples>>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    if let Some(hit) = cache
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .get(key)
        .cloned()
    {
        return hit;
    }
    let layout = Layout::new(s);
    let values = sample_values(&layout, SEED, SAMPLES);
    let entry: Samples = Arc::new((layout, values));
    let mut guard = cache.lock().unwrap_or_else(|p| p.into_inner());
    if guard.len() >= CACHE_SIZE {
        guard.clear();
    }
    guard.insert(key.clone(), Arc::clone(&entry));
    entry
}

/// The share of samples in which every signatory accepts the complete draft `plan`: no red
/// line crossed and utility at or above the walk-away (as `accord robustness` counts it, on
/// the first [`SAMPLES`] draws of its seed [`SEED`]).
fn acceptance(s: &Scenario, plan: PlanIx, key: &CacheKey) -> f64 {
    let entry = samples(s, key);
    let (layout, values) = (&entry.0, &entry.1);
    let outcome: Vec<OptionIx> = accord_model::plan_terms(s, plan)
        .into_iter()
        .map(|t| t.unwrap_or(OptionIx::from_usize(0)))
        .collect();
    let signatories: Vec<PartyIx> = s
        .party_ixs()
        .filter(|&p| s.party(p).signatory() && s.party(p).has_preferences())
        .collect();
    let compiled: Vec<(PartyIx, CompiledParty)> = signatories
        .iter()
        .map(|&p| (p, CompiledParty::new(s, layout, p, &outcome)))
        .collect();
    if values.is_empty() {
        return 0.0;
    }
    let yes = values
        .iter()
        .filter(|vals| {
            compiled.iter().all(|(p, c)| {
                let u = c
                    .utility(vals)
                    .unwrap_or_else(|| realize(s, layout, *p, vals).utility(&outcome));
                c.accepts(u, vals)
            })
        })
        .count();
    yes as f64 / values.len() as f64
}

//! The JSON API (`/api/v1`, api.md): one handler per endpoint, each with its OpenAPI
//! description (utoipa).
//!
//! Computations (`evaluate`, `analyze`, `robustness`, `amend`, `simulate`) call the library
//! functions the CLI's modules call, in the same order, and print the same wire types with the
//! same printer ([`pretty`]), so that their answers equal `accord … --json` byte for byte.

use std::collections::BTreeMap;

use accord_analysis::json::{AmendmentsJson, AnalysisJson};
use accord_analysis::{AnalysisError, Method, Options};
use accord_formats::{ImportOptions, InputFile, Loaded};
use accord_model::json::{AppliedWhatIfJson, CheckJson, EvaluateJson, WithWhatIfs};
use accord_model::whatif::WhatIf;
use accord_model::{Cancel, IdKind, PartyIx, Scenario, SourceText, evaluate_plans};
use accord_sim::json::SimulateJson;
use accord_sim::{DraftProtocol, DraftedSettings, SimError, protocol};
use accord_uncertainty::Config;
use accord_uncertainty::robust::RobustConfig;
use axum::body::Bytes;
use axum::extract::{FromRequest, Path, Query, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;
use utoipa::{OpenApi, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::diff::{Diff, diff};
use crate::edit::{EditError, PlanPatch, patch_plan};
use crate::error::{ApiError, ErrorBody, json_response, json_text, pretty};
use crate::store::{Store, StoreError, VersionText};

/// The OpenAPI document's frame; the paths come from the handlers.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "accord serve",
        description = "The JSON API of `accord serve` (api.md): scenarios kept in versions, \
                       and the CLI's computations on them.",
        version = "1"
    ),
    components(schemas(ErrorBody))
)]
pub struct ApiDoc;

/// The API's routes, with their OpenAPI description.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(list_scenarios, create_scenario))
        .routes(routes!(get_scenario, put_scenario))
        .routes(routes!(put_plan))
        .routes(routes!(list_versions))
        .routes(routes!(get_version))
        .routes(routes!(get_diff))
        .routes(routes!(evaluate))
        .routes(routes!(analyze))
        .routes(routes!(robustness))
        .routes(routes!(amend))
        .routes(routes!(simulate))
}

// ---------------------------------------------------------------------------------------------
// Request bodies and answers.

/// A JSON body. Unlike axum's `Json`, it does not insist on a content type, and its failures
/// are this API's errors: 413 over the body limit, 400 for anything that is not the expected
/// JSON.
pub struct JsonBody<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                crate::too_large()
            } else {
                ApiError::bad_request(format!("cannot read the request body: {e}"))
            }
        })?;
        // Only an object: serde would also read a struct from an array of its fields.
        if bytes.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
            return Err(ApiError::bad_request("the body must be a JSON object"));
        }
        serde_json::from_slice(&bytes)
            .map(JsonBody)
            .map_err(|e| ApiError::bad_request(format!("the body is not the expected JSON: {e}")))
    }
}

/// One scenario in the list.
#[derive(Debug, Serialize, ToSchema)]
pub struct ScenarioSummary {
    /// The scenario's id.
    pub id: String,
    /// The latest version's title.
    pub title: String,
    /// The latest version.
    pub version: i64,
    /// When the latest version was saved (RFC 3339, UTC).
    pub updated: String,
}

/// The format of an imported scenario.
#[derive(Debug, Clone, Copy, Default, Deserialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum ImportFormat {
    /// `accord/1` TOML, in `text`.
    #[default]
    Accord,
    /// Genius XML: a domain file and one profile per party, in `files`.
    Genius,
    /// GeniusWeb JSON: a domain file and profiles, in `files`.
    Geniusweb,
}

/// `POST /api/v1/scenarios`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ImportRequest {
    /// The `accord/1` text (format `accord`).
    #[serde(default)]
    pub text: Option<String>,
    /// The format (default `accord`).
    #[serde(default)]
    pub format: ImportFormat,
    /// For Genius and GeniusWeb: file name → file text (a domain and its profiles).
    #[serde(default)]
    pub files: Option<BTreeMap<String, String>>,
    /// The first version's message.
    #[serde(default)]
    pub message: Option<String>,
}

/// A scenario created.
#[derive(Debug, Serialize, ToSchema)]
pub struct Created {
    /// Its id (the text's `[scenario] id`).
    pub id: String,
    /// Its first version: 1.
    pub version: i64,
}

/// A version with its text.
#[derive(Debug, Serialize, ToSchema)]
pub struct ScenarioText {
    /// The scenario's id.
    pub id: String,
    /// The version.
    pub version: i64,
    /// The scenario's title in this version.
    pub title: String,
    /// The full `accord/1` text.
    pub text: String,
}

impl From<VersionText> for ScenarioText {
    fn from(v: VersionText) -> Self {
        ScenarioText {
            id: v.id,
            version: v.version,
            title: v.title,
            text: v.text,
        }
    }
}

/// `PUT /api/v1/scenarios/{id}`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SaveRequest {
    /// The version this text was edited from; it must be the latest.
    pub base_version: i64,
    /// The new `accord/1` text (its `[scenario] id` must stay the same).
    pub text: String,
    /// What changed, for the history.
    #[serde(default)]
    pub message: String,
}

/// `PUT /api/v1/scenarios/{id}/plans/{plan}`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanRequest {
    /// The version this edit was made on; it must be the latest.
    pub base_version: i64,
    /// Issue → option id, number, or list of them; `null` removes the term. Other terms stay.
    #[schema(value_type = Object)]
    pub terms: serde_json::Map<String, Json>,
    /// The plan's title (required by nothing: a new plan is titled by its id without it).
    #[serde(default)]
    pub title: Option<String>,
    /// What changed, for the history.
    #[serde(default)]
    pub message: String,
}

/// A version saved.
#[derive(Debug, Serialize, ToSchema)]
pub struct Saved {
    /// The new version.
    pub version: i64,
}

/// One version in the history.
#[derive(Debug, Serialize, ToSchema)]
pub struct VersionJson {
    /// Its number, from 1.
    pub version: i64,
    /// The message it was saved with.
    pub message: String,
    /// When it was saved (RFC 3339, UTC).
    pub created: String,
    /// The version it was based on (null for the first).
    pub based_on: Option<i64>,
}

/// The query of `GET …/diff`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct DiffQuery {
    /// The older version.
    pub from: i64,
    /// The newer version.
    pub to: i64,
}

/// What-ifs of a computation, as on the command line.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct WhatIfs {
    /// `PATH=VALUE` changes for this request, e.g. `parties.ukraine.walk_away=0.3`.
    #[serde(default)]
    pub set: Vec<String>,
    /// `PARTY:ISSUE=OPTION` red lines dropped for this request.
    #[serde(default)]
    pub remove_red_line: Vec<String>,
    /// What-ifs: `PARTY:ISSUE=OPTION` red lines added.
    #[serde(default)]
    pub add_red_line: Vec<String>,
    /// What-ifs: `PLAN:ISSUE` terms left open.
    #[serde(default)]
    pub open_term: Vec<String>,
}

/// `POST …/evaluate`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EvaluateRequest {
    /// The version (default: the latest).
    #[serde(default)]
    pub version: Option<i64>,
    /// The plan (default: every plan, answered as an array).
    #[serde(default)]
    pub plan: Option<String>,
    /// A patch of the plan's terms for this request (issue → option, list, or null); without
    /// `plan`, exactly the terms of an unsaved draft (answered with `"plan": null`).
    #[serde(default)]
    #[schema(value_type = Option<Object>)]
    pub terms: Option<serde_json::Map<String, Json>>,
    /// The parties that negotiate: every other party is not a signatory for this request.
    #[serde(default)]
    pub parties: Vec<String>,
    /// What-ifs: `PATH=VALUE`.
    #[serde(default)]
    pub set: Vec<String>,
    /// What-ifs: `PARTY:ISSUE=OPTION`.
    #[serde(default)]
    pub remove_red_line: Vec<String>,
    /// What-ifs: `PARTY:ISSUE=OPTION` red lines added.
    #[serde(default)]
    pub add_red_line: Vec<String>,
    /// What-ifs: `PLAN:ISSUE` terms left open.
    #[serde(default)]
    pub open_term: Vec<String>,
}

/// The method of `analyze`.
#[derive(Debug, Clone, Copy, Default, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum MethodName {
    /// Merge when no relevant party has interactions, else enumerate.
    #[default]
    Auto,
    /// Enumerate every outcome.
    Enumerate,
    /// Merge frontiers issue by issue.
    Merge,
}

/// `POST …/analyze`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnalyzeRequest {
    /// The version (default: the latest).
    #[serde(default)]
    pub version: Option<i64>,
    /// The frontier's parties (default: every party with preferences).
    #[serde(default)]
    pub parties: Vec<String>,
    /// An ε-approximate frontier (merge only).
    #[serde(default)]
    pub epsilon: Option<f64>,
    /// One outcome per utility vector.
    #[serde(default)]
    pub distinct: bool,
    /// The method.
    #[serde(default)]
    pub method: MethodName,
    /// Count agreements even past 10,000,000 outcomes.
    #[serde(default)]
    pub count: bool,
    /// What-ifs: `PATH=VALUE`.
    #[serde(default)]
    pub set: Vec<String>,
    /// What-ifs: `PARTY:ISSUE=OPTION`.
    #[serde(default)]
    pub remove_red_line: Vec<String>,
    /// What-ifs: `PARTY:ISSUE=OPTION` red lines added.
    #[serde(default)]
    pub add_red_line: Vec<String>,
    /// What-ifs: `PLAN:ISSUE` terms left open.
    #[serde(default)]
    pub open_term: Vec<String>,
}

/// `POST …/robustness`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RobustnessRequest {
    /// The version (default: the latest).
    #[serde(default)]
    pub version: Option<i64>,
    /// The plans (default: every plan).
    #[serde(default)]
    pub plans: Vec<String>,
    /// The most draws, 1 to 1e9 (default 1,000,000).
    #[serde(default)]
    pub samples: Option<u64>,
    /// Stop once every standard error is at most this, in [0, 0.5) (default 0.002).
    #[serde(default)]
    pub precision: Option<f64>,
    /// The seed (default 1).
    #[serde(default)]
    pub seed: Option<u64>,
    /// Also search robust solutions.
    #[serde(default)]
    pub robust: bool,
    /// The largest amendment the robust search tries (default 2).
    #[serde(default)]
    pub max_changes: Option<usize>,
    /// The draws each robust candidate is scored on, 1 to 1e6 (default 2000).
    #[serde(default)]
    pub robust_samples: Option<u64>,
    /// What-ifs: `PATH=VALUE`.
    #[serde(default)]
    pub set: Vec<String>,
    /// What-ifs: `PARTY:ISSUE=OPTION`.
    #[serde(default)]
    pub remove_red_line: Vec<String>,
    /// What-ifs: `PARTY:ISSUE=OPTION` red lines added.
    #[serde(default)]
    pub add_red_line: Vec<String>,
    /// What-ifs: `PLAN:ISSUE` terms left open.
    #[serde(default)]
    pub open_term: Vec<String>,
}

/// `POST …/amend`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AmendRequest {
    /// The version (default: the latest).
    #[serde(default)]
    pub version: Option<i64>,
    /// The draft to amend.
    #[schema(example = "draft_b")]
    pub plan: String,
    /// Most issues changed at once (default 3).
    #[serde(default)]
    pub max_changes: Option<usize>,
    /// What-ifs: `PATH=VALUE`.
    #[serde(default)]
    pub set: Vec<String>,
    /// What-ifs: `PARTY:ISSUE=OPTION`.
    #[serde(default)]
    pub remove_red_line: Vec<String>,
    /// What-ifs: `PARTY:ISSUE=OPTION` red lines added.
    #[serde(default)]
    pub add_red_line: Vec<String>,
    /// What-ifs: `PLAN:ISSUE` terms left open.
    #[serde(default)]
    pub open_term: Vec<String>,
}

/// Strategies: a list of `PARTY=NAME[:PARAMS]` (or bare `NAME[:PARAMS]` for every party not
/// named), or an object party → `NAME[:PARAMS]`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum Strategies {
    /// As on the command line.
    List(Vec<String>),
    /// Party → strategy.
    Map(BTreeMap<String, String>),
}

impl Default for Strategies {
    fn default() -> Self {
        Strategies::List(Vec::new())
    }
}

/// The parties drafters consult: one id, or a list of them.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum Consult {
    /// One party id.
    One(String),
    /// Party ids, in order.
    Many(Vec<String>),
}

impl Consult {
    /// The ids, in order.
    pub fn ids(self) -> Vec<String> {
        match self {
            Consult::One(id) => vec![id],
            Consult::Many(ids) => ids,
        }
    }
}

/// `POST …/simulate`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SimulateRequest {
    /// The version (default: the latest).
    #[serde(default)]
    pub version: Option<i64>,
    /// `sao` (default), `single-text` or `drafted-then-ratified`.
    #[serde(default)]
    pub protocol: Option<String>,
    /// The strategies (default boulware for everyone).
    #[serde(default)]
    pub strategies: Strategies,
    /// The negotiators in turn order.
    #[serde(default)]
    pub parties: Vec<String>,
    /// The deadline in rounds, 1 to 1e6 (default 100).
    #[serde(default)]
    pub rounds: Option<u64>,
    /// The seed (default 1).
    #[serde(default)]
    pub seed: Option<u64>,
    /// Runs on seeds S, S+1, …: 1 to 10,000 (default 1).
    #[serde(default)]
    pub repeat: Option<u64>,
    /// Drafted-then-ratified: the drafters.
    #[serde(default)]
    pub drafters: Vec<String>,
    /// Drafted-then-ratified: `sao` (default) or `single-text`.
    #[serde(default)]
    pub draft_protocol: Option<String>,
    /// Drafted-then-ratified: the parties the drafters consult, a party id or a list of them
    /// (default: the `consulted` of the plan the drafters come from).
    #[serde(default)]
    pub consult: Option<Consult>,
    /// Drafted-then-ratified: consultation rounds, 0 to 10,000 (default 1).
    #[serde(default)]
    pub consultations: Option<u64>,
    /// Drafted-then-ratified: revision rounds, 0 to 10,000 (default 3).
    #[serde(default)]
    pub revisions: Option<u64>,
    /// Drafted-then-ratified: walk-away lowered per vote, in [0, 1] (default 0).
    #[serde(default)]
    pub pressure: Option<f64>,
    /// What-ifs: `PATH=VALUE`.
    #[serde(default)]
    pub set: Vec<String>,
    /// What-ifs: `PARTY:ISSUE=OPTION`.
    #[serde(default)]
    pub remove_red_line: Vec<String>,
    /// What-ifs: `PARTY:ISSUE=OPTION` red lines added.
    #[serde(default)]
    pub add_red_line: Vec<String>,
    /// What-ifs: `PLAN:ISSUE` terms left open.
    #[serde(default)]
    pub open_term: Vec<String>,
}

// ---------------------------------------------------------------------------------------------
// Shared steps.

/// The diagnostics of a text, as `accord check --json` lists them.
fn diagnostics(loaded: &Loaded) -> Vec<Json> {
    let findings = loaded.parsed.findings(false);
    let source = SourceText::new(&loaded.name, &loaded.text);
    let check = CheckJson::new(&source, &findings, loaded.parsed.passes(false));
    diagnostics_of(&check)
}

fn diagnostics_of(check: &CheckJson<'_>) -> Vec<Json> {
    match serde_json::to_value(check) {
        Ok(Json::Object(mut m)) => match m.remove("diagnostics") {
            Some(Json::Array(d)) => d,
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

/// Parses a text that is to be stored: 422 with its diagnostics unless it passes
/// `accord check`.
fn valid_scenario(name: &str, text: String) -> Result<Scenario, ApiError> {
    let mut loaded = Loaded::from_text(name, text);
    if loaded.has_errors() {
        let errors = loaded.parsed.errors().count();
        return Err(ApiError::invalid(
            format!(
                "the scenario is not valid: {errors} error{}",
                if errors == 1 { "" } else { "s" }
            ),
            diagnostics(&loaded),
        ));
    }
    let d = diagnostics(&loaded);
    loaded
        .scenario(&[])
        .map_err(|e| ApiError::invalid(e.to_string(), d))
}

/// The what-ifs of a request in the CLI's order: sets, removed red lines, added red lines, open
/// terms. Each list's name is the JSON field (`set`, `remove_red_line`, `add_red_line`,
/// `open_term`); a malformed entry is a 400 naming it.
pub(crate) fn what_ifs(
    set: &[String],
    remove: &[String],
    add: &[String],
    open: &[String],
) -> Result<Vec<WhatIf>, ApiError> {
    let mut out = Vec::new();
    for ((name, read), list) in WhatIf::KINDS.iter().zip([set, remove, add, open]) {
        for w in list {
            out.push(read(w).map_err(|e| ApiError::bad_request(format!("{name}: {e}")))?);
        }
    }
    Ok(out)
}

/// A stored (or patched) text with the what-ifs applied: 422 with diagnostics when it is not
/// valid or a what-if does not apply.
pub(crate) fn load(name: &str, text: String, what_ifs: &[WhatIf]) -> Result<Scenario, ApiError> {
    let mut loaded = Loaded::from_text(name, text);
    if loaded.has_errors() {
        return Err(ApiError::invalid(
            "the scenario is not valid",
            diagnostics(&loaded),
        ));
    }
    loaded.scenario(what_ifs).map_err(|e| match &e {
        accord_formats::Error::WhatIf { errors, .. } => ApiError::invalid(
            "a what-if does not apply",
            diagnostics_of(&CheckJson::what_ifs(&loaded.name, errors)),
        ),
        _ => ApiError::invalid(e.to_string(), diagnostics(&loaded)),
    })
}

/// An unknown id: 404 for a plan, 422 for a party or an issue (the request names something
/// the scenario does not have).
fn unknown(e: &accord_model::UnknownId) -> ApiError {
    match e.kind {
        IdKind::Plan => ApiError::not_found(e.to_string()),
        _ => ApiError::invalid(e.to_string(), Vec::new()),
    }
}

fn model_error(e: &accord_model::Error) -> ApiError {
    match e {
        accord_model::Error::UnknownId(u) => unknown(u),
        accord_model::Error::NoPlans { .. } => ApiError::invalid(e.to_string(), Vec::new()),
    }
}

/// A refused analysis: the library's message, and what would help in this API's words.
pub(crate) fn analysis_error(e: &AnalysisError) -> ApiError {
    match e {
        AnalysisError::Cancelled => {
            ApiError::limit("the analysis passed the server's time limit and was stopped")
        }
        AnalysisError::EpsilonNotPositive(_) | AnalysisError::EpsilonNeedsMerge => {
            ApiError::bad_request(e.to_string())
        }
        AnalysisError::TooLargeToEnumerate { .. } => ApiError::limit(format!(
            "{e}; the merge method does not enumerate (method `merge`, when no party on the \
             frontier has interactions)"
        )),
        AnalysisError::FrontierTooLong { .. } => {
            let help = if e.one_per_vector_would_fit() {
                "ask with `distinct` for one outcome per utility vector"
            } else {
                "ask with an `epsilon` for an approximate frontier, or name fewer `parties`"
            };
            ApiError::limit(format!("{e}; {help}"))
        }
        AnalysisError::MergeTooLarge { .. } => ApiError::limit(format!(
            "{e}; ask with an `epsilon`, fewer `parties`, or use coarser numeric grids"
        )),
        AnalysisError::TooManyAmendmentCandidates { .. } => {
            ApiError::limit(format!("{e}; ask with a smaller `max_changes`"))
        }
        AnalysisError::MergeNeedsAdditive { .. } | AnalysisError::OpenIssues { .. } => {
            ApiError::invalid(e.to_string(), Vec::new())
        }
    }
}

pub(crate) fn sim_error(e: &SimError) -> ApiError {
    match e {
        SimError::TooLarge(_) => ApiError::limit(e.to_string()),
        SimError::UnknownParty(u) => unknown(u),
        SimError::TooFewParties(_) | SimError::NoPreferences(_) | SimError::NoDrafters => {
            ApiError::invalid(e.to_string(), Vec::new())
        }
        _ => ApiError::bad_request(e.to_string()),
    }
}

/// The parties a request names (`None` when none).
fn named_parties(s: &Scenario, ids: &[String]) -> Result<Option<Vec<PartyIx>>, ApiError> {
    if ids.is_empty() {
        return Ok(None);
    }
    s.resolve_negotiators(ids).map(Some).map_err(|e| match e {
        accord_model::NegotiatorError::Unknown(u) => unknown(&u),
        // An observer, or no signatory: a request the scenario cannot run (422, as an
        // unknown party is).
        other => ApiError::invalid(other.to_string(), Vec::new()),
    })
}

/// A version of a scenario from the store: the latest when `version` is `None`.
async fn version_text(
    state: &AppState,
    id: String,
    version: Option<i64>,
) -> Result<VersionText, ApiError> {
    state
        .with_store(move |s| {
            Ok(match version {
                Some(v) => s.get(&id, v)?,
                None => s.latest(&id)?,
            })
        })
        .await
}

/// The name of a version in diagnostics and diffs.
pub(crate) fn version_name(id: &str, version: i64) -> String {
    format!("{id} v{version}")
}

/// A stale save's 409: the current version and what changed since the base.
pub(crate) fn stale(store: &Store, e: StoreError) -> ApiError {
    let StoreError::Stale {
        id, base, current, ..
    } = &e
    else {
        return e.into();
    };
    let changes = match (store.get(id, *base), store.get(id, *current)) {
        (Ok(a), Ok(b)) => serde_json::to_value(diff(
            &a.text,
            &b.text,
            &version_name(id, *base),
            &version_name(id, *current),
        ))
        .ok(),
        _ => None,
    };
    let mut err: ApiError = e.into();
    err.body.changes = changes;
    err
}

fn version_arg(v: &str) -> Result<i64, ApiError> {
    v.parse()
        .map_err(|_| ApiError::bad_request(format!("a version is a whole number, not `{v}`")))
}

/// A JSON text computed on the blocking pool under the time limit, answered as is.
async fn computed<F>(state: &AppState, f: F) -> Response
where
    F: FnOnce() -> Result<String, ApiError> + Send + 'static,
{
    computed_cancellable(state, move |_: &Cancel| f()).await
}

/// [`computed`] for a computation that checks a [`Cancel`], set when the time limit passes.
async fn computed_cancellable<F>(state: &AppState, f: F) -> Response
where
    F: FnOnce(&Cancel) -> Result<String, ApiError> + Send + 'static,
{
    match crate::compute::run_cancellable(state.compute_limit, f).await {
        Ok(text) => json_text(StatusCode::OK, text),
        Err(e) => e.into_response(),
    }
}

fn printed(value: &impl Serialize) -> Result<String, ApiError> {
    pretty(value).map_err(|e| ApiError::internal(format!("cannot write JSON: {e}")))
}

/// A computation's answer as the CLI's `--json` prints it: the result (an object), then the
/// `what_if` list of the what-ifs it was run with ([`WithWhatIfs`]).
fn printed_with(
    value: &impl Serialize,
    scenario: &Scenario,
    what_ifs: &[WhatIf],
) -> Result<String, ApiError> {
    printed(&WithWhatIfs::new(
        value,
        &AppliedWhatIfJson::list(scenario, what_ifs),
    ))
}

pub(crate) fn edit_error(e: EditError) -> ApiError {
    match e {
        EditError::NoPlan(_) => ApiError::not_found(e.to_string()),
        EditError::BadTerm { .. } => ApiError::bad_request(e.to_string()),
        EditError::NotToml(_) | EditError::NotATable(_) => {
            ApiError::invalid(e.to_string(), Vec::new())
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Scenarios and versions.

/// The scenarios, with their latest version.
#[utoipa::path(get, path = "/api/v1/scenarios", tag = "scenarios",
    responses((status = 200, body = Vec<ScenarioSummary>)))]
async fn list_scenarios(State(state): State<AppState>) -> Result<Response, ApiError> {
    let list = state.with_store(|s| Ok(s.list()?)).await?;
    let list: Vec<ScenarioSummary> = list
        .into_iter()
        .map(|x| ScenarioSummary {
            id: x.id,
            title: x.title,
            version: x.version,
            updated: x.updated,
        })
        .collect();
    Ok(json_response(StatusCode::OK, &list))
}

/// Imports a scenario (accord, Genius or GeniusWeb) as a new scenario at version 1.
#[utoipa::path(post, path = "/api/v1/scenarios", tag = "scenarios", request_body = ImportRequest,
    responses(
        (status = 201, body = Created),
        (status = 400, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_scenario(
    State(state): State<AppState>,
    JsonBody(req): JsonBody<ImportRequest>,
) -> Result<Response, ApiError> {
    let (text, id, title) = crate::compute::check(state.compute_limit, {
        let req_text = req.text;
        let files = req.files;
        let format = req.format;
        move || {
            let text = import_text(format, req_text, files)?;
            let scenario = valid_scenario("request", text.clone())?;
            Ok((
                text,
                scenario.id().as_str().to_owned(),
                scenario.title().to_owned(),
            ))
        }
    })
    .await?;
    let message = req.message.unwrap_or_else(|| "imported".to_owned());
    let key = id.clone();
    let version = state
        .with_store(move |s| Ok(s.create(&key, &title, &text, &message)?))
        .await?;
    Ok(json_response(StatusCode::CREATED, &Created { id, version }))
}

/// The `accord/1` text of an import.
fn import_text(
    format: ImportFormat,
    text: Option<String>,
    files: Option<BTreeMap<String, String>>,
) -> Result<String, ApiError> {
    if format == ImportFormat::Accord {
        return match (text, files) {
            (Some(text), None) => Ok(text),
            _ => Err(ApiError::bad_request(
                "an accord scenario comes as `text` (and no `files`)",
            )),
        };
    }
    let (Some(files), None) = (files, text) else {
        return Err(ApiError::bad_request(
            "a Genius or GeniusWeb import comes as `files`: file name → text (and no `text`)",
        ));
    };
    let inputs: Vec<InputFile> = files
        .into_iter()
        .map(|(name, text)| InputFile {
            name,
            bytes: text.into_bytes(),
            from_folder: false,
        })
        .collect();
    if inputs.is_empty() {
        return Err(ApiError::bad_request("`files` is empty"));
    }
    let options = ImportOptions::default();
    let imported = match format {
        ImportFormat::Genius => accord_formats::import_genius(&inputs, &options),
        _ => accord_formats::import_geniusweb(&inputs, &options),
    };
    imported.map(|i| i.toml).map_err(|e| {
        let message = e.to_string();
        let name = inputs[0].name.clone();
        ApiError::invalid(
            format!("cannot import: {message}"),
            diagnostics_of(&CheckJson::unreadable(&name, &message)),
        )
    })
}

/// The latest version of a scenario, with its text.
#[utoipa::path(get, path = "/api/v1/scenarios/{id}", tag = "scenarios",
    params(("id" = String, Path, description = "The scenario's id", example = "toy-border")),
    responses((status = 200, body = ScenarioText), (status = 404, body = ErrorBody)))]
async fn get_scenario(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let v = version_text(&state, id, None).await?;
    Ok(json_response(StatusCode::OK, &ScenarioText::from(v)))
}

/// Saves a new text as a new version, based on the latest.
#[utoipa::path(put, path = "/api/v1/scenarios/{id}", tag = "scenarios", request_body = SaveRequest,
    params(("id" = String, Path, description = "The scenario's id", example = "toy-border")),
    responses(
        (status = 200, body = Saved),
        (status = 400, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 413, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn put_scenario(
    State(state): State<AppState>,
    Path(id): Path<String>,
    JsonBody(req): JsonBody<SaveRequest>,
) -> Result<Response, ApiError> {
    let name = version_name(&id, req.base_version);
    let text = req.text;
    let (scenario_id, title, text) = crate::compute::check(state.compute_limit, move || {
        let s = valid_scenario(&name, text.clone())?;
        Ok((s.id().as_str().to_owned(), s.title().to_owned(), text))
    })
    .await?;
    if scenario_id != id {
        return Err(ApiError::invalid(
            format!(
                "the text is scenario `{scenario_id}`, not `{id}`: a scenario's id cannot change \
                 (import it as a new scenario instead)"
            ),
            Vec::new(),
        ));
    }
    let (base, message) = (req.base_version, req.message);
    let version = state
        .with_store(move |s| {
            s.save(&id, base, &title, &text, &message)
                .map_err(|e| stale(s, e))
        })
        .await?;
    Ok(json_response(StatusCode::OK, &Saved { version }))
}

/// Creates or changes a plan's terms (a patch: `null` removes a term), as a new version.
#[utoipa::path(put, path = "/api/v1/scenarios/{id}/plans/{plan}", tag = "scenarios",
    request_body = PlanRequest,
    params(("id" = String, Path, description = "The scenario's id", example = "toy-border"),
           ("plan" = String, Path, description = "The plan's id (created when new)", example = "draft_a")),
    responses(
        (status = 200, body = Saved),
        (status = 400, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 413, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn put_plan(
    State(state): State<AppState>,
    Path((id, plan)): Path<(String, String)>,
    JsonBody(req): JsonBody<PlanRequest>,
) -> Result<Response, ApiError> {
    let base = req.base_version;
    let latest = {
        let id = id.clone();
        state
            .with_store(move |s| {
                let latest = s.latest(&id)?;
                if latest.version != base {
                    let e = StoreError::Stale {
                        id: id.clone(),
                        base,
                        current: latest.version,
                    };
                    return Err(stale(s, e));
                }
                Ok(latest)
            })
            .await?
    };
    let name = version_name(&id, base);
    let (title, text) = crate::compute::check(state.compute_limit, move || {
        let patch = PlanPatch {
            plan: &plan,
            terms: &req.terms,
            title: req.title.as_deref(),
            create: true,
        };
        let text = patch_plan(&latest.text, &patch).map_err(edit_error)?;
        let s = valid_scenario(&name, text.clone())?;
        Ok((s.title().to_owned(), text))
    })
    .await?;
    let message = req.message;
    let version = state
        .with_store(move |s| {
            s.save(&id, base, &title, &text, &message)
                .map_err(|e| stale(s, e))
        })
        .await?;
    Ok(json_response(StatusCode::OK, &Saved { version }))
}

/// Every version of a scenario, oldest first.
#[utoipa::path(get, path = "/api/v1/scenarios/{id}/versions", tag = "scenarios",
    params(("id" = String, Path, description = "The scenario's id", example = "toy-border")),
    responses((status = 200, body = Vec<VersionJson>), (status = 404, body = ErrorBody)))]
async fn list_versions(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let list = state.with_store(move |s| Ok(s.versions(&id)?)).await?;
    let list: Vec<VersionJson> = list
        .into_iter()
        .map(|v| VersionJson {
            version: v.version,
            message: v.message,
            created: v.created,
            based_on: v.based_on,
        })
        .collect();
    Ok(json_response(StatusCode::OK, &list))
}

/// One version of a scenario, with its text.
#[utoipa::path(get, path = "/api/v1/scenarios/{id}/versions/{n}", tag = "scenarios",
    params(("id" = String, Path, description = "The scenario's id", example = "toy-border"),
           ("n" = i64, Path, description = "The version, from 1", example = 1)),
    responses((status = 200, body = ScenarioText), (status = 400, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
async fn get_version(
    State(state): State<AppState>,
    Path((id, n)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let n = version_arg(&n)?;
    let v = version_text(&state, id, Some(n)).await?;
    Ok(json_response(StatusCode::OK, &ScenarioText::from(v)))
}

/// What changed between two versions: plans' terms, parties' values, and a unified diff.
#[utoipa::path(get, path = "/api/v1/scenarios/{id}/diff", tag = "scenarios",
    params(("id" = String, Path, description = "The scenario's id", example = "toy-border"), DiffQuery),
    responses((status = 200, body = Diff), (status = 400, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
async fn get_diff(
    State(state): State<AppState>,
    Path(id): Path<String>,
    query: Result<Query<DiffQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(q) = query.map_err(|e| {
        ApiError::bad_request(format!(
            "a diff needs `from` and `to`, two version numbers: {e}"
        ))
    })?;
    let (a, b) = state
        .with_store(move |s| Ok((s.get(&id, q.from)?, s.get(&id, q.to)?)))
        .await?;
    let d = crate::compute::check(state.compute_limit, move || {
        Ok(diff(
            &a.text,
            &b.text,
            &version_name(&a.id, a.version),
            &version_name(&b.id, b.version),
        ))
    })
    .await?;
    Ok(json_response(StatusCode::OK, &d))
}

// ---------------------------------------------------------------------------------------------
// Computations.

/// `accord evaluate --json` on a version, a plan, a patched plan or an unsaved draft.
#[utoipa::path(post, path = "/api/v1/scenarios/{id}/evaluate", tag = "computations",
    request_body = EvaluateRequest,
    params(("id" = String, Path, description = "The scenario's id", example = "toy-border")),
    responses(
        (status = 200, description = "Exactly `accord evaluate --json`, with its `what_if` list", body = serde_json::Value),
        (status = 400, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 503, body = ErrorBody)))]
async fn evaluate(
    State(state): State<AppState>,
    Path(id): Path<String>,
    JsonBody(req): JsonBody<EvaluateRequest>,
) -> Response {
    let v = match version_text(&state, id, req.version).await {
        Ok(v) => v,
        Err(e) => return e.into_response(),
    };
    computed(&state, move || evaluate_json(v, req)).await
}

/// The id of an unsaved draft: `draft`, or `draft_2`, … when taken.
fn fresh_plan_id(text: &str) -> String {
    let table: toml::Table = text.parse().unwrap_or_default();
    let taken = |id: &str| {
        table
            .get("plans")
            .and_then(toml::Value::as_table)
            .is_some_and(|p| p.contains_key(id))
    };
    let mut id = "draft".to_owned();
    let mut k = 1;
    while taken(&id) {
        k += 1;
        id = format!("draft_{k}");
    }
    id
}

fn evaluate_json(v: VersionText, req: EvaluateRequest) -> Result<String, ApiError> {
    let what_ifs = what_ifs(
        &req.set,
        &req.remove_red_line,
        &req.add_red_line,
        &req.open_term,
    )?;
    let name = version_name(&v.id, v.version);
    let (text, plans, unsaved) = match (&req.plan, &req.terms) {
        (None, None) => (v.text, Vec::new(), false),
        (Some(plan), None) => (v.text, vec![plan.clone()], false),
        (Some(plan), Some(terms)) => {
            // The plan must exist in the version (404 with the closest id otherwise).
            load(&name, v.text.clone(), &[])?
                .resolve_plan(plan)
                .map_err(|e| unknown(&e))?;
            let patch = PlanPatch {
                plan,
                terms,
                title: None,
                create: false,
            };
            (
                patch_plan(&v.text, &patch).map_err(edit_error)?,
                vec![plan.clone()],
                false,
            )
        }
        (None, Some(terms)) => {
            let plan = fresh_plan_id(&v.text);
            let patch = PlanPatch {
                plan: &plan,
                terms,
                title: Some("unsaved draft"),
                create: true,
            };
            // Exactly these terms: the new plan has no other.
            (
                patch_plan(&v.text, &patch).map_err(edit_error)?,
                vec![plan],
                true,
            )
        }
    };
    let scenario = load(&name, text, &what_ifs)?;
    // As `accord evaluate`: the negotiation, then the plans.
    let named = named_parties(&scenario, &req.parties)?;
    let n = scenario.into_negotiation(named.as_deref());
    let (scenario, left_out) = (n.scenario, n.not_negotiating);
    let evaluations = evaluate_plans(&scenario, &plans).map_err(|e| model_error(&e))?;
    let json = EvaluateJson::new(&scenario, &evaluations, plans.len() == 1)
        .not_negotiating(&scenario, &left_out);
    let list = AppliedWhatIfJson::list(&scenario, &what_ifs);
    if !unsaved {
        return printed(&json.with_what_ifs(&list));
    }
    let mut value = serde_json::to_value(&json)
        .map_err(|e| ApiError::internal(format!("cannot write JSON: {e}")))?;
    if let Some(m) = value.as_object_mut() {
        m.insert("plan".to_owned(), Json::Null);
    }
    printed(&WithWhatIfs::new(&value, &list))
}

/// `accord analyze --json`.
#[utoipa::path(post, path = "/api/v1/scenarios/{id}/analyze", tag = "computations",
    request_body = AnalyzeRequest,
    params(("id" = String, Path, description = "The scenario's id", example = "toy-border")),
    responses(
        (status = 200, description = "Exactly `accord analyze --json`, with its `what_if` list", body = serde_json::Value),
        (status = 400, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 503, body = ErrorBody)))]
async fn analyze(
    State(state): State<AppState>,
    Path(id): Path<String>,
    JsonBody(req): JsonBody<AnalyzeRequest>,
) -> Response {
    let v = match version_text(&state, id, req.version).await {
        Ok(v) => v,
        Err(e) => return e.into_response(),
    };
    computed_cancellable(&state, move |cancel: &Cancel| {
        let what_ifs = what_ifs(
            &req.set,
            &req.remove_red_line,
            &req.add_red_line,
            &req.open_term,
        )?;
        let scenario = load(&version_name(&v.id, v.version), v.text, &what_ifs)?;
        let parties = named_parties(&scenario, &req.parties)?;
        let n = scenario.into_negotiation(parties.as_deref());
        let (scenario, not_negotiating) = (n.scenario, n.not_negotiating);
        let options = Options {
            parties,
            distinct: req.distinct,
            method: match req.method {
                MethodName::Auto => Method::Auto,
                MethodName::Enumerate => Method::Enumerate,
                MethodName::Merge => Method::Merge,
            },
            epsilon: req.epsilon,
            count: req.count,
            cancel: cancel.clone(),
        };
        let analysis =
            accord_analysis::analyze(&scenario, &options).map_err(|e| analysis_error(&e))?;
        printed_with(
            &AnalysisJson::new(&scenario, &analysis).not_negotiating(&scenario, &not_negotiating),
            &scenario,
            &what_ifs,
        )
    })
    .await
}

/// `accord robustness --json`.
#[utoipa::path(post, path = "/api/v1/scenarios/{id}/robustness", tag = "computations",
    request_body = RobustnessRequest,
    params(("id" = String, Path, description = "The scenario's id", example = "toy-border")),
    responses(
        (status = 200, description = "Exactly `accord robustness --json`, with its `what_if` list", body = serde_json::Value),
        (status = 400, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 503, body = ErrorBody)))]
async fn robustness(
    State(state): State<AppState>,
    Path(id): Path<String>,
    JsonBody(req): JsonBody<RobustnessRequest>,
) -> Response {
    let v = match version_text(&state, id, req.version).await {
        Ok(v) => v,
        Err(e) => return e.into_response(),
    };
    computed_cancellable(&state, move |cancel: &Cancel| {
        let seed = req.seed.unwrap_or(1);
        let samples = req.samples.unwrap_or(Config::DEFAULT_MAX_SAMPLES);
        let precision = req.precision.unwrap_or(Config::DEFAULT_PRECISION);
        let max_changes = req.max_changes.unwrap_or(2);
        let robust_samples = req.robust_samples.unwrap_or(2000);
        if !(1..=1_000_000_000).contains(&samples) {
            return Err(ApiError::bad_request(format!(
                "samples must be between 1 and 1e9, not {samples}"
            )));
        }
        if !(precision.is_finite() && (0.0..0.5).contains(&precision)) {
            return Err(ApiError::bad_request(format!(
                "a precision is a standard error in [0, 0.5), not {precision}"
            )));
        }
        if !req.robust && (req.max_changes.is_some() || req.robust_samples.is_some()) {
            return Err(ApiError::bad_request(
                "max_changes and robust_samples apply to the robust search only (robust: true)",
            ));
        }
        if !(1..=1_000_000).contains(&robust_samples) {
            return Err(ApiError::bad_request(format!(
                "robust_samples must be between 1 and 1e6, not {robust_samples}"
            )));
        }
        let what_ifs = what_ifs(
            &req.set,
            &req.remove_red_line,
            &req.add_red_line,
            &req.open_term,
        )?;
        let scenario = load(&version_name(&v.id, v.version), v.text, &what_ifs)?;
        let config = Config {
            seed,
            max_samples: samples,
            precision,
            cancel: cancel.clone(),
        };
        let robust = req.robust.then_some(RobustConfig {
            seed,
            samples: robust_samples,
            max_changes,
        });
        let analysis = accord_uncertainty::analyze(
            &scenario,
            &req.plans,
            &config,
            robust.as_ref(),
            &|_, _| {},
        )
        .map_err(|e| match e {
            accord_uncertainty::Error::UnknownPlan(u) => unknown(&u),
            accord_uncertainty::Error::NoPlans { .. } => {
                ApiError::invalid(e.to_string(), Vec::new())
            }
            accord_uncertainty::Error::TooLarge(why) => {
                ApiError::limit(format!("{why}; ask with a smaller `max_changes`"))
            }
            accord_uncertainty::Error::Cancelled => ApiError::limit(
                "the Monte Carlo passed the server's time limit and was stopped; ask for fewer \
                 samples or a larger precision",
            ),
        })?;
        printed_with(&analysis.json(&scenario), &scenario, &what_ifs)
    })
    .await
}

/// `accord amend --json`.
#[utoipa::path(post, path = "/api/v1/scenarios/{id}/amend", tag = "computations",
    request_body = AmendRequest,
    params(("id" = String, Path, description = "The scenario's id", example = "toy-border")),
    responses(
        (status = 200, description = "Exactly `accord amend --json`, with its `what_if` list", body = serde_json::Value),
        (status = 400, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 503, body = ErrorBody)))]
async fn amend(
    State(state): State<AppState>,
    Path(id): Path<String>,
    JsonBody(req): JsonBody<AmendRequest>,
) -> Response {
    let v = match version_text(&state, id, req.version).await {
        Ok(v) => v,
        Err(e) => return e.into_response(),
    };
    // Past the time limit the search is asked to stop after the sets of changes it is on.
    computed_cancellable(&state, move |cancel: &Cancel| {
        let max_changes = req.max_changes.unwrap_or(3);
        let what_ifs = what_ifs(
            &req.set,
            &req.remove_red_line,
            &req.add_red_line,
            &req.open_term,
        )?;
        let scenario = load(&version_name(&v.id, v.version), v.text, &what_ifs)?;
        let plan = scenario.resolve_plan(&req.plan).map_err(|e| unknown(&e))?;
        let a =
            accord_analysis::amend::amendments_cancellable(&scenario, plan, max_changes, cancel)
                .map_err(|e| analysis_error(&e))?;
        // Each amendment's probability of agreement on `accord amend`'s default draws.
        let draws = accord_uncertainty::robust::AMENDMENT_DRAWS;
        let mut out = AmendmentsJson::new(&scenario, plan, max_changes, &a);
        if let Ok(p) = accord_uncertainty::robust::amendment_probabilities(&scenario, &a, draws) {
            out = out.with_probabilities(draws, &p);
        }
        printed_with(&out, &scenario, &what_ifs)
    })
    .await
}

/// `accord simulate --json`.
#[utoipa::path(post, path = "/api/v1/scenarios/{id}/simulate", tag = "computations",
    request_body = SimulateRequest,
    params(("id" = String, Path, description = "The scenario's id", example = "toy-border")),
    responses(
        (status = 200, description = "Exactly `accord simulate --json`, with its `what_if` list", body = serde_json::Value),
        (status = 400, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 503, body = ErrorBody)))]
async fn simulate(
    State(state): State<AppState>,
    Path(id): Path<String>,
    JsonBody(req): JsonBody<SimulateRequest>,
) -> Response {
    let v = match version_text(&state, id, req.version).await {
        Ok(v) => v,
        Err(e) => return e.into_response(),
    };
    computed(&state, move || simulate_json(v, req)).await
}

fn simulate_json(v: VersionText, req: SimulateRequest) -> Result<String, ApiError> {
    let in_range = |name: &str, x: u64, lo: u64, hi: u64| {
        if (lo..=hi).contains(&x) {
            Ok(x)
        } else {
            Err(ApiError::bad_request(format!(
                "{name} must be between {lo} and {hi}, not {x}"
            )))
        }
    };
    let rounds = in_range("rounds", req.rounds.unwrap_or(100), 1, 1_000_000)?;
    let repeat = in_range("repeat", req.repeat.unwrap_or(1), 1, 10_000)?;
    let consultations = in_range("consultations", req.consultations.unwrap_or(1), 0, 10_000)?;
    let revisions = in_range("revisions", req.revisions.unwrap_or(3), 0, 10_000)?;
    let pressure = req.pressure.unwrap_or(0.0);
    if !(pressure.is_finite() && (0.0..=1.0).contains(&pressure)) {
        return Err(ApiError::bad_request(format!(
            "a pressure is a utility in [0, 1] per vote, not {pressure}"
        )));
    }
    let seed = req.seed.unwrap_or(1);
    let what_ifs = what_ifs(
        &req.set,
        &req.remove_red_line,
        &req.add_red_line,
        &req.open_term,
    )?;
    let scenario = load(&version_name(&v.id, v.version), v.text, &what_ifs)?;
    let kind = protocol::parse(req.protocol.as_deref().unwrap_or("sao"))
        .map_err(|e| ApiError::bad_request(e.to_string()))?;
    let draft = DraftProtocol::parse(req.draft_protocol.as_deref().unwrap_or("sao"))
        .map_err(|e| ApiError::bad_request(e.to_string()))?;
    let mut builder = accord_sim::SimulationBuilder::new(&scenario, kind)
        .negotiators(&req.parties)
        .rounds(rounds as usize)
        .drafters(&req.drafters)
        .consulted(&req.consult.map(Consult::ids).unwrap_or_default())
        .drafted(DraftedSettings {
            draft,
            consultations: consultations as usize,
            revisions: revisions as usize,
            pressure,
        });
    let assignments: Vec<String> = match req.strategies {
        Strategies::List(l) => l,
        Strategies::Map(m) => m.into_iter().map(|(p, s)| format!("{p}={s}")).collect(),
    };
    for a in &assignments {
        builder = builder.assign(a);
    }
    let sim = builder.build().map_err(|e| sim_error(&e))?;
    let seeds: Vec<u64> = (0..repeat).map(|k| seed.wrapping_add(k)).collect();
    // As `accord simulate --json` without a trace: nothing recorded.
    let runs = sim.run_seeds(&seeds, false);
    let summaries: Vec<_> = runs
        .iter()
        .zip(&seeds)
        .map(|(n, &s)| sim.summary(n, s))
        .collect();
    printed_with(
        &SimulateJson::new(&scenario, &sim, seed, &runs, &summaries),
        &scenario,
        &what_ifs,
    )
}

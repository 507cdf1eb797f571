//! `accord.Scenario`: a valid scenario and every command over it, each the same library call
//! as the CLI's, with the same wire type as its `--json` (see `convert`).

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use accord_analysis::json::{AmendmentsJson, AnalysisJson, ImprovementsJson};
use accord_analysis::{Method, Options};
use accord_formats::Loaded;
use accord_model::json::{AppliedWhatIfJson, CheckJson, EvaluateJson, WithWhatIfs};
use accord_model::whatif::{self, WhatIf};
use accord_model::{
    Cancel, OptionIx, PartyIx, PlanIx, PointPreferences, Scenario, SourceText, evaluate_plans,
    evaluate_terms,
};
use accord_sim::json::SimulateJson;
use accord_sim::setup::RunSummary;
use accord_sim::{DraftProtocol, DraftedSettings, SimulationBuilder, protocol};
use accord_uncertainty::Config;
use accord_uncertainty::robust::RobustConfig;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyType};

use crate::convert::{json_to_py, loads, to_json, to_py};
use crate::errors::{Error, detached, interruptible};
use crate::negotiator::{self, PyNegotiators};

/// A valid negotiation scenario (an `accord/1` file, a Genius folder or `.xml` file, or a
/// GeniusWeb `.json` file), immutable: what-ifs make a new one (`with_changes`).
///
/// Every method returns what the CLI's `--json` prints, as Python objects (dicts, lists, str,
/// int, float, None): utilities are numbers in [0, 1] (a party's weight shares times scores,
/// plus interaction bonuses); outcomes are dicts from issue id to option (an option id as a
/// str, a grid point as a number). Errors are `accord.ScenarioError` (invalid or unusable
/// scenario) and `accord.UsageError` (unknown id, bad option), both `accord.AccordError`.
/// Long computations release the GIL; Ctrl-C stops an analysis of more than 1e7 outcomes
/// (or with `count=True`), an improvement or amendment search, a robustness run, a simulation
/// and a report with `KeyboardInterrupt`.
#[pyclass(name = "Scenario", module = "accord", frozen)]
pub struct PyScenario {
    pub(crate) inner: Arc<Scenario>,
    /// The name the scenario goes by in messages (its path, or `<text>`).
    pub(crate) name: String,
    /// The what-ifs `inner` was made with from the file as written (every `with_changes` in
    /// turn, in order): each result's `what_if` list, as the CLI's `--json` with the same
    /// flags.
    pub(crate) what_ifs: Vec<WhatIf>,
}

/// The scenario of a loaded file, or its diagnostics as a `ScenarioError`.
pub(crate) fn valid(mut loaded: Loaded) -> Result<PyScenario, Error> {
    if loaded.has_errors() {
        let findings = loaded.parsed.findings(false);
        let source = SourceText::new(&loaded.name, &loaded.text);
        let check = CheckJson::new(&source, &findings, false);
        let mut value = serde_json::to_value(&check)
            .map_err(|e| Error::Internal(format!("cannot write JSON: {e}")))?;
        let diagnostics = value["diagnostics"].take();
        let errors = findings
            .iter()
            .filter(|d| d.severity == accord_model::Severity::Error)
            .count();
        let first = findings
            .iter()
            .find(|d| d.severity == accord_model::Severity::Error)
            .map(|d| {
                let line = source.line_col(d.span.start).line;
                if d.path.is_empty() {
                    format!("; first, line {line}: {}", d.message)
                } else {
                    format!("; first, line {line}: {}: {}", d.path, d.message)
                }
            })
            .unwrap_or_default();
        return Err(Error::Scenario {
            message: format!(
                "{}: the scenario is not valid ({errors} error{}){first}",
                loaded.name,
                if errors == 1 { "" } else { "s" }
            ),
            diagnostics,
        });
    }
    let name = loaded.name.clone();
    let scenario = loaded.scenario(&[]).map_err(|e| load_error(&name, &e))?;
    Ok(PyScenario {
        inner: Arc::new(scenario),
        name,
        what_ifs: Vec::new(),
    })
}

/// A file that cannot be read or imported: a `ScenarioError` with the `unreadable` diagnostic
/// of `accord check --json`.
pub(crate) fn load_error(name: &str, e: &accord_formats::Error) -> Error {
    let message = e.to_string();
    let check = CheckJson::unreadable(name, &message);
    match serde_json::to_value(&check) {
        Ok(mut v) => Error::Scenario {
            message: message.clone(),
            diagnostics: v["diagnostics"].take(),
        },
        Err(e) => Error::Internal(format!("cannot write JSON: {e}")),
    }
}

/// A model error as the CLI classes it: an unknown id is a usage error, a scenario without
/// plans (`to` what the caller does with them) a scenario error.
fn model_error(e: accord_model::Error, to: &str) -> Error {
    match e {
        accord_model::Error::NoPlans { scenario } => {
            Error::scenario(format!("scenario `{scenario}` has no plans to {to}"))
        }
        accord_model::Error::UnknownId(e) => Error::usage(e),
    }
}

/// A list of ids given as one str or a sequence of str; `one`: a single str was given.
fn ids(value: Option<&Bound<'_, PyAny>>) -> PyResult<(Vec<String>, bool)> {
    match value {
        None => Ok((Vec::new(), false)),
        Some(v) if v.is_none() => Ok((Vec::new(), false)),
        Some(v) => match v.extract::<String>() {
            Ok(one) => Ok((vec![one], true)),
            Err(_) => Ok((v.extract::<Vec<String>>()?, false)),
        },
    }
}

impl PyScenario {
    /// The `what_if` list of this scenario's results ([`AppliedWhatIfJson::list`]).
    fn what_if_list(&self) -> Vec<AppliedWhatIfJson> {
        AppliedWhatIfJson::list(&self.inner, &self.what_ifs)
    }

    fn parties_of(&self, ids: &[String]) -> Result<Option<Vec<PartyIx>>, Error> {
        if ids.is_empty() {
            return Ok(None);
        }
        // Observers and lists without a signatory are refused, as `--parties` refuses them.
        self.inner
            .resolve_negotiators(ids)
            .map(Some)
            .map_err(Error::usage)
    }

    fn plan(&self, id: &str) -> Result<PlanIx, Error> {
        self.inner
            .resolve_plan(id)
            .map_err(|e| model_error(e.into(), "use"))
    }

    /// Terms given as `{issue id: option}` → one option per issue; issues not named take the
    /// status quo, else stay open (as a plan's terms do).
    fn terms(&self, terms: &[(String, TermValue)]) -> Result<Vec<Option<OptionIx>>, Error> {
        let s = &self.inner;
        let mut out: Vec<Option<OptionIx>> = s.issues().iter().map(|i| i.status_quo()).collect();
        for (issue_id, value) in terms {
            let ix = s.resolve_issue(issue_id).map_err(Error::usage)?;
            let issue = s.issue(ix);
            let option = value
                .option_of(issue)
                .ok_or_else(|| Error::usage(format!("issue `{issue_id}` has no option {value}")))?;
            out[ix.index()] = Some(option);
        }
        Ok(out)
    }
}

/// One term of a draft given from Python: an option id, or a number of a numeric issue.
#[derive(Debug, Clone)]
pub(crate) enum TermValue {
    Id(String),
    Number(f64),
}

impl TermValue {
    /// The option of `issue` this term names: an option id, or a grid value of a numeric issue.
    pub(crate) fn option_of(&self, issue: &accord_model::Issue) -> Option<OptionIx> {
        match self {
            TermValue::Id(id) => issue.find_option(id),
            TermValue::Number(x) => issue.find_value(*x),
        }
    }
}

/// As an error message writes it: `` `id` ``, or the number.
impl std::fmt::Display for TermValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TermValue::Id(id) => write!(f, "`{id}`"),
            TermValue::Number(x) => write!(f, "{x}"),
        }
    }
}

impl<'py> FromPyObject<'_, 'py> for TermValue {
    type Error = PyErr;

    fn extract(ob: Borrowed<'_, 'py, PyAny>) -> PyResult<Self> {
        if let Ok(s) = ob.extract::<String>() {
            return Ok(TermValue::Id(s));
        }
        if ob.is_instance_of::<pyo3::types::PyBool>() {
            return Err(crate::errors::UsageError::new_err(
                "a term is an option id (str) or a number, not a bool",
            ));
        }
        match ob.extract::<f64>() {
            Ok(x) => Ok(TermValue::Number(x)),
            Err(_) => Err(crate::errors::UsageError::new_err(format!(
                "a term is an option id (str) or a number, not {}",
                ob.get_type().name()?
            ))),
        }
    }
}

/// The terms of a dict, in its order.
pub(crate) fn terms_of(dict: &Bound<'_, PyDict>) -> PyResult<Vec<(String, TermValue)>> {
    let mut out = Vec::with_capacity(dict.len());
    for (k, v) in dict.iter() {
        let key: String = k
            .extract()
            .map_err(|_| crate::errors::UsageError::new_err("terms are keyed by issue id (str)"))?;
        out.push((key, v.extract()?));
    }
    Ok(out)
}

#[pymethods]
impl PyScenario {
    /// Loads a scenario file of any supported format: `accord/1` TOML, a Genius folder or
    /// `.xml` file, a GeniusWeb folder or `.json` file (foreign files are imported as
    /// `accord import` does).
    ///
    /// Raises `ScenarioError` when the file cannot be read or imported, or is invalid;
    /// `.diagnostics` then lists every finding as `accord check --json` does.
    #[staticmethod]
    fn load(py: Python<'_>, path: PathBuf) -> PyResult<PyScenario> {
        detached(py, || {
            let name = path.display().to_string();
            let loaded = accord_formats::load(&path).map_err(|e| load_error(&name, &e))?;
            valid(loaded)
        })
    }

    /// A scenario from `accord/1` text; `name` is what messages and diagnostics call it.
    ///
    /// Raises `ScenarioError` (with `.diagnostics`) when the text is not a valid scenario.
    #[staticmethod]
    #[pyo3(signature = (text, name = "<text>"))]
    fn from_text(py: Python<'_>, text: String, name: &str) -> PyResult<PyScenario> {
        let name = name.to_string();
        detached(py, move || valid(Loaded::from_text(name, text)))
    }

    /// The reverse of `accord.negmas.to_negmas`: a scenario from a NegMAS
    /// `negmas.inout.Scenario` with linear-additive or mapping utility functions (see
    /// `accord.negmas.from_negmas`). Needs `negmas`.
    #[staticmethod]
    fn from_negmas(py: Python<'_>, scenario: Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        let module = py.import("accord.negmas")?;
        Ok(module.call_method1("from_negmas", (scenario,))?.unbind())
    }

    /// The scenario's id.
    #[getter]
    fn id(&self) -> String {
        self.inner.id().to_string()
    }

    /// The scenario's title.
    #[getter]
    fn title(&self) -> String {
        self.inner.title().to_string()
    }

    /// The name messages call the scenario by: its path as given, or `<text>`.
    #[getter]
    fn name(&self) -> String {
        self.name.clone()
    }

    /// The party ids, in file order.
    #[getter]
    fn parties(&self) -> Vec<String> {
        self.inner
            .parties()
            .iter()
            .map(|p| p.id().to_string())
            .collect()
    }

    /// The issue ids, in file order.
    #[getter]
    fn issues(&self) -> Vec<String> {
        self.inner
            .issues()
            .iter()
            .map(|i| i.id().to_string())
            .collect()
    }

    /// The plan ids, in file order.
    #[getter]
    fn plans(&self) -> Vec<String> {
        self.inner
            .plans()
            .iter()
            .map(|p| p.id().to_string())
            .collect()
    }

    /// Each issue's options as `{issue id: [option, ...]}`: option ids (str) of a discrete
    /// issue, grid points (numbers) of a numeric one, in order.
    fn options(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let map: serde_json::Map<String, serde_json::Value> = self
            .inner
            .issues()
            .iter()
            .map(|i| {
                let values = i.options().map(|o| i.option_value(o).to_json()).collect();
                (i.id().to_string(), serde_json::Value::Array(values))
            })
            .collect();
        json_to_py(py, &serde_json::Value::Object(map))
    }

    /// A copy with what-ifs applied, as `--set PATH=VALUE`, `--remove-red-line
    /// PARTY:ISSUE=OPTION`, `--add-red-line PARTY:ISSUE=OPTION` and `--open-term PLAN:ISSUE`
    /// do: `set=["parties.east.walk_away=0.5"]`, `remove_red_line=["west:border=river"]`,
    /// `add_red_line=["east:buffer=wide"]`, `open_term=["draft_a:fund"]`. Each value is
    /// checked like the file.
    ///
    /// Raises `UsageError` for a malformed or inapplicable what-if (`.diagnostics` lists each).
    #[pyo3(signature = (set = Vec::new(), remove_red_line = Vec::new(), add_red_line = Vec::new(), open_term = Vec::new()))]
    fn with_changes(
        &self,
        py: Python<'_>,
        set: Vec<String>,
        remove_red_line: Vec<String>,
        add_red_line: Vec<String>,
        open_term: Vec<String>,
    ) -> PyResult<PyScenario> {
        detached(py, || {
            let lists = [&set, &remove_red_line, &add_red_line, &open_term];
            let mut what_ifs = Vec::new();
            for ((name, read), list) in WhatIf::KINDS.iter().zip(lists) {
                for w in list {
                    what_ifs.push(read(w).map_err(|m| Error::usage(format!("{name} `{w}`: {m}")))?);
                }
            }
            let changed = whatif::apply(&self.inner, &what_ifs).map_err(|errors| {
                let check = CheckJson::what_ifs(&self.name, &errors);
                let message = errors
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; ");
                match serde_json::to_value(&check) {
                    Ok(mut v) => Error::Usage {
                        message,
                        diagnostics: Some(v["diagnostics"].take()),
                    },
                    Err(e) => Error::Internal(e.to_string()),
                }
            })?;
            Ok(PyScenario {
                inner: Arc::new(changed),
                name: self.name.clone(),
                what_ifs: [self.what_ifs.as_slice(), &what_ifs].concat(),
            })
        })
    }

    /// Evaluates plans at the midpoint of every interval: `accord evaluate --json`.
    ///
    /// `plan`: one plan id (returns that plan's dict), a list of ids, or None for every plan
    /// (returns a list of dicts, in the order asked). `terms`: instead of a plan, an unsaved
    /// draft `{issue id: option}` (issues not named take their status quo, else stay open);
    /// returns one dict with `"plan": None`. `parties`: the negotiating parties (every other
    /// signatory is not one for this call), as `--parties`.
    ///
    /// Each dict: `scenario`, `plan`, `open_issues`, `parties` (per party `utility`,
    /// `utility_range` [lo, hi] over completions of open issues, `walk_away`,
    /// `red_lines_crossed`, `verdict` "accept" | "reject" | "undetermined"), `agreement`
    /// (True, False, None when undetermined: whether the agreement rule is met), and under an
    /// agreement rule `rule` (`quorum`, `signatories`, `required`). Raises `UsageError` for an
    /// unknown id or term, `ScenarioError` when the scenario has no plans.
    #[pyo3(signature = (plan = None, terms = None, parties = None))]
    fn evaluate(
        &self,
        py: Python<'_>,
        plan: Option<Bound<'_, PyAny>>,
        terms: Option<Bound<'_, PyDict>>,
        parties: Option<Vec<String>>,
    ) -> PyResult<Py<PyAny>> {
        let (plan_ids, one) = ids(plan.as_ref())?;
        let terms = terms.as_ref().map(terms_of).transpose()?;
        let parties = parties.unwrap_or_default();
        let text = detached(py, || {
            if terms.is_some() && !plan_ids.is_empty() {
                return Err(Error::usage("evaluate either plans or terms, not both"));
            }
            let named = self.parties_of(&parties)?;
            let n = (*self.inner).clone().into_negotiation(named.as_deref());
            let (scenario, left_out) = (n.scenario, n.not_negotiating);
            if let Some(terms) = &terms {
                let terms = PyScenario {
                    inner: Arc::new(scenario.clone()),
                    name: String::new(),
                    what_ifs: Vec::new(),
                }
                .terms(terms)?;
                let prefs: Vec<_> = scenario
                    .party_ixs()
                    .map(|p| PointPreferences::midpoint(&scenario, p))
                    .collect();
                let evaluation = evaluate_terms(&scenario, &prefs, &terms);
                return draft_json(&scenario, &evaluation, &left_out, &self.what_if_list());
            }
            let evaluations =
                evaluate_plans(&scenario, &plan_ids).map_err(|e| model_error(e, "evaluate"))?;
            let json = EvaluateJson::new(&scenario, &evaluations, one)
                .not_negotiating(&scenario, &left_out);
            to_json(&json.with_what_ifs(&self.what_if_list()))
        })?;
        loads(py, &text)
    }

    /// Outcome counts, the Pareto frontier and the four bargaining solutions:
    /// `accord analyze --json` (analysis.md).
    ///
    /// `parties`: the frontier's parties (default: every party with preferences); every other
    /// signatory is not one for this call. `distinct`: one outcome per utility vector.
    /// `epsilon`: an ε-approximate frontier (merge method; every outcome within ε of a listed
    /// one, per party; the solutions stay exact). `method`: "auto" (default), "enumerate" or
    /// "merge". `count`: count agreements even past 10,000,000 outcomes.
    ///
    /// Returns a dict: `parties`, `outcomes`, `agreements`, `pareto` (list of {`terms`,
    /// `utilities`}, utilities in [0, 1] in the order of `parties`: the Pareto frontier of
    /// every outcome, agreements or not — NegMAS's `pareto_frontier` keeps only its rational
    /// part, the points where each utility reaches the party's walk-away), `solutions` (nash,
    /// kalai (Kalai–Smorodinsky), egalitarian, utilitarian), `method`, `epsilon`, `signatories`,
    /// `blocking`; under an agreement rule (`[agreement]`: a quorum, required or ratifying
    /// parties) also `coalitions` (the minimal winning coalitions, each with its agreements and
    /// solutions), `win_sets` (per party with ratifiers, its agreements alone and with them) and
    /// `price_of_inclusion` (the solutions with and without each party that can be left out).
    /// Raises `UsageError` when the analysis is refused (too large to enumerate, a frontier too
    /// long, ε not positive, ...), with the reason.
    #[pyo3(signature = (parties = None, distinct = false, epsilon = None, method = None, count = false))]
    fn analyze(
        &self,
        py: Python<'_>,
        parties: Option<Vec<String>>,
        distinct: bool,
        epsilon: Option<f64>,
        method: Option<String>,
        count: bool,
    ) -> PyResult<Py<PyAny>> {
        let parties = parties.unwrap_or_default();
        let work = |cancel: &Cancel| {
            let method = match method.as_deref() {
                None | Some("auto") => Method::Auto,
                Some("enumerate") => Method::Enumerate,
                Some("merge") => Method::Merge,
                Some(other) => {
                    return Err(Error::usage(format!(
                        "unknown method `{other}`; methods: auto, enumerate, merge"
                    )));
                }
            };
            let named = self.parties_of(&parties)?;
            let n = (*self.inner).clone().into_negotiation(named.as_deref());
            let (scenario, not_negotiating) = (n.scenario, n.not_negotiating);
            let options = Options {
                parties: named,
                distinct,
                method,
                epsilon,
                count,
                cancel: cancel.clone(),
            };
            let analysis = accord_analysis::analyze(&scenario, &options).map_err(Error::usage)?;
            Ok((scenario, analysis, not_negotiating))
        };
        // Ctrl-C stops a long analysis; a short one (the common case, well under a
        // millisecond by merge) is not worth a thread's start.
        let (scenario, analysis, not_negotiating) =
            if count || outcome_count(&self.inner) > LONG_ANALYSIS_OUTCOMES {
                interruptible(py, work)?
            } else {
                detached(py, || work(&Cancel::never()))?
            };
        // The dict built directly (no JSON text): `json.loads` of the text cost a fixed
        // ~0.1 ms, a quarter of a merge on 1e6 outcomes.
        let json =
            AnalysisJson::new(&scenario, &analysis).not_negotiating(&scenario, &not_negotiating);
        let dict = to_py(py, &WithWhatIfs::new(&json, &self.what_if_list()))?;
        Ok(dict)
    }

    /// Outcomes every signatory weakly prefers to the draft `plan` (one strictly),
    /// undominated, the `top` best by each bargaining criterion: `accord improve --json`.
    ///
    /// Raises `UsageError` for an unknown plan, `top` < 1, or a refused search.
    #[pyo3(signature = (plan, top = 10))]
    fn improve(&self, py: Python<'_>, plan: String, top: usize) -> PyResult<Py<PyAny>> {
        // Ctrl-C stops an enumerated search after the chunks already running.
        let text = interruptible(py, |cancel: &Cancel| {
            if top < 1 {
                return Err(Error::usage("top must be at least 1"));
            }
            let p = self.plan(&plan)?;
            let imp =
                accord_analysis::improve::improvements_cancellable(&self.inner, p, top, cancel)
                    .map_err(Error::usage)?;
            let json = ImprovementsJson::new(&self.inner, p, &imp);
            to_json(&WithWhatIfs::new(&json, &self.what_if_list()))
        })?;
        loads(py, &text)
    }

    /// The smallest sets of at most `max_changes` issue changes that turn the draft `plan`
    /// into an agreement, cheapest for its drafters first: `accord amend --json`.
    ///
    /// A partial draft's open issues are settled along the way (`settled`, not changes); each
    /// amendment's `agreement_probability` is the share of `samples` draws (seed `seed`) over
    /// the estimate ranges in which it is an agreement, as the CLI's `--samples` and `--seed`.
    ///
    /// Raises `UsageError` for an unknown plan, `samples` outside 1..=1,000,000 or a refused
    /// search (too many candidates).
    #[pyo3(signature = (plan, max_changes = 3, samples = 2000, seed = 1))]
    fn amend(
        &self,
        py: Python<'_>,
        plan: String,
        max_changes: usize,
        samples: u64,
        seed: u64,
    ) -> PyResult<Py<PyAny>> {
        // Ctrl-C stops the search after the sets of changes already being searched.
        let text = interruptible(py, |cancel: &Cancel| {
            if !(1..=1_000_000).contains(&samples) {
                return Err(Error::usage("samples must be between 1 and 1000000"));
            }
            let p = self.plan(&plan)?;
            let a =
                accord_analysis::amend::amendments_cancellable(&self.inner, p, max_changes, cancel)
                    .map_err(Error::usage)?;
            let mut out = AmendmentsJson::new(&self.inner, p, max_changes, &a);
            let draws = accord_analysis::json::DrawsJson { samples, seed };
            if let Ok(ps) =
                accord_uncertainty::robust::amendment_probabilities(&self.inner, &a, draws)
            {
                out = out.with_probabilities(draws, &ps);
            }
            to_json(&WithWhatIfs::new(&out, &self.what_if_list()))
        })?;
        loads(py, &text)
    }

    /// Monte Carlo over the scenario's uncertain preferences: `accord robustness --json`.
    ///
    /// `plans`: plan ids (default every plan). `samples`: the most draws (default 1,000,000;
    /// 1..=1e9). `precision`: stop once every probability's standard error is at most this
    /// (default 0.002; in [0, 0.5); 0 uses every draw). `seed`: the same seed gives the same
    /// result at any thread count. `robust`: also search the outcomes and smallest amendments
    /// (at most `max_changes` issues) that maximize the probability of agreement, each scored
    /// on `robust_samples` draws. Raises `UsageError` for an unknown plan or a bad setting,
    /// `ScenarioError` when the scenario has no plans.
    #[pyo3(signature = (plans = None, samples = None, precision = None, seed = 1, robust = false, max_changes = 2, robust_samples = 2000))]
    #[allow(clippy::too_many_arguments)]
    fn robustness(
        &self,
        py: Python<'_>,
        plans: Option<Bound<'_, PyAny>>,
        samples: Option<u64>,
        precision: Option<f64>,
        seed: u64,
        robust: bool,
        max_changes: usize,
        robust_samples: u64,
    ) -> PyResult<Py<PyAny>> {
        let (plan_ids, _) = ids(plans.as_ref())?;
        // Ctrl-C stops the draws after their current round.
        let text = interruptible(py, |cancel: &Cancel| {
            let max_samples = samples.unwrap_or(Config::DEFAULT_MAX_SAMPLES);
            if !(1..=1_000_000_000).contains(&max_samples) {
                return Err(Error::usage(format!(
                    "samples must be in 1..=1000000000, not {max_samples}"
                )));
            }
            let precision = precision.unwrap_or(Config::DEFAULT_PRECISION);
            if !(precision.is_finite() && (0.0..0.5).contains(&precision)) {
                return Err(Error::usage(format!(
                    "a precision is a standard error in [0, 0.5), not {precision}"
                )));
            }
            if !(1..=1_000_000).contains(&robust_samples) {
                return Err(Error::usage(format!(
                    "robust_samples must be in 1..=1000000, not {robust_samples}"
                )));
            }
            let config = Config {
                seed,
                max_samples,
                precision,
                cancel: cancel.clone(),
            };
            let robust = robust.then_some(RobustConfig {
                seed,
                samples: robust_samples,
                max_changes,
            });
            let analysis = accord_uncertainty::analyze(
                &self.inner,
                &plan_ids,
                &config,
                robust.as_ref(),
                &|_, _| {},
            )
            .map_err(|e| match e {
                accord_uncertainty::Error::UnknownPlan(e) => Error::usage(e),
                accord_uncertainty::Error::NoPlans { scenario } => {
                    Error::scenario(format!("scenario `{scenario}` has no plans to test"))
                }
                accord_uncertainty::Error::Cancelled => Error::Cancelled,
                other => Error::usage(other),
            })?;
            to_json(&WithWhatIfs::new(
                &analysis.json(&self.inner),
                &self.what_if_list(),
            ))
        })?;
        loads(py, &text)
    }

    /// Simulates negotiations: `accord simulate --json` (runs on seeds `seed`, `seed + 1`, …).
    ///
    /// `protocol`: "sao" (stacked alternating offers, NegMAS semantics), "single-text" or
    /// "drafted-then-ratified". `strategies`: `{party id: strategy}` where a strategy is a
    /// built-in spec, `NAME[:KEY=VALUE,...]` ("boulware", "conceder:e=3"; names: boulware,
    /// linear, conceder, time, hardliner, tit-for-tat, random, aspiration (accord's own, not
    /// NegMAS's `AspirationNegotiator`), frequency, micro) or your own negotiator: an object
    /// with `propose(state) -> dict | None` (terms name every issue by option id; `None` ends
    /// the negotiation without agreement) and `respond(state, offer) -> "accept" | "reject" |
    /// "end"` (a class is instantiated once per run; an instance is reused). A NegMAS
    /// negotiator runs through `accord.negmas.wrap(...)` (passed bare it is refused). The key "*" sets every party not named (default
    /// "boulware"). `negotiators`: the negotiators in turn order (default every signatory with
    /// preferences). `rounds`: the deadline in rounds (1..=1,000,000; default 100, or
    /// 1,000,000 when only `time_limit` is given). `repeat`: how many runs. `drafters`,
    /// `consult` (a party id or a list of them; default: the `consulted` of the drafters' plan),
    /// `draft_protocol`, `consultations`, `revisions`, `pressure`:
    /// drafted-then-ratified settings. `trace`: add `"trace"`, every offer and answer (the
    /// `--trace` lines).
    ///
    /// `sample_preferences`: as `--sample-preferences`, each run draws every interval of the
    /// scenario (weights, scores, walk-aways) anew from its seed (the draws of `robustness`),
    /// and plays and is judged by that draw (your negotiators' `state.utility` too); the same
    /// seed gives the same result. `time_limit`: as `--time-limit`, SAO only: a deadline in
    /// seconds per negotiation beside the rounds (relative time is the larger of
    /// elapsed/limit and the rounds'; the earlier limit ends it, as NegMAS's `SAOMechanism`);
    /// such runs depend on the machine's speed and are not reproducible.
    ///
    /// Raises `UsageError` for a bad setting (unknown party or strategy, rounds out of range,
    /// a time limit not a positive number of seconds or on another protocol, a bare NegMAS
    /// negotiator, ...); an exception raised by your negotiator is raised unchanged (with a
    /// note naming its party, Python 3.11+), and unusable terms it proposes raise ValueError
    /// naming the party, the round and the issue's options. With your own negotiators,
    /// runs are sequential (they need the GIL); otherwise parallel.
    #[pyo3(signature = (protocol = "sao", strategies = None, negotiators = None, rounds = None, seed = 1, repeat = 1, drafters = None, consult = None, draft_protocol = "sao", consultations = 1, revisions = 3, pressure = 0.0, trace = false, sample_preferences = false, time_limit = None))]
    #[allow(clippy::too_many_arguments)]
    fn simulate(
        &self,
        py: Python<'_>,
        protocol: &str,
        strategies: Option<Bound<'_, PyDict>>,
        negotiators: Option<Vec<String>>,
        rounds: Option<usize>,
        seed: u64,
        repeat: u64,
        drafters: Option<Vec<String>>,
        consult: Option<Consult>,
        draft_protocol: &str,
        consultations: usize,
        revisions: usize,
        pressure: f64,
        trace: bool,
        sample_preferences: bool,
        time_limit: Option<f64>,
    ) -> PyResult<Py<PyAny>> {
        let mut specs: Vec<(Option<String>, String)> = Vec::new();
        let mut own: HashMap<String, Py<PyAny>> = HashMap::new();
        if let Some(d) = &strategies {
            for (k, v) in d.iter() {
                let party: String = k.extract().map_err(|_| {
                    crate::errors::UsageError::new_err("strategies are keyed by party id (str)")
                })?;
                let key = (party != "*").then(|| party.clone());
                match v.extract::<String>() {
                    Ok(spec) => specs.push((key, spec)),
                    Err(_) => {
                        let Some(party) = key else {
                            return Err(crate::errors::UsageError::new_err(
                                "the default strategy (\"*\") is a built-in strategy's spec",
                            ));
                        };
                        negotiator::check_negotiator(&v)?;
                        own.insert(party, v.unbind());
                    }
                }
            }
        }
        let negotiators = negotiators.unwrap_or_default();
        let drafters = drafters.unwrap_or_default();
        let python = PyNegotiators::new(py, &self.inner, &self.name, own)?;
        // Ctrl-C stops the runs between negotiations.
        let text = interruptible(py, |cancel: &Cancel| {
            if !(1..=100_000_000).contains(&repeat) {
                return Err(Error::usage(format!(
                    "repeat must be in 1..=100000000, not {repeat}"
                )));
            }
            if !(pressure.is_finite() && (0.0..=1.0).contains(&pressure)) {
                return Err(Error::usage(format!(
                    "a pressure is a utility in [0, 1] per vote, not {pressure}"
                )));
            }
            let kind = protocol::parse(protocol).map_err(Error::usage)?;
            let draft = DraftProtocol::parse(draft_protocol).map_err(Error::usage)?;
            let scenario: &Scenario = &self.inner;
            // As `accord simulate`: time alone is the deadline when no rounds are given.
            let rounds = match (rounds, time_limit) {
                (Some(r), _) => r,
                (None, Some(_)) => accord_sim::setup::MAX_ROUNDS,
                (None, None) => 100,
            };
            let mut builder = SimulationBuilder::new(scenario, kind)
                .sample_preferences(sample_preferences)
                .negotiators(&negotiators)
                .rounds(rounds)
                .time_limit(time_limit)
                .drafters(&drafters)
                .consulted(&consult.map(Consult::ids).unwrap_or_default())
                .drafted(DraftedSettings {
                    draft,
                    consultations,
                    revisions,
                    pressure,
                });
            for (party, spec) in &specs {
                builder = builder.strategy(party.as_deref(), spec);
            }
            // Your own negotiators stand in for a built-in spec the builder checks; their
            // party ids are checked here.
            for party in python.parties() {
                builder = builder.strategy(Some(party), accord_sim::setup::DEFAULT_STRATEGY);
            }
            let sim = builder.build().map_err(Error::usage)?;
            let seeds: Vec<u64> = (0..repeat).map(|k| seed.wrapping_add(k)).collect();
            // Each run in the simulation its seed plays (its own draw under
            // sample_preferences), as `accord simulate`: the negotiation, its figures and
            // its trace lines.
            let each = |s: &accord_sim::Simulation, seed: u64, n: accord_sim::Negotiation| {
                let summary = s.summary(&n, seed);
                let mut lines = Vec::new();
                if trace {
                    // Writing to memory cannot fail.
                    let _ = accord_sim::json::write_trace(
                        &mut lines,
                        scenario,
                        s.compiled(),
                        &[seed],
                        std::slice::from_ref(&n),
                    );
                }
                (n, summary, lines)
            };
            let played = if python.is_empty() {
                // In parallel, a block of runs at a time: the cancel is checked between
                // blocks and before each run.
                let mut played = Vec::with_capacity(seeds.len());
                for block in seeds.chunks(SIMULATION_BLOCK) {
                    let runs = sim
                        .map_seeds(block, |s, seed| {
                            (!cancel.is_cancelled()).then(|| each(s, seed, s.run(seed, trace)))
                        })
                        .map_err(Error::usage)?;
                    for run in runs {
                        played.push(run.ok_or(Error::Cancelled)?);
                    }
                }
                played
            } else {
                python.run(&sim, &seeds, trace, cancel, each)?
            };
            let mut runs = Vec::with_capacity(played.len());
            let mut summaries: Vec<RunSummary> = Vec::with_capacity(played.len());
            let mut trace_lines = Vec::new();
            for (n, summary, lines) in played {
                runs.push(n);
                summaries.push(summary);
                trace_lines.extend(lines);
            }
            let json = SimulateJson::new(scenario, &sim, seed, &runs, &summaries);
            let mut value = serde_json::to_value(&json)
                .map_err(|e| Error::Internal(format!("cannot write JSON: {e}")))?;
            for (party, name) in python.names() {
                if let Some(slot) = value["strategies"].get_mut(party) {
                    *slot = serde_json::Value::String(name);
                }
            }
            value["what_if"] = serde_json::to_value(self.what_if_list())
                .map_err(|e| Error::Internal(format!("cannot write JSON: {e}")))?;
            let mut text = value.to_string();
            if trace {
                // The trace lines as written (re-parsing them would round their floats).
                let lines =
                    String::from_utf8(trace_lines).map_err(|e| Error::Internal(e.to_string()))?;
                text.pop(); // the closing brace
                text.push_str(",\"trace\":[");
                text.push_str(&lines.lines().collect::<Vec<_>>().join(","));
                text.push_str("]}");
            }
            Ok(text)
        })?;
        loads(py, &text)
    }

    /// The report (`accord report`): who gains what from each draft, who would reject it and
    /// why, what would have to change. `format`: "md" (Markdown) or "html" (one
    /// self-contained file with SVG charts). `seed`: of the Monte Carlo draws. `date`: the
    /// report's date, "YYYY-MM-DD" (default: SOURCE_DATE_EPOCH if set, else today, UTC, as
    /// `accord report`); the report notes a scenario whose `as_of` is more than 90 days older.
    /// Returns a str.
    ///
    /// Raises `UsageError` for an unknown format or a bad date.
    #[pyo3(signature = (format = "md", seed = 1, date = None))]
    fn report(
        &self,
        py: Python<'_>,
        format: &str,
        seed: u64,
        date: Option<&str>,
    ) -> PyResult<String> {
        let format = format.to_string();
        let date = match date {
            Some(d) => accord_report::parse_date(d),
            None => accord_report::date_from_environment(),
        }
        .map_err(|m| Error::usage(m).into_py(py))?;
        // Ctrl-C stops the report's analysis, Monte Carlo and searches.
        interruptible(py, move |cancel: &Cancel| {
            let html = match format.as_str() {
                "md" | "markdown" => false,
                "html" => true,
                other => {
                    return Err(Error::usage(format!(
                        "unknown report format `{other}`; formats: md, html"
                    )));
                }
            };
            let data = accord_report::ReportData::compute_cancellable(
                &self.inner,
                &accord_report::ReportOptions {
                    seed,
                    date: Some(date),
                    // The what-if box at the top, as `accord report --set ...`.
                    what_ifs: self
                        .what_ifs
                        .iter()
                        .map(|w| w.in_words(&self.inner))
                        .collect(),
                    cancel: cancel.clone(),
                    ..accord_report::ReportOptions::default()
                },
            )
            .map_err(|_| Error::Cancelled)?;
            Ok(if html {
                accord_report::html(&data)
            } else {
                accord_report::markdown(&data)
            })
        })
    }

    /// The Pareto frontier of `analyze(...)` as a pandas DataFrame: one row per frontier
    /// outcome, a column per issue (its option) and a column per frontier party (its utility),
    /// in frontier order. The frontier is over every outcome, agreements or not: keep the rows
    /// where each party's utility reaches its walk-away for the rational part (what NegMAS's
    /// `pareto_frontier` returns). Needs pandas (raises ImportError naming it otherwise).
    #[pyo3(signature = (parties = None, distinct = false, epsilon = None, method = None))]
    fn frontier_frame(
        &self,
        py: Python<'_>,
        parties: Option<Vec<String>>,
        distinct: bool,
        epsilon: Option<f64>,
        method: Option<String>,
    ) -> PyResult<Py<PyAny>> {
        let analysis = self.analyze(py, parties, distinct, epsilon, method, false)?;
        let frames = py.import("accord._frames")?;
        Ok(frames
            .call_method1("frontier_frame", (analysis, self.issues()))?
            .unbind())
    }

    /// Per party, the tables `accord.negmas` builds NegMAS utility functions from:
    /// `{"party", "walk_away", "signatory", "values": [[share × score per option] per issue],
    /// "red_lines": [[option index, ...] per issue], "interactions": bool}`.
    fn _ufun_tables(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let text = detached(py, || {
            let s = &self.inner;
            let mut all = Vec::new();
            for p in s.party_ixs() {
                let party = s.party(p);
                if !party.has_preferences() {
                    continue;
                }
                let prefs = PointPreferences::midpoint(s, p);
                let mut values: Vec<Vec<f64>> = s
                    .issues()
                    .iter()
                    .map(|i| vec![0.0; i.option_count()])
                    .collect();
                for (k, w) in prefs.weighted().iter().enumerate() {
                    for o in s.issue(w.issue).options() {
                        values[w.issue.index()][o.index()] = prefs.contribution(k, o);
                    }
                }
                let mut red: Vec<Vec<usize>> = vec![Vec::new(); s.issues().len()];
                for (i, opts) in party.red_lines() {
                    red[i.index()] = opts.iter().map(|o| o.index()).collect();
                }
                all.push(serde_json::json!({
                    "party": party.id().to_string(),
                    "walk_away": prefs.walk_away(),
                    "signatory": party.signatory(),
                    "values": values,
                    "red_lines": red,
                    "interactions": !party.interactions().is_empty(),
                }));
            }
            to_json(&all)
        })?;
        loads(py, &text)
    }

    /// One party's utility of every outcome, in NegMAS's enumeration order (issues in file
    /// order, the last issue fastest): for mapping utility functions. At most `limit`
    /// outcomes (raises `UsageError` past it).
    #[pyo3(signature = (party, limit = 1_000_000))]
    fn _utilities(&self, py: Python<'_>, party: String, limit: u64) -> PyResult<Vec<f64>> {
        detached(py, || {
            let s = &self.inner;
            let p = s.resolve_party(&party).map_err(Error::usage)?;
            let radices: Vec<usize> = s.issues().iter().map(|i| i.option_count()).collect();
            let total = radices
                .iter()
                .try_fold(1u64, |n, &r| n.checked_mul(r as u64))
                .filter(|&n| n <= limit)
                .ok_or_else(|| {
                    Error::usage(format!(
                        "more than {limit} outcomes: too many for a mapping utility function"
                    ))
                })?;
            let prefs = PointPreferences::midpoint(s, p);
            let mut outcome: Vec<OptionIx> = vec![OptionIx::from_usize(0); radices.len()];
            let mut out = Vec::with_capacity(total as usize);
            for _ in 0..total {
                out.push(prefs.utility(&outcome));
                // Next outcome, last issue fastest.
                for k in (0..radices.len()).rev() {
                    let next = outcome[k].index() + 1;
                    if next < radices[k] {
                        outcome[k] = OptionIx::from_usize(next);
                        break;
                    }
                    outcome[k] = OptionIx::from_usize(0);
                }
            }
            Ok(out)
        })
    }

    fn __repr__(&self) -> String {
        format!(
            "<accord.Scenario {} ({}): {} parties, {} issues, {} plans>",
            self.inner.id(),
            self.inner.title(),
            self.inner.parties().len(),
            self.inner.issues().len(),
            self.inner.plans().len()
        )
    }
}

/// The JSON of an unsaved draft's evaluation: a plan's (`PlanEvaluationJson`), with
/// `"plan": null`, and the `what_if` list.
fn draft_json(
    scenario: &Scenario,
    evaluation: &accord_model::Evaluation,
    left_out: &[PartyIx],
    what_if: &[AppliedWhatIfJson],
) -> Result<String, Error> {
    let mut json = accord_model::json::PlanEvaluationJson::draft(scenario, evaluation);
    json.not_negotiating = left_out
        .iter()
        .map(|&p| scenario.party(p).id().as_str())
        .collect();
    let mut value: serde_json::Value = serde_json::to_value(&json)
        .map_err(|e| Error::Internal(format!("cannot write JSON: {e}")))?;
    value["plan"] = serde_json::Value::Null;
    to_json(&WithWhatIfs::new(&value, what_if))
}

/// Raises a panic inside the boundary's guard: the test that no panic crosses into Python
/// (it must come back as `AccordError`). Not part of the API.
#[pyfunction]
pub fn _panic_for_tests(py: Python<'_>) -> PyResult<()> {
    detached(py, || -> Result<(), Error> {
        panic!("provoked by the test suite");
    })
}

/// Whether an object is a class (instantiated per run) rather than an instance.
pub(crate) fn is_class(obj: &Bound<'_, PyAny>) -> bool {
    obj.is_instance_of::<PyType>()
}

/// `consult=`: one party id, or a sequence of them.
#[derive(FromPyObject)]
pub enum Consult {
    /// `consult="ukraine"`.
    One(String),
    /// `consult=["ukraine", "europe"]`.
    Many(Vec<String>),
}

impl Consult {
    /// The ids, in order.
    fn ids(self) -> Vec<String> {
        match self {
            Consult::One(id) => vec![id],
            Consult::Many(ids) => ids,
        }
    }
}

/// Runs of a simulation without your negotiators run in parallel blocks of this many.
const SIMULATION_BLOCK: usize = 4096;

/// Outcome spaces above this size are analyzed with Ctrl-C watched ([`interruptible`]): an
/// enumeration of them can take seconds.
const LONG_ANALYSIS_OUTCOMES: f64 = 1e7;

/// The number of outcomes (the product of the issues' option counts), as a float: exact up to
/// 2^53, saturating to infinity beyond `f64`.
fn outcome_count(scenario: &accord_model::Scenario) -> f64 {
    scenario
        .issues()
        .iter()
        .map(|i| i.option_count() as f64)
        .product()
}

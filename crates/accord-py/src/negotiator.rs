//! Your own negotiator in accord's protocols: a Python object with `propose(state)` and
//! `respond(state, offer)`, run as an `accord_sim::Strategy` beside the built-in ones.
//!
//! The protocol runs with the GIL released; each call into the negotiator takes the GIL
//! (`Python::attach`). A Python exception inside a negotiator ends that negotiation at once
//! (the negotiator refuses to offer, or ends) and is raised to the caller of `simulate`
//! unchanged, after the run.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use accord_model::{OptionIx, PartyIx, PointPreferences, Scenario};
use accord_sim::{Answer, Negotiation, OutcomeId, Simulation, Strategy, Turn, UtilityFunction};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyTuple};
use rand::rngs::ChaCha8Rng;

use crate::errors::Error;
use crate::scenario::{PyScenario, TermValue, is_class, terms_of};

/// Checks that an object can negotiate: it has `propose` and `respond`.
pub fn check_negotiator(obj: &Bound<'_, PyAny>) -> PyResult<()> {
    // A NegMAS negotiator has `propose` and `respond` too, with NegMAS's signatures: it fails
    // deep inside NegMAS unless wrapped. Its class (or it, for a class) is defined in `negmas`.
    let module: Option<String> = obj
        .getattr("__module__")
        .ok()
        .and_then(|m| m.extract().ok());
    if module.is_some_and(|m| m == "negmas" || m.starts_with("negmas.")) {
        return Err(crate::errors::UsageError::new_err(format!(
            "{} is a NegMAS negotiator: run it in accord through \
             `accord.negmas.wrap({})`, which gives it NegMAS's state and utility function",
            obj.repr()?,
            obj.getattr("__name__")
                .or_else(|_| obj.get_type().getattr("__name__"))
                .and_then(|n| n.extract::<String>())
                .unwrap_or_else(|_| "Negotiator".to_owned())
        )));
    }
    for method in ["propose", "respond"] {
        if !obj.hasattr(method)? {
            return Err(crate::errors::UsageError::new_err(format!(
                "a negotiator needs `propose(state)` and `respond(state, offer)`; {} has no \
                 `{method}` (a strategy is a spec string or such an object)",
                obj.repr()?
            )));
        }
    }
    Ok(())
}

/// What every Python negotiator of one scenario shares: the scenario and each issue's options
/// as Python values.
pub(crate) struct Shared {
    scenario: Arc<Scenario>,
    /// The name the scenario goes by.
    name: String,
    issue_ids: Vec<String>,
    /// Per issue, per option: the option as Python sees it (an id str, or a number).
    values: Arc<Vec<Vec<Py<PyAny>>>>,
}

impl Shared {
    /// Takes the GIL-bound work (each option as a Python value) up front.
    pub(crate) fn new(py: Python<'_>, scenario: &Arc<Scenario>, name: &str) -> PyResult<Shared> {
        let values: PyResult<Vec<Vec<Py<PyAny>>>> = scenario
            .issues()
            .iter()
            .map(|i| {
                i.options()
                    .map(|o| {
                        let text = i.option_value(o).to_json().to_string();
                        crate::convert::loads(py, &text)
                    })
                    .collect()
            })
            .collect();
        Ok(Shared {
            scenario: Arc::clone(scenario),
            name: name.to_string(),
            issue_ids: scenario
                .issues()
                .iter()
                .map(|i| i.id().to_string())
                .collect(),
            values: Arc::new(values?),
        })
    }

    /// The same issues and options over `scenario` (a draw of this one's intervals: the same
    /// ids and sizes), for a run under sampled preferences; needs no GIL.
    fn over(&self, scenario: Scenario) -> Shared {
        Shared {
            scenario: Arc::new(scenario),
            name: self.name.clone(),
            issue_ids: self.issue_ids.clone(),
            values: Arc::clone(&self.values),
        }
    }

    /// An outcome as `{issue id: option}`.
    fn terms<'py>(&self, py: Python<'py>, options: &[usize]) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for (k, &o) in options.iter().enumerate() {
            d.set_item(&self.issue_ids[k], self.values[k][o].bind(py))?;
        }
        Ok(d)
    }

    /// `{issue id: option}` (every issue named) as one option per issue.
    fn options(&self, terms: &Bound<'_, PyAny>) -> PyResult<Vec<usize>> {
        let dict = terms.cast::<PyDict>().map_err(|_| {
            PyTypeError::new_err(format!(
                "terms are a dict {{issue id: option}}, not {}",
                terms
                    .get_type()
                    .name()
                    .map(|n| n.to_string())
                    .unwrap_or_default()
            ))
        })?;
        let s = &self.scenario;
        let mut out: Vec<Option<usize>> = vec![None; s.issues().len()];
        for (issue_id, value) in terms_of(dict)? {
            let ix = s
                .resolve_issue(&issue_id)
                .map_err(|e| PyValueError::new_err(e.to_string()))?;
            let issue = s.issue(ix);
            let option = value
                .option_of(issue)
                .ok_or_else(|| PyValueError::new_err(no_such_option(issue, &issue_id, &value)))?;
            out[ix.index()] = Some(option.index());
        }
        out.iter()
            .enumerate()
            .map(|(k, o)| {
                o.ok_or_else(|| {
                    PyValueError::new_err(format!(
                        "the terms leave issue `{}` open; an offer names every issue",
                        self.issue_ids[k]
                    ))
                })
            })
            .collect()
    }
}

/// "issue `bread` has no option `Baguette` (`baguette` is labelled so); its options: ..." for
/// terms a negotiator gave: the value as written, the id whose label it is, the ids (at most 12).
fn no_such_option(issue: &accord_model::Issue, issue_id: &str, value: &TermValue) -> String {
    let mut text = format!("issue `{issue_id}` has no option {value}");
    if let TermValue::Id(id) = value
        && let Some(o) = issue
            .options()
            .find(|&o| issue.option_label(o).eq_ignore_ascii_case(id))
    {
        text.push_str(&format!(
            " (it is the label of option {}: terms name options by id)",
            option_text(issue, o)
        ));
    }
    let ids: Vec<String> = issue
        .options()
        .take(12)
        .map(|o| option_text(issue, o))
        .collect();
    let more = issue.options().count().saturating_sub(ids.len());
    text.push_str(&format!("; its options: {}", ids.join(", ")));
    if more > 0 {
        text.push_str(&format!(" and {more} more"));
    }
    text
}

/// The exception a negotiator raised, with a note (PEP 678, shown under the traceback; Python
/// 3.11 and later) naming the party whose negotiator raised it. The exception's type and
/// message stay as raised.
fn with_party_note(e: PyErr, party: &str) -> PyErr {
    Python::attach(|py| {
        let value = e.value(py);
        if value.hasattr("add_note").unwrap_or(false) {
            let _ = value.call_method1(
                "add_note",
                (format!(
                    "raised by the negotiator of party `{party}` in accord's simulation"
                ),),
            );
        }
    });
    e
}

/// An option as terms write it: `id`, or the number.
fn option_text(issue: &accord_model::Issue, o: OptionIx) -> String {
    match issue.option_value(o) {
        accord_model::OptionValue::Id(id) => format!("`{id}`"),
        accord_model::OptionValue::Number(x) => x.to_string(),
    }
}

/// What a negotiator sees when it acts: `state.step` (the round, from 0), `state.rounds` (the
/// deadline), `state.relative_time` (NegMAS's `(step + 1) / (rounds + 1)`, in (0, 1); under a
/// `time_limit`, the larger of that and elapsed seconds / limit),
/// `state.party` (its own id), `state.negotiators` (ids in turn order), `state.offers` (the
/// offers so far, `(party id, terms)`, oldest first, its own included; `state.offers_since(k)`
/// the ones from index `k` on), `state.issues`
/// (`{issue id: [option, ...]}`), `state.walk_away` and `state.utility(terms)` /
/// `state.acceptable(terms)` (its own utility function only).
#[pyclass(module = "accord", frozen)]
pub struct State {
    /// The round, from 0.
    #[pyo3(get)]
    step: usize,
    /// The deadline in rounds.
    #[pyo3(get)]
    rounds: usize,
    /// The relative time `(step + 1) / (rounds + 1)` (under a time limit, the larger of that
    /// and elapsed / limit).
    #[pyo3(get)]
    relative_time: f64,
    /// This negotiator's party id.
    #[pyo3(get)]
    party: String,
    /// The negotiators' ids, in turn order.
    #[pyo3(get)]
    negotiators: Vec<String>,
    party_ix: PartyIx,
    offers: Vec<(String, Vec<usize>)>,
    shared: Arc<Shared>,
}

#[pymethods]
impl State {
    /// The party's utility of complete terms `{issue id: option}`: weight shares times scores
    /// plus interaction bonuses, at the midpoints of its intervals (under
    /// `sample_preferences`, at the run's draw), in [0, 1] (red lines are
    /// not counted here; see `acceptable`). Raises ValueError for unknown or missing terms.
    fn utility(&self, terms: &Bound<'_, PyAny>) -> PyResult<f64> {
        let options = self.shared.options(terms)?;
        let outcome: Vec<OptionIx> = options.into_iter().map(OptionIx::from_usize).collect();
        Ok(PointPreferences::midpoint(&self.shared.scenario, self.party_ix).utility(&outcome))
    }

    /// Whether the party accepts complete terms: no red line crossed and a utility of at least
    /// its walk-away.
    fn acceptable(&self, terms: &Bound<'_, PyAny>) -> PyResult<bool> {
        let options = self.shared.options(terms)?;
        let outcome: Vec<OptionIx> = options.into_iter().map(OptionIx::from_usize).collect();
        Ok(PointPreferences::midpoint(&self.shared.scenario, self.party_ix).accepts(&outcome))
    }

    /// The scenario negotiated (for adapters that build their own view of the domain, such as
    /// `accord.negmas.wrap`).
    #[getter]
    fn scenario(&self) -> PyScenario {
        PyScenario {
            inner: Arc::clone(&self.shared.scenario),
            name: self.shared.name.clone(),
            what_ifs: Vec::new(),
        }
    }

    /// The party's walk-away value (reservation value), the midpoint of its interval (under
    /// `sample_preferences`, the run's draw).
    #[getter]
    fn walk_away(&self) -> f64 {
        PointPreferences::midpoint(&self.shared.scenario, self.party_ix).walk_away()
    }

    /// The offers so far, oldest first: a list of `(party id, terms)`.
    #[getter]
    fn offers<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        self.offers_since(py, 0)
    }

    /// The offers from index `start` on, oldest first: `state.offers[start:]` without
    /// building the earlier ones (for a negotiator that remembers how many it has seen; an
    /// empty list when `start` is past the last). A list of `(party id, terms)`.
    fn offers_since<'py>(&self, py: Python<'py>, start: usize) -> PyResult<Bound<'py, PyList>> {
        let items: PyResult<Vec<Bound<'py, PyTuple>>> = self
            .offers
            .iter()
            .skip(start)
            .map(|(who, o)| {
                let terms = self.shared.terms(py, o)?;
                PyTuple::new(
                    py,
                    [who.clone().into_pyobject(py)?.into_any(), terms.into_any()],
                )
            })
            .collect();
        PyList::new(py, items?)
    }

    /// Each issue's options, `{issue id: [option, ...]}`, in order.
    #[getter]
    fn issues<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for (k, id) in self.shared.issue_ids.iter().enumerate() {
            let values: Vec<&Py<PyAny>> = self.shared.values[k].iter().collect();
            d.set_item(id, PyList::new(py, values)?)?;
        }
        Ok(d)
    }

    fn __repr__(&self) -> String {
        format!(
            "<accord.State party={} step={} of {} t={:.4} offers={}>",
            self.party,
            self.step,
            self.rounds,
            self.relative_time,
            self.offers.len()
        )
    }
}

/// The first failure of a run's negotiators: the party whose negotiator raised, and what.
pub(crate) type Failure = Arc<Mutex<Option<(String, PyErr)>>>;

/// One of your negotiators, bound to a party for one run.
pub(crate) struct PyStrategy {
    obj: Py<PyAny>,
    /// Makes `obj` at the first call into it (a class or factory of a tournament's seat), so
    /// that a seat that never acts costs no negotiator.
    factory: Option<Py<PyAny>>,
    name: String,
    party: String,
    party_ix: PartyIx,
    negotiators: Arc<Vec<String>>,
    shared: Arc<Shared>,
    offers: Vec<(String, Vec<usize>)>,
    failure: Failure,
}

impl PyStrategy {
    /// `obj` playing party `party_ix` (named `name` in the results) among `negotiators`
    /// (ids, in turn order); its first exception goes to `failure`.
    pub(crate) fn new(
        obj: Py<PyAny>,
        name: String,
        party_ix: PartyIx,
        negotiators: Arc<Vec<String>>,
        shared: Arc<Shared>,
        failure: Failure,
    ) -> PyStrategy {
        PyStrategy::made_by(obj, None, name, party_ix, negotiators, shared, failure)
    }

    /// [`PyStrategy::new`] with the negotiator made by `factory()` (a class, or a callable
    /// without arguments) when it first acts, if a factory is given; else `obj`.
    pub(crate) fn made_by(
        obj: Py<PyAny>,
        factory: Option<Py<PyAny>>,
        name: String,
        party_ix: PartyIx,
        negotiators: Arc<Vec<String>>,
        shared: Arc<Shared>,
        failure: Failure,
    ) -> PyStrategy {
        PyStrategy {
            obj,
            factory,
            name,
            party: shared.scenario.party(party_ix).id().to_string(),
            party_ix,
            negotiators,
            shared,
            offers: Vec::new(),
            failure,
        }
    }

    /// Records `e` as the run's failure (the first one counts) for `party`.
    pub(crate) fn fail_for(failure: &Failure, party: &str, e: PyErr) {
        if let Ok(mut slot) = failure.lock()
            && slot.is_none()
        {
            *slot = Some((party.to_string(), e));
        }
    }

    fn failed(&self) -> bool {
        self.failure.lock().map(|f| f.is_some()).unwrap_or(true)
    }

    /// Makes the negotiator if it is still to be made (GIL held).
    fn ready(&mut self, py: Python<'_>) -> PyResult<()> {
        let Some(factory) = self.factory.take() else {
            return Ok(());
        };
        let made = factory.call0(py)?;
        let bound = made.bind(py);
        if !(bound.hasattr("propose")? && bound.hasattr("respond")?) {
            return Err(PyTypeError::new_err(format!(
                "{} made {}, which has no `propose(state)` and `respond(state, offer)`",
                factory.bind(py).repr()?,
                bound.repr()?
            )));
        }
        self.obj = made;
        Ok(())
    }

    fn fail(&self, e: PyErr) {
        PyStrategy::fail_for(&self.failure, &self.party, e);
    }

    fn state(&self, turn: &Turn) -> State {
        State {
            step: turn.round,
            rounds: turn.rounds,
            relative_time: turn.t,
            party: self.party.clone(),
            negotiators: (*self.negotiators).clone(),
            party_ix: self.party_ix,
            offers: self.offers.clone(),
            shared: Arc::clone(&self.shared),
        }
    }

    fn who(&self, from: usize) -> String {
        self.negotiators
            .get(from)
            .cloned()
            .unwrap_or_else(|| format!("#{from}"))
    }
}

impl Strategy for PyStrategy {
    fn name(&self) -> String {
        self.name.clone()
    }

    fn propose(
        &mut self,
        _own: &UtilityFunction,
        turn: &Turn,
        _rng: &mut ChaCha8Rng,
    ) -> Option<OutcomeId> {
        if self.failed() {
            return None;
        }
        let state = self.state(turn);
        let result = Python::attach(|py| -> PyResult<Option<Vec<usize>>> {
            self.ready(py)?;
            let r = self.obj.call_method1(py, "propose", (state,))?;
            let r = r.bind(py);
            if r.is_none() {
                return Ok(None);
            }
            self.shared.options(r).map(Some).map_err(|e| {
                // Our own message about the terms: say whose offer, in which round.
                let message = e.value(py).to_string();
                let context = format!(
                    "the negotiator of `{}` proposed unusable terms in round {}: {message}",
                    self.party, turn.round
                );
                if e.is_instance_of::<PyTypeError>(py) {
                    PyTypeError::new_err(context)
                } else {
                    PyValueError::new_err(context)
                }
            })
        });
        match result {
            Ok(Some(options)) => {
                let o = turn.space.encode(&options);
                self.offers.push((self.party.clone(), options));
                Some(o)
            }
            Ok(None) => None,
            Err(e) => {
                self.fail(e);
                None
            }
        }
    }

    fn respond(
        &mut self,
        _own: &UtilityFunction,
        turn: &Turn,
        offer: OutcomeId,
        _rng: &mut ChaCha8Rng,
    ) -> Answer {
        if self.failed() {
            return Answer::End;
        }
        let state = self.state(turn);
        let options = turn.space.options(offer);
        let result = Python::attach(|py| -> PyResult<Answer> {
            self.ready(py)?;
            let terms = self.shared.terms(py, &options)?;
            let r = self.obj.call_method1(py, "respond", (state, terms))?;
            let r = r.bind(py);
            let word: String = r.extract().map_err(|_| {
                PyTypeError::new_err(format!(
                    "respond() returns \"accept\", \"reject\" or \"end\", not {}",
                    r.repr().map(|s| s.to_string()).unwrap_or_default()
                ))
            })?;
            match word.as_str() {
                "accept" => Ok(Answer::Accept),
                "reject" => Ok(Answer::Reject),
                "end" => Ok(Answer::End),
                other => Err(PyValueError::new_err(format!(
                    "respond() returns \"accept\", \"reject\" or \"end\", not {other:?}"
                ))),
            }
        });
        result.unwrap_or_else(|e| {
            self.fail(e);
            Answer::End
        })
    }

    fn observe(&mut self, _own: &UtilityFunction, turn: &Turn, from: usize, offer: OutcomeId) {
        let who = self.who(from);
        self.offers.push((who, turn.space.options(offer)));
    }
}

/// Your negotiators of one `simulate` call, by party id.
pub struct PyNegotiators {
    shared: Arc<Shared>,
    /// Party id → (the object, whether it is a class, its name in the results).
    by_party: Vec<(String, Py<PyAny>, bool, String)>,
}

impl PyNegotiators {
    /// Takes the GIL-bound work (option values, names) up front.
    pub fn new(
        py: Python<'_>,
        scenario: &Arc<Scenario>,
        name: &str,
        own: HashMap<String, Py<PyAny>>,
    ) -> PyResult<PyNegotiators> {
        let shared = Arc::new(Shared::new(py, scenario, name)?);
        let mut by_party = Vec::new();
        let mut own: Vec<(String, Py<PyAny>)> = own.into_iter().collect();
        own.sort_by(|a, b| a.0.cmp(&b.0));
        for (party, obj) in own {
            let bound = obj.bind(py);
            let class = is_class(bound);
            let name = if class {
                bound.getattr("__name__")?.extract::<String>()?
            } else {
                bound.get_type().name()?.to_string()
            };
            by_party.push((party, obj, class, format!("python:{name}")));
        }
        Ok(PyNegotiators { shared, by_party })
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.by_party.is_empty()
    }

    /// The parties they play.
    pub fn parties(&self) -> impl Iterator<Item = &str> {
        self.by_party.iter().map(|(p, ..)| p.as_str())
    }

    /// (party id, the name the results give its strategy).
    pub fn names(&self) -> Vec<(String, String)> {
        self.by_party
            .iter()
            .map(|(p, _, _, n)| (p.clone(), n.clone()))
            .collect()
    }

    /// Runs `sim` once per seed, in order, with these negotiators in their parties' places,
    /// each run in the simulation its seed plays ([`Simulation::with_run`]: under sampled
    /// preferences, its own draw, which the negotiators' `state.utility` also reads), and
    /// returns `each(simulation, seed, negotiation)` per run. Errors: the first exception of a
    /// negotiator ([`Error::Python`]); a party without preferences, or a draw the settings do
    /// not fit ([`Error::Usage`]); [`Error::Cancelled`] once `cancel` is set (checked before
    /// each run).
    pub fn run<T>(
        &self,
        sim: &Simulation,
        seeds: &[u64],
        record: bool,
        cancel: &accord_model::Cancel,
        mut each: impl FnMut(&Simulation, u64, Negotiation) -> T,
    ) -> Result<Vec<T>, Error> {
        let c = sim.compiled();
        let negotiators: Arc<Vec<String>> = Arc::new(
            sim.negotiators()
                .iter()
                .map(|&p| c.id(p).to_string())
                .collect(),
        );
        let mut positions = Vec::new();
        for (party, ..) in &self.by_party {
            let ix = self
                .shared
                .scenario
                .resolve_party(party)
                .map_err(Error::usage)?;
            let p = c
                .position(ix)
                .ok_or_else(|| Error::usage(format!("party `{party}` has no preferences")))?;
            positions.push((p, ix));
        }
        let mut runs = Vec::with_capacity(seeds.len());
        for &seed in seeds {
            if cancel.is_cancelled() {
                return Err(Error::Cancelled);
            }
            // Instances for this run: a class is instantiated afresh.
            let objects: Vec<Py<PyAny>> = Python::attach(|py| -> PyResult<Vec<Py<PyAny>>> {
                self.by_party
                    .iter()
                    .map(|(_, obj, class, _)| {
                        if *class {
                            obj.call0(py)
                        } else {
                            Ok(obj.clone_ref(py))
                        }
                    })
                    .collect()
            })?;
            // The scenario the negotiators judge by: this run's draw, or the midpoints.
            let shared = match sim.drawn_scenario(seed) {
                Some(drawn) => Arc::new(self.shared.over(drawn)),
                None => Arc::clone(&self.shared),
            };
            let failure: Failure = Arc::new(Mutex::new(None));
            let mut objects = objects.into_iter().map(Some).collect::<Vec<_>>();
            let played = sim
                .with_run(seed, |s| {
                    let n = s.run_custom(
                        |p, spec| {
                            let Some(k) = positions.iter().position(|&(q, _)| q == p) else {
                                return spec.build();
                            };
                            let name = &self.by_party[k].3;
                            match objects[k].take() {
                                Some(obj) => Box::new(PyStrategy::new(
                                    obj,
                                    name.clone(),
                                    positions[k].1,
                                    Arc::clone(&negotiators),
                                    Arc::clone(&shared),
                                    Arc::clone(&failure),
                                )),
                                None => spec.build(),
                            }
                        },
                        seed,
                        record,
                    );
                    let failed = failure.lock().ok().and_then(|mut f| f.take());
                    match failed {
                        Some((party, e)) => Err(Error::Python(with_party_note(e, &party))),
                        None => Ok(each(s, seed, n)),
                    }
                })
                .map_err(Error::usage)??;
            runs.push(played);
        }
        Ok(runs)
    }
}

//! `accord.tournament`: the tournament engine (`accord_sim::tournament`) from Python, with
//! your own negotiators in the line-ups beside built-in strategies.
//!
//! A line-up entry `python:NAME` is the negotiator `strategies["NAME"]` (a class or factory
//! called for every seat, or an instance reused), a custom entry of the engine
//! (`Tournament::with_custom`, `run_job_with`). Jobs of built-in strategies only run in
//! parallel with the GIL released, as the CLI's `run_chunk`; jobs that seat a Python
//! negotiator run one after another in job order (each call into it takes the GIL), beside
//! them, so that a run is reproducible: job `j`'s seed is the CLI's, and the negotiators are
//! made and called in the same order every time.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use accord_model::{Cancel, Scenario};
use accord_sim::tournament::{Job, Tournament};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::convert::{loads, to_json};
use crate::errors::{Error, NegotiatorFailure, UsageError, guard, interruptible};
use crate::negotiator::{Failure, PyStrategy, Shared, check_negotiator};
use crate::scenario::{is_class, load_error, valid};

/// The prefix of a line-up entry that names one of your negotiators.
const PREFIX: &str = "python:";

/// How one of your negotiators is given.
enum Own {
    /// An object with `propose` and `respond`: reused for every seat.
    Instance(Py<PyAny>),
    /// A class, or any other callable without arguments: called for every seat.
    Factory(Py<PyAny>),
}

/// The negotiators given as `strategies`, by line-up name (`python:NAME`).
fn own_negotiators(strategies: Option<&Bound<'_, PyDict>>) -> PyResult<BTreeMap<String, Own>> {
    let mut out = BTreeMap::new();
    let Some(d) = strategies else {
        return Ok(out);
    };
    for (k, v) in d.iter() {
        let name: String = k.extract().map_err(|_| {
            UsageError::new_err("strategies are keyed by name (str), e.g. {\"mine\": MyNegotiator}")
        })?;
        if name.is_empty() || name.contains(':') || name.contains(char::is_whitespace) {
            return Err(UsageError::new_err(format!(
                "strategies: `{name}` is not a name (a word without `:` or spaces; the line-ups \
                 call strategies[\"mine\"] `python:mine`)"
            )));
        }
        let own = if is_class(&v) {
            Own::Factory(v.unbind())
        } else if v.hasattr("propose")? && v.hasattr("respond")? {
            Own::Instance(v.unbind())
        } else if v.is_callable() {
            Own::Factory(v.unbind())
        } else {
            // The message of `check_negotiator`: what a negotiator needs.
            check_negotiator(&v)?;
            Own::Instance(v.unbind())
        };
        out.insert(format!("{PREFIX}{name}"), own);
    }
    Ok(out)
}

/// Every `python:` entry of the line-ups must be given: a usage error naming the first that
/// is not.
fn check_names(
    cfg: &str,
    config: &accord_sim::tournament::Config,
    given: &[String],
) -> Result<(), Error> {
    for (l, lineup) in config.lineups.iter().enumerate() {
        for entry in lineup {
            if entry.starts_with(PREFIX) && !given.contains(entry) {
                let name = &entry[PREFIX.len()..];
                let known: Vec<&str> = given.iter().map(|g| &g[PREFIX.len()..]).collect();
                let hint = if known.is_empty() {
                    format!(
                        "; pass it as accord.tournament(config, strategies={{\"{name}\": YourNegotiator}})"
                    )
                } else {
                    format!(
                        "{}; given: {}",
                        accord_sim::strategy::suggest(name, &known),
                        known.join(", ")
                    )
                };
                return Err(Error::usage(format!(
                    "{cfg}: line-up {l} names `{entry}`, but `strategies` has no `{name}`{hint}"
                )));
            }
        }
    }
    Ok(())
}

/// `accord.tournament(config, shard=None, strategies=None)`: runs a tournament configuration
/// (TOML; scenarios relative to it) and returns one dict per negotiation (the results file's
/// lines, `accord tournament`'s JSON Lines) in job order. `shard`: "I/N" or `(I, N)` runs one
/// deterministic slice (the jobs whose number is I modulo N), as `--shard I/N`.
///
/// `strategies`: your own negotiators, `{name: negotiator}`, which the configuration's
/// line-ups name `python:NAME` beside built-in specs (e.g. `lineups = [["python:mine",
/// "boulware"]]`). A negotiator is a class (or any callable without arguments), called for a
/// fresh one at every seat of every negotiation, or an object with `propose(state)` and
/// `respond(state, offer)` (as in `Scenario.simulate`), reused for every seat. The results
/// name it `python:NAME`. Jobs of built-in strategies only run in parallel with the GIL
/// released; jobs with your negotiators run one after another in job order, so the same
/// configuration gives the same results.
///
/// Raises `UsageError` for an unreadable or invalid configuration, a `python:` name not in
/// `strategies` or a strategy that is not a negotiator; `ScenarioError` for a scenario it
/// names that cannot be loaded; `NegotiatorError` (an `AccordError` naming the negotiator,
/// party, job and scenario, the original exception as `__cause__`) when your negotiator
/// raises or answers out of contract.
///
/// `sample_preferences`: as `--sample-preferences` (the configuration's `sample_preferences =
/// true`), each negotiation draws the scenarios' intervals anew from its seed. `time_limit`:
/// as `--time-limit` (the configuration's `time_limit`), SAO only, a deadline in seconds per
/// negotiation beside the rounds; results then depend on the machine. Either, when it changes
/// the configuration, changes the results' fingerprint as the CLI's flags do. A bad time limit
/// is a `UsageError`. Ctrl-C stops the tournament between negotiations (`KeyboardInterrupt`).
#[pyfunction]
#[pyo3(signature = (config, shard = None, strategies = None, sample_preferences = false, time_limit = None))]
pub fn tournament(
    py: Python<'_>,
    config: PathBuf,
    shard: Option<Bound<'_, PyAny>>,
    strategies: Option<Bound<'_, PyDict>>,
    sample_preferences: bool,
    time_limit: Option<f64>,
) -> PyResult<Py<PyAny>> {
    // "I/N" as on the command line, or a tuple (I, N).
    let shard: Option<String> = match shard {
        None => None,
        Some(s) if s.is_none() => None,
        Some(s) => Some(match s.extract::<(usize, usize)>() {
            Ok((i, n)) => format!("{i}/{n}"),
            Err(_) => s
                .extract::<String>()
                .map_err(|_| UsageError::new_err("shard is \"I/N\" or a tuple (I, N)"))?,
        }),
    };
    let own = own_negotiators(strategies.as_ref())?;
    let custom: Vec<String> = own.keys().cloned().collect();
    let cfg = config.display().to_string();
    // Ctrl-C stops it between negotiations.
    let text = interruptible(py, |cancel: &Cancel| {
        let shard = match &shard {
            None => (0, 1),
            Some(s) => accord_sim::tournament::parse_shard(s)
                .map_err(|e| Error::usage(format!("shard: {e}")))?,
        };
        let text = std::fs::read_to_string(&config)
            .map_err(|e| Error::usage(format!("{cfg}: cannot read: {e}")))?;
        let mut parsed = accord_sim::tournament::Config::from_toml(&text)
            .map_err(|e| Error::usage(format!("{cfg}: {e}")))?;
        // As `--sample-preferences` / `--time-limit`: part of the settings every result line
        // carries, so results of the two never mix.
        if sample_preferences {
            parsed.sample_preferences = true;
        }
        if let Some(seconds) = time_limit {
            parsed.time_limit = Some(seconds);
        }
        check_names(&cfg, &parsed, &custom)?;
        accord_sim::tournament::check_with(&parsed, &custom)
            .map_err(|e| Error::usage(format!("{cfg}: {e}")))?;
        let base = config.parent().unwrap_or(Path::new("."));
        let mut scenarios = Vec::new();
        for name in &parsed.scenarios {
            let path = base.join(name);
            let shown = path.display().to_string();
            let loaded = accord_formats::load(&path).map_err(|e| load_error(&shown, &e))?;
            scenarios.push(valid(loaded)?.inner);
        }
        let plain: Vec<Scenario> = scenarios.iter().map(|s| (**s).clone()).collect();
        let t = Tournament::with_custom(parsed, &text, &plain, &custom)
            .map_err(|e| Error::usage(format!("{cfg}: {e}")))?;
        let jobs = accord_sim::tournament::shard(t.jobs(), shard);
        let (python_jobs, builtin_jobs): (Vec<Job>, Vec<Job>) =
            jobs.into_iter().partition(|j| t.needs_caller(j));
        // Each scenario's options as Python values, for the negotiators' states.
        let shared: Vec<Arc<Shared>> = if python_jobs.is_empty() {
            Vec::new()
        } else {
            Python::attach(|py| {
                t.arenas()
                    .iter()
                    .zip(&scenarios)
                    .map(|(a, s)| Shared::new(py, s, &a.name).map(Arc::new))
                    .collect::<PyResult<_>>()
            })?
        };
        let runner = PythonJobs {
            t: &t,
            own: &own,
            shared: &shared,
            cancel,
        };
        use rayon::prelude::*;
        let (builtin, python) = rayon::join(
            // Each line run and written in parallel, as the CLI's `run_chunk` does.
            || {
                builtin_jobs
                    .par_iter()
                    .map(|j| {
                        if cancel.is_cancelled() {
                            return Err(Error::Cancelled);
                        }
                        let line = t.run_job(j).map_err(Error::scenario)?;
                        Ok((j.index, to_json(&line)?))
                    })
                    .collect::<Result<Vec<(usize, String)>, Error>>()
            },
            || guard(|| runner.run(&python_jobs)),
        );
        let mut lines = builtin?;
        lines.extend(python?);
        lines.sort_by_key(|(j, _)| *j);
        let lines: Vec<String> = lines.into_iter().map(|(_, l)| l).collect();
        Ok(format!("[{}]", lines.join(",")))
    })?;
    loads(py, &text)
}

/// The jobs that seat your negotiators, run in job order.
struct PythonJobs<'a> {
    t: &'a Tournament,
    own: &'a BTreeMap<String, Own>,
    /// Per arena.
    shared: &'a [Arc<Shared>],
    /// Checked before each job.
    cancel: &'a Cancel,
}

impl PythonJobs<'_> {
    fn run(&self, jobs: &[Job]) -> Result<Vec<(usize, String)>, Error> {
        let mut out = Vec::with_capacity(jobs.len());
        for job in jobs {
            if self.cancel.is_cancelled() {
                return Err(Error::Cancelled);
            }
            let arena = &self.t.arenas()[job.arena];
            let sim = &arena.sim;
            let c = sim.compiled();
            let shared = &self.shared[job.arena];
            let negotiators: Arc<Vec<String>> = Arc::new(
                sim.negotiators()
                    .iter()
                    .map(|&p| c.id(p).to_string())
                    .collect(),
            );
            let failure: Failure = Arc::new(Mutex::new(None));
            // The line-up name each failing party played, for the error.
            let mut played: Vec<(String, String)> = Vec::new();
            let line = self.t.run_job_with(job, |p, name| {
                let party = c.id(p).to_string();
                played.push((party.clone(), name.to_string()));
                let (obj, factory) = Python::attach(|py| match self.own.get(name) {
                    Some(Own::Instance(obj)) => (obj.clone_ref(py), None),
                    Some(Own::Factory(f)) => (py.None(), Some(f.clone_ref(py))),
                    // `with_custom` was given exactly the names of `own`.
                    None => (py.None(), None),
                });
                Box::new(PyStrategy::made_by(
                    obj,
                    factory,
                    name.to_string(),
                    c.parties[p],
                    Arc::clone(&negotiators),
                    Arc::clone(shared),
                    Arc::clone(&failure),
                ))
            });
            let failed = failure.lock().ok().and_then(|mut f| f.take());
            if let Some((party, error)) = failed {
                let negotiator = played
                    .iter()
                    .find(|(p, _)| *p == party)
                    .map(|(_, n)| n.clone())
                    .unwrap_or_default();
                return Err(Error::Negotiator(Box::new(NegotiatorFailure {
                    negotiator,
                    party,
                    job: job.index,
                    scenario: arena.name.clone(),
                    error,
                })));
            }
            let line = line.map_err(Error::scenario)?;
            out.push((job.index, to_json(&line)?));
        }
        Ok(out)
    }
}

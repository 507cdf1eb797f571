//! The package's exceptions and the one way a Rust failure becomes one.
//!
//! Every fallible computation returns [`Error`] (plain Rust data, so it can cross a released
//! GIL); the method at the boundary turns it into a Python exception with [`Error::into_py`].
//! A panic is caught by [`guard`] and becomes an [`AccordError`] naming it an internal error,
//! so no Rust panic ever reaches Python as a `PanicException`.

use std::panic::{AssertUnwindSafe, catch_unwind};

use pyo3::exceptions::PyException;
use pyo3::prelude::*;

pyo3::create_exception!(
    accord,
    AccordError,
    PyException,
    "The base of every error accord raises: `ScenarioError`, `UsageError`, or an internal error."
);
pyo3::create_exception!(
    accord,
    ScenarioError,
    AccordError,
    "An invalid or unreadable scenario (or one a request cannot use, such as a scenario without \
     plans). `.diagnostics` is the list `accord check --json` prints under `diagnostics`: one dict \
     per finding with `file`, `line`, `column`, `severity`, `code`, `path`, `message` and `help`."
);
pyo3::create_exception!(
    accord,
    UsageError,
    AccordError,
    "A request the scenario cannot answer as asked: an unknown id (the message names the closest \
     one), a bad option, a what-if that does not apply (then `.diagnostics` lists each, as \
     `accord check --json` does), a refused analysis."
);

pyo3::create_exception!(
    accord,
    NegotiatorError,
    AccordError,
    "Your own negotiator failed inside a tournament: it (or the factory that makes it) raised, or \
     answered out of contract. `.negotiator` is its line-up name (`python:NAME`), `.party` the \
     party it played, `.job` and `.scenario` the negotiation; `__cause__` is the original \
     exception."
);

/// A failure, as data; [`Error::into_py`] makes the exception.
#[derive(Debug)]
pub enum Error {
    /// An invalid or unreadable scenario: the message and the `accord check --json`
    /// diagnostics (a JSON array).
    Scenario {
        /// What is wrong, naming the file.
        message: String,
        /// The diagnostics, a JSON array.
        diagnostics: serde_json::Value,
    },
    /// A request that cannot be answered as asked; diagnostics for what-ifs.
    Usage {
        /// What is wrong.
        message: String,
        /// The what-ifs that do not apply (a JSON array), when that is the fault.
        diagnostics: Option<serde_json::Value>,
    },
    /// A Python exception raised by the caller's code (a negotiator), passed on unchanged.
    Python(PyErr),
    /// A Python exception raised by your negotiator in a tournament job: raised as a
    /// `NegotiatorError` naming it, the original as its cause.
    Negotiator(Box<NegotiatorFailure>),
    /// A bug: a panic caught at the boundary.
    Internal(String),
    /// The computation stopped on a cancel ([`interruptible`] after Ctrl-C): raised as
    /// `KeyboardInterrupt` (in practice the signal handler's own exception is raised first).
    Cancelled,
}

/// Your negotiator's failure in a tournament job ([`Error::Negotiator`]).
#[derive(Debug)]
pub struct NegotiatorFailure {
    /// Its line-up name, `python:NAME`.
    pub negotiator: String,
    /// The party it played.
    pub party: String,
    /// The job's number.
    pub job: usize,
    /// The job's scenario, as the configuration lists it.
    pub scenario: String,
    /// What it raised.
    pub error: PyErr,
}

impl Error {
    /// A usage error with a message only.
    pub fn usage(message: impl std::fmt::Display) -> Error {
        Error::Usage {
            message: message.to_string(),
            diagnostics: None,
        }
    }

    /// A scenario error without diagnostics (e.g. a scenario without plans).
    pub fn scenario(message: impl std::fmt::Display) -> Error {
        Error::Scenario {
            message: message.to_string(),
            diagnostics: serde_json::Value::Array(Vec::new()),
        }
    }

    /// The Python exception.
    pub fn into_py(self, py: Python<'_>) -> PyErr {
        match self {
            Error::Scenario {
                message,
                diagnostics,
            } => with_diagnostics(py, ScenarioError::new_err(message), &diagnostics),
            Error::Usage {
                message,
                diagnostics,
            } => {
                let e = UsageError::new_err(message);
                with_diagnostics(py, e, &diagnostics.unwrap_or(serde_json::json!([])))
            }
            Error::Python(e) => e,
            Error::Negotiator(failure) => {
                let NegotiatorFailure {
                    negotiator,
                    party,
                    job,
                    scenario,
                    error,
                } = *failure;
                let e = NegotiatorError::new_err(format!(
                    "{negotiator} (party `{party}`, job {job}, scenario `{scenario}`) raised {error}"
                ));
                let value = e.value(py);
                let set = value
                    .setattr("negotiator", negotiator)
                    .and_then(|()| value.setattr("party", party))
                    .and_then(|()| value.setattr("job", job))
                    .and_then(|()| value.setattr("scenario", scenario));
                if let Err(failure) = set {
                    return failure;
                }
                e.set_cause(py, Some(error));
                e
            }
            Error::Cancelled => {
                pyo3::exceptions::PyKeyboardInterrupt::new_err("the computation was stopped")
            }
            Error::Internal(message) => AccordError::new_err(format!(
                "internal error (a bug in accord, please report it): {message}"
            )),
        }
    }
}

impl From<PyErr> for Error {
    fn from(e: PyErr) -> Self {
        Error::Python(e)
    }
}

/// Sets `.diagnostics` on the exception's value (a list of dicts).
fn with_diagnostics(py: Python<'_>, e: PyErr, diagnostics: &serde_json::Value) -> PyErr {
    match crate::convert::json_to_py(py, diagnostics)
        .and_then(|list| e.value(py).setattr("diagnostics", list))
    {
        Ok(()) => e,
        Err(failure) => failure,
    }
}

/// Runs `f`, turning a panic into [`Error::Internal`]: the last line of defence, so that a bug
/// surfaces as an `AccordError`, never as a panic crossing into Python.
pub fn guard<T>(f: impl FnOnce() -> Result<T, Error>) -> Result<T, Error> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(result) => result,
        Err(payload) => {
            let message = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a panic without a message".to_string());
            Err(Error::Internal(message))
        }
    }
}

/// [`guard`] with the GIL released for the computation, the error raised as Python's.
pub fn detached<T: Send>(
    py: Python<'_>,
    f: impl FnOnce() -> Result<T, Error> + Send,
) -> PyResult<T> {
    py.detach(|| guard(f)).map_err(|e| e.into_py(py))
}

/// How often a computation run by [`interruptible`] looks for Ctrl-C (Python's pending
/// signals).
const SIGNAL_POLL: std::time::Duration = std::time::Duration::from_millis(50);

/// [`detached`] for a computation that may take long: `f` runs on a thread of its own with the
/// GIL released while the calling thread looks every [`SIGNAL_POLL`] for Python's pending
/// signals. On Ctrl-C (or any signal handler that raises) the computation's [`Cancel`] is set,
/// its end awaited (a cancelled library call stops within one unit of its work: an
/// enumeration chunk, a draw, a run), its result dropped, and the handler's exception
/// (`KeyboardInterrupt`) raised. Costs a thread start (tens of microseconds): callers use it
/// where the work can take long.
pub fn interruptible<T: Send>(
    py: Python<'_>,
    f: impl FnOnce(&accord_model::Cancel) -> Result<T, Error> + Send,
) -> PyResult<T> {
    let cancel = accord_model::Cancel::new();
    let (result, interrupt) = py.detach(|| {
        std::thread::scope(|scope| {
            let (done, finished) = std::sync::mpsc::channel();
            let cancel_of_worker = cancel.clone();
            scope.spawn(move || {
                let _ = done.send(guard(|| f(&cancel_of_worker)));
            });
            let mut interrupt = None;
            loop {
                match finished.recv_timeout(SIGNAL_POLL) {
                    Ok(result) => return (result, interrupt),
                    Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                        if interrupt.is_none()
                            && let Err(e) = Python::attach(|py| py.check_signals())
                        {
                            cancel.cancel();
                            interrupt = Some(e);
                        }
                    }
                    Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
                        // The worker ended without sending: `guard` catches its panics, so
                        // this cannot happen; said as an internal error all the same.
                        return (
                            Err(Error::Internal("the computation's thread ended".into())),
                            interrupt,
                        );
                    }
                }
            }
        })
    });
    match interrupt {
        Some(e) => Err(e),
        None => result.map_err(|e| e.into_py(py)),
    }
}

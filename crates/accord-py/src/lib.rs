//! `accord` for Python: the engine as a Python extension module (`accord._accord`, wrapped by
//! the pure-Python package in `python/accord/`), built by maturin as an abi3 wheel
//! (CPython ≥ 3.10).
//!
//! This crate is glue: each method calls the same library function as the CLI command of the
//! same name and returns the same wire type as its `--json`, serialized by serde_json and read
//! by Python's `json.loads`, or built directly from the wire type (`analyze`; `convert`), so a
//! result equals the CLI's JSON. `accord.tournament` (`tournament`) seats your own negotiators
//! in line-ups beside built-in strategies. Errors become
//! `accord.AccordError` and its subclasses (`errors`); no panic crosses into Python (each
//! entry point runs under `errors::guard`), and long computations release the GIL. Python
//! negotiators run inside accord's protocols through `accord_sim::Strategy` (`negotiator`).
//!
//! Plain `cargo build` links libpython (for the crate's tests); maturin builds the extension
//! module (it sets `PYO3_BUILD_EXTENSION_MODULE`).

use pyo3::prelude::*;

mod convert;
mod errors;
mod negotiator;
mod scenario;
mod tournament;

pub use errors::{AccordError, NegotiatorError, ScenarioError, UsageError};

// The CLI's allocator (see accord-cli's main.rs): mimalloc keeps freed memory for reuse, so
// repeated setups (a domain per negotiation of a tournament) stop paying page faults. It serves
// the Rust side only; Python objects stay with Python's allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The extension module `accord._accord`.
#[pymodule]
fn _accord(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("AccordError", py.get_type::<AccordError>())?;
    m.add("ScenarioError", py.get_type::<ScenarioError>())?;
    m.add("UsageError", py.get_type::<UsageError>())?;
    m.add("NegotiatorError", py.get_type::<NegotiatorError>())?;
    m.add_class::<scenario::PyScenario>()?;
    m.add_class::<negotiator::State>()?;
    m.add_function(wrap_pyfunction!(tournament::tournament, m)?)?;
    m.add_function(wrap_pyfunction!(scenario::_panic_for_tests, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}

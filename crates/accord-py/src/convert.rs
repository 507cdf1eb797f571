//! Rust values to Python objects through the CLI's JSON: a wire type is serialized by
//! serde_json exactly as `--json` prints it and read back by Python's `json.loads`, so a result
//! equals the CLI's output parsed by `json.loads`, number for number; or (`to_py`, for
//! `analyze`, where the text's cost showed) the same objects built directly from the wire type.

use pyo3::prelude::*;
use serde::Serialize;

use crate::errors::Error;

/// The JSON text of a wire type (as the CLI prints it, without the pretty layout).
pub fn to_json(value: &impl Serialize) -> Result<String, Error> {
    serde_json::to_string(value).map_err(|e| Error::Internal(format!("cannot write JSON: {e}")))
}

/// A JSON text as Python objects (`json.loads`).
pub fn loads(py: Python<'_>, text: &str) -> PyResult<Py<PyAny>> {
    let json = py.import("json")?;
    Ok(json.call_method1("loads", (text,))?.unbind())
}

/// A wire type as Python objects, built directly (pythonize over serde): the objects
/// `json.loads` makes of its `--json` text, without writing and parsing the text. Floats are
/// the same `f64`s (serde_json writes the shortest text that reads back as the same double,
/// and `json.loads` reads it back so), maps are dicts in key order, `None` is `None`.
pub fn to_py(py: Python<'_>, value: &impl Serialize) -> PyResult<Py<PyAny>> {
    pythonize::pythonize(py, value)
        .map(Bound::unbind)
        .map_err(|e| Error::Internal(format!("cannot build the result: {e}")).into_py(py))
}

/// A JSON value as Python objects.
pub fn json_to_py(py: Python<'_>, value: &serde_json::Value) -> PyResult<Py<PyAny>> {
    loads(py, &value.to_string())
}

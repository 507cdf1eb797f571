//! Rust values to Python objects through the CLI's JSON: a wire type is serialized by
//! serde_json exactly as `--json` prints it and read back by Python's `json.loads`, so a result
//! equals the CLI's output parsed by `json.loads`, number for number.

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

/// A JSON value as Python objects.
pub fn json_to_py(py: Python<'_>, value: &serde_json::Value) -> PyResult<Py<PyAny>> {
    loads(py, &value.to_string())
}

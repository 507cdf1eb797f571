//! `accord check FILE [--strict] [--json]`

use std::path::Path;

use crate::Status;
use crate::input::{load, report};

pub fn run(path: &Path, strict: bool, json: bool) -> Status {
    let loaded = match load(path, json) {
        Ok(l) => l,
        Err(status) => return status,
    };
    report(&loaded, strict, json);
    if !loaded.parsed.passes(strict) {
        return Status::InvalidInput;
    }
    if !json && let Some(s) = &loaded.parsed.scenario {
        outln!(
            "{}: valid {} scenario `{}`: {} parties, {} issues, {} plans, {} events",
            loaded.name,
            accord_model::parse::FORMAT,
            s.id(),
            s.parties().len(),
            s.issues().len(),
            s.plans().len(),
            s.events().len()
        );
    }
    Status::Ok
}

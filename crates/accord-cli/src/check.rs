//! `accord check FILE [--strict] [--json]`

use crate::input::{load, report};
use crate::{Failure, Outcome};

/// The flags of `accord check`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The scenario file (accord/1 TOML).
    pub file: std::path::PathBuf,
    /// Also fail on warnings and on issues, stances and events that cite no source.
    #[arg(long)]
    pub strict: bool,
    /// Print diagnostics as JSON on stdout.
    #[arg(long)]
    pub json: bool,
}

pub fn run(a: &Args) -> Outcome {
    let (path, strict, json) = (&a.file, a.strict, a.json);
    let loaded = load(path, json)?;
    report(&loaded, strict, json);
    if !loaded.parsed.passes(strict) {
        return Err(Failure::InvalidInput);
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
    Ok(())
}

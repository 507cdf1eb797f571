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
            "{}: valid {} scenario `{}`: {}, {}, {}, {}",
            loaded.name,
            accord_model::parse::FORMAT,
            s.id(),
            parties_line(s),
            plural(s.issues().len(), "issue", "issues"),
            plural(s.plans().len(), "plan", "plans"),
            plural(s.events().len(), "event", "events")
        );
    }
    Ok(())
}

/// "5 parties (3 signatories, 1 ratifier, 1 observer)": the roles named only when a file has
/// ratifiers or observers, so neither is taken for one of the parties that must agree.
fn parties_line(s: &accord_model::Scenario) -> String {
    let parties = s.parties();
    let count = |f: &dyn Fn(&accord_model::Party) -> bool| parties.iter().filter(|p| f(p)).count();
    let signatories = count(&|p| p.signatory());
    let ratifiers = count(&|p| p.ratifies().is_some());
    let observers = count(&|p| p.is_observer());
    let mut line = plural(parties.len(), "party", "parties");
    if ratifiers + observers > 0 {
        let mut roles = vec![plural(signatories, "signatory", "signatories")];
        if ratifiers > 0 {
            roles.push(plural(ratifiers, "ratifier", "ratifiers"));
        }
        if observers > 0 {
            roles.push(plural(observers, "observer", "observers"));
        }
        let others = parties.len() - signatories - ratifiers - observers;
        if others > 0 {
            roles.push(plural(
                others,
                "other non-signatory",
                "other non-signatories",
            ));
        }
        line.push_str(&format!(" ({})", roles.join(", ")));
    }
    line
}

/// "1 plan", "2 plans".
fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

//! `accord analyze --plot out.svg`: the frontier drawn by [`accord_report::chart::frontier`],
//! written to a file; `accord simulate --plot out.svg` and the tournament's traces: offers over
//! time ([`offers_chart`] → [`accord_report::chart::offers`]).

use std::path::Path;

use accord_analysis::Analysis;
use accord_model::Scenario;
use accord_report::chart::{ChartError, MAX_PANELS, frontier};

use crate::Failure;

/// Draws the frontier into `out`. A plot that cannot be drawn is a usage error (2); a file that
/// cannot be written exits 1, naming the path and the OS reason.
pub fn write(out: &Path, scenario: &Scenario, a: &Analysis) -> Result<(), Failure> {
    let svg = frontier(scenario, a).map_err(|e| {
        match e {
            ChartError::TooFewParties { .. } => {
                eprintln!("error: --plot needs two parties on the frontier (see --parties)")
            }
            ChartError::TooManyPanels { .. } => eprintln!(
                "error: --plot draws a panel per pair of parties, at most {MAX_PANELS} (six \
                 parties); choose the parties with --parties"
            ),
            ChartError::TooFewLines { .. } | ChartError::Draw(_) => eprintln!("error: {e}"),
        }
        Failure::Usage
    })?;
    std::fs::write(out, svg)
        .map_err(|e| Failure::input(format_args!("cannot write {}: {e}", out.display())))
}

/// The offers chart of negotiation `n` of `sim` ([`accord_report::chart::Offers::of_run`]).
pub fn offers_chart(
    scenario: &Scenario,
    sim: &accord_sim::Simulation,
    n: &accord_sim::Negotiation,
    title: String,
) -> accord_report::chart::Offers {
    accord_report::chart::Offers::of_run(scenario, sim, n, title)
}

/// Writes the offers chart of `n` to `out`; a file that cannot be written exits 1.
pub fn write_offers(
    out: &Path,
    scenario: &Scenario,
    sim: &accord_sim::Simulation,
    n: &accord_sim::Negotiation,
    title: String,
) -> Result<(), Failure> {
    let svg = accord_report::chart::offers(&offers_chart(scenario, sim, n, title))
        .map_err(|e| Failure::input(format_args!("{}: {e}", out.display())))?;
    std::fs::write(out, svg)
        .map_err(|e| Failure::input(format_args!("cannot write {}: {e}", out.display())))
}

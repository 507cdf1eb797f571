//! `accord analyze --plot out.svg`: the frontier drawn by [`accord_report::chart::frontier`],
//! written to a file.

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
            ChartError::Draw(_) => eprintln!("error: {e}"),
        }
        Failure::Usage
    })?;
    std::fs::write(out, svg)
        .map_err(|e| Failure::input(format_args!("cannot write {}: {e}", out.display())))
}

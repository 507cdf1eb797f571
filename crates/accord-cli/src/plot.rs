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

/// The offers chart of negotiation `n` of `sim`: every offer, mediator's text and amended
/// draft of its trace (recorded), with the utility of each party the metrics judge.
pub fn offers_chart(
    scenario: &Scenario,
    sim: &accord_sim::Simulation,
    n: &accord_sim::Negotiation,
    title: String,
) -> accord_report::chart::Offers {
    use accord_sim::protocol::Action;
    let c = sim.compiled();
    let judged = sim.judged();
    let name = |p: usize| scenario.party(c.parties[p]).name().to_string();
    let offers = n
        .trace
        .events()
        .iter()
        .filter(|e| matches!(e.action, Action::Offer | Action::Text | Action::Amend))
        .filter_map(|e| {
            let o = e.outcome?;
            Some(accord_report::chart::Offer {
                round: e.round,
                by: e.party.and_then(|p| judged.iter().position(|&q| q == p)),
                utilities: judged.iter().map(|&q| c.functions[q].utility(o)).collect(),
            })
        })
        .collect();
    accord_report::chart::Offers {
        title,
        parties: judged.iter().map(|&p| name(p)).collect(),
        walk_aways: judged.iter().map(|&p| c.functions[p].walk_away).collect(),
        offers,
        agreement: n.result.agreement.map(|o| {
            (
                n.result.rounds.saturating_sub(1),
                judged.iter().map(|&q| c.functions[q].utility(o)).collect(),
            )
        }),
    }
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

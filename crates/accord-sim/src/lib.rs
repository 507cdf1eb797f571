#![warn(missing_docs)]

//! Negotiation simulation for accord: strategies, protocols and outcome metrics, the setup of
//! a simulation ([`SimulationBuilder`]), its story ([`story`]) and JSON ([`json`]), and the
//! tournament engine ([`tournament`]). Errors: [`SimError`].
//!
//! ```text
//! Scenario ──CompiledScenario::build──▶ CompiledScenario (space + each party's UtilityFunction)
//!                                │
//!   strategy::parse("boulware:e=0.2") ──▶ Box<dyn Strategy> per party
//!                                │
//!   Protocol (Sao | SingleText | DraftedThenRatified)::run(seeded ChaCha8) ──▶ RunResult + Trace
//!                                │
//!   payoffs / metrics::Reference ──▶ utilities, distance to Pareto and Nash, welfare
//! ```
//!
//! **Reproducibility.** Every random choice comes from one ChaCha8 generator seeded by the run's
//! seed ([`rng`]); strategies are built fresh for each run; so a seed gives the same trace,
//! byte for byte, wherever and however often it runs.
//!
//! **Privacy.** A strategy is handed only its own [`compiled::UtilityFunction`]; other parties' utilities are
//! used only by the protocol's bookkeeping (trace, metrics), never shown to a strategy.

pub mod compiled;
pub mod consent;
pub mod error;
pub mod json;
pub mod metrics;
pub mod protocol;
pub mod setup;
pub mod stats;
pub mod story;
pub mod strategy;
pub mod tournament;

use rand::SeedableRng as _;
use rand::rngs::ChaCha8Rng;

pub use compiled::{CompiledScenario, OutcomeId, Space, UtilityFunction};
pub use consent::Consent;
pub use error::SimError;
pub use protocol::{
    Action, DraftProtocol, DraftedSettings, DraftedThenRatified, Ending, Protocol, RunResult, Sao,
    SingleText, Stage, TIMEOUT_T, Trace, TraceEvent,
};
pub use setup::{Simulation, SimulationBuilder};
pub use strategy::{Answer, Spec, Strategy, Turn};

/// The generator of a run with seed `seed`.
pub fn rng(seed: u64) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(seed)
}

/// One finished negotiation.
#[derive(Debug, Clone)]
pub struct Negotiation {
    /// The protocol's result.
    pub result: RunResult,
    /// Each party with preferences's utility of the ending (the agreement, else its walk-away),
    /// undiscounted.
    pub utilities: Vec<f64>,
    /// The same, discounted: `u · d^t` with the party's discount `d` and the ending time `t`.
    pub discounted: Vec<f64>,
    /// The actions, if recorded.
    pub trace: Trace,
}

/// Runs one negotiation: fresh strategies from `specs` (one per party with preferences), the protocol
/// over `members`, a generator seeded with `seed`.
pub fn negotiate(
    compiled: &CompiledScenario,
    protocol: &dyn Protocol,
    members: &[usize],
    specs: &[Spec],
    seed: u64,
    record: bool,
) -> Negotiation {
    let mut strategies: Vec<Box<dyn Strategy>> = specs.iter().map(Spec::build).collect();
    let mut rng = rng(seed);
    let mut trace = if record { Trace::on() } else { Trace::off() };
    let result = protocol.run(compiled, members, &mut strategies, &mut rng, &mut trace);
    let (utilities, discounted) = payoffs(compiled, &result);
    Negotiation {
        result,
        utilities,
        discounted,
        trace,
    }
}

/// Each party with preferences's utility of a result: of the agreement, or its walk-away; undiscounted
/// and discounted by `d^t`.
pub fn payoffs(compiled: &CompiledScenario, result: &RunResult) -> (Vec<f64>, Vec<f64>) {
    let raw: Vec<f64> = compiled
        .functions
        .iter()
        .map(|own| match result.agreement {
            Some(o) => own.utility(o),
            None => own.walk_away,
        })
        .collect();
    let discounted = raw
        .iter()
        .zip(&compiled.functions)
        .map(|(u, own)| u * own.discount.powf(result.t))
        .collect();
    (raw, discounted)
}

//! The errors of a robustness run.

use accord_model::UnknownId;

use crate::robust::TooLarge;

/// Why a robustness run (Monte Carlo, and the optional search of robust solutions) cannot be
/// made.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Error {
    /// A plan id the scenario does not define (with the closest known one).
    #[error(transparent)]
    UnknownPlan(#[from] UnknownId),
    /// The scenario has no plans to test.
    #[error("scenario `{scenario}` has no plans to test")]
    NoPlans {
        /// The scenario's id.
        scenario: String,
    },
    /// The search of robust solutions would need tables larger than its limit.
    #[error(transparent)]
    TooLarge(#[from] TooLarge),
    /// The caller cancelled the run ([`crate::Config::cancel`]); its draws were dropped.
    #[error("the Monte Carlo run was cancelled")]
    Cancelled,
}

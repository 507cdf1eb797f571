//! The errors of this crate's operations on a valid scenario.

use crate::resolve::UnknownId;
use crate::whatif::WhatIfError;

/// Why an operation on a scenario (resolving ids, choosing plans, applying what-ifs) cannot
/// be done. Parsing problems are not errors but [`crate::Diagnostic`]s, all reported at once.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Error {
    /// An id the scenario does not define (with the closest known one).
    #[error(transparent)]
    UnknownId(#[from] UnknownId),
    /// Plans were asked for, but the scenario has none (no `[plans.ID]` table).
    #[error("scenario `{scenario}` has no plans")]
    NoPlans {
        /// The scenario's id.
        scenario: String,
    },
    /// What-ifs that cannot be applied: every one that failed, in the order given.
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    WhatIf(Vec<WhatIfError>),
}

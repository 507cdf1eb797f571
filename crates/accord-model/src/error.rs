//! The errors of this crate's operations on a valid scenario.

use crate::resolve::UnknownId;
#[cfg(doc)]
use crate::whatif::WhatIfError;

/// Why an operation on a scenario (resolving ids, choosing plans) cannot be done. Parsing
/// problems are not errors but [`crate::Diagnostic`]s, all reported at once; what-ifs that do
/// not apply are [`WhatIfError`]s, all returned at once by [`crate::whatif::apply`].
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
}

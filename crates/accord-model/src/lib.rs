//! The accord scenario model: the `accord/1` format read into a validated [`Scenario`], the
//! utility of outcomes, and the evaluation of plans.
//!
//! Data flows one way: text → [`parse`] → [`Scenario`] (always valid) → [`PointPreferences`]
//! (every interval fixed) → [`evaluate_terms`] / [`evaluate_plan`]. This crate does no IO and
//! never panics on user input; reading files and printing belong to the CLI.

#![warn(missing_docs)]

pub mod cancel;
pub mod consent;
pub mod diagnostic;
pub mod error;
pub mod evaluate;
pub mod id;
pub mod json;
pub mod parse;
pub mod reactions;
pub mod resolve;
pub mod roles;
pub mod scenario;
pub mod utility;
pub mod whatif;

pub use cancel::Cancel;
pub use consent::{ConsentRule, Standing};
pub use diagnostic::{Diagnostic, Severity, SourceText};
pub use error::Error;
pub use evaluate::{
    Evaluation, PartyEvaluation, Terms, Verdict, Within, admits, evaluate_plan, evaluate_plans,
    evaluate_terms, evaluate_terms_within, open_options, plan_terms, plan_within,
};
pub use id::*;
pub use parse::{Parsed, parse};
pub use reactions::{ReactionCheck, before_its_draft, reaction_checks, reactions_to};
pub use resolve::{IdKind, NegotiatorError, UnknownId};
pub use roles::{PlanRole, WeightShare};
pub use scenario::*;
pub use utility::{Outcome, PointPreferences, TOLERANCE};

/// A name's possessive for people: `Sudmark's`, `Eastport Islands'` (a name ending in s takes
/// the apostrophe alone).
pub fn possessive(name: &str) -> String {
    if name.ends_with('s') {
        format!("{name}'")
    } else {
        format!("{name}'s")
    }
}

#[cfg(test)]
mod possessive_tests {
    #[test]
    fn names_ending_in_s_take_the_apostrophe_alone() {
        assert_eq!(super::possessive("Sudmark"), "Sudmark's");
        assert_eq!(super::possessive("Eastport Islands"), "Eastport Islands'");
    }
}

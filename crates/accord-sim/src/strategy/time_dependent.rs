//! Time-dependent concession (Faratin, Sierra & Jennings 1998, in utility space as in Genius
//! and NegMAS): at relative time `t` the target is `max − (max − reserve)·t^(1/e)`.
//! `e < 1` is Boulware (firm until late), `e = 1` linear, `e > 1` Conceder.
//!
//! The target never quite reaches the reserve: turns happen at `t = (r+1)/(R+1)`, so the last
//! turn sees `t = R/(R+1) < 1` (as in NegMAS); only the timeout itself is at `t = 1`, when no
//! one acts any more.
//!
//! Offers: the worst outcome whose utility is still at least the target ([`UtilityFunction::at_least`]).
//! Acceptance (NegMAS's `ACNext`): an offer is accepted when it is acceptable (no red line,
//! at least the walk-away) and worth at least what the negotiator would offer now.

use rand::rngs::ChaCha8Rng;

use super::{Answer, Strategy, Turn, accept_if_as_good_as_next, concession_target};
use crate::compiled::{OutcomeId, UtilityFunction};

/// Time-dependent concession with exponent `e`.
#[derive(Debug, Clone)]
pub struct TimeDependent {
    e: f64,
}

impl TimeDependent {
    /// A time-dependent strategy with exponent `e` (> 0).
    pub fn new(e: f64) -> Self {
        TimeDependent { e }
    }

    /// The target utility at time `t`.
    pub fn target(&self, own: &UtilityFunction, t: f64) -> f64 {
        concession_target(own.max(), own.reserve(), t, self.e)
    }
}

impl Strategy for TimeDependent {
    fn name(&self) -> String {
        format!("time:e={}", self.e)
    }

    fn propose(
        &mut self,
        own: &UtilityFunction,
        turn: &Turn,
        _: &mut ChaCha8Rng,
    ) -> Option<OutcomeId> {
        own.at_least(self.target(own, turn.t))
    }

    fn respond(
        &mut self,
        own: &UtilityFunction,
        turn: &Turn,
        offer: OutcomeId,
        _: &mut ChaCha8Rng,
    ) -> Answer {
        accept_if_as_good_as_next(own, self.target(own, turn.t), offer)
    }
}

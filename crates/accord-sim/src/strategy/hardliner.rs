//! The hardliner: always offers its best outcome and accepts only an offer worth as much.

use rand::rngs::ChaCha8Rng;

use super::{Answer, Strategy, Turn};
use crate::compiled::{OutcomeId, UtilityFunction};

/// Never concedes.
#[derive(Debug, Clone, Copy)]
pub struct Hardliner;

impl Strategy for Hardliner {
    fn name(&self) -> String {
        "hardliner".into()
    }

    fn propose(
        &mut self,
        own: &UtilityFunction,
        _: &Turn,
        _: &mut ChaCha8Rng,
    ) -> Option<OutcomeId> {
        own.sorted.first().copied()
    }

    fn respond(
        &mut self,
        own: &UtilityFunction,
        _: &Turn,
        offer: OutcomeId,
        _: &mut ChaCha8Rng,
    ) -> Answer {
        if own.acceptable(offer) && own.value(offer) >= own.max() - 1e-12 {
            Answer::Accept
        } else {
            Answer::Reject
        }
    }
}

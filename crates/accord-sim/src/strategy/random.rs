//! The random negotiator (NegMAS's `RandomNegotiator`): offers a uniformly random acceptable
//! outcome (at least the walk-away, no red line), accepts an acceptable offer with probability
//! `accept`, and ends the negotiation with probability `end` on each answer.

use rand::RngExt as _;
use rand::rngs::ChaCha8Rng;

use super::{Answer, Strategy, Turn};
use crate::compiled::{OutcomeId, UtilityFunction};

/// Random offers and answers, from the protocol's seeded generator.
#[derive(Debug, Clone)]
pub struct RandomStrategy {
    accept: f64,
    end: f64,
}

impl RandomStrategy {
    /// Accepts with probability `accept`, ends with probability `end`.
    pub fn new(accept: f64, end: f64) -> Self {
        RandomStrategy { accept, end }
    }
}

impl Strategy for RandomStrategy {
    fn name(&self) -> String {
        format!("random:accept={},end={}", self.accept, self.end)
    }

    fn propose(
        &mut self,
        own: &UtilityFunction,
        _: &Turn,
        rng: &mut ChaCha8Rng,
    ) -> Option<OutcomeId> {
        let band = own.band(own.walk_away, f64::INFINITY);
        let pool = if band.is_empty() {
            &own.sorted[..own.sorted.len().min(1)]
        } else {
            band
        };
        if pool.is_empty() {
            return None;
        }
        Some(pool[rng.random_range(0..pool.len())])
    }

    fn respond(
        &mut self,
        own: &UtilityFunction,
        _: &Turn,
        offer: OutcomeId,
        rng: &mut ChaCha8Rng,
    ) -> Answer {
        let end: f64 = rng.random();
        let accept: f64 = rng.random();
        if end < self.end {
            Answer::End
        } else if own.acceptable(offer) && accept < self.accept {
            Answer::Accept
        } else {
            Answer::Reject
        }
    }
}

//! Aspiration adaptation (after Sauermann & Selten): the aspiration starts at the best utility
//! and, at each own turn, moves a fraction `rate` of the way down to a floor — the best utility
//! any offer received so far gives this party, or the reserve if that is higher. So it concedes
//! quickly when the others come close and slowly when they do not, independently of the clock.
//! Offers the worst outcome at or above the aspiration; accepts an acceptable offer worth at
//! least the aspiration.

use rand::rngs::ChaCha8Rng;

use super::{Answer, Strategy, Turn};
use crate::compiled::{OutcomeId, UtilityFunction};

/// Adapts its aspiration toward the best offer received.
#[derive(Debug, Clone)]
pub struct Aspiration {
    rate: f64,
    level: Option<f64>,
    best_received: f64,
}

impl Aspiration {
    /// Aspiration adaptation with the given rate in [0, 1].
    pub fn new(rate: f64) -> Self {
        Aspiration {
            rate,
            level: None,
            best_received: f64::NEG_INFINITY,
        }
    }

    /// The current aspiration level.
    pub fn level(&self) -> Option<f64> {
        self.level
    }

    fn adapt(&mut self, own: &UtilityFunction) -> f64 {
        let level = *self.level.get_or_insert(own.max());
        let floor = self.best_received.max(own.reserve());
        let next = if level > floor {
            level - self.rate * (level - floor)
        } else {
            level
        };
        self.level = Some(next);
        next
    }
}

impl Strategy for Aspiration {
    fn name(&self) -> String {
        format!("aspiration:rate={}", self.rate)
    }

    fn propose(
        &mut self,
        own: &UtilityFunction,
        _: &Turn,
        _: &mut ChaCha8Rng,
    ) -> Option<OutcomeId> {
        let level = self.level.unwrap_or(own.max());
        own.at_least(level)
    }

    fn respond(
        &mut self,
        own: &UtilityFunction,
        _: &Turn,
        offer: OutcomeId,
        _: &mut ChaCha8Rng,
    ) -> Answer {
        let level = self.adapt(own);
        if own.acceptable(offer) && own.value(offer) >= level - 1e-12 {
            Answer::Accept
        } else {
            Answer::Reject
        }
    }

    fn observe(&mut self, own: &UtilityFunction, _: &Turn, _: usize, offer: OutcomeId) {
        let u = own.value(offer);
        if u > self.best_received {
            self.best_received = u;
        }
    }
}

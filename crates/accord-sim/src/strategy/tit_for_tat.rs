//! Tit-for-tat in utility space (Faratin et al.'s behaviour-dependent tactic, as NegMAS's naive
//! tit-for-tat): start at the best outcome; whenever the latest offer of the others is worth
//! `δ > 0` more *to this party* than the previous one, lower the own target by `factor · δ`
//! (never below the reserve). A worse offer is not punished by raising the target again.
//! Acceptance as the time-dependent strategy: acceptable and worth at least the own next offer.

use rand::rngs::ChaCha8Rng;

use super::{Answer, Strategy, Turn, accept_if_as_good_as_next};
use crate::compiled::{OutcomeId, UtilityFunction};

/// Reciprocates concessions.
#[derive(Debug, Clone)]
pub struct TitForTat {
    factor: f64,
    target: Option<f64>,
    last_seen: Option<f64>,
}

impl TitForTat {
    /// Tit-for-tat mirroring `factor` times the others' concession.
    pub fn new(factor: f64) -> Self {
        TitForTat {
            factor,
            target: None,
            last_seen: None,
        }
    }

    fn target(&mut self, own: &UtilityFunction) -> f64 {
        *self.target.get_or_insert(own.max())
    }
}

impl Strategy for TitForTat {
    fn name(&self) -> String {
        format!("tit-for-tat:factor={}", self.factor)
    }

    fn propose(
        &mut self,
        own: &UtilityFunction,
        _: &Turn,
        _: &mut ChaCha8Rng,
    ) -> Option<OutcomeId> {
        let t = self.target(own);
        own.at_least(t)
    }

    fn respond(
        &mut self,
        own: &UtilityFunction,
        _: &Turn,
        offer: OutcomeId,
        _: &mut ChaCha8Rng,
    ) -> Answer {
        accept_if_as_good_as_next(own, self.target(own), offer)
    }

    fn observe(&mut self, own: &UtilityFunction, _: &Turn, _from: usize, offer: OutcomeId) {
        let u = own.value(offer);
        if !u.is_finite() {
            return;
        }
        let target = self.target(own);
        if let Some(prev) = self.last_seen
            && u > prev
        {
            self.target = Some((target - self.factor * (u - prev)).max(own.reserve()));
        }
        self.last_seen = Some(u);
    }
}

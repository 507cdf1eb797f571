//! A negotiator that learns the others' preferences from their offers (the frequency model of
//! HardHeaded, ANAC 2011). Per other negotiator it keeps, for each issue, how often each option
//! was offered and a weight; an issue whose option did not change between two consecutive
//! offers of that negotiator gains `0.1` weight (then weights are renormalized). The estimated
//! utility of an outcome for that negotiator is `Σ_i w_i · (count_i(x_i) + 1) / (max_i + 1)`.
//!
//! Its own target follows the time-dependent curve with exponent `e`; among its outcomes with
//! utility in `[target, target + width]` (at most the 256 nearest the target) it offers the one
//! the model rates best for the others (sum over them). Acceptance as the time-dependent
//! strategy.

use rand::rngs::ChaCha8Rng;

use super::{Answer, Strategy, Turn, accept_if_as_good_as_next, concession_target};
use crate::compiled::{OutcomeId, Space, UtilityFunction};

const ETA: f64 = 0.1;
const MAX_BAND: usize = 256;

/// The model of one other negotiator.
#[derive(Debug, Clone, Default)]
struct Model {
    counts: Vec<Vec<u32>>,
    weights: Vec<f64>,
    last: Option<Vec<usize>>,
}

impl Model {
    fn observe(&mut self, space: &Space, offer: OutcomeId) {
        let n = space.radices.len();
        if self.counts.is_empty() {
            self.counts = space.radices.iter().map(|&r| vec![0; r]).collect();
            self.weights = vec![1.0 / n.max(1) as f64; n];
        }
        let opts = space.options(offer);
        if let Some(last) = &self.last {
            for i in 0..n {
                if last[i] == opts[i] {
                    self.weights[i] += ETA;
                }
            }
            let total: f64 = self.weights.iter().sum();
            for w in &mut self.weights {
                *w /= total;
            }
        }
        for (i, &o) in opts.iter().enumerate() {
            self.counts[i][o] += 1;
        }
        self.last = Some(opts);
    }

    fn estimate(&self, opts: &[usize]) -> f64 {
        if self.counts.is_empty() {
            return 0.0;
        }
        let mut u = 0.0;
        for (i, &o) in opts.iter().enumerate() {
            let max = *self.counts[i].iter().max().unwrap_or(&0);
            u += self.weights[i] * (self.counts[i][o] + 1) as f64 / (max + 1) as f64;
        }
        u
    }
}

/// Time-dependent target, offers chosen by a frequency opponent model.
#[derive(Debug, Clone)]
pub struct FrequencyLearner {
    e: f64,
    width: f64,
    models: Vec<Model>,
}

impl FrequencyLearner {
    /// Exponent `e` of the concession curve, band `width` above the target.
    pub fn new(e: f64, width: f64) -> Self {
        FrequencyLearner {
            e,
            width,
            models: Vec::new(),
        }
    }

    /// The estimated utility of `offer` for negotiator `who` (0 when nothing was seen).
    pub fn estimate(&self, space: &Space, who: usize, offer: OutcomeId) -> f64 {
        self.models
            .get(who)
            .map_or(0.0, |m| m.estimate(&space.options(offer)))
    }

    fn target(&self, own: &UtilityFunction, t: f64) -> f64 {
        concession_target(own.max(), own.reserve(), t, self.e)
    }
}

impl Strategy for FrequencyLearner {
    fn name(&self) -> String {
        format!("frequency:e={},width={}", self.e, self.width)
    }

    fn propose(
        &mut self,
        own: &UtilityFunction,
        turn: &Turn,
        _: &mut ChaCha8Rng,
    ) -> Option<OutcomeId> {
        let target = self.target(own, turn.t);
        let band = own.band(target, target + self.width);
        if band.is_empty() || self.models.iter().all(|m| m.counts.is_empty()) {
            return own.at_least(target);
        }
        // Nearest the target first: the band is sorted best first, so take its tail.
        let band = &band[band.len().saturating_sub(MAX_BAND)..];
        let mut best = (f64::NEG_INFINITY, band[band.len() - 1]);
        for &o in band.iter().rev() {
            let opts = turn.space.options(o);
            let score: f64 = self.models.iter().map(|m| m.estimate(&opts)).sum();
            if score > best.0 {
                best = (score, o);
            }
        }
        Some(best.1)
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

    fn observe(&mut self, _: &UtilityFunction, turn: &Turn, from: usize, offer: OutcomeId) {
        if self.models.len() < turn.negotiators {
            self.models.resize_with(turn.negotiators, Model::default);
        }
        self.models[from].observe(turn.space, offer);
    }
}

//! MiCRO (de Jonge 2022, "An Analysis of the Linear Bilateral ANAC Domains Using the MiCRO
//! Benchmark Strategy", IJCAI), the baseline of the ANL 2024 league, as the league's `MiCRO`
//! negotiator plays it:
//!
//! - **Offers.** The negotiator walks down its own outcomes from the best, one new outcome at
//!   a time ([`UtilityFunction::sorted`]: no red lines, utility descending, ties by id). It
//!   makes a *new* offer (concedes) only while it has made no more unique offers than it has
//!   received (`sent ≤ received`, counting unique outcomes), and never one worth less than its
//!   walk-away; otherwise it repeats one of its past offers, drawn uniformly from the run's
//!   generator.
//! - **Acceptance.** It accepts an acceptable offer (no red line, at least the walk-away)
//!   worth at least its next offer when it would concede now, else at least the worst offer it
//!   has made so far.
//! - **End.** With no offer to make (no outcome without red lines is worth its walk-away),
//!   it ends the negotiation.
//!
//! Unique offers received are counted over every offer another negotiator makes
//! ([`Strategy::observe`]); in a bilateral negotiation these are exactly the offers it answers,
//! as in NegMAS. Differences from the league's code: the worst offer made is the minimum over
//! every offer made (the league's code keeps the last one, which after a repeated offer can be
//! a better one), and outcomes worth exactly the walk-away are still offered (the league's
//! sorter keeps rational outcomes the same way).

use rand::RngExt as _;
use rand::rngs::ChaCha8Rng;

use super::{Answer, Strategy, Turn};
use crate::compiled::{OutcomeId, UtilityFunction};

/// MiCRO: concede one new outcome only after as many unique offers from the others.
#[derive(Debug, Clone, Default)]
pub struct Micro {
    /// How far down [`UtilityFunction::sorted`] it has offered (the next new offer's index).
    next: usize,
    /// Its offers made, unique, in the order first made.
    sent: Vec<OutcomeId>,
    /// The others' offers received, unique (sorted, for lookup).
    received: Vec<OutcomeId>,
    /// The lowest utility among its offers.
    worst: f64,
}

/// What MiCRO would do now: make a new offer, or repeat one.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Plan {
    /// Concede to this new outcome.
    Concede(OutcomeId),
    /// Repeat a past offer (or end, with none).
    Repeat,
}

impl Micro {
    /// A fresh MiCRO negotiator.
    pub fn new() -> Self {
        Micro {
            worst: f64::INFINITY,
            ..Micro::default()
        }
    }

    /// Whether it concedes now, and to what.
    fn plan(&self, own: &UtilityFunction) -> Plan {
        if self.sent.len() > self.received.len() {
            return Plan::Repeat;
        }
        match own.sorted.get(self.next) {
            Some(&o) if own.acceptable(o) => Plan::Concede(o),
            _ => Plan::Repeat,
        }
    }

    fn record(&mut self, own: &UtilityFunction, offer: OutcomeId) {
        if !self.sent.contains(&offer) {
            self.sent.push(offer);
        }
        self.worst = self.worst.min(own.utility(offer));
    }
}

impl Strategy for Micro {
    fn name(&self) -> String {
        "micro".to_string()
    }

    fn propose(
        &mut self,
        own: &UtilityFunction,
        _: &Turn,
        rng: &mut ChaCha8Rng,
    ) -> Option<OutcomeId> {
        let offer = match self.plan(own) {
            Plan::Concede(o) => {
                self.next += 1;
                o
            }
            // No outcome worth its walk-away: nothing to offer, it ends (as NegMAS's MiCRO).
            Plan::Repeat if self.sent.is_empty() => return None,
            Plan::Repeat => self.sent[rng.random_range(0..self.sent.len())],
        };
        self.record(own, offer);
        Some(offer)
    }

    fn respond(
        &mut self,
        own: &UtilityFunction,
        _: &Turn,
        offer: OutcomeId,
        _: &mut ChaCha8Rng,
    ) -> Answer {
        if own.sorted.is_empty() {
            return Answer::End;
        }
        let bar = match self.plan(own) {
            Plan::Concede(o) => own.utility(o),
            Plan::Repeat => self.worst,
        };
        if own.acceptable(offer) && own.value(offer) >= bar {
            Answer::Accept
        } else {
            Answer::Reject
        }
    }

    fn observe(&mut self, _: &UtilityFunction, _: &Turn, _from: usize, offer: OutcomeId) {
        if let Err(k) = self.received.binary_search(&offer) {
            self.received.insert(k, offer);
        }
    }
}

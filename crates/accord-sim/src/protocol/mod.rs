//! Negotiation protocols.
//!
//! A [`Protocol`] runs the negotiators of some parties (`members`, positions in the
//! [`Domain`]) over the domain, drawing all randomness from one seeded generator, and returns a
//! [`RunResult`]. Every action can be recorded in a [`Trace`]; recording costs nothing when the
//! trace is off.
//!
//! - [`Sao`]: stacked alternating offers with NegMAS's semantics (rules in its module docs).
//! - [`SingleText`]: a mediator's single negotiating text, revised from objections.
//! - [`DraftedThenRatified`]: a subset drafts (by either protocol above), optionally consults a
//!   named party, then the others ratify, with revision rounds and pressure.

use rand::rngs::ChaCha8Rng;
use serde::Serialize;

use crate::domain::{Domain, OutcomeId};
use crate::strategy::Strategy;

mod drafted;
mod sao;
mod single_text;

pub use drafted::{DraftProtocol, DraftedThenRatified};
pub use sao::Sao;
pub use single_text::SingleText;

/// How a negotiation ended.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Ending {
    /// Every required party accepted the same outcome.
    Agreement,
    /// The deadline passed without agreement.
    Timeout,
    /// A party ended the negotiation (or refused to make an offer).
    Ended {
        /// Its position in the domain.
        by: usize,
    },
    /// The drafters could not agree on a draft.
    NoDraft,
    /// The draft was not ratified by these parties (positions in the domain) by the deadline.
    Rejected {
        /// Positions in the domain of the signatories that still rejected it.
        by: Vec<usize>,
    },
}

/// The result of one negotiation.
#[derive(Debug, Clone, PartialEq)]
pub struct RunResult {
    /// The agreed outcome.
    pub agreement: Option<OutcomeId>,
    /// How it ended.
    pub ending: Ending,
    /// Rounds used (the round in which it ended, counted from 1).
    pub rounds: usize,
    /// Relative time when it ended (used for discounting).
    pub t: f64,
    /// Per issue, the party (position in the domain) that shaped the final term, where the
    /// protocol records it (drafted-then-ratified); `None` for the mediator or unknown.
    pub shaped_by: Vec<Option<usize>>,
}

/// What happened in one action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Action {
    /// A negotiator made an offer (it becomes the standing offer).
    Offer,
    /// A negotiator accepted the standing offer or text.
    Accept,
    /// A negotiator rejected it.
    Reject,
    /// A negotiator ended the negotiation.
    End,
    /// The mediator put a text on the table.
    Text,
    /// The drafters adopted a change asked for by a party.
    Amend,
    /// The drafters refused every change a party asked for (none suits every drafter).
    Refuse,
    /// A party voted to ratify the draft.
    Ratify,
    /// A party voted against the draft.
    Veto,
}

/// One recorded action.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    /// The stage: `negotiation`, `draft`, `consultation`, `ratification`.
    pub stage: &'static str,
    /// The round, from 0.
    pub round: usize,
    /// Relative time.
    pub t: f64,
    /// The acting party's position in the domain (`None`: the mediator).
    pub party: Option<usize>,
    /// What it did.
    pub action: Action,
    /// The outcome concerned (the offer, the answered offer, the text).
    pub outcome: Option<OutcomeId>,
    /// Changes asked for, `(issue, option)`, with a rejection of a text.
    pub objections: Vec<(usize, usize)>,
}

/// A record of every action, or nothing.
#[derive(Debug, Clone, Default)]
pub struct Trace {
    events: Option<Vec<Event>>,
}

impl Trace {
    /// A trace that records.
    pub fn on() -> Self {
        Trace {
            events: Some(Vec::new()),
        }
    }

    /// A trace that records nothing.
    pub fn off() -> Self {
        Trace { events: None }
    }

    /// Records an event (built only when recording).
    #[inline]
    pub fn push(&mut self, event: impl FnOnce() -> Event) {
        if let Some(events) = &mut self.events {
            events.push(event());
        }
    }

    /// The events recorded.
    pub fn events(&self) -> &[Event] {
        self.events.as_deref().unwrap_or(&[])
    }
}

/// A negotiation protocol.
pub trait Protocol {
    /// Its name.
    fn name(&self) -> &'static str;

    /// Runs the negotiators of `members` (positions in `domain`; `strategies` is indexed by
    /// position in the domain) to the end.
    fn run(
        &self,
        domain: &Domain,
        members: &[usize],
        strategies: &mut [Box<dyn Strategy>],
        rng: &mut ChaCha8Rng,
        trace: &mut Trace,
    ) -> RunResult;
}

/// NegMAS's relative time of round `round` of `rounds`: `(round + 1) / (rounds + 1)`.
pub fn relative_time(round: usize, rounds: usize) -> f64 {
    (round + 1) as f64 / (rounds + 1) as f64
}

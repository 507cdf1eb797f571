//! Negotiation protocols.
//!
//! A [`Protocol`] runs the negotiators of some parties (`members`, positions in the
//! [`CompiledScenario`]) over the compiled scenario, drawing all randomness from one seeded generator, and returns a
//! [`RunResult`]. Every action can be recorded in a [`Trace`]; recording costs nothing when the
//! trace is off.
//!
//! - [`Sao`]: stacked alternating offers with NegMAS's semantics (rules in its module docs).
//! - [`SingleText`]: a mediator's single negotiating text, revised from objections.
//! - [`DraftedThenRatified`]: a subset drafts (by either protocol above), optionally consults
//!   other parties, then the others ratify, with revision rounds and pressure.
//!
//! **Adding a protocol.** Write its file (a type implementing [`Protocol`] and a
//! `const KIND: ProtocolKind` that names it and builds it from a [`Context`]), then add `KIND`
//! to [`PROTOCOLS`]. [`parse`] and every front end (simulate, tournament) find it there.

use accord_model::Scenario;
use rand::rngs::ChaCha8Rng;
use serde::Serialize;

use crate::clock::TimeLimit;
use crate::compiled::{CompiledScenario, OutcomeId};
use crate::consent::Consent;
use crate::error::SimError;
use crate::strategy::Strategy;

mod drafted;
mod sao;
mod single_text;

pub use drafted::{DraftProtocol, DraftedSettings, DraftedThenRatified};
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
        /// Its position in the compiled scenario.
        by: usize,
    },
    /// The drafters could not agree on a draft.
    NoDraft,
    /// The draft was not ratified by these parties (positions in the compiled scenario) by the deadline.
    Rejected {
        /// Positions in the compiled scenario of the signatories that still rejected it.
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
    /// Per issue, the party (position in the compiled scenario) that shaped the final term, where the
    /// protocol records it (drafted-then-ratified); `None` for the mediator or unknown.
    pub shaped_by: Vec<Option<usize>>,
}

/// What happened in one action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
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

/// The stage of a negotiation an action belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stage {
    /// The negotiators' own negotiation (SAO, single text).
    Negotiation,
    /// Drafting by the drafters (drafted-then-ratified).
    Draft,
    /// The drafters consult a party.
    Consultation,
    /// The other negotiators vote on the draft.
    Ratification,
}

impl Stage {
    /// Its name in traces: `negotiation`, `draft`, `consultation`, `ratification`.
    pub fn name(self) -> &'static str {
        match self {
            Stage::Negotiation => "negotiation",
            Stage::Draft => "draft",
            Stage::Consultation => "consultation",
            Stage::Ratification => "ratification",
        }
    }

    /// Its title in a story: `Negotiation`, `Drafting`, `Consultation`, `Ratification`.
    pub fn title(self) -> &'static str {
        match self {
            Stage::Negotiation => "Negotiation",
            Stage::Draft => "Drafting",
            Stage::Consultation => "Consultation",
            Stage::Ratification => "Ratification",
        }
    }
}

/// One recorded action.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TraceEvent {
    /// The stage.
    pub stage: Stage,
    /// The round, from 0.
    pub round: usize,
    /// Relative time.
    pub t: f64,
    /// The acting party's position in the compiled scenario (`None`: the mediator).
    pub party: Option<usize>,
    /// What it did.
    pub action: Action,
    /// The outcome concerned (the offer, the answered offer, the text).
    pub outcome: Option<OutcomeId>,
    /// Changes asked for, `(issue, option)`, with a rejection of a text.
    pub objections: Vec<(usize, usize)>,
    /// For a ratification vote ([`Action::Ratify`], [`Action::Veto`]): the utility the voter
    /// compared the draft with — its walk-away, lowered by the pressure of this vote. `None`
    /// for every other action.
    pub threshold: Option<f64>,
}

/// A record of every action, or nothing.
#[derive(Debug, Clone, Default)]
pub struct Trace {
    events: Option<Vec<TraceEvent>>,
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
    pub fn push(&mut self, event: impl FnOnce() -> TraceEvent) {
        if let Some(events) = &mut self.events {
            events.push(event());
        }
    }

    /// The events recorded.
    pub fn events(&self) -> &[TraceEvent] {
        self.events.as_deref().unwrap_or(&[])
    }
}

/// A negotiation protocol.
pub trait Protocol {
    /// Its name.
    fn name(&self) -> &'static str;

    /// The drafters (positions in the compiled scenario), for a protocol where some parties
    /// draft and the others ratify; empty otherwise.
    fn drafters(&self) -> &[usize] {
        &[]
    }

    /// The agreement rule it applies, when it is not every member's acceptance (see
    /// [`crate::consent`]); `None` by default.
    fn consent(&self) -> Option<&Consent> {
        None
    }

    /// Runs the negotiators of `members` (positions in `compiled`; `strategies` is indexed by
    /// position in the compiled scenario) to the end.
    fn run(
        &self,
        compiled: &CompiledScenario,
        members: &[usize],
        strategies: &mut [Box<dyn Strategy>],
        rng: &mut ChaCha8Rng,
        trace: &mut Trace,
    ) -> RunResult;
}

/// The relative time at which a timeout ends: the deadline has passed, so `t = 1` (as in
/// NegMAS and Genius), whereas the last turn itself sees `R/(R+1) < 1`.
pub const TIMEOUT_T: f64 = 1.0;

/// NegMAS's relative time of round `round` of `rounds`: `(round + 1) / (rounds + 1)`.
/// The last round sees `rounds/(rounds + 1) < 1`, so a time-dependent strategy's target never
/// quite reaches its reserve (as in NegMAS).
pub fn relative_time(round: usize, rounds: usize) -> f64 {
    (round + 1) as f64 / (rounds + 1) as f64
}

/// Who drafts and who is consulted, resolved to positions, with the drafted-then-ratified
/// settings (ignored by protocols without drafting).
#[derive(Debug, Clone, Default)]
pub struct Drafting {
    /// The drafters (positions in the compiled scenario); empty: the drafters of the
    /// scenario's first plan that names any with preferences.
    pub drafters: Vec<usize>,
    /// The parties the drafters consult, in order; `None`: the default, the `consulted`
    /// parties of the plan the drafters come from (see [`DraftedThenRatified`]).
    pub consulted: Option<Vec<usize>>,
    /// Consultation, revision, pressure and the drafting protocol.
    pub settings: DraftedSettings,
}

/// What a protocol is built from.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// The scenario (its plans name default drafters).
    pub scenario: &'a Scenario,
    /// The scenario compiled.
    pub compiled: &'a CompiledScenario,
    /// The negotiators, in turn order (positions in the compiled scenario).
    pub negotiators: &'a [usize],
    /// The deadline in rounds (of drafting, for drafted-then-ratified).
    pub rounds: usize,
    /// The opening text of a single negotiating text: the status quo, when every issue has
    /// one (`None`: a random outcome).
    pub opening: Option<OutcomeId>,
    /// Drafting settings, for protocols with drafting.
    pub drafting: &'a Drafting,
    /// A deadline in time beside the rounds (SAO only; the others refuse one).
    pub time_limit: Option<&'a TimeLimit>,
}

/// An entry of the protocol table: a name and how to build the protocol.
#[derive(Debug, Clone, Copy)]
pub struct ProtocolKind {
    /// Its name (`sao`, `single-text`, `drafted-then-ratified`).
    pub name: &'static str,
    /// One line on what it does.
    pub about: &'static str,
    /// Whether some parties draft and the others ratify: then every party with preferences
    /// negotiates by default (otherwise every signatory with preferences), and drafters and a
    /// consulted party may be given.
    pub drafting: bool,
    /// Builds the protocol, checking its settings.
    pub build: fn(&Context<'_>) -> Result<Box<dyn Protocol + Sync>, SimError>,
}

impl PartialEq for ProtocolKind {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

/// Every protocol, by name: the one table a new protocol is added to.
pub const PROTOCOLS: &[ProtocolKind] = &[sao::KIND, single_text::KIND, drafted::KIND];

/// The protocol named `name`; [`SimError::UnknownProtocol`] otherwise.
pub fn parse(name: &str) -> Result<&'static ProtocolKind, SimError> {
    PROTOCOLS
        .iter()
        .find(|k| k.name == name)
        .ok_or_else(|| SimError::UnknownProtocol(name.to_string()))
}

/// The names of [`PROTOCOLS`], in order.
pub fn names() -> Vec<&'static str> {
    PROTOCOLS.iter().map(|k| k.name).collect()
}

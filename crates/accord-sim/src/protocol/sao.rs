//! Stacked alternating offers (SAO) for two or more parties, with NegMAS 0.16's semantics
//! (`SAOMechanism` with default options). The rules, each tested in `tests/sao.rs`:
//!
//! 1. **Turn ring.** Negotiators act in the order of `members`, a fixed ring that never
//!    reverses; the first member opens. A round gives every member one turn, so `n` parties ×
//!    `R` rounds is at most `n·R` actions.
//! 2. **Relative time.** In round `r` (from 0) of `R`, every member sees `t = (r+1)/(R+1)`; the
//!    last round sees `R/(R+1)`, never 1.
//! 3. **A turn.** With no standing offer the member proposes. Otherwise it answers the
//!    standing offer: accept, reject (then it proposes a counter-offer, which becomes the
//!    standing offer), or end.
//! 4. **Agreement.** The proposer counts as accepting its own offer; each accept adds one;
//!    when all `n` members have accepted the same standing offer it is the agreement (so the
//!    `n − 1` others must accept in consecutive turns). Any counter-offer resets the count to 1.
//!    (A single member's first offer is its agreement: a one-party draft.)
//!    **Under an agreement rule** (a quorum, scoped consent or ratifiers; see
//!    [`crate::consent`]) the standing offer is agreed as soon as the acceptances heard since it
//!    was made satisfy the rule ([`accord_model::ConsentRule::is_agreement`], a member that has
//!    not answered yet counting as not accepting). When they would with the ratifiers' consent,
//!    the ratifiers of the accepting signatories the offer asks vote, each after its party (ring
//!    order from the proposer), by their red lines and walk-away, in a ratification stage; then
//!    the rule decides with their votes. A failed vote leaves the offer standing; a member whose
//!    turn comes while it has already accepted the standing offer makes a new one.
//! 5. **End-negotiation.** A member that ends, or that refuses to make an offer when it must,
//!    breaks the negotiation for everyone: no agreement.
//! 6. **Deadline.** After `R` rounds without agreement the negotiation times out. With a
//!    time limit ([`crate::clock::TimeLimit`], NegMAS's `time_limit`) as well, the clock is
//!    read before every turn: once `limit` seconds have passed since the negotiation began it
//!    times out there (the earlier of the two limits ends it, as NegMAS's `SAOMechanism` with
//!    `n_steps` and `time_limit`), and a turn sees `t = max((r+1)/(R+1), elapsed/limit)`.
//!    Under the machine's clock such a run is not reproducible byte for byte.
//! 7. **Ending times.** Each ending has its own time: an agreement ends at the accepting
//!    turn's `t`, a walk-out (end-negotiation) at the walking-out turn's `t`, and a timeout at
//!    `t = 1` (the deadline has passed, as in NegMAS and Genius), so a discounted walk-away
//!    after a timeout is `walk_away · d^1`.
//! 8. **Observation.** Every offer is shown (`Strategy::observe`) to every other member
//!    before anyone answers it.
//! 9. **Discounting.** A party with discount `d` values the ending at time `t` at `u·d^t`
//!    (agreement utility, or the walk-away on failure); see [`crate::payoffs`]. Strategies
//!    reason in undiscounted utility: with the walk-away discounted alike (as Genius does),
//!    comparing an offer with the walk-away is unaffected. (NegMAS turns a Genius discount
//!    into `d^round`; accord's scenario format defines `u·d^t` over relative time.)
//!
//! Not modelled (NegMAS options with no counterpart here): per-step and per-negotiator time
//! limits, a probabilistic end (`pend`), WAIT, LEAVE and NO_RESPONSE answers, dynamic entry.

use std::sync::Arc;

use rand::rngs::ChaCha8Rng;

use super::{
    Action, Context, Ending, Protocol, ProtocolKind, RunResult, Stage, TIMEOUT_T, Trace,
    TraceEvent, relative_time,
};
use crate::clock::TimeLimit;
use crate::compiled::{CompiledScenario, OutcomeId};
use crate::consent::Consent;
use crate::error::SimError;
use crate::strategy::{Answer, Strategy, Turn};

/// Stacked alternating offers with a deadline in rounds.
#[derive(Debug, Clone)]
pub struct Sao {
    /// The deadline: the number of rounds.
    pub rounds: usize,
    /// The stage name recorded in the trace.
    pub stage: Stage,
    /// The agreement rule, when it is not every member's acceptance (see [`Consent`]).
    pub consent: Option<Arc<Consent>>,
    /// A deadline in time beside the rounds (rule 6), if any.
    pub time_limit: Option<TimeLimit>,
}

impl Sao {
    /// SAO with `rounds` rounds, every member's acceptance needed.
    pub fn new(rounds: usize) -> Self {
        Sao {
            rounds,
            stage: Stage::Negotiation,
            consent: None,
            time_limit: None,
        }
    }

    /// The same with a deadline in time as well (`None`: rounds only).
    pub fn with_time_limit(mut self, limit: Option<TimeLimit>) -> Self {
        self.time_limit = limit;
        self
    }

    /// The same under an agreement rule (`None`: every member's acceptance).
    pub fn with_consent(mut self, consent: Option<Arc<Consent>>) -> Self {
        self.consent = consent;
        self
    }
}

/// The table entry (see [`super::PROTOCOLS`]).
pub(super) const KIND: ProtocolKind = ProtocolKind {
    name: "sao",
    about: "stacked alternating offers (NegMAS semantics)",
    drafting: false,
    build,
};

fn build(c: &Context<'_>) -> Result<Box<dyn Protocol + Sync>, SimError> {
    let consent = Consent::for_negotiation(c.scenario, c.compiled, c.negotiators).map(Arc::new);
    Ok(Box::new(
        Sao::new(c.rounds)
            .with_consent(consent)
            .with_time_limit(c.time_limit.cloned()),
    ))
}

impl Protocol for Sao {
    fn name(&self) -> &'static str {
        "sao"
    }

    fn consent(&self) -> Option<&Consent> {
        self.consent.as_deref()
    }

    fn run(
        &self,
        compiled: &CompiledScenario,
        members: &[usize],
        strategies: &mut [Box<dyn Strategy>],
        rng: &mut ChaCha8Rng,
        trace: &mut Trace,
    ) -> RunResult {
        match self.consent.as_deref() {
            None => self.run_by(
                compiled,
                members,
                strategies,
                rng,
                trace,
                Unanimity {
                    n: members.len(),
                    accepted: 0,
                },
            ),
            Some(consent) => self.run_by(
                compiled,
                members,
                strategies,
                rng,
                trace,
                Ruled {
                    consent,
                    compiled,
                    members,
                    heard: vec![None; compiled.parties.len()],
                    proposer: 0,
                },
            ),
        }
    }
}

/// When the standing offer is agreed (rule 4, or the agreement rule).
trait Closing {
    /// Member `i` made `offer`, the new standing offer: whether it is agreed already.
    fn offered(&mut self, i: usize, offer: OutcomeId, at: (usize, f64), trace: &mut Trace) -> bool;
    /// Member `i` accepted the standing offer: whether it is agreed now.
    fn accepted(&mut self, i: usize, offer: OutcomeId, at: (usize, f64), trace: &mut Trace)
    -> bool;
    /// Whether member `i` already accepted the standing offer (every member has answered it
    /// and it is not agreed: the member makes a new offer instead).
    fn spent(&self, i: usize) -> bool;
}

/// Every member must accept (rule 4): a count since the last offer.
struct Unanimity {
    n: usize,
    accepted: usize,
}

impl Closing for Unanimity {
    #[inline]
    fn offered(&mut self, _: usize, _: OutcomeId, _: (usize, f64), _: &mut Trace) -> bool {
        self.accepted = 1;
        self.n == 1
    }
    #[inline]
    fn accepted(&mut self, _: usize, _: OutcomeId, _: (usize, f64), _: &mut Trace) -> bool {
        self.accepted += 1;
        self.accepted == self.n
    }
    #[inline]
    fn spent(&self, _: usize) -> bool {
        false
    }
}

/// The scenario's agreement rule: the offer is agreed as soon as the acceptances heard so far
/// satisfy it. When they would with the ratifiers' consent, the ratifiers of the accepting
/// signatories the offer asks vote, each after its party (ring order from the proposer), in
/// the ratification stage; then the rule decides with their votes. A failed vote leaves the
/// offer standing (later acceptances may still carry it); once every member has accepted it in
/// vain, the next member makes a new offer.
struct Ruled<'a> {
    consent: &'a Consent,
    compiled: &'a CompiledScenario,
    members: &'a [usize],
    /// Per compiled position: its answer to the standing offer (a ratifier's vote).
    heard: Vec<Option<bool>>,
    /// The member who made the standing offer.
    proposer: usize,
}

impl Ruled<'_> {
    fn check(&mut self, offer: OutcomeId, (round, t): (usize, f64), trace: &mut Trace) -> bool {
        let (consent, compiled) = (self.consent, self.compiled);
        if !consent.is_agreement(compiled, offer, |k| self.heard[k], true) {
            return false;
        }
        if !consent.rule().has_ratifiers() {
            return true; // nobody to presume: the check above was the rule's
        }
        let n = self.members.len();
        for k in 0..n {
            let m = self.members[(self.proposer + k) % n];
            if self.heard[m] != Some(true) || !consent.ratification_asked(compiled, m, offer) {
                continue;
            }
            for &r in consent.ratifiers(m) {
                if self.heard[r].is_some() {
                    continue;
                }
                let bar = compiled.functions[r].walk_away;
                let yes = Consent::vote(compiled, r, offer, bar);
                self.heard[r] = Some(yes);
                let action = if yes { Action::Ratify } else { Action::Veto };
                trace.push(|| TraceEvent {
                    threshold: Some(bar),
                    ..event(Stage::Ratification, round, t, r, action, Some(offer))
                });
            }
        }
        consent.is_agreement(compiled, offer, |k| self.heard[k], false)
    }
}

impl Closing for Ruled<'_> {
    fn offered(&mut self, i: usize, offer: OutcomeId, at: (usize, f64), trace: &mut Trace) -> bool {
        self.heard.fill(None);
        self.heard[self.members[i]] = Some(true);
        self.proposer = i;
        self.check(offer, at, trace)
    }
    fn accepted(
        &mut self,
        i: usize,
        offer: OutcomeId,
        at: (usize, f64),
        trace: &mut Trace,
    ) -> bool {
        self.heard[self.members[i]] = Some(true);
        self.check(offer, at, trace)
    }
    fn spent(&self, i: usize) -> bool {
        self.heard[self.members[i]] == Some(true)
    }
}

impl Sao {
    fn run_by(
        &self,
        compiled: &CompiledScenario,
        members: &[usize],
        strategies: &mut [Box<dyn Strategy>],
        rng: &mut ChaCha8Rng,
        trace: &mut Trace,
        mut closing: impl Closing,
    ) -> RunResult {
        let n = members.len();
        let stage = self.stage;
        let mut standing: Option<OutcomeId> = None;
        let done = |agreement: Option<OutcomeId>, ending: Ending, round: usize, t: f64| RunResult {
            agreement,
            ending,
            rounds: round,
            t,
            shaped_by: Vec::new(),
        };
        let start = self.time_limit.as_ref().map(|l| l.clock.now());
        for round in 0..self.rounds {
            let t_round = relative_time(round, self.rounds);
            for (i, &p) in members.iter().enumerate() {
                // Rule 6: the clock, read before every turn.
                let mut t = t_round;
                if let (Some(limit), Some(start)) = (&self.time_limit, start) {
                    let t_clock = limit.relative(start, limit.clock.now());
                    if t_clock >= 1.0 {
                        let rounds = round + usize::from(i > 0);
                        return done(None, Ending::Timeout, rounds, TIMEOUT_T);
                    }
                    t = t.max(t_clock);
                }
                let own = &compiled.functions[p];
                let turn = Turn {
                    t,
                    round,
                    rounds: self.rounds,
                    me: i,
                    negotiators: n,
                    space: &compiled.space,
                };
                if let Some(offer) = standing.filter(|_| !closing.spent(i)) {
                    match strategies[p].respond(own, &turn, offer, rng) {
                        Answer::Accept => {
                            trace.push(|| event(stage, round, t, p, Action::Accept, Some(offer)));
                            if closing.accepted(i, offer, (round, t), trace) {
                                return done(Some(offer), Ending::Agreement, round + 1, t);
                            }
                            continue;
                        }
                        Answer::End => {
                            trace.push(|| event(stage, round, t, p, Action::End, Some(offer)));
                            return done(None, Ending::Ended { by: p }, round + 1, t);
                        }
                        Answer::Reject => {
                            trace.push(|| event(stage, round, t, p, Action::Reject, Some(offer)));
                        }
                    }
                }
                match strategies[p].propose(own, &turn, rng) {
                    Some(offer) => {
                        standing = Some(offer);
                        trace.push(|| event(stage, round, t, p, Action::Offer, Some(offer)));
                        // A negotiator alone agrees with itself (a one-party draft).
                        if closing.offered(i, offer, (round, t), trace) {
                            return done(Some(offer), Ending::Agreement, round + 1, t);
                        }
                        for (j, &q) in members.iter().enumerate() {
                            if j != i {
                                let turn_q = Turn { me: j, ..turn };
                                strategies[q].observe(&compiled.functions[q], &turn_q, i, offer);
                            }
                        }
                    }
                    None => {
                        trace.push(|| event(stage, round, t, p, Action::End, None));
                        return done(None, Ending::Ended { by: p }, round + 1, t);
                    }
                }
            }
        }
        // The deadline has passed: a timeout ends at t = 1 (NegMAS and Genius), not at the
        // last turn's time.
        done(None, Ending::Timeout, self.rounds, TIMEOUT_T)
    }
}

fn event(
    stage: Stage,
    round: usize,
    t: f64,
    party: usize,
    action: Action,
    outcome: Option<OutcomeId>,
) -> TraceEvent {
    TraceEvent {
        stage,
        round,
        t,
        party: Some(party),
        action,
        outcome,
        objections: Vec::new(),
        threshold: None,
    }
}

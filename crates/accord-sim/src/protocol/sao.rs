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
//! 5. **End-negotiation.** A member that ends, or that refuses to make an offer when it must,
//!    breaks the negotiation for everyone: no agreement.
//! 6. **Deadline.** After `R` rounds without agreement the negotiation times out.
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
//! Not modelled (NegMAS options with no counterpart here): wall-clock time limits, a
//! probabilistic end (`pend`), WAIT, LEAVE and NO_RESPONSE answers, dynamic entry. Deadlines
//! are in rounds only.

use rand::rngs::ChaCha8Rng;

use super::{
    Action, Context, Ending, Protocol, ProtocolKind, RunResult, Stage, TIMEOUT_T, Trace,
    TraceEvent, relative_time,
};
use crate::compiled::{CompiledScenario, OutcomeId};
use crate::error::SimError;
use crate::strategy::{Answer, Strategy, Turn};

/// Stacked alternating offers with a deadline in rounds.
#[derive(Debug, Clone)]
pub struct Sao {
    /// The deadline: the number of rounds.
    pub rounds: usize,
    /// The stage name recorded in the trace.
    pub stage: Stage,
}

impl Sao {
    /// SAO with `rounds` rounds.
    pub fn new(rounds: usize) -> Self {
        Sao {
            rounds,
            stage: Stage::Negotiation,
        }
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
    Ok(Box::new(Sao::new(c.rounds)))
}

impl Protocol for Sao {
    fn name(&self) -> &'static str {
        "sao"
    }

    fn run(
        &self,
        compiled: &CompiledScenario,
        members: &[usize],
        strategies: &mut [Box<dyn Strategy>],
        rng: &mut ChaCha8Rng,
        trace: &mut Trace,
    ) -> RunResult {
        let n = members.len();
        let stage = self.stage;
        let mut standing: Option<OutcomeId> = None;
        let mut accepted = 0usize;
        let done = |agreement: Option<OutcomeId>, ending: Ending, round: usize, t: f64| RunResult {
            agreement,
            ending,
            rounds: round,
            t,
            shaped_by: Vec::new(),
        };
        for round in 0..self.rounds {
            let t = relative_time(round, self.rounds);
            for (i, &p) in members.iter().enumerate() {
                let own = &compiled.functions[p];
                let turn = Turn {
                    t,
                    round,
                    rounds: self.rounds,
                    me: i,
                    negotiators: n,
                    space: &compiled.space,
                };
                if let Some(offer) = standing {
                    match strategies[p].respond(own, &turn, offer, rng) {
                        Answer::Accept => {
                            accepted += 1;
                            trace.push(|| event(stage, round, t, p, Action::Accept, Some(offer)));
                            if accepted == n {
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
                        accepted = 1;
                        trace.push(|| event(stage, round, t, p, Action::Offer, Some(offer)));
                        if n == 1 {
                            // A negotiator alone agrees with itself (a one-party draft).
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

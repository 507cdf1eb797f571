//! A mediated single negotiating text (the one-text procedure of Camp David; Raiffa).
//!
//! The mediator knows nobody's preferences. Rules:
//!
//! 1. **Opening text.** The mediator opens with `opening` (the status quo, say) or, without
//!    one, a uniformly random outcome from the run's generator.
//! 2. **Answers.** In round `r` (relative time `t = (r+1)/(R+1)`, as in SAO) every member, in
//!    order, answers the text with its strategy: accept, or reject with objections — the
//!    issues it wants changed and the option it asks for on each (most wanted first;
//!    `Strategy::objections`). A member that ends the negotiation breaks it.
//! 3. **Agreement** when every member accepts the same text. **Under an agreement rule** (a
//!    quorum, scoped consent or ratifiers; see [`crate::consent`]) when the members' answers
//!    satisfy it ([`accord_model::ConsentRule::is_agreement`]); when they would with the
//!    ratifiers' consent, the ratifiers of the accepting signatories the text asks vote after
//!    their party, in a ratification stage, and the rule decides with their votes. A party
//!    whose ratifiers refuse relays the first refusing ratifier's objections (rule 4).
//! 4. **Revision.** Otherwise the mediator changes one issue. It considers the rejecting
//!    members by most unmet rejections so far (ties: the earlier member) and grants the first
//!    requested change, in that order of members and each member's order of requests, that
//!    (a) yields a text never tabled before and does not undo a change granted to another
//!    member; failing that (b) yields a new text; failing that (c) any request. The served
//!    member's count is reset, every other rejecting member's count grows by one. So the text
//!    moves in turn toward each holdout, keeps what was granted, and avoids going in circles;
//!    strategies that concede over time come to accept it.
//! 5. **Deadline.** After `R` rounds without agreement, a timeout, ending at `t = 1`
//!    (an agreement or a walk-out ends at its turn's `t`).

use std::sync::Arc;

use rand::RngExt as _;
use rand::rngs::ChaCha8Rng;

use super::{
    Action, Context, Ending, Protocol, ProtocolKind, RunResult, Stage, TIMEOUT_T, Trace,
    TraceEvent, relative_time,
};
use crate::compiled::{CompiledScenario, OutcomeId};
use crate::consent::Consent;
use crate::error::SimError;
use crate::strategy::{Answer, Strategy, Turn, default_objections};

/// The mediated single negotiating text.
#[derive(Debug, Clone)]
pub struct SingleText {
    /// The deadline in rounds.
    pub rounds: usize,
    /// The opening text; `None`: a random outcome.
    pub opening: Option<OutcomeId>,
    /// The stage name recorded in the trace.
    pub stage: Stage,
    /// The agreement rule, when it is not every member's acceptance (see [`Consent`]).
    pub consent: Option<Arc<Consent>>,
}

impl SingleText {
    /// A single-text negotiation of `rounds` rounds.
    pub fn new(rounds: usize, opening: Option<OutcomeId>) -> Self {
        SingleText {
            rounds,
            opening,
            stage: Stage::Negotiation,
            consent: None,
        }
    }

    /// The same under an agreement rule (`None`: every member's acceptance).
    pub fn with_consent(mut self, consent: Option<Arc<Consent>>) -> Self {
        self.consent = consent;
        self
    }
}

/// The table entry (see [`super::PROTOCOLS`]).
pub(super) const KIND: ProtocolKind = ProtocolKind {
    name: "single-text",
    about: "a mediator's single negotiating text",
    drafting: false,
    build,
};

fn build(c: &Context<'_>) -> Result<Box<dyn Protocol + Sync>, SimError> {
    if c.time_limit.is_some() {
        return Err(SimError::TimeLimitUnsupported(KIND.name));
    }
    let consent = Consent::for_negotiation(c.scenario, c.compiled, c.negotiators).map(Arc::new);
    Ok(Box::new(
        SingleText::new(c.rounds, c.opening).with_consent(consent),
    ))
}

impl Protocol for SingleText {
    fn name(&self) -> &'static str {
        "single-text"
    }

    fn consent(&self) -> Option<&Consent> {
        self.consent.as_deref()
    }

    /// `shaped_by` gives, per issue, the member (position in the compiled scenario) whose
    /// objection set the final option (`None`: the mediator's opening text).
    fn run(
        &self,
        compiled: &CompiledScenario,
        members: &[usize],
        strategies: &mut [Box<dyn Strategy>],
        rng: &mut ChaCha8Rng,
        trace: &mut Trace,
    ) -> RunResult {
        let stage = self.stage;
        let n_issues = compiled.space.radices.len();
        let mut shaped: Vec<Option<usize>> = vec![None; n_issues];
        let mut text = match self.opening {
            Some(o) => o,
            None => rng.random_range(0..compiled.space.len),
        };
        let mut unmet = vec![0usize; members.len()];
        let mut tabled: Vec<OutcomeId> = vec![text];
        // Under an agreement rule: each party's answer to the text (a ratifier's vote).
        let mut heard: Vec<Option<bool>> = Vec::new();
        for round in 0..self.rounds {
            let t = relative_time(round, self.rounds);
            trace.push(|| TraceEvent {
                stage,
                round,
                t,
                party: None,
                action: Action::Text,
                outcome: Some(text),
                objections: Vec::new(),
                threshold: None,
            });
            let mut requests: Vec<(usize, Vec<(usize, usize)>)> = Vec::new();
            for (i, &p) in members.iter().enumerate() {
                let own = &compiled.functions[p];
                let turn = Turn {
                    t,
                    round,
                    rounds: self.rounds,
                    me: i,
                    negotiators: members.len(),
                    space: &compiled.space,
                };
                let answer = strategies[p].respond(own, &turn, text, rng);
                if self.consent.is_some() {
                    heard.resize(compiled.parties.len(), None);
                    heard[p] = Some(answer == Answer::Accept);
                }
                match answer {
                    Answer::Accept => trace.push(|| TraceEvent {
                        stage,
                        round,
                        t,
                        party: Some(p),
                        action: Action::Accept,
                        outcome: Some(text),
                        objections: Vec::new(),
                        threshold: None,
                    }),
                    Answer::Reject => {
                        let objections = strategies[p].objections(own, &turn, text);
                        trace.push(|| TraceEvent {
                            stage,
                            round,
                            t,
                            party: Some(p),
                            action: Action::Reject,
                            outcome: Some(text),
                            objections: objections.clone(),
                            threshold: None,
                        });
                        requests.push((i, objections));
                    }
                    Answer::End => {
                        trace.push(|| TraceEvent {
                            stage,
                            round,
                            t,
                            party: Some(p),
                            action: Action::End,
                            outcome: Some(text),
                            objections: Vec::new(),
                            threshold: None,
                        });
                        return RunResult {
                            agreement: None,
                            ending: Ending::Ended { by: p },
                            rounds: round + 1,
                            t,
                            shaped_by: shaped,
                        };
                    }
                }
            }
            let agreed = match self.consent.as_deref() {
                None => requests.is_empty(),
                Some(consent) => ratify(
                    consent,
                    compiled,
                    members,
                    text,
                    (round, t),
                    &mut heard,
                    &mut requests,
                    trace,
                ),
            };
            if agreed {
                return RunResult {
                    agreement: Some(text),
                    ending: Ending::Agreement,
                    rounds: round + 1,
                    t,
                    shaped_by: shaped,
                };
            }
            heard.fill(None);
            // Serve the holdout with the most unmet rejections whose request gives a new text.
            let mut order: Vec<&(usize, Vec<(usize, usize)>)> = requests.iter().collect();
            order.sort_by(|a, b| unmet[b.0].cmp(&unmet[a.0]).then(a.0.cmp(&b.0)));
            // Tier 2: a new text that keeps what others were granted; 1: a new text; 0: any.
            let request = |(i, objections): &&(usize, Vec<(usize, usize)>), tier: u8| {
                objections.iter().find_map(|&(issue, option)| {
                    let next = compiled.space.with(text, issue, option);
                    let fresh = !tabled.contains(&next);
                    let kept = shaped[issue].is_none_or(|p| p == members[*i]);
                    let ok = match tier {
                        2 => fresh && kept,
                        1 => fresh,
                        _ => true,
                    };
                    ok.then_some((*i, issue, next))
                })
            };
            let served = [2, 1, 0]
                .into_iter()
                .find_map(|tier| order.iter().find_map(|r| request(r, tier)));
            for (i, _) in &requests {
                unmet[*i] += 1;
            }
            if let Some((i, issue, next)) = served {
                unmet[i] = 0;
                text = next;
                tabled.push(next);
                shaped[issue] = Some(members[i]);
            }
        }
        RunResult {
            agreement: None,
            ending: Ending::Timeout,
            rounds: self.rounds,
            // The deadline has passed: t = 1 (see the SAO rules).
            t: TIMEOUT_T,
            shaped_by: shaped,
        }
    }
}

/// Under an agreement rule: whether the members' answers to `text` (in `heard`) satisfy it.
/// When they would with the ratifiers' consent, the ratifiers of the accepting signatories the
/// text asks vote, each after its party (member order), by their red lines and walk-away, in
/// the ratification stage; then the rule decides with their votes. A member whose ratifiers
/// refused the text relays the objections of its first refusing ratifier to the mediator (the
/// ratifier's own steps, [`default_objections`]), as if it had rejected the text itself.
#[allow(clippy::too_many_arguments)]
fn ratify(
    consent: &Consent,
    compiled: &CompiledScenario,
    members: &[usize],
    text: OutcomeId,
    (round, t): (usize, f64),
    heard: &mut [Option<bool>],
    requests: &mut Vec<(usize, Vec<(usize, usize)>)>,
    trace: &mut Trace,
) -> bool {
    if !consent.is_agreement(compiled, text, |k| heard[k], true) {
        return false;
    }
    for &m in members {
        if heard[m] != Some(true) || !consent.ratification_asked(compiled, m, text) {
            continue;
        }
        for &r in consent.ratifiers(m) {
            let bar = compiled.functions[r].walk_away;
            let yes = Consent::vote(compiled, r, text, bar);
            heard[r] = Some(yes);
            trace.push(|| TraceEvent {
                stage: Stage::Ratification,
                round,
                t,
                party: Some(r),
                action: if yes { Action::Ratify } else { Action::Veto },
                outcome: Some(text),
                objections: Vec::new(),
                threshold: Some(bar),
            });
        }
    }
    if consent.is_agreement(compiled, text, |k| heard[k], false) {
        return true;
    }
    for (i, &m) in members.iter().enumerate() {
        if heard[m] != Some(true)
            || !consent.ratification_asked(compiled, m, text)
            || consent.counts_as_accepting(compiled, m, text, |k| heard[k])
        {
            continue;
        }
        let refusing = consent
            .ratifiers(m)
            .iter()
            .find(|&&r| heard[r] == Some(false));
        if let Some(&r) = refusing {
            let objections = default_objections(&compiled.functions[r], &compiled.space, text);
            if !objections.is_empty() {
                requests.push((i, objections));
            }
        }
    }
    false
}

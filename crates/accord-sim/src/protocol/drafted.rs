//! Drafted-then-ratified: a subset of parties drafts, optionally consults a named party, then
//! the draft goes to the others for ratification (the 2025 plans' process; Putnam's two-level
//! game with the drafters at Level I).
//!
//! Rules:
//!
//! 1. **Drafting.** The drafters negotiate by SAO or the single negotiating text (their own
//!    strategies, `rounds` rounds). Without an agreement among them there is no draft
//!    ([`Ending::NoDraft`]).
//! 2. **Who shaped the draft.** For SAO, each issue is credited to the drafter whose *opening*
//!    offer already had the final option (several: the drafter whose offer was agreed, if among
//!    them, else the first in the ring); an issue no opening offer had is credited to the
//!    drafter whose offer was agreed. For the single text, to the drafter whose objection set it
//!    (or nobody: the mediator's opening text).
//! 3. **Consultation.** With a consulted party and `consultations > 0`: in each consultation
//!    round the consulted party answers the draft with its strategy; if it rejects, the drafters
//!    adopt the first of its objections (most wanted first) that every drafter still finds
//!    acceptable (no red line, at least its walk-away); the issue is then credited to the
//!    consulted party. It stops when the party accepts or no objection is adoptable.
//! 4. **Ratification.** Every other party (not a drafter) votes, in domain order: it ratifies
//!    when the draft crosses none of its red lines and is worth at least its walk-away lowered
//!    by `pressure × r` in ratification round `r` (from 0) — the pressure is a what-if on the
//!    walk-away, as `--set parties.P.walk_away=…` would be. Non-signatories vote but cannot
//!    block. All signatory voters ratify → agreement.
//! 5. **Revision.** Otherwise, while revision rounds remain (`revisions`), each rejecting party
//!    in order names its objections, and the drafters adopt the first one acceptable to every
//!    drafter (rule 3's test), crediting the issue to that party (or record that they refuse
//!    them all); then a new vote (round
//!    `r + 1`, more pressure). After the last vote, the draft is rejected
//!    ([`Ending::Rejected`], listing the signatories that still refuse).
//! 6. **Time.** Drafting uses relative time as its protocol; consultation and ratification
//!    rounds are reported as rounds after the drafting rounds, and the final relative time is
//!    that of the drafting stage's end (discounting applies to drafting time).

use rand::rngs::ChaCha8Rng;

use super::{Action, Ending, Event, Protocol, RunResult, Sao, SingleText, Trace};
use crate::domain::{Domain, OutcomeId};
use crate::strategy::{Answer, Strategy, Turn};

/// An adopted change: the issue and the amended draft.
type Amended = Option<(usize, OutcomeId)>;

/// The protocol the drafters use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DraftProtocol {
    /// Stacked alternating offers.
    Sao,
    /// The mediated single negotiating text.
    SingleText,
}

/// Drafted-then-ratified (see the module docs).
#[derive(Debug, Clone)]
pub struct DraftedThenRatified {
    /// The drafters (positions in the domain), in ring order.
    pub drafters: Vec<usize>,
    /// How they draft.
    pub draft: DraftProtocol,
    /// Rounds of drafting.
    pub rounds: usize,
    /// The party consulted during drafting (position in the domain), if any.
    pub consulted: Option<usize>,
    /// Consultation rounds.
    pub consultations: usize,
    /// Revision rounds after a failed ratification vote.
    pub revisions: usize,
    /// Walk-away lowered by this much per ratification round.
    pub pressure: f64,
    /// The opening text of a single-text draft.
    pub opening: Option<OutcomeId>,
}

impl DraftedThenRatified {
    fn adoptable(&self, domain: &Domain, candidate: OutcomeId) -> bool {
        self.drafters
            .iter()
            .all(|&d| domain.own[d].acceptable(candidate))
    }

    /// The first objection of `party` that every drafter accepts, applied to `draft`.
    fn amend(
        &self,
        domain: &Domain,
        strategy: &mut dyn Strategy,
        party: usize,
        turn: &Turn,
        draft: OutcomeId,
    ) -> (Vec<(usize, usize)>, Amended) {
        let objections = strategy.objections(&domain.own[party], turn, draft);
        let adopted = objections.iter().find_map(|&(issue, option)| {
            let candidate = domain.space.with(draft, issue, option);
            self.adoptable(domain, candidate)
                .then_some((issue, candidate))
        });
        (objections, adopted)
    }
}

fn credit_sao(
    domain: &Domain,
    trace: &Trace,
    drafters: &[usize],
    agreed: OutcomeId,
) -> Vec<Option<usize>> {
    let events = trace.events();
    let proposer = events
        .iter()
        .rev()
        .find(|e| e.action == Action::Offer && e.outcome == Some(agreed))
        .and_then(|e| e.party);
    let openings: Vec<(usize, OutcomeId)> = drafters
        .iter()
        .filter_map(|&d| {
            events
                .iter()
                .find(|e| e.action == Action::Offer && e.party == Some(d))
                .and_then(|e| e.outcome.map(|o| (d, o)))
        })
        .collect();
    (0..domain.space.radices.len())
        .map(|issue| {
            let want = domain.space.option(agreed, issue);
            let had: Vec<usize> = openings
                .iter()
                .filter(|(_, o)| domain.space.option(*o, issue) == want)
                .map(|(d, _)| *d)
                .collect();
            match (had.first(), proposer) {
                (None, p) => p,
                (Some(_), Some(p)) if had.contains(&p) => Some(p),
                (Some(&first), _) => Some(first),
            }
        })
        .collect()
}

impl Protocol for DraftedThenRatified {
    fn name(&self) -> &'static str {
        "drafted-then-ratified"
    }

    fn run(
        &self,
        domain: &Domain,
        members: &[usize],
        strategies: &mut [Box<dyn Strategy>],
        rng: &mut ChaCha8Rng,
        trace: &mut Trace,
    ) -> RunResult {
        // The drafting stage keeps its own full trace: crediting needs the opening offers.
        let mut draft_trace = Trace::on();
        let drafted = match self.draft {
            DraftProtocol::Sao => Sao {
                rounds: self.rounds,
                stage: "draft",
            }
            .run(domain, &self.drafters, strategies, rng, &mut draft_trace),
            DraftProtocol::SingleText => SingleText {
                rounds: self.rounds,
                opening: self.opening,
                stage: "draft",
            }
            .run(domain, &self.drafters, strategies, rng, &mut draft_trace),
        };
        for e in draft_trace.events() {
            trace.push(|| e.clone());
        }
        let t = drafted.t;
        let Some(mut draft) = drafted.agreement else {
            return RunResult {
                agreement: None,
                ending: Ending::NoDraft,
                rounds: drafted.rounds,
                t,
                shaped_by: drafted.shaped_by,
            };
        };
        let mut shaped = match self.draft {
            DraftProtocol::Sao => credit_sao(domain, &draft_trace, &self.drafters, draft),
            DraftProtocol::SingleText => drafted.shaped_by,
        };
        let mut round = drafted.rounds;
        let total = self.rounds + self.consultations + self.revisions + 1;
        let turn_for = |me: usize, round: usize| Turn {
            t,
            round,
            rounds: total,
            me,
            negotiators: members.len(),
            space: &domain.space,
        };

        // Consultation.
        if let Some(c) = self.consulted {
            for _ in 0..self.consultations {
                let me = members.iter().position(|&m| m == c).unwrap_or(0);
                let turn = turn_for(me, round);
                let answer = strategies[c].respond(&domain.own[c], &turn, draft, rng);
                if answer == Answer::Accept {
                    trace.push(|| {
                        vote_event(
                            "consultation",
                            round,
                            t,
                            c,
                            Action::Accept,
                            draft,
                            Vec::new(),
                        )
                    });
                    round += 1;
                    break;
                }
                let (objections, adopted) =
                    self.amend(domain, strategies[c].as_mut(), c, &turn, draft);
                trace.push(|| {
                    vote_event(
                        "consultation",
                        round,
                        t,
                        c,
                        Action::Reject,
                        draft,
                        objections.clone(),
                    )
                });
                round += 1;
                let Some((issue, amended)) = adopted else {
                    break;
                };
                draft = amended;
                shaped[issue] = Some(c);
                trace.push(|| {
                    vote_event(
                        "consultation",
                        round - 1,
                        t,
                        c,
                        Action::Amend,
                        draft,
                        vec![(issue, domain.space.option(draft, issue))],
                    )
                });
            }
        }

        // Ratification with revisions.
        let voters: Vec<usize> = members
            .iter()
            .copied()
            .filter(|m| !self.drafters.contains(m))
            .collect();
        for r in 0..=self.revisions {
            let mut refusing: Vec<usize> = Vec::new();
            for &v in &voters {
                let own = &domain.own[v];
                let bar = own.walk_away - self.pressure * r as f64;
                let ok = own.value(draft) >= bar - accord_model::TOLERANCE;
                let action = if ok { Action::Ratify } else { Action::Veto };
                trace.push(|| vote_event("ratification", round, t, v, action, draft, Vec::new()));
                if !ok {
                    refusing.push(v);
                }
            }
            let blocking: Vec<usize> = refusing
                .iter()
                .copied()
                .filter(|&v| domain.signatory[v])
                .collect();
            if blocking.is_empty() {
                return RunResult {
                    agreement: Some(draft),
                    ending: Ending::Agreement,
                    rounds: round + 1,
                    t,
                    shaped_by: shaped,
                };
            }
            if r == self.revisions {
                return RunResult {
                    agreement: None,
                    ending: Ending::Rejected { by: blocking },
                    rounds: round + 1,
                    t,
                    shaped_by: shaped,
                };
            }
            for &v in &blocking {
                let me = members.iter().position(|&m| m == v).unwrap_or(0);
                let turn = turn_for(me, round);
                let (objections, adopted) =
                    self.amend(domain, strategies[v].as_mut(), v, &turn, draft);
                if adopted.is_none() && !objections.is_empty() {
                    trace.push(|| {
                        vote_event(
                            "ratification",
                            round,
                            t,
                            v,
                            Action::Refuse,
                            draft,
                            objections.clone(),
                        )
                    });
                }
                if let Some((issue, amended)) = adopted {
                    draft = amended;
                    shaped[issue] = Some(v);
                    trace.push(|| {
                        vote_event(
                            "ratification",
                            round,
                            t,
                            v,
                            Action::Amend,
                            draft,
                            vec![(issue, domain.space.option(draft, issue))],
                        )
                    });
                }
            }
            round += 1;
        }
        unreachable!("the last ratification round returns")
    }
}

fn vote_event(
    stage: &'static str,
    round: usize,
    t: f64,
    party: usize,
    action: Action,
    outcome: OutcomeId,
    objections: Vec<(usize, usize)>,
) -> Event {
    Event {
        stage,
        round,
        t,
        party: Some(party),
        action,
        outcome: Some(outcome),
        objections,
    }
}

//! Drafted-then-ratified: a subset of parties drafts, optionally consults other parties, then
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
//! 3. **Consultation.** With consulted parties and `consultations > 0`: in each consultation
//!    round every consulted party in turn (in the order given, one trace round each) answers
//!    the draft as it stands with its strategy; if it rejects, the drafters adopt the first of
//!    its objections (most wanted first) that every drafter still finds acceptable (no red
//!    line, at least its walk-away); the issue is then credited to that party. It stops after
//!    a round in which every consulted party accepted or no objection was adoptable. By
//!    default the consulted parties are the `consulted` of the plan the drafters come from
//!    (scenario.md, "Plans"): the first plan naming drafters with preferences when none are
//!    given, else the first plan whose drafters with preferences are exactly those given;
//!    those that are not negotiators, or draft, are left out.
//! 4. **Ratification.** Every other party (not a drafter) votes, in the compiled scenario's order: it ratifies
//!    when the draft crosses none of its red lines and is worth at least its walk-away lowered
//!    by `pressure × r` in ratification round `r` (from 0) — the pressure is a what-if on the
//!    walk-away, as `--set parties.P.walk_away=…` would be. Non-signatories vote but cannot
//!    block. All signatory voters ratify → agreement.
//!    **Under an agreement rule** (a quorum, scoped consent or ratifiers; see
//!    [`crate::consent`]) the votes are those of the rule: after each negotiator (in order; a
//!    drafter accepts its draft) that accepts and whose consent the draft needs, its ratifiers
//!    vote by their red lines and walk-away, lowered by the same pressure; the draft is agreed
//!    when the votes satisfy the rule ([`accord_model::ConsentRule::is_agreement`]); the
//!    blocking parties are the signatories that do not count as accepting it.
//! 5. **Revision.** Otherwise, while revision rounds remain (`revisions`), each rejecting party
//!    in order names its objections, and the drafters adopt the first one acceptable to every
//!    drafter (rule 3's test), crediting the issue to that party (or record that they refuse
//!    them all); then a new vote (round
//!    `r + 1`, more pressure). After the last vote, the draft is rejected
//!    ([`Ending::Rejected`], listing the signatories that still refuse). Under a rule, a party
//!    whose own vote was yes but whose ratifiers refused relays the first refusing ratifier's
//!    objections (its own steps, [`default_objections`]).
//! 6. **Time.** Drafting uses relative time as its protocol; consultation and ratification
//!    rounds are reported as rounds after the drafting rounds, and the final relative time is
//!    that of the drafting stage's end (discounting applies to drafting time).

use std::sync::Arc;

use rand::rngs::ChaCha8Rng;

use super::{
    Action, Context, Ending, Protocol, ProtocolKind, RunResult, Sao, SingleText, Stage, Trace,
    TraceEvent,
};
use crate::compiled::{CompiledScenario, OutcomeId};
use crate::consent::Consent;
use crate::error::SimError;
use crate::setup::{MAX_EXTRA_ROUNDS, MAX_ROUNDS};
use crate::strategy::{Answer, Strategy, Turn, default_objections};

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

impl DraftProtocol {
    /// `sao` or `single-text`.
    pub fn parse(name: &str) -> Result<DraftProtocol, SimError> {
        match name {
            "sao" => Ok(DraftProtocol::Sao),
            "single-text" => Ok(DraftProtocol::SingleText),
            other => Err(SimError::UnknownDraftProtocol(other.to_string())),
        }
    }

    /// Its name: `sao` or `single-text`.
    pub fn name(self) -> &'static str {
        match self {
            DraftProtocol::Sao => "sao",
            DraftProtocol::SingleText => "single-text",
        }
    }
}

/// How drafted-then-ratified runs, apart from who drafts and who is consulted. The defaults
/// ([`Default`]) are those of `accord simulate` and of a tournament's `[drafted]` table, written
/// once here.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DraftedSettings {
    /// How the drafters draft (default SAO).
    pub draft: DraftProtocol,
    /// Rounds in which the drafters consult the consulted party (default 1).
    pub consultations: usize,
    /// Revision rounds after a failed ratification vote (default 3).
    pub revisions: usize,
    /// Each ratifier's walk-away is lowered by this much utility per vote, in [0, 1] (default 0).
    pub pressure: f64,
}

impl Default for DraftedSettings {
    fn default() -> Self {
        DraftedSettings {
            draft: DraftProtocol::Sao,
            consultations: 1,
            revisions: 3,
            pressure: 0.0,
        }
    }
}

impl DraftedSettings {
    /// Checks the settings that need no scenario: pressure in [0, 1], consultation and
    /// revision rounds at most [`MAX_EXTRA_ROUNDS`].
    pub fn check(&self) -> Result<(), SimError> {
        if !(self.pressure.is_finite() && (0.0..=1.0).contains(&self.pressure)) {
            return Err(SimError::BadPressure(self.pressure));
        }
        if let Some(&n) = [self.consultations, self.revisions]
            .iter()
            .find(|&&n| n > MAX_EXTRA_ROUNDS)
        {
            return Err(SimError::TooManyExtraRounds(n));
        }
        Ok(())
    }
}

/// Drafted-then-ratified (see the module docs).
///
/// Built only by [`DraftedThenRatified::new`], which enforces its invariants: at least one
/// drafter, every drafter a negotiator, not every negotiator a drafter (someone ratifies), a
/// consulted parties negotiators who do not draft, valid [`DraftedSettings`].
#[derive(Debug, Clone)]
pub struct DraftedThenRatified {
    drafters: Vec<usize>,
    rounds: usize,
    consulted: Vec<usize>,
    settings: DraftedSettings,
    opening: Option<OutcomeId>,
    consent: Option<Arc<Consent>>,
}

impl DraftedThenRatified {
    /// Drafted-then-ratified among `negotiators` (positions in `compiled`): `drafters` (ring
    /// order; repeats dropped) draft for `rounds` rounds, consulting `consulted` (in order;
    /// repeats dropped); the others
    /// ratify. `opening`: the opening text of a single-text draft (`None`: a random outcome).
    ///
    /// Errors: [`SimError::NoDrafters`], [`SimError::DrafterNotNegotiator`],
    /// [`SimError::EveryoneDrafts`], [`SimError::ConsultedDrafts`],
    /// [`SimError::ConsultedNotNegotiator`], [`SimError::BadRounds`], and those of
    /// [`DraftedSettings::check`].
    pub fn new(
        compiled: &CompiledScenario,
        negotiators: &[usize],
        drafters: &[usize],
        consulted: &[usize],
        rounds: usize,
        settings: DraftedSettings,
        opening: Option<OutcomeId>,
    ) -> Result<DraftedThenRatified, SimError> {
        let mut unique: Vec<usize> = Vec::with_capacity(drafters.len());
        for &d in drafters {
            if !unique.contains(&d) {
                unique.push(d);
            }
        }
        if unique.is_empty() {
            return Err(SimError::NoDrafters);
        }
        if let Some(&d) = unique.iter().find(|d| !negotiators.contains(d)) {
            return Err(SimError::DrafterNotNegotiator(compiled.id(d).to_string()));
        }
        if unique.len() >= negotiators.len() {
            return Err(SimError::EveryoneDrafts);
        }
        let mut consulted_once: Vec<usize> = Vec::with_capacity(consulted.len());
        for &c in consulted {
            if consulted_once.contains(&c) {
                continue;
            }
            consulted_once.push(c);
            if unique.contains(&c) {
                return Err(SimError::ConsultedDrafts(compiled.id(c).to_string()));
            }
            if !negotiators.contains(&c) {
                return Err(SimError::ConsultedNotNegotiator(compiled.id(c).to_string()));
            }
        }
        if !(1..=MAX_ROUNDS).contains(&rounds) {
            return Err(SimError::BadRounds(rounds));
        }
        settings.check()?;
        Ok(DraftedThenRatified {
            drafters: unique,
            rounds,
            consulted: consulted_once,
            settings,
            opening,
            consent: None,
        })
    }

    /// The same under an agreement rule (`None`: every signatory voter must ratify). The
    /// drafters still draft by unanimity among themselves.
    pub fn with_consent(mut self, consent: Option<Arc<Consent>>) -> Self {
        self.consent = consent;
        self
    }

    /// The drafters (positions in the compiled scenario), in ring order.
    pub fn drafters(&self) -> &[usize] {
        &self.drafters
    }

    /// Rounds of drafting.
    pub fn rounds(&self) -> usize {
        self.rounds
    }

    /// The parties consulted during drafting (positions in the compiled scenario), in order.
    pub fn consulted(&self) -> &[usize] {
        &self.consulted
    }

    /// How drafting, consultation and ratification run.
    pub fn settings(&self) -> &DraftedSettings {
        &self.settings
    }

    /// The opening text of a single-text draft (`None`: a random outcome).
    pub fn opening(&self) -> Option<OutcomeId> {
        self.opening
    }
}

/// The table entry (see [`super::PROTOCOLS`]).
pub(super) const KIND: ProtocolKind = ProtocolKind {
    name: "drafted-then-ratified",
    about: "a subset drafts, the others ratify",
    drafting: true,
    build,
};

fn build(c: &Context<'_>) -> Result<Box<dyn Protocol + Sync>, SimError> {
    if c.time_limit.is_some() {
        return Err(SimError::TimeLimitUnsupported(KIND.name));
    }
    // Default drafters: those of the scenario's first plan that names any with preferences.
    let with_preferences = |parties: &[accord_model::PartyIx]| -> Vec<usize> {
        parties
            .iter()
            .filter_map(|&p| c.compiled.position(p))
            .collect()
    };
    let (drafters, plan) = if c.drafting.drafters.is_empty() {
        c.scenario
            .plans()
            .iter()
            .map(|plan| (with_preferences(plan.drafted_by()), Some(plan)))
            .find(|(d, _)| !d.is_empty())
            .ok_or(SimError::NoDrafters)?
    } else {
        let given = &c.drafting.drafters;
        let same = |d: &[usize]| {
            d.len() == given.len()
                && d.iter().all(|x| given.contains(x))
                && given.iter().all(|x| d.contains(x))
        };
        let plan = c
            .scenario
            .plans()
            .iter()
            .find(|plan| same(&with_preferences(plan.drafted_by())));
        (given.clone(), plan)
    };
    // Default consulted: that plan's, among the negotiators who do not draft.
    let consulted: Vec<usize> = match &c.drafting.consulted {
        Some(given) => given.clone(),
        None => plan
            .map(|plan| with_preferences(plan.consulted()))
            .unwrap_or_default()
            .into_iter()
            .filter(|p| c.negotiators.contains(p) && !drafters.contains(p))
            .collect(),
    };
    let consent = Consent::for_negotiation(c.scenario, c.compiled, c.negotiators).map(Arc::new);
    Ok(Box::new(
        DraftedThenRatified::new(
            c.compiled,
            c.negotiators,
            &drafters,
            &consulted,
            c.rounds,
            c.drafting.settings,
            c.opening,
        )?
        .with_consent(consent),
    ))
}

impl DraftedThenRatified {
    fn adoptable(&self, compiled: &CompiledScenario, candidate: OutcomeId) -> bool {
        self.drafters
            .iter()
            .all(|&d| compiled.functions[d].acceptable(candidate))
    }

    /// The first objection of `party` that every drafter accepts, applied to `draft`.
    fn amend(
        &self,
        compiled: &CompiledScenario,
        strategy: &mut dyn Strategy,
        party: usize,
        turn: &Turn,
        draft: OutcomeId,
    ) -> (Vec<(usize, usize)>, Amended) {
        let objections = strategy.objections(&compiled.functions[party], turn, draft);
        self.adopt(compiled, objections, draft)
    }

    /// The first of `objections` that every drafter accepts, applied to `draft`.
    fn adopt(
        &self,
        compiled: &CompiledScenario,
        objections: Vec<(usize, usize)>,
        draft: OutcomeId,
    ) -> (Vec<(usize, usize)>, Amended) {
        let adopted = objections.iter().find_map(|&(issue, option)| {
            let candidate = compiled.space.with(draft, issue, option);
            self.adoptable(compiled, candidate)
                .then_some((issue, candidate))
        });
        (objections, adopted)
    }
}

fn credit_sao(
    compiled: &CompiledScenario,
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
    (0..compiled.space.radices.len())
        .map(|issue| {
            let want = compiled.space.option(agreed, issue);
            let had: Vec<usize> = openings
                .iter()
                .filter(|(_, o)| compiled.space.option(*o, issue) == want)
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

    fn drafters(&self) -> &[usize] {
        &self.drafters
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
        // The drafting stage keeps its own full trace: crediting needs the opening offers.
        let mut draft_trace = Trace::on();
        let drafted = match self.settings.draft {
            DraftProtocol::Sao => Sao {
                rounds: self.rounds,
                stage: Stage::Draft,
                consent: None,
                time_limit: None,
            }
            .run(compiled, &self.drafters, strategies, rng, &mut draft_trace),
            DraftProtocol::SingleText => SingleText {
                rounds: self.rounds,
                opening: self.opening,
                stage: Stage::Draft,
                consent: None,
            }
            .run(compiled, &self.drafters, strategies, rng, &mut draft_trace),
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
        let mut shaped = match self.settings.draft {
            DraftProtocol::Sao => credit_sao(compiled, &draft_trace, &self.drafters, draft),
            DraftProtocol::SingleText => drafted.shaped_by,
        };
        let mut round = drafted.rounds;
        // One trace round per consulted party's answer (a round per consultation without any,
        // as the deadline strategies were always told).
        let total = self.rounds
            + self.settings.consultations * self.consulted.len().max(1)
            + self.settings.revisions
            + 1;
        let turn_for = |me: usize, round: usize| Turn {
            t,
            round,
            rounds: total,
            me,
            negotiators: members.len(),
            space: &compiled.space,
        };

        // Consultation.
        if !self.consulted.is_empty() {
            for _ in 0..self.settings.consultations {
                let (mut rejected, mut adopted_any) = (false, false);
                for &c in &self.consulted {
                    let me = members.iter().position(|&m| m == c).unwrap_or(0);
                    let turn = turn_for(me, round);
                    let answer = strategies[c].respond(&compiled.functions[c], &turn, draft, rng);
                    if answer == Answer::Accept {
                        trace.push(|| {
                            vote_event(
                                Stage::Consultation,
                                round,
                                t,
                                c,
                                Action::Accept,
                                draft,
                                Vec::new(),
                            )
                        });
                        round += 1;
                        continue;
                    }
                    rejected = true;
                    let (objections, adopted) =
                        self.amend(compiled, strategies[c].as_mut(), c, &turn, draft);
                    trace.push(|| {
                        vote_event(
                            Stage::Consultation,
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
                        continue;
                    };
                    adopted_any = true;
                    draft = amended;
                    shaped[issue] = Some(c);
                    trace.push(|| {
                        vote_event(
                            Stage::Consultation,
                            round - 1,
                            t,
                            c,
                            Action::Amend,
                            draft,
                            vec![(issue, compiled.space.option(draft, issue))],
                        )
                    });
                }
                if !rejected || !adopted_any {
                    break;
                }
            }
        }

        // Ratification with revisions.
        let voters: Vec<usize> = members
            .iter()
            .copied()
            .filter(|m| !self.drafters.contains(m))
            .collect();
        let mut heard: Vec<Option<bool>> = Vec::new();
        for r in 0..=self.settings.revisions {
            let blocking: Vec<usize> = match self.consent.as_deref() {
                None => {
                    let mut refusing: Vec<usize> = Vec::new();
                    for &v in &voters {
                        if !self.vote(compiled, v, draft, (r, round, t), trace) {
                            refusing.push(v);
                        }
                    }
                    refusing
                        .iter()
                        .copied()
                        .filter(|&v| compiled.signatory[v])
                        .collect()
                }
                Some(consent) => {
                    heard.clear();
                    heard.resize(compiled.parties.len(), None);
                    for &m in members {
                        let yes = self.drafters.contains(&m)
                            || self.vote(compiled, m, draft, (r, round, t), trace);
                        heard[m] = Some(yes);
                        if yes && consent.ratification_asked(compiled, m, draft) {
                            for &q in consent.ratifiers(m) {
                                heard[q] =
                                    Some(self.vote(compiled, q, draft, (r, round, t), trace));
                            }
                        }
                    }
                    if consent.is_agreement(compiled, draft, |k| heard[k], false) {
                        Vec::new()
                    } else {
                        consent.refusing(compiled, draft, |k| heard[k])
                    }
                }
            };
            if blocking.is_empty() {
                return RunResult {
                    agreement: Some(draft),
                    ending: Ending::Agreement,
                    rounds: round + 1,
                    t,
                    shaped_by: shaped,
                };
            }
            if r == self.settings.revisions {
                return RunResult {
                    agreement: None,
                    ending: Ending::Rejected { by: blocking },
                    rounds: round + 1,
                    t,
                    shaped_by: shaped,
                };
            }
            for &v in &blocking {
                let Some(me) = members.iter().position(|&m| m == v) else {
                    continue; // a signatory without a strategy asks for nothing
                };
                let turn = turn_for(me, round);
                // A party whose ratifiers refused relays its first refusing ratifier's steps.
                let refused_at_home = heard.get(v) == Some(&Some(true));
                let (objections, adopted) = match self.consent.as_deref() {
                    Some(consent) if refused_at_home => {
                        match consent
                            .ratifiers(v)
                            .iter()
                            .find(|&&q| heard[q] == Some(false))
                        {
                            Some(&q) => self.adopt(
                                compiled,
                                default_objections(&compiled.functions[q], &compiled.space, draft),
                                draft,
                            ),
                            None => (Vec::new(), None),
                        }
                    }
                    _ => self.amend(compiled, strategies[v].as_mut(), v, &turn, draft),
                };
                if adopted.is_none() && !objections.is_empty() {
                    trace.push(|| {
                        vote_event(
                            Stage::Ratification,
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
                            Stage::Ratification,
                            round,
                            t,
                            v,
                            Action::Amend,
                            draft,
                            vec![(issue, compiled.space.option(draft, issue))],
                        )
                    });
                }
            }
            round += 1;
        }
        unreachable!("the last ratification round returns")
    }
}

impl DraftedThenRatified {
    /// Party `v` votes on `draft` in ratification round `r` (reported as round `round`, at
    /// time `t`): it ratifies when the draft crosses none of its red lines and is worth at
    /// least its walk-away lowered by `pressure × r`. The vote is recorded.
    fn vote(
        &self,
        compiled: &CompiledScenario,
        v: usize,
        draft: OutcomeId,
        (r, round, t): (usize, usize, f64),
        trace: &mut Trace,
    ) -> bool {
        let own = &compiled.functions[v];
        let bar = own.walk_away - self.settings.pressure * r as f64;
        let ok = own.value(draft) >= bar - accord_model::TOLERANCE;
        let action = if ok { Action::Ratify } else { Action::Veto };
        trace.push(|| TraceEvent {
            threshold: Some(bar),
            ..vote_event(Stage::Ratification, round, t, v, action, draft, Vec::new())
        });
        ok
    }
}

fn vote_event(
    stage: Stage,
    round: usize,
    t: f64,
    party: usize,
    action: Action,
    outcome: OutcomeId,
    objections: Vec<(usize, usize)>,
) -> TraceEvent {
    TraceEvent {
        stage,
        round,
        t,
        party: Some(party),
        action,
        outcome: Some(outcome),
        objections,
        threshold: None,
    }
}

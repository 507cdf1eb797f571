//! Reported reactions beside the model's verdicts (scenario.md, "Events": "Reports set each
//! reaction beside the model's verdict for the same party and draft (accept or basis against
//! "accept", reject against "reject", mixed against either)"). What counts as agreeing is the
//! table at [`Reaction::agrees_with`]: only a clear accept or reject is compared.
//!
//! The one place that pairs an event's [`Reaction`] with [`evaluate_plan`]'s verdict, so that
//! `accord show`, the reports and the server's pages say the same thing.

use std::collections::HashMap;

use crate::evaluate::{Evaluation, Verdict, evaluate_plan};
use crate::id::{PartyIx, PlanIx};
use crate::scenario::{Reaction, Scenario};

/// One reported reaction set beside the model's verdict.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReactionCheck {
    /// Index of the event in [`Scenario::events`] (file order).
    pub event: usize,
    /// The party that reacted.
    pub party: PartyIx,
    /// The draft it reacted to.
    pub plan: PlanIx,
    /// What it was reported to say.
    pub reaction: Reaction,
    /// The model's verdict for that party on that draft ([`crate::PartyEvaluation::verdict`]:
    /// with the party's ratifiers, when the scenario has an agreement rule).
    pub verdict: Verdict,
    /// Whether the two agree ([`Reaction::agrees_with`]); `None` when they cannot be compared
    /// (a basis or mixed reaction, or an undetermined verdict).
    pub agrees: Option<bool>,
}

/// The reactions `party` was reported to have to `plan`, in file order, each beside the model's
/// verdict. Evaluates the plan once (see [`evaluate_plan`] for its cost); empty when there are
/// none.
pub fn reactions_to(scenario: &Scenario, party: PartyIx, plan: PlanIx) -> Vec<ReactionCheck> {
    let mut cache = HashMap::new();
    checks(scenario, &mut cache, |p, d| p == party && d == plan)
}

/// Whether an event's reaction is dated before the draft it names was published: it cannot be a
/// reaction to that draft (`accord check` warns, `reaction-before-draft`), so it is never set
/// beside the model's verdict. `false` for an event without a reaction or an undated draft.
pub fn before_its_draft(scenario: &Scenario, event: &crate::scenario::Event) -> bool {
    match event.reported_reaction() {
        Some((_, plan, _)) => scenario
            .plan(plan)
            .date()
            .is_some_and(|published| event.date() < published),
        None => false,
    }
}

/// Every reported reaction of the scenario, in file order, each beside the model's verdict
/// (but for those dated before their draft, [`before_its_draft`]).
/// Evaluates each plan that has a reaction once.
pub fn reaction_checks(scenario: &Scenario) -> Vec<ReactionCheck> {
    let mut cache = HashMap::new();
    checks(scenario, &mut cache, |_, _| true)
}

fn checks(
    scenario: &Scenario,
    cache: &mut HashMap<PlanIx, Evaluation>,
    keep: impl Fn(PartyIx, PlanIx) -> bool,
) -> Vec<ReactionCheck> {
    let mut out = Vec::new();
    for (event, e) in scenario.events().iter().enumerate() {
        let Some((party, plan, reaction)) = e.reported_reaction() else {
            continue;
        };
        if !keep(party, plan) || before_its_draft(scenario, e) {
            continue;
        }
        let evaluation = cache
            .entry(plan)
            .or_insert_with(|| evaluate_plan(scenario, plan));
        let Some(pe) = evaluation.parties.iter().find(|p| p.party == party) else {
            continue;
        };
        out.push(ReactionCheck {
            event,
            party,
            plan,
            reaction,
            verdict: pe.verdict,
            agrees: reaction.agrees_with(pe.verdict),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Verdict::*;

    #[test]
    /// The matching table of [`Reaction::agrees_with`]: only a clear accept or reject is
    /// compared; "basis for talks" and "mixed" are never counted as agreeing (nor disagreeing).
    fn agreement_table_compares_only_clear_reactions() {
        let table = [
            (Reaction::Accept, Accept, Some(true)),
            (Reaction::Accept, Reject, Some(false)),
            (Reaction::Basis, Accept, None),
            (Reaction::Basis, Reject, None),
            (Reaction::Reject, Reject, Some(true)),
            (Reaction::Reject, Accept, Some(false)),
            (Reaction::Mixed, Accept, None),
            (Reaction::Mixed, Reject, None),
            (Reaction::Accept, Undetermined, None),
            (Reaction::Basis, Undetermined, None),
            (Reaction::Mixed, Undetermined, None),
            (Reaction::Reject, Undetermined, None),
        ];
        for (r, v, want) in table {
            assert_eq!(r.agrees_with(v), want, "{r:?} against {v:?}");
        }
    }

    #[test]
    fn names_round_trip() {
        for (name, r) in Reaction::ALL {
            assert_eq!(r.as_str(), name);
        }
    }
}

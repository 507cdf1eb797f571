//! Ids given by a user (a command line, a request, a Python call) resolved against a
//! scenario, with the closest known id suggested when one is unknown.
//!
//! Every front end resolves ids through these functions, so "did you mean" reads the same
//! everywhere.

use crate::diagnostic::closest;
use crate::id::{IssueIx, PartyIx, PlanIx};
use crate::scenario::Scenario;

/// What kind of thing an id names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdKind {
    /// A party (`[parties.ID]`).
    Party,
    /// An issue (`[issues.ID]`).
    Issue,
    /// A plan (`[plans.ID]`).
    Plan,
}

impl IdKind {
    /// The word for people: `party`, `issue`, `plan`.
    pub fn word(self) -> &'static str {
        match self {
            IdKind::Party => "party",
            IdKind::Issue => "issue",
            IdKind::Plan => "plan",
        }
    }
    /// The plural for people: `parties`, `issues`, `plans`.
    pub fn plural(self) -> &'static str {
        match self {
            IdKind::Party => "parties",
            IdKind::Issue => "issues",
            IdKind::Plan => "plans",
        }
    }
}

/// An id the scenario does not define.
///
/// Displays as ``unknown party `ukrane` in scenario `x`; did you mean `ukraine`?``, or with the
/// list of known ids when none is close.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {} `{id}` in scenario `{scenario}`; {}", kind.word(), self.hint())]
pub struct UnknownId {
    /// What the id was meant to name.
    pub kind: IdKind,
    /// The id as given.
    pub id: String,
    /// The scenario's id.
    pub scenario: String,
    /// The closest known id (Damerau–Levenshtein), if any is close.
    pub suggestion: Option<String>,
    /// Every known id of this kind, in file order.
    pub known: Vec<String>,
}

impl UnknownId {
    /// "did you mean `x`?" or "known parties: a, b".
    pub fn hint(&self) -> String {
        match &self.suggestion {
            Some(c) => format!("did you mean `{c}`?"),
            None if self.known.is_empty() => format!("the scenario has no {}", self.kind.plural()),
            None => format!("known {}: {}", self.kind.plural(), self.known.join(", ")),
        }
    }

    fn new<'a>(
        kind: IdKind,
        id: &str,
        scenario: &Scenario,
        known: impl Iterator<Item = &'a str>,
    ) -> UnknownId {
        let known: Vec<String> = known.map(str::to_owned).collect();
        UnknownId {
            kind,
            id: id.to_owned(),
            scenario: scenario.id().as_str().to_owned(),
            suggestion: closest(id, known.iter().map(String::as_str)).map(str::to_owned),
            known,
        }
    }
}

impl Scenario {
    /// The party with this id, or an [`UnknownId`] naming the closest one.
    pub fn resolve_party(&self, id: &str) -> Result<PartyIx, UnknownId> {
        self.find_party(id).ok_or_else(|| {
            UnknownId::new(
                IdKind::Party,
                id,
                self,
                self.parties().iter().map(|p| p.id().as_str()),
            )
        })
    }

    /// The issue with this id, or an [`UnknownId`] naming the closest one.
    pub fn resolve_issue(&self, id: &str) -> Result<IssueIx, UnknownId> {
        self.find_issue(id).ok_or_else(|| {
            UnknownId::new(
                IdKind::Issue,
                id,
                self,
                self.issues().iter().map(|i| i.id().as_str()),
            )
        })
    }

    /// The plans with these ids, in the order given; every plan in file order when `ids` is
    /// empty. The first unknown id is an [`UnknownId`].
    pub fn resolve_plans(&self, ids: &[impl AsRef<str>]) -> Result<Vec<PlanIx>, UnknownId> {
        if ids.is_empty() {
            return Ok(self.plan_ixs().collect());
        }
        ids.iter()
            .map(|id| self.resolve_plan(id.as_ref()))
            .collect()
    }

    /// The parties with these ids, in the order given, each once (a party named twice counts
    /// once); the first unknown id is an [`UnknownId`] naming the closest one.
    pub fn resolve_parties(&self, ids: &[impl AsRef<str>]) -> Result<Vec<PartyIx>, UnknownId> {
        let mut out: Vec<PartyIx> = Vec::with_capacity(ids.len());
        for id in ids {
            let p = self.resolve_party(id.as_ref())?;
            if !out.contains(&p) {
                out.push(p);
            }
        }
        Ok(out)
    }

    /// The plan with this id, or an [`UnknownId`] naming the closest one.
    pub fn resolve_plan(&self, id: &str) -> Result<PlanIx, UnknownId> {
        self.find_plan(id).ok_or_else(|| {
            UnknownId::new(
                IdKind::Plan,
                id,
                self,
                self.plans().iter().map(|p| p.id().as_str()),
            )
        })
    }
}

/// Why the parties named as the negotiators of a run (`--parties`, a request's `parties`)
/// cannot be: an unknown id, or an observer, which has no preferences and never negotiates
/// (scenario.md, "Observers").
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NegotiatorError {
    /// An id the scenario does not define.
    #[error(transparent)]
    Unknown(#[from] UnknownId),
    /// An observer was named.
    #[error(
        "party `{id}` ({name}) is an observer: it has no preferences and never negotiates, so it \
         cannot be one of the parties; negotiators: {}",
        negotiators.join(", ")
    )]
    Observer {
        /// The observer's id.
        id: String,
        /// Its name.
        name: String,
        /// The ids of the parties that can negotiate (every non-observer), in file order.
        negotiators: Vec<String>,
    },
    /// None of the parties named is a signatory: no party's acceptance would make an
    /// agreement, so every outcome would count as one.
    #[error(
        "none of the parties named ({}) is a signatory, so no acceptance would be needed for an \
         agreement; name at least one of: {}",
        named.join(", "),
        signatories.join(", ")
    )]
    NoSignatory {
        /// The ids named.
        named: Vec<String>,
        /// The ids of the scenario's signatories, in file order.
        signatories: Vec<String>,
    },
}

impl Scenario {
    /// The parties named as a run's negotiators, as [`Scenario::resolve_parties`], refusing
    /// observers (an observer has no utility, so it cannot sit on a frontier or be the party
    /// whose acceptance makes an agreement) and a list without a signatory (every outcome
    /// would be an agreement).
    pub fn resolve_negotiators(
        &self,
        ids: &[impl AsRef<str>],
    ) -> Result<Vec<PartyIx>, NegotiatorError> {
        let parties = self.resolve_parties(ids)?;
        if let Some(&p) = parties.iter().find(|&&p| self.party(p).is_observer()) {
            let party = self.party(p);
            return Err(NegotiatorError::Observer {
                id: party.id().as_str().to_owned(),
                name: party.name().to_owned(),
                negotiators: self
                    .parties()
                    .iter()
                    .filter(|q| !q.is_observer())
                    .map(|q| q.id().as_str().to_owned())
                    .collect(),
            });
        }
        if !parties.iter().any(|&p| self.party(p).signatory()) {
            return Err(NegotiatorError::NoSignatory {
                named: parties
                    .iter()
                    .map(|&p| self.party(p).id().as_str().to_owned())
                    .collect(),
                signatories: self
                    .parties()
                    .iter()
                    .filter(|q| q.signatory())
                    .map(|q| q.id().as_str().to_owned())
                    .collect(),
            });
        }
        Ok(parties)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOY: &str = include_str!("../../../examples/toy-border.toml");

    fn toy() -> Scenario {
        crate::parse(TOY).scenario.expect("the toy is valid")
    }

    #[test]
    fn known_ids_resolve_to_their_index() {
        let s = toy();
        let west = s.resolve_party("west").unwrap();
        assert_eq!(s.party(west).id().as_str(), "west");
        let plan = s.resolve_plan("draft_a").unwrap();
        assert_eq!(s.plan(plan).id().as_str(), "draft_a");
    }

    #[test]
    fn parties_resolve_in_order_each_once() {
        let s = toy();
        let got = s.resolve_parties(&["east", "west", "east"]).unwrap();
        let ids: Vec<&str> = got.iter().map(|&p| s.party(p).id().as_str()).collect();
        assert_eq!(ids, ["east", "west"]);
        let e = s.resolve_parties(&["east", "wets"]).unwrap_err();
        assert_eq!(e.suggestion.as_deref(), Some("west"));
    }

    #[test]
    fn a_typo_gets_the_closest_id() {
        let e = toy().resolve_plan("draft_c").unwrap_err();
        assert_eq!(e.suggestion.as_deref(), Some("draft_a"));
        assert_eq!(
            e.to_string(),
            "unknown plan `draft_c` in scenario `toy-border`; did you mean `draft_a`?"
        );
    }

    #[test]
    fn a_far_id_lists_the_known_ones() {
        let e = toy().resolve_party("zzzzzzzz").unwrap_err();
        assert_eq!(e.suggestion, None);
        assert!(e.to_string().contains("known parties: "), "{e}");
    }

    #[test]
    fn an_observer_cannot_be_a_negotiator() {
        let river = include_str!("../../../tests/data/valid/river-treaty.toml");
        let s = crate::parse(river)
            .scenario
            .expect("the river treaty is valid");
        let got = s.resolve_negotiators(&["down", "up"]).unwrap();
        assert_eq!(got.len(), 2);
        let e = s.resolve_negotiators(&["up", "facilitator"]).unwrap_err();
        assert!(
            matches!(&e, NegotiatorError::Observer { id, negotiators, .. }
                if id == "facilitator" && negotiators == &["up", "down"]),
            "{e:?}"
        );
        assert!(e.to_string().contains("is an observer"), "{e}");
        let e = toy().resolve_negotiators(&["mediator"]).unwrap_err();
        assert!(matches!(e, NegotiatorError::NoSignatory { .. }), "{e:?}");
        assert!(toy().resolve_negotiators(&["mediator", "west"]).is_ok());
        let e = s.resolve_negotiators(&["upp"]).unwrap_err();
        assert!(matches!(e, NegotiatorError::Unknown(_)), "{e:?}");
    }
}

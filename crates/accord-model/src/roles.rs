//! Views of a scenario that people read: each party's weight shares and each party's role in a
//! plan. Defined once here, so that `accord show` and the report say the same thing.

use crate::id::{IssueIx, PartyIx};
use crate::scenario::{Party, Plan, Scenario};

/// The share `w/W` of one issue in a party's weights, at midpoints.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct WeightShare {
    /// The issue weighed.
    pub issue: IssueIx,
    /// The weight's midpoint over the sum of the party's weight midpoints, in (0, 1].
    pub share: f64,
    /// Whether the weight is exact (else an interval, shown as uncertain).
    pub exact: bool,
}

impl Party {
    /// The shares `w/W` of the issues this party weighs (weights whose interval reaches above
    /// 0), in the order of its `weights` table. `W` is the sum of every weight's midpoint.
    pub fn weight_shares(&self) -> Vec<WeightShare> {
        let total: f64 = self.weights().iter().map(|(_, w)| w.midpoint()).sum();
        self.weights()
            .iter()
            .filter(|(_, w)| w.hi() > 0.0)
            .map(|(i, w)| WeightShare {
                issue: *i,
                share: if total > 0.0 {
                    w.midpoint() / total
                } else {
                    0.0
                },
                exact: w.is_exact(),
            })
            .collect()
    }
}

/// A party's part in a plan, as the plan's `drafted_by`, `consulted` and `briefed` lists say.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PlanRole {
    /// Among the drafters.
    Drafted,
    /// Consulted while drafting.
    Consulted,
    /// Told of the plan afterwards.
    Briefed,
    /// Not at the table: in none of the lists.
    Absent,
}

impl PlanRole {
    /// The word for people: `drafted`, `consulted`, `briefed`, `absent`.
    pub fn word(self) -> &'static str {
        match self {
            PlanRole::Drafted => "drafted",
            PlanRole::Consulted => "consulted",
            PlanRole::Briefed => "briefed",
            PlanRole::Absent => "absent",
        }
    }
}

impl Plan {
    /// The part `party` had in this plan; a party in several lists takes the first of
    /// drafted, consulted, briefed.
    pub fn role(&self, party: PartyIx) -> PlanRole {
        if self.drafted_by().contains(&party) {
            PlanRole::Drafted
        } else if self.consulted().contains(&party) {
            PlanRole::Consulted
        } else if self.briefed().contains(&party) {
            PlanRole::Briefed
        } else {
            PlanRole::Absent
        }
    }

    /// The parties not at the table (in none of the plan's lists), in file order.
    pub fn absent(&self, scenario: &Scenario) -> Vec<PartyIx> {
        scenario
            .party_ixs()
            .filter(|&p| self.role(p) == PlanRole::Absent)
            .collect()
    }
}

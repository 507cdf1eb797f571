//! The JSON that `accord` prints, exactly as `analysis.md` specifies it.
//!
//! These are wire types, kept apart from the model so that the model can change without
//! breaking tools that read the output. The JSON may only grow.

use serde::Serialize;

use crate::evaluate::{Evaluation, Verdict};
use crate::id::PlanIx;
use crate::scenario::Scenario;

/// `accord evaluate --json` for one plan.
#[derive(Serialize, Debug)]
pub struct PlanEvaluationJson<'a> {
    /// The scenario id.
    pub scenario: &'a str,
    /// The plan id.
    pub plan: &'a str,
    /// Issues the plan leaves open.
    pub open_issues: Vec<&'a str>,
    /// One entry per party, in file order.
    pub parties: Vec<PartyEvaluationJson<'a>>,
    /// True, false, or null when undetermined.
    pub agreement: Option<bool>,
}

/// One party's part of [`PlanEvaluationJson`].
#[derive(Serialize, Debug)]
pub struct PartyEvaluationJson<'a> {
    /// The party id.
    pub party: &'a str,
    /// Midpoint of `utility_range`.
    pub utility: f64,
    /// Lowest and highest utility over completions of the open issues.
    pub utility_range: [f64; 2],
    /// The walk-away value used (the midpoint of an interval).
    pub walk_away: f64,
    /// Red lines the settled terms cross.
    pub red_lines_crossed: Vec<RedLineJson<'a>>,
    /// `accept`, `reject` or `undetermined`.
    pub verdict: Verdict,
}

/// A red line: an option of an issue.
#[derive(Serialize, Debug)]
pub struct RedLineJson<'a> {
    /// The issue id.
    pub issue: &'a str,
    /// The option (an id, or the number of a grid point).
    pub option: serde_json::Value,
}

impl<'a> PlanEvaluationJson<'a> {
    /// Builds the JSON form of a plan's evaluation.
    pub fn new(scenario: &'a Scenario, plan: PlanIx, evaluation: &Evaluation) -> Self {
        PlanEvaluationJson {
            scenario: scenario.id().as_str(),
            plan: scenario.plan(plan).id().as_str(),
            open_issues: evaluation
                .open_issues
                .iter()
                .map(|&i| scenario.issue(i).id().as_str())
                .collect(),
            parties: evaluation
                .parties
                .iter()
                .map(|e| PartyEvaluationJson {
                    party: scenario.party(e.party).id().as_str(),
                    utility: e.utility(),
                    utility_range: [e.utility_range.0, e.utility_range.1],
                    walk_away: e.walk_away,
                    red_lines_crossed: e
                        .red_lines_crossed
                        .iter()
                        .map(|&(i, o)| {
                            let issue = scenario.issue(i);
                            RedLineJson {
                                issue: issue.id().as_str(),
                                option: issue.option_value(o).to_json(),
                            }
                        })
                        .collect(),
                    verdict: e.verdict,
                })
                .collect(),
            agreement: evaluation.agreement,
        }
    }
}

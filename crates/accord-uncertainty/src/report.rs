//! The result of a robustness run. These types are also the JSON of `accord robustness --json`
//! ([`RobustnessJson`]): fields may be added, never changed.

use accord_model::{OptionValue, Scenario};
use serde::Serialize;

use crate::robust::RobustSolutions;

/// An estimated quantity with its standard error.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Measured {
    /// The estimate.
    pub estimate: f64,
    /// Its standard error.
    pub standard_error: f64,
}

/// The distribution of a party's utility over the draws.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct UtilityDistribution {
    /// The mean.
    pub mean: f64,
    /// The standard error of the mean.
    pub standard_error: f64,
    /// The 5th percentile (read from a 4096-bin histogram over the utility's possible range).
    pub p5: f64,
    /// The 95th percentile (same resolution).
    pub p95: f64,
}

/// How much an uncertain input moves a party's verdict.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Driver {
    /// The input's key path, e.g. `parties.east.walk_away`.
    pub input: String,
    /// Spearman's rank correlation between the input's draw and acceptance (1 accept, 0 not):
    /// since draws are uniform, the draw is its own rank. Positive: a higher value makes
    /// acceptance more likely. 0 when the verdict never varies.
    pub rank_correlation: f64,
}

/// An issue's share of what a plan costs a party against its best option on each issue.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct IssueShare {
    /// The issue id, or `interactions` for penalties of interactions that hold.
    pub issue: String,
    /// The issue's area.
    pub area: Option<String>,
    /// `share × (best score − score of the plan's term)`, at midpoints.
    pub loss: f64,
    /// This loss over the total loss: the issue's part of any shortfall below walk-away.
    pub share: f64,
}

/// Why a party rejects.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Rejection {
    /// The probability that it rejects.
    pub probability: f64,
    /// The probability that it rejects because a red line is crossed.
    pub red_line: f64,
    /// The mean shortfall (walk-away − utility) over the draws where it rejects on utility.
    pub mean_shortfall: f64,
    /// Where the shortfall comes from, largest first.
    pub by_issue: Vec<IssueShare>,
    /// The probability that it accepts on its own but its ratifiers refuse (only for a party
    /// with ratifiers; issue 12). Included in `probability`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ratifiers: Option<f64>,
}

/// One party's view of one plan under uncertainty.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PartyRobustness {
    /// The party id.
    pub party: String,
    /// Whether its acceptance is needed.
    pub signatory: bool,
    /// Whether it is an observer (no preferences, never judged): kept so that `parties`
    /// lines up with the scenario's parties, left out of the JSON as observers are everywhere.
    #[serde(skip)]
    pub observer: bool,
    /// The probability that it accepts.
    pub accept: Measured,
    /// The probability that its verdict is undetermined (plans with open issues only).
    pub undetermined: f64,
    /// Its utility (the midpoint of the range for plans with open issues).
    pub utility: UtilityDistribution,
    /// Why it rejects.
    pub rejection: Rejection,
    /// Uncertain inputs by how much they move its verdict, strongest first. For a party with
    /// ratifiers, its ratifiers' inputs too: a ratifier's walk-away can drive the verdict.
    pub drivers: Vec<Driver>,
    /// The probability that it accepts on its own, before its ratifiers vote (only for a party
    /// with ratifiers; issue 12). `accept` includes the ratifiers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub own_accept: Option<Measured>,
}

/// One plan under uncertainty.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlanRobustness {
    /// The plan id.
    pub plan: String,
    /// The probability of an agreement: that every signatory accepts, or under an agreement
    /// rule (issue 12) that the acceptances satisfy it.
    pub agreement: Measured,
    /// The probability that agreement is undetermined (open issues).
    pub agreement_undetermined: f64,
    /// Per party, in file order (observers included, so that it lines up with the scenario's
    /// parties; the JSON leaves them out).
    #[serde(serialize_with = "judged_parties")]
    pub parties: Vec<PartyRobustness>,
}

/// `parties` without observers: an observer has no verdict to report.
fn judged_parties<S: serde::Serializer>(
    parties: &[PartyRobustness],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(parties.iter().filter(|p| !p.observer))
}

/// The result of a robustness run.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Robustness {
    /// The scenario id.
    pub scenario: String,
    /// The seed used.
    pub seed: u64,
    /// The number of samples drawn.
    pub samples: u64,
    /// The precision target.
    pub precision: f64,
    /// Whether the precision target was met (else the sample cap was reached).
    pub converged: bool,
    /// How many inputs are uncertain (intervals).
    pub uncertain_inputs: usize,
    /// Per plan, in the order asked.
    pub plans: Vec<PlanRobustness>,
}

/// `accord robustness --json`: the [`Robustness`] fields, then `robust` when robust solutions
/// were searched.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RobustnessJson<'a> {
    /// The Monte Carlo result.
    #[serde(flatten)]
    pub result: &'a Robustness,
    /// The robust solutions (absent when not searched).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub robust: Option<RobustSolutionsJson<'a>>,
}

/// The JSON of [`RobustSolutions`] (the `robust` key of `accord robustness --json`): the
/// model's indices written as the scenario's ids and option values. Fields may be added, never
/// changed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RobustSolutionsJson<'a> {
    /// The samples each candidate was scored on.
    pub samples: u64,
    /// The seed.
    pub seed: u64,
    /// The outcomes with the highest probability of agreement, best first.
    pub outcomes: Vec<RobustOutcomeJson<'a>>,
    /// Whether `outcomes` come from an exhaustive search (else: local optima).
    pub outcomes_exhaustive: bool,
    /// Per plan asked.
    pub amendments: Vec<PlanAmendmentsJson<'a>>,
}

/// The JSON of a [`RobustOutcome`](crate::robust::RobustOutcome).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RobustOutcomeJson<'a> {
    /// Every issue, in file order.
    pub terms: TermsJson<'a>,
    /// The probability of agreement on it: every signatory accepts it (under an agreement
    /// rule: the acceptances satisfy the rule).
    pub agreement: Measured,
}

/// Every issue's term of an outcome, written as an object: the issue id mapped to the option id
/// (numeric issues: the number, an integer where it is whole), in file order.
#[derive(Clone, Debug, PartialEq)]
pub struct TermsJson<'a>(pub Vec<(&'a str, OptionValue<'a>)>);

impl Serialize for TermsJson<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(issue, v)| (issue, v)))
    }
}

/// The JSON of [`PlanAmendments`](crate::robust::PlanAmendments).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlanAmendmentsJson<'a> {
    /// The plan id.
    pub plan: &'a str,
    /// The best amendment for each number of changes, from the fewest.
    pub by_size: Vec<AmendmentJson<'a>>,
    /// Why the search stopped early, or null.
    pub stopped: Option<&'a str>,
}

/// The JSON of an [`Amendment`](crate::robust::Amendment).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AmendmentJson<'a> {
    /// The changes (empty: the plan as drafted).
    pub changes: Vec<ChangeJson<'a>>,
    /// The probability of agreement on the amended plan: every signatory accepts it (under an
    /// agreement rule: the acceptances satisfy the rule).
    pub agreement: Measured,
}

/// The JSON of a [`Change`](crate::robust::Change).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ChangeJson<'a> {
    /// The issue id.
    pub issue: &'a str,
    /// The plan's term, or null when the plan leaves the issue open.
    pub from: Option<OptionValue<'a>>,
    /// The amended term.
    pub to: OptionValue<'a>,
}

impl<'a> RobustSolutionsJson<'a> {
    /// The JSON of `r`, robust solutions searched on `scenario`.
    ///
    /// # Panics
    /// When `r` holds indices that are not of `scenario` (a caller bug).
    pub fn new(scenario: &'a Scenario, r: &'a RobustSolutions) -> Self {
        let s = scenario;
        RobustSolutionsJson {
            samples: r.samples,
            seed: r.seed,
            outcomes: r
                .outcomes
                .iter()
                .map(|o| RobustOutcomeJson {
                    terms: TermsJson(
                        s.issue_ixs()
                            .map(|i| {
                                let issue = s.issue(i);
                                (
                                    issue.id().as_str(),
                                    issue.option_value(o.outcome[i.index()]),
                                )
                            })
                            .collect(),
                    ),
                    agreement: o.agreement,
                })
                .collect(),
            outcomes_exhaustive: r.outcomes_exhaustive,
            amendments: r
                .amendments
                .iter()
                .map(|a| PlanAmendmentsJson {
                    plan: s.plan(a.plan).id().as_str(),
                    by_size: a
                        .by_size
                        .iter()
                        .map(|step| AmendmentJson {
                            changes: step
                                .changes
                                .iter()
                                .map(|c| {
                                    let issue = s.issue(c.issue);
                                    ChangeJson {
                                        issue: issue.id().as_str(),
                                        from: c.from.map(|o| issue.option_value(o)),
                                        to: issue.option_value(c.to),
                                    }
                                })
                                .collect(),
                            agreement: step.agreement,
                        })
                        .collect(),
                    stopped: a.stopped.as_deref(),
                })
                .collect(),
        }
    }
}

/// A one-line explanation for people in the scenario's words (`s`: the scenario analysed),
/// e.g. "East accepts Draft B in 92% of draws; it rejects in 8%; the Buffer zone terms account
/// for most of the shortfall; the verdict hinges on East's walk-away (reservation value)".
pub fn explain(s: &Scenario, party_name: &str, plan: &str, r: &PartyRobustness) -> String {
    let percent = |p: f64| {
        let x = p * 100.0;
        if x > 0.0 && x < 1.0 {
            "under 1%".to_owned()
        } else if x < 100.0 && x > 99.0 {
            "over 99%".to_owned()
        } else {
            format!("{x:.0}%")
        }
    };
    let mut out = format!(
        "{party_name} accepts {plan} in {} of draws",
        percent(r.accept.estimate)
    );
    if r.undetermined > 0.0 {
        out += &format!(" and is undetermined in {}", percent(r.undetermined));
    }
    if r.rejection.probability > 0.0 {
        out += &format!("; it rejects in {}", percent(r.rejection.probability));
        if r.rejection.red_line > 0.0 {
            out += &format!(
                " ({} because a red line is crossed)",
                percent(r.rejection.red_line)
            );
        }
        if let Some(home) = r.rejection.ratifiers.filter(|&p| p > 0.0) {
            out += &format!(" ({} because its ratifiers refuse)", percent(home));
        }
        if let Some(top) = r.rejection.by_issue.first()
            && r.rejection.probability > r.rejection.red_line + r.rejection.ratifiers.unwrap_or(0.0)
        {
            let what = if top.issue == "interactions" {
                "penalties of interactions".to_owned()
            } else {
                let title = s
                    .issues()
                    .iter()
                    .find(|i| i.id().as_str() == top.issue)
                    .map_or(top.issue.as_str(), |i| i.title());
                format!("the {title} terms")
            };
            let how_much = if top.share > 0.5 {
                "most"
            } else {
                "the largest part"
            };
            out += &format!("; {what} account for {how_much} of the shortfall");
        }
    }
    if let Some(d) = r.drivers.first()
        && d.rank_correlation.abs() >= 0.1
    {
        out += &format!(
            "; the verdict hinges on {} (rank correlation {:+.2})",
            crate::inputs::describe_path(s, &d.input).unwrap_or_else(|| d.input.clone()),
            d.rank_correlation
        );
    }
    out
}

//! The result of a robustness run. These types are also the JSON of `accord robustness --json`
//! ([`RobustnessJson`]): fields may be added, never changed.

use serde::Serialize;

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
}

/// One party's view of one plan under uncertainty.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PartyRobustness {
    /// The party id.
    pub party: String,
    /// Whether its acceptance is needed.
    pub signatory: bool,
    /// The probability that it accepts.
    pub accept: Measured,
    /// The probability that its verdict is undetermined (plans with open issues only).
    pub undetermined: f64,
    /// Its utility (the midpoint of the range for plans with open issues).
    pub utility: UtilityDistribution,
    /// Why it rejects.
    pub rejection: Rejection,
    /// Uncertain inputs by how much they move its verdict, strongest first.
    pub drivers: Vec<Driver>,
}

/// One plan under uncertainty.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlanRobustness {
    /// The plan id.
    pub plan: String,
    /// The probability that every signatory accepts.
    pub agreement: Measured,
    /// The probability that agreement is undetermined (open issues).
    pub agreement_undetermined: f64,
    /// Per party, in file order.
    pub parties: Vec<PartyRobustness>,
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
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct RobustnessJson<'a> {
    /// The Monte Carlo result.
    #[serde(flatten)]
    pub result: &'a Robustness,
    /// The robust solutions (absent when not searched).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub robust: Option<&'a crate::robust::RobustSolutions>,
}

/// A one-line explanation for people, e.g. "East rejects draft_b in 8% of draws; the buffer
/// terms account for most of the shortfall; the result hinges on parties.east.walk_away".
pub fn explain(party_name: &str, plan: &str, r: &PartyRobustness) -> String {
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
        if let Some(top) = r.rejection.by_issue.first()
            && r.rejection.probability > r.rejection.red_line
        {
            let what = if top.issue == "interactions" {
                "penalties of interactions".to_owned()
            } else {
                format!("the {} terms", top.issue)
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
            d.input, d.rank_correlation
        );
    }
    out
}

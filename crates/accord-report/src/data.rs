//! Everything the report says, computed once from the scenario: evaluations, acceptance
//! probabilities, area breakdowns, differences between drafts, robust amendments.

use accord_analysis::Analysis;
use accord_analysis::AnalysisError;
use accord_analysis::amend::{Amendments, amendments};
use accord_model::{
    AreaIx, Evaluation, IssueIx, OptionIx, PlanIx, PointPreferences, Scenario, evaluate_plan,
    plan_terms,
};
use accord_uncertainty::robust::{RobustConfig, RobustSolutions, search_from};
use accord_uncertainty::{Config, Robustness};

/// How the report's analyses are run.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportOptions {
    /// The seed of the Monte Carlo runs.
    pub seed: u64,
    /// The precision target of the acceptance probabilities.
    pub precision: f64,
    /// The draws each robust amendment is scored on.
    pub robust_samples: u64,
    /// The largest amendment searched by probability of agreement.
    pub max_changes: usize,
    /// The largest amendment searched at the midpoint estimates.
    pub max_amendment_changes: usize,
}

impl Default for ReportOptions {
    fn default() -> Self {
        ReportOptions {
            seed: 1,
            precision: 0.005,
            robust_samples: 1000,
            max_changes: 2,
            max_amendment_changes: 8,
        }
    }
}

/// What a party gets in one area from a draft: `got` of a `possible` share of its utility.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AreaGain {
    /// The area.
    pub area: AreaIx,
    /// Σ share × score of the draft's terms on the area's weighted, settled issues.
    pub got: f64,
    /// Σ share × best score on those issues.
    pub possible: f64,
}

/// One issue on which two consecutive drafts differ.
#[derive(Clone, Debug, PartialEq)]
pub struct TermChange {
    /// The issue.
    pub issue: IssueIx,
    /// The earlier draft's term (`None`: open).
    pub before: Option<OptionIx>,
    /// The later draft's term.
    pub after: Option<OptionIx>,
    /// Per party: the utility this change alone moves (`share × Δscore`), when both are settled.
    pub effect: Vec<Option<f64>>,
}

/// What one revision changed.
#[derive(Clone, Debug, PartialEq)]
pub struct Revision {
    /// The earlier draft.
    pub before: PlanIx,
    /// The later draft.
    pub after: PlanIx,
    /// The issues whose terms differ, in issue order.
    pub changes: Vec<TermChange>,
}

/// Everything the report shows.
pub struct ReportData<'s> {
    /// The scenario.
    pub scenario: &'s Scenario,
    /// The drafts in date order (undated ones last, in file order).
    pub plans: Vec<PlanIx>,
    /// Their evaluations at midpoints, in the same order.
    pub evaluations: Vec<Evaluation>,
    /// Acceptance probabilities, in the same order.
    pub robustness: Robustness,
    /// Per plan (same order), per party: area gains.
    pub areas: Vec<Vec<Vec<AreaGain>>>,
    /// Consecutive revisions.
    pub revisions: Vec<Revision>,
    /// Robust amendments and outcomes (`None` with the reason when the search is too large).
    pub robust: Result<RobustSolutions, String>,
    /// The Pareto frontier and bargaining solutions at midpoints (or why they were not
    /// computed).
    pub analysis: Result<Analysis, AnalysisError>,
    /// Per plan (same order): the minimal amendments at midpoints, cheapest for the drafters
    /// (or why they were not computed).
    pub amendments: Vec<Result<Amendments, AnalysisError>>,
    /// The options used.
    pub options: ReportOptions,
    /// Whose consent an agreement needs (scenario.md): unanimity of the signatories unless
    /// the scenario writes a quorum, scoped consent or ratifiers.
    pub rule: accord_model::ConsentRule,
}

impl<'s> ReportData<'s> {
    /// Runs every analysis the report needs.
    pub fn compute(s: &'s Scenario, options: &ReportOptions) -> Self {
        let mut plans: Vec<PlanIx> = s.plan_ixs().collect();
        // Date order; undated drafts after dated ones, both in file order (the sort is stable).
        plans.sort_by_key(|&p| (s.plan(p).date().is_none(), s.plan(p).date()));
        let evaluations = plans.iter().map(|&p| evaluate_plan(s, p)).collect();
        let robustness = accord_uncertainty::run(
            s,
            &plans,
            &Config {
                seed: options.seed,
                max_samples: 400_000,
                precision: options.precision,
            },
            &|_, _| {},
        );
        let midpoint: Vec<PointPreferences<'_>> = s
            .party_ixs()
            .map(|p| PointPreferences::midpoint(s, p))
            .collect();
        let areas = plans
            .iter()
            .map(|&plan| {
                let terms = plan_terms(s, plan);
                midpoint
                    .iter()
                    .map(|prefs| area_gains(s, prefs, &terms))
                    .collect()
            })
            .collect();
        let revisions = plans
            .windows(2)
            .map(|w| revision(s, &midpoint, w[0], w[1]))
            .collect();
        // Only the solutions are shown: one outcome per utility vector is enough.
        let analysis = accord_analysis::analyze(
            s,
            &accord_analysis::Options {
                distinct: true,
                ..accord_analysis::Options::default()
            },
        );
        // The bargaining solutions are good starts for the search by probability of agreement.
        let starts: Vec<Vec<OptionIx>> = analysis
            .as_ref()
            .map(|a| {
                a.solutions
                    .iter()
                    .filter_map(|(_, p)| p.as_ref().map(|p| p.outcome.clone()))
                    .collect()
            })
            .unwrap_or_default();
        let robust = search_from(
            s,
            &plans,
            &starts,
            &RobustConfig {
                seed: options.seed,
                samples: options.robust_samples,
                max_changes: options.max_changes,
            },
        )
        .map_err(|e| e.0);
        let amendments = plans
            .iter()
            .map(|&plan| amendments(s, plan, options.max_amendment_changes))
            .collect();
        ReportData {
            rule: s.consent_rule(),
            scenario: s,
            plans,
            evaluations,
            robustness,
            areas,
            revisions,
            robust,
            analysis,
            amendments,
            options: options.clone(),
        }
    }

    /// The position of a plan in [`Self::plans`].
    pub fn position(&self, plan: PlanIx) -> usize {
        self.plans
            .iter()
            .position(|&p| p == plan)
            .expect("a reported plan")
    }
}

fn best_contribution(s: &Scenario, prefs: &PointPreferences<'_>, k: usize, issue: IssueIx) -> f64 {
    s.issue(issue)
        .options()
        .map(|o| prefs.contribution(k, o))
        .fold(f64::NEG_INFINITY, f64::max)
}

fn area_gains(
    s: &Scenario,
    prefs: &PointPreferences<'_>,
    terms: &[Option<OptionIx>],
) -> Vec<AreaGain> {
    let mut gains: Vec<AreaGain> = s
        .area_ixs()
        .map(|area| AreaGain {
            area,
            got: 0.0,
            possible: 0.0,
        })
        .collect();
    for (k, w) in prefs.weighted().iter().enumerate() {
        let Some(o) = terms[w.issue.index()] else {
            continue;
        };
        let g = &mut gains[s.issue(w.issue).area().index()];
        g.got += prefs.contribution(k, o);
        g.possible += best_contribution(s, prefs, k, w.issue);
    }
    gains
}

fn revision(
    s: &Scenario,
    prefs: &[PointPreferences<'_>],
    before: PlanIx,
    after: PlanIx,
) -> Revision {
    let (a, b) = (plan_terms(s, before), plan_terms(s, after));
    let changes = s
        .issue_ixs()
        .filter(|i| a[i.index()] != b[i.index()])
        .map(|i| TermChange {
            issue: i,
            before: a[i.index()],
            after: b[i.index()],
            effect: prefs
                .iter()
                .map(|p| {
                    let (Some(x), Some(y)) = (a[i.index()], b[i.index()]) else {
                        return None;
                    };
                    Some(
                        p.weighted()
                            .iter()
                            .position(|w| w.issue == i)
                            .map_or(0.0, |k| p.contribution(k, y) - p.contribution(k, x)),
                    )
                })
                .collect(),
        })
        .collect();
    Revision {
        before,
        after,
        changes,
    }
}

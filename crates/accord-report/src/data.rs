//! Everything the report says, computed once from the scenario: evaluations, acceptance
//! probabilities, area breakdowns, differences between drafts, robust amendments.

use accord_analysis::AnalysisError;
use accord_analysis::amend::{Amendments, amendments_cancellable};
use accord_analysis::{Analysis, BargainingSolution};
use accord_model::{
    AreaIx, Date, Estimate, Evaluation, IssueIx, OptionIx, PartyIx, PlanIx, PointPreferences,
    ReactionCheck, Scenario, TOLERANCE, Verdict, evaluate_plan, plan_terms,
};
use accord_uncertainty::compiled::realize;
use accord_uncertainty::inputs::Layout;
use accord_uncertainty::montecarlo::sample_values;
use accord_uncertainty::robust::{
    Amendment, Change, PlanAmendments, RobustConfig, RobustOutcome, RobustSolutions, search_from,
};
use accord_uncertainty::{Config, Robustness};

/// The report was cancelled ([`ReportOptions::cancel`]) before it was complete.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the report was cancelled")]
pub struct ReportCancelled;

/// How the report's analyses are run.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportOptions {
    /// The seed of the Monte Carlo draws.
    pub seed: u64,
    /// The draws from the estimate ranges: every probability and utility interval in the
    /// report is computed on the first `samples` draws of `seed` (one set of draws for the
    /// whole page, so the same draft shows the same figure everywhere).
    pub samples: u64,
    /// The largest amendment searched by probability of agreement.
    pub max_changes: usize,
    /// The largest amendment searched at the midpoint estimates.
    pub max_amendment_changes: usize,
    /// The what-ifs the scenario was changed by for this report, in the scenario's words
    /// ([`accord_model::whatif::WhatIf::in_words`]); shown in a box at the top. Empty: the
    /// file as written.
    pub what_ifs: Vec<String>,
    /// The report's date. With it, the report is dated and says when the scenario's `as_of`
    /// is more than [`STALE_AFTER_DAYS`] days older; `None` (the default) leaves both out, so a
    /// report does not depend on the clock unless asked.
    pub date: Option<Date>,
    /// Stops the report's long computations once set ([`ReportData::compute_cancellable`]);
    /// never set by default.
    pub cancel: accord_model::Cancel,
}

/// Reads a report date written `YYYY-MM-DD`; the error says what was expected.
pub fn parse_date(text: &str) -> Result<Date, String> {
    let bad = || format!("expected a date YYYY-MM-DD, e.g. 2026-06-30, found `{text}`");
    let mut parts = text.trim().splitn(3, '-');
    let mut next = || parts.next().and_then(|p| p.parse::<u16>().ok());
    let (Some(year), Some(month), Some(day)) = (next(), next(), next()) else {
        return Err(bad());
    };
    let date = Date {
        year,
        month: u8::try_from(month).map_err(|_| bad())?,
        day: u8::try_from(day).map_err(|_| bad())?,
    };
    // A real calendar day: its day number maps back to the same date.
    match Date::from_day_number(date.day_number()) {
        Some(back) if back == date && (1..=12).contains(&date.month) && date.day >= 1 => Ok(date),
        _ => Err(format!("{} is not a calendar date", text.trim())),
    }
}

/// The default date of a report for front ends (the CLI, Python): `SOURCE_DATE_EPOCH`
/// (seconds since 1970-01-01 UTC, the reproducible-builds convention) when set, else today's
/// date in UTC. [`ReportData::compute`] itself never reads the clock: the date comes in
/// through [`ReportOptions::date`].
pub fn date_from_environment() -> Result<Date, String> {
    let seconds = match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(v) => v.trim().parse::<i64>().map_err(|_| {
            format!("SOURCE_DATE_EPOCH must be seconds since 1970-01-01, found `{v}`")
        })?,
        Err(_) => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64),
    };
    Date::from_day_number(seconds.div_euclid(86_400))
        .ok_or_else(|| format!("SOURCE_DATE_EPOCH {seconds} is outside the years 0 to 65535"))
}

/// Days after which a scenario's `as_of` earns a dated note at the top of the report.
pub const STALE_AFTER_DAYS: i64 = 90;

/// The share of draws each side of a utility interval leaves out: intervals hold the middle
/// 90% of the draws (5th to 95th percentile).
pub const INTERVAL_TAIL: f64 = 0.05;

impl Default for ReportOptions {
    fn default() -> Self {
        ReportOptions {
            seed: 1,
            samples: 4000,
            max_changes: 2,
            max_amendment_changes: 8,
            what_ifs: Vec::new(),
            date: None,
            cancel: accord_model::Cancel::never(),
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
    /// The draft revised (the later draft's `revises`).
    pub before: PlanIx,
    /// The revision.
    pub after: PlanIx,
    /// The issues whose terms differ, in issue order.
    pub changes: Vec<TermChange>,
    /// Per party (scenario order): how its utility moved, judged against the uncertainty
    /// (`None` when either draft leaves issues open).
    pub shifts: Vec<Option<UtilityShift>>,
}

/// How a party's utility moved from one draft to another, against the estimates' own
/// uncertainty.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct UtilityShift {
    /// The utility interval under the earlier draft (middle 90% of the draws).
    pub before: (f64, f64),
    /// The utility interval under the later draft.
    pub after: (f64, f64),
}

impl UtilityShift {
    /// The rule for reporting a difference: the two intervals (each the middle 90% of the
    /// party's utility over the report's draws) do not overlap. Anything less is within the
    /// estimates' own uncertainty, and the report says so instead of printing a difference.
    pub fn beyond_uncertainty(&self) -> bool {
        self.after.0 > self.before.1 || self.after.1 < self.before.0
    }
}

/// A reported reaction ([`accord_model::reaction_checks`]) set beside the model's verdict,
/// with what would make them match.
#[derive(Clone, Debug, PartialEq)]
pub struct ReactionFinding {
    /// The reaction, the model's verdict at the midpoint estimates, and whether they agree.
    pub check: ReactionCheck,
    /// The share of the report's draws in which the party accepts the draft.
    pub accept: f64,
    /// For a disagreement: the smallest change that makes the model's verdict match.
    pub to_match: Option<ToMatch>,
}

/// What would have to change for the model's verdict to match a reported reaction. The
/// walk-away thresholds are exact at the midpoint estimates: a party accepts a draft that
/// crosses none of its red lines when its walk-away is at most its utility (scenario.md,
/// "Utility and acceptance"), so the threshold is the utility itself.
#[derive(Clone, Debug, PartialEq)]
pub enum ToMatch {
    /// The model rejects on utility; the party would accept with a walk-away of at most
    /// `at_most`. `estimate` is the party's walk-away as the scenario writes it.
    LowerWalkAway {
        /// The draft's utility for the party (midpoint estimates).
        at_most: f64,
        /// The party's walk-away estimate.
        estimate: Estimate,
    },
    /// The model accepts; the party would reject with a walk-away above `above`.
    HigherWalkAway {
        /// The draft's utility for the party (midpoint estimates).
        above: f64,
        /// The party's walk-away estimate.
        estimate: Estimate,
    },
    /// The model rejects on red lines: they would have to go, and then, if `then_at_most`
    /// is set, the walk-away be at most that utility.
    RedLines {
        /// The red lines the draft crosses.
        crossed: Vec<(IssueIx, OptionIx)>,
        /// The walk-away needed once they are gone (`None`: none needed).
        then_at_most: Option<f64>,
    },
    /// The party accepts on its own; these ratifiers reject.
    Ratifiers {
        /// The ratifiers that do not accept.
        against: Vec<PartyIx>,
    },
    /// A reported rejection of a draft that gives the party its best utility: no walk-away
    /// (at most 1) makes the model reject it.
    NoWalkAway,
}

impl ToMatch {
    /// Whether the change lies inside the party's own walk-away estimate (the disagreement is
    /// then within the uncertainty the scenario admits); `None` when no walk-away change is
    /// involved.
    pub fn within_estimate(&self) -> Option<bool> {
        match self {
            ToMatch::LowerWalkAway { at_most, estimate } => Some(estimate.lo() <= *at_most),
            ToMatch::HigherWalkAway { above, estimate } => Some(estimate.hi() > *above),
            _ => None,
        }
    }
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
    /// Each draft that revises another ([`revises`]) against the draft it revises, in the
    /// order of [`Self::plans`]; never consecutive drafts merely by date or file order.
    pub revisions: Vec<Revision>,
    /// Per plan (same order), per party: the middle 90% of the party's utility over the
    /// report's draws (`None` for a draft that leaves issues open).
    pub intervals: Vec<Vec<Option<(f64, f64)>>>,
    /// Every reported reaction beside the model's verdict, in file order, but for those dated
    /// before the draft they name ([`accord_model::before_its_draft`]).
    pub reactions: Vec<ReactionFinding>,
    /// The events (indices into the scenario's events) whose reaction is dated before the
    /// draft it names: not compared with the model, listed by the report as such.
    pub reactions_before_draft: Vec<usize>,
    /// Per party (scenario order): the preferences its note marks inferred.
    pub inferred: Vec<crate::provenance::Inferred>,
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
    /// The frontier of the two most opposed signatories, with the drafts and solutions (or
    /// why it is not drawn).
    pub opposed: Result<OpposedPair, String>,
    /// One simulated negotiation's offers over time (or why none was run).
    pub simulation: Result<SimulatedRun, String>,
    /// When red lines close an issue (no option is acceptable to all whose consent is needed):
    /// per option of each closed issue, what dropping the red lines on that option alone would
    /// open. Empty otherwise.
    pub relaxations: Vec<Relaxation>,
}

/// A what-if that crosses a stated position: one option of an issue the red lines close,
/// with every red line on it dropped (for every party that holds one), and the analysis of
/// the scenario so changed.
#[derive(Clone, Debug)]
pub struct Relaxation {
    /// The closed issue.
    pub issue: IssueIx,
    /// The option whose red lines are dropped.
    pub option: OptionIx,
    /// The parties that hold a red line on it (file order).
    pub holders: Vec<PartyIx>,
    /// The analysis with those red lines dropped (indices as in the scenario), or why it
    /// could not run.
    pub analysis: Result<Analysis, String>,
    /// The share of the report's draws (its seed and sample count) in which the relaxed
    /// scenario's Nash solution is an agreement, in [0, 1]; `None` without a Nash solution or
    /// when the draws' tables would be too large.
    pub nash_agreement: Option<f64>,
}

/// The largest number of options of closed issues the report relaxes one by one (each is one
/// more analysis of the whole outcome space).
pub const MAX_RELAXATIONS: usize = 8;

/// Per option of each issue the red lines close ([`accord_analysis::NoAgreement`]), the
/// analysis with the red lines on that option dropped.
fn relaxations(
    s: &Scenario,
    analysis: &Result<Analysis, AnalysisError>,
    seed: u64,
    samples: u64,
    cancel: &accord_model::Cancel,
) -> Vec<Relaxation> {
    let Some(blockers) = analysis.as_ref().ok().and_then(|a| a.blockers.as_ref()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for closed in blockers.explain().closed_issues {
        let i = closed.issue;
        for o in s.issue(i).options() {
            let holders: Vec<PartyIx> = s
                .party_ixs()
                .filter(|&p| s.party(p).is_red_line(i, o))
                .collect();
            if holders.is_empty() || out.len() >= MAX_RELAXATIONS {
                continue;
            }
            let what_ifs: Vec<accord_model::whatif::WhatIf> = holders
                .iter()
                .map(|&p| accord_model::whatif::WhatIf::RemoveRedLine {
                    party: s.party(p).id().to_string(),
                    issue: s.issue(i).id().to_string(),
                    option: s.issue(i).option_value(o).to_string(),
                })
                .collect();
            let mut nash_agreement = None;
            let analysis = match accord_model::whatif::apply(s, &what_ifs) {
                Ok(relaxed) => {
                    // Only the solutions are shown. Under an agreement rule they are solved
                    // apart from the frontier, so a one-party frontier keeps the cost of each
                    // what-if small; under unanimity the signatories' frontier carries them.
                    let signatories: Vec<PartyIx> = relaxed
                        .party_ixs()
                        .filter(|&p| relaxed.party(p).signatory())
                        .collect();
                    let parties = if relaxed.consent_rule().is_unanimity() {
                        signatories
                    } else {
                        signatories.into_iter().take(1).collect()
                    };
                    let analyzed = accord_analysis::analyze(
                        &relaxed,
                        &accord_analysis::Options {
                            parties: Some(parties),
                            distinct: true,
                            cancel: cancel.clone(),
                            ..accord_analysis::Options::default()
                        },
                    );
                    // How far the what-if's headline outcome holds across the estimate ranges
                    // (the other red lines fixed, as in every draw).
                    if let Ok(a) = &analyzed
                        && let Some((_, Some(point))) = a
                            .solutions
                            .iter()
                            .find(|(c, _)| *c == accord_analysis::BargainingSolution::Nash)
                    {
                        nash_agreement = accord_uncertainty::robust::agreement_probabilities(
                            &relaxed,
                            std::slice::from_ref(&point.outcome),
                            seed,
                            samples,
                        )
                        .ok()
                        .and_then(|p| p.first().map(|m| m.estimate));
                    }
                    analyzed
                }
                .map_err(|e| e.to_string()),
                Err(errors) => Err(errors
                    .iter()
                    .map(|e| e.to_string())
                    .collect::<Vec<_>>()
                    .join("; ")),
            };
            out.push(Relaxation {
                nash_agreement,
                issue: i,
                option: o,
                holders,
                analysis,
            });
        }
    }
    out
}

/// The two most opposed signatories: of every pair of signatories on the Pareto frontier of
/// [`ReportData::analysis`], the pair whose utilities have the lowest Pearson correlation over
/// that frontier's points (on the frontier, what one gains the other loses most
/// consistently); ties, and frontiers of fewer than three points, go to the pair first in file
/// order. With fewer than two signatories on the frontier, the first two of its parties.
#[derive(Clone, Debug, PartialEq)]
pub struct OpposedPair {
    /// The two parties (x, y), in file order.
    pub parties: [PartyIx; 2],
    /// Their correlation over the frontier (`None`: fewer than three points, or a constant
    /// utility).
    pub correlation: Option<f64>,
    /// Their own Pareto frontier, one point per distinct pair of utilities, by descending
    /// utility of the first: the frontier of every outcome (agreement or not) projected onto
    /// the two, then filtered (every outcome on the two-party frontier has a point on the
    /// full frontier with the same two utilities, so the projection loses none).
    pub frontier: Vec<[f64; 2]>,
    /// Their walk-aways at the midpoint estimates.
    pub walk_aways: [f64; 2],
    /// Each draft's utilities (midpoints of the ranges for a draft with open issues), in the
    /// order of [`ReportData::plans`].
    pub drafts: Vec<[f64; 2]>,
    /// The bargaining solutions that exist, in [`BargainingSolution::ALL`] order.
    pub solutions: Vec<(BargainingSolution, [f64; 2])>,
}

/// The strategy every negotiator plays in the report's simulation.
pub const SIMULATION_STRATEGY: &str = accord_sim::setup::DEFAULT_STRATEGY;
/// The deadline of the report's simulation, in rounds (the simulator's default).
pub const SIMULATION_ROUNDS: usize = 100;

/// One negotiation the report simulates: stacked alternating offers (SAO) among the default
/// negotiators, every one playing [`SIMULATION_STRATEGY`], [`SIMULATION_ROUNDS`] rounds, on
/// the report's seed and the midpoint estimates (what `accord simulate FILE --seed S` runs).
#[derive(Clone, Debug, PartialEq)]
pub struct SimulatedRun {
    /// The seed (the report's).
    pub seed: u64,
    /// The rounds it took (the deadline when it ended without agreement).
    pub rounds_used: usize,
    /// Its offers, as the chart draws them.
    pub offers: crate::chart::Offers,
}

impl<'s> ReportData<'s> {
    /// The reported reactions of `party` to `plan` (of [`ReportData::reactions`]), in date
    /// order.
    pub fn reactions_of(&self, party: PartyIx, plan: PlanIx) -> Vec<&ReactionFinding> {
        let mut found: Vec<&ReactionFinding> = self
            .reactions
            .iter()
            .filter(|r| r.check.party == party && r.check.plan == plan)
            .collect();
        found.sort_by_key(|r| self.scenario.events()[r.check.event].date());
        found
    }

    /// How many reported reactions are neither a clear accept nor a clear reject ("basis for
    /// talks", "mixed") while the model gives a firm verdict for the same party and draft:
    /// where the model says more than the party did.
    pub fn firmer_than_said(&self) -> usize {
        self.reactions
            .iter()
            .filter(|r| {
                r.check.reaction.agrees_with(Verdict::Accept).is_none()
                    && r.check.verdict != Verdict::Undetermined
            })
            .count()
    }

    /// The latest reported reaction of `party` to `plan`, if any.
    pub fn latest_reaction(&self, party: PartyIx, plan: PlanIx) -> Option<&ReactionFinding> {
        self.reactions_of(party, plan).pop()
    }

    /// Runs every analysis the report needs, to its end: `options.cancel` is honoured only by
    /// [`ReportData::compute_cancellable`], which is this with the flag checked.
    pub fn compute(s: &'s Scenario, options: &ReportOptions) -> Self {
        Self::compute_with(s, options, &accord_model::Cancel::never())
    }

    /// [`ReportData::compute`], stopped early once `options.cancel` is set: the analysis, the
    /// Monte Carlo, the amendment searches and the red-line what-ifs skip their remaining work
    /// (the smaller steps run to their end), and the answer is [`ReportCancelled`], never a
    /// report built on cut-short results.
    ///
    /// # Errors
    /// [`ReportCancelled`] when the flag was set before or during the computation.
    pub fn compute_cancellable(
        s: &'s Scenario,
        options: &ReportOptions,
    ) -> Result<Self, ReportCancelled> {
        let cancel = &options.cancel;
        cancel.guard(
            || ReportCancelled,
            || Ok(Self::compute_with(s, options, cancel)),
        )
    }

    fn compute_with(
        s: &'s Scenario,
        options: &ReportOptions,
        cancel: &accord_model::Cancel,
    ) -> Self {
        let mut plans: Vec<PlanIx> = s.plan_ixs().collect();
        // Date order; undated drafts after dated ones, both in file order (the sort is stable).
        plans.sort_by_key(|&p| (s.plan(p).date().is_none(), s.plan(p).date()));
        let evaluations: Vec<Evaluation> = plans.iter().map(|&p| evaluate_plan(s, p)).collect();
        // One set of draws for the page: the Monte Carlo, the utility intervals and the search
        // by probability all use the first `samples` draws of the seed.
        let samples = options.samples.max(1);
        let robustness = accord_uncertainty::run(
            s,
            &plans,
            &Config {
                seed: options.seed,
                max_samples: samples,
                // Never stops early: exactly `samples` draws.
                precision: 0.0,
                cancel: cancel.clone(),
            },
            &|_, _| {},
        );
        let intervals = utility_intervals(s, &plans, options.seed, samples);
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
        let position = |p: PlanIx| plans.iter().position(|&x| x == p).expect("a plan");
        let revisions = plans
            .iter()
            .filter_map(|&after| {
                let before = revises(s, after)?;
                let mut r = revision(s, &midpoint, before, after);
                let (kb, ka) = (position(before), position(after));
                r.shifts = s
                    .party_ixs()
                    .map(|q| {
                        Some(UtilityShift {
                            before: intervals[kb][q.index()]?,
                            after: intervals[ka][q.index()]?,
                        })
                    })
                    .collect();
                Some(r)
            })
            .collect();
        // Only the solutions are shown: one outcome per utility vector is enough.
        let analysis = accord_analysis::analyze(
            s,
            &accord_analysis::Options {
                distinct: true,
                cancel: cancel.clone(),
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
                samples,
                max_changes: options.max_changes,
            },
        )
        .map_err(|e| e.0);
        let amendments = plans
            .iter()
            .map(|&plan| amendments_cancellable(s, plan, options.max_amendment_changes, cancel))
            .collect();
        let reactions = reaction_findings(s, &plans, &evaluations, &robustness);
        let inferred = s
            .party_ixs()
            .map(|p| crate::provenance::Inferred::of(s.party(p).note()))
            .collect();
        let opposed = match &analysis {
            Ok(a) => opposed_pair(a, &evaluations),
            Err(e) => Err(format!("the frontier was not computed: {e}")),
        };
        let simulation = simulate(s, options.seed);
        let relaxations = relaxations(s, &analysis, options.seed, options.samples.max(1), cancel);
        let reactions_before_draft = s
            .events()
            .iter()
            .enumerate()
            .filter(|(_, e)| accord_model::before_its_draft(s, e))
            .map(|(k, _)| k)
            .collect();
        ReportData {
            opposed,
            simulation,
            relaxations,
            intervals,
            reactions,
            reactions_before_draft,
            inferred,
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

    /// The outcome the report prints as accepted in the most draws: the search's best, only
    /// when it is an agreement in at least one draw and crosses no party's stated red line
    /// ([`crosses_red_line`]); `None` otherwise (the report then says there is none, and why).
    pub fn shown_outcome(&self) -> Option<&RobustOutcome> {
        let robust = self.robust.as_ref().ok()?;
        robust
            .outcomes
            .iter()
            .find(|o| o.agreement.estimate > 0.0 && !crosses_red_line(self.scenario, &o.outcome))
    }

    /// The amendments by share of draws the report prints for one draft: from the fewest
    /// changes, each only when it raises the share above every smaller one shown (the draft as
    /// drafted first), and never one whose new terms cross a party's stated red line.
    pub fn shown_steps<'a>(&self, a: &'a PlanAmendments) -> Vec<&'a Amendment> {
        let s = self.scenario;
        let mut best = -1.0;
        let mut out = Vec::new();
        for step in &a.by_size {
            if step.agreement.estimate <= best
                || step
                    .changes
                    .iter()
                    .any(|c| red_line_anyone(s, c.issue, c.to))
            {
                continue;
            }
            best = step.agreement.estimate;
            out.push(step);
        }
        out
    }

    /// The smallest shown amendment ([`Self::shown_steps`]) of `plan` that raises its share of
    /// draws in agreement above the draft's own, with that share.
    pub fn first_better_amendment(&self, plan: PlanIx) -> Option<(&[Change], f64)> {
        let robust = self.robust.as_ref().ok()?;
        let a = robust.amendments.iter().find(|a| a.plan == plan)?;
        let base = a.by_size.first()?.agreement.estimate;
        self.shown_steps(a)
            .into_iter()
            .find(|step| !step.changes.is_empty() && step.agreement.estimate > base)
            .map(|step| (step.changes.as_slice(), step.agreement.estimate))
    }

    /// The position of a plan in [`Self::plans`].
    pub fn position(&self, plan: PlanIx) -> usize {
        self.plans
            .iter()
            .position(|&p| p == plan)
            .expect("a reported plan")
    }
}

/// The pair of [`OpposedPair`] and its chart data.
fn opposed_pair(a: &Analysis, evaluations: &[Evaluation]) -> Result<OpposedPair, String> {
    let signatories: Vec<usize> = (0..a.parties.len())
        .filter(|&k| a.signatories.contains(&a.parties[k]))
        .collect();
    let candidates: Vec<usize> = if signatories.len() >= 2 {
        signatories
    } else {
        (0..a.parties.len()).collect()
    };
    if candidates.len() < 2 {
        return Err("fewer than two parties have preferences".into());
    }
    let mut best: Option<((usize, usize), Option<f64>)> = None;
    for (n, &i) in candidates.iter().enumerate() {
        for &j in &candidates[n + 1..] {
            let r = correlation(a.frontier.iter().map(|p| (p.utilities[i], p.utilities[j])));
            let better = match &best {
                None => true,
                Some((_, b)) => r.unwrap_or(0.0) < b.unwrap_or(0.0) - 1e-12,
            };
            if better {
                best = Some(((i, j), r));
            }
        }
    }
    let ((i, j), correlation) = best.expect("two candidates");
    let (pi, pj) = (a.parties[i], a.parties[j]);
    let mut points: Vec<[f64; 2]> = a
        .frontier
        .iter()
        .map(|p| [p.utilities[i], p.utilities[j]])
        .collect();
    points.sort_by(|x, y| y[0].total_cmp(&x[0]).then(y[1].total_cmp(&x[1])));
    let mut frontier: Vec<[f64; 2]> = Vec::new();
    for p in points {
        if frontier.last().is_none_or(|q| p[1] > q[1] + TOLERANCE) {
            frontier.push(p);
        }
    }
    let at = |e: &Evaluation| {
        [
            e.parties[pi.index()].utility(),
            e.parties[pj.index()].utility(),
        ]
    };
    Ok(OpposedPair {
        parties: [pi, pj],
        correlation,
        frontier,
        walk_aways: evaluations.first().map_or([0.0, 0.0], |e| {
            [
                e.parties[pi.index()].walk_away,
                e.parties[pj.index()].walk_away,
            ]
        }),
        drafts: evaluations.iter().map(at).collect(),
        solutions: a
            .solutions
            .iter()
            .filter_map(|(c, p)| p.as_ref().map(|p| (*c, [p.utilities[i], p.utilities[j]])))
            .collect(),
    })
}

/// Pearson's correlation of the pairs; `None` with fewer than three or a constant coordinate.
fn correlation(pairs: impl Iterator<Item = (f64, f64)> + Clone) -> Option<f64> {
    let n = pairs.clone().count();
    if n < 3 {
        return None;
    }
    let (sx, sy) = pairs
        .clone()
        .fold((0.0, 0.0), |(a, b), (x, y)| (a + x, b + y));
    let (mx, my) = (sx / n as f64, sy / n as f64);
    let (mut cov, mut vx, mut vy) = (0.0, 0.0, 0.0);
    for (x, y) in pairs {
        cov += (x - mx) * (y - my);
        vx += (x - mx) * (x - mx);
        vy += (y - my) * (y - my);
    }
    (vx > 1e-18 && vy > 1e-18).then(|| cov / (vx * vy).sqrt())
}

/// The report's simulation ([`SimulatedRun`]); the simulator's refusal in its words.
fn simulate(s: &Scenario, seed: u64) -> Result<SimulatedRun, String> {
    let kind = accord_sim::protocol::parse("sao").map_err(|e| e.to_string())?;
    let sim = accord_sim::SimulationBuilder::new(s, kind)
        .rounds(SIMULATION_ROUNDS)
        .build()
        .map_err(|e| e.to_string())?;
    let n = sim.run(seed, true);
    let offers = crate::chart::Offers::of_run(
        s,
        &sim,
        &n,
        format!("Offers over time: SAO, {SIMULATION_STRATEGY} for every negotiator, seed {seed}"),
    );
    Ok(SimulatedRun {
        seed,
        rounds_used: n.result.rounds,
        offers,
    })
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
        shifts: Vec::new(),
    }
}

/// Whether `option` of `issue` is a stated red line of any party (signatory or not, asked or
/// not, ratifiers included).
pub fn red_line_anyone(s: &Scenario, issue: IssueIx, option: OptionIx) -> bool {
    s.parties().iter().any(|p| p.is_red_line(issue, option))
}

/// Whether an outcome crosses any party's stated red line ([`red_line_anyone`]): the report
/// prints no such outcome as a finding.
pub fn crosses_red_line(s: &Scenario, outcome: &[OptionIx]) -> bool {
    s.issue_ixs()
        .any(|i| red_line_anyone(s, i, outcome[i.index()]))
}

/// The draft `plan` revises, if any (scenario.md, "Plans": `revises`). The one place the
/// report reads it.
pub fn revises(s: &Scenario, plan: PlanIx) -> Option<PlanIx> {
    s.plan(plan).revises()
}

/// The caution of a source of low reliability (scenario.md, "Sources": `reliability = "low"`
/// and its `caution`), or `None` for any other source. The one place the report reads a
/// source's reliability.
pub fn low_reliability(source: &accord_model::Source) -> Option<String> {
    source
        .is_low()
        .then(|| source.caution().unwrap_or("no caution given").to_owned())
}

/// Per plan, per party: the 5th and 95th percentiles of the party's utility over the first
/// `samples` draws of `seed` (the Monte Carlo's own draws); `None` for a plan with open
/// issues.
fn utility_intervals(
    s: &Scenario,
    plans: &[PlanIx],
    seed: u64,
    samples: u64,
) -> Vec<Vec<Option<(f64, f64)>>> {
    let layout = Layout::new(s);
    let outcomes: Vec<Option<Vec<OptionIx>>> = plans
        .iter()
        .map(|&p| plan_terms(s, p).into_iter().collect::<Option<Vec<_>>>())
        .collect();
    let draws = sample_values(&layout, seed, samples);
    let mut utilities: Vec<Vec<Vec<f64>>> =
        vec![vec![Vec::with_capacity(draws.len()); s.parties().len()]; plans.len()];
    for values in &draws {
        for q in s.party_ixs() {
            let prefs = realize(s, &layout, q, values);
            for (k, outcome) in outcomes.iter().enumerate() {
                if let Some(o) = outcome {
                    utilities[k][q.index()].push(prefs.utility(o));
                }
            }
        }
    }
    utilities
        .into_iter()
        .zip(&outcomes)
        .map(|(per_party, outcome)| {
            per_party
                .into_iter()
                .map(|mut u| {
                    outcome.as_ref()?;
                    u.sort_by(f64::total_cmp);
                    Some((
                        quantile(&u, INTERVAL_TAIL),
                        quantile(&u, 1.0 - INTERVAL_TAIL),
                    ))
                })
                .collect()
        })
        .collect()
}

/// The `q` quantile of sorted values (nearest rank).
fn quantile(sorted: &[f64], q: f64) -> f64 {
    let k = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[k - 1]
}

/// Each reported reaction beside the verdicts already computed (no plan evaluated twice).
fn reaction_findings(
    s: &Scenario,
    plans: &[PlanIx],
    evaluations: &[Evaluation],
    robustness: &accord_uncertainty::Robustness,
) -> Vec<ReactionFinding> {
    let mut out = Vec::new();
    for (event, e) in s.events().iter().enumerate() {
        let Some((party, plan, reaction)) = e.reported_reaction() else {
            continue;
        };
        let Some(k) = plans.iter().position(|&p| p == plan) else {
            continue;
        };
        if accord_model::before_its_draft(s, e) {
            continue;
        }
        let Some((q, pe)) = evaluations[k]
            .parties
            .iter()
            .enumerate()
            .find(|(_, pe)| pe.party == party)
        else {
            continue;
        };
        let check = ReactionCheck {
            event,
            party,
            plan,
            reaction,
            verdict: pe.verdict,
            agrees: reaction.agrees_with(pe.verdict),
        };
        let to_match = (check.agrees == Some(false)).then(|| to_match(s, &evaluations[k], pe));
        out.push(ReactionFinding {
            check,
            accept: robustness.plans[k].parties[q].accept.estimate,
            to_match,
        });
    }
    out
}

/// The smallest change that turns the model's verdict on `pe` the other way (the verdict is
/// accept or reject: a disagreement is never with an undetermined verdict).
fn to_match(s: &Scenario, e: &Evaluation, pe: &accord_model::PartyEvaluation) -> ToMatch {
    let estimate = s.party(pe.party).walk_away();
    let u = pe.utility();
    match pe.verdict {
        Verdict::Reject if pe.own_verdict == Verdict::Accept => ToMatch::Ratifiers {
            against: s
                .consent_rule()
                .ratifiers(pe.party)
                .iter()
                .copied()
                .filter(|&r| {
                    e.parties
                        .iter()
                        .any(|x| x.party == r && x.own_verdict != Verdict::Accept)
                })
                .collect(),
        },
        Verdict::Reject if !pe.red_lines_crossed.is_empty() => ToMatch::RedLines {
            crossed: pe.red_lines_crossed.clone(),
            then_at_most: (u < pe.walk_away - TOLERANCE).then_some(u),
        },
        Verdict::Reject => ToMatch::LowerWalkAway {
            at_most: u,
            estimate,
        },
        _ if u >= 1.0 => ToMatch::NoWalkAway,
        _ => ToMatch::HigherWalkAway { above: u, estimate },
    }
}

//! The wire types of `accord analyze --json`, `accord improve --json` and `accord amend --json`
//! (`analysis.md`), in one place. JSON may only grow: fields past the spec's (`method`,
//! `epsilon`, `signatories`, `blocking`) are additions.
//!
//! Every type here borrows the scenario and the result it writes, and serializes as it goes:
//! no document is built in memory first, so a frontier of a million outcomes costs only the
//! bytes written (`serde_json::to_writer` into a buffered writer). No type holds a
//! `serde_json::Value`.
//!
//! Terms are written issue id → option, in issue order: a discrete option as its id (a
//! string), a grid point as its number (an integer when whole).

use accord_model::{IssueIx, OptionIx, OptionValue, PartyIx, PlanIx, Scenario};
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

use crate::amend::{Amendment, Amendments};
use crate::improve::{Improvement, Improvements};
use crate::rule::{Coalition, PriceOfInclusion};
use crate::{Analysis, BargainingSolution, BigCount, Blockers, PartyBlock, Point};

/// `accord analyze --json`: the size of the space, the Pareto frontier, the four bargaining
/// solutions and, when no agreement exists, why.
#[derive(Serialize, Debug)]
pub struct AnalysisJson<'a> {
    /// The scenario id.
    pub scenario: &'a str,
    /// The frontier's parties (ids); every `utilities` array follows this order.
    pub parties: Vec<&'a str>,
    /// The exact outcome count, a JSON integer however large.
    pub outcomes: &'a BigCount,
    /// The number of agreements, or null when not counted.
    pub agreements: Option<u64>,
    /// The Pareto frontier, in the spec's order.
    pub pareto: PointsJson<'a>,
    /// The four bargaining solutions by key (`nash`, `kalai`, `egalitarian`, `utilitarian`),
    /// each null when no agreement exists.
    pub solutions: SolutionsJson<'a>,
    /// `enumerate` or `merge`.
    pub method: &'static str,
    /// The ε of an approximate frontier, or null when exact.
    pub epsilon: Option<f64>,
    /// The signatories (ids), whose walk-aways define the solutions.
    pub signatories: Vec<&'a str>,
    /// Why no agreement exists (null when one does).
    pub blocking: Option<BlockingJson<'a>>,
    /// The parties (ids) that are signatories in the file but do not negotiate in this run
    /// (the caller named the negotiators); absent when none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub not_negotiating: Vec<&'a str>,
    /// Every minimal winning coalition (analysis.md, "Agreement rules, coalitions and
    /// win-sets"), at most [`crate::rule::COALITION_LIMIT`]; absent unless the quorum is below
    /// the number of signatories.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coalitions: Option<CoalitionsJson<'a>>,
    /// How many minimal winning coalitions were not listed; absent when none was left out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coalitions_left_out: Option<u128>,
    /// Per party with ratifiers (file order), its win-set alone and with them; absent when no
    /// party has ratifiers.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub win_sets: Vec<WinSetJson<'a>>,
    /// Per signatory the rule allows to leave out, what including it costs the others; absent
    /// when none can be left out.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub price_of_inclusion: Vec<PriceOfInclusionJson<'a>>,
}

impl<'a> AnalysisJson<'a> {
    /// Records the parties that do not negotiate in this run (see
    /// [`accord_model::Scenario::negotiation`]).
    pub fn not_negotiating(mut self, scenario: &'a Scenario, parties: &[PartyIx]) -> Self {
        self.not_negotiating = party_ids(scenario, parties);
        self
    }

    /// The JSON of an analysis of `scenario`.
    pub fn new(scenario: &'a Scenario, a: &'a Analysis) -> Self {
        AnalysisJson {
            scenario: scenario.id().as_str(),
            parties: party_ids(scenario, &a.parties),
            outcomes: &a.outcomes,
            agreements: a.agreements,
            pareto: PointsJson {
                scenario,
                points: &a.frontier,
            },
            solutions: SolutionsJson { scenario, a },
            method: a.method.name(),
            epsilon: a.epsilon,
            signatories: party_ids(scenario, &a.signatories),
            blocking: a
                .blockers
                .as_ref()
                .map(|b| BlockingJson::from_blockers(scenario, b)),
            not_negotiating: Vec::new(),
            coalitions: a
                .rule
                .as_ref()
                .and_then(|r| r.coalitions.as_ref())
                .map(|c| CoalitionsJson {
                    scenario,
                    coalitions: &c.listed,
                }),
            coalitions_left_out: a
                .rule
                .as_ref()
                .and_then(|r| r.coalitions.as_ref())
                .map(|c| c.left_out)
                .filter(|&n| n > 0),
            win_sets: a
                .rule
                .iter()
                .flat_map(|r| &r.win_sets)
                .map(|w| WinSetJson {
                    party: scenario.party(w.party).id().as_str(),
                    ratifiers: party_ids(scenario, &w.ratifiers),
                    alone: w.alone,
                    with_ratifiers: w.with_ratifiers,
                    shrinks_most: w.shrinks_most.map(|p| scenario.party(p).id().as_str()),
                })
                .collect(),
            price_of_inclusion: a
                .rule
                .iter()
                .flat_map(|r| &r.price_of_inclusion)
                .map(|p| PriceOfInclusionJson { scenario, p })
                .collect(),
        }
    }
}

/// The minimal winning coalitions: `[{ "members": [...], "agreements": N, "solutions":
/// {...} }]`, in the order of their members' file positions.
#[derive(Debug)]
pub struct CoalitionsJson<'a> {
    scenario: &'a Scenario,
    coalitions: &'a [Coalition],
}

impl Serialize for CoalitionsJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct One<'a> {
            members: Vec<&'a str>,
            agreements: Option<u64>,
            solutions: SolutionMapJson<'a>,
        }
        let mut seq = s.serialize_seq(Some(self.coalitions.len()))?;
        for c in self.coalitions {
            seq.serialize_element(&One {
                members: party_ids(self.scenario, &c.members),
                agreements: c.agreements,
                solutions: SolutionMapJson {
                    scenario: self.scenario,
                    solutions: &c.solutions,
                },
            })?;
        }
        seq.end()
    }
}

/// Solutions by key, each a [`PointJson`] or null.
#[derive(Debug)]
pub struct SolutionMapJson<'a> {
    scenario: &'a Scenario,
    solutions: &'a [(BargainingSolution, Option<Point>)],
}

impl Serialize for SolutionMapJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.solutions.len()))?;
        for (solution, point) in self.solutions {
            let value = point.as_ref().map(|p| PointJson::new(self.scenario, p));
            map.serialize_entry(solution.key(), &value)?;
        }
        map.end()
    }
}

/// A party's win-set: `{ "party", "ratifiers": [...], "alone": N, "with_ratifiers": N,
/// "shrinks_most": id }` (counts null when agreements are not counted; `shrinks_most` null
/// when no ratifier rejects an outcome the party accepts).
#[derive(Serialize, Debug)]
pub struct WinSetJson<'a> {
    /// The party.
    pub party: &'a str,
    /// Its ratifiers, in file order.
    pub ratifiers: Vec<&'a str>,
    /// Outcomes it accepts on its own.
    pub alone: Option<u64>,
    /// Outcomes it accepts once its ratifiers are counted.
    pub with_ratifiers: Option<u64>,
    /// The ratifier that rejects the most outcomes the party accepts on its own.
    pub shrinks_most: Option<&'a str>,
}

/// One signatory's price of inclusion: `{ "party", "nash": {...}, "utilitarian": {...} }`,
/// each `{ "included": point|null, "left_out": point|null, "cost": { party: number } }`
/// (`cost`: each other signatory's utility left out minus included).
#[derive(Debug)]
pub struct PriceOfInclusionJson<'a> {
    scenario: &'a Scenario,
    p: &'a PriceOfInclusion,
}

impl Serialize for PriceOfInclusionJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct Cost<'a>(&'a Scenario, &'a [(PartyIx, f64)]);
        impl Serialize for Cost<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut map = s.serialize_map(Some(self.1.len()))?;
                for (p, c) in self.1 {
                    map.serialize_entry(self.0.party(*p).id().as_str(), c)?;
                }
                map.end()
            }
        }
        #[derive(Serialize)]
        struct One<'a> {
            included: Option<PointJson<'a>>,
            left_out: Option<PointJson<'a>>,
            cost: Cost<'a>,
        }
        let sc = self.scenario;
        let mut map = s.serialize_map(Some(1 + self.p.solutions.len()))?;
        map.serialize_entry("party", sc.party(self.p.party).id().as_str())?;
        for x in &self.p.solutions {
            map.serialize_entry(
                x.solution.key(),
                &One {
                    included: x.included.as_ref().map(|p| PointJson::new(sc, p)),
                    left_out: x.left_out.as_ref().map(|p| PointJson::new(sc, p)),
                    cost: Cost(sc, &x.cost),
                },
            )?;
        }
        map.end()
    }
}

/// Party ids, in the given order.
fn party_ids<'a>(scenario: &'a Scenario, parties: &[PartyIx]) -> Vec<&'a str> {
    parties
        .iter()
        .map(|&p| scenario.party(p).id().as_str())
        .collect()
}

/// One outcome: `{"terms": {issue: option, …}, "utilities": […]}`.
#[derive(Serialize, Debug)]
pub struct PointJson<'a> {
    /// Issue id → option, in issue order.
    pub terms: TermsJson<'a>,
    /// Utilities of the frontier's parties, in `parties` order.
    pub utilities: &'a [f64],
}

impl<'a> PointJson<'a> {
    /// An outcome of a scenario with its utilities.
    pub fn new(scenario: &'a Scenario, point: &'a Point) -> Self {
        PointJson {
            terms: TermsJson {
                scenario,
                outcome: &point.outcome,
            },
            utilities: &point.utilities,
        }
    }
}

/// A list of outcomes, each a [`PointJson`], written one by one.
#[derive(Debug)]
pub struct PointsJson<'a> {
    scenario: &'a Scenario,
    points: &'a [Point],
}

impl Serialize for PointsJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.points.len()))?;
        for p in self.points {
            seq.serialize_element(&PointJson::new(self.scenario, p))?;
        }
        seq.end()
    }
}

/// The four solutions by key, each a [`PointJson`] or null.
#[derive(Debug)]
pub struct SolutionsJson<'a> {
    scenario: &'a Scenario,
    a: &'a Analysis,
}

impl Serialize for SolutionsJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.a.solutions.len()))?;
        for (solution, point) in &self.a.solutions {
            let value = point.as_ref().map(|p| PointJson::new(self.scenario, p));
            map.serialize_entry(solution.key(), &value)?;
        }
        map.end()
    }
}

/// Issue id → option of a complete outcome, in issue order.
#[derive(Debug)]
pub struct TermsJson<'a> {
    scenario: &'a Scenario,
    outcome: &'a [OptionIx],
}

impl<'a> TermsJson<'a> {
    /// The terms of an outcome (one option per issue, in issue order).
    pub fn new(scenario: &'a Scenario, outcome: &'a [OptionIx]) -> Self {
        TermsJson { scenario, outcome }
    }
}

impl Serialize for TermsJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let issues = self.scenario.issues();
        let mut map = s.serialize_map(Some(issues.len()))?;
        for (issue, &o) in issues.iter().zip(self.outcome) {
            map.serialize_entry(issue.id().as_str(), &OptionJson(issue.option_value(o)))?;
        }
        map.end()
    }
}

/// Some issues' options: issue id → option, in the order given.
#[derive(Debug)]
pub struct ChangesJson<'a> {
    scenario: &'a Scenario,
    changes: Vec<(IssueIx, OptionIx)>,
}

impl Serialize for ChangesJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.changes.len()))?;
        for &(i, o) in &self.changes {
            let issue = self.scenario.issue(i);
            map.serialize_entry(issue.id().as_str(), &OptionJson(issue.option_value(o)))?;
        }
        map.end()
    }
}

/// One option as JSON: a discrete option's id as a string, a grid point as a number (an
/// integer where the value is whole and below 9e15, as `OptionValue::to_json`), null for a
/// non-finite number.
#[derive(Debug)]
pub struct OptionJson<'a>(pub OptionValue<'a>);

impl Serialize for OptionJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            OptionValue::Id(id) => s.serialize_str(id.as_str()),
            OptionValue::Number(v) if v.fract() == 0.0 && v.abs() < 9.0e15 => {
                s.serialize_i64(v as i64)
            }
            OptionValue::Number(v) if v.is_finite() => s.serialize_f64(v),
            OptionValue::Number(_) => s.serialize_none(),
        }
    }
}

/// Why no agreement exists.
#[derive(Serialize, Debug)]
pub struct BlockingJson<'a> {
    /// Issues whose every option is some signatory's red line: issue → party → options.
    pub closed_issues: ClosedIssuesJson<'a>,
    /// Per signatory, in file order.
    pub parties: Vec<PartyBlockJson<'a>>,
}

impl<'a> BlockingJson<'a> {
    fn from_blockers(scenario: &'a Scenario, b: &'a Blockers) -> Self {
        BlockingJson {
            closed_issues: ClosedIssuesJson { scenario, b },
            parties: b
                .parties
                .iter()
                .map(|pb| PartyBlockJson::new(scenario, pb))
                .collect(),
        }
    }
}

/// Issue id → party id → the options that party rules out, for every closed issue.
#[derive(Debug)]
pub struct ClosedIssuesJson<'a> {
    scenario: &'a Scenario,
    b: &'a Blockers,
}

impl Serialize for ClosedIssuesJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct Lines<'a>(&'a Scenario, &'a crate::ClosedIssue);
        impl Serialize for Lines<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let issue = self.0.issue(self.1.issue);
                let mut map = s.serialize_map(Some(self.1.red_lines.len()))?;
                for (p, opts) in &self.1.red_lines {
                    let values: Vec<OptionJson<'_>> = opts
                        .iter()
                        .map(|&o| OptionJson(issue.option_value(o)))
                        .collect();
                    map.serialize_entry(self.0.party(*p).id().as_str(), &values)?;
                }
                map.end()
            }
        }
        let mut map = s.serialize_map(Some(self.b.closed_issues.len()))?;
        for c in &self.b.closed_issues {
            let id = self.scenario.issue(c.issue).id().as_str();
            map.serialize_entry(id, &Lines(self.scenario, c))?;
        }
        map.end()
    }
}

/// One signatory's part in blocking agreement.
#[derive(Serialize, Debug)]
pub struct PartyBlockJson<'a> {
    /// The party id.
    pub party: &'a str,
    /// Its walk-away (reservation value).
    pub walk_away: f64,
    /// Its best utility within every signatory's red lines (null when unknown).
    pub best: Option<f64>,
    /// How many outcomes it rejects (null when not counted).
    pub rejects: Option<u64>,
}

impl<'a> PartyBlockJson<'a> {
    fn new(scenario: &'a Scenario, pb: &PartyBlock) -> Self {
        PartyBlockJson {
            party: scenario.party(pb.party).id().as_str(),
            walk_away: pb.walk_away,
            best: pb.best,
            rejects: pb.rejects,
        }
    }
}

/// `accord improve --json`: the undominated improvements on a draft, ranked by each bargaining
/// solution's criterion.
#[derive(Serialize, Debug)]
pub struct ImprovementsJson<'a> {
    /// The scenario id.
    pub scenario: &'a str,
    /// The draft's plan id.
    pub plan: &'a str,
    /// The signatories (ids); every `utilities` array follows this order.
    pub signatories: Vec<&'a str>,
    /// The draft's utility for each signatory, from which gains are measured: for a partial
    /// draft, the least over its completions (the low end of `draft_range`).
    pub draft: &'a [f64],
    /// Solution key → the improvements best first by its criterion.
    pub improvements: RankedJson<'a>,
    /// The issues the draft leaves open (ids, issue order; empty for a complete draft).
    pub open_issues: Vec<&'a str>,
    /// The draft's utility range `[lo, hi]` over its completions for each signatory (a point
    /// for a complete draft).
    pub draft_range: Vec<[f64; 2]>,
}

fn issue_ids<'a>(scenario: &'a Scenario, issues: &[IssueIx]) -> Vec<&'a str> {
    issues
        .iter()
        .map(|&i| scenario.issue(i).id().as_str())
        .collect()
}

impl<'a> ImprovementsJson<'a> {
    /// The JSON of the improvements on `plan`.
    pub fn new(scenario: &'a Scenario, plan: PlanIx, imp: &'a Improvements) -> Self {
        ImprovementsJson {
            scenario: scenario.id().as_str(),
            plan: scenario.plan(plan).id().as_str(),
            signatories: party_ids(scenario, &imp.signatories),
            draft: &imp.draft,
            improvements: RankedJson { scenario, imp },
            open_issues: issue_ids(scenario, &imp.open_issues),
            draft_range: imp.draft_range.iter().map(|&(lo, hi)| [lo, hi]).collect(),
        }
    }
}

/// Solution key → list of [`ImprovementJson`].
#[derive(Debug)]
pub struct RankedJson<'a> {
    scenario: &'a Scenario,
    imp: &'a Improvements,
}

impl Serialize for RankedJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct List<'a>(&'a Scenario, &'a [Improvement]);
        impl Serialize for List<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut seq = s.serialize_seq(Some(self.1.len()))?;
                for i in self.1 {
                    seq.serialize_element(&ImprovementJson::new(self.0, i))?;
                }
                seq.end()
            }
        }
        let mut map = s.serialize_map(Some(self.imp.ranked.len()))?;
        for (solution, list) in &self.imp.ranked {
            map.serialize_entry(solution.key(), &List(self.scenario, list))?;
        }
        map.end()
    }
}

/// One improvement: its terms, the issues it changes (issue → new option) and the
/// signatories' utilities.
#[derive(Serialize, Debug)]
pub struct ImprovementJson<'a> {
    /// Issue id → option, in issue order.
    pub terms: TermsJson<'a>,
    /// Issue id → the new option, for the issues where it takes an option the draft does not
    /// admit (for a complete draft: where it differs from the draft).
    pub changes: ChangesJson<'a>,
    /// The signatories' utilities.
    pub utilities: &'a [f64],
    /// Issue id → option, for the draft's open issues it settles within the options the draft
    /// admits (not changes); empty for a complete draft.
    pub settled: ChangesJson<'a>,
}

impl<'a> ImprovementJson<'a> {
    /// The JSON of one improvement.
    pub fn new(scenario: &'a Scenario, i: &'a Improvement) -> Self {
        ImprovementJson {
            terms: TermsJson::new(scenario, &i.outcome),
            changes: ChangesJson {
                scenario,
                changes: i
                    .changes
                    .iter()
                    .map(|&k| (k, i.outcome[k.index()]))
                    .collect(),
            },
            utilities: &i.utilities,
            settled: ChangesJson {
                scenario,
                changes: i
                    .settled
                    .iter()
                    .map(|&k| (k, i.outcome[k.index()]))
                    .collect(),
            },
        }
    }
}

/// `accord amend --json`: the smallest sets of issue changes that turn a draft into an
/// agreement, cheapest for the drafters first.
#[derive(Serialize, Debug)]
pub struct AmendmentsJson<'a> {
    /// The scenario id.
    pub scenario: &'a str,
    /// The draft's plan id.
    pub plan: &'a str,
    /// Whether the draft already is an agreement.
    pub already_agreement: bool,
    /// The parties whose cost ranks the amendments (ids).
    pub drafters: Vec<&'a str>,
    /// The signatories (ids); every `utilities` array follows this order.
    pub signatories: Vec<&'a str>,
    /// The largest number of changed issues searched.
    pub max_changes: usize,
    /// The minimal amendments, cheapest first.
    pub amendments: Vec<AmendmentJson<'a>>,
    /// The issues the draft leaves open (ids, issue order; empty for a complete draft).
    pub open_issues: Vec<&'a str>,
    /// The draws each `agreement_probability` was estimated on (null when not estimated).
    pub draws: Option<DrawsJson>,
}

/// The Monte Carlo draws behind a probability: the first `samples` draws of a robustness run
/// with `seed` (each uncertain estimate drawn uniformly from its range).
#[derive(Serialize, Debug, Clone, Copy, PartialEq)]
pub struct DrawsJson {
    /// How many draws.
    pub samples: u64,
    /// The seed.
    pub seed: u64,
}

/// A probability estimated on draws: the share of draws and its standard error
/// `sqrt(p(1-p)/n)`.
#[derive(Serialize, Debug, Clone, Copy, PartialEq)]
pub struct ProbabilityJson {
    /// The share of draws, in [0, 1].
    pub estimate: f64,
    /// Its standard error.
    pub standard_error: f64,
}

impl<'a> AmendmentsJson<'a> {
    /// The JSON of the amendments of `plan` with at most `max_changes` changes.
    pub fn new(
        scenario: &'a Scenario,
        plan: PlanIx,
        max_changes: usize,
        a: &'a Amendments,
    ) -> Self {
        AmendmentsJson {
            scenario: scenario.id().as_str(),
            plan: scenario.plan(plan).id().as_str(),
            already_agreement: a.already_agreement,
            drafters: party_ids(scenario, &a.drafters),
            signatories: party_ids(scenario, &a.signatories),
            max_changes,
            amendments: a
                .amendments
                .iter()
                .map(|x| AmendmentJson::new(scenario, x))
                .collect(),
            open_issues: issue_ids(scenario, &a.open_issues),
            draws: None,
        }
    }

    /// Adds each amendment's probability of agreement (`probabilities` in the order of
    /// `amendments`), estimated on `draws`.
    ///
    /// # Panics
    /// When `probabilities` and `amendments` differ in length (a caller's bug).
    pub fn with_probabilities(
        mut self,
        draws: DrawsJson,
        probabilities: &[ProbabilityJson],
    ) -> Self {
        assert_eq!(probabilities.len(), self.amendments.len());
        self.draws = Some(draws);
        for (a, &p) in self.amendments.iter_mut().zip(probabilities) {
            a.agreement_probability = Some(p);
        }
        self
    }
}

/// One minimal amendment.
#[derive(Serialize, Debug)]
pub struct AmendmentJson<'a> {
    /// Issue id → the new option, in issue order.
    pub changes: ChangesJson<'a>,
    /// The drafters' total utility loss from the draft (negative: a gain).
    pub drafters_cost: f64,
    /// The signatories' utilities.
    pub utilities: &'a [f64],
    /// Issue id → option, for the draft's open issues it settles within the options the draft
    /// admits (not changes); empty for a complete draft.
    pub settled: ChangesJson<'a>,
    /// The probability that the amended outcome is an agreement over the estimate ranges: the
    /// share of `draws` in which it is one (null when not estimated).
    pub agreement_probability: Option<ProbabilityJson>,
}

impl<'a> AmendmentJson<'a> {
    fn new(scenario: &'a Scenario, x: &'a Amendment) -> Self {
        AmendmentJson {
            changes: ChangesJson {
                scenario,
                changes: x.changes.clone(),
            },
            drafters_cost: x.cost,
            utilities: &x.utilities,
            settled: ChangesJson {
                scenario,
                changes: x.settled.clone(),
            },
            agreement_probability: None,
        }
    }
}

//! Outcome metrics: the Pareto frontier of the members' utilities over the rational outcomes
//! (acceptable to every member, as NegMAS's `pareto_frontier` keeps only outcomes above every
//! reserved value), the Nash point, Euclidean distances to both, and welfare.
//!
//! **The Nash point is the analysis engine's** ([`analysis_nash`]): the one `accord analyze`
//! reports, with its tolerance and tie-break (`analysis.md`), the members taken as the
//! signatories (so its agreements are the outcomes every member accepts). A simulation
//! ([`crate::Simulation`]) is always measured from it ([`Reference::for_scenario`]).
//! [`Reference::build`] keeps a brute-force maximum of `Π (u_i − walk_away_i)` over its
//! frontier, without tolerance, as a cross-check for tests.
//!
//! [`Reference::build`] finds them by brute force over spaces up to [`METRICS_LIMIT`]
//! outcomes. [`Reference::for_scenario`] goes further: above the limit it asks the analysis
//! engine's issue-by-issue merge (`accord-analysis`, exact at any size the structure allows)
//! when the members are exactly the scenario's signatories and have no interactions, because
//! the engine's agreements are the outcomes every signatory accepts; otherwise "n/a".

use std::borrow::Cow;

use accord_analysis::merge::Layers;
use accord_analysis::{BargainingSolution, Tables};
use accord_model::Scenario;
use accord_model::whatif::{self, WhatIf};

use crate::compiled::CompiledScenario;
use crate::consent::Consent;

/// The largest space whose metrics are computed.
pub const METRICS_LIMIT: usize = 1_000_000;

/// The reference points an outcome is measured against.
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    /// The parties measured (positions in the compiled scenario).
    pub members: Vec<usize>,
    /// Frontier utility vectors (one per distinct vector), by decreasing welfare.
    pub frontier: Vec<Vec<f64>>,
    /// The Nash point's utilities, when some rational outcome gives everyone more than its
    /// walk-away.
    pub nash: Option<Vec<f64>>,
}

impl Reference {
    /// Brute force over the space; `None` above [`METRICS_LIMIT`].
    pub fn build(compiled: &CompiledScenario, members: &[usize]) -> Option<Reference> {
        Self::build_under(compiled, members, None)
    }

    /// [`Reference::build`] under an agreement rule: the outcomes measured are those every
    /// member that is a signatory under the rule counts as accepting (it is not asked, or it
    /// accepts with its ratifiers; analysis.md: bargaining solutions range over the outcomes
    /// every signatory whose consent they need accepts), every other member accepting on its
    /// own. Without a rule (`None`), the outcomes every member accepts.
    ///
    /// The brute-force Nash point kept here (a cross-check) still asks every member to gain;
    /// [`Reference::for_scenario`] replaces it by the analysis engine's.
    pub fn build_under(
        compiled: &CompiledScenario,
        members: &[usize],
        consent: Option<&Consent>,
    ) -> Option<Reference> {
        if compiled.space.len > METRICS_LIMIT as u64 {
            return None;
        }
        let k = members.len();
        let alone = |o| move |q: usize| Some(compiled.functions[q].acceptable(o));
        let rational = |o: u64| match consent {
            None => members.iter().all(|&m| compiled.functions[m].acceptable(o)),
            Some(c) => members.iter().all(|&m| {
                if c.is_signatory(m) {
                    c.counts_as_accepting(compiled, m, o, alone(o))
                } else {
                    compiled.functions[m].acceptable(o)
                }
            }),
        };
        let mut points: Vec<Vec<f64>> = (0..compiled.space.len)
            .filter(|&o| rational(o))
            .map(|o| {
                members
                    .iter()
                    .map(|&m| compiled.functions[m].utility(o))
                    .collect()
            })
            .collect();
        let sum = |v: &Vec<f64>| v.iter().sum::<f64>();
        points.sort_by(|a, b| {
            sum(b).total_cmp(&sum(a)).then_with(|| {
                b.iter()
                    .zip(a)
                    .map(|(x, y)| x.total_cmp(y))
                    .find(|c| c.is_ne())
                    .unwrap_or(std::cmp::Ordering::Equal)
            })
        });
        let mut frontier: Vec<Vec<f64>> = Vec::new();
        for p in points {
            // A point that weakly dominates p has at least its welfare, so it came earlier.
            let dominated = frontier.iter().any(|f| (0..k).all(|i| f[i] >= p[i]));
            if !dominated {
                frontier.push(p);
            }
        }
        let reserve: Vec<f64> = members
            .iter()
            .map(|&m| compiled.functions[m].walk_away)
            .collect();
        let nash = nash_point(&frontier, &reserve);
        Some(Reference {
            members: members.to_vec(),
            frontier,
            nash,
        })
    }

    /// The reference for `members` (compiled positions): the frontier by brute force up to
    /// [`METRICS_LIMIT`] outcomes, above it the analysis engine's merge when the members are
    /// exactly the signatories with preferences, else `None`; the Nash point always
    /// [`analysis_nash`]'s, so it is bit for bit the one `accord analyze` reports.
    pub fn for_scenario(
        scenario: &Scenario,
        compiled: &CompiledScenario,
        members: &[usize],
    ) -> Option<Reference> {
        Self::for_simulation(scenario, compiled, members, None)
    }

    /// [`Reference::for_scenario`] under a simulation's agreement rule (`None`: every member
    /// must accept): brute force by [`Reference::build_under`]; above [`METRICS_LIMIT`] the
    /// analysis engine's merge only without a rule (else `None`); the Nash point
    /// [`analysis_nash`]'s.
    pub fn for_simulation(
        scenario: &Scenario,
        compiled: &CompiledScenario,
        members: &[usize],
        consent: Option<&Consent>,
    ) -> Option<Reference> {
        let mut reference = if compiled.space.len <= METRICS_LIMIT as u64 {
            Self::build_under(compiled, members, consent)?
        } else if consent.is_none() {
            Self::by_analysis(scenario, compiled, members)?
        } else {
            return None;
        };
        // The Nash point is the one `accord analyze` reports (its tolerance and tie-break).
        reference.nash = analysis_nash(scenario, compiled, members);
        Some(reference)
    }

    /// The reference from the analysis engine's issue-by-issue merge (any space size), when
    /// `members` are exactly the scenario's signatories and none has interactions; `None`
    /// otherwise, or when the merge would hold too many points.
    ///
    /// The merge builds the frontier of the outcomes that cross no signatory's red line, with
    /// the walk-aways as floors; the points meeting every floor are the frontier of the rational
    /// outcomes, because whatever dominates a rational outcome is rational too.
    pub fn by_analysis(
        scenario: &Scenario,
        compiled: &CompiledScenario,
        members: &[usize],
    ) -> Option<Reference> {
        let tables = Tables::new(scenario);
        let parties: Vec<usize> = members
            .iter()
            .map(|&m| compiled.parties[m].index())
            .collect();
        let mut sorted = parties.clone();
        sorted.sort_unstable();
        sorted.dedup();
        if sorted != tables.signatories()
            || sorted.len() != parties.len()
            || parties
                .iter()
                .any(|&p| !tables.parties[p].interactions.is_empty())
        {
            return None;
        }
        let reserve: Vec<f64> = parties
            .iter()
            .map(|&p| tables.parties[p].walk_away)
            .collect();
        let layers = Layers::build(
            &tables,
            tables.allowed_options(),
            &parties,
            Some(reserve.clone()),
            None,
        )
        .ok()?;
        let sum = |v: &Vec<f64>| v.iter().sum::<f64>();
        let mut frontier: Vec<Vec<f64>> = layers
            .front_meeting_floors()
            .into_iter()
            .map(|(_, u)| u.to_vec())
            .collect();
        frontier.sort_by(|a, b| sum(b).total_cmp(&sum(a)));
        let nash = nash_point(&frontier, &reserve);
        Some(Reference {
            members: members.to_vec(),
            frontier,
            nash,
        })
    }

    /// Euclidean distance from `u` (the members' utilities) to the nearest frontier point;
    /// `None` when there is no rational outcome.
    pub fn distance_to_frontier(&self, u: &[f64]) -> Option<f64> {
        self.frontier
            .iter()
            .map(|f| distance(f, u))
            .min_by(f64::total_cmp)
    }

    /// Euclidean distance from `u` to the Nash point.
    pub fn distance_to_nash(&self, u: &[f64]) -> Option<f64> {
        self.nash.as_ref().map(|n| distance(n, u))
    }
}

/// The Nash point of `members` (compiled scenario positions) as `accord analyze` finds it, with
/// the members as the signatories: their utilities, in the order of `members`. `None` when no
/// outcome is acceptable to every member, or when the analysis is refused (too large).
///
/// Under an agreement rule, when the members are the scenario's signatories, it is the
/// scenario's own Nash solution (over the outcomes every signatory counts as accepting); when
/// some signatory is not a member, the negotiation among the members
/// ([`Scenario::negotiation`]: unanimity of the members, scoped consent and ratifiers kept).
pub fn analysis_nash(
    scenario: &Scenario,
    compiled: &CompiledScenario,
    members: &[usize],
) -> Option<Vec<f64>> {
    let judged: Vec<accord_model::PartyIx> = members.iter().map(|&m| compiled.parties[m]).collect();
    let reduced;
    let scenario = if scenario.agreement_rule().is_written()
        && scenario
            .party_ixs()
            .any(|p| scenario.party(p).signatory() && !judged.contains(&p))
    {
        reduced = scenario.negotiation(&judged).scenario;
        &reduced
    } else {
        scenario
    };
    let what_ifs: Vec<WhatIf> = scenario
        .party_ixs()
        .filter(|p| scenario.party(*p).signatory() != judged.contains(p))
        .map(|p| WhatIf::Set {
            path: format!("parties.{}.signatory", scenario.party(p).id()),
            value: judged.contains(&p).to_string(),
        })
        .collect();
    let s = if what_ifs.is_empty() {
        Cow::Borrowed(scenario)
    } else {
        Cow::Owned(whatif::apply(scenario, &what_ifs).ok()?)
    };
    let options = accord_analysis::Options {
        parties: Some(judged),
        distinct: true,
        ..Default::default()
    };
    let analysis = accord_analysis::analyze(&s, &options).ok()?;
    analysis
        .solutions
        .into_iter()
        .find(|(c, _)| *c == BargainingSolution::Nash)?
        .1
        .map(|p| p.utilities)
}

/// The frontier point with the largest `Π (u_i − reserve_i)` among those better than every
/// reserve (the first of equals, in the frontier's order).
fn nash_point(frontier: &[Vec<f64>], reserve: &[f64]) -> Option<Vec<f64>> {
    frontier
        .iter()
        .filter(|f| f.iter().zip(reserve).all(|(u, r)| u > r))
        .map(|f| {
            (
                f.iter().zip(reserve).map(|(u, r)| u - r).product::<f64>(),
                f,
            )
        })
        .fold(None::<(f64, &Vec<f64>)>, |best, (p, f)| match best {
            Some((b, _)) if b >= p => best,
            _ => Some((p, f)),
        })
        .map(|(_, f)| f.clone())
}

/// Euclidean distance.
pub fn distance(a: &[f64], b: &[f64]) -> f64 {
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - y) * (x - y))
        .sum::<f64>()
        .sqrt()
}

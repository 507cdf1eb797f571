//! The accord analysis engine: the size of the outcome space, the agreements, the Pareto
//! frontier and the four bargaining solutions of `analysis.md`, exactly, at any scale the
//! structure allows.
//!
//! Two methods give the same answers:
//! - [`Method::Enumerate`]: a streaming, parallel enumeration of every outcome
//!   ([`enumerate`]), for any scenario up to [`ENUMERATION_LIMIT`] outcomes.
//! - [`Method::Merge`]: frontiers built issue by issue by Minkowski sums with dominance pruning
//!   ([`merge`]), for scenarios whose relevant parties have no interactions; no limit on the
//!   outcome count (1e200 outcomes is fine), optionally ε-approximate.
//!
//! Solutions are exact under both methods: see [`solutions`] for the argument.

#![warn(missing_docs)]

// Lets the shared test helpers name this crate the same way in unit and integration tests.
#[cfg(test)]
extern crate self as accord_analysis;

pub mod amend;
pub mod count;
pub mod enumerate;
pub mod improve;
pub mod json;
pub mod merge;
pub mod pareto;
pub mod rule;
pub mod solutions;
pub mod synthetic;
pub mod tables;

use std::fmt;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use accord_model::{Cancel, ConsentRule, IssueIx, OptionIx, PartyIx, PlanIx, Scenario, TOLERANCE};

pub use count::BigCount;
pub use solutions::BargainingSolution;
pub use tables::Tables;

use enumerate::Engine;
use merge::Layers;
use pareto::Archive;
use solutions::Targets;

/// Largest outcome space that is enumerated (about a few minutes on two cores).
pub const ENUMERATION_LIMIT: u64 = 4_000_000_000;

/// Agreements are counted when the space has at most this many outcomes (`analysis.md`).
pub const COUNT_LIMIT: u64 = 10_000_000;

/// Longest frontier listed (outcomes, counting equal vectors separately).
pub const FRONTIER_LIMIT: usize = 1_000_000;

/// How to compute.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Method {
    /// Merge when the scenario allows it, else enumerate.
    #[default]
    Auto,
    /// Enumerate every outcome.
    Enumerate,
    /// Merge frontiers issue by issue.
    Merge,
}

/// The method that ran.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MethodUsed {
    /// Streaming enumeration.
    Enumerate,
    /// Frontier merge.
    Merge,
}

impl MethodUsed {
    /// Its name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            MethodUsed::Enumerate => "enumerate",
            MethodUsed::Merge => "merge",
        }
    }
}

/// What to analyze.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The frontier's parties, in the order asked; `None`: every party with preferences.
    pub parties: Option<Vec<PartyIx>>,
    /// Keep only the first outcome of each utility vector on the frontier.
    pub distinct: bool,
    /// How to compute.
    pub method: Method,
    /// ε-approximate frontier (see [`merge`] for the guarantee); needs the merge method. The
    /// solutions stay exact.
    pub epsilon: Option<f64>,
    /// Count agreements even past [`COUNT_LIMIT`] outcomes (by enumeration).
    pub count: bool,
    /// Stops the analysis early, with [`AnalysisError::Cancelled`]: enumeration checks it
    /// between chunks (a few hundred per pass), so a cancel takes effect within one chunk.
    pub cancel: Cancel,
}

/// An outcome with utilities.
#[derive(Clone, Debug, PartialEq)]
pub struct Point {
    /// One option per issue.
    pub outcome: Vec<OptionIx>,
    /// Utilities of the frontier's parties, in their order.
    pub utilities: Vec<f64>,
}

/// Why a scenario admits no agreement.
#[derive(Clone, Debug, PartialEq)]
pub struct Blockers {
    /// Issues where every option is a red line of some signatory.
    pub closed_issues: Vec<ClosedIssue>,
    /// Per signatory, in file order.
    pub parties: Vec<PartyBlock>,
}

/// An issue on which the signatories' red lines leave no option.
#[derive(Clone, Debug, PartialEq)]
pub struct ClosedIssue {
    /// The issue.
    pub issue: IssueIx,
    /// Each signatory's red lines on it.
    pub red_lines: Vec<(PartyIx, Vec<OptionIx>)>,
}

/// One signatory's part in blocking agreement.
#[derive(Clone, Debug, PartialEq)]
pub struct PartyBlock {
    /// The party.
    pub party: PartyIx,
    /// Its walk-away.
    pub walk_away: f64,
    /// Its best utility over the outcomes that cross no signatory's red line (`None` when
    /// every issue is closed or the space is too large to search with interactions).
    pub best: Option<f64>,
    /// How many outcomes it rejects (red line or below walk-away), when the space has at most
    /// [`COUNT_LIMIT`] outcomes.
    pub rejects: Option<u64>,
}

impl PartyBlock {
    /// Whether the party blocks every outcome on its own: even its best utility within every
    /// signatory's red lines is below its walk-away by more than [`TOLERANCE`]. `false` when
    /// its best is unknown.
    pub fn blocks_alone(&self) -> bool {
        self.best
            .is_some_and(|best| best < self.walk_away - TOLERANCE)
    }

    /// Whether the party can reach its walk-away within every signatory's red lines (within
    /// [`TOLERANCE`]). `false` when its best is unknown.
    pub fn reaches_walk_away(&self) -> bool {
        self.best
            .is_some_and(|best| best >= self.walk_away - TOLERANCE)
    }
}

/// The explanation of why no agreement exists, read from [`Blockers`] with one tolerance
/// ([`TOLERANCE`]): what `accord analyze` and the report both say.
#[derive(Clone, Debug, PartialEq)]
pub struct NoAgreement<'a> {
    /// Issues where every option is a red line of some signatory.
    pub closed_issues: &'a [ClosedIssue],
    /// Signatories that block every outcome on their own ([`PartyBlock::blocks_alone`]), in
    /// file order.
    pub blocking_alone: Vec<&'a PartyBlock>,
    /// No issue is closed and every signatory can reach its walk-away on its own, but no
    /// outcome meets them all at once.
    pub only_jointly: bool,
    /// The signatory that rejects the most outcomes (the first in file order among equals),
    /// when rejections were counted.
    pub most_rejecting: Option<&'a PartyBlock>,
}

impl Blockers {
    /// Why no agreement exists, in the terms both the command line and the report use.
    pub fn explain(&self) -> NoAgreement<'_> {
        NoAgreement {
            closed_issues: &self.closed_issues,
            blocking_alone: self.parties.iter().filter(|pb| pb.blocks_alone()).collect(),
            only_jointly: self.closed_issues.is_empty()
                && self.parties.iter().all(PartyBlock::reaches_walk_away),
            most_rejecting: self
                .parties
                .iter()
                .filter(|pb| pb.rejects.is_some())
                .max_by_key(|pb| (pb.rejects, std::cmp::Reverse(pb.party))),
        }
    }
}

/// The result of an analysis.
#[derive(Clone, Debug)]
pub struct Analysis {
    /// The frontier's parties.
    pub parties: Vec<PartyIx>,
    /// The signatories (whose walk-aways and utilities define the solutions).
    pub signatories: Vec<PartyIx>,
    /// Size of the outcome space.
    pub outcomes: BigCount,
    /// Number of agreements (`None` when not counted).
    pub agreements: Option<u64>,
    /// The Pareto frontier, in the spec's order.
    pub frontier: Vec<Point>,
    /// The solutions, in [`BargainingSolution::ALL`] order; `None` when no agreement exists.
    pub solutions: Vec<(BargainingSolution, Option<Point>)>,
    /// The method that ran.
    pub method: MethodUsed,
    /// The ε of an approximate run.
    pub epsilon: Option<f64>,
    /// Why there is no agreement, when there is none.
    pub blockers: Option<Blockers>,
    /// What the agreement rule adds (coalitions, win-sets, price of inclusion); `None` when
    /// the scenario has no rule beyond unanimity of the signatories.
    pub rule: Option<rule::RuleAnalysis>,
}

/// Why an analysis, an improvement search or an amendment search was refused. Messages speak
/// of the scenario and the methods, never of a command line: a front end adds its own hints.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum AnalysisError {
    /// The caller cancelled the analysis ([`Options::cancel`]); nothing was computed.
    #[error("the analysis was cancelled")]
    Cancelled,
    /// Enumeration is needed (see [`EnumerationNeed`]), but the outcome space is larger than
    /// [`ENUMERATION_LIMIT`].
    #[error(
        "the scenario has {outcomes} outcomes (about {:.1e}), more than the {:.0e} that can be \
         enumerated{need}",
        outcomes.to_f64(),
        ENUMERATION_LIMIT as f64
    )]
    TooLargeToEnumerate {
        /// The outcome count.
        outcomes: BigCount,
        /// What needed the enumeration.
        need: EnumerationNeed,
    },
    /// The merge method was asked for, but some relevant party (on the frontier, or a
    /// signatory) has interactions.
    #[error("the merge method needs parties without interactions")]
    MergeNeedsAdditive {
        /// Ids of the parties with interactions, in file order.
        parties: Vec<String>,
    },
    /// The ε of an approximate frontier is not a positive finite number.
    #[error("the approximation ε of the frontier must be a positive number, not {0}")]
    EpsilonNotPositive(f64),
    /// An ε-approximate frontier was asked for with the enumeration method.
    #[error("an ε-approximate frontier needs the merge method (enumeration is always exact)")]
    EpsilonNeedsMerge,
    /// The frontier to list holds more points than [`FRONTIER_LIMIT`]: every outcome on it, or
    /// one per utility vector with [`Options::distinct`]. Both methods apply this cap to the
    /// points that would be listed. The counts are measured: exact from the merge; from an
    /// enumeration, which stops at the cap, lower bounds (`lower_bound`).
    #[error("{}", frontier_too_long(*outcomes, *vectors, *lower_bound, *distinct))]
    FrontierTooLong {
        /// Frontier outcomes (at least this many when `lower_bound`).
        outcomes: u64,
        /// Distinct utility vectors among them (at least this many when `lower_bound`).
        vectors: u64,
        /// Whether the counts are lower bounds (the enumeration stopped at the cap).
        lower_bound: bool,
        /// Whether one outcome per utility vector was to be listed.
        distinct: bool,
        /// Whether every party that counts is additive, so that an ε-approximate frontier (by
        /// merging) is possible.
        additive: bool,
    },
    /// A merge layer, or the candidates forming it, grew past its limit
    /// ([`merge::MAX_LAYER_POINTS`] or [`merge::MAX_CANDIDATES`]).
    #[error(
        "merging issue by issue would hold {points} partial frontier points at once (the limit \
         is {limit})"
    )]
    MergeTooLarge {
        /// Its size.
        points: usize,
        /// The limit it passed.
        limit: usize,
    },
    /// A draft leaves issues open (no term and no status quo): improvements and amendments start
    /// from a complete draft.
    #[error(
        "plan `{plan}` leaves {} open (no term, no status quo); improvements and amendments \
         start from a complete draft",
        issue_ids.join(", ")
    )]
    OpenIssues {
        /// The plan's id.
        plan: String,
        /// The open issues, in issue order.
        issues: Vec<IssueIx>,
        /// Their ids, in the same order.
        issue_ids: Vec<String>,
    },
    /// An amendment search would try more than [`amend::AMEND_LIMIT`] candidate outcomes.
    #[error(
        "{changes} changes would mean trying {candidates} outcomes, more than {}",
        amend::AMEND_LIMIT
    )]
    TooManyAmendmentCandidates {
        /// Candidates at this many changes.
        candidates: u64,
        /// The number of changed issues where the limit was passed.
        changes: usize,
    },
}

/// How many distinct utility vectors (equal bit for bit) there are among these.
pub(crate) fn distinct_vectors(vectors: impl Iterator<Item = Vec<f64>>) -> u64 {
    let mut keys: Vec<Vec<u64>> = vectors
        .map(|u| u.iter().map(|x| x.to_bits()).collect())
        .collect();
    keys.sort_unstable();
    keys.dedup();
    keys.len() as u64
}

impl AnalysisError {
    /// For [`AnalysisError::FrontierTooLong`]: whether listing one outcome per utility vector
    /// would help — it was not asked for, outcomes share vectors, and the vectors fit under
    /// [`FRONTIER_LIMIT`]. `false` for every other error.
    pub fn one_per_vector_would_fit(&self) -> bool {
        match *self {
            AnalysisError::FrontierTooLong {
                outcomes,
                vectors,
                lower_bound,
                distinct,
                ..
            } => {
                // Counts that are lower bounds at the cap say nothing about fitting under it.
                !distinct
                    && vectors < outcomes
                    && !(lower_bound && vectors >= FRONTIER_LIMIT as u64)
                    && vectors <= FRONTIER_LIMIT as u64
            }
            _ => false,
        }
    }
}

/// The message of [`AnalysisError::FrontierTooLong`], from the measured counts.
fn frontier_too_long(outcomes: u64, vectors: u64, lower_bound: bool, distinct: bool) -> String {
    let at_least = if lower_bound { "at least " } else { "" };
    if distinct {
        format!(
            "the Pareto frontier holds {at_least}{outcomes} outcomes with {at_least}{vectors} \
             distinct utility vectors, listed one per vector: more than the {FRONTIER_LIMIT} \
             that are listed"
        )
    } else {
        format!(
            "the Pareto frontier holds {at_least}{outcomes} outcomes with {at_least}{vectors} \
             distinct utility vectors, more than the {FRONTIER_LIMIT} that are listed"
        )
    }
}

/// What needed an enumeration that the outcome space is too large for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EnumerationNeed {
    /// The frontier and the solutions: enumeration was asked for, or merging is impossible
    /// because these relevant parties (ids) have interactions (empty: merging would work).
    Analysis {
        /// Ids of the relevant parties with interactions.
        with_interactions: Vec<String>,
    },
    /// Counting agreements, which only enumeration does.
    Counting,
    /// Improvements on a draft when some signatory has interactions.
    Improvements,
}

impl fmt::Display for EnumerationNeed {
    /// The end of [`AnalysisError::TooLargeToEnumerate`]'s message: "" or "; why".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EnumerationNeed::Analysis { with_interactions } if with_interactions.is_empty() => {
                Ok(())
            }
            EnumerationNeed::Analysis { with_interactions } => write!(
                f,
                "; the merge method would not need to enumerate, but it needs parties without \
                 interactions, and {} have some",
                with_interactions.join(", ")
            ),
            EnumerationNeed::Counting => {
                f.write_str("; agreements can only be counted by enumeration")
            }
            EnumerationNeed::Improvements => {
                f.write_str("; improvements need enumeration when signatories have interactions")
            }
        }
    }
}

/// A plan as a complete outcome (its terms, the status quo where it is silent), or the issues
/// it leaves open (no term and no status quo): `improve` and `amend` start from a complete draft.
///
/// # Errors
/// [`AnalysisError::OpenIssues`] when the plan leaves issues open.
pub fn complete_draft(scenario: &Scenario, plan: PlanIx) -> Result<Vec<usize>, AnalysisError> {
    let terms = accord_model::plan_terms(scenario, plan);
    let open: Vec<IssueIx> = terms
        .iter()
        .enumerate()
        .filter(|(_, t)| t.is_none())
        .map(|(i, _)| IssueIx::from_usize(i))
        .collect();
    if !open.is_empty() {
        return Err(AnalysisError::OpenIssues {
            plan: scenario.plan(plan).id().to_string(),
            issue_ids: open
                .iter()
                .map(|&i| scenario.issue(i).id().to_string())
                .collect(),
            issues: open,
        });
    }
    Ok(terms.iter().flatten().map(|o| o.index()).collect())
}

/// A plan as the options each issue may take (scenario.md, "Plans"), one list per issue in
/// file order, each ascending: a settled issue (a term, or the status quo where the plan is
/// silent) has its one option; an open issue has the options its listed term allows, or every
/// option when it is simply open (no term and no status quo, or in `open`). `improve` and
/// `amend` search these freely: settling an open issue within them is not a change.
pub fn draft_options(scenario: &Scenario, plan: PlanIx) -> Vec<Vec<usize>> {
    let terms = accord_model::plan_terms(scenario, plan);
    let within = accord_model::plan_within(scenario, plan);
    terms
        .iter()
        .enumerate()
        .map(|(i, t)| match t {
            Some(o) => vec![o.index()],
            None => accord_model::open_options(scenario, within, IssueIx::from_usize(i))
                .into_iter()
                .map(|o| o.index())
                .collect(),
        })
        .collect()
}

/// Optional progress reporting: called with (done, total) units of work.
pub type Progress<'a> = &'a (dyn Fn(u64, u64) + Sync);

/// Analyzes a scenario.
pub fn analyze(scenario: &Scenario, options: &Options) -> Result<Analysis, AnalysisError> {
    analyze_with_progress(scenario, options, &|_, _| {})
}

/// Analyzes a scenario, reporting progress of long enumerations.
///
/// Errors: as [`AnalysisError`]; [`AnalysisError::Cancelled`] when `options.cancel` is set
/// before the analysis ends (whatever it had found is dropped).
pub fn analyze_with_progress(
    scenario: &Scenario,
    options: &Options,
    progress: Progress,
) -> Result<Analysis, AnalysisError> {
    options.cancel.guard(
        || AnalysisError::Cancelled,
        || analyze_uncancelled(scenario, options, progress),
    )
}

/// [`analyze_with_progress`] without its cancel checks: an engine whose flag is set skips
/// its remaining chunks, so a result computed after a cancel is incomplete.
fn analyze_uncancelled(
    scenario: &Scenario,
    options: &Options,
    progress: Progress,
) -> Result<Analysis, AnalysisError> {
    let mut tables = Tables::new(scenario);
    tables.cancel = options.cancel.clone();
    let parties: Vec<usize> = match &options.parties {
        Some(list) => list.iter().map(|p| p.index()).collect(),
        None => (0..tables.parties.len())
            .filter(|&p| scenario.party(PartyIx::from_usize(p)).has_preferences())
            .collect(),
    };
    let signatories = tables.signatories();
    let consent = ConsentRule::of(scenario);
    let ruled = !consent.is_unanimity();
    // Under a rule, the ratifiers decide agreements too.
    let ratifiers: Vec<usize> = if ruled {
        scenario
            .party_ixs()
            .flat_map(|p| consent.ratifiers(p).iter().map(|r| r.index()))
            .collect()
    } else {
        Vec::new()
    };
    let outcomes = BigCount::product(tables.radix.iter().map(|&r| r as u64));
    let small = outcomes.to_u128().and_then(|n| u64::try_from(n).ok());
    let with_interactions: Vec<PartyIx> = parties
        .iter()
        .chain(&signatories)
        .chain(&ratifiers)
        .filter(|&&p| !tables.parties[p].interactions.is_empty())
        .map(|&p| PartyIx::from_usize(p))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let ids = |ps: &[PartyIx]| -> Vec<String> {
        ps.iter()
            .map(|&p| scenario.party(p).id().to_string())
            .collect()
    };
    if let Some(e) = options.epsilon
        && !(e.is_finite() && e > 0.0)
    {
        return Err(AnalysisError::EpsilonNotPositive(e));
    }
    let method = match options.method {
        Method::Merge if !with_interactions.is_empty() => {
            return Err(AnalysisError::MergeNeedsAdditive {
                parties: ids(&with_interactions),
            });
        }
        Method::Merge => MethodUsed::Merge,
        Method::Enumerate if options.epsilon.is_some() => {
            return Err(AnalysisError::EpsilonNeedsMerge);
        }
        Method::Enumerate => MethodUsed::Enumerate,
        Method::Auto if with_interactions.is_empty() || options.epsilon.is_some() => {
            if !with_interactions.is_empty() {
                return Err(AnalysisError::MergeNeedsAdditive {
                    parties: ids(&with_interactions),
                });
            }
            MethodUsed::Merge
        }
        Method::Auto => MethodUsed::Enumerate,
    };
    let enumerable = small.filter(|&n| n <= ENUMERATION_LIMIT);
    if method == MethodUsed::Enumerate && enumerable.is_none() {
        return Err(AnalysisError::TooLargeToEnumerate {
            outcomes,
            need: EnumerationNeed::Analysis {
                with_interactions: ids(&with_interactions),
            },
        });
    }
    let want_count = small.is_some_and(|n| n <= COUNT_LIMIT) || options.count;
    if want_count && enumerable.is_none() {
        return Err(AnalysisError::TooLargeToEnumerate {
            outcomes,
            need: EnumerationNeed::Counting,
        });
    }

    let walk: Vec<f64> = signatories
        .iter()
        .map(|&p| tables.parties[p].walk_away)
        .collect();
    let allowed = tables.allowed_options();
    let enumerate = || {
        by_enumeration(
            &tables,
            &parties,
            &signatories,
            &walk,
            allowed.clone(),
            options.distinct,
            with_interactions.is_empty(),
            !ruled,
            progress,
        )
    };
    let mut method = method;
    let (frontier_outcomes, targets_and_firsts) = match method {
        MethodUsed::Enumerate => enumerate()?,
        MethodUsed::Merge => match by_merge(
            &tables,
            &parties,
            &signatories,
            &walk,
            allowed.clone(),
            options.distinct,
            options.epsilon,
            !ruled,
        ) {
            // Chosen automatically but too large to merge: enumerate if the space allows.
            Err(AnalysisError::MergeTooLarge { .. })
                if options.method == Method::Auto
                    && options.epsilon.is_none()
                    && enumerable.is_some() =>
            {
                method = MethodUsed::Enumerate;
                enumerate()?
            }
            other => other?,
        },
    };
    let mut targets_and_firsts = targets_and_firsts;
    let mut rule_analysis = None;
    let agreements = if ruled {
        let with: Vec<PartyIx> = scenario
            .party_ixs()
            .filter(|&p| !consent.ratifiers(p).is_empty())
            .collect();
        let counts = want_count.then(|| rule::count(&tables, &consent, &with));
        let to_point = |o: &[usize]| Point {
            outcome: o.iter().map(|&x| OptionIx::from_usize(x)).collect(),
            utilities: parties
                .iter()
                .map(|&p| tables.parties[p].utility(o))
                .collect(),
        };
        let mut merge = method == MethodUsed::Merge;
        targets_and_firsts = match rule::solve_group(&tables, &consent, &signatories, merge) {
            // Chosen automatically but too large to merge: enumerate if the space allows.
            Err(AnalysisError::MergeTooLarge { .. })
                if merge && options.method == Method::Auto && enumerable.is_some() =>
            {
                merge = false;
                rule::solve_group(&tables, &consent, &signatories, false)?
            }
            other => other?,
        }
        .firsts;
        rule_analysis = Some(rule::rule_analysis(
            &tables,
            &consent,
            merge,
            counts.as_ref(),
            &to_point,
        )?);
        counts.map(|c| c.agreements)
    } else {
        want_count.then(|| count_agreements(&tables, &signatories, &walk, allowed.clone()))
    };

    // The frontier: exact utilities, dedupe when distinct, the spec's order.
    let mut frontier: Vec<(Vec<usize>, Vec<f64>)> = frontier_outcomes
        .into_iter()
        .map(|o| {
            let u = parties
                .iter()
                .map(|&p| tables.parties[p].utility(&o))
                .collect();
            (o, u)
        })
        .collect();
    if options.distinct {
        // Keep the first outcome of each group of equal vectors: in outcome order, a point is
        // dropped when a kept one equals it; candidates are looked up by first coordinate.
        frontier.sort_by(|a, b| a.0.cmp(&b.0));
        let mut kept: Vec<(Vec<usize>, Vec<f64>)> = Vec::with_capacity(frontier.len());
        let mut by_first: std::collections::BTreeMap<u64, Vec<usize>> = Default::default();
        let key = |u: &[f64]| u.first().map_or(0, |&x| ordered_bits(x));
        for entry in frontier {
            let first = entry.1.first().copied().unwrap_or(0.0);
            let range = key(&[first - TOLERANCE])..=key(&[first + TOLERANCE]);
            let duplicate = by_first
                .range(range)
                .flat_map(|(_, ks)| ks)
                .any(|&k| pareto::tolerably_equal(&kept[k].1, &entry.1));
            if !duplicate {
                by_first.entry(key(&entry.1)).or_default().push(kept.len());
                kept.push(entry);
            }
        }
        frontier = kept;
    }
    pareto::sort_frontier(
        &mut frontier,
        |e| e.1.first().copied(),
        |a, b| a.0.cmp(&b.0),
    );
    let to_point = |o: &[usize]| Point {
        outcome: o.iter().map(|&x| OptionIx::from_usize(x)).collect(),
        utilities: parties
            .iter()
            .map(|&p| tables.parties[p].utility(o))
            .collect(),
    };
    let solutions: Vec<(BargainingSolution, Option<Point>)> = BargainingSolution::ALL
        .iter()
        .zip(targets_and_firsts)
        .map(|(&c, o)| (c, o.map(|o| to_point(&o))))
        .collect();
    let blockers = if solutions.iter().all(|(_, s)| s.is_none()) {
        Some(blockers(scenario, &tables, &signatories, &allowed, small))
    } else {
        None
    };
    Ok(Analysis {
        parties: parties.iter().map(|&p| PartyIx::from_usize(p)).collect(),
        signatories: signatories
            .iter()
            .map(|&p| PartyIx::from_usize(p))
            .collect(),
        outcomes,
        agreements,
        // The utilities computed above, by the same `PartyTable::utility` as `to_point`.
        frontier: frontier
            .into_iter()
            .map(|(o, utilities)| Point {
                outcome: o.into_iter().map(OptionIx::from_usize).collect(),
                utilities,
            })
            .collect(),
        solutions,
        method,
        epsilon: options.epsilon,
        blockers,
        rule: rule_analysis,
    })
}

type Found = Vec<Option<Vec<usize>>>;

/// Enumeration: a frontier pass over every outcome, an agreements' frontier pass over the
/// options no signatory rules out, then one sweep for the first agreement reaching each
/// optimum. Each pass skips subtrees its bounds rule out.
#[allow(clippy::too_many_arguments)]
fn by_enumeration(
    tables: &Tables,
    parties: &[usize],
    signatories: &[usize],
    walk: &[f64],
    allowed: Vec<Vec<usize>>,
    distinct: bool,
    additive: bool,
    solve: bool,
    progress: Progress,
) -> Result<(Vec<Vec<usize>>, Found), AnalysisError> {
    let full = Engine::new(tables, tables.all_options(), parties);
    let agreements = Engine::new(tables, allowed.clone(), signatories);
    let work = full.chunk_count() + if solve { agreements.chunk_count() } else { 0 };
    let done = AtomicU64::new(0);
    let tick = || progress(done.fetch_add(1, Ordering::Relaxed) + 1, work);
    let overflow = AtomicBool::new(false);

    let seeds = seed_points(tables, &tables.all_options(), parties, None);
    let visitors = full.run(
        || {
            let mut archive = Archive::new(parties.len(), distinct);
            for (rank, u) in &seeds {
                archive.insert(u, *rank);
            }
            FrontierVisitor {
                archive,
                floors: None,
                overflow: &overflow,
            }
        },
        &tick,
    );
    let mut front = Archive::new(parties.len(), distinct);
    for v in visitors {
        front.absorb(v.archive);
        if front.len() > FRONTIER_LIMIT {
            overflow.store(true, Ordering::Relaxed);
            break;
        }
    }
    if overflow.load(Ordering::Relaxed) {
        // Stopped at the cap: what was found so far, measured (lower bounds).
        let points = front.into_points();
        return Err(AnalysisError::FrontierTooLong {
            outcomes: points.len() as u64,
            vectors: distinct_vectors(points.into_iter().map(|(_, u)| u)),
            lower_bound: true,
            distinct,
            additive,
        });
    }
    // In outcome order (ranks are cheap to sort), which the sorts below then find as is.
    let mut ranks: Vec<u64> = front.into_points().into_iter().map(|(r, _)| r).collect();
    ranks.sort_unstable();
    let frontier = ranks.iter().map(|&r| decode(r, &tables.radix)).collect();
    if !solve {
        return Ok((frontier, vec![None; 4]));
    }

    let seeds = seed_points(tables, &allowed, signatories, Some(walk));
    let visitors = agreements.run(
        || {
            let mut archive = Archive::new(signatories.len(), true);
            for (rank, u) in &seeds {
                archive.insert(u, *rank);
            }
            FrontierVisitor {
                archive,
                floors: Some(walk),
                overflow: &overflow,
            }
        },
        &tick,
    );
    let mut agreement_front = Archive::new(signatories.len(), true);
    for v in visitors {
        agreement_front.absorb(v.archive);
    }
    let points = agreement_front.into_points();
    let found = match Targets::new(points.iter().map(|(_, u)| u.as_slice()), walk.to_vec()) {
        None => vec![None; 4],
        Some(targets) => {
            let tests: Vec<Box<enumerate::UtilityTest>> = BargainingSolution::ALL
                .iter()
                .map(|&c| {
                    let t = targets.clone();
                    let floors = walk.to_vec();
                    Box::new(move |u: &[f64]| meets(u, &floors) && t.reached(c, u))
                        as Box<enumerate::UtilityTest>
                })
                .collect();
            agreements.first_hits(&tests)
        }
    };
    Ok((frontier, found))
}

/// Whether every utility meets its floor (within the tolerance).
pub(crate) fn meets(u: &[f64], floors: &[f64]) -> bool {
    u.iter().zip(floors).all(|(x, f)| *x >= f - TOLERANCE)
}

/// Keeps the undominated outcomes of a chunk (those meeting the floors, if any), skipping
/// subtrees whose upper bounds are dominated or miss a floor.
pub(crate) struct FrontierVisitor<'a> {
    pub(crate) archive: Archive,
    pub(crate) floors: Option<&'a [f64]>,
    pub(crate) overflow: &'a AtomicBool,
}

impl enumerate::Visitor for FrontierVisitor<'_> {
    fn enter(&mut self, s: &enumerate::Subtree) -> bool {
        if self.floors.is_some_and(|f| !meets(s.upper, f)) {
            return false;
        }
        !self.archive.dominated(s.upper)
    }

    fn visit(&mut self, v: &enumerate::Visit) -> std::ops::ControlFlow<()> {
        if self.floors.is_some_and(|f| !meets(v.utilities, f)) {
            return std::ops::ControlFlow::Continue(());
        }
        self.archive.insert(v.utilities, v.rank);
        if self.archive.len() > FRONTIER_LIMIT {
            self.overflow.store(true, Ordering::Relaxed);
            return std::ops::ControlFlow::Break(());
        }
        std::ops::ControlFlow::Continue(())
    }
}

/// Outcomes that maximize weighted sums of the tracked parties' additive parts (a few
/// directions), with their true utilities and ranks: real outcomes near the frontier that let
/// every chunk skip dominated subtrees from the start. With floors, only those meeting them.
fn seed_points(
    tables: &Tables,
    options: &[Vec<usize>],
    parties: &[usize],
    floors: Option<&[f64]>,
) -> Vec<(u64, Vec<f64>)> {
    let d = parties.len();
    if d == 0 || options.iter().any(|o| o.is_empty()) {
        return Vec::new();
    }
    let mut directions: Vec<Vec<f64>> = Vec::new();
    for j in 0..d {
        let mut axis = vec![0.05; d];
        axis[j] = 1.0;
        directions.push(axis);
    }
    directions.push(vec![1.0; d]);
    if d == 2 {
        for k in 1..8 {
            let a = f64::from(k) / 8.0;
            directions.push(vec![a, 1.0 - a]);
        }
    }
    let mut seeds = Vec::new();
    for lambda in directions {
        let outcome: Vec<usize> = options
            .iter()
            .enumerate()
            .map(|(i, opts)| {
                let score = |o: usize| -> f64 {
                    parties
                        .iter()
                        .zip(&lambda)
                        .map(|(&p, l)| l * tables.parties[p].contributions[i][o])
                        .sum()
                };
                let mut best = opts[0];
                for &o in &opts[1..] {
                    if score(o) > score(best) {
                        best = o;
                    }
                }
                best
            })
            .collect();
        let u: Vec<f64> = parties
            .iter()
            .map(|&p| tables.parties[p].utility(&outcome))
            .collect();
        if floors.is_some_and(|f| !meets(&u, f)) {
            continue;
        }
        let rank = outcome
            .iter()
            .zip(&tables.radix)
            .fold(0u64, |r, (&o, &n)| r * n as u64 + o as u64);
        seeds.push((rank, u));
    }
    seeds
}

/// Merge: the frontier's suffix layers over every option, the agreements' suffix layers over
/// the options no signatory rules out (with walk-away floors), optima from the agreements'
/// frontier, and the first agreement reaching each optimum by a guided search (`solve`: false
/// leaves the solutions to the agreement rule's own search).
#[allow(clippy::too_many_arguments)]
fn by_merge(
    tables: &Tables,
    parties: &[usize],
    signatories: &[usize],
    walk: &[f64],
    allowed: Vec<Vec<usize>>,
    distinct: bool,
    epsilon: Option<f64>,
    solve: bool,
) -> Result<(Vec<Vec<usize>>, Found), AnalysisError> {
    let too_large = |e: merge::MergeError| match e {
        merge::MergeError::TooManyPoints { points, limit, .. } => {
            AnalysisError::MergeTooLarge { points, limit }
        }
    };
    let front =
        Layers::build(tables, tables.all_options(), parties, None, epsilon).map_err(too_large)?;
    let mut frontier: Vec<Vec<usize>> = Vec::new();
    // The same cap as the enumeration's, on the points that would be listed: every outcome,
    // or one per utility vector when distinct.
    let vectors = front.front().count() as u64;
    let total = || {
        front
            .path_counts()
            .iter()
            .fold(0u64, |a, &c| a.saturating_add(c))
    };
    let listed = if distinct { vectors } else { total() };
    if listed > FRONTIER_LIMIT as u64 {
        return Err(AnalysisError::FrontierTooLong {
            outcomes: total(),
            vectors,
            lower_bound: false,
            distinct,
            additive: true,
        });
    }
    if distinct {
        frontier = front.first_outcomes();
    } else {
        for (e, _) in front.front() {
            front.outcomes(e, &mut frontier);
        }
    }
    if !solve {
        return Ok((frontier, vec![None; 4]));
    }
    // When the frontier's parties are the signatories and no red line removes an option, the
    // frontier's (exact) layers serve for the agreements too. The solutions are always exact:
    // ε only thins the frontier that is listed.
    let agreements =
        if epsilon.is_none() && parties == signatories && allowed == tables.all_options() {
            front.with_floors(walk.to_vec())
        } else {
            Layers::build(tables, allowed, signatories, Some(walk.to_vec()), None)
                .map_err(too_large)?
        };
    let points = agreements.front_meeting_floors();
    let found = match Targets::new(points.iter().map(|(_, u)| *u), walk.to_vec()) {
        None => vec![None; 4],
        Some(targets) => BargainingSolution::ALL
            .iter()
            .map(|&c| agreements.first_passing(&|u| targets.reached(c, u)))
            .collect(),
    };
    Ok((frontier, found))
}

/// Counts agreements by enumeration: a subtree every signatory accepts is counted whole, one
/// no agreement can lie in is skipped.
fn count_agreements(
    tables: &Tables,
    signatories: &[usize],
    walk: &[f64],
    allowed: Vec<Vec<usize>>,
) -> u64 {
    struct Counter<'a> {
        floors: &'a [f64],
        count: u64,
    }
    impl enumerate::Visitor for Counter<'_> {
        fn enter(&mut self, s: &enumerate::Subtree) -> bool {
            if !meets(s.upper, self.floors) {
                return false;
            }
            if meets(s.lower, self.floors) {
                self.count += s.size;
                return false;
            }
            true
        }
        fn visit(&mut self, v: &enumerate::Visit) -> std::ops::ControlFlow<()> {
            if meets(v.utilities, self.floors) {
                self.count += 1;
            }
            std::ops::ControlFlow::Continue(())
        }
    }
    let engine = Engine::new(tables, allowed, signatories);
    // Settled for every outcome at once (often: walk-aways of 0 on a benchmark domain).
    let (lower, upper, size) = engine.whole_space();
    if !meets(&upper, walk) {
        return 0;
    }
    if meets(&lower, walk) {
        return size;
    }
    engine
        .run(
            || Counter {
                floors: walk,
                count: 0,
            },
            &|| {},
        )
        .into_iter()
        .map(|c| c.count)
        .sum()
}

/// A key that orders floats like `f64::total_cmp`.
fn ordered_bits(x: f64) -> u64 {
    let b = x.to_bits();
    if b >> 63 == 1 { !b } else { b | (1 << 63) }
}

/// The outcome at a rank of outcome order.
pub(crate) fn decode(mut rank: u64, radix: &[usize]) -> Vec<usize> {
    let mut out = vec![0; radix.len()];
    for i in (0..radix.len()).rev() {
        out[i] = (rank % radix[i] as u64) as usize;
        rank /= radix[i] as u64;
    }
    out
}

/// Why there is no agreement: closed issues, and each signatory's best and rejections.
fn blockers(
    scenario: &Scenario,
    tables: &Tables,
    signatories: &[usize],
    allowed: &[Vec<usize>],
    small: Option<u64>,
) -> Blockers {
    let closed_issues = allowed
        .iter()
        .enumerate()
        .filter(|(_, a)| a.is_empty())
        .map(|(i, _)| {
            let issue = IssueIx::from_usize(i);
            let lines = signatories
                .iter()
                .filter_map(|&p| {
                    let opts: Vec<OptionIx> = scenario
                        .issue(issue)
                        .options()
                        .filter(|&o| tables.parties[p].red_line[i][o.index()])
                        .collect();
                    (!opts.is_empty()).then_some((PartyIx::from_usize(p), opts))
                })
                .collect();
            ClosedIssue {
                issue,
                red_lines: lines,
            }
        })
        .collect();
    let closed = allowed.iter().any(|a| a.is_empty());
    let countable = small.filter(|&n| n <= COUNT_LIMIT);
    // Rejections over the whole space, and the best utility within everyone's red lines.
    let (rejects, best_enumerated) = match countable {
        Some(_) => {
            struct Blocking<'a> {
                tables: &'a Tables,
                signatories: &'a [usize],
                allowed: &'a [Vec<usize>],
                rejects: Vec<u64>,
                best: Vec<f64>,
            }
            impl enumerate::Visitor for Blocking<'_> {
                fn visit(&mut self, v: &enumerate::Visit) -> std::ops::ControlFlow<()> {
                    let inside = self
                        .allowed
                        .iter()
                        .zip(v.outcome)
                        .all(|(a, o)| a.binary_search(o).is_ok());
                    for (k, &p) in self.signatories.iter().enumerate() {
                        let t = &self.tables.parties[p];
                        let u = v.utilities[k];
                        if t.crosses_red_line(v.outcome) || u < t.walk_away - TOLERANCE {
                            self.rejects[k] += 1;
                        }
                        if inside {
                            self.best[k] = self.best[k].max(u);
                        }
                    }
                    std::ops::ControlFlow::Continue(())
                }
            }
            let engine = Engine::new(tables, tables.all_options(), signatories);
            let n = signatories.len();
            let states = engine.run(
                || Blocking {
                    tables,
                    signatories,
                    allowed,
                    rejects: vec![0; n],
                    best: vec![f64::NEG_INFINITY; n],
                },
                &|| {},
            );
            let mut rej = vec![0u64; n];
            let mut best = vec![f64::NEG_INFINITY; n];
            for b in states {
                for k in 0..n {
                    rej[k] += b.rejects[k];
                    best[k] = best[k].max(b.best[k]);
                }
            }
            (Some(rej), Some(best))
        }
        None => (None, None),
    };
    let parties = signatories
        .iter()
        .enumerate()
        .map(|(k, &p)| {
            let t = &tables.parties[p];
            let best = if closed {
                None
            } else if let Some(b) = &best_enumerated {
                Some(b[k])
            } else if t.interactions.is_empty() {
                // Additive: the best option of each issue, summed in issue order.
                let mut u = 0.0;
                for (i, a) in allowed.iter().enumerate() {
                    u += a
                        .iter()
                        .map(|&o| t.contributions[i][o])
                        .fold(f64::NEG_INFINITY, f64::max);
                }
                Some(u)
            } else {
                None
            };
            PartyBlock {
                party: PartyIx::from_usize(p),
                walk_away: t.walk_away,
                best,
                rejects: rejects.as_ref().map(|r| r[k]),
            }
        })
        .collect();
    Blockers {
        closed_issues,
        parties,
    }
}

#[cfg(test)]
#[path = "../tests/common/mod.rs"]
pub(crate) mod common;

/// Under `cfg(test)` the engine cuts spaces into only a few chunks, so these runs walk deep
/// subtrees (bounds, skips, backtracking) that the integration tests' small scenarios reach
/// only at chunk roots.
#[cfg(test)]
mod deep_walk_tests {
    use super::common::*;
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

        #[test]
        fn enumeration_walks_deep_subtrees_exactly(spec in spec(6, 3, 3, true), distinct in any::<bool>()) {
            let s = parse(&to_toml(&spec));
            let b = brute(&s, &default_parties(&s));
            let a = run(&s, Method::Enumerate, None, distinct);
            check(&s, &a, &b, distinct)?;
        }

        #[test]
        fn merge_matches_deep_enumeration(spec in spec(7, 3, 3, false)) {
            let s = parse(&to_toml(&spec));
            let a = run(&s, Method::Merge, None, false);
            let e = run(&s, Method::Enumerate, None, false);
            prop_assert_eq!(&a.frontier, &e.frontier);
            prop_assert_eq!(&a.solutions, &e.solutions);
            prop_assert_eq!(a.agreements, e.agreements);
        }
    }
}

#[cfg(test)]
mod explain_tests {
    use super::*;

    fn block(party: usize, walk_away: f64, best: Option<f64>, rejects: Option<u64>) -> PartyBlock {
        PartyBlock {
            party: PartyIx::from_usize(party),
            walk_away,
            best,
            rejects,
        }
    }

    /// One tolerance: a best within 1e-9 below the walk-away reaches it; further below blocks.
    #[test]
    fn blocking_alone_uses_the_tolerance() {
        assert!(!block(0, 0.5, Some(0.5 - 1e-12), None).blocks_alone());
        assert!(block(0, 0.5, Some(0.5 - 1e-12), None).reaches_walk_away());
        assert!(block(0, 0.5, Some(0.5 - 1e-6), None).blocks_alone());
        assert!(!block(0, 0.5, Some(0.5 - 1e-6), None).reaches_walk_away());
        assert!(!block(0, 0.5, None, None).blocks_alone());
        assert!(!block(0, 0.5, None, None).reaches_walk_away());
    }

    #[test]
    fn explanation_names_who_blocks() {
        let jointly = Blockers {
            closed_issues: Vec::new(),
            parties: vec![
                block(0, 0.5, Some(0.9), Some(7)),
                block(1, 0.5, Some(0.5 - 1e-12), Some(7)),
                block(2, 0.5, Some(0.8), Some(3)),
            ],
        };
        let why = jointly.explain();
        assert!(why.only_jointly);
        assert!(why.blocking_alone.is_empty());
        // Equal rejections: the first in file order.
        assert_eq!(why.most_rejecting.map(|p| p.party.index()), Some(0));

        let alone = Blockers {
            closed_issues: Vec::new(),
            parties: vec![
                block(0, 0.5, Some(0.9), None),
                block(1, 0.5, Some(0.4), None),
            ],
        };
        let why = alone.explain();
        assert!(!why.only_jointly);
        assert_eq!(why.blocking_alone.len(), 1);
        assert_eq!(why.blocking_alone[0].party.index(), 1);
        assert_eq!(why.most_rejecting, None);
    }

    /// Library messages never name a command-line flag (they reach the report).
    #[test]
    fn errors_never_name_a_flag() {
        let outcomes = BigCount::product([10u64; 12]);
        let errors = [
            AnalysisError::TooLargeToEnumerate {
                outcomes: outcomes.clone(),
                need: EnumerationNeed::Analysis {
                    with_interactions: Vec::new(),
                },
            },
            AnalysisError::TooLargeToEnumerate {
                outcomes: outcomes.clone(),
                need: EnumerationNeed::Analysis {
                    with_interactions: vec!["west".into()],
                },
            },
            AnalysisError::TooLargeToEnumerate {
                outcomes: outcomes.clone(),
                need: EnumerationNeed::Counting,
            },
            AnalysisError::TooLargeToEnumerate {
                outcomes,
                need: EnumerationNeed::Improvements,
            },
            AnalysisError::MergeNeedsAdditive {
                parties: vec!["west".into()],
            },
            AnalysisError::EpsilonNotPositive(-1.0),
            AnalysisError::EpsilonNeedsMerge,
            AnalysisError::FrontierTooLong {
                outcomes: 2_000_000,
                vectors: 1_500_000,
                lower_bound: false,
                distinct: false,
                additive: true,
            },
            AnalysisError::FrontierTooLong {
                outcomes: 1_000_001,
                vectors: 1_000_001,
                lower_bound: true,
                distinct: true,
                additive: false,
            },
            AnalysisError::MergeTooLarge {
                points: 10,
                limit: 5,
            },
            AnalysisError::OpenIssues {
                plan: "draft".into(),
                issues: vec![IssueIx::from_usize(0)],
                issue_ids: vec!["border".into()],
            },
            AnalysisError::TooManyAmendmentCandidates {
                candidates: 60_000_000,
                changes: 3,
            },
        ];
        for e in errors {
            let text = e.to_string();
            assert!(!text.contains("--"), "{text}");
            assert!(!text.is_empty());
        }
    }
}

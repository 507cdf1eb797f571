//! Analysis under an agreement rule: scoped consent, a quorum with required parties, and
//! ratifiers (scenario.md, "Whose consent an agreement needs"; analysis.md, "Agreement rules,
//! coalitions and win-sets"). Acceptance is always decided by [`accord_model::ConsentRule`];
//! this module only splits the outcome space so that every piece is *unanimity with floors*,
//! which both engines ([`crate::merge`], [`crate::enumerate`]) solve exactly.
//!
//! The outcomes a *group* of signatories (the grand coalition, or one minimal winning
//! coalition) all count as accepting are split in two steps:
//! - **cells**, a disjoint split on whose consent is needed: for each member with scoped
//!   consent `[i1, i2, …]`, "i1 moved | i1 at its status quo and i2 moved | … | all at their
//!   status quo" (in the last branch the member is not asked). Every cell is a box (a set of
//!   options per issue) in which each member is either asked or not, for every outcome;
//! - **terms**, within a cell: every asked member must accept on its own and, when it has
//!   ratifiers, so must one subset of exactly its ratification quorum of them (the disjunction
//!   over those subsets). A term is then a box and a list of parties that must all accept on
//!   their own: unanimity with floors (walk-aways) and red lines (options removed).
//!
//! Maxima over a union are the maxima of the terms' maxima, and the first outcome (in outcome
//! order) of a union passing a monotone test is the first of the terms' firsts, so the
//! solutions stay exact. Counts need a disjoint split, so agreements are counted by
//! enumerating every outcome and asking the rule ([`count`]).
//!
//! The criteria of the solutions run over the members a cell asks (the decision recorded with
//! issue 12: an unasked signatory is left out of the criterion, like a non-signatory), with
//! gains `g_p = u_p - d_p`: Nash the product of gains, Kalai–Smorodinsky the smallest
//! normalized gain (`ideal_p` the highest `u_p` over the group's outcomes that ask `p`),
//! egalitarian the smallest gain then the larger sum of gains, utilitarian the sum of gains.
//! Under unanimity without scopes every cell asks every member, and these rank outcomes as
//! analysis.md's criteria do.

use std::collections::HashMap;
use std::sync::atomic::AtomicBool;

use accord_model::{ConsentRule, OptionIx, PartyIx, TOLERANCE};

use crate::enumerate::{self, Engine};
use crate::merge::{Layers, MergeError};
use crate::pareto::Archive;
use crate::solutions::{
    BargainingSolution, kalai_smorodinsky_value, min_gain, nash_reaches, nash_value, reaches,
};
use crate::{AnalysisError, FrontierVisitor, Tables, meets};

/// Per issue the options a box allows, ascending (option indices).
pub(crate) type OptionBox = Vec<Vec<usize>>;

/// A cell of a group's outcomes: a box, and the members (party indices, in group order) that
/// every outcome of the box asks.
#[derive(Clone, Debug)]
pub(crate) struct Cell {
    pub(crate) options: OptionBox,
    pub(crate) asked: Vec<usize>,
}

/// The disjoint split of the outcome space by which of `members` are asked (see the module
/// documentation). Empty boxes are dropped; the cells cover the space exactly once.
pub(crate) fn cells(tables: &Tables, rule: &ConsentRule, members: &[usize]) -> Vec<Cell> {
    let mut cells: Vec<(OptionBox, Vec<bool>)> =
        vec![(tables.all_options(), vec![false; members.len()])];
    for (k, &p) in members.iter().enumerate() {
        let Some(scope) = rule.scope(PartyIx::from_usize(p)) else {
            for c in &mut cells {
                c.1[k] = true;
            }
            continue;
        };
        let mut next = Vec::new();
        for (bx, asked) in cells {
            let mut rest = bx;
            let mut all_at_status_quo = true;
            for &(issue, status_quo) in scope {
                let i = issue.index();
                let mut moved = rest.clone();
                if let Some(sq) = status_quo {
                    moved[i].retain(|&o| o != sq.index());
                }
                if !moved[i].is_empty() {
                    let mut a = asked.clone();
                    a[k] = true;
                    next.push((moved, a));
                }
                match status_quo {
                    Some(sq) => rest[i].retain(|&o| o == sq.index()),
                    None => rest[i].clear(),
                }
                if rest[i].is_empty() {
                    all_at_status_quo = false;
                    break;
                }
            }
            if all_at_status_quo {
                next.push((rest, asked));
            }
        }
        cells = next;
    }
    cells
        .into_iter()
        .filter(|(bx, _)| bx.iter().all(|o| !o.is_empty()))
        .map(|(options, asked)| Cell {
            options,
            asked: members
                .iter()
                .zip(&asked)
                .filter(|(_, a)| **a)
                .map(|(&p, _)| p)
                .collect(),
        })
        .collect()
}

/// A piece of a group's outcomes on which acceptance is unanimity: every party of `tracked`
/// accepts on its own (red lines are removed from `options`, walk-aways are floors).
#[derive(Clone, Debug)]
pub(crate) struct Term {
    /// The box, without the tracked parties' red lines.
    pub(crate) options: OptionBox,
    /// The members the cell asks (the criterion's parties): the first coordinates of `tracked`.
    pub(crate) asked: Vec<usize>,
    /// `asked`, then the ratifiers this term requires.
    pub(crate) tracked: Vec<usize>,
}

/// Every `k`-subset of `items`, in lexicographic order.
fn subsets(items: &[PartyIx], k: usize) -> Vec<Vec<usize>> {
    let mut out = Vec::new();
    let mut pick: Vec<usize> = Vec::with_capacity(k);
    fn go(
        items: &[PartyIx],
        k: usize,
        from: usize,
        pick: &mut Vec<usize>,
        out: &mut Vec<Vec<usize>>,
    ) {
        if pick.len() == k {
            out.push(pick.clone());
            return;
        }
        for j in from..items.len() {
            if items.len() - j < k - pick.len() {
                break;
            }
            pick.push(items[j].index());
            go(items, k, j + 1, pick, out);
            pick.pop();
        }
    }
    go(items, k, 0, &mut pick, &mut out);
    out
}

/// The terms of the outcomes every one of `members` counts as accepting (their union).
pub(crate) fn terms(tables: &Tables, rule: &ConsentRule, members: &[usize]) -> Vec<Term> {
    let mut out = Vec::new();
    for cell in cells(tables, rule, members) {
        let mut choices: Vec<Vec<usize>> = vec![Vec::new()];
        for &p in &cell.asked {
            let p = PartyIx::from_usize(p);
            let q = rule.ratification_quorum(p);
            if q == 0 {
                continue;
            }
            let picks = subsets(rule.ratifiers(p), q);
            choices = choices
                .iter()
                .flat_map(|c| {
                    picks.iter().map(move |s| {
                        let mut c = c.clone();
                        c.extend(s);
                        c
                    })
                })
                .collect();
        }
        for extra in choices {
            let mut tracked = cell.asked.clone();
            tracked.extend(extra);
            let options: OptionBox = cell
                .options
                .iter()
                .enumerate()
                .map(|(i, opts)| {
                    opts.iter()
                        .copied()
                        .filter(|&o| !tracked.iter().any(|&p| tables.parties[p].red_line[i][o]))
                        .collect()
                })
                .collect();
            if options.iter().any(Vec::is_empty) {
                continue;
            }
            out.push(Term {
                options,
                asked: cell.asked.clone(),
                tracked,
            });
        }
    }
    out
}

/// The optima of the four criteria over a group's outcomes, with criteria over the asked
/// members (see the module documentation), and the monotone test "reaches the optimum".
#[derive(Clone, Debug)]
pub(crate) struct RuleTargets {
    /// Walk-away per party index.
    walk: Vec<f64>,
    /// Highest utility per party index over the outcomes that ask it (`-inf`: none).
    ideal: Vec<f64>,
    nash: f64,
    kalai: f64,
    egalitarian_min: f64,
    egalitarian_sum: f64,
    utilitarian: f64,
}

/// The sum of gains.
fn gain_sum(u: &[f64], d: &[f64]) -> f64 {
    u.iter().zip(d).map(|(u, d)| u - d).sum()
}

impl RuleTargets {
    /// The optima over the given points: `(asked parties, their utilities)`; `None` when empty.
    fn new(tables: &Tables, points: &[(&[usize], Vec<&[f64]>)]) -> Option<RuleTargets> {
        let walk: Vec<f64> = tables.parties.iter().map(|t| t.walk_away).collect();
        let mut ideal = vec![f64::NEG_INFINITY; walk.len()];
        let mut any = false;
        for (asked, pts) in points {
            for u in pts {
                any = true;
                for (k, &p) in asked.iter().enumerate() {
                    ideal[p] = ideal[p].max(u[k]);
                }
            }
        }
        if !any {
            return None;
        }
        let mut t = RuleTargets {
            walk,
            ideal,
            nash: f64::NEG_INFINITY,
            kalai: f64::NEG_INFINITY,
            egalitarian_min: f64::NEG_INFINITY,
            egalitarian_sum: f64::NEG_INFINITY,
            utilitarian: f64::NEG_INFINITY,
        };
        for (asked, pts) in points {
            let (d, ideal) = t.of(asked);
            for u in pts {
                let u = &u[..asked.len()];
                t.nash = t.nash.max(nash_value(u, &d));
                t.kalai = t.kalai.max(kalai_smorodinsky_value(u, &d, &ideal));
                t.egalitarian_min = t.egalitarian_min.max(min_gain(u, &d));
                t.utilitarian = t.utilitarian.max(gain_sum(u, &d));
            }
        }
        for (asked, pts) in points {
            let (d, _) = t.of(asked);
            for u in pts {
                let u = &u[..asked.len()];
                if reaches(min_gain(u, &d), t.egalitarian_min) {
                    t.egalitarian_sum = t.egalitarian_sum.max(gain_sum(u, &d));
                }
            }
        }
        Some(t)
    }

    /// Walk-aways and ideals of some parties.
    fn of(&self, asked: &[usize]) -> (Vec<f64>, Vec<f64>) {
        (
            asked.iter().map(|&p| self.walk[p]).collect(),
            asked.iter().map(|&p| self.ideal[p]).collect(),
        )
    }

    /// The value of a criterion (egalitarian: the smallest gain) at `u` (utilities of `asked`).
    pub(crate) fn value(&self, c: BargainingSolution, asked: &[usize], u: &[f64]) -> f64 {
        let (d, ideal) = self.of(asked);
        let u = &u[..asked.len()];
        match c {
            BargainingSolution::Nash => nash_value(u, &d),
            BargainingSolution::KalaiSmorodinsky => kalai_smorodinsky_value(u, &d, &ideal),
            BargainingSolution::Egalitarian => min_gain(u, &d),
            BargainingSolution::Utilitarian => gain_sum(u, &d),
        }
    }

    /// The optimum of a criterion (egalitarian: the best smallest gain).
    pub(crate) fn optimum(&self, c: BargainingSolution) -> f64 {
        match c {
            BargainingSolution::Nash => self.nash,
            BargainingSolution::KalaiSmorodinsky => self.kalai,
            BargainingSolution::Egalitarian => self.egalitarian_min,
            BargainingSolution::Utilitarian => self.utilitarian,
        }
    }

    /// Whether `u` (utilities of `asked` first) reaches the optimum of `c`. Monotone.
    pub(crate) fn reached(&self, c: BargainingSolution, asked: &[usize], u: &[f64]) -> bool {
        let v = self.value(c, asked, u);
        match c {
            BargainingSolution::Nash => nash_reaches(v, self.nash),
            BargainingSolution::Egalitarian => {
                let (d, _) = self.of(asked);
                reaches(v, self.egalitarian_min)
                    && reaches(gain_sum(&u[..asked.len()], &d), self.egalitarian_sum)
            }
            _ => reaches(v, self.optimum(c)),
        }
    }
}

/// The solutions over the outcomes a group all counts as accepting.
#[derive(Clone, Debug)]
pub(crate) struct GroupSolutions {
    /// Per criterion ([`BargainingSolution::ALL`] order), the first outcome reaching its
    /// optimum; all `None` when the group has no such outcome.
    pub(crate) firsts: Vec<Option<Vec<usize>>>,
    /// The optima, when some outcome exists.
    pub(crate) targets: Option<RuleTargets>,
}

/// One term, ready to answer: its front over the tracked parties and a first-passing search.
enum Solver<'t> {
    Merge(Layers),
    Enumerate(Engine<'t>, Vec<f64>),
    /// No party to track: every outcome of the box counts.
    Everything(Vec<usize>),
}

fn too_large(e: MergeError) -> AnalysisError {
    match e {
        MergeError::TooManyPoints { points, limit, .. } => {
            AnalysisError::MergeTooLarge { points, limit }
        }
    }
}

/// The four solutions over the outcomes every one of `members` counts as accepting, by
/// merging (`merge`: the tracked parties have no interactions) or by enumeration.
pub(crate) fn solve_group(
    tables: &Tables,
    rule: &ConsentRule,
    members: &[usize],
    merge: bool,
) -> Result<GroupSolutions, AnalysisError> {
    let terms = terms(tables, rule, members);
    let mut solvers = Vec::with_capacity(terms.len());
    let mut fronts: Vec<Vec<Vec<f64>>> = Vec::with_capacity(terms.len());
    for t in &terms {
        let floors: Vec<f64> = t
            .tracked
            .iter()
            .map(|&p| tables.parties[p].walk_away)
            .collect();
        if t.tracked.is_empty() {
            fronts.push(vec![Vec::new()]);
            solvers.push(Solver::Everything(t.options.iter().map(|o| o[0]).collect()));
        } else if merge {
            let layers = Layers::build(tables, t.options.clone(), &t.tracked, Some(floors), None)
                .map_err(too_large)?;
            fronts.push(
                layers
                    .front_meeting_floors()
                    .into_iter()
                    .map(|(_, u)| u.to_vec())
                    .collect(),
            );
            solvers.push(Solver::Merge(layers));
        } else {
            let engine = Engine::new(tables, t.options.clone(), &t.tracked);
            let overflow = AtomicBool::new(false);
            let dims = t.tracked.len();
            let visitors = engine.run(
                || FrontierVisitor {
                    archive: Archive::new(dims, true),
                    floors: Some(&floors),
                    overflow: &overflow,
                },
                &|| {},
            );
            let mut front = Archive::new(dims, true);
            for v in visitors {
                front.absorb(v.archive);
            }
            fronts.push(front.into_points().into_iter().map(|(_, u)| u).collect());
            solvers.push(Solver::Enumerate(engine, floors));
        }
    }
    let points: Vec<(&[usize], Vec<&[f64]>)> = terms
        .iter()
        .zip(&fronts)
        .map(|(t, f)| (t.asked.as_slice(), f.iter().map(Vec::as_slice).collect()))
        .collect();
    let Some(targets) = RuleTargets::new(tables, &points) else {
        return Ok(GroupSolutions {
            firsts: vec![None; 4],
            targets: None,
        });
    };
    let mut firsts: Vec<Option<Vec<usize>>> = vec![None; 4];
    for (t, solver) in terms.iter().zip(&solvers) {
        let found: Vec<Option<Vec<usize>>> = match solver {
            Solver::Everything(first) => BargainingSolution::ALL
                .iter()
                .map(|&c| targets.reached(c, &[], &[]).then(|| first.clone()))
                .collect(),
            Solver::Merge(layers) => BargainingSolution::ALL
                .iter()
                .map(|&c| layers.first_passing(&|u| targets.reached(c, &t.asked, u)))
                .collect(),
            Solver::Enumerate(engine, floors) => {
                let tests: Vec<Box<enumerate::UtilityTest>> = BargainingSolution::ALL
                    .iter()
                    .map(|&c| {
                        let targets = targets.clone();
                        let floors = floors.clone();
                        let asked = t.asked.clone();
                        Box::new(move |u: &[f64]| {
                            meets(u, &floors) && targets.reached(c, &asked, u)
                        }) as Box<enumerate::UtilityTest>
                    })
                    .collect();
                engine.first_hits(&tests)
            }
        };
        for (best, f) in firsts.iter_mut().zip(found) {
            if let Some(f) = f
                && best.as_ref().is_none_or(|b| f < *b)
            {
                *best = Some(f);
            }
        }
    }
    Ok(GroupSolutions {
        firsts,
        targets: Some(targets),
    })
}

/// What one pass over every outcome counts under the rule.
#[derive(Clone, Debug, Default)]
pub(crate) struct Counts {
    /// Outcomes that satisfy the whole rule.
    pub(crate) agreements: u64,
    /// Outcomes by the set of signatories (bit `k`: the `k`-th signatory) that count as
    /// accepting; `None` with more than 128 signatories.
    pub(crate) by_consenting: Option<HashMap<u128, u64>>,
    /// Per party with ratifiers (in the order asked): outcomes it accepts on its own.
    pub(crate) alone: Vec<u64>,
    /// Per party with ratifiers: outcomes it accepts with its ratifiers (its win-set).
    pub(crate) with_ratifiers: Vec<u64>,
    /// Per party with ratifiers, per ratifier: outcomes the party accepts on its own that
    /// the ratifier rejects.
    pub(crate) vetoed: Vec<Vec<u64>>,
}

impl Counts {
    fn absorb(&mut self, o: Counts) {
        self.agreements += o.agreements;
        if let (Some(a), Some(b)) = (&mut self.by_consenting, o.by_consenting) {
            for (k, v) in b {
                *a.entry(k).or_default() += v;
            }
        }
        for (a, b) in self.alone.iter_mut().zip(o.alone) {
            *a += b;
        }
        for (a, b) in self.with_ratifiers.iter_mut().zip(o.with_ratifiers) {
            *a += b;
        }
        for (a, b) in self.vetoed.iter_mut().zip(o.vetoed) {
            for (x, y) in a.iter_mut().zip(b) {
                *x += y;
            }
        }
    }

    /// How many outcomes every member of a coalition (positions among the signatories)
    /// counts as accepting.
    pub(crate) fn consenting(&self, positions: &[usize]) -> Option<u64> {
        let want: u128 = positions.iter().fold(0, |m, &k| m | (1u128 << k));
        self.by_consenting.as_ref().map(|h| {
            h.iter()
                .filter(|&(&m, _)| m & want == want)
                .map(|(_, &n)| n)
                .sum()
        })
    }
}

/// Counts, over every outcome, the agreements under the rule, the outcomes by who counts as
/// accepting, and the win-sets of `with_ratifiers` (parties with ratifiers), by enumeration.
pub(crate) fn count(tables: &Tables, rule: &ConsentRule, with_ratifiers: &[PartyIx]) -> Counts {
    let n = tables.parties.len();
    let signatories: Vec<PartyIx> = rule.signatories().to_vec();
    let mut relevant: Vec<usize> = signatories.iter().map(|p| p.index()).collect();
    for &w in with_ratifiers {
        relevant.push(w.index());
        relevant.extend(rule.ratifiers(w).iter().map(|r| r.index()));
    }
    for p in &signatories {
        relevant.extend(rule.ratifiers(*p).iter().map(|r| r.index()));
    }
    relevant.sort_unstable();
    relevant.dedup();
    let mut pos = vec![usize::MAX; n];
    for (k, &p) in relevant.iter().enumerate() {
        pos[p] = k;
    }
    struct Counter<'a> {
        tables: &'a Tables,
        rule: &'a ConsentRule,
        relevant: &'a [usize],
        pos: &'a [usize],
        signatories: &'a [PartyIx],
        with_ratifiers: &'a [PartyIx],
        own: Vec<bool>,
        outcome: Vec<OptionIx>,
        counts: Counts,
    }
    impl enumerate::Visitor for Counter<'_> {
        fn visit(&mut self, v: &enumerate::Visit) -> std::ops::ControlFlow<()> {
            for (k, &p) in self.relevant.iter().enumerate() {
                let t = &self.tables.parties[p];
                self.own[k] =
                    v.utilities[k] >= t.walk_away - TOLERANCE && !t.crosses_red_line(v.outcome);
            }
            self.outcome.clear();
            self.outcome
                .extend(v.outcome.iter().map(|&o| OptionIx::from_usize(o)));
            let (own, pos) = (&self.own, self.pos);
            let own = |p: PartyIx| own[pos[p.index()]];
            if self.rule.is_agreement(&self.outcome, own) {
                self.counts.agreements += 1;
            }
            if let Some(h) = &mut self.counts.by_consenting {
                let mut mask = 0u128;
                for (k, &p) in self.signatories.iter().enumerate() {
                    if self.rule.counts_as_accepting(p, &self.outcome, own) {
                        mask |= 1 << k;
                    }
                }
                *h.entry(mask).or_default() += 1;
            }
            for (j, &w) in self.with_ratifiers.iter().enumerate() {
                if own(w) {
                    self.counts.alone[j] += 1;
                    for (k, &r) in self.rule.ratifiers(w).iter().enumerate() {
                        if !own(r) {
                            self.counts.vetoed[j][k] += 1;
                        }
                    }
                }
                if self.rule.accepts(w, own) {
                    self.counts.with_ratifiers[j] += 1;
                }
            }
            std::ops::ControlFlow::Continue(())
        }
    }
    let fresh = || Counts {
        agreements: 0,
        by_consenting: (signatories.len() <= 128).then(HashMap::new),
        alone: vec![0; with_ratifiers.len()],
        with_ratifiers: vec![0; with_ratifiers.len()],
        vetoed: with_ratifiers
            .iter()
            .map(|&w| vec![0; rule.ratifiers(w).len()])
            .collect(),
    };
    let engine = Engine::new(tables, tables.all_options(), &relevant);
    let mut total = fresh();
    for c in engine.run(
        || Counter {
            tables,
            rule,
            relevant: &relevant,
            pos: &pos,
            signatories: &signatories,
            with_ratifiers,
            own: vec![false; relevant.len()],
            outcome: Vec::with_capacity(tables.issue_count()),
            counts: fresh(),
        },
        &|| {},
    ) {
        total.absorb(c.counts);
    }
    total
}

/// What an agreement rule adds to an analysis (analysis.md, "Agreement rules, coalitions and
/// win-sets"), present only when the scenario uses one.
#[derive(Clone, Debug, PartialEq)]
pub struct RuleAnalysis {
    /// The minimal winning coalitions, when the quorum is below the number of signatories.
    pub coalitions: Option<Coalitions>,
    /// Per party with ratifiers, in file order.
    pub win_sets: Vec<WinSet>,
    /// Per signatory the rule allows to leave out (not required, quorum below the number of
    /// signatories), in file order; empty when the coalitions were too many to combine
    /// (more than [`COALITION_LIMIT`]).
    pub price_of_inclusion: Vec<PriceOfInclusion>,
}

/// Most coalitions listed (analysis.md).
pub const COALITION_LIMIT: usize = 1000;

/// The minimal winning coalitions: every set of exactly `quorum` signatories holding every
/// required one, in the order of their members' file positions.
#[derive(Clone, Debug, PartialEq)]
pub struct Coalitions {
    /// The first [`COALITION_LIMIT`] of them.
    pub listed: Vec<Coalition>,
    /// How many others exist (saturating).
    pub left_out: u128,
}

/// One minimal winning coalition and what it can agree on.
#[derive(Clone, Debug, PartialEq)]
pub struct Coalition {
    /// Its members, in file order.
    pub members: Vec<PartyIx>,
    /// How many outcomes every member counts as accepting (accepts, with its ratifiers, or is
    /// not asked); `None` when agreements are not counted.
    pub agreements: Option<u64>,
    /// The four solutions over those outcomes, with walk-aways and gains over the members
    /// only ([`crate::BargainingSolution::ALL`] order; utilities of the analysis' parties).
    pub solutions: Vec<(BargainingSolution, Option<crate::Point>)>,
    /// The best Nash product over those outcomes (gains of the members asked), for ranking
    /// coalitions; `None` when they have no outcome.
    pub nash_product: Option<f64>,
}

/// A party's win-set (Putnam): the outcomes it accepts, alone and with its ratifiers.
#[derive(Clone, Debug, PartialEq)]
pub struct WinSet {
    /// The party.
    pub party: PartyIx,
    /// Its ratifiers, in file order.
    pub ratifiers: Vec<PartyIx>,
    /// Outcomes it accepts on its own; `None` when agreements are not counted.
    pub alone: Option<u64>,
    /// Outcomes it accepts once its ratifiers are counted (its win-set); `None` when
    /// agreements are not counted.
    pub with_ratifiers: Option<u64>,
    /// The ratifier that rejects the most of the outcomes the party accepts on its own (the
    /// first in file order among equals); `None` when none rejects any, or not counted.
    pub shrinks_most: Option<PartyIx>,
}

/// What including one signatory the rule could leave out costs the others: the Nash and
/// utilitarian solutions over the agreements of the minimal winning coalitions that include
/// it, and over those of the coalitions that leave it out (each coalition's criterion over its
/// members, as in [`Coalition`]; the better coalition wins, ties to the earlier outcome).
#[derive(Clone, Debug, PartialEq)]
pub struct PriceOfInclusion {
    /// The signatory.
    pub party: PartyIx,
    /// Per criterion (Nash, then utilitarian): the solution with it, without it, and per other
    /// signatory (file order) its utility without minus its utility with (positive: including
    /// the party costs it); empty when either solution does not exist.
    pub solutions: Vec<InclusionSolution>,
}

/// One criterion's solution with and without a party, and the cost to the others.
#[derive(Clone, Debug, PartialEq)]
pub struct InclusionSolution {
    /// The criterion ([`BargainingSolution::Nash`] or [`BargainingSolution::Utilitarian`]).
    pub solution: BargainingSolution,
    /// Over the coalitions that include the party.
    pub included: Option<crate::Point>,
    /// Over the coalitions that leave it out.
    pub left_out: Option<crate::Point>,
    /// Per other signatory: utility left out minus utility included.
    pub cost: Vec<(PartyIx, f64)>,
}

/// Everything the rule adds, given the group solutions of each listed coalition (with their
/// targets) and the counts when they were made.
pub(crate) fn rule_analysis(
    tables: &Tables,
    rule: &ConsentRule,
    merge: bool,
    counts: Option<&Counts>,
    to_point: &dyn Fn(&[usize]) -> crate::Point,
) -> Result<RuleAnalysis, AnalysisError> {
    let signatories = rule.signatories();
    let mut coalitions = None;
    let mut price_of_inclusion = Vec::new();
    if rule.quorum() < signatories.len() {
        let (list, total) = rule.minimal_winning_coalitions(COALITION_LIMIT);
        let mut listed = Vec::with_capacity(list.len());
        let mut solved = Vec::with_capacity(list.len());
        for members in list {
            let idx: Vec<usize> = members.iter().map(|p| p.index()).collect();
            let g = solve_group(tables, rule, &idx, merge)?;
            let positions: Vec<usize> = members
                .iter()
                .map(|m| signatories.iter().position(|s| s == m).unwrap_or(0))
                .collect();
            listed.push(Coalition {
                agreements: counts.and_then(|c| c.consenting(&positions)),
                solutions: BargainingSolution::ALL
                    .iter()
                    .zip(&g.firsts)
                    .map(|(&c, o)| (c, o.as_deref().map(to_point)))
                    .collect(),
                nash_product: g
                    .targets
                    .as_ref()
                    .map(|t| t.optimum(BargainingSolution::Nash)),
                members: members.clone(),
            });
            solved.push((members, g));
        }
        if total <= COALITION_LIMIT as u128 {
            for &p in signatories.iter().filter(|&&p| !rule.is_required(p)) {
                let pick = |with: bool, c: BargainingSolution| -> Option<Vec<usize>> {
                    best_of(
                        solved
                            .iter()
                            .filter(|(m, _)| m.contains(&p) == with)
                            .map(|(_, g)| g),
                        c,
                    )
                };
                let solutions = [BargainingSolution::Nash, BargainingSolution::Utilitarian]
                    .into_iter()
                    .map(|c| {
                        let (inc, out) = (pick(true, c), pick(false, c));
                        let cost = match (&inc, &out) {
                            (Some(i), Some(o)) => signatories
                                .iter()
                                .filter(|&&q| q != p)
                                .map(|&q| {
                                    let t = &tables.parties[q.index()];
                                    (q, t.utility(o) - t.utility(i))
                                })
                                .collect(),
                            _ => Vec::new(),
                        };
                        InclusionSolution {
                            solution: c,
                            included: inc.as_deref().map(to_point),
                            left_out: out.as_deref().map(to_point),
                            cost,
                        }
                    })
                    .collect();
                price_of_inclusion.push(PriceOfInclusion {
                    party: p,
                    solutions,
                });
            }
        }
        coalitions = Some(Coalitions {
            listed,
            left_out: total.saturating_sub(COALITION_LIMIT as u128),
        });
    }
    let with: Vec<PartyIx> = (0..tables.parties.len())
        .map(PartyIx::from_usize)
        .filter(|&p| !rule.ratifiers(p).is_empty())
        .collect();
    let win_sets = with
        .iter()
        .enumerate()
        .map(|(j, &w)| {
            let shrinks_most = counts.and_then(|c| {
                let v = &c.vetoed[j];
                let most = v.iter().copied().max().unwrap_or(0);
                (most > 0)
                    .then(|| v.iter().position(|&x| x == most))
                    .flatten()
                    .map(|k| rule.ratifiers(w)[k])
            });
            WinSet {
                party: w,
                ratifiers: rule.ratifiers(w).to_vec(),
                alone: counts.map(|c| c.alone[j]),
                with_ratifiers: counts.map(|c| c.with_ratifiers[j]),
                shrinks_most,
            }
        })
        .collect();
    Ok(RuleAnalysis {
        coalitions,
        win_sets,
        price_of_inclusion,
    })
}

/// The solution of criterion `c` over the union of some groups' outcomes: the best optimum
/// among the groups, then the earliest first outcome among the groups reaching it.
fn best_of<'a>(
    groups: impl Iterator<Item = &'a GroupSolutions> + Clone,
    c: BargainingSolution,
) -> Option<Vec<usize>> {
    let k = BargainingSolution::ALL.iter().position(|&x| x == c)?;
    let best = groups
        .clone()
        .filter_map(|g| g.targets.as_ref().map(|t| t.optimum(c)))
        .fold(f64::NEG_INFINITY, f64::max);
    groups
        .filter(|g| {
            g.targets.as_ref().is_some_and(|t| match c {
                BargainingSolution::Nash => nash_reaches(t.optimum(c), best),
                _ => reaches(t.optimum(c), best),
            })
        })
        .filter_map(|g| g.firsts[k].clone())
        .min()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Scopes that overlap, list issues in different orders, and name an issue without a
    /// status quo.
    const SCOPED: &str = r#"
format = "accord/1"
[scenario]
id = "scoped"
title = "Scoped"
[areas.a]
title = "A"
[issues.i0]
area = "a"
title = "I0"
status_quo = "o0"
options = [{ id = "o0" }, { id = "o1" }, { id = "o2" }]
[issues.i1]
area = "a"
title = "I1"
options = [{ id = "o0" }, { id = "o1" }]
[issues.i2]
area = "a"
title = "I2"
status_quo = "o1"
options = [{ id = "o0" }, { id = "o1" }]
[parties.a]
name = "A"
signatory = true
walk_away = 0.2
consent_on = ["i0", "i2"]
weights = { i0 = 1 }
scores.i0 = { o0 = 0.1, o1 = 0.5, o2 = 1.0 }
[parties.b]
name = "B"
signatory = true
walk_away = 0.2
consent_on = ["i1"]
weights = { i1 = 1 }
scores.i1 = { o0 = 0.1, o1 = 1.0 }
[parties.c]
name = "C"
signatory = true
walk_away = 0.2
consent_on = ["i2", "i0"]
weights = { i2 = 1 }
scores.i2 = { o0 = 0.1, o1 = 1.0 }
[parties.d]
name = "D"
signatory = true
walk_away = 0.2
weights = { i0 = 1 }
scores.i0 = { o0 = 1.0, o1 = 0.5, o2 = 0.0 }
"#;

    /// The cells cover every outcome exactly once, and in each cell the members asked are
    /// exactly those whose consent the rule says the outcome needs.
    #[test]
    fn cells_split_the_space_by_who_is_asked() {
        let parsed = accord_model::parse(SCOPED);
        let s = parsed
            .scenario
            .unwrap_or_else(|| panic!("{:?}", parsed.diagnostics));
        let rule = ConsentRule::of(&s);
        let tables = Tables::new(&s);
        let members: Vec<usize> = (0..4).collect();
        let cells = cells(&tables, &rule, &members);
        // a: 3 branches (i0 moved | i0 at o0 and i2 moved | both at status quo); b: 1 (i1
        // has no status quo); c: within a's branches at most 3.
        assert!(cells.len() > 1);
        let mut seen = 0;
        for a in 0..3 {
            for b in 0..2 {
                for c in 0..2 {
                    let o = [a, b, c];
                    let ox: Vec<OptionIx> = o.iter().map(|&x| OptionIx::from_usize(x)).collect();
                    let inside: Vec<&Cell> = cells
                        .iter()
                        .filter(|cell| {
                            cell.options
                                .iter()
                                .zip(&o)
                                .all(|(opts, x)| opts.contains(x))
                        })
                        .collect();
                    assert_eq!(inside.len(), 1, "{o:?}");
                    let asked: Vec<usize> = members
                        .iter()
                        .copied()
                        .filter(|&p| rule.needs_consent(PartyIx::from_usize(p), &ox))
                        .collect();
                    assert_eq!(inside[0].asked, asked, "{o:?}");
                    seen += 1;
                }
            }
        }
        let total: usize = cells
            .iter()
            .map(|c| c.options.iter().map(Vec::len).product::<usize>())
            .sum();
        assert_eq!(total, seen);
    }

    #[test]
    fn subsets_are_lexicographic() {
        let ps: Vec<PartyIx> = (0..4).map(PartyIx::from_usize).collect();
        assert_eq!(
            subsets(&ps, 2),
            vec![
                vec![0, 1],
                vec![0, 2],
                vec![0, 3],
                vec![1, 2],
                vec![1, 3],
                vec![2, 3]
            ]
        );
        assert_eq!(subsets(&ps, 0), vec![Vec::<usize>::new()]);
    }
}

//! A scenario compiled for simulation ([`CompiledScenario`]): its outcome space, numbered, and
//! each party's [`UtilityFunction`] over it.
//!
//! (Named so as not to collide with the field's *domain*, the issues and their options: a
//! compiled scenario is the domain plus every negotiating party's preferences, tabulated.)
//!
//! Outcomes are numbered in mixed radix over the issues in file order, the **last issue varying
//! fastest** (NegMAS's `enumerate()` order).
//!
//! **Offer selection.** A strategy asks "which outcome has the utility closest to my target
//! from above?" ([`UtilityFunction::at_least`]). Each party keeps outcome ids sorted by its utility, best
//! first, so the answer is a binary search (O(log N)):
//!
//! - up to [`MAX_ENUMERATED`] outcomes, every outcome is evaluated once (a table per party, bit
//!   for bit the model's utilities) and **all** outcomes without red lines are sorted;
//! - above that (up to 2^63 outcomes), utilities are computed on demand from compiled
//!   per-issue tables (still bit for bit the model's), and the sorted list is a **pool**: the
//!   [`POOL_TOP`] best outcomes of the party's additive part, enumerated best first without
//!   touching the rest of the space (a heap over per-issue option rankings), plus
//!   [`POOL_SAMPLE`] outcomes drawn uniformly with a fixed seed. With interactions the pool is
//!   re-sorted by true utility, so the top may miss outcomes lifted by a bonus. Offers are then
//!   the pool's closest to a target — exact near the top (where concession starts), coarser
//!   further down. The Pareto and Nash metrics are not computed there ("n/a").

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashSet};

use accord_analysis::tables::PartyTable;
use accord_model::{OptionIx, PartyIx, Scenario};
use rand::RngExt as _;
use rand::SeedableRng as _;

use crate::error::SimError;

/// The largest outcome space whose utilities are tabulated in full.
pub const MAX_ENUMERATED: u64 = 4_000_000;

/// Best outcomes of a party's pool in a large space.
pub const POOL_TOP: usize = 20_000;

/// Uniformly drawn outcomes of a party's pool in a large space.
pub const POOL_SAMPLE: usize = 50_000;

/// The seed of the pools' draws (fixed: a compiled scenario does not depend on the run's seed).
pub const POOL_SEED: u64 = 0x5eed;

/// An outcome's number in the enumeration of the space.
pub type OutcomeId = u64;

/// One party's utility function over the space (with its walk-away, discount and red lines):
/// what its strategy is allowed to see.
#[derive(Debug, Clone)]
pub struct UtilityFunction {
    /// The party.
    pub party: PartyIx,
    /// Outcome ids that cross no red line, sorted by utility descending (ties: lower id
    /// first): every such outcome of a tabulated space, the pool of a large one.
    pub sorted: Vec<OutcomeId>,
    /// The utilities of [`UtilityFunction::sorted`], in the same order.
    sorted_utility: Vec<f64>,
    /// The utility of no agreement.
    pub walk_away: f64,
    /// Discount factor per unit of relative time (1: none).
    pub discount: f64,
    /// The party's preferences as per-issue tables (the analysis engine's, bit for bit the
    /// model's utilities): what the tabulated values are built from, and evaluated on demand
    /// in a large space.
    table: PartyTable,
    eval: Eval,
}

/// How a party's utility of an outcome is found.
#[derive(Debug, Clone)]
enum Eval {
    /// Tabulated: by outcome id.
    Table {
        utility: Vec<f64>,
        /// By outcome id; empty when the party has no red lines.
        red_line: Vec<bool>,
    },
    /// Computed on demand from [`UtilityFunction::table`], decoding ids in this space.
    Compiled(Space),
}

impl UtilityFunction {
    /// The party's utility of an outcome (undiscounted), whether or not it crosses a red line.
    pub fn utility(&self, o: OutcomeId) -> f64 {
        match &self.eval {
            Eval::Table { utility, .. } => utility[o as usize],
            Eval::Compiled(space) => self.table.utility(&space.options(o)),
        }
    }

    /// Whether the outcome crosses one of the party's red lines (never offered, never
    /// accepted).
    pub fn red_line(&self, o: OutcomeId) -> bool {
        match &self.eval {
            Eval::Table { red_line, .. } => !red_line.is_empty() && red_line[o as usize],
            Eval::Compiled(space) => self.table.crosses_red_line(&space.options(o)),
        }
    }

    /// Whether `option` of `issue` (positions) is one of the party's red lines.
    pub fn is_red_line_option(&self, issue: usize, option: usize) -> bool {
        self.table
            .red_line
            .get(issue)
            .is_some_and(|r| r.get(option).copied().unwrap_or(false))
    }

    /// Whether [`UtilityFunction::sorted`] holds every outcome without red lines (a tabulated space), not
    /// a pool.
    pub fn is_exhaustive(&self) -> bool {
        matches!(self.eval, Eval::Table { .. })
    }

    /// The best utility the party can get (its top outcome), or its walk-away if every
    /// outcome crosses a red line.
    pub fn max(&self) -> f64 {
        self.sorted_utility
            .first()
            .copied()
            .unwrap_or(self.walk_away)
    }

    /// The lowest utility among outcomes that cross no red line (in the pool, for a large
    /// space).
    pub fn min(&self) -> f64 {
        self.sorted_utility
            .last()
            .copied()
            .unwrap_or(self.walk_away)
    }

    /// The reserve a concession strategy concedes to: the walk-away, clamped into [min, max].
    pub fn reserve(&self) -> f64 {
        self.walk_away.clamp(self.min(), self.max())
    }

    /// The utility of an outcome for this party, or `-inf` when it crosses a red line.
    pub fn value(&self, o: OutcomeId) -> f64 {
        if self.red_line(o) {
            f64::NEG_INFINITY
        } else {
            self.utility(o)
        }
    }

    /// Whether the outcome is acceptable at all: no red line crossed, and utility at least the
    /// walk-away (within [`accord_model::TOLERANCE`]).
    pub fn acceptable(&self, o: OutcomeId) -> bool {
        self.value(o) >= self.walk_away - accord_model::TOLERANCE
    }

    /// The outcome (without red lines) whose utility is closest to `target` from above: the
    /// worst outcome still at least `target`, or the best outcome when none reaches it.
    ///
    /// Binary search over [`UtilityFunction::sorted`]: O(log N). Ties in utility go to the lowest id.
    pub fn at_least(&self, target: f64) -> Option<OutcomeId> {
        let us = &self.sorted_utility;
        if us.is_empty() {
            return None;
        }
        // Number of outcomes with utility >= target (sorted descending).
        let k = us.partition_point(|&u| u >= target - 1e-12).max(1);
        // Among the block of equal utility at position k-1, the first has the lowest id.
        let u = us[k - 1];
        let first = us[..k].partition_point(|&x| x > u);
        Some(self.sorted[first])
    }

    /// The outcomes (without red lines) with utility in `[lo, hi]`, best first.
    pub fn band(&self, lo: f64, hi: f64) -> &[OutcomeId] {
        let us = &self.sorted_utility;
        let a = us.partition_point(|&u| u > hi + 1e-12);
        let b = us.partition_point(|&u| u >= lo - 1e-12);
        &self.sorted[a..b.max(a)]
    }
}

/// The shape of the outcome space: options per issue. Public knowledge every negotiator sees.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Space {
    /// Options per issue, in issue order.
    pub radices: Vec<usize>,
    /// Number of outcomes.
    pub len: u64,
}

impl Space {
    /// The option of `issue` (position in issue order) in outcome `o`.
    pub fn option(&self, o: OutcomeId, issue: usize) -> usize {
        let mut rest = o;
        for k in (issue + 1..self.radices.len()).rev() {
            rest /= self.radices[k] as u64;
        }
        (rest % self.radices[issue] as u64) as usize
    }

    /// The outcome's options, in issue order.
    pub fn options(&self, o: OutcomeId) -> Vec<usize> {
        let mut out = vec![0; self.radices.len()];
        self.options_into(o, &mut out);
        out
    }

    /// The outcome's options, in issue order, written into `out` (one slot per issue).
    pub fn options_into(&self, o: OutcomeId, out: &mut [usize]) {
        let mut rest = o;
        for k in (0..self.radices.len()).rev() {
            out[k] = (rest % self.radices[k] as u64) as usize;
            rest /= self.radices[k] as u64;
        }
    }

    /// The outcome's options as model indices, in issue order.
    pub fn decode(&self, o: OutcomeId) -> Vec<OptionIx> {
        self.options(o)
            .into_iter()
            .map(OptionIx::from_usize)
            .collect()
    }

    /// The outcome with the given options (one per issue, each in range).
    pub fn encode(&self, options: &[usize]) -> OutcomeId {
        let mut id = 0u64;
        for (k, &o) in options.iter().enumerate() {
            id = id * self.radices[k] as u64 + o as u64;
        }
        id
    }

    /// `o` with `issue` set to `option`.
    pub fn with(&self, o: OutcomeId, issue: usize, option: usize) -> OutcomeId {
        let mut opts = self.options(o);
        opts[issue] = option;
        self.encode(&opts)
    }
}

/// The outcome space of a scenario and every party's [`UtilityFunction`].
///
/// Parties are referred to by their **position** here (`0..parties.len()`), not by
/// [`PartyIx`]: strategies, protocols, traces and results all use positions.
#[derive(Debug, Clone)]
pub struct CompiledScenario {
    /// The space.
    pub space: Space,
    /// The parties that take part, in scenario order (parties without preferences are left out).
    pub parties: Vec<PartyIx>,
    /// Their ids, in the same order.
    pub ids: Vec<String>,
    /// Their utility functions, in the same order.
    pub functions: Vec<UtilityFunction>,
    /// Whether each of them is a signatory (an agreement needs its acceptance).
    pub signatory: Vec<bool>,
}

impl CompiledScenario {
    /// Enumerates the space and evaluates every party with preferences (midpoint values).
    pub fn build(scenario: &Scenario) -> Result<CompiledScenario, SimError> {
        let parties: Vec<PartyIx> = scenario
            .party_ixs()
            .filter(|&p| scenario.party(p).has_preferences())
            .collect();
        Self::build_for(scenario, &parties)
    }

    /// Enumerates the space for the given parties, in the given order.
    ///
    /// Errors: [`SimError::TooFewParties`] with fewer than two parties,
    /// [`SimError::TooLarge`] past 2^63 outcomes.
    pub fn build_for(
        scenario: &Scenario,
        parties: &[PartyIx],
    ) -> Result<CompiledScenario, SimError> {
        if parties.len() < 2 {
            return Err(SimError::TooFewParties(parties.len()));
        }
        let count = scenario.outcome_count();
        let len = match count {
            Some(n) if n <= 1u128 << 63 => n as u64,
            other => return Err(SimError::TooLarge(other)),
        };
        let space = Space {
            radices: scenario.issues().iter().map(|i| i.option_count()).collect(),
            len,
        };
        let functions = parties
            .iter()
            .map(|&p| Self::function(scenario, &space, p))
            .collect();
        Ok(CompiledScenario {
            space,
            parties: parties.to_vec(),
            ids: parties
                .iter()
                .map(|&p| scenario.party(p).id().to_string())
                .collect(),
            functions,
            signatory: parties
                .iter()
                .map(|&p| scenario.party(p).signatory())
                .collect(),
        })
    }

    fn function(scenario: &Scenario, space: &Space, party: PartyIx) -> UtilityFunction {
        let table = PartyTable::new(scenario, party);
        let (eval, sorted, sorted_utility) = if space.len <= MAX_ENUMERATED {
            let (utility, bounds) = if table.interactions.is_empty() {
                let (utility, bounds) = additive_utilities(&table);
                (utility, Some(bounds))
            } else {
                let mut options = vec![0; space.radices.len()];
                let utility = (0..space.len)
                    .map(|id| {
                        space.options_into(id, &mut options);
                        table.utility(&options)
                    })
                    .collect();
                (utility, None)
            };
            let red_line = red_lines(&table);
            let (sorted, sorted_utility) = sort_by_utility(&utility, &red_line, bounds);
            (Eval::Table { utility, red_line }, sorted, sorted_utility)
        } else {
            let (sorted, sorted_utility) = pool(&table, space);
            (Eval::Compiled(space.clone()), sorted, sorted_utility)
        };
        UtilityFunction {
            party,
            sorted,
            sorted_utility,
            walk_away: table.walk_away,
            discount: scenario.party(party).discount().unwrap_or(1.0),
            table,
            eval,
        }
    }

    /// The position in [`CompiledScenario::parties`] of a scenario party.
    pub fn position(&self, party: PartyIx) -> Option<usize> {
        self.parties.iter().position(|&p| p == party)
    }

    /// The id of the party at position `p`.
    pub fn id(&self, p: usize) -> &str {
        &self.ids[p]
    }
}

/// Utilities of every outcome of a party without interactions, level by level over the
/// issues: the table for issues `0..=k` is the table for `0..k` with each entry followed by
/// `+ contribution(k, option)` for every option. Each utility is therefore summed in issue
/// order starting from 0.0, exactly as [`PartyTable::utility`] (and the model) sums it, bit for
/// bit, at about one addition per outcome.
///
/// Also returns the smallest and largest utility, exactly: they are the sums of each issue's
/// smallest (largest) contribution in the same order, because rounded addition is monotone.
fn additive_utilities(table: &PartyTable) -> (Vec<f64>, (f64, f64)) {
    let mut utilities = vec![0.0f64];
    let (mut lo, mut hi) = (0.0f64, 0.0f64);
    for row in &table.contributions {
        lo += row.iter().copied().fold(f64::INFINITY, f64::min);
        hi += row.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let mut next = Vec::with_capacity(utilities.len() * row.len());
        for &u in &utilities {
            next.extend(row.iter().map(|&x| u + x));
        }
        utilities = next;
    }
    (utilities, (lo, hi))
}

/// Whether each outcome crosses one of the party's red lines, level by level like the
/// utilities; empty when the party has none.
fn red_lines(table: &PartyTable) -> Vec<bool> {
    if !table.red_line.iter().flatten().any(|&r| r) {
        return Vec::new();
    }
    let mut crosses = vec![false];
    for forbidden in &table.red_line {
        let mut next = Vec::with_capacity(crosses.len() * forbidden.len());
        for &b in &crosses {
            next.extend(forbidden.iter().map(|&f| b || f));
        }
        crosses = next;
    }
    crosses
}

/// The pool of a large space (see the module docs): the best outcomes of the additive part,
/// best first by a heap over per-issue option rankings, plus a seeded uniform sample; red lines
/// dropped; sorted by true utility descending, ties by id.
fn pool(table: &PartyTable, space: &Space) -> (Vec<OutcomeId>, Vec<f64>) {
    let radices = &space.radices;
    let n = radices.len();
    // Per issue, options by contribution descending, ties by option (so an issue without
    // weight, all zeros, keeps option order).
    let ranking: Vec<Vec<usize>> = table
        .contributions
        .iter()
        .map(|contrib| {
            let mut opts: Vec<usize> = (0..contrib.len()).collect();
            opts.sort_by(|&a, &b| contrib[b].total_cmp(&contrib[a]).then(a.cmp(&b)));
            opts
        })
        .collect();
    let additive = |ranks: &[usize]| -> f64 {
        let mut u = 0.0;
        for (i, contrib) in table.contributions.iter().enumerate() {
            u += contrib[ranking[i][ranks[i]]];
        }
        u
    };
    let to_id = |ranks: &[usize]| -> OutcomeId {
        let mut id = 0u64;
        for (i, &r) in ranks.iter().enumerate() {
            id = id * radices[i] as u64 + ranking[i][r] as u64;
        }
        id
    };
    // k-best sums: a state is a rank per issue; successors raise one rank at or after the last
    // raised issue, so each state is generated once.
    let mut seen: HashSet<OutcomeId> = HashSet::new();
    let mut heap: BinaryHeap<(OrdF64, Reverse<OutcomeId>, Vec<usize>, usize)> = BinaryHeap::new();
    let start = vec![0usize; n];
    heap.push((OrdF64(additive(&start)), Reverse(to_id(&start)), start, 0));
    let mut ids: Vec<OutcomeId> = Vec::with_capacity(POOL_TOP + POOL_SAMPLE);
    while let Some((_, Reverse(id), ranks, from)) = heap.pop() {
        if seen.insert(id) {
            ids.push(id);
        }
        if ids.len() >= POOL_TOP {
            break;
        }
        for i in from..n {
            if ranks[i] + 1 < radices[i] {
                let mut next = ranks.clone();
                next[i] += 1;
                heap.push((OrdF64(additive(&next)), Reverse(to_id(&next)), next, i));
            }
        }
    }
    let mut rng = rand::rngs::ChaCha8Rng::seed_from_u64(POOL_SEED);
    for _ in 0..POOL_SAMPLE {
        let id = rng.random_range(0..space.len);
        if seen.insert(id) {
            ids.push(id);
        }
    }
    let mut scored: Vec<(f64, OutcomeId)> = ids
        .into_iter()
        .filter_map(|id| {
            let opts = space.options(id);
            (!table.crosses_red_line(&opts)).then(|| (table.utility(&opts), id))
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    scored.into_iter().map(|(u, id)| (id, u)).unzip()
}

/// An f64 ordered by `total_cmp`, for the heap.
#[derive(Debug, Clone, Copy, PartialEq)]
struct OrdF64(f64);

impl Eq for OrdF64 {}

impl PartialOrd for OrdF64 {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for OrdF64 {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0)
    }
}

/// Outcome ids without red lines (an empty `red_line` means none), by utility descending, ties
/// by id ascending, with their utilities.
///
/// A bucket sort: outcomes are counted into `N` buckets by utility (linear between `bounds`,
/// computed here when not known; monotone, so buckets are already in order), placed stably
/// (ids ascending within a bucket), then one insertion pass sorts within buckets. The result
/// equals a full comparison sort at a fraction of its cost (O(N) expected).
fn sort_by_utility(
    utility: &[f64],
    red_line: &[bool],
    bounds: Option<(f64, f64)>,
) -> (Vec<OutcomeId>, Vec<f64>) {
    // An empty `red_line` means no outcome crosses one.
    let allowed = |id: usize| red_line.is_empty() || !red_line[id];
    let count = if red_line.is_empty() {
        utility.len()
    } else {
        red_line.iter().filter(|&&r| !r).count()
    };
    if count == 0 {
        return (Vec::new(), Vec::new());
    }
    let (lo, hi) = bounds.unwrap_or_else(|| {
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        for (id, &u) in utility.iter().enumerate() {
            if allowed(id) {
                lo = lo.min(u);
                hi = hi.max(u);
            }
        }
        (lo, hi)
    });
    let span = hi - lo;
    let scale = if span > 0.0 && span.is_finite() {
        count as f64 / span
    } else {
        0.0
    };
    let last = count - 1;
    // Bucket 0 holds the best outcomes. Recomputing the bucket in the placing pass is cheaper
    // than storing it. `u <= hi`, so the product is never negative.
    let bucket = |u: f64| (((hi - u) * scale) as usize).min(last);
    // ends[b] counts, then (after the prefix sum) starts, then (after placing) ends bucket b.
    let mut ends = vec![0u32; count];
    for (id, &u) in utility.iter().enumerate() {
        if allowed(id) {
            ends[bucket(u)] += 1;
        }
    }
    let mut sum = 0u32;
    for e in &mut ends {
        let c = *e;
        *e = sum;
        sum += c;
    }
    let mut ids: Vec<OutcomeId> = vec![0; count];
    let mut us: Vec<f64> = vec![0.0; count];
    for (id, &u) in utility.iter().enumerate() {
        if allowed(id) {
            let slot = &mut ends[bucket(u)];
            ids[*slot as usize] = id as OutcomeId;
            us[*slot as usize] = u;
            *slot += 1;
        }
    }
    // Outcomes are now in order across buckets; within a bucket (a few outcomes) they are by
    // id. One insertion pass over the whole array sorts them: an outcome moves only within its
    // bucket, and only past strictly worse ones, so ties keep ids ascending. Utilities are
    // finite sums that start from 0.0 (never -0.0), so `<` orders them as `total_cmp` would.
    for j in 1..count {
        let ux = us[j];
        if us[j - 1] < ux {
            let x = ids[j];
            let mut k = j;
            while k > 0 && us[k - 1] < ux {
                ids[k] = ids[k - 1];
                us[k] = us[k - 1];
                k -= 1;
            }
            ids[k] = x;
            us[k] = ux;
        }
    }
    (ids, us)
}

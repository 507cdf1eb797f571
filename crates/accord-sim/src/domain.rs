//! The outcome space of a scenario, enumerated once, and each party's own view of it.
//!
//! Outcomes are numbered in mixed radix over the issues in file order, the **last issue varying
//! fastest** (NegMAS's `enumerate()` order). [`Domain::build`] evaluates every party's utility
//! on every outcome once and sorts each party's outcomes by utility, best first, so that a
//! strategy finds "the outcome whose utility is closest to a target" by binary search
//! (O(log N)) instead of scanning the space.
//!
//! **Limits.** The tables cost 8 bytes per outcome per party plus 4 for the sorted index, so the
//! space is capped at [`MAX_OUTCOMES`] (about 100 MB for 5 parties at the cap). Larger spaces are
//! refused with [`DomainError::TooLarge`]; a simulation of a huge space needs an inverse utility
//! that does not enumerate (per-issue search for additive preferences, or a seeded sample of
//! outcomes), which this crate does not provide yet.

use accord_model::{OptionIx, PartyIx, PointPreferences, Scenario};

/// The largest outcome space a simulation enumerates.
pub const MAX_OUTCOMES: u64 = 4_000_000;

/// An outcome's number in the enumeration of the space.
pub type OutcomeId = u32;

/// Why a domain cannot be built.
#[derive(Debug, Clone, PartialEq)]
pub enum DomainError {
    /// More outcomes than [`MAX_OUTCOMES`] (`None`: past `u128`).
    TooLarge(Option<u128>),
    /// A scenario needs at least two parties with preferences to negotiate.
    TooFewParties(usize),
}

impl std::fmt::Display for DomainError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DomainError::TooLarge(Some(n)) => write!(
                f,
                "the outcome space has {n} outcomes; simulation enumerates at most {MAX_OUTCOMES}"
            ),
            DomainError::TooLarge(None) => write!(
                f,
                "the outcome space is astronomically large; simulation enumerates at most {MAX_OUTCOMES} outcomes"
            ),
            DomainError::TooFewParties(n) => write!(
                f,
                "a negotiation needs at least two parties with preferences, the scenario has {n}"
            ),
        }
    }
}

impl std::error::Error for DomainError {}

/// One party's preferences over the enumerated space: what its strategy is allowed to see.
#[derive(Debug, Clone)]
pub struct Own {
    /// The party.
    pub party: PartyIx,
    /// Utility of each outcome (undiscounted), by outcome id.
    pub utility: Vec<f64>,
    /// Whether the outcome crosses one of the party's red lines (never offered, never accepted).
    pub red_line: Vec<bool>,
    /// Outcome ids that cross no red line, sorted by utility descending (ties: lower id first).
    pub sorted: Vec<OutcomeId>,
    /// The utility of no agreement.
    pub walk_away: f64,
    /// Discount factor per unit of relative time (1: none).
    pub discount: f64,
}

impl Own {
    /// The best utility the party can get (its top outcome), or its walk-away if every
    /// outcome crosses a red line.
    pub fn max(&self) -> f64 {
        self.sorted
            .first()
            .map_or(self.walk_away, |&o| self.utility[o as usize])
    }

    /// The lowest utility among outcomes that cross no red line.
    pub fn min(&self) -> f64 {
        self.sorted
            .last()
            .map_or(self.walk_away, |&o| self.utility[o as usize])
    }

    /// The reserve a concession strategy concedes to: the walk-away, clamped into [min, max].
    pub fn reserve(&self) -> f64 {
        self.walk_away.clamp(self.min(), self.max())
    }

    /// The utility of an outcome for this party, or `-inf` when it crosses a red line.
    pub fn value(&self, o: OutcomeId) -> f64 {
        if self.red_line[o as usize] {
            f64::NEG_INFINITY
        } else {
            self.utility[o as usize]
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
    /// Binary search over [`Own::sorted`]: O(log N). Ties in utility go to the lowest id.
    pub fn at_least(&self, target: f64) -> Option<OutcomeId> {
        if self.sorted.is_empty() {
            return None;
        }
        // Number of outcomes with utility >= target (sorted descending).
        let k = self
            .sorted
            .partition_point(|&o| self.utility[o as usize] >= target - 1e-12);
        let k = k.max(1);
        // Among the block of equal utility at position k-1, take the lowest id: the first one.
        let u = self.utility[self.sorted[k - 1] as usize];
        let first = self.sorted[..k].partition_point(|&o| self.utility[o as usize] > u);
        Some(self.sorted[first])
    }

    /// The outcomes (without red lines) with utility in `[lo, hi]`, best first.
    pub fn band(&self, lo: f64, hi: f64) -> &[OutcomeId] {
        let a = self
            .sorted
            .partition_point(|&o| self.utility[o as usize] > hi + 1e-12);
        let b = self
            .sorted
            .partition_point(|&o| self.utility[o as usize] >= lo - 1e-12);
        &self.sorted[a..b.max(a)]
    }
}

/// The shape of the outcome space: options per issue. Public knowledge every negotiator sees.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Space {
    /// Options per issue, in issue order.
    pub radices: Vec<usize>,
    /// Number of outcomes.
    pub len: usize,
}

impl Space {
    /// The option of `issue` (position in issue order) in outcome `o`.
    pub fn option(&self, o: OutcomeId, issue: usize) -> usize {
        let mut rest = o as usize;
        for k in (issue + 1..self.radices.len()).rev() {
            rest /= self.radices[k];
        }
        rest % self.radices[issue]
    }

    /// The outcome's options, in issue order.
    pub fn options(&self, o: OutcomeId) -> Vec<usize> {
        let mut out = vec![0; self.radices.len()];
        let mut rest = o as usize;
        for k in (0..self.radices.len()).rev() {
            out[k] = rest % self.radices[k];
            rest /= self.radices[k];
        }
        out
    }

    /// The outcome's options as model indices, in issue order.
    pub fn decode(&self, o: OutcomeId) -> Vec<OptionIx> {
        let mut out = vec![OptionIx::from_usize(0); self.radices.len()];
        decode_into(&self.radices, o as usize, &mut out);
        out
    }

    /// The outcome with the given options (one per issue, each in range).
    pub fn encode(&self, options: &[usize]) -> OutcomeId {
        let mut id = 0usize;
        for (k, &o) in options.iter().enumerate() {
            id = id * self.radices[k] + o;
        }
        id as OutcomeId
    }

    /// `o` with `issue` set to `option`.
    pub fn with(&self, o: OutcomeId, issue: usize, option: usize) -> OutcomeId {
        let mut opts = self.options(o);
        opts[issue] = option;
        self.encode(&opts)
    }
}

/// The enumerated outcome space of a scenario and every party's [`Own`] view.
#[derive(Debug, Clone)]
pub struct Domain {
    /// The space.
    pub space: Space,
    /// The parties that take part, in scenario order (parties without preferences are left out).
    pub parties: Vec<PartyIx>,
    /// Their views, in the same order.
    pub own: Vec<Own>,
    /// Whether each of them is a signatory (an agreement needs its acceptance).
    pub signatory: Vec<bool>,
}

impl Domain {
    /// Enumerates the space and evaluates every party with preferences (midpoint values).
    pub fn build(scenario: &Scenario) -> Result<Domain, DomainError> {
        let parties: Vec<PartyIx> = scenario
            .party_ixs()
            .filter(|&p| scenario.party(p).has_preferences())
            .collect();
        Self::build_for(scenario, &parties)
    }

    /// Enumerates the space for the given parties, in the given order.
    pub fn build_for(scenario: &Scenario, parties: &[PartyIx]) -> Result<Domain, DomainError> {
        if parties.len() < 2 {
            return Err(DomainError::TooFewParties(parties.len()));
        }
        let count = scenario.outcome_count();
        let len = match count {
            Some(n) if n <= MAX_OUTCOMES as u128 => n as usize,
            other => return Err(DomainError::TooLarge(other)),
        };
        let radices: Vec<usize> = scenario.issues().iter().map(|i| i.option_count()).collect();
        let own = parties
            .iter()
            .map(|&p| Self::own(scenario, &radices, len, p))
            .collect();
        Ok(Domain {
            space: Space { radices, len },
            parties: parties.to_vec(),
            own,
            signatory: parties
                .iter()
                .map(|&p| scenario.party(p).signatory())
                .collect(),
        })
    }

    fn own(scenario: &Scenario, radices: &[usize], len: usize, party: PartyIx) -> Own {
        let prefs = PointPreferences::midpoint(scenario, party);
        let p = scenario.party(party);
        let utility = if prefs.interactions().is_empty() {
            additive_utilities(&prefs, radices)
        } else {
            let mut outcome: Vec<OptionIx> = vec![OptionIx::from_usize(0); radices.len()];
            (0..len)
                .map(|id| {
                    decode_into(radices, id, &mut outcome);
                    prefs.utility(&outcome)
                })
                .collect()
        };
        let red_line = red_lines(p, radices, len);
        let sorted = sort_by_utility(&utility, &red_line);

        Own {
            party,
            utility,
            red_line,
            sorted,
            walk_away: prefs.walk_away(),
            discount: p.discount().unwrap_or(1.0),
        }
    }

    /// The position in [`Domain::parties`] of a scenario party.
    pub fn position(&self, party: PartyIx) -> Option<usize> {
        self.parties.iter().position(|&p| p == party)
    }
}

fn decode_into(radices: &[usize], id: usize, out: &mut [OptionIx]) {
    let mut rest = id;
    for k in (0..radices.len()).rev() {
        out[k] = OptionIx::from_usize(rest % radices[k]);
        rest /= radices[k];
    }
}

/// Utilities of every outcome of a party without interactions, level by level over the
/// issues: the table for issues `0..=k` is the table for `0..k` with each entry followed by
/// `+ contribution(k, option)` for every option. Each utility is therefore summed in issue
/// order starting from 0.0, exactly as `PointPreferences::utility` sums it (bit for bit),
/// at about one addition per outcome.
fn additive_utilities(prefs: &PointPreferences<'_>, radices: &[usize]) -> Vec<f64> {
    let weighted = prefs.weighted();
    let mut table = vec![0.0f64];
    let mut w = 0;
    for (issue, &r) in radices.iter().enumerate() {
        let contribution: Option<Vec<f64>> =
            (w < weighted.len() && weighted[w].issue.index() == issue).then(|| {
                let c = (0..r)
                    .map(|o| prefs.contribution(w, OptionIx::from_usize(o)))
                    .collect();
                w += 1;
                c
            });
        let mut next = Vec::with_capacity(table.len() * r);
        for &u in &table {
            match &contribution {
                Some(c) => next.extend(c.iter().map(|&x| u + x)),
                None => next.extend(std::iter::repeat_n(u, r)),
            }
        }
        table = next;
    }
    table
}

/// Whether each outcome crosses one of the party's red lines, level by level like the
/// utilities.
fn red_lines(party: &accord_model::Party, radices: &[usize], len: usize) -> Vec<bool> {
    if party.red_lines().is_empty() {
        return vec![false; len];
    }
    let mut table = vec![false];
    for (issue, &r) in radices.iter().enumerate() {
        let ix = accord_model::IssueIx::from_usize(issue);
        let forbidden: Vec<bool> = (0..r)
            .map(|o| party.is_red_line(ix, OptionIx::from_usize(o)))
            .collect();
        let mut next = Vec::with_capacity(table.len() * r);
        for &b in &table {
            next.extend(forbidden.iter().map(|&f| b || f));
        }
        table = next;
    }
    table
}

/// Outcome ids without red lines, by utility descending, ties by id ascending.
///
/// A bucket sort: outcomes are counted into `N` buckets by utility (linear between
/// the minimum and the maximum; monotone, so buckets are already in order), placed stably
/// (ids ascending within a bucket), and each small bucket is then sorted exactly. The result
/// equals a full comparison sort at a fraction of its cost (O(N) expected).
fn sort_by_utility(utility: &[f64], red_line: &[bool]) -> Vec<OutcomeId> {
    let (mut lo, mut hi, mut count) = (f64::INFINITY, f64::NEG_INFINITY, 0usize);
    for (&u, &r) in utility.iter().zip(red_line) {
        if !r {
            lo = lo.min(u);
            hi = hi.max(u);
            count += 1;
        }
    }
    if count == 0 {
        return Vec::new();
    }
    let span = hi - lo;
    let scale = if span > 0.0 && span.is_finite() {
        count as f64 / span
    } else {
        0.0
    };
    let last = (count - 1) as u32;
    // Bucket 0 holds the best outcomes; red lines get no bucket.
    let keys: Vec<u32> = utility
        .iter()
        .zip(red_line)
        .map(|(&u, &r)| {
            if r {
                u32::MAX
            } else {
                (((hi - u) * scale) as u32).min(last)
            }
        })
        .collect();
    let mut starts = vec![0u32; count + 1];
    for &k in &keys {
        if k != u32::MAX {
            starts[k as usize + 1] += 1;
        }
    }
    for b in 0..count {
        starts[b + 1] += starts[b];
    }
    let mut fill = starts.clone();
    let mut placed: Vec<OutcomeId> = vec![0; count];
    for (id, &k) in keys.iter().enumerate() {
        if k != u32::MAX {
            let slot = &mut fill[k as usize];
            placed[*slot as usize] = id as OutcomeId;
            *slot += 1;
        }
    }
    for b in 0..count {
        let (a, z) = (starts[b] as usize, starts[b + 1] as usize);
        if z - a > 1 {
            placed[a..z].sort_unstable_by(|&x, &y| {
                utility[y as usize]
                    .total_cmp(&utility[x as usize])
                    .then(x.cmp(&y))
            });
        }
    }
    placed
}

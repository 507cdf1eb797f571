//! The streaming enumeration engine: visits the outcomes of a product space (a subset of the
//! options of each issue) in outcome order, with the utilities of chosen parties, never holding
//! more than one outcome per worker.
//!
//! - **Score tables with shares folded in** ([`crate::tables`]), copied into one contiguous
//!   `[issue][option][party]` block per issue.
//! - **Odometer updates**: the partial sum of the first `t` issues is kept per depth, so moving
//!   to the next outcome costs one addition per party for the last issue (more only when an
//!   earlier digit turns over). Sums are built in issue order from `0.0`, then bonuses in file
//!   order, so they are bit-identical to the model's utility.
//! - **Subtree bounds**: before descending into the outcomes that share a prefix, the visitor
//!   sees lower and upper bounds of every tracked utility over them (prefix sum plus the worst or
//!   best the remaining issues and bonuses can add) and may skip them all: a subtree dominated by
//!   a known frontier point, one that cannot meet a walk-away, or one that every signatory
//!   accepts (counted whole) is never walked.
//! - **Chunks in parallel**: the space is cut into chunks by fixing the first few issues (a
//!   number of chunks that does not depend on the thread count); rayon runs them and results
//!   are combined in chunk order, so results never depend on the number of threads.

use std::ops::ControlFlow;

use accord_model::Cancel;
use rayon::prelude::*;

use crate::tables::{CompiledInteraction, Tables};

/// About this many chunks: enough to balance two to a few dozen cores.
const TARGET_CHUNKS: u64 = 256;

/// Bounds are widened by this much against rounding (sums in another order).
const BOUND_SLACK: f64 = 1e-12;

/// A product space with the parties whose utilities are tracked.
pub struct Engine<'t> {
    issues: usize,
    /// Allowed options per issue (ascending option indices).
    options: Vec<Vec<usize>>,
    /// Stride of each issue in the rank of an outcome over the *full* space.
    stride: Vec<u64>,
    dims: usize,
    /// `cols[i][pos * dims + j]`: contribution of the `pos`-th allowed option of issue `i` to
    /// coordinate `j`.
    cols: Vec<Vec<f64>>,
    interactions: Vec<&'t [CompiledInteraction]>,
    /// `suffix_best[t * dims + j]` / `suffix_worst`: the most / least coordinate `j` can get
    /// from issues `t..` plus bonuses.
    suffix_best: Vec<f64>,
    suffix_worst: Vec<f64>,
    /// `suffix_size[t]`: outcomes per subtree with issues `..t` fixed (saturating).
    suffix_size: Vec<u64>,
    split: usize,
    chunks: u64,
    /// The tables' cancel flag: once set, no further chunk is walked.
    cancel: Cancel,
}

/// What a visitor sees of one outcome.
pub struct Visit<'a> {
    /// Position of the outcome in outcome order over the full space.
    pub rank: u64,
    /// The option index of each issue.
    pub outcome: &'a [usize],
    /// The utilities of the tracked parties.
    pub utilities: &'a [f64],
}

/// Bounds on the tracked utilities over a subtree of outcomes.
pub struct Subtree<'a> {
    /// Every outcome in it has `u_j >= lower[j]`.
    pub lower: &'a [f64],
    /// Every outcome in it has `u_j <= upper[j]`.
    pub upper: &'a [f64],
    /// How many outcomes it holds (saturating).
    pub size: u64,
}

/// What the engine calls while walking.
pub trait Visitor {
    /// Whether to walk a subtree (all outcomes sharing a prefix). Defaults to yes.
    fn enter(&mut self, _subtree: &Subtree) -> bool {
        true
    }
    /// One outcome; `Break` stops the chunk.
    fn visit(&mut self, v: &Visit) -> ControlFlow<()>;
}

/// A test on the tracked utilities of an outcome.
pub type UtilityTest = dyn Fn(&[f64]) -> bool + Sync;

impl<'t> Engine<'t> {
    /// An engine over `options` (allowed options per issue) tracking `parties`. The full space
    /// must have fewer than 2^64 outcomes.
    pub fn new(tables: &'t Tables, options: Vec<Vec<usize>>, parties: &[usize]) -> Self {
        let issues = tables.issue_count();
        let dims = parties.len();
        let mut stride = vec![1u64; issues];
        for i in (0..issues.saturating_sub(1)).rev() {
            stride[i] = stride[i + 1].saturating_mul(tables.radix[i + 1] as u64);
        }
        let cols: Vec<Vec<f64>> = (0..issues)
            .map(|i| {
                let mut col = Vec::with_capacity(options[i].len() * dims);
                for &o in &options[i] {
                    for &p in parties {
                        col.push(tables.parties[p].contributions[i][o]);
                    }
                }
                col
            })
            .collect();
        let interactions = parties
            .iter()
            .map(|&p| tables.parties[p].interactions.as_slice())
            .collect();
        let mut suffix_best = vec![0.0; (issues + 1) * dims];
        let mut suffix_worst = vec![0.0; (issues + 1) * dims];
        for (j, &p) in parties.iter().enumerate() {
            let bonuses = &tables.parties[p].interactions;
            suffix_best[issues * dims + j] = bonuses.iter().map(|b| b.bonus.max(0.0)).sum();
            suffix_worst[issues * dims + j] = bonuses.iter().map(|b| b.bonus.min(0.0)).sum();
        }
        let mut suffix_size = vec![1u64; issues + 1];
        for i in (0..issues).rev() {
            suffix_size[i] = suffix_size[i + 1].saturating_mul(options[i].len() as u64);
            for j in 0..dims {
                let column = (0..options[i].len()).map(|pos| cols[i][pos * dims + j]);
                let best = column.clone().fold(f64::NEG_INFINITY, f64::max);
                let worst = column.fold(f64::INFINITY, f64::min);
                suffix_best[i * dims + j] = suffix_best[(i + 1) * dims + j] + best;
                suffix_worst[i * dims + j] = suffix_worst[(i + 1) * dims + j] + worst;
            }
        }
        // Fix the first `split` issues per chunk.
        let mut split = 0;
        let mut chunks: u64 = 1;
        let target = if cfg!(test) { 3 } else { TARGET_CHUNKS };
        while split < issues && chunks < target {
            chunks = chunks.saturating_mul(options[split].len() as u64);
            split += 1;
        }
        let empty = options.iter().any(|o| o.is_empty());
        Engine {
            issues,
            options,
            stride,
            dims,
            cols,
            interactions,
            suffix_best,
            suffix_worst,
            suffix_size,
            split,
            chunks: if empty { 0 } else { chunks },
            cancel: tables.cancel.clone(),
        }
    }

    /// Number of chunks.
    pub fn chunk_count(&self) -> u64 {
        self.chunks
    }

    /// Bounds on the tracked utilities over the whole space (no issue fixed) and its size:
    /// `(lower, upper, size)`, as a visitor's `enter` would see the root subtree. Lets a caller
    /// settle a question for every outcome at once before any chunk is walked.
    pub fn whole_space(&self) -> (Vec<f64>, Vec<f64>, u64) {
        // No issue fixed: the bounds are the whole suffix's (row 0), as `enter` widens them.
        let d = self.dims;
        let lower = self.suffix_worst[..d]
            .iter()
            .map(|w| w - BOUND_SLACK)
            .collect();
        let upper = self.suffix_best[..d]
            .iter()
            .map(|b| b + BOUND_SLACK)
            .collect();
        let size = if self.chunks == 0 {
            0
        } else {
            self.suffix_size[0]
        };
        (lower, upper, size)
    }

    /// Runs a fresh visitor over each chunk, chunks in parallel; returns the visitors in chunk
    /// order. `progress` is called once per finished chunk. Once the tables' cancel flag is set,
    /// the chunks not yet started are skipped (their visitors stay fresh, no progress).
    pub fn run<V: Visitor + Send>(
        &self,
        make: impl Fn() -> V + Sync,
        progress: &(dyn Fn() + Sync),
    ) -> Vec<V> {
        (0..self.chunks)
            .into_par_iter()
            .map_init(
                || Scratch::new(self.issues, self.dims),
                |scratch, c| {
                    let mut v = make();
                    if !self.cancel.is_cancelled() {
                        let _ = self.walk_chunk(c, &mut v, scratch);
                        progress();
                    }
                    v
                },
            )
            .collect()
    }

    /// For each test, the first outcome (in outcome order) it accepts. Tests must be monotone
    /// (raising a utility never turns `true` into `false`), so that a subtree whose upper bounds
    /// fail a test is skipped. One sweep stops as soon as every test has its answer. Chunks run
    /// in parallel batches; within a batch the earliest chunk with a hit wins, so the answer
    /// does not depend on the thread count.
    pub fn first_hits(&self, tests: &[Box<UtilityTest>]) -> Vec<Option<Vec<usize>>> {
        let mut found: Vec<Option<Vec<usize>>> = vec![None; tests.len()];
        let batch = (rayon::current_num_threads() as u64 * 4).max(8);
        let mut start = 0;
        while start < self.chunks
            && found.iter().any(Option::is_none)
            && !self.cancel.is_cancelled()
        {
            let end = (start + batch).min(self.chunks);
            let open: Vec<usize> = (0..tests.len()).filter(|&t| found[t].is_none()).collect();
            let hits: Vec<Vec<Option<Vec<usize>>>> = (start..end)
                .into_par_iter()
                .map_init(
                    || Scratch::new(self.issues, self.dims),
                    |scratch, c| {
                        let mut finder = FirstHits {
                            tests,
                            open: &open,
                            hits: vec![None; open.len()],
                            left: open.len(),
                        };
                        let _ = self.walk_chunk(c, &mut finder, scratch);
                        finder.hits
                    },
                )
                .collect();
            for chunk_hits in hits {
                for (k, hit) in chunk_hits.into_iter().enumerate() {
                    if found[open[k]].is_none() {
                        found[open[k]] = hit;
                    }
                }
            }
            start = end;
        }
        found
    }

    /// Offers the subtree with issues `..t` fixed to the visitor.
    #[inline]
    fn enter<V: Visitor>(
        &self,
        v: &mut V,
        prefix: &[f64],
        t: usize,
        lower: &mut [f64],
        upper: &mut [f64],
    ) -> bool {
        let d = self.dims;
        for j in 0..d {
            let p = prefix[t * d + j];
            lower[j] = p + self.suffix_worst[t * d + j] - BOUND_SLACK;
            upper[j] = p + self.suffix_best[t * d + j] + BOUND_SLACK;
        }
        v.enter(&Subtree {
            lower,
            upper,
            size: self.suffix_size[t],
        })
    }

    /// Visits the outcomes of one chunk in order.
    fn walk_chunk<V: Visitor>(
        &self,
        chunk: u64,
        v: &mut V,
        scratch: &mut Scratch,
    ) -> ControlFlow<()> {
        let (m, d) = (self.issues, self.dims);
        scratch.clear();
        let Scratch {
            pos,
            outcome,
            rank,
            prefix,
            u,
            lower,
            upper,
        } = scratch;
        let (pos, outcome, rank, prefix, u) = (
            pos.as_mut_slice(),
            outcome.as_mut_slice(),
            rank.as_mut_slice(),
            prefix.as_mut_slice(),
            u.as_mut_slice(),
        );
        let (lower, upper) = (lower.as_mut_slice(), upper.as_mut_slice());
        let mut c = chunk;
        for i in (0..self.split).rev() {
            let n = self.options[i].len() as u64;
            pos[i] = (c % n) as usize;
            c /= n;
        }
        // Fills outcome/rank/prefix at depth t+1 from the option at pos[t].
        let set = |t: usize,
                   pos: &[usize],
                   outcome: &mut [usize],
                   rank: &mut [u64],
                   prefix: &mut [f64]| {
            let o = self.options[t][pos[t]];
            outcome[t] = o;
            rank[t + 1] = rank[t] + o as u64 * self.stride[t];
            let col = &self.cols[t][pos[t] * d..(pos[t] + 1) * d];
            for j in 0..d {
                prefix[(t + 1) * d + j] = prefix[t * d + j] + col[j];
            }
        };
        for t in 0..self.split {
            set(t, pos, outcome, rank, prefix);
        }
        if !self.enter(v, prefix, self.split, lower, upper) {
            return ControlFlow::Continue(());
        }
        if m == 0 || self.split == m {
            u.copy_from_slice(&prefix[m * d..]);
            self.add_bonuses(u, outcome);
            return v.visit(&Visit {
                rank: rank[m],
                outcome,
                utilities: u,
            });
        }
        // Depth-first over issues split..m; the last issue in a tight loop.
        let last = m - 1;
        let mut t = self.split;
        pos[t] = 0;
        loop {
            if t == last {
                let base = rank[last];
                for (p, &o) in self.options[last].iter().enumerate() {
                    outcome[last] = o;
                    let col = &self.cols[last][p * d..(p + 1) * d];
                    for j in 0..d {
                        u[j] = prefix[last * d + j] + col[j];
                    }
                    self.add_bonuses(u, outcome);
                    v.visit(&Visit {
                        rank: base + o as u64,
                        outcome,
                        utilities: u,
                    })?;
                }
                // Backtrack to the deepest digit that can advance.
                loop {
                    if t == self.split {
                        return ControlFlow::Continue(());
                    }
                    t -= 1;
                    pos[t] += 1;
                    if pos[t] < self.options[t].len() {
                        break;
                    }
                }
            }
            set(t, pos, outcome, rank, prefix);
            if !self.enter(v, prefix, t + 1, lower, upper) {
                // Skip this subtree: advance this digit, or backtrack.
                loop {
                    pos[t] += 1;
                    if pos[t] < self.options[t].len() {
                        break;
                    }
                    if t == self.split {
                        return ControlFlow::Continue(());
                    }
                    t -= 1;
                }
                continue;
            }
            t += 1;
            pos[t] = 0;
        }
    }

    /// Adds bonuses, in file order, after the weighted sums.
    #[inline]
    fn add_bonuses(&self, u: &mut [f64], outcome: &[usize]) {
        for (j, list) in self.interactions.iter().enumerate() {
            for interaction in *list {
                if interaction.holds(outcome) {
                    u[j] += interaction.bonus;
                }
            }
        }
    }
}

/// One worker's buffers for walking chunks, reused from chunk to chunk (a chunk that is settled
/// by its first bounds costs no allocation).
struct Scratch {
    pos: Vec<usize>,
    outcome: Vec<usize>,
    rank: Vec<u64>,
    prefix: Vec<f64>,
    u: Vec<f64>,
    lower: Vec<f64>,
    upper: Vec<f64>,
}

impl Scratch {
    fn new(issues: usize, dims: usize) -> Self {
        Scratch {
            pos: vec![0; issues],
            outcome: vec![0; issues],
            rank: vec![0; issues + 1],
            prefix: vec![0.0; (issues + 1) * dims],
            u: vec![0.0; dims],
            lower: vec![0.0; dims],
            upper: vec![0.0; dims],
        }
    }

    /// Back to the state of fresh buffers, as a walk expects them.
    fn clear(&mut self) {
        self.pos.fill(0);
        self.outcome.fill(0);
        self.rank.fill(0);
        self.prefix.fill(0.0);
        self.u.fill(0.0);
        self.lower.fill(0.0);
        self.upper.fill(0.0);
    }
}

/// Finds the first outcome passing each open test within a chunk.
struct FirstHits<'a> {
    tests: &'a [Box<UtilityTest>],
    open: &'a [usize],
    hits: Vec<Option<Vec<usize>>>,
    left: usize,
}

impl Visitor for FirstHits<'_> {
    fn enter(&mut self, s: &Subtree) -> bool {
        // Monotone tests: if the upper bounds fail every open test still unanswered, no
        // outcome below passes any of them.
        self.open
            .iter()
            .enumerate()
            .any(|(k, &t)| self.hits[k].is_none() && (self.tests[t])(s.upper))
    }

    fn visit(&mut self, v: &Visit) -> ControlFlow<()> {
        for (k, &t) in self.open.iter().enumerate() {
            if self.hits[k].is_none() && (self.tests[t])(v.utilities) {
                self.hits[k] = Some(v.outcome.to_vec());
                self.left -= 1;
            }
        }
        if self.left == 0 {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    }
}

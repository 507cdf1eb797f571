//! The streaming enumeration engine: visits every outcome of a product space (a subset of the
//! options of each issue) in outcome order, with the utilities of chosen parties, without ever
//! holding more than one outcome per worker.
//!
//! - **Score tables with shares folded in** ([`crate::tables`]), copied into one contiguous
//!   `[issue][option][party]` block.
//! - **Odometer updates**: the partial sum of the first `t` issues is kept per depth, so moving
//!   to the next outcome costs one addition per party for the last issue (and more only when an
//!   earlier digit turns over). Sums are built in issue order, so they are bit-identical to the
//!   model's utility.
//! - **Chunks in parallel**: the space is cut into chunks by fixing the first few issues (a
//!   number of chunks that does not depend on the thread count); rayon runs them and results
//!   are combined in chunk order, so results never depend on the number of threads.
//! - **Bound pruning** (optional): a subtree whose best completion cannot reach some party's
//!   floor (its walk-away) is skipped — used when enumerating agreements.

use std::ops::ControlFlow;

use rayon::prelude::*;

use crate::tables::{CompiledInteraction, Tables};

/// At least this many chunks, so that two cores stay busy and progress is smooth.
const TARGET_CHUNKS: u64 = 4096;

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
    /// Per coordinate, a floor below which outcomes are skipped (with pruning), or `-inf`.
    floors: Vec<f64>,
    /// `suffix_best[t * dims + j]`: the most coordinate `j` can gain from issues `t..`.
    suffix_best: Vec<f64>,
    prune: bool,
    split: usize,
    chunks: u64,
}

/// A test on the tracked utilities of an outcome.
pub type UtilityTest = dyn Fn(&[f64]) -> bool + Sync;

/// What a visitor sees of one outcome.
pub struct Visit<'a> {
    /// Position of the outcome in outcome order over the full space.
    pub rank: u64,
    /// The option index of each issue.
    pub outcome: &'a [usize],
    /// The utilities of the tracked parties.
    pub utilities: &'a [f64],
}

impl<'t> Engine<'t> {
    /// An engine over `options` (allowed options per issue) tracking `parties`. With `floors`,
    /// outcomes where some tracked party is below its floor (minus the tolerance) may be skipped
    /// without being visited. The full space must have fewer than 2^64 outcomes.
    pub fn new(
        tables: &'t Tables,
        options: Vec<Vec<usize>>,
        parties: &[usize],
        floors: Option<&[f64]>,
    ) -> Self {
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
        for (j, &p) in parties.iter().enumerate() {
            suffix_best[issues * dims + j] = tables.parties[p].max_bonus();
        }
        for i in (0..issues).rev() {
            for j in 0..dims {
                let best = (0..options[i].len())
                    .map(|pos| cols[i][pos * dims + j])
                    .fold(f64::NEG_INFINITY, f64::max);
                suffix_best[i * dims + j] = suffix_best[(i + 1) * dims + j] + best.max(0.0);
            }
        }
        // Fix the first `split` issues per chunk: enough chunks to balance the load.
        let mut split = 0;
        let mut chunks: u64 = 1;
        while split < issues && chunks < TARGET_CHUNKS {
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
            floors: floors.map_or_else(|| vec![f64::NEG_INFINITY; dims], <[f64]>::to_vec),
            suffix_best,
            prune: floors.is_some(),
            split,
            chunks: if empty { 0 } else { chunks },
        }
    }

    /// Number of chunks.
    pub fn chunk_count(&self) -> u64 {
        self.chunks
    }

    /// Runs `visit` on every outcome, chunks in parallel; returns one state per chunk, in chunk
    /// order. `progress` is called once per finished chunk.
    pub fn fold<S: Send>(
        &self,
        init: impl Fn() -> S + Sync,
        visit: impl Fn(&mut S, &Visit) + Sync,
        progress: &(dyn Fn() + Sync),
    ) -> Vec<S> {
        (0..self.chunks)
            .into_par_iter()
            .map(|c| {
                let mut state = init();
                let _ = self.walk_chunk(c, &mut |v| {
                    visit(&mut state, v);
                    ControlFlow::Continue(())
                });
                progress();
                state
            })
            .collect()
    }

    /// The first outcome (in outcome order) that `test` accepts, as `(rank, outcome)`.
    pub fn find_first(&self, test: impl Fn(&Visit) -> bool + Sync) -> Option<(u64, Vec<usize>)> {
        (0..self.chunks).into_par_iter().find_map_first(|c| {
            let mut found = None;
            let _ = self.walk_chunk(c, &mut |v| {
                if test(v) {
                    found = Some((v.rank, v.outcome.to_vec()));
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                }
            });
            found
        })
    }

    /// For each test, the first outcome (in outcome order) it accepts, in one sweep that stops
    /// as soon as every test has its answer. Chunks run in parallel batches; within a batch the
    /// earliest chunk with a hit wins, so the answer does not depend on the thread count.
    pub fn first_hits(&self, tests: &[Box<UtilityTest>]) -> Vec<Option<Vec<usize>>> {
        let mut found: Vec<Option<Vec<usize>>> = vec![None; tests.len()];
        let batch = (rayon::current_num_threads() as u64 * 4).max(8);
        let mut start = 0;
        while start < self.chunks && found.iter().any(Option::is_none) {
            let end = (start + batch).min(self.chunks);
            let open: Vec<usize> = (0..tests.len()).filter(|&t| found[t].is_none()).collect();
            let hits: Vec<Vec<Option<Vec<usize>>>> = (start..end)
                .into_par_iter()
                .map(|c| {
                    let mut hits: Vec<Option<Vec<usize>>> = vec![None; open.len()];
                    let mut left = open.len();
                    let _ = self.walk_chunk(c, &mut |v| {
                        for (k, &t) in open.iter().enumerate() {
                            if hits[k].is_none() && tests[t](v.utilities) {
                                hits[k] = Some(v.outcome.to_vec());
                                left -= 1;
                            }
                        }
                        if left == 0 {
                            ControlFlow::Break(())
                        } else {
                            ControlFlow::Continue(())
                        }
                    });
                    hits
                })
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

    #[inline]
    fn pruned(&self, prefix: &[f64], t: usize) -> bool {
        if !self.prune {
            return false;
        }
        let d = self.dims;
        (0..d).any(|j| {
            prefix[t * d + j] + self.suffix_best[t * d + j]
                < self.floors[j] - accord_model::TOLERANCE - 1e-12
        })
    }

    /// Visits the outcomes of one chunk in order.
    fn walk_chunk(
        &self,
        chunk: u64,
        visit: &mut dyn FnMut(&Visit) -> ControlFlow<()>,
    ) -> ControlFlow<()> {
        let (m, d) = (self.issues, self.dims);
        let mut pos = vec![0usize; m];
        let mut outcome = vec![0usize; m];
        let mut rank = vec![0u64; m + 1];
        let mut prefix = vec![0.0f64; (m + 1) * d];
        let mut u = vec![0.0f64; d];
        let mut c = chunk;
        for i in (0..self.split).rev() {
            let n = self.options[i].len() as u64;
            pos[i] = (c % n) as usize;
            c /= n;
        }
        // Fills prefix/rank at depth t+1 from the option at pos[t].
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
            set(t, &pos, &mut outcome, &mut rank, &mut prefix);
            if self.pruned(&prefix, t + 1) {
                return ControlFlow::Continue(());
            }
        }
        if m == 0 || self.split == m {
            return self.emit(&prefix[m * d..], rank[m], &outcome, &mut u, visit);
        }
        // Depth-first over issues split..m, the last issue in a tight loop.
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
                    let r = base + o as u64;
                    self.finish(&mut u, &outcome);
                    if self.prune && u.iter().zip(&self.floors).any(|(x, f)| *x < f - 1e-9) {
                        continue;
                    }
                    visit(&Visit {
                        rank: r,
                        outcome: &outcome,
                        utilities: &u,
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
            set(t, &pos, &mut outcome, &mut rank, &mut prefix);
            if self.pruned(&prefix, t + 1) {
                // Skip this subtree: advance this digit (or backtrack).
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

    fn emit(
        &self,
        sums: &[f64],
        rank: u64,
        outcome: &[usize],
        u: &mut [f64],
        visit: &mut dyn FnMut(&Visit) -> ControlFlow<()>,
    ) -> ControlFlow<()> {
        u.copy_from_slice(sums);
        self.finish(u, outcome);
        if self.prune && u.iter().zip(&self.floors).any(|(x, f)| *x < f - 1e-9) {
            return ControlFlow::Continue(());
        }
        visit(&Visit {
            rank,
            outcome,
            utilities: u,
        })
    }

    /// Adds bonuses, in file order, after the weighted sums.
    #[inline]
    fn finish(&self, u: &mut [f64], outcome: &[usize]) {
        for (j, list) in self.interactions.iter().enumerate() {
            for interaction in *list {
                if interaction.holds(outcome) {
                    u[j] += interaction.bonus;
                }
            }
        }
    }
}

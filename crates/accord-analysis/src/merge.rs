//! Frontiers without enumeration, for parties without interactions (additive utilities).
//!
//! The utility vectors of all outcomes form the Minkowski sum `S_1 ⊕ … ⊕ S_m` of the per-issue
//! contribution sets, and dominance is compatible with sums (if `a` is dominated by `a'`, then
//! `a + b` is dominated by `a' + b`). So the frontier of the suffix `i..m` is the frontier of
//! `S_i ⊕ frontier(i+1..m)`: [`Layers::build`] computes these *suffix frontiers* from the last
//! issue back to the first, keeping only undominated partial sums.
//!
//! Each layer entry is one distinct partial vector with the list of `(option, next entry)`
//! edges that reach it; outcomes whose partial sums are bit-identical share one entry (an issue
//! no tracked party cares about costs nothing). Walking edges from the first layer lists the
//! frontier's outcomes in outcome order, and the first edge of each entry gives the first
//! outcome of each vector. Keeping suffixes (not prefixes) is what makes outcome order — which
//! compares the first issue first — cheap to follow.
//!
//! With floors (walk-away values, when building the agreements' frontier), a suffix that cannot
//! reach some floor even with the best options of the issues before it is dropped too.
//!
//! **ε-approximate mode.** With `epsilon = ε`, after each layer the points are snapped to a grid
//! of cell width `δ = ε / m` (`m` issues) in every coordinate and one point per cell is kept.
//! Guarantee: for every outcome `x` (of the space the layers cover) there is a listed outcome
//! `y` with `u_p(y) >= u_p(x) - ε` for every tracked party `p`. Proof: a dropped point has a
//! kept point in its cell, lower by less than `δ` in any coordinate; dominance pruning loses
//! nothing; losses add up over at most `m` layers. Layer sizes are then bounded by the number
//! of cells on a frontier, `O((range/δ)^(n-1))`, whatever the outcome count.

use std::collections::HashSet;

use accord_model::TOLERANCE;

use crate::tables::Tables;

/// One suffix frontier.
#[derive(Clone, Debug, Default)]
pub struct Layer {
    /// Entry vectors, flat (`dims` per entry).
    pub values: Vec<f64>,
    /// Edges of entry `e`: `edges[start[e]..start[e + 1]]`, sorted by option.
    pub start: Vec<u32>,
    /// `(option, entry in the next layer)`.
    pub edges: Vec<(u32, u32)>,
}

impl Layer {
    /// Number of entries.
    pub fn len(&self) -> usize {
        self.start.len().saturating_sub(1)
    }

    /// Whether the layer is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn edges_of(&self, e: usize) -> &[(u32, u32)] {
        &self.edges[self.start[e] as usize..self.start[e + 1] as usize]
    }
}

/// Suffix frontiers of every issue, `layers[i]` covering issues `i..m`; `layers[m]` is the one
/// empty suffix.
#[derive(Clone, Debug)]
pub struct Layers {
    dims: usize,
    /// Allowed options per issue.
    pub options: Vec<Vec<usize>>,
    /// `cols[i][o * dims + j]`: contribution of option `o` (an option index, not a position) of
    /// issue `i` to coordinate `j`.
    cols: Vec<Vec<f64>>,
    floors: Option<Vec<f64>>,
    /// The layers.
    pub layers: Vec<Layer>,
    /// `corners[i]`: the [`Corners`] of `layers[i]`, for [`Layers::first_passing`].
    corners: Vec<Corners>,
}

/// Entries per group in [`Corners`]; small under `cfg(test)` so that the unit tests' small
/// layers get deep trees.
const FANOUT: usize = if cfg!(test) { 2 } else { 16 };

/// A tree of corners over a layer's entries: `levels[0][g]` holds, per coordinate, the largest
/// value over entries `g * FANOUT..(g + 1) * FANOUT`; `levels[k][g]`, over groups
/// `g * FANOUT..(g + 1) * FANOUT` of level `k - 1`. The top level has at most `FANOUT` groups.
/// A monotone test that fails on a corner fails on everything below it.
#[derive(Clone, Debug, Default)]
struct Corners {
    levels: Vec<Vec<f64>>,
}

impl Corners {
    fn new(dims: usize, values: &[f64]) -> Self {
        let mut levels: Vec<Vec<f64>> = Vec::new();
        let mut below = values;
        while below.len() > FANOUT * dims {
            let level: Vec<f64> = below
                .chunks(FANOUT * dims)
                .flat_map(|group| {
                    let mut corner = vec![f64::NEG_INFINITY; dims];
                    for v in group.chunks_exact(dims) {
                        for (c, x) in corner.iter_mut().zip(v) {
                            *c = c.max(*x);
                        }
                    }
                    corner
                })
                .collect();
            levels.push(level);
            below = levels.last().expect("just pushed");
        }
        Corners { levels }
    }

    /// Whether `pass` holds for some entry of `layer`, given that it is monotone: groups whose
    /// corner fails are skipped.
    fn any(&self, dims: usize, layer: &Layer, pass: &mut dyn FnMut(&[f64]) -> bool) -> bool {
        let (top, values) = (self.levels.len(), &layer.values[..]);
        let count = |level: usize| {
            if level == 0 {
                layer.len()
            } else {
                self.levels[level - 1].len() / dims
            }
        };
        self.any_below(top, 0..count(top), dims, values, &count, pass)
    }

    /// Items `range` of `level` (0: entries, k: groups of `levels[k - 1]`).
    fn any_below(
        &self,
        level: usize,
        range: std::ops::Range<usize>,
        dims: usize,
        values: &[f64],
        count: &dyn Fn(usize) -> usize,
        pass: &mut dyn FnMut(&[f64]) -> bool,
    ) -> bool {
        if level == 0 {
            return range
                .into_iter()
                .any(|e| pass(&values[e * dims..(e + 1) * dims]));
        }
        let corners = &self.levels[level - 1];
        range.into_iter().any(|g| {
            pass(&corners[g * dims..(g + 1) * dims]) && {
                let lo = g * FANOUT;
                let hi = ((g + 1) * FANOUT).min(count(level - 1));
                self.any_below(level - 1, lo..hi, dims, values, count, pass)
            }
        })
    }
}

/// Why a merge stopped.
#[derive(Clone, Debug, PartialEq)]
pub enum MergeError {
    /// A layer, or the candidate sums that form it, grew past its limit.
    TooManyPoints {
        /// The issue being merged.
        issue: usize,
        /// Its size.
        points: usize,
        /// The limit it passed: [`MAX_CANDIDATES`] or [`MAX_LAYER_POINTS`].
        limit: usize,
    },
}

/// Largest layer kept in memory.
pub const MAX_LAYER_POINTS: usize = 5_000_000;

/// Most candidate sums formed for one layer (options times the next layer's points).
pub const MAX_CANDIDATES: usize = 50_000_000;

impl Layers {
    /// Builds the suffix frontiers over `options` for `parties` (which must have no
    /// interactions), optionally with floors and an ε-grid.
    pub fn build(
        tables: &Tables,
        options: Vec<Vec<usize>>,
        parties: &[usize],
        floors: Option<Vec<f64>>,
        epsilon: Option<f64>,
    ) -> Result<Layers, MergeError> {
        Self::build_with(tables, options, parties, floors, epsilon, true)
    }

    /// [`Layers::build`], with the two-party thinning ([`thin_pairs`]) on or off; off is the
    /// general path the property tests compare it with.
    fn build_with(
        tables: &Tables,
        options: Vec<Vec<usize>>,
        parties: &[usize],
        floors: Option<Vec<f64>>,
        epsilon: Option<f64>,
        thin: bool,
    ) -> Result<Layers, MergeError> {
        let m = tables.issue_count();
        let dims = parties.len();
        let cols: Vec<Vec<f64>> = (0..m)
            .map(|i| {
                let mut col = Vec::with_capacity(tables.radix[i] * dims);
                for o in 0..tables.radix[i] {
                    for &p in parties {
                        col.push(tables.parties[p].contributions[i][o]);
                    }
                }
                col
            })
            .collect();
        // prefix_best[i][j]: the most coordinate j can get from issues 0..i.
        let mut prefix_best = vec![0.0; (m + 1) * dims];
        for i in 0..m {
            for j in 0..dims {
                let best = options[i]
                    .iter()
                    .map(|&o| cols[i][o * dims + j])
                    .fold(f64::NEG_INFINITY, f64::max);
                prefix_best[(i + 1) * dims + j] = prefix_best[i * dims + j] + best.max(0.0);
            }
        }
        let delta = epsilon.map(|e| e / m.max(1) as f64);
        let mut layers = vec![Layer::default(); m + 1];
        layers[m] = Layer {
            values: vec![0.0; dims],
            start: vec![0, 0],
            edges: Vec::new(),
        };
        // Buffers reused from layer to layer.
        let mut cand: Vec<f64> = Vec::new();
        let mut cand_edges: Vec<(u32, u32)> = Vec::new();
        let mut thinned: (Vec<f64>, Vec<(u32, u32)>) = Default::default();
        let mut buckets = Buckets::default();
        for i in (0..m).rev() {
            let next = &layers[i + 1];
            // Refuse before allocating: the candidates are every option plus every suffix.
            let candidates = options[i].len().saturating_mul(next.len());
            if candidates > MAX_CANDIDATES {
                return Err(MergeError::TooManyPoints {
                    issue: i,
                    points: candidates,
                    limit: MAX_CANDIDATES,
                });
            }
            if thin && dims == 2 {
                let floor = floors.as_ref().map(|f| Floor {
                    prefix_best: [prefix_best[i * 2], prefix_best[i * 2 + 1]],
                    least: [f[0] - TOLERANCE - 1e-12, f[1] - TOLERANCE - 1e-12],
                });
                let pairs = Pairs {
                    options: &options[i],
                    cols: &cols[i],
                    next,
                    floor,
                };
                thin_pairs(&pairs, &mut thinned, &mut buckets);
                let layer = reduce(dims, &thinned.0, &thinned.1, delta);
                if layer.len() > MAX_LAYER_POINTS {
                    return Err(MergeError::TooManyPoints {
                        issue: i,
                        points: layer.len(),
                        limit: MAX_LAYER_POINTS,
                    });
                }
                layers[i] = layer;
                continue;
            }
            cand.clear();
            cand_edges.clear();
            for &o in &options[i] {
                let col = &cols[i][o * dims..(o + 1) * dims];
                if floors.is_none() {
                    // No floors: every sum is a candidate.
                    for e in 0..next.len() {
                        let s = &next.values[e * dims..(e + 1) * dims];
                        cand.extend(col.iter().zip(s).map(|(c, x)| c + x));
                        cand_edges.push((o as u32, e as u32));
                    }
                    continue;
                }
                'entries: for e in 0..next.len() {
                    let base = cand.len();
                    for j in 0..dims {
                        let v = col[j] + next.values[e * dims + j];
                        if let Some(f) = &floors
                            && prefix_best[i * dims + j] + v < f[j] - TOLERANCE - 1e-12
                        {
                            cand.truncate(base);
                            continue 'entries;
                        }
                        cand.push(v);
                    }
                    cand_edges.push((o as u32, e as u32));
                }
            }
            let layer = reduce(dims, &cand, &cand_edges, delta);
            if layer.len() > MAX_LAYER_POINTS {
                return Err(MergeError::TooManyPoints {
                    issue: i,
                    points: layer.len(),
                    limit: MAX_LAYER_POINTS,
                });
            }
            layers[i] = layer;
        }
        let corners = layers
            .iter()
            .map(|l| Corners::new(dims, &l.values))
            .collect();
        Ok(Layers {
            dims,
            options,
            cols,
            floors,
            layers,
            corners,
        })
    }

    /// The same layers, read with floors: entries below a floor are then ignored. (Layers built
    /// without floors hold every undominated suffix, a superset of what floors would keep, so
    /// this is exact; building with floors only prunes earlier.)
    pub fn with_floors(mut self, floors: Vec<f64>) -> Self {
        self.floors = Some(floors);
        self
    }

    /// The first layer (the whole space's frontier), as `(entry, vector)` pairs.
    pub fn front(&self) -> impl Iterator<Item = (usize, &[f64])> {
        let d = self.dims;
        let l = &self.layers[0];
        (0..l.len()).map(move |e| (e, &l.values[e * d..(e + 1) * d]))
    }

    /// The entries of the first layer that meet every floor (within the tolerance).
    pub fn front_meeting_floors(&self) -> Vec<(usize, &[f64])> {
        self.front().filter(|(_, v)| self.meets_floors(v)).collect()
    }

    fn meets_floors(&self, v: &[f64]) -> bool {
        match &self.floors {
            Some(f) => v.iter().zip(f).all(|(x, f)| *x >= f - TOLERANCE),
            None => true,
        }
    }

    /// The number of outcomes behind an entry of the first layer (saturating).
    pub fn path_counts(&self) -> Vec<u64> {
        let m = self.layers.len() - 1;
        let mut counts = vec![1u64];
        for i in (0..m).rev() {
            let l = &self.layers[i];
            counts = (0..l.len())
                .map(|e| {
                    l.edges_of(e)
                        .iter()
                        .fold(0u64, |acc, &(_, n)| acc.saturating_add(counts[n as usize]))
                })
                .collect();
        }
        counts
    }

    /// The first outcome (in outcome order) behind an entry of the first layer.
    pub fn first_outcome(&self, entry: usize) -> Vec<usize> {
        let mut out = Vec::with_capacity(self.layers.len() - 1);
        let mut e = entry;
        for l in &self.layers[..self.layers.len() - 1] {
            let (o, n) = l.edges_of(e)[0];
            out.push(o as usize);
            e = n as usize;
        }
        out
    }

    /// [`Layers::first_outcome`] of every entry of the first layer, in entry order. Walks all
    /// entries one layer at a time, so the lookups of different entries are independent (the
    /// memory system overlaps them) instead of one chain per entry.
    pub fn first_outcomes(&self) -> Vec<Vec<usize>> {
        let m = self.layers.len() - 1;
        let mut out: Vec<Vec<usize>> = (0..self.layers[0].len())
            .map(|_| Vec::with_capacity(m))
            .collect();
        let mut at: Vec<u32> = (0..out.len() as u32).collect();
        for l in &self.layers[..m] {
            for (e, outcome) in at.iter_mut().zip(&mut out) {
                let (o, n) = l.edges[l.start[*e as usize] as usize];
                outcome.push(o as usize);
                *e = n;
            }
        }
        out
    }

    /// Every outcome behind an entry of the first layer, in outcome order.
    pub fn outcomes(&self, entry: usize, out: &mut Vec<Vec<usize>>) {
        let mut prefix = Vec::with_capacity(self.layers.len() - 1);
        self.walk(0, entry, &mut prefix, out);
    }

    fn walk(&self, i: usize, e: usize, prefix: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
        if i + 1 == self.layers.len() {
            out.push(prefix.clone());
            return;
        }
        for &(o, n) in self.layers[i].edges_of(e) {
            prefix.push(o as usize);
            self.walk(i + 1, n as usize, prefix, out);
            prefix.pop();
        }
    }

    /// The first outcome, in outcome order, of the covered space that meets the floors and
    /// passes `test`, which must be monotone (raising a coordinate never turns `true` into
    /// `false`). Each issue in turn takes its first option for which some suffix in the next
    /// layer completes it into a passing vector; because a dropped suffix is dominated by a
    /// kept one (which passes whenever it would), looking at kept suffixes is enough. The
    /// suffixes are searched through their `Corners`: a group whose corner fails holds no
    /// passing suffix, so only the groups near passing ones are read.
    pub fn first_passing(&self, test: &dyn Fn(&[f64]) -> bool) -> Option<Vec<usize>> {
        let (m, d) = (self.layers.len() - 1, self.dims);
        let mut prefix = vec![0.0; d];
        let mut trial = vec![0.0; d];
        let mut v = vec![0.0; d];
        let mut out = Vec::with_capacity(m);
        for i in 0..m {
            let next = &self.layers[i + 1];
            let chosen = self.options[i].iter().copied().find(|&o| {
                let col = &self.cols[i][o * d..(o + 1) * d];
                for j in 0..d {
                    trial[j] = prefix[j] + col[j];
                }
                self.corners[i + 1].any(d, next, &mut |s: &[f64]| {
                    for j in 0..d {
                        v[j] = trial[j] + s[j];
                    }
                    self.meets_floors(&v) && test(&v)
                })
            })?;
            let col = &self.cols[i][chosen * d..(chosen + 1) * d];
            for j in 0..d {
                prefix[j] += col[j];
            }
            out.push(chosen);
        }
        Some(out)
    }
}

/// Groups bit-identical candidates, drops dominated ones, snaps to the ε-grid.
fn reduce(dims: usize, cand: &[f64], edges: &[(u32, u32)], delta: Option<f64>) -> Layer {
    let n = edges.len();
    let at = |k: usize| &cand[k * dims..(k + 1) * dims];
    // Sort by vector, descending lexicographically; candidate order breaks ties so that the
    // edges of a group stay sorted by option.
    // The candidates of one option are the next layer shifted by a constant, so they come in
    // long sorted runs, which the stable sort detects and merges.
    let order: Vec<u32> = if dims <= 2 {
        // Up to two coordinates: sort plain integer keys (descending values, then candidate
        // order), which is much faster than comparing through the index.
        let key = |k: usize, j: usize| {
            if j < dims {
                u64::MAX - ordered(cand[k * dims + j])
            } else {
                0
            }
        };
        let keys: Vec<SortKey> = (0..n).map(|k| (key(k, 0), key(k, 1), k as u32)).collect();
        merge_natural_runs(keys)
    } else {
        let mut order: Vec<u32> = (0..n as u32).collect();
        order.sort_by(|&a, &b| {
            let (va, vb) = (at(a as usize), at(b as usize));
            for j in 0..dims {
                let c = vb[j].total_cmp(&va[j]);
                if c.is_ne() {
                    return c;
                }
            }
            std::cmp::Ordering::Equal
        });
        order
    };
    // Distinct vectors: group starts in `order`.
    let mut groups: Vec<usize> = Vec::new();
    for k in 0..n {
        if k == 0 || at(order[k] as usize) != at(order[k - 1] as usize) {
            groups.push(k);
        }
    }
    let reps: Vec<&[f64]> = groups.iter().map(|&g| at(order[g] as usize)).collect();
    let keep = undominated(dims, &reps);
    let mut cells: HashSet<Vec<i64>> = HashSet::new();
    let mut layer = Layer {
        values: Vec::new(),
        start: vec![0],
        edges: Vec::new(),
    };
    for (gi, &g) in groups.iter().enumerate() {
        if !keep[gi] {
            continue;
        }
        if let Some(delta) = delta {
            let cell: Vec<i64> = reps[gi]
                .iter()
                .map(|v| (v / delta).floor() as i64)
                .collect();
            if !cells.insert(cell) {
                continue;
            }
        }
        let end = groups.get(gi + 1).copied().unwrap_or(n);
        layer.values.extend_from_slice(reps[gi]);
        // Candidates were made option by option, and ties in the sort keep candidate order,
        // so a group's edges are already sorted by option.
        layer
            .edges
            .extend(order[g..end].iter().map(|&k| edges[k as usize]));
        layer.start.push(layer.edges.len() as u32);
    }
    layer
}

/// Candidates per bucket in [`thin_pairs`]: few enough buckets to stay in cache (finer ones drop
/// only a few more candidates), and far wider than the tolerance. Under `cfg(test)`, fine
/// buckets so that the unit tests' small layers are thinned.
const CANDIDATES_PER_BUCKET: usize = if cfg!(test) { 2 } else { 32 };

/// Per-bucket extremes for [`thin_pairs`].
#[derive(Default)]
struct Buckets {
    /// Largest second coordinate over buckets `b..`.
    max_second: Vec<f64>,
    /// Smallest first coordinate over buckets `b..`.
    min_first: Vec<f64>,
}

/// The floors' test on two-coordinate candidates, as in [`Layers::build`]: a candidate `v` is
/// dropped when `prefix_best[j] + v[j] < least[j]` for some `j`.
struct Floor {
    prefix_best: [f64; 2],
    least: [f64; 2],
}

/// The candidates of one two-coordinate layer, produced on demand (twice) instead of stored:
/// every option's contribution plus every entry of the next layer, option by option, the same
/// sums and the same floor test as the general path, so the same candidates in the same order.
struct Pairs<'a> {
    options: &'a [usize],
    /// The issue's contributions, `[option * 2 + j]`.
    cols: &'a [f64],
    next: &'a Layer,
    floor: Option<Floor>,
}

impl Pairs<'_> {
    #[inline]
    fn each(&self, mut f: impl FnMut(f64, f64, (u32, u32))) {
        let values = &self.next.values;
        for &o in self.options {
            let (c0, c1) = (self.cols[o * 2], self.cols[o * 2 + 1]);
            for (e, s) in values.chunks_exact(2).enumerate() {
                let (a, b) = (c0 + s[0], c1 + s[1]);
                if let Some(fl) = &self.floor
                    && (fl.prefix_best[0] + a < fl.least[0] || fl.prefix_best[1] + b < fl.least[1])
                {
                    continue;
                }
                f(a, b, (o as u32, e as u32));
            }
        }
    }

    /// Bounds on the candidates' first coordinate (exact without floors: sums are monotone).
    fn first_range(&self) -> (f64, f64) {
        let (lo, hi) = self
            .next
            .values
            .chunks_exact(2)
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), s| {
                (lo.min(s[0]), hi.max(s[0]))
            });
        let (clo, chi) = self
            .options
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), &o| {
                (l.min(self.cols[o * 2]), h.max(self.cols[o * 2]))
            });
        (clo + lo, chi + hi)
    }
}

/// Two coordinates: writes to `out` the candidates (in candidate order) except some that
/// another candidate `y` dominates *deeply*: `y >= x` exactly in both coordinates and by more
/// than the tolerance in one. Dropping those changes nothing that [`reduce`] computes: `x` is
/// not kept, and whatever `x` dominates, `y` dominates too (`y_j >= x_j >= z_j - tol`,
/// `y_q >= x_q > z_q + tol`), so no kept point loses its dominator; since deep dominance is
/// transitive, a dropped witness always has a kept one above it. A vector that is kept keeps
/// every one of its candidates, so its edges are the same.
///
/// Witnesses come from buckets of the first coordinate (a monotone bucket function, so a higher
/// bucket means a strictly larger first coordinate): `x` is dropped when a higher bucket holds a
/// second coordinate above `x_2 + tol`, or when a bucket two higher, whose first coordinates
/// all exceed `x_1 + tol`, holds one at least `x_2`. Two linear passes; they leave about the
/// points near the upper envelope (on the synthetic 200 × 10 scenario, 1.7 million of 15
/// million candidates, of which 1.6 million are kept), which the exact sort and sweep then
/// handle.
fn thin_pairs(pairs: &Pairs, out: &mut (Vec<f64>, Vec<(u32, u32)>), buckets: &mut Buckets) {
    out.0.clear();
    out.1.clear();
    let n = pairs.options.len() * pairs.next.len();
    let (lo, hi) = pairs.first_range();
    let count = (n / CANDIDATES_PER_BUCKET).min(((hi - lo) / (16.0 * TOLERANCE)) as usize);
    if count < 4 {
        pairs.each(|a, b, edge| {
            out.0.extend_from_slice(&[a, b]);
            out.1.push(edge);
        });
        return;
    }
    let scale = count as f64 / (hi - lo);
    // Monotone: each operation is, and `as` saturates. (A signed conversion is one
    // instruction; an unsigned one is several.)
    let last = count as i64 - 1;
    let bucket = |x: f64| (((x - lo) * scale) as i64).clamp(0, last) as usize;
    let Buckets {
        max_second,
        min_first,
    } = buckets;
    max_second.clear();
    max_second.resize(count + 2, f64::NEG_INFINITY);
    min_first.clear();
    min_first.resize(count + 2, f64::INFINITY);
    pairs.each(|a, b, _| {
        let k = bucket(a);
        if b > max_second[k] {
            max_second[k] = b;
        }
        if a < min_first[k] {
            min_first[k] = a;
        }
    });
    for k in (0..count).rev() {
        max_second[k] = max_second[k].max(max_second[k + 1]);
        min_first[k] = min_first[k].min(min_first[k + 1]);
    }
    pairs.each(|a, b, edge| {
        let k = bucket(a);
        let deep = max_second[k + 1] > b + TOLERANCE
            || (max_second[k + 2] >= b && min_first[k + 2] > a + TOLERANCE);
        if !deep {
            out.0.extend_from_slice(&[a, b]);
            out.1.push(edge);
        }
    });
}

/// Two ordered coordinates and a candidate index.
type SortKey = (u64, u64, u32);

/// Sorts keys that come in a few ascending runs (each option's candidates are the next layer,
/// already sorted, shifted by a constant) by merging the runs with a heap: `O(n log runs)`.
/// Many runs (rounding can break one): a plain sort.
fn merge_natural_runs(mut keys: Vec<SortKey>) -> Vec<u32> {
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;
    let mut starts = vec![0];
    for k in 1..keys.len() {
        if keys[k] < keys[k - 1] {
            starts.push(k);
        }
    }
    if starts.len() > 64 {
        keys.sort_unstable();
        return keys.into_iter().map(|(_, _, k)| k).collect();
    }
    let ends: Vec<usize> = starts
        .iter()
        .skip(1)
        .copied()
        .chain(std::iter::once(keys.len()))
        .collect();
    let mut pos = starts.clone();
    let mut heap: BinaryHeap<Reverse<(SortKey, usize)>> = BinaryHeap::new();
    for (r, &p) in pos.iter().enumerate() {
        if p < ends[r] {
            heap.push(Reverse((keys[p], r)));
        }
    }
    let mut out = Vec::with_capacity(keys.len());
    // Replace the top in place (one sift) instead of a pop and a push (two).
    while let Some(mut top) = heap.peek_mut() {
        let Reverse((k, r)) = *top;
        out.push(k.2);
        pos[r] += 1;
        if pos[r] < ends[r] {
            *top = Reverse((keys[pos[r]], r));
        } else {
            std::collections::binary_heap::PeekMut::pop(top);
        }
    }
    out
}

/// Which of the distinct vectors (sorted descending lexicographically) no other one dominates.
pub fn undominated(dims: usize, pts: &[&[f64]]) -> Vec<bool> {
    let n = pts.len();
    match dims {
        0 => vec![true; n],
        1 => {
            let best = pts.iter().map(|p| p[0]).fold(f64::NEG_INFINITY, f64::max);
            pts.iter().map(|p| p[0] >= best - TOLERANCE).collect()
        }
        2 => {
            // x is dominated iff some y with y1 > x1 + tol has y2 >= x2 - tol, or some y with
            // y1 >= x1 - tol has y2 > x2 + tol. Both sets are prefixes of the order.
            let mut prefix_max = Vec::with_capacity(n);
            let mut m = f64::NEG_INFINITY;
            for p in pts {
                m = m.max(p[1]);
                prefix_max.push(m);
            }
            let max_before = |end: usize| {
                if end == 0 {
                    f64::NEG_INFINITY
                } else {
                    prefix_max[end - 1]
                }
            };
            // Both prefixes only grow as x[0] decreases: two pointers.
            let (mut strictly_above, mut weakly_above) = (0, 0);
            pts.iter()
                .map(|x| {
                    while strictly_above < n && pts[strictly_above][0] > x[0] + TOLERANCE {
                        strictly_above += 1;
                    }
                    while weakly_above < n && pts[weakly_above][0] >= x[0] - TOLERANCE {
                        weakly_above += 1;
                    }
                    !(max_before(strictly_above) >= x[1] - TOLERANCE
                        || max_before(weakly_above) > x[1] + TOLERANCE)
                })
                .collect()
        }
        3 => undominated_3d(pts),
        _ => undominated_kd(dims, pts),
    }
}

/// Any number of coordinates: a k-d tree over all candidates, each node holding the largest
/// value of every coordinate below it, answers "does some candidate dominate x?" by visiting
/// only nodes that could hold a point at least `x - tol` everywhere and above `x + tol`
/// somewhere. Exact per the definition (every candidate is a potential dominator).
fn undominated_kd(dims: usize, pts: &[&[f64]]) -> Vec<bool> {
    const LEAF: usize = 16;
    struct Node {
        lo: usize,
        hi: usize,
        children: Option<(usize, usize)>,
    }
    let n = pts.len();
    let mut idx: Vec<usize> = (0..n).collect();
    let mut nodes: Vec<Node> = Vec::new();
    let mut maxes: Vec<f64> = Vec::new();
    // Build iteratively: (node, depth).
    nodes.push(Node {
        lo: 0,
        hi: n,
        children: None,
    });
    let mut stack = vec![(0usize, 0usize)];
    while let Some((node, depth)) = stack.pop() {
        let (lo, hi) = (nodes[node].lo, nodes[node].hi);
        if hi - lo > LEAF {
            let axis = depth % dims;
            let mid = lo + (hi - lo) / 2;
            idx[lo..hi]
                .select_nth_unstable_by(mid - lo, |&a, &b| pts[a][axis].total_cmp(&pts[b][axis]));
            let left = nodes.len();
            nodes.push(Node {
                lo,
                hi: mid,
                children: None,
            });
            nodes.push(Node {
                lo: mid,
                hi,
                children: None,
            });
            nodes[node].children = Some((left, left + 1));
            stack.push((left, depth + 1));
            stack.push((left + 1, depth + 1));
        }
    }
    maxes.resize(nodes.len() * dims, f64::NEG_INFINITY);
    // Children come after parents: fill maxes backwards.
    for node in (0..nodes.len()).rev() {
        match nodes[node].children {
            None => {
                for &q in &idx[nodes[node].lo..nodes[node].hi] {
                    for j in 0..dims {
                        let m = &mut maxes[node * dims + j];
                        *m = m.max(pts[q][j]);
                    }
                }
            }
            Some((a, b)) => {
                for j in 0..dims {
                    maxes[node * dims + j] = maxes[a * dims + j].max(maxes[b * dims + j]);
                }
            }
        }
    }
    let mut keep = vec![true; n];
    let mut stack: Vec<usize> = Vec::new();
    for (k, x) in pts.iter().enumerate() {
        stack.clear();
        stack.push(0);
        'search: while let Some(node) = stack.pop() {
            let m = &maxes[node * dims..(node + 1) * dims];
            if m.iter().zip(x.iter()).any(|(m, x)| *m < x - TOLERANCE)
                || m.iter().zip(x.iter()).all(|(m, x)| *m <= x + TOLERANCE)
            {
                continue;
            }
            match nodes[node].children {
                Some((a, b)) => {
                    stack.push(a);
                    stack.push(b);
                }
                None => {
                    for &q in &idx[nodes[node].lo..nodes[node].hi] {
                        if q != k && crate::pareto::dominates(pts[q], x) {
                            keep[k] = false;
                            break 'search;
                        }
                    }
                }
            }
        }
    }
    keep
}

/// A key that orders floats like `f64::total_cmp`.
fn ordered(x: f64) -> u64 {
    let b = x.to_bits();
    if b >> 63 == 1 { !b } else { b | (1 << 63) }
}

/// Three coordinates, sorted descending by the first: a sweep that keeps the (second, third)
/// coordinates of the points already well above (by more than the tolerance in the first) in a
/// staircase, answering "is some settled point at least this high in both?" in `O(log n)`.
/// Points within the tolerance in the first coordinate are compared directly.
fn undominated_3d(pts: &[&[f64]]) -> Vec<bool> {
    use std::collections::BTreeMap;
    let n = pts.len();
    // key: ordered(second) -> third; along increasing keys the values strictly decrease.
    let mut stairs: BTreeMap<u64, f64> = BTreeMap::new();
    let mut keep = vec![false; n];
    let (mut settled, mut hi) = (0, 0);
    for (k, x) in pts.iter().enumerate() {
        // Settle every point whose first coordinate is above x's by more than the tolerance.
        while settled < n && pts[settled][0] > x[0] + TOLERANCE {
            if keep[settled] {
                insert_stair(&mut stairs, pts[settled][1], pts[settled][2]);
            }
            settled += 1;
        }
        let above = stairs
            .range(ordered(x[1] - TOLERANCE)..)
            .next()
            .is_some_and(|(_, &third)| third >= x[2] - TOLERANCE);
        while hi < n && pts[hi][0] >= x[0] - TOLERANCE {
            hi += 1;
        }
        let near = (settled..hi).any(|q| q != k && crate::pareto::dominates(pts[q], x));
        keep[k] = !(above || near);
    }
    keep
}

/// Adds `(a, b)` to a staircase unless a point at least as high in both is there; removes the
/// points it covers.
fn insert_stair(stairs: &mut std::collections::BTreeMap<u64, f64>, a: f64, b: f64) {
    let key = ordered(a);
    if stairs.range(key..).next().is_some_and(|(_, &v)| v >= b) {
        return;
    }
    let covered: Vec<u64> = stairs
        .range(..=key)
        .rev()
        .take_while(|(_, v)| **v <= b)
        .map(|(k, _)| *k)
        .collect();
    for c in covered {
        stairs.remove(&c);
    }
    stairs.insert(key, b);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tables::PartyTable;
    use accord_model::PartyIx;
    use proptest::prelude::*;

    /// Additive tables from per-party `[issue][option]` contributions.
    fn tables(contributions: Vec<Vec<Vec<f64>>>) -> Tables {
        let radix = contributions[0].iter().map(Vec::len).collect::<Vec<_>>();
        let parties = contributions
            .into_iter()
            .enumerate()
            .map(|(p, contributions)| PartyTable {
                party: PartyIx::from_usize(p),
                signatory: true,
                walk_away: 0.0,
                red_line: contributions.iter().map(|r| vec![false; r.len()]).collect(),
                contributions,
                interactions: Vec::new(),
            })
            .collect();
        Tables {
            radix,
            parties,
            cancel: accord_model::Cancel::never(),
        }
    }

    /// Contributions on a coarse grid (so sums tie exactly), some nudged by multiples of
    /// 4e-10 (so they tie within the tolerance, or just miss it, and chains of near-ties form).
    fn contributions(parties: usize) -> impl Strategy<Value = Vec<Vec<Vec<f64>>>> {
        let value = (
            0u32..=8,
            prop::sample::select(vec![0i32, 0, 0, 1, -1, 2, 3, -3]),
        )
            .prop_map(|(k, nudge)| (f64::from(k) / 8.0 + f64::from(nudge) * 4e-10).max(0.0));
        let issue = (2usize..=5).prop_flat_map(move |k| {
            prop::collection::vec(prop::collection::vec(value.clone(), k), parties)
        });
        prop::collection::vec(issue, 1..=6).prop_map(|issues| {
            // [issue][party][option] -> [party][issue][option]
            let parties = issues[0].len();
            (0..parties)
                .map(|p| issues.iter().map(|i| i[p].clone()).collect())
                .collect()
        })
    }

    fn same_layers(a: &Layers, b: &Layers) -> Result<(), TestCaseError> {
        prop_assert_eq!(a.layers.len(), b.layers.len());
        for (x, y) in a.layers.iter().zip(&b.layers) {
            let bits = |l: &Layer| l.values.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
            prop_assert_eq!(bits(x), bits(y));
            prop_assert_eq!(&x.start, &y.start);
            prop_assert_eq!(&x.edges, &y.edges);
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

        /// The two-party thinning gives the general path's layers, bit for bit, with or
        /// without floors and an ε-grid.
        #[test]
        fn two_party_thinning_keeps_the_general_layers(
            c in contributions(2),
            floors in prop::option::of((0u32..=8, 0u32..=8)),
            epsilon in prop::option::of(prop::sample::select(vec![0.05, 0.2])),
        ) {
            let t = tables(c);
            let floors = floors.map(|(a, b)| vec![f64::from(a) / 4.0, f64::from(b) / 4.0]);
            let build = |thin| {
                Layers::build_with(&t, t.all_options(), &[0, 1], floors.clone(), epsilon, thin)
                    .expect("small")
            };
            same_layers(&build(true), &build(false))?;
        }
    }

    /// [`Layers::first_passing`] as a plain scan of every suffix.
    fn first_passing_by_scan(l: &Layers, test: &dyn Fn(&[f64]) -> bool) -> Option<Vec<usize>> {
        let (m, d) = (l.layers.len() - 1, l.dims);
        let mut prefix = vec![0.0; d];
        let mut out = Vec::new();
        for i in 0..m {
            let next = &l.layers[i + 1];
            let chosen = l.options[i].iter().copied().find(|&o| {
                (0..next.len()).any(|e| {
                    let v: Vec<f64> = (0..d)
                        .map(|j| prefix[j] + l.cols[i][o * d + j] + next.values[e * d + j])
                        .collect();
                    l.meets_floors(&v) && test(&v)
                })
            })?;
            for (p, c) in prefix.iter_mut().zip(&l.cols[i][chosen * d..]) {
                *p += c;
            }
            out.push(chosen);
        }
        Some(out)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

        /// Searching through the corner trees finds what a scan of every suffix finds, for
        /// each solution's test and for a threshold on the sum.
        #[test]
        fn corner_search_matches_a_scan(
            c in (2usize..=3).prop_flat_map(contributions),
            floor in 0u32..=8,
            threshold in 0u32..=16,
        ) {
            let t = tables(c);
            let parties: Vec<usize> = (0..t.parties.len()).collect();
            let floors = vec![f64::from(floor) / 8.0; parties.len()];
            let l = Layers::build(&t, t.all_options(), &parties, Some(floors.clone()), None)
                .expect("small");
            let at_least = f64::from(threshold) / 8.0;
            let sum = move |u: &[f64]| u.iter().sum::<f64>() >= at_least;
            prop_assert_eq!(l.first_passing(&sum), first_passing_by_scan(&l, &sum));
            let front = l.front_meeting_floors();
            if let Some(targets) = crate::solutions::Targets::new(front.iter().map(|(_, u)| *u), floors) {
                for c in crate::BargainingSolution::ALL {
                    let test = |u: &[f64]| targets.reached(c, u);
                    prop_assert_eq!(l.first_passing(&test), first_passing_by_scan(&l, &test));
                }
            }
        }
    }

    #[test]
    fn first_outcomes_walk_every_entry() {
        let c = (0..6)
            .map(|i| {
                (0..3)
                    .map(|o| f64::from((i * 7 + o * 5) % 11) / 10.0)
                    .collect::<Vec<_>>()
            })
            .collect::<Vec<_>>();
        let mirrored = c
            .iter()
            .map(|r| r.iter().rev().copied().collect())
            .collect();
        let t = tables(vec![c, mirrored]);
        let l = Layers::build(&t, t.all_options(), &[0, 1], None, None).expect("small");
        assert!(l.layers[0].len() > 1);
        let each: Vec<Vec<usize>> = l.front().map(|(e, _)| l.first_outcome(e)).collect();
        assert_eq!(l.first_outcomes(), each);
    }

    #[test]
    fn thinning_drops_deeply_dominated_candidates_only() {
        // A staircase plus two options, the second lower by far in both coordinates: its
        // candidates are dominated deeply, except where they stick out past the first's ends.
        let next = Layer {
            values: (0..200)
                .flat_map(|k| [1.0 - f64::from(k) / 200.0, f64::from(k) / 200.0])
                .collect(),
            start: (0..=200).collect(),
            edges: vec![(0, 0); 200],
        };
        let thin = |cols: &[f64]| {
            let pairs = Pairs {
                options: &[0, 1],
                cols,
                next: &next,
                floor: None,
            };
            let mut out = Default::default();
            thin_pairs(&pairs, &mut out, &mut Buckets::default());
            out.1
        };
        let kept = thin(&[0.3, 0.3, 0.0, 0.0]);
        assert!(kept.len() < 300, "kept {}", kept.len());
        assert!((0..200).all(|e| kept.contains(&(0, e))));
        // Within the tolerance of each other, nothing is dropped.
        assert_eq!(thin(&[5e-10, 5e-10, 0.0, 0.0]).len(), 400);
    }
}

//! Dominance with the spec's tolerance, a streaming Pareto archive, and the frontier's order.
//!
//! `x` dominates `y` when every `x_p >= y_p - 1e-9` and some `x_q > y_q + 1e-9`
//! (`analysis.md`: utilities within 1e-9 are equal). With a tolerance this relation is not
//! transitive in theory; in practice utilities that are "equal" differ by rounding (~1e-16) and
//! others by far more than 1e-9, and then every algorithm here is exact. Tests use such data.

use std::cmp::Ordering;
use std::collections::{BTreeSet, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Bound::{self, Excluded, Included, Unbounded};

use accord_model::TOLERANCE;

/// Whether `a` dominates `b` (same length).
#[inline]
pub fn dominates(a: &[f64], b: &[f64]) -> bool {
    let mut strict = false;
    for (x, y) in a.iter().zip(b) {
        if *x < *y - TOLERANCE {
            return false;
        }
        if *x > *y + TOLERANCE {
            strict = true;
        }
    }
    strict
}

/// Whether two utility vectors are equal within the tolerance.
#[inline]
pub fn tolerably_equal(a: &[f64], b: &[f64]) -> bool {
    a.iter().zip(b).all(|(x, y)| (x - y).abs() <= TOLERANCE)
}

/// Non-dominated points seen so far, each with the rank (position in outcome order) of its
/// outcome. Points with equal vectors are all kept, unless `distinct`, where the lowest rank
/// wins.
///
/// An offered point is refused when its rank is already there or some point dominates it; in
/// `distinct` mode, one that is tolerably equal to a point of lower rank is refused too, and one
/// tolerably equal to a point of higher rank takes its place. A point that is kept removes the
/// points it dominates. So the points never dominate each other.
///
/// Two coordinates: a staircase (`Stairs`), `O(log n)` per operation plus the points removed.
/// More: a list scanned linearly (`Linear`), `O(n)` per operation, so `O(n^2)` for a frontier
/// of `n` points (about a minute for 1e5 points on one core).
///
/// The list checks its points one by one in storage order, so with `distinct` it can let a
/// point replace its twin before reaching a point that dominates it (the staircase refuses it).
/// That takes near-ties that chain (points 1e-9 apart in a row, not all within 1e-9 of one
/// another); the property tests check that the two agree everywhere else, and through chains
/// without `distinct`.
#[derive(Clone, Debug)]
pub struct Archive(Inner);

#[derive(Clone, Debug)]
enum Inner {
    Linear(Linear),
    Stairs(Stairs),
}

impl Archive {
    /// An empty archive of `dims`-dimensional points.
    pub fn new(dims: usize, distinct: bool) -> Self {
        if dims == 2 {
            Archive(Inner::Stairs(Stairs::new(distinct)))
        } else {
            Archive(Inner::Linear(Linear::new(dims, distinct)))
        }
    }

    /// The linear archive whatever the dimension (what the staircase is tested against).
    #[cfg(test)]
    pub(crate) fn linear(dims: usize, distinct: bool) -> Self {
        Archive(Inner::Linear(Linear::new(dims, distinct)))
    }

    /// Number of points.
    pub fn len(&self) -> usize {
        match &self.0 {
            Inner::Linear(a) => a.len(),
            Inner::Stairs(a) => a.points.len(),
        }
    }

    /// Whether it holds no point.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Offers a point; returns whether it was kept.
    pub fn insert(&mut self, u: &[f64], rank: u64) -> bool {
        match &mut self.0 {
            Inner::Linear(a) => a.insert(u, rank),
            Inner::Stairs(a) => a.insert([u[0], u[1]], rank),
        }
    }

    /// Whether some point dominates `u`.
    pub fn dominated(&mut self, u: &[f64]) -> bool {
        match &mut self.0 {
            Inner::Linear(a) => a.dominated(u),
            Inner::Stairs(a) => a.dominated([u[0], u[1]]),
        }
    }

    /// Adds every point of another archive.
    pub fn absorb(&mut self, other: Archive) {
        match (&mut self.0, other.0) {
            (Inner::Stairs(a), Inner::Stairs(b)) => {
                for (x, y, rank) in b.points {
                    a.insert([unkey(x), unkey(y)], rank);
                }
            }
            (_, b) => {
                for (rank, u) in Archive(b).into_points() {
                    self.insert(&u, rank);
                }
            }
        }
    }

    /// The points as `(rank, utilities)`.
    pub fn into_points(self) -> Vec<(u64, Vec<f64>)> {
        match self.0 {
            Inner::Linear(a) => (0..a.len())
                .map(|k| (a.ranks[k], a.point(k).to_vec()))
                .collect(),
            Inner::Stairs(a) => a
                .points
                .iter()
                .map(|&(x, y, rank)| (rank, vec![unkey(x), unkey(y)]))
                .collect(),
        }
    }
}

/// The archive as a list, for any number of coordinates.
#[derive(Clone, Debug)]
struct Linear {
    dims: usize,
    distinct: bool,
    values: Vec<f64>,
    ranks: Vec<u64>,
    /// The point that last rejected a candidate: consecutive outcomes are alike, so it is
    /// tried first.
    last_hit: usize,
}

impl Linear {
    fn new(dims: usize, distinct: bool) -> Self {
        Linear {
            dims,
            distinct,
            values: Vec::new(),
            ranks: Vec::new(),
            last_hit: 0,
        }
    }

    fn len(&self) -> usize {
        self.ranks.len()
    }

    fn point(&self, k: usize) -> &[f64] {
        &self.values[k * self.dims..(k + 1) * self.dims]
    }

    fn insert(&mut self, u: &[f64], rank: u64) -> bool {
        let n = self.len();
        if self.last_hit < n && dominates(self.point(self.last_hit), u) {
            return false;
        }
        for k in 0..n {
            if self.ranks[k] == rank {
                // The same outcome again (a seed, or a point offered twice).
                return false;
            }
            let p = self.point(k);
            if dominates(p, u) {
                self.last_hit = k;
                return false;
            }
            if self.distinct && tolerably_equal(p, u) {
                if self.ranks[k] <= rank {
                    return false;
                }
                self.ranks[k] = rank;
                self.values[k * self.dims..(k + 1) * self.dims].copy_from_slice(u);
                self.remove_dominated_by(k);
                return true;
            }
        }
        self.values.extend_from_slice(u);
        self.ranks.push(rank);
        self.remove_dominated_by(n);
        true
    }

    fn dominated(&mut self, u: &[f64]) -> bool {
        let n = self.len();
        if self.last_hit < n && dominates(self.point(self.last_hit), u) {
            return true;
        }
        for k in 0..n {
            if dominates(self.point(k), u) {
                self.last_hit = k;
                return true;
            }
        }
        false
    }

    /// Removes every point that point `k` dominates.
    fn remove_dominated_by(&mut self, k: usize) {
        let d = self.dims;
        let pivot: Vec<f64> = self.point(k).to_vec();
        let mut write = 0;
        for read in 0..self.len() {
            let keep = read == k || !dominates(&pivot, &self.values[read * d..(read + 1) * d]);
            if keep {
                if write != read {
                    self.values.copy_within(read * d..(read + 1) * d, write * d);
                    self.ranks[write] = self.ranks[read];
                }
                write += 1;
            }
        }
        self.values.truncate(write * d);
        self.ranks.truncate(write);
        self.last_hit = 0;
    }
}

/// The two-coordinate archive: points `(x, y, rank)` in a B-tree ordered by `x`, then `y`, then
/// rank (so equal vectors are neighbours), with the set of ranks.
///
/// Every query rests on one fact: the points never dominate each other, so a point `a` with
/// `a.x > b.x + tol` has `a.y < b.y - tol` (else `a` would dominate `b`). Hence the largest `y`
/// over the points with `x >= t` is found within `tol` of the first of them, `L`: every point
/// further right is lower than `L`. Such windows hold only near-ties, and a run of equal vectors
/// is stepped over in one `O(log n)` jump.
///
/// Keys are [`key`]s, which order like the values and count `-0.0` as `0.0` (equal under every
/// comparison here), so key ranges and float comparisons agree.
#[derive(Clone, Debug)]
struct Stairs {
    distinct: bool,
    points: BTreeSet<Key>,
    ranks: HashSet<u64, BuildHasherDefault<RankHasher>>,
}

impl Stairs {
    fn new(distinct: bool) -> Self {
        Stairs {
            distinct,
            points: BTreeSet::new(),
            ranks: HashSet::default(),
        }
    }

    /// The first point of each run of equal vectors from `from` up, in order (so the lowest
    /// rank of each). A run costs one step and one jump.
    fn vectors_up(&self, from: Bound<Key>) -> impl Iterator<Item = Key> + '_ {
        let mut iter = self.points.range((from, Unbounded));
        let mut last = None;
        std::iter::from_fn(move || {
            loop {
                let &(x, y, rank) = iter.next()?;
                if last == Some((x, y)) {
                    iter = self.points.range((Excluded((x, y, u64::MAX)), Unbounded));
                    continue;
                }
                last = Some((x, y));
                return Some((x, y, rank));
            }
        })
    }

    /// The last point of each run of equal vectors from `to` down, in order.
    fn vectors_down(&self, to: Bound<Key>) -> impl Iterator<Item = Key> + '_ {
        let mut iter = self.points.range((Unbounded, to));
        let mut last = None;
        std::iter::from_fn(move || {
            loop {
                let &(x, y, rank) = iter.next_back()?;
                if last == Some((x, y)) {
                    iter = self.points.range((Unbounded, Excluded((x, y, 0))));
                    continue;
                }
                last = Some((x, y));
                return Some((x, y, rank));
            }
        })
    }

    /// Whether some point dominates `u`, that is (exactly [`dominates`], case by case) some
    /// point with `x >= u.x - tol` is above `u.y + tol`, or some point with `x > u.x + tol` is
    /// at least `u.y - tol`. The highest point of either set is within `tol` of its first
    /// point (by `x`), and the first points are within `2 tol` of each other: one short scan.
    fn dominated(&self, u: [f64; 2]) -> bool {
        self.scan(u).is_none()
    }

    /// The scan of [`Stairs::dominated`]: `None` when some point dominates `u`, else the first
    /// point (by `x`) tolerably equal to `u`, if any (the scan covers `x` within `tol` of
    /// `u.x`). With `distinct` there is at most one unless near-ties chain.
    fn scan(&self, u: [f64; 2]) -> Option<Option<Key>> {
        let (left, right) = (u[0] - TOLERANCE, u[0] + TOLERANCE);
        let mut edge: Option<f64> = None;
        let mut twin = None;
        for first in self.vectors_up(Included((key(left), 0, 0))) {
            let (x, y) = (unkey(first.0), unkey(first.1));
            if y > u[1] + TOLERANCE {
                return None;
            }
            if x > right {
                // Past `tol` beyond the first point right of `u.x + tol`: past both windows.
                if x > *edge.get_or_insert(x + TOLERANCE) {
                    break;
                }
                if y >= u[1] - TOLERANCE {
                    return None;
                }
            } else if twin.is_none() && tolerably_equal(&[x, y], &u) {
                twin = Some(first);
            }
        }
        Some(twin)
    }

    fn insert(&mut self, u: [f64; 2], rank: u64) -> bool {
        if self.ranks.contains(&rank) {
            return false;
        }
        let Some(twin) = self.scan(u) else {
            return false;
        };
        if self.distinct
            && let Some(twin) = twin
        {
            if twin.2 <= rank {
                return false;
            }
            self.points.remove(&twin);
            self.ranks.remove(&twin.2);
        }
        self.points.insert((key(u[0]), key(u[1]), rank));
        self.ranks.insert(rank);
        self.remove_dominated_by(u);
        true
    }

    /// Removes the points that `u` dominates: they lie at most `tol` to its right, and going
    /// left they end within `tol` of the first point more than `tol` above `u` (past that, every
    /// point is higher still).
    fn remove_dominated_by(&mut self, u: [f64; 2]) {
        let mut stop: Option<f64> = None;
        let mut dropped: Vec<Key> = Vec::new();
        let from = Included((key(u[0] + TOLERANCE), u64::MAX, u64::MAX));
        for (kx, ky, _) in self.vectors_down(from) {
            let p = [unkey(kx), unkey(ky)];
            if stop.is_some_and(|s| p[0] < s) {
                break;
            }
            if dominates(&u, &p) {
                // The whole run of this vector.
                dropped.extend(self.points.range((kx, ky, 0)..=(kx, ky, u64::MAX)));
            } else if p[1] > u[1] + TOLERANCE && stop.is_none() {
                stop = Some(p[0] - TOLERANCE);
            }
        }
        for d in dropped {
            self.points.remove(&d);
            self.ranks.remove(&d.2);
        }
    }
}

/// Hashes a rank with splitmix64's finalizer: every input bit moves high and low output bits
/// alike (strided ranks must not share buckets), at a fraction of SipHash's cost. Ranks are not
/// chosen by an adversary.
#[derive(Clone, Copy, Debug, Default)]
struct RankHasher(u64);

impl Hasher for RankHasher {
    fn finish(&self) -> u64 {
        let mut x = self.0;
        x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        x ^ (x >> 31)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 ^= n;
    }
}

/// A point of [`Stairs`]: keys of `x` and `y`, and the rank.
type Key = (u64, u64, u64);

/// A key that orders floats like `f64::total_cmp`, with `-0.0` taken as `0.0`.
fn key(x: f64) -> u64 {
    let b = (x + 0.0).to_bits();
    if b >> 63 == 1 { !b } else { b | (1 << 63) }
}

/// The float of a [`key`].
fn unkey(k: u64) -> f64 {
    f64::from_bits(if k >> 63 == 1 { k & !(1 << 63) } else { !k })
}

/// Sorts frontier entries into the spec's order: descending utility of the first party, ties
/// (within the tolerance) in outcome order. `key(e)` gives the first party's utility (or `None`
/// when there is no party) and `order(a, b)` compares outcomes.
///
/// Sorting by exact value first and then re-sorting each run of values that are chained within
/// the tolerance keeps the comparison a total order (a comparator that used the tolerance
/// directly would not be one).
pub fn sort_frontier<T>(
    entries: &mut [T],
    key: impl Fn(&T) -> Option<f64>,
    order: impl Fn(&T, &T) -> Ordering,
) {
    entries.sort_by(|a, b| match (key(a), key(b)) {
        (Some(x), Some(y)) => y.total_cmp(&x).then_with(|| order(a, b)),
        _ => order(a, b),
    });
    let mut start = 0;
    while start < entries.len() {
        let mut end = start + 1;
        while end < entries.len() {
            match (key(&entries[end - 1]), key(&entries[end])) {
                (Some(x), Some(y)) if (x - y).abs() <= TOLERANCE => end += 1,
                _ => break,
            }
        }
        entries[start..end].sort_by(&order);
        start = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A vector per rank (the same outcome always has the same utilities): on a grid of
    /// eighths, so that ties are common, each coordinate moved by `nudge` times one of the
    /// given steps.
    fn vectors(steps: Vec<f64>) -> impl Strategy<Value = Vec<[f64; 2]>> {
        let coordinate = (0u32..=8, prop::sample::select(steps))
            .prop_map(|(k, nudge)| f64::from(k) / 8.0 + nudge);
        prop::collection::vec([coordinate.clone(), coordinate], 1..40)
    }

    /// Inserts (a rank) and dominance queries (any point, near-ties of the grid included).
    #[derive(Clone, Debug)]
    enum Op {
        Insert(u64),
        Query([f64; 2]),
    }

    fn ops(ranks: usize) -> impl Strategy<Value = Vec<Op>> {
        let near = prop::sample::select(vec![0.0, 1e-12, -1e-12, 5e-10, -5e-10, 1e-9, -1e-9, 2e-9]);
        let point = (0u32..=16, near.clone(), 0u32..=16, near)
            .prop_map(|(a, da, b, db)| [f64::from(a) / 16.0 + da, f64::from(b) / 16.0 + db]);
        let op = prop_oneof![
            3 => (0..ranks as u64).prop_map(Op::Insert),
            1 => point.prop_map(Op::Query),
        ];
        prop::collection::vec(op, 0..80)
    }

    /// Runs `ops` on both archives, comparing every answer; returns them.
    fn run_both(
        v: &[[f64; 2]],
        ops: &[Op],
        distinct: bool,
    ) -> Result<(Archive, Archive), TestCaseError> {
        let (mut stairs, mut linear) = (Archive::new(2, distinct), Archive::linear(2, distinct));
        prop_assert!(matches!(stairs.0, Inner::Stairs(_)));
        for op in ops {
            match op {
                Op::Insert(r) => {
                    let u = &v[*r as usize];
                    prop_assert_eq!(stairs.insert(u, *r), linear.insert(u, *r), "{:?}", op);
                }
                Op::Query(u) => {
                    prop_assert_eq!(stairs.dominated(u), linear.dominated(u), "{:?}", op);
                }
            }
            prop_assert_eq!(stairs.len(), linear.len());
        }
        Ok((stairs, linear))
    }

    fn sorted_points(a: Archive) -> Vec<(u64, Vec<u64>)> {
        let mut p: Vec<(u64, Vec<u64>)> = a
            .into_points()
            .into_iter()
            .map(|(r, u)| (r, u.iter().map(|x| x.to_bits()).collect()))
            .collect();
        p.sort();
        p
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

        /// With equal utilities differing by rounding only (as sums in another order do), the
        /// staircase answers and keeps exactly what the linear archive does, including ties
        /// and `distinct`'s lowest rank, and after absorbing another archive.
        #[test]
        fn staircase_matches_the_linear_archive(
            (v, a, b) in vectors(vec![0.0, 0.0, 0.0, 1e-13, -1e-13, 2e-13])
                .prop_flat_map(|v| { let n = v.len(); (Just(v), ops(n), ops(n)) }),
            distinct in any::<bool>(),
        ) {
            let (mut s1, mut l1) = run_both(&v, &a, distinct)?;
            let (s2, l2) = run_both(&v, &b, distinct)?;
            s1.absorb(s2);
            l1.absorb(l2);
            prop_assert_eq!(sorted_points(s1), sorted_points(l1));
        }

        /// Without `distinct`, the same even when near-ties chain (points 4e-10 apart, so `a`
        /// ties with `b` and `b` with `c` but `c` is above `a`): both keep every offered point
        /// that no kept point dominates.
        #[test]
        fn staircase_matches_the_linear_archive_through_chains(
            (v, a) in vectors(vec![0.0, 0.0, 4e-10, -4e-10, 8e-10, 1.2e-9])
                .prop_flat_map(|v| { let n = v.len(); (Just(v), ops(n)) }),
        ) {
            let (s, l) = run_both(&v, &a, false)?;
            prop_assert_eq!(sorted_points(s), sorted_points(l));
        }
    }

    #[test]
    fn dominance_uses_the_tolerance() {
        assert!(dominates(&[1.0, 1.0], &[0.5, 1.0]));
        assert!(!dominates(&[1.0, 1.0], &[1.0, 1.0 + 1e-10]));
        assert!(!dominates(&[1.0 + 1e-10, 1.0], &[1.0, 1.0]));
        assert!(dominates(&[1.0 + 1e-8, 1.0 - 1e-10], &[1.0, 1.0]));
    }

    #[test]
    fn archive_keeps_ties_unless_distinct() {
        let mut a = Archive::new(2, false);
        assert!(a.insert(&[0.5, 0.5], 3));
        assert!(a.insert(&[0.5, 0.5], 1));
        assert!(!a.insert(&[0.4, 0.5], 0));
        assert!(a.insert(&[0.6, 0.6], 7));
        assert_eq!(a.into_points(), vec![(7, vec![0.6, 0.6])]);
        let mut d = Archive::new(2, true);
        d.insert(&[0.5, 0.5], 3);
        d.insert(&[0.5, 0.5 + 1e-12], 1);
        d.insert(&[0.9, 0.1], 2);
        let mut pts = d.into_points();
        pts.sort_by_key(|p| p.0);
        assert_eq!(pts.len(), 2);
        assert_eq!(pts[0].0, 1);
    }

    #[test]
    fn frontier_order_breaks_near_ties_by_outcome() {
        let mut v = vec![(0.3, 5u64), (0.30000000000000004, 9), (0.7, 2), (0.3, 1)];
        sort_frontier(&mut v, |e| Some(e.0), |a, b| a.1.cmp(&b.1));
        let ranks: Vec<u64> = v.iter().map(|e| e.1).collect();
        assert_eq!(ranks, vec![2, 1, 5, 9]);
    }
}

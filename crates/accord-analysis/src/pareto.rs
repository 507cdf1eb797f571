//! Dominance with the spec's tolerance, a streaming Pareto archive, and the frontier's order.
//!
//! `x` dominates `y` when every `x_p >= y_p - 1e-9` and some `x_q > y_q + 1e-9`
//! (`analysis.md`: utilities within 1e-9 are equal). With a tolerance this relation is not
//! transitive in theory; in practice utilities that are "equal" differ by rounding (~1e-16) and
//! others by far more than 1e-9, and then every algorithm here is exact. Tests use such data.

use std::cmp::Ordering;

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
#[derive(Clone, Debug)]
pub struct Archive {
    dims: usize,
    distinct: bool,
    values: Vec<f64>,
    ranks: Vec<u64>,
    /// The point that last rejected a candidate: consecutive outcomes are alike, so it is
    /// tried first.
    last_hit: usize,
}

impl Archive {
    /// An empty archive of `dims`-dimensional points.
    pub fn new(dims: usize, distinct: bool) -> Self {
        Archive {
            dims,
            distinct,
            values: Vec::new(),
            ranks: Vec::new(),
            last_hit: 0,
        }
    }

    /// Number of points.
    pub fn len(&self) -> usize {
        self.ranks.len()
    }

    /// Whether it holds no point.
    pub fn is_empty(&self) -> bool {
        self.ranks.is_empty()
    }

    fn point(&self, k: usize) -> &[f64] {
        &self.values[k * self.dims..(k + 1) * self.dims]
    }

    /// Offers a point; returns whether it was kept.
    pub fn insert(&mut self, u: &[f64], rank: u64) -> bool {
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

    /// Whether some point dominates `u`.
    pub fn dominated(&mut self, u: &[f64]) -> bool {
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

    /// Adds every point of another archive.
    pub fn absorb(&mut self, other: Archive) {
        for k in 0..other.len() {
            self.insert(other.point(k), other.ranks[k]);
        }
    }

    /// The points as `(rank, utilities)`.
    pub fn into_points(self) -> Vec<(u64, Vec<f64>)> {
        (0..self.len())
            .map(|k| (self.ranks[k], self.point(k).to_vec()))
            .collect()
    }
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

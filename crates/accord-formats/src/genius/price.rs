//! The early Genius price evaluator (`type="price"`, `EvaluatorPrice`, dropped from later
//! Genius), represented exactly as an accord score plus interactions.
//!
//! Genius evaluates a price `x` in the context of the whole bid: with `cᵢ(o)` the `cost` of the
//! chosen item of discrete issue `i`, `Cᵢ` the largest cost of that issue's items and the
//! profile's `<range lowerbound=lb upperbound=ub>`,
//!
//! ```text
//! e(x, o) = clamp01((x − Σᵢ cᵢ(o) − lb) / D),   D = ((ub − lb − Σᵢ Cᵢ) / lb) · lb
//! ```
//!
//! (`EvaluatorPrice.getEvaluation`: profit over the maximal margin). Unclamped, `e` is
//! additive: a line in the price minus one term per discrete issue. Where the clamp binds it is
//! not, so the import works per price grid point `x_j` and chooses the cheaper of two exact
//! forms:
//!
//! - *linear*: the price score `s_j = clamp01(A_j)`, `A_j = (x_j − Σ min cᵢ − lb) / D`, plus an
//!   interaction `{price = x_j}` worth `A_j − s_j` when the two differ, plus the per-issue
//!   terms `−(cᵢ(o) − min cᵢ) / D` (interactions `{price ∈ run, issue = item}` shared by a run
//!   of neighbouring linear points), plus one correction per outcome where the clamp binds;
//! - *flat*: the price score `s_j` = the most frequent value of `e(x_j, ·)` (0 or 1 where the
//!   clamp binds for most bids), plus one correction per outcome where `e` differs from it.
//!
//! Every bonus is multiplied by `w_price / Σ w`, so that accord's utility
//! `Σ (wᵢ / Σ w)·sᵢ + Σ bonuses` equals Genius's `Σ wᵢ·eᵢ / Σ w` on every outcome (within the
//! rounding of a sum, far below 1e-12).

use crate::draft::{DraftCondition, DraftScore};

/// A price issue and what its evaluation depends on.
pub(super) struct Price {
    /// The position of the price issue.
    pub issue: usize,
    /// The price grid, as accord computes it (`DraftKind::point`).
    pub grid: Vec<f64>,
    /// `lowerbound` of the profile's `<range>`.
    pub lower: f64,
    /// The denominator `D` (positive, finite).
    pub margin: f64,
    /// Every discrete issue whose items' costs differ: its position and the cost of each
    /// option, in option order.
    pub costs: Vec<(usize, Vec<f64>)>,
    /// The cost every bid pays whatever its items (issues whose items all cost the same).
    pub fixed_cost: f64,
    /// `w_price / Σ w`: what one unit of the evaluation is worth in accord's utility.
    pub unit: f64,
}

/// An interaction as the draft holds it.
pub(super) type Interaction = (Vec<(usize, DraftCondition)>, f64);

/// Corrections smaller than this are rounding noise of the sums (utilities stay exact to
/// well within 1e-12).
const NOISE: f64 = 1e-14;

impl Price {
    /// Genius's evaluation of grid point `j` with total item cost `cost`.
    pub fn evaluation(&self, j: usize, cost: f64) -> f64 {
        ((self.grid[j] - cost - self.lower) / self.margin).clamp(0.0, 1.0)
    }

    /// Every combination of the costly issues' options (odometer order), with its total cost.
    fn combinations(&self) -> Vec<(Vec<usize>, f64)> {
        let sizes: Vec<usize> = self.costs.iter().map(|(_, c)| c.len()).collect();
        let count: usize = sizes.iter().product();
        let mut out = Vec::with_capacity(count);
        let mut ix = vec![0usize; sizes.len()];
        for _ in 0..count {
            let cost = self.fixed_cost
                + ix.iter()
                    .zip(&self.costs)
                    .map(|(&j, (_, c))| c[j])
                    .sum::<f64>();
            out.push((ix.clone(), cost));
            for (d, n) in ix.iter_mut().zip(&sizes).rev() {
                *d += 1;
                if *d < *n {
                    break;
                }
                *d = 0;
            }
        }
        out
    }

    /// The number of (price point, bid) pairs the representation walks.
    pub fn work(&self) -> u128 {
        self.grid.len() as u128
            * self
                .costs
                .iter()
                .map(|(_, c)| c.len() as u128)
                .product::<u128>()
    }

    /// The price score (a curve through every grid point) and the interactions that make the
    /// party's utility equal Genius's on every outcome.
    pub fn represent(&self) -> (DraftScore, Vec<Interaction>) {
        let combos = self.combinations();
        let least: Vec<f64> = self
            .costs
            .iter()
            .map(|(_, c)| c.iter().copied().fold(f64::INFINITY, f64::min))
            .collect();
        let least_total = self.fixed_cost + least.iter().sum::<f64>();
        // Per-issue terms of the linear form: −(cᵢ(o) − min cᵢ) / D.
        let beta = |i: usize, o: usize| (self.costs[i].1[o] - least[i]) / self.margin;
        let at = |j: usize| DraftCondition::Range(self.grid[j], self.grid[j]);
        let outcome = |j: usize, ix: &[usize]| {
            let mut when = vec![(self.issue, at(j))];
            when.extend(
                ix.iter()
                    .zip(&self.costs)
                    .map(|(&o, (k, _))| (*k, DraftCondition::AnyOf(vec![o]))),
            );
            when
        };
        let mut curve = Vec::with_capacity(self.grid.len());
        let mut interactions = Vec::new();
        let mut linear_points = Vec::new();
        for j in 0..self.grid.len() {
            let values: Vec<f64> = combos.iter().map(|(_, c)| self.evaluation(j, *c)).collect();
            // Linear form.
            let whole = (self.grid[j] - least_total - self.lower) / self.margin;
            let s_lin = whole.clamp(0.0, 1.0);
            let offset = whole - s_lin;
            let lin_base =
                |ix: &[usize]| whole - ix.iter().enumerate().map(|(i, &o)| beta(i, o)).sum::<f64>();
            let lin_fixes: Vec<(usize, f64)> = combos
                .iter()
                .zip(&values)
                .enumerate()
                .map(|(n, ((ix, _), v))| (n, v - lin_base(ix)))
                .filter(|(_, d)| d.abs() > NOISE)
                .collect();
            // Flat form: the most frequent value (0 and 1 are the clamp's).
            let zeros = values.iter().filter(|&&v| v == 0.0).count();
            let ones = values.iter().filter(|&&v| v == 1.0).count();
            let s_flat = if ones > zeros {
                1.0
            } else if zeros > 0 {
                0.0
            } else {
                values[0]
            };
            let flat_fixes: Vec<(usize, f64)> = values
                .iter()
                .enumerate()
                .map(|(n, v)| (n, v - s_flat))
                .filter(|(_, d)| d.abs() > NOISE)
                .collect();
            let lin_cost = lin_fixes.len() + usize::from(offset.abs() > NOISE);
            let (score, fixes) = if lin_cost < flat_fixes.len() {
                if offset.abs() > NOISE {
                    interactions.push((vec![(self.issue, at(j))], self.unit * offset));
                }
                linear_points.push(j);
                (s_lin, lin_fixes)
            } else {
                (s_flat, flat_fixes)
            };
            curve.push((self.grid[j], score));
            for (n, d) in fixes {
                interactions.push((outcome(j, &combos[n].0), self.unit * d));
            }
        }
        // The per-issue terms, shared by each run of neighbouring linear points; options with
        // the same term share one interaction.
        let mut runs: Vec<(usize, usize)> = Vec::new();
        for &j in &linear_points {
            match runs.last_mut() {
                Some((_, last)) if *last + 1 == j => *last = j,
                _ => runs.push((j, j)),
            }
        }
        for (first, last) in runs {
            let range = DraftCondition::Range(self.grid[first], self.grid[last]);
            for (i, (k, costs)) in self.costs.iter().enumerate() {
                let mut groups: Vec<(f64, Vec<usize>)> = Vec::new();
                for o in 0..costs.len() {
                    let b = beta(i, o);
                    if b == 0.0 {
                        continue;
                    }
                    match groups.iter_mut().find(|(g, _)| *g == b) {
                        Some((_, os)) => os.push(o),
                        None => groups.push((b, vec![o])),
                    }
                }
                for (b, os) in groups {
                    interactions.push((
                        vec![(self.issue, range.clone()), (*k, DraftCondition::AnyOf(os))],
                        -self.unit * b,
                    ));
                }
            }
        }
        (DraftScore::Curve(curve), interactions)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Evaluates the representation the way accord does, on every outcome of a small space.
    #[test]
    fn the_representation_equals_the_formula_on_every_outcome() {
        let p = Price {
            issue: 2,
            grid: (0..9).map(|j| 100.0 + 25.0 * j as f64).collect(),
            lower: 110.0,
            margin: 120.0,
            costs: vec![(0, vec![0.0, 30.0, 60.0]), (1, vec![50.0, 0.0, 50.0, 20.0])],
            fixed_cost: 5.0,
            unit: 0.5,
        };
        let (score, inter) = p.represent();
        let DraftScore::Curve(curve) = score else {
            panic!("a curve")
        };
        for (j, (_, score)) in curve.iter().enumerate() {
            for a in 0..3 {
                for b in 0..4 {
                    let opt = [a, b, j];
                    let holds = |(k, c): &(usize, DraftCondition)| match c {
                        DraftCondition::AnyOf(os) => os.contains(&opt[*k]),
                        DraftCondition::Range(lo, hi) => {
                            *lo <= p.grid[opt[2]] && p.grid[opt[2]] <= *hi
                        }
                    };
                    let bonus: f64 = inter
                        .iter()
                        .filter(|(w, _)| w.iter().all(holds))
                        .map(|(_, b)| b)
                        .sum();
                    let got = p.unit * score + bonus;
                    let cost = 5.0 + [0.0, 30.0, 60.0][a] + [50.0, 0.0, 50.0, 20.0][b];
                    let want = p.unit * ((p.grid[j] - cost - 110.0) / 120.0).clamp(0.0, 1.0);
                    assert!((got - want).abs() < 1e-13, "{j} {a} {b}: {got} {want}");
                }
            }
        }
        assert!(curve.iter().all(|(_, s)| (0.0..=1.0).contains(s)));
    }
}

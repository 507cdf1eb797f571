//! The four bargaining solutions of `analysis.md`, as *targets*: the optimal value of each
//! criterion, and a monotone test "does this agreement reach the optimum (within the
//! tolerance)". The solution is then the first agreement in outcome order that passes the test.
//!
//! Why this split makes every method exact: each optimum is reached on the Pareto frontier of
//! the agreements over the signatories (a point that dominates an agreement is an agreement and
//! does at least as well on every criterion), so the optimum can be read off that frontier. But
//! the tie-break (first outcome in order) may pick an outcome *off* the frontier (an agreement
//! equal for the worst-off party but worse for another one can come first), so the winner is
//! found by a second search for the first agreement that reaches the optimum. Every test here is
//! monotone (raising any signatory's utility never makes it fail), which is what lets the merge
//! method answer "is there a completion that passes?" by looking only at frontier points.
//!
//! Criteria, with gains `g_p = u_p - d_p` over signatories `p` (`d_p` their walk-away):
//! - Nash: the product of the gains, a gain of at most 1e-9 counting as 0 (the utility then
//!   equals the walk-away within the tolerance; without this, two sums of the same utility in
//!   different orders, 1e-16 apart, would give products 0 and 1e-16 that do not tie). Products
//!   tie when they agree to a relative 1e-9.
//! - Kalai–Smorodinsky (JSON key `kalai`): `min_p g_p / (ideal_p - d_p)` over parties with `ideal_p - d_p > 1e-9`; no such
//!   party: every agreement ties. Ties within 1e-9.
//! - egalitarian: `min_p g_p`, ties within 1e-9 broken by the larger sum of `u_p`, ties within
//!   1e-9.
//! - utilitarian: the sum of `u_p`, ties within 1e-9.
//!
//! With no signatory at all, every outcome is an agreement and every criterion ties (empty
//! products are 1, empty minima are +inf), so each solution is the first outcome.

use accord_model::TOLERANCE;

/// One of the four bargaining solutions of `analysis.md`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BargainingSolution {
    /// Nash bargaining solution.
    Nash,
    /// Kalai–Smorodinsky.
    KalaiSmorodinsky,
    /// Egalitarian (max-min gain, then larger sum).
    Egalitarian,
    /// Utilitarian (max sum).
    Utilitarian,
}

impl BargainingSolution {
    /// All four, in report order.
    pub const ALL: [BargainingSolution; 4] = [
        BargainingSolution::Nash,
        BargainingSolution::KalaiSmorodinsky,
        BargainingSolution::Egalitarian,
        BargainingSolution::Utilitarian,
    ];

    /// The JSON key.
    pub fn key(self) -> &'static str {
        match self {
            BargainingSolution::Nash => "nash",
            BargainingSolution::KalaiSmorodinsky => "kalai",
            BargainingSolution::Egalitarian => "egalitarian",
            BargainingSolution::Utilitarian => "utilitarian",
        }
    }

    /// Its name for people ("Nash", "Kalai–Smorodinsky", "Egalitarian", "Utilitarian").
    pub fn name(self) -> &'static str {
        match self {
            BargainingSolution::Nash => "Nash",
            BargainingSolution::KalaiSmorodinsky => "Kalai–Smorodinsky",
            BargainingSolution::Egalitarian => "Egalitarian",
            BargainingSolution::Utilitarian => "Utilitarian",
        }
    }
}

/// The Nash product of gains, each gain within the tolerance of 0 (or below) counted as 0.
pub fn nash_value(u: &[f64], d: &[f64]) -> f64 {
    u.iter()
        .zip(d)
        .map(|(u, d)| if u - d > TOLERANCE { u - d } else { 0.0 })
        .product()
}

/// The Kalai–Smorodinsky ratio (`+inf` when every party is left out).
pub fn kalai_smorodinsky_value(u: &[f64], d: &[f64], ideal: &[f64]) -> f64 {
    let mut m = f64::INFINITY;
    for ((u, d), i) in u.iter().zip(d).zip(ideal) {
        if i - d > TOLERANCE {
            m = m.min((u - d) / (i - d));
        }
    }
    m
}

/// The smallest gain (`+inf` with no party).
pub fn min_gain(u: &[f64], d: &[f64]) -> f64 {
    u.iter()
        .zip(d)
        .map(|(u, d)| u - d)
        .fold(f64::INFINITY, f64::min)
}

/// The sum of utilities, in party order.
pub fn utility_sum(u: &[f64]) -> f64 {
    u.iter().sum()
}

/// Whether `value` ties with or beats the optimum `best` of a Nash product.
pub fn nash_reaches(value: f64, best: f64) -> bool {
    value >= best - 1e-9 * best.abs()
}

/// Whether `value` ties with or beats `best` within the tolerance.
pub fn reaches(value: f64, best: f64) -> bool {
    value >= best - TOLERANCE
}

/// The optimal value of each criterion over a set of agreements, and the tests for them.
#[derive(Clone, Debug)]
pub struct Targets {
    /// Walk-away of each signatory.
    pub walk_away: Vec<f64>,
    /// Highest utility of each signatory over the agreements.
    pub ideal: Vec<f64>,
    nash: f64,
    kalai_smorodinsky: f64,
    egalitarian_min: f64,
    egalitarian_sum: f64,
    utilitarian: f64,
}

impl Targets {
    /// The optima over the given agreements (signatory utilities); `None` when there is none.
    /// Passing only the frontier of the agreements gives the same optima as passing them all.
    pub fn new<'a>(
        agreements: impl Iterator<Item = &'a [f64]> + Clone,
        walk_away: Vec<f64>,
    ) -> Option<Targets> {
        let mut ideal = vec![f64::NEG_INFINITY; walk_away.len()];
        let mut any = false;
        for u in agreements.clone() {
            any = true;
            for (i, x) in ideal.iter_mut().zip(u) {
                *i = i.max(*x);
            }
        }
        if !any {
            return None;
        }
        let d = &walk_away;
        let fold_max =
            |f: &dyn Fn(&[f64]) -> f64| agreements.clone().map(f).fold(f64::NEG_INFINITY, f64::max);
        let nash = fold_max(&|u| nash_value(u, d));
        let kalai_smorodinsky = fold_max(&|u| kalai_smorodinsky_value(u, d, &ideal));
        let egalitarian_min = fold_max(&|u| min_gain(u, d));
        let egalitarian_sum = fold_max(&|u| {
            if reaches(min_gain(u, d), egalitarian_min) {
                utility_sum(u)
            } else {
                f64::NEG_INFINITY
            }
        });
        let utilitarian = fold_max(&|u| utility_sum(u));
        Some(Targets {
            nash,
            kalai_smorodinsky,
            egalitarian_min,
            egalitarian_sum,
            utilitarian,
            ideal,
            walk_away,
        })
    }

    /// Whether an agreement (signatory utilities) reaches the optimum of `solution`.
    /// Monotone: raising any coordinate keeps a `true`.
    pub fn reached(&self, solution: BargainingSolution, u: &[f64]) -> bool {
        let d = &self.walk_away;
        match solution {
            BargainingSolution::Nash => nash_reaches(nash_value(u, d), self.nash),
            BargainingSolution::KalaiSmorodinsky => reaches(
                kalai_smorodinsky_value(u, d, &self.ideal),
                self.kalai_smorodinsky,
            ),
            BargainingSolution::Egalitarian => {
                reaches(min_gain(u, d), self.egalitarian_min)
                    && reaches(utility_sum(u), self.egalitarian_sum)
            }
            BargainingSolution::Utilitarian => reaches(utility_sum(u), self.utilitarian),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_pick_optima_and_ties() {
        let pts = [vec![0.9, 0.5], vec![0.7, 0.7], vec![0.5, 0.9]];
        let t = Targets::new(pts.iter().map(|v| v.as_slice()), vec![0.4, 0.4]).unwrap();
        assert!(t.reached(BargainingSolution::Nash, &[0.7, 0.7]));
        assert!(!t.reached(BargainingSolution::Nash, &[0.9, 0.5]));
        assert!(t.reached(BargainingSolution::Utilitarian, &[0.9, 0.5]));
        assert!(t.reached(BargainingSolution::Utilitarian, &[0.5, 0.9]));
        assert!(t.reached(BargainingSolution::KalaiSmorodinsky, &[0.7, 0.7]));
        assert!(!t.reached(BargainingSolution::Egalitarian, &[0.9, 0.5]));
        assert!(t.reached(BargainingSolution::Egalitarian, &[0.7, 0.7 + 1e-12]));
        assert!(Targets::new(std::iter::empty(), vec![0.1]).is_none());
    }

    #[test]
    fn no_signatory_means_everything_ties() {
        let pts = [vec![]];
        let t = Targets::new(pts.iter().map(|v: &Vec<f64>| v.as_slice()), vec![]).unwrap();
        for c in BargainingSolution::ALL {
            assert!(t.reached(c, &[]));
        }
    }
}

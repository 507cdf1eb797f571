//! The statistics of a tournament summary: a mean with its spread and a 95% t-interval, the
//! Mann–Whitney U test between two samples, and Holm's correction for multiple comparisons.
//!
//! The distributions (Student's t, the standard normal) are `statrs`'s; the rank sum and the
//! corrections are written here, after the textbook formulas each function cites, and are
//! checked in the tests against independent values (scipy's documented results, hand
//! computation and `statrs`'s own O(n²) Mann–Whitney implementation on small samples).

use serde::{Deserialize, Serialize};
use statrs::distribution::{ContinuousCDF, Normal, StudentsT};

/// The name of the interval [`Estimate::new`] gives, as the summary states it.
pub const INTERVAL: &str = "t";
/// The name of the test [`mann_whitney_u`] runs, as the summary states it.
pub const TEST: &str = "mann-whitney-u";
/// The name of the correction [`holm`] applies, as the summary states it.
pub const CORRECTION: &str = "holm";

/// A sample's mean, sample standard deviation and 95% confidence interval for the mean.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Estimate {
    /// The arithmetic mean (`null` of an empty sample).
    pub mean: Option<f64>,
    /// The sample standard deviation, `sqrt(Σ (x − mean)² / (n − 1))`; `null` below 2 values.
    pub sd: Option<f64>,
    /// The two-sided 95% Student's t-interval for the mean,
    /// `mean ± t(0.975, n − 1) · sd / sqrt(n)` (e.g. Wasserman, *All of Statistics*, 6.3.2;
    /// `t` from `statrs`); `null` below 2 values. It assumes independent observations.
    pub ci95: Option<[f64; 2]>,
    /// The sample size.
    pub n: usize,
}

impl Estimate {
    /// The estimate of `xs` (finite values; the unit is theirs).
    pub fn new(xs: &[f64]) -> Estimate {
        let n = xs.len();
        if n == 0 {
            return Estimate {
                mean: None,
                sd: None,
                ci95: None,
                n,
            };
        }
        let mean = xs.iter().sum::<f64>() / n as f64;
        if n < 2 {
            return Estimate {
                mean: Some(mean),
                sd: None,
                ci95: None,
                n,
            };
        }
        let var = xs.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / (n - 1) as f64;
        let sd = var.sqrt();
        let ci95 = StudentsT::new(0.0, 1.0, (n - 1) as f64).ok().map(|t| {
            let half = t.inverse_cdf(0.975) * sd / (n as f64).sqrt();
            [mean - half, mean + half]
        });
        Estimate {
            mean: Some(mean),
            sd: Some(sd),
            ci95,
            n,
        }
    }
}

/// The result of a two-sample test.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TestResult {
    /// The statistic (for [`mann_whitney_u`]: `U` of the first sample).
    pub statistic: f64,
    /// The two-sided p-value.
    pub p_value: f64,
}

/// The two-sided Mann–Whitney U test (Wilcoxon rank-sum) of `a` against `b`, by the normal
/// approximation with the tie correction and the continuity correction — scipy's
/// `mannwhitneyu(a, b, method="asymptotic", use_continuity=True)`:
///
/// `U₁ = R₁ − n₁(n₁ + 1)/2` (R₁: the sum of `a`'s mid-ranks in the pooled sample),
/// `U = max(U₁, n₁n₂ − U₁)`, `σ² = n₁n₂/12 · ((n + 1) − Σ(t³ − t) / (n(n − 1)))` (t: the size
/// of each group of ties), `z = (U − n₁n₂/2 − 1/2) / σ`, `p = 2 (1 − Φ(z))` clipped to [0, 1]
/// (the normal survival function from `statrs`, so tiny p-values are not rounded to 0). When every value is tied (σ = 0), p = 1.
///
/// The statistic returned is `U₁`. `None` when a sample is empty or holds a NaN.
/// O(n log n) in the pooled size.
pub fn mann_whitney_u(a: &[f64], b: &[f64]) -> Option<TestResult> {
    let (n1, n2) = (a.len(), b.len());
    if n1 == 0 || n2 == 0 || a.iter().chain(b).any(|x| x.is_nan()) {
        return None;
    }
    // (value, from a?), sorted by value.
    let mut pooled: Vec<(f64, bool)> = a
        .iter()
        .map(|&x| (x, true))
        .chain(b.iter().map(|&x| (x, false)))
        .collect();
    pooled.sort_by(|x, y| x.0.total_cmp(&y.0));
    let n = pooled.len();
    let mut r1 = 0.0;
    let mut tie_term = 0.0;
    let mut i = 0;
    while i < n {
        let mut j = i + 1;
        while j < n && pooled[j].0 == pooled[i].0 {
            j += 1;
        }
        // Ranks i + 1 ..= j share their mean.
        let rank = (i + 1 + j) as f64 / 2.0;
        let from_a = pooled[i..j].iter().filter(|p| p.1).count();
        r1 += rank * from_a as f64;
        let t = (j - i) as f64;
        tie_term += t * t * t - t;
        i = j;
    }
    let (f1, f2, fnn) = (n1 as f64, n2 as f64, n as f64);
    let u1 = r1 - f1 * (f1 + 1.0) / 2.0;
    let u = u1.max(f1 * f2 - u1);
    let sigma = (f1 * f2 / 12.0 * ((fnn + 1.0) - tie_term / (fnn * (fnn - 1.0)))).sqrt();
    let p_value = if sigma > 0.0 && sigma.is_finite() {
        let z = (u - f1 * f2 / 2.0 - 0.5) / sigma;
        let normal = Normal::standard();
        // The survival function (erfc), not 1 − Φ: small p-values keep their digits.
        (2.0 * normal.sf(z)).clamp(0.0, 1.0)
    } else {
        1.0
    };
    Some(TestResult {
        statistic: u1,
        p_value,
    })
}

/// Holm's step-down adjustment of `p` (Holm 1979, "A simple sequentially rejective multiple
/// test procedure"): with the m p-values sorted ascending, the k-th (from 1) becomes
/// `max over j ≤ k of min(1, (m − j + 1) · p₍ⱼ₎)`. Returned in the order given; it controls the
/// family-wise error rate without assuming independence.
pub fn holm(p: &[f64]) -> Vec<f64> {
    let m = p.len();
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&i, &j| p[i].total_cmp(&p[j]));
    let mut adjusted = vec![0.0; m];
    let mut running: f64 = 0.0;
    for (k, &i) in order.iter().enumerate() {
        running = running.max(((m - k) as f64 * p[i]).min(1.0));
        adjusted[i] = running;
    }
    adjusted
}

//! GeniusWeb JSON (ANL 2022/2023 and the Java GeniusWeb): a domain file and
//! `LinearAdditiveUtilitySpace` profile files.

pub mod read;
pub mod write;

pub use read::import;
pub use write::export;

/// Σ (w / W) · u in issue order, skipping weights ≤ 0 — the same sum, in the same order, as
/// `accord_model::PointPreferences::utility`, so that a walk-away value computed here equals
/// the utility accord computes for the same outcome, bit for bit.
pub(crate) fn normalized_sum(weights: &[f64], utilities: &[f64]) -> f64 {
    let total: f64 = weights.iter().filter(|w| **w > 0.0).sum();
    if total <= 0.0 {
        return 0.0;
    }
    weights
        .iter()
        .zip(utilities)
        .filter(|(w, _)| **w > 0.0)
        .map(|(w, u)| (w / total) * u)
        .fold(0.0, |acc, x| acc + x)
}

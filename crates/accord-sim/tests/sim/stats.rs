//! The tournament statistics against values computed independently: scipy's documented
//! results, hand computation, and statrs's own (quadratic) Mann–Whitney U.

use accord_sim::stats::{Estimate, holm, mann_whitney_u};
use statrs::stats_tests::Alternative;
use statrs::stats_tests::mannwhitneyu::{MannWhitneyUMethod, mannwhitneyu};

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol
}

#[test]
fn the_t_interval_of_one_to_five() {
    // mean 3, sd sqrt(2.5); t(0.975, 4) = 2.7764451051977987 (tables; scipy.stats.t.ppf).
    let e = Estimate::new(&[1.0, 2.0, 3.0, 4.0, 5.0]);
    assert_eq!(e.n, 5);
    assert_eq!(e.mean, Some(3.0));
    assert!(close(e.sd.unwrap(), 2.5f64.sqrt(), 1e-12));
    let half = 2.776_445_105_197_798_7 * 2.5f64.sqrt() / 5f64.sqrt();
    let [lo, hi] = e.ci95.unwrap();
    assert!(close(lo, 3.0 - half, 1e-9), "{lo}");
    assert!(close(hi, 3.0 + half, 1e-9), "{hi}");
    // Fewer than two values: no spread, no interval.
    let one = Estimate::new(&[0.4]);
    assert_eq!(
        (one.mean, one.sd, one.ci95, one.n),
        (Some(0.4), None, None, 1)
    );
    let none = Estimate::new(&[]);
    assert_eq!((none.mean, none.n), (None, 0));
    // A constant sample: sd 0, a zero-width interval.
    let flat = Estimate::new(&[0.5, 0.5, 0.5]);
    assert_eq!(flat.sd, Some(0.0));
    assert_eq!(flat.ci95, Some([0.5, 0.5]));
}

#[test]
fn mann_whitney_u_matches_scipys_documented_example() {
    // scipy.stats.mannwhitneyu's example (Conover): males vs females, U1 = 17;
    // method="asymptotic" gives p = 0.11134688653314041.
    let males = [19.0, 22.0, 16.0, 29.0, 24.0];
    let females = [20.0, 11.0, 17.0, 12.0];
    let r = mann_whitney_u(&males, &females).unwrap();
    assert_eq!(r.statistic, 17.0);
    // (statrs's normal CDF differs from scipy's in the 12th digit.)
    assert!(
        close(r.p_value, 0.111_346_886_533_140_41, 1e-10),
        "{}",
        r.p_value
    );
    // By hand: mu = 10, sigma = sqrt(5·4·10/12), z = (17 − 10 − 0.5)/sigma.
    let z = 6.5 / (200.0f64 / 12.0).sqrt();
    assert!(close(z, 1.592_168_8, 1e-6), "{z}");
    // Swapping the samples gives the other U and the same p.
    let s = mann_whitney_u(&females, &males).unwrap();
    assert_eq!(s.statistic, 3.0);
    assert!(close(s.p_value, r.p_value, 1e-15));
}

#[test]
fn mann_whitney_u_agrees_with_statrs_on_ties() {
    // Samples with ties (as utilities of failed negotiations are): statrs's implementation
    // with the same method (asymptotic, continuity correction, two-sided).
    let cases: [(&[f64], &[f64]); 4] = [
        (
            &[0.35, 0.35, 0.5, 0.7, 0.8, 0.35],
            &[0.35, 0.4, 0.4, 0.6, 0.35],
        ),
        (&[1.0, 2.0, 3.0], &[3.0, 4.0, 5.0]),
        (
            &[0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0],
            &[0.05, 0.15, 0.2, 0.2],
        ),
        (&[0.2; 7], &[0.2, 0.2, 0.9]),
    ];
    for (a, b) in cases {
        let ours = mann_whitney_u(a, b).unwrap();
        let (u, p) = mannwhitneyu(
            a,
            b,
            MannWhitneyUMethod::AsymptoticInclContinuityCorrection,
            Alternative::TwoSided,
        )
        .unwrap();
        assert!(close(ours.statistic, u, 1e-12), "{a:?} {b:?}");
        assert!(
            close(ours.p_value, p, 1e-12),
            "{a:?} {b:?}: {} vs {p}",
            ours.p_value
        );
    }
    // Every value tied: no evidence of a difference.
    assert_eq!(mann_whitney_u(&[0.3; 4], &[0.3; 5]).unwrap().p_value, 1.0);
    // Nothing to compare.
    assert!(mann_whitney_u(&[], &[1.0]).is_none());
    assert!(mann_whitney_u(&[f64::NAN], &[1.0]).is_none());
}

#[test]
fn holm_by_hand() {
    // Sorted: 0.005·4 = 0.02, 0.01·3 = 0.03, 0.03·2 = 0.06, 0.04·1 = 0.04 → max(0.06, 0.04).
    let adjusted = holm(&[0.01, 0.04, 0.03, 0.005]);
    let expected = [0.03, 0.06, 0.06, 0.02];
    for (a, e) in adjusted.iter().zip(expected) {
        assert!(close(*a, e, 1e-15), "{adjusted:?}");
    }
    assert_eq!(holm(&[0.6, 0.9]), vec![1.0, 1.0]);
    assert!(holm(&[]).is_empty());
}

#[test]
fn tiny_p_values_keep_their_digits() {
    // Two samples of 200 that do not overlap: z ≈ 17.3, p ≈ 4e-67 (2·Φ̄(z)), not 0.
    let a: Vec<f64> = (0..200).map(|k| k as f64).collect();
    let b: Vec<f64> = (0..200).map(|k| 1000.0 + k as f64).collect();
    let r = mann_whitney_u(&a, &b).unwrap();
    assert_eq!(r.statistic, 0.0);
    let n = 200.0f64;
    let sigma = (n * n / 12.0 * (2.0 * n + 1.0)).sqrt();
    let z = (n * n - n * n / 2.0 - 0.5) / sigma;
    assert!(z > 17.0 && z < 17.5, "{z}");
    assert!(r.p_value > 0.0 && r.p_value < 1e-60, "{}", r.p_value);
}

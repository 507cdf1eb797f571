//! Brute-force Pareto frontier and Nash point on hand-computed cases.

mod common;

use accord_sim::Domain;
use accord_sim::metrics::Reference;

#[test]
fn line_frontier_and_nash() {
    let s = common::line(None);
    let d = Domain::build(&s).unwrap();
    // a and b are opposed: every outcome is Pareto-optimal; Nash (0.5, 0.5).
    let r = Reference::build(&d, &[0, 1]).unwrap();
    assert_eq!(r.frontier.len(), 5);
    assert_eq!(r.nash, Some(vec![0.5, 0.5]));
    assert_eq!(r.distance_to_frontier(&[0.25, 0.75]), Some(0.0));
    assert!((r.distance_to_nash(&[0.25, 0.75]).unwrap() - (0.125f64).sqrt()).abs() < 1e-12);
    // The disagreement point (0, 0) is 0.5·√2/… away from the nearest frontier point.
    let dist = r.distance_to_frontier(&[0.0, 0.0]).unwrap();
    assert!(
        (dist - (0.5f64.powi(2) * 2.0).sqrt()).abs() < 1e-12,
        "{dist}"
    );
    // a and c: o0 (1, 0) and o1 (0.75, 0.5) and o2 (0.5, 1) are efficient; o3, o4 are dominated.
    let r = Reference::build(&d, &[0, 2]).unwrap();
    let mut f = r.frontier.clone();
    f.sort_by(|x, y| x[0].total_cmp(&y[0]));
    assert_eq!(f, vec![vec![0.5, 1.0], vec![0.75, 0.5], vec![1.0, 0.0]]);
    assert_eq!(r.nash, Some(vec![0.5, 1.0]));
}

#[test]
fn irrational_outcomes_are_left_out() {
    let s = common::line_with("", "walk_away = 0.6\n");
    let d = Domain::build(&s).unwrap();
    let r = Reference::build(&d, &[0, 1]).unwrap();
    // Only o3 (0.25, 0.75) and o4 (0, 1) give b at least 0.6.
    assert_eq!(r.frontier.len(), 2);
    assert_eq!(r.nash, Some(vec![0.25, 0.75]));
}

//! The bargaining axioms, checked against the engine on random small scenarios (additive
//! utilities, red lines, non-signatories, intervals, numeric issues):
//! - Nash and Kalai–Smorodinsky do not change under a positive affine rescaling of one party's
//!   utilities and walk-away (scores and walk-away `s → 2·s + 0.2`, kept in [0, 1]);
//! - symmetry: swapping two parties' preferences swaps their solution utilities;
//! - Pareto optimality of every solution among the agreements (Nash, egalitarian and
//!   utilitarian strongly, Kalai–Smorodinsky weakly: see its test);
//! - independence of irrelevant alternatives for Nash: removing agreements that are not the Nash
//!   point (an option it does not use, made a signatory's red line) keeps the Nash point.

use accord_analysis::{Analysis, BargainingSolution, Method};
use accord_model::{PartyIx, PointPreferences, Scenario};
use proptest::prelude::*;

use crate::common::{Spec, parse, run, spec, to_toml};

/// A utility difference the test counts as real (utilities here are sums of tenths).
const MARGIN: f64 = 1e-6;

fn analyze(s: &Scenario) -> Analysis {
    run(s, Method::Auto, None, false)
}

/// The solution of one kind.
fn solution(a: &Analysis, which: BargainingSolution) -> Option<&accord_analysis::Point> {
    a.solutions
        .iter()
        .find(|(c, _)| *c == which)
        .and_then(|(_, p)| p.as_ref())
}

/// Position of a party among the analysis's frontier parties.
fn column(a: &Analysis, p: usize) -> Option<usize> {
    a.parties.iter().position(|q| q.index() == p)
}

/// Party 0, made a signatory, with scores and walk-away in [0, 0.4]: `base`; the same with
/// party 0's scores and walk-away mapped by `s → 2·s + 0.2`: `scaled`.
fn rescaled(mut spec: Spec) -> (Spec, Spec) {
    let p = &mut spec.parties[0];
    p.signatory = true;
    p.walk_away = p.walk_away * 4 / 10;
    for scores in &mut p.scores {
        for s in scores.iter_mut() {
            *s = *s * 4 / 10;
        }
    }
    let base = spec.clone();
    let p = &mut spec.parties[0];
    p.walk_away = 2 * p.walk_away + 2;
    for scores in &mut p.scores {
        for s in scores.iter_mut() {
            *s = 2 * *s + 2;
        }
    }
    (base, spec)
}

/// The signatories, and their utilities at every agreement.
fn agreements(s: &Scenario) -> (Vec<PartyIx>, Vec<Vec<f64>>) {
    let signatories: Vec<PartyIx> = s.party_ixs().filter(|&p| s.party(p).signatory()).collect();
    let prefs: Vec<PointPreferences> = signatories
        .iter()
        .map(|&p| PointPreferences::midpoint(s, p))
        .collect();
    let list = crate::common::all_outcomes(s)
        .into_iter()
        .filter(|o| prefs.iter().all(|p| p.accepts(o)))
        .map(|o| prefs.iter().map(|p| p.utility(&o)).collect())
        .collect();
    (signatories, list)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 150, ..ProptestConfig::default() })]

    /// Nash and Kalai–Smorodinsky pick the same outcome after one party's utilities and
    /// walk-away are rescaled by a positive affine map; that party's utility maps the same way.
    #[test]
    fn nash_and_kalai_smorodinsky_ignore_affine_rescaling(spec in spec(3, 3, 3, false)) {
        let (base, scaled) = rescaled(spec);
        let (s0, s1) = (parse(&to_toml(&base)), parse(&to_toml(&scaled)));
        let (a0, a1) = (analyze(&s0), analyze(&s1));
        for which in [BargainingSolution::Nash, BargainingSolution::KalaiSmorodinsky] {
            let (p0, p1) = (solution(&a0, which), solution(&a1, which));
            prop_assert_eq!(p0.is_some(), p1.is_some(), "{:?}: agreement in one only", which);
            let (Some(p0), Some(p1)) = (p0, p1) else { continue };
            prop_assert_eq!(&p0.outcome, &p1.outcome, "{:?} moved", which);
            if let Some(k) = column(&a0, 0) {
                prop_assert!((p1.utilities[k] - (2.0 * p0.utilities[k] + 0.2)).abs() <= 1e-9);
            }
        }
    }

    /// Two parties with their preferences swapped get their solution utilities swapped, at the
    /// same outcome, for all four solutions.
    #[test]
    fn swapping_two_parties_swaps_their_solution_utilities(spec in spec(3, 3, 2, false)) {
        prop_assume!(spec.parties.len() == 2);
        let mut swapped = spec.clone();
        swapped.parties.swap(0, 1);
        let (s0, s1) = (parse(&to_toml(&spec)), parse(&to_toml(&swapped)));
        let (a0, a1) = (analyze(&s0), analyze(&s1));
        prop_assume!(a0.parties.len() == 2 && a1.parties.len() == 2);
        for which in BargainingSolution::ALL {
            let (p0, p1) = (solution(&a0, which), solution(&a1, which));
            prop_assert_eq!(p0.is_some(), p1.is_some(), "{:?}: agreement in one only", which);
            let (Some(p0), Some(p1)) = (p0, p1) else { continue };
            prop_assert_eq!(&p0.outcome, &p1.outcome, "{:?} moved", which);
            prop_assert!((p0.utilities[0] - p1.utilities[1]).abs() <= 1e-12, "{:?}", which);
            prop_assert!((p0.utilities[1] - p1.utilities[0]).abs() <= 1e-12, "{:?}", which);
        }
    }

    /// No agreement is better for one signatory and as good for all (by more than
    /// [`MARGIN`]) than the Nash point (when some agreement gives every signatory a gain), the
    /// egalitarian or the utilitarian point; no agreement is better for every signatory with a
    /// possible gain than the Kalai–Smorodinsky point. (A Kalai–Smorodinsky point can be
    /// weakly dominated: the criterion is a minimum of ratios, and the spec breaks its ties by
    /// outcome order, not by the other ratios.)
    #[test]
    fn every_solution_is_pareto_optimal(spec in spec(3, 3, 3, false)) {
        let s = parse(&to_toml(&spec));
        let (signatories, list) = agreements(&s);
        prop_assume!(!signatories.is_empty());
        let a = run(&s, Method::Auto, Some(signatories.clone()), false);
        let walk: Vec<f64> = signatories
            .iter()
            .map(|&p| PointPreferences::midpoint(&s, p).walk_away())
            .collect();
        let ideal: Vec<f64> = (0..signatories.len())
            .map(|k| list.iter().map(|u| u[k]).fold(f64::NEG_INFINITY, f64::max))
            .collect();
        let strongly_dominated = |x: &[f64]| {
            list.iter().any(|y| {
                y.iter().zip(x).all(|(y, x)| *y >= x - 1e-12)
                    && y.iter().zip(x).any(|(y, x)| *y > x + MARGIN)
            })
        };
        let nash_positive = list.iter().any(|u| {
            u.iter().zip(&walk).all(|(u, d)| u - d > 1e-9)
        });
        for which in BargainingSolution::ALL {
            let Some(p) = solution(&a, which) else {
                prop_assert!(list.is_empty(), "{:?} missing with agreements", which);
                continue;
            };
            match which {
                BargainingSolution::Nash if !nash_positive => {}
                BargainingSolution::KalaiSmorodinsky => {
                    let open: Vec<usize> = (0..signatories.len())
                        .filter(|&k| ideal[k] - walk[k] > 1e-9)
                        .collect();
                    let better = list.iter().any(|y| {
                        !open.is_empty() && open.iter().all(|&k| y[k] > p.utilities[k] + MARGIN)
                    });
                    prop_assert!(!better, "Kalai–Smorodinsky {:?} strictly dominated", p.utilities);
                }
                _ => prop_assert!(
                    !strongly_dominated(&p.utilities),
                    "{:?} at {:?} is dominated",
                    which,
                    p.utilities
                ),
            }
        }
    }

    /// Making an option the Nash point does not use a signatory's red line removes agreements
    /// but not the Nash point.
    #[test]
    fn nash_is_independent_of_irrelevant_alternatives(
        spec in spec(3, 4, 3, false),
        pick in (0usize..8, 0usize..8),
    ) {
        let s = parse(&to_toml(&spec));
        let a = analyze(&s);
        let Some(nash) = solution(&a, BargainingSolution::Nash) else { return Ok(()) };
        let Some(signatory) = spec.parties.iter().position(|p| p.signatory) else {
            return Ok(());
        };
        // A discrete issue and one of its options that the Nash point does not use.
        let discrete: Vec<usize> = (0..spec.issues.len()).filter(|&i| !spec.issues[i].1).collect();
        prop_assume!(!discrete.is_empty());
        let issue = discrete[pick.0 % discrete.len()];
        let unused: Vec<usize> = (0..spec.issues[issue].0)
            .filter(|&o| o != nash.outcome[issue].index())
            .collect();
        let option = unused[pick.1 % unused.len()];
        let mut narrower = spec.clone();
        narrower.parties[signatory].red_lines.push((issue, option));
        let s1 = parse(&to_toml(&narrower));
        let a1 = analyze(&s1);
        let nash1 = solution(&a1, BargainingSolution::Nash);
        prop_assert_eq!(nash1.map(|p| &p.outcome), Some(&nash.outcome));
    }
}

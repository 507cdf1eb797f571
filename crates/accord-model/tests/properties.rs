//! Property tests on random small scenarios, against the spec's formulas computed independently
//! from the generator's raw numbers.

use crate::common::{self, GenScenario};
use accord_model::{IssueIx, OptionIx, PointPreferences, Scenario, Verdict, evaluate_terms, parse};
use proptest::prelude::*;

fn load(g: &GenScenario) -> Scenario {
    let text = g.to_toml();
    let parsed = parse(&text);
    match parsed.scenario {
        Some(s) => s,
        None => panic!(
            "generated scenario invalid: {:#?}\n{text}",
            parsed.diagnostics
        ),
    }
}

fn ixs(outcome: &[usize]) -> Vec<OptionIx> {
    outcome.iter().map(|&k| OptionIx::from_usize(k)).collect()
}

fn prefs(s: &Scenario) -> Vec<PointPreferences<'_>> {
    s.party_ixs()
        .map(|p| PointPreferences::midpoint(s, p))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// The crate's utility equals the spec's formula on every outcome, and lies within the
    /// bounds that weights, scores and bonuses allow.
    #[test]
    fn utility_matches_formula_and_bounds(g in common::scenario()) {
        let s = load(&g);
        let prefs = prefs(&s);
        for outcome in g.outcomes() {
            for (p, pp) in prefs.iter().enumerate() {
                let u = pp.utility(&ixs(&outcome));
                let expected = g.utility(p, &outcome);
                prop_assert!((u - expected).abs() <= 1e-12, "party {p} outcome {outcome:?}: {u} vs {expected}");
                let (lo, hi) = g.utility_bounds(p);
                prop_assert!(u >= lo - 1e-12 && u <= hi + 1e-12, "{u} outside [{lo}, {hi}]");
            }
        }
    }

    /// An outcome that crosses a red line is never accepted; otherwise acceptance is exactly
    /// "utility at least walk-away".
    #[test]
    fn red_lines_are_never_accepted(g in common::scenario()) {
        let s = load(&g);
        let prefs = prefs(&s);
        for outcome in g.outcomes() {
            for (p, pp) in prefs.iter().enumerate() {
                let accepted = pp.accepts(&ixs(&outcome));
                if g.crosses_red_line(p, &outcome) {
                    prop_assert!(!accepted);
                }
                prop_assert_eq!(accepted, g.accepts(p, &outcome));
            }
        }
    }

    /// A complete plan has a utility range of width 0 equal to the utility, and its verdicts
    /// follow acceptance.
    #[test]
    fn complete_plans_have_point_ranges(g in common::scenario(), pick in any::<prop::sample::Index>()) {
        let s = load(&g);
        let prefs = prefs(&s);
        let outcomes = g.outcomes();
        let outcome = &outcomes[pick.index(outcomes.len())];
        let terms: Vec<Option<OptionIx>> = ixs(outcome).into_iter().map(Some).collect();
        let e = evaluate_terms(&s, &prefs, &terms);
        prop_assert!(e.open_issues.is_empty());
        for (p, pe) in e.parties.iter().enumerate() {
            prop_assert_eq!(pe.utility_range.0, pe.utility_range.1);
            prop_assert_eq!(pe.utility(), g.utility(p, outcome));
            let expected = if g.accepts(p, outcome) { Verdict::Accept } else { Verdict::Reject };
            prop_assert_eq!(pe.verdict, expected);
        }
    }

    /// For a partial plan, the range is exactly the min and max over all completions, the
    /// verdict follows the definition over completions, and agreement follows the signatories.
    #[test]
    fn partial_plans_match_brute_force(g in common::scenario()) {
        let s = load(&g);
        let prefs = prefs(&s);
        let settled = g.settled();
        let terms: Vec<Option<OptionIx>> = settled.iter().map(|t| t.map(OptionIx::from_usize)).collect();
        let e = evaluate_terms(&s, &prefs, &terms);
        let completions: Vec<Vec<usize>> = g
            .outcomes()
            .into_iter()
            .filter(|o| o.iter().zip(&settled).all(|(k, t)| t.is_none_or(|t| t == *k)))
            .collect();
        let open: Vec<IssueIx> = settled.iter().enumerate().filter(|(_, t)| t.is_none()).map(|(i, _)| IssueIx::from_usize(i)).collect();
        prop_assert_eq!(&e.open_issues, &open);
        let mut agreement = Some(true);
        for (p, pe) in e.parties.iter().enumerate() {
            let us: Vec<f64> = completions.iter().map(|o| g.utility(p, o)).collect();
            let lo = us.iter().copied().fold(f64::INFINITY, f64::min);
            let hi = us.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            prop_assert!((pe.utility_range.0 - lo).abs() <= 1e-12, "party {p}: lo {} vs {lo}", pe.utility_range.0);
            prop_assert!((pe.utility_range.1 - hi).abs() <= 1e-12, "party {p}: hi {} vs {hi}", pe.utility_range.1);
            let accepted = completions.iter().filter(|o| g.accepts(p, o)).count();
            let expected = if accepted == completions.len() {
                Verdict::Accept
            } else if accepted == 0 {
                Verdict::Reject
            } else {
                Verdict::Undetermined
            };
            prop_assert_eq!(pe.verdict, expected, "party {}", p);
            // Red lines crossed: exactly those among settled terms.
            let crossed: Vec<(usize, usize)> = pe.red_lines_crossed.iter().map(|(i, o)| (i.index(), o.index())).collect();
            let expected_crossed: Vec<(usize, usize)> = g.parties[p].red_lines.iter().enumerate()
                .filter_map(|(i, r)| settled[i].filter(|k| r.contains(k)).map(|k| (i, k)))
                .collect();
            prop_assert_eq!(crossed, expected_crossed);
            if g.parties[p].signatory {
                match expected {
                    Verdict::Reject => agreement = Some(false),
                    Verdict::Undetermined if agreement == Some(true) => agreement = None,
                    _ => {}
                }
            }
        }
        prop_assert_eq!(e.agreement, agreement);
    }

    /// Realizing preferences with the midpoint gives the same numbers as `midpoint`, and any
    /// draw within the intervals keeps utilities within the bounds.
    #[test]
    fn any_draw_stays_in_bounds(g in common::scenario(), t in 0.0f64..=1.0) {
        let s = load(&g);
        for p in s.party_ixs() {
            let drawn = PointPreferences::realize(&s, p, |e| e.lo() + t * (e.hi() - e.lo()));
            let (lo, hi) = g.utility_bounds(p.index());
            prop_assert!(drawn.walk_away() >= 0.0 && drawn.walk_away() <= 1.0);
            for outcome in g.outcomes() {
                let u = drawn.utility(&ixs(&outcome));
                prop_assert!(u >= lo - 1e-12 && u <= hi + 1e-12);
            }
        }
    }
}

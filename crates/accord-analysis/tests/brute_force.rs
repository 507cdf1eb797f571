//! The engine against an independent brute force on random small scenarios (interactions, red
//! lines, non-signatories, intervals, numeric issues).

use crate::common::*;
use accord_analysis::Method;
use accord_model::{OptionIx, PartyIx};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn enumeration_matches_brute_force(spec in spec(4, 4, 3, true), distinct in any::<bool>()) {
        let s = parse(&to_toml(&spec));
        let parties = default_parties(&s);
        let b = brute(&s, &parties);
        let a = run(&s, Method::Enumerate, None, distinct);
        check(&s, &a, &b, distinct)?;
    }

    #[test]
    fn merge_matches_brute_force(spec in spec(4, 4, 5, false), distinct in any::<bool>()) {
        let s = parse(&to_toml(&spec));
        let parties = default_parties(&s);
        let b = brute(&s, &parties);
        let a = run(&s, Method::Merge, None, distinct);
        check(&s, &a, &b, distinct)?;
        let e = run(&s, Method::Enumerate, None, distinct);
        prop_assert_eq!(&a.frontier, &e.frontier);
        prop_assert_eq!(&a.solutions, &e.solutions);
    }

    #[test]
    fn chosen_parties_in_any_order(spec in spec(3, 4, 3, false), reverse in any::<bool>()) {
        let s = parse(&to_toml(&spec));
        let mut parties: Vec<PartyIx> = s.party_ixs().collect();
        if reverse {
            parties.reverse();
        }
        parties.truncate(2);
        let b = brute(&s, &parties);
        for method in [Method::Enumerate, Method::Merge] {
            let a = run(&s, method, Some(parties.clone()), false);
            check(&s, &a, &b, false)?;
        }
    }

    #[test]
    fn results_do_not_depend_on_thread_count(spec in spec(5, 5, 3, true)) {
        let s = parse(&to_toml(&spec));
        let one = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
        let a = one.install(|| run(&s, Method::Enumerate, None, false));
        let b = run(&s, Method::Enumerate, None, false);
        prop_assert_eq!(&a.frontier, &b.frontier);
        prop_assert_eq!(&a.solutions, &b.solutions);
        prop_assert_eq!(a.agreements, b.agreements);
    }

    #[test]
    fn issue_order_changes_only_tie_breaks(spec in spec(4, 3, 3, true), seed in any::<u64>()) {
        let m = spec.issues.len();
        let mut order: Vec<usize> = (0..m).collect();
        order.rotate_left((seed as usize) % m);
        if seed % 2 == 1 {
            order.reverse();
        }
        let s = parse(&to_toml(&spec));
        let t = parse(&to_toml(&permute_issues(&spec, &order)));
        let b = brute(&s, &default_parties(&s));
        let a = run(&t, Method::Enumerate, None, false);
        // Map an outcome of the reordered scenario back to the original order.
        let back = |o: &[OptionIx]| -> Vec<OptionIx> {
            (0..m).map(|old| o[order.iter().position(|&x| x == old).unwrap()]).collect()
        };
        let mut got: Vec<Vec<OptionIx>> = a.frontier.iter().map(|p| back(&p.outcome)).collect();
        let mut want: Vec<Vec<OptionIx>> = b.frontier.iter().map(|&x| b.outcomes[x].clone()).collect();
        got.sort();
        want.sort();
        prop_assert_eq!(got, want);
        // Each solution reaches the same optimum; only which tied outcome comes first may differ.
        for (k, (c, sol)) in a.solutions.iter().enumerate() {
            match sol {
                None => prop_assert!(b.solutions[k].is_none()),
                Some(p) => {
                    let x = b.outcomes.iter().position(|o| *o == back(&p.outcome)).unwrap();
                    prop_assert!(b.optimal[k].contains(&x), "{:?} not optimal", c);
                }
            }
        }
    }

    #[test]
    fn party_order_changes_nothing_but_the_frontier_order(spec in spec(4, 3, 3, true)) {
        let mut reversed = spec.clone();
        reversed.parties.reverse();
        let s = parse(&to_toml(&spec));
        let t = parse(&to_toml(&reversed));
        let a = run(&s, Method::Enumerate, None, false);
        let r = run(&t, Method::Enumerate, None, false);
        let mut x: Vec<_> = a.frontier.iter().map(|p| p.outcome.clone()).collect();
        let mut y: Vec<_> = r.frontier.iter().map(|p| p.outcome.clone()).collect();
        x.sort();
        y.sort();
        prop_assert_eq!(x, y);
        for ((_, p), (_, q)) in a.solutions.iter().zip(&r.solutions) {
            prop_assert_eq!(p.as_ref().map(|p| &p.outcome), q.as_ref().map(|q| &q.outcome));
        }
    }

    #[test]
    fn epsilon_frontier_covers_every_outcome(spec in spec(4, 4, 3, false), eps in prop::sample::select(vec![0.02, 0.1, 0.3])) {
        let s = parse(&to_toml(&spec));
        let parties = default_parties(&s);
        let b = brute(&s, &parties);
        let options = accord_analysis::Options { epsilon: Some(eps), ..Default::default() };
        let a = accord_analysis::analyze(&s, &options).unwrap();
        for u in &b.utilities {
            prop_assert!(
                a.frontier.iter().any(|p| p.utilities.iter().zip(u).all(|(y, x)| *y >= x - eps - 1e-12)),
                "an outcome is not covered within {}", eps
            );
        }
        // Solutions stay exact.
        for (k, (_, sol)) in a.solutions.iter().enumerate() {
            prop_assert_eq!(sol.as_ref().map(|p| p.outcome.clone()), b.solutions[k].map(|x| b.outcomes[x].clone()));
        }
    }
}

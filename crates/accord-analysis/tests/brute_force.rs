//! The engine against an independent brute force on random small scenarios (interactions, red
//! lines, non-signatories, intervals, numeric issues).

mod common;

use accord_analysis::Method;
use accord_model::PartyIx;
use common::*;
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
}

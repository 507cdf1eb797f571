//! The engine against an independent brute force on random small scenarios (interactions, red
//! lines, non-signatories, intervals, numeric issues).

mod common;

use accord_analysis::{Analysis, Method, Options, analyze};
use accord_model::{OptionIx, PartyIx, Scenario};
use common::*;
use proptest::prelude::*;

fn run(s: &Scenario, method: Method, parties: Option<Vec<PartyIx>>, distinct: bool) -> Analysis {
    let options = Options {
        parties,
        distinct,
        method,
        ..Options::default()
    };
    analyze(s, &options).expect("small scenarios are analyzed")
}

/// Checks an analysis against the brute force; returns a message on mismatch.
fn check(s: &Scenario, a: &Analysis, b: &Brute, distinct: bool) -> Result<(), TestCaseError> {
    prop_assert_eq!(a.outcomes.to_string(), b.outcomes.len().to_string());
    prop_assert_eq!(a.agreements, Some(b.agreements.len() as u64));
    prop_assert_eq!(&a.parties, &b.parties);
    // Frontier: same outcomes (distinct: the first of each group of equal vectors).
    let mut expected: Vec<usize> = Vec::new();
    for &x in &b.frontier {
        let dup = expected.iter().any(|&y| {
            b.utilities[y]
                .iter()
                .zip(&b.utilities[x])
                .all(|(p, q)| (p - q).abs() <= 1e-9)
        });
        if !(distinct && dup) {
            expected.push(x);
        }
    }
    let mut got: Vec<Vec<OptionIx>> = a.frontier.iter().map(|p| p.outcome.clone()).collect();
    let mut want: Vec<Vec<OptionIx>> = expected.iter().map(|&x| b.outcomes[x].clone()).collect();
    got.sort();
    want.sort();
    prop_assert_eq!(got, want, "frontier outcomes differ");
    // Every frontier point undominated, utilities exact, order by first party descending.
    for w in a.frontier.windows(2) {
        if let (Some(x), Some(y)) = (w[0].utilities.first(), w[1].utilities.first()) {
            prop_assert!(x + 1e-9 >= *y, "frontier not sorted");
            if (x - y).abs() <= 1e-9 {
                prop_assert!(w[0].outcome < w[1].outcome, "ties not in outcome order");
            }
        }
    }
    for p in &a.frontier {
        let x = b.outcomes.iter().position(|o| *o == p.outcome).unwrap();
        prop_assert_eq!(&p.utilities, &b.utilities[x], "utilities not bit-identical");
    }
    // Solutions: the brute force's winners, exactly.
    for (k, (c, sol)) in a.solutions.iter().enumerate() {
        let want = b.solutions[k].map(|x| b.outcomes[x].clone());
        let got = sol.as_ref().map(|p| p.outcome.clone());
        prop_assert_eq!(got, want, "{:?} differs\n{}", c, s.id());
    }
    Ok(())
}

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
    fn merge_matches_brute_force(spec in spec(4, 4, 4, false), distinct in any::<bool>()) {
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

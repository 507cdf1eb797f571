//! The analysis engine on synthetic scenarios (parse excluded): `cargo bench -p accord-analysis`.
//! Targets (issue 3): merge 2 parties 28 × 4 under 50 ms, 200 × 10 under 1 s, 3 parties 28 × 4
//! under 1 s; enumeration of 1e6 outcomes 100× faster than NegMAS (7.7 s, so under 77 ms).
//! `enumerate_opposed`: two exactly opposed parties, where nearly every outcome is on the
//! frontier (the Pareto archive's worst case).
//! Whole-process figures against NegMAS: `bench/analyze-vs-negmas.py`.

use accord_analysis::synthetic::{Shape, additive_scenario, opposed_scenario};
use accord_analysis::{Method, Options, analyze};
use accord_model::Scenario;

fn main() {
    divan::main();
}

fn scenario(parties: usize, issues: usize, options: usize, interactions: bool) -> Scenario {
    let shape = Shape {
        parties,
        issues,
        options,
        walk_away: 0.0,
        interactions,
    };
    accord_model::parse(&additive_scenario(shape, 6010))
        .scenario
        .expect("synthetic scenarios are valid")
}

fn run(s: &Scenario, method: Method) -> usize {
    let options = Options {
        method,
        distinct: true,
        ..Options::default()
    };
    analyze(s, &options).expect("analyzed").frontier.len()
}

#[divan::bench(args = [(2, 28, 4), (3, 28, 4), (2, 200, 10)], sample_count = 10)]
fn merge(bencher: divan::Bencher, (parties, issues, options): (usize, usize, usize)) {
    let s = scenario(parties, issues, options, false);
    bencher.bench(|| run(&s, Method::Merge));
}

#[divan::bench(sample_count = 10)]
fn enumerate_1e6(bencher: divan::Bencher) {
    let s = scenario(2, 6, 10, false);
    bencher.bench(|| run(&s, Method::Enumerate));
}

#[divan::bench(sample_count = 10)]
fn enumerate_1e9_with_interactions(bencher: divan::Bencher) {
    let s = scenario(2, 9, 10, true);
    bencher.bench(|| run(&s, Method::Enumerate));
}

/// Two exactly opposed parties, `issues` issues of 10 options: nearly all of the `10^issues`
/// outcomes are on the frontier.
#[divan::bench(args = [4, 5, 6], sample_count = 3)]
fn enumerate_opposed(bencher: divan::Bencher, issues: usize) {
    let s = accord_model::parse(&opposed_scenario(issues, 10, 6010))
        .scenario
        .expect("synthetic scenarios are valid");
    bencher.bench(|| run(&s, Method::Enumerate));
}

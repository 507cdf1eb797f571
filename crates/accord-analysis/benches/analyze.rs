//! The analysis engine on synthetic scenarios (parse excluded): `cargo bench -p accord-analysis`.
//! Targets (issue 3): merge 2 parties 28 × 4 under 50 ms, 200 × 10 under 1 s, 3 parties 28 × 4
//! under 1 s; enumeration of 1e6 outcomes 100× faster than NegMAS (7.7 s, so under 77 ms).
//! `enumerate_opposed`: two exactly opposed parties, where nearly every outcome is on the
//! frontier (the Pareto archive's worst case).
//! Whole-process figures against NegMAS: `bench/analyze-vs-negmas.py`.
//! Issue 12 (agreement rules): `flagship_rule` under 2 s, `six_parties_five_of_six` under 50 ms.
//! Their peers in the same run: `flagship_unanimity` (the flagship as written) and
//! `six_parties_unanimity` (the same game without the rule), for the cost of the rule; and
//! `six_parties_five_of_six_enumerate` (the same analysis by enumeration), for the merge's gain.

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

/// The flagship (`examples/ukraine-2025.toml`) as written, under its agreement rule: Europe asked
/// only on the EU path, sanctions, frozen assets and European security, NATO only on membership
/// and European security, and a parliament and a referendum that ratify for Ukraine.
/// Target (issue 12): under 2 s.
fn flagship_text() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/ukraine-2025.toml"
    );
    std::fs::read_to_string(path).expect("the flagship example")
}

fn parse_flagship(text: &str) -> Scenario {
    let parsed = accord_model::parse(text);
    parsed
        .scenario
        .unwrap_or_else(|| panic!("the flagship is valid: {:?}", parsed.diagnostics))
}

#[divan::bench(sample_count = 3)]
fn flagship_rule(bencher: divan::Bencher) {
    let s = parse_flagship(&flagship_text());
    assert!(!s.consent_rule().is_unanimity());
    bencher.bench(|| {
        analyze(&s, &Options::default())
            .expect("analyzed")
            .frontier
            .len()
    });
}

/// The peer of [`flagship_rule`]: the same flagship under unanimity of its signatories (its
/// `consent_on` lines and its ratifiers removed).
#[divan::bench(sample_count = 3)]
fn flagship_unanimity(bencher: divan::Bencher) {
    let text = flagship_text();
    let start = text
        .find("# ---------------------------------------------------------------- ratifiers")
        .expect("ratifiers");
    let end = text
        .find("# ---------------------------------------------------------------- plans")
        .expect("plans");
    let text: String = format!("{}{}", &text[..start], &text[end..])
        .lines()
        .filter(|l| !l.starts_with("consent_on = "))
        .map(|l| format!("{l}\n"))
        .collect();
    let s = parse_flagship(&text);
    assert!(s.consent_rule().is_unanimity());
    bencher.bench(|| {
        analyze(&s, &Options::default())
            .expect("analyzed")
            .frontier
            .len()
    });
}

/// Six parties, five issues of six options, walk-aways 0.3 (7,776 outcomes); with `rule`, a
/// 5-of-6 rule with two required parties.
fn six_parties(rule: bool) -> Scenario {
    let shape = Shape {
        parties: 6,
        issues: 5,
        options: 6,
        walk_away: 0.3,
        interactions: false,
    };
    let mut text = additive_scenario(shape, 6010);
    if rule {
        text += "\n[agreement]\nquorum = 5\nrequired = [\"p0\", \"p1\"]\n";
    }
    let s = accord_model::parse(&text)
        .scenario
        .expect("synthetic scenarios are valid");
    assert_eq!(s.consent_rule().is_unanimity(), !rule);
    s
}

fn coalitions(s: &Scenario, method: Method) -> usize {
    let options = Options {
        method,
        ..Options::default()
    };
    let a = analyze(s, &options).expect("analyzed");
    a.rule
        .map_or(0, |r| r.coalitions.map_or(0, |c| c.listed.len()))
}

/// The 6-party game under a 5-of-6 rule with two required parties, by merge (the default
/// method). Target (issue 12): under 50 ms.
#[divan::bench(sample_count = 10)]
fn six_parties_five_of_six(bencher: divan::Bencher) {
    let s = six_parties(true);
    bencher.bench(|| coalitions(&s, Method::Auto));
}

/// The same analysis by enumeration: the peer of [`six_parties_five_of_six`].
#[divan::bench(sample_count = 10)]
fn six_parties_five_of_six_enumerate(bencher: divan::Bencher) {
    let s = six_parties(true);
    bencher.bench(|| coalitions(&s, Method::Enumerate));
}

/// The same game under unanimity: the peer for the cost of the rule.
#[divan::bench(sample_count = 10)]
fn six_parties_unanimity(bencher: divan::Bencher) {
    let s = six_parties(false);
    bencher.bench(|| coalitions(&s, Method::Auto));
}

/// The amendment search the report runs on the flagship's partial 20-point draft (at most 8
/// changes, as the report asks): the candidates pruned on the vetoers' red lines and
/// walk-aways, each change set's outcomes searched in parallel. Peer in the README: the
/// flagship report before the pruning, 39.6 s against 12.5 s in one run.
#[divan::bench(sample_count = 3)]
fn flagship_amend_20_points(bencher: divan::Bencher) {
    let s = parse_flagship(&flagship_text());
    let plan = s.find_plan("us_ua_20").expect("the 20-point draft");
    bencher.bench(|| {
        accord_analysis::amend::amendments(&s, plan, 8).map_or(0, |a| a.amendments.len())
    });
}

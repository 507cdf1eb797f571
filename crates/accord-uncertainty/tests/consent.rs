//! Robustness under an agreement rule (issue 12): a quorum, and a ratifier whose walk-away
//! interval drives the verdict of the party it ratifies for.

use accord_model::Scenario;
use accord_uncertainty::robust::{RobustConfig, search};
use accord_uncertainty::{Config, run};

/// A, B and C on one issue; a council ratifies for A. Plan `p1` sets x = o1, where A gets 0.75
/// (walk-away 0), the council 0.7 (walk-away uniform on [0.3, 0.9]: it ratifies with
/// probability 2/3), B 0.25 (walk-away uniform on [0.2, 0.6]: probability 1/8), C 0.5 (0).
/// `p2` leaves x open.
fn scenario(agreement: &str) -> Scenario {
    let text = format!(
        r#"format = "accord/1"
[scenario]
id = "council"
title = "Council"
[areas.all]
title = "All"
[issues.x]
area = "all"
title = "X"
options = [{{ id = "o0" }}, {{ id = "o1" }}, {{ id = "o2" }}, {{ id = "o3" }}, {{ id = "o4" }}]
{agreement}
[parties.a]
name = "A"
walk_away = 0
[parties.a.weights]
x = 1
[parties.a.scores.x]
o0 = 1
o1 = 0.75
o2 = 0.5
o3 = 0.25
o4 = 0
[parties.b]
name = "B"
walk_away = [0.2, 0.6]
[parties.b.weights]
x = 1
[parties.b.scores.x]
o0 = 0
o1 = 0.25
o2 = 0.5
o3 = 0.75
o4 = 1
[parties.c]
name = "C"
walk_away = 0
[parties.c.weights]
x = 1
[parties.c.scores.x]
o0 = 0
o1 = 0.5
o2 = 1
o3 = 0.5
o4 = 0
[parties.council]
name = "Council"
ratifies = "a"
walk_away = [0.3, 0.9]
[parties.council.weights]
x = 1
[parties.council.scores.x]
o0 = 1
o1 = 0.7
o2 = 0.2
o3 = 0
o4 = 0
[plans.p1]
title = "P1"
[plans.p1.terms]
x = "o1"
[plans.p2]
title = "P2"
"#
    );
    let parsed = accord_model::parse(&text);
    let errors: Vec<_> = parsed.errors().map(|d| d.message.clone()).collect();
    parsed.scenario.unwrap_or_else(|| panic!("{errors:?}"))
}

fn config() -> Config {
    Config {
        seed: 5,
        max_samples: 40_000,
        precision: 0.0,
        cancel: accord_model::Cancel::never(),
    }
}

#[track_caller]
fn close(got: &accord_uncertainty::Measured, want: f64) {
    assert!(
        (got.estimate - want).abs() <= 4.0 * got.standard_error.max(1e-3),
        "{} ± {} against {want}",
        got.estimate,
        got.standard_error
    );
}

#[test]
fn a_ratifier_drives_its_partys_verdict() {
    let s = scenario("");
    let p1 = s.find_plan("p1").unwrap();
    let r = run(&s, &[p1], &config(), &|_, _| {});
    let plan = &r.plans[0];
    let a = &plan.parties[0];
    // A accepts on its own always; with its council, 2/3 of the time.
    close(&a.accept, 2.0 / 3.0);
    let own = a.own_accept.unwrap();
    assert_eq!(own.estimate, 1.0);
    assert!((a.rejection.ratifiers.unwrap() - (1.0 - a.accept.estimate)).abs() < 1e-12);
    assert_eq!(a.rejection.red_line, 0.0);
    // The council's walk-away is A's main driver: a higher walk-away, less acceptance.
    let top = &a.drivers[0];
    assert_eq!(top.input, "parties.council.walk_away");
    assert!(top.rank_correlation < -0.5, "{top:?}");
    let explanation = accord_uncertainty::explain(&s, "A", "p1", a);
    assert!(
        explanation.contains("because its ratifiers refuse"),
        "{explanation}"
    );
    // Parties without ratifiers carry no new fields.
    assert!(plan.parties[1].own_accept.is_none());
    assert!(plan.parties[1].rejection.ratifiers.is_none());
    let json = serde_json::to_value(&plan.parties[1]).unwrap();
    assert!(json.get("own_accept").is_none());
    // Unanimity with the ratifier: 2/3 × 1/8.
    close(&plan.agreement, 2.0 / 3.0 / 8.0);
}

#[test]
fn agreement_under_a_quorum() {
    let s = scenario("[agreement]\nquorum = 2\n");
    let p1 = s.find_plan("p1").unwrap();
    let r = run(&s, &[p1], &config(), &|_, _| {});
    // C always accepts; A (with its council) or B must: 1 − (1/3)(7/8).
    close(&r.plans[0].agreement, 1.0 - (1.0 / 3.0) * (7.0 / 8.0));
    // x open: C is in (it accepts every option); A is undecided (its council accepts o0,
    // never o4), B too (o4 always, o0 never): one in, three possible, so the agreement is
    // undetermined in every draw (evaluate_terms decides it under the rule).
    let p2 = s.find_plan("p2").unwrap();
    let r2 = run(&s, &[p2], &config(), &|_, _| {});
    assert_eq!(r2.plans[0].agreement.estimate, 0.0);
    assert_eq!(r2.plans[0].agreement_undetermined, 1.0);
    // A's verdict is undetermined with its council, accept on its own.
    let a = &r2.plans[0].parties[0];
    assert_eq!(a.undetermined, 1.0);
    assert_eq!(a.own_accept.unwrap().estimate, 1.0);
}

#[test]
fn robust_search_counts_agreements_under_the_rule() {
    for agreement in ["", "[agreement]\nquorum = 2\n"] {
        let s = scenario(agreement);
        let p1 = s.find_plan("p1").unwrap();
        let samples = 4000;
        let robust = search(
            &s,
            &[p1],
            &RobustConfig {
                seed: 5,
                samples,
                max_changes: 1,
            },
        )
        .unwrap();
        // The plan unchanged, scored by the search, equals a direct run on the same draws.
        let direct = run(
            &s,
            &[p1],
            &Config {
                seed: 5,
                max_samples: samples,
                precision: 0.0,
                cancel: accord_model::Cancel::never(),
            },
            &|_, _| {},
        );
        let unchanged = &robust.amendments[0].by_size[0];
        assert!(unchanged.changes.is_empty());
        assert_eq!(
            unchanged.agreement.estimate, direct.plans[0].agreement.estimate,
            "rule {agreement:?}"
        );
        // Every outcome's probability is a direct run's of that outcome.
        for o in &robust.outcomes {
            let what_if = accord_model::whatif::WhatIf::set(&format!(
                "plans.p1.terms.x={}",
                s.issue(accord_model::IssueIx::from_usize(0))
                    .option_value(o.outcome[0])
            ))
            .unwrap();
            let changed = accord_model::whatif::apply(&s, &[what_if]).unwrap();
            let d = run(
                &changed,
                &[changed.find_plan("p1").unwrap()],
                &Config {
                    seed: 5,
                    max_samples: samples,
                    precision: 0.0,
                    cancel: accord_model::Cancel::never(),
                },
                &|_, _| {},
            );
            assert_eq!(o.agreement.estimate, d.plans[0].agreement.estimate);
        }
    }
}

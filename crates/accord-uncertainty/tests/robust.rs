//! Robust solutions against direct Monte Carlo runs on the same draws.

use std::path::{Path, PathBuf};

use accord_model::whatif::{WhatIf, apply};
use accord_model::{OptionIx, PlanIx, Scenario};
use accord_uncertainty::robust::{RobustConfig, search};
use accord_uncertainty::{Config, run};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn load(rel: &str) -> Scenario {
    let text = std::fs::read_to_string(root().join(rel)).expect("scenario");
    accord_model::parse(&text).scenario.expect("valid")
}

const SAMPLES: u64 = 3000;

/// The probability of agreement of `plan` after what-ifs, by a plain robustness run on the same
/// draws (same seed, same number of samples).
fn direct(s: &Scenario, plan: &str, sets: &[String]) -> f64 {
    let what_ifs: Vec<WhatIf> = sets.iter().map(|w| WhatIf::set(w).unwrap()).collect();
    let changed = apply(s, &what_ifs).unwrap();
    let p = changed.find_plan(plan).unwrap();
    let r = run(
        &changed,
        &[p],
        &Config {
            seed: 4,
            max_samples: SAMPLES,
            precision: 0.0,
            cancel: accord_model::Cancel::never(),
        },
        &|_, _| {},
    );
    r.plans[0].agreement.estimate
}

/// What-ifs that set every term of `plan` to `outcome`.
fn set_of(s: &Scenario, plan: &str, outcome: &[OptionIx]) -> Vec<String> {
    s.issues()
        .iter()
        .zip(outcome)
        .map(|(issue, &o)| {
            let v = issue.option_value(o);
            format!("plans.{plan}.terms.{}={v}", issue.id())
        })
        .collect()
}

/// The id of an option of the issue `issue`.
fn option_id(s: &Scenario, issue: accord_model::IssueIx, o: OptionIx) -> String {
    s.issue(issue).option_value(o).to_string()
}

#[test]
fn amendments_of_draft_b() {
    let s = load("examples/toy-border.toml");
    let plan = s.find_plan("draft_b").unwrap();
    let r = search(
        &s,
        &[plan],
        &RobustConfig {
            seed: 4,
            samples: SAMPLES,
            max_changes: 2,
        },
    )
    .unwrap();
    let a = &r.amendments[0];
    assert_eq!(a.plan, plan);
    // As drafted: East accepts in about 11/12 of the draws, the same figure as a direct run.
    assert!(a.by_size[0].changes.is_empty());
    assert_eq!(a.by_size[0].agreement.estimate, direct(&s, "draft_b", &[]));
    // One change makes agreement certain; the first such change in issue then option order is
    // buffer: wide -> none (border moves lose East or cross West's red line).
    let one = &a.by_size[1];
    assert_eq!(one.agreement.estimate, 1.0);
    assert_eq!(one.changes.len(), 1);
    let c = one.changes[0];
    assert_eq!(s.issue(c.issue).id().as_str(), "buffer");
    assert_eq!(
        c.from.map(|o| option_id(&s, c.issue, o)).as_deref(),
        Some("wide")
    );
    assert_eq!(option_id(&s, c.issue, c.to), "none");
    assert_eq!(
        direct(&s, "draft_b", &["plans.draft_b.terms.buffer=none".into()]),
        1.0
    );
    // Certain agreement ends the search.
    assert_eq!(a.by_size.len(), 2);
    assert_eq!(a.stopped, None);
}

/// Every single change of draft_b scored by a direct run: none beats the one found.
#[test]
fn the_best_single_change_is_the_best() {
    let s = load("examples/toy-border.toml");
    let plan = s.find_plan("draft_b").unwrap();
    let r = search(
        &s,
        &[plan],
        &RobustConfig {
            seed: 4,
            samples: SAMPLES,
            max_changes: 1,
        },
    )
    .unwrap();
    let best = r.amendments[0].by_size[1].agreement.estimate;
    for (issue, values) in [
        ("border", vec!["old_border", "river"]),
        ("buffer", vec!["none", "narrow"]),
        ("fund", vec!["0", "25", "75", "100"]),
    ] {
        for v in values {
            let p = direct(&s, "draft_b", &[format!("plans.draft_b.terms.{issue}={v}")]);
            assert!(p <= best, "{issue}={v}: {p} > {best}");
        }
    }
}

/// The toy's 45 outcomes are searched exhaustively; the best one's probability is checked by a
/// direct run, and no outcome does better.
#[test]
fn robust_outcomes_are_exhaustive_on_small_spaces() {
    let s = load("examples/toy-border.toml");
    let plans: Vec<PlanIx> = s.plan_ixs().collect();
    let r = search(
        &s,
        &plans,
        &RobustConfig {
            seed: 4,
            samples: SAMPLES,
            max_changes: 0,
        },
    )
    .unwrap();
    assert!(r.outcomes_exhaustive);
    assert_eq!(r.outcomes.len(), 5);
    let top = &r.outcomes[0];
    assert_eq!(
        direct(&s, "draft_a", &set_of(&s, "draft_a", &top.outcome)),
        top.agreement.estimate
    );
    for w in r.outcomes.windows(2) {
        assert!(w[0].agreement.estimate >= w[1].agreement.estimate);
    }
    // No outcome beats the top one.
    for border in ["old_border", "line_of_contact", "river"] {
        for buffer in ["none", "narrow", "wide"] {
            for fund in [0, 25, 50, 75, 100] {
                let sets = vec![
                    format!("plans.draft_a.terms.border={border}"),
                    format!("plans.draft_a.terms.buffer={buffer}"),
                    format!("plans.draft_a.terms.fund={fund}"),
                ];
                assert!(direct(&s, "draft_a", &sets) <= top.agreement.estimate);
            }
        }
    }
}

#[test]
fn open_issues_must_be_settled() {
    let s = load("tests/data/valid/partial-plans.toml");
    let plan = s.find_plan("silent").unwrap();
    let r = search(
        &s,
        &[plan],
        &RobustConfig {
            seed: 1,
            samples: 500,
            max_changes: 1,
        },
    )
    .unwrap();
    let first = &r.amendments[0].by_size[0];
    // a and b are open: the smallest amendment settles both.
    let issues: Vec<&str> = first
        .changes
        .iter()
        .map(|c| s.issue(c.issue).id().as_str())
        .collect();
    assert_eq!(issues, ["a", "b"]);
    assert!(first.changes.iter().all(|c| c.from.is_none()));
    // P's red line b = z is never chosen: it would make agreement impossible.
    let b = first.changes[1];
    assert_ne!(option_id(&s, b.issue, b.to), "z");
    assert!(first.agreement.estimate > 0.0);
}

#[test]
fn oversized_searches_are_refused() {
    let s = load("examples/toy-border.toml");
    let e = search(
        &s,
        &[],
        &RobustConfig {
            seed: 1,
            samples: 10_000_000,
            max_changes: 1,
        },
    )
    .unwrap_err();
    assert!(e.0.contains("use fewer samples"), "{}", e.0);
}

/// The probability of agreement of given outcomes equals a plain robustness run of the same
/// terms on the same draws.
#[test]
fn agreement_probabilities_are_those_of_a_direct_run() {
    let s = load("examples/toy-border.toml");
    let plan = s.find_plan("draft_b").unwrap();
    let r = search(
        &s,
        &[plan],
        &RobustConfig {
            seed: 4,
            samples: SAMPLES,
            max_changes: 1,
        },
    )
    .unwrap();
    let drafted: Vec<OptionIx> = accord_model::plan_terms(&s, plan)
        .into_iter()
        .map(|t| t.unwrap())
        .collect();
    let mut changed = drafted.clone();
    for c in &r.amendments[0].by_size[1].changes {
        changed[c.issue.index()] = c.to;
    }
    let outcomes = vec![drafted.clone(), changed.clone()];
    let p = accord_uncertainty::robust::agreement_probabilities(&s, &outcomes, 4, SAMPLES).unwrap();
    assert_eq!(p.len(), 2);
    for (o, m) in outcomes.iter().zip(&p) {
        assert_eq!(m.estimate, direct(&s, "draft_b", &set_of(&s, "draft_b", o)));
        let se = (m.estimate * (1.0 - m.estimate) / SAMPLES as f64).sqrt();
        assert_eq!(m.standard_error, se);
    }
    // Draft B as drafted is not certain; its best single change is.
    assert!(p[0].estimate < 1.0);
    assert_eq!(p[1].estimate, 1.0);
}

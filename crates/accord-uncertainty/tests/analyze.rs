//! `analyze`: `accord robustness` as one call, its typed errors and its wire type.

use std::path::{Path, PathBuf};

use accord_model::Scenario;
use accord_uncertainty::robust::{MAX_TABLE, RobustConfig, search};
use accord_uncertainty::{Config, Error, analyze, run};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn toy_text() -> String {
    std::fs::read_to_string(root().join("examples/toy-border.toml")).expect("the toy")
}

fn toy() -> Scenario {
    accord_model::parse(&toy_text()).scenario.expect("valid")
}

const CONFIG: Config = Config {
    seed: 3,
    max_samples: 4000,
    precision: 0.0,
};

#[test]
fn analyze_is_the_run_and_the_search_on_the_plans_asked() {
    let s = toy();
    let robust = RobustConfig {
        seed: 3,
        samples: 500,
        max_changes: 1,
    };
    let a = analyze(&s, &["draft_b"], &CONFIG, Some(&robust), &|_, _| {}).unwrap();
    let b = s.resolve_plan("draft_b").unwrap();
    assert_eq!(a.plans, [b]);
    assert_eq!(a.result, run(&s, &[b], &CONFIG, &|_, _| {}));
    assert_eq!(a.robust, Some(search(&s, &[b], &robust).unwrap()));

    // The JSON: the run's fields, then `robust`; without a search, no `robust` key.
    let mut expected = serde_json::to_value(&a.result).unwrap();
    expected["robust"] = serde_json::to_value(a.robust.as_ref().unwrap()).unwrap();
    assert_eq!(
        serde_json::to_string(&a.json()).unwrap(),
        serde_json::to_string(&expected).unwrap()
    );
    let every = analyze(&s, &[] as &[&str], &CONFIG, None, &|_, _| {}).unwrap();
    assert_eq!(every.plans.len(), 2);
    let v = serde_json::to_value(every.json()).unwrap();
    assert!(v.get("robust").is_none());
    assert_eq!(v["plans"][1]["plan"], "draft_b");
}

#[test]
fn unknown_plans_missing_plans_and_oversized_searches_are_typed() {
    let s = toy();
    match analyze(&s, &["draft_c"], &CONFIG, None, &|_, _| {}) {
        Err(Error::UnknownPlan(e)) => assert_eq!(e.suggestion.as_deref(), Some("draft_a")),
        other => panic!("expected an unknown plan, got {other:?}"),
    }
    let text = toy_text();
    let bare = accord_model::parse(&text[..text.find("[plans.draft_a]").unwrap()])
        .scenario
        .expect("valid without plans");
    let e = analyze(&bare, &[] as &[&str], &CONFIG, None, &|_, _| {}).unwrap_err();
    assert_eq!(e.to_string(), "scenario `toy-border` has no plans to test");

    let huge = RobustConfig {
        seed: 1,
        samples: MAX_TABLE as u64,
        max_changes: 1,
    };
    let e = analyze(&s, &["draft_a"], &CONFIG, Some(&huge), &|_, _| {}).unwrap_err();
    assert!(matches!(e, Error::TooLarge(_)), "{e:?}");
    assert!(e.to_string().contains("table entries"), "{e}");
}

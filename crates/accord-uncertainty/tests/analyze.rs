//! `analyze`: `accord robustness` as one call, its typed errors and its wire type.

use std::path::{Path, PathBuf};

use accord_model::Scenario;
use accord_uncertainty::robust::{MAX_TABLE, RobustConfig, search};
use accord_uncertainty::{Config, Error, RobustSolutionsJson, analyze, run};

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
    cancel: accord_model::Cancel::never(),
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
    expected["robust"] =
        serde_json::to_value(RobustSolutionsJson::new(&s, a.robust.as_ref().unwrap())).unwrap();
    assert_eq!(
        serde_json::to_string(&a.json(&s)).unwrap(),
        serde_json::to_string(&expected).unwrap()
    );
    let every = analyze(&s, &[] as &[&str], &CONFIG, None, &|_, _| {}).unwrap();
    assert_eq!(every.plans.len(), 2);
    let v = serde_json::to_value(every.json(&s)).unwrap();
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

/// The wire type writes the model's indices as the scenario's ids: issues and options by id,
/// grid points as numbers (integers where whole), every issue of an outcome in file order, an
/// open issue's `from` as null.
#[test]
fn robust_json_names_issues_options_and_plans_by_id() {
    let s = toy();
    let b = s.resolve_plan("draft_b").unwrap();
    let r = search(
        &s,
        &[b],
        &RobustConfig {
            seed: 4,
            samples: 3000,
            max_changes: 1,
        },
    )
    .unwrap();
    let v = serde_json::to_value(RobustSolutionsJson::new(&s, &r)).unwrap();
    let a = &v["amendments"][0];
    assert_eq!(a["plan"], "draft_b");
    assert_eq!(a["stopped"], serde_json::Value::Null);
    assert_eq!(
        a["by_size"][1]["changes"],
        serde_json::json!([{ "issue": "buffer", "from": "wide", "to": "none" }])
    );
    let terms = v["outcomes"][0]["terms"].as_object().unwrap();
    let keys: Vec<&str> = terms.keys().map(String::as_str).collect();
    assert_eq!(keys, ["border", "buffer", "fund"]);
    let top = &r.outcomes[0].outcome;
    for (issue, &o) in s.issues().iter().zip(top) {
        assert_eq!(terms[issue.id().as_str()], issue.option_value(o).to_json());
    }
    assert!(terms["fund"].is_i64(), "{}", terms["fund"]);

    let partial_text =
        std::fs::read_to_string(root().join("tests/data/valid/partial-plans.toml")).unwrap();
    let partial = accord_model::parse(&partial_text).scenario.unwrap();
    let silent = partial.resolve_plan("silent").unwrap();
    let r = search(
        &partial,
        &[silent],
        &RobustConfig {
            seed: 1,
            samples: 500,
            max_changes: 0,
        },
    )
    .unwrap();
    let v = serde_json::to_value(RobustSolutionsJson::new(&partial, &r)).unwrap();
    let first = &v["amendments"][0]["by_size"][0]["changes"][0];
    assert_eq!(first["issue"], "a");
    assert_eq!(first["from"], serde_json::Value::Null);
}

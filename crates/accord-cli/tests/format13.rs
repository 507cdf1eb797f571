//! The format additions of issue 13 (scenario.md, "added 2026-11") and observers (issue 17):
//! option lists and `open` in plan terms, `revises`, disputed roles, source reliability and
//! caution, observers — on `tests/data/valid/river-treaty.toml`, at 100 columns.

use crate::common;

use common::{accord, accord_env, json, stderr, stdout};

const FILE: &str = "tests/data/valid/river-treaty.toml";

fn people(args: &[&str]) -> String {
    let o = accord_env(args, &[("COLUMNS", "100")]);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    stdout(&o)
}

#[test]
fn show_lists_observers_lists_open_revises_disputed_roles_and_reliability() {
    let out = people(&["show", FILE]);
    insta::assert_snapshot!("show", out);
    assert!(out.contains("no: observer"), "{out}");
    assert!(
        out.contains("Downstream share of the flow: open over 40% | 50%"),
        "{out}"
    );
    assert!(
        out.contains("Who monitors the flow: open (left open by the draft)"),
        "{out}"
    );
    assert!(out.contains("revises:    First draft (first)"), "{out}");
    assert!(out.contains("Upstream (disputed)"), "{out}");
    assert!(
        out.contains("reliability low: one anonymous participant"),
        "{out}"
    );
    assert!(out.contains("[1, 3*]"), "{out}");
}

#[test]
fn evaluate_ranges_over_listed_options_and_leaves_the_observer_out() {
    let out = people(&["evaluate", FILE]);
    insta::assert_snapshot!("evaluate", out);
    assert!(!out.contains("│ Basin facilitator"), "{out}");
    assert!(
        out.contains("observers (no preferences modelled, never in verdicts): Basin facilitator")
    );
    assert!(
        out.contains("Downstream share of the flow is open over 40% | 50% only"),
        "{out}"
    );

    let o = accord(&["evaluate", FILE, "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v = json(&o);
    insta::assert_json_snapshot!("evaluate-json", v);
    for plan in v.as_array().unwrap() {
        let ids: Vec<&str> = plan["parties"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["party"].as_str().unwrap())
            .collect();
        assert_eq!(ids, ["up", "down"]);
    }
    assert_eq!(
        v[1]["open_over"],
        serde_json::json!({ "share": ["s40", "s50"] })
    );
    assert_eq!(v[1]["parties"][1]["verdict"], "accept");
    assert!(v[0].get("open_over").is_none());
}

#[test]
fn observers_are_never_in_frontiers_solutions_or_robustness_tables() {
    let v = json(&accord(&["analyze", FILE, "--json"]));
    assert_eq!(v["parties"], serde_json::json!(["up", "down"]));
    let out = people(&["robustness", FILE, "--samples", "200"]);
    assert!(!out.contains("Basin facilitator"), "{out}");
    // The Monte Carlo ranges over the listed options too: Downstream's red line (30%) is not
    // among the second draft's shares, so it accepts in every draw, never "depends".
    let v = json(&accord(&["robustness", FILE, "--samples", "200", "--json"]));
    let down = &v["plans"][1]["parties"][1];
    assert_eq!(v["plans"][1]["plan"], "second");
    assert_eq!(down["party"], "down");
    assert_eq!(down["accept"]["estimate"], 1.0);
    assert_eq!(down["undetermined"], 0.0);
    let o = accord(&["simulate", FILE, "--party", "facilitator", "--party", "up"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("facilitator"), "{}", stderr(&o));
}

#[test]
fn the_report_shows_revises_disputed_roles_listed_options_and_reliability() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.md");
    let o = accord(&["report", FILE, "-o", path.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let md = std::fs::read_to_string(&path).unwrap();
    // What a draft revises is said once, under "How the drafts differ".
    assert!(md.contains("revises First draft"), "{md}");
    assert!(!md.contains("Revises First draft (`first`)."), "{md}");
    assert!(
        md.contains("Drafted by: Basin facilitator, Upstream (disputed)"),
        "{md}"
    );
    assert!(
        md.contains("The sources disagree on Upstream's role (drafted)."),
        "{md}"
    );
    assert!(
        md.contains("Downstream share of the flow is open over 40% or 50% only"),
        "{md}"
    );
    assert!(
        md.contains("**low reliability**: one anonymous participant")
            && md.contains("[blog](#src-blog) (low reliability)"),
        "{md}"
    );
    assert!(md.contains("observer: takes part"), "{md}");
    // The overview table has a column per modelled party only.
    let header = md.lines().find(|l| l.starts_with("| Draft |")).unwrap();
    assert!(!header.contains("Basin facilitator"), "{header}");
}

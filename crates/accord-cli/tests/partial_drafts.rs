//! `improve` and `amend` on partial drafts (issue 17, part 3), on
//! `tests/data/valid/river-treaty.toml`: its draft `second` leaves the monitor open, lists two
//! shares and settles the dam; `counter` lists two dam options. Expected figures worked by hand
//! from the file (scenario.md's utility: weight shares × scores):
//!
//! | outcome (share, dam, monitor) | up   | down |
//! | ----------------------------- | ---- | ---- |
//! | s40 smaller none              | 0.60 | 0.54 |
//! | s40 smaller joint             | 0.56 | 0.61 |
//! | s40 smaller third             | 0.52 | 0.64 |
//! | s50 build joint               | 0.51 | 0.70 |
//! | s50 build third               | 0.47 | 0.73 |
//! | s50 smaller none/joint/third  | 0.35 / 0.31 / 0.27 | 0.78 / 0.85 / 0.88 |
//! | s50 halt third                | 0.07 (red line) | 1.00 |
//!
//! Walk-aways: up 0.4, down 0.4 (midpoint of [0.35, 0.45]).

use crate::common;

use common::{accord, accord_env, json, stderr, stdout};

const FILE: &str = "tests/data/valid/river-treaty.toml";

fn people(args: &[&str]) -> String {
    let o = accord_env(args, &[("COLUMNS", "100")]);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    stdout(&o)
}

fn close(v: &serde_json::Value, x: f64) -> bool {
    (v.as_f64().unwrap() - x).abs() < 1e-9
}

/// `second`: some completions are agreements (share 40%), so the minimal amendment changes
/// nothing and settles the open issues, the cheapest for the signatories (the drafter is an
/// observer): share 40%, a joint commission (sum 1.17; base 0.435 + 0.71 = 1.145).
#[test]
fn amend_settles_the_open_issues_of_a_partial_draft() {
    let o = accord(&["amend", FILE, "--plan", "second", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v = json(&o);
    insta::assert_json_snapshot!("amend-second-json", v);
    assert_eq!(v["already_agreement"], false);
    assert_eq!(v["open_issues"], serde_json::json!(["share", "monitor"]));
    assert_eq!(v["drafters"], serde_json::json!(["up", "down"]));
    let a = v["amendments"].as_array().unwrap();
    assert_eq!(a.len(), 1);
    assert_eq!(a[0]["changes"], serde_json::json!({}));
    assert_eq!(
        a[0]["settled"],
        serde_json::json!({"share": "s40", "monitor": "joint"})
    );
    assert!(close(&a[0]["drafters_cost"], 1.145 - 1.17));
    assert!(close(&a[0]["utilities"][0], 0.56) && close(&a[0]["utilities"][1], 0.61));
    // Both clear their walk-away in every draw (down's highest is 0.45).
    assert_eq!(a[0]["agreement_probability"]["estimate"], 1.0);
    assert_eq!(v["draws"], serde_json::json!({"samples": 2000, "seed": 1}));

    let out = people(&["amend", FILE, "--plan", "second"]);
    insta::assert_snapshot!("amend-second", out);
    assert!(
        out.contains("leaves open: Downstream share of the flow; Who monitors the flow"),
        "{out}"
    );
    assert!(out.contains("is not a\n  change"), "{out}");
    assert!(out.contains("Downstream share of the flow:"), "{out}");
    assert!(out.contains("Who monitors the flow: A joint"), "{out}");
    assert!(out.contains("in 100% of draws"), "{out}");
    assert!(
        out.lines()
            .all(|l| l.chars().count() <= 100 || !l.starts_with('│')),
        "{out}"
    );
    assert!(out.contains("2000 draws"), "{out}");
    // The cost here is negative (a gain for the signatories): the legend says what that means.
    assert!(out.contains("-0.025"), "{out}");
    assert!(
        out.contains("negative when the change\n  gains them utility overall")
            || out.contains("negative when the change gains them utility overall"),
        "{out}"
    );
    assert!(out.contains("midpoint of its range"), "{out}");
}

/// `counter` (drafted by down) lists dam ∈ {smaller, halt}; halt crosses up's red line. The
/// minimal sets: the dam changed to `build` (out of the list; down 0.73) and the share changed
/// to 40% with the dam settled as `smaller` (down 0.64). Down's base is the midpoint of
/// [0.88, 1.00].
#[test]
fn amend_changes_a_listed_issue_out_of_its_list_only_as_a_change() {
    let o = accord(&["amend", FILE, "--plan", "counter", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(v["open_issues"], serde_json::json!(["dam"]));
    assert_eq!(v["drafters"], serde_json::json!(["down"]));
    let a = v["amendments"].as_array().unwrap();
    assert_eq!(a.len(), 2, "{v}");
    assert_eq!(a[0]["changes"], serde_json::json!({"dam": "build"}));
    assert_eq!(a[0]["settled"], serde_json::json!({}));
    assert!(close(&a[0]["drafters_cost"], 0.94 - 0.73));
    assert_eq!(a[1]["changes"], serde_json::json!({"share": "s40"}));
    assert_eq!(a[1]["settled"], serde_json::json!({"dam": "smaller"}));
    assert!(close(&a[1]["drafters_cost"], 0.94 - 0.64));
}

/// A complete draft that is already an agreement: nothing to amend, nothing open.
#[test]
fn amend_of_a_complete_agreement_is_unchanged() {
    let o = accord(&["amend", FILE, "--plan", "first", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(v["already_agreement"], true);
    assert_eq!(v["amendments"], serde_json::json!([]));
    assert_eq!(v["open_issues"], serde_json::json!([]));
}

/// `improve` on `second`: the floors are the least the draft gives (up 0.27, down 0.54); all
/// nine outcomes above are undominated and meet them; the utilitarian and Nash best is share
/// 50%, the dam built (a change: the draft says smaller), a joint commission (1.21; Nash
/// 0.24 × 0.16).
#[test]
fn improve_measures_a_partial_draft_from_its_least() {
    let o = accord(&["improve", FILE, "--plan", "second", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v = json(&o);
    insta::assert_json_snapshot!("improve-second-json", v);
    assert_eq!(v["open_issues"], serde_json::json!(["share", "monitor"]));
    assert!(close(&v["draft"][0], 0.27) && close(&v["draft"][1], 0.54));
    assert!(close(&v["draft_range"][0][1], 0.6) && close(&v["draft_range"][1][1], 0.88));
    for key in ["nash", "utilitarian"] {
        let list = v["improvements"][key].as_array().unwrap();
        assert_eq!(list.len(), 9, "{key}");
        assert_eq!(
            list[0]["changes"],
            serde_json::json!({"dam": "build"}),
            "{key}"
        );
        assert_eq!(
            list[0]["settled"],
            serde_json::json!({"share": "s50", "monitor": "joint"}),
            "{key}"
        );
    }
    let out = people(&["improve", FILE, "--plan", "second"]);
    insta::assert_snapshot!("improve-second", out);
    assert!(
        out.contains("the draft leaves open: Downstream share of the flow; Who monitors the flow"),
        "{out}"
    );
    assert!(out.contains("smaller → Built as planned"), "{out}");
    assert!(out.contains("flow: 50%"), "{out}");
    // Fits 100 columns.
    assert!(
        out.lines()
            .all(|l| l.chars().count() <= 100 || !l.starts_with('│')),
        "{out}"
    );
}

/// The README's "Partial drafts" section quotes this output: if it changes, the README must
/// change with it.
#[test]
fn the_readme_quotes_amend_on_the_counter_proposal() {
    let out = people(&["amend", FILE, "--plan", "counter"]);
    let readme = std::fs::read_to_string(common::root().join("README.md")).unwrap();
    assert!(readme.contains(&out), "README lacks:\n{out}");
}

//! Whose consent an agreement needs (issue 12): a scenario without a rule means exactly what
//! it meant before, and the commands show the rule where a scenario has one.

use crate::common;

use std::path::{Path, PathBuf};

use common::{accord, json, root, stderr, stdout};
use serde_json::json;

/// Every fixture: the shared scenarios, the examples and the test data (files that parse).
fn fixtures() -> Vec<PathBuf> {
    let mut files = Vec::new();
    let dirs = [
        root().join("../shared/scenarios"),
        root().join("examples"),
        root().join("tests/data/valid"),
        root().join("tests/data/strict"),
        root().join("tests/data/invalid"),
    ];
    for dir in dirs {
        let mut here: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.expect("a directory entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .collect();
        here.sort();
        files.extend(here);
    }
    files
}

/// Runs `accord ARGS FILE` and returns (exit code, stdout).
fn run(command: &[&str], file: &Path) -> (Option<i32>, String) {
    let mut args: Vec<&str> = command.to_vec();
    let file = file.display().to_string();
    args.insert(1, &file);
    let o = accord(&args);
    (o.status.code(), stdout(&o))
}

/// The unchanged-without-rules test: for every fixture without a rule, `evaluate` (table and
/// `--json`), `show` and, on the small ones, `analyze --json` print byte for byte the same as for the same file
/// with the default rule written out (`[agreement]` with `quorum` = the number of
/// signatories).
#[test]
fn an_explicit_default_rule_changes_no_output() {
    let dir = tempfile::tempdir().unwrap();
    let mut compared = 0;
    for file in fixtures() {
        let text = std::fs::read_to_string(&file).unwrap();
        let Some(scenario) = accord_model::parse(&text).scenario else {
            continue;
        };
        let rule = scenario.consent_rule();
        if !rule.is_unanimity() || scenario.agreement_rule().is_written() {
            continue;
        }
        let n = rule.signatories().len();
        let default = if n == 0 {
            "\n[agreement]\nrequired = []\n".to_owned()
        } else {
            format!("\n[agreement]\nquorum = {n}\n")
        };
        let copy = dir.path().join(file.file_name().unwrap());
        std::fs::write(&copy, format!("{text}{default}")).unwrap();
        let reparsed = accord_model::parse(&std::fs::read_to_string(&copy).unwrap());
        assert!(reparsed.scenario.is_some(), "{}", file.display());
        let small = scenario.outcome_count().is_some_and(|c| c <= 20_000);
        let mut commands: Vec<&[&str]> = vec![&["evaluate", "--json"], &["evaluate"], &["show"]];
        if small {
            commands.push(&["analyze", "--json"]);
        }
        for command in commands {
            let before = run(command, &file);
            let after = run(command, &copy);
            assert_eq!(
                before,
                after,
                "{} {}: output changed by an explicit default rule",
                command.join(" "),
                file.display()
            );
            compared += 1;
        }
    }
    assert!(compared >= 10, "only {compared} comparisons");
}

const MUNICIPAL: &str = "examples/municipal-package.toml";

/// Runs `accord` and pins its standard output as a named snapshot, with its exit status.
fn pin(name: &str, args: &[&str], status: i32) {
    let o = accord(args);
    assert_eq!(o.status.code(), Some(status), "{}", stderr(&o));
    insta::assert_snapshot!(name, stdout(&o));
}

#[test]
fn the_municipal_example_passes_strict_checks() {
    let o = accord(&["check", MUNICIPAL, "--strict"]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
}

#[test]
fn evaluate_shows_the_rule() {
    pin("evaluate-municipal", &["evaluate", MUNICIPAL], 0);
    pin(
        "evaluate-json-municipal",
        &["evaluate", MUNICIPAL, "--json"],
        0,
    );
    let o = accord(&["evaluate", MUNICIPAL, "--json"]);
    let all = json(&o);
    for plan in all.as_array().unwrap() {
        assert_eq!(plan["rule"]["quorum"], 5);
        assert_eq!(plan["rule"]["signatories"], 6);
        assert_eq!(
            plan["rule"]["required"],
            serde_json::json!(["state_fund", "dev_bank"])
        );
        for p in plan["parties"].as_array().unwrap() {
            let id = p["party"].as_str().unwrap();
            assert_eq!(p.get("own_verdict").is_some(), id == "mayor", "{id}");
            assert_eq!(p.get("asked").is_some(), id == "chamber", "{id}");
            assert_eq!(p.get("ratifies").is_some(), id == "council", "{id}");
        }
    }
}

#[test]
fn evaluate_what_ifs_on_the_rule() {
    pin(
        "evaluate-municipal-unanimity",
        &[
            "evaluate",
            MUNICIPAL,
            "--set",
            "agreement.quorum=6",
            "--set",
            "parties.chamber.consent_on=[tax, park]",
        ],
        0,
    );
    let o = accord(&["evaluate", MUNICIPAL, "--set", "agreement.quorum=9"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("quorum 9 is outside 1..=6"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn show_names_the_rule_and_the_roles() {
    pin("show-municipal", &["show", MUNICIPAL], 0);
}

#[test]
fn check_json_reports_every_misuse_of_the_rule() {
    let o = accord(&[
        "check",
        "tests/data/invalid/consent-every-misuse.toml",
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    json(&o);
    insta::assert_snapshot!("check-json-consent-misuse", stdout(&o));
}

/// `accord analyze MUNICIPAL --json` with what-ifs: (agreements, number of coalitions).
fn analyze_counts(sets: &[&str]) -> (serde_json::Value, usize) {
    let mut args = vec!["analyze", MUNICIPAL, "--json"];
    for s in sets {
        args.extend(["--set", s]);
    }
    let o = accord(&args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = json(&o);
    let coalitions = v["coalitions"].as_array().map_or(0, Vec::len);
    (v["agreements"].clone(), coalitions)
}

/// The README's tour section "Whose consent an agreement needs" quotes these figures of the
/// municipal example: if one changes, the README must change with it.
#[test]
fn the_readme_tour_figures_of_the_municipal_example() {
    let o = accord(&["evaluate", MUNICIPAL]);
    let text = stdout(&o);
    for line in [
        "rule: an agreement needs 5 of the 6 signatories, State infrastructure fund and Regional development bank among them",
        "  - Mayor's office: accept on its own; its ratifiers (1 of 1 needed): City council reject; so reject",
        "  - Chamber of commerce is not asked: the plan leaves Business tax surcharge to co-fund the package at the status quo (its own verdict would be accept)",
    ] {
        assert!(text.lines().any(|l| l == line), "{line}\n{text}");
    }
    let verdicts = json(&accord(&["evaluate", MUNICIPAL, "--json"]));
    let agreed: Vec<&serde_json::Value> = verdicts
        .as_array()
        .unwrap()
        .iter()
        .map(|p| &p["agreement"])
        .collect();
    assert_eq!(agreed, [&json!(false), &json!(true), &json!(false)]);

    let o = accord(&["analyze", MUNICIPAL, "--json"]);
    let a = json(&o);
    assert_eq!(a["outcomes"], 135);
    assert_eq!(a["agreements"], 45);
    assert_eq!(
        a["win_sets"],
        json!([{ "party": "mayor", "ratifiers": ["council"], "alone": 102,
                 "with_ratifiers": 88, "shrinks_most": "council" }])
    );
    let counts: Vec<&serde_json::Value> = a["coalitions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| &c["agreements"])
        .collect();
    assert_eq!(counts, [&json!(13), &json!(32), &json!(26), &json!(13)]);
    // Leaving out the chamber allows the best Nash product: a half-point surcharge, park only.
    let best = a["coalitions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| {
            c["members"] == json!(["mayor", "state_fund", "dev_bank", "residents", "transit"])
        })
        .unwrap();
    assert_eq!(best["solutions"]["nash"]["terms"]["tax"], "half");
    assert_eq!(best["solutions"]["nash"]["terms"]["park"], "park");
    let human = stdout(&accord(&["analyze", MUNICIPAL]));
    assert!(human.contains("outcomes: 135; agreements: 45"), "{human}");
    assert!(human.contains("Minimal winning coalitions: 4"), "{human}");
    // Including the chamber turns the strip into half park, half parking: the residents lose 0.25.
    let chamber = a["price_of_inclusion"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["party"] == "chamber")
        .unwrap();
    assert_eq!(chamber["nash"]["included"]["terms"]["park"], "mixed");
    assert_eq!(chamber["nash"]["left_out"]["terms"]["park"], "park");
    let residents = chamber["nash"]["cost"]["residents"].as_f64().unwrap();
    assert!((residents - 0.25).abs() < 1e-9, "{residents}");

    // The what-ifs of the section.
    let (agreements, coalitions) = analyze_counts(&["agreement.quorum=6"]);
    assert_eq!((agreements, coalitions), (json!(13), 0));
    let none = json(&accord(&[
        "evaluate",
        MUNICIPAL,
        "--json",
        "--set",
        "agreement.quorum=6",
    ]));
    assert!(
        none.as_array()
            .unwrap()
            .iter()
            .all(|p| p["agreement"] == json!(false))
    );
    assert_eq!(analyze_counts(&["agreement.quorum=4"]), (json!(58), 6));
    assert_eq!(
        analyze_counts(&["agreement.required=[\"state_fund\"]"]),
        (json!(47), 5)
    );
    assert_eq!(
        analyze_counts(&["parties.chamber.consent_on=[\"tax\",\"park\"]"]),
        (json!(45), 4)
    );
}

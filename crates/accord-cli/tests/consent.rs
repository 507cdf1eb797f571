//! Whose consent an agreement needs (issue 12): a scenario without a rule means exactly what
//! it meant before, and the commands show the rule where a scenario has one.

use crate::common;

use std::path::{Path, PathBuf};

use common::{accord, json, root, stderr, stdout};

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

//! The `accord` binary run as a process: outputs, JSON shapes and exit codes.

use std::path::PathBuf;

use crate::common;

use common::*;

fn toy() -> PathBuf {
    root().join("examples/toy-border.toml")
}

fn temp_file(name: &str, contents: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(name);
    std::fs::write(&path, contents).expect("write temp file");
    (dir, path)
}

#[test]
fn evaluate_json_one_plan_matches_the_spec() {
    let o = accord(&[
        "evaluate",
        toy().to_str().unwrap(),
        "--json",
        "--plan",
        "draft_a",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(v["scenario"], "toy-border");
    assert_eq!(v["plan"], "draft_a");
    assert_eq!(v["open_issues"], serde_json::json!([]));
    assert_eq!(v["agreement"], true);
    let parties = v["parties"].as_array().expect("parties");
    let ids: Vec<&str> = parties
        .iter()
        .map(|p| p["party"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["west", "east", "mediator"]);
    let u: Vec<f64> = parties
        .iter()
        .map(|p| p["utility"].as_f64().unwrap())
        .collect();
    assert!((u[0] - 4.65 / 11.0).abs() < 1e-12);
    assert!((u[1] - 8.6 / 12.0).abs() < 1e-12);
    assert_eq!(u[2], 1.0);
    for p in parties {
        assert_eq!(p["verdict"], "accept");
        assert_eq!(p["utility_range"][0], p["utility"]);
        assert_eq!(p["utility_range"][1], p["utility"]);
        assert_eq!(p["red_lines_crossed"], serde_json::json!([]));
    }
    assert_eq!(parties[1]["walk_away"], 0.4);
    // Exactly the keys of analysis.md, in its order, then the record of the what-ifs.
    let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "scenario",
            "plan",
            "open_issues",
            "parties",
            "agreement",
            "what_if"
        ]
    );
    let party_keys: Vec<&String> = parties[0].as_object().unwrap().keys().collect();
    assert_eq!(
        party_keys,
        [
            "party",
            "utility",
            "utility_range",
            "walk_away",
            "red_lines_crossed",
            "verdict"
        ]
    );
}

#[test]
fn evaluate_json_lists_plans_in_the_order_asked() {
    let all = accord(&["evaluate", toy().to_str().unwrap(), "--json"]);
    assert_eq!(all.status.code(), Some(0));
    let plans: Vec<String> = json(&all)
        .as_array()
        .expect("an array for every plan")
        .iter()
        .map(|p| p["plan"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(plans, ["draft_a", "draft_b"]);

    let asked = accord(&[
        "evaluate",
        toy().to_str().unwrap(),
        "--json",
        "--plan",
        "draft_b",
        "--plan",
        "draft_a",
    ]);
    let plans: Vec<String> = json(&asked)
        .as_array()
        .expect("an array for several plans")
        .iter()
        .map(|p| p["plan"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(plans, ["draft_b", "draft_a"]);
}

#[test]
fn evaluate_human_table() {
    let o = accord(&["evaluate", "examples/toy-border.toml"]);
    assert_eq!(o.status.code(), Some(0));
    insta::assert_snapshot!("evaluate-toy", stdout(&o));
}

#[test]
fn evaluate_human_table_for_partial_plans() {
    let o = accord(&["evaluate", "tests/data/valid/partial-plans.toml"]);
    assert_eq!(o.status.code(), Some(0));
    insta::assert_snapshot!("evaluate-partial", stdout(&o));
}

#[test]
fn unknown_plan_is_a_usage_error_with_a_suggestion() {
    let o = accord(&["evaluate", toy().to_str().unwrap(), "--plan", "draft_c"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("unknown plan `draft_c`"), "{err}");
    assert!(err.contains("did you mean `draft_a`?"), "{err}");
    assert!(o.stdout.is_empty());
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(accord(&[]).status.code(), Some(2));
    assert_eq!(accord(&["evaluate"]).status.code(), Some(2));
    assert_eq!(
        accord(&["check", "x.toml", "--bogus"]).status.code(),
        Some(2)
    );
    assert_eq!(accord(&["frobnicate"]).status.code(), Some(2));
    let help = accord(&["--help"]);
    assert_eq!(help.status.code(), Some(0));
    assert!(stdout(&help).contains("Exit status"));
}

#[test]
fn check_valid_and_strict() {
    let o = accord(&["check", "examples/toy-border.toml"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("valid accord/1 scenario `toy-border`"));
    assert!(
        stderr(&o).is_empty(),
        "no findings without --strict: {}",
        stderr(&o)
    );

    // The toy's issues cite no source: --strict fails and says where.
    let o = accord(&["check", "examples/toy-border.toml", "--strict"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("issues.border: issue `border` cites no source"),
        "{err}"
    );
    assert!(err.contains("examples/toy-border.toml:19:1"), "{err}");

    let o = accord(&["check", "examples/toy-border.toml", "--strict", "--json"]);
    assert_eq!(o.status.code(), Some(1));
    let v = json(&o);
    assert_eq!(v["valid"], false);
    let d = &v["diagnostics"][0];
    assert_eq!(d["code"], "uncited");
    assert_eq!(d["severity"], "strict");
    assert_eq!(d["line"], 19);
}

#[test]
fn check_reports_every_error_with_position_and_suggestion() {
    let text = std::fs::read_to_string(toy()).unwrap();
    let broken = text
        .replace("border = 6", "bordr = 6")
        .replace("walk_away = 0.35", "walk_away = 1.35")
        .replace("kind = \"meeting\"", "kind = \"meting\"");
    let (_dir, path) = temp_file("broken.toml", broken.as_bytes());
    let o = accord(&["check", path.to_str().unwrap(), "--json"]);
    assert_eq!(o.status.code(), Some(1));
    let v = json(&o);
    assert_eq!(v["valid"], false);
    let diags = v["diagnostics"].as_array().unwrap();
    let summary: Vec<(String, String, i64)> = diags
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_owned(),
                d["path"].as_str().unwrap().to_owned(),
                d["line"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("out-of-range".into(), "parties.west.walk_away".into(), 48),
            ("unknown-id".into(), "parties.west.weights.bordr".into(), 52),
            ("unknown-id".into(), "events[0].kind".into(), 123),
        ]
    );
    assert_eq!(diags[1]["help"], "did you mean `border`?");
    assert_eq!(diags[2]["help"], "did you mean `meeting`?");
    assert!(diags.iter().all(|d| d["file"] == path.to_str().unwrap()));

    // For people: the same problems, with the offending line shown.
    let o = accord(&["evaluate", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("bordr = 6"), "{err}");
    assert!(err.contains("did you mean `border`?"), "{err}");
    assert!(err.contains("3 errors"), "{err}");
    assert!(o.stdout.is_empty());
}

#[test]
fn unreadable_input_exits_1_naming_the_file() {
    let o = accord(&["check", "no/such/file.toml"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("no/such/file.toml: cannot open"),
        "{}",
        stderr(&o)
    );

    let (_dir, path) = temp_file("latin1.toml", b"format = \"accord/1\"\n# caf\xe9\n");
    let o = accord(&["check", path.to_str().unwrap(), "--json"]);
    assert_eq!(o.status.code(), Some(1));
    let v = json(&o);
    assert_eq!(v["diagnostics"][0]["code"], "unreadable");
    assert!(
        v["diagnostics"][0]["message"]
            .as_str()
            .unwrap()
            .contains("not UTF-8")
    );

    let (_dir, path) = temp_file("syntax.toml", b"format = \"accord/1\"\n[scenario\n");
    let o = accord(&["check", path.to_str().unwrap(), "--json"]);
    assert_eq!(o.status.code(), Some(1));
    let v = json(&o);
    assert_eq!(v["diagnostics"][0]["code"], "toml-syntax");
    assert_eq!(v["diagnostics"][0]["line"], 2);
}

#[test]
fn oversized_input_is_refused_before_parsing() {
    let mut big = b"format = \"accord/1\"\n".to_vec();
    big.resize(16 * 1024 * 1024 + 10, b'#');
    let (_dir, path) = temp_file("big.toml", &big);
    let o = accord(&["check", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("larger than"), "{}", stderr(&o));
}

#[test]
fn show_gives_an_overview() {
    let o = accord(&["show", "examples/toy-border.toml"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    insta::assert_snapshot!("show-toy", stdout(&o));
}

/// `show` states the flagship's rule as the report does: the signatories asked about every
/// draft counted apart from those with scoped consent (it said "every signatory (5)", counting
/// Europe and NATO as full signatories).
#[test]
fn show_counts_scoped_consent_apart() {
    let o = accord(&["show", "examples/ukraine-2025.toml"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        out.contains("United States, Russia and Ukraine (3) on every draft, and Europe"),
        "{out}"
    );
    assert!(out.contains("(2) only on a draft that changes an issue they have a say on"));
    assert!(!out.contains("every signatory (5)"), "{out}");
}

/// The timeline lists each reported reaction with its party, draft and word, beside the model's
/// verdict (tests/data/valid/reactions.toml: South's "basis" disagrees with its "reject").
#[test]
fn show_lists_reactions_in_the_timeline() {
    let o = accord(&["show", "tests/data/valid/reactions.toml"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    for line in [
        "reaction: North on High cap: accept; the model: accept (agrees)",
        "reaction: South on High cap: basis; the model: reject (not comparable)",
        "reaction: South on High cap: reject; the model: reject (agrees)",
        "reaction: North on Open draft: mixed; the model: undetermined (not comparable)",
    ] {
        assert!(out.contains(line), "missing {line:?} in\n{out}");
    }
    // The draft event of 2025-11-20 carries no reaction: four reaction lines in all.
    assert_eq!(out.matches("reaction: ").count(), 4, "{out}");
}

#[test]
fn what_ifs_match_an_edited_file() {
    let edited = std::fs::read_to_string(toy())
        .unwrap()
        .replace("walk_away = [0.3, 0.5]", "walk_away = 0.5")
        .replace("red_lines = { border = [\"river\"] }\n", "");
    let (_dir, path) = temp_file("edited.toml", edited.as_bytes());
    let from_file = accord(&["evaluate", path.to_str().unwrap(), "--json"]);
    let from_what_ifs = accord(&[
        "evaluate",
        toy().to_str().unwrap(),
        "--json",
        "--set",
        "parties.east.walk_away=0.5",
        "--remove-red-line",
        "west:border=river",
    ]);
    assert_eq!(
        from_what_ifs.status.code(),
        Some(0),
        "{}",
        stderr(&from_what_ifs)
    );
    // The same results; only the record of the what-ifs differs.
    let (mut a, mut b) = (json(&from_file), json(&from_what_ifs));
    for v in [&mut a, &mut b] {
        for plan in v.as_array_mut().expect("one entry per plan") {
            plan.as_object_mut()
                .unwrap()
                .remove("what_if")
                .expect("a what_if list");
        }
    }
    assert_eq!(a, b);
    assert_eq!(json(&from_file)[0]["what_if"], serde_json::json!([]));
    // Every plan's entry records both what-ifs, in the scenario's words.
    for plan in json(&from_what_ifs).as_array().unwrap() {
        assert_eq!(
            plan["what_if"],
            serde_json::json!([
                {
                    "kind": "set",
                    "target": "parties.east.walk_away",
                    "value": "0.5",
                    "change": "East's walk-away set to 0.5"
                },
                {
                    "kind": "remove_red_line",
                    "target": "west:border=river",
                    "value": null,
                    "change": "West's red line Where the border runs: The river, further west removed"
                }
            ])
        );
    }
    // East rejects draft_b (0.4833 < 0.5) under the pressure of a higher walk-away.
    assert_eq!(json(&from_what_ifs)[1]["parties"][1]["verdict"], "reject");

    let human = accord(&[
        "evaluate",
        "examples/toy-border.toml",
        "--set",
        "parties.east.walk_away=0.5",
    ]);
    assert!(
        stdout(&human)
            .contains("what-if: East's walk-away set to 0.5 (--set parties.east.walk_away=0.5)")
    );
}

/// Every command's JSON records its what-ifs (`what_if`, empty when none), its people's
/// output a line above the tables, and the report a box at the top in the scenario's words.
#[test]
fn every_command_records_its_what_ifs() {
    let file = toy();
    let file = file.to_str().unwrap();
    let set = ["--set", "parties.east.walk_away=0.45"];
    let commands: Vec<Vec<&str>> = vec![
        vec!["evaluate", file, "--plan", "draft_a"],
        vec!["analyze", file, "--quiet"],
        vec!["improve", file, "--plan", "draft_a"],
        vec!["amend", file, "--plan", "draft_b"],
        vec!["robustness", file, "--samples", "2000"],
        vec![
            "simulate",
            file,
            "--protocol",
            "sao",
            "--strategy",
            "linear",
            "--rounds",
            "10",
        ],
    ];
    for args in &commands {
        let plain = accord(&[args.as_slice(), &["--json"]].concat());
        assert_eq!(plain.status.code(), Some(0), "{args:?}: {}", stderr(&plain));
        assert_eq!(json(&plain)["what_if"], serde_json::json!([]), "{args:?}");
        let changed = accord(&[args.as_slice(), &["--json"], &set[..]].concat());
        assert_eq!(
            changed.status.code(),
            Some(0),
            "{args:?}: {}",
            stderr(&changed)
        );
        assert_eq!(
            json(&changed)["what_if"][0]["change"],
            "East's walk-away set to 0.45",
            "{args:?}"
        );
        let people = accord(&[args.as_slice(), &set[..]].concat());
        assert_eq!(
            people.status.code(),
            Some(0),
            "{args:?}: {}",
            stderr(&people)
        );
        assert!(
            stdout(&people).contains(
                "what-if: East's walk-away set to 0.45 (--set parties.east.walk_away=0.45)"
            ),
            "{args:?}: {}",
            stdout(&people)
        );
    }
    let report = accord(&["report", file, "--date", "2026-01-01", set[0], set[1]]);
    assert_eq!(report.status.code(), Some(0), "{}", stderr(&report));
    let md = stdout(&report);
    assert!(
        md.contains("> **What-if: not the scenario as written.**"),
        "{md}"
    );
    assert!(md.contains("> - East's walk-away set to 0.45\n"), "{md}");
}

/// The report's date: `--date`, else SOURCE_DATE_EPOCH; a bad one is refused (exit 2).
#[test]
fn report_date_is_injectable() {
    let file = root().join("tests/data/valid/report-confidence.toml");
    let file = file.to_str().unwrap();
    let by_flag = accord(&["report", file, "--date", "2025-12-01"]);
    assert_eq!(by_flag.status.code(), Some(0), "{}", stderr(&by_flag));
    assert!(stdout(&by_flag).contains("214 days before this report (2025-12-01)"));
    // 2025-12-01T00:00:00Z.
    let by_env = accord_env(&["report", file], &[("SOURCE_DATE_EPOCH", "1764547200")]);
    assert_eq!(stdout(&by_env), stdout(&by_flag));
    let fresh = accord(&["report", file, "--date", "2025-06-01"]);
    assert!(!stdout(&fresh).contains("**Dated.**"));
    for bad in ["2025-02-30", "2025-13-01", "yesterday"] {
        let o = accord(&["report", file, "--date", bad]);
        assert_eq!(o.status.code(), Some(2), "{bad}");
    }
    let o = accord_env(&["report", file], &[("SOURCE_DATE_EPOCH", "soon")]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("SOURCE_DATE_EPOCH"), "{}", stderr(&o));
}

#[test]
fn invalid_what_ifs_are_usage_errors() {
    let o = accord(&[
        "evaluate",
        "examples/toy-border.toml",
        "--set",
        "parties.est.walk_away=1.5",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("unknown party `est`"), "{}", stderr(&o));
    let o = accord(&[
        "evaluate",
        "examples/toy-border.toml",
        "--json",
        "--set",
        "parties.west.walk_away=1.5",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let v = json(&o);
    assert_eq!(v["diagnostics"][0]["code"], "what-if");
    assert_eq!(v["diagnostics"][0]["message"], "1.5 is outside [0, 1]");
    let o = accord(&["show", "examples/toy-border.toml", "--set", "walk_away"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("expected PATH=VALUE"), "{}", stderr(&o));
}

#[test]
fn robustness_json_gives_the_closed_form_within_its_standard_error() {
    let o = accord(&[
        "robustness",
        "examples/toy-border.toml",
        "--plan",
        "draft_b",
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(v["scenario"], "toy-border");
    assert_eq!(v["seed"], 1);
    assert_eq!(v["converged"], true);
    assert_eq!(v["uncertain_inputs"], 2);
    let east = &v["plans"][0]["parties"][1];
    assert_eq!(east["party"], "east");
    let p = east["accept"]["estimate"].as_f64().unwrap();
    let se = east["accept"]["standard_error"].as_f64().unwrap();
    assert!((p - 11.0 / 12.0).abs() <= se, "{p} ± {se}");
    assert_eq!(east["drivers"][0]["input"], "parties.east.walk_away");
    assert_eq!(east["rejection"]["by_issue"][0]["issue"], "buffer");
    for key in ["mean", "standard_error", "p5", "p95"] {
        assert!(east["utility"][key].is_number(), "{key}");
    }
}

#[test]
fn robustness_is_reproducible_across_thread_counts() {
    let args = [
        "robustness",
        "examples/toy-border.toml",
        "--json",
        "--seed",
        "9",
        "--samples",
        "50000",
        "--precision",
        "0",
    ];
    let one = accord_env(&args, &[("RAYON_NUM_THREADS", "1")]);
    let three = accord_env(&args, &[("RAYON_NUM_THREADS", "3")]);
    assert_eq!(one.status.code(), Some(0));
    assert_eq!(one.stdout, three.stdout);
    assert_eq!(json(&one)["samples"], 50000);
    let other = accord(&[
        "robustness",
        "examples/toy-border.toml",
        "--json",
        "--seed",
        "10",
        "--samples",
        "50000",
        "--precision",
        "0",
    ]);
    assert_ne!(one.stdout, other.stdout);
}

#[test]
fn robustness_human_report_and_what_ifs() {
    let o = accord(&["robustness", "examples/toy-border.toml"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    insta::assert_snapshot!("robustness-toy", stdout(&o));
    assert!(
        stderr(&o).is_empty(),
        "no progress bar off a terminal: {}",
        stderr(&o)
    );

    // Pressure: East's walk-away pushed down to a sure 0.3 makes draft_b acceptable in every draw.
    let o = accord(&[
        "robustness",
        "examples/toy-border.toml",
        "--plan",
        "draft_b",
        "--json",
        "--set",
        "parties.east.walk_away=0.3",
    ]);
    let v = json(&o);
    assert_eq!(v["plans"][0]["agreement"]["estimate"], 1.0);
    assert_eq!(v["uncertain_inputs"], 1);
}

#[test]
fn robustness_rejects_bad_options() {
    for args in [
        vec!["robustness", "examples/toy-border.toml", "--samples", "0"],
        vec![
            "robustness",
            "examples/toy-border.toml",
            "--precision",
            "-1",
        ],
        vec![
            "robustness",
            "examples/toy-border.toml",
            "--precision",
            "nan",
        ],
        vec!["robustness", "examples/toy-border.toml", "--seed", "x"],
        vec!["robustness", "examples/toy-border.toml", "--plan", "nope"],
    ] {
        let o = accord(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(!stderr(&o).is_empty());
    }
}

#[test]
fn robust_solutions_in_json_and_words() {
    let o = accord(&[
        "robustness",
        "examples/toy-border.toml",
        "--plan",
        "draft_b",
        "--robust",
        "--max-changes",
        "1",
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = json(&o);
    let robust = &v["robust"];
    assert_eq!(robust["samples"], 2000);
    assert_eq!(robust["outcomes_exhaustive"], true);
    let steps = robust["amendments"][0]["by_size"].as_array().unwrap();
    assert_eq!(steps[0]["changes"], serde_json::json!([]));
    assert_eq!(
        steps[1]["changes"],
        serde_json::json!([{ "issue": "buffer", "from": "wide", "to": "none" }])
    );
    assert_eq!(steps[1]["agreement"]["estimate"], 1.0);

    let o = accord(&[
        "robustness",
        "examples/toy-border.toml",
        "--plan",
        "draft_b",
        "--robust",
    ]);
    let out = stdout(&o);
    assert!(out.contains("1 change"), "{out}");
    assert!(
        out.contains("Demilitarized buffer zone: 30 km, monitored → No buffer"),
        "{out}"
    );

    // The robust options need --robust.
    let o = accord(&[
        "robustness",
        "examples/toy-border.toml",
        "--max-changes",
        "3",
    ]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn report_on_the_bundled_flagship_and_to_files() {
    let o = accord(&["report"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let md = stdout(&o);
    assert!(
        md.starts_with("# The Ukraine peace plans, June 2025 – mid-2026"),
        "{}",
        &md[..200.min(md.len())]
    );
    assert!(md.contains("## At a glance"));

    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("report.html");
    let o = accord(&[
        "report",
        "examples/toy-border.toml",
        "-o",
        page.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("<svg"));

    let o = accord(&["report", "examples/toy-border.toml", "--format", "html"]);
    assert!(stdout(&o).starts_with("<!DOCTYPE html>"));
    let o = accord(&["report", "examples/toy-border.toml", "--format", "pdf"]);
    assert_eq!(o.status.code(), Some(2));
    let o = accord(&[
        "report",
        "examples/toy-border.toml",
        "-o",
        "/no/such/dir/r.md",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("cannot write /no/such/dir/r.md"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn check_names_the_roles_of_the_parties_and_counts_in_words() {
    // An observer or a ratifier is a party of the file, not one whose signature is needed.
    let o = accord(&["check", "crates/accord-cli/tests/data/fisheries.toml"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains(": 5 parties (4 signatories, 1 observer), 5 issues, 3 plans, 3 events"),
        "{}",
        stdout(&o)
    );
    let o = accord(&["check", "examples/ukraine-2025.toml"]);
    assert!(
        stdout(&o).contains("parties (5 signatories, 2 ratifiers, 1 observer)"),
        "{}",
        stdout(&o)
    );
    // Without roles beyond signing: the plain count; one event is "1 event".
    let o = accord(&["check", "examples/toy-border.toml"]);
    assert!(
        stdout(&o).contains("`toy-border`: 3 parties, 3 issues, 2 plans, 1 event\n"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn the_flagship_passes_strict_checks() {
    let o = accord(&["check", "--strict", "examples/ukraine-2025.toml"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn rendered_positions_match_the_json_positions_far_into_a_file() {
    // Errors spread over thousands of lines, with CRLF line ends and multi-byte characters:
    // the header of each rendered diagnostic (`[file:line:column]`) and its quoted line must
    // agree with `--json`, which locates by another path.
    let mut text =
        String::from("format = \"accord/1\"\r\n[scenario]\r\nid = \"x\"\r\ntitle = \"X\"\r\n");
    for i in 0..40 {
        text += &format!("bad_{i} = 1\r\n");
        for _ in 0..250 {
            text += "# ümlaut padding line\r\n";
        }
    }
    text += "[areas.a]\r\ntitle = \"Ä\"\r\nnote = { x = 1 }\r\n";
    let (_dir, path) = temp_file("far.toml", text.as_bytes());
    let p = path.to_str().unwrap();
    let human = accord(&["check", p]);
    assert_eq!(human.status.code(), Some(1));
    let rendered = stderr(&human);
    let listed = json(&accord(&["check", p, "--json"]));
    let diagnostics = listed["diagnostics"].as_array().unwrap();
    assert!(diagnostics.len() > 40, "{}", diagnostics.len());
    let lines: Vec<&str> = text.split("\r\n").collect();
    for d in diagnostics {
        let (line, column) = (d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap());
        let header = format!("far.toml:{line}:{column}]");
        assert!(
            rendered.contains(&header),
            "missing {header} in\n{rendered}"
        );
        // The quoted source line is the one at that line number.
        let quoted = format!("{line} │ {}", lines[line as usize - 1]);
        assert!(
            rendered.contains(&quoted),
            "missing {quoted:?} in\n{rendered}"
        );
    }
}

/// Issue 17: improve and amend take a draft that leaves issues open (they used to refuse it);
/// an issue simply open admits every option, so it is settled, never changed.
#[test]
fn improve_and_amend_settle_a_draft_with_open_issues() {
    for command in ["improve", "amend"] {
        let o = accord(&[
            command,
            "tests/data/valid/partial-plans.toml",
            "--plan",
            "silent",
            "--json",
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        let v = json(&o);
        assert_eq!(v["open_issues"], serde_json::json!(["a", "b"]), "{v}");
        let lists: Vec<&serde_json::Value> = if command == "amend" {
            v["amendments"].as_array().unwrap().iter().collect()
        } else {
            v["improvements"]
                .as_object()
                .unwrap()
                .values()
                .flat_map(|l| l.as_array().unwrap())
                .collect()
        };
        for x in lists {
            let changes = x["changes"].as_object().unwrap();
            let settled = x["settled"].as_object().unwrap();
            assert!(
                !changes.contains_key("a") && !changes.contains_key("b"),
                "{x}"
            );
            assert!(
                settled.contains_key("a") && settled.contains_key("b"),
                "{x}"
            );
        }
    }
}

/// Runs `accord` and pins its standard output, byte for byte, as a named snapshot; the exit
/// status is checked too.
fn pin(name: &str, args: &[&str], status: i32) {
    let o = accord(args);
    assert_eq!(o.status.code(), Some(status), "{}", stderr(&o));
    // Every JSON output parses, whatever its snapshot says.
    json(&o);
    insta::assert_snapshot!(name, stdout(&o));
}

#[test]
fn evaluate_json_is_pinned() {
    pin(
        "evaluate-json-toy",
        &["evaluate", "examples/toy-border.toml", "--json"],
        0,
    );
    pin(
        "evaluate-json-toy-one-plan",
        &[
            "evaluate",
            "examples/toy-border.toml",
            "--json",
            "--plan",
            "draft_b",
        ],
        0,
    );
    pin(
        "evaluate-json-flagship-us_28",
        &[
            "evaluate",
            "examples/ukraine-2025.toml",
            "--json",
            "--plan",
            "us_28",
        ],
        0,
    );
}

#[test]
fn robustness_json_is_pinned() {
    pin(
        "robustness-json-toy",
        &[
            "robustness",
            "examples/toy-border.toml",
            "--json",
            "--samples",
            "20000",
        ],
        0,
    );
    pin(
        "robustness-json-toy-robust",
        &[
            "robustness",
            "examples/toy-border.toml",
            "--json",
            "--samples",
            "5000",
            "--robust",
        ],
        0,
    );
    pin(
        "robustness-json-flagship-us_28",
        &[
            "robustness",
            "examples/ukraine-2025.toml",
            "--json",
            "--plan",
            "us_28",
            "--samples",
            "2000",
        ],
        0,
    );
}

#[test]
fn check_json_is_pinned() {
    pin(
        "check-json-valid",
        &["check", "examples/toy-border.toml", "--json"],
        0,
    );
    pin(
        "check-json-flagship-strict",
        &["check", "examples/ukraine-2025.toml", "--json", "--strict"],
        0,
    );
    pin(
        "check-json-invalid",
        &["check", "tests/data/invalid/curve-typo.toml", "--json"],
        1,
    );
    pin(
        "check-json-unreadable",
        &["check", "no/such/file.toml", "--json"],
        1,
    );
    // What-ifs that do not apply are reported in the same shape, `help` null when none.
    pin(
        "check-json-what-ifs",
        &[
            "evaluate",
            "examples/toy-border.toml",
            "--json",
            "--set",
            "parties.west.walk_away=2",
            "--set",
            "plans.draft_a.terms.fund=abc",
            "--remove-red-line",
            "east:x=y",
        ],
        2,
    );
}

#[test]
fn unknown_plans_read_the_same_in_evaluate_and_robustness() {
    for command in ["evaluate", "robustness"] {
        let o = accord(&[command, "examples/toy-border.toml", "--plan", "draft_c"]);
        assert_eq!(o.status.code(), Some(2), "{command}");
        assert_eq!(
            stderr(&o),
            "error: unknown plan `draft_c` in scenario `toy-border`; did you mean `draft_a`?\n",
            "{command}"
        );
    }
}

#[test]
fn a_report_that_cannot_be_written_exits_1_naming_the_path_and_reason() {
    // A path under a regular file: no user, not even root, can write there.
    let (_dir, file) = temp_file("plain", b"not a folder");
    let target = file.join("report.md");
    let o = accord(&[
        "report",
        "examples/toy-border.toml",
        "-o",
        target.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains(target.to_str().unwrap()), "{err}");
    assert!(err.contains("Not a directory"), "{err}");
    assert!(o.stdout.is_empty());
}

#[test]
fn a_scenario_without_plans_is_invalid_input_for_evaluate_and_robustness() {
    let toy = std::fs::read_to_string(toy()).unwrap();
    let bare = &toy[..toy.find("[plans.draft_a]").unwrap()];
    let (_dir, path) = temp_file("bare.toml", bare.as_bytes());
    for (command, to) in [("evaluate", "evaluate"), ("robustness", "test")] {
        let o = accord(&[command, path.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(1), "{command}");
        assert_eq!(
            stderr(&o),
            format!("error: scenario `toy-border` has no plans to {to}; add a [plans.ID] table\n"),
        );
    }
}

/// `evaluate --parties` defines the negotiation: the parties not named are not signatories for
/// the run (said in the table and in the JSON), the same as setting them so in the file.
#[test]
fn evaluate_parties_defines_the_negotiation() {
    let named = accord(&[
        "evaluate",
        "examples/toy-border.toml",
        "--parties",
        "west",
        "--json",
    ]);
    assert_eq!(named.status.code(), Some(0), "{}", stderr(&named));
    let named = json(&named);
    let set = accord(&[
        "evaluate",
        "examples/toy-border.toml",
        "--set",
        "parties.east.signatory=false",
        "--json",
    ]);
    let set = json(&set);
    let plans = named.as_array().expect("one object per plan");
    assert!(!plans.is_empty());
    for (a, b) in plans.iter().zip(set.as_array().unwrap()) {
        assert_eq!(a["not_negotiating"], serde_json::json!(["east"]));
        assert_eq!(a["agreement"], b["agreement"], "{a}");
    }
    let table = accord(&["evaluate", "examples/toy-border.toml", "--parties", "west"]);
    assert!(stdout(&table).contains("not signatories for this run (--parties): East"));
    let typo = accord(&["evaluate", "examples/toy-border.toml", "--parties", "wets"]);
    assert_eq!(typo.status.code(), Some(2));
    assert!(
        stderr(&typo).contains("did you mean `west`?"),
        "{}",
        stderr(&typo)
    );
}

/// `improve --top 0` would list nothing and claim the draft Pareto-optimal: it is refused.
#[test]
fn improve_lists_at_least_one_per_solution() {
    let o = accord(&[
        "improve",
        "examples/toy-border.toml",
        "--plan",
        "draft_b",
        "--top",
        "0",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let o = accord(&[
        "improve",
        "examples/toy-border.toml",
        "--plan",
        "draft_b",
        "--top",
        "1",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

/// Issue 12: a ratifier's walk-away interval drives the verdict of the party it ratifies for;
/// `own_accept` and `rejection.ratifiers` appear for that party only.
#[test]
fn robustness_with_a_ratifier_as_driver() {
    let text =
        std::fs::read_to_string(common::root().join("crates/accord-sim/tests/data/ratified.toml"))
            .unwrap()
            .replace("walk_away = 0.6", "walk_away = [0.4, 1.0]")
            + "[plans.mid]\ntitle = \"Mid\"\n[plans.mid.terms]\nx = \"o1\"\n";
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ratified.toml");
    std::fs::write(&file, text).unwrap();
    let o = accord(&["robustness", file.to_str().unwrap(), "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = json(&o);
    let a = &v["plans"][0]["parties"][0];
    assert_eq!(a["party"], "a");
    // The council (0.7 at o1) ratifies when its walk-away, uniform on [0.4, 1], is at most 0.7.
    let p = a["accept"]["estimate"].as_f64().unwrap();
    let se = a["accept"]["standard_error"].as_f64().unwrap();
    assert!((p - 0.5).abs() <= 4.0 * se, "{p} ± {se}");
    assert_eq!(a["own_accept"]["estimate"], 1.0);
    assert_eq!(a["drivers"][0]["input"], "parties.council.walk_away");
    assert!(a["rejection"]["ratifiers"].as_f64().unwrap() > 0.4);
    let b = &v["plans"][0]["parties"][1];
    assert!(b.get("own_accept").is_none() && b["rejection"].get("ratifiers").is_none());
    let agreement = v["plans"][0]["agreement"]["estimate"].as_f64().unwrap();
    assert!((agreement - p).abs() < 1e-12, "B and C accept o1 always");
    // In words: A's acceptance alone beside it, and why it rejects.
    let o = accord(&["robustness", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    for needle in [
        "(alone 100%)",
        "Council's walk-away (reservation value)",
        "because its ratifiers refuse",
    ] {
        assert!(out.contains(needle), "missing {needle:?} in\n{out}");
    }
}

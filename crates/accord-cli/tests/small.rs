//! Issue 17, part 6: the small things — new what-ifs, `--set` suggestions, `-o` extensions,
//! strategies for non-negotiators, `--consult` lists, and `check` on an issue nobody weighs.

use std::path::PathBuf;

use crate::common::*;

fn toy() -> String {
    root()
        .join("examples/toy-border.toml")
        .display()
        .to_string()
}

/// `--add-red-line` and `--open-term` are recorded like every what-if: the JSON `what_if`
/// list, the line above the tables, the report's box; and they change the answer.
#[test]
fn added_red_lines_and_open_terms_are_recorded_everywhere() {
    let file = toy();
    let flags = [
        "--add-red-line",
        "east:buffer=wide",
        "--open-term",
        "draft_a:fund",
    ];
    let o = accord(&[&["evaluate", &file, "--json"], &flags[..]].concat());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(
        v[0]["what_if"],
        serde_json::json!([
            {
                "kind": "add_red_line",
                "target": "east:buffer=wide",
                "value": null,
                "change": "East's red line Demilitarized buffer zone: 30 km, monitored added"
            },
            {
                "kind": "open_term",
                "target": "draft_a:fund",
                "value": null,
                "change": "Mediator's first draft: Reconstruction fund paid by the east left open"
            }
        ])
    );
    assert_eq!(v[0]["open_issues"], serde_json::json!(["fund"]));
    assert_eq!(v[1]["parties"][1]["verdict"], "reject");
    assert_eq!(
        v[1]["parties"][1]["red_lines_crossed"][0]["issue"], "buffer",
        "{:#}",
        v[1]
    );
    // Every command takes them and records them for people.
    for args in [
        vec!["evaluate", file.as_str(), "--plan", "draft_a"],
        vec!["analyze", file.as_str(), "--quiet"],
        vec!["amend", file.as_str(), "--plan", "draft_b"],
        vec!["robustness", file.as_str(), "--samples", "2000"],
    ] {
        let people = accord(&[args.as_slice(), &flags[..]].concat());
        assert_eq!(
            people.status.code(),
            Some(0),
            "{args:?}: {}",
            stderr(&people)
        );
        let out = stdout(&people);
        assert!(
            out.contains(
                "what-if: East's red line Demilitarized buffer zone: 30 km, monitored added \
                 (--add-red-line east:buffer=wide)"
            ),
            "{args:?}: {out}"
        );
        assert!(
            out.contains(
                "what-if: Mediator's first draft: Reconstruction fund paid by the east left open \
                 (--open-term draft_a:fund)"
            ),
            "{args:?}: {out}"
        );
    }
    let report = accord(&[&["report", &file, "--date", "2026-01-01"], &flags[..]].concat());
    assert_eq!(report.status.code(), Some(0), "{}", stderr(&report));
    let md = stdout(&report);
    assert!(
        md.contains("> **What-if: not the scenario as written.**"),
        "{md}"
    );
    assert!(
        md.contains("> - East's red line Demilitarized buffer zone: 30 km, monitored added\n"),
        "{md}"
    );
    assert!(
        md.contains("> - Mediator's first draft: Reconstruction fund paid by the east left open\n"),
        "{md}"
    );
}

/// Bad new what-ifs are usage errors (exit 2) saying what is wrong.
#[test]
fn bad_added_red_lines_and_open_terms_exit_2() {
    let file = toy();
    for (flag, value, says) in [
        (
            "--add-red-line",
            "west:border=river",
            "already a red line of party `west`",
        ),
        (
            "--add-red-line",
            "east-buffer",
            "expected PARTY:ISSUE=OPTION",
        ),
        ("--open-term", "draft_z:fund", "did you mean `draft_a`?"),
        ("--open-term", "draft_a", "expected PLAN:ISSUE"),
    ] {
        let o = accord(&["evaluate", &file, flag, value]);
        assert_eq!(o.status.code(), Some(2), "{flag} {value}");
        assert!(stderr(&o).contains(says), "{flag} {value}: {}", stderr(&o));
    }
}

/// A mistyped `--set` path gets the nearest settable path.
#[test]
fn set_typos_get_did_you_mean() {
    let o = accord(&["evaluate", &toy(), "--set", "parties.east.walkaway=0.5"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(
            "`parties.east.walkaway` cannot be set (did you mean `parties.east.walk_away`?)"
        ),
        "{}",
        stderr(&o)
    );
    let o = accord(&["evaluate", &toy(), "--set", "plans.draft_a.term.fund=50"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("did you mean `plans.draft_a.terms.fund`?"),
        "{}",
        stderr(&o)
    );
}

/// `-o FILE` with an extension the command cannot write is refused (exit 2), naming the
/// extensions it writes, and nothing is written.
#[test]
fn unknown_output_extensions_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let at = |name: &str| -> PathBuf { dir.path().join(name) };
    let travel = root().join("../shared/domains/genius/Travel");
    let cases: Vec<(Vec<String>, PathBuf, &str)> = vec![
        (
            vec!["report".into(), toy()],
            at("report.pdf"),
            "`accord report` cannot write .pdf files; it writes .md, .markdown, .html, .htm",
        ),
        (
            vec!["generate".into(), "anl2024".into()],
            at("anl.txt"),
            "`accord generate` cannot write .txt files; it writes .toml",
        ),
        (
            vec![
                "import".into(),
                "genius".into(),
                travel.display().to_string(),
            ],
            at("travel.xml"),
            "`accord import` cannot write .xml files; it writes .toml",
        ),
        (
            vec![
                "tournament".into(),
                "merge".into(),
                toy(), // never read: the output is refused first
            ],
            at("merged.csv"),
            "`accord tournament merge` cannot write .csv files; it writes .jsonl",
        ),
    ];
    for (args, out, says) in cases {
        let mut all: Vec<String> = args.clone();
        all.extend(["-o".into(), out.display().to_string()]);
        let all: Vec<&str> = all.iter().map(String::as_str).collect();
        let o = accord(&all);
        assert_eq!(o.status.code(), Some(2), "{all:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(says), "{all:?}: {}", stderr(&o));
        assert!(
            stderr(&o).contains(&out.display().to_string()),
            "{}",
            stderr(&o)
        );
        assert!(!out.exists(), "{} was written", out.display());
    }
    // The accepted extensions still work, in any case; no extension means the default format.
    for name in ["r.MD", "r.htm", "report"] {
        let o = accord(&[
            "report",
            &toy(),
            "--date",
            "2026-01-01",
            "-o",
            at(name).to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(0), "{name}: {}", stderr(&o));
        let text = std::fs::read_to_string(at(name)).unwrap();
        assert_eq!(
            text.starts_with("<!DOCTYPE html>"),
            name == "r.htm",
            "{name}"
        );
    }
}

fn lake() -> String {
    root()
        .join("tests/data/valid/lake-compact.toml")
        .display()
        .to_string()
}

/// The parties that answer in the consultation stage of a drafted-then-ratified run, in order,
/// from its trace; and the trace's bytes.
fn consulted(extra: &[&str]) -> (Vec<String>, Vec<u8>) {
    let dir = tempfile::tempdir().unwrap();
    let trace = dir.path().join("t.jsonl");
    let file = lake();
    let mut args = vec![
        "simulate",
        file.as_str(),
        "--protocol",
        "drafted-then-ratified",
        "--rounds",
        "20",
        "--trace",
        trace.to_str().unwrap(),
    ];
    args.extend(extra);
    let o = accord(&args);
    assert_eq!(o.status.code(), Some(0), "{extra:?}: {}", stderr(&o));
    let bytes = std::fs::read(&trace).unwrap();
    let parties = String::from_utf8_lossy(&bytes)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|v| v["stage"] == "consultation" && v["action"] != "amend")
        .map(|v| v["party"].as_str().unwrap().to_owned())
        .collect();
    (parties, bytes)
}

/// `--consult` takes a list (comma-separated or repeated, the same run either way) and defaults
/// to the plan's own `consulted` parties (South and East in lake-compact's north_draft).
#[test]
fn consult_takes_a_list_and_defaults_to_the_plans_consulted() {
    let (default, default_bytes) = consulted(&[]);
    assert_eq!(default, ["south", "east"]);
    let (listed, listed_bytes) = consulted(&["--consult", "south,east"]);
    assert_eq!(listed, ["south", "east"]);
    assert_eq!(listed_bytes, default_bytes);
    let (repeated, repeated_bytes) = consulted(&["--consult", "south", "--consult", "east"]);
    assert_eq!(repeated, ["south", "east"]);
    assert_eq!(repeated_bytes, default_bytes);
    let (reversed, _) = consulted(&["--consult", "east,south"]);
    assert_eq!(reversed, ["east", "south"]);
    let (one, _) = consulted(&["--consult", "east"]);
    assert_eq!(one, ["east"]);
    // No consultation rounds: nobody is consulted.
    let (none, _) = consulted(&["--consultations", "0"]);
    assert!(none.is_empty(), "{none:?}");
    // Explicit drafters that are not the plan's: no plan to take consulted parties from.
    let (other, _) = consulted(&["--drafters", "south"]);
    assert!(other.is_empty(), "{other:?}");
}

#[test]
fn bad_consulted_parties_exit_2() {
    let file = lake();
    for (consult, says) in [
        ("south,esat", "did you mean `east`?"),
        ("north", "--consult: `north` is consulted but drafts"),
        ("facilitator", "no preferences"),
    ] {
        let o = accord(&[
            "simulate",
            &file,
            "--protocol",
            "drafted-then-ratified",
            "--consult",
            consult,
        ]);
        assert_eq!(o.status.code(), Some(2), "{consult}");
        assert!(stderr(&o).contains(says), "{consult}: {}", stderr(&o));
    }
    // --consult is for drafted-then-ratified only.
    let o = accord(&["simulate", &file, "--consult", "south"]);
    assert_eq!(o.status.code(), Some(2));
}

/// A strategy for a party that does not negotiate is refused (exit 2), saying why.
#[test]
fn strategies_for_non_negotiators_are_refused() {
    let file = lake();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["--strategy", "facilitator=conceder"],
            "--strategy facilitator: party `facilitator` is given a strategy but does not \
             negotiate: it is an observer",
        ),
        (
            // SAO negotiates among the signatories by default; the Greens do not sign.
            vec!["--strategy", "greens=conceder"],
            "party `greens` is given a strategy but does not negotiate: it is not a signatory, \
             and only signatories negotiate under sao unless the negotiators are named; name \
             the negotiators with --party",
        ),
        (
            vec!["--party", "north,south", "--strategy", "east=linear"],
            "party `east` is given a strategy but does not negotiate: it is not among the \
             negotiators named",
        ),
        (vec!["--strategy", "esat=linear"], "did you mean `east`?"),
    ];
    for (extra, says) in cases {
        let o = accord(
            &[
                &["simulate", file.as_str(), "--rounds", "10"],
                extra.as_slice(),
            ]
            .concat(),
        );
        assert_eq!(o.status.code(), Some(2), "{extra:?}");
        assert!(stderr(&o).contains(says), "{extra:?}: {}", stderr(&o));
    }
    // Named among the negotiators, the Greens may have a strategy.
    let o = accord(&[
        "simulate",
        &file,
        "--rounds",
        "10",
        "--party",
        "north,south,greens",
        "--strategy",
        "greens=conceder",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // Under drafted-then-ratified every party with preferences negotiates.
    let o = accord(&[
        "simulate",
        &file,
        "--rounds",
        "10",
        "--protocol",
        "drafted-then-ratified",
        "--strategy",
        "greens=conceder",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

/// `check` warns about an issue nobody weighs (observers do not count), naming the file, the
/// line and the field; `--strict` makes it fail.
#[test]
fn check_warns_about_an_issue_nobody_weighs() {
    let text = std::fs::read_to_string(lake()).unwrap();
    // East alone weighs the monitor besides North and South: take it from all three, keep the
    // scores (a weight of 0 is "not weighed").
    let unweighed = text
        .replace("fee = 4\nmonitor = 1\n", "fee = 4\nmonitor = 0\n")
        .replace("fee = 5\nmonitor = 2\n", "fee = 5\n")
        .replace("quota = 4\nmonitor = 4\n", "quota = 4\n");
    assert_ne!(unweighed, text);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("unweighed.toml");
    std::fs::write(&path, &unweighed).unwrap();
    let file = path.to_str().unwrap();
    let o = accord(&["check", file]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("issues.monitor: no party weighs issue `monitor`"),
        "{err}"
    );
    let line = unweighed
        .lines()
        .position(|l| l == "[issues.monitor]")
        .unwrap()
        + 1;
    assert!(err.contains(&format!("unweighed.toml:{line}:")), "{err}");
    let o = accord(&["check", file, "--strict"]);
    assert_eq!(o.status.code(), Some(1));
    let o = accord(&["check", file, "--json"]);
    let v = json(&o);
    let d = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "unweighed-issue")
        .expect("the finding");
    assert_eq!(d["severity"], "warning");
    assert_eq!(d["path"], "issues.monitor");
    assert_eq!(d["line"], line);
    // The file as written weighs every issue: no such warning.
    let o = accord(&["check", &lake(), "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!stdout(&o).contains("unweighed-issue"), "{}", stdout(&o));
}

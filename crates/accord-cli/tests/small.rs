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

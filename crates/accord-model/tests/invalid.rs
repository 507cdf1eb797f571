//! Every validation rule of `accord/1` (`shared/spec/scenario.md`) has a small file that breaks
//! it, under `tests/data/invalid/` at the repository root; files that are valid but fail
//! `accord check --strict` are under `tests/data/strict/`.
//!
//! Each file starts with comment lines naming the rule and the diagnostic codes it must produce:
//!
//! ```toml
//! # rule: `walk_away` is in [0, 1]
//! # expect: out-of-range
//! ```
//!
//! For each file this test checks that the scenario is rejected (invalid) or accepted (strict),
//! that the codes found are exactly the expected ones (so a fault never cascades into unrelated
//! errors), and snapshots the located diagnostics (`snapshots/invalid__*.snap`) so that every
//! message can be read and reviewed. Update snapshots with `INSTA_UPDATE=always cargo test`.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use accord_model::{SourceText, parse};

/// Where the data files live, relative to this test file.
const DATA: &str = "../../../tests/data";

/// Every code the parser can emit, and whether a data file must exercise it. Codes covered by
/// `hostile.rs` instead (they need files too large to keep in the repository) are `false`.
const CODES: &[(&str, bool)] = &[
    ("all-options-red", true),
    ("bad-condition", true),
    ("bad-curve", true),
    ("bad-date", true),
    ("bad-format", true),
    ("bad-interval", true),
    ("bad-number", true),
    ("bad-point", true),
    ("bad-range", true),
    ("consent-of-non-signatory", true),
    ("consent-of-ratifier", true),
    ("duplicate-id", true),
    ("empty-condition", true),
    ("empty-consent", true),
    ("empty-options", true),
    ("invalid-id", true),
    ("missing-key", true),
    ("missing-scores", true),
    ("no-preferences", true),
    ("no-ratifiers", true),
    ("observer-preferences", true),
    ("observer-signatory", true),
    ("off-grid", true),
    ("open-and-term", true),
    ("options-and-range", true),
    ("out-of-range", true),
    ("ratifier-of-ratifier", true),
    ("reaction-parties", true),
    ("ratifier-signatory", true),
    ("ratifies-non-signatory", true),
    ("required-not-signatory", true),
    ("revision-loop", true),
    ("self-ratification", true),
    ("toml-syntax", true),
    ("too-few-options", true),
    ("too-large", false),
    ("too-many", true),
    ("too-many-problems", false),
    ("uncited", true),
    ("unit-without-range", true),
    ("unknown-id", true),
    ("unknown-key", true),
    ("unused-scores", true),
    ("unweighed-issue", true),
    ("wrong-type", true),
];

/// The header of a data file: the rule it breaks and the codes it must produce.
#[derive(Debug, serde::Serialize)]
struct Header {
    rules: Vec<String>,
    expect: Vec<String>,
}

/// Reads the leading `# rule:` and `# expect:` comment lines of a data file.
fn header(text: &str) -> Header {
    let mut h = Header {
        rules: Vec::new(),
        expect: Vec::new(),
    };
    for line in text.lines().take_while(|l| l.starts_with('#')) {
        if let Some(rule) = line.strip_prefix("# rule:") {
            h.rules.push(rule.trim().to_owned());
        } else if let Some(code) = line.strip_prefix("# expect:") {
            h.expect.push(code.trim().to_owned());
        }
    }
    h
}

/// The data directory, resolved from this crate's manifest.
fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data")
}

/// The `.toml` files of one data folder, sorted.
fn files_in(folder: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(data_dir().join(folder))
        .unwrap_or_else(|e| panic!("cannot read tests/data/{folder}: {e}"))
        .map(|entry| entry.expect("a directory entry").path())
        .collect();
    files.sort();
    files
}

/// The name a file is shown under in snapshots: relative to `tests/data`, with `/` separators.
fn display_name(path: &Path) -> String {
    let folder = path
        .parent()
        .and_then(Path::file_name)
        .expect("a file in a folder")
        .to_string_lossy();
    let file = path.file_name().expect("a file name").to_string_lossy();
    format!("{folder}/{file}")
}

/// Parses one data file, snapshots its diagnostics, and returns how it fails its expectations
/// (nothing when it meets them).
fn check_file(path: &Path, valid: bool) -> Vec<String> {
    let name = display_name(path);
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{name}: {e}"));
    let header = header(&text);
    let parsed = parse(&text);
    let mut problems = Vec::new();
    if header.expect.is_empty() {
        problems.push("no `# expect: <code>` line".to_owned());
    }
    if header.rules.is_empty() {
        problems.push("no `# rule: <rule>` line".to_owned());
    }
    match (valid, parsed.scenario.is_some()) {
        (true, false) => problems.push("should be valid, but has errors".to_owned()),
        (false, true) => problems.push("should be rejected, but is valid".to_owned()),
        _ => {}
    }
    let found: BTreeSet<&str> = parsed.diagnostics.iter().map(|d| d.code).collect();
    let expected: BTreeSet<&str> = header.expect.iter().map(String::as_str).collect();
    if found != expected {
        problems.push(format!(
            "found codes {found:?}, but `# expect:` lines say {expected:?}"
        ));
    }
    for d in &parsed.diagnostics {
        if d.message.is_empty() {
            problems.push(format!("empty message: {d:?}"));
        }
        if d.span.start > d.span.end || d.span.end > text.len() {
            problems.push(format!("span outside the file: {d:?}"));
        }
        // Only problems of the file as a whole have no key path.
        let file_level = matches!(d.code, "toml-syntax" | "too-large" | "too-many-problems")
            || (d.code == "missing-key" && d.span == (0..0));
        if d.path.is_empty() != file_level {
            problems.push(format!("key path missing or unexpected: {d:?}"));
        }
    }

    let source = SourceText::new(&name, &text);
    let located: Vec<_> = parsed
        .diagnostics
        .iter()
        .map(|d| d.locate(&source))
        .collect();
    let snapshot = serde_json::json!({
        "rules": header.rules,
        "diagnostics": located,
    });
    insta::assert_json_snapshot!(snapshot);
    problems
        .into_iter()
        .map(|p| format!("{name}: {p}"))
        .collect()
}

/// Checks every file of a data folder, reporting all failures together.
fn check_folder(pattern: &str, valid: bool) {
    let mut problems = Vec::new();
    insta::glob!(DATA, pattern, |path| problems
        .extend(check_file(path, valid)));
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn invalid_files_are_rejected_with_their_messages() {
    check_folder("invalid/*.toml", false);
}

#[test]
fn strict_files_are_valid_but_fail_strict() {
    check_folder("strict/*.toml", true);
}

#[test]
fn every_data_file_names_its_rule_and_known_codes() {
    let known: BTreeSet<&str> = CODES.iter().map(|(c, _)| *c).collect();
    for folder in ["invalid", "strict"] {
        let files = files_in(folder);
        assert!(!files.is_empty(), "tests/data/{folder} is empty");
        for path in files {
            let name = display_name(&path);
            assert_eq!(
                path.extension().and_then(|e| e.to_str()),
                Some("toml"),
                "{name}: data files end in .toml"
            );
            let h = header(&fs::read_to_string(&path).expect("readable"));
            assert!(!h.rules.is_empty(), "{name}: no `# rule:` line");
            assert!(!h.expect.is_empty(), "{name}: no `# expect:` line");
            for code in &h.expect {
                assert!(
                    known.contains(code.as_str()),
                    "{name}: unknown code `{code}`"
                );
            }
        }
    }
}

#[test]
fn every_code_has_a_data_file() {
    let mut expected = BTreeSet::new();
    for folder in ["invalid", "strict"] {
        for path in files_in(folder) {
            expected.extend(header(&fs::read_to_string(&path).expect("readable")).expect);
        }
    }
    for (code, needs_file) in CODES {
        if *needs_file {
            assert!(expected.contains(*code), "no data file expects `{code}`");
        }
    }
}

#[test]
fn header_lines_are_read_only_at_the_top() {
    let h = header("# rule: r\n# expect: a\n# expect: b\n\nx = 1\n# expect: c\n");
    assert_eq!(h.rules, ["r"]);
    assert_eq!(h.expect, ["a", "b"]);
    assert!(header("x = 1\n# expect: a\n").expect.is_empty());
}

/// Legal forms that sit next to the rules above: none of them may be rejected.
#[test]
fn legal_edge_cases_are_accepted() {
    let text = r#"
format = "accord/1"

[scenario]
id = "edge_cases-2"
title = "Edge cases"
as_of = 2025-11-23
note = "Notes are allowed on every table."

[sources."axios.1119"]
title = "A source whose id has a dot"
note = "n"

[areas.a]
title = "A"
note = "n"
sources = ["axios.1119"]

[issues.troop_cap]
area = "a"
title = "Troop cap"
points = [6, 7]
sources = ["axios.1119"]
note = "n"
options = [{ id = "600k", note = "n", sources = ["axios.1119"] }, { id = "800k" }]

[issues.share]
area = "a"
title = "A share, on a grid of tenths"
sources = ["axios.1119"]
range = { min = 0, max = 0.3, step = 0.1 }
status_quo = 0.3

[parties.mediator]
name = "Interactions only, no weights"
signatory = false
walk_away = [0, 0.2]
discount = 1.0
sources = ["axios.1119"]
[[parties.mediator.interactions]]
when = { troop_cap = "800k", share = { min = 0.1, max = 0.2 } }
bonus = -0.05
note = "n"
[[parties.mediator.interactions]]
when = { troop_cap = ["600k", "800k"], share = 0.3 }
bonus = 0.5

[parties.p]
name = "P"
walk_away = 1
discount = 0.5
red_lines = { troop_cap = "800k" }
sources = ["axios.1119"]
note = "n"
weights = { troop_cap = [0, 2], share = 1 }
scores.troop_cap = { "600k" = [0.5, 0.5], "800k" = 0 }
scores.share = { curve = [[0.1, [0.2, 0.4]]] }

[plans.draft]
title = "Silent on the share"
drafted_by = ["p"]
consulted = ["mediator"]
text = ["1. A point"]
note = "n"
sources = ["axios.1119"]
terms = { troop_cap = "600k" }

[[events]]
date = 2025-11-19
approx = true
kind = "other"
parties = ["p", "mediator"]
plan = "draft"
place = "Geneva"
summary = "s"
note = "n"
sources = ["axios.1119"]
"#;
    let parsed = parse(text);
    assert!(parsed.scenario.is_some(), "{:#?}", parsed.diagnostics);
    assert!(parsed.diagnostics.is_empty(), "{:#?}", parsed.diagnostics);
}

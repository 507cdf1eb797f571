//! Hostile input: files built to exhaust memory, stack or time, and random garbage. `parse`
//! must answer each with diagnostics (never a panic, a stack overflow or a hang), and the limits
//! of the spec ("Errors": 16 MiB, 10,000 issues, 1,000 parties, 100,000 listed options, a
//! 1,000,000-point grid) must hold exactly at their boundary.
//!
//! Also: edge cases of the `Grid` helpers and of `closest`, the typo suggestion.

use std::fmt::Write as _;

use accord_model::diagnostic::closest;
use accord_model::parse::limits;
use accord_model::{IssueDomain, Parsed, Severity, SourceText, parse};
use proptest::prelude::*;

/// The valid example scenario the mutation tests start from.
const TOY: &str = include_str!("../../../examples/toy-border.toml");

/// The head of a scenario: format, `[scenario]`, one source and one area.
const HEAD: &str = r#"format = "accord/1"

[scenario]
id = "hostile"
title = "Hostile"

[sources.s]
title = "S"

[areas.a]
title = "A"
"#;

/// A valid issue `id` with two options.
fn issue(out: &mut String, id: &str) {
    write!(
        out,
        "\n[issues.{id}]\narea = \"a\"\ntitle = \"T\"\nsources = [\"s\"]\n\
         options = [{{ id = \"yes\" }}, {{ id = \"no\" }}]\n"
    )
    .unwrap();
}

/// A valid party `id` that weighs issue `x`.
fn party(out: &mut String, id: &str) {
    write!(
        out,
        "\n[parties.{id}]\nname = \"P\"\nwalk_away = 0.5\nsources = [\"s\"]\n\
         weights = {{ x = 1 }}\nscores.x = {{ yes = 1, no = 0 }}\n"
    )
    .unwrap();
}

/// Checks what must hold for any input, and returns the codes of the errors.
fn check_invariants(text: &str, parsed: &Parsed) -> Vec<&'static str> {
    let errors: Vec<&'static str> = parsed.errors().map(|d| d.code).collect();
    assert_eq!(
        parsed.scenario.is_some(),
        errors.is_empty(),
        "a scenario is returned exactly when there is no error: {errors:?}"
    );
    let source = SourceText::new("input", text);
    for d in &parsed.diagnostics {
        assert!(d.span.start <= d.span.end, "{d:?}");
        assert!(d.span.end <= text.len(), "span beyond the text: {d:?}");
        assert!(!d.message.is_empty(), "{d:?}");
        let at = d.locate(&source);
        assert!(at.position.line >= 1 && at.position.column >= 1);
    }
    errors
}

/// Parses `text`, checks the invariants, and returns the error codes.
fn error_codes(text: &str) -> Vec<&'static str> {
    let parsed = parse(text);
    check_invariants(text, &parsed);
    parsed.errors().map(|d| d.code).collect()
}

#[test]
fn the_example_is_valid() {
    let parsed = parse(TOY);
    assert!(parsed.scenario.is_some(), "{:#?}", parsed.diagnostics);
    assert!(parsed.errors().next().is_none());
}

#[test]
fn a_file_over_16_mib_is_rejected_unread() {
    let mut text = String::from(TOY);
    let pad = limits::MAX_FILE_BYTES + 1 - text.len();
    text.push('#');
    text.push_str(&"x".repeat(pad - 1));
    assert_eq!(text.len(), limits::MAX_FILE_BYTES + 1);
    let parsed = parse(&text);
    assert!(parsed.scenario.is_none());
    assert_eq!(parsed.diagnostics.len(), 1, "{:#?}", parsed.diagnostics);
    let d = &parsed.diagnostics[0];
    assert_eq!((d.severity, d.code), (Severity::Error, "too-large"));
    assert!(d.message.contains("16 MiB"), "{}", d.message);
}

#[test]
fn a_file_of_exactly_16_mib_is_read() {
    let mut text = String::from(TOY);
    let pad = limits::MAX_FILE_BYTES - text.len();
    text.push('#');
    text.push_str(&"x".repeat(pad - 1));
    assert_eq!(text.len(), limits::MAX_FILE_BYTES);
    let parsed = parse(&text);
    assert!(parsed.scenario.is_some(), "{:#?}", parsed.diagnostics);
}

#[test]
fn deeply_nested_arrays_are_an_error_not_a_stack_overflow() {
    for text in [
        format!("format = \"accord/1\"\nx = {}", "[".repeat(100_000)),
        format!(
            "format = \"accord/1\"\nx = {}{}",
            "[".repeat(100_000),
            "]".repeat(100_000)
        ),
        format!(
            "{HEAD}\n[parties.p]\nweights = {{ x = {}1{} }}\n",
            "[".repeat(100_000),
            "]".repeat(100_000)
        ),
    ] {
        assert!(!error_codes(&text).is_empty());
    }
}

#[test]
fn deeply_nested_inline_tables_are_an_error_not_a_stack_overflow() {
    for text in [
        format!("format = \"accord/1\"\nx = {}", "{ a = ".repeat(100_000)),
        format!(
            "format = \"accord/1\"\nx = {}1{}",
            "{ a = ".repeat(100_000),
            " }".repeat(100_000)
        ),
        format!(
            "{HEAD}\n[parties.p.interactions]\nwhen = {}1{}\n",
            "{ a = ".repeat(100_000),
            " }".repeat(100_000)
        ),
    ] {
        assert!(!error_codes(&text).is_empty());
    }
}

#[test]
fn deeply_dotted_keys_and_headers_are_an_error_not_a_stack_overflow() {
    let dotted = vec!["a"; 100_000].join(".");
    for text in [
        format!("format = \"accord/1\"\n{dotted} = 1\n"),
        format!("format = \"accord/1\"\n[{dotted}]\n"),
        format!("format = \"accord/1\"\n[[{dotted}]]\n"),
    ] {
        assert!(!error_codes(&text).is_empty());
    }
}

/// A scenario with `n` valid issues (`x`, `i1`, ...) and a party weighing `x`.
fn with_issues(n: usize) -> String {
    let mut text = String::from(HEAD);
    issue(&mut text, "x");
    for i in 1..n {
        issue(&mut text, &format!("i{i}"));
    }
    party(&mut text, "p");
    text
}

#[test]
fn at_most_10_000_issues() {
    assert_eq!(error_codes(&with_issues(limits::MAX_ISSUES)), [""; 0]);
    let text = with_issues(limits::MAX_ISSUES + 1);
    let parsed = parse(&text);
    check_invariants(&text, &parsed);
    let codes: Vec<_> = parsed.errors().map(|d| d.code).collect();
    // One error: the references to issues (the party's weight and scores) are not reported.
    assert_eq!(codes, ["too-many"], "{:#?}", parsed.diagnostics);
    assert_eq!(parsed.diagnostics[0].path, "issues");
}

/// A scenario with `n` valid parties.
fn with_parties(n: usize) -> String {
    let mut text = String::from(HEAD);
    issue(&mut text, "x");
    for i in 0..n {
        party(&mut text, &format!("p{i}"));
    }
    text.push_str("\n[plans.d]\ntitle = \"D\"\ndrafted_by = [\"p0\"]\nsources = [\"s\"]\n");
    text
}

#[test]
fn at_most_1_000_parties() {
    assert_eq!(error_codes(&with_parties(limits::MAX_PARTIES)), [""; 0]);
    let codes = error_codes(&with_parties(limits::MAX_PARTIES + 1));
    // One error: the plan's reference to a party is not reported.
    assert_eq!(codes, ["too-many"]);
}

/// A scenario whose one issue lists `n` options, and a party with `party_lines`.
fn with_options(n: usize, party_lines: &str) -> String {
    let mut text = String::from(HEAD);
    text.push_str("\n[issues.x]\narea = \"a\"\ntitle = \"T\"\nsources = [\"s\"]\noptions = [\n");
    for i in 0..n {
        writeln!(text, "{{ id = \"o{i}\" }},").unwrap();
    }
    text.push_str("]\n\n[parties.p]\nname = \"P\"\nwalk_away = 0.5\nsources = [\"s\"]\n");
    text.push_str(party_lines);
    text.push_str("[[parties.p.interactions]]\nwhen = { x = \"o0\" }\nbonus = 1\n");
    text
}

#[test]
fn at_most_100_000_listed_options() {
    assert_eq!(
        error_codes(&with_options(limits::MAX_LISTED_OPTIONS, "")),
        [""; 0]
    );
    let codes = error_codes(&with_options(limits::MAX_LISTED_OPTIONS + 1, ""));
    assert_eq!(codes, ["too-many"]);
}

/// A scenario with a numeric issue on `range`, weighed by a party.
fn with_grid(range: &str) -> String {
    let mut text = String::from(HEAD);
    write!(
        text,
        "\n[issues.x]\narea = \"a\"\ntitle = \"T\"\nsources = [\"s\"]\nrange = {range}\n\
         \n[parties.p]\nname = \"P\"\nwalk_away = 0.5\nsources = [\"s\"]\n\
         weights = {{ x = 1 }}\nscores.x = {{ curve = [[0, 0], [1, 1]] }}\n"
    )
    .unwrap();
    text
}

#[test]
fn a_grid_has_at_most_1_000_000_points() {
    let ok = with_grid("{ min = 0, max = 999_999, step = 1 }");
    let parsed = parse(&ok);
    let scenario = parsed
        .scenario
        .expect("a grid of 1,000,000 points is valid");
    let IssueDomain::Numeric { grid, .. } = scenario.issues()[0].domain() else {
        panic!("a numeric issue");
    };
    assert_eq!(grid.len(), limits::MAX_GRID_POINTS);
    assert_eq!(
        error_codes(&with_grid("{ min = 0, max = 1_000_000, step = 1 }")),
        ["too-many"]
    );
    for range in [
        "{ min = 0, max = 1e7, step = 1 }",
        "{ min = 0, max = 1e308, step = 1e-308 }",
        "{ min = -1.7e308, max = 1.7e308, step = 1 }",
    ] {
        let text = with_grid(range);
        let parsed = parse(&text);
        check_invariants(&text, &parsed);
        let d = parsed.errors().next().expect("an error");
        assert_eq!(d.code, "too-many", "{range}: {d:?}");
        assert!(!d.message.contains("inf"), "{range}: {}", d.message);
    }
}

#[test]
fn thousands_of_bad_references_are_capped() {
    // 1,000 parties (the limit), and one event naming 100,000 parties that do not exist:
    // each unknown id could cost a scan of every party for a suggestion.
    let mut text = with_parties(limits::MAX_PARTIES);
    text.push_str("\n[[events]]\ndate = 2025-01-01\nsources = [\"s\"]\nparties = [");
    for i in 0..100_000 {
        write!(text, "\"q{i}\", ").unwrap();
    }
    text.push_str("]\n");
    let parsed = parse(&text);
    check_invariants(&text, &parsed);
    let last = parsed.diagnostics.last().expect("diagnostics");
    assert_eq!(last.code, "too-many-problems");
    assert!(last.message.starts_with("99800 more"), "{}", last.message);
    assert!(parsed.diagnostics.len() <= 201);
    assert!(
        parsed
            .diagnostics
            .iter()
            .filter(|d| d.code == "unknown-id")
            .all(|d| d.path == "events[0].parties")
    );
}

#[test]
fn thousands_of_bad_issue_references_are_capped() {
    // 10,000 issues (the limit), and a party weighing 20,000 issues that do not exist.
    let mut text = with_issues(limits::MAX_ISSUES);
    text.push_str("\n[parties.q]\nname = \"Q\"\nwalk_away = 0.5\nsources = [\"s\"]\n");
    text.push_str("[parties.q.weights]\n");
    for i in 0..20_000 {
        writeln!(text, "nope{i} = 1").unwrap();
    }
    let parsed = parse(&text);
    check_invariants(&text, &parsed);
    assert_eq!(
        parsed.diagnostics.last().map(|d| d.code),
        Some("too-many-problems")
    );
}

#[test]
fn a_party_may_score_and_reject_each_of_100_000_options() {
    // Every reference to an option is a lookup: they must not scan the option list.
    let n = limits::MAX_LISTED_OPTIONS;
    let mut lines = String::from("red_lines = { x = [");
    for i in (0..n).step_by(2) {
        write!(lines, "\"o{i}\", ").unwrap();
    }
    lines.push_str("] }\nweights = { x = 1 }\n[parties.p.scores.x]\n");
    for i in 0..n {
        writeln!(lines, "o{i} = 0.5").unwrap();
    }
    let text = with_options(n, &lines);
    let parsed = parse(&text);
    let scenario = parsed.scenario.expect("valid");
    assert_eq!(scenario.parties()[0].red_lines()[0].1.len(), n / 2);
}

#[test]
fn thousands_of_bad_option_references_are_capped() {
    // 100,000 options (the limit) in one issue, and a party with 10,000 unknown red lines.
    let mut red_lines = String::from("red_lines = { x = [");
    for i in 0..10_000 {
        write!(red_lines, "\"nope{i}\", ").unwrap();
    }
    red_lines.push_str("] }\n");
    let text = with_options(limits::MAX_LISTED_OPTIONS, &red_lines);
    let parsed = parse(&text);
    check_invariants(&text, &parsed);
    let unknown: Vec<_> = parsed
        .diagnostics
        .iter()
        .filter(|d| d.code == "unknown-id")
        .collect();
    assert_eq!(unknown.len(), 200, "{:#?}", &parsed.diagnostics[..3]);
    assert_eq!(
        parsed.diagnostics.last().map(|d| d.code),
        Some("too-many-problems")
    );
}

#[test]
fn many_repeated_tables_are_reported_once_each() {
    let mut text = String::from("format = \"accord/1\"\n");
    for _ in 0..3 {
        text.push_str("[areas.a]\ntitle = \"A\"\nnote = \"n\"\n");
    }
    let parsed = parse(&text);
    let codes: Vec<_> = parsed.errors().map(|d| d.code).collect();
    assert_eq!(
        codes,
        ["toml-syntax", "toml-syntax"],
        "{:#?}",
        parsed.diagnostics
    );
}

#[test]
fn a_truncated_example_never_panics() {
    for end in (0..=TOY.len()).filter(|&i| TOY.is_char_boundary(i)) {
        let text = &TOY[..end];
        let parsed = parse(text);
        check_invariants(text, &parsed);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn parse_never_panics_on_any_string(text in any::<String>()) {
        let parsed = parse(&text);
        check_invariants(&text, &parsed);
    }

    #[test]
    fn parse_never_panics_on_toml_like_strings(
        text in r#"(format = "accord/1"\n|\[[a-z.]{0,12}\]\n|\[\[[a-z.]{0,12}\]\]\n|[a-z_.]{1,10} = ([0-9.e+-]{1,8}|"[a-z0-9]{0,5}"|\[[0-9, \[\]]{0,10}\]|\{[a-z =0-9,]{0,12}\}|[0-9]{4}-[0-9]{2}-[0-9]{2})\n){0,30}"#
    ) {
        let parsed = parse(&text);
        check_invariants(&text, &parsed);
    }

    #[test]
    fn parse_never_panics_on_a_mutated_example(
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0..3u8), 1..8),
        cut in any::<prop::sample::Index>(),
    ) {
        let mut bytes = TOY.as_bytes().to_vec();
        for (at, byte, how) in edits {
            let i = at.index(bytes.len() + 1);
            match how {
                0 if i < bytes.len() => bytes[i] = byte,
                1 => bytes.insert(i, byte),
                _ if i < bytes.len() => { bytes.remove(i); }
                _ => {}
            }
        }
        bytes.truncate(cut.index(bytes.len() + 1));
        let text = String::from_utf8_lossy(&bytes);
        let parsed = parse(&text);
        check_invariants(&text, &parsed);
    }

    #[test]
    fn parse_never_panics_on_an_example_with_a_line_replaced(
        line in any::<prop::sample::Index>(),
        value in r#"(-?[0-9]{1,20}(\.[0-9]{1,5})?([eE][+-]?[0-9]{1,3})?|nan|inf|-inf|"[a-z_0-9]{0,8}"|\[\]|\{\}|\[[0-9., ]{0,12}\]|true|[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}:[0-9]{2})?)"#,
    ) {
        // Keep the key of a `key = value` line and give it a random value.
        let lines: Vec<&str> = TOY.lines().collect();
        let i = line.index(lines.len());
        let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        if let Some((key, _)) = lines[i].split_once(" = ") {
            out[i] = format!("{key} = {value}");
        }
        let text = out.join("\n");
        let parsed = parse(&text);
        check_invariants(&text, &parsed);
    }
}

/// The grid of the one numeric issue of a scenario with `range`.
fn grid_of(range: &str) -> accord_model::Grid {
    let parsed = parse(&with_grid(range));
    let scenario = parsed
        .scenario
        .unwrap_or_else(|| panic!("{range}: {:#?}", parsed.diagnostics));
    match scenario.issues()[0].domain() {
        IssueDomain::Numeric { grid, .. } => *grid,
        IssueDomain::Discrete(_) => panic!("a numeric issue"),
    }
}

#[test]
fn grid_values_are_clean_and_end_at_max() {
    let g = grid_of("{ min = 0, max = 0.3, step = 0.1 }");
    assert_eq!((g.len(), g.is_empty()), (4, false));
    assert_eq!(
        (0..g.len()).map(|k| g.value(k)).collect::<Vec<_>>(),
        [0.0, 0.1, 0.2, 0.3]
    );
    assert_eq!(g.value(1).to_string(), "0.1");
    assert_eq!(g.value(g.len() - 1), g.max());

    let g = grid_of("{ min = -1, max = 1, step = 0.5 }");
    assert_eq!(
        (0..g.len()).map(|k| g.value(k)).collect::<Vec<_>>(),
        [-1.0, -0.5, 0.0, 0.5, 1.0]
    );
    let g = grid_of("{ min = 1e9, max = 1.000000003e9, step = 1 }");
    assert_eq!(g.value(3), 1_000_000_003.0);
}

#[test]
fn grid_positions_tolerate_rounding_and_reject_the_rest() {
    let g = grid_of("{ min = 0, max = 0.3, step = 0.1 }");
    assert_eq!(g.position(0.0), Some(0));
    assert_eq!(g.position(0.1 + 0.2), Some(3)); // 0.30000000000000004
    assert_eq!(g.position(0.3), Some(3));
    assert_eq!(g.position(0.15), None);
    assert_eq!(g.position(-0.1), None);
    assert_eq!(g.position(0.4), None);
    assert_eq!(g.position(-0.0), Some(0));
    for v in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        assert_eq!(g.position(v), None);
    }
    let g = grid_of("{ min = 0, max = 100, step = 25 }");
    assert_eq!(g.position(50.0), Some(2));
    // The tolerance is 1e-9 relative to the larger of the step and the value.
    assert_eq!(g.position(50.000_000_01), Some(2));
    assert_eq!(g.position(50.000_001), None);
    assert_eq!(g.position(f64::MAX), None);
    assert_eq!(g.position(f64::MIN), None);
    let g = grid_of("{ min = 0, max = 999_999, step = 1 }");
    assert_eq!(g.position(999_999.0), Some(999_999));
    assert_eq!(g.position(1e6), None);
}

#[test]
fn closest_suggests_only_near_misses() {
    let ids = ["troop_cap", "territory", "nato"];
    // Nothing to compare with, or nothing near.
    assert_eq!(closest("troop_cap", []), None);
    assert_eq!(closest("", ids), None);
    assert_eq!(closest("sanctions", ids), None);
    // An exact match is not a typo.
    assert_eq!(closest("nato", ids), None);
    // Case, transposition, a missing or extra character.
    assert_eq!(closest("Nato", ids), Some("nato"));
    assert_eq!(closest("troop_cpa", ids), Some("troop_cap"));
    assert_eq!(closest("troopcap", ids), Some("troop_cap"));
    assert_eq!(closest("natoo", ids), Some("nato"));
    // Characters, not bytes, are counted.
    assert_eq!(closest("natö", ids), Some("nato"));
    assert_eq!(closest("тerritory", ids), Some("territory"));
    // A tie goes to the first candidate, so that suggestions follow file order.
    assert_eq!(closest("b", ["a", "c"]), Some("a"));
    assert_eq!(closest("b", ["c", "a"]), Some("c"));
    // Short ids tolerate one edit, long ones a third of their length.
    assert_eq!(closest("ab", ["xy"]), None);
    assert_eq!(closest("abcdefghi", ["abcxyzghi"]), Some("abcxyzghi"));
    assert_eq!(closest("abcdefghi", ["abwxyzghi"]), None);
}

#[test]
fn the_listed_options_limit_is_reported_once() {
    // Two issues of 60,000 options cross the limit; the small issues after them are fine.
    let mut text = String::from(HEAD);
    for id in ["big1", "big2"] {
        write!(
            text,
            "\n[issues.{id}]\narea = \"a\"\ntitle = \"T\"\nsources = [\"s\"]\noptions = ["
        )
        .unwrap();
        for i in 0..60_000 {
            write!(text, "{{ id = \"o{i}\" }}, ").unwrap();
        }
        text.push_str("]\n");
    }
    for i in 0..3 {
        issue(&mut text, &format!("small{i}"));
    }
    let parsed = parse(&text);
    check_invariants(&text, &parsed);
    let codes: Vec<_> = parsed.errors().map(|d| (d.code, d.path.as_str())).collect();
    assert_eq!(codes, [("too-many", "issues.big2.options")]);
}

#[test]
fn an_error_repeated_at_one_place_is_reported_once() {
    // One "unclosed array" per unclosed `[` said the same thing at the same place.
    for depth in [3, 300, 100_000] {
        let text = format!("format = \"accord/1\"\nx = {}\n", "[".repeat(depth));
        let parsed = parse(&text);
        check_invariants(&text, &parsed);
        assert!(parsed.diagnostics.len() <= 2, "{:#?}", parsed.diagnostics);
    }
}

/// A valid file with more uncited issues than the cap stays valid: strict findings never count
/// as errors, nor crowd an error out.
#[test]
fn many_strict_findings_keep_a_file_valid_and_errors_visible() {
    let mut text = String::from(
        "format = \"accord/1\"\n[scenario]\nid = \"many\"\ntitle = \"Many\"\n[areas.a]\ntitle = \"A\"\n",
    );
    for i in 0..300 {
        text += &format!(
            "[issues.i{i}]\narea = \"a\"\ntitle = \"I\"\noptions = [{{ id = \"x\" }}, {{ id = \"y\" }}]\n"
        );
    }
    text += "[parties.p]\nname = \"P\"\nwalk_away = 0.5\nsources = []\n[parties.p.weights]\n";
    // Every issue weighed, so that the only findings are strict ones (uncited issues).
    for i in 0..300 {
        text += &format!("i{i} = 1\n");
    }
    for i in 0..300 {
        text += &format!("[parties.p.scores.i{i}]\nx = 1.0\ny = 0.0\n");
    }
    let parsed = parse(&text);
    assert!(
        parsed.scenario.is_some(),
        "valid despite {} findings",
        parsed.diagnostics.len()
    );
    assert_eq!(parsed.errors().count(), 0);
    let overflow = parsed
        .diagnostics
        .iter()
        .find(|d| d.code == "too-many-problems")
        .expect("the overflow is counted");
    assert_eq!(overflow.severity, Severity::Strict);
    assert!(
        overflow.message.ends_with("more findings not shown"),
        "{}",
        overflow.message
    );

    // One error after 300 strict findings is still described.
    let broken = text.replace("i0 = 1\n", "i0 = 1\nnope = 1\n");
    let parsed = parse(&broken);
    assert!(parsed.scenario.is_none());
    let errors: Vec<_> = parsed.errors().collect();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].path, "parties.p.weights.nope");
}

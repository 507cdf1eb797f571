//! What-ifs give the same results as editing the file, and are checked like the file.

use std::path::Path;

use accord_model::json::PlanEvaluationJson;
use accord_model::whatif::{WhatIf, apply};
use accord_model::{Scenario, evaluate_plan, parse};

fn toy_text() -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/toy-border.toml"),
    )
    .expect("toy example")
}

fn load(text: &str) -> Scenario {
    let parsed = parse(text);
    parsed
        .scenario
        .unwrap_or_else(|| panic!("{:#?}", parsed.diagnostics))
}

fn results(s: &Scenario) -> serde_json::Value {
    let all: Vec<_> = s
        .plan_ixs()
        .map(|p| PlanEvaluationJson::new(s, p, &evaluate_plan(s, p)))
        .collect();
    serde_json::to_value(all).unwrap()
}

/// What-ifs, and the same change made by replacing text in the file.
type Case = (Vec<WhatIf>, Vec<(&'static str, &'static str)>);

#[test]
fn what_ifs_equal_edited_files() {
    let cases: Vec<Case> = vec![
        (
            vec![WhatIf::set("parties.west.walk_away=0.5").unwrap()],
            vec![("walk_away = 0.35", "walk_away = 0.5")],
        ),
        (
            vec![WhatIf::set("parties.east.walk_away=[0.6, 0.8]").unwrap()],
            vec![("walk_away = [0.3, 0.5]", "walk_away = [0.6, 0.8]")],
        ),
        (
            vec![WhatIf::set("parties.west.weights.fund=[4,8]").unwrap()],
            vec![("fund = [2, 4]", "fund = [4, 8]")],
        ),
        (
            vec![WhatIf::set("parties.east.scores.buffer.wide=0.9").unwrap()],
            vec![("wide = 0.3", "wide = 0.9")],
        ),
        (
            vec![
                WhatIf::set("plans.draft_a.terms.fund=100").unwrap(),
                WhatIf::set("plans.draft_b.terms.border=old_border").unwrap(),
            ],
            vec![
                ("fund = 25", "fund = 100"),
                (
                    "border = \"line_of_contact\"\nbuffer = \"wide\"",
                    "border = \"old_border\"\nbuffer = \"wide\"",
                ),
            ],
        ),
        (
            vec![WhatIf::remove_red_line("west:border=river").unwrap()],
            vec![("red_lines = { border = [\"river\"] }\n", "")],
        ),
        (
            vec![
                WhatIf::set("parties.mediator.signatory=true").unwrap(),
                WhatIf::set("parties.mediator.walk_away=0.9").unwrap(),
            ],
            vec![
                ("signatory = false", "signatory = true"),
                ("walk_away = 0.0", "walk_away = 0.9"),
            ],
        ),
    ];
    let original = load(&toy_text());
    for (what_ifs, edits) in cases {
        let changed = apply(&original, &what_ifs).unwrap_or_else(|e| panic!("{e:?}"));
        let mut text = toy_text();
        for (from, to) in &edits {
            assert!(text.contains(from), "{from}");
            text = text.replacen(from, to, 1);
        }
        let edited = load(&text);
        assert_eq!(results(&changed), results(&edited), "{what_ifs:?}");
        // The what-if changed something (the cases are chosen so that it shows).
        if !matches!(what_ifs[0], WhatIf::RemoveRedLine { .. }) {
            assert_ne!(results(&changed), results(&original), "{what_ifs:?}");
        }
    }
}

#[test]
fn removing_a_red_line_changes_a_verdict() {
    let text = toy_text().replace(
        "border = \"line_of_contact\"\nbuffer = \"narrow\"",
        "border = \"river\"\nbuffer = \"narrow\"",
    );
    let s = load(&text);
    let before = results(&s);
    assert_eq!(before[0]["parties"][0]["verdict"], "reject");
    let after =
        results(&apply(&s, &[WhatIf::remove_red_line("west:border=river").unwrap()]).unwrap());
    assert_eq!(
        after[0]["parties"][0]["red_lines_crossed"],
        serde_json::json!([])
    );
}

#[test]
fn what_ifs_are_checked_like_the_file() {
    let s = load(&toy_text());
    let cases = [
        (
            WhatIf::set("parties.wset.walk_away=0.3"),
            "unknown party `wset`",
            Some("did you mean `west`?"),
        ),
        (
            WhatIf::set("parties.west.walk_away=1.3"),
            "1.3 is outside [0, 1]",
            Some("use a value in [0, 1]"),
        ),
        (
            WhatIf::set("parties.west.walk_away=[0.5, 0.2]"),
            "interval [0.5, 0.2] has lo > hi",
            Some("write `[0.2, 0.5]`"),
        ),
        (
            WhatIf::set("parties.west.walk_away=high"),
            "expected a number or an interval [lo, hi], found a string",
            None,
        ),
        (
            WhatIf::set("parties.west.weights.fnd=2"),
            "unknown issue `fnd`",
            Some("did you mean `fund`?"),
        ),
        (
            WhatIf::set("parties.west.weights.fund=-1"),
            "-1 is outside [0, ∞)",
            Some("use a value in [0, ∞)"),
        ),
        (
            WhatIf::set("parties.mediator.weights.border=1"),
            "party `mediator` has no scores for issue `border`, so it cannot weigh it",
            Some("add the scores to the file first"),
        ),
        (
            WhatIf::set("parties.mediator.weights.buffer=0"),
            "party `mediator` would have no positive weight and no interaction",
            Some("keep at least one weight above 0"),
        ),
        (
            WhatIf::set("parties.west.discount=0"),
            "discount 0 is outside (0, 1]",
            None,
        ),
        (
            WhatIf::set("plans.draft_a.terms.fund=30"),
            "30 is not on the grid of issue `fund` (0 to 100 by 25)",
            None,
        ),
        (
            WhatIf::set("plans.draft_a.terms.border=rivr"),
            "unknown option `rivr` of issue `border`",
            Some("did you mean `river`?"),
        ),
        (
            WhatIf::set("plans.draft_z.terms.fund=25"),
            "unknown plan `draft_z`",
            Some("did you mean `draft_a`?"),
        ),
        (
            WhatIf::set("scenario.title=x"),
            "`scenario.title` cannot be set",
            None,
        ),
        (
            WhatIf::remove_red_line("west:border=old_border"),
            "`border=old_border` is not a red line of party `west`",
            Some("its red lines: border=river"),
        ),
        (
            WhatIf::remove_red_line("east:border=river"),
            "`border=river` is not a red line of party `east`",
            Some("party `east` has no red lines"),
        ),
    ];
    for (what_if, message, help) in cases {
        let what_if = what_if.expect("well-formed");
        let errors = apply(&s, std::slice::from_ref(&what_if)).expect_err("invalid");
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].message, message, "{what_if}");
        if let Some(help) = help {
            assert_eq!(errors[0].help.as_deref(), Some(help), "{what_if}");
        }
        assert_eq!(errors[0].what_if, what_if);
        assert!(!errors[0].to_string().contains("--"), "{}", errors[0]);
    }
    // Every error is reported, not only the first.
    let both = [
        WhatIf::set("parties.west.walk_away=2").unwrap(),
        WhatIf::set("parties.east.walk_away=3").unwrap(),
    ];
    assert_eq!(apply(&s, &both).unwrap_err().len(), 2);
}

#[test]
fn malformed_what_ifs_are_refused() {
    assert!(WhatIf::set("parties.west.walk_away").is_err());
    assert!(WhatIf::set("=0.3").is_err());
    assert!(WhatIf::remove_red_line("west-border=river").is_err());
    assert!(WhatIf::remove_red_line("west:border").is_err());
    assert!(WhatIf::remove_red_line(":border=river").is_err());
}

/// Issue 13: setting a term that the draft lists as options (or leaves `open`) settles it,
/// exactly as editing the file would; an observer has nothing a what-if can change.
#[test]
fn what_ifs_settle_listed_and_open_terms_and_refuse_observers() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/valid/river-treaty.toml");
    let text = std::fs::read_to_string(path).unwrap();
    let s = load(&text);
    let changed = apply(
        &s,
        &[
            WhatIf::set("plans.second.terms.share=s50").unwrap(),
            WhatIf::set("plans.second.terms.monitor=joint").unwrap(),
        ],
    )
    .unwrap();
    let edited = load(&text.replace("open = [\"monitor\"]\n", "").replace(
        "share = [\"s40\", \"s50\"]",
        "share = \"s50\"\nmonitor = \"joint\"",
    ));
    assert_eq!(results(&changed), results(&edited));
    let second = changed.find_plan("second").unwrap();
    assert!(evaluate_plan(&changed, second).open_issues.is_empty());

    let e = apply(
        &s,
        &[WhatIf::set("parties.facilitator.walk_away=0.3").unwrap()],
    )
    .unwrap_err();
    assert!(e[0].to_string().contains("is an observer"), "{}", e[0]);
    assert!(
        apply(
            &s,
            &[WhatIf::set("parties.facilitator.signatory=true").unwrap()]
        )
        .is_err()
    );
}

/// What-ifs in the scenario's words: names and labels, never a key path or a flag.
#[test]
fn what_ifs_in_words_use_names_not_paths() {
    let s = load(&toy_text());
    let west = s.party(s.find_party("west").unwrap()).name().to_owned();
    let w = WhatIf::set("parties.west.walk_away=0.5").unwrap();
    let words = w.in_words(&s);
    assert_eq!(words, format!("{west}'s walk-away set to 0.5"));
    for w in [
        WhatIf::set("parties.west.walk_away=0.5").unwrap(),
        WhatIf::set("agreement.quorum=2").unwrap(),
    ] {
        let words = w.in_words(&s);
        assert!(
            !words.contains("--") && !words.contains("parties."),
            "{words}"
        );
    }
    let red = WhatIf::remove_red_line("west:border=river").unwrap();
    let border = s.issue(s.find_issue("border").unwrap());
    let river = border.option_label(border.find_option("river").unwrap());
    assert_eq!(
        red.in_words(&s),
        format!("{west}'s red line {}: {river} removed", border.title())
    );
    let json = accord_model::json::AppliedWhatIfJson::list(&s, &[w]);
    assert_eq!(json[0].kind, "set");
    assert_eq!(json[0].target, "parties.west.walk_away");
    assert_eq!(json[0].change, words);
}

/// Issue 17: adding a red line and leaving a term open equal the same edits of the file, and
/// change what they should (East now rejects draft_b; draft_a's fund is open).
#[test]
fn added_red_lines_and_open_terms_equal_edited_files() {
    let original = load(&toy_text());
    let cases: Vec<Case> = vec![
        (
            vec![WhatIf::add_red_line("east:buffer=wide").unwrap()],
            vec![(
                "walk_away = [0.3, 0.5]\n",
                "walk_away = [0.3, 0.5]\nred_lines = { buffer = [\"wide\"] }\n",
            )],
        ),
        (
            // A second option on an issue with a red line already.
            vec![WhatIf::add_red_line("west:border=line_of_contact").unwrap()],
            vec![(
                "red_lines = { border = [\"river\"] }",
                "red_lines = { border = [\"line_of_contact\", \"river\"] }",
            )],
        ),
        (
            vec![WhatIf::open_term("draft_a:fund").unwrap()],
            vec![
                ("fund = 25\n", ""),
                (
                    "sources = [\"note\"]\n[plans.draft_a.terms]",
                    "sources = [\"note\"]\nopen = [\"fund\"]\n[plans.draft_a.terms]",
                ),
            ],
        ),
    ];
    for (what_ifs, edits) in cases {
        let changed = apply(&original, &what_ifs).unwrap_or_else(|e| panic!("{e:?}"));
        let mut text = toy_text();
        for (from, to) in &edits {
            assert!(text.contains(from), "{from}");
            text = text.replacen(from, to, 1);
        }
        let edited = load(&text);
        assert_eq!(results(&changed), results(&edited), "{what_ifs:?}");
        assert_ne!(results(&changed), results(&original), "{what_ifs:?}");
    }
    let red = apply(
        &original,
        &[WhatIf::add_red_line("east:buffer=wide").unwrap()],
    )
    .unwrap();
    let b = results(&red)[1].clone();
    assert_eq!(b["plan"], "draft_b");
    assert_eq!(b["parties"][1]["verdict"], "reject", "{b:#}");
    let open = apply(&original, &[WhatIf::open_term("draft_a:fund").unwrap()]).unwrap();
    let a = open.find_plan("draft_a").unwrap();
    let fund = open.find_issue("fund").unwrap();
    assert_eq!(evaluate_plan(&open, a).open_issues, vec![fund]);
}

#[test]
fn added_red_lines_and_open_terms_are_checked() {
    let s = load(&toy_text());
    let cases = [
        (
            WhatIf::add_red_line("west:border=river"),
            "`border=river` is already a red line of party `west`",
            None,
        ),
        (
            WhatIf::add_red_line("wset:border=river"),
            "unknown party `wset`",
            Some("did you mean `west`?"),
        ),
        (
            WhatIf::add_red_line("east:border=rivr"),
            "unknown option `rivr` of issue `border`",
            Some("did you mean `river`?"),
        ),
        (
            WhatIf::add_red_line("east:fund=30"),
            "30 is not on the grid of issue `fund` (0 to 100 by 25)",
            None,
        ),
        (
            WhatIf::open_term("draft_z:fund"),
            "unknown plan `draft_z`",
            Some("did you mean `draft_a`?"),
        ),
        (
            WhatIf::open_term("draft_a:fnd"),
            "unknown issue `fnd`",
            Some("did you mean `fund`?"),
        ),
    ];
    for (what_if, message, help) in cases {
        let what_if = what_if.expect("well-formed");
        let errors = apply(&s, std::slice::from_ref(&what_if)).expect_err("invalid");
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].message, message, "{what_if}");
        assert_eq!(errors[0].help.as_deref(), help, "{what_if}");
    }
    // Every option of an issue a red line: the party would accept nothing.
    let all = apply(
        &s,
        &[
            WhatIf::add_red_line("west:border=old_border").unwrap(),
            WhatIf::add_red_line("west:border=line_of_contact").unwrap(),
        ],
    )
    .unwrap_err();
    assert_eq!(all.len(), 1);
    assert!(
        all[0].message.contains("every option of issue `border`"),
        "{}",
        all[0]
    );
    // A term left open twice: the second finds it open.
    let twice = apply(
        &s,
        &[
            WhatIf::open_term("draft_a:fund").unwrap(),
            WhatIf::open_term("draft_a:fund").unwrap(),
        ],
    )
    .unwrap_err();
    assert_eq!(
        twice[0].message,
        "plan `draft_a` already leaves issue `fund` open"
    );
    // An observer has no red lines to add.
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/valid/river-treaty.toml");
    let river = load(&std::fs::read_to_string(path).unwrap());
    let issue = river.issue(accord_model::IssueIx::from_usize(0));
    let option = issue.option_value(accord_model::OptionIx::from_usize(0));
    let e = apply(
        &river,
        &[WhatIf::add_red_line(&format!("facilitator:{}={option}", issue.id())).unwrap()],
    )
    .unwrap_err();
    assert!(e[0].message.contains("is an observer"), "{}", e[0]);
    // Malformed.
    assert!(WhatIf::add_red_line("east:buffer").is_err());
    assert!(WhatIf::open_term("draft_a").is_err());
    assert!(WhatIf::open_term("draft_a:fund=25").is_err());
    assert!(WhatIf::open_term(":fund").is_err());
}

/// Issue 17: a mistyped `--set` path gets the nearest settable path.
#[test]
fn mistyped_set_paths_get_the_nearest_path() {
    let s = load(&toy_text());
    for (typo, near) in [
        ("parties.west.walkaway=0.3", "parties.west.walk_away"),
        ("partys.west.walk_away=0.3", "parties.west.walk_away"),
        ("parties.west.weight.fund=3", "parties.west.weights.fund"),
        (
            "parties.west.score.border.river=0.1",
            "parties.west.scores.border.river",
        ),
        ("plans.draft_a.term.fund=25", "plans.draft_a.terms.fund"),
        ("plans.draft_a.terms.fnd.x=25", ""),
        ("agreement.quorom=1", "agreement.quorum"),
        ("issues.border.statusquo=river", "issues.border.status_quo"),
        ("isues.bordr.status_quo=river", "issues.border.status_quo"),
    ] {
        let w = WhatIf::set(typo).unwrap();
        let e = apply(&s, std::slice::from_ref(&w)).unwrap_err();
        let help = e[0].help.clone().unwrap_or_default();
        if near.is_empty() {
            assert!(help.starts_with("settable: "), "{typo}: {help}");
        } else {
            assert_eq!(help, format!("did you mean `{near}`?"), "{typo}");
            assert!(e[0].message.ends_with("cannot be set"), "{}", e[0]);
        }
    }
    // Nothing near: the settable paths are listed.
    let e = apply(&s, &[WhatIf::set("scenario.title=x").unwrap()]).unwrap_err();
    assert!(e[0].help.as_deref().unwrap().starts_with("settable: "));
}

/// The new what-ifs in the scenario's words and in JSON.
#[test]
fn added_red_lines_and_open_terms_in_words() {
    let s = load(&toy_text());
    let add = WhatIf::add_red_line("east:buffer=wide").unwrap();
    assert_eq!(
        add.in_words(&s),
        "East's red line Demilitarized buffer zone: 30 km, monitored added"
    );
    assert_eq!(add.to_string(), "--add-red-line east:buffer=wide");
    let open = WhatIf::open_term("draft_a:fund").unwrap();
    assert_eq!(
        open.in_words(&s),
        "Mediator's first draft: Reconstruction fund paid by the east left open"
    );
    assert_eq!(open.to_string(), "--open-term draft_a:fund");
    let json = accord_model::json::AppliedWhatIfJson::list(&s, &[add, open]);
    assert_eq!(json[0].kind, "add_red_line");
    assert_eq!(json[0].target, "east:buffer=wide");
    assert_eq!(json[0].value, None);
    assert_eq!(json[1].kind, "open_term");
    assert_eq!(json[1].target, "draft_a:fund");
}

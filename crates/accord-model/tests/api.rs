//! The library calls behind the commands: `evaluate_plans`, `resolve_plans`, weight shares,
//! plan roles and the wire types of `evaluate --json` and `check --json`.

use std::path::Path;

use accord_model::json::{CheckJson, EvaluateJson};
use accord_model::whatif::{WhatIf, apply};
use accord_model::{Error, PlanRole, Scenario, SourceText, evaluate_plan, evaluate_plans, parse};

fn toy_text() -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/toy-border.toml"),
    )
    .expect("examples/toy-border.toml")
}

fn toy() -> Scenario {
    parse(&toy_text()).scenario.expect("the toy is valid")
}

#[test]
fn weight_shares_are_midpoints_over_their_sum() {
    let s = toy();
    // West weighs border 6, buffer 2 and fund [2, 4] (midpoint 3): W = 11.
    let west = s.party(s.resolve_party("west").unwrap());
    let shares: Vec<(&str, f64, bool)> = west
        .weight_shares()
        .iter()
        .map(|w| (s.issue(w.issue).id().as_str(), w.share, w.exact))
        .collect();
    assert_eq!(
        shares,
        [
            ("border", 6.0 / 11.0, true),
            ("buffer", 2.0 / 11.0, true),
            ("fund", 3.0 / 11.0, false),
        ]
    );
    let mediator = s.party(s.resolve_party("mediator").unwrap());
    let only: Vec<f64> = mediator.weight_shares().iter().map(|w| w.share).collect();
    assert_eq!(only, [1.0]);
}

#[test]
fn plan_roles_follow_the_plan_lists() {
    let s = toy();
    let [west, east, mediator] =
        ["west", "east", "mediator"].map(|id| s.resolve_party(id).unwrap());
    let a = s.plan(s.resolve_plan("draft_a").unwrap());
    assert_eq!(a.role(mediator), PlanRole::Drafted);
    assert_eq!(a.role(east), PlanRole::Drafted);
    assert_eq!(a.role(west), PlanRole::Briefed);
    assert!(a.absent(&s).is_empty());
    let b = s.plan(s.resolve_plan("draft_b").unwrap());
    assert_eq!(b.role(west), PlanRole::Drafted);
    assert_eq!(b.role(east).word(), "absent");
    assert_eq!(b.absent(&s), [east, mediator]);
}

#[test]
fn evaluate_plans_takes_the_order_asked_or_every_plan() {
    let s = toy();
    let asked = evaluate_plans(&s, &["draft_b", "draft_a"]).unwrap();
    let ids: Vec<&str> = asked
        .iter()
        .map(|(p, _)| s.plan(*p).id().as_str())
        .collect();
    assert_eq!(ids, ["draft_b", "draft_a"]);
    for (p, e) in &asked {
        let alone = evaluate_plan(&s, *p);
        let ranges = |e: &accord_model::Evaluation| -> Vec<(f64, f64)> {
            e.parties.iter().map(|pe| pe.utility_range).collect()
        };
        assert_eq!(ranges(e), ranges(&alone));
        assert_eq!(e.agreement, alone.agreement);
    }
    let every = evaluate_plans(&s, &[] as &[&str]).unwrap();
    let ids: Vec<&str> = every
        .iter()
        .map(|(p, _)| s.plan(*p).id().as_str())
        .collect();
    assert_eq!(ids, ["draft_a", "draft_b"]);
}

#[test]
fn an_unknown_plan_names_the_closest_and_a_planless_scenario_says_so() {
    let s = toy();
    match evaluate_plans(&s, &["draft_a", "draft_c"]) {
        Err(Error::UnknownId(e)) => {
            assert_eq!(e.id, "draft_c");
            assert_eq!(e.suggestion.as_deref(), Some("draft_a"));
        }
        other => panic!("expected an unknown id, got {other:?}"),
    }
    // The toy up to its plans (the events after them cite a plan) is valid and has none.
    let text = toy_text();
    let cut = &text[..text.find("[plans.draft_a]").unwrap()];
    let bare = parse(cut).scenario.expect("valid without plans");
    let e = evaluate_plans(&bare, &[] as &[&str]).unwrap_err();
    assert_eq!(
        e,
        Error::NoPlans {
            scenario: "toy-border".into()
        }
    );
    assert_eq!(e.to_string(), "scenario `toy-border` has no plans");
    let e = evaluate_plans(&bare, &["draft_a"]).unwrap_err();
    assert_eq!(
        e.to_string(),
        "unknown plan `draft_a` in scenario `toy-border`; the scenario has no plans"
    );
}

#[test]
fn evaluate_json_is_an_object_for_one_plan_asked_else_an_array() {
    let s = toy();
    let one = evaluate_plans(&s, &["draft_b"]).unwrap();
    let v = serde_json::to_value(EvaluateJson::new(&s, &one, true)).unwrap();
    assert_eq!(v["plan"], "draft_b");
    assert_eq!(v["parties"][0]["party"], "west");
    let v = serde_json::to_value(EvaluateJson::new(&s, &one, false)).unwrap();
    assert_eq!(v.as_array().map(Vec::len), Some(1));
    // A grid option is a number, a discrete one a string.
    let partial = s.resolve_plan("draft_b").unwrap();
    let changed = apply(
        &s,
        &[WhatIf::set("plans.draft_b.terms.border=river").unwrap()],
    )
    .unwrap();
    let e = evaluate_plan(&changed, partial);
    let v = serde_json::to_value(EvaluateJson::new(&changed, &[(partial, e)], true)).unwrap();
    assert_eq!(
        v["parties"][0]["red_lines_crossed"],
        serde_json::json!([{ "issue": "border", "option": "river" }])
    );
}

#[test]
fn check_json_of_what_ifs_keeps_a_null_help_and_an_unreadable_file_has_none() {
    let s = toy();
    let errors = apply(&s, &[WhatIf::set("plans.draft_a.terms.fund=abc").unwrap()]).unwrap_err();
    let v = serde_json::to_value(CheckJson::what_ifs("toy.toml", &errors)).unwrap();
    let d = &v["diagnostics"][0];
    assert_eq!(d["code"], "what-if");
    assert_eq!(d["line"], 0);
    assert!(d.get("help").is_some_and(serde_json::Value::is_null), "{d}");
    let v = serde_json::to_value(CheckJson::unreadable("x.toml", "x.toml: cannot open")).unwrap();
    assert_eq!(v["valid"], false);
    assert!(v["diagnostics"][0].get("help").is_none());
    let text = "format = \"accord/1\"\n[scenario]\nidd = 1\n";
    let parsed = parse(text);
    let source = SourceText::new("bad.toml", text);
    let diagnostics: Vec<_> = parsed.diagnostics.iter().collect();
    let v = serde_json::to_value(CheckJson::new(&source, &diagnostics, false)).unwrap();
    assert_eq!(v["file"], "bad.toml");
    assert!(v["diagnostics"][0]["line"].as_u64().unwrap() >= 1, "{v}");
}

#[test]
fn strict_checks_show_and_fail_on_every_finding() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/strict");
    for (file, severity) in [
        ("uncited-party.toml", accord_model::Severity::Strict),
        ("unused-scores.toml", accord_model::Severity::Warning),
    ] {
        let parsed = parse(&std::fs::read_to_string(data.join(file)).unwrap());
        assert!(parsed.scenario.is_some(), "{file} is valid");
        assert!(parsed.passes(false), "{file}");
        assert!(!parsed.passes(true), "{file}");
        let strict = parsed.findings(true);
        assert!(strict.iter().any(|d| d.severity == severity), "{file}");
        let lenient = parsed.findings(false);
        assert!(
            lenient
                .iter()
                .all(|d| d.severity != accord_model::Severity::Strict)
        );
        let strict_only = strict
            .iter()
            .filter(|d| d.severity == accord_model::Severity::Strict)
            .count();
        assert_eq!(lenient.len() + strict_only, strict.len(), "{file}");
    }
}

/// `Scenario::negotiation`: the named parties negotiate; every other signatory is not one for
/// the run (exactly as `--set parties.P.signatory=false`), and evaluation follows.
#[test]
fn negotiation_makes_the_others_non_signatories() {
    let s = toy();
    let west = s.resolve_party("west").unwrap();
    let east = s.resolve_party("east").unwrap();
    let mediator = s.resolve_party("mediator").unwrap();
    assert!(s.party(east).signatory() && !s.party(mediator).signatory());
    let n = s.negotiation(&[west, mediator]);
    // Only a signatory of the file is reported: the mediator never was one.
    assert_eq!(n.not_negotiating, vec![east]);
    assert!(n.scenario.party(west).signatory());
    assert!(!n.scenario.party(east).signatory());
    assert!(!n.scenario.party(mediator).signatory());
    let by_set = apply(&s, &[WhatIf::set("parties.east.signatory=false").unwrap()]).unwrap();
    let a = evaluate_plans(&n.scenario, &[] as &[&str]).unwrap();
    let b = evaluate_plans(&by_set, &[] as &[&str]).unwrap();
    assert_eq!(format!("{a:?}"), format!("{b:?}"));
    // The JSON names who does not negotiate, and only grows.
    let json = serde_json::to_value(
        EvaluateJson::new(&n.scenario, &a, false).not_negotiating(&n.scenario, &n.not_negotiating),
    )
    .unwrap();
    assert_eq!(json[0]["not_negotiating"], serde_json::json!(["east"]));
    let plain = serde_json::to_value(EvaluateJson::new(&s, &b, false)).unwrap();
    assert!(plain[0].get("not_negotiating").is_none());
    // Naming every party changes nothing.
    let all: Vec<_> = s.party_ixs().collect();
    assert!(s.negotiation(&all).not_negotiating.is_empty());
}

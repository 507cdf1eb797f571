//! Data-driven tests over the shared scenarios and the repository's valid test scenarios:
//! each parses without error, and its evaluation JSON is snapshotted. Hand-computed figures pin
//! the formulas.

use std::path::{Path, PathBuf};

use accord_model::json::PlanEvaluationJson;
use accord_model::{Scenario, Severity, Verdict, evaluate_plan, parse};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn load(path: &Path) -> Scenario {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let parsed = parse(&text);
    let errors: Vec<_> = parsed.errors().collect();
    assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
    parsed.scenario.expect("no errors, so a scenario")
}

fn evaluation_json(s: &Scenario) -> serde_json::Value {
    let all: Vec<_> = s
        .plan_ixs()
        .map(|p| PlanEvaluationJson::new(s, p, &evaluate_plan(s, p)))
        .collect();
    serde_json::to_value(all).expect("serializable")
}

#[test]
fn shared_scenarios_are_valid_and_evaluate() {
    let dir = root().join("../shared/scenarios");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.expect("dir entry").path();
        if path.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        seen += 1;
        let s = load(&path);
        let name = path
            .file_stem()
            .expect("stem")
            .to_string_lossy()
            .into_owned();
        insta::assert_json_snapshot!(format!("shared-{name}"), evaluation_json(&s));
    }
    assert!(seen > 0, "no scenarios in {}", dir.display());
}

#[test]
fn repository_valid_scenarios_evaluate() {
    let dir = root().join("tests/data/valid");
    for entry in std::fs::read_dir(&dir).expect("tests/data/valid") {
        let path = entry.expect("dir entry").path();
        let s = load(&path);
        let name = path
            .file_stem()
            .expect("stem")
            .to_string_lossy()
            .into_owned();
        insta::assert_json_snapshot!(format!("valid-{name}"), evaluation_json(&s));
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-12
}

/// The figures of the foundation issue: toy-border's draft_a gives west 0.42272…, east 0.71666…,
/// mediator 1.0, all accept, agreement true.
#[test]
fn toy_border_figures() {
    let s = load(&root().join("../shared/scenarios/toy-border.toml"));
    let a = evaluate_plan(&s, s.find_plan("draft_a").expect("draft_a"));
    // west: weights 6, 2, [2,4] -> 3; W = 11. border 0.4, buffer 0.6, fund 25 -> 0.35 on the curve.
    let west = (6.0 * 0.4 + 2.0 * 0.6 + 3.0 * 0.35) / 11.0;
    // east: W = 12; border 0.7, buffer 0.7, fund 25 -> 0.75; no bonus (buffer is narrow).
    let east = (5.0 * 0.7 + 3.0 * 0.7 + 4.0 * 0.75) / 12.0;
    let got: Vec<f64> = a.parties.iter().map(|p| p.utility()).collect();
    assert!(
        close(got[0], west) && close(west, 0.422_727_272_727_272_7),
        "{got:?}"
    );
    assert!(
        close(got[1], east) && close(east, 0.716_666_666_666_666_7),
        "{got:?}"
    );
    assert_eq!(got[2], 1.0);
    assert!(a.parties.iter().all(|p| p.verdict == Verdict::Accept));
    assert_eq!(a.agreement, Some(true));
    // East's walk-away is the midpoint of [0.3, 0.5].
    assert!(close(a.parties[1].walk_away, 0.4));

    let b = evaluate_plan(&s, s.find_plan("draft_b").expect("draft_b"));
    // west: border 0.4, buffer wide 1.0, fund 50 -> 0.7.
    let west = (6.0 * 0.4 + 2.0 * 1.0 + 3.0 * 0.7) / 11.0;
    // east: border 0.7, buffer wide 0.3, fund 50 -> 0.5, and the -0.05 penalty (line of contact
    // with a wide buffer): 0.48333…, the figure the uncertainty issue relies on.
    let east = (5.0 * 0.7 + 3.0 * 0.3 + 4.0 * 0.5) / 12.0 - 0.05;
    assert!(close(b.parties[0].utility(), west));
    assert!(close(b.parties[1].utility(), east) && close(east, 0.483_333_333_333_333_3));
    assert_eq!(b.parties[2].utility(), 0.8);
    assert_eq!(b.agreement, Some(true));
}

#[test]
fn partial_plans_by_hand() {
    let s = load(&root().join("tests/data/valid/partial-plans.toml"));
    let issue_ids = |e: &accord_model::Evaluation| -> Vec<String> {
        e.open_issues
            .iter()
            .map(|&i| s.issue(i).id().to_string())
            .collect()
    };

    let silent = evaluate_plan(&s, s.find_plan("silent").expect("plan"));
    assert_eq!(issue_ids(&silent), ["a", "b"]);
    let [p, q, r] = &silent.parties[..] else {
        panic!("three parties")
    };
    // P: a in {0.5, 0}, b in {0, 0.25, 0.5}; the red line b = z is open, so undetermined.
    assert_eq!(p.utility_range, (0.0, 1.0));
    assert_eq!(p.utility(), 0.5);
    assert_eq!(p.verdict, Verdict::Undetermined);
    assert!(p.red_lines_crossed.is_empty());
    // Q: c = 10 gives 0.5; the bonus 0.3 needs a = y and b in {y, z}, both open.
    assert!(close(q.utility_range.0, 0.5) && close(q.utility_range.1, 0.8));
    assert_eq!(q.verdict, Verdict::Accept);
    // R never reaches 0.9, but it does not sign.
    assert_eq!(r.utility_range, (0.0, 0.2));
    assert_eq!(r.verdict, Verdict::Reject);
    assert_eq!(silent.agreement, None);

    let a_only = evaluate_plan(&s, s.find_plan("a_only").expect("plan"));
    assert_eq!(issue_ids(&a_only), ["b"]);
    assert_eq!(a_only.parties[0].utility_range, (0.5, 1.0));
    assert_eq!(a_only.parties[0].verdict, Verdict::Undetermined);
    // a = x kills Q's interaction.
    assert_eq!(a_only.parties[1].utility_range, (0.5, 0.5));
    assert_eq!(a_only.agreement, None);

    let complete = evaluate_plan(&s, s.find_plan("complete").expect("plan"));
    assert!(complete.open_issues.is_empty());
    let p = &complete.parties[0];
    assert_eq!(p.utility(), 0.5);
    assert_eq!(p.verdict, Verdict::Reject);
    let crossed: Vec<(String, String)> = p
        .red_lines_crossed
        .iter()
        .map(|&(i, o)| {
            let issue = s.issue(i);
            (issue.id().to_string(), issue.option_value(o).to_string())
        })
        .collect();
    assert_eq!(crossed, [("b".to_string(), "z".to_string())]);
    assert!(close(complete.parties[1].utility(), 1.3));
    assert_eq!(complete.agreement, Some(false));
}

#[test]
fn scenario_without_warnings_has_no_findings_but_strict_ones() {
    let text = std::fs::read_to_string(root().join("examples/toy-border.toml")).expect("example");
    let parsed = parse(&text);
    assert!(parsed.scenario.is_some());
    // The toy scenario cites no source for its issues and draft_b's event-free plan: only
    // strict findings, never errors or warnings.
    assert!(
        parsed
            .diagnostics
            .iter()
            .all(|d| d.severity == Severity::Strict),
        "{:#?}",
        parsed.diagnostics
    );
    assert!(parsed.diagnostics.iter().any(|d| d.code == "uncited"));
}

/// `tests/data/valid/reactions.toml`: each reported reaction beside the model's verdict, in
/// file order, for the whole scenario and for one (party, draft).
#[test]
fn reactions_beside_verdicts() {
    use accord_model::{Reaction, reaction_checks, reactions_to};
    let s = load(&root().join("tests/data/valid/reactions.toml"));
    let north = s.find_party("north").expect("north");
    let south = s.find_party("south").expect("south");
    let high = s.find_plan("high_cap").expect("high_cap");
    let open = s.find_plan("open").expect("open");
    // The draft event carries no reaction.
    assert_eq!(s.events()[0].reaction(), None);
    assert_eq!(s.events()[1].reaction(), Some(Reaction::Accept));

    let got: Vec<_> = reaction_checks(&s)
        .iter()
        .map(|c| (c.event, c.party, c.plan, c.reaction, c.verdict, c.agrees))
        .collect();
    assert_eq!(
        got,
        [
            (
                1,
                north,
                high,
                Reaction::Accept,
                Verdict::Accept,
                Some(true)
            ),
            (2, south, high, Reaction::Basis, Verdict::Reject, None),
            (
                3,
                south,
                high,
                Reaction::Reject,
                Verdict::Reject,
                Some(true)
            ),
            (4, north, open, Reaction::Mixed, Verdict::Undetermined, None),
        ]
    );

    let south_high: Vec<_> = reactions_to(&s, south, high)
        .iter()
        .map(|c| (c.event, c.reaction, c.agrees))
        .collect();
    assert_eq!(
        south_high,
        [
            (2, Reaction::Basis, None),
            (3, Reaction::Reject, Some(true))
        ]
    );
    assert!(
        reactions_to(&s, north, s.find_plan("open").unwrap())[0]
            .agrees
            .is_none()
    );
    assert!(reactions_to(&s, south, open).is_empty());
}

/// Day numbers count days since 1970-01-01 and round-trip (Hinnant's algorithms).
#[test]
fn dates_count_days() {
    use accord_model::Date;
    let d = |year, month, day| Date { year, month, day };
    assert_eq!(d(1970, 1, 1).day_number(), 0);
    assert_eq!(d(2000, 3, 1).day_number(), 11_017);
    assert_eq!(
        d(2026, 12, 5).day_number() - d(2025, 12, 24).day_number(),
        346
    );
    assert_eq!(d(2024, 3, 1).day_number() - d(2024, 2, 28).day_number(), 2);
    for n in [-1, 0, 59, 11_016, 20_000, 20_792] {
        assert_eq!(Date::from_day_number(n).unwrap().day_number(), n);
    }
    assert_eq!(Date::from_day_number(20_792), Some(d(2026, 12, 5)));
}

/// `tests/data/valid/river-treaty.toml`: the 2026-11 format additions, by hand.
#[test]
fn river_treaty_lists_open_revises_roles_sources_observers() {
    let s = load(&root().join("tests/data/valid/river-treaty.toml"));
    let plan = |id: &str| s.find_plan(id).expect("plan");
    let issue = |id: &str| s.find_issue(id).expect("issue");
    let party = |id: &str| s.find_party(id).expect("party");

    // Sources: reliability and caution.
    let blog = s.source(s.find_source("blog").expect("source"));
    assert_eq!(blog.reliability(), Some(accord_model::Reliability::Low));
    assert!(blog.is_low());
    assert_eq!(
        blog.caution(),
        Some("one anonymous participant; not confirmed elsewhere")
    );
    assert!(!s.source(s.find_source("minutes").unwrap()).is_low());

    // The observer: no preferences, never a signatory, still in the process.
    let facilitator = s.party(party("facilitator"));
    assert!(facilitator.is_observer() && !facilitator.signatory());
    assert!(!s.party(party("up")).is_observer());
    assert_eq!(s.modelled_party_ixs(), [party("up"), party("down")]);
    assert_eq!(
        s.plan(plan("first")).role(party("facilitator")),
        accord_model::PlanRole::Drafted
    );

    // Roles: Upstream's part in the first draft is disputed, with its note and source.
    let first = s.plan(plan("first"));
    assert!(first.is_disputed(party("up")) && !first.is_disputed(party("facilitator")));
    assert_eq!(first.drafted_by(), [party("facilitator"), party("up")]);
    let note = &first.role_notes()[0];
    assert_eq!(note.role, accord_model::PlanRole::Drafted);
    assert_eq!(note.sources, [s.find_source("blog").unwrap()]);

    // Revisions: counter → second → first.
    assert_eq!(s.plan(plan("counter")).revises(), Some(plan("second")));
    assert_eq!(
        s.revision_chain(plan("counter")),
        [plan("second"), plan("first")]
    );
    assert_eq!(s.revision_chain(plan("first")), []);

    // Lists: a one-option list settles the issue; `open` overrides the status quo.
    let second = s.plan(plan("second"));
    assert_eq!(
        second.term(issue("dam")),
        s.issue(issue("dam")).find_option("smaller")
    );
    assert_eq!(second.open(), [issue("monitor")]);
    let share = s.issue(issue("share"));
    assert_eq!(
        second.options_within(issue("share")),
        Some(
            &[
                share.find_option("s40").unwrap(),
                share.find_option("s50").unwrap()
            ][..]
        )
    );

    // Second draft: share in {s40, s50}, dam smaller, monitor open over all three options.
    let e = evaluate_plan(&s, plan("second"));
    assert_eq!(e.open_issues, [issue("share"), issue("monitor")]);
    // Upstream (W = 10): share 0.5 × {0.6, 0.1}, dam 0.4 × 0.5, monitor 0.1 × {1, 0.6, 0.2}.
    let up = &e.parties[0];
    assert!(
        close(up.utility_range.0, 0.05 + 0.2 + 0.02) && close(up.utility_range.1, 0.3 + 0.2 + 0.1)
    );
    assert_eq!(up.verdict, Verdict::Undetermined);
    // Downstream: its red line s30 is not among the listed options, so the open share no
    // longer leaves it undetermined; lowest 0.6 × 0.6 + 0.3 × 0.6 + 0 = 0.54 ≥ 0.4.
    let down = &e.parties[1];
    assert!(close(down.utility_range.0, 0.54) && close(down.utility_range.1, 0.88));
    assert_eq!(down.verdict, Verdict::Accept);
    assert_eq!(e.agreement, None);

    // Without the list (share open over every option), Downstream's red line is open.
    let mut whole = accord_model::plan_terms(&s, plan("second"));
    whole[issue("share").index()] = None;
    let prefs: Vec<_> = s
        .party_ixs()
        .map(|p| accord_model::PointPreferences::midpoint(&s, p))
        .collect();
    let unrestricted = accord_model::evaluate_terms(&s, &prefs, &whole);
    assert_eq!(unrestricted.parties[1].verdict, Verdict::Undetermined);

    // Counter: dam in {smaller, halt}; Upstream's red line halt may hold and its best
    // completion (0.05 + 0.2 + 0.02 = 0.27) is below 0.4: reject, so no agreement.
    let e = evaluate_plan(&s, plan("counter"));
    assert_eq!(e.parties[0].verdict, Verdict::Reject);
    assert!(close(e.parties[0].utility_range.1, 0.27));
    assert_eq!(e.agreement, Some(false));
    // The JSON leaves the observer out and says which options the open issue ranges over.
    let json = serde_json::to_value(PlanEvaluationJson::new(&s, plan("counter"), &e)).unwrap();
    assert_eq!(json["parties"].as_array().unwrap().len(), 2);
    assert_eq!(
        json["open_over"]["dam"],
        serde_json::json!(["smaller", "halt"])
    );
}

/// A reaction dated before the draft it names cannot be a reaction to it: `accord check` warns
/// (`reaction-before-draft`, at the reaction, naming both dates), and the reaction is never set
/// beside the model's verdict. Dated on or after the draft, nothing is said.
#[test]
fn a_reaction_before_its_draft_is_flagged_and_not_compared() {
    use accord_model::{before_its_draft, diagnostic::Severity, reaction_checks};
    let text = std::fs::read_to_string(root().join("tests/data/valid/reactions.toml")).unwrap();
    // The high cap is published on 2025-11-21; the north's acceptance stays on that day.
    let dated = text.replacen(
        "title = \"High cap\"",
        "title = \"High cap\"\ndate = 2025-11-21",
        1,
    );
    let parsed = parse(&dated);
    assert!(
        parsed
            .diagnostics
            .iter()
            .all(|d| d.code != "reaction-before-draft")
    );
    let s = parsed.scenario.expect("a scenario");
    assert_eq!(reaction_checks(&s).len(), 4);
    // Published a day later, the acceptance of 2025-11-21 (and the basis of 2025-11-22)
    // predate it.
    let late = text.replacen(
        "title = \"High cap\"",
        "title = \"High cap\"\ndate = 2025-11-23",
        1,
    );
    let parsed = parse(&late);
    let flagged: Vec<_> = parsed
        .diagnostics
        .iter()
        .filter(|d| d.code == "reaction-before-draft")
        .collect();
    assert_eq!(flagged.len(), 2, "{flagged:#?}");
    assert_eq!(flagged[0].severity, Severity::Warning);
    assert_eq!(flagged[0].path, "events[1].reaction");
    assert!(
        flagged[0]
            .message
            .contains("dated 2025-11-21, before the draft it names (`high_cap`, dated 2025-11-23)")
    );
    let s = parsed.scenario.expect("warnings only");
    assert!(before_its_draft(&s, &s.events()[1]));
    assert!(!before_its_draft(&s, &s.events()[3]));
    let compared: Vec<usize> = reaction_checks(&s).iter().map(|c| c.event).collect();
    assert_eq!(compared, [3, 4]);
}

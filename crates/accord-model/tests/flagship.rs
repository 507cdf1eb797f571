//! The flagship scenario `examples/ukraine-2025.toml`: it is clean under `--strict`, it holds
//! every draft the digests (`shared/facts/ukraine-plan-2025.md`, `ukraine-plan-2026-update.md`)
//! name, and a few findings that follow from its data and match the reporting.

use std::path::Path;

use accord_model::whatif::{self, WhatIf};
use accord_model::{Evaluation, PartyEvaluation, Scenario, Verdict, evaluate_plan, parse};

fn text() -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/ukraine-2025.toml"),
    )
    .expect("examples/ukraine-2025.toml")
}

fn scenario() -> Scenario {
    let parsed = parse(&text());
    parsed
        .scenario
        .unwrap_or_else(|| panic!("{:#?}", parsed.diagnostics))
}

fn evaluate(s: &Scenario, plan: &str) -> Evaluation {
    let p = s.find_plan(plan).unwrap_or_else(|| panic!("plan `{plan}`"));
    evaluate_plan(s, p)
}

fn party<'a>(s: &Scenario, e: &'a Evaluation, id: &str) -> &'a PartyEvaluation {
    let p = s.find_party(id).unwrap_or_else(|| panic!("party `{id}`"));
    e.parties
        .iter()
        .find(|pe| pe.party == p)
        .expect("every party is evaluated")
}

/// The red lines a party's evaluation crosses, as `issue=option`.
fn crossed(s: &Scenario, pe: &PartyEvaluation) -> Vec<String> {
    pe.red_lines_crossed
        .iter()
        .map(|&(i, o)| {
            let issue = s.issue(i);
            format!("{}={}", issue.id(), issue.option_value(o))
        })
        .collect()
}

#[test]
fn strict_clean() {
    let parsed = parse(&text());
    assert!(
        parsed.diagnostics.is_empty(),
        "expected no diagnostics at all (strict findings included): {:#?}",
        parsed.diagnostics
    );
    assert!(parsed.scenario.is_some());
}

#[test]
fn every_draft_the_digest_names_is_present() {
    let s = scenario();
    assert_eq!(s.id().to_string(), "ukraine-2025");
    // Russia's June 2025 memorandum (2026 digest §1.1), the 28-point draft, the E3
    // counter-proposal, the Telegraph's European 24-point paper, the Geneva framework and the
    // December 20-point framework (2025 digest §3.1, 2026 digest §1.4).
    for plan in [
        "ru_memo",
        "e3_counter",
        "us_28",
        "europe_24",
        "geneva_19",
        "us_ua_20",
    ] {
        assert!(s.find_plan(plan).is_some(), "plan `{plan}` missing");
    }
    for party in [
        "united_states",
        "russia",
        "ukraine",
        "europe",
        "nato",
        "rada",
        "ukrainian_public",
    ] {
        assert!(s.find_party(party).is_some(), "party `{party}` missing");
    }
    // The 28-point draft settles every issue, with its text point by point.
    let us_28 = s.plan(s.find_plan("us_28").unwrap());
    assert_eq!(us_28.text().len(), 28);
    assert_eq!(us_28.terms().len(), s.issues().len());
}

/// Ukraine rejected the 28 points on territory and army size (digest §2, s65): the draft crosses
/// those red lines, and Europe, which objected too, rejects it.
#[test]
fn the_28_points_cross_ukraines_red_lines() {
    let s = scenario();
    let e = evaluate(&s, "us_28");
    let ua = party(&s, &e, "ukraine");
    assert_eq!(ua.verdict, Verdict::Reject);
    let lines = crossed(&s, ua);
    for line in [
        "donbas=cede_recognised",
        "army_cap=600k",
        "crimea_status=de_facto_us",
    ] {
        assert!(lines.contains(&line.to_string()), "{line} not in {lines:?}");
    }
    assert_eq!(party(&s, &e, "europe").verdict, Verdict::Reject);
    assert_eq!(e.agreement, Some(false));
}

/// Removing Ukraine's Donbas red line takes it off the list, but the draft still fails: even
/// with every one of those red lines removed, Ukraine's utility stays below its walk-away, so
/// the rejection is not only a matter of red lines.
#[test]
fn removing_red_lines_does_not_rescue_the_28_points() {
    let s = scenario();
    let one = whatif::apply(
        &s,
        &[WhatIf::remove_red_line("ukraine:donbas=cede_recognised").unwrap()],
    )
    .expect("valid what-if");
    let before = evaluate(&s, "us_28");
    let before = crossed(&s, party(&s, &before, "ukraine"));
    let e = evaluate(&one, "us_28");
    let after = crossed(&one, party(&one, &e, "ukraine"));
    let expected: Vec<String> = before
        .into_iter()
        .filter(|l| l != "donbas=cede_recognised")
        .collect();
    assert_eq!(after, expected);
    assert_eq!(party(&one, &e, "ukraine").verdict, Verdict::Reject);

    let all: Vec<WhatIf> = [
        "ukraine:donbas=cede_recognised",
        "ukraine:crimea_status=de_facto_us",
        "ukraine:army_cap=600k",
        "ukraine:guarantee=conditional_us",
        "ukraine:nato_membership=constitutional_ban",
        "ukraine:amnesty=full",
    ]
    .iter()
    .map(|w| WhatIf::remove_red_line(w).unwrap())
    .collect();
    let none = whatif::apply(&s, &all).expect("valid what-ifs");
    let e = evaluate(&none, "us_28");
    let ua = party(&none, &e, "ukraine");
    assert!(ua.red_lines_crossed.is_empty());
    assert_eq!(ua.verdict, Verdict::Reject);
    let lowest_walk_away = none
        .party(none.find_party("ukraine").unwrap())
        .walk_away()
        .lo();
    assert!(ua.utility_range.1 < lowest_walk_away);
}

/// Ukraine is better off under the E3 counter-proposal than under the 28 points, over every
/// completion of what the E3 text leaves open.
#[test]
fn ukraine_prefers_the_e3_counter_proposal() {
    let s = scenario();
    let us_28 = evaluate(&s, "us_28");
    let e3 = evaluate(&s, "e3_counter");
    assert!(
        party(&s, &e3, "ukraine").utility_range.0 > party(&s, &us_28, "ukraine").utility_range.1
    );
    assert_eq!(party(&s, &e3, "ukraine").verdict, Verdict::Accept);
}

/// Russia: the 28 points 'could lay the foundation' (Putin, s22) while the European plan is
/// 'completely unconstructive' (Ushakov, s56); and fighting stops only if Ukraine leaves Donbas
/// (s60), so the December framework with Ukraine's mutual pull-back is one Ukraine accepts and
/// Russia rejects.
#[test]
fn russia_reacts_as_reported() {
    let s = scenario();
    assert_eq!(
        party(&s, &evaluate(&s, "us_28"), "russia").verdict,
        Verdict::Accept
    );
    let e3 = evaluate(&s, "e3_counter");
    let ru = party(&s, &e3, "russia");
    assert_eq!(ru.verdict, Verdict::Reject);
    assert!(crossed(&s, ru).contains(&"nato_membership=consensus".to_string()));

    let dec = whatif::apply(
        &s,
        &[WhatIf::set("plans.us_ua_20.terms.donbas=mutual_dmz").unwrap()],
    )
    .expect("valid what-if");
    let e = evaluate(&dec, "us_ua_20");
    assert!(party(&dec, &e, "ukraine").red_lines_crossed.is_empty());
    let ru = party(&dec, &e, "russia");
    assert_eq!(ru.verdict, Verdict::Reject);
    // The 20 points have no NATO clause (2026 digest §1.4), so NATO membership stays with the
    // allies' consensus, which Russia rejects too (s85; a Kremlin source: the 20 points lack
    // guarantees against NATO expansion, s176).
    assert_eq!(
        crossed(&dec, ru),
        vec![
            "donbas=mutual_dmz".to_string(),
            "nato_membership=consensus".to_string()
        ]
    );
}

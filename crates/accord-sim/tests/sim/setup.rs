//! The simulation builder: stories by [`check`], the checks and their errors, the opening, the
//! judged parties.

use accord_sim::protocol::{self, DraftedSettings};
use accord_sim::{SimError, SimulationBuilder, Stage};

use crate::common::{self, check};

fn builder<'a>(s: &'a accord_model::Scenario, protocol: &str) -> SimulationBuilder<'a> {
    SimulationBuilder::new(s, protocol::parse(protocol).unwrap())
}

#[test]
fn a_hardliner_blocks_the_conceders() {
    let s = common::line(None);
    check(
        &s,
        "sao",
        10,
        &["a=hardliner", "conceder"],
        1,
        "
        Negotiators, in turn order: A (hardliner), B (conceder), C (conceder)
        Negotiation:
          Round 1:
            A proposes X: o0 (A 1.000, B 0.000, C 0.000).
            B rejects and proposes X: o2 (A 0.500, B 0.500, C 1.000).
            C accepts.
          Round 2:
            A rejects and repeats its offer (A 1.000, B 0.000, C 0.000).
            B rejects and repeats its offer (A 0.500, B 0.500, C 1.000).
            C accepts.
          Round 3:
            A rejects and repeats its offer (A 1.000, B 0.000, C 0.000).
            B rejects and repeats its offer (A 0.500, B 0.500, C 1.000).
            C accepts.
          … 4 rounds of offers and rejections …
          Round 8:
            A rejects and repeats its offer (A 1.000, B 0.000, C 0.000).
            B rejects and repeats its offer (A 0.750, B 0.250, C 0.500).
            C accepts.
          Round 9:
            A rejects and repeats its offer (A 1.000, B 0.000, C 0.000).
            B rejects and repeats its offer (A 0.750, B 0.250, C 0.500).
            C accepts.
          Round 10:
            A rejects and repeats its offer (A 1.000, B 0.000, C 0.000).
            B rejects and repeats its offer (A 0.750, B 0.250, C 0.500).
            C accepts.
        No agreement: the deadline of 10 rounds passed.
        ",
    );
}

#[test]
fn the_mediator_moves_the_text_toward_each_holdout() {
    let s = common::line(None);
    check(
        &s,
        "single-text",
        10,
        &["boulware"],
        1,
        "
        Negotiators, in turn order: A (boulware), B (boulware), C (boulware)
        Negotiation:
          Round 1:
            The mediator tables X: o2 (A 0.500, B 0.500, C 1.000).
            A rejects, asking for X: o1.
            B rejects, asking for X: o3.
            C accepts.
          Round 2:
            The mediator tables X: o1 (A 0.750, B 0.250, C 0.500).
            A rejects, asking for X: o0.
            B rejects, asking for X: o2.
            C rejects, asking for X: o2.
          Round 3:
            The mediator tables X: o0 (A 1.000, B 0.000, C 0.000).
            A accepts.
            B rejects, asking for X: o1.
            C rejects, asking for X: o1.
          … 4 rounds of offers and rejections …
          Round 8:
            The mediator tables X: o3 (A 0.250, B 0.750, C 0.500).
            A rejects, asking for X: o2.
            B accepts.
            C rejects, asking for X: o2.
          Round 9:
            The mediator tables X: o2 (A 0.500, B 0.500, C 1.000).
            A rejects, asking for X: o1.
            B rejects, asking for X: o3.
            C accepts.
          Round 10:
            The mediator tables X: o1 (A 0.750, B 0.250, C 0.500).
            A accepts.
            B rejects, asking for X: o2.
            C accepts.
        No agreement: the deadline of 10 rounds passed.
        ",
    );
}

#[test]
fn drafted_then_ratified_tells_the_votes_and_their_thresholds() {
    let s = common::line_with("", "walk_away = 0.4\n");
    let kind = protocol::parse("drafted-then-ratified").unwrap();
    let sim = SimulationBuilder::new(&s, kind)
        .rounds(10)
        .strategy(None, "hardliner")
        .strategy(Some("c"), "random:accept=1")
        .drafters(&["a", "c"])
        .drafted(DraftedSettings {
            pressure: 0.1,
            revisions: 2,
            ..DraftedSettings::default()
        })
        .build()
        .unwrap();
    let n = sim.run(1, true);
    let teller = accord_sim::story::Storyteller::new(&s, &sim);
    let lines: Vec<String> = teller.lines(&n).iter().map(ToString::to_string).collect();
    assert_eq!(
        lines,
        [
            "Drafting:",
            "  Round 1:",
            "    A proposes X: o0 (A 1.000, B 0.000, C 0.000).",
            "    C accepts.",
            "Ratification:",
            "  Round 2:",
            "    B rejects the draft: 0.000 < its walk-away 0.400.",
            "    The drafters amend X: o1 for B.",
            "  Round 3:",
            "    B rejects the draft: 0.250 < its walk-away, lowered to 0.300.",
            "    The drafters amend X: o2 for B.",
            "  Round 4:",
            "    B ratifies: 0.500 ≥ its walk-away, lowered to 0.200.",
        ]
    );
    assert_eq!(
        teller.ending(&n),
        "Agreement after 4 rounds.",
        "the roster: {}",
        teller.roster()
    );
}

#[test]
fn checks_name_the_problem_in_the_fields_words() {
    let s = common::line(None);
    let err = |b: SimulationBuilder<'_>| b.build().unwrap_err();
    match err(builder(&s, "sao").strategy(Some("bb"), "linear")) {
        SimError::UnknownParty(u) => assert_eq!(u.suggestion.as_deref(), Some("b")),
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        err(builder(&s, "sao").strategy(None, "boulwar")),
        SimError::Strategy { party: None, .. }
    ));
    assert_eq!(
        err(builder(&s, "sao").drafters(&["a"])),
        SimError::DraftingWithoutDrafted
    );
    assert_eq!(
        err(builder(&s, "sao").negotiators(&["a", "a"])),
        SimError::NegotiatorTwice("a".into())
    );
    assert_eq!(
        err(builder(&s, "sao").negotiators(&["a"])),
        SimError::TooFewNegotiators(1)
    );
    assert_eq!(err(builder(&s, "sao").rounds(0)), SimError::BadRounds(0));
    let dtr = || builder(&s, "drafted-then-ratified");
    assert_eq!(
        err(dtr().drafters(&["a", "b", "c"])),
        SimError::EveryoneDrafts
    );
    assert_eq!(
        err(dtr().negotiators(&["a", "b"]).drafters(&["c"])),
        SimError::DrafterNotNegotiator("c".into())
    );
    assert_eq!(
        err(dtr().drafters(&["a"]).consulted(&["a"])),
        SimError::ConsultedDrafts("a".into())
    );
    assert_eq!(
        err(dtr()
            .negotiators(&["a", "b"])
            .drafters(&["a"])
            .consulted(&["c"])),
        SimError::ConsultedNotNegotiator("c".into())
    );
    // The line scenario has no plan naming drafters.
    assert_eq!(err(dtr()), SimError::NoDrafters);
    assert_eq!(
        err(dtr().drafters(&["a"]).drafted(DraftedSettings {
            pressure: 1.5,
            ..DraftedSettings::default()
        })),
        SimError::BadPressure(1.5)
    );
    // No message names a command-line flag.
    for e in [
        SimError::DraftingWithoutDrafted,
        SimError::NoDrafters,
        SimError::EveryoneDrafts,
        SimError::BadPressure(2.0),
        SimError::BadRounds(0),
    ] {
        assert!(!e.to_string().contains("--"), "{e}");
    }
}

#[test]
fn single_text_opens_at_the_status_quo_when_every_issue_has_one() {
    let text = common::line_text("", "walk_away = 0\n")
        .replace("title = \"X\"\n", "title = \"X\"\nstatus_quo = \"o3\"\n");
    let s = accord_model::parse(&text).scenario.unwrap();
    let sim = builder(&s, "single-text").rounds(3).build().unwrap();
    for seed in 0..5 {
        let n = sim.run(seed, true);
        let first = &n.trace.events()[0];
        assert_eq!(first.stage, Stage::Negotiation);
        assert_eq!(first.outcome, Some(3), "seed {seed}: opens at x = o3");
    }
}

#[test]
fn without_a_signing_negotiator_every_negotiator_is_judged() {
    let s = common::line_with("signatory = false\n", "walk_away = 0\nsignatory = false\n");
    // c signs; a and b do not.
    let sim = builder(&s, "sao").negotiators(&["a", "b"]).build().unwrap();
    assert_eq!(sim.judged(), [0, 1]);
    let n = sim.run(1, false);
    let summary = sim.summary(&n, 1);
    assert_eq!(summary.welfare, n.utilities[0] + n.utilities[1]);
    // With c among them, only c is judged.
    let sim = builder(&s, "sao")
        .negotiators(&["a", "b", "c"])
        .build()
        .unwrap();
    assert_eq!(sim.judged(), [2]);
}

#[test]
fn an_assignment_names_a_party_or_sets_everyone_else() {
    let s = common::line(None);
    // `b=…` names party b; a bare spec, even one whose parameters hold `=`, is everyone else's.
    let story = common::story(&s, "sao", 2, &["time:e=0.5", "b=hardliner"], 1);
    let roster = story.lines().next().unwrap();
    assert!(roster.contains("A (time:e=0.5)"), "{roster}");
    assert!(roster.contains("B (hardliner)"), "{roster}");
    assert!(roster.contains("C (time:e=0.5)"), "{roster}");
}

#[test]
fn a_run_with_strategies_built_by_the_caller_is_the_run_of_their_specs() {
    let s = common::line(None);
    for protocol in ["sao", "single-text"] {
        let sim = builder(&s, protocol)
            .assign("a=hardliner")
            .assign("conceder")
            .rounds(20)
            .build()
            .unwrap();
        let mut asked = Vec::new();
        let custom = sim.run_custom(
            |p, spec| {
                asked.push(p);
                spec.build()
            },
            7,
            true,
        );
        let plain = sim.run(7, true);
        assert_eq!(asked, (0..sim.compiled().parties.len()).collect::<Vec<_>>());
        assert_eq!(
            custom.result.agreement, plain.result.agreement,
            "{protocol}"
        );
        assert_eq!(custom.result.rounds, plain.result.rounds, "{protocol}");
        assert_eq!(custom.utilities, plain.utilities, "{protocol}");
        assert_eq!(custom.trace.events().len(), plain.trace.events().len());
    }
}

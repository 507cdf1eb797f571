//! Single negotiating text and drafted-then-ratified on hand-checked traces.

use crate::common;

use accord_sim::protocol::{DraftProtocol, DraftedSettings, DraftedThenRatified, SingleText};
use accord_sim::{Action, CompiledScenario, Ending, OutcomeId, strategy};

fn specs(names: &[&str]) -> Vec<accord_sim::Spec> {
    names.iter().map(|n| strategy::parse(n).unwrap()).collect()
}

type Row = (
    Option<usize>,
    Action,
    Option<OutcomeId>,
    Vec<(usize, usize)>,
);

fn rows(n: &accord_sim::Negotiation) -> Vec<Row> {
    n.trace
        .events()
        .iter()
        .map(|e| (e.party, e.action, e.outcome, e.objections.clone()))
        .collect()
}

#[test]
fn single_text_moves_toward_holdouts_in_turn() {
    let s = common::line(None);
    let d = CompiledScenario::build(&s).unwrap();
    let n = accord_sim::negotiate(
        &d,
        &SingleText::new(4, Some(2)),
        &[0, 1],
        &specs(&["linear", "linear", "hardliner"]),
        1,
        true,
    );
    use Action::*;
    let (a, b) = (Some(0), Some(1));
    assert_eq!(
        rows(&n),
        vec![
            (None, Text, Some(2), vec![]),
            (a, Reject, Some(2), vec![(0, 1)]),
            (b, Reject, Some(2), vec![(0, 3)]),
            // a had as many unmet rejections as b and comes first: o1.
            (None, Text, Some(1), vec![]),
            (a, Accept, Some(1), vec![]),
            // b asks for o2: tabled before, but the only request, so granted.
            (b, Reject, Some(1), vec![(0, 2)]),
            (None, Text, Some(2), vec![]),
            (a, Accept, Some(2), vec![]),
            (b, Accept, Some(2), vec![]),
        ]
    );
    assert_eq!(n.result.ending, Ending::Agreement);
    assert_eq!(n.result.agreement, Some(2));
    assert_eq!(n.result.rounds, 3);
    assert_eq!(n.result.shaped_by, vec![Some(1)]);
}

#[test]
fn single_text_times_out_with_hardliners() {
    let s = common::line(None);
    let d = CompiledScenario::build(&s).unwrap();
    let n = accord_sim::negotiate(
        &d,
        &SingleText::new(5, Some(2)),
        &[0, 1],
        &specs(&["hardliner", "hardliner", "hardliner"]),
        1,
        false,
    );
    assert_eq!(n.result.ending, Ending::Timeout);
    // A timeout ends at t = 1 (the deadline has passed), not the last round's 5/6.
    assert_eq!(n.result.t, 1.0);
    assert_eq!(n.result.rounds, 5);
}

fn process(revisions: usize, consulted: Option<usize>) -> DraftedThenRatified {
    let s = common::line(None);
    let d = CompiledScenario::build(&s).unwrap();
    let settings = DraftedSettings {
        draft: DraftProtocol::Sao,
        consultations: 1,
        revisions,
        pressure: 0.1,
    };
    DraftedThenRatified::new(
        &d,
        &[0, 1, 2],
        &[0, 2],
        consulted.as_slice(),
        10,
        settings,
        None,
    )
    .unwrap()
}

#[test]
fn drafted_then_ratified_with_revisions_and_pressure() {
    // b is left out of the drafting and needs 0.4.
    let s = common::line_with("", "walk_away = 0.4\n");
    let d = CompiledScenario::build(&s).unwrap();
    let names = specs(&["hardliner", "hardliner", "random:accept=1"]);
    let n = accord_sim::negotiate(&d, &process(2, None), &[0, 1, 2], &names, 1, true);
    use Action::*;
    let (a, b, c) = (Some(0), Some(1), Some(2));
    assert_eq!(
        rows(&n),
        vec![
            (a, Offer, Some(0), vec![]),
            (c, Accept, Some(0), vec![]),
            // Vote 0: 0.0 < 0.4; b's smallest improving step, o1, suits both drafters.
            (b, Veto, Some(0), vec![]),
            (b, Amend, Some(1), vec![(0, 1)]),
            // Vote 1: 0.25 < 0.4 − 0.1.
            (b, Veto, Some(1), vec![]),
            (b, Amend, Some(2), vec![(0, 2)]),
            // Vote 2: 0.5 ≥ 0.2.
            (b, Ratify, Some(2), vec![]),
        ]
    );
    assert_eq!(n.result.ending, Ending::Agreement);
    assert_eq!(n.result.agreement, Some(2));
    assert_eq!(n.result.shaped_by, vec![Some(1)]);
    // Each vote records the walk-away it was held to: 0.4, lowered by 0.1 per vote.
    let thresholds: Vec<Option<f64>> = n.trace.events().iter().map(|e| e.threshold).collect();
    let lowered = |k: f64| Some(0.4 - 0.1 * k);
    assert_eq!(
        thresholds,
        [
            None,
            None,
            lowered(0.0),
            None,
            lowered(1.0),
            None,
            lowered(2.0)
        ]
    );
    // One revision is not enough: rejected by b.
    let n = accord_sim::negotiate(&d, &process(1, None), &[0, 1, 2], &names, 1, false);
    assert_eq!(n.result.ending, Ending::Rejected { by: vec![1] });
    assert_eq!(n.result.agreement, None);
}

#[test]
fn draft_credited_to_its_author_and_consultation_shapes_terms() {
    let s = common::line_with("", "walk_away = 0.2\n");
    let d = CompiledScenario::build(&s).unwrap();
    let names = specs(&["hardliner", "hardliner", "random:accept=1"]);
    // Without consultation: a's opening offer o0 is the draft, credited to a, and b vetoes.
    let n = accord_sim::negotiate(&d, &process(0, None), &[0, 1, 2], &names, 1, true);
    assert_eq!(n.result.ending, Ending::Rejected { by: vec![1] });
    assert_eq!(n.result.shaped_by, vec![Some(0)]);
    // Consulting b first moves the draft to o1 (0.25 ≥ 0.2): ratified, shaped by b.
    let n = accord_sim::negotiate(&d, &process(0, Some(1)), &[0, 1, 2], &names, 1, true);
    assert_eq!(n.result.ending, Ending::Agreement);
    assert_eq!(n.result.agreement, Some(1));
    assert_eq!(n.result.shaped_by, vec![Some(1)]);
    let stages: Vec<&str> = n.trace.events().iter().map(|e| e.stage.name()).collect();
    assert_eq!(
        stages,
        [
            "draft",
            "draft",
            "consultation",
            "consultation",
            "ratification"
        ]
    );
}

#[test]
fn drafters_that_cannot_agree_leave_no_draft() {
    let s = common::line(None);
    let d = CompiledScenario::build(&s).unwrap();
    let names = specs(&["hardliner", "hardliner", "hardliner"]);
    let n = accord_sim::negotiate(&d, &process(2, None), &[0, 1, 2], &names, 1, false);
    assert_eq!(n.result.ending, Ending::NoDraft);
    assert_eq!(n.result.rounds, 10);
}

#[test]
fn non_signatories_vote_but_cannot_block() {
    let s = common::line_with("", "walk_away = 0.9\nsignatory = false\n");
    let d = CompiledScenario::build(&s).unwrap();
    let names = specs(&["hardliner", "hardliner", "random:accept=1"]);
    let n = accord_sim::negotiate(&d, &process(0, None), &[0, 1, 2], &names, 1, true);
    assert_eq!(n.result.ending, Ending::Agreement);
    assert!(
        n.trace
            .events()
            .iter()
            .any(|e| e.action == Action::Veto && e.party == Some(1))
    );
}

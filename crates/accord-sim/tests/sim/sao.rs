//! SAO semantics on hand-checked traces (rules in `src/protocol/sao.rs`).

use crate::common;

use std::sync::{Arc, Mutex};

use accord_sim::strategy::{self, Answer, Strategy, Turn};
use accord_sim::{
    Action, CompiledScenario, Ending, OutcomeId, Protocol, Sao, Trace, UtilityFunction,
};
use rand::rngs::ChaCha8Rng;

fn specs(names: &[&str]) -> Vec<accord_sim::Spec> {
    names.iter().map(|n| strategy::parse(n).unwrap()).collect()
}

/// (party position, action, outcome) of every event.
fn actions(n: &accord_sim::Negotiation) -> Vec<(usize, Action, Option<OutcomeId>)> {
    n.trace
        .events()
        .iter()
        .map(|e| (e.party.unwrap(), e.action, e.outcome))
        .collect()
}

#[test]
fn first_member_opens_and_hardliners_time_out() {
    let s = common::line(None);
    let d = CompiledScenario::build(&s).unwrap();
    let n = accord_sim::negotiate(
        &d,
        &Sao::new(3),
        &[0, 1],
        &specs(&["hardliner", "hardliner", "hardliner"]),
        1,
        true,
    );
    use Action::*;
    let expected = vec![
        (0, Offer, Some(0)),
        (1, Reject, Some(0)),
        (1, Offer, Some(4)),
        (0, Reject, Some(4)),
        (0, Offer, Some(0)),
        (1, Reject, Some(0)),
        (1, Offer, Some(4)),
        (0, Reject, Some(4)),
        (0, Offer, Some(0)),
        (1, Reject, Some(0)),
        (1, Offer, Some(4)),
    ];
    assert_eq!(actions(&n), expected);
    assert_eq!(n.result.ending, Ending::Timeout);
    assert_eq!(n.result.rounds, 3);
    assert_eq!(n.result.agreement, None);
    assert_eq!(n.utilities, vec![0.0, 0.0, 0.0]);
    // The ring order is the members' order: b first.
    let n = accord_sim::negotiate(
        &d,
        &Sao::new(1),
        &[1, 0],
        &specs(&["hardliner", "hardliner", "hardliner"]),
        1,
        true,
    );
    assert_eq!(actions(&n)[0], (1, Offer, Some(4)));
}

#[test]
fn two_party_agreement_on_first_accept() {
    let s = common::line(None);
    let d = CompiledScenario::build(&s).unwrap();
    let n = accord_sim::negotiate(
        &d,
        &Sao::new(10),
        &[0, 1],
        &specs(&["hardliner", "random:accept=1", "hardliner"]),
        7,
        true,
    );
    assert_eq!(
        actions(&n),
        vec![(0, Action::Offer, Some(0)), (1, Action::Accept, Some(0))]
    );
    assert_eq!(n.result.ending, Ending::Agreement);
    assert_eq!(n.result.agreement, Some(0));
    assert_eq!(n.result.rounds, 1);
    assert_eq!(n.utilities[0], 1.0);
    assert_eq!(n.utilities[1], 0.0);
}

#[test]
fn multilateral_agreement_needs_every_other_to_accept_in_turn() {
    let s = common::line(None);
    let d = CompiledScenario::build(&s).unwrap();
    // b accepts everything but c (hardliner, best o2) counters, resetting the count.
    let n = accord_sim::negotiate(
        &d,
        &Sao::new(2),
        &[0, 1, 2],
        &specs(&["hardliner", "random:accept=1", "hardliner"]),
        3,
        true,
    );
    use Action::*;
    assert_eq!(
        actions(&n),
        vec![
            (0, Offer, Some(0)),
            (1, Accept, Some(0)),
            (2, Reject, Some(0)),
            (2, Offer, Some(2)),
            (0, Reject, Some(2)),
            (0, Offer, Some(0)),
            (1, Accept, Some(0)),
            (2, Reject, Some(0)),
            (2, Offer, Some(2)),
        ]
    );
    assert_eq!(n.result.ending, Ending::Timeout);
    // When c accepts too, the third consecutive acceptance (counting the proposer) agrees.
    let n = accord_sim::negotiate(
        &d,
        &Sao::new(2),
        &[0, 1, 2],
        &specs(&["hardliner", "random:accept=1", "random:accept=1"]),
        3,
        true,
    );
    assert_eq!(
        actions(&n),
        vec![
            (0, Offer, Some(0)),
            (1, Accept, Some(0)),
            (2, Accept, Some(0))
        ]
    );
    assert_eq!(n.result.agreement, Some(0));
    assert_eq!(n.result.rounds, 1);
}

#[test]
fn end_negotiation_breaks_for_everyone() {
    let s = common::line(None);
    let d = CompiledScenario::build(&s).unwrap();
    let n = accord_sim::negotiate(
        &d,
        &Sao::new(10),
        &[0, 1, 2],
        &specs(&["hardliner", "random:accept=1", "random:end=1"]),
        3,
        true,
    );
    assert_eq!(
        actions(&n),
        vec![
            (0, Action::Offer, Some(0)),
            (1, Action::Accept, Some(0)),
            (2, Action::End, Some(0))
        ]
    );
    assert_eq!(n.result.ending, Ending::Ended { by: 2 });
    assert_eq!(n.result.agreement, None);
}

/// Records the relative time of each turn and always rejects with the best offer.
struct Clock(Arc<Mutex<Vec<(usize, f64)>>>);

impl Strategy for Clock {
    fn name(&self) -> String {
        "clock".into()
    }
    fn propose(
        &mut self,
        own: &UtilityFunction,
        turn: &Turn,
        _: &mut ChaCha8Rng,
    ) -> Option<OutcomeId> {
        self.0.lock().unwrap().push((turn.me, turn.t));
        own.sorted.first().copied()
    }
    fn respond(
        &mut self,
        _: &UtilityFunction,
        _: &Turn,
        _: OutcomeId,
        _: &mut ChaCha8Rng,
    ) -> Answer {
        Answer::Reject
    }
}

#[test]
fn relative_time_is_round_plus_one_over_rounds_plus_one() {
    let s = common::line(None);
    let d = CompiledScenario::build(&s).unwrap();
    let log = Arc::new(Mutex::new(Vec::new()));
    let mut strategies: Vec<Box<dyn Strategy>> = (0..3)
        .map(|_| Box::new(Clock(log.clone())) as Box<dyn Strategy>)
        .collect();
    let r = Sao::new(4).run(
        &d,
        &[0, 1, 2],
        &mut strategies,
        &mut accord_sim::rng(1),
        &mut Trace::off(),
    );
    assert_eq!(r.ending, Ending::Timeout);
    assert_eq!(r.rounds, 4);
    let log = log.lock().unwrap();
    let expected: Vec<(usize, f64)> = [0.2, 0.4, 0.6, 0.8]
        .iter()
        .flat_map(|&t| (0..3).map(move |i| (i, t)))
        .collect();
    assert_eq!(log.len(), 12);
    for ((i, t), (ei, et)) in log.iter().zip(&expected) {
        assert_eq!(i, ei);
        assert!((t - et).abs() < 1e-12, "{t} vs {et}");
    }
}

/// Ending time of a timeout: the deadline has passed, t = 1 (not the last turn's 4/5), so a
/// discounted walk-away is `walk_away · d^1` (NegMAS and Genius).
#[test]
fn a_timeout_ends_at_t_one() {
    let s = common::line_with("", "walk_away = 0.6\ndiscount = 0.5\n");
    let d = CompiledScenario::build(&s).unwrap();
    let n = accord_sim::negotiate(
        &d,
        &Sao::new(4),
        &[0, 1],
        &specs(&["hardliner", "hardliner", "hardliner"]),
        1,
        true,
    );
    assert_eq!(n.result.ending, Ending::Timeout);
    assert_eq!(n.result.t, accord_sim::TIMEOUT_T);
    assert_eq!(n.result.t, 1.0);
    // The last turn still saw t = 4/5 < 1.
    let last = n.trace.events().last().unwrap().t;
    assert!((last - 0.8).abs() < 1e-12, "{last}");
    assert!(
        (n.discounted[1] - 0.6 * 0.5).abs() < 1e-12,
        "{}",
        n.discounted[1]
    );
}

/// Ending time of a walk-out: the turn at which the party ends the negotiation.
#[test]
fn a_walk_out_ends_at_its_turn() {
    let s = common::line_with("", "walk_away = 0.6\ndiscount = 0.5\n");
    let d = CompiledScenario::build(&s).unwrap();
    let n = accord_sim::negotiate(
        &d,
        &Sao::new(4),
        &[0, 1],
        &specs(&["hardliner", "random:accept=0,end=1", "hardliner"]),
        1,
        true,
    );
    assert_eq!(n.result.ending, Ending::Ended { by: 1 });
    assert_eq!(n.result.rounds, 1);
    assert!((n.result.t - 0.2).abs() < 1e-12, "{}", n.result.t);
    assert!((n.discounted[1] - 0.6 * 0.5f64.powf(0.2)).abs() < 1e-12);
}

/// Ending time of an agreement: the accepting turn.
#[test]
fn discount_applies_at_the_ending_time() {
    let s = common::line(Some(0.5));
    let d = CompiledScenario::build(&s).unwrap();
    let n = accord_sim::negotiate(
        &d,
        &Sao::new(4),
        &[0, 1],
        &specs(&["hardliner", "random:accept=1", "hardliner"]),
        1,
        false,
    );
    assert_eq!(n.result.agreement, Some(0));
    assert!((n.result.t - 0.2).abs() < 1e-12);
    assert!((n.discounted[0] - 0.5f64.powf(0.2)).abs() < 1e-12);
    assert_eq!(n.discounted[1], 0.0);
}

#[test]
fn boulware_meets_conceder() {
    let s = common::line(None);
    let d = CompiledScenario::build(&s).unwrap();
    let n = accord_sim::negotiate(
        &d,
        &Sao::new(100),
        &[0, 1],
        &specs(&["boulware", "conceder", "hardliner"]),
        1,
        true,
    );
    assert_eq!(n.result.ending, Ending::Agreement);
    // The Conceder gives way first: the deal favours a.
    assert!(n.utilities[0] > n.utilities[1], "{:?}", n.utilities);
}

#[test]
fn same_seed_same_trace_other_seed_differs() {
    let s = common::line(None);
    let d = CompiledScenario::build(&s).unwrap();
    let run = |seed| {
        let n = accord_sim::negotiate(
            &d,
            &Sao::new(50),
            &[0, 1, 2],
            &specs(&[
                "random:accept=0.1",
                "random:accept=0.1",
                "random:accept=0.1",
            ]),
            seed,
            true,
        );
        serde_json::to_string(n.trace.events()).unwrap()
    };
    assert_eq!(run(5), run(5));
    assert_ne!(run(5), run(6));
}

//! Deadlines in time, on a fake clock (a fixed step per reading), so the logic is checked
//! deterministically: the clock's limit ends SAO when it comes first, the rounds' when they
//! do, and every turn sees the larger relative time.

use std::sync::Arc;
use std::time::Duration;

use accord_sim::clock::StepClock;
use accord_sim::protocol::relative_time;
use accord_sim::{Action, Ending, SimError, SimulationBuilder, TIMEOUT_T, protocol};

use crate::common;

fn run(rounds: usize, seconds: f64, step_ms: u64) -> accord_sim::Negotiation {
    let s = common::line(None);
    let sim = SimulationBuilder::new(&s, protocol::parse("sao").unwrap())
        .negotiators(&["a", "b"])
        .assign("hardliner")
        .rounds(rounds)
        .time_limit(Some(seconds))
        .clock(Arc::new(StepClock::new(Duration::from_millis(step_ms))))
        .build()
        .unwrap();
    assert_eq!(sim.time_limit(), Some(seconds));
    sim.run(1, true)
}

#[test]
fn the_clock_ends_the_negotiation_when_it_comes_first() {
    // Readings: 0 at the start, then 0.1 s more before each turn. Turn j (from 0) sees
    // (j+1)·0.1 of 1 s; the reading before turn 9 is 1.0 s: the limit has passed, so 9 turns
    // are played (rounds 1-4 and A's turn of round 5) and it times out in round 5 at t = 1.
    let n = run(100, 1.0, 100);
    assert_eq!(n.result.ending, Ending::Timeout);
    assert_eq!(n.result.rounds, 5);
    assert_eq!(n.result.t, TIMEOUT_T);
    let offers: Vec<f64> = n
        .trace
        .events()
        .iter()
        .filter(|e| e.action == Action::Offer)
        .map(|e| e.t)
        .collect();
    assert_eq!(offers.len(), 9);
    for (j, t) in offers.iter().enumerate() {
        let want = (j + 1) as f64 * 0.1;
        assert!((t - want).abs() < 1e-12, "turn {j}: t = {t}, want {want}");
    }
}

#[test]
fn the_rounds_end_it_when_they_come_first_and_turns_see_the_larger_time() {
    // 3 rounds, 100 s, 1 ms per reading: the clock's t (at most 0.00006) never passes the
    // rounds' (r+1)/4.
    let n = run(3, 100.0, 1);
    assert_eq!(n.result.ending, Ending::Timeout);
    assert_eq!(n.result.rounds, 3);
    for e in n.trace.events() {
        assert_eq!(e.t, relative_time(e.round, 3));
    }
    // 1000 rounds, 1 s, 10 ms per reading: the clock's t passes the rounds' at once; it ends
    // after 99 turns, within round 50.
    let n = run(1000, 1.0, 10);
    assert_eq!(n.result.rounds, 50);
    let last = n.trace.events().last().unwrap();
    assert!((last.t - 0.99).abs() < 1e-12, "{}", last.t);
    assert!(last.t > relative_time(last.round, 1000));
}

#[test]
fn bad_or_unsupported_time_limits_are_refused() {
    let s = common::line(None);
    for bad in [0.0, -1.0, f64::NAN, f64::INFINITY] {
        let e = SimulationBuilder::new(&s, protocol::parse("sao").unwrap())
            .time_limit(Some(bad))
            .build()
            .unwrap_err();
        assert!(matches!(e, SimError::BadTimeLimit(_)), "{e}");
    }
    let e = SimulationBuilder::new(&s, protocol::parse("single-text").unwrap())
        .time_limit(Some(1.0))
        .build()
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "protocol `single-text` runs by rounds only; a time limit applies to `sao`"
    );
}

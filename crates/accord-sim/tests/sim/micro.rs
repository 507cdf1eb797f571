//! MiCRO on hand-checked traces: it concedes one new outcome only after as many unique offers
//! from the other side, repeats a past offer otherwise, and accepts what is worth its next offer.

use accord_sim::{Action, SimulationBuilder, protocol};

use crate::common;

/// The story of a bilateral SAO negotiation between `a` and `b` of [`common::line`].
fn bilateral(lineup: &[&str], rounds: usize, seed: u64) -> (String, accord_sim::Negotiation) {
    let s = common::line(None);
    let mut b = SimulationBuilder::new(&s, protocol::parse("sao").unwrap())
        .rounds(rounds)
        .negotiators(&["a", "b"]);
    for l in lineup {
        b = b.assign(l);
    }
    let sim = b.build().unwrap();
    let n = sim.run(seed, true);
    let teller = accord_sim::story::Storyteller::new(&s, &sim);
    let mut out = vec![teller.roster()];
    out.extend(teller.lines(&n).iter().map(ToString::to_string));
    out.push(teller.ending(&n));
    (out.join("\n"), n)
}

#[test]
fn micro_against_itself_concedes_step_by_step_and_meets_in_the_middle() {
    // By hand: a ranks o0 > o1 > o2 > o3 > o4, b the reverse, both walk-aways 0.
    // R1: a opens o0 (sent 0 <= received 0: concede); b answers: its next offer would be o4
    //     (worth 1), o0 is worth 0 to it: reject, offer o4.
    // R2: a has sent 1, received 1: concedes to o1 (0.75); o4 is worth 0: reject, offer o1.
    //     b: sent 1, received 2: concedes to o3; o1 is worth .25 < .75: reject, offer o3.
    // R3: a concedes to o2 (.5 > .25 of o3): offer o2. b's next would be o2 (.5): o2 is worth
    //     .5 >= .5: accept.
    let (story, n) = bilateral(&["micro"], 10, 1);
    let want = [
        "Negotiators, in turn order: A (micro), B (micro)",
        "Negotiation:",
        "Round 1:",
        "A proposes X: o0 (A 1.000, B 0.000).",
        "B rejects and proposes X: o4 (A 0.000, B 1.000).",
        "Round 2:",
        "A rejects and moves to X: o1 (A 0.750, B 0.250).",
        "B rejects and moves to X: o3 (A 0.250, B 0.750).",
        "Round 3:",
        "A rejects and moves to X: o2 (A 0.500, B 0.500).",
        "B accepts.",
    ];
    let got: Vec<&str> = story.lines().map(str::trim).collect();
    assert_eq!(&got[..want.len()], &want[..], "the story was:\n{story}");
    assert_eq!(n.result.agreement, Some(2), "{story}");
    assert_eq!(n.result.rounds, 3);
}

#[test]
fn micro_does_not_concede_to_a_hardliner_past_one_step() {
    // The hardliner repeats o4: one unique offer received. MiCRO opens o0, concedes once to o1
    // (sent 1 <= received 1), then has sent 2 > 1 and only repeats o0 or o1, drawn at random.
    for seed in 1..6 {
        let (story, n) = bilateral(&["a=micro", "b=hardliner"], 30, seed);
        let offers: Vec<u64> = n
            .trace
            .events()
            .iter()
            .filter(|e| e.party == Some(0) && e.action == Action::Offer)
            .filter_map(|e| e.outcome)
            .collect();
        assert_eq!(offers.len(), 30, "{story}");
        assert_eq!(&offers[..2], &[0, 1], "{story}");
        assert!(offers.iter().all(|&o| o <= 1), "{story}");
        // Both past offers come back over 28 draws (a fair coin misses one with p = 2^-27).
        assert!(
            offers[2..].contains(&0) && offers[2..].contains(&1),
            "{story}"
        );
        assert!(n.result.agreement.is_none(), "{story}");
    }
}

#[test]
fn micro_accepts_what_is_worth_its_worst_offer_when_it_cannot_concede() {
    // b concedes by time (linear) through o4, o3, o2, ...; MiCRO (a) keeps pace one unique
    // offer at a time, so it is never behind: it accepts as soon as b's offer is worth its next
    // offer. Whatever happens, a never accepts less than its walk-away and the deal is rational.
    let (story, n) = bilateral(&["a=micro", "b=conceder"], 20, 3);
    let a = n.utilities[0];
    assert!(n.result.agreement.is_some(), "{story}");
    assert!(a >= 0.5, "MiCRO conceded past the middle: {story}");
}

#[test]
fn micro_with_no_acceptable_outcome_ends_the_negotiation() {
    // Walk-away above every outcome: nothing to offer, so it ends at once (NegMAS's MiCRO).
    let s = common::line_with("", "walk_away = 1\n[parties.b.red_lines]\nx = [\"o4\"]\n");
    let sim = SimulationBuilder::new(&s, protocol::parse("sao").unwrap())
        .negotiators(&["b", "a"])
        .assign("micro")
        .build()
        .unwrap();
    let n = sim.run(1, true);
    assert_eq!(n.result.ending, accord_sim::Ending::Ended { by: 1 });
    assert_eq!(n.result.rounds, 1);
}

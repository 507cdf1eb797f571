//! Sampled preferences: each run draws the scenario's intervals from its seed with
//! accord-uncertainty's sampler; the same seed gives the same negotiation, different seeds
//! different draws, every draw within its intervals.

use accord_sim::setup::preference_seed;
use accord_sim::tournament::{Config, Tournament};
use accord_sim::{SimulationBuilder, protocol};
use accord_uncertainty::inputs::{InputKind, Layout};

fn toy() -> accord_model::Scenario {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/toy-border.toml");
    accord_model::parse(&std::fs::read_to_string(path).unwrap())
        .scenario
        .unwrap()
}

fn sim(s: &accord_model::Scenario, sample: bool) -> accord_sim::Simulation {
    SimulationBuilder::new(s, protocol::parse("sao").unwrap())
        .sample_preferences(sample)
        .assign("random")
        .rounds(30)
        .build()
        .unwrap()
}

#[test]
fn each_seed_draws_the_intervals_the_robustness_sampler_draws() {
    let s = toy();
    let layout = Layout::new(&s);
    assert!(!layout.inputs.is_empty());
    let sim = sim(&s, true);
    assert!(sim.samples_preferences());
    for seed in [1u64, 2, 99] {
        let drawn = sim.drawn_scenario(seed).unwrap();
        let values =
            accord_uncertainty::montecarlo::sample_values(&layout, preference_seed(seed), 1)
                .pop()
                .unwrap();
        for (input, &v) in layout.inputs.iter().zip(&values) {
            let e = input.estimate;
            assert!(e.lo() <= v && v <= e.hi());
            let party = drawn.party(input.party);
            let got = match input.kind {
                InputKind::WalkAway => party.walk_away(),
                InputKind::Weight(i) => party.weights().iter().find(|w| w.0 == i).unwrap().1,
                _ => continue,
            };
            assert!(got.is_exact());
            assert_eq!(got.lo(), v, "{}", input.path(&s));
        }
    }
}

#[test]
fn the_same_seed_replays_and_seeds_differ_as_the_estimates_allow() {
    let s = toy();
    let sampled = sim(&s, true);
    let east = s.resolve_party("east").unwrap();
    let play = |seed: u64| {
        sampled
            .with_run(seed, |run| {
                let n = run.run(seed, true);
                let p = run.compiled().position(east).unwrap();
                (
                    format!("{:?}", n.trace.events()),
                    n.utilities.clone(),
                    run.compiled().functions[p].walk_away,
                    run.summary(&n, seed),
                )
            })
            .unwrap()
    };
    assert_eq!(play(7), play(7));
    let walk_aways: Vec<f64> = (0..20).map(|seed| play(seed).2).collect();
    assert!(walk_aways.iter().all(|w| (0.3..=0.5).contains(w)));
    let mut distinct = walk_aways.clone();
    distinct.sort_by(f64::total_cmp);
    distinct.dedup();
    assert_eq!(distinct.len(), 20, "{walk_aways:?}");
    // Without sampling every run plays the midpoint (0.4).
    let fixed = sim(&s, false);
    assert!(!fixed.samples_preferences());
    for seed in 0..3 {
        let w = fixed
            .with_run(seed, |run| {
                run.compiled().functions[run.compiled().position(east).unwrap()].walk_away
            })
            .unwrap();
        assert_eq!(w, 0.4);
    }
}

#[test]
fn a_tournament_with_sampled_preferences_varies_over_repetitions_and_replays() {
    let s = toy();
    let text = r#"
scenarios = ["toy"]
lineups = [["boulware", "conceder"]]
repetitions = 6
rotate = false
sample_preferences = true
"#;
    let run = || {
        let t = Tournament::new(
            Config::from_toml(text).unwrap(),
            text,
            std::slice::from_ref(&s),
        )
        .unwrap();
        t.run_chunk(&t.jobs()).unwrap()
    };
    let a = run();
    assert_eq!(a, run());
    let advantages: Vec<String> = a
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["advantages"].to_string()
        })
        .collect();
    let mut distinct = advantages.clone();
    distinct.sort();
    distinct.dedup();
    assert!(distinct.len() > 1, "{advantages:?}");
    // The same configuration without sampling repeats one negotiation (deterministic line-up).
    let plain = text.replace("sample_preferences = true", "");
    let t = Tournament::new(
        Config::from_toml(&plain).unwrap(),
        &plain,
        std::slice::from_ref(&s),
    )
    .unwrap();
    let lines = t.run_chunk(&t.jobs()).unwrap();
    let mut same: Vec<String> = lines
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["advantages"].to_string())
        .collect();
    same.dedup();
    assert_eq!(same.len(), 1, "{same:?}");
}

//! One definition per concept: a tournament job and a simulation with the same settings and
//! seed are the same negotiation, and the simulation's Nash point is `accord analyze`'s.

use accord_analysis::synthetic::{Shape, additive_scenario};
use accord_analysis::{BargainingSolution, Options};
use accord_sim::tournament::{Config, Tournament, job_seed};
use accord_sim::{DraftedSettings, SimulationBuilder, protocol};

fn toy() -> accord_model::Scenario {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/toy-border.toml");
    accord_model::parse(&std::fs::read_to_string(path).unwrap())
        .scenario
        .unwrap()
}

#[test]
fn a_tournament_job_is_the_simulation_with_its_seed() {
    let toy = toy();
    for (protocol_name, lineup) in [
        ("sao", ["boulware", "conceder"]),
        ("single-text", ["linear", "conceder"]),
        ("drafted-then-ratified", ["frequency", "tit-for-tat"]),
    ] {
        let text = format!(
            "scenarios = [\"toy\"]\nlineups = [[\"{}\", \"{}\"]]\nprotocol = \"{protocol_name}\"\n\
             rounds = 30\nrotate = false\nseed = 7\n[drafted]\npressure = 0.05\n",
            lineup[0], lineup[1]
        );
        let config = Config::from_toml(&text).unwrap();
        let t = Tournament::new(config, &text, std::slice::from_ref(&toy)).unwrap();
        let job = t.jobs()[0];
        let line = t.run_job(&job).unwrap();

        let sim = SimulationBuilder::new(&toy, protocol::parse(protocol_name).unwrap())
            .rounds(30)
            .drafted(DraftedSettings {
                pressure: 0.05,
                ..DraftedSettings::default()
            });
        // The line-up cycled over the negotiators, as the tournament assigns it.
        let negotiators = t.arenas()[0].sim.negotiators().to_vec();
        let ids: Vec<String> = negotiators
            .iter()
            .map(|&p| t.arenas()[0].sim.compiled().id(p).to_string())
            .collect();
        let mut sim = sim;
        for (m, id) in ids.iter().enumerate() {
            sim = sim.strategy(Some(id), lineup[m % 2]);
        }
        let sim = sim.build().unwrap();
        assert_eq!(sim.negotiators(), negotiators, "{protocol_name}");
        assert_eq!(sim.judged(), t.arenas()[0].sim.judged(), "{protocol_name}");
        let seed = job_seed(7, "toy", &lineup, 0, 0);
        assert_eq!(line.seed, seed);
        let n = sim.run(seed, false);
        let s = sim.summary(&n, seed);
        assert_eq!(line.agreement, s.agreement, "{protocol_name}");
        assert_eq!(line.rounds, s.rounds, "{protocol_name}");
        for (k, &p) in negotiators.iter().enumerate() {
            assert_eq!(line.utilities[&ids[k]], n.utilities[p], "{protocol_name}");
        }
        assert_eq!(line.welfare, s.welfare, "{protocol_name}");
        assert_eq!(line.distance_to_nash, s.nash, "{protocol_name}");
        assert_eq!(line.distance_to_pareto, s.pareto, "{protocol_name}");
    }
}

#[test]
fn the_simulations_nash_point_is_the_analysis_engines() {
    let mut compared = 0;
    for seed in 0..12u64 {
        let shape = Shape {
            parties: 2 + (seed as usize % 2),
            issues: 3 + (seed as usize % 3),
            options: 4,
            walk_away: 0.1 * (seed % 4) as f64,
            interactions: seed % 5 == 4,
        };
        let text = additive_scenario(shape, seed);
        let s = accord_model::parse(&text).scenario.unwrap();
        let sim = SimulationBuilder::new(&s, protocol::parse("sao").unwrap())
            .build()
            .unwrap();
        let analysis = accord_analysis::analyze(&s, &Options::default()).unwrap();
        let nash = analysis
            .solutions
            .iter()
            .find(|(c, _)| *c == BargainingSolution::Nash)
            .and_then(|(_, p)| p.as_ref())
            .map(|p| p.utilities.clone());
        let reference = sim.reference().expect("a small space is measured");
        assert_eq!(reference.nash, nash, "seed {seed}");
        compared += usize::from(nash.is_some());
    }
    assert!(
        compared >= 6,
        "most random scenarios have a Nash point: {compared}"
    );
}

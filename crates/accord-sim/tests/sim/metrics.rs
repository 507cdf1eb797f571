//! Brute-force Pareto frontier and Nash point on hand-computed cases.

use crate::common;

use accord_sim::CompiledScenario;
use accord_sim::metrics::Reference;

#[test]
fn line_frontier_and_nash() {
    let s = common::line(None);
    let d = CompiledScenario::build(&s).unwrap();
    // a and b are opposed: every outcome is Pareto-optimal; Nash (0.5, 0.5).
    let r = Reference::build(&d, &[0, 1]).unwrap();
    assert_eq!(r.frontier.len(), 5);
    assert_eq!(r.nash, Some(vec![0.5, 0.5]));
    assert_eq!(r.distance_to_frontier(&[0.25, 0.75]), Some(0.0));
    assert!((r.distance_to_nash(&[0.25, 0.75]).unwrap() - (0.125f64).sqrt()).abs() < 1e-12);
    // The disagreement point (0, 0) is 0.5·√2/… away from the nearest frontier point.
    let dist = r.distance_to_frontier(&[0.0, 0.0]).unwrap();
    assert!(
        (dist - (0.5f64.powi(2) * 2.0).sqrt()).abs() < 1e-12,
        "{dist}"
    );
    // a and c: o0 (1, 0) and o1 (0.75, 0.5) and o2 (0.5, 1) are efficient; o3, o4 are dominated.
    let r = Reference::build(&d, &[0, 2]).unwrap();
    let mut f = r.frontier.clone();
    f.sort_by(|x, y| x[0].total_cmp(&y[0]));
    assert_eq!(f, vec![vec![0.5, 1.0], vec![0.75, 0.5], vec![1.0, 0.0]]);
    assert_eq!(r.nash, Some(vec![0.5, 1.0]));
}

#[test]
fn irrational_outcomes_are_left_out() {
    let s = common::line_with("", "walk_away = 0.6\n");
    let d = CompiledScenario::build(&s).unwrap();
    let r = Reference::build(&d, &[0, 1]).unwrap();
    // Only o3 (0.25, 0.75) and o4 (0, 1) give b at least 0.6.
    assert_eq!(r.frontier.len(), 2);
    assert_eq!(r.nash, Some(vec![0.25, 0.75]));
}

/// A random scenario: `issues` issues of 4 options, `parties` signatories with random weights,
/// scores, walk-aways and (sometimes) a red line.
fn random_scenario(seed: u64, parties: usize, issues: usize) -> accord_model::Scenario {
    accord_model::parse(&random_text(seed, parties, issues))
        .scenario
        .unwrap()
}

/// The text of [`random_scenario`].
fn random_text(seed: u64, parties: usize, issues: usize) -> String {
    use rand::RngExt as _;
    let mut rng = accord_sim::rng(seed);
    let mut text = String::from(
        "format = \"accord/1\"\n[scenario]\nid = \"r\"\ntitle = \"R\"\n[areas.a]\ntitle = \"A\"\n",
    );
    for i in 0..issues {
        text += &format!(
            "[issues.i{i}]\narea = \"a\"\ntitle = \"I\"\noptions = [{{ id = \"a\" }}, {{ id = \"b\" }}, {{ id = \"c\" }}, {{ id = \"d\" }}]\n"
        );
    }
    for p in 0..parties {
        let walk_away = rng.random_range(0.0..0.4);
        text += &format!("[parties.p{p}]\nname = \"P\"\nwalk_away = {walk_away}\n");
        if rng.random_range(0..3) == 0 {
            text += &format!(
                "red_lines = {{ i{} = [\"d\"] }}\n",
                rng.random_range(0..issues)
            );
        }
        text += &format!("[parties.p{p}.weights]\n");
        for i in 0..issues {
            text += &format!("i{i} = {}\n", rng.random_range(0.05..1.0));
        }
        for i in 0..issues {
            text += &format!("[parties.p{p}.scores.i{i}]\n");
            for o in ["a", "b", "c", "d"] {
                text += &format!("{o} = {}\n", rng.random::<f64>());
            }
        }
    }
    text
}

#[test]
fn the_analysis_engine_gives_the_brute_force_reference() {
    for seed in 0..24 {
        let parties = 2 + (seed as usize % 3);
        let s = random_scenario(seed, parties, 5);
        let d = CompiledScenario::build(&s).unwrap();
        let members: Vec<usize> = (0..parties).collect();
        let brute = Reference::build(&d, &members).unwrap();
        let engine = Reference::by_analysis(&s, &d, &members).unwrap();
        let sorted = |r: &Reference| {
            let mut f = r.frontier.clone();
            f.sort_by(|a, b| {
                a.iter()
                    .zip(b)
                    .map(|(x, y)| x.total_cmp(y))
                    .find(|c| c.is_ne())
                    .unwrap_or(std::cmp::Ordering::Equal)
            });
            f
        };
        let (bf, ef) = (sorted(&brute), sorted(&engine));
        assert_eq!(bf.len(), ef.len(), "seed {seed}");
        for (b, e) in bf.iter().zip(&ef) {
            for (x, y) in b.iter().zip(e) {
                assert!((x - y).abs() < 1e-12, "seed {seed}: {b:?} vs {e:?}");
            }
        }
        match (&brute.nash, &engine.nash) {
            (Some(b), Some(e)) => {
                for (x, y) in b.iter().zip(e) {
                    assert!((x - y).abs() < 1e-12, "seed {seed}: {b:?} vs {e:?}");
                }
            }
            (None, None) => {}
            other => panic!("seed {seed}: {other:?}"),
        }
        // Distances agree too.
        let probe: Vec<f64> = (0..parties).map(|p| 0.1 * p as f64).collect();
        let (b, e) = (
            brute.distance_to_frontier(&probe),
            engine.distance_to_frontier(&probe),
        );
        assert_eq!(b.is_some(), e.is_some());
        if let (Some(b), Some(e)) = (b, e) {
            assert!((b - e).abs() < 1e-12);
        }
    }
}

#[test]
fn the_engine_measures_only_the_signatories() {
    let s = random_scenario(3, 3, 4);
    let d = CompiledScenario::build(&s).unwrap();
    // A subset of the signatories: the engine's agreements would not match the members'.
    assert!(Reference::by_analysis(&s, &d, &[0, 1]).is_none());
    assert!(Reference::by_analysis(&s, &d, &[0, 1, 2]).is_some());
    // A non-signatory among the members: the engine's agreements ignore it.
    let text = random_text(3, 3, 4).replace(
        "[parties.p2]\nname = \"P\"\n",
        "[parties.p2]\nname = \"P\"\nsignatory = false\n",
    );
    let s = accord_model::parse(&text).scenario.unwrap();
    let d = CompiledScenario::build(&s).unwrap();
    assert!(Reference::by_analysis(&s, &d, &[0, 1]).is_some());
    assert!(Reference::by_analysis(&s, &d, &[0, 1, 2]).is_none());
    // The toy's east has interactions, which the merge does not handle.
    let toy = accord_model::parse(
        &std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/toy-border.toml"),
        )
        .unwrap(),
    )
    .scenario
    .unwrap();
    let d = CompiledScenario::build(&toy).unwrap();
    let signatories: Vec<usize> = (0..d.parties.len()).filter(|&p| d.signatory[p]).collect();
    assert!(Reference::by_analysis(&toy, &d, &signatories).is_none());
    // Within the brute-force limit the reference is still there.
    assert!(Reference::for_scenario(&toy, &d, &signatories).is_some());
}

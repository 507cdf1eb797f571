//! Concession curves equal their formulas; offer selection picks the worst outcome at or above
//! the target.

use accord_sim::strategy::{self, Strategy, TimeDependent, Turn, concession_target};
use accord_sim::{CompiledScenario, Space};

/// One numeric issue 0..=100 step 1, `a` linear increasing (score = v/100), walk-away `w`.
fn grid(walk_away: f64) -> accord_model::Scenario {
    let text = format!(
        r#"format = "accord/1"
[scenario]
id = "grid"
title = "Grid"
[areas.all]
title = "All"
[issues.v]
area = "all"
title = "V"
range = {{ min = 0, max = 100, step = 1 }}
[parties.a]
name = "A"
walk_away = {walk_away}
[parties.a.weights]
v = 1
[parties.a.scores.v]
curve = [[0, 0.0], [100, 1.0]]
[parties.b]
name = "B"
walk_away = 0
[parties.b.weights]
v = 1
[parties.b.scores.v]
curve = [[0, 1.0], [100, 0.0]]
"#
    );
    accord_model::parse(&text).scenario.unwrap()
}

fn turn(space: &Space, round: usize, rounds: usize) -> Turn<'_> {
    Turn {
        t: (round + 1) as f64 / (rounds + 1) as f64,
        round,
        rounds,
        me: 0,
        negotiators: 2,
        space,
    }
}

#[test]
fn concession_curves_equal_their_formulas() {
    for &(e, w) in &[(0.2, 0.0), (1.0, 0.3), (4.0, 0.1), (0.5, 0.25)] {
        let s = grid(w);
        let d = CompiledScenario::build(&s).unwrap();
        let own = &d.functions[0];
        let mut strat = TimeDependent::new(e);
        let mut rng = accord_sim::rng(0);
        for round in 0..100 {
            let turn = turn(&d.space, round, 100);
            let target = 1.0 - (1.0 - w) * turn.t.powf(1.0 / e);
            assert!((strat.target(own, turn.t) - target).abs() < 1e-12);
            assert!((concession_target(1.0, w, turn.t, e) - target).abs() < 1e-12);
            let offer = strat.propose(own, &turn, &mut rng).unwrap();
            // The grid has utility k/100 at option k: the offer is the smallest k/100 >= target.
            let k = (target * 100.0 - 1e-9).ceil() as u64;
            assert_eq!(offer, k, "e={e} w={w} t={}", turn.t);
        }
    }
}

#[test]
fn boulware_is_firmer_than_conceder_at_every_time() {
    let s = grid(0.0);
    let d = CompiledScenario::build(&s).unwrap();
    let own = &d.functions[0];
    let b = TimeDependent::new(0.2);
    let c = TimeDependent::new(5.0);
    for round in 0..99 {
        let t = turn(&d.space, round, 100).t;
        assert!(b.target(own, t) > c.target(own, t));
    }
}

#[test]
fn hardliner_never_moves_and_tit_for_tat_mirrors() {
    let s = grid(0.0);
    let d = CompiledScenario::build(&s).unwrap();
    let mut rng = accord_sim::rng(0);
    let mut h = strategy::parse("hardliner").unwrap().build();
    let mut tft = strategy::parse("tit-for-tat").unwrap().build();
    let t0 = turn(&d.space, 0, 10);
    assert_eq!(h.propose(&d.functions[0], &t0, &mut rng), Some(100));
    assert_eq!(tft.propose(&d.functions[0], &t0, &mut rng), Some(100));
    // The other side's offers improve a's utility from 0.10 to 0.30: a concedes 0.20.
    tft.observe(&d.functions[0], &t0, 1, 10);
    tft.observe(&d.functions[0], &t0, 1, 30);
    assert_eq!(tft.propose(&d.functions[0], &t0, &mut rng), Some(80));
    assert_eq!(h.propose(&d.functions[0], &t0, &mut rng), Some(100));
}

#[test]
fn aspiration_moves_toward_best_offer_received() {
    let s = grid(0.0);
    let d = CompiledScenario::build(&s).unwrap();
    let mut rng = accord_sim::rng(0);
    let mut a = accord_sim::strategy::Aspiration::new(0.5);
    let t0 = turn(&d.space, 0, 10);
    a.observe(&d.functions[0], &t0, 1, 60);
    // First answer: level 1 → 1 − 0.5·(1 − 0.6) = 0.8; offer 0.6 is below it.
    assert_eq!(
        a.respond(&d.functions[0], &t0, 60, &mut rng),
        accord_sim::Answer::Reject
    );
    assert!((a.level().unwrap() - 0.8).abs() < 1e-12);
    assert_eq!(a.propose(&d.functions[0], &t0, &mut rng), Some(80));
    // Second: 0.8 → 0.7, third 0.65, ... converges on 0.6 and accepts it then.
    assert_eq!(
        a.respond(&d.functions[0], &t0, 60, &mut rng),
        accord_sim::Answer::Reject
    );
    assert!((a.level().unwrap() - 0.7).abs() < 1e-12);
}

#[test]
fn frequency_model_learns_the_stable_issue() {
    // Two issues; the opponent always offers option 2 on issue 0 and varies issue 1.
    let space = Space {
        radices: vec![3, 3],
        len: 9,
    };
    let mut f = accord_sim::strategy::FrequencyLearner::new(1.0, 0.05);
    let s = grid(0.0);
    let d = CompiledScenario::build(&s).unwrap();
    let turn = Turn {
        space: &space,
        ..turn(&d.space, 0, 10)
    };
    for o in [
        space.encode(&[2, 0]),
        space.encode(&[2, 1]),
        space.encode(&[2, 2]),
        space.encode(&[2, 0]),
    ] {
        f.observe(&d.functions[0], &turn, 1, o);
    }
    let stable = f.estimate(&space, 1, space.encode(&[2, 1]));
    let other = f.estimate(&space, 1, space.encode(&[0, 1]));
    assert!(stable > other, "{stable} vs {other}");
}

#[test]
fn offer_selection_respects_red_lines() {
    let s = accord_model::parse(include_str!("../../../../examples/toy-border.toml"))
        .scenario
        .unwrap();
    let d = CompiledScenario::build(&s).unwrap();
    let west = d.position(s.find_party("west").unwrap()).unwrap();
    let river = s
        .issue(s.find_issue("border").unwrap())
        .find_option("river")
        .unwrap();
    for &o in &d.functions[west].sorted {
        assert_ne!(d.space.option(o, 0), river.index());
    }
    for target in [0.0, 0.3, 0.6, 0.9, 2.0] {
        let o = d.functions[west].at_least(target).unwrap();
        assert!(!d.functions[west].red_line(o));
    }
}

#[test]
fn fast_tables_equal_the_model_bit_for_bit() {
    let s = accord_model::parse(include_str!("../../../../examples/toy-border.toml"))
        .scenario
        .unwrap();
    let d = CompiledScenario::build(&s).unwrap();
    for own in &d.functions {
        let prefs = accord_model::PointPreferences::midpoint(&s, own.party);
        for o in 0..d.space.len {
            let outcome = d.space.decode(o);
            assert_eq!(own.utility(o).to_bits(), prefs.utility(&outcome).to_bits());
            assert_eq!(
                own.red_line(o),
                !prefs.accepts(&outcome) && {
                    let p = s.party(own.party);
                    p.red_lines()
                        .iter()
                        .any(|(i, opts)| opts.contains(&outcome[i.index()]))
                }
            );
        }
        // Sorted: descending utility, ties by id, no red lines.
        for w in own.sorted.windows(2) {
            let (a, b) = (own.utility(w[0]), own.utility(w[1]));
            assert!(a > b || (a == b && w[0] < w[1]));
        }
        let allowed = (0..d.space.len).filter(|&o| !own.red_line(o)).count();
        assert_eq!(own.sorted.len(), allowed);
    }
}

/// A two-party additive scenario of `issues` issues × `options` options (`v0`, `v1`, …),
/// each party with `red_lines` (a TOML inline table, may be empty) and weights and scores
/// drawn by `weight` and `score`.
fn additive_text(
    issues: usize,
    options: usize,
    red_lines: &str,
    mut weight: impl FnMut() -> f64,
    mut score: impl FnMut() -> f64,
) -> String {
    let mut text = String::from(
        "format = \"accord/1\"\n[scenario]\nid = \"r\"\ntitle = \"R\"\n[areas.a]\ntitle = \"A\"\n",
    );
    let ids: Vec<String> = (0..options)
        .map(|v| format!("{{ id = \"v{v}\" }}"))
        .collect();
    for i in 0..issues {
        text += &format!(
            "[issues.i{i}]\narea = \"a\"\ntitle = \"I\"\noptions = [{}]\n",
            ids.join(", ")
        );
    }
    for p in 0..2 {
        text += &format!("[parties.p{p}]\nname = \"P\"\nwalk_away = 0\n");
        if !red_lines.is_empty() {
            text += &format!("red_lines = {red_lines}\n");
        }
        text += &format!("[parties.p{p}.weights]\n");
        for i in 0..issues {
            text += &format!("i{i} = {}\n", weight());
        }
        for i in 0..issues {
            text += &format!("[parties.p{p}.scores.i{i}]\n");
            for v in 0..options {
                text += &format!("v{v} = {}\n", score());
            }
        }
    }
    text
}

/// Every party's sorted outcomes equal a comparison sort (utility descending, ties by id,
/// red lines left out), and its max and min are the ends.
fn assert_sorted_like_a_comparison_sort(text: &str, case: usize) {
    let s = accord_model::parse(text).scenario.unwrap();
    let d = CompiledScenario::build(&s).unwrap();
    for own in &d.functions {
        let mut expected: Vec<u64> = (0..d.space.len).filter(|&o| !own.red_line(o)).collect();
        expected.sort_by(|&a, &b| own.utility(b).total_cmp(&own.utility(a)).then(a.cmp(&b)));
        assert_eq!(own.sorted, expected, "case {case}");
        let first = own.utility(expected[0]);
        let last = own.utility(expected[expected.len() - 1]);
        assert_eq!(own.max().to_bits(), first.to_bits(), "case {case}");
        assert_eq!(own.min().to_bits(), last.to_bits(), "case {case}");
    }
}

#[test]
fn bucket_sort_equals_a_comparison_sort_on_random_tables() {
    use rand::RngExt as _;
    // Small tables with ties (weights and scores on a coarse grid) and red lines.
    let rng = std::cell::RefCell::new(accord_sim::rng(9));
    for case in 0..20 {
        let red_lines = if case % 3 == 0 {
            "{ i1 = [\"v1\"] }"
        } else {
            ""
        };
        let text = additive_text(
            3,
            4,
            red_lines,
            || f64::from(rng.borrow_mut().random_range(1..4)),
            || f64::from(rng.borrow_mut().random_range(0..3)) / 2.0,
        );
        assert_sorted_like_a_comparison_sort(&text, case);
    }
}

#[test]
fn bucket_sort_equals_a_comparison_sort_on_bench_sized_tables() {
    use rand::RngExt as _;
    // The benchmark's shape (4 issues x 10 options, continuous weights and scores), where the
    // exact bounds of the additive table set the buckets.
    let rng = std::cell::RefCell::new(accord_sim::rng(31));
    for case in 0..4 {
        let red_lines = if case == 1 {
            "{ i2 = [\"v3\", \"v7\"] }"
        } else {
            ""
        };
        let text = additive_text(
            4,
            10,
            red_lines,
            || rng.borrow_mut().random::<f64>().max(1e-9),
            || rng.borrow_mut().random::<f64>(),
        );
        assert_sorted_like_a_comparison_sort(&text, case);
    }
}

/// A scenario of `issues` issues × 10 options (with an interaction and a red line for p0).
fn wide(issues: usize) -> accord_model::Scenario {
    let mut text = String::from(
        "format = \"accord/1\"\n[scenario]\nid = \"w\"\ntitle = \"W\"\n[areas.a]\ntitle = \"A\"\n",
    );
    for i in 0..issues {
        text += &format!("[issues.i{i}]\narea = \"a\"\ntitle = \"I\"\noptions = [");
        text += &(0..10)
            .map(|o| format!("{{ id = \"o{o}\" }}"))
            .collect::<Vec<_>>()
            .join(", ");
        text += "]\n";
    }
    for p in 0..2 {
        text += &format!("[parties.p{p}]\nname = \"P\"\nwalk_away = 0.2\n");
        if p == 0 {
            text += "red_lines = { i1 = [\"o9\"] }\n";
        }
        text += &format!("[parties.p{p}.weights]\n");
        for i in 0..issues {
            text += &format!("i{i} = {}\n", 1 + (i * 7 + p * 3) % 5);
        }
        for i in 0..issues {
            text += &format!("[parties.p{p}.scores.i{i}]\n");
            for o in 0..10 {
                let s = if p == 0 {
                    o as f64 / 9.0
                } else {
                    (9 - o) as f64 / 9.0
                };
                text += &format!(
                    "o{o} = {}\n",
                    ((s * 1000.0 + (i * 37 % 11) as f64).round() / 1011.0).min(1.0)
                );
            }
        }
        if p == 1 {
            text +=
                "[[parties.p1.interactions]]\nwhen = { i0 = \"o0\", i2 = \"o0\" }\nbonus = 0.05\n";
        }
    }
    accord_model::parse(&text).scenario.unwrap()
}

#[test]
fn large_spaces_use_exact_compiled_utilities_and_a_pool() {
    // 10^8 outcomes: past the tabulated limit.
    let s = wide(8);
    let d = CompiledScenario::build(&s).unwrap();
    assert_eq!(d.space.len, 100_000_000);
    let mut rng = accord_sim::rng(3);
    for own in &d.functions {
        assert!(!own.is_exhaustive());
        let prefs = accord_model::PointPreferences::midpoint(&s, own.party);
        // Compiled utilities equal the model's, bit for bit, on random outcomes.
        for _ in 0..2000 {
            use rand::RngExt as _;
            let o = rng.random_range(0..d.space.len);
            let outcome = d.space.decode(o);
            assert_eq!(own.utility(o).to_bits(), prefs.utility(&outcome).to_bits());
            let crosses = s
                .party(own.party)
                .red_lines()
                .iter()
                .any(|(i, opts)| opts.contains(&outcome[i.index()]));
            assert_eq!(own.red_line(o), crosses);
        }
        // The pool is sorted, free of red lines, and starts at the true best outcome.
        for w in own.sorted.windows(2) {
            assert!(own.utility(w[0]) >= own.utility(w[1]));
        }
        assert!(own.sorted.iter().all(|&o| !own.red_line(o)));
        assert!(own.sorted.len() > 20_000);
    }
    // p0's best: o8 on i1 (o9 is a red line), o9 elsewhere.
    let best = d.functions[0].sorted[0];
    let opts = d.space.options(best);
    assert_eq!(opts[1], 8);
    assert!(opts.iter().enumerate().all(|(i, &o)| i == 1 || o == 9));
    // A negotiation runs and agrees.
    let specs: Vec<_> = ["boulware", "conceder"]
        .iter()
        .map(|n| strategy::parse(n).unwrap())
        .collect();
    let n = accord_sim::negotiate(&d, &accord_sim::Sao::new(100), &[0, 1], &specs, 1, false);
    assert!(n.result.agreement.is_some());
    assert!(accord_sim::metrics::Reference::build(&d, &[0, 1]).is_none());
}

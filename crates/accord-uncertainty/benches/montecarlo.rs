//! Monte Carlo throughput: plan evaluations (one plan, every party) per second.
//!
//! `cargo bench -p accord-uncertainty`. The target is at least a million plan evaluations per
//! second per core; the `slow_path` bench is the peer in the same run (realizing preferences
//! and evaluating the plan in full, as a naive implementation would), so the ratio of the two
//! shows what compiling the plans buys.

use accord_model::{PlanIx, Scenario, evaluate_terms, plan_terms};
use accord_uncertainty::{Config, run};
use divan::counter::ItemsCount;

fn main() {
    divan::main();
}

fn toy() -> Scenario {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/toy-border.toml"
    ))
    .expect("toy example");
    accord_model::parse(&text).scenario.expect("valid")
}

/// 6 parties × 20 issues × 4 options, every weight and walk-away an interval, 5 complete plans.
fn large() -> Scenario {
    let mut s = String::from(
        "format = \"accord/1\"\n[scenario]\nid = \"bench\"\ntitle = \"Bench\"\n[areas.a]\ntitle = \"A\"\n",
    );
    for i in 0..20 {
        s += &format!(
            "[issues.i{i}]\narea = \"a\"\ntitle = \"I\"\noptions = [{{ id = \"a\" }}, {{ id = \"b\" }}, {{ id = \"c\" }}, {{ id = \"d\" }}]\n"
        );
    }
    for p in 0..6 {
        s += &format!(
            "[parties.p{p}]\nname = \"P\"\nwalk_away = [0.3, 0.6]\n[parties.p{p}.weights]\n"
        );
        for i in 0..20 {
            let lo = 1 + (i + p) % 5;
            s += &format!("i{i} = [{lo}, {}]\n", lo + 1 + (i * p) % 7);
        }
        for i in 0..20 {
            let r = |k: usize| ((i * 7 + p * 13 + k * 5) % 10) as f64 / 10.0;
            s += &format!(
                "[parties.p{p}.scores.i{i}]\na = {}\nb = [{}, {}]\nc = {}\nd = 1.0\n",
                r(0),
                r(1) / 2.0,
                r(1),
                r(2)
            );
        }
    }
    for plan in 0..5 {
        s += &format!("[plans.plan{plan}]\ntitle = \"Plan\"\n[plans.plan{plan}.terms]\n");
        for i in 0..20 {
            s += &format!("i{i} = \"{}\"\n", ["a", "b", "c", "d"][(i + plan) % 4]);
        }
    }
    let parsed = accord_model::parse(&s);
    match parsed.scenario {
        Some(s) => s,
        None => panic!("{:#?}", parsed.diagnostics),
    }
}

const SAMPLES: u64 = 200_000;

fn bench_run(bencher: divan::Bencher, s: &Scenario) {
    let plans: Vec<PlanIx> = s.plan_ixs().collect();
    let config = Config {
        seed: 1,
        max_samples: SAMPLES,
        precision: 0.0,
        cancel: accord_model::Cancel::never(),
    };
    bencher
        .counter(ItemsCount::new(SAMPLES as usize * plans.len()))
        .bench(|| run(s, &plans, &config, &|_, _| {}));
}

#[divan::bench(sample_count = 5)]
fn toy_compiled(bencher: divan::Bencher) {
    bench_run(bencher, &toy());
}

#[divan::bench(sample_count = 5)]
fn large_compiled(bencher: divan::Bencher) {
    bench_run(bencher, &large());
}

/// The naive peer: realize every party's preferences and evaluate the plan in full.
#[divan::bench(sample_count = 5)]
fn large_slow_path(bencher: divan::Bencher) {
    let s = large();
    let plans: Vec<PlanIx> = s.plan_ixs().collect();
    let terms: Vec<_> = plans.iter().map(|&p| plan_terms(&s, p)).collect();
    const N: usize = 20_000;
    bencher.counter(ItemsCount::new(N * plans.len())).bench(|| {
        let mut accepted = 0usize;
        for k in 0..N {
            let t = (k % 97) as f64 / 97.0;
            let prefs: Vec<_> = s
                .party_ixs()
                .map(|p| {
                    accord_model::PointPreferences::realize(&s, p, |e| {
                        e.lo() + t * (e.hi() - e.lo())
                    })
                })
                .collect();
            for terms in &terms {
                let e = evaluate_terms(&s, &prefs, terms);
                accepted += e.agreement.unwrap_or(false) as usize;
            }
        }
        accepted
    });
}

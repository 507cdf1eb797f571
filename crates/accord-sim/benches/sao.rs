//! SAO throughput in the setting of `../shared/bench/negmas/bench_sao.py`: 4 issues × 10
//! values (1e4 outcomes), random linear-additive preferences (weights and value tables uniform
//! in [0, 1], weights normalized), walk-away 0, Boulware and Conceder cycled over the parties
//! (2 = B,C; 3 = B,C,B; 5 = B,C,B,C,B), SAO with 100 rounds, one thread.
//!
//! - `fresh`: every negotiation gets new preferences: the scenario text is generated, parsed
//!   and enumerated (utilities of all 1e4 outcomes, sorted) inside the timed loop.
//! - `reused`: one scenario per rep, enumerated once; every negotiation still builds fresh
//!   strategies (like a tournament repeating a scenario).
//!
//! - `--quorum K` (issue 12): the generated scenarios carry `[agreement] quorum = K`, so SAO
//!   decides each acceptance by the agreement rule ([`accord_sim::Consent`]) instead of the
//!   plain count: the cost of the rule's path.
//!
//! Usage: `cargo bench -p accord-sim --bench sao -- [--parties 2 3 5] [--n 2000] [--reps 5]
//! [--types BC] [--quorum K]`. Prints one JSON line per rep and a Markdown table of medians.

use std::fmt::Write as _;
use std::time::Instant;

use std::sync::Arc;

use accord_model::Scenario;
use accord_sim::{CompiledScenario, Consent, Sao, Spec, strategy};
use rand::rngs::ChaCha8Rng;
use rand::{RngExt as _, SeedableRng as _};

fn scenario_text(
    parties: usize,
    issues: usize,
    values: usize,
    quorum: Option<usize>,
    rng: &mut ChaCha8Rng,
) -> String {
    let mut t = String::from(
        "format = \"accord/1\"\n[scenario]\nid = \"bench\"\ntitle = \"Bench\"\n[areas.all]\ntitle = \"All\"\n",
    );
    if let Some(q) = quorum {
        let _ = writeln!(t, "[agreement]\nquorum = {q}");
    }
    for i in 0..issues {
        let _ = write!(
            t,
            "[issues.i{i}]\narea = \"all\"\ntitle = \"I{i}\"\noptions = ["
        );
        for v in 0..values {
            let _ = write!(t, "{}{{ id = \"v{v}\" }}", if v == 0 { "" } else { ", " });
        }
        t.push_str("]\n");
    }
    for p in 0..parties {
        let _ = write!(
            t,
            "[parties.p{p}]\nname = \"P{p}\"\nwalk_away = 0\n[parties.p{p}.weights]\n"
        );
        // Weights uniform in [0, 1]; the model normalizes them to shares.
        for i in 0..issues {
            let w: f64 = rng.random();
            let _ = writeln!(t, "i{i} = {}", w.max(1e-9));
        }
        for i in 0..issues {
            let _ = writeln!(t, "[parties.p{p}.scores.i{i}]");
            for v in 0..values {
                let s: f64 = rng.random();
                let _ = writeln!(t, "v{v} = {s}");
            }
        }
    }
    t
}

/// The compiled scenario and SAO (100 rounds) under its agreement rule, if any.
fn compiled(text: &str, members: &[usize]) -> (CompiledScenario, Sao) {
    let parsed = accord_model::parse(text);
    let scenario: Scenario = parsed.scenario.expect("generated scenarios are valid");
    let d = CompiledScenario::build(&scenario).expect("1e4 outcomes");
    let consent = Consent::for_negotiation(&scenario, &d, members).map(Arc::new);
    (d, Sao::new(100).with_consent(consent))
}

struct Rep {
    neg_per_s: f64,
    rounds_per_s: f64,
    agreement_rate: f64,
    mean_rounds: f64,
}

fn bench(
    parties: usize,
    n: usize,
    mode: &str,
    seed: u64,
    types: &str,
    quorum: Option<usize>,
) -> Rep {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let specs: Vec<Spec> = (0..parties)
        .map(|p| {
            let name = match types.as_bytes()[p % types.len()] {
                b'B' => "boulware",
                b'C' => "conceder",
                b'L' => "linear",
                _ => "tit-for-tat",
            };
            strategy::parse(name).expect("known")
        })
        .collect();
    let members: Vec<usize> = (0..parties).collect();
    let shared = (mode == "reused")
        .then(|| compiled(&scenario_text(parties, 4, 10, quorum, &mut rng), &members));
    let (mut agreements, mut rounds) = (0usize, 0usize);
    let start = Instant::now();
    for k in 0..n {
        let fresh;
        let (d, protocol) = match &shared {
            Some((d, p)) => (d, p),
            None => {
                fresh = compiled(&scenario_text(parties, 4, 10, quorum, &mut rng), &members);
                (&fresh.0, &fresh.1)
            }
        };
        let r = accord_sim::negotiate(d, protocol, &members, &specs, k as u64, false);
        agreements += usize::from(r.result.agreement.is_some());
        rounds += r.result.rounds;
    }
    let dt = start.elapsed().as_secs_f64();
    Rep {
        neg_per_s: n as f64 / dt,
        rounds_per_s: rounds as f64 / dt,
        agreement_rate: agreements as f64 / n as f64,
        mean_rounds: rounds as f64 / n as f64,
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let m = v.len() / 2;
    if v.len() % 2 == 1 {
        v[m]
    } else {
        (v[m - 1] + v[m]) / 2.0
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut parties = vec![2usize, 3, 5];
    let (mut n, mut reps, mut types) = (2000usize, 5usize, "BC".to_string());
    let mut quorum: Option<usize> = None;
    let mut modes = vec!["fresh".to_string(), "reused".to_string()];
    let mut i = 0;
    while i < args.len() {
        let values: Vec<&String> = args[i + 1..]
            .iter()
            .take_while(|a| !a.starts_with("--"))
            .collect();
        match args[i].as_str() {
            "--parties" => {
                parties = values
                    .iter()
                    .map(|v| v.parse().expect("a number"))
                    .collect()
            }
            "--n" => n = values[0].parse().expect("a number"),
            "--reps" => reps = values[0].parse().expect("a number"),
            "--types" => types = values[0].clone(),
            "--quorum" => quorum = Some(values[0].parse().expect("a number")),
            "--modes" => modes = values.iter().map(|v| v.to_string()).collect(),
            // cargo bench passes --bench; ignore anything unknown.
            _ => {}
        }
        i += 1 + values.len();
    }
    let mut rows = Vec::new();
    for &k in &parties {
        for mode in &modes {
            let reps_: Vec<Rep> = (0..reps)
                .map(|r| {
                    let rep = bench(k, n, mode, (100 * k + r) as u64, &types, quorum);
                    println!(
                        "{{\"impl\":\"accord\",\"parties\":{k},\"mode\":\"{mode}\",\"n\":{n},\"neg_per_s\":{:.1},\"rounds_per_s\":{:.0},\"agreement_rate\":{:.3},\"mean_steps\":{:.2}}}",
                        rep.neg_per_s, rep.rounds_per_s, rep.agreement_rate, rep.mean_rounds
                    );
                    rep
                })
                .collect();
            rows.push((k, mode.clone(), reps_));
        }
    }
    println!(
        "\n| parties | types | preferences | negotiations/s (median) | min..max | rounds/s (median) | agreement rate | mean rounds | reps × n |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    for (k, mode, reps_) in &rows {
        let v: Vec<f64> = reps_.iter().map(|r| r.neg_per_s).collect();
        let (lo, hi) = (
            v.iter().copied().fold(f64::INFINITY, f64::min),
            v.iter().copied().fold(0.0, f64::max),
        );
        println!(
            "| {k} | {types} | {mode} | {:.0} | {:.0}..{:.0} | {:.0} | {:.2} | {:.1} | {} × {n} |",
            median(v),
            lo,
            hi,
            median(reps_.iter().map(|r| r.rounds_per_s).collect()),
            reps_.iter().map(|r| r.agreement_rate).sum::<f64>() / reps_.len() as f64,
            reps_.iter().map(|r| r.mean_rounds).sum::<f64>() / reps_.len() as f64,
            reps_.len()
        );
    }
}

// The allocator of the `accord` binary, so setup costs are measured as the CLI pays them.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

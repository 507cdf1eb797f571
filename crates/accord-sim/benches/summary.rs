//! The cost of a tournament summary's statistics and of the long table, against reading the
//! results (what `accord tournament merge` does anyway), on synthetic result lines: `--lines N`
//! bilateral negotiations among 8 strategies (every pair), utilities drawn with a fixed seed.
//!
//! Timed in one run, per rep: `read` ([`tournament::read_results`] of the JSON Lines), `tally`
//! ([`Summary::new`]: means and the samples), `statistics` ([`Summary::to_json`]: intervals,
//! head to head, the 28 Mann–Whitney tests with Holm), `long` ([`tournament::write_long`] to
//! memory). Prints one JSON line per rep and the medians as ratios to `read`.
//!
//! Usage: `cargo bench -p accord-sim --bench summary -- [--lines N] [--reps R]`.

use std::time::Instant;

use accord_sim::tournament::{self, Summary};
use rand::rngs::ChaCha8Rng;
use rand::{RngExt as _, SeedableRng as _};

const STRATEGIES: [&str; 8] = [
    "boulware",
    "linear",
    "conceder",
    "hardliner",
    "tit-for-tat",
    "random",
    "aspiration",
    "frequency",
];

fn lines(n: usize) -> String {
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    let mut out = String::new();
    for job in 0..n {
        let a = STRATEGIES[job % 8];
        let b = STRATEGIES[(job / 8) % 8];
        let agreement = rng.random::<f64>() < 0.8;
        let (ua, ub): (f64, f64) = if agreement {
            (rng.random(), rng.random())
        } else {
            (0.3, 0.4)
        };
        let terms = if agreement {
            r#"{"price":"low","delivery":"fast"}"#
        } else {
            "null"
        };
        out.push_str(&format!(
            "{{\"job\":{job},\"scenario\":\"s.toml\",\"lineup\":{},\"rotation\":0,\"repetition\":0,\
             \"seed\":{job},\"strategies\":{{\"a\":\"{a}\",\"b\":\"{b}\"}},\"agreement\":{agreement},\
             \"rounds\":40,\"utilities\":{{\"a\":{ua},\"b\":{ub}}},\"advantages\":{{\"a\":{},\"b\":{}}},\
             \"welfare\":{},\"distance_to_pareto\":0.1,\"distance_to_nash\":0.2,\"tournament\":\"x\",\
             \"walk_aways\":{{\"a\":0.3,\"b\":0.4}},\"terms\":{terms}}}\n",
            job % 64,
            ua - 0.3,
            ub - 0.4,
            ua + ub
        ));
    }
    out
}

fn arg(name: &str, default: usize) -> usize {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

fn main() {
    let n = arg("--lines", 100_000);
    let reps = arg("--reps", 5);
    let text = lines(n);
    let mut times: [Vec<f64>; 4] = Default::default();
    for rep in 0..reps {
        let t0 = Instant::now();
        let results = tournament::read_results(vec![(
            "bench".to_string(),
            Box::new(std::io::Cursor::new(text.as_bytes())) as Box<dyn std::io::BufRead>,
        )])
        .expect("synthetic lines");
        let t1 = Instant::now();
        let summary = Summary::new(&results);
        let t2 = Instant::now();
        let json = summary.to_json();
        let t3 = Instant::now();
        let mut csv = Vec::new();
        tournament::write_long(&results, &mut csv).expect("to memory");
        let t4 = Instant::now();
        assert_eq!(json.comparisons.len(), 28);
        let secs = [t1 - t0, t2 - t1, t3 - t2, t4 - t3].map(|d| d.as_secs_f64());
        for (k, s) in secs.iter().enumerate() {
            times[k].push(*s);
        }
        println!(
            "{{\"rep\":{rep},\"lines\":{n},\"read_s\":{:.4},\"tally_s\":{:.4},\"statistics_s\":{:.4},\"long_s\":{:.4},\"csv_bytes\":{}}}",
            secs[0],
            secs[1],
            secs[2],
            secs[3],
            csv.len()
        );
    }
    let [read, tally, stats, long] = times.map(median);
    println!("\n| {n} lines | median s | × read |\n|---|---|---|");
    for (name, s) in [
        ("read", read),
        ("tally", tally),
        ("statistics", stats),
        ("long", long),
    ] {
        println!("| {name} | {s:.4} | {:.2} |", s / read);
    }
}

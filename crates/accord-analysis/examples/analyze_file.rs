//! Times the call `accord analyze FILE --json` makes once the scenario is loaded, in process
//! (no process start, no printing): the negotiation of every party, the analysis and the
//! `AnalysisJson` text with its `what_if` list, `REPS` times on the scenario parsed once; prints the median in
//! milliseconds and the frontier's length.
//!
//! `analyze_file FILE [auto|enumerate|merge] [REPS]`. Used by `bench/python/analyze.py` as
//! "the same call in Rust" as `accord.Scenario.analyze(method=M)` from Python.

use std::time::Instant;

use accord_analysis::json::AnalysisJson;
use accord_analysis::{Method, Options, analyze};
use accord_model::json::WithWhatIfs;

// The allocator of the CLI and of the Python package: the same call, the same allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: analyze_file FILE [auto|enumerate|merge] [REPS]");
        std::process::exit(2);
    };
    let method = match args.get(1).map(String::as_str) {
        None | Some("auto") => Method::Auto,
        Some("enumerate") => Method::Enumerate,
        Some("merge") => Method::Merge,
        Some(other) => {
            eprintln!("unknown method `{other}`; methods: auto, enumerate, merge");
            std::process::exit(2);
        }
    };
    let reps: usize = match args.get(2).map(|s| s.parse()) {
        None => 5,
        Some(Ok(n)) if n > 0 => n,
        Some(_) => {
            eprintln!("REPS is a positive integer");
            std::process::exit(2);
        }
    };
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{path}: cannot read: {e}");
            std::process::exit(1);
        }
    };
    let Some(scenario) = accord_model::parse(&text).scenario else {
        eprintln!("{path}: not a valid scenario (run `accord check {path}`)");
        std::process::exit(1);
    };
    let mut times = Vec::with_capacity(reps);
    let mut frontier = 0;
    for _ in 0..reps {
        let start = Instant::now();
        let scenario = scenario.clone();
        let n = scenario.into_negotiation(None);
        let options = Options {
            method,
            ..Options::default()
        };
        let analysis = match analyze(&n.scenario, &options) {
            Ok(a) => a,
            Err(e) => {
                eprintln!("{path}: {e}");
                std::process::exit(1);
            }
        };
        let json = AnalysisJson::new(&n.scenario, &analysis).not_negotiating(&n.scenario, &[]);
        // With its (empty) what_if list, as the CLI prints it and Python returns it.
        let out =
            serde_json::to_string(&WithWhatIfs::new(&json, &[])).expect("an analysis serializes");
        std::hint::black_box(&out);
        frontier = analysis.frontier.len();
        times.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    println!("{:.4} {frontier}", times[times.len() / 2]);
}

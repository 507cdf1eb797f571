//! Prints a synthetic scenario: `synthetic PARTIES ISSUES OPTIONS SEED [WALK_AWAY] [--interactions]`,
//! or with `--opposed` two exactly opposed parties (PARTIES, WALK_AWAY and `--interactions` are
//! then ignored). Used by `bench/analyze-vs-negmas.py` and for trying the engine at scale.

use accord_analysis::synthetic::{Shape, additive_scenario, opposed_scenario};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let interactions = args.iter().any(|a| a == "--interactions");
    let nums: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let get = |k: usize| nums.get(k).and_then(|s| s.parse::<f64>().ok());
    let (Some(parties), Some(issues), Some(options), Some(seed)) = (get(0), get(1), get(2), get(3))
    else {
        eprintln!(
            "usage: synthetic PARTIES ISSUES OPTIONS SEED [WALK_AWAY] [--interactions | --opposed]"
        );
        std::process::exit(2);
    };
    if args.iter().any(|a| a == "--opposed") {
        print!(
            "{}",
            opposed_scenario(issues as usize, options as usize, seed as u64)
        );
        return;
    }
    let shape = Shape {
        parties: parties as usize,
        issues: issues as usize,
        options: options as usize,
        walk_away: get(4).unwrap_or(0.0),
        interactions,
    };
    print!("{}", additive_scenario(shape, seed as u64));
}

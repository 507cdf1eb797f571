//! Synthetic scenarios for benchmarks and tests: random additive preferences from a fixed seed
//! (a xorshift generator, so the same seed gives the same file on every platform).

use std::fmt::Write as _;

/// A small deterministic generator (xorshift64*).
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed (any value).
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    /// A uniform number in `[0, 1)`.
    pub fn next_f64(&mut self) -> f64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        let x = self.0.wrapping_mul(0x2545_F491_4F6C_DD1D);
        (x >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// What to generate.
#[derive(Clone, Copy, Debug)]
pub struct Shape {
    /// Number of parties (all signatories, walk-away `walk_away`).
    pub parties: usize,
    /// Number of issues.
    pub issues: usize,
    /// Options per issue.
    pub options: usize,
    /// Every party's walk-away.
    pub walk_away: f64,
    /// Add one interaction per party (which rules out the merge method).
    pub interactions: bool,
}

/// An `accord/1` scenario with random additive preferences: per party and issue a weight in
/// `[0, 1)` and a score in `[0, 1)` per option, rounded to 4 decimals so the file is exact.
pub fn additive_scenario(shape: Shape, seed: u64) -> String {
    let mut rng = Rng::new(seed);
    let mut s = String::new();
    let _ = writeln!(
        s,
        "format = \"accord/1\"\n\n[scenario]\nid = \"synthetic\"\ntitle = \"Synthetic {} parties, {} issues x {} options\"\n\n[sources.generated]\ntitle = \"Generated\"\n\n[areas.all]\ntitle = \"All\"\n",
        shape.parties, shape.issues, shape.options
    );
    for i in 0..shape.issues {
        let opts: Vec<String> = (0..shape.options)
            .map(|o| format!("{{ id = \"o{o}\" }}"))
            .collect();
        let _ = writeln!(
            s,
            "[issues.i{i}]\narea = \"all\"\ntitle = \"Issue {i}\"\nsources = [\"generated\"]\noptions = [{}]\n",
            opts.join(", ")
        );
    }
    let round = |x: f64| (x * 10_000.0).round() / 10_000.0;
    for p in 0..shape.parties {
        let _ = writeln!(
            s,
            "[parties.p{p}]\nname = \"Party {p}\"\nsources = [\"generated\"]\nwalk_away = {}\n\n[parties.p{p}.weights]",
            shape.walk_away
        );
        for i in 0..shape.issues {
            let _ = writeln!(s, "i{i} = {}", round(0.0001 + rng.next_f64()));
        }
        for i in 0..shape.issues {
            let _ = writeln!(s, "[parties.p{p}.scores.i{i}]");
            for o in 0..shape.options {
                let _ = writeln!(s, "o{o} = {}", round(rng.next_f64()));
            }
        }
        if shape.interactions {
            let _ = writeln!(
                s,
                "[[parties.p{p}.interactions]]\nwhen = {{ i0 = \"o{}\", i1 = \"o{}\" }}\nbonus = 0.01\n",
                p % shape.options,
                (p + 1) % shape.options
            );
        }
        s.push('\n');
    }
    s
}

/// An `accord/1` scenario of two parties with exactly opposed preferences: the same random
/// weights, and the second party's score of every option is one minus the first's, so
/// `u_2 = 1 - u_1` (up to rounding) and nearly every outcome is on the Pareto frontier. Both
/// are signatories with walk-away 0, so every outcome is an agreement.
pub fn opposed_scenario(issues: usize, options: usize, seed: u64) -> String {
    let mut rng = Rng::new(seed);
    let round = |x: f64| (x * 10_000.0).round() / 10_000.0;
    let weights: Vec<f64> = (0..issues)
        .map(|_| round(0.0001 + rng.next_f64()))
        .collect();
    let scores: Vec<Vec<f64>> = (0..issues)
        .map(|_| (0..options).map(|_| round(rng.next_f64())).collect())
        .collect();
    let mut s = String::new();
    let _ = writeln!(
        s,
        "format = \"accord/1\"\n\n[scenario]\nid = \"opposed\"\ntitle = \"Opposed, {issues} issues x {options} options\"\n\n[sources.generated]\ntitle = \"Generated\"\n\n[areas.all]\ntitle = \"All\"\n"
    );
    for i in 0..issues {
        let opts: Vec<String> = (0..options)
            .map(|o| format!("{{ id = \"o{o}\" }}"))
            .collect();
        let _ = writeln!(
            s,
            "[issues.i{i}]\narea = \"all\"\ntitle = \"Issue {i}\"\nsources = [\"generated\"]\noptions = [{}]\n",
            opts.join(", ")
        );
    }
    for p in 0..2 {
        let _ = writeln!(
            s,
            "[parties.p{p}]\nname = \"Party {p}\"\nsources = [\"generated\"]\nwalk_away = 0.0\n\n[parties.p{p}.weights]"
        );
        for (i, w) in weights.iter().enumerate() {
            let _ = writeln!(s, "i{i} = {w}");
        }
        for (i, row) in scores.iter().enumerate() {
            let _ = writeln!(s, "[parties.p{p}.scores.i{i}]");
            for (o, &x) in row.iter().enumerate() {
                // Four decimals either way, so both files' numbers are exact decimals.
                let x = if p == 0 { x } else { round(1.0 - x) };
                let _ = writeln!(s, "o{o} = {x}");
            }
        }
        s.push('\n');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_scenarios_are_valid_and_reproducible() {
        let shape = Shape {
            parties: 3,
            issues: 4,
            options: 3,
            walk_away: 0.2,
            interactions: true,
        };
        let text = additive_scenario(shape, 7);
        assert_eq!(text, additive_scenario(shape, 7));
        assert_ne!(text, additive_scenario(shape, 8));
        let parsed = accord_model::parse(&text);
        assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
        assert!(parsed.scenario.is_some(), "{:?}", parsed.diagnostics);
        assert_eq!(parsed.scenario.unwrap().outcome_count(), Some(81));
    }

    #[test]
    fn opposed_scenarios_are_valid_and_opposed() {
        let text = opposed_scenario(3, 4, 7);
        let parsed = accord_model::parse(&text);
        assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
        let scenario = parsed.scenario.expect("valid");
        let tables = crate::Tables::new(&scenario);
        for outcome in [[0, 1, 2], [3, 3, 0], [2, 0, 1]] {
            let (a, b) = (
                tables.parties[0].utility(&outcome),
                tables.parties[1].utility(&outcome),
            );
            assert!((a + b - 1.0).abs() < 1e-12, "{a} + {b}");
        }
    }
}

//! The ANL 2024 generator: its distribution over many seeds (sizes, kinds, reservation values
//! below the Nash point), each kind's shape, and determinism. Every property is checked on the
//! scenario read back from the text, by brute force written here.

use accord_model::{IssueIx, OptionIx, PointPreferences};
use accord_sim::generate::{self, Kind};

/// The parsed scenario's utilities `(first, second)` per option, and walk-aways.
fn read_back(text: &str) -> (Vec<(f64, f64)>, (f64, f64)) {
    let parsed = accord_model::parse(text);
    let errors: Vec<_> = parsed.errors().map(|d| d.message.clone()).collect();
    let s = parsed.scenario.unwrap_or_else(|| panic!("{errors:?}"));
    assert_eq!(s.issues().len(), 1);
    let parties: Vec<_> = s.party_ixs().collect();
    assert_eq!(parties.len(), 2);
    let prefs: Vec<PointPreferences> = parties
        .iter()
        .map(|&p| PointPreferences::midpoint(&s, p))
        .collect();
    let n = s.issue(IssueIx::from_usize(0)).option_count();
    let utilities = (0..n)
        .map(|o| {
            let outcome = vec![OptionIx::from_usize(o)];
            (prefs[0].utility(&outcome), prefs[1].utility(&outcome))
        })
        .collect();
    (utilities, (prefs[0].walk_away(), prefs[1].walk_away()))
}

/// How many distinct utility pairs no outcome strictly dominates.
fn undominated(us: &[(f64, f64)]) -> usize {
    let mut sorted = us.to_vec();
    sorted.sort_by(|a, b| b.0.total_cmp(&a.0).then(b.1.total_cmp(&a.1)));
    sorted.dedup();
    sorted.sort_by(|a, b| b.0.total_cmp(&a.0).then(b.1.total_cmp(&a.1)));
    let mut best_b = f64::NEG_INFINITY;
    let mut count = 0;
    let mut i = 0;
    while i < sorted.len() {
        // A group of equal first utilities: dominated by an earlier (larger-a) outcome with
        // b >= theirs, or within the group by a larger b.
        let mut j = i;
        while j < sorted.len() && sorted[j].0 == sorted[i].0 {
            j += 1;
        }
        let group_max = sorted[i].1;
        for &(_, b) in &sorted[i..j] {
            if b > best_b && b == group_max {
                count += 1;
            }
        }
        best_b = best_b.max(group_max);
        i = j;
    }
    count
}

#[test]
fn the_distribution_over_many_seeds_matches_the_league() {
    let seeds = 400u64;
    let (mut zero_sum, mut monotonic, mut general) = (0, 0, 0);
    let mut sizes = Vec::new();
    for seed in 0..seeds {
        let g = generate::anl2024(seed);
        let (us, (r1, r2)) = read_back(&g.text);
        assert_eq!(
            us, g.utilities,
            "seed {seed}: the file holds the drawn utilities"
        );
        let n = us.len();
        assert!((900..=1100).contains(&n), "seed {seed}: {n} outcomes");
        sizes.push(n);
        // Nash point (disagreement at 0) by brute force, and the reservation values below it.
        let nash = us
            .iter()
            .fold((f64::NEG_INFINITY, (0.0, 0.0)), |best, &(a, b)| {
                if a * b > best.0 {
                    (a * b, (a, b))
                } else {
                    best
                }
            })
            .1;
        assert_eq!(nash, g.nash, "seed {seed}");
        assert!(
            r1 >= 0.0 && r1 < nash.0 && r2 >= 0.0 && r2 < nash.1,
            "seed {seed}"
        );
        assert!(
            us.iter()
                .all(|&(a, b)| (0.0..=1.0).contains(&a) && (0.0..=1.0).contains(&b))
        );
        let front = undominated(&us);
        match g.kind {
            Kind::ZeroSum => {
                zero_sum += 1;
                assert!(
                    us.iter().all(|&(a, b)| (a + b - 1.0).abs() < 1e-9),
                    "seed {seed}"
                );
            }
            Kind::Monotonic => {
                monotonic += 1;
                // Every outcome on the frontier: no outcome strictly dominates another.
                let mut distinct = us.clone();
                distinct.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
                distinct.dedup();
                assert_eq!(front, distinct.len(), "seed {seed}");
            }
            Kind::General => {
                general += 1;
                assert!(
                    front <= n / 4 + 1 && front >= 2,
                    "seed {seed}: {front} of {n} undominated"
                );
            }
        }
    }
    // Shares 5% / 25% / 70%: each within 4 binomial standard deviations over 400 draws.
    let within = |count: usize, p: f64| {
        let sd = (seeds as f64 * p * (1.0 - p)).sqrt();
        (count as f64 - seeds as f64 * p).abs() <= 4.0 * sd
    };
    assert!(within(zero_sum, 0.05), "{zero_sum} zero-sum");
    assert!(within(monotonic, 0.25), "{monotonic} monotonic");
    assert!(within(general, 0.70), "{general} general");
    // Sizes spread over the range, not stuck at one value.
    let (lo, hi) = (sizes.iter().min().unwrap(), sizes.iter().max().unwrap());
    assert!(*lo < 930 && *hi > 1070, "sizes from {lo} to {hi}");
}

#[test]
fn a_seed_gives_the_same_bytes_and_seeds_differ() {
    assert_eq!(generate::anl2024(7).text, generate::anl2024(7).text);
    assert_ne!(generate::anl2024(7).text, generate::anl2024(8).text);
}

#[test]
fn generated_scenarios_simulate_with_micro_to_rational_agreements() {
    // MiCRO against itself agrees unless a reservation value leaves a narrow window (de Jonge's
    // caveat): most of these do, and every agreement is worth both walk-aways.
    let mut agreed = 0;
    for seed in 0..10 {
        let g = generate::anl2024(seed);
        let s = accord_model::parse(&g.text).scenario.unwrap();
        let sim =
            accord_sim::SimulationBuilder::new(&s, accord_sim::protocol::parse("sao").unwrap())
                .rounds(1100)
                .assign("micro")
                .build()
                .unwrap();
        let n = sim.run(seed, false);
        if n.result.agreement.is_some() {
            agreed += 1;
            assert!(n.utilities[0] >= g.walk_away.0 && n.utilities[1] >= g.walk_away.1);
        }
    }
    assert!(agreed >= 6, "{agreed} of 10 agreed");
}

//! Monte Carlo against closed forms, convergence, determinism, and the compiled fast path
//! against the model's own evaluation.

use std::path::{Path, PathBuf};

use accord_model::whatif::{WhatIf, apply};
use accord_model::{OptionIx, PlanIx, Scenario, plan_terms};
use accord_uncertainty::compiled::{CompiledParty, realize};
use accord_uncertainty::inputs::{InputKind, Layout};
use accord_uncertainty::{Config, Robustness, run};
use rand::rngs::ChaCha8Rng;
use rand::{RngExt as _, SeedableRng as _};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn load(rel: &str) -> Scenario {
    let text = std::fs::read_to_string(root().join(rel)).expect("scenario");
    accord_model::parse(&text).scenario.expect("valid")
}

fn config(seed: u64, max_samples: u64) -> Config {
    Config {
        seed,
        max_samples,
        precision: 0.0,
        cancel: accord_model::Cancel::never(),
    }
}

fn run_plans(s: &Scenario, plans: &[&str], c: &Config) -> Robustness {
    let ixs: Vec<PlanIx> = plans
        .iter()
        .map(|p| s.find_plan(p).expect("plan"))
        .collect();
    run(s, &ixs, c, &|_, _| {})
}

/// The issue's "done when": East's acceptance of draft_b is within its standard error of
/// (0.48333… − 0.3) / (0.5 − 0.3) = 0.91666….
#[test]
fn east_accepts_draft_b_with_the_closed_form_probability() {
    let s = load("../shared/scenarios/toy-border.toml");
    let exact = (5.8 / 12.0 - 0.3) / 0.2;
    assert!((exact - 0.916_666_666_666_666_6_f64).abs() < 1e-12);
    let r = run_plans(
        &s,
        &["draft_b"],
        &Config {
            seed: 2025,
            max_samples: Config::DEFAULT_MAX_SAMPLES,
            precision: Config::DEFAULT_PRECISION,
            cancel: accord_model::Cancel::never(),
        },
    );
    assert!(r.converged);
    let east = &r.plans[0].parties[1];
    assert_eq!(east.party, "east");
    let (p, se) = (east.accept.estimate, east.accept.standard_error);
    assert!(se <= 0.002 && se > 0.0, "{se}");
    assert!((p - exact).abs() <= se, "{p} ± {se} vs {exact}");
    // Its utility does not vary: mean exact, percentiles within a histogram bin.
    assert!((east.utility.mean - 5.8 / 12.0).abs() < 1e-12);
    assert!((east.utility.p5 - 5.8 / 12.0).abs() < 1e-3);
    assert!((east.utility.p95 - 5.8 / 12.0).abs() < 1e-3);
    // West and the mediator accept in every draw; the agreement hinges on East alone.
    assert_eq!(r.plans[0].parties[0].accept.estimate, 1.0);
    assert_eq!(r.plans[0].agreement.estimate, p);
    // The walk-away is what moves East's verdict, against acceptance.
    assert_eq!(east.drivers[0].input, "parties.east.walk_away");
    // Point-biserial correlation with a step at the 92nd percentile of a uniform: about −0.48.
    assert!(east.drivers[0].rank_correlation < -0.4);
    // Rejections are on utility: the shortfall is below 0.5 − 0.48333.
    assert_eq!(east.rejection.red_line, 0.0);
    assert!(
        east.rejection.mean_shortfall > 0.0 && east.rejection.mean_shortfall < 0.5 - 5.8 / 12.0
    );
}

/// One uncertain weight: West's weight on the fund, uniform on [2, 4], with its walk-away set to
/// 0.42 by a what-if. West accepts draft_a when (3.6 + 0.35 w) / (8 + w) ≥ 0.42, that is
/// w ≤ 0.24 / 0.07, so with probability (0.24 / 0.07 − 2) / 2.
#[test]
fn one_uncertain_weight_gives_a_length_ratio() {
    let s = load("examples/toy-border.toml");
    let s = apply(&s, &[WhatIf::set("parties.west.walk_away=0.42").unwrap()]).unwrap();
    let exact = (0.24 / 0.07 - 2.0) / 2.0;
    let r = run_plans(&s, &["draft_a"], &config(11, 400_000));
    let west = &r.plans[0].parties[0];
    let (p, se) = (west.accept.estimate, west.accept.standard_error);
    assert!((p - exact).abs() <= 3.0 * se, "{p} ± {se} vs {exact}");
    assert_eq!(west.drivers[0].input, "parties.west.weights.fund");
    // A larger weight on the fund (scored 0.35 here, below the rest) lowers the utility.
    assert!(west.drivers[0].rank_correlation < -0.5);
}

/// The estimate converges: its error stays within a few standard errors, which shrink like
/// 1/sqrt(n).
#[test]
fn estimates_converge() {
    let s = load("examples/toy-border.toml");
    let exact = (5.8 / 12.0 - 0.3) / 0.2;
    let mut previous_se = f64::INFINITY;
    for n in [2_000u64, 32_000, 512_000] {
        let r = run_plans(&s, &["draft_b"], &config(5, n));
        assert_eq!(r.samples, n);
        let east = &r.plans[0].parties[1];
        let (p, se) = (east.accept.estimate, east.accept.standard_error);
        assert!((p - exact).abs() <= 4.0 * se, "n = {n}: {p} ± {se}");
        assert!(se < previous_se / 3.0, "n = {n}: {se} after {previous_se}");
        previous_se = se;
    }
}

#[test]
fn same_seed_same_bytes_at_any_thread_count() {
    let s = load("examples/toy-border.toml");
    let c = config(42, 100_000);
    let in_pool = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("pool");
        pool.install(|| serde_json::to_string(&run_plans(&s, &["draft_a", "draft_b"], &c)).unwrap())
    };
    let one = in_pool(1);
    assert_eq!(one, in_pool(2));
    assert_eq!(one, in_pool(5));
    let other_seed = serde_json::to_string(&run_plans(
        &s,
        &["draft_a", "draft_b"],
        &config(43, 100_000),
    ))
    .unwrap();
    assert_ne!(one, other_seed);
    // Common random numbers: a plan's figures do not depend on which other plans are run.
    let alone = run_plans(&s, &["draft_b"], &c);
    let both = run_plans(&s, &["draft_a", "draft_b"], &c);
    assert_eq!(alone.plans[0], both.plans[1]);
}

#[test]
fn stops_early_once_precise() {
    let s = load("examples/toy-border.toml");
    let r = run_plans(
        &s,
        &["draft_b"],
        &Config {
            seed: 1,
            max_samples: 10_000_000,
            precision: 0.01,
            cancel: accord_model::Cancel::never(),
        },
    );
    assert!(r.converged);
    assert!(r.samples < 100_000, "{}", r.samples);
    for party in &r.plans[0].parties {
        assert!(party.accept.standard_error <= 0.01);
    }
}

/// The shortfall split is each issue's loss against the party's best option, at midpoints.
#[test]
fn shortfall_split_by_issue() {
    let s = load("examples/toy-border.toml");
    let r = run_plans(&s, &["draft_b"], &config(3, 20_000));
    let east = &r.plans[0].parties[1];
    // border: 5/12 × (1.0 − 0.7); buffer: 3/12 × (1.0 − 0.3); fund: 4/12 × (1.0 − 0.5);
    // the line-of-contact-with-wide-buffer penalty: 0.05.
    let losses = [
        ("buffer", 3.0 / 12.0 * 0.7),
        ("fund", 4.0 / 12.0 * 0.5),
        ("border", 5.0 / 12.0 * 0.3),
        ("interactions", 0.05),
    ];
    let total: f64 = losses.iter().map(|(_, l)| l).sum();
    let got: Vec<(&str, f64, f64)> = east
        .rejection
        .by_issue
        .iter()
        .map(|i| (i.issue.as_str(), i.loss, i.share))
        .collect();
    assert_eq!(got.len(), 4);
    for ((issue, loss, share), (want_issue, want_loss)) in got.iter().zip(losses) {
        assert_eq!(*issue, want_issue);
        assert!((loss - want_loss).abs() < 1e-12);
        assert!((share - want_loss / total).abs() < 1e-12);
    }
    let sentence = accord_uncertainty::explain(&s, "East", "draft_b", east);
    assert!(
        sentence.starts_with("East accepts draft_b in 9"),
        "{sentence}"
    );
    assert!(
        sentence.contains(
            "the Demilitarized buffer zone terms account for the largest part of the shortfall"
        ),
        "{sentence}"
    );
    assert!(
        sentence.contains("hinges on East's walk-away (reservation value)"),
        "{sentence}"
    );
}

#[test]
fn partial_plans_and_red_lines() {
    let s = load("tests/data/valid/partial-plans.toml");
    let r = run_plans(&s, &["silent", "complete"], &config(9, 10_000));
    let silent = &r.plans[0];
    // P's verdict on the silent plan is undetermined whatever the draw (an open red line).
    assert_eq!(silent.parties[0].undetermined, 1.0);
    assert_eq!(silent.parties[0].accept.estimate, 0.0);
    // Q accepts always: its range [0.5, 0.8] is above any walk-away in [0.2, 0.4].
    assert_eq!(silent.parties[1].accept.estimate, 1.0);
    assert_eq!(silent.agreement.estimate, 0.0);
    assert_eq!(silent.agreement_undetermined, 1.0);
    let complete = &r.plans[1];
    assert_eq!(complete.parties[0].rejection.red_line, 1.0);
    assert_eq!(complete.agreement.estimate, 0.0);
    assert_eq!(complete.agreement_undetermined, 0.0);
    let sentence = accord_uncertainty::explain(&s, "P", "complete", &complete.parties[0]);
    assert!(
        sentence.contains("100% because a red line is crossed"),
        "{sentence}"
    );
}

/// The layout lists every interval once, in the order `realize` visits values.
#[test]
fn layout_lists_every_interval() {
    let s = load("examples/toy-border.toml");
    let layout = Layout::new(&s);
    let paths: Vec<String> = layout.inputs.iter().map(|i| i.path(&s)).collect();
    assert_eq!(
        paths,
        ["parties.west.weights.fund", "parties.east.walk_away"]
    );
    assert_eq!(layout.inputs[1].kind, InputKind::WalkAway);
    for p in s.party_ixs() {
        let mut visited = 0;
        accord_model::PointPreferences::realize(&s, p, |e| {
            visited += 1;
            e.lo()
        });
        assert_eq!(visited, layout.positions[p.index()].len());
    }
}

/// A scenario where everything is uncertain, with curves, to test the compiled path.
fn uncertain_everywhere() -> Scenario {
    let text = std::fs::read_to_string(root().join("examples/toy-border.toml"))
        .unwrap()
        .replace("border = 6", "border = [5, 7]")
        .replace("old_border = 1.0", "old_border = [0.8, 1.0]")
        .replace(
            "curve = [[0, 0.0], [50, 0.7], [100, 1.0]]",
            "curve = [[0, [0.0, 0.2]], [50, [0.5, 0.9]], [100, 1.0]]",
        )
        .replace(
            "curve = [[0, 1.0], [100, 0.0]]",
            "curve = [[10, [0.9, 1.0]], [90, [0.0, 0.1]]]",
        )
        .replace("walk_away = 0.35", "walk_away = [0.3, 0.4]");
    accord_model::parse(&text).scenario.expect("valid")
}

/// The compiled evaluation gives the same bits as realizing the preferences, on every outcome
/// and many random draws.
#[test]
fn compiled_equals_realized_bit_for_bit() {
    let s = uncertain_everywhere();
    let layout = Layout::new(&s);
    assert!(layout.inputs.len() >= 8);
    let mut rng = ChaCha8Rng::seed_from_u64(99);
    let counts: Vec<usize> = s.issues().iter().map(|i| i.option_count()).collect();
    let mut outcomes: Vec<Vec<OptionIx>> = vec![Vec::new()];
    for &n in &counts {
        outcomes = outcomes
            .into_iter()
            .flat_map(|o| {
                (0..n).map(move |k| {
                    let mut o = o.clone();
                    o.push(OptionIx::from_usize(k));
                    o
                })
            })
            .collect();
    }
    for outcome in &outcomes {
        let compiled: Vec<CompiledParty> = s
            .party_ixs()
            .map(|p| CompiledParty::new(&s, &layout, p, outcome))
            .collect();
        for _ in 0..50 {
            let values: Vec<f64> = layout
                .inputs
                .iter()
                .map(|i| i.value(rng.random()))
                .collect();
            for (p, c) in s.party_ixs().zip(&compiled) {
                let slow = realize(&s, &layout, p, &values);
                let fast = c.utility(&values).expect("finite");
                assert_eq!(
                    fast.to_bits(),
                    slow.utility(outcome).to_bits(),
                    "{outcome:?}"
                );
                assert_eq!(c.walk_away(&values), slow.walk_away());
                assert_eq!(c.accepts(fast, &values), slow.accepts(outcome));
            }
        }
    }
    // And the run itself uses the plans' settled terms.
    let terms = plan_terms(&s, s.find_plan("draft_a").unwrap());
    assert!(terms.iter().all(Option::is_some));
}

#[test]
fn a_cancelled_run_stops_after_its_round_and_analyze_says_so() {
    let s = load("examples/toy-border.toml");
    let plans: Vec<PlanIx> = s.plan_ixs().collect();
    let cancel = accord_model::Cancel::new();
    let config = Config {
        cancel: cancel.clone(),
        ..config(1, 10_000_000)
    };
    // Cancelled at the first round's end: one round of draws, not ten million.
    let r = run(&s, &plans, &config, &|_, _| cancel.cancel());
    let round = accord_uncertainty::montecarlo::BATCH * accord_uncertainty::montecarlo::ROUND;
    assert_eq!(r.samples, round);
    assert!(!r.converged);
    // `analyze` never returns a cancelled run's partial draws.
    let e = accord_uncertainty::analyze(&s, &[] as &[&str], &config, None, &|_, _| {});
    assert!(
        matches!(e, Err(accord_uncertainty::Error::Cancelled)),
        "{e:?}"
    );
}

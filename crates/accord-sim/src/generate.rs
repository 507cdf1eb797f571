//! Scenario generators for research tournaments: [`anl2024`] draws a scenario the way the
//! Automated Negotiating Agents League (ANL) 2024 drew its scenarios — the `mixed_scenarios`
//! generator of the league's `anl` package (`anl.anl2024.runner`) over NegMAS's
//! `generate_utility_values` (`negmas.preferences.generators`), with the league's default
//! settings (`DEFAULT2024SETTINGS`):
//!
//! - **Space.** One issue of `n` outcomes, `n` drawn log-uniformly in 900..=1100 and rounded;
//!   outcome `i` is the option `i_{n-1-i}` (the portions of a pie, as in the league). Two
//!   parties, `first` and `second`, each weighing the one issue alone.
//! - **Kind.** A uniform `r`: below 0.05 **zero-sum** (every outcome on the line
//!   `u₁ + u₂ = 1`); below 0.30 **monotonic** (every outcome on the Pareto frontier, so one
//!   party's utility falls as the other's rises); otherwise **general** (a frontier of
//!   `0.5%`–`25%` of the outcomes, the rest dominated). See the README for where this differs
//!   from the league.
//! - **Frontier.** Zero-sum: one linear segment from (0, 1) to (1, 0). Monotonic and general:
//!   with probability 0.25 a curve `u₂ = 1 − u₁^e` (`e` log-uniform in [0.1, 6], NegMAS's
//!   polynomial aspiration), else 2 to 5 linear segments between jittered end points, from
//!   (0, 1) to (1, 0) (NegMAS's `make_piecewise_linear_pareto`). Points along a segment are
//!   evenly spaced with a jitter of ±15% of the segment (NegMAS's `sample_between`).
//! - **Dominated outcomes** (general only): each copies a random frontier point and lowers one
//!   or both utilities, each by a uniform share of it (NegMAS's `make_non_pareto`).
//! - **Order.** The outcomes are shuffled, so an option's position says nothing.
//! - **Reservation values** (`walk_away`): uniform in `[0, nash_i − 0.001)` per party, where
//!   the Nash point maximizes `u₁·u₂` over every outcome (disagreement at 0, as NegMAS's
//!   `nash_points` with ranges (0, 1)), so both reservation values lie below the Nash point
//!   and it is rational for both (NegMAS's `sample_reserved_values`).
//!
//! Every draw comes from one ChaCha8 generator seeded with the seed, so a seed gives the same
//! file, byte for byte. Values are written with Rust's shortest round-trip formatting, so the
//! scenario read back has exactly the utilities drawn.

use std::fmt::Write as _;

use rand::rngs::ChaCha8Rng;
use rand::{RngExt as _, SeedableRng as _};

/// The smallest and largest number of outcomes of an ANL 2024 scenario.
pub const ANL2024_OUTCOMES: (usize, usize) = (900, 1100);

/// The share of zero-sum scenarios.
pub const ZERO_SUM_FRACTION: f64 = 0.05;

/// The share of monotonic scenarios (every outcome Pareto-optimal, not zero-sum).
pub const MONOTONIC_FRACTION: f64 = 0.25;

/// The share of monotonic and general frontiers drawn as a curve rather than linear pieces.
pub const CURVE_FRACTION: f64 = 0.25;

/// The frontier's size in a general scenario, as shares of the outcomes.
pub const GENERAL_PARETO: (f64, f64) = (0.005, 0.25);

/// The margin kept between a reservation value and the Nash point's utility.
pub const NASH_MARGIN: f64 = 1e-3;

/// The kind of an ANL 2024 scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Every outcome on `u₁ + u₂ = 1`.
    ZeroSum,
    /// Every outcome on the Pareto frontier.
    Monotonic,
    /// A frontier of some outcomes, the rest dominated.
    General,
}

impl Kind {
    /// Its name: `zero-sum`, `monotonic`, `general`.
    pub fn name(self) -> &'static str {
        match self {
            Kind::ZeroSum => "zero-sum",
            Kind::Monotonic => "monotonic",
            Kind::General => "general",
        }
    }
}

/// A generated scenario: its `accord/1` text and what was drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct Generated {
    /// The scenario, as an `accord/1` file.
    pub text: String,
    /// Its kind.
    pub kind: Kind,
    /// Each outcome's utilities `(first, second)`, in option order.
    pub utilities: Vec<(f64, f64)>,
    /// Outcomes drawn on the frontier (before shuffling; duplicates count).
    pub frontier: usize,
    /// The Nash point's utilities (disagreement at 0).
    pub nash: (f64, f64),
    /// The reservation values, `(first, second)`.
    pub walk_away: (f64, f64),
}

/// An ANL 2024 scenario drawn on `seed` (see the module docs).
pub fn anl2024(seed: u64) -> Generated {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let (lo, hi) = ANL2024_OUTCOMES;
    let n = log_uniform_int(&mut rng, lo, hi);
    let r: f64 = rng.random();
    let (kind, n_pareto) = if r < ZERO_SUM_FRACTION {
        (Kind::ZeroSum, n)
    } else if r < ZERO_SUM_FRACTION + MONOTONIC_FRACTION {
        (Kind::Monotonic, n)
    } else {
        let a = (GENERAL_PARETO.0 * n as f64 + 0.5) as usize;
        let b = (GENERAL_PARETO.1 * n as f64) as usize;
        (Kind::General, rng.random_range(a..=b).max(2))
    };
    let pareto = match kind {
        Kind::ZeroSum => piecewise_linear(&mut rng, n_pareto, 1),
        _ if rng.random::<f64>() < CURVE_FRACTION => curve(&mut rng, n_pareto),
        _ => {
            let segments = rng.random_range(2..=5);
            piecewise_linear(&mut rng, n_pareto, segments)
        }
    };
    let frontier = pareto.len();
    let mut utilities = pareto.clone();
    utilities.extend(dominated(&mut rng, &pareto, n - frontier));
    shuffle(&mut rng, &mut utilities);
    let nash = nash_point(&utilities);
    let mut reserve = |u: f64| (rng.random::<f64>() * (u.min(1.0) - NASH_MARGIN)).max(0.0);
    let walk_away = (reserve(nash.0), reserve(nash.1));
    let text = write(seed, kind, &utilities, walk_away);
    Generated {
        text,
        kind,
        utilities,
        frontier,
        nash,
        walk_away,
    }
}

/// The outcome maximizing `u₁·u₂` (the first of equals), as NegMAS's Nash point with both
/// disagreement utilities at 0.
pub fn nash_point(utilities: &[(f64, f64)]) -> (f64, f64) {
    let mut best = (f64::NEG_INFINITY, (0.0, 0.0));
    for &(a, b) in utilities {
        if a * b > best.0 {
            best = (a * b, (a, b));
        }
    }
    best.1
}

/// `round(exp(U(ln lo, ln hi)))`, within `lo..=hi`.
fn log_uniform_int(rng: &mut ChaCha8Rng, lo: usize, hi: usize) -> usize {
    let (a, b) = ((lo as f64).ln(), (hi as f64).ln());
    let x = (a + rng.random::<f64>() * (b - a)).exp().round() as usize;
    x.clamp(lo, hi)
}

/// NegMAS's `sample_between`: `n` points evenly spaced from `start` (to `end`, inclusive
/// when `endpoint`), the inner ones moved by up to ±15% of the range, those pushed out
/// brought back within its nearer half.
fn sample_between(
    rng: &mut ChaCha8Rng,
    start: f64,
    end: f64,
    n: usize,
    endpoint: bool,
) -> Vec<f64> {
    if n == 0 {
        return Vec::new();
    }
    if end - start < 1e-8 {
        return vec![start; n];
    }
    let step = (end - start) / if endpoint { (n - 1).max(1) } else { n } as f64;
    let mut xs: Vec<f64> = (0..n).map(|k| start + step * k as f64).collect();
    if endpoint && n > 1 {
        xs[n - 1] = end;
    }
    if n > 2 {
        for x in &mut xs[1..n - 1] {
            *x += 0.3 * (end - start) * (rng.random::<f64>() - 0.5);
            if *x < start {
                *x = start + rng.random::<f64>() * 0.5 * (end - start);
            } else if *x > end {
                *x = end - rng.random::<f64>() * 0.5 * (end - start);
            }
        }
    }
    xs
}

/// `n` frontier points on `segments` linear pieces from (0, 1) to (1, 0) (NegMAS's
/// `make_piecewise_linear_pareto` and `make_pareto`).
fn piecewise_linear(rng: &mut ChaCha8Rng, n: usize, segments: usize) -> Vec<(f64, f64)> {
    let mut xs = sample_between(rng, 0.0, 1.0, segments + 1, true);
    let mut ys = sample_between(rng, 0.0, 1.0, segments + 1, true);
    xs.sort_by(f64::total_cmp);
    ys.sort_by(|a, b| b.total_cmp(a));
    let ends: Vec<(f64, f64)> = xs.into_iter().zip(ys).collect();
    // n − 1 points over the segments at random, at least one each (the last end point is the
    // n-th).
    let mut per = vec![1usize; segments];
    for _ in segments..n.saturating_sub(1) {
        per[rng.random_range(0..segments)] += 1;
    }
    let mut points = Vec::with_capacity(n);
    for (i, &count) in per.iter().enumerate() {
        let ((x0, y0), (x1, y1)) = (ends[i], ends[i + 1]);
        let slope = if x1 > x0 { (y1 - y0) / (x1 - x0) } else { 0.0 };
        points.push((x0, y0));
        for x in sample_between(rng, x0, x1, count - 1, false) {
            points.push((x, (y0 + slope * (x - x0)).clamp(0.0, 1.0)));
        }
    }
    points.truncate(n.saturating_sub(1));
    points.push(ends[segments]);
    points
}

/// `n` frontier points on `u₂ = 1 − u₁^e`, `u₁` uniform (NegMAS's `make_curve_pareto`).
fn curve(rng: &mut ChaCha8Rng, n: usize) -> Vec<(f64, f64)> {
    let e = (0.1f64.ln() + rng.random::<f64>() * (6.0f64.ln() - 0.1f64.ln())).exp();
    let mut xs: Vec<f64> = (0..n).map(|_| 1.0 - rng.random::<f64>()).collect();
    xs.sort_by(|a, b| b.total_cmp(a));
    xs.into_iter().map(|x| (x, 1.0 - x.powf(e))).collect()
}

/// `count` outcomes below random frontier points: one or both utilities lowered, each by a
/// uniform share of itself (NegMAS's `make_non_pareto`, without its ε margin).
fn dominated(rng: &mut ChaCha8Rng, pareto: &[(f64, f64)], count: usize) -> Vec<(f64, f64)> {
    (0..count)
        .map(|_| {
            let (mut a, mut b) = pareto[rng.random_range(0..pareto.len())];
            match rng.random_range(0..3) {
                0 => a *= rng.random::<f64>(),
                1 => b *= rng.random::<f64>(),
                _ => {
                    a *= rng.random::<f64>();
                    b *= rng.random::<f64>();
                }
            }
            (a, b)
        })
        .collect()
}

/// Fisher–Yates.
fn shuffle<T>(rng: &mut ChaCha8Rng, xs: &mut [T]) {
    for i in (1..xs.len()).rev() {
        xs.swap(i, rng.random_range(0..=i));
    }
}

/// The `accord/1` text.
fn write(seed: u64, kind: Kind, utilities: &[(f64, f64)], walk_away: (f64, f64)) -> String {
    let n = utilities.len();
    let label = |i: usize| format!("{i}_{}", n - 1 - i);
    let mut t = String::new();
    let _ = write!(
        t,
        "# An ANL 2024 scenario ({}), drawn by `accord generate anl2024 --seed {seed}`.\n\
         format = \"accord/1\"\n\n\
         [scenario]\n\
         id = \"anl2024-{seed}\"\n\
         title = \"ANL 2024 scenario {seed} ({}, {n} outcomes)\"\n\n\
         [areas.pie]\n\
         title = \"The pie\"\n\n\
         [issues.portions]\n\
         area = \"pie\"\n\
         title = \"Portions of the pie (first_second)\"\n\
         options = [\n",
        kind.name(),
        kind.name(),
    );
    for i in 0..n {
        let _ = writeln!(t, "  {{ id = \"{}\" }},", label(i));
    }
    t.push_str("]\n");
    for (k, (id, name, reserve)) in [
        ("first", "First", walk_away.0),
        ("second", "Second", walk_away.1),
    ]
    .into_iter()
    .enumerate()
    {
        let _ = write!(
            t,
            "\n[parties.{id}]\nname = \"{name}\"\nwalk_away = {}\n[parties.{id}.weights]\nportions = 1\n[parties.{id}.scores.portions]\n",
            number(reserve)
        );
        for (i, u) in utilities.iter().enumerate() {
            let v = if k == 0 { u.0 } else { u.1 };
            let _ = writeln!(t, "\"{}\" = {}", label(i), number(v));
        }
    }
    t
}

/// A utility as TOML: shortest round-trip, always with a decimal point, in [0, 1].
fn number(x: f64) -> String {
    let x = x.clamp(0.0, 1.0);
    let s = format!("{x:?}");
    if s.contains('.') || s.contains('e') {
        s
    } else {
        format!("{s}.0")
    }
}

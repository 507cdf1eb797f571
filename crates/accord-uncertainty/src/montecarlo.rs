//! The Monte Carlo run: draw every uncertain input uniformly and independently, evaluate each
//! plan for each party, and accumulate acceptance, agreement, utilities and drivers.
//!
//! **Reproducibility.** Samples are cut into batches of [`BATCH`]; batch `b` draws from ChaCha8
//! seeded with the run's seed on stream `b`. Batches are merged in index order. So the same seed
//! gives the same bytes at any thread count, and a sample's draws do not depend on which plans
//! are evaluated (common random numbers: plans are compared on the same draws).
//!
//! **Agreement rules** (scenario.md, "Whose consent an agreement needs"; issue 12). With a
//! quorum, scoped consent or ratifiers, a party's verdict in a draw includes its ratifiers'
//! (each by its own red lines and walk-away in that draw), and the draw is an agreement when
//! the own acceptances satisfy [`accord_model::ConsentRule::is_agreement`] (for plans with open
//! issues, [`evaluate_terms`]'s agreement under the rule). A party's drivers then include its
//! ratifiers' uncertain inputs: a ratifier's walk-away interval can drive the verdict of the
//! party it ratifies for. Without a rule every figure is computed exactly as before.
//!
//! **Stopping.** After every round of [`ROUND`] batches the run stops when every acceptance and
//! agreement probability has a standard error at most `precision` (estimated conservatively,
//! as `sqrt(p(1-p)/(n+4))` with `p = (x+2)/(n+4)`, so that a probability seen as 0 or 1 does not
//! stop the run on its first round), or when `max_samples` is reached.

use accord_model::{
    Cancel, ConsentRule, OptionIx, PartyIx, PlanIx, PointPreferences, Scenario, Terms, Verdict,
    evaluate_terms_within, plan_terms,
};
use rand::rngs::ChaCha8Rng;
use rand::{RngExt as _, SeedableRng as _};
use rayon::prelude::*;

use crate::compiled::{CompiledParty, realize};
use crate::inputs::Layout;
use crate::report::*;

/// Samples per work item; each batch has its own random stream.
pub const BATCH: u64 = 1024;
/// Batches between two checks of the precision target.
pub const ROUND: u64 = 8;
/// Bins of the utility histograms from which percentiles are read.
const BINS: usize = 4096;

/// How a run is made.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// The seed: the same seed gives the same result.
    pub seed: u64,
    /// The most samples to draw.
    pub max_samples: u64,
    /// Stop once every probability's standard error is at most this.
    pub precision: f64,
    /// Stop after the current round of draws (8,192) once set: [`run`] then returns what the
    /// draws so far give, which [`crate::analyze`] turns into [`crate::Error::Cancelled`].
    pub cancel: Cancel,
}

impl Config {
    /// The default cap on samples.
    pub const DEFAULT_MAX_SAMPLES: u64 = 1_000_000;
    /// The default precision: standard errors of at most 0.002 (about 62,500 samples when a
    /// probability is near one half, fewer otherwise).
    pub const DEFAULT_PRECISION: f64 = 0.002;
}

/// How one plan is evaluated in a sample.
enum PlanEval {
    /// A complete outcome, compiled per party.
    Complete {
        outcome: Vec<OptionIx>,
        parties: Vec<CompiledParty>,
    },
    /// Open issues (and the options each listed one may take): preferences are realized and
    /// the plan evaluated in full.
    Partial(Terms, Vec<(accord_model::IssueIx, Vec<OptionIx>)>),
}

/// Running sums for one party and one plan.
#[derive(Clone)]
struct PartyAcc {
    accept: u64,
    undetermined: u64,
    red_line_reject: u64,
    utility_reject: u64,
    /// Draws where it accepts on its own but its ratifiers refuse (an agreement rule only).
    ratifiers_reject: u64,
    /// Draws where it accepts on its own (its verdict without ratifiers).
    own_accept: u64,
    shortfall: f64,
    sum_u: f64,
    sum_u2: f64,
    histogram: Vec<u32>,
    /// Per uncertain input of the party: the sum of its draws where the party accepts.
    driver_ax: Vec<f64>,
}

#[derive(Clone)]
struct PlanAcc {
    agreement: u64,
    undetermined: u64,
    parties: Vec<PartyAcc>,
}

#[derive(Clone)]
struct Acc {
    samples: u64,
    /// Per uncertain input: sums of its draws and their squares (the same for every plan).
    input_x: Vec<f64>,
    input_x2: Vec<f64>,
    plans: Vec<PlanAcc>,
}

/// Fixed facts about each party used while accumulating.
struct PartyInfo {
    /// The uncertain inputs that can move its verdict: its own, then (under an agreement rule)
    /// its ratifiers' — a ratifier's walk-away drives the verdict of the party it ratifies for.
    inputs: Vec<usize>,
    /// Whether its verdict includes ratifiers (an agreement rule gives it some).
    ratified: bool,
    low: f64,
    width: f64,
}

impl Acc {
    fn new(plans: usize, inputs: usize, info: &[PartyInfo]) -> Self {
        let party = |i: &PartyInfo| PartyAcc {
            accept: 0,
            undetermined: 0,
            red_line_reject: 0,
            utility_reject: 0,
            ratifiers_reject: 0,
            own_accept: 0,
            shortfall: 0.0,
            sum_u: 0.0,
            sum_u2: 0.0,
            histogram: vec![0; BINS],
            driver_ax: vec![0.0; i.inputs.len()],
        };
        Acc {
            samples: 0,
            input_x: vec![0.0; inputs],
            input_x2: vec![0.0; inputs],
            plans: (0..plans)
                .map(|_| PlanAcc {
                    agreement: 0,
                    undetermined: 0,
                    parties: info.iter().map(party).collect(),
                })
                .collect(),
        }
    }

    fn merge(&mut self, other: &Acc) {
        self.samples += other.samples;
        for j in 0..self.input_x.len() {
            self.input_x[j] += other.input_x[j];
            self.input_x2[j] += other.input_x2[j];
        }
        for (a, b) in self.plans.iter_mut().zip(&other.plans) {
            a.agreement += b.agreement;
            a.undetermined += b.undetermined;
            for (p, q) in a.parties.iter_mut().zip(&b.parties) {
                p.accept += q.accept;
                p.undetermined += q.undetermined;
                p.red_line_reject += q.red_line_reject;
                p.utility_reject += q.utility_reject;
                p.ratifiers_reject += q.ratifiers_reject;
                p.own_accept += q.own_accept;
                p.shortfall += q.shortfall;
                p.sum_u += q.sum_u;
                p.sum_u2 += q.sum_u2;
                for (h, g) in p.histogram.iter_mut().zip(&q.histogram) {
                    *h += g;
                }
                for (a, b) in p.driver_ax.iter_mut().zip(&q.driver_ax) {
                    *a += b;
                }
            }
        }
    }
}

/// The bounds that weights, scores and bonuses allow a party's utility.
fn utility_bounds(s: &Scenario, p: PartyIx) -> (f64, f64) {
    let party = s.party(p);
    let negative: f64 = party
        .interactions()
        .iter()
        .map(|i| i.bonus().min(0.0))
        .sum();
    let positive: f64 = party
        .interactions()
        .iter()
        .map(|i| i.bonus().max(0.0))
        .sum();
    let top = if party.weights().iter().any(|(_, w)| w.hi() > 0.0) {
        1.0
    } else {
        0.0
    };
    (negative, top + positive)
}

/// Runs the Monte Carlo for `plans`. `progress(done, max)` is called after every round.
pub fn run(
    s: &Scenario,
    plans: &[PlanIx],
    config: &Config,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Robustness {
    let layout = Layout::new(s);
    let evals: Vec<PlanEval> = plans
        .iter()
        .map(|&plan| {
            let terms = plan_terms(s, plan);
            if terms.iter().all(Option::is_some) {
                let outcome: Vec<OptionIx> = terms.iter().map(|t| t.expect("complete")).collect();
                let parties = s
                    .party_ixs()
                    .map(|p| CompiledParty::new(s, &layout, p, &outcome))
                    .collect();
                PlanEval::Complete { outcome, parties }
            } else {
                PlanEval::Partial(terms, accord_model::plan_within(s, plan).to_vec())
            }
        })
        .collect();
    let rule = Some(ConsentRule::of(s)).filter(|r| !r.is_unanimity());
    let info: Vec<PartyInfo> = s
        .party_ixs()
        .map(|p| {
            let (low, high) = utility_bounds(s, p);
            let ratifiers = rule.as_ref().map_or(&[][..], |r| r.ratifiers(p));
            let mut inputs: Vec<usize> = layout.of_party(p).collect();
            for &r in ratifiers {
                inputs.extend(layout.of_party(r));
            }
            PartyInfo {
                inputs,
                ratified: !ratifiers.is_empty(),
                low,
                width: if high > low { high - low } else { 1.0 },
            }
        })
        .collect();

    let max_samples = config.max_samples.max(1);
    let mut total = Acc::new(plans.len(), layout.inputs.len(), &info);
    let mut next_batch = 0u64;
    let mut converged = false;
    while total.samples < max_samples && !config.cancel.is_cancelled() {
        let remaining_batches = (max_samples - total.samples).div_ceil(BATCH);
        let round = remaining_batches.min(ROUND);
        let accs: Vec<Acc> = (next_batch..next_batch + round)
            .into_par_iter()
            .map(|b| {
                let start = b * BATCH;
                let len = BATCH.min(max_samples - start);
                run_batch(
                    s,
                    &layout,
                    &evals,
                    &info,
                    rule.as_ref(),
                    config.seed,
                    b,
                    len,
                )
            })
            .collect();
        for a in &accs {
            total.merge(a);
        }
        next_batch += round;
        progress(total.samples, max_samples);
        if precise_enough(&total, config.precision) {
            converged = true;
            break;
        }
    }
    summarize(
        s,
        &layout,
        plans,
        config,
        converged,
        (&evals, &info),
        &total,
    )
}

fn precise_enough(acc: &Acc, precision: f64) -> bool {
    let n = acc.samples as f64;
    let conservative = |x: u64| {
        let p = (x as f64 + 2.0) / (n + 4.0);
        (p * (1.0 - p) / (n + 4.0)).sqrt()
    };
    acc.plans.iter().all(|plan| {
        conservative(plan.agreement) <= precision
            && plan
                .parties
                .iter()
                .all(|p| conservative(p.accept) <= precision)
    })
}

/// The generator of batch `batch`: ChaCha8 seeded with the run's seed, on stream `batch`.
fn batch_rng(seed: u64, batch: u64) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(batch);
    rng
}

/// The values of every uncertain input in the first `n` samples of a run with this seed: the
/// same draws as [`run`] makes, for searches that evaluate many outcomes on one sample set.
pub fn sample_values(layout: &Layout, seed: u64, n: u64) -> Vec<Vec<f64>> {
    let mut out = Vec::with_capacity(n as usize);
    let mut batch = 0;
    while (out.len() as u64) < n {
        let mut rng = batch_rng(seed, batch);
        for _ in 0..BATCH.min(n - out.len() as u64) {
            out.push(
                layout
                    .inputs
                    .iter()
                    .map(|input| input.value(rng.random()))
                    .collect(),
            );
        }
        batch += 1;
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn run_batch(
    s: &Scenario,
    layout: &Layout,
    evals: &[PlanEval],
    info: &[PartyInfo],
    rule: Option<&ConsentRule>,
    seed: u64,
    batch: u64,
    len: u64,
) -> Acc {
    let mut rng = batch_rng(seed, batch);
    let n_inputs = layout.inputs.len();
    let mut draws = vec![0.0; n_inputs];
    let mut values = vec![0.0; n_inputs];
    let mut acc = Acc::new(evals.len(), n_inputs, info);
    let signatories: Vec<bool> = s.parties().iter().map(|p| p.signatory()).collect();
    // Under an agreement rule: each party's utility and own acceptance in this sample.
    let mut own: Vec<(f64, bool)> = vec![(0.0, false); s.parties().len()];
    for _ in 0..len {
        for j in 0..n_inputs {
            let u: f64 = rng.random();
            draws[j] = u;
            values[j] = layout.inputs[j].value(u);
            acc.input_x[j] += u;
            acc.input_x2[j] += u * u;
        }
        acc.samples += 1;
        for (eval, plan_acc) in evals.iter().zip(acc.plans.iter_mut()) {
            let mut all_accept = true;
            let mut any_reject = false;
            match eval {
                PlanEval::Complete { outcome, parties } if rule.is_some() => {
                    let rule = rule.expect("guarded");
                    for (k, c) in parties.iter().enumerate() {
                        let p = PartyIx::from_usize(k);
                        let u = c
                            .utility(&values)
                            .unwrap_or_else(|| realize(s, layout, p, &values).utility(outcome));
                        own[k] = (u, c.accepts(u, &values));
                    }
                    for (k, c) in parties.iter().enumerate() {
                        let p = PartyIx::from_usize(k);
                        let (u, alone) = own[k];
                        let with_ratifiers = rule.accepts(p, |q| own[q.index()].1);
                        record(
                            &mut plan_acc.parties[k],
                            &info[k],
                            &draws,
                            u,
                            (verdict_of(with_ratifiers), verdict_of(alone)),
                            c.crosses_red_line,
                            c.walk_away(&values),
                        );
                    }
                    if rule.is_agreement(outcome, |q| own[q.index()].1) {
                        all_accept = true;
                    } else {
                        all_accept = false;
                        any_reject = true;
                    }
                }
                PlanEval::Complete { outcome, parties } => {
                    for (k, c) in parties.iter().enumerate() {
                        let p = PartyIx::from_usize(k);
                        let u = c
                            .utility(&values)
                            .unwrap_or_else(|| realize(s, layout, p, &values).utility(outcome));
                        let accepts = c.accepts(u, &values);
                        let verdict = if accepts {
                            Verdict::Accept
                        } else {
                            Verdict::Reject
                        };
                        let wa = c.walk_away(&values);
                        record(
                            &mut plan_acc.parties[k],
                            &info[k],
                            &draws,
                            u,
                            (verdict, verdict),
                            c.crosses_red_line,
                            wa,
                        );
                        if signatories[k] && !accepts {
                            all_accept = false;
                            any_reject = true;
                        }
                    }
                }
                PlanEval::Partial(terms, within) => {
                    let prefs: Vec<PointPreferences<'_>> = s
                        .party_ixs()
                        .map(|p| realize(s, layout, p, &values))
                        .collect();
                    let e = evaluate_terms_within(s, &prefs, terms, within);
                    for (k, pe) in e.parties.iter().enumerate() {
                        let red = !pe.red_lines_crossed.is_empty();
                        record(
                            &mut plan_acc.parties[k],
                            &info[k],
                            &draws,
                            pe.utility(),
                            (pe.verdict, pe.own_verdict),
                            red,
                            pe.walk_away,
                        );
                        if rule.is_none() && signatories[k] {
                            match pe.verdict {
                                Verdict::Accept => {}
                                Verdict::Reject => {
                                    all_accept = false;
                                    any_reject = true;
                                }
                                Verdict::Undetermined => all_accept = false,
                            }
                        }
                    }
                    if rule.is_some() {
                        // evaluate_terms decides the agreement under the rule.
                        all_accept = e.agreement == Some(true);
                        any_reject = e.agreement == Some(false);
                    }
                }
            }
            if all_accept {
                plan_acc.agreement += 1;
            } else if !any_reject {
                plan_acc.undetermined += 1;
            }
        }
    }
    acc
}

fn verdict_of(accepts: bool) -> Verdict {
    if accepts {
        Verdict::Accept
    } else {
        Verdict::Reject
    }
}

/// Records one draw of one party: `(verdict, own_verdict)` are its verdict with its ratifiers
/// and on its own (the same without ratifiers).
fn record(
    acc: &mut PartyAcc,
    info: &PartyInfo,
    draws: &[f64],
    u: f64,
    (verdict, own): (Verdict, Verdict),
    red_line: bool,
    walk_away: f64,
) {
    let accepts = verdict == Verdict::Accept;
    if own == Verdict::Accept {
        acc.own_accept += 1;
    }
    match verdict {
        Verdict::Accept => acc.accept += 1,
        Verdict::Undetermined => acc.undetermined += 1,
        Verdict::Reject if own != Verdict::Reject => acc.ratifiers_reject += 1,
        Verdict::Reject if red_line => acc.red_line_reject += 1,
        Verdict::Reject => {
            acc.utility_reject += 1;
            acc.shortfall += (walk_away - u).max(0.0);
        }
    }
    acc.sum_u += u;
    acc.sum_u2 += u * u;
    let bin = (((u - info.low) / info.width) * BINS as f64).floor();
    let bin = if bin.is_nan() {
        0
    } else {
        (bin.max(0.0) as usize).min(BINS - 1)
    };
    acc.histogram[bin] += 1;
    if accepts {
        for (k, &j) in info.inputs.iter().enumerate() {
            acc.driver_ax[k] += draws[j];
        }
    }
}

/// Turns the sums into the report.
fn summarize(
    s: &Scenario,
    layout: &Layout,
    plans: &[PlanIx],
    config: &Config,
    converged: bool,
    (evals, info): (&[PlanEval], &[PartyInfo]),
    total: &Acc,
) -> Robustness {
    let n = total.samples as f64;
    let probability = |x: u64| {
        let p = x as f64 / n;
        Measured {
            estimate: p,
            standard_error: (p * (1.0 - p) / n).sqrt(),
        }
    };
    let plan_reports = plans
        .iter()
        .zip(evals)
        .zip(&total.plans)
        .map(|((&plan, eval), acc)| {
            let parties = s
                .party_ixs()
                .zip(&acc.parties)
                .zip(info)
                .map(|((p, pa), pi)| {
                    let mean = pa.sum_u / n;
                    let variance = (pa.sum_u2 / n - mean * mean).max(0.0);
                    let (low, high) = {
                        let (lo, hi) = utility_bounds(s, p);
                        (lo, if hi > lo { hi - lo } else { 1.0 })
                    };
                    let quantile = |q: f64| quantile(&pa.histogram, total.samples, q, low, high);
                    let accept_rate = pa.accept as f64 / n;
                    let mut drivers: Vec<Driver> = pi
                        .inputs
                        .iter()
                        .enumerate()
                        .map(|(k, &j)| {
                            let mx = total.input_x[j] / n;
                            let var_x = (total.input_x2[j] / n - mx * mx).max(0.0);
                            let cov = pa.driver_ax[k] / n - accept_rate * mx;
                            let var_a = accept_rate * (1.0 - accept_rate);
                            let rho = if var_a > 0.0 && var_x > 0.0 {
                                (cov / (var_a * var_x).sqrt()).clamp(-1.0, 1.0)
                            } else {
                                0.0
                            };
                            Driver {
                                input: layout.inputs[j].path(s),
                                rank_correlation: rho,
                            }
                        })
                        .collect();
                    drivers.sort_by(|a, b| {
                        b.rank_correlation
                            .abs()
                            .total_cmp(&a.rank_correlation.abs())
                            .then_with(|| a.input.cmp(&b.input))
                    });
                    let terms: Vec<Option<OptionIx>> = match eval {
                        PlanEval::Complete { outcome, .. } => {
                            outcome.iter().copied().map(Some).collect()
                        }
                        PlanEval::Partial(terms, _) => terms.clone(),
                    };
                    let rejections = pa.red_line_reject + pa.utility_reject + pa.ratifiers_reject;
                    PartyRobustness {
                        party: s.party(p).id().to_string(),
                        signatory: s.party(p).signatory(),
                        observer: s.party(p).is_observer(),
                        accept: probability(pa.accept),
                        undetermined: pa.undetermined as f64 / n,
                        utility: UtilityDistribution {
                            mean,
                            standard_error: (variance / n).sqrt(),
                            p5: quantile(0.05),
                            p95: quantile(0.95),
                        },
                        rejection: Rejection {
                            probability: rejections as f64 / n,
                            red_line: pa.red_line_reject as f64 / n,
                            mean_shortfall: if pa.utility_reject > 0 {
                                pa.shortfall / pa.utility_reject as f64
                            } else {
                                0.0
                            },
                            by_issue: loss_split(s, p, &terms),
                            ratifiers: pi.ratified.then(|| pa.ratifiers_reject as f64 / n),
                        },
                        drivers,
                        own_accept: pi.ratified.then(|| probability(pa.own_accept)),
                    }
                })
                .collect();
            PlanRobustness {
                plan: s.plan(plan).id().to_string(),
                agreement: probability(acc.agreement),
                agreement_undetermined: acc.undetermined as f64 / n,
                parties,
            }
        })
        .collect();
    Robustness {
        scenario: s.id().to_string(),
        seed: config.seed,
        samples: total.samples,
        precision: config.precision,
        converged,
        uncertain_inputs: layout.inputs.len(),
        plans: plan_reports,
    }
}

/// The `q`-quantile from a histogram over `[low, low + width]`, interpolated within its bin.
fn quantile(histogram: &[u32], n: u64, q: f64, low: f64, width: f64) -> f64 {
    let target = q * n as f64;
    let mut cumulative = 0.0;
    for (k, &count) in histogram.iter().enumerate() {
        let next = cumulative + count as f64;
        if count > 0 && next >= target {
            let fraction = ((target - cumulative) / count as f64).clamp(0.0, 1.0);
            return low + width * (k as f64 + fraction) / histogram.len() as f64;
        }
        cumulative = next;
    }
    low + width
}

/// Where the plan falls short for a party, by issue: each settled issue's loss against the
/// party's best option on it, `share × (best score − score of the term)`, and the penalties of
/// interactions that hold, at midpoints; as shares of the total loss.
fn loss_split(s: &Scenario, p: PartyIx, terms: &[Option<OptionIx>]) -> Vec<IssueShare> {
    let prefs = PointPreferences::midpoint(s, p);
    let mut losses: Vec<(String, Option<String>, f64)> = Vec::new();
    for (k, w) in prefs.weighted().iter().enumerate() {
        let Some(chosen) = terms[w.issue.index()] else {
            continue;
        };
        let issue = s.issue(w.issue);
        let best = issue
            .options()
            .map(|o| prefs.contribution(k, o))
            .fold(f64::NEG_INFINITY, f64::max);
        let loss = best - prefs.contribution(k, chosen);
        if loss > 0.0 {
            losses.push((
                issue.id().to_string(),
                Some(s.area(issue.area()).id().to_string()),
                loss,
            ));
        }
    }
    let penalty: f64 = prefs
        .interactions()
        .iter()
        .filter(|inter| {
            inter
                .when()
                .iter()
                .all(|(i, c)| terms[i.index()].is_some_and(|o| prefs.condition_holds(*i, c, o)))
        })
        .map(|inter| (-inter.bonus()).max(0.0))
        .sum();
    if penalty > 0.0 {
        losses.push(("interactions".into(), None, penalty));
    }
    let total: f64 = losses.iter().map(|(_, _, l)| l).sum();
    let mut out: Vec<IssueShare> = losses
        .into_iter()
        .map(|(issue, area, loss)| IssueShare {
            issue,
            area,
            loss,
            share: loss / total,
        })
        .collect();
    out.sort_by(|a, b| {
        b.loss
            .total_cmp(&a.loss)
            .then_with(|| a.issue.cmp(&b.issue))
    });
    out
}

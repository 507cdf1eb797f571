//! Robust solutions: the outcomes, and the smallest amendments of a draft, that maximize the
//! probability of agreement over the uncertainty — not only the agreement under midpoints.
//!
//! Every candidate is scored on the same fixed set of samples (the first `samples` draws of a
//! robustness run with the same seed), so candidates are compared on common random numbers.
//! Per signatory, per issue and option, the sample's `share × score` is tabulated once; a
//! candidate's utility in a sample is then a sum of table entries plus the bonuses of the
//! interactions that hold (which are exact).
//!
//! - **Amendments** of a plan: for each number of changed issues `k = 0, 1, ..., K`, the change
//!   set with the highest probability of agreement (ties: the first in issue order, then option
//!   order). Issues the plan leaves open must be settled, so each counts as a change. The search
//!   is exhaustive for each `k` while a `k` has at most [`MAX_CANDIDATES`] change sets.
//! - **Outcomes**: exhaustive when the space has at most [`MAX_EXHAUSTIVE`] outcomes; otherwise
//!   the best local optima of a coordinate ascent started from every plan (reported as such).
//!   Outcomes with the same probability are ranked by the signatories' total utility at
//!   midpoints, then in outcome order.
//!
//! **Agreement rules** (scenario.md, "Whose consent an agreement needs"): with a quorum, scoped
//! consent or ratifiers, a candidate agrees in a sample when the parties' own acceptances in
//! that sample satisfy the rule ([`accord_model::ConsentRule::is_agreement`]); the tables then
//! also hold the ratifiers. Without a rule, every signatory must accept, as before.
//!
//! The results hold the model's indices ([`IssueIx`], [`OptionIx`], [`PlanIx`]) of the scenario
//! searched; [`crate::report::RobustSolutionsJson`] writes them with the scenario's ids, as
//! `accord robustness --json` does.

use crate::compiled::realize;
use crate::inputs::Layout;
use crate::montecarlo::sample_values;
use crate::report::Measured;
use accord_model::{
    ConsentRule, IssueIx, OptionIx, PartyIx, PlanIx, PointPreferences, Scenario, TOLERANCE,
    plan_terms,
};

/// Change sets per size above which the amendment search stops growing.
pub const MAX_CANDIDATES: u64 = 200_000;
/// Outcome spaces up to this size are searched exhaustively.
pub const MAX_EXHAUSTIVE: u128 = 50_000;
/// Table entries (signatories × listed options × samples) above which the search is refused.
pub const MAX_TABLE: u128 = 30_000_000;

/// How the search is made.
#[derive(Clone, Debug, PartialEq)]
pub struct RobustConfig {
    /// The seed (the same draws as `accord robustness --seed`).
    pub seed: u64,
    /// The samples each candidate is scored on.
    pub samples: u64,
    /// The largest amendment searched.
    pub max_changes: usize,
}

/// One change of an amendment: an issue of the scenario moves from the plan's term to another
/// option of the same issue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Change {
    /// The issue changed.
    pub issue: IssueIx,
    /// The plan's term (an option of `issue`), or `None` when the plan leaves the issue open.
    pub from: Option<OptionIx>,
    /// The amended term (an option of `issue`, never `from`).
    pub to: OptionIx,
}

/// A set of changes and the probability of agreement it gives.
#[derive(Clone, Debug, PartialEq)]
pub struct Amendment {
    /// The changes, in issue order (empty: the plan as drafted).
    pub changes: Vec<Change>,
    /// The probability of agreement on the amended plan: every signatory accepts it (under an
    /// agreement rule: the acceptances satisfy the rule).
    pub agreement: Measured,
}

/// The most robust amendments of one plan.
#[derive(Clone, Debug, PartialEq)]
pub struct PlanAmendments {
    /// The plan amended.
    pub plan: PlanIx,
    /// The best amendment for each number of changes, from the fewest.
    pub by_size: Vec<Amendment>,
    /// Why the search stopped before `max_changes`, if it did.
    pub stopped: Option<String>,
}

/// An outcome and its probability of agreement.
#[derive(Clone, Debug, PartialEq)]
pub struct RobustOutcome {
    /// The outcome: one option per issue, in the scenario's issue order (index by
    /// [`IssueIx::index`]).
    pub outcome: Vec<OptionIx>,
    /// The probability of agreement on it: every signatory accepts it (under an agreement
    /// rule: the acceptances satisfy the rule).
    pub agreement: Measured,
}

/// Robust solutions of a scenario. Its JSON is [`crate::report::RobustSolutionsJson`].
#[derive(Clone, Debug, PartialEq)]
pub struct RobustSolutions {
    /// The samples each candidate was scored on.
    pub samples: u64,
    /// The seed.
    pub seed: u64,
    /// The outcomes with the highest probability of agreement, best first (at most 5).
    pub outcomes: Vec<RobustOutcome>,
    /// Whether `outcomes` come from an exhaustive search (else: local optima).
    pub outcomes_exhaustive: bool,
    /// Per plan asked.
    pub amendments: Vec<PlanAmendments>,
}

/// Why robust solutions cannot be searched: the tables they need pass [`MAX_TABLE`]. The
/// text says how many entries were needed.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{0}")]
pub struct TooLarge(pub String);

/// Sample tables of the parties whose acceptance decides an agreement: the signatories, then
/// (under an agreement rule) the ratifiers.
struct Tables<'s> {
    s: &'s Scenario,
    n: usize,
    /// The parties tabulated: the signatories in file order, then the ratifiers.
    signatories: Vec<PartyIx>,
    /// How many of `signatories` are signatories (the rest are ratifiers).
    signing: usize,
    /// The agreement rule, when it is not unanimity of the signatories.
    rule: Option<ConsentRule>,
    /// Per scenario party: its position in `signatories`.
    slot: Vec<Option<usize>>,
    /// `[signatory][issue]`: `share × score` for option `o` in sample `k` at `o * n + k`
    /// (`None`: the signatory does not weigh the issue).
    contrib: Vec<Vec<Option<Vec<f64>>>>,
    /// `[signatory][sample]`.
    walk_away: Vec<Vec<f64>>,
    midpoint: Vec<PointPreferences<'s>>,
}

impl<'s> Tables<'s> {
    fn new(s: &'s Scenario, config: &RobustConfig) -> Result<Self, TooLarge> {
        let mut signatories: Vec<PartyIx> =
            s.party_ixs().filter(|&p| s.party(p).signatory()).collect();
        let signing = signatories.len();
        let rule = Some(ConsentRule::of(s)).filter(|r| !r.is_unanimity());
        if rule.is_some() {
            signatories.extend(s.party_ixs().filter(|&p| s.party(p).ratifies().is_some()));
        }
        let mut slot = vec![None; s.parties().len()];
        for (q, p) in signatories.iter().enumerate() {
            slot[p.index()] = Some(q);
        }
        let listed: u128 = s.issues().iter().map(|i| i.option_count() as u128).sum();
        let size = signatories.len() as u128 * listed * config.samples as u128;
        if size > MAX_TABLE {
            return Err(TooLarge(format!(
                "robust search needs {size} table entries (signatories × options × samples); the limit is {MAX_TABLE}: use fewer samples"
            )));
        }
        let n = config.samples as usize;
        let layout = Layout::new(s);
        let samples = sample_values(&layout, config.seed, config.samples);
        let mut contrib: Vec<Vec<Option<Vec<f64>>>> = Vec::new();
        let mut walk_away = Vec::new();
        for &p in &signatories {
            let mut per_issue: Vec<Option<Vec<f64>>> = vec![None; s.issues().len()];
            let mut wa = Vec::with_capacity(n);
            for (k, values) in samples.iter().enumerate() {
                let prefs = realize(s, &layout, p, values);
                wa.push(prefs.walk_away());
                for (w, weighted) in prefs.weighted().iter().enumerate() {
                    let i = weighted.issue;
                    let count = s.issue(i).option_count();
                    let table = per_issue[i.index()].get_or_insert_with(|| vec![0.0; count * n]);
                    for o in 0..count {
                        table[o * n + k] = prefs.contribution(w, OptionIx::from_usize(o));
                    }
                }
            }
            contrib.push(per_issue);
            walk_away.push(wa);
        }
        let midpoint = signatories
            .iter()
            .map(|&p| PointPreferences::midpoint(s, p))
            .collect();
        Ok(Tables {
            s,
            n,
            signatories,
            signing,
            rule,
            slot,
            contrib,
            walk_away,
            midpoint,
        })
    }

    /// Whether signatory `q` can accept `outcome` at all (no red line) and its bonus there.
    fn fixed_part(&self, q: usize, outcome: &[OptionIx]) -> Option<f64> {
        let party = self.s.party(self.signatories[q]);
        if party
            .red_lines()
            .iter()
            .any(|(i, options)| options.binary_search(&outcome[i.index()]).is_ok())
        {
            return None;
        }
        let prefs = &self.midpoint[q];
        let mut bonus = 0.0;
        for inter in prefs.interactions() {
            if inter
                .when()
                .iter()
                .all(|(i, c)| prefs.condition_holds(*i, c, outcome[i.index()]))
            {
                bonus += inter.bonus();
            }
        }
        Some(bonus)
    }

    /// The number of samples in which `outcome` is agreed (every signatory accepts it, or the
    /// acceptances satisfy the agreement rule), utilities summed in issue order
    /// then adding bonuses, as the model does.
    fn agreements(&self, outcome: &[OptionIx]) -> u64 {
        if let Some(rule) = &self.rule {
            return self.agreements_under(rule, outcome);
        }
        let mut fixed = Vec::with_capacity(self.signatories.len());
        for q in 0..self.signatories.len() {
            match self.fixed_part(q, outcome) {
                Some(b) => fixed.push(b),
                None => return 0,
            }
        }
        let mut count = 0;
        'samples: for k in 0..self.n {
            for (q, bonus) in fixed.iter().enumerate() {
                let mut u = 0.0;
                for (i, table) in self.contrib[q].iter().enumerate() {
                    if let Some(t) = table {
                        u += t[outcome[i].index() * self.n + k];
                    }
                }
                u += bonus;
                if u < self.walk_away[q][k] - TOLERANCE {
                    continue 'samples;
                }
            }
            count += 1;
        }
        count
    }

    /// The number of samples in which the parties' own acceptances of `outcome` satisfy `rule`
    /// (each party's utility summed as in [`Tables::agreements`]; a red line: never accepts).
    fn agreements_under(&self, rule: &ConsentRule, outcome: &[OptionIx]) -> u64 {
        let fixed: Vec<Option<f64>> = (0..self.signatories.len())
            .map(|q| self.fixed_part(q, outcome))
            .collect();
        let own = |q: usize, k: usize| -> bool {
            let Some(bonus) = fixed[q] else {
                return false;
            };
            let mut u = 0.0;
            for (i, table) in self.contrib[q].iter().enumerate() {
                if let Some(t) = table {
                    u += t[outcome[i].index() * self.n + k];
                }
            }
            u += bonus;
            u >= self.walk_away[q][k] - TOLERANCE
        };
        (0..self.n)
            .filter(|&k| {
                rule.is_agreement(outcome, |p| {
                    // The rule reads only signatories and ratifiers, all tabulated.
                    self.slot[p.index()].is_some_and(|q| own(q, k))
                })
            })
            .count() as u64
    }

    fn measured(&self, count: u64) -> Measured {
        let p = count as f64 / self.n as f64;
        Measured {
            estimate: p,
            standard_error: (p * (1.0 - p) / self.n as f64).sqrt(),
        }
    }
}

/// Searches robust outcomes and the robust amendments of `plans`.
pub fn search(
    s: &Scenario,
    plans: &[PlanIx],
    config: &RobustConfig,
) -> Result<RobustSolutions, TooLarge> {
    search_from(s, plans, &[], config)
}

/// As [`search`], with more starting outcomes for the local search of large spaces (the
/// bargaining solutions at midpoints, say: good candidates that no plan may be near).
pub fn search_from(
    s: &Scenario,
    plans: &[PlanIx],
    starts: &[Vec<OptionIx>],
    config: &RobustConfig,
) -> Result<RobustSolutions, TooLarge> {
    let tables = Tables::new(s, config)?;
    let amendments = plans
        .iter()
        .map(|&plan| amend(&tables, plan, config.max_changes))
        .collect();
    let (outcomes, exhaustive) = best_outcomes(&tables, plans, starts);
    Ok(RobustSolutions {
        samples: config.samples,
        seed: config.seed,
        outcomes,
        outcomes_exhaustive: exhaustive,
        amendments,
    })
}

/// The draws an amendment's probability of agreement is estimated on by default (`accord
/// amend`, the web API, the Python package): those of `accord robustness --robust`'s search.
pub const AMENDMENT_DRAWS: accord_analysis::json::DrawsJson = accord_analysis::json::DrawsJson {
    samples: 2000,
    seed: 1,
};

/// Each amendment's probability of agreement ([`agreement_probabilities`] of its outcome on
/// `draws`), in the order of `amended.amendments`: what
/// [`accord_analysis::json::AmendmentsJson::with_probabilities`] takes.
///
/// # Errors
/// [`TooLarge`], as [`agreement_probabilities`].
pub fn amendment_probabilities(
    s: &Scenario,
    amended: &accord_analysis::amend::Amendments,
    draws: accord_analysis::json::DrawsJson,
) -> Result<Vec<accord_analysis::json::ProbabilityJson>, TooLarge> {
    let outcomes: Vec<Vec<OptionIx>> = amended
        .amendments
        .iter()
        .map(|a| a.outcome.clone())
        .collect();
    Ok(
        agreement_probabilities(s, &outcomes, draws.seed, draws.samples)?
            .iter()
            .map(|m| accord_analysis::json::ProbabilityJson {
                estimate: m.estimate,
                standard_error: m.standard_error,
            })
            .collect(),
    )
}

/// The probability of agreement on each of `outcomes` (complete: one option per issue, in issue
/// order): the share of draws in which every signatory accepts it (under an agreement rule: the
/// acceptances satisfy the rule), with its standard error `sqrt(p(1-p)/n)`. The draws are the
/// first `samples` of a robustness run with `seed` (those of `accord robustness --seed` and of
/// [`search`]), so an outcome's probability here equals its probability there.
///
/// # Errors
/// [`TooLarge`] when the tables (signatories × listed options × samples) pass [`MAX_TABLE`].
pub fn agreement_probabilities(
    s: &Scenario,
    outcomes: &[Vec<OptionIx>],
    seed: u64,
    samples: u64,
) -> Result<Vec<Measured>, TooLarge> {
    let t = Tables::new(
        s,
        &RobustConfig {
            seed,
            samples,
            max_changes: 0,
        },
    )?;
    Ok(outcomes
        .iter()
        .map(|o| t.measured(t.agreements(o)))
        .collect())
}

fn amend(t: &Tables<'_>, plan: PlanIx, max_changes: usize) -> PlanAmendments {
    let s = t.s;
    let terms = plan_terms(s, plan);
    let open: Vec<IssueIx> = s
        .issue_ixs()
        .filter(|i| terms[i.index()].is_none())
        .collect();
    let settled: Vec<IssueIx> = s
        .issue_ixs()
        .filter(|i| terms[i.index()].is_some())
        .collect();
    let base: Vec<OptionIx> = terms
        .iter()
        .map(|t| t.unwrap_or(OptionIx::from_usize(0)))
        .collect();
    let mut by_size = Vec::new();
    let mut stopped = None;
    for k in open.len()..=max_changes.max(open.len()) {
        let extra = k - open.len();
        // Count the change sets of this size before searching them.
        let count = count_change_sets(s, &settled, &open, extra);
        if count > MAX_CANDIDATES as u128 {
            stopped = Some(format!(
                "{count} change sets of {k} issues exceed the search limit of {MAX_CANDIDATES}"
            ));
            break;
        }
        let mut best: Option<(u64, Vec<OptionIx>)> = None;
        for_each_combination(settled.len(), extra, |chosen| {
            let mut issues: Vec<IssueIx> = open.clone();
            issues.extend(chosen.iter().map(|&c| settled[c]));
            issues.sort();
            // Every assignment of new options to the chosen issues (open: any option;
            // settled: any other option).
            let mut candidate = base.clone();
            assign(s, &terms, &issues, 0, &mut candidate, &mut |outcome| {
                let c = t.agreements(outcome);
                if best.as_ref().is_none_or(|(b, _)| c > *b) {
                    best = Some((c, outcome.to_vec()));
                }
            });
        });
        let Some((count, outcome)) = best else { break };
        let changes = s
            .issue_ixs()
            .filter(|i| terms[i.index()] != Some(outcome[i.index()]))
            .map(|i| Change {
                issue: i,
                from: terms[i.index()],
                to: outcome[i.index()],
            })
            .collect();
        by_size.push(Amendment {
            changes,
            agreement: t.measured(count),
        });
        if count as usize == t.n {
            break; // certain agreement: more changes cannot do better
        }
    }
    PlanAmendments {
        plan,
        by_size,
        stopped,
    }
}

fn count_change_sets(s: &Scenario, settled: &[IssueIx], open: &[IssueIx], extra: usize) -> u128 {
    let open_product: u128 = open
        .iter()
        .map(|&i| s.issue(i).option_count() as u128)
        .product();
    // Sum over subsets of size `extra` of the product of (options − 1): elementary symmetric
    // polynomial, by dynamic programming.
    let mut e = vec![0u128; extra + 1];
    e[0] = 1;
    for &i in settled {
        let alternatives = s.issue(i).option_count() as u128 - 1;
        for j in (1..=extra).rev() {
            e[j] = e[j].saturating_add(e[j - 1].saturating_mul(alternatives));
        }
    }
    open_product.saturating_mul(e[extra])
}

/// Calls `f` with every `k`-subset of `0..n`, in lexicographic order.
fn for_each_combination(n: usize, k: usize, mut f: impl FnMut(&[usize])) {
    if k > n {
        return;
    }
    let mut idx: Vec<usize> = (0..k).collect();
    loop {
        f(&idx);
        let Some(pos) = (0..k).rev().find(|&p| idx[p] != p + n - k) else {
            return;
        };
        idx[pos] += 1;
        for q in pos + 1..k {
            idx[q] = idx[q - 1] + 1;
        }
    }
}

/// Assigns new options to `issues[at..]` in every way, calling `f` on each complete candidate.
fn assign(
    s: &Scenario,
    terms: &[Option<OptionIx>],
    issues: &[IssueIx],
    at: usize,
    candidate: &mut Vec<OptionIx>,
    f: &mut impl FnMut(&[OptionIx]),
) {
    if at == issues.len() {
        f(candidate);
        return;
    }
    let i = issues[at];
    for o in s.issue(i).options() {
        if terms[i.index()] == Some(o) {
            continue;
        }
        candidate[i.index()] = o;
        assign(s, terms, issues, at + 1, candidate, f);
    }
    if let Some(original) = terms[i.index()] {
        candidate[i.index()] = original;
    }
}

fn best_outcomes(
    t: &Tables<'_>,
    plans: &[PlanIx],
    starts: &[Vec<OptionIx>],
) -> (Vec<RobustOutcome>, bool) {
    let s = t.s;
    let mut scored: Vec<(u64, Vec<OptionIx>)> = Vec::new();
    let exhaustive = s.outcome_count().is_some_and(|c| c <= MAX_EXHAUSTIVE);
    if exhaustive {
        let counts: Vec<usize> = s.issues().iter().map(|i| i.option_count()).collect();
        let mut digits = vec![0usize; counts.len()];
        'outcomes: loop {
            let outcome: Vec<OptionIx> = digits.iter().map(|&d| OptionIx::from_usize(d)).collect();
            scored.push((t.agreements(&outcome), outcome));
            // Next outcome in lexicographic order: the last issue moves fastest.
            let mut pos = counts.len();
            loop {
                if pos == 0 {
                    break 'outcomes;
                }
                pos -= 1;
                digits[pos] += 1;
                if digits[pos] < counts[pos] {
                    break;
                }
                digits[pos] = 0;
            }
        }
    } else {
        // Coordinate ascent from every plan (open issues start at their first option) and from
        // every given start.
        let from_plans = plans.iter().map(|&plan| {
            plan_terms(s, plan)
                .iter()
                .map(|t| t.unwrap_or(OptionIx::from_usize(0)))
                .collect::<Vec<OptionIx>>()
        });
        for start in from_plans.chain(starts.iter().cloned()) {
            let mut current = start;
            let mut score = t.agreements(&current);
            loop {
                let mut best: Option<(u64, IssueIx, OptionIx)> = None;
                for i in s.issue_ixs() {
                    let original = current[i.index()];
                    for o in s.issue(i).options() {
                        if o == original {
                            continue;
                        }
                        current[i.index()] = o;
                        let c = t.agreements(&current);
                        if c > score && best.is_none_or(|(b, _, _)| c > b) {
                            best = Some((c, i, o));
                        }
                    }
                    current[i.index()] = original;
                }
                match best {
                    Some((c, i, o)) => {
                        current[i.index()] = o;
                        score = c;
                    }
                    None => break,
                }
            }
            scored.push((score, current));
        }
    }
    // Highest probability first; ties by the signatories' total utility at midpoints (higher
    // first), then in outcome order (lexicographic, issues in file order).
    let welfare =
        |o: &[OptionIx]| -> f64 { t.midpoint[..t.signing].iter().map(|p| p.utility(o)).sum() };
    let mut scored: Vec<(u64, f64, Vec<OptionIx>)> = scored
        .into_iter()
        .map(|(c, o)| (c, welfare(&o), o))
        .collect();
    scored.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then_with(|| b.1.total_cmp(&a.1))
            .then_with(|| a.2.cmp(&b.2))
    });
    scored.dedup_by(|a, b| a.2 == b.2);
    let outcomes = scored
        .into_iter()
        .take(5)
        .map(|(c, _, o)| RobustOutcome {
            outcome: o,
            agreement: t.measured(c),
        })
        .collect();
    (outcomes, exhaustive)
}

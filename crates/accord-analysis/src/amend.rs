//! Smallest amendments: the minimal sets of issue changes that turn a draft into an agreement,
//! ranked by how little they cost the drafters.
//!
//! A draft admits, per issue, its term — or, for an issue it leaves open, the options the open
//! issue may still take (a listed set of options, or every option; [`crate::draft_options`]).
//! *Changing* an issue picks an option the draft does not admit; *settling* an open issue picks
//! one it admits, and is not a change. A set `S` of issues *works* when changing every issue of
//! `S` and settling the open issues outside it can give an agreement; it is *minimal* when no
//! proper subset works. Sets are tried by size, `0..=max_changes` (the empty set: settling the
//! open issues alone), in issue order, and a set containing a working set is skipped — so every
//! set reported is minimal, and every minimal set of that size is reported. For a complete
//! draft the empty set never works (the draft would already be an agreement). An issue left
//! simply open admits every option, so it is settled, never changed.
//!
//! For each set, the assignment shown (the new options and the settlements) is the cheapest for
//! the drafters: the smallest sum of their utility losses from the draft (a gain counts as a
//! negative cost; with no drafter, the signatories'), ties in outcome order. A partial draft's
//! utility is the midpoint of its range over the completions, as `evaluate` reports it. Options
//! a signatory has as a red line are never tried (no agreement holds them). The work is bounded
//! by [`AMEND_LIMIT`] candidate outcomes.
//!
//! Under an agreement rule (a quorum, scoped consent, ratifiers), an agreement is one under the
//! rule ([`accord_model::ConsentRule::is_agreement`]), and every option may be tried (a
//! signatory's red line no longer rules an option out when the rule can do without it).

use accord_model::{Cancel, IssueIx, OptionIx, PartyIx, PlanIx, Scenario, TOLERANCE};

use crate::{AnalysisError, Tables, draft_options};

/// Most candidate outcomes tried.
pub const AMEND_LIMIT: u64 = 50_000_000;

/// One minimal amendment.
#[derive(Clone, Debug, PartialEq)]
pub struct Amendment {
    /// The issues changed and their new options (options the draft does not admit), in issue
    /// order.
    pub changes: Vec<(IssueIx, OptionIx)>,
    /// The open issues of the draft this amendment settles, and the option each takes (one the
    /// draft admits), in issue order. Settling is not a change. Empty for a complete draft.
    pub settled: Vec<(IssueIx, OptionIx)>,
    /// The amended outcome.
    pub outcome: Vec<OptionIx>,
    /// The drafters' total utility loss from the draft (negative: a gain).
    pub cost: f64,
    /// The signatories' utilities, in file order.
    pub utilities: Vec<f64>,
}

/// The answer for a draft.
#[derive(Clone, Debug)]
pub struct Amendments {
    /// Whether the draft already is an agreement (then there is nothing to amend): for a
    /// partial draft, whether every completion is one.
    pub already_agreement: bool,
    /// The issues the draft leaves open, in issue order (empty for a complete draft).
    pub open_issues: Vec<IssueIx>,
    /// The parties whose cost ranks amendments.
    pub drafters: Vec<PartyIx>,
    /// The signatories.
    pub signatories: Vec<PartyIx>,
    /// Minimal amendments of up to `max_changes` issues, cheapest first (then fewer changes,
    /// then outcome order).
    pub amendments: Vec<Amendment>,
}

/// The minimal amendments of a plan (complete or partial) with at most `max_changes` changed
/// issues; the open issues of a partial draft are settled along the way.
///
/// # Errors
/// [`AnalysisError::TooManyAmendmentCandidates`] when more than [`AMEND_LIMIT`] candidates
/// would be tried.
pub fn amendments(
    scenario: &Scenario,
    plan: PlanIx,
    max_changes: usize,
) -> Result<Amendments, AnalysisError> {
    amendments_cancellable(scenario, plan, max_changes, &Cancel::never())
}

/// [`amendments`], stopped early once `cancel` is set: no further set of changed issues is
/// searched, and the answer is [`AnalysisError::Cancelled`], never a partial list.
///
/// # Errors
/// As [`amendments`], and [`AnalysisError::Cancelled`] when `cancel` was set before or during
/// the search.
pub fn amendments_cancellable(
    scenario: &Scenario,
    plan: PlanIx,
    max_changes: usize,
    cancel: &Cancel,
) -> Result<Amendments, AnalysisError> {
    cancel.guard(
        || AnalysisError::Cancelled,
        || amendments_uncancelled(scenario, plan, max_changes, cancel),
    )
}

fn amendments_uncancelled(
    scenario: &Scenario,
    plan: PlanIx,
    max_changes: usize,
    cancel: &Cancel,
) -> Result<Amendments, AnalysisError> {
    let admitted = draft_options(scenario, plan);
    let terms = accord_model::plan_terms(scenario, plan);
    let open: Vec<usize> = (0..terms.len()).filter(|&i| terms[i].is_none()).collect();
    let tables = Tables::new(scenario);
    let signatories = tables.signatories();
    let mut drafters: Vec<usize> = scenario
        .plan(plan)
        .drafted_by()
        .iter()
        .filter(|&&p| !scenario.party(p).is_observer())
        .map(|p| p.index())
        .collect();
    // Observers have no utility: a draft written only by them is costed for the signatories.
    if drafters.is_empty() {
        drafters = signatories.clone();
    }
    let rule = accord_model::ConsentRule::of(scenario);
    let ruled = !rule.is_unanimity();
    // Whether an outcome is an agreement; `scratch` holds it as option indices for the rule.
    let is_agreement = |o: &[usize], scratch: &mut Vec<OptionIx>| {
        if ruled {
            scratch.clear();
            scratch.extend(o.iter().map(|&x| OptionIx::from_usize(x)));
            rule.is_agreement(scratch, |p| tables.parties[p.index()].accepts(o))
        } else {
            signatories.iter().all(|&p| tables.parties[p].accepts(o))
        }
    };
    // The drafters' total utility loss from the draft.
    let cost_of = |base: &[f64], o: &[usize]| -> f64 {
        drafters
            .iter()
            .zip(base)
            .map(|(&p, b)| b - tables.parties[p].utility(o))
            .sum()
    };
    // The draft's utility for each drafter, and whether it is already an agreement.
    let (base, already_agreement): (Vec<f64>, bool) = if open.is_empty() {
        let draft: Vec<usize> = admitted.iter().map(|a| a[0]).collect();
        (
            drafters
                .iter()
                .map(|&p| tables.parties[p].utility(&draft))
                .collect(),
            is_agreement(&draft, &mut Vec::new()),
        )
    } else {
        // Every completion an agreement: `evaluate`'s verdict (exact, without enumerating).
        let e = accord_model::evaluate_plan(scenario, plan);
        let base = drafters.iter().map(|&p| e.parties[p].utility()).collect();
        (base, e.agreement == Some(true))
    };
    let result = |amendments| Amendments {
        already_agreement,
        open_issues: open.iter().map(|&i| IssueIx::from_usize(i)).collect(),
        drafters: drafters.iter().map(|&p| PartyIx::from_usize(p)).collect(),
        signatories: signatories
            .iter()
            .map(|&p| PartyIx::from_usize(p))
            .collect(),
        amendments,
    };
    if already_agreement {
        return Ok(result(Vec::new()));
    }
    // The vetoers: signatories every agreement needs (unscoped consent, and required or under
    // a quorum of all). No agreement holds an option one of them has as a red line, or gives
    // one of them less than its walk-away value: the search prunes on both (exactly: a pruned
    // candidate is never an agreement).
    let vetoers: Vec<usize> = if ruled {
        let all = rule.quorum() == rule.signatories().len();
        rule.signatories()
            .iter()
            .copied()
            .filter(|&p| rule.scope(p).is_none() && (all || rule.is_required(p)))
            .map(|p| p.index())
            .collect()
    } else {
        signatories.clone()
    };
    let allowed: Vec<Vec<usize>> = if ruled {
        tables
            .all_options()
            .into_iter()
            .enumerate()
            .map(|(i, options)| {
                options
                    .into_iter()
                    .filter(|&o| !vetoers.iter().any(|&p| tables.parties[p].red_line[i][o]))
                    .collect()
            })
            .collect()
    } else {
        tables.allowed_options()
    };
    // Per issue, the options a change may pick (allowed, not admitted by the draft) and the
    // ones an unchanged issue may take (allowed and admitted: its term, or an open issue's
    // settlements).
    let (choices, kept): (Vec<Vec<usize>>, Vec<Vec<usize>>) = allowed
        .iter()
        .zip(&admitted)
        .map(|(a, d)| a.iter().copied().partition(|o| !d.contains(o)))
        .unzip();
    let m = admitted.len();
    let mut working: Vec<Vec<usize>> = Vec::new();
    let mut found: Vec<Amendment> = Vec::new();
    // The empty set can only work when settling open issues is a choice.
    let smallest = if open.is_empty() { 1 } else { 0 };
    for k in smallest..=max_changes.min(m) {
        let subsets: Vec<Vec<usize>> = combinations(m, k)
            .into_iter()
            .filter(|s| !working.iter().any(|w| w.iter().all(|i| s.contains(i))))
            .collect();
        // Per subset, the options each issue ranges over: changes in it, the kept ones outside.
        let ranges = |s: &[usize]| -> Vec<&[usize]> {
            (0..m)
                .map(|i| {
                    if s.contains(&i) {
                        choices[i].as_slice()
                    } else {
                        kept[i].as_slice()
                    }
                })
                .collect()
        };
        let candidates: u64 = subsets
            .iter()
            .map(|s| {
                ranges(s)
                    .iter()
                    .fold(1u64, |acc, r| acc.saturating_mul(r.len() as u64))
            })
            .fold(0u64, u64::saturating_add);
        if candidates > AMEND_LIMIT {
            return Err(AnalysisError::TooManyAmendmentCandidates {
                candidates,
                changes: k,
            });
        }
        // Each subset's cheapest agreement, searched in parallel, kept in subset order.
        use rayon::prelude::*;
        let best: Vec<Option<(f64, Vec<usize>)>> = subsets
            .par_iter()
            .map(|s| {
                let ranges = ranges(s);
                if ranges.iter().any(|r| r.is_empty()) || cancel.is_cancelled() {
                    return None;
                }
                let search = Search::new(&tables, &vetoers, &ranges);
                let mut best: Option<(f64, Vec<usize>)> = None;
                let mut scratch = Vec::with_capacity(m);
                search.visit(&mut |outcome: &[usize]| {
                    if is_agreement(outcome, &mut scratch) {
                        let cost = cost_of(&base, outcome);
                        // Outcomes come in outcome order, so a strict `<` keeps the first.
                        if best.as_ref().is_none_or(|(c, _)| cost < c - TOLERANCE) {
                            best = Some((cost, outcome.to_vec()));
                        }
                    }
                });
                best
            })
            .collect();
        for (s, best) in subsets.into_iter().zip(best) {
            if let Some((cost, o)) = best {
                found.push(Amendment {
                    changes: s
                        .iter()
                        .map(|&i| (IssueIx::from_usize(i), OptionIx::from_usize(o[i])))
                        .collect(),
                    settled: open
                        .iter()
                        .filter(|i| !s.contains(i))
                        .map(|&i| (IssueIx::from_usize(i), OptionIx::from_usize(o[i])))
                        .collect(),
                    outcome: o.iter().map(|&x| OptionIx::from_usize(x)).collect(),
                    cost,
                    utilities: signatories
                        .iter()
                        .map(|&p| tables.parties[p].utility(&o))
                        .collect(),
                });
                working.push(s);
            }
        }
    }
    // Cheapest first; then fewer changes; then outcome order. Costs are compared exactly and
    // only runs within the tolerance re-sorted, so the order is total.
    found.sort_by(|a, b| a.cost.total_cmp(&b.cost));
    let mut start = 0;
    while start < found.len() {
        let mut end = start + 1;
        while end < found.len() && (found[end].cost - found[end - 1].cost).abs() <= TOLERANCE {
            end += 1;
        }
        found[start..end].sort_by(|a, b| {
            a.changes
                .len()
                .cmp(&b.changes.len())
                .then_with(|| a.outcome.cmp(&b.outcome))
        });
        start = end;
    }
    Ok(result(found))
}

/// The outcomes of one change set, in outcome order (the first varying issue slowest), with
/// every branch cut where a vetoer's utility cannot reach its walk-away value: its fixed part,
/// what the assigned issues give, the most the remaining ones can give and every positive
/// interaction bonus together fall short (by more than the tolerance and a rounding margin).
struct Search<'a> {
    tables: &'a Tables,
    vetoers: &'a [usize],
    ranges: &'a [&'a [usize]],
    /// The issues with more than one option, in issue order.
    varying: Vec<usize>,
    /// Per vetoer: the contributions of the issues that do not vary, plus every positive bonus.
    fixed: Vec<f64>,
    /// `rest[v][k]`: the most vetoer `v` can get from `varying[k..]`.
    rest: Vec<Vec<f64>>,
}

/// Slack on the pruning bound for rounding (the bound sums in another order than
/// [`crate::tables::PartyTable::utility`]).
const ROUNDING: f64 = 1e-9;

impl<'a> Search<'a> {
    fn new(tables: &'a Tables, vetoers: &'a [usize], ranges: &'a [&'a [usize]]) -> Self {
        let varying: Vec<usize> = (0..ranges.len()).filter(|&i| ranges[i].len() > 1).collect();
        let fixed = vetoers
            .iter()
            .map(|&p| {
                let t = &tables.parties[p];
                let sum: f64 = (0..ranges.len())
                    .filter(|&i| ranges[i].len() == 1)
                    .map(|i| t.contributions[i][ranges[i][0]])
                    .sum();
                sum + t.max_bonus()
            })
            .collect();
        let rest = vetoers
            .iter()
            .map(|&p| {
                let t = &tables.parties[p];
                let mut rest = vec![0.0; varying.len() + 1];
                for k in (0..varying.len()).rev() {
                    let i = varying[k];
                    let best = ranges[i]
                        .iter()
                        .map(|&o| t.contributions[i][o])
                        .fold(f64::NEG_INFINITY, f64::max);
                    rest[k] = rest[k + 1] + best;
                }
                rest
            })
            .collect();
        Search {
            tables,
            vetoers,
            ranges,
            varying,
            fixed,
            rest,
        }
    }

    /// Calls `visit` on every outcome not cut, in outcome order.
    fn visit(&self, visit: &mut dyn FnMut(&[usize])) {
        let mut outcome: Vec<usize> = self.ranges.iter().map(|r| r[0]).collect();
        let mut partial = vec![0.0; self.vetoers.len() * (self.varying.len() + 1)];
        self.walk(0, &mut outcome, &mut partial, visit);
    }

    fn walk(
        &self,
        k: usize,
        outcome: &mut [usize],
        partial: &mut [f64],
        visit: &mut dyn FnMut(&[usize]),
    ) {
        if k == self.varying.len() {
            visit(outcome);
            return;
        }
        let n = self.vetoers.len();
        let i = self.varying[k];
        'options: for &o in self.ranges[i] {
            for (v, &p) in self.vetoers.iter().enumerate() {
                let t = &self.tables.parties[p];
                let got = partial[k * n + v] + t.contributions[i][o];
                if self.fixed[v] + got + self.rest[v][k + 1] < t.walk_away - TOLERANCE - ROUNDING {
                    continue 'options;
                }
                partial[(k + 1) * n + v] = got;
            }
            outcome[i] = o;
            self.walk(k + 1, outcome, partial, visit);
        }
    }
}

/// All `k`-subsets of `0..m`, each ascending, in lexicographic order.
fn combinations(m: usize, k: usize) -> Vec<Vec<usize>> {
    let mut out = Vec::new();
    let mut s: Vec<usize> = (0..k).collect();
    if k > m {
        return out;
    }
    loop {
        out.push(s.clone());
        let mut i = k;
        loop {
            if i == 0 {
                return out;
            }
            i -= 1;
            if s[i] < m - k + i {
                s[i] += 1;
                for j in i + 1..k {
                    s[j] = s[j - 1] + 1;
                }
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::common::{all_outcomes, parse, partial_draft, spec, to_toml};
    use proptest::prelude::*;

    #[test]
    fn combinations_in_order() {
        assert_eq!(
            combinations(4, 2),
            vec![
                vec![0, 1],
                vec![0, 2],
                vec![0, 3],
                vec![1, 2],
                vec![1, 3],
                vec![2, 3]
            ]
        );
        assert_eq!(combinations(2, 3), Vec::<Vec<usize>>::new());
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 150, ..ProptestConfig::default() })]

        /// Exactly the minimal working sets (by brute force over every outcome), each with an
        /// agreement that changes exactly those issues.
        #[test]
        fn amendments_are_exactly_the_minimal_sets(spec in spec(4, 3, 3, true), plan in prop::collection::vec(0usize..3, 4), k in 1usize..4) {
            let mut text = to_toml(&spec);
            text += "[plans.draft]\ntitle = \"Draft\"\n[plans.draft.terms]\n";
            for (i, &(n, numeric)) in spec.issues.iter().enumerate() {
                let o = plan[i] % n;
                if numeric { text += &format!("i{i} = {}\n", o * 10); } else { text += &format!("i{i} = \"o{o}\"\n"); }
            }
            let s = parse(&text);
            let a = amendments(&s, PlanIx::from_usize(0), k).unwrap();
            let draft: Vec<OptionIx> = accord_model::plan_terms(&s, PlanIx::from_usize(0)).into_iter().map(|t| t.unwrap()).collect();
            let prefs: Vec<_> = s.party_ixs().map(|p| accord_model::PointPreferences::midpoint(&s, p)).collect();
            let agreement = |o: &[OptionIx]| s.party_ixs().filter(|&p| s.party(p).signatory()).all(|p| prefs[p.index()].accepts(o));
            let changed = |o: &[OptionIx]| -> Vec<usize> { (0..o.len()).filter(|&i| o[i] != draft[i]).collect() };
            let mut works: Vec<Vec<usize>> = all_outcomes(&s).into_iter().filter(|o| agreement(o)).map(|o| changed(&o)).collect();
            works.sort();
            works.dedup();
            prop_assert_eq!(a.already_agreement, works.iter().any(|w| w.is_empty()));
            let minimal: Vec<Vec<usize>> = if a.already_agreement { Vec::new() } else {
                works.iter().filter(|w| w.len() <= k && !works.iter().any(|v| v != *w && v.iter().all(|i| w.contains(i)))).cloned().collect()
            };
            let mut got: Vec<Vec<usize>> = a.amendments.iter().map(|x| x.changes.iter().map(|(i, _)| i.index()).collect()).collect();
            got.sort();
            prop_assert_eq!(got, minimal);
            for x in &a.amendments {
                prop_assert!(agreement(&x.outcome));
                prop_assert_eq!(changed(&x.outcome), x.changes.iter().map(|(i, _)| i.index()).collect::<Vec<_>>());
            }
            for w in a.amendments.windows(2) {
                prop_assert!(w[0].cost <= w[1].cost + 1e-9);
            }
        }

        /// Partial drafts (issues left out, or open over a listed pair): exactly the minimal
        /// sets of changes, where a change takes an option the draft does not admit and an open
        /// issue settled within its options is no change (brute force over every outcome); each
        /// amendment an agreement settling the other open issues, the cheapest for the drafters
        /// among the agreements with the same changes.
        #[test]
        fn partial_drafts_amend_by_their_changes_only(
            spec in spec(4, 3, 3, true),
            picks in prop::collection::vec(0usize..3, 4),
            modes in prop::collection::vec(0usize..4, 4),
            k in 0usize..4,
        ) {
            let (draft_text, admitted) = partial_draft(&spec, &picks, &modes);
            let s = parse(&(to_toml(&spec) + &draft_text));
            let a = amendments(&s, PlanIx::from_usize(0), k).unwrap();
            let prefs: Vec<_> = s.party_ixs().map(|p| accord_model::PointPreferences::midpoint(&s, p)).collect();
            let sigs: Vec<usize> = s.party_ixs().filter(|&p| s.party(p).signatory()).map(|p| p.index()).collect();
            let agreement = |o: &[OptionIx]| sigs.iter().all(|&p| prefs[p].accepts(o));
            let changed = |o: &[OptionIx]| -> Vec<usize> { (0..o.len()).filter(|&i| !admitted[i].contains(&o[i].index())).collect() };
            let open: Vec<usize> = (0..admitted.len()).filter(|&i| admitted[i].len() > 1 || modes[i] % 4 >= 2).collect();
            let outcomes = all_outcomes(&s);
            let completions: Vec<&Vec<OptionIx>> = outcomes.iter().filter(|o| changed(o).is_empty()).collect();
            prop_assert_eq!(a.already_agreement, completions.iter().all(|o| agreement(o)));
            prop_assert_eq!(a.open_issues.iter().map(|i| i.index()).collect::<Vec<_>>(), open.clone());
            let mut works: Vec<Vec<usize>> = outcomes.iter().filter(|o| agreement(o)).map(|o| changed(o)).collect();
            works.sort();
            works.dedup();
            let minimal: Vec<Vec<usize>> = if a.already_agreement { Vec::new() } else {
                works.iter().filter(|w| w.len() <= k && !works.iter().any(|v| v != *w && v.iter().all(|i| w.contains(i)))).cloned().collect()
            };
            let mut got: Vec<Vec<usize>> = a.amendments.iter().map(|x| x.changes.iter().map(|(i, _)| i.index()).collect()).collect();
            got.sort();
            prop_assert_eq!(got, minimal);
            // The draft's utility for the drafters (here the signatories): the midpoint of each
            // one's range over the completions.
            let base: Vec<f64> = sigs.iter().map(|&p| {
                let us: Vec<f64> = completions.iter().map(|o| prefs[p].utility(o)).collect();
                let (lo, hi) = us.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), &u| (l.min(u), h.max(u)));
                (lo + hi) / 2.0
            }).collect();
            let cost = |o: &[OptionIx]| -> f64 { sigs.iter().zip(&base).map(|(&p, b)| b - prefs[p].utility(o)).sum() };
            for x in &a.amendments {
                prop_assert!(agreement(&x.outcome));
                let set: Vec<usize> = x.changes.iter().map(|(i, _)| i.index()).collect();
                prop_assert_eq!(changed(&x.outcome), set.clone());
                let settled: Vec<(usize, usize)> = open.iter().filter(|i| !set.contains(i)).map(|&i| (i, x.outcome[i].index())).collect();
                prop_assert_eq!(x.settled.iter().map(|(i, o)| (i.index(), o.index())).collect::<Vec<_>>(), settled);
                prop_assert!((x.cost - cost(&x.outcome)).abs() <= 1e-9);
                let cheapest = outcomes.iter().filter(|o| agreement(o) && changed(o) == set).map(|o| cost(o)).fold(f64::INFINITY, f64::min);
                prop_assert!(x.cost <= cheapest + 1e-9);
            }
        }
    }
}

//! Smallest amendments: the minimal sets of issue changes that turn a draft into an agreement,
//! ranked by how little they cost the drafters.
//!
//! A set `S` of issues *works* when changing every issue of `S` (each to another option, the
//! rest as drafted) can give an agreement; it is *minimal* when no proper subset works. Sets are
//! tried by size, `1..=max_changes`, in issue order, and a set containing a working set is
//! skipped — so every set reported is minimal, and every minimal set of that size is reported.
//! For each, the assignment shown is the cheapest for the drafters: the smallest sum of their
//! utility losses from the draft (a gain counts as a negative cost; with no drafter, the
//! signatories'), ties in outcome order. Options a signatory has as a red line are never tried
//! (no agreement holds them). The work is bounded by [`AMEND_LIMIT`] candidate outcomes.
//!
//! Under an agreement rule (a quorum, scoped consent, ratifiers), an agreement is one under the
//! rule ([`accord_model::ConsentRule::is_agreement`]), and every option may be tried (a
//! signatory's red line no longer rules an option out when the rule can do without it).

use accord_model::{IssueIx, OptionIx, PartyIx, PlanIx, Scenario, TOLERANCE};

use crate::{AnalysisError, Tables, complete_draft};

/// Most candidate outcomes tried.
pub const AMEND_LIMIT: u64 = 50_000_000;

/// One minimal amendment.
#[derive(Clone, Debug, PartialEq)]
pub struct Amendment {
    /// The issues changed and their new options, in issue order.
    pub changes: Vec<(IssueIx, OptionIx)>,
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
    /// Whether the draft already is an agreement (then there is nothing to amend).
    pub already_agreement: bool,
    /// The parties whose cost ranks amendments.
    pub drafters: Vec<PartyIx>,
    /// The signatories.
    pub signatories: Vec<PartyIx>,
    /// Minimal amendments of up to `max_changes` issues, cheapest first (then fewer changes,
    /// then outcome order).
    pub amendments: Vec<Amendment>,
}

/// The minimal amendments of a plan with at most `max_changes` changed issues.
///
/// # Errors
/// [`AnalysisError::OpenIssues`] when the plan is not a complete draft;
/// [`AnalysisError::TooManyAmendmentCandidates`] when more than [`AMEND_LIMIT`] candidates
/// would be tried.
pub fn amendments(
    scenario: &Scenario,
    plan: PlanIx,
    max_changes: usize,
) -> Result<Amendments, AnalysisError> {
    let draft = complete_draft(scenario, plan)?;
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
    let is_agreement = |o: &[usize]| {
        if ruled {
            let outcome: Vec<OptionIx> = o.iter().map(|&x| OptionIx::from_usize(x)).collect();
            rule.is_agreement(&outcome, |p| tables.parties[p.index()].accepts(o))
        } else {
            signatories.iter().all(|&p| tables.parties[p].accepts(o))
        }
    };
    let drafter_utility = |o: &[usize]| -> Vec<f64> {
        drafters
            .iter()
            .map(|&p| tables.parties[p].utility(o))
            .collect()
    };
    let base = drafter_utility(&draft);
    let result = |amendments| Amendments {
        already_agreement: is_agreement(&draft),
        drafters: drafters.iter().map(|&p| PartyIx::from_usize(p)).collect(),
        signatories: signatories
            .iter()
            .map(|&p| PartyIx::from_usize(p))
            .collect(),
        amendments,
    };
    if is_agreement(&draft) {
        return Ok(result(Vec::new()));
    }
    let allowed = if ruled {
        tables.all_options()
    } else {
        tables.allowed_options()
    };
    // Per issue, the options a change may pick: allowed and different from the draft's.
    let choices: Vec<Vec<usize>> = allowed
        .iter()
        .zip(&draft)
        .map(|(a, &d)| a.iter().copied().filter(|&o| o != d).collect())
        .collect();
    let m = draft.len();
    let mut working: Vec<Vec<usize>> = Vec::new();
    let mut found: Vec<Amendment> = Vec::new();
    for k in 1..=max_changes.min(m) {
        let subsets = combinations(m, k);
        let candidates: u64 = subsets
            .iter()
            .filter(|s| !working.iter().any(|w| w.iter().all(|i| s.contains(i))))
            .map(|s| {
                s.iter()
                    .fold(1u64, |acc, &i| acc.saturating_mul(choices[i].len() as u64))
            })
            .fold(0u64, u64::saturating_add);
        if candidates > AMEND_LIMIT {
            return Err(AnalysisError::TooManyAmendmentCandidates {
                candidates,
                changes: k,
            });
        }
        let mut new_working = Vec::new();
        for s in subsets {
            if working.iter().any(|w| w.iter().all(|i| s.contains(i))) {
                continue;
            }
            if s.iter().any(|&i| choices[i].is_empty()) {
                continue;
            }
            let mut best: Option<(f64, Vec<usize>)> = None;
            let mut digits = vec![0usize; k];
            let mut outcome = draft.clone();
            loop {
                for (d, &i) in digits.iter().zip(&s) {
                    outcome[i] = choices[i][*d];
                }
                if is_agreement(&outcome) {
                    let cost: f64 = base
                        .iter()
                        .zip(drafter_utility(&outcome))
                        .map(|(b, u)| b - u)
                        .sum();
                    // Options are tried in outcome order, so a strict `<` keeps the first.
                    if best.as_ref().is_none_or(|(c, _)| cost < c - TOLERANCE) {
                        best = Some((cost, outcome.clone()));
                    }
                }
                // Next assignment (odometer, last changed issue fastest).
                let mut pos = k;
                loop {
                    if pos == 0 {
                        break;
                    }
                    pos -= 1;
                    digits[pos] += 1;
                    if digits[pos] < choices[s[pos]].len() {
                        break;
                    }
                    digits[pos] = 0;
                    if pos == 0 {
                        pos = usize::MAX;
                        break;
                    }
                }
                if pos == usize::MAX {
                    break;
                }
            }
            if let Some((cost, o)) = best {
                found.push(Amendment {
                    changes: s
                        .iter()
                        .map(|&i| (IssueIx::from_usize(i), OptionIx::from_usize(o[i])))
                        .collect(),
                    outcome: o.iter().map(|&x| OptionIx::from_usize(x)).collect(),
                    cost,
                    utilities: signatories
                        .iter()
                        .map(|&p| tables.parties[p].utility(&o))
                        .collect(),
                });
                new_working.push(s);
            }
        }
        working.extend(new_working);
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
    use crate::common::{all_outcomes, parse, spec, to_toml};
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
    }
}

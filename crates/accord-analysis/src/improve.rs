//! Improvements on a draft: outcomes that every signatory weakly prefers to the draft, at least
//! one strictly, crossing no signatory's red line — ranked best first by each bargaining
//! criterion, with gains measured from the draft (the draft plays the walk-away's part).
//!
//! Only *undominated* improvements are listed (the Pareto frontier, over the signatories, of
//! the outcomes at least as good as the draft for all of them): a dominated improvement is worse
//! on every criterion than the one dominating it, so it never ranks first. The frontier is built
//! like the agreements' one, with the draft's utilities as floors: by merge when the signatories
//! have no interactions, else by enumeration (bounded by [`crate::ENUMERATION_LIMIT`]).
//!
//! **Partial drafts.** A draft that leaves issues open admits, per open issue, the options it
//! may still take ([`crate::draft_options`]). Its utility for a signatory is then the least it
//! can give that signatory (the low end of its range over the completions, as `evaluate`
//! reports it), and an improvement is measured from those floors: every signatory gets at least
//! the least the draft could give it, one more. An improvement's *changes* are the issues where
//! it takes an option the draft does not admit; on an open issue it takes an admitted option,
//! it *settles* that issue, which is not a change. For a complete draft the floors are the
//! draft's utilities and nothing is settled.
//!
//! Under an agreement rule (a quorum, scoped consent, ratifiers), the targets are agreements
//! under the rule ([`accord_model::ConsentRule::is_agreement`]): an improvement is an
//! agreement that every signatory weakly prefers to the draft, at least one strictly. Whether
//! an outcome is one is not monotone in the signatories' utilities (a red line, a scope, a
//! ratifier's utility), so these are found by enumerating every outcome.

use accord_model::{Cancel, OptionIx, PlanIx, Scenario, TOLERANCE};

use crate::enumerate::Engine;
use crate::merge::Layers;
use crate::pareto::{Archive, dominates};
use crate::solutions::{
    BargainingSolution, kalai_smorodinsky_value, min_gain, nash_value, utility_sum,
};
use crate::{
    AnalysisError, BigCount, ENUMERATION_LIMIT, EnumerationNeed, FRONTIER_LIMIT, Tables,
    draft_options,
};

/// One improvement.
#[derive(Clone, Debug, PartialEq)]
pub struct Improvement {
    /// The outcome.
    pub outcome: Vec<OptionIx>,
    /// Utilities of the signatories, in file order.
    pub utilities: Vec<f64>,
    /// The issues where it takes an option the draft does not admit (for a complete draft:
    /// where it differs from the draft).
    pub changes: Vec<accord_model::IssueIx>,
    /// The draft's open issues it settles: it takes one of the options the draft admits there
    /// (the option is in `outcome`). Not changes. Empty for a complete draft.
    pub settled: Vec<accord_model::IssueIx>,
}

/// Improvements on a draft.
#[derive(Clone, Debug)]
pub struct Improvements {
    /// The draft's utility for each signatory, from which improvements are measured: for a
    /// partial draft, the least over its completions (the low end of `draft_range`).
    pub draft: Vec<f64>,
    /// The draft's utility range over its completions for each signatory (a point for a
    /// complete draft).
    pub draft_range: Vec<(f64, f64)>,
    /// The issues the draft leaves open, in issue order (empty for a complete draft).
    pub open_issues: Vec<accord_model::IssueIx>,
    /// The signatories.
    pub signatories: Vec<accord_model::PartyIx>,
    /// Per criterion, the undominated improvements best first (ties in outcome order).
    pub ranked: Vec<(BargainingSolution, Vec<Improvement>)>,
}

/// The undominated improvements on a plan (complete or partial), ranked by each bargaining
/// solution's criterion (at most `top` each).
///
/// # Errors
/// [`AnalysisError::MergeTooLarge`], [`AnalysisError::TooLargeToEnumerate`] or
/// [`AnalysisError::FrontierTooLong`] when the search is too large.
pub fn improvements(
    scenario: &Scenario,
    plan: PlanIx,
    top: usize,
) -> Result<Improvements, AnalysisError> {
    improvements_cancellable(scenario, plan, top, &Cancel::never())
}

/// [`improvements`], stopped early once `cancel` is set: the enumeration walks no further
/// chunk (a merge, bounded by its point limit, runs to its end), and the answer is
/// [`AnalysisError::Cancelled`], never a partial list.
///
/// # Errors
/// As [`improvements`], and [`AnalysisError::Cancelled`] when `cancel` was set before or
/// during the search.
pub fn improvements_cancellable(
    scenario: &Scenario,
    plan: PlanIx,
    top: usize,
    cancel: &Cancel,
) -> Result<Improvements, AnalysisError> {
    cancel.guard(
        || AnalysisError::Cancelled,
        || improvements_uncancelled(scenario, plan, top, cancel),
    )
}

fn improvements_uncancelled(
    scenario: &Scenario,
    plan: PlanIx,
    top: usize,
    cancel: &Cancel,
) -> Result<Improvements, AnalysisError> {
    let admitted = draft_options(scenario, plan);
    let mut tables = Tables::new(scenario);
    tables.cancel = cancel.clone();
    let signatories = tables.signatories();
    let terms = accord_model::plan_terms(scenario, plan);
    let open: Vec<usize> = (0..terms.len()).filter(|&i| terms[i].is_none()).collect();
    let draft_range: Vec<(f64, f64)> = if open.is_empty() {
        let draft_outcome: Vec<usize> = admitted.iter().map(|a| a[0]).collect();
        signatories
            .iter()
            .map(|&p| {
                let u = tables.parties[p].utility(&draft_outcome);
                (u, u)
            })
            .collect()
    } else {
        // The exact range over the completions (midpoint preferences, as the tables).
        let e = accord_model::evaluate_plan(scenario, plan);
        signatories
            .iter()
            .map(|&p| e.parties[p].utility_range)
            .collect()
    };
    let draft: Vec<f64> = draft_range.iter().map(|r| r.0).collect();
    let allowed = tables.allowed_options();
    let additive = signatories
        .iter()
        .all(|&p| tables.parties[p].interactions.is_empty());
    let rule = accord_model::ConsentRule::of(scenario);
    let outcomes: Vec<Vec<usize>> = if !rule.is_unanimity() {
        improving_agreements(&tables, &rule, &signatories, &draft)?
    } else if additive {
        let layers = Layers::build(&tables, allowed, &signatories, Some(draft.clone()), None)
            .map_err(|e| match e {
                crate::merge::MergeError::TooManyPoints { points, limit, .. } => {
                    AnalysisError::MergeTooLarge { points, limit }
                }
            })?;
        let front = layers.front_meeting_floors();
        // The same cap as the enumeration's below (one outcome per utility vector).
        if front.len() > FRONTIER_LIMIT {
            let n = front.len() as u64;
            return Err(AnalysisError::FrontierTooLong {
                outcomes: n,
                vectors: n,
                lower_bound: false,
                distinct: true,
                // Improvements have no ε-approximation.
                additive: false,
            });
        }
        front
            .into_iter()
            .map(|(e, _)| layers.first_outcome(e))
            .collect()
    } else {
        let count = BigCount::product(tables.radix.iter().map(|&r| r as u64));
        if count
            .to_u128()
            .is_none_or(|n| n > u128::from(ENUMERATION_LIMIT))
        {
            return Err(AnalysisError::TooLargeToEnumerate {
                outcomes: count,
                need: EnumerationNeed::Improvements,
            });
        }
        let engine = Engine::new(&tables, allowed, &signatories);
        let overflow = std::sync::atomic::AtomicBool::new(false);
        let visitors = engine.run(
            || crate::FrontierVisitor {
                archive: Archive::new(signatories.len(), true),
                floors: Some(&draft),
                overflow: &overflow,
            },
            &|| {},
        );
        let mut front = Archive::new(signatories.len(), true);
        for v in visitors {
            front.absorb(v.archive);
        }
        if front.len() > FRONTIER_LIMIT {
            let n = front.len() as u64;
            return Err(AnalysisError::FrontierTooLong {
                outcomes: n,
                vectors: n,
                lower_bound: overflow.load(std::sync::atomic::Ordering::Relaxed),
                distinct: true,
                additive: false,
            });
        }
        front
            .into_points()
            .into_iter()
            .map(|(rank, _)| crate::decode(rank, &tables.radix))
            .collect()
    };
    // Strict improvements only: drop outcomes equal to the draft for every signatory.
    let mut found: Vec<Improvement> = outcomes
        .into_iter()
        .map(|o| {
            let utilities: Vec<f64> = signatories
                .iter()
                .map(|&p| tables.parties[p].utility(&o))
                .collect();
            let changes = (0..o.len())
                .filter(|&i| !admitted[i].contains(&o[i]))
                .map(accord_model::IssueIx::from_usize)
                .collect();
            let settled = open
                .iter()
                .filter(|&&i| admitted[i].contains(&o[i]))
                .map(|&i| accord_model::IssueIx::from_usize(i))
                .collect();
            Improvement {
                outcome: o.iter().map(|&x| OptionIx::from_usize(x)).collect(),
                utilities,
                changes,
                settled,
            }
        })
        .filter(|imp| dominates(&imp.utilities, &draft))
        .collect();
    found.sort_by(|a, b| a.outcome.cmp(&b.outcome));
    let ideal: Vec<f64> = (0..draft.len())
        .map(|k| {
            found
                .iter()
                .map(|i| i.utilities[k])
                .fold(f64::NEG_INFINITY, f64::max)
        })
        .collect();
    let ranked = BargainingSolution::ALL
        .iter()
        .map(|&c| {
            let value = |u: &[f64]| -> (f64, f64) {
                match c {
                    BargainingSolution::Nash => (nash_value(u, &draft), 0.0),
                    BargainingSolution::KalaiSmorodinsky => {
                        (kalai_smorodinsky_value(u, &draft, &ideal), 0.0)
                    }
                    BargainingSolution::Egalitarian => (min_gain(u, &draft), utility_sum(u)),
                    BargainingSolution::Utilitarian => (utility_sum(u), 0.0),
                }
            };
            let mut list = found.clone();
            rank_tiered(
                &mut list,
                &|i: &Improvement| value(&i.utilities).0,
                &|i: &Improvement| value(&i.utilities).1,
            );
            list.truncate(top);
            (c, list)
        })
        .collect();
    Ok(Improvements {
        draft,
        draft_range,
        open_issues: open
            .iter()
            .map(|&i| accord_model::IssueIx::from_usize(i))
            .collect(),
        signatories: signatories
            .iter()
            .map(|&p| accord_model::PartyIx::from_usize(p))
            .collect(),
        ranked,
    })
}

/// Under a rule: the undominated agreements (over the signatories) at least as good as the
/// draft for every signatory, by enumeration.
fn improving_agreements(
    tables: &Tables,
    rule: &accord_model::ConsentRule,
    signatories: &[usize],
    draft: &[f64],
) -> Result<Vec<Vec<usize>>, AnalysisError> {
    let count = BigCount::product(tables.radix.iter().map(|&r| r as u64));
    if count
        .to_u128()
        .is_none_or(|n| n > u128::from(ENUMERATION_LIMIT))
    {
        return Err(AnalysisError::TooLargeToEnumerate {
            outcomes: count,
            need: EnumerationNeed::Improvements,
        });
    }
    // Signatories first, then every other party (ratifiers decide through their party).
    let mut tracked = signatories.to_vec();
    tracked.extend((0..tables.parties.len()).filter(|p| !signatories.contains(p)));
    let mut pos = vec![0; tables.parties.len()];
    for (k, &p) in tracked.iter().enumerate() {
        pos[p] = k;
    }
    struct Finder<'a> {
        tables: &'a Tables,
        rule: &'a accord_model::ConsentRule,
        pos: &'a [usize],
        draft: &'a [f64],
        archive: Archive,
        outcome: Vec<OptionIx>,
    }
    impl crate::enumerate::Visitor for Finder<'_> {
        fn enter(&mut self, s: &crate::enumerate::Subtree) -> bool {
            let n = self.draft.len();
            crate::meets(&s.upper[..n], self.draft) && !self.archive.dominated(&s.upper[..n])
        }
        fn visit(&mut self, v: &crate::enumerate::Visit) -> std::ops::ControlFlow<()> {
            let n = self.draft.len();
            if !crate::meets(&v.utilities[..n], self.draft) {
                return std::ops::ControlFlow::Continue(());
            }
            self.outcome.clear();
            self.outcome
                .extend(v.outcome.iter().map(|&o| OptionIx::from_usize(o)));
            let (tables, pos, u) = (self.tables, self.pos, v.utilities);
            let own = |p: accord_model::PartyIx| {
                let t = &tables.parties[p.index()];
                u[pos[p.index()]] >= t.walk_away - TOLERANCE && !t.crosses_red_line(v.outcome)
            };
            if self.rule.is_agreement(&self.outcome, own) {
                self.archive.insert(&u[..n], v.rank);
            }
            std::ops::ControlFlow::Continue(())
        }
    }
    let engine = Engine::new(tables, tables.all_options(), &tracked);
    let visitors = engine.run(
        || Finder {
            tables,
            rule,
            pos: &pos,
            draft,
            archive: Archive::new(draft.len(), true),
            outcome: Vec::new(),
        },
        &|| {},
    );
    let mut front = Archive::new(draft.len(), true);
    for v in visitors {
        front.absorb(v.archive);
    }
    if front.len() > FRONTIER_LIMIT {
        let n = front.len() as u64;
        return Err(AnalysisError::FrontierTooLong {
            outcomes: n,
            vectors: n,
            lower_bound: false,
            distinct: true,
            additive: false,
        });
    }
    Ok(front
        .into_points()
        .into_iter()
        .map(|(rank, _)| crate::decode(rank, &tables.radix))
        .collect())
}

/// Sorts best first by `first`, then by `second` among values chained within the tolerance,
/// then in outcome order — a total order at every step (values are compared exactly, and only
/// runs of near-equal values are re-sorted), so sorting never sees an inconsistent comparison.
fn rank_tiered(
    list: &mut [Improvement],
    first: &dyn Fn(&Improvement) -> f64,
    second: &dyn Fn(&Improvement) -> f64,
) {
    fn runs(list: &[Improvement], key: &dyn Fn(&Improvement) -> f64) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut start = 0;
        for k in 1..=list.len() {
            if k == list.len() || (key(&list[k - 1]) - key(&list[k])).abs() > TOLERANCE {
                out.push((start, k));
                start = k;
            }
        }
        out
    }
    list.sort_by(|a, b| first(b).total_cmp(&first(a)));
    for (s, e) in runs(list, first) {
        let part = &mut list[s..e];
        part.sort_by(|a, b| second(b).total_cmp(&second(a)));
        for (s2, e2) in runs(part, second) {
            part[s2..e2].sort_by(|a, b| a.outcome.cmp(&b.outcome));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::common::{brute, parse, partial_draft, spec, to_toml};
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 150, ..ProptestConfig::default() })]

        /// Every listed improvement is one (weakly better for every signatory, strictly for
        /// one, no signatory red line), none is dominated by another improvement, and every
        /// improvement is dominated by or equal to a listed one; the first of each ranking is
        /// the brute force's best.
        #[test]
        fn improvements_are_exactly_the_undominated_ones(spec in spec(4, 3, 3, true), plan in prop::collection::vec(0usize..3, 4)) {
            let mut text = to_toml(&spec);
            text += "[plans.draft]\ntitle = \"Draft\"\n[plans.draft.terms]\n";
            for (i, &(k, numeric)) in spec.issues.iter().enumerate() {
                let o = plan[i] % k;
                if numeric { text += &format!("i{i} = {}\n", o * 10); } else { text += &format!("i{i} = \"o{o}\"\n"); }
            }
            let s = parse(&text);
            let imp = improvements(&s, PlanIx::from_usize(0), usize::MAX).unwrap();
            let sigs: Vec<usize> = s.party_ixs().filter(|p| s.party(*p).signatory()).map(|p| p.index()).collect();
            let b = brute(&s, &s.party_ixs().collect::<Vec<_>>());
            let d = &imp.draft;
            let crosses = |x: usize| sigs.iter().any(|&p| s.party(accord_model::PartyIx::from_usize(p)).red_lines().iter().any(|(i, os)| os.contains(&b.outcomes[x][i.index()])));
            let su = |x: usize| -> Vec<f64> { sigs.iter().map(|&p| b.utilities[x][p]).collect() };
            let is_improvement = |x: usize| !crosses(x) && dominates(&su(x), d);
            let all: Vec<usize> = (0..b.outcomes.len()).filter(|&x| is_improvement(x)).collect();
            for (_, list) in &imp.ranked {
                prop_assert_eq!(list.len(), imp.ranked[0].1.len());
                for i in list {
                    let x = b.outcomes.iter().position(|o| *o == i.outcome).unwrap();
                    prop_assert!(is_improvement(x));
                    prop_assert!(!all.iter().any(|&y| dominates(&su(y), &su(x))));
                }
            }
            let listed = &imp.ranked[0].1;
            for &y in &all {
                prop_assert!(listed.iter().any(|i| dominates(&i.utilities, &su(y)) || i.utilities.iter().zip(su(y)).all(|(a, b)| (a - b).abs() <= 1e-9)));
            }
            if let Some(best) = imp.ranked[3].1.first() {
                let top = all.iter().map(|&x| su(x).iter().sum::<f64>()).fold(f64::NEG_INFINITY, f64::max);
                prop_assert!(best.utilities.iter().sum::<f64>() >= top - 1e-9);
            }
        }

        /// Partial drafts: the floors are each signatory's least utility over the completions;
        /// the listed improvements are exactly the undominated outcomes that meet every floor,
        /// beat one, and cross no signatory's red line; changes are the issues where an
        /// improvement leaves the options the draft admits, settlements the open issues where
        /// it stays within them (brute force over every outcome).
        #[test]
        fn partial_drafts_improve_on_their_least(
            spec in spec(4, 3, 3, true),
            picks in prop::collection::vec(0usize..3, 4),
            modes in prop::collection::vec(0usize..4, 4),
        ) {
            let (draft_text, admitted) = partial_draft(&spec, &picks, &modes);
            let s = parse(&(to_toml(&spec) + &draft_text));
            let imp = improvements(&s, PlanIx::from_usize(0), usize::MAX).unwrap();
            let sigs: Vec<usize> = s.party_ixs().filter(|p| s.party(*p).signatory()).map(|p| p.index()).collect();
            let b = brute(&s, &s.party_ixs().collect::<Vec<_>>());
            let open: Vec<usize> = (0..admitted.len()).filter(|&i| modes[i] % 4 >= 2).collect();
            let admits = |x: usize| (0..admitted.len()).all(|i| admitted[i].contains(&b.outcomes[x][i].index()));
            let floors: Vec<f64> = sigs.iter().map(|&p| (0..b.outcomes.len()).filter(|&x| admits(x)).map(|x| b.utilities[x][p]).fold(f64::INFINITY, f64::min)).collect();
            let highs: Vec<f64> = sigs.iter().map(|&p| (0..b.outcomes.len()).filter(|&x| admits(x)).map(|x| b.utilities[x][p]).fold(f64::NEG_INFINITY, f64::max)).collect();
            for (k, r) in imp.draft_range.iter().enumerate() {
                prop_assert!((r.0 - floors[k]).abs() <= 1e-9 && (r.1 - highs[k]).abs() <= 1e-9);
                prop_assert_eq!(imp.draft[k], r.0);
            }
            prop_assert_eq!(imp.open_issues.iter().map(|i| i.index()).collect::<Vec<_>>(), open.clone());
            let crosses = |x: usize| sigs.iter().any(|&p| s.party(accord_model::PartyIx::from_usize(p)).red_lines().iter().any(|(i, os)| os.contains(&b.outcomes[x][i.index()])));
            let su = |x: usize| -> Vec<f64> { sigs.iter().map(|&p| b.utilities[x][p]).collect() };
            let is_improvement = |x: usize| !crosses(x) && dominates(&su(x), &floors);
            let all: Vec<usize> = (0..b.outcomes.len()).filter(|&x| is_improvement(x)).collect();
            for (_, list) in &imp.ranked {
                prop_assert_eq!(list.len(), imp.ranked[0].1.len());
                for i in list {
                    let x = b.outcomes.iter().position(|o| *o == i.outcome).unwrap();
                    prop_assert!(is_improvement(x));
                    prop_assert!(!all.iter().any(|&y| dominates(&su(y), &su(x))));
                    let changes: Vec<usize> = (0..admitted.len()).filter(|&k| !admitted[k].contains(&i.outcome[k].index())).collect();
                    prop_assert_eq!(i.changes.iter().map(|c| c.index()).collect::<Vec<_>>(), changes.clone());
                    let settled: Vec<usize> = open.iter().copied().filter(|k| !changes.contains(k)).collect();
                    prop_assert_eq!(i.settled.iter().map(|c| c.index()).collect::<Vec<_>>(), settled);
                }
            }
            let listed = &imp.ranked[0].1;
            for &y in &all {
                prop_assert!(listed.iter().any(|i| dominates(&i.utilities, &su(y)) || i.utilities.iter().zip(su(y)).all(|(a, b)| (a - b).abs() <= 1e-9)));
            }
        }
    }
}

//! Evaluation of plans, complete or partial, per `analysis.md` (`accord evaluate`).
//!
//! A plan settles the issues it names; an issue it is silent on takes its status quo, or stays
//! open. Each party's utility over the completions of the open issues is an exact range
//! `[min, max]`, and its verdict is "accept" when it accepts every completion, "reject" when it
//! accepts none, "undetermined" otherwise.
//!
//! The range is exact without enumerating all completions: issues that no live interaction ties
//! together contribute their own minimum and maximum independently; issues tied by interactions
//! are enumerated jointly, but only over classes of options that satisfy the same conditions
//! (within a class, only the best and worst score matter).

use std::collections::HashMap;

use crate::error::Error;
use crate::id::{IssueIx, OptionIx, PartyIx, PlanIx};
use crate::scenario::{Interaction, Scenario};
use crate::utility::{PointPreferences, TOLERANCE};

/// The terms of a draft, one entry per issue: `Some(option)` when settled, `None` when open.
pub type Terms = Vec<Option<OptionIx>>;

/// The terms a plan settles: its own terms, then the status quo of issues it is silent on.
/// An issue the plan leaves open (a list of two or more options, or `open`) is open (`None`)
/// whatever its status quo; [`plan_within`] says which options such an issue may still take.
pub fn plan_terms(scenario: &Scenario, plan: PlanIx) -> Terms {
    let plan = scenario.plan(plan);
    scenario
        .issues()
        .iter()
        .enumerate()
        .map(|(i, issue)| {
            let i = IssueIx::from_usize(i);
            if plan.leaves_open(i) {
                None
            } else {
                plan.term(i).or(issue.status_quo())
            }
        })
        .collect()
}

/// Open issues restricted to some of their options: per issue (file order), the options it
/// may still take, sorted. An open issue not listed may take any option.
pub type Within = [(IssueIx, Vec<OptionIx>)];

/// The options a plan's open issues are restricted to: its terms written as lists of two or
/// more options (scenario.md, "Plans"). Empty for a plan without such terms.
pub fn plan_within(scenario: &Scenario, plan: PlanIx) -> &Within {
    scenario.plan(plan).within()
}

/// Whether `option` of an open `issue` is admitted by `within` (every option of an issue it
/// does not list).
pub fn admits(within: &Within, issue: IssueIx, option: OptionIx) -> bool {
    within
        .iter()
        .find(|(i, _)| *i == issue)
        .is_none_or(|(_, options)| options.binary_search(&option).is_ok())
}

/// The options an open issue may take under `within`, in option order.
pub fn open_options(scenario: &Scenario, within: &Within, issue: IssueIx) -> Vec<OptionIx> {
    match within.iter().find(|(i, _)| *i == issue) {
        Some((_, options)) => options.clone(),
        None => scenario.issue(issue).options().collect(),
    }
}

/// A party's verdict on a draft.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// It accepts every completion of the draft.
    Accept,
    /// It accepts no completion.
    Reject,
    /// It accepts some completions and not others.
    Undetermined,
}

impl Verdict {
    /// The verdict as one word, as the JSON writes it: "accept", "reject", "undetermined".
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Accept => "accept",
            Verdict::Reject => "reject",
            Verdict::Undetermined => "undetermined",
        }
    }
}

/// One party's evaluation of a draft.
#[derive(Clone, Debug)]
pub struct PartyEvaluation {
    /// The party.
    pub party: PartyIx,
    /// The lowest and highest utility over the completions of the open issues.
    pub utility_range: (f64, f64),
    /// The walk-away value used.
    pub walk_away: f64,
    /// Red lines crossed by the settled terms (open issues contribute none).
    pub red_lines_crossed: Vec<(IssueIx, OptionIx)>,
    /// Its verdict, its ratifiers' counted (scenario.md: a party accepts when it accepts on
    /// its own and its ratification quorum of ratifiers accept).
    pub verdict: Verdict,
    /// Its verdict on its own: its red lines and walk-away value only. Equal to `verdict` for
    /// a party without ratifiers.
    pub own_verdict: Verdict,
    /// Whether the draft needs its consent (a signatory whose `consent_on` issues the draft
    /// leaves at their status quo is not asked): `Some(true)` for every completion,
    /// `Some(false)` for none, `None` when it depends on open issues. `Some(false)` for a
    /// party that is not a signatory.
    pub asked: Option<bool>,
}

impl PartyEvaluation {
    /// The midpoint of the utility range (the utility itself for a complete draft).
    pub fn utility(&self) -> f64 {
        crate::scenario::midpoint(self.utility_range.0, self.utility_range.1)
    }
}

/// The evaluation of a draft by every party.
#[derive(Clone, Debug)]
pub struct Evaluation {
    /// Issues the draft leaves open, in file order.
    pub open_issues: Vec<IssueIx>,
    /// The open issues restricted to some of their options (a plan's terms written as lists),
    /// in file order; an open issue not listed may take any option.
    pub within: Vec<(IssueIx, Vec<OptionIx>)>,
    /// One per party, in file order.
    pub parties: Vec<PartyEvaluation>,
    /// Whether the draft is an agreement under the scenario's consent rule (analysis.md,
    /// `accord evaluate`): without a rule, false when a signatory rejects, `None` when a
    /// signatory is undetermined, else true.
    pub agreement: Option<bool>,
}

/// Evaluates a plan with every interval at its midpoint.
pub fn evaluate_plan(scenario: &Scenario, plan: PlanIx) -> Evaluation {
    let prefs: Vec<_> = scenario
        .party_ixs()
        .map(|p| PointPreferences::midpoint(scenario, p))
        .collect();
    evaluate_terms_within(
        scenario,
        &prefs,
        &plan_terms(scenario, plan),
        plan_within(scenario, plan),
    )
}

/// Evaluates plans by id, in the order given (every plan in file order when `ids` is empty),
/// each with every interval at its midpoint: `accord evaluate` as one call.
///
/// Errors: [`Error::UnknownId`] for an id the scenario does not define (checked first), and
/// [`Error::NoPlans`] when the scenario has no plan to evaluate.
pub fn evaluate_plans(
    scenario: &Scenario,
    ids: &[impl AsRef<str>],
) -> Result<Vec<(PlanIx, Evaluation)>, Error> {
    let plans = scenario.resolve_plans(ids)?;
    if plans.is_empty() {
        return Err(Error::NoPlans {
            scenario: scenario.id().as_str().to_owned(),
        });
    }
    Ok(plans
        .into_iter()
        .map(|p| (p, evaluate_plan(scenario, p)))
        .collect())
}

/// Evaluates terms (complete or partial) under the given preferences, one per party in order.
pub fn evaluate_terms(
    scenario: &Scenario,
    prefs: &[PointPreferences<'_>],
    terms: &[Option<OptionIx>],
) -> Evaluation {
    evaluate_terms_within(scenario, prefs, terms, &[])
}

/// [`evaluate_terms`] with open issues restricted to the options `within` lists (a plan's
/// terms written as lists of options): utility ranges, verdicts and the agreement range over
/// those completions only (scenario.md, "Plans").
pub fn evaluate_terms_within(
    scenario: &Scenario,
    prefs: &[PointPreferences<'_>],
    terms: &[Option<OptionIx>],
    within: &Within,
) -> Evaluation {
    let open_issues: Vec<IssueIx> = terms
        .iter()
        .enumerate()
        .filter(|(_, t)| t.is_none())
        .map(|(i, _)| IssueIx::from_usize(i))
        .collect();
    let mut parties: Vec<PartyEvaluation> = prefs
        .iter()
        .map(|p| evaluate_party(scenario, p, terms, within))
        .collect();
    let agreement = agreement_under_rule(scenario, prefs, &mut parties, terms, within);
    let within = within
        .iter()
        .filter(|(i, _)| terms[i.index()].is_none())
        .cloned()
        .collect();
    Evaluation {
        open_issues,
        within,
        parties,
        agreement,
    }
}

fn evaluate_party(
    scenario: &Scenario,
    prefs: &PointPreferences<'_>,
    terms: &[Option<OptionIx>],
    within: &Within,
) -> PartyEvaluation {
    let party = scenario.party(prefs.party());
    let red_lines_crossed: Vec<(IssueIx, OptionIx)> = party
        .red_lines()
        .iter()
        .filter_map(|(i, options)| {
            let o = terms[i.index()]?;
            options.binary_search(&o).is_ok().then_some((*i, o))
        })
        .collect();
    let all = utility_bounds(scenario, prefs, terms, |i, o| admits(within, i, o))
        .expect("every issue has at least one option, and every list one at least");
    let walk_away = prefs.walk_away();
    let verdict = if !red_lines_crossed.is_empty() {
        Verdict::Reject
    } else {
        let acceptable = utility_bounds(scenario, prefs, terms, |i, o| {
            admits(within, i, o) && !party.is_red_line(i, o)
        });
        match acceptable {
            None => Verdict::Reject,
            Some((_, max)) if max < walk_away - TOLERANCE => Verdict::Reject,
            Some(_) => {
                // An open issue that may still take one of its red lines.
                let open_red_line = party.red_lines().iter().any(|(ri, options)| {
                    terms[ri.index()].is_none() && options.iter().any(|&o| admits(within, *ri, o))
                });
                if !open_red_line && all.0 >= walk_away - TOLERANCE {
                    Verdict::Accept
                } else {
                    Verdict::Undetermined
                }
            }
        }
    };
    PartyEvaluation {
        party: prefs.party(),
        utility_range: all,
        walk_away,
        red_lines_crossed,
        verdict,
        own_verdict: verdict,
        asked: Some(party.signatory()),
    }
}

/// Above this many completions of a draft's open issues, verdicts with ratifiers and the
/// standings under a consent rule are bounded from each party's own verdict rather than
/// decided over every completion.
pub const MAX_RULE_COMPLETIONS: u64 = 1 << 16;

/// Folds ratifiers into each party's verdict, marks which signatories the draft asks, and
/// decides the agreement under the consent rule (analysis.md, `accord evaluate`: a signatory is
/// in when it counts as accepting every completion, out when none, undecided otherwise).
///
/// Under the default rule (unanimity, no ratifiers, no scoped consent) this needs nothing but
/// the own verdicts. Otherwise it is exact over every completion of the open issues when there
/// are at most [`MAX_RULE_COMPLETIONS`]; above that it is sound but may leave undetermined
/// what an enumeration would decide (a party accepting on its own only where its ratifier does
/// not, for instance).
fn agreement_under_rule(
    scenario: &Scenario,
    prefs: &[PointPreferences<'_>],
    parties: &mut [PartyEvaluation],
    terms: &[Option<OptionIx>],
    within: &Within,
) -> Option<bool> {
    use crate::consent::ConsentRule;
    let rule = ConsentRule::of(scenario);
    let mut at: Vec<Option<usize>> = vec![None; scenario.parties().len()];
    for (k, e) in parties.iter().enumerate() {
        at[e.party.index()] = Some(k);
    }
    // Whether each signatory is asked, from the settled terms.
    for e in parties.iter_mut() {
        if !scenario.party(e.party).signatory() {
            e.asked = Some(false);
            continue;
        }
        e.asked = match rule.scope(e.party) {
            None => Some(true),
            Some(scope) => {
                // An open issue moves in every completion when it has no status quo, or when
                // the options it may take exclude it.
                if scope.iter().any(|&(i, sq)| {
                    terms[i.index()].map_or_else(
                        || sq.is_none_or(|sq| !admits(within, i, sq)),
                        |o| Some(o) != sq,
                    )
                }) {
                    Some(true)
                } else if scope.iter().all(|&(i, _)| terms[i.index()].is_some()) {
                    Some(false)
                } else {
                    None
                }
            }
        };
    }
    if rule.is_unanimity() {
        return unanimity(&rule, |p| at[p.index()].map(|k| parties[k].verdict));
    }
    let completions = terms
        .iter()
        .enumerate()
        .filter(|(_, t)| t.is_none())
        .try_fold(1u64, |acc, (i, _)| {
            acc.checked_mul(open_options(scenario, within, IssueIx::from_usize(i)).len() as u64)
        })
        .filter(|&n| n <= MAX_RULE_COMPLETIONS);
    // The bounds are sound: enumerate only what they leave open (a verdict with ratifiers
    // undetermined, or the agreement). Every party must be evaluated for that (a negotiation
    // may evaluate fewer).
    let everyone = at.iter().all(Option::is_some);
    let bounded = bounded_under_rule(&rule, parties, &at);
    let open = bounded.is_none()
        || parties
            .iter()
            .any(|e| e.verdict == Verdict::Undetermined && !rule.ratifiers(e.party).is_empty());
    match completions {
        Some(_) if everyone && open => {
            exact_under_rule(scenario, &rule, prefs, parties, &at, terms, within)
        }
        _ => bounded,
    }
}

/// The default rule: false when a signatory rejects, `None` when one is undetermined, else
/// true (a signatory that is not evaluated is undetermined).
fn unanimity(
    rule: &crate::ConsentRule,
    verdict: impl Fn(PartyIx) -> Option<Verdict>,
) -> Option<bool> {
    let mut agreement = Some(true);
    for &p in rule.signatories() {
        match verdict(p) {
            Some(Verdict::Reject) => return Some(false),
            Some(Verdict::Accept) => {}
            _ => agreement = None,
        }
    }
    agreement
}

/// Verdicts with ratifiers and standings decided over every completion of `terms`.
fn exact_under_rule(
    scenario: &Scenario,
    rule: &crate::ConsentRule,
    prefs: &[PointPreferences<'_>],
    parties: &mut [PartyEvaluation],
    at: &[Option<usize>],
    terms: &[Option<OptionIx>],
    within: &Within,
) -> Option<bool> {
    use crate::consent::Standing;
    let n = parties.len();
    // Per party: (some completion accepted with ratifiers, some not); per signatory the same
    // for counting as accepting.
    let mut accepts_some = vec![false; n];
    let mut rejects_some = vec![false; n];
    let mut counts_some = vec![false; n];
    let mut fails_some = vec![false; n];
    let mut outcome: Vec<OptionIx> = terms
        .iter()
        .map(|t| t.unwrap_or(OptionIx::from_usize(0)))
        .collect();
    let open: Vec<IssueIx> = terms
        .iter()
        .enumerate()
        .filter(|(_, t)| t.is_none())
        .map(|(i, _)| IssueIx::from_usize(i))
        .collect();
    let choices: Vec<Vec<OptionIx>> = open
        .iter()
        .map(|&i| open_options(scenario, within, i))
        .collect();
    let sizes: Vec<usize> = choices.iter().map(Vec::len).collect();
    let mut digits = vec![0usize; open.len()];
    loop {
        for ((d, &i), c) in digits.iter().zip(&open).zip(&choices) {
            outcome[i.index()] = c[*d];
        }
        let mut own: Vec<Option<bool>> = vec![None; n];
        let mut own_accepts = |p: PartyIx| {
            let k = at[p.index()].expect("every party is evaluated");
            *own[k].get_or_insert_with(|| prefs[k].accepts(&outcome))
        };
        for k in 0..n {
            let p = parties[k].party;
            if rule.accepts(p, &mut own_accepts) {
                accepts_some[k] = true;
            } else {
                rejects_some[k] = true;
            }
        }
        for &p in rule.signatories() {
            let k = at[p.index()].expect("every party is evaluated");
            if rule.counts_as_accepting(p, &outcome, &mut own_accepts) {
                counts_some[k] = true;
            } else {
                fails_some[k] = true;
            }
        }
        // Next completion.
        let mut pos = 0;
        loop {
            if pos == digits.len() {
                break;
            }
            digits[pos] += 1;
            if digits[pos] < sizes[pos] {
                break;
            }
            digits[pos] = 0;
            pos += 1;
        }
        if pos == digits.len() {
            break;
        }
    }
    for (k, e) in parties.iter_mut().enumerate() {
        if rule.ratifiers(e.party).is_empty() {
            continue;
        }
        e.verdict = match (accepts_some[k], rejects_some[k]) {
            (true, false) => Verdict::Accept,
            (false, _) => Verdict::Reject,
            (true, true) => Verdict::Undetermined,
        };
    }
    rule.agreement_of(|p| {
        let k = at[p.index()].expect("every party is evaluated");
        match (counts_some[k], fails_some[k]) {
            (true, false) => Standing::In,
            (false, _) => Standing::Out,
            (true, true) => Standing::Undecided,
        }
    })
}

/// Verdicts with ratifiers and standings bounded from each party's own verdict (sound, not
/// always decided): for drafts with too many completions to enumerate.
fn bounded_under_rule(
    rule: &crate::ConsentRule,
    parties: &mut [PartyEvaluation],
    at: &[Option<usize>],
) -> Option<bool> {
    use crate::consent::Standing;
    let own =
        |parties: &[PartyEvaluation], p: PartyIx| at[p.index()].map(|k| parties[k].own_verdict);
    for k in 0..parties.len() {
        let p = parties[k].party;
        let ratifiers = rule.ratifiers(p);
        if ratifiers.is_empty() {
            continue;
        }
        let need = rule.ratification_quorum(p);
        let verdicts: Vec<Verdict> = ratifiers
            .iter()
            .map(|&r| own(parties, r).unwrap_or(Verdict::Undetermined))
            .collect();
        let sure = verdicts.iter().filter(|v| **v == Verdict::Accept).count();
        let possible = verdicts.iter().filter(|v| **v != Verdict::Reject).count();
        parties[k].verdict = match parties[k].own_verdict {
            Verdict::Reject => Verdict::Reject,
            _ if possible < need => Verdict::Reject,
            Verdict::Accept if sure >= need => Verdict::Accept,
            _ => Verdict::Undetermined,
        };
    }
    rule.agreement_of(|p| {
        let Some(k) = at[p.index()] else {
            return Standing::Undecided;
        };
        let e = &parties[k];
        match (e.asked, e.verdict) {
            (Some(false), _) | (_, Verdict::Accept) => Standing::In,
            (Some(true), Verdict::Reject) => Standing::Out,
            _ => Standing::Undecided,
        }
    })
}

/// Above this many joint classes, coupled issues are bounded rather than enumerated.
const MAX_JOINT_CLASSES: usize = 1_000_000;

/// The lowest and highest utility over all completions of `terms` in which each open issue takes
/// an option that `allowed` admits; `None` when some open issue admits none.
///
/// Exact, except when the open issues tied by interactions have more than a million joint
/// classes of options; then the bounds are safe (never narrower than the truth) but may be loose.
pub fn utility_bounds(
    scenario: &Scenario,
    prefs: &PointPreferences<'_>,
    terms: &[Option<OptionIx>],
    allowed: impl Fn(IssueIx, OptionIx) -> bool,
) -> Option<(f64, f64)> {
    let open: Vec<IssueIx> = terms
        .iter()
        .enumerate()
        .filter(|(_, t)| t.is_none())
        .map(|(i, _)| IssueIx::from_usize(i))
        .collect();
    for &i in &open {
        if !scenario.issue(i).options().any(|o| allowed(i, o)) {
            return None;
        }
    }
    if open.is_empty() {
        let outcome: Vec<OptionIx> = terms.iter().map(|t| t.expect("complete")).collect();
        let u = prefs.utility(&outcome);
        return Some((u, u));
    }

    // Interactions: dead (a settled condition fails), constant (all conditions settled and
    // holding), or live (some condition on an open issue).
    let mut constant = 0.0;
    let mut live: Vec<&Interaction> = Vec::new();
    for interaction in prefs.interactions() {
        let mut dead = false;
        let mut any_open = false;
        for (issue, condition) in interaction.when() {
            match terms[issue.index()] {
                Some(o) => dead |= !prefs.condition_holds(*issue, condition, o),
                None => any_open = true,
            }
        }
        match (dead, any_open) {
            (true, _) => {}
            (false, false) => constant += interaction.bonus(),
            (false, true) => live.push(interaction),
        }
    }

    // Per-issue contribution of an option: the sum of share * score over the party's weighted
    // issues (an issue appears at most once among them).
    let mut position: Vec<Option<usize>> = vec![None; terms.len()];
    for (k, w) in prefs.weighted().iter().enumerate() {
        position[w.issue.index()] = Some(k);
    }
    let contribution =
        |i: IssueIx, o: OptionIx| position[i.index()].map_or(0.0, |k| prefs.contribution(k, o));

    // Settled additive part, in issue order.
    let mut fixed = constant;
    for (k, w) in prefs.weighted().iter().enumerate() {
        if let Some(o) = terms[w.issue.index()] {
            fixed += prefs.contribution(k, o);
        }
    }

    // Which open issues are coupled by live interactions.
    let coupled: Vec<IssueIx> = open
        .iter()
        .copied()
        .filter(|i| {
            live.iter()
                .any(|inter| inter.when().iter().any(|(ci, _)| ci == i))
        })
        .collect();

    let (mut lo, mut hi) = (fixed, fixed);
    for &i in open.iter().filter(|i| !coupled.contains(i)) {
        let (mn, mx) = min_max(
            scenario
                .issue(i)
                .options()
                .filter(|&o| allowed(i, o))
                .map(|o| contribution(i, o)),
        );
        lo += mn;
        hi += mx;
    }
    if coupled.is_empty() {
        return Some((lo, hi));
    }

    // Classes of options per coupled issue: options that satisfy the same live conditions.
    // Each class keeps its lowest and highest contribution.
    struct Class {
        satisfied: Vec<usize>, // indices into live
        min: f64,
        max: f64,
    }
    let mut classes: Vec<Vec<Class>> = Vec::with_capacity(coupled.len());
    for &i in &coupled {
        let mut by_signature: HashMap<Vec<usize>, (f64, f64)> = HashMap::new();
        let mut order: Vec<Vec<usize>> = Vec::new();
        for o in scenario.issue(i).options().filter(|&o| allowed(i, o)) {
            let signature: Vec<usize> = live
                .iter()
                .enumerate()
                .filter(|(_, inter)| {
                    inter
                        .when()
                        .iter()
                        .any(|(ci, c)| *ci == i && prefs.condition_holds(i, c, o))
                })
                .map(|(k, _)| k)
                .collect();
            let c = contribution(i, o);
            by_signature
                .entry(signature.clone())
                .and_modify(|(mn, mx)| {
                    *mn = mn.min(c);
                    *mx = mx.max(c);
                })
                .or_insert_with(|| {
                    order.push(signature);
                    (c, c)
                });
        }
        classes.push(
            order
                .into_iter()
                .map(|s| {
                    let (min, max) = by_signature[&s];
                    Class {
                        satisfied: s,
                        min,
                        max,
                    }
                })
                .collect(),
        );
    }
    let joint = classes
        .iter()
        .try_fold(1usize, |acc, c| acc.checked_mul(c.len()))
        .filter(|&n| n <= MAX_JOINT_CLASSES);
    // How many conditions on open issues each live interaction needs.
    let needed: Vec<usize> = live
        .iter()
        .map(|inter| {
            inter
                .when()
                .iter()
                .filter(|(ci, _)| terms[ci.index()].is_none())
                .count()
        })
        .collect();
    let Some(_) = joint else {
        // Too many joint classes: safe bounds from independent extremes and signed bonuses.
        for class in &classes {
            lo += class.iter().map(|c| c.min).fold(f64::INFINITY, f64::min);
            hi += class
                .iter()
                .map(|c| c.max)
                .fold(f64::NEG_INFINITY, f64::max);
        }
        for inter in &live {
            if inter.bonus() < 0.0 {
                lo += inter.bonus();
            } else {
                hi += inter.bonus();
            }
        }
        return Some((lo, hi));
    };
    // Odometer over joint classes.
    let mut digits = vec![0usize; classes.len()];
    let (mut best_lo, mut best_hi) = (f64::INFINITY, f64::NEG_INFINITY);
    let mut count = vec![0usize; live.len()];
    loop {
        count.iter_mut().for_each(|c| *c = 0);
        let (mut a, mut b) = (0.0, 0.0);
        for (d, class) in digits.iter().zip(&classes) {
            let c = &class[*d];
            a += c.min;
            b += c.max;
            for &k in &c.satisfied {
                count[k] += 1;
            }
        }
        let bonus: f64 = live
            .iter()
            .enumerate()
            .filter(|(k, _)| count[*k] == needed[*k])
            .map(|(_, inter)| inter.bonus())
            .sum();
        best_lo = best_lo.min(a + bonus);
        best_hi = best_hi.max(b + bonus);
        // Advance.
        let mut pos = 0;
        loop {
            if pos == digits.len() {
                return Some((lo + best_lo, hi + best_hi));
            }
            digits[pos] += 1;
            if digits[pos] < classes[pos].len() {
                break;
            }
            digits[pos] = 0;
            pos += 1;
        }
    }
}

fn min_max(values: impl Iterator<Item = f64>) -> (f64, f64) {
    values.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
        (a.min(v), b.max(v))
    })
}

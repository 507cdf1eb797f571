//! The analysis under agreement rules (quorum, required parties, scoped consent, ratifiers)
//! against a brute force written from scenario.md and analysis.md, on random small scenarios;
//! both methods, and merge against enumeration.

use accord_analysis::rule::RuleAnalysis;
use accord_analysis::{Analysis, BargainingSolution, Method};
use accord_model::{OptionIx, PartyIx, PointPreferences, Scenario};
use proptest::prelude::*;

use crate::common::{Spec, all_outcomes, parse, run, spec, to_toml};

/// The rule added to a random scenario.
#[derive(Clone, Debug)]
struct RuleSpec {
    /// Per issue: a status quo option (`None`: none).
    status_quo: Vec<Option<usize>>,
    /// Per party: `consent_on` issues (signatories only; empty: none).
    consent_on: Vec<Vec<usize>>,
    /// Per party: the party it ratifies for (non-signatories only), as a raw pick.
    ratifies: Vec<Option<usize>>,
    /// Per party: a raw ratification quorum pick.
    ratification: Vec<Option<usize>>,
    /// A raw quorum pick and raw required picks.
    quorum: Option<usize>,
    required: Vec<usize>,
}

fn with_rule(base: impl Strategy<Value = Spec>) -> impl Strategy<Value = (Spec, RuleSpec)> {
    base.prop_flat_map(|spec| {
        let m = spec.issues.len();
        let n = spec.parties.len();
        let sq = prop::collection::vec(prop::option::weighted(0.7, 0usize..8), m);
        let scope = prop::collection::vec(
            prop::collection::vec(0..m, 0..=2).prop_map(|mut v| {
                v.sort_unstable();
                v.dedup();
                v
            }),
            n,
        );
        let ratifies = prop::collection::vec(prop::option::weighted(0.6, 0usize..16), n);
        let ratification = prop::collection::vec(prop::option::weighted(0.4, 1usize..4), n);
        let quorum = prop::option::weighted(0.7, 1usize..8);
        let required = prop::collection::vec(0usize..8, 0..=2);
        (
            Just(spec),
            sq,
            scope,
            ratifies,
            ratification,
            quorum,
            required,
        )
            .prop_map(
                |(spec, sq, scope, ratifies, ratification, quorum, required)| {
                    let status_quo = sq
                        .iter()
                        .zip(&spec.issues)
                        .map(|(s, &(k, _))| s.map(|o| o % k))
                        .collect();
                    let rule = RuleSpec {
                        status_quo,
                        consent_on: scope,
                        ratifies,
                        ratification,
                        quorum,
                        required,
                    };
                    (spec, rule)
                },
            )
    })
}

/// The scenario text with the rule: status quos, `consent_on`, `ratifies`, `ratification`,
/// `[agreement]`, each only where valid.
fn rule_toml(spec: &Spec, rule: &RuleSpec) -> String {
    let mut text = to_toml(spec);
    let option_id = |i: usize, o: usize| -> String {
        if spec.issues[i].1 {
            format!("{}", o * 10)
        } else {
            format!("\"o{o}\"")
        }
    };
    for (i, sq) in rule.status_quo.iter().enumerate() {
        if let Some(o) = sq {
            let head = format!("[issues.i{i}]\n");
            text = text.replacen(
                &head,
                &format!("{head}status_quo = {}\n", option_id(i, *o)),
                1,
            );
        }
    }
    let signatories: Vec<usize> = (0..spec.parties.len())
        .filter(|&p| spec.parties[p].signatory)
        .collect();
    let mut ratifiers_of = vec![0usize; spec.parties.len()];
    let mut extra = vec![String::new(); spec.parties.len()];
    for (p, party) in spec.parties.iter().enumerate() {
        if party.signatory {
            if !rule.consent_on[p].is_empty() {
                let ids: Vec<String> = rule.consent_on[p]
                    .iter()
                    .map(|i| format!("\"i{i}\""))
                    .collect();
                extra[p] += &format!("consent_on = [{}]\n", ids.join(", "));
            }
        } else if let Some(r) = rule.ratifies[p]
            && !signatories.is_empty()
        {
            let target = signatories[r % signatories.len()];
            ratifiers_of[target] += 1;
            extra[p] += &format!("ratifies = \"p{target}\"\n");
        }
    }
    for (p, &k) in ratifiers_of.iter().enumerate() {
        if k > 0
            && let Some(q) = rule.ratification[p]
        {
            extra[p] += &format!("ratification = {{ quorum = {} }}\n", 1 + (q - 1) % k);
        }
    }
    for (p, e) in extra.iter().enumerate() {
        if e.is_empty() {
            continue;
        }
        // A ratifier's `signatory = false` stays: it is allowed beside `ratifies`.
        let head = format!("[parties.p{p}]\nname = \"P{p}\"\n");
        text = text.replacen(&head, &format!("{head}{e}"), 1);
    }
    if let Some(q) = rule.quorum
        && !signatories.is_empty()
    {
        let n = signatories.len();
        let quorum = 1 + (q - 1) % n;
        let mut required: Vec<usize> = rule.required.iter().map(|&r| signatories[r % n]).collect();
        required.sort_unstable();
        required.dedup();
        required.truncate(quorum);
        let ids: Vec<String> = required.iter().map(|p| format!("\"p{p}\"")).collect();
        text += &format!(
            "[agreement]\nquorum = {quorum}\nrequired = [{}]\n",
            ids.join(", ")
        );
    }
    text
}

/// Per outcome (in outcome order), whether it is an agreement under the rule, from the spec.
fn brute_agreements(s: &Scenario) -> Vec<bool> {
    let n = s.parties().len();
    let prefs: Vec<PointPreferences> = s
        .party_ixs()
        .map(|p| PointPreferences::midpoint(s, p))
        .collect();
    let signatories: Vec<usize> = (0..n)
        .filter(|&p| s.party(PartyIx::from_usize(p)).signatory())
        .collect();
    let rule = s.agreement_rule();
    let quorum = rule.quorum().unwrap_or(signatories.len());
    all_outcomes(s)
        .iter()
        .map(|o| {
            let own = |p: usize| prefs[p].accepts(o);
            let counts = |p: usize| {
                let party = s.party(PartyIx::from_usize(p));
                let needed = party.consent_on().is_none_or(|issues| {
                    issues
                        .iter()
                        .any(|&i| s.issue(i).status_quo() != Some(o[i.index()]))
                });
                let ratifiers: Vec<usize> = (0..n)
                    .filter(|&r| {
                        s.party(PartyIx::from_usize(r)).ratifies() == Some(PartyIx::from_usize(p))
                    })
                    .collect();
                let need = party.ratification_quorum().unwrap_or(ratifiers.len());
                !needed || (own(p) && ratifiers.iter().filter(|&&r| own(r)).count() >= need)
            };
            signatories.iter().filter(|&&p| counts(p)).count() >= quorum
                && rule.required().iter().all(|p| counts(p.index()))
        })
        .collect()
}

/// A plan setting every issue, appended to a scenario's text.
fn with_draft(mut text: String, spec: &Spec, plan: &[usize]) -> String {
    text += "[plans.draft]\ntitle = \"Draft\"\n[plans.draft.terms]\n";
    for (i, &(n, numeric)) in spec.issues.iter().enumerate() {
        let o = plan[i] % n;
        if numeric {
            text += &format!("i{i} = {}\n", o * 10);
        } else {
            text += &format!("i{i} = \"o{o}\"\n");
        }
    }
    text
}

/// What the brute force finds under the rule, written from the spec alone.
struct RuleBrute {
    outcomes: Vec<Vec<OptionIx>>,
    agreements: u64,
    /// The grand coalition's solutions (indices into outcomes).
    solutions: [Option<usize>; 4],
    /// Minimal winning coalitions (party indices), their counts and solutions.
    coalitions: Vec<(Vec<usize>, u64, [Option<usize>; 4])>,
    /// Parties with ratifiers: (party, alone, with ratifiers, shrinks most).
    win_sets: Vec<(usize, u64, u64, Option<usize>)>,
    /// Per signatory the rule can leave out: per criterion (Nash, utilitarian) the solution
    /// with it, without it, and the cost to each other signatory (utility without - with).
    price: Vec<(usize, Vec<Inclusion>)>,
}

/// One criterion's solutions with and without a party (indices into outcomes), and the cost.
type Inclusion = (Option<usize>, Option<usize>, Vec<(usize, f64)>);

const TOL: f64 = 1e-9;

fn rule_brute(s: &Scenario) -> RuleBrute {
    let n = s.parties().len();
    let prefs: Vec<PointPreferences> = s
        .party_ixs()
        .map(|p| PointPreferences::midpoint(s, p))
        .collect();
    let outcomes = all_outcomes(s);
    let own: Vec<Vec<bool>> = outcomes
        .iter()
        .map(|o| prefs.iter().map(|p| p.accepts(o)).collect())
        .collect();
    let u: Vec<Vec<f64>> = outcomes
        .iter()
        .map(|o| prefs.iter().map(|p| p.utility(o)).collect())
        .collect();
    let d: Vec<f64> = prefs.iter().map(|p| p.walk_away()).collect();
    let signatories: Vec<usize> = (0..n)
        .filter(|&p| s.party(PartyIx::from_usize(p)).signatory())
        .collect();
    let ratifiers: Vec<Vec<usize>> = (0..n)
        .map(|p| {
            (0..n)
                .filter(|&r| {
                    s.party(PartyIx::from_usize(r)).ratifies() == Some(PartyIx::from_usize(p))
                })
                .collect()
        })
        .collect();
    let ratification: Vec<usize> = (0..n)
        .map(|p| {
            s.party(PartyIx::from_usize(p))
                .ratification_quorum()
                .unwrap_or(ratifiers[p].len())
        })
        .collect();
    let needs = |p: usize, x: usize| -> bool {
        match s.party(PartyIx::from_usize(p)).consent_on() {
            None => true,
            Some(issues) => issues
                .iter()
                .any(|&i| s.issue(i).status_quo() != Some(outcomes[x][i.index()])),
        }
    };
    let accepts = |p: usize, x: usize| -> bool {
        own[x][p] && ratifiers[p].iter().filter(|&&r| own[x][r]).count() >= ratification[p]
    };
    let counts = |p: usize, x: usize| !needs(p, x) || accepts(p, x);
    let rule = s.agreement_rule();
    let quorum = rule.quorum().unwrap_or(signatories.len());
    let required: Vec<usize> = rule.required().iter().map(|p| p.index()).collect();
    let agreements = (0..outcomes.len())
        .filter(|&x| {
            signatories.iter().filter(|&&p| counts(p, x)).count() >= quorum
                && required.iter().all(|&p| counts(p, x))
        })
        .count() as u64;
    // Solutions over the outcomes every member of `group` counts as accepting, criteria over
    // the members each outcome asks.
    let solve = |group: &[usize]| -> [Option<usize>; 4] {
        let range: Vec<usize> = (0..outcomes.len())
            .filter(|&x| group.iter().all(|&p| counts(p, x)))
            .collect();
        let mut out = [None; 4];
        if range.is_empty() {
            return out;
        }
        let asked =
            |x: usize| -> Vec<usize> { group.iter().copied().filter(|&p| needs(p, x)).collect() };
        let ideal: Vec<f64> = (0..n)
            .map(|p| {
                range
                    .iter()
                    .filter(|&&x| group.contains(&p) && needs(p, x))
                    .map(|&x| u[x][p])
                    .fold(f64::NEG_INFINITY, f64::max)
            })
            .collect();
        let nash = |x: usize| -> f64 {
            asked(x)
                .iter()
                .map(|&p| u[x][p] - d[p])
                .map(|g| if g > TOL { g } else { 0.0 })
                .product()
        };
        let kalai = |x: usize| -> f64 {
            asked(x)
                .iter()
                .filter(|&&p| ideal[p] - d[p] > TOL)
                .map(|&p| (u[x][p] - d[p]) / (ideal[p] - d[p]))
                .fold(f64::INFINITY, f64::min)
        };
        let min_gain = |x: usize| -> f64 {
            asked(x)
                .iter()
                .map(|&p| u[x][p] - d[p])
                .fold(f64::INFINITY, f64::min)
        };
        let sum = |x: usize| -> f64 { asked(x).iter().map(|&p| u[x][p] - d[p]).sum() };
        let best = |f: &dyn Fn(usize) -> f64| {
            range
                .iter()
                .map(|&x| f(x))
                .fold(f64::NEG_INFINITY, f64::max)
        };
        let first = |ok: &dyn Fn(usize) -> bool| range.iter().copied().find(|&x| ok(x));
        let bn = best(&nash);
        out[0] = first(&|x| nash(x) >= bn - 1e-9 * bn.abs());
        let bk = best(&kalai);
        out[1] = first(&|x| kalai(x) >= bk - TOL);
        let bm = best(&min_gain);
        let bs = best(&|x| {
            if min_gain(x) >= bm - TOL {
                sum(x)
            } else {
                f64::NEG_INFINITY
            }
        });
        out[2] = first(&|x| min_gain(x) >= bm - TOL && sum(x) >= bs - TOL);
        let bu = best(&sum);
        out[3] = first(&|x| sum(x) >= bu - TOL);
        out
    };
    let solutions = solve(&signatories);
    // The value of Nash (`nash`) or of the sum of gains at every outcome a group all counts as
    // accepting, over the members each outcome asks.
    let values = |group: &[usize], nash: bool| -> Vec<(usize, f64)> {
        (0..outcomes.len())
            .filter(|&x| group.iter().all(|&p| counts(p, x)))
            .map(|x| {
                let gains = group
                    .iter()
                    .filter(|&&p| needs(p, x))
                    .map(|&p| u[x][p] - d[p]);
                let v = if nash {
                    gains.map(|g| if g > TOL { g } else { 0.0 }).product()
                } else {
                    gains.sum()
                };
                (x, v)
            })
            .collect()
    };
    // Minimal winning coalitions: every `quorum`-subset of the signatories holding the
    // required ones, lexicographically.
    let mut coalitions = Vec::new();
    if quorum < signatories.len() {
        let k = signatories.len();
        let mut subsets: Vec<Vec<usize>> = (0u64..1 << k)
            .filter(|m| m.count_ones() as usize == quorum)
            .map(|m| {
                (0..k)
                    .filter(|b| m >> b & 1 == 1)
                    .map(|b| signatories[b])
                    .collect::<Vec<_>>()
            })
            .filter(|c: &Vec<usize>| required.iter().all(|r| c.contains(r)))
            .collect();
        subsets.sort();
        for c in subsets {
            let count = (0..outcomes.len())
                .filter(|&x| c.iter().all(|&p| counts(p, x)))
                .count() as u64;
            let sol = solve(&c);
            coalitions.push((c, count, sol));
        }
    }
    // The price of inclusion: over the coalitions with (or without) the party, the best value
    // of a criterion any of them reaches at one of its outcomes (each over its own members),
    // and the first outcome in outcome order at which some such coalition reaches it.
    let mut price = Vec::new();
    if quorum < signatories.len() {
        for &p in signatories.iter().filter(|p| !required.contains(p)) {
            let mut per = Vec::new();
            for nash in [true, false] {
                let pick = |with: bool| -> Option<usize> {
                    let vals: Vec<Vec<(usize, f64)>> = coalitions
                        .iter()
                        .filter(|(c, _, _)| c.contains(&p) == with)
                        .map(|(c, _, _)| values(c, nash))
                        .collect();
                    let best = vals
                        .iter()
                        .flatten()
                        .map(|&(_, v)| v)
                        .fold(f64::NEG_INFINITY, f64::max);
                    let reaches = |v: f64| {
                        if nash {
                            v >= best - 1e-9 * best.abs()
                        } else {
                            v >= best - TOL
                        }
                    };
                    vals.iter()
                        .flatten()
                        .filter(|&&(_, v)| reaches(v))
                        .map(|&(x, _)| x)
                        .min()
                };
                let (inc, out) = (pick(true), pick(false));
                let cost = match (inc, out) {
                    (Some(i), Some(o)) => signatories
                        .iter()
                        .filter(|&&q| q != p)
                        .map(|&q| (q, u[o][q] - u[i][q]))
                        .collect(),
                    _ => Vec::new(),
                };
                per.push((inc, out, cost));
            }
            price.push((p, per));
        }
    }
    let win_sets = (0..n)
        .filter(|&p| !ratifiers[p].is_empty())
        .map(|p| {
            let alone = (0..outcomes.len()).filter(|&x| own[x][p]).count() as u64;
            let with = (0..outcomes.len()).filter(|&x| accepts(p, x)).count() as u64;
            let vetoes: Vec<usize> = ratifiers[p]
                .iter()
                .map(|&r| {
                    (0..outcomes.len())
                        .filter(|&x| own[x][p] && !own[x][r])
                        .count()
                })
                .collect();
            let most = vetoes.iter().copied().max().unwrap_or(0);
            let shrinks =
                (most > 0).then(|| ratifiers[p][vetoes.iter().position(|&v| v == most).unwrap()]);
            (p, alone, with, shrinks)
        })
        .collect();
    RuleBrute {
        outcomes,
        agreements,
        solutions,
        coalitions,
        win_sets,
        price,
    }
}

fn check_rule(a: &Analysis, b: &RuleBrute) -> Result<(), TestCaseError> {
    prop_assert_eq!(a.agreements, Some(b.agreements), "agreements");
    let outcome = |x: Option<usize>| x.map(|x| b.outcomes[x].clone());
    for (k, (c, sol)) in a.solutions.iter().enumerate() {
        prop_assert_eq!(
            sol.as_ref().map(|p| p.outcome.clone()),
            outcome(b.solutions[k]),
            "{:?}",
            c
        );
    }
    let none = RuleAnalysis {
        coalitions: None,
        win_sets: Vec::new(),
        price_of_inclusion: Vec::new(),
    };
    let r = a.rule.as_ref().unwrap_or(&none);
    match &r.coalitions {
        None => prop_assert!(b.coalitions.is_empty(), "coalitions missing"),
        Some(cs) => {
            prop_assert_eq!(cs.left_out, 0);
            prop_assert_eq!(cs.listed.len(), b.coalitions.len());
            for (c, (members, count, sol)) in cs.listed.iter().zip(&b.coalitions) {
                let got: Vec<usize> = c.members.iter().map(|p| p.index()).collect();
                prop_assert_eq!(&got, members);
                prop_assert_eq!(c.agreements, Some(*count), "coalition {:?} count", members);
                for (k, (s, p)) in c.solutions.iter().enumerate() {
                    prop_assert_eq!(
                        p.as_ref().map(|p| p.outcome.clone()),
                        outcome(sol[k]),
                        "coalition {:?} {:?}",
                        members,
                        s
                    );
                }
            }
        }
    }
    prop_assert_eq!(r.win_sets.len(), b.win_sets.len());
    for (w, &(p, alone, with, shrinks)) in r.win_sets.iter().zip(&b.win_sets) {
        prop_assert_eq!(w.party.index(), p);
        prop_assert_eq!(w.alone, Some(alone));
        prop_assert_eq!(w.with_ratifiers, Some(with));
        prop_assert_eq!(w.shrinks_most.map(|r| r.index()), shrinks);
    }
    prop_assert_eq!(r.price_of_inclusion.len(), b.price.len());
    for (got, (p, per)) in r.price_of_inclusion.iter().zip(&b.price) {
        prop_assert_eq!(got.party.index(), *p);
        prop_assert_eq!(got.solutions.len(), 2);
        for (x, (want, (inc, out, cost))) in got.solutions.iter().zip(
            [BargainingSolution::Nash, BargainingSolution::Utilitarian]
                .iter()
                .zip(per),
        ) {
            prop_assert_eq!(x.solution, *want);
            prop_assert_eq!(
                x.included.as_ref().map(|q| q.outcome.clone()),
                outcome(*inc),
                "party {} {:?} with it",
                p,
                want
            );
            prop_assert_eq!(
                x.left_out.as_ref().map(|q| q.outcome.clone()),
                outcome(*out),
                "party {} {:?} without it",
                p,
                want
            );
            prop_assert_eq!(x.cost.len(), cost.len());
            for ((q, c), (bq, bc)) in x.cost.iter().zip(cost) {
                prop_assert_eq!(q.index(), *bq);
                prop_assert!((c - bc).abs() < 1e-12, "cost to {} {} {}", bq, c, bc);
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Additive scenarios: merge and enumeration both match the brute force.
    #[test]
    fn rules_match_brute_force((spec, rule) in with_rule(spec(4, 3, 5, false))) {
        let s = parse(&rule_toml(&spec, &rule));
        let b = rule_brute(&s);
        for method in [Method::Merge, Method::Enumerate] {
            let a = run(&s, method, None, false);
            check_rule(&a, &b)?;
        }
    }

    /// With interactions (enumeration only).
    #[test]
    fn rules_with_interactions_match_brute_force((spec, rule) in with_rule(spec(4, 3, 5, true))) {
        let s = parse(&rule_toml(&spec, &rule));
        let b = rule_brute(&s);
        let a = run(&s, Method::Auto, None, false);
        check_rule(&a, &b)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 150, ..ProptestConfig::default() })]

    /// Amendments under a rule are exactly the minimal change sets that reach an agreement
    /// under the rule.
    #[test]
    fn amendments_under_rules_are_the_minimal_sets(
        (spec, rule) in with_rule(spec(4, 3, 4, true)),
        plan in prop::collection::vec(0usize..3, 4),
        k in 1usize..4,
    ) {
        let s = parse(&with_draft(rule_toml(&spec, &rule), &spec, &plan));
        let a = accord_analysis::amend::amendments(&s, accord_model::PlanIx::from_usize(0), k).unwrap();
        let draft: Vec<OptionIx> = accord_model::plan_terms(&s, accord_model::PlanIx::from_usize(0))
            .into_iter()
            .map(|t| t.unwrap())
            .collect();
        let outcomes = all_outcomes(&s);
        let agreement = brute_agreements(&s);
        let changed = |o: &[OptionIx]| -> Vec<usize> { (0..o.len()).filter(|&i| o[i] != draft[i]).collect() };
        let mut works: Vec<Vec<usize>> = outcomes
            .iter()
            .zip(&agreement)
            .filter(|(_, a)| **a)
            .map(|(o, _)| changed(o))
            .collect();
        works.sort();
        works.dedup();
        prop_assert_eq!(a.already_agreement, works.iter().any(|w| w.is_empty()));
        let minimal: Vec<Vec<usize>> = if a.already_agreement {
            Vec::new()
        } else {
            works
                .iter()
                .filter(|w| w.len() <= k && !works.iter().any(|v| v != *w && v.iter().all(|i| w.contains(i))))
                .cloned()
                .collect()
        };
        let mut got: Vec<Vec<usize>> = a
            .amendments
            .iter()
            .map(|x| x.changes.iter().map(|(i, _)| i.index()).collect())
            .collect();
        got.sort();
        prop_assert_eq!(got, minimal);
        for x in &a.amendments {
            let at = outcomes.iter().position(|o| *o == x.outcome).unwrap();
            prop_assert!(agreement[at]);
        }
    }

    /// Improvements under a rule: the undominated agreements under the rule that every
    /// signatory weakly prefers to the draft, one strictly.
    #[test]
    fn improvements_under_rules_match_brute_force(
        (spec, rule) in with_rule(spec(4, 3, 4, true)),
        plan in prop::collection::vec(0usize..3, 4),
    ) {
        let text = with_draft(rule_toml(&spec, &rule), &spec, &plan);
        let s = parse(&text);
        // Without a rule, improvements need not be agreements (brute_force.rs checks them).
        prop_assume!(!s.consent_rule().is_unanimity());
        let plan = accord_model::PlanIx::from_usize(0);
        let imp = accord_analysis::improve::improvements(&s, plan, usize::MAX).unwrap();
        let draft: Vec<OptionIx> = accord_model::plan_terms(&s, plan)
            .into_iter()
            .map(|t| t.unwrap())
            .collect();
        let prefs: Vec<PointPreferences> = s
            .party_ixs()
            .map(|p| PointPreferences::midpoint(&s, p))
            .collect();
        let sig: Vec<usize> = s.party_ixs().filter(|&p| s.party(p).signatory()).map(|p| p.index()).collect();
        let util = |o: &[OptionIx]| -> Vec<f64> { sig.iter().map(|&p| prefs[p].utility(o)).collect() };
        let d = util(&draft);
        let outcomes = all_outcomes(&s);
        let agreement = brute_agreements(&s);
        let candidates: Vec<Vec<f64>> = outcomes
            .iter()
            .zip(&agreement)
            .filter(|(_, a)| **a)
            .map(|(o, _)| util(o))
            .filter(|u| crate::common::dominates(u, &d))
            .collect();
        let mut want: Vec<Vec<f64>> = candidates
            .iter()
            .filter(|u| !candidates.iter().any(|v| crate::common::dominates(v, u)))
            .cloned()
            .collect();
        let key = |v: &Vec<f64>| v.iter().map(|x| (x * 1e6).round() as i64).collect::<Vec<_>>();
        want.sort_by_key(key);
        want.dedup_by(|a, b| key(a) == key(b));
        let mut got: Vec<Vec<f64>> = imp.ranked[0].1.iter().map(|i| i.utilities.clone()).collect();
        got.sort_by_key(key);
        got.dedup_by(|a, b| key(a) == key(b));
        prop_assert_eq!(
            got.iter().map(key).collect::<Vec<_>>(),
            want.iter().map(key).collect::<Vec<_>>(),
            "{}",
            text
        );
    }
}

/// The generator exercises every part of the rule: quorums below the signatories (with
/// coalitions to compare), scoped consent, and ratifiers, in a good share of its scenarios.
#[test]
fn generated_rules_cover_every_part() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = with_rule(spec(4, 3, 5, false));
    let (mut coalitions, mut scoped, mut ratified, mut agreeing) = (0, 0, 0, 0);
    for _ in 0..200 {
        let (spec, rule) = strategy.new_tree(&mut runner).unwrap().current();
        let s = parse(&rule_toml(&spec, &rule));
        let b = rule_brute(&s);
        coalitions += usize::from(!b.coalitions.is_empty());
        ratified += usize::from(!b.win_sets.is_empty());
        agreeing += usize::from(b.solutions[0].is_some());
        scoped += usize::from(s.parties().iter().any(|p| p.consent_on().is_some()));
    }
    assert!(coalitions >= 40, "{coalitions} with coalitions");
    assert!(scoped >= 40, "{scoped} with scoped consent");
    assert!(ratified >= 40, "{ratified} with ratifiers");
    assert!(agreeing >= 40, "{agreeing} with agreements");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 60, ..ProptestConfig::default() })]

    /// Past the brute force's reach: merge and enumeration agree under the rules (solutions,
    /// counts, coalitions, win-sets, price of inclusion).
    #[test]
    fn merge_matches_enumeration_under_rules((spec, rule) in with_rule(spec(6, 4, 5, false))) {
        let s = parse(&rule_toml(&spec, &rule));
        let m = run(&s, Method::Merge, None, false);
        let e = run(&s, Method::Enumerate, None, false);
        prop_assert_eq!(m.agreements, e.agreements);
        prop_assert_eq!(&m.solutions, &e.solutions);
        // The coalitions' Nash products are sums in different orders: equal within 1e-9.
        let (mut mr, mut er) = (m.rule.clone(), e.rule.clone());
        for c in mr
            .iter_mut()
            .chain(er.iter_mut())
            .flat_map(|r| r.coalitions.iter_mut())
            .flat_map(|c| c.listed.iter_mut())
        {
            c.nash_product = None;
        }
        let products = |a: &accord_analysis::Analysis| -> Vec<Option<f64>> {
            a.rule
                .iter()
                .flat_map(|r| r.coalitions.iter())
                .flat_map(|c| c.listed.iter().map(|c| c.nash_product))
                .collect()
        };
        for (x, y) in products(&m).into_iter().zip(products(&e)) {
            match (x, y) {
                (Some(x), Some(y)) => prop_assert!((x - y).abs() <= 1e-9 * x.abs().max(1.0)),
                (x, y) => prop_assert_eq!(x, y),
            }
        }
        prop_assert_eq!(mr, er);
    }
}

/// More than 1,000 minimal winning coalitions: the first 1,000 are listed, in order, the
/// rest counted, and the price of inclusion (which needs them all) is left out.
#[test]
fn coalitions_past_the_limit_are_counted() {
    use accord_analysis::synthetic::{Shape, additive_scenario};
    let shape = Shape {
        parties: 14,
        issues: 2,
        options: 2,
        walk_away: 0.2,
        interactions: false,
    };
    let text = additive_scenario(shape, 7) + "\n[agreement]\nquorum = 7\n";
    let s = parse(&text);
    let a = run(&s, Method::Auto, None, false);
    let r = a.rule.expect("a rule");
    let c = r.coalitions.expect("coalitions");
    // 14 choose 7.
    assert_eq!(c.listed.len(), 1000);
    assert_eq!(c.left_out, 3432 - 1000);
    let first: Vec<usize> = c.listed[0].members.iter().map(|p| p.index()).collect();
    assert_eq!(first, (0..7).collect::<Vec<_>>());
    assert!(c.listed.windows(2).all(|w| w[0].members < w[1].members));
    assert!(r.price_of_inclusion.is_empty());
}

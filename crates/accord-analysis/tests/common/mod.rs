//! Random small scenarios (as accord/1 text) and an independent brute force over them, written
//! from `analysis.md` without using the engine's code.
#![allow(dead_code)]

use accord_analysis::{Analysis, Method, Options, analyze};
use accord_model::{OptionIx, PartyIx, PointPreferences, Scenario};
use proptest::prelude::*;

/// Two conditions (issue, option) and a bonus in hundredths.
pub type Interaction = ((usize, usize), (usize, usize), i32);

/// A random scenario's ingredients.
#[derive(Clone, Debug)]
pub struct Spec {
    /// Options per issue; `true` = numeric grid.
    pub issues: Vec<(usize, bool)>,
    pub parties: Vec<PartySpec>,
}

#[derive(Clone, Debug)]
pub struct PartySpec {
    pub signatory: bool,
    /// Tenths.
    pub walk_away: u32,
    /// Per issue: weight (0 = not listed) and whether the weight is an interval.
    pub weights: Vec<(u32, bool)>,
    /// Per issue, per option: score in tenths.
    pub scores: Vec<Vec<u32>>,
    /// Red lines: (issue, option).
    pub red_lines: Vec<(usize, usize)>,
    /// Interactions: ((issue, option), (issue, option), bonus in hundredths, signed).
    pub interactions: Vec<Interaction>,
}

pub fn spec(
    max_issues: usize,
    max_options: usize,
    max_parties: usize,
    interactions: bool,
) -> impl Strategy<Value = Spec> {
    let issues = prop::collection::vec((2..=max_options, any::<bool>()), 1..=max_issues);
    (issues, 1..=max_parties).prop_flat_map(move |(issues, n)| {
        let party = party_spec(issues.clone(), interactions);
        (Just(issues), prop::collection::vec(party, n))
            .prop_map(|(issues, parties)| Spec { issues, parties })
    })
}

fn party_spec(issues: Vec<(usize, bool)>, interactions: bool) -> impl Strategy<Value = PartySpec> {
    let m = issues.len();
    let weights = prop::collection::vec((0u32..4, prop::bool::weighted(0.2)), m);
    let scores = issues
        .iter()
        .map(|&(k, _)| prop::collection::vec(0u32..=10, k))
        .collect::<Vec<_>>();
    let pick = issues.clone();
    let option_at = move |(i, o): (usize, usize)| {
        let i = i % pick.len();
        (i, o % pick[i].0)
    };
    let opt2 = option_at.clone();
    let red = prop::collection::vec((0..m, 0usize..8).prop_map(option_at), 0..2);
    let inter = prop::collection::vec(
        ((0..m, 0usize..8), (0..m, 0usize..8), -15i32..=15),
        if interactions { 0..3 } else { 0..1 },
    )
    .prop_map(move |v| {
        v.into_iter()
            .map(|(a, b, bonus)| (opt2(a), opt2(b), bonus))
            .collect::<Vec<_>>()
    });
    (
        any::<bool>(),
        prop::bool::weighted(0.8),
        0u32..=7,
        weights,
        scores,
        red,
        inter,
    )
        .prop_map(
            move |(first_weight, signatory, walk_away, mut weights, scores, red_lines, inters)| {
                if weights.iter().all(|w| w.0 == 0) {
                    weights[0].0 = 1 + u32::from(first_weight);
                }
                let interactions = if interactions { inters } else { Vec::new() };
                PartySpec {
                    signatory,
                    walk_away,
                    weights,
                    scores,
                    red_lines,
                    interactions,
                }
            },
        )
}

/// The scenario as accord/1 text.
pub fn to_toml(spec: &Spec) -> String {
    let mut s = String::from(
        "format = \"accord/1\"\n[scenario]\nid = \"random\"\ntitle = \"Random\"\n[areas.a]\ntitle = \"A\"\n",
    );
    let option_id = |i: usize, o: usize| -> String {
        if spec.issues[i].1 {
            format!("{}", o * 10)
        } else {
            format!("\"o{o}\"")
        }
    };
    for (i, &(k, numeric)) in spec.issues.iter().enumerate() {
        s += &format!("[issues.i{i}]\narea = \"a\"\ntitle = \"Issue {i}\"\n");
        if numeric {
            s += &format!("range = {{ min = 0, max = {}, step = 10 }}\n", (k - 1) * 10);
        } else {
            let opts: Vec<String> = (0..k).map(|o| format!("{{ id = \"o{o}\" }}")).collect();
            s += &format!("options = [{}]\n", opts.join(", "));
        }
    }
    for (p, party) in spec.parties.iter().enumerate() {
        s += &format!(
            "[parties.p{p}]\nname = \"P{p}\"\nsignatory = {}\nwalk_away = {}\n",
            party.signatory,
            f64::from(party.walk_away) / 10.0
        );
        if !party.red_lines.is_empty() {
            let mut by_issue: std::collections::BTreeMap<usize, Vec<String>> = Default::default();
            for &(i, o) in &party.red_lines {
                if !spec.issues[i].1 {
                    let e = by_issue.entry(i).or_default();
                    let id = option_id(i, o);
                    if !e.contains(&id) {
                        e.push(id);
                    }
                }
            }
            if !by_issue.is_empty() {
                let parts: Vec<String> = by_issue
                    .iter()
                    .map(|(i, ids)| format!("i{i} = [{}]", ids.join(", ")))
                    .collect();
                s += &format!("red_lines = {{ {} }}\n", parts.join(", "));
            }
        }
        s += &format!("[parties.p{p}.weights]\n");
        for (i, &(w, interval)) in party.weights.iter().enumerate() {
            if w > 0 {
                if interval {
                    s += &format!("i{i} = [{}, {}]\n", w, w + 2);
                } else {
                    s += &format!("i{i} = {w}\n");
                }
            }
        }
        for (i, &(w, _)) in party.weights.iter().enumerate() {
            if w == 0 {
                continue;
            }
            s += &format!("[parties.p{p}.scores.i{i}]\n");
            if spec.issues[i].1 {
                let pts: Vec<String> = party.scores[i]
                    .iter()
                    .enumerate()
                    .map(|(o, sc)| format!("[{}, {}]", o * 10, f64::from(*sc) / 10.0))
                    .collect();
                s += &format!("curve = [{}]\n", pts.join(", "));
            } else {
                for (o, sc) in party.scores[i].iter().enumerate() {
                    s += &format!("o{o} = {}\n", f64::from(*sc) / 10.0);
                }
            }
        }
        for &((i1, o1), (i2, o2), bonus) in &party.interactions {
            if i1 == i2 {
                continue;
            }
            s += &format!(
                "[[parties.p{p}.interactions]]\nwhen = {{ i{i1} = {}, i{i2} = {} }}\nbonus = {}\n",
                cond(spec, i1, o1),
                cond(spec, i2, o2),
                f64::from(bonus) / 100.0
            );
        }
    }
    s
}

fn cond(spec: &Spec, i: usize, o: usize) -> String {
    if spec.issues[i].1 {
        format!("{{ min = {}, max = {} }}", o * 10, o * 10 + 10)
    } else {
        format!("\"o{o}\"")
    }
}

pub fn parse(text: &str) -> Scenario {
    let parsed = accord_model::parse(text);
    match parsed.scenario {
        Some(s) => s,
        None => panic!(
            "invalid generated scenario: {:?}\n{text}",
            parsed.diagnostics
        ),
    }
}

/// Every outcome in outcome order.
pub fn all_outcomes(s: &Scenario) -> Vec<Vec<OptionIx>> {
    let mut out = vec![Vec::new()];
    for issue in s.issues() {
        let mut next = Vec::new();
        for prefix in &out {
            for o in issue.options() {
                let mut v = prefix.clone();
                v.push(o);
                next.push(v);
            }
        }
        out = next;
    }
    out
}

const TOL: f64 = 1e-9;

pub fn dominates(a: &[f64], b: &[f64]) -> bool {
    a.iter().zip(b).all(|(x, y)| *x >= *y - TOL) && a.iter().zip(b).any(|(x, y)| *x > *y + TOL)
}

/// What the brute force finds.
#[derive(Debug)]
pub struct Brute {
    pub parties: Vec<PartyIx>,
    pub outcomes: Vec<Vec<OptionIx>>,
    /// Utilities of the frontier parties per outcome.
    pub utilities: Vec<Vec<f64>>,
    /// Indices into outcomes.
    pub frontier: Vec<usize>,
    pub agreements: Vec<usize>,
    /// Per bargaining solution (Nash, Kalai–Smorodinsky, egalitarian, utilitarian): index of the winner.
    pub solutions: [Option<usize>; 4],
    /// Per criterion: every agreement that reaches the optimum (the winner is the first).
    pub optimal: [Vec<usize>; 4],
}

pub fn brute(s: &Scenario, parties: &[PartyIx]) -> Brute {
    let prefs: Vec<PointPreferences> = s
        .party_ixs()
        .map(|p| PointPreferences::midpoint(s, p))
        .collect();
    let outcomes = all_outcomes(s);
    let utilities: Vec<Vec<f64>> = outcomes
        .iter()
        .map(|o| {
            parties
                .iter()
                .map(|p| prefs[p.index()].utility(o))
                .collect()
        })
        .collect();
    let frontier: Vec<usize> = (0..outcomes.len())
        .filter(|&x| !(0..outcomes.len()).any(|y| dominates(&utilities[y], &utilities[x])))
        .collect();
    let signatories: Vec<usize> = s
        .party_ixs()
        .filter(|p| s.party(*p).signatory())
        .map(|p| p.index())
        .collect();
    let agreements: Vec<usize> = (0..outcomes.len())
        .filter(|&x| signatories.iter().all(|&p| prefs[p].accepts(&outcomes[x])))
        .collect();
    let su: Vec<Vec<f64>> = outcomes
        .iter()
        .map(|o| signatories.iter().map(|&p| prefs[p].utility(o)).collect())
        .collect();
    let d: Vec<f64> = signatories.iter().map(|&p| prefs[p].walk_away()).collect();
    let mut solutions = [None; 4];
    let mut optimal: [Vec<usize>; 4] = Default::default();
    if !agreements.is_empty() {
        let ideal: Vec<f64> = (0..d.len())
            .map(|k| {
                agreements
                    .iter()
                    .map(|&x| su[x][k])
                    .fold(f64::MIN, f64::max)
            })
            .collect();
        let nash = |x: usize| -> f64 {
            (0..d.len())
                .map(|k| su[x][k] - d[k])
                .map(|g| if g > TOL { g } else { 0.0 })
                .product()
        };
        let kalai_smorodinsky = |x: usize| -> f64 {
            (0..d.len())
                .filter(|&k| ideal[k] - d[k] > TOL)
                .map(|k| (su[x][k] - d[k]) / (ideal[k] - d[k]))
                .fold(f64::INFINITY, f64::min)
        };
        let min_gain = |x: usize| -> f64 {
            (0..d.len())
                .map(|k| su[x][k] - d[k])
                .fold(f64::INFINITY, f64::min)
        };
        let sum = |x: usize| -> f64 { su[x].iter().sum() };
        let best = |f: &dyn Fn(usize) -> f64| {
            agreements
                .iter()
                .map(|&x| f(x))
                .fold(f64::NEG_INFINITY, f64::max)
        };
        let all = |ok: &dyn Fn(usize) -> bool| -> Vec<usize> {
            agreements.iter().copied().filter(|&x| ok(x)).collect()
        };
        let bn = best(&nash);
        optimal[0] = all(&|x| nash(x) >= bn - 1e-9 * bn.abs());
        let bk = best(&kalai_smorodinsky);
        optimal[1] = all(&|x| kalai_smorodinsky(x) >= bk - TOL);
        let bm = best(&min_gain);
        let bs = best(&|x| {
            if min_gain(x) >= bm - TOL {
                sum(x)
            } else {
                f64::NEG_INFINITY
            }
        });
        optimal[2] = all(&|x| min_gain(x) >= bm - TOL && sum(x) >= bs - TOL);
        let bu = best(&sum);
        optimal[3] = all(&|x| sum(x) >= bu - TOL);
        for k in 0..4 {
            solutions[k] = optimal[k].first().copied();
        }
    }
    Brute {
        parties: parties.to_vec(),
        outcomes,
        utilities,
        frontier,
        agreements,
        solutions,
        optimal,
    }
}

/// Parties with preferences, in file order (the default frontier parties).
pub fn default_parties(s: &Scenario) -> Vec<PartyIx> {
    s.party_ixs()
        .filter(|p| s.party(*p).has_preferences())
        .collect()
}

/// Runs the engine.
pub fn run(
    s: &Scenario,
    method: Method,
    parties: Option<Vec<PartyIx>>,
    distinct: bool,
) -> Analysis {
    let options = Options {
        parties,
        distinct,
        method,
        ..Options::default()
    };
    analyze(s, &options).expect("small scenarios are analyzed")
}

/// Checks an analysis against the brute force; returns a message on mismatch.
pub fn check(s: &Scenario, a: &Analysis, b: &Brute, distinct: bool) -> Result<(), TestCaseError> {
    prop_assert_eq!(a.outcomes.to_string(), b.outcomes.len().to_string());
    prop_assert_eq!(a.agreements, Some(b.agreements.len() as u64));
    prop_assert_eq!(&a.parties, &b.parties);
    // Frontier: same outcomes (distinct: the first of each group of equal vectors).
    let mut expected: Vec<usize> = Vec::new();
    for &x in &b.frontier {
        let dup = expected.iter().any(|&y| {
            b.utilities[y]
                .iter()
                .zip(&b.utilities[x])
                .all(|(p, q)| (p - q).abs() <= 1e-9)
        });
        if !(distinct && dup) {
            expected.push(x);
        }
    }
    let mut got: Vec<Vec<OptionIx>> = a.frontier.iter().map(|p| p.outcome.clone()).collect();
    let mut want: Vec<Vec<OptionIx>> = expected.iter().map(|&x| b.outcomes[x].clone()).collect();
    got.sort();
    want.sort();
    prop_assert_eq!(got, want, "frontier outcomes differ");
    // Every frontier point undominated, utilities exact, order by first party descending.
    for w in a.frontier.windows(2) {
        if let (Some(x), Some(y)) = (w[0].utilities.first(), w[1].utilities.first()) {
            prop_assert!(x + 1e-9 >= *y, "frontier not sorted");
            if (x - y).abs() <= 1e-9 {
                prop_assert!(w[0].outcome < w[1].outcome, "ties not in outcome order");
            }
        }
    }
    for p in &a.frontier {
        let x = b.outcomes.iter().position(|o| *o == p.outcome).unwrap();
        prop_assert_eq!(&p.utilities, &b.utilities[x], "utilities not bit-identical");
    }
    // Solutions: the brute force's winners, exactly.
    for (k, (c, sol)) in a.solutions.iter().enumerate() {
        let want = b.solutions[k].map(|x| b.outcomes[x].clone());
        let got = sol.as_ref().map(|p| p.outcome.clone());
        prop_assert_eq!(got, want, "{:?} differs\n{}", c, s.id());
    }
    Ok(())
}

/// The same scenario with issues listed in another order: `order[k]` is the old index of the
/// issue now at position `k`.
pub fn permute_issues(spec: &Spec, order: &[usize]) -> Spec {
    let new_of = |old: usize| order.iter().position(|&o| o == old).unwrap();
    Spec {
        issues: order.iter().map(|&o| spec.issues[o]).collect(),
        parties: spec
            .parties
            .iter()
            .map(|p| PartySpec {
                signatory: p.signatory,
                walk_away: p.walk_away,
                weights: order.iter().map(|&o| p.weights[o]).collect(),
                scores: order.iter().map(|&o| p.scores[o].clone()).collect(),
                red_lines: p.red_lines.iter().map(|&(i, o)| (new_of(i), o)).collect(),
                interactions: p
                    .interactions
                    .iter()
                    .map(|&((i1, o1), (i2, o2), b)| ((new_of(i1), o1), (new_of(i2), o2), b))
                    .collect(),
            })
            .collect(),
    }
}

/// A draft `[plans.draft]` for `spec`, per issue by `modes[i] % 4`: 0 or 1, the term
/// `picks[i]`; 2, left out (open: the generated issues have no status quo); 3, a listed pair of
/// options (`picks[i]` and the next one). Returns the TOML and, per issue, the options the draft
/// admits (written from scenario.md, "Plans").
pub fn partial_draft(spec: &Spec, picks: &[usize], modes: &[usize]) -> (String, Vec<Vec<usize>>) {
    let mut text = String::from("[plans.draft]\ntitle = \"Draft\"\n[plans.draft.terms]\n");
    let mut admitted = Vec::new();
    let id = |i: usize, o: usize| -> String {
        if spec.issues[i].1 {
            format!("{}", o * 10)
        } else {
            format!("\"o{o}\"")
        }
    };
    for (i, &(k, _)) in spec.issues.iter().enumerate() {
        let a = picks[i] % k;
        match modes[i] % 4 {
            2 => admitted.push((0..k).collect()),
            3 => {
                let b = (a + 1) % k;
                text += &format!("i{i} = [{}, {}]\n", id(i, a), id(i, b));
                let mut both = vec![a, b];
                both.sort_unstable();
                admitted.push(both);
            }
            _ => {
                text += &format!("i{i} = {}\n", id(i, a));
                admitted.push(vec![a]);
            }
        }
    }
    (text, admitted)
}

//! Random small scenarios for property tests, with an independent utility computation.
//!
//! The generator keeps the raw numbers it writes into the TOML text, so tests can compute
//! utilities straight from the spec's formula without going through the crate's own code.

#![allow(dead_code)]

use proptest::prelude::*;

/// An issue: discrete with `n` options, or a numeric grid `0, step, ..., (n-1)*step`.
#[derive(Clone, Debug)]
pub struct GenIssue {
    pub numeric: Option<f64>, // the step, for a grid
    pub n: usize,
    pub status_quo: Option<usize>,
}

impl GenIssue {
    pub fn value(&self, k: usize) -> f64 {
        self.numeric.map_or(f64::NAN, |step| k as f64 * step)
    }
    fn option_literal(&self, k: usize) -> String {
        match self.numeric {
            Some(_) => format!("{}", self.value(k)),
            None => format!("\"o{k}\""),
        }
    }
}

/// A value that may be an interval.
#[derive(Clone, Copy, Debug)]
pub struct GenValue {
    pub lo: f64,
    pub hi: f64,
}

impl GenValue {
    pub fn mid(self) -> f64 {
        if self.lo == self.hi {
            self.lo
        } else {
            (self.lo + self.hi) / 2.0
        }
    }
    fn literal(self) -> String {
        if self.lo == self.hi {
            format!("{:?}", self.lo)
        } else {
            format!("[{:?}, {:?}]", self.lo, self.hi)
        }
    }
}

#[derive(Clone, Debug)]
pub enum GenCondition {
    AnyOf(Vec<usize>),
    Range(f64, f64),
}

#[derive(Clone, Debug)]
pub struct GenParty {
    pub signatory: bool,
    pub walk_away: GenValue,
    /// Per issue: weight (None = not listed).
    pub weights: Vec<Option<GenValue>>,
    /// Per issue: discrete scores per option, or curve points for a grid.
    pub scores: Vec<GenScores>,
    pub red_lines: Vec<Vec<usize>>,
    pub interactions: Vec<(Vec<(usize, GenCondition)>, f64)>,
}

#[derive(Clone, Debug)]
pub enum GenScores {
    Table(Vec<GenValue>),
    Curve(Vec<(f64, GenValue)>),
}

#[derive(Clone, Debug)]
pub struct GenScenario {
    pub issues: Vec<GenIssue>,
    pub parties: Vec<GenParty>,
    /// Plan terms per issue (None = silent).
    pub plan: Vec<Option<usize>>,
}

fn value(unit: bool) -> impl Strategy<Value = GenValue> {
    let top = if unit { 1.0 } else { 10.0 };
    prop_oneof![
        3 => (0.0..=top).prop_map(|v: f64| GenValue { lo: round(v), hi: round(v) }),
        1 => (0.0..=top, 0.0..=top).prop_map(|(a, b): (f64, f64)| {
            let (a, b) = (round(a), round(b));
            GenValue { lo: a.min(b), hi: a.max(b) }
        }),
    ]
}

/// Keeps generated numbers short so the TOML stays readable in failure reports.
fn round(v: f64) -> f64 {
    (v * 1000.0).round() / 1000.0
}

fn issue() -> impl Strategy<Value = GenIssue> {
    (
        prop::option::of(prop_oneof![Just(1.0), Just(0.5), Just(25.0)]),
        2usize..=4,
    )
        .prop_flat_map(|(numeric, n)| {
            (Just(numeric), Just(n), prop::option::of(0..n)).prop_map(|(numeric, n, status_quo)| {
                GenIssue {
                    numeric,
                    n,
                    status_quo,
                }
            })
        })
}

fn scores(issue: &GenIssue) -> BoxedStrategy<GenScores> {
    match issue.numeric {
        None => prop::collection::vec(value(true), issue.n)
            .prop_map(GenScores::Table)
            .boxed(),
        Some(step) => {
            let max = (issue.n - 1) as f64 * step;
            // Curve points at sorted distinct x positions, possibly beyond the grid (clamping).
            prop::collection::btree_set(-2i32..=12, 1..=4)
                .prop_flat_map(move |xs| {
                    let xs: Vec<f64> = xs.into_iter().map(|x| x as f64 * max / 10.0).collect();
                    let n = xs.len();
                    (Just(xs), prop::collection::vec(value(true), n))
                })
                .prop_map(|(xs, ys)| {
                    let mut pts: Vec<(f64, GenValue)> = xs.into_iter().zip(ys).collect();
                    pts.dedup_by(|a, b| a.0 == b.0);
                    GenScores::Curve(pts)
                })
                .boxed()
        }
    }
}

fn condition(issue: &GenIssue) -> BoxedStrategy<GenCondition> {
    let n = issue.n;
    match issue.numeric {
        None => prop::collection::btree_set(0..n, 1..=n)
            .prop_map(|s| GenCondition::AnyOf(s.into_iter().collect()))
            .boxed(),
        Some(step) => {
            let max = (n - 1) as f64 * step;
            prop_oneof![
                prop::collection::btree_set(0..n, 1..=n)
                    .prop_map(|s| GenCondition::AnyOf(s.into_iter().collect())),
                (0.0..=max, 0.0..=max).prop_map(|(a, b): (f64, f64)| {
                    let (a, b) = (round(a), round(b));
                    GenCondition::Range(a.min(b), a.max(b))
                }),
            ]
            .boxed()
        }
    }
}

fn party(issues: Vec<GenIssue>) -> impl Strategy<Value = GenParty> {
    let k = issues.len();
    let weights = prop::collection::vec(prop::option::of(value(false)), k);
    let score_fns: Vec<BoxedStrategy<GenScores>> = issues.iter().map(scores).collect();
    let red_lines: Vec<BoxedStrategy<Vec<usize>>> = issues
        .iter()
        .map(|i| {
            let n = i.n;
            prop_oneof![
                3 => Just(Vec::new()),
                1 => prop::collection::btree_set(0..n, 1..n).prop_map(|s| s.into_iter().collect()),
            ]
            .boxed()
        })
        .collect();
    let conds: Vec<BoxedStrategy<GenCondition>> = issues.iter().map(condition).collect();
    let interaction = (prop::collection::btree_set(0..k, 1..=k.min(3)), -20i32..=20)
        .prop_flat_map(move |(set, bonus)| {
            let picks: Vec<(usize, BoxedStrategy<GenCondition>)> =
                set.into_iter().map(|i| (i, conds[i].clone())).collect();
            let (ids, strategies): (Vec<usize>, Vec<_>) = picks.into_iter().unzip();
            (Just(ids), strategies, Just(bonus as f64 / 100.0))
        })
        .prop_map(|(ids, cs, bonus)| (ids.into_iter().zip(cs).collect::<Vec<_>>(), bonus));
    (
        any::<bool>(),
        value(true),
        weights,
        score_fns,
        red_lines,
        prop::collection::vec(interaction, 0..=2),
    )
        .prop_map(
            |(signatory, walk_away, mut weights, scores, red_lines, interactions)| {
                // The format needs a positive weight or an interaction.
                if interactions.is_empty() && !weights.iter().flatten().any(|w| w.hi > 0.0) {
                    weights[0] = Some(GenValue { lo: 1.0, hi: 1.0 });
                }
                GenParty {
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

/// A random valid scenario with 1–4 issues and 1–3 parties, and one plan.
pub fn scenario() -> impl Strategy<Value = GenScenario> {
    prop::collection::vec(issue(), 1..=4).prop_flat_map(|issues| {
        let parties = prop::collection::vec(party(issues.clone()), 1..=3);
        let plan: Vec<BoxedStrategy<Option<usize>>> = issues
            .iter()
            .map(|i| prop::option::of(0..i.n).boxed())
            .collect();
        (Just(issues), parties, plan).prop_map(|(issues, parties, plan)| GenScenario {
            issues,
            parties,
            plan,
        })
    })
}

impl GenScenario {
    /// The scenario as `accord/1` text.
    pub fn to_toml(&self) -> String {
        let mut s = String::from(
            "format = \"accord/1\"\n[scenario]\nid = \"gen\"\ntitle = \"Generated\"\n[areas.a]\ntitle = \"A\"\n",
        );
        for (i, issue) in self.issues.iter().enumerate() {
            s += &format!("[issues.i{i}]\narea = \"a\"\ntitle = \"I{i}\"\n");
            match issue.numeric {
                Some(step) => {
                    s += &format!(
                        "range = {{ min = 0, max = {:?}, step = {:?} }}\n",
                        (issue.n - 1) as f64 * step,
                        step
                    )
                }
                None => {
                    let opts: Vec<String> = (0..issue.n)
                        .map(|k| format!("{{ id = \"o{k}\" }}"))
                        .collect();
                    s += &format!("options = [{}]\n", opts.join(", "));
                }
            }
            if let Some(sq) = issue.status_quo {
                s += &format!("status_quo = {}\n", issue.option_literal(sq));
            }
        }
        for (p, party) in self.parties.iter().enumerate() {
            s += &format!(
                "[parties.p{p}]\nname = \"P{p}\"\nsignatory = {}\nwalk_away = {}\n",
                party.signatory,
                party.walk_away.literal()
            );
            let reds: Vec<String> = party
                .red_lines
                .iter()
                .enumerate()
                .filter(|(_, r)| !r.is_empty())
                .map(|(i, r)| {
                    let opts: Vec<String> = r
                        .iter()
                        .map(|&k| self.issues[i].option_literal(k))
                        .collect();
                    format!("i{i} = [{}]", opts.join(", "))
                })
                .collect();
            if !reds.is_empty() {
                s += &format!("red_lines = {{ {} }}\n", reds.join(", "));
            }
            s += &format!("[parties.p{p}.weights]\n");
            for (i, w) in party.weights.iter().enumerate() {
                if let Some(w) = w {
                    s += &format!("i{i} = {}\n", w.literal());
                }
            }
            for (i, sc) in party.scores.iter().enumerate() {
                // Scores only for weighted issues, as the format asks.
                if !party.weights[i].is_some_and(|w| w.hi > 0.0) {
                    continue;
                }
                s += &format!("[parties.p{p}.scores.i{i}]\n");
                match sc {
                    GenScores::Table(t) => {
                        for (k, v) in t.iter().enumerate() {
                            s += &format!("o{k} = {}\n", v.literal());
                        }
                    }
                    GenScores::Curve(c) => {
                        let pts: Vec<String> = c
                            .iter()
                            .map(|(x, y)| format!("[{x:?}, {}]", y.literal()))
                            .collect();
                        s += &format!("curve = [{}]\n", pts.join(", "));
                    }
                }
            }
            for (conds, bonus) in &party.interactions {
                s += &format!("[[parties.p{p}.interactions]]\nbonus = {bonus:?}\n");
                let parts: Vec<String> = conds
                    .iter()
                    .map(|(i, c)| match c {
                        GenCondition::AnyOf(opts) => {
                            let o: Vec<String> = opts
                                .iter()
                                .map(|&k| self.issues[*i].option_literal(k))
                                .collect();
                            format!("i{i} = [{}]", o.join(", "))
                        }
                        GenCondition::Range(a, b) => {
                            format!("i{i} = {{ min = {a:?}, max = {b:?} }}")
                        }
                    })
                    .collect();
                s += &format!("when = {{ {} }}\n", parts.join(", "));
            }
        }
        s += "[plans.plan]\ntitle = \"Plan\"\n[plans.plan.terms]\n";
        for (i, t) in self.plan.iter().enumerate() {
            if let Some(k) = t {
                s += &format!("i{i} = {}\n", self.issues[i].option_literal(*k));
            }
        }
        s
    }

    /// Every complete outcome, as option positions per issue.
    pub fn outcomes(&self) -> Vec<Vec<usize>> {
        let mut out = vec![Vec::new()];
        for issue in &self.issues {
            out = out
                .into_iter()
                .flat_map(|o| {
                    (0..issue.n).map(move |k| {
                        let mut o = o.clone();
                        o.push(k);
                        o
                    })
                })
                .collect();
        }
        out
    }

    fn score(&self, p: usize, i: usize, k: usize) -> f64 {
        match &self.parties[p].scores[i] {
            GenScores::Table(t) => t[k].mid(),
            GenScores::Curve(c) => {
                let x = self.issues[i].value(k);
                let pts: Vec<(f64, f64)> = c.iter().map(|(x, y)| (*x, y.mid())).collect();
                if x <= pts[0].0 {
                    return pts[0].1;
                }
                if x >= pts[pts.len() - 1].0 {
                    return pts[pts.len() - 1].1;
                }
                let j = pts.iter().position(|(px, _)| *px > x).expect("inside");
                let ((x0, y0), (x1, y1)) = (pts[j - 1], pts[j]);
                y0 + (y1 - y0) * (x - x0) / (x1 - x0)
            }
        }
    }

    fn holds(&self, i: usize, c: &GenCondition, k: usize) -> bool {
        match c {
            GenCondition::AnyOf(opts) => opts.contains(&k),
            GenCondition::Range(a, b) => {
                let v = self.issues[i].value(k);
                *a <= v && v <= *b
            }
        }
    }

    /// The spec's formula, straight from the raw numbers (midpoints).
    pub fn utility(&self, p: usize, outcome: &[usize]) -> f64 {
        let party = &self.parties[p];
        let total: f64 = party.weights.iter().flatten().map(|w| w.mid()).sum();
        let mut u = 0.0;
        if total > 0.0 {
            for (i, w) in party.weights.iter().enumerate() {
                if let Some(w) = w
                    && w.mid() > 0.0
                {
                    u += w.mid() / total * self.score(p, i, outcome[i]);
                }
            }
        }
        for (conds, bonus) in &party.interactions {
            if conds.iter().all(|(i, c)| self.holds(*i, c, outcome[*i])) {
                u += bonus;
            }
        }
        u
    }

    /// Bounds that weights, scores and bonuses allow, whatever the outcome.
    pub fn utility_bounds(&self, p: usize) -> (f64, f64) {
        let party = &self.parties[p];
        let negative: f64 = party.interactions.iter().map(|(_, b)| b.min(0.0)).sum();
        let positive: f64 = party.interactions.iter().map(|(_, b)| b.max(0.0)).sum();
        let weighted = party.weights.iter().flatten().any(|w| w.mid() > 0.0);
        let top = if weighted { 1.0 } else { 0.0 };
        (negative, top + positive)
    }

    pub fn crosses_red_line(&self, p: usize, outcome: &[usize]) -> bool {
        self.parties[p]
            .red_lines
            .iter()
            .enumerate()
            .any(|(i, r)| r.contains(&outcome[i]))
    }

    pub fn accepts(&self, p: usize, outcome: &[usize]) -> bool {
        !self.crosses_red_line(p, outcome)
            && self.utility(p, outcome) >= self.parties[p].walk_away.mid() - 1e-9
    }

    /// The plan's settled terms: its own, else the status quo, else open.
    pub fn settled(&self) -> Vec<Option<usize>> {
        self.plan
            .iter()
            .zip(&self.issues)
            .map(|(t, i)| t.or(i.status_quo))
            .collect()
    }
}

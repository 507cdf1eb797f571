//! A party's utility of one complete outcome as a tiny program over the sample's input values,
//! so that a Monte Carlo draw costs a few multiplications instead of rebuilding preferences.
//!
//! The arithmetic is the same, operation for operation, as `PointPreferences::utility` after
//! `PointPreferences::realize` (weight total in file order, `w / W * s` summed in issue order,
//! bonuses in file order), so both give the same bits; a test checks it.

use accord_model::{
    Estimate, IssueDomain, IssueIx, OptionIx, PartyIx, PointPreferences, Scenario, ScoreFn,
    TOLERANCE,
};

use crate::inputs::Layout;

/// Where a value comes from: a constant, or the sample's value of an uncertain input.
#[derive(Clone, Copy, Debug)]
enum Src {
    Fixed(f64),
    Draw(usize),
}

impl Src {
    fn new(position: Option<usize>, e: Estimate) -> Self {
        match position {
            Some(j) => Src::Draw(j),
            None => Src::Fixed(e.lo()),
        }
    }

    #[inline]
    fn get(self, values: &[f64]) -> f64 {
        match self {
            Src::Fixed(v) => v,
            Src::Draw(j) => values[j],
        }
    }
}

/// The score of the chosen option: one value, or an interpolation between two curve points.
#[derive(Clone, Copy, Debug)]
enum ScoreSrc {
    Single(Src),
    /// `y0 + (y1 - y0) * dx / width`, as `curve_at` computes it.
    Interp {
        y0: Src,
        y1: Src,
        dx: f64,
        width: f64,
    },
}

impl ScoreSrc {
    #[inline]
    fn get(self, values: &[f64]) -> f64 {
        match self {
            ScoreSrc::Single(s) => s.get(values),
            ScoreSrc::Interp { y0, y1, dx, width } => {
                let (y0, y1) = (y0.get(values), y1.get(values));
                y0 + (y1 - y0) * dx / width
            }
        }
    }
}

#[derive(Clone, Debug)]
struct Term {
    /// Position of its weight in `weights`.
    weight: usize,
    score: ScoreSrc,
}

/// A party's acceptance of one complete outcome, compiled.
#[derive(Clone, Debug)]
pub struct CompiledParty {
    walk_away: Src,
    /// Every weight, in file order.
    weights: Vec<Src>,
    /// Weighted issues that can be positive, in issue order.
    terms: Vec<Term>,
    /// Bonuses of the interactions that hold, in file order.
    bonuses: Vec<f64>,
    /// Whether the outcome crosses one of the party's red lines.
    pub crosses_red_line: bool,
}

impl CompiledParty {
    /// Compiles party `p`'s evaluation of a complete `outcome`.
    pub fn new(s: &Scenario, layout: &Layout, p: PartyIx, outcome: &[OptionIx]) -> Self {
        let party = s.party(p);
        let positions = &layout.positions[p.index()];
        let walk_away = Src::new(positions[0], party.walk_away());
        let mut at = 1;
        let mut weights = Vec::with_capacity(party.weights().len());
        let mut terms: Vec<(IssueIx, Term)> = Vec::new();
        for &(issue, w) in party.weights() {
            let weight = weights.len();
            weights.push(Src::new(positions[at], w));
            at += 1;
            if w.hi() <= 0.0 {
                continue;
            }
            let option = outcome[issue.index()];
            let score = match party.score_fn(issue).expect("a weighted issue has scores") {
                ScoreFn::Table(t) => {
                    let k = option.index();
                    let src = ScoreSrc::Single(Src::new(positions[at + k], t[k]));
                    at += t.len();
                    src
                }
                ScoreFn::Curve(points) => {
                    let x = match s.issue(issue).domain() {
                        IssueDomain::Numeric { grid, .. } => grid.value(option.index()),
                        IssueDomain::Discrete(_) => unreachable!("curves score numeric issues"),
                    };
                    let point = |k: usize| Src::new(positions[at + k], points[k].1);
                    let last = points.len() - 1;
                    let src = if x <= points[0].0 {
                        ScoreSrc::Single(point(0))
                    } else if x >= points[last].0 {
                        ScoreSrc::Single(point(last))
                    } else {
                        let k = points.partition_point(|&(px, _)| px <= x);
                        ScoreSrc::Interp {
                            y0: point(k - 1),
                            y1: point(k),
                            dx: x - points[k - 1].0,
                            width: points[k].0 - points[k - 1].0,
                        }
                    };
                    at += points.len();
                    src
                }
            };
            terms.push((issue, Term { weight, score }));
        }
        debug_assert_eq!(
            at,
            positions.len(),
            "layout and compiler visit the same values"
        );
        terms.sort_by_key(|(i, _)| *i);
        let bonuses = party
            .interactions()
            .iter()
            .filter(|inter| inter.holds(s, outcome))
            .map(|inter| inter.bonus())
            .collect();
        let crosses_red_line = party
            .red_lines()
            .iter()
            .any(|(i, options)| options.binary_search(&outcome[i.index()]).is_ok());
        CompiledParty {
            walk_away,
            weights,
            terms: terms.into_iter().map(|(_, t)| t).collect(),
            bonuses,
            crosses_red_line,
        }
    }

    /// The walk-away value in this sample.
    #[inline]
    pub fn walk_away(&self, values: &[f64]) -> f64 {
        self.walk_away.get(values)
    }

    /// The utility in this sample, or `None` when the weights overflow (absurd inputs; the
    /// caller then takes the slow path, which rescales).
    #[inline]
    pub fn utility(&self, values: &[f64]) -> Option<f64> {
        let mut total = 0.0;
        for w in &self.weights {
            let w = w.get(values);
            if w > 0.0 {
                total += w;
            }
        }
        if !total.is_finite() {
            return None;
        }
        let mut u = 0.0;
        for t in &self.terms {
            let w = self.weights[t.weight].get(values);
            if w <= 0.0 {
                continue;
            }
            u += w / total * t.score.get(values);
        }
        for b in &self.bonuses {
            u += b;
        }
        Some(u)
    }

    /// Whether the party accepts, given its utility in this sample.
    #[inline]
    pub fn accepts(&self, utility: f64, values: &[f64]) -> bool {
        !self.crosses_red_line && utility >= self.walk_away(values) - TOLERANCE
    }
}

/// A party's preferences with every uncertain value taken from this sample's `values` (by
/// stream position): the slow, general path, used for partial plans.
pub fn realize<'s>(
    s: &'s Scenario,
    layout: &Layout,
    p: PartyIx,
    values: &[f64],
) -> PointPreferences<'s> {
    let mut positions = layout.positions[p.index()].iter();
    PointPreferences::realize(s, p, |e| match positions.next() {
        Some(Some(j)) => values[*j],
        _ => e.lo(),
    })
}

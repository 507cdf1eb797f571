//! Utility and acceptance of complete outcomes, per `scenario.md`:
//!
//! ```text
//! u_p(x) = sum over issues i of (w_p,i / W_p) * s_p,i(x_i)  +  sum of bonuses whose `when` holds
//! ```
//!
//! A party's preferences may hold intervals; [`PointPreferences`] fixes every one of them to a
//! number (the midpoint for deterministic analysis, or one random draw for Monte Carlo) and
//! precomputes what evaluation needs.

use crate::id::{IssueIx, OptionIx, PartyIx};
use crate::scenario::{Condition, Estimate, Interaction, IssueDomain, Party, Scenario, ScoreFn};

/// Two utilities are equal when they differ by at most this much (`analysis.md`).
pub const TOLERANCE: f64 = 1e-9;

/// An outcome: one option for every issue, indexed by issue.
pub type Outcome = [OptionIx];

/// A score function with every interval fixed to a number.
#[derive(Clone, Debug)]
pub enum PointScore {
    /// One score per option.
    Table(Vec<f64>),
    /// Piecewise-linear through sorted `(value, score)` points, clamped outside.
    Curve(Vec<(f64, f64)>),
}

impl PointScore {
    /// The score of a numeric value on a curve, or of an option in a table.
    fn at(&self, option: OptionIx, value: impl FnOnce() -> f64) -> f64 {
        match self {
            PointScore::Table(scores) => scores[option.index()],
            PointScore::Curve(points) => curve_at(points, value()),
        }
    }
}

/// Evaluates a piecewise-linear curve through sorted points, clamped outside their range.
pub fn curve_at(points: &[(f64, f64)], x: f64) -> f64 {
    let (first, last) = (points[0], points[points.len() - 1]);
    if x <= first.0 {
        return first.1;
    }
    if x >= last.0 {
        return last.1;
    }
    // The first point strictly right of x; x lies in [points[k-1].0, points[k].0).
    let k = points.partition_point(|&(px, _)| px <= x);
    let (x0, y0) = points[k - 1];
    let (x1, y1) = points[k];
    y0 + (y1 - y0) * (x - x0) / (x1 - x0)
}

/// One weighted issue of a party, with its weight share `w / W` folded in.
#[derive(Clone, Debug)]
pub struct WeightedIssue {
    /// The issue.
    pub issue: IssueIx,
    /// `w_p,i / W_p`.
    pub share: f64,
    /// The party's score function on it.
    pub score: PointScore,
}

/// A party's preferences with every uncertain value fixed.
#[derive(Clone, Debug)]
pub struct PointPreferences<'s> {
    party: PartyIx,
    walk_away: f64,
    /// Sorted by issue; only issues with a positive weight.
    weighted: Vec<WeightedIssue>,
    interactions: &'s [Interaction],
    scenario: &'s Scenario,
}

impl<'s> PointPreferences<'s> {
    /// Fixes each interval of `party` with `pick`.
    ///
    /// `pick` is called once for every value of the party, exact or not, in a fixed order that
    /// does not depend on what `pick` returns: the walk-away value; then, for each weight in
    /// file order, the weight and — when the weight can be positive (`hi > 0`) — the scores of
    /// that issue in option order (curve: point order). Monte Carlo relies on this order to
    /// give each uncertain value its own random stream position.
    pub fn realize(
        scenario: &'s Scenario,
        party: PartyIx,
        mut pick: impl FnMut(Estimate) -> f64,
    ) -> Self {
        let p: &Party = scenario.party(party);
        let walk_away = pick(p.walk_away());
        let mut weighted: Vec<WeightedIssue> = Vec::with_capacity(p.weights().len());
        for &(issue, w_estimate) in p.weights() {
            let w = pick(w_estimate);
            if w_estimate.hi() <= 0.0 {
                continue;
            }
            let score = match p.score_fn(issue).expect("a weighted issue has scores") {
                ScoreFn::Table(t) => PointScore::Table(t.iter().map(|&e| pick(e)).collect()),
                ScoreFn::Curve(c) => {
                    PointScore::Curve(c.iter().map(|&(x, e)| (x, pick(e))).collect())
                }
            };
            if w <= 0.0 {
                continue;
            }
            weighted.push(WeightedIssue {
                issue,
                share: w,
                score,
            });
        }
        let mut total: f64 = weighted.iter().map(|w| w.share).sum();
        if !total.is_finite() {
            // Absurdly large weights: rescale by the largest first so the shares stay finite.
            let largest = weighted.iter().map(|w| w.share).fold(0.0, f64::max);
            for w in &mut weighted {
                w.share /= largest;
            }
            total = weighted.iter().map(|w| w.share).sum();
        }
        for w in &mut weighted {
            w.share /= total;
        }
        weighted.sort_by_key(|w| w.issue);
        PointPreferences {
            party,
            walk_away,
            weighted,
            interactions: p.interactions(),
            scenario,
        }
    }

    /// The deterministic preferences: every interval at its midpoint.
    pub fn midpoint(scenario: &'s Scenario, party: PartyIx) -> Self {
        Self::realize(scenario, party, Estimate::midpoint)
    }

    /// The party.
    pub fn party(&self) -> PartyIx {
        self.party
    }

    /// The utility of no agreement.
    pub fn walk_away(&self) -> f64 {
        self.walk_away
    }

    /// The weighted issues, sorted by issue.
    pub fn weighted(&self) -> &[WeightedIssue] {
        &self.weighted
    }

    /// The interactions.
    pub fn interactions(&self) -> &'s [Interaction] {
        self.interactions
    }

    /// `share * score` of one option of a weighted issue (position `k` in [`Self::weighted`]).
    pub fn contribution(&self, k: usize, option: OptionIx) -> f64 {
        let w = &self.weighted[k];
        w.share * w.score.at(option, || self.value_of(w.issue, option))
    }

    fn value_of(&self, issue: IssueIx, option: OptionIx) -> f64 {
        match self.scenario.issue(issue).domain() {
            IssueDomain::Numeric { grid, .. } => grid.value(option.index()),
            IssueDomain::Discrete(_) => f64::NAN,
        }
    }

    /// Whether a condition holds for an option of its issue.
    pub fn condition_holds(&self, issue: IssueIx, condition: &Condition, option: OptionIx) -> bool {
        condition.holds(self.scenario.issue(issue), option)
    }

    /// The utility of a complete outcome.
    pub fn utility(&self, outcome: &Outcome) -> f64 {
        let mut u = 0.0;
        for (k, w) in self.weighted.iter().enumerate() {
            u += self.contribution(k, outcome[w.issue.index()]);
        }
        for interaction in self.interactions {
            if interaction
                .when()
                .iter()
                .all(|(i, c)| self.condition_holds(*i, c, outcome[i.index()]))
            {
                u += interaction.bonus();
            }
        }
        u
    }

    /// Whether the party accepts a complete outcome: no red line crossed and utility at least
    /// the walk-away value (within [`TOLERANCE`]).
    pub fn accepts(&self, outcome: &Outcome) -> bool {
        let party = self.scenario.party(self.party);
        let crosses = party
            .red_lines()
            .iter()
            .any(|(i, options)| options.binary_search(&outcome[i.index()]).is_ok());
        !crosses && self.utility(outcome) >= self.walk_away - TOLERANCE
    }
}

#[cfg(test)]
mod tests {
    use super::curve_at;

    #[test]
    fn curve_interpolates_and_clamps() {
        let c = [(0.0, 0.0), (50.0, 0.7), (100.0, 1.0)];
        assert_eq!(curve_at(&c, -10.0), 0.0);
        assert_eq!(curve_at(&c, 0.0), 0.0);
        assert!((curve_at(&c, 25.0) - 0.35).abs() < 1e-15);
        assert_eq!(curve_at(&c, 50.0), 0.7);
        assert!((curve_at(&c, 75.0) - 0.85).abs() < 1e-15);
        assert_eq!(curve_at(&c, 100.0), 1.0);
        assert_eq!(curve_at(&c, 1e9), 1.0);
        assert_eq!(curve_at(&[(3.0, 0.4)], 7.0), 0.4);
    }
}

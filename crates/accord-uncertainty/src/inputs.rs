//! The uncertain inputs of a scenario: every weight, score and walk-away value written as an
//! interval, each with a fixed position in the random stream of a sample.
//!
//! The order is the order in which [`PointPreferences::realize`] visits a party's values
//! (parties in file order): the walk-away value; then, for each weight in file order, the
//! weight and — when it can be positive — the issue's scores in option (or curve point) order.
//! Exact values take no position.
//!
//! [`PointPreferences::realize`]: accord_model::PointPreferences::realize

use accord_model::{Estimate, IssueIx, OptionIx, PartyIx, Scenario, ScoreFn};

/// What an uncertain input is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputKind {
    /// The party's walk-away value.
    WalkAway,
    /// The party's weight on an issue.
    Weight(IssueIx),
    /// The party's score of an option of a discrete issue.
    Score(IssueIx, OptionIx),
    /// The score at one point (by position) of the party's curve on a numeric issue.
    CurvePoint(IssueIx, usize),
}

/// One uncertain input: a value known only as an interval.
#[derive(Clone, Debug, PartialEq)]
pub struct UncertainInput {
    /// Whose value it is.
    pub party: PartyIx,
    /// Which value.
    pub kind: InputKind,
    /// The interval.
    pub estimate: Estimate,
}

impl UncertainInput {
    /// The key path of the value in the scenario file, e.g. `parties.east.walk_away`.
    pub fn path(&self, s: &Scenario) -> String {
        let party = s.party(self.party).id();
        match self.kind {
            InputKind::WalkAway => format!("parties.{party}.walk_away"),
            InputKind::Weight(i) => format!("parties.{party}.weights.{}", s.issue(i).id()),
            InputKind::Score(i, o) => {
                let issue = s.issue(i);
                format!(
                    "parties.{party}.scores.{}.{}",
                    issue.id(),
                    issue.option_value(o)
                )
            }
            InputKind::CurvePoint(i, k) => {
                format!("parties.{party}.scores.{}.curve[{k}]", s.issue(i).id())
            }
        }
    }

    /// The input in the scenario's words, for people: "East's walk-away (reservation value)",
    /// "East's weight on Buffer zone", "East's score of 10 km (Buffer zone)", "East's score
    /// curve on Fund (point 2)".
    pub fn describe(&self, s: &Scenario) -> String {
        let party = s.party(self.party).name();
        match self.kind {
            InputKind::WalkAway => format!("{party}'s walk-away (reservation value)"),
            InputKind::Weight(i) => format!("{party}'s weight on {}", s.issue(i).title()),
            InputKind::Score(i, o) => {
                let issue = s.issue(i);
                format!(
                    "{party}'s score of {} ({})",
                    issue.option_label(o),
                    issue.title()
                )
            }
            InputKind::CurvePoint(i, k) => format!(
                "{party}'s score curve on {} (point {})",
                s.issue(i).title(),
                k + 1
            ),
        }
    }

    /// The value for a uniform draw `u` in `[0, 1)`.
    pub fn value(&self, u: f64) -> f64 {
        let (lo, hi) = (self.estimate.lo(), self.estimate.hi());
        lo + u * (hi - lo)
    }
}

/// The input whose key path ([`UncertainInput::path`]) is `path`, in the scenario's words
/// ([`UncertainInput::describe`]); `None` when no uncertain input has that path.
pub fn describe_path(s: &Scenario, path: &str) -> Option<String> {
    Layout::new(s)
        .inputs
        .iter()
        .find(|i| i.path(s) == path)
        .map(|i| i.describe(s))
}

/// Every value of every party in realize order, with the stream position of the uncertain ones.
#[derive(Clone, Debug)]
pub struct Layout {
    /// The uncertain inputs, by stream position.
    pub inputs: Vec<UncertainInput>,
    /// Per party: the stream position of each of its values in realize order (`None`: exact).
    pub positions: Vec<Vec<Option<usize>>>,
}

impl Layout {
    /// Lays out the values of a scenario.
    pub fn new(s: &Scenario) -> Self {
        let mut inputs = Vec::new();
        let mut positions = Vec::with_capacity(s.parties().len());
        for p in s.party_ixs() {
            let party = s.party(p);
            let mut own = Vec::new();
            let mut visit = |kind: InputKind, e: Estimate| {
                if e.is_exact() {
                    own.push(None);
                } else {
                    own.push(Some(inputs.len()));
                    inputs.push(UncertainInput {
                        party: p,
                        kind,
                        estimate: e,
                    });
                }
            };
            visit(InputKind::WalkAway, party.walk_away());
            for &(issue, w) in party.weights() {
                visit(InputKind::Weight(issue), w);
                if w.hi() <= 0.0 {
                    continue;
                }
                match party.score_fn(issue).expect("a weighted issue has scores") {
                    ScoreFn::Table(t) => {
                        for (o, &e) in t.iter().enumerate() {
                            visit(InputKind::Score(issue, OptionIx::from_usize(o)), e);
                        }
                    }
                    ScoreFn::Curve(c) => {
                        for (k, &(_, e)) in c.iter().enumerate() {
                            visit(InputKind::CurvePoint(issue, k), e);
                        }
                    }
                }
            }
            positions.push(own);
        }
        Layout { inputs, positions }
    }

    /// The positions of a party's uncertain inputs.
    pub fn of_party(&self, p: PartyIx) -> impl Iterator<Item = usize> + '_ {
        self.positions[p.index()].iter().flatten().copied()
    }
}

//! The validated scenario: every value here has passed every rule of `accord/1`.
//!
//! **Invariant:** a [`Scenario`] is always valid. Its fields are private and it is only built by
//! [`crate::parse`], so every index it hands out is in range, every referenced id exists, every
//! score lies in `[0, 1]`, every weighted issue has a score for every option, and so on. Code
//! downstream never re-checks these.

use std::collections::HashMap;
use std::fmt;

use crate::id::*;

/// A value that may be known only as an interval `[lo, hi]` (`lo == hi` for a plain number).
///
/// Deterministic analysis uses [`Estimate::midpoint`]; probabilistic analysis draws uniformly
/// from the interval.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Estimate {
    lo: f64,
    hi: f64,
}

impl Estimate {
    /// A value known exactly.
    pub fn exact(v: f64) -> Self {
        Estimate { lo: v, hi: v }
    }

    /// An interval; `None` unless both ends are finite and `lo <= hi`.
    pub fn interval(lo: f64, hi: f64) -> Option<Self> {
        (lo.is_finite() && hi.is_finite() && lo <= hi).then_some(Estimate { lo, hi })
    }

    /// The lower end.
    pub fn lo(self) -> f64 {
        self.lo
    }

    /// The upper end.
    pub fn hi(self) -> f64 {
        self.hi
    }

    /// The midpoint, used by deterministic analysis.
    pub fn midpoint(self) -> f64 {
        midpoint(self.lo, self.hi)
    }

    /// True when the value is known exactly.
    pub fn is_exact(self) -> bool {
        self.lo == self.hi
    }
}

impl fmt::Display for Estimate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_exact() {
            write!(f, "{}", self.lo)
        } else {
            write!(f, "[{}, {}]", self.lo, self.hi)
        }
    }
}

/// The midpoint of `[lo, hi]`: `(lo + hi) / 2`, the form that gives `0.3` for `[0.2, 0.4]`,
/// computed without overflow for huge ends.
pub fn midpoint(lo: f64, hi: f64) -> f64 {
    if lo == hi {
        return lo;
    }
    let sum = lo + hi;
    if sum.is_finite() {
        sum / 2.0
    } else {
        lo / 2.0 + hi / 2.0
    }
}

/// A calendar date (TOML local date).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year, e.g. 2025.
    pub year: u16,
    /// Month, 1 to 12.
    pub month: u8,
    /// Day of the month, 1 to 31.
    pub day: u8,
}

impl Date {
    /// Days since 1970-01-01 in the proleptic Gregorian calendar (negative before it):
    /// H. Hinnant's `days_from_civil` ("chrono-Compatible Low-Level Date Algorithms").
    pub fn day_number(&self) -> i64 {
        let (m, d) = (i64::from(self.month), i64::from(self.day));
        let y = i64::from(self.year) - i64::from(m <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` days after 1970-01-01 (Hinnant's `civil_from_days`, the inverse of
    /// [`Date::day_number`]); `None` outside the years 0 to 65535.
    pub fn from_day_number(days: i64) -> Option<Date> {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Some(Date {
            year: u16::try_from(year).ok()?,
            month: month as u8,
            day: day as u8,
        })
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A source that claims in the scenario cite.
#[derive(Clone, Debug)]
pub struct Source {
    pub(crate) id: SourceId,
    pub(crate) title: String,
    pub(crate) publisher: Option<String>,
    pub(crate) date: Option<Date>,
    pub(crate) url: Option<String>,
    pub(crate) reliability: Option<Reliability>,
    pub(crate) caution: Option<String>,
    pub(crate) note: Option<String>,
}

/// How far a source's claims can be trusted (`reliability` on a source; scenario.md, "Sources").
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reliability {
    /// An official text, or several independent reports.
    High,
    /// One outlet's report.
    Medium,
    /// A single anonymous claim, or a flagged outlet: reports mark every citation.
    Low,
}

impl Reliability {
    /// Every level, with its name in the file.
    pub const ALL: [(&'static str, Reliability); 3] = [
        ("high", Reliability::High),
        ("medium", Reliability::Medium),
        ("low", Reliability::Low),
    ];

    /// The name used in the file.
    pub fn as_str(self) -> &'static str {
        match self {
            Reliability::High => "high",
            Reliability::Medium => "medium",
            Reliability::Low => "low",
        }
    }
}

impl Source {
    /// The source's id.
    pub fn id(&self) -> &SourceId {
        &self.id
    }
    /// Its title.
    pub fn title(&self) -> &str {
        &self.title
    }
    /// Who published it.
    pub fn publisher(&self) -> Option<&str> {
        self.publisher.as_deref()
    }
    /// When it was published.
    pub fn date(&self) -> Option<Date> {
        self.date
    }
    /// Where to find it.
    pub fn url(&self) -> Option<&str> {
        self.url.as_deref()
    }
    /// How far its claims can be trusted, if the file says.
    pub fn reliability(&self) -> Option<Reliability> {
        self.reliability
    }
    /// Why its claims need care (`caution`), in a few words.
    pub fn caution(&self) -> Option<&str> {
        self.caution.as_deref()
    }
    /// Whether the file marks it `reliability = "low"`: reports mark every citation of it.
    pub fn is_low(&self) -> bool {
        self.reliability == Some(Reliability::Low)
    }
    /// Free text for people.
    pub fn note(&self) -> Option<&str> {
        self.note.as_deref()
    }
}

/// A group of issues, shown together.
#[derive(Clone, Debug)]
pub struct Area {
    pub(crate) id: AreaId,
    pub(crate) title: String,
    pub(crate) note: Option<String>,
    pub(crate) sources: Vec<SourceIx>,
}

impl Area {
    /// The area's id.
    pub fn id(&self) -> &AreaId {
        &self.id
    }
    /// Its title.
    pub fn title(&self) -> &str {
        &self.title
    }
    /// Free text for people.
    pub fn note(&self) -> Option<&str> {
        self.note.as_deref()
    }
    /// The sources it cites.
    pub fn sources(&self) -> &[SourceIx] {
        &self.sources
    }
}

/// One option of a discrete issue.
#[derive(Clone, Debug)]
pub struct DiscreteOption {
    pub(crate) id: OptionId,
    pub(crate) label: Option<String>,
}

impl DiscreteOption {
    /// The option's id.
    pub fn id(&self) -> &OptionId {
        &self.id
    }
    /// Its label for people, if any.
    pub fn label(&self) -> Option<&str> {
        self.label.as_deref()
    }
}

/// A numeric grid `min, min + step, ..., max`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Grid {
    pub(crate) min: f64,
    pub(crate) max: f64,
    pub(crate) step: f64,
    pub(crate) len: u32,
}

impl Grid {
    /// The smallest value.
    pub fn min(&self) -> f64 {
        self.min
    }
    /// The largest value.
    pub fn max(&self) -> f64 {
        self.max
    }
    /// The distance between neighbouring values.
    pub fn step(&self) -> f64 {
        self.step
    }
    /// The number of points.
    pub fn len(&self) -> usize {
        self.len as usize
    }
    /// Always false: a grid has at least one point.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The value of point `k`, cleaned of the last-bit noise of `min + k * step` so that a grid
    /// of `0.1` steps prints `0.3`, not `0.30000000000000004`.
    pub fn value(&self, k: usize) -> f64 {
        if k + 1 == self.len() {
            return self.max;
        }
        let raw = self.min + k as f64 * self.step;
        let cleaned: f64 = format!("{raw:.12e}").parse().unwrap_or(raw);
        cleaned
    }

    /// The index of the grid point equal to `v` (within 1e-9 of the step), if any.
    pub fn position(&self, v: f64) -> Option<usize> {
        if !v.is_finite() {
            return None;
        }
        let k = ((v - self.min) / self.step).round();
        if k < 0.0 || k >= self.len as f64 {
            return None;
        }
        let k = k as usize;
        let tolerance = 1e-9 * self.step.abs().max(v.abs()).max(1.0);
        ((self.value(k) - v).abs() <= tolerance).then_some(k)
    }
}

/// What an issue can be decided as.
#[derive(Clone, Debug)]
pub enum IssueDomain {
    /// A list of named options.
    Discrete(Vec<DiscreteOption>),
    /// A numeric grid; an option's id is its value.
    Numeric {
        /// The grid of values.
        grid: Grid,
        /// The unit, for people.
        unit: Option<String>,
    },
}

/// The value of one option, as printed in terms and JSON.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum OptionValue<'a> {
    /// A discrete option.
    Id(&'a OptionId),
    /// A point of a numeric grid.
    Number(f64),
}

impl fmt::Display for OptionValue<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OptionValue::Id(id) => f.write_str(id.as_str()),
            OptionValue::Number(v) => write!(f, "{v}"),
        }
    }
}

impl OptionValue<'_> {
    /// The value as JSON: a string for a discrete option, a number (an integer where the value
    /// is whole) for a grid point.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            OptionValue::Id(id) => serde_json::Value::String(id.as_str().to_owned()),
            OptionValue::Number(v) => number_to_json(*v),
        }
    }
}

/// Serialized as [`OptionValue::to_json`] writes it: a string for a discrete option, a number
/// (an integer where the value is whole) for a grid point.
impl serde::Serialize for OptionValue<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match *self {
            OptionValue::Id(id) => serializer.serialize_str(id.as_str()),
            OptionValue::Number(v) if v.fract() == 0.0 && v.abs() < 9.0e15 => {
                serializer.serialize_i64(v as i64)
            }
            OptionValue::Number(v) if v.is_finite() => serializer.serialize_f64(v),
            OptionValue::Number(_) => serializer.serialize_none(),
        }
    }
}

/// A finite number as JSON: an integer when it is whole and small enough, else a float.
pub fn number_to_json(v: f64) -> serde_json::Value {
    if v.fract() == 0.0 && v.abs() < 9.0e15 {
        serde_json::Value::from(v as i64)
    } else {
        serde_json::Number::from_f64(v)
            .map(serde_json::Value::Number)
            .unwrap_or(serde_json::Value::Null)
    }
}

/// One decision a plan makes.
#[derive(Clone, Debug)]
pub struct Issue {
    pub(crate) id: IssueId,
    pub(crate) area: AreaIx,
    pub(crate) title: String,
    pub(crate) points: Vec<u32>,
    pub(crate) status_quo: Option<OptionIx>,
    pub(crate) domain: IssueDomain,
    pub(crate) note: Option<String>,
    pub(crate) sources: Vec<SourceIx>,
}

impl Issue {
    /// The issue's id.
    pub fn id(&self) -> &IssueId {
        &self.id
    }
    /// The area it belongs to.
    pub fn area(&self) -> AreaIx {
        self.area
    }
    /// Its title.
    pub fn title(&self) -> &str {
        &self.title
    }
    /// The numbered plan points it covers.
    pub fn points(&self) -> &[u32] {
        &self.points
    }
    /// The option that holds when a plan is silent, if any.
    pub fn status_quo(&self) -> Option<OptionIx> {
        self.status_quo
    }
    /// Its options.
    pub fn domain(&self) -> &IssueDomain {
        &self.domain
    }
    /// Free text for people.
    pub fn note(&self) -> Option<&str> {
        self.note.as_deref()
    }
    /// The sources it cites.
    pub fn sources(&self) -> &[SourceIx] {
        &self.sources
    }

    /// The number of options (at least 1 for a grid, at least 2 for a list).
    pub fn option_count(&self) -> usize {
        match &self.domain {
            IssueDomain::Discrete(options) => options.len(),
            IssueDomain::Numeric { grid, .. } => grid.len(),
        }
    }

    /// All option indices in order.
    pub fn options(&self) -> impl ExactSizeIterator<Item = OptionIx> + use<> {
        (0..self.option_count()).map(OptionIx::from_usize)
    }

    /// The value of an option of this issue.
    ///
    /// # Panics
    /// When `option` is not an option of this issue (a caller bug, never user input).
    pub fn option_value(&self, option: OptionIx) -> OptionValue<'_> {
        match &self.domain {
            IssueDomain::Discrete(options) => OptionValue::Id(&options[option.index()].id),
            IssueDomain::Numeric { grid, .. } => {
                assert!(option.index() < grid.len(), "option index out of range");
                OptionValue::Number(grid.value(option.index()))
            }
        }
    }

    /// A label for people: the option's label, or its id, or the number with the unit.
    pub fn option_label(&self, option: OptionIx) -> String {
        match &self.domain {
            IssueDomain::Discrete(options) => {
                let o = &options[option.index()];
                o.label.clone().unwrap_or_else(|| o.id.to_string())
            }
            IssueDomain::Numeric { grid, unit } => {
                let v = grid.value(option.index());
                match unit {
                    Some(unit) => format!("{v} {unit}"),
                    None => v.to_string(),
                }
            }
        }
    }

    /// Finds a discrete option by id.
    pub fn find_option(&self, id: &str) -> Option<OptionIx> {
        match &self.domain {
            IssueDomain::Discrete(options) => options
                .iter()
                .position(|o| o.id.as_str() == id)
                .map(OptionIx::from_usize),
            IssueDomain::Numeric { .. } => None,
        }
    }

    /// Finds a grid point by value.
    pub fn find_value(&self, v: f64) -> Option<OptionIx> {
        match &self.domain {
            IssueDomain::Discrete(_) => None,
            IssueDomain::Numeric { grid, .. } => grid.position(v).map(OptionIx::from_usize),
        }
    }

    /// True for a numeric grid.
    pub fn is_numeric(&self) -> bool {
        matches!(self.domain, IssueDomain::Numeric { .. })
    }
}

/// How a party scores the options of one issue.
#[derive(Clone, Debug)]
pub enum ScoreFn {
    /// One score per option of a discrete issue, in option order.
    Table(Vec<Estimate>),
    /// Piecewise-linear through `(value, score)` points sorted by value; clamped outside.
    Curve(Vec<(f64, Estimate)>),
}

/// A condition of an interaction on one issue.
#[derive(Clone, Debug, PartialEq)]
pub enum Condition {
    /// One of these options holds (sorted, without repeats).
    AnyOf(Vec<OptionIx>),
    /// The numeric value lies in `[min, max]`.
    Range {
        /// Lower bound, inclusive.
        min: f64,
        /// Upper bound, inclusive.
        max: f64,
    },
}

impl Condition {
    /// Whether the condition holds for `option` of `issue` (the issue it is set on).
    pub fn holds(&self, issue: &Issue, option: OptionIx) -> bool {
        match self {
            Condition::AnyOf(options) => options.binary_search(&option).is_ok(),
            Condition::Range { min, max } => match issue.domain() {
                IssueDomain::Numeric { grid, .. } => {
                    let v = grid.value(option.index());
                    *min <= v && v <= *max
                }
                // Validation only puts ranges on numeric issues.
                IssueDomain::Discrete(_) => false,
            },
        }
    }
}

/// A bonus or penalty when several conditions hold together.
#[derive(Clone, Debug)]
pub struct Interaction {
    pub(crate) when: Vec<(IssueIx, Condition)>,
    pub(crate) bonus: f64,
}

impl Interaction {
    /// The conditions, one per issue, in file order.
    pub fn when(&self) -> &[(IssueIx, Condition)] {
        &self.when
    }
    /// The bonus (negative: a penalty).
    pub fn bonus(&self) -> f64 {
        self.bonus
    }

    /// Whether every condition holds for a complete outcome of `scenario`.
    pub fn holds(&self, scenario: &Scenario, outcome: &[OptionIx]) -> bool {
        self.when
            .iter()
            .all(|(i, c)| c.holds(scenario.issue(*i), outcome[i.index()]))
    }
}

/// A party and its preferences.
#[derive(Clone, Debug)]
pub struct Party {
    pub(crate) id: PartyId,
    pub(crate) name: String,
    pub(crate) signatory: bool,
    pub(crate) walk_away: Estimate,
    pub(crate) discount: Option<f64>,
    /// Sorted by issue; options sorted.
    pub(crate) red_lines: Vec<(IssueIx, Vec<OptionIx>)>,
    /// In file order; only issues listed in the file.
    pub(crate) weights: Vec<(IssueIx, Estimate)>,
    /// Score functions of the weighted issues (and any other issue the file scores).
    pub(crate) scores: Vec<(IssueIx, ScoreFn)>,
    pub(crate) interactions: Vec<Interaction>,
    /// `consent_on`: the issues whose moving needs its consent (sorted, no duplicates); `None`
    /// when every outcome needs it.
    pub(crate) consent_on: Option<Vec<IssueIx>>,
    /// `ratifies`: the party it ratifies for (it is then a ratifier, never a signatory).
    pub(crate) ratifies: Option<PartyIx>,
    /// `ratification.quorum`: how many of its ratifiers must accept (`None`: all of them).
    pub(crate) ratification_quorum: Option<usize>,
    /// An observer: no weights, no interactions, no `walk_away` (its `walk_away` is then 0 and
    /// never used).
    pub(crate) observer: bool,
    pub(crate) note: Option<String>,
    pub(crate) sources: Vec<SourceIx>,
}

impl Party {
    /// The party's id.
    pub fn id(&self) -> &PartyId {
        &self.id
    }
    /// Its name for people.
    pub fn name(&self) -> &str {
        &self.name
    }
    /// Whether an agreement needs its acceptance.
    pub fn signatory(&self) -> bool {
        self.signatory
    }
    /// Its utility of no agreement.
    pub fn walk_away(&self) -> Estimate {
        self.walk_away
    }
    /// Its discount factor per unit of normalized time, if any.
    pub fn discount(&self) -> Option<f64> {
        self.discount
    }
    /// Its red lines: per issue, the options it rejects whatever else it gains.
    pub fn red_lines(&self) -> &[(IssueIx, Vec<OptionIx>)] {
        &self.red_lines
    }
    /// Whether `option` of `issue` is one of its red lines.
    pub fn is_red_line(&self, issue: IssueIx, option: OptionIx) -> bool {
        self.red_lines
            .binary_search_by_key(&issue, |(i, _)| *i)
            .is_ok_and(|at| self.red_lines[at].1.binary_search(&option).is_ok())
    }
    /// Its weights, in file order (issues it does not list weigh 0).
    pub fn weights(&self) -> &[(IssueIx, Estimate)] {
        &self.weights
    }
    /// Its weight on one issue (0 if not listed).
    pub fn weight(&self, issue: IssueIx) -> Estimate {
        self.weights
            .iter()
            .find(|(i, _)| *i == issue)
            .map_or(Estimate::exact(0.0), |(_, w)| *w)
    }
    /// Its score functions.
    pub fn scores(&self) -> &[(IssueIx, ScoreFn)] {
        &self.scores
    }
    /// Its score function for one issue.
    pub fn score_fn(&self, issue: IssueIx) -> Option<&ScoreFn> {
        self.scores
            .iter()
            .find(|(i, _)| *i == issue)
            .map(|(_, s)| s)
    }
    /// Its interactions.
    pub fn interactions(&self) -> &[Interaction] {
        &self.interactions
    }
    /// Free text for people.
    pub fn note(&self) -> Option<&str> {
        self.note.as_deref()
    }
    /// The sources it cites.
    pub fn sources(&self) -> &[SourceIx] {
        &self.sources
    }
    /// Whether it has preferences (weights or interactions) at all.
    pub fn has_preferences(&self) -> bool {
        !self.weights.is_empty() || !self.interactions.is_empty()
    }
    /// Whether it is an observer (scenario.md, "Observers"): a facilitator, mediator or third
    /// state written with no weights, no interactions and no `walk_away`. It takes part in the
    /// process (roles in plans, events) but has no utility, is never a signatory, and is left
    /// out of evaluations, frontiers, solutions and simulations.
    pub fn is_observer(&self) -> bool {
        self.observer
    }
    /// The issues on which its consent is needed (`consent_on`, sorted by issue), or `None`
    /// when it must consent to every outcome (the default). See scenario.md, "Whose consent
    /// an agreement needs".
    pub fn consent_on(&self) -> Option<&[IssueIx]> {
        self.consent_on.as_deref()
    }
    /// The party it ratifies for (`ratifies`), if it is a ratifier.
    pub fn ratifies(&self) -> Option<PartyIx> {
        self.ratifies
    }
    /// `ratification.quorum` as written: how many of its ratifiers must accept (`None`: all).
    pub fn ratification_quorum(&self) -> Option<usize> {
        self.ratification_quorum
    }
}

/// A draft: terms for some issues, and who wrote it.
#[derive(Clone, Debug)]
pub struct Plan {
    pub(crate) id: PlanId,
    pub(crate) title: String,
    pub(crate) date: Option<Date>,
    pub(crate) drafted_by: Vec<PartyIx>,
    pub(crate) consulted: Vec<PartyIx>,
    pub(crate) briefed: Vec<PartyIx>,
    pub(crate) text: Vec<String>,
    /// In file order (a one-option list is written here as that option).
    pub(crate) terms: Vec<(IssueIx, OptionIx)>,
    /// Terms written as a list of two or more options, in file order (options sorted, no
    /// repeats): the issue is open over those options only.
    pub(crate) within: Vec<(IssueIx, Vec<OptionIx>)>,
    /// `open`: issues left open although they may have a status quo, in the order written.
    pub(crate) open: Vec<IssueIx>,
    /// `revises`: the draft this one revises.
    pub(crate) revises: Option<PlanIx>,
    /// Role entries written as tables (`{ party, disputed, note, sources }`), in file order.
    pub(crate) role_notes: Vec<RoleNote>,
    pub(crate) note: Option<String>,
    pub(crate) sources: Vec<SourceIx>,
}

/// A role entry of a plan written as a table: `{ party = "russia", disputed = true, note =
/// "...", sources = ["..."] }` in `drafted_by`, `consulted` or `briefed` (scenario.md, "Plans").
#[derive(Clone, Debug, PartialEq)]
pub struct RoleNote {
    /// The party.
    pub party: PartyIx,
    /// The list it is in.
    pub role: crate::roles::PlanRole,
    /// Whether the sources disagree on this party's role.
    pub disputed: bool,
    /// Free text for people.
    pub note: Option<String>,
    /// The sources the entry cites.
    pub sources: Vec<SourceIx>,
}

impl Plan {
    /// The plan's id.
    pub fn id(&self) -> &PlanId {
        &self.id
    }
    /// Its title.
    pub fn title(&self) -> &str {
        &self.title
    }
    /// Its date.
    pub fn date(&self) -> Option<Date> {
        self.date
    }
    /// Who wrote it.
    pub fn drafted_by(&self) -> &[PartyIx] {
        &self.drafted_by
    }
    /// Who gave input before it was final.
    pub fn consulted(&self) -> &[PartyIx] {
        &self.consulted
    }
    /// Who was shown it afterwards.
    pub fn briefed(&self) -> &[PartyIx] {
        &self.briefed
    }
    /// Its points as published.
    pub fn text(&self) -> &[String] {
        &self.text
    }
    /// The terms it sets, in file order.
    pub fn terms(&self) -> &[(IssueIx, OptionIx)] {
        &self.terms
    }
    /// The option it sets for `issue`, if it settles it.
    pub fn term(&self, issue: IssueIx) -> Option<OptionIx> {
        self.terms
            .iter()
            .find(|(i, _)| *i == issue)
            .map(|(_, o)| *o)
    }
    /// Terms written as a list of two or more options: per issue (file order), the options it
    /// stays open over (sorted by option order).
    pub fn within(&self) -> &[(IssueIx, Vec<OptionIx>)] {
        &self.within
    }
    /// The options `issue` stays open over when its term is a list of two or more options.
    pub fn options_within(&self, issue: IssueIx) -> Option<&[OptionIx]> {
        self.within
            .iter()
            .find(|(i, _)| *i == issue)
            .map(|(_, o)| o.as_slice())
    }
    /// The issues listed in `open`, in the order written.
    pub fn open(&self) -> &[IssueIx] {
        &self.open
    }
    /// Whether the plan itself leaves `issue` open (a list of options, or `open`), whatever its
    /// status quo. An issue the plan is silent on is open too when it has no status quo: see
    /// [`crate::plan_terms`].
    pub fn leaves_open(&self, issue: IssueIx) -> bool {
        self.open.contains(&issue) || self.within.iter().any(|(i, _)| *i == issue)
    }
    /// The draft it revises (`revises`), if any.
    pub fn revises(&self) -> Option<PlanIx> {
        self.revises
    }
    /// Role entries written as tables (with `disputed`, a note or sources), in file order.
    pub fn role_notes(&self) -> &[RoleNote] {
        &self.role_notes
    }
    /// Whether the sources disagree on `party`'s role in this plan (`disputed = true`).
    pub fn is_disputed(&self, party: PartyIx) -> bool {
        self.role_notes
            .iter()
            .any(|r| r.party == party && r.disputed)
    }
    /// Free text for people.
    pub fn note(&self) -> Option<&str> {
        self.note.as_deref()
    }
    /// The sources it cites.
    pub fn sources(&self) -> &[SourceIx] {
        &self.sources
    }
}

/// What kind of thing an event was.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// A meeting in person.
    Meeting,
    /// A call.
    Call,
    /// A draft was written or circulated.
    Draft,
    /// Someone was briefed.
    Briefing,
    /// A public statement.
    Statement,
    /// A deadline.
    Deadline,
    /// Anything else.
    Other,
}

impl EventKind {
    /// Every kind, with its name in the file.
    pub const ALL: [(&'static str, EventKind); 7] = [
        ("meeting", EventKind::Meeting),
        ("call", EventKind::Call),
        ("draft", EventKind::Draft),
        ("briefing", EventKind::Briefing),
        ("statement", EventKind::Statement),
        ("deadline", EventKind::Deadline),
        ("other", EventKind::Other),
    ];

    /// The name used in the file.
    pub fn as_str(self) -> &'static str {
        EventKind::ALL
            .iter()
            .find(|(_, k)| *k == self)
            .map_or("other", |(s, _)| s)
    }
}

/// What a party was reported to say of a draft (`reaction` on an event; scenario.md, "Events").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reaction {
    /// The party said it accepts the draft.
    Accept,
    /// The party called the draft a basis for talks.
    Basis,
    /// The party welcomed parts and rejected others.
    Mixed,
    /// The party rejected the draft.
    Reject,
}

impl Reaction {
    /// Every reaction, with its name in the file.
    pub const ALL: [(&'static str, Reaction); 4] = [
        ("accept", Reaction::Accept),
        ("basis", Reaction::Basis),
        ("mixed", Reaction::Mixed),
        ("reject", Reaction::Reject),
    ];

    /// The name used in the file.
    pub fn as_str(self) -> &'static str {
        match self {
            Reaction::Accept => "accept",
            Reaction::Basis => "basis",
            Reaction::Mixed => "mixed",
            Reaction::Reject => "reject",
        }
    }

    /// Whether this reported reaction agrees with the model's verdict for the same party and
    /// draft. The matching table (scenario.md, "Events", sets each reaction beside the verdict;
    /// this is what counts as agreement):
    ///
    /// | reported \ model | accept        | reject        | undetermined |
    /// |------------------|---------------|---------------|--------------|
    /// | accept           | agrees        | disagrees     | —            |
    /// | reject           | disagrees     | agrees        | —            |
    /// | basis            | —             | —             | —            |
    /// | mixed            | —             | —             | —            |
    ///
    /// `Some(true)` agrees, `Some(false)` disagrees, `None` (—) not comparable. Only a clear
    /// accept or reject is compared: "a basis for talks" is not acceptance (a party that calls a
    /// draft a basis may still table a counter-proposal), and a mixed reaction is neither, so
    /// counting either as agreeing with a verdict would inflate the agreement. Nothing is
    /// compared with [`Verdict::Undetermined`] (open terms leave the model without a verdict).
    pub fn agrees_with(self, verdict: crate::Verdict) -> Option<bool> {
        use crate::Verdict;
        match (self, verdict) {
            (_, Verdict::Undetermined) | (Reaction::Basis | Reaction::Mixed, _) => None,
            (Reaction::Accept, v) => Some(v == Verdict::Accept),
            (Reaction::Reject, v) => Some(v == Verdict::Reject),
        }
    }
}

/// One entry of the process record.
#[derive(Clone, Debug)]
pub struct Event {
    pub(crate) date: Date,
    pub(crate) approx: bool,
    pub(crate) kind: EventKind,
    pub(crate) parties: Vec<PartyIx>,
    pub(crate) place: Option<String>,
    pub(crate) plan: Option<PlanIx>,
    pub(crate) reaction: Option<Reaction>,
    pub(crate) summary: Option<String>,
    pub(crate) note: Option<String>,
    pub(crate) sources: Vec<SourceIx>,
}

impl Event {
    /// When it happened.
    pub fn date(&self) -> Date {
        self.date
    }
    /// Whether the date is only roughly known.
    pub fn approx(&self) -> bool {
        self.approx
    }
    /// What kind of event.
    pub fn kind(&self) -> EventKind {
        self.kind
    }
    /// Who took part.
    pub fn parties(&self) -> &[PartyIx] {
        &self.parties
    }
    /// Where.
    pub fn place(&self) -> Option<&str> {
        self.place.as_deref()
    }
    /// The draft it concerns.
    pub fn plan(&self) -> Option<PlanIx> {
        self.plan
    }
    /// What the event's one party said of its draft, if it is a reaction. When `Some`, the
    /// event names exactly one party and a plan (the parser guarantees both).
    pub fn reaction(&self) -> Option<Reaction> {
        self.reaction
    }
    /// The reacting party and the draft, for a reaction: `(party, plan, reaction)`.
    pub fn reported_reaction(&self) -> Option<(PartyIx, PlanIx, Reaction)> {
        match (self.reaction, self.parties.as_slice(), self.plan) {
            (Some(r), [p], Some(plan)) => Some((*p, plan, r)),
            _ => None,
        }
    }
    /// What happened.
    pub fn summary(&self) -> Option<&str> {
        self.summary.as_deref()
    }
    /// Free text for people.
    pub fn note(&self) -> Option<&str> {
        self.note.as_deref()
    }
    /// The sources it cites.
    pub fn sources(&self) -> &[SourceIx] {
        &self.sources
    }
}

/// A validated `accord/1` scenario. See the module docs for what "validated" guarantees.
#[derive(Clone, Debug)]
pub struct Scenario {
    pub(crate) id: ScenarioId,
    pub(crate) title: String,
    pub(crate) summary: Option<String>,
    pub(crate) as_of: Option<Date>,
    pub(crate) note: Option<String>,
    pub(crate) scenario_sources: Vec<SourceIx>,
    pub(crate) sources: Vec<Source>,
    pub(crate) areas: Vec<Area>,
    pub(crate) issues: Vec<Issue>,
    pub(crate) parties: Vec<Party>,
    pub(crate) plans: Vec<Plan>,
    pub(crate) events: Vec<Event>,
    /// The `[agreement]` table (default: unanimity of the signatories).
    pub(crate) agreement: AgreementRule,
    pub(crate) lookup: Lookup,
}

/// The `[agreement]` table: how many signatories must accept, and which ones must be among
/// them (scenario.md, "Agreement rule"). The default is unanimity of the signatories.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AgreementRule {
    /// `quorum` as written; `None` means every signatory (unanimity).
    pub(crate) quorum: Option<usize>,
    /// `required`: signatories that must be among those who accept (veto players), in the
    /// order written, without duplicates.
    pub(crate) required: Vec<PartyIx>,
}

impl AgreementRule {
    /// `quorum` as written (`None`: every signatory).
    pub fn quorum(&self) -> Option<usize> {
        self.quorum
    }
    /// The required signatories (veto players), in the order written.
    pub fn required(&self) -> &[PartyIx] {
        &self.required
    }
    /// Whether the table was written at all (a quorum or required parties).
    pub fn is_written(&self) -> bool {
        self.quorum.is_some() || !self.required.is_empty()
    }
}

/// Id → index maps, built once at validation.
#[derive(Clone, Debug, Default)]
pub(crate) struct Lookup {
    pub(crate) sources: HashMap<String, SourceIx>,
    pub(crate) areas: HashMap<String, AreaIx>,
    pub(crate) issues: HashMap<String, IssueIx>,
    pub(crate) parties: HashMap<String, PartyIx>,
    pub(crate) plans: HashMap<String, PlanIx>,
}

/// A scenario restricted to the parties that negotiate (see [`Scenario::negotiation`]).
#[derive(Clone, Debug)]
pub struct Negotiation {
    /// A copy of the scenario in which only the negotiators can be signatories.
    pub scenario: Scenario,
    /// The parties, in file order, that are signatories in the file but not for this run
    /// (they do not negotiate).
    pub not_negotiating: Vec<PartyIx>,
}

impl Scenario {
    /// The scenario's id.
    pub fn id(&self) -> &ScenarioId {
        &self.id
    }
    /// Its title.
    pub fn title(&self) -> &str {
        &self.title
    }
    /// Its summary (Markdown).
    pub fn summary(&self) -> Option<&str> {
        self.summary.as_deref()
    }
    /// The date of the state of knowledge it records.
    pub fn as_of(&self) -> Option<Date> {
        self.as_of
    }
    /// Free text for people.
    pub fn note(&self) -> Option<&str> {
        self.note.as_deref()
    }
    /// Sources cited by the `[scenario]` table itself.
    pub fn scenario_sources(&self) -> &[SourceIx] {
        &self.scenario_sources
    }

    /// Sources in file order.
    pub fn sources(&self) -> &[Source] {
        &self.sources
    }
    /// Areas in file order.
    pub fn areas(&self) -> &[Area] {
        &self.areas
    }
    /// A copy with every interval of every party's preferences fixed at one value: the value
    /// `pick(party, estimate)` returns, clamped into the interval, so the copy is as valid as
    /// the file. `pick` is called for each party in file order, in the order
    /// [`crate::PointPreferences::realize`] visits its values (and `accord_uncertainty`'s
    /// `Layout` numbers them): the walk-away; then, for each weight in file order, the weight
    /// and — when the weight can be positive — that issue's scores in option (curve point)
    /// order. Exact values are passed too (and come back unchanged). Scores of an issue whose
    /// weight cannot be positive are not visited and keep their intervals: they count for
    /// nothing. Used to simulate one draw of uncertain preferences.
    pub fn with_values(&self, mut pick: impl FnMut(PartyIx, Estimate) -> f64) -> Scenario {
        let mut out = self.clone();
        let mut fix = |p: PartyIx, e: Estimate| {
            let v = pick(p, e);
            let v = if v.is_nan() {
                e.midpoint()
            } else {
                v.clamp(e.lo(), e.hi())
            };
            Estimate::exact(v)
        };
        for (k, party) in out.parties.iter_mut().enumerate() {
            let p = PartyIx::from_usize(k);
            party.walk_away = fix(p, party.walk_away);
            for w in 0..party.weights.len() {
                let (issue, estimate) = party.weights[w];
                party.weights[w].1 = fix(p, estimate);
                if estimate.hi() <= 0.0 {
                    continue;
                }
                if let Some((_, score)) = party.scores.iter_mut().find(|(i, _)| *i == issue) {
                    match score {
                        ScoreFn::Table(t) => {
                            for e in t.iter_mut() {
                                *e = fix(p, *e);
                            }
                        }
                        ScoreFn::Curve(c) => {
                            for (_, e) in c.iter_mut() {
                                *e = fix(p, *e);
                            }
                        }
                    }
                }
            }
        }
        out
    }

    /// Issues in file order.
    pub fn issues(&self) -> &[Issue] {
        &self.issues
    }
    /// Parties in file order.
    pub fn parties(&self) -> &[Party] {
        &self.parties
    }
    /// Whether any party is an observer.
    pub fn has_observers(&self) -> bool {
        self.parties.iter().any(|p| p.observer)
    }
    /// The parties that are not observers, in file order: the ones with preferences, which
    /// evaluations, tables, frontiers and solutions show.
    pub fn modelled_party_ixs(&self) -> Vec<PartyIx> {
        self.party_ixs()
            .filter(|p| !self.party(*p).observer)
            .collect()
    }
    /// The chain of drafts `plan` revises, nearest first (without `plan` itself). Finite: the
    /// parser refuses loops.
    pub fn revision_chain(&self, plan: PlanIx) -> Vec<PlanIx> {
        let mut out = Vec::new();
        let mut at = self.plan(plan).revises;
        while let Some(p) = at {
            if p == plan || out.contains(&p) {
                break;
            }
            out.push(p);
            at = self.plan(p).revises;
        }
        out
    }

    /// [`Scenario::negotiation`] among `negotiators` when some are named, else the scenario as
    /// it is (every role as in the file).
    pub fn into_negotiation(self, negotiators: Option<&[PartyIx]>) -> Negotiation {
        match negotiators {
            Some(n) => self.negotiation(n),
            None => Negotiation {
                scenario: self,
                not_negotiating: Vec::new(),
            },
        }
    }

    /// The negotiation among `negotiators` only: a copy in which every other party is not a
    /// signatory for this run (it keeps its preferences, so it can still be judged or listed,
    /// but an agreement no longer needs its acceptance and its walk-away no longer bounds the
    /// agreements). The negotiators keep their own role. For instance, a two-party Genius
    /// domain imported with extra profiles for one side analyzes as the two-party negotiation.
    ///
    /// The `[agreement]` rule of the file is about all of its signatories, so the negotiation
    /// among some of them needs every negotiator that is a signatory (unanimity); scoped
    /// consent and ratifiers are kept.
    pub fn negotiation(&self, negotiators: &[PartyIx]) -> Negotiation {
        let mut scenario = self.clone();
        scenario.agreement = AgreementRule::default();
        let mut not_negotiating = Vec::new();
        for (k, party) in scenario.parties.iter_mut().enumerate() {
            let ix = PartyIx::from_usize(k);
            if party.signatory && !negotiators.contains(&ix) {
                party.signatory = false;
                not_negotiating.push(ix);
            }
        }
        Negotiation {
            scenario,
            not_negotiating,
        }
    }
    /// Plans in file order.
    pub fn plans(&self) -> &[Plan] {
        &self.plans
    }
    /// Events in file order.
    pub fn events(&self) -> &[Event] {
        &self.events
    }
    /// The `[agreement]` table (the default rule, unanimity, when the file has none).
    pub fn agreement_rule(&self) -> &AgreementRule {
        &self.agreement
    }

    /// A source by index.
    pub fn source(&self, ix: SourceIx) -> &Source {
        &self.sources[ix.index()]
    }
    /// An area by index.
    pub fn area(&self, ix: AreaIx) -> &Area {
        &self.areas[ix.index()]
    }
    /// An issue by index.
    pub fn issue(&self, ix: IssueIx) -> &Issue {
        &self.issues[ix.index()]
    }
    /// A party by index.
    pub fn party(&self, ix: PartyIx) -> &Party {
        &self.parties[ix.index()]
    }
    /// A plan by index.
    pub fn plan(&self, ix: PlanIx) -> &Plan {
        &self.plans[ix.index()]
    }

    /// Issue indices in file order.
    pub fn issue_ixs(&self) -> impl ExactSizeIterator<Item = IssueIx> + use<> {
        (0..self.issues.len()).map(IssueIx::from_usize)
    }
    /// Party indices in file order.
    pub fn party_ixs(&self) -> impl ExactSizeIterator<Item = PartyIx> + use<> {
        (0..self.parties.len()).map(PartyIx::from_usize)
    }
    /// Plan indices in file order.
    pub fn plan_ixs(&self) -> impl ExactSizeIterator<Item = PlanIx> + use<> {
        (0..self.plans.len()).map(PlanIx::from_usize)
    }
    /// Area indices in file order.
    pub fn area_ixs(&self) -> impl ExactSizeIterator<Item = AreaIx> + use<> {
        (0..self.areas.len()).map(AreaIx::from_usize)
    }

    /// Finds a source by id.
    pub fn find_source(&self, id: &str) -> Option<SourceIx> {
        self.lookup.sources.get(id).copied()
    }
    /// Finds an area by id.
    pub fn find_area(&self, id: &str) -> Option<AreaIx> {
        self.lookup.areas.get(id).copied()
    }
    /// Finds an issue by id.
    pub fn find_issue(&self, id: &str) -> Option<IssueIx> {
        self.lookup.issues.get(id).copied()
    }
    /// Finds a party by id.
    pub fn find_party(&self, id: &str) -> Option<PartyIx> {
        self.lookup.parties.get(id).copied()
    }
    /// Finds a plan by id.
    pub fn find_plan(&self, id: &str) -> Option<PlanIx> {
        self.lookup.plans.get(id).copied()
    }

    /// The exact number of outcomes (product of option counts), or `None` past `u128::MAX`.
    pub fn outcome_count(&self) -> Option<u128> {
        self.issues
            .iter()
            .try_fold(1u128, |acc, i| acc.checked_mul(i.option_count() as u128))
    }
}

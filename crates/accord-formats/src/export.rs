//! What the two exporters share: reading a validated [`Scenario`] into plain numbers, choosing
//! file names, and warning about what a foreign format cannot hold.

use std::collections::HashSet;

use accord_model::utility::curve_at;
use accord_model::{Estimate, IssueDomain, IssueIx, Party, Scenario, ScoreFn};

use crate::error::Warning;

/// A party's score function with every interval at its midpoint.
#[derive(Debug, Clone)]
pub enum Score {
    /// One score per option.
    Table(Vec<f64>),
    /// A curve through `(value, score)` points.
    Curve(Vec<(f64, f64)>),
}

impl Score {
    /// The score of option `k` of `issue`.
    pub fn at(&self, issue: &accord_model::Issue, k: usize) -> f64 {
        match (self, issue.domain()) {
            (Score::Table(t), _) => t[k],
            (Score::Curve(c), IssueDomain::Numeric { grid, .. }) => curve_at(c, grid.value(k)),
            (Score::Curve(_), IssueDomain::Discrete(_)) => 0.0,
        }
    }
}

/// A party's weight (midpoint, 0 when unlisted) and score function (when it has one) per issue.
pub fn party_issues(scenario: &Scenario, party: &Party) -> Vec<(f64, Option<Score>)> {
    scenario
        .issue_ixs()
        .map(|ix| {
            let w = party
                .weights()
                .iter()
                .find(|(i, _)| *i == ix)
                .map_or(0.0, |(_, w)| w.midpoint());
            let s = if w > 0.0 { score(party, ix) } else { None };
            (w, s)
        })
        .collect()
}

fn score(party: &Party, ix: IssueIx) -> Option<Score> {
    party.score_fn(ix).map(|f| match f {
        ScoreFn::Table(t) => Score::Table(t.iter().map(|e| e.midpoint()).collect()),
        ScoreFn::Curve(c) => Score::Curve(c.iter().map(|(x, e)| (*x, e.midpoint())).collect()),
    })
}

/// Warnings for everything of the scenario that neither Genius nor GeniusWeb can hold.
pub fn dropped(scenario: &Scenario, format: &str) -> Vec<Warning> {
    let mut w = Vec::new();
    let mut say = |m: String| w.push(Warning::file("", m));
    if !scenario.plans().is_empty() {
        say(format!(
            "{} plan(s) not exported: {format} has no drafts",
            scenario.plans().len()
        ));
    }
    if !scenario.events().is_empty() {
        say(format!(
            "{} event(s) not exported: {format} has no process record",
            scenario.events().len()
        ));
    }
    for issue in scenario.issues() {
        if issue.status_quo().is_some() {
            say(format!(
                "issue `{}`: the status quo is not exported",
                issue.id()
            ));
        }
    }
    for p in scenario.parties() {
        if p.is_observer() {
            say(format!(
                "party `{}`: an observer (no preferences) has no {format} profile; skipped",
                p.id()
            ));
            continue;
        }
        if !p.red_lines().is_empty() {
            say(format!(
                "party `{}`: red lines are not exported ({format} has none)",
                p.id()
            ));
        }
        if !p.signatory() {
            say(format!(
                "party `{}`: non-signatory status is not exported",
                p.id()
            ));
        }
        let uncertain = |e: &Estimate| !e.is_exact();
        let any_interval = uncertain(&p.walk_away())
            || p.weights().iter().any(|(_, e)| uncertain(e))
            || scenario.issue_ixs().any(|ix| match p.score_fn(ix) {
                Some(ScoreFn::Table(t)) => t.iter().any(uncertain),
                Some(ScoreFn::Curve(c)) => c.iter().any(|(_, e)| uncertain(e)),
                None => false,
            });
        if any_interval {
            say(format!(
                "party `{}`: intervals exported as their midpoints",
                p.id()
            ));
        }
    }
    w
}

/// Picks file names: the source file a scenario was imported from when it has the right
/// extension and is a plain, unused file name (no folder separator, no control character, not
/// hidden); otherwise `fallback`.
#[derive(Debug, Default)]
pub struct FileNames {
    used: HashSet<String>,
}

impl FileNames {
    /// A file name for a thing citing `sources`.
    pub fn pick(
        &mut self,
        scenario: &Scenario,
        sources: &[accord_model::SourceIx],
        extension: &str,
        fallback: &str,
    ) -> String {
        let from_source = sources
            .iter()
            .map(|&s| scenario.source(s).title())
            .find(|t| {
                t.to_ascii_lowercase().ends_with(extension)
                    && t.len() > extension.len()
                    && !t.starts_with('.')
                    && !t
                        .chars()
                        .any(|c| c.is_control() || matches!(c, '/' | '\\' | ':'))
            });
        let mut name = match from_source {
            Some(t) if !self.used.contains(&t.to_ascii_lowercase()) => t.to_owned(),
            _ => format!("{fallback}{extension}"),
        };
        let mut n = 2;
        while self.used.contains(&name.to_ascii_lowercase()) {
            name = format!("{fallback}-{n}{extension}");
            n += 1;
        }
        self.used.insert(name.to_ascii_lowercase());
        name
    }
}

/// Display names for the options of a discrete issue: the labels when every option has one and
/// they are unique, else the ids.
pub fn option_names(issue: &accord_model::Issue) -> Vec<String> {
    let IssueDomain::Discrete(options) = issue.domain() else {
        return Vec::new();
    };
    let labels: Vec<Option<&str>> = options.iter().map(|o| o.label()).collect();
    let unique: HashSet<&str> = labels.iter().flatten().copied().collect();
    if labels.iter().all(Option::is_some) && unique.len() == options.len() {
        labels
            .into_iter()
            .map(|l| l.unwrap_or_default().to_owned())
            .collect()
    } else {
        options.iter().map(|o| o.id().to_string()).collect()
    }
}

/// Display names for issues: the titles when they are unique, else the ids.
pub fn issue_names(scenario: &Scenario) -> Vec<String> {
    let titles: HashSet<&str> = scenario.issues().iter().map(|i| i.title()).collect();
    if titles.len() == scenario.issues().len() {
        scenario
            .issues()
            .iter()
            .map(|i| i.title().to_owned())
            .collect()
    } else {
        scenario
            .issues()
            .iter()
            .map(|i| i.id().to_string())
            .collect()
    }
}

/// The weights to write: as stored when they already sum to 1 within 1e-3 (so that a file
/// read from Genius, whose hand-written weights may sum to 1.0001, is written back as read),
/// otherwise divided by their sum.
pub fn base_weights(weights: &[f64]) -> Vec<f64> {
    let total: f64 = weights.iter().filter(|w| **w > 0.0).sum();
    if (total - 1.0).abs() <= 1e-3 || total <= 0.0 {
        weights.to_vec()
    } else {
        weights.iter().map(|w| w / total).collect()
    }
}

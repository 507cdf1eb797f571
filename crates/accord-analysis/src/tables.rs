//! The scenario compiled for fast evaluation: per party, a table of `share * score` for every
//! option of every issue (0 for issues the party does not weigh), interactions as option masks,
//! and red lines as option masks.
//!
//! **Invariant:** [`PartyTable::utility`] adds the table entries in issue order starting from
//! `0.0`, then the bonuses in file order, exactly like
//! [`accord_model::PointPreferences::utility`]: the entries are the model's own
//! `contribution(k, option)` values and adding `0.0` for an unweighted issue changes nothing, so
//! both agree bit for bit.

use accord_model::{Cancel, IssueIx, OptionIx, PartyIx, PointPreferences, Scenario};

/// One interaction: its bonus and, per issue it names, which options satisfy the condition.
#[derive(Clone, Debug)]
pub struct CompiledInteraction {
    /// Added to the utility when every condition holds.
    pub bonus: f64,
    /// `(issue, holds[option])`.
    pub conditions: Vec<(usize, Vec<bool>)>,
}

impl CompiledInteraction {
    /// Whether every condition holds for an outcome (option index per issue).
    pub fn holds(&self, outcome: &[usize]) -> bool {
        self.conditions.iter().all(|(i, mask)| mask[outcome[*i]])
    }
}

/// One party's preferences with every interval at its midpoint, as tables.
#[derive(Clone, Debug)]
pub struct PartyTable {
    /// The party.
    pub party: PartyIx,
    /// Whether an agreement needs its acceptance.
    pub signatory: bool,
    /// Its walk-away value (midpoint).
    pub walk_away: f64,
    /// `contributions[issue][option]` = `share * score`, `0.0` where the party has no weight.
    pub contributions: Vec<Vec<f64>>,
    /// Its interactions, in file order.
    pub interactions: Vec<CompiledInteraction>,
    /// `red_line[issue][option]`.
    pub red_line: Vec<Vec<bool>>,
}

impl PartyTable {
    /// Compiles one party of a scenario (every interval at its midpoint).
    pub fn new(scenario: &Scenario, party: PartyIx) -> Self {
        let radix: Vec<usize> = scenario.issues().iter().map(|i| i.option_count()).collect();
        compile_party(scenario, party, &radix)
    }

    /// The utility of a complete outcome (option index per issue); bit-identical to the model's.
    pub fn utility(&self, outcome: &[usize]) -> f64 {
        let mut u = 0.0;
        for (row, &o) in self.contributions.iter().zip(outcome) {
            u += row[o];
        }
        self.add_bonuses(u, outcome)
    }

    /// Adds the bonuses that hold, in file order, to a weighted sum.
    #[inline]
    pub fn add_bonuses(&self, mut u: f64, outcome: &[usize]) -> f64 {
        for interaction in &self.interactions {
            if interaction.holds(outcome) {
                u += interaction.bonus;
            }
        }
        u
    }

    /// Whether the outcome crosses one of the party's red lines.
    pub fn crosses_red_line(&self, outcome: &[usize]) -> bool {
        self.red_line.iter().zip(outcome).any(|(row, &o)| row[o])
    }

    /// Whether the party accepts the outcome (`scenario.md`): no red line crossed and utility at
    /// least its walk-away within the tolerance.
    pub fn accepts(&self, outcome: &[usize]) -> bool {
        !self.crosses_red_line(outcome)
            && self.utility(outcome) >= self.walk_away - accord_model::TOLERANCE
    }

    /// The sum of the positive bonuses: no interaction can add more than this.
    pub fn max_bonus(&self) -> f64 {
        self.interactions.iter().map(|i| i.bonus.max(0.0)).sum()
    }
}

/// The whole scenario as tables.
#[derive(Clone, Debug)]
pub struct Tables {
    /// Number of options of each issue, in file order.
    pub radix: Vec<usize>,
    /// One table per party, in file order.
    pub parties: Vec<PartyTable>,
    /// Stops every [`crate::enumerate::Engine`] built over these tables: a cancelled engine
    /// walks no further chunk (its results are then incomplete, and the caller discards them).
    pub cancel: Cancel,
}

impl Tables {
    /// Compiles a scenario (deterministic preferences: every interval at its midpoint).
    pub fn new(scenario: &Scenario) -> Self {
        let radix: Vec<usize> = scenario.issues().iter().map(|i| i.option_count()).collect();
        let parties = scenario
            .party_ixs()
            .map(|p| compile_party(scenario, p, &radix))
            .collect();
        Tables {
            radix,
            parties,
            cancel: Cancel::never(),
        }
    }

    /// Number of issues.
    pub fn issue_count(&self) -> usize {
        self.radix.len()
    }

    /// The indices of the signatories, in file order.
    pub fn signatories(&self) -> Vec<usize> {
        (0..self.parties.len())
            .filter(|&p| self.parties[p].signatory)
            .collect()
    }

    /// For each issue, the options that no signatory has as a red line, ascending.
    pub fn allowed_options(&self) -> Vec<Vec<usize>> {
        (0..self.radix.len())
            .map(|i| {
                (0..self.radix[i])
                    .filter(|&o| !self.parties.iter().any(|p| p.signatory && p.red_line[i][o]))
                    .collect()
            })
            .collect()
    }

    /// Every option of every issue, ascending.
    pub fn all_options(&self) -> Vec<Vec<usize>> {
        self.radix.iter().map(|&r| (0..r).collect()).collect()
    }
}

fn compile_party(scenario: &Scenario, p: PartyIx, radix: &[usize]) -> PartyTable {
    let party = scenario.party(p);
    let prefs = PointPreferences::midpoint(scenario, p);
    let mut contributions: Vec<Vec<f64>> = radix.iter().map(|&r| vec![0.0; r]).collect();
    for (k, w) in prefs.weighted().iter().enumerate() {
        let i = w.issue.index();
        for (o, slot) in contributions[i].iter_mut().enumerate() {
            *slot = prefs.contribution(k, OptionIx::from_usize(o));
        }
    }
    let interactions = prefs
        .interactions()
        .iter()
        .map(|interaction| CompiledInteraction {
            bonus: interaction.bonus(),
            conditions: interaction
                .when()
                .iter()
                .map(|(issue, condition)| {
                    let mask = (0..radix[issue.index()])
                        .map(|o| prefs.condition_holds(*issue, condition, OptionIx::from_usize(o)))
                        .collect();
                    (issue.index(), mask)
                })
                .collect(),
        })
        .collect();
    let red_line = radix
        .iter()
        .enumerate()
        .map(|(i, &r)| {
            (0..r)
                .map(|o| party.is_red_line(IssueIx::from_usize(i), OptionIx::from_usize(o)))
                .collect()
        })
        .collect();
    PartyTable {
        party: p,
        signatory: party.signatory(),
        walk_away: prefs.walk_away(),
        contributions,
        interactions,
        red_line,
    }
}

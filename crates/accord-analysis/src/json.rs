//! The wire types of `accord analyze --json` (`analysis.md`). JSON may only grow: fields past
//! the spec's (`method`, `epsilon`, `signatories`, `blocking`) are additions.

use accord_model::Scenario;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::{Analysis, BigCount, Point};

/// `accord analyze --json`.
#[derive(Serialize, Debug)]
pub struct AnalysisJson {
    /// The scenario id.
    pub scenario: String,
    /// The frontier's parties; every `utilities` array follows this order.
    pub parties: Vec<String>,
    /// The exact outcome count, a JSON integer however large.
    pub outcomes: BigCount,
    /// The number of agreements, or null when not counted.
    pub agreements: Option<u64>,
    /// The Pareto frontier.
    pub pareto: Vec<PointJson>,
    /// The four solutions, null when no agreement exists.
    pub solutions: Map<String, Value>,
    /// `enumerate` or `merge`.
    pub method: &'static str,
    /// The ε of an approximate frontier, or null when exact.
    pub epsilon: Option<f64>,
    /// The signatories, whose walk-aways define the solutions.
    pub signatories: Vec<String>,
    /// Why no agreement exists (null when one does).
    pub blocking: Option<BlockingJson>,
}

/// One outcome: its terms and the frontier parties' utilities.
#[derive(Serialize, Debug)]
pub struct PointJson {
    /// Issue id → option id (numeric issues: the number), in issue order.
    pub terms: Map<String, Value>,
    /// Utilities in `parties` order.
    pub utilities: Vec<f64>,
}

/// Why no agreement exists.
#[derive(Serialize, Debug)]
pub struct BlockingJson {
    /// Issues whose every option is some signatory's red line: issue → party → options.
    pub closed_issues: Map<String, Value>,
    /// Per signatory.
    pub parties: Vec<PartyBlockJson>,
}

/// One signatory's part in blocking agreement.
#[derive(Serialize, Debug)]
pub struct PartyBlockJson {
    /// The party id.
    pub party: String,
    /// Its walk-away.
    pub walk_away: f64,
    /// Its best utility within every signatory's red lines (null when unknown).
    pub best: Option<f64>,
    /// How many outcomes it rejects (null when not counted).
    pub rejects: Option<u64>,
}

impl PointJson {
    /// An outcome of a scenario.
    pub fn new(scenario: &Scenario, point: &Point) -> Self {
        PointJson {
            terms: terms(scenario, point),
            utilities: point.utilities.clone(),
        }
    }
}

/// Issue id → option value, in issue order.
pub fn terms(scenario: &Scenario, point: &Point) -> Map<String, Value> {
    scenario
        .issues()
        .iter()
        .zip(&point.outcome)
        .map(|(issue, &o)| (issue.id().to_string(), issue.option_value(o).to_json()))
        .collect()
}

impl AnalysisJson {
    /// The JSON of an analysis.
    pub fn new(scenario: &Scenario, a: &Analysis) -> Self {
        let id = |p: accord_model::PartyIx| scenario.party(p).id().to_string();
        AnalysisJson {
            scenario: scenario.id().to_string(),
            parties: a.parties.iter().map(|&p| id(p)).collect(),
            outcomes: a.outcomes.clone(),
            agreements: a.agreements,
            pareto: a
                .frontier
                .iter()
                .map(|p| PointJson::new(scenario, p))
                .collect(),
            solutions: a
                .solutions
                .iter()
                .map(|(c, s)| {
                    let v = match s {
                        Some(p) => {
                            serde_json::to_value(PointJson::new(scenario, p)).unwrap_or(Value::Null)
                        }
                        None => Value::Null,
                    };
                    (c.key().to_owned(), v)
                })
                .collect(),
            method: a.method.name(),
            epsilon: a.epsilon,
            signatories: a.signatories.iter().map(|&p| id(p)).collect(),
            blocking: a.blockers.as_ref().map(|b| BlockingJson {
                closed_issues: b
                    .closed_issues
                    .iter()
                    .map(|c| {
                        let issue = scenario.issue(c.issue);
                        let lines: Map<String, Value> = c
                            .red_lines
                            .iter()
                            .map(|(p, opts)| {
                                let v = opts.iter().map(|&o| issue.option_value(o).to_json());
                                (id(*p), Value::Array(v.collect()))
                            })
                            .collect();
                        (issue.id().to_string(), Value::Object(lines))
                    })
                    .collect(),
                parties: b
                    .parties
                    .iter()
                    .map(|pb| PartyBlockJson {
                        party: id(pb.party),
                        walk_away: pb.walk_away,
                        best: pb.best,
                        rejects: pb.rejects,
                    })
                    .collect(),
            }),
        }
    }
}

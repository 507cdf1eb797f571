//! JSON for tools: trace events and outcomes with scenario ids and every party's utility.

use accord_model::{IssueIx, Scenario};
use serde_json::{Map, Value, json};

use crate::domain::{Domain, OutcomeId};
use crate::protocol::{Ending, Event};

/// An outcome as `{issue id: option}` in issue order.
pub fn outcome_json(scenario: &Scenario, domain: &Domain, o: OutcomeId) -> Value {
    let mut m = Map::new();
    for (k, option) in domain.space.decode(o).into_iter().enumerate() {
        let issue = scenario.issue(IssueIx::from_usize(k));
        m.insert(issue.id().to_string(), issue.option_value(option).to_json());
    }
    Value::Object(m)
}

/// Every domain party's utility of an outcome, `{party id: utility}`.
pub fn utilities_json(scenario: &Scenario, domain: &Domain, o: OutcomeId) -> Value {
    let mut m = Map::new();
    for own in &domain.own {
        m.insert(
            scenario.party(own.party).id().to_string(),
            json!(own.utility(o)),
        );
    }
    Value::Object(m)
}

/// The id of the party at domain position `p`.
pub fn party_id(scenario: &Scenario, domain: &Domain, p: usize) -> String {
    scenario.party(domain.parties[p]).id().to_string()
}

/// One trace line: stage, round, relative time, party (`null`: the mediator), action, the
/// outcome with every party's utility of it, and objections as `{issue, option}`.
pub fn event_json(scenario: &Scenario, domain: &Domain, run: u64, e: &Event) -> Value {
    let objections: Vec<Value> = e
        .objections
        .iter()
        .map(|&(i, o)| {
            let issue = scenario.issue(IssueIx::from_usize(i));
            json!({
                "issue": issue.id().as_str(),
                "option": issue.option_value(accord_model::OptionIx::from_usize(o)).to_json(),
            })
        })
        .collect();
    let mut v = json!({
        "seed": run,
        "stage": e.stage,
        "round": e.round,
        "t": e.t,
        "party": e.party.map(|p| party_id(scenario, domain, p)),
        "action": e.action,
    });
    if let Some(o) = e.outcome {
        v["outcome"] = outcome_json(scenario, domain, o);
        v["utilities"] = utilities_json(scenario, domain, o);
    }
    if !objections.is_empty() {
        v["objections"] = Value::Array(objections);
    }
    v
}

/// How a negotiation ended, as JSON with party ids.
pub fn ending_json(scenario: &Scenario, domain: &Domain, ending: &Ending) -> Value {
    match ending {
        Ending::Agreement => json!({"kind": "agreement"}),
        Ending::Timeout => json!({"kind": "timeout"}),
        Ending::NoDraft => json!({"kind": "no-draft"}),
        Ending::Ended { by } => json!({"kind": "ended", "by": party_id(scenario, domain, *by)}),
        Ending::Rejected { by } => json!({
            "kind": "rejected",
            "by": by.iter().map(|&p| party_id(scenario, domain, p)).collect::<Vec<_>>(),
        }),
    }
}

//! `accord amend FILE --plan ID [--max-changes K] [--json]`: the smallest sets of issue changes
//! that turn a draft into an agreement, cheapest for the drafters first.

use std::path::Path;

use accord_analysis::amend::{AmendError, amendments};
use accord_model::{Scenario, plan_terms};
use comfy_table::Cell;
use serde_json::{Map, Value, json};

use accord_model::whatif::WhatIf;

use crate::Status;
use crate::evaluate::{open_issues, resolve_plan};
use crate::input::{load_valid, print_json};
use crate::style;

pub fn run(
    path: &Path,
    plan_id: &str,
    max_changes: usize,
    json: bool,
    what_ifs: &[WhatIf],
) -> Status {
    let (_, scenario) = match load_valid(path, json, what_ifs) {
        Ok(x) => x,
        Err(status) => return status,
    };
    let plan = match resolve_plan(&scenario, plan_id) {
        Ok(p) => p,
        Err(status) => return status,
    };
    let a = match amendments(&scenario, plan, max_changes) {
        Ok(a) => a,
        Err(AmendError::OpenIssues(open)) => {
            return open_issues(&scenario, plan_id, &open, "amendments");
        }
        Err(AmendError::TooMany {
            candidates,
            changes,
        }) => {
            eprintln!(
                "error: {changes} changes would mean trying {candidates} outcomes, more than \
                 {}; use a smaller --max-changes",
                accord_analysis::amend::AMEND_LIMIT
            );
            return Status::Usage;
        }
    };
    let ids = |ps: &[accord_model::PartyIx]| -> Vec<String> {
        ps.iter()
            .map(|&p| scenario.party(p).id().to_string())
            .collect()
    };
    if json {
        let items: Vec<Value> = a
            .amendments
            .iter()
            .map(|x| {
                let changes: Map<String, Value> = x
                    .changes
                    .iter()
                    .map(|&(i, o)| {
                        let issue = scenario.issue(i);
                        (issue.id().to_string(), issue.option_value(o).to_json())
                    })
                    .collect();
                json!({ "changes": changes, "drafters_cost": x.cost, "utilities": x.utilities })
            })
            .collect();
        print_json(&json!({
            "scenario": scenario.id().as_str(),
            "plan": plan_id,
            "already_agreement": a.already_agreement,
            "drafters": ids(&a.drafters),
            "signatories": ids(&a.signatories),
            "max_changes": max_changes,
            "amendments": items,
        }));
        return Status::Ok;
    }
    print_human(&scenario, plan, &a, max_changes, &ids(&a.signatories));
    Status::Ok
}

fn print_human(
    scenario: &Scenario,
    plan: accord_model::PlanIx,
    a: &accord_analysis::amend::Amendments,
    max_changes: usize,
    signatories: &[String],
) {
    let id = scenario.plan(plan).id();
    if a.already_agreement {
        outln!("`{id}` is already an agreement: every signatory accepts it.");
        return;
    }
    if a.amendments.is_empty() {
        outln!(
            "No change of at most {max_changes} issues turns `{id}` into an agreement; try a \
             larger --max-changes (or see `accord analyze` for why no agreement may exist)."
        );
        return;
    }
    let drafters: Vec<&str> = a
        .drafters
        .iter()
        .map(|&p| scenario.party(p).id().as_str())
        .collect();
    outln!(
        "Smallest changes that make `{id}` an agreement, cheapest for {} first:",
        drafters.join(", ")
    );
    let draft = plan_terms(scenario, plan);
    let mut header = vec![Cell::new("#"), Cell::new("changes"), Cell::new("cost")];
    header.extend(signatories.iter().map(Cell::new));
    let mut table = style::table(header);
    for (k, x) in a.amendments.iter().enumerate() {
        let ch: Vec<String> = x
            .changes
            .iter()
            .map(|&(i, o)| {
                let issue = scenario.issue(i);
                let from = draft[i.index()]
                    .map(|d| issue.option_value(d).to_string())
                    .unwrap_or_default();
                format!("{}: {from} → {}", issue.id(), issue.option_value(o))
            })
            .collect();
        let mut row = vec![
            Cell::new(k + 1),
            Cell::new(ch.join("; ")),
            Cell::new(format!("{:+.3}", x.cost)),
        ];
        row.extend(x.utilities.iter().map(|&u| Cell::new(style::utility(u))));
        table.add_row(row);
    }
    outln!("{table}");
}

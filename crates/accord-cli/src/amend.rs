//! `accord amend FILE --plan ID [--max-changes K] [--json]`: the smallest sets of issue changes
//! that turn a draft into an agreement, cheapest for the drafters first.

use accord_analysis::amend::amendments;
use accord_analysis::json::AmendmentsJson;
use accord_model::{PlanIx, Scenario, plan_terms};
use comfy_table::Cell;

use crate::Outcome;
use crate::input::load_valid;
use crate::style;

/// The flags of `accord amend`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The scenario file.
    pub file: std::path::PathBuf,
    /// The draft to amend.
    #[arg(long = "plan", value_name = "ID")]
    pub plan: String,
    /// Most issues changed at once.
    #[arg(long, default_value_t = 3)]
    pub max_changes: usize,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub what_if: crate::WhatIfArgs,
}

pub fn run(a: &Args) -> Outcome {
    let (path, plan_id, max_changes, json) = (&a.file, &a.plan, a.max_changes, a.json);
    let what_ifs = &a.what_if.all();
    let (_, scenario) = load_valid(path, json, what_ifs)?;
    let plan = crate::evaluate::resolve_plan(&scenario, plan_id)?;
    let a =
        amendments(&scenario, plan, max_changes).map_err(|e| crate::analyze::report_error(&e))?;
    if json {
        crate::input::print_result(
            &AmendmentsJson::new(&scenario, plan, max_changes, &a),
            &scenario,
            what_ifs,
        );
    } else {
        crate::input::print_what_ifs(&scenario, what_ifs);
        print_human(&scenario, plan, &a, max_changes);
    }
    Ok(())
}

fn print_human(
    scenario: &Scenario,
    plan: PlanIx,
    a: &accord_analysis::amend::Amendments,
    max_changes: usize,
) {
    let id = scenario.plan(plan).id();
    if a.already_agreement {
        if scenario.consent_rule().is_unanimity() {
            outln!("`{id}` is already an agreement: every signatory accepts it.");
        } else {
            outln!("`{id}` is already an agreement under the scenario's agreement rule.");
        }
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
    header.extend(
        a.signatories
            .iter()
            .map(|&p| Cell::new(scenario.party(p).id().as_str())),
    );
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

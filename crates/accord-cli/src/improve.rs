//! `accord improve FILE --plan ID [--top N] [--json]`: outcomes every signatory weakly prefers
//! to a draft (one strictly), undominated, best first by each bargaining criterion. For a
//! partial draft, measured from the least each signatory can get from it, with the open issues
//! each improvement settles.

use accord_analysis::improve::improvements;
use accord_analysis::json::ImprovementsJson;
use accord_model::{PlanIx, Scenario, plan_terms};
use comfy_table::Cell;

use crate::Outcome;
use crate::input::load_valid;
use crate::style;

/// The flags of `accord improve`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The scenario file.
    pub file: std::path::PathBuf,
    /// The draft to improve on.
    #[arg(long = "plan", value_name = "ID")]
    pub plan: String,
    /// How many improvements to list per bargaining solution (at least 1).
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..))]
    pub top: u32,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub what_if: crate::WhatIfArgs,
}

pub fn run(a: &Args) -> Outcome {
    let (path, plan_id, top, json) = (&a.file, &a.plan, a.top as usize, a.json);
    let what_ifs = &a.what_if.all();
    let (_, scenario) = load_valid(path, json, what_ifs)?;
    let plan = crate::evaluate::resolve_plan(&scenario, plan_id)?;
    let imp = improvements(&scenario, plan, top).map_err(|e| crate::analyze::report_error(&e))?;
    if json {
        crate::input::print_result(
            &ImprovementsJson::new(&scenario, plan, &imp),
            &scenario,
            what_ifs,
        );
    } else {
        crate::input::print_what_ifs(&scenario, what_ifs);
        print_human(&scenario, plan, &imp);
    }
    Ok(())
}

fn print_human(scenario: &Scenario, plan: PlanIx, imp: &accord_analysis::improve::Improvements) {
    let draft_terms = plan_terms(scenario, plan);
    let names = style::party_names(scenario, &imp.signatories);
    let say = |text: String| outln!("{}", style::wrap(&text, "", "  "));
    say(format!(
        "Improvements on {} for {}",
        scenario.plan(plan).title(),
        names.join(", ")
    ));
    let open: Vec<&str> = imp
        .open_issues
        .iter()
        .map(|&i| scenario.issue(i).title())
        .collect();
    if open.is_empty() {
        let draft: Vec<String> = imp.draft.iter().map(|&u| style::utility(u)).collect();
        let draft: Vec<String> = draft
            .iter()
            .zip(&names)
            .map(|(u, n)| format!("{n} {u}"))
            .collect();
        say(format!("draft utilities: {}", draft.join(", ")));
    } else {
        let draft: Vec<String> = imp
            .draft_range
            .iter()
            .zip(&names)
            .map(|(&(lo, hi), n)| format!("{n} {} to {}", style::utility(lo), style::utility(hi)))
            .collect();
        say(format!("the draft leaves open: {}", open.join("; ")));
        say(format!(
            "its utilities over the completions: {}",
            draft.join(", ")
        ));
        say(
            "improvements give every signatory at least the least the draft can give it, one \
             more; settling an open issue within the options the draft allows is not a change"
                .to_owned(),
        );
    }
    let ruled = !scenario.consent_rule().is_unanimity();
    if ruled {
        say(
            "under the scenario's agreement rule: improvements are agreements under the rule \
             (see `accord analyze` for the rule)"
                .to_owned(),
        );
    }
    if imp.ranked.iter().all(|(_, l)| l.is_empty()) {
        if ruled {
            outln!(
                "none: no agreement under the rule is at least as good for every signatory and \
                 better for one"
            );
        } else {
            outln!(
                "none: no outcome is at least as good for every signatory and better for one \
                 (within everyone's red lines) — the draft is Pareto-optimal for them"
            );
        }
        return;
    }
    for (c, list) in &imp.ranked {
        outln!();
        outln!("best first by the {} solution's criterion:", c.name());
        let mut header = vec![Cell::new("#"), Cell::new("changes")];
        if !open.is_empty() {
            header.push(Cell::new("settles"));
        }
        header.extend(names.iter().map(Cell::new));
        let mut table = style::table(header);
        for (k, i) in list.iter().enumerate() {
            let ch: Vec<String> = i
                .changes
                .iter()
                .map(|&x| {
                    style::change(
                        scenario.issue(x),
                        draft_terms[x.index()],
                        i.outcome[x.index()],
                    )
                })
                .collect();
            let ch = if ch.is_empty() {
                "none".to_owned()
            } else {
                ch.join("\n")
            };
            let mut row = vec![Cell::new(k + 1), Cell::new(ch)];
            if !open.is_empty() {
                let settled: Vec<String> = i
                    .settled
                    .iter()
                    .map(|&x| {
                        let issue = scenario.issue(x);
                        format!(
                            "{}: {}",
                            issue.title(),
                            issue.option_label(i.outcome[x.index()])
                        )
                    })
                    .collect();
                row.push(Cell::new(settled.join("\n")));
            }
            row.extend(
                i.utilities
                    .iter()
                    .zip(&imp.draft)
                    .map(|(&u, &d)| Cell::new(format!("{} ({:+.3})", style::utility(u), u - d))),
            );
            table.add_row(row);
        }
        crate::amend::fit(&mut table);
        outln!("{table}");
    }
}

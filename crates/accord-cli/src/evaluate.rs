//! `accord evaluate FILE [--plan ID]... [--json]`

use accord_model::json::EvaluateJson;
use accord_model::whatif::WhatIf;
use accord_model::{Evaluation, PlanIx, Scenario, Verdict, evaluate_plans};
use comfy_table::Cell;

use crate::input::load_valid;
use crate::style;
use crate::{Failure, Outcome};

/// The flags of `accord evaluate`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The scenario file.
    pub file: std::path::PathBuf,
    /// A plan id; repeat for several. Without it, every plan side by side.
    #[arg(long = "plan", value_name = "ID")]
    pub plans: Vec<String>,
    /// Print JSON as specified in analysis.md.
    #[arg(long)]
    pub json: bool,
    /// The parties that negotiate, comma-separated: for this run every other party is not a
    /// signatory (default: the roles in the file).
    #[arg(long, value_delimiter = ',', value_name = "A,B")]
    pub parties: Vec<String>,
    #[command(flatten)]
    pub what_if: crate::WhatIfArgs,
}

/// Runs the command.
pub fn run(a: &Args) -> Outcome {
    let (plan_ids, what_ifs) = (&a.plans, &a.what_if.all());
    let (_, scenario) = load_valid(&a.file, a.json, what_ifs)?;
    let named = crate::analyze::named_parties(&scenario, &a.parties)?;
    let n = scenario.into_negotiation(named.as_deref());
    let (scenario, left_out) = (n.scenario, n.not_negotiating);
    let evaluations =
        evaluate_plans(&scenario, plan_ids).map_err(|e| model_error(&e, "evaluate"))?;
    if a.json {
        let json = EvaluateJson::new(&scenario, &evaluations, plan_ids.len() == 1);
        crate::input::print_evaluation(
            &json.not_negotiating(&scenario, &left_out),
            &scenario,
            what_ifs,
        );
    } else {
        print_human(&scenario, &evaluations, what_ifs);
        if !left_out.is_empty() {
            let names = style::party_names(&scenario, &left_out);
            outln!(
                "{}",
                style::wrap(
                    &format!(
                        "not signatories for this run (--parties): {}",
                        names.join(", ")
                    ),
                    "",
                    "  "
                )
            );
        }
    }
    Ok(())
}

/// Reports a model error and returns its exit status: an unknown id is a usage error; a
/// scenario without plans (`to` what the command does with them) is invalid input.
pub fn model_error(e: &accord_model::Error, to: &str) -> Failure {
    match e {
        accord_model::Error::NoPlans { scenario } => no_plans(scenario, to),
        accord_model::Error::UnknownId(e) => Failure::usage(e),
    }
}

/// Reports a scenario without plans (`to` what the command does with them): invalid input.
pub fn no_plans(scenario: &str, to: &str) -> Failure {
    eprintln!("error: scenario `{scenario}` has no plans to {to}; add a [plans.ID] table");
    Failure::InvalidInput
}

/// A plan by id; an unknown id is a usage error, reported with the closest known id.
pub fn resolve_plan(scenario: &Scenario, id: &str) -> Result<PlanIx, Failure> {
    scenario
        .resolve_plan(id)
        .map_err(|e| model_error(&e.into(), "use"))
}

fn print_human(scenario: &Scenario, evaluations: &[(PlanIx, Evaluation)], what_ifs: &[WhatIf]) {
    outln!(
        "{}",
        style::wrap(
            &format!("{} ({})", scenario.title(), scenario.id()),
            "",
            "  "
        )
    );
    crate::input::print_what_ifs(scenario, what_ifs);
    let mut header = vec![
        Cell::new("party"),
        Cell::new("signs"),
        Cell::new("walk-away"),
    ];
    header.extend(
        evaluations
            .iter()
            .map(|(p, _)| Cell::new(scenario.plan(*p).title())),
    );
    let mut table = style::table(header);
    let rule = scenario.consent_rule();
    let ruled = !rule.is_unanimity();
    for (k, party) in scenario.parties().iter().enumerate() {
        let p = accord_model::PartyIx::from_usize(k);
        if party.is_observer() {
            // An observer has no preferences: no utility, no verdict (scenario.md).
            continue;
        }
        let mut signs = (if party.signatory() { "yes" } else { "no" }).to_owned();
        if ruled && let Some(role) = rule.role_in_words(scenario, p) {
            signs = format!("{signs}, {role}");
        }
        let mut row = vec![
            Cell::new(party.name()),
            Cell::new(signs),
            Cell::new(walk_away_text(
                evaluations[0].1.parties[k].walk_away,
                party.walk_away(),
            )),
        ];
        for (_, e) in evaluations {
            let pe = &e.parties[k];
            let (lo, hi) = pe.utility_range;
            let u = if lo == hi {
                style::utility(lo)
            } else {
                format!("{}–{}", style::utility(lo), style::utility(hi))
            };
            let mut text = format!("{u}  {}", style::verdict_word(pe.verdict));
            if !pe.red_lines_crossed.is_empty() {
                text.push_str(" (red line)");
            }
            if ruled {
                if pe.verdict != pe.own_verdict {
                    text.push_str(&format!(" (own: {})", style::verdict_word(pe.own_verdict)));
                }
                if party.signatory() && rule.scope(p).is_some() {
                    text.push_str(match pe.asked {
                        Some(false) => " (not asked)",
                        None => " (asked on some completions)",
                        Some(true) => "",
                    });
                }
            }
            row.push(style::verdict_cell(text, pe.verdict));
        }
        table.add_row(row);
    }
    let mut agreement_row = vec![Cell::new("agreement"), Cell::new(""), Cell::new("")];
    for (_, e) in evaluations {
        let (word, verdict) = match e.agreement {
            Some(true) => ("yes", Verdict::Accept),
            Some(false) => ("no", Verdict::Reject),
            None => ("undetermined", Verdict::Undetermined),
        };
        agreement_row.push(style::verdict_cell(word.to_owned(), verdict));
    }
    table.add_row(agreement_row);
    outln!("{table}");
    if ruled {
        outln!(
            "{}",
            style::wrap(&format!("rule: {}", rule.in_words(scenario)), "", "  ")
        );
    }
    let observers: Vec<&str> = scenario
        .parties()
        .iter()
        .filter(|p| p.is_observer())
        .map(|p| p.name())
        .collect();
    if !observers.is_empty() {
        outln!(
            "observers (no preferences modelled, never in verdicts): {}",
            observers.join(", ")
        );
    }

    for (p, e) in evaluations {
        let plan = scenario.plan(*p);
        let mut notes = Vec::new();
        if !e.open_issues.is_empty() {
            let open: Vec<&str> = e
                .open_issues
                .iter()
                .map(|&i| scenario.issue(i).title())
                .collect();
            notes.push(format!(
                "leaves open {} (utilities are ranges over every completion)",
                open.join("; ")
            ));
        }
        for (i, options) in &e.within {
            let issue = scenario.issue(*i);
            let labels: Vec<String> = options.iter().map(|&o| issue.option_label(o)).collect();
            notes.push(format!(
                "{} is open over {} only",
                issue.title(),
                labels.join(" | ")
            ));
        }
        for pe in &e.parties {
            for &(i, o) in &pe.red_lines_crossed {
                let issue = scenario.issue(i);
                // For people: the option's label (its id when it has none), as in the plans.
                notes.push(format!(
                    "crosses a red line of {}: {}: {}",
                    scenario.party(pe.party).name(),
                    issue.title(),
                    issue.option_label(o)
                ));
            }
        }
        if ruled {
            notes.extend(consent_notes(scenario, &rule, e));
        }
        if !notes.is_empty() {
            outln!("{}", style::wrap(&format!("{}:", plan.title()), "", "  "));
            for n in notes {
                outln!("{}", style::wrap(&n, "  - ", "    "));
            }
        }
    }
}

/// The walk-away value used, with the interval it comes from when it is uncertain.
fn walk_away_text(used: f64, estimate: accord_model::Estimate) -> String {
    if estimate.is_exact() {
        style::utility(used)
    } else {
        format!("{} {estimate}", style::utility(used))
    }
}

/// What the consent rule did to a plan, for people: who was not asked (and why) and how each
/// party's ratifiers voted.
fn consent_notes(
    scenario: &Scenario,
    rule: &accord_model::ConsentRule,
    e: &Evaluation,
) -> Vec<String> {
    let mut notes = Vec::new();
    for pe in &e.parties {
        let name = scenario.party(pe.party).name();
        if let Some(scope) = rule.scope(pe.party)
            && scenario.party(pe.party).signatory()
        {
            let issues: Vec<&str> = scope
                .iter()
                .map(|&(i, _)| scenario.issue(i).title())
                .collect();
            match pe.asked {
                Some(false) => notes.push(format!(
                    "{name} is not asked: the plan leaves {} at the status quo (its own verdict \
                     would be {})",
                    issues.join(", "),
                    style::verdict_word(pe.own_verdict)
                )),
                None => notes.push(format!(
                    "{name} is asked only on completions that move {}",
                    issues.join(", ")
                )),
                Some(true) => {}
            }
        }
        let ratifiers = rule.ratifiers(pe.party);
        if !ratifiers.is_empty() {
            let votes: Vec<String> = ratifiers
                .iter()
                .filter_map(|&r| e.parties.iter().find(|x| x.party == r))
                .map(|r| {
                    format!(
                        "{} {}",
                        scenario.party(r.party).name(),
                        style::verdict_word(r.own_verdict)
                    )
                })
                .collect();
            notes.push(format!(
                "{name}: {} on its own; its ratifiers ({} of {} needed): {}; so {}",
                style::verdict_word(pe.own_verdict),
                rule.ratification_quorum(pe.party),
                ratifiers.len(),
                votes.join(", "),
                style::verdict_word(pe.verdict)
            ));
        }
    }
    notes
}

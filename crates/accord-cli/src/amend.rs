//! `accord amend FILE --plan ID [--max-changes K] [--samples N] [--seed S] [--json]`: the
//! smallest sets of issue changes that turn a draft (complete or partial) into an agreement,
//! cheapest for the drafters first, each with the open issues it settles and its probability of
//! agreement over the estimate ranges.

use accord_analysis::amend::{Amendments, amendments};
use accord_analysis::json::{AmendmentsJson, DrawsJson, ProbabilityJson};
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
    /// The draws each amendment's probability of agreement is estimated on (the first draws
    /// of `accord robustness --seed S`).
    #[arg(long, default_value_t = DRAWS, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    pub samples: u64,
    /// The seed of those draws: the same seed gives the same probabilities.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
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
    let amended =
        amendments(&scenario, plan, max_changes).map_err(|e| crate::analyze::report_error(&e))?;
    let draws = DrawsJson {
        samples: a.samples,
        seed: a.seed,
    };
    let probabilities = probabilities(&scenario, &amended, draws);
    if json {
        let mut out = AmendmentsJson::new(&scenario, plan, max_changes, &amended);
        if let Ok(p) = &probabilities {
            out = out.with_probabilities(draws, p);
        }
        crate::input::print_result(&out, &scenario, what_ifs);
    } else {
        crate::input::print_what_ifs(&scenario, what_ifs);
        print_human(
            &scenario,
            plan,
            &amended,
            max_changes,
            draws,
            &probabilities,
        );
    }
    Ok(())
}

/// Draws per amendment by default: [`accord_uncertainty::robust::AMENDMENT_DRAWS`].
pub const DRAWS: u64 = accord_uncertainty::robust::AMENDMENT_DRAWS.samples;

/// Each amendment's probability of agreement on `draws`, or why it was not estimated.
fn probabilities(
    scenario: &Scenario,
    a: &Amendments,
    draws: DrawsJson,
) -> Result<Vec<ProbabilityJson>, String> {
    accord_uncertainty::robust::amendment_probabilities(scenario, a, draws)
        .map_err(|e| e.to_string())
}

/// A share of draws for people, as the report writes it: whole percent, `<1%` and `>99%` at
/// the ends.
fn percent(p: f64) -> String {
    let x = p * 100.0;
    if x > 0.0 && x < 0.5 {
        "<1%".into()
    } else if x < 100.0 && x > 99.5 {
        ">99%".into()
    } else {
        format!("{x:.0}%")
    }
}

/// Fits a table to `COLUMNS` when it is set (a terminal's width is found without it).
pub fn fit(table: &mut comfy_table::Table) {
    if let Some(width) = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<u16>().ok())
        .filter(|&w| w >= 40)
    {
        table.set_width(width);
    }
}

/// The open issues an amendment settles, for people: `issue: label; …`.
fn settled_text(
    scenario: &Scenario,
    settled: &[(accord_model::IssueIx, accord_model::OptionIx)],
) -> String {
    settled
        .iter()
        .map(|&(i, o)| {
            let issue = scenario.issue(i);
            format!("{}: {}", issue.title(), issue.option_label(o))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn print_human(
    scenario: &Scenario,
    plan: PlanIx,
    a: &Amendments,
    max_changes: usize,
    draws: DrawsJson,
    probabilities: &Result<Vec<ProbabilityJson>, String>,
) {
    let id = scenario.plan(plan).title();
    let say = |text: String| outln!("{}", style::wrap(&text, "", "  "));
    let open: Vec<&str> = a
        .open_issues
        .iter()
        .map(|&i| scenario.issue(i).title())
        .collect();
    if a.already_agreement {
        let every = if open.is_empty() {
            ""
        } else {
            "every completion of "
        };
        if scenario.consent_rule().is_unanimity() {
            say(format!(
                "{id} is already an agreement: every signatory accepts {every}it."
            ));
        } else {
            say(format!(
                "{id} is already an agreement under the scenario's agreement rule{}.",
                if open.is_empty() {
                    ""
                } else {
                    ", however its open issues are settled"
                }
            ));
        }
        return;
    }
    if !open.is_empty() {
        say(format!("{id} leaves open: {}.", open.join("; ")));
        say(
            "Amendments settle the open issues too: settling one within the options the draft \
             allows is not a change."
                .to_owned(),
        );
    }
    if a.amendments.is_empty() {
        say(format!(
            "No change of at most {max_changes} issues turns {id} into an agreement; try a \
             larger --max-changes (or see `accord analyze` for why no agreement may exist)."
        ));
        return;
    }
    let drafters = style::party_names(scenario, &a.drafters);
    say(format!(
        "Smallest changes that make {id} an agreement, cheapest for {} first:",
        drafters.join(", ")
    ));
    let draft = plan_terms(scenario, plan);
    let mut header = vec![Cell::new("#"), Cell::new("changes")];
    if !open.is_empty() {
        header.push(Cell::new("settles"));
    }
    header.push(Cell::new("cost"));
    header.extend(
        a.signatories
            .iter()
            .map(|&p| Cell::new(scenario.party(p).name())),
    );
    if probabilities.is_ok() {
        header.push(Cell::new("agreement"));
    }
    let mut table = style::table(header);
    for (k, x) in a.amendments.iter().enumerate() {
        let ch: Vec<String> = x
            .changes
            .iter()
            .map(|&(i, o)| style::change(scenario.issue(i), draft[i.index()], o))
            .collect();
        let mut row = vec![
            Cell::new(k + 1),
            Cell::new(if ch.is_empty() {
                "none".to_owned()
            } else {
                ch.join("\n")
            }),
        ];
        if !open.is_empty() {
            row.push(Cell::new(settled_text(scenario, &x.settled)));
        }
        row.push(Cell::new(format!("{:+.3}", x.cost)));
        row.extend(x.utilities.iter().map(|&u| Cell::new(style::utility(u))));
        if let Ok(p) = probabilities {
            row.push(Cell::new(format!("in {} of draws", percent(p[k].estimate))));
        }
        table.add_row(row);
    }
    fit(&mut table);
    outln!("{table}");
    say(format!(
        "cost: the utility lost against the draft{1}, summed over {0}; negative when the change \
         gains them utility overall.",
        drafters.join(", "),
        if open.is_empty() {
            ""
        } else {
            " (a partial draft counted at the midpoint of its range)"
        }
    ));
    match probabilities {
        Ok(_) => say(format!(
            "agreement: the share of {} draws over the estimate ranges (seed {}) in which the \
             amended draft is an agreement.",
            draws.samples, draws.seed
        )),
        Err(why) => say(format!(
            "agreement over the estimate ranges not estimated: {why}"
        )),
    }
}

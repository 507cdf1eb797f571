//! `accord robustness FILE [--plan ID]... [--samples N] [--seed S] [--precision E] [--json]`

use accord_model::whatif::WhatIf;
use accord_model::{PlanIx, Scenario};
use accord_uncertainty::robust::{Change, RobustConfig, RobustSolutions};
use accord_uncertainty::{Config, Robustness, explain};
use comfy_table::Cell;

use crate::evaluate::{model_error, no_plans};
use crate::input::load_valid;
use crate::style;
use crate::{Failure, Outcome};

/// The flags of `accord robustness`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The scenario file.
    pub file: std::path::PathBuf,
    /// A plan id; repeat for several. Without it, every plan.
    #[arg(long = "plan", value_name = "ID")]
    pub plans: Vec<String>,
    /// The most draws to make.
    #[arg(long, default_value_t = Config::DEFAULT_MAX_SAMPLES, value_parser = clap::value_parser!(u64).range(1..=1_000_000_000))]
    pub samples: u64,
    /// Stop once every probability's standard error is at most this (0: use every draw).
    #[arg(long, default_value_t = Config::DEFAULT_PRECISION, value_parser = parse_precision)]
    pub precision: f64,
    /// The seed: the same seed gives the same result, at any thread count.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Print JSON for tools.
    #[arg(long)]
    pub json: bool,
    /// No progress bar.
    #[arg(long, short)]
    pub quiet: bool,
    /// Also search robust solutions: the outcomes, and the smallest amendments of each
    /// plan, that maximize the probability of agreement.
    #[arg(long)]
    pub robust: bool,
    /// The largest amendment (number of changed issues) the robust search tries.
    #[arg(long, default_value_t = 2, requires = "robust")]
    pub max_changes: usize,
    /// The draws each candidate of the robust search is scored on.
    #[arg(long, default_value_t = 2000, requires = "robust", value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    pub robust_samples: u64,
    #[command(flatten)]
    pub what_if: crate::WhatIfArgs,
}

/// Runs the command.
pub fn run(o: &Args) -> Outcome {
    let what_ifs = &o.what_if.all();
    let config = Config {
        seed: o.seed,
        max_samples: o.samples,
        precision: o.precision,
        // Ctrl-C ends the process.
        cancel: accord_model::Cancel::never(),
    };
    let robust = o.robust.then_some(RobustConfig {
        seed: o.seed,
        samples: o.robust_samples,
        max_changes: o.max_changes,
    });
    let (_, scenario) = load_valid(&o.file, o.json, what_ifs)?;
    let progress = crate::progress::Progress::new(
        o.quiet,
        "{spinner} sampling {pos}/{len} draws ({per_sec}, {eta} at most)",
    );
    let analysis = accord_uncertainty::analyze(
        &scenario,
        &o.plans,
        &config,
        robust.as_ref(),
        &|done, max| progress.tick(done, max),
    );
    progress.finish();
    let analysis = analysis.map_err(|e| match e {
        accord_uncertainty::Error::UnknownPlan(e) => model_error(&e.into(), "test"),
        accord_uncertainty::Error::NoPlans { scenario } => no_plans(&scenario, "test"),
        accord_uncertainty::Error::TooLarge(why) => Failure::usage(why),
        // The command line never cancels (Ctrl-C ends the process).
        e @ accord_uncertainty::Error::Cancelled => Failure::usage(e),
    })?;
    if o.json {
        crate::input::print_result(&analysis.json(&scenario), &scenario, what_ifs);
    } else {
        print_human(&scenario, &analysis.plans, &analysis.result, what_ifs);
        if let Some(r) = &analysis.robust {
            print_robust(&scenario, r);
        }
    }
    Ok(())
}

fn change_text(s: &Scenario, c: &Change) -> String {
    let issue = s.issue(c.issue);
    let to = issue.option_label(c.to);
    match c.from {
        Some(from) => format!("{}: {} → {to}", issue.title(), issue.option_label(from)),
        None => format!("{}: open → {to}", issue.title()),
    }
}

fn print_robust(s: &Scenario, r: &RobustSolutions) {
    outln!(
        "\nRobust solutions (each candidate scored on the same {} draws, seed {})",
        r.samples,
        r.seed
    );
    for a in &r.amendments {
        outln!(
            "\nSmallest amendments of {} by probability of agreement:",
            s.plan(a.plan).title()
        );
        for (k, step) in a.by_size.iter().enumerate() {
            let what = if step.changes.is_empty() {
                "as drafted".to_owned()
            } else {
                step.changes
                    .iter()
                    .map(|c| change_text(s, c))
                    .collect::<Vec<_>>()
                    .join("; ")
            };
            let size = step.changes.len();
            let mut label = match size {
                0 => "no change".to_owned(),
                1 => "1 change".to_owned(),
                n => format!("{n} changes"),
            };
            if k == 0 && size > 0 {
                label += " (open issues settled)";
            }
            let line = format!(
                "{label:<34} {}  {what}",
                percent(step.agreement.estimate, step.agreement.standard_error)
            );
            outln!("{}", style::wrap(&line, "  ", &" ".repeat(4)));
        }
        if let Some(why) = &a.stopped {
            outln!("  (search stopped: {why})");
        }
    }
    outln!(
        "\nOutcomes with the highest probability of agreement{}:",
        if r.outcomes_exhaustive {
            ""
        } else {
            " (local search from each plan; not proven best)"
        }
    );
    // One column per outcome (issue per row, in labels), fitted to the terminal.
    let mut labels: Vec<String> = s.issues().iter().map(|i| i.title().to_string()).collect();
    labels.push("agreement".to_owned());
    let columns: Vec<style::Column> = r
        .outcomes
        .iter()
        .enumerate()
        .map(|(k, o)| {
            let mut cells: Vec<String> = s
                .issue_ixs()
                .map(|i| s.issue(i).option_label(o.outcome[i.index()]))
                .collect();
            cells.push(percent(o.agreement.estimate, o.agreement.standard_error));
            style::Column {
                heading: format!("#{}", k + 1),
                cells,
            }
        })
        .collect();
    for (k, t) in style::vertical("", &labels, &columns, style::width_or_default())
        .into_iter()
        .enumerate()
    {
        if k > 0 {
            outln!();
        }
        outln!("{t}");
    }
}

fn percent(p: f64, se: f64) -> String {
    format!("{:.1}% ± {:.1}", p * 100.0, se * 100.0)
}

fn print_human(s: &Scenario, plans: &[PlanIx], r: &Robustness, what_ifs: &[WhatIf]) {
    outln!("{} ({})", s.title(), s.id());
    crate::input::print_what_ifs(s, what_ifs);
    outln!(
        "{} uncertain inputs, {} draws (seed {}){}",
        r.uncertain_inputs,
        r.samples,
        r.seed,
        if r.converged {
            format!(", standard errors at most {}", r.precision)
        } else {
            ", the sample cap was reached before the precision target".to_owned()
        }
    );
    for (plan, pr) in plans.iter().zip(&r.plans) {
        let ix = *plan;
        let plan = s.plan(ix);
        outln!("\n{} ({})", plan.title(), plan.id());
        let mut t = style::table([
            "party",
            "signs",
            "accepts",
            "utility mean [5%, 95%]",
            "main driver",
        ]);
        for (party, p) in s.parties().iter().zip(&pr.parties) {
            if party.is_observer() {
                continue; // no preferences: never in the tables (scenario.md, "Observers")
            }
            let mut accepts = percent(p.accept.estimate, p.accept.standard_error);
            if p.undetermined > 0.0 {
                accepts += &format!(" ({:.0}% undetermined)", p.undetermined * 100.0);
            }
            if let Some(own) = p.own_accept {
                // Issue 12: with its ratifiers; on its own in brackets.
                accepts += &format!(" (alone {:.0}%)", own.estimate * 100.0);
            }
            let driver = p
                .drivers
                .first()
                .filter(|d| d.rank_correlation != 0.0)
                .map(|d| {
                    let words = accord_uncertainty::inputs::describe_path(s, &d.input)
                        .unwrap_or_else(|| d.input.clone());
                    format!("{words} ({:+.2})", d.rank_correlation)
                })
                .unwrap_or_else(|| "—".into());
            t.add_row(vec![
                Cell::new(party.name()),
                Cell::new(if party.signatory() { "yes" } else { "no" }),
                Cell::new(accepts),
                Cell::new(format!(
                    "{} [{}, {}]",
                    style::utility(p.utility.mean),
                    style::utility(p.utility.p5),
                    style::utility(p.utility.p95)
                )),
                Cell::new(driver),
            ]);
        }
        let mut agreement = percent(pr.agreement.estimate, pr.agreement.standard_error);
        if pr.agreement_undetermined > 0.0 {
            agreement += &format!(" ({:.0}% undetermined)", pr.agreement_undetermined * 100.0);
        }
        t.add_row(vec![
            Cell::new("agreement"),
            Cell::new(""),
            Cell::new(agreement),
            Cell::new(""),
            Cell::new(""),
        ]);
        outln!("{t}");
        if !accord_model::evaluate_plan(s, ix).open_issues.is_empty() {
            outln!(
                "{}",
                style::wrap(
                    "utility: the draft leaves issues open, so in each draw a party's utility is \
                     the midpoint of its range over the completions",
                    "",
                    "  "
                )
            );
        }
        for (party, p) in s.parties().iter().zip(&pr.parties) {
            if p.accept.estimate < 1.0 && !party.is_observer() {
                let sentence = format!("{}.", explain(s, party.name(), plan.title(), p));
                outln!("{}", style::wrap(&sentence, "  - ", "    "));
            }
        }
    }
}

fn parse_precision(s: &str) -> Result<f64, String> {
    let x: f64 = s.parse().map_err(|_| format!("`{s}` is not a number"))?;
    if x.is_finite() && (0.0..0.5).contains(&x) {
        Ok(x)
    } else {
        Err(format!(
            "a precision is a standard error in [0, 0.5), not {s}"
        ))
    }
}

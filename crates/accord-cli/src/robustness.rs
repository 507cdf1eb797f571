//! `accord robustness FILE [--plan ID]... [--samples N] [--seed S] [--precision E] [--json]`

use std::path::Path;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use accord_model::whatif::WhatIf;
use accord_model::{Issue, OptionIx, OptionValue, PlanIx, Scenario};
use accord_uncertainty::robust::{Change, RobustConfig, RobustSolutions};
use accord_uncertainty::{Config, Robustness, explain};
use comfy_table::Cell;
use indicatif::{ProgressBar, ProgressStyle};

use crate::Status;
use crate::evaluate::{model_error, no_plans};
use crate::input::{load_valid, print_json};
use crate::style;

/// Options of the command.
pub struct Options<'a> {
    pub plans: &'a [String],
    pub config: Config,
    pub json: bool,
    pub quiet: bool,
    pub robust: Option<RobustConfig>,
    pub what_ifs: &'a [WhatIf],
}

pub fn run(path: &Path, o: &Options<'_>) -> Status {
    let (_, scenario) = match load_valid(path, o.json, o.what_ifs) {
        Ok(x) => x,
        Err(status) => return status,
    };
    let progress = Progress::new(o.quiet);
    let analysis = accord_uncertainty::analyze(
        &scenario,
        o.plans,
        &o.config,
        o.robust.as_ref(),
        &|done, max| progress.update(done, max),
    );
    progress.finish();
    let analysis = match analysis {
        Ok(a) => a,
        Err(accord_uncertainty::Error::UnknownPlan(e)) => return model_error(&e.into(), "test"),
        Err(accord_uncertainty::Error::NoPlans { scenario }) => return no_plans(&scenario, "test"),
        Err(accord_uncertainty::Error::TooLarge(why)) => {
            eprintln!("error: {why}");
            return Status::Usage;
        }
    };
    if o.json {
        print_json(&analysis.json(&scenario));
    } else {
        print_human(&scenario, &analysis.plans, &analysis.result, o.what_ifs);
        if let Some(r) = &analysis.robust {
            print_robust(&scenario, r);
        }
    }
    Status::Ok
}

/// An option as the JSON writes it, without quotes: the option id, or the number.
fn term_text(issue: &Issue, o: OptionIx) -> String {
    match issue.option_value(o) {
        OptionValue::Id(id) => id.as_str().to_owned(),
        number => number.to_json().to_string(),
    }
}

fn change_text(s: &Scenario, c: &Change) -> String {
    let issue = s.issue(c.issue);
    let to = term_text(issue, c.to);
    match c.from {
        Some(from) => format!("{}: {} → {to}", issue.id(), term_text(issue, from)),
        None => format!("{}: open → {to}", issue.id()),
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
            s.plan(a.plan).id()
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
            outln!(
                "  {label:<34} {}  {what}",
                percent(step.agreement.estimate, step.agreement.standard_error)
            );
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
    let mut header = vec!["agreement".to_owned()];
    header.extend(s.issues().iter().map(|i| i.id().to_string()));
    let mut t = style::table(header);
    for o in &r.outcomes {
        let mut row = vec![Cell::new(percent(
            o.agreement.estimate,
            o.agreement.standard_error,
        ))];
        row.extend(
            s.issue_ixs()
                .map(|i| Cell::new(term_text(s.issue(i), o.outcome[i.index()]))),
        );
        t.add_row(row);
    }
    outln!("{t}");
}

/// A progress bar on stderr, shown only on a terminal, without `--quiet`, and once the run has
/// taken about a second.
struct Progress {
    start: Instant,
    enabled: bool,
    bar: Mutex<Option<ProgressBar>>,
}

impl Progress {
    fn new(quiet: bool) -> Self {
        use std::io::IsTerminal;
        Progress {
            start: Instant::now(),
            enabled: !quiet && std::io::stderr().is_terminal(),
            bar: Mutex::new(None),
        }
    }

    fn update(&self, done: u64, max: u64) {
        if !self.enabled || self.start.elapsed() < Duration::from_secs(1) {
            return;
        }
        let mut bar = self.bar.lock().unwrap_or_else(|e| e.into_inner());
        let bar = bar.get_or_insert_with(|| {
            let b = ProgressBar::new(max);
            b.set_style(
                ProgressStyle::with_template(
                    "{spinner} sampling {pos}/{len} draws ({per_sec}, {eta} at most)",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            b
        });
        bar.set_position(done);
    }

    fn finish(&self) {
        if let Some(bar) = self.bar.lock().unwrap_or_else(|e| e.into_inner()).take() {
            bar.finish_and_clear();
        }
    }
}

fn percent(p: f64, se: f64) -> String {
    format!("{:.1}% ± {:.1}", p * 100.0, se * 100.0)
}

fn print_human(s: &Scenario, plans: &[PlanIx], r: &Robustness, what_ifs: &[WhatIf]) {
    outln!("{} ({})", s.title(), s.id());
    for w in what_ifs {
        outln!("what-if: {w}");
    }
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
        let plan = s.plan(*plan);
        outln!("\n{} ({})", plan.title(), plan.id());
        let mut t = style::table([
            "party",
            "signs",
            "accepts",
            "utility mean [5%, 95%]",
            "main driver",
        ]);
        for (party, p) in s.parties().iter().zip(&pr.parties) {
            let mut accepts = percent(p.accept.estimate, p.accept.standard_error);
            if p.undetermined > 0.0 {
                accepts += &format!(" ({:.0}% undetermined)", p.undetermined * 100.0);
            }
            let driver = p
                .drivers
                .first()
                .filter(|d| d.rank_correlation != 0.0)
                .map(|d| format!("{} ({:+.2})", d.input, d.rank_correlation))
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
        for (party, p) in s.parties().iter().zip(&pr.parties) {
            if p.accept.estimate < 1.0 {
                outln!("  - {}.", explain(party.name(), plan.id().as_str(), p));
            }
        }
    }
}

//! `accord show FILE`: a readable overview of a scenario, then each party's preferences as
//! written: weights and scores, intervals where the file gives ranges.

use accord_model::whatif::WhatIf;
use accord_model::{Estimate, Scenario, ScoreFn};
use comfy_table::Cell;

use crate::Outcome;
use crate::input::load_valid;
use crate::style;

/// The flags of `accord show`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The scenario file.
    pub file: std::path::PathBuf,
    #[command(flatten)]
    pub what_if: crate::WhatIfArgs,
}

/// Runs the command.
pub fn run(a: &Args) -> Outcome {
    let what_ifs = a.what_if.all();
    let (_, scenario) = load_valid(&a.file, false, &what_ifs)?;
    crate::input::print_what_ifs(&scenario, &what_ifs);
    let overview = accord_report::overview(&scenario, |header| style::table(header));
    let overview = opened_by_what_ifs(&scenario, &overview, &what_ifs);
    out!("{}", fitted(&overview));
    out!("{}", preferences(&scenario, !what_ifs.is_empty()));
    Ok(())
}

/// The overview with each term an `--open-term` opened said to be opened by the what-if: the
/// overview reads the changed scenario, in which the plan lists the issue in its `open`, so it
/// would say the draft left it open.
fn opened_by_what_ifs(s: &Scenario, overview: &str, what_ifs: &[WhatIf]) -> String {
    let opened: Vec<(String, String, &WhatIf)> = what_ifs
        .iter()
        .filter_map(|w| match w {
            WhatIf::OpenTerm { plan, issue } => {
                let plan = s.find_plan(plan)?;
                let issue = s.find_issue(issue)?;
                Some((
                    format!("({}", s.plan(plan).id().as_str()),
                    format!(
                        "    {}: open (left open by the draft)",
                        s.issue(issue).title()
                    ),
                    w,
                ))
            }
            _ => None,
        })
        .collect();
    if opened.is_empty() {
        return overview.to_owned();
    }
    let mut out = String::with_capacity(overview.len());
    let mut plan: Option<&str> = None;
    for line in overview.lines() {
        if !line.starts_with(' ') {
            // A heading: a plan's (its title, then `(id, date)` or `(id)`), or a section's.
            plan = opened
                .iter()
                .find(|(id, ..)| {
                    line.contains(&format!("{id},")) || line.contains(&format!("{id})"))
                })
                .map(|(id, ..)| id.as_str());
        }
        match opened
            .iter()
            .find(|(id, term, _)| Some(id.as_str()) == plan && line == term)
        {
            Some((_, term, w)) => {
                let head = term.trim_end_matches("(left open by the draft)");
                out.push_str(&format!("{head}(opened by the what-if {w})"));
            }
            None => out.push_str(line),
        }
        out.push('\n');
    }
    out
}

/// Text fitted to [`style::width`]: every line that is not part of a table and is too wide is
/// wrapped, its continuation lines indented two more than it (unchanged without a width).
fn fitted(text: &str) -> String {
    let Some(width) = style::width().map(usize::from) else {
        return text.to_owned();
    };
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let table = line.starts_with(['┌', '│', '╞', '├', '└']);
        if table || textwrap::core::display_width(line) <= width {
            out.push_str(line);
        } else {
            let indent = &line[..line.len() - line.trim_start().len()];
            let rest = format!("{indent}  ");
            out.push_str(&style::wrap_to(line.trim_start(), width, indent, &rest));
        }
        out.push('\n');
    }
    out
}

/// A value as people read it: `0.4`, or `0.3–0.5` for an interval (the file's `[lo, hi]`).
fn estimate(e: Estimate) -> String {
    if e.is_exact() {
        format!("{}", e.lo())
    } else {
        format!("{}–{}", e.lo(), e.hi())
    }
}

/// Each party's preferences, as the file gives them: the walk-away, then one row per issue
/// it weighs with the weight and the score of every option (discrete issues) or every point
/// of its curve (numeric issues), intervals as `lo–hi`. Observers have none and are left out.
///
/// With `what_ifs`, the values are the file's with the what-ifs applied, and the heading says
/// so.
pub fn preferences(s: &Scenario, what_ifs: bool) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let source = if what_ifs {
        "with the what-ifs above applied"
    } else {
        "as written"
    };
    let _ = writeln!(
        out,
        "\n{}",
        style::wrap(
            &format!(
                "Preferences (weights and scores {source}; a–b: an interval, known only that far)"
            ),
            "",
            "  "
        )
    );
    for p in s.parties() {
        if !p.has_preferences() {
            continue;
        }
        let _ = writeln!(
            out,
            "{}",
            style::wrap(
                &format!(
                    "{}: walk-away (reservation value) {}",
                    p.name(),
                    estimate(p.walk_away())
                ),
                "",
                "  "
            )
        );
        let mut t = style::table(["issue", "weight", "scores"]);
        for &(i, w) in p.weights() {
            let issue = s.issue(i);
            let scores = match p.score_fn(i) {
                Some(ScoreFn::Table(scores)) => scores
                    .iter()
                    .zip(issue.options())
                    .map(|(&e, o)| format!("{}: {}", issue.option_label(o), estimate(e)))
                    .collect::<Vec<_>>()
                    .join("; "),
                Some(ScoreFn::Curve(points)) => {
                    let unit = match issue.domain() {
                        accord_model::IssueDomain::Numeric { unit: Some(u), .. } => {
                            format!(" {u}")
                        }
                        _ => String::new(),
                    };
                    points
                        .iter()
                        .map(|&(x, e)| format!("{x}{unit}: {}", estimate(e)))
                        .collect::<Vec<_>>()
                        .join("; ")
                }
                None => "—".to_owned(),
            };
            t.add_row(vec![
                Cell::new(issue.title()),
                Cell::new(estimate(w)),
                Cell::new(scores),
            ]);
        }
        let _ = writeln!(out, "{t}");
        if !p.interactions().is_empty() {
            let _ = writeln!(
                out,
                "  and {} interaction(s) (bonuses when terms occur together)",
                p.interactions().len()
            );
        }
    }
    out
}

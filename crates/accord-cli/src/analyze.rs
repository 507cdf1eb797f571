//! `accord analyze FILE [--json] [--parties a,b] [--distinct] [--method M] [--epsilon E]`

use std::path::Path;

use accord_analysis::json::{AnalysisJson, terms};
use accord_analysis::{Analysis, AnalysisError, Method, Options, analyze_with_progress};
use accord_model::diagnostic::closest;
use accord_model::whatif::WhatIf;
use accord_model::{PartyIx, Scenario};
use comfy_table::Cell;

use crate::Status;
use crate::input::load_valid;
use crate::style;

/// Frontier rows shown to people (the JSON has them all).
const SHOWN_ROWS: usize = 40;

/// The command's arguments.
pub struct Args<'a> {
    pub path: &'a Path,
    pub json: bool,
    pub parties: &'a [String],
    pub distinct: bool,
    pub method: Method,
    pub epsilon: Option<f64>,
    pub count: bool,
    pub what_ifs: &'a [WhatIf],
    pub quiet: bool,
    pub plot: Option<&'a Path>,
}

pub fn run(args: Args) -> Status {
    let (_, scenario) = match load_valid(args.path, args.json, args.what_ifs) {
        Ok(x) => x,
        Err(status) => return status,
    };
    let parties = match resolve_parties(&scenario, args.parties) {
        Ok(p) => p,
        Err(status) => return status,
    };
    let options = Options {
        parties,
        distinct: args.distinct,
        method: args.method,
        epsilon: args.epsilon,
        count: args.count,
    };
    let bar = Progress::new(args.quiet);
    let result = analyze_with_progress(&scenario, &options, &|done, total| bar.tick(done, total));
    bar.finish();
    let analysis = match result {
        Ok(a) => a,
        Err(e) => {
            eprintln!("error: {e}");
            if let AnalysisError::MergeNeedsAdditive { parties } = &e {
                let names: Vec<&str> = parties
                    .iter()
                    .map(|&p| scenario.party(p).id().as_str())
                    .collect();
                eprintln!("  parties with interactions: {}", names.join(", "));
            }
            return Status::Usage;
        }
    };
    if let Some(out) = args.plot {
        let svg = match crate::plot::frontier_svg(&scenario, &analysis) {
            Ok(svg) => svg,
            Err(e) => {
                eprintln!("error: {e}");
                return Status::Usage;
            }
        };
        if let Err(e) = std::fs::write(out, svg) {
            eprintln!("error: cannot write {}: {e}", out.display());
            return Status::InvalidInput;
        }
    }
    if args.json {
        write_json(&AnalysisJson::new(&scenario, &analysis));
    } else {
        print_human(&scenario, &analysis);
    }
    Status::Ok
}

/// A progress bar on stderr for enumerations that take over a second; silent when stderr is
/// not a terminal or with `--quiet`.
struct Progress {
    enabled: bool,
    start: std::time::Instant,
    bar: std::sync::OnceLock<indicatif::ProgressBar>,
}

impl Progress {
    fn new(quiet: bool) -> Self {
        use std::io::IsTerminal;
        Progress {
            enabled: !quiet && std::io::stderr().is_terminal(),
            start: std::time::Instant::now(),
            bar: std::sync::OnceLock::new(),
        }
    }

    fn tick(&self, done: u64, total: u64) {
        if !self.enabled || self.start.elapsed().as_secs_f64() < 1.0 {
            return;
        }
        let bar = self.bar.get_or_init(|| {
            let bar = indicatif::ProgressBar::new(total);
            if let Ok(style) = indicatif::ProgressStyle::with_template(
                "enumerating {bar:40} {pos}/{len} chunks, {elapsed} (eta {eta})",
            ) {
                bar.set_style(style);
            }
            bar
        });
        bar.set_position(done);
    }

    fn finish(&self) {
        if let Some(bar) = self.bar.get() {
            bar.finish_and_clear();
        }
    }
}

/// Pretty JSON on stdout, streamed (frontiers can be large); a closed pipe is not an error.
fn write_json(value: &impl serde::Serialize) {
    use std::io::Write as _;
    let mut out = crate::out::stdout();
    if serde_json::to_writer_pretty(&mut out, value).is_ok() {
        let _ = writeln!(out);
    }
}

/// The parties named by `--parties`, in the order given (`None` when none are named).
fn resolve_parties(scenario: &Scenario, ids: &[String]) -> Result<Option<Vec<PartyIx>>, Status> {
    if ids.is_empty() {
        return Ok(None);
    }
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let Some(p) = scenario.find_party(id) else {
            let known: Vec<&str> = scenario.parties().iter().map(|p| p.id().as_str()).collect();
            let hint = match closest(id, known.iter().copied()) {
                Some(c) => format!("did you mean `{c}`?"),
                None => format!("known parties: {}", known.join(", ")),
            };
            eprintln!(
                "error: unknown party `{id}` in --parties for scenario `{}`; {hint}",
                scenario.id()
            );
            return Err(Status::Usage);
        };
        if out.contains(&p) {
            eprintln!("error: party `{id}` is named twice in --parties");
            return Err(Status::Usage);
        }
        out.push(p);
    }
    Ok(Some(out))
}

fn party_ids(scenario: &Scenario, parties: &[PartyIx]) -> Vec<String> {
    parties
        .iter()
        .map(|&p| scenario.party(p).id().to_string())
        .collect()
}

/// The human report, written in one go (a closed pipe, as with `| head`, is not an error).
fn print_human(scenario: &Scenario, a: &Analysis) {
    let mut buf = String::new();
    macro_rules! outln {
        ($($t:tt)*) => {{
            use std::fmt::Write as _;
            let _ = writeln!(buf, $($t)*);
        }};
    }
    outln!("{} ({})", scenario.title(), scenario.id());
    outln!(
        "parties on the frontier: {}; signatories: {}",
        party_ids(scenario, &a.parties).join(", "),
        if a.signatories.is_empty() {
            "none".to_owned()
        } else {
            party_ids(scenario, &a.signatories).join(", ")
        }
    );
    let agreements = match a.agreements {
        Some(n) => n.to_string(),
        None => "not counted (over 10,000,000 outcomes; --count counts them)".to_owned(),
    };
    outln!("outcomes: {}; agreements: {agreements}", a.outcomes);
    match a.epsilon {
        Some(e) => outln!("method: {} (approximate, ε = {e})", a.method.name()),
        None => outln!("method: {} (exact)", a.method.name()),
    }

    outln!();
    outln!("Pareto frontier: {} outcomes", a.frontier.len());
    let mut header: Vec<Cell> = vec![Cell::new("#")];
    header.extend(scenario.issues().iter().map(|i| Cell::new(i.id().as_str())));
    header.extend(
        a.parties
            .iter()
            .map(|&p| Cell::new(scenario.party(p).id().as_str())),
    );
    let mut table = style::table(header);
    for (k, point) in a.frontier.iter().take(SHOWN_ROWS).enumerate() {
        let mut row = vec![Cell::new(k + 1)];
        row.extend(
            scenario
                .issues()
                .iter()
                .zip(&point.outcome)
                .map(|(issue, &o)| Cell::new(issue.option_value(o).to_string())),
        );
        row.extend(
            point
                .utilities
                .iter()
                .map(|&u| Cell::new(style::utility(u))),
        );
        table.add_row(row);
    }
    outln!("{table}");
    if a.frontier.len() > SHOWN_ROWS {
        outln!(
            "… and {} more (--json lists them all)",
            a.frontier.len() - SHOWN_ROWS
        );
    }

    outln!();
    outln!("Bargaining solutions (over agreements, gains above each signatory's walk-away):");
    let mut header = vec![Cell::new("solution"), Cell::new("terms")];
    header.extend(
        a.parties
            .iter()
            .map(|&p| Cell::new(scenario.party(p).id().as_str())),
    );
    let mut table = style::table(header);
    for (c, s) in &a.solutions {
        let mut row = vec![Cell::new(c.key())];
        match s {
            Some(p) => {
                let t: Vec<String> = terms(scenario, p)
                    .iter()
                    .map(|(k, v)| match v {
                        serde_json::Value::String(s) => format!("{k} = {s}"),
                        other => format!("{k} = {other}"),
                    })
                    .collect();
                row.push(Cell::new(t.join(", ")));
                row.extend(p.utilities.iter().map(|&u| Cell::new(style::utility(u))));
            }
            None => row.push(Cell::new("no agreement")),
        }
        table.add_row(row);
    }
    outln!("{table}");
    if let Some(b) = &a.blockers {
        outln!();
        outln!("No outcome is an agreement:");
        for c in &b.closed_issues {
            let issue = scenario.issue(c.issue);
            let parts: Vec<String> = c
                .red_lines
                .iter()
                .map(|(p, opts)| {
                    let o: Vec<String> = opts
                        .iter()
                        .map(|&o| issue.option_value(o).to_string())
                        .collect();
                    format!("{} rules out {}", scenario.party(*p).id(), o.join(", "))
                })
                .collect();
            outln!(
                "  - on `{}` every option is a red line: {}",
                issue.id(),
                parts.join("; ")
            );
        }
        for pb in &b.parties {
            let id = scenario.party(pb.party).id();
            let mut line = format!("  - {id}: walk-away {}", style::utility(pb.walk_away));
            if let Some(best) = pb.best {
                let verdict = if best < pb.walk_away - accord_model::TOLERANCE {
                    " — below its walk-away even at best: it blocks every outcome"
                } else {
                    ""
                };
                line += &format!(
                    ", at best {} within everyone's red lines{verdict}",
                    style::utility(best)
                );
            }
            if let Some(r) = pb.rejects {
                line += &format!("; rejects {r} of {} outcomes", a.outcomes);
            }
            outln!("{line}");
        }
        let each_can = b.closed_issues.is_empty()
            && b.parties.iter().all(|pb| {
                pb.best
                    .is_some_and(|best| best >= pb.walk_away - accord_model::TOLERANCE)
            });
        if each_can {
            outln!(
                "  every signatory can reach its walk-away on its own, but no outcome meets them \
                 all at once"
            );
        }
        if let Some(worst) = b
            .parties
            .iter()
            .filter_map(|pb| pb.rejects.map(|r| (r, pb.party)))
            .max_by_key(|&(r, p)| (r, std::cmp::Reverse(p)))
        {
            outln!(
                "  {} blocks most often; its red lines: {}",
                scenario.party(worst.1).id(),
                red_lines_text(scenario, worst.1)
            );
        }
    }
    out!("{buf}");
}

fn red_lines_text(scenario: &Scenario, p: PartyIx) -> String {
    let lines = scenario.party(p).red_lines();
    if lines.is_empty() {
        return "none".to_owned();
    }
    lines
        .iter()
        .map(|(i, opts)| {
            let issue = scenario.issue(*i);
            let o: Vec<String> = opts
                .iter()
                .map(|&o| issue.option_value(o).to_string())
                .collect();
            format!("{} rules out {}", issue.id(), o.join(", "))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

//! `accord analyze FILE [--json] [--parties a,b] [--distinct] [--method M] [--epsilon E]`

use accord_analysis::json::AnalysisJson;
use accord_analysis::rule::RuleAnalysis;
use accord_analysis::{
    Analysis, AnalysisError, EnumerationNeed, Method, Options, Point, analyze_with_progress,
};
use accord_model::{OptionValue, PartyIx, Scenario, number_to_json};
use comfy_table::Cell;

use crate::input::load_valid;
use crate::style;
use crate::{Failure, Outcome};

/// Frontier rows shown to people (the JSON has them all).
const SHOWN_ROWS: usize = 40;

/// The flags of `accord analyze`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The scenario file.
    pub file: std::path::PathBuf,
    /// Print JSON as specified in analysis.md.
    #[arg(long)]
    pub json: bool,
    /// The parties that negotiate, comma-separated: the frontier's parties, and for this run
    /// every other party is not a signatory (default: every party with preferences, roles as
    /// in the file).
    #[arg(long, value_delimiter = ',', value_name = "A,B")]
    pub parties: Vec<String>,
    /// Keep only the first outcome of each utility vector on the frontier.
    #[arg(long)]
    pub distinct: bool,
    /// Force a method: enumerate every outcome, or merge frontiers issue by issue.
    #[arg(long, value_enum, default_value_t = MethodArg::Auto)]
    pub method: MethodArg,
    /// Approximate frontier (merge): every outcome is within E of a listed one, per party.
    #[arg(long, value_name = "E")]
    pub epsilon: Option<f64>,
    /// Count agreements even past 10,000,000 outcomes (by enumeration).
    #[arg(long)]
    pub count: bool,
    /// No progress bar (it only shows on a terminal, for runs over a second).
    #[arg(long)]
    pub quiet: bool,
    /// Draw the frontier (one panel per pair of parties), walk-aways, plans and solutions (SVG).
    #[arg(long, value_name = "OUT.svg")]
    pub plot: Option<std::path::PathBuf>,
    #[command(flatten)]
    pub what_if: crate::WhatIfArgs,
}

/// Runs the command.
pub fn run(args: &Args) -> Outcome {
    let what_ifs = &args.what_if.all();
    let (_, scenario) = load_valid(&args.file, args.json, what_ifs)?;
    let parties = named_parties(&scenario, &args.parties)?;
    let n = scenario.into_negotiation(parties.as_deref());
    let (scenario, not_negotiating) = (n.scenario, n.not_negotiating);
    let options = Options {
        parties,
        distinct: args.distinct,
        method: match args.method {
            MethodArg::Auto => Method::Auto,
            MethodArg::Enumerate => Method::Enumerate,
            MethodArg::Merge => Method::Merge,
        },
        epsilon: args.epsilon,
        count: args.count,
    };
    let bar = crate::progress::Progress::new(
        args.quiet,
        "enumerating {bar:40} {pos}/{len} chunks, {elapsed} (eta {eta})",
    );
    let result = analyze_with_progress(&scenario, &options, &|done, total| bar.tick(done, total));
    bar.finish();
    let analysis = result.map_err(|e| report_error(&e))?;
    if let Some(out) = &args.plot {
        crate::plot::write(out, &scenario, &analysis)?;
    }
    if args.json {
        crate::input::print_result(
            &AnalysisJson::new(&scenario, &analysis).not_negotiating(&scenario, &not_negotiating),
            &scenario,
            what_ifs,
        );
    } else {
        crate::input::print_what_ifs(&scenario, what_ifs);
        print_human(&scenario, &analysis, &not_negotiating);
    }
    Ok(())
}

/// Reports a refused analysis, improvement or amendment search on stderr: the library's
/// message, then the command line's hint (which may name flags). Every refusal is a usage
/// error: other flags would work.
pub fn report_error(e: &AnalysisError) -> Failure {
    let hint = match e {
        AnalysisError::EpsilonNotPositive(x) => {
            eprintln!("error: --epsilon must be a positive number, not {x}");
            return Failure::Usage;
        }
        AnalysisError::EpsilonNeedsMerge => {
            eprintln!("error: --epsilon needs the merge method (enumeration is always exact)");
            return Failure::Usage;
        }
        AnalysisError::TooLargeToEnumerate { need, .. } => match need {
            EnumerationNeed::Analysis { with_interactions } if with_interactions.is_empty() => {
                Some("use --method merge, which does not enumerate")
            }
            EnumerationNeed::Counting => Some("leave out --count"),
            EnumerationNeed::Analysis { .. } | EnumerationNeed::Improvements => None,
        },
        AnalysisError::MergeNeedsAdditive { .. } => Some(
            "use --method enumerate, or leave the parties with interactions out of --parties \
             (signatories always count)",
        ),
        AnalysisError::FrontierTooLong {
            vectors, additive, ..
        } => {
            let hint = if e.one_per_vector_would_fit() {
                format!("use --distinct to list one outcome per utility vector ({vectors} of them)")
            } else if *additive {
                "use --epsilon E for an ε-approximate frontier (the solutions stay exact); \
                 --epsilon 0.01 lists a few hundred points for two parties, a larger E fewer"
                    .to_string()
            } else {
                "name fewer parties with --parties, or use coarser numeric grids".to_string()
            };
            eprintln!("error: {e}; {hint}");
            return Failure::Usage;
        }
        AnalysisError::MergeTooLarge { .. } => Some(
            "use --epsilon for an approximate frontier, fewer --parties, or coarser numeric grids",
        ),
        // At 0 changes only the draft's open issues vary: fewer changes cannot help.
        AnalysisError::TooManyAmendmentCandidates { changes: 0, .. } => Some(
            "the draft's open issues alone allow that many completions: settle some of them with \
             --set plans.PLAN.terms.ISSUE=OPTION",
        ),
        AnalysisError::TooManyAmendmentCandidates { .. } => Some("use a smaller --max-changes"),
        // The message says it all (no flag would help).
        AnalysisError::OpenIssues { .. } => None,
    };
    match hint {
        Some(hint) => eprintln!("error: {e}; {hint}"),
        None => eprintln!("error: {e}"),
    }
    if let AnalysisError::MergeNeedsAdditive { parties } = e {
        eprintln!("  parties with interactions: {}", parties.join(", "));
    }
    Failure::Usage
}

/// The parties `--parties` names, in order, each once (`None` when none are named).
pub fn named_parties(s: &Scenario, ids: &[String]) -> Result<Option<Vec<PartyIx>>, Failure> {
    if ids.is_empty() {
        return Ok(None);
    }
    s.resolve_parties(ids).map(Some).map_err(Failure::usage)
}

fn party_ids(scenario: &Scenario, parties: &[PartyIx]) -> Vec<String> {
    parties
        .iter()
        .map(|&p| scenario.party(p).id().to_string())
        .collect()
}

/// The human report.
fn print_human(scenario: &Scenario, a: &Analysis, not_negotiating: &[PartyIx]) {
    print_core(scenario, a, not_negotiating);
    if let Some(r) = &a.rule {
        print_rule(scenario, r);
    }
}

/// The frontier, the solutions and, when there is none, why no agreement exists.
fn print_core(scenario: &Scenario, a: &Analysis, not_negotiating: &[PartyIx]) {
    outln!(
        "parties on the frontier: {}; signatories: {}",
        party_ids(scenario, &a.parties).join(", "),
        if a.signatories.is_empty() {
            "none".to_owned()
        } else {
            party_ids(scenario, &a.signatories).join(", ")
        }
    );
    if !not_negotiating.is_empty() {
        outln!(
            "negotiating: {} (named by --parties); not signatories for this run: {}",
            party_ids(scenario, &a.parties).join(", "),
            party_ids(scenario, not_negotiating).join(", ")
        );
    }
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
                let t: Vec<String> = scenario
                    .issues()
                    .iter()
                    .zip(&p.outcome)
                    .map(|(issue, &o)| match issue.option_value(o) {
                        OptionValue::Id(id) => format!("{} = {id}", issue.id()),
                        OptionValue::Number(v) => format!("{} = {}", issue.id(), number_to_json(v)),
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
        let why = b.explain();
        outln!();
        outln!("No outcome is an agreement:");
        for c in why.closed_issues {
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
                let verdict = if pb.blocks_alone() {
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
        if why.only_jointly {
            outln!(
                "  every signatory can reach its walk-away on its own, but no outcome meets them \
                 all at once"
            );
        }
        if let Some(worst) = why.most_rejecting {
            outln!(
                "  {} blocks most often; its red lines: {}",
                scenario.party(worst.party).id(),
                red_lines_text(scenario, worst.party)
            );
        }
    }
}

/// Coalitions shown to people, the best by Nash product first (the JSON lists them all).
const SHOWN_COALITIONS: usize = 5;

/// A solution's terms in words: `issue = option, …`.
fn terms_text(scenario: &Scenario, p: &Point) -> String {
    scenario
        .issues()
        .iter()
        .zip(&p.outcome)
        .map(|(issue, &o)| match issue.option_value(o) {
            OptionValue::Id(id) => format!("{} = {id}", issue.id()),
            OptionValue::Number(v) => format!("{} = {}", issue.id(), number_to_json(v)),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// What the agreement rule adds: the rule in words, the best coalitions, win-sets and the
/// price of inclusion (only for scenarios with a rule).
fn print_rule(scenario: &Scenario, r: &RuleAnalysis) {
    let rule = scenario.consent_rule();
    let ids = |ps: &[PartyIx]| party_ids(scenario, ps).join(", ");
    let required: Vec<PartyIx> = rule.required().collect();
    outln!();
    outln!(
        "Agreement rule: {} of {} signatories{}",
        rule.quorum(),
        rule.signatories().len(),
        if required.is_empty() {
            String::new()
        } else {
            format!(", including {}", ids(&required))
        }
    );
    outln!(
        "  the solutions above range over the outcomes every signatory accepts (with its \
         ratifiers) or is not asked for, with the gains of those asked"
    );
    for &p in rule.signatories() {
        if let Some(scope) = rule.scope(p) {
            let issues: Vec<&str> = scope
                .iter()
                .map(|(i, _)| scenario.issue(*i).id().as_str())
                .collect();
            outln!(
                "  {} is asked only when an outcome moves {}",
                scenario.party(p).id(),
                issues.join(", ")
            );
        }
    }
    if let Some(cs) = &r.coalitions {
        let mut ranked: Vec<&accord_analysis::rule::Coalition> = cs.listed.iter().collect();
        ranked.sort_by(|x, y| {
            let v =
                |c: &accord_analysis::rule::Coalition| c.nash_product.unwrap_or(f64::NEG_INFINITY);
            v(y).total_cmp(&v(x))
        });
        let total = cs.listed.len() as u128 + cs.left_out;
        outln!();
        outln!(
            "Minimal winning coalitions: {total}{}",
            if total > SHOWN_COALITIONS as u128 {
                format!(" (the {SHOWN_COALITIONS} best by Nash product; --json lists them)")
            } else {
                String::new()
            }
        );
        let mut table = style::table(vec![
            Cell::new("members"),
            Cell::new("agreements"),
            Cell::new("Nash product"),
            Cell::new("Nash solution"),
        ]);
        for c in ranked.into_iter().take(SHOWN_COALITIONS) {
            let nash = c.solutions.first().and_then(|(_, p)| p.as_ref());
            table.add_row(vec![
                Cell::new(ids(&c.members)),
                Cell::new(c.agreements.map_or("-".to_owned(), |n| n.to_string())),
                Cell::new(c.nash_product.map_or("-".to_owned(), style::utility)),
                Cell::new(nash.map_or("no agreement".to_owned(), |p| terms_text(scenario, p))),
            ]);
        }
        outln!("{table}");
    }
    if !r.win_sets.is_empty() {
        outln!();
        outln!("Win-sets (outcomes each party accepts, alone and with its ratifiers):");
        let mut table = style::table(vec![
            Cell::new("party"),
            Cell::new("ratifiers"),
            Cell::new("alone"),
            Cell::new("with ratifiers"),
            Cell::new("shrinks it most"),
        ]);
        let count = |n: Option<u64>| n.map_or("not counted".to_owned(), |n| n.to_string());
        for w in &r.win_sets {
            table.add_row(vec![
                Cell::new(scenario.party(w.party).id().as_str()),
                Cell::new(ids(&w.ratifiers)),
                Cell::new(count(w.alone)),
                Cell::new(count(w.with_ratifiers)),
                Cell::new(
                    w.shrinks_most
                        .map_or("-".to_owned(), |p| scenario.party(p).id().to_string()),
                ),
            ]);
        }
        outln!("{table}");
    }
    if !r.price_of_inclusion.is_empty() {
        outln!();
        outln!(
            "Price of inclusion (solutions of the coalitions with and without the party; cost: \
             each other signatory's utility without it minus with it):"
        );
        let mut table = style::table(vec![
            Cell::new("party"),
            Cell::new("solution"),
            Cell::new("with it"),
            Cell::new("without it"),
            Cell::new("cost to the others"),
        ]);
        for p in &r.price_of_inclusion {
            for x in &p.solutions {
                let terms = |s: &Option<Point>| {
                    s.as_ref()
                        .map_or("no agreement".to_owned(), |s| terms_text(scenario, s))
                };
                let cost: Vec<String> = x
                    .cost
                    .iter()
                    .map(|(q, c)| format!("{} {:+.3}", scenario.party(*q).id(), c))
                    .collect();
                table.add_row(vec![
                    Cell::new(scenario.party(p.party).id().as_str()),
                    Cell::new(x.solution.key()),
                    Cell::new(terms(&x.included)),
                    Cell::new(terms(&x.left_out)),
                    Cell::new(if cost.is_empty() {
                        "-".to_owned()
                    } else {
                        cost.join(", ")
                    }),
                ]);
            }
        }
        outln!("{table}");
    }
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

/// `--method`.
#[derive(clap::ValueEnum, Clone, Copy, Debug)]
pub enum MethodArg {
    /// Merge when no relevant party has interactions, else enumerate.
    Auto,
    /// Enumerate every outcome (exact; up to 4e9 outcomes).
    Enumerate,
    /// Merge frontiers issue by issue (exact, or approximate with --epsilon; no interactions).
    Merge,
}

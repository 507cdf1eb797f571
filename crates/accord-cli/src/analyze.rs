//! `accord analyze FILE [--json] [--parties a,b] [--distinct] [--method M] [--epsilon E]`

use accord_analysis::json::AnalysisJson;
use accord_analysis::rule::RuleAnalysis;
use accord_analysis::{
    Analysis, AnalysisError, EnumerationNeed, Method, Options, Point, analyze_with_progress,
};
use accord_model::{PartyIx, Scenario};
use comfy_table::Cell;

use crate::input::load_valid;
use crate::style::{self, Column};
use crate::{Failure, Outcome};

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
    /// People's output: how many agreements to show, the best by Nash product.
    #[arg(long, value_name = "N", default_value_t = 5, value_parser = clap::value_parser!(u64).range(1..))]
    pub top: u64,
    /// People's output: list the whole Pareto frontier (one column per outcome) instead of the
    /// best agreements.
    #[arg(long)]
    pub all: bool,
    /// Draw the frontier (one panel per pair of parties), walk-aways, plans and solutions (SVG).
    #[arg(long, value_name = "OUT.svg")]
    pub plot: Option<std::path::PathBuf>,
    #[command(flatten)]
    pub what_if: crate::WhatIfArgs,
}

/// Runs the command.
pub fn run(args: &Args) -> Outcome {
    if let Some(out) = &args.plot {
        crate::check_output_flag(out, "--plot", "analyze", &["svg"])?;
    }
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
        // Ctrl-C ends the process.
        cancel: accord_model::Cancel::never(),
    };
    let bar = crate::progress::Progress::new(
        args.quiet,
        "enumerating {bar:40} {pos}/{len} chunks, {elapsed} (eta {eta})",
    );
    let result = analyze_with_progress(&scenario, &options, &|done, total| bar.tick(done, total));
    bar.finish();
    let analysis = result.map_err(|e| report_error(&e))?;
    if let Some(out) = &args.plot {
        crate::plot::write(out, &scenario, &analysis, what_ifs)?;
    }
    if args.json {
        crate::input::print_result(
            &AnalysisJson::new(&scenario, &analysis).not_negotiating(&scenario, &not_negotiating),
            &scenario,
            what_ifs,
        );
    } else {
        crate::input::print_what_ifs(&scenario, what_ifs);
        let view = View {
            top: usize::try_from(args.top).unwrap_or(usize::MAX),
            all: args.all,
        };
        print_human(&scenario, &analysis, &not_negotiating, view);
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
        // The message says it all (no flag would help); the command line never cancels.
        AnalysisError::OpenIssues { .. } | AnalysisError::Cancelled => None,
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

/// The parties `--parties` names, in order, each once (`None` when none are named); an unknown
/// id or an observer (it never negotiates) is a usage error.
pub fn named_parties(s: &Scenario, ids: &[String]) -> Result<Option<Vec<PartyIx>>, Failure> {
    if ids.is_empty() {
        return Ok(None);
    }
    s.resolve_negotiators(ids).map(Some).map_err(Failure::usage)
}

fn party_ids(scenario: &Scenario, parties: &[PartyIx]) -> Vec<String> {
    parties
        .iter()
        .map(|&p| scenario.party(p).name().to_string())
        .collect()
}

/// The human report.
fn print_human(scenario: &Scenario, a: &Analysis, not_negotiating: &[PartyIx], view: View) {
    print_core(scenario, a, not_negotiating, view);
    if let Some(r) = &a.rule {
        print_rule(scenario, r);
    }
}

/// What the people's report lists: the best `top` agreements, or the whole frontier.
#[derive(Clone, Copy, Debug)]
pub struct View {
    /// Agreements shown (best by Nash product).
    pub top: usize,
    /// The whole frontier instead.
    pub all: bool,
}

/// One outcome as a column of a vertical table: the option label of each issue, then each
/// frontier party's utility (rows as [`row_labels`]).
fn outcome_column(scenario: &Scenario, heading: String, p: &Point, extra: &[String]) -> Column {
    let mut cells: Vec<String> = scenario
        .issues()
        .iter()
        .zip(&p.outcome)
        .map(|(issue, &o)| issue.option_label(o))
        .collect();
    cells.extend(p.utilities.iter().map(|&u| style::utility(u)));
    cells.extend(extra.iter().cloned());
    Column { heading, cells }
}

/// The row labels of [`outcome_column`]: issue titles, then "utility: Party" per frontier
/// party, then `extra`.
fn row_labels(scenario: &Scenario, a: &Analysis, extra: &[&str]) -> Vec<String> {
    let mut labels: Vec<String> = scenario
        .issues()
        .iter()
        .map(|i| i.title().to_string())
        .collect();
    labels.extend(
        a.parties
            .iter()
            .map(|&p| format!("utility: {}", scenario.party(p).name())),
    );
    labels.extend(extra.iter().map(|s| s.to_string()));
    labels
}

fn print_tables(tables: Vec<comfy_table::Table>) {
    for (k, t) in tables.into_iter().enumerate() {
        if k > 0 {
            outln!();
        }
        outln!("{t}");
    }
}

/// The frontier's outcomes every signatory accepts (no red line crossed, utility at least its
/// walk-away), each with its Nash product of gains above the walk-aways
/// ([`accord_analysis::solutions::nash_value`]), in frontier order. The frontier ranges over
/// the outcomes no signatory rules out, and every signatory is a frontier party, so these are
/// exactly the Pareto-optimal agreements.
fn frontier_agreements<'a>(scenario: &Scenario, a: &'a Analysis) -> Vec<(usize, &'a Point, f64)> {
    let tables = accord_analysis::Tables::new(scenario);
    let signatories: Vec<(usize, f64)> = a
        .signatories
        .iter()
        .filter_map(|s| {
            let k = a.parties.iter().position(|p| p == s)?;
            Some((k, tables.parties[s.index()].walk_away))
        })
        .collect();
    let (cols, walk): (Vec<usize>, Vec<f64>) = signatories.into_iter().unzip();
    a.frontier
        .iter()
        .enumerate()
        .filter(|(_, p)| {
            let outcome: Vec<usize> = p.outcome.iter().map(|o| o.index()).collect();
            a.signatories
                .iter()
                .all(|s| tables.parties[s.index()].accepts(&outcome))
        })
        .map(|(k, p)| {
            let u: Vec<f64> = cols.iter().map(|&c| p.utilities[c]).collect();
            (k, p, accord_analysis::solutions::nash_value(&u, &walk))
        })
        .collect()
}

/// The agreements (best by Nash product) or the whole frontier, the solutions and, when there
/// is none, why no agreement exists — outcomes shown vertically, in the scenario's words.
fn print_core(scenario: &Scenario, a: &Analysis, not_negotiating: &[PartyIx], view: View) {
    let width = style::width_or_default();
    outln!(
        "{}",
        style::wrap(
            &format!(
                "parties on the frontier: {}; signatories: {}",
                party_ids(scenario, &a.parties).join(", "),
                if a.signatories.is_empty() {
                    "none".to_owned()
                } else {
                    party_ids(scenario, &a.signatories).join(", ")
                }
            ),
            "",
            "  "
        )
    );
    if !not_negotiating.is_empty() {
        outln!(
            "{}",
            style::wrap(
                &format!(
                    "negotiating: {} (named by --parties); not signatories for this run: {}",
                    party_ids(scenario, &a.parties).join(", "),
                    party_ids(scenario, not_negotiating).join(", ")
                ),
                "",
                "  "
            )
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

    let found = frontier_agreements(scenario, a);
    if view.all || !found.is_empty() || a.blockers.is_none() {
        outln!();
    }
    if view.all {
        outln!(
            "{}",
            style::wrap(
                &format!(
                    "Pareto frontier: {} outcomes, {} of them agreements (every signatory \
                     accepts them); one column per outcome:",
                    a.frontier.len(),
                    found.len()
                ),
                "",
                ""
            )
        );
        let agreed: std::collections::HashSet<usize> = found.iter().map(|(k, _, _)| *k).collect();
        let columns: Vec<Column> = a
            .frontier
            .iter()
            .enumerate()
            .map(|(k, p)| {
                let yes = if agreed.contains(&k) { "yes" } else { "no" };
                outcome_column(scenario, format!("#{}", k + 1), p, &[yes.to_owned()])
            })
            .collect();
        let labels = row_labels(scenario, a, &["agreement"]);
        print_tables(style::vertical("", &labels, &columns, width));
    } else if found.is_empty() {
        if a.blockers.is_none() {
            outln!(
                "{}",
                style::wrap(
                    &format!(
                        "No outcome on the Pareto frontier is accepted by every signatory \
                         ({} frontier outcomes; --all lists them).",
                        a.frontier.len()
                    ),
                    "",
                    ""
                )
            );
        }
    } else {
        let mut ranked = found.clone();
        ranked.sort_by(|x, y| y.2.total_cmp(&x.2).then(x.0.cmp(&y.0)));
        let shown = ranked.len().min(view.top);
        let best = if shown < ranked.len() {
            format!("; the {shown} best by Nash product")
        } else {
            String::new()
        };
        outln!(
            "{}",
            style::wrap(
                &format!(
                    "Agreements on the Pareto frontier (outcomes every signatory accepts that no \
                     other outcome improves for a party without harming another): {}{best}, \
                     numbered as on the frontier. --top N shows more, --all the whole frontier ({} outcomes), --json \
                     everything.",
                    ranked.len(),
                    a.frontier.len()
                ),
                "",
                ""
            )
        );
        let columns: Vec<Column> = ranked
            .iter()
            .take(shown)
            .map(|(k, p, nash)| {
                outcome_column(
                    scenario,
                    format!("#{}", k + 1),
                    p,
                    &[style::nash_product(*nash)],
                )
            })
            .collect();
        let labels = row_labels(scenario, a, &["Nash product"]);
        print_tables(style::vertical("", &labels, &columns, width));
    }

    if a.solutions.iter().any(|(_, s)| s.is_some()) {
        outln!();
        outln!(
            "{}",
            style::wrap(
                "Bargaining solutions (over agreements, gains above each signatory's walk-away):",
                "",
                ""
            )
        );
        let columns: Vec<Column> = a
            .solutions
            .iter()
            .map(|(c, s)| match s {
                Some(p) => outcome_column(scenario, c.name().to_owned(), p, &[]),
                None => Column {
                    heading: c.name().to_owned(),
                    cells: vec!["no agreement".to_owned()],
                },
            })
            .collect();
        let labels = row_labels(scenario, a, &[]);
        print_tables(style::vertical("", &labels, &columns, width));
    }
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
                        .map(|&o| format!("“{}”", issue.option_label(o)))
                        .collect();
                    format!("{} rules out {}", scenario.party(*p).name(), o.join(", "))
                })
                .collect();
            outln!(
                "{}",
                style::wrap(
                    &format!(
                        "on {} every option is a red line: {}",
                        issue.title(),
                        parts.join("; ")
                    ),
                    "  - ",
                    "    "
                )
            );
        }
        for pb in &b.parties {
            let name = scenario.party(pb.party).name();
            let mut line = format!("{name}: walk-away {}", style::utility(pb.walk_away));
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
            outln!("{}", style::wrap(&line, "  - ", "    "));
        }
        if why.only_jointly {
            outln!(
                "{}",
                style::wrap(
                    "every signatory can reach its walk-away on its own, but no outcome meets \
                     them all at once",
                    "  ",
                    "  "
                )
            );
        }
        if let Some(worst) = why.most_rejecting {
            outln!(
                "{}",
                style::wrap(
                    &format!(
                        "{} blocks most often; its red lines: {}",
                        scenario.party(worst.party).name(),
                        red_lines_text(scenario, worst.party)
                    ),
                    "  ",
                    "    "
                )
            );
        }
        if !view.all {
            outln!(
                "{}",
                style::wrap(
                    &format!(
                        "The Pareto frontier ({} outcomes, none of them an agreement) is left \
                         out; --all lists it.",
                        a.frontier.len()
                    ),
                    "  ",
                    "  "
                )
            );
        }
    }
}

/// Coalitions shown to people, the best by Nash product first (the JSON lists them all).
const SHOWN_COALITIONS: usize = 5;

/// A solution's terms in the scenario's words: `Issue: option; …`.
fn terms_text(scenario: &Scenario, p: &Point) -> String {
    scenario
        .issues()
        .iter()
        .zip(&p.outcome)
        .map(|(issue, &o)| format!("{}: {}", issue.title(), issue.option_label(o)))
        .collect::<Vec<_>>()
        .join("; ")
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
        "{}",
        style::wrap(
            "the solutions above range over the outcomes every signatory accepts (with its \
             ratifiers) or is not asked for, with the gains of those asked",
            "  ",
            "  "
        )
    );
    for &p in rule.signatories() {
        if let Some(scope) = rule.scope(p) {
            let issues: Vec<&str> = scope
                .iter()
                .map(|(i, _)| scenario.issue(*i).title())
                .collect();
            outln!(
                "{}",
                style::wrap(
                    &format!(
                        "{} is asked only when an outcome moves {}",
                        scenario.party(p).name(),
                        issues.join(", ")
                    ),
                    "  ",
                    "    "
                )
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
                Cell::new(c.nash_product.map_or("-".to_owned(), style::nash_product)),
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
                Cell::new(scenario.party(w.party).name()),
                Cell::new(ids(&w.ratifiers)),
                Cell::new(count(w.alone)),
                Cell::new(count(w.with_ratifiers)),
                Cell::new(
                    w.shrinks_most
                        .map_or("-".to_owned(), |p| scenario.party(p).name().to_string()),
                ),
            ]);
        }
        outln!("{table}");
    }
    if !r.price_of_inclusion.is_empty() {
        outln!();
        outln!(
            "{}",
            style::wrap(
                "Price of inclusion (solutions of the coalitions with and without the party; \
                 cost: each other signatory's utility without it minus with it):",
                "",
                ""
            )
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
                    .map(|(q, c)| format!("{} {:+.3}", scenario.party(*q).name(), c))
                    .collect();
                table.add_row(vec![
                    Cell::new(scenario.party(p.party).name()),
                    Cell::new(x.solution.name()),
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
                .map(|&o| format!("“{}”", issue.option_label(o)))
                .collect();
            format!("{}: not {}", issue.title(), o.join(" or "))
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

//! `accord simulate FILE --protocol sao|single-text|drafted-then-ratified --strategy
//! party=name[:params] ... --rounds N --seed S [--repeat K] [--trace out.jsonl]
//! [--plot out.svg] [--json]`
//!
//! Flags → [`accord_sim::SimulationBuilder`] → runs on seeds S, S+1, … (merged in seed order, so
//! the output does not depend on the thread count) → the story (one run), the aggregate
//! (several) or JSON ([`accord_sim::json::SimulateJson`]).

use accord_model::{IssueIx, Scenario};
use accord_sim::json::SimulateJson;
use accord_sim::setup::{Aggregate, RunSummary};
use accord_sim::story::{Storyteller, metrics_line_for};
use accord_sim::{DraftProtocol, DraftedSettings, Negotiation, SimError, Simulation, protocol};
use comfy_table::Cell;

use crate::input::load_valid;
use crate::style;
use crate::{Failure, Outcome};

/// The protocol to run.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProtocolArg {
    /// Stacked alternating offers (NegMAS semantics).
    Sao,
    /// A mediator's single negotiating text.
    SingleText,
    /// A subset drafts, the others ratify.
    DraftedThenRatified,
}

/// How drafters draft.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum DraftArg {
    /// Stacked alternating offers.
    Sao,
    /// A mediator's single negotiating text.
    SingleText,
}

/// The flags of `accord simulate`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The scenario file (or a Genius / GeniusWeb domain).
    pub file: std::path::PathBuf,
    /// The protocol.
    #[arg(long, value_enum, default_value = "sao")]
    pub protocol: ProtocolArg,
    /// A party's strategy, `PARTY=NAME[:KEY=VALUE,...]` (e.g. `west=boulware:e=0.2`), or a
    /// bare `NAME[:...]` for every party not named (default boulware). Names: boulware,
    /// linear, conceder, time, hardliner, tit-for-tat, random, aspiration, frequency, micro.
    #[arg(long = "strategy", value_name = "PARTY=NAME[:PARAMS]")]
    pub strategies: Vec<String>,
    /// The negotiators in turn order (default: every signatory with preferences, in file
    /// order; every party with preferences for drafted-then-ratified).
    #[arg(long = "party", value_name = "ID", value_delimiter = ',')]
    pub parties: Vec<String>,
    /// The deadline in rounds (of drafting, for drafted-then-ratified); default 100, or no
    /// practical limit (1,000,000) when only --time-limit is given.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    pub rounds: Option<u64>,
    /// SAO: a deadline in seconds per negotiation beside the rounds; relative time is
    /// elapsed/limit (the larger of the two at each turn) and the earlier limit ends it, as in
    /// NegMAS and ANL. Runs depend on the machine's speed: not reproducible byte for byte.
    #[arg(long, value_name = "SECONDS", value_parser = parse_time_limit)]
    pub time_limit: Option<f64>,
    /// The seed: the same seed gives the same trace, byte for byte.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Run this many negotiations, on seeds S, S+1, …, and report the aggregate.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u64).range(1..=100_000_000))]
    pub repeat: u64,
    /// Draw every interval of the scenario (weights, scores, walk-aways) anew for each run,
    /// from the run's seed (the draws of `accord robustness`), so repeated runs differ as the
    /// estimates allow; the same seed gives the same bytes. Without it every run plays the
    /// midpoints.
    #[arg(long)]
    pub sample_preferences: bool,
    /// Write every offer and answer, with utilities, as JSON Lines.
    #[arg(long, value_name = "FILE")]
    pub trace: Option<std::path::PathBuf>,
    /// Draw the offers over time of the first run (seed S) as SVG: each party's utility of
    /// each offer, per round.
    #[arg(long, value_name = "FILE.svg")]
    pub plot: Option<std::path::PathBuf>,
    /// Print JSON for tools.
    #[arg(long)]
    pub json: bool,
    /// Drafted-then-ratified: the drafters (default: the first plan's drafters).
    #[arg(long, value_name = "ID", value_delimiter = ',')]
    pub drafters: Vec<String>,
    /// Drafted-then-ratified: how the drafters draft.
    #[arg(long, value_enum, default_value = "sao")]
    pub draft_protocol: DraftArg,
    /// Drafted-then-ratified: the parties the drafters consult, in order (`a,b` or repeated;
    /// default: the `consulted` parties of the plan the drafters come from).
    #[arg(long, value_name = "ID", value_delimiter = ',')]
    pub consult: Vec<String>,
    /// Drafted-then-ratified: consultation rounds.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u64).range(0..=10_000))]
    pub consultations: u64,
    /// Drafted-then-ratified: revision rounds after a failed ratification vote.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u64).range(0..=10_000))]
    pub revisions: u64,
    /// Drafted-then-ratified: each ratifier's walk-away is lowered by this much per vote.
    #[arg(long, default_value_t = 0.0, value_parser = parse_pressure)]
    pub pressure: f64,
    #[command(flatten)]
    pub what_if: crate::WhatIfArgs,
}

/// The error's message on the command line: the library's, with the flag to change.
fn message(scenario: &Scenario, e: &SimError) -> String {
    match e {
        SimError::TooLarge(_) | SimError::TooFewParties(_) => {
            format!("cannot simulate `{}`: {e}", scenario.id())
        }
        SimError::Strategy {
            party: Some(party),
            spec,
            source,
        } => format!("--strategy {party}={spec}: {source}"),
        SimError::Strategy { spec, source, .. } => format!("--strategy {spec}: {source}"),
        SimError::NegotiatorTwice(id) => format!("--party {id} is given twice"),
        SimError::RatifierNegotiates { .. } => {
            format!("--party: {e}; leave it out, it votes after its party")
        }
        SimError::StrategyForNonNegotiator { party, why, .. } => {
            let hint = if why.contains("negotiators are named") {
                "; name the negotiators with --party, or leave it out"
            } else {
                "; leave it out"
            };
            format!("--strategy {party}: {e}{hint}")
        }
        SimError::ConsultedDrafts(_) | SimError::ConsultedNotNegotiator(_) => {
            format!("--consult: {e}")
        }
        SimError::DraftingWithoutDrafted => {
            "--drafters and --consult apply to --protocol drafted-then-ratified only".into()
        }
        SimError::TimeLimitUnsupported(_) => format!("--time-limit: {e}"),
        SimError::NoDrafters => "drafted-then-ratified needs --drafters (no plan of the scenario \
                                 names drafters with preferences)"
            .into(),
        _ => e.to_string(),
    }
}

/// A value's name on the command line: the library's name of the protocol.
fn clap_name(v: &impl clap::ValueEnum) -> String {
    v.to_possible_value()
        .map_or(String::new(), |p| p.get_name().to_string())
}

/// Runs the command.
pub fn run(o: &Args) -> Outcome {
    if let Some(out) = &o.plot {
        crate::check_output_flag(out, "--plot", "simulate", &["svg"])?;
    }
    let what_ifs = &o.what_if.all();
    let (_, scenario) = load_valid(&o.file, o.json, what_ifs)?;
    let kind = protocol::parse(&clap_name(&o.protocol));
    let draft = DraftProtocol::parse(&clap_name(&o.draft_protocol));
    let (mut builder, draft) = match (kind, draft) {
        (Ok(kind), Ok(draft)) => (accord_sim::SimulationBuilder::new(&scenario, kind), draft),
        (Err(e), _) | (_, Err(e)) => return Err(Failure::usage(e)),
    };
    builder = builder
        .sample_preferences(o.sample_preferences)
        .negotiators(&o.parties)
        .rounds(rounds(o.rounds, o.time_limit))
        .time_limit(o.time_limit)
        .drafters(&o.drafters)
        .consulted(&o.consult)
        .drafted(DraftedSettings {
            draft,
            consultations: o.consultations as usize,
            revisions: o.revisions as usize,
            pressure: o.pressure,
        });
    for assignment in &o.strategies {
        builder = builder.assign(assignment);
    }
    let sim = builder
        .build()
        .map_err(|e| Failure::usage(message(&scenario, &e)))?;
    let record = o.trace.is_some() || o.plot.is_some() || (o.repeat == 1 && !o.json);
    let seeds: Vec<u64> = (0..o.repeat).map(|k| o.seed.wrapping_add(k)).collect();
    // Each run in the simulation its seed plays (its own draw under --sample-preferences):
    // the negotiation, its figures and its trace lines.
    let played = sim
        .map_seeds(&seeds, |s, seed| {
            let n = s.run(seed, record);
            let summary = s.summary(&n, seed);
            let mut trace = Vec::new();
            if o.trace.is_some() {
                let one = std::slice::from_ref(&n);
                // Writing to memory cannot fail.
                let _ = accord_sim::json::write_trace(
                    &mut trace,
                    &scenario,
                    s.compiled(),
                    &[seed],
                    one,
                );
            }
            (n, summary, trace)
        })
        .map_err(|e| Failure::usage(message(&scenario, &e)))?;
    if let Some(trace) = &o.trace {
        let written = std::fs::File::create(trace).and_then(|f| {
            let mut out = std::io::BufWriter::new(f);
            if !what_ifs.is_empty() {
                // The run's what-ifs, as a first line of their own (none without what-ifs, so a
                // trace of the file as written is unchanged): `{"stage":"what-if","what_if":[…]}`,
                // the list of every command's JSON.
                let line = serde_json::json!({
                    "stage": "what-if",
                    "what_if": accord_model::json::AppliedWhatIfJson::list(&scenario, what_ifs),
                });
                std::io::Write::write_all(&mut out, format!("{line}\n").as_bytes())?;
            }
            for (_, _, lines) in &played {
                std::io::Write::write_all(&mut out, lines)?;
            }
            std::io::Write::flush(&mut out)
        });
        written.map_err(|e| {
            Failure::input(format_args!(
                "cannot write the trace to {}: {e}",
                trace.display()
            ))
        })?;
    }
    let (runs, summaries): (Vec<Negotiation>, Vec<RunSummary>) =
        played.into_iter().map(|(n, s, _)| (n, s)).unzip();
    if let Some(plot) = &o.plot {
        let title = format!("{}: offers over time (seed {})", scenario.title(), o.seed);
        // The first run's offers, judged by the utilities its own draw gave the parties.
        sim.with_run(o.seed, |s| {
            crate::plot::write_offers(plot, &scenario, s, &runs[0], title, what_ifs)
        })
        .map_err(|e| Failure::usage(message(&scenario, &e)))??;
    }
    if o.json {
        crate::input::print_result(
            &SimulateJson::new(&scenario, &sim, o.seed, &runs, &summaries),
            &scenario,
            what_ifs,
        );
    } else if o.repeat == 1 {
        // The story in the simulation the run played (its draw's utilities and walk-aways).
        sim.with_run(o.seed, |s| {
            print_story(&scenario, s, o, &runs[0], &summaries[0]);
        })
        .map_err(|e| Failure::usage(message(&scenario, &e)))?;
    } else {
        print_aggregate(&scenario, &sim, o, &summaries);
    }
    Ok(())
}

fn print_story(scenario: &Scenario, sim: &Simulation, o: &Args, n: &Negotiation, s: &RunSummary) {
    let teller = Storyteller::new(scenario, sim);
    let c = sim.compiled();
    outln!("{}", style::wrap(&teller.heading(o.seed), "", "  "));
    if o.sample_preferences {
        outln!("preferences: one draw from the scenario's intervals (from the seed)");
    }
    crate::input::print_what_ifs(scenario, &o.what_if.all());
    outln!("{}", style::wrap(&teller.roster(), "", "  "));
    outln!();
    // Each sentence wrapped at the terminal width, its continuation lines indented under it.
    let mut body = String::new();
    for line in teller.lines(n) {
        let text = line.to_string();
        let indent = text.len() - text.trim_start().len();
        let rest = " ".repeat(indent + 2);
        body.push_str(&style::wrap(text.trim_start(), &text[..indent], &rest));
        body.push('\n');
    }
    out!("{body}");
    outln!();
    outln!("{}", style::wrap(&teller.ending(n), "", ""));
    if let Some(a) = n.result.agreement {
        let shaped = !n.result.shaped_by.is_empty();
        let mut header = vec!["issue", "term"];
        if shaped {
            header.push("shaped by");
        }
        let mut t = style::table(header);
        for (k, opt) in c.space.decode(a).into_iter().enumerate() {
            let issue = scenario.issue(IssueIx::from_usize(k));
            let mut row = vec![Cell::new(issue.title()), Cell::new(issue.option_label(opt))];
            if shaped {
                row.push(Cell::new(
                    n.result.shaped_by[k].map_or("the mediator".to_string(), |p| teller.name(p)),
                ));
            }
            t.add_row(row);
        }
        outln!("{t}");
    }
    let discounted = c.functions.iter().any(|f| f.discount != 1.0);
    let mut header = vec!["party", "strategy", "utility", "walk-away"];
    if discounted {
        header.push("discounted");
    }
    let mut t = style::table(header);
    for &p in sim.negotiators() {
        let mut row = vec![
            Cell::new(teller.name(p)),
            Cell::new(sim.specs()[p].to_string()),
            Cell::new(style::utility(s.utilities[p])),
            Cell::new(style::utility(c.functions[p].walk_away)),
        ];
        if discounted {
            row.push(Cell::new(style::utility(s.discounted[p])));
        }
        t.add_row(row);
    }
    outln!("{t}");
    outln!(
        "{}",
        style::wrap(&metrics_line_for(sim, s.welfare, s.pareto, s.nash), "", "")
    );
}

fn print_aggregate(scenario: &Scenario, sim: &Simulation, o: &Args, summaries: &[RunSummary]) {
    let teller = Storyteller::new(scenario, sim);
    let c = sim.compiled();
    let a = Aggregate::new(summaries, c.parties.len());
    outln!(
        "{}",
        style::wrap(&teller.heading_runs(o.seed, o.repeat), "", "  ")
    );
    if o.sample_preferences {
        outln!(
            "preferences: drawn anew from the scenario's intervals in each run (walk-aways \
             below at their midpoints)"
        );
    }
    outln!(
        "Agreement in {} of {} runs ({:.1}%), mean rounds {:.1}.",
        a.agreements,
        a.runs,
        100.0 * a.agreements as f64 / a.runs as f64,
        a.mean_rounds
    );
    let mut t = style::table(["party", "strategy", "mean utility", "walk-away"]);
    for &p in sim.negotiators() {
        t.add_row(vec![
            Cell::new(teller.name(p)),
            Cell::new(sim.specs()[p].to_string()),
            Cell::new(style::utility(a.mean_utilities[p])),
            Cell::new(style::utility(c.functions[p].walk_away)),
        ]);
    }
    outln!("{t}");
    outln!(
        "{}",
        metrics_line_for(
            sim,
            a.mean_welfare.unwrap_or(0.0),
            a.mean_pareto,
            a.mean_nash
        )
    );
}

/// The deadline in rounds: as given; else 100, or [`accord_sim::setup::MAX_ROUNDS`] when a
/// time limit alone is the deadline (NegMAS's `n_steps=None`).
pub fn rounds(given: Option<u64>, time_limit: Option<f64>) -> usize {
    match (given, time_limit) {
        (Some(r), _) => r as usize,
        (None, Some(_)) => accord_sim::setup::MAX_ROUNDS,
        (None, None) => 100,
    }
}

fn parse_time_limit(s: &str) -> Result<f64, String> {
    let x: f64 = s.parse().map_err(|_| format!("`{s}` is not a number"))?;
    if x.is_finite() && x > 0.0 {
        Ok(x)
    } else {
        Err(format!(
            "a time limit is a positive number of seconds, not {s}"
        ))
    }
}

fn parse_pressure(s: &str) -> Result<f64, String> {
    let x: f64 = s.parse().map_err(|_| format!("`{s}` is not a number"))?;
    if x.is_finite() && (0.0..=1.0).contains(&x) {
        Ok(x)
    } else {
        Err(format!(
            "a pressure is a utility in [0, 1] per vote, not {s}"
        ))
    }
}

//! `accord`: model, analyze and simulate multi-party negotiations from one scenario file.
//!
//! Exit codes: 0 success (also when the reader of stdout closes the pipe early), 1 invalid input
//! or a file that cannot be read or written, 2 usage error (bad flags, an unknown id).

#[macro_use]
mod out;
mod amend;
mod analyze;
mod check;
mod evaluate;
mod export;
mod import;
mod improve;
mod input;
mod plot;
mod report;
mod robustness;
mod show;
mod simulate;
mod style;
mod tournament;

use std::path::PathBuf;
use std::process::ExitCode;

use accord_model::whatif::WhatIf;
use accord_uncertainty::Config;
use accord_uncertainty::robust::RobustConfig;
use clap::{Args, Parser, Subcommand};

// mimalloc keeps freed memory for reuse instead of handing it back to the kernel at once, so
// repeated setups (a domain per negotiation, a table per scenario) stop paying page faults;
// measured at 1.2x the `fresh` SAO throughput of glibc's allocator (bench/sim/compare.sh).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Exit status of a command that ran.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Everything went well.
    Ok,
    /// The input was unreadable or invalid.
    InvalidInput,
    /// The command line was wrong (an unknown id or an invalid what-if, say).
    Usage,
}

impl From<Status> for ExitCode {
    fn from(s: Status) -> ExitCode {
        match s {
            Status::Ok => ExitCode::SUCCESS,
            Status::InvalidInput => ExitCode::from(1),
            Status::Usage => ExitCode::from(2),
        }
    }
}

#[derive(Parser, Debug)]
#[command(
    name = "accord",
    version,
    about = "Model, analyze and simulate multi-party, multi-issue negotiations",
    after_help = "Exit status: 0 success (also when the reader of standard output stops early); \
                  1 invalid input, or a file that cannot be read or written; 2 usage error."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// What-ifs: changes to the scenario for this run only, checked like the file.
#[derive(Args, Debug, Default)]
pub struct WhatIfArgs {
    /// Change a value for this run, e.g. `parties.ukraine.walk_away=0.3` or
    /// `parties.russia.weights.nato=[4,8]` (repeatable; TOML values)
    #[arg(long = "set", value_name = "PATH=VALUE", value_parser = WhatIf::set)]
    set: Vec<WhatIf>,
    /// Drop a red line for this run, e.g. `ukraine:territory=cede_donbas` (repeatable)
    #[arg(long = "remove-red-line", value_name = "PARTY:ISSUE=OPTION", value_parser = WhatIf::remove_red_line)]
    remove_red_line: Vec<WhatIf>,
}

impl WhatIfArgs {
    /// Every what-if, sets first, in the order given.
    pub fn all(&self) -> Vec<WhatIf> {
        self.set
            .iter()
            .chain(&self.remove_red_line)
            .cloned()
            .collect()
    }
}

/// `accord tournament CONFIG.toml ...` or `accord tournament merge ...`.
#[derive(Args, Debug)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
struct TournamentArgs {
    #[command(subcommand)]
    action: Option<TournamentAction>,
    /// The tournament configuration (TOML; see `crates/accord-sim/src/tournament.rs`).
    #[arg(required = true)]
    config: Option<PathBuf>,
    /// Run one deterministic slice `I/N` of the jobs (for batch systems); join with `merge`.
    #[arg(long, value_name = "I/N", value_parser = accord_sim::tournament::parse_shard)]
    shard: Option<(usize, usize)>,
    /// The results file (JSON Lines; default next to the config). An existing file is resumed.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Print the summary as JSON.
    #[arg(long)]
    json: bool,
    /// No progress bar.
    #[arg(long, short)]
    quiet: bool,
}

#[derive(Subcommand, Debug)]
enum TournamentAction {
    /// Join shard result files into one, in job order, and print the summary.
    Merge {
        /// The merged results file to write.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
        /// The shard result files.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// Print the summary as JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Validate a scenario and report every problem in it.
    Check {
        /// The scenario file (accord/1 TOML).
        file: PathBuf,
        /// Also fail on warnings and on issues, stances and events that cite no source.
        #[arg(long)]
        strict: bool,
        /// Print diagnostics as JSON on stdout.
        #[arg(long)]
        json: bool,
    },
    /// Evaluate plans: each party's utility, red lines crossed and verdict.
    Evaluate {
        /// The scenario file.
        file: PathBuf,
        /// A plan id; repeat for several. Without it, every plan side by side.
        #[arg(long = "plan", value_name = "ID")]
        plans: Vec<String>,
        /// Print JSON as specified in analysis.md.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        what_if: WhatIfArgs,
    },
    /// Monte Carlo over the uncertain preferences: acceptance probabilities, drivers, shortfalls.
    Robustness {
        /// The scenario file.
        file: PathBuf,
        /// A plan id; repeat for several. Without it, every plan.
        #[arg(long = "plan", value_name = "ID")]
        plans: Vec<String>,
        /// The most draws to make.
        #[arg(long, default_value_t = Config::DEFAULT_MAX_SAMPLES, value_parser = clap::value_parser!(u64).range(1..=1_000_000_000))]
        samples: u64,
        /// Stop once every probability's standard error is at most this (0: use every draw).
        #[arg(long, default_value_t = Config::DEFAULT_PRECISION, value_parser = parse_precision)]
        precision: f64,
        /// The seed: the same seed gives the same result, at any thread count.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Print JSON for tools.
        #[arg(long)]
        json: bool,
        /// No progress bar.
        #[arg(long, short)]
        quiet: bool,
        /// Also search robust solutions: the outcomes, and the smallest amendments of each
        /// plan, that maximize the probability of agreement.
        #[arg(long)]
        robust: bool,
        /// The largest amendment (number of changed issues) the robust search tries.
        #[arg(long, default_value_t = 2, requires = "robust")]
        max_changes: usize,
        /// The draws each candidate of the robust search is scored on.
        #[arg(long, default_value_t = 2000, requires = "robust", value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
        robust_samples: u64,
        #[command(flatten)]
        what_if: WhatIfArgs,
    },
    /// Simulate negotiations between strategies: SAO, a single negotiating text, or a draft
    /// by some parties ratified by the others.
    Simulate {
        /// The scenario file (or a Genius / GeniusWeb domain).
        file: PathBuf,
        /// The protocol.
        #[arg(long, value_enum, default_value = "sao")]
        protocol: simulate::ProtocolArg,
        /// A party's strategy, `PARTY=NAME[:KEY=VALUE,...]` (e.g. `west=boulware:e=0.2`), or a
        /// bare `NAME[:...]` for every party not named (default boulware). Names: boulware,
        /// linear, conceder, time, hardliner, tit-for-tat, random, aspiration, frequency.
        #[arg(long = "strategy", value_name = "PARTY=NAME[:PARAMS]")]
        strategies: Vec<String>,
        /// The negotiators in turn order (default: every signatory with preferences, in file
        /// order; every party with preferences for drafted-then-ratified).
        #[arg(long = "party", value_name = "ID", value_delimiter = ',')]
        parties: Vec<String>,
        /// The deadline in rounds (of drafting, for drafted-then-ratified).
        #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
        rounds: u64,
        /// The seed: the same seed gives the same trace, byte for byte.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Run this many negotiations, on seeds S, S+1, …, and report the aggregate.
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u64).range(1..=100_000_000))]
        repeat: u64,
        /// Write every offer and answer, with utilities, as JSON Lines.
        #[arg(long, value_name = "FILE")]
        trace: Option<PathBuf>,
        /// Print JSON for tools.
        #[arg(long)]
        json: bool,
        /// Drafted-then-ratified: the drafters (default: the first plan's drafters).
        #[arg(long, value_name = "ID", value_delimiter = ',')]
        drafters: Vec<String>,
        /// Drafted-then-ratified: how the drafters draft.
        #[arg(long, value_enum, default_value = "sao")]
        draft_protocol: simulate::DraftArg,
        /// Drafted-then-ratified: a party the drafters consult.
        #[arg(long, value_name = "ID")]
        consult: Option<String>,
        /// Drafted-then-ratified: consultation rounds.
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u64).range(0..=10_000))]
        consultations: u64,
        /// Drafted-then-ratified: revision rounds after a failed ratification vote.
        #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u64).range(0..=10_000))]
        revisions: u64,
        /// Drafted-then-ratified: each ratifier's walk-away is lowered by this much per vote.
        #[arg(long, default_value_t = 0.0, value_parser = parse_pressure)]
        pressure: f64,
        #[command(flatten)]
        what_if: WhatIfArgs,
    },
    /// Run a tournament: scenarios × strategy line-ups × role swaps × repetitions, in
    /// parallel, as JSON Lines plus a summary per strategy; or merge shard results.
    Tournament(TournamentArgs),
    /// The report: who gains what from each draft, who would reject it and why, what would have
    /// to change. Without FILE, the bundled flagship scenario (the 2025 Ukraine peace plans).
    Report {
        /// The scenario file (default: the bundled examples/ukraine-2025.toml).
        file: Option<PathBuf>,
        /// Write the report here (format from the extension: .html or .md).
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        /// The format (default: from the output's extension, else Markdown).
        #[arg(long, value_enum)]
        format: Option<report::Format>,
        /// The seed of the Monte Carlo runs.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[command(flatten)]
        what_if: WhatIfArgs,
    },
    /// Outcome counts, the Pareto frontier and the bargaining solutions (analysis.md).
    Analyze {
        /// The scenario file.
        file: PathBuf,
        /// Print JSON as specified in analysis.md.
        #[arg(long)]
        json: bool,
        /// The frontier's parties, comma-separated (default: every party with preferences).
        #[arg(long, value_delimiter = ',', value_name = "A,B")]
        parties: Vec<String>,
        /// Keep only the first outcome of each utility vector on the frontier.
        #[arg(long)]
        distinct: bool,
        /// Force a method: enumerate every outcome, or merge frontiers issue by issue.
        #[arg(long, value_enum, default_value_t = MethodArg::Auto)]
        method: MethodArg,
        /// Approximate frontier (merge): every outcome is within E of a listed one, per party.
        #[arg(long, value_name = "E")]
        epsilon: Option<f64>,
        /// Count agreements even past 10,000,000 outcomes (by enumeration).
        #[arg(long)]
        count: bool,
        /// No progress bar (it only shows on a terminal, for runs over a second).
        #[arg(long)]
        quiet: bool,
        /// Draw the frontier of the first two parties, walk-aways, plans and solutions (SVG).
        #[arg(long, value_name = "OUT.svg")]
        plot: Option<PathBuf>,
        #[command(flatten)]
        what_if: WhatIfArgs,
    },
    /// Outcomes every signatory weakly prefers to a draft (one strictly), best first by each
    /// bargaining criterion, each shown as the issues it changes.
    Improve {
        /// The scenario file.
        file: PathBuf,
        /// The draft to improve on.
        #[arg(long = "plan", value_name = "ID")]
        plan: String,
        /// How many improvements to list per criterion.
        #[arg(long, default_value_t = 10)]
        top: usize,
        /// Print JSON.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        what_if: WhatIfArgs,
    },
    /// The smallest sets of issue changes that turn a draft into an agreement, cheapest for
    /// its drafters first.
    Amend {
        /// The scenario file.
        file: PathBuf,
        /// The draft to amend.
        #[arg(long = "plan", value_name = "ID")]
        plan: String,
        /// Most issues changed at once.
        #[arg(long, default_value_t = 3)]
        max_changes: usize,
        /// Print JSON.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        what_if: WhatIfArgs,
    },
    /// A readable overview: parties, areas and issues, plans, timeline and sources.
    Show {
        /// The scenario file.
        file: PathBuf,
        #[command(flatten)]
        what_if: WhatIfArgs,
    },
    /// Import a Genius or GeniusWeb domain and its profiles as an accord/1 scenario.
    Import {
        /// The format of the files.
        #[arg(value_enum)]
        format: import::Format,
        /// A folder with one domain file and its profile files, or explicit files.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// The scenario file to write (stdout without it).
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        /// Grid points of a real (continuous) Genius issue.
        #[arg(long, value_name = "N", default_value_t = 21)]
        real_steps: usize,
    },
    /// Export a scenario as a Genius or GeniusWeb domain and one profile per party.
    Export {
        /// The format to write.
        #[arg(value_enum)]
        format: import::Format,
        /// The scenario file.
        file: PathBuf,
        /// The folder to write the files to.
        #[arg(short = 'o', long = "output", value_name = "DIR")]
        output: PathBuf,
    },
}

/// `--method`.
#[derive(clap::ValueEnum, Clone, Copy, Debug)]
enum MethodArg {
    /// Merge when no relevant party has interactions, else enumerate.
    Auto,
    /// Enumerate every outcome (exact; up to 4e9 outcomes).
    Enumerate,
    /// Merge frontiers issue by issue (exact, or approximate with --epsilon; no interactions).
    Merge,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // clap prints help and version to stdout with success, errors to stderr.
            let _ = e.print();
            return if e.use_stderr() {
                Status::Usage.into()
            } else {
                Status::Ok.into()
            };
        }
    };
    let status = match cli.command {
        Command::Check { file, strict, json } => check::run(&file, strict, json),
        Command::Evaluate {
            file,
            plans,
            json,
            what_if,
        } => evaluate::run(&file, &plans, json, &what_if.all()),
        Command::Show { file, what_if } => show::run(&file, &what_if.all()),
        Command::Report {
            file,
            output,
            format,
            seed,
            what_if,
        } => report::run(
            file.as_ref(),
            &report::Options {
                output: output.as_deref(),
                format,
                seed,
                what_ifs: &what_if.all(),
            },
        ),
        Command::Robustness {
            file,
            plans,
            samples,
            precision,
            seed,
            json,
            quiet,
            robust,
            max_changes,
            robust_samples,
            what_if,
        } => robustness::run(
            &file,
            &robustness::Options {
                plans: &plans,
                config: Config {
                    seed,
                    max_samples: samples,
                    precision,
                },
                json,
                quiet,
                robust: robust.then_some(RobustConfig {
                    seed,
                    samples: robust_samples,
                    max_changes,
                }),
                what_ifs: &what_if.all(),
            },
        ),
        Command::Simulate {
            file,
            protocol,
            strategies,
            parties,
            rounds,
            seed,
            repeat,
            trace,
            json,
            drafters,
            draft_protocol,
            consult,
            consultations,
            revisions,
            pressure,
            what_if,
        } => simulate::run(
            &file,
            &simulate::Options {
                protocol,
                strategies: &strategies,
                parties: &parties,
                rounds: rounds as usize,
                seed,
                repeat,
                trace: trace.as_deref(),
                json,
                drafters: &drafters,
                draft: draft_protocol,
                consult: consult.as_deref(),
                consultations: consultations as usize,
                revisions: revisions as usize,
                pressure,
                what_ifs: &what_if.all(),
            },
        ),
        Command::Tournament(t) => match (t.action, t.config) {
            (
                Some(TournamentAction::Merge {
                    output,
                    inputs,
                    json,
                }),
                _,
            ) => tournament::merge(&output, &inputs, json),
            (None, Some(config)) => tournament::run(&tournament::RunOptions {
                config: &config,
                shard: t.shard.unwrap_or((0, 1)),
                out: t.out.as_deref(),
                json: t.json,
                quiet: t.quiet,
            }),
            (None, None) => Status::Usage,
        },
        Command::Import {
            format,
            paths,
            output,
            real_steps,
        } => import::run(format, &paths, output.as_deref(), real_steps),
        Command::Export {
            format,
            file,
            output,
        } => export::run(format, &file, &output),
        Command::Amend {
            file,
            plan,
            max_changes,
            json,
            what_if,
        } => amend::run(&file, &plan, max_changes, json, &what_if.all()),
        Command::Improve {
            file,
            plan,
            top,
            json,
            what_if,
        } => improve::run(&file, &plan, top, json, &what_if.all()),
        Command::Analyze {
            file,
            json,
            parties,
            distinct,
            method,
            epsilon,
            count,
            what_if,
            quiet,
            plot,
        } => analyze::run(analyze::Args {
            path: &file,
            json,
            parties: &parties,
            distinct,
            method: match method {
                MethodArg::Auto => accord_analysis::Method::Auto,
                MethodArg::Enumerate => accord_analysis::Method::Enumerate,
                MethodArg::Merge => accord_analysis::Method::Merge,
            },
            epsilon,
            count,
            what_ifs: &what_if.all(),
            quiet,
            plot: plot.as_deref(),
        }),
    };
    status.into()
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

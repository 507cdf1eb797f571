//! `accord`: model, analyze and simulate multi-party negotiations from one scenario file.
//!
//! Exit codes: 0 success, 1 invalid input (an unreadable or invalid scenario), 2 usage error
//! (bad flags, an unknown plan id).

mod amend;
mod analyze;
mod check;
mod evaluate;
mod improve;
mod input;
mod plot;
mod show;
mod style;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Exit status of a command that ran.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Everything went well.
    Ok,
    /// The input was unreadable or invalid.
    InvalidInput,
    /// The command line was wrong (an unknown id, say).
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
    after_help = "Exit status: 0 success, 1 invalid input, 2 usage error."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
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
    },
    /// A readable overview: parties, areas and issues, plans, timeline and sources.
    Show {
        /// The scenario file.
        file: PathBuf,
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
        Command::Evaluate { file, plans, json } => evaluate::run(&file, &plans, json),
        Command::Show { file } => show::run(&file),
        Command::Amend {
            file,
            plan,
            max_changes,
            json,
        } => amend::run(&file, &plan, max_changes, json),
        Command::Improve {
            file,
            plan,
            top,
            json,
        } => improve::run(&file, &plan, top, json),
        Command::Analyze {
            file,
            json,
            parties,
            distinct,
            method,
            epsilon,
            count,
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
            quiet,
            plot: plot.as_deref(),
        }),
    };
    status.into()
}

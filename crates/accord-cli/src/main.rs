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
mod generate;
mod import;
mod improve;
mod input;
mod plot;
mod progress;
mod report;
mod robustness;
mod show;
mod simulate;
mod style;
mod tournament;

use std::process::ExitCode;

use accord_model::whatif::WhatIf;
use clap::{Args, Parser, Subcommand};

// mimalloc keeps freed memory for reuse instead of handing it back to the kernel at once, so
// repeated setups (a domain per negotiation, a table per scenario) stop paying page faults;
// measured at 1.2x the `fresh` SAO throughput of glibc's allocator (bench/sim/compare.sh).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Why a command failed, once the failure is reported on stderr (or as JSON on stdout); each
/// kind has its exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// Invalid input, or a file that cannot be read or written: exit 1.
    InvalidInput,
    /// The command line was wrong (an unknown id or an invalid what-if, say): exit 2.
    Usage,
}

impl Failure {
    /// Reports `error: {message}` on stderr; invalid input, or a file that cannot be read or
    /// written.
    pub fn input(message: impl std::fmt::Display) -> Failure {
        eprintln!("error: {message}");
        Failure::InvalidInput
    }

    /// Reports `error: {message}` on stderr; a usage error.
    pub fn usage(message: impl std::fmt::Display) -> Failure {
        eprintln!("error: {message}");
        Failure::Usage
    }
}

/// Refuses an output file (`-o FILE`) whose extension the command cannot write, before
/// anything is computed or written: a usage error naming the accepted extensions
/// (`accepted`, without dots, lowercase; compared case-insensitively). A name without an
/// extension is accepted (the command's default format).
pub fn check_output(path: &std::path::Path, command: &str, accepted: &[&str]) -> Outcome {
    check_output_flag(path, "-o", command, accepted)
}

/// [`check_output`] for an output file given by `flag` (`-o`, `--plot`); `--plot` needs its
/// extension (`.svg`), as a file named otherwise would not open as what it is.
pub fn check_output_flag(
    path: &std::path::Path,
    flag: &str,
    command: &str,
    accepted: &[&str],
) -> Outcome {
    let Some(ext) = path.extension() else {
        if flag == "--plot" {
            return Err(Failure::usage(format_args!(
                "--plot {}: name the file with its extension, .svg (the plot is an SVG image)",
                path.display()
            )));
        }
        return Ok(());
    };
    let ext = ext.to_string_lossy().to_lowercase();
    if accepted.contains(&ext.as_str()) {
        return Ok(());
    }
    let list = accepted
        .iter()
        .map(|e| format!(".{e}"))
        .collect::<Vec<_>>()
        .join(", ");
    Err(Failure::usage(format_args!(
        "{flag} {}: `accord {command}` cannot write .{ext} files; it writes {list}",
        path.display()
    )))
}

/// What a command returns: `Ok` (exit 0) or the failure it reported.
pub type Outcome = Result<(), Failure>;

impl From<Failure> for ExitCode {
    fn from(f: Failure) -> ExitCode {
        match f {
            Failure::InvalidInput => ExitCode::from(1),
            Failure::Usage => ExitCode::from(2),
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
    /// Add a red line for this run, e.g. `russia:nato=join` (repeatable)
    #[arg(long = "add-red-line", value_name = "PARTY:ISSUE=OPTION", value_parser = WhatIf::add_red_line)]
    add_red_line: Vec<WhatIf>,
    /// Leave a plan's term open for this run, e.g. `draft_a:fund` (repeatable)
    #[arg(long = "open-term", value_name = "PLAN:ISSUE", value_parser = WhatIf::open_term)]
    open_term: Vec<WhatIf>,
}

impl WhatIfArgs {
    /// Every what-if: sets, removed red lines, added red lines, open terms, each in the order
    /// given.
    pub fn all(&self) -> Vec<WhatIf> {
        self.set
            .iter()
            .chain(&self.remove_red_line)
            .chain(&self.add_red_line)
            .chain(&self.open_term)
            .cloned()
            .collect()
    }
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Validate a scenario and report every problem in it.
    Check(check::Args),
    /// Evaluate plans: each party's utility, red lines crossed and verdict.
    Evaluate(evaluate::Args),
    /// Monte Carlo over the uncertain preferences: acceptance probabilities, drivers, shortfalls.
    Robustness(robustness::Args),
    /// Simulate negotiations between strategies: SAO, a single negotiating text, or a draft
    /// by some parties ratified by the others.
    Simulate(simulate::Args),
    /// Run a tournament: scenarios × strategy line-ups × role swaps × repetitions, in
    /// parallel, as JSON Lines plus a summary per strategy; or merge shard results.
    Tournament(tournament::Args),
    /// The report: who gains what from each draft, who would reject it and why, what would have
    /// to change. Without FILE, the bundled flagship scenario (the 2025 Ukraine peace plans).
    Report(report::Args),
    /// Outcome counts, the Pareto frontier and the bargaining solutions (analysis.md).
    Analyze(analyze::Args),
    /// Outcomes every signatory weakly prefers to a draft (one strictly), best first by each
    /// bargaining criterion, each shown as the issues it changes.
    Improve(improve::Args),
    /// The smallest sets of issue changes that turn a draft into an agreement, cheapest for
    /// its drafters first.
    Amend(amend::Args),
    /// A readable overview: parties, areas and issues, plans, timeline and sources.
    Show(show::Args),
    /// Import a Genius or GeniusWeb domain and its profiles as an accord/1 scenario.
    Import(import::Args),
    /// Export a scenario as a Genius or GeniusWeb domain and one profile per party.
    Export(export::Args),
    /// Draw a scenario with a research generator (`anl2024`: the ANL 2024 league's).
    Generate(generate::Args),
    /// A local web workspace over a database of versioned scenarios, and its JSON API.
    ///
    /// Prints the address to open on stderr and serves until Ctrl-C or SIGTERM (it finishes the
    /// requests in flight, then closes the database). The JSON API is under /api/v1 (its
    /// OpenAPI 3.1 document: /api/v1/openapi.json); its computations answer exactly what
    /// `accord … --json` prints. Every save is a new version; nothing is overwritten.
    Serve(accord_server::Args),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // clap prints help and version to stdout with success, errors to stderr.
            let _ = e.print();
            return if e.use_stderr() {
                Failure::Usage.into()
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let outcome = match &cli.command {
        Command::Check(a) => check::run(a),
        Command::Evaluate(a) => evaluate::run(a),
        Command::Show(a) => show::run(a),
        Command::Report(a) => report::run(a),
        Command::Robustness(a) => robustness::run(a),
        Command::Simulate(a) => simulate::run(a),
        Command::Tournament(a) => tournament::run(a),
        Command::Import(a) => import::run(a),
        Command::Export(a) => export::run(a),
        Command::Generate(a) => generate::run(a),
        Command::Amend(a) => amend::run(a),
        Command::Improve(a) => improve::run(a),
        Command::Analyze(a) => analyze::run(a),
        Command::Serve(a) => accord_server::run(a).map_err(|e| {
            if e.is_usage() {
                Failure::usage(e)
            } else {
                Failure::input(e)
            }
        }),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => failure.into(),
    }
}

//! `accord`: model, analyze and simulate multi-party negotiations from one scenario file.
//!
//! Exit codes: 0 success, 1 invalid input (an unreadable or invalid scenario), 2 usage error
//! (bad flags, an unknown plan id).

mod check;
mod evaluate;
mod export;
mod import;
mod input;
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
    /// A readable overview: parties, areas and issues, plans, timeline and sources.
    Show {
        /// The scenario file.
        file: PathBuf,
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
    };
    status.into()
}

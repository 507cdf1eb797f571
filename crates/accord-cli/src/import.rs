//! `accord import genius|geniusweb PATH... [-o FILE] [--real-steps N]`: a foreign domain and its
//! profiles as an `accord/1` scenario.

use accord_formats::{Foreign, ImportOptions, Warning};

use crate::Status;

/// The foreign formats accord reads and writes.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Genius XML (ANAC 2010–2019): a domain file and one profile file per party.
    Genius,
    /// GeniusWeb JSON (ANL): a domain file and LinearAdditiveUtilitySpace profiles.
    Geniusweb,
}

impl From<Format> for Foreign {
    fn from(f: Format) -> Foreign {
        match f {
            Format::Genius => Foreign::Genius,
            Format::Geniusweb => Foreign::Geniusweb,
        }
    }
}

/// Prints warnings on stderr.
pub fn print_warnings(warnings: &[Warning]) {
    for w in warnings {
        eprintln!("warning: {w}");
    }
}

/// Runs the command: writes the scenario to `output`, or to stdout without it.
/// The flags of `accord import`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The format of the files.
    #[arg(value_enum)]
    pub format: Format,
    /// A folder with one domain file and its profile files, or explicit files.
    #[arg(required = true)]
    pub paths: Vec<std::path::PathBuf>,
    /// The scenario file to write (stdout without it).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<std::path::PathBuf>,
    /// Grid points of a real (continuous) Genius issue.
    #[arg(long, value_name = "N", default_value_t = 21)]
    pub real_steps: usize,
}

pub fn run(a: &Args) -> Status {
    let (format, paths, output, real_steps) =
        (a.format, &a.paths, a.output.as_deref(), a.real_steps);
    if real_steps < 2 {
        eprintln!("error: --real-steps must be at least 2");
        return Status::Usage;
    }
    let imported = match accord_formats::import(format.into(), paths, &ImportOptions { real_steps })
    {
        Ok(i) => i,
        Err(e) => {
            eprintln!("error: {e}");
            return Status::InvalidInput;
        }
    };
    print_warnings(&imported.warnings);
    match output {
        Some(path) => {
            if let Err(e) = std::fs::write(path, &imported.toml) {
                eprintln!("error: {}: cannot write: {e}", path.display());
                return Status::InvalidInput;
            }
            eprintln!(
                "wrote {} ({} issues, {} parties)",
                path.display(),
                imported.scenario.issues().len(),
                imported.scenario.parties().len()
            );
        }
        None => out!("{}", imported.toml),
    }
    Status::Ok
}

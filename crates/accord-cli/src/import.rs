//! `accord import genius|geniusweb PATH... [-o FILE] [--real-steps N]`: a foreign domain and its
//! profiles as an `accord/1` scenario.

use accord_formats::{Foreign, ImportOptions, Warning};

use crate::{Failure, Outcome};

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

/// Prints warnings on stderr, with the command line that helps where one does.
pub fn print_warnings(warnings: &[Warning]) {
    for w in warnings {
        eprintln!("warning: {w}");
        if w.message.starts_with("duplicate roles") {
            eprintln!(
                "hint: import only the negotiation's profiles: accord import genius DOMAIN.xml \
                 PROFILE_A.xml PROFILE_B.xml"
            );
        }
    }
}

/// The flags of `accord import`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The format of the files.
    #[arg(value_enum)]
    pub format: Format,
    /// A folder with one domain file and its profile files, or explicit files.
    #[arg(required = true)]
    pub paths: Vec<std::path::PathBuf>,
    /// The scenario file to write, `.toml` (stdout without it).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<std::path::PathBuf>,
    /// Grid points of a real (continuous) Genius issue (at least 2).
    #[arg(long, value_name = "N", default_value_t = 21, value_parser = clap::value_parser!(u32).range(2..))]
    pub real_steps: u32,
}

/// Runs the command: writes the scenario to `--output`, or to stdout without it.
pub fn run(a: &Args) -> Outcome {
    if let Some(path) = &a.output {
        crate::check_output(path, "import", &["toml"])?;
    }
    let options = ImportOptions {
        real_steps: a.real_steps as usize,
    };
    let imported =
        accord_formats::import(a.format.into(), &a.paths, &options).map_err(Failure::input)?;
    print_warnings(&imported.warnings);
    match a.output.as_deref() {
        Some(path) => {
            std::fs::write(path, &imported.toml).map_err(|e| {
                Failure::input(format_args!("{}: cannot write: {e}", path.display()))
            })?;
            eprintln!(
                "wrote {} ({} issues, {} parties)",
                path.display(),
                imported.scenario.issues().len(),
                imported.scenario.parties().len()
            );
        }
        None => out!("{}", imported.toml),
    }
    Ok(())
}

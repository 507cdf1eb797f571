//! `accord export genius|geniusweb SCENARIO -o DIR`: a scenario as a foreign domain and one
//! profile per party.

use accord_formats::Foreign;

use crate::import::print_warnings;
use crate::input;
use crate::{Failure, Outcome};

/// The flags of `accord export`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The format to write.
    #[arg(value_enum)]
    pub format: crate::import::Format,
    /// The scenario file.
    pub file: std::path::PathBuf,
    /// The folder to write the files to.
    #[arg(short = 'o', long = "output", value_name = "DIR")]
    pub output: std::path::PathBuf,
    /// Genius: write numeric grids as `real` issues (Genius enumerates 21 points of each, so a
    /// grid of another size comes back as a different outcome space); by default such a grid is
    /// a discrete issue with one item per grid point, which keeps the outcome space exactly.
    #[arg(long = "real-issues")]
    pub real_issues: bool,
}

/// Runs the command.
pub fn run(a: &Args) -> Outcome {
    let (_, scenario) = input::load_valid(&a.file, false, &[])?;
    let options = accord_formats::genius::write::Options {
        real_issues: a.real_issues,
    };
    let exported = match Foreign::from(a.format) {
        Foreign::Genius => accord_formats::genius::write::export_with(&scenario, options),
        Foreign::Geniusweb => accord_formats::export_geniusweb(&scenario),
    }
    .map_err(|e| {
        // A refusal names the scenario's file when the writer could not.
        let file = if e.file.is_empty() {
            a.file.display().to_string()
        } else {
            e.file.clone()
        };
        Failure::input(accord_formats::FormatError { file, ..e })
    })?;
    print_warnings(&exported.warnings);
    exported
        .write_to(&a.output, |path| eprintln!("wrote {}", path.display()))
        .map_err(|e| {
            eprintln!("error: {e}");
            input::status(&e)
        })
}

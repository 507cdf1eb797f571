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
    let (format, file, dir) = (a.format, &a.file, &a.output);
    let (_, scenario) = input::load_valid(file, false, &[])?;
    let exported = match Foreign::from(format) {
        Foreign::Genius => accord_formats::genius::write::export_with(
            &scenario,
            accord_formats::genius::write::Options {
                real_issues: a.real_issues,
            },
        ),
        Foreign::Geniusweb => accord_formats::export_geniusweb(&scenario),
    };
    let exported = match exported {
        Ok(e) => e,
        Err(e) => {
            let e = if e.file.is_empty() {
                accord_formats::FormatError {
                    file: file.display().to_string(),
                    ..e
                }
            } else {
                e
            };
            return Err(Failure::input(e));
        }
    };
    print_warnings(&exported.warnings);
    match exported.write_to(dir, |path| eprintln!("wrote {}", path.display())) {
        Ok(()) => Ok(()),
        Err(e) => {
            eprintln!("error: {e}");
            Err(input::status(&e))
        }
    }
}

//! `accord generate anl2024 --seed S [-o FILE]`: a scenario drawn by a research generator
//! ([`accord_sim::generate`]), written as an `accord/1` file (or to standard output).

use crate::{Failure, Outcome};

/// The flags of `accord generate`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Which generator.
    #[command(subcommand)]
    pub generator: Generator,
}

/// The generators.
#[derive(clap::Subcommand, Debug)]
pub enum Generator {
    /// A scenario drawn the way the ANL 2024 league drew them: one issue of 900–1,100
    /// outcomes, two parties, zero-sum (5%), monotonic (25%) or general (70%) utilities,
    /// reservation values below the Nash point. The same seed writes the same bytes.
    Anl2024 {
        /// The seed.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The file to write, `.toml` (default: standard output).
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<std::path::PathBuf>,
    },
}

/// Runs the command.
pub fn run(a: &Args) -> Outcome {
    match &a.generator {
        Generator::Anl2024 { seed, output } => {
            if let Some(path) = output {
                crate::check_output(path, "generate", &["toml"])?;
            }
            let g = accord_sim::generate::anl2024(*seed);
            match output {
                None => {
                    out!("{}", g.text);
                    Ok(())
                }
                Some(path) => {
                    std::fs::write(path, &g.text).map_err(|e| {
                        Failure::input(format_args!("cannot write {}: {e}", path.display()))
                    })?;
                    eprintln!(
                        "wrote {} ({}, {} outcomes)",
                        path.display(),
                        g.kind.name(),
                        g.utilities.len()
                    );
                    Ok(())
                }
            }
        }
    }
}

//! `accord show FILE`: a readable overview of a scenario.

use crate::Outcome;
use crate::input::load_valid;
use crate::style;

/// The flags of `accord show`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The scenario file.
    pub file: std::path::PathBuf,
    #[command(flatten)]
    pub what_if: crate::WhatIfArgs,
}

/// Runs the command.
pub fn run(a: &Args) -> Outcome {
    let (_, scenario) = load_valid(&a.file, false, &a.what_if.all())?;
    let overview = accord_report::overview(&scenario, |header| style::table(header));
    out!("{overview}");
    Ok(())
}

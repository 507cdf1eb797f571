//! `accord show FILE`: a readable overview of a scenario.

use crate::Status;
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

pub fn run(a: &Args) -> Status {
    let (path, what_ifs) = (&a.file, &a.what_if.all());
    let (_, scenario) = match load_valid(path, false, what_ifs) {
        Ok(x) => x,
        Err(status) => return status,
    };
    out!(
        "{}",
        accord_report::overview(&scenario, |header| style::table(header))
    );
    Status::Ok
}

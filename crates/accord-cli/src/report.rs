//! `accord report [FILE] [-o OUT] [--format md|html]`: the main job.

use std::path::{Path, PathBuf};

use accord_model::whatif::WhatIf;
use accord_report::{ReportData, ReportOptions};
use clap::ValueEnum;

use crate::Status;
use crate::input::{bundled, load_valid, validate};

/// The report's format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Markdown.
    Md,
    /// One self-contained HTML file with SVG charts.
    Html,
}

/// Options of the command.
pub struct Options<'a> {
    pub output: Option<&'a Path>,
    pub format: Option<Format>,
    pub seed: u64,
    pub what_ifs: &'a [WhatIf],
}

pub fn run(file: Option<&PathBuf>, o: &Options<'_>) -> Status {
    let loaded = match file {
        Some(path) => load_valid(path, false, o.what_ifs),
        None => validate(bundled(), false, o.what_ifs),
    };
    let (_, scenario) = match loaded {
        Ok(x) => x,
        Err(status) => return status,
    };
    // The format: as asked, else from the output's extension, else Markdown.
    let format = o.format.unwrap_or_else(|| {
        match o
            .output
            .and_then(|p| p.extension())
            .and_then(|e| e.to_str())
        {
            Some("html" | "htm") => Format::Html,
            _ => Format::Md,
        }
    });
    let data = ReportData::compute(
        &scenario,
        &ReportOptions {
            seed: o.seed,
            ..ReportOptions::default()
        },
    );
    let text = match format {
        Format::Md => accord_report::markdown(&data),
        Format::Html => accord_report::html(&data),
    };
    match o.output {
        None => {
            print!("{text}");
            Status::Ok
        }
        Some(path) => match std::fs::write(path, text) {
            Ok(()) => {
                eprintln!("wrote {}", path.display());
                Status::Ok
            }
            Err(e) => {
                eprintln!("error: cannot write {}: {e}", path.display());
                Status::InvalidInput
            }
        },
    }
}

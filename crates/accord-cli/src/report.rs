//! `accord report [FILE] [-o OUT] [--format md|html]`: the main job.

use std::io::IsTerminal;

use accord_report::{ReportData, ReportOptions};
use clap::ValueEnum;

use crate::input::{bundled, load_valid, validate};
use crate::{Failure, Outcome};

/// The report's format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Markdown.
    Md,
    /// One self-contained HTML file with SVG charts.
    Html,
}

/// The flags of `accord report`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The scenario file (default: the bundled examples/ukraine-2025.toml).
    pub file: Option<std::path::PathBuf>,
    /// Write the report here (format from the extension: .html or .md).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<std::path::PathBuf>,
    /// The format (default: from the output's extension, else Markdown).
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// The seed of the Monte Carlo runs.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    #[command(flatten)]
    pub what_if: crate::WhatIfArgs,
}

/// Runs the command.
pub fn run(o: &Args) -> Outcome {
    let what_ifs = &o.what_if.all();
    let (_, scenario) = match &o.file {
        Some(path) => load_valid(path, false, what_ifs),
        None => validate(bundled(), false, what_ifs),
    }?;
    // The format: as asked, else from the output's extension, else Markdown.
    let format = o.format.unwrap_or_else(|| {
        match o
            .output
            .as_deref()
            .and_then(|p| p.extension())
            .and_then(|e| e.to_str())
        {
            Some("html" | "htm") => Format::Html,
            _ => Format::Md,
        }
    });
    // A spinner on a terminal: the frontier of a large scenario takes seconds.
    let spinner = std::io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new_spinner();
        bar.set_message("analyzing the drafts (evaluations, Monte Carlo, frontier, solutions)");
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        bar
    });
    let data = ReportData::compute(
        &scenario,
        &ReportOptions {
            seed: o.seed,
            ..ReportOptions::default()
        },
    );
    if let Some(bar) = spinner {
        bar.finish_and_clear();
    }
    let text = match format {
        Format::Md => accord_report::markdown(&data),
        Format::Html => accord_report::html(&data),
    };
    match &o.output {
        None => {
            out!("{text}");
            Ok(())
        }
        Some(path) => match std::fs::write(path, text) {
            Ok(()) => {
                eprintln!("wrote {}", path.display());
                Ok(())
            }
            Err(e) => Err(Failure::input(format_args!(
                "cannot write {}: {e}",
                path.display()
            ))),
        },
    }
}

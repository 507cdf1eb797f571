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
    /// Write the report here (format from the extension: .html, .htm, .md or .markdown; any
    /// other extension is refused).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<std::path::PathBuf>,
    /// The format (default: from the output's extension, else Markdown).
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// The seed of the Monte Carlo draws.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// The report's date, YYYY-MM-DD (default: $SOURCE_DATE_EPOCH if set, else today, UTC).
    /// The report says when the scenario's as_of is more than 90 days older.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub date: Option<accord_model::Date>,
    #[command(flatten)]
    pub what_if: crate::WhatIfArgs,
}

/// Runs the command.
pub fn run(o: &Args) -> Outcome {
    if let Some(path) = &o.output {
        crate::check_output(path, "report", &["md", "markdown", "html", "htm"])?;
    }
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
            .map(|e| e.to_string_lossy().to_lowercase())
            .as_deref()
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
    let date = match o.date {
        Some(d) => d,
        None => report_date()?,
    };
    let data = ReportData::compute(
        &scenario,
        &ReportOptions {
            seed: o.seed,
            what_ifs: what_ifs.iter().map(|w| w.in_words(&scenario)).collect(),
            date: Some(date),
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

/// Reads `YYYY-MM-DD` ([`accord_report::parse_date`]).
fn parse_date(text: &str) -> Result<accord_model::Date, String> {
    accord_report::parse_date(text)
}

/// The report's date when `--date` is not given ([`accord_report::date_from_environment`]).
fn report_date() -> Result<accord_model::Date, Failure> {
    accord_report::date_from_environment().map_err(Failure::usage)
}

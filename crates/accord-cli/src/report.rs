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

/// Reads `YYYY-MM-DD`.
fn parse_date(text: &str) -> Result<accord_model::Date, String> {
    let bad = || format!("expected a date YYYY-MM-DD, e.g. 2026-06-30, found `{text}`");
    let mut parts = text.trim().splitn(3, '-');
    let mut next = || parts.next().and_then(|p| p.parse::<u16>().ok());
    let (Some(year), Some(month), Some(day)) = (next(), next(), next()) else {
        return Err(bad());
    };
    let date = accord_model::Date {
        year,
        month: u8::try_from(month).map_err(|_| bad())?,
        day: u8::try_from(day).map_err(|_| bad())?,
    };
    // A real calendar day: the day number maps back to the same date.
    match accord_model::Date::from_day_number(date.day_number()) {
        Some(back) if back == date && (1..=12).contains(&date.month) && date.day >= 1 => Ok(date),
        _ => Err(format!("{} is not a calendar date", text.trim())),
    }
}

/// The report's date when `--date` is not given: `SOURCE_DATE_EPOCH` (seconds since
/// 1970-01-01 UTC, the reproducible-builds convention) when set, else today's date in UTC.
fn report_date() -> Result<accord_model::Date, Failure> {
    let seconds = match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(v) => v.trim().parse::<i64>().map_err(|_| {
            Failure::usage(format_args!(
                "SOURCE_DATE_EPOCH must be seconds since 1970-01-01, found `{v}`"
            ))
        })?,
        Err(_) => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64),
    };
    accord_model::Date::from_day_number(seconds.div_euclid(86_400)).ok_or_else(|| {
        Failure::usage(format_args!(
            "SOURCE_DATE_EPOCH {seconds} is outside the years 0 to 65535"
        ))
    })
}

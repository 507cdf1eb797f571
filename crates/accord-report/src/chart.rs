//! SVG charts drawn with plotters (deterministic output, no fonts needed): the HTML report's
//! bars ([`utilities`], [`areas`]), the Pareto frontier ([`frontier()`], for
//! `accord analyze --plot`) and offers over time ([`offers()`], for `accord simulate --plot`
//! and tournament traces). Each function returns the SVG text; writing it is the caller's.

mod frontier;
mod offers;

pub use frontier::{MAX_PANELS, frontier};
pub use offers::{Offer, Offers, offers};

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::data::ReportData;

/// Why a chart could not be drawn.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ChartError {
    /// A frontier plot needs at least two parties on the frontier.
    #[error("a frontier plot needs two parties on the frontier, not {parties}")]
    TooFewParties {
        /// The parties on the frontier.
        parties: usize,
    },
    /// A frontier plot draws a panel per pair of parties, at most [`MAX_PANELS`].
    #[error(
        "a frontier plot draws a panel per pair of parties, at most {MAX_PANELS} (six parties); \
         {parties} parties would need {panels}"
    )]
    TooManyPanels {
        /// The parties on the frontier.
        parties: usize,
        /// The panels they would need.
        panels: usize,
    },
    /// An offers chart draws a line per party, for at least two.
    #[error("an offers chart needs two parties, not {parties}")]
    TooFewLines {
        /// The parties given.
        parties: usize,
    },
    /// The drawing backend failed.
    #[error("the chart could not be drawn: {0}")]
    Draw(String),
}

/// A plotters failure as a [`ChartError::Draw`].
fn draw_error(e: impl std::fmt::Display) -> ChartError {
    ChartError::Draw(e.to_string())
}

const PALETTE: [RGBColor; 8] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(127, 127, 127),
];

fn colour(k: usize) -> RGBColor {
    PALETTE[k % PALETTE.len()]
}

/// Grouped bars: `values[group][series]` as (low, high) ranges (equal for a point), an optional
/// tick per group (walk-away values), labels under the groups and a legend of the series.
struct Bars<'a> {
    title: &'a str,
    y_label: &'a str,
    groups: Vec<String>,
    series: Vec<String>,
    values: Vec<Vec<(f64, f64)>>,
    /// Drawn behind each bar, e.g. the most a party could get (same shape as `values`).
    backdrop: Option<Vec<Vec<f64>>>,
    ticks: Option<Vec<f64>>,
    tick_label: &'a str,
}

fn draw(b: &Bars<'_>) -> Result<String, ChartError> {
    let width = (160 + 120 * b.groups.len().max(1)).max(560) as u32;
    let legend_rows = b.series.len() + usize::from(b.ticks.is_some());
    let legend_height = 14 + 20 * legend_rows as u32;
    let height = 340 + legend_height;
    let top = b
        .values
        .iter()
        .flatten()
        .map(|v| v.1)
        .chain(b.ticks.iter().flatten().copied())
        .chain(b.backdrop.iter().flatten().flatten().copied())
        .fold(1.0_f64, f64::max)
        * 1.05;
    let bottom = b
        .values
        .iter()
        .flatten()
        .map(|v| v.0)
        .fold(0.0_f64, f64::min);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(draw_error)?;
        let (plot, legend) = root.split_vertically(height - legend_height);
        let n = b.groups.len() as f64;
        let mut chart = ChartBuilder::on(&plot)
            .caption(b.title, ("sans-serif", 18))
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(48)
            .build_cartesian_2d(0.0..n, bottom..top)
            .map_err(draw_error)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .disable_x_axis()
            .max_light_lines(0)
            .y_desc(b.y_label)
            .y_label_formatter(&|y| format!("{y:.1}"))
            .draw()
            .map_err(draw_error)?;
        let per = b.series.len().max(1) as f64;
        let w = 0.8 / per;
        for s in 0..b.series.len() {
            let c = colour(s);
            let rects = b.values.iter().enumerate().map(move |(g, vals)| {
                let x0 = g as f64 + 0.1 + s as f64 * w;
                let (lo, hi) = vals[s];
                let mid = lo + (hi - lo) / 2.0;
                Rectangle::new([(x0, 0.0), (x0 + w * 0.9, mid)], c.filled())
            });
            if let Some(backdrop) = &b.backdrop {
                chart
                    .draw_series(backdrop.iter().enumerate().map(|(g, vals)| {
                        let x0 = g as f64 + 0.1 + s as f64 * w;
                        Rectangle::new([(x0, 0.0), (x0 + w * 0.9, vals[s])], c.mix(0.25).filled())
                    }))
                    .map_err(draw_error)?;
            }
            chart.draw_series(rects).map_err(draw_error)?;
            // Ranges (drafts with open issues) as whiskers.
            chart
                .draw_series(b.values.iter().enumerate().filter_map(|(g, vals)| {
                    let (lo, hi) = vals[s];
                    (lo != hi).then(|| {
                        let x = g as f64 + 0.1 + s as f64 * w + w * 0.45;
                        PathElement::new(vec![(x, lo), (x, hi)], BLACK.stroke_width(2))
                    })
                }))
                .map_err(draw_error)?;
        }
        if let Some(ticks) = &b.ticks {
            chart
                .draw_series(ticks.iter().enumerate().map(|(g, &t)| {
                    PathElement::new(
                        vec![(g as f64 + 0.05, t), (g as f64 + 0.95, t)],
                        BLACK.stroke_width(2),
                    )
                }))
                .map_err(draw_error)?;
        }
        let label_style =
            TextStyle::from(("sans-serif", 13).into_font()).pos(Pos::new(HPos::Center, VPos::Top));
        chart
            .draw_series(b.groups.iter().enumerate().map(|(g, name)| {
                Text::new(name.clone(), (g as f64 + 0.5, bottom), label_style.clone())
            }))
            .map_err(draw_error)?;
        // The legend, below the plot so that it never hides a bar.
        let text =
            TextStyle::from(("sans-serif", 13).into_font()).pos(Pos::new(HPos::Left, VPos::Center));
        for (k, name) in b.series.iter().enumerate() {
            let y = 12 + 20 * k as i32;
            legend
                .draw(&Rectangle::new(
                    [(60, y - 6), (72, y + 6)],
                    colour(k).filled(),
                ))
                .map_err(draw_error)?;
            legend
                .draw(&Text::new(name.clone(), (80, y), text.clone()))
                .map_err(draw_error)?;
        }
        if b.ticks.is_some() {
            let y = 12 + 20 * b.series.len() as i32;
            legend
                .draw(&PathElement::new(
                    vec![(58, y), (74, y)],
                    BLACK.stroke_width(2),
                ))
                .map_err(draw_error)?;
            legend
                .draw(&Text::new(b.tick_label.to_owned(), (80, y), text.clone()))
                .map_err(draw_error)?;
        }
        root.present().map_err(draw_error)?;
    }
    Ok(svg)
}

/// Each party's utility under each draft, with its walk-away value as a tick.
///
/// # Errors
/// [`ChartError::Draw`] if plotters fails.
pub fn utilities(d: &ReportData<'_>) -> Result<String, ChartError> {
    let s = d.scenario;
    draw(&Bars {
        title: "Utility of each draft for each party",
        y_label: "utility",
        groups: s.parties().iter().map(|p| short(p.name())).collect(),
        series: d
            .plans
            .iter()
            .map(|&p| s.plan(p).title().to_owned())
            .collect(),
        values: s
            .party_ixs()
            .map(|q| {
                d.evaluations
                    .iter()
                    .map(|e| e.parties[q.index()].utility_range)
                    .collect()
            })
            .collect(),
        backdrop: None,
        ticks: Some(
            s.party_ixs()
                .map(|q| {
                    d.evaluations
                        .first()
                        .map_or(0.0, |e| e.parties[q.index()].walk_away)
                })
                .collect(),
        ),
        tick_label: "walk-away",
    })
}

/// One draft: per party, what it gets in each area (dark) of the most it could get there
/// (light). `k` indexes [`ReportData::plans`].
///
/// # Errors
/// [`ChartError::Draw`] if plotters fails.
pub fn areas(d: &ReportData<'_>, k: usize) -> Result<String, ChartError> {
    let s = d.scenario;
    let title = format!("{}: utility by area", s.plan(d.plans[k]).title());
    draw(&Bars {
        title: &title,
        y_label: "utility",
        groups: s.parties().iter().map(|p| short(p.name())).collect(),
        series: s.areas().iter().map(|a| a.title().to_owned()).collect(),
        values: d.areas[k]
            .iter()
            .map(|gains| gains.iter().map(|g| (g.got, g.got)).collect())
            .collect(),
        backdrop: Some(
            d.areas[k]
                .iter()
                .map(|gains| gains.iter().map(|g| g.possible).collect())
                .collect(),
        ),
        ticks: None,
        tick_label: "",
    })
}

/// A name short enough to stand under a group of bars: without a parenthetical, at most 16
/// characters.
fn short(name: &str) -> String {
    let name = name.split(" (").next().unwrap_or(name).trim();
    if name.chars().count() <= 16 {
        name.to_owned()
    } else {
        let cut: String = name.chars().take(15).collect();
        format!("{}…", cut.trim_end())
    }
}

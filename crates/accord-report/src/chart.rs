//! SVG charts drawn with plotters (deterministic output, no fonts needed): the HTML report's
//! bars ([`utilities`], [`areas`]), the Pareto frontier ([`frontier()`], for
//! `accord analyze --plot`), the frontier of two parties with the drafts and solutions
//! ([`pair()`], the report's), and offers over time ([`offers()`], for `accord simulate --plot`,
//! the report, the web app and tournament traces). Each function returns the SVG text; writing
//! it is the caller's; [`fit_width`] makes it fill the width of a page.
//!
//! Legibility: every label is drawn at [`LABEL_SIZE`] or larger, which plotters writes as
//! `font-size` = size / 1.24 (at least 12 px at the chart's own width); labels name parties and
//! drafts by their names, truncated ones carry the full name as an SVG `<title>` (a tooltip).

mod frontier;
mod offers;
mod pair;

pub use frontier::{MAX_PANELS, frontier};
pub use offers::{Offer, Offers, offers};
pub use pair::{Pair, pair};

/// The smallest text size a chart draws, in plotters' units: its SVG `font-size` is
/// `LABEL_SIZE / 1.24` ≈ 12.1 px (plotters-svg writes sizes divided by 1.24).
pub const LABEL_SIZE: f64 = 15.0;
/// The size of a chart's title, in plotters' units (≈ 16.1 px).
pub const TITLE_SIZE: f64 = 20.0;
/// The smallest `font-size` [`fit_width`] lets a label shrink to on screen, in CSS pixels.
pub const MIN_RENDERED_PX: f64 = 12.0;

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

/// Makes a chart fill the width of its container: the `<svg>` gets `width="100%"` and no
/// fixed height (its `viewBox` keeps the proportions), with a CSS `min-width` at which the
/// smallest `font-size` in it still renders at [`MIN_RENDERED_PX`] (narrower containers
/// scroll rather than shrink the labels). Other SVG text is returned unchanged.
pub fn fit_width(svg: &str) -> String {
    let Some(start) = svg.find("<svg ") else {
        return svg.to_owned();
    };
    let Some(end) = svg[start..].find('>').map(|e| start + e) else {
        return svg.to_owned();
    };
    let tag = &svg[start..end];
    let attr = |name: &str| -> Option<f64> {
        let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        tag[at..].split('"').next()?.parse().ok()
    };
    let (Some(width), Some(height)) = (attr("width"), attr("height")) else {
        return svg.to_owned();
    };
    let smallest = svg
        .match_indices("font-size=\"")
        .filter_map(|(at, m)| svg[at + m.len()..].split('"').next()?.parse::<f64>().ok())
        .fold(f64::INFINITY, f64::min);
    let min_width = if smallest.is_finite() && smallest > 0.0 {
        (width * MIN_RENDERED_PX / smallest).ceil().min(width)
    } else {
        0.0
    };
    let new_tag = tag
        .replacen(&format!(" width=\"{width}\""), " width=\"100%\"", 1)
        .replacen(
            &format!(" height=\"{height}\""),
            &format!(" style=\"min-width: {min_width}px; height: auto\""),
            1,
        );
    format!("{}{new_tag}{}", &svg[..start], &svg[end..])
}

/// Gives each truncated label its full text as an SVG `<title>` (a tooltip): `labels` pairs
/// the text drawn with the full text, for the labels that were cut.
fn with_titles(svg: String, labels: &[(String, String)]) -> String {
    labels
        .iter()
        .filter(|(shown, full)| shown != full)
        .fold(svg, |svg, (shown, full)| {
            svg.replace(
                &format!(">\n{}\n</text>", xml_text(shown)),
                &format!(
                    ">\n<title>{}</title>{}\n</text>",
                    xml_text(full),
                    xml_text(shown)
                ),
            )
        })
}

/// Text escaped as plotters-svg escapes it (for SVG text content and attributes).
pub fn xml_text(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

/// `text` cut to at most `max` characters with an ellipsis.
fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let cut: String = text.chars().take(max - 1).collect();
        format!("{}…", cut.trim_end())
    }
}

/// The width of `text` at plotters size `size`, estimated (no fonts are loaded): 0.6 em per
/// character of the SVG `font-size` (size / 1.24), a generous average for sans-serif.
fn text_width(text: &str, size: f64) -> f64 {
    text.chars().count() as f64 * 0.6 * size / 1.24
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
    /// (label drawn, full label) of every group label, for the tooltips of cut ones.
    full_labels: Vec<(String, String)>,
}

fn draw(b: &Bars<'_>) -> Result<String, ChartError> {
    // A group's width fits its label (at most 16 characters); at least 720 px in all.
    let per_group = (text_width(&"m".repeat(16), LABEL_SIZE) + 24.0).ceil() as usize;
    let width = (160 + per_group * b.groups.len().max(1)).max(720) as u32;
    let legend_rows = b.series.len() + usize::from(b.ticks.is_some());
    let legend_height = 16 + 24 * legend_rows as u32;
    let height = 380 + legend_height;
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
    let mut titles = b.full_labels.clone();
    // Legend entries longer than the chart is wide are cut (their tooltip gives them whole).
    let legend_chars = ((f64::from(width) - 100.0) / text_width("m", LABEL_SIZE)) as usize;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(draw_error)?;
        let (plot, legend) = root.split_vertically(height - legend_height);
        let n = b.groups.len() as f64;
        let mut chart = ChartBuilder::on(&plot)
            .caption(b.title, ("sans-serif", TITLE_SIZE))
            .margin(12)
            .x_label_area_size(44)
            .y_label_area_size(64)
            .build_cartesian_2d(0.0..n, bottom..top)
            .map_err(draw_error)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .disable_x_axis()
            .max_light_lines(0)
            .label_style(("sans-serif", LABEL_SIZE))
            .axis_desc_style(("sans-serif", LABEL_SIZE))
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
        let label_style = TextStyle::from(("sans-serif", LABEL_SIZE).into_font())
            .pos(Pos::new(HPos::Center, VPos::Top));
        chart
            .draw_series(b.groups.iter().enumerate().map(|(g, name)| {
                Text::new(name.clone(), (g as f64 + 0.5, bottom), label_style.clone())
            }))
            .map_err(draw_error)?;
        // The legend, below the plot so that it never hides a bar.
        let text = TextStyle::from(("sans-serif", LABEL_SIZE).into_font())
            .pos(Pos::new(HPos::Left, VPos::Center));
        for (k, name) in b.series.iter().enumerate() {
            let y = 14 + 24 * k as i32;
            legend
                .draw(&Rectangle::new(
                    [(60, y - 6), (72, y + 6)],
                    colour(k).filled(),
                ))
                .map_err(draw_error)?;
            let shown = truncate(name, legend_chars);
            titles.push((shown.clone(), name.clone()));
            legend
                .draw(&Text::new(shown, (80, y), text.clone()))
                .map_err(draw_error)?;
        }
        if b.ticks.is_some() {
            let y = 14 + 24 * b.series.len() as i32;
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
    Ok(with_titles(svg, &titles))
}

/// Each party's utility under each draft, with its walk-away value as a tick.
///
/// # Errors
/// [`ChartError::Draw`] if plotters fails.
pub fn utilities(d: &ReportData<'_>) -> Result<String, ChartError> {
    let s = d.scenario;
    // Observers have no utility: no bars (scenario.md, "Observers").
    let modelled = s.modelled_party_ixs();
    draw(&Bars {
        title: "Utility of each draft for each party",
        y_label: "utility",
        groups: modelled.iter().map(|&q| short(s.party(q).name())).collect(),
        full_labels: modelled
            .iter()
            .map(|&q| (short(s.party(q).name()), s.party(q).name().to_owned()))
            .collect(),
        series: d
            .plans
            .iter()
            .map(|&p| s.plan(p).title().to_owned())
            .collect(),
        values: modelled
            .iter()
            .map(|q| {
                d.evaluations
                    .iter()
                    .map(|e| e.parties[q.index()].utility_range)
                    .collect()
            })
            .collect(),
        backdrop: None,
        ticks: Some(
            modelled
                .iter()
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
    let modelled = s.modelled_party_ixs();
    draw(&Bars {
        title: &title,
        y_label: "utility",
        groups: modelled.iter().map(|&q| short(s.party(q).name())).collect(),
        full_labels: modelled
            .iter()
            .map(|&q| (short(s.party(q).name()), s.party(q).name().to_owned()))
            .collect(),
        series: s.areas().iter().map(|a| a.title().to_owned()).collect(),
        values: modelled
            .iter()
            .map(|q| {
                d.areas[k][q.index()]
                    .iter()
                    .map(|g| (g.got, g.got))
                    .collect()
            })
            .collect(),
        backdrop: Some(
            modelled
                .iter()
                .map(|q| d.areas[k][q.index()].iter().map(|g| g.possible).collect())
                .collect(),
        ),
        ticks: None,
        tick_label: "",
    })
}

/// A name short enough to stand under a group of bars: without a parenthetical, at most 16
/// characters.
fn short(name: &str) -> String {
    truncate(name.split(" (").next().unwrap_or(name).trim(), 16)
}

/// The range of `v` padded by 5% of its width (at least 0.01) on each side: an axis's bounds.
fn bounds(v: impl Iterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) = v.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), x| {
        (a.min(x), b.max(x))
    });
    let pad = ((hi - lo) * 0.05).max(0.01);
    (lo - pad, hi + pad)
}

//! Offers over time: each party's utility of each offer of a negotiation, by round (for
//! `accord simulate --plot` and the tournament's traces; the data is plain, so the report and
//! the web app can draw the same chart from any trace).

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{ChartError, colour, draw_error};

/// One offer (or text, or amended draft) of a negotiation.
#[derive(Clone, Debug, PartialEq)]
pub struct Offer {
    /// The round it was made in, from 0.
    pub round: usize,
    /// Who made it: a position in [`Offers::parties`], or `None` for a mediator.
    pub by: Option<usize>,
    /// Every party's utility of it, in the order of [`Offers::parties`], in [0, 1].
    pub utilities: Vec<f64>,
}

/// The data of an offers chart.
#[derive(Clone, Debug, PartialEq)]
pub struct Offers {
    /// The title.
    pub title: String,
    /// The parties' names, one line (colour) each.
    pub parties: Vec<String>,
    /// Each party's walk-away (a thin line of its colour), in the order of `parties`.
    pub walk_aways: Vec<f64>,
    /// The offers, in the order they were made.
    pub offers: Vec<Offer>,
    /// The agreement: its round and every party's utility of it (a black cross per party).
    pub agreement: Option<(usize, Vec<f64>)>,
}

/// Draws `o`: x is the round (the offers of one round spread evenly across it), y each party's
/// utility of each offer: per party, a thick line with filled dots through its own offers (its
/// concession) and a thin line with hollow dots through the others' (the mediator's too);
/// walk-aways are flat lines, the agreement a black cross. Returns the SVG text.
///
/// # Errors
/// [`ChartError::TooFewLines`] with fewer than two parties; [`ChartError::Draw`] if plotters
/// fails.
pub fn offers(o: &Offers) -> Result<String, ChartError> {
    let k = o.parties.len();
    if k < 2 {
        return Err(ChartError::TooFewLines { parties: k });
    }
    // x of each offer: its round plus its place among the round's offers.
    let mut xs = Vec::with_capacity(o.offers.len());
    let mut i = 0;
    while i < o.offers.len() {
        let round = o.offers[i].round;
        let j = i + o.offers[i..]
            .iter()
            .take_while(|f| f.round == round)
            .count();
        for m in i..j {
            xs.push(round as f64 + (m - i) as f64 / (j - i) as f64);
        }
        i = j;
    }
    let last = o
        .offers
        .last()
        .map(|f| f.round)
        .max(o.agreement.as_ref().map(|a| a.0))
        .unwrap_or(0) as f64
        + 1.0;
    let legend_height = 14 + 20 * (k as u32 + 1);
    let (width, height) = (720_u32, 380 + legend_height);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(draw_error)?;
        let (plot, legend) = root.split_vertically(height - legend_height);
        let mut chart = ChartBuilder::on(&plot)
            .caption(&o.title, ("sans-serif", 18))
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(48)
            .build_cartesian_2d(0.0..last, 0.0..1.05)
            .map_err(draw_error)?;
        chart
            .configure_mesh()
            .max_light_lines(0)
            .x_desc("round")
            .y_desc("utility")
            .x_label_formatter(&|x| format!("{x:.0}"))
            .y_label_formatter(&|y| format!("{y:.1}"))
            .draw()
            .map_err(draw_error)?;
        for p in 0..k {
            let c = colour(p);
            if let Some(&w) = o.walk_aways.get(p) {
                chart
                    .draw_series(std::iter::once(PathElement::new(
                        vec![(0.0, w), (last, w)],
                        c.mix(0.5).stroke_width(1),
                    )))
                    .map_err(draw_error)?;
            }
            let points: Vec<(f64, f64)> = xs
                .iter()
                .zip(&o.offers)
                .map(|(&x, f)| (x, f.utilities.get(p).copied().unwrap_or(0.0)))
                .collect();
            // Its concession (its own offers) solid; the others' offers to it, thin.
            let (own, others): (Vec<_>, Vec<_>) = points
                .iter()
                .zip(&o.offers)
                .partition(|(_, f)| f.by == Some(p));
            let own: Vec<(f64, f64)> = own.into_iter().map(|(xy, _)| *xy).collect();
            let others: Vec<(f64, f64)> = others.into_iter().map(|(xy, _)| *xy).collect();
            chart
                .draw_series(LineSeries::new(own, c.stroke_width(2)))
                .map_err(draw_error)?;
            chart
                .draw_series(LineSeries::new(others, c.mix(0.6).stroke_width(1)))
                .map_err(draw_error)?;
            chart
                .draw_series(points.iter().zip(&o.offers).map(|(&(x, y), f)| {
                    let own = f.by == Some(p);
                    Circle::new((x, y), 3, if own { c.filled() } else { c.stroke_width(1) })
                }))
                .map_err(draw_error)?;
        }
        if let Some((round, us)) = &o.agreement {
            let x = *round as f64 + 1.0 - 1e-9;
            chart
                .draw_series(
                    us.iter()
                        .map(|&u| Cross::new((x.min(last), u), 6, BLACK.stroke_width(2))),
                )
                .map_err(draw_error)?;
        }
        let text =
            TextStyle::from(("sans-serif", 13).into_font()).pos(Pos::new(HPos::Left, VPos::Center));
        for (p, name) in o.parties.iter().enumerate() {
            let y = 12 + 20 * p as i32;
            legend
                .draw(&Rectangle::new(
                    [(60, y - 6), (72, y + 6)],
                    colour(p).filled(),
                ))
                .map_err(draw_error)?;
            legend
                .draw(&Text::new(
                    format!(
                        "{name}: its utility of its own offers (filled, thick) and of the \
                         others' (hollow, thin); its walk-away (flat line)"
                    ),
                    (80, y),
                    text.clone(),
                ))
                .map_err(draw_error)?;
        }
        let y = 12 + 20 * k as i32;
        legend
            .draw(&Cross::new((66, y), 6, BLACK.stroke_width(2)))
            .map_err(draw_error)?;
        let ending = if o.agreement.is_some() {
            "the agreement"
        } else {
            "no agreement"
        };
        legend
            .draw(&Text::new(ending.to_owned(), (80, y), text.clone()))
            .map_err(draw_error)?;
        root.present().map_err(draw_error)?;
    }
    Ok(svg)
}

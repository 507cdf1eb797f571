//! Offers over time: each party's utility of each offer of a negotiation, by round (for
//! `accord simulate --plot`, the report, the web app's simulation page and the tournament's
//! traces; the data is plain, and [`Offers::of_run`] reads it from any recorded run).

use accord_model::Scenario;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{
    ChartError, LABEL_SIZE, TITLE_SIZE, colour, draw_error, text_width, truncate, with_titles,
};

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

impl Offers {
    /// The offers of recorded negotiation `n` of `sim` (run with `record`): every offer,
    /// mediator's text and amended draft of its trace, with the utility of each party the
    /// metrics judge ([`accord_sim::Simulation::judged`]), named as the scenario names it.
    /// A run not recorded has no offers (only its agreement).
    pub fn of_run(
        scenario: &Scenario,
        sim: &accord_sim::Simulation,
        n: &accord_sim::Negotiation,
        title: String,
    ) -> Offers {
        use accord_sim::protocol::Action;
        let c = sim.compiled();
        let judged = sim.judged();
        let name = |p: usize| {
            scenario.find_party(c.id(p)).map_or_else(
                || c.id(p).to_owned(),
                |q| scenario.party(q).name().to_owned(),
            )
        };
        let offers = n
            .trace
            .events()
            .iter()
            .filter(|e| matches!(e.action, Action::Offer | Action::Text | Action::Amend))
            .filter_map(|e| {
                let o = e.outcome?;
                Some(Offer {
                    round: e.round,
                    by: e.party.and_then(|p| judged.iter().position(|&q| q == p)),
                    utilities: judged.iter().map(|&q| c.functions[q].utility(o)).collect(),
                })
            })
            .collect();
        Offers {
            title,
            parties: judged.iter().map(|&p| name(p)).collect(),
            walk_aways: judged.iter().map(|&p| c.functions[p].walk_away).collect(),
            offers,
            agreement: n.result.agreement.map(|o| {
                (
                    n.result.rounds.saturating_sub(1),
                    judged.iter().map(|&q| c.functions[q].utility(o)).collect(),
                )
            }),
        }
    }
}

/// Draws `o`, 960 pixels wide: x is the round (the offers of one round spread evenly across
/// it), y each party's utility of each offer: per party, one line (an SVG `<polyline>` of its
/// colour; the axes' are black) through its own offers, its concession (through every offer
/// when it made none: a mediator's texts), with filled dots on its own offers and small hollow
/// dots on its utility of the others' (the mediator's too); walk-aways are
/// thin flat bars of the party's colour, the agreement a black cross per party. Labels are at
/// least [`LABEL_SIZE`](super::LABEL_SIZE); names too long for the legend are cut, with the
/// full name as a tooltip. Returns the SVG text.
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
    let legend_height = 16 + 24 * (k as u32 + 2);
    let (width, height) = (960_u32, 420 + legend_height);
    let legend_chars = ((f64::from(width) - 100.0) / text_width("m", LABEL_SIZE)) as usize;
    let mut titles = Vec::new();
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(draw_error)?;
        let (plot, legend) = root.split_vertically(height - legend_height);
        let mut chart = ChartBuilder::on(&plot)
            .caption(&o.title, ("sans-serif", TITLE_SIZE))
            .margin(12)
            .x_label_area_size(48)
            .y_label_area_size(64)
            .build_cartesian_2d(0.0..last, 0.0..1.05)
            .map_err(draw_error)?;
        chart
            .configure_mesh()
            .max_light_lines(0)
            .label_style(("sans-serif", LABEL_SIZE))
            .axis_desc_style(("sans-serif", LABEL_SIZE))
            .x_desc("round")
            .y_desc("utility")
            .x_label_formatter(&|x| format!("{x:.0}"))
            .y_label_formatter(&|y| format!("{y:.1}"))
            .draw()
            .map_err(draw_error)?;
        for p in 0..k {
            let c = colour(p);
            if let Some(&w) = o.walk_aways.get(p) {
                // A thin bar (2 px), not a path: the party's line is its one polyline.
                let h = f64::from(chart.plotting_area().dim_in_pixel().1.max(1));
                let half = 1.05 / h;
                chart
                    .draw_series(std::iter::once(Rectangle::new(
                        [(0.0, w - half), (last, w + half)],
                        c.mix(0.5).filled(),
                    )))
                    .map_err(draw_error)?;
            }
            let points: Vec<(f64, f64)> = xs
                .iter()
                .zip(&o.offers)
                .map(|(&x, f)| (x, f.utilities.get(p).copied().unwrap_or(0.0)))
                .collect();
            // Its line: through its own offers (its concession) when it made any, else (a
            // mediator's texts) through every offer.
            let made_any = o.offers.iter().any(|f| f.by == Some(p));
            let line: Vec<(f64, f64)> = points
                .iter()
                .zip(&o.offers)
                .filter(|(_, f)| !made_any || f.by == Some(p))
                .map(|(xy, _)| *xy)
                .collect();
            if line.len() > 1 {
                chart
                    .draw_series(LineSeries::new(line, c.stroke_width(2)))
                    .map_err(draw_error)?;
            }
            chart
                .draw_series(points.iter().zip(&o.offers).map(|(&(x, y), f)| {
                    if f.by == Some(p) {
                        Circle::new((x, y), 3, c.filled())
                    } else {
                        Circle::new((x, y), 2, c.mix(0.5).stroke_width(1))
                    }
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
        let text = TextStyle::from(("sans-serif", LABEL_SIZE).into_font())
            .pos(Pos::new(HPos::Left, VPos::Center));
        for (p, name) in o.parties.iter().enumerate() {
            let y = 14 + 24 * p as i32;
            legend
                .draw(&Rectangle::new(
                    [(60, y - 6), (72, y + 6)],
                    colour(p).filled(),
                ))
                .map_err(draw_error)?;
            let shown = truncate(name, legend_chars);
            titles.push((shown.clone(), name.clone()));
            legend
                .draw(&Text::new(shown, (80, y), text.clone()))
                .map_err(draw_error)?;
        }
        let y = 14 + 24 * k as i32;
        legend
            .draw(&Circle::new((66, y), 4, BLACK.filled()))
            .map_err(draw_error)?;
        legend
            .draw(&Text::new(
                "a party's own offers, joined (small hollow dots: the others' offers to it); a thin flat bar: its walk-away"
                    .to_owned(),
                (80, y),
                text.clone(),
            ))
            .map_err(draw_error)?;
        let y = 14 + 24 * (k as i32 + 1);
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
    Ok(with_titles(svg, &titles))
}

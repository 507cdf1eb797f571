//! The Pareto frontier drawn with plotters (SVG backend, no fonts needed, deterministic text).
//! Two parties on the frontier give one panel; more give a panel per pair of parties (the
//! frontier projected onto their two utilities). Each panel shows the two walk-away lines, the
//! plans and the four bargaining solutions, labelled.

use accord_analysis::Analysis;
use accord_model::{PointPreferences, Scenario, evaluate_plan};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{ChartError, bounds, draw_error};

/// One panel's size in pixels.
const PANEL: (u32, u32) = (560, 460);
/// Height of the title strip and of the legend.
const TITLE: u32 = 34;
const LEGEND: u32 = 30;
/// Most pairwise panels drawn (six parties).
pub const MAX_PANELS: usize = 15;

const FRONTIER_COLOUR: RGBColor = RGBColor(44, 62, 80);
const WALK_AWAY: RGBColor = RGBColor(192, 57, 43);
const PLAN: RGBColor = RGBColor(142, 68, 173);
const SOLUTION: RGBColor = RGBColor(39, 174, 96);

/// Everything a panel draws, in the frontier parties' order.
struct Data<'a> {
    ids: Vec<String>,
    frontier: Vec<&'a [f64]>,
    walk_away: Vec<f64>,
    plans: Vec<(String, Vec<f64>)>,
    solutions: Vec<(&'static str, &'a [f64])>,
}

/// The SVG text of the Pareto frontier of the analysis's parties: one panel for two parties,
/// one per pair of parties for more (the frontier projected onto their utilities), each with
/// the two walk-away lines, the plans and the four bargaining solutions, labelled. Each panel
/// is 560 × 460 pixels, under a title strip and above a legend.
///
/// # Errors
/// [`ChartError::TooFewParties`] with fewer than two parties on the frontier;
/// [`ChartError::TooManyPanels`] past [`MAX_PANELS`] pairs (more than six parties);
/// [`ChartError::Draw`] if plotters fails.
pub fn frontier(scenario: &Scenario, a: &Analysis) -> Result<String, ChartError> {
    let k = a.parties.len();
    if k < 2 {
        return Err(ChartError::TooFewParties { parties: k });
    }
    let pairs: Vec<(usize, usize)> = (0..k)
        .flat_map(|i| (i + 1..k).map(move |j| (i, j)))
        .collect();
    if pairs.len() > MAX_PANELS {
        return Err(ChartError::TooManyPanels {
            parties: k,
            panels: pairs.len(),
        });
    }
    let data = Data {
        ids: a
            .parties
            .iter()
            .map(|&p| scenario.party(p).id().to_string())
            .collect(),
        frontier: a.frontier.iter().map(|p| p.utilities.as_slice()).collect(),
        walk_away: a
            .parties
            .iter()
            .map(|&p| PointPreferences::midpoint(scenario, p).walk_away())
            .collect(),
        plans: scenario
            .plan_ixs()
            .map(|plan| {
                let e = evaluate_plan(scenario, plan);
                let us = a
                    .parties
                    .iter()
                    .map(|p| e.parties[p.index()].utility())
                    .collect();
                (scenario.plan(plan).id().to_string(), us)
            })
            .collect(),
        solutions: a
            .solutions
            .iter()
            .filter_map(|(c, p)| p.as_ref().map(|p| (c.key(), p.utilities.as_slice())))
            .collect(),
    };
    let cols = (pairs.len() as f64).sqrt().ceil() as usize;
    let rows = pairs.len().div_ceil(cols);
    let width = PANEL.0 * cols as u32;
    let height = TITLE + PANEL.1 * rows as u32 + LEGEND;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(draw_error)?;
        let (title, rest) = root.split_vertically(TITLE);
        let (grid, legend) = rest.split_vertically(PANEL.1 * rows as u32);
        let centred = TextStyle::from(("sans-serif", 16).into_font())
            .pos(Pos::new(HPos::Center, VPos::Center));
        title
            .draw(&Text::new(
                format!(
                    "Pareto frontier: {} ({} outcomes listed)",
                    scenario.title(),
                    a.frontier.len()
                ),
                (width as i32 / 2, TITLE as i32 / 2),
                centred,
            ))
            .map_err(draw_error)?;
        for (panel, &(i, j)) in grid.split_evenly((rows, cols)).iter().zip(&pairs) {
            draw_panel(panel, &data, i, j).map_err(draw_error)?;
        }
        draw_legend(&legend).map_err(draw_error)?;
        root.present().map_err(draw_error)?;
    }
    Ok(svg)
}

type Area<'a> = DrawingArea<SVGBackend<'a>, plotters::coord::Shift>;
type DrawResult = Result<(), DrawingAreaErrorKind<std::io::Error>>;

fn draw_panel(panel: &Area<'_>, d: &Data<'_>, i: usize, j: usize) -> DrawResult {
    // Utilities may be negative with penalties or exceed 1 with bonuses: fit the data.
    let xs = d.frontier.iter().map(|p| p[i]).chain([0.0, 1.0]);
    let ys = d.frontier.iter().map(|p| p[j]).chain([0.0, 1.0]);
    let (x0, x1) = bounds(xs);
    let (y0, y1) = bounds(ys);
    let mut chart = ChartBuilder::on(panel)
        .margin(14)
        .x_label_area_size(40)
        .y_label_area_size(50)
        .build_cartesian_2d(x0..x1, y0..y1)?;
    chart
        .configure_mesh()
        .max_light_lines(0)
        .x_desc(format!("utility of {}", d.ids[i]))
        .y_desc(format!("utility of {}", d.ids[j]))
        .x_label_formatter(&|v| format!("{v:.2}"))
        .y_label_formatter(&|v| format!("{v:.2}"))
        .draw()?;
    // Walk-away lines.
    let (wx, wy) = (d.walk_away[i], d.walk_away[j]);
    chart.draw_series([
        PathElement::new(vec![(wx, y0), (wx, y1)], WALK_AWAY.stroke_width(1)),
        PathElement::new(vec![(x0, wy), (x1, wy)], WALK_AWAY.stroke_width(1)),
    ])?;
    // The frontier: points, and a line through them sorted by the first party (for two parties
    // this is the frontier's staircase; for projections of more, a guide only).
    let mut pts: Vec<(f64, f64)> = d.frontier.iter().map(|p| (p[i], p[j])).collect();
    pts.sort_by(|a, b| a.0.total_cmp(&b.0).then(b.1.total_cmp(&a.1)));
    if d.ids.len() == 2 {
        chart.draw_series(LineSeries::new(
            pts.iter().copied(),
            FRONTIER_COLOUR.stroke_width(1),
        ))?;
    }
    chart.draw_series(
        pts.iter()
            .map(|&p| Circle::new(p, 2, FRONTIER_COLOUR.filled())),
    )?;
    let label = TextStyle::from(("sans-serif", 12).into_font());
    // Plans.
    for (id, us) in &d.plans {
        let at = (us[i], us[j]);
        chart.draw_series([EmptyElement::at(at)
            + Rectangle::new([(-4, -4), (4, 4)], PLAN.filled())
            + Text::new(id.clone(), (7, 4), label.color(&PLAN))])?;
    }
    // Solutions: one marker per distinct point, labelled with every solution there.
    let mut marks: Vec<((f64, f64), Vec<&str>)> = Vec::new();
    for (name, us) in &d.solutions {
        let at = (us[i], us[j]);
        match marks.iter_mut().find(|(m, _)| *m == at) {
            Some((_, names)) => names.push(name),
            None => marks.push((at, vec![name])),
        }
    }
    for (at, names) in marks {
        chart.draw_series([EmptyElement::at(at)
            + Circle::new((0, 0), 6, SOLUTION.stroke_width(2))
            + Text::new(names.join(", "), (9, -16), label.color(&SOLUTION))])?;
    }
    Ok(())
}

fn draw_legend(legend: &Area<'_>) -> DrawResult {
    let text =
        TextStyle::from(("sans-serif", 12).into_font()).pos(Pos::new(HPos::Left, VPos::Center));
    let y = 14;
    let mut x = 20;
    legend.draw(&Circle::new((x, y), 3, FRONTIER_COLOUR.filled()))?;
    legend.draw(&Text::new("frontier", (x + 8, y), text.clone()))?;
    x += 90;
    legend.draw(&PathElement::new(
        vec![(x - 6, y), (x + 6, y)],
        WALK_AWAY.stroke_width(2),
    ))?;
    legend.draw(&Text::new("walk-away", (x + 10, y), text.clone()))?;
    x += 100;
    legend.draw(&Rectangle::new(
        [(x - 4, y - 4), (x + 4, y + 4)],
        PLAN.filled(),
    ))?;
    legend.draw(&Text::new("plan", (x + 10, y), text.clone()))?;
    x += 70;
    legend.draw(&Circle::new((x, y), 6, SOLUTION.stroke_width(2)))?;
    legend.draw(&Text::new("bargaining solution", (x + 10, y), text))?;
    Ok(())
}

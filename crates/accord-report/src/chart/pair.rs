//! The Pareto frontier of two parties with their walk-aways, the drafts and the bargaining
//! solutions as labelled points (the report's frontier chart). Labels are placed so that none
//! overlaps another or a marker (a greedy search over positions around each point).

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{
    ChartError, LABEL_SIZE, TITLE_SIZE, bounds, draw_error, text_width, truncate, with_titles,
};

const FRONTIER_COLOUR: RGBColor = RGBColor(44, 62, 80);
const WALK_AWAY: RGBColor = RGBColor(192, 57, 43);
const DRAFT: RGBColor = RGBColor(142, 68, 173);
const SOLUTION: RGBColor = RGBColor(39, 124, 66);

/// The longest label drawn beside a point, in characters (longer ones are cut, with the full
/// text as a tooltip).
pub const MAX_LABEL: usize = 30;

/// The data of a two-party frontier chart: every utility is (x party's, y party's).
#[derive(Clone, Debug, PartialEq)]
pub struct Pair {
    /// The title.
    pub title: String,
    /// The two parties' names: x axis, y axis.
    pub parties: [String; 2],
    /// The Pareto frontier of the two parties (one point per distinct pair of utilities).
    pub frontier: Vec<[f64; 2]>,
    /// Their walk-aways (a vertical and a horizontal line).
    pub walk_aways: [f64; 2],
    /// The drafts: label and utilities (a square each).
    pub drafts: Vec<(String, [f64; 2])>,
    /// The bargaining solutions: label and utilities (a ring each; solutions at the same point
    /// share one ring and one label).
    pub solutions: Vec<(String, [f64; 2])>,
}

/// The SVG text of `p`, 960 × 680 pixels: the frontier as dots joined by a line (sorted by the
/// x party's utility), the walk-aways as red lines, the drafts as purple squares and the
/// solutions as green rings, each labelled by name at [`LABEL_SIZE`](super::LABEL_SIZE) or
/// larger, beside its point without overlapping another label or marker where a free place
/// exists within 4 label heights.
///
/// # Errors
/// [`ChartError::Draw`] if plotters fails.
pub fn pair(p: &Pair) -> Result<String, ChartError> {
    const LEGEND: u32 = 40;
    let (width, height) = (960_u32, 680_u32);
    let all = || {
        p.frontier
            .iter()
            .chain(p.drafts.iter().map(|(_, u)| u))
            .chain(p.solutions.iter().map(|(_, u)| u))
    };
    let (x0, x1) = bounds(all().map(|u| u[0]).chain([0.0, 1.0, p.walk_aways[0]]));
    let (y0, y1) = bounds(all().map(|u| u[1]).chain([0.0, 1.0, p.walk_aways[1]]));
    let mut titles = Vec::new();
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(draw_error)?;
        let (plot, legend) = root.split_vertically(height - LEGEND);
        let mut chart = ChartBuilder::on(&plot)
            .caption(&p.title, ("sans-serif", TITLE_SIZE))
            .margin(14)
            .x_label_area_size(52)
            .y_label_area_size(70)
            .build_cartesian_2d(x0..x1, y0..y1)
            .map_err(draw_error)?;
        chart
            .configure_mesh()
            .max_light_lines(0)
            .label_style(("sans-serif", LABEL_SIZE))
            .axis_desc_style(("sans-serif", LABEL_SIZE))
            .x_desc(format!("utility of {}", p.parties[0]))
            .y_desc(format!("utility of {}", p.parties[1]))
            .x_label_formatter(&|v| format!("{v:.1}"))
            .y_label_formatter(&|v| format!("{v:.1}"))
            .draw()
            .map_err(draw_error)?;
        let (wx, wy) = (p.walk_aways[0], p.walk_aways[1]);
        chart
            .draw_series([
                PathElement::new(vec![(wx, y0), (wx, y1)], WALK_AWAY.stroke_width(2)),
                PathElement::new(vec![(x0, wy), (x1, wy)], WALK_AWAY.stroke_width(2)),
            ])
            .map_err(draw_error)?;
        let mut pts: Vec<(f64, f64)> = p.frontier.iter().map(|u| (u[0], u[1])).collect();
        pts.sort_by(|a, b| a.0.total_cmp(&b.0).then(b.1.total_cmp(&a.1)));
        chart
            .draw_series(LineSeries::new(
                pts.iter().copied(),
                FRONTIER_COLOUR.stroke_width(1),
            ))
            .map_err(draw_error)?;
        chart
            .draw_series(
                pts.iter()
                    .map(|&u| Circle::new(u, 3, FRONTIER_COLOUR.filled())),
            )
            .map_err(draw_error)?;
        // Markers first (their boxes are obstacles for every label), then labels.
        let mut marks: Vec<((f64, f64), Vec<&str>)> = Vec::new();
        for (name, u) in &p.solutions {
            let at = (u[0], u[1]);
            match marks.iter_mut().find(|(m, _)| same(*m, at)) {
                Some((_, names)) => names.push(name),
                None => marks.push((at, vec![name])),
            }
        }
        chart
            .draw_series(p.drafts.iter().map(|(_, u)| {
                EmptyElement::at((u[0], u[1])) + Rectangle::new([(-5, -5), (5, 5)], DRAFT.filled())
            }))
            .map_err(draw_error)?;
        chart
            .draw_series(marks.iter().map(|(at, _)| {
                EmptyElement::at(*at) + Circle::new((0, 0), 8, SOLUTION.stroke_width(2))
            }))
            .map_err(draw_error)?;
        let mut placer = Placer::new(chart.plotting_area().get_pixel_range());
        for (at, _) in &marks {
            placer.block_point(chart.backend_coord(at), 9);
        }
        for (_, u) in &p.drafts {
            placer.block_point(chart.backend_coord(&(u[0], u[1])), 6);
        }
        let labels = marks
            .iter()
            .map(|(at, names)| (*at, names.join(", "), SOLUTION))
            .chain(
                p.drafts
                    .iter()
                    .map(|(name, u)| ((u[0], u[1]), name.clone(), DRAFT)),
            );
        for (at, full, colour) in labels {
            let shown = truncate(&full, MAX_LABEL);
            titles.push((shown.clone(), full.clone()));
            let (dx, dy) = placer.place(chart.backend_coord(&at), &shown);
            let style = TextStyle::from(("sans-serif", LABEL_SIZE).into_font())
                .color(&colour)
                .pos(Pos::new(HPos::Left, VPos::Top));
            chart
                .draw_series(std::iter::once(
                    EmptyElement::at(at) + Text::new(shown, (dx, dy), style),
                ))
                .map_err(draw_error)?;
        }
        draw_legend(&legend).map_err(draw_error)?;
        root.present().map_err(draw_error)?;
    }
    Ok(with_titles(svg, &titles))
}

fn same(a: (f64, f64), b: (f64, f64)) -> bool {
    (a.0 - b.0).abs() <= 1e-9 && (a.1 - b.1).abs() <= 1e-9
}

/// Places labels in pixel space: each at the first of a ring of positions around its point
/// that overlaps no placed label or marker and stays inside the plot, trying rings further out
/// when the nearest are taken.
struct Placer {
    area: (std::ops::Range<i32>, std::ops::Range<i32>),
    taken: Vec<[i32; 4]>,
}

impl Placer {
    fn new(area: (std::ops::Range<i32>, std::ops::Range<i32>)) -> Self {
        Placer {
            area,
            taken: Vec::new(),
        }
    }

    fn block_point(&mut self, (x, y): (i32, i32), r: i32) {
        self.taken.push([x - r, y - r, x + r, y + r]);
    }

    /// The offset from the point to the label's top-left corner.
    fn place(&mut self, (x, y): (i32, i32), text: &str) -> (i32, i32) {
        let w = text_width(text, LABEL_SIZE).ceil() as i32;
        let h = (LABEL_SIZE / 1.24 * 1.3).ceil() as i32;
        let free = |b: &[i32; 4], taken: &[[i32; 4]]| {
            b[0] >= self.area.0.start
                && b[2] <= self.area.0.end
                && b[1] >= self.area.1.start
                && b[3] <= self.area.1.end
                && taken
                    .iter()
                    .all(|t| b[2] <= t[0] || t[2] <= b[0] || b[3] <= t[1] || t[3] <= b[1])
        };
        let mut first = None;
        for ring in 0..5 {
            let step = ring * h;
            let candidates = [
                (12, -h / 2 - step),
                (12, -h / 2 + step),
                (-12 - w, -h / 2 - step),
                (-12 - w, -h / 2 + step),
                (-w / 2, -12 - h - step),
                (-w / 2, 12 + step),
            ];
            for (dx, dy) in candidates {
                let b = [x + dx, y + dy, x + dx + w, y + dy + h];
                first.get_or_insert((dx, dy, b));
                if free(&b, &self.taken) {
                    self.taken.push(b);
                    return (dx, dy);
                }
            }
        }
        // Nowhere free: the first place, right of the point.
        let (dx, dy, b) = first.expect("candidates");
        self.taken.push(b);
        (dx, dy)
    }
}

type Area<'a> = DrawingArea<SVGBackend<'a>, plotters::coord::Shift>;

fn draw_legend(legend: &Area<'_>) -> Result<(), DrawingAreaErrorKind<std::io::Error>> {
    let text = TextStyle::from(("sans-serif", LABEL_SIZE).into_font())
        .pos(Pos::new(HPos::Left, VPos::Center));
    let y = 18;
    let mut x = 70;
    legend.draw(&Circle::new((x, y), 3, FRONTIER_COLOUR.filled()))?;
    legend.draw(&Text::new("Pareto frontier", (x + 10, y), text.clone()))?;
    x += 170;
    legend.draw(&PathElement::new(
        vec![(x - 8, y), (x + 8, y)],
        WALK_AWAY.stroke_width(2),
    ))?;
    legend.draw(&Text::new("walk-away", (x + 14, y), text.clone()))?;
    x += 130;
    legend.draw(&Rectangle::new(
        [(x - 5, y - 5), (x + 5, y + 5)],
        DRAFT.filled(),
    ))?;
    legend.draw(&Text::new("draft", (x + 12, y), text.clone()))?;
    x += 90;
    legend.draw(&Circle::new((x, y), 8, SOLUTION.stroke_width(2)))?;
    legend.draw(&Text::new("bargaining solution", (x + 14, y), text))?;
    Ok(())
}

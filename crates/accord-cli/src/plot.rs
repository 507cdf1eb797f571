//! `accord analyze --plot out.svg`: the Pareto frontier of two parties as an SVG drawn by hand
//! (no font or plotting dependency: the file is plain, deterministic text), with each party's
//! walk-away line, the plans and the four solutions, labelled.

use std::fmt::Write as _;

use accord_analysis::Analysis;
use accord_model::{Scenario, evaluate_plan};

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 520.0;
const MARGIN: f64 = 64.0;

/// The SVG text of the frontier of the analysis's first two parties.
pub fn frontier_svg(scenario: &Scenario, a: &Analysis) -> Result<String, String> {
    if a.parties.len() < 2 {
        return Err("--plot needs two parties on the frontier (see --parties)".into());
    }
    let (px, py) = (a.parties[0], a.parties[1]);
    let name = |p: accord_model::PartyIx| escape(scenario.party(p).id().as_str());
    // Utilities may be negative with penalties or exceed 1 with bonuses: fit the data.
    let mut xs: Vec<f64> = a.frontier.iter().map(|p| p.utilities[0]).collect();
    let mut ys: Vec<f64> = a.frontier.iter().map(|p| p.utilities[1]).collect();
    xs.extend([0.0, 1.0]);
    ys.extend([0.0, 1.0]);
    let (x0, x1) = bounds(&xs);
    let (y0, y1) = bounds(&ys);
    let sx = |x: f64| MARGIN + (x - x0) / (x1 - x0) * (WIDTH - 2.0 * MARGIN);
    let sy = |y: f64| HEIGHT - MARGIN - (y - y0) / (y1 - y0) * (HEIGHT - 2.0 * MARGIN);
    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif" font-size="12">"#
    );
    let _ = writeln!(s, r#"<rect width="100%" height="100%" fill="white"/>"#);
    let _ = writeln!(
        s,
        r#"<text x="{}" y="24" text-anchor="middle" font-size="15">Pareto frontier: {} ({} outcomes listed)</text>"#,
        WIDTH / 2.0,
        escape(scenario.title()),
        a.frontier.len()
    );
    // Axes with ticks at 0, 0.25, ..., within range.
    let _ = writeln!(
        s,
        r#"<g stroke="black"><line x1="{m}" y1="{b}" x2="{r}" y2="{b}"/><line x1="{m}" y1="{b}" x2="{m}" y2="{t}"/></g>"#,
        m = MARGIN,
        b = HEIGHT - MARGIN,
        r = WIDTH - MARGIN,
        t = MARGIN
    );
    for k in 0..=8 {
        let v = f64::from(k) * 0.25 - 0.5;
        if v >= x0 && v <= x1 {
            let _ = writeln!(
                s,
                r#"<text x="{:.1}" y="{:.1}" text-anchor="middle">{v}</text>"#,
                sx(v),
                HEIGHT - MARGIN + 18.0
            );
        }
        if v >= y0 && v <= y1 {
            let _ = writeln!(
                s,
                r#"<text x="{:.1}" y="{:.1}" text-anchor="end">{v}</text>"#,
                MARGIN - 6.0,
                sy(v) + 4.0
            );
        }
    }
    let _ = writeln!(
        s,
        r#"<text x="{}" y="{}" text-anchor="middle">utility of {}</text>"#,
        WIDTH / 2.0,
        HEIGHT - 16.0,
        name(px)
    );
    let _ = writeln!(
        s,
        r#"<text x="16" y="{}" text-anchor="middle" transform="rotate(-90 16 {})">utility of {}</text>"#,
        HEIGHT / 2.0,
        HEIGHT / 2.0,
        name(py)
    );
    // Walk-away lines.
    let walk = |p: accord_model::PartyIx| {
        accord_model::PointPreferences::midpoint(scenario, p).walk_away()
    };
    let (wx, wy) = (walk(px), walk(py));
    let _ = writeln!(
        s,
        r##"<g stroke="#c0392b" stroke-dasharray="5,4"><line x1="{x:.1}" y1="{t}" x2="{x:.1}" y2="{b}"/><line x1="{l}" y1="{y:.1}" x2="{r}" y2="{y:.1}"/></g>"##,
        x = sx(wx),
        y = sy(wy),
        t = MARGIN,
        b = HEIGHT - MARGIN,
        l = MARGIN,
        r = WIDTH - MARGIN
    );
    let _ = writeln!(
        s,
        r##"<text x="{:.1}" y="{}" fill="#c0392b">walk-away of {}</text>"##,
        sx(wx) + 4.0,
        MARGIN + 12.0,
        name(px)
    );
    let _ = writeln!(
        s,
        r##"<text x="{}" y="{:.1}" fill="#c0392b" text-anchor="end">walk-away of {}</text>"##,
        WIDTH - MARGIN,
        sy(wy) - 4.0,
        name(py)
    );
    // The frontier: a staircase line through the points (sorted by the first party), and dots.
    let mut pts: Vec<(f64, f64)> = a
        .frontier
        .iter()
        .map(|p| (p.utilities[0], p.utilities[1]))
        .collect();
    pts.sort_by(|a, b| a.0.total_cmp(&b.0).then(b.1.total_cmp(&a.1)));
    let line: Vec<String> = pts
        .iter()
        .map(|(x, y)| format!("{:.1},{:.1}", sx(*x), sy(*y)))
        .collect();
    let _ = writeln!(
        s,
        r##"<polyline fill="none" stroke="#2c3e50" points="{}"/>"##,
        line.join(" ")
    );
    for (x, y) in &pts {
        let _ = writeln!(
            s,
            r##"<circle cx="{:.1}" cy="{:.1}" r="2.5" fill="#2c3e50"/>"##,
            sx(*x),
            sy(*y)
        );
    }
    // Plans.
    for plan in scenario.plan_ixs() {
        let e = evaluate_plan(scenario, plan);
        let (x, y) = (
            e.parties[px.index()].utility(),
            e.parties[py.index()].utility(),
        );
        let _ = writeln!(
            s,
            r##"<rect x="{:.1}" y="{:.1}" width="8" height="8" fill="#8e44ad"/><text x="{:.1}" y="{:.1}" fill="#8e44ad">{}</text>"##,
            sx(x) - 4.0,
            sy(y) - 4.0,
            sx(x) + 7.0,
            sy(y) + 14.0,
            escape(scenario.plan(plan).id().as_str())
        );
    }
    // Solutions: one marker per distinct point, labelled with every solution there.
    let mut marks: Vec<((f64, f64), Vec<&str>)> = Vec::new();
    for (c, sol) in &a.solutions {
        if let Some(p) = sol {
            let at = (p.utilities[0], p.utilities[1]);
            match marks.iter_mut().find(|(m, _)| *m == at) {
                Some((_, names)) => names.push(c.key()),
                None => marks.push((at, vec![c.key()])),
            }
        }
    }
    for ((x, y), names) in &marks {
        let _ = writeln!(
            s,
            r##"<circle cx="{:.1}" cy="{:.1}" r="6" fill="none" stroke="#27ae60" stroke-width="2"/><text x="{:.1}" y="{:.1}" fill="#27ae60">{}</text>"##,
            sx(*x),
            sy(*y),
            sx(*x) + 9.0,
            sy(*y) - 8.0,
            names.join(", ")
        );
    }
    s.push_str("</svg>\n");
    Ok(s)
}

fn bounds(v: &[f64]) -> (f64, f64) {
    let lo = v.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let pad = ((hi - lo) * 0.05).max(0.01);
    (lo - pad, hi + pad)
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

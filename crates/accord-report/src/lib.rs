//! The accord report: for any scenario, what each draft gives each party, who would reject it
//! and why, how the drafts differ, what would make each acceptable, who was at the table, and
//! what the uncertainty does — every figure computed from the scenario and traceable to its
//! sources.
//!
//! [`markdown`] gives the report as Markdown; [`html`] gives one self-contained HTML file with
//! SVG charts (the same Markdown converted with pulldown-cmark, plus the charts and a style
//! sheet).
//!
//! ```
//! # let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/toy-border.toml")).unwrap();
//! let scenario = accord_model::parse(&text).scenario.unwrap();
//! let data = accord_report::ReportData::compute(&scenario, &accord_report::ReportOptions::default());
//! let md = accord_report::markdown(&data);
//! assert!(md.starts_with("# Toy border dispute"));
//! assert!(accord_report::html(&data).contains("<svg"));
//! ```

#![warn(missing_docs)]

pub mod chart;
mod data;
mod markdown;
mod overview;
pub mod provenance;

pub use data::{
    AreaGain, INTERVAL_TAIL, MAX_RELAXATIONS, OpposedPair, ReactionFinding, Relaxation,
    ReportCancelled, ReportData, ReportOptions, Revision, SIMULATION_ROUNDS, SIMULATION_STRATEGY,
    STALE_AFTER_DAYS, SimulatedRun, TermChange, ToMatch, UtilityShift, crosses_red_line,
    date_from_environment, parse_date, red_line_anyone, revises,
};
pub use overview::{agreement_word, overview, reaction_sentence};

use markdown::Chart;
pub use markdown::{FIRM, TOO_CLOSE, reaction_kinds};

/// The report as Markdown (no charts).
pub fn markdown(d: &ReportData<'_>) -> String {
    markdown::write(d, &|_| None)
}

/// The report as one self-contained HTML page with SVG charts.
pub fn html(d: &ReportData<'_>) -> String {
    let md = markdown::write(d, &|c| {
        let (svg, caption) = match c {
            Chart::Utilities => (
                chart::utilities(d),
                "Bars: utility at the midpoint estimates. Whiskers: the range over the issues a \
                 draft leaves open. Black lines: walk-away values.",
            ),
            Chart::Areas(k) => (
                chart::areas(d, k),
                "Dark: the utility the draft gives the party in each area. Light: the most it \
                 could get there.",
            ),
            Chart::Frontier => (
                d.opposed
                    .as_ref()
                    .map_err(|e| chart::ChartError::Draw(e.clone()))
                    .and_then(|o| chart::pair(&pair_chart(d, o))),
                "Dots: the Pareto frontier of the two parties' utilities. Red lines: their \
                 walk-aways. Squares: the drafts. Rings: the bargaining solutions of all \
                 signatories.",
            ),
            Chart::Offers => (
                d.simulation
                    .as_ref()
                    .map_err(|e| chart::ChartError::Draw(e.clone()))
                    .and_then(|r| chart::offers(&r.offers)),
                "Each line: one party's utility of its own offers, round by round (its \
                 concession); small hollow dots: its utility of the others' offers. Flat bars: walk-aways. Crosses: the agreement.",
            ),
        };
        // A chart that cannot be drawn is left out rather than failing the report.
        svg.ok().map(|svg| {
            let svg = chart::fit_width(&svg);
            // Raw HTML blocks end at a blank line: keep the SVG on lines without blank ones.
            let svg: String = svg
                .lines()
                .filter(|l| !l.trim().is_empty())
                .collect::<Vec<_>>()
                .join("\n");
            format!(
                "<figure class=\"chart\">\n{svg}\n<figcaption>{caption}</figcaption>\n</figure>"
            )
        })
    });
    let mut body = String::new();
    let options = pulldown_cmark::Options::ENABLE_TABLES;
    pulldown_cmark::html::push_html(&mut body, pulldown_cmark::Parser::new_ext(&md, options));
    let title = d.scenario.title();
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"accord {}\">\n<title>{}</title>\n<style>\n{}</style>\n</head>\n\
         <body>\n<main>\n{body}</main>\n</body>\n</html>\n",
        env!("CARGO_PKG_VERSION"),
        escape(title),
        STYLE
    )
}

/// The frontier chart's data in the scenario's words: parties, drafts and solutions by name.
fn pair_chart(d: &ReportData<'_>, o: &OpposedPair) -> chart::Pair {
    let s = d.scenario;
    chart::Pair {
        title: format!(
            "The frontier of {} and {}",
            s.party(o.parties[0]).name(),
            s.party(o.parties[1]).name()
        ),
        parties: o.parties.map(|p| s.party(p).name().to_owned()),
        frontier: o.frontier.clone(),
        walk_aways: o.walk_aways,
        drafts: d
            .plans
            .iter()
            .zip(&o.drafts)
            .map(|(&p, &u)| (s.plan(p).title().to_owned(), u))
            .collect(),
        solutions: o
            .solutions
            .iter()
            .map(|(c, u)| (c.name().to_owned(), *u))
            .collect(),
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

const STYLE: &str = "body { font-family: system-ui, -apple-system, 'Segoe UI', sans-serif; color: #222; \
background: #fff; margin: 0; }
main { max-width: 72rem; margin: 0 auto; padding: 1.5rem 2rem 4rem; line-height: 1.5; }
h1 { font-size: 1.9rem; margin-bottom: 0.2rem; }
h2 { border-bottom: 2px solid #ddd; padding-bottom: 0.2rem; margin-top: 2.5rem; }
table { border-collapse: collapse; margin: 0.8rem 0; font-size: 0.92rem; display: block; overflow-x: auto; }
th, td { border: 1px solid #ccc; padding: 0.3rem 0.55rem; text-align: left; vertical-align: top; }
th { background: #f3f3f3; }
tr:nth-child(even) td { background: #fafafa; }
figure.chart { margin: 1rem 0; overflow-x: auto; }
figure.chart svg { display: block; width: 100%; height: auto; }
figcaption { font-size: 0.85rem; color: #555; }
blockquote { border-left: 4px solid #c9c9c9; margin-left: 0; padding-left: 1rem; color: #555; }
details { margin: 0.5rem 0 1rem; }
a { color: #1f5fa8; }
@media print { main { max-width: none; } figure.chart, table { page-break-inside: avoid; } }
";

//! `accord analyze --plot out.svg`: the frontier drawn by [`accord_report::chart::frontier`],
//! written to a file; `accord simulate --plot out.svg` and the tournament's traces: offers over
//! time ([`offers_chart`] → [`accord_report::chart::offers`]).

use std::path::Path;

use accord_analysis::Analysis;
use accord_model::Scenario;
use accord_model::whatif::WhatIf;
use accord_report::chart::{ChartError, MAX_PANELS, frontier};

use crate::Failure;

/// Draws the frontier into `out`. A plot that cannot be drawn is a usage error (2); a file that
/// cannot be written exits 1, naming the path and the OS reason.
pub fn write(
    out: &Path,
    scenario: &Scenario,
    a: &Analysis,
    what_ifs: &[WhatIf],
) -> Result<(), Failure> {
    let svg = frontier(scenario, a).map_err(|e| {
        match e {
            ChartError::TooFewParties { .. } => {
                eprintln!("error: --plot needs two parties on the frontier (see --parties)")
            }
            ChartError::TooManyPanels { .. } => eprintln!(
                "error: --plot draws a panel per pair of parties, at most {MAX_PANELS} (six \
                 parties); choose the parties with --parties"
            ),
            ChartError::TooFewLines { .. } | ChartError::Draw(_) => eprintln!("error: {e}"),
        }
        Failure::Usage
    })?;
    let svg = captioned(&in_words(&svg, scenario), scenario, what_ifs);
    std::fs::write(out, svg)
        .map_err(|e| Failure::input(format_args!("cannot write {}: {e}", out.display())))
}

/// The offers chart of negotiation `n` of `sim` ([`accord_report::chart::Offers::of_run`]).
pub fn offers_chart(
    scenario: &Scenario,
    sim: &accord_sim::Simulation,
    n: &accord_sim::Negotiation,
    title: String,
) -> accord_report::chart::Offers {
    accord_report::chart::Offers::of_run(scenario, sim, n, title)
}

/// Writes the offers chart of `n` to `out`; a file that cannot be written exits 1.
pub fn write_offers(
    out: &Path,
    scenario: &Scenario,
    sim: &accord_sim::Simulation,
    n: &accord_sim::Negotiation,
    title: String,
    what_ifs: &[WhatIf],
) -> Result<(), Failure> {
    let svg = accord_report::chart::offers(&offers_chart(scenario, sim, n, title))
        .map_err(|e| Failure::input(format_args!("{}: {e}", out.display())))?;
    let svg = captioned(&svg, scenario, what_ifs);
    std::fs::write(out, svg)
        .map_err(|e| Failure::input(format_args!("cannot write {}: {e}", out.display())))
}

/// The frontier chart's labels in the scenario's words: `utility of ID` with the party's name,
/// plan ids with their titles, solution keys with their names (labels of coinciding points,
/// joined with `, `, each replaced).
fn in_words(svg: &str, s: &Scenario) -> String {
    let word = |token: &str| -> Option<String> {
        if let Some(id) = token.strip_prefix("utility of ") {
            return s
                .find_party(id)
                .map(|p| format!("utility of {}", s.party(p).name()));
        }
        if let Some(p) = s.find_plan(token) {
            return Some(s.plan(p).title().to_owned());
        }
        accord_analysis::solutions::BargainingSolution::ALL
            .iter()
            .find(|b| b.key() == token)
            .map(|b| b.name().to_owned())
    };
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg;
    // plotters writes each text as `<text …>\nCONTENT\n</text>`.
    while let Some(at) = rest.find("</text>") {
        let (before, after) = rest.split_at(at);
        let start = before.rfind(">\n").map_or(before.len(), |k| k + 2);
        let content = before[start..].trim_end_matches('\n');
        let tokens: Vec<&str> = content.split(", ").collect();
        let words: Vec<Option<String>> = tokens.iter().map(|t| word(t)).collect();
        if words.iter().any(Option::is_some) {
            out.push_str(&before[..start]);
            let joined: Vec<String> = tokens
                .iter()
                .zip(words)
                .map(|(t, w)| {
                    w.map_or_else(|| (*t).to_owned(), |w| accord_report::chart::xml_text(&w))
                })
                .collect();
            out.push_str(&joined.join(", "));
            out.push('\n');
        } else {
            out.push_str(before);
        }
        out.push_str("</text>");
        rest = &after["</text>".len()..];
    }
    out.push_str(rest);
    out
}

/// The SVG with one caption line per what-if below it (`what-if: … (--flag …)`), the image
/// made taller to hold them; unchanged without what-ifs.
pub fn captioned(svg: &str, s: &Scenario, what_ifs: &[WhatIf]) -> String {
    const LINE: u32 = 16;
    if what_ifs.is_empty() {
        return svg.to_owned();
    }
    let Some(head_end) = svg.find('>') else {
        return svg.to_owned();
    };
    let head = &svg[..head_end];
    let attr = |name: &str| -> Option<u32> {
        let k = head.find(&format!(" {name}=\""))? + name.len() + 3;
        head[k..].split('"').next()?.parse().ok()
    };
    let (Some(width), Some(height)) = (attr("width"), attr("height")) else {
        return svg.to_owned();
    };
    let extra = LINE * u32::try_from(what_ifs.len()).unwrap_or(u32::MAX / LINE / 2) + LINE / 2;
    let tall = height + extra;
    let head = head
        .replacen(
            &format!("height=\"{height}\""),
            &format!("height=\"{tall}\""),
            1,
        )
        .replacen(
            &format!("viewBox=\"0 0 {width} {height}\""),
            &format!("viewBox=\"0 0 {width} {tall}\""),
            1,
        );
    let body = &svg[head_end..];
    let Some(end) = body.rfind("</svg>") else {
        return svg.to_owned();
    };
    let mut caption = format!(
        "<rect x=\"0\" y=\"{height}\" width=\"{width}\" height=\"{extra}\" fill=\"#FFFFFF\" \
         stroke=\"none\"/>\n"
    );
    for (k, w) in what_ifs.iter().enumerate() {
        let y = height + LINE * u32::try_from(k + 1).unwrap_or(0);
        caption.push_str(&format!(
            "<text class=\"what-if\" x=\"8\" y=\"{y}\" font-family=\"sans-serif\" \
             font-size=\"11\" fill=\"#000000\">{}</text>\n",
            accord_report::chart::xml_text(&format!("what-if: {} ({w})", w.in_words(s)))
        ));
    }
    format!("{head}{}{caption}{}", &body[..end], &body[end..])
}

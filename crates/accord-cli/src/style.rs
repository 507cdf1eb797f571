//! Tables and colour for people: colour only on a terminal, and never with `NO_COLOR`.

use std::io::IsTerminal;

use accord_model::Verdict;
use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Cell, Color, ContentArrangement, Table};

/// Whether stdout gets colour.
pub fn colour() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// Width used for people's output when neither `COLUMNS` nor a terminal gives one.
pub const DEFAULT_WIDTH: u16 = 100;

/// The width people's output is fitted to, in columns: `COLUMNS` when it is a number of at
/// least 20 (tests set 100), else the terminal's width, else `None` (not a terminal: tables
/// take the width they need, as before).
pub fn width() -> Option<u16> {
    if let Some(n) = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<u16>().ok())
        .filter(|&n| n >= 20)
    {
        return Some(n);
    }
    if std::io::stdout().is_terminal() {
        return terminal_size::terminal_size().map(|(w, _)| w.0.max(20));
    }
    None
}

/// [`width`], or [`DEFAULT_WIDTH`] when there is none: for layouts that need a width (columns
/// packed into blocks, wrapped prose).
pub fn width_or_default() -> usize {
    usize::from(width().unwrap_or(DEFAULT_WIDTH))
}

/// A table with the house style and the given header, fitted to [`width`] when there is one.
pub fn table<I: Into<Cell>>(header: impl IntoIterator<Item = I>) -> Table {
    let mut t = Table::new();
    t.load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(header);
    if !colour() {
        t.force_no_tty();
    }
    if let Some(w) = width() {
        t.set_width(w);
    }
    t
}

/// `text` wrapped to `width` columns, the first line starting with `first` and the others
/// with `rest` (indents); words longer than a line (paths, ids) stay whole.
pub fn wrap_to(text: &str, width: usize, first: &str, rest: &str) -> String {
    let options = textwrap::Options::new(width.max(20))
        .initial_indent(first)
        .subsequent_indent(rest)
        .break_words(false);
    textwrap::fill(text, options)
}

/// `text` wrapped to [`width`] with the given indents; on one line (after `first`) when there
/// is no width (output to a file or a pipe without `COLUMNS`).
pub fn wrap(text: &str, first: &str, rest: &str) -> String {
    match width() {
        Some(w) => wrap_to(text, usize::from(w), first, rest),
        None => format!("{first}{text}"),
    }
}

/// A verdict as a word, green, red or yellow on a terminal.
pub fn verdict_cell(text: String, verdict: Verdict) -> Cell {
    let cell = Cell::new(text);
    if !colour() {
        return cell;
    }
    cell.fg(match verdict {
        Verdict::Accept => Color::Green,
        Verdict::Reject => Color::Red,
        Verdict::Undetermined => Color::Yellow,
    })
}

/// A verdict in words.
pub fn verdict_word(v: Verdict) -> &'static str {
    v.as_str()
}

/// A utility to 3 decimals.
pub fn utility(u: f64) -> String {
    format!("{u:.3}")
}

/// A Nash product for people: three significant digits (products of several gains are small,
/// and three decimals would hide their ranking), `0` for none.
pub fn nash_product(x: f64) -> String {
    if x == 0.0 || !x.is_finite() {
        return format!("{x}");
    }
    let magnitude = x.abs().log10().floor();
    // Digits after the point for three significant ones, at least three.
    let decimals = (2.0 - magnitude).clamp(3.0, 12.0) as usize;
    format!("{x:.decimals$}")
}

/// One column of a [`vertical`] table: its heading and one cell per row.
#[derive(Clone, Debug)]
pub struct Column {
    /// The heading (a solution's name, an outcome's number).
    pub heading: String,
    /// One cell per row label.
    pub cells: Vec<String>,
}

/// Widest a data column of a [`vertical`] table is laid out (longer cells wrap).
const COLUMN_CAP: usize = 24;

fn display_width(s: &str) -> usize {
    s.lines()
        .map(textwrap::core::display_width)
        .max()
        .unwrap_or(0)
}

/// Outcomes shown vertically, for people: one row per `labels` entry (an issue's title, a
/// party's name), one column per entry of `columns`, split into blocks of columns that fit
/// `width` (each block repeats the labels, with `corner` above them). A table of `k` columns
/// of content widths `w_i` is `1 + Σ (w_i + 3)` wide in the house style.
pub fn vertical(corner: &str, labels: &[String], columns: &[Column], width: usize) -> Vec<Table> {
    let label_width = labels
        .iter()
        .map(|l| display_width(l))
        .chain([display_width(corner)])
        .max()
        .unwrap_or(0)
        .min((width / 3).max(12));
    let natural = |c: &Column| {
        c.cells
            .iter()
            .chain([&c.heading])
            .map(|s| display_width(s))
            .max()
            .unwrap_or(0)
            .min(COLUMN_CAP)
    };
    let mut blocks: Vec<Vec<&Column>> = Vec::new();
    let mut used = 1 + label_width + 3;
    for c in columns {
        let w = natural(c) + 3;
        match blocks.last_mut() {
            Some(block) if used + w <= width => block.push(c),
            _ => {
                blocks.push(vec![c]);
                used = 1 + label_width + 3;
            }
        }
        used += w;
    }
    blocks
        .into_iter()
        .map(|block| {
            let mut header = vec![Cell::new(corner)];
            header.extend(block.iter().map(|c| Cell::new(&c.heading)));
            let mut t = table(header);
            t.set_width(u16::try_from(width).unwrap_or(u16::MAX));
            for (k, label) in labels.iter().enumerate() {
                let mut row = vec![Cell::new(label)];
                row.extend(
                    block
                        .iter()
                        .map(|c| Cell::new(c.cells.get(k).map_or("", String::as_str))),
                );
                t.add_row(row);
            }
            t
        })
        .collect()
}

/// One issue's change for people: `Title: from → to` in option labels, `open` when there was
/// no term; a number with a unit gives the unit once (`Total catch: 120 → 140 thousand
/// tonnes`).
pub fn change(
    issue: &accord_model::Issue,
    from: Option<accord_model::OptionIx>,
    to: accord_model::OptionIx,
) -> String {
    let title = issue.title();
    match (issue.domain(), from) {
        (
            accord_model::IssueDomain::Numeric {
                unit: Some(unit), ..
            },
            Some(f),
        ) => format!(
            "{title}: {} → {} {unit}",
            issue.option_value(f),
            issue.option_value(to)
        ),
        _ => format!(
            "{title}: {} → {}",
            from.map_or_else(|| "open".to_owned(), |f| issue.option_label(f)),
            issue.option_label(to)
        ),
    }
}

/// Party names for people, joined with `, `.
pub fn party_names(s: &accord_model::Scenario, parties: &[accord_model::PartyIx]) -> Vec<String> {
    parties
        .iter()
        .map(|&p| s.party(p).name().to_owned())
        .collect()
}

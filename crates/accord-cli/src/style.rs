//! Tables and colour for people: colour only on a terminal, and never with `NO_COLOR`.

use std::io::IsTerminal;

use accord_model::Verdict;
use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Cell, Color, ContentArrangement, Table};

/// Whether stdout gets colour.
pub fn colour() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// A table with the house style and the given header.
pub fn table<I: Into<Cell>>(header: impl IntoIterator<Item = I>) -> Table {
    let mut t = Table::new();
    t.load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(header);
    if !colour() {
        t.force_no_tty();
    }
    t
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

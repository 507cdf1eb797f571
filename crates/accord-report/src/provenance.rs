//! Which of a party's preferences are reported and which are the modeller's inference.
//!
//! The format marks them in the party's `note`, by the convention of the flagship's digests
//! (`shared/facts/ukraine-plan-2025.md`: "[R] reported, [I] our inference"): a paragraph that
//! starts `**Reported:**` lists what the record says, one that starts `**Inferred:**` what was
//! inferred. The inferred paragraph is read for the three kinds of estimate a verdict rests on:
//! weights ("weight"), the walk-away ("walk-away", "walk_away") and the scores of options
//! ("score", "ranking", "order"). A note without an `**Inferred:**` mark marks nothing, and the
//! report then claims nothing either way.

/// What a party's note marks inferred.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Inferred {
    /// The note has an `**Inferred:**` paragraph.
    pub marked: bool,
    /// It names the weights.
    pub weights: bool,
    /// It names the walk-away.
    pub walk_away: bool,
    /// It names scores, a ranking or an order of options.
    pub scores: bool,
}

impl Inferred {
    /// Reads a party's note (see the module's documentation for the convention).
    pub fn of(note: Option<&str>) -> Self {
        let Some(note) = note else {
            return Inferred::default();
        };
        let Some(start) = note.find("**Inferred:**") else {
            return Inferred::default();
        };
        let rest = &note[start + "**Inferred:**".len()..];
        let text = rest
            .find("**Reported:**")
            .map_or(rest, |end| &rest[..end])
            .to_lowercase();
        Inferred {
            marked: true,
            weights: text.contains("weight"),
            walk_away: text.contains("walk-away") || text.contains("walk_away"),
            scores: ["score", "ranking", "order"]
                .iter()
                .any(|w| text.contains(w)),
        }
    }

    /// What a verdict on utility rests on, in words ("weights and walk-away"), or `None` when
    /// nothing it rests on is marked inferred. A note with the mark that names none of the
    /// three kinds gives "preferences".
    pub fn utility_words(&self) -> Option<String> {
        if !self.marked {
            return None;
        }
        let kinds: Vec<&str> = [
            (self.weights, "weights"),
            (self.scores, "scores"),
            (self.walk_away, "walk-away"),
        ]
        .iter()
        .filter(|(on, _)| *on)
        .map(|(_, w)| *w)
        .collect();
        Some(match kinds.as_slice() {
            [] => "preferences".to_owned(),
            [one] => (*one).to_owned(),
            [init @ .., last] => format!("{} and {last}", init.join(", ")),
        })
    }
}

/// Where a red line comes from, as far as the party's note says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RedLineOrigin {
    /// The note's `**Reported:**` paragraph states it, citing these sources (the scenario's
    /// source ids found in the same clause; may be empty).
    Reported(Vec<accord_model::SourceIx>),
    /// The note's `**Inferred:**` paragraph names it: our inference, not a stated position,
    /// citing these sources (what it was inferred from, such as a poll; may be empty).
    Inferred(Vec<accord_model::SourceIx>),
    /// The note says neither: the red line is in the file, and the report cannot tell whether
    /// a party stated it.
    InFile,
}

impl RedLineOrigin {
    /// How sure the record is of the red line, for choosing which of several a verdict rests
    /// on: reported, then in the file, then inferred.
    pub fn rank(&self) -> u8 {
        match self {
            RedLineOrigin::Reported(_) => 2,
            RedLineOrigin::InFile => 1,
            RedLineOrigin::Inferred(_) => 0,
        }
    }

    /// The word a table cell uses: "reported", "inferred", "stated in the file".
    pub fn word(&self) -> &'static str {
        match self {
            RedLineOrigin::Reported(_) => "reported",
            RedLineOrigin::Inferred(_) => "inferred",
            RedLineOrigin::InFile => "stated in the file",
        }
    }
}

/// The paragraphs of a note marked `**Reported:**` (true) or `**Inferred:**` (false); a
/// paragraph runs to the next bold label of the form `**Label:**`.
fn marked_paragraphs(note: &str) -> Vec<(bool, &str)> {
    // Every bold label `**...:**`, with its start and end.
    let mut labels: Vec<(usize, usize, &str)> = Vec::new();
    let mut at = 0;
    while let Some(start) = note[at..].find("**").map(|k| k + at) {
        let inner = start + 2;
        let Some(end) = note[inner..].find("**").map(|k| k + inner) else {
            break;
        };
        let label = &note[inner..end];
        if label.ends_with(':') && label.len() <= 60 {
            labels.push((start, end + 2, label));
        }
        at = end + 2;
    }
    let mut out = Vec::new();
    for (k, &(_, end, label)) in labels.iter().enumerate() {
        let stop = labels.get(k + 1).map_or(note.len(), |l| l.0);
        match label {
            "Reported:" => out.push((true, &note[end..stop])),
            "Inferred:" => out.push((false, &note[end..stop])),
            _ => {}
        }
    }
    out
}

/// A paragraph cut into clauses at `;` and at `. ` outside parentheses.
fn clauses(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    let bytes = text.as_bytes();
    for (k, &b) in bytes.iter().enumerate() {
        match b {
            b'(' => depth += 1,
            b')' => depth = (depth - 1).max(0),
            b';' if depth == 0 => {
                out.push(&text[start..k]);
                start = k + 1;
            }
            b'.' if depth == 0 && bytes.get(k + 1).is_some_and(|c| c.is_ascii_whitespace()) => {
                out.push(&text[start..k]);
                start = k + 1;
            }
            _ => {}
        }
    }
    out.push(&text[start..]);
    out
}

/// The words of 3 letters or more of an option id (`de_facto_us` → `facto`).
fn oid_words(id: &str) -> Vec<String> {
    id.split('_')
        .filter(|w| w.len() >= 3)
        .map(str::to_owned)
        .collect()
}

/// Whether `text` (lower case) holds `word` (lower case) with no letter, digit or `_` on
/// either side.
fn has_word(text: &str, word: &str) -> bool {
    if word.is_empty() {
        return false;
    }
    let is_inner = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(word).any(|(k, _)| {
        let before = text[..k].chars().next_back();
        let after = text[k + word.len()..].chars().next();
        !before.is_some_and(is_inner) && !after.is_some_and(is_inner)
    })
}

/// Where party `party`'s red line on `option` of `issue` comes from, read from its note: a
/// clause (cut at `;` or a full stop) of the `**Reported:**` or `**Inferred:**` paragraph that
/// speaks of a "red line" and names the option (its id, with `_` read as a space too, or its
/// label) or the issue (its id, or its title without a closing parenthesis). An inferred
/// mention wins over a reported one (the cautious reading); the sources of either are the
/// scenario's source ids in its clauses. Nothing found: [`RedLineOrigin::InFile`].
pub fn red_line_origin(
    s: &accord_model::Scenario,
    party: accord_model::PartyIx,
    issue: accord_model::IssueIx,
    option: accord_model::OptionIx,
) -> RedLineOrigin {
    red_line_reading(s, party, issue, option).0
}

/// What a red line was read from, when the clause that gives it says so: its words from
/// "from" to the clause's end, after "read from" or "inferred from" — "from polls: KIIS asked
/// …", "from the E3's deletion of point 3 (s44), not from a stated refusal". The report quotes
/// it wherever it cites the red line, so a red line read from an act or a poll does not pass
/// for a stated refusal.
pub fn red_line_basis(
    s: &accord_model::Scenario,
    party: accord_model::PartyIx,
    issue: accord_model::IssueIx,
    option: accord_model::OptionIx,
) -> Option<String> {
    red_line_reading(s, party, issue, option).1
}

/// A basis ([`red_line_basis`]) cut short for a table cell: up to its first colon, comma or
/// parenthesis ("from polls", "from the E3's deletion of the 28 points' point 3").
pub fn short_basis(basis: &str) -> &str {
    basis
        .find([':', ',', '(', ';'])
        .map_or(basis, |k| &basis[..k])
        .trim_end()
}

/// The words of `clause` from "from" on, after "read from" or "inferred from".
fn basis_in(clause: &str) -> Option<String> {
    let lower = clause.to_lowercase();
    ["read from ", "inferred from "].iter().find_map(|marker| {
        lower.find(marker).map(|k| {
            let from = k + marker.len() - "from ".len();
            clause[from..].trim().trim_end_matches('.').to_owned()
        })
    })
}

fn red_line_reading(
    s: &accord_model::Scenario,
    party: accord_model::PartyIx,
    issue: accord_model::IssueIx,
    option: accord_model::OptionIx,
) -> (RedLineOrigin, Option<String>) {
    let Some(note) = s.party(party).note() else {
        return (RedLineOrigin::InFile, None);
    };
    let i = s.issue(issue);
    let mut names: Vec<String> = Vec::new();
    let oid = i.option_value(option).to_string().to_lowercase();
    names.push(oid.replace('_', " "));
    names.push(oid);
    names.push(i.option_label(option).to_lowercase());
    let iid = i.id().to_string().to_lowercase();
    names.push(iid.replace('_', " "));
    names.push(iid);
    let title = i.title().to_lowercase();
    let title = match title.rfind(" (") {
        Some(k) if title.ends_with(')') => title[..k].to_owned(),
        _ => title,
    };
    names.push(title);
    let names: Vec<String> = names.into_iter().map(|n| n.replace('-', " ")).collect();
    // An id of several words also matches when its longer words (3 letters or more) all
    // appear in the clause: `constitutional_ban` in "the constitutional NATO ban".
    let id_words: Vec<String> = if oid_words(&names[1]).len() >= 2 {
        oid_words(&names[1])
    } else {
        Vec::new()
    };
    let mut reported = false;
    let mut sources: Vec<accord_model::SourceIx> = Vec::new();
    let mut basis: Option<String> = None;
    let source_ids = |clause: &str, sources: &mut Vec<accord_model::SourceIx>| {
        for token in clause.split(|c: char| !(c.is_alphanumeric() || "_.-".contains(c))) {
            let token = token.trim_end_matches('.');
            if let Some(src) = s.find_source(token)
                && !sources.contains(&src)
            {
                sources.push(src);
            }
        }
    };
    for (is_reported, paragraph) in marked_paragraphs(note) {
        for clause in clauses(paragraph) {
            let lower = clause
                .to_lowercase()
                .replace(['`', '*'], "")
                .replace('-', " ");
            if !lower.contains("red line") {
                continue;
            }
            let named = names.iter().any(|n| n.len() >= 2 && has_word(&lower, n))
                || (!id_words.is_empty() && id_words.iter().all(|w| has_word(&lower, w)));
            if !named {
                continue;
            }
            if !is_reported {
                let mut inferred = Vec::new();
                source_ids(clause, &mut inferred);
                return (RedLineOrigin::Inferred(inferred), basis_in(clause.trim()));
            }
            reported = true;
            source_ids(clause, &mut sources);
            if basis.is_none() {
                basis = basis_in(clause.trim());
            }
        }
    }
    if reported {
        (RedLineOrigin::Reported(sources), basis)
    } else {
        (RedLineOrigin::InFile, None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_inferred_paragraph_only() {
        let i = Inferred::of(Some(
            "**Reported:** its weights were in the white paper.\n**Inferred:** the walk-away.",
        ));
        assert!(i.marked && i.walk_away && !i.weights && !i.scores);
        assert_eq!(i.utility_words().as_deref(), Some("walk-away"));
        let i = Inferred::of(Some(
            "**Inferred:** all weights; the ranking of options. **Reported:** the walk-away.",
        ));
        assert!(i.weights && i.scores && !i.walk_away);
        assert_eq!(i.utility_words().as_deref(), Some("weights and scores"));
        assert_eq!(Inferred::of(Some("no marks here")), Inferred::default());
        assert_eq!(Inferred::of(None).utility_words(), None);
        let i = Inferred::of(Some("**Inferred:** everything numeric."));
        assert_eq!(i.utility_words().as_deref(), Some("preferences"));
    }

    #[test]
    fn reads_where_a_red_line_comes_from() {
        let text = r#"
format = "accord/1"
[scenario]
id = "t"
title = "T"
[sources.a1]
title = "A"
[sources.b2]
title = "B"
[areas.a]
title = "A"
[issues.border]
area = "a"
title = "Where the border runs (I1)"
options = [{ id = "river", label = "The river" }, { id = "ridge" }, { id = "line" }]
[issues.fund]
area = "a"
title = "Fund"
options = [{ id = "none" }, { id = "big" }, { id = "tax_free_gift" }]
[parties.north]
name = "North"
walk_away = 0.4
red_lines = { border = ["river", "ridge"], fund = ["none", "tax_free_gift"] }
note = "**Reported:** it will not accept the river (a1, b2): red line; the fund is vital; a gift free of tax is a red line (b2), read from its veto of the bill (b2), not a stated refusal. **Inferred:** the ridge is a red line too, inferred from a poll: 60% against (a1). **Red line:** no fund at all."
[parties.north.weights]
border = 1
[parties.north.scores.border]
river = 0
ridge = 0.5
line = 1
"#;
        let parsed = accord_model::parse(text);
        let s = parsed
            .scenario
            .unwrap_or_else(|| panic!("{:?}", parsed.diagnostics));
        let p = s.find_party("north").unwrap();
        let border = s.find_issue("border").unwrap();
        let fund = s.find_issue("fund").unwrap();
        let o = |i: accord_model::IssueIx, id: &str| {
            s.issue(i)
                .options()
                .find(|&o| s.issue(i).option_value(o).to_string() == id)
                .unwrap()
        };
        assert_eq!(
            red_line_origin(&s, p, border, o(border, "river")),
            RedLineOrigin::Reported(vec![
                s.find_source("a1").unwrap(),
                s.find_source("b2").unwrap()
            ])
        );
        assert_eq!(
            red_line_origin(&s, p, border, o(border, "ridge")),
            RedLineOrigin::Inferred(vec![s.find_source("a1").unwrap()])
        );
        assert_eq!(
            red_line_basis(&s, p, border, o(border, "ridge")).as_deref(),
            Some("from a poll: 60% against (a1)")
        );
        assert_eq!(short_basis("from a poll: 60% against (a1)"), "from a poll");
        assert_eq!(red_line_basis(&s, p, border, o(border, "river")), None);
        assert_eq!(
            red_line_basis(&s, p, fund, o(fund, "tax_free_gift")).as_deref(),
            Some("from its veto of the bill (b2), not a stated refusal")
        );
        assert_eq!(
            red_line_origin(&s, p, fund, o(fund, "tax_free_gift")),
            RedLineOrigin::Reported(vec![s.find_source("b2").unwrap()])
        );
        // The "**Red line:**" paragraph is neither reported nor inferred.
        assert_eq!(
            red_line_origin(&s, p, fund, o(fund, "none")),
            RedLineOrigin::InFile
        );
    }
}

//! Problems found in a scenario file, with where they are and what would be right.

use std::ops::Range;

/// How bad a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The file breaks a rule of the format: it is not analyzed.
    Error,
    /// Legal but probably not meant (a score for an issue the party does not weigh, say);
    /// `--strict` turns it into an error.
    Warning,
    /// Reported only by `--strict`, where it is an error: a claim that cites no source.
    Strict,
}

/// One problem in a scenario file.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Diagnostic {
    /// How bad it is.
    pub severity: Severity,
    /// A stable name of the rule it breaks, e.g. `unknown-key`; tools can match on it.
    pub code: &'static str,
    /// The key path, e.g. `parties.ukraine.scores.troop_cap`.
    pub path: String,
    /// What is wrong.
    pub message: String,
    /// What would be right, or the closest known id or key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// Byte range in the file.
    #[serde(skip)]
    pub span: Range<usize>,
}

/// A file's name and text, to turn byte offsets into lines and columns.
///
/// The line starts are found once, so each lookup is a binary search plus a count of the
/// characters before the offset on its line: a file with many diagnostics is not rescanned
/// from the top for each.
#[derive(Clone, Debug)]
pub struct SourceText<'a> {
    /// The name shown in messages (usually the path as given).
    pub name: &'a str,
    /// The whole text.
    pub text: &'a str,
    /// Byte offset of every line's start (the first is 0).
    line_starts: Vec<usize>,
}

/// A line and column, both starting at 1; the column counts characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct LineCol {
    /// Line number, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub column: usize,
}

impl<'a> SourceText<'a> {
    /// Indexes the lines of `text`.
    pub fn new(name: &'a str, text: &'a str) -> Self {
        SourceText {
            name,
            text,
            line_starts: line_starts(text),
        }
    }

    /// The line and column of a byte offset (clamped to the text).
    pub fn line_col(&self, offset: usize) -> LineCol {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        // The last line starting at or before the offset.
        let line = self.line_starts.partition_point(|&s| s <= offset);
        let line_start = self.line_starts[line - 1];
        let column = self.text[line_start..offset].chars().count() + 1;
        LineCol { line, column }
    }
}

/// The byte offset of every line's start in `text` (the first is 0; lines end at `\n`).
pub fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

/// A diagnostic with its position resolved, as printed by `accord check --json`.
#[derive(Clone, Debug, serde::Serialize)]
pub struct LocatedDiagnostic<'a> {
    /// The file name.
    pub file: &'a str,
    /// Where the problem starts.
    #[serde(flatten)]
    pub position: LineCol,
    /// The problem.
    #[serde(flatten)]
    pub diagnostic: &'a Diagnostic,
}

impl Diagnostic {
    /// Resolves the position of this diagnostic in `source`.
    pub fn locate<'a>(&'a self, source: &SourceText<'a>) -> LocatedDiagnostic<'a> {
        LocatedDiagnostic {
            file: source.name,
            position: source.line_col(self.span.start),
            diagnostic: self,
        }
    }
}

/// The closest candidate to `typo`, if one is close enough to be a likely typo: at most one
/// edit (insertion, deletion, substitution or transposition) per three characters of the
/// longer of the two, and at least one. Ties go to the first candidate.
pub fn closest<'a>(typo: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let typo_len = typo.chars().count();
    candidates
        .into_iter()
        .filter_map(|c| {
            let len = c.chars().count();
            let max = (len.max(typo_len) / 3).max(1);
            // The distance is at least the difference in length: skip those unmeasured, so that
            // a file with thousands of ids stays fast.
            if len.abs_diff(typo_len) > max {
                return None;
            }
            let d = strsim::damerau_levenshtein(typo, c);
            (d > 0 && d <= max).then_some((d, c))
        })
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_transpositions_and_near_misses() {
        let ids = ["troop_cap", "territory", "nato"];
        assert_eq!(closest("troop_cpa", ids), Some("troop_cap"));
        assert_eq!(closest("teritory", ids), Some("territory"));
        assert_eq!(closest("nat", ids), Some("nato"));
        assert_eq!(closest("sanctions", ids), None);
    }

    #[test]
    fn line_and_column_count_characters() {
        let s = SourceText::new("f", "a = 1\nbé = 2\n");
        assert_eq!(s.line_col(0), LineCol { line: 1, column: 1 });
        assert_eq!(s.line_col(6), LineCol { line: 2, column: 1 });
        // byte 10 is the `=` after "bé " (é is two bytes, one character)
        assert_eq!(s.line_col(10), LineCol { line: 2, column: 4 });
        // an offset inside `é` is moved back to its start
        assert_eq!(s.line_col(8), LineCol { line: 2, column: 2 });
        assert_eq!(s.line_col(999).line, 3);
    }

    #[test]
    fn indexed_lookup_equals_a_scan_from_the_top() {
        // Every offset of a text with empty lines, CRLF, multi-byte characters and no final
        // newline, against the definition.
        let text = "\n\nfirst = 1\r\nß€ = \"日本\"\n\n  x = 🙂\nlast";
        let naive = |offset: usize| {
            let mut offset = offset.min(text.len());
            while !text.is_char_boundary(offset) {
                offset -= 1;
            }
            let before = &text[..offset];
            let line = before.matches('\n').count() + 1;
            let start = before.rfind('\n').map_or(0, |i| i + 1);
            LineCol {
                line,
                column: before[start..].chars().count() + 1,
            }
        };
        let s = SourceText::new("f", text);
        for offset in 0..=text.len() + 2 {
            assert_eq!(s.line_col(offset), naive(offset), "offset {offset}");
        }
    }
}

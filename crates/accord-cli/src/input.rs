//! Reading a scenario file and reporting its problems, for people (miette) or tools (JSON).

use std::io::IsTerminal;
use std::path::Path;
use std::sync::Arc;

pub use accord_formats::Loaded;
use accord_model::json::{AppliedWhatIfJson, CheckJson, WithWhatIfs};
use accord_model::whatif::WhatIf;
use accord_model::{Scenario, Severity, SourceText};
use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, MietteError,
    MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};

use crate::Failure;

/// Reads and parses a file of any supported format (accord-formats sniffs it). A file that
/// cannot be read or imported is reported here, in the requested form; import warnings are
/// shown to people, not to tools.
pub fn load(path: &Path, json: bool) -> Result<Loaded, Failure> {
    let loaded = accord_formats::load(path).map_err(|e| {
        let name = path.display().to_string();
        unreadable(&name, &e.to_string(), json);
        status(&e)
    })?;
    if !json {
        crate::import::print_warnings(&loaded.warnings);
    }
    Ok(loaded)
}

/// The exit status of a loading error: what-ifs that do not apply are a usage error; a file
/// that cannot be read, imported or written, or an invalid scenario, is invalid input.
pub fn status(e: &accord_formats::Error) -> Failure {
    match e {
        accord_formats::Error::WhatIf { .. } => Failure::Usage,
        _ => Failure::InvalidInput,
    }
}

/// Reports an unreadable input (the message names the file).
fn unreadable(name: &str, message: &str, json: bool) {
    if json {
        print_json(&CheckJson::unreadable(name, message));
    } else {
        eprintln!("error: {message}");
    }
}

/// Loads a scenario for a command that needs a valid one: reports every problem and returns
/// the scenario, with the what-ifs applied, only when there is no error. Warnings are shown to
/// people, not to tools. An invalid what-if is a usage error.
pub fn load_valid(
    path: &Path,
    json: bool,
    what_ifs: &[WhatIf],
) -> Result<(Loaded, Scenario), Failure> {
    validate(load(path, json)?, json, what_ifs)
}

/// The scenario bundled in the binary: the flagship, used by `accord report` without a file.
pub const BUNDLED: &str = include_str!("../../../examples/ukraine-2025.toml");
/// The name the bundled scenario goes by in messages.
pub const BUNDLED_NAME: &str = "examples/ukraine-2025.toml (bundled)";

/// The bundled scenario, as if read from its file.
pub fn bundled() -> Loaded {
    Loaded::from_text(BUNDLED_NAME, BUNDLED)
}

/// Checks a loaded file as [`load_valid`] does.
pub fn validate(
    mut loaded: Loaded,
    json: bool,
    what_ifs: &[WhatIf],
) -> Result<(Loaded, Scenario), Failure> {
    if loaded.has_errors() || !json {
        report(&loaded, false, json);
    }
    match loaded.scenario(what_ifs) {
        Ok(scenario) => Ok((loaded, scenario)),
        Err(e) => {
            if let accord_formats::Error::WhatIf { errors, .. } = &e {
                if json {
                    print_json(&CheckJson::what_ifs(&loaded.name, errors));
                } else {
                    for e in errors {
                        // The what-if as typed on the command line, then what is wrong.
                        let help = e.help.as_ref().map(|h| format!(" ({h})"));
                        let help = help.unwrap_or_default();
                        eprintln!("error: {}: {}{help}", e.what_if, e.message);
                    }
                }
            }
            // Otherwise invalid: its diagnostics were reported above.
            Err(status(&e))
        }
    }
}

/// Prints the diagnostics: JSON on stdout, or rendered for people on stderr.
pub fn report(loaded: &Loaded, strict: bool, json: bool) {
    let diagnostics = loaded.parsed.findings(strict);
    let source = SourceText::new(&loaded.name, &loaded.text);
    if json {
        let valid = loaded.parsed.passes(strict);
        print_json(&CheckJson::new(&source, &diagnostics, valid));
        return;
    }
    let theme = if std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none() {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme).with_context_lines(1);
    let named = Arc::new(IndexedSource::new(&loaded.name, &loaded.text));
    for d in &diagnostics {
        let severity = match (d.severity, strict) {
            (Severity::Error, _) | (_, true) => miette::Severity::Error,
            (Severity::Warning, false) => miette::Severity::Warning,
            (Severity::Strict, false) => miette::Severity::Advice,
        };
        let headline = if d.path.is_empty() {
            d.message.clone()
        } else {
            format!("{}: {}", d.path, d.message)
        };
        let mut m = MietteDiagnostic::new(headline)
            .with_code(d.code)
            .with_severity(severity);
        if let Some(help) = &d.help {
            m = m.with_help(help.clone());
        }
        if !loaded.text.is_empty() {
            let span = clamp_span(&loaded.text, d.span.clone());
            m = m.with_label(LabeledSpan::underline(span));
        }
        let report = miette::Report::new(m).with_source_code(Arc::clone(&named));
        let mut out = String::new();
        let _ = handler.render_report(&mut out, report.as_ref());
        eprintln!("{out}");
    }
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let others = diagnostics.len() - errors;
    if !diagnostics.is_empty() {
        eprintln!(
            "{}: {errors} error{}, {others} other finding{}",
            loaded.name,
            plural(errors),
            plural(others)
        );
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The scenario text for miette, with its line starts found once. miette's own reader scans
/// from the top of the text for every diagnostic (200 diagnostics in a 15 MB file took 4 s);
/// this one hands it only the lines around the span, and shifts its answer back.
struct IndexedSource {
    name: String,
    text: String,
    /// Byte offset of every line's start (the first is 0).
    line_starts: Vec<usize>,
}

impl IndexedSource {
    fn new(name: &str, text: &str) -> Self {
        IndexedSource {
            name: name.to_string(),
            text: text.to_string(),
            line_starts: accord_model::diagnostic::line_starts(text),
        }
    }

    /// The line (from 0) holding a byte offset.
    fn line_of(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&s| s <= offset) - 1
    }
}

impl SourceCode for IndexedSource {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let first = self
            .line_of(span.offset().min(self.text.len()))
            .saturating_sub(context_lines_before);
        let last = self.line_of((span.offset() + span.len()).min(self.text.len()))
            + context_lines_after
            + 1;
        let start = self.line_starts[first];
        let end = self
            .line_starts
            .get(last + 1)
            .copied()
            .unwrap_or(self.text.len());
        let window = &self.text.as_bytes()[start..end];
        let inner = SourceSpan::new(span.offset().saturating_sub(start).into(), span.len());
        let c = window.read_span(&inner, context_lines_before, context_lines_after)?;
        let data: &'a [u8] = c.data();
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            data,
            SourceSpan::new((c.span().offset() + start).into(), c.span().len()),
            c.line() + first,
            c.column(),
            c.line_count() + first,
        )))
    }
}

/// A span within the text and on character boundaries, as miette requires.
fn clamp_span(text: &str, span: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let mut start = span.start.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = span.end.clamp(start, text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    start..end
}

/// Prints a command's JSON result (an object) with its `what_if` list as the last key
/// ([`WithWhatIfs`]).
pub fn print_result(value: &impl serde::Serialize, scenario: &Scenario, what_ifs: &[WhatIf]) {
    let list = AppliedWhatIfJson::list(scenario, what_ifs);
    print_json(&WithWhatIfs::new(value, &list));
}

/// Prints `accord evaluate --json` with its what-ifs: the one plan's object, or every object
/// of the array, gets the `what_if` list as its last key.
pub fn print_evaluation(
    value: &accord_model::json::EvaluateJson<'_>,
    scenario: &Scenario,
    what_ifs: &[WhatIf],
) {
    let list = AppliedWhatIfJson::list(scenario, what_ifs);
    print_json(&value.with_what_ifs(&list));
}

/// Prints a JSON result of a command that takes no what-ifs, with its empty `what_if` list.
pub fn print_result_without_what_ifs(value: &impl serde::Serialize) {
    print_json(&WithWhatIfs::new(value, &[]));
}

/// The line above a table for people, one per what-if: the change in the scenario's words,
/// then the flag it was given as.
pub fn print_what_ifs(scenario: &Scenario, what_ifs: &[WhatIf]) {
    for w in what_ifs {
        outln!(
            "{}",
            crate::style::wrap(
                &format!("what-if: {} ({w})", w.in_words(scenario)),
                "",
                "  "
            )
        );
    }
}

/// Prints a JSON value on stdout, pretty.
pub fn print_json(value: &impl serde::Serialize) {
    use std::io::Write as _;
    let mut out = crate::out::stdout();
    match serde_json::to_writer_pretty(&mut out, value) {
        Ok(()) => {
            let _ = writeln!(out);
        }
        Err(e) => eprintln!("error: cannot write JSON: {e}"),
    }
}

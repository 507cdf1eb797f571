//! Reading a scenario file and reporting its problems, for people (miette) or tools (JSON).

use std::fs::File;
use std::io::{IsTerminal, Read};
use std::path::Path;
use std::sync::Arc;

use accord_model::parse::limits::MAX_FILE_BYTES;
use accord_model::whatif::{self, WhatIf};
use accord_model::{Diagnostic, Parsed, Scenario, Severity, SourceText};
use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, MietteError,
    MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};

use crate::Status;

/// A file that was read, with its parse result.
pub struct Loaded {
    /// The name to show in messages.
    pub name: String,
    /// The file's text.
    pub text: String,
    /// The result of parsing it.
    pub parsed: Parsed,
}

/// Reads and parses a file. Errors reading it are reported here, in the requested form.
pub fn load(path: &Path, json: bool) -> Result<Loaded, Status> {
    let name = path.display().to_string();
    if let Some(format) = foreign_format(path) {
        // A Genius folder or GeniusWeb files: import, then parse the accord/1 text.
        let imported = crate::import::import(format, &[path.to_path_buf()], 21)
            .map_err(|e| unreadable(&name, &e.to_string(), json))?;
        if !json {
            crate::import::print_warnings(&imported.warnings);
        }
        let parsed = accord_model::parse(&imported.toml);
        return Ok(Loaded {
            name,
            text: imported.toml,
            parsed,
        });
    }
    let text = read_limited(path)
        .map_err(|message| unreadable(&name, &format!("{name}: {message}"), json))?;
    let parsed = accord_model::parse(&text);
    Ok(Loaded { name, text, parsed })
}

/// The foreign format of a path: a folder (Genius when it holds `.xml` files, else GeniusWeb)
/// or a `.xml` / `.json` file.
fn foreign_format(path: &Path) -> Option<crate::import::Format> {
    use crate::import::Format;
    let ext = |p: &Path, e: &str| p.extension().is_some_and(|x| x.eq_ignore_ascii_case(e));
    if path.is_dir() {
        let has_xml = std::fs::read_dir(path)
            .ok()?
            .filter_map(Result::ok)
            .any(|e| ext(&e.path(), "xml"));
        return Some(if has_xml {
            Format::Genius
        } else {
            Format::Geniusweb
        });
    }
    if ext(path, "xml") {
        Some(Format::Genius)
    } else if ext(path, "json") {
        Some(Format::Geniusweb)
    } else {
        None
    }
}

/// Reports an unreadable input and returns the status.
fn unreadable(name: &str, message: &str, json: bool) -> Status {
    if json {
        print_json(&serde_json::json!({
            "file": name,
            "valid": false,
            "diagnostics": [{
                "file": name, "line": 0, "column": 0, "severity": "error",
                "code": "unreadable", "path": "", "message": message,
            }],
        }));
    } else {
        eprintln!("error: {message}");
    }
    Status::InvalidInput
}

/// Reads a file as UTF-8, refusing files over the size limit before reading them whole.
fn read_limited(path: &Path) -> Result<String, String> {
    let file = File::open(path).map_err(|e| format!("cannot open: {e}"))?;
    let mut bytes = Vec::new();
    // Read one byte past the limit to tell "at the limit" from "over it" without trusting
    // metadata (pipes and special files have none).
    file.take(MAX_FILE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read: {e}"))?;
    if bytes.len() > MAX_FILE_BYTES {
        return Err(format!(
            "the file is larger than {MAX_FILE_BYTES} bytes (16 MiB), the limit for a scenario"
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        format!("the file is not UTF-8 text (invalid byte at offset {offset})")
    })
}

/// Loads a scenario for a command that needs a valid one: reports every problem and returns
/// the scenario, with the what-ifs applied, only when there is no error. Warnings are shown to
/// people, not to tools. An invalid what-if is a usage error.
pub fn load_valid(
    path: &Path,
    json: bool,
    what_ifs: &[WhatIf],
) -> Result<(Loaded, Scenario), Status> {
    validate(load(path, json)?, json, what_ifs)
}

/// The scenario bundled in the binary: the flagship, used by `accord report` without a file.
pub const BUNDLED: &str = include_str!("../../../examples/ukraine-2025.toml");
/// The name the bundled scenario goes by in messages.
pub const BUNDLED_NAME: &str = "examples/ukraine-2025.toml (bundled)";

/// The bundled scenario, as if read from its file.
pub fn bundled() -> Loaded {
    Loaded {
        name: BUNDLED_NAME.to_owned(),
        text: BUNDLED.to_owned(),
        parsed: accord_model::parse(BUNDLED),
    }
}

/// Checks a loaded file as [`load_valid`] does.
pub fn validate(
    mut loaded: Loaded,
    json: bool,
    what_ifs: &[WhatIf],
) -> Result<(Loaded, Scenario), Status> {
    let failed = loaded.parsed.errors().next().is_some();
    if failed {
        report(&loaded, false, json);
        return Err(Status::InvalidInput);
    }
    if !json {
        report(&loaded, false, false);
    }
    let scenario = loaded
        .parsed
        .scenario
        .take()
        .expect("no errors, so a scenario");
    if what_ifs.is_empty() {
        return Ok((loaded, scenario));
    }
    match whatif::apply(&scenario, what_ifs) {
        Ok(changed) => Ok((loaded, changed)),
        Err(errors) => {
            if json {
                let diagnostics: Vec<_> = errors
                    .iter()
                    .map(|e| {
                        serde_json::json!({
                            "file": loaded.name, "line": 0, "column": 0, "severity": "error",
                            "code": "what-if", "path": e.what_if, "message": e.message,
                            "help": e.help,
                        })
                    })
                    .collect();
                print_json(&serde_json::json!({
                    "file": loaded.name, "valid": false, "diagnostics": diagnostics,
                }));
            } else {
                for e in &errors {
                    eprintln!("error: {e}");
                }
            }
            Err(Status::Usage)
        }
    }
}

/// Which diagnostics are shown: strict-only findings only with `--strict`.
pub fn shown(loaded: &Loaded, strict: bool) -> Vec<&Diagnostic> {
    loaded
        .parsed
        .diagnostics
        .iter()
        .filter(|d| strict || d.severity != Severity::Strict)
        .collect()
}

/// Whether the diagnostics fail the check: errors always; warnings and strict findings under
/// `--strict`.
pub fn fails(diagnostics: &[&Diagnostic], strict: bool) -> bool {
    diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error || strict)
}

/// Prints the diagnostics: JSON on stdout, or rendered for people on stderr.
pub fn report(loaded: &Loaded, strict: bool, json: bool) {
    let diagnostics = shown(loaded, strict);
    let source = SourceText::new(&loaded.name, &loaded.text);
    if json {
        let located: Vec<_> = diagnostics.iter().map(|d| d.locate(&source)).collect();
        print_json(&serde_json::json!({
            "file": loaded.name,
            "valid": !fails(&diagnostics, strict),
            "diagnostics": located,
        }));
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

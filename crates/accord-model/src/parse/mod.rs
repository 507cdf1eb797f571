//! From `accord/1` TOML text to a validated [`Scenario`], reporting every problem at once.
//!
//! The text is parsed by `toml` into a spanned tree; this module walks the tree once, checking
//! every rule of `shared/spec/scenario.md` and recording each failure as a [`Diagnostic`] with a
//! span and key path. Only when no error was found is a [`Scenario`] assembled, so a `Scenario`
//! value is always valid.
//!
//! Cascades are avoided: an issue whose options could not be read is still known by id, and
//! references to its options are then not checked (the first error explains the problem).

pub(crate) mod reader;

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::rc::Rc;

use toml::de::{DeTable, DeValue};

use crate::diagnostic::{Diagnostic, Severity, closest};
use crate::id::*;
use crate::scenario::*;
use reader::*;

/// Limits that keep hostile files harmless (see the spec's "Errors" section).
pub mod limits {
    /// Largest file accepted, in bytes.
    pub const MAX_FILE_BYTES: usize = 16 * 1024 * 1024;
    /// Most issues in one scenario.
    pub const MAX_ISSUES: usize = 10_000;
    /// Most parties in one scenario.
    pub const MAX_PARTIES: usize = 1_000;
    /// Most discrete options listed over all issues.
    pub const MAX_LISTED_OPTIONS: usize = 100_000;
    /// Most points of one numeric grid.
    pub const MAX_GRID_POINTS: usize = 1_000_000;
}

/// The exact format string a scenario must declare.
pub const FORMAT: &str = "accord/1";

/// The result of reading a scenario: the scenario if it is valid, and every problem found.
#[derive(Debug)]
pub struct Parsed {
    /// The scenario, present exactly when no diagnostic is an error.
    pub scenario: Option<Scenario>,
    /// Errors, warnings and strict-mode findings, in file order.
    pub diagnostics: Vec<Diagnostic>,
}

impl Parsed {
    /// The errors (problems that make the file invalid).
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
    }
}

/// Parses and validates a scenario from its text.
///
/// ```
/// let text = r#"
/// format = "accord/1"
/// [scenario]
/// id = "tiny"
/// title = "Tiny"
/// [areas.a]
/// title = "A"
/// [issues.x]
/// area = "a"
/// title = "X"
/// options = [{ id = "yes" }, { id = "no" }]
/// [parties.p]
/// name = "P"
/// walk_away = 0.5
/// weights = { x = 1 }
/// scores.x = { yes = 1.0, no = 0.0 }
/// "#;
/// let parsed = accord_model::parse(text);
/// assert!(parsed.scenario.is_some(), "{:?}", parsed.diagnostics);
///
/// let broken = text.replace("weights = { x = 1 }", "weights = { y = 1 }");
/// let parsed = accord_model::parse(&broken);
/// assert!(parsed.scenario.is_none());
/// let first = parsed.errors().next().unwrap();
/// assert_eq!(first.path, "parties.p.weights.y");
/// assert_eq!(first.message, "unknown issue `y`");
/// assert_eq!(first.help.as_deref(), Some("did you mean `x`?"));
/// ```
pub fn parse(text: &str) -> Parsed {
    let mut sink = Sink::default();
    if text.len() > limits::MAX_FILE_BYTES {
        sink.error(
            "too-large",
            0..0,
            "",
            format!(
                "the file has {} bytes; the limit is {} (16 MiB)",
                text.len(),
                limits::MAX_FILE_BYTES
            ),
            None,
        );
        return finish(sink, None);
    }
    let (root, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        syntax_errors(&mut sink, text, &errors);
        return finish(sink, None);
    }
    let mut b = Builder {
        sink,
        ..Builder::default()
    };
    b.document(root.get_ref(), root.span());
    let sink = std::mem::take(&mut b.sink);
    let scenario = (sink.errors == 0).then(|| b.assemble());
    finish(sink, scenario)
}

/// Reports TOML syntax errors. A duplicate key is named; when a `[table]` header repeats an
/// earlier one, toml also reports every key of the repeated table, and only the header is kept.
/// An error repeated at the same place (one "unclosed array" per unclosed `[`) is kept once.
fn syntax_errors(sink: &mut Sink, text: &str, errors: &[toml::de::Error]) {
    // The line of a byte offset, and whether that line is a `[table]` header.
    let line_at = |offset: usize| {
        let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
        (start, text[start..end].trim_start().starts_with('['))
    };
    // Inside a repeated table: its header line and where the next header starts.
    let mut repeated: Option<Range<usize>> = None;
    let mut previous: Option<(Range<usize>, &str)> = None;
    for e in errors {
        let span = e.span().unwrap_or(0..0);
        let span = span.start.min(text.len())..span.end.min(text.len());
        let message = e.message().trim_end();
        if previous.as_ref() == Some(&(span.clone(), message)) {
            continue;
        }
        previous = Some((span.clone(), message));
        let (message, help) = if message == "duplicate key"
            && text.is_char_boundary(span.start)
            && text.is_char_boundary(span.end)
        {
            let (line_start, header) = line_at(span.start);
            if repeated
                .as_ref()
                .is_some_and(|r| !header && r.contains(&line_start))
            {
                continue;
            }
            repeated = header.then(|| {
                let next = text[span.end..]
                    .match_indices('\n')
                    .map(|(i, _)| span.end + i + 1)
                    .find(|&i| line_at(i).1)
                    .unwrap_or(text.len());
                line_start..next
            });
            (
                format!("duplicate key `{}`", &text[span.clone()]),
                Some(if header {
                    "a table is defined once: merge the two tables, or rename one (ids are unique within their table)".to_owned()
                } else {
                    "a key is defined once in its table: remove or rename one".to_owned()
                }),
            )
        } else {
            (message.to_owned(), None)
        };
        sink.error(
            "toml-syntax",
            span,
            "",
            format!("invalid TOML: {message}"),
            help,
        );
    }
}

fn finish(mut sink: Sink, scenario: Option<Scenario>) -> Parsed {
    sink.diagnostics.sort_by_key(|d| (d.span.start, d.span.end));
    if sink.dropped > 0 {
        sink.diagnostics.push(Diagnostic {
            severity: Severity::Error,
            code: "too-many-problems",
            path: String::new(),
            message: format!("{} more problems not shown", sink.dropped),
            help: Some("fix the ones above and check again".into()),
            span: 0..0,
        });
    }
    Parsed {
        scenario,
        diagnostics: sink.diagnostics,
    }
}

/// What is known of an issue while the file is read.
struct IssueDraft {
    /// The id, for suggestions in file order.
    id: String,
    /// `None` when the issue's options could not be read: references to it go unchecked.
    /// Shared so that checking a reference does not copy a long option list.
    issue: Option<Rc<ReadIssue>>,
}

/// An issue as read, with an index of its option ids: a file may refer to the options of a
/// 100,000-option issue 100,000 times, and [`Issue::find_option`] scans the list.
struct ReadIssue {
    issue: Issue,
    /// Option id -> index; empty for a numeric issue.
    option_ix: HashMap<String, OptionIx>,
}

impl ReadIssue {
    fn new(issue: Issue) -> Self {
        let option_ix = match &issue.domain {
            IssueDomain::Discrete(options) => options
                .iter()
                .enumerate()
                .map(|(i, o)| (o.id.as_str().to_owned(), OptionIx::from_usize(i)))
                .collect(),
            IssueDomain::Numeric { .. } => HashMap::new(),
        };
        ReadIssue { issue, option_ix }
    }

    /// Finds a discrete option by id, like [`Issue::find_option`] but without a scan.
    fn find_option(&self, id: &str) -> Option<OptionIx> {
        self.option_ix.get(id).copied()
    }
}

impl std::ops::Deref for ReadIssue {
    type Target = Issue;

    fn deref(&self) -> &Issue {
        &self.issue
    }
}

#[derive(Default)]
struct Builder {
    sink: Sink,
    scenario: Option<(ScenarioId, String)>,
    summary: Option<String>,
    as_of: Option<Date>,
    note: Option<String>,
    scenario_sources: Vec<SourceIx>,
    sources: Vec<Source>,
    source_ix: HashMap<String, SourceIx>,
    areas: Vec<Area>,
    area_ix: HashMap<String, AreaIx>,
    issues: Vec<IssueDraft>,
    issue_ix: HashMap<String, IssueIx>,
    listed_options: usize,
    parties: Vec<Party>,
    party_ix: HashMap<String, PartyIx>,
    plans: Vec<Plan>,
    plan_ix: HashMap<String, PlanIx>,
    events: Vec<Event>,
    /// Definitions already reported as unreadable, by kind (`"issue"`, ...): an invalid id, or
    /// the whole table (`None`) when it is not a table or over its limit. References to them
    /// are not reported again.
    broken: HashSet<(&'static str, Option<String>)>,
}

const TOP_KEYS: &[&str] = &[
    "format", "scenario", "sources", "areas", "issues", "parties", "plans", "events",
];

impl Builder {
    fn document(&mut self, root: &DeTable<'_>, span: Range<usize>) {
        let mut top = Table::new(String::new(), span, root);
        if let Some(v) = top.require(&mut self.sink, "format", "\"accord/1\"") {
            {
                if let Some(f) = string(&mut self.sink, v, "format")
                    && f != FORMAT
                {
                    self.sink.error(
                        "bad-format",
                        v.span(),
                        "format",
                        format!("unsupported format `{f}`"),
                        Some(format!(
                            "this version of accord reads `format = \"{FORMAT}\"`"
                        )),
                    );
                }
            }
        }
        // Sources and areas first: everything else refers to them. Then issues, then parties
        // and plans (which refer to issues), then events (which refer to parties and plans).
        if let Some(v) = top.get("sources") {
            self.sources_table(v);
        }
        if let Some(v) = top.require(
            &mut self.sink,
            "scenario",
            "{ id = \"...\", title = \"...\" }",
        ) {
            self.scenario_table(v);
        }
        if let Some(v) = top.get("areas") {
            self.areas_table(v);
        }
        if let Some(v) = top.get("issues") {
            self.issues_table(v);
        }
        if let Some(v) = top.get("parties") {
            self.parties_table(v);
        }
        if let Some(v) = top.get("plans") {
            self.plans_table(v);
        }
        if let Some(v) = top.get("events") {
            self.events_array(v);
        }
        top.finish(&mut self.sink, TOP_KEYS);
    }

    /// Whether a reference to the `kind` `id` fails because its definition was already reported.
    fn is_broken(&self, kind: &'static str, id: &str) -> bool {
        self.broken.contains(&(kind, None)) || self.broken.contains(&(kind, Some(id.to_owned())))
    }

    /// Reads `sources = [...]` of any table.
    fn source_refs(&mut self, t: &mut Table<'_, '_>) -> Vec<SourceIx> {
        let Some(v) = t.get("sources") else {
            return Vec::new();
        };
        let path = join(&t.path, "sources");
        let mut out = Vec::new();
        for (id, span) in strings(&mut self.sink, v, &path) {
            match self.source_ix.get(&id) {
                Some(&ix) => out.push(ix),
                None if self.is_broken("source", &id) => {}
                None => self.sink.unknown_ref(
                    span,
                    &path,
                    "source",
                    &id,
                    self.sources.iter().map(|s| s.id.as_str()),
                ),
            }
        }
        out
    }

    fn opt_string(&mut self, t: &mut Table<'_, '_>, key: &str) -> Option<String> {
        let v = t.get(key)?;
        string(&mut self.sink, v, &join(&t.path, key))
    }

    fn req_string(&mut self, t: &mut Table<'_, '_>, key: &str) -> Option<String> {
        let v = t.require(&mut self.sink, key, "\"...\"")?;
        string(&mut self.sink, v, &join(&t.path, key))
    }

    fn opt_date(&mut self, t: &mut Table<'_, '_>, key: &str) -> Option<Date> {
        let v = t.get(key)?;
        date(&mut self.sink, v, &join(&t.path, key))
    }

    /// Whether a table cites no source: `sources` is absent or empty. A list of unknown ids
    /// does cite (the ids are reported), so it is not reported again as uncited.
    fn cites_nothing(t: &mut Table<'_, '_>) -> bool {
        t.get("sources").is_none_or(
            |v| matches!(v.get_ref(), DeValue::Array(items) if items.iter().next().is_none()),
        )
    }

    /// Reads a table whose keys are ids, checking each id. Bad ids (and a value that is not a
    /// table) are reported and remembered as broken.
    fn id_entries<'a, 'i>(
        &mut self,
        v: &'a Value<'i>,
        path: &str,
        kind: &'static str,
    ) -> Vec<(String, Range<usize>, &'a Value<'i>)> {
        let Some(mut t) = Table::from_value(&mut self.sink, v, path.to_owned()) else {
            self.broken.insert((kind, None));
            return Vec::new();
        };
        let mut out = Vec::new();
        for (key, value) in t.entries() {
            match check_id(key.get_ref()) {
                Ok(()) => out.push((key.get_ref().to_string(), key.span(), value)),
                Err(e) => {
                    self.sink
                        .bad_id(key.span(), &join(path, key.get_ref()), kind, e);
                    self.broken.insert((kind, Some(key.get_ref().to_string())));
                }
            }
        }
        out
    }

    fn scenario_table(&mut self, v: &Value<'_>) {
        let Some(mut t) = Table::from_value(&mut self.sink, v, "scenario".into()) else {
            return;
        };
        let id = t
            .require(&mut self.sink, "id", "\"my-scenario\"")
            .and_then(|v| {
                let s = string(&mut self.sink, v, "scenario.id")?;
                match ScenarioId::new(s) {
                    Ok(id) => Some(id),
                    Err(e) => {
                        self.sink.error(
                            "invalid-id",
                            v.span(),
                            "scenario.id",
                            format!("invalid scenario id: {e}"),
                            Some(
                                "a scenario id uses lower-case letters, digits, `_` and `-`, at most 64 characters"
                                    .into(),
                            ),
                        );
                        None
                    }
                }
            });
        let title = self.req_string(&mut t, "title");
        self.summary = self.opt_string(&mut t, "summary");
        self.as_of = self.opt_date(&mut t, "as_of");
        self.note = self.opt_string(&mut t, "note");
        self.scenario_sources = self.source_refs(&mut t);
        t.finish(
            &mut self.sink,
            &["id", "title", "summary", "as_of", "note", "sources"],
        );
        if let (Some(id), Some(title)) = (id, title) {
            self.scenario = Some((id, title));
        }
    }

    fn sources_table(&mut self, v: &Value<'_>) {
        for (id, _, value) in self.id_entries(v, "sources", "source") {
            let path = join("sources", &id);
            let Some(mut t) = Table::from_value(&mut self.sink, value, path) else {
                continue;
            };
            let title = self.req_string(&mut t, "title");
            let publisher = self.opt_string(&mut t, "publisher");
            let date = self.opt_date(&mut t, "date");
            let url = self.opt_string(&mut t, "url");
            let note = self.opt_string(&mut t, "note");
            t.finish(
                &mut self.sink,
                &["title", "publisher", "date", "url", "note"],
            );
            let ix = SourceIx::from_usize(self.sources.len());
            self.source_ix.insert(id.clone(), ix);
            self.sources.push(Source {
                id: SourceId::new(id).expect("checked"),
                title: title.unwrap_or_default(),
                publisher,
                date,
                url,
                note,
            });
        }
    }

    fn areas_table(&mut self, v: &Value<'_>) {
        for (id, _, value) in self.id_entries(v, "areas", "area") {
            let path = join("areas", &id);
            let Some(mut t) = Table::from_value(&mut self.sink, value, path) else {
                continue;
            };
            let title = self.req_string(&mut t, "title");
            let note = self.opt_string(&mut t, "note");
            let sources = self.source_refs(&mut t);
            t.finish(&mut self.sink, &["title", "note", "sources"]);
            let ix = AreaIx::from_usize(self.areas.len());
            self.area_ix.insert(id.clone(), ix);
            self.areas.push(Area {
                id: AreaId::new(id).expect("checked"),
                title: title.unwrap_or_default(),
                note,
                sources,
            });
        }
    }

    fn issues_table(&mut self, v: &Value<'_>) {
        if let DeValue::Table(t) = v.get_ref()
            && t.len() > limits::MAX_ISSUES
        {
            self.sink.error(
                "too-many",
                v.span().start..v.span().start + 1,
                "issues",
                format!("{} issues; the limit is {}", t.len(), limits::MAX_ISSUES),
                None,
            );
            self.broken.insert(("issue", None));
            return;
        }
        for (id, _, value) in self.id_entries(v, "issues", "issue") {
            let ix = IssueIx::from_usize(self.issues.len());
            self.issue_ix.insert(id.clone(), ix);
            let issue = self.issue(id.clone(), value);
            self.issues.push(IssueDraft {
                id,
                issue: issue.map(Rc::new),
            });
        }
    }

    fn issue(&mut self, id: String, value: &Value<'_>) -> Option<ReadIssue> {
        let path = join("issues", &id);
        let mut t = Table::from_value(&mut self.sink, value, path.clone())?;
        let area = t
            .require(&mut self.sink, "area", "\"an area id\"")
            .and_then(|v| {
                let p = join(&path, "area");
                let a = string(&mut self.sink, v, &p)?;
                let found = self.area_ix.get(&a).copied();
                if found.is_none() && !self.is_broken("area", &a) {
                    self.sink.unknown_ref(
                        v.span(),
                        &p,
                        "area",
                        &a,
                        self.areas.iter().map(|a| a.id.as_str()),
                    );
                }
                found
            });
        let title = self.req_string(&mut t, "title");
        let points = t.get("points").map_or_else(Vec::new, |v| {
            let p = join(&path, "points");
            let Some(items) = array(&mut self.sink, v, &p, "an array of point numbers") else {
                return Vec::new();
            };
            items
                .into_iter()
                .filter_map(|item| match as_number(item.get_ref()) {
                    Some(Ok(x)) if x.fract() == 0.0 && x >= 1.0 && x <= u32::MAX as f64 => {
                        Some(x as u32)
                    }
                    found => {
                        let found = match found {
                            Some(Ok(x)) => format!("{x}"),
                            _ => describe(item.get_ref()).to_owned(),
                        };
                        self.sink.error(
                            "bad-point",
                            item.span(),
                            &p,
                            format!("a plan point is a whole number from 1, found {found}"),
                            Some("write e.g. `points = [6, 7]`".into()),
                        );
                        None
                    }
                })
                .collect()
        });
        let note = self.opt_string(&mut t, "note");
        let sources = self.source_refs(&mut t);
        if Self::cites_nothing(&mut t) {
            self.sink.warn(
                Severity::Strict,
                "uncited",
                t.span.clone(),
                &path,
                format!("issue `{id}` cites no source"),
                Some("add `sources = [\"...\"]`".into()),
            );
        }
        let options = t.get("options");
        let range = t.get("range");
        let unit = t.get("unit");
        let domain = match (options, range) {
            (Some(_), Some(r)) => {
                self.sink.error(
                    "options-and-range",
                    r.span(),
                    &join(&path, "range"),
                    "an issue has `options` or `range`, never both",
                    Some("remove one of them".into()),
                );
                None
            }
            (None, None) => {
                self.sink.error(
                    "missing-key",
                    t.span.start..t.span.start + 1,
                    &path,
                    "missing `options` (a list of options) or `range` (a numeric grid)",
                    Some("add `options = [{ id = \"...\" }, ...]` or `range = { min = 0, max = 100, step = 10 }`".into()),
                );
                None
            }
            (Some(o), None) => {
                if let Some(u) = unit {
                    self.sink.error(
                        "unit-without-range",
                        u.span(),
                        &join(&path, "unit"),
                        "`unit` applies to a numeric `range`, not to listed options",
                        Some("remove `unit` or put it in the option labels".into()),
                    );
                }
                self.options(o, &join(&path, "options"))
                    .map(IssueDomain::Discrete)
            }
            (None, Some(r)) => {
                let unit = unit.and_then(|u| string(&mut self.sink, u, &join(&path, "unit")));
                self.grid(r, &join(&path, "range"))
                    .map(|grid| IssueDomain::Numeric { grid, unit })
            }
        };
        let status_quo = t.get("status_quo");
        t.finish(
            &mut self.sink,
            &[
                "area",
                "title",
                "points",
                "status_quo",
                "sources",
                "options",
                "range",
                "unit",
                "note",
            ],
        );
        let domain = domain?;
        let mut issue = ReadIssue::new(Issue {
            id: IssueId::new(id).expect("checked"),
            area: area.unwrap_or(AreaIx::from_usize(0)),
            title: title.unwrap_or_default(),
            points,
            status_quo: None,
            domain,
            note,
            sources,
        });
        if let Some(v) = status_quo {
            issue.issue.status_quo = self.option_of(&issue, v, &join(&path, "status_quo"));
        }
        Some(issue)
    }

    fn options(&mut self, v: &Value<'_>, path: &str) -> Option<Vec<DiscreteOption>> {
        let items = array(&mut self.sink, v, path, "an array of options")?;
        if items.len() < 2 {
            self.sink.error(
                "too-few-options",
                v.span(),
                path,
                format!("an issue needs at least 2 options, found {}", items.len()),
                Some("list every option the issue can be decided as".into()),
            );
            return None;
        }
        let before = self.listed_options;
        self.listed_options += items.len();
        if self.listed_options > limits::MAX_LISTED_OPTIONS {
            // Reported where the limit is crossed; the issues after it are not read.
            if before <= limits::MAX_LISTED_OPTIONS {
                self.sink.error(
                    "too-many",
                    v.span(),
                    path,
                    format!(
                        "more than {} options listed over all issues",
                        limits::MAX_LISTED_OPTIONS
                    ),
                    Some("use a numeric `range` for long lists of values".into()),
                );
            }
            return None;
        }
        let mut out = Vec::with_capacity(items.len());
        let mut seen = HashSet::new();
        let mut ok = true;
        for (i, item) in items.into_iter().enumerate() {
            let ipath = format!("{path}[{i}]");
            let Some(mut t) = Table::from_value(&mut self.sink, item, ipath.clone()) else {
                ok = false;
                continue;
            };
            let id = t
                .require(&mut self.sink, "id", "\"option-id\"")
                .and_then(|v| {
                    let s = string(&mut self.sink, v, &join(&ipath, "id"))?;
                    match OptionId::new(s.clone()) {
                        Ok(id) if !seen.insert(s.clone()) => {
                            self.sink.error(
                                "duplicate-id",
                                v.span(),
                                &join(&ipath, "id"),
                                format!("option `{s}` is listed twice"),
                                Some("option ids are unique within an issue".into()),
                            );
                            drop(id);
                            None
                        }
                        Ok(id) => Some(id),
                        Err(e) => {
                            self.sink.bad_id(v.span(), &join(&ipath, "id"), "option", e);
                            None
                        }
                    }
                });
            let label = self.opt_string(&mut t, "label");
            // Options may carry notes and sources like any table; they are not kept yet.
            let _ = self.opt_string(&mut t, "note");
            let _ = self.source_refs(&mut t);
            t.finish(&mut self.sink, &["id", "label", "note", "sources"]);
            match id {
                Some(id) => out.push(DiscreteOption { id, label }),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    fn grid(&mut self, v: &Value<'_>, path: &str) -> Option<Grid> {
        let mut t = Table::from_value(&mut self.sink, v, path.to_owned())?;
        let read = |key: &str, this: &mut Self, t: &mut Table<'_, '_>| {
            let v = t.require(&mut this.sink, key, "a number")?;
            number(&mut this.sink, v, &join(path, key))
        };
        let min = read("min", self, &mut t);
        let max = read("max", self, &mut t);
        let step_v = t.get("step");
        let step = match step_v {
            Some(v) => number(&mut self.sink, v, &join(path, "step")),
            None => {
                self.sink.error(
                    "missing-key",
                    t.span.clone(),
                    path,
                    "missing required key `step`",
                    Some("add `step = ...`, the distance between grid points".into()),
                );
                None
            }
        };
        t.finish(&mut self.sink, &["min", "max", "step"]);
        let (min, max, step) = (min?, max?, step?);
        if step <= 0.0 {
            self.sink.error(
                "bad-range",
                step_v.map_or(v.span(), |s| s.span()),
                &join(path, "step"),
                format!("step must be positive, found {step}"),
                Some("`step` is the distance between neighbouring grid points".into()),
            );
            return None;
        }
        if max <= min {
            self.sink.error(
                "bad-range",
                v.span(),
                path,
                format!("max ({max}) must be greater than min ({min})"),
                Some(if max < min {
                    "swap `min` and `max`".into()
                } else {
                    "a grid has at least two points: raise `max` above `min`".into()
                }),
            );
            return None;
        }
        let intervals = (max - min) / step;
        let whole = intervals.round();
        if (intervals - whole).abs() > 1e-9 * whole.max(1.0) {
            self.sink.error(
                "bad-range",
                v.span(),
                path,
                format!(
                    "max - min ({}) is not a whole multiple of step ({step})",
                    max - min
                ),
                Some(format!(
                    "use a step that divides {}, or move max to {}",
                    max - min,
                    min + intervals.floor() * step
                )),
            );
            return None;
        }
        let points = whole + 1.0;
        if points > limits::MAX_GRID_POINTS as f64 {
            // Print a count only while it is a readable whole number (not `inf` or 300 digits).
            let count = if points < 1e15 {
                format!("{points}")
            } else {
                "more than 10^15".to_owned()
            };
            self.sink.error(
                "too-many",
                v.span(),
                path,
                format!(
                    "the grid has {count} points; the limit is {}",
                    limits::MAX_GRID_POINTS
                ),
                Some("use a larger step".into()),
            );
            return None;
        }
        Some(Grid {
            min,
            max,
            step,
            len: whole as u32 + 1,
        })
    }

    /// Resolves an option reference: an id (discrete) or a number on the grid (numeric).
    fn option_of(&mut self, issue: &ReadIssue, v: &Value<'_>, path: &str) -> Option<OptionIx> {
        match (&issue.domain, v.get_ref()) {
            (IssueDomain::Discrete(options), DeValue::String(s)) => {
                let found = issue.find_option(s);
                if found.is_none() {
                    self.sink.unknown_option(
                        v.span(),
                        path,
                        issue.id.as_str(),
                        s,
                        options.iter().map(|o| o.id.as_str()),
                    );
                }
                found
            }
            (IssueDomain::Discrete(_), _) => {
                self.sink.expected(v, path, "an option id (a string)");
                None
            }
            (IssueDomain::Numeric { grid, .. }, value) => match as_number(value) {
                Some(Ok(x)) => {
                    let found = issue.find_value(x);
                    if found.is_none() {
                        self.sink.error(
                            "off-grid",
                            v.span(),
                            path,
                            format!(
                                "{x} is not on the grid of issue `{}` ({} to {} by {})",
                                issue.id, grid.min, grid.max, grid.step
                            ),
                            Some(nearest_on_grid(grid, x)),
                        );
                    }
                    found
                }
                Some(Err(why)) => {
                    self.sink.error("bad-number", v.span(), path, why, None);
                    None
                }
                None => {
                    self.sink.expected(v, path, "a number on the issue's grid");
                    None
                }
            },
        }
    }

    /// Resolves an issue id; `Some(None)` when the issue exists but its options are unreadable.
    fn issue_ref(
        &mut self,
        key: &str,
        span: Range<usize>,
        path: &str,
    ) -> Option<(IssueIx, Option<Rc<ReadIssue>>)> {
        match self.issue_ix.get(key) {
            Some(&ix) => Some((ix, self.issues[ix.index()].issue.clone())),
            None if self.is_broken("issue", key) => None,
            None => {
                // Candidates in file order (not the map's), and only read when described.
                self.sink.unknown_ref(
                    span,
                    path,
                    "issue",
                    key,
                    self.issues.iter().map(|d| d.id.as_str()),
                );
                None
            }
        }
    }

    fn party_ref(&mut self, id: &str, span: Range<usize>, path: &str) -> Option<PartyIx> {
        let found = self.party_ix.get(id).copied();
        if found.is_none() && !self.is_broken("party", id) {
            // Called once every party is read: `parties` lists them all, in file order.
            self.sink.unknown_ref(
                span,
                path,
                "party",
                id,
                self.parties.iter().map(|p| p.id.as_str()),
            );
        }
        found
    }

    fn parties_table(&mut self, v: &Value<'_>) {
        if let DeValue::Table(t) = v.get_ref()
            && t.len() > limits::MAX_PARTIES
        {
            self.sink.error(
                "too-many",
                v.span().start..v.span().start + 1,
                "parties",
                format!("{} parties; the limit is {}", t.len(), limits::MAX_PARTIES),
                None,
            );
            self.broken.insert(("party", None));
            return;
        }
        let entries = self.id_entries(v, "parties", "party");
        // Register every id first so that plans and events can refer to any party.
        for (i, (id, _, _)) in entries.iter().enumerate() {
            self.party_ix.insert(id.clone(), PartyIx::from_usize(i));
        }
        for (id, _, value) in entries {
            let party = self.party(id.clone(), value);
            // A party that could not be read keeps its slot so that indices stay aligned.
            self.parties.push(party.unwrap_or_else(|| Party {
                id: PartyId::new(id).expect("checked"),
                name: String::new(),
                signatory: false,
                walk_away: Estimate::exact(0.0),
                discount: None,
                red_lines: Vec::new(),
                weights: Vec::new(),
                scores: Vec::new(),
                interactions: Vec::new(),
                note: None,
                sources: Vec::new(),
            }));
        }
    }

    fn party(&mut self, id: String, value: &Value<'_>) -> Option<Party> {
        let path = join("parties", &id);
        let mut t = Table::from_value(&mut self.sink, value, path.clone())?;
        let name = self.req_string(&mut t, "name");
        let signatory = t
            .get("signatory")
            .and_then(|v| boolean(&mut self.sink, v, &join(&path, "signatory")))
            .unwrap_or(true);
        let walk_away = t
            .require(&mut self.sink, "walk_away", "0.5")
            .and_then(|v| estimate(&mut self.sink, v, &join(&path, "walk_away"), Bounds::UNIT));
        let discount = t.get("discount").and_then(|v| {
            let p = join(&path, "discount");
            let x = number(&mut self.sink, v, &p)?;
            if !Bounds::DISCOUNT.contains(x) {
                self.sink.error(
                    "out-of-range",
                    v.span(),
                    &p,
                    format!("discount {x} is outside (0, 1]"),
                    Some("1.0 means no discounting".into()),
                );
                return None;
            }
            Some(x)
        });
        let note = self.opt_string(&mut t, "note");
        let sources = self.source_refs(&mut t);
        if Self::cites_nothing(&mut t) {
            self.sink.warn(
                Severity::Strict,
                "uncited",
                t.span.clone(),
                &path,
                format!("the stance of party `{id}` cites no source"),
                Some("add `sources = [\"...\"]`".into()),
            );
        }
        let red_lines = t
            .get("red_lines")
            .map(|v| self.red_lines(v, &join(&path, "red_lines")))
            .unwrap_or(Some(Vec::new()));
        let weights = t
            .get("weights")
            .map(|v| self.weights(v, &join(&path, "weights")))
            .unwrap_or((Vec::new(), true));
        let scores = t
            .get("scores")
            .map(|v| self.scores(v, &join(&path, "scores")))
            .unwrap_or((Vec::new(), true));
        let interactions = t
            .get("interactions")
            .map(|v| self.interactions(v, &join(&path, "interactions")))
            .unwrap_or((Vec::new(), true));
        let party_span = t.span.start..t.span.start + 1;
        t.finish(
            &mut self.sink,
            &[
                "name",
                "signatory",
                "walk_away",
                "discount",
                "red_lines",
                "weights",
                "scores",
                "interactions",
                "note",
                "sources",
            ],
        );
        let (weights, weights_ok) = weights;
        let (scores, scores_ok) = scores;
        let (interactions, interactions_ok) = interactions;
        if weights_ok
            && interactions_ok
            && !weights.iter().any(|(_, w, _)| w.hi() > 0.0)
            && interactions.is_empty()
        {
            self.sink.error(
                "no-preferences",
                party_span,
                &path,
                format!("party `{id}` has no positive weight and no interaction"),
                Some("give at least one issue a weight above 0 in `weights`".into()),
            );
        }
        // Every weighted issue needs a score for every option; scores of unweighted issues
        // are legal but unused.
        if weights_ok && scores_ok {
            for (issue, w, span) in &weights {
                let has_issue_domain = self.issues[issue.index()].issue.is_some();
                if w.hi() > 0.0 && has_issue_domain && !scores.iter().any(|(i, _, _)| i == issue) {
                    let issue_id = self.issues[issue.index()]
                        .issue
                        .as_ref()
                        .map(|i| i.id.to_string())
                        .unwrap_or_default();
                    let numeric = self.issues[issue.index()]
                        .issue
                        .as_ref()
                        .is_some_and(|i| i.is_numeric());
                    let table = join(&join(&path, "scores"), &issue_id);
                    self.sink.error(
                        "missing-scores",
                        span.clone(),
                        &join(&join(&path, "weights"), &issue_id),
                        format!("issue `{issue_id}` is weighted but has no scores"),
                        Some(if numeric {
                            format!("add `[{table}]` with `curve = [[value, score], ...]`")
                        } else {
                            format!("add `[{table}]` with a score in [0, 1] for every option")
                        }),
                    );
                }
            }
            for (issue, _, span) in &scores {
                if !weights.iter().any(|(i, w, _)| i == issue && w.hi() > 0.0) {
                    let issue_id = self.issues[issue.index()]
                        .issue
                        .as_ref()
                        .map(|i| i.id.to_string())
                        .unwrap_or_default();
                    self.sink.warn(
                        Severity::Warning,
                        "unused-scores",
                        span.clone(),
                        &join(&join(&path, "scores"), &issue_id),
                        format!(
                            "issue `{issue_id}` has scores but no positive weight: they are unused"
                        ),
                        Some(format!(
                            "add `{issue_id} = ...` to `weights`, or remove the scores"
                        )),
                    );
                }
            }
        }
        Some(Party {
            id: PartyId::new(id).expect("checked"),
            name: name?,
            signatory,
            walk_away: walk_away?,
            discount,
            red_lines: red_lines?,
            weights: weights.into_iter().map(|(i, w, _)| (i, w)).collect(),
            scores: scores.into_iter().map(|(i, s, _)| (i, s)).collect(),
            interactions,
            note,
            sources,
        })
    }

    fn red_lines(&mut self, v: &Value<'_>, path: &str) -> Option<Vec<(IssueIx, Vec<OptionIx>)>> {
        let mut t = Table::from_value(&mut self.sink, v, path.to_owned())?;
        let mut out: Vec<(IssueIx, Vec<OptionIx>)> = Vec::new();
        let mut ok = true;
        for (key, value) in t.entries() {
            let p = join(path, key.get_ref());
            let Some((ix, issue)) = self.issue_ref(key.get_ref(), key.span(), &p) else {
                ok = false;
                continue;
            };
            let Some(issue) = issue else { continue };
            let items: Vec<&Value<'_>> = match value.get_ref() {
                DeValue::Array(items) => items.iter().collect(),
                _ => vec![value],
            };
            let mut options = Vec::new();
            for item in items {
                match self.option_of(&issue, item, &p) {
                    Some(o) => options.push(o),
                    None => ok = false,
                }
            }
            options.sort();
            options.dedup();
            if options.len() == issue.option_count() {
                self.sink.warn(
                    Severity::Warning,
                    "all-options-red",
                    value.span(),
                    &p,
                    format!(
                        "every option of issue `{}` is a red line: this party accepts no outcome",
                        issue.id
                    ),
                    Some("keep at least one option of the issue off the red lines".into()),
                );
            }
            out.push((ix, options));
        }
        out.sort_by_key(|(i, _)| *i);
        ok.then_some(out)
    }

    #[allow(clippy::type_complexity)]
    fn weights(
        &mut self,
        v: &Value<'_>,
        path: &str,
    ) -> (Vec<(IssueIx, Estimate, Range<usize>)>, bool) {
        let Some(mut t) = Table::from_value(&mut self.sink, v, path.to_owned()) else {
            return (Vec::new(), false);
        };
        let mut out = Vec::new();
        let mut ok = true;
        for (key, value) in t.entries() {
            let p = join(path, key.get_ref());
            let issue = self.issue_ref(key.get_ref(), key.span(), &p);
            let w = estimate(&mut self.sink, value, &p, Bounds::NON_NEGATIVE);
            match (issue, w) {
                (Some((ix, _)), Some(w)) => out.push((ix, w, key.span())),
                _ => ok = false,
            }
        }
        (out, ok)
    }

    #[allow(clippy::type_complexity)]
    fn scores(
        &mut self,
        v: &Value<'_>,
        path: &str,
    ) -> (Vec<(IssueIx, ScoreFn, Range<usize>)>, bool) {
        let Some(mut t) = Table::from_value(&mut self.sink, v, path.to_owned()) else {
            return (Vec::new(), false);
        };
        let mut out = Vec::new();
        let mut ok = true;
        for (key, value) in t.entries() {
            let p = join(path, key.get_ref());
            let Some((ix, issue)) = self.issue_ref(key.get_ref(), key.span(), &p) else {
                ok = false;
                continue;
            };
            let Some(issue) = issue else {
                ok = false;
                continue;
            };
            match self.score_fn(&issue, value, &p) {
                Some(s) => out.push((ix, s, key.span())),
                None => ok = false,
            }
        }
        (out, ok)
    }

    fn score_fn(&mut self, issue: &ReadIssue, v: &Value<'_>, path: &str) -> Option<ScoreFn> {
        let mut t = Table::from_value(&mut self.sink, v, path.to_owned())?;
        match &issue.domain {
            IssueDomain::Discrete(options) => {
                let mut scores: Vec<Option<Estimate>> = vec![None; options.len()];
                let mut ok = true;
                for (key, value) in t.entries() {
                    let p = join(path, key.get_ref());
                    let Some(o) = issue.find_option(key.get_ref()) else {
                        if key.get_ref() == "curve" {
                            self.sink.error(
                                "unknown-id",
                                key.span(),
                                &p,
                                format!(
                                    "issue `{}` lists options: it is scored option by option, \
                                     not by a `curve` (which scores a numeric issue)",
                                    issue.id
                                ),
                                Some(format!(
                                    "give each option a score in [0, 1]: {}",
                                    options
                                        .iter()
                                        .map(|o| format!("`{} = ...`", o.id))
                                        .collect::<Vec<_>>()
                                        .join(", ")
                                )),
                            );
                        } else {
                            self.sink.unknown_option(
                                key.span(),
                                &p,
                                issue.id.as_str(),
                                key.get_ref(),
                                options.iter().map(|o| o.id.as_str()),
                            );
                        }
                        ok = false;
                        continue;
                    };
                    match estimate(&mut self.sink, value, &p, Bounds::UNIT) {
                        Some(e) => scores[o.index()] = Some(e),
                        None => ok = false,
                    }
                }
                let missing: Vec<&str> = options
                    .iter()
                    .zip(&scores)
                    .filter(|(_, s)| s.is_none())
                    .map(|(o, _)| o.id.as_str())
                    .collect();
                if !missing.is_empty() && ok {
                    self.sink.error(
                        "missing-scores",
                        t.span.clone(),
                        path,
                        format!(
                            "no score for option{} {} of issue `{}`",
                            if missing.len() > 1 { "s" } else { "" },
                            missing
                                .iter()
                                .map(|m| format!("`{m}`"))
                                .collect::<Vec<_>>()
                                .join(", "),
                            issue.id
                        ),
                        Some("give every option a score in [0, 1]".into()),
                    );
                    return None;
                }
                if !ok {
                    return None;
                }
                Some(ScoreFn::Table(
                    scores
                        .into_iter()
                        .map(|s| s.expect("all present"))
                        .collect(),
                ))
            }
            IssueDomain::Numeric { .. } => {
                let Some(curve) = t.get("curve") else {
                    // A key close to `curve` is a typo: report it alone, with the suggestion.
                    // Other keys (scores per value, say) are explained by one error.
                    if t.keys().any(|k| closest(k, ["curve"]).is_some()) {
                        t.finish(&mut self.sink, &["curve"]);
                        return None;
                    }
                    self.sink.error(
                        "missing-key",
                        t_span_start(v),
                        path,
                        if t.len() == 0 {
                            format!("numeric issue `{}` is scored by a `curve`", issue.id)
                        } else {
                            format!(
                                "numeric issue `{}` is scored by a `curve`, found {}",
                                issue.id,
                                t.keys()
                                    .map(|k| format!("`{k}`"))
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            )
                        },
                        Some("write `curve = [[value, score], ...]`, sorted by value".into()),
                    );
                    return None;
                };
                t.finish(&mut self.sink, &["curve"]);
                let p = join(path, "curve");
                let points = array(
                    &mut self.sink,
                    curve,
                    &p,
                    "an array of [value, score] pairs",
                )?;
                if points.is_empty() {
                    self.sink.error(
                        "bad-curve",
                        curve.span(),
                        &p,
                        "a curve needs at least one point",
                        Some("write `curve = [[min, score], [max, score]]`".into()),
                    );
                    return None;
                }
                let mut out = Vec::with_capacity(points.len());
                let mut ok = true;
                for (i, point) in points.into_iter().enumerate() {
                    let pp = format!("{p}[{i}]");
                    let pair = match point.get_ref() {
                        DeValue::Array(a) if a.iter().count() == 2 => a.iter().collect::<Vec<_>>(),
                        _ => {
                            self.sink.error(
                                "bad-curve",
                                point.span(),
                                &pp,
                                match point.get_ref() {
                                    DeValue::Array(a) => format!(
                                        "a curve point is [value, score], found {} items",
                                        a.iter().count()
                                    ),
                                    other => format!(
                                        "a curve point is [value, score], found {}",
                                        describe(other)
                                    ),
                                },
                                Some("write each point as `[value, score]`".into()),
                            );
                            ok = false;
                            continue;
                        }
                    };
                    let x = number(&mut self.sink, pair[0], &pp);
                    let s = estimate(&mut self.sink, pair[1], &pp, Bounds::UNIT);
                    let (Some(x), Some(s)) = (x, s) else {
                        ok = false;
                        continue;
                    };
                    if let Some(&(prev, _)) = out.last()
                        && x <= prev
                    {
                        self.sink.error(
                            "bad-curve",
                            point.span(),
                            &pp,
                            format!("curve values must increase: {x} follows {prev}"),
                            Some("sort the points by value, each value once".into()),
                        );
                        ok = false;
                        continue;
                    }
                    out.push((x, s));
                }
                ok.then_some(ScoreFn::Curve(out))
            }
        }
    }

    fn interactions(&mut self, v: &Value<'_>, path: &str) -> (Vec<Interaction>, bool) {
        let Some(items) = array(
            &mut self.sink,
            v,
            path,
            "an array of tables ([[...interactions]])",
        ) else {
            return (Vec::new(), false);
        };
        let mut out = Vec::new();
        let mut ok = true;
        for (i, item) in items.into_iter().enumerate() {
            let ipath = format!("{path}[{i}]");
            let Some(mut t) = Table::from_value(&mut self.sink, item, ipath.clone()) else {
                ok = false;
                continue;
            };
            let when = t.require(&mut self.sink, "when", "{ issue = \"option\" }");
            let bonus = t
                .require(&mut self.sink, "bonus", "0.05")
                .and_then(|b| number(&mut self.sink, b, &join(&ipath, "bonus")));
            let _ = self.opt_string(&mut t, "note");
            let _ = self.source_refs(&mut t);
            t.finish(&mut self.sink, &["when", "bonus", "note", "sources"]);
            let when = when.and_then(|w| self.conditions(w, &join(&ipath, "when")));
            match (when, bonus) {
                (Some(when), Some(bonus)) => out.push(Interaction { when, bonus }),
                _ => ok = false,
            }
        }
        (out, ok)
    }

    fn conditions(&mut self, v: &Value<'_>, path: &str) -> Option<Vec<(IssueIx, Condition)>> {
        let mut t = Table::from_value(&mut self.sink, v, path.to_owned())?;
        if t.len() == 0 {
            self.sink.error(
                "empty-condition",
                v.span(),
                path,
                "an interaction needs at least one condition",
                Some("write `when = { issue = \"option\" }`".into()),
            );
            return None;
        }
        let mut out = Vec::new();
        let mut ok = true;
        for (key, value) in t.entries() {
            let p = join(path, key.get_ref());
            let Some((ix, issue)) = self.issue_ref(key.get_ref(), key.span(), &p) else {
                ok = false;
                continue;
            };
            let Some(issue) = issue else {
                ok = false;
                continue;
            };
            let cond = match value.get_ref() {
                DeValue::Table(_) => {
                    if !issue.is_numeric() {
                        self.sink.error(
                            "bad-condition",
                            value.span(),
                            &p,
                            format!(
                                "`{{ min, max }}` applies to numeric issues; `{}` lists options",
                                issue.id
                            ),
                            Some("write an option id or a list of option ids".into()),
                        );
                        None
                    } else {
                        self.min_max(value, &p)
                    }
                }
                DeValue::Array(items) => {
                    let items: Vec<_> = items.iter().collect();
                    if items.is_empty() {
                        self.sink.error(
                            "empty-condition",
                            value.span(),
                            &p,
                            "an empty list of options never holds",
                            Some("list at least one option, or remove the condition".into()),
                        );
                        None
                    } else {
                        let mut opts = Vec::new();
                        let mut all = true;
                        for item in items {
                            match self.option_of(&issue, item, &p) {
                                Some(o) => opts.push(o),
                                None => all = false,
                            }
                        }
                        opts.sort();
                        opts.dedup();
                        all.then_some(Condition::AnyOf(opts))
                    }
                }
                _ => self
                    .option_of(&issue, value, &p)
                    .map(|o| Condition::AnyOf(vec![o])),
            };
            match cond {
                Some(c) => out.push((ix, c)),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    fn min_max(&mut self, v: &Value<'_>, path: &str) -> Option<Condition> {
        let mut t = Table::from_value(&mut self.sink, v, path.to_owned())?;
        let min = t
            .require(&mut self.sink, "min", "a number")
            .and_then(|x| number(&mut self.sink, x, &join(path, "min")));
        let max = t
            .require(&mut self.sink, "max", "a number")
            .and_then(|x| number(&mut self.sink, x, &join(path, "max")));
        t.finish(&mut self.sink, &["min", "max"]);
        let (min, max) = (min?, max?);
        if min > max {
            self.sink.error(
                "bad-condition",
                v.span(),
                path,
                format!("min ({min}) is greater than max ({max})"),
                Some("swap them".into()),
            );
            return None;
        }
        Some(Condition::Range { min, max })
    }

    fn plans_table(&mut self, v: &Value<'_>) {
        let entries = self.id_entries(v, "plans", "plan");
        for (i, (id, _, _)) in entries.iter().enumerate() {
            self.plan_ix.insert(id.clone(), PlanIx::from_usize(i));
        }
        for (id, _, value) in entries {
            let plan = self.plan(id.clone(), value);
            self.plans.push(plan.unwrap_or_else(|| Plan {
                id: PlanId::new(id).expect("checked"),
                title: String::new(),
                date: None,
                drafted_by: Vec::new(),
                consulted: Vec::new(),
                briefed: Vec::new(),
                text: Vec::new(),
                terms: Vec::new(),
                note: None,
                sources: Vec::new(),
            }));
        }
    }

    fn party_list(&mut self, t: &mut Table<'_, '_>, key: &str) -> Vec<PartyIx> {
        let Some(v) = t.get(key) else {
            return Vec::new();
        };
        let p = join(&t.path, key);
        let mut out = Vec::new();
        for (id, span) in strings(&mut self.sink, v, &p) {
            if let Some(ix) = self.party_ref(&id, span.clone(), &p) {
                if out.contains(&ix) {
                    self.sink.error(
                        "duplicate-id",
                        span,
                        &p,
                        format!("party `{id}` is listed twice"),
                        Some("list each party once".into()),
                    );
                } else {
                    out.push(ix);
                }
            }
        }
        out
    }

    fn plan(&mut self, id: String, value: &Value<'_>) -> Option<Plan> {
        let path = join("plans", &id);
        let mut t = Table::from_value(&mut self.sink, value, path.clone())?;
        let title = self.req_string(&mut t, "title");
        let date = self.opt_date(&mut t, "date");
        let drafted_by = self.party_list(&mut t, "drafted_by");
        let consulted = self.party_list(&mut t, "consulted");
        let briefed = self.party_list(&mut t, "briefed");
        let text = t
            .get("text")
            .map(|v| {
                strings(&mut self.sink, v, &join(&path, "text"))
                    .into_iter()
                    .map(|(s, _)| s)
                    .collect()
            })
            .unwrap_or_default();
        let note = self.opt_string(&mut t, "note");
        let sources = self.source_refs(&mut t);
        let mut terms = Vec::new();
        if let Some(v) = t.get("terms") {
            let tp = join(&path, "terms");
            if let Some(mut tt) = Table::from_value(&mut self.sink, v, tp.clone()) {
                for (key, value) in tt.entries() {
                    let p = join(&tp, key.get_ref());
                    let Some((ix, issue)) = self.issue_ref(key.get_ref(), key.span(), &p) else {
                        continue;
                    };
                    let Some(issue) = issue else { continue };
                    if let Some(o) = self.option_of(&issue, value, &p) {
                        terms.push((ix, o));
                    }
                }
            }
        }
        t.finish(
            &mut self.sink,
            &[
                "title",
                "date",
                "drafted_by",
                "consulted",
                "briefed",
                "sources",
                "text",
                "terms",
                "note",
            ],
        );
        Some(Plan {
            id: PlanId::new(id).expect("checked"),
            title: title?,
            date,
            drafted_by,
            consulted,
            briefed,
            text,
            terms,
            note,
            sources,
        })
    }

    fn events_array(&mut self, v: &Value<'_>) {
        let Some(items) = array(
            &mut self.sink,
            v,
            "events",
            "an array of tables ([[events]])",
        ) else {
            return;
        };
        for (i, item) in items.into_iter().enumerate() {
            let path = format!("events[{i}]");
            let Some(mut t) = Table::from_value(&mut self.sink, item, path.clone()) else {
                continue;
            };
            let date = t
                .require(&mut self.sink, "date", "2025-11-19")
                .and_then(|d| date(&mut self.sink, d, &join(&path, "date")));
            let approx = t
                .get("approx")
                .and_then(|a| boolean(&mut self.sink, a, &join(&path, "approx")))
                .unwrap_or(false);
            let kind = t.get("kind").and_then(|k| {
                let p = join(&path, "kind");
                let s = string(&mut self.sink, k, &p)?;
                let found = EventKind::ALL
                    .iter()
                    .find(|(n, _)| *n == s)
                    .map(|(_, k)| *k);
                if found.is_none() {
                    self.sink.unknown_ref(
                        k.span(),
                        &p,
                        "event kind",
                        &s,
                        EventKind::ALL.iter().map(|(n, _)| *n),
                    );
                }
                found
            });
            let parties = self.party_list(&mut t, "parties");
            let place = self.opt_string(&mut t, "place");
            let plan = t.get("plan").and_then(|pv| {
                let p = join(&path, "plan");
                let s = string(&mut self.sink, pv, &p)?;
                let found = self.plan_ix.get(&s).copied();
                if found.is_none() && !self.is_broken("plan", &s) {
                    self.sink.unknown_ref(
                        pv.span(),
                        &p,
                        "plan",
                        &s,
                        self.plans.iter().map(|p| p.id.as_str()),
                    );
                }
                found
            });
            let summary = self.opt_string(&mut t, "summary");
            let note = self.opt_string(&mut t, "note");
            let sources = self.source_refs(&mut t);
            if Self::cites_nothing(&mut t) {
                self.sink.warn(
                    Severity::Strict,
                    "uncited",
                    t.span.clone(),
                    &path,
                    "this event cites no source",
                    Some("add `sources = [\"...\"]`".into()),
                );
            }
            t.finish(
                &mut self.sink,
                &[
                    "date", "approx", "kind", "parties", "place", "plan", "summary", "note",
                    "sources",
                ],
            );
            if let Some(date) = date {
                self.events.push(Event {
                    date,
                    approx,
                    kind: kind.unwrap_or(EventKind::Other),
                    parties,
                    place,
                    plan,
                    summary,
                    note,
                    sources,
                });
            }
        }
    }

    /// Builds the scenario; only called when no error was recorded.
    fn assemble(self) -> Scenario {
        let (id, title) = self.scenario.expect("no errors, so [scenario] was read");
        let issues: Vec<Issue> = self
            .issues
            .into_iter()
            .map(|d| {
                let rc = d.issue.expect("no errors, so every issue was read");
                Rc::try_unwrap(rc).map_or_else(|rc| rc.issue.clone(), |read| read.issue)
            })
            .collect();
        let lookup = crate::scenario::Lookup {
            sources: self.source_ix,
            areas: self.area_ix,
            issues: self.issue_ix,
            parties: self.party_ix,
            plans: self.plan_ix,
        };
        Scenario {
            id,
            title,
            summary: self.summary,
            as_of: self.as_of,
            note: self.note,
            scenario_sources: self.scenario_sources,
            sources: self.sources,
            areas: self.areas,
            issues,
            parties: self.parties,
            plans: self.plans,
            events: self.events,
            lookup,
        }
    }
}

fn t_span_start(v: &Value<'_>) -> Range<usize> {
    v.span().start..v.span().start + 1
}

fn nearest_on_grid(grid: &Grid, x: f64) -> String {
    let k = ((x - grid.min) / grid.step)
        .round()
        .clamp(0.0, (grid.len - 1) as f64) as usize;
    let lower = grid.value(
        ((x - grid.min) / grid.step)
            .floor()
            .clamp(0.0, (grid.len - 1) as f64) as usize,
    );
    let nearest = grid.value(k);
    if lower != nearest {
        format!("the nearest grid points are {lower} and {nearest}")
    } else {
        format!("the nearest grid point is {nearest}")
    }
}

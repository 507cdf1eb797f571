//! From `accord/1` TOML text to a validated [`Scenario`], reporting every problem at once.
//!
//! The text is parsed by `toml` into a spanned tree; this module walks the tree once, checking
//! every rule of `shared/spec/scenario.md` and recording each failure as a [`Diagnostic`] with a
//! span and key path. Only when no error was found is a [`Scenario`] assembled, so a `Scenario`
//! value is always valid.
//!
//! Cascades are avoided: an issue whose options could not be read is still known by id, and
//! references to its options are then not checked (the first error explains the problem).

mod consent;
mod events;
mod issues;
mod parties;
mod plans;
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

    /// The findings to report: every diagnostic, except the strict-only ones unless `strict`.
    pub fn findings(&self, strict: bool) -> Vec<&Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| strict || d.severity != Severity::Strict)
            .collect()
    }

    /// Whether the file passes its check: no error; under `strict`, no finding at all
    /// (warnings and strict-only findings count as errors).
    pub fn passes(&self, strict: bool) -> bool {
        !self
            .findings(strict)
            .iter()
            .any(|d| d.severity == Severity::Error || strict)
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
    if sink.dropped_errors > 0 {
        sink.diagnostics.push(Diagnostic {
            severity: Severity::Error,
            code: "too-many-problems",
            path: String::new(),
            message: format!("{} more errors not shown", sink.dropped_errors),
            help: Some("fix the ones above and check again".into()),
            span: 0..0,
        });
    }
    if let Some(severity) = sink.dropped_severity {
        // As severe as the worst finding it stands for: a valid file stays valid.
        sink.diagnostics.push(Diagnostic {
            severity,
            code: "too-many-problems",
            path: String::new(),
            message: format!("{} more findings not shown", sink.dropped_others),
            help: Some("address the ones above and check again".into()),
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
    /// Where its key is written (`[issues.ID]`), for findings about the whole issue.
    span: Range<usize>,
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
    /// Plan ids in file order, for suggestions.
    plan_ids: Vec<String>,
    /// Where each plan's `revises` is written (by plan index), for the loop check.
    revises_spans: HashMap<usize, Range<usize>>,
    events: Vec<Event>,
    /// `[agreement]`, once read.
    agreement: AgreementRule,
    /// Ratification links to check once every party is read.
    pending: consent::Pending,
    /// Definitions already reported as unreadable, by kind (`"issue"`, ...): an invalid id, or
    /// the whole table (`None`) when it is not a table or over its limit. References to them
    /// are not reported again.
    broken: HashSet<(&'static str, Option<String>)>,
}

const TOP_KEYS: &[&str] = &[
    "format",
    "scenario",
    "sources",
    "areas",
    "issues",
    "parties",
    "agreement",
    "plans",
    "events",
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
        if let Some(v) = top.get("agreement") {
            self.agreement_table(v);
        }
        self.unweighed_issues();
        if let Some(v) = top.get("plans") {
            self.plans_table(v);
        }
        if let Some(v) = top.get("events") {
            self.events_array(v);
        }
        top.finish(&mut self.sink, TOP_KEYS);
    }

    /// Warns about every issue no party weighs: no weight above 0 and no interaction that
    /// names it, among the parties with preferences (observers have none). Such an issue
    /// changes no utility, so every analysis treats its options alike — usually a weight
    /// forgotten. Only checked when the issues and parties were read without error.
    fn unweighed_issues(&mut self) {
        if self.sink.errors > 0 {
            return;
        }
        let mut weighed = vec![false; self.issues.len()];
        for p in self.parties.iter().filter(|p| !p.observer) {
            for (i, w) in &p.weights {
                if w.hi() > 0.0 {
                    weighed[i.index()] = true;
                }
            }
            for x in &p.interactions {
                for (i, _) in &x.when {
                    weighed[i.index()] = true;
                }
            }
        }
        for (draft, weighed) in self.issues.iter().zip(weighed) {
            if weighed {
                continue;
            }
            let id = &draft.id;
            self.sink.warn(
                Severity::Warning,
                "unweighed-issue",
                draft.span.clone(),
                &join("issues", id),
                format!(
                    "no party weighs issue `{id}` (every weight is 0 or absent, and no \
                     interaction names it): no option of it changes anyone's utility"
                ),
                Some(format!(
                    "give `{id}` a weight in the `weights` of the parties that care about it, \
                     or remove the issue"
                )),
            );
        }
    }

    /// Whether a reference to the `kind` `id` fails because its definition was already reported.
    fn is_broken(&self, kind: &'static str, id: &str) -> bool {
        self.broken.contains(&(kind, None)) || self.broken.contains(&(kind, Some(id.to_owned())))
    }

    /// Refuses a table keyed by ids that holds more than `limit` entries (one error, and the
    /// kind is marked broken so that references to it are not reported again).
    fn over_limit(&mut self, v: &Value<'_>, table: &str, kind: &'static str, limit: usize) -> bool {
        let DeValue::Table(t) = v.get_ref() else {
            return false;
        };
        if t.len() <= limit {
            return false;
        }
        self.sink.error(
            "too-many",
            v.span().start..v.span().start + 1,
            table,
            format!("{} {table}; the limit is {limit}", t.len()),
            None,
        );
        self.broken.insert((kind, None));
        true
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
            let reliability = t.get("reliability").and_then(|rv| {
                let p = join(&t.path, "reliability");
                let s = string(&mut self.sink, rv, &p)?;
                let found = Reliability::ALL
                    .iter()
                    .find(|(n, _)| *n == s)
                    .map(|(_, r)| *r);
                if found.is_none() {
                    self.sink.unknown_ref(
                        rv.span(),
                        &p,
                        "reliability",
                        &s,
                        Reliability::ALL.iter().map(|(n, _)| *n),
                    );
                }
                found
            });
            let caution = self.opt_string(&mut t, "caution");
            let note = self.opt_string(&mut t, "note");
            t.finish(
                &mut self.sink,
                &[
                    "title",
                    "publisher",
                    "date",
                    "url",
                    "reliability",
                    "caution",
                    "note",
                ],
            );
            let ix = SourceIx::from_usize(self.sources.len());
            self.source_ix.insert(id.clone(), ix);
            self.sources.push(Source {
                id: SourceId::new(id).expect("checked"),
                title: title.unwrap_or_default(),
                publisher,
                date,
                url,
                reliability,
                caution,
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
            agreement: self.agreement,
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

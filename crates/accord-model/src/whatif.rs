//! What-ifs: changes to a scenario for one run, given on the command line, so that pressure
//! (a walk-away pushed down), concessions and softer red lines can be tried without editing
//! the file.
//!
//! ```text
//! --set parties.ukraine.walk_away=0.3
//! --set parties.russia.weights.nato=[4,8]
//! --set parties.west.scores.border.river=0.2
//! --set plans.draft_a.terms.fund=50
//! --remove-red-line ukraine:territory=cede_donbas
//! --add-red-line russia:nato=join
//! --open-term draft_a:fund
//! ```
//!
//! Values are written in TOML (`0.3`, `[4, 8]`, `"id"`; a bare word is read as a string) and
//! checked by the same rules as the file: a changed scenario is as valid as a parsed one.

use std::fmt;

use toml::de::DeValue;

use crate::diagnostic::{Severity, closest};
use crate::id::{IssueIx, OptionIx, PartyIx};
use crate::parse::reader::{self, Bounds, Sink, Value};
use crate::resolve::UnknownId;
use crate::scenario::{Estimate, Issue, IssueDomain, Scenario, ScoreFn};

/// One change to a scenario.
#[derive(Clone, Debug, PartialEq)]
pub enum WhatIf {
    /// `--set PATH=VALUE`.
    Set {
        /// The key path, e.g. `parties.ukraine.walk_away`.
        path: String,
        /// The value as written, in TOML syntax.
        value: String,
    },
    /// `--remove-red-line PARTY:ISSUE=OPTION`.
    RemoveRedLine {
        /// The party id.
        party: String,
        /// The issue id.
        issue: String,
        /// The option (an id, or a number on a grid).
        option: String,
    },
    /// `--add-red-line PARTY:ISSUE=OPTION`: the party rejects every outcome with that option,
    /// whatever else it gains (a `red_lines` entry, as in the file).
    AddRedLine {
        /// The party id.
        party: String,
        /// The issue id.
        issue: String,
        /// The option (an id, or a number on a grid).
        option: String,
    },
    /// `--open-term PLAN:ISSUE`: the plan leaves the issue open (its term dropped and the
    /// issue listed in the plan's `open`, so it is open even when it has a status quo).
    OpenTerm {
        /// The plan id.
        plan: String,
        /// The issue id.
        issue: String,
    },
}

/// Reads one what-if of a kind from its text (`PATH=VALUE`, `PARTY:ISSUE=OPTION`,
/// `PLAN:ISSUE`); the error says what was expected.
pub type Reader = fn(&str) -> Result<WhatIf, String>;

impl WhatIf {
    /// Every kind, by its name in JSON and in APIs (`set`, `remove_red_line`, `add_red_line`,
    /// `open_term`), with its reader, in the order commands apply them.
    pub const KINDS: [(&'static str, Reader); 4] = [
        ("set", WhatIf::set),
        ("remove_red_line", WhatIf::remove_red_line),
        ("add_red_line", WhatIf::add_red_line),
        ("open_term", WhatIf::open_term),
    ];

    /// Reads `PATH=VALUE`.
    pub fn set(arg: &str) -> Result<Self, String> {
        let (path, value) = arg.split_once('=').ok_or_else(|| {
            format!("expected PATH=VALUE, e.g. parties.ukraine.walk_away=0.3, found `{arg}`")
        })?;
        if path.trim().is_empty() || value.trim().is_empty() {
            return Err(format!(
                "expected PATH=VALUE with both parts, found `{arg}`"
            ));
        }
        Ok(WhatIf::Set {
            path: path.trim().to_owned(),
            value: value.trim().to_owned(),
        })
    }

    /// Reads `PARTY:ISSUE=OPTION` (a red line to remove).
    pub fn remove_red_line(arg: &str) -> Result<Self, String> {
        let (party, issue, option) = red_line_parts(arg)?;
        Ok(WhatIf::RemoveRedLine {
            party,
            issue,
            option,
        })
    }

    /// Reads `PARTY:ISSUE=OPTION` (a red line to add).
    pub fn add_red_line(arg: &str) -> Result<Self, String> {
        let (party, issue, option) = red_line_parts(arg)?;
        Ok(WhatIf::AddRedLine {
            party,
            issue,
            option,
        })
    }

    /// Reads `PLAN:ISSUE` (a term to leave open).
    pub fn open_term(arg: &str) -> Result<Self, String> {
        let bad = || format!("expected PLAN:ISSUE, e.g. draft_a:fund, found `{arg}`");
        let (plan, issue) = arg.split_once(':').ok_or_else(bad)?;
        if [plan, issue]
            .iter()
            .any(|s| s.trim().is_empty() || s.contains('='))
        {
            return Err(bad());
        }
        Ok(WhatIf::OpenTerm {
            plan: plan.trim().to_owned(),
            issue: issue.trim().to_owned(),
        })
    }
}

/// `PARTY:ISSUE=OPTION`, each part trimmed and not empty.
fn red_line_parts(arg: &str) -> Result<(String, String, String), String> {
    let bad = || {
        format!("expected PARTY:ISSUE=OPTION, e.g. ukraine:territory=cede_donbas, found `{arg}`")
    };
    let (party, rest) = arg.split_once(':').ok_or_else(bad)?;
    let (issue, option) = rest.split_once('=').ok_or_else(bad)?;
    if [party, issue, option].iter().any(|s| s.trim().is_empty()) {
        return Err(bad());
    }
    Ok((
        party.trim().to_owned(),
        issue.trim().to_owned(),
        option.trim().to_owned(),
    ))
}

impl WhatIf {
    /// The change in the model's words, without command-line syntax: `set PATH = VALUE`,
    /// `remove the red line ISSUE=OPTION of PARTY`, `add the red line ISSUE=OPTION to PARTY`
    /// or `leave ISSUE open in PLAN`.
    pub fn describe(&self) -> String {
        match self {
            WhatIf::Set { path, value } => format!("set {path} = {value}"),
            WhatIf::RemoveRedLine {
                party,
                issue,
                option,
            } => format!("remove the red line {issue}={option} of {party}"),
            WhatIf::AddRedLine {
                party,
                issue,
                option,
            } => format!("add the red line {issue}={option} to {party}"),
            WhatIf::OpenTerm { plan, issue } => format!("leave {issue} open in {plan}"),
        }
    }

    /// Its kind in JSON (`set`, `remove_red_line`, `add_red_line`, `open_term`).
    pub fn kind(&self) -> &'static str {
        match self {
            WhatIf::Set { .. } => "set",
            WhatIf::RemoveRedLine { .. } => "remove_red_line",
            WhatIf::AddRedLine { .. } => "add_red_line",
            WhatIf::OpenTerm { .. } => "open_term",
        }
    }
}

impl WhatIf {
    /// The change in the scenario's own words, for people and reports: parties, issues,
    /// options and plans by their names and labels (looked up in `s`, the scenario the
    /// what-if applies to; an id `s` does not know is shown as written), never a key path or
    /// a command-line flag. For example "Ukraine's walk-away set to 0.3", "Ukraine's red line
    /// Territory: Cede Donbas removed", "Russia's red line NATO: Join added" or "US draft:
    /// Reconstruction fund left open".
    pub fn in_words(&self, s: &Scenario) -> String {
        let party = |id: &str| {
            s.find_party(id)
                .map_or(id.to_owned(), |p| s.party(p).name().to_owned())
        };
        let owner = |id: &str| crate::possessive(&party(id));
        let issue = |id: &str| {
            s.find_issue(id)
                .map_or(id.to_owned(), |i| s.issue(i).title().to_owned())
        };
        let option = |i: &str, o: &str| {
            let o = o.trim().trim_matches('"');
            s.find_issue(i)
                .and_then(|i| {
                    let issue = s.issue(i);
                    let ix = match issue.domain() {
                        IssueDomain::Discrete(_) => issue.find_option(o),
                        IssueDomain::Numeric { .. } => {
                            o.parse().ok().and_then(|v| issue.find_value(v))
                        }
                    }?;
                    Some(issue.option_label(ix))
                })
                .unwrap_or_else(|| o.to_owned())
        };
        let list = |v: &str, each: &dyn Fn(&str) -> String| {
            let inner = v.trim().trim_start_matches('[').trim_end_matches(']');
            inner
                .split(',')
                .map(|w| w.trim().trim_matches('"'))
                .filter(|w| !w.is_empty())
                .map(each)
                .collect::<Vec<_>>()
                .join(", ")
        };
        match self {
            WhatIf::RemoveRedLine {
                party: p,
                issue: i,
                option: o,
            } => format!(
                "{} red line {}: {} removed",
                owner(p),
                issue(i),
                option(i, o)
            ),
            WhatIf::AddRedLine {
                party: p,
                issue: i,
                option: o,
            } => format!("{} red line {}: {} added", owner(p), issue(i), option(i, o)),
            WhatIf::OpenTerm { plan, issue: i } => format!(
                "{}: {} left open",
                s.find_plan(plan)
                    .map_or(plan.clone(), |x| s.plan(x).title().to_owned()),
                issue(i)
            ),
            WhatIf::Set { path, value } => {
                let v = value.trim();
                let parts: Vec<&str> = path.split('.').collect();
                match parts.as_slice() {
                    ["parties", p, "walk_away"] => format!("{} walk-away set to {v}", owner(p)),
                    ["parties", p, "discount"] => {
                        format!("{} discount factor set to {v}", owner(p))
                    }
                    ["parties", p, "signatory"] => match v {
                        "true" => format!("{} made a signatory", party(p)),
                        _ => format!("{} no longer a signatory", party(p)),
                    },
                    ["parties", p, "consent_on"] => format!(
                        "{} consent needed only on {}",
                        owner(p),
                        list(v, &|w| issue(w))
                    ),
                    ["parties", p, "weights", i] => {
                        format!("{} weight on {} set to {v}", owner(p), issue(i))
                    }
                    ["parties", p, "scores", i, o] => format!(
                        "{} score of {}: {} set to {v}",
                        owner(p),
                        issue(i),
                        option(i, o)
                    ),
                    ["issues", i, "status_quo"] => {
                        format!("status quo of {} set to {}", issue(i), option(i, v))
                    }
                    ["plans", plan, "terms", i] => format!(
                        "{}: {} set to {}",
                        s.find_plan(plan)
                            .map_or((*plan).to_owned(), |x| s.plan(x).title().to_owned()),
                        issue(i),
                        option(i, v)
                    ),
                    ["agreement", "quorum"] => {
                        format!("an agreement needs {v} signatories (quorum)")
                    }
                    ["agreement", "required"] => {
                        format!("every agreement needs {}", list(v, &|w| party(w)))
                    }
                    _ => self.describe(),
                }
            }
        }
    }
}

/// The command-line form the what-if was given in (`--set PATH=VALUE`,
/// `--remove-red-line PARTY:ISSUE=OPTION`, `--add-red-line PARTY:ISSUE=OPTION`,
/// `--open-term PLAN:ISSUE`), for front ends that echo it back; errors use
/// [`WhatIf::describe`].
impl fmt::Display for WhatIf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WhatIf::Set { path, value } => write!(f, "--set {path}={value}"),
            WhatIf::RemoveRedLine {
                party,
                issue,
                option,
            } => write!(f, "--remove-red-line {party}:{issue}={option}"),
            WhatIf::AddRedLine {
                party,
                issue,
                option,
            } => write!(f, "--add-red-line {party}:{issue}={option}"),
            WhatIf::OpenTerm { plan, issue } => write!(f, "--open-term {plan}:{issue}"),
        }
    }
}

/// Why a what-if cannot be applied. Displays as `DESCRIPTION: MESSAGE (HELP)`, with the
/// what-if's [`WhatIf::describe`].
#[derive(Clone, Debug, PartialEq)]
pub struct WhatIfError {
    /// The what-if as given.
    pub what_if: WhatIf,
    /// What is wrong.
    pub message: String,
    /// What would be right, or the closest id.
    pub help: Option<String>,
}

impl std::error::Error for WhatIfError {}

impl fmt::Display for WhatIfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.what_if.describe(), self.message)?;
        if let Some(help) = &self.help {
            write!(f, " ({help})")?;
        }
        Ok(())
    }
}

/// Applies what-ifs in order to a copy of the scenario. Every what-if is checked; all errors
/// are returned together.
pub fn apply(scenario: &Scenario, what_ifs: &[WhatIf]) -> Result<Scenario, Vec<WhatIfError>> {
    let mut s = scenario.clone();
    let mut errors = Vec::new();
    for w in what_ifs {
        let result = match w {
            WhatIf::Set { path, value } => set(&mut s, path, value),
            WhatIf::RemoveRedLine {
                party,
                issue,
                option,
            } => remove_red_line(&mut s, party, issue, option),
            WhatIf::AddRedLine {
                party,
                issue,
                option,
            } => add_red_line(&mut s, party, issue, option),
            WhatIf::OpenTerm { plan, issue } => open_term(&mut s, plan, issue),
        };
        if let Err((message, help)) = result {
            errors.push(WhatIfError {
                what_if: w.clone(),
                message,
                help,
            });
        }
    }
    if errors.is_empty() {
        Ok(s)
    } else {
        Err(errors)
    }
}

type Failure = (String, Option<String>);

/// An unknown party, issue or plan as a what-if failure: the id resolution of
/// [`Scenario::resolve_party`] and its siblings, worded for a what-if.
fn unknown_id(e: UnknownId) -> Failure {
    let help = match e.suggestion {
        Some(c) => format!("did you mean `{c}`?"),
        None => format!("known: {}", e.known.join(", ")),
    };
    (format!("unknown {} `{}`", e.kind.word(), e.id), Some(help))
}

/// "unknown option `x` of issue `y`": `context` follows the id.
fn unknown_in<'a>(
    kind: &str,
    id: &str,
    context: &str,
    known: impl IntoIterator<Item = &'a str>,
) -> Failure {
    let known: Vec<&str> = known.into_iter().collect();
    let help = match closest(id, known.iter().copied()) {
        Some(c) => format!("did you mean `{c}`?"),
        None => format!("known: {}", known.join(", ")),
    };
    (format!("unknown {kind} `{id}`{context}"), Some(help))
}

fn find_party(s: &Scenario, id: &str) -> Result<PartyIx, Failure> {
    s.resolve_party(id).map_err(unknown_id)
}

fn find_issue(s: &Scenario, id: &str) -> Result<IssueIx, Failure> {
    s.resolve_issue(id).map_err(unknown_id)
}

/// Reads a value in TOML syntax; a bare word that is not TOML is taken as a string.
fn with_value<T>(
    text: &str,
    path: &str,
    read: impl FnOnce(&mut Sink, &Value<'_>) -> Option<T>,
) -> Result<T, Failure> {
    let quoted;
    let parsed = match DeValue::parse(text) {
        Ok(v) => v,
        Err(_) => {
            quoted = format!("{text:?}");
            DeValue::parse(&quoted)
                .map_err(|e| (format!("cannot read `{text}`: {}", e.message()), None))?
        }
    };
    let mut sink = Sink::default();
    match read(&mut sink, &parsed) {
        Some(v) if sink.errors == 0 => Ok(v),
        _ => {
            let d = sink
                .diagnostics
                .into_iter()
                .find(|d| d.severity == Severity::Error);
            Err(match d {
                Some(d) => (d.message, d.help),
                None => (format!("invalid value `{text}` for {path}"), None),
            })
        }
    }
}

/// Reads a list of ids: a TOML array of strings, or `[a, b]` with bare words.
fn id_list(text: &str, path: &str) -> Result<Vec<String>, Failure> {
    let read = |text: &str| {
        with_value(text, path, |sink, v| {
            let ids = reader::strings(sink, v, path);
            Some(ids.into_iter().map(|(id, _)| id).collect::<Vec<_>>())
        })
    };
    let trimmed = text.trim();
    let inner = trimmed.strip_prefix('[').and_then(|r| r.strip_suffix(']'));
    match (DeValue::parse(trimmed), inner) {
        (Err(_), Some(inner)) => {
            let quoted: Vec<String> = inner
                .split(',')
                .map(str::trim)
                .filter(|w| !w.is_empty())
                .map(|w| format!("{:?}", w.trim_matches('"')))
                .collect();
            read(&format!("[{}]", quoted.join(", ")))
        }
        _ => read(trimmed),
    }
}

/// Resolves an option of an issue from text: an id, or a number on the grid.
fn option_of(issue: &Issue, text: &str) -> Result<OptionIx, Failure> {
    match issue.domain() {
        IssueDomain::Discrete(options) => {
            let id = text.trim_matches('"');
            issue.find_option(id).ok_or_else(|| {
                unknown_in(
                    "option",
                    id,
                    &format!(" of issue `{}`", issue.id()),
                    options.iter().map(|o| o.id().as_str()),
                )
            })
        }
        IssueDomain::Numeric { grid, .. } => {
            let v: f64 = text.parse().map_err(|_| {
                (
                    format!("`{text}` is not a number on the grid of `{}`", issue.id()),
                    None,
                )
            })?;
            issue.find_value(v).ok_or_else(|| {
                (
                    format!(
                        "{v} is not on the grid of issue `{}` ({} to {} by {})",
                        issue.id(),
                        grid.min(),
                        grid.max(),
                        grid.step()
                    ),
                    None,
                )
            })
        }
    }
}

const SETTABLE: &str = "parties.P.walk_away, parties.P.discount, parties.P.signatory, \
parties.P.weights.ISSUE, parties.P.scores.ISSUE.OPTION, parties.P.consent_on, \
issues.ISSUE.status_quo, plans.PLAN.terms.ISSUE, agreement.quorum, agreement.required";

/// The settable path nearest to a mistyped one: each part corrected to the closest section,
/// party id, field name, issue id or option id ([`closest`], Damerau–Levenshtein with strsim),
/// when the corrected path differs from `path` and every part has a match.
fn nearest_path(s: &Scenario, path: &str) -> Option<String> {
    let parts: Vec<&str> = path.split('.').collect();
    let fix = |word: &str, known: &[&str]| -> Option<String> {
        if known.contains(&word) {
            Some(word.to_owned())
        } else {
            closest(word, known.iter().copied()).map(str::to_owned)
        }
    };
    let party_ids: Vec<&str> = s.parties().iter().map(|p| p.id().as_str()).collect();
    let issue_ids: Vec<&str> = s.issues().iter().map(|i| i.id().as_str()).collect();
    let plan_ids: Vec<&str> = s.plans().iter().map(|p| p.id().as_str()).collect();
    let section = fix(parts.first()?, &["parties", "issues", "plans", "agreement"])?;
    let mut fixed = vec![section.clone()];
    match (section.as_str(), &parts[1..]) {
        ("parties", [party, field, rest @ ..]) => {
            fixed.push(fix(party, &party_ids)?);
            let fields: &[&str] = match rest.len() {
                0 => &["walk_away", "discount", "signatory", "consent_on"],
                1 => &["weights"],
                2 => &["scores"],
                _ => return None,
            };
            fixed.push(fix(field, fields)?);
            if let [issue, more @ ..] = rest {
                let issue = fix(issue, &issue_ids)?;
                if let [option] = more {
                    let i = s.find_issue(&issue)?;
                    let options: Vec<&str> = match s.issue(i).domain() {
                        IssueDomain::Discrete(options) => {
                            options.iter().map(|o| o.id().as_str()).collect()
                        }
                        IssueDomain::Numeric { .. } => return None,
                    };
                    fixed.push(issue);
                    fixed.push(fix(option, &options)?);
                } else {
                    fixed.push(issue);
                }
            }
        }
        ("issues", [issue, field]) => {
            fixed.push(fix(issue, &issue_ids)?);
            fixed.push(fix(field, &["status_quo"])?);
        }
        ("plans", [plan, field, issue]) => {
            fixed.push(fix(plan, &plan_ids)?);
            fixed.push(fix(field, &["terms"])?);
            fixed.push(fix(issue, &issue_ids)?);
        }
        ("agreement", [field]) => fixed.push(fix(field, &["quorum", "required"])?),
        _ => return None,
    }
    let near = fixed.join(".");
    (near != path).then_some(near)
}

/// Refuses a change of role that would break the scenario's consent rule: a ratifier made a
/// signatory, a required party made a non-signatory, or fewer signatories than the quorum.
fn check_signatory_change(s: &Scenario, p: PartyIx, signatory: bool) -> Result<(), Failure> {
    let party = s.party(p);
    if signatory && let Some(t) = party.ratifies() {
        return Err((
            format!(
                "party `{}` ratifies for `{}`: a ratifier cannot be a signatory",
                party.id(),
                s.party(t).id()
            ),
            None,
        ));
    }
    if !signatory && party.signatory() {
        if s.agreement_rule().required().contains(&p) {
            return Err((
                format!(
                    "party `{}` is required by the agreement rule, so it must stay a signatory",
                    party.id()
                ),
                None,
            ));
        }
        let signatories = s.parties().iter().filter(|q| q.signatory()).count();
        if let Some(q) = s.agreement_rule().quorum()
            && q > signatories - 1
        {
            return Err((
                format!(
                    "the agreement rule needs {q} signatories; without `{}` there would be {}",
                    party.id(),
                    signatories - 1
                ),
                None,
            ));
        }
    }
    Ok(())
}

fn set(s: &mut Scenario, path: &str, value: &str) -> Result<(), Failure> {
    let parts: Vec<&str> = path.split('.').collect();
    let not_settable = || {
        let help = match nearest_path(s, path) {
            Some(near) => format!("did you mean `{near}`?"),
            None => format!("settable: {SETTABLE}"),
        };
        (format!("`{path}` cannot be set"), Some(help))
    };
    match parts.as_slice() {
        ["parties", p, field, rest @ ..] => {
            let p = find_party(s, p)?;
            if s.parties[p.index()].observer {
                return Err((
                    format!(
                        "party `{}` is an observer (no weights, interactions or walk_away): it \
                         has no preferences to change and is never a signatory",
                        s.parties[p.index()].id
                    ),
                    Some("model its preferences in the file (walk_away and weights)".into()),
                ));
            }
            match (*field, rest) {
                ("walk_away", []) => {
                    let e = with_value(value, path, |sink, v| {
                        reader::estimate(sink, v, path, Bounds::UNIT)
                    })?;
                    s.parties[p.index()].walk_away = e;
                }
                ("discount", []) => {
                    let d = with_value(value, path, |sink, v| {
                        let x = reader::number(sink, v, path)?;
                        if !Bounds::DISCOUNT.contains(x) {
                            sink.error(
                                "out-of-range",
                                0..0,
                                path,
                                format!("discount {x} is outside (0, 1]"),
                                None,
                            );
                            return None;
                        }
                        Some(x)
                    })?;
                    s.parties[p.index()].discount = Some(d);
                }
                ("signatory", []) => {
                    let b = with_value(value, path, |sink, v| reader::boolean(sink, v, path))?;
                    check_signatory_change(s, p, b)?;
                    s.parties[p.index()].signatory = b;
                }
                ("consent_on", []) => {
                    let issues = set_consent_on(s, p, value, path)?;
                    s.parties[p.index()].consent_on = Some(issues);
                }
                ("weights", [issue]) => {
                    let i = find_issue(s, issue)?;
                    let w = with_value(value, path, |sink, v| {
                        reader::estimate(sink, v, path, Bounds::NON_NEGATIVE)
                    })?;
                    set_weight(s, p, i, w)?;
                }
                ("scores", [issue, option]) => {
                    let i = find_issue(s, issue)?;
                    let o = option_of(s.issue(i), option)?;
                    if s.issue(i).is_numeric() {
                        return Err((
                            format!(
                                "issue `{issue}` is numeric: its scores are a curve, which cannot be set from the command line"
                            ),
                            Some("edit the curve in the file".into()),
                        ));
                    }
                    let e = with_value(value, path, |sink, v| {
                        reader::estimate(sink, v, path, Bounds::UNIT)
                    })?;
                    let party = &mut s.parties[p.index()];
                    match party.scores.iter_mut().find(|(ix, _)| *ix == i) {
                        Some((_, ScoreFn::Table(t))) => t[o.index()] = e,
                        _ => {
                            return Err((
                                format!(
                                    "party `{}` has no scores for issue `{issue}` to change",
                                    party.id
                                ),
                                Some(
                                    "what-ifs change existing scores; add the scores to the file"
                                        .into(),
                                ),
                            ));
                        }
                    }
                }
                _ => return Err(not_settable()),
            }
        }
        ["agreement", "quorum"] => {
            let q = with_value(value, path, |sink, v| {
                let x = reader::number(sink, v, path)?;
                if x.fract() != 0.0 || x < 0.0 {
                    sink.error(
                        "out-of-range",
                        0..0,
                        path,
                        format!("{x} is not a count of signatories"),
                        None,
                    );
                    return None;
                }
                Some(x)
            })?;
            let n = s.parties().iter().filter(|q| q.signatory()).count();
            if q < 1.0 || q > n as f64 {
                return Err((
                    format!(
                        "quorum {q} is outside 1..={n} (the scenario has {n} signator{})",
                        if n == 1 { "y" } else { "ies" }
                    ),
                    Some(format!("a quorum between 1 and {n}")),
                ));
            }
            s.agreement.quorum = Some(q as usize);
        }
        ["agreement", "required"] => {
            let ids = id_list(value, path)?;
            let mut required = Vec::new();
            for id in ids {
                let p = find_party(s, &id)?;
                let party = s.party(p);
                if !party.signatory() {
                    return Err((
                        format!("required party `{id}` is not a signatory"),
                        Some(match party.ratifies() {
                            Some(t) => {
                                format!(
                                    "`{id}` ratifies for `{}`: require that party",
                                    s.party(t).id()
                                )
                            }
                            None => format!("make `{id}` a signatory first"),
                        }),
                    ));
                }
                if !required.contains(&p) {
                    required.push(p);
                }
            }
            s.agreement.required = required;
        }
        ["issues", issue, "status_quo"] => {
            let i = find_issue(s, issue)?;
            let o = option_of(s.issue(i), value)?;
            s.issues[i.index()].status_quo = Some(o);
        }
        ["plans", plan, "terms", issue] => {
            let plan_ix = s.resolve_plan(plan).map_err(unknown_id)?;
            let i = find_issue(s, issue)?;
            let o = option_of(s.issue(i), value)?;
            let plan = &mut s.plans[plan_ix.index()];
            match plan.terms.iter_mut().find(|(ix, _)| *ix == i) {
                Some(t) => t.1 = o,
                None => plan.terms.push((i, o)),
            }
            // One option settles the issue: it is no longer open over a list, nor `open`.
            plan.within.retain(|(ix, _)| *ix != i);
            plan.open.retain(|ix| *ix != i);
        }
        _ => return Err(not_settable()),
    }
    Ok(())
}

/// `parties.P.consent_on=[ISSUE, ...]`: checked as in the file (known issues, at least one,
/// not on a ratifier).
fn set_consent_on(
    s: &Scenario,
    p: PartyIx,
    value: &str,
    path: &str,
) -> Result<Vec<IssueIx>, Failure> {
    let party = s.party(p);
    if let Some(t) = party.ratifies() {
        return Err((
            format!(
                "party `{}` is a ratifier: it is asked whenever `{}` is, so `consent_on` does \
                 not apply",
                party.id(),
                s.party(t).id()
            ),
            Some(format!(
                "scope the consent of `{}` instead",
                s.party(t).id()
            )),
        ));
    }
    let ids = id_list(value, path)?;
    if ids.is_empty() {
        return Err((
            "`consent_on` lists no issue, so no outcome would need this party's consent".into(),
            Some("list the issues it can block".into()),
        ));
    }
    let mut issues = ids
        .iter()
        .map(|id| find_issue(s, id))
        .collect::<Result<Vec<_>, _>>()?;
    issues.sort();
    issues.dedup();
    Ok(issues)
}

fn set_weight(s: &mut Scenario, p: PartyIx, i: IssueIx, w: Estimate) -> Result<(), Failure> {
    let party = &mut s.parties[p.index()];
    if w.hi() > 0.0 && party.score_fn(i).is_none() {
        return Err((
            format!(
                "party `{}` has no scores for issue `{}`, so it cannot weigh it",
                party.id,
                s.issues[i.index()].id()
            ),
            Some("add the scores to the file first".into()),
        ));
    }
    match party.weights.iter_mut().find(|(ix, _)| *ix == i) {
        Some(entry) => entry.1 = w,
        None => party.weights.push((i, w)),
    }
    if party.interactions.is_empty() && !party.weights.iter().any(|(_, w)| w.hi() > 0.0) {
        return Err((
            format!(
                "party `{}` would have no positive weight and no interaction",
                party.id
            ),
            Some("keep at least one weight above 0".into()),
        ));
    }
    Ok(())
}

fn remove_red_line(
    s: &mut Scenario,
    party: &str,
    issue: &str,
    option: &str,
) -> Result<(), Failure> {
    let p = find_party(s, party)?;
    let i = find_issue(s, issue)?;
    let o = option_of(s.issue(i), option)?;
    let red_lines = &mut s.parties[p.index()].red_lines;
    let Some(at) = red_lines
        .iter()
        .position(|(ix, options)| *ix == i && options.contains(&o))
    else {
        let listed: Vec<String> = red_lines
            .iter()
            .flat_map(|(ix, options)| {
                let issue = &s.issues[ix.index()];
                options
                    .iter()
                    .map(move |&o| format!("{}={}", issue.id(), issue.option_value(o)))
            })
            .collect();
        return Err((
            format!("`{issue}={option}` is not a red line of party `{party}`"),
            Some(if listed.is_empty() {
                format!("party `{party}` has no red lines")
            } else {
                format!("its red lines: {}", listed.join(", "))
            }),
        ));
    };
    red_lines[at].1.retain(|&x| x != o);
    if red_lines[at].1.is_empty() {
        red_lines.remove(at);
    }
    Ok(())
}

/// `--add-red-line`: the option joins the party's red lines on the issue (kept in the file's
/// order: issues, then options, sorted). Refused for an observer, a red line the party
/// already has, and one that would make every option of the issue a red line (the party would
/// accept no outcome).
fn add_red_line(s: &mut Scenario, party: &str, issue: &str, option: &str) -> Result<(), Failure> {
    let p = find_party(s, party)?;
    let i = find_issue(s, issue)?;
    let o = option_of(s.issue(i), option)?;
    let count = s.issue(i).option_count();
    let label = s.issue(i).option_value(o).to_string();
    let target = &mut s.parties[p.index()];
    if target.observer {
        return Err((
            format!(
                "party `{}` is an observer (no weights, interactions or walk_away): a red line \
                 would never decide anything",
                target.id
            ),
            Some("model its preferences in the file (walk_away and weights)".into()),
        ));
    }
    let at = match target.red_lines.binary_search_by_key(&i, |(ix, _)| *ix) {
        Ok(at) => at,
        Err(at) => {
            target.red_lines.insert(at, (i, Vec::new()));
            at
        }
    };
    let options = &mut target.red_lines[at].1;
    match options.binary_search(&o) {
        Ok(_) => {
            return Err((
                format!("`{issue}={label}` is already a red line of party `{party}`"),
                None,
            ));
        }
        Err(k) => options.insert(k, o),
    }
    if options.len() == count {
        return Err((
            format!(
                "every option of issue `{issue}` would be a red line of party `{party}`: it \
                 would accept no outcome"
            ),
            Some("keep at least one option of the issue off the red lines".into()),
        ));
    }
    Ok(())
}

/// `--open-term`: the plan's term on the issue is dropped and the issue listed in the plan's
/// `open` (open over every option, even with a status quo), as writing it in `open` in the
/// file would. Refused when the plan already leaves the issue open over every option.
fn open_term(s: &mut Scenario, plan: &str, issue: &str) -> Result<(), Failure> {
    let plan_ix = s.resolve_plan(plan).map_err(unknown_id)?;
    let i = find_issue(s, issue)?;
    let has_status_quo = s.issue(i).status_quo().is_some();
    let p = &mut s.plans[plan_ix.index()];
    let settled = p.terms.iter().any(|(ix, _)| *ix == i);
    let listed = p.within.iter().any(|(ix, _)| *ix == i);
    if !settled && !listed && (p.open.contains(&i) || !has_status_quo) {
        return Err((
            format!("plan `{plan}` already leaves issue `{issue}` open"),
            None,
        ));
    }
    p.terms.retain(|(ix, _)| *ix != i);
    p.within.retain(|(ix, _)| *ix != i);
    p.open.push(i);
    Ok(())
}

//! The JSON that `accord` prints for the model's commands, exactly as `analysis.md` specifies
//! it: `accord evaluate --json` ([`EvaluateJson`]) and the diagnostics of `accord check --json`
//! and of every command's `--json` on an invalid or unreadable file ([`CheckJson`]).
//!
//! These are wire types, kept apart from the model so that the model can change without
//! breaking tools that read the output. The JSON may only grow.

use serde::Serialize;

use crate::diagnostic::{Diagnostic, LocatedDiagnostic, Severity, SourceText};
use crate::evaluate::{Evaluation, Verdict};
use crate::id::{PartyIx, PlanIx};
use crate::scenario::{OptionValue, Scenario};
use crate::whatif::{WhatIf, WhatIfError};

/// `accord evaluate --json`: one object when one plan was asked for, else an array.
#[derive(Serialize, Debug)]
#[serde(untagged)]
pub enum EvaluateJson<'a> {
    /// Exactly one plan was named.
    One(PlanEvaluationJson<'a>),
    /// No plan (every plan) or several were named: one entry per plan, in the order asked.
    Many(Vec<PlanEvaluationJson<'a>>),
}

impl<'a> EvaluateJson<'a> {
    /// The JSON of evaluations; `one` when the caller named exactly one plan.
    pub fn new(scenario: &'a Scenario, evaluations: &[(PlanIx, Evaluation)], one: bool) -> Self {
        let mut all: Vec<_> = evaluations
            .iter()
            .map(|(p, e)| PlanEvaluationJson::new(scenario, *p, e))
            .collect();
        if one
            && all.len() == 1
            && let Some(only) = all.pop()
        {
            return EvaluateJson::One(only);
        }
        EvaluateJson::Many(all)
    }

    /// Records, in every plan's entry, the parties that do not negotiate in this run (see
    /// [`Scenario::negotiation`]).
    pub fn not_negotiating(mut self, scenario: &'a Scenario, parties: &[PartyIx]) -> Self {
        let ids: Vec<&'a str> = parties
            .iter()
            .map(|&p| scenario.party(p).id().as_str())
            .collect();
        match &mut self {
            EvaluateJson::One(one) => one.not_negotiating = ids,
            EvaluateJson::Many(all) => {
                for one in all {
                    one.not_negotiating = ids.clone();
                }
            }
        }
        self
    }
}

/// The diagnostics of a file: `accord check --json`, and what any `--json` command prints
/// when its input is unreadable or invalid.
#[derive(Serialize, Debug)]
pub struct CheckJson<'a> {
    /// The file's name, as given.
    pub file: &'a str,
    /// Whether the file passes (no error; under strict checks, no finding at all).
    pub valid: bool,
    /// The findings, in file order.
    pub diagnostics: Vec<DiagnosticJson<'a>>,
}

/// One finding of [`CheckJson`].
#[derive(Serialize, Debug)]
#[serde(untagged)]
pub enum DiagnosticJson<'a> {
    /// A problem in the file, with its line and column.
    Located(LocatedDiagnostic<'a>),
    /// A file that cannot be read: line and column 0, code `unreadable`, no help.
    Unreadable(UnplacedJson<'a>),
    /// A what-if that cannot be applied: line and column 0, code `what-if`, the what-if as
    /// its path, and a help that is `null` when there is none.
    WhatIf(WhatIfJson<'a>),
}

/// A finding about the whole file (code `unreadable`).
#[derive(Serialize, Debug)]
pub struct UnplacedJson<'a> {
    /// The file's name.
    pub file: &'a str,
    /// Always 0: no position.
    pub line: usize,
    /// Always 0: no position.
    pub column: usize,
    /// Always `error`.
    pub severity: Severity,
    /// `unreadable`.
    pub code: &'static str,
    /// Always empty.
    pub path: &'a str,
    /// Why the file cannot be read, naming it.
    pub message: &'a str,
}

/// A what-if that cannot be applied (code `what-if`).
#[derive(Serialize, Debug)]
pub struct WhatIfJson<'a> {
    /// The file's name.
    pub file: &'a str,
    /// Always 0: no position.
    pub line: usize,
    /// Always 0: no position.
    pub column: usize,
    /// Always `error`.
    pub severity: Severity,
    /// `what-if`.
    pub code: &'static str,
    /// The what-if in its command-line form, e.g. `--set parties.x.walk_away=2`.
    pub path: String,
    /// What is wrong.
    pub message: &'a str,
    /// What would be right, or null.
    pub help: Option<&'a str>,
}

/// One what-if a command was run with (the `what_if` list of every command's JSON; empty when
/// the file was used as written).
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct AppliedWhatIfJson {
    /// `set`, `remove_red_line`, `add_red_line` or `open_term` ([`WhatIf::kind`]).
    pub kind: &'static str,
    /// What it changes: the key path (`parties.ukraine.walk_away`), the red line
    /// (`ukraine:territory=cede_donbas`) or the plan's term (`us_28:fund`).
    pub target: String,
    /// The value set (TOML as given), or null for a red line or an open term.
    pub value: Option<String>,
    /// The change in the scenario's words ([`WhatIf::in_words`]).
    pub change: String,
}

impl AppliedWhatIfJson {
    /// The what-ifs applied to `s` (the scenario as changed or as written: only names are
    /// looked up), in the order given.
    pub fn list(s: &crate::Scenario, what_ifs: &[WhatIf]) -> Vec<Self> {
        what_ifs
            .iter()
            .map(|w| {
                let (target, value) = match w {
                    WhatIf::Set { path, value } => (path.clone(), Some(value.clone())),
                    WhatIf::RemoveRedLine {
                        party,
                        issue,
                        option,
                    }
                    | WhatIf::AddRedLine {
                        party,
                        issue,
                        option,
                    } => (format!("{party}:{issue}={option}"), None),
                    WhatIf::OpenTerm { plan, issue } => (format!("{plan}:{issue}"), None),
                };
                AppliedWhatIfJson {
                    kind: w.kind(),
                    target,
                    value,
                    change: w.in_words(s),
                }
            })
            .collect()
    }
}

/// A command's JSON result with the what-ifs it was run with, as every front end writes it
/// (the CLI's `--json`, the web API's answers, the Python package's results): the result's
/// keys, then a `what_if` list (empty when none; [`AppliedWhatIfJson`], from
/// [`AppliedWhatIfJson::list`]). Flattened, so the result's own numbers are written as they
/// are (a 200-digit outcome count stays exact). `T` serializes as a map (a struct or a JSON
/// object); anything else is refused by serde when written.
#[derive(Serialize, Debug)]
pub struct WithWhatIfs<'a, T: Serialize> {
    /// The command's own result.
    #[serde(flatten)]
    pub result: &'a T,
    /// The what-ifs, in the order given.
    pub what_if: &'a [AppliedWhatIfJson],
}

impl<'a, T: Serialize> WithWhatIfs<'a, T> {
    /// `result` with the what-if list `what_if` as its last key.
    pub fn new(result: &'a T, what_if: &'a [AppliedWhatIfJson]) -> Self {
        WithWhatIfs { result, what_if }
    }
}

/// `accord evaluate --json` with its what-ifs: the one plan's object, or every object of the
/// array, gets the `what_if` list as its last key ([`EvaluateJson::with_what_ifs`]).
#[derive(Serialize, Debug)]
#[serde(untagged)]
pub enum EvaluateWithWhatIfs<'b, 'a> {
    /// Exactly one plan was named.
    One(WithWhatIfs<'b, PlanEvaluationJson<'a>>),
    /// Every plan, or several: one entry per plan, in the order asked.
    Many(Vec<WithWhatIfs<'b, PlanEvaluationJson<'a>>>),
}

impl<'a> EvaluateJson<'a> {
    /// These evaluations with the what-ifs they were made with (see [`WithWhatIfs`]).
    pub fn with_what_ifs<'b>(
        &'b self,
        what_if: &'b [AppliedWhatIfJson],
    ) -> EvaluateWithWhatIfs<'b, 'a> {
        match self {
            EvaluateJson::One(one) => EvaluateWithWhatIfs::One(WithWhatIfs::new(one, what_if)),
            EvaluateJson::Many(all) => EvaluateWithWhatIfs::Many(
                all.iter()
                    .map(|one| WithWhatIfs::new(one, what_if))
                    .collect(),
            ),
        }
    }
}

impl<'a> CheckJson<'a> {
    /// The diagnostics of a parsed file; `valid` as the caller judged them (strictness).
    pub fn new(source: &SourceText<'a>, diagnostics: &[&'a Diagnostic], valid: bool) -> Self {
        CheckJson {
            file: source.name,
            valid,
            diagnostics: diagnostics
                .iter()
                .map(|d| DiagnosticJson::Located(d.locate(source)))
                .collect(),
        }
    }

    /// A file that cannot be read, with the reason (which names the file).
    pub fn unreadable(file: &'a str, message: &'a str) -> Self {
        CheckJson {
            file,
            valid: false,
            diagnostics: vec![DiagnosticJson::Unreadable(UnplacedJson {
                file,
                line: 0,
                column: 0,
                severity: Severity::Error,
                code: "unreadable",
                path: "",
                message,
            })],
        }
    }

    /// What-ifs that cannot be applied to a valid file, one finding per error, in order.
    pub fn what_ifs(file: &'a str, errors: &'a [WhatIfError]) -> Self {
        CheckJson {
            file,
            valid: false,
            diagnostics: errors
                .iter()
                .map(|e| {
                    DiagnosticJson::WhatIf(WhatIfJson {
                        file,
                        line: 0,
                        column: 0,
                        severity: Severity::Error,
                        code: "what-if",
                        path: e.what_if.to_string(),
                        message: &e.message,
                        help: e.help.as_deref(),
                    })
                })
                .collect(),
        }
    }
}

/// `accord evaluate --json` for one plan.
#[derive(Serialize, Debug)]
pub struct PlanEvaluationJson<'a> {
    /// The scenario id.
    pub scenario: &'a str,
    /// The plan id.
    pub plan: &'a str,
    /// Issues the plan leaves open.
    pub open_issues: Vec<&'a str>,
    /// The open issues the plan restricts to some of their options (terms written as lists,
    /// scenario.md "Plans"): issue id → the options it may still take, in option order. Absent
    /// when no open issue is restricted.
    #[serde(skip_serializing_if = "Vec::is_empty", serialize_with = "pairs_as_map")]
    pub open_over: Vec<(&'a str, Vec<OptionValue<'a>>)>,
    /// One entry per party, in file order; observers (scenario.md, "Observers") are left out.
    pub parties: Vec<PartyEvaluationJson<'a>>,
    /// True, false, or null when undetermined.
    pub agreement: Option<bool>,
    /// The agreement rule, when the scenario's is not unanimity of its signatories (a quorum,
    /// scoped consent or ratifiers; scenario.md, added 2026-11); absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<RuleJson<'a>>,
    /// The parties (ids) that are signatories in the file but do not negotiate in this run
    /// (see [`Scenario::negotiation`]); absent when none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub not_negotiating: Vec<&'a str>,
}

/// One party's part of [`PlanEvaluationJson`].
#[derive(Serialize, Debug)]
pub struct PartyEvaluationJson<'a> {
    /// The party id.
    pub party: &'a str,
    /// Midpoint of `utility_range`.
    pub utility: f64,
    /// Lowest and highest utility over completions of the open issues.
    pub utility_range: [f64; 2],
    /// The walk-away value used (the midpoint of an interval).
    pub walk_away: f64,
    /// Red lines the settled terms cross.
    pub red_lines_crossed: Vec<RedLineJson<'a>>,
    /// `accept`, `reject` or `undetermined`; for a party with ratifiers, their acceptance
    /// counted (scenario.md: its win-set).
    pub verdict: Verdict,
    /// For a party with ratifiers only: its verdict on its own (red lines and walk-away).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub own_verdict: Option<Verdict>,
    /// For a signatory with `consent_on` only: whether the plan needs its consent (true for
    /// every completion, false for none, null when it depends on the open issues).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub asked: Option<Option<bool>>,
    /// For a ratifier only: the id of the party it ratifies for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ratifies: Option<&'a str>,
}

/// The agreement rule in [`PlanEvaluationJson`]: an agreement needs at least `quorum`
/// signatories counting as accepting, `required` among them.
#[derive(Serialize, Debug)]
pub struct RuleJson<'a> {
    /// How many signatories must count as accepting.
    pub quorum: usize,
    /// How many signatories there are.
    pub signatories: usize,
    /// The required signatories (ids, file order).
    pub required: Vec<&'a str>,
}

impl<'a> RuleJson<'a> {
    /// The rule of `scenario`, or `None` under unanimity of its signatories (the default).
    pub fn of(scenario: &'a Scenario) -> Option<Self> {
        let rule = scenario.consent_rule();
        (!rule.is_unanimity()).then(|| RuleJson {
            quorum: rule.quorum(),
            signatories: rule.signatories().len(),
            required: rule
                .required()
                .map(|p| scenario.party(p).id().as_str())
                .collect(),
        })
    }
}

/// A red line: an option of an issue.
#[derive(Serialize, Debug)]
pub struct RedLineJson<'a> {
    /// The issue id.
    pub issue: &'a str,
    /// The option (an id, or the number of a grid point).
    pub option: OptionValue<'a>,
}

impl<'a> PlanEvaluationJson<'a> {
    /// Builds the JSON form of a plan's evaluation.
    pub fn new(scenario: &'a Scenario, plan: PlanIx, evaluation: &Evaluation) -> Self {
        Self::with_plan_id(scenario, scenario.plan(plan).id().as_str(), evaluation)
    }

    /// The JSON form of an unsaved draft's evaluation (no plan in the file): `plan` is the
    /// empty string, which callers that serve drafts write as `null`.
    pub fn draft(scenario: &'a Scenario, evaluation: &Evaluation) -> Self {
        Self::with_plan_id(scenario, "", evaluation)
    }

    fn with_plan_id(scenario: &'a Scenario, plan: &'a str, evaluation: &Evaluation) -> Self {
        let rule = scenario.consent_rule();
        PlanEvaluationJson {
            scenario: scenario.id().as_str(),
            plan,
            open_issues: evaluation
                .open_issues
                .iter()
                .map(|&i| scenario.issue(i).id().as_str())
                .collect(),
            open_over: evaluation
                .within
                .iter()
                .map(|(i, options)| {
                    let issue = scenario.issue(*i);
                    (
                        issue.id().as_str(),
                        options.iter().map(|&o| issue.option_value(o)).collect(),
                    )
                })
                .collect(),
            parties: evaluation
                .parties
                .iter()
                .filter(|e| !scenario.party(e.party).is_observer())
                .map(|e| PartyEvaluationJson {
                    party: scenario.party(e.party).id().as_str(),
                    utility: e.utility(),
                    utility_range: [e.utility_range.0, e.utility_range.1],
                    walk_away: e.walk_away,
                    red_lines_crossed: e
                        .red_lines_crossed
                        .iter()
                        .map(|&(i, o)| {
                            let issue = scenario.issue(i);
                            RedLineJson {
                                issue: issue.id().as_str(),
                                option: issue.option_value(o),
                            }
                        })
                        .collect(),
                    verdict: e.verdict,
                    own_verdict: (!rule.ratifiers(e.party).is_empty()).then_some(e.own_verdict),
                    asked: rule.scope(e.party).map(|_| e.asked),
                    ratifies: scenario
                        .party(e.party)
                        .ratifies()
                        .map(|t| scenario.party(t).id().as_str()),
                })
                .collect(),
            agreement: evaluation.agreement,
            rule: RuleJson::of(scenario),
            not_negotiating: Vec::new(),
        }
    }
}

/// Writes `(key, value)` pairs as a JSON object, in their order.
fn pairs_as_map<S: serde::Serializer, K: Serialize, V: Serialize>(
    pairs: &[(K, V)],
    s: S,
) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut map = s.serialize_map(Some(pairs.len()))?;
    for (k, v) in pairs {
        map.serialize_entry(k, v)?;
    }
    map.end()
}

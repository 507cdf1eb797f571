//! What the pages show of a scenario, by label: parties by name, issues by title, options by
//! label, plans by title. Shared by every page.

use accord_model::whatif::WhatIf;
use accord_model::{IssueIx, OptionIx, PartyIx, PlanIx, Scenario};
use serde::Serialize;

use crate::AppState;
use crate::api::{load, version_name};
use crate::error::ApiError;
use crate::store::VersionText;

/// A version from the store: the latest when `version` is `None` (404 for an unknown scenario
/// or version).
pub(super) async fn version_text(
    state: &AppState,
    id: String,
    version: Option<i64>,
) -> Result<VersionText, ApiError> {
    state
        .with_store(move |s| {
            Ok(match version {
                Some(v) => s.get(&id, v)?,
                None => s.latest(&id)?,
            })
        })
        .await
}

/// A stored version parsed, with what-ifs applied.
pub(super) fn scenario(v: &VersionText, what_ifs: &[WhatIf]) -> Result<Scenario, ApiError> {
    load(&version_name(&v.id, v.version), v.text.clone(), what_ifs)
}

/// A party's id and name.
#[derive(Serialize, Clone)]
pub(super) struct Named {
    pub id: String,
    pub name: String,
}

/// An option of an issue: its id (the value of a control) and its label.
#[derive(Serialize, Clone)]
pub(super) struct OptionView {
    pub id: String,
    pub label: String,
}

/// An issue with its options.
#[derive(Serialize, Clone)]
pub(super) struct IssueView {
    pub id: String,
    pub title: String,
    pub options: Vec<OptionView>,
    /// The status quo's label, if the issue has one.
    pub status_quo: Option<String>,
}

/// An area with its issues.
#[derive(Serialize, Clone)]
pub(super) struct AreaView {
    pub title: String,
    pub issues: Vec<IssueView>,
}

pub(super) fn option_id(s: &Scenario, i: IssueIx, o: OptionIx) -> String {
    s.issue(i).option_value(o).to_string()
}

pub(super) fn option_label(s: &Scenario, i: IssueIx, o: OptionIx) -> String {
    s.issue(i).option_label(o)
}

pub(super) fn party(s: &Scenario, p: PartyIx) -> Named {
    let party = s.party(p);
    Named {
        id: party.id().as_str().to_owned(),
        name: party.name().to_owned(),
    }
}

pub(super) fn plan(s: &Scenario, p: PlanIx) -> Named {
    let plan = s.plan(p);
    Named {
        id: plan.id().as_str().to_owned(),
        name: plan.title().to_owned(),
    }
}

pub(super) fn issue(s: &Scenario, i: IssueIx) -> IssueView {
    let issue = s.issue(i);
    IssueView {
        id: issue.id().as_str().to_owned(),
        title: issue.title().to_owned(),
        options: issue
            .options()
            .map(|o| OptionView {
                id: option_id(s, i, o),
                label: option_label(s, i, o),
            })
            .collect(),
        status_quo: issue.status_quo().map(|o| option_label(s, i, o)),
    }
}

/// The issues grouped by area, areas in file order (issues of no listed area last).
pub(super) fn areas(s: &Scenario) -> Vec<AreaView> {
    let mut out: Vec<AreaView> = s
        .area_ixs()
        .map(|a| AreaView {
            title: s.area(a).title().to_owned(),
            issues: s
                .issue_ixs()
                .filter(|&i| s.issue(i).area() == a)
                .map(|i| issue(s, i))
                .collect(),
        })
        .collect();
    out.retain(|a| !a.issues.is_empty());
    out
}

/// The plans, by title.
pub(super) fn plans(s: &Scenario) -> Vec<Named> {
    s.plan_ixs().map(|p| plan(s, p)).collect()
}

/// A 404 for a plan the scenario does not define.
pub(super) fn find_plan(s: &Scenario, id: &str) -> Result<PlanIx, ApiError> {
    s.resolve_plan(id)
        .map_err(|e| ApiError::not_found(e.to_string()))
}

/// A 404 for a party the scenario does not define.
pub(super) fn find_party(s: &Scenario, id: &str) -> Result<PartyIx, ApiError> {
    s.find_party(id).ok_or_else(|| {
        ApiError::not_found(format!(
            "scenario `{}` has no party `{id}`",
            s.id().as_str()
        ))
    })
}

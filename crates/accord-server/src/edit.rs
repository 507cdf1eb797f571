//! Edits of a scenario's text that keep everything else of it: a plan's terms patched in place
//! with `toml_edit` (comments, order and layout of the rest stay as the user wrote them).

use serde_json::Value as Json;
use toml_edit::{Array, DocumentMut, Item, Table, Value};

/// Why a patch cannot be applied to a text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    /// The text is not TOML (stored texts always are; a defect if seen).
    #[error("the scenario text is not TOML: {0}")]
    NotToml(String),
    /// The scenario has no such plan and the patch may not create one.
    #[error("the scenario has no plan `{0}`")]
    NoPlan(String),
    /// `plans`, the plan or its `terms` is not a table.
    #[error("`{0}` is not a table in the scenario text")]
    NotATable(String),
    /// A term's value is not an option id, a number or a list of them.
    #[error(
        "the term of `{issue}` must be an option id, a number, a list of them, or null, not {found}"
    )]
    BadTerm {
        /// The issue.
        issue: String,
        /// What was given, as JSON.
        found: String,
    },
}

/// A patch of one plan.
#[derive(Debug, Clone, Copy)]
pub struct PlanPatch<'a> {
    /// The plan's id.
    pub plan: &'a str,
    /// Issue → option, list of options, or `null` (the term is removed), in order.
    pub terms: &'a serde_json::Map<String, Json>,
    /// A new title (also the title of a plan created by the patch; its id when absent).
    pub title: Option<&'a str>,
    /// Whether a missing plan is created.
    pub create: bool,
}

/// Applies a plan patch to a scenario text and returns the new text. An issue given a term
/// leaves the plan's `open` list; every other term stays as it was. The result is not
/// validated here: the caller parses it like any text.
pub fn patch_plan(text: &str, patch: &PlanPatch<'_>) -> Result<String, EditError> {
    let mut doc: DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| EditError::NotToml(e.to_string()))?;
    let plans = doc
        .as_table_mut()
        .entry("plans")
        .or_insert_with(|| {
            let mut t = Table::new();
            t.set_implicit(true);
            Item::Table(t)
        })
        .as_table_like_mut()
        .ok_or_else(|| EditError::NotATable("plans".into()))?;
    if plans.get(patch.plan).is_none() {
        if !patch.create {
            return Err(EditError::NoPlan(patch.plan.to_owned()));
        }
        let mut t = Table::new();
        t.insert("title", toml_edit::value(patch.title.unwrap_or(patch.plan)));
        t.insert("terms", Item::Table(Table::new()));
        plans.insert(patch.plan, Item::Table(t));
    }
    let what = || format!("plans.{}", patch.plan);
    let plan_item = plans
        .get_mut(patch.plan)
        .ok_or_else(|| EditError::NoPlan(patch.plan.to_owned()))?;
    let inline = plan_item.is_inline_table();
    let plan = plan_item
        .as_table_like_mut()
        .ok_or_else(|| EditError::NotATable(what()))?;
    if let Some(title) = patch.title {
        plan.insert("title", toml_edit::value(title));
    }
    // Terms set here leave `open`.
    if let Some(open) = plan.get_mut("open").and_then(Item::as_array_mut) {
        let before = open.len();
        open.retain(|v| {
            v.as_str()
                .is_none_or(|issue| !matches!(patch.terms.get(issue), Some(t) if !t.is_null()))
        });
        if open.len() != before {
            open.fmt();
        }
    }
    if plan.get("terms").is_none() {
        let terms = if inline {
            Item::Value(Value::InlineTable(toml_edit::InlineTable::new()))
        } else {
            Item::Table(Table::new())
        };
        plan.insert("terms", terms);
    }
    let terms = plan
        .get_mut("terms")
        .and_then(Item::as_table_like_mut)
        .ok_or_else(|| EditError::NotATable(format!("{}.terms", what())))?;
    for (issue, term) in patch.terms {
        if term.is_null() {
            terms.remove(issue);
        } else {
            terms.insert(issue, Item::Value(toml_term(issue, term)?));
        }
    }
    Ok(doc.to_string())
}

/// A term as TOML: a string, an integer, a float, or an array of those.
fn toml_term(issue: &str, term: &Json) -> Result<Value, EditError> {
    let bad = || EditError::BadTerm {
        issue: issue.to_owned(),
        found: term.to_string(),
    };
    match term {
        Json::Array(items) => {
            let mut a = Array::new();
            for item in items {
                if item.is_array() {
                    return Err(bad());
                }
                a.push_formatted(toml_term(issue, item)?);
            }
            Ok(Value::Array(a))
        }
        Json::String(s) => Ok(Value::from(s.as_str())),
        Json::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => Ok(Value::from(i)),
            (None, Some(f)) if f.is_finite() => Ok(Value::from(f)),
            _ => Err(bad()),
        },
        Json::Null | Json::Bool(_) | Json::Object(_) => Err(bad()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "# a comment that stays\n[plans.a]\ntitle = \"A\"\nopen = [\"x\", \"y\"]\n\n[plans.a.terms]\nfund = 25 # kept\nbuffer = \"narrow\"\n";

    fn terms(j: &str) -> serde_json::Map<String, Json> {
        serde_json::from_str(j).unwrap()
    }

    #[test]
    fn a_patch_sets_removes_and_keeps_the_rest() {
        let t = terms(r#"{"buffer": null, "x": "opt", "size": [1, 2.5]}"#);
        let out = patch_plan(
            TEXT,
            &PlanPatch {
                plan: "a",
                terms: &t,
                title: None,
                create: false,
            },
        )
        .unwrap();
        assert!(out.starts_with("# a comment that stays\n"));
        assert!(out.contains("fund = 25 # kept"));
        assert!(!out.contains("buffer"));
        assert!(out.contains("x = \"opt\""));
        assert!(out.contains("size = [1, 2.5]"));
        assert!(out.contains("open = [\"y\"]"), "{out}");
    }

    #[test]
    fn a_missing_plan_is_created_only_when_asked() {
        let t = terms(r#"{"fund": 50}"#);
        let mut patch = PlanPatch {
            plan: "b",
            terms: &t,
            title: Some("B's draft"),
            create: false,
        };
        assert_eq!(patch_plan(TEXT, &patch), Err(EditError::NoPlan("b".into())));
        patch.create = true;
        let out = patch_plan(TEXT, &patch).unwrap();
        let v: toml::Table = out.parse().unwrap();
        assert_eq!(v["plans"]["b"]["title"].as_str(), Some("B's draft"));
        assert_eq!(v["plans"]["b"]["terms"]["fund"].as_integer(), Some(50));
        assert_eq!(v["plans"]["a"]["terms"]["fund"].as_integer(), Some(25));
    }

    #[test]
    fn terms_that_are_not_options_are_refused() {
        for bad in [r#"{"x": true}"#, r#"{"x": {"a": 1}}"#, r#"{"x": [[1]]}"#] {
            let t = terms(bad);
            let patch = PlanPatch {
                plan: "a",
                terms: &t,
                title: None,
                create: false,
            };
            assert!(matches!(
                patch_plan(TEXT, &patch),
                Err(EditError::BadTerm { .. })
            ));
        }
    }
}

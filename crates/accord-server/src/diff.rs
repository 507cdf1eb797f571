//! What changed between two versions of a scenario: each plan's changed terms, each party's
//! changed values, and a unified diff of the texts (the `similar` crate).
//!
//! Terms and party values are compared as written in the file (an option id, a number, an
//! interval, a list), key by key, so a change reads the way the user typed it.

use std::collections::BTreeSet;

use serde::Serialize;
use serde_json::Value as Json;
use utoipa::ToSchema;

/// `GET /api/v1/scenarios/{id}/diff`.
#[derive(Debug, Serialize, ToSchema)]
pub struct Diff {
    /// The plans whose terms differ (added and removed plans too), in the order of the newer
    /// text, then the removed ones.
    pub plans: Vec<PlanChanges>,
    /// The parties whose values differ, in the same order.
    pub parties: Vec<PartyChanges>,
    /// A unified diff of the two texts (three lines of context; empty when they are equal).
    pub text_diff: String,
}

/// One plan's changed terms.
#[derive(Debug, Serialize, ToSchema)]
pub struct PlanChanges {
    /// The plan's id.
    pub plan: String,
    /// `changed`, `added` or `removed`.
    pub status: &'static str,
    /// The terms that differ, in issue order as written.
    pub changed: Vec<Change>,
}

/// One party's changed values.
#[derive(Debug, Serialize, ToSchema)]
pub struct PartyChanges {
    /// The party's id.
    pub party: String,
    /// `changed`, `added` or `removed`.
    pub status: &'static str,
    /// The values that differ, by key path within the party (`walk_away`, `weights.fund`,
    /// `scores.border.river`, …).
    pub changed: Vec<ValueChange>,
}

/// A term that differs: `null` on a side where the plan has no term.
#[derive(Debug, Serialize, ToSchema)]
pub struct Change {
    /// The issue's id.
    pub issue: String,
    /// The older term (an option id, a number, a list), or null.
    #[schema(value_type = Object)]
    pub from: Json,
    /// The newer term, or null.
    #[schema(value_type = Object)]
    pub to: Json,
}

/// A value that differs: `null` on a side where it is absent.
#[derive(Debug, Serialize, ToSchema)]
pub struct ValueChange {
    /// The key path within the party.
    pub path: String,
    /// The older value, or null.
    #[schema(value_type = Object)]
    pub from: Json,
    /// The newer value, or null.
    #[schema(value_type = Object)]
    pub to: Json,
}

/// Compares two scenario texts (valid TOML; a text that is not reads as empty). `from_name`
/// and `to_name` head the unified diff.
pub fn diff(from: &str, to: &str, from_name: &str, to_name: &str) -> Diff {
    let a: toml::Table = from.parse().unwrap_or_default();
    let b: toml::Table = to.parse().unwrap_or_default();
    let plans = compare_tables(&a, &b, "plans", |old, new| {
        let terms = |t: Option<&toml::Value>| {
            t.and_then(|p| p.get("terms"))
                .and_then(toml::Value::as_table)
                .cloned()
                .unwrap_or_default()
        };
        let (ta, tb) = (terms(old), terms(new));
        keys(&ta, &tb)
            .into_iter()
            .filter_map(|k| {
                let (x, y) = (ta.get(&k), tb.get(&k));
                (x != y).then(|| Change {
                    issue: k,
                    from: x.map_or(Json::Null, json),
                    to: y.map_or(Json::Null, json),
                })
            })
            .collect()
    })
    .into_iter()
    .map(|(plan, status, changed)| PlanChanges {
        plan,
        status,
        changed,
    })
    .collect();
    let parties = compare_tables(&a, &b, "parties", |old, new| {
        let mut out = Vec::new();
        flat_changes("", old, new, &mut out);
        out
    })
    .into_iter()
    .map(|(party, status, changed)| PartyChanges {
        party,
        status,
        changed,
    })
    .collect();
    let text_diff = similar::TextDiff::from_lines(from, to)
        .unified_diff()
        .context_radius(3)
        .header(from_name, to_name)
        .to_string();
    Diff {
        plans,
        parties,
        text_diff,
    }
}

/// Entries of `section` (a table of tables) in either text that differ, with their status and
/// what `changes` finds in them; entries with no change are left out.
fn compare_tables<C>(
    a: &toml::Table,
    b: &toml::Table,
    section: &str,
    changes: impl Fn(Option<&toml::Value>, Option<&toml::Value>) -> Vec<C>,
) -> Vec<(String, &'static str, Vec<C>)> {
    let empty = toml::Table::new();
    let sa = a
        .get(section)
        .and_then(toml::Value::as_table)
        .unwrap_or(&empty);
    let sb = b
        .get(section)
        .and_then(toml::Value::as_table)
        .unwrap_or(&empty);
    let mut out = Vec::new();
    for id in keys(sa, sb) {
        let (x, y) = (sa.get(&id), sb.get(&id));
        if x == y {
            continue;
        }
        let status = match (x, y) {
            (None, _) => "added",
            (_, None) => "removed",
            _ => "changed",
        };
        let c = changes(x, y);
        if !c.is_empty() || status != "changed" {
            out.push((id, status, c));
        }
    }
    out
}

/// The keys of `b` in its order, then those only in `a`.
fn keys(a: &toml::Table, b: &toml::Table) -> Vec<String> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for k in b.keys().chain(a.keys()) {
        if seen.insert(k.clone()) {
            out.push(k.clone());
        }
    }
    out
}

/// Leaf values (anything but a table) that differ under `prefix`.
fn flat_changes(
    prefix: &str,
    a: Option<&toml::Value>,
    b: Option<&toml::Value>,
    out: &mut Vec<ValueChange>,
) {
    let empty = toml::Table::new();
    match (a, b) {
        (x, y) if x == y => {}
        (Some(toml::Value::Table(_)), _) | (_, Some(toml::Value::Table(_)))
            if a.is_none_or(toml::Value::is_table) && b.is_none_or(toml::Value::is_table) =>
        {
            let ta = a.and_then(toml::Value::as_table).unwrap_or(&empty);
            let tb = b.and_then(toml::Value::as_table).unwrap_or(&empty);
            for k in keys(ta, tb) {
                let path = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flat_changes(&path, ta.get(&k), tb.get(&k), out);
            }
        }
        (x, y) => out.push(ValueChange {
            path: prefix.to_owned(),
            from: x.map_or(Json::Null, json),
            to: y.map_or(Json::Null, json),
        }),
    }
}

/// A TOML value as JSON (dates as their text).
fn json(v: &toml::Value) -> Json {
    match v {
        toml::Value::String(s) => Json::String(s.clone()),
        toml::Value::Integer(i) => Json::from(*i),
        toml::Value::Float(f) => serde_json::Number::from_f64(*f).map_or(Json::Null, Json::Number),
        toml::Value::Boolean(b) => Json::Bool(*b),
        toml::Value::Datetime(d) => Json::String(d.to_string()),
        toml::Value::Array(a) => Json::Array(a.iter().map(json).collect()),
        toml::Value::Table(t) => {
            Json::Object(t.iter().map(|(k, v)| (k.clone(), json(v))).collect())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changed_terms_and_party_values() {
        let a = "[parties.p]\nwalk_away = 0.5\n[parties.p.weights]\nfund = 2\n[plans.x.terms]\nfund = 25\nbuffer = \"narrow\"\n";
        let b = "[parties.p]\nwalk_away = 0.4\n[parties.p.weights]\nfund = 2\n[plans.x.terms]\nfund = 50\nbuffer = \"narrow\"\n[plans.y.terms]\nfund = 1\n";
        let d = diff(a, b, "v1", "v2");
        assert_eq!(d.plans.len(), 2);
        assert_eq!(d.plans[0].plan, "x");
        assert_eq!(d.plans[0].changed.len(), 1);
        assert_eq!(d.plans[0].changed[0].issue, "fund");
        assert_eq!(d.plans[0].changed[0].from, Json::from(25));
        assert_eq!(d.plans[0].changed[0].to, Json::from(50));
        assert_eq!(
            (d.plans[1].plan.as_str(), d.plans[1].status),
            ("y", "added")
        );
        assert_eq!(d.parties.len(), 1);
        assert_eq!(d.parties[0].changed[0].path, "walk_away");
        assert!(d.text_diff.starts_with("--- v1\n+++ v2\n"));
        assert!(d.text_diff.contains("-walk_away = 0.5\n+walk_away = 0.4\n"));
        let same = diff(a, a, "v1", "v1");
        assert!(same.plans.is_empty() && same.parties.is_empty() && same.text_diff.is_empty());
    }
}

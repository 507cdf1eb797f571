//! Writing a [`Scenario`] as GeniusWeb JSON: a domain file and one `LinearAdditiveUtilitySpace`
//! profile per party (Java-style `discreteutils` / `numberutils` keys).
//!
//! | `accord/1` | GeniusWeb |
//! |---|---|
//! | issue with options | `values` (the labels; the ids when labels are missing or repeat) |
//! | grid every party scores linearly | `range { low, high, step }` with `numberutils` |
//! | other grid | `values` of the grid's numbers, scored per value |
//! | weights | as stored when their decimals sum to exactly 1, else divided by their sum and rounded to 15 decimals so that they do |
//! | scores | value utilities as they are |
//! | `walk_away` > 0 | `reservationBid`: the outcome of least utility at or above it (outcome spaces up to a million) |
//!
//! Refused: interactions (a linear additive space has none). GeniusWeb has no discount factor,
//! red lines, plans or events; they are dropped with a warning.

use accord_model::{IssueDomain, Scenario};
use serde_json::{Map, Value, json};

use crate::Exported;
use crate::error::{FormatError, Warning};
use crate::export::{
    FileNames, Score, base_weights, dropped, issue_names, option_names, party_issues,
};
use crate::geniusweb::normalized_sum;

/// The largest outcome space searched for a reservation bid.
const MAX_BID_SEARCH: u128 = 1_000_000;

/// Exports a scenario as GeniusWeb JSON files.
pub fn export(s: &Scenario) -> Result<Exported, FormatError> {
    let mut warnings = dropped(s, "GeniusWeb");
    for p in s.parties() {
        if !p.interactions().is_empty() {
            return Err(FormatError::file(
                "",
                format!(
                    "party `{}` has interactions, which a GeniusWeb linear additive profile \
                     cannot express",
                    p.id()
                ),
            ));
        }
        if p.discount().is_some() {
            warnings.push(Warning::file(
                "",
                format!(
                    "party `{}`: GeniusWeb has no discount factor; dropped",
                    p.id()
                ),
            ));
        }
    }
    let names = issue_names(s);
    let per_party: Vec<_> = s.parties().iter().map(|p| party_issues(s, p)).collect();
    // Per issue: value names (None for a numeric range).
    let mut values: Vec<Option<Vec<String>>> = Vec::new();
    let mut issues_values = Map::new();
    for (k, issue) in s.issues().iter().enumerate() {
        let entry = match issue.domain() {
            IssueDomain::Discrete(_) => {
                let v = option_names(issue);
                values.push(Some(v.clone()));
                json!({ "values": v })
            }
            IssueDomain::Numeric { grid, .. } => {
                let linear = per_party.iter().all(|pi| match &pi[k].1 {
                    Some(sc @ Score::Curve(_)) => {
                        let (a, b) = (sc.at(issue, 0), sc.at(issue, grid.len() - 1));
                        (0..grid.len()).all(|j| {
                            let t = (grid.value(j) - grid.min()) / (grid.max() - grid.min());
                            (sc.at(issue, j) - (a + (b - a) * t)).abs() <= 1e-12
                        })
                    }
                    _ => true,
                });
                if linear {
                    values.push(None);
                    json!({ "range": { "low": num(grid.min()), "high": num(grid.max()), "step": num(grid.step()) } })
                } else {
                    warnings.push(Warning::file(
                        "",
                        format!(
                            "issue `{}`: a curve is not linear, which GeniusWeb's numberutils \
                             cannot express; written as discrete values",
                            issue.id()
                        ),
                    ));
                    let v: Vec<String> =
                        (0..grid.len()).map(|j| grid.value(j).to_string()).collect();
                    values.push(Some(v.clone()));
                    json!({ "values": v })
                }
            }
        };
        issues_values.insert(names[k].clone(), entry);
    }
    let domain = json!({ "name": s.title(), "issuesValues": Value::Object(issues_values) });
    let mut files = FileNames::default();
    let mut exported = Exported::default();
    exported.files.push((
        files.pick(s, s.scenario_sources(), ".json", s.id().as_str()),
        pretty(&domain),
    ));
    for (pk, party) in s.parties().iter().enumerate() {
        if party.is_observer() {
            // No preferences: nothing a profile could hold (see `export::dropped`).
            continue;
        }
        let issues = &per_party[pk];
        let raw: Vec<f64> = issues.iter().map(|(w, _)| *w).collect();
        let weights = decimal_weights(&base_weights(&raw));
        let mut utils = Map::new();
        let mut wmap = Map::new();
        // Utility of each option, per issue, as written (for the reservation bid).
        let mut option_utils: Vec<Vec<f64>> = Vec::new();
        for (k, issue) in s.issues().iter().enumerate() {
            let score = issues[k].1.as_ref();
            let n = issue.option_count();
            let per: Vec<f64> = (0..n)
                .map(|j| score.map_or(0.0, |sc| sc.at(issue, j)))
                .collect();
            let entry = match &values[k] {
                Some(v) => {
                    let mut vu = Map::new();
                    for (name, u) in v.iter().zip(&per) {
                        vu.insert(name.clone(), num(*u));
                    }
                    json!({ "discreteutils": { "valueUtilities": Value::Object(vu) } })
                }
                None => {
                    let IssueDomain::Numeric { grid, .. } = issue.domain() else {
                        unreachable!("a range is numeric")
                    };
                    json!({ "numberutils": {
                        "lowValue": num(grid.min()), "lowUtility": num(per[0]),
                        "highValue": num(grid.max()), "highUtility": num(per[n - 1]),
                    } })
                }
            };
            utils.insert(names[k].clone(), entry);
            wmap.insert(names[k].clone(), num(weights[k]));
            option_utils.push(per);
        }
        let mut space = Map::new();
        space.insert("name".into(), Value::String(party.name().to_owned()));
        space.insert("issueUtilities".into(), Value::Object(utils));
        space.insert("issueWeights".into(), Value::Object(wmap));
        space.insert("domain".into(), domain.clone());
        let walk_away = party.walk_away().midpoint();
        if walk_away > 0.0 {
            match reservation_bid(s, &weights, &option_utils, walk_away) {
                Some((bid, u)) => {
                    if (u - walk_away).abs() > 1e-12 {
                        warnings.push(Warning::file(
                            "",
                            format!(
                                "party `{}`: no outcome has utility {walk_away} exactly; the \
                                 reservation bid has {u}",
                                party.id()
                            ),
                        ));
                    }
                    let mut iv = Map::new();
                    for (k, j) in bid.iter().enumerate() {
                        let v = match &values[k] {
                            Some(v) => Value::String(v[*j].clone()),
                            None => match s.issues()[k].domain() {
                                IssueDomain::Numeric { grid, .. } => num(grid.value(*j)),
                                IssueDomain::Discrete(_) => Value::Null,
                            },
                        };
                        iv.insert(names[k].clone(), v);
                    }
                    space.insert(
                        "reservationBid".into(),
                        json!({ "issuevalues": Value::Object(iv) }),
                    );
                }
                None => warnings.push(Warning::file(
                    "",
                    format!(
                        "party `{}`: the outcome space is too large to search for a reservation \
                         bid; the walk-away value {walk_away} is not exported",
                        party.id()
                    ),
                )),
            }
        }
        let profile = json!({ "LinearAdditiveUtilitySpace": Value::Object(space) });
        let file = files.pick(s, party.sources(), ".json", party.id().as_str());
        exported.files.push((file, pretty(&profile)));
    }
    exported.warnings = warnings;
    Ok(exported)
}

/// A number as JSON: an integer when whole, else the shortest decimal.
fn num(x: f64) -> Value {
    accord_model::number_to_json(if x == 0.0 { 0.0 } else { x })
}

fn pretty(v: &Value) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    s
}

/// Weights whose decimals sum to exactly 1 (GeniusWeb compares decimals exactly): as given when
/// they already do, else rounded to 15 decimals with the largest absorbing the remainder.
fn decimal_weights(w: &[f64]) -> Vec<f64> {
    const SCALE: i128 = 1_000_000_000_000_000;
    let exact: Option<i128> = w.iter().map(|x| to_scaled(*x, SCALE)).sum();
    if exact == Some(SCALE) {
        return w.to_vec();
    }
    let total: f64 = w.iter().filter(|x| **x > 0.0).sum();
    if total <= 0.0 {
        return w.to_vec();
    }
    let mut scaled: Vec<i128> = w
        .iter()
        .map(|x| ((x.max(0.0) / total) * SCALE as f64).round() as i128)
        .collect();
    let rest = SCALE - scaled.iter().sum::<i128>();
    if let Some((k, _)) = scaled.iter().enumerate().max_by_key(|(_, v)| **v) {
        scaled[k] += rest;
    }
    scaled.iter().map(|v| *v as f64 / SCALE as f64).collect()
}

/// `x` as an exact multiple of `1 / scale`, when its shortest decimal has at most 15 decimals.
fn to_scaled(x: f64, scale: i128) -> Option<i128> {
    let text = format!("{x}");
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    if frac.len() > 15 || int.starts_with('-') {
        return None;
    }
    let int: i128 = int.parse().ok()?;
    let frac_val: i128 = if frac.is_empty() {
        0
    } else {
        frac.parse::<i128>().ok()? * 10i128.pow(15 - frac.len() as u32)
    };
    Some(int * scale + frac_val)
}

/// The outcome of least utility at or above `walk_away` (the first such in enumeration order),
/// or of greatest utility when none reaches it. `None` past [`MAX_BID_SEARCH`] outcomes.
fn reservation_bid(
    s: &Scenario,
    weights: &[f64],
    option_utils: &[Vec<f64>],
    walk_away: f64,
) -> Option<(Vec<usize>, f64)> {
    if s.outcome_count().is_none_or(|n| n > MAX_BID_SEARCH) {
        return None;
    }
    let sizes: Vec<usize> = s.issues().iter().map(|i| i.option_count()).collect();
    let mut outcome = vec![0usize; sizes.len()];
    let mut best_above: Option<(Vec<usize>, f64)> = None;
    let mut best_any: Option<(Vec<usize>, f64)> = None;
    let mut utils = vec![0.0; sizes.len()];
    loop {
        for (k, j) in outcome.iter().enumerate() {
            utils[k] = option_utils[k][*j];
        }
        let u = normalized_sum(weights, &utils);
        if u >= walk_away - 1e-12 && best_above.as_ref().is_none_or(|(_, b)| u < *b) {
            best_above = Some((outcome.clone(), u));
        }
        if best_any.as_ref().is_none_or(|(_, b)| u > *b) {
            best_any = Some((outcome.clone(), u));
        }
        // Next outcome (last issue fastest).
        let mut k = sizes.len();
        loop {
            if k == 0 {
                return best_above.or(best_any);
            }
            k -= 1;
            outcome[k] += 1;
            if outcome[k] < sizes[k] {
                break;
            }
            outcome[k] = 0;
        }
    }
}

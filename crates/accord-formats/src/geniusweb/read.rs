//! Reading GeniusWeb JSON into a [`Draft`].
//!
//! | GeniusWeb | `accord/1` |
//! |---|---|
//! | domain `issuesValues` `{ "values": [...] }` | issue with options (id a slug, label the value) |
//! | `{ "range": { low, high, step } }` | `range = { min, max, step }` |
//! | `discreteutils` / `DiscreteValueSetUtilities` `valueUtilities` | scores as given |
//! | `numberutils` / `NumberValueSetUtilities` | a curve `[[lowValue, lowUtility], [highValue, highUtility]]` |
//! | `issueWeights` | weights as read (they sum to 1 in GeniusWeb) |
//! | `reservationBid` | `walk_away` = the bid's utility (0 without one) |
//!
//! A profile embeds its domain; a domain file is optional, and every embedded copy must match.
//! An ANL `specials.json` (analysis results) found in a folder is skipped with a warning.

use serde_json::{Map, Value};

use crate::draft::{Draft, DraftIssue, DraftKind, DraftParty, DraftScore};
use crate::error::{FormatError, Warning};
use crate::slug::{Unique, scenario_slug, slug};
use crate::xml::line_of;
use crate::{InputFile, note};

/// A file being read: its name and text, to point errors at a line.
struct Src<'a> {
    name: &'a str,
    text: &'a str,
}

impl Src<'_> {
    /// An error about the value at a JSON path, at the line where that path is found in the
    /// text (its keys searched in order), or about the whole file when it is not found.
    fn err(&self, path: &[&str], reason: impl Into<String>) -> FormatError {
        match locate(self.text, path) {
            Some(line) => FormatError::at(self.name, line, reason),
            None => FormatError::file(self.name, reason),
        }
    }
}

/// The line of the last key of `path`, each key searched after the previous one.
fn locate(text: &str, path: &[&str]) -> Option<usize> {
    let mut from = 0;
    for key in path {
        let quoted = serde_json::to_string(key).ok()?;
        from += text.get(from..)?.find(&quoted)? + quoted.len();
    }
    (!path.is_empty()).then(|| line_of(text.as_bytes(), from))
}

/// A domain as GeniusWeb has it: issue names and value sets, in file order.
#[derive(Debug, Clone, PartialEq)]
struct WDomain {
    name: String,
    issues: Vec<(String, WValues)>,
}

#[derive(Debug, Clone, PartialEq)]
enum WValues {
    Discrete(Vec<String>),
    Range { low: f64, high: f64, step: f64 },
}

/// Imports GeniusWeb files: at most one domain file, any number of profiles.
pub fn import(files: &[InputFile]) -> Result<(Draft, Vec<Warning>), FormatError> {
    let mut warnings = Vec::new();
    let mut domain: Option<(String, WDomain)> = None;
    let mut profiles: Vec<(&InputFile, Map<String, Value>)> = Vec::new();
    for f in files {
        let value = parse_json(f)?;
        let text = String::from_utf8_lossy(&f.bytes);
        let src = Src {
            name: &f.name,
            text: &text,
        };
        let Value::Object(obj) = value else {
            return Err(FormatError::file(&f.name, "not a JSON object"));
        };
        if obj.contains_key("issuesValues") {
            let d = read_domain(&src, &[], &obj)?;
            if let Some((first, _)) = &domain {
                return Err(FormatError::file(
                    &f.name,
                    format!("a second domain file (the first is {first}): give one domain"),
                ));
            }
            domain = Some((f.name.clone(), d));
        } else if let Some(space) = obj.get("LinearAdditiveUtilitySpace") {
            let Value::Object(space) = space else {
                return Err(FormatError::file(
                    &f.name,
                    "`LinearAdditiveUtilitySpace` is not an object",
                ));
            };
            profiles.push((f, space.clone()));
        } else if f.from_folder && obj.contains_key("pareto_front") {
            warnings.push(Warning::file(
                &f.name,
                "skipped: an ANL analysis sidecar (specials.json), not a domain or a profile",
            ));
        } else {
            let keys: Vec<&str> = obj.keys().map(String::as_str).take(3).collect();
            return Err(FormatError::file(
                &f.name,
                format!(
                    "neither a GeniusWeb domain (`issuesValues`) nor a LinearAdditiveUtilitySpace \
                     profile (top-level keys: {}); other profile types are not supported",
                    keys.join(", ")
                ),
            ));
        }
    }
    // The domain: the domain file, else the first profile's embedded copy.
    let (domain_file, domain) = match domain {
        Some(d) => d,
        None => {
            let (f, space) = profiles.first().ok_or_else(|| {
                FormatError::file(
                    &files.first().map(|f| f.name.clone()).unwrap_or_default(),
                    "no GeniusWeb domain or profile among the inputs",
                )
            })?;
            let Some(Value::Object(d)) = space.get("domain") else {
                return Err(FormatError::file(
                    &f.name,
                    "no domain file given and the profile embeds no `domain`",
                ));
            };
            {
                let text = String::from_utf8_lossy(&f.bytes);
                let src = Src {
                    name: &f.name,
                    text: &text,
                };
                (
                    f.name.clone(),
                    read_domain(&src, &["LinearAdditiveUtilitySpace", "domain"], d)?,
                )
            }
        }
    };
    let mut draft = Draft {
        title: domain.name.clone(),
        id: scenario_slug(&domain.name),
        ..Draft::default()
    };
    let mut source_ids = Unique::new();
    let domain_base = base_name(&domain_file);
    draft.domain_source = source_ids.claim(&file_id(&domain_base));
    draft.sources.push((
        draft.domain_source.clone(),
        domain_base,
        "GeniusWeb domain file".to_owned(),
    ));
    let mut issue_ids = Unique::new();
    for (k, (name, values)) in domain.issues.iter().enumerate() {
        let kind = match values {
            WValues::Discrete(vals) => {
                let mut ids = Unique::new();
                DraftKind::Discrete(
                    vals.iter()
                        .enumerate()
                        .map(|(j, v)| {
                            (ids.claim(&slug(v, &format!("option-{}", j + 1))), v.clone())
                        })
                        .collect(),
                )
            }
            WValues::Range { low, high, step } => DraftKind::Numeric {
                min: *low,
                max: *high,
                step: *step,
            },
        };
        draft.issues.push(DraftIssue {
            id: issue_ids.claim(&slug(name, &format!("issue-{}", k + 1))),
            title: name.clone(),
            kind,
        });
    }
    let mut party_ids = Unique::new();
    for (f, space) in &profiles {
        let text = String::from_utf8_lossy(&f.bytes);
        let src = Src {
            name: &f.name,
            text: &text,
        };
        if let Some(Value::Object(embedded)) = space.get("domain") {
            let e = read_domain(&src, &["LinearAdditiveUtilitySpace", "domain"], embedded)?;
            if e.issues != domain.issues {
                return Err(FormatError::file(
                    &f.name,
                    format!(
                        "the profile's embedded domain differs from the domain in {domain_file}"
                    ),
                ));
            }
        }
        let base = base_name(&f.name);
        let source = source_ids.claim(&file_id(&base));
        let stem = base
            .rsplit_once('.')
            .map_or(base.as_str(), |(s, _)| s)
            .to_owned();
        let name = match space.get("name") {
            Some(Value::String(n)) if !n.trim().is_empty() => n.clone(),
            _ => stem.clone(),
        };
        let mut party = DraftParty {
            id: party_ids.claim(&slug(&stem, "party")),
            name,
            source: source.clone(),
            walk_away: 0.0,
            discount: None,
            weights: Vec::new(),
            scores: Vec::new(),
            interactions: Vec::new(),
            rescaled: None,
            priced: None,
        };
        read_profile(&src, space, &domain, &mut party, &mut warnings)?;
        draft.sources.push((
            source,
            base,
            format!("GeniusWeb profile of party `{}`", party.id),
        ));
        draft.parties.push(party);
    }
    draft.note = note::geniusweb(&draft);
    Ok((draft, warnings))
}

fn base_name(name: &str) -> String {
    name.rsplit(['/', '\\']).next().unwrap_or(name).to_owned()
}

fn file_id(base: &str) -> String {
    let s: String = base
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.') {
                c
            } else {
                '_'
            }
        })
        .take(accord_model::MAX_ID_LEN)
        .collect();
    if s.is_empty() { "file".to_owned() } else { s }
}

fn parse_json(f: &InputFile) -> Result<Value, FormatError> {
    if f.bytes.len() > crate::xml::MAX_BYTES {
        return Err(FormatError::file(&f.name, "the file is larger than 16 MiB"));
    }
    let text = std::str::from_utf8(&f.bytes).map_err(|e| {
        FormatError::at(
            &f.name,
            line_of(&f.bytes, e.valid_up_to()),
            "not UTF-8 text",
        )
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    serde_json::from_str(text)
        .map_err(|e| FormatError::at(&f.name, e.line().max(1), format!("not valid JSON: {e}")))
}

fn join<'a>(prefix: &[&'a str], rest: &[&'a str]) -> Vec<&'a str> {
    prefix.iter().chain(rest).copied().collect()
}

fn number(src: &Src<'_>, v: Option<&Value>, path: &[&str]) -> Result<f64, FormatError> {
    let what = path.join(".");
    match v {
        Some(Value::Number(n)) => n
            .as_f64()
            .filter(|x| x.is_finite())
            .ok_or_else(|| src.err(path, format!("{what} is not a finite number"))),
        // Decimals are sometimes written as strings.
        Some(Value::String(s)) => s
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|x| x.is_finite())
            .ok_or_else(|| src.err(path, format!("{what} is {s:?}, not a number"))),
        Some(other) => Err(src.err(path, format!("{what} is {other}, not a number"))),
        None => Err(src.err(
            &path[..path.len().saturating_sub(1)],
            format!("{what} is missing"),
        )),
    }
}

fn read_domain(
    src: &Src<'_>,
    prefix: &[&str],
    obj: &Map<String, Value>,
) -> Result<WDomain, FormatError> {
    let file = src.name;
    let name = match obj.get("name") {
        Some(Value::String(s)) if !s.trim().is_empty() => s.clone(),
        _ => {
            let base = base_name(file);
            base.rsplit_once('.')
                .map_or(base.as_str(), |(s, _)| s)
                .to_owned()
        }
    };
    let Some(Value::Object(issues)) = obj.get("issuesValues") else {
        return Err(FormatError::file(
            file,
            "`issuesValues` is missing or not an object",
        ));
    };
    if issues.is_empty() {
        return Err(FormatError::file(file, "the domain has no issue"));
    }
    let mut out = Vec::new();
    for (issue, v) in issues {
        let what = format!("issuesValues.{issue}");
        let Value::Object(set) = v else {
            return Err(src.err(
                &join(prefix, &["issuesValues", issue]),
                format!("{what} is not an object"),
            ));
        };
        let values = if let Some(vals) = set.get("values") {
            let Value::Array(vals) = vals else {
                return Err(src.err(
                    &join(prefix, &["issuesValues", issue, "values"]),
                    format!("{what}.values is not an array"),
                ));
            };
            let mut strings: Vec<String> = Vec::new();
            for x in vals {
                let s = match x {
                    Value::String(s) => s.clone(),
                    other => {
                        return Err(src.err(
                            &join(prefix, &["issuesValues", issue, "values"]),
                            format!("{what}.values holds {other}, not a string"),
                        ));
                    }
                };
                if strings.contains(&s) {
                    return Err(src.err(
                        &join(prefix, &["issuesValues", issue, "values"]),
                        format!("{what}.values lists {s:?} twice"),
                    ));
                }
                strings.push(s);
            }
            if strings.len() < 2 {
                return Err(src.err(
                    &join(prefix, &["issuesValues", issue]),
                    format!(
                        "issue {issue:?} has {} value(s); accord needs at least 2",
                        strings.len()
                    ),
                ));
            }
            WValues::Discrete(strings)
        } else if let Some(Value::Object(range)) = set.get("range") {
            let low = number(
                src,
                range.get("low"),
                &join(prefix, &["issuesValues", issue, "range", "low"]),
            )?;
            let high = number(
                src,
                range.get("high"),
                &join(prefix, &["issuesValues", issue, "range", "high"]),
            )?;
            let step = number(
                src,
                range.get("step"),
                &join(prefix, &["issuesValues", issue, "range", "step"]),
            )?;
            if step <= 0.0 || high <= low {
                return Err(src.err(
                    &join(prefix, &["issuesValues", issue, "range"]),
                    format!("{what}.range needs step > 0 and high > low"),
                ));
            }
            let n = ((high - low) / step + 1e-9).floor();
            if n + 1.0 > accord_model::parse::limits::MAX_GRID_POINTS as f64 || n < 1.0 {
                return Err(FormatError::file(
                    file,
                    format!(
                        "{what}.range has {} values; accord takes 2 to a million",
                        n + 1.0
                    ),
                ));
            }
            // GeniusWeb's last value is low + floor((high - low) / step) * step.
            let last = if ((high - low) / step - n).abs() <= 1e-9 * n.max(1.0) {
                high
            } else {
                low + n * step
            };
            WValues::Range {
                low,
                high: last,
                step,
            }
        } else {
            return Err(src.err(
                &join(prefix, &["issuesValues", issue]),
                format!("{what} has neither `values` nor `range`"),
            ));
        };
        out.push((issue.clone(), values));
    }
    Ok(WDomain { name, issues: out })
}

/// One issue's score as read: the issue position, the score, and the grid `(low, high, step)`
/// of a numeric issue.
type ReadScore = (usize, DraftScore, Option<(f64, f64, f64)>);

fn read_profile(
    src: &Src<'_>,
    space: &Map<String, Value>,
    domain: &WDomain,
    party: &mut DraftParty,
    warnings: &mut Vec<Warning>,
) -> Result<(), FormatError> {
    let file = src.name;
    let root = "LinearAdditiveUtilitySpace";
    let Some(Value::Object(utils)) = space.get("issueUtilities") else {
        return Err(FormatError::file(
            file,
            "`issueUtilities` is missing or not an object",
        ));
    };
    let Some(Value::Object(weights)) = space.get("issueWeights") else {
        return Err(FormatError::file(
            file,
            "`issueWeights` is missing or not an object",
        ));
    };
    for key in utils.keys().chain(weights.keys()) {
        if !domain.issues.iter().any(|(n, _)| n == key) {
            return Err(src.err(
                &[root, key],
                format!("issue {key:?} is not an issue of the domain"),
            ));
        }
    }
    // Per issue: the weight and the utility of each option (for the reservation bid).
    let mut option_utils: Vec<Vec<f64>> = Vec::new();
    let mut ws: Vec<f64> = Vec::new();
    // Per issue: its score as read, and its grid (low, high, step) when numeric.
    let mut read: Vec<ReadScore> = Vec::new();
    for (k, (name, values)) in domain.issues.iter().enumerate() {
        let w = number(src, weights.get(name), &[root, "issueWeights", name])?;
        if w < 0.0 {
            return Err(src.err(
                &[root, "issueWeights", name],
                format!("issueWeights.{name} is negative"),
            ));
        }
        ws.push(w);
        let Some(Value::Object(u)) = utils.get(name) else {
            return Err(src.err(
                &[root, "issueUtilities"],
                format!("issueUtilities.{name} is missing or not an object"),
            ));
        };
        let what = format!("issueUtilities.{name}");
        let (score, grid) = match values {
            WValues::Discrete(vals) => {
                let table = u
                    .get("discreteutils")
                    .or_else(|| u.get("DiscreteValueSetUtilities"))
                    .and_then(|d| d.get("valueUtilities"))
                    .and_then(Value::as_object)
                    .ok_or_else(|| {
                        src.err(
                            &[root, "issueUtilities", name],
                            format!(
                                "{what} has no discreteutils (or DiscreteValueSetUtilities) \
                                 valueUtilities for this discrete issue"
                            ),
                        )
                    })?;
                for key in table.keys() {
                    if !vals.contains(key) {
                        return Err(src.err(
                            &[root, "issueUtilities", name, "valueUtilities", key],
                            format!("{what}: value {key:?} is not a value of the issue"),
                        ));
                    }
                }
                let mut scores = Vec::new();
                for v in vals {
                    let x = match table.get(v) {
                        Some(x) => number(
                            src,
                            Some(x),
                            &[root, "issueUtilities", name, "valueUtilities", v],
                        )?,
                        None => {
                            warnings.push(Warning::file(
                                file,
                                format!("{what}: value {v:?} has no utility; 0, as in GeniusWeb"),
                            ));
                            0.0
                        }
                    };
                    scores.push(x);
                }
                (DraftScore::Table(scores), None)
            }
            WValues::Range { low, high, step } => {
                let n = u
                    .get("numberutils")
                    .or_else(|| u.get("NumberValueSetUtilities"))
                    .and_then(Value::as_object)
                    .ok_or_else(|| {
                        src.err(
                            &[root, "issueUtilities", name],
                            format!(
                                "{what} has no numberutils (or NumberValueSetUtilities) for \
                                 this numeric issue"
                            ),
                        )
                    })?;
                let lv = number(
                    src,
                    n.get("lowValue"),
                    &[root, "issueUtilities", name, "lowValue"],
                )?;
                let lu = number(
                    src,
                    n.get("lowUtility"),
                    &[root, "issueUtilities", name, "lowUtility"],
                )?;
                let hv = number(
                    src,
                    n.get("highValue"),
                    &[root, "issueUtilities", name, "highValue"],
                )?;
                let hu = number(
                    src,
                    n.get("highUtility"),
                    &[root, "issueUtilities", name, "highUtility"],
                )?;
                if lv != *low || hv < *high || hv <= lv {
                    return Err(src.err(
                        &[root, "issueUtilities", name, "lowValue"],
                        format!(
                            "{what}: lowValue/highValue ({lv}, {hv}) must be the range's low and \
                             high ({low}, {high}), as GeniusWeb requires"
                        ),
                    ));
                }
                (
                    DraftScore::Curve(vec![(lv, lu), (hv, hu)]),
                    Some((*low, *high, *step)),
                )
            }
        };
        read.push((k, score, grid));
    }
    // Utilities outside [0, 1]: the exact positive affine map (weights and scores), before
    // the per-option utilities the reservation bid is valued with.
    rescale(file, &mut ws, &mut read, party, warnings);
    for (k, score, grid) in read {
        let per_option = match (&score, grid) {
            (DraftScore::Table(t), _) => t.clone(),
            (DraftScore::Curve(curve), Some((low, high, step))) => {
                let count = ((high - low) / step).round() as usize + 1;
                (0..count)
                    .map(|j| {
                        let x = if j + 1 == count {
                            high
                        } else {
                            low + j as f64 * step
                        };
                        accord_model::utility::curve_at(curve, x)
                    })
                    .collect()
            }
            (DraftScore::Curve(_), None) => Vec::new(),
        };
        if ws[k] > 0.0 {
            party.scores.push((k, score));
        }
        option_utils.push(per_option);
    }
    for (k, w) in ws.iter().enumerate() {
        party.weights.push((k, *w));
    }
    let sum: f64 = ws.iter().sum();
    if (sum - 1.0).abs() > 1e-6 {
        warnings.push(Warning::file(
            file,
            format!(
                "the weights sum to {sum}, not 1 as GeniusWeb requires; accord normalises them"
            ),
        ));
    }
    if let Some(bid) = space.get("reservationBid") {
        let values = bid
            .get("issuevalues")
            .and_then(Value::as_object)
            .ok_or_else(|| FormatError::file(file, "reservationBid has no `issuevalues` object"))?;
        let mut utilities = vec![0.0; domain.issues.len()];
        for (key, v) in values {
            let Some(k) = domain.issues.iter().position(|(n, _)| n == key) else {
                return Err(src.err(
                    &[root, "reservationBid", "issuevalues", key],
                    format!("reservationBid: {key:?} is not an issue of the domain"),
                ));
            };
            let option = match (&domain.issues[k].1, v) {
                (WValues::Discrete(vals), Value::String(s)) => vals.iter().position(|x| x == s),
                (WValues::Range { low, step, high }, _) => {
                    let x = number(src, Some(v), &[root, "reservationBid", "issuevalues", key])?;
                    let j = ((x - low) / step).round();
                    let last = ((high - low) / step).round();
                    (j >= 0.0 && j <= last && (low + j * step - x).abs() <= 1e-9 * step.max(1.0))
                        .then_some(j as usize)
                }
                _ => None,
            };
            let Some(option) = option else {
                return Err(src.err(
                    &[root, "reservationBid", "issuevalues", key],
                    format!("reservationBid: {v} is not a value of issue {key:?}"),
                ));
            };
            utilities[k] = option_utils[k][option];
        }
        if values.len() < domain.issues.len() {
            warnings.push(Warning::file(
                file,
                "reservationBid is partial: the issues it leaves out count 0, as in GeniusWeb",
            ));
        }
        party.walk_away = super::normalized_sum(&ws, &utilities).clamp(0.0, 1.0);
    }
    Ok(())
}

/// When a profile's value utilities leave [0, 1], imports it by an exact positive affine map
/// of its utility, so that its preferences, acceptances (the reservation bid is valued after
/// the map), frontiers and bargaining solutions are those of the file.
///
/// With GeniusWeb's utility `u = Σ wᵢ·uᵢ` (over issues with `wᵢ > 0`), `mᵢ = min(0, min uᵢ)`,
/// `Mᵢ = max(1, max uᵢ)`, `low = Σ wᵢ·mᵢ` and `high = Σ wᵢ·Mᵢ`, the party gets weights
/// `wᵢ·(Mᵢ − mᵢ)` and scores `(uᵢ − mᵢ)/(Mᵢ − mᵢ)` in [0, 1]: accord's utility is then
/// exactly `(u − low)/(high − low)` (the reservation bid's, being a bid's, lies in [low, high]).
fn rescale(
    file: &str,
    ws: &mut [f64],
    read: &mut [ReadScore],
    party: &mut DraftParty,
    warnings: &mut Vec<Warning>,
) {
    let bounds = |score: &DraftScore| {
        let ys: Vec<f64> = match score {
            DraftScore::Table(t) => t.clone(),
            DraftScore::Curve(c) => c.iter().map(|&(_, y)| y).collect(),
        };
        let lo = ys.iter().copied().fold(0.0, f64::min);
        let hi = ys.iter().copied().fold(1.0, f64::max);
        (lo, hi)
    };
    let outside = read
        .iter()
        .any(|(k, score, _)| ws[*k] > 0.0 && bounds(score) != (0.0, 1.0));
    if !outside {
        return;
    }
    let (mut low, mut high) = (0.0, 0.0);
    for (k, score, _) in read.iter_mut() {
        let w = ws[*k];
        if w <= 0.0 {
            continue;
        }
        let (m, big) = bounds(score);
        low += w * m;
        high += w * big;
        let span = big - m;
        let map = |y: f64| ((y - m) / span).clamp(0.0, 1.0);
        match score {
            DraftScore::Table(t) => t.iter_mut().for_each(|y| *y = map(*y)),
            DraftScore::Curve(c) => c.iter_mut().for_each(|(_, y)| *y = map(*y)),
        }
        ws[*k] = w * span;
    }
    party.rescaled = Some((low, high));
    warnings.push(Warning::file(
        file,
        format!(
            "value utilities outside [0, 1]: imported by the exact positive affine map \
             u' = (u - {low}) / ({high} - {low}), which keeps the frontier, the agreements and \
             the Nash and Kalai-Smorodinsky points (written in the note)"
        ),
    ));
}

//! Reading a Genius domain and its profiles into a [`Draft`].
//!
//! The mapping, construct by construct (Genius 10.4 semantics, `genius-formats.md`):
//!
//! | Genius | `accord/1` |
//! |---|---|
//! | domain `<issue type="discrete">` and its `<item value>`s | issue with options (id a slug of the value, label the value) |
//! | `type="integer"` with `lowerbound`/`upperbound` | `range = { min, max, step = 1 }` |
//! | `type="real"` with `<range>` | a grid of `real_steps` points (21, as Genius) |
//! | discrete `evaluation`s | scores `E / max E` per issue (0 everywhere when max < 1e-5), as Genius |
//! | integer / real `linear` evaluators | curves through the clamped line (exact) |
//! | real `constant` / `triangular` evaluators | curves through every grid point (exact on the grid) |
//! | `<weight>`s | weights as read (accord divides by their sum; Genius does not) |
//! | `<reservation>` | `walk_away` (0 when absent) |
//! | `<discount_factor>` in (0, 1) | `discount` (≤ 0, > 1, 1 or absent: none, as Genius) |
//! | `type="UNCERTAIN"` | read as linear: the file holds the true utilities |
//! | `type="nonlinear"` hyper-rectangles | interactions with `{ min, max }` ranges, bonus `utility · weight / maxutility` |
//! | `EXCLUDES` hyper-rectangles (pay when any issue lies outside its bounds) | a constant bonus, and the same bonus negated when every bound holds |
//! | `type="price"` (early Genius `EvaluatorPrice`) on a real issue | a score over the price grid plus interactions, exact on every outcome (see `super::price`) |
//!
//! Refused, with the file, line and reason: a profile issue with no weight or a domain value
//! with no evaluation (Genius itself cannot evaluate an outcome then), `faratin` evaluators
//! (Genius returns -1), `constraint` spaces, rectangles mixing `INCLUDES` and `EXCLUDES`,
//! nested or `min`/`max` ufuns, a price evaluator on a non-real issue or with a margin that is
//! not positive (or beside values that need the affine map), and anything that is not XML.
//!
//! Layout: `<weight>`, `<issue>`, `<objective>`, `<reservation>` and `<discount_factor>` are
//! read at any depth under `<utility_space>` (flat, wrapped, nested objectives, weights before
//! or after their issue), and a profile's issues and weights are matched to the domain's by
//! index, as Genius does. In a folder, a file that is neither a domain nor a profile is
//! skipped with a warning.

use std::collections::HashMap;

use crate::draft::{Draft, DraftCondition, DraftIssue, DraftKind, DraftParty, DraftScore};
use crate::error::{FormatError, Warning};
use crate::linear::{self, Form};
use crate::slug::{Unique, scenario_slug, slug};
use crate::xml::{self, Element};
use crate::{ImportOptions, InputFile, note};

/// A domain issue as Genius defines it.
#[derive(Debug, Clone)]
struct GIssue {
    index: i64,
    name: String,
    kind: GKind,
    line: usize,
}

#[derive(Debug, Clone)]
enum GKind {
    Discrete(Vec<String>),
    Integer(i64, i64),
    Real(f64, f64),
}

impl GKind {
    fn word(&self) -> &'static str {
        match self {
            GKind::Discrete(_) => "discrete",
            GKind::Integer(..) => "integer",
            GKind::Real(..) => "real",
        }
    }
}

/// What an XML file of a Genius folder is.
enum Role {
    Domain(Element),
    Profile(Element),
}

/// Imports a Genius domain and its profiles. `files` holds exactly one domain file; every other
/// file is a profile of it. Non-XML files (the ANAC 2014 `pareto.xml`) are skipped with a
/// warning when they came from a folder.
pub fn import(
    files: &[InputFile],
    options: &ImportOptions,
) -> Result<(Draft, Vec<Warning>), FormatError> {
    let mut warnings = Vec::new();
    let mut domains: Vec<(&InputFile, Element)> = Vec::new();
    let mut profiles: Vec<(&InputFile, Element)> = Vec::new();
    for f in files {
        let root = match xml::read(&f.name, &f.bytes) {
            Ok((root, w)) => {
                warnings.extend(w);
                root
            }
            Err(e) if f.from_folder && e.reason.starts_with("not XML") => {
                warnings.push(Warning::file(&f.name, format!("skipped: {}", e.reason)));
                continue;
            }
            Err(e) => return Err(e),
        };
        // In a folder, a file that is neither a domain nor a profile (a results log, a
        // settings file) is skipped with a warning; named on its own, it is refused.
        match classify(&f.name, root) {
            Ok(Role::Domain(e)) => domains.push((f, e)),
            Ok(Role::Profile(e)) => profiles.push((f, e)),
            Err(e) if f.from_folder => {
                warnings.push(Warning::file(&f.name, format!("skipped: {}", e.reason)));
            }
            Err(e) => return Err(e),
        }
    }
    let (domain_file, domain_root) = match domains.len() {
        1 => domains.pop().expect("one"),
        0 => {
            return Err(FormatError::file(
                &files.first().map(|f| f.name.clone()).unwrap_or_default(),
                "no Genius domain file among the inputs (a domain's root element holds a \
                 <utility_space>; a profile's root is <utility_space>)",
            ));
        }
        _ => {
            let names: Vec<&str> = domains.iter().map(|(f, _)| f.name.as_str()).collect();
            return Err(FormatError::file(
                names[0],
                format!(
                    "{} domain files ({}): name one domain file and its profiles explicitly",
                    names.len(),
                    names.join(", ")
                ),
            ));
        }
    };
    let dname = domain_file.name.as_str();
    let (title, issues) = read_domain(dname, &domain_root, &mut warnings)?;
    let mut draft = Draft {
        title: title.clone(),
        id: scenario_slug(&title),
        ..Draft::default()
    };
    let mut source_ids = Unique::new();
    draft.domain_source = source_ids.claim(&slug_file(&domain_file.base_name()));
    draft.sources.push((
        draft.domain_source.clone(),
        domain_file.base_name(),
        "Genius domain file".to_owned(),
    ));
    let mut issue_ids = Unique::new();
    for gi in &issues {
        let kind = match &gi.kind {
            GKind::Discrete(values) => {
                let mut option_ids = Unique::new();
                DraftKind::Discrete(
                    values
                        .iter()
                        .enumerate()
                        .map(|(k, v)| {
                            let id = option_ids.claim(&slug(v, &format!("option-{}", k + 1)));
                            (id, v.clone())
                        })
                        .collect(),
                )
            }
            GKind::Integer(lo, hi) => DraftKind::Numeric {
                min: *lo as f64,
                max: *hi as f64,
                step: 1.0,
            },
            GKind::Real(lo, hi) => DraftKind::Numeric {
                min: *lo,
                max: *hi,
                step: (hi - lo) / (options.real_steps - 1) as f64,
            },
        };
        draft.issues.push(DraftIssue {
            id: issue_ids.claim(&slug(&gi.name, &format!("issue-{}", gi.index))),
            title: gi.name.clone(),
            kind,
        });
    }
    let mut party_ids = Unique::new();
    let mut nonlinear = false;
    for (f, root) in &profiles {
        let stem = f.stem();
        let source = source_ids.claim(&slug_file(&f.base_name()));
        let mut party = DraftParty {
            id: party_ids.claim(&slug(&stem, "party")),
            name: stem.clone(),
            source: source.clone(),
            walk_away: 0.0,
            discount: None,
            weights: Vec::new(),
            scores: Vec::new(),
            interactions: Vec::new(),
            rescaled: None,
            priced: None,
        };
        let kind = read_profile(&f.name, root, &issues, &draft, &mut party, &mut warnings)?;
        nonlinear |= kind == "nonlinear";
        draft.sources.push((
            source,
            f.base_name(),
            format!("Genius profile of party `{}`", party.id),
        ));
        draft.parties.push(party);
    }
    duplicate_roles(&profiles, &draft.parties, &mut warnings);
    let has_real = issues.iter().any(|i| matches!(i.kind, GKind::Real(..)));
    draft.note = note::genius(&draft, has_real.then_some(options.real_steps), nonlinear);
    Ok((draft, warnings))
}

/// Warns when profiles look like the same role twice: a profile and its `UNCERTAIN` copy, or
/// several profiles with the same file name up to an uncertainty suffix or with identical
/// utilities. Each imports as its own party, so the scenario has more parties than the
/// negotiation; the warning names them.
fn duplicate_roles(
    profiles: &[(&InputFile, Element)],
    parties: &[DraftParty],
    warnings: &mut Vec<Warning>,
) {
    // A variant's file name is another profile's name plus a suffix: digits, `_u` and
    // digits (Genius's uncertain copies, `party1_utility_u10`), or `uncertain`.
    let stems: Vec<String> = profiles
        .iter()
        .map(|(f, _)| f.stem().to_ascii_lowercase())
        .collect();
    let base = |stem: &str| -> String {
        let s = stem.trim_end_matches(|c: char| c.is_ascii_digit());
        let s = s.strip_suffix("uncertain").unwrap_or(s);
        let s = s
            .strip_suffix("_u")
            .or_else(|| s.strip_suffix("-u"))
            .unwrap_or(s);
        s.trim_end_matches(['_', '-', ' ', '.']).to_owned()
    };
    let role = |k: usize| -> String {
        let b = base(&stems[k]);
        if b != stems[k] && stems.contains(&b) {
            b
        } else {
            stems[k].clone()
        }
    };
    let utilities = |p: &DraftParty| {
        format!(
            "{:?}",
            (
                &p.weights,
                &p.scores,
                &p.interactions,
                p.walk_away,
                p.discount
            )
        )
    };
    let n = profiles.len().min(parties.len());
    let mut reported = vec![false; n];
    for a in 0..n {
        if reported[a] {
            continue;
        }
        let mut group = vec![a];
        for b in a + 1..n {
            if !reported[b]
                && (role(a) == role(b) || utilities(&parties[a]) == utilities(&parties[b]))
            {
                group.push(b);
            }
        }
        if group.len() < 2 {
            continue;
        }
        for &k in &group {
            reported[k] = true;
        }
        let uncertain = group.iter().any(|&k| {
            profiles[k]
                .1
                .attr("type")
                .is_some_and(|t| t.eq_ignore_ascii_case("uncertain"))
        });
        let names: Vec<String> = group
            .iter()
            .map(|&k| {
                format!(
                    "`{}` (party `{}`)",
                    profiles[k].0.base_name(),
                    parties[k].id
                )
            })
            .collect();
        warnings.push(Warning::file(
            "",
            format!(
                "duplicate roles: {} look like one side of the negotiation{} but each imports \
                 as a party; keep the profiles of the negotiation (or choose the parties of an \
                 analysis)",
                names.join(", "),
                if uncertain {
                    " (a profile and its UNCERTAIN copy)"
                } else {
                    " (one file name plus a variant suffix, or identical utilities)"
                }
            ),
        ));
    }
}

/// A source id for a file name (case kept).
fn slug_file(name: &str) -> String {
    let s: String = name
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

fn classify(file: &str, root: Element) -> Result<Role, FormatError> {
    if root.name == "utility_space" {
        return Ok(Role::Profile(root));
    }
    if root.child("utility_space").is_some() {
        return Ok(Role::Domain(root));
    }
    Err(FormatError::at(
        file,
        root.line,
        format!(
            "neither a Genius domain (a root element holding <utility_space>) nor a profile \
             (root <utility_space>): the root is <{}>",
            root.name
        ),
    ))
}

fn read_domain(
    file: &str,
    root: &Element,
    warnings: &mut Vec<Warning>,
) -> Result<(String, Vec<GIssue>), FormatError> {
    let space = root.child("utility_space").expect("classified as a domain");
    // Genius reads issues at any depth under <utility_space>: wrapped in an <objective>,
    // in nested objectives, or directly.
    let objective = space
        .descendants()
        .into_iter()
        .find(|e| e.name == "objective");
    let mut issues = Vec::new();
    walk_issues(space, &mut |e| {
        issues.push(domain_issue(file, e, warnings)?);
        Ok(())
    })?;
    let mut seen = HashMap::new();
    for i in &issues {
        if let Some(first) = seen.insert(i.index, i.line) {
            return Err(FormatError::at(
                file,
                i.line,
                format!(
                    "issue index {} is used twice (first on line {first})",
                    i.index
                ),
            ));
        }
    }
    if issues.is_empty() {
        return Err(FormatError::at(
            file,
            space.line,
            "the domain has no <issue>",
        ));
    }
    let name = objective.and_then(|o| o.attr("name")).unwrap_or("").trim();
    let title = if name.is_empty() || name == "root" {
        stem_of(file)
    } else {
        name.to_owned()
    };
    Ok((title, issues))
}

/// Visits the issues at any depth under an element in Genius's order: nested elements first
/// (objectives or any wrapper, each walked the same way), then the issues of this level. The
/// inside of an `<issue>` is not searched.
fn walk_issues<'a>(
    parent: &'a Element,
    visit: &mut dyn FnMut(&'a Element) -> Result<(), FormatError>,
) -> Result<(), FormatError> {
    for child in parent.children.iter().filter(|c| c.name != "issue") {
        walk_issues(child, visit)?;
    }
    for issue in parent.children_named("issue") {
        visit(issue)?;
    }
    Ok(())
}

/// The elements with this tag name at any depth under `root`, outside `<issue>`s, in
/// document order.
fn outside_issues<'a>(root: &'a Element, name: &str) -> Vec<&'a Element> {
    let mut out = Vec::new();
    let mut stack: Vec<&Element> = root.children.iter().rev().collect();
    while let Some(e) = stack.pop() {
        if e.name == name {
            out.push(e);
        }
        if e.name != "issue" {
            stack.extend(e.children.iter().rev());
        }
    }
    out
}

fn int_attr(file: &str, e: &Element, key: &str) -> Result<i64, FormatError> {
    let v = e.attr(key).ok_or_else(|| {
        FormatError::at(
            file,
            e.line,
            format!("<{}> has no `{key}` attribute", e.name),
        )
    })?;
    let t = v.trim();
    t.parse::<i64>()
        .or_else(|_| match t.parse::<f64>() {
            Ok(x) if x.fract() == 0.0 && x.abs() < 9e15 => Ok(x as i64),
            _ => Err(()),
        })
        .map_err(|()| {
            FormatError::at(
                file,
                e.line,
                format!("`{key}` of <{}> is {v:?}, not a whole number", e.name),
            )
        })
}

fn num_attr(file: &str, e: &Element, key: &str) -> Result<f64, FormatError> {
    let v = e.attr(key).ok_or_else(|| {
        FormatError::at(
            file,
            e.line,
            format!("<{}> has no `{key}` attribute", e.name),
        )
    })?;
    parse_num(v).ok_or_else(|| {
        FormatError::at(
            file,
            e.line,
            format!("`{key}` of <{}> is {v:?}, not a finite number", e.name),
        )
    })
}

fn parse_num(v: &str) -> Option<f64> {
    v.trim().parse::<f64>().ok().filter(|x| x.is_finite())
}

/// The issue type as Genius resolves it: `type`, else `vtype`, else discrete; unknown words
/// fall back to discrete.
fn issue_type(file: &str, e: &Element, warnings: &mut Vec<Warning>) -> &'static str {
    let ty = e.attr("type").or(e.attr("vtype"));
    if let (Some(t), Some(v)) = (e.attr("type"), e.attr("vtype"))
        && !t.eq_ignore_ascii_case(v)
    {
        warnings.push(Warning::at(
            file,
            e.line,
            format!("type {t:?} and vtype {v:?} differ; Genius uses type"),
        ));
    }
    match ty.map(str::to_ascii_lowercase).as_deref() {
        None | Some("discrete") => "discrete",
        Some("integer") => "integer",
        Some("real") => "real",
        Some(other) => {
            warnings.push(Warning::at(
                file,
                e.line,
                format!("unknown issue type {other:?}; read as discrete, as Genius does"),
            ));
            "discrete"
        }
    }
}

fn domain_issue(
    file: &str,
    e: &Element,
    warnings: &mut Vec<Warning>,
) -> Result<GIssue, FormatError> {
    let index = int_attr(file, e, "index")?;
    let name = e
        .attr("name")
        .ok_or_else(|| FormatError::at(file, e.line, "<issue> has no `name` attribute"))?
        .to_owned();
    let kind = match issue_type(file, e, warnings) {
        "integer" => {
            let lo = int_attr(file, e, "lowerbound")?;
            let hi = int_attr(file, e, "upperbound")?;
            if hi <= lo {
                return Err(FormatError::at(
                    file,
                    e.line,
                    format!(
                        "integer issue `{name}` has {} value(s) ({lo} to {hi}); accord needs \
                         at least 2",
                        (hi - lo + 1).max(0)
                    ),
                ));
            }
            if hi - lo >= accord_model::parse::limits::MAX_GRID_POINTS as i64 {
                return Err(FormatError::at(
                    file,
                    e.line,
                    format!("integer issue `{name}` has more than a million values"),
                ));
            }
            GKind::Integer(lo, hi)
        }
        "real" => {
            let range = e.child("range").ok_or_else(|| {
                FormatError::at(file, e.line, format!("real issue `{name}` has no <range>"))
            })?;
            let lo = num_attr(file, range, "lowerbound")?;
            let hi = num_attr(file, range, "upperbound")?;
            if hi <= lo {
                return Err(FormatError::at(
                    file,
                    range.line,
                    format!("real issue `{name}`: upperbound {hi} is not above lowerbound {lo}"),
                ));
            }
            GKind::Real(lo, hi)
        }
        _ => {
            let mut values: Vec<String> = Vec::new();
            for item in e.children_named("item") {
                let v = item.attr("value").ok_or_else(|| {
                    FormatError::at(file, item.line, "<item> has no `value` attribute")
                })?;
                if values.iter().any(|x| x == v) {
                    return Err(FormatError::at(
                        file,
                        item.line,
                        format!("issue `{name}` lists the value {v:?} twice"),
                    ));
                }
                values.push(v.to_owned());
            }
            if values.len() < 2 {
                return Err(FormatError::at(
                    file,
                    e.line,
                    format!(
                        "discrete issue `{name}` has {} value(s); accord needs at least 2",
                        values.len()
                    ),
                ));
            }
            GKind::Discrete(values)
        }
    };
    Ok(GIssue {
        index,
        name,
        kind,
        line: e.line,
    })
}

fn stem_of(file: &str) -> String {
    let base = file.rsplit(['/', '\\']).next().unwrap_or(file);
    base.rsplit_once('.').map_or(base, |(s, _)| s).to_owned()
}

/// Reads one profile into `party`; returns its kind (`linear`, `uncertain`, `nonlinear`).
fn read_profile(
    file: &str,
    root: &Element,
    issues: &[GIssue],
    draft: &Draft,
    party: &mut DraftParty,
    warnings: &mut Vec<Warning>,
) -> Result<&'static str, FormatError> {
    let kind = match root.attr("type").map(str::to_ascii_uppercase).as_deref() {
        None | Some("LINEAR") => "linear",
        Some("UNCERTAIN") => {
            warnings.push(Warning::file(
                file,
                "UNCERTAIN profile: imported with its true additive utilities (the elicitation \
                 setup is not part of the file)",
            ));
            "uncertain"
        }
        Some("NONLINEAR") => "nonlinear",
        Some("CONSTRAINT") => {
            return Err(FormatError::at(
                file,
                root.line,
                "constraint utility spaces are not supported",
            ));
        }
        Some(_) => {
            return Err(FormatError::at(
                file,
                root.line,
                format!(
                    "unknown utility-space type {:?} (Genius knows linear, nonlinear, \
                     constraint and UNCERTAIN)",
                    root.attr("type").unwrap_or_default()
                ),
            ));
        }
    };
    // Scalars: searched everywhere; the last one wins, as in Genius.
    let all = root.descendants();
    let mut reservation = 0.0;
    if let Some(e) = all.iter().rev().find(|e| e.name == "reservation") {
        reservation = num_attr(file, e, "value")?;
        // Nonlinear profiles have no affine map (their bonuses are not rescaled): clamp.
        if kind == "nonlinear" && !(0.0..=1.0).contains(&reservation) {
            warnings.push(Warning::at(
                file,
                e.line,
                format!("reservation value {reservation} is outside [0, 1]; clamped"),
            ));
        }
        party.walk_away = reservation.clamp(0.0, 1.0);
    }
    if let Some(e) = all.iter().rev().find(|e| e.name == "discount_factor") {
        let d = num_attr(file, e, "value")?;
        if d <= 0.0 || d > 1.0 {
            warnings.push(Warning::at(
                file,
                e.line,
                format!("discount factor {d} is outside (0, 1]; Genius uses 1 (no discount)"),
            ));
        } else if d < 1.0 {
            party.discount = Some(d);
        }
    }
    let by_index: HashMap<i64, usize> = issues
        .iter()
        .enumerate()
        .map(|(k, i)| (i.index, k))
        .collect();
    if kind == "nonlinear" {
        read_nonlinear(file, root, issues, draft, &by_index, party)?;
        return Ok(kind);
    }
    // Weights and evaluators, by issue position: found at any depth under <utility_space>
    // (flat, wrapped in an objective, nested objectives, weights before or after their
    // issue) and matched to the domain's issues by index, as Genius does.
    let mut weights: Vec<Option<(f64, usize)>> = vec![None; issues.len()];
    let mut evaluators: Vec<Option<&Element>> = vec![None; issues.len()];
    for w in outside_issues(root, "weight") {
        let index = int_attr(file, w, "index")?;
        let value = num_attr(file, w, "value")?;
        if value < 0.0 {
            return Err(FormatError::at(
                file,
                w.line,
                format!("weight {value} is negative"),
            ));
        }
        if let Some(&k) = by_index.get(&index) {
            weights[k] = Some((value, w.line));
        }
    }
    for e in outside_issues(root, "issue") {
        let index = int_attr(file, e, "index")?;
        let Some(&k) = by_index.get(&index) else {
            return Err(FormatError::at(
                file,
                e.line,
                format!("issue index {index} is not an issue of the domain"),
            ));
        };
        evaluators[k] = Some(e);
    }
    let mut price: Option<(usize, &Element)> = None;
    for (k, gi) in issues.iter().enumerate() {
        let Some((w, _)) = weights[k] else {
            return Err(FormatError::at(
                file,
                root.line,
                format!(
                    "issue {} (`{}`) has no <weight>: Genius cannot evaluate any outcome",
                    gi.index, gi.name
                ),
            ));
        };
        party.weights.push((k, w));
        let Some(e) = evaluators[k] else {
            return Err(FormatError::at(
                file,
                root.line,
                format!(
                    "issue {} (`{}`) is weighted but has no <issue> evaluator",
                    gi.index, gi.name
                ),
            ));
        };
        if let Some(t) = e.attr("type") {
            let t = t.to_ascii_lowercase();
            if t == "price" {
                // The early Genius `EvaluatorPrice`: depends on the other issues' item costs;
                // represented once every issue is read (see `price`).
                if !matches!(gi.kind, GKind::Real(..)) {
                    return Err(FormatError::at(
                        file,
                        e.line,
                        format!(
                            "issue `{}`: a price evaluator (type \"price\") needs a real issue \
                             (Genius reads the price as a real value); this one is {}",
                            gi.name,
                            gi.kind.word()
                        ),
                    ));
                }
                price = Some((k, e));
                continue;
            }
            if !matches!(t.as_str(), "discrete" | "integer" | "real") {
                return Err(FormatError::at(
                    file,
                    e.line,
                    format!(
                        "issue `{}`: type {t:?} is not an evaluator type; Genius falls back to a \
                         discrete evaluator, which cannot evaluate this {} issue",
                        gi.name,
                        gi.kind.word()
                    ),
                ));
            }
            if t != gi.kind.word() {
                return Err(FormatError::at(
                    file,
                    e.line,
                    format!(
                        "issue `{}` is {} in the profile but {} in the domain",
                        gi.name,
                        t,
                        gi.kind.word()
                    ),
                ));
            }
        }
        let score = evaluator(file, e, gi, &draft.issues[k].kind, warnings)?;
        if w > 0.0 {
            party.scores.push((k, score));
        }
    }
    if let Some((k, e)) = price {
        priced(file, k, e, issues, &evaluators, draft, party)?;
        if party.scores.iter().any(|(_, s)| scores_min(s) < 0.0)
            || !(0.0..=1.0).contains(&reservation)
        {
            return Err(FormatError::at(
                file,
                e.line,
                "a price evaluator together with evaluations below 0 or a reservation value \
                 outside [0, 1]: the affine map that imports the latter would have to rescale \
                 the price's interactions too, which is not supported",
            ));
        }
    }
    rescale(file, party, reservation, warnings);
    Ok(kind)
}

/// Imports an early Genius price evaluator (issue position `k`, its profile `<issue>` `e`)
/// exactly: a score over the price grid plus interactions (see [`super::price`]). The costs are
/// the `cost` attributes of the discrete issues' items (0 when absent); `D = ((ub − lb − Σ
/// largest costs) / lb) · lb` must be positive.
fn priced(
    file: &str,
    k: usize,
    e: &Element,
    issues: &[GIssue],
    evaluators: &[Option<&Element>],
    draft: &Draft,
    party: &mut DraftParty,
) -> Result<(), FormatError> {
    let gi = &issues[k];
    let range = e.child("range").ok_or_else(|| {
        FormatError::at(
            file,
            e.line,
            format!("price issue `{}` has no <range>", gi.name),
        )
    })?;
    let (lb, ub) = (
        num_attr(file, range, "lowerbound")?,
        num_attr(file, range, "upperbound")?,
    );
    let mut costs = Vec::new();
    let (mut fixed, mut largest) = (0.0, 0.0);
    for (i, issue) in issues.iter().enumerate() {
        let (GKind::Discrete(values), Some(ev)) = (&issue.kind, evaluators[i]) else {
            continue;
        };
        let mut by_value: HashMap<&str, f64> = HashMap::new();
        let mut max = f64::NEG_INFINITY;
        for item in ev.children_named("item") {
            let (Some(v), Some(_)) = (item.attr("value"), item.attr("cost")) else {
                continue;
            };
            let c = num_attr(file, item, "cost")?;
            by_value.insert(v, c);
            max = max.max(c);
        }
        if max.is_finite() {
            largest += max;
        }
        let row: Vec<f64> = values
            .iter()
            .map(|v| by_value.get(v.as_str()).copied().unwrap_or(0.0))
            .collect();
        if row.iter().all(|&c| c == row[0]) {
            fixed += row[0];
        } else {
            costs.push((i, row));
        }
    }
    let margin = ((ub - lb - largest) / lb) * lb;
    if !(margin.is_finite() && margin > 0.0) {
        return Err(FormatError::at(
            file,
            range.line,
            format!(
                "price issue `{}`: the maximal margin (upperbound {ub} - lowerbound {lb} - sum \
                 of the largest item costs {largest}) is {margin}, not positive: Genius divides \
                 by it",
                gi.name
            ),
        ));
    }
    let kind = &draft.issues[k].kind;
    let total: f64 = party.weights.iter().map(|(_, w)| w).sum();
    let weight = party
        .weights
        .iter()
        .find(|(i, _)| *i == k)
        .map_or(0.0, |(_, w)| *w);
    let p = super::price::Price {
        issue: k,
        grid: (0..kind.len())
            .map(|j| kind.point(j).expect("a real issue is a grid"))
            .collect(),
        lower: lb,
        margin,
        costs,
        fixed_cost: fixed,
        unit: if total > 0.0 { weight / total } else { 0.0 },
    };
    if weight <= 0.0 {
        return Ok(());
    }
    if p.work() > 2_000_000 {
        return Err(FormatError::at(
            file,
            e.line,
            format!(
                "price issue `{}`: {} combinations of price points and items' costs; the \
                 exact import walks at most 2,000,000 (fewer real steps would do)",
                gi.name,
                p.work()
            ),
        ));
    }
    let (score, interactions) = p.represent();
    party.scores.push((k, score));
    party.scores.sort_by_key(|(i, _)| *i);
    let n = interactions.len();
    party.interactions.extend(interactions);
    party.priced = Some(format!(
        "`{}` issue `{}`: clamp01((price - sum of the chosen items' costs - {lb}) / {margin}), \
         as a score over the price grid plus {n} interactions",
        party.id, draft.issues[k].id
    ));
    Ok(())
}

/// The lowest score of an issue, and every score through `f`.
fn scores_min(score: &DraftScore) -> f64 {
    match score {
        DraftScore::Table(t) => t.iter().copied().fold(f64::INFINITY, f64::min),
        DraftScore::Curve(c) => c.iter().map(|&(_, y)| y).fold(f64::INFINITY, f64::min),
    }
}

fn map_scores(score: &mut DraftScore, f: impl Fn(f64) -> f64) {
    match score {
        DraftScore::Table(t) => t.iter_mut().for_each(|y| *y = f(*y)),
        DraftScore::Curve(c) => c.iter_mut().for_each(|(_, y)| *y = f(*y)),
    }
}

/// When a linear profile's evaluations fall below 0 or its reservation value lies outside
/// [0, 1], imports it by an exact positive affine map of its utility, so that its preferences,
/// acceptances, frontiers and bargaining solutions are those of the file.
///
/// With Genius's utility `u = Σ wᵢ·eᵢ` (`eᵢ` in `[mᵢ, 1]`, `mᵢ = min(0, min eᵢ)`), `c = Σ wᵢ·mᵢ`,
/// `W = Σ wᵢ`, reservation `r`, `low = min(c, r)` and `high = max(W, r)`, the party gets
/// weights `wᵢ·(1 − mᵢ)` and scores `γ + (1 − γ − δ)·(eᵢ − mᵢ)/(1 − mᵢ)` in [0, 1], with
/// `γ = (c − low)/(high − low)` and `δ = (high − W)/(high − low)`: accord's utility is then
/// exactly `(u − low)/(high − low)`, and the walk-away `(r − low)/(high − low)`.
fn rescale(file: &str, party: &mut DraftParty, reservation: f64, warnings: &mut Vec<Warning>) {
    let lows: Vec<f64> = party
        .scores
        .iter()
        .map(|(_, s)| scores_min(s).min(0.0))
        .collect();
    let negative = lows.iter().any(|&m| m < 0.0);
    if !negative && (0.0..=1.0).contains(&reservation) {
        return;
    }
    let weight = |k: usize| {
        party
            .weights
            .iter()
            .find(|(i, _)| *i == k)
            .map_or(0.0, |(_, w)| *w)
    };
    let c: f64 = party
        .scores
        .iter()
        .zip(&lows)
        .map(|((k, _), m)| weight(*k) * m)
        .sum();
    let total: f64 = party.weights.iter().map(|(_, w)| w).sum();
    let (low, high) = (c.min(reservation), total.max(reservation));
    if high - low <= 0.0 || total - c <= 0.0 {
        // No weight at all: nothing to rescale (accord refuses such a party anyway).
        party.walk_away = reservation.clamp(0.0, 1.0);
        return;
    }
    let gamma = (c - low) / (high - low);
    let delta = (high - total) / (high - low);
    let span = 1.0 - gamma - delta;
    for ((k, score), m) in party.scores.iter_mut().zip(&lows) {
        let m = *m;
        map_scores(score, |e| {
            (gamma + span * (e - m) / (1.0 - m)).clamp(0.0, 1.0)
        });
        if let Some((_, w)) = party.weights.iter_mut().find(|(i, _)| i == k) {
            *w *= 1.0 - m;
        }
    }
    party.walk_away = ((reservation - low) / (high - low)).clamp(0.0, 1.0);
    party.rescaled = Some((low, high));
    let why = match (negative, (0.0..=1.0).contains(&reservation)) {
        (true, true) => "evaluations below 0".to_owned(),
        (true, false) => format!("evaluations below 0 and reservation value {reservation}"),
        _ => format!("reservation value {reservation} outside [0, 1]"),
    };
    warnings.push(Warning::file(
        file,
        format!(
            "{why}: imported by the exact positive affine map u' = (u - {low}) / ({high} - \
             {low}), which keeps the frontier, the agreements and the Nash and \
             Kalai-Smorodinsky points (written in the note)"
        ),
    ));
}

fn evaluator(
    file: &str,
    e: &Element,
    gi: &GIssue,
    kind: &DraftKind,
    warnings: &mut Vec<Warning>,
) -> Result<DraftScore, FormatError> {
    match &gi.kind {
        GKind::Discrete(values) => {
            let mut evals: HashMap<&str, f64> = HashMap::new();
            let mut max = f64::NEG_INFINITY;
            for item in e.children_named("item") {
                let Some(v) = item.attr("value") else {
                    continue;
                };
                let Some(raw) = item.attr("evaluation") else {
                    continue;
                };
                if raw.trim() == "null" {
                    continue;
                }
                let x = parse_num(raw).ok_or_else(|| {
                    FormatError::at(
                        file,
                        item.line,
                        format!("evaluation {raw:?} of value {v:?} is not a finite number"),
                    )
                })?;
                if !values.iter().any(|d| d == v) {
                    warnings.push(Warning::at(
                        file,
                        item.line,
                        format!(
                            "value {v:?} is not in the domain's issue `{}`; it still counts \
                             for the issue's maximum, as in Genius",
                            gi.name
                        ),
                    ));
                }
                evals.insert(v, x);
                max = max.max(x);
            }
            let mut scores = Vec::with_capacity(values.len());
            for v in values {
                let Some(&x) = evals.get(v.as_str()) else {
                    return Err(FormatError::at(
                        file,
                        e.line,
                        format!(
                            "value {v:?} of issue `{}` has no evaluation: Genius cannot \
                             evaluate an outcome with it",
                            gi.name
                        ),
                    ));
                };
                scores.push(if max < 1e-5 { 0.0 } else { x / max });
            }
            Ok(DraftScore::Table(scores))
        }
        GKind::Integer(dlo, dhi) => {
            let lower = match e.attr("lowerbound") {
                Some(_) => int_attr(file, e, "lowerbound")? as f64,
                None => {
                    warnings.push(Warning::at(
                        file,
                        e.line,
                        format!(
                            "integer issue `{}` has no lowerbound in the profile; the \
                             domain's ({dlo}) is used",
                            gi.name
                        ),
                    ));
                    *dlo as f64
                }
            };
            let (slope, offset) = match e.child("evaluator") {
                Some(ev) => (num_attr(file, ev, "slope")?, num_attr(file, ev, "offset")?),
                None => (0.0, 0.0),
            };
            Ok(DraftScore::Curve(linear::curve(
                Form::Shifted { lower },
                slope,
                offset,
                *dlo as f64,
                *dhi as f64,
            )))
        }
        GKind::Real(lo, hi) => {
            let ev = e.child("evaluator").ok_or_else(|| {
                FormatError::at(
                    file,
                    e.line,
                    format!("real issue `{}` has no <evaluator>", gi.name),
                )
            })?;
            let ftype = ev.attr("ftype").unwrap_or("").to_ascii_lowercase();
            let p = |k: &str| num_attr(file, ev, k);
            match ftype.as_str() {
                "linear" => Ok(DraftScore::Curve(linear::curve(
                    Form::Plain,
                    p("parameter1")?,
                    p("parameter0")?,
                    *lo,
                    *hi,
                ))),
                "constant" | "triangular" => {
                    let f: Box<dyn Fn(f64) -> f64> = if ftype == "constant" {
                        let c = p("parameter0")?;
                        if !(0.0..=1.0).contains(&c) {
                            return Err(FormatError::at(
                                file,
                                ev.line,
                                format!("constant evaluation {c} is outside [0, 1]"),
                            ));
                        }
                        Box::new(move |_| c)
                    } else {
                        let (a, b, top) = (p("parameter0")?, p("parameter1")?, p("parameter2")?);
                        Box::new(move |x| triangular(a, b, top, x))
                    };
                    let DraftKind::Numeric { min, step, .. } = kind else {
                        unreachable!("a real issue is a grid")
                    };
                    let n = kind.len();
                    Ok(DraftScore::Curve(
                        (0..n)
                            .map(|k| {
                                let x = if k + 1 == n {
                                    *hi
                                } else {
                                    min + k as f64 * step
                                };
                                (x, f(x))
                            })
                            .collect(),
                    ))
                }
                other => Err(FormatError::at(
                    file,
                    ev.line,
                    format!(
                        "real evaluator type {other:?} is not supported (Genius evaluates \
                         linear, constant and triangular; `faratin` returns -1)"
                    ),
                )),
            }
        }
    }
}

/// Genius's triangular evaluator: 0 below `lower`, up to 1 at `top`, down to 0 at `upper`.
pub(crate) fn triangular(lower: f64, upper: f64, top: f64, x: f64) -> f64 {
    if x < lower || x >= upper {
        0.0
    } else if x < top {
        if top > lower {
            (x - lower) / (top - lower)
        } else {
            1.0
        }
    } else if upper > top {
        (upper - x) / (upper - top)
    } else {
        1.0
    }
}

fn read_nonlinear(
    file: &str,
    space: &Element,
    issues: &[GIssue],
    draft: &Draft,
    by_index: &HashMap<i64, usize>,
    party: &mut DraftParty,
) -> Result<(), FormatError> {
    let utility = space
        .descendants()
        .into_iter()
        .find(|e| e.name == "utility")
        .ok_or_else(|| FormatError::at(file, space.line, "nonlinear profile with no <utility>"))?;
    let max = num_attr(file, utility, "maxutility")?;
    if max <= 0.0 {
        return Err(FormatError::at(
            file,
            utility.line,
            format!("maxutility {max} must be positive"),
        ));
    }
    for ufun in utility.children_named("ufun") {
        let weight = match ufun.attr("weight") {
            Some(_) => num_attr(file, ufun, "weight")?,
            None => 1.0,
        };
        let aggregation = ufun.attr("aggregation").unwrap_or("sum");
        if !aggregation.eq_ignore_ascii_case("sum") {
            return Err(FormatError::at(
                file,
                ufun.line,
                format!(
                    "ufun aggregation {aggregation:?} is not supported (only `sum` maps to \
                     interactions)"
                ),
            ));
        }
        if let Some(nested) = ufun.child("ufun") {
            return Err(FormatError::at(
                file,
                nested.line,
                "nested <ufun>s are not supported",
            ));
        }
        for rect in ufun.children_named("hyperRectangle") {
            let u = num_attr(file, rect, "utility")?;
            let mut when: Vec<(usize, DraftCondition)> = Vec::new();
            let mut empty = false;
            let includes = rect.children_named("INCLUDES").next();
            let excludes = rect.children_named("EXCLUDES").next();
            if let (Some(_), Some(b)) = (includes, excludes) {
                return Err(FormatError::at(
                    file,
                    b.line,
                    "a hyper-rectangle with both INCLUDES and EXCLUDES bounds (Genius reads a \
                     rectangle as one or the other)",
                ));
            }
            let exclusive = excludes.is_some();
            for b in &rect.children {
                if b.name != "INCLUDES" && b.name != "EXCLUDES" {
                    continue;
                }
                let index = int_attr(file, b, "index")?;
                let Some(&k) = by_index.get(&index) else {
                    return Err(FormatError::at(
                        file,
                        b.line,
                        format!("issue index {index} is not an issue of the domain"),
                    ));
                };
                if matches!(issues[k].kind, GKind::Discrete(_)) {
                    return Err(FormatError::at(
                        file,
                        b.line,
                        format!(
                            "a bound on discrete issue `{}`: hyper-rectangles bound numeric issues",
                            issues[k].name
                        ),
                    ));
                }
                let (lo, hi) = (num_attr(file, b, "min")?, num_attr(file, b, "max")?);
                match when.iter_mut().find(|(i, _)| *i == k) {
                    Some((_, DraftCondition::Range(a, c))) => {
                        *a = a.max(lo);
                        *c = c.min(hi);
                        empty |= a > c;
                    }
                    _ => {
                        empty |= lo > hi;
                        when.push((k, DraftCondition::Range(lo, hi)));
                    }
                }
            }
            let bonus = u * weight / max;
            if exclusive {
                // An EXCLUDES rectangle pays when any listed issue lies outside its bounds:
                // exactly a constant bonus, minus the same bonus when every bound holds.
                party
                    .interactions
                    .push((vec![(0, always(&draft.issues[0].kind))], bonus));
                if !empty {
                    party.interactions.push((when, -bonus));
                }
                continue;
            }
            if empty {
                continue;
            }
            if when.is_empty() {
                // No bounds: the rectangle always holds. accord needs a condition; use one
                // that every outcome meets.
                when.push((0, always(&draft.issues[0].kind)));
            }
            party.interactions.push((when, bonus));
        }
    }
    Ok(())
}

/// A condition on an issue that every option meets.
fn always(kind: &DraftKind) -> DraftCondition {
    match kind {
        DraftKind::Discrete(o) => DraftCondition::AnyOf((0..o.len()).collect()),
        DraftKind::Numeric { min, max, .. } => DraftCondition::Range(*min, *max),
    }
}

//! Writing a [`Scenario`] as a Genius domain and one profile per party.
//!
//! Genius must see the same outcome space and the same utilities as accord: every issue is
//! written in a form Genius enumerates exactly, and an approximate form only when asked for
//! ([`Options::real_issues`]).
//!
//! | `accord/1` | Genius |
//! |---|---|
//! | issue with options | discrete issue; item values are the labels (the ids when labels are missing or repeat) |
//! | grid of whole numbers with step 1 | integer issue, curves as `linear` evaluators (slope, offset) |
//! | grid of 21 points (Genius's discretisation of a real issue), every curve a clamped line | real issue with a `<range>`, curves as `linear` evaluators |
//! | any other grid | discrete issue with one item per grid point (`"0"`, `"25"`, …), scores per item; a real issue with [`Options::real_issues`] (Genius then enumerates 21 points, not the grid's) |
//! | weights | weights as stored when they sum to 1 (within 1e-3), else divided by their sum |
//! | discrete scores | evaluations; when a party's best score on an issue is below 1, Genius would rescale it to 1, so the weight is multiplied by that best score instead (Genius utilities are exact; a warning says so) |
//! | `walk_away`, `discount` | `<reservation>`, `<discount_factor>` |
//! | interactions | a `nonlinear` profile (`maxutility` = 1, one `PlainUfun` summing hyper-rectangles): one hyper-rectangle per interaction, `utility` = bonus; with weights, also one single-bound hyper-rectangle per value of each weighted issue, `utility` = (w / Σw) · score |
//!
//! Refused, naming the party and the issue: a nonlinear profile that would have to bound an issue
//! Genius's hyper-rectangles cannot bound (they bound integer issues only: a weighted discrete
//! or real issue, or an interaction's condition on one, unless it lists every option), and an
//! interaction condition on values that are not contiguous. Plans, events, red lines and status
//! quos are dropped with a warning. Real issues come back with `--real-steps` equal to their
//! number of grid points.

use std::fmt::Write as _;

use accord_model::{Condition, IssueDomain, Scenario};

use crate::Exported;
use crate::error::{FormatError, Warning};
use crate::export::{FileNames, Score, base_weights, dropped, option_names, party_issues};
use crate::linear::{self, Form};

/// How an issue is written.
#[derive(Debug, Clone)]
enum Out {
    /// Item values.
    Discrete(Vec<String>),
    /// Integer bounds.
    Integer(i64, i64),
    /// Real bounds.
    Real(f64, f64),
}

/// How [`export_with`] writes a scenario.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// Write every grid that is not whole numbers with step 1 as a Genius `real` issue (a
    /// `<range>` and `linear` evaluators) when each party scores it by a clamped line, as older
    /// exports did. Genius enumerates a real issue as 21 evenly spaced points, so a grid of any
    /// other number of points comes back as a different outcome space (a warning says so). Off
    /// by default: such a grid is written as a discrete issue, one item per grid point.
    pub real_issues: bool,
}

/// Exports a scenario as Genius XML files with the default [`Options`] (the outcome space kept
/// exactly).
pub fn export(s: &Scenario) -> Result<Exported, FormatError> {
    export_with(s, Options::default())
}

/// Genius's number of points of a real issue (`IssueReal`'s default discretisation).
const GENIUS_REAL_POINTS: usize = 21;

/// Exports a scenario as Genius XML files: the domain first, then one profile per party.
///
/// # Errors
/// A [`FormatError`] (with an empty file name: the caller names the scenario) when a party's
/// preferences need a construct Genius cannot express (see the module table).
pub fn export_with(s: &Scenario, options: Options) -> Result<Exported, FormatError> {
    let mut warnings = dropped(s, "Genius");
    // Genius links issues by index, so names may repeat: the titles are kept as they are.
    let names: Vec<String> = s.issues().iter().map(|i| i.title().to_owned()).collect();
    let per_party: Vec<Vec<(f64, Option<Score>)>> =
        s.parties().iter().map(|p| party_issues(s, p)).collect();
    // Decide each issue's form.
    let mut forms: Vec<Out> = Vec::new();
    for (k, issue) in s.issues().iter().enumerate() {
        let out = match issue.domain() {
            IssueDomain::Discrete(_) => Out::Discrete(option_names(issue)),
            IssueDomain::Numeric { grid, .. } => {
                let values: Vec<f64> = (0..grid.len()).map(|j| grid.value(j)).collect();
                let integral = grid.step() == 1.0
                    && grid.min().fract() == 0.0
                    && grid.max().fract() == 0.0
                    && grid.min().abs() < 9e15
                    && grid.max().abs() < 9e15;
                let form = if integral {
                    Form::Shifted { lower: grid.min() }
                } else {
                    Form::Plain
                };
                let lines = per_party.iter().all(|issues| match &issues[k].1 {
                    Some(Score::Curve(c)) => {
                        linear::fit(form, c, &values, grid.min(), grid.max()).is_some()
                    }
                    _ => true,
                });
                if !lines {
                    warnings.push(Warning::file(
                        "",
                        format!(
                            "issue `{}`: a curve is not a clamped line, which Genius cannot \
                             express; written as a discrete issue of the grid's values",
                            issue.id()
                        ),
                    ));
                    Out::Discrete(grid_items(&values))
                } else if integral {
                    Out::Integer(grid.min() as i64, grid.max() as i64)
                } else if grid.len() == GENIUS_REAL_POINTS {
                    // Genius enumerates exactly these points.
                    Out::Real(grid.min(), grid.max())
                } else if options.real_issues {
                    warnings.push(Warning::file(
                        "",
                        format!(
                            "issue `{}`: a real issue of {} grid points; Genius enumerates {} \
                             points of it, so its outcome space differs; import it with \
                             --real-steps {} to get the same grid back",
                            issue.id(),
                            grid.len(),
                            GENIUS_REAL_POINTS,
                            grid.len()
                        ),
                    ));
                    Out::Real(grid.min(), grid.max())
                } else {
                    Out::Discrete(grid_items(&values))
                }
            }
        };
        forms.push(out);
    }
    let mut files = FileNames::default();
    let domain_name = files.pick(
        s,
        s.scenario_sources(),
        ".xml",
        &format!("{}-domain", s.id()),
    );
    let mut domain = String::new();
    let _ = writeln!(domain, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    let _ = writeln!(domain, "<negotiation_template>");
    let _ = writeln!(
        domain,
        "  <utility_space number_of_issues=\"{}\">",
        forms.len()
    );
    let _ = writeln!(domain, "    {}", objective_tag(s.title()));
    for (k, out) in forms.iter().enumerate() {
        issue_xml(&mut domain, k, &names[k], out, None);
    }
    let _ = writeln!(domain, "    </objective>");
    let _ = writeln!(domain, "  </utility_space>");
    let _ = writeln!(domain, "</negotiation_template>");
    let mut exported = Exported::default();
    exported.files.push((domain_name, domain));
    for (pk, party) in s.parties().iter().enumerate() {
        if party.is_observer() {
            // No preferences: nothing a profile could hold (see `export::dropped`).
            continue;
        }
        let file = files.pick(s, party.sources(), ".xml", party.id().as_str());
        let text = if party.interactions().is_empty() {
            linear_profile(s, pk, &names, &forms, &per_party[pk], &mut warnings)
        } else {
            nonlinear_profile(s, pk, &names, &forms, &per_party[pk])?
        };
        exported.files.push((file, text));
    }
    exported.warnings = warnings;
    Ok(exported)
}

/// The item values of a grid written as a discrete issue: each point as the shortest decimal
/// that reads back as it (see [`crate::emit::num`]).
fn grid_items(values: &[f64]) -> Vec<String> {
    let short: Vec<String> = values.iter().map(|v| crate::emit::num(*v)).collect();
    let distinct: std::collections::HashSet<&str> = short.iter().map(String::as_str).collect();
    if distinct.len() == short.len() {
        short
    } else {
        values.iter().map(|v| v.to_string()).collect()
    }
}

fn objective_tag(title: &str) -> String {
    format!(
        "<objective index=\"0\" etype=\"objective\" type=\"objective\" description=\"\" name=\"{}\">",
        attr(title)
    )
}

/// Writes one `<issue>`; with `eval`, the profile's evaluator content.
fn issue_xml(out: &mut String, k: usize, name: &str, form: &Out, eval: Option<&Eval>) {
    let index = k + 1;
    match form {
        Out::Discrete(values) => {
            let _ = writeln!(
                out,
                "      <issue index=\"{index}\" etype=\"discrete\" type=\"discrete\" vtype=\"discrete\" name=\"{}\">",
                attr(name)
            );
            for (j, v) in values.iter().enumerate() {
                match eval {
                    Some(Eval::Items(e)) => {
                        let _ = writeln!(
                            out,
                            "        <item index=\"{}\" value=\"{}\" evaluation=\"{}\"/>",
                            j + 1,
                            attr(v),
                            e[j]
                        );
                    }
                    _ => {
                        let _ = writeln!(
                            out,
                            "        <item index=\"{}\" value=\"{}\" description=\"\"/>",
                            j + 1,
                            attr(v)
                        );
                    }
                }
            }
            let _ = writeln!(out, "      </issue>");
        }
        Out::Integer(lo, hi) => {
            let head = format!(
                "      <issue index=\"{index}\" etype=\"integer\" type=\"integer\" vtype=\"integer\" name=\"{}\" lowerbound=\"{lo}\" upperbound=\"{hi}\"",
                attr(name)
            );
            match eval {
                Some(Eval::Line(slope, offset)) => {
                    let _ = writeln!(out, "{head}>");
                    let _ = writeln!(
                        out,
                        "        <evaluator ftype=\"linear\" slope=\"{slope}\" offset=\"{offset}\"/>"
                    );
                    let _ = writeln!(out, "      </issue>");
                }
                _ => {
                    let _ = writeln!(out, "{head}/>");
                }
            }
        }
        Out::Real(lo, hi) => {
            let _ = writeln!(
                out,
                "      <issue index=\"{index}\" etype=\"real\" type=\"real\" vtype=\"real\" name=\"{}\">",
                attr(name)
            );
            let _ = writeln!(
                out,
                "        <range lowerbound=\"{lo}\" upperbound=\"{hi}\"/>"
            );
            if let Some(Eval::Line(slope, offset)) = eval {
                let _ = writeln!(
                    out,
                    "        <evaluator ftype=\"linear\" parameter0=\"{offset}\" parameter1=\"{slope}\"/>"
                );
            }
            let _ = writeln!(out, "      </issue>");
        }
    }
}

/// A profile's evaluator of one issue.
enum Eval {
    Items(Vec<f64>),
    Line(f64, f64),
}

fn linear_profile(
    s: &Scenario,
    pk: usize,
    names: &[String],
    forms: &[Out],
    issues: &[(f64, Option<Score>)],
    warnings: &mut Vec<Warning>,
) -> String {
    let party = &s.parties()[pk];
    let raw: Vec<f64> = issues.iter().map(|(w, _)| *w).collect();
    let mut weights = base_weights(&raw);
    let mut body = String::new();
    for (k, form) in forms.iter().enumerate() {
        let issue = &s.issues()[k];
        let score = issues[k].1.as_ref();
        let eval = match form {
            Out::Discrete(values) => {
                let evals: Vec<f64> = match score {
                    Some(sc) => (0..values.len()).map(|j| sc.at(issue, j)).collect(),
                    None => vec![1.0; values.len()],
                };
                let best = evals.iter().copied().fold(0.0, f64::max);
                if score.is_some() && best > 0.0 && best < 1.0 {
                    weights[k] *= best;
                    warnings.push(Warning::file(
                        "",
                        format!(
                            "party `{}`, issue `{}`: the best score is {best}; Genius rescales \
                             discrete evaluations to a best of 1, so the weight was multiplied \
                             by {best} (Genius utilities are exact; reading the file back into \
                             accord, which normalises weights, gives different numbers)",
                            party.id(),
                            issue.id()
                        ),
                    ));
                }
                Eval::Items(evals)
            }
            Out::Integer(lo, hi) => line_of(
                score,
                Form::Shifted { lower: *lo as f64 },
                issue,
                *lo as f64,
                *hi as f64,
            ),
            Out::Real(lo, hi) => line_of(score, Form::Plain, issue, *lo, *hi),
        };
        issue_xml(&mut body, k, &names[k], form, Some(&eval));
    }
    let mut out = String::new();
    let _ = writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    let _ = writeln!(out, "<utility_space>");
    let _ = writeln!(out, "    {}", objective_tag(s.title()));
    out.push_str(&body);
    for (k, w) in weights.iter().enumerate() {
        let _ = writeln!(out, "      <weight index=\"{}\" value=\"{w}\"/>", k + 1);
    }
    let _ = writeln!(out, "    </objective>");
    if let Some(d) = party.discount() {
        let _ = writeln!(out, "    <discount_factor value=\"{d}\"/>");
    }
    let _ = writeln!(
        out,
        "    <reservation value=\"{}\"/>",
        party.walk_away().midpoint()
    );
    let _ = writeln!(out, "</utility_space>");
    out
}

fn line_of(
    score: Option<&Score>,
    form: Form,
    issue: &accord_model::Issue,
    lo: f64,
    hi: f64,
) -> Eval {
    let IssueDomain::Numeric { grid, .. } = issue.domain() else {
        return Eval::Line(0.0, 0.0);
    };
    let values: Vec<f64> = (0..grid.len()).map(|j| grid.value(j)).collect();
    match score {
        Some(Score::Curve(c)) => {
            let (slope, offset) = linear::fit(form, c, &values, lo, hi).unwrap_or((0.0, 0.0));
            Eval::Line(slope, offset)
        }
        _ => Eval::Line(0.0, 0.0),
    }
}

/// A `nonlinear` profile: `U = Σ (wᵢ / Σw) · sᵢ(xᵢ) + Σ bonuses` as a sum of hyper-rectangles,
/// the weighted part as one rectangle per value of each weighted (integer) issue.
fn nonlinear_profile(
    s: &Scenario,
    pk: usize,
    names: &[String],
    forms: &[Out],
    issues: &[(f64, Option<Score>)],
) -> Result<String, FormatError> {
    let party = &s.parties()[pk];
    // The weighted part, computed as accord computes it: (w / W) · score.
    let total: f64 = issues.iter().map(|(w, _)| *w).filter(|w| *w > 0.0).sum();
    let mut weighted: Vec<(usize, i64, f64)> = Vec::new();
    for (k, (w, score)) in issues.iter().enumerate() {
        if *w <= 0.0 || total <= 0.0 {
            continue;
        }
        let issue = &s.issues()[k];
        let Out::Integer(lo, _) = &forms[k] else {
            return Err(FormatError::file(
                "",
                format!(
                    "party `{}` has weights and interactions, which Genius expresses only as a \
                     nonlinear profile, and its weighted issue `{}` is not an integer issue \
                     (whole numbers with step 1): Genius hyper-rectangles bound integer issues \
                     only",
                    party.id(),
                    issue.id()
                ),
            ));
        };
        let Some(score) = score else { continue };
        for j in 0..issue.option_count() {
            let u = (w / total) * score.at(issue, j);
            if u != 0.0 {
                weighted.push((k, lo + j as i64, u));
            }
        }
    }
    let mut out = String::new();
    let _ = writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    let _ = writeln!(out, "<utility_space type=\"nonlinear\">");
    let _ = writeln!(out, "    {}", objective_tag(s.title()));
    for (k, form) in forms.iter().enumerate() {
        issue_xml(&mut out, k, &names[k], form, None);
    }
    let _ = writeln!(out, "      <utility maxutility=\"1\">");
    let _ = writeln!(
        out,
        "        <ufun type=\"PlainUfun\" weight=\"1\" aggregation=\"sum\">"
    );
    for (k, value, u) in weighted {
        let _ = writeln!(out, "          <hyperRectangle utility=\"{u}\">");
        let _ = writeln!(
            out,
            "            <INCLUDES index=\"{}\" min=\"{value}\" max=\"{value}\"/>",
            k + 1
        );
        let _ = writeln!(out, "          </hyperRectangle>");
    }
    for interaction in party.interactions() {
        let _ = writeln!(
            out,
            "          <hyperRectangle utility=\"{}\">",
            interaction.bonus()
        );
        for (ix, cond) in interaction.when() {
            let k = ix.index();
            let issue = s.issue(*ix);
            let refuse = |why: &str| {
                FormatError::file(
                    "",
                    format!(
                        "party `{}`: an interaction's condition on issue `{}` {why}; Genius \
                         hyper-rectangles bound integer issues by ranges",
                        party.id(),
                        issue.id()
                    ),
                )
            };
            let (lo, hi) = match (cond, &forms[k], issue.domain()) {
                (Condition::Range { min, max }, Out::Integer(..), _) => (*min, *max),
                (Condition::AnyOf(opts), Out::Integer(..), IssueDomain::Numeric { grid, .. }) => {
                    let first = opts[0].index();
                    let last = opts[opts.len() - 1].index();
                    if last - first + 1 != opts.len() {
                        return Err(refuse("lists values that are not contiguous"));
                    }
                    (grid.value(first), grid.value(last))
                }
                (Condition::AnyOf(opts), Out::Discrete(values), IssueDomain::Discrete(_))
                    if opts.len() == values.len() =>
                {
                    continue; // every option: no bound
                }
                _ => return Err(refuse("is not a range of an integer issue")),
            };
            let _ = writeln!(
                out,
                "            <INCLUDES index=\"{}\" min=\"{lo}\" max=\"{hi}\"/>",
                k + 1
            );
        }
        let _ = writeln!(out, "          </hyperRectangle>");
    }
    let _ = writeln!(out, "        </ufun>");
    let _ = writeln!(out, "      </utility>");
    let _ = writeln!(out, "    </objective>");
    if let Some(d) = party.discount() {
        let _ = writeln!(out, "    <discount_factor value=\"{d}\"/>");
    }
    let _ = writeln!(
        out,
        "    <reservation value=\"{}\"/>",
        party.walk_away().midpoint()
    );
    let _ = writeln!(out, "</utility_space>");
    Ok(out)
}

/// Escapes text for an XML attribute value in double quotes.
pub(crate) fn attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c => out.push(c),
        }
    }
    out
}

//! `accord show`: a readable plain-text overview of a scenario (parties, areas and issues,
//! plans, timeline, sources), for a terminal.

use std::fmt::Write as _;

use accord_model::{IssueDomain, PartyIx, Plan, ReactionCheck, Scenario, ScoreFn, SourceIx};
use comfy_table::{Cell, Table};

/// Citation markers like `[2, 5]`, numbered by the sources' file order; a source marked
/// `reliability = "low"` is cited with a star (`[3*]`), explained under Sources.
fn cite_in(scenario: &Scenario, sources: &[SourceIx]) -> String {
    if sources.is_empty() {
        return String::new();
    }
    let nums: Vec<String> = sources
        .iter()
        .map(|&k| {
            let star = if scenario.source(k).is_low() { "*" } else { "" };
            format!("{}{star}", k.index() + 1)
        })
        .collect();
    format!(" [{}]", nums.join(", "))
}

/// A plan's role list in words: names, each disputed one followed by "(disputed)".
fn role_names(scenario: &Scenario, plan: &Plan, parties: &[PartyIx]) -> String {
    if parties.is_empty() {
        return "—".into();
    }
    parties
        .iter()
        .map(|&p| {
            let name = scenario.party(p).name();
            if plan.is_disputed(p) {
                format!("{name} (disputed)")
            } else {
                name.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn names(scenario: &Scenario, parties: &[PartyIx]) -> String {
    if parties.is_empty() {
        return "—".into();
    }
    parties
        .iter()
        .map(|&p| scenario.party(p).name())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Whether a reported reaction agrees with the model's verdict, in words: "agrees",
/// "disagrees", or "not comparable" (the verdict is undetermined).
pub fn agreement_word(agrees: Option<bool>) -> &'static str {
    match agrees {
        Some(true) => "agrees",
        Some(false) => "disagrees",
        None => "not comparable",
    }
}

/// One reported reaction beside the model's verdict, in one line:
/// "South on High cap: reject; the model: reject (agrees)" (party name, plan title).
pub fn reaction_sentence(s: &Scenario, c: &ReactionCheck) -> String {
    format!(
        "{} on {}: {}; the model: {} ({})",
        s.party(c.party).name(),
        s.plan(c.plan).title(),
        c.reaction.as_str(),
        c.verdict.as_str(),
        agreement_word(c.agrees)
    )
}

/// The overview as text: title, size, the parties as a table (made by `new_table` from its
/// header, so the caller sets the table's style and width), then areas and issues, plans, the
/// timeline and the sources as lists. Citations are `[n]`, numbered in the sources' file order.
pub fn overview(s: &Scenario, new_table: impl Fn(&[&str]) -> Table) -> String {
    let cite = |sources: &[SourceIx]| cite_in(s, sources);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} ({}){}",
        s.title(),
        s.id(),
        cite(s.scenario_sources())
    );
    if let Some(as_of) = s.as_of() {
        let _ = writeln!(out, "as of {as_of}");
    }
    if let Some(summary) = s.summary() {
        let _ = writeln!(out, "\n{}", summary.trim());
    }
    match s.outcome_count() {
        Some(n) => {
            let _ = writeln!(out, "\n{} issues, {n} possible outcomes.", s.issues().len());
        }
        None => {
            let _ = writeln!(
                out,
                "\n{} issues, more than 3.4e38 possible outcomes.",
                s.issues().len()
            );
        }
    }

    let _ = writeln!(out, "\nParties");
    let mut t = new_table(&[
        "party",
        "signs",
        "walk-away",
        "weights (share)",
        "red lines",
    ]);
    let rule = s.consent_rule();
    let ruled = !rule.is_unanimity();
    for (k, p) in s.parties().iter().enumerate() {
        if p.is_observer() {
            t.add_row(vec![
                Cell::new(format!("{} ({}){}", p.name(), p.id(), cite(p.sources()))),
                Cell::new("no: observer"),
                Cell::new("—"),
                Cell::new("not modelled (an observer takes part, never decides)"),
                Cell::new("—"),
            ]);
            continue;
        }
        let mut signs = (if p.signatory() { "yes" } else { "no" }).to_owned();
        if ruled && let Some(role) = rule.role_in_words(s, PartyIx::from_usize(k)) {
            signs = format!("{signs}: {role}");
        }
        let weights: Vec<String> = p
            .weight_shares()
            .iter()
            .map(|w| {
                let exact = if w.exact { "" } else { " ±" };
                format!(
                    "{} {:.0}%{exact}",
                    s.issue(w.issue).title(),
                    w.share * 100.0
                )
            })
            .collect();
        let mut weights = weights.join(", ");
        if !p.interactions().is_empty() {
            let _ = write!(weights, "; {} interaction(s)", p.interactions().len());
        }
        let red: Vec<String> = p
            .red_lines()
            .iter()
            .map(|(i, os)| {
                let issue = s.issue(*i);
                let os: Vec<String> = os.iter().map(|&o| issue.option_label(o)).collect();
                format!("{} ∉ {{{}}}", issue.title(), os.join(", "))
            })
            .collect();
        t.add_row(vec![
            Cell::new(format!("{} ({}){}", p.name(), p.id(), cite(p.sources()))),
            Cell::new(signs),
            Cell::new(p.walk_away().to_string()),
            Cell::new(weights),
            Cell::new(if red.is_empty() {
                "—".into()
            } else {
                red.join("; ")
            }),
        ]);
    }
    let _ = writeln!(out, "{t}");
    if ruled {
        let mut words = rule.in_words(s);
        if let Some(first) = words.get(..1) {
            words = first.to_uppercase() + &words[1..];
        }
        let _ = writeln!(out, "{words}.");
    }

    let _ = writeln!(out, "\nAreas and issues");
    for area in s.area_ixs() {
        let a = s.area(area);
        let _ = writeln!(out, "{} ({}){}", a.title(), a.id(), cite(a.sources()));
        for (ix, issue) in s
            .issue_ixs()
            .map(|i| (i, s.issue(i)))
            .filter(|(_, i)| i.area() == area)
        {
            let points = if issue.points().is_empty() {
                String::new()
            } else {
                let p: Vec<String> = issue.points().iter().map(u32::to_string).collect();
                format!(", points {}", p.join(", "))
            };
            let _ = writeln!(
                out,
                "  {} ({}{points}){}",
                issue.title(),
                issue.id(),
                cite(issue.sources())
            );
            match issue.domain() {
                IssueDomain::Discrete(_) => {
                    for o in issue.options() {
                        let sq = if issue.status_quo() == Some(o) {
                            "  (status quo)"
                        } else {
                            ""
                        };
                        let value = issue.option_value(o);
                        let label = issue.option_label(o);
                        if label == value.to_string() {
                            let _ = writeln!(out, "    - {value}{sq}");
                        } else {
                            let _ = writeln!(out, "    - {value}: {label}{sq}");
                        }
                    }
                }
                IssueDomain::Numeric { grid, unit } => {
                    let unit = unit.as_deref().map(|u| format!(" {u}")).unwrap_or_default();
                    let sq = issue
                        .status_quo()
                        .map(|o| format!(", status quo {}", issue.option_value(o)))
                        .unwrap_or_default();
                    let _ = writeln!(
                        out,
                        "    {} to {}{unit} in steps of {} ({} values){sq}",
                        grid.min(),
                        grid.max(),
                        grid.step(),
                        grid.len()
                    );
                }
            }
            for p in s.parties() {
                if let Some(ScoreFn::Curve(points)) = p.score_fn(ix) {
                    let pts: Vec<String> =
                        points.iter().map(|(x, y)| format!("({x}, {y})")).collect();
                    let _ = writeln!(out, "      {} scores it along {}", p.name(), pts.join(" "));
                }
            }
        }
    }

    if !s.plans().is_empty() {
        let _ = writeln!(out, "\nPlans");
        for plan in s.plans() {
            let date = plan.date().map(|d| format!(", {d}")).unwrap_or_default();
            let _ = writeln!(
                out,
                "{} ({}{date}){}",
                plan.title(),
                plan.id(),
                cite(plan.sources())
            );
            if let Some(r) = plan.revises() {
                let r = s.plan(r);
                let _ = writeln!(out, "  revises:    {} ({})", r.title(), r.id());
            }
            let _ = writeln!(
                out,
                "  drafted by: {}",
                role_names(s, plan, plan.drafted_by())
            );
            let _ = writeln!(
                out,
                "  consulted:  {}",
                role_names(s, plan, plan.consulted())
            );
            let _ = writeln!(out, "  briefed:    {}", role_names(s, plan, plan.briefed()));
            let absent = plan.absent(s);
            let _ = writeln!(out, "  absent:     {}", names(s, &absent));
            for r in plan.role_notes() {
                let what = if r.disputed { "disputed" } else { "note" };
                let note = r
                    .note
                    .as_deref()
                    .map(|n| format!(": {n}"))
                    .unwrap_or_default();
                let _ = writeln!(
                    out,
                    "  {what}: {} as {}{note}{}",
                    s.party(r.party).name(),
                    r.role.word(),
                    cite(&r.sources)
                );
            }
            for i in s.issue_ixs() {
                let issue = s.issue(i);
                let line = match (plan.term(i), issue.status_quo()) {
                    _ if plan.options_within(i).is_some() => {
                        let labels: Vec<String> = plan
                            .options_within(i)
                            .unwrap_or_default()
                            .iter()
                            .map(|&o| issue.option_label(o))
                            .collect();
                        format!("open over {}", labels.join(" | "))
                    }
                    _ if plan.open().contains(&i) => "open (left open by the draft)".to_owned(),
                    (Some(o), _) => issue.option_label(o),
                    (None, Some(o)) => format!("{} (status quo)", issue.option_label(o)),
                    (None, None) => "open".to_owned(),
                };
                let _ = writeln!(out, "    {}: {line}", issue.title());
            }
        }
    }

    if !s.events().is_empty() {
        let _ = writeln!(out, "\nTimeline");
        let checks = accord_model::reaction_checks(s);
        let mut events: Vec<_> = s.events().iter().enumerate().collect();
        events.sort_by_key(|(_, e)| e.date());
        for (k, e) in events {
            let approx = if e.approx() { "~" } else { " " };
            let place = e.place().map(|p| format!(" in {p}")).unwrap_or_default();
            let plan = e
                .plan()
                .map(|p| format!(" [plan {}]", s.plan(p).id()))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "{approx}{} {}{place}: {}{plan}{}",
                e.date(),
                e.kind().as_str(),
                names(s, e.parties()),
                cite(e.sources())
            );
            if let Some(summary) = e.summary() {
                let _ = writeln!(out, "             {summary}");
            }
            if let Some(c) = checks.iter().find(|c| c.event == k) {
                let _ = writeln!(out, "             reaction: {}", reaction_sentence(s, c));
            }
        }
    }

    if !s.sources().is_empty() {
        let _ = writeln!(out, "\nSources");
        for (k, src) in s.sources().iter().enumerate() {
            let mut line = format!("[{}] {}", k + 1, src.title());
            if let Some(p) = src.publisher() {
                let _ = write!(line, ", {p}");
            }
            if let Some(d) = src.date() {
                let _ = write!(line, ", {d}");
            }
            if let Some(u) = src.url() {
                let _ = write!(line, ", {u}");
            }
            let _ = write!(line, " ({})", src.id());
            if let Some(r) = src.reliability() {
                let _ = write!(line, "; reliability {}", r.as_str());
            }
            if let Some(c) = src.caution() {
                let _ = write!(line, ": {c}");
            }
            let _ = writeln!(out, "{line}");
        }
        if s.sources().iter().any(|src| src.is_low()) {
            let _ = writeln!(out, "* low reliability: read claims that cite it with care");
        }
    }
    out
}

//! The report as Markdown. The HTML report is this Markdown converted, with charts inserted
//! where [`Chart`] placeholders stand.

use std::fmt::Write as _;

use accord_model::{IssueIx, OptionIx, PartyIx, PlanIx, Scenario, SourceIx, Verdict};
use accord_uncertainty::robust::Change;

use crate::data::ReportData;
use crate::provenance::{RedLineOrigin, red_line_basis, red_line_origin, short_basis};

/// Where a chart goes; Markdown output leaves them out.
pub enum Chart {
    /// Each party's utility under each draft, with walk-away values.
    Utilities,
    /// One draft's utilities by area for each party.
    Areas(usize),
    /// The frontier of the two most opposed signatories, with the drafts and solutions.
    Frontier,
    /// The simulated negotiation's offers over time.
    Offers,
}

/// Writes the report. `chart` renders a chart as an HTML block (or nothing for Markdown).
pub fn write(d: &ReportData<'_>, chart: &dyn Fn(Chart) -> Option<String>) -> String {
    let mut out = String::new();
    let s = d.scenario;
    // Context and how to read a verdict first (who must agree and why), then the verdicts,
    // then the parties and drafts they rest on, then the analyses and annexes.
    heading(&mut out, d);
    in_brief(&mut out, d);
    state_of_play(&mut out, d);
    who_must_agree(&mut out, d);
    at_a_glance(&mut out, d, chart);
    reactions(&mut out, d);
    parties(&mut out, d);
    drafts(&mut out, d, chart);
    revisions(&mut out, d);
    consent_by_draft(&mut out, d);
    amendments(&mut out, d);
    solutions(&mut out, d);
    relaxed(&mut out, d);
    opposed(&mut out, d, chart);
    process(&mut out, s, d);
    uncertainty(&mut out, d);
    about(&mut out, d);
    sources(&mut out, s);
    simulation(&mut out, d, chart);
    out
}

/// Citation links such as `[s12](#src-s12)`: the link text is the source's own id in the
/// scenario (`[sources.s12]`), and so is the anchor of its entry under Sources — one id system,
/// so an id in a note or summary ("s12") is the id of the link and of the list entry. A source
/// marked `reliability = "low"` is marked "(low reliability)" at every citation; its caution is
/// shown once, at its entry under Sources (scenario.md, "Sources").
pub fn cite(s: &Scenario, sources: &[SourceIx]) -> String {
    if sources.is_empty() {
        return String::new();
    }
    let links: Vec<String> = sources
        .iter()
        .map(|&src| {
            let id = s.source(src).id();
            if s.source(src).is_low() {
                format!("[{id}](#src-{id}) (low reliability)")
            } else {
                format!("[{id}](#src-{id})")
            }
        })
        .collect();
    format!(" [{}]", links.join(", "))
}

/// Text safe inside a Markdown table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}

fn pct(p: f64) -> String {
    let x = p * 100.0;
    if x > 0.0 && x < 0.5 {
        "<1%".into()
    } else if x < 100.0 && x > 99.5 {
        ">99%".into()
    } else {
        format!("{x:.0}%")
    }
}

/// The share of draws in which the party would accept, in words: "accepts in 89% of the
/// draws from our estimate ranges"; when open issues leave some draws undetermined, says so
/// instead of printing a bare 0% ("undetermined in every draw").
fn likely(p: &accord_uncertainty::PartyRobustness) -> String {
    accept_share(p, true)
}

/// A short share for a comparison ("accepts in 83%", "undetermined in every draw").
fn draw_share(p: &accord_uncertainty::PartyRobustness) -> String {
    accept_share(p, false)
}

/// [`likely`] (`long`: naming the draws, the open issues) or [`draw_share`].
fn accept_share(p: &accord_uncertainty::PartyRobustness, long: bool) -> String {
    let (ranges, separator, every) = if long {
        (
            " of the draws from our estimate ranges",
            ";",
            " (it depends on the open issues)",
        )
    } else {
        ("", ",", "")
    };
    if p.undetermined >= 1.0 {
        return format!("undetermined in every draw{every}");
    }
    let mut text = format!("accepts in {}{ranges}", pct(p.accept.estimate));
    if p.undetermined > 0.0 {
        text.push_str(&format!(
            "{separator} undetermined in {}",
            pct(p.undetermined)
        ));
    }
    text
}

/// Shares of draws in which a party accepts, between these bounds, leave its verdict
/// unsettled: "the model cannot tell". The verdict at the midpoint estimates flips in too large
/// a part of our own estimate ranges to be printed as an accept or a reject.
pub const TOO_CLOSE: (f64, f64) = (0.25, 0.75);

/// Whether the draws do not settle a verdict: accept or reject at the midpoints, but the party
/// accepts in [`TOO_CLOSE`] of the draws (whatever share is left undetermined by open issues).
fn too_close(v: Verdict, p: &accord_uncertainty::PartyRobustness) -> bool {
    v != Verdict::Undetermined && (TOO_CLOSE.0..=TOO_CLOSE.1).contains(&p.accept.estimate)
}

/// Whether a verdict turns mostly on `party`'s own walk-away (the strongest driver over the
/// draws), and its note marks the walk-away inferred: then it rests on our guess of what the
/// party expects without a deal, not on anything the party said.
fn turns_on_inferred_walk_away(
    d: &ReportData<'_>,
    party: PartyIx,
    p: &accord_uncertainty::PartyRobustness,
) -> bool {
    let id = d.scenario.party(party).id().to_string();
    d.inferred[party.index()].walk_away
        && p.drivers.first().is_some_and(|driver| {
            let mut parts = driver.input.splitn(4, '.');
            let (_, who, what) = (parts.next(), parts.next(), parts.next());
            driver.rank_correlation.abs() >= 0.1
                && who == Some(id.as_str())
                && what == Some("walk_away")
        })
}

/// For a verdict the draws do not settle, what it rests on in the record's terms: "; it turns
/// on our guess of its walk-away; no reaction of it to this draft is on record" — empty when
/// neither applies.
fn unsettled_basis(
    d: &ReportData<'_>,
    plan: PlanIx,
    party: PartyIx,
    p: &accord_uncertainty::PartyRobustness,
) -> String {
    let mut out = String::new();
    if turns_on_inferred_walk_away(d, party, p) {
        out.push_str("; it turns on our guess of its walk-away");
    }
    if d.latest_reaction(party, plan).is_none() {
        out.push_str("; no reaction of it to this draft is on record");
    }
    out
}

/// A verdict in one word, for tables and lists: accept, reject, undetermined.
fn short_verdict(v: Verdict) -> &'static str {
    match v {
        Verdict::Accept => "accept",
        Verdict::Reject => "reject",
        Verdict::Undetermined => "undetermined",
    }
}

fn verdict_word(v: Verdict) -> &'static str {
    match v {
        Verdict::Accept => "would accept",
        Verdict::Reject => "would reject",
        Verdict::Undetermined => "undetermined",
    }
}

/// A plan's role list: the undisputed names, then the disputed ones apart — "United States;
/// disputed: Russia (see the draft's note)" — so no cell states a disputed role flatly
/// beside the settled ones.
fn role_names(s: &Scenario, plan: &accord_model::Plan, parties: &[PartyIx]) -> String {
    if parties.is_empty() {
        return "—".into();
    }
    let (disputed, settled): (Vec<PartyIx>, Vec<PartyIx>) =
        parties.iter().partition(|&&p| plan.is_disputed(p));
    let settled = if settled.is_empty() {
        "—".to_owned()
    } else {
        settled
            .iter()
            .map(|&p| named_in_role(s, plan, p))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if disputed.is_empty() {
        return settled;
    }
    let disputed = format!("disputed: {} (see the draft's note)", names(s, &disputed));
    if settled == "—" {
        disputed
    } else {
        format!("{settled}; {disputed}")
    }
}

/// A role list with each disputed name marked "(disputed)" in place: for a draft's own
/// header, where the attributed accounts follow at once (tables use [`role_names`]).
fn inline_role_names(s: &Scenario, plan: &accord_model::Plan, parties: &[PartyIx]) -> String {
    if parties.is_empty() {
        return "—".into();
    }
    parties
        .iter()
        .map(|&p| {
            if plan.is_disputed(p) {
                format!("{} (disputed)", s.party(p).name())
            } else {
                named_in_role(s, plan, p)
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A party's name where a draft's roles are listed, with its role entry's note when the entry
/// is undisputed and has one — "Europe — the E3 (UK, France, Germany) …": the note says who,
/// within the party as modelled, took the role, so a table cell agrees with the draft's prose.
/// (A disputed entry's note is the attributed accounts, given under the draft.)
fn named_in_role(s: &Scenario, plan: &accord_model::Plan, party: PartyIx) -> String {
    let name = s.party(party).name();
    let note = plan
        .role_notes()
        .iter()
        .find(|r| r.party == party && !r.disputed)
        .and_then(|r| r.note.as_deref())
        .map(str::trim)
        .filter(|n| !n.is_empty());
    match note {
        Some(note) => {
            let note = note.trim_end_matches('.');
            // "The E3 …" reads on after a dash as "the E3 …"; an acronym keeps its case.
            let mut chars = note.chars();
            let note = match (chars.next(), chars.next()) {
                (Some(first), Some(second)) if second.is_lowercase() || second == ' ' => {
                    first.to_lowercase().collect::<String>() + &note[first.len_utf8()..]
                }
                _ => note.to_owned(),
            };
            format!("{name} — {note}")
        }
        None => name.to_owned(),
    }
}

/// A name's possessive: "Ukraine's", "the United States'" (a name of several words ending in
/// s is a plural, and takes "the"), "Texas'".
fn possessive(name: &str) -> String {
    if name.ends_with('s') {
        if name.contains(' ') && !name.starts_with("the ") && !name.starts_with("The ") {
            format!("the {name}'")
        } else {
            format!("{name}'")
        }
    } else {
        format!("{name}'s")
    }
}

fn names(s: &Scenario, parties: &[PartyIx]) -> String {
    if parties.is_empty() {
        return "—".into();
    }
    parties
        .iter()
        .map(|&p| s.party(p).name())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A utility or walk-away in prose: two decimals, as the tables print it, so a gap stated in
/// the findings is the gap a reader finds in the tables.
fn prose(x: f64) -> String {
    format!("{x:.2}")
}

/// A utility range in prose, as the tables print it ("0.19–0.45", or "0.25" when both ends
/// round alike).
fn prose_range(range: (f64, f64)) -> String {
    let (lo, hi) = (prose(range.0), prose(range.1));
    if lo == hi { lo } else { format!("{lo}–{hi}") }
}

fn utility_text(range: (f64, f64)) -> String {
    if range.0 == range.1 {
        format!("{:.2}", range.0)
    } else {
        format!("{:.2}–{:.2}", range.0, range.1)
    }
}

fn heading(out: &mut String, d: &ReportData<'_>) {
    let s = d.scenario;
    let _ = writeln!(out, "# {}\n", s.title());
    what_if_box(out, d);
    dated_note(out, d);
    let as_of = s
        .as_of()
        .map(|d| format!(" · as of {d}"))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "*Scenario `{}`{as_of} · {} parties, {} issues, {} drafts · report by accord {}{}*{}\n",
        s.id(),
        s.parties().len(),
        s.issues().len(),
        s.plans().len(),
        env!("CARGO_PKG_VERSION"),
        d.options
            .date
            .map(|x| format!(", dated {x}"))
            .unwrap_or_default(),
        cite(s, s.scenario_sources())
    );
    if let Some(summary) = s.summary() {
        let _ = writeln!(out, "{}\n", humanize(d, summary.trim()));
    }
    what_if_results(out, d);
    if s.note().is_some() {
        let _ = writeln!(
            out,
            "*The scenario's scope, its sources and its modelling choices: [About this \
             scenario](#about-this-scenario), before the sources.*\n"
        );
    }
    let _ = writeln!(
        out,
        "**How to read a verdict.** Utilities are on a 0–1 scale: 1 is a party's best outcome on \
         every issue it cares about, weighted by how much it cares. A party would accept a draft \
         when the draft crosses none of its red lines and gives it at least its walk-away value \
         (what it expects without a deal). Uncertain weights, scores and walk-away values are our \
         estimates, written as ranges; verdicts use their midpoints, so \"would accept\" and \
         \"would reject\" are the model's reading of the parties' stated positions, not what they \
         said. A figure written \"in N% of the draws from our estimate ranges\" is the share of \
         {} draws from our ranges for weights, scores and walk-away values (each range drawn \
         uniformly, seed {}) in which something holds: it measures how far a verdict survives \
         our own uncertainty about the parties' preferences — it is not a probability that \
         anything happens, and not a forecast. Red lines are not drawn: every draw takes them as \
         fixed. Weights are written as shares of \
         a party's total (0.13, not 13%); any other percentage is quoted from a source.\n",
        d.robustness.samples, d.robustness.seed
    );
}

/// Under what-ifs the scenario's own summary (written for the file as it stands) may state
/// results the what-if overturns: say so right after it, with what the analysis finds now.
fn what_if_results(out: &mut String, d: &ReportData<'_>) {
    if d.options.what_ifs.is_empty() || d.scenario.summary().is_none() {
        return;
    }
    let found = match &d.analysis {
        Ok(a) => match a.agreements {
            Some(0) => {
                "still no outcome is acceptable to every party whose consent it needs".to_owned()
            }
            Some(n) => format!(
                "{n} outcomes are acceptable to every party whose consent they need, at the \
                 midpoint estimates"
            ),
            None if a.solutions.iter().any(|(_, p)| p.is_some()) => {
                "some outcomes are acceptable to every party whose consent they need, at the \
                 midpoint estimates"
                    .to_owned()
            }
            None => "no outcome is acceptable to every party whose consent it needs".to_owned(),
        },
        Err(why) => format!("the outcomes were not analyzed ({why})"),
    };
    let best = d
        .robustness
        .plans
        .iter()
        .map(|p| p.agreement.estimate)
        .fold(0.0, f64::max);
    let outcome = d
        .shown_outcome()
        .map(|o| {
            format!(
                ", and the outcome accepted in the most draws (under *What would make each draft \
                 acceptable*) in {}",
                pct(o.agreement.estimate)
            )
        })
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "> **The summary above describes the scenario as written, not this what-if.** With the \
         what-if, {found}; the best draft is an agreement in {} of draws{outcome}. Where the \
         summary states a result, this report's figures replace it.\n",
        pct(best)
    );
}

/// The box at the top when the report was run with what-ifs: a reader must know the analysis
/// is not of the scenario as written.
fn what_if_box(out: &mut String, d: &ReportData<'_>) {
    if d.options.what_ifs.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "> **What-if: not the scenario as written.** This report was run with {} change{} to \
         the scenario file, and every figure below reflects {}:\n>",
        d.options.what_ifs.len(),
        if d.options.what_ifs.len() == 1 {
            ""
        } else {
            "s"
        },
        if d.options.what_ifs.len() == 1 {
            "it"
        } else {
            "them"
        },
    );
    for w in &d.options.what_ifs {
        let _ = writeln!(out, "> - {}", w.replace('\n', " "));
    }
    let _ = writeln!(
        out,
        ">\n> A what-if departs from the record: nothing in the scenario's sources says this \
         change happened. Its results show what would follow from it, not a forecast or a \
         recommendation.\n"
    );
}

/// The dated note: the scenario's `as_of` is more than [`crate::STALE_AFTER_DAYS`] days before
/// the report's date.
fn dated_note(out: &mut String, d: &ReportData<'_>) {
    let (Some(as_of), Some(date)) = (d.scenario.as_of(), d.options.date) else {
        return;
    };
    let days = date.day_number() - as_of.day_number();
    if days > crate::STALE_AFTER_DAYS {
        let _ = writeln!(
            out,
            "> **Dated.** The scenario records events up to {as_of}, {days} days before this \
             report ({date}). Anything that happened since — new drafts, statements, changes of \
             position — is not in it.\n"
        );
    }
}

fn at_a_glance(out: &mut String, d: &ReportData<'_>, chart: &dyn Fn(Chart) -> Option<String>) {
    let s = d.scenario;
    let _ = writeln!(out, "## At a glance\n");
    if d.plans.is_empty() {
        let _ = writeln!(out, "The scenario has no drafts to evaluate.\n");
        return;
    }
    let _ = writeln!(
        out,
        "Each cell: the draft's utility for the party (a range when the draft leaves issues \
         open) and the model's verdict — the model's reading, not what the party said. ✓ would \
         accept, ✗ would reject, ≈ the model cannot tell (the party accepts in {:.0}%–{:.0}% of \
         the draws from our estimate ranges: our estimates do not settle the verdict either \
         way), ? depends on issues the draft leaves open, — not asked (the draft changes nothing the party has a say on); *inferred* marks a \
         verdict on utility that rests on preferences we inferred, not on reported positions. \
         A rejection on a red line says where the red line comes from: *reported* (a stated \
         position on record; the party's section below cites it), *inferred* (our reading of \
         the record, not a stated position), or \"stated in the file\" (the scenario holds it, \
         but does not mark whether a party stated it). A verdict with no bracket holds across \
         our ranges for weights, scores and walk-away values (in at least {:.0}% of the draws \
         from them); red lines are taken as fixed in every draw, so a verdict that rests on a \
         red line is only as firm as the red line itself. A bracket says when a verdict depends \
         on our estimates. \"On record\" gives what the party was reported to say about the \
         draft, and ⚠ marks a verdict that goes beyond it or against it; *model only* marks a \
         verdict that depends on our estimates, turns mostly on our guess of the party's \
         walk-away, and meets no reaction of the party to the draft on record.\n",
        TOO_CLOSE.0 * 100.0,
        TOO_CLOSE.1 * 100.0,
        FIRM * 100.0
    );
    let mut header = vec!["Draft".to_owned(), "Drafted by".to_owned()];
    header.extend(
        s.parties()
            .iter()
            .filter(|p| !p.is_observer())
            .map(|p| cell(p.name())),
    );
    header.push("Agreement".into());
    let _ = writeln!(out, "| {} |", header.join(" | "));
    let _ = writeln!(out, "|{}", " --- |".repeat(header.len()));
    for (k, &plan) in d.plans.iter().enumerate() {
        let p = s.plan(plan);
        let e = &d.evaluations[k];
        let r = &d.robustness.plans[k];
        let mut row = vec![
            format!(
                "**{}**{}",
                cell(p.title()),
                p.date().map(|d| format!(" ({d})")).unwrap_or_default()
            ),
            cell(&role_names(s, p, p.drafted_by())),
        ];
        for (pe, pr) in e.parties.iter().zip(&r.parties) {
            if s.party(pe.party).is_observer() {
                continue;
            }
            if not_asked(d, pe) {
                row.push("— not asked".into());
                continue;
            }
            let unsettled = too_close(pe.verdict, pr);
            let mark = if unsettled {
                "≈ cannot tell"
            } else {
                match pe.verdict {
                    Verdict::Accept => "✓",
                    Verdict::Reject => "✗",
                    Verdict::Undetermined => "?",
                }
            };
            // As the findings rank causes: a red line crossed only by the status quo of an issue
            // the draft says nothing on does not decide when the draft is also below the
            // walk-away; the cell then says "below the walk-away" and the red line comes after.
            let (written, _) = by_draft(s, plan, &pe.red_lines_crossed);
            let silent_only = written.is_empty() && !pe.red_lines_crossed.is_empty();
            let below = pe.utility_range.1 < pe.walk_away;
            let (red, also) = if silent_only && below {
                (
                    String::new(),
                    format!(
                        " (also:{} on an issue the draft is silent on)",
                        red_line_tag(d, pe.party, &pe.red_lines_crossed)
                    ),
                )
            } else {
                (
                    red_line_tag(d, pe.party, &pe.red_lines_crossed),
                    String::new(),
                )
            };
            let inferred = if red.is_empty()
                && pe.verdict != Verdict::Undetermined
                && d.inferred[pe.party.index()].utility_words().is_some()
            {
                " *inferred*"
            } else {
                ""
            };
            let said = on_record(d, pe.party, plan, pe.verdict);
            let inferred = if !inferred.is_empty() && said.is_empty() {
                // A verdict that does not hold across our draws and turns on our guess of the
                // party's walk-away, with nothing the party said about the draft: the model's
                // alone.
                // (A drafter's verdict on its own draft is not the model's alone.)
                if (unsettled || depends(pe.verdict, pr).is_some())
                    && turns_on_inferred_walk_away(d, pe.party, pr)
                    && !p.drafted_by().contains(&pe.party)
                {
                    format!(
                        " *model only: turns on our guess of its walk-away ({:.2}); no reaction \
                         on record*",
                        pe.walk_away
                    )
                } else {
                    " *inferred; no reaction on record*".to_owned()
                }
            } else {
                inferred.to_owned()
            };
            let bracket = depends(pe.verdict, pr)
                .map(|x| format!(" ({x})"))
                .unwrap_or_default();
            row.push(format!(
                "{} {mark}{red}{inferred}{also}{bracket}{said}",
                utility_text(pe.utility_range),
            ));
        }
        row.push(agreement_cell(e.agreement, r.agreement.estimate));
        let _ = writeln!(out, "| {} |", row.join(" | "));
    }
    let _ = writeln!(out);
    if let Some(svg) = chart(Chart::Utilities) {
        let _ = writeln!(out, "{svg}\n");
    }
    let _ = writeln!(out, "**Findings**\n");
    for (k, &plan) in d.plans.iter().enumerate() {
        let _ = writeln!(out, "- {}", finding(d, k, plan));
    }
    let _ = writeln!(out);
}

/// "In brief": per draft one line in plain words — who would reject it and the decisive cause
/// (a red line, and where it comes from; a utility below the walk-away, and whether that rests
/// on inferred estimates; its ratifiers), or that it is undetermined — then what closed issues
/// mean.
fn in_brief(out: &mut String, d: &ReportData<'_>) {
    let s = d.scenario;
    if d.plans.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "## In brief
"
    );
    let _ = writeln!(
        out,
        "What the model reads from each draft, on our estimates of the parties' preferences (the \
         tables below give the detail). A party's walk-away is what it expects if there is no \
         deal: it rejects a draft that gives it less, or that crosses one of its red lines.\n"
    );
    for (k, &plan) in d.plans.iter().enumerate() {
        let e = &d.evaluations[k];
        let mut rejected = Vec::new();
        let mut open = Vec::new();
        let mut unsure = Vec::new();
        for (q, pe) in e.parties.iter().enumerate() {
            let party = s.party(pe.party);
            if !party.signatory() || pe.asked == Some(false) {
                continue;
            }
            let pr = &d.robustness.plans[k].parties[q];
            if too_close(pe.verdict, pr) {
                // With nothing on record and the verdict turning on our guess of its walk-away,
                // a share of draws would only restate the guess: say so instead.
                let said = d.latest_reaction(pe.party, plan).is_some();
                let why = if !said && turns_on_inferred_walk_away(d, pe.party, pr) {
                    "no reaction of it to this draft is on record, and the model's verdict \
                     turns on our guess of its walk-away"
                        .to_owned()
                } else {
                    format!(
                        "it accepts in {} of the draws from our estimate ranges{}",
                        pct(pr.accept.estimate),
                        unsettled_basis(d, plan, pe.party, pr)
                    )
                };
                unsure.push((party.name(), why));
                continue;
            }
            match pe.verdict {
                Verdict::Accept => {}
                Verdict::Undetermined => open.push(party.name().to_owned()),
                Verdict::Reject => rejected.push((party.name(), brief_cause(d, plan, pe))),
            }
        }
        // A headline, then one line per party that would reject it (the cause without nested
        // brackets), the undetermined ones and the ones the model cannot tell for.
        let title = s.plan(plan).title();
        let names = |list: &[(&str, String)]| -> Vec<String> {
            list.iter().map(|(n, _)| (*n).to_owned()).collect()
        };
        let headline = if !rejected.is_empty() {
            format!("would be rejected by {}", and_list(&names(&rejected)))
        } else if !open.is_empty() {
            format!(
                "undetermined: the verdicts of {} depend on issues the draft leaves open",
                and_list(&open)
            )
        } else if unsure.is_empty() {
            "every party whose consent it needs would accept it".to_owned()
        } else {
            "every other party whose consent it needs would accept it".to_owned()
        };
        let _ = writeln!(out, "- **{title}**: {headline}.");
        for (name, cause) in &rejected {
            let _ = writeln!(out, "  - {name}: {cause}.");
        }
        if !rejected.is_empty() && !open.is_empty() {
            let _ = writeln!(
                out,
                "  - Undetermined: {} (it depends on issues the draft leaves open).",
                and_list(&open)
            );
        }
        for (name, why) in &unsure {
            let _ = writeln!(
                out,
                "  - The model cannot tell for {name}, as our estimates do not settle the \
                 verdict: {why}."
            );
        }
        if let Some(record) = brief_record(d, plan) {
            let _ = writeln!(out, "  - On record: {record}.");
        }
    }
    let closed: Vec<&str> = d
        .analysis
        .as_ref()
        .ok()
        .and_then(|a| a.blockers.as_ref())
        .map(|b| {
            b.explain()
                .closed_issues
                .iter()
                .map(|c| s.issue(c.issue).title())
                .collect()
        })
        .unwrap_or_default();
    if !closed.is_empty() {
        let sentence = deadlock_sentence(&closed, !d.relaxations.is_empty());
        let _ = writeln!(out, "\n{}{}.", sentence[..1].to_uppercase(), &sentence[1..]);
    }
    let _ = writeln!(out);
}

/// The parties' reported reactions to `plan`, for "In brief" beside the model's reading, each
/// party's in date order with their sources: "Russia: basis for talks (2025-12-24) [s..], mixed
/// (2026-02-05) [s..] — ⚠ the model reads reject, firmer than what was said; Ukraine: …". A ⚠,
/// judged on the party's latest reaction, marks a verdict against it or, where the party called
/// the draft a basis or reacted mixed, an accept or reject beyond it. `None` when no reaction to
/// the draft is on record.
fn brief_record(d: &ReportData<'_>, plan: PlanIx) -> Option<String> {
    let s = d.scenario;
    let said: Vec<String> = s
        .party_ixs()
        .filter_map(|party| {
            let reactions = d.reactions_of(party, plan);
            let c = &reactions.last()?.check;
            let reads = short_verdict(c.verdict);
            let flag = match mismatch(c, c.verdict) {
                Some(Mismatch::Against) => format!(" — ⚠ the model reads {reads}"),
                Some(Mismatch::Beyond) => {
                    format!(" — ⚠ the model reads {reads}, firmer than what was said")
                }
                None => String::new(),
            };
            let each: Vec<String> = reactions
                .iter()
                .map(|r| {
                    let e = &s.events()[r.check.event];
                    format!(
                        "{} ({}){}",
                        reaction_words(r.check.reaction),
                        e.date(),
                        cite(s, e.sources())
                    )
                })
                .collect();
            Some(format!(
                "{}: {}{flag}",
                s.party(party).name(),
                each.join(", ")
            ))
        })
        .collect();
    (!said.is_empty()).then(|| said.join("; "))
}

/// The decisive cause of a rejection, in a few words for "In brief".
fn brief_cause(d: &ReportData<'_>, plan: PlanIx, pe: &accord_model::PartyEvaluation) -> String {
    let s = d.scenario;
    let (mut written, _) = by_draft(s, plan, &pe.red_lines_crossed);
    // The best attested red line decides (the first of equals), and its issue comes first.
    if let Some(best) = best_attested_first(s, pe.party, &mut written) {
        let mut issues: Vec<String> = Vec::new();
        for &(i, _) in &written {
            let t = s.issue(i).title().to_owned();
            if !issues.contains(&t) {
                issues.push(t);
            }
        }
        let on = at_most(&issues, 2, ", ", "issues");
        let (i, o) = written[0];
        let read = red_line_basis(s, pe.party, i, o)
            .map(|b| format!(", read {}", short_basis(&b)))
            .unwrap_or_default();
        return match best {
            RedLineOrigin::Reported(src) => {
                format!(
                    "a reported red line{} on {on}{read}",
                    cite(s, &src[..src.len().min(3)])
                )
            }
            RedLineOrigin::Inferred(src) => format!(
                "an *inferred* red line{} on {on}{read}",
                cite(s, &src[..src.len().min(3)])
            ),
            RedLineOrigin::InFile => {
                format!("a red line on {on}, stated in the file; the record of it is not marked")
            }
        };
    }
    let ratifiers = d.rule.ratifiers(pe.party);
    if pe.own_verdict == Verdict::Accept && !ratifiers.is_empty() {
        return "it would accept; its ratifiers would not".to_owned();
    }
    if pe.utility_range.1 < pe.walk_away {
        let inferred = if d.inferred[pe.party.index()].utility_words().is_some() {
            ", on our *inferred* estimates"
        } else {
            ""
        };
        return format!("the draft gives it less than its walk-away{inferred}");
    }
    "a red line on an issue the draft does not address, whose status quo stays".to_owned()
}

/// A verdict "holds across our estimate ranges" when at least this share of the draws gives
/// it; below, the report says it depends on our estimates.
pub const FIRM: f64 = 0.95;

/// `None` when the verdict at the midpoints holds in at least [`FIRM`] of the draws; else
/// how it depends on our estimates, with the shares of draws: "depends on our estimates:
/// accepts in 89% of draws, open in 11%".
fn depends(v: Verdict, p: &accord_uncertainty::PartyRobustness) -> Option<String> {
    let accept = p.accept.estimate;
    let open = p.undetermined;
    let reject = (1.0 - accept - open).max(0.0);
    let same = match v {
        Verdict::Accept => accept,
        Verdict::Reject => reject,
        Verdict::Undetermined => open,
    };
    if same >= FIRM {
        return None;
    }
    let mut parts = Vec::new();
    for (share, word) in [
        (accept, "accepts"),
        (reject, "rejects"),
        (open, "undetermined"),
    ] {
        if share > 0.0 {
            parts.push(format!("{word} in {}", pct(share)));
        }
    }
    Some(format!(
        "depends on our estimates: {} of the draws from our estimate ranges",
        parts.join(", ")
    ))
}

/// The agreement column: "no" / "yes" / "undetermined", with the share of draws in agreement
/// only when it does not match the verdict in at least [`FIRM`] of them.
fn agreement_cell(agreement: Option<bool>, share: f64) -> String {
    match agreement {
        Some(true) if share >= FIRM => "yes".into(),
        Some(false) if share <= 1.0 - FIRM => "no".into(),
        Some(true) => format!(
            "yes (depends on our estimates: in {} of the draws from our estimate ranges)",
            pct(share)
        ),
        Some(false) => format!(
            "no (depends on our estimates: yes in {} of the draws from our estimate ranges)",
            pct(share)
        ),
        None => "undetermined".into(),
    }
}

/// A reaction in words for a reader: "basis for talks" rather than "basis".
fn reaction_words(r: accord_model::Reaction) -> &'static str {
    match r {
        accord_model::Reaction::Basis => "basis for talks",
        other => other.as_str(),
    }
}

/// How a verdict departs from a reported reaction: against a clear reaction, or beyond one that
/// only called the draft a basis for talks or was mixed (an accept or reject where the party
/// committed to neither).
enum Mismatch {
    Against,
    Beyond,
}

/// `None` when `verdict` is undetermined or matches the reaction `c`.
fn mismatch(c: &accord_model::ReactionCheck, verdict: Verdict) -> Option<Mismatch> {
    match (c.reaction.agrees_with(Verdict::Accept), verdict) {
        (_, Verdict::Undetermined) => None,
        (Some(_), _) if c.agrees == Some(false) => Some(Mismatch::Against),
        (None, _) => Some(Mismatch::Beyond),
        _ => None,
    }
}

/// What the party was reported to say about the draft (its latest reaction), for a verdict
/// cell: "; on record: reject", flagged ⚠ when the model's verdict goes against it (a clear
/// reaction the verdict contradicts) or beyond it (an accept or reject where the party only
/// called the draft a basis for talks or reacted mixed). Empty when nothing is on record.
fn on_record(d: &ReportData<'_>, party: PartyIx, plan: PlanIx, verdict: Verdict) -> String {
    let Some(r) = d.latest_reaction(party, plan) else {
        return String::new();
    };
    let c = &r.check;
    let date = d.scenario.events()[c.event].date();
    let flag = match mismatch(c, verdict) {
        Some(Mismatch::Against) => "⚠ against it — ",
        Some(Mismatch::Beyond) => "⚠ beyond it — ",
        None => "",
    };
    format!("; {flag}on record: {} ({date})", reaction_words(c.reaction))
}

/// Whether a signatory with scoped consent is not asked about a draft (it counts as accepting).
fn not_asked(d: &ReportData<'_>, pe: &accord_model::PartyEvaluation) -> bool {
    d.rule.scope(pe.party).is_some() && pe.asked == Some(false)
}

/// At most `n` items joined by `sep`, then "and k more" (long lists of red lines or open
/// issues would bury the finding; the draft's own table lists them all).
fn at_most(items: &[String], n: usize, sep: &str, more: &str) -> String {
    if items.len() <= n {
        items.join(sep)
    } else {
        let left = items.len() - n;
        let more = if left == 1 {
            more.replacen("lines", "line", 1)
                .replacen("issues", "issue", 1)
        } else {
            more.to_owned()
        };
        format!("{}{sep}and {left} more {more}", items[..n].join(sep))
    }
}

/// ", inferred: it rests on X's weights and walk-away, not on reported positions" for a
/// finding on a party's utility whose estimates its note marks inferred; empty otherwise.
fn inferred_note(d: &ReportData<'_>, party: PartyIx) -> String {
    d.inferred[party.index()]
        .utility_words()
        .map(|w| format!("; *inferred*: on our estimates of its {w}"))
        .unwrap_or_default()
}

/// The issues of `party`'s consent scope that the draft moves (sets away from the status quo,
/// or leaves open when it could), in words: why its consent is asked. Empty for a party
/// without scoped consent.
fn scope_moved(d: &ReportData<'_>, plan: PlanIx, party: PartyIx) -> Vec<String> {
    let s = d.scenario;
    let Some(scope) = d.rule.scope(party) else {
        return Vec::new();
    };
    let terms = accord_model::plan_terms(s, plan);
    scope
        .iter()
        .filter(|&&(i, sq)| match terms[i.index()] {
            Some(o) => sq != Some(o),
            None => true,
        })
        .map(|&(i, _)| {
            let how = if terms[i.index()].is_none() {
                " (left open)"
            } else {
                ""
            };
            format!("{}{how}", s.issue(i).title())
        })
        .collect()
}

/// A red line crossed, in words. A draft that says nothing on the issue leaves its status quo
/// in place: the sentence says so, rather than stating the status quo as a clause of the draft.
fn red_line_words(
    d: &ReportData<'_>,
    party: PartyIx,
    plan: PlanIx,
    (i, o): (accord_model::IssueIx, accord_model::OptionIx),
) -> String {
    let s = d.scenario;
    let issue = s.issue(i);
    let origin = origin_words(d, party, (i, o));
    if s.plan(plan).term(i).is_none() {
        format!(
            "{}, on which the draft says nothing: the status quo it leaves in place ({}) crosses \
             a red line {origin}",
            issue.title(),
            short_label(&issue.option_label(o))
        )
    } else {
        format!(
            "red line {origin} on {}: {}",
            issue.title(),
            short_label(&issue.option_label(o))
        )
    }
}

/// An option's label without its closing parenthesis (the draft or source it comes from),
/// for prose that names it again: "Ukraine withdraws; … held by Russia" rather than the
/// label with "(memorandum)".
fn short_label(label: &str) -> String {
    match label.rfind(" (") {
        Some(k) if label.ends_with(')') && k > 0 => label[..k].to_owned(),
        _ => label.to_owned(),
    }
}

/// Where a red line comes from, in words for prose: "(reported [s1])", "(inferred)",
/// "(stated in the file; its source is not marked)".
fn origin_words(d: &ReportData<'_>, party: PartyIx, (i, o): (IssueIx, OptionIx)) -> String {
    let basis = red_line_basis(d.scenario, party, i, o);
    match red_line_origin(d.scenario, party, i, o) {
        RedLineOrigin::Reported(src) if basis.is_some() => format!(
            "(reported{}; read {})",
            cite(d.scenario, &src[..src.len().min(3)]),
            basis.unwrap_or_default()
        ),
        RedLineOrigin::Inferred(src) => format!(
            "(*inferred*{}{}: our reading, not a stated position)",
            basis.map(|b| format!(" {b}")).unwrap_or_default(),
            cite(d.scenario, &src[..src.len().min(3)])
        ),
        RedLineOrigin::Reported(src) => {
            format!("(reported{})", cite(d.scenario, &src[..src.len().min(3)]))
        }
        RedLineOrigin::InFile => "(stated in the file; the record of it is not marked)".to_owned(),
    }
}

/// The red-line mark of a verdict cell: " reported red line", " *inferred* red line", " red
/// line (stated in the file)"; of several red lines crossed, the best attested decides (the
/// verdict rests on it alone). Empty when none is crossed.
fn red_line_tag(d: &ReportData<'_>, party: PartyIx, crossed: &[(IssueIx, OptionIx)]) -> String {
    let mut lines = crossed.to_vec();
    let Some(best) = best_attested_first(d.scenario, party, &mut lines) else {
        return String::new();
    };
    let (i, o) = lines[0];
    let read = red_line_basis(d.scenario, party, i, o)
        .map(|b| format!(", read {}", short_basis(&b)))
        .unwrap_or_default();
    match best {
        RedLineOrigin::Reported(_) => format!(" reported red line{read}"),
        RedLineOrigin::Inferred(_) => format!(" *inferred* red line{read}"),
        RedLineOrigin::InFile => " red line (stated in the file)".to_owned(),
    }
}

/// Red lines as (issue, option) pairs.
type RedLines = Vec<(IssueIx, OptionIx)>;

/// The red lines crossed, split: those the draft's own terms cross, and those only the status
/// quo of an issue the draft says nothing on crosses (each in the order given).
fn by_draft(s: &Scenario, plan: PlanIx, crossed: &[(IssueIx, OptionIx)]) -> (RedLines, RedLines) {
    crossed
        .iter()
        .partition(|&&(i, _)| s.plan(plan).term(i).is_some())
}

/// Orders red lines best attested first (reported, stated in the file, inferred; equals keep
/// their order) and returns the first one's origin: the one a verdict rests on.
fn best_attested_first(
    s: &Scenario,
    party: PartyIx,
    lines: &mut [(IssueIx, OptionIx)],
) -> Option<RedLineOrigin> {
    let mut ranked: Vec<(RedLineOrigin, (IssueIx, OptionIx))> = lines
        .iter()
        .map(|&(i, o)| (red_line_origin(s, party, i, o), (i, o)))
        .collect();
    ranked.sort_by_key(|(origin, _)| std::cmp::Reverse(origin.rank()));
    for (slot, (_, line)) in lines.iter_mut().zip(&ranked) {
        *slot = *line;
    }
    ranked.into_iter().next().map(|(origin, _)| origin)
}

/// Why a party rejects a draft, decisive cause first. A red line the draft's own terms cross
/// decides by itself; so does a utility below the walk-away (its largest loss named). A red
/// line crossed only by the status quo of an issue the draft says nothing on comes after
/// them as "also", and when it is the only cause the sentence says the party would otherwise
/// accept: the model rejects on it, but it is not the draft's main objection.
fn rejection_cause(d: &ReportData<'_>, plan: PlanIx, pe: &accord_model::PartyEvaluation) -> String {
    let s = d.scenario;
    let (mut written, silent) = by_draft(s, plan, &pe.red_lines_crossed);
    // The best-attested red line first: the verdict rests on it alone.
    best_attested_first(s, pe.party, &mut written);
    let below = pe.utility_range.1 < pe.walk_away;
    let mut parts = Vec::new();
    if !written.is_empty() {
        let lines: Vec<String> = written
            .iter()
            .map(|&x| red_line_words(d, pe.party, plan, x))
            .collect();
        parts.push(at_most(
            &lines,
            1,
            "; ",
            "red lines (see the draft's table)",
        ));
    }
    // A red line the draft writes decides alone; the walk-away is named only when no such
    // red line is crossed (else the finding would state two causes where one suffices).
    if below && written.is_empty() {
        let loss = largest_loss(d, plan, pe.party)
            .map(|t| format!("; its largest loss is on {t}"))
            .unwrap_or_default();
        let however = if open_weighed(d, plan, pe.party).is_empty() {
            ""
        } else {
            ", however the open issues are settled"
        };
        let mid = if s.party(pe.party).walk_away().is_exact() {
            ""
        } else {
            ", our estimate"
        };
        let compared = if prose(pe.utility_range.1) == prose(pe.walk_away)
            && prose(pe.utility_range.0) == prose(pe.walk_away)
        {
            format!(
                "just below its walk-away (both about {}{mid})",
                prose(pe.walk_away)
            )
        } else {
            format!(
                "below its walk-away: utility {} against {}{}",
                prose_range(pe.utility_range),
                prose(pe.walk_away),
                if mid.is_empty() {
                    ""
                } else {
                    " (our estimate)"
                }
            )
        };
        parts.push(format!(
            "{compared}{however}{loss}{}",
            inferred_note(d, pe.party)
        ));
    }
    if !silent.is_empty() {
        let lines: Vec<String> = silent
            .iter()
            .map(|&x| red_line_words(d, pe.party, plan, x))
            .collect();
        let lines = at_most(&lines, 2, "; ", "red lines (see the draft's table)");
        if parts.is_empty() {
            parts.push(format!(
                "only because of an issue the draft is silent on — {lines}; otherwise its \
                 utility ({}) would clear its walk-away ({})",
                prose_range(pe.utility_range),
                prose(pe.walk_away)
            ));
        } else {
            parts.push(format!("also: {lines}"));
        }
    }
    parts.join("; ")
}

/// The open issues of a draft that `party` weighs, heaviest first (at most two, by title).
fn open_weighed(d: &ReportData<'_>, plan: PlanIx, party: PartyIx) -> Vec<String> {
    let s = d.scenario;
    let k = d.position(plan);
    let mut w: Vec<(f64, accord_model::IssueIx)> = s
        .party(party)
        .weight_shares()
        .iter()
        .filter(|w| w.share > 0.0 && d.evaluations[k].open_issues.contains(&w.issue))
        .map(|w| (w.share, w.issue))
        .collect();
    w.sort_by(|a, b| b.0.total_cmp(&a.0));
    w.iter()
        .take(2)
        .map(|&(_, i)| s.issue(i).title().to_owned())
        .collect()
}

/// The issue the draft settles (its own term or the status quo it leaves) on which `party`
/// loses the most weighted utility against its best option, at the midpoint estimates.
fn largest_loss(d: &ReportData<'_>, plan: PlanIx, party: PartyIx) -> Option<String> {
    let s = d.scenario;
    let prefs = accord_model::PointPreferences::midpoint(s, party);
    let terms = accord_model::plan_terms(s, plan);
    let mut best: Option<(f64, accord_model::IssueIx)> = None;
    for (k, w) in prefs.weighted().iter().enumerate() {
        let Some(o) = terms[w.issue.index()] else {
            continue;
        };
        let top = s
            .issue(w.issue)
            .options()
            .map(|x| prefs.contribution(k, x))
            .fold(f64::MIN, f64::max);
        let loss = top - prefs.contribution(k, o);
        if loss.is_finite() && loss > best.map_or(1e-9, |b| b.0) {
            best = Some((loss, w.issue));
        }
    }
    best.map(|(_, i)| {
        let issue = s.issue(i);
        let silent = if s.plan(plan).term(i).is_none() {
            " (left at its status quo)"
        } else {
            ""
        };
        format!("{}{silent}", issue.title())
    })
}

/// The open issues that decide an undetermined verdict for `party`: those on which it has a
/// red line, else those it weighs.
fn deciding_open_issues(d: &ReportData<'_>, k: usize, party: PartyIx) -> Vec<String> {
    let s = d.scenario;
    let e = &d.evaluations[k];
    let p = s.party(party);
    let red: Vec<String> = e
        .open_issues
        .iter()
        .filter(|&&i| p.red_lines().iter().any(|(r, _)| *r == i))
        .map(|&i| s.issue(i).title().to_owned())
        .collect();
    if !red.is_empty() {
        return red;
    }
    e.open_issues
        .iter()
        .filter(|&&i| {
            p.weight_shares()
                .iter()
                .any(|w| w.issue == i && w.share > 0.0)
        })
        .map(|&i| s.issue(i).title().to_owned())
        .collect()
}

/// One paragraph per draft: whether it is an agreement, who would reject it and why (a
/// party with scoped consent: why it is asked first), whose verdict our draws do not settle (the model cannot tell) or
/// depends on open issues, and the smallest change that helps — never one that crosses a
/// stated red line. Verdicts are written "Rejected by: X (…)", so no verb has to agree with a
/// party's name ("European states" is plural).
fn finding(d: &ReportData<'_>, k: usize, plan: PlanIx) -> String {
    let s = d.scenario;
    let e = &d.evaluations[k];
    let robust = &d.robustness.plans[k];
    let mut rejected: Vec<String> = Vec::new();
    let mut close: Vec<String> = Vec::new();
    let mut open: Vec<String> = Vec::new();
    for (q, pe) in e.parties.iter().enumerate() {
        let party = s.party(pe.party);
        let pr = &robust.parties[q];
        if !party.signatory()
            || (pe.verdict == Verdict::Accept && !too_close(pe.verdict, pr))
            || pe.asked == Some(false)
        {
            continue;
        }
        let asked = scope_moved(d, plan, pe.party);
        let asked = if asked.is_empty() {
            String::new()
        } else {
            format!(
                "asked because the draft changes {}; ",
                at_most(&asked, 2, ", ", "issues it has a say on")
            )
        };
        if pe.verdict == Verdict::Undetermined {
            let on = deciding_open_issues(d, k, pe.party);
            let on = if on.is_empty() {
                String::new()
            } else {
                format!(": {}", at_most(&on, 3, "; ", "(see the draft's table)"))
            };
            open.push(format!(
                "{} ({asked}depends on how the draft's open issues are settled{on})",
                party.name()
            ));
            continue;
        }
        if too_close(pe.verdict, pr) {
            close.push(format!(
                "{} ({asked}utility {} against its walk-away {}; accepts in {} of the draws from \
                 our estimate ranges{}{})",
                party.name(),
                utility_text(pe.utility_range),
                prose(pe.walk_away),
                pct(pr.accept.estimate),
                inferred_note(d, pe.party),
                unsettled_basis(d, plan, pe.party, pr)
            ));
            continue;
        }
        let ratifiers = d.rule.ratifiers(pe.party);
        let why = if pe.own_verdict == Verdict::Accept && !ratifiers.is_empty() {
            let against: Vec<PartyIx> = ratifiers
                .iter()
                .copied()
                .filter(|&r| {
                    e.parties
                        .iter()
                        .any(|x| x.party == r && x.own_verdict != Verdict::Accept)
                })
                .collect();
            format!(
                "it would accept on its own; its ratifiers would not: {}",
                names(s, &against)
            )
        } else {
            rejection_cause(d, plan, pe)
        };
        rejected.push(format!("{} ({asked}{why})", party.name()));
    }
    let title = s.plan(plan).title();
    let verdict = match e.agreement {
        Some(true) => "an agreement",
        Some(false) => "no agreement",
        None => "undetermined",
    };
    let p = robust.agreement.estimate;
    let firm = match e.agreement {
        Some(true) => p >= FIRM,
        Some(false) => p <= 1.0 - FIRM,
        None => true,
    };
    let mut sentence = if firm {
        format!("**{title}**: {verdict}.")
    } else {
        format!(
            "**{title}**: {verdict} (depends on our estimates: an agreement in {} of the draws \
             from our estimate ranges).",
            pct(p)
        )
    };
    if rejected.is_empty() && close.is_empty() && open.is_empty() {
        sentence +=
            " Every signatory whose consent it needs would accept it at the midpoint estimates.";
    }
    if !rejected.is_empty() {
        let _ = write!(sentence, " Rejected by: {}.", rejected.join("; "));
    }
    if !close.is_empty() {
        let _ = write!(
            sentence,
            " The model cannot tell (our estimates do not settle the verdict): {}.",
            close.join("; ")
        );
    }
    if !open.is_empty() {
        let _ = write!(sentence, " Undetermined: {}.", open.join("; "));
    }
    if let Some((changes, to)) = d.first_better_amendment(plan) {
        let _ = write!(
            sentence,
            " Changing {} raises the share of draws in agreement to {}.",
            changes_text(s, changes),
            pct(to)
        );
    }
    sentence
}

fn changes_text(s: &Scenario, changes: &[Change]) -> String {
    changes
        .iter()
        .map(|c| {
            let issue = s.issue(c.issue);
            let from = c.from.map_or("open".to_owned(), |o| issue.option_label(o));
            format!(
                "{} from {from} to {}",
                issue.title(),
                issue.option_label(c.to)
            )
        })
        .collect::<Vec<_>>()
        .join(" and ")
}

/// A note as a reader should see it: identifiers in backticks replaced by the names they
/// stand for (a party's name, a draft's title, an issue's title, an option's label), keys of
/// the file format dropped with the parenthesis around them, a command line replaced by the
/// report's own what-if, and references to the file's layout ("the note above …") pointed at
/// the report's sections instead.
fn humanize(d: &ReportData<'_>, note: &str) -> String {
    let s = d.scenario;
    let name_of = |code: &str| -> Option<String> {
        let code = code.trim();
        if let Some(p) = s.find_party(code) {
            return Some(s.party(p).name().to_owned());
        }
        if let Some(p) = s.plan_ixs().find(|&p| s.plan(p).id().as_str() == code) {
            return Some(s.plan(p).title().to_owned());
        }
        if let Some(i) = s.find_issue(code) {
            return Some(s.issue(i).title().to_owned());
        }
        let option = |i: IssueIx, id: &str| {
            let issue = s.issue(i);
            issue
                .options()
                .find(|&o| issue.option_value(o).to_string() == id.trim())
                .map(|o| format!("'{}'", short_label(&issue.option_label(o))))
        };
        if let Some((issue, id)) = code.split_once('=')
            && let Some(i) = s.find_issue(issue.trim())
        {
            return option(i, id).map(|o| format!("{}: {o}", s.issue(i).title()));
        }
        s.issue_ixs().find_map(|i| option(i, code))
    };
    let mut out = String::new();
    let mut rest = note;
    while let Some(start) = rest.find('`') {
        let Some(len) = rest[start + 1..].find('`') else {
            break;
        };
        let code = &rest[start + 1..start + 1 + len];
        let mut before = &rest[..start];
        let after = &rest[start + 2 + len..];
        let replacement = if let Some(name) = name_of(code) {
            // "party `x`", "plan `x`": the name says it.
            for kind in ["party ", "parties ", "plan ", "draft ", "issue ", "option "] {
                if let Some(b) = before.strip_suffix(kind) {
                    before = b;
                    break;
                }
            }
            name
        } else if code.starts_with("accord ") || code.starts_with("--") {
            if d.relaxations.is_empty() {
                "a what-if".to_owned()
            } else {
                "a what-if (see *If one red line were relaxed*)".to_owned()
            }
        } else if code.chars().all(|c| c.is_ascii_lowercase() || c == '_') && code.contains('_') {
            // A key of the file format, such as `consent_on`: say nothing of it.
            if let (Some(b), Some(a)) = (before.strip_suffix(" ("), after.strip_prefix(')')) {
                out.push_str(b);
                rest = a;
                continue;
            }
            String::new()
        } else {
            code.to_owned()
        };
        out.push_str(before);
        out.push_str(&replacement);
        rest = after;
    }
    out.push_str(rest);
    // The file's layout is not the reader's: "see the note above the ratifiers".
    while let Some(at) = out.find("the note above") {
        let end = out[at..]
            .find([')', ';', '.'])
            .map_or(out.len(), |k| at + k);
        out.replace_range(at..end, "*Who must agree*");
    }
    out
}

/// Who the parties are and what they want, as the scenario models them, with its sources.
fn parties(out: &mut String, d: &ReportData<'_>) {
    let s = d.scenario;
    let _ = writeln!(out, "## The parties\n");
    for q in s.party_ixs() {
        let p = s.party(q);
        let role = match p.ratifies() {
            Some(t) => format!("ratifies the agreement for {}", s.party(t).name()),
            None if p.is_observer() => {
                "observer: takes part, its preferences are not modelled".to_owned()
            }
            None if p.signatory() => match d.rule.scope(q) {
                Some(scope) => {
                    let on: Vec<&str> = scope.iter().map(|&(i, _)| s.issue(i).title()).collect();
                    format!(
                        "signatory with scoped consent: asked only on a draft that moves {}",
                        on.join(", ")
                    )
                }
                None => "signatory".to_owned(),
            },
            None => "not a signatory".to_owned(),
        };
        let _ = writeln!(out, "**{}** ({role}){}\n", p.name(), cite(s, p.sources()));
        let mut weights: Vec<(f64, String)> = p
            .weight_shares()
            .iter()
            .map(|w| {
                let exact = if w.exact { "" } else { ", uncertain" };
                let issue = s.issue(w.issue).title();
                (w.share, format!("{issue} {:.2}{exact}", w.share))
            })
            .collect();
        weights.sort_by(|a, b| b.0.total_cmp(&a.0));
        if !weights.is_empty() {
            let top: Vec<String> = weights.into_iter().take(5).map(|(_, t)| t).collect();
            // Weights the party's note marks inferred say so in the line itself, not only in
            // the note below (a reader quotes the line).
            let inferred = if d.inferred[q.index()].weights {
                ", our inference: no reported weights"
            } else {
                ""
            };
            let _ = writeln!(
                out,
                "- Cares most about (share of its total weight{inferred}): {}",
                top.join("; ")
            );
        }
        // An observer's preferences are not modelled: no walk-away to state.
        let w = p.walk_away();
        let _ = if p.is_observer() {
            Ok(())
        } else if w.is_exact() {
            writeln!(
                out,
                "- Walk-away value (what it expects if there is no deal): {:.2}",
                w.lo()
            )
        } else {
            writeln!(
                out,
                "- Walk-away value (what it expects if there is no deal): {:.2}–{:.2} (the \
                 tables use the midpoint, {:.2})",
                w.lo(),
                w.hi(),
                w.midpoint()
            )
        };
        if !p.red_lines().is_empty() {
            let red: Vec<String> = p
                .red_lines()
                .iter()
                .flat_map(|(i, options)| {
                    let issue = s.issue(*i);
                    options.iter().map(move |&o| {
                        format!(
                            "{}: {} {}",
                            issue.title(),
                            issue.option_label(o),
                            origin_words(d, q, (*i, o))
                        )
                    })
                })
                .collect();
            let _ = writeln!(
                out,
                "- Red lines (the model rejects any outcome with one of them, whatever else it \
                 gives): {}",
                red.join("; ")
            );
        }
        if let Some(note) = p.note() {
            let _ = writeln!(
                out,
                "- How this was estimated: {}",
                humanize(d, note.trim()).replace('\n', " ")
            );
        }
        let _ = writeln!(out);
    }
}

/// "Who must agree", only when the scenario's rule is not unanimity of its signatories
/// (scenario.md, "Whose consent an agreement needs"): the rule in words, the required
/// parties, what each party with scoped consent can block, the ratifiers and their quorums,
/// and per draft who was not asked and how ratification went.
fn who_must_agree(out: &mut String, d: &ReportData<'_>) {
    let s = d.scenario;
    let rule = &d.rule;
    if rule.is_unanimity() {
        return;
    }
    let _ = writeln!(out, "## Who must agree, and why\n");
    let mut words = rule.in_words(s);
    if let Some(first) = words.get(..1) {
        words = first.to_uppercase() + &words[1..];
    }
    let scoped = rule.signatories().iter().any(|&p| rule.scope(p).is_some());
    let n = rule.signatories().len();
    let scoped_words = if scoped && rule.quorum() >= n {
        " Such a party is asked only about a draft that changes one of its issues. Once asked, it \
         judges the whole draft like any signatory — its red lines on any issue and its walk-away \
         count — and a draft that changes none of them counts as accepted by it."
    } else if scoped {
        " Some signatories have a say only on certain issues (scoped consent): such a party is \
         asked only about a draft that changes one of those issues. Once asked, it judges the \
         whole draft like any signatory — its red lines on any issue and its walk-away count — \
         and a draft that changes none of them counts as accepted by it."
    } else {
        ""
    };
    let _ = writeln!(out, "{words}.{scoped_words}\n");
    let required: Vec<PartyIx> = rule.required().collect();
    if !required.is_empty() && rule.quorum() < n {
        let _ = writeln!(
            out,
            "- Required (each can block any agreement): {}",
            names(s, &required)
        );
        let optional: Vec<PartyIx> = rule
            .signatories()
            .iter()
            .copied()
            .filter(|&p| !rule.is_required(p))
            .collect();
        let _ = writeln!(
            out,
            "- Can be left out: any {} of {}",
            n - rule.quorum(),
            names(s, &optional)
        );
    } else if rule.quorum() < n {
        let _ = writeln!(
            out,
            "- Can be left out: any {} of the signatories",
            n - rule.quorum()
        );
    }
    for &p in rule.signatories() {
        let Some(scope) = rule.scope(p) else {
            continue;
        };
        let moves: Vec<String> = scope
            .iter()
            .filter_map(|&(i, sq)| {
                let issue = s.issue(i);
                sq.map(|o| {
                    format!(
                        "{} (away from: {})",
                        issue.title(),
                        short_label(&issue.option_label(o))
                    )
                })
            })
            .collect();
        let always: Vec<String> = scope
            .iter()
            .filter(|(_, sq)| sq.is_none())
            .map(|&(i, _)| s.issue(i).title().to_owned())
            .collect();
        let mut text = format!(
            "- {}: its consent is needed only for a draft that changes",
            s.party(p).name()
        );
        if !moves.is_empty() {
            let _ = write!(text, " {}", and_list(&moves));
        }
        if !always.is_empty() {
            let _ = write!(
                text,
                "{} {} — {} no default that a silent draft keeps, so every draft changes {} \
                 and in practice every draft needs this consent",
                if moves.is_empty() { "" } else { ", or" },
                and_list(&always),
                if always.len() == 1 {
                    "an issue with"
                } else {
                    "issues with"
                },
                if always.len() == 1 { "it" } else { "them" },
            );
        }
        let _ = writeln!(out, "{text}.");
    }
    for p in s.party_ixs() {
        let ratifiers = rule.ratifiers(p);
        if ratifiers.is_empty() {
            continue;
        }
        let need = rule.ratification_quorum(p);
        let list: Vec<String> = ratifiers
            .iter()
            .map(|&r| s.party(r).name().to_owned())
            .collect();
        let how = if ratifiers.len() == 1 {
            format!("by {}, which must accept", list[0])
        } else if need == ratifiers.len() {
            format!(
                "by {} — the scenario requires every one of them to accept",
                and_list(&list)
            )
        } else if need == 1 {
            format!(
                "by {} — the scenario requires at least one of them to accept",
                or_list(&list)
            )
        } else {
            format!(
                "by {} — the scenario requires {need} of the {} to accept",
                and_list(&list),
                ratifiers.len()
            )
        };
        let name = s.party(p).name();
        let _ = writeln!(
            out,
            "- The agreement is ratified for {name} {how}: {name} counts as accepting only when \
             its ratifiers do, so a verdict for {name} includes its ratifiers' own verdicts, and the \
             walk-away of a ratifier (what it expects if there is no deal) can decide it. This \
             is the rule the scenario states, a modelling choice, not a statement of the \
             party's law. What the scenario notes on each:",
        );
        for &r in ratifiers {
            // The note's opening, before the paragraphs on how its preferences were estimated
            // (those are under the parties, below).
            let opening = s.party(r).note().map(|n| {
                let cut = ["**Reported:**", "**Inferred:**"]
                    .iter()
                    .filter_map(|label| n.find(label))
                    .min()
                    .unwrap_or(n.len());
                n[..cut].trim()
            });
            let note = match opening {
                Some(text) if !text.is_empty() => humanize(d, text).replace('\n', " "),
                Some(_) => "its note gives only how its preferences were estimated (under the \
                            parties, below)."
                    .to_owned(),
                None => "no note.".to_owned(),
            };
            let _ = writeln!(out, "  - {}: {note}", s.party(r).name());
        }
    }
    let _ = writeln!(out);
}

/// Per draft: whose scoped consent it does not need and how ratification went, then the
/// analyses of the rule (who can be left out, the price of inclusion, win-sets). Only when
/// the scenario's rule is not unanimity of its signatories.
fn consent_by_draft(out: &mut String, d: &ReportData<'_>) {
    let s = d.scenario;
    let rule = &d.rule;
    if rule.is_unanimity() {
        return;
    }
    let _ = writeln!(out, "## Consent and ratification, draft by draft\n");
    // Per draft: who was not asked, and how ratification went.
    let mut rows = Vec::new();
    for (k, &plan) in d.plans.iter().enumerate() {
        let e = &d.evaluations[k];
        let not_asked: Vec<PartyIx> = e
            .parties
            .iter()
            .filter(|pe| rule.scope(pe.party).is_some() && pe.asked == Some(false))
            .map(|pe| pe.party)
            .collect();
        let maybe: Vec<PartyIx> = e
            .parties
            .iter()
            .filter(|pe| rule.scope(pe.party).is_some() && pe.asked.is_none())
            .map(|pe| pe.party)
            .collect();
        let mut asked = names(s, &not_asked);
        if !maybe.is_empty() {
            asked += &format!(
                "; whether it is asked depends on the open issues: {}",
                names(s, &maybe)
            );
        }
        let ratified: Vec<String> = e
            .parties
            .iter()
            .filter(|pe| !rule.ratifiers(pe.party).is_empty())
            .map(|pe| {
                let votes: Vec<String> = rule
                    .ratifiers(pe.party)
                    .iter()
                    .filter_map(|&r| e.parties.iter().find(|x| x.party == r))
                    .map(|r| {
                        format!(
                            "{}: {}",
                            s.party(r.party).name(),
                            short_verdict(r.own_verdict)
                        )
                    })
                    .collect();
                format!(
                    "{} on its own: {}; {}; with ratification: {}",
                    s.party(pe.party).name(),
                    short_verdict(pe.own_verdict),
                    votes.join("; "),
                    short_verdict(pe.verdict)
                )
            })
            .collect();
        rows.push((plan, asked, ratified.join("; ")));
    }
    if !rows.is_empty() {
        let _ = writeln!(out, "| Draft | Not asked | Ratification |");
        let _ = writeln!(out, "|---|---|---|");
        for (plan, asked, ratified) in rows {
            let ratified = if ratified.is_empty() {
                "—".to_owned()
            } else {
                ratified
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                cell(s.plan(plan).title()),
                cell(&asked),
                cell(&ratified)
            );
        }
        let _ = writeln!(out);
    }
    if let Ok(a) = &d.analysis
        && let Some(r) = &a.rule
    {
        coalitions(out, s, a, r);
        price_of_inclusion(out, s, r);
        win_sets(out, s, a, r);
    }
}

/// Most minimal winning coalitions shown in the report (the best by Nash product).
const SHOWN_COALITIONS: usize = 10;

/// Each issue's term in words: "Tram line: Short; Housing: 20 %".
fn terms_text(s: &Scenario, outcome: &[accord_model::OptionIx]) -> String {
    s.issue_ixs()
        .map(|i| {
            let issue = s.issue(i);
            format!(
                "{}: {}",
                issue.title(),
                issue.option_label(outcome[i.index()])
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// A signed difference to two decimals, with no "-0.00".
fn signed(x: f64) -> String {
    let r = format!("{x:+.2}");
    if r == "-0.00" { "+0.00".to_owned() } else { r }
}

/// Only the issues on which `other` differs from `base`, in words ("same terms" when none).
fn differing_terms(
    s: &Scenario,
    base: &[accord_model::OptionIx],
    other: &[accord_model::OptionIx],
) -> String {
    let diff: Vec<String> = s
        .issue_ixs()
        .filter(|i| base[i.index()] != other[i.index()])
        .map(|i| {
            let issue = s.issue(i);
            format!(
                "{}: {}",
                issue.title(),
                issue.option_label(other[i.index()])
            )
        })
        .collect();
    if diff.is_empty() {
        "same terms".to_owned()
    } else {
        diff.join("; ")
    }
}

/// "Who can be left out": the minimal winning coalitions ranked by the Nash product of their
/// members' gains, each with its Nash solution (accord-analysis, `rule::Coalitions`).
fn coalitions(
    out: &mut String,
    s: &Scenario,
    a: &accord_analysis::Analysis,
    r: &accord_analysis::rule::RuleAnalysis,
) {
    let Some(cs) = &r.coalitions else {
        return;
    };
    let total = cs.listed.len() as u128 + cs.left_out;
    let _ = writeln!(
        out,
        "### Who can be left out
"
    );
    let listed = if cs.left_out > 0 {
        format!(
            " (the first {} in file order were solved; {} more were left out)",
            cs.listed.len(),
            cs.left_out
        )
    } else {
        String::new()
    };
    let shown = if cs.listed.len() > SHOWN_COALITIONS {
        format!(", the {SHOWN_COALITIONS} best of them by Nash product below")
    } else {
        String::new()
    };
    let _ = writeln!(
        out,
        "The rule is met by {total} minimal winning coalitions{listed}{shown}: sets of exactly \
         the quorum of signatories that hold every required one. Each can agree on the outcomes \
         all its members accept (or are not asked about); its Nash solution maximizes the \
         product of its members' gains over their walk-away values, at the midpoint estimates.\n"
    );
    let mut ranked: Vec<&accord_analysis::rule::Coalition> = cs.listed.iter().collect();
    // Best Nash product first; coalitions without an agreement last; ties in file order.
    ranked.sort_by(|x, y| {
        let v = |c: &accord_analysis::rule::Coalition| c.nash_product.unwrap_or(f64::NEG_INFINITY);
        v(y).total_cmp(&v(x))
    });
    let issues: Vec<String> = s.issues().iter().map(|i| cell(i.title())).collect();
    let _ = writeln!(
        out,
        "| Leaves out | Agreements | Nash product | {} |",
        issues.join(" | ")
    );
    let _ = writeln!(out, "|{}", " --- |".repeat(3 + issues.len()));
    for c in ranked.into_iter().take(SHOWN_COALITIONS) {
        let left: Vec<PartyIx> = a
            .signatories
            .iter()
            .copied()
            .filter(|p| !c.members.contains(p))
            .collect();
        let nash = c
            .solutions
            .iter()
            .find(|(k, _)| *k == accord_analysis::BargainingSolution::Nash)
            .and_then(|(_, p)| p.as_ref());
        let terms: Vec<String> = match nash {
            Some(p) => s
                .issue_ixs()
                .map(|i| cell(&s.issue(i).option_label(p.outcome[i.index()])))
                .collect(),
            None => {
                let mut v = vec!["no agreement".to_owned()];
                v.resize(issues.len(), String::new());
                v
            }
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            cell(&names(s, &left)),
            c.agreements
                .map_or("not counted".to_owned(), |n| n.to_string()),
            c.nash_product.map_or("—".to_owned(), |v| format!("{v:.4}")),
            terms.join(" | ")
        );
    }
    let _ = writeln!(out);
}

/// The price of inclusion of each signatory the rule can leave out: the Nash and utilitarian
/// solutions of the coalitions with it and without it, and what including it costs each other
/// signatory (accord-analysis, `rule::PriceOfInclusion`).
fn price_of_inclusion(out: &mut String, s: &Scenario, r: &accord_analysis::rule::RuleAnalysis) {
    if r.price_of_inclusion.is_empty() {
        if r.coalitions.as_ref().is_some_and(|c| c.left_out > 0) {
            let _ = writeln!(
                out,
                "The price of inclusion is not computed: there are more minimal winning \
                 coalitions than can be combined.\n"
            );
        }
        return;
    }
    let _ = writeln!(
        out,
        "### The price of inclusion
"
    );
    let _ = writeln!(
        out,
        "For each signatory the rule can leave out: the best outcome (Nash, then utilitarian) \
         of the coalitions that include it, what changes in the best outcome of those that \
         leave it out, and what including it costs each other signatory (its utility without \
         the party minus its utility with it: positive means including the party costs it).\n"
    );
    let _ = writeln!(
        out,
        "| Party | Solution | With it | Without it, what changes | Cost to the others |"
    );
    let _ = writeln!(out, "|---|---|---|---|---|");
    for p in &r.price_of_inclusion {
        for x in &p.solutions {
            let with = x
                .included
                .as_ref()
                .map_or("no agreement".to_owned(), |i| terms_text(s, &i.outcome));
            let without = match (&x.included, &x.left_out) {
                (Some(i), Some(o)) => differing_terms(s, &i.outcome, &o.outcome),
                (None, Some(o)) => terms_text(s, &o.outcome),
                (_, None) => "no agreement".to_owned(),
            };
            let cost: Vec<String> = x
                .cost
                .iter()
                .map(|(q, c)| format!("{} {}", s.party(*q).name(), signed(*c)))
                .collect();
            let cost = if cost.is_empty() {
                "—".to_owned()
            } else {
                let sum: f64 = x.cost.iter().map(|(_, c)| c).sum();
                format!("{}; total {}", cost.join(", "), signed(sum))
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                cell(s.party(p.party).name()),
                x.solution.name(),
                cell(&with),
                cell(&without),
                cell(&cost)
            );
        }
    }
    let _ = writeln!(out);
}

/// The win-set (Putnam) of each party with ratifiers: the outcomes it accepts alone and with
/// them, and the ratifier that shrinks it most (accord-analysis, `rule::WinSet`).
fn win_sets(
    out: &mut String,
    s: &Scenario,
    a: &accord_analysis::Analysis,
    r: &accord_analysis::rule::RuleAnalysis,
) {
    // Nothing counted (too many outcomes): the section would report nothing, so it is left
    // out rather than printed empty.
    if r.win_sets.is_empty()
        || r.win_sets
            .iter()
            .all(|w| w.alone.is_none() && w.with_ratifiers.is_none())
    {
        return;
    }
    let _ = writeln!(out, "### Win-sets\n");
    let _ = writeln!(
        out,
        "A party's win-set is what it can get ratified at home: the outcomes it accepts once its \
         ratifiers are counted (of {} outcomes, at the midpoint estimates).\n",
        a.outcomes
    );
    let _ = writeln!(
        out,
        "| Party | Ratifiers | Accepts on its own | With its ratifiers (win-set) | Shrinks it most |"
    );
    let _ = writeln!(out, "|---|---|---|---|---|");
    let count = |n: Option<u64>| n.map_or("not counted".to_owned(), |n| n.to_string());
    for w in &r.win_sets {
        let kept = match (w.alone, w.with_ratifiers) {
            (Some(alone), Some(with)) if alone > 0 => {
                format!(" ({:.0}% of it)", with as f64 / alone as f64 * 100.0)
            }
            _ => String::new(),
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {}{kept} | {} |",
            cell(s.party(w.party).name()),
            cell(&names(s, &w.ratifiers)),
            count(w.alone),
            count(w.with_ratifiers),
            w.shrinks_most
                .map_or("—".to_owned(), |p| cell(s.party(p).name()))
        );
    }
    let _ = writeln!(out);
}

fn drafts(out: &mut String, d: &ReportData<'_>, chart: &dyn Fn(Chart) -> Option<String>) {
    let s = d.scenario;
    if d.plans.is_empty() {
        return;
    }
    let _ = writeln!(out, "## The drafts\n");
    for (k, &plan) in d.plans.iter().enumerate() {
        let p = s.plan(plan);
        let date = p.date().map(|d| format!(" ({d})")).unwrap_or_default();
        let _ = writeln!(out, "### {}{date}{}\n", p.title(), cite(s, p.sources()));
        let absent = p.absent(s);
        // What it revises is said once, under "How the drafts differ".
        let _ = writeln!(
            out,
            "Drafted by: {}; consulted: {}; briefed afterwards: {}; absent: {}.\n",
            inline_role_names(s, p, p.drafted_by()),
            inline_role_names(s, p, p.consulted()),
            inline_role_names(s, p, p.briefed()),
            names(s, &absent)
        );
        for r in p.role_notes().iter().filter(|r| r.disputed) {
            let note = r
                .note
                .as_deref()
                .map(|n| format!(" {}", humanize(d, n.trim())))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "The sources disagree on {} role ({}).{note}{}\n",
                possessive(s.party(r.party).name()),
                r.role.word(),
                cite(s, &r.sources)
            );
        }
        if let Some(note) = p.note() {
            let _ = writeln!(out, "{}\n", humanize(d, note.trim()));
        }
        let e = &d.evaluations[k];
        if !e.open_issues.is_empty() {
            let open: Vec<&str> = e.open_issues.iter().map(|&i| s.issue(i).title()).collect();
            let _ = writeln!(
                out,
                "It leaves open: {}. Utilities are ranges over every way of settling them.\n",
                open.join("; ")
            );
        }
        for (i, options) in &e.within {
            let issue = s.issue(*i);
            let labels: Vec<String> = options.iter().map(|&o| issue.option_label(o)).collect();
            let _ = writeln!(
                out,
                "{} is open over {} only (the draft lists these options).\n",
                issue.title(),
                labels.join(" or ")
            );
        }
        let area_names: Vec<String> = s.areas().iter().map(|a| cell(a.title())).collect();
        let _ = writeln!(
            out,
            "| Party | Utility | Walk-away (midpoint) | Verdict | Share of draws | Red lines crossed | {} |",
            area_names.join(" | ")
        );
        let _ = writeln!(out, "|{}", " --- |".repeat(6 + area_names.len()));
        for (q, pe) in e.parties.iter().enumerate() {
            let party = s.party(pe.party);
            if party.is_observer() {
                continue;
            }
            let pr = &d.robustness.plans[k].parties[q];
            let red: Vec<String> = pe
                .red_lines_crossed
                .iter()
                .map(|&(i, o)| {
                    let issue = s.issue(i);
                    format!("{}: {}", issue.title(), issue.option_label(o))
                })
                .collect();
            let areas: Vec<String> = d.areas[k][q]
                .iter()
                .map(|g| {
                    if g.possible <= 0.0 {
                        "—".into()
                    } else {
                        format!("{:.2} of {:.2}", g.got, g.possible)
                    }
                })
                .collect();
            let _ = writeln!(
                out,
                "| {}{} | {} | {:.2} | {} | {} | {} | {} |",
                cell(party.name()),
                if party.signatory() {
                    ""
                } else {
                    " (not a signatory)"
                },
                utility_text(pe.utility_range),
                pe.walk_away,
                if not_asked(d, pe) {
                    "not asked"
                } else if too_close(pe.verdict, pr) {
                    "the model cannot tell"
                } else {
                    verdict_word(pe.verdict)
                },
                likely(pr),
                if red.is_empty() {
                    "—".into()
                } else {
                    cell(&red.join("; "))
                },
                areas.join(" | ")
            );
        }
        let _ = writeln!(
            out,
            "\nArea columns: the utility the draft gives the party in that area, of the most it \
             could get there.\n"
        );
        if let Some(svg) = chart(Chart::Areas(k)) {
            let _ = writeln!(out, "{svg}\n");
        }
        let terms = accord_model::plan_terms(s, plan);
        if k == 0 && s.issues().iter().any(|i| !i.sources().is_empty()) {
            let _ = writeln!(
                out,
                "Each issue's sources are cited at its row in this first table only.\n"
            );
        }
        let _ = writeln!(out, "| Issue | Points | Term |");
        let _ = writeln!(out, "| --- | --- | --- |");
        for i in s.issue_ixs() {
            let issue = s.issue(i);
            let term = match (p.term(i), terms[i.index()]) {
                (Some(o), _) => issue.option_label(o),
                (None, Some(o)) if !p.open().contains(&i) => format!(
                    "not addressed: the status quo stays ({})",
                    issue.option_label(o)
                ),
                (None, Some(_)) => "open".into(),
                (None, None) => "open".into(),
            };
            let points: Vec<String> = issue.points().iter().map(u32::to_string).collect();
            // An issue's own sources are cited once, in the first draft's table.
            let _ = writeln!(
                out,
                "| {}{} | {} | {} |",
                cell(issue.title()),
                if k == 0 {
                    cite(s, issue.sources())
                } else {
                    String::new()
                },
                points.join(", "),
                cell(&term)
            );
        }
        let _ = writeln!(out);
        if !p.text().is_empty() {
            let _ = writeln!(
                out,
                "<details><summary>The points as reported ({})</summary>\n",
                p.text().len()
            );
            for t in p.text() {
                let _ = writeln!(out, "- {}", t.trim());
            }
            let _ = writeln!(out, "\n</details>\n");
        }
    }
}

/// Each draft beside the draft it revises (`revises`), never merely the previous one in the
/// file; a difference in a party's utility is stated only when it exceeds the estimates' own
/// uncertainty ([`crate::UtilityShift::beyond_uncertainty`]).
fn revisions(out: &mut String, d: &ReportData<'_>) {
    let s = d.scenario;
    if d.plans.len() < 2 {
        return;
    }
    let _ = writeln!(out, "## How the drafts differ\n");
    if d.revisions.is_empty() {
        let _ = writeln!(
            out,
            "No draft in the scenario is marked as revising another, so no two drafts are \
             compared here: drafts by different parties, or at different times, are separate \
             documents, not versions of one text.\n"
        );
        return;
    }
    // The rule is stated for the comparisons it applies to: a utility change is judged against
    // our uncertainty only where both drafts settle every issue (else the utilities are ranges
    // over the open issues, and each such comparison says so).
    let judged = d
        .revisions
        .iter()
        .any(|r| r.shifts.iter().any(Option::is_some));
    let unjudged = d
        .revisions
        .iter()
        .any(|r| r.shifts.iter().all(Option::is_none));
    let mut intro = "Each draft that revises another, beside the draft it revises; drafts that \
                     revise nothing are not compared."
        .to_owned();
    if judged {
        intro.push_str(
            " Where both drafts settle every issue, a change in a party's utility is reported \
             only when it exceeds our own uncertainty: when the middle 90% of the party's \
             utility over the draws from our estimate ranges under one draft does not overlap \
             that under the other.",
        );
    }
    if unjudged {
        intro.push_str(
            " Where a draft leaves issues open, a party's utility under it is a range over the \
             ways of settling them: the change is then shown at the midpoint estimates and not \
             judged against our uncertainty, and the comparison says so.",
        );
    }
    let _ = writeln!(out, "{intro}\n");
    for r in &d.revisions {
        let (a, b) = (s.plan(r.before), s.plan(r.after));
        let _ = writeln!(out, "### {} revises {}\n", b.title(), a.title());
        if r.changes.is_empty() {
            let _ = writeln!(out, "The two drafts set the same terms.\n");
        } else {
            let _ = writeln!(out, "| Issue | {} | {} |", cell(a.title()), cell(b.title()),);
            let _ = writeln!(out, "| --- | --- | --- |");
            for c in &r.changes {
                let issue = s.issue(c.issue);
                let label = |o: Option<accord_model::OptionIx>| {
                    o.map_or("open".to_owned(), |o| issue.option_label(o))
                };
                let _ = writeln!(
                    out,
                    "| {} | {} | {} |",
                    cell(issue.title()),
                    cell(&label(c.before)),
                    cell(&label(c.after)),
                );
            }
            let _ = writeln!(out);
        }
        let (ka, kb) = (d.position(r.before), d.position(r.after));
        let mut lines = Vec::new();
        let mut unjudged = false;
        for (q, party) in s.parties().iter().enumerate() {
            if party.is_observer() {
                continue;
            }
            let (ea, eb) = (&d.evaluations[ka].parties[q], &d.evaluations[kb].parties[q]);
            let (pa, pb) = (
                draw_share(&d.robustness.plans[ka].parties[q]),
                draw_share(&d.robustness.plans[kb].parties[q]),
            );
            let verdict = if ea.verdict == eb.verdict {
                format!("verdict unchanged ({})", short_verdict(eb.verdict))
            } else {
                format!(
                    "verdict {} → {}",
                    short_verdict(ea.verdict),
                    short_verdict(eb.verdict)
                )
            };
            let utility = match r.shifts.get(q).copied().flatten() {
                Some(shift) => {
                    // Prose: two decimals, as the tables.
                    let range = |(lo, hi): (f64, f64)| prose_range((lo, hi));
                    let judged = if !shift.beyond_uncertainty() {
                        "no change beyond our uncertainty (the intervals overlap)".to_owned()
                    } else if shift.after.0 > shift.before.1 {
                        "higher, beyond our uncertainty".to_owned()
                    } else {
                        "lower, beyond our uncertainty".to_owned()
                    };
                    format!(
                        "utility {} → {} (middle 90% of draws): {judged}",
                        range(shift.before),
                        range(shift.after)
                    )
                }
                None => {
                    unjudged = true;
                    format!(
                        "utility {} → {} at the midpoint estimates",
                        prose_range(ea.utility_range),
                        prose_range(eb.utility_range)
                    )
                }
            };
            lines.push(format!(
                "- {}: {utility}; {verdict}; {pa} → {pb} (shares of the draws from our estimate ranges)",
                party.name(),
            ));
        }
        let leaves_open: Vec<String> = [r.before, r.after]
            .iter()
            .filter(|&&p| !d.evaluations[d.position(p)].open_issues.is_empty())
            .map(|&p| s.plan(p).title().to_owned())
            .collect();
        let how = if unjudged && !leaves_open.is_empty() {
            format!(
                " ({} {} issues open, so utilities are ranges at the midpoint estimates and the \
                 changes are not judged against our uncertainty)",
                and_list(&leaves_open),
                if leaves_open.len() == 1 {
                    "leaves"
                } else {
                    "leave"
                }
            )
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "What the revision did to each party{how}:\n\n{}\n",
            lines.join("\n")
        );
    }
}

/// Each reported reaction beside the model's verdict for the same party and draft, and for a
/// disagreement what would have to change for the model to match.
fn reactions(out: &mut String, d: &ReportData<'_>) {
    let s = d.scenario;
    if d.reactions.is_empty() {
        return;
    }
    let _ = writeln!(out, "## What the parties said, beside the model\n");
    let agree = d
        .reactions
        .iter()
        .filter(|r| r.check.agrees == Some(true))
        .count();
    let disagree = d
        .reactions
        .iter()
        .filter(|r| r.check.agrees == Some(false))
        .count();
    let unclear = d
        .reactions
        .iter()
        .filter(|r| r.check.reaction.agrees_with(Verdict::Accept).is_none())
        .count();
    let undetermined = d.reactions.len() - agree - disagree - unclear;
    let mut not_compared = vec![format!(
        "{unclear} that {} \"basis for talks\" or \"mixed\"",
        if unclear == 1 { "is" } else { "are" }
    )];
    if undetermined > 0 {
        not_compared.push(format!(
            "{undetermined} on {} the model leaves undetermined",
            if undetermined == 1 {
                "a draft"
            } else {
                "drafts"
            }
        ));
    }
    // An agreement is no test of the model when the reaction was an input to it (its sources
    // are among the sources the party's preferences were estimated from) or when it is a
    // drafter accepting its own draft: the tally says which, so it is not read as validation.
    let (own, used) = reaction_kinds(d);
    let mut caveat = Vec::new();
    if !own.is_empty() {
        caveat.push(format!(
            "{} {} a drafter accepting its own draft ({}), which says nothing about the model",
            own.len(),
            if own.len() == 1 { "is" } else { "are" },
            own.join("; ")
        ));
    }
    if !used.is_empty() {
        caveat.push(format!(
            "{} {} reported in sources the party's preferences were estimated from ({}), so the \
             model was set to match {}: agreement there is expected, not a test",
            used.len(),
            if used.len() == 1 { "was" } else { "were" },
            used.join("; "),
            if used.len() == 1 { "it" } else { "them" }
        ));
    }
    let caveat = if caveat.is_empty() {
        String::new()
    } else {
        // What is left once the self-confirming agreements are set aside: the agreements that
        // test the model at all.
        let tests = agree - own.len() - used.len();
        format!(
            " Of the agreements, {}. {}",
            caveat.join("; "),
            match tests {
                0 => "So none of the agreements tests the model.".to_owned(),
                1 => "So 1 agreement tests the model.".to_owned(),
                n => format!("So {n} agreements test the model."),
            }
        )
    };
    // A "basis for talks" or "mixed" reaction the model turns into a firm verdict: not a
    // disagreement, but the model claiming more than the party said.
    let firmer = d.firmer_than_said();
    let caveat = if firmer > 0 {
        format!(
            "{caveat} Of the {unclear} \"basis for talks\" or \"mixed\" {}, the model reads \
             {firmer} as a firm accept or reject (⚠ in the tables): there it says more than the \
             party did.",
            if unclear == 1 {
                "reaction"
            } else {
                "reactions"
            }
        )
    } else {
        caveat
    };
    let _ = writeln!(
        out,
        "Each reaction the record reports, beside the model's verdict for the same party and \
         draft at the midpoint estimates. Only a clear accept or reject is compared: they agree \
         when both accept or both reject. A \"basis for talks\" is not acceptance and a \
         \"mixed\" reaction is neither, so both are shown but not compared. Of the {} clear \
         reactions on drafts the model has a verdict on, it agrees with {agree} and disagrees \
         with {disagree}; not compared: {}.{caveat}\n",
        agree + disagree,
        not_compared.join("; ")
    );
    let _ = writeln!(
        out,
        "| Date | Party | Draft | Reported | The model | Holds across our estimates? | Agree? |"
    );
    let _ = writeln!(out, "| --- | --- | --- | --- | --- | --- | --- |");
    for r in &d.reactions {
        let c = &r.check;
        let e = &s.events()[c.event];
        let single = if e.sources().len() == 1 {
            " (one source)"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {}{}{single} | {} | {} | {} |",
            e.date(),
            cell(s.party(c.party).name()),
            cell(s.plan(c.plan).title()),
            c.reaction.as_str(),
            cite(s, e.sources()),
            verdict_word(c.verdict),
            depends(
                c.verdict,
                &d.robustness.plans[d.position(c.plan)].parties[c.party.index()]
            )
            .map_or("yes".to_owned(), |x| format!("no: {x}")),
            match c.agrees {
                Some(true) => "agrees",
                Some(false) => "**disagrees**",
                None => "not compared",
            }
        );
    }
    let _ = writeln!(out);
    for &k in &d.reactions_before_draft {
        let e = &s.events()[k];
        if let Some((party, plan, reaction)) = e.reported_reaction() {
            let _ = writeln!(
                out,
                "Not compared: the reaction \"{}\" of {} dated {} names {}, dated {}: it cannot \
                 be a reaction to a draft published later.{}\n",
                reaction.as_str(),
                s.party(party).name(),
                e.date(),
                s.plan(plan).title(),
                s.plan(plan).date().map_or(String::new(), |x| x.to_string()),
                cite(s, e.sources())
            );
        }
    }
    if disagree == 0 {
        return;
    }
    let _ = writeln!(
        out,
        "Where they disagree, the smallest change that would make the model match (exact at the \
         midpoint estimates: a party accepts a draft that crosses none of its red lines when its \
         walk-away is at most the draft's utility for it):\n"
    );
    for r in d.reactions.iter().filter(|r| r.check.agrees == Some(false)) {
        let c = &r.check;
        let party = s.party(c.party);
        let name = party.name();
        let Some(m) = &r.to_match else { continue };
        let within = |inside: bool, estimate: accord_model::Estimate| {
            let written = if estimate.is_exact() {
                format!("{:.2}", estimate.lo())
            } else {
                format!("{:.2}–{:.2}", estimate.lo(), estimate.hi())
            };
            if inside {
                format!(
                    "inside our estimate of its walk-away ({written}): the words fit the model \
                     within its uncertainty"
                )
            } else {
                format!(
                    "outside our estimate of its walk-away ({written}): the estimate, or another \
                     of its preferences, disagrees with what it said"
                )
            }
        };
        let what = match m {
            crate::ToMatch::LowerWalkAway { at_most, estimate } => format!(
                "the model would match if the walk-away of {name} were at most {at_most:.2}, {}",
                within(estimate.lo() <= *at_most, *estimate)
            ),
            crate::ToMatch::HigherWalkAway { above, estimate } => format!(
                "the model would match if the walk-away of {name} were above {above:.2}, {}",
                within(estimate.hi() > *above, *estimate)
            ),
            crate::ToMatch::RedLines {
                crossed,
                then_at_most,
            } => {
                let lines: Vec<String> = crossed
                    .iter()
                    .map(|&(i, o)| {
                        let issue = s.issue(i);
                        format!("{}: {}", issue.title(), issue.option_label(o))
                    })
                    .collect();
                let mut x = format!(
                    "the model's rejection rests on the red line{} of {name} ({}); it would match only without {}",
                    if lines.len() == 1 { "" } else { "s" },
                    lines.join("; "),
                    if lines.len() == 1 { "it" } else { "them" }
                );
                if let Some(u) = then_at_most {
                    let _ = write!(x, ", and with a walk-away of at most {u:.2}");
                }
                x
            }
            crate::ToMatch::Ratifiers { against } => format!(
                "on its own the party would accept; the model would match if its ratifiers ({}) did too",
                names(s, against)
            ),
            crate::ToMatch::NoWalkAway => "the draft gives the party its best utility: no \
                 walk-away makes the model reject it, so the estimates of its preferences miss \
                 what it said"
                .to_owned(),
        };
        let rests = match m {
            crate::ToMatch::RedLines { .. } | crate::ToMatch::Ratifiers { .. } => String::new(),
            _ => inferred_note(d, c.party),
        };
        let _ = writeln!(
            out,
            "- **{name} on {}** (reported {}; the model: {}): {what}{rests}.",
            s.plan(c.plan).title(),
            c.reaction.as_str(),
            verdict_word(c.verdict),
        );
    }
    let _ = writeln!(out);
}

/// The reactions the model agrees with that test nothing, as "Party on Draft": a drafter
/// accepting its own (undisputed) draft, and a reaction reported in a source the party's own
/// preferences cite (the estimates were made to fit it). A reaction of both kinds is counted
/// as the first.
pub fn reaction_kinds(d: &ReportData<'_>) -> (Vec<String>, Vec<String>) {
    let s = d.scenario;
    let mut own = Vec::new();
    let mut used = Vec::new();
    for r in d.reactions.iter().filter(|r| r.check.agrees == Some(true)) {
        let c = &r.check;
        let plan = s.plan(c.plan);
        let label = format!("{} on {}", s.party(c.party).name(), plan.title());
        let e = &s.events()[c.event];
        if c.verdict == Verdict::Accept
            && plan.drafted_by().contains(&c.party)
            && !plan.is_disputed(c.party)
        {
            own.push(label);
        } else if e
            .sources()
            .iter()
            .any(|x| s.party(c.party).sources().contains(x))
        {
            used.push(label);
        }
    }
    (own, used)
}

/// Why a draft's amendments were not searched, in the report's words (issue titles).
fn amendments_refused(s: &Scenario, e: &accord_analysis::AnalysisError) -> String {
    use accord_analysis::AnalysisError;
    match e {
        AnalysisError::OpenIssues { issues, .. } => {
            let titles: Vec<&str> = issues.iter().map(|&i| s.issue(i).title()).collect();
            format!("it leaves open {}", titles.join("; "))
        }
        AnalysisError::TooManyAmendmentCandidates {
            candidates,
            changes,
        } if *changes == 0 => format!(
            "its open issues alone allow {candidates} completions, more than the search tries"
        ),
        AnalysisError::TooManyAmendmentCandidates {
            candidates,
            changes,
        } => format!("{candidates} candidates at {changes} changes exceed the search limit"),
        other => other.to_string(),
    }
}

/// The open issues an amendment settles, in words: `Title at label; …` (settling is no change).
fn settled_text(
    s: &Scenario,
    settled: &[(accord_model::IssueIx, accord_model::OptionIx)],
) -> String {
    settled
        .iter()
        .map(|&(i, o)| {
            let issue = s.issue(i);
            format!("{} at {}", issue.title(), issue.option_label(o))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn amendments(out: &mut String, d: &ReportData<'_>) {
    let s = d.scenario;
    let _ = writeln!(out, "## What would make each draft acceptable\n");
    // At the midpoint estimates: one line when no draft could be searched or none helps.
    let found = d.amendments.iter().any(|a| {
        a.as_ref()
            .is_ok_and(|a| !a.amendments.is_empty() || a.already_agreement)
    });
    // Nothing found by either search, and no outcome to show: the section says so in one
    // paragraph, with the reason when the analysis names one, and nothing else.
    if !found && nothing_by_draws(d) {
        let why = closed_issues_reason(d);
        let refused = d.amendments.iter().any(|a| a.is_err());
        let _ = writeln!(
            out,
            "Nothing found: no change of a few issues makes any draft acceptable to every \
             signatory whose consent it needs, at our midpoint estimates or in any of the draws \
             from our ranges (which vary weights, scores and walk-away values, never red \
             lines){}, and no outcome that crosses no stated red line is an agreement \
             in any draw, so none is shown{why}.\n",
            if refused {
                " (for some drafts only part of the combinations could be tried)"
            } else {
                ""
            }
        );
        return;
    }
    if !found {
        let refused: Vec<String> = d
            .plans
            .iter()
            .zip(&d.amendments)
            .filter_map(|(&plan, a)| {
                a.as_ref()
                    .err()
                    .map(|e| format!("{}: {}", s.plan(plan).title(), amendments_refused(s, e)))
            })
            .collect();
        let _ = writeln!(
            out,
            "At the midpoint estimates, no change of at most {} issues makes any draft \
             acceptable to every signatory whose consent it needs{}.\n",
            d.options.max_amendment_changes,
            if refused.is_empty() {
                String::new()
            } else {
                format!(
                    " (not searched for some drafts — {}; the search by share of draws below \
                     settles open issues)",
                    refused.join("; ")
                )
            }
        );
    } else {
        let _ = writeln!(
            out,
            "The smallest sets of changes (at most {} issues) that turn each draft into an \
             agreement at the midpoint estimates — no smaller set works — with the new terms \
             that cost the drafters least, cheapest first. A draft's open issues are settled \
             along the way, within the options it allows; settling is not a change.\n",
            d.options.max_amendment_changes
        );
        for (k, &plan) in d.plans.iter().enumerate() {
            amendments_of(out, d, plan, &d.amendments[k]);
        }
        let _ = writeln!(out);
    }
    let _ = writeln!(out, "### By share of draws in agreement\n");
    let robust = match &d.robust {
        Ok(r) => r,
        Err(why) => {
            let _ = writeln!(out, "The search by share of draws was not run: {why}.\n");
            return;
        }
    };
    // Only changes that raise the share above the draft's own, and none that crosses a red
    // line a party stated ([`ReportData::shown_steps`]).
    let helped: Vec<(&accord_uncertainty::robust::PlanAmendments, Vec<_>)> = robust
        .amendments
        .iter()
        .map(|a| (a, d.shown_steps(a)))
        .filter(|(a, steps)| {
            let base = a.by_size.first().map_or(0.0, |f| f.agreement.estimate);
            steps
                .iter()
                .any(|st| !st.changes.is_empty() && st.agreement.estimate > base)
        })
        .collect();
    if helped.is_empty() {
        let _ = writeln!(
            out,
            "No change of up to {} issues raises any draft's share of draws in agreement without \
             crossing a red line a party stated.\n",
            robust
                .amendments
                .iter()
                .filter_map(|a| a.by_size.last().map(|l| l.changes.len()))
                .max()
                .unwrap_or(d.options.max_changes)
        );
    } else {
        let _ = writeln!(
            out,
            "For each draft a change helps: the change of one issue, then of two, that most \
             raises the share of draws in which every signatory accepts (each candidate scored \
             on the report's {} draws), leaving out any change to a term a party ruled out as a \
             red line. Issues a draft leaves open must be settled, and count as changes.\n",
            robust.samples
        );
        for (a, steps) in helped {
            let _ = writeln!(out, "**{}**\n", s.plan(a.plan).title());
            for step in steps {
                let what = if step.changes.is_empty() {
                    "as drafted".to_owned()
                } else {
                    changes_text(s, &step.changes)
                };
                let _ = writeln!(
                    out,
                    "- {} → agreement in {} of draws",
                    what,
                    pct(step.agreement.estimate)
                );
            }
            let _ = writeln!(out);
        }
    }
    match d.shown_outcome() {
        Some(best) => {
            let _ = writeln!(
                out,
                "The outcome every signatory accepts in the most draws{} is an agreement in {} of \
                 draws:\n",
                if robust.outcomes_exhaustive {
                    ""
                } else {
                    " found by local search"
                },
                pct(best.agreement.estimate)
            );
            for (issue, &o) in s.issues().iter().zip(&best.outcome) {
                let _ = writeln!(out, "- {}: {}", issue.title(), issue.option_label(o));
            }
            let _ = writeln!(out);
        }
        None => {
            let why = closed_issues_reason(d);
            let _ = writeln!(
                out,
                "No outcome that crosses no party's stated red line is an agreement in any of \
                 the draws searched, so none is shown{why}.\n"
            );
        }
    }
}

/// Whether the search by share of draws found nothing to show: it was run, no change raises
/// any draft's share of draws in agreement, and no outcome is an agreement in any draw.
fn nothing_by_draws(d: &ReportData<'_>) -> bool {
    let Ok(robust) = &d.robust else {
        return false;
    };
    let helped = robust.amendments.iter().any(|a| {
        let base = a.by_size.first().map_or(0.0, |f| f.agreement.estimate);
        d.shown_steps(a)
            .iter()
            .any(|st| !st.changes.is_empty() && st.agreement.estimate > base)
    });
    !helped && d.shown_outcome().is_none()
}

/// ": every option of X crosses a red line of some party whose consent is needed" when the
/// analysis finds issues on which every option is ruled out; empty otherwise.
fn closed_issues_reason(d: &ReportData<'_>) -> String {
    let s = d.scenario;
    match d.analysis.as_ref().ok().and_then(|a| a.blockers.as_ref()) {
        Some(b) => {
            let closed: Vec<&str> = b
                .explain()
                .closed_issues
                .iter()
                .map(|c| s.issue(c.issue).title())
                .collect();
            if closed.is_empty() {
                String::new()
            } else {
                format!(
                    ": {}",
                    deadlock_sentence(&closed, !d.relaxations.is_empty())
                )
            }
        }
        None => String::new(),
    }
}

/// What closed issues mean, worded as what they are: a consequence of treating every stated
/// red line as absolute, not a finding that no deal is possible.
fn deadlock_sentence(closed: &[&str], relaxed: bool) -> String {
    let see = if relaxed {
        " (*If one red line were relaxed*, below, shows what dropping each would open)"
    } else {
        ""
    };
    format!(
        "if every stated red line is treated as absolute, no option of {} satisfies all of \
         them; the record does not show whether any of these positions will move{see}",
        and_list(&closed.iter().map(|c| (*c).to_owned()).collect::<Vec<_>>())
    )
}

/// "If one red line were relaxed": when red lines close an issue, per option of it, what
/// dropping the red lines on that option alone would open — a what-if that crosses a stated
/// position, labelled as such.
fn relaxed(out: &mut String, d: &ReportData<'_>) {
    let s = d.scenario;
    if d.relaxations.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "## If one red line were relaxed (a what-if)
"
    );
    let _ = writeln!(
        out,
        "Red lines leave no agreement: on the issues below every option crosses a red line of \
         some party whose consent is needed. Each line drops the red lines on one option — for \
         every party that holds one — and keeps everything else as the scenario writes it. \
         **Each is a what-if that crosses a position a party holds; none is a forecast or a \
         recommendation.** Results are at our midpoint estimates. A term \"scored lowest of its \
         options by\" a party overrides a position that party holds, though not as a red line \
         (its section under *The parties* says whether the position is reported or our \
         inference). A package is the model's optimum over every issue, not a text anyone \
         proposed: the model does not check that terms on different issues fit together, so \
         read it as the issues it moves. Its share of draws, and the differences between the \
         lines, follow from our estimates of the parties' weights and walk-aways, mostly \
         inferred: they do not say which concession the record makes likelier.\n"
    );
    for r in &d.relaxations {
        let issue = s.issue(r.issue);
        let holders: Vec<String> = r
            .holders
            .iter()
            .map(|&p| {
                let origin = red_line_origin(s, p, r.issue, r.option);
                let read = red_line_basis(s, p, r.issue, r.option)
                    .map(|b| {
                        let glue = if matches!(origin, RedLineOrigin::Reported(_)) {
                            ", read "
                        } else {
                            " "
                        };
                        format!("{glue}{}", short_basis(&b))
                    })
                    .unwrap_or_default();
                format!("{} ({}{read})", s.party(p).name(), origin.word())
            })
            .collect();
        let head = format!(
            "- **{}: {}** — dropping the red line of {}",
            issue.title(),
            short_label(&issue.option_label(r.option)),
            and_list(&holders)
        );
        let body = match &r.analysis {
            Err(why) => format!("could not be analysed: {why}."),
            Ok(a) => match a.agreements {
                Some(0) => no_agreement_left(d, a),
                _ => match a
                    .solutions
                    .iter()
                    .find(|(c, _)| *c == accord_analysis::BargainingSolution::Nash)
                    .and_then(|(_, p)| p.as_ref())
                {
                    None => no_agreement_left(d, a),
                    Some(point) => {
                        let count = match a.agreements {
                            Some(n) => format!("{n} outcomes become agreements"),
                            None => "agreements become possible".to_owned(),
                        };
                        let prefs: Vec<accord_model::PointPreferences<'_>> = s
                            .party_ixs()
                            .map(|p| accord_model::PointPreferences::midpoint(s, p))
                            .collect();
                        let terms: Vec<Option<OptionIx>> =
                            point.outcome.iter().map(|&o| Some(o)).collect();
                        let e = accord_model::evaluate_terms(s, &prefs, &terms);
                        let utilities: Vec<String> = e
                            .parties
                            .iter()
                            .filter(|pe| s.party(pe.party).signatory())
                            .map(|pe| {
                                format!("{} {}", s.party(pe.party).name(), prose(pe.utility()))
                            })
                            .collect();
                        let differs = differs_from_latest(d, &point.outcome);
                        let share = match r.nash_agreement {
                            Some(p) => format!(
                                " It is an agreement in {} of the draws from our estimate \
                                 ranges (the other red lines fixed in every draw).",
                                pct(p)
                            ),
                            None => String::new(),
                        };
                        format!(
                            "{count}. The {} solution (the agreement that maximises the product \
                             of the signatories' gains over their walk-aways) would be accepted \
                             by every party whose consent it needs, at our midpoint estimates \
                             (utilities: {}).{share} It {differs}",
                            accord_analysis::BargainingSolution::Nash.name(),
                            utilities.join(", ")
                        )
                    }
                },
            },
        };
        let _ = writeln!(out, "{head}: {body}");
    }
    let _ = writeln!(out);
}

/// Whether a draft settles at least as many issues (by a term or the status quo it keeps) as it
/// leaves open: a draft of the whole agreement rather than a declaration on a few issues.
fn settles_most(s: &accord_model::Scenario, plan: PlanIx) -> bool {
    let terms = accord_model::plan_terms(s, plan);
    let settled = terms.iter().filter(|t| t.is_some()).count();
    2 * settled >= terms.len()
}

/// How many of the issues a draft settles, as "settles 3 of 18 issues".
fn settles_words(s: &accord_model::Scenario, plan: PlanIx) -> String {
    let terms = accord_model::plan_terms(s, plan);
    let settled = terms.iter().filter(|t| t.is_some()).count();
    format!("settles {settled} of {} issues", terms.len())
}

/// An outcome said against the latest draft: "differs from *Draft* on: Issue: option; …"
/// (the draft's open issues count as differing), or every term when there is no draft. A later
/// draft that leaves most issues open is passed over for the last one that settles most of them
/// (compared with it, an outcome would differ on nearly every issue), and the text says so.
fn differs_from_latest(d: &ReportData<'_>, outcome: &[OptionIx]) -> String {
    let s = d.scenario;
    let Some(&last) = d.plans.last() else {
        return format!("would be: {}", short_terms(s, outcome));
    };
    let latest = d
        .plans
        .iter()
        .rev()
        .copied()
        .find(|&p| settles_most(s, p))
        .unwrap_or(last);
    let which = if latest == last {
        "the latest draft"
    } else {
        "the latest draft that settles most issues"
    };
    let terms = accord_model::plan_terms(s, latest);
    let changed: Vec<String> = s
        .issue_ixs()
        .zip(outcome)
        .filter(|(i, o)| terms[i.index()] != Some(**o))
        .map(|(i, &o)| {
            let issue = s.issue(i);
            let lowest = scored_lowest_by(s, i, o);
            let lowest = if lowest.is_empty() {
                String::new()
            } else {
                format!(" (scored lowest of its options by {})", and_list(&lowest))
            };
            format!(
                "  - {}: {}{lowest}",
                issue.title(),
                short_label(&issue.option_label(o))
            )
        })
        .collect();
    if changed.is_empty() {
        format!("has the terms of {}.", s.plan(latest).title())
    } else {
        format!(
            "differs from {} ({which}) on:\n{}",
            s.plan(latest).title(),
            changed.join("\n")
        )
    }
}

/// The parties (observers aside) that weigh `issue` and score `option` lowest of its options at
/// the midpoint estimates, not indifferent among them: a term that overrides a position they
/// hold, though not a red line of theirs (the party's note says whether the position is
/// reported or our inference).
fn scored_lowest_by(s: &Scenario, issue: IssueIx, option: OptionIx) -> Vec<String> {
    s.party_ixs()
        .filter(|&p| !s.party(p).is_observer())
        .filter(|&p| {
            let prefs = accord_model::PointPreferences::midpoint(s, p);
            let Some(k) = prefs.weighted().iter().position(|w| w.issue == issue) else {
                return false;
            };
            let all: Vec<f64> = s
                .issue(issue)
                .options()
                .map(|x| prefs.contribution(k, x))
                .collect();
            let lo = all.iter().copied().fold(f64::MAX, f64::min);
            let hi = all.iter().copied().fold(f64::MIN, f64::max);
            hi - lo > 1e-9 && prefs.contribution(k, option) <= lo + 1e-9
        })
        .map(|p| s.party(p).name().to_owned())
        .collect()
}

/// Why a relaxed scenario still has no agreement, in one sentence.
fn no_agreement_left(d: &ReportData<'_>, a: &accord_analysis::Analysis) -> String {
    let s = d.scenario;
    let Some(b) = &a.blockers else {
        return "still no agreement.".to_owned();
    };
    let e = b.explain();
    let closed: Vec<String> = e
        .closed_issues
        .iter()
        .map(|c| s.issue(c.issue).title().to_owned())
        .collect();
    if !closed.is_empty() {
        return format!(
            "still no agreement: other red lines still leave no option of {}.",
            and_list(&closed)
        );
    }
    let alone: Vec<String> = e
        .blocking_alone
        .iter()
        .map(|pb| s.party(pb.party).name().to_owned())
        .collect();
    if !alone.is_empty() {
        return format!(
            "still no agreement: within the remaining red lines {} cannot reach {} walk-away.",
            and_list(&alone),
            if alone.len() == 1 { "its" } else { "their" }
        );
    }
    "still no agreement: no outcome within the remaining red lines meets every walk-away at \
     once."
        .to_owned()
}

/// An outcome's terms with short option labels, one per issue: "Issue: option; …".
fn short_terms(s: &Scenario, outcome: &[OptionIx]) -> String {
    s.issue_ixs()
        .zip(outcome)
        .map(|(i, &o)| {
            let issue = s.issue(i);
            format!("{}: {}", issue.title(), short_label(&issue.option_label(o)))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// One draft's line (and its amendments' lines) in "What would make each draft acceptable".
fn amendments_of(
    out: &mut String,
    d: &ReportData<'_>,
    plan: accord_model::PlanIx,
    found: &Result<accord_analysis::amend::Amendments, accord_analysis::AnalysisError>,
) {
    let s = d.scenario;
    let p = s.plan(plan);
    match found {
        Err(e) => {
            let why = amendments_refused(s, e);
            let _ = writeln!(
                out,
                "- **{}**: not searched: {why}; see the search by share of draws below, which settles open issues.",
                p.title()
            );
        }
        Ok(a) if a.already_agreement => {
            let _ = writeln!(
                out,
                "- **{}**: already acceptable to every signatory.",
                p.title()
            );
        }
        Ok(a) if a.amendments.is_empty() => {
            let _ = writeln!(
                out,
                "- **{}**: no change of at most {} issues makes it acceptable to all.",
                p.title(),
                d.options.max_amendment_changes
            );
        }
        Ok(a) if a.amendments[0].changes.is_empty() => {
            // A partial draft some completion of which is an agreement: settling its open
            // issues is enough (the only minimal amendment).
            let drafters = names(s, &a.drafters);
            let am = &a.amendments[0];
            let _ = writeln!(
                out,
                "- **{}**: no change needed: settling its open issues as {} makes it an \
                 agreement (the cheapest such settlement for {drafters}; costs them {:.2})",
                p.title(),
                settled_text(s, &am.settled),
                am.cost
            );
        }
        Ok(a) => {
            let drafters = names(s, &a.drafters);
            let _ = writeln!(
                out,
                "- **{}**: {} minimal amendment{} of {} issue{}; the cheapest for {drafters}:",
                p.title(),
                a.amendments.len(),
                if a.amendments.len() == 1 { "" } else { "s" },
                a.amendments[0].changes.len(),
                if a.amendments[0].changes.len() == 1 {
                    ""
                } else {
                    "s"
                },
            );
            for am in a.amendments.iter().take(3) {
                let changes: Vec<String> = am
                    .changes
                    .iter()
                    .map(|&(i, o)| {
                        let issue = s.issue(i);
                        let from = p
                            .term(i)
                            .or(issue.status_quo())
                            .map_or("open".to_owned(), |f| issue.option_label(f));
                        format!("{} from {from} to {}", issue.title(), issue.option_label(o))
                    })
                    .collect();
                let utilities: Vec<String> = a
                    .signatories
                    .iter()
                    .zip(&am.utilities)
                    .map(|(&q, u)| format!("{} {u:.2}", s.party(q).name()))
                    .collect();
                let settling = if am.settled.is_empty() {
                    String::new()
                } else {
                    format!(", settling {}", settled_text(s, &am.settled))
                };
                let _ = writeln!(
                    out,
                    "  - {}{settling} (costs the drafters {:.2}; utilities: {})",
                    changes.join("; "),
                    am.cost,
                    utilities.join(", ")
                );
            }
        }
    }
}

/// The bargaining solutions, and how far each draft lies from them.
fn solutions(out: &mut String, d: &ReportData<'_>) {
    let s = d.scenario;
    let _ = writeln!(out, "## Bargaining solutions\n");
    let a = match &d.analysis {
        Ok(a) => a,
        Err(why) => {
            let _ = writeln!(out, "Not computed: {why}.\n");
            return;
        }
    };
    let found: Vec<(&'static str, &accord_analysis::Point)> = a
        .solutions
        .iter()
        .filter_map(|(c, p)| p.as_ref().map(|p| (c.name(), p)))
        .collect();
    if found.is_empty() {
        let _ = write!(
            out,
            "{}",
            if d.rule.is_unanimity() {
                "No outcome is accepted by every signatory, so no compromise point (bargaining \
                 solution) can be computed."
            } else {
                "No outcome is accepted by every signatory whose consent it needs, so no \
                 compromise point (bargaining solution) can be computed."
            }
        );
        let mut why = Vec::new();
        if let Some(b) = &a.blockers {
            let explained = b.explain();
            let closed: Vec<&str> = explained
                .closed_issues
                .iter()
                .map(|c| s.issue(c.issue).title())
                .collect();
            if !closed.is_empty() {
                why.push(deadlock_sentence(&closed, !d.relaxations.is_empty()));
            }
            for pb in &explained.blocking_alone {
                if let Some(best) = pb.best {
                    why.push(format!(
                        "{} can get at most {best:.2}, below its walk-away {:.2}",
                        s.party(pb.party).name(),
                        pb.walk_away
                    ));
                }
            }
        }
        if why.is_empty() {
            let _ = writeln!(out, "\n");
        } else {
            let _ = writeln!(out, " Why: {}.\n", why.join("; "));
        }
        return;
    }
    if !d.options.what_ifs.is_empty() {
        let _ = writeln!(
            out,
            "> **These solutions exist only under the what-if at the top** ({}): they show what \
             would follow from that change to the record, not a forecast or a recommendation.\n",
            d.options.what_ifs.join("; ")
        );
    }
    let over = if d.rule.is_unanimity() {
        "Over every outcome that all signatories accept"
    } else {
        "Over every outcome that each signatory whose consent it needs accepts with its \
         ratifiers, counting the gains of the signatories it asks only"
    };
    let _ = writeln!(
        out,
        "{over} (at the midpoint estimates; {} \
         outcomes{}), the four classic solutions: **Nash** maximizes the product of the \
         signatories' gains over their walk-away values; **Kalai–Smorodinsky** gives each the \
         same share of its best possible gain; **egalitarian** maximizes the smallest gain; \
         **utilitarian** maximizes the sum of utilities.\n",
        a.outcomes,
        a.agreements
            .map(|n| format!(", {n} of them agreements"))
            .unwrap_or_default(),
    );
    if d.rule.quorum() < d.rule.signatories().len() {
        let _ = writeln!(
            out,
            "These are the outcomes the whole group can agree on; what the smaller coalitions \
             the rule allows can agree on is under *Who can be left out*.\n"
        );
    }
    let inferred: Vec<PartyIx> = a
        .parties
        .iter()
        .copied()
        .filter(|&q| d.inferred[q.index()].weights)
        .collect();
    if !inferred.is_empty() {
        let _ = writeln!(
            out,
            "These solutions rest on weights the scenario marks inferred, not reported, for {}: \
             they show what follows from our estimates, not what those parties said.\n",
            names(s, &inferred)
        );
    }
    // Utilities of each solution, by party on the frontier.
    let names: Vec<String> = a.parties.iter().map(|&p| cell(s.party(p).name())).collect();
    let _ = writeln!(out, "| Solution | {} |", names.join(" | "));
    let _ = writeln!(out, "|{}", " --- |".repeat(1 + names.len()));
    for (name, p) in &found {
        let us: Vec<String> = p.utilities.iter().map(|u| format!("{u:.2}")).collect();
        let _ = writeln!(out, "| {name} | {} |", us.join(" | "));
    }
    let _ = writeln!(out);
    // Their terms, issue by issue.
    let heads: Vec<&str> = found.iter().map(|(n, _)| *n).collect();
    let _ = writeln!(out, "| Issue | {} |", heads.join(" | "));
    let _ = writeln!(out, "|{}", " --- |".repeat(1 + heads.len()));
    for i in s.issue_ixs() {
        let issue = s.issue(i);
        let terms: Vec<String> = found
            .iter()
            .map(|(_, p)| cell(&issue.option_label(p.outcome[i.index()])))
            .collect();
        let _ = writeln!(out, "| {} | {} |", cell(issue.title()), terms.join(" | "));
    }
    let _ = writeln!(out);
    // How far each draft lies from each solution: the issues whose terms differ, and the
    // Euclidean distance between the signatories' utilities (midpoints of ranges).
    if d.plans.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "How far each draft lies from them: the issues whose terms differ (an issue the draft leaves open counts as differing), and the distance between the parties' utilities (for a draft with open issues, the midpoints of its ranges):\n"
    );
    let _ = writeln!(out, "| Draft | {} |", heads.join(" | "));
    let _ = writeln!(out, "|{}", " --- |".repeat(1 + heads.len()));
    for (k, &plan) in d.plans.iter().enumerate() {
        let terms = accord_model::plan_terms(s, plan);
        let draft_u: Vec<f64> = a
            .parties
            .iter()
            .map(|&q| d.evaluations[k].parties[q.index()].utility())
            .collect();
        let cells: Vec<String> = found
            .iter()
            .map(|(_, p)| {
                let differ = s
                    .issue_ixs()
                    .filter(|i| terms[i.index()] != Some(p.outcome[i.index()]))
                    .count();
                let dist: f64 = draft_u
                    .iter()
                    .zip(&p.utilities)
                    .map(|(x, y)| (x - y) * (x - y))
                    .sum::<f64>()
                    .sqrt();
                format!("{differ} issues, {dist:.2}")
            })
            .collect();
        let _ = writeln!(
            out,
            "| {} | {} |",
            cell(s.plan(plan).title()),
            cells.join(" | ")
        );
    }
    let _ = writeln!(out);
}

/// The frontier of the two most opposed signatories: who they are and why, the chart, and its
/// data as a table (its text form).
fn opposed(out: &mut String, d: &ReportData<'_>, chart: &dyn Fn(Chart) -> Option<String>) {
    let s = d.scenario;
    let _ = writeln!(
        out,
        "## The frontier of the two signatories whose estimated preferences conflict most\n"
    );
    let o = match &d.opposed {
        Ok(o) => o,
        Err(why) => {
            let _ = writeln!(out, "Not drawn: {why}.\n");
            return;
        }
    };
    let [a, b] = o.parties.map(|p| s.party(p).name());
    let weights_inferred = o.parties.iter().any(|&p| d.inferred[p.index()].weights);
    let _ = writeln!(
        out,
        "A frontier is the set of outcomes on which neither of two parties can gain without the \
         other losing. This section rests entirely on our estimated weights and scores{}: it \
         shows how the two parties' preferences as we modelled them trade off, and is not a \
         finding from the record about who opposes whom in the talks.\n",
        if weights_inferred {
            ", which are *inferred* (no party reported its weights)"
        } else {
            ""
        }
    );
    let both_sign = o.parties.iter().all(|&p| d.rule.signatories().contains(&p));
    let why = match (o.correlation, both_sign) {
        (_, false) => "fewer than two signatories have preferences, so these are the first two \
                       parties on the frontier"
            .to_owned(),
        (Some(_), true) => "among the outcomes where no party can gain without another losing, \
                            what one of them gains the other loses more consistently than for \
                            any other two signatories"
            .to_owned(),
        (None, true) => "the frontier has too few points to compare the pairs of signatories, \
                         so these are the first two in the file"
            .to_owned(),
    };
    let (first, last) = (o.frontier.first(), o.frontier.last());
    let ends = match (first, last) {
        (Some(f), Some(l)) if o.frontier.len() > 1 => format!(
            ", from {a} {} and {b} {} to {a} {} and {b} {}",
            prose(f[0]),
            prose(f[1]),
            prose(l[0]),
            prose(l[1])
        ),
        _ => String::new(),
    };
    let _ = writeln!(
        out,
        "On these estimates, **{a}** and **{b}** are the two signatories whose modelled \
         preferences conflict most: {why}. \
         The outcomes where neither of the two can gain without the other losing, whether an \
         agreement or not (midpoint estimates), number {}{ends}.\n",
        o.frontier.len()
    );
    if let Some(svg) = chart(Chart::Frontier) {
        let _ = writeln!(out, "{svg}\n");
    }
    let _ = writeln!(out, "| Point | {} | {} |", cell(a), cell(b));
    let _ = writeln!(out, "| --- | --- | --- |");
    let row = |out: &mut String, label: &str, u: [f64; 2]| {
        let _ = writeln!(out, "| {label} | {:.2} | {:.2} |", u[0], u[1]);
    };
    row(out, "Walk-away (midpoint of our range)", o.walk_aways);
    for (&plan, &u) in d.plans.iter().zip(&o.drafts) {
        // Any open issue makes the row a midpoint of a range, whatever the verdicts.
        let open = if accord_model::plan_terms(s, plan)
            .iter()
            .any(Option::is_none)
        {
            " (midpoints of ranges over the issues it leaves open: not a measure of balance)"
        } else {
            ""
        };
        row(
            out,
            &format!("Draft: {}{open}", cell(s.plan(plan).title())),
            u,
        );
    }
    for (c, u) in &o.solutions {
        row(out, &format!("Solution: {}", c.name()), *u);
    }
    if let (Some(f), Some(l)) = (first, last) {
        row(out, &format!("Frontier: best for {}", cell(a)), *f);
        if o.frontier.len() > 1 {
            row(out, &format!("Frontier: best for {}", cell(b)), *l);
        }
    }
    let _ = writeln!(out);
    if o.solutions.is_empty() {
        let _ = writeln!(
            out,
            "No outcome is an agreement, so there is no bargaining solution to mark.\n"
        );
    }
}

/// One simulated negotiation: how it was run, the offers chart, and its text form (each
/// party's utility of its first and last offers and of the agreement).
fn simulation(out: &mut String, d: &ReportData<'_>, chart: &dyn Fn(Chart) -> Option<String>) {
    let _ = writeln!(out, "## Annex: a simulated negotiation\n");
    let _ = writeln!(
        out,
        "What it shows: how parties with the preferences we estimated might trade offers under \
         one simple, mechanical bargaining strategy. What it does not show: how the real talks \
         will go — the strategy is the simulator's, not any party's, and the red lines and \
         estimates are the same as above.\n"
    );
    let r = match &d.simulation {
        Ok(r) => r,
        Err(why) => {
            let _ = writeln!(out, "Not simulated: {why}.\n");
            return;
        }
    };
    let o = &r.offers;
    let ending = match &o.agreement {
        Some(_) => format!("It ended in an agreement after {} rounds.", r.rounds_used),
        None => format!("It ended without agreement after {} rounds.", r.rounds_used),
    };
    let _ = writeln!(
        out,
        "One run of simulated talks among {}, taking turns to make offers, each conceding \
         little until late in the talks, for at most {} rounds, on the midpoint estimates. It is \
         one possible course of the talks, not a forecast. {ending}\n",
        and_list(&o.parties),
        crate::data::SIMULATION_ROUNDS,
    );
    if let Some(svg) = chart(Chart::Offers) {
        let _ = writeln!(out, "{svg}\n");
    }
    let _ = writeln!(
        out,
        "| Party | Its first offer | Its last offer | The agreement | Walk-away |"
    );
    let _ = writeln!(out, "| --- | --- | --- | --- | --- |");
    for (p, name) in o.parties.iter().enumerate() {
        let own: Vec<f64> = o
            .offers
            .iter()
            .filter(|f| f.by == Some(p))
            .map(|f| f.utilities[p])
            .collect();
        let u = |x: Option<&f64>| x.map_or("–".to_owned(), |u| format!("{u:.2}"));
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {:.2} |",
            cell(name),
            u(own.first()),
            u(own.last()),
            u(o.agreement.as_ref().map(|(_, us)| &us[p])),
            o.walk_aways[p]
        );
    }
    let _ = writeln!(
        out,
        "\nEach party's utility of its own first and last offers: how far it conceded.\n"
    );
}

/// "A", "A or B", "A, B or C".
fn or_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

/// "A", "A and B", "A, B and C".
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// Entries of the record shown under "What the record shows": the latest ones.
const LATEST_EVENTS: usize = 3;

/// A short, plain account of where things stand, from the scenario's own record only (its
/// events and reported reactions): the latest draft and what the parties were reported to say
/// about it, whether any draft is on record as accepted by every signatory it needs, and the
/// latest entries. Nothing here comes from the model. Left out when the scenario has no
/// events.
fn state_of_play(out: &mut String, d: &ReportData<'_>) {
    let s = d.scenario;
    if s.events().is_empty() {
        return;
    }
    let when = s.as_of().map(|x| format!(" as of {x}")).unwrap_or_default();
    let _ = writeln!(
        out,
        "## What the record shows{when}
"
    );
    let _ = writeln!(
        out,
        "From the scenario's record of events and reported reactions alone, before any \
         modelling:\n"
    );
    // The latest draft: the dated plan with the latest date (file order breaks ties). When it
    // leaves most issues open (a declaration on a few of them), the latest dated draft that
    // settles most issues comes first, as the latest draft, and the later partial one after it,
    // as what it is: a reader must not take a declaration on three issues for the settlement
    // under negotiation. Each with its own reactions.
    let latest_dated = |only_settling: bool| {
        d.plans
            .iter()
            .copied()
            .filter(|&p| s.plan(p).date().is_some() && (!only_settling || settles_most(s, p)))
            .max_by_key(|&p| s.plan(p).date())
    };
    let reactions_to = |plan: PlanIx| {
        let said: Vec<String> = d
            .reactions
            .iter()
            .filter(|r| r.check.plan == plan)
            .map(|r| {
                let e = &s.events()[r.check.event];
                // Each reaction with its sources, so an anonymous or weak one is seen as such.
                format!(
                    "{}: {} ({}){}",
                    s.party(r.check.party).name(),
                    reaction_words(r.check.reaction),
                    e.date(),
                    cite(s, e.sources())
                )
            })
            .collect();
        if said.is_empty() {
            "no party's reaction to it is on record".to_owned()
        } else {
            format!("reported reactions — {}", said.join("; "))
        }
    };
    let dated = |plan: PlanIx| s.plan(plan).date().map_or(String::new(), |x| x.to_string());
    if let Some(latest) = latest_dated(false) {
        let partial = !settles_most(s, latest);
        match latest_dated(true).filter(|_| partial) {
            Some(whole) => {
                let _ = writeln!(
                    out,
                    "- The latest draft that settles most issues is **{}** ({}); {}.",
                    s.plan(whole).title(),
                    dated(whole),
                    reactions_to(whole)
                );
                let _ = writeln!(
                    out,
                    "- A later, partial draft, **{}** ({}), {} and leaves the rest open; {}.",
                    s.plan(latest).title(),
                    dated(latest),
                    settles_words(s, latest),
                    reactions_to(latest)
                );
            }
            None => {
                let _ = writeln!(
                    out,
                    "- The latest draft is **{}** ({}){}; {}.",
                    s.plan(latest).title(),
                    dated(latest),
                    if partial {
                        format!(
                            ", which {} and leaves the rest open",
                            settles_words(s, latest)
                        )
                    } else {
                        String::new()
                    },
                    reactions_to(latest)
                );
            }
        }
    }
    // A draft every signatory it needs is on record as accepting: each asked signatory's
    // latest reaction to it is "accept".
    let accepted: Vec<String> = d
        .plans
        .iter()
        .enumerate()
        .filter(|&(k, &plan)| {
            d.evaluations[k]
                .parties
                .iter()
                .filter(|pe| d.rule.signatories().contains(&pe.party) && pe.asked != Some(false))
                .all(|pe| {
                    d.latest_reaction(pe.party, plan)
                        .is_some_and(|r| r.check.reaction == accord_model::Reaction::Accept)
                })
        })
        .map(|(_, &plan)| s.plan(plan).title().to_owned())
        .collect();
    if accepted.is_empty() {
        let _ = writeln!(
            out,
            "- No draft is on record as accepted by every party whose signature it needs: no \
             agreement has been reached in the record."
        );
    } else {
        let _ = writeln!(
            out,
            "- On record as accepted by every party whose signature it needs: {}.",
            and_list(&accepted)
        );
    }
    let mut events: Vec<&accord_model::Event> = s.events().iter().collect();
    events.sort_by_key(|e| e.date());
    let latest: Vec<String> = events
        .iter()
        .rev()
        .take(LATEST_EVENTS)
        .rev()
        .map(|e| {
            format!(
                "  - {}{}: {}{}",
                if e.approx() { "~" } else { "" },
                e.date(),
                e.summary().map_or(e.kind().as_str(), |x| x.trim()),
                cite(s, e.sources())
            )
        })
        .collect();
    let _ = writeln!(
        out,
        "- The latest entries in the record (the full timeline is under *Who was at the \
         table*):\n{}",
        latest.join("\n")
    );
    let _ = writeln!(out);
}

fn process(out: &mut String, s: &Scenario, d: &ReportData<'_>) {
    let _ = writeln!(out, "## Who was at the table\n");
    if !d.plans.is_empty() {
        let titles: Vec<String> = d.plans.iter().map(|&p| cell(s.plan(p).title())).collect();
        let _ = writeln!(out, "| Party | {} |", titles.join(" | "));
        let _ = writeln!(out, "|{}", " --- |".repeat(1 + titles.len()));
        // Ratifiers vote on an agreement; they are not at the drafting table.
        for q in s.party_ixs().filter(|&q| s.party(q).ratifies().is_none()) {
            let roles: Vec<String> = d
                .plans
                .iter()
                .map(|&p| {
                    let plan = s.plan(p);
                    let word = plan.role(q).word();
                    if plan.is_disputed(q) {
                        format!("disputed (reported as {word})")
                    } else {
                        word.to_owned()
                    }
                })
                .collect();
            let _ = writeln!(
                out,
                "| {} | {} |",
                cell(s.party(q).name()),
                roles.join(" | ")
            );
        }
        let _ = writeln!(out);
    }
    if s.events().is_empty() {
        return;
    }
    let _ = writeln!(out, "### Timeline\n");
    let _ = writeln!(out, "| Date | What | Who | Where | Draft |");
    let _ = writeln!(out, "| --- | --- | --- | --- | --- |");
    // The reactions beside the verdicts already computed for the report.
    let checks: Vec<&accord_model::ReactionCheck> = d.reactions.iter().map(|r| &r.check).collect();
    let mut events: Vec<_> = s.events().iter().enumerate().collect();
    events.sort_by_key(|(_, e)| e.date());
    for (k, e) in events {
        let reaction = checks
            .iter()
            .find(|c| c.event == k)
            .copied()
            .map(|c| format!(" — reaction: {}", crate::overview::reaction_sentence(s, c)))
            .unwrap_or_default();
        let date = if e.approx() {
            format!("~{}", e.date())
        } else {
            e.date().to_string()
        };
        let what = format!(
            "{}{}{}{reaction}",
            e.kind().as_str(),
            e.summary()
                .map(|x| format!(": {}", x.trim()))
                .unwrap_or_default(),
            cite(s, e.sources())
        );
        let _ = writeln!(
            out,
            "| {date} | {} | {} | {} | {} |",
            cell(&what),
            cell(&names(s, e.parties())),
            cell(e.place().unwrap_or("—")),
            e.plan().map_or("—".into(), |p| cell(s.plan(p).title()))
        );
    }
    let _ = writeln!(out);
}

fn uncertainty(out: &mut String, d: &ReportData<'_>) {
    let s = d.scenario;
    let r = &d.robustness;
    let _ = writeln!(out, "## What the uncertainty does\n");
    if r.uncertain_inputs == 0 {
        let _ = writeln!(
            out,
            "Every preference in the scenario is a point estimate: the verdicts above are certain given the model.\n"
        );
        return;
    }
    let _ = writeln!(
        out,
        "{} weights, scores and walk-away values are known only as ranges. We drew {} sets of \
         values from those ranges and recomputed every verdict; red lines are the same in every \
         draw. These verdicts change between draws (a share of draws is not a probability that \
         anything happens):\n",
        r.uncertain_inputs, r.samples,
    );
    let mut any = false;
    for (k, &plan) in d.plans.iter().enumerate() {
        let pr = &r.plans[k];
        for (q, party) in s.parties().iter().enumerate() {
            let p = &pr.parties[q];
            if p.accept.estimate > 0.0 && p.accept.estimate < 1.0
                || p.undetermined > 0.0 && p.undetermined < 1.0
            {
                any = true;
                let _ = writeln!(
                    out,
                    "- {}.",
                    uncertainty_line(d, PartyIx::from_usize(q), party.name(), plan, p)
                );
            }
        }
    }
    if !any {
        let _ = writeln!(
            out,
            "- No verdict changes within the intervals: each party accepts or rejects each draft in every draw."
        );
    }
    let _ = writeln!(out);
}

/// One verdict that changes between draws, in words: the shares, the largest part of the
/// shortfall, and the estimate it turns on — a ratifier's walk-away explained as what it is.
fn uncertainty_line(
    d: &ReportData<'_>,
    party: PartyIx,
    name: &str,
    plan: PlanIx,
    p: &accord_uncertainty::PartyRobustness,
) -> String {
    let s = d.scenario;
    let mut out = format!(
        "{name} accepts {} in {} of the draws from our estimate ranges",
        s.plan(plan).title(),
        pct(p.accept.estimate)
    );
    if p.undetermined > 0.0 {
        let _ = write!(out, " and is undetermined in {}", pct(p.undetermined));
    }
    if p.rejection.probability > 0.0 {
        let _ = write!(out, "; it rejects in {}", pct(p.rejection.probability));
        if p.rejection.red_line > 0.0 {
            let _ = write!(
                out,
                " ({} because a red line is crossed)",
                pct(p.rejection.red_line)
            );
        }
        if let Some(top) = p.rejection.by_issue.first()
            && let Some(i) = s.find_issue(&top.issue)
            && p.rejection.probability > p.rejection.red_line
        {
            let _ = write!(
                out,
                "; the terms on {} account for {} of the shortfall",
                s.issue(i).title(),
                if top.share > 0.5 {
                    "most"
                } else {
                    "the largest part"
                }
            );
        }
    }
    if let Some(driver) = p.drivers.first()
        && driver.rank_correlation.abs() >= 0.1
    {
        let mut parts = driver.input.splitn(4, '.');
        let (_, who, what, on) = (parts.next(), parts.next(), parts.next(), parts.next());
        let who = who.and_then(|id| s.find_party(id));
        let issue = |on: Option<&str>| {
            on.and_then(|i| s.find_issue(i.split('.').next().unwrap_or(i)))
                .map_or("an issue".to_owned(), |i| s.issue(i).title().to_owned())
        };
        let words = match (who, what) {
            (Some(w), Some("walk_away")) => {
                let wn = s.party(w).name();
                if w != party && d.rule.ratifiers(party).contains(&w) {
                    format!(
                        "our estimate of what {wn} expects if there is no deal (its walk-away): \
                         {} acceptance includes its ratifiers', so whether {wn} would \
                         ratify decides the verdict",
                        possessive(name)
                    )
                } else {
                    format!("our estimate of what {wn} expects if there is no deal (its walk-away)")
                }
            }
            (Some(w), Some("weights")) => format!(
                "our estimate of the weight {} puts on {}",
                s.party(w).name(),
                issue(on)
            ),
            (Some(w), Some("scores")) => format!(
                "our estimate of the scores {} gives on {}",
                s.party(w).name(),
                issue(on)
            ),
            (Some(w), _) => format!("an estimate of {}", s.party(w).name()),
            _ => "one of our estimates".to_owned(),
        };
        let _ = write!(out, "; the verdict turns mostly on {words}");
    }
    out
}

/// The scenario's own note (scope, sources, modelling choices): methodology a reader looks up,
/// so it comes after the analyses, before the sources it cites; the heading links to it.
fn about(out: &mut String, d: &ReportData<'_>) {
    let Some(note) = d.scenario.note() else {
        return;
    };
    let _ = writeln!(
        out,
        "## <a id=\"about-this-scenario\"></a>About this scenario\n"
    );
    let _ = writeln!(out, "{}\n", humanize(d, note.trim()));
}

fn sources(out: &mut String, s: &Scenario) {
    if s.sources().is_empty() {
        return;
    }
    let _ = writeln!(out, "## Sources\n");
    let _ = writeln!(
        out,
        "Listed by the scenario's own source ids, the ids every citation above links to; an id \
         missing from the sequence is a source the scenario does not cite.\n"
    );
    for src in s.sources() {
        let id = src.id();
        let mut line = format!("- <a id=\"src-{id}\"></a>**{id}** {}", src.title());
        if let Some(p) = src.publisher() {
            let _ = write!(line, ", *{p}*");
        }
        if let Some(date) = src.date() {
            let _ = write!(line, ", {date}");
        }
        if let Some(url) = src.url() {
            let _ = write!(line, ", <{url}>");
        }
        if let Some(why) = crate::data::low_reliability(src) {
            let _ = write!(line, " — **low reliability**: {why}");
        }
        let _ = writeln!(out, "{line}");
    }
    let _ = writeln!(out);
}

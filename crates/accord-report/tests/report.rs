//! The report on the toy scenario (snapshots) and findings on the flagship that follow from its
//! data.

use std::path::{Path, PathBuf};

use accord_model::Scenario;
use accord_model::whatif::{WhatIf, apply};
use accord_report::{ReportData, ReportOptions, html, markdown};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn load(rel: &str) -> Scenario {
    let text = std::fs::read_to_string(root().join(rel)).expect("scenario");
    let parsed = accord_model::parse(&text);
    parsed
        .scenario
        .unwrap_or_else(|| panic!("{:#?}", parsed.diagnostics))
}

#[test]
fn toy_report_markdown() {
    let s = load("../shared/scenarios/toy-border.toml");
    let d = ReportData::compute(&s, &ReportOptions::default());
    insta::assert_snapshot!("toy-markdown", markdown(&d));
}

#[test]
fn toy_report_html_is_one_self_contained_file() {
    let s = load("../shared/scenarios/toy-border.toml");
    let d = ReportData::compute(&s, &ReportOptions::default());
    let page = html(&d);
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.ends_with("</html>\n"));
    // Charts are inline SVG: the utilities chart, one area chart per draft, the frontier of
    // the two most opposed signatories and the simulated negotiation's offers.
    assert_eq!(page.matches("<svg").count(), 1 + s.plans().len() + 2);
    assert!(page.contains("Utility of each draft for each party"));
    // Nothing is fetched from elsewhere.
    for external in ["<script", "<link", "<img", "@import", "url("] {
        assert!(!page.contains(external), "{external}");
    }
    // Citations link to the sources section.
    assert!(page.contains("href=\"#src-note\""));
    assert!(page.contains("id=\"src-note\""));
    assert!(page.contains("<table>"));
    insta::assert_snapshot!("toy-html", page);
}

#[test]
fn the_report_is_reproducible() {
    let s = load("examples/toy-border.toml");
    let a = markdown(&ReportData::compute(&s, &ReportOptions::default()));
    let b = markdown(&ReportData::compute(&s, &ReportOptions::default()));
    assert_eq!(a, b);
    let other_seed = markdown(&ReportData::compute(
        &s,
        &ReportOptions {
            seed: 2,
            ..ReportOptions::default()
        },
    ));
    assert_ne!(a, other_seed);
}

fn finding<'a>(md: &'a str, draft_title: &str) -> &'a str {
    // The findings under At a glance (the "In brief" lines above name the drafts too).
    section(md, "## At a glance")
        .lines()
        .find(|l| l.starts_with(&format!("- **{draft_title}**")))
        .unwrap_or_else(|| panic!("no finding for {draft_title}"))
}

/// The flagship's findings follow from its data: the 28-point draft crosses Ukraine's red lines,
/// and with those red lines removed Ukraine still rejects it, now on utility alone.
#[test]
fn flagship_findings_follow_from_the_data() {
    let s = load("examples/ukraine-2025.toml");
    let d = ReportData::compute(&s, &ReportOptions::default());
    let md = markdown(&d);
    assert!(md.starts_with("# The Ukraine peace plans, June 2025 – mid-2026"));
    for section in [
        "## At a glance",
        "## The drafts",
        "## How the drafts differ",
        "## What would make each draft acceptable",
        "## Who was at the table",
        "### Timeline",
        "## What the uncertainty does",
        "## Sources",
    ] {
        assert!(md.contains(section), "{section}");
    }
    let us_28 = s.plan(s.find_plan("us_28").unwrap()).title().to_owned();
    let line = finding(&md, &us_28);
    assert!(line.contains("Rejected by: Ukraine (red line"), "{line}");

    // Ukraine's red lines and those of its ratifiers (the Rada, the referendum).
    let mut red_lines: Vec<WhatIf> = Vec::new();
    for id in ["ukraine", "rada", "ukrainian_public"] {
        let party = s.party(s.find_party(id).unwrap());
        for (i, options) in party.red_lines() {
            let issue = s.issue(*i);
            for &o in options {
                red_lines.push(
                    WhatIf::remove_red_line(&format!(
                        "{id}:{}={}",
                        issue.id(),
                        issue.option_value(o)
                    ))
                    .unwrap(),
                );
            }
        }
    }
    assert!(!red_lines.is_empty());
    let softer = apply(&s, &red_lines).unwrap();
    let md = markdown(&ReportData::compute(&softer, &ReportOptions::default()));
    let line = finding(&md, &us_28);
    assert!(line.contains("Ukraine (below its walk-away"), "{line}");
    assert!(line.contains("below its walk-away"), "{line}");
}

/// The frontier plot needs two to six parties on the frontier, and says so without flags.
#[test]
fn frontier_plot_refuses_too_few_or_too_many_parties() {
    use accord_report::chart::{ChartError, frontier};
    let s = load("examples/toy-border.toml");
    let one = accord_analysis::analyze(
        &s,
        &accord_analysis::Options {
            parties: Some(vec![s.find_party("west").unwrap()]),
            ..Default::default()
        },
    )
    .unwrap();
    let e = frontier(&s, &one).unwrap_err();
    assert_eq!(e, ChartError::TooFewParties { parties: 1 });
    assert!(!e.to_string().contains("--"), "{e}");
    let all = accord_analysis::analyze(&s, &accord_analysis::Options::default()).unwrap();
    let svg = frontier(&s, &all).unwrap();
    assert!(svg.starts_with("<svg"), "{}", &svg[..40.min(svg.len())]);
    assert_eq!(svg.matches("utility of ").count(), 6);
}

/// The report says who must agree when the scenario has a rule (quorum, required parties,
/// scoped consent, ratifiers), and says nothing of it otherwise.
#[test]
fn municipal_report_says_who_must_agree() {
    let s = load("examples/municipal-package.toml");
    let d = ReportData::compute(&s, &ReportOptions::default());
    let md = markdown(&d);
    let start = md.find("## Who must agree").expect("the section");
    let rules = section(&md, "## Who must agree");
    assert!(rules.contains("needs 5 of the 6 signatories"), "{rules}");
    assert!(
        rules.contains(
            "- Chamber of commerce: its consent is needed only for a draft that changes "
        ),
        "{rules}"
    );
    assert!(
        rules.contains("The agreement is ratified for Mayor's office by City council"),
        "{rules}"
    );
    let by_draft = section(&md, "## Consent and ratification, draft by draft");
    let both = format!("{rules}{by_draft}");
    insta::assert_snapshot!("municipal-who-must-agree", both);
    // Findings: a party that accepts on its own but not with its ratifier says so; a party
    // the draft does not ask is not listed as rejecting it.
    assert!(start < md.find("## At a glance").expect("at a glance"));
    let findings = section(&md, "## At a glance");
    assert!(
        findings.contains(
            "Mayor's office (it would accept on its own; its ratifiers would not: City council)"
        ),
        "{findings}"
    );
    assert!(
        findings.contains("**The funders' counter-proposal**: an agreement"),
        "{findings}"
    );
    let toy = load("../shared/scenarios/toy-border.toml");
    let toy = markdown(&ReportData::compute(&toy, &ReportOptions::default()));
    assert!(!toy.contains("## Who must agree"));
}

/// The section of `md` that starts with `heading` and ends before the next `## ` heading.
fn section<'a>(md: &'a str, heading: &str) -> &'a str {
    let start = md.find(heading).unwrap_or_else(|| panic!("no {heading}"));
    let end = md[start + 1..]
        .find("\n## ")
        .map_or(md.len(), |e| start + 1 + e + 1);
    &md[start..end]
}

/// A draft's entry under "In brief" (`brief`, that section): its headline, the line starting
/// `- **{title}`, and the indented lines under it (one per party, the record). Empty when no
/// headline starts so.
fn brief_entry<'a>(brief: &'a str, title: &str) -> Vec<&'a str> {
    let headline = format!("- **{title}");
    brief
        .lines()
        .skip_while(|l| !l.starts_with(&headline))
        .enumerate()
        .take_while(|&(k, l)| k == 0 || l.starts_with("  - "))
        .map(|(_, l)| l)
        .collect()
}

/// The line of a draft's entry under "In brief" that starts with `start` ("  - On record: "),
/// or "" when there is none.
fn brief_line<'a>(brief: &'a str, title: &str, start: &str) -> &'a str {
    brief_entry(brief, title)
        .into_iter()
        .skip(1)
        .find(|l| l.starts_with(start))
        .unwrap_or_default()
}

/// A table row of `text` whose first cell is `first`.
fn row<'a>(text: &'a str, first: &str) -> &'a str {
    text.lines()
        .find(|l| l.starts_with(&format!("| {first} |")))
        .unwrap_or_else(|| panic!("no row {first} in {text}"))
}

/// Who can be left out, the price of inclusion and the win-sets are the analysis' results
/// (accord-analysis `rule`), shown as they are: every coalition with its agreement count and
/// Nash solution, every party the rule can leave out with both solutions and the cost to each
/// other signatory, and the mayor's win-set alone and with the council.
#[test]
fn municipal_report_says_who_can_be_left_out_and_the_win_sets() {
    let s = load("examples/municipal-package.toml");
    let d = ReportData::compute(&s, &ReportOptions::default());
    let md = markdown(&d);
    let who = section(&md, "## Consent and ratification, draft by draft");
    let r = d
        .analysis
        .as_ref()
        .expect("analysis")
        .rule
        .as_ref()
        .expect("a rule analysis");
    let left_out = &who[who.find("### Who can be left out").expect("left out")..];
    let cs = r.coalitions.as_ref().expect("coalitions");
    assert!(
        left_out.contains(&format!(
            "met by {} minimal winning coalitions",
            cs.listed.len()
        )),
        "{left_out}"
    );
    let signatories = d.rule.signatories();
    for c in &cs.listed {
        let out: Vec<_> = signatories
            .iter()
            .filter(|p| !c.members.contains(p))
            .collect();
        assert_eq!(out.len(), 1);
        let line = row(left_out, s.party(*out[0]).name());
        let nash = c.solutions[0].1.as_ref().expect("a Nash solution");
        assert!(
            line.contains(&format!("| {} |", c.agreements.expect("counted"))),
            "{line}"
        );
        assert!(
            line.contains(&format!("{:.4}", c.nash_product.expect("a product"))),
            "{line}"
        );
        for i in s.issue_ixs() {
            assert!(
                line.contains(&s.issue(i).option_label(nash.outcome[i.index()])),
                "{line}"
            );
        }
    }
    // Ranked by Nash product: the first row leaves out the party whose absence allows the best
    // product.
    let best = cs
        .listed
        .iter()
        .max_by(|x, y| x.nash_product.unwrap().total_cmp(&y.nash_product.unwrap()))
        .unwrap();
    let first_row = left_out
        .lines()
        .find(|l| l.starts_with("| ") && !l.starts_with("| Leaves out") && !l.starts_with("| ---"))
        .expect("a row");
    let excluded = signatories
        .iter()
        .find(|p| !best.members.contains(p))
        .unwrap();
    assert!(first_row.starts_with(&format!("| {} |", s.party(*excluded).name())));

    let price = &who[who.find("### The price of inclusion").expect("price")..];
    // Every party the rule can leave out, none of the required ones.
    assert_eq!(r.price_of_inclusion.len(), 4);
    for p in &r.price_of_inclusion {
        assert!(!d.rule.is_required(p.party));
        for x in &p.solutions {
            let line = price
                .lines()
                .find(|l| {
                    l.starts_with(&format!(
                        "| {} | {} |",
                        s.party(p.party).name(),
                        x.solution.name()
                    ))
                })
                .unwrap_or_else(|| panic!("no row for {:?} {:?}", p.party, x.solution));
            assert_eq!(x.cost.len(), signatories.len() - 1);
            for (q, c) in &x.cost {
                let shown = format!("{c:+.2}").replace("-0.00", "+0.00");
                assert!(
                    line.contains(&format!("{} {shown}", s.party(*q).name())),
                    "{line}"
                );
            }
        }
    }
    for required in ["State infrastructure fund", "Regional development bank"] {
        assert!(!price.contains(&format!("| {required} |")), "{price}");
    }

    let win = &who[who.find("### Win-sets").expect("win-sets")..];
    let w = &r.win_sets[0];
    let line = row(win, "Mayor's office");
    assert!(
        line.contains(&format!(
            "| City council | {} | {} (",
            w.alone.unwrap(),
            w.with_ratifiers.unwrap()
        )),
        "{line}"
    );
    assert!(
        w.with_ratifiers < w.alone,
        "the council shrinks the mayor's win-set"
    );
    assert!(line.ends_with("| City council |"), "{line}");
    // The bargaining solutions say what they range over under the rule.
    let solutions = section(&md, "## Bargaining solutions");
    assert!(
        solutions.contains("each signatory whose consent it needs accepts with its ratifiers"),
        "{solutions}"
    );
    assert!(
        solutions.contains("under *Who can be left out*"),
        "{solutions}"
    );
    // The HTML report carries the same tables.
    let page = html(&d);
    for heading in ["Who can be left out", "The price of inclusion", "Win-sets"] {
        assert!(page.contains(&format!("<h3>{heading}</h3>")), "{heading}");
    }
    let start = page
        .find("<h2>Consent and ratification, draft by draft</h2>")
        .expect("html section");
    let end = start
        + page[start..]
            .find("<h2>What would make each draft acceptable</h2>")
            .expect("next section");
    insta::assert_snapshot!("municipal-who-must-agree-html", &page[start..end]);
}

/// The stadium scenario (4 of 5 with two required funders, scoped consent on parking, a
/// council that ratifies for the mayor, no drafts): the section still lists the coalitions,
/// the price of inclusion and the win-set.
#[test]
fn stadium_report_who_must_agree() {
    let s = load("crates/accord-analysis/tests/data/stadium-rule.toml");
    let d = ReportData::compute(&s, &ReportOptions::default());
    let md = markdown(&d);
    let who = section(&md, "## Consent and ratification, draft by draft");
    for heading in [
        "### Who can be left out",
        "### The price of inclusion",
        "### Win-sets",
    ] {
        assert!(who.contains(heading), "{heading}");
    }
    assert!(!who.contains("| Draft |"), "no drafts, no draft table");
    insta::assert_snapshot!("stadium-who-must-agree", who);
}

/// A scenario without a rule gets no rule sections and the bargaining solutions over what
/// every signatory accepts (the toy example); the flagship, whose Europe and NATO consent only
/// on their own issues and whose Ukraine is ratified by the Rada and a referendum, says who must
/// agree.
#[test]
fn rule_sections_only_with_a_rule() {
    let s = load("examples/toy-border.toml");
    let md = markdown(&ReportData::compute(&s, &ReportOptions::default()));
    for heading in [
        "## Who must agree",
        "### Who can be left out",
        "### The price of inclusion",
        "### Win-sets",
    ] {
        assert!(!md.contains(heading), "{heading}");
    }
    assert!(md.contains("Over every outcome that all signatories accept"));

    let s = load("examples/ukraine-2025.toml");
    let md = markdown(&ReportData::compute(&s, &ReportOptions::default()));
    let who = section(&md, "## Who must agree");
    assert!(
        who.contains(": its consent is needed only for a draft that changes "),
        "{who}"
    );
    assert!(
        who.contains("Once asked, it judges the whole draft like any signatory"),
        "{who}"
    );
    assert!(who.contains("Verkhovna Rada"), "{who}");
}

/// The timeline of the Markdown and HTML reports sets each reported reaction beside the model's
/// verdict (tests/data/valid/reactions.toml).
#[test]
fn the_timeline_sets_reactions_beside_verdicts() {
    let s = load("tests/data/valid/reactions.toml");
    let d = ReportData::compute(&s, &ReportOptions::default());
    let md = markdown(&d);
    let timeline = md.split("### Timeline").nth(1).expect("a timeline");
    for want in [
        "reaction: North on High cap: accept; the model: accept (agrees) |",
        "reaction: South on High cap: basis; the model: reject (not comparable) |",
        "reaction: South on High cap: reject; the model: reject (agrees) |",
        "reaction: North on Open draft: mixed; the model: undetermined (not comparable) |",
    ] {
        assert!(timeline.contains(want), "missing {want:?} in\n{timeline}");
    }
    assert_eq!(timeline.matches("reaction: ").count(), 4);
    let page = html(&d);
    assert!(
        page.contains("reaction: South on High cap: basis; the model: reject (not comparable)")
    );
}

fn confidence() -> Scenario {
    load("tests/data/valid/report-confidence.toml")
}

fn dated(year: u16, month: u8, day: u8) -> ReportOptions {
    ReportOptions {
        date: Some(accord_model::Date { year, month, day }),
        ..ReportOptions::default()
    }
}

/// The report on a small scenario built to exercise every statement of confidence: dated note,
/// probabilities as shares of draws, reactions beside verdicts, inferred marks.
#[test]
fn confidence_report_markdown() {
    let s = confidence();
    let d = ReportData::compute(&s, &dated(2025, 12, 1));
    insta::assert_snapshot!("confidence-markdown", markdown(&d));
}

/// Probabilities are stated as what they are, with one sentence on what they are not, and the
/// old wording ("N% likely", "probability of agreement") is gone.
#[test]
fn probabilities_are_shares_of_draws_not_forecasts() {
    let s = confidence();
    let d = ReportData::compute(&s, &ReportOptions::default());
    let md = markdown(&d);
    assert!(
        md.contains(&format!(
            "is the share of {} draws from our ranges for weights, scores and walk-away values",
            d.options.samples
        )),
        "{md}"
    );
    assert!(md.contains("it is not a probability that anything happens, and not a forecast"));
    assert!(md.contains("Red lines are not drawn: every draw takes them as fixed."));
    // The old sentence claimed every percentage was a share of draws; weights are shares now.
    assert!(!md.contains("Every percentage in this report"));
    assert!(md.contains("Cares most about (share of its total weight)"));
    assert!(!md.contains("% likely"));
    assert!(!md.contains("probability of agreement"));
    assert!(md.contains("of draws"));
}

/// One set of draws for the page: the search by probability scores a draft as drafted on the
/// same draws as the acceptance table, so the same draft shows the same figure everywhere.
#[test]
fn one_set_of_draws_for_every_probability() {
    for rel in [
        "tests/data/valid/report-confidence.toml",
        "examples/toy-border.toml",
    ] {
        let s = load(rel);
        let d = ReportData::compute(&s, &ReportOptions::default());
        assert_eq!(d.robustness.samples, d.options.samples, "{rel}");
        let robust = d.robust.as_ref().expect("robust search");
        assert_eq!(robust.samples, d.options.samples, "{rel}");
        let mut compared = 0;
        for a in &robust.amendments {
            let k = d.position(a.plan);
            if let Some(drafted) = a.by_size.first().filter(|x| x.changes.is_empty()) {
                assert_eq!(
                    drafted.agreement.estimate, d.robustness.plans[k].agreement.estimate,
                    "{rel}: {:?}",
                    a.plan
                );
                compared += 1;
            }
        }
        assert!(compared > 0, "{rel}");
    }
}

/// Each reported reaction beside the model's verdict, and for a disagreement the walk-away that
/// would make them match: checked by re-evaluating the scenario with that walk-away.
#[test]
fn reactions_sit_beside_verdicts_with_what_would_match() {
    use accord_report::ToMatch;
    let s = confidence();
    let d = ReportData::compute(&s, &ReportOptions::default());
    let md = markdown(&d);
    let section = md
        .split("## What the parties said, beside the model")
        .nth(1)
        .expect("the reactions section")
        .split("\n## ")
        .next()
        .unwrap();
    assert!(
        section.contains(
            "Of the 4 clear reactions on drafts the model has a verdict on, it agrees with 2 and \
             disagrees with 2; not compared: 1 that is \"basis for talks\" or \"mixed\"."
        ),
        "{section}"
    );
    // North's "basis" on the revised draft is shown, not compared (a basis is not acceptance).
    assert!(
        section.contains("| North | Revised draft | basis") && section.contains("| not compared |"),
        "{section}"
    );
    let verdict = |s: &Scenario, party: accord_model::PartyIx, plan| {
        accord_model::evaluate_plan(s, plan)
            .parties
            .into_iter()
            .find(|p| p.party == party)
            .unwrap()
            .verdict
    };
    let mut kinds = Vec::new();
    for r in &d.reactions {
        let c = &r.check;
        let party = s.party(c.party);
        let set = |w: f64| {
            apply(
                &s,
                &[WhatIf::set(&format!("parties.{}.walk_away={w}", party.id())).unwrap()],
            )
            .unwrap()
        };
        match &r.to_match {
            None => assert_ne!(c.agrees, Some(false)),
            Some(ToMatch::LowerWalkAway { at_most, .. }) => {
                kinds.push("lower");
                // At the threshold the model matches; a little above it, it does not.
                assert_eq!(
                    verdict(&set(*at_most), c.party, c.plan),
                    accord_model::Verdict::Accept
                );
                assert_eq!(
                    verdict(&set(at_most + 0.01), c.party, c.plan),
                    accord_model::Verdict::Reject
                );
            }
            Some(ToMatch::HigherWalkAway { above, .. }) => {
                kinds.push("higher");
                assert_eq!(
                    verdict(&set(above + 0.01), c.party, c.plan),
                    accord_model::Verdict::Reject
                );
                assert_eq!(
                    verdict(&set(*above), c.party, c.plan),
                    accord_model::Verdict::Accept
                );
            }
            Some(other) => panic!("unexpected {other:?}"),
        }
    }
    kinds.sort();
    assert_eq!(kinds, ["higher", "lower"]);
    // South's exact walk-away 0.50 does not hold the threshold on the first draft.
    assert!(
        section.contains("outside our estimate of its walk-away (0.50)"),
        "{section}"
    );
    // South's weights are reported: no inferred note on its disagreements.
    assert!(!section.contains("inferred"), "{section}");
}

/// The dated note appears when `as_of` is more than 90 days before the report's date, and
/// only then; without a date the report does not depend on the clock.
#[test]
fn dated_note_only_when_the_scenario_is_old() {
    let s = confidence();
    let note = "> **Dated.** The scenario records events up to 2025-05-01";
    let old = markdown(&ReportData::compute(&s, &dated(2025, 12, 1)));
    assert!(old.contains(&format!("{note}, 214 days before this report (2025-12-01)")));
    assert!(old.contains("dated 2025-12-01"));
    let day_90 = markdown(&ReportData::compute(&s, &dated(2025, 7, 30)));
    assert!(!day_90.contains(note));
    let day_91 = markdown(&ReportData::compute(&s, &dated(2025, 7, 31)));
    assert!(day_91.contains(note));
    let undated = markdown(&ReportData::compute(&s, &ReportOptions::default()));
    assert!(!undated.contains(note) && !undated.contains("dated "));
}

/// Findings that rest on inferred preferences say so where they are stated; findings on
/// reported ones, and red lines, do not.
#[test]
fn findings_on_inferred_preferences_say_so() {
    let s = confidence();
    let md = markdown(&ReportData::compute(&s, &ReportOptions::default()));
    let revised = finding(&md, "Revised draft");
    // North accepts in about a third of the draws: the model cannot tell (the band of
    // `TOO_CLOSE`), and says the verdict rests on inferred estimates.
    assert!(
        revised.contains(
            "The model cannot tell (our estimates do not settle the verdict): North (utility 0.47 \
             against its walk-away 0.50"
        ) && revised.contains("; *inferred*: on our estimates of its weights and walk-away;"),
        "{revised}"
    );
    assert!(!revised.contains("Rejected by: North"), "{revised}");
    let first = finding(&md, "First draft");
    assert!(
        first.contains("Rejected by: South (below its walk-away"),
        "{first}"
    );
    assert!(!first.contains("inferred"), "{first}");
    let counter = finding(&md, "South's counter-proposal");
    assert!(
        counter.contains("Rejected by: North (red line"),
        "{counter}"
    );
    assert!(!counter.contains("inferred"), "{counter}");
    assert!(md.contains(
        "These solutions rest on weights the scenario marks inferred, not reported, for North"
    ));
}

/// A report run with what-ifs says so in a box at the top, in the scenario's words; without
/// what-ifs there is no box.
#[test]
fn what_ifs_are_boxed_at_the_top() {
    let s = confidence();
    let what_ifs = [
        WhatIf::set("parties.south.walk_away=0.4").unwrap(),
        WhatIf::remove_red_line("north:border=river").unwrap(),
    ];
    let changed = apply(&s, &what_ifs).unwrap();
    let d = ReportData::compute(
        &changed,
        &ReportOptions {
            what_ifs: what_ifs.iter().map(|w| w.in_words(&changed)).collect(),
            ..ReportOptions::default()
        },
    );
    let md = markdown(&d);
    let top: String = md.lines().take(6).collect::<Vec<_>>().join("\n");
    assert!(
        top.contains("> **What-if: not the scenario as written.**"),
        "{top}"
    );
    assert!(top.contains("> - South's walk-away set to 0.4"), "{top}");
    assert!(
        top.contains("> - North's red line Where the border runs: The river removed"),
        "{top}"
    );
    assert!(!top.contains("--"), "{top}");
    let plain = markdown(&ReportData::compute(&s, &ReportOptions::default()));
    assert!(!plain.contains("What-if"));
}

/// Drafts are compared only along `revises`, never by file or date order; a difference in
/// utility is stated only when the 90% intervals do not overlap.
#[test]
fn drafts_are_compared_only_along_revises() {
    use accord_report::UtilityShift;
    let s = confidence();
    let d = ReportData::compute(&s, &ReportOptions::default());
    for r in &d.revisions {
        assert_eq!(accord_report::revises(&s, r.after), Some(r.before));
    }
    let counter = s.find_plan("counter").unwrap();
    assert!(
        d.revisions
            .iter()
            .all(|r| r.after != counter && r.before != counter)
    );
    let (a, b) = (
        s.find_plan("draft_a").unwrap(),
        s.find_plan("draft_b").unwrap(),
    );
    assert_eq!(d.revisions.len(), 1);
    assert_eq!((d.revisions[0].before, d.revisions[0].after), (a, b));
    let md = markdown(&d);
    let section = md
        .split("## How the drafts differ")
        .nth(1)
        .unwrap()
        .split("\n## ")
        .next()
        .unwrap();
    assert!(section.contains("### Revised draft revises First draft"));
    // The rule is stated for the comparisons it applies to (N9): both drafts settle every
    // issue here, so the open-issue caveat is not printed.
    assert!(
        section.contains("Where both drafts settle every issue, a change in a party's utility"),
        "{section}"
    );
    assert!(!section.contains("leaves issues open"), "{section}");
    assert!(
        !section.contains("not judged against our uncertainty"),
        "{section}"
    );
    // Said once: the drafts section does not repeat what a draft revises.
    assert!(!md.contains("Revises First draft"), "{md}");
    assert!(!section.contains("counter-proposal"), "{section}");
    // North's intervals overlap (its weights and the 800k score are wide); South's do not.
    let line = |name: &str| {
        section
            .lines()
            .find(|l| l.starts_with(&format!("- {name}: ")))
            .unwrap_or_else(|| panic!("{name} in {section}"))
            .to_owned()
    };
    assert!(
        line("North").contains("no change beyond our uncertainty"),
        "{}",
        line("North")
    );
    assert!(
        line("South").contains("higher, beyond our uncertainty"),
        "{}",
        line("South")
    );
    let north = d.revisions[0].shifts[s.find_party("north").unwrap().index()].unwrap();
    assert!(!north.beyond_uncertainty());
    // The midpoint difference alone (0.62 → 0.47) is not printed as a finding.
    assert!(!section.contains("-0.15"), "{section}");
    // Without revises, nothing is compared.
    let toy = load("examples/toy-border.toml");
    let toy_md = markdown(&ReportData::compute(&toy, &ReportOptions::default()));
    assert!(toy_md.contains("No draft in the scenario is marked as revising another"));
    // The rule: intervals that overlap are within the uncertainty.
    let shift = |before, after| UtilityShift { before, after }.beyond_uncertainty();
    assert!(!shift((0.47, 0.74), (0.41, 0.54)));
    assert!(shift((0.37, 0.47), (0.72, 0.72)));
    assert!(shift((0.72, 0.72), (0.37, 0.47)));
    assert!(!shift((0.3, 0.5), (0.5, 0.6)));
}

/// Every citation of a low-reliability source carries its caution, and the sources list says
/// so; other citations do not.
#[test]
fn low_reliability_sources_are_marked_at_every_citation() {
    let s = confidence();
    let md = markdown(&ReportData::compute(&s, &ReportOptions::default()));
    let marked = "[blog](#src-blog) (low reliability)";
    // Cited once by an event: in the reactions table, in the timeline, among the latest
    // entries of "What the record shows" and beside the draft in "In brief"; the caution is
    // shown once, at the source's entry.
    assert_eq!(md.matches(marked).count(), 4, "{md}");
    assert_eq!(md.matches("(#src-blog)").count(), 4, "{md}");
    assert!(md.contains(
        "<a id=\"src-blog\"></a>**blog** An anonymous channel's claim — **low reliability**: single anonymous claim, unconfirmed"
    ));
    assert!(!md.contains("[wire](#src-wire) (low reliability"));
}

/// A scenario with observers, option lists, open terms and a revision chain (fmt13's
/// river-treaty) gives a report: observers have no utility to compare along `revises`.
#[test]
fn river_treaty_report_with_observers_and_revisions() {
    let s = load("tests/data/valid/river-treaty.toml");
    let d = ReportData::compute(&s, &ReportOptions::default());
    let md = markdown(&d);
    assert!(md.contains("## How the drafts differ"));
    for r in &d.revisions {
        assert_eq!(accord_report::revises(&s, r.after), Some(r.before));
    }
}

/// Offers over time (issue 18): a dot per offer and party (filled for the party's own
/// offers), a walk-away line per party, the same bytes for the same data; one party is
/// refused.
#[test]
fn offers_chart_draws_every_offer_for_every_party() {
    use accord_report::chart::{ChartError, Offer, Offers, offers};
    let data = Offers {
        title: "a test".into(),
        parties: vec!["West".into(), "East".into()],
        walk_aways: vec![0.3, 0.4],
        offers: (0..5)
            .flat_map(|r| {
                let t = r as f64 / 5.0;
                [
                    Offer {
                        round: r,
                        by: Some(0),
                        utilities: vec![1.0 - 0.1 * t, 0.2 + 0.5 * t],
                    },
                    Offer {
                        round: r,
                        by: Some(1),
                        utilities: vec![0.3 + 0.4 * t, 0.9 - 0.1 * t],
                    },
                ]
            })
            .collect(),
        agreement: Some((4, vec![0.6, 0.6])),
    };
    let svg = offers(&data).unwrap();
    assert!(svg.starts_with("<svg") && svg.contains("a test"));
    // A dot per offer and party, and the legend's one.
    assert_eq!(svg.matches("<circle").count(), 10 * 2 + 1);
    // One coloured line per party (the axes and ticks are black).
    assert_eq!(party_lines(&parse_svg(&svg)), 2);
    assert_eq!(svg, offers(&data).unwrap());
    assert!(svg.contains("the agreement"));
    let one = Offers {
        parties: vec!["West".into()],
        ..data
    };
    assert_eq!(
        offers(&one).unwrap_err(),
        ChartError::TooFewLines { parties: 1 }
    );
}

/// Issue 17: partial drafts get their amendments, the open issues they settle named in words
/// (river-treaty; figures in `crates/accord-cli/tests/partial_drafts.rs`): settling the second
/// draft's share at 40% and a joint commission is enough; the counter-proposal settles its dam
/// as built smaller when it moves the share.
#[test]
fn river_treaty_report_amends_partial_drafts() {
    let s = load("tests/data/valid/river-treaty.toml");
    let d = ReportData::compute(&s, &ReportOptions::default());
    let md = markdown(&d);
    assert!(
        md.contains(
            "no change needed: settling its open issues as Downstream share of the flow at 40%; \
             Who monitors the flow at A joint commission makes it an agreement"
        ),
        "{md}"
    );
    assert!(
        md.contains("Downstream share of the flow from 50% to 40%, settling The upstream dam at Built smaller"),
        "{md}"
    );
    assert!(!md.contains("not searched: it leaves open"), "{md}");
}

// ---- The charts as SVG, parsed with quick-xml ----

/// An SVG element: name, attributes, its own text (entities resolved), children.
#[derive(Debug, Default)]
struct El {
    name: String,
    attrs: Vec<(String, String)>,
    text: String,
    kids: Vec<El>,
}

impl El {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
    fn all<'a>(&'a self, name: &str, out: &mut Vec<&'a El>) {
        if self.name == name {
            out.push(self);
        }
        for k in &self.kids {
            k.all(name, out);
        }
    }
    fn find(&self, name: &str) -> Vec<&El> {
        let mut v = Vec::new();
        self.all(name, &mut v);
        v
    }
    fn num(&self, name: &str) -> f64 {
        self.attr(name)
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("<{}> {name}", self.name))
    }
}

/// Parses one SVG document; panics unless it is well-formed XML with one root.
fn parse_svg(svg: &str) -> El {
    use quick_xml::events::{BytesStart, Event};
    fn el(e: &BytesStart<'_>) -> El {
        El {
            name: e.name().as_ref().to_string(),
            attrs: e
                .attributes()
                .map(|a| {
                    let a = a.expect("a well-formed attribute");
                    (
                        a.key.as_ref().to_string(),
                        a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                            .unwrap()
                            .into_owned(),
                    )
                })
                .collect(),
            ..El::default()
        }
    }
    let mut r = quick_xml::Reader::from_str(svg);
    let mut stack = vec![El::default()];
    loop {
        match r.read_event().expect("well-formed SVG") {
            Event::Start(e) => stack.push(el(&e)),
            Event::Empty(e) => {
                let e = el(&e);
                stack.last_mut().unwrap().kids.push(e);
            }
            Event::End(_) => {
                let done = stack.pop().unwrap();
                stack.last_mut().expect("balanced tags").kids.push(done);
            }
            Event::Text(t) => stack
                .last_mut()
                .unwrap()
                .text
                .push_str(t.xml_content(quick_xml::XmlVersion::Implicit1_0).trim()),
            Event::GeneralRef(g) => {
                let name = g.as_ref().to_string();
                let c = match name.as_str() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    other => panic!("entity {other}"),
                };
                stack.last_mut().unwrap().text.push_str(c);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(stack.len(), 1, "unclosed elements");
    let mut top = stack.pop().unwrap().kids;
    assert_eq!(top.len(), 1, "one root element");
    top.remove(0)
}

/// The coloured polylines of a chart (the axes and ticks are black).
fn party_lines(svg: &El) -> usize {
    svg.find("polyline")
        .iter()
        .filter(|p| p.attr("stroke") != Some("#000000"))
        .count()
}

/// Every inline `<svg>…</svg>` of a page, in order.
fn svgs(page: &str) -> Vec<&str> {
    page.match_indices("<svg")
        .map(|(at, _)| {
            let end = page[at..].find("</svg>").expect("closed svg") + at + "</svg>".len();
            &page[at..end]
        })
        .collect()
}

/// The labels drawn: every `<text>`'s own text.
fn labels(svg: &El) -> Vec<&str> {
    svg.find("text").iter().map(|t| t.text.as_str()).collect()
}

/// Every chart of the HTML report fills the width (`width="100%"`, a `viewBox`), its labels
/// are at least 12 px both at the chart's own width and at the narrowest width it may shrink
/// to (its CSS `min-width`), a cut label carries its full text as a tooltip, and parties are
/// named by their names.
#[test]
fn report_charts_fill_the_width_with_legible_labels() {
    for rel in [
        "examples/toy-border.toml",
        "tests/data/valid/river-treaty.toml",
        "tests/data/valid/report-confidence.toml",
    ] {
        let s = load(rel);
        let d = ReportData::compute(&s, &ReportOptions::default());
        let page = html(&d);
        let charts = svgs(&page);
        // Utilities, one per draft by area, the frontier, the offers.
        assert_eq!(charts.len(), 1 + s.plans().len() + 2, "{rel}");
        for (k, text) in charts.iter().enumerate() {
            let svg = parse_svg(text);
            assert_eq!(svg.name, "svg");
            assert_eq!(svg.attr("width"), Some("100%"), "{rel} chart {k}");
            assert_eq!(svg.attr("height"), None, "{rel} chart {k}");
            let view: Vec<f64> = svg
                .attr("viewBox")
                .expect("viewBox")
                .split(' ')
                .map(|v| v.parse().unwrap())
                .collect();
            let style = svg.attr("style").expect("style");
            let min_width: f64 = style
                .strip_prefix("min-width: ")
                .and_then(|r| r.split("px").next())
                .and_then(|v| v.parse().ok())
                .unwrap_or_else(|| panic!("{style}"));
            assert!(min_width <= view[2], "{rel} chart {k}");
            let texts = svg.find("text");
            assert!(!texts.is_empty());
            for t in &texts {
                let size = t.num("font-size");
                assert!(size >= 12.0, "{rel} chart {k}: {size} px `{}`", t.text);
                assert!(
                    size * min_width / view[2] >= 12.0 - 1e-9,
                    "{rel} chart {k}: {size} px at {min_width} of {} `{}`",
                    view[2],
                    t.text
                );
                if t.text.ends_with('…') {
                    let title = t.find("title");
                    let full = &title.first().expect("a cut label has a title").text;
                    assert!(
                        full.starts_with(t.text.trim_end_matches('…')),
                        "{full} / {}",
                        t.text
                    );
                }
            }
        }
        // The utilities chart names every party with preferences (a name of at most 16
        // characters whole, a longer one cut), never by its id alone.
        let utilities = parse_svg(charts[0]);
        let drawn = labels(&utilities);
        for q in s.modelled_party_ixs() {
            let name = s.party(q).name().split(" (").next().unwrap();
            let head: String = name.chars().take(10).collect();
            assert!(
                drawn.iter().any(|l| l.starts_with(&head)),
                "{rel}: {name} in {drawn:?}"
            );
            let id = s.party(q).id().to_string();
            if !name.to_lowercase().starts_with(&id.to_lowercase()) {
                assert!(!drawn.contains(&id.as_str()), "{rel}: id {id}");
            }
        }
    }
}

/// The two most opposed signatories: the pair with the lowest correlation over the frontier
/// (checked against every pair), their own frontier (non-dominated, every point a projection
/// of the full frontier), drawn with a dot per frontier point, a square per draft and every
/// label by name, no two labels overlapping; the Markdown carries the same data as a table.
#[test]
fn frontier_chart_of_the_two_most_opposed_signatories() {
    for rel in [
        "examples/toy-border.toml",
        "tests/data/valid/report-confidence.toml",
        "tests/data/valid/river-treaty.toml",
    ] {
        let s = load(rel);
        let d = ReportData::compute(&s, &ReportOptions::default());
        let o = d.opposed.as_ref().expect("a frontier chart");
        let a = d.analysis.as_ref().unwrap();
        let col = |p: accord_model::PartyIx| a.parties.iter().position(|&x| x == p).unwrap();
        let corr = |i: usize, j: usize| -> f64 {
            let n = a.frontier.len() as f64;
            let mx = a.frontier.iter().map(|p| p.utilities[i]).sum::<f64>() / n;
            let my = a.frontier.iter().map(|p| p.utilities[j]).sum::<f64>() / n;
            let c: f64 = a
                .frontier
                .iter()
                .map(|p| (p.utilities[i] - mx) * (p.utilities[j] - my))
                .sum();
            let vx: f64 = a
                .frontier
                .iter()
                .map(|p| (p.utilities[i] - mx).powi(2))
                .sum();
            let vy: f64 = a
                .frontier
                .iter()
                .map(|p| (p.utilities[j] - my).powi(2))
                .sum();
            c / (vx * vy).sqrt()
        };
        let signing: Vec<usize> = a
            .parties
            .iter()
            .enumerate()
            .filter(|(_, p)| a.signatories.contains(p))
            .map(|(k, _)| k)
            .collect();
        let (i, j) = (col(o.parties[0]), col(o.parties[1]));
        let r = o.correlation.expect("a correlation");
        assert!((r - corr(i, j)).abs() < 1e-9, "{rel}");
        for (n, &x) in signing.iter().enumerate() {
            for &y in &signing[n + 1..] {
                assert!(r <= corr(x, y) + 1e-9, "{rel}: {x},{y}");
            }
        }
        // Their frontier: no point dominates another; each is some frontier outcome's pair.
        for p in &o.frontier {
            assert!(
                a.frontier
                    .iter()
                    .any(|f| f.utilities[i] == p[0] && f.utilities[j] == p[1])
            );
            for q in &o.frontier {
                assert!(
                    !(q[0] >= p[0] && q[1] >= p[1] && q != p),
                    "{rel}: {q:?} > {p:?}"
                );
            }
        }
        let page = html(&d);
        let charts = svgs(&page);
        let chart = parse_svg(charts[charts.len() - 2]);
        let drawn = labels(&chart);
        let dots = chart
            .find("circle")
            .iter()
            .filter(|c| c.attr("r") == Some("3") && c.attr("fill") != Some("none"))
            .count();
        // A dot per frontier point, and the legend's one.
        assert_eq!(dots, o.frontier.len() + 1, "{rel}");
        for p in [o.parties[0], o.parties[1]] {
            let name = format!("utility of {}", s.party(p).name());
            assert!(drawn.contains(&name.as_str()), "{rel}: {name}");
        }
        for &plan in &d.plans {
            let title = s.plan(plan).title();
            let head: String = title.chars().take(20).collect();
            assert!(drawn.iter().any(|l| l.starts_with(&head)), "{rel}: {title}");
        }
        // A cut label's full text is its tooltip.
        let full: Vec<String> = chart
            .find("text")
            .iter()
            .map(|t| {
                t.find("title")
                    .first()
                    .map_or(t.text.clone(), |x| x.text.clone())
            })
            .collect();
        for (c, _) in &o.solutions {
            assert!(
                full.iter().any(|l| l.contains(c.name())),
                "{rel}: {}",
                c.name()
            );
        }
        // The point labels (drafts and solutions, the ones placed beside points) do not
        // overlap: boxes from their anchor, 0.6 em a character, 1.3 em high.
        let placed: Vec<[f64; 4]> = chart
            .find("text")
            .iter()
            .filter(|t| matches!(t.attr("fill"), Some("#8E44AD") | Some("#277C42")))
            .map(|t| {
                let (x, y, f) = (t.num("x"), t.num("y"), t.num("font-size"));
                let w = t.text.chars().count() as f64 * 0.6 * f;
                [x, y, x + w, y + 1.3 * f]
            })
            .collect();
        assert_eq!(
            placed.len(),
            d.plans.len() + {
                let mut at: Vec<[f64; 2]> = Vec::new();
                for (_, u) in &o.solutions {
                    if !at.contains(u) {
                        at.push(*u);
                    }
                }
                at.len()
            },
            "{rel}"
        );
        for (n, b) in placed.iter().enumerate() {
            for c in &placed[n + 1..] {
                let apart = b[2] <= c[0] + 0.5
                    || c[2] <= b[0] + 0.5
                    || b[3] <= c[1] + 0.5
                    || c[3] <= b[1] + 0.5;
                assert!(apart, "{rel}: {b:?} {c:?}");
            }
        }
        let md = markdown(&d);
        let section = section(
            &md,
            "## The frontier of the two signatories whose estimated preferences conflict most",
        );
        assert!(
            section.contains(&format!(
                "| Walk-away (midpoint of our range) | {:.2} | {:.2} |",
                o.walk_aways[0], o.walk_aways[1]
            )),
            "{section}"
        );
        for &plan in &d.plans {
            assert!(
                section.contains(&format!("Draft: {}", s.plan(plan).title())),
                "{section}"
            );
        }
    }
}

/// Without any agreement (every walk-away raised to 0.99), the frontier is still drawn, with
/// the drafts, and no solution.
#[test]
fn frontier_chart_without_agreement_shows_frontier_and_drafts() {
    let s = load("examples/toy-border.toml");
    let what_ifs: Vec<WhatIf> = s
        .party_ixs()
        .filter(|&p| s.party(p).has_preferences())
        .map(|p| WhatIf::set(&format!("parties.{}.walk_away=0.99", s.party(p).id())).unwrap())
        .collect();
    let changed = apply(&s, &what_ifs).unwrap();
    let d = ReportData::compute(&changed, &ReportOptions::default());
    let o = d.opposed.as_ref().expect("a frontier chart");
    assert!(o.solutions.is_empty());
    assert!(o.frontier.len() > 2);
    assert_eq!(o.drafts.len(), s.plans().len());
    let page = html(&d);
    let charts = svgs(&page);
    let chart = parse_svg(charts[charts.len() - 2]);
    let squares = chart
        .find("rect")
        .iter()
        .filter(|r| r.attr("fill") == Some("#8E44AD"))
        .count();
    assert_eq!(
        squares,
        s.plans().len() + 1,
        "a square per draft and the legend's"
    );
    let md = markdown(&d);
    assert!(md.contains("No outcome is an agreement, so there is no bargaining solution to mark."));
}

/// The report's simulation: SAO, the default strategy, the report's seed; its chart has one
/// line per party; the Markdown names what ran and gives each party's first and last offers.
#[test]
fn the_report_simulates_one_negotiation_and_draws_its_offers() {
    let s = load("tests/data/valid/report-confidence.toml");
    let d = ReportData::compute(&s, &ReportOptions::default());
    let r = d.simulation.as_ref().expect("a simulation");
    assert_eq!(r.seed, d.options.seed);
    assert!(r.offers.offers.len() > 2);
    let md = markdown(&d);
    let section = section(&md, "## Annex: a simulated negotiation");
    // In words for readers: no protocol or strategy names, no command.
    assert!(section.contains("simulated talks"), "{section}");
    assert!(
        section.contains("each conceding little until late in the talks"),
        "{section}"
    );
    assert!(
        !section.contains("SAO") && !section.contains("`accord"),
        "{section}"
    );
    for name in &r.offers.parties {
        assert!(section.contains(&format!("| {name} |")), "{section}");
    }
    let page = html(&d);
    let charts = svgs(&page);
    let chart = parse_svg(charts[charts.len() - 1]);
    assert_eq!(party_lines(&chart), r.offers.parties.len());
    let drawn = labels(&chart);
    for name in &r.offers.parties {
        assert!(drawn.contains(&name.as_str()), "{name}");
    }
    // The same seed, the same run.
    let again = ReportData::compute(&s, &ReportOptions::default());
    assert_eq!(again.simulation.as_ref().unwrap(), r);
}

/// One set of draws for the page: a draft's share of draws in agreement, and a party's share
/// of draws accepting a draft, read from every place the Markdown prints them, are equal to
/// each other and to the Monte Carlo's; the HTML page prints the same figures.
#[test]
fn the_same_draft_shows_the_same_probability_everywhere() {
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
    for rel in [
        "tests/data/valid/report-confidence.toml",
        "examples/toy-border.toml",
    ] {
        let s = load(rel);
        let d = ReportData::compute(&s, &ReportOptions::default());
        let md = markdown(&d);
        let glance = section(&md, "## At a glance");
        let drafts = section(&md, "## The drafts");
        let amend = md
            .split("### By share of draws in agreement")
            .nth(1)
            .unwrap_or("");
        let uncertainty = section(&md, "## What the uncertainty does");
        for (k, &plan) in d.plans.iter().enumerate() {
            let title = s.plan(plan).title();
            let r = &d.robustness.plans[k];
            let agreement = pct(r.agreement.estimate);
            let mut seen = 0;
            // At a glance: the row's last cell; the finding.
            let line = glance
                .lines()
                .find(|l| l.starts_with(&format!("| **{title}**")))
                .unwrap();
            // The agreement column: the share of draws only when the verdict does not hold in
            // at least FIRM of them.
            let firm = match d.evaluations[k].agreement {
                Some(true) => r.agreement.estimate >= accord_report::FIRM,
                Some(false) => r.agreement.estimate <= 1.0 - accord_report::FIRM,
                None => true,
            };
            if firm {
                assert!(
                    line.ends_with(" | no |")
                        || line.ends_with(" | yes |")
                        || line.ends_with(" | undetermined |"),
                    "{rel}: {line}"
                );
            } else {
                assert!(
                    line.ends_with(&format!(
                        "in {agreement} of the draws from our estimate ranges) |"
                    )),
                    "{rel}: {line}"
                );
            }
            seen += 1;
            let finding = glance
                .lines()
                .find(|l| l.starts_with(&format!("- **{title}**")))
                .unwrap();
            // "an agreement (in N% of draws)" and "… raises … to N%" elsewhere.
            for (at, _) in finding
                .match_indices("agreement in ")
                .chain(finding.match_indices("agreement (in "))
            {
                let rest = &finding[at..];
                let figure = rest[rest.find("in ").unwrap() + 3..]
                    .split(' ')
                    .next()
                    .unwrap();
                assert_eq!(figure, agreement, "{rel}: {finding}");
                seen += 1;
            }
            // The search by probability: "as drafted".
            if let Some(block) = amend.split(&format!("**{title}**")).nth(1) {
                let drafted = block
                    .lines()
                    .find(|l| l.starts_with("- as drafted"))
                    .unwrap();
                assert_eq!(
                    drafted,
                    format!("- as drafted → agreement in {agreement} of draws")
                );
                seen += 1;
            }
            assert!(seen >= 1, "{rel}: {title}");
            // Each party: at a glance, the draft's table, the uncertainty section.
            let own = drafts
                .split("\n### ")
                .find(|b| b.starts_with(title))
                .unwrap();
            for (q, pr) in d.evaluations[k].parties.iter().zip(&r.parties) {
                if s.party(q.party).is_observer() {
                    continue;
                }
                let name = s.party(q.party).name();
                let accept = pct(pr.accept.estimate);
                let figure = format!("accepts in {accept} of the draws from our estimate ranges");
                let open = pr.undetermined;
                let same = match q.verdict {
                    accord_model::Verdict::Accept => pr.accept.estimate,
                    accord_model::Verdict::Reject => 1.0 - pr.accept.estimate - open,
                    accord_model::Verdict::Undetermined => open,
                };
                if same < accord_report::FIRM && pr.accept.estimate > 0.0 {
                    assert!(
                        line.contains(&format!("accepts in {accept}")),
                        "{rel}: {line} / {name}"
                    );
                }
                let row = own
                    .lines()
                    .find(|l| l.starts_with(&format!("| {name}")))
                    .unwrap_or_else(|| panic!("{rel}: {name} in {own}"));
                assert!(row.contains(&figure), "{rel}: {row}");
                let said = format!("{} accepts {title} in ", name);
                for l in uncertainty.lines().filter(|l| l.contains(&said)) {
                    assert!(
                        l.contains(&format!(
                            "{said}{accept} of the draws from our estimate ranges"
                        )),
                        "{rel}: {l}"
                    );
                }
            }
        }
        // The HTML page is the same Markdown converted: the same figures, in the same order.
        let figures = |t: &str| -> Vec<String> {
            t.match_indices("% of the draws")
                .map(|(at, _)| {
                    let head = &t[..at];
                    let start = head
                        .rfind(|c: char| {
                            !(c.is_ascii_digit()
                                || c == '<'
                                || c == '>'
                                || c == ';'
                                || c.is_ascii_alphabetic()
                                || c == '&')
                        })
                        .map_or(0, |x| {
                            x + head[x..].chars().next().map_or(1, char::len_utf8)
                        });
                    head[start..].replace("&lt;", "<").replace("&gt;", ">")
                })
                .collect()
        };
        assert_eq!(figures(&md), figures(&html(&d)), "{rel}");
    }
}

/// The cold readers' findings on the flagship report (issue #13), each a rule of the report
/// checked on the flagship as written; every assertion fails on the wording it replaced.
#[test]
fn flagship_report_reads_as_the_record_does() {
    let s = load("examples/ukraine-2025.toml");
    let d = ReportData::compute(&s, &ReportOptions::default());
    let md = markdown(&d);

    // One id system: every citation's text is a source id of the scenario, and it links to
    // the entry with that id under Sources (which renumbered from the digests' ids before).
    let mut cited = 0;
    for (at, _) in md.match_indices("](#src-") {
        let open = md[..at].rfind('[').expect("a link text");
        let text = &md[open + 1..at];
        let rest = &md[at + "](#src-".len()..];
        let anchor = &rest[..rest.find(')').expect("a link end")];
        assert_eq!(text, anchor, "link text and anchor differ");
        let id = s
            .sources()
            .iter()
            .find(|src| src.id().to_string() == anchor)
            .unwrap_or_else(|| panic!("no source {anchor}"))
            .id();
        assert!(
            md.contains(&format!("<a id=\"src-{id}\"></a>**{id}** ")),
            "no entry for {id}"
        );
        cited += 1;
    }
    assert!(cited > 100, "{cited}");
    // s262 is S262 of the digest, the 4 July Kostiantynivka item (not the list's 262nd entry).
    assert!(md.contains("[s262](#src-s262)"));

    // The record's reactions to the latest draft carry their sources, a weak one marked (the
    // fourth read: "Russia: mixed (2026-02-05)" rests on a low-reliability copy of Lavrov).
    let record = section(&md, "## What the record shows");
    assert!(
        record.contains("Russia: mixed (2026-02-05) [[s150](#src-s150) (low reliability)]"),
        "{record}"
    );
    let glance = section(&md, "## At a glance");
    // The cell ranks causes as the findings do: Russia's rejection of the 20 points is below its
    // walk-away; its red line on NATO membership, crossed only by the status quo of an issue the
    // draft is silent on, comes after (the fourth read found the two disagreeing).
    let row_20 = glance
        .lines()
        .find(|l| l.starts_with("| **US–Ukraine 20-point framework"))
        .expect("the 20 points' row");
    assert!(
        row_20
            .contains("✗ *inferred* (also: reported red line on an issue the draft is silent on)"),
        "{row_20}"
    );
    // Scoped consent: Europe's rejection says why its consent is asked before what it rejects.
    let us_28 = finding(&md, "US 28-point draft");
    let europe = s.party(s.find_party("europe").unwrap()).name();
    let at = us_28
        .find(&format!("{europe} (asked because the draft changes "))
        .unwrap_or_else(|| panic!("{us_28}"));
    assert!(us_28[at..].contains("below its walk-away"), "{us_28}");
    // In brief sets the record beside the model's reading: each reaction to the draft with its
    // sources, a ⚠ where the verdict goes beyond a "basis for talks" (the fifth cold read).
    let brief = section(&md, "## In brief");
    let record = brief_line(brief, "US 28-point draft", "  - On record: ");
    assert!(
        record.starts_with("  - On record: ")
            && record.contains(&format!(
                "{europe}: basis for talks (2025-11-22) [[s28](#src-s28)] — ⚠ the model reads \
                 reject, firmer than what was said"
            )),
        "{brief}"
    );
    // Every reaction of a party to the draft, in date order, not only its latest.
    let russia = s.party(s.find_party("russia").unwrap()).name();
    let record_20 = brief_line(brief, "US–Ukraine 20-point framework", "  - On record: ");
    let at = record_20
        .find(&format!("{russia}: basis for talks (2025-12-24)"))
        .unwrap_or_else(|| panic!("{brief}"));
    assert!(
        record_20[at..].contains(", mixed (2026-02-05)"),
        "{record_20}"
    );
    // Plural names take no singular verb: no "<party> rejects/accepts/is …" in what the
    // report writes (source titles and the scenario's notes are quoted as they are).
    // Under "Who must agree", each ratifier's note up to how its preferences were estimated:
    // the record on how it ratifies (the referendum's ceasefire condition, s180), not its
    // Reported/Inferred paragraphs, which are under the parties.
    let who = section(&md, "## Who must agree");
    assert!(
        who.contains("a ceasefire of at least 60 days (s180)"),
        "{who}"
    );
    assert!(
        !who.contains("**Reported:**") && !who.contains("**Inferred:**"),
        "{who}"
    );
    // The ratifiers' notes quoted under "Who must agree" (indented items) are the file's words.
    let own_lines = |text: &str| -> String {
        text.lines()
            .filter(|l| !l.starts_with("  - "))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let written = format!(
        "{}{glance}{}",
        own_lines(section(&md, "## Who must agree")),
        section(&md, "## What the parties said, beside the model")
    );
    for p in s.parties() {
        for verb in [" rejects", " accepts", " is ratified", " has "] {
            assert!(
                !written.contains(&format!("{}{verb}", p.name())),
                "{}{verb}",
                p.name()
            );
        }
    }
    // A red line on an issue the draft is silent on is said to be that, not a clause.
    let twenty = finding(&md, "US–Ukraine 20-point framework (December 2025)");
    assert!(
        twenty.contains("Ukraine and NATO (I5), on which the draft says nothing"),
        "{twenty}"
    );
    assert!(!twenty.contains(") on Ukraine and NATO (I5): "), "{twenty}");
    // The memorandum: neither NATO nor the US stated a red line on it (no reaction on record;
    // the third read, 2026-12): NATO's neutrality clause and the US on Kherson and Zaporizhzhia
    // are scores now, so no red line of theirs is cited; NATO and Europe reject it on utility,
    // marked inferred, and the US is not among those rejecting it.
    let memo = finding(&md, "Russia's memorandum on a settlement (Istanbul)");
    // The US verdict on it is not settled by our draws (N1): the finding says the model cannot
    // tell, on our guess of its walk-away, with no reaction on record.
    assert!(
        memo.contains(
            "The model cannot tell (our estimates do not settle the verdict): United States ("
        ) && memo.contains(
            "it turns on our guess of its walk-away; no reaction of it to this draft is on record"
        ),
        "{memo}"
    );
    assert!(
        !memo.contains(") on Ukraine and NATO (I5): Neutrality"),
        "{memo}"
    );
    assert!(!memo.contains("United States (red line"), "{memo}");
    assert!(
        !memo
            .split("Rejected by:")
            .nth(1)
            .unwrap_or_default()
            .split(" The model cannot tell")
            .next()
            .unwrap_or_default()
            .contains("United States"),
        "{memo}"
    );
    // Undetermined verdicts name the open issue that decides them and print no bare 0%.
    assert!(twenty.contains("Undetermined: Ukraine (depends on how the draft's open issues are settled: Ukraine-held part of Donetsk oblast (I1))"), "{twenty}");
    assert!(!glance.contains("? (accepts in 0% of draws"), "{glance}");

    // No outcome crossing a stated red line, and none at 0%, is printed as a finding.
    assert!(d.shown_outcome().is_none());
    assert!(!md.contains("is an agreement in 0% of"), "{md}");
    assert!(!md.contains("→ agreement in 0% of draws"), "{md}");
    // Nothing found by either search: the section is one paragraph that says why.
    let amend = section(&md, "## What would make each draft acceptable");
    assert!(
        amend.contains("Nothing found: ")
            && amend.contains(
                "if every stated red line is treated as absolute, no option of Ukraine-held part \
                 of Donetsk oblast (I1) satisfies all of them"
            )
            && !amend.contains("### "),
        "{amend}"
    );
    // The empty bargaining section is one paragraph: no definitions, no frontier count.
    let solutions = section(&md, "## Bargaining solutions");
    assert!(!solutions.contains("Pareto frontier holds"), "{solutions}");
    assert!(!solutions.contains("Kalai"), "{solutions}");
    // Empty win-sets are one line, not a table of "not counted".
    assert!(!md.contains("| not counted | not counted |"));

    // Reactions: a reaction dated before its draft is not compared; basis and mixed are shown
    // but not counted as agreeing.
    let said = section(&md, "## What the parties said, beside the model");
    // (Ushakov's 21 December statement, once filed as a reaction to the 20 points presented
    // two days later, is no longer a reaction in the data: no row, no note.)
    assert!(!said.contains("| 2025-12-21 |"), "{said}");
    assert!(!said.contains("dated 2025-12-21"), "{said}");
    assert!(said.contains("| basis [[s22](#src-s22)"), "{said}");
    let russia_28 = said
        .lines()
        .find(|l| l.contains("| Russia | US 28-point draft | basis"))
        .expect("Russia's basis on the 28 points");
    assert!(russia_28.ends_with("| not compared |"), "{russia_28}");

    // Roles: disputed roles keep their mark in the table of who was at the table; ratifiers
    // are not at the drafting table.
    let table = section(&md, "## Who was at the table");
    for plan in s.plans() {
        for q in s.party_ixs().filter(|&q| plan.is_disputed(q)) {
            let line = row(table, s.party(q).name());
            assert!(
                line.contains(&format!("disputed (reported as {})", plan.role(q).word())),
                "{line}"
            );
        }
    }
    assert!(!table.contains("(disputed)"), "{table}");
    assert!(!table.contains("| Ukrainian voters"), "{table}");
    // No false precision, no key paths, no duplicate revision lines.
    assert!(!md.contains("± "), "a ± figure");
    assert!(!md.contains("parties.united_states.walk_away"));
    assert!(!md.contains("rank correlation"));
    assert!(!md.contains("\nRevises "));
    // Context before verdicts: the rules come before the table.
    assert!(md.find("## Who must agree").unwrap() < md.find("## At a glance").unwrap());

    // Under the README's what-if the summary's "no outcome is acceptable" is answered at once.
    // (The government holds that red line, and the voters one inferred from a poll on handing
    // Donbas over, s208; the Rada has none.)
    let what_ifs: Vec<WhatIf> = [
        "ukraine:donbas=cede_free_zone",
        "ukrainian_public:donbas=cede_free_zone",
    ]
    .iter()
    .map(|w| WhatIf::remove_red_line(w).unwrap())
    .collect();
    let changed = apply(&s, &what_ifs).unwrap();
    let options = ReportOptions {
        what_ifs: what_ifs.iter().map(|w| w.in_words(&s)).collect(),
        ..ReportOptions::default()
    };
    let d = ReportData::compute(&changed, &options);
    let md = markdown(&d);
    let top = &md[..md
        .find("**How to read a verdict.**")
        .expect("the reading note")];
    assert!(
        top.contains("The summary above describes the scenario as written, not this what-if"),
        "{top}"
    );
    assert!(top.contains("outcomes are acceptable to every party whose consent they need"));
    let solutions = section(&md, "## Bargaining solutions");
    assert!(
        solutions.contains("These solutions exist only under the what-if at the top"),
        "{solutions}"
    );
}

fn wording() -> Scenario {
    load("crates/accord-report/tests/data/report-wording.toml")
}

/// The cell of `party`'s column in the At a glance row of `draft`.
fn glance_cell(md: &str, s: &Scenario, draft: &str, party: &str) -> String {
    let glance = section(md, "## At a glance");
    let header = glance
        .lines()
        .find(|l| l.starts_with("| Draft |"))
        .expect("header");
    let col = header
        .split(" | ")
        .position(|h| h.trim_matches(['|', ' ']) == party)
        .unwrap_or_else(|| panic!("no column {party}"));
    let _ = s;
    let line = glance
        .lines()
        .find(|l| l.starts_with(&format!("| **{draft}**")))
        .unwrap_or_else(|| panic!("no row {draft}"));
    line.split(" | ").nth(col).expect("cell").to_owned()
}

/// A disputed drafter reads as disputed in every table, apart from the settled drafters,
/// never in a flat list of names.
#[test]
fn disputed_authorship_is_never_stated_flatly() {
    let s = wording();
    let md = markdown(&ReportData::compute(&s, &dated(2025, 6, 10)));
    let cell = glance_cell(&md, &s, "North's draft", "Drafted by");
    assert_eq!(cell, "North; disputed: South (see the draft's note)");
    assert!(
        !section(&md, "## At a glance").contains("North, South"),
        "flat list of drafters"
    );
    let table = section(&md, "## Who was at the table");
    assert!(row(table, "South").contains("disputed (reported as drafted)"));
    // The flagship: every disputed drafter of every draft, in the At a glance table.
    let f = load("examples/ukraine-2025.toml");
    let fmd = markdown(&ReportData::compute(&f, &ReportOptions::default()));
    for plan in f.plans() {
        let cell = glance_cell(&fmd, &f, plan.title(), "Drafted by");
        for &p in plan.drafted_by() {
            let name = f.party(p).name();
            if plan.is_disputed(p) {
                let at = cell.find(name).expect("named");
                assert!(
                    cell[..at].contains("disputed: "),
                    "{} reads flatly: {cell}",
                    plan.title()
                );
            }
        }
    }
}

/// A verdict stands beside what the party was reported to say; ⚠ marks one that goes against
/// a clear reaction or beyond a "basis for talks" / "mixed" one; a clear reaction the verdict
/// matches is shown unflagged.
#[test]
fn verdicts_carry_the_reported_reaction_where_they_are_stated() {
    let s = wording();
    let md = markdown(&ReportData::compute(&s, &dated(2025, 6, 10)));
    let own = glance_cell(&md, &s, "North's draft", "North");
    assert!(own.ends_with("on record: accept (2025-03-02)"), "{own}");
    assert!(!own.contains('⚠'), "{own}");
    let against = glance_cell(&md, &s, "South's draft", "South");
    assert!(
        against.contains("✓") && against.contains("⚠ against it — on record: reject (2025-04-02)"),
        "{against}"
    );
    let beyond = glance_cell(&md, &s, "Late draft", "North");
    assert!(
        beyond.contains("⚠ beyond it — on record: basis for talks (2025-05-02)"),
        "{beyond}"
    );
}

/// Shares of draws are printed only where a verdict depends on our estimates; a verdict that
/// holds across them carries none, and the legend says so once.
#[test]
fn shares_of_draws_only_where_a_verdict_depends_on_them() {
    let s = wording();
    let md = markdown(&ReportData::compute(&s, &dated(2025, 6, 10)));
    let glance = section(&md, "## At a glance");
    let table: String = glance
        .lines()
        .filter(|l| l.starts_with("| **"))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(!table.contains("% of draws"), "{table}");
    assert!(glance.contains(
        "A verdict with no bracket holds across our ranges for weights, scores and walk-away \
         values"
    ));
    assert!(glance.contains("red lines are taken as fixed in every draw"));
    // An uncertain walk-away: the verdict that flips says how, with its shares.
    let text =
        std::fs::read_to_string(root().join("crates/accord-report/tests/data/report-wording.toml"))
            .unwrap()
            .replace("walk_away = 0.3\n", "walk_away = [0.2, 0.5]\n")
            .replace("red_lines = { alliance = [\"open\"] }\n", "");
    let s = accord_model::parse(&text).scenario.expect("valid");
    let md = markdown(&ReportData::compute(&s, &dated(2025, 6, 10)));
    let cell = glance_cell(&md, &s, "North's draft", "North");
    assert!(!cell.contains("depends on our estimates"), "{cell}");
    let cell = glance_cell(&md, &s, "South's draft", "North");
    assert!(
        cell.contains("≈ cannot tell") && cell.contains("(depends on our estimates: accepts in "),
        "{cell}"
    );
    let f = section(&md, "## At a glance");
    assert!(
        f.lines()
            .filter(|l| l.starts_with("| **"))
            .all(|l| !l.contains("% of draws") || l.contains("depends on our estimates: ")),
        "{f}"
    );
}

/// The tally of reactions says which agreements test nothing: a drafter accepting its own
/// draft, and a reaction the party's preferences were estimated from.
#[test]
fn the_reaction_tally_says_which_agreements_test_nothing() {
    let s = wording();
    let md = markdown(&ReportData::compute(&s, &dated(2025, 6, 10)));
    let said = section(&md, "## What the parties said, beside the model");
    assert!(
        said.contains("it agrees with 2 and disagrees with 1"),
        "{said}"
    );
    assert!(
        said.contains("1 is a drafter accepting its own draft (North on North's draft)"),
        "{said}"
    );
    assert!(
        said.contains(
            "1 was reported in sources the party's preferences were estimated from (South on \
             North's draft)"
        ),
        "{said}"
    );
    // The flagship: every agreement in its tally is one of the two kinds or none is claimed.
    let f = load("examples/ukraine-2025.toml");
    let d = ReportData::compute(&f, &ReportOptions::default());
    let fmd = markdown(&d);
    let agree = d
        .reactions
        .iter()
        .filter(|r| r.check.agrees == Some(true))
        .count();
    if agree > 0 {
        assert!(
            section(&fmd, "## What the parties said").contains("Of the agreements, "),
            "the flagship's tally does not say what its agreements rest on"
        );
    }
    // What is left to test the model is counted from the same kinds: every flagship agreement
    // is self-confirming, and the tally says so in as many words.
    let (own, used) = accord_report::reaction_kinds(&d);
    let tests = agree - own.len() - used.len();
    let said = section(&fmd, "## What the parties said");
    if tests == 0 && agree > 0 {
        assert!(
            said.contains("So none of the agreements tests the model."),
            "{said}"
        );
    }
    // A "basis for talks" or "mixed" reaction read as a firm verdict is counted.
    let firmer = d.firmer_than_said();
    assert!(firmer > 0);
    assert!(
        said.contains(&format!(
            "the model reads {firmer} as a firm accept or reject (⚠"
        )),
        "{said}"
    );
}

/// The ratification sentence follows the quorum the file states: one of several ratifiers,
/// or all of them, and says it is the file's rule.
#[test]
fn ratification_wording_follows_the_file() {
    let s = wording();
    let md = markdown(&ReportData::compute(&s, &dated(2025, 6, 10)));
    assert!(
        md.contains(
            "ratified for South by Parliament or Voters — the scenario requires at least one of \
             them to accept"
        ),
        "{}",
        section(&md, "## Who must agree")
    );
    let text =
        std::fs::read_to_string(root().join("crates/accord-report/tests/data/report-wording.toml"))
            .unwrap()
            .replace("ratification = { quorum = 1 }\n", "");
    let s = accord_model::parse(&text).scenario.expect("valid");
    let md = markdown(&ReportData::compute(&s, &dated(2025, 6, 10)));
    assert!(
        md.contains(
            "ratified for South by Parliament and Voters — the scenario requires every one of \
             them to accept"
        ),
        "{}",
        section(&md, "## Who must agree")
    );
    assert!(!md.contains("each of them must accept"));
    assert!(md.contains("This is the rule the scenario states"));
}

/// The reason a party rejects names the decisive cause: a red line crossed only by the
/// status quo of an issue the draft is silent on reads as that, with the utility that would
/// otherwise clear; beside a utility below the walk-away it comes second, as "also".
#[test]
fn rejection_names_the_decisive_cause() {
    let s = wording();
    let md = markdown(&ReportData::compute(&s, &dated(2025, 6, 10)));
    let silent = finding(&md, "South's draft");
    assert!(
        silent.contains(
            "North (only because of an issue the draft is silent on — The south's alliance \
             membership, on which the draft says nothing"
        ) && silent.contains("otherwise its utility (0.35) would clear its walk-away (0.30)"),
        "{silent}"
    );
    let both = finding(&md, "Late draft");
    let below = both
        .find("below its walk-away: utility 0.23 against 0.30")
        .unwrap_or_else(|| panic!("{both}"));
    let also = both
        .find("also: The south's alliance membership, on which the draft says nothing")
        .unwrap_or_else(|| panic!("{both}"));
    assert!(below < also, "{both}");
    assert!(both.contains("its largest loss is on Where the border runs"));
    // An exact walk-away is not called an estimate.
    assert!(!both.contains("(our estimate)"), "{both}");
}

/// A short account of the record at the top, before any model output: the latest draft and
/// what was said of it, whether any draft is on record as accepted, the latest entries.
#[test]
fn the_record_is_summed_up_before_the_model() {
    let s = wording();
    let md = markdown(&ReportData::compute(&s, &dated(2025, 6, 10)));
    let play = section(&md, "## What the record shows as of 2025-06-01");
    assert!(md.find("## What the record shows").unwrap() < md.find("## At a glance").unwrap());
    assert!(
        play.contains(
            "The latest draft is **Late draft** (2025-05-01); reported reactions — North: basis \
             for talks (2025-05-02) [[wire](#src-wire)]."
        ),
        "{play}"
    );
    assert!(play.contains("No draft is on record as accepted by every party"));
    assert!(play.contains("2025-05-20: The two delegations meet; no text is agreed."));
    assert!(
        !play.contains("2025-03-02"),
        "only the latest entries: {play}"
    );
    // A draft every signatory accepted on record reads as that.
    let text =
        std::fs::read_to_string(root().join("crates/accord-report/tests/data/report-wording.toml"))
            .unwrap()
            .replace(
                "plan = \"north_draft\"\nreaction = \"reject\"",
                "plan = \"north_draft\"\nreaction = \"accept\"",
            );
    let s = accord_model::parse(&text).scenario.expect("valid");
    let md = markdown(&ReportData::compute(&s, &dated(2025, 6, 10)));
    assert!(
        md.contains(
            "- On record as accepted by every party whose signature it needs: North's draft."
        ),
        "{}",
        section(&md, "## What the record shows")
    );
}

/// When the latest draft leaves most issues open (a declaration on one issue), the latest draft
/// that settles most issues is named first, as the latest draft, and the later partial one after
/// it with how little it settles, each with its own reactions.
#[test]
fn a_partial_latest_draft_is_named_beside_the_last_whole_one() {
    let text =
        std::fs::read_to_string(root().join("crates/accord-report/tests/data/report-wording.toml"))
            .unwrap()
            .replacen(
                "[[events]]",
                "[plans.declaration]\ntitle = \"A declaration on forces\"\ndate = 2025-05-10\n\
                 drafted_by = [\"south\"]\nsources = [\"wire\"]\nopen = [\"border\", \"alliance\"]\n\
                 [plans.declaration.terms]\ncap = \"low\"\n\n[[events]]",
                1,
            );
    let s = accord_model::parse(&text).scenario.expect("valid");
    let md = markdown(&ReportData::compute(&s, &dated(2025, 6, 10)));
    let play = section(&md, "## What the record shows");
    assert!(
        play.contains(
            "A later, partial draft, **A declaration on forces** (2025-05-10), settles 1 of 3 \
             issues and leaves the rest open; no party's reaction to it is on record."
        ),
        "{play}"
    );
    assert!(
        play.contains(
            "The latest draft that settles most issues is **Late draft** (2025-05-01); reported \
             reactions — North: basis for talks (2025-05-02) [[wire](#src-wire)]."
        ),
        "{play}"
    );
    assert!(!play.contains("The latest draft is"), "{play}");
    assert!(
        play.find("**Late draft**") < play.find("**A declaration on forces**"),
        "{play}"
    );
}

/// Prose for readers carries no tool commands or modelling jargon, and sections that would
/// report nothing collapse to a line or vanish (the flagship, where they did).
#[test]
fn flagship_prose_has_no_jargon_or_empty_sections() {
    let s = load("examples/ukraine-2025.toml");
    let md = markdown(&ReportData::compute(&s, &ReportOptions::default()));
    // The report's own prose (the scenario's notes and summary are quoted as written).
    let body = [
        "## What the record shows",
        "## Who must agree",
        "## At a glance",
        "## What the parties said",
        "## What would make each draft acceptable",
        "## Bargaining solutions",
        "## The frontier of the two signatories whose estimated preferences conflict most",
        "## Annex: a simulated negotiation",
        "## What the uncertainty does",
    ]
    .map(|h| section(&md, h))
    .concat();
    for word in [
        "`accord ",
        "--set",
        "SAO",
        "boulware",
        "reservation value",
        "Pareto",
        "standard error",
        "exceed the search limit",
        "Not counted here",
        "no status quo: always",
        "consent_on",
        "the note above",
        "accepts in 0% of",
        "% of draws",
    ] {
        assert!(!body.contains(word), "{word} in the report's prose");
    }
    assert!(!md.contains(
        "### Win-sets\n\nA party's win-set is what it can get ratified at home. Not counted"
    ));
    // Notes are shown in the reader's words: no ids in backticks, no commands, no pointer to
    // the file's layout.
    for h in [
        "## In brief",
        "## Who must agree",
        "## The parties",
        "## The drafts",
        "## If one red line were relaxed",
    ] {
        let text = section(&md, h);
        assert!(!text.contains('`'), "{h}: {text}");
        assert!(!text.contains("the note above"), "{h}");
        assert!(!text.contains("--remove"), "{h}");
    }
    // Each what-if package says how far it holds across the estimate ranges, not only at the
    // midpoints (the fourth read: "no share of draws"), with a share between 0% and 100%.
    let relaxed = section(&md, "## If one red line were relaxed");
    let packages = relaxed.matches("would be accepted by every party").count();
    assert!(packages > 0, "{relaxed}");
    assert_eq!(
        relaxed
            .matches(
                " of the draws from our estimate ranges (the other red lines fixed in every draw)."
            )
            .count(),
        packages,
        "{relaxed}"
    );
    let amend = section(&md, "## What would make each draft acceptable");
    if amend.contains("Nothing found") {
        assert_eq!(
            amend.trim().lines().filter(|l| !l.is_empty()).count(),
            2,
            "{amend}"
        );
    }
    // An observer's preferences are not modelled: its entry states no walk-away.
    let parties = section(&md, "## The parties");
    let mut observers = 0;
    for p in s.parties().iter().filter(|p| p.is_observer()) {
        let entry = parties
            .split("\n**")
            .find(|e| e.starts_with(&format!("{}**", p.name())))
            .unwrap_or_else(|| panic!("no entry for {}", p.name()));
        assert!(!entry.contains("Walk-away value"), "{entry}");
        observers += 1;
    }
    assert!(observers > 0, "the flagship has an observer");
}

/// The flagship's rule (only red lines the digests mark as reported are red lines, save the
/// voters' veto on ceding Donbas, inferred from a poll) as the report reads it: every red line of
/// every party is found in its note's "Reported:" paragraph with at least one source, or in its
/// "Inferred:" paragraph with at least one source and the words it was inferred from — so no
/// table cell or finding says "stated in the file" of one, and none passes an unsourced
/// inference off as a veto. The inferred ones are exactly the voters' on handing over Donbas
/// (s208), a withdrawal into the US 'free economic zone' included (the fifth cold read).
#[test]
fn every_flagship_red_line_reads_with_a_source_reported_or_inferred_as_the_note_says() {
    use accord_report::provenance::{RedLineOrigin, red_line_basis, red_line_origin};
    let s = load("examples/ukraine-2025.toml");
    let mut checked = 0;
    let mut inferred = Vec::new();
    for p in s.party_ixs() {
        for (issue, options) in s.party(p).red_lines() {
            for &o in options {
                let origin = red_line_origin(&s, p, *issue, o);
                let what = format!(
                    "{}: red line on {} = {}: {origin:?}",
                    s.party(p).id(),
                    s.issue(*issue).id(),
                    s.issue(*issue).option_value(o)
                );
                match &origin {
                    RedLineOrigin::Reported(sources) => assert!(!sources.is_empty(), "{what}"),
                    RedLineOrigin::Inferred(sources) => {
                        assert!(!sources.is_empty(), "{what}");
                        let basis = red_line_basis(&s, p, *issue, o);
                        assert!(
                            basis.as_deref().is_some_and(|b| b.starts_with("from ")),
                            "{what}: {basis:?}"
                        );
                        let ids: Vec<String> = sources
                            .iter()
                            .map(|&x| s.source(x).id().to_string())
                            .collect();
                        inferred.push(format!(
                            "{}:{}={} {ids:?}",
                            s.party(p).id(),
                            s.issue(*issue).id(),
                            s.issue(*issue).option_value(o)
                        ));
                    }
                    RedLineOrigin::InFile => panic!("{what}"),
                }
                checked += 1;
            }
        }
    }
    assert!(checked >= 20, "{checked}");
    inferred.sort();
    assert_eq!(
        inferred,
        [
            "ukrainian_public:donbas=annexed [\"s208\"]",
            "ukrainian_public:donbas=cede_free_zone [\"s208\"]",
            "ukrainian_public:donbas=cede_recognised [\"s208\"]"
        ]
    );
}

/// The voters' veto rests on a poll (the third cold read, N4): the report says "inferred from
/// polls" wherever it cites it, with the poll, what it asked and its source — in the table, the
/// findings and the party's red lines — and never "reported". No poll asked about Kherson and
/// Zaporizhzhia, so the voters hold no red line there.
#[test]
fn the_voters_veto_reads_as_inferred_from_a_poll() {
    let s = load("examples/ukraine-2025.toml");
    let d = ReportData::compute(&s, &ReportOptions::default());
    let md = markdown(&d);
    let voters = s.party(s.find_party("ukrainian_public").unwrap()).name();
    let cell = glance_cell(
        &md,
        &s,
        "Russia's memorandum on a settlement (Istanbul)",
        voters,
    );
    assert!(
        cell.contains("✗ *inferred* red line, read from one poll question"),
        "{cell}"
    );
    assert!(!cell.contains("reported"), "{cell}");
    let parties = section(&md, "## The parties");
    let entry = parties
        .split("\n**")
        .find(|e| e.starts_with(&format!("{voters}**")))
        .expect("the voters' entry");
    let red = entry
        .lines()
        .find(|l| l.starts_with("- Red lines"))
        .expect("the voters' red lines");
    assert!(
        red.contains(
            "(*inferred* from one poll question: KIIS asked about handing all of Donbas to Russia"
        ) && red.contains("[[s208](#src-s208)]: our reading, not a stated position)"),
        "{red}"
    );
    assert!(!red.contains("reported"), "{red}");
    assert!(!red.contains("Kherson"), "{red}");
    // The what-if that drops the Donbas red line names the voters' as inferred from a poll.
    let relaxed = section(&md, "## If one red line were relaxed");
    assert!(
        relaxed.contains(&format!("{voters} (inferred from one poll question)")),
        "{relaxed}"
    );
    assert!(
        !relaxed.contains(&format!("{voters} (reported)")),
        "{relaxed}"
    );
}

/// A move in a counter-draft is no red line (the fifth cold read, after N8): Europe's view of the
/// US package's no-enlargement clause, read from the E3's deletion of the 28 points' point 3, is
/// a score, so no cell, In brief or finding calls it a reported red line, and Europe's rejection
/// of the 28 points rests on its utility (below its walk-away), as the table shows. (A red line
/// read from a poll says so where it is cited: `the_voters_veto_reads_as_inferred_from_a_poll`.)
#[test]
fn a_deletion_in_a_counter_draft_is_no_red_line() {
    let s = load("examples/ukraine-2025.toml");
    let europe_ix = s.find_party("europe").unwrap();
    assert!(s.party(europe_ix).red_lines().is_empty());
    let md = markdown(&ReportData::compute(&s, &ReportOptions::default()));
    let us_28 = finding(&md, "US 28-point draft");
    let europe = s.party(europe_ix).name();
    let after = us_28
        .split(europe)
        .nth(1)
        .expect("Europe rejects the 28 points");
    assert!(after.contains("below its walk-away"), "{us_28}");
    assert!(!md.contains("deletion of the 28 points' point 3"), "{md}");
    let cell = glance_cell(&md, &s, "US 28-point draft", europe);
    assert!(cell.contains("✗"), "{cell}");
    assert!(!cell.contains("red line"), "{cell}");
}

/// A verdict our draws do not settle is not printed as one (the third cold read, N1): every At
/// a glance cell whose party accepts in the band [`accord_report::TOO_CLOSE`] of the draws shows
/// "≈ cannot tell", with its shares, and no ✓ or ✗; every other asked, settled cell keeps its
/// mark. The US cell on Russia's memorandum (it accepts in about two thirds of the draws, on
/// our guess of its walk-away, with no reaction on record) is the case that changed.
#[test]
fn a_verdict_the_draws_do_not_settle_reads_as_cannot_tell() {
    use accord_model::Verdict;
    let s = load("examples/ukraine-2025.toml");
    let d = ReportData::compute(&s, &ReportOptions::default());
    let md = markdown(&d);
    let (lo, hi) = accord_report::TOO_CLOSE;
    let mut unsettled = 0;
    for (k, &plan) in d.plans.iter().enumerate() {
        for (q, pe) in d.evaluations[k].parties.iter().enumerate() {
            let party = s.party(pe.party);
            if party.is_observer() || pe.asked == Some(false) {
                continue;
            }
            let share = d.robustness.plans[k].parties[q].accept.estimate;
            let cell = glance_cell(&md, &s, s.plan(plan).title(), party.name());
            if pe.verdict != Verdict::Undetermined && (lo..=hi).contains(&share) {
                unsettled += 1;
                assert!(
                    cell.contains("≈ cannot tell")
                        && !cell.contains('✓')
                        && !cell.contains('✗')
                        && cell.contains("depends on our estimates: accepts in "),
                    "{cell}"
                );
            } else {
                assert!(!cell.contains("≈"), "{cell}");
            }
        }
    }
    assert!(unsettled >= 1, "{unsettled}");
    let us = s.party(s.find_party("united_states").unwrap()).name();
    let memo = "Russia's memorandum on a settlement (Istanbul)";
    let cell = glance_cell(&md, &s, memo, us);
    assert!(
        cell.contains("≈ cannot tell *model only: turns on our guess of its walk-away (0.33); no reaction on record*"),
        "{cell}"
    );
    // A settled-enough verdict that still depends on our walk-away guess, with no reaction on
    // record, is marked "model only" too: NATO on the memorandum.
    let nato = s.party(s.find_party("nato").unwrap()).name();
    let cell = glance_cell(&md, &s, memo, nato);
    assert!(
        cell.contains(
            "✗ *model only: turns on our guess of its walk-away (0.35); no reaction on record*"
        ),
        "{cell}"
    );
    // A drafter's verdict on its own draft is not the model's alone: the US on the 20 points.
    let cell = glance_cell(&md, &s, "US–Ukraine 20-point framework (December 2025)", us);
    assert!(cell.contains("✓") && !cell.contains("model only"), "{cell}");
    // The legend states the band; In brief says the model cannot tell, not "would accept".
    let glance = section(&md, "## At a glance");
    assert!(
        glance.contains("≈ the model cannot tell (the party accepts in 25%–75% of the draws"),
        "{glance}"
    );
    let brief = section(&md, "## In brief");
    // The draft's headline and its lines, one per party the model has something to say of.
    let line: String = brief_entry(brief, memo)
        .iter()
        .map(|l| format!("{l}\n"))
        .collect();
    assert!(!line.is_empty(), "the memorandum's line");
    // A headline naming who would reject it, then a line per party with its cause: no cause in
    // brackets after a name inside a list (the sixth cold read's journalist).
    let ukraine = s.party(s.find_party("ukraine").unwrap()).name();
    assert!(
        line.starts_with(&format!("- **{memo}**: would be rejected by {ukraine}, ")),
        "{line}"
    );
    assert!(
        line.contains(&format!("\n  - {ukraine}: a reported red line [")),
        "{line}"
    );
    // Nothing on record and a verdict that turns on our guess of the US walk-away: In brief
    // gives no share of draws that would only restate the guess (the fifth cold read).
    assert!(
        line.contains(&format!(
            "  - The model cannot tell for {us}, as our estimates do not settle the verdict: no \
             reaction of it to this draft is on record, and the model's verdict turns on our \
             guess of its walk-away."
        )),
        "{line}"
    );
    assert!(!line.contains("66%"), "{line}");
    // The draft's own table says so too.
    let drafts = section(&md, "## The drafts");
    let table_row = drafts
        .lines()
        .find(|l| l.starts_with(&format!("| {us} | 0.37")))
        .expect("the US row under the memorandum");
    assert!(
        table_row.contains("| the model cannot tell |"),
        "{table_row}"
    );
}

/// Findings quote utilities and walk-aways as the tables print them, two decimals (N7): no gap
/// grows or shrinks in the rounding.
#[test]
fn findings_round_as_the_tables_do() {
    let s = load("examples/ukraine-2025.toml");
    let d = ReportData::compute(&s, &ReportOptions::default());
    let md = markdown(&d);
    let twenty = s.find_plan("us_ua_20").unwrap();
    let k = d.position(twenty);
    let russia = s.find_party("russia").unwrap();
    let pe = d.evaluations[k]
        .parties
        .iter()
        .find(|p| p.party == russia)
        .unwrap();
    let f = finding(&md, s.plan(twenty).title());
    let expected = format!(
        "utility {:.2}–{:.2} against {:.2} (our estimate)",
        pe.utility_range.0, pe.utility_range.1, pe.walk_away
    );
    assert!(f.contains(&expected), "{expected} in {f}");
    let glance = section(&md, "## At a glance");
    let findings = &glance[glance.find("**Findings**").unwrap()..];
    for (at, _) in findings.match_indices("utility ") {
        let next: String = findings[at + "utility ".len()..].chars().take(4).collect();
        if next.starts_with("0.") || next.starts_with("1.") {
            assert!(
                next.chars().nth(3).is_some_and(|c| c.is_ascii_digit()),
                "one decimal: {next}"
            );
        }
    }
}

/// The "Drafted by" cell agrees with the draft's prose (the cold reads' journalist 11): a role
/// entry's note says who, within a party as modelled, took the role — the E3, not the EU.
#[test]
fn a_role_note_names_who_within_the_party_took_the_role() {
    let s = load("examples/ukraine-2025.toml");
    let md = markdown(&ReportData::compute(&s, &ReportOptions::default()));
    let cell = glance_cell(
        &md,
        &s,
        "E3 counter-proposal (UK, France, Germany)",
        "Drafted by",
    );
    let europe = s.party(s.find_party("europe").unwrap()).name();
    assert_eq!(
        cell,
        format!(
            "{europe} — the E3 (UK, France, Germany), not the EU institutions (s44, s45); who \
             wrote it is not reported: their national-security advisers met the Ukrainian \
             delegation in Geneva that day (s95)"
        )
    );
    let drafts = section(&md, "## The drafts");
    assert!(
        drafts.contains(&format!(
            "Drafted by: {europe} — the E3 (UK, France, Germany), not the EU institutions"
        )),
        "{drafts}"
    );
}

/// "Who must agree" counts what the model does (the cold reads' journalist 12): the parties
/// asked about every draft apart from those asked only where a draft moves their issues.
#[test]
fn who_must_agree_counts_scoped_consent_apart() {
    let s = load("examples/ukraine-2025.toml");
    let md = markdown(&ReportData::compute(&s, &ReportOptions::default()));
    let who = section(&md, "## Who must agree");
    let name = |id: &str| s.party(s.find_party(id).unwrap()).name().to_owned();
    assert!(
        who.contains(&format!(
            "An agreement needs every signatory to accept: {}, {} and {} (3) on every draft, and \
             {} and {} (2) only on a draft that changes an issue they have a say on (scoped \
             consent).",
            name("united_states"),
            name("russia"),
            name("ukraine"),
            name("europe"),
            name("nato")
        )),
        "{who}"
    );
    assert!(!who.contains("every signatory (5)"), "{who}");
}

/// Under a `revises` comparison where a draft leaves issues open, the section's rule and the
/// comparison agree (N9): the rule says such changes are not judged, and each comparison names
/// the draft that leaves issues open instead of a boilerplate paragraph.
#[test]
fn revisions_with_open_issues_say_which_draft_leaves_them_open() {
    let s = load("examples/ukraine-2025.toml");
    let md = markdown(&ReportData::compute(&s, &ReportOptions::default()));
    let differ = section(&md, "## How the drafts differ");
    assert!(
        !differ.contains("A draft here leaves issues open"),
        "{differ}"
    );
    assert!(
        !differ.contains("A change in a party's utility is reported only when"),
        "{differ}"
    );
    assert!(
        differ.contains(
            "What the revision did to each party (E3 counter-proposal (UK, France, Germany) \
             leaves issues open, so utilities are ranges at the midpoint estimates and the \
             changes are not judged against our uncertainty):"
        ),
        "{differ}"
    );
}

/// The what-if packages flag each term that overrides a position a party holds without a red
/// line (the third cold read, N3): a term is marked "scored lowest of its options by" exactly
/// the parties that weigh its issue and score it lowest at the midpoint estimates — so the
/// frozen assets returned to Russia, or no third-state forces at all, do not pass unmarked.
#[test]
fn what_if_terms_name_the_parties_that_score_them_lowest() {
    let s = load("examples/ukraine-2025.toml");
    let md = markdown(&ReportData::compute(&s, &ReportOptions::default()));
    let relaxed = section(&md, "## If one red line were relaxed");
    // A package is no text anyone proposed, and its shares do not rank concessions by the
    // record (the fifth cold read).
    assert!(
        relaxed.contains("not a text anyone proposed")
            && relaxed.contains("they do not say which concession the record makes likelier"),
        "{relaxed}"
    );
    let short = |label: String| match label.rfind(" (") {
        Some(k) if label.ends_with(')') && k > 0 => label[..k].to_owned(),
        _ => label,
    };
    let mut checked = 0;
    let mut flagged = 0;
    for line in relaxed.lines().filter(|l| l.starts_with("  - ")) {
        let (i, o) = s
            .issue_ixs()
            .flat_map(|i| s.issue(i).options().map(move |o| (i, o)))
            .filter(|&(i, o)| {
                line.starts_with(&format!(
                    "  - {}: {}",
                    s.issue(i).title(),
                    short(s.issue(i).option_label(o))
                ))
            })
            .max_by_key(|&(i, o)| short(s.issue(i).option_label(o)).len())
            .unwrap_or_else(|| panic!("no term for {line}"));
        let lowest: Vec<&str> = s
            .party_ixs()
            .filter(|&p| !s.party(p).is_observer())
            .filter(|&p| {
                let prefs = accord_model::PointPreferences::midpoint(&s, p);
                let Some(k) = prefs.weighted().iter().position(|w| w.issue == i) else {
                    return false;
                };
                let all: Vec<f64> = s
                    .issue(i)
                    .options()
                    .map(|x| prefs.contribution(k, x))
                    .collect();
                let lo = all.iter().copied().fold(f64::MAX, f64::min);
                let hi = all.iter().copied().fold(f64::MIN, f64::max);
                hi - lo > 1e-9 && prefs.contribution(k, o) <= lo + 1e-9
            })
            .map(|p| s.party(p).name())
            .collect();
        if lowest.is_empty() {
            assert!(!line.contains("scored lowest"), "{line}");
        } else {
            flagged += 1;
            let at = line
                .find("(scored lowest of its options by ")
                .unwrap_or_else(|| panic!("{line}"));
            for name in lowest {
                assert!(line[at..].contains(name), "{name}: {line}");
            }
        }
        checked += 1;
    }
    assert!(checked > 10 && flagged > 3, "{checked} {flagged}");
    let europe = s.party(s.find_party("europe").unwrap()).name();
    let forces = relaxed
        .lines()
        .find(|l| l.contains("No third-state forces, bases or military infrastructure at all"))
        .expect("a package without third-state forces");
    assert!(forces.contains(europe), "{forces}");
    assert!(relaxed.contains("A term \"scored lowest of its options by\" a party overrides"));
}

/// The scenario's note (scope, sources, modelling choices) is methodology: it is printed under
/// "About this scenario", after the analyses and just before the sources, and the top of the
/// report links to it instead of opening with it.
#[test]
fn the_scenario_note_comes_before_the_sources_and_the_top_links_to_it() {
    let text = std::fs::read_to_string(root().join("../shared/scenarios/toy-border.toml"))
        .expect("toy scenario");
    let with_note = text.replacen(
        "as_of = 2025-11-23\n",
        "as_of = 2025-11-23\nnote = \"Scope NOTE-MARKER: the fund is in millions.\"\n",
        1,
    );
    assert_ne!(with_note, text, "the toy scenario's as_of line moved");
    let s = accord_model::parse(&with_note)
        .scenario
        .expect("the toy scenario with a note");
    let md = markdown(&ReportData::compute(&s, &ReportOptions::default()));
    let note = md.find("Scope NOTE-MARKER").expect("the note is printed");
    assert_eq!(md.matches("NOTE-MARKER").count(), 1, "printed once");
    let about = md
        .find("## <a id=\"about-this-scenario\"></a>About this scenario")
        .expect("its section");
    let sources = md.find("## Sources").expect("sources");
    let in_brief = md.find("## In brief").expect("In brief");
    assert!(in_brief < about && about < note && note < sources, "{md}");
    let link = md
        .find("](#about-this-scenario)")
        .expect("a link at the top");
    assert!(link < in_brief);
    // Without a note, neither the section nor the link.
    let plain = markdown(&ReportData::compute(
        &load("../shared/scenarios/toy-border.toml"),
        &ReportOptions::default(),
    ));
    assert!(!plain.contains("about-this-scenario"));
    // In HTML the link resolves to the section.
    let page = html(&ReportData::compute(&s, &ReportOptions::default()));
    assert!(page.contains("href=\"#about-this-scenario\""));
    assert!(page.contains("id=\"about-this-scenario\""));
}

/// A report computed with a cancel flag that is never set is the report; with the flag set
/// before the start, the answer is `ReportCancelled`, never a report on cut-short results.
#[test]
fn a_cancelled_report_is_no_report() {
    let s = load("../shared/scenarios/toy-border.toml");
    let plain = markdown(&ReportData::compute(&s, &ReportOptions::default()));
    let watched = ReportOptions {
        cancel: accord_model::Cancel::new(),
        ..ReportOptions::default()
    };
    let d = ReportData::compute_cancellable(&s, &watched).expect("not cancelled");
    assert_eq!(markdown(&d), plain);
    watched.cancel.cancel();
    assert_eq!(
        ReportData::compute_cancellable(&s, &watched).err(),
        Some(accord_report::ReportCancelled)
    );
}

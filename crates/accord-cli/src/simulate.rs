//! `accord simulate FILE --protocol sao|single-text|drafted-then-ratified --strategy
//! party=name[:params] ... --rounds N --seed S [--repeat K] [--trace out.jsonl] [--json]`
//!
//! Runs negotiations between strategies (accord-sim) and reports the outcome, each party's
//! utility and the metrics (agreement, distance to the Pareto frontier and to the Nash point,
//! welfare); with `--repeat K`, K runs on seeds S, S+1, … and their aggregate. Runs are
//! independent and merged in seed order, so the output does not depend on the thread count.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

use accord_model::diagnostic::closest;
use accord_model::whatif::WhatIf;
use accord_model::{IssueIx, OptionIx, Scenario};
use accord_sim::metrics::Reference;
use accord_sim::protocol::{DraftProtocol, DraftedThenRatified, Protocol, Sao, SingleText};
use accord_sim::{Action, Domain, Ending, Event, Negotiation, OutcomeId, Spec, report, strategy};
use comfy_table::Cell;
use rayon::prelude::*;
use serde_json::{Value, json};

use crate::Status;
use crate::input::{load_valid, print_json};
use crate::style;

/// The protocol to run.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProtocolArg {
    /// Stacked alternating offers (NegMAS semantics).
    Sao,
    /// A mediator's single negotiating text.
    SingleText,
    /// A subset drafts, the others ratify.
    DraftedThenRatified,
}

/// How drafters draft.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum DraftArg {
    /// Stacked alternating offers.
    Sao,
    /// A mediator's single negotiating text.
    SingleText,
}

/// Options of the command.
pub struct Options<'a> {
    pub protocol: ProtocolArg,
    pub strategies: &'a [String],
    pub parties: &'a [String],
    pub rounds: usize,
    pub seed: u64,
    pub repeat: u64,
    pub trace: Option<&'a Path>,
    pub json: bool,
    pub drafters: &'a [String],
    pub draft: DraftArg,
    pub consult: Option<&'a str>,
    pub consultations: usize,
    pub revisions: usize,
    pub pressure: f64,
    pub what_ifs: &'a [WhatIf],
}

/// The default strategy of a party not named in `--strategy`.
const DEFAULT_STRATEGY: &str = "boulware";

pub fn run(path: &Path, o: &Options<'_>) -> Status {
    let (_, scenario) = match load_valid(path, o.json, o.what_ifs) {
        Ok(x) => x,
        Err(status) => return status,
    };
    let domain = match Domain::build(&scenario) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: cannot simulate `{}`: {e}", scenario.id());
            return Status::Usage;
        }
    };
    let setup = match Setup::new(&scenario, &domain, o) {
        Ok(s) => s,
        Err(message) => {
            eprintln!("error: {message}");
            return Status::Usage;
        }
    };
    let protocol = setup.protocol.as_ref();
    let record = o.trace.is_some() || (o.repeat == 1 && !o.json);
    let seeds: Vec<u64> = (0..o.repeat).map(|k| o.seed.wrapping_add(k)).collect();
    let runs: Vec<Negotiation> = seeds
        .par_iter()
        .map(|&seed| {
            accord_sim::negotiate(
                &domain,
                protocol,
                &setup.members,
                &setup.specs,
                seed,
                record,
            )
        })
        .collect();
    if let Some(trace) = o.trace
        && let Err(e) = write_trace(trace, &scenario, &domain, &seeds, &runs)
    {
        eprintln!("error: cannot write the trace to {}: {e}", trace.display());
        return Status::Usage;
    }
    let reference = Reference::for_scenario(&scenario, &domain, &setup.judged);
    let metrics = reference.is_some();
    let summaries: Vec<Summary> = runs
        .iter()
        .zip(&seeds)
        .map(|(n, &seed)| Summary::new(&setup, reference.as_ref(), n, seed))
        .collect();
    if o.json {
        print_json(&json_report(
            &scenario, &domain, &setup, o, &summaries, &runs,
        ));
    } else if o.repeat == 1 {
        print_story(
            &scenario,
            &domain,
            &setup,
            o,
            &runs[0],
            &summaries[0],
            metrics,
        );
    } else {
        print_aggregate(&scenario, &domain, &setup, o, &summaries, metrics);
    }
    Status::Ok
}

/// Everything resolved from the command line.
struct Setup {
    /// Negotiators, in ring order (domain positions).
    members: Vec<usize>,
    /// Parties whose utilities the metrics measure: the members that must agree.
    judged: Vec<usize>,
    /// One strategy spec per domain party.
    specs: Vec<Spec>,
    protocol: Box<dyn Protocol + Sync>,
    drafters: Vec<usize>,
}

impl Setup {
    fn new(scenario: &Scenario, domain: &Domain, o: &Options<'_>) -> Result<Setup, String> {
        let find = |id: &str| find_party(scenario, domain, id);
        if o.protocol != ProtocolArg::DraftedThenRatified
            && (!o.drafters.is_empty() || o.consult.is_some())
        {
            return Err(
                "--drafters and --consult apply to --protocol drafted-then-ratified only".into(),
            );
        }
        // Strategies: `party=spec`, or a bare spec for every party not named.
        let mut default = strategy::parse(DEFAULT_STRATEGY).map_err(|e| e.0)?;
        let mut named: Vec<(usize, Spec)> = Vec::new();
        for arg in o.strategies {
            let before_eq = arg.split('=').next().unwrap_or("");
            match arg.split_once('=') {
                Some((party, spec)) if !before_eq.contains(':') => {
                    let p = find(party.trim())?;
                    let spec =
                        strategy::parse(spec).map_err(|e| format!("--strategy {arg}: {e}"))?;
                    named.retain(|(q, _)| *q != p);
                    named.push((p, spec));
                }
                _ => {
                    default = strategy::parse(arg).map_err(|e| format!("--strategy {arg}: {e}"))?;
                }
            }
        }
        let specs: Vec<Spec> = (0..domain.parties.len())
            .map(|p| {
                named
                    .iter()
                    .find(|(q, _)| *q == p)
                    .map_or_else(|| default.clone(), |(_, s)| s.clone())
            })
            .collect();
        let signatories: Vec<usize> = (0..domain.parties.len())
            .filter(|&p| domain.signatory[p])
            .collect();
        let members: Vec<usize> = if o.parties.is_empty() {
            match o.protocol {
                ProtocolArg::DraftedThenRatified => (0..domain.parties.len()).collect(),
                _ => signatories.clone(),
            }
        } else {
            let mut m = Vec::new();
            for id in o.parties {
                let p = find(id)?;
                if m.contains(&p) {
                    return Err(format!("--party {id} is given twice"));
                }
                m.push(p);
            }
            m
        };
        let opening = status_quo(scenario, domain);
        let (protocol, drafters): (Box<dyn Protocol + Sync>, Vec<usize>) = match o.protocol {
            ProtocolArg::Sao => (Box::new(Sao::new(o.rounds)), Vec::new()),
            ProtocolArg::SingleText => (Box::new(SingleText::new(o.rounds, opening)), Vec::new()),
            ProtocolArg::DraftedThenRatified => {
                let settings = DraftedSettings {
                    drafters: o.drafters,
                    consult: o.consult,
                    draft: match o.draft {
                        DraftArg::Sao => DraftProtocol::Sao,
                        DraftArg::SingleText => DraftProtocol::SingleText,
                    },
                    rounds: o.rounds,
                    consultations: o.consultations,
                    revisions: o.revisions,
                    pressure: o.pressure,
                };
                let protocol = drafted_protocol(scenario, domain, &members, &settings, &find)?;
                let drafters = protocol.drafters.clone();
                (Box::new(protocol), drafters)
            }
        };
        if members.len() < 2 {
            return Err(format!(
                "a negotiation needs at least two parties with preferences, found {}",
                members.len()
            ));
        }
        let judged: Vec<usize> = members
            .iter()
            .copied()
            .filter(|&p| domain.signatory[p])
            .collect();
        Ok(Setup {
            members,
            judged,
            specs,
            protocol,
            drafters,
        })
    }
}

/// A party id resolved to its position in the domain, with a suggestion when unknown.
pub(crate) fn find_party(scenario: &Scenario, domain: &Domain, id: &str) -> Result<usize, String> {
    let Some(ix) = scenario.find_party(id) else {
        let known: Vec<&str> = scenario.parties().iter().map(|p| p.id().as_str()).collect();
        let hint = match closest(id, known.iter().copied()) {
            Some(c) => format!("did you mean `{c}`?"),
            None => format!("known parties: {}", known.join(", ")),
        };
        return Err(format!(
            "unknown party `{id}` in scenario `{}`; {hint}",
            scenario.id()
        ));
    };
    domain.position(ix).ok_or_else(|| {
        format!("party `{id}` has no preferences (no weights), so it cannot negotiate")
    })
}

/// How a drafted-then-ratified process runs, with party ids not yet resolved.
pub(crate) struct DraftedSettings<'a> {
    /// The drafters' ids; empty: the first plan's drafters.
    pub drafters: &'a [String],
    /// The consulted party's id.
    pub consult: Option<&'a str>,
    pub draft: DraftProtocol,
    pub rounds: usize,
    pub consultations: usize,
    pub revisions: usize,
    pub pressure: f64,
}

/// The drafted-then-ratified protocol over `members` (domain positions): the drafters must be
/// among them and not all of them, and the consulted party must not draft.
pub(crate) fn drafted_protocol(
    scenario: &Scenario,
    domain: &Domain,
    members: &[usize],
    settings: &DraftedSettings<'_>,
    find: &dyn Fn(&str) -> Result<usize, String>,
) -> Result<DraftedThenRatified, String> {
    let drafters = drafters(scenario, domain, settings.drafters, find)?;
    if let Some(&d) = drafters.iter().find(|d| !members.contains(d)) {
        return Err(format!(
            "drafter `{}` is not among the negotiators",
            report::party_id(scenario, domain, d)
        ));
    }
    if drafters.len() == members.len() {
        return Err(
            "every negotiator drafts, so nobody is left to ratify; name fewer drafters".into(),
        );
    }
    let consulted = settings.consult.map(find).transpose()?;
    if let Some(c) = consulted
        && drafters.contains(&c)
    {
        return Err(format!(
            "`{}` is consulted but drafts: a drafter cannot be consulted",
            report::party_id(scenario, domain, c)
        ));
    }
    Ok(DraftedThenRatified {
        drafters,
        draft: settings.draft,
        rounds: settings.rounds,
        consulted,
        consultations: settings.consultations,
        revisions: settings.revisions,
        pressure: settings.pressure,
        opening: status_quo(scenario, domain),
    })
}

/// The drafters: `--drafters`, else the drafters of the scenario's first plan that has any
/// with preferences.
fn drafters(
    scenario: &Scenario,
    domain: &Domain,
    given: &[String],
    find: &dyn Fn(&str) -> Result<usize, String>,
) -> Result<Vec<usize>, String> {
    if !given.is_empty() {
        let mut out = Vec::new();
        for id in given {
            let p = find(id)?;
            if !out.contains(&p) {
                out.push(p);
            }
        }
        return Ok(out);
    }
    scenario
        .plans()
        .iter()
        .map(|plan| {
            plan.drafted_by()
                .iter()
                .filter_map(|&p| domain.position(p))
                .collect::<Vec<_>>()
        })
        .find(|d| !d.is_empty())
        .ok_or_else(|| {
            "drafted-then-ratified needs --drafters (no plan of the scenario names drafters with preferences)"
                .to_string()
        })
}

/// The status quo as an outcome, when every issue has one.
pub(crate) fn status_quo(scenario: &Scenario, domain: &Domain) -> Option<OutcomeId> {
    let options: Option<Vec<usize>> = scenario
        .issues()
        .iter()
        .map(|i| i.status_quo().map(OptionIx::index))
        .collect();
    options.map(|o| domain.space.encode(&o))
}

/// The figures of one run.
struct Summary {
    seed: u64,
    agreement: bool,
    rounds: usize,
    utilities: Vec<f64>,
    discounted: Vec<f64>,
    welfare: f64,
    pareto: Option<f64>,
    nash: Option<f64>,
}

impl Summary {
    fn new(setup: &Setup, reference: Option<&Reference>, n: &Negotiation, seed: u64) -> Summary {
        let judged: Vec<f64> = setup.judged.iter().map(|&p| n.utilities[p]).collect();
        Summary {
            seed,
            agreement: n.result.agreement.is_some(),
            rounds: n.result.rounds,
            utilities: n.utilities.clone(),
            discounted: n.discounted.clone(),
            welfare: judged.iter().sum(),
            pareto: reference.and_then(|r| r.distance_to_frontier(&judged)),
            nash: reference.and_then(|r| r.distance_to_nash(&judged)),
        }
    }
}

fn write_trace(
    path: &Path,
    scenario: &Scenario,
    domain: &Domain,
    seeds: &[u64],
    runs: &[Negotiation],
) -> std::io::Result<()> {
    let file = std::fs::File::create(path)?;
    let mut out = std::io::BufWriter::new(file);
    for (n, &seed) in runs.iter().zip(seeds) {
        for e in n.trace.events() {
            serde_json::to_writer(&mut out, &report::event_json(scenario, domain, seed, e))?;
            out.write_all(b"\n")?;
        }
        let end = json!({
            "seed": seed,
            "stage": "end",
            "round": n.result.rounds,
            "t": n.result.t,
            "ending": report::ending_json(scenario, domain, &n.result.ending),
            "agreement": n.result.agreement.map(|o| report::outcome_json(scenario, domain, o)),
            "utilities": party_map(scenario, domain, &n.utilities),
        });
        serde_json::to_writer(&mut out, &end)?;
        out.write_all(b"\n")?;
    }
    out.flush()
}

fn party_map(scenario: &Scenario, domain: &Domain, values: &[f64]) -> Value {
    let mut m = serde_json::Map::new();
    for (p, v) in values.iter().enumerate() {
        m.insert(report::party_id(scenario, domain, p), json!(v));
    }
    Value::Object(m)
}

fn protocol_name(o: &Options<'_>) -> &'static str {
    match o.protocol {
        ProtocolArg::Sao => "sao",
        ProtocolArg::SingleText => "single-text",
        ProtocolArg::DraftedThenRatified => "drafted-then-ratified",
    }
}

fn mean(xs: impl Iterator<Item = f64>) -> Option<f64> {
    let (s, n) = xs.fold((0.0, 0usize), |(s, n), x| (s + x, n + 1));
    (n > 0).then(|| s / n as f64)
}

fn json_report(
    scenario: &Scenario,
    domain: &Domain,
    setup: &Setup,
    o: &Options<'_>,
    summaries: &[Summary],
    runs: &[Negotiation],
) -> Value {
    let ids = |ps: &[usize]| -> Vec<String> {
        ps.iter()
            .map(|&p| report::party_id(scenario, domain, p))
            .collect()
    };
    let strategies: serde_json::Map<String, Value> = setup
        .members
        .iter()
        .map(|&p| {
            (
                report::party_id(scenario, domain, p),
                json!(setup.specs[p].to_string()),
            )
        })
        .collect();
    let run_json: Vec<Value> = summaries
        .iter()
        .zip(runs)
        .map(|(s, n)| {
            let shaped: serde_json::Map<String, Value> = n
                .result
                .shaped_by
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    (
                        scenario.issue(IssueIx::from_usize(i)).id().to_string(),
                        json!(p.map(|p| report::party_id(scenario, domain, p))),
                    )
                })
                .collect();
            let mut v = json!({
                "seed": s.seed,
                "agreement": n.result.agreement.map(|o| report::outcome_json(scenario, domain, o)),
                "ending": report::ending_json(scenario, domain, &n.result.ending),
                "rounds": s.rounds,
                "t": n.result.t,
                "utilities": party_map(scenario, domain, &s.utilities),
                "discounted_utilities": party_map(scenario, domain, &s.discounted),
                "welfare": s.welfare,
                "distance_to_pareto": s.pareto,
                "distance_to_nash": s.nash,
            });
            if !shaped.is_empty() {
                v["shaped_by"] = Value::Object(shaped);
            }
            v
        })
        .collect();
    let k = summaries.len() as f64;
    let mean_utilities: Vec<f64> = (0..domain.parties.len())
        .map(|p| summaries.iter().map(|s| s.utilities[p]).sum::<f64>() / k)
        .collect();
    json!({
        "scenario": scenario.id().as_str(),
        "protocol": protocol_name(o),
        "rounds": o.rounds,
        "seed": o.seed,
        "repeat": o.repeat,
        "negotiators": ids(&setup.members),
        "drafters": ids(&setup.drafters),
        "strategies": strategies,
        "metrics_parties": ids(&setup.judged),
        "runs": run_json,
        "aggregate": {
            "agreement_rate": summaries.iter().filter(|s| s.agreement).count() as f64 / k,
            "mean_rounds": summaries.iter().map(|s| s.rounds as f64).sum::<f64>() / k,
            "mean_utilities": party_map(scenario, domain, &mean_utilities),
            "mean_welfare": mean(summaries.iter().map(|s| s.welfare)),
            "mean_distance_to_pareto": mean(summaries.iter().filter_map(|s| s.pareto)),
            "mean_distance_to_nash": mean(summaries.iter().filter_map(|s| s.nash)),
        },
    })
}

fn name(scenario: &Scenario, domain: &Domain, p: usize) -> String {
    scenario.party(domain.parties[p]).name().to_string()
}

fn terms(scenario: &Scenario, domain: &Domain, o: OutcomeId, only: Option<OutcomeId>) -> String {
    let opts = domain.space.decode(o);
    let before = only.map(|b| domain.space.decode(b));
    let mut parts = Vec::new();
    for (k, opt) in opts.iter().enumerate() {
        if before.as_ref().is_some_and(|b| b[k] == *opt) {
            continue;
        }
        let issue = scenario.issue(IssueIx::from_usize(k));
        parts.push(format!("{} = {}", issue.id(), issue.option_value(*opt)));
    }
    parts.join(", ")
}

fn utilities_line(scenario: &Scenario, domain: &Domain, members: &[usize], o: OutcomeId) -> String {
    members
        .iter()
        .map(|&p| {
            format!(
                "{} {}",
                report::party_id(scenario, domain, p),
                style::utility(domain.own[p].utility(o))
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// One line of the story for an event; `last_offer` remembers each party's previous offer.
fn story_line(
    scenario: &Scenario,
    domain: &Domain,
    members: &[usize],
    e: &Event,
    after_reject: bool,
    bar: f64,
    last_offer: &mut [Option<OutcomeId>],
) -> String {
    let mut who = e
        .party
        .map_or("The mediator".to_string(), |p| name(scenario, domain, p));
    if after_reject {
        who.push_str(" rejects and");
    }
    let objections = |e: &Event| {
        e.objections
            .iter()
            .map(|&(i, opt)| {
                let issue = scenario.issue(IssueIx::from_usize(i));
                format!(
                    "{} = {}",
                    issue.id(),
                    issue.option_value(OptionIx::from_usize(opt))
                )
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let o = e.outcome;
    let utils = |o: OutcomeId| utilities_line(scenario, domain, members, o);
    match e.action {
        Action::Offer => {
            let o = o.expect("an offer has an outcome");
            let p = e.party.expect("a party offers");
            let line = match last_offer[p] {
                None => format!(
                    "{who} proposes {} ({})",
                    terms(scenario, domain, o, None),
                    utils(o)
                ),
                Some(prev) if prev == o => format!("{who} repeats its offer ({})", utils(o)),
                Some(prev) => format!(
                    "{who} moves to {} ({})",
                    terms(scenario, domain, o, Some(prev)),
                    utils(o)
                ),
            };
            last_offer[p] = Some(o);
            line
        }
        Action::Accept => format!("{who} accepts"),
        Action::Reject if e.objections.is_empty() => format!("{who} rejects"),
        Action::Reject => format!("{who} rejects, asking for {}", objections(e)),
        Action::End => format!("{who} ends the negotiation"),
        Action::Text => {
            let o = o.expect("a text has an outcome");
            format!(
                "The mediator tables {} ({})",
                terms(scenario, domain, o, None),
                utils(o)
            )
        }
        Action::Amend => format!("The drafters amend {} for {who}", objections(e)),
        Action::Refuse => format!(
            "The drafters refuse {who}'s requests ({}): none suits every drafter",
            objections(e)
        ),
        Action::Ratify | Action::Veto => {
            let o = o.expect("a vote has an outcome");
            let p = e.party.expect("a party votes");
            let own = &domain.own[p];
            let walk = if (bar - own.walk_away).abs() > 1e-12 {
                format!("its walk-away, lowered to {}", style::utility(bar))
            } else {
                format!("its walk-away {}", style::utility(bar))
            };
            if e.action == Action::Ratify {
                let signs = if domain.signatory[p] {
                    ""
                } else {
                    " (not a signatory)"
                };
                format!(
                    "{who} ratifies{signs}: {} ≥ {walk}",
                    style::utility(own.value(o))
                )
            } else if own.red_line(o) {
                format!(
                    "{who} rejects the draft: it crosses a red line on {}",
                    red_lines_crossed(scenario, domain, p, o)
                )
            } else {
                format!(
                    "{who} rejects the draft: {} < {walk}",
                    style::utility(own.value(o))
                )
            }
        }
    }
}

/// The issues of `o` on which party `p` has a red line, as `issue = option`.
fn red_lines_crossed(scenario: &Scenario, domain: &Domain, p: usize, o: OutcomeId) -> String {
    let party = scenario.party(domain.parties[p]);
    domain
        .space
        .decode(o)
        .into_iter()
        .enumerate()
        .filter(|&(k, opt)| party.is_red_line(IssueIx::from_usize(k), opt))
        .map(|(k, opt)| {
            let issue = scenario.issue(IssueIx::from_usize(k));
            format!("{} = {}", issue.id(), issue.option_value(opt))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Rounds shown in full at each end of a long negotiation.
const STORY_ENDS: usize = 3;

fn print_story(
    scenario: &Scenario,
    domain: &Domain,
    setup: &Setup,
    o: &Options<'_>,
    n: &Negotiation,
    s: &Summary,
    metrics: bool,
) {
    outln!(
        "{} — {} · {} rounds · seed {}",
        scenario.title(),
        protocol_name(o),
        o.rounds,
        o.seed
    );
    for w in o.what_ifs {
        outln!("what-if: {w}");
    }
    let roster: Vec<String> = setup
        .members
        .iter()
        .map(|&p| {
            let role = if setup.drafters.contains(&p) {
                " [drafts]"
            } else if !setup.drafters.is_empty() {
                " [ratifies]"
            } else {
                ""
            };
            format!("{} ({}){role}", name(scenario, domain, p), setup.specs[p])
        })
        .collect();
    outln!("Negotiators, in turn order: {}", roster.join(", "));
    outln!();

    let events = n.trace.events();
    let mut last_offer = vec![None; domain.parties.len()];
    let mut stage = "";
    let mut round = usize::MAX;
    let last_round = events.last().map_or(0, |e| e.round);
    let mut skipped = 0usize;
    let mut out = String::new();
    // (round, number of ratification votes so far).
    let mut vote_round = (usize::MAX, 0usize);
    for (k, e) in events.iter().enumerate() {
        // "X rejects" followed by X's counter-offer reads as one sentence.
        let is_counter = |a: &Event, b: &Event| {
            a.action == Action::Reject
                && a.objections.is_empty()
                && b.action == Action::Offer
                && a.party == b.party
        };
        if events.get(k + 1).is_some_and(|next| is_counter(e, next)) {
            continue;
        }
        let after_reject = k > 0 && is_counter(&events[k - 1], e);
        if e.stage == "ratification" && e.round != vote_round.0 {
            vote_round = (e.round, vote_round.1 + 1);
        }
        let bar = e.party.map_or(0.0, |p| {
            domain.own[p].walk_away - o.pressure * vote_round.1.saturating_sub(1) as f64
        });
        let line = story_line(
            scenario,
            domain,
            &setup.members,
            e,
            after_reject,
            bar,
            &mut last_offer,
        );
        let middle = e.round >= STORY_ENDS && e.round + STORY_ENDS <= last_round;
        if middle && (e.stage == "negotiation" || e.stage == "draft") {
            if e.round != round {
                skipped += 1;
                round = e.round;
            }
            continue;
        }
        if skipped > 0 {
            let _ = writeln!(out, "  … {skipped} rounds of offers and rejections …");
            skipped = 0;
        }
        if e.stage != stage {
            stage = e.stage;
            let title = match stage {
                "draft" => "Drafting",
                "consultation" => "Consultation",
                "ratification" => "Ratification",
                _ => "Negotiation",
            };
            let _ = writeln!(out, "{title}:");
            round = usize::MAX;
        }
        if e.round != round {
            round = e.round;
            let _ = writeln!(out, "  Round {}:", e.round + 1);
        }
        let _ = writeln!(out, "    {line}.");
    }
    out!("{out}");
    outln!();
    let ending = match &n.result.ending {
        Ending::Agreement => format!("Agreement after {} rounds.", n.result.rounds),
        Ending::Timeout => format!("No agreement: the deadline of {} rounds passed.", o.rounds),
        Ending::Ended { by } => format!(
            "No agreement: {} ended the negotiation in round {}.",
            name(scenario, domain, *by),
            n.result.rounds
        ),
        Ending::NoDraft => "No agreement: the drafters could not agree on a draft.".to_string(),
        Ending::Rejected { by } => format!(
            "No agreement: the draft was rejected by {}.",
            by.iter()
                .map(|&p| name(scenario, domain, p))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    outln!("{ending}");
    if let Some(a) = n.result.agreement {
        let shaped = !n.result.shaped_by.is_empty();
        let mut header = vec!["issue", "term"];
        if shaped {
            header.push("shaped by");
        }
        let mut t = style::table(header);
        for (k, opt) in domain.space.decode(a).into_iter().enumerate() {
            let issue = scenario.issue(IssueIx::from_usize(k));
            let mut row = vec![Cell::new(issue.id()), Cell::new(issue.option_label(opt))];
            if shaped {
                row.push(Cell::new(
                    n.result.shaped_by[k]
                        .map_or("the mediator".to_string(), |p| name(scenario, domain, p)),
                ));
            }
            t.add_row(row);
        }
        outln!("{t}");
    }
    let discounted = domain.own.iter().any(|own| own.discount != 1.0);
    let mut header = vec!["party", "strategy", "utility", "walk-away"];
    if discounted {
        header.push("discounted");
    }
    let mut t = style::table(header);
    for &p in &setup.members {
        let mut row = vec![
            Cell::new(name(scenario, domain, p)),
            Cell::new(setup.specs[p].to_string()),
            Cell::new(style::utility(s.utilities[p])),
            Cell::new(style::utility(domain.own[p].walk_away)),
        ];
        if discounted {
            row.push(Cell::new(style::utility(s.discounted[p])));
        }
        t.add_row(row);
    }
    outln!("{t}");
    print_metrics(s.welfare, s.pareto, s.nash, metrics);
}

fn figure(x: Option<f64>) -> String {
    x.map_or("n/a".to_string(), style::utility)
}

/// `metrics`: whether the frontier and Nash point could be computed at all.
fn print_metrics(welfare: f64, pareto: Option<f64>, nash: Option<f64>, metrics: bool) {
    let na = !metrics;
    outln!(
        "Welfare {} · distance to the Pareto frontier {} · to the Nash point {}{}",
        style::utility(welfare),
        figure(pareto),
        figure(nash),
        if na {
            " (n/a: more than 1,000,000 outcomes, and the analysis engine measures only the \
             scenario's signatories, without interactions or within its enumeration limit)"
        } else {
            ""
        }
    );
}

fn print_aggregate(
    scenario: &Scenario,
    domain: &Domain,
    setup: &Setup,
    o: &Options<'_>,
    summaries: &[Summary],
    metrics: bool,
) {
    outln!(
        "{} — {} · {} rounds · seeds {}..={} ({} runs)",
        scenario.title(),
        protocol_name(o),
        o.rounds,
        o.seed,
        o.seed.wrapping_add(o.repeat - 1),
        o.repeat
    );
    let k = summaries.len() as f64;
    let agreements = summaries.iter().filter(|s| s.agreement).count();
    outln!(
        "Agreement in {agreements} of {} runs ({:.1}%), mean rounds {:.1}.",
        summaries.len(),
        100.0 * agreements as f64 / k,
        summaries.iter().map(|s| s.rounds as f64).sum::<f64>() / k
    );
    let mut t = style::table(["party", "strategy", "mean utility", "walk-away"]);
    for &p in &setup.members {
        t.add_row(vec![
            Cell::new(name(scenario, domain, p)),
            Cell::new(setup.specs[p].to_string()),
            Cell::new(style::utility(
                summaries.iter().map(|s| s.utilities[p]).sum::<f64>() / k,
            )),
            Cell::new(style::utility(domain.own[p].walk_away)),
        ]);
    }
    outln!("{t}");
    print_metrics(
        mean(summaries.iter().map(|s| s.welfare)).unwrap_or(0.0),
        mean(summaries.iter().filter_map(|s| s.pareto)),
        mean(summaries.iter().filter_map(|s| s.nash)),
        metrics,
    );
}

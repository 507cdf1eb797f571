//! The story of one negotiation for people, from its typed trace: who proposed what, who
//! rejected and why, the drafters' amendments, the votes with the walk-away each voter compared
//! the draft with (recorded in the event, never re-derived), and how it ended.
//!
//! Utilities are printed with three decimals. A long negotiation keeps [`STORY_ENDS`] rounds
//! at each end of its negotiation or drafting stage and summarizes the rounds in between.

use std::fmt;

use accord_model::{IssueIx, OptionIx, Scenario};

use crate::Negotiation;
use crate::compiled::{CompiledScenario, OutcomeId};
use crate::protocol::{Action, Ending, Stage, TraceEvent};
use crate::setup::Simulation;

/// Rounds shown in full at each end of a long negotiation.
pub const STORY_ENDS: usize = 3;

/// A utility as the story prints it (three decimals).
pub fn utility(u: f64) -> String {
    format!("{u:.3}")
}

/// One line of a story's body.
#[derive(Debug, Clone, PartialEq)]
pub enum StoryLine {
    /// A stage begins (`Drafting:`).
    Stage(Stage),
    /// A round begins (`  Round 3:`), counted from 1.
    Round(usize),
    /// What a party (or the mediator) did, as a sentence without its full stop.
    Action(String),
    /// Rounds of the middle of a long negotiation left out.
    Skipped(usize),
}

impl fmt::Display for StoryLine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoryLine::Stage(s) => write!(f, "{}:", s.title()),
            StoryLine::Round(r) => write!(f, "  Round {r}:"),
            StoryLine::Action(a) => write!(f, "    {a}."),
            StoryLine::Skipped(n) => write!(f, "  … {n} rounds of offers and rejections …"),
        }
    }
}

/// Tells stories of one simulation's negotiations.
#[derive(Debug, Clone, Copy)]
pub struct Storyteller<'a> {
    scenario: &'a Scenario,
    sim: &'a Simulation,
}

impl<'a> Storyteller<'a> {
    /// The storyteller of `sim`, a simulation of `scenario`.
    pub fn new(scenario: &'a Scenario, sim: &'a Simulation) -> Self {
        Storyteller { scenario, sim }
    }

    fn compiled(&self) -> &'a CompiledScenario {
        self.sim.compiled()
    }

    /// The name of the party at position `p`.
    pub fn name(&self, p: usize) -> String {
        self.scenario
            .party(self.compiled().parties[p])
            .name()
            .to_string()
    }

    /// The heading: `Title — protocol · N rounds · seed S`.
    pub fn heading(&self, seed: u64) -> String {
        format!(
            "{} — {} · {} rounds · seed {}",
            self.scenario.title(),
            self.sim.protocol_name(),
            self.sim.rounds(),
            seed
        )
    }

    /// The heading of several runs: `Title — protocol · N rounds · seeds A..=B (K runs)`.
    pub fn heading_runs(&self, first: u64, runs: u64) -> String {
        format!(
            "{} — {} · {} rounds · seeds {}..={} ({} runs)",
            self.scenario.title(),
            self.sim.protocol_name(),
            self.sim.rounds(),
            first,
            first.wrapping_add(runs - 1),
            runs
        )
    }

    /// `Negotiators, in turn order: West (boulware), East (conceder) [ratifies], …`.
    pub fn roster(&self) -> String {
        let drafters = self.sim.drafters();
        let roster: Vec<String> = self
            .sim
            .negotiators()
            .iter()
            .map(|&p| {
                let role = if drafters.contains(&p) {
                    " [drafts]"
                } else if !drafters.is_empty() {
                    " [ratifies]"
                } else {
                    ""
                };
                let ratified_by = self.ratified_by(p);
                format!(
                    "{} ({}){role}{ratified_by}",
                    self.name(p),
                    self.sim.specs()[p]
                )
            })
            .collect();
        format!("Negotiators, in turn order: {}", roster.join(", "))
    }

    /// ` [ratified by Rada, Public]` for a negotiator with ratifiers under the simulation's
    /// agreement rule; empty otherwise.
    fn ratified_by(&self, p: usize) -> String {
        let Some(consent) = self.sim.protocol().consent() else {
            return String::new();
        };
        let names: Vec<String> = consent.ratifiers(p).iter().map(|&r| self.name(r)).collect();
        if names.is_empty() {
            String::new()
        } else {
            format!(" [ratified by {}]", names.join(", "))
        }
    }

    /// The name of the party the party at `p` ratifies for, if it is a ratifier.
    fn principal(&self, p: usize) -> Option<String> {
        let principal = self.scenario.party(self.compiled().parties[p]).ratifies()?;
        Some(self.scenario.party(principal).name().to_string())
    }

    /// The body of the story of `n` (run with a recorded trace).
    ///
    /// An offer or a mediator's text lists only the terms that differ from the previous one
    /// shown, with ", the rest as before" when some stayed; the first shown in full, and so is
    /// the first after rounds left out.
    pub fn lines(&self, n: &Negotiation) -> Vec<StoryLine> {
        let events = n.trace.events();
        let mut last_offer = vec![None; self.compiled().parties.len()];
        let mut shown: Option<OutcomeId> = None;
        let mut stage: Option<Stage> = None;
        let mut round = usize::MAX;
        let last_round = events.last().map_or(0, |e| e.round);
        let mut skipped = 0usize;
        let mut out = Vec::new();
        // The drafters' first offer and latest text (drafted-then-ratified), to say what they
        // agreed on when drafting ends.
        let (mut first_draft, mut draft_text): (Option<OutcomeId>, Option<OutcomeId>) =
            (None, None);
        // "X rejects" followed by X's counter-offer reads as one sentence.
        let is_counter = |a: &TraceEvent, b: &TraceEvent| {
            a.action == Action::Reject
                && a.objections.is_empty()
                && b.action == Action::Offer
                && a.party == b.party
        };
        for (k, e) in events.iter().enumerate() {
            if events.get(k + 1).is_some_and(|next| is_counter(e, next)) {
                continue;
            }
            if let (Stage::Draft, Action::Offer, Some(o)) = (e.stage, e.action, e.outcome) {
                first_draft.get_or_insert(o);
                draft_text = Some(o);
            }
            let after_reject = k > 0 && is_counter(&events[k - 1], e);
            let middle = e.round >= STORY_ENDS && e.round + STORY_ENDS <= last_round;
            if middle && matches!(e.stage, Stage::Negotiation | Stage::Draft) {
                // Not shown; its offer still counts for "repeats its offer".
                if let (Action::Offer, Some(p), Some(o)) = (e.action, e.party, e.outcome) {
                    last_offer[p] = Some(o);
                }
                if e.round != round {
                    skipped += 1;
                    round = e.round;
                }
                continue;
            }
            if skipped > 0 {
                out.push(StoryLine::Skipped(skipped));
                skipped = 0;
                shown = None;
            }
            let line = self.sentence(e, after_reject, &mut last_offer, &mut shown);
            if stage == Some(Stage::Draft)
                && e.stage != Stage::Draft
                && let (Some(first), Some(text)) = (first_draft, draft_text)
                && shown != Some(text)
            {
                // Not just shown (it was left out with the middle rounds): say it.
                out.push(StoryLine::Action(self.agreed_draft(first, text)));
            }
            if stage != Some(e.stage) {
                stage = Some(e.stage);
                out.push(StoryLine::Stage(e.stage));
                round = usize::MAX;
            }
            if e.round != round {
                round = e.round;
                out.push(StoryLine::Round(e.round + 1));
            }
            out.push(StoryLine::Action(line));
        }
        out
    }

    /// The text the drafters agreed on, for people: what changed from their first offer
    /// (shown in full when drafting began), with the utilities.
    fn agreed_draft(&self, first: OutcomeId, text: OutcomeId) -> String {
        let terms = if first == text {
            "the terms of the first offer".to_owned()
        } else {
            let changed = self.terms(text, Some(first));
            match changed.strip_suffix(", the rest as before") {
                Some(c) => format!("{c}, the rest as in the first offer"),
                None => changed,
            }
        };
        format!(
            "The drafters agree on a text: {terms} ({})",
            self.utilities(text)
        )
    }

    /// How it ended, as a sentence.
    pub fn ending(&self, n: &Negotiation) -> String {
        match &n.result.ending {
            Ending::Agreement => format!("Agreement after {} rounds.", n.result.rounds),
            Ending::Timeout => format!(
                "No agreement: the deadline of {} rounds passed.",
                self.sim.rounds()
            ),
            Ending::Ended { by } => format!(
                "No agreement: {} ended the negotiation in round {}.",
                self.name(*by),
                n.result.rounds
            ),
            Ending::NoDraft => "No agreement: the drafters could not agree on a draft.".to_string(),
            Ending::Rejected { by } => format!(
                "No agreement: the draft was rejected by {}.",
                by.iter()
                    .map(|&p| self.name(p))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }

    /// One term in the scenario's words: `Issue title: option label`.
    fn term(&self, issue: usize, option: OptionIx) -> String {
        let issue = self.scenario.issue(IssueIx::from_usize(issue));
        format!("{}: {}", issue.title(), issue.option_label(option))
    }

    /// The terms of `o` as `Issue: option; …` (issue titles, option labels); with `only`,
    /// just those that differ from it, followed by ", the rest as before" when some stayed.
    pub fn terms(&self, o: OutcomeId, only: Option<OutcomeId>) -> String {
        let space = &self.compiled().space;
        let opts = space.decode(o);
        let before = only.map(|b| space.decode(b));
        let mut parts = Vec::new();
        for (k, opt) in opts.iter().enumerate() {
            if before.as_ref().is_some_and(|b| b[k] == *opt) {
                continue;
            }
            parts.push(self.term(k, *opt));
        }
        let rest = if parts.len() < opts.len() {
            ", the rest as before"
        } else {
            ""
        };
        format!("{}{rest}", parts.join("; "))
    }

    fn utilities(&self, o: OutcomeId) -> String {
        let c = self.compiled();
        self.sim
            .negotiators()
            .iter()
            .map(|&p| format!("{} {}", self.name(p), utility(c.functions[p].utility(o))))
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn objections(&self, e: &TraceEvent) -> String {
        e.objections
            .iter()
            .map(|&(i, opt)| self.term(i, OptionIx::from_usize(opt)))
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// The issues of `o` on which party `p` has a red line, as `Issue: option`.
    fn red_lines_crossed(&self, p: usize, o: OutcomeId) -> String {
        let c = self.compiled();
        let party = self.scenario.party(c.parties[p]);
        c.space
            .decode(o)
            .into_iter()
            .enumerate()
            .filter(|&(k, opt)| party.is_red_line(IssueIx::from_usize(k), opt))
            .map(|(k, opt)| self.term(k, opt))
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// The terms of an offer or text `o`: in full when nothing was shown before, else what
    /// changed from the previous one shown (`the same terms` when nothing did).
    fn changed_terms(&self, o: OutcomeId, shown: Option<OutcomeId>) -> String {
        match shown {
            Some(prev) if prev == o => "the same terms".to_string(),
            prev => self.terms(o, prev),
        }
    }

    /// One sentence for an event; `last_offer` remembers each party's previous offer, `shown`
    /// the previous offer or text shown.
    fn sentence(
        &self,
        e: &TraceEvent,
        after_reject: bool,
        last_offer: &mut [Option<OutcomeId>],
        shown: &mut Option<OutcomeId>,
    ) -> String {
        let c = self.compiled();
        let mut who = e.party.map_or("The mediator".to_string(), |p| self.name(p));
        if after_reject {
            who.push_str(" rejects and");
        }
        let o = e.outcome;
        match e.action {
            Action::Offer => {
                let o = o.expect("an offer has an outcome");
                let p = e.party.expect("a party offers");
                let line = match last_offer[p] {
                    None => format!(
                        "{who} proposes {} ({})",
                        self.changed_terms(o, *shown),
                        self.utilities(o)
                    ),
                    Some(prev) if prev == o => {
                        format!("{who} repeats its offer ({})", self.utilities(o))
                    }
                    Some(_) => format!(
                        "{who} moves to {} ({})",
                        self.changed_terms(o, *shown),
                        self.utilities(o)
                    ),
                };
                last_offer[p] = Some(o);
                *shown = Some(o);
                line
            }
            Action::Accept => format!("{who} accepts"),
            Action::Reject if e.objections.is_empty() => format!("{who} rejects"),
            Action::Reject => format!("{who} rejects, asking for {}", self.objections(e)),
            Action::End => format!("{who} ends the negotiation"),
            Action::Text => {
                let o = o.expect("a text has an outcome");
                let line = format!(
                    "The mediator tables {} ({})",
                    self.changed_terms(o, *shown),
                    self.utilities(o)
                );
                *shown = Some(o);
                line
            }
            Action::Amend => format!("The drafters amend {} for {who}", self.objections(e)),
            Action::Refuse => format!(
                "The drafters refuse {} requests ({}): none suits every drafter",
                accord_model::possessive(&who),
                self.objections(e)
            ),
            Action::Ratify | Action::Veto => {
                let o = o.expect("a vote has an outcome");
                let p = e.party.expect("a party votes");
                let f = &c.functions[p];
                let bar = e.threshold.unwrap_or(f.walk_away);
                let walk = if (bar - f.walk_away).abs() > 1e-12 {
                    format!("its walk-away, lowered to {}", utility(bar))
                } else {
                    format!("its walk-away {}", utility(bar))
                };
                if let Some(principal) = self.principal(p) {
                    if e.action == Action::Ratify {
                        format!(
                            "{who} ratifies for {principal}: {} ≥ {walk}",
                            utility(f.value(o))
                        )
                    } else if f.red_line(o) {
                        format!(
                            "{who} refuses to ratify for {principal}: it crosses a red line on {}",
                            self.red_lines_crossed(p, o)
                        )
                    } else {
                        format!(
                            "{who} refuses to ratify for {principal}: {} < {walk}",
                            utility(f.value(o))
                        )
                    }
                } else if e.action == Action::Ratify {
                    let signs = if c.signatory[p] {
                        ""
                    } else {
                        " (not a signatory)"
                    };
                    format!("{who} ratifies{signs}: {} ≥ {walk}", utility(f.value(o)))
                } else if f.red_line(o) {
                    format!(
                        "{who} rejects the draft: it crosses a red line on {}",
                        self.red_lines_crossed(p, o)
                    )
                } else {
                    format!("{who} rejects the draft: {} < {walk}", utility(f.value(o)))
                }
            }
        }
    }
}

/// The metrics sentence: welfare, distance to the Pareto frontier and to the Nash point
/// (`n/a` where unknown); `metrics`: whether the frontier and Nash point could be computed at
/// all (else the reason is given).
pub fn metrics_line(welfare: f64, pareto: Option<f64>, nash: Option<f64>, metrics: bool) -> String {
    let figure = |x: Option<f64>| x.map_or("n/a".to_string(), utility);
    format!(
        "Welfare {} · distance to the Pareto frontier {} · to the Nash point {}{}",
        utility(welfare),
        figure(pareto),
        figure(nash),
        if metrics {
            ""
        } else {
            " (n/a: more than 1,000,000 outcomes, and the analysis engine measures only the \
             scenario's signatories, without interactions or within its enumeration limit)"
        }
    )
}

/// [`metrics_line`] for a simulation: when its frontier could not be computed under an
/// agreement rule (more than [`crate::metrics::METRICS_LIMIT`] outcomes: the analysis engine's
/// merge measures only unanimity of the signatories here), the reason says so; otherwise
/// exactly [`metrics_line`].
pub fn metrics_line_for(
    sim: &Simulation,
    welfare: f64,
    pareto: Option<f64>,
    nash: Option<f64>,
) -> String {
    if sim.reference().is_none() && sim.protocol().consent().is_some() {
        let figure = |x: Option<f64>| x.map_or("n/a".to_string(), utility);
        return format!(
            "Welfare {} · distance to the Pareto frontier {} · to the Nash point {} (n/a: more \
             than 1,000,000 outcomes under an agreement rule; the analysis engine's merge \
             measures the signatories' unanimity only)",
            utility(welfare),
            figure(pareto),
            figure(nash),
        );
    }
    metrics_line(welfare, pareto, nash, sim.reference().is_some())
}

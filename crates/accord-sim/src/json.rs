//! The wire types: every JSON the simulation writes, defined once. Keys appear in the order of
//! the fields; maps keyed by party or issue id keep the scenario's order.
//!
//! - [`SimulateJson`]: `accord simulate --json` (a run per seed, and their aggregate);
//! - [`TraceLine`] and [`TraceEnd`]: the lines of a `--trace` file (an action; how a run
//!   ended);
//! - [`ResultLine`]: a tournament result line (one job);
//! - [`TournamentSummaryJson`]: `accord tournament --json`.

use accord_model::{IssueIx, OptionIx, Scenario};
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use crate::Negotiation;
use crate::compiled::{CompiledScenario, OutcomeId};
use crate::protocol::{Action, Ending, Stage, TraceEvent};
use crate::setup::{Aggregate, RunSummary, Simulation};
use crate::stats::Estimate;

/// Values keyed by id, in the scenario's order.
pub type ById<V> = IndexMap<String, V>;

/// An option as JSON: its id, or its number on a numeric issue.
pub type OptionJson = serde_json::Value;

/// An outcome as `{issue id: option}`, in issue order.
pub fn outcome(scenario: &Scenario, compiled: &CompiledScenario, o: OutcomeId) -> ById<OptionJson> {
    per_issue(scenario, compiled, o, |issue, option| {
        issue.option_value(option).to_json()
    })
}

/// An outcome for people: `{issue id: option label}` ([`accord_model::Issue::option_label`]),
/// in issue order.
pub fn terms(scenario: &Scenario, compiled: &CompiledScenario, o: OutcomeId) -> ById<String> {
    per_issue(scenario, compiled, o, |issue, option| {
        issue.option_label(option)
    })
}

/// Outcome `o` decoded, each issue's option shown by `show`, keyed by issue id in issue order.
fn per_issue<V>(
    scenario: &Scenario,
    compiled: &CompiledScenario,
    o: OutcomeId,
    show: impl Fn(&accord_model::Issue, accord_model::OptionIx) -> V,
) -> ById<V> {
    compiled
        .space
        .decode(o)
        .into_iter()
        .enumerate()
        .map(|(k, option)| {
            let issue = scenario.issue(IssueIx::from_usize(k));
            (issue.id().to_string(), show(issue, option))
        })
        .collect()
}

/// Per-party values (compiled scenario order) keyed by party id.
pub fn by_party(compiled: &CompiledScenario, values: &[f64]) -> ById<f64> {
    values
        .iter()
        .enumerate()
        .map(|(p, v)| (compiled.id(p).to_string(), *v))
        .collect()
}

/// How a negotiation ended, with party ids.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum EndingJson {
    /// Every required party accepted the same outcome.
    Agreement,
    /// The deadline passed.
    Timeout,
    /// A party ended the negotiation.
    Ended {
        /// Its id.
        by: String,
    },
    /// The drafters could not agree on a draft.
    NoDraft,
    /// The draft was rejected.
    Rejected {
        /// The signatories that still rejected it.
        by: Vec<String>,
    },
}

impl EndingJson {
    /// The ending with party ids.
    pub fn new(compiled: &CompiledScenario, ending: &Ending) -> EndingJson {
        match ending {
            Ending::Agreement => EndingJson::Agreement,
            Ending::Timeout => EndingJson::Timeout,
            Ending::NoDraft => EndingJson::NoDraft,
            Ending::Ended { by } => EndingJson::Ended {
                by: compiled.id(*by).to_string(),
            },
            Ending::Rejected { by } => EndingJson::Rejected {
                by: by.iter().map(|&p| compiled.id(p).to_string()).collect(),
            },
        }
    }
}

/// A change asked for: an issue and the option wanted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ObjectionJson {
    /// The issue's id.
    pub issue: String,
    /// The option asked for.
    pub option: OptionJson,
}

/// One line of a trace: an action.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TraceLine {
    /// The run's seed.
    pub seed: u64,
    /// The stage.
    pub stage: Stage,
    /// The round, from 0.
    pub round: usize,
    /// Relative time.
    pub t: f64,
    /// The acting party's id (`null`: the mediator).
    pub party: Option<String>,
    /// What it did.
    pub action: Action,
    /// The outcome concerned, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<ById<OptionJson>>,
    /// Every party's utility of that outcome.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub utilities: Option<ById<f64>>,
    /// Changes asked for, when any.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub objections: Vec<ObjectionJson>,
    /// For a vote by a ratifier (issue 12): the id of the party it ratifies for; absent
    /// otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ratifies: Option<String>,
}

impl TraceLine {
    /// The line of event `e` of the run on `seed`.
    pub fn new(
        scenario: &Scenario,
        compiled: &CompiledScenario,
        seed: u64,
        e: &TraceEvent,
    ) -> Self {
        TraceLine {
            seed,
            stage: e.stage,
            round: e.round,
            t: e.t,
            party: e.party.map(|p| compiled.id(p).to_string()),
            action: e.action,
            outcome: e.outcome.map(|o| outcome(scenario, compiled, o)),
            utilities: e.outcome.map(|o| {
                compiled
                    .functions
                    .iter()
                    .enumerate()
                    .map(|(p, f)| (compiled.id(p).to_string(), f.utility(o)))
                    .collect()
            }),
            objections: e
                .objections
                .iter()
                .map(|&(i, o)| {
                    let issue = scenario.issue(IssueIx::from_usize(i));
                    ObjectionJson {
                        issue: issue.id().to_string(),
                        option: issue.option_value(OptionIx::from_usize(o)).to_json(),
                    }
                })
                .collect(),
            ratifies: e
                .party
                .and_then(|p| scenario.party(compiled.parties[p]).ratifies())
                .map(|principal| scenario.party(principal).id().to_string()),
        }
    }
}

/// The last line of a run in a trace: how it ended.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TraceEnd {
    /// The run's seed.
    pub seed: u64,
    /// Always `end`.
    pub stage: String,
    /// Rounds used.
    pub round: usize,
    /// Relative time at the end.
    pub t: f64,
    /// How it ended.
    pub ending: EndingJson,
    /// The agreement, if any.
    pub agreement: Option<ById<OptionJson>>,
    /// Every party's utility of the ending.
    pub utilities: ById<f64>,
}

impl TraceEnd {
    /// The end line of `n`, run on `seed`.
    pub fn new(
        scenario: &Scenario,
        compiled: &CompiledScenario,
        seed: u64,
        n: &Negotiation,
    ) -> Self {
        TraceEnd {
            seed,
            stage: "end".to_string(),
            round: n.result.rounds,
            t: n.result.t,
            ending: EndingJson::new(compiled, &n.result.ending),
            agreement: n.result.agreement.map(|o| outcome(scenario, compiled, o)),
            utilities: by_party(compiled, &n.utilities),
        }
    }
}

/// Writes the trace of runs (`seeds[k]` ran `runs[k]`) as JSON Lines.
pub fn write_trace(
    out: &mut dyn std::io::Write,
    scenario: &Scenario,
    compiled: &CompiledScenario,
    seeds: &[u64],
    runs: &[Negotiation],
) -> std::io::Result<()> {
    for (n, &seed) in runs.iter().zip(seeds) {
        for e in n.trace.events() {
            serde_json::to_writer(&mut *out, &TraceLine::new(scenario, compiled, seed, e))?;
            out.write_all(b"\n")?;
        }
        serde_json::to_writer(&mut *out, &TraceEnd::new(scenario, compiled, seed, n))?;
        out.write_all(b"\n")?;
    }
    out.flush()
}

/// One run of `accord simulate --json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunJson {
    /// Its seed.
    pub seed: u64,
    /// The agreement, if any.
    pub agreement: Option<ById<OptionJson>>,
    /// How it ended.
    pub ending: EndingJson,
    /// Rounds used.
    pub rounds: usize,
    /// Relative time at the end.
    pub t: f64,
    /// Every party's utility of the ending.
    pub utilities: ById<f64>,
    /// The same, discounted.
    pub discounted_utilities: ById<f64>,
    /// The judged parties' total utility.
    pub welfare: f64,
    /// Distance to the Pareto frontier.
    pub distance_to_pareto: Option<f64>,
    /// Distance to the Nash point.
    pub distance_to_nash: Option<f64>,
    /// Per issue, the party that shaped the final term (`null`: the mediator), where the
    /// protocol records it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shaped_by: Option<ById<Option<String>>>,
}

/// The aggregate of `accord simulate --json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AggregateJson {
    /// Share of runs with an agreement.
    pub agreement_rate: f64,
    /// Mean rounds.
    pub mean_rounds: f64,
    /// Every party's mean utility.
    pub mean_utilities: ById<f64>,
    /// Mean welfare.
    pub mean_welfare: Option<f64>,
    /// Mean distance to the Pareto frontier.
    pub mean_distance_to_pareto: Option<f64>,
    /// Mean distance to the Nash point.
    pub mean_distance_to_nash: Option<f64>,
}

/// `accord simulate --json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SimulateJson {
    /// The scenario's id.
    pub scenario: String,
    /// The protocol's name.
    pub protocol: String,
    /// The deadline in rounds.
    pub rounds: usize,
    /// The deadline in seconds beside the rounds, when one was set (such runs are not
    /// reproducible byte for byte).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_limit: Option<f64>,
    /// The first seed.
    pub seed: u64,
    /// The number of runs.
    pub repeat: u64,
    /// The negotiators' ids, in turn order.
    pub negotiators: Vec<String>,
    /// The drafters' ids.
    pub drafters: Vec<String>,
    /// Each negotiator's strategy spec.
    pub strategies: ById<String>,
    /// The parties the metrics judge.
    pub metrics_parties: Vec<String>,
    /// Present and true when each run drew the scenario's intervals anew (its utilities,
    /// walk-aways and reference points are its draw's).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub sample_preferences: bool,
    /// The runs, in seed order.
    pub runs: Vec<RunJson>,
    /// Their means.
    pub aggregate: AggregateJson,
}

impl SimulateJson {
    /// The JSON of `runs` of `sim` (run `k` on seed `first + k`), with their summaries.
    pub fn new(
        scenario: &Scenario,
        sim: &Simulation,
        first: u64,
        runs: &[Negotiation],
        summaries: &[RunSummary],
    ) -> SimulateJson {
        let c = sim.compiled();
        let ids =
            |ps: &[usize]| -> Vec<String> { ps.iter().map(|&p| c.id(p).to_string()).collect() };
        let aggregate = Aggregate::new(summaries, c.parties.len());
        SimulateJson {
            scenario: scenario.id().to_string(),
            protocol: sim.protocol_name().to_string(),
            rounds: sim.rounds(),
            time_limit: sim.time_limit(),
            seed: first,
            repeat: runs.len() as u64,
            negotiators: ids(sim.negotiators()),
            drafters: ids(sim.drafters()),
            strategies: sim
                .negotiators()
                .iter()
                .map(|&p| (c.id(p).to_string(), sim.specs()[p].to_string()))
                .collect(),
            metrics_parties: ids(sim.judged()),
            sample_preferences: sim.samples_preferences(),
            runs: summaries
                .iter()
                .zip(runs)
                .map(|(s, n)| RunJson {
                    seed: s.seed,
                    agreement: n.result.agreement.map(|o| outcome(scenario, c, o)),
                    ending: EndingJson::new(c, &n.result.ending),
                    rounds: s.rounds,
                    t: n.result.t,
                    utilities: by_party(c, &s.utilities),
                    discounted_utilities: by_party(c, &s.discounted),
                    welfare: s.welfare,
                    distance_to_pareto: s.pareto,
                    distance_to_nash: s.nash,
                    shaped_by: (!n.result.shaped_by.is_empty()).then(|| {
                        n.result
                            .shaped_by
                            .iter()
                            .enumerate()
                            .map(|(i, p)| {
                                (
                                    scenario.issue(IssueIx::from_usize(i)).id().to_string(),
                                    p.map(|p| c.id(p).to_string()),
                                )
                            })
                            .collect()
                    }),
                })
                .collect(),
            aggregate: AggregateJson {
                agreement_rate: aggregate.agreement_rate,
                mean_rounds: aggregate.mean_rounds,
                mean_utilities: by_party(c, &aggregate.mean_utilities),
                mean_welfare: aggregate.mean_welfare,
                mean_distance_to_pareto: aggregate.mean_pareto,
                mean_distance_to_nash: aggregate.mean_nash,
            },
        }
    }
}

/// One tournament result line: one job.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResultLine {
    /// The job's number.
    pub job: usize,
    /// The scenario, as listed in the configuration.
    pub scenario: String,
    /// The line-up's position in the configuration.
    pub lineup: usize,
    /// The rotation of the line-up over the negotiators.
    pub rotation: usize,
    /// The repetition.
    pub repetition: usize,
    /// The run's seed.
    pub seed: u64,
    /// Each negotiator's strategy spec.
    pub strategies: ById<String>,
    /// Whether it ended in an agreement.
    pub agreement: bool,
    /// Rounds used.
    pub rounds: usize,
    /// Each negotiator's utility of the ending.
    pub utilities: ById<f64>,
    /// Each negotiator's utility minus its walk-away.
    pub advantages: ById<f64>,
    /// The judged parties' total utility.
    pub welfare: f64,
    /// Distance to the Pareto frontier.
    pub distance_to_pareto: Option<f64>,
    /// Distance to the Nash point.
    pub distance_to_nash: Option<f64>,
    /// The configuration's fingerprint ([`crate::tournament::Config::fingerprint`]).
    pub tournament: String,
    /// Each negotiator's walk-away (its utility of no agreement); `{}` in lines written before
    /// issue 18.
    #[serde(default)]
    pub walk_aways: ById<f64>,
    /// The agreed terms, `{issue id: option label}` in issue order; `null` without an
    /// agreement (and in lines written before issue 18).
    #[serde(default)]
    pub terms: Option<ById<String>>,
    /// The settings that decide how the negotiation ran, each key's digest
    /// ([`crate::tournament::Config::settings`]): a results file grows only under equal
    /// settings. `{}` in lines written before job seeds were of what a job is (issue 18).
    #[serde(default)]
    pub settings: std::collections::BTreeMap<String, String>,
}

/// A strategy's row of a tournament summary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StrategyRowJson {
    /// The strategy spec.
    pub strategy: String,
    /// (Negotiation, party) pairs it played.
    pub negotiations: usize,
    /// Share of those with an agreement.
    pub agreement_rate: f64,
    /// Mean utility.
    pub mean_utility: f64,
    /// Mean utility above the walk-away.
    pub mean_advantage: f64,
    /// Mean distance to the Pareto frontier.
    pub mean_distance_to_pareto: Option<f64>,
    /// Mean distance to the Nash point.
    pub mean_distance_to_nash: Option<f64>,
    /// Its utilities (one per negotiation and party it played): mean, sd, 95% t-interval, n.
    pub utility: Estimate,
    /// Its advantages (utility minus walk-away): mean, sd, 95% t-interval, n.
    pub advantage: Estimate,
}

/// How a tournament summary's statistics are computed (stated in the summary itself).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatisticsJson {
    /// What one observation is: one negotiator in one negotiation.
    pub observation: String,
    /// The interval of every `ci95`: `t` (Student's t-interval for the mean).
    pub interval: String,
    /// Its confidence level (0.95).
    pub confidence: f64,
    /// The test of `comparisons`: `mann-whitney-u` (two-sided, normal approximation with tie
    /// and continuity corrections).
    pub test: String,
    /// The multiple-comparison correction of `p_adjusted`: `holm`.
    pub correction: String,
}

impl Default for StatisticsJson {
    fn default() -> Self {
        StatisticsJson {
            observation: "negotiator-negotiation".into(),
            interval: crate::stats::INTERVAL.into(),
            confidence: 0.95,
            test: crate::stats::TEST.into(),
            correction: crate::stats::CORRECTION.into(),
        }
    }
}

/// A cell of the head-to-head table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HeadToHeadJson {
    /// The strategy's mean utility against the opponent strategy.
    pub mean_utility: f64,
    /// (Negotiation, party) pairs in which it faced it.
    pub n: usize,
}

/// A test between two strategies' utilities.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComparisonJson {
    /// The first strategy (name order).
    pub a: String,
    /// The second.
    pub b: String,
    /// The test's name (`mann-whitney-u`).
    pub test: String,
    /// Its statistic (Mann–Whitney: `U` of `a`'s utilities).
    pub statistic: f64,
    /// The two-sided p-value, unadjusted.
    pub p_value: f64,
    /// The p-value adjusted for every comparison of the summary (Holm).
    pub p_adjusted: f64,
}

/// A scenario's row of a tournament summary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScenarioRowJson {
    /// The scenario as listed.
    pub scenario: String,
    /// Its negotiations.
    pub negotiations: usize,
    /// Share with an agreement.
    pub agreement_rate: f64,
    /// Mean rounds.
    pub mean_rounds: f64,
    /// Mean welfare.
    pub mean_welfare: f64,
    /// Mean distance to the Pareto frontier.
    pub mean_distance_to_pareto: Option<f64>,
    /// Mean distance to the Nash point.
    pub mean_distance_to_nash: Option<f64>,
}

/// `accord tournament --json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TournamentSummaryJson {
    /// Result lines summarized.
    pub negotiations: usize,
    /// Per strategy, by name.
    pub strategies: Vec<StrategyRowJson>,
    /// Per scenario, in the configuration's order.
    pub scenarios: Vec<ScenarioRowJson>,
    /// How the statistics below and in `strategies` are computed.
    pub statistics: StatisticsJson,
    /// Strategy → opponent strategy → the strategy's mean utility against it, and n (a
    /// negotiator counts once for each distinct strategy among the other negotiators).
    pub head_to_head:
        std::collections::BTreeMap<String, std::collections::BTreeMap<String, HeadToHeadJson>>,
    /// Every pair of strategies compared on utility (Mann–Whitney U, Holm-adjusted).
    pub comparisons: Vec<ComparisonJson>,
}

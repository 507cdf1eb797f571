//! A simulation, set up once and checked: who negotiates (in turn order), with which strategy,
//! under which protocol, and whose utilities the metrics judge. `accord simulate` and a
//! tournament build theirs here, so both open, judge and limit the same way:
//!
//! - **Negotiators.** Named ids in turn order; by default every signatory with preferences (in
//!   file order), or every party with preferences under a protocol with drafting. A ratifier
//!   (`ratifies`) never negotiates: it votes after its party ([`crate::consent`]).
//! - **Agreement rule.** The protocol applies the scenario's rule for these negotiators
//!   ([`crate::consent::Consent::for_negotiation`]); without a quorum, scoped consent or
//!   ratifiers, every member's acceptance, as always.
//! - **Opening.** A single negotiating text (alone or as the drafters' protocol) opens at the
//!   status quo when every issue has one, else at a random outcome of the run's generator.
//! - **Limits.** Rounds in `1..=`[`MAX_ROUNDS`]; optionally a time limit in seconds beside
//!   them (SAO only; [`crate::clock`]); consultation and revision rounds at most
//!   [`MAX_EXTRA_ROUNDS`]; pressure in [0, 1].
//! - **Sampled preferences** ([`SimulationBuilder::sample_preferences`]). Each run draws every
//!   interval of the scenario (weights, scores, walk-aways) uniformly, with accord-uncertainty's
//!   sampler (`Layout` and `sample_values`, the draws `accord robustness` makes) on a seed
//!   derived from the run's ([`preference_seed`]), and plays the scenario with those values
//!   ([`Scenario::with_values`]): compiled, judged and measured (Pareto, Nash) under that draw.
//!   [`Simulation::with_run`] hands a caller the simulation a seed plays. The same seed gives
//!   the same draw, so runs stay reproducible byte for byte; without the option every run
//!   plays the midpoints.
//! - **Judged parties** (welfare, distance to the Pareto frontier and the Nash point): the
//!   signatories among the negotiators. When no negotiator signs, every negotiator is judged:
//!   the protocol then needs every negotiator's acceptance, so their utilities are what the
//!   agreement is about (judging nobody would report a welfare of 0 at distance 0).

use accord_model::{OptionIx, PartyIx, Scenario};
use accord_uncertainty::inputs::Layout;
use rayon::prelude::*;

use std::sync::Arc;

use crate::clock::{Clock, SystemClock, TimeLimit};
use crate::compiled::{CompiledScenario, OutcomeId};
use crate::error::SimError;
use crate::metrics::Reference;
use crate::protocol::{Context, DraftedSettings, Drafting, Protocol, ProtocolKind, Trace};
use crate::strategy::{self, Spec, Strategy};
use crate::{Negotiation, negotiate};

/// The longest deadline, in rounds.
pub const MAX_ROUNDS: usize = 1_000_000;

/// The most consultation rounds, and the most revision rounds, of drafted-then-ratified.
pub const MAX_EXTRA_ROUNDS: usize = 10_000;

/// The strategy of a negotiator no strategy is given for.
pub const DEFAULT_STRATEGY: &str = "boulware";

/// The settings of a [`Simulation`], with party ids not yet resolved. Build with
/// [`SimulationBuilder::new`] and the setters, then [`SimulationBuilder::build`].
#[derive(Debug, Clone)]
pub struct SimulationBuilder<'a> {
    scenario: &'a Scenario,
    protocol: &'static ProtocolKind,
    negotiators: Vec<String>,
    strategies: Vec<(Option<String>, String)>,
    rounds: usize,
    drafters: Vec<String>,
    consulted: Vec<String>,
    drafted: DraftedSettings,
    sample_preferences: bool,
    time_limit: Option<f64>,
    clock: Option<Arc<dyn Clock>>,
}

impl<'a> SimulationBuilder<'a> {
    /// A simulation of `scenario` under `protocol` (see [`crate::protocol::parse`]), 100 rounds,
    /// default negotiators and strategies.
    pub fn new(scenario: &'a Scenario, protocol: &'static ProtocolKind) -> Self {
        SimulationBuilder {
            scenario,
            protocol,
            negotiators: Vec::new(),
            strategies: Vec::new(),
            rounds: 100,
            drafters: Vec::new(),
            consulted: Vec::new(),
            drafted: DraftedSettings::default(),
            sample_preferences: false,
            time_limit: None,
            clock: None,
        }
    }

    /// A deadline in seconds beside the rounds (`None`: rounds only), on the machine's clock
    /// unless [`SimulationBuilder::clock`] gives another; SAO only (see [`crate::clock`]: such
    /// runs are not reproducible byte for byte).
    pub fn time_limit(mut self, seconds: Option<f64>) -> Self {
        self.time_limit = seconds;
        self
    }

    /// The clock a time limit is read from (default: the machine's; tests inject a fake one).
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = Some(clock);
        self
    }

    /// Whether each run draws the scenario's intervals anew (see the module docs); default
    /// off: every run plays the midpoints.
    pub fn sample_preferences(mut self, on: bool) -> Self {
        self.sample_preferences = on;
        self
    }

    /// The negotiators' ids, in turn order (empty: the default negotiators).
    pub fn negotiators(mut self, ids: &[impl AsRef<str>]) -> Self {
        self.negotiators = ids.iter().map(|s| s.as_ref().to_string()).collect();
        self
    }

    /// The strategy of party `party` (a spec, `name[:key=value,...]`), or with `None` of every
    /// party not given one. A later spec for the same party replaces an earlier one.
    pub fn strategy(mut self, party: Option<&str>, spec: &str) -> Self {
        self.strategies
            .push((party.map(|p| p.trim().to_string()), spec.to_string()));
        self
    }

    /// A strategy assignment as people write it: `PARTY=NAME[:KEY=VALUE,...]` for one party,
    /// or a bare `NAME[:KEY=VALUE,...]` for every party not named (an `=` after a `:` belongs
    /// to the parameters).
    pub fn assign(self, assignment: &str) -> Self {
        let before_eq = assignment.split('=').next().unwrap_or("");
        match assignment.split_once('=') {
            Some((party, spec)) if !before_eq.contains(':') => self.strategy(Some(party), spec),
            _ => self.strategy(None, assignment),
        }
    }

    /// The deadline in rounds (of drafting, for drafted-then-ratified).
    pub fn rounds(mut self, rounds: usize) -> Self {
        self.rounds = rounds;
        self
    }

    /// The drafters' ids (empty: the drafters of the scenario's first plan naming any).
    pub fn drafters(mut self, ids: &[impl AsRef<str>]) -> Self {
        self.drafters = ids.iter().map(|s| s.as_ref().to_string()).collect();
        self
    }

    /// The parties the drafters consult, in order (empty: the `consulted` parties of the plan
    /// the drafters come from; see [`crate::protocol::DraftedThenRatified`]).
    pub fn consulted(mut self, ids: &[impl AsRef<str>]) -> Self {
        self.consulted = ids.iter().map(|s| s.as_ref().to_string()).collect();
        self
    }

    /// How drafted-then-ratified runs.
    pub fn drafted(mut self, settings: DraftedSettings) -> Self {
        self.drafted = settings;
        self
    }

    /// Compiles the scenario and checks everything. Errors, in the order checked: drafting
    /// settings for a protocol without drafting, the compiled scenario's, strategies (unknown
    /// party or spec), negotiators (unknown, without preferences, twice), a strategy for a
    /// party that does not negotiate ([`SimError::StrategyForNonNegotiator`]), the protocol's
    /// own checks (drafters, consulted parties), fewer than two negotiators.
    pub fn build(self) -> Result<Simulation, SimError> {
        if !self.protocol.drafting && (!self.drafters.is_empty() || !self.consulted.is_empty()) {
            return Err(SimError::DraftingWithoutDrafted);
        }
        let compiled = CompiledScenario::build(self.scenario)?;
        let scenario = self.scenario;
        let find = |id: &str| position(scenario, &compiled, id);
        let parse = |party: Option<&String>, spec: &str| {
            strategy::parse(spec).map_err(|source| SimError::Strategy {
                party: party.cloned(),
                spec: spec.to_string(),
                source,
            })
        };
        let mut default = parse(None, DEFAULT_STRATEGY)?;
        let mut named: Vec<(usize, Spec)> = Vec::new();
        for (party, spec) in &self.strategies {
            match party {
                Some(id) => {
                    let p = find(id).map_err(|e| match e {
                        SimError::NoPreferences(_) => SimError::StrategyForNonNegotiator {
                            party: id.clone(),
                            why: "it is an observer, with no preferences to negotiate by".into(),
                        },
                        e => e,
                    })?;
                    let spec = parse(Some(id), spec)?;
                    named.retain(|(q, _)| *q != p);
                    named.push((p, spec));
                }
                None => default = parse(None, spec)?,
            }
        }
        let specs: Vec<Spec> = (0..compiled.parties.len())
            .map(|p| {
                named
                    .iter()
                    .find(|(q, _)| *q == p)
                    .map_or_else(|| default.clone(), |(_, s)| s.clone())
            })
            .collect();
        let negotiators: Vec<usize> = if self.negotiators.is_empty() {
            // Ratifiers never negotiate: they vote after their party.
            (0..compiled.parties.len())
                .filter(|&p| self.protocol.drafting || compiled.signatory[p])
                .filter(|&p| scenario.party(compiled.parties[p]).ratifies().is_none())
                .collect()
        } else {
            let mut m = Vec::new();
            for id in &self.negotiators {
                let p = find(id)?;
                if m.contains(&p) {
                    return Err(SimError::NegotiatorTwice(id.clone()));
                }
                if let Some(principal) = scenario.party(compiled.parties[p]).ratifies() {
                    return Err(SimError::RatifierNegotiates {
                        party: compiled.id(p).to_string(),
                        principal: scenario.party(principal).id().to_string(),
                    });
                }
                m.push(p);
            }
            m
        };
        // A strategy named for a party that does not negotiate would be silently unused.
        for (party, _) in &self.strategies {
            let Some(id) = party else { continue };
            let p = find(id)?;
            if negotiators.contains(&p) {
                continue;
            }
            let why = if let Some(principal) = scenario.party(compiled.parties[p]).ratifies() {
                format!(
                    "it ratifies for `{}` and votes after it, by its walk-away and red lines",
                    scenario.party(principal).id()
                )
            } else if !self.negotiators.is_empty() {
                "it is not among the negotiators named".to_string()
            } else {
                format!(
                    "it is not a signatory, and only signatories negotiate under {} unless the \
                     negotiators are named",
                    self.protocol.name
                )
            };
            return Err(SimError::StrategyForNonNegotiator {
                party: id.clone(),
                why,
            });
        }
        if !(1..=MAX_ROUNDS).contains(&self.rounds) {
            return Err(SimError::BadRounds(self.rounds));
        }
        let drafting = Drafting {
            drafters: self
                .drafters
                .iter()
                .map(|id| find(id))
                .collect::<Result<_, _>>()?,
            consulted: if self.consulted.is_empty() {
                None
            } else {
                Some(
                    self.consulted
                        .iter()
                        .map(|id| find(id))
                        .collect::<Result<_, _>>()?,
                )
            },
            settings: self.drafted,
        };
        let time_limit = match self.time_limit {
            Some(seconds) if !(seconds.is_finite() && seconds > 0.0) => {
                return Err(SimError::BadTimeLimit(seconds));
            }
            Some(seconds) => Some(TimeLimit {
                seconds,
                clock: self
                    .clock
                    .clone()
                    .unwrap_or_else(|| Arc::new(SystemClock::new())),
            }),
            None => None,
        };
        let opening = status_quo(scenario, &compiled);
        let protocol = (self.protocol.build)(&Context {
            scenario,
            compiled: &compiled,
            negotiators: &negotiators,
            rounds: self.rounds,
            opening,
            drafting: &drafting,
            time_limit: time_limit.as_ref(),
        })?;
        if negotiators.len() < 2 {
            return Err(SimError::TooFewNegotiators(negotiators.len()));
        }
        let layout = self.sample_preferences.then(|| Layout::new(scenario));
        let sampling = match layout {
            Some(layout) if !layout.inputs.is_empty() => Some(Box::new(Sampling {
                scenario: scenario.clone(),
                layout,
                builder: SimulationBuilder {
                    sample_preferences: false,
                    ..self.clone()
                }
                .detach(),
            })),
            _ => None,
        };
        let mut sim = Simulation::new(
            scenario,
            compiled,
            self.protocol,
            protocol,
            negotiators,
            specs,
            self.rounds,
        );
        sim.sampling = sampling;
        sim.time_limit = self.time_limit;
        Ok(sim)
    }

    /// The settings without the scenario.
    fn detach(self) -> Settings {
        Settings {
            protocol: self.protocol,
            negotiators: self.negotiators,
            strategies: self.strategies,
            rounds: self.rounds,
            drafters: self.drafters,
            consulted: self.consulted,
            drafted: self.drafted,
            time_limit: self.time_limit,
            clock: self.clock,
        }
    }
}

/// A [`SimulationBuilder`]'s settings without its scenario.
#[derive(Debug, Clone)]
struct Settings {
    protocol: &'static ProtocolKind,
    negotiators: Vec<String>,
    strategies: Vec<(Option<String>, String)>,
    rounds: usize,
    drafters: Vec<String>,
    consulted: Vec<String>,
    drafted: DraftedSettings,
    time_limit: Option<f64>,
    clock: Option<Arc<dyn Clock>>,
}

impl Settings {
    /// The builder of these settings over `scenario`.
    fn over<'s>(&self, scenario: &'s Scenario) -> SimulationBuilder<'s> {
        SimulationBuilder {
            scenario,
            protocol: self.protocol,
            negotiators: self.negotiators.clone(),
            strategies: self.strategies.clone(),
            rounds: self.rounds,
            drafters: self.drafters.clone(),
            consulted: self.consulted.clone(),
            drafted: self.drafted,
            sample_preferences: false,
            time_limit: self.time_limit,
            clock: self.clock.clone(),
        }
    }
}

/// What a simulation with sampled preferences needs to set up each run's draw.
#[derive(Debug, Clone)]
struct Sampling {
    scenario: Scenario,
    layout: Layout,
    builder: Settings,
}

/// The seed of a run's draw of preferences, from the run's seed (SplitMix64 of the seed
/// xor a constant, so the draw's stream is not the negotiation's).
pub fn preference_seed(seed: u64) -> u64 {
    let mut z = (seed ^ 0x7072_6566_6572_656e).wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A party id resolved to its position in the compiled scenario.
pub fn position(
    scenario: &Scenario,
    compiled: &CompiledScenario,
    id: &str,
) -> Result<usize, SimError> {
    let ix = scenario.resolve_party(id)?;
    compiled
        .position(ix)
        .ok_or_else(|| SimError::NoPreferences(id.to_string()))
}

/// The status quo as an outcome, when every issue has one.
pub fn status_quo(scenario: &Scenario, compiled: &CompiledScenario) -> Option<OutcomeId> {
    let options: Option<Vec<usize>> = scenario
        .issues()
        .iter()
        .map(|i| i.status_quo().map(OptionIx::index))
        .collect();
    options.map(|o| compiled.space.encode(&o))
}

/// A checked simulation: the compiled scenario, the negotiators, their strategies, the
/// protocol and the metrics' reference points. Run it with [`Simulation::run`] (its own
/// strategies) or [`Simulation::run_with`] (a tournament's line-up).
pub struct Simulation {
    compiled: CompiledScenario,
    kind: &'static ProtocolKind,
    protocol: Box<dyn Protocol + Sync>,
    negotiators: Vec<usize>,
    judged: Vec<usize>,
    specs: Vec<Spec>,
    rounds: usize,
    reference: Option<Reference>,
    sampling: Option<Box<Sampling>>,
    time_limit: Option<f64>,
}

impl std::fmt::Debug for Simulation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Simulation")
            .field("protocol", &self.kind.name)
            .field("negotiators", &self.negotiators)
            .field("judged", &self.judged)
            .field("specs", &self.specs)
            .field("rounds", &self.rounds)
            .finish_non_exhaustive()
    }
}

impl Simulation {
    fn new(
        scenario: &Scenario,
        compiled: CompiledScenario,
        kind: &'static ProtocolKind,
        protocol: Box<dyn Protocol + Sync>,
        negotiators: Vec<usize>,
        specs: Vec<Spec>,
        rounds: usize,
    ) -> Simulation {
        let signing: Vec<usize> = negotiators
            .iter()
            .copied()
            .filter(|&p| compiled.signatory[p])
            .collect();
        let judged = if signing.is_empty() {
            negotiators.clone()
        } else {
            signing
        };
        let reference = Reference::for_simulation(scenario, &compiled, &judged, protocol.consent());
        Simulation {
            compiled,
            kind,
            protocol,
            negotiators,
            judged,
            specs,
            rounds,
            reference,
            sampling: None,
            time_limit: None,
        }
    }

    /// The deadline in seconds beside the rounds, if any (see [`crate::clock`]).
    pub fn time_limit(&self) -> Option<f64> {
        self.time_limit
    }

    /// Whether each run draws the scenario's intervals anew (and the scenario has any).
    pub fn samples_preferences(&self) -> bool {
        self.sampling.is_some()
    }

    /// The scenario a run on `seed` plays under sampled preferences: every interval drawn
    /// (see the module docs); `None` without sampling.
    pub fn drawn_scenario(&self, seed: u64) -> Option<Scenario> {
        let sampling = self.sampling.as_ref()?;
        let layout = &sampling.layout;
        let values =
            accord_uncertainty::montecarlo::sample_values(layout, preference_seed(seed), 1)
                .pop()
                .unwrap_or_default();
        let mut visited: Vec<usize> = vec![0; layout.positions.len()];
        Some(sampling.scenario.with_values(|p: PartyIx, e| {
            let k = &mut visited[p.index()];
            let at = layout.positions[p.index()].get(*k).copied().flatten();
            *k += 1;
            at.and_then(|i| values.get(i).copied())
                .unwrap_or_else(|| e.midpoint())
        }))
    }

    /// `f` of the simulation a run on `seed` plays: this one, or under sampled preferences
    /// the same settings over that run's draw ([`Simulation::drawn_scenario`]), whose
    /// compiled scenario, walk-aways and reference points are the draw's. Run it and judge it
    /// there (`s.run(seed, …)`, `s.summary(…)`). Errors: those of [`SimulationBuilder::build`]
    /// on the drawn scenario (the settings were checked on the midpoints, and a draw changes
    /// no id or size, so none is expected).
    pub fn with_run<T>(&self, seed: u64, f: impl FnOnce(&Simulation) -> T) -> Result<T, SimError> {
        match (&self.sampling, self.drawn_scenario(seed)) {
            (Some(sampling), Some(drawn)) => {
                let sim = sampling.builder.over(&drawn).build()?;
                Ok(f(&sim))
            }
            _ => Ok(f(self)),
        }
    }

    /// For each seed, in parallel and in seed order, `f(simulation, seed)` on the simulation
    /// a run on that seed plays ([`Simulation::with_run`]).
    pub fn map_seeds<T: Send>(
        &self,
        seeds: &[u64],
        f: impl Fn(&Simulation, u64) -> T + Sync,
    ) -> Result<Vec<T>, SimError> {
        seeds
            .par_iter()
            .map(|&seed| self.with_run(seed, |s| f(s, seed)))
            .collect()
    }

    /// The compiled scenario.
    pub fn compiled(&self) -> &CompiledScenario {
        &self.compiled
    }

    /// The protocol's name.
    pub fn protocol_name(&self) -> &'static str {
        self.kind.name
    }

    /// The protocol.
    pub fn protocol(&self) -> &(dyn Protocol + Sync) {
        self.protocol.as_ref()
    }

    /// The negotiators, in turn order (positions in the compiled scenario).
    pub fn negotiators(&self) -> &[usize] {
        &self.negotiators
    }

    /// The drafters (positions), under a protocol with drafting; empty otherwise.
    pub fn drafters(&self) -> &[usize] {
        self.protocol.drafters()
    }

    /// The parties the metrics judge: the signatories among the negotiators, or every
    /// negotiator when none signs (see the module docs).
    pub fn judged(&self) -> &[usize] {
        &self.judged
    }

    /// One strategy spec per party of the compiled scenario.
    pub fn specs(&self) -> &[Spec] {
        &self.specs
    }

    /// The deadline in rounds.
    pub fn rounds(&self) -> usize {
        self.rounds
    }

    /// The frontier and Nash point the judged parties' utilities are measured against; `None`
    /// where they cannot be computed (see [`Reference::for_scenario`]).
    pub fn reference(&self) -> Option<&Reference> {
        self.reference.as_ref()
    }

    /// One negotiation with the simulation's strategies on `seed`; `record`: keep the trace.
    pub fn run(&self, seed: u64, record: bool) -> Negotiation {
        self.run_with(&self.specs, seed, record)
    }

    /// One negotiation with `specs` (one per party of the compiled scenario) on `seed`.
    pub fn run_with(&self, specs: &[Spec], seed: u64, record: bool) -> Negotiation {
        negotiate(
            &self.compiled,
            self.protocol.as_ref(),
            &self.negotiators,
            specs,
            seed,
            record,
        )
    }

    /// One negotiation on `seed` with strategies the caller builds: `make(position, spec)` is
    /// called once per party of the compiled scenario, in position order, with the
    /// simulation's spec for it, and returns that party's strategy (e.g. `spec.build()`, or a
    /// negotiator written in another language). The run is otherwise [`Simulation::run`]'s
    /// (same protocol, generator and payoffs), and [`Simulation::summary`] judges it alike.
    pub fn run_custom(
        &self,
        mut make: impl FnMut(usize, &Spec) -> Box<dyn Strategy>,
        seed: u64,
        record: bool,
    ) -> Negotiation {
        let mut strategies: Vec<Box<dyn Strategy>> = self
            .specs
            .iter()
            .enumerate()
            .map(|(p, spec)| make(p, spec))
            .collect();
        let mut rng = crate::rng(seed);
        let mut trace = if record { Trace::on() } else { Trace::off() };
        let result = self.protocol.run(
            &self.compiled,
            &self.negotiators,
            &mut strategies,
            &mut rng,
            &mut trace,
        );
        let (utilities, discounted) = crate::payoffs(&self.compiled, &result);
        Negotiation {
            result,
            utilities,
            discounted,
            trace,
        }
    }

    /// One negotiation per seed, in parallel, in seed order (the result does not depend on
    /// the thread count).
    pub fn run_seeds(&self, seeds: &[u64], record: bool) -> Vec<Negotiation> {
        seeds.par_iter().map(|&s| self.run(s, record)).collect()
    }

    /// The figures of one negotiation run on `seed`.
    pub fn summary(&self, n: &Negotiation, seed: u64) -> RunSummary {
        let judged: Vec<f64> = self.judged.iter().map(|&p| n.utilities[p]).collect();
        RunSummary {
            seed,
            agreement: n.result.agreement.is_some(),
            rounds: n.result.rounds,
            utilities: n.utilities.clone(),
            discounted: n.discounted.clone(),
            welfare: judged.iter().sum(),
            pareto: self
                .reference
                .as_ref()
                .and_then(|r| r.distance_to_frontier(&judged)),
            nash: self
                .reference
                .as_ref()
                .and_then(|r| r.distance_to_nash(&judged)),
        }
    }
}

/// The figures of one run.
#[derive(Debug, Clone, PartialEq)]
pub struct RunSummary {
    /// Its seed.
    pub seed: u64,
    /// Whether it ended in an agreement.
    pub agreement: bool,
    /// Rounds used.
    pub rounds: usize,
    /// Every party's utility of the ending (compiled scenario order), undiscounted.
    pub utilities: Vec<f64>,
    /// The same, discounted.
    pub discounted: Vec<f64>,
    /// The sum of the judged parties' utilities.
    pub welfare: f64,
    /// Euclidean distance of the judged parties' utilities to the Pareto frontier.
    pub pareto: Option<f64>,
    /// Euclidean distance of the judged parties' utilities to the Nash point.
    pub nash: Option<f64>,
}

/// Means over runs.
#[derive(Debug, Clone, PartialEq)]
pub struct Aggregate {
    /// Runs.
    pub runs: usize,
    /// Runs that ended in an agreement.
    pub agreements: usize,
    /// Share of runs with an agreement.
    pub agreement_rate: f64,
    /// Mean rounds.
    pub mean_rounds: f64,
    /// Every party's mean utility (compiled scenario order).
    pub mean_utilities: Vec<f64>,
    /// Mean welfare (`None` without runs).
    pub mean_welfare: Option<f64>,
    /// Mean distance to the Pareto frontier, over the runs where it is known.
    pub mean_pareto: Option<f64>,
    /// Mean distance to the Nash point, over the runs where it is known.
    pub mean_nash: Option<f64>,
}

impl Aggregate {
    /// The means of `summaries` (at least one), for `parties` parties.
    pub fn new(summaries: &[RunSummary], parties: usize) -> Aggregate {
        let k = summaries.len() as f64;
        let agreements = summaries.iter().filter(|s| s.agreement).count();
        Aggregate {
            runs: summaries.len(),
            agreements,
            agreement_rate: agreements as f64 / k,
            mean_rounds: summaries.iter().map(|s| s.rounds as f64).sum::<f64>() / k,
            mean_utilities: (0..parties)
                .map(|p| summaries.iter().map(|s| s.utilities[p]).sum::<f64>() / k)
                .collect(),
            mean_welfare: mean(summaries.iter().map(|s| s.welfare)),
            mean_pareto: mean(summaries.iter().filter_map(|s| s.pareto)),
            mean_nash: mean(summaries.iter().filter_map(|s| s.nash)),
        }
    }
}

/// The mean, or `None` of nothing.
pub fn mean(xs: impl Iterator<Item = f64>) -> Option<f64> {
    let (s, n) = xs.fold((0.0, 0usize), |(s, n), x| (s + x, n + 1));
    (n > 0).then(|| s / n as f64)
}

//! The tournament engine: every combination of repetition × scenario × strategy line-up ×
//! role rotation, numbered in that order (job `j`; the repetition outermost). A job's result
//! depends only on what the job is: it runs on [`job_seed`] of the tournament's seed, its
//! scenario, its line-up's strategies, its rotation and its repetition (not of its number),
//! so not on the thread count, the shard, whether the run was resumed, or the other line-ups
//! listed. Results are JSON Lines ([`ResultLine`]), one per job, in job order;
//! [`Tournament::resume`] keeps the complete lines of a killed run; a shard `I/N` runs the
//! jobs with `j % N == I`; [`read_results`] joins shard files in job order, so sharded and
//! merged equals unsharded, byte for byte.
//!
//! **Growing runs.** Every line carries the digests of the settings that decide how a
//! negotiation runs ([`Config::settings`]: every key but `lineups` and `repetitions`) and the
//! configuration's fingerprint but `repetitions` ([`Config::fingerprint`]). A results file of the same
//! settings with fewer line-ups (or strategies) and fewer repetitions is this tournament's in
//! part: [`Tournament::resume`] matches its lines to this tournament's jobs by what they are,
//! puts in their new job numbers, line-up positions and fingerprint, and the front end writes
//! the file anew in job order and runs only the missing jobs, so the grown file is byte for
//! byte a fresh run of the larger configuration. Other settings, a line-up gone, or fewer
//! repetitions are refused, naming what differs. A shard file grows while its jobs stay in
//! its shard (more repetitions append jobs and keep the numbers of the others; more line-ups
//! renumber them).
//!
//! Every scenario is set up by [`SimulationBuilder`], exactly as `accord simulate` sets one up:
//! the same opening, judged parties, limits, drafted-then-ratified defaults and agreement rule
//! (a scenario's quorum, scoped consent and ratifiers decide its agreements). A line-up
//! shorter than a scenario's negotiators is cycled over them (B, C → B, C, B); rotation `r`
//! gives negotiator `m` strategy `(m + r) mod k` of the line-up.
//!
//! The library reads and writes through [`std::io`] traits only: the front end resolves the
//! scenarios the configuration names (relative to it), opens files and shows progress.

use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, Read};

use accord_model::Scenario;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::error::SimError;
use crate::json::{
    ComparisonJson, HeadToHeadJson, ResultLine, ScenarioRowJson, StatisticsJson, StrategyRowJson,
    TournamentSummaryJson,
};
use crate::protocol::{self, DraftProtocol, DraftedSettings, ProtocolKind};
use crate::setup::{MAX_ROUNDS, Simulation, SimulationBuilder};
use crate::stats::{self, Estimate};
use crate::strategy::{self, Spec, Strategy};

pub mod sizing;

/// Jobs run in parallel per chunk; a chunk's results are written in job order.
pub const CHUNK: usize = 256;

/// A tournament configuration (TOML):
///
/// ```toml
/// scenarios = ["examples/toy-border.toml", "../shared/domains/genius/Camera"]  # relative to this file
/// lineups = [["boulware", "conceder"], ["tit-for-tat", "frequency:e=2"]]
/// protocol = "sao"        # or "single-text", "drafted-then-ratified"
/// rounds = 100            # (of drafting, for drafted-then-ratified)
/// repetitions = 5
/// rotate = true           # every rotation of each line-up over the parties (role swaps)
/// seed = 1
/// sample_preferences = false  # true: each negotiation draws the scenario's intervals anew
/// time_limit = 3.0        # optional, SAO only: seconds per negotiation beside the rounds
///                         # (the earlier limit ends it; results then vary from run to run)
/// [parties]               # optional: negotiators of a scenario, by its file name as listed
/// "../shared/domains/genius/Camera" = ["camera_buyer_utility", "camera_seller_utility"]
///
/// # drafted-then-ratified only (all optional; the defaults of `accord simulate`):
/// [drafted]
/// draft = "sao"           # how the drafters draft: "sao" or "single-text"
/// consultations = 1       # rounds in which the drafters consult the consulted parties
/// revisions = 3           # revision rounds after a failed ratification vote
/// pressure = 0.0          # each ratifier's walk-away is lowered by this much per vote
/// [drafters]              # per scenario; default: the drafters of its first plan that names any
/// "examples/toy-border.toml" = ["west"]
/// [consult]               # per scenario: a party or a list the drafters consult; default: the
///                         # `consulted` of the plan the drafters come from
/// "examples/toy-border.toml" = "east"
/// ```
#[derive(Deserialize, Serialize, Debug, Clone, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Scenario files, relative to the configuration.
    pub scenarios: Vec<String>,
    /// Strategy line-ups (specs).
    pub lineups: Vec<Vec<String>>,
    /// The protocol's name (default `sao`).
    #[serde(default = "default_protocol")]
    pub protocol: String,
    /// The deadline in rounds (default 100).
    #[serde(default = "default_rounds")]
    pub rounds: usize,
    /// Repetitions of every combination (default 1).
    #[serde(default = "default_repetitions")]
    pub repetitions: usize,
    /// Whether every rotation of a line-up over the negotiators runs (default true).
    #[serde(default = "default_rotate")]
    pub rotate: bool,
    /// The tournament's seed (default 1).
    #[serde(default = "default_seed")]
    pub seed: u64,
    /// Whether each negotiation draws every interval of its scenario anew, from its seed
    /// (see [`crate::setup`]); default false: the midpoints.
    #[serde(default)]
    pub sample_preferences: bool,
    /// A deadline in seconds per negotiation beside the rounds (SAO only; see
    /// [`crate::clock`]); results under it are not reproducible byte for byte.
    #[serde(default)]
    pub time_limit: Option<f64>,
    /// Negotiators per scenario (as listed), in turn order.
    #[serde(default)]
    pub parties: BTreeMap<String, Vec<String>>,
    /// How drafted-then-ratified runs.
    #[serde(default)]
    pub drafted: DraftedConfig,
    /// Drafters per scenario (as listed).
    #[serde(default)]
    pub drafters: BTreeMap<String, Vec<String>>,
    /// The consulted parties per scenario (as listed): a party id or a list of them.
    #[serde(default)]
    pub consult: BTreeMap<String, Consulted>,
}

/// The parties drafters consult in one scenario of a tournament: one id, or a list. Both
/// spellings mean the same and compare, serialize (always as a list) and digest the same, so a
/// results file written under `"east"` grows under `["east"]`.
#[derive(Deserialize, Debug, Clone)]
#[serde(untagged)]
pub enum Consulted {
    /// `"east"`.
    One(String),
    /// `["east", "west"]`.
    Many(Vec<String>),
}

impl PartialEq for Consulted {
    fn eq(&self, other: &Self) -> bool {
        self.ids() == other.ids()
    }
}

impl Serialize for Consulted {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.ids().serialize(s)
    }
}

impl Consulted {
    /// The ids, in order.
    pub fn ids(&self) -> &[String] {
        match self {
            Consulted::One(id) => std::slice::from_ref(id),
            Consulted::Many(ids) => ids,
        }
    }
}

/// The `[drafted]` table, with [`DraftedSettings::default`]'s defaults.
#[derive(Deserialize, Serialize, Debug, Clone, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct DraftedConfig {
    /// How the drafters draft: `sao` or `single-text`.
    pub draft: String,
    /// Consultation rounds.
    pub consultations: usize,
    /// Revision rounds.
    pub revisions: usize,
    /// Walk-away lowered per vote.
    pub pressure: f64,
}

impl Default for DraftedConfig {
    fn default() -> Self {
        let d = DraftedSettings::default();
        DraftedConfig {
            draft: d.draft.name().to_string(),
            consultations: d.consultations,
            revisions: d.revisions,
            pressure: d.pressure,
        }
    }
}

fn default_protocol() -> String {
    "sao".into()
}
fn default_rounds() -> usize {
    100
}
fn default_repetitions() -> usize {
    1
}
fn default_rotate() -> bool {
    true
}
fn default_seed() -> u64 {
    1
}

impl Config {
    /// Reads a configuration; [`SimError::Config`] with the TOML error.
    pub fn from_toml(text: &str) -> Result<Config, SimError> {
        toml::from_str(text).map_err(|e| SimError::Config(e.to_string()))
    }

    /// The configuration as JSON, key by key in declaration order, with every default filled
    /// in (so that writing a default out, comments and layout do not count).
    fn canonical(&self) -> serde_json::Map<String, serde_json::Value> {
        match serde_json::to_value(self) {
            Ok(serde_json::Value::Object(map)) => map,
            _ => serde_json::Map::new(),
        }
    }

    /// The fingerprint of the configuration but `repetitions`: 16 hex digits, [`fingerprint`]
    /// of its canonical JSON (every key, defaults filled in). Every result line carries it as
    /// `tournament`; `tournament merge` joins only lines that agree on it, whose job numbers
    /// mean the same jobs (more repetitions append jobs and leave the others' numbers alone,
    /// so a run grown by repetitions keeps its lines as they were; more line-ups renumber).
    pub fn fingerprint(&self) -> String {
        let mut canonical = self.canonical();
        canonical.shift_remove("repetitions");
        fingerprint(&serde_json::Value::Object(canonical).to_string())
    }

    /// The settings that decide how each negotiation runs: every key but `lineups` and
    /// `repetitions` whose value is not the default, each with [`fingerprint`] of
    /// `key=` and its value's canonical JSON (16 hex digits). Every result line carries it as
    /// `settings`: a results file grows (more line-ups, more repetitions) only under equal
    /// settings, and the keys whose digests differ name what changed.
    pub fn settings(&self) -> BTreeMap<String, String> {
        let defaults = Config::from_toml("scenarios = []\nlineups = []")
            .map(|c| c.canonical())
            .unwrap_or_default();
        self.canonical()
            .into_iter()
            .filter(|(k, v)| k != "lineups" && k != "repetitions" && defaults.get(k) != Some(v))
            .map(|(k, v)| {
                let digest = fingerprint(&format!("{k}={v}"));
                (k, digest)
            })
            .collect()
    }
}

/// FNV-1a (64-bit) of a text, as 16 hex digits: the digest of [`Config::fingerprint`] and
/// [`Config::settings`].
pub fn fingerprint(text: &str) -> String {
    format!("{:016x}", fnv1a(FNV_OFFSET, text.as_bytes()))
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a (64-bit) over `bytes`, from state `h`.
fn fnv1a(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The SplitMix64 finalizer (Steele, Lea & Flood 2014): every input bit moves every output bit.
fn splitmix64(z: u64) -> u64 {
    let mut z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The seed of a job, from what the job is, not from its number: the tournament's `seed`,
/// the scenario as listed, the line-up's strategies in seat order (as the result lines name
/// them: [`Entry`]'s display, so spellings of one spec agree), the rotation and the
/// repetition. Adding line-ups or repetitions, which renumbers jobs, changes no job's seed.
///
/// The hash: FNV-1a (64-bit) over the bytes `seed` (8 bytes, little-endian), then each text
/// as its length (8 bytes, little-endian) and its UTF-8 bytes (the scenario, the number of
/// strategies as 8 bytes, each strategy), then `rotation` and `repetition` (8 bytes each,
/// little-endian), finished by SplitMix64's finalizer. Only fixed-width integers in a fixed
/// byte order enter it, so it is the same on every platform and in every build.
pub fn job_seed<S: AsRef<str>>(
    seed: u64,
    scenario: &str,
    lineup: &[S],
    rotation: usize,
    repetition: usize,
) -> u64 {
    let word = |h: u64, x: u64| fnv1a(h, &x.to_le_bytes());
    let text = |h: u64, t: &str| fnv1a(word(h, t.len() as u64), t.as_bytes());
    let mut h = word(FNV_OFFSET, seed);
    h = text(h, scenario);
    h = word(h, lineup.len() as u64);
    for s in lineup {
        h = text(h, s.as_ref());
    }
    h = word(h, rotation as u64);
    h = word(h, repetition as u64);
    splitmix64(h)
}

/// One negotiation of the tournament.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Job {
    /// Its number.
    pub index: usize,
    /// The scenario (position in the configuration).
    pub arena: usize,
    /// The line-up (position in the configuration).
    pub lineup: usize,
    /// The rotation of the line-up.
    pub rotation: usize,
    /// The repetition.
    pub repetition: usize,
}

/// One scenario, set up.
#[derive(Debug)]
pub struct Arena {
    /// The scenario as listed.
    pub name: String,
    /// The scenario (its ids and labels name the agreed terms and the traces).
    pub scenario: Scenario,
    /// Its simulation.
    pub sim: Simulation,
}

/// One strategy of a line-up: a built-in one, or one the caller builds.
#[derive(Debug, Clone, PartialEq)]
pub enum Entry {
    /// A built-in strategy's spec ([`strategy::parse`]).
    Builtin(Spec),
    /// A strategy the caller builds for each seat ([`Tournament::run_job_with`]), by the name
    /// the line-up gives it (e.g. `python:mine`), which the results carry as given.
    Custom(String),
}

impl std::fmt::Display for Entry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Entry::Builtin(s) => s.fmt(f),
            Entry::Custom(name) => f.write_str(name),
        }
    }
}

/// A checked tournament, ready to run.
#[derive(Debug)]
pub struct Tournament {
    config: Config,
    fingerprint: String,
    settings: BTreeMap<String, String>,
    lineups: Vec<Vec<Entry>>,
    /// Each line-up's strategies as the result lines name them (its entries' display).
    names: Vec<Vec<String>>,
    arenas: Vec<Arena>,
}

/// The settings that need no scenario, checked: the protocol, the line-ups, the drafted
/// settings. Errors in this order: no scenario or line-up, rounds or repetitions of 0,
/// rounds past [`MAX_ROUNDS`], a strategy, a line-up listed twice, drafting tables without
/// drafting, a per-scenario key
/// naming no listed scenario, the drafted settings, the protocol's and drafting protocol's names.
pub fn check(
    config: &Config,
) -> Result<(&'static ProtocolKind, Vec<Vec<Entry>>, DraftedSettings), SimError> {
    check_with(config, &[])
}

/// [`check`], where a line-up entry equal to one of `custom` (e.g. `python:mine`) is a
/// strategy the caller builds ([`Entry::Custom`]) instead of a built-in spec.
pub fn check_with(
    config: &Config,
    custom: &[String],
) -> Result<(&'static ProtocolKind, Vec<Vec<Entry>>, DraftedSettings), SimError> {
    if config.scenarios.is_empty() || config.lineups.is_empty() {
        return Err(SimError::EmptyTournament);
    }
    if config.rounds == 0 || config.repetitions == 0 {
        return Err(SimError::NoRepetitions);
    }
    if config.rounds > MAX_ROUNDS {
        return Err(SimError::BadRounds(config.rounds));
    }
    if let Some(seconds) = config.time_limit
        && !(seconds.is_finite() && seconds > 0.0)
    {
        return Err(SimError::BadTimeLimit(seconds));
    }
    let lineups = config
        .lineups
        .iter()
        .map(|l| {
            if l.is_empty() {
                return Err(SimError::EmptyLineup);
            }
            l.iter()
                .map(|s| {
                    if custom.contains(s) {
                        return Ok(Entry::Custom(s.clone()));
                    }
                    strategy::parse(s)
                        .map(Entry::Builtin)
                        .map_err(|source| SimError::Strategy {
                            party: None,
                            spec: s.clone(),
                            source,
                        })
                })
                .collect::<Result<Vec<_>, _>>()
        })
        .collect::<Result<Vec<_>, _>>()?;
    // A job's seed is of its line-up's strategies: a line-up listed twice would run the same
    // negotiations twice.
    let shown: Vec<Vec<String>> = lineups
        .iter()
        .map(|l| l.iter().map(Entry::to_string).collect())
        .collect();
    for (again, l) in shown.iter().enumerate() {
        if let Some(first) = shown[..again].iter().position(|m| m == l) {
            return Err(SimError::RepeatedLineup {
                first,
                again,
                strategies: l.join(", "),
            });
        }
    }
    let drafted = config.protocol == "drafted-then-ratified";
    if !drafted && (!config.drafters.is_empty() || !config.consult.is_empty()) {
        return Err(SimError::DraftingWithoutDrafted);
    }
    for key in config
        .drafters
        .keys()
        .chain(config.consult.keys())
        .chain(config.parties.keys())
    {
        if !config.scenarios.contains(key) {
            return Err(SimError::UnlistedScenario(key.clone()));
        }
    }
    let d = &config.drafted;
    let mut settings = DraftedSettings {
        draft: DraftProtocol::Sao,
        consultations: d.consultations,
        revisions: d.revisions,
        pressure: d.pressure,
    };
    settings.check()?;
    let kind = protocol::parse(&config.protocol)?;
    if kind.drafting {
        settings.draft = DraftProtocol::parse(&d.draft)?;
    }
    Ok((kind, lineups, settings))
}

impl Tournament {
    /// The tournament of `config`, with its scenarios loaded in the order listed. `_text`,
    /// the configuration's text, no longer counts: the fingerprint and the settings are of
    /// `config` as parsed ([`Config::fingerprint`]), so comments, layout and defaults written
    /// out do not. Errors: those of [`check`], then per scenario (as
    /// [`SimError::InScenario`]) those of [`SimulationBuilder::build`].
    pub fn new(
        config: Config,
        _text: &str,
        scenarios: &[Scenario],
    ) -> Result<Tournament, SimError> {
        Tournament::with_custom(config, _text, scenarios, &[])
    }

    /// [`Tournament::new`], where line-up entries equal to one of `custom` are strategies the
    /// caller builds ([`check_with`]); jobs that seat one run by [`Tournament::run_job_with`].
    pub fn with_custom(
        config: Config,
        _text: &str,
        scenarios: &[Scenario],
        custom: &[String],
    ) -> Result<Tournament, SimError> {
        let (kind, lineups, settings) = check_with(&config, custom)?;
        let mut arenas = Vec::with_capacity(scenarios.len());
        for (name, scenario) in config.scenarios.iter().zip(scenarios) {
            let mut b = SimulationBuilder::new(scenario, kind)
                .sample_preferences(config.sample_preferences)
                .time_limit(config.time_limit)
                .rounds(config.rounds)
                .drafted(settings);
            if let Some(ids) = config.parties.get(name) {
                b = b.negotiators(ids);
            }
            if let Some(ids) = config.drafters.get(name) {
                b = b.drafters(ids);
            }
            if let Some(c) = config.consult.get(name) {
                b = b.consulted(c.ids());
            }
            let sim = b.build().map_err(|e| e.in_scenario(name))?;
            // A draw changes no id or size; setting one up here reports any error at once.
            sim.with_run(0, |_| ()).map_err(|e| e.in_scenario(name))?;
            arenas.push(Arena {
                name: name.clone(),
                scenario: scenario.clone(),
                sim,
            });
        }
        let names = lineups
            .iter()
            .map(|l| l.iter().map(Entry::to_string).collect())
            .collect();
        Ok(Tournament {
            fingerprint: config.fingerprint(),
            settings: config.settings(),
            config,
            lineups,
            names,
            arenas,
        })
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The configuration's fingerprint ([`Config::fingerprint`]).
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// The settings' digests ([`Config::settings`]).
    pub fn settings(&self) -> &BTreeMap<String, String> {
        &self.settings
    }

    /// The seed job `job` runs on: [`job_seed`] of what it is (the tournament's seed, its
    /// scenario, line-up, rotation and repetition), not of its number.
    pub fn seed_of(&self, job: &Job) -> u64 {
        job_seed(
            self.config.seed,
            &self.arenas[job.arena].name,
            &self.names[job.lineup],
            job.rotation,
            job.repetition,
        )
    }

    /// The scenarios, set up.
    pub fn arenas(&self) -> &[Arena] {
        &self.arenas
    }

    /// Every job, numbered in a fixed order: repetition, scenario, line-up, rotation (the
    /// jobs of `repetitions = k` are the first jobs of any larger `repetitions`).
    pub fn jobs(&self) -> Vec<Job> {
        let mut jobs = Vec::new();
        for repetition in 0..self.config.repetitions {
            for (a, arena) in self.arenas.iter().enumerate() {
                for l in 0..self.lineups.len() {
                    let rotations = if self.config.rotate {
                        arena.sim.negotiators().len()
                    } else {
                        1
                    };
                    for rotation in 0..rotations {
                        jobs.push(Job {
                            index: jobs.len(),
                            arena: a,
                            lineup: l,
                            rotation,
                            repetition,
                        });
                    }
                }
            }
        }
        jobs
    }

    /// The strategy of every party of job `job`'s compiled scenario, by position: negotiator
    /// `m` plays entry `(m + rotation) mod k` of the line-up (`k`: the line-up's length, at
    /// most the number of negotiators); a party that does not negotiate holds the line-up's
    /// first entry (it may still answer, as a consulted party or a ratifier).
    pub fn seats(&self, job: &Job) -> Vec<&Entry> {
        let sim = &self.arenas[job.arena].sim;
        let lineup = &self.lineups[job.lineup];
        let k = sim.negotiators().len();
        let mut seats: Vec<&Entry> = vec![&lineup[0]; sim.compiled().parties.len()];
        for (m, &p) in sim.negotiators().iter().enumerate() {
            seats[p] = &lineup[(m + job.rotation) % lineup.len().min(k).max(1)];
        }
        seats
    }

    /// Whether job `job` seats a strategy the caller builds (then only
    /// [`Tournament::run_job_with`] runs it).
    pub fn needs_caller(&self, job: &Job) -> bool {
        self.seats(job)
            .iter()
            .any(|e| matches!(e, Entry::Custom(_)))
    }

    /// Runs one job of built-in strategies. Errors: [`SimError::InNegotiation`] when the
    /// job's draw of preferences (`sample_preferences`) does not set up
    /// ([`Simulation::with_run`]; not expected: a draw changes no id or size, and the
    /// midpoints set up when the tournament was made).
    ///
    /// # Panics
    /// When the job seats a strategy the caller builds ([`Tournament::needs_caller`]): run it
    /// with [`Tournament::run_job_with`]. A tournament made by [`Tournament::new`] has none.
    pub fn run_job(&self, job: &Job) -> Result<ResultLine, SimError> {
        self.run_job_with(job, |_, name| {
            panic!("line-up entry `{name}` is built by the caller: use run_job_with")
        })
    }

    /// Runs one job; `make(position, name)` builds the strategy of each seat holding an
    /// [`Entry::Custom`] (position: the party's in the arena's compiled scenario), called in
    /// position order. The run is otherwise [`Tournament::run_job`]'s: the same seed, protocol
    /// and payoffs ([`Simulation::run_custom`]), and the result line names the strategy as
    /// the line-up gives it. Errors: as [`Tournament::run_job`].
    pub fn run_job_with(
        &self,
        job: &Job,
        make: impl FnMut(usize, &str) -> Box<dyn Strategy>,
    ) -> Result<ResultLine, SimError> {
        Ok(self.run_job_recording(job, make, false)?.0)
    }

    /// Runs one job of built-in strategies recording its trace: the result line (the same as
    /// [`Tournament::run_job`]'s) and the negotiation, whose trace
    /// [`crate::json::write_trace`] writes (on the line's seed).
    ///
    /// Errors and panics: as [`Tournament::run_job`].
    pub fn trace_job(&self, job: &Job) -> Result<(ResultLine, crate::Negotiation), SimError> {
        self.run_job_recording(
            job,
            |_, name| panic!("line-up entry `{name}` is built by the caller: use run_job_with"),
            true,
        )
    }

    fn run_job_recording(
        &self,
        job: &Job,
        mut make: impl FnMut(usize, &str) -> Box<dyn Strategy>,
        record: bool,
    ) -> Result<(ResultLine, crate::Negotiation), SimError> {
        let a = &self.arenas[job.arena];
        let seed = self.seed_of(job);
        let seats = self.seats(job);
        // The simulation this job plays: the arena's, or its draw of preferences (the draw's
        // set-up was checked when the tournament was made, and draws differ only in values).
        let played = a.sim.with_run(seed, |sim| {
            let c = sim.compiled();
            let mut strategies = crate::json::ById::new();
            for &p in sim.negotiators() {
                strategies.insert(c.id(p).to_string(), seats[p].to_string());
            }
            let n = sim.run_custom(
                |p, _| match seats[p] {
                    Entry::Builtin(spec) => spec.build(),
                    Entry::Custom(name) => make(p, name),
                },
                seed,
                record,
            );
            let summary = sim.summary(&n, seed);
            let mut utilities = crate::json::ById::new();
            let mut advantages = crate::json::ById::new();
            let mut walk_aways = crate::json::ById::new();
            for &p in sim.negotiators() {
                utilities.insert(c.id(p).to_string(), n.utilities[p]);
                advantages.insert(
                    c.id(p).to_string(),
                    n.utilities[p] - c.functions[p].walk_away,
                );
                walk_aways.insert(c.id(p).to_string(), c.functions[p].walk_away);
            }
            let terms = n
                .result
                .agreement
                .map(|o| crate::json::terms(&a.scenario, c, o));
            let line = ResultLine {
                job: job.index,
                scenario: a.name.clone(),
                lineup: job.lineup,
                rotation: job.rotation,
                repetition: job.repetition,
                seed,
                strategies,
                agreement: summary.agreement,
                rounds: summary.rounds,
                utilities,
                advantages,
                welfare: summary.welfare,
                distance_to_pareto: summary.pareto,
                distance_to_nash: summary.nash,
                tournament: self.fingerprint.clone(),
                walk_aways,
                terms,
                settings: self.settings.clone(),
            };
            (line, n)
        });
        played.map_err(|source| SimError::InNegotiation {
            job: job.index,
            scenario: a.name.clone(),
            source: Box::new(source),
        })
    }

    /// Runs `jobs` in parallel; their result lines (each ending in a newline), in job order.
    /// Errors: a failed job's (any one of them), as [`Tournament::run_job`].
    pub fn run_chunk(&self, jobs: &[Job]) -> Result<String, SimError> {
        let lines: Vec<String> = jobs
            .par_iter()
            .map(|job| Ok(serde_json::to_string(&self.run_job(job)?).unwrap_or_default()))
            .collect::<Result<_, SimError>>()?;
        let mut buf = String::new();
        for l in lines {
            buf.push_str(&l);
            buf.push('\n');
        }
        Ok(buf)
    }
}

/// The jobs of shard `i` of `n`: those with `index % n == i`.
pub fn shard(jobs: Vec<Job>, (i, n): (usize, usize)) -> Vec<Job> {
    jobs.into_iter().filter(|j| j.index % n == i).collect()
}

/// Parses a shard `I/N` (0 <= I < N).
pub fn parse_shard(s: &str) -> Result<(usize, usize), String> {
    let (i, n) = s
        .split_once('/')
        .ok_or_else(|| format!("expected I/N (e.g. 0/4), found `{s}`"))?;
    let (i, n): (usize, usize) = (
        i.trim()
            .parse()
            .map_err(|_| format!("`{i}` is not a shard number"))?,
        n.trim()
            .parse()
            .map_err(|_| format!("`{n}` is not a shard count"))?,
    );
    if n == 0 || i >= n {
        return Err(format!("a shard is I/N with 0 <= I < N, not {s}"));
    }
    Ok((i, n))
}

/// What every result line is read for when resuming and merging.
#[derive(Deserialize)]
struct Stamp {
    job: Option<u64>,
    #[serde(default)]
    tournament: Option<serde_json::Value>,
}

/// The results already in a file being resumed or grown: its complete lines, each matched by
/// what its job is (its seed, checked against its scenario, rotation, repetition and seating)
/// to this tournament's job and written as a fresh run writes it (the job's number and
/// line-up position and the configuration's fingerprint put in; every other byte kept).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Resumed {
    /// Complete result lines, by job (this tournament's numbers).
    pub done: BTreeMap<usize, String>,
    /// Bytes of complete lines.
    pub complete: u64,
    /// Bytes read.
    pub len: u64,
    /// Whether the complete lines are already `done`'s, in job order, byte for byte (else the
    /// file is to be written anew: it was grown, or its lines are out of order).
    pub in_order: bool,
}

impl Tournament {
    /// Reads a results file to resume or grow this tournament's shard `(i, n)` (`(0, 1)`:
    /// unsharded). A file of a smaller tournament of the same settings (fewer line-ups or
    /// strategies, fewer repetitions) is this one's in part: its lines are matched to this
    /// tournament's jobs by what they are, not by their numbers. A torn last line (cut by a
    /// kill) is left out ([`Resumed::complete`]).
    ///
    /// Errors: [`SimError::NotResults`] (a line that is not a result, with its line number),
    /// [`SimError::EarlierResults`] (lines of a version whose seeds were by job number),
    /// [`SimError::OtherSettings`] (naming the settings that differ),
    /// [`SimError::PastRepetitions`], [`SimError::LineupGone`] (a job this configuration
    /// does not run), [`SimError::OtherShard`] (a job that is now another shard's),
    /// [`SimError::ConflictingResults`], [`SimError::Io`].
    pub fn resume(
        &self,
        mut reader: impl Read,
        (i, n): (usize, usize),
    ) -> Result<Resumed, SimError> {
        let mut bytes = Vec::new();
        reader
            .read_to_end(&mut bytes)
            .map_err(|e| SimError::Io(format!("cannot resume: {e}")))?;
        let complete = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |k| k + 1);
        let text = String::from_utf8_lossy(&bytes[..complete]);
        let jobs = self.jobs();
        let by_seed: HashMap<u64, usize> =
            jobs.iter().map(|j| (self.seed_of(j), j.index)).collect();
        let mut done = BTreeMap::new();
        for (k, line) in text.lines().enumerate() {
            let at = k + 1;
            let v: ResultLine = serde_json::from_str(line)
                .map_err(|e| SimError::NotResults(format!("line {at} is not a result: {e}")))?;
            if v.settings.is_empty() {
                return Err(SimError::EarlierResults);
            }
            if v.settings != self.settings {
                let differ = v
                    .settings
                    .keys()
                    .chain(self.settings.keys())
                    .filter(|key| v.settings.get(*key) != self.settings.get(*key))
                    .cloned()
                    .collect::<std::collections::BTreeSet<String>>();
                return Err(SimError::OtherSettings(differ.into_iter().collect()));
            }
            let Some(job) = by_seed.get(&v.seed).map(|&j| &jobs[j]) else {
                return Err(self.not_run(&v));
            };
            if self.arenas[job.arena].name != v.scenario
                || job.rotation != v.rotation
                || job.repetition != v.repetition
                || self.seating(job) != v.strategies
            {
                return Err(SimError::NotResults(format!(
                    "line {at}: seed {} is job {}'s, but the line is not that job",
                    v.seed, job.index
                )));
            }
            if job.index % n != i {
                return Err(SimError::OtherShard {
                    line: at,
                    job: job.index,
                    shard: (i, n),
                });
            }
            let line =
                if v.job == job.index && v.lineup == job.lineup && v.tournament == self.fingerprint
                {
                    line.to_string()
                } else {
                    renumber(line, job.index, job.lineup, &self.fingerprint)
                        .map_err(|e| SimError::NotResults(format!("line {at}: {e}")))?
                };
            if let Some(prev) = done.get(&job.index)
                && *prev != line
            {
                return Err(SimError::ConflictingResults(job.index));
            }
            done.insert(job.index, line);
        }
        let mut canonical = String::with_capacity(complete);
        for l in done.values() {
            canonical.push_str(l);
            canonical.push('\n');
        }
        Ok(Resumed {
            in_order: canonical.as_bytes() == &bytes[..complete],
            done,
            complete: complete as u64,
            len: bytes.len() as u64,
        })
    }

    /// Each negotiator's strategy in job `job`, by party id, as its result line names them.
    fn seating(&self, job: &Job) -> crate::json::ById<String> {
        let sim = &self.arenas[job.arena].sim;
        let c = sim.compiled();
        let seats = self.seats(job);
        sim.negotiators()
            .iter()
            .map(|&p| (c.id(p).to_string(), seats[p].to_string()))
            .collect()
    }

    /// Why a result line with settings equal to this tournament's is none of its jobs.
    fn not_run(&self, v: &ResultLine) -> SimError {
        if v.repetition >= self.config.repetitions {
            return SimError::PastRepetitions {
                repetition: v.repetition,
                repetitions: self.config.repetitions,
            };
        }
        let listed: std::collections::BTreeSet<&String> = self.names.iter().flatten().collect();
        let mut missing: Vec<String> = v
            .strategies
            .values()
            .filter(|s| !listed.contains(s))
            .cloned()
            .collect();
        missing.dedup();
        SimError::LineupGone {
            scenario: v.scenario.clone(),
            seats: v
                .strategies
                .iter()
                .map(|(p, s)| format!("{p}={s}"))
                .collect::<Vec<_>>()
                .join(", "),
            rotation: v.rotation,
            missing,
        }
    }
}

/// A result line with its `job`, `lineup` and `tournament` values replaced and every other
/// byte kept: the line a fresh run writes for the job (lines are compact JSON, key after key).
fn renumber(line: &str, job: usize, lineup: usize, tournament: &str) -> Result<String, String> {
    let fields: RawFields = serde_json::from_str(line).map_err(|e| e.to_string())?;
    let mut out = String::with_capacity(line.len() + 8);
    out.push('{');
    for (k, (key, value)) in fields.0.iter().enumerate() {
        if k > 0 {
            out.push(',');
        }
        out.push_str(&serde_json::to_string(key).map_err(|e| e.to_string())?);
        out.push(':');
        match key.as_str() {
            "job" => out.push_str(&job.to_string()),
            "lineup" => out.push_str(&lineup.to_string()),
            "tournament" => {
                out.push_str(&serde_json::to_string(tournament).map_err(|e| e.to_string())?)
            }
            _ => out.push_str(value.get()),
        }
    }
    out.push('}');
    Ok(out)
}

/// A JSON object's members in order, each value as its text.
struct RawFields(Vec<(String, Box<RawValue>)>);

impl<'de> Deserialize<'de> for RawFields {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Members;
        impl<'de> serde::de::Visitor<'de> for Members {
            type Value = RawFields;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<RawFields, A::Error> {
                let mut out = Vec::new();
                while let Some(member) = map.next_entry::<String, Box<RawValue>>()? {
                    out.push(member);
                }
                Ok(RawFields(out))
            }
        }
        d.deserialize_map(Members)
    }
}

/// Every result line of `sources` (name, reader), one per job, in job order. Errors name the
/// source ([`SimError::InResults`]).
pub fn read_results(
    sources: Vec<(String, Box<dyn BufRead + '_>)>,
) -> Result<Vec<(usize, String)>, SimError> {
    let mut all: BTreeMap<usize, String> = BTreeMap::new();
    let mut tournament: Option<Option<serde_json::Value>> = None;
    for (name, reader) in sources {
        let fail = |e: SimError| e.in_results(&name);
        for line in reader.lines() {
            let line = line.map_err(|e| fail(SimError::Io(format!("cannot read: {e}"))))?;
            if line.trim().is_empty() {
                continue;
            }
            let v: Stamp = serde_json::from_str(&line)
                .map_err(|e| fail(SimError::BadLine(format!("a line is not JSON: {e}"))))?;
            let job = v
                .job
                .ok_or_else(|| fail(SimError::BadLine("a line has no job number".into())))?;
            match &tournament {
                None => tournament = Some(v.tournament.clone()),
                Some(t) if *t != v.tournament => return Err(fail(SimError::OtherTournament)),
                Some(_) => {}
            }
            if let Some(prev) = all.get(&(job as usize))
                && *prev != line
            {
                return Err(fail(SimError::ConflictingResults(job as usize)));
            }
            all.insert(job as usize, line);
        }
    }
    Ok(all.into_iter().collect())
}

/// A strategy's tally: every (negotiation, party) it played.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StrategyTally {
    /// (Negotiation, party) pairs.
    pub negotiations: usize,
    /// Those with an agreement.
    pub agreements: usize,
    /// Sum of utilities.
    pub utility: f64,
    /// Sum of utilities above the walk-away.
    pub advantage: f64,
    /// Sum and count of known distances to the Pareto frontier.
    pub pareto: (f64, usize),
    /// Sum and count of known distances to the Nash point.
    pub nash: (f64, usize),
    /// Every utility, in job order (the sample of [`Summary::to_json`]'s statistics).
    pub utilities: Vec<f64>,
    /// Every advantage (utility minus walk-away), in job order.
    pub advantages: Vec<f64>,
}

/// A cell of the head-to-head table: a strategy's utilities against one opponent strategy.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct HeadToHead {
    /// Sum of the strategy's utilities.
    pub utility: f64,
    /// (Negotiation, party) pairs in which the strategy faced the opponent strategy.
    pub n: usize,
}

/// A scenario's tally: its negotiations.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ScenarioTally {
    /// Negotiations.
    pub negotiations: usize,
    /// Those with an agreement.
    pub agreements: usize,
    /// Sum of rounds.
    pub rounds: usize,
    /// Sum of welfare.
    pub welfare: f64,
    /// Sum and count of known distances to the Pareto frontier.
    pub pareto: (f64, usize),
    /// Sum and count of known distances to the Nash point.
    pub nash: (f64, usize),
}

/// The summary of a tournament's results.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    /// Result lines.
    pub negotiations: usize,
    /// Per strategy spec, by name.
    pub strategies: BTreeMap<String, StrategyTally>,
    /// Per scenario, in the order they first appear (job order: the configuration's).
    pub scenarios: Vec<(String, ScenarioTally)>,
    /// Strategy → opponent strategy → the strategy's utilities against it. A (negotiation,
    /// party) pair counts once for each distinct strategy among the other negotiators.
    pub head_to_head: BTreeMap<String, BTreeMap<String, HeadToHead>>,
}

/// The mean of a (sum, count) pair; `None` of nothing.
pub fn avg((s, n): (f64, usize)) -> Option<f64> {
    (n > 0).then(|| s / n as f64)
}

impl Summary {
    /// Tallies result lines (lines that are not results are skipped).
    pub fn new(results: &[(usize, String)]) -> Summary {
        let mut by: BTreeMap<String, StrategyTally> = BTreeMap::new();
        let mut scenarios: Vec<(String, ScenarioTally)> = Vec::new();
        let mut head_to_head: BTreeMap<String, BTreeMap<String, HeadToHead>> = BTreeMap::new();
        let add = |acc: &mut (f64, usize), d: Option<f64>| {
            if let Some(d) = d {
                *acc = (acc.0 + d, acc.1 + 1);
            }
        };
        for (_, line) in results {
            let Ok(v) = serde_json::from_str::<ResultLine>(line) else {
                continue;
            };
            let k = match scenarios.iter().position(|(n, _)| *n == v.scenario) {
                Some(k) => k,
                None => {
                    scenarios.push((v.scenario.clone(), ScenarioTally::default()));
                    scenarios.len() - 1
                }
            };
            let t = &mut scenarios[k].1;
            t.negotiations += 1;
            t.agreements += usize::from(v.agreement);
            t.rounds += v.rounds;
            t.welfare += v.welfare;
            add(&mut t.pareto, v.distance_to_pareto);
            add(&mut t.nash, v.distance_to_nash);
            for (party, s) in &v.strategies {
                let t = by.entry(s.clone()).or_default();
                let utility = v.utilities.get(party).copied().unwrap_or(0.0);
                let advantage = v.advantages.get(party).copied().unwrap_or(0.0);
                t.negotiations += 1;
                t.agreements += usize::from(v.agreement);
                t.utility += utility;
                t.advantage += advantage;
                t.utilities.push(utility);
                t.advantages.push(advantage);
                add(&mut t.pareto, v.distance_to_pareto);
                add(&mut t.nash, v.distance_to_nash);
                let mut opponents: Vec<&String> = v
                    .strategies
                    .iter()
                    .filter(|(q, _)| *q != party)
                    .map(|(_, o)| o)
                    .collect();
                opponents.sort();
                opponents.dedup();
                let row = head_to_head.entry(s.clone()).or_default();
                for o in opponents {
                    let cell = row.entry(o.clone()).or_default();
                    cell.utility += utility;
                    cell.n += 1;
                }
            }
        }
        Summary {
            negotiations: results.len(),
            strategies: by,
            scenarios,
            head_to_head,
        }
    }

    /// Every pair of strategies (in name order, `a` before `b`) compared on utility by
    /// [`stats::mann_whitney_u`], with the p-values adjusted by [`stats::holm`] over all the
    /// pairs.
    pub fn comparisons(&self) -> Vec<ComparisonJson> {
        let names: Vec<&String> = self.strategies.keys().collect();
        let mut out = Vec::new();
        for (i, a) in names.iter().enumerate() {
            for b in &names[i + 1..] {
                let r = stats::mann_whitney_u(
                    &self.strategies[*a].utilities,
                    &self.strategies[*b].utilities,
                );
                if let Some(r) = r {
                    out.push(ComparisonJson {
                        a: (*a).clone(),
                        b: (*b).clone(),
                        test: stats::TEST.to_string(),
                        statistic: r.statistic,
                        p_value: r.p_value,
                        p_adjusted: r.p_value,
                    });
                }
            }
        }
        let p: Vec<f64> = out.iter().map(|c| c.p_value).collect();
        for (c, adjusted) in out.iter_mut().zip(stats::holm(&p)) {
            c.p_adjusted = adjusted;
        }
        out
    }

    /// As JSON.
    pub fn to_json(&self) -> TournamentSummaryJson {
        TournamentSummaryJson {
            negotiations: self.negotiations,
            strategies: self
                .strategies
                .iter()
                .map(|(s, t)| {
                    let n = t.negotiations as f64;
                    StrategyRowJson {
                        strategy: s.clone(),
                        negotiations: t.negotiations,
                        agreement_rate: t.agreements as f64 / n,
                        mean_utility: t.utility / n,
                        mean_advantage: t.advantage / n,
                        mean_distance_to_pareto: avg(t.pareto),
                        mean_distance_to_nash: avg(t.nash),
                        utility: Estimate::new(&t.utilities),
                        advantage: Estimate::new(&t.advantages),
                    }
                })
                .collect(),
            scenarios: self
                .scenarios
                .iter()
                .map(|(name, t)| {
                    let n = t.negotiations as f64;
                    ScenarioRowJson {
                        scenario: name.clone(),
                        negotiations: t.negotiations,
                        agreement_rate: t.agreements as f64 / n,
                        mean_rounds: t.rounds as f64 / n,
                        mean_welfare: t.welfare / n,
                        mean_distance_to_pareto: avg(t.pareto),
                        mean_distance_to_nash: avg(t.nash),
                    }
                })
                .collect(),
            statistics: StatisticsJson::default(),
            head_to_head: self
                .head_to_head
                .iter()
                .map(|(s, row)| {
                    let row = row
                        .iter()
                        .map(|(o, c)| {
                            let cell = HeadToHeadJson {
                                mean_utility: c.utility / c.n as f64,
                                n: c.n,
                            };
                            (o.clone(), cell)
                        })
                        .collect();
                    (s.clone(), row)
                })
                .collect(),
            comparisons: self.comparisons(),
        }
    }
}

/// The columns of the long table, in order ([`LongRow`]'s fields).
pub const LONG_COLUMNS: [&str; 14] = [
    "negotiation",
    "scenario",
    "repetition",
    "lineup",
    "rotation",
    "party",
    "strategy",
    "opponents",
    "agreement",
    "rounds",
    "utility",
    "advantage",
    "walk_away",
    "terms",
];

/// A row of the long table ([`write_long`]): one negotiator in one negotiation.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct LongRow {
    /// The negotiation: its job number.
    pub negotiation: usize,
    /// The scenario, as listed in the configuration.
    pub scenario: String,
    /// The repetition.
    pub repetition: usize,
    /// The line-up's position in the configuration.
    pub lineup: usize,
    /// The rotation of the line-up.
    pub rotation: usize,
    /// The negotiator's party id.
    pub party: String,
    /// Its strategy spec.
    pub strategy: String,
    /// The other negotiators' strategies in turn order, as a JSON array of strings.
    pub opponents: String,
    /// Whether the negotiation ended in an agreement.
    pub agreement: bool,
    /// Rounds used.
    pub rounds: usize,
    /// The negotiator's utility of the ending, in [0, 1].
    pub utility: f64,
    /// Its utility minus its walk-away.
    pub advantage: f64,
    /// Its walk-away (from lines written before issue 18: utility minus advantage).
    pub walk_away: f64,
    /// The agreed terms as a JSON object `{issue id: option label}`; empty without an
    /// agreement.
    pub terms: String,
}

/// The long table's rows of result lines (lines that are not results are skipped), in job
/// order, each negotiation's negotiators in turn order.
pub fn long_rows(results: &[(usize, String)]) -> Vec<LongRow> {
    let mut rows = Vec::new();
    for (_, line) in results {
        let Ok(v) = serde_json::from_str::<ResultLine>(line) else {
            continue;
        };
        let terms = v
            .terms
            .as_ref()
            .map(|t| serde_json::to_string(t).unwrap_or_default())
            .unwrap_or_default();
        for (party, strategy) in &v.strategies {
            let opponents: Vec<&String> = v
                .strategies
                .iter()
                .filter(|(q, _)| *q != party)
                .map(|(_, s)| s)
                .collect();
            let utility = v.utilities.get(party).copied().unwrap_or(0.0);
            let advantage = v.advantages.get(party).copied().unwrap_or(0.0);
            rows.push(LongRow {
                negotiation: v.job,
                scenario: v.scenario.clone(),
                repetition: v.repetition,
                lineup: v.lineup,
                rotation: v.rotation,
                party: party.clone(),
                strategy: strategy.clone(),
                opponents: serde_json::to_string(&opponents).unwrap_or_default(),
                agreement: v.agreement,
                rounds: v.rounds,
                utility,
                advantage,
                walk_away: v
                    .walk_aways
                    .get(party)
                    .copied()
                    .unwrap_or(utility - advantage),
                terms: terms.clone(),
            });
        }
    }
    rows
}

/// Writes the long table of result lines as CSV (RFC 4180, a header row, then
/// [`long_rows`]: columns `negotiation, scenario, repetition, lineup, rotation, party,
/// strategy, opponents, agreement, rounds, utility, advantage, walk_away, terms`; booleans
/// `true`/`false`, JSON in quoted cells). `pandas.read_csv` reads it as is. Errors: the
/// writer's, as [`SimError::Io`].
pub fn write_long(results: &[(usize, String)], out: impl std::io::Write) -> Result<(), SimError> {
    let mut w = csv::Writer::from_writer(out);
    let io = |e: csv::Error| SimError::Io(format!("cannot write the long table: {e}"));
    let rows = long_rows(results);
    if rows.is_empty() {
        // The header alone (a shard may hold no job).
        w.write_record(LONG_COLUMNS).map_err(io)?;
    }
    for row in rows {
        w.serialize(row).map_err(io)?;
    }
    w.flush()
        .map_err(|e| SimError::Io(format!("cannot write the long table: {e}")))
}

//! `accord tournament CONFIG.toml [--shard I/N] [--out FILE]` and
//! `accord tournament merge -o FILE SHARD...`.
//!
//! A tournament is every combination of scenario × strategy line-up × role rotation ×
//! repetition, numbered in that order (job `j`). Job `j` runs on seed `splitmix64(seed + j)`,
//! so its result depends only on the configuration and `j`: not on the thread count, the shard,
//! or whether the run was resumed. Results are JSON Lines, one per job, written in job order in
//! chunks; a killed run resumes after the last complete line. `--shard I/N` runs the jobs with
//! `j % N == I`; `merge` joins shard files in job order, so sharded and merged equals unsharded,
//! byte for byte.
//!
//! The configuration:
//!
//! ```toml
//! scenarios = ["examples/toy-border.toml", "../shared/domains/genius/Camera"]  # relative to this file
//! lineups = [["boulware", "conceder"], ["tit-for-tat", "frequency:e=2"]]
//! protocol = "sao"        # or "single-text", "drafted-then-ratified"
//! rounds = 100            # (of drafting, for drafted-then-ratified)
//! repetitions = 5
//! rotate = true           # every rotation of each line-up over the parties (role swaps)
//! seed = 1
//! [parties]               # optional: negotiators of a scenario, by its file name as listed
//! "../shared/domains/genius/Camera" = ["camera_buyer_utility", "camera_seller_utility"]
//!
//! # drafted-then-ratified only (all optional; the defaults of `accord simulate`):
//! [drafted]
//! draft = "sao"           # how the drafters draft: "sao" or "single-text"
//! consultations = 1       # rounds in which the drafters consult the consulted party
//! revisions = 3           # revision rounds after a failed ratification vote
//! pressure = 0.0          # each ratifier's walk-away is lowered by this much per vote
//! [drafters]              # per scenario; default: the drafters of its first plan that names any
//! "examples/toy-border.toml" = ["west"]
//! [consult]               # per scenario: a party the drafters consult
//! "examples/toy-border.toml" = "east"
//! ```
//!
//! A line-up shorter than a scenario's negotiators is cycled over them (B, C → B, C, B).
//! Under drafted-then-ratified every party with preferences negotiates (drafters draft, the
//! others ratify) unless `[parties]` names them; metrics judge the signatories among them.

use std::collections::BTreeMap;
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, IsTerminal, Write};
use std::path::{Path, PathBuf};

use accord_model::Scenario;
use accord_sim::metrics::Reference;
use accord_sim::protocol::{DraftProtocol, Protocol, Sao, SingleText};
use accord_sim::{Domain, Spec, strategy};
use comfy_table::Cell;
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::Status;
use crate::input::{load_valid, print_json};
use crate::{simulate, style};

/// Jobs run in parallel per chunk; a chunk's results are appended in job order.
const CHUNK: usize = 256;

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct Config {
    scenarios: Vec<String>,
    lineups: Vec<Vec<String>>,
    #[serde(default = "default_protocol")]
    protocol: String,
    #[serde(default = "default_rounds")]
    rounds: usize,
    #[serde(default = "default_repetitions")]
    repetitions: usize,
    #[serde(default = "default_rotate")]
    rotate: bool,
    #[serde(default = "default_seed")]
    seed: u64,
    #[serde(default)]
    parties: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    drafted: DraftedConfig,
    #[serde(default)]
    drafters: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    consult: BTreeMap<String, String>,
}

/// The `[drafted]` table: how drafted-then-ratified runs.
#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields, default)]
struct DraftedConfig {
    draft: String,
    consultations: usize,
    revisions: usize,
    pressure: f64,
}

impl Default for DraftedConfig {
    /// The defaults of `accord simulate`.
    fn default() -> Self {
        DraftedConfig {
            draft: "sao".into(),
            consultations: 1,
            revisions: 3,
            pressure: 0.0,
        }
    }
}

/// The protocol a configuration names, before it is fitted to a scenario.
enum ProtocolKind {
    Sao,
    SingleText,
    Drafted(DraftProtocol),
}

impl Config {
    /// The protocol, and every check of the protocol's settings that needs no scenario.
    fn protocol(&self) -> Result<ProtocolKind, String> {
        let drafted = self.protocol == "drafted-then-ratified";
        if !drafted && (!self.drafters.is_empty() || !self.consult.is_empty()) {
            return Err(
                "[drafters] and [consult] apply to protocol \"drafted-then-ratified\" only".into(),
            );
        }
        for key in self
            .drafters
            .keys()
            .chain(self.consult.keys())
            .chain(self.parties.keys())
        {
            if !self.scenarios.contains(key) {
                return Err(format!(
                    "`{key}` is not one of the scenarios listed (keys name a scenario exactly as listed)"
                ));
            }
        }
        let d = &self.drafted;
        if !(d.pressure.is_finite() && (0.0..=1.0).contains(&d.pressure)) {
            return Err(format!(
                "drafted.pressure is a utility in [0, 1] per vote, not {}",
                d.pressure
            ));
        }
        if d.consultations > 10_000 || d.revisions > 10_000 {
            return Err("drafted.consultations and drafted.revisions are at most 10000".into());
        }
        Ok(match self.protocol.as_str() {
            "sao" => ProtocolKind::Sao,
            "single-text" => ProtocolKind::SingleText,
            "drafted-then-ratified" => ProtocolKind::Drafted(match d.draft.as_str() {
                "sao" => DraftProtocol::Sao,
                "single-text" => DraftProtocol::SingleText,
                other => {
                    return Err(format!(
                        "unknown drafted.draft `{other}`; drafters draft by `sao` or `single-text`"
                    ));
                }
            }),
            other => {
                return Err(format!(
                    "unknown protocol `{other}`; a tournament runs `sao`, `single-text` or `drafted-then-ratified`"
                ));
            }
        })
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

/// One scenario, ready to run.
struct Arena {
    name: String,
    scenario: Scenario,
    domain: Domain,
    /// The negotiators (domain positions), in ring order.
    members: Vec<usize>,
    /// The members whose utilities the metrics measure: the signatories among them.
    judged: Vec<usize>,
    protocol: Box<dyn Protocol + Sync>,
    reference: Option<Reference>,
}

/// One negotiation of the tournament.
#[derive(Clone, Copy, Debug)]
struct Job {
    index: usize,
    arena: usize,
    lineup: usize,
    rotation: usize,
    repetition: usize,
}

/// FNV-1a of the configuration text: every result line carries it, so that a results file
/// is only resumed or merged with results of the same configuration.
fn fingerprint(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// SplitMix64: a well-mixed seed per job.
fn job_seed(seed: u64, job: usize) -> u64 {
    let mut z = seed
        .wrapping_add(job as u64)
        .wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Parses `I/N`.
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

pub struct RunOptions<'a> {
    pub config: &'a Path,
    pub shard: (usize, usize),
    pub out: Option<&'a Path>,
    pub json: bool,
    pub quiet: bool,
}

pub fn run(o: &RunOptions<'_>) -> Status {
    let text = match std::fs::read_to_string(o.config) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {}: cannot read: {e}", o.config.display());
            return Status::InvalidInput;
        }
    };
    let config: Config = match toml::from_str(&text) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {}: {e}", o.config.display());
            return Status::InvalidInput;
        }
    };
    if config.scenarios.is_empty() || config.lineups.is_empty() {
        eprintln!(
            "error: {}: a tournament needs at least one scenario and one line-up",
            o.config.display()
        );
        return Status::InvalidInput;
    }
    if config.rounds == 0 || config.repetitions == 0 {
        eprintln!(
            "error: {}: rounds and repetitions must be at least 1",
            o.config.display()
        );
        return Status::InvalidInput;
    }
    let lineups: Vec<Vec<Spec>> = match config
        .lineups
        .iter()
        .map(|l| {
            if l.is_empty() {
                return Err("an empty line-up".to_string());
            }
            l.iter()
                .map(|s| strategy::parse(s).map_err(|e| e.0))
                .collect::<Result<Vec<_>, _>>()
        })
        .collect::<Result<Vec<_>, _>>()
    {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: {}: {e}", o.config.display());
            return Status::InvalidInput;
        }
    };
    let kind = match config.protocol() {
        Ok(k) => k,
        Err(e) => {
            eprintln!("error: {}: {e}", o.config.display());
            return Status::InvalidInput;
        }
    };
    let mut arenas = Vec::new();
    for name in &config.scenarios {
        match arena(o.config, name, &config, &kind) {
            Ok(a) => arenas.push(a),
            Err(status) => return status,
        }
    }
    // Every job, numbered in a fixed order.
    let mut jobs = Vec::new();
    for (a, arena) in arenas.iter().enumerate() {
        for (l, _) in lineups.iter().enumerate() {
            let rotations = if config.rotate {
                arena.members.len()
            } else {
                1
            };
            for rotation in 0..rotations {
                for repetition in 0..config.repetitions {
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
    let total_jobs = jobs.len();
    let (i, n) = o.shard;
    let mine: Vec<Job> = jobs.into_iter().filter(|j| j.index % n == i).collect();
    let out = match o.out {
        Some(p) => p.to_path_buf(),
        None => default_out(o.config, o.shard),
    };
    // Resume: keep complete lines, drop a torn last line, skip jobs already done.
    let tournament = fingerprint(&text);
    let done = match resume(&out, &tournament) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: {}: {e}", out.display());
            return Status::InvalidInput;
        }
    };
    let todo: Vec<Job> = mine
        .iter()
        .copied()
        .filter(|j| !done.contains_key(&j.index))
        .collect();
    let mut file = match OpenOptions::new().create(true).append(true).open(&out) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("error: {}: cannot write: {e}", out.display());
            return Status::Usage;
        }
    };
    let bar = progress(o.quiet, mine.len() as u64, (mine.len() - todo.len()) as u64);
    for chunk in todo.chunks(CHUNK) {
        let lines: Vec<String> = chunk
            .par_iter()
            .map(|job| {
                let mut line = run_job(&arenas, &lineups, config.seed, job);
                line["tournament"] = json!(tournament);
                serde_json::to_string(&line).unwrap_or_default()
            })
            .collect();
        let mut buf = String::new();
        for l in lines {
            buf.push_str(&l);
            buf.push('\n');
        }
        if let Err(e) = file.write_all(buf.as_bytes()).and_then(|()| file.flush()) {
            eprintln!("error: {}: cannot write: {e}", out.display());
            return Status::Usage;
        }
        if let Some(b) = &bar {
            b.inc(chunk.len() as u64);
        }
    }
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let results = match read_results(std::slice::from_ref(&out)) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return Status::InvalidInput;
        }
    };
    if !o.json {
        eprintln!(
            "{} of {} jobs in {} (shard {i}/{n}; {} resumed)",
            mine.len(),
            total_jobs,
            out.display(),
            mine.len() - todo.len()
        );
    }
    summarize(&results, o.json);
    Status::Ok
}

fn default_out(config: &Path, (i, n): (usize, usize)) -> PathBuf {
    let stem = config
        .file_stem()
        .map_or("tournament".into(), |s| s.to_string_lossy().into_owned());
    let name = if n == 1 {
        format!("{stem}.results.jsonl")
    } else {
        format!("{stem}.shard-{i}-of-{n}.jsonl")
    };
    config.with_file_name(name)
}

fn arena(
    config_path: &Path,
    name: &str,
    config: &Config,
    kind: &ProtocolKind,
) -> Result<Arena, Status> {
    let base = config_path.parent().unwrap_or(Path::new("."));
    let path = base.join(name);
    let (_, scenario) = load_valid(&path, false, &[])?;
    let domain = Domain::build(&scenario).map_err(|e| {
        eprintln!("error: {name}: {e}");
        Status::Usage
    })?;
    // The configuration names something the scenario does not have: invalid input.
    let fail = |message: String| {
        eprintln!("error: {}: {name}: {message}", config_path.display());
        Status::InvalidInput
    };
    let find = |id: &str| simulate::find_party(&scenario, &domain, id);
    let members: Vec<usize> = match config.parties.get(name) {
        Some(ids) => ids
            .iter()
            .map(|id| find(id))
            .collect::<Result<_, _>>()
            .map_err(fail)?,
        None if matches!(kind, ProtocolKind::Drafted(_)) => (0..domain.parties.len()).collect(),
        None => (0..domain.parties.len())
            .filter(|&p| domain.signatory[p])
            .collect(),
    };
    if members.len() < 2 {
        return Err(fail("fewer than two negotiators".into()));
    }
    let protocol: Box<dyn Protocol + Sync> = match kind {
        ProtocolKind::Sao => Box::new(Sao::new(config.rounds)),
        ProtocolKind::SingleText => Box::new(SingleText::new(config.rounds, None)),
        ProtocolKind::Drafted(draft) => {
            let settings = simulate::DraftedSettings {
                drafters: config.drafters.get(name).map_or(&[][..], Vec::as_slice),
                consult: config.consult.get(name).map(String::as_str),
                draft: *draft,
                rounds: config.rounds,
                consultations: config.drafted.consultations,
                revisions: config.drafted.revisions,
                pressure: config.drafted.pressure,
            };
            Box::new(
                simulate::drafted_protocol(&scenario, &domain, &members, &settings, &find)
                    .map_err(fail)?,
            )
        }
    };
    // Metrics judge the signatories among the negotiators (all of them if none signs).
    let signing: Vec<usize> = members
        .iter()
        .copied()
        .filter(|&p| domain.signatory[p])
        .collect();
    let judged = if signing.is_empty() {
        members.clone()
    } else {
        signing
    };
    let reference = Reference::for_scenario(&scenario, &domain, &judged);
    Ok(Arena {
        name: name.to_string(),
        scenario,
        domain,
        members,
        judged,
        protocol,
        reference,
    })
}

fn run_job(arenas: &[Arena], lineups: &[Vec<Spec>], seed: u64, job: &Job) -> Value {
    let a = &arenas[job.arena];
    let lineup = &lineups[job.lineup];
    let k = a.members.len();
    // Member m plays strategy (m + rotation) of the line-up, cycled.
    let mut specs: Vec<Spec> = vec![lineup[0].clone(); a.domain.parties.len()];
    let mut assignment = serde_json::Map::new();
    for (m, &p) in a.members.iter().enumerate() {
        let s = lineup[(m + job.rotation) % lineup.len().min(k).max(1)].clone();
        assignment.insert(
            a.scenario.party(a.domain.parties[p]).id().to_string(),
            json!(s.to_string()),
        );
        specs[p] = s;
    }
    let s = job_seed(seed, job.index);
    let n = accord_sim::negotiate(&a.domain, a.protocol.as_ref(), &a.members, &specs, s, false);
    let judged: Vec<f64> = a.judged.iter().map(|&p| n.utilities[p]).collect();
    let mut utilities = serde_json::Map::new();
    let mut advantages = serde_json::Map::new();
    for &p in &a.members {
        let id = a.scenario.party(a.domain.parties[p]).id().to_string();
        utilities.insert(id.clone(), json!(n.utilities[p]));
        advantages.insert(id, json!(n.utilities[p] - a.domain.own[p].walk_away));
    }
    json!({
        "job": job.index,
        "scenario": a.name,
        "lineup": job.lineup,
        "rotation": job.rotation,
        "repetition": job.repetition,
        "seed": s,
        "strategies": assignment,
        "agreement": n.result.agreement.is_some(),
        "rounds": n.result.rounds,
        "utilities": utilities,
        "advantages": advantages,
        "welfare": judged.iter().sum::<f64>(),
        "distance_to_pareto": a.reference.as_ref().and_then(|r| r.distance_to_frontier(&judged)),
        "distance_to_nash": a.reference.as_ref().and_then(|r| r.distance_to_nash(&judged)),
    })
}

/// Complete result lines already in `path`, by job; a torn last line is cut off.
fn resume(path: &Path, tournament: &str) -> Result<BTreeMap<usize, String>, String> {
    let Ok(bytes) = std::fs::read(path) else {
        return Ok(BTreeMap::new());
    };
    let complete = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |k| k + 1);
    if complete < bytes.len() {
        let f = OpenOptions::new()
            .write(true)
            .open(path)
            .map_err(|e| format!("cannot resume: {e}"))?;
        f.set_len(complete as u64)
            .map_err(|e| format!("cannot resume: {e}"))?;
    }
    let text = String::from_utf8_lossy(&bytes[..complete]);
    let mut done = BTreeMap::new();
    for line in text.lines() {
        let v: Value = serde_json::from_str(line)
            .map_err(|e| format!("not a results file (a line is not JSON: {e})"))?;
        let job = v["job"]
            .as_u64()
            .ok_or("not a results file (a line has no job number)")?;
        if v["tournament"] != tournament {
            return Err(
                "holds results of another tournament configuration; remove it or choose another --out"
                    .into(),
            );
        }
        done.insert(job as usize, line.to_string());
    }
    Ok(done)
}

/// Every result line of the files, one per job, in job order.
fn read_results(paths: &[PathBuf]) -> Result<Vec<(usize, String)>, String> {
    let mut all: BTreeMap<usize, String> = BTreeMap::new();
    let mut tournament: Option<Value> = None;
    for p in paths {
        let f = File::open(p).map_err(|e| format!("{}: cannot open: {e}", p.display()))?;
        for line in BufReader::new(f).lines() {
            let line = line.map_err(|e| format!("{}: cannot read: {e}", p.display()))?;
            if line.trim().is_empty() {
                continue;
            }
            let v: Value = serde_json::from_str(&line)
                .map_err(|e| format!("{}: a line is not JSON: {e}", p.display()))?;
            let job = v["job"]
                .as_u64()
                .ok_or_else(|| format!("{}: a line has no job number", p.display()))?;
            match &tournament {
                None => tournament = Some(v["tournament"].clone()),
                Some(t) if *t != v["tournament"] => {
                    return Err(format!(
                        "{}: results of another tournament configuration",
                        p.display()
                    ));
                }
                Some(_) => {}
            }
            if let Some(prev) = all.get(&(job as usize))
                && *prev != line
            {
                return Err(format!(
                    "{}: job {job} has two different results; were the shards run with different configurations?",
                    p.display()
                ));
            }
            all.insert(job as usize, line);
        }
    }
    Ok(all.into_iter().collect())
}

pub fn merge(output: &Path, inputs: &[PathBuf], json: bool) -> Status {
    let results = match read_results(inputs) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return Status::InvalidInput;
        }
    };
    let mut buf = String::new();
    for (_, line) in &results {
        buf.push_str(line);
        buf.push('\n');
    }
    if let Err(e) = std::fs::write(output, buf) {
        eprintln!("error: {}: cannot write: {e}", output.display());
        return Status::Usage;
    }
    if !json {
        eprintln!("{} jobs merged into {}", results.len(), output.display());
    }
    summarize(&results, json);
    Status::Ok
}

fn progress(quiet: bool, len: u64, done: u64) -> Option<ProgressBar> {
    if quiet || !std::io::stderr().is_terminal() {
        return None;
    }
    let b = ProgressBar::new(len);
    b.set_style(
        ProgressStyle::with_template("{bar:30} {pos}/{len} negotiations ({per_sec}, {eta})")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    b.set_position(done);
    Some(b)
}

#[derive(Default)]
struct Tally {
    negotiations: usize,
    agreements: usize,
    utility: f64,
    advantage: f64,
    pareto: (f64, usize),
    nash: (f64, usize),
}

/// Per scenario: its negotiations.
#[derive(Default)]
struct ScenarioTally {
    negotiations: usize,
    agreements: usize,
    rounds: usize,
    welfare: f64,
    pareto: (f64, usize),
    nash: (f64, usize),
}

/// Per strategy: every (negotiation, party) it played; per scenario: every negotiation.
fn summarize(results: &[(usize, String)], json: bool) {
    let mut by: BTreeMap<String, Tally> = BTreeMap::new();
    // Scenarios in the order they first appear (job order: the configuration's order).
    let mut scenarios: Vec<(String, ScenarioTally)> = Vec::new();
    for (_, line) in results {
        let Ok(v) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        let name = v["scenario"].as_str().unwrap_or("?");
        let k = match scenarios.iter().position(|(n, _)| n == name) {
            Some(k) => k,
            None => {
                scenarios.push((name.to_string(), ScenarioTally::default()));
                scenarios.len() - 1
            }
        };
        let t = &mut scenarios[k].1;
        t.negotiations += 1;
        t.agreements += usize::from(v["agreement"].as_bool().unwrap_or(false));
        t.rounds += v["rounds"].as_u64().unwrap_or(0) as usize;
        t.welfare += v["welfare"].as_f64().unwrap_or(0.0);
        if let Some(d) = v["distance_to_pareto"].as_f64() {
            t.pareto = (t.pareto.0 + d, t.pareto.1 + 1);
        }
        if let Some(d) = v["distance_to_nash"].as_f64() {
            t.nash = (t.nash.0 + d, t.nash.1 + 1);
        }
        let Some(strategies) = v["strategies"].as_object() else {
            continue;
        };
        for (party, s) in strategies {
            let t = by.entry(s.as_str().unwrap_or("?").to_string()).or_default();
            t.negotiations += 1;
            t.agreements += usize::from(v["agreement"].as_bool().unwrap_or(false));
            t.utility += v["utilities"][party].as_f64().unwrap_or(0.0);
            t.advantage += v["advantages"][party].as_f64().unwrap_or(0.0);
            if let Some(d) = v["distance_to_pareto"].as_f64() {
                t.pareto = (t.pareto.0 + d, t.pareto.1 + 1);
            }
            if let Some(d) = v["distance_to_nash"].as_f64() {
                t.nash = (t.nash.0 + d, t.nash.1 + 1);
            }
        }
    }
    let avg = |(s, n): (f64, usize)| (n > 0).then(|| s / n as f64);
    if json {
        let rows: Vec<Value> = by
            .iter()
            .map(|(s, t)| {
                let n = t.negotiations as f64;
                json!({
                    "strategy": s,
                    "negotiations": t.negotiations,
                    "agreement_rate": t.agreements as f64 / n,
                    "mean_utility": t.utility / n,
                    "mean_advantage": t.advantage / n,
                    "mean_distance_to_pareto": avg(t.pareto),
                    "mean_distance_to_nash": avg(t.nash),
                })
            })
            .collect();
        let per_scenario: Vec<Value> = scenarios
            .iter()
            .map(|(name, t)| {
                let n = t.negotiations as f64;
                json!({
                    "scenario": name,
                    "negotiations": t.negotiations,
                    "agreement_rate": t.agreements as f64 / n,
                    "mean_rounds": t.rounds as f64 / n,
                    "mean_welfare": t.welfare / n,
                    "mean_distance_to_pareto": avg(t.pareto),
                    "mean_distance_to_nash": avg(t.nash),
                })
            })
            .collect();
        print_json(&json!({
            "negotiations": results.len(),
            "strategies": rows,
            "scenarios": per_scenario,
        }));
        return;
    }
    let mut table = style::table([
        "strategy",
        "negotiations",
        "agreement",
        "mean utility",
        "mean advantage",
        "to Pareto",
        "to Nash",
    ]);
    let mut rows: Vec<(&String, &Tally)> = by.iter().collect();
    rows.sort_by(|a, b| {
        (b.1.advantage / b.1.negotiations as f64)
            .total_cmp(&(a.1.advantage / a.1.negotiations as f64))
    });
    for (s, t) in rows {
        let n = t.negotiations as f64;
        let f = |x: Option<f64>| x.map_or("n/a".into(), style::utility);
        table.add_row(vec![
            Cell::new(s),
            Cell::new(t.negotiations),
            Cell::new(format!("{:.1}%", 100.0 * t.agreements as f64 / n)),
            Cell::new(style::utility(t.utility / n)),
            Cell::new(style::utility(t.advantage / n)),
            Cell::new(f(avg(t.pareto))),
            Cell::new(f(avg(t.nash))),
        ]);
    }
    outln!("{} negotiations", results.len());
    outln!("{table}");
    let mut table = style::table([
        "scenario",
        "negotiations",
        "agreement",
        "mean rounds",
        "mean welfare",
        "to Pareto",
        "to Nash",
    ]);
    for (name, t) in &scenarios {
        let n = t.negotiations as f64;
        let f = |x: Option<f64>| x.map_or("n/a".into(), style::utility);
        table.add_row(vec![
            Cell::new(name),
            Cell::new(t.negotiations),
            Cell::new(format!("{:.1}%", 100.0 * t.agreements as f64 / n)),
            Cell::new(format!("{:.1}", t.rounds as f64 / n)),
            Cell::new(style::utility(t.welfare / n)),
            Cell::new(f(avg(t.pareto))),
            Cell::new(f(avg(t.nash))),
        ]);
    }
    outln!("{table}");
}

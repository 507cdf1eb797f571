//! `accord tournament CONFIG.toml [--shard I/N] [--out FILE]` and
//! `accord tournament merge -o FILE SHARD...`.
//!
//! The engine is [`accord_sim::tournament`] (the configuration's format is documented on
//! [`accord_sim::tournament::Config`]); this file resolves the scenarios the configuration names
//! (relative to it), opens the results file, shows progress and renders the summary.

use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use accord_sim::SimError;
use accord_sim::stats::Estimate;
use accord_sim::tournament::{self, CHUNK, Config, Summary, Tournament, avg, sizing};
use comfy_table::Cell;

use crate::input::load_valid;
use crate::style;
use crate::{Failure, Outcome};

/// The flags of `accord tournament CONFIG.toml ...` or `accord tournament merge ...`.
#[derive(clap::Args, Debug)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct Args {
    #[command(subcommand)]
    pub action: Option<Action>,
    /// The tournament configuration (TOML; see `crates/accord-sim/src/tournament.rs`).
    #[arg(required = true)]
    pub config: Option<std::path::PathBuf>,
    /// Run one deterministic slice `I/N` of the jobs (for batch systems); join with `merge`.
    #[arg(long, value_name = "I/N", value_parser = accord_sim::tournament::parse_shard)]
    pub shard: Option<(usize, usize)>,
    /// The results file (JSON Lines; default next to the config). An existing file is resumed,
    /// or grown when the configuration differs from its own only by more line-ups (or
    /// strategies) and more `repetitions`; one process at a time writes it (a file lock).
    #[arg(long, value_name = "FILE")]
    pub out: Option<std::path::PathBuf>,
    /// Also write the long table: one CSV row per negotiator per negotiation (for pandas).
    #[arg(long, value_name = "FILE.csv")]
    pub long: Option<std::path::PathBuf>,
    /// Write the trace (JSON Lines, as `simulate --trace`) and the offers chart (SVG) of the
    /// negotiations of --trace-negotiations into this directory, as negotiation-J.jsonl and
    /// negotiation-J.svg (J: the job number).
    #[arg(long, value_name = "DIR", requires = "trace_negotiations")]
    pub traces: Option<std::path::PathBuf>,
    /// The negotiations (job numbers, as in the results) whose traces --traces writes; those
    /// outside --shard are left to their shard.
    #[arg(long, value_name = "J,...", value_delimiter = ',', requires = "traces")]
    pub trace_negotiations: Vec<usize>,
    /// Print the summary as JSON.
    #[arg(long)]
    pub json: bool,
    /// No progress bar.
    #[arg(long, short)]
    pub quiet: bool,
    /// Write nothing: print (JSON) the job count and the time and memory to request for `N`
    /// shard tasks and the merge, scaled from a sample of up to 32 jobs run on one thread.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub estimate: Option<u32>,
    /// Each negotiation draws the scenarios' intervals anew from its seed (as the
    /// configuration's `sample_preferences = true`; part of the results' fingerprint).
    #[arg(long)]
    pub sample_preferences: bool,
    /// SAO: a deadline in seconds per negotiation beside the rounds (as the configuration's
    /// `time_limit`; part of the results' fingerprint). Results then depend on the machine.
    #[arg(long, value_name = "SECONDS")]
    pub time_limit: Option<f64>,
}

#[derive(clap::Subcommand, Debug)]
pub enum Action {
    /// Join shard result files into one, in job order, and print the summary.
    Merge {
        /// The merged results file to write (JSON Lines, `.jsonl`).
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: std::path::PathBuf,
        /// The shard result files.
        #[arg(required = true)]
        inputs: Vec<std::path::PathBuf>,
        /// Print the summary as JSON.
        #[arg(long)]
        json: bool,
        /// Also write the long table (CSV) of the merged results.
        #[arg(long, value_name = "FILE.csv")]
        long: Option<std::path::PathBuf>,
    },
}

/// A configuration error's message: the library's, in the configuration's words.
fn message(e: &SimError) -> String {
    match e {
        SimError::Strategy { source, .. } => source.to_string(),
        SimError::DraftingWithoutDrafted => {
            "[drafters] and [consult] apply to protocol \"drafted-then-ratified\" only".into()
        }
        SimError::BadPressure(_) => format!("drafted.{e}"),
        SimError::TooManyExtraRounds(_) => {
            "drafted.consultations and drafted.revisions are at most 10000".into()
        }
        SimError::UnknownProtocol(p) => format!(
            "unknown protocol `{p}`; a tournament runs `sao`, `single-text` or `drafted-then-ratified`"
        ),
        SimError::UnknownDraftProtocol(d) => {
            format!("unknown drafted.draft `{d}`; drafters draft by `sao` or `single-text`")
        }
        SimError::TooFewNegotiators(_) => "fewer than two negotiators".into(),
        SimError::BadTimeLimit(_) => format!("time_limit: {e}"),
        _ => e.to_string(),
    }
}

/// Runs the command: a tournament, or the merge of shard results.
pub fn run(a: &Args) -> Outcome {
    match (&a.action, &a.config) {
        (
            Some(Action::Merge {
                output,
                inputs,
                json,
                long,
            }),
            _,
        ) => merge(output, inputs, *json, long.as_deref()),
        (None, Some(config)) => run_config(a, config),
        (None, None) => Err(Failure::Usage),
    }
}

fn run_config(o: &Args, config_path: &Path) -> Outcome {
    let cfg = config_path.display();
    let text = std::fs::read_to_string(config_path)
        .map_err(|e| Failure::input(format_args!("{cfg}: cannot read: {e}")))?;
    let mut config =
        Config::from_toml(&text).map_err(|e| Failure::input(format_args!("{cfg}: {e}")))?;
    // A flag that changes the runs is the configuration's key: part of the settings that every
    // result line carries, so results of the two never mix.
    if o.sample_preferences {
        config.sample_preferences = true;
    }
    if let Some(seconds) = o.time_limit {
        config.time_limit = Some(seconds);
    }
    tournament::check(&config)
        .map_err(|e| Failure::input(format_args!("{cfg}: {}", message(&e))))?;
    let base = config_path.parent().unwrap_or(Path::new("."));
    let mut scenarios = Vec::new();
    for name in &config.scenarios {
        scenarios.push(load_valid(&base.join(name), false, &[])?.1);
    }
    let t = match Tournament::new(config, &text, &scenarios) {
        Ok(t) => t,
        Err(SimError::InScenario { scenario, source }) => {
            return Err(match *source {
                e @ (SimError::TooLarge(_) | SimError::TooFewParties(_)) => {
                    Failure::usage(format_args!("{scenario}: {e}"))
                }
                e => Failure::input(format_args!("{cfg}: {scenario}: {}", message(&e))),
            });
        }
        Err(e) => return Err(Failure::input(format_args!("{cfg}: {}", message(&e)))),
    };
    if let Some(shards) = o.estimate {
        return print_estimate(&t, shards as usize);
    }
    let jobs = t.jobs();
    let total_jobs = jobs.len();
    if let Some(&past) = o.trace_negotiations.iter().find(|&&j| j >= total_jobs) {
        return Err(Failure::usage(format_args!(
            "--trace-negotiations {past}: this tournament has negotiations 0 to {}",
            total_jobs - 1
        )));
    }
    let shard = o.shard.unwrap_or((0, 1));
    let (i, n) = shard;
    let mine = tournament::shard(jobs, shard);
    let out = match &o.out {
        Some(p) => p.to_path_buf(),
        None => default_out(config_path, shard),
    };
    // One writer at a time: the lock is held until this process ends (on every file that is
    // the results file meanwhile: a file written anew is locked before it takes the name).
    let mut locks = vec![lock(&out)?];
    // Resume or grow: the complete lines, matched to this configuration's jobs by what they
    // are; a torn last line is dropped; jobs already done are skipped.
    let shown = out.display();
    let resumed = File::open(&out)
        .map_err(|e| SimError::Io(format!("cannot read: {e}")))
        .and_then(|f| t.resume(f, shard))
        .map_err(|e| match e {
            e @ SimError::OtherShard { .. } => Failure::input(format_args!("{shown}: {e}")),
            e => Failure::input(format_args!(
                "{shown}: {e}; remove it or choose another --out"
            )),
        })?;
    let done = resumed.done;
    if !resumed.in_order {
        // Grown (lines renumbered) or out of order: written anew, in job order, in one step.
        locks.push(write_anew(&out, done.values())?);
    } else if resumed.complete < resumed.len {
        OpenOptions::new()
            .write(true)
            .open(&out)
            .and_then(|f| f.set_len(resumed.complete))
            .map_err(|e| Failure::input(format_args!("{shown}: cannot resume: {e}")))?;
    }
    let todo: Vec<_> = mine
        .iter()
        .copied()
        .filter(|j| !done.contains_key(&j.index))
        .collect();
    let mut file = match OpenOptions::new().append(true).open(&out) {
        Ok(f) => f,
        Err(e) => {
            return Err(Failure::input(format_args!("{shown}: cannot write: {e}")));
        }
    };
    let bar = crate::progress::Progress::at_once(
        o.quiet,
        "{bar:30} {pos}/{len} negotiations ({per_sec}, {eta})",
    );
    let mut finished = (mine.len() - todo.len()) as u64;
    bar.tick(finished, mine.len() as u64);
    for chunk in todo.chunks(CHUNK) {
        let buf = t
            .run_chunk(chunk)
            .map_err(|e| Failure::input(format_args!("{cfg}: {e}")))?;
        file.write_all(buf.as_bytes())
            .and_then(|()| file.flush())
            .map_err(|e| Failure::input(format_args!("{shown}: cannot write: {e}")))?;
        finished += chunk.len() as u64;
        bar.tick(finished, mine.len() as u64);
    }
    bar.finish();
    drop(file);
    // New jobs among the old ones (line-ups added): the file is put in job order.
    if let (Some(first), Some((&last, _))) = (todo.first(), done.last_key_value())
        && first.index < last
    {
        let results = read_results(std::slice::from_ref(&out)).map_err(Failure::input)?;
        locks.push(write_anew(&out, results.iter().map(|(_, l)| l))?);
    }
    let results = read_results(std::slice::from_ref(&out)).map_err(Failure::input)?;
    if !o.json {
        eprintln!(
            "{} of {} jobs in {} (shard {i}/{n}; {} resumed)",
            mine.len(),
            total_jobs,
            out.display(),
            mine.len() - todo.len()
        );
    }
    if let Some(long) = &o.long {
        write_long(long, &results)?;
    }
    if let Some(dir) = &o.traces {
        write_traces(&t, &mine, dir, &o.trace_negotiations)?;
    }
    summarize(&results, o.json);
    drop(locks);
    Ok(())
}

/// `ENOLCK` on Linux: no locks available (a file system that does not lock).
const NO_LOCKS: i32 = 37;

/// Opens (creating it if need be) and locks the results file `path` for this process: an
/// advisory lock ([`File::try_lock`]), refused at once with a message when another process
/// holds it. The lock is of the file the name leads to when it is taken (a writer that
/// renamed a new file over it meanwhile is seen, and the new file locked instead). On a file
/// system that does not lock, a warning, and the run goes on.
fn lock(path: &Path) -> Result<File, Failure> {
    let shown = path.display();
    for _ in 0..8 {
        let f = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(path)
            .map_err(|e| Failure::input(format_args!("{shown}: cannot write: {e}")))?;
        match f.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(Failure::input(format_args!(
                    "{shown}: another process is writing these results (it holds the file's \
                     lock); wait for it to finish, or choose another --out"
                )));
            }
            // A file system without locks (some network mounts): the run goes on unguarded.
            Err(std::fs::TryLockError::Error(e))
                if e.kind() == std::io::ErrorKind::Unsupported
                    || e.raw_os_error() == Some(NO_LOCKS) =>
            {
                eprintln!(
                    "warning: {shown}: this file system does not lock files ({e}); run one \
                     process at a time into it"
                );
                return Ok(f);
            }
            Err(std::fs::TryLockError::Error(e)) => {
                return Err(Failure::input(format_args!("{shown}: cannot lock: {e}")));
            }
        }
        if same_file(&f, path) {
            return Ok(f);
        }
    }
    Err(Failure::input(format_args!(
        "{shown}: cannot lock: the file keeps being replaced"
    )))
}

/// Whether the open file `f` is the one `path` leads to now.
fn same_file(f: &File, path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (f.metadata(), std::fs::metadata(path)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (f, path);
        true
    }
}

/// Writes `lines` (each followed by a newline) as the file `path`, atomically: into a new
/// file in the same directory (locked, with `path`'s permissions), synced, then renamed over
/// `path`, so that a crash leaves the old file or the new one, never a part. Returns the new
/// file, whose lock the caller holds until it ends.
fn write_anew<'a>(path: &Path, lines: impl Iterator<Item = &'a String>) -> Result<File, Failure> {
    let shown = path.display();
    let fail = |e: std::io::Error| Failure::input(format_args!("{shown}: cannot write: {e}"));
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let tmp = tempfile::Builder::new()
        .prefix(".accord-results-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(fail)?;
    // A new file, so no other process holds it; on a file system without locks, unguarded (as
    // `lock` warned).
    let _ = tmp.as_file().try_lock();
    if let Ok(meta) = std::fs::metadata(path) {
        std::fs::set_permissions(tmp.path(), meta.permissions()).map_err(fail)?;
    }
    {
        let mut w = std::io::BufWriter::new(tmp.as_file());
        for l in lines {
            w.write_all(l.as_bytes()).map_err(fail)?;
            w.write_all(b"\n").map_err(fail)?;
        }
        w.flush().map_err(fail)?;
    }
    tmp.as_file().sync_all().map_err(fail)?;
    tmp.persist(path).map_err(|e| fail(e.error))
}

/// `--estimate N`: samples up to 32 jobs (at most 5 s of them) and prints [`sizing::Estimate`].
fn print_estimate(t: &Tournament, shards: usize) -> Outcome {
    let jobs = t.jobs().len();
    let sample = sizing::sample(t, 32, std::time::Duration::from_secs(5))
        .map_err(|e| Failure::input(e.to_string()))?;
    let peak = peak_memory_bytes();
    crate::input::print_json(&sizing::Estimate {
        jobs,
        shards,
        jobs_per_shard: jobs.div_ceil(shards),
        sample,
        peak_memory_bytes: peak,
        request: sizing::request(jobs, shards, &sample, peak),
    });
    Ok(())
}

/// This process's peak resident memory (`VmHWM` of `/proc/self/status`; Linux only).
fn peak_memory_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kb = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))?
        .trim()
        .strip_suffix("kB")?
        .trim()
        .parse::<u64>()
        .ok()?;
    Some(kb * 1024)
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

/// Every result line of the files, one per job, in job order.
fn read_results(paths: &[PathBuf]) -> Result<Vec<(usize, String)>, String> {
    let mut sources: Vec<(String, Box<dyn BufRead>)> = Vec::new();
    for p in paths {
        let f = File::open(p).map_err(|e| format!("{}: cannot open: {e}", p.display()))?;
        sources.push((p.display().to_string(), Box::new(BufReader::new(f))));
    }
    tournament::read_results(sources).map_err(|e| e.to_string())
}

/// Joins shard files; refuses a file given twice and a set of shards with a job missing (shards
/// interleave jobs, so a missing shard always leaves a gap in the job numbers).
fn merge(output: &Path, inputs: &[PathBuf], json: bool, long: Option<&Path>) -> Outcome {
    crate::check_output(output, "tournament merge", &["jsonl"])?;
    if let Some(twice) = inputs
        .iter()
        .enumerate()
        .find(|(k, p)| inputs[..*k].contains(p))
    {
        return Err(Failure::usage(format_args!(
            "{} is given twice",
            twice.1.display()
        )));
    }
    let results = read_results(inputs).map_err(Failure::input)?;
    if let Some(gap) = results.iter().enumerate().find(|(k, (job, _))| k != job) {
        return Err(Failure::input(format_args!(
            "job {} is in none of the files: is a shard missing?",
            gap.0
        )));
    }
    let mut buf = String::new();
    for (_, line) in &results {
        buf.push_str(line);
        buf.push('\n');
    }
    std::fs::write(output, buf)
        .map_err(|e| Failure::input(format_args!("{}: cannot write: {e}", output.display())))?;
    if !json {
        eprintln!("{} jobs merged into {}", results.len(), output.display());
    }
    if let Some(long) = long {
        write_long(long, &results)?;
    }
    summarize(&results, json);
    Ok(())
}

/// Writes the trace and the offers chart of each chosen job of `mine` into `dir`.
fn write_traces(t: &Tournament, mine: &[tournament::Job], dir: &Path, chosen: &[usize]) -> Outcome {
    std::fs::create_dir_all(dir)
        .map_err(|e| Failure::input(format_args!("{}: cannot create: {e}", dir.display())))?;
    for job in mine.iter().filter(|j| chosen.contains(&j.index)) {
        let arena = &t.arenas()[job.arena];
        let (line, n) = t
            .trace_job(job)
            .map_err(|e| Failure::input(e.to_string()))?;
        let path = dir.join(format!("negotiation-{}.jsonl", job.index));
        let written = File::create(&path).and_then(|f| {
            let mut out = std::io::BufWriter::new(f);
            accord_sim::json::write_trace(
                &mut out,
                &arena.scenario,
                arena.sim.compiled(),
                &[line.seed],
                std::slice::from_ref(&n),
            )
        });
        written
            .map_err(|e| Failure::input(format_args!("{}: cannot write: {e}", path.display())))?;
        let strategies: Vec<String> = line
            .strategies
            .iter()
            .map(|(p, s)| format!("{p}={s}"))
            .collect();
        let title = format!(
            "negotiation {} of {}: {}",
            job.index,
            arena.name,
            strategies.join(", ")
        );
        crate::plot::write_offers(
            &dir.join(format!("negotiation-{}.svg", job.index)),
            &arena.scenario,
            &arena.sim,
            &n,
            title,
            &[],
        )?;
    }
    Ok(())
}

/// Writes the long table of `results` to `path` ([`tournament::write_long`]).
fn write_long(path: &Path, results: &[(usize, String)]) -> Outcome {
    let fail = |e: String| Failure::input(format_args!("{}: cannot write: {e}", path.display()));
    let file = File::create(path).map_err(|e| fail(e.to_string()))?;
    tournament::write_long(results, std::io::BufWriter::new(file)).map_err(|e| fail(e.to_string()))
}

/// Per strategy (by mean advantage) and per scenario (in the configuration's order).
fn summarize(results: &[(usize, String)], json: bool) {
    let s = Summary::new(results);
    if json {
        // A tournament takes no what-ifs: its scenarios run as written.
        crate::input::print_result_without_what_ifs(&s.to_json());
        return;
    }
    let f = |x: Option<f64>| x.map_or("n/a".into(), style::utility);
    let pct = |a: usize, n: f64| format!("{:.1}%", 100.0 * a as f64 / n);
    let mut table = style::table([
        "strategy",
        "negotiations",
        "agreement",
        "mean utility",
        "95% CI (t)",
        "mean advantage",
        "95% CI (t)",
        "to Pareto",
        "to Nash",
    ]);
    let ci = |xs: &[f64]| {
        Estimate::new(xs)
            .ci95
            .map_or("n/a".into(), |[lo, hi]| format!("{lo:.3}–{hi:.3}"))
    };
    let mut rows: Vec<_> = s.strategies.iter().collect();
    rows.sort_by(|a, b| {
        (b.1.advantage / b.1.negotiations as f64)
            .total_cmp(&(a.1.advantage / a.1.negotiations as f64))
    });
    for (name, t) in rows {
        let n = t.negotiations as f64;
        table.add_row(vec![
            Cell::new(name),
            Cell::new(t.negotiations),
            Cell::new(pct(t.agreements, n)),
            Cell::new(style::utility(t.utility / n)),
            Cell::new(ci(&t.utilities)),
            Cell::new(style::utility(t.advantage / n)),
            Cell::new(ci(&t.advantages)),
            Cell::new(f(avg(t.pareto))),
            Cell::new(f(avg(t.nash))),
        ]);
    }
    outln!("{} negotiations", s.negotiations);
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
    for (name, t) in &s.scenarios {
        let n = t.negotiations as f64;
        table.add_row(vec![
            Cell::new(name),
            Cell::new(t.negotiations),
            Cell::new(pct(t.agreements, n)),
            Cell::new(format!("{:.1}", t.rounds as f64 / n)),
            Cell::new(style::utility(t.welfare / n)),
            Cell::new(f(avg(t.pareto))),
            Cell::new(f(avg(t.nash))),
        ]);
    }
    outln!("{table}");
    if s.strategies.len() < 2 {
        return;
    }
    // Head to head: a row per strategy, its mean utility (n) against each opponent strategy.
    let opponents: Vec<&String> = s.strategies.keys().collect();
    let mut header = vec!["strategy \\ against".to_string()];
    header.extend(opponents.iter().map(|o| o.to_string()));
    let mut table = style::table(header);
    for (name, row) in &s.head_to_head {
        let mut cells = vec![Cell::new(name)];
        for o in &opponents {
            cells.push(Cell::new(row.get(*o).map_or("–".into(), |c| {
                format!("{} ({})", style::utility(c.utility / c.n as f64), c.n)
            })));
        }
        table.add_row(cells);
    }
    outln!("Head to head: mean utility (n) of the row's strategy against the column's.");
    outln!("{table}");
    let mut table = style::table(["a", "b", "U (of a)", "p", "p (Holm)"]);
    for c in s.comparisons() {
        table.add_row(vec![
            Cell::new(&c.a),
            Cell::new(&c.b),
            Cell::new(format!("{:.1}", c.statistic)),
            Cell::new(format!("{:.3e}", c.p_value)),
            Cell::new(format!("{:.3e}", c.p_adjusted)),
        ]);
    }
    outln!(
        "Utility compared: two-sided Mann–Whitney U (normal approximation, tie and continuity \
         corrections), p adjusted by Holm's method over {} pairs; intervals are Student's t.",
        s.strategies.len() * (s.strategies.len() - 1) / 2
    );
    outln!("{table}");
}

//! Sizing a sharded tournament for a batch system (`accord tournament CONFIG --estimate N`,
//! `deploy/slurm/run-tournament.sh`): how many jobs there are, what a sample of them costs on
//! this machine, and the time and memory to request per shard task and for the merge.
//!
//! The rule of thumb ([`request`]) scales a measured sample by the configuration's size:
//! a task runs `⌈jobs / N⌉` jobs, each costing about the sample's mean single-thread seconds,
//! and holds its shard's result lines (about the sample's mean line length each) three times
//! over at the end (the resumed lines, the lines read back, the summary's parse); the merge
//! holds every line three times (the lines read, the joined text, the parse) and reads them at
//! [`MERGE_BYTES_PER_SECOND`] or better. Both get a safety factor ([`TIME_SAFETY`],
//! [`MEMORY_SAFETY`]) and a floor ([`MIN_MINUTES`], [`MIN_MEMORY_MB`]), because a cluster's
//! nodes may be slower than the machine that sampled and a request too short loses the work.

use std::time::{Duration, Instant};

use serde::Serialize;

use super::{Job, Tournament};
use crate::error::SimError;

/// Times the estimated single-thread run time is multiplied by.
pub const TIME_SAFETY: f64 = 3.0;
/// Times the estimated peak memory is multiplied by.
pub const MEMORY_SAFETY: f64 = 2.0;
/// The shortest time requested, in minutes.
pub const MIN_MINUTES: u64 = 10;
/// The least memory requested, in MiB.
pub const MIN_MEMORY_MB: u64 = 256;
/// Copies of its result lines a process holds at its peak (see the module's documentation).
pub const COPIES: f64 = 3.0;
/// The merge's assumed reading rate, bytes per second (a tenth of what it reaches on the
/// 2-core machine the README's figures come from).
pub const MERGE_BYTES_PER_SECOND: f64 = 10.0 * 1024.0 * 1024.0;

/// What a sample of jobs cost, run one at a time on the calling thread.
#[derive(Serialize, Debug, Clone, Copy, PartialEq)]
pub struct Sample {
    /// Jobs run (at least one).
    pub jobs: usize,
    /// Wall-clock seconds they took together.
    pub seconds: f64,
    /// Bytes of their result lines, newlines included.
    pub bytes: usize,
}

impl Sample {
    /// Mean seconds per job.
    pub fn seconds_per_job(&self) -> f64 {
        self.seconds / self.jobs.max(1) as f64
    }

    /// Mean bytes per result line.
    pub fn bytes_per_line(&self) -> f64 {
        self.bytes as f64 / self.jobs.max(1) as f64
    }
}

/// The jobs a sample of at most `max` jobs runs: evenly spread over the job order (job
/// `k · ⌈len / max⌉`), so every scenario and line-up is represented in proportion.
pub fn sample_jobs(jobs: &[Job], max: usize) -> Vec<Job> {
    let step = jobs.len().div_ceil(max.max(1)).max(1);
    jobs.iter().step_by(step).copied().collect()
}

/// Runs [`sample_jobs`]`(jobs, max)` one at a time on the calling thread, stopping early once
/// `budget` has passed (after at least one job). An empty tournament gives an empty sample.
/// Errors: a job's, as [`Tournament::run_job`].
pub fn sample(t: &Tournament, max: usize, budget: Duration) -> Result<Sample, SimError> {
    let start = Instant::now();
    let mut s = Sample {
        jobs: 0,
        seconds: 0.0,
        bytes: 0,
    };
    for job in sample_jobs(&t.jobs(), max) {
        let line = serde_json::to_string(&t.run_job(&job)?).unwrap_or_default();
        s.jobs += 1;
        s.bytes += line.len() + 1;
        if start.elapsed() >= budget {
            break;
        }
    }
    s.seconds = start.elapsed().as_secs_f64();
    Ok(s)
}

/// Time and memory to request from a batch system.
#[derive(Serialize, Debug, Clone, Copy, PartialEq, Eq)]
pub struct Request {
    /// Per shard task, with one CPU (more CPUs only shorten it), in minutes.
    pub task_minutes: u64,
    /// Per shard task, in MiB.
    pub task_memory_mb: u64,
    /// For the merge, in minutes.
    pub merge_minutes: u64,
    /// For the merge, in MiB.
    pub merge_memory_mb: u64,
}

/// The rule of thumb (the module's documentation) for `jobs` jobs in `shards` shards (at least
/// one), given a [`Sample`] and the sampling process's peak resident memory in bytes (the
/// scenarios loaded and one job's working set; `None` counts 64 MiB).
pub fn request(jobs: usize, shards: usize, sample: &Sample, base_bytes: Option<u64>) -> Request {
    let per_task = jobs.div_ceil(shards.max(1)) as f64;
    let base = base_bytes.unwrap_or(64 << 20) as f64;
    let line = sample.bytes_per_line();
    let minutes = |seconds: f64| ((TIME_SAFETY * seconds / 60.0).ceil() as u64).max(MIN_MINUTES);
    let memory = |lines: f64| {
        let bytes = MEMORY_SAFETY * (base + COPIES * lines * line);
        // Whole 64 MiB steps.
        let mb = ((bytes / f64::from(64 << 20)).ceil() as u64) * 64;
        mb.max(MIN_MEMORY_MB)
    };
    Request {
        task_minutes: minutes(per_task * sample.seconds_per_job()),
        task_memory_mb: memory(per_task),
        merge_minutes: minutes(jobs as f64 * line / MERGE_BYTES_PER_SECOND),
        merge_memory_mb: memory(jobs as f64),
    }
}

/// `accord tournament CONFIG --estimate N`'s answer.
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct Estimate {
    /// Jobs of the whole tournament.
    pub jobs: usize,
    /// Shards estimated for.
    pub shards: usize,
    /// Jobs of the largest shard (`⌈jobs / shards⌉`).
    pub jobs_per_shard: usize,
    /// The sample the request is scaled from.
    pub sample: Sample,
    /// Peak resident memory of the sampling process, bytes (when the system tells).
    pub peak_memory_bytes: Option<u64>,
    /// What to request.
    pub request: Request,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(index: usize) -> Job {
        Job {
            index,
            arena: 0,
            lineup: 0,
            rotation: 0,
            repetition: 0,
        }
    }

    #[test]
    fn samples_spread_over_the_job_order() {
        let jobs: Vec<Job> = (0..100).map(job).collect();
        let s: Vec<usize> = sample_jobs(&jobs, 8).iter().map(|j| j.index).collect();
        assert_eq!(s, [0, 13, 26, 39, 52, 65, 78, 91]);
        assert_eq!(sample_jobs(&jobs[..3], 8).len(), 3);
        assert_eq!(sample_jobs(&[], 8), []);
    }

    #[test]
    fn small_tournaments_get_the_floors() {
        let s = Sample {
            jobs: 10,
            seconds: 0.01,
            bytes: 4000,
        };
        let r = request(1000, 4, &s, Some(20 << 20));
        assert_eq!(
            r,
            Request {
                task_minutes: MIN_MINUTES,
                task_memory_mb: MIN_MEMORY_MB,
                merge_minutes: MIN_MINUTES,
                merge_memory_mb: MIN_MEMORY_MB,
            }
        );
    }

    #[test]
    fn requests_scale_with_the_jobs_per_shard() {
        // 1 s per job, 1000 bytes per line, 100 MiB base.
        let s = Sample {
            jobs: 4,
            seconds: 4.0,
            bytes: 4000,
        };
        let r = request(1_000_000, 100, &s, Some(100 << 20));
        // 10 000 jobs per task: 3 × 10 000 s = 500 min.
        assert_eq!(r.task_minutes, 500);
        // 2 × (100 MiB + 3 × 10 000 × 1000 B) = 257.2 MiB → 320 MiB.
        assert_eq!(r.task_memory_mb, 320);
        // 3 × 10⁹ B / 10 MiB/s = 286 s: the 10-minute floor; ten times the jobs, 48 min.
        assert_eq!(r.merge_minutes, MIN_MINUTES);
        assert_eq!(request(10_000_000, 100, &s, None).merge_minutes, 48);
        // 2 × (100 MiB + 3 × 10⁹ B) = 5922 MiB → 5952 MiB.
        assert_eq!(r.merge_memory_mb, 5952);
        // Twice the shards: half the time per task, the same merge.
        let r2 = request(1_000_000, 200, &s, Some(100 << 20));
        assert_eq!(r2.task_minutes, 250);
        assert_eq!(r2.merge_memory_mb, r.merge_memory_mb);
        // Shards of 0 count as one; no base counts 64 MiB.
        assert_eq!(request(10, 0, &s, None), request(10, 1, &s, Some(64 << 20)));
    }
}

//! Deadlines in time: a [`TimeLimit`] of wall-clock seconds read from a [`Clock`], beside the
//! deadline in rounds, as NegMAS's `SAOMechanism(n_steps=…, time_limit=…)` and the ANL kits
//! run them. Relative time is `t = elapsed / limit`; with both limits, a turn sees the larger
//! of the two relative times and the earlier limit ends the negotiation (see
//! [`crate::protocol::Sao`]).
//!
//! **Not reproducible byte for byte.** How many turns fit in a number of seconds depends on
//! the machine and its load, so a run under a time limit on the [`SystemClock`] may differ
//! from one run to the next, even with the same seed. The clock is injectable: tests use a
//! [`StepClock`], which advances a fixed step each time it is read, so the deadline logic is
//! deterministic there.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// A source of elapsed time.
pub trait Clock: Send + Sync + std::fmt::Debug {
    /// The time elapsed since the clock's origin; never decreases.
    fn now(&self) -> Duration;
}

/// The machine's monotonic clock ([`Instant`]), from its creation.
#[derive(Debug, Clone, Copy)]
pub struct SystemClock {
    origin: Instant,
}

impl SystemClock {
    /// A clock whose origin is now.
    pub fn new() -> Self {
        SystemClock {
            origin: Instant::now(),
        }
    }
}

impl Default for SystemClock {
    fn default() -> Self {
        SystemClock::new()
    }
}

impl Clock for SystemClock {
    fn now(&self) -> Duration {
        self.origin.elapsed()
    }
}

/// A fake clock for deterministic tests: reading it returns the time so far, then advances it
/// by a fixed step (the first reading is 0).
#[derive(Debug)]
pub struct StepClock {
    step_nanos: u64,
    nanos: AtomicU64,
}

impl StepClock {
    /// A clock at 0 that advances `step` per reading.
    pub fn new(step: Duration) -> Self {
        StepClock {
            step_nanos: u64::try_from(step.as_nanos()).unwrap_or(u64::MAX),
            nanos: AtomicU64::new(0),
        }
    }
}

impl Clock for StepClock {
    fn now(&self) -> Duration {
        Duration::from_nanos(self.nanos.fetch_add(self.step_nanos, Ordering::Relaxed))
    }
}

/// A deadline in seconds on a clock.
#[derive(Debug, Clone)]
pub struct TimeLimit {
    /// The limit, in seconds (finite, positive).
    pub seconds: f64,
    /// The clock it is read from.
    pub clock: Arc<dyn Clock>,
}

impl TimeLimit {
    /// A limit of `seconds` on the machine's clock.
    pub fn new(seconds: f64) -> Self {
        TimeLimit {
            seconds,
            clock: Arc::new(SystemClock::new()),
        }
    }

    /// Relative time `elapsed / limit` between the clock readings `start` and `now`.
    pub fn relative(&self, start: Duration, now: Duration) -> f64 {
        now.saturating_sub(start).as_secs_f64() / self.seconds
    }
}

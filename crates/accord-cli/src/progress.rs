//! The progress bar of long runs, on stderr: shown only on a terminal, never with `--quiet`,
//! and (for runs that may be short) only once a run has taken about a second.

use std::io::IsTerminal;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};

/// A bar that appears after its delay; safe to tick from several threads.
pub struct Progress {
    enabled: bool,
    start: Instant,
    delay: Duration,
    template: &'static str,
    bar: OnceLock<ProgressBar>,
}

impl Progress {
    /// A bar drawn with indicatif's `template` once the run has taken a second; disabled by
    /// `quiet` or a non-terminal stderr.
    pub fn new(quiet: bool, template: &'static str) -> Self {
        Self::after(Duration::from_secs(1), quiet, template)
    }

    /// A bar shown at the first tick (for runs known to be long, like tournaments).
    pub fn at_once(quiet: bool, template: &'static str) -> Self {
        Self::after(Duration::ZERO, quiet, template)
    }

    fn after(delay: Duration, quiet: bool, template: &'static str) -> Self {
        Progress {
            enabled: !quiet && std::io::stderr().is_terminal(),
            start: Instant::now(),
            delay,
            template,
            bar: OnceLock::new(),
        }
    }

    /// `done` of `total` units so far.
    pub fn tick(&self, done: u64, total: u64) {
        if !self.enabled || self.start.elapsed() < self.delay {
            return;
        }
        let bar = self.bar.get_or_init(|| {
            let bar = ProgressBar::new(total);
            bar.set_style(
                ProgressStyle::with_template(self.template)
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            bar
        });
        bar.set_position(done);
    }

    /// Clears the bar, if it was shown.
    pub fn finish(&self) {
        if let Some(bar) = self.bar.get() {
            bar.finish_and_clear();
        }
    }
}

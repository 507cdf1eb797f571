//! The progress bar of long runs, on stderr: shown only on a terminal, never with `--quiet`,
//! and only once a run has taken about a second (short runs print nothing).

use std::io::IsTerminal;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};

/// A bar that appears after a second; safe to tick from several threads.
pub struct Progress {
    enabled: bool,
    start: Instant,
    template: &'static str,
    bar: OnceLock<ProgressBar>,
}

impl Progress {
    /// A bar drawn with indicatif's `template`, disabled by `quiet` or a non-terminal stderr.
    pub fn new(quiet: bool, template: &'static str) -> Self {
        Progress {
            enabled: !quiet && std::io::stderr().is_terminal(),
            start: Instant::now(),
            template,
            bar: OnceLock::new(),
        }
    }

    /// `done` of `total` units so far.
    pub fn tick(&self, done: u64, total: u64) {
        if !self.enabled || self.start.elapsed() < Duration::from_secs(1) {
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

//! A request to stop a long computation early, shared by its caller and the computation.
//!
//! The caller keeps a clone and calls [`Cancel::cancel`] (from any thread: a Python
//! `KeyboardInterrupt`, a server request past its time limit); the computation checks
//! [`Cancel::is_cancelled`] between units of work (an enumeration chunk, a draw, a run) and
//! then stops with its crate's `Cancelled` error. Checking costs one relaxed atomic load; a
//! computation that never checks simply runs to its end.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// A cancellation flag. [`Cancel::never`] (the default) can never be set and costs nothing.
/// Two flags are equal when they are the same flag (clones of one [`Cancel::new`]) or both
/// never set, so a settings struct holding one compares as before.
#[derive(Clone, Debug, Default)]
pub struct Cancel(Option<Arc<AtomicBool>>);

impl PartialEq for Cancel {
    fn eq(&self, other: &Self) -> bool {
        match (&self.0, &other.0) {
            (None, None) => true,
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }
}

impl Cancel {
    /// A flag that is never set.
    pub const fn never() -> Self {
        Cancel(None)
    }

    /// A flag not yet set; clones share it.
    pub fn new() -> Self {
        Cancel(Some(Arc::new(AtomicBool::new(false))))
    }

    /// Asks every computation holding a clone to stop. Does nothing on [`Cancel::never`].
    pub fn cancel(&self) {
        if let Some(flag) = &self.0 {
            flag.store(true, Ordering::Relaxed);
        }
    }

    /// Whether [`Cancel::cancel`] was called on this flag or a clone.
    pub fn is_cancelled(&self) -> bool {
        self.0.as_ref().is_some_and(|f| f.load(Ordering::Relaxed))
    }

    /// Runs `run` unless the flag is already set, and answers `cancelled()` instead of its
    /// result when the flag is set by the time it ends: a computation that skips its remaining
    /// work once cancelled never hands a cut-short result to its caller.
    pub fn guard<T, E>(
        &self,
        cancelled: impl Fn() -> E,
        run: impl FnOnce() -> Result<T, E>,
    ) -> Result<T, E> {
        if self.is_cancelled() {
            return Err(cancelled());
        }
        let result = run();
        if self.is_cancelled() {
            return Err(cancelled());
        }
        result
    }
}

#[cfg(test)]
mod tests {
    use super::Cancel;

    #[test]
    fn a_clone_sees_the_cancel_and_never_stays_unset() {
        let c = Cancel::new();
        let seen_by = c.clone();
        assert!(!seen_by.is_cancelled());
        c.cancel();
        assert!(seen_by.is_cancelled());
        let n = Cancel::never();
        n.cancel();
        assert!(!n.is_cancelled());
        assert!(!Cancel::default().is_cancelled());
        assert_eq!(c, seen_by);
        assert_ne!(c, Cancel::new());
        assert_eq!(Cancel::never(), Cancel::default());
        assert_ne!(c, Cancel::never());
    }

    #[test]
    fn a_guarded_run_answers_cancelled_before_it_starts_and_after_a_cancel_during_it() {
        let cancelled = || "cancelled";
        let c = Cancel::new();
        assert_eq!(c.guard(cancelled, || Ok::<_, &str>(1)), Ok(1));
        // Set during the run: its result is dropped.
        assert_eq!(
            c.guard(cancelled, || {
                c.cancel();
                Ok(2)
            }),
            Err("cancelled")
        );
        // Set before: the run never starts.
        let mut ran = false;
        assert_eq!(
            c.guard(cancelled, || {
                ran = true;
                Ok(3)
            }),
            Err("cancelled")
        );
        assert!(!ran);
        // Its own error passes through when not cancelled.
        assert_eq!(
            Cancel::never().guard(cancelled, || Err::<i32, _>("own")),
            Err("own")
        );
    }
}

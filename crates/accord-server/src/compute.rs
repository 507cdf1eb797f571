//! Computations off the async runtime: every library call that may take long runs on tokio's
//! blocking pool under a time limit, so that it never holds up other requests. A computation
//! over its limit answers 503; one started with [`run_cancellable`] is then asked to stop (its
//! [`Cancel`] is set), any other cannot be interrupted, so its thread finishes in the
//! background; either way its result is dropped.
//!
//! At most [`MAX_RUNNING`] computations run at once within their limits (one per core, at least
//! two): a computation waits for a slot within its own time limit, so a burst of heavy requests
//! answers 503 instead of piling up threads that would slow every later request. A computation
//! past its limit gives its slot back, so that a few runaway requests cannot keep every later
//! computation waiting until they end, and counts as *overdue* until its thread ends; while
//! [`MAX_OVERDUE`] are overdue, a new computation is refused at once (503), which bounds the
//! threads and the CPU that runaway requests can hold.

use std::sync::atomic::{AtomicU8, AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock};
use std::time::Duration;

use accord_model::Cancel;
use tokio::sync::Semaphore;

use crate::error::ApiError;

/// Runs `f` on the blocking pool and waits at most `limit` for it.
///
/// Errors: `f`'s own error; 503 when the limit passes first, or at once while [`MAX_OVERDUE`]
/// computations are overdue; 500 if `f` panicked (a defect: no library call is meant to panic
/// on any input).
pub async fn run<T, F>(limit: Duration, f: F) -> Result<T, ApiError>
where
    F: FnOnce() -> Result<T, ApiError> + Send + 'static,
    T: Send + 'static,
{
    LIMITER.run(limit, f).await
}

/// [`run`] for a computation that stops when asked: `f` gets a [`Cancel`] that is set when
/// the limit passes, so that a library call checking it (an analysis) ends soon after its
/// request was answered 503 instead of running on as an overdue computation.
///
/// Errors: as [`run`].
pub async fn run_cancellable<T, F>(limit: Duration, f: F) -> Result<T, ApiError>
where
    F: FnOnce(&Cancel) -> Result<T, ApiError> + Send + 'static,
    T: Send + 'static,
{
    LIMITER.run_cancellable(limit, f).await
}

/// Runs a check of a request's text (parsing, validating, diffing: bounded by the body limit)
/// on the blocking pool under the time limit, without waiting for a computation's slot, so that
/// reading and saving go on while heavy computations run.
///
/// Errors: as [`run`], but never refused for overdue computations.
pub async fn check<T, F>(limit: Duration, f: F) -> Result<T, ApiError>
where
    F: FnOnce() -> Result<T, ApiError> + Send + 'static,
    T: Send + 'static,
{
    limited(None, limit, move |_: &Cancel| f()).await
}

/// How many computations run at once within their limits: the cores, at least two.
pub static MAX_RUNNING: LazyLock<usize> = LazyLock::new(|| {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
        .max(2)
});

/// How many computations past their limit may still run before new ones are refused: twice
/// [`MAX_RUNNING`].
pub static MAX_OVERDUE: LazyLock<usize> = LazyLock::new(|| 2 * *MAX_RUNNING);

static LIMITER: LazyLock<Limiter> = LazyLock::new(|| Limiter::new(*MAX_RUNNING, *MAX_OVERDUE));

/// Computation slots and the count of overdue computations: one for the server
/// ([`run`]); tests make their own.
#[derive(Debug)]
pub struct Limiter {
    slots: Semaphore,
    overdue: Arc<AtomicUsize>,
    max_overdue: usize,
}

/// A computation's state, shared by its thread and its request: waiting for its thread,
/// running, done, or abandoned (its request was answered 503: a computation abandoned before
/// its thread starts never runs; one abandoned while running is overdue until it ends).
const WAITING: u8 = 0;
const RUNNING: u8 = 1;
const DONE: u8 = 2;
const ABANDONED: u8 = 3;

impl Limiter {
    /// `running` slots, and at most `max_overdue` computations past their limit before new
    /// ones are refused.
    pub fn new(running: usize, max_overdue: usize) -> Self {
        Limiter {
            slots: Semaphore::new(running),
            overdue: Arc::default(),
            max_overdue,
        }
    }

    /// How many computations passed their limit and still run.
    pub fn overdue(&self) -> usize {
        self.overdue.load(Ordering::SeqCst)
    }

    /// Runs `f` on the blocking pool within one of this limiter's slots, under `limit`.
    ///
    /// Errors: as [`run`].
    pub async fn run<T, F>(&self, limit: Duration, f: F) -> Result<T, ApiError>
    where
        F: FnOnce() -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        self.run_cancellable(limit, move |_: &Cancel| f()).await
    }

    /// [`Limiter::run`] with a [`Cancel`] given to `f` and set when the limit passes.
    ///
    /// Errors: as [`run`].
    pub async fn run_cancellable<T, F>(&self, limit: Duration, f: F) -> Result<T, ApiError>
    where
        F: FnOnce(&Cancel) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        let overdue = self.overdue();
        if overdue >= self.max_overdue {
            return Err(ApiError::limit(format!(
                "{overdue} computations that passed the server's time limit are still \
                 finishing; ask again once they end, and ask for less (fewer samples, rounds or \
                 repetitions, a smaller max_changes, an epsilon for the frontier)"
            )));
        }
        limited(Some(self), limit, f).await
    }
}

async fn limited<T, F>(slots: Option<&Limiter>, limit: Duration, f: F) -> Result<T, ApiError>
where
    F: FnOnce(&Cancel) -> Result<T, ApiError> + Send + 'static,
    T: Send + 'static,
{
    let state = Arc::new(AtomicU8::new(WAITING));
    let cancel = Cancel::new();
    let overdue = slots.map(|l| Arc::clone(&l.overdue));
    let cas = |state: &AtomicU8, from: u8, to: u8| {
        state
            .compare_exchange(from, to, Ordering::SeqCst, Ordering::SeqCst)
            .is_ok()
    };
    let work = {
        let state = Arc::clone(&state);
        let cancel = cancel.clone();
        let overdue = overdue.clone();
        async move {
            // The semaphore is never closed, so acquiring only waits. The permit lives in this
            // future: when the limit passes, the future is dropped and the slot freed.
            let _permit = match slots {
                Some(l) => Some(l.slots.acquire().await),
                None => None,
            };
            tokio::task::spawn_blocking(move || {
                if !cas(&state, WAITING, RUNNING) {
                    return Err(ApiError::limit("abandoned before it started"));
                }
                let result = f(&cancel);
                if !cas(&state, RUNNING, DONE)
                    && let Some(o) = overdue
                {
                    o.fetch_sub(1, Ordering::SeqCst);
                }
                result
            })
            .await
        }
    };
    match tokio::time::timeout(limit, work).await {
        Ok(Ok(result)) => result,
        Ok(Err(join)) => Err(ApiError::internal(format!(
            "the computation failed: {join}"
        ))),
        Err(_) => {
            cancel.cancel();
            // Not started: it never will. Running: overdue until its thread ends, counted
            // before the state changes, so that the thread's decrement never comes first.
            if !cas(&state, WAITING, ABANDONED)
                && let Some(o) = &overdue
            {
                o.fetch_add(1, Ordering::SeqCst);
                if !cas(&state, RUNNING, ABANDONED) {
                    // Done meanwhile.
                    o.fetch_sub(1, Ordering::SeqCst);
                }
            }
            Err(ApiError::limit(format!(
                "the computation passed the server's time limit of {} s; ask for less (fewer \
                 samples, rounds or repetitions, a smaller max_changes, an epsilon for the \
                 frontier), or start the server with a larger compute limit",
                limit.as_secs_f64()
            )))
        }
    }
}

/// Runs a short blocking task (a store call) on the blocking pool, without a time limit.
///
/// Errors: `f`'s own error; 500 if it panicked.
pub async fn blocking<T, F>(f: F) -> Result<T, ApiError>
where
    F: FnOnce() -> Result<T, ApiError> + Send + 'static,
    T: Send + 'static,
{
    tokio::task::spawn_blocking(f)
        .await
        .unwrap_or_else(|join| Err(ApiError::internal(format!("a task failed: {join}"))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_computation_over_its_limit_answers_503_and_others_go_on() {
        let slow = run(Duration::from_millis(50), || {
            std::thread::sleep(Duration::from_millis(500));
            Ok(1)
        });
        let quick = run(Duration::from_secs(5), || Ok(2));
        let (slow, quick) = tokio::join!(slow, quick);
        let e = slow.unwrap_err();
        assert_eq!(e.status, axum::http::StatusCode::SERVICE_UNAVAILABLE);
        assert!(e.body.error.message.contains("time limit"));
        assert_eq!(quick.unwrap(), 2);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn computations_past_their_limit_free_their_slots_up_to_a_bound() {
        let limiter = Limiter::new(2, 3);
        let sleeper = || {
            std::thread::sleep(Duration::from_millis(1500));
            Ok(0)
        };
        // Two runaways take both slots and pass their limit.
        let (a, b) = tokio::join!(
            limiter.run(Duration::from_millis(100), sleeper),
            limiter.run(Duration::from_millis(100), sleeper)
        );
        assert!(a.is_err() && b.is_err());
        assert_eq!(limiter.overdue(), 2);
        // A quick computation is served at once: the runaways gave their slots back.
        let quick = limiter.run(Duration::from_millis(500), || Ok(7)).await;
        assert_eq!(quick.unwrap(), 7);
        // A third runaway reaches the bound: the next computation is refused at once.
        let third = limiter.run(Duration::from_millis(100), sleeper).await;
        assert!(third.is_err());
        assert_eq!(limiter.overdue(), 3);
        let e = limiter
            .run(Duration::from_secs(5), || Ok(8))
            .await
            .unwrap_err();
        assert_eq!(e.status, axum::http::StatusCode::SERVICE_UNAVAILABLE);
        assert!(
            e.body.error.message.contains("still finishing"),
            "{}",
            e.body.error.message
        );
        // Once the runaways end, nothing is overdue and computations run again.
        tokio::time::sleep(Duration::from_millis(2000)).await;
        assert_eq!(limiter.overdue(), 0);
        assert_eq!(
            limiter.run(Duration::from_secs(5), || Ok(9)).await.unwrap(),
            9
        );
    }

    #[tokio::test]
    async fn a_computation_that_waited_past_its_limit_for_a_slot_is_not_overdue() {
        let limiter = Limiter::new(1, 5);
        let sleeper = || {
            std::thread::sleep(Duration::from_millis(400));
            Ok(0)
        };
        // The first holds the slot for its whole limit; the second never gets it.
        let (a, b) = tokio::join!(
            limiter.run(Duration::from_millis(600), sleeper),
            limiter.run(Duration::from_millis(100), || Ok(1))
        );
        assert_eq!(a.unwrap(), 0);
        assert!(b.is_err());
        assert_eq!(limiter.overdue(), 0);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_cancellable_computation_past_its_limit_is_told_to_stop() {
        let limiter = Limiter::new(2, 5);
        let (stopped, seen) = std::sync::mpsc::channel();
        // Would run for 60 s unless cancelled; checks its flag every 10 ms.
        let runaway = move |cancel: &Cancel| {
            for _ in 0..6000 {
                if cancel.is_cancelled() {
                    let _ = stopped.send(());
                    return Err(ApiError::limit("cancelled"));
                }
                std::thread::sleep(Duration::from_millis(10));
            }
            Ok(0)
        };
        let e = limiter
            .run_cancellable(Duration::from_millis(100), runaway)
            .await
            .unwrap_err();
        assert_eq!(e.status, axum::http::StatusCode::SERVICE_UNAVAILABLE);
        // It stops soon after its 503 (not after its 60 s), and is then no longer overdue.
        seen.recv_timeout(Duration::from_secs(10))
            .expect("the computation saw its cancel");
        for _ in 0..100 {
            if limiter.overdue() == 0 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        assert_eq!(limiter.overdue(), 0);
        // One that ends within its limit is never cancelled.
        let fine = limiter
            .run_cancellable(Duration::from_secs(5), |c: &Cancel| Ok(c.is_cancelled()))
            .await;
        assert!(!fine.unwrap());
    }
}

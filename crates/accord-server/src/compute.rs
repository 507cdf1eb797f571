//! Computations off the async runtime: every library call that may take long runs on tokio's
//! blocking pool under a time limit, so that it never holds up other requests. A computation
//! over its limit answers 503; it cannot be interrupted, so its thread finishes in the
//! background and its result is dropped.
//!
//! At most [`MAX_RUNNING`] computations run at once (one per core, at least two): a computation
//! waits for a slot within its own time limit, so a burst of heavy requests answers 503 instead
//! of piling up threads that would slow every later request.

use std::sync::LazyLock;
use std::time::Duration;

use tokio::sync::Semaphore;

use crate::error::ApiError;

/// Runs `f` on the blocking pool and waits at most `limit` for it.
///
/// Errors: `f`'s own error; 503 when the limit passes first; 500 if `f` panicked (a defect:
/// no library call is meant to panic on any input).
pub async fn run<T, F>(limit: Duration, f: F) -> Result<T, ApiError>
where
    F: FnOnce() -> Result<T, ApiError> + Send + 'static,
    T: Send + 'static,
{
    limited(limit, true, f).await
}

/// Runs a check of a request's text (parsing, validating, diffing: bounded by the body limit)
/// on the blocking pool under the time limit, without waiting for a computation's slot, so that
/// reading and saving go on while heavy computations run.
///
/// Errors: as [`run`].
pub async fn check<T, F>(limit: Duration, f: F) -> Result<T, ApiError>
where
    F: FnOnce() -> Result<T, ApiError> + Send + 'static,
    T: Send + 'static,
{
    limited(limit, false, f).await
}

async fn limited<T, F>(limit: Duration, queued: bool, f: F) -> Result<T, ApiError>
where
    F: FnOnce() -> Result<T, ApiError> + Send + 'static,
    T: Send + 'static,
{
    let work = async {
        // The semaphore is never closed, so acquiring only waits.
        let permit = match queued {
            true => Some(SLOTS.acquire().await),
            false => None,
        };
        tokio::task::spawn_blocking(move || {
            // The slot is held until the work ends, even past its time limit.
            let _permit = permit;
            f()
        })
        .await
    };
    match tokio::time::timeout(limit, work).await {
        Ok(Ok(result)) => result,
        Ok(Err(join)) => Err(ApiError::internal(format!(
            "the computation failed: {join}"
        ))),
        Err(_) => Err(ApiError::limit(format!(
            "the computation passed the server's time limit of {} s; ask for less (fewer \
             samples, rounds or repetitions, a smaller max_changes, an epsilon for the \
             frontier), or start the server with a larger compute limit",
            limit.as_secs_f64()
        ))),
    }
}

/// How many computations run at once: the cores, at least two.
pub static MAX_RUNNING: LazyLock<usize> = LazyLock::new(|| {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
        .max(2)
});

static SLOTS: LazyLock<Semaphore> = LazyLock::new(|| Semaphore::new(*MAX_RUNNING));

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
}

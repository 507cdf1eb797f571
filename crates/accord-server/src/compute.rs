//! Computations off the async runtime: every library call that may take long runs on tokio's
//! blocking pool under a time limit, so that it never holds up other requests. A computation
//! over its limit answers 503; it cannot be interrupted, so its thread finishes in the
//! background and its result is dropped.

use std::time::Duration;

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
    let task = tokio::task::spawn_blocking(f);
    match tokio::time::timeout(limit, task).await {
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

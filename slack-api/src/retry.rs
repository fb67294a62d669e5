//! When and how long to wait before trying a call again.

use std::hash::{BuildHasher, Hasher};
use std::time::Duration;

/// How the client retries.
///
/// * HTTP 429: waits for `Retry-After` (or [`default_retry_after`](Self::default_retry_after))
///   and tries again; Slack has not acted on a rate-limited request, so this is safe for
///   every method. Off with [`retry_rate_limited`](Self::retry_rate_limited)` = false`.
/// * HTTP 5xx, timeouts and connection errors: exponential backoff with jitter, only for
///   methods the spec marks idempotent, unless [`retry_writes`](Self::retry_writes) is set.
///
/// Both stop at [`max_attempts`](Self::max_attempts) and before the waiting would pass
/// [`max_total_wait`](Self::max_total_wait).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryPolicy {
    /// Tries in all, the first included. `1` never retries.
    pub max_attempts: u32,
    /// The most time spent waiting between tries, over the whole call.
    pub max_total_wait: Duration,
    /// Whether to wait and retry on HTTP 429, rather than return the error at once.
    pub retry_rate_limited: bool,
    /// The wait after a 429 without a usable `Retry-After`.
    pub default_retry_after: Duration,
    /// The first backoff after a server or connection error; it doubles each try.
    pub base_backoff: Duration,
    /// The longest single backoff.
    pub max_backoff: Duration,
    /// Whether to repeat methods that are not idempotent after a server or connection
    /// error (they may then take effect twice).
    pub retry_writes: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 4,
            max_total_wait: Duration::from_secs(120),
            retry_rate_limited: true,
            default_retry_after: Duration::from_secs(30),
            base_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(10),
            retry_writes: false,
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries.
    pub fn never() -> Self {
        RetryPolicy {
            max_attempts: 1,
            retry_rate_limited: false,
            ..Self::default()
        }
    }

    /// Backoff before try `attempt + 1` after `attempt` failed (1-based): a random wait
    /// between half and all of `base_backoff * 2^(attempt-1)`, capped at `max_backoff`.
    pub fn backoff(&self, attempt: u32) -> Duration {
        let exp = self
            .base_backoff
            .saturating_mul(1u32 << attempt.saturating_sub(1).min(20));
        let full = exp.min(self.max_backoff);
        let half = full / 2;
        let spread = (full - half).as_nanos() as u64;
        let jitter = if spread == 0 {
            0
        } else {
            random_u64() % (spread + 1)
        };
        half + Duration::from_nanos(jitter)
    }
}

/// A random number from the standard library's per-process random hasher keys.
fn random_u64() -> u64 {
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(0x9e37_79b9_7f4a_7c15);
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_within_bounds() {
        let p = RetryPolicy {
            base_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_millis(350),
            ..RetryPolicy::default()
        };
        for _ in 0..50 {
            let b1 = p.backoff(1);
            assert!(
                b1 >= Duration::from_millis(50) && b1 <= Duration::from_millis(100),
                "{b1:?}"
            );
            let b2 = p.backoff(2);
            assert!(
                b2 >= Duration::from_millis(100) && b2 <= Duration::from_millis(200),
                "{b2:?}"
            );
            let b5 = p.backoff(5);
            assert!(
                b5 >= Duration::from_millis(175) && b5 <= Duration::from_millis(350),
                "{b5:?}"
            );
        }
    }
}

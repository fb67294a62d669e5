//! Rate limits as Slack applies them: per workspace (team) and method at the method's tier
//! from its generated metadata (`MethodMeta::rate_limit`: Tier 1 = 1, Tier 2 = 20,
//! Tier 3 = 50, Tier 4 = 100 calls per minute, or a special limit's own number), and per
//! argument value where the special limit says so (`chat.postMessage`: 1 per second per
//! channel, short bursts allowed). A call over the limit is answered HTTP 429,
//! `{"ok":false,"error":"ratelimited"}` and `Retry-After` in whole seconds; it is not
//! counted.
//!
//! Each limit is a token bucket refilled at the limit's rate. A tier's bucket holds a
//! minute's allowance, so a burst of that many calls passes at once ("occasional bursts"),
//! then calls pass at the tier's pace (Tier 1, 1 per minute, "a small amount of burst
//! behavior is tolerated": two at once). A per-argument limit (`chat.postMessage` per channel)
//! holds three seconds' allowance (Slack: "short bursts >1 allowed", no figure). Methods
//! whose limit Slack gives no number for (`auth.test`: "hundreds of requests per minute";
//! `Undocumented`) are not limited; neither is `chat.postMessage`'s workspace-wide limit,
//! which Slack gives no number for either.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use slack_api::{MethodMeta, ParamValue, Params, RateLimit};

use crate::reply::Failure;

/// Whether the emulator limits calls, and how long its "minute" is.
///
/// On by default with Slack's numbers ([`RateLimits::slack`]); [`RateLimits::off`] for
/// tests and benchmarks that call a method thousands of times; [`RateLimits::scaled`] to
/// see limits and their recovery in a test without waiting real minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimits {
    enabled: bool,
    minute: Duration,
}

impl RateLimits {
    /// Slack's limits, on a real minute.
    pub fn slack() -> Self {
        RateLimits {
            enabled: true,
            minute: Duration::from_secs(60),
        }
    }

    /// No limits at all.
    pub fn off() -> Self {
        RateLimits {
            enabled: false,
            ..Self::slack()
        }
    }

    /// Slack's limits on a "minute" of `minute` (every limit's pace scales with it: with a
    /// minute of 600 ms, Tier 2 allows 20 calls per 600 ms). `Retry-After` stays in whole
    /// real seconds, at least 1, as an HTTP header must.
    pub fn scaled(minute: Duration) -> Self {
        RateLimits {
            enabled: true,
            minute: minute.max(Duration::from_millis(1)),
        }
    }

    pub fn enabled(&self) -> bool {
        self.enabled
    }

    /// The length of the emulator's minute.
    pub fn minute(&self) -> Duration {
        self.minute
    }
}

impl Default for RateLimits {
    fn default() -> Self {
        Self::slack()
    }
}

/// The limit a method's metadata gives a call: calls per minute, the bucket's size, and
/// the argument it is counted per, if any. `None`: not limited.
fn limit_of(meta: &MethodMeta) -> Option<(u32, f64, Option<&'static str>)> {
    let per_minute = meta.rate_limit.per_minute().filter(|n| *n > 0)?;
    let per = match meta.rate_limit {
        RateLimit::Special { per, .. } => per,
        _ => None,
    };
    let burst = match per {
        // Three seconds' allowance: 1 per second with short bursts.
        Some(_) => (f64::from(per_minute) / 20.0).max(1.0),
        // A minute's allowance; Tier 1's one call a minute with "a small amount of burst
        // behavior" tolerated: two.
        None => f64::from(per_minute.max(2)),
    };
    Some((per_minute, burst, per))
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    team: String,
    method: &'static str,
    per: Option<String>,
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

/// The emulator's limiter: its settings and every bucket.
#[derive(Debug, Default)]
pub struct Limiter {
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    limits: RateLimits,
    buckets: HashMap<Key, Bucket>,
}

impl Limiter {
    /// New settings; every bucket starts full again.
    pub fn set(&self, limits: RateLimits) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.limits = limits;
        state.buckets.clear();
    }

    pub fn get(&self) -> RateLimits {
        self.state.lock().unwrap_or_else(|e| e.into_inner()).limits
    }

    /// Counts a call of `meta` by `team`, or refuses it with `ratelimited` and the wait.
    pub fn check(&self, meta: &MethodMeta, team: &str, params: &Params<'_>) -> Result<(), Failure> {
        self.check_at(meta, team, params, Instant::now())
    }

    fn check_at(
        &self,
        meta: &MethodMeta,
        team: &str,
        params: &Params<'_>,
        now: Instant,
    ) -> Result<(), Failure> {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        if !state.limits.enabled {
            return Ok(());
        }
        let Some((per_minute, burst, per)) = limit_of(meta) else {
            return Ok(());
        };
        // Seconds of real time per call at this limit.
        let interval = state.limits.minute.as_secs_f64() / f64::from(per_minute);
        let key = Key {
            team: team.to_owned(),
            method: meta.name,
            per: per.map(|name| params.get(name).map(value_text).unwrap_or_default()),
        };
        let bucket = state.buckets.entry(key).or_insert(Bucket {
            tokens: burst,
            at: now,
        });
        let elapsed = now.saturating_duration_since(bucket.at).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed / interval).min(burst);
        bucket.at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            return Ok(());
        }
        let wait = (1.0 - bucket.tokens) * interval;
        Err(ratelimited(wait.ceil().max(1.0) as u64))
    }
}

/// The text of an argument's value, to key a per-argument limit by.
fn value_text(value: &ParamValue<'_>) -> String {
    match value.as_str() {
        Some(s) => s.to_owned(),
        None => format!("{value:?}"),
    }
}

/// The answer to a call over its limit: `ratelimited`, with the whole seconds to wait.
pub fn ratelimited(retry_after: u64) -> Failure {
    let mut failure = Failure::new("ratelimited");
    failure.retry_after = Some(retry_after);
    failure
}

/// The HTTP answer to a call over its limit: 429, `Retry-After`, Slack's body.
pub fn answer(retry_after: u64) -> Response {
    (
        StatusCode::TOO_MANY_REQUESTS,
        [
            (
                header::CONTENT_TYPE,
                "application/json; charset=utf-8".to_owned(),
            ),
            (header::RETRY_AFTER, retry_after.to_string()),
        ],
        Failure::new("ratelimited").body().to_string(),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(name: &str) -> &'static MethodMeta {
        MethodMeta::find(name).expect("a method of the spec")
    }

    #[test]
    fn a_tier_allows_a_minutes_calls_at_once_then_its_pace() {
        let limiter = Limiter::default();
        let list = meta("conversations.list"); // Tier 2
        let params = Params::new();
        let t0 = Instant::now();
        for _ in 0..20 {
            assert!(limiter.check_at(list, "T1", &params, t0).is_ok());
        }
        let refused = limiter.check_at(list, "T1", &params, t0).unwrap_err();
        assert_eq!(refused.code, "ratelimited");
        assert_eq!(refused.retry_after, Some(3));
        // Three seconds later one more call passes, and only one.
        let t3 = t0 + Duration::from_secs(3);
        assert!(limiter.check_at(list, "T1", &params, t3).is_ok());
        assert!(limiter.check_at(list, "T1", &params, t3).is_err());
        // Another team has its own count.
        assert!(limiter.check_at(list, "T2", &params, t3).is_ok());
    }

    #[test]
    fn tier_1_tolerates_a_burst_of_two() {
        let limiter = Limiter::default();
        let rtm = meta("rtm.connect"); // Tier 1
        let params = Params::new();
        let t0 = Instant::now();
        assert!(limiter.check_at(rtm, "T1", &params, t0).is_ok());
        assert!(limiter.check_at(rtm, "T1", &params, t0).is_ok());
        let refused = limiter.check_at(rtm, "T1", &params, t0).unwrap_err();
        assert_eq!(refused.retry_after, Some(60));
    }

    #[test]
    fn chat_post_message_counts_per_channel() {
        let limiter = Limiter::default();
        let post = meta("chat.postMessage");
        let mut general = Params::new();
        general.put("channel", "C1");
        let mut random = Params::new();
        random.put("channel", "C2");
        let t0 = Instant::now();
        for _ in 0..3 {
            assert!(limiter.check_at(post, "T1", &general, t0).is_ok());
        }
        assert_eq!(
            limiter
                .check_at(post, "T1", &general, t0)
                .unwrap_err()
                .retry_after,
            Some(1)
        );
        assert!(limiter.check_at(post, "T1", &random, t0).is_ok());
        let later = t0 + Duration::from_secs(1);
        assert!(limiter.check_at(post, "T1", &general, later).is_ok());
    }

    #[test]
    fn methods_without_a_number_are_not_limited() {
        let limiter = Limiter::default();
        let params = Params::new();
        let now = Instant::now();
        for _ in 0..1000 {
            assert!(limiter
                .check_at(meta("auth.test"), "T1", &params, now)
                .is_ok());
        }
    }
}

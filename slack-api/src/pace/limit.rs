//! The limit a pacer applies to a key: the spec's number for the method (its tier or its
//! special limit, from `META.rate_limit`), unless the app overrides it at run time.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use crate::RateLimit;

/// A rate a pacer keeps to: `per_minute` calls a minute, of which `burst` may go at once
/// after a quiet spell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Limit {
    per_minute: u32,
    burst: u32,
}

impl Limit {
    /// `per_minute` calls a minute, one at a time (a burst of 1). `None` for 0.
    pub fn per_minute(per_minute: u32) -> Option<Limit> {
        (per_minute > 0).then_some(Limit {
            per_minute,
            burst: 1,
        })
    }

    /// The same rate with up to `burst` calls at once after a quiet spell (at least 1).
    #[must_use]
    pub fn with_burst(self, burst: u32) -> Limit {
        Limit {
            burst: burst.max(1),
            ..self
        }
    }

    /// The limit the spec gives a method: its tier's or special limit's number of calls a
    /// minute. Slack allows "occasional bursts" without a figure: a tier's limit here lets
    /// half a minute's allowance go at once after a quiet spell (Tier 2: 10 of its 20; Tier
    /// 1, where "a small amount of burst behavior is tolerated": 2), a limit counted per
    /// argument two seconds' worth (`chat.postMessage`'s 1 a second per channel: 2), at
    /// least 1. Both stay well inside what Slack tolerates.
    /// `None` when Slack gives no number (`auth.test`, `Undocumented`).
    pub fn of(rate_limit: &RateLimit) -> Option<Limit> {
        let per_minute = rate_limit.per_minute()?;
        let burst = match rate_limit {
            RateLimit::Special { per: Some(_), .. } => per_minute / 30,
            _ => (per_minute / 2).max(2),
        };
        Some(Limit::per_minute(per_minute)?.with_burst(burst))
    }

    /// Calls a minute.
    pub fn calls_per_minute(&self) -> u32 {
        self.per_minute
    }

    /// Calls that may go at once.
    pub fn burst(&self) -> u32 {
        self.burst
    }

    /// The time between two calls on a `minute` of this length (a test may shorten it).
    pub fn interval(&self, minute: Duration) -> Duration {
        minute / self.per_minute
    }

    /// How far ahead of its turn a call may go: `(burst - 1)` intervals.
    pub fn tolerance(&self, minute: Duration) -> Duration {
        self.interval(minute) * (self.burst - 1)
    }
}

/// Per-method overrides of the spec's limits, shared by a pacer's clones and changeable at
/// run time.
#[derive(Debug, Clone, Default)]
pub(crate) struct Overrides(Arc<RwLock<HashMap<String, Option<Limit>>>>);

impl Overrides {
    pub(crate) fn set(&self, method: &str, limit: Option<Limit>) {
        let mut map = self.0.write().unwrap_or_else(|e| e.into_inner());
        map.insert(method.to_owned(), limit);
    }

    pub(crate) fn clear(&self, method: &str) {
        let mut map = self.0.write().unwrap_or_else(|e| e.into_inner());
        map.remove(method);
    }

    /// The limit for a call of `method`: the override if there is one, else the spec's.
    pub(crate) fn limit(&self, method: &str, rate_limit: &RateLimit) -> Option<Limit> {
        let map = self.0.read().unwrap_or_else(|e| e.into_inner());
        if map.is_empty() {
            return Limit::of(rate_limit);
        }
        match map.get(method) {
            Some(limit) => *limit,
            None => Limit::of(rate_limit),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_spec_gives_tiers_and_special_limits_with_a_small_burst() {
        let t2 = Limit::of(&RateLimit::Tier(2)).unwrap();
        assert_eq!((t2.calls_per_minute(), t2.burst()), (20, 10));
        let t4 = Limit::of(&RateLimit::Tier(4)).unwrap();
        assert_eq!((t4.calls_per_minute(), t4.burst()), (100, 50));
        assert_eq!(Limit::of(&RateLimit::Tier(1)).unwrap().burst(), 2);
        let post = RateLimit::Special {
            note: "",
            per_minute: Some(60),
            per: Some("channel"),
        };
        assert_eq!(Limit::of(&post).unwrap().burst(), 2);
        assert_eq!(Limit::of(&RateLimit::Undocumented), None);
        assert_eq!(t2.interval(Duration::from_secs(60)), Duration::from_secs(3));
        assert_eq!(
            t4.tolerance(Duration::from_secs(60)),
            Duration::from_millis(600 * 49)
        );
    }

    #[test]
    fn an_override_wins_over_the_spec_and_can_be_cleared() {
        let overrides = Overrides::default();
        let one = Limit::per_minute(1);
        overrides.set("conversations.history", one);
        assert_eq!(
            overrides.limit("conversations.history", &RateLimit::Tier(3)),
            one
        );
        assert_eq!(
            overrides.limit("conversations.list", &RateLimit::Tier(2)),
            Limit::of(&RateLimit::Tier(2))
        );
        overrides.set("conversations.list", None);
        assert_eq!(
            overrides.limit("conversations.list", &RateLimit::Tier(2)),
            None
        );
        overrides.clear("conversations.history");
        assert_eq!(
            overrides.limit("conversations.history", &RateLimit::Tier(3)),
            Limit::of(&RateLimit::Tier(3))
        );
    }
}

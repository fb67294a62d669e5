//! The in-memory pacer, the client's default.

use std::collections::HashMap;
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use futures_util::future::select;
use tokio::sync::Notify;
use tokio::time::Instant;

use super::gcra::KeyState;
use super::limit::{Limit, Overrides};
use super::{PaceFuture, PaceKey, Pacer};

/// Keys kept before the first sweep of idle ones.
const FIRST_SWEEP: usize = 1024;

/// Paces calls in this process so that they keep to Slack's limits instead of drawing 429s:
/// the client's default pacer.
///
/// Each call is keyed by its workspace (the token's team, or the `team_id` argument for an
/// Enterprise organization's token), its method, and for a per-argument limit (
/// `chat.postMessage`: per channel) that argument's value. Each key keeps its own limit,
/// from the method's metadata ([`Limit::of`]) unless [`set_limit`](Self::set_limit)
/// overrides it, so calls on different keys never wait for each other.
///
/// The algorithm is GCRA, the generic cell rate algorithm (a token bucket written as one
/// instant per key): a decision is a few comparisons under a lock, with no timer task and
/// no counters to refill, and a key whose instant has passed is exactly a key never seen, so
/// idle keys are forgotten without changing any decision and memory stays bounded by the
/// keys used within about one interval. Calls that must wait get turns in arrival order;
/// dropping a waiting call gives its turn back to the calls after it. A 429 (Slack's own
/// burst rules, another app) holds its key for `Retry-After`, for every call on it.
///
/// Clones share their state: give one pacer to several clients to pace them together.
#[derive(Clone)]
pub struct MemoryPacer {
    shared: Arc<Shared>,
}

struct Shared {
    keys: Mutex<Keys>,
    overrides: Overrides,
    minute: Duration,
    tickets: AtomicU64,
}

struct Keys {
    map: HashMap<String, KeyState>,
    sweep_at: usize,
}

impl fmt::Debug for MemoryPacer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MemoryPacer")
            .field("minute", &self.shared.minute)
            .field("keys", &self.tracked_keys())
            .finish_non_exhaustive()
    }
}

impl Default for MemoryPacer {
    fn default() -> Self {
        MemoryPacer::new()
    }
}

impl MemoryPacer {
    /// A pacer with Slack's limits on a real minute.
    pub fn new() -> MemoryPacer {
        MemoryPacer::with_minute(Duration::from_secs(60))
    }

    /// A pacer whose "minute" is `minute` long, every limit scaling with it: for tests
    /// against a local Slack whose minute is as short (`slack_emulator::RateLimits::scaled`).
    pub fn with_minute(minute: Duration) -> MemoryPacer {
        MemoryPacer {
            shared: Arc::new(Shared {
                keys: Mutex::new(Keys {
                    map: HashMap::new(),
                    sweep_at: FIRST_SWEEP,
                }),
                overrides: Overrides::default(),
                minute: minute.max(Duration::from_millis(1)),
                tickets: AtomicU64::new(0),
            }),
        }
    }

    /// Paces `method` at `limit` from now on instead of the spec's limit; `None` leaves it
    /// unpaced. For example Slack's 1 call a minute for `conversations.history` and
    /// `conversations.replies` for apps outside the Marketplace installed since 2025-05-29,
    /// which the client cannot tell: `set_limit("conversations.history", Limit::per_minute(1))`.
    pub fn set_limit(&self, method: &str, limit: Option<Limit>) {
        self.shared.overrides.set(method, limit);
    }

    /// Goes back to the spec's limit for `method`.
    pub fn clear_limit(&self, method: &str) {
        self.shared.overrides.clear(method);
    }

    /// The limit a call on `key` is paced at, if any.
    pub fn limit_for(&self, key: &PaceKey<'_>) -> Option<Limit> {
        self.shared.overrides.limit(key.method, &key.rate_limit)
    }

    /// The length of this pacer's minute.
    pub fn minute(&self) -> Duration {
        self.shared.minute
    }

    /// How many keys are remembered now (idle ones are forgotten from time to time).
    pub fn tracked_keys(&self) -> usize {
        self.shared.lock().map.len()
    }

    /// Waits for the turn of a call on `key` (in this process only): what [`Pacer::pace`]
    /// does, for other pacers that fall back on this one.
    pub fn wait_turn<'a>(&'a self, key: &PaceKey<'_>) -> PaceFuture<'a> {
        let limit = self.limit_for(key);
        let name = key.name();
        let now = Instant::now();
        let ticket = self.shared.tickets.fetch_add(1, Ordering::Relaxed);
        match self.shared.reserve(&name, limit, now, ticket) {
            None => Box::pin(std::future::ready(())),
            Some(notify) => Box::pin(
                Waiting {
                    shared: &self.shared,
                    name,
                    ticket,
                    done: false,
                }
                .wait(notify),
            ),
        }
    }

    /// Holds `key` until `until`: what [`Pacer::rate_limited`] does.
    pub fn hold(&self, key: &PaceKey<'_>, retry_after: Duration) {
        let now = Instant::now();
        let mut keys = self.shared.lock();
        keys.map
            .entry(key.name())
            .or_insert_with(|| KeyState::new(now))
            .hold(now + retry_after);
    }
}

impl Pacer for MemoryPacer {
    fn pace<'a>(&'a self, key: &'a PaceKey<'a>) -> PaceFuture<'a> {
        self.wait_turn(key)
    }

    fn rate_limited(&self, key: &PaceKey<'_>, retry_after: Duration) {
        self.hold(key, retry_after);
    }

    fn wants_workspace(&self, key: &PaceKey<'_>) -> bool {
        self.limit_for(key).is_some()
    }
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Keys> {
        self.keys.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Takes a turn on the key: `None` to go now, else what to listen to while waiting.
    fn reserve(
        &self,
        name: &str,
        limit: Option<Limit>,
        now: Instant,
        ticket: u64,
    ) -> Option<Arc<Notify>> {
        let mut keys = self.lock();
        let Some(limit) = limit else {
            // Not paced: it waits only for a 429's hold on its key, if there is one.
            let state = keys.map.get_mut(name)?;
            state.reserve_unpaced(now, ticket)?;
            return Some(state.notify.clone());
        };
        if !keys.map.contains_key(name) {
            keys.sweep(now);
            keys.map.insert(name.to_owned(), KeyState::new(now));
        }
        let state = keys.map.get_mut(name)?;
        let (interval, tolerance) = (limit.interval(self.minute), limit.tolerance(self.minute));
        state.reserve(now, interval, tolerance, ticket)?;
        Some(state.notify.clone())
    }
}

impl Keys {
    /// Forgets idle keys once the map has doubled since the last sweep: amortised O(1).
    fn sweep(&mut self, now: Instant) {
        if self.map.len() < self.sweep_at {
            return;
        }
        self.map.retain(|_, state| !state.is_idle(now));
        self.sweep_at = (self.map.len() * 2).max(FIRST_SWEEP);
    }
}

/// A call waiting for its turn; dropped before it, it gives the turn back.
struct Waiting<'a> {
    shared: &'a Shared,
    name: String,
    ticket: u64,
    done: bool,
}

impl Waiting<'_> {
    async fn wait(mut self, notify: Arc<Notify>) {
        loop {
            let notified = notify.notified();
            futures_util::pin_mut!(notified);
            notified.as_mut().enable();
            let turn = {
                let mut keys = self.shared.lock();
                let Some(state) = keys.map.get_mut(&self.name) else {
                    break;
                };
                match state.turn_of(self.ticket) {
                    Some(turn) if turn > Instant::now() => turn,
                    _ => {
                        state.went(self.ticket);
                        break;
                    }
                }
            };
            let sleep = tokio::time::sleep_until(turn);
            futures_util::pin_mut!(sleep);
            // The turn has come, or it moved: look again either way.
            let _ = select(sleep, notified).await;
        }
        self.done = true;
    }
}

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        if !self.done {
            if let Some(state) = self.shared.lock().map.get_mut(&self.name) {
                state.give_back(self.ticket, Instant::now());
            }
        }
    }
}

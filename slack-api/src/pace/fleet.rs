//! A pacer shared by a fleet of processes through Redis (the `redis` feature).

use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use redis::aio::MultiplexedConnection;
use tokio::time::Instant;

use super::limit::Limit;
use super::{MemoryPacer, PaceFuture, PaceKey, Pacer};

/// The script behind every decision: GCRA on the Redis server's clock.
const GCRA_LUA: &str = include_str!("gcra.lua");

/// Paces the calls of every process that shares one Redis as one: each decision is one
/// atomic Lua script (GCRA, as [`MemoryPacer`] does, on the Redis server's clock), so a
/// fleet of bot workers keeps to Slack's limits together.
///
/// Keys are `<prefix>:{<team>}:<method>[:<channel>]`: the hash tag `{<team>}` keeps a
/// workspace's keys in one slot, so the same keys work on Redis Cluster. A key lives only
/// as long as its state matters (a `PX` expiry), so Redis holds only active keys. Calls
/// whose workspace is not known (the team of their token could not be learned) are paced
/// in this process only.
///
/// Every Redis call has a [timeout](RedisPacerBuilder::timeout). When Redis is down, slow
/// or refuses, calls are paced in this process (a [`MemoryPacer`]) with a `tracing`
/// warning, Redis is left alone for a [pause](RedisPacerBuilder::pause), and shared pacing
/// resumes by itself once Redis answers again. A 429 holds its key both here and in Redis.
/// A call dropped while waiting gives its turn back when it was the key's last one.
#[derive(Clone)]
pub struct RedisPacer {
    shared: Arc<Shared>,
}

struct Shared {
    client: redis::Client,
    connection: Mutex<Option<MultiplexedConnection>>,
    script: redis::Script,
    local: MemoryPacer,
    prefix: String,
    timeout: Duration,
    pause: Duration,
    /// Redis is not asked before this instant (after a failure).
    skip_until: Mutex<Option<Instant>>,
    /// Whether calls are being paced locally because Redis failed.
    degraded: AtomicBool,
}

impl fmt::Debug for RedisPacer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisPacer")
            .field("prefix", &self.shared.prefix)
            .field("timeout", &self.shared.timeout)
            .field("degraded", &self.shared.degraded.load(Ordering::Relaxed))
            .finish_non_exhaustive()
    }
}

/// Settings of a [`RedisPacer`]; see [`RedisPacer::builder`].
#[derive(Debug, Clone)]
pub struct RedisPacerBuilder {
    url: String,
    minute: Duration,
    timeout: Duration,
    pause: Duration,
    prefix: String,
}

impl RedisPacerBuilder {
    /// The length of the pacer's minute (default 60 s), for tests against a local Slack
    /// with a shorter one.
    #[must_use]
    pub fn minute(mut self, minute: Duration) -> Self {
        self.minute = minute;
        self
    }

    /// The longest wait for each Redis call, connecting included (default 250 ms); past
    /// it, the call is paced locally.
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// How long Redis is left alone after it failed (default 1 s).
    #[must_use]
    pub fn pause(mut self, pause: Duration) -> Self {
        self.pause = pause;
        self
    }

    /// The start of every key (default `slack:pace`), to share one Redis between apps.
    #[must_use]
    pub fn prefix(mut self, prefix: impl Into<String>) -> Self {
        self.prefix = prefix.into();
        self
    }

    /// The pacer. Fails only on a URL that is not a Redis URL; Redis need not be up.
    pub fn build(self) -> Result<RedisPacer, redis::RedisError> {
        let client = redis::Client::open(self.url.as_str())?;
        Ok(RedisPacer {
            shared: Arc::new(Shared {
                client,
                connection: Mutex::new(None),
                script: redis::Script::new(GCRA_LUA),
                local: MemoryPacer::with_minute(self.minute),
                prefix: self.prefix,
                timeout: self.timeout,
                pause: self.pause,
                skip_until: Mutex::new(None),
                degraded: AtomicBool::new(false),
            }),
        })
    }
}

impl RedisPacer {
    /// Settings for a pacer on the Redis at `url` (`redis://127.0.0.1:6379/`).
    pub fn builder(url: impl Into<String>) -> RedisPacerBuilder {
        RedisPacerBuilder {
            url: url.into(),
            minute: Duration::from_secs(60),
            timeout: Duration::from_millis(250),
            pause: Duration::from_secs(1),
            prefix: "slack:pace".into(),
        }
    }

    /// The local pacer used when Redis fails (and for calls of no known workspace). Its
    /// [`set_limit`](MemoryPacer::set_limit) overrides a method's limit for both.
    pub fn local(&self) -> &MemoryPacer {
        &self.shared.local
    }

    /// Whether calls are paced locally now because Redis failed.
    pub fn is_degraded(&self) -> bool {
        self.shared.degraded.load(Ordering::Relaxed)
    }

    /// The Redis key of `key`, when it can be shared (its workspace is known).
    pub fn redis_key(&self, key: &PaceKey<'_>) -> Option<String> {
        let team = key.workspace?;
        let mut name = format!("{}:{{{team}}}:{}", self.shared.prefix, key.method);
        if let Some(value) = key.per_value {
            name.push(':');
            name.push_str(value);
        }
        Some(name)
    }
}

impl Pacer for RedisPacer {
    fn pace<'a>(&'a self, key: &'a PaceKey<'a>) -> PaceFuture<'a> {
        let shared = &self.shared;
        let (Some(limit), Some(name)) = (shared.local.limit_for(key), self.redis_key(key)) else {
            return shared.local.wait_turn(key);
        };
        Box::pin(async move {
            let Some((wait, tat)) = shared.decide("take", &name, limit, 0).await else {
                return shared.local.wait_turn(key).await;
            };
            if wait > 0 {
                let give_back = GiveBack {
                    shared: shared.clone(),
                    name,
                    limit,
                    tat: Some(tat),
                };
                tokio::time::sleep(Duration::from_micros(wait)).await;
                give_back.done();
            }
        })
    }

    fn rate_limited(&self, key: &PaceKey<'_>, retry_after: Duration) {
        let shared = &self.shared;
        shared.local.hold(key, retry_after);
        let (Some(limit), Some(name)) = (shared.local.limit_for(key), self.redis_key(key)) else {
            return;
        };
        let micros = u64::try_from(retry_after.as_micros()).unwrap_or(u64::MAX);
        let shared = shared.clone();
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(async move { shared.decide("hold", &name, limit, micros).await });
        }
    }

    fn wants_workspace(&self, key: &PaceKey<'_>) -> bool {
        self.shared.local.wants_workspace(key)
    }
}

impl Shared {
    /// Runs the script: the wait in µs and the key's new `tat`, or `None` when Redis
    /// failed (then the call is paced locally).
    async fn decide(&self, op: &str, name: &str, limit: Limit, arg: u64) -> Option<(u64, u64)> {
        if self.skipping() {
            return None;
        }
        let interval = limit.interval(self.local.minute()).as_micros();
        let tolerance = limit.tolerance(self.local.minute()).as_micros();
        let result = tokio::time::timeout(self.timeout, async {
            let mut connection = self.connection().await?;
            let mut invocation = self.script.key(name);
            invocation
                .arg(op)
                .arg(interval as u64)
                .arg(tolerance as u64)
                .arg(arg);
            invocation.invoke_async::<(u64, u64)>(&mut connection).await
        })
        .await;
        match result {
            Ok(Ok(answer)) => {
                if self.degraded.swap(false, Ordering::Relaxed) {
                    tracing::info!("Redis answers again: shared pacing resumed");
                }
                Some(answer)
            }
            Ok(Err(error)) => self.failed(&error.to_string()),
            Err(_) => self.failed("timed out"),
        }
    }

    async fn connection(&self) -> redis::RedisResult<MultiplexedConnection> {
        let existing = self
            .connection
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        if let Some(connection) = existing {
            return Ok(connection);
        }
        let connection = self.client.get_multiplexed_async_connection().await?;
        *self.connection.lock().unwrap_or_else(|e| e.into_inner()) = Some(connection.clone());
        Ok(connection)
    }

    fn skipping(&self) -> bool {
        let skip = self.skip_until.lock().unwrap_or_else(|e| e.into_inner());
        skip.is_some_and(|until| Instant::now() < until)
    }

    /// Redis failed: pace locally, leave Redis alone for a pause, warn once per outage.
    fn failed<T>(&self, reason: &str) -> Option<T> {
        *self.connection.lock().unwrap_or_else(|e| e.into_inner()) = None;
        *self.skip_until.lock().unwrap_or_else(|e| e.into_inner()) =
            Some(Instant::now() + self.pause);
        if !self.degraded.swap(true, Ordering::Relaxed) {
            tracing::warn!(
                reason,
                "Redis failed: pacing in this process only until it answers"
            );
        }
        None
    }
}

/// A call waiting for its turn in Redis; dropped before it, it gives the turn back.
struct GiveBack {
    shared: Arc<Shared>,
    name: String,
    limit: Limit,
    tat: Option<u64>,
}

impl GiveBack {
    fn done(mut self) {
        self.tat = None;
    }
}

impl Drop for GiveBack {
    fn drop(&mut self) {
        let Some(tat) = self.tat else { return };
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return;
        };
        let (shared, name, limit) = (
            self.shared.clone(),
            std::mem::take(&mut self.name),
            self.limit,
        );
        runtime.spawn(async move { shared.decide("give", &name, limit, tat).await });
    }
}

//! The duplicate-delivery filter shared by several receivers through Redis (the `redis`
//! feature).

use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use redis::aio::MultiplexedConnection;

use crate::receiver::DEFAULT_RECENT_IDS;
use crate::recent::{DeliveryFilter, FilterFuture, MemoryFilter};

/// Hands each event over once across every receiver sharing one Redis: the first to record
/// an `event_id` (`SET <prefix>:<event_id> 1 NX EX <window>`, one atomic command) handles
/// it, the others drop it. The window (default 10 minutes) passes Slack's last retry, about
/// five minutes after the first delivery; Redis forgets each id after it, so memory stays
/// bounded.
///
/// Every Redis call has a timeout (default 250 ms). When Redis is down, slow or refuses,
/// the receiver filters in its own process (a [`MemoryFilter`]) with one `tracing`
/// warning per outage, and goes back to Redis at the next event.
#[derive(Clone)]
pub struct RedisFilter {
    shared: Arc<Shared>,
}

struct Shared {
    client: redis::Client,
    connection: Mutex<Option<MultiplexedConnection>>,
    local: MemoryFilter,
    prefix: String,
    window: Duration,
    timeout: Duration,
    degraded: AtomicBool,
}

impl fmt::Debug for RedisFilter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisFilter")
            .field("prefix", &self.shared.prefix)
            .field("window", &self.shared.window)
            .field("timeout", &self.shared.timeout)
            .finish_non_exhaustive()
    }
}

impl RedisFilter {
    /// A filter on the Redis at `url` (`redis://127.0.0.1:6379/`), with keys
    /// `slack:event:<event_id>`. Fails only on a URL that is not a Redis URL.
    pub fn new(url: &str) -> Result<RedisFilter, redis::RedisError> {
        RedisFilter::with_settings(
            url,
            "slack:event",
            Duration::from_secs(600),
            Duration::from_millis(250),
        )
    }

    /// A filter with its key prefix, its window and the timeout of each Redis call.
    pub fn with_settings(
        url: &str,
        prefix: &str,
        window: Duration,
        timeout: Duration,
    ) -> Result<RedisFilter, redis::RedisError> {
        Ok(RedisFilter {
            shared: Arc::new(Shared {
                client: redis::Client::open(url)?,
                connection: Mutex::new(None),
                local: MemoryFilter::new(DEFAULT_RECENT_IDS),
                prefix: prefix.to_owned(),
                window: window.max(Duration::from_secs(1)),
                timeout,
                degraded: AtomicBool::new(false),
            }),
        })
    }

    /// Whether events are filtered in this process only now, because Redis failed.
    pub fn is_degraded(&self) -> bool {
        self.shared.degraded.load(Ordering::Relaxed)
    }
}

impl DeliveryFilter for RedisFilter {
    fn first_delivery<'a>(&'a self, id: &'a str) -> FilterFuture<'a> {
        Box::pin(async move {
            let shared = &self.shared;
            // Also remembered here, for the time Redis may be away.
            let local = shared.local.insert(id);
            match tokio::time::timeout(shared.timeout, shared.record(id)).await {
                Ok(Ok(first)) => {
                    if shared.degraded.swap(false, Ordering::Relaxed) {
                        tracing::info!(
                            "Redis answers again: duplicate deliveries filtered across receivers"
                        );
                    }
                    first
                }
                Ok(Err(error)) => shared.failed(&error.to_string(), local),
                Err(_) => shared.failed("timed out", local),
            }
        })
    }
}

impl Shared {
    /// `SET NX EX`: whether this receiver is the first to record `id`.
    async fn record(&self, id: &str) -> redis::RedisResult<bool> {
        let mut connection = self.connection().await?;
        let set: Option<String> = redis::cmd("SET")
            .arg(format!("{}:{id}", self.prefix))
            .arg(1)
            .arg("NX")
            .arg("EX")
            .arg(self.window.as_secs())
            .query_async(&mut connection)
            .await?;
        Ok(set.is_some())
    }

    async fn connection(&self) -> redis::RedisResult<MultiplexedConnection> {
        let existing = self
            .connection
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        if let Some(connection) = existing {
            return Ok(connection);
        }
        let connection = self.client.get_multiplexed_async_connection().await?;
        *self
            .connection
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = Some(connection.clone());
        Ok(connection)
    }

    /// Redis failed: this process's own answer, one warning per outage.
    fn failed(&self, reason: &str, local: bool) -> bool {
        *self
            .connection
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = None;
        if !self.degraded.swap(true, Ordering::Relaxed) {
            tracing::warn!(
                reason,
                "Redis failed: duplicate deliveries filtered in this process only"
            );
        }
        local
    }
}

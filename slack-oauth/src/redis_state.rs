//! Redeemed states shared by several instances of an app through Redis (the `redis`
//! feature): a state issued by one instance and redeemed at another is valid once.

use std::fmt;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, SystemTime};

use redis::aio::MultiplexedConnection;
use redis::AsyncConnectionConfig;

use crate::{BoxFuture, StateStore, StoreError};

/// The longest a redeemed nonce is kept: a century, past any state's lifetime a `Duration`
/// can set (Redis refuses an expiry that overflows its clock).
const MAX_KEEP: Duration = Duration::from_secs(100 * 365 * 24 * 3600);

/// A [`StateStore`] in Redis, for an app that runs several instances behind a load
/// balancer: the OAuth redirect may reach another instance than the one that issued the
/// state.
///
/// Redeeming a nonce is one atomic command, `SET <prefix>:<nonce> 1 NX PX <ms>`: of any
/// number of instances redeeming the same state at once, exactly one succeeds. The key
/// expires when the state does (the time left until its expiry, on the checker's clock),
/// so Redis holds at most the states redeemed within one state lifetime.
///
/// **Fails closed.** Every Redis call has a timeout (default 1 s, connecting included).
/// When Redis is down, slow or refuses, the state is refused with
/// [`StateError::Store`](crate::StateError::Store) (and [`Installer::callback`] with
/// [`Error::State`](crate::Error::State)), never accepted: a state this store cannot record
/// could be redeemed again elsewhere. The user starts the install again once Redis is back;
/// the store reconnects on the next call. A Redis without persistence forgets redeemed
/// states when it restarts: their signature and expiry still bound a replay to the
/// state's lifetime.
///
/// [`Installer::callback`]: crate::Installer::callback
///
/// ```no_run
/// # fn run() -> Result<(), Box<dyn std::error::Error>> {
/// use slack_oauth::{Installer, MemoryInstallationStore, RedisStateStore};
/// let installer = Installer::builder(
///     slack_api::ClientCredentials::new("123.456", "client-secret"),
///     b"a long random state secret, the same on every instance",
///     MemoryInstallationStore::new(),
/// )
/// .state_store(RedisStateStore::new("redis://127.0.0.1:6379/")?)
/// .build()?;
/// # Ok(()) }
/// ```
pub struct RedisStateStore {
    client: redis::Client,
    connection: Mutex<Option<MultiplexedConnection>>,
    prefix: String,
    timeout: Duration,
}

impl fmt::Debug for RedisStateStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The URL may carry a password: left out.
        f.debug_struct("RedisStateStore")
            .field("prefix", &self.prefix)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

/// The timeout of each Redis call unless set: 1 second.
pub const DEFAULT_REDIS_STATE_TIMEOUT: Duration = Duration::from_secs(1);

impl RedisStateStore {
    /// A store on the Redis at `url` (`redis://127.0.0.1:6379/`), with keys
    /// `slack:oauth-state:<nonce>`. Fails only on a URL that is not a Redis URL; it
    /// connects on first use.
    pub fn new(url: &str) -> Result<RedisStateStore, redis::RedisError> {
        Ok(RedisStateStore {
            client: redis::Client::open(url)?,
            connection: Mutex::new(None),
            prefix: "slack:oauth-state".into(),
            timeout: DEFAULT_REDIS_STATE_TIMEOUT,
        })
    }

    /// The keys' prefix (`<prefix>:<nonce>`): one per app sharing a Redis.
    #[must_use]
    pub fn prefix(mut self, prefix: impl Into<String>) -> Self {
        self.prefix = prefix.into();
        self
    }

    /// How long a redemption may take, connecting included, before the state is refused.
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// `SET NX PX`: whether this call is the first to record `nonce`.
    async fn record(&self, nonce: &str, keep: Duration) -> redis::RedisResult<bool> {
        let mut connection = self.connection().await?;
        let set: Option<String> = redis::cmd("SET")
            .arg(format!("{}:{nonce}", self.prefix))
            .arg(1)
            .arg("NX")
            .arg("PX")
            .arg(keep_millis(keep))
            .query_async(&mut connection)
            .await?;
        Ok(set.is_some())
    }

    /// The shared connection, opened on first use (and again after a failure).
    async fn connection(&self) -> redis::RedisResult<MultiplexedConnection> {
        let existing = self
            .connection
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        if let Some(connection) = existing {
            return Ok(connection);
        }
        let config = AsyncConnectionConfig::new()
            .set_connection_timeout(Some(self.timeout))
            .set_response_timeout(Some(self.timeout));
        let connection = self
            .client
            .get_multiplexed_async_connection_with_config(&config)
            .await?;
        *self
            .connection
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = Some(connection.clone());
        Ok(connection)
    }

    /// Redis failed: the connection is dropped (the next call opens a new one) and the
    /// state refused.
    fn failed(&self, reason: &str) -> StoreError {
        *self
            .connection
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = None;
        StoreError(format!("Redis state store: {reason}; the state is refused"))
    }
}

/// The key's lifetime in milliseconds: at least 1 (Redis refuses 0), at most [`MAX_KEEP`].
fn keep_millis(keep: Duration) -> u64 {
    keep.min(MAX_KEEP).as_millis().max(1) as u64
}

impl StateStore for RedisStateStore {
    fn redeem<'a>(
        &'a self,
        nonce: &'a str,
        now: SystemTime,
        expires_at: SystemTime,
    ) -> BoxFuture<'a, Result<bool, StoreError>> {
        Box::pin(async move {
            let keep = expires_at.duration_since(now).unwrap_or_default();
            match tokio::time::timeout(self.timeout, self.record(nonce, keep)).await {
                Ok(Ok(first)) => Ok(first),
                Ok(Err(error)) => Err(self.failed(&error.to_string())),
                Err(_) => Err(self.failed(&format!("timed out after {:?}", self.timeout))),
            }
        })
    }
}

//! Pacing: before each try of a call (retries included), the client asks its [`Pacer`]
//! (by default a [`MemoryPacer`]; another with [`ClientBuilder::pacer`](crate::ClientBuilder::pacer),
//! none with [`ClientBuilder::pacing`](crate::ClientBuilder::pacing)`(false)`), which may
//! wait, keyed by the workspace, the token (a one-way key, never the token), the method and
//! its rate limit, and for a per-channel limit the channel. Without one, nothing is asked and
//! nothing costs.

use std::fmt;
use std::future::Future;
use std::hash::{BuildHasher, Hasher};
use std::pin::Pin;
use std::sync::OnceLock;
use std::time::Duration;

use crate::{MethodMeta, RateLimit};

#[cfg(feature = "redis")]
mod fleet;
mod gcra;
mod limit;
mod memory;

#[cfg(feature = "redis")]
pub use fleet::{RedisPacer, RedisPacerBuilder};
pub use limit::Limit;
pub use memory::MemoryPacer;

/// A future a [`Pacer`] gives: the call waits for it before it is sent.
pub type PaceFuture<'a> = Pin<Box<dyn Future<Output = ()> + Send + 'a>>;

/// Decides when each try of a call may go: a rate limiter. `pace` is awaited before every
/// try (the first and each retry); the request is sent when its future completes.
pub trait Pacer: Send + Sync + 'static {
    /// Waits until a try on `key` may go. Dropping the future gives its turn up.
    fn pace<'a>(&'a self, key: &'a PaceKey<'a>) -> PaceFuture<'a>;

    /// Slack answered a try on `key` with HTTP 429: nothing on `key` should go for
    /// `retry_after` (the client still waits and retries as its retry policy says).
    fn rate_limited(&self, key: &PaceKey<'_>, retry_after: Duration) {
        let _ = (key, retry_after);
    }

    /// Whether pacing `key` needs its [`workspace`](PaceKey::workspace): the client then
    /// learns the token's team (once per token, through `auth.test`) before pacing.
    fn wants_workspace(&self, key: &PaceKey<'_>) -> bool {
        let _ = key;
        false
    }
}

/// What a try is paced by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct PaceKey<'a> {
    /// The token's one-way key.
    pub token: TokenKey,
    /// The workspace (team id) the call counts against, when the pacer
    /// [wants it](Pacer::wants_workspace) and it is known: the token's team, or for an
    /// Enterprise organization's token the call's `team_id` argument.
    pub workspace: Option<&'a str>,
    /// The method's name (also for a method the spec does not know).
    pub method: &'a str,
    /// The method's rate limit (`Undocumented` for a method the spec does not know).
    pub rate_limit: RateLimit,
    /// For a limit counted per the value of an argument (`RateLimit::Special { per:
    /// Some("channel"), .. }`), that argument's value in this call, when it is a string.
    pub per_value: Option<&'a str>,
    /// Which try this is: 1 for the first.
    pub attempt: u32,
}

impl<'a> PaceKey<'a> {
    pub(crate) fn new(
        token: TokenKey,
        method: &'a str,
        meta: &MethodMeta,
        params: &'a crate::Params<'_>,
    ) -> Self {
        let per_value = match meta.rate_limit {
            RateLimit::Special { per: Some(per), .. } => {
                params.get(per).and_then(crate::ParamValue::as_str)
            }
            _ => None,
        };
        PaceKey {
            token,
            workspace: None,
            method,
            rate_limit: meta.rate_limit,
            per_value,
            attempt: 1,
        }
    }
}

impl<'a> PaceKey<'a> {
    /// A key for a call of `method` with `rate_limit` (the method's `META.rate_limit`), on
    /// no known workspace, per no argument, first try: for pacers' own tests and tools.
    pub fn custom(token: TokenKey, method: &'a str, rate_limit: RateLimit) -> Self {
        PaceKey {
            token,
            workspace: None,
            method,
            rate_limit,
            per_value: None,
            attempt: 1,
        }
    }

    /// The same key on `workspace`.
    #[must_use]
    pub fn with_workspace(self, workspace: Option<&'a str>) -> Self {
        PaceKey { workspace, ..self }
    }

    /// The same key for this value of the per-argument limit (a channel).
    #[must_use]
    pub fn with_per_value(self, per_value: Option<&'a str>) -> Self {
        PaceKey { per_value, ..self }
    }

    /// The key's name: workspace (or the token's one-way key), method and per-argument
    /// value, separated by `|`.
    pub fn name(&self) -> String {
        use std::fmt::Write;
        let mut name = String::with_capacity(48);
        match self.workspace {
            Some(team) => name.push_str(team),
            None => {
                let _ = write!(name, "{:?}", self.token);
            }
        }
        name.push('|');
        name.push_str(self.method);
        if let Some(value) = self.per_value {
            name.push('|');
            name.push_str(value);
        }
        name
    }
}

/// A one-way key for a token: the same token gives the same key within a process, and the
/// key cannot be turned back into the token (a keyed hash with a random key per process).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TokenKey(u64);

impl TokenKey {
    pub fn of(token: &str) -> TokenKey {
        static KEY: OnceLock<std::collections::hash_map::RandomState> = OnceLock::new();
        let mut hasher = KEY.get_or_init(Default::default).build_hasher();
        hasher.write(token.as_bytes());
        TokenKey(hasher.finish())
    }
}

impl fmt::Debug for TokenKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TokenKey({:016x})", self.0)
    }
}

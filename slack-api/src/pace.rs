//! The pacing hook: before each try of a call (retries included), the client asks a
//! [`Pacer`] set with [`ClientBuilder::pacer`](crate::ClientBuilder::pacer), which may
//! wait, keyed by the token (a one-way key, never the token), the method and its rate limit,
//! and for a per-channel limit the channel. Without one, nothing is asked and nothing costs.

use std::fmt;
use std::future::Future;
use std::hash::{BuildHasher, Hasher};
use std::pin::Pin;
use std::sync::OnceLock;

use crate::{MethodMeta, RateLimit};

/// A future a [`Pacer`] gives: the call waits for it before it is sent.
pub type PaceFuture<'a> = Pin<Box<dyn Future<Output = ()> + Send + 'a>>;

/// Decides when each try of a call may go: a rate limiter. `pace` is awaited before every
/// try (the first and each retry); the request is sent when its future completes.
pub trait Pacer: Send + Sync + 'static {
    fn pace<'a>(&'a self, key: &'a PaceKey<'a>) -> PaceFuture<'a>;
}

/// What a try is paced by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct PaceKey<'a> {
    /// The token's one-way key.
    pub token: TokenKey,
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
            method,
            rate_limit: meta.rate_limit,
            per_value,
            attempt: 1,
        }
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

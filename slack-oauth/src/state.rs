//! The `state` parameter: signed (HMAC-SHA256), expiring, single-use.
//!
//! A state is `<nonce>.<issued>.<signature>`: 128 random bits in hex, the Unix second it
//! was issued, and the HMAC-SHA256 of both under the app's secret, in hex. Checking it
//! parses it (else [`StateError::Malformed`]), checks the signature in constant time
//! ([`StateError::Forged`]), its age ([`StateError::Expired`]), and records its nonce in a
//! [`StateStore`] as redeemed ([`StateError::Reused`] the second time).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::{BoxFuture, Clock, StoreError, SystemClock};

/// Why a state was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum StateError {
    #[error("the state is not one this app issued (bad signature)")]
    Forged,
    #[error("the state has expired")]
    Expired,
    #[error("the state was already used")]
    Reused,
    #[error("the state is malformed")]
    Malformed,
    #[error("the state store failed: {0}")]
    Store(#[from] StoreError),
}

/// Remembers which states were redeemed, for as long as they would be valid. Object-safe
/// and async, so that a shared store (Redis, for several instances) can stand behind it.
pub trait StateStore: Send + Sync + 'static {
    /// Records `nonce` as redeemed until `expires_at` (it may be forgotten after that);
    /// `Ok(false)` when it was already recorded. `now` is the checker's clock.
    fn redeem<'a>(
        &'a self,
        nonce: &'a str,
        now: SystemTime,
        expires_at: SystemTime,
    ) -> BoxFuture<'a, Result<bool, StoreError>>;
}

/// A [`StateStore`] in memory: for one process. Entries past their expiry are dropped as
/// new ones come.
#[derive(Debug, Default)]
pub struct MemoryStateStore(Mutex<HashMap<String, SystemTime>>);

impl MemoryStateStore {
    pub fn new() -> Self {
        Self::default()
    }
}

impl StateStore for MemoryStateStore {
    fn redeem<'a>(
        &'a self,
        nonce: &'a str,
        now: SystemTime,
        expires_at: SystemTime,
    ) -> BoxFuture<'a, Result<bool, StoreError>> {
        let mut seen = self.0.lock().unwrap_or_else(|e| e.into_inner());
        seen.retain(|_, until| *until > now);
        let fresh = seen.insert(nonce.to_owned(), expires_at).is_none();
        Box::pin(std::future::ready(Ok(fresh)))
    }
}

/// Issues and checks states.
///
/// ```
/// # async fn run() -> Result<(), slack_oauth::StateError> {
/// use slack_oauth::{MemoryStateStore, StateError, StateSigner};
/// let signer = StateSigner::new(b"a long random secret", MemoryStateStore::new());
/// let state = signer.issue();
/// signer.verify(&state).await?;
/// assert_eq!(signer.verify(&state).await, Err(StateError::Reused));
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct StateSigner {
    pub(crate) secret: Arc<[u8]>,
    pub(crate) ttl: Duration,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) store: Arc<dyn StateStore>,
}

impl std::fmt::Debug for StateSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StateSigner")
            .field("secret", &"<redacted>")
            .field("ttl", &self.ttl)
            .finish_non_exhaustive()
    }
}

/// How long a state is valid unless set: 10 minutes.
pub const DEFAULT_STATE_TTL: Duration = Duration::from_secs(600);

impl StateSigner {
    /// A signer with this secret (keep it long and random), states valid for 10 minutes.
    pub fn new(secret: impl AsRef<[u8]>, store: impl StateStore) -> Self {
        StateSigner {
            secret: secret.as_ref().into(),
            ttl: DEFAULT_STATE_TTL,
            clock: Arc::new(SystemClock),
            store: Arc::new(store),
        }
    }

    /// How long a state stays valid.
    #[must_use]
    pub fn ttl(mut self, ttl: Duration) -> Self {
        self.ttl = ttl;
        self
    }

    /// Another clock (tests).
    #[must_use]
    pub fn clock(mut self, clock: impl Clock) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    fn mac(&self, payload: &str) -> Hmac<Sha256> {
        let mut mac =
            Hmac::<Sha256>::new_from_slice(&self.secret).expect("HMAC takes a key of any size");
        mac.update(b"slack-oauth-state:v1:");
        mac.update(payload.as_bytes());
        mac
    }

    /// A new state.
    pub fn issue(&self) -> String {
        let mut nonce = [0u8; 16];
        // Without the OS's randomness, the time and a counter still make nonces unique;
        // the signature, not the nonce, is what cannot be forged.
        if getrandom::getrandom(&mut nonce).is_err() {
            nonce = fallback_nonce();
        }
        let issued = unix(self.clock.now());
        let payload = format!("{}.{issued}", hex(&nonce));
        let signature = hex(&self.mac(&payload).finalize().into_bytes());
        format!("{payload}.{signature}")
    }

    /// Checks a state and redeems it: it is valid once.
    pub async fn verify(&self, state: &str) -> Result<(), StateError> {
        let (payload, signature) = state.rsplit_once('.').ok_or(StateError::Malformed)?;
        let (nonce, issued) = payload.split_once('.').ok_or(StateError::Malformed)?;
        let signature = unhex(signature).ok_or(StateError::Malformed)?;
        let issued: u64 = issued.parse().map_err(|_| StateError::Malformed)?;
        if nonce.len() != 32 || unhex(nonce).is_none() {
            return Err(StateError::Malformed);
        }
        self.mac(payload)
            .verify_slice(&signature)
            .map_err(|_| StateError::Forged)?;
        let now = self.clock.now();
        let issued_at = crate::clock::later(UNIX_EPOCH, Duration::from_secs(issued));
        let expires_at = crate::clock::later(issued_at, self.ttl);
        if expires_at <= now {
            return Err(StateError::Expired);
        }
        match self.store.redeem(nonce, now, expires_at).await? {
            true => Ok(()),
            false => Err(StateError::Reused),
        }
    }
}

fn unix(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

fn fallback_nonce() -> [u8; 16] {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNT: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    let mut out = [0u8; 16];
    out[..8].copy_from_slice(&nanos.to_le_bytes());
    out[8..].copy_from_slice(&COUNT.fetch_add(1, Ordering::Relaxed).to_le_bytes());
    out
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if text.len() % 2 != 0 || !text.is_ascii() {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).ok())
        .collect()
}

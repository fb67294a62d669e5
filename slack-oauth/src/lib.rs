//! Slack's OAuth v2 install flow for an app: the authorize URL ([`AuthorizeUrl`]), a
//! `state` that is signed, expiring and single-use ([`StateSigner`], [`StateStore`]), the
//! code exchange through `oauth.v2.access` with the client credentials in HTTP Basic,
//! installations kept in an [`InstallationStore`] (in memory, or SQLite with the feature
//! `sqlite`), and token rotation: [`Installer::token_for`] refreshes a token before it
//! expires, one refresh at a time per installation. With the feature `axum`,
//! `axum::routes` is the install and redirect handler pair; with the feature `redis`,
//! `RedisStateStore` shares redeemed states between several instances of an app.
//!
//! Secrets (tokens, refresh tokens, the client secret, the state secret, webhook URLs)
//! never appear in a `Debug` output, an error or a URL.

use std::future::Future;
use std::pin::Pin;

mod authorize;
mod clock;
mod installation;
mod installer;
mod state;
mod store;

#[cfg(feature = "axum")]
pub mod axum;
#[cfg(feature = "redis")]
mod redis_state;
#[cfg(feature = "sqlite")]
mod sqlite;

pub use authorize::{AuthorizeUrl, DEFAULT_AUTHORIZE_URL};
pub use clock::{Clock, ManualClock, SystemClock};
pub use installation::{IncomingWebhook, Installation, InstallationKey, Tokens};
pub use installer::{Installer, InstallerBuilder, DEFAULT_REFRESH_MARGIN};
#[cfg(feature = "redis")]
pub use redis_state::{RedisStateStore, DEFAULT_REDIS_STATE_TIMEOUT};
pub use slack_api::{ClientCredentials, Token};
#[cfg(feature = "sqlite")]
pub use sqlite::SqliteStore;
pub use state::{MemoryStateStore, StateError, StateSigner, StateStore, DEFAULT_STATE_TTL};
pub use store::{InstallationStore, MemoryInstallationStore, StoreError};

/// The future a store's method returns (the traits stay object-safe).
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Why an install or a token could not be had.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    #[error("state refused: {0}")]
    State(#[from] StateError),
    /// The user did not approve (Slack's `error` parameter, as `access_denied`).
    #[error("the installation was not approved: {0}")]
    Denied(String),
    #[error("oauth.v2.access failed: {0}")]
    Exchange(#[from] Box<slack_api::Error<slack_api::methods::OauthV2AccessError>>),
    #[error("oauth.v2.access answered without the installation's team, user or token")]
    IncompleteResponse,
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("no installation (or no such token) under this key")]
    NotInstalled,
    /// The refresh's task ended without an answer (it panicked or the runtime is
    /// shutting down).
    #[error("the token refresh did not finish: {0}")]
    Refresh(String),
    #[error("invalid URL: {0}")]
    InvalidUrl(String),
    #[error("cannot build the HTTP client: {0}")]
    Client(#[from] slack_api::BuildError),
}

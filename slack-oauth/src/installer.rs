//! The install flow and the tokens it keeps fresh: [`Installer`].

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use slack_api::{Client, ClientCredentials, Token};

use crate::{
    AuthorizeUrl, Clock, Error, Installation, InstallationKey, InstallationStore, MemoryStateStore,
    StateSigner, StateStore, SystemClock, Tokens,
};

/// How long before its expiry a rotating token is refreshed, unless set: 5 minutes.
pub const DEFAULT_REFRESH_MARGIN: Duration = Duration::from_secs(300);

/// Runs the OAuth v2 install flow for an app and keeps its tokens fresh.
///
/// ```no_run
/// # async fn run() -> Result<(), slack_oauth::Error> {
/// use slack_oauth::{Installer, InstallationKey, MemoryInstallationStore};
/// use slack_api::ClientCredentials;
///
/// let installer = Installer::builder(
///     ClientCredentials::new("123.456", "client-secret"),
///     b"a long random state secret",
///     MemoryInstallationStore::new(),
/// )
/// .scopes(["chat:write"])
/// .redirect_uri("https://app.example/slack/oauth_redirect")
/// .build()?;
/// let url = installer.install_url()?; // send the user there
/// // … Slack redirects back with `code` and `state`:
/// let installation = installer.callback("the code", "the state").await?;
/// let token = installer.token_for(&installation.key()).await?; // refreshed when due
/// # Ok(()) }
/// ```
pub struct Installer {
    credentials: ClientCredentials,
    /// The authorize URL but its state: the client id, scopes, redirect URI and page.
    authorize: AuthorizeUrl,
    client: Client,
    signer: StateSigner,
    store: Arc<dyn InstallationStore>,
    clock: Arc<dyn Clock>,
    refresh_margin: Duration,
    /// One refresh at a time per installation: callers wait on its lock.
    refreshing: Mutex<HashMap<InstallationKey, Arc<tokio::sync::Mutex<()>>>>,
}

impl std::fmt::Debug for Installer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Installer")
            .field("credentials", &self.credentials)
            .field("authorize", &self.authorize)
            .field("refresh_margin", &self.refresh_margin)
            .finish_non_exhaustive()
    }
}

/// Builds an [`Installer`]; see [`Installer::builder`].
#[must_use]
pub struct InstallerBuilder {
    credentials: ClientCredentials,
    state_secret: Vec<u8>,
    store: Arc<dyn InstallationStore>,
    state_store: Arc<dyn StateStore>,
    state_ttl: Duration,
    authorize: AuthorizeUrl,
    api_base: Option<String>,
    clock: Arc<dyn Clock>,
    refresh_margin: Duration,
}

impl Installer {
    /// The app's credentials, the secret that signs states, and where installations go.
    pub fn builder(
        credentials: ClientCredentials,
        state_secret: impl AsRef<[u8]>,
        store: impl InstallationStore,
    ) -> InstallerBuilder {
        InstallerBuilder {
            authorize: AuthorizeUrl::new(credentials.client_id()),
            credentials,
            state_secret: state_secret.as_ref().to_vec(),
            store: Arc::new(store),
            state_store: Arc::new(MemoryStateStore::new()),
            state_ttl: crate::state::DEFAULT_STATE_TTL,
            api_base: None,
            clock: Arc::new(SystemClock),
            refresh_margin: DEFAULT_REFRESH_MARGIN,
        }
    }
}

impl InstallerBuilder {
    /// The bot's scopes.
    pub fn scopes<S: Into<String>>(mut self, scopes: impl IntoIterator<Item = S>) -> Self {
        self.authorize = self.authorize.scopes(scopes);
        self
    }

    /// The installing user's scopes.
    pub fn user_scopes<S: Into<String>>(mut self, scopes: impl IntoIterator<Item = S>) -> Self {
        self.authorize = self.authorize.user_scopes(scopes);
        self
    }

    pub fn redirect_uri(mut self, uri: impl Into<String>) -> Self {
        self.authorize = self.authorize.redirect_uri(uri);
        self
    }

    /// Another authorize page than Slack's (an emulator's `…/oauth/v2/authorize`).
    pub fn authorize_url(mut self, url: impl Into<String>) -> Self {
        self.authorize = self.authorize.base(url);
        self
    }

    /// Another Web API base URL than Slack's (an emulator's).
    pub fn api_base_url(mut self, url: impl Into<String>) -> Self {
        self.api_base = Some(url.into());
        self
    }

    /// Where redeemed states are remembered (default: in memory). Several instances of
    /// an app share one.
    pub fn state_store(mut self, store: impl StateStore) -> Self {
        self.state_store = Arc::new(store);
        self
    }

    /// How long a state stays valid (default: 10 minutes).
    pub fn state_ttl(mut self, ttl: Duration) -> Self {
        self.state_ttl = ttl;
        self
    }

    /// How long before its expiry a rotating token is refreshed (default: 5 minutes).
    pub fn refresh_margin(mut self, margin: Duration) -> Self {
        self.refresh_margin = margin;
        self
    }

    /// Another clock (tests).
    pub fn clock(mut self, clock: impl Clock) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    pub fn build(self) -> Result<Installer, Error> {
        let mut client = Client::builder_for_app(self.credentials.clone());
        if let Some(base) = self.api_base {
            client = client.base_url(base);
        }
        let signer = StateSigner {
            secret: self.state_secret.into(),
            ttl: self.state_ttl,
            clock: self.clock.clone(),
            store: self.state_store,
        };
        // A base that is no URL fails here, not at the first install.
        self.authorize.build()?;
        Ok(Installer {
            credentials: self.credentials,
            authorize: self.authorize,
            client: client.build()?,
            signer,
            store: self.store,
            clock: self.clock,
            refresh_margin: self.refresh_margin,
            refreshing: Mutex::default(),
        })
    }
}

impl Installer {
    /// The authorize URL with a fresh state: where to send a user who installs the app.
    pub fn install_url(&self) -> Result<String, Error> {
        self.authorize.clone().state(self.signer.issue()).build()
    }

    /// The redirect back from Slack: checks the state, exchanges the code through
    /// `oauth.v2.access` (client credentials in HTTP Basic) and saves the installation.
    pub async fn callback(&self, code: &str, state: &str) -> Result<Installation, Error> {
        self.signer.verify(state).await?;
        let mut call = self.client.oauth_v2_access().code(code);
        if let Some(uri) = self.authorize.redirect_uri_given() {
            call = call.redirect_uri(uri);
        }
        let response = call.send().await.map_err(Box::new)?;
        let installation = Installation::from_response(&response, self.clock.now())
            .ok_or(Error::IncompleteResponse)?;
        self.store.save(&installation).await?;
        Ok(installation)
    }

    /// The installations this installer keeps.
    pub fn store(&self) -> &dyn InstallationStore {
        &*self.store
    }

    /// A fresh token for the installation under `key`: the bot's (no user in the key) or
    /// the user's. A rotating token due to expire within the margin is refreshed first,
    /// through `oauth.v2.access` with `grant_type=refresh_token`; concurrent callers for
    /// one installation wait for that one refresh, and the stored tokens are replaced in
    /// one atomic step.
    pub async fn token_for(&self, key: &InstallationKey) -> Result<Token, Error> {
        let tokens = self.tokens(key).await?;
        if !tokens.needs_refresh(self.clock.now(), self.refresh_margin) {
            return Ok(tokens.token);
        }
        let lock = {
            let mut all = self.refreshing.lock().unwrap_or_else(|e| e.into_inner());
            all.entry(key.clone()).or_default().clone()
        };
        let one_at_a_time = lock.lock_owned().await;
        // Another caller may have refreshed while this one waited.
        let tokens = self.tokens(key).await?;
        if !tokens.needs_refresh(self.clock.now(), self.refresh_margin) {
            return Ok(tokens.token);
        }
        // The refresh runs on a task of its own, holding the lock: a caller that gives up
        // (its future dropped) cannot lose the new tokens once Slack has issued them.
        let (client, store, clock) = (self.client.clone(), self.store.clone(), self.clock.clone());
        let key = key.clone();
        let refresh = tokio::spawn(async move {
            let fresh = refresh(&client, &*clock, &tokens).await?;
            let (bot, user) = match key.user_id {
                None => (Some(&fresh), None),
                Some(_) => (None, Some(&fresh)),
            };
            store.update_tokens(&key, bot, user).await?;
            drop(one_at_a_time);
            Ok::<_, Error>(fresh.token)
        });
        refresh.await.map_err(|e| Error::Refresh(e.to_string()))?
    }

    async fn tokens(&self, key: &InstallationKey) -> Result<Tokens, Error> {
        let installation = self.store.find(key).await?.ok_or(Error::NotInstalled)?;
        let tokens = match key.user_id {
            None => installation.bot,
            Some(_) => installation.user,
        };
        tokens.ok_or(Error::NotInstalled)
    }
}

/// New tokens for `tokens`' refresh token, through `oauth.v2.access`.
async fn refresh(client: &Client, clock: &dyn Clock, tokens: &Tokens) -> Result<Tokens, Error> {
    let refresh = tokens.refresh_token.as_ref().ok_or(Error::NotInstalled)?;
    let response = client
        .oauth_v2_access()
        .grant_type("refresh_token")
        .refresh_token(refresh.expose())
        .send()
        .await
        .map_err(Box::new)?;
    let now = clock.now();
    let token = response
        .access_token
        .as_ref()
        .ok_or(Error::IncompleteResponse)?;
    let scopes = match response.scope.as_deref() {
        Some(s) => s
            .split(',')
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect(),
        None => tokens.scopes.clone(),
    };
    let expires_in = response.expires_in.and_then(|s| u64::try_from(s).ok());
    let mut fresh = Tokens::new(token.as_str(), scopes);
    if let (Some(refresh), Some(secs)) = (&response.refresh_token, expires_in) {
        fresh = fresh.rotating(
            refresh.as_str(),
            crate::clock::later(now, Duration::from_secs(secs)),
        );
    }
    Ok(fresh)
}

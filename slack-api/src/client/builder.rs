//! Configuring and building a [`Client`].

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::HeaderValue;

use super::{Client, ClientCredentials, Inner, Token, DEFAULT_BASE_URL, DEFAULT_MAX_BODY};
use crate::pace::{MemoryPacer, Pacer, TokenKey};
use crate::RetryPolicy;

/// Why a client could not be built. It never holds the token.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    #[error("the token contains characters that cannot go in an HTTP header")]
    InvalidToken,
    #[error("invalid base URL {url:?}: {reason}")]
    InvalidBaseUrl { url: String, reason: String },
    #[error("invalid user agent: it contains characters that cannot go in an HTTP header")]
    InvalidUserAgent,
    #[error("cannot build the HTTP client: {0}")]
    Http(#[source] reqwest::Error),
    /// The base URL is `http://` to a host that is not loopback: the token would cross the
    /// network unencrypted. Use `https://`, or opt in with
    /// [`ClientBuilder::allow_insecure_http`].
    #[error(
        "refusing the base URL {url:?}: plain http would send the token unencrypted to a host \
         that is not loopback (use https, or allow_insecure_http(true))"
    )]
    InsecureBaseUrl { url: String },
}

/// Builds a [`Client`]; see [`Client::builder`].
pub struct ClientBuilder {
    token: Token,
    base_url: String,
    connect_timeout: Duration,
    timeout: Duration,
    user_agent: String,
    http: Option<reqwest::Client>,
    retry: RetryPolicy,
    team_id: Option<String>,
    max_body: usize,
    allow_insecure_http: bool,
    /// `None`: the default, a [`MemoryPacer`] of the client's own.
    pacer: Option<Arc<dyn Pacer>>,
    pacing: bool,
    workspace: Option<Arc<str>>,
    credentials: Option<ClientCredentials>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("token", &self.token)
            .field("base_url", &self.base_url)
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .field("user_agent", &self.user_agent)
            .field("http", &self.http)
            .field("retry", &self.retry)
            .field("team_id", &self.team_id)
            .field("max_body", &self.max_body)
            .field("allow_insecure_http", &self.allow_insecure_http)
            .field("pacer", &self.pacer.is_some())
            .field("pacing", &self.pacing)
            .field("workspace", &self.workspace)
            .field("credentials", &self.credentials)
            .finish()
    }
}

/// The `Authorization` header for a token, marked sensitive; `None` when the token cannot
/// go in a header.
pub(crate) fn auth_header(token: &str) -> Option<HeaderValue> {
    authorization(&format!("Bearer {token}"))
}

/// An `Authorization` header value (`Bearer <token>`), marked sensitive so that it is never
/// shown; `None` when it cannot go in a header.
pub(crate) fn authorization(value: &str) -> Option<HeaderValue> {
    let mut value = HeaderValue::from_str(value).ok()?;
    value.set_sensitive(true);
    Some(value)
}

impl ClientBuilder {
    pub(super) fn new(token: Token) -> Self {
        ClientBuilder {
            token,
            base_url: DEFAULT_BASE_URL.into(),
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            user_agent: concat!("slack-api-rs/", env!("CARGO_PKG_VERSION")).into(),
            http: None,
            retry: RetryPolicy::default(),
            team_id: None,
            max_body: DEFAULT_MAX_BODY,
            allow_insecure_http: false,
            pacer: None,
            pacing: true,
            workspace: None,
            credentials: None,
        }
    }

    /// The app's client ID and secret, sent in HTTP Basic auth to the methods that
    /// authenticate with them ([`Auth::ClientCredentials`](crate::Auth::ClientCredentials):
    /// `oauth.v2.access`) instead of the token. Without them such a method is sent with no
    /// `Authorization` header (its arguments may carry `client_id` and `client_secret`).
    ///
    /// ```
    /// use slack_api::{Client, ClientCredentials};
    /// let app = Client::builder_for_app(ClientCredentials::new("1234.5678", "s3cr3t"))
    ///     .build()?;
    /// # Ok::<(), slack_api::BuildError>(())
    /// ```
    #[must_use]
    pub fn client_credentials(mut self, credentials: ClientCredentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// The API's base URL, for a proxy or a test server. Default: `https://slack.com/api/`.
    #[must_use]
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// The longest wait for a connection. Default: 10 s. Not used with [`http_client`](Self::http_client).
    #[must_use]
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The longest wait for each try of a call, from sending to the whole body. Default: 30 s.
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The `User-Agent` header. Default: `slack-api-rs/<version>`.
    #[must_use]
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// A `reqwest::Client` of your own (proxies, TLS settings, a shared pool). Its own
    /// connect timeout applies instead of [`connect_timeout`](Self::connect_timeout), and
    /// its own redirect policy: the client this crate builds follows no redirect at all
    /// (a 3xx is an [`Error::Http`](crate::Error::Http)), so configure yours with
    /// `reqwest::redirect::Policy::none()` to keep the token from following one.
    #[must_use]
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// How calls are retried. Default: [`RetryPolicy::default`].
    #[must_use]
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// A `team_id` sent to every method that takes one, unless the request sets its own
    /// (useful with org-wide tokens).
    #[must_use]
    pub fn team_id(mut self, team_id: impl Into<String>) -> Self {
        self.team_id = Some(team_id.into());
        self
    }

    /// The largest response body accepted, in bytes. Default: 16 MiB.
    #[must_use]
    pub fn max_body_size(mut self, bytes: usize) -> Self {
        self.max_body = bytes;
        self
    }

    /// Allows an `http://` base URL to a host that is not loopback, which sends the token
    /// unencrypted over the network. Default: `false`, and [`build`](Self::build) refuses
    /// such a URL with [`BuildError::InsecureBaseUrl`]. Plain http to loopback
    /// (`127.0.0.0/8`, `::1`, `localhost`) is always allowed.
    #[must_use]
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// A [`Pacer`] asked before each try of every call (retries included), which may make
    /// it wait: a rate limiter. Default: a [`MemoryPacer`] of the client's own (its clones
    /// share it), pacing each workspace, method and channel at Slack's limits. Give several
    /// clients the same pacer (a clone of one `MemoryPacer`) to pace them together.
    #[must_use]
    pub fn pacer(mut self, pacer: impl Pacer) -> Self {
        self.pacer = Some(Arc::new(pacer));
        self.pacing = true;
        self
    }

    /// Whether calls are paced at all. Default: `true`. With `false`, nothing is asked
    /// before a call and nothing waits but the retry policy after a 429, as before pacing.
    #[must_use]
    pub fn pacing(mut self, on: bool) -> Self {
        self.pacing = on;
        self
    }

    /// The workspace (team id, `T…`) the client's token belongs to, so that pacing need not
    /// ask `auth.test`. Without it, the team of each token is learned with one `auth.test`
    /// the first time a paced call uses the token. Calls with an Enterprise organization's
    /// token are paced by their `team_id` argument whatever this says.
    #[must_use]
    pub fn workspace(mut self, team_id: impl Into<String>) -> Self {
        self.workspace = Some(Arc::from(team_id.into()));
        self
    }

    pub fn build(self) -> Result<Client, BuildError> {
        let auth = auth_header(self.token.expose()).ok_or(BuildError::InvalidToken)?;
        let (base_url, base) = parse_base_url(self.base_url, self.allow_insecure_http)?;
        let user_agent =
            HeaderValue::from_str(&self.user_agent).map_err(|_| BuildError::InvalidUserAgent)?;
        let credentials = match self.credentials {
            Some(c) => {
                let header = authorization(&c.basic()).ok_or(BuildError::InvalidToken)?;
                Some((c, header))
            }
            None => None,
        };
        let http = match self.http {
            Some(http) => http,
            // No redirects: a 3xx is returned as an error, so the token never follows one,
            // to another host or anywhere else.
            None => reqwest::Client::builder()
                .connect_timeout(self.connect_timeout)
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .map_err(BuildError::Http)?,
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                auth,
                token_key: TokenKey::of(self.token.expose()),
                token: self.token,
                base_url,
                base,
                urls: Default::default(),
                user_agent,
                timeout: self.timeout,
                retry: self.retry,
                team_id: self.team_id,
                max_body: self.max_body,
                pacer: match (self.pacing, self.pacer) {
                    (false, _) => None,
                    (true, Some(pacer)) => Some(pacer),
                    (true, None) => Some(Arc::new(MemoryPacer::new())),
                },
                workspace: self.workspace,
                teams: Default::default(),
                credentials,
            }),
        })
    }
}

/// The base URL, checked and ending with `/`, as text and parsed.
fn parse_base_url(
    mut base_url: String,
    allow_insecure_http: bool,
) -> Result<(String, reqwest::Url), BuildError> {
    let parsed = reqwest::Url::parse(&base_url).map_err(|e| BuildError::InvalidBaseUrl {
        url: base_url.clone(),
        reason: e.to_string(),
    })?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.query().is_some() {
        return Err(BuildError::InvalidBaseUrl {
            url: base_url,
            reason: "must be an http(s) URL without a query".into(),
        });
    }
    if parsed.scheme() == "http" && !allow_insecure_http && !is_loopback(&parsed) {
        return Err(BuildError::InsecureBaseUrl { url: base_url });
    }
    if !base_url.ends_with('/') {
        base_url.push('/');
    }
    let parsed = reqwest::Url::parse(&base_url).map_err(|e| BuildError::InvalidBaseUrl {
        url: base_url.clone(),
        reason: e.to_string(),
    })?;
    Ok((base_url, parsed))
}

/// Whether the URL's host is loopback: `localhost`, `127.0.0.0/8` or `::1` (also as an
/// IPv4-mapped address).
fn is_loopback(url: &reqwest::Url) -> bool {
    let Some(host) = url.host_str() else {
        return false;
    };
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    match bare.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V4(ip)) => ip.is_loopback(),
        Ok(std::net::IpAddr::V6(ip)) => {
            ip.is_loopback() || ip.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
        }
        Err(_) => host.eq_ignore_ascii_case("localhost") || host.eq_ignore_ascii_case("localhost."),
    }
}

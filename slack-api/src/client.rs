//! The client: configuration, sending a request as its method's metadata says, retries,
//! and turning what comes back into a typed response or a typed error.

use std::fmt;
use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use reqwest::header::{HeaderValue, AUTHORIZATION, CONTENT_TYPE, RETRY_AFTER, USER_AGENT};
use tracing::Instrument;

use crate::redact::{self, EXCERPT_LEN};
use crate::response::Envelope;
use crate::{
    ApiError, ApiResponse, Error, ErrorCode, HttpMethod, Method, MethodMeta, Params, RawErrorCode,
    RetryPolicy,
};

/// The default base URL of the Web API.
pub const DEFAULT_BASE_URL: &str = "https://slack.com/api/";
/// The default cap on a response body: 16 MiB.
pub const DEFAULT_MAX_BODY: usize = 16 * 1024 * 1024;
/// How a method the spec does not know is sent by `call_raw`: a form POST, never repeated
/// after a server or connection error.
const UNKNOWN_METHOD: MethodMeta = MethodMeta {
    name: "",
    family: "",
    description: "",
    docs_url: "",
    http_method: HttpMethod::Post,
    content_types: &[crate::ContentType::Form],
    rate_limit: crate::RateLimit::Undocumented,
    idempotent: false,
    tokens: &[],
    deprecated: None,
    pagination: None,
    arguments: &[],
    errors: &[],
    common_errors: &[],
    warnings: &[],
};
/// The most of a non-2xx body that is read: enough for any JSON error Slack sends (it
/// becomes a typed [`Error::Api`]), while a huge error page costs no more than this. Never
/// more than the client's `max_body_size`, never less than an excerpt needs.
const ERROR_BODY_LIMIT: usize = 64 * 1024;
/// How much of a decode error's message is kept.
const MESSAGE_LEN: usize = 1024;

/// A Slack token. It is sent only in the `Authorization` header; `Debug` never shows it and
/// it has no `Display`.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    pub fn new(token: impl Into<String>) -> Self {
        Token(token.into())
    }

    /// The token itself, for the rare code that must handle it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    fn header(&self) -> Option<HeaderValue> {
        let mut value = HeaderValue::from_str(&format!("Bearer {}", self.0)).ok()?;
        value.set_sensitive(true);
        Some(value)
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(<redacted>)")
    }
}

impl From<&str> for Token {
    fn from(token: &str) -> Self {
        Token::new(token)
    }
}

impl From<String> for Token {
    fn from(token: String) -> Self {
        Token(token)
    }
}

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

/// A Slack Web API client. Cheap to clone (the clones share one connection pool), and
/// `Send + Sync`.
///
/// ```no_run
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// let client = slack_api::Client::new("xoxb-your-token")?;
/// let lookup = client
///     .admin_workflows_triggers_types_permissions_lookup(["Ftt01"])
///     .send()
///     .await?;
/// println!("{:?}", lookup.permissions);
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    auth: HeaderValue,
    token: Token,
    base_url: String,
    user_agent: HeaderValue,
    timeout: Duration,
    retry: RetryPolicy,
    team_id: Option<String>,
    max_body: usize,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("token", &self.inner.token)
            .field("base_url", &self.inner.base_url)
            .field("timeout", &self.inner.timeout)
            .field("retry", &self.inner.retry)
            .field("team_id", &self.inner.team_id)
            .field("max_body", &self.inner.max_body)
            .finish_non_exhaustive()
    }
}

/// Builds a [`Client`]; see [`Client::builder`].
#[derive(Debug)]
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
}

impl ClientBuilder {
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
    /// (a 3xx is an [`Error::Http`]), so configure yours with
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

    pub fn build(self) -> Result<Client, BuildError> {
        let auth = self.token.header().ok_or(BuildError::InvalidToken)?;
        let mut base_url = self.base_url;
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
        if parsed.scheme() == "http" && !self.allow_insecure_http && !is_loopback(&parsed) {
            return Err(BuildError::InsecureBaseUrl { url: base_url });
        }
        if !base_url.ends_with('/') {
            base_url.push('/');
        }
        let user_agent =
            HeaderValue::from_str(&self.user_agent).map_err(|_| BuildError::InvalidUserAgent)?;
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
                token: self.token,
                base_url,
                user_agent,
                timeout: self.timeout,
                retry: self.retry,
                team_id: self.team_id,
                max_body: self.max_body,
            }),
        })
    }
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

/// One call being prepared: the request, and the client that will send it. Set optional
/// arguments with the generated setters, then [`send`](Self::send) it or `.await` it.
#[must_use = "a call does nothing until it is sent or awaited"]
pub struct Call<'a, R> {
    client: &'a Client,
    request: R,
    token: Option<Token>,
}

impl<R: fmt::Debug> fmt::Debug for Call<'_, R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Call")
            .field("request", &self.request)
            .field("token", &self.token)
            .finish_non_exhaustive()
    }
}

impl<'a, R: Method> Call<'a, R> {
    pub fn new(client: &'a Client, request: R) -> Self {
        Call {
            client,
            request,
            token: None,
        }
    }

    /// Changes the request; the generated setters use this.
    pub fn map_request(self, f: impl FnOnce(R) -> R) -> Self {
        Call {
            request: f(self.request),
            ..self
        }
    }

    /// Sends this call with another token than the client's.
    pub fn with_token(self, token: impl Into<Token>) -> Self {
        Call {
            token: Some(token.into()),
            ..self
        }
    }

    pub fn request(&self) -> &R {
        &self.request
    }

    /// The request, to change; the generated setters use this.
    pub fn request_mut(&mut self) -> &mut R {
        &mut self.request
    }

    pub fn into_request(self) -> R {
        self.request
    }

    /// Sends the call, retrying as the client's policy allows.
    pub async fn send(self) -> Result<R::Response, Error<R::Error>> {
        self.client
            .execute(&self.request, self.token.as_ref())
            .await
    }

    pub(crate) fn into_parts(self) -> (&'a Client, R, Option<Token>) {
        (self.client, self.request, self.token)
    }
}

impl<'a, R: Method + 'a> IntoFuture for Call<'a, R> {
    type Output = Result<R::Response, Error<R::Error>>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send + 'a>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

/// What one try gave, before retry decisions.
enum Outcome {
    /// A body to decode, with the HTTP status (2xx).
    Body(u16, Vec<u8>),
    RateLimited(Option<Duration>),
    /// Any other status, with the start of its body and whether that is all of it.
    Http(u16, Vec<u8>, bool),
    TooLarge,
    Timeout,
    Transport(reqwest::Error),
    InvalidToken,
}

impl Client {
    /// A client with the default settings.
    pub fn new(token: impl Into<Token>) -> Result<Client, BuildError> {
        Client::builder(token).build()
    }

    /// A builder, to set more than the token.
    pub fn builder(token: impl Into<Token>) -> ClientBuilder {
        ClientBuilder {
            token: token.into(),
            base_url: DEFAULT_BASE_URL.into(),
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            user_agent: concat!("slack-api-rs/", env!("CARGO_PKG_VERSION")).into(),
            http: None,
            retry: RetryPolicy::default(),
            team_id: None,
            max_body: DEFAULT_MAX_BODY,
            allow_insecure_http: false,
        }
    }

    /// The retry policy in use.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    /// The client's token, for scrubbing it out of what a server sent.
    pub(crate) fn token(&self) -> &Token {
        &self.inner.token
    }

    /// Sends a request built on its own.
    pub async fn send<R: Method>(&self, request: R) -> Result<R::Response, Error<R::Error>> {
        self.execute(&request, None).await
    }

    /// Calls any method by name, for what the spec lacks, giving the JSON body of a
    /// successful response. `params` must be a JSON object (or null for none). A method the
    /// spec knows is sent as its metadata says; any other is sent as a form POST.
    pub async fn call_raw(
        &self,
        method: &str,
        params: serde_json::Value,
    ) -> Result<serde_json::Value, Error<RawErrorCode>> {
        let invalid = |message: &str| Error::InvalidRequest {
            method: method.to_owned(),
            message: message.to_owned(),
        };
        if method.is_empty()
            || !method
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '.')
        {
            return Err(invalid("a method name is made of letters, digits and dots"));
        }
        let empty = serde_json::Map::new();
        let object = match &params {
            serde_json::Value::Object(map) => map,
            serde_json::Value::Null => &empty,
            _ => return Err(invalid("params must be a JSON object")),
        };
        if object.contains_key("token") {
            return Err(invalid("the token goes in the client, not in params"));
        }
        let meta = MethodMeta::find(method).unwrap_or(&UNKNOWN_METHOD);
        let params = Params::from_json(object);
        let (status, body) = self.run(method, meta, params, None).await?;
        decode_response::<serde_json::Value>(method, &body, Some(status), &self.inner.token)
    }

    pub(crate) async fn execute<R: Method>(
        &self,
        request: &R,
        token: Option<&Token>,
    ) -> Result<R::Response, Error<R::Error>> {
        let meta = R::META;
        let mut params = Params::for_method(meta);
        request.write_params(&mut params);
        // Sending and the failure paths are not generic (compiled once, not per method):
        // only the typed decode and the final conversion of the error code are.
        let (status, body) = self
            .run(meta.name, meta, params, token)
            .await
            .map_err(Error::into_typed)?;
        let token = token.unwrap_or(&self.inner.token);
        decode_response::<R::Response>(meta.name, &body, Some(status), token)
            .map_err(Error::into_typed)
    }

    /// Sends with retries and returns the status and body of a 2xx response.
    async fn run(
        &self,
        name: &str,
        meta: &MethodMeta,
        mut params: Params<'_>,
        token: Option<&Token>,
    ) -> Result<(u16, Vec<u8>), Error<RawErrorCode>> {
        let inner = &self.inner;
        if let Some(team_id) = &inner.team_id {
            if meta.has_argument("team_id") && !params.contains("team_id") {
                params.push_owned_string("team_id", team_id.clone());
            }
        }
        let span = tracing::debug_span!(
            "slack_api.call",
            method = name,
            attempt = tracing::field::Empty,
            status = tracing::field::Empty,
            elapsed_ms = tracing::field::Empty,
        );
        let policy = &inner.retry;
        let secret = token.unwrap_or(&inner.token);
        let start = Instant::now();
        async {
            let mut waited = Duration::ZERO;
            let mut attempt = 1u32;
            loop {
                let (status, outcome) = self.send_once(meta, name, &params, token).await;
                if let Some(status) = status {
                    span.record("status", status);
                }
                span.record("attempt", attempt);
                span.record(
                    "elapsed_ms",
                    u64::try_from(start.elapsed().as_millis()).unwrap_or(u64::MAX),
                );
                let wait = match &outcome {
                    Outcome::Body(..) => None,
                    Outcome::RateLimited(after) if policy.retry_rate_limited => {
                        Some(after.unwrap_or(policy.default_retry_after))
                    }
                    Outcome::Http(status, ..) if *status >= 500 => {
                        retry_transient(meta, policy, attempt)
                    }
                    Outcome::Timeout | Outcome::Transport(_) => {
                        retry_transient(meta, policy, attempt)
                    }
                    _ => None,
                };
                // `wait` may come from the server (`Retry-After`): any size, so no sum may
                // overflow.
                let total = wait.and_then(|wait| waited.checked_add(wait));
                match (wait, total) {
                    (Some(wait), Some(total))
                        if attempt < policy.max_attempts && total <= policy.max_total_wait =>
                    {
                        let wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX);
                        tracing::debug!(attempt, wait_ms, "retrying");
                        tokio::time::sleep(wait).await;
                        waited = total;
                        attempt = attempt.saturating_add(1);
                    }
                    _ => return outcome_result(name, outcome, inner.max_body, secret),
                }
            }
        }
        .instrument(span.clone())
        .await
    }

    /// One try: builds the request as the metadata says, sends it and reads the body.
    async fn send_once(
        &self,
        meta: &MethodMeta,
        name: &str,
        params: &Params<'_>,
        token: Option<&Token>,
    ) -> (Option<u16>, Outcome) {
        let inner = &self.inner;
        let auth = match token {
            Some(t) => match t.header() {
                Some(h) => h,
                None => return (None, Outcome::InvalidToken),
            },
            None => inner.auth.clone(),
        };
        let url = format!("{}{}", inner.base_url, name);
        let builder = match meta.http_method {
            HttpMethod::Get => {
                let query = params.to_form();
                let url = if query.is_empty() {
                    url
                } else {
                    format!("{url}?{query}")
                };
                inner.http.get(url)
            }
            // A file can only go in a multipart body.
            _ if params.has_files() => inner.http.post(url).multipart(params.to_multipart()),
            _ if meta.accepts_json() => inner
                .http
                .post(url)
                .header(CONTENT_TYPE, "application/json; charset=utf-8")
                .body(params.to_json()),
            _ => inner
                .http
                .post(url)
                .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(params.to_form()),
        };
        let request = builder
            .header(AUTHORIZATION, auth)
            .header(USER_AGENT, inner.user_agent.clone())
            .timeout(inner.timeout);
        let response = match request.send().await {
            Ok(r) => r,
            Err(e) if e.is_timeout() => return (None, Outcome::Timeout),
            Err(e) => return (None, Outcome::Transport(e.without_url())),
        };
        let status = response.status().as_u16();
        (
            Some(status),
            self.read_outcome(status, response, token).await,
        )
    }

    /// What a response that came back amounts to: its body, or why there is none to decode.
    async fn read_outcome(
        &self,
        status: u16,
        response: reqwest::Response,
        token: Option<&Token>,
    ) -> Outcome {
        let inner = &self.inner;
        if status == 429 {
            let after = response
                .headers()
                .get(RETRY_AFTER)
                .and_then(|v| crate::retry::parse_retry_after(v.as_bytes(), SystemTime::now()));
            return Outcome::RateLimited(after);
        }
        let success = (200..300).contains(&status);
        // Any other status is read only so far: enough for Slack's JSON errors, and for an
        // excerpt scrubbed over a window wider than itself.
        let limit = if success {
            inner.max_body
        } else {
            let secret = token.unwrap_or(&inner.token).expose().len();
            ERROR_BODY_LIMIT
                .min(inner.max_body)
                .max(EXCERPT_LEN.saturating_add(secret).saturating_add(1))
        };
        if success
            && response
                .content_length()
                .is_some_and(|len| len > limit as u64)
        {
            return Outcome::TooLarge;
        }
        match read_up_to(response, limit).await {
            Ok((body, true)) if success => Outcome::Body(status, body),
            Ok(_) if success => Outcome::TooLarge,
            Ok((prefix, whole)) => Outcome::Http(status, prefix, whole),
            Err(e) if e.is_timeout() => Outcome::Timeout,
            Err(e) => Outcome::Transport(e.without_url()),
        }
    }
}

fn retry_transient(meta: &MethodMeta, policy: &RetryPolicy, attempt: u32) -> Option<Duration> {
    (meta.idempotent || policy.retry_writes).then(|| policy.backoff(attempt))
}

fn outcome_result(
    name: &str,
    outcome: Outcome,
    max_body: usize,
    token: &Token,
) -> Result<(u16, Vec<u8>), Error<RawErrorCode>> {
    let method = name.to_owned();
    Err(match outcome {
        Outcome::Body(status, body) => return Ok((status, body)),
        Outcome::RateLimited(retry_after) => Error::RateLimited {
            method,
            retry_after,
        },
        Outcome::Http(status, body, whole) => {
            // Slack's own JSON error, sent with a non-2xx status, is the method's typed error.
            let envelope = whole
                .then(|| serde_json::from_slice::<Envelope>(&body).ok())
                .flatten()
                .filter(|envelope| !envelope.ok);
            match envelope {
                Some(mut envelope) if envelope.error.is_some() => {
                    let code = envelope.error.take().unwrap_or_default();
                    api_error(method, &code, envelope, Some(status), token)
                }
                _ => Error::Http {
                    method,
                    status,
                    excerpt: excerpt(&body, token),
                },
            }
        }
        Outcome::TooLarge => Error::BodyTooLarge {
            method,
            limit: max_body,
        },
        Outcome::Timeout => Error::Timeout { method },
        Outcome::Transport(source) => Error::Transport { method, source },
        Outcome::InvalidToken => Error::InvalidRequest {
            method,
            message: "the token contains characters that cannot go in an HTTP header".into(),
        },
    })
}

/// Reads at most `limit` bytes of the body: those bytes, and whether they are all of it.
/// Stops reading as soon as the body passes the limit.
async fn read_up_to(
    mut response: reqwest::Response,
    limit: usize,
) -> Result<(Vec<u8>, bool), reqwest::Error> {
    let hint = response
        .content_length()
        .map_or(0, |len| usize::try_from(len).unwrap_or(usize::MAX))
        .min(limit);
    let mut body = Vec::with_capacity(hint);
    while let Some(chunk) = response.chunk().await? {
        if body.len().saturating_add(chunk.len()) > limit {
            let room = limit.saturating_sub(body.len());
            body.extend_from_slice(&chunk[..room]);
            return Ok((body, false));
        }
        body.extend_from_slice(&chunk);
    }
    Ok((body, true))
}

/// The start of a body (512 bytes of it), as text, with every piece of the token a server
/// may have echoed scrubbed: see [`redact`].
fn excerpt(body: &[u8], token: &Token) -> String {
    redact::excerpt_of(body, token.expose(), EXCERPT_LEN)
}

/// An `"ok": false` answer as the method's typed error, with everything the server wrote in
/// it scrubbed of the token: the code (an unknown one is kept as text), `needed`,
/// `provided`, warnings and messages.
fn api_error(
    method: String,
    code: &str,
    envelope: Envelope,
    status: Option<u16>,
    token: &Token,
) -> Error<RawErrorCode> {
    let secret = token.expose();
    let scrub = |text: String| redact::scrub(&text, secret);
    let warnings = envelope.warnings().into_iter().map(scrub).collect();
    Error::Api {
        method,
        error: Box::new(ApiError {
            code: RawErrorCode::from_code(&redact::scrub(code, secret)),
            needed: envelope.needed.map(scrub),
            provided: envelope.provided.map(scrub),
            warnings,
            messages: envelope
                .response_metadata
                .map(|m| m.messages.into_iter().map(scrub).collect())
                .unwrap_or_default(),
            status,
        }),
    }
}

/// Decodes a 2xx body: the typed response when `ok` is true, the method's error when it
/// is false, and a decode error for anything else. An [`ApiError`] from here has no
/// `status`; the client's own path sets it (see `decode_response`).
#[cfg_attr(not(feature = "dispatch"), allow(dead_code))] // the client uses `decode_response`
fn decode_body<T, E>(method: &str, body: &[u8], token: &Token) -> Result<T, Error<E>>
where
    T: serde::de::DeserializeOwned + ApiResponse,
    E: ErrorCode,
{
    decode_response(method, body, None, token).map_err(Error::into_typed)
}

/// [`decode_body`] for a response that came with this HTTP status. Generic only over the
/// response type: every failure is built by [`decode_failure`], compiled once.
fn decode_response<T>(
    method: &str,
    body: &[u8],
    status: Option<u16>,
    token: &Token,
) -> Result<T, Error<RawErrorCode>>
where
    T: serde::de::DeserializeOwned + ApiResponse,
{
    let (decoded, mismatched) = crate::lenient::collect(|| serde_json::from_slice::<T>(body));
    if !mismatched.is_empty() {
        // Names from the spec (`User.profile`), never text from the server.
        tracing::warn!(
            method,
            fields = ?mismatched,
            "fields with another shape than their type: kept raw in `extra`"
        );
    }
    let typed_error = match decoded {
        Ok(value) if value.ok() => {
            log_warnings(method, &value.warnings(), token);
            return Ok(value);
        }
        Ok(_) => None,
        Err(e) => Some(e),
    };
    Err(decode_failure(method, body, status, token, typed_error))
}

/// Logs a successful response's warnings, scrubbed: they are text from the server.
fn log_warnings(method: &str, warnings: &[&str], token: &Token) {
    if !warnings.is_empty() {
        let secret = token.expose();
        let warnings: Vec<String> = warnings.iter().map(|w| redact::scrub(w, secret)).collect();
        tracing::warn!(method, warnings = ?warnings, "Slack returned warnings");
    }
}

/// The error for a body that is not a successful response: Slack's `"ok": false` error, or
/// a decode error saying why the body could not be read (`typed_error`: the typed decode's).
fn decode_failure(
    method: &str,
    body: &[u8],
    status: Option<u16>,
    token: &Token,
    typed_error: Option<serde_json::Error>,
) -> Error<RawErrorCode> {
    let decode = |message: String| Error::Decode {
        method: method.to_owned(),
        // serde quotes values in its messages (a token echoed in a field would show), and a
        // quoted value may be as long as the body: scrubbed, and bounded like an excerpt.
        message: redact::excerpt_of(message.as_bytes(), token.expose(), MESSAGE_LEN),
        excerpt: excerpt(body, token),
    };
    match serde_json::from_slice::<Envelope>(body) {
        Ok(mut envelope) if !envelope.ok => match envelope.error.take() {
            Some(code) => api_error(method.to_owned(), &code, envelope, status, token),
            None => decode("`ok` is false but there is no `error` code".into()),
        },
        Ok(_) => {
            decode(typed_error.map_or_else(|| "unexpected response".into(), |e| e.to_string()))
        }
        Err(e) => decode(e.to_string()),
    }
}

/// Raw calls decode into a JSON value.
impl ApiResponse for serde_json::Value {
    fn ok(&self) -> bool {
        self.get("ok").and_then(serde_json::Value::as_bool) == Some(true)
    }

    fn warning(&self) -> Option<&str> {
        self.get("warning").and_then(serde_json::Value::as_str)
    }

    /// Raw bodies are not decoded into [`ResponseMetadata`](crate::ResponseMetadata).
    fn response_metadata(&self) -> Option<&crate::ResponseMetadata> {
        None
    }

    fn warnings(&self) -> Vec<&str> {
        let listed = self
            .pointer("/response_metadata/warnings")
            .and_then(serde_json::Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(serde_json::Value::as_str);
        crate::response::collect_warnings(self.warning(), listed)
    }
}

/// Decodes a body as `T` through the client's own path, re-serialized to JSON: what
/// [`dispatch`](crate::dispatch) runs for each method.
#[cfg(feature = "dispatch")]
pub(crate) fn decode_to_value<T>(
    method: &str,
    body: &[u8],
) -> Result<serde_json::Value, Error<RawErrorCode>>
where
    T: serde::de::DeserializeOwned + serde::Serialize + ApiResponse,
{
    let response = decode_body::<T, RawErrorCode>(method, body, &Token::new(""))?;
    serde_json::to_value(&response).map_err(|e| Error::Decode {
        method: method.to_owned(),
        message: format!("cannot re-serialize the decoded response: {e}"),
        excerpt: String::new(),
    })
}

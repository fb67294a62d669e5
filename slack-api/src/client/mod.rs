//! The client: configuration, sending a request as its method's metadata says, retries,
//! and turning what comes back into a typed response or a typed error.

use std::borrow::Cow;
use std::fmt;
use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::header::HeaderValue;
use tracing::Instrument;

use crate::pace::{PaceKey, Pacer, TokenKey};
use crate::{Error, HttpMethod, Method, MethodMeta, ParamValue, Params, RawErrorCode, RetryPolicy};

mod builder;
mod decode;
mod token;
mod transport;
mod workspace;

pub use builder::{BuildError, ClientBuilder};
#[cfg(feature = "dispatch")]
pub(crate) use decode::decode_to_value;
pub use token::{ClientCredentials, Token};

use decode::{decode_response, outcome_result};
use transport::Outcome;

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
    auth: crate::Auth::Token,
    tokens: &[],
    deprecated: None,
    pagination: None,
    arguments: &[],
    errors: &[],
    common_errors: &[],
    warnings: &[],
    minimal_response: r#"{"ok":true}"#,
    check_args: None,
};
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
    /// The `Authorization` header of the client's token, made once.
    auth: HeaderValue,
    token: Token,
    token_key: TokenKey,
    /// The base URL ending with `/`, as text and parsed once.
    base_url: String,
    base: reqwest::Url,
    /// Each method's URL, made once.
    urls: transport::UrlCache,
    user_agent: HeaderValue,
    timeout: Duration,
    retry: RetryPolicy,
    team_id: Option<String>,
    max_body: usize,
    pacer: Option<Arc<dyn Pacer>>,
    /// The client's token's team, when the caller gave it.
    workspace: Option<Arc<str>>,
    /// Other tokens' teams, learned for pacing.
    teams: workspace::Teams,
    /// The app's credentials, for the methods that authenticate with them, and their
    /// `Authorization: Basic` header made once.
    credentials: Option<(ClientCredentials, HeaderValue)>,
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
            .field("pacer", &self.inner.pacer.is_some())
            .field("workspace", &self.inner.workspace)
            .field(
                "credentials",
                &self.inner.credentials.as_ref().map(|c| &c.0),
            )
            .finish_non_exhaustive()
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

impl Client {
    /// The HTTP client, for requests outside the Web API (an upload URL).
    pub(crate) fn http(&self) -> &reqwest::Client {
        &self.inner.http
    }

    /// The token's text, to scrub it from messages (never to send it).
    pub(crate) fn secret(&self) -> &str {
        self.inner.token.expose()
    }
}

impl Client {
    /// A client with the default settings.
    pub fn new(token: impl Into<Token>) -> Result<Client, BuildError> {
        Client::builder(token).build()
    }

    /// A builder, to set more than the token.
    pub fn builder(token: impl Into<Token>) -> ClientBuilder {
        ClientBuilder::new(token.into())
    }

    /// A builder for a client of the app itself, with no token: it calls the methods that
    /// authenticate with the app's client credentials (`oauth.v2.access`). See
    /// [`ClientBuilder::client_credentials`].
    pub fn builder_for_app(credentials: ClientCredentials) -> ClientBuilder {
        ClientBuilder::new(Token::empty()).client_credentials(credentials)
    }

    /// The secret a call to this method carries, to scrub from what comes back: the client
    /// secret for a method that authenticates with the client credentials, else the token.
    pub(crate) fn secret_for<'t>(
        &'t self,
        meta: &MethodMeta,
        token: Option<&'t Token>,
    ) -> &'t Token {
        static NONE: Token = Token::empty();
        match meta.auth {
            crate::Auth::ClientCredentials => self
                .inner
                .credentials
                .as_ref()
                .map_or(&NONE, |c| c.0.client_secret()),
            _ => token.unwrap_or(&self.inner.token),
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
        let mut violations = Vec::new();
        request.check(&mut violations);
        if !violations.is_empty() {
            let method = meta.name.to_owned();
            return Err(Error::Invalid { method, violations });
        }
        let mut params = Params::new();
        request.write_params(&mut params);
        // Sending and the failure paths are not generic (compiled once, not per method):
        // only the typed decode and the final conversion of the error code are.
        let (status, body) = self
            .run(meta.name, meta, params, token)
            .await
            .map_err(Error::into_typed)?;
        let secret = self.secret_for(meta, token);
        decode_response::<R::Response>(meta.name, &body, Some(status), secret)
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
                params.push("team_id", ParamValue::Str(Cow::Owned(team_id.clone())));
            }
        }
        let span = tracing::debug_span!(
            "slack_api.call",
            method = name,
            attempt = tracing::field::Empty,
            status = tracing::field::Empty,
            elapsed_ms = tracing::field::Empty,
        );
        let token_key = token.map_or(inner.token_key, |t| TokenKey::of(t.expose()));
        let mut key = PaceKey::new(token_key, name, meta, &params);
        let team;
        if let Some(pacer) = &inner.pacer {
            if pacer.wants_workspace(&key) {
                team = self.team_of(token, token_key).await;
                key.workspace = team.for_call(&params);
            }
        }
        self.tries(meta, &params, token, key, &span)
            .instrument(span.clone())
            .await
    }

    /// Each try, paced, until one gives a body or no retry is left.
    async fn tries(
        &self,
        meta: &MethodMeta,
        params: &Params<'_>,
        token: Option<&Token>,
        mut key: PaceKey<'_>,
        span: &tracing::Span,
    ) -> Result<(u16, Vec<u8>), Error<RawErrorCode>> {
        let inner = &self.inner;
        let policy = &inner.retry;
        // The clock is read only for a span that records it.
        let start = (!span.is_disabled()).then(Instant::now);
        let mut waited = Duration::ZERO;
        let mut attempt = 1u32;
        loop {
            if let Some(pacer) = &inner.pacer {
                key.attempt = attempt;
                pacer.pace(&key).await;
            }
            let (status, outcome) = self.send_once(meta, key.method, params, token).await;
            if let (Outcome::RateLimited(after), Some(pacer)) = (&outcome, &inner.pacer) {
                pacer.rate_limited(&key, after.unwrap_or(policy.default_retry_after));
            }
            if let Some(start) = start {
                if let Some(status) = status {
                    span.record("status", status);
                }
                span.record("attempt", attempt);
                let elapsed = u64::try_from(start.elapsed().as_millis()).unwrap_or(u64::MAX);
                span.record("elapsed_ms", elapsed);
            }
            // `wait` may come from the server (`Retry-After`): any size, so no sum may
            // overflow.
            let wait = retry_wait(meta, policy, &outcome, attempt);
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
                _ => {
                    let secret = self.secret_for(meta, token);
                    return outcome_result(key.method, outcome, inner.max_body, secret);
                }
            }
        }
    }
}

/// How long to wait before trying again after this outcome, if it may be tried again.
fn retry_wait(
    meta: &MethodMeta,
    policy: &RetryPolicy,
    outcome: &Outcome,
    attempt: u32,
) -> Option<Duration> {
    match outcome {
        Outcome::RateLimited(after) if policy.retry_rate_limited => {
            Some(after.unwrap_or(policy.default_retry_after))
        }
        Outcome::Http(status, ..) if *status >= 500 => retry_transient(meta, policy, attempt),
        Outcome::Timeout | Outcome::Transport(_) => retry_transient(meta, policy, attempt),
        _ => None,
    }
}

fn retry_transient(meta: &MethodMeta, policy: &RetryPolicy, attempt: u32) -> Option<Duration> {
    (meta.idempotent || policy.retry_writes).then(|| policy.backoff(attempt))
}

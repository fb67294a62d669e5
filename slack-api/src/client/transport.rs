//! One try of a call: the request the wire layer encodes, sent through reqwest, and its
//! body read under the cap.

use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderName, HeaderValue, RETRY_AFTER, USER_AGENT};

use super::{Client, Token};
use crate::redact::EXCERPT_LEN;
use crate::wire::{self, WireBody, WireRequest};
use crate::{HttpMethod, MethodMeta, Params};

/// The most of a non-2xx body that is read: enough for any JSON error Slack sends (it
/// becomes a typed [`Error::Api`](crate::Error::Api)), while a huge error page costs no more
/// than this. Never more than the client's `max_body_size`, never less than an excerpt needs.
const ERROR_BODY_LIMIT: usize = 64 * 1024;

/// What one try gave, before retry decisions.
pub(super) enum Outcome {
    /// A body to decode, with the HTTP status (2xx).
    Body(u16, Vec<u8>),
    RateLimited(Option<Duration>),
    /// Any other status, with the start of its body and whether that is all of it.
    Http(u16, Vec<u8>, bool),
    TooLarge,
    Timeout,
    Transport(reqwest::Error),
    InvalidToken,
    /// The method's name does not make a URL with the base URL.
    InvalidUrl,
}

impl Client {
    /// One try: the request as the wire layer encodes it, sent, and its body read.
    pub(super) async fn send_once(
        &self,
        meta: &MethodMeta,
        name: &str,
        params: &Params<'_>,
        token: Option<&Token>,
    ) -> (Option<u16>, Outcome) {
        let inner = &self.inner;
        let secret = token.unwrap_or(&inner.token);
        let request = wire::encode(name, Some(meta), params, &inner.base_url, secret.expose());
        let request = match self.to_reqwest(request, token.is_none()) {
            Ok(request) => request,
            Err(outcome) => return (None, outcome),
        };
        let response = match request.send().await {
            Ok(r) => r,
            Err(e) if e.is_timeout() => return (None, Outcome::Timeout),
            Err(e) => return (None, Outcome::Transport(e.without_url())),
        };
        let status = response.status().as_u16();
        (
            Some(status),
            self.read_outcome(status, response, secret).await,
        )
    }

    /// The adapter from the wire layer to reqwest. The URL is resolved against the base URL
    /// parsed once (its host is not parsed again), and the client's own token uses the
    /// header value made once (`own_token`).
    fn to_reqwest(
        &self,
        request: WireRequest<'_>,
        own_token: bool,
    ) -> Result<reqwest::RequestBuilder, Outcome> {
        let inner = &self.inner;
        let url = match request.url.strip_prefix(inner.base_url.as_str()) {
            Some(rest) => inner.base.join(rest),
            None => reqwest::Url::parse(&request.url),
        }
        .map_err(|_| Outcome::InvalidUrl)?;
        let verb = match request.method {
            HttpMethod::Get => reqwest::Method::GET,
            _ => reqwest::Method::POST,
        };
        let mut builder = inner
            .http
            .request(verb, url)
            .header(USER_AGENT, inner.user_agent.clone())
            .timeout(inner.timeout);
        for (name, value) in &request.headers {
            let value = if *name == "authorization" {
                if own_token {
                    inner.auth.clone()
                } else {
                    auth_value(value).ok_or(Outcome::InvalidToken)?
                }
            } else {
                match HeaderValue::from_str(value) {
                    Ok(value) => value,
                    Err(_) => continue,
                }
            };
            if let Ok(name) = HeaderName::from_bytes(name.as_bytes()) {
                builder = builder.header(name, value);
            }
        }
        Ok(match request.body {
            WireBody::Empty => builder,
            body => builder.body(body.into_bytes()),
        })
    }

    /// What a response that came back amounts to: its body, or why there is none to decode.
    async fn read_outcome(
        &self,
        status: u16,
        response: reqwest::Response,
        secret: &Token,
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
            ERROR_BODY_LIMIT.min(inner.max_body).max(
                EXCERPT_LEN
                    .saturating_add(secret.expose().len())
                    .saturating_add(1),
            )
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

/// The `Authorization` header value the wire layer wrote (`Bearer <token>`), marked
/// sensitive; `None` when it cannot go in a header.
fn auth_value(value: &str) -> Option<HeaderValue> {
    let mut value = HeaderValue::from_str(value).ok()?;
    value.set_sensitive(true);
    Some(value)
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

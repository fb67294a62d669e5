//! One try of a call: the request the wire layer encodes, sent through reqwest, and its
//! body read under the cap.

use std::time::{Duration, SystemTime};

use std::collections::HashMap;
use std::sync::RwLock;

use reqwest::header::{
    HeaderName, HeaderValue, AUTHORIZATION, CONTENT_TYPE, RETRY_AFTER, USER_AGENT,
};

use super::{Client, Token};
use crate::redact::EXCERPT_LEN;
use crate::wire::{self, WireBody, WireRequest, FORM_CONTENT_TYPE, JSON_CONTENT_TYPE};
use crate::{Auth, HttpMethod, MethodMeta, Params};

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
    /// One try: the request as the wire layer encodes it, sent, and its body read, all
    /// within the client's timeout.
    pub(super) async fn send_once(
        &self,
        meta: &MethodMeta,
        name: &str,
        params: &Params<'_>,
        token: Option<&Token>,
    ) -> (Option<u16>, Outcome) {
        let inner = &self.inner;
        let secret = self.secret_for(meta, token);
        let request = wire::encode(name, Some(meta), params, &inner.base_url, secret.expose());
        let basic = meta.auth == Auth::ClientCredentials;
        let request = match self.to_reqwest(request, token.is_none(), basic) {
            Ok(request) => request,
            Err(outcome) => return (None, outcome),
        };
        // One deadline for the whole try, the body included: a timer of our own rather than
        // reqwest's, which would also cost a boxed timer and an extension per request.
        let mut status = None;
        let exchange = self.exchange(request, secret, &mut status);
        let outcome = tokio::time::timeout(inner.timeout, exchange)
            .await
            .unwrap_or(Outcome::Timeout);
        (status, outcome)
    }

    /// Sends the request and reads what comes back; `status` is set once it is known.
    async fn exchange(
        &self,
        request: reqwest::Request,
        secret: &Token,
        status: &mut Option<u16>,
    ) -> Outcome {
        let response = match self.inner.http.execute(request).await {
            Ok(r) => r,
            Err(e) if e.is_timeout() => return Outcome::Timeout,
            Err(e) => return Outcome::Transport(e.without_url()),
        };
        let code = response.status().as_u16();
        *status = Some(code);
        self.read_outcome(code, response, secret).await
    }

    /// The adapter from the wire layer to reqwest. The client's own token uses the header
    /// value made once (`own_token`), and the content types Slack takes are constants.
    /// A method that authenticates with client credentials (`basic`) gets the client's
    /// `Authorization: Basic` header, if it has credentials.
    fn to_reqwest(
        &self,
        request: WireRequest<'_>,
        own_token: bool,
        basic: bool,
    ) -> Result<reqwest::Request, Outcome> {
        let inner = &self.inner;
        let url = self.resolve(&request.url).ok_or(Outcome::InvalidUrl)?;
        let verb = match request.method {
            HttpMethod::Get => reqwest::Method::GET,
            _ => reqwest::Method::POST,
        };
        let mut out = reqwest::Request::new(verb, url);
        let headers = out.headers_mut();
        headers.insert(USER_AGENT, inner.user_agent.clone());
        if let (true, Some((_, header))) = (basic, &inner.credentials) {
            headers.insert(AUTHORIZATION, header.clone());
        }
        for (name, value) in &request.headers {
            match *name {
                "authorization" if own_token => {
                    headers.insert(AUTHORIZATION, inner.auth.clone());
                }
                "authorization" => {
                    let value =
                        super::builder::authorization(value).ok_or(Outcome::InvalidToken)?;
                    headers.insert(AUTHORIZATION, value);
                }
                "content-type" => {
                    if let Some(value) = content_type(value) {
                        headers.insert(CONTENT_TYPE, value);
                    }
                }
                other => {
                    let name = HeaderName::from_bytes(other.as_bytes());
                    if let (Ok(name), Ok(value)) = (name, HeaderValue::from_str(value)) {
                        headers.append(name, value);
                    }
                }
            }
        }
        if !matches!(request.body, WireBody::Empty) {
            *out.body_mut() = Some(request.into_body_bytes().into());
        }
        Ok(out)
    }

    /// The URL the wire layer wrote, parsed. The usual one, the base URL followed by a
    /// method's name (letters, digits and dots) and a query string, is the method's URL
    /// made once (the base URL parsed at build, the name pushed as a path segment) with
    /// the query set: neither the host nor the path is parsed again. Any other is parsed
    /// whole.
    fn resolve(&self, url: &str) -> Option<reqwest::Url> {
        let inner = &self.inner;
        if let Some(rest) = url.strip_prefix(inner.base_url.as_str()) {
            let (name, query) = match rest.split_once('?') {
                Some((name, query)) => (name, Some(query)),
                None => (rest, None),
            };
            let plain = name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.')
                && name.bytes().any(|b| b != b'.');
            if plain {
                let mut resolved = inner.urls.get(name).or_else(|| {
                    let mut url = inner.base.clone();
                    url.path_segments_mut().ok()?.pop_if_empty().push(name);
                    inner.urls.put(name, &url);
                    Some(url)
                })?;
                if query.is_some() {
                    resolved.set_query(query);
                }
                return Some(resolved);
            }
        }
        reqwest::Url::parse(url).ok()
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

/// A `Content-Type` header value: the two the wire layer writes for forms and JSON are
/// constants; any other (multipart, with its boundary) is checked.
fn content_type(value: &str) -> Option<HeaderValue> {
    const FORM: HeaderValue = HeaderValue::from_static(FORM_CONTENT_TYPE);
    const JSON: HeaderValue = HeaderValue::from_static(JSON_CONTENT_TYPE);
    match value {
        FORM_CONTENT_TYPE => Some(FORM),
        JSON_CONTENT_TYPE => Some(JSON),
        other => HeaderValue::from_str(other).ok(),
    }
}

/// The URLs of the methods called so far, by name: each is made once. Bounded, so that
/// raw calls to ever new names cannot grow it without end.
#[derive(Debug, Default)]
pub(super) struct UrlCache(RwLock<HashMap<Box<str>, reqwest::Url>>);

impl UrlCache {
    const MAX: usize = 1024;

    fn get(&self, name: &str) -> Option<reqwest::Url> {
        self.0.read().ok()?.get(name).cloned()
    }

    fn put(&self, name: &str, url: &reqwest::Url) {
        if let Ok(mut urls) = self.0.write() {
            if urls.len() < Self::MAX {
                urls.insert(name.into(), url.clone());
            }
        }
    }
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

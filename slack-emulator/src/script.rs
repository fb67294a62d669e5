//! Scripting and inspection: every call received is recorded ([`RecordedCall`]), and a
//! method's answer can be scripted ([`Script`]) ahead of its behaviour: a success body, a
//! Slack error, or a fault (latency, an HTTP 5xx, an HTML page, a dropped connection, a
//! truncated body, a 429 with `Retry-After`), once, N times or always. From Rust through
//! [`Emulator`](crate::Emulator), over HTTP through `/_emulator/script`, `/_emulator/calls`
//! and `/_emulator/reset`.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use futures_util::StreamExt;
use serde::Serialize;
use serde_json::{json, Map, Value};
use slack_api::wire::{DecodedRequest, IncomingRequest};
use slack_api::{ParamValue, TokenType};

use crate::auth::Credential;
use crate::serve::Shared;
use crate::workspace::Workspace;

/// How many calls are kept (the last ones): a long-running emulator does not grow
/// without bound.
pub const MAX_CALLS: usize = 10_000;

/// The [`RecordedCall::method`] of a file's bytes posted to an upload URL.
pub const UPLOAD: &str = "upload";

/// One call the emulator received, as it arrived (before any check). The token itself is
/// never kept: only what it stands for.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct RecordedCall {
    /// The method, as in `/api/<method>`.
    pub method: String,
    /// The HTTP verb (`POST`, `GET`).
    pub http_method: String,
    pub content_type: Option<String>,
    /// The arguments as a JSON object (a file as `{"filename", "size"}`); without the token.
    pub args: Value,
    /// The token's type and user, when a token came (`None` for both when unknown).
    pub token: Option<TokenSeen>,
}

/// What a call's token stands for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct TokenSeen {
    /// `bot`, `user`, `app` or `workspace`; `None` for a token the emulator does not know.
    pub token_type: Option<String>,
    pub user_id: Option<String>,
}

/// What a scripted call answers.
#[derive(Debug, Clone, PartialEq)]
enum Answer {
    /// The behaviour, as without a script (with a script's delay: latency only).
    Behaviour,
    /// A success with these fields (`"ok": true` is added).
    Ok(Map<String, Value>),
    /// `{"ok": false, "error": code}` with HTTP 200.
    Error(String),
    /// A plain-text body with this status (a 5xx).
    Status(u16),
    /// An HTML error page with this status (200 or 5xx).
    Html(u16),
    /// The connection closed without an answer.
    Drop,
    /// A body shorter than its declared `Content-Length`.
    Truncated,
    /// HTTP 429 with `Retry-After` in seconds.
    RateLimited(u64),
}

/// A scripted answer for a method, taking precedence over its behaviour (and its checks):
/// once by default, [`times`](Self::times) N or [`always`](Self::always), with an optional
/// [`delay`](Self::delay) before answering.
///
/// ```no_run
/// # fn f(emulator: &slack_emulator::Emulator) {
/// use slack_emulator::Script;
/// emulator.script("chat.postMessage", Script::error("ratelimited").times(2));
/// emulator.script("auth.test", Script::latency(std::time::Duration::from_millis(300)).always());
/// # }
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Script {
    answer: Answer,
    delay: Duration,
    /// Answers left; `None`: always.
    remaining: Option<u32>,
}

impl Script {
    fn new(answer: Answer) -> Self {
        Script {
            answer,
            delay: Duration::ZERO,
            remaining: Some(1),
        }
    }

    /// A success with these fields (an object; `"ok": true` is added).
    pub fn ok(fields: Value) -> Self {
        Self::new(Answer::Ok(crate::reply::fields(fields)))
    }

    /// A Slack error: `{"ok": false, "error": code}`.
    pub fn error(code: impl Into<String>) -> Self {
        Self::new(Answer::Error(code.into()))
    }

    /// The behaviour, after `delay`.
    pub fn latency(delay: Duration) -> Self {
        Self::new(Answer::Behaviour).delay(delay)
    }

    /// An HTTP status (a 5xx) with a plain-text body.
    pub fn status(status: u16) -> Self {
        Self::new(Answer::Status(status))
    }

    /// An HTML error page (`text/html`) with this status (200 or a 5xx), as a proxy gives.
    pub fn html(status: u16) -> Self {
        Self::new(Answer::Html(status))
    }

    /// The connection closed without an answer.
    pub fn drop_connection() -> Self {
        Self::new(Answer::Drop)
    }

    /// A body cut short: its `Content-Length` is longer than what is sent.
    pub fn truncated() -> Self {
        Self::new(Answer::Truncated)
    }

    /// HTTP 429 with `Retry-After: seconds`.
    pub fn rate_limited(retry_after_secs: u64) -> Self {
        Self::new(Answer::RateLimited(retry_after_secs))
    }

    /// Waits this long before answering.
    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }

    /// Answers the next `n` calls.
    pub fn times(mut self, n: u32) -> Self {
        self.remaining = Some(n);
        self
    }

    /// Answers the next call only (the default).
    pub fn once(self) -> Self {
        self.times(1)
    }

    /// Answers every call, until [`reset`](crate::Emulator::reset).
    pub fn always(mut self) -> Self {
        self.remaining = None;
        self
    }

    /// From the JSON of `POST /_emulator/script` (without `method`): one of `"ok": {…}`,
    /// `"error": "code"`, `"status": 503`, `"html": 200`, `"drop": true`,
    /// `"truncated": true`, `"retry_after": 1`, or none (latency only); with `"delay_ms"`
    /// and `"times"` (a number, or `"always"`).
    pub fn from_json(spec: &Map<String, Value>) -> Result<Self, String> {
        let status = |key: &str| {
            spec.get(key)
                .and_then(Value::as_u64)
                .and_then(|s| u16::try_from(s).ok())
                .filter(|s| (100..=599).contains(s))
                .ok_or_else(|| format!("`{key}` must be an HTTP status"))
        };
        let mut script = if let Some(ok) = spec.get("ok") {
            Script::ok(ok.clone())
        } else if let Some(code) = spec.get("error") {
            Script::error(code.as_str().ok_or("`error` must be a string")?)
        } else if spec.contains_key("status") {
            Script::status(status("status")?)
        } else if spec.contains_key("html") {
            Script::html(status("html")?)
        } else if spec.get("drop") == Some(&Value::Bool(true)) {
            Script::drop_connection()
        } else if spec.get("truncated") == Some(&Value::Bool(true)) {
            Script::truncated()
        } else if let Some(after) = spec.get("retry_after") {
            Script::rate_limited(after.as_u64().ok_or("`retry_after` must be seconds")?)
        } else {
            Script::new(Answer::Behaviour)
        };
        if let Some(ms) = spec.get("delay_ms") {
            let ms = ms.as_u64().ok_or("`delay_ms` must be a number")?;
            script = script.delay(Duration::from_millis(ms));
        }
        match spec.get("times") {
            None => {}
            Some(Value::String(s)) if s == "always" => script = script.always(),
            Some(n) => {
                let n = n
                    .as_u64()
                    .and_then(|n| u32::try_from(n).ok())
                    .ok_or("`times` must be a number or \"always\"")?;
                script = script.times(n);
            }
        }
        Ok(script)
    }
}

/// The recorded calls, the scripts, and what [`reset`](crate::Emulator::reset) restores.
pub struct Scripts {
    /// The last [`MAX_CALLS`] calls, oldest first.
    calls: Mutex<VecDeque<RecordedCall>>,
    scripts: Mutex<HashMap<String, VecDeque<Script>>>,
    initial: (Workspace, Vec<Credential>),
}

impl Scripts {
    pub fn new(workspace: Workspace, credentials: Vec<Credential>) -> Self {
        Scripts {
            calls: Mutex::default(),
            scripts: Mutex::default(),
            initial: (workspace, credentials),
        }
    }

    pub fn add(&self, method: &str, script: Script) {
        lock(&self.scripts)
            .entry(method.to_owned())
            .or_default()
            .push_back(script);
    }

    pub fn calls(&self) -> Vec<RecordedCall> {
        lock(&self.calls).iter().cloned().collect()
    }

    /// Keeps `call`, forgetting the oldest once [`MAX_CALLS`] are kept.
    fn push(&self, call: RecordedCall) {
        let mut calls = lock(&self.calls);
        if calls.len() == MAX_CALLS {
            calls.pop_front();
        }
        calls.push_back(call);
    }

    /// The next script for `method`, counted down.
    fn take(&self, method: &str) -> Option<Script> {
        let mut all = lock(&self.scripts);
        let queue = all.get_mut(method)?;
        let front = queue.front_mut()?;
        let script = front.clone();
        match &mut front.remaining {
            None => {}
            Some(n) if *n <= 1 => {
                queue.pop_front();
            }
            Some(n) => *n -= 1,
        }
        if queue.is_empty() {
            all.remove(method);
        }
        Some(script)
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Clears calls and scripts and restores the workspace and tokens the emulator started with.
pub fn reset(shared: &Shared) {
    lock(&shared.scripts.calls).clear();
    lock(&shared.scripts.scripts).clear();
    *lock(&shared.workspace) = shared.scripts.initial.0.clone();
    *shared
        .credentials
        .write()
        .unwrap_or_else(|e| e.into_inner()) = shared.scripts.initial.1.clone();
    // Socket Mode (socket.rs): envelopes, acks and the redelivery time; open connections
    // stay open.
    shared.socket.reset();
    // OAuth (oauth.rs): codes and refresh tokens handed out.
    shared.oauth.reset();
    // Events (events/): the deliveries and their times.
    shared.events.reset();
}

/// Records the call (`decoded`: what the wire decoder read from it, shared with serving),
/// then answers it as scripted, if it is: `None` to serve it as usual.
pub async fn intercept(
    shared: &Shared,
    method: &str,
    incoming: &IncomingRequest<'_>,
    decoded: Option<&DecodedRequest>,
) -> Option<Response> {
    record(shared, method, incoming, decoded);
    let script = shared.scripts.take(method)?;
    if !script.delay.is_zero() {
        tokio::time::sleep(script.delay).await;
    }
    Some(match script.answer {
        Answer::Behaviour => return None,
        Answer::Ok(fields) => json_response(StatusCode::OK, crate::reply::success(fields, &[])),
        Answer::Error(code) => json_response(StatusCode::OK, crate::reply::Failure::new(code).body()),
        Answer::Status(status) => (
            code(status),
            [(header::CONTENT_TYPE, "text/plain")],
            format!("emulated HTTP {status}"),
        )
            .into_response(),
        Answer::Html(status) => (
            code(status),
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            "<html><head><title>Error</title></head><body><h1>Something went wrong</h1></body></html>",
        )
            .into_response(),
        Answer::RateLimited(after) => (
            StatusCode::TOO_MANY_REQUESTS,
            [
                (header::CONTENT_TYPE, "application/json; charset=utf-8".to_owned()),
                (header::RETRY_AFTER, after.to_string()),
            ],
            json!({"ok": false, "error": "ratelimited"}).to_string(),
        )
            .into_response(),
        Answer::Drop => {
            let chunks: [Result<Bytes, std::io::Error>; 1] =
                [Err(std::io::Error::other("emulated dropped connection"))];
            Response::new(Body::from_stream(futures_util::stream::iter(chunks)))
        }
        Answer::Truncated => {
            // The first bytes go out; then the connection fails before the declared length.
            let start: Result<Bytes, std::io::Error> =
                Ok(Bytes::from_static(b"{\"ok\": true, \"url\": \"https://"));
            let cut = futures_util::stream::once(async {
                tokio::time::sleep(Duration::from_millis(20)).await;
                Err(std::io::Error::other("emulated truncated body"))
            });
            let body = futures_util::stream::iter([start]).chain(cut);
            let mut response = Response::new(Body::from_stream(body));
            let headers = response.headers_mut();
            headers.insert(header::CONTENT_TYPE, "application/json".parse().ok()?);
            headers.insert(header::CONTENT_LENGTH, "1000".parse().ok()?);
            response
        }
    })
}

fn code(status: u16) -> StatusCode {
    StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

pub(crate) fn json_response(status: StatusCode, body: Value) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        body.to_string(),
    )
        .into_response()
}

fn record(
    shared: &Shared,
    method: &str,
    incoming: &IncomingRequest<'_>,
    decoded: Option<&DecodedRequest>,
) {
    let (args, token) = match decoded {
        Some(d) => {
            let secret = d.token.as_ref().map(|t| t.expose().to_owned());
            let args: Map<String, Value> = d
                .params
                .iter()
                .filter(|(name, _)| *name != "token")
                .map(|(name, value)| (name.to_owned(), to_json(value, secret.as_deref())))
                .collect();
            let token = secret.map(|secret| {
                let known = shared.credentials.read().unwrap_or_else(|e| e.into_inner());
                let found = known.iter().find(|c| c.token == secret);
                TokenSeen {
                    token_type: found.map(|c| type_name(c.token_type).to_owned()),
                    user_id: found.map(|c| c.user_id.clone()),
                }
            });
            (Value::Object(args), token)
        }
        None => (Value::Object(Map::new()), None),
    };
    // OAuth (oauth.rs): the app's secret, codes and refresh tokens are not recorded.
    let args = crate::oauth::redact(method, args);
    shared.scripts.push(RecordedCall {
        method: method.to_owned(),
        http_method: incoming.method.to_owned(),
        content_type: incoming.content_type.map(str::to_owned),
        args,
        token,
    });
}

/// Records a file's bytes posted to an upload URL of `files.getUploadURLExternal`, as the
/// call `upload` with `{"file_id", "size"}`.
pub fn record_upload(shared: &Shared, file_id: &str, content_type: Option<&str>, size: usize) {
    shared.scripts.push(RecordedCall {
        method: UPLOAD.to_owned(),
        http_method: "POST".to_owned(),
        content_type: content_type.map(str::to_owned),
        args: json!({"file_id": file_id, "size": size}),
        token: None,
    });
}

fn type_name(t: TokenType) -> &'static str {
    match t {
        TokenType::Bot => "bot",
        TokenType::User => "user",
        TokenType::App => "app",
        _ => "workspace",
    }
}

/// An argument as JSON, with any copy of the token scrubbed.
pub(crate) fn to_json(value: &ParamValue<'_>, secret: Option<&str>) -> Value {
    let scrub = |s: &str| match secret {
        Some(secret) if !secret.is_empty() && s.contains(secret) => s.replace(secret, "xox?-…"),
        _ => s.to_owned(),
    };
    match value {
        ParamValue::Str(s) => Value::String(scrub(s)),
        ParamValue::Bool(b) => Value::Bool(*b),
        ParamValue::Int(i) => json!(i),
        ParamValue::Num(x) => json!(x),
        ParamValue::Json(v) => v.as_ref().clone(),
        ParamValue::List(items) => items.iter().map(|s| Value::String(scrub(s))).collect(),
        ParamValue::File(f) => json!({"filename": f.filename(), "size": f.bytes().len()}),
    }
}

/// `POST /_emulator/script`, `GET /_emulator/calls`, `POST /_emulator/reset`.
pub fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/_emulator/script", post(http_script))
        .route("/_emulator/calls", get(http_calls))
        .route("/_emulator/reset", post(http_reset))
}

/// `{"method": "chat.postMessage", "error": "ratelimited", "times": 2}` (see
/// [`Script::from_json`]).
async fn http_script(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let spec: Option<Value> = serde_json::from_slice(&body).ok();
    let Some(spec) = spec.as_ref().and_then(Value::as_object) else {
        return (StatusCode::BAD_REQUEST, "a JSON object").into_response();
    };
    let Some(method) = spec.get("method").and_then(Value::as_str) else {
        return (StatusCode::BAD_REQUEST, "`method` is required").into_response();
    };
    match Script::from_json(spec) {
        Ok(script) => {
            shared.scripts.add(method, script);
            json_response(StatusCode::OK, json!({"ok": true}))
        }
        Err(message) => (StatusCode::BAD_REQUEST, message).into_response(),
    }
}

async fn http_calls(State(shared): State<Arc<Shared>>) -> Response {
    let calls = serde_json::to_value(shared.scripts.calls()).unwrap_or_default();
    json_response(StatusCode::OK, json!({"ok": true, "calls": calls}))
}

async fn http_reset(State(shared): State<Arc<Shared>>) -> Response {
    reset(&shared);
    json_response(StatusCode::OK, json!({"ok": true}))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(n: usize) -> RecordedCall {
        RecordedCall {
            method: format!("m{n}"),
            http_method: "POST".into(),
            content_type: None,
            args: Value::Null,
            token: None,
        }
    }

    #[test]
    fn the_call_log_keeps_the_last_max_calls() {
        let scripts = Scripts::new(Workspace::seeded(), Vec::new());
        for n in 0..MAX_CALLS + 5 {
            scripts.push(call(n));
        }
        let calls = scripts.calls();
        assert_eq!(calls.len(), MAX_CALLS);
        assert_eq!(calls[0].method, "m5", "the oldest went first");
        assert_eq!(calls[MAX_CALLS - 1].method, format!("m{}", MAX_CALLS + 4));
    }
}

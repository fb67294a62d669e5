//! The HTTP side: `/api/<method>` for every method of the spec, checked as Slack checks a
//! call (the method, the body, the token, the required arguments) from the method's
//! generated metadata, then run by its behaviour or answered with its minimal response.

use std::sync::{Arc, Mutex, RwLock};

use axum::body::{to_bytes, Body};
use axum::extract::{Path, State};
use axum::http::{header, Request, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use axum::Router;
use serde_json::{Map, Value};
use slack_api::wire::{self, IncomingRequest};
use slack_api::MethodMeta;

use crate::auth::{self, Credential};
use crate::behaviour::{self, Call};
use crate::reply::{self, Failure};
use crate::workspace::Workspace;

/// The largest request body read; a larger one is refused before it is read whole.
pub const MAX_BODY: usize = 16 * 1024 * 1024;

/// What every request shares.
pub struct Shared {
    pub workspace: Mutex<Workspace>,
    pub credentials: RwLock<Vec<Credential>>,
    // Rate limits (ratelimit.rs).
    pub rate_limits: crate::ratelimit::Limiter,
    /// Recorded calls and scripted answers (see `script.rs`).
    pub scripts: crate::script::Scripts,
    /// Socket Mode connections and envelopes (see `socket.rs`).
    pub socket: crate::socket::Hub,
    /// OAuth codes, refresh tokens and expiries (see `oauth.rs`).
    pub oauth: crate::oauth::OAuth,
    /// Events and interactions sent to the app (see `events/`).
    pub events: crate::events::Outbound,
}

/// The largest file posted to an upload URL.
pub const MAX_UPLOAD: usize = 1024 * 1024 * 1024;

pub fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/api/{method}", any(api))
        .route("/upload/{file_id}", axum::routing::post(upload))
        .merge(crate::script::routes())
        .merge(crate::act::routes())
        .merge(crate::socket::routes())
        .merge(crate::oauth::routes())
        .merge(crate::events::routes())
        .merge(crate::interact::routes())
        .with_state(shared)
}

/// An upload URL of `files.getUploadURLExternal`: the file's bytes, raw or as the file
/// part of a `multipart/form-data` body. Slack answers `OK - <length>`.
async fn upload(
    State(shared): State<Arc<Shared>>,
    Path(file_id): Path<String>,
    request: Request<Body>,
) -> Response {
    let (parts, body) = request.into_parts();
    let Ok(body) = to_bytes(body, MAX_UPLOAD).await else {
        return (StatusCode::PAYLOAD_TOO_LARGE, "file too large").into_response();
    };
    let content_type = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    let bytes = match content_type {
        Some(c) if c.to_ascii_lowercase().starts_with("multipart/form-data") => {
            match file_part(c, &body) {
                Some(bytes) => bytes,
                None => return (StatusCode::BAD_REQUEST, "no file part").into_response(),
            }
        }
        _ => body.to_vec(),
    };
    let length = bytes.len();
    crate::script::record_upload(&shared, &file_id, content_type, length);
    let mut workspace = shared.workspace.lock().unwrap_or_else(|e| e.into_inner());
    if behaviour::receive_upload(&mut workspace, &file_id, bytes) {
        (StatusCode::OK, format!("OK - {length}")).into_response()
    } else {
        (StatusCode::NOT_FOUND, "no such upload").into_response()
    }
}

/// The first file part of a multipart body, read by the wire decoder.
fn file_part(content_type: &str, body: &[u8]) -> Option<Vec<u8>> {
    let request = IncomingRequest {
        method: "POST",
        content_type: Some(content_type),
        body,
        ..IncomingRequest::default()
    };
    let decoded = wire::decode(None, &request).ok()?;
    let bytes = decoded.params.iter().find_map(|(_, value)| match value {
        slack_api::ParamValue::File(file) => Some(file.bytes().to_vec()),
        _ => None,
    });
    bytes
}

async fn api(
    State(shared): State<Arc<Shared>>,
    Path(method): Path<String>,
    request: Request<Body>,
) -> Response {
    let (parts, body) = request.into_parts();
    let Ok(body) = to_bytes(body, MAX_BODY).await else {
        return answer(
            StatusCode::PAYLOAD_TOO_LARGE,
            Failure::new("request_too_large").body(),
        );
    };
    let header = |name| parts.headers.get(name).and_then(|v| v.to_str().ok());
    let incoming = IncomingRequest {
        method: parts.method.as_str(),
        query: parts.uri.query(),
        content_type: header(header::CONTENT_TYPE),
        authorization: header(header::AUTHORIZATION),
        body: &body,
    };
    let meta = MethodMeta::find(&method);
    let decoded = wire::decode(meta, &incoming);
    // Scripting (script.rs): record the call; a scripted answer comes before the checks.
    let seen = decoded.as_ref().ok();
    if let Some(scripted) = crate::script::intercept(&shared, &method, &incoming, seen).await {
        return scripted;
    }
    let body = match serve(&shared, &method, &incoming, decoded) {
        Ok(body) => body,
        // Rate limits (ratelimit.rs): HTTP 429 with `Retry-After`.
        Err(Failure {
            retry_after: Some(seconds),
            ..
        }) => return crate::ratelimit::answer(seconds),
        Err(failure) => failure.body(),
    };
    answer(StatusCode::OK, body)
}

fn answer(status: StatusCode, body: Value) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        body.to_string(),
    )
        .into_response()
}

/// One call, checked in Slack's order and then served (`decoded`: what the wire decoder
/// read from it).
fn serve(
    shared: &Shared,
    method: &str,
    incoming: &IncomingRequest<'_>,
    decoded: Result<wire::DecodedRequest, wire::WireError>,
) -> Result<Value, Failure> {
    let meta = MethodMeta::find(method).ok_or_else(|| Failure::new("unknown_method"))?;
    check_content_type(meta, incoming)?;
    let decoded = decoded
        .map_err(|e| Failure::new(e.slack_error()).with_messages(vec![format!("[ERROR] {e}")]))?;
    // OAuth (oauth.rs): a method that takes the app's credentials instead of a token.
    if meta.auth == slack_api::Auth::ClientCredentials {
        let fields = crate::oauth::access(shared, incoming, &decoded.params)?;
        return Ok(reply::success(fields, &[]));
    }
    let token = decoded.token.as_ref().map(|t| t.expose());
    shared.oauth.check_expiry(token)?;
    let credentials = shared.credentials.read().unwrap_or_else(|e| e.into_inner());
    let who = auth::check(meta, token, &credentials)?;
    // Rate limits (ratelimit.rs), per team and method.
    shared
        .rate_limits
        .check(meta, crate::workspace::TEAM_ID, &decoded.params)?;
    check_required(meta, &decoded.params)?;
    // Block Kit (blockkit.rs): the same limits as the client's, strictly.
    crate::blockkit::check(meta, &decoded.params)?;
    let warnings: Vec<&str> = decoded.warnings.iter().map(|w| w.code()).collect();
    // Socket Mode (socket.rs): a one-use WebSocket URL.
    if method == "apps.connections.open" {
        let origin = shared
            .workspace
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .origin
            .clone();
        return Ok(reply::success(shared.socket.open(&origin), &warnings));
    }
    let fields = match behaviour::find(method) {
        Some(run) => {
            let mut workspace = shared.workspace.lock().unwrap_or_else(|e| e.into_inner());
            let call = Call {
                params: &decoded.params,
                who,
            };
            let outcome = run(&mut workspace, &call);
            // Events (events/): what the call changed, to the app.
            crate::events::flush(shared, &mut workspace);
            outcome?
        }
        None => minimal(meta),
    };
    Ok(reply::success(fields, &warnings))
}

/// A JSON body to a method that takes none is refused as Slack refuses it.
fn check_content_type(meta: &MethodMeta, incoming: &IncomingRequest<'_>) -> Result<(), Failure> {
    let json = incoming.content_type.is_some_and(|c| {
        c.trim_start()
            .to_ascii_lowercase()
            .starts_with("application/json")
    });
    if json && !incoming.body.is_empty() && !meta.accepts_json() {
        return Err(Failure::new("invalid_post_type"));
    }
    Ok(())
}

/// Every required argument came, or the error Slack gives, naming the missing ones.
pub(crate) fn check_required(
    meta: &MethodMeta,
    params: &slack_api::Params<'_>,
) -> Result<(), Failure> {
    let missing: Vec<String> = meta
        .arguments
        .iter()
        .filter(|a| a.required && !params.contains(a.name))
        .map(|a| format!("[ERROR] missing required field: {}", a.name))
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(Failure::new("invalid_arguments").with_messages(missing))
    }
}

/// The answer of a method without a behaviour: its minimal successful response, from its
/// metadata (every required field, with placeholder values), without the `ok` that
/// [`reply::success`] puts first.
pub(crate) fn minimal(meta: &MethodMeta) -> Map<String, Value> {
    let mut fields = reply::fields(serde_json::from_str(meta.minimal_response).unwrap_or_default());
    fields.remove("ok");
    fields
}

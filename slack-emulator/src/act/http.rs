//! Acting as a user over HTTP, for tests in other languages:
//! `GET /_emulator/token?user=U…` (`{"ok": true, "user": "U…", "token": "xoxp-…"}`) and
//! `POST /_emulator/act` with `{"user": "U…", "method": "chat.postMessage", "args": {…}}`
//! (the method's answer). `user` is an id or a name; no such person is HTTP 404.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde_json::{json, Value};

use crate::serve::Shared;

/// `GET /_emulator/token`, `POST /_emulator/act`.
pub fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/_emulator/token", get(token))
        .route("/_emulator/act", post(act))
}

async fn token(State(shared): State<Arc<Shared>>, uri: Uri) -> Response {
    let query = uri.query().unwrap_or("");
    let user = query
        .split('&')
        .find_map(|pair| pair.strip_prefix("user="))
        .unwrap_or("");
    match super::user_token(&shared, user) {
        Some(token) => json_ok(json!({"ok": true, "user": user, "token": token})),
        None => no_such(user),
    }
}

async fn act(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let request: Option<Value> = serde_json::from_slice(&body).ok();
    let Some(request) = request.as_ref().and_then(Value::as_object) else {
        return (StatusCode::BAD_REQUEST, "a JSON object").into_response();
    };
    let text = |key| request.get(key).and_then(Value::as_str);
    let (Some(user), Some(method)) = (text("user"), text("method")) else {
        return (StatusCode::BAD_REQUEST, "`user` and `method` are required").into_response();
    };
    let args = request.get("args").cloned().unwrap_or(json!({}));
    if !args.is_object() {
        return (StatusCode::BAD_REQUEST, "`args` must be an object").into_response();
    }
    let Some(token) = super::user_token(&shared, user) else {
        return no_such(user);
    };
    json_ok(super::call(&shared, &token, method, &args))
}

fn json_ok(body: Value) -> Response {
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        body.to_string(),
    )
        .into_response()
}

fn no_such(user: &str) -> Response {
    let message = format!("no person `{user}` in the workspace (bots have no user token)");
    (StatusCode::NOT_FOUND, message).into_response()
}

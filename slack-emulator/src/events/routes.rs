//! Over HTTP: `GET /_emulator/app` (the app, without its secret), `POST /_emulator/app`
//! (`{"events": […], "socket_mode": bool, "signing_secret": "…", "request_url": "…"}`,
//! each optional; a `request_url` is set once it answers `url_verification`), and
//! `GET /_emulator/deliveries`.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde_json::{json, Map, Value};

use super::{App, Delivery, Via};
use crate::script::json_response;
use crate::serve::Shared;

pub fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/_emulator/app", get(show).post(change))
        .route("/_emulator/deliveries", get(deliveries))
}

fn app_json(app: &App) -> Value {
    json!({
        "app_id": app.app_id, "events": app.events, "request_url": app.request_url,
        "socket_mode": app.socket_mode, "client_id": app.client_id,
        "token_rotation": app.token_rotation, "token_lifetime": app.token_lifetime,
    })
}

async fn show(State(shared): State<Arc<Shared>>) -> Response {
    let app = shared
        .workspace
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .app
        .clone();
    json_response(StatusCode::OK, json!({"ok": true, "app": app_json(&app)}))
}

async fn change(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let Ok(Value::Object(spec)) = serde_json::from_slice::<Value>(&body) else {
        return json_response(
            StatusCode::BAD_REQUEST,
            json!({"ok": false, "error": "a JSON object"}),
        );
    };
    if let Err(error) = apply(&shared, &spec) {
        return json_response(
            StatusCode::BAD_REQUEST,
            json!({"ok": false, "error": error}),
        );
    }
    if let Some(url) = spec.get("request_url").and_then(Value::as_str) {
        if let Err(e) = super::control::set_request_url(&shared, url).await {
            let error =
                json!({"ok": false, "error": "url_verification_failed", "detail": e.to_string()});
            return json_response(StatusCode::UNPROCESSABLE_ENTITY, error);
        }
    }
    show(State(shared)).await
}

/// The settings of `spec` but the Request URL.
fn apply(shared: &Shared, spec: &Map<String, Value>) -> Result<(), String> {
    let mut ws = shared.workspace.lock().unwrap_or_else(|e| e.into_inner());
    let app = &mut ws.app;
    if let Some(events) = spec.get("events") {
        let events: Option<Vec<String>> = events
            .as_array()
            .and_then(|all| all.iter().map(|e| e.as_str().map(str::to_owned)).collect());
        app.events = events
            .ok_or("`events`: a list of event names")?
            .into_iter()
            .collect();
    }
    if let Some(on) = spec.get("socket_mode") {
        app.socket_mode = on.as_bool().ok_or("`socket_mode`: true or false")?;
    }
    if let Some(secret) = spec.get("signing_secret") {
        let secret = secret.as_str().filter(|s| !s.is_empty());
        app.signing_secret = secret.ok_or("`signing_secret`: a text")?.to_owned();
    }
    Ok(())
}

async fn deliveries(State(shared): State<Arc<Shared>>) -> Response {
    let all: Vec<Value> = shared
        .events
        .deliveries()
        .iter()
        .map(delivery_json)
        .collect();
    json_response(StatusCode::OK, json!({"ok": true, "deliveries": all}))
}

fn delivery_json(d: &Delivery) -> Value {
    json!({
        "via": match d.via { Via::Http => "http", Via::SocketMode => "socket_mode" },
        "kind": d.kind, "payload": d.payload, "retry_num": d.retry_num,
        "retry_reason": d.retry_reason, "status": d.status, "failure": d.failure,
        "response": d.response, "envelope_id": d.envelope_id,
    })
}

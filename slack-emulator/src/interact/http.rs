//! Interactions over HTTP, for tests in other languages: `POST /_emulator/interact` with
//! `{"user": "U…", "kind": "click", "channel", "ts", "action_id", "value"?}`,
//! `{"user", "kind": "submit_view", "view_id", "values": {…}}`,
//! `{"user", "kind": "choose_in_view", "view_id", "action_id", "value"?}`,
//! `{"user", "kind": "close_view", "view_id"}` or
//! `{"user", "kind": "command", "channel", "command": "/x", "text"}` answers
//! `{"ok": true, "answer": <the app's JSON answer or null>}`; `GET /_emulator/views?user=U…`
//! answers the person's view stack.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde_json::{json, Value};

use crate::act::{ActError, Actor};
use crate::script::json_response;
use crate::serve::Shared;

pub fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/_emulator/interact", post(interact))
        .route("/_emulator/views", get(views))
}

async fn interact(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let Ok(spec @ Value::Object(_)) = serde_json::from_slice::<Value>(&body) else {
        return json_response(
            StatusCode::BAD_REQUEST,
            json!({"ok": false, "error": "a JSON object"}),
        );
    };
    let text = |key: &str| spec[key].as_str().unwrap_or("").to_owned();
    let actor = Actor {
        shared: &shared,
        user: text("user"),
        as_bot: false,
    };
    let answer = match spec["kind"].as_str() {
        Some("click") => {
            let value = spec.get("value").cloned().unwrap_or(Value::Null);
            actor
                .choose(&text("channel"), &text("ts"), &text("action_id"), value)
                .await
        }
        Some("submit_view") => {
            let values = spec.get("values").cloned().unwrap_or(json!({}));
            actor.submit_view(&text("view_id"), values).await
        }
        Some("choose_in_view") => {
            let value = spec.get("value").cloned().unwrap_or(Value::Null);
            actor
                .choose_in_view(&text("view_id"), &text("action_id"), value)
                .await
        }
        Some("close_view") => actor.close_view(&text("view_id")).await.map(|()| None),
        Some("command") => {
            actor
                .command(&text("channel"), &text("command"), &text("text"))
                .await
        }
        _ => {
            let error = "`kind`: click, submit_view, choose_in_view, close_view or command";
            return json_response(
                StatusCode::BAD_REQUEST,
                json!({"ok": false, "error": error}),
            );
        }
    };
    match answer {
        Ok(answer) => json_response(StatusCode::OK, json!({"ok": true, "answer": answer})),
        Err(ActError::NoSuchUser(user)) => json_response(
            StatusCode::NOT_FOUND,
            json!({"ok": false, "error": "no_such_user", "user": user}),
        ),
        Err(e) => json_response(StatusCode::OK, json!({"ok": false, "error": e.to_string()})),
    }
}

async fn views(State(shared): State<Arc<Shared>>, uri: Uri) -> Response {
    let query = uri.query().unwrap_or("");
    let user = query
        .split('&')
        .find_map(|pair| pair.strip_prefix("user="))
        .unwrap_or("");
    let stack: Vec<Value> = super::views::stack_of(&shared, user)
        .into_iter()
        .map(|open| json!({"view": open.view, "errors": open.errors}))
        .collect();
    json_response(StatusCode::OK, json!({"ok": true, "views": stack}))
}

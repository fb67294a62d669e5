//! Response URLs: each interaction gets one, `POST /_emulator/respond/<id>`, usable five
//! times in thirty minutes as Slack's. A message posted there replaces the message the
//! interaction came from (`replace_original`), deletes it (`delete_original`), is posted in
//! the channel (`response_type: in_channel`) or shown to the person only (ephemeral, the
//! default: [`Emulator::ephemeral_messages`](crate::Emulator::ephemeral_messages)), each
//! as the app's bot through the methods' own behaviours (so events follow).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::post;
use axum::Router;
use serde_json::{json, Value};
use slack_api::TokenType;

use crate::script::json_response;
use crate::serve::Shared;
use crate::workspace::Workspace;

/// How many times a response URL may be used, and for how long (seconds).
const USES: u32 = 5;
const LIFETIME: u64 = 30 * 60;

/// Where a response URL's messages go.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ResponseTarget {
    channel: String,
    /// The message the interaction came from (none for a slash command).
    message_ts: Option<String>,
    user: String,
    uses: u32,
    created: u64,
}

impl ResponseTarget {
    pub(crate) fn new(channel: &str, message_ts: Option<&str>, user: &str) -> Self {
        ResponseTarget {
            channel: channel.to_owned(),
            message_ts: message_ts.map(str::to_owned),
            user: user.to_owned(),
            uses: 0,
            created: crate::workspace::wall_seconds(),
        }
    }
}

/// A new response URL for `target`.
pub(crate) fn register(ws: &mut Workspace, target: ResponseTarget) -> String {
    let n = ws.response_urls.len() as u64 + 1;
    let id = format!("T0EMU/{n}/{:016x}", n.wrapping_mul(0x9e37_79b9_7f4a_7c15));
    ws.response_urls.insert(id.clone(), target);
    format!("{}/_emulator/respond/{id}", ws.origin)
}

pub fn routes() -> Router<Arc<Shared>> {
    Router::new().route("/_emulator/respond/{*id}", post(respond))
}

async fn respond(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let Ok(message @ Value::Object(_)) = serde_json::from_slice::<Value>(&body) else {
        return json_response(
            StatusCode::BAD_REQUEST,
            json!({"ok": false, "error": "invalid_json"}),
        );
    };
    let target = {
        let mut ws = shared.workspace.lock().unwrap_or_else(|e| e.into_inner());
        let now = crate::workspace::wall_seconds();
        match ws.response_urls.get_mut(&id) {
            Some(t) if t.uses < USES && now.saturating_sub(t.created) < LIFETIME => {
                t.uses += 1;
                t.clone()
            }
            Some(_) => {
                return json_response(
                    StatusCode::NOT_FOUND,
                    json!({"ok": false, "error": "expired_url"}),
                )
            }
            None => {
                return json_response(
                    StatusCode::NOT_FOUND,
                    json!({"ok": false, "error": "no_such_url"}),
                )
            }
        }
    };
    match apply(&shared, &target, &message) {
        Ok(()) => json_response(StatusCode::OK, json!({"ok": true})),
        Err(error) => json_response(StatusCode::OK, json!({"ok": false, "error": error})),
    }
}

/// Makes `message` take effect as Slack does for a response URL (or a slash command's
/// answer): replace or delete the original, post in the channel, or show it ephemerally.
pub(crate) fn apply(
    shared: &Shared,
    target: &ResponseTarget,
    message: &Value,
) -> Result<(), String> {
    let flag = |key: &str| message[key] == json!(true) || message[key] == json!("true");
    let mut args = json!({"channel": target.channel});
    for key in ["text", "blocks", "attachments", "thread_ts"] {
        if let Some(value) = message.get(key) {
            args[key] = value.clone();
        }
    }
    let (method, args) = match (
        &target.message_ts,
        flag("delete_original"),
        flag("replace_original"),
    ) {
        (Some(ts), true, _) => ("chat.delete", json!({"channel": target.channel, "ts": ts})),
        (Some(ts), false, true) => {
            args["ts"] = json!(ts);
            ("chat.update", args)
        }
        _ if message["response_type"] == "in_channel" => ("chat.postMessage", args),
        _ => {
            args["user"] = json!(target.user);
            ("chat.postEphemeral", args)
        }
    };
    let Some(token) = bot_token(shared) else {
        return Err("no_bot_token".into());
    };
    let answer = crate::act::call(shared, &token, method, &args);
    if answer["ok"] == json!(true) {
        Ok(())
    } else {
        Err(answer["error"].as_str().unwrap_or("failed").to_owned())
    }
}

/// A token of the app's bot user.
fn bot_token(shared: &Shared) -> Option<String> {
    let bot = shared
        .workspace
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .bot
        .1
        .clone();
    let all = shared.credentials.read().unwrap_or_else(|e| e.into_inner());
    all.iter()
        .find(|c| c.token_type == TokenType::Bot && c.user_id == bot && !c.revoked)
        .map(|c| c.token.clone())
}

//! Sending an interaction to the app and reading its answer: over Socket Mode (an
//! `interactive` or `slash_commands` envelope; the answer is the acknowledgement's
//! `payload`), else POSTed form-encoded to the Request URL (the answer is the response
//! body). Slack does not retry interactions: one try, within the delivery timeout.

use std::time::Duration;

use serde_json::{Map, Value};

use crate::act::ActError;
use crate::events::{socket_delivery, Post};
use crate::serve::Shared;

/// What is sent: a JSON payload (`payload=<json>` over HTTP) or a slash command's fields.
pub(crate) enum Sent {
    Interactive(Value),
    Command(Map<String, Value>),
}

/// Sends `sent` to the app: its answer, `None` when it answered with no JSON body.
pub(crate) async fn send(shared: &Shared, sent: Sent) -> Result<Option<Value>, ActError> {
    let app = shared
        .workspace
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .app
        .clone();
    let timeout = shared.events.times().timeout;
    let (envelope_type, kind, json) = match &sent {
        Sent::Interactive(payload) => {
            let kind = payload["type"].as_str().unwrap_or("").to_owned();
            ("interactive", kind, payload.clone())
        }
        Sent::Command(fields) => (
            "slash_commands",
            "slash_command".to_owned(),
            Value::Object(fields.clone()),
        ),
    };
    if app.socket_mode && shared.socket.connections() > 0 {
        let id = shared.socket.push(envelope_type, json.clone());
        shared
            .events
            .record(socket_delivery(&kind, json, id.clone()));
        return wait_for_ack(shared, &id, timeout).await;
    }
    let url = app.request_url.ok_or_else(|| {
        ActError::Undelivered("no Socket Mode connection and no Request URL".into())
    })?;
    let mut post = Post::json(&url, &app.signing_secret, form_body(&sent), json);
    post.content_type = "application/x-www-form-urlencoded";
    post.kind = kind;
    match shared.events.try_once(&post, 0, None, timeout).await {
        Ok((200..=299, body, _)) => Ok(serde_json::from_str(&body).ok()),
        Ok((status, ..)) => Err(ActError::Undelivered(format!("HTTP {status}"))),
        Err(reason) => Err(ActError::Undelivered(reason.to_owned())),
    }
}

/// `payload=<json>`, or a command's fields, form-encoded.
fn form_body(sent: &Sent) -> Vec<u8> {
    let mut form = form_urlencoded::Serializer::new(String::new());
    match sent {
        Sent::Interactive(payload) => {
            form.append_pair("payload", &payload.to_string());
        }
        Sent::Command(fields) => {
            for (key, value) in fields {
                let text = value
                    .as_str()
                    .map_or_else(|| value.to_string(), str::to_owned);
                form.append_pair(key, &text);
            }
        }
    }
    form.finish().into_bytes()
}

/// Polls the acknowledgements for envelope `id` until `timeout`: its payload.
async fn wait_for_ack(
    shared: &Shared,
    id: &str,
    timeout: Duration,
) -> Result<Option<Value>, ActError> {
    let deadline = tokio::time::Instant::now() + timeout;
    loop {
        if let Some(ack) = shared
            .socket
            .acks()
            .into_iter()
            .find(|a| a.envelope_id == id)
        {
            return Ok(ack.payload.filter(|p| !p.is_null()));
        }
        if tokio::time::Instant::now() >= deadline {
            return Err(ActError::Undelivered("no_ack".into()));
        }
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
}

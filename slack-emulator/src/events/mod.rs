//! Events follow the workspace: what a call changes (a message posted, edited or deleted,
//! a reaction, a member joining or leaving, a channel created, renamed or archived) is
//! raised as the event Slack would send (`raise.rs`), and once the call is done, sent to the
//! installed app ([`App`]) in an `event_callback` envelope when it subscribes to it and,
//! for events in a channel, its bot is a member: over Socket Mode when a connection is
//! open, else signed to its Request URL with Slack's retries (`http.rs`). Sending never
//! waits for the app.

use serde_json::{json, Map, Value};

use crate::serve::Shared;
use crate::workspace::{Workspace, TEAM_ID};

mod control;
mod delivery;
mod home;
mod http;
mod raise;
mod routes;

use crate::app::App;
pub use delivery::{Delivery, DeliveryTimes, UrlVerificationError, Via};
pub use http::Outbound;
pub(crate) use http::{socket_delivery, Post};
pub(crate) use raise::Raised;
pub use routes::routes;

/// Sends what the last call raised (its events, and the messages it posted) to the app.
pub(crate) fn flush(shared: &Shared, ws: &mut Workspace) {
    let mut raised = std::mem::take(&mut ws.outbox);
    let listening = ws.app.request_url.is_some() || shared.socket.connections() > 0;
    if !listening {
        // No one to tell: what was raised is dropped unmade.
        ws.channels.iter_mut().for_each(|c| c.fresh.clear());
        return;
    }
    let bot = ws.bot.1.clone();
    let mut posted = Vec::new();
    for channel in &mut ws.channels {
        for mut message in std::mem::take(&mut channel.fresh) {
            // A reply names its thread's author, as Slack's event does.
            let thread = message
                .get("thread_ts")
                .filter(|t| Some(*t) != message.get("ts"));
            if let Some(parent) =
                thread.and_then(|t| channel.messages.iter().find(|m| m.get("ts") == Some(t)))
            {
                let author = parent.get("user").cloned().unwrap_or(Value::Null);
                message.insert("parent_user_id".into(), author);
            }
            posted.push((channel.id().to_owned(), channel.channel_type(), message));
        }
    }
    for (channel, channel_type, message) in posted {
        raised.extend(message_events(&channel, channel_type, message, &bot));
    }
    for raised in raised {
        if let Some(subscription) = seen_by_app(ws, &raised) {
            if ws.app.subscribes(&subscription) {
                let envelope = envelope(shared, ws, raised.event);
                shared.events.send(shared, &ws.app, envelope);
            }
        }
    }
}

/// The subscription an event needs, if the app's bot may see it at all.
fn seen_by_app(ws: &Workspace, raised: &Raised) -> Option<String> {
    let bot = &ws.bot.1;
    if let Some(id) = &raised.channel {
        let channel = ws.channel(id)?;
        let about_bot = raised.event.get("user").and_then(Value::as_str) == Some(bot);
        if !channel.members.contains(bot) && !about_bot {
            return None;
        }
    }
    let kind = raised.event.get("type")?.as_str()?;
    Some(match (kind, raised.event.get("channel_type")) {
        ("message", Some(Value::String(t))) => match t.as_str() {
            "channel" => "message.channels".to_owned(),
            "group" => "message.groups".to_owned(),
            other => format!("message.{other}"),
        },
        _ => kind.to_owned(),
    })
}

/// A posted message's `message` event, and an `app_mention` when it mentions the bot
/// (not for system messages, nor the bot's own posts).
fn message_events(
    channel: &str,
    channel_type: &'static str,
    message: Map<String, Value>,
    bot: &str,
) -> Vec<Raised> {
    let mut event = message;
    let ts = event.get("ts").cloned().unwrap_or(Value::Null);
    event.insert("type".into(), json!("message"));
    event.insert("channel".into(), json!(channel));
    event.insert("event_ts".into(), ts);
    event.insert("channel_type".into(), json!(channel_type));
    let text = event.get("text").and_then(Value::as_str).unwrap_or("");
    let plain = matches!(
        event.get("subtype").and_then(Value::as_str),
        None | Some("thread_broadcast" | "file_share")
    );
    let from_bot = event.get("user").and_then(Value::as_str) == Some(bot);
    let mention = plain && !from_bot && channel_type != "im" && text.contains(&format!("<@{bot}>"));
    let scope = Some(channel.to_owned());
    let mut out = Vec::new();
    if mention {
        let mut mention = event.clone();
        mention.insert("type".into(), json!("app_mention"));
        mention.remove("channel_type");
        out.push(Raised {
            event: mention,
            channel: scope.clone(),
        });
    }
    out.insert(
        0,
        Raised {
            event,
            channel: scope,
        },
    );
    out
}

/// The `event_callback` envelope Slack wraps an event in.
fn envelope(shared: &Shared, ws: &Workspace, event: Map<String, Value>) -> Value {
    let n = shared.events.next_id();
    let channel = event.get("channel").and_then(Value::as_str).unwrap_or("");
    json!({
        "token": ws.app.verification_token,
        "team_id": TEAM_ID,
        "context_team_id": TEAM_ID,
        "context_enterprise_id": null,
        "api_app_id": ws.app.app_id,
        "event": event,
        "type": "event_callback",
        "event_id": format!("Ev0EMU{n:05}"),
        "event_time": crate::workspace::wall_seconds(),
        "authorizations": [{
            "enterprise_id": null, "team_id": TEAM_ID, "user_id": ws.bot.1,
            "is_bot": true, "is_enterprise_install": false,
        }],
        "is_ext_shared_channel": false,
        "event_context": format!("4-emu-{TEAM_ID}-{channel}-{n}"),
    })
}

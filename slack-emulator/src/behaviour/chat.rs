//! `chat.*`: posting, threads, edits and deletions.

use serde_json::{json, Map, Value};
use slack_api::{ParamValue, TokenType};

use super::{channel, Call};
use crate::reply::{fields, Failure, Outcome};
use crate::workspace::{Channel, Workspace};

pub fn post_message(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
    let text = call.text("text").unwrap_or("");
    if text.is_empty() && !call.params.contains("blocks") && !call.params.contains("attachments") {
        return Err(Failure::new("no_text"));
    }
    let ts = ws.new_ts();
    let bot = ws.bot.clone();
    let app_id = ws.app.app_id.clone();
    let poster_bot_id = ws
        .user(&call.who.user_id)
        .and_then(|u| u.get("profile")?.get("bot_id")?.as_str().map(str::to_owned));
    let who = call.who;
    let channel = channel(ws, call)?;
    if channel.is_archived() {
        return Err(Failure::new("is_archived"));
    }
    if !channel.members.contains(&who.user_id) {
        return Err(Failure::new("not_in_channel"));
    }
    let mut message = fields(json!({
        "type": "message", "user": who.user_id, "text": text, "ts": ts,
        "team": crate::workspace::TEAM_ID,
    }));
    if who.token_type == TokenType::Bot {
        // The poster's own bot id (another bot's, or the app's); the app's id on its posts.
        let bot_id = poster_bot_id.unwrap_or(bot.0);
        message.insert("bot_id".into(), json!(bot_id));
        if who.user_id == bot.1 {
            message.insert("app_id".into(), json!(app_id));
        }
    }
    for key in ["blocks", "attachments", "metadata"] {
        if let Some(ParamValue::Json(value)) = call.params.get(key) {
            message.insert(key.into(), value.clone().into_owned());
        }
    }
    if let Some(parent_ts) = call.text("thread_ts").map(str::to_owned) {
        let parent = channel
            .message_mut(&parent_ts)
            .ok_or_else(|| Failure::new("thread_not_found"))?;
        add_reply(parent, &who.user_id, &ts);
        message.insert("thread_ts".into(), json!(parent_ts));
        if call.flag("reply_broadcast") {
            message.insert("subtype".into(), json!("thread_broadcast"));
        }
    }
    channel.post(message.clone());
    Ok(fields(
        json!({ "channel": channel.id(), "ts": ts, "message": message }),
    ))
}

/// A thread's parent after a reply: its count, repliers and latest reply.
pub(crate) fn add_reply(parent: &mut Map<String, Value>, user: &str, ts: &str) {
    let parent_ts = parent.get("ts").cloned().unwrap_or(Value::Null);
    parent.insert("thread_ts".into(), parent_ts);
    let count = parent
        .get("reply_count")
        .and_then(Value::as_i64)
        .unwrap_or(0);
    parent.insert("reply_count".into(), json!(count + 1));
    let mut users: Vec<Value> = parent
        .get("reply_users")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    if !users.contains(&json!(user)) {
        users.push(json!(user));
    }
    parent.insert("reply_users_count".into(), json!(users.len()));
    parent.insert("reply_users".into(), Value::Array(users));
    parent.insert("latest_reply".into(), json!(ts));
}

pub fn update(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
    let edited_ts = ws.new_ts();
    let ts = call.required("ts").to_owned();
    let who = call.who.user_id.clone();
    let channel = channel(ws, call)?;
    let channel_id = channel.id().to_owned();
    let channel_type = channel.channel_type();
    let message = channel
        .message_mut(&ts)
        .ok_or_else(|| Failure::new("message_not_found"))?;
    if message.get("user") != Some(&json!(who)) {
        return Err(Failure::new("cant_update_message"));
    }
    let previous = message.clone();
    if let Some(text) = call.text("text") {
        message.insert("text".into(), json!(text));
    }
    message.insert("edited".into(), json!({"user": who, "ts": edited_ts}));
    let text = message.get("text").cloned().unwrap_or(json!(""));
    let message = message.clone();
    let changed = json!({
        "type": "message", "subtype": "message_changed", "hidden": true,
        "channel": channel_id, "channel_type": channel_type, "ts": edited_ts,
        "event_ts": edited_ts, "message": message, "previous_message": previous,
    });
    ws.raise(changed, Some(&channel_id));
    Ok(fields(json!({
        "channel": channel_id, "ts": ts, "text": text, "message": message,
    })))
}

pub fn delete(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
    let ts = call.required("ts").to_owned();
    let who = call.who.user_id.clone();
    let channel = channel(ws, call)?;
    let index = channel
        .messages
        .iter()
        .position(|m| m.get("ts") == Some(&json!(ts)))
        .ok_or_else(|| Failure::new("message_not_found"))?;
    if channel.messages[index].get("user") != Some(&json!(who)) {
        return Err(Failure::new("cant_delete_message"));
    }
    let previous = channel.messages.remove(index);
    let (id, channel_type) = (channel.id().to_owned(), channel.channel_type());
    let event_ts = ws.new_ts();
    let deleted = json!({
        "type": "message", "subtype": "message_deleted", "hidden": true,
        "channel": id, "channel_type": channel_type, "ts": event_ts, "event_ts": event_ts,
        "deleted_ts": ts, "previous_message": previous,
    });
    ws.raise(deleted, Some(&id));
    Ok(fields(json!({ "channel": id, "ts": ts })))
}

/// The channel named by `channel`, where the caller may post: not archived, and a member.
pub(super) fn postable<'w>(
    ws: &'w mut Workspace,
    call: &Call<'_>,
) -> Result<&'w mut Channel, Failure> {
    let channel = channel(ws, call)?;
    if channel.is_archived() {
        return Err(Failure::new("is_archived"));
    }
    if !channel.members.contains(&call.who.user_id) {
        return Err(Failure::new("not_in_channel"));
    }
    Ok(channel)
}

/// `no_text` unless the call has `text`, `blocks` or `attachments`.
pub(super) fn some_content<'c>(call: &'c Call<'_>) -> Result<&'c str, Failure> {
    let text = call.text("text").unwrap_or("");
    if text.is_empty() && !call.params.contains("blocks") && !call.params.contains("attachments") {
        return Err(Failure::new("no_text"));
    }
    Ok(text)
}

/// An ephemeral message: shown to `user` only, so kept nowhere (not in the history).
pub fn post_ephemeral(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
    some_content(call)?;
    let message_ts = ws.new_ts();
    let channel = postable(ws, call)?;
    if !channel.members.contains(call.required("user")) {
        return Err(Failure::new("user_not_in_channel"));
    }
    let channel_id = channel.id().to_owned();
    let mut shown = fields(json!({
        "type": "message", "user": call.who.user_id, "channel": channel_id,
        "text": call.text("text").unwrap_or(""), "ts": message_ts,
        "shown_to": call.required("user"),
    }));
    for key in ["blocks", "attachments", "thread_ts"] {
        if let Some(value) = call.params.get(key) {
            let value = match value {
                ParamValue::Json(value) => value.clone().into_owned(),
                other => json!(other.as_str()),
            };
            shown.insert(key.into(), value);
        }
    }
    ws.ephemeral.push(shown);
    Ok(fields(json!({ "message_ts": message_ts })))
}

/// A `/me` message: a message with the subtype `me_message`.
pub fn me_message(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
    let text = call.required("text");
    if text.is_empty() {
        return Err(Failure::new("no_text"));
    }
    let ts = ws.new_ts();
    let channel = postable(ws, call)?;
    channel.post(fields(json!({
        "type": "message", "subtype": "me_message", "user": call.who.user_id,
        "text": text, "ts": ts, "team": crate::workspace::TEAM_ID,
    })));
    Ok(fields(json!({ "channel": channel.id(), "ts": ts })))
}

/// `https://<domain>.slack.com/archives/<channel>/p<ts without the dot>`, with the thread
/// and channel as Slack adds them for a reply.
pub fn get_permalink(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
    let domain = ws.team.get("domain").and_then(Value::as_str).unwrap_or("");
    let domain = domain.to_owned();
    let ts = call.required("message_ts").to_owned();
    let channel = channel(ws, call)?;
    let id = channel.id().to_owned();
    let message = channel
        .message_mut(&ts)
        .ok_or_else(|| Failure::new("message_not_found"))?;
    let mut permalink = format!(
        "https://{domain}.slack.com/archives/{id}/p{}",
        ts.replace('.', "")
    );
    if let Some(thread) = message.get("thread_ts").and_then(Value::as_str) {
        if thread != ts {
            permalink.push_str(&format!("?thread_ts={thread}&cid={id}"));
        }
    }
    Ok(fields(json!({ "channel": id, "permalink": permalink })))
}

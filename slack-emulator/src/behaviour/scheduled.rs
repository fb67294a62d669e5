//! `chat.scheduleMessage`, `chat.scheduledMessages.list`, `chat.deleteScheduledMessage`:
//! messages kept aside until their `post_at`, then posted into their channel (checked when
//! a channel's messages or the scheduled messages are read: [`deliver_due`]).

use serde_json::{json, Map, Value};
use slack_api::{ParamValue, TokenType};

use super::chat::{postable, some_content};
use super::{channel, page, Call};
use crate::reply::{fields, Failure, Outcome};
use crate::workspace::{Workspace, TEAM_ID};

/// How far ahead a message can be scheduled: 120 days.
const SCHEDULE_HORIZON: i64 = 120 * 24 * 60 * 60;

pub fn schedule_message(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
    let text = some_content(call)?.to_owned();
    ws.new_ts();
    let now = ws.now() as i64;
    let id = ws.new_id('Q');
    let bot = ws.bot.0.clone();
    let post_at = call.number("post_at").unwrap_or(0);
    let channel = postable(ws, call)?;
    let channel_id = channel.id().to_owned();
    if post_at <= now {
        return Err(Failure::new("time_in_past"));
    }
    if post_at > now + SCHEDULE_HORIZON {
        return Err(Failure::new("time_too_far"));
    }
    let who = call.who;
    let mut message = fields(json!({
        "type": "delayed_message", "user": who.user_id, "text": text,
        "team": crate::workspace::TEAM_ID,
    }));
    if who.token_type == TokenType::Bot {
        message.insert("bot_id".into(), json!(bot));
    }
    let posted = to_post(call, &message);
    ws.scheduled.push(fields(json!({
        "id": id, "channel_id": channel_id, "post_at": post_at, "date_created": now,
        "text": text, "user": who.user_id, "_message": posted,
    })));
    Ok(fields(json!({
        "channel": channel_id, "scheduled_message_id": id,
        "post_at": post_at.to_string(), "message": message,
    })))
}

/// The caller's scheduled messages, soonest first; in `channel` if it is given, and between
/// `oldest` and `latest` (Unix times) if they are.
pub fn list(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
    deliver_due(ws);
    let channel = call.text("channel").filter(|c| !c.is_empty());
    let who = &call.who.user_id;
    if channel.is_some_and(|c| !ws.channel(c).is_some_and(|c| c.visible_to(who))) {
        return Err(Failure::new("invalid_channel"));
    }
    let bound = |name| {
        call.text(name)
            .and_then(|t| t.split('.').next()?.parse::<i64>().ok())
    };
    let (oldest, latest) = (bound("oldest"), bound("latest"));
    let mut mine: Vec<&Map<String, Value>> = ws
        .scheduled
        .iter()
        .filter(|s| s.get("user") == Some(&json!(call.who.user_id)))
        .filter(|s| channel.is_none_or(|c| s.get("channel_id") == Some(&json!(c))))
        .filter(|s| {
            let at = s.get("post_at").and_then(Value::as_i64).unwrap_or(0);
            oldest.is_none_or(|o| at >= o) && latest.is_none_or(|l| at <= l)
        })
        .collect();
    mine.sort_by_key(|s| s.get("post_at").and_then(Value::as_i64));
    let all: Vec<Value> = mine
        .into_iter()
        .map(|s| {
            let mut view = s.clone();
            view.retain(|key, _| key != "user" && !key.starts_with('_'));
            Value::Object(view)
        })
        .collect();
    let (scheduled, next) = page(all, call)?;
    Ok(fields(json!({
        "scheduled_messages": scheduled, "response_metadata": {"next_cursor": next},
    })))
}

pub fn delete(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
    deliver_due(ws);
    let channel_id = channel(ws, call)?.id().to_owned();
    let id = call.required("scheduled_message_id");
    let index = ws
        .scheduled
        .iter()
        .position(|s| {
            s.get("id") == Some(&json!(id))
                && s.get("channel_id") == Some(&json!(channel_id))
                && s.get("user") == Some(&json!(call.who.user_id))
        })
        .ok_or_else(|| Failure::new("invalid_scheduled_message_id"))?;
    ws.scheduled.remove(index);
    Ok(Map::new())
}

/// The message to post at `post_at`: what `chat.postMessage` would have posted then.
fn to_post(call: &Call<'_>, scheduled: &Map<String, Value>) -> Value {
    let mut message = scheduled.clone();
    message.insert("type".into(), json!("message"));
    for key in ["blocks", "attachments", "metadata"] {
        if let Some(ParamValue::Json(value)) = call.params.get(key) {
            message.insert(key.into(), value.clone().into_owned());
        }
    }
    if let Some(thread_ts) = call.text("thread_ts").filter(|t| !t.is_empty()) {
        message.insert("thread_ts".into(), json!(thread_ts));
        if call.flag("reply_broadcast") {
            message.insert("subtype".into(), json!("thread_broadcast"));
        }
    }
    Value::Object(message)
}

/// Posts every scheduled message whose `post_at` has passed into its channel, at that time
/// (its `ts` is `post_at`, in order among the channel's messages), and forgets it. One whose
/// channel is gone or archived is dropped.
pub(super) fn deliver_due(ws: &mut Workspace) {
    let now = crate::workspace::wall_seconds() as i64;
    let at = |s: &Map<String, Value>| s.get("post_at").and_then(Value::as_i64).unwrap_or(0);
    let (mut due, later): (Vec<_>, Vec<_>) = std::mem::take(&mut ws.scheduled)
        .into_iter()
        .partition(|s| at(s) <= now);
    ws.scheduled = later;
    due.sort_by_key(|s| at(s));
    for scheduled in due {
        deliver(ws, &scheduled, at(&scheduled) as u64);
    }
}

fn deliver(ws: &mut Workspace, scheduled: &Map<String, Value>, post_at: u64) {
    let channel_id = scheduled["channel_id"].as_str().unwrap_or("").to_owned();
    let Some(channel) = ws.channel(&channel_id).filter(|c| !c.is_archived()) else {
        return;
    };
    let taken: Vec<String> = channel
        .messages
        .iter()
        .filter_map(|m| Some(m.get("ts")?.as_str()?.to_owned()))
        .collect();
    let ts = ws.ts_at(post_at, |ts| taken.iter().any(|t| t == ts));
    let mut message = match scheduled.get("_message") {
        Some(Value::Object(message)) => message.clone(),
        _ => fields(json!({
            "type": "message", "user": scheduled["user"], "text": scheduled["text"],
            "team": TEAM_ID,
        })),
    };
    message.insert("ts".into(), json!(ts));
    let channel = ws.channel_mut(&channel_id).expect("found above");
    let user = scheduled["user"].as_str().unwrap_or("");
    let thread_ts = message.get("thread_ts").and_then(Value::as_str);
    if let Some(parent_ts) = thread_ts.map(str::to_owned) {
        match channel.message_mut(&parent_ts) {
            Some(parent) => super::chat::add_reply(parent, user, &ts),
            // Its thread is gone: posted in the channel.
            None => {
                message.remove("thread_ts");
                message.remove("subtype");
            }
        }
    }
    channel.post_in_order(message);
}

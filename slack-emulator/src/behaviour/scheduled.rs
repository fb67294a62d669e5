//! `chat.scheduleMessage`, `chat.scheduledMessages.list`, `chat.deleteScheduledMessage`:
//! messages kept aside until their `post_at`.

use serde_json::{json, Map, Value};
use slack_api::TokenType;

use super::chat::{postable, some_content};
use super::{channel, page, Call};
use crate::reply::{fields, Failure, Outcome};
use crate::workspace::Workspace;

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
    ws.scheduled.push(fields(json!({
        "id": id, "channel_id": channel_id, "post_at": post_at, "date_created": now,
        "text": text, "user": who.user_id,
    })));
    Ok(fields(json!({
        "channel": channel_id, "scheduled_message_id": id,
        "post_at": post_at.to_string(), "message": message,
    })))
}

/// The caller's scheduled messages, soonest first; in `channel` if it is given, and between
/// `oldest` and `latest` (Unix times) if they are.
pub fn list(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
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
            view.remove("user");
            Value::Object(view)
        })
        .collect();
    let (scheduled, next) = page(all, call)?;
    Ok(fields(json!({
        "scheduled_messages": scheduled, "response_metadata": {"next_cursor": next},
    })))
}

pub fn delete(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
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

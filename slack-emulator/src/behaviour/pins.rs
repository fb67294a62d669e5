//! `pins.*`: messages pinned to their channel, marked on the message as Slack marks them
//! (`pinned_to: [channel]`, `pinned_info: {channel: {pinned_by, pinned_ts}}`).

use serde_json::{json, Map, Value};

use super::reactions::is_timestamp;
use super::{channel, Call};
use crate::reply::{fields, Failure, Outcome};
use crate::workspace::Workspace;

/// The message named by `channel` and `timestamp`, and its channel's id.
fn message<'w>(
    ws: &'w mut Workspace,
    call: &Call<'_>,
) -> Result<(&'w mut Map<String, Value>, String), Failure> {
    let ts = call.required("timestamp");
    if !is_timestamp(ts) {
        return Err(Failure::new("bad_timestamp"));
    }
    let channel = channel(ws, call)?;
    let id = channel.id().to_owned();
    let message = channel
        .message_mut(ts)
        .ok_or_else(|| Failure::new("message_not_found"))?;
    Ok((message, id))
}

fn is_pinned(message: &Map<String, Value>, channel: &str) -> bool {
    message
        .get("pinned_to")
        .and_then(Value::as_array)
        .is_some_and(|to| to.contains(&json!(channel)))
}

pub fn add(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
    ws.new_ts();
    let now = ws.now();
    let who = call.who.user_id.clone();
    if ws
        .channel(call.required("channel"))
        .is_some_and(|c| c.visible_to(&who) && !c.members.contains(&who))
    {
        return Err(Failure::new("not_in_channel"));
    }
    let (message, channel) = message(ws, call)?;
    if is_pinned(message, &channel) {
        return Err(Failure::new("already_pinned"));
    }
    let to = message.entry("pinned_to").or_insert_with(|| json!([]));
    if let Some(to) = to.as_array_mut() {
        to.push(json!(channel));
    }
    let info = message.entry("pinned_info").or_insert_with(|| json!({}));
    if let Some(info) = info.as_object_mut() {
        info.insert(channel.clone(), json!({"pinned_by": who, "pinned_ts": now}));
    }
    let message = message.clone();
    raise(ws, "pin_added", &channel, &who, message, now);
    Ok(Map::new())
}

/// `pin_added` or `pin_removed` for `message` in `channel`, by `user`.
fn raise(
    ws: &mut Workspace,
    kind: &str,
    channel: &str,
    user: &str,
    message: Map<String, Value>,
    now: u64,
) {
    let pin_count = ws.channel(channel).map_or(0, |c| {
        c.messages.iter().filter(|m| is_pinned(m, channel)).count()
    });
    let item_user = message.get("user").cloned().unwrap_or(Value::Null);
    let event = json!({
        "type": kind, "user": user, "channel_id": channel, "item_user": item_user,
        "item": {
            "type": "message", "channel": channel, "message": message,
            "created": now, "created_by": user,
        },
        "pin_count": pin_count,
        "pinned_info": {"channel": channel, "pinned_by": user, "pinned_ts": now},
    });
    ws.raise(event, Some(channel));
}

pub fn remove(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
    let (message, channel) = message(ws, call)?;
    if !is_pinned(message, &channel) {
        return Err(Failure::new("not_pinned"));
    }
    for key in ["pinned_to", "pinned_info"] {
        let empty = match message.get_mut(key) {
            Some(Value::Array(to)) => {
                to.retain(|c| *c != json!(channel));
                to.is_empty()
            }
            Some(Value::Object(info)) => {
                info.remove(&channel);
                info.is_empty()
            }
            _ => false,
        };
        if empty {
            message.remove(key);
        }
    }
    let message = message.clone();
    let (user, now) = (call.who.user_id.clone(), ws.now());
    raise(ws, "pin_removed", &channel, &user, message, now);
    Ok(Map::new())
}

/// The channel's pinned messages, the latest pin first.
pub fn list(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
    let channel = channel(ws, call)?;
    let id = channel.id().to_owned();
    let mut items: Vec<Value> = channel
        .messages
        .iter()
        .filter(|m| is_pinned(m, &id))
        .map(|m| {
            let pin = m.get("pinned_info").and_then(|i| i.get(&id));
            let field = |name| pin.and_then(|p| p.get(name)).cloned();
            json!({
                "type": "message", "channel": id, "message": m,
                "created": field("pinned_ts"), "created_by": field("pinned_by"),
            })
        })
        .collect();
    items.reverse();
    items.sort_by_key(|i| std::cmp::Reverse(i["created"].as_u64()));
    Ok(fields(json!({ "items": items })))
}

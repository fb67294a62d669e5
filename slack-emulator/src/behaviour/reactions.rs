//! `reactions.*`: emoji reactions on messages, kept on the message as Slack shows them
//! (`reactions: [{name, users, count}]`).

use serde_json::{json, Map, Value};

use super::{channel, Call};
use crate::reply::{fields, Failure, Outcome};
use crate::workspace::Workspace;

/// The message the call names by `channel` and `timestamp` (files and file comments are
/// never found: the emulated workspace has none), and its channel's id.
fn message<'w>(
    ws: &'w mut Workspace,
    call: &Call<'_>,
) -> Result<(&'w mut Map<String, Value>, String), Failure> {
    if call.text("file").is_some() {
        return Err(Failure::new("file_not_found"));
    }
    if call.text("file_comment").is_some() {
        return Err(Failure::new("file_comment_not_found"));
    }
    let (Some(_), Some(ts)) = (call.text("channel"), call.text("timestamp")) else {
        return Err(Failure::new("no_item_specified"));
    };
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

/// `seconds.micros`, as every message `ts` is.
pub(super) fn is_timestamp(ts: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    ts.split_once('.')
        .is_some_and(|(secs, micros)| digits(secs) && digits(micros))
}

/// The emoji name without surrounding colons, or `invalid_name`.
fn emoji_name(call: &Call<'_>) -> Result<String, Failure> {
    let name = call.required("name").trim_matches(':');
    let valid = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "_+-':".contains(c));
    if valid {
        Ok(name.to_owned())
    } else {
        Err(Failure::new("invalid_name"))
    }
}

fn reactions(message: &Map<String, Value>) -> Vec<Value> {
    message
        .get("reactions")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}

fn users(reaction: &Value) -> Vec<Value> {
    reaction
        .get("users")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}

pub fn add(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
    let name = emoji_name(call)?;
    if ws
        .channel(call.required("channel"))
        .is_some_and(|c| c.visible_to(&call.who.user_id) && c.is_archived())
    {
        return Err(Failure::new("is_archived"));
    }
    let who = json!(call.who.user_id);
    let (message, _) = message(ws, call)?;
    let mut all = reactions(message);
    match all.iter_mut().find(|r| r["name"] == json!(name)) {
        Some(reaction) => {
            let mut users = users(reaction);
            if users.contains(&who) {
                return Err(Failure::new("already_reacted"));
            }
            users.push(who);
            reaction["count"] = json!(users.len());
            reaction["users"] = Value::Array(users);
        }
        None => all.push(json!({"name": name, "users": [who], "count": 1})),
    }
    message.insert("reactions".into(), Value::Array(all));
    raise(ws, call, "reaction_added", &name);
    Ok(Map::new())
}

/// `reaction_added` or `reaction_removed` on the message the call names.
fn raise(ws: &mut Workspace, call: &Call<'_>, kind: &str, name: &str) {
    let (channel, ts) = (call.required("channel"), call.required("timestamp"));
    let item_user = ws
        .channel(channel)
        .and_then(|c| c.messages.iter().find(|m| m.get("ts") == Some(&json!(ts))))
        .and_then(|m| m.get("user").cloned())
        .unwrap_or(Value::Null);
    let event = json!({
        "type": kind, "user": call.who.user_id, "reaction": name, "item_user": item_user,
        "item": {"type": "message", "channel": channel, "ts": ts},
    });
    ws.raise(event, Some(channel));
}

pub fn remove(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
    let name = emoji_name(call)?;
    let who = json!(call.who.user_id);
    let (message, _) = message(ws, call)?;
    let mut all = reactions(message);
    let index = all
        .iter()
        .position(|r| r["name"] == json!(name) && users(r).contains(&who))
        .ok_or_else(|| Failure::new("no_reaction"))?;
    let mut users = users(&all[index]);
    users.retain(|u| *u != who);
    if users.is_empty() {
        all.remove(index);
    } else {
        all[index]["count"] = json!(users.len());
        all[index]["users"] = Value::Array(users);
    }
    if all.is_empty() {
        message.remove("reactions");
    } else {
        message.insert("reactions".into(), Value::Array(all));
    }
    raise(ws, call, "reaction_removed", &name);
    Ok(Map::new())
}

pub fn get(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
    let (message, channel) = message(ws, call)?;
    Ok(fields(json!({
        "type": "message", "channel": channel, "message": message.clone(),
    })))
}

/// The messages `user` (the caller by default) reacted to, newest first, by cursor
/// (`cursor`, `limit`) or by page number (`page`, `count`), with `paging`.
pub fn list(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
    let user = call
        .text("user")
        .filter(|u| !u.is_empty())
        .unwrap_or(&call.who.user_id);
    if ws.user(user).is_none() {
        return Err(Failure::new("user_not_found"));
    }
    let who = json!(user);
    let mut reacted: Vec<(String, Value)> = ws
        .channels
        .iter()
        .flat_map(|c| c.messages.iter().map(move |m| (c.id(), m)))
        .filter(|(_, m)| reactions(m).iter().any(|r| users(r).contains(&who)))
        .map(|(channel, m)| {
            let ts = m.get("ts").and_then(Value::as_str).unwrap_or("").to_owned();
            let item = json!({"type": "message", "channel": channel, "message": m});
            (ts, item)
        })
        .collect();
    reacted.sort_by(|a, b| b.0.cmp(&a.0));
    let all: Vec<Value> = reacted.into_iter().map(|(_, item)| item).collect();
    let total = all.len();
    let by_page = call
        .number("page")
        .filter(|_| call.text("cursor").is_none());
    let (items, next, per_page, number) = match by_page {
        Some(number) => {
            let per_page = call.number("count").filter(|n| *n > 0).unwrap_or(100) as usize;
            let number = number.max(1) as usize;
            let start = ((number - 1) * per_page).min(total);
            let end = (start + per_page).min(total);
            (all[start..end].to_vec(), String::new(), per_page, number)
        }
        None => {
            let start = call
                .text("cursor")
                .and_then(|c| c.strip_prefix("emu_")?.parse::<usize>().ok())
                .unwrap_or(0);
            let (items, next) = super::page(all, call)?;
            let per_page = call.number("limit").filter(|n| *n > 0).unwrap_or(100) as usize;
            (items, next, per_page, start / per_page.max(1) + 1)
        }
    };
    Ok(fields(json!({
        "items": items,
        "paging": {
            "count": per_page, "total": total, "page": number,
            "pages": total.div_ceil(per_page.max(1)),
        },
        "response_metadata": {"next_cursor": next},
    })))
}

//! `conversations.*`: channels, their members and their messages.

use serde_json::{json, Map, Value};

use super::{channel, page, Call};
use crate::reply::{fields, Failure, Outcome};
use crate::workspace::{new_channel, Channel, Workspace};

pub fn list(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
    let types = call.text("types").unwrap_or("public_channel");
    let wanted = |c: &Channel| {
        let private = c.info.get("is_private") == Some(&Value::Bool(true));
        types.split(',').any(|t| match t.trim() {
            "public_channel" => !private,
            "private_channel" => private && c.members.contains(&call.who.user_id),
            _ => false,
        })
    };
    let exclude_archived = call.flag("exclude_archived");
    let all: Vec<Value> = ws
        .channels
        .iter()
        .filter(|c| wanted(c) && !(exclude_archived && c.is_archived()))
        .map(|c| c.view(&call.who.user_id))
        .collect();
    let (channels, next) = page(all, call)?;
    Ok(fields(json!({
        "channels": channels, "response_metadata": {"next_cursor": next},
    })))
}

pub fn info(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
    let channel = channel(ws, call)?;
    Ok(fields(
        json!({ "channel": channel.view(&call.who.user_id) }),
    ))
}

pub fn create(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
    let name = call.required("name").to_owned();
    let valid = !name.is_empty()
        && name.len() <= 80
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-_".contains(c));
    if !valid {
        return Err(Failure::new("invalid_name_specials"));
    }
    if ws.channels.iter().any(|c| c.info["name"] == json!(name)) {
        return Err(Failure::new("name_taken"));
    }
    let private = call.flag("is_private");
    let id = ws.new_id(if private { 'G' } else { 'C' });
    let mut created = new_channel(&id, &name, private, &call.who.user_id, ws.now());
    created.members.insert(call.who.user_id.clone());
    let view = created.view(&call.who.user_id);
    ws.channels.push(created);
    Ok(fields(json!({ "channel": view })))
}

pub fn join(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
    let channel = channel(ws, call)?;
    if channel.is_archived() {
        return Err(Failure::new("is_archived"));
    }
    channel.members.insert(call.who.user_id.clone());
    Ok(fields(
        json!({ "channel": channel.view(&call.who.user_id) }),
    ))
}

pub fn members(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
    let channel = channel(ws, call)?;
    let all: Vec<Value> = channel.members.iter().map(|m| json!(m)).collect();
    let (members, next) = page(all, call)?;
    Ok(fields(json!({
        "members": members, "response_metadata": {"next_cursor": next},
    })))
}

/// Whether a message is a reply shown only in its thread.
fn only_in_thread(m: &Map<String, Value>) -> bool {
    let thread = m.get("thread_ts");
    thread.is_some()
        && thread != m.get("ts")
        && m.get("subtype") != Some(&json!("thread_broadcast"))
}

pub fn history(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
    let channel = channel(ws, call)?;
    // Newest first, replies left out (they are in conversations.replies).
    let all: Vec<Value> = channel
        .messages
        .iter()
        .rev()
        .filter(|m| !only_in_thread(m))
        .cloned()
        .map(Value::Object)
        .collect();
    let (messages, next) = page(all, call)?;
    Ok(fields(json!({
        "messages": messages, "has_more": !next.is_empty(),
        "pin_count": 0, "response_metadata": {"next_cursor": next},
    })))
}

pub fn replies(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
    let ts = call.required("ts").to_owned();
    let channel = channel(ws, call)?;
    let thread: Vec<Value> = channel
        .messages
        .iter()
        .filter(|m| m.get("ts") == Some(&json!(ts)) || m.get("thread_ts") == Some(&json!(ts)))
        .cloned()
        .map(Value::Object)
        .collect();
    if thread.is_empty() {
        return Err(Failure::new("thread_not_found"));
    }
    let (messages, next) = page(thread, call)?;
    Ok(fields(json!({
        "messages": messages, "has_more": !next.is_empty(),
        "response_metadata": {"next_cursor": next},
    })))
}

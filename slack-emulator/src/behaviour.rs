//! The methods the emulator runs against its workspace, so that what one call does shows
//! up in the next: one function per method, found by name in [`find`]. A method without
//! one answers its spec's minimal response (see `serve`). Arguments arrive already checked
//! against the method's metadata (types, required ones).

use serde_json::{json, Map, Value};
use slack_api::{ParamValue, Params, TokenType};

use crate::auth::Credential;
use crate::reply::{fields, Failure, Outcome};
use crate::workspace::{new_channel, Channel, Workspace};

/// One call, as a behaviour sees it.
pub struct Call<'a> {
    pub params: &'a Params<'static>,
    pub who: &'a Credential,
}

impl Call<'_> {
    fn text(&self, name: &str) -> Option<&str> {
        self.params.get(name).and_then(ParamValue::as_str)
    }

    fn flag(&self, name: &str) -> bool {
        match self.params.get(name) {
            Some(ParamValue::Bool(b)) => *b,
            Some(other) => matches!(other.as_str(), Some("true" | "1")),
            None => false,
        }
    }

    fn number(&self, name: &str) -> Option<i64> {
        match self.params.get(name) {
            Some(ParamValue::Int(n)) => Some(*n),
            Some(other) => other.as_str().and_then(|s| s.parse().ok()),
            None => None,
        }
    }

    /// A required argument (the metadata has made sure it came).
    fn required(&self, name: &str) -> &str {
        self.text(name).unwrap_or("")
    }
}

/// A method's behaviour.
pub type Behaviour = fn(&mut Workspace, &Call<'_>) -> Outcome;

/// The behaviour of a method, if the emulator has one.
pub fn find(method: &str) -> Option<Behaviour> {
    Some(match method {
        "auth.test" => auth_test,
        "team.info" => team_info,
        "users.info" => users_info,
        "users.list" => users_list,
        "conversations.list" => conversations_list,
        "conversations.info" => conversations_info,
        "conversations.create" => conversations_create,
        "conversations.join" => conversations_join,
        "conversations.members" => conversations_members,
        "conversations.history" => conversations_history,
        "conversations.replies" => conversations_replies,
        "chat.postMessage" => chat_post_message,
        "chat.update" => chat_update,
        "chat.delete" => chat_delete,
        _ => return None,
    })
}

fn auth_test(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
    let user = ws.user(&call.who.user_id);
    let name = user
        .and_then(|u| u.get("name"))
        .cloned()
        .unwrap_or(json!(""));
    let mut out = fields(json!({
        "url": format!("https://{}.slack.com/", ws.team["domain"].as_str().unwrap_or("")),
        "team": ws.team["name"], "user": name,
        "team_id": ws.team["id"], "user_id": call.who.user_id,
        "is_enterprise_install": false,
    }));
    if call.who.token_type == TokenType::Bot {
        out.insert("bot_id".into(), json!(ws.bot.0));
    }
    Ok(out)
}

fn team_info(ws: &mut Workspace, _: &Call<'_>) -> Outcome {
    Ok(fields(json!({ "team": ws.team })))
}

fn users_info(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
    let user = ws
        .user(call.required("user"))
        .ok_or_else(|| Failure::new("user_not_found"))?;
    Ok(fields(json!({ "user": user })))
}

fn users_list(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
    let all: Vec<Value> = ws.users.iter().cloned().map(Value::Object).collect();
    let (members, next) = page(all, call)?;
    Ok(fields(json!({
        "members": members, "cache_ts": ws.now(),
        "response_metadata": {"next_cursor": next},
    })))
}

fn conversations_list(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
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

/// The channel named by the `channel` argument.
fn channel<'w>(ws: &'w mut Workspace, call: &Call<'_>) -> Result<&'w mut Channel, Failure> {
    ws.channel_mut(call.required("channel"))
        .ok_or_else(|| Failure::new("channel_not_found"))
}

fn conversations_info(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
    let channel = channel(ws, call)?;
    Ok(fields(
        json!({ "channel": channel.view(&call.who.user_id) }),
    ))
}

fn conversations_create(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
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

fn conversations_join(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
    let channel = channel(ws, call)?;
    if channel.is_archived() {
        return Err(Failure::new("is_archived"));
    }
    channel.members.insert(call.who.user_id.clone());
    Ok(fields(
        json!({ "channel": channel.view(&call.who.user_id) }),
    ))
}

fn conversations_members(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
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

fn conversations_history(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
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

fn conversations_replies(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
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

fn chat_post_message(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
    let text = call.text("text").unwrap_or("");
    if text.is_empty() && !call.params.contains("blocks") && !call.params.contains("attachments") {
        return Err(Failure::new("no_text"));
    }
    let ts = ws.new_ts();
    let bot = ws.bot.clone();
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
        message.insert("bot_id".into(), json!(bot.0));
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
    channel.messages.push(message.clone());
    Ok(fields(
        json!({ "channel": channel.id(), "ts": ts, "message": message }),
    ))
}

/// A thread's parent after a reply: its count, repliers and latest reply.
fn add_reply(parent: &mut Map<String, Value>, user: &str, ts: &str) {
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

fn chat_update(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
    let edited_ts = ws.new_ts();
    let ts = call.required("ts").to_owned();
    let who = call.who.user_id.clone();
    let channel = channel(ws, call)?;
    let channel_id = channel.id().to_owned();
    let message = channel
        .message_mut(&ts)
        .ok_or_else(|| Failure::new("message_not_found"))?;
    if message.get("user") != Some(&json!(who)) {
        return Err(Failure::new("cant_update_message"));
    }
    if let Some(text) = call.text("text") {
        message.insert("text".into(), json!(text));
    }
    message.insert("edited".into(), json!({"user": who, "ts": edited_ts}));
    let text = message.get("text").cloned().unwrap_or(json!(""));
    Ok(fields(json!({
        "channel": channel_id, "ts": ts, "text": text, "message": message.clone(),
    })))
}

fn chat_delete(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
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
    channel.messages.remove(index);
    Ok(fields(json!({ "channel": channel.id(), "ts": ts })))
}

/// One page of `all` by the call's `cursor` and `limit` (default 100, at most 1000), and
/// the next page's cursor (empty on the last page).
fn page(all: Vec<Value>, call: &Call<'_>) -> Result<(Vec<Value>, String), Failure> {
    let start = match call.text("cursor").filter(|c| !c.is_empty()) {
        None => 0,
        Some(cursor) => cursor
            .strip_prefix("emu_")
            .and_then(|n| n.parse::<usize>().ok())
            .filter(|n| *n <= all.len())
            .ok_or_else(|| Failure::new("invalid_cursor"))?,
    };
    let limit = call
        .number("limit")
        .filter(|n| *n > 0)
        .unwrap_or(100)
        .min(1000) as usize;
    let end = (start + limit).min(all.len());
    let next = if end < all.len() {
        format!("emu_{end}")
    } else {
        String::new()
    };
    Ok((all[start..end].to_vec(), next))
}

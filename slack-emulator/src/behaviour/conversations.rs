//! `conversations.*`: channels, their members and their messages.

use serde_json::{json, Map, Value};
use slack_api::ParamValue;

use super::system::{self, Change};
use super::{channel, page, Call};
use crate::reply::{fields, Failure, Outcome};
use crate::workspace::{new_channel, Channel, Workspace};

/// The channels of the `types` asked (public ones by default); other than public channels,
/// only those the caller is in.
pub fn list(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
    let mut types = list_arg(call, "types");
    if types.is_empty() {
        types.push("public_channel".into());
    }
    let who = &call.who.user_id;
    let wanted = |c: &Channel| types.iter().any(|t| t == kind(c)) && c.visible_to(who);
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

/// A conversation's type as `types` arguments name it: `public_channel`,
/// `private_channel`, `im` or `mpim`.
pub(super) fn kind(c: &Channel) -> &'static str {
    let is = |key: &str| c.info.get(key) == Some(&Value::Bool(true));
    if is("is_im") {
        "im"
    } else if is("is_mpim") {
        "mpim"
    } else if is("is_private") {
        "private_channel"
    } else {
        "public_channel"
    }
}

/// A list argument's items (comma-separated or an array, as the metadata decoded it).
pub(super) fn list_arg(call: &Call<'_>, name: &str) -> Vec<String> {
    let items: Vec<String> = match call.params.get(name) {
        Some(ParamValue::List(items)) => items.iter().map(|s| s.to_string()).collect(),
        Some(other) => other
            .as_str()
            .map(|s| s.split(',').map(str::to_owned).collect())
            .unwrap_or_default(),
        None => Vec::new(),
    };
    items
        .into_iter()
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect()
}

pub fn info(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
    let channel = channel(ws, call)?;
    Ok(fields(
        json!({ "channel": channel.view(&call.who.user_id) }),
    ))
}

pub fn create(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
    let name = call.required("name").to_owned();
    check_name(&name)?;
    if ws.channels.iter().any(|c| c.info["name"] == json!(name)) {
        return Err(Failure::new("name_taken"));
    }
    let private = call.flag("is_private");
    let id = ws.new_id(if private { 'G' } else { 'C' });
    let mut created = new_channel(&id, &name, private, &call.who.user_id, ws.now());
    created.members.insert(call.who.user_id.clone());
    let view = created.view(&call.who.user_id);
    let raised = json!({"type": "channel_created", "channel": {
        "id": id, "name": name, "created": created.info["created"], "creator": call.who.user_id,
    }});
    ws.channels.push(created);
    if !private {
        ws.raise(raised, None);
    }
    Ok(fields(json!({ "channel": view })))
}

/// Joins the caller (with Slack's `channel_join` message), or warns `already_in_channel`.
pub fn join(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
    let ts = ws.new_ts();
    let who = &call.who.user_id;
    let channel = channel(ws, call)?;
    if channel.is_archived() {
        return Err(Failure::new("is_archived"));
    }
    let joined = channel.members.insert(who.clone());
    if joined {
        system::post(channel, ts, who, Change::Join { inviter: None });
    }
    let mut out = fields(json!({ "channel": channel.view(who) }));
    if joined {
        let id = channel.id().to_owned();
        ws.raise_member(true, &id, who, None);
    }
    if !joined {
        out.insert("warning".into(), json!("already_in_channel"));
        let warnings = json!({ "warnings": ["already_in_channel"] });
        out.insert("response_metadata".into(), warnings);
    }
    Ok(out)
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
    super::scheduled::deliver_due(ws);
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
    super::scheduled::deliver_due(ws);
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

/// A channel name as Slack accepts it: 1 to 80 lower-case letters, digits, `-` and `_`,
/// not only punctuation.
pub(crate) fn check_name(name: &str) -> Result<(), Failure> {
    let code = if name.is_empty() {
        "invalid_name_required"
    } else if name.chars().count() > 80 {
        "invalid_name_maxlength"
    } else if !name
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-_".contains(c))
    {
        "invalid_name_specials"
    } else if name.chars().all(|c| "-_".contains(c)) {
        "invalid_name_punctuation"
    } else {
        return Ok(());
    };
    Err(Failure::new(code))
}

/// Whether a conversation is a DM or a group DM.
pub(super) fn is_dm(c: &Channel) -> bool {
    matches!(kind(c), "im" | "mpim")
}

/// The channel of the call, if it is a channel (not a DM) that is not archived and that
/// the caller is in: what changing a channel asks.
fn channel_to_change<'w>(
    ws: &'w mut Workspace,
    call: &Call<'_>,
) -> Result<&'w mut Channel, Failure> {
    let channel = channel(ws, call)?;
    if kind(channel) == "im" {
        return Err(Failure::new("method_not_supported_for_channel_type"));
    }
    if channel.is_archived() {
        return Err(Failure::new("is_archived"));
    }
    if !channel.members.contains(&call.who.user_id) {
        return Err(Failure::new("not_in_channel"));
    }
    Ok(channel)
}

pub fn archive(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
    let channel = channel(ws, call)?;
    let id = channel.id().to_owned();
    if is_dm(channel) {
        return Err(Failure::new("method_not_supported_for_channel_type"));
    }
    if channel.is_archived() {
        return Err(Failure::new("already_archived"));
    }
    if channel.info.get("is_general") == Some(&json!(true)) {
        return Err(Failure::new("cant_archive_general"));
    }
    if !channel.members.contains(&call.who.user_id) {
        return Err(Failure::new("not_in_channel"));
    }
    channel.info.insert("is_archived".into(), json!(true));
    let ts = ws.new_ts();
    let channel = ws.channel_mut(&id).expect("found above");
    system::post(channel, ts, &call.who.user_id, Change::Archive);
    ws.raise_channel(
        "archive",
        &id,
        json!({"channel": id, "user": call.who.user_id}),
    );
    Ok(Map::new())
}

pub fn unarchive(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
    let channel = channel(ws, call)?;
    if is_dm(channel) {
        return Err(Failure::new("method_not_supported_for_channel_type"));
    }
    if !channel.is_archived() {
        return Err(Failure::new("not_archived"));
    }
    channel.info.insert("is_archived".into(), json!(false));
    let id = channel.id().to_owned();
    let ts = ws.new_ts();
    let channel = ws.channel_mut(&id).expect("found above");
    system::post(channel, ts, &call.who.user_id, Change::Unarchive);
    ws.raise_channel(
        "unarchive",
        &id,
        json!({"channel": id, "user": call.who.user_id}),
    );
    Ok(Map::new())
}

pub fn rename(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
    let name = call.required("name").to_owned();
    let id = channel_to_change(ws, call)?.id().to_owned();
    if kind(ws.channel(&id).expect("found above")) == "mpim" {
        return Err(Failure::new("method_not_supported_for_channel_type"));
    }
    check_name(&name)?;
    if ws
        .channels
        .iter()
        .any(|c| c.id() != id && c.info.get("name") == Some(&json!(name)))
    {
        return Err(Failure::new("name_taken"));
    }
    let ts = ws.new_ts();
    let channel = ws.channel_mut(&id).expect("found above");
    let old = channel.info.insert("name".into(), json!(name));
    channel.info.insert("name_normalized".into(), json!(name));
    let old = old.as_ref().and_then(Value::as_str).unwrap_or("");
    let change = Change::Rename { old, new: &name };
    system::post(channel, ts, &call.who.user_id, change);
    let view = channel.view(&call.who.user_id);
    let renamed = json!({"id": id, "name": name, "created": view["created"]});
    ws.raise_channel("rename", &id, json!({ "channel": renamed }));
    Ok(fields(json!({ "channel": view })))
}

pub fn invite(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
    let users = list_arg(call, "users");
    if users.is_empty() {
        return Err(Failure::new("no_user"));
    }
    if users.len() > 100 {
        return Err(Failure::new("too_many_users"));
    }
    let who = call.who.user_id.clone();
    let known: Vec<bool> = users.iter().map(|u| ws.user(u).is_some()).collect();
    let channel = channel_to_change(ws, call)?;
    if kind(channel) == "mpim" {
        return Err(Failure::new("method_not_supported_for_channel_type"));
    }
    let mut errors = Vec::new();
    let mut invited = Vec::new();
    for (user, known) in users.iter().zip(known) {
        let code = if !known {
            "user_not_found"
        } else if *user == who {
            "cant_invite_self"
        } else if channel.members.contains(user) {
            "already_in_channel"
        } else {
            invited.push(user.clone());
            continue;
        };
        errors.push(json!({"user": user, "ok": false, "error": code}));
    }
    if let Some(first) = errors.first() {
        if !call.flag("force") || invited.is_empty() {
            let code = first["error"].as_str().unwrap_or("cant_invite").to_owned();
            return Err(Failure::new(code).with("errors", errors));
        }
    }
    let id = channel.id().to_owned();
    for user in invited {
        let ts = ws.new_ts();
        let channel = ws.channel_mut(&id).expect("found above");
        channel.members.insert(user.clone());
        system::post(
            channel,
            ts,
            &user,
            Change::Join {
                inviter: Some(&who),
            },
        );
        ws.raise_member(true, &id, &user, Some(&who));
    }
    let channel = ws.channel(&id).expect("found above");
    let mut out = fields(json!({ "channel": channel.view(&who) }));
    if !errors.is_empty() {
        out.insert("errors".into(), Value::Array(errors));
    }
    Ok(out)
}

pub fn kick(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
    let user = call.required("user").to_owned();
    let known = ws.user(&user).is_some();
    let channel = channel(ws, call)?;
    if is_dm(channel) {
        return Err(Failure::new("method_not_supported_for_channel_type"));
    }
    if !known {
        return Err(Failure::new("user_not_found"));
    }
    if user == call.who.user_id {
        return Err(Failure::new("cant_kick_self"));
    }
    if channel.info.get("is_general") == Some(&json!(true)) {
        return Err(Failure::new("cant_kick_from_general"));
    }
    if !channel.members.remove(&user) {
        return Err(Failure::new("not_in_channel"));
    }
    let id = channel.id().to_owned();
    ws.raise_member(false, &id, &user, Some(&call.who.user_id));
    Ok(fields(json!({ "errors": {} })))
}

pub fn leave(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
    let who = &call.who.user_id;
    let ts = ws.new_ts();
    let channel = channel(ws, call)?;
    if kind(channel) == "im" {
        return Err(Failure::new("method_not_supported_for_channel_type"));
    }
    if channel.is_archived() {
        return Err(Failure::new("is_archived"));
    }
    if channel.info.get("is_general") == Some(&json!(true)) {
        return Err(Failure::new("cant_leave_general"));
    }
    if !channel.members.contains(who) {
        // Not an error: Slack says so beside `ok`.
        return Ok(fields(json!({ "not_in_channel": true })));
    }
    if kind(channel) != "public_channel" && channel.members.len() == 1 {
        return Err(Failure::new("last_member"));
    }
    channel.members.remove(who);
    system::post(channel, ts, who, Change::Leave);
    let id = channel.id().to_owned();
    ws.raise_member(false, &id, who, None);
    Ok(Map::new())
}

pub fn set_topic(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
    set_about(ws, call, "topic")
}

pub fn set_purpose(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
    set_about(ws, call, "purpose")
}

/// A channel's `topic` or `purpose` (at most 250 characters), and the message Slack posts
/// about it (`channel_topic`, `channel_purpose`).
fn set_about(ws: &mut Workspace, call: &Call<'_>, key: &str) -> Outcome {
    let value = call.required(key).to_owned();
    if value.chars().count() > 250 {
        return Err(Failure::new("too_long"));
    }
    let now = ws.now();
    let ts = ws.new_ts();
    let who = call.who.user_id.clone();
    let channel = channel_to_change(ws, call)?;
    channel.info.insert(
        key.into(),
        json!({ "value": value, "creator": who, "last_set": now }),
    );
    let change = match key {
        "topic" => Change::Topic(&value),
        _ => Change::Purpose(&value),
    };
    system::post(channel, ts, &who, change);
    Ok(fields(json!({ "channel": channel.view(&who) })))
}

pub fn mark(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
    let ts = call.required("ts").to_owned();
    let valid = ts.split_once('.').is_some_and(|(s, us)| {
        !s.is_empty() && !us.is_empty() && (s.chars().chain(us.chars())).all(|c| c.is_ascii_digit())
    });
    let who = call.who.user_id.clone();
    let channel = channel(ws, call)?;
    if !channel.members.contains(&who) {
        return Err(Failure::new("not_in_channel"));
    }
    if !valid {
        return Err(Failure::new("invalid_timestamp"));
    }
    channel.last_read.insert(who, ts);
    Ok(Map::new())
}

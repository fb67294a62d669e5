//! A seed's channels: their members, topic and purpose, and their messages, with threads
//! and reactions. Users are named by their `name`.

use std::collections::BTreeSet;

use serde_json::{json, Map, Value};

use super::read::{text, Obj};
use super::yaml::Node;
use super::SeedError;
use crate::workspace::{new_channel, Channel, Workspace, TEAM_ID};

pub const KEYS: &[&str] = &[
    "name",
    "is_private",
    "is_archived",
    "is_general",
    "creator",
    "members",
    "topic",
    "purpose",
    "messages",
];

const MESSAGE_KEYS: &[&str] = &["user", "text", "reactions", "replies"];

pub fn add(ws: &mut Workspace, c: &Obj<'_>) -> Result<(), SeedError> {
    let name = c.required("name")?;
    if let Err(failure) = crate::behaviour::check_name(name) {
        let message = format!(
            "`{name}` is not a channel name Slack takes ({})",
            failure.code
        );
        return Err(SeedError::at(c.line, &c.path("name"), message));
    }
    if ws.channel_id(name).is_some() {
        let message = format!("a second channel named `{name}`");
        return Err(SeedError::at(c.line, &c.path("name"), message));
    }
    let private = c.flag("is_private")?;
    let mut listed = Vec::new();
    for (path, node) in c.list("members")? {
        listed.push(user_named(ws, node, &path)?);
    }
    let creator = match c.get("creator") {
        Some(node) => user_named(ws, node, &c.path("creator"))?,
        None => listed.first().cloned().unwrap_or_default(),
    };
    let members: BTreeSet<String> = listed.into_iter().collect();
    let id = ws.new_id(if private { 'G' } else { 'C' });
    let mut channel = new_channel(&id, name, private, &creator, ws.now());
    channel.members = members;
    let general = c
        .get("is_general")
        .map_or(Ok(name == "general"), |_| c.flag("is_general"))?;
    if general
        && (private
            || ws
                .channels
                .iter()
                .any(|c| c.info["is_general"] == json!(true)))
    {
        let message = "only one channel is #general, and it is public";
        return Err(SeedError::at(c.line, &c.path("is_general"), message));
    }
    channel.info.insert("is_general".into(), json!(general));
    channel
        .info
        .insert("is_archived".into(), json!(c.flag("is_archived")?));
    for key in ["topic", "purpose"] {
        let value = c.text(key)?.unwrap_or("");
        let set = if value.is_empty() { 0 } else { ws.now() };
        let about = json!({"value": value, "creator": if set == 0 { "" } else { &creator }, "last_set": set});
        channel.info.insert(key.into(), about);
    }
    for (path, node) in c.list("messages")? {
        let message = Obj::new(node, &path, MESSAGE_KEYS)?;
        post(ws, &mut channel, &message, None)?;
    }
    ws.channels.push(channel);
    Ok(())
}

/// The id of the user a node names.
fn user_named(ws: &Workspace, node: &Node, path: &str) -> Result<String, SeedError> {
    let name = text(node, path)?;
    ws.user_id(name).map(str::to_owned).ok_or_else(|| {
        SeedError::at(
            node.line,
            path,
            format!("no user named `{name}` in `users`"),
        )
    })
}

/// Adds a message (and its replies) to the channel, posted by a member.
fn post(
    ws: &mut Workspace,
    channel: &mut Channel,
    m: &Obj<'_>,
    thread_ts: Option<&str>,
) -> Result<(), SeedError> {
    let user_node = m
        .get("user")
        .ok_or_else(|| SeedError::at(m.line, &m.path("user"), "required"))?;
    let user = user_named(ws, user_node, &m.path("user"))?;
    if !channel.members.contains(&user) {
        let message = "posts only in a channel they are a member of";
        return Err(SeedError::at(user_node.line, &m.path("user"), message));
    }
    let ts = ws.new_ts();
    let mut message = crate::reply::fields(json!({
        "type": "message", "user": user, "text": m.required("text")?, "ts": ts, "team": TEAM_ID,
    }));
    if let Some(bot_id) = ws.user(&user).and_then(|u| u["profile"].get("bot_id")) {
        message.insert("bot_id".into(), bot_id.clone());
    }
    if let Some(node) = m.get("reactions") {
        message.insert(
            "reactions".into(),
            reactions(ws, node, &m.path("reactions"))?,
        );
    }
    if let Some(parent_ts) = thread_ts {
        message.insert("thread_ts".into(), json!(parent_ts));
        let parent = channel.message_mut(parent_ts).expect("posted just before");
        crate::behaviour::add_reply(parent, &user, &ts);
    }
    channel.messages.push(message);
    for (path, node) in m.list("replies")? {
        if thread_ts.is_some() {
            return Err(SeedError::at(
                node.line,
                &path,
                "a reply has no replies of its own",
            ));
        }
        post(
            ws,
            channel,
            &Obj::new(node, &path, MESSAGE_KEYS)?,
            Some(&ts),
        )?;
    }
    Ok(())
}

/// `reactions: {thumbsup: [alice, bob]}`, as Slack shows them on a message.
fn reactions(ws: &Workspace, node: &Node, path: &str) -> Result<Value, SeedError> {
    let all = Obj::new_any(node, path)?;
    let mut out = Vec::new();
    for (name, path, users) in all.entries() {
        let users: Vec<String> = Obj::items(users, &path)?
            .into_iter()
            .map(|(path, node)| user_named(ws, node, &path))
            .collect::<Result<_, _>>()?;
        let reaction: Map<String, Value> = crate::reply::fields(json!({
            "name": name.trim_matches(':'), "count": users.len(), "users": users,
        }));
        out.push(Value::Object(reaction));
    }
    Ok(Value::Array(out))
}

//! Slack's system messages: what it posts in a channel's history when its members or its
//! settings change, as its message subtype pages show them (`channel_join`, with `inviter`
//! when invited; `channel_leave`, `channel_topic`, `channel_purpose`, `channel_name`,
//! `channel_archive`, `channel_unarchive`). The text mentions the user as `<@U…>`.

use serde_json::{json, Map, Value};

use crate::reply::fields;
use crate::workspace::{Channel, TEAM_ID};

/// What happened.
pub enum Change<'a> {
    Join { inviter: Option<&'a str> },
    Leave,
    Topic(&'a str),
    Purpose(&'a str),
    Rename { old: &'a str, new: &'a str },
    Archive,
    Unarchive,
}

/// Posts the system message for `change`, made by `user`, at `ts`.
pub fn post(channel: &mut Channel, ts: String, user: &str, change: Change<'_>) {
    let who = format!("<@{user}>");
    let (subtype, text, extra): (&str, String, Value) = match change {
        Change::Join { inviter } => (
            "channel_join",
            format!("{who} has joined the channel"),
            inviter.map_or(json!({}), |i| json!({ "inviter": i })),
        ),
        Change::Leave => (
            "channel_leave",
            format!("{who} has left the channel"),
            json!({}),
        ),
        Change::Topic(topic) => (
            "channel_topic",
            format!("{who} set the channel topic: {topic}"),
            json!({ "topic": topic }),
        ),
        Change::Purpose(purpose) => (
            "channel_purpose",
            format!("{who} set the channel purpose: {purpose}"),
            json!({ "purpose": purpose }),
        ),
        Change::Rename { old, new } => (
            "channel_name",
            format!("{who} has renamed the channel from \"{old}\" to \"{new}\""),
            json!({ "old_name": old, "name": new }),
        ),
        Change::Archive => (
            "channel_archive",
            format!("{who} archived the channel"),
            json!({}),
        ),
        Change::Unarchive => (
            "channel_unarchive",
            format!("{who} un-archived the channel"),
            json!({}),
        ),
    };
    let mut message: Map<String, Value> = fields(json!({
        "type": "message", "subtype": subtype, "user": user, "text": text, "ts": ts,
        "team": TEAM_ID,
    }));
    message.extend(fields(extra));
    channel.post(message);
}

//! `conversations.open` and `conversations.close`: DMs and group DMs, one record per set of
//! members.

use std::collections::BTreeSet;

use serde_json::{json, Map, Value};

use super::conversations::{is_dm, kind, list_arg};
use super::{channel, Call};
use crate::reply::{fields, Failure, Outcome};
use crate::workspace::{new_channel, Channel, Workspace};

/// Opens (or reopens) a DM with one user or a group DM with several: one record per set of
/// members, created once and found again next time.
pub fn open(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
    let who = call.who.user_id.clone();
    let full = call.flag("return_im");
    if let Some(id) = call.text("channel").filter(|c| !c.is_empty()) {
        let channel = ws
            .channel_mut(id)
            .filter(|c| c.members.contains(&who) || !is_dm(c))
            .ok_or_else(|| Failure::new("channel_not_found"))?;
        if !is_dm(channel) {
            return Err(Failure::new("method_not_supported_for_channel_type"));
        }
        let already_open = !channel.closed.remove(&who);
        return Ok(opened(channel, &who, already_open, full));
    }
    let mut users: Vec<String> = Vec::new();
    for user in list_arg(call, "users") {
        let record = ws
            .user(&user)
            .ok_or_else(|| Failure::new("user_not_found"))?;
        if record.get("deleted") == Some(&json!(true)) {
            return Err(Failure::new("user_disabled"));
        }
        if !users.contains(&user) {
            users.push(user);
        }
    }
    if users.is_empty() {
        return Err(Failure::new("users_list_not_supplied"));
    }
    let mut members: BTreeSet<String> = users.iter().cloned().collect();
    members.insert(who.clone());
    if members.len() > 9 {
        return Err(Failure::new("too_many_users"));
    }
    let wanted = if members.len() <= 2 { "im" } else { "mpim" };
    if let Some(channel) = ws
        .channels
        .iter_mut()
        .find(|c| kind(c) == wanted && c.members == members)
    {
        let already_open = !channel.closed.remove(&who);
        return Ok(opened(channel, &who, already_open, full));
    }
    if call.flag("prevent_creation") {
        return Err(Failure::new("channel_not_found"));
    }
    let created = ws.now();
    let mut channel = if wanted == "im" {
        let id = ws.new_id('D');
        let mut im = new_channel(&id, "", false, &who, created);
        for key in [
            "name",
            "name_normalized",
            "is_private",
            "is_general",
            "topic",
            "purpose",
        ] {
            im.info.remove(key);
        }
        im.info.insert("is_channel".into(), json!(false));
        im.info.insert("is_group".into(), json!(false));
        im.info.insert("is_im".into(), json!(true));
        im.info.insert("is_user_deleted".into(), json!(false));
        im.info.insert("priority".into(), json!(0));
        im
    } else {
        // Slack's name: the members' names in the order given, the caller first.
        let mut names = vec![who.clone()];
        names.extend(users.iter().filter(|u| **u != who).cloned());
        let names: Vec<String> = names
            .iter()
            .map(|id| {
                ws.user(id)
                    .and_then(|u| u.get("name"))
                    .and_then(Value::as_str)
                    .unwrap_or(id)
                    .to_owned()
            })
            .collect();
        let name = format!("mpdm-{}-1", names.join("--"));
        let id = ws.new_id('C');
        let mut mpim = new_channel(&id, &name, true, &who, created);
        mpim.info.insert("is_group".into(), json!(false));
        mpim.info.insert("is_mpim".into(), json!(true));
        mpim
    };
    channel.members = members;
    let out = opened(&channel, &who, false, full);
    ws.channels.push(channel);
    Ok(out)
}

/// `conversations.open`'s answer: a DM's ID only unless `return_im`; a group DM whole.
fn opened(channel: &Channel, who: &str, already_open: bool, full: bool) -> Map<String, Value> {
    let view = if full || kind(channel) == "mpim" {
        channel.view(who)
    } else {
        json!({ "id": channel.id() })
    };
    let mut out = fields(json!({ "channel": view }));
    if already_open {
        out.insert("no_op".into(), json!(true));
        out.insert("already_open".into(), json!(true));
    }
    out
}

pub fn close(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
    let who = call.who.user_id.clone();
    let channel = channel(ws, call)?;
    if !is_dm(channel) {
        return Err(Failure::new("method_not_supported_for_channel_type"));
    }
    if !channel.members.contains(&who) {
        return Err(Failure::new("user_does_not_own_channel"));
    }
    if !channel.closed.insert(who) {
        return Ok(fields(json!({ "no_op": true, "already_closed": true })));
    }
    Ok(Map::new())
}

//! `search.messages`: a case-insensitive substring search over the messages of the
//! conversations the caller is in.

use serde_json::{json, Value};

use super::Call;
use crate::reply::{fields, Failure, Outcome};
use crate::workspace::{Channel, Workspace, TEAM_ID};

/// Results per page when the call names no `count`, and at most.
const DEFAULT_COUNT: i64 = 20;
const MAX_COUNT: i64 = 100;

/// A conversation as a match shows it.
fn summary(channel: &Channel) -> Value {
    let mut summary = serde_json::Map::new();
    for key in [
        "id",
        "name",
        "is_channel",
        "is_group",
        "is_im",
        "is_mpim",
        "is_private",
        "is_shared",
        "is_ext_shared",
        "is_org_shared",
    ] {
        if let Some(value) = channel.info.get(key) {
            summary.insert(key.into(), value.clone());
        }
    }
    Value::Object(summary)
}

pub fn messages(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
    super::scheduled::deliver_due(ws);
    let query = call.required("query").trim().to_owned();
    if query.is_empty() {
        return Err(Failure::new("no_query"));
    }
    let needle = query.to_lowercase();
    let domain = ws.team.get("domain").and_then(Value::as_str).unwrap_or("");
    let who = &call.who.user_id;
    let mut found: Vec<(String, Value)> = Vec::new();
    for channel in ws.channels.iter().filter(|c| c.members.contains(who)) {
        for message in &channel.messages {
            let text = message.get("text").and_then(Value::as_str).unwrap_or("");
            if !text.to_lowercase().contains(&needle) {
                continue;
            }
            let ts = message.get("ts").and_then(Value::as_str).unwrap_or("");
            let user = message.get("user").and_then(Value::as_str).unwrap_or("");
            let username = ws
                .user(user)
                .and_then(|u| u.get("name"))
                .cloned()
                .unwrap_or(json!(""));
            let permalink = format!(
                "https://{domain}.slack.com/archives/{}/p{}",
                channel.id(),
                ts.replace('.', "")
            );
            found.push((
                ts.to_owned(),
                json!({
                    "iid": format!("{}-{ts}", channel.id()), "type": "message",
                    "channel": summary(channel), "team": TEAM_ID, "user": user,
                    "username": username, "ts": ts, "text": text, "permalink": permalink,
                    "is_mpim": channel.info.get("is_mpim").cloned().unwrap_or(json!(false)),
                    "score": 1.0,
                }),
            ));
        }
    }
    // Newest first, unless `sort_dir` is `asc`.
    found.sort_by(|a, b| a.0.cmp(&b.0));
    if call.text("sort_dir") != Some("asc") {
        found.reverse();
    }
    let total = found.len() as i64;
    let count = call
        .number("count")
        .filter(|n| *n > 0)
        .unwrap_or(DEFAULT_COUNT)
        .min(MAX_COUNT);
    let pages = ((total + count - 1) / count).max(1);
    let page = call
        .number("page")
        .filter(|p| *p > 0)
        .unwrap_or(1)
        .min(pages);
    let first = (page - 1) * count;
    let matches: Vec<Value> = found
        .into_iter()
        .skip(first as usize)
        .take(count as usize)
        .map(|(_, m)| m)
        .collect();
    let last = first + matches.len() as i64;
    Ok(fields(json!({
        "query": query,
        "messages": {
            "matches": matches, "total": total,
            "paging": {"count": count, "total": total, "page": page, "pages": pages},
            "pagination": {
                "total_count": total, "page": page, "per_page": count, "page_count": pages,
                "first": if total == 0 { 0 } else { first + 1 }, "last": last,
            },
        },
    })))
}

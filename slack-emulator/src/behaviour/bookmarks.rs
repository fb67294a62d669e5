//! `bookmarks.*`: the links in a channel's header.

use serde_json::{json, Map, Value};

use super::Call;
use crate::reply::{fields, Failure, Outcome};
use crate::workspace::{Workspace, TEAM_ID};

/// The channel named by `channel_id`: `channel_not_found` unless it exists.
fn channel_id(ws: &Workspace, call: &Call<'_>) -> Result<String, Failure> {
    let id = call.required("channel_id");
    ws.channel(id)
        .filter(|c| c.visible_to(&call.who.user_id))
        .map(|c| c.id().to_owned())
        .ok_or_else(|| Failure::new("channel_not_found"))
}

/// `invalid_link` unless a link is `http://` or `https://`.
fn check_link(link: &str) -> Result<(), Failure> {
    if link.starts_with("http://") || link.starts_with("https://") {
        Ok(())
    } else {
        Err(Failure::new("invalid_link"))
    }
}

/// `invalid_emoji` unless an emoji is `:name:` (an empty one clears it).
fn check_emoji(emoji: &str) -> Result<(), Failure> {
    let name = emoji.strip_prefix(':').and_then(|e| e.strip_suffix(':'));
    let valid = emoji.is_empty()
        || name.is_some_and(|n| {
            !n.is_empty()
                && n.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_+'".contains(c))
        });
    if valid {
        Ok(())
    } else {
        Err(Failure::new("invalid_emoji"))
    }
}

pub fn add(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
    let channel_id = channel_id(ws, call)?;
    if call.required("type") != "link" {
        return Err(Failure::new("invalid_bookmark_type"));
    }
    let link = call.text("link").unwrap_or("");
    check_link(link)?;
    let emoji = call.text("emoji").unwrap_or("");
    check_emoji(emoji)?;
    let id = format!("Bk{}", ws.new_id('0'));
    let now = ws.now();
    let rank = ws
        .bookmarks
        .iter()
        .filter(|b| b.get("channel_id") == Some(&json!(channel_id)))
        .count();
    let bookmark = fields(json!({
        "id": id, "channel_id": channel_id, "title": call.required("title"),
        "link": link, "emoji": emoji, "icon_url": null, "type": "link",
        "entity_id": null, "date_created": now, "date_updated": 0,
        "rank": format!("{rank:04}"), "last_updated_by_user_id": call.who.user_id,
        "last_updated_by_team_id": TEAM_ID, "shortcut_id": null, "app_id": null,
    }));
    ws.bookmarks.push(bookmark.clone());
    Ok(fields(json!({ "bookmark": bookmark })))
}

/// The bookmark named by `bookmark_id` in the channel: `not_found` otherwise.
fn bookmark<'w>(
    ws: &'w mut Workspace,
    call: &Call<'_>,
    channel_id: &str,
) -> Result<&'w mut Map<String, Value>, Failure> {
    let id = call.text("bookmark_id").unwrap_or("");
    ws.bookmarks
        .iter_mut()
        .find(|b| {
            b.get("id") == Some(&json!(id)) && b.get("channel_id") == Some(&json!(channel_id))
        })
        .ok_or_else(|| Failure::new("not_found"))
}

pub fn edit(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
    let channel_id = channel_id(ws, call)?;
    if let Some(link) = call.text("link") {
        check_link(link)?;
    }
    if let Some(emoji) = call.text("emoji") {
        check_emoji(emoji)?;
    }
    let now = ws.now();
    let bookmark = bookmark(ws, call, &channel_id)?;
    for key in ["title", "link", "emoji"] {
        if let Some(value) = call.text(key) {
            bookmark.insert(key.into(), json!(value));
        }
    }
    bookmark.insert("date_updated".into(), json!(now));
    bookmark.insert("last_updated_by_user_id".into(), json!(call.who.user_id));
    Ok(fields(json!({ "bookmark": bookmark.clone() })))
}

pub fn remove(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
    let channel_id = channel_id(ws, call)?;
    let id = bookmark(ws, call, &channel_id)?.get("id").cloned();
    ws.bookmarks.retain(|b| b.get("id") != id.as_ref());
    Ok(Map::new())
}

pub fn list(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
    let channel_id = channel_id(ws, call)?;
    let bookmarks: Vec<&Map<String, Value>> = ws
        .bookmarks
        .iter()
        .filter(|b| b.get("channel_id") == Some(&json!(channel_id)))
        .collect();
    Ok(fields(json!({ "bookmarks": bookmarks })))
}

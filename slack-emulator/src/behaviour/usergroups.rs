//! `usergroups.*`: named groups of users, mentioned by their handle.

use serde_json::{json, Map, Value};

use super::conversations::list_arg;
use super::Call;
use crate::reply::{fields, Failure, Outcome};
use crate::workspace::{Workspace, TEAM_ID};

/// Whether a group is enabled (`date_delete` 0).
fn enabled(group: &Map<String, Value>) -> bool {
    group
        .get("date_delete")
        .and_then(Value::as_i64)
        .unwrap_or(0)
        == 0
}

/// A group as methods answer it: `users` only when asked for.
fn view(group: &Map<String, Value>, with_users: bool) -> Value {
    let mut view = group.clone();
    if !with_users {
        view.remove("users");
    }
    Value::Object(view)
}

/// `bad_handle` unless a handle is lowercase letters, digits, `-`, `_` and `.`.
fn check_handle(handle: &str) -> Result<(), Failure> {
    let valid = !handle.is_empty()
        && handle
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-_.".contains(c));
    if valid {
        Ok(())
    } else {
        Err(Failure::new("bad_handle"))
    }
}

/// `name_already_exists` / `handle_already_exists` when another group (not `except`) has
/// the name or handle.
fn check_unique(ws: &Workspace, key: &str, value: &str, except: &str) -> Result<(), Failure> {
    let taken = ws
        .usergroups
        .iter()
        .any(|g| g.get(key) == Some(&json!(value)) && g.get("id") != Some(&json!(except)));
    if taken {
        let code = if key == "name" {
            "name_already_exists"
        } else {
            "handle_already_exists"
        };
        return Err(Failure::new(code));
    }
    Ok(())
}

/// The `channels` argument: `invalid_channel_provided` if one is unknown.
fn channels(ws: &Workspace, call: &Call<'_>) -> Result<Option<Vec<String>>, Failure> {
    if !call.params.contains("channels") {
        return Ok(None);
    }
    let channels = list_arg(call, "channels");
    if channels.iter().any(|c| ws.channel(c).is_none()) {
        return Err(Failure::new("invalid_channel_provided"));
    }
    Ok(Some(channels))
}

pub fn create(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
    let name = call.required("name").to_owned();
    if name.is_empty() {
        return Err(Failure::new("missing_subteam_name"));
    }
    if name.chars().count() > 255 {
        return Err(Failure::new("name_too_long"));
    }
    check_unique(ws, "name", &name, "")?;
    let handle = match call.text("handle").filter(|h| !h.is_empty()) {
        Some(handle) => handle.to_owned(),
        None => name.to_lowercase().replace(' ', "-"),
    };
    check_handle(&handle)?;
    check_unique(ws, "handle", &handle, "")?;
    let channels = channels(ws, call)?.unwrap_or_default();
    let id = ws.new_id('S');
    let now = ws.now();
    let who = &call.who.user_id;
    let group = fields(json!({
        "id": id, "team_id": TEAM_ID, "is_usergroup": true, "is_subteam": true,
        "name": name, "description": call.text("description").unwrap_or(""),
        "handle": handle, "is_external": false, "auto_type": null,
        "date_create": now, "date_update": now, "date_delete": 0,
        "created_by": who, "updated_by": who, "deleted_by": null,
        "prefs": {"channels": channels, "groups": []},
        "users": [], "user_count": 0, "channel_count": channels.len(),
    }));
    ws.usergroups.push(group.clone());
    announce(ws, "subteam_created", view(&group, true))
}

pub fn list(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
    let with_disabled = call.flag("include_disabled");
    let with_users = call.flag("include_users");
    let groups: Vec<Value> = ws
        .usergroups
        .iter()
        .filter(|g| with_disabled || enabled(g))
        .map(|g| view(g, with_users))
        .collect();
    Ok(fields(json!({ "usergroups": groups })))
}

/// The group named by `usergroup`: `no_such_subteam` otherwise.
fn group<'w>(
    ws: &'w mut Workspace,
    call: &Call<'_>,
) -> Result<&'w mut Map<String, Value>, Failure> {
    let id = call.required("usergroup");
    ws.usergroups
        .iter_mut()
        .find(|g| g.get("id") == Some(&json!(id)))
        .ok_or_else(|| Failure::new("no_such_subteam"))
}

pub fn update(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
    let id = group(ws, call)?.get("id").cloned().unwrap_or_default();
    let id = id.as_str().unwrap_or("");
    if let Some(name) = call.text("name").filter(|n| !n.is_empty()) {
        if name.chars().count() > 255 {
            return Err(Failure::new("name_too_long"));
        }
        check_unique(ws, "name", name, id)?;
    }
    if let Some(handle) = call.text("handle").filter(|h| !h.is_empty()) {
        check_handle(handle)?;
        check_unique(ws, "handle", handle, id)?;
    }
    let channels = channels(ws, call)?;
    let now = ws.now();
    let group = group(ws, call)?;
    for key in ["name", "handle"] {
        if let Some(value) = call.text(key).filter(|v| !v.is_empty()) {
            group.insert(key.into(), json!(value));
        }
    }
    if let Some(description) = call.text("description") {
        group.insert("description".into(), json!(description));
    }
    if let Some(channels) = channels {
        group.insert("channel_count".into(), json!(channels.len()));
        group.insert("prefs".into(), json!({"channels": channels, "groups": []}));
    }
    group.insert("date_update".into(), json!(now));
    group.insert("updated_by".into(), json!(call.who.user_id));
    let shown = view(group, true);
    announce(ws, "subteam_updated", shown)
}

pub fn disable(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
    let now = ws.now();
    let group = group(ws, call)?;
    if enabled(group) {
        group.insert("date_delete".into(), json!(now));
        group.insert("deleted_by".into(), json!(call.who.user_id));
    }
    let shown = view(group, true);
    announce(ws, "subteam_updated", shown)
}

pub fn enable(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
    let now = ws.now();
    let group = group(ws, call)?;
    group.insert("date_delete".into(), json!(0));
    group.insert("deleted_by".into(), Value::Null);
    group.insert("date_update".into(), json!(now));
    let shown = view(group, true);
    announce(ws, "subteam_updated", shown)
}

pub fn users_list(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
    let with_disabled = call.flag("include_disabled");
    let group = group(ws, call)?;
    if !with_disabled && !enabled(group) {
        return Err(Failure::new("no_such_subteam"));
    }
    let users = group.get("users").cloned().unwrap_or(json!([]));
    Ok(fields(json!({ "users": users })))
}

pub fn users_update(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
    let users = list_arg(call, "users");
    if users.is_empty() {
        return Err(Failure::new("no_users_provided"));
    }
    if users.iter().any(|u| ws.user(u).is_none()) {
        return Err(Failure::new("invalid_users"));
    }
    let mut unique: Vec<String> = Vec::new();
    for user in users {
        if !unique.contains(&user) {
            unique.push(user);
        }
    }
    let now = ws.now();
    let group = group(ws, call)?;
    let before: Vec<String> = group
        .get("users")
        .and_then(Value::as_array)
        .map(|all| {
            all.iter()
                .filter_map(|u| u.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    let previous = group.get("date_update").cloned().unwrap_or(json!(0));
    group.insert("user_count".into(), json!(unique.len()));
    group.insert("users".into(), json!(unique));
    group.insert("date_update".into(), json!(now));
    group.insert("updated_by".into(), json!(call.who.user_id));
    let shown = view(group, true);
    let added: Vec<&String> = unique.iter().filter(|u| !before.contains(u)).collect();
    let removed: Vec<&String> = before.iter().filter(|u| !unique.contains(u)).collect();
    let changed = json!({
        "type": "subteam_members_changed", "subteam_id": shown["id"], "team_id": crate::TEAM_ID,
        "date_previous_update": previous, "date_update": now,
        "added_users": added, "added_users_count": added.len(),
        "removed_users": removed, "removed_users_count": removed.len(),
    });
    ws.raise(changed, None);
    Ok(fields(json!({ "usergroup": shown })))
}

/// Raises `kind` (`subteam_created`, `subteam_updated`) for the group `shown`, and answers
/// with it.
fn announce(ws: &mut Workspace, kind: &str, shown: Value) -> Outcome {
    ws.raise(json!({ "type": kind, "subteam": shown.clone() }), None);
    Ok(fields(json!({ "usergroup": shown })))
}

//! `users.*`: the workspace's people and bots.

use serde_json::{json, Map, Value};
use slack_api::ParamValue;

use super::conversations::{kind, list_arg};
use super::{page, Call};
use crate::reply::{fields, Failure, Outcome};
use crate::workspace::Workspace;

pub fn info(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
    let user = ws
        .user(call.required("user"))
        .ok_or_else(|| Failure::new("user_not_found"))?;
    Ok(fields(json!({ "user": user })))
}

pub fn list(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
    let all: Vec<Value> = ws.users.iter().cloned().map(Value::Object).collect();
    let (members, next) = page(all, call)?;
    Ok(fields(json!({
        "members": members, "cache_ts": ws.now(),
        "response_metadata": {"next_cursor": next},
    })))
}

pub fn lookup_by_email(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
    let email = call.required("email").trim().to_ascii_lowercase();
    let user = ws
        .users
        .iter()
        .find(|u| {
            u.get("profile")
                .and_then(|p| p.get("email"))
                .and_then(Value::as_str)
                .is_some_and(|e| e.to_ascii_lowercase() == email)
        })
        .ok_or_else(|| Failure::new("users_not_found"))?;
    Ok(fields(json!({ "user": user })))
}

/// The conversations `user` (the caller by default) is in; other than public channels,
/// only those the caller is in too.
pub fn conversations(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
    let who = &call.who.user_id;
    let user = call.text("user").filter(|u| !u.is_empty()).unwrap_or(who);
    let mut types = list_arg(call, "types");
    if types.is_empty() {
        types.push("public_channel".into());
    }
    let known = ["public_channel", "private_channel", "mpim", "im"];
    if types.iter().any(|t| !known.contains(&t.as_str())) {
        return Err(Failure::new("invalid_types"));
    }
    let exclude_archived = call.flag("exclude_archived");
    let all: Vec<Value> = ws
        .channels
        .iter()
        .filter(|c| {
            let k = kind(c);
            types.iter().any(|t| t == k)
                && c.members.contains(user)
                && (k == "public_channel" || c.members.contains(who))
                && !(exclude_archived && c.is_archived())
        })
        .map(|c| c.view(who))
        .collect();
    let (channels, next) = page(all, call)?;
    Ok(fields(json!({
        "channels": channels, "response_metadata": {"next_cursor": next},
    })))
}

/// `active` unless the user set `away`; the caller's own presence comes with its details.
pub fn get_presence(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
    let who = &call.who.user_id;
    let user = call.text("user").filter(|u| !u.is_empty()).unwrap_or(who);
    if ws.user(user).is_none() {
        return Err(Failure::new("user_not_found"));
    }
    let away = ws.away.contains(user);
    let presence = if away { "away" } else { "active" };
    if user != who {
        return Ok(fields(json!({ "presence": presence })));
    }
    Ok(fields(json!({
        "presence": presence, "online": !away, "auto_away": false,
        "manual_away": away, "connection_count": 1, "last_activity": ws.now(),
    })))
}

pub fn set_presence(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
    let who = call.who.user_id.clone();
    match call.required("presence") {
        "away" => ws.away.insert(who),
        "auto" => ws.away.remove(&who),
        _ => return Err(Failure::new("invalid_presence")),
    };
    Ok(Map::new())
}

pub fn profile_get(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
    let user = call
        .text("user")
        .filter(|u| !u.is_empty())
        .unwrap_or(&call.who.user_id);
    let profile = ws
        .user(user)
        .ok_or_else(|| Failure::new("user_not_found"))?
        .get("profile")
        .cloned()
        .unwrap_or(json!({}));
    Ok(fields(json!({ "profile": profile })))
}

/// Sets fields of the caller's profile: `profile` (an object), or one `name` and `value`.
pub fn profile_set(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
    let who = call.who.user_id.clone();
    let target = call
        .text("user")
        .filter(|u| !u.is_empty())
        .unwrap_or(&who)
        .to_owned();
    let changes: Map<String, Value> = match call.params.get("profile") {
        Some(ParamValue::Json(value)) => match value.as_ref() {
            Value::Object(map) => map.clone(),
            Value::String(text) => parse_profile(text)?,
            _ => return Err(Failure::new("invalid_profile")),
        },
        Some(other) => parse_profile(other.as_str().unwrap_or(""))?,
        None => match (call.text("name"), call.text("value")) {
            (Some(name), value) if !name.is_empty() => fields(json!({ name: value.unwrap_or("") })),
            _ => return Err(Failure::new("invalid_profile")),
        },
    };
    if ws.user(&target).is_none() {
        return Err(Failure::new("user_not_found"));
    }
    // Only an admin changes another's profile, or an email; the seeded users are not.
    let admin = ws.user(&who).and_then(|u| u.get("is_admin")) == Some(&json!(true));
    if !admin && (target != who || changes.contains_key("email")) {
        return Err(Failure::new("not_admin"));
    }
    let text = |key: &str| changes.get(key).and_then(Value::as_str).unwrap_or("");
    if text("status_text").chars().count() > 100 {
        return Err(Failure::new("too_long"));
    }
    for key in ["display_name", "real_name", "first_name", "last_name"] {
        if text(key).starts_with('@') {
            return Err(Failure::new("invalid_starts_with_at"));
        }
    }
    let user = ws
        .users
        .iter_mut()
        .find(|u| u.get("id") == Some(&json!(target)))
        .ok_or_else(|| Failure::new("user_not_found"))?;
    let mut profile = user
        .get("profile")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    profile.extend(changes.clone());
    if !changes.contains_key("real_name")
        && (changes.contains_key("first_name") || changes.contains_key("last_name"))
    {
        let part = |key: &str| {
            profile
                .get(key)
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned()
        };
        let real = format!("{} {}", part("first_name"), part("last_name"));
        profile.insert("real_name".into(), json!(real.trim()));
    }
    for key in ["real_name", "display_name"] {
        if let Some(value) = profile.get(key).cloned() {
            profile.insert(format!("{key}_normalized"), value);
        }
    }
    if let Some(real) = profile.get("real_name").cloned() {
        user.insert("real_name".into(), real);
    }
    user.insert("profile".into(), Value::Object(profile.clone()));
    let changed = json!({"type": "user_change", "user": user.clone(), "cache_ts": ws.now()});
    ws.raise(changed, None);
    Ok(fields(json!({ "profile": profile })))
}

/// A `profile` argument sent as JSON text.
fn parse_profile(text: &str) -> Result<Map<String, Value>, Failure> {
    match serde_json::from_str(text) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(Failure::new("invalid_profile")),
    }
}

//! `views.*`: modals (opened, pushed onto a stack, updated) and App Home tabs (published).

use serde_json::{json, Map, Value};

use super::Call;
use crate::reply::{fields, Failure, Outcome};
use crate::workspace::{Workspace, TEAM_ID};

/// How many views a modal's stack holds (`push_limit_reached` beyond).
const STACK_LIMIT: usize = 3;

/// The `view` argument, as an object.
fn view_arg(call: &Call<'_>) -> Map<String, Value> {
    let value = match call.params.get("view") {
        Some(slack_api::ParamValue::Json(value)) => value.clone().into_owned(),
        Some(other) => serde_json::from_str(other.as_str().unwrap_or("")).unwrap_or(Value::Null),
        None => Value::Null,
    };
    fields(value)
}

/// `invalid_trigger_id` unless the call has a trigger (or interactivity pointer).
fn check_trigger(call: &Call<'_>) -> Result<(), Failure> {
    let has = |name| call.text(name).is_some_and(|t| !t.is_empty());
    if has("trigger_id") || has("interactivity_pointer") {
        Ok(())
    } else {
        Err(Failure::new("invalid_trigger_id"))
    }
}

/// `duplicate_external_id` if another view (not `except`) has this one's external id.
fn check_external_id(ws: &Workspace, view: &Map<String, Value>, except: &str) -> Outcome {
    let external = view
        .get("external_id")
        .and_then(Value::as_str)
        .unwrap_or("");
    let taken = !external.is_empty()
        && ws.views.iter().any(|v| {
            v.get("external_id") == Some(&json!(external)) && v.get("id") != Some(&json!(except))
        });
    if taken {
        return Err(Failure::new("duplicate_external_id"));
    }
    Ok(Map::new())
}

/// A stored view from the `view` argument: its id, a fresh hash, and Slack's defaults.
pub(crate) fn stored(
    ws: &mut Workspace,
    id: String,
    given: Map<String, Value>,
) -> Map<String, Value> {
    let hash = ws.new_ts();
    let mut view = fields(json!({
        "id": id, "team_id": TEAM_ID, "type": "modal", "blocks": [],
        "private_metadata": "", "callback_id": "", "external_id": "",
        "state": {"values": {}}, "clear_on_close": false, "notify_on_close": false,
        "root_view_id": id, "previous_view_id": null, "app_id": "A0EMU00001",
        "app_installed_team_id": TEAM_ID, "bot_id": ws.bot.0,
    }));
    view.extend(given);
    view.insert("id".into(), json!(id));
    view.insert("hash".into(), json!(hash));
    view
}

/// A view as methods answer it (without what the emulator keeps beside).
fn answer(view: &Map<String, Value>) -> Outcome {
    Ok(fields(json!({ "view": shown(view) })))
}

/// A stored view without what the emulator keeps beside (`_user`, `_errors`).
pub(crate) fn shown(view: &Map<String, Value>) -> Map<String, Value> {
    let mut view = view.clone();
    view.retain(|key, _| !key.starts_with('_'));
    view
}

/// The person a trigger was handed to (in an interaction the emulator sent), if any.
fn trigger_user(ws: &Workspace, call: &Call<'_>) -> Option<String> {
    ws.triggers.get(call.text("trigger_id")?).cloned()
}

pub fn open(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
    check_trigger(call)?;
    let given = view_arg(call);
    check_external_id(ws, &given, "")?;
    let id = ws.new_id('V');
    let mut view = stored(ws, id, given);
    // Opened for the person whose interaction gave the trigger: their view stack.
    if let Some(user) = trigger_user(ws, call) {
        view.insert("_user".into(), json!(user));
    }
    ws.views.push(view.clone());
    answer(&view)
}

pub fn push(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
    check_trigger(call)?;
    let given = view_arg(call);
    check_external_id(ws, &given, "")?;
    // Onto the stack of the trigger's person, else of the latest modal.
    let user = trigger_user(ws, call);
    let top = ws
        .views
        .iter()
        .rev()
        .filter(|v| user.is_none() || v.get("_user") == user.as_ref().map(|u| json!(u)).as_ref())
        .find(|v| v.get("type") != Some(&json!("home")))
        .ok_or_else(|| Failure::new("not_found"))?;
    let owner = top.get("_user").cloned();
    let (top_id, root) = (top["id"].clone(), top["root_view_id"].clone());
    let depth = ws
        .views
        .iter()
        .filter(|v| v.get("root_view_id") == Some(&root))
        .count();
    if depth >= STACK_LIMIT {
        return Err(Failure::new("push_limit_reached"));
    }
    let id = ws.new_id('V');
    let mut view = stored(ws, id, given);
    view.insert("root_view_id".into(), root);
    view.insert("previous_view_id".into(), top_id);
    if let Some(owner) = owner {
        view.insert("_user".into(), owner);
    }
    ws.views.push(view.clone());
    answer(&view)
}

pub fn update(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
    let by_id = call.text("view_id").filter(|v| !v.is_empty());
    let by_external = call.text("external_id").filter(|v| !v.is_empty());
    let index = ws
        .views
        .iter()
        .position(|v| match (by_id, by_external) {
            (Some(id), _) => v.get("id") == Some(&json!(id)),
            (None, Some(external)) => v.get("external_id") == Some(&json!(external)),
            (None, None) => false,
        })
        .ok_or_else(|| Failure::new("not_found"))?;
    let old = ws.views[index].clone();
    if let Some(hash) = call.text("hash").filter(|h| !h.is_empty()) {
        if old.get("hash") != Some(&json!(hash)) {
            return Err(Failure::new("hash_conflict"));
        }
    }
    let id = old["id"].as_str().unwrap_or("").to_owned();
    let mut given = view_arg(call);
    // A view that names no external id keeps the one it had.
    if !given.contains_key("external_id") {
        given.insert("external_id".into(), old["external_id"].clone());
    }
    check_external_id(ws, &given, &id)?;
    let mut view = stored(ws, id, given);
    for key in ["root_view_id", "previous_view_id", "_user"] {
        if let Some(value) = old.get(key) {
            view.insert(key.into(), value.clone());
        }
    }
    ws.views[index] = view.clone();
    answer(&view)
}

pub fn publish(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
    let user = call.required("user_id").to_owned();
    let given = view_arg(call);
    let index = ws.views.iter().position(|v| {
        v.get("_user") == Some(&json!(user)) && v.get("type") == Some(&json!("home"))
    });
    let id = match index {
        Some(i) => {
            let old = &ws.views[i];
            if let Some(hash) = call.text("hash").filter(|h| !h.is_empty()) {
                if old.get("hash") != Some(&json!(hash)) {
                    return Err(Failure::new("hash_conflict"));
                }
            }
            old["id"].as_str().unwrap_or("").to_owned()
        }
        None => ws.new_id('V'),
    };
    check_external_id(ws, &given, &id)?;
    let mut view = stored(ws, id, given);
    view.insert("type".into(), json!("home"));
    view.insert("_user".into(), json!(user));
    match index {
        Some(i) => ws.views[i] = view.clone(),
        None => ws.views.push(view.clone()),
    }
    answer(&view)
}

//! Interactions: a person clicking a button (or choosing in a menu) of a message, submitting
//! a modal, typing a slash command. The emulator sends the app what Slack sends
//! (`block_actions`, `view_submission`, the command's form fields) with a `trigger_id` (for
//! `views.open`: the modal opens in that person's view stack) and a `response_url` served
//! by the emulator (`respond.rs`); the app's answer takes effect (`views.rs`: a
//! `response_action`; a command's message).

use serde_json::{json, Map, Value};

use crate::act::{ActError, Actor};
use crate::workspace::{Workspace, TEAM_ID};

mod elements;
mod http;
mod modal;
mod respond;
mod send;
mod views;

/// The response URLs and the HTTP controls of interactions.
pub fn routes() -> axum::Router<std::sync::Arc<crate::serve::Shared>> {
    respond::routes().merge(http::routes())
}
pub(crate) use respond::ResponseTarget;
pub use views::OpenView;

use send::Sent;

impl Actor<'_> {
    /// Clicks the button `action_id` in the message `ts` of `channel`: the app gets
    /// `block_actions`. Its answer (the acknowledgement's payload, or the HTTP body) if it
    /// is JSON.
    pub async fn click(
        &self,
        channel: &str,
        ts: &str,
        action_id: &str,
    ) -> Result<Option<Value>, ActError> {
        self.choose(channel, ts, action_id, Value::Null).await
    }

    /// Uses the element `action_id` of the message `ts` of `channel` with `value` (an
    /// option's value, a user id, a date, a list for multi-selects and checkboxes): the
    /// app gets `block_actions` with the action typed by the element's kind.
    pub async fn choose(
        &self,
        channel: &str,
        ts: &str,
        action_id: &str,
        value: Value,
    ) -> Result<Option<Value>, ActError> {
        let payload =
            self.with_ws(|ws, user| block_actions(ws, user, channel, ts, action_id, &value))??;
        send::send(self.shared, Sent::Interactive(payload)).await
    }

    /// Runs the slash command `command` (`/deploy`) with `text` in `channel`: the app gets
    /// its form fields with a `response_url`. An answer with a message is posted as Slack
    /// does (`response_type: in_channel` in the channel, else shown to this person only).
    pub async fn command(
        &self,
        channel: &str,
        command: &str,
        text: &str,
    ) -> Result<Option<Value>, ActError> {
        let (fields, target) =
            self.with_ws(|ws, user| command_fields(ws, user, channel, command, text))??;
        let answer = send::send(self.shared, Sent::Command(fields)).await?;
        if let Some(message) = answer.as_ref().filter(|a| a.is_object()) {
            respond::apply(self.shared, &target, message).map_err(ActError::NotFound)?;
        }
        Ok(answer)
    }

    /// Runs `f` on the workspace with this person's id.
    fn with_ws<R>(&self, f: impl FnOnce(&mut Workspace, &str) -> R) -> Result<R, ActError> {
        let user = crate::act::person(self.shared, &self.user)
            .ok_or_else(|| ActError::NoSuchUser(self.user.clone()))?;
        let mut ws = self
            .shared
            .workspace
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        Ok(f(&mut ws, &user))
    }
}

/// A new trigger id for `user` (what `views.open` takes).
pub(crate) fn trigger(ws: &mut Workspace, user: &str) -> String {
    let ts = ws.new_ts();
    let n = ws.triggers.len() as u64 + 1;
    let id = format!(
        "{}.{}.{:032x}",
        ts.replace('.', ""),
        98765,
        n.wrapping_mul(0x9e37_79b9_7f4a_7c15)
    );
    ws.triggers.insert(id.clone(), user.to_owned());
    id
}

/// `{id, username, name, team_id}` of a person, as interaction payloads show them.
pub(crate) fn user_json(ws: &Workspace, user: &str) -> Value {
    let name = ws
        .user(user)
        .and_then(|u| u.get("name").cloned())
        .unwrap_or(Value::Null);
    json!({"id": user, "username": name, "name": name, "team_id": TEAM_ID})
}

pub(crate) fn team_json(ws: &Workspace) -> Value {
    json!({"id": TEAM_ID, "domain": ws.team.get("domain").cloned().unwrap_or(Value::Null)})
}

/// The `actions` entry of a `block_actions` payload: the element with `action_id` in
/// `blocks`, used with `value` (its value in the shape Slack gives the element's kind).
fn block_action(
    ws: &mut Workspace,
    blocks: &Value,
    action_id: &str,
    value: &Value,
) -> Result<Map<String, Value>, ActError> {
    let (block_id, element) = elements::find(blocks, action_id)
        .ok_or_else(|| ActError::NotFound(format!("element {action_id}")))?;
    let mut action = Map::new();
    action.insert("type".into(), element["type"].clone());
    action.insert("action_id".into(), json!(action_id));
    action.insert("block_id".into(), json!(block_id));
    action.extend(elements::value(&element, value));
    action.insert("action_ts".into(), json!(ws.new_ts()));
    Ok(action)
}

fn block_actions(
    ws: &mut Workspace,
    user: &str,
    channel_id: &str,
    ts: &str,
    action_id: &str,
    value: &Value,
) -> Result<Value, ActError> {
    let channel = ws
        .channel(channel_id)
        .filter(|c| c.visible_to(user))
        .ok_or_else(|| ActError::NotFound(format!("channel {channel_id}")))?;
    let name = channel.info.get("name").cloned().unwrap_or(Value::Null);
    let message = channel
        .messages
        .iter()
        .find(|m| m.get("ts") == Some(&json!(ts)))
        .cloned()
        .ok_or_else(|| ActError::NotFound(format!("message {ts}")))?;
    let blocks = message.get("blocks").cloned().unwrap_or(Value::Null);
    let action = block_action(ws, &blocks, action_id, value)?;
    let trigger_id = trigger(ws, user);
    let target = ResponseTarget::new(channel_id, Some(ts), user);
    let response_url = respond::register(ws, target);
    Ok(json!({
        "type": "block_actions",
        "user": user_json(ws, user),
        "api_app_id": ws.app.app_id,
        "token": ws.app.verification_token,
        "container": {
            "type": "message", "message_ts": ts, "channel_id": channel_id, "is_ephemeral": false,
        },
        "trigger_id": trigger_id,
        "team": team_json(ws),
        "enterprise": null,
        "is_enterprise_install": false,
        "channel": {"id": channel_id, "name": name},
        "message": message,
        "state": {"values": {}},
        "response_url": response_url,
        "actions": [action],
    }))
}

fn command_fields(
    ws: &mut Workspace,
    user: &str,
    channel_id: &str,
    command: &str,
    text: &str,
) -> Result<(Map<String, Value>, ResponseTarget), ActError> {
    if !command.starts_with('/') || command.len() < 2 {
        return Err(ActError::NotFound(format!("command {command}")));
    }
    let channel = ws
        .channel(channel_id)
        .filter(|c| c.visible_to(user))
        .ok_or_else(|| ActError::NotFound(format!("channel {channel_id}")))?;
    let channel_name = channel.info.get("name").cloned().unwrap_or(json!(""));
    let user_name = ws
        .user(user)
        .and_then(|u| u.get("name").cloned())
        .unwrap_or(json!(""));
    let trigger_id = trigger(ws, user);
    let target = ResponseTarget::new(channel_id, None, user);
    let response_url = respond::register(ws, target.clone());
    let domain = ws.team.get("domain").cloned().unwrap_or(json!(""));
    let fields = crate::reply::fields(json!({
        "token": ws.app.verification_token,
        "team_id": TEAM_ID,
        "team_domain": domain,
        "channel_id": channel_id,
        "channel_name": channel_name,
        "user_id": user,
        "user_name": user_name,
        "command": command,
        "text": text,
        "api_app_id": ws.app.app_id,
        "is_enterprise_install": "false",
        "response_url": response_url,
        "trigger_id": trigger_id,
    }));
    Ok((fields, target))
}

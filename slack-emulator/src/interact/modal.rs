//! Inside a modal: using an element of an open view (`block_actions` with the view as its
//! container; the app answers by `views.update` or `views.push` with the trigger), and
//! closing the view (`view_closed`, when the view asked with `notify_on_close`).

use serde_json::{json, Map, Value};

use super::send::{self, Sent};
use super::{block_action, team_json, trigger, user_json};
use crate::act::{ActError, Actor};
use crate::behaviour::shown_view;
use crate::workspace::Workspace;

impl Actor<'_> {
    /// Uses the element `action_id` of the view `view_id` open in this person's stack with
    /// `value` (`Value::Null` for a button): the app gets `block_actions` from the view.
    pub async fn choose_in_view(
        &self,
        view_id: &str,
        action_id: &str,
        value: Value,
    ) -> Result<Option<Value>, ActError> {
        let payload =
            self.with_ws(|ws, user| view_action(ws, user, view_id, action_id, &value))??;
        send::send(self.shared, Sent::Interactive(payload)).await
    }

    /// Closes the view `view_id` (its Close button): it leaves this person's stack, and the
    /// app gets `view_closed` if the view has `notify_on_close`.
    pub async fn close_view(&self, view_id: &str) -> Result<(), ActError> {
        let payload = self.with_ws(|ws, user| close(ws, user, view_id))??;
        if let Some(payload) = payload {
            send::send(self.shared, Sent::Interactive(payload)).await?;
        }
        Ok(())
    }
}

/// The view `view_id` of `user`'s stack, and its index among the workspace's views.
fn open_view(
    ws: &Workspace,
    user: &str,
    view_id: &str,
) -> Result<(usize, Map<String, Value>), ActError> {
    ws.views
        .iter()
        .position(|v| v.get("id") == Some(&json!(view_id)) && v.get("_user") == Some(&json!(user)))
        .map(|i| (i, ws.views[i].clone()))
        .ok_or_else(|| ActError::NotFound(format!("view {view_id} in {user}'s stack")))
}

fn view_action(
    ws: &mut Workspace,
    user: &str,
    view_id: &str,
    action_id: &str,
    value: &Value,
) -> Result<Value, ActError> {
    let (_, view) = open_view(ws, user, view_id)?;
    let blocks = view.get("blocks").cloned().unwrap_or(Value::Null);
    let action = block_action(ws, &blocks, action_id, value)?;
    Ok(json!({
        "type": "block_actions",
        "user": user_json(ws, user),
        "api_app_id": ws.app.app_id,
        "token": ws.app.verification_token,
        "container": {"type": "view", "view_id": view_id},
        "trigger_id": trigger(ws, user),
        "team": team_json(ws),
        "enterprise": null,
        "is_enterprise_install": false,
        "view": shown_view(&view),
        "actions": [action],
    }))
}

/// Takes the view off the stack: the `view_closed` payload if the app asked for one.
fn close(ws: &mut Workspace, user: &str, view_id: &str) -> Result<Option<Value>, ActError> {
    let (index, view) = open_view(ws, user, view_id)?;
    ws.views.remove(index);
    if view.get("notify_on_close") != Some(&json!(true)) {
        return Ok(None);
    }
    Ok(Some(json!({
        "type": "view_closed",
        "team": team_json(ws),
        "user": user_json(ws, user),
        "api_app_id": ws.app.app_id,
        "token": ws.app.verification_token,
        "view": shown_view(&view),
        "is_cleared": false,
        "is_enterprise_install": false,
        "enterprise": null,
    })))
}

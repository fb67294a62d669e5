//! Modals as a person sees them: the view stack each person has (views opened with one of
//! their trigger ids, pushed onto it), submitting the top view (`view_submission` with
//! `state.values` typed by element kind), and the app's `response_action` taking effect:
//! `errors` shown on the view, `update` replacing it, `push` adding one, `clear` closing
//! them all; no action closes the submitted view. An answer Slack refuses (errors for what
//! is not an input block of the view, a view that breaks Block Kit) changes nothing: the
//! person sees "We had some trouble connecting", and `submit_view` says why.

use serde_json::{json, Map, Value};

use super::send::{self, Sent};
use super::{elements, team_json, trigger, user_json};
use crate::act::{ActError, Actor};
use crate::behaviour::{shown_view, stored_view};
use crate::serve::Shared;
use crate::workspace::Workspace;
use crate::Emulator;

/// A view open in a person's stack: as `views.*` return it, and the errors the app last
/// answered a submission with (`block_id` → message).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct OpenView {
    pub view: Value,
    pub errors: Map<String, Value>,
}

impl Emulator {
    /// The modals open for `user` (an id or a name), bottom first: the last is the one
    /// they see.
    pub fn view_stack(&self, user: &str) -> Vec<OpenView> {
        stack_of(&self.shared, user)
    }

    /// The ephemeral messages shown to `user` (by `chat.postEphemeral`, a response URL or a
    /// slash command's answer), oldest first; they are in no history.
    pub fn ephemeral_messages(&self, user: &str) -> Vec<Value> {
        let id = crate::act::person(&self.shared, user).unwrap_or_else(|| user.to_owned());
        self.with_workspace(|ws| {
            ws.ephemeral
                .iter()
                .filter(|m| m.get("shown_to") == Some(&json!(id)))
                .map(|m| Value::Object(m.clone()))
                .collect()
        })
    }
}

/// The modals open for `user` (an id or a name), bottom first.
pub(crate) fn stack_of(shared: &Shared, user: &str) -> Vec<OpenView> {
    let id = crate::act::person(shared, user).unwrap_or_else(|| user.to_owned());
    let ws = shared.workspace.lock().unwrap_or_else(|e| e.into_inner());
    stack(&ws, &id)
        .map(|v| OpenView {
            view: Value::Object(shown_view(v)),
            errors: v
                .get("_errors")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default(),
        })
        .collect()
}

/// The modals of `user`, bottom first.
fn stack<'w>(ws: &'w Workspace, user: &str) -> impl Iterator<Item = &'w Map<String, Value>> + 'w {
    let user = json!(user);
    ws.views
        .iter()
        .filter(move |v| v.get("_user") == Some(&user) && v.get("type") != Some(&json!("home")))
}

impl Actor<'_> {
    /// Submits the view `view_id` (open in this person's stack) with `values`: each
    /// element's `action_id` → its value (a text, an option's value, a list for
    /// multi-selects and checkboxes). The app gets `view_submission`; its `response_action`
    /// takes effect on the stack ([`Emulator::view_stack`]). Its answer, if JSON; an answer
    /// Slack refuses leaves the stack as it was and is [`ActError::Refused`].
    pub async fn submit_view(
        &self,
        view_id: &str,
        values: Value,
    ) -> Result<Option<Value>, ActError> {
        let payload = self.with_ws(|ws, user| submission(ws, user, view_id, &values))??;
        let answer = send::send(self.shared, Sent::Interactive(payload)).await?;
        let mut ws = self
            .shared
            .workspace
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        if let Some(reason) = refused(&ws, view_id, answer.as_ref()) {
            let answer = answer.unwrap_or_default();
            return Err(ActError::Refused { reason, answer });
        }
        take_effect(&mut ws, view_id, answer.as_ref());
        Ok(answer)
    }
}

fn submission(
    ws: &mut Workspace,
    user: &str,
    view_id: &str,
    values: &Value,
) -> Result<Value, ActError> {
    let view = stack(ws, user)
        .find(|v| v.get("id") == Some(&json!(view_id)))
        .cloned()
        .ok_or_else(|| ActError::NotFound(format!("view {view_id} in {user}'s stack")))?;
    let mut state = Map::new();
    for (block_id, element) in elements::all(view.get("blocks").unwrap_or(&Value::Null)) {
        let action_id = element["action_id"].as_str().unwrap_or("").to_owned();
        let Some(given) = values.get(&action_id) else {
            continue;
        };
        let mut value = Map::new();
        value.insert("type".into(), element["type"].clone());
        value.extend(elements::value(&element, given));
        let block = state.entry(block_id).or_insert_with(|| json!({}));
        block[action_id] = Value::Object(value);
    }
    let mut shown = shown_view(&view);
    shown.insert("state".into(), json!({ "values": state }));
    Ok(json!({
        "type": "view_submission",
        "team": team_json(ws),
        "user": user_json(ws, user),
        "api_app_id": ws.app.app_id,
        "token": ws.app.verification_token,
        "trigger_id": trigger(ws, user),
        "view": shown,
        "response_urls": [],
        "is_enterprise_install": false,
        "enterprise": null,
    }))
}

/// Why Slack would refuse the app's answer to a submission of `view_id`, if it would:
/// errors that name no input block of the view, a view to show that breaks Block Kit.
fn refused(ws: &Workspace, view_id: &str, answer: Option<&Value>) -> Option<String> {
    let answer = answer?;
    match answer["response_action"].as_str()? {
        "errors" => {
            let view = ws
                .views
                .iter()
                .find(|v| v.get("id") == Some(&json!(view_id)))?;
            misplaced_error(view, &answer["errors"])
        }
        "update" | "push" => crate::blockkit::view_problem(&answer["view"]),
        _ => None,
    }
}

/// An error of a `response_action: errors` that Slack cannot show: its key is not the
/// `block_id` of an input block of the view.
fn misplaced_error(view: &Map<String, Value>, errors: &Value) -> Option<String> {
    let Some(errors) = errors.as_object() else {
        return Some("`errors` is not an object of block_id → message".into());
    };
    let inputs = elements::input_block_ids(view.get("blocks").unwrap_or(&Value::Null));
    let key = errors.keys().find(|key| !inputs.contains(key))?;
    Some(format!(
        "`errors` names `{key}`, which is not the block_id of an input block of the view \
         (input blocks: {inputs:?})"
    ))
}

/// The app's answer to a submission of `view_id`, on the stack.
fn take_effect(ws: &mut Workspace, view_id: &str, answer: Option<&Value>) {
    let Some(index) = ws
        .views
        .iter()
        .position(|v| v.get("id") == Some(&json!(view_id)))
    else {
        return;
    };
    let old = ws.views[index].clone();
    let given = |answer: &Value| crate::reply::fields(answer["view"].clone());
    match answer.and_then(|a| a["response_action"].as_str()) {
        Some("errors") => {
            let errors = answer.map(|a| a["errors"].clone()).unwrap_or_default();
            ws.views[index].insert("_errors".into(), errors);
        }
        Some("update") => {
            let mut view = stored_view(
                ws,
                view_id.to_owned(),
                given(answer.unwrap_or(&Value::Null)),
            );
            for key in ["root_view_id", "previous_view_id", "_user"] {
                if let Some(value) = old.get(key) {
                    view.insert(key.into(), value.clone());
                }
            }
            ws.views[index] = view;
        }
        Some("push") => {
            let id = ws.new_id('V');
            let mut view = stored_view(ws, id, given(answer.unwrap_or(&Value::Null)));
            view.insert("root_view_id".into(), old["root_view_id"].clone());
            view.insert("previous_view_id".into(), json!(view_id));
            view.insert("_user".into(), old["_user"].clone());
            ws.views[index].remove("_errors");
            ws.views.push(view);
        }
        Some("clear") => {
            let root = old["root_view_id"].clone();
            ws.views.retain(|v| {
                v.get("root_view_id") != Some(&root) || v.get("type") == Some(&json!("home"))
            });
        }
        _ => {
            ws.views.remove(index);
        }
    }
}

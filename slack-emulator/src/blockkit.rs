//! Block Kit checked as Slack checks it, from the same limits as the client's: a method
//! whose metadata has typed Block Kit arguments (`MethodMeta::check_args`) refuses blocks
//! that break them, or of a type Slack does not know, with its error (`invalid_blocks` where
//! the method's error table has it, `invalid_arguments` otherwise) and one JSON-pointer
//! message per problem; `blocks.validate` answers its documented `errors` list.

use serde_json::{json, Map, Value};
use slack_api::{MethodMeta, Params, Violation};

use crate::behaviour::Call;
use crate::reply::{Failure, Outcome};

/// Every problem of the call's typed Block Kit arguments (none for other methods).
pub fn check(meta: &MethodMeta, params: &Params<'_>) -> Result<(), Failure> {
    let Some(check) = meta.check_args else {
        return Ok(());
    };
    let args: Map<String, Value> = params
        .iter()
        .map(|(name, value)| (name.to_owned(), crate::script::to_json(value, None)))
        .collect();
    let mut found = Vec::new();
    slack_api::validate::strict(|| check.run(&args, &mut found));
    if found.is_empty() {
        return Ok(());
    }
    let has_own = meta.errors.iter().any(|e| e.code == "invalid_blocks");
    let code = if has_own {
        "invalid_blocks"
    } else {
        "invalid_arguments"
    };
    let lines: Vec<String> = found
        .iter()
        .map(|v| format!("{} [json-pointer:{}]", v.rule, pointer(&v.path)))
        .collect();
    let messages = lines.iter().map(|l| format!("[ERROR] {l}")).collect();
    Err(Failure::new(code)
        .with("errors", json!(lines))
        .with_messages(messages))
}

/// `blocks[2].elements[0].text` → `/blocks/2/elements/0/text`.
pub fn pointer(path: &str) -> String {
    let mut out = String::new();
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let mut pieces = part.split('[');
        if let Some(key) = pieces.next().filter(|k| !k.is_empty()) {
            out.push('/');
            out.push_str(&key.replace('~', "~0").replace('/', "~1"));
        }
        for index in pieces {
            out.push('/');
            out.push_str(index.trim_end_matches(']'));
        }
    }
    out
}

/// `blocks.validate`: exactly one of `blocks`, `message` and `view`, checked as Slack checks
/// what it would post or open; `errors` lists each problem with its JSON pointer.
pub fn validate(_: &mut crate::workspace::Workspace, call: &Call<'_>) -> Outcome {
    let given: Vec<&str> = ["blocks", "message", "view"]
        .into_iter()
        .filter(|k| call.params.contains(k))
        .collect();
    let [which] = given[..] else {
        let message = "must provide exactly one of `blocks`, `view`, or `message`";
        return Err(Failure::new("invalid_arguments").with_messages(vec![message.into()]));
    };
    let value = call
        .params
        .get(which)
        .map(|v| crate::script::to_json(v, None))
        .unwrap_or(Value::Null);
    let found = slack_api::validate::strict(|| violations(which, &value));
    if found.is_empty() {
        return Ok(Map::new());
    }
    let errors: Vec<Value> = found
        .iter()
        .map(|v| {
            json!({
                "code": "failed_constraint",
                "message": v.rule,
                "pointer": pointer(&v.path),
            })
        })
        .collect();
    let code = match which {
        "blocks" => "invalid_blocks",
        "message" => "invalid_message",
        _ => "invalid_view",
    };
    Err(Failure::new(code).with("errors", errors))
}

/// The first problem of a view an app gives Slack to show in a `response_action` (`update`,
/// `push`), as `views.update` reports it (`rule [json-pointer:/path]`), if it has one.
pub(crate) fn view_problem(view: &Value) -> Option<String> {
    let found = slack_api::validate::strict(|| violations("view", view));
    let first = found.first()?;
    Some(format!(
        "{} [json-pointer:{}]",
        first.rule,
        pointer(&first.path)
    ))
}

/// What a message is checked as: the blocks of the method that posts one (its generated
/// `check_args`), not a hand-written copy of its limits.
const POSTS_A_MESSAGE: &str = "chat.postMessage";

/// The problems of a blocks array, a message (its `blocks`, as the method that posts one
/// checks them) or a view, with paths from the payload's root.
fn violations(which: &str, value: &Value) -> Vec<Violation> {
    let mut out = Vec::new();
    if which == "view" {
        match serde_json::from_value::<slack_api::types::ViewPayload>(value.clone()) {
            Ok(view) => slack_api::Validate::validate_into(&view, "", &mut out),
            Err(e) => out.push(Violation::new("", e.to_string())),
        }
        return out;
    }
    let blocks = match which {
        "message" => value.get("blocks").cloned().unwrap_or(json!([])),
        _ => value.clone(),
    };
    let args = Map::from_iter([("blocks".to_owned(), blocks)]);
    let check = MethodMeta::find(POSTS_A_MESSAGE).and_then(|m| m.check_args);
    if let Some(check) = check {
        check.run(&args, &mut out);
    }
    if which == "blocks" {
        // A bare array: its paths start at the array (`[0].text`).
        for v in &mut out {
            v.path = v.path.trim_start_matches("blocks").to_owned();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::pointer;

    #[test]
    fn paths_become_json_pointers() {
        assert_eq!(
            pointer("blocks[2].elements[0].text"),
            "/blocks/2/elements/0/text"
        );
        assert_eq!(pointer("[0].text"), "/0/text");
        assert_eq!(
            pointer("view.blocks[1].block_id"),
            "/view/blocks/1/block_id"
        );
        assert_eq!(pointer(""), "");
    }
}

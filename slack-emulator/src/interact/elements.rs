//! Block Kit elements as a person uses them: found by `action_id` in a message's or a
//! view's blocks, and their value in the shape Slack gives it for the element's kind (in a
//! `block_actions` action and in a view's `state.values`).

use serde_json::{json, Map, Value};

/// The element with `action_id` in `blocks` (in an `actions` block, a section's accessory,
/// an `input` block), and its block's `block_id` (Slack's own when the block has none).
pub(crate) fn find(blocks: &Value, action_id: &str) -> Option<(String, Value)> {
    all(blocks)
        .into_iter()
        .find(|(_, element)| element["action_id"] == action_id)
}

/// Every interactive element of `blocks`, with its block's id.
pub(crate) fn all(blocks: &Value) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    for (i, block) in blocks.as_array().into_iter().flatten().enumerate() {
        let block_id = block_id(i, block);
        let elements = match block["type"].as_str() {
            Some("actions") => block["elements"].as_array().cloned().unwrap_or_default(),
            Some("section") => vec![block["accessory"].clone()],
            Some("input") => vec![block["element"].clone()],
            _ => Vec::new(),
        };
        for element in elements.into_iter().filter(|e| e["action_id"].is_string()) {
            out.push((block_id.clone(), element));
        }
    }
    out
}

/// The `block_id`s of the `input` blocks of `blocks`: the keys a `response_action: errors`
/// may name.
pub(crate) fn input_block_ids(blocks: &Value) -> Vec<String> {
    let blocks = blocks.as_array().into_iter().flatten().enumerate();
    blocks
        .filter(|(_, block)| block["type"] == "input")
        .map(|(i, block)| block_id(i, block))
        .collect()
}

/// The `block_id` of the block at index `i`, or the one Slack makes up when it has none.
fn block_id(i: usize, block: &Value) -> String {
    block["block_id"]
        .as_str()
        .map_or_else(|| format!("emu{i}"), str::to_owned)
}

/// The value fields of `element` set to `given` (a text, or a list for multi-selects and
/// checkboxes), as Slack names them for its kind.
pub(crate) fn value(element: &Value, given: &Value) -> Map<String, Value> {
    let kind = element["type"].as_str().unwrap_or("");
    let texts: Vec<&str> = match given {
        Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
        Value::String(text) => vec![text.as_str()],
        _ => Vec::new(),
    };
    let first = texts.first().copied();
    let options = || -> Vec<Value> { texts.iter().map(|v| option(element, v)).collect() };
    let mut out = Map::new();
    let mut set = |key: &str, value: Value| {
        out.insert(key.to_owned(), value);
    };
    match kind {
        "button" => {
            set("text", element["text"].clone());
            if let Some(value) = element.get("value") {
                set("value", value.clone());
            }
        }
        "static_select" | "external_select" | "radio_buttons" | "overflow" => set(
            "selected_option",
            first.map_or(Value::Null, |v| option(element, v)),
        ),
        "multi_static_select" | "multi_external_select" | "checkboxes" => {
            set("selected_options", Value::Array(options()))
        }
        "users_select" => set("selected_user", json!(first)),
        "multi_users_select" => set("selected_users", json!(texts)),
        "conversations_select" => set("selected_conversation", json!(first)),
        "multi_conversations_select" => set("selected_conversations", json!(texts)),
        "channels_select" => set("selected_channel", json!(first)),
        "multi_channels_select" => set("selected_channels", json!(texts)),
        "datepicker" => set("selected_date", json!(first)),
        "timepicker" => set("selected_time", json!(first)),
        "rich_text_input" => set("rich_text_value", rich_text(first.unwrap_or(""))),
        "file_input" => set("files", json!([])),
        "datetimepicker" => set(
            "selected_date_time",
            json!(first.and_then(|t| t.parse::<i64>().ok())),
        ),
        _ => set("value", json!(first)),
    }
    out
}

/// A rich text block holding `text`, as a rich text input gives it.
fn rich_text(text: &str) -> Value {
    json!({"type": "rich_text", "elements": [
        {"type": "rich_text_section", "elements": [{"type": "text", "text": text}]},
    ]})
}

/// The option of `element` whose `value` is `value` (in `options` or `option_groups`),
/// else a new one showing the value.
fn option(element: &Value, value: &str) -> Value {
    let groups = element["option_groups"].as_array().into_iter().flatten();
    let grouped = groups.flat_map(|g| g["options"].as_array().into_iter().flatten());
    let options = element["options"].as_array().into_iter().flatten();
    options
        .chain(grouped)
        .find(|o| o["value"] == value)
        .cloned()
        .unwrap_or_else(|| json!({"text": {"type": "plain_text", "text": value}, "value": value}))
}

//! Interaction payloads (`spec/events/interactions.yaml`) against payloads as Slack sends
//! them, and the responses apps build (`spec/events/interaction_responses.yaml`) against the
//! JSON Slack's reference pages show.
//!
//! The payloads are:
//! - the recorded samples in `../shared/slack-reference/event-samples/` beside the checkout
//!   (`interactive-components__*`, `views__*`, `dialogs__*`: interaction payloads;
//!   `slash-commands__*`: slash commands), anonymised by their recorder: strings emptied,
//!   numbers 123, and the fields of several real payloads **merged** into one object (the
//!   message shortcut's message carries every kind of block element, its files every file
//!   field). A merged sample is decoded as it is, not split: every field it holds must still
//!   land where the spec puts it.
//! - the project's own examples in `tests/interactions/` for the payloads with no recorded
//!   sample (block_actions, block_suggestion, global shortcuts, the legacy options request
//!   and steps from apps, the slash command form), written from Slack's reference pages.
//!   `block_actions.every_element.json` is merged on purpose too: one action of each element
//!   kind in one payload (Slack sends one per payload).
//!
//! Each must decode as its known variant, with no field of another shape
//! (`slack_model::lenient::collect`), encode back to the same JSON, and land in typed fields:
//! the typed leaves (strings, numbers, booleans; `null` is not counted) of
//! `lenient::typed_only(|| serde_json::to_value(&payload))` over the sample's leaves, with a
//! mean of at least 95% and no payload under 80%. One rule is applied to the count: the
//! leaves under a `blocks` (or `*_blocks`) key that the typed output does not have are left
//! out of both sides, because the shared Message and Attachment types keep Block Kit blocks
//! as JSON for now (`cargo xtask samples` leaves every Block Kit array out; this leaves out
//! only those still untyped, so the rule fades as the shared model types them); the test
//! prints how many were left out, and the figures without the rule.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Map, Value};
use slack_model::block_kit::*;
use slack_model::events::*;
use slack_model::{blocks, lenient, Validate};

// --- The payloads ----------------------------------------------------------------------------

/// What a payload is decoded as.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Interaction,
    SlashCommand,
}

struct Sample {
    /// `shared:dialogs__DialogSubmissionPayload.json`, `tests:shortcut.json`.
    name: String,
    /// Whether it is one of the recorded samples (else one of the project's examples).
    recorded: bool,
    kind: Kind,
    json: Value,
}

fn event_samples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/slack-reference/event-samples")
        .components()
        .collect()
}

fn examples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/interactions")
}

/// The recorded interaction and slash command samples, sorted by file name.
fn recorded() -> Vec<Sample> {
    let dir = event_samples_dir();
    assert!(
        dir.is_dir(),
        "the recorded samples are missing: expected them in {} (../shared/slack-reference beside the checkout)",
        dir.display()
    );
    let mut out = Vec::new();
    for path in files(&dir) {
        let file = path.file_name().unwrap().to_str().unwrap().to_owned();
        let kind = match file.split("__").next().unwrap() {
            "interactive-components" | "views" | "dialogs" => Kind::Interaction,
            "slash-commands" => Kind::SlashCommand,
            _ => continue, // Events API samples: not interactions
        };
        out.push(Sample {
            name: format!("shared:{file}"),
            recorded: true,
            kind,
            json: read_json(&path),
        });
    }
    out
}

/// The project's examples: `*.json` interaction payloads and `*.form` slash commands.
fn examples() -> Vec<Sample> {
    files(&examples_dir())
        .into_iter()
        .map(|path| {
            let file = path.file_name().unwrap().to_str().unwrap().to_owned();
            let (kind, json) = if file.ends_with(".form") {
                let text = std::fs::read_to_string(&path).unwrap();
                (Kind::SlashCommand, form_to_json(text.trim()))
            } else {
                (Kind::Interaction, read_json(&path))
            };
            Sample {
                name: format!("tests:{file}"),
                recorded: false,
                kind,
                json,
            }
        })
        .collect()
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    paths.sort();
    paths
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// An `application/x-www-form-urlencoded` body as Slack posts a slash command, as a JSON
/// object of its fields (every value text).
fn form_to_json(body: &str) -> Value {
    let mut map = Map::new();
    for pair in body.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        map.insert(percent_decode(key), Value::String(percent_decode(value)));
    }
    Value::Object(map)
}

fn percent_decode(text: &str) -> String {
    let mut bytes = Vec::with_capacity(text.len());
    let mut rest = text.as_bytes();
    while let Some((&b, tail)) = rest.split_first() {
        match b {
            b'+' => bytes.push(b' '),
            b'%' if tail.len() >= 2 => {
                let hex = std::str::from_utf8(&tail[..2]).unwrap();
                bytes.push(u8::from_str_radix(hex, 16).unwrap());
                rest = &tail[2..];
                continue;
            }
            _ => bytes.push(b),
        }
        rest = tail;
    }
    String::from_utf8(bytes).unwrap()
}

// --- Decoding and counting -------------------------------------------------------------------

/// The `type` of the variant a payload decoded as; `None` for `Other`.
fn payload_tag(payload: &InteractionPayload) -> Option<&'static str> {
    Some(match payload {
        InteractionPayload::BlockActions(_) => "block_actions",
        InteractionPayload::BlockSuggestion(_) => "block_suggestion",
        InteractionPayload::ViewSubmission(_) => "view_submission",
        InteractionPayload::ViewClosed(_) => "view_closed",
        InteractionPayload::Shortcut(_) => "shortcut",
        InteractionPayload::MessageAction(_) => "message_action",
        InteractionPayload::InteractiveMessage(_) => "interactive_message",
        InteractionPayload::DialogSubmission(_) => "dialog_submission",
        InteractionPayload::DialogCancellation(_) => "dialog_cancellation",
        InteractionPayload::DialogSuggestion(_) => "dialog_suggestion",
        InteractionPayload::WorkflowStepEdit(_) => "workflow_step_edit",
        _ => return None,
    })
}

/// The `type` of the variant a block action decoded as; `None` for `Other`.
fn action_tag(action: &BlockAction) -> Option<&'static str> {
    Some(match action {
        BlockAction::Button(_) => "button",
        BlockAction::FeedbackButtons(_) => "feedback_buttons",
        BlockAction::IconButton(_) => "icon_button",
        BlockAction::Checkboxes(_) => "checkboxes",
        BlockAction::RadioButtons(_) => "radio_buttons",
        BlockAction::DatePicker(_) => "datepicker",
        BlockAction::TimePicker(_) => "timepicker",
        BlockAction::DatetimePicker(_) => "datetimepicker",
        BlockAction::PlainTextInput(_) => "plain_text_input",
        BlockAction::EmailInput(_) => "email_text_input",
        BlockAction::UrlInput(_) => "url_text_input",
        BlockAction::NumberInput(_) => "number_input",
        BlockAction::RichTextInput(_) => "rich_text_input",
        BlockAction::StaticSelect(_) => "static_select",
        BlockAction::MultiStaticSelect(_) => "multi_static_select",
        BlockAction::ExternalSelect(_) => "external_select",
        BlockAction::MultiExternalSelect(_) => "multi_external_select",
        BlockAction::UsersSelect(_) => "users_select",
        BlockAction::MultiUsersSelect(_) => "multi_users_select",
        BlockAction::ConversationsSelect(_) => "conversations_select",
        BlockAction::MultiConversationsSelect(_) => "multi_conversations_select",
        BlockAction::ChannelsSelect(_) => "channels_select",
        BlockAction::MultiChannelsSelect(_) => "multi_channels_select",
        BlockAction::Overflow(_) => "overflow",
        _ => return None,
    })
}

/// One payload, decoded.
struct Checked {
    name: String,
    recorded: bool,
    /// Every way it falls short: not decoded, another variant, fields of another shape,
    /// encoded to something else.
    problems: Vec<String>,
    /// The variant's `type` (the payload's, for a slash command: `slash_command`).
    tag: Option<&'static str>,
    /// The kinds of its block actions, each as the variant it decoded as.
    action_tags: Vec<Option<&'static str>>,
    leaves: usize,
    typed: usize,
    /// Leaves under `blocks` keys the typed output lacks (JSON in the shared model).
    left_out: usize,
}

impl Checked {
    /// Typed leaves over the sample's, with the Block Kit rule (see the module's docs).
    fn coverage(&self) -> f64 {
        ratio(self.typed, self.leaves - self.left_out)
    }

    /// The same without the rule.
    fn raw_coverage(&self) -> f64 {
        ratio(self.typed, self.leaves)
    }
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        1.0
    } else {
        part.min(whole) as f64 / whole as f64
    }
}

/// Decodes `json` as `T` as Slack's payload would be: reports, the value encoded back, and
/// its typed part.
fn decode<T: DeserializeOwned + Serialize>(
    json: &Value,
) -> Result<(T, Vec<String>, Value, Value), String> {
    let (value, reports) = lenient::collect(|| serde_json::from_value::<T>(json.clone()));
    let value = value.map_err(|e| e.to_string())?;
    let back = serde_json::to_value(&value).map_err(|e| e.to_string())?;
    let typed = lenient::typed_only(|| serde_json::to_value(&value)).map_err(|e| e.to_string())?;
    Ok((value, reports, back, typed))
}

fn check(sample: &Sample) -> Checked {
    let mut out = Checked {
        name: sample.name.clone(),
        recorded: sample.recorded,
        problems: Vec::new(),
        tag: None,
        action_tags: Vec::new(),
        leaves: count_leaves(&sample.json),
        typed: 0,
        left_out: 0,
    };
    let decoded = match sample.kind {
        Kind::Interaction => {
            decode::<InteractionPayload>(&sample.json).map(|(payload, reports, back, typed)| {
                out.tag = payload_tag(&payload);
                let expected = sample.json["type"].as_str();
                if out.tag.is_none() || out.tag != expected {
                    out.problems.push(format!(
                        "decoded as {:?}, not as the variant of type {expected:?}",
                        out.tag.unwrap_or("Other")
                    ));
                }
                if let InteractionPayload::BlockActions(p) = &payload {
                    out.action_tags = p.actions.iter().map(action_tag).collect();
                    if !p.actions.is_whole() {
                        out.problems.push("odd actions".into());
                    }
                }
                (reports, back, typed)
            })
        }
        Kind::SlashCommand => {
            decode::<SlashCommand>(&sample.json).map(|(_, reports, back, typed)| {
                out.tag = Some("slash_command");
                (reports, back, typed)
            })
        }
    };
    match decoded {
        Err(e) => out.problems.push(format!("does not decode: {e}")),
        Ok((reports, back, typed)) => {
            if !reports.is_empty() {
                out.problems
                    .push(format!("fields of another shape: {reports:?}"));
            }
            if back != sample.json {
                out.problems.push(format!(
                    "encodes to something else:\n      {}",
                    serde_json::to_string(&back).unwrap()
                ));
            }
            out.typed = count_leaves(&typed);
            out.left_out = left_out(&sample.json, &typed);
        }
    }
    out
}

/// Strings, numbers and booleans (`null` says nothing).
fn count_leaves(v: &Value) -> usize {
    match v {
        Value::Null => 0,
        Value::Bool(_) | Value::Number(_) | Value::String(_) => 1,
        Value::Array(items) => items.iter().map(count_leaves).sum(),
        Value::Object(map) => map.values().map(count_leaves).sum(),
    }
}

fn is_block_kit_key(key: &str) -> bool {
    key == "blocks" || key.ends_with("_blocks")
}

/// The leaves of `sample` under a Block Kit key that `typed` (its typed part) lacks where the
/// sample has it: blocks a shared type keeps as JSON.
fn left_out(sample: &Value, typed: &Value) -> usize {
    match (sample, typed) {
        (Value::Object(s), Value::Object(t)) => s
            .iter()
            .map(|(key, value)| match t.get(key) {
                Some(typed) => left_out(value, typed),
                None if is_block_kit_key(key) => count_leaves(value),
                None => 0,
            })
            .sum(),
        (Value::Array(s), Value::Array(t)) => s.iter().zip(t).map(|(a, b)| left_out(a, b)).sum(),
        _ => 0,
    }
}

fn all_checked() -> Vec<Checked> {
    recorded().iter().chain(&examples()).map(check).collect()
}

fn fail_on(failures: Vec<String>, what: &str) {
    assert!(
        failures.is_empty(),
        "{} {what}:\n  {}",
        failures.len(),
        failures.join("\n  ")
    );
}

// --- The payload tests -----------------------------------------------------------------------

#[test]
fn every_payload_decodes_as_its_known_variant_with_every_field_in_shape_and_encodes_back() {
    let checked = all_checked();
    let recorded = checked.iter().filter(|c| c.recorded).count();
    assert!(
        recorded >= 6,
        "only {recorded} recorded interaction samples in {}",
        event_samples_dir().display()
    );
    let failures = checked
        .iter()
        .flat_map(|c| c.problems.iter().map(move |p| format!("{}: {p}", c.name)))
        .collect();
    fail_on(failures, "payloads that do not decode as they should");
}

#[test]
fn every_payload_type_and_every_block_action_kind_is_exercised() {
    let checked = all_checked();
    let tags: BTreeSet<&str> = checked.iter().filter_map(|c| c.tag).collect();
    let expected: BTreeSet<&str> = [
        "block_actions",
        "block_suggestion",
        "view_submission",
        "view_closed",
        "shortcut",
        "message_action",
        "interactive_message",
        "dialog_submission",
        "dialog_cancellation",
        "dialog_suggestion",
        "workflow_step_edit",
        "slash_command",
    ]
    .into();
    assert_eq!(tags, expected);

    let kinds: BTreeSet<&str> = checked
        .iter()
        .flat_map(|c| c.action_tags.iter().copied())
        .map(|tag| tag.expect("an action decoded as BlockAction::Other"))
        .collect();
    assert_eq!(kinds.len(), 24, "{kinds:?}");
}

#[test]
fn payloads_land_in_typed_fields() {
    let checked = all_checked();
    let mut report = String::new();
    for c in &checked {
        report.push_str(&format!(
            "{:<58} {:>6.1}%  ({}/{} leaves, {} Block Kit leaves left out; {:.1}% without the rule)\n",
            c.name,
            c.coverage() * 100.0,
            c.typed.min(c.leaves - c.left_out),
            c.leaves - c.left_out,
            c.left_out,
            c.raw_coverage() * 100.0,
        ));
    }
    let summary = |label: &str, set: &[&Checked]| -> (f64, f64, String) {
        let mean = set.iter().map(|c| c.coverage()).sum::<f64>() / set.len() as f64;
        let low = set.iter().map(|c| c.coverage()).fold(1.0, f64::min);
        let raw = set.iter().map(|c| c.raw_coverage()).sum::<f64>() / set.len() as f64;
        let line = format!(
            "{label}: {} payloads, mean {:.1}%, lowest {:.1}% (mean without the Block Kit rule {:.1}%)\n",
            set.len(),
            mean * 100.0,
            low * 100.0,
            raw * 100.0
        );
        (mean, low, line)
    };
    let all: Vec<&Checked> = checked.iter().collect();
    let recorded: Vec<&Checked> = checked.iter().filter(|c| c.recorded).collect();
    let (mean, low, line) = summary("all", &all);
    report.push_str(&line);
    let (rec_mean, rec_low, line) = summary("recorded samples", &recorded);
    report.push_str(&line);
    println!("{report}");
    assert!(
        mean >= 0.95 && rec_mean >= 0.95,
        "mean under 95%:\n{report}"
    );
    assert!(
        low >= 0.80 && rec_low >= 0.80,
        "a payload under 80%:\n{report}"
    );
}

#[test]
fn a_block_action_reads_as_its_element_kind() {
    let json = read_json(&examples_dir().join("block_actions.every_element.json"));
    let InteractionPayload::BlockActions(payload) =
        serde_json::from_value::<InteractionPayload>(json).unwrap()
    else {
        panic!("not block_actions");
    };
    let actions: Vec<&BlockAction> = payload.actions.iter().collect();
    let BlockAction::StaticSelect(select) = actions[13] else {
        panic!("{:?}", actions[13]);
    };
    assert_eq!(select.action_id, "airline");
    assert_eq!(select.selected_option.as_ref().unwrap().value, "tap");
    let BlockAction::DatetimePicker(picker) = actions[7] else {
        panic!("{:?}", actions[7]);
    };
    assert_eq!(picker.selected_date_time, Some(1772445600));
    let BlockAction::MultiUsersSelect(users) = actions[18] else {
        panic!("{:?}", actions[18]);
    };
    let users: Vec<&str> = users
        .selected_users
        .iter()
        .flatten()
        .map(|u| u.as_str())
        .collect();
    assert_eq!(users, ["U0123ABCD", "U0456EFGH"]);
    // The view the action came from, with its state typed by element kind.
    let Some(ViewPayload::Modal(view)) = payload.view.as_deref() else {
        panic!("no modal");
    };
    let state = view.state.as_ref().unwrap().values.as_ref().unwrap();
    let Some(ElementState::PlainTextInput(input)) = state
        .get("b_purpose")
        .and_then(|block| block.get("purpose"))
    else {
        panic!("{state:?}");
    };
    assert_eq!(input.value.as_deref(), Some("Customer visit"));
}

#[test]
fn an_action_of_an_unknown_element_or_a_payload_of_an_unknown_type_is_kept_whole() {
    let mut json = read_json(&examples_dir().join("block_actions.message.json"));
    let new_kind = json!({
        "type": "hologram_picker",
        "action_id": "pick",
        "block_id": "b",
        "action_ts": "1772445601.840181",
        "selected_hologram": "h-1"
    });
    json["actions"]
        .as_array_mut()
        .unwrap()
        .push(new_kind.clone());
    let (payload, reports) =
        lenient::collect(|| serde_json::from_value::<InteractionPayload>(json.clone()));
    let payload = payload.unwrap();
    assert_eq!(reports, Vec::<String>::new());
    let InteractionPayload::BlockActions(p) = &payload else {
        panic!("{payload:?}");
    };
    let actions: Vec<&BlockAction> = p.actions.iter().collect();
    assert!(matches!(actions[0], BlockAction::Button(_)));
    assert_eq!(actions[1], &BlockAction::Other(new_kind));
    assert_eq!(serde_json::to_value(&payload).unwrap(), json);

    let unknown = json!({"type": "hologram_submission", "user": {"id": "U0123ABCD"}});
    let payload: InteractionPayload = serde_json::from_value(unknown.clone()).unwrap();
    assert_eq!(payload, InteractionPayload::Other(unknown.clone()));
    assert_eq!(serde_json::to_value(&payload).unwrap(), unknown);
}

#[test]
fn a_slash_command_form_reads_as_text_fields() {
    let text = std::fs::read_to_string(examples_dir().join("slash_command.form")).unwrap();
    let command: SlashCommand = serde_json::from_value(form_to_json(text.trim())).unwrap();
    assert_eq!(command.command, "/trip");
    assert_eq!(command.text, "Lisbon 2026-03-10");
    assert_eq!(command.enterprise_name.as_deref(), Some("Example Inc"));
    assert_eq!(command.is_enterprise_install.as_deref(), Some("false"));
    assert!(command
        .response_url
        .starts_with("https://hooks.slack.com/commands/"));
}

// --- What apps send back ---------------------------------------------------------------------

fn round_trip<T>(value: &T, expected: Value)
where
    T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug,
{
    assert_eq!(serde_json::to_value(value).unwrap(), expected);
    assert_eq!(&serde_json::from_value::<T>(expected).unwrap(), value);
}

#[test]
fn a_view_submission_answered_with_two_errors() {
    let errors = BTreeMap::from([
        (
            "travel-dates".to_owned(),
            "The trip cannot end before it starts".into(),
        ),
        (
            "budget".to_owned(),
            "Trips over EUR 5000 need a director's approval".into(),
        ),
    ]);
    let answer: ViewResponseAction = ViewErrorsResponse::new(errors).into();
    round_trip(
        &answer,
        json!({
            "response_action": "errors",
            "errors": {
                "travel-dates": "The trip cannot end before it starts",
                "budget": "Trips over EUR 5000 need a director's approval"
            }
        }),
    );
    assert_eq!(answer.validate(), Ok(()));
}

#[test]
fn a_view_submission_answered_with_an_updated_modal() {
    let answer: ViewResponseAction = ViewUpdateResponse::new(
        ModalView::new("Trip requested")
            .callback_id("trip_done")
            .close("Done")
            .blocks(blocks![
                Block::section(mrkdwn("Your trip to *Lisbon* is waiting for approval.")),
                Block::context([PlainText::new("Request 20931")]),
            ]),
    )
    .into();
    round_trip(
        &answer,
        json!({
            "response_action": "update",
            "view": {
                "type": "modal",
                "title": {"type": "plain_text", "text": "Trip requested"},
                "callback_id": "trip_done",
                "close": {"type": "plain_text", "text": "Done"},
                "blocks": [
                    {
                        "type": "section",
                        "text": {"type": "mrkdwn", "text": "Your trip to *Lisbon* is waiting for approval."}
                    },
                    {
                        "type": "context",
                        "elements": [{"type": "plain_text", "text": "Request 20931"}]
                    }
                ]
            }
        }),
    );
    assert_eq!(answer.validate(), Ok(()));

    // The modal's limits hold inside the answer: a title is at most 24 characters.
    let too_long: ViewResponseAction =
        ViewUpdateResponse::new(ModalView::new("A title of more than 24 characters")).into();
    let violations = too_long.validate().unwrap_err();
    assert_eq!(violations.len(), 1, "{violations:?}");
    assert_eq!(violations[0].path, "view.title");
}

#[test]
fn a_view_submission_answered_with_a_pushed_view_or_a_clear() {
    let push: ViewResponseAction = ViewPushResponse::new(
        ModalView::new("Add a traveller")
            .submit("Add")
            .blocks(blocks![Block::input(
                "Who",
                MultiUsersSelect::new().action_id("who")
            )]),
    )
    .into();
    round_trip(
        &push,
        json!({
            "response_action": "push",
            "view": {
                "type": "modal",
                "title": {"type": "plain_text", "text": "Add a traveller"},
                "submit": {"type": "plain_text", "text": "Add"},
                "blocks": [{
                    "type": "input",
                    "label": {"type": "plain_text", "text": "Who"},
                    "element": {"type": "multi_users_select", "action_id": "who"}
                }]
            }
        }),
    );
    let clear: ViewResponseAction = ViewClearResponse::new().into();
    round_trip(&clear, json!({"response_action": "clear"}));
}

#[test]
fn a_block_suggestion_answered_with_options_or_option_groups() {
    let options = BlockSuggestionResponse::new().options([
        SelectOption::new(plain_text("Apollo"), "p-11"),
        SelectOption::new(plain_text("Apollo Mobile"), "p-12")
            .description(plain_text("iOS and Android")),
    ]);
    round_trip(
        &options,
        json!({
            "options": [
                {"text": {"type": "plain_text", "text": "Apollo"}, "value": "p-11"},
                {
                    "text": {"type": "plain_text", "text": "Apollo Mobile"},
                    "value": "p-12",
                    "description": {"type": "plain_text", "text": "iOS and Android"}
                }
            ]
        }),
    );
    assert_eq!(options.validate(), Ok(()));

    let groups = BlockSuggestionResponse::new().option_groups([OptionGroup::new(
        "Active projects",
        [SelectOption::new(plain_text("Apollo"), "p-11")],
    )]);
    round_trip(
        &groups,
        json!({
            "option_groups": [{
                "label": {"type": "plain_text", "text": "Active projects"},
                "options": [{"text": {"type": "plain_text", "text": "Apollo"}, "value": "p-11"}]
            }]
        }),
    );

    // Slack takes at most 100 options.
    let too_many = BlockSuggestionResponse::new().options(
        (0..101).map(|i| SelectOption::new(plain_text(format!("P{i}")), format!("p-{i}"))),
    );
    let violations = too_many.validate().unwrap_err();
    assert_eq!(violations.len(), 1, "{violations:?}");
    assert_eq!(violations[0].path, "options");
}

#[test]
fn messages_to_a_response_url() {
    let reply = ResponseUrlMessage::new()
        .text("Only you can see this: the trip is booked.")
        .response_type(MessageResponseType::Ephemeral)
        .replace_original(false);
    round_trip(
        &reply,
        json!({
            "text": "Only you can see this: the trip is booked.",
            "response_type": "ephemeral",
            "replace_original": false
        }),
    );

    let replace = ResponseUrlMessage::new()
        .text("Approved by Ada")
        .blocks(blocks![Block::section(mrkdwn(
            ":white_check_mark: Approved by <@U0123ABCD>"
        ))])
        .response_type(MessageResponseType::InChannel)
        .replace_original(true)
        .thread_ts("1772445600.000200");
    round_trip(
        &replace,
        json!({
            "text": "Approved by Ada",
            "blocks": [{
                "type": "section",
                "text": {"type": "mrkdwn", "text": ":white_check_mark: Approved by <@U0123ABCD>"}
            }],
            "response_type": "in_channel",
            "replace_original": true,
            "thread_ts": "1772445600.000200"
        }),
    );
    assert_eq!(replace.validate(), Ok(()));

    let delete = ResponseUrlMessage::new().delete_original(true);
    round_trip(&delete, json!({"delete_original": true}));
}

#[test]
fn legacy_dialog_answers() {
    let errors =
        DialogErrorsResponse::new([DialogError::new("email", "That address is not one of ours")]);
    round_trip(
        &errors,
        json!({"errors": [{"name": "email", "error": "That address is not one of ours"}]}),
    );
    let options = DialogSuggestionResponse::new().option_groups([DialogOptionGroup::new(
        "Recent",
        [DialogOption::new("Apollo", "p-11")],
    )]);
    round_trip(
        &options,
        json!({"option_groups": [{"label": "Recent", "options": [{"label": "Apollo", "value": "p-11"}]}]}),
    );
}

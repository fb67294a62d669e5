//! Interactions played by a person: a button click (`block_actions`, with a response URL
//! that replaces or posts messages), a modal submitted (`view_submission`, the app's
//! `response_action` taking effect on the person's view stack), a slash command; over
//! HTTP (form-encoded, signed) and over Socket Mode (acknowledged with a payload).

mod app;
mod ws;

use std::time::{Duration, SystemTime};

use app::{Received, TestApp};
use serde_json::{json, Value};
use slack_api::block_kit::{ActionsBlock, Button, InputBlock, ModalView, PlainTextInput};
use slack_api::{blocks, Client};
use slack_emulator::{
    ActError, DeliveryTimes, Emulator, DEFAULT_SIGNING_SECRET, GENERAL_ID, HUMAN_ID,
};
use slack_model::block_kit::ElementState;
use slack_model::events::{BlockAction, InteractionPayload, SlashCommand};
use ws::{ack, connect, next_json, Socket};

fn bot(emulator: &Emulator) -> Client {
    Client::builder(emulator.tokens().bot.clone())
        .base_url(emulator.base_url())
        .build()
        .unwrap()
}

/// The bot posts a message with an Approve button: its ts.
async fn post_with_button(client: &Client) -> String {
    let posted = client
        .chat_post_message(GENERAL_ID)
        .text("Deploy 42?")
        .blocks(blocks![ActionsBlock::new([Button::new("Approve")
            .action_id("approve")
            .value("42")])])
        .await
        .unwrap();
    posted.ts.into()
}

/// An emulator sending interactions to `app`, and the bot's message with a button in it:
/// the emulator, the bot's client and the message's `ts`.
async fn with_button(app: &TestApp) -> (Emulator, Client, String) {
    let emulator = Emulator::start().await.unwrap();
    emulator.set_request_url(&app.url).await.unwrap();
    let client = bot(&emulator);
    let ts = post_with_button(&client).await;
    (emulator, client, ts)
}

/// A form-encoded request's fields.
fn form(request: &Received) -> Vec<(String, String)> {
    form_urlencoded::parse(&request.body).into_owned().collect()
}

fn field(request: &Received, name: &str) -> String {
    form(request)
        .into_iter()
        .find(|(k, _)| k == name)
        .unwrap()
        .1
}

/// An app whose Request URL answers the `url_verification`, and each interaction (a
/// form-encoded request) with `answer`'s body, at once, HTTP 200.
async fn app_answering(answer: impl Fn(&Received) -> String + Send + Sync + 'static) -> TestApp {
    TestApp::answering(move |request, _| {
        let body = if request.header("content-type") == Some("application/json") {
            app::challenge(request)
        } else {
            answer(request)
        };
        (Duration::ZERO, 200, body)
    })
    .await
}

/// An interaction's payload, and what was typed into the `comments` input of its view's
/// `feedback` block (`null` when there is none).
fn submitted(request: &Received) -> (Value, Value) {
    let payload: Value = serde_json::from_str(&field(request, "payload")).unwrap_or_default();
    let typed = payload["view"]["state"]["values"]["feedback"]["comments"]["value"].clone();
    (payload, typed)
}

fn verified(request: &Received) {
    let headers: Vec<(String, String)> = request
        .headers
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_str().unwrap().to_owned()))
        .collect();
    slack_events::Verifier::new([DEFAULT_SIGNING_SECRET])
        .verify(&headers, &request.body, SystemTime::now())
        .unwrap();
}

/// The app's (form-encoded) interaction payloads, without the events.
fn interactions(app: &TestApp) -> Vec<Received> {
    app.received()
        .into_iter()
        .filter(|r| r.header("content-type") == Some("application/x-www-form-urlencoded"))
        .collect()
}

#[tokio::test]
async fn a_click_reaches_the_app_and_its_response_url_replaces_the_message() {
    let app = TestApp::start().await;
    let (emulator, client, ts) = with_button(&app).await;
    let alice = emulator.act_as(HUMAN_ID);
    assert_eq!(alice.click(GENERAL_ID, &ts, "approve").await.unwrap(), None);
    let click = interactions(&app).pop().expect("the click");
    verified(&click);
    let payload: Value = serde_json::from_str(&field(&click, "payload")).unwrap();
    let InteractionPayload::BlockActions(actions) =
        serde_json::from_value(payload.clone()).unwrap()
    else {
        panic!("{payload:#}")
    };
    assert_eq!(actions.user.id, HUMAN_ID);
    let BlockAction::Button(button) = &actions.actions[0] else {
        panic!("{payload:#}")
    };
    assert_eq!(
        (button.action_id.as_str(), button.value.as_deref()),
        ("approve", Some("42"))
    );
    assert_eq!(
        actions.message.as_ref().unwrap().ts.as_deref(),
        Some(ts.as_str())
    );
    // The app answers through the response URL: the message is replaced, then a message
    // goes to the channel.
    let response_url = actions.response_url.clone().unwrap();
    let http = reqwest::Client::new();
    let post = |body: Value| {
        http.post(response_url.as_str())
            .header("content-type", "application/json")
            .body(body.to_string())
            .send()
    };
    let replace = json!({"replace_original": true, "text": "Approved by <@U0EMU00001>"});
    let answer = post(replace).await.unwrap().text().await.unwrap();
    let answer: Value = serde_json::from_str(&answer).unwrap();
    assert_eq!(answer["ok"], true, "{answer}");
    let in_channel = json!({"response_type": "in_channel", "text": "Deploying 42"});
    post(in_channel).await.unwrap();
    let history = client
        .conversations_history(GENERAL_ID)
        .await
        .unwrap()
        .messages;
    let texts: Vec<&str> = history.iter().filter_map(|m| m.text.as_deref()).collect();
    assert_eq!(texts[..2], ["Deploying 42", "Approved by <@U0EMU00001>"]);
    assert_eq!(
        history[1].ts.as_deref(),
        Some(ts.as_str()),
        "replaced in place"
    );
    // Ephemeral by default: shown to alice only.
    post(json!({"text": "just you"})).await.unwrap();
    let shown = emulator.ephemeral_messages(HUMAN_ID);
    assert_eq!(shown.last().unwrap()["text"], "just you");
}

#[tokio::test]
async fn a_modal_submission_with_errors_shows_them_over_http() {
    // The app answers the first submission with errors, the second by closing the view.
    let app = app_answering(|request| {
        let (payload, text) = submitted(request);
        if payload["type"] == "view_submission" && text == "meh" {
            json!({"response_action": "errors", "errors": {"feedback": "Say more"}}).to_string()
        } else {
            String::new()
        }
    })
    .await;
    let (emulator, client, ts) = with_button(&app).await;
    let alice = emulator.act_as(HUMAN_ID);
    alice.click(GENERAL_ID, &ts, "approve").await.unwrap();
    let click: Value = serde_json::from_str(&field(&interactions(&app)[0], "payload")).unwrap();
    let trigger = click["trigger_id"].as_str().unwrap();
    let modal = ModalView::new("Feedback")
        .submit("Send")
        .callback_id("feedback")
        .blocks(blocks![InputBlock::new(
            "Comments",
            PlainTextInput::new().action_id("comments")
        )
        .block_id("feedback"),]);
    let opened = client.views_open(modal).trigger_id(trigger).await.unwrap();
    let view_id = opened.view.id.clone();
    let stack = emulator.view_stack(HUMAN_ID);
    assert_eq!(stack.len(), 1, "opened in alice's stack");

    let answer = alice
        .submit_view(&view_id, json!({"comments": "meh"}))
        .await
        .unwrap();
    assert_eq!(answer.unwrap()["response_action"], "errors");
    let stack = emulator.view_stack(HUMAN_ID);
    assert_eq!(stack.len(), 1, "still open");
    assert_eq!(stack[0].errors["feedback"], "Say more");
    let submitted = interactions(&app).pop().unwrap();
    verified(&submitted);
    let payload: Value = serde_json::from_str(&field(&submitted, "payload")).unwrap();
    let InteractionPayload::ViewSubmission(submission) =
        serde_json::from_value(payload.clone()).unwrap()
    else {
        panic!("{payload:#}")
    };
    let values = submission.view.state.unwrap().values.unwrap();
    let ElementState::PlainTextInput(text) = &values["feedback"]["comments"] else {
        panic!("{payload:#}")
    };
    assert_eq!(text.value.as_deref(), Some("meh"));

    // Answered with nothing: the view closes.
    alice
        .submit_view(&view_id, json!({"comments": "Great work"}))
        .await
        .unwrap();
    assert!(emulator.view_stack(HUMAN_ID).is_empty());

    // A modal with a select, closed by its Close button: the app asked to be told.
    let options = json!([
        {"text": {"type": "plain_text", "text": "Production"}, "value": "prod"},
        {"text": {"type": "plain_text", "text": "Staging"}, "value": "staging"},
    ]);
    let modal = json!({
        "type": "modal", "title": {"type": "plain_text", "text": "Where"},
        "notify_on_close": true,
        "blocks": [{"type": "actions", "block_id": "env", "elements": [
            {"type": "static_select", "action_id": "env", "options": options},
        ]}],
    });
    let last_payload = |app: &TestApp| -> Value {
        serde_json::from_str(&field(&interactions(app).pop().unwrap(), "payload")).unwrap()
    };
    alice.click(GENERAL_ID, &ts, "approve").await.unwrap();
    let click = last_payload(&app);
    let trigger = click["trigger_id"].as_str().unwrap();
    let opened = client.views_open(modal).trigger_id(trigger).await.unwrap();
    let view_id = opened.view.id.clone();
    alice
        .choose_in_view(&view_id, "env", json!("staging"))
        .await
        .unwrap();
    let chosen = last_payload(&app);
    let InteractionPayload::BlockActions(actions) = serde_json::from_value(chosen.clone()).unwrap()
    else {
        panic!("{chosen:#}")
    };
    assert_eq!(chosen["container"]["view_id"], view_id.as_str());
    let BlockAction::StaticSelect(select) = &actions.actions[0] else {
        panic!("{chosen:#}")
    };
    let picked = select.selected_option.as_ref().unwrap();
    assert_eq!(picked.value, "staging");
    alice.close_view(&view_id).await.unwrap();
    assert!(emulator.view_stack(HUMAN_ID).is_empty());
    let closed: InteractionPayload = serde_json::from_value(last_payload(&app)).unwrap();
    assert!(
        matches!(closed, InteractionPayload::ViewClosed(_)),
        "{closed:?}"
    );
}

/// The next envelope that is not an event (events, the bot's own posts, are acknowledged
/// and skipped).
async fn next_envelope(socket: &mut Socket) -> Value {
    loop {
        let json = next_json(socket).await;
        if json["type"] == "events_api" {
            ack(socket, &json, Value::Null).await;
            continue;
        }
        return json;
    }
}

#[tokio::test]
async fn over_socket_mode_response_actions_update_push_and_clear_the_stack() {
    let emulator = std::sync::Arc::new(Emulator::start().await.unwrap());
    let mut socket = connect(&emulator).await;
    let client = bot(&emulator);
    let ts = post_with_button(&client).await;
    let clicking = {
        let emulator = emulator.clone();
        let ts = ts.clone();
        tokio::spawn(async move {
            emulator
                .act_as(HUMAN_ID)
                .click(GENERAL_ID, &ts, "approve")
                .await
        })
    };
    let envelope = next_envelope(&mut socket).await;
    assert_eq!(envelope["type"], "interactive");
    assert_eq!(envelope["accepts_response_payload"], true);
    let trigger = envelope["payload"]["trigger_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let modal = |title: &str| {
        ModalView::new(title)
            .submit("Next")
            .blocks(blocks![InputBlock::new(
                "Name",
                PlainTextInput::new().action_id("name")
            )
            .block_id("who")])
    };
    let opened = client
        .views_open(modal("Step 1"))
        .trigger_id(&trigger)
        .await
        .unwrap();
    ack(&mut socket, &envelope, Value::Null).await;
    clicking.await.unwrap().unwrap();
    let view_id = opened.view.id.clone();

    // Each submission answered in the ack with a response action.
    let answers = [
        json!({"response_action": "errors", "errors": {"who": "Required"}}),
        json!({"response_action": "update", "view": serde_json::to_value(modal("Step 1 again")).unwrap()}),
        json!({"response_action": "push", "view": serde_json::to_value(modal("Step 2")).unwrap()}),
        json!({"response_action": "clear"}),
    ];
    let titles = |emulator: &Emulator| -> Vec<String> {
        emulator
            .view_stack(HUMAN_ID)
            .iter()
            .map(|v| v.view["title"]["text"].as_str().unwrap().to_owned())
            .collect()
    };
    let mut seen = Vec::new();
    for answer in answers {
        let submitting = {
            let emulator = emulator.clone();
            let view_id = view_id.clone();
            tokio::spawn(async move {
                emulator
                    .act_as(HUMAN_ID)
                    .submit_view(&view_id, json!({"name": "Ada"}))
                    .await
            })
        };
        let envelope = next_envelope(&mut socket).await;
        let submitted: InteractionPayload =
            serde_json::from_value(envelope["payload"].clone()).unwrap();
        assert!(
            matches!(submitted, InteractionPayload::ViewSubmission(_)),
            "{envelope:#}"
        );
        ack(&mut socket, &envelope, answer).await;
        submitting.await.unwrap().unwrap();
        let stack = emulator.view_stack(HUMAN_ID);
        let errors = stack.first().map(|v| v.errors.clone()).unwrap_or_default();
        seen.push((titles(&emulator), errors.get("who").cloned()));
    }
    assert_eq!(
        seen,
        [
            (vec!["Step 1".to_owned()], Some(json!("Required"))),
            (vec!["Step 1 again".to_owned()], None),
            (vec!["Step 1 again".to_owned(), "Step 2".to_owned()], None),
            (vec![], None),
        ]
    );
}

#[tokio::test]
async fn a_slash_command_is_form_encoded_and_its_answer_posted() {
    let app = app_answering(|request| {
        if field(request, "text") == "loud" {
            json!({"response_type": "in_channel", "text": "Deploying for everyone"}).to_string()
        } else {
            json!({"text": "Only you see this"}).to_string()
        }
    })
    .await;
    let emulator = Emulator::start().await.unwrap();
    emulator.set_request_url(&app.url).await.unwrap();
    let alice = emulator.act_as(HUMAN_ID);
    alice.command(GENERAL_ID, "/deploy", "quiet").await.unwrap();
    let request = interactions(&app).pop().unwrap();
    verified(&request);
    let fields: serde_json::Map<String, Value> = form(&request)
        .into_iter()
        .map(|(k, v)| (k, Value::String(v)))
        .collect();
    let command: SlashCommand = serde_json::from_value(Value::Object(fields)).unwrap();
    assert_eq!(
        (command.command.as_str(), command.text.as_str()),
        ("/deploy", "quiet")
    );
    assert_eq!(command.user_id, HUMAN_ID);
    assert!(command
        .response_url
        .starts_with(&format!("http://{}/", emulator.addr())));
    assert_eq!(
        emulator.ephemeral_messages(HUMAN_ID)[0]["text"],
        "Only you see this"
    );
    alice.command(GENERAL_ID, "/deploy", "loud").await.unwrap();
    let history = bot(&emulator)
        .conversations_history(GENERAL_ID)
        .await
        .unwrap()
        .messages;
    assert_eq!(history[0].text.as_deref(), Some("Deploying for everyone"));
}

#[tokio::test]
async fn a_submission_types_each_elements_value_by_its_kind() {
    let app = TestApp::start().await;
    let (emulator, client, ts) = with_button(&app).await;
    let alice = emulator.act_as(HUMAN_ID);
    alice.click(GENERAL_ID, &ts, "approve").await.unwrap();
    let click: Value = serde_json::from_str(&field(&interactions(&app)[0], "payload")).unwrap();
    let options = json!([
        {"text": {"type": "plain_text", "text": "One"}, "value": "one"},
        {"text": {"type": "plain_text", "text": "Two"}, "value": "two"},
    ]);
    let kinds: [(&str, Value); 18] = [
        ("plain_text_input", json!("words")),
        ("email_text_input", json!("a@example.com")),
        ("url_text_input", json!("https://example.com")),
        ("number_input", json!("42")),
        ("rich_text_input", json!("rich")),
        ("static_select", json!("two")),
        ("multi_static_select", json!(["one", "two"])),
        ("radio_buttons", json!("one")),
        ("checkboxes", json!(["two"])),
        ("users_select", json!(HUMAN_ID)),
        ("multi_users_select", json!([HUMAN_ID])),
        ("conversations_select", json!(GENERAL_ID)),
        ("multi_conversations_select", json!([GENERAL_ID])),
        ("channels_select", json!(GENERAL_ID)),
        ("multi_channels_select", json!([GENERAL_ID])),
        ("datepicker", json!("2026-12-01")),
        ("timepicker", json!("09:30")),
        ("datetimepicker", json!("1764581400")),
    ];
    let blocks: Vec<Value> = kinds
        .iter()
        .map(|(kind, _)| {
            let mut element = json!({"type": kind, "action_id": kind});
            if [
                "static_select",
                "multi_static_select",
                "radio_buttons",
                "checkboxes",
            ]
            .contains(kind)
            {
                element["options"] = options.clone();
            }
            if *kind == "number_input" {
                element["is_decimal_allowed"] = json!(false);
            }
            let label = json!({"type": "plain_text", "text": kind});
            json!({"type": "input", "block_id": kind, "label": label, "element": element})
        })
        .collect();
    let modal = json!({"type": "modal", "title": {"type": "plain_text", "text": "All"},
                       "submit": {"type": "plain_text", "text": "Send"}, "blocks": blocks});
    let trigger = click["trigger_id"].as_str().unwrap();
    let opened = client.views_open(modal).trigger_id(trigger).await.unwrap();
    let values: serde_json::Map<String, Value> = kinds
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect();
    alice
        .submit_view(&opened.view.id, Value::Object(values))
        .await
        .unwrap();
    let payload: Value =
        serde_json::from_str(&field(&interactions(&app).pop().unwrap(), "payload")).unwrap();
    let InteractionPayload::ViewSubmission(submission) =
        serde_json::from_value(payload.clone()).unwrap()
    else {
        panic!("{payload:#}")
    };
    let state = submission.view.state.unwrap().values.unwrap();
    for (kind, _) in &kinds {
        let value = &state[*kind][*kind];
        assert!(
            !matches!(value, ElementState::Other(_)),
            "{kind}: {value:?}"
        );
    }
    let ElementState::MultiStaticSelect(multi) =
        &state["multi_static_select"]["multi_static_select"]
    else {
        panic!()
    };
    let picked: Vec<&str> = multi
        .selected_options
        .as_ref()
        .unwrap()
        .iter()
        .map(|o| o.value.as_str())
        .collect();
    assert_eq!(picked, ["one", "two"]);
    let ElementState::DatePicker(date) = &state["datepicker"]["datepicker"] else {
        panic!()
    };
    assert_eq!(date.selected_date.as_deref(), Some("2026-12-01"));
    let ElementState::UsersSelect(user) = &state["users_select"]["users_select"] else {
        panic!()
    };
    assert_eq!(user.selected_user.as_deref(), Some(HUMAN_ID));
}

#[tokio::test]
async fn an_interaction_the_app_never_hears_or_answers_is_a_typed_error() {
    let emulator = Emulator::start().await.unwrap();
    let ts = post_with_button(&bot(&emulator)).await;
    let alice = emulator.act_as(HUMAN_ID);
    let unheard = alice.click(GENERAL_ID, &ts, "approve").await;
    assert!(
        matches!(unheard, Err(ActError::Undelivered(_))),
        "{unheard:?}"
    );
    let missing = alice.click(GENERAL_ID, &ts, "no_such_action").await;
    assert!(matches!(missing, Err(ActError::NotFound(_))), "{missing:?}");
    // Connected, but never acknowledged within the (shortened) 3 seconds.
    emulator.set_delivery_times(DeliveryTimes::scaled(20));
    let _socket = connect(&emulator).await;
    let unanswered = alice.click(GENERAL_ID, &ts, "approve").await;
    assert_eq!(unanswered, Err(ActError::Undelivered("no_ack".into())));
}

#[tokio::test]
async fn an_answer_slack_refuses_leaves_the_view_as_it_was() {
    // The app answers by what was typed: errors keyed by the element's action_id (a common
    // slip: Slack wants the input block's block_id), errors for a section block, an update
    // whose title is past Slack's 24 characters, and at last errors where they belong.
    let app = app_answering(|request| {
        let (_, typed) = submitted(request);
        let errors = |key: &str| json!({"response_action": "errors", "errors": {key: "No"}});
        let long = json!({"type": "modal", "title": {"type": "plain_text",
            "text": "A title far too long for Slack"}, "blocks": []});
        match typed.as_str() {
            Some("action_id") => errors("comments"),
            Some("section") => errors("intro"),
            Some("long title") => json!({"response_action": "update", "view": long}),
            _ => errors("feedback"),
        }
        .to_string()
    })
    .await;
    let (emulator, client, ts) = with_button(&app).await;
    let alice = emulator.act_as(HUMAN_ID);
    alice.click(GENERAL_ID, &ts, "approve").await.unwrap();
    let click: Value = serde_json::from_str(&field(&interactions(&app)[0], "payload")).unwrap();
    let modal = json!({
        "type": "modal", "title": {"type": "plain_text", "text": "Feedback"},
        "submit": {"type": "plain_text", "text": "Send"},
        "blocks": [
            {"type": "section", "block_id": "intro", "text": {"type": "mrkdwn", "text": "Hi"}},
            {"type": "input", "block_id": "feedback", "label": {"type": "plain_text", "text": "C"},
             "element": {"type": "plain_text_input", "action_id": "comments"}},
        ],
    });
    let trigger = click["trigger_id"].as_str().unwrap();
    let opened = client.views_open(modal).trigger_id(trigger).await.unwrap();
    let view_id = opened.view.id.clone();
    let submit = |text: &str| alice.submit_view(&view_id, json!({ "comments": text }));
    for (typed, why) in [
        ("action_id", "`errors` names `comments`"),
        ("section", "`errors` names `intro`"),
        ("long title", "at most 24 characters"),
    ] {
        match submit(typed).await {
            Err(ActError::Refused { reason, answer }) => {
                assert!(reason.contains(why), "{typed}: {reason}");
                assert!(answer["response_action"].is_string(), "{answer}");
            }
            other => panic!("{typed}: {other:?}"),
        }
        let stack = emulator.view_stack(HUMAN_ID);
        assert_eq!(stack.len(), 1, "{typed}: still open");
        assert_eq!(stack[0].view["title"]["text"], "Feedback", "{typed}");
        assert!(stack[0].errors.is_empty(), "{typed}: no errors shown");
    }
    submit("fine").await.unwrap();
    assert_eq!(emulator.view_stack(HUMAN_ID)[0].errors["feedback"], "No");
}

//! What the app is handed, decoded into slack-model's generated types: an Events API
//! envelope with its typed event, an interaction payload, a slash command; an event of a
//! type this version does not know is `Event::Other` with the envelope still typed.

mod support;

use serde_json::json;
use slack_events::{DecodeError, Received};
use slack_model::events::{Event, EventCallback, InteractionPayload, SlashCommand};
use support::{at, event, form_headers, json_headers, payload_form, receiver, NOW};

fn receive(body: &str, headers: Vec<(String, String)>) -> Received {
    receiver().receive_at("POST", &headers, body.as_bytes(), at(NOW))
}

#[test]
fn an_event_decodes_into_its_typed_envelope_and_event() {
    let body = event("Ev0009");
    let incoming = receive(&body, json_headers(&body)).incoming.unwrap();
    let callback: EventCallback = incoming.decode().unwrap();
    assert_eq!(callback.event_id, "Ev0009");
    let Event::AppMention(mention) = callback.event.as_ref() else {
        panic!("{:?}", callback.event)
    };
    assert_eq!(mention.text.as_deref(), Some("<@U0002> hi"));
    assert_eq!(mention.channel.as_deref(), Some("C0001"));
    // Not an interaction.
    assert!(matches!(
        incoming.decode::<InteractionPayload>(),
        Err(DecodeError::WrongKind { .. })
    ));
}

#[test]
fn an_unknown_event_type_is_other_in_a_typed_envelope() {
    let mut envelope: serde_json::Value = serde_json::from_str(&event("Ev0010")).unwrap();
    envelope["event"] = json!({"type": "brand_new_event", "widget": {"id": 7}});
    let body = envelope.to_string();
    let incoming = receive(&body, json_headers(&body)).incoming.unwrap();
    let callback: EventCallback = incoming.decode().unwrap();
    assert_eq!(callback.team_id, "T0001");
    match callback.event.as_ref() {
        Event::Other(raw) => assert_eq!(raw["widget"]["id"], 7),
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_interaction_and_a_slash_command_decode_typed() {
    let payload = json!({
        "type": "view_submission", "team": {"id": "T0001", "domain": "example"},
        "user": {"id": "U0001", "name": "alice", "team_id": "T0001"},
        "api_app_id": "A0001", "token": "t", "trigger_id": "1.2.3",
        "view": {"id": "V0001", "type": "modal", "callback_id": "survey",
                 "title": {"type": "plain_text", "text": "Survey"},
                 "state": {"values": {"b1": {"name": {"type": "plain_text_input", "value": "Ada"}}}}},
    });
    let body = payload_form(&payload);
    let incoming = receive(&body, form_headers(&body)).incoming.unwrap();
    match incoming.decode::<InteractionPayload>().unwrap() {
        InteractionPayload::ViewSubmission(submission) => {
            assert_eq!(submission.view.callback_id.as_deref(), Some("survey"))
        }
        other => panic!("{other:?}"),
    }

    let body = "token=t&team_id=T0001&team_domain=example&channel_id=C1&channel_name=general&user_id=U1&user_name=alice&command=%2Fweather&text=94070&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2F1%2F2&trigger_id=1.2.3&api_app_id=A1";
    let incoming = receive(body, form_headers(body)).incoming.unwrap();
    let command: SlashCommand = incoming.decode().unwrap();
    assert_eq!(
        (command.command.as_str(), command.text.as_str()),
        ("/weather", "94070")
    );
}

//! The core: what each kind of request gets back, and what the app is handed.

mod support;

use std::collections::BTreeMap;

use serde_json::json;
use slack_events::{Json, Kind, Received, Response, DEFAULT_MAX_BODY};
use support::{at, event, form_headers, json_headers, payload_form, receiver, NOW};

fn receive_json(receiver: &slack_events::Receiver, body: &str) -> Received {
    receiver.receive_at("POST", &json_headers(body), body.as_bytes(), at(NOW))
}

#[test]
fn url_verification_is_answered_with_its_challenge_and_nothing_is_handed_over() {
    let body = r#"{"token":"Jhj5dZrVaK7ZwHHjRyZWjbDl","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}"#;
    let received = receive_json(&receiver(), body);
    assert_eq!(received.response.status, 200);
    assert_eq!(received.response.content_type, Some("application/json"));
    let answer: serde_json::Value = serde_json::from_str(&received.response.body).unwrap();
    assert_eq!(
        answer,
        json!({"challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"})
    );
    assert!(received.incoming.is_none() && received.reply.is_none());
}

#[test]
fn an_unsigned_request_is_refused_before_its_body_is_read() {
    let receiver = receiver();
    let body = r#"{"challenge":"challenge-7e1f","type":"url_verification"}"#;
    let mut headers = json_headers(body);
    headers.retain(|(name, _)| name != "X-Slack-Signature");
    let received = receiver.receive_at("POST", &headers, body.as_bytes(), at(NOW));
    assert_eq!(received.response.status, 401);
    assert!(!received.response.body.contains("challenge-7e1f"));
    assert!(received.incoming.is_none());
    // Not even a body that is not JSON reaches the parser: still 401, not 400.
    let garbage = b"\xff{{not json";
    let headers = [("content-type", "application/json")];
    let received = receiver.receive_at("POST", &headers, garbage, at(NOW));
    assert_eq!(received.response.status, 401);
    // A stale signed request likewise.
    let received = receiver.receive_at("POST", &json_headers(body), body.as_bytes(), at(NOW + 301));
    assert_eq!(received.response.status, 401);
}

#[test]
fn an_event_callback_is_acknowledged_and_handed_over_with_its_envelope() {
    let body = event("Ev0001");
    let received = receive_json(&receiver(), &body);
    assert_eq!(received.response, Response::ok());
    assert!(received.reply.is_none(), "events are acknowledged at once");
    let incoming = received.incoming.expect("an item");
    assert_eq!(incoming.event_id(), Some("Ev0001"));
    assert_eq!(incoming.retry, None);
    assert!(!incoming.expects_reply());
    assert!(!incoming.respond(Response::text("nobody waits")));
    let Kind::Event(callback) = &incoming.kind else {
        panic!("{incoming:?}")
    };
    assert_eq!(callback.event_time, Some(NOW));
    assert_eq!(
        callback.envelope,
        serde_json::from_str::<serde_json::Value>(&body).unwrap()
    );
    assert_eq!(
        incoming.decode::<serde_json::Value>().unwrap()["event"]["type"],
        "app_mention"
    );
}

#[test]
fn a_duplicate_event_id_is_handed_over_once() {
    let receiver = receiver();
    let first = receive_json(&receiver, &event("Ev0002"));
    assert!(first.incoming.is_some());
    let again = receive_json(&receiver, &event("Ev0002"));
    assert_eq!(again.response, Response::ok());
    assert!(again.incoming.is_none(), "the same event_id twice");
    // A retry of it, with Slack's retry headers and a new signature, likewise.
    let body = event("Ev0002");
    let mut headers = json_headers(&body);
    headers.push(("X-Slack-Retry-Num".into(), "1".into()));
    headers.push(("X-Slack-Retry-Reason".into(), "http_timeout".into()));
    let retry = receiver.receive_at("POST", &headers, body.as_bytes(), at(NOW));
    assert_eq!(retry.response.status, 200);
    assert!(retry.incoming.is_none());
    // Another id is another event.
    assert!(receive_json(&receiver, &event("Ev0003")).incoming.is_some());
}

#[test]
fn the_recent_ids_set_is_bounded_and_configurable() {
    let receiver = receiver().with_recent_ids(2);
    for id in ["EvA", "EvB", "EvC"] {
        assert!(receive_json(&receiver, &event(id)).incoming.is_some());
    }
    assert!(receive_json(&receiver, &event("EvC")).incoming.is_none());
    assert!(
        receive_json(&receiver, &event("EvA")).incoming.is_some(),
        "EvA was forgotten when EvC came"
    );
    let remembers_none = support::receiver().with_recent_ids(0);
    for _ in 0..2 {
        assert!(receive_json(&remembers_none, &event("EvA"))
            .incoming
            .is_some());
    }
}

#[test]
fn a_forged_delivery_does_not_mark_an_event_id_as_seen() {
    let receiver = receiver();
    let body = event("Ev0004");
    let forged = support::signed_with("wrong", NOW, "application/json", body.as_bytes());
    let received = receiver.receive_at("POST", &forged, body.as_bytes(), at(NOW));
    assert_eq!(received.response.status, 401);
    assert!(receive_json(&receiver, &body).incoming.is_some());
}

#[test]
fn retry_headers_are_passed_on() {
    let body = event("Ev0005");
    let mut headers = json_headers(&body);
    headers.push(("x-slack-retry-num".into(), "2".into()));
    headers.push(("x-slack-retry-reason".into(), "http_error".into()));
    let received = receiver().receive_at("POST", &headers, body.as_bytes(), at(NOW));
    let retry = received.incoming.unwrap().retry.expect("retry info");
    assert_eq!(retry.num, 2);
    assert_eq!(retry.reason.as_deref(), Some("http_error"));
}

#[test]
fn app_rate_limited_is_handed_over() {
    let body = r#"{"token":"t","type":"app_rate_limited","team_id":"T0001","minute_rate_limited":1518467820,"api_app_id":"A0001"}"#;
    let received = receive_json(&receiver(), body);
    assert_eq!(received.response.status, 200);
    let incoming = received.incoming.unwrap();
    let Kind::AppRateLimited(envelope) = &incoming.kind else {
        panic!("{incoming:?}")
    };
    assert_eq!(envelope["minute_rate_limited"], 1518467820);
}

#[test]
fn an_unknown_envelope_type_is_acknowledged_and_passed_on() {
    let received = receive_json(&receiver(), r#"{"type":"something_new","x":1}"#);
    assert_eq!(received.response.status, 200);
    assert!(matches!(received.incoming.unwrap().kind, Kind::Other(_)));
}

#[tokio::test]
async fn an_interaction_payload_is_handed_over_and_the_app_may_reply() {
    let payload = json!({
        "type": "view_submission",
        "user": {"id": "U0001"},
        "view": {"id": "V0001", "callback_id": "survey", "state": {"values": {}}},
    });
    let body = payload_form(&payload);
    let received = receiver().receive_at("POST", &form_headers(&body), body.as_bytes(), at(NOW));
    assert_eq!(received.response, Response::ok(), "the fallback");
    let incoming = received.incoming.unwrap();
    assert_eq!(incoming.kind, Kind::Interaction(payload.clone()));
    assert!(incoming.expects_reply());
    let reply = Response::json(&json!({"response_action": "clear"}));
    assert!(incoming.respond(reply.clone()));
    assert!(!incoming.respond(Response::ok()), "one reply only");
    assert_eq!(received.reply.unwrap().await, Some(reply));
}

#[tokio::test]
async fn an_interaction_dropped_without_a_reply_resolves_to_none() {
    let body = payload_form(&json!({"type": "block_actions", "actions": []}));
    let received = receiver().receive_at("POST", &form_headers(&body), body.as_bytes(), at(NOW));
    drop(received.incoming);
    assert_eq!(received.reply.unwrap().await, None);
}

#[derive(serde::Deserialize, Debug, PartialEq)]
struct Command {
    command: String,
    text: String,
    user_id: String,
}

#[test]
fn a_slash_command_form_is_handed_over_as_its_fields() {
    let body = "token=gIkuvaNzQIHg97ATvDxqgjtO&team_id=T0001&team_domain=example&channel_id=C2147483705&channel_name=test&user_id=U2147483697&user_name=Steve&command=%2Fweather&text=94070+%26+more&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2F1234%2F5678&trigger_id=13345224609.738474920.8088930838d88f008e0&api_app_id=A123456";
    let received = receiver().receive_at("POST", &form_headers(body), body.as_bytes(), at(NOW));
    assert_eq!(received.response.status, 200);
    assert!(received.reply.is_some());
    let incoming = received.incoming.unwrap();
    let fields: BTreeMap<String, String> = incoming.decode().unwrap();
    assert_eq!(fields["command"], "/weather");
    assert_eq!(fields["text"], "94070 & more");
    assert_eq!(
        fields["response_url"],
        "https://hooks.slack.com/commands/1234/5678"
    );
    let Json(command) = incoming.decode::<Json<Command>>().unwrap();
    assert_eq!(
        command,
        Command {
            command: "/weather".into(),
            text: "94070 & more".into(),
            user_id: "U2147483697".into(),
        }
    );
    assert!(incoming.decode::<Json<Vec<u8>>>().is_err());
}

#[test]
fn decoding_into_the_wrong_kind_says_so() {
    let received = receive_json(&receiver(), &event("Ev0006"));
    let err = received
        .incoming
        .unwrap()
        .decode::<BTreeMap<String, String>>()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot decode event_callback as slash_command"
    );
}

#[test]
fn a_body_over_the_limit_is_refused_with_413() {
    let body = vec![b' '; DEFAULT_MAX_BODY + 1];
    let headers = support::signed_with(support::SECRET, NOW, "application/json", &body);
    let received = receiver().receive_at("POST", &headers, &body, at(NOW));
    assert_eq!(received.response.status, 413);
    let small = receiver().with_max_body(10);
    let body = event("Ev0007");
    assert_eq!(receive_json(&small, &body).response.status, 413);
}

#[test]
fn methods_other_than_post_get_405() {
    let body = event("Ev0008");
    let received = receiver().receive_at("GET", &json_headers(&body), body.as_bytes(), at(NOW));
    assert_eq!(received.response.status, 405);
    assert_eq!(received.response.headers, vec![("allow", "POST")]);
}

#[test]
fn signed_bodies_that_slack_would_not_send_get_400() {
    let receiver = receiver();
    for body in [
        "{not json",
        "[1,2]",
        r#"{"no":"type"}"#,
        r#"{"type":"url_verification"}"#,
    ] {
        let received = receive_json(&receiver, body);
        assert_eq!(received.response.status, 400, "{body}");
        assert!(received.incoming.is_none());
    }
    for body in ["a=1", "payload=not+json", "payload=%5B1%5D", ""] {
        let received = receiver.receive_at("POST", &form_headers(body), body.as_bytes(), at(NOW));
        assert_eq!(received.response.status, 400, "{body}");
    }
    let ssl_check = "ssl_check=1&token=x";
    let received = receiver.receive_at(
        "POST",
        &form_headers(ssl_check),
        ssl_check.as_bytes(),
        at(NOW),
    );
    assert_eq!(received.response, Response::ok());
    assert!(received.incoming.is_none());
}

#[test]
fn without_a_content_type_the_body_decides() {
    let body = event("Ev0009");
    let mut headers = json_headers(&body);
    headers.retain(|(name, _)| name != "Content-Type");
    let received = receiver().receive_at("POST", &headers, body.as_bytes(), at(NOW));
    assert_eq!(received.incoming.unwrap().event_id(), Some("Ev0009"));
}

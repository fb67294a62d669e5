//! Socket Mode: `apps.connections.open` with the app token, `hello`, envelopes pushed,
//! acknowledged or sent again with `retry_attempt`, `disconnect`, one-use tickets.

mod ws;

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use slack_emulator::Emulator;
use tokio_tungstenite::tungstenite::Message;
use ws::{connect, next_json, open};

#[tokio::test]
async fn open_hello_push_ack() {
    let emulator = Emulator::start().await.unwrap();
    let url = open(&emulator).await;
    let prefix = format!("ws://{}/socket/", emulator.addr());
    assert!(url.starts_with(&prefix), "{url}");
    let (mut socket, _) = tokio_tungstenite::connect_async(url.as_str())
        .await
        .unwrap();
    let hello = next_json(&mut socket).await;
    assert_eq!(hello["type"], "hello");
    assert_eq!(hello["num_connections"], 1);
    assert_eq!(emulator.socket_connections(), 1);

    let id = emulator.socket_push("interactive", json!({"type": "block_suggestion"}));
    let envelope = next_json(&mut socket).await;
    assert_eq!(envelope["envelope_id"], id.as_str());
    assert_eq!(envelope["type"], "interactive");
    assert_eq!(envelope["accepts_response_payload"], true);
    assert_eq!(envelope["retry_attempt"], 0);
    let ack = json!({"envelope_id": id, "payload": {"options": []}});
    socket
        .send(Message::Text(ack.to_string().into()))
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    let acks = emulator.socket_acks();
    assert_eq!(acks.len(), 1);
    assert_eq!(acks[0].payload, Some(json!({"options": []})));
    assert_eq!(emulator.socket_pending(), 0);

    // The ticket was used.
    assert!(tokio_tungstenite::connect_async(url.as_str())
        .await
        .is_err());
}

#[tokio::test]
async fn an_unacknowledged_envelope_comes_again_then_is_dropped() {
    let emulator = Emulator::start().await.unwrap();
    emulator.set_socket_redelivery(Duration::from_millis(50));
    let mut socket = connect(&emulator).await;
    let id = emulator.socket_push("events_api", json!({"event_id": "Ev1"}));
    for attempt in 0..=slack_emulator::MAX_RETRIES {
        let envelope = next_json(&mut socket).await;
        assert_eq!(envelope["envelope_id"], id.as_str());
        assert_eq!(envelope["retry_attempt"], attempt);
        assert_eq!(envelope["accepts_response_payload"], false);
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(emulator.socket_dropped(), vec![id]);
}

#[tokio::test]
async fn disconnect_reasons() {
    let emulator = Emulator::start().await.unwrap();
    let mut first = connect(&emulator).await;
    let mut second = connect(&emulator).await;
    assert_eq!(emulator.socket_disconnect("refresh_requested"), 1);
    let message = next_json(&mut first).await;
    assert_eq!(message["type"], "disconnect");
    assert_eq!(message["reason"], "refresh_requested");
    // Envelopes now go to the other one only.
    for _ in 0..3 {
        let id = emulator.socket_push("events_api", json!({}));
        assert_eq!(next_json(&mut second).await["envelope_id"], id.as_str());
    }
    assert_eq!(emulator.socket_disconnect("link_disabled"), 1);
    assert_eq!(next_json(&mut second).await["reason"], "link_disabled");
    let closed = tokio::time::timeout(Duration::from_secs(5), async {
        while let Some(Ok(message)) = second.next().await {
            if message.is_close() {
                break;
            }
        }
    })
    .await;
    assert!(closed.is_ok());
}

#[tokio::test]
async fn the_eleventh_connection_is_refused() {
    let emulator = Emulator::start().await.unwrap();
    let mut sockets = Vec::new();
    for _ in 0..slack_emulator::MAX_CONNECTIONS {
        sockets.push(connect(&emulator).await);
    }
    let url = open(&emulator).await;
    let (mut extra, _) = tokio_tungstenite::connect_async(url.as_str())
        .await
        .unwrap();
    let message = next_json(&mut extra).await;
    assert_eq!(message["reason"], "too_many_websockets");
}

#[tokio::test]
async fn push_over_http() {
    let emulator = Emulator::start().await.unwrap();
    let mut socket = connect(&emulator).await;
    let origin = format!("http://{}", emulator.addr());
    let http = reqwest::Client::new();
    let answer: Value = http
        .post(format!("{origin}/_emulator/socket/push"))
        .body(json!({"type": "slash_commands", "payload": {"command": "/x"}}).to_string())
        .send()
        .await
        .unwrap()
        .text()
        .await
        .map(|text| serde_json::from_str(&text).unwrap())
        .unwrap();
    let envelope = next_json(&mut socket).await;
    assert_eq!(envelope["envelope_id"], answer["envelope_id"]);
    assert_eq!(envelope["payload"]["command"], "/x");
    let answer: Value = http
        .post(format!("{origin}/_emulator/socket/disconnect"))
        .body(r#"{"reason":"warning"}"#)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .map(|text| serde_json::from_str(&text).unwrap())
        .unwrap();
    assert_eq!(answer["told"], 1);
    assert_eq!(next_json(&mut socket).await["reason"], "warning");
}

#[tokio::test]
async fn a_connection_told_to_go_still_gets_envelopes_while_it_is_the_only_one() {
    let emulator = Emulator::start().await.unwrap();
    let mut only = connect(&emulator).await;
    assert_eq!(emulator.socket_disconnect("refresh_requested"), 1);
    let id = emulator.socket_push("events_api", json!({}));
    assert_eq!(next_json(&mut only).await["type"], "disconnect");
    assert_eq!(next_json(&mut only).await["envelope_id"], id.as_str());
}

#[tokio::test]
async fn reset_forgets_envelopes_and_acks() {
    let emulator = Emulator::start().await.unwrap();
    let mut socket = connect(&emulator).await;
    let id = emulator.socket_push("events_api", json!({}));
    assert_eq!(next_json(&mut socket).await["envelope_id"], id.as_str());
    let ack = json!({"envelope_id": id});
    socket
        .send(Message::Text(ack.to_string().into()))
        .await
        .unwrap();
    emulator.socket_push("events_api", json!({}));
    assert!(tokio::time::timeout(Duration::from_secs(2), async {
        while emulator.socket_acks().is_empty() {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    })
    .await
    .is_ok());
    emulator.reset();
    assert!(emulator.socket_acks().is_empty());
    assert_eq!(emulator.socket_pending(), 0);
    assert_eq!(emulator.socket_connections(), 1, "connections stay open");
}

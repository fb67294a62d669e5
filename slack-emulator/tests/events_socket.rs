//! Events over Socket Mode: while a connection is open, what people do reaches the app as
//! `events_api` envelopes whose payload is the `event_callback`, in the order of the calls.

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use slack_emulator::{Emulator, Via, BOT_USER_ID, GENERAL_ID, HUMAN_ID};
use slack_model::events::{Event, EventCallback, MessageChannelType};
use tokio_tungstenite::tungstenite::Message;

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

async fn next_json(socket: &mut Socket) -> Value {
    loop {
        let message = tokio::time::timeout(Duration::from_secs(5), socket.next())
            .await
            .expect("a message in time")
            .expect("an open socket")
            .expect("a frame");
        if let Message::Text(text) = message {
            return serde_json::from_str(text.as_str()).unwrap();
        }
    }
}

async fn connect(emulator: &Emulator) -> Socket {
    let client = slack_api::Client::builder(emulator.tokens().app.clone())
        .base_url(emulator.base_url())
        .build()
        .unwrap();
    let url = client.apps_connections_open().await.unwrap().url.unwrap();
    let (mut socket, _) = tokio_tungstenite::connect_async(url.as_str())
        .await
        .unwrap();
    assert_eq!(next_json(&mut socket).await["type"], "hello");
    socket
}

/// The next envelope, acknowledged: its event.
async fn next_event(socket: &mut Socket) -> (Value, Event) {
    let envelope = next_json(socket).await;
    assert_eq!(envelope["type"], "events_api", "{envelope:#}");
    assert_eq!(envelope["accepts_response_payload"], false);
    let ack = json!({ "envelope_id": envelope["envelope_id"] }).to_string();
    socket.send(Message::Text(ack.into())).await.unwrap();
    let payload = envelope["payload"].clone();
    let callback: EventCallback = serde_json::from_value(payload.clone()).unwrap();
    assert!(!matches!(*callback.event, Event::Other(_)), "{payload:#}");
    (payload, *callback.event)
}

#[tokio::test]
async fn a_message_is_an_events_api_envelope() {
    let emulator = Emulator::start().await.unwrap();
    let mut socket = connect(&emulator).await;
    let ts = emulator
        .act_as(HUMAN_ID)
        .post_message(GENERAL_ID, "over the socket")
        .unwrap();
    let (payload, event) = next_event(&mut socket).await;
    assert_eq!(payload["type"], "event_callback");
    let Event::Message(message) = event else {
        panic!("{payload:#}")
    };
    assert_eq!(message.ts.as_deref(), Some(ts.as_str()));
    assert_eq!(message.text.as_deref(), Some("over the socket"));
    let deliveries = emulator.deliveries();
    assert_eq!(deliveries.len(), 1);
    assert_eq!(deliveries[0].via, Via::SocketMode);
    assert!(deliveries[0].envelope_id.is_some());
}

#[tokio::test]
async fn a_direct_message_to_the_bot_is_message_im_and_other_channels_are_not_seen() {
    let emulator = Emulator::start().await.unwrap();
    let mut socket = connect(&emulator).await;
    let alice = emulator.act_as(HUMAN_ID);
    // A channel the bot is not in: nothing from it.
    let created = alice
        .call(
            "conversations.create",
            json!({"name": "quiet", "is_private": true}),
        )
        .unwrap();
    let quiet = created["channel"]["id"].as_str().unwrap().to_owned();
    alice
        .post_message(&quiet, "the bot cannot see this")
        .unwrap();
    // A DM with the bot.
    let opened = alice
        .call("conversations.open", json!({ "users": BOT_USER_ID }))
        .unwrap();
    let dm = opened["channel"]["id"].as_str().unwrap().to_owned();
    alice.post_message(&dm, "psst").unwrap();
    let (payload, event) = next_event(&mut socket).await;
    let Event::Message(message) = event else {
        panic!("{payload:#}")
    };
    assert_eq!(
        message.text.as_deref(),
        Some("psst"),
        "the first event sent"
    );
    assert_eq!(message.channel_type, Some(MessageChannelType::Im));
    // Unsubscribed from message.im: the next DM is not sent, the reaction after it is.
    emulator.configure_app(|app| {
        app.events.remove("message.im");
    });
    let ts = alice.post_message(&dm, "unheard").unwrap();
    alice.react(&dm, &ts, "eyes").unwrap();
    let (payload, event) = next_event(&mut socket).await;
    assert!(matches!(event, Event::ReactionAdded(_)), "{payload:#}");
}

#[tokio::test]
async fn without_socket_mode_or_a_request_url_nothing_is_sent() {
    let emulator = Emulator::start().await.unwrap();
    let mut socket = connect(&emulator).await;
    emulator.configure_app(|app| app.socket_mode = false);
    let alice = emulator.act_as(HUMAN_ID);
    alice.post_message(GENERAL_ID, "to no one").unwrap();
    emulator.configure_app(|app| app.socket_mode = true);
    alice.post_message(GENERAL_ID, "to the socket").unwrap();
    let (payload, _) = next_event(&mut socket).await;
    assert_eq!(payload["event"]["text"], "to the socket");
    assert_eq!(emulator.deliveries().len(), 1);
}

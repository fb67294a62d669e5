//! A raw Socket Mode connection to the emulator, for the tests that speak the protocol
//! frame by frame (each test binary uses part of this).
#![allow(dead_code)]

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use slack_emulator::{Emulator, APP_ID};
use tokio_tungstenite::tungstenite::Message;

pub type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// A WebSocket URL from `apps.connections.open`, with the app-level token.
pub async fn open(emulator: &Emulator) -> String {
    let client = slack_api::Client::builder(emulator.tokens().app.clone())
        .base_url(emulator.base_url())
        .build()
        .unwrap();
    let opened = client.apps_connections_open().await.unwrap();
    opened.url.expect("a url").into()
}

/// The next text frame, as JSON (within 5 seconds).
pub async fn next_json(socket: &mut Socket) -> Value {
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

/// A connection, past its `hello` (checked: the app's).
pub async fn connect(emulator: &Emulator) -> Socket {
    let url = open(emulator).await;
    let (mut socket, _) = tokio_tungstenite::connect_async(url.as_str())
        .await
        .unwrap();
    let hello = next_json(&mut socket).await;
    assert_eq!(hello["type"], "hello");
    assert_eq!(hello["connection_info"]["app_id"], APP_ID);
    socket
}

/// Acknowledges `envelope`, with `payload` unless it is `null`.
pub async fn ack(socket: &mut Socket, envelope: &Value, payload: Value) {
    let mut ack = json!({ "envelope_id": envelope["envelope_id"] });
    if !payload.is_null() {
        ack["payload"] = payload;
    }
    socket
        .send(Message::Text(ack.to_string().into()))
        .await
        .unwrap();
}

//! Socket Mode: `apps.connections.open` (with the app-level token) hands out a one-use
//! `ws://…/socket/<ticket>` URL; a connection gets `hello`, then envelopes pushed by a test
//! ([`Emulator::socket_push`](crate::Emulator::socket_push)), each to one open connection.
//! An envelope not acknowledged (`{"envelope_id"}`) within the redelivery time is sent
//! again, `retry_attempt` one higher, up to [`MAX_RETRIES`] times, then dropped, as Slack
//! does. [`Emulator::socket_disconnect`](crate::Emulator::socket_disconnect) sends Slack's
//! `disconnect` message. The same over HTTP: `POST /_emulator/socket/push`,
//! `POST /_emulator/socket/disconnect`, `GET /_emulator/socket/acks`.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post};
use axum::Router;
use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Map, Value};
use tokio::sync::mpsc;

use crate::serve::Shared;

/// Slack's limit of open Socket Mode connections per app; one more gets `disconnect`
/// with `too_many_websockets`.
pub const MAX_CONNECTIONS: usize = 10;
/// How many times an envelope is sent again before it is dropped.
pub const MAX_RETRIES: u32 = 3;
/// How long an envelope waits for its acknowledgement before it is sent again (Slack's
/// 3 seconds); [`Emulator::set_socket_redelivery`](crate::Emulator::set_socket_redelivery)
/// shortens it for a test.
pub const DEFAULT_REDELIVERY: Duration = Duration::from_secs(3);
/// How long a connection told to go (`refresh_requested`, `warning`) stays open for its
/// client to replace it; then the emulator closes it.
pub const DISCONNECT_GRACE: Duration = Duration::from_secs(10);
/// The app's id, in `hello`'s `connection_info`.
pub const APP_ID: &str = "A0EMU00001";

/// An acknowledgement received: the envelope, the app's response payload if it sent one,
/// and which delivery it answered.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct SocketAck {
    pub envelope_id: String,
    pub payload: Option<Value>,
    pub retry_attempt: u32,
}

/// The Socket Mode side of the emulator, shared by every request.
#[derive(Clone)]
pub struct Hub {
    state: Arc<Mutex<HubState>>,
    runtime: tokio::runtime::Handle,
}

struct HubState {
    next: u64,
    tickets: HashSet<String>,
    connections: BTreeMap<u64, Connection>,
    pending: HashMap<String, Envelope>,
    acks: Vec<SocketAck>,
    dropped: Vec<String>,
    turn: usize,
    redeliver_after: Duration,
}

struct Connection {
    sender: mpsc::UnboundedSender<Message>,
    /// Told to go: it gets no more envelopes.
    leaving: bool,
    /// Set by [`Hub::stall`]: how long to go silent.
    stall: tokio::sync::watch::Sender<Option<Duration>>,
}

struct Envelope {
    kind: String,
    payload: Value,
    accepts_response_payload: bool,
    retry_attempt: u32,
}

impl Hub {
    /// A hub whose timers run on the current tokio runtime.
    pub fn new() -> Self {
        Hub {
            state: Arc::new(Mutex::new(HubState {
                next: 0,
                tickets: HashSet::new(),
                connections: BTreeMap::new(),
                pending: HashMap::new(),
                acks: Vec::new(),
                dropped: Vec::new(),
                turn: 0,
                redeliver_after: DEFAULT_REDELIVERY,
            })),
            runtime: tokio::runtime::Handle::current(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, HubState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// `apps.connections.open`: a new one-use URL on the server at `origin` (`http://…`).
    pub fn open(&self, origin: &str) -> Map<String, Value> {
        let mut state = self.lock();
        state.next += 1;
        let ticket = format!("{:016x}", state.next.wrapping_mul(0x9e37_79b9_7f4a_7c15));
        state.tickets.insert(ticket.clone());
        let base = origin.replacen("http", "ws", 1);
        let mut fields = Map::new();
        fields.insert(
            "url".into(),
            format!("{base}/socket/{ticket}?app_id={APP_ID}").into(),
        );
        fields
    }

    /// Sends an envelope to one open connection (or, with none open, at the first
    /// redelivery); returns its `envelope_id`.
    pub fn push(&self, kind: &str, payload: Value) -> String {
        let mut state = self.lock();
        state.next += 1;
        let id = format!("00000000-0000-4000-8000-{:012x}", state.next);
        state.pending.insert(
            id.clone(),
            Envelope {
                kind: kind.to_owned(),
                payload,
                accepts_response_payload: kind != "events_api",
                retry_attempt: 0,
            },
        );
        state.send(&id, "");
        drop(state);
        let hub = self.clone();
        let watched = id.clone();
        self.runtime
            .spawn(async move { hub.redeliver(watched).await });
        id
    }

    /// Sends the envelope again each time its wait runs out, until it is acknowledged or
    /// has been retried [`MAX_RETRIES`] times.
    async fn redeliver(self, id: String) {
        loop {
            let wait = self.lock().redeliver_after;
            tokio::time::sleep(wait).await;
            let mut state = self.lock();
            let Some(envelope) = state.pending.get_mut(&id) else {
                return;
            };
            if envelope.retry_attempt >= MAX_RETRIES {
                state.pending.remove(&id);
                state.dropped.push(id);
                return;
            }
            envelope.retry_attempt += 1;
            state.send(&id, "timeout");
        }
    }

    /// Sends `disconnect` with `reason`: `link_disabled` to every connection, which are
    /// then closed; any other reason to the oldest connection still in use, which gets no
    /// more envelopes while another is open and is closed after [`DISCONNECT_GRACE`] unless its client closes it
    /// first. Returns how many connections were told.
    pub fn disconnect(&self, reason: &str) -> usize {
        let message = json!({
            "type": "disconnect",
            "reason": reason,
            "debug_info": {"host": "applink-emulator"},
        })
        .to_string();
        let mut state = self.lock();
        let all = reason == "link_disabled";
        let mut told = 0;
        for connection in state.connections.values_mut().filter(|c| !c.leaving) {
            connection.leaving = true;
            let _ = connection
                .sender
                .send(Message::Text(message.clone().into()));
            told += 1;
            if all {
                let _ = connection.sender.send(Message::Close(None));
            } else {
                let sender = connection.sender.clone();
                self.runtime.spawn(async move {
                    tokio::time::sleep(DISCONNECT_GRACE).await;
                    let _ = sender.send(Message::Close(None));
                });
                break;
            }
        }
        told
    }

    /// Every open connection goes silent for `duration` (reads nothing, so answers no
    /// ping, and writes nothing, though envelopes may still be routed to it), then is
    /// dropped without a close frame: a half-open connection.
    pub fn stall(&self, duration: Duration) {
        for connection in self.lock().connections.values() {
            let _ = connection.stall.send(Some(duration));
        }
    }

    pub fn connections(&self) -> usize {
        self.lock().connections.len()
    }

    pub fn acks(&self) -> Vec<SocketAck> {
        self.lock().acks.clone()
    }

    pub fn dropped(&self) -> Vec<String> {
        self.lock().dropped.clone()
    }

    pub fn pending(&self) -> usize {
        self.lock().pending.len()
    }

    /// Forgets the envelopes (pending ones are not sent again), the acks and the dropped,
    /// and restores the redelivery time; open connections stay open.
    pub fn reset(&self) {
        let mut state = self.lock();
        state.pending.clear();
        state.acks.clear();
        state.dropped.clear();
        state.redeliver_after = DEFAULT_REDELIVERY;
    }

    pub fn set_redelivery(&self, after: Duration) {
        self.lock().redeliver_after = after;
    }

    /// One WebSocket, from `hello` until either side closes it.
    async fn serve(self, socket: WebSocket) {
        let (sender, mut outbox) = mpsc::unbounded_channel();
        let (stall, mut stalled) = tokio::sync::watch::channel(None);
        let (id, count) = {
            let mut state = self.lock();
            state.next += 1;
            let id = state.next;
            state.connections.insert(
                id,
                Connection {
                    sender: sender.clone(),
                    leaving: false,
                    stall,
                },
            );
            (id, state.connections.len())
        };
        if count > MAX_CONNECTIONS {
            let refusal = json!({"type": "disconnect", "reason": "too_many_websockets"});
            let _ = sender.send(Message::Text(refusal.to_string().into()));
            let _ = sender.send(Message::Close(None));
        } else {
            let hello = json!({
                "type": "hello",
                "num_connections": count,
                "debug_info": {
                    "host": "applink-emulator",
                    "build_number": 1,
                    "approximate_connection_time": 18060,
                },
                "connection_info": {"app_id": APP_ID},
            });
            let _ = sender.send(Message::Text(hello.to_string().into()));
        }
        drop(sender);
        let (mut sink, mut stream) = socket.split();
        let write = async {
            while let Some(message) = outbox.recv().await {
                let close = matches!(message, Message::Close(_));
                if sink.send(message).await.is_err() || close {
                    break;
                }
            }
        };
        let read = async {
            while let Some(Ok(message)) = stream.next().await {
                match message {
                    Message::Text(text) => self.acknowledge(text.as_str()),
                    Message::Close(_) => break,
                    _ => {}
                }
            }
        };
        let silence = async {
            let _ = stalled.wait_for(Option::is_some).await;
            let silence = stalled.borrow().unwrap_or_default();
            silence
        };
        tokio::select! {
            () = write => {}
            () = read => {}
            // A half-open connection: nothing read (no pong), nothing written, then the
            // socket is dropped without a close frame.
            silence = silence => tokio::time::sleep(silence).await,
        }
        self.lock().connections.remove(&id);
    }

    /// `{"envelope_id", "payload"?}` from the app: the envelope is delivered.
    fn acknowledge(&self, text: &str) {
        let Ok(ack) = serde_json::from_str::<Value>(text) else {
            return;
        };
        let Some(id) = ack.get("envelope_id").and_then(Value::as_str) else {
            return;
        };
        let mut state = self.lock();
        if let Some(envelope) = state.pending.remove(id) {
            state.acks.push(SocketAck {
                envelope_id: id.to_owned(),
                payload: ack.get("payload").cloned(),
                retry_attempt: envelope.retry_attempt,
            });
        }
    }
}

impl Default for Hub {
    fn default() -> Self {
        Hub::new()
    }
}

impl HubState {
    /// Sends pending envelope `id` to the next connection in use, in turn (to the newest
    /// one told to go when there is no other).
    fn send(&mut self, id: &str, retry_reason: &str) {
        let Some(envelope) = self.pending.get(id) else {
            return;
        };
        // Connections told to go get envelopes only while there is no other one: then the
        // newest of them, the one its client opened last (it closes the older ones).
        let mut open: Vec<&Connection> = self.connections.values().filter(|c| !c.leaving).collect();
        if open.is_empty() {
            open.extend(self.connections.values().next_back());
        }
        if open.is_empty() {
            return;
        }
        self.turn = self.turn.wrapping_add(1);
        let connection = open[self.turn % open.len()];
        let text = json!({
            "envelope_id": id,
            "type": envelope.kind,
            "payload": envelope.payload,
            "accepts_response_payload": envelope.accepts_response_payload,
            "retry_attempt": envelope.retry_attempt,
            "retry_reason": retry_reason,
        })
        .to_string();
        let _ = connection.sender.send(Message::Text(text.into()));
    }
}

/// `GET /socket/{ticket}` (the WebSocket), and the test controls under `/_emulator/socket/`.
pub fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/socket/{ticket}", any(connect))
        .route("/_emulator/socket/push", post(http_push))
        .route("/_emulator/socket/disconnect", post(http_disconnect))
        .route("/_emulator/socket/acks", get(http_acks))
}

async fn connect(
    State(shared): State<Arc<Shared>>,
    Path(ticket): Path<String>,
    upgrade: WebSocketUpgrade,
) -> Response {
    let hub = shared.socket.clone();
    if !hub.lock().tickets.remove(&ticket) {
        return (StatusCode::UNAUTHORIZED, "unknown or used ticket").into_response();
    }
    upgrade.on_upgrade(move |socket| hub.serve(socket))
}

fn body_object(body: &Bytes) -> Option<Map<String, Value>> {
    match serde_json::from_slice(body).ok()? {
        Value::Object(object) => Some(object),
        _ => None,
    }
}

/// `{"type": "events_api", "payload": {…}}` → `{"ok": true, "envelope_id"}`.
async fn http_push(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let Some(spec) = body_object(&body) else {
        return (StatusCode::BAD_REQUEST, "a JSON object").into_response();
    };
    let kind = spec
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or("events_api");
    let payload = spec.get("payload").cloned().unwrap_or(Value::Null);
    let id = shared.socket.push(kind, payload);
    crate::script::json_response(StatusCode::OK, json!({"ok": true, "envelope_id": id}))
}

/// `{"reason": "refresh_requested"}` → `{"ok": true, "told": n}`.
async fn http_disconnect(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let reason = body_object(&body)
        .and_then(|spec| spec.get("reason")?.as_str().map(str::to_owned))
        .unwrap_or_else(|| "refresh_requested".to_owned());
    let told = shared.socket.disconnect(&reason);
    crate::script::json_response(StatusCode::OK, json!({"ok": true, "told": told}))
}

async fn http_acks(State(shared): State<Arc<Shared>>) -> Response {
    let acks: Vec<Value> = shared
        .socket
        .acks()
        .into_iter()
        .map(|ack| {
            json!({"envelope_id": ack.envelope_id, "payload": ack.payload,
                   "retry_attempt": ack.retry_attempt})
        })
        .collect();
    crate::script::json_response(StatusCode::OK, json!({"ok": true, "acks": acks}))
}

//! One Socket Mode connection: reads envelopes, acknowledges them, hands items to the app,
//! pings, and reports to the supervisor (`mod.rs`) when told to go or when it ends.

use std::collections::{BTreeMap, HashSet};
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::net::TcpStream;
use tokio::sync::{mpsc, Notify};
use tokio::task::{JoinHandle, JoinSet};
use tokio::time::{timeout, timeout_at, Instant};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

use crate::incoming::{Incoming, Kind, Retry};
use crate::parse::json_kind;
use crate::recent::RecentIds;
use crate::reply::Reply;
use crate::response::Response;

pub(super) type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;
type Handler = Box<dyn Fn(Incoming) -> Pin<Box<dyn Future<Output = ()> + Send>> + Send + Sync>;

/// What every connection of one client shares.
pub(super) struct Shared {
    pub(super) handler: Handler,
    /// Envelope ids and event ids handed over lately, across connections.
    pub(super) recent: Mutex<RecentIds>,
    /// Envelopes whose acknowledgement waits for the app's response: a redelivery of one
    /// is not acknowledged, lest an empty ack overtake the response.
    pub(super) awaiting: Mutex<HashSet<String>>,
    pub(super) reply_deadline: Duration,
    pub(super) ping_interval: Duration,
    pub(super) idle_timeout: Duration,
    pub(super) close_linger: Duration,
}

/// What a connection tells the supervisor.
#[derive(Debug)]
pub(super) enum Signal {
    /// Slack asked this connection to go (`refresh_requested`, `warning`, …).
    Leave(u64),
    /// `link_disabled`.
    LinkDisabled,
    /// It has ended.
    Closed(u64),
}

/// The supervisor's end of a connection.
pub(super) struct Handle {
    close: Arc<Notify>,
    pub(super) task: JoinHandle<()>,
    pub(super) started: Instant,
}

impl Handle {
    /// Closes it once its pending acknowledgements have gone.
    pub(super) fn close(&self) {
        self.close.notify_one();
    }
}

pub(super) fn spawn(
    id: u64,
    socket: Socket,
    shared: Arc<Shared>,
    signals: mpsc::UnboundedSender<Signal>,
) -> Handle {
    let close = Arc::new(Notify::new());
    let task = tokio::spawn(run(id, socket, shared, signals, close.clone()));
    Handle {
        close,
        task,
        started: Instant::now(),
    }
}

async fn run(
    id: u64,
    mut socket: Socket,
    shared: Arc<Shared>,
    signals: mpsc::UnboundedSender<Signal>,
    close: Arc<Notify>,
) {
    // Acknowledgements (some from tasks waiting for the app's response) and pings, written
    // by this task between reads.
    let (out, mut outbox) = mpsc::unbounded_channel::<Message>();
    // Acknowledgements waiting for the app's response.
    let mut replies = JoinSet::new();
    let mut ping =
        tokio::time::interval_at(Instant::now() + shared.ping_interval, shared.ping_interval);
    let mut last_frame = Instant::now();
    // Told to close: it still reads and acknowledges until it has been quiet for the
    // linger (what Slack sent before routing to the new connection comes in meanwhile).
    let mut closing = false;
    let mut quiet_since = Instant::now();
    let graceful = loop {
        tokio::select! {
            // Frames first: what has come is handled before a timer can end the connection.
            biased;
            frame = timeout_at(last_frame + shared.idle_timeout, socket.next()) => {
                let message = match frame {
                    Err(_) => {
                        tracing::warn!(id, "Socket Mode: no frame within the idle timeout");
                        break false;
                    }
                    Ok(None) => break false,
                    Ok(Some(Err(error))) => {
                        tracing::warn!(id, %error, "Socket Mode: connection failed");
                        break false;
                    }
                    Ok(Some(Ok(message))) => message,
                };
                last_frame = Instant::now();
                match message {
                    Message::Text(text) => {
                        if let Some(signal) = on_text(id, text.as_str(), &shared, &out, &mut replies) {
                            let _ = signals.send(signal);
                        }
                    }
                    Message::Close(frame) => {
                        tracing::debug!(id, ?frame, "Socket Mode: closed by Slack");
                        break false;
                    }
                    _ => {}
                }
            }
            _ = ping.tick(), if !closing => {
                let _ = out.send(Message::Ping(Default::default()));
            }
            () = close.notified(), if !closing => {
                closing = true;
                quiet_since = Instant::now();
            }
            () = tokio::time::sleep_until(last_frame.max(quiet_since) + shared.close_linger),
                if closing => break true,
            Some(message) = outbox.recv() => {
                if let Err(error) = socket.send(message).await {
                    tracing::warn!(id, %error, "Socket Mode: cannot write");
                    break false;
                }
            }
            Some(_) = replies.join_next(), if !replies.is_empty() => {}
        }
    };
    if graceful {
        // The acknowledgements owed go before the close frame.
        let deadline = shared.reply_deadline + Duration::from_secs(1);
        let _ = timeout(deadline, async {
            while replies.join_next().await.is_some() {}
        })
        .await;
        let flush = async {
            while let Ok(message) = outbox.try_recv() {
                socket.send(message).await?;
            }
            socket.close(None).await
        };
        let _ = timeout(Duration::from_secs(1), flush).await;
    } else {
        replies.abort_all();
    }
    let _ = signals.send(Signal::Closed(id));
}

/// A text frame: `hello`, `disconnect`, or an envelope.
fn on_text(
    id: u64,
    text: &str,
    shared: &Arc<Shared>,
    out: &mpsc::UnboundedSender<Message>,
    replies: &mut JoinSet<()>,
) -> Option<Signal> {
    let Ok(json) = serde_json::from_str::<Value>(text) else {
        tracing::warn!(id, "Socket Mode: a frame that is not JSON");
        return None;
    };
    match json.get("type").and_then(Value::as_str) {
        Some("hello") => None,
        Some("disconnect") => {
            let reason = json.get("reason").and_then(Value::as_str).unwrap_or("");
            tracing::debug!(id, reason, "Socket Mode: disconnect");
            Some(if reason == "link_disabled" {
                Signal::LinkDisabled
            } else {
                Signal::Leave(id)
            })
        }
        _ => {
            envelope(json, shared, out, replies);
            None
        }
    }
}

/// An envelope: acknowledged, and its item handed to the app unless it was already.
fn envelope(
    mut json: Value,
    shared: &Arc<Shared>,
    out: &mpsc::UnboundedSender<Message>,
    replies: &mut JoinSet<()>,
) {
    let Some(envelope_id) = json
        .get("envelope_id")
        .and_then(Value::as_str)
        .map(str::to_owned)
    else {
        return;
    };
    let payload = json.get_mut("payload").map(Value::take).unwrap_or_default();
    let kind = match json.get("type").and_then(Value::as_str) {
        Some("events_api") => json_kind(payload),
        Some("interactive") => Kind::Interaction(payload),
        Some("slash_commands") => Kind::SlashCommand(fields(payload)),
        _ => Kind::Other(payload),
    };
    let fresh = {
        let mut recent = lock(&shared.recent);
        let new_envelope = recent.insert(&format!("envelope:{envelope_id}"));
        let new_event = match &kind {
            Kind::Event(event) => event.event_id.as_deref().is_none_or(|id| recent.insert(id)),
            _ => true,
        };
        new_envelope && new_event
    };
    if !fresh {
        tracing::debug!(%envelope_id, "Socket Mode: dropped a redelivery");
        if !lock(&shared.awaiting).contains(&envelope_id) {
            let _ = out.send(ack(&envelope_id, None));
        }
        return;
    }
    let attempt = json
        .get("retry_attempt")
        .and_then(Value::as_u64)
        .unwrap_or(0);
    let retry = (attempt > 0).then(|| Retry {
        num: u32::try_from(attempt).unwrap_or(u32::MAX),
        reason: json
            .get("retry_reason")
            .and_then(Value::as_str)
            .filter(|reason| !reason.is_empty())
            .map(str::to_owned),
    });
    let accepts = json
        .get("accepts_response_payload")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    if accepts {
        let (reply, pending) = Reply::channel();
        tokio::spawn((shared.handler)(Incoming::new(kind, retry, Some(reply))));
        lock(&shared.awaiting).insert(envelope_id.clone());
        let (out, shared) = (out.clone(), shared.clone());
        replies.spawn(async move {
            let response = timeout(shared.reply_deadline, pending).await.ok().flatten();
            let _ = out.send(ack(&envelope_id, response.and_then(response_payload)));
            lock(&shared.awaiting).remove(&envelope_id);
        });
    } else {
        let _ = out.send(ack(&envelope_id, None));
        tokio::spawn((shared.handler)(Incoming::new(kind, retry, None)));
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// `{"envelope_id", "payload"?}`.
fn ack(envelope_id: &str, payload: Option<Value>) -> Message {
    let ack = match payload {
        Some(payload) => json!({"envelope_id": envelope_id, "payload": payload}),
        None => json!({"envelope_id": envelope_id}),
    };
    Message::Text(ack.to_string().into())
}

/// The app's [`Response`] as an ack's payload: its JSON, or a plain-text reply as
/// `{"text"}`; nothing for an empty one.
fn response_payload(response: Response) -> Option<Value> {
    if response.body.is_empty() {
        return None;
    }
    if response.content_type == Some("application/json") {
        serde_json::from_str(&response.body).ok()
    } else {
        Some(json!({"text": response.body}))
    }
}

/// A slash command's payload as its fields, every value as a string.
fn fields(payload: Value) -> BTreeMap<String, String> {
    let Value::Object(object) = payload else {
        return BTreeMap::new();
    };
    object
        .into_iter()
        .map(|(key, value)| match value {
            Value::String(text) => (key, text),
            other => (key, other.to_string()),
        })
        .collect()
}

//! Socket Mode (feature `socket-mode`): events, interactions and slash commands over a
//! WebSocket the app opens, for an app without a public request URL.
//!
//! [`SocketMode::run`] asks `apps.connections.open` (with the app-level `xapp-` token) for
//! a URL, connects, waits for `hello`, and then, for each envelope, acknowledges it by its
//! `envelope_id` and hands the [`Incoming`] item to the app's handler on a task of its own,
//! as the HTTP side does. An interaction or slash command whose envelope
//! `accepts_response_payload` is acknowledged once the app has answered with
//! [`Incoming::respond`] (its response goes as the ack's `payload`), has dropped the item,
//! or the reply deadline has passed. A redelivery of an envelope or event already handed
//! over is acknowledged and dropped.
//!
//! On `disconnect` with `refresh_requested` or `warning` the new connection is opened
//! before the old one is closed, so nothing sent meanwhile is lost; `link_disabled` ends
//! `run` with [`SocketError::LinkDisabled`]. Pings detect a half-open connection (no frame
//! within the idle timeout); opening and connecting have timeouts; a lost connection is
//! replaced after an exponential backoff with jitter. [`Shutdown::shutdown`] closes the
//! connections after their pending acknowledgements and ends `run` with `Ok(())`.

mod connection;

use std::collections::HashMap;
use std::fmt;
use std::future::Future;
use std::hash::{BuildHasher, Hasher};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::StreamExt;
use serde_json::Value;
use slack_api::methods::AppsConnectionsOpenError;
use slack_api::ErrorCode as _;
use tokio::sync::{mpsc, watch};
use tokio::time::timeout;
use tokio_tungstenite::tungstenite::Message;

use crate::incoming::Incoming;
use crate::receiver::{DEFAULT_RECENT_IDS, DEFAULT_REPLY_DEADLINE};
use crate::recent::RecentIds;
use connection::{Shared, Signal, Socket};

/// How long `apps.connections.open` may take.
pub const DEFAULT_OPEN_TIMEOUT: Duration = Duration::from_secs(10);
/// How long the WebSocket handshake and Slack's `hello` may take.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// How often the client pings.
pub const DEFAULT_PING_INTERVAL: Duration = Duration::from_secs(10);
/// A connection with no frame at all (pong, ping, message) for this long is taken for dead
/// and replaced (Slack's SDKs: 30 seconds).
pub const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_secs(30);
/// The first wait before connecting again after a failure; it doubles up to
/// [`DEFAULT_MAX_BACKOFF`], and each wait is drawn between half and all of it.
pub const DEFAULT_BACKOFF: Duration = Duration::from_secs(1);
/// The longest wait between attempts.
pub const DEFAULT_MAX_BACKOFF: Duration = Duration::from_secs(60);

/// A connection being replaced (or shut down) is closed once it has had no frame for this
/// long: envelopes Slack sent it before routing to the new one are still handled and
/// acknowledged there rather than redelivered.
pub const DEFAULT_CLOSE_LINGER: Duration = Duration::from_millis(250);

/// Why [`SocketMode::run`] stopped (it returns `Ok(())` after [`Shutdown::shutdown`]).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SocketError {
    /// Slack sent `disconnect` with `link_disabled`: Socket Mode was turned off for the
    /// app. Connecting again cannot help.
    #[error("Socket Mode was turned off for this app (disconnect: link_disabled)")]
    LinkDisabled,
    /// `apps.connections.open` refused (a bad, revoked or wrong kind of token, a missing
    /// `connections:write` scope): trying again cannot help. Transient failures (rate
    /// limits, timeouts, 5xx) are retried instead.
    #[error("cannot open a Socket Mode connection: {0}")]
    Open(#[from] slack_api::Error<AppsConnectionsOpenError>),
}

/// Stops a running [`SocketMode`]; cheap to clone.
#[derive(Debug, Clone)]
pub struct Shutdown(Arc<watch::Sender<bool>>);

impl Shutdown {
    /// Asks `run` to close its connections (after the acknowledgements they owe) and return.
    pub fn shutdown(&self) {
        self.0.send_replace(true);
    }
}

/// A Socket Mode client: configure, then [`run`](Self::run).
pub struct SocketMode {
    app_token: String,
    client: slack_api::Client,
    open_timeout: Duration,
    connect_timeout: Duration,
    ping_interval: Duration,
    idle_timeout: Duration,
    reply_deadline: Duration,
    backoff: Duration,
    max_backoff: Duration,
    recent_ids: usize,
    close_linger: Duration,
    stop: Arc<watch::Sender<bool>>,
}

impl fmt::Debug for SocketMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SocketMode")
            .field("app_token", &"xapp-…")
            .field("open_timeout", &self.open_timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("ping_interval", &self.ping_interval)
            .field("idle_timeout", &self.idle_timeout)
            .field("reply_deadline", &self.reply_deadline)
            .field("backoff", &(self.backoff, self.max_backoff))
            .field("recent_ids", &self.recent_ids)
            .field("close_linger", &self.close_linger)
            .finish()
    }
}

/// Why one attempt to connect failed.
enum Failure {
    /// Worth another try, after the backoff.
    Retry(String),
    /// Not.
    Fatal(SocketError),
}

impl SocketMode {
    /// A client that opens its connections with `app_token` (`xapp-…`) through `client`
    /// (its base URL, timeouts and retries; its own token is not used).
    pub fn new(app_token: impl Into<String>, client: slack_api::Client) -> Self {
        SocketMode {
            app_token: app_token.into(),
            client,
            open_timeout: DEFAULT_OPEN_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            ping_interval: DEFAULT_PING_INTERVAL,
            idle_timeout: DEFAULT_IDLE_TIMEOUT,
            reply_deadline: DEFAULT_REPLY_DEADLINE,
            backoff: DEFAULT_BACKOFF,
            max_backoff: DEFAULT_MAX_BACKOFF,
            recent_ids: DEFAULT_RECENT_IDS,
            close_linger: DEFAULT_CLOSE_LINGER,
            stop: Arc::new(watch::channel(false).0),
        }
    }

    /// How long `apps.connections.open` may take.
    pub fn with_open_timeout(mut self, timeout: Duration) -> Self {
        self.open_timeout = timeout;
        self
    }

    /// How long the WebSocket handshake and `hello` may take.
    pub fn with_connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How often to ping, and how long a silent connection lives before it is replaced.
    pub fn with_ping(mut self, interval: Duration, idle_timeout: Duration) -> Self {
        self.ping_interval = interval;
        self.idle_timeout = idle_timeout;
        self
    }

    /// How long an acknowledgement that may carry a response waits for the app's
    /// [`Incoming::respond`] (Slack waits 3 seconds).
    pub fn with_reply_deadline(mut self, deadline: Duration) -> Self {
        self.reply_deadline = deadline;
        self
    }

    /// The first and the longest wait between attempts to connect.
    pub fn with_backoff(mut self, first: Duration, max: Duration) -> Self {
        self.backoff = first;
        self.max_backoff = max;
        self
    }

    /// Remembers the last `capacity` envelope and event ids, to hand each over once.
    pub fn with_recent_ids(mut self, capacity: usize) -> Self {
        self.recent_ids = capacity;
        self
    }

    /// How long a connection being closed must have been quiet first
    /// ([`DEFAULT_CLOSE_LINGER`]).
    pub fn with_close_linger(mut self, linger: Duration) -> Self {
        self.close_linger = linger;
        self
    }

    /// A handle that stops [`run`](Self::run).
    pub fn shutdown_handle(&self) -> Shutdown {
        Shutdown(self.stop.clone())
    }

    /// Connects and hands every item to `handler` (each on a task of its own, so a slow or
    /// panicking handler never holds up or takes down the connection) until
    /// [`Shutdown::shutdown`] (`Ok(())`) or a failure that retrying cannot mend.
    pub async fn run<H, F>(self, handler: H) -> Result<(), SocketError>
    where
        H: Fn(Incoming) -> F + Send + Sync + 'static,
        F: Future<Output = ()> + Send + 'static,
    {
        let shared = Arc::new(Shared {
            handler: Box::new(move |incoming| Box::pin(handler(incoming))),
            recent: Mutex::new(RecentIds::new(self.recent_ids)),
            awaiting: Mutex::default(),
            reply_deadline: self.reply_deadline,
            ping_interval: self.ping_interval,
            idle_timeout: self.idle_timeout,
            close_linger: self.close_linger,
        });
        let mut stop = self.stop.subscribe();
        let (signals_sender, mut signals) = mpsc::unbounded_channel();
        let mut live: HashMap<u64, connection::Handle> = HashMap::new();
        let mut current: Option<u64> = None;
        // The current connection was told to go: open its successor, then close it.
        let mut replace = false;
        let mut failures: u32 = 0;
        let mut next_id = 0;
        let result = loop {
            if *stop.borrow_and_update() {
                break Ok(());
            }
            if current.is_none() || replace {
                if failures > 0 {
                    let wait = self.backoff_for(failures);
                    tracing::debug!(?wait, failures, "Socket Mode: waiting before connecting");
                    tokio::select! {
                        () = tokio::time::sleep(wait) => {}
                        _ = stop.changed() => continue,
                    }
                }
                let attempt = tokio::select! {
                    attempt = self.establish() => attempt,
                    _ = stop.changed() => continue,
                };
                match attempt {
                    Ok(socket) => {
                        next_id += 1;
                        let handle = connection::spawn(
                            next_id,
                            socket,
                            shared.clone(),
                            signals_sender.clone(),
                        );
                        live.insert(next_id, handle);
                        if let Some(old) = current.replace(next_id) {
                            if let Some(old) = live.get(&old) {
                                old.close();
                            }
                        }
                        replace = false;
                    }
                    Err(Failure::Fatal(error)) => break Err(error),
                    Err(Failure::Retry(why)) => {
                        tracing::warn!(%why, "Socket Mode: could not connect");
                        failures += 1;
                    }
                }
                continue;
            }
            tokio::select! {
                _ = stop.changed() => {}
                Some(signal) = signals.recv() => match signal {
                    Signal::Leave(id) if current == Some(id) => {
                        replace = true;
                        failures = 0;
                    }
                    Signal::Leave(_) => {}
                    Signal::Closed(id) => {
                        let lived = live.remove(&id).map(|handle| handle.started.elapsed());
                        if current == Some(id) {
                            current = None;
                            replace = false;
                            // A connection that lived a while starts the backoff over.
                            let stable = lived.is_some_and(|lived| lived > self.max_backoff);
                            failures = if stable { 1 } else { failures + 1 };
                        }
                    }
                    Signal::LinkDisabled => break Err(SocketError::LinkDisabled),
                },
            }
        };
        for handle in live.values() {
            handle.close();
        }
        for (_, handle) in live {
            let _ = handle.task.await;
        }
        result
    }

    /// The wait before attempt `failures + 1`: the backoff doubled per failure, capped,
    /// drawn between half and all of it.
    fn backoff_for(&self, failures: u32) -> Duration {
        let doubled = self
            .backoff
            .saturating_mul(1 << failures.saturating_sub(1).min(20));
        let wait = doubled.min(self.max_backoff);
        let random = std::collections::hash_map::RandomState::new()
            .build_hasher()
            .finish();
        wait / 2 + wait.mul_f64((random % 1024) as f64 / 2048.0)
    }

    /// `apps.connections.open`, the WebSocket handshake, `hello`: each within its timeout.
    async fn establish(&self) -> Result<Socket, Failure> {
        let open = self
            .client
            .apps_connections_open()
            .with_token(self.app_token.as_str());
        let opened = match timeout(self.open_timeout, open).await {
            Err(_) => return Err(Failure::Retry("apps.connections.open timed out".into())),
            Ok(Err(error)) if refused(&error) => {
                return Err(Failure::Fatal(SocketError::Open(error)))
            }
            Ok(Err(error)) => return Err(Failure::Retry(error.to_string())),
            Ok(Ok(opened)) => opened,
        };
        let url = opened
            .url
            .ok_or_else(|| Failure::Retry("apps.connections.open gave no url".into()))?;
        let connect = async {
            // No Nagle: an ack written right after another must not wait for the
            // server's delayed TCP ACK (up to 40 ms on Linux).
            let (mut socket, _) =
                tokio_tungstenite::connect_async_with_config(url.as_str(), None, true)
                    .await
                    .map_err(|e| Failure::Retry(format!("WebSocket handshake: {e}")))?;
            hello(&mut socket).await?;
            Ok(socket)
        };
        timeout(self.connect_timeout, connect)
            .await
            .unwrap_or_else(|_| Err(Failure::Retry("no hello within the timeout".into())))
    }
}

/// Whether `apps.connections.open` refused for good (the token, its type or scopes), as
/// opposed to a failure another try may mend (rate limits, timeouts, 5xx, Slack's
/// `internal_error` and the like).
fn refused(error: &slack_api::Error<AppsConnectionsOpenError>) -> bool {
    const TRY_AGAIN: &[&str] = &[
        "internal_error",
        "fatal_error",
        "service_unavailable",
        "request_timeout",
        "ratelimited",
    ];
    match error.code() {
        Some(code) => !error.is_transient() && !TRY_AGAIN.contains(&code.code()),
        None => false,
    }
}

/// Reads up to Slack's `hello`.
async fn hello(socket: &mut Socket) -> Result<(), Failure> {
    while let Some(message) = socket.next().await {
        let message = message.map_err(|e| Failure::Retry(format!("before hello: {e}")))?;
        let Message::Text(text) = message else {
            continue;
        };
        let json: Value = serde_json::from_str(text.as_str()).unwrap_or_default();
        match json.get("type").and_then(Value::as_str) {
            Some("hello") => return Ok(()),
            Some("disconnect") => {
                let reason = json.get("reason").and_then(Value::as_str).unwrap_or("");
                return Err(if reason == "link_disabled" {
                    Failure::Fatal(SocketError::LinkDisabled)
                } else {
                    Failure::Retry(format!("disconnect before hello: {reason}"))
                });
            }
            _ => {}
        }
    }
    Err(Failure::Retry("closed before hello".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_backoff_doubles_up_to_its_cap_with_jitter() {
        let client = slack_api::Client::new("xoxb-test").unwrap();
        let socket = SocketMode::new("xapp-test", client)
            .with_backoff(Duration::from_millis(100), Duration::from_secs(1));
        for (failures, full) in [
            (1, 100),
            (2, 200),
            (3, 400),
            (4, 800),
            (5, 1000),
            (40, 1000),
        ] {
            let full = Duration::from_millis(full);
            let waits: Vec<Duration> = (0..50).map(|_| socket.backoff_for(failures)).collect();
            assert!(
                waits.iter().all(|w| *w >= full / 2 && *w <= full),
                "{failures}: {waits:?}"
            );
            assert!(waits.iter().any(|w| *w != waits[0]), "jittered");
        }
    }
}

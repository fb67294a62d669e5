//! The emulator's Socket Mode against a peer we did not write: Slack's own Python SDK
//! (`slack_sdk`'s built-in WebSocket client, `tests/peer/socket_mode.py`) opens a
//! connection with the app-level token, gets a message event as an `events_api` request
//! and acknowledges it; the emulator counts the ack and sends nothing again, and answers
//! the SDK's pings so that it never reconnects.
//!
//! Needs `python3` and `slack_sdk` (`.ci/run` installs `slack_sdk==3.36.0`); skipped with a
//! message without them.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use slack_emulator::{Emulator, Via, GENERAL_ID, HUMAN_ID};
use tokio::sync::mpsc;

/// How long the whole exchange may take.
const DEADLINE: Duration = Duration::from_secs(30);
/// How long the peer keeps listening after its first request: several redelivery times.
const LINGER: &str = "1.2";

/// Whether `python3` runs and imports `slack_sdk`.
fn has_slack_sdk() -> bool {
    Command::new("python3")
        .args(["-c", "import slack_sdk.socket_mode.builtin"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// The Python peer: its stdout's lines as they come; killed when dropped.
struct Peer {
    child: Child,
    lines: mpsc::UnboundedReceiver<String>,
}

impl Peer {
    /// Runs `tests/peer/socket_mode.py` against the emulator.
    fn start(emulator: &Emulator) -> Peer {
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/peer/socket_mode.py");
        let tokens = emulator.tokens();
        let mut child = Command::new("python3")
            .args([
                script,
                emulator.base_url(),
                &tokens.bot,
                &tokens.app,
                LINGER,
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("python3 runs");
        let stdout = child.stdout.take().expect("a piped stdout");
        let (send, lines) = mpsc::unbounded_channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = send.send(line);
            }
        });
        Peer { child, lines }
    }

    /// The next JSON line before `deadline`; `None` once the peer has closed its stdout.
    async fn next(&mut self, deadline: Instant) -> Option<Value> {
        let left = deadline.saturating_duration_since(Instant::now());
        let line = tokio::time::timeout(left, self.lines.recv())
            .await
            .expect("the Python peer answered before the deadline")?;
        Some(serde_json::from_str(&line).unwrap_or_else(|_| panic!("not JSON: {line}")))
    }

    /// Every line left until the peer exits, and whether it exited with success.
    async fn finish(&mut self, deadline: Instant) -> (Vec<Value>, bool) {
        let mut rest = Vec::new();
        while let Some(line) = self.next(deadline).await {
            rest.push(line);
        }
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().expect("the peer's status") {
                return (rest, status.success());
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        panic!("the Python peer did not exit before the deadline");
    }
}

impl Drop for Peer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slacks_python_sdk_receives_and_acknowledges_an_event_over_socket_mode() {
    if !has_slack_sdk() {
        eprintln!("SKIPPED: needs python3 with slack_sdk (pip install slack_sdk==3.36.0)");
        return;
    }
    let deadline = Instant::now() + DEADLINE;
    let emulator = Emulator::start().await.unwrap();
    // Short, so that an envelope left unacknowledged would come again while the peer
    // lingers.
    emulator.set_socket_redelivery(Duration::from_millis(300));
    let mut peer = Peer::start(&emulator);
    let connected = peer.next(deadline).await.expect("the peer connects");
    assert_eq!(connected["connected"], true, "{connected}");
    assert_eq!(emulator.socket_connections(), 1);

    emulator
        .act_as(HUMAN_ID)
        .post_message(GENERAL_ID, "hello from the emulator")
        .unwrap();
    let got = peer.next(deadline).await.expect("an events_api request");
    assert_eq!(got["text"], "hello from the emulator", "{got}");
    assert_eq!(got["retry_attempt"], 0, "{got}");

    let (mut rest, success) = peer.finish(deadline).await;
    assert!(success, "the Python peer failed (its stderr is above)");
    let pong = rest.pop().expect("the peer's last line");
    assert!(rest.is_empty(), "sent again though acknowledged: {rest:?}");
    // The SDK pings every quarter second and would reconnect after a second without a
    // pong: the emulator answered, on the one connection the SDK opened.
    let age = pong["pong_age"].as_f64();
    assert!(age.is_some_and(|age| age < 1.0), "{pong}");
    let opened = emulator
        .calls()
        .iter()
        .filter(|c| c.method == "apps.connections.open")
        .count();
    assert_eq!(opened, 1, "the SDK connected once");
    let acks = emulator.socket_acks();
    assert_eq!(acks.len(), 1, "{acks:?}");
    assert_eq!(acks[0].envelope_id, got["envelope_id"].as_str().unwrap());
    assert_eq!(acks[0].retry_attempt, 0);
    assert_eq!(
        acks[0].payload, None,
        "an events_api ack carries no payload"
    );
    assert_eq!(emulator.socket_pending(), 0);
    assert!(emulator.socket_dropped().is_empty());
    let deliveries = emulator.deliveries();
    assert_eq!(deliveries.len(), 1);
    assert_eq!(deliveries[0].via, Via::SocketMode);
}

//! The emulator's Socket Mode against a peer we did not write: Slack's own Python SDK
//! (`slack_sdk`'s built-in WebSocket client, `tests/peer/socket_mode.py`) opens a
//! connection with the app-level token, gets a message event as an `events_api` request
//! and acknowledges it; the emulator counts the ack and sends nothing again, and answers
//! the SDK's pings so that it never reconnects.
//!
//! Needs `python3` and `slack_sdk` (`.ci/run` installs `slack_sdk==3.36.0`); skipped with a
//! message without them.

mod peer;

use std::time::{Duration, Instant};

use peer::{has_slack_sdk, Peer};
use slack_emulator::{Emulator, Via, GENERAL_ID, HUMAN_ID};

/// How long the whole exchange may take.
const DEADLINE: Duration = Duration::from_secs(30);
/// How long the peer keeps listening after its first request: several redelivery times.
const LINGER: &str = "1.2";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slacks_python_sdk_receives_and_acknowledges_an_event_over_socket_mode() {
    if !has_slack_sdk("slack_sdk.socket_mode.builtin") {
        eprintln!("SKIPPED: needs python3 with slack_sdk (pip install slack_sdk==3.36.0)");
        return;
    }
    let deadline = Instant::now() + DEADLINE;
    let emulator = Emulator::start().await.unwrap();
    // Short, so that an envelope left unacknowledged would come again while the peer
    // lingers.
    emulator.set_socket_redelivery(Duration::from_millis(300));
    let tokens = emulator.tokens();
    let args = [emulator.base_url(), &tokens.bot, &tokens.app, LINGER];
    let mut peer = Peer::start("socket_mode.py", &args);
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

//! The Socket Mode client against the emulator's Socket Mode server over loopback.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use slack_emulator::Emulator;
use slack_events::socket::{SocketError, SocketMode};
use slack_events::{Incoming, Kind, Response};
use tokio::sync::mpsc;

fn client(emulator: &Emulator, token: &str) -> SocketMode {
    let client = slack_api::Client::builder(emulator.tokens().bot.clone())
        .base_url(emulator.base_url())
        .build()
        .unwrap();
    SocketMode::new(token, client)
        .with_backoff(Duration::from_millis(10), Duration::from_millis(200))
}

fn event(id: &str) -> Value {
    json!({
        "type": "event_callback", "event_id": id, "event_time": 1_700_000_000,
        "team_id": slack_emulator::TEAM_ID, "api_app_id": slack_emulator::APP_ID,
        "event": {"type": "app_mention", "text": "hi", "user": "U1", "channel": "C1", "ts": "1.1"},
    })
}

async fn until(within: Duration, condition: impl Fn() -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < within {
        if condition() {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    condition()
}

type Items = mpsc::UnboundedReceiver<(Kind, Option<u32>)>;
type Running = tokio::task::JoinHandle<Result<(), SocketError>>;

/// A client whose handler sends each item's kind and retry number down a channel.
fn start(emulator: &Emulator) -> (slack_events::socket::Shutdown, Running, Items) {
    let (sender, receiver) = mpsc::unbounded_channel();
    let socket = client(emulator, &emulator.tokens().app);
    let shutdown = socket.shutdown_handle();
    let task = tokio::spawn(socket.run(move |incoming: Incoming| {
        let sender = sender.clone();
        async move {
            let _ = sender.send((
                incoming.kind.clone(),
                incoming.retry.as_ref().map(|r| r.num),
            ));
        }
    }));
    (shutdown, task, receiver)
}

async fn next(receiver: &mut Items) -> (Kind, Option<u32>) {
    tokio::time::timeout(Duration::from_secs(5), receiver.recv())
        .await
        .expect("an item in time")
        .expect("an item")
}

#[tokio::test]
async fn connects_after_hello_and_shuts_down() {
    let emulator = Emulator::start().await.unwrap();
    let (shutdown, task, _items) = start(&emulator);
    assert!(
        until(Duration::from_secs(5), || emulator.socket_connections()
            == 1)
        .await
    );
    shutdown.shutdown();
    let result = tokio::time::timeout(Duration::from_secs(5), task)
        .await
        .unwrap()
        .unwrap();
    assert!(result.is_ok(), "{result:?}");
    assert!(
        until(Duration::from_secs(2), || emulator.socket_connections()
            == 0)
        .await
    );
}

#[tokio::test]
async fn an_event_reaches_the_handler_and_is_acknowledged() {
    let emulator = Emulator::start().await.unwrap();
    let (shutdown, _task, mut items) = start(&emulator);
    assert!(
        until(Duration::from_secs(5), || emulator.socket_connections()
            == 1)
        .await
    );
    let id = emulator.socket_push("events_api", event("Ev1"));
    let (kind, retry) = next(&mut items).await;
    let Kind::Event(callback) = kind else {
        panic!("an event")
    };
    assert_eq!(callback.event_id.as_deref(), Some("Ev1"));
    assert_eq!(callback.envelope["event"]["type"], "app_mention");
    assert_eq!(retry, None);
    assert!(
        until(Duration::from_secs(2), || emulator
            .socket_acks()
            .iter()
            .any(|a| a.envelope_id == id))
        .await
    );
    assert_eq!(emulator.socket_acks()[0].payload, None);
    shutdown.shutdown();
}

#[tokio::test]
async fn an_unacknowledged_envelope_comes_again_and_is_handed_over_once() {
    let emulator = Emulator::start().await.unwrap();
    emulator.set_socket_redelivery(Duration::from_millis(100));
    // A first connection that never acknowledges, then goes.
    let url = {
        let api = slack_api::Client::builder(emulator.tokens().app.clone())
            .base_url(emulator.base_url())
            .build()
            .unwrap();
        api.apps_connections_open().await.unwrap().url.unwrap()
    };
    let (mut silent, _) = tokio_tungstenite::connect_async(url.as_str())
        .await
        .unwrap();
    let id = emulator.socket_push("events_api", event("Ev7"));
    use futures_util::StreamExt;
    let mut got = 0;
    while got < 2 {
        // hello, then the envelope.
        if let Some(Ok(tokio_tungstenite::tungstenite::Message::Text(_))) = silent.next().await {
            got += 1;
        }
    }
    drop(silent);
    let (shutdown, _task, mut items) = start(&emulator);
    let (kind, retry) = next(&mut items).await;
    assert!(matches!(&kind, Kind::Event(e) if e.event_id.as_deref() == Some("Ev7")));
    assert!(retry.is_some_and(|n| n >= 1), "retry_attempt {retry:?}");
    assert!(
        until(Duration::from_secs(2), || emulator
            .socket_acks()
            .iter()
            .any(|a| a.envelope_id == id))
        .await
    );
    // The same event in another envelope (a redelivery): acknowledged, not handed over.
    let again = emulator.socket_push("events_api", event("Ev7"));
    assert!(
        until(Duration::from_secs(2), || emulator
            .socket_acks()
            .iter()
            .any(|a| a.envelope_id == again))
        .await
    );
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(items.try_recv().is_err(), "handed over once");
    shutdown.shutdown();
}

#[tokio::test]
async fn an_interaction_response_goes_in_the_ack() {
    let emulator = Emulator::start().await.unwrap();
    let socket = client(&emulator, &emulator.tokens().app);
    let shutdown = socket.shutdown_handle();
    tokio::spawn(socket.run(|incoming: Incoming| async move {
        if let Kind::Interaction(payload) = &incoming.kind {
            if payload["type"] == "view_submission" {
                tokio::time::sleep(Duration::from_millis(50)).await;
                incoming.respond(Response::json(&json!({"response_action": "clear"})));
            }
        }
        if let Kind::SlashCommand(fields) = &incoming.kind {
            incoming.respond(Response::text(format!("ran {}", fields["command"])));
        }
    }));
    assert!(
        until(Duration::from_secs(5), || emulator.socket_connections()
            == 1)
        .await
    );
    let view = emulator.socket_push(
        "interactive",
        json!({"type": "view_submission", "view": {"id": "V1"}}),
    );
    let command = emulator.socket_push(
        "slash_commands",
        json!({"command": "/deploy", "text": "now"}),
    );
    let silent = emulator.socket_push("interactive", json!({"type": "block_actions"}));
    let acked = || {
        let acks = emulator.socket_acks();
        let find = |id: &str| {
            acks.iter()
                .find(|a| a.envelope_id == id)
                .map(|a| a.payload.clone())
        };
        (find(&view), find(&command), find(&silent))
    };
    assert!(
        until(Duration::from_secs(5), || matches!(
            acked(),
            (Some(_), Some(_), Some(_))
        ))
        .await
    );
    let (view, command, silent) = acked();
    assert_eq!(view, Some(Some(json!({"response_action": "clear"}))));
    assert_eq!(command, Some(Some(json!({"text": "ran /deploy"}))));
    assert_eq!(silent, Some(None), "no response: an empty ack");
    shutdown.shutdown();
}

#[tokio::test]
async fn a_panicking_handler_does_not_take_the_connection_down() {
    let emulator = Emulator::start().await.unwrap();
    let handled = Arc::new(AtomicUsize::new(0));
    let socket = client(&emulator, &emulator.tokens().app);
    let shutdown = socket.shutdown_handle();
    let count = handled.clone();
    tokio::spawn(socket.run(move |incoming: Incoming| {
        let count = count.clone();
        async move {
            if incoming.event_id() == Some("EvPanic") {
                panic!("the app's bug");
            }
            count.fetch_add(1, Ordering::SeqCst);
        }
    }));
    assert!(
        until(Duration::from_secs(5), || emulator.socket_connections()
            == 1)
        .await
    );
    emulator.socket_push("events_api", event("EvPanic"));
    emulator.socket_push("events_api", event("EvAfter"));
    assert!(
        until(Duration::from_secs(5), || handled.load(Ordering::SeqCst)
            == 1)
        .await
    );
    assert_eq!(emulator.socket_connections(), 1);
    shutdown.shutdown();
}

#[tokio::test]
async fn refresh_requested_100_times_with_events_flowing() {
    let emulator = Arc::new(Emulator::start().await.unwrap());
    emulator.set_socket_redelivery(Duration::from_millis(250));
    // apps.connections.open is Tier 3 (50 a minute in the emulator): 100 refreshes in a
    // few seconds would wait for the next minute, not what this test measures.
    emulator.set_rate_limits(slack_emulator::RateLimits::off());
    let handled: Arc<Mutex<HashMap<String, u32>>> = Arc::default();
    let socket =
        client(&emulator, &emulator.tokens().app).with_close_linger(Duration::from_millis(20));
    let shutdown = socket.shutdown_handle();
    let seen = handled.clone();
    let task = tokio::spawn(socket.run(move |incoming: Incoming| {
        let seen = seen.clone();
        async move {
            if let Some(id) = incoming.event_id() {
                *seen.lock().unwrap().entry(id.to_owned()).or_default() += 1;
            }
        }
    }));
    assert!(
        until(Duration::from_secs(5), || emulator.socket_connections()
            == 1)
        .await
    );

    let flowing = Arc::new(AtomicBool::new(true));
    let pusher = {
        let (emulator, flowing) = (emulator.clone(), flowing.clone());
        tokio::spawn(async move {
            let mut sent = 0usize;
            while flowing.load(Ordering::SeqCst) {
                emulator.socket_push("events_api", event(&format!("Ev{sent:06}")));
                sent += 1;
                tokio::time::sleep(Duration::from_millis(1)).await;
            }
            sent
        })
    };
    let start = Instant::now();
    let mut most_connections = 0;
    for _ in 0..100 {
        // Replaced connections linger a little: stay well under the limit of 10.
        while emulator.socket_connections() > 3 {
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        while emulator.socket_disconnect("refresh_requested") == 0 {
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        for _ in 0..5 {
            most_connections = most_connections.max(emulator.socket_connections());
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
    }
    flowing.store(false, Ordering::SeqCst);
    let sent = pusher.await.unwrap();
    let refreshing = start.elapsed();
    assert!(until(Duration::from_secs(10), || emulator.socket_pending() == 0).await);
    tokio::time::sleep(Duration::from_millis(100)).await;

    let handled = handled.lock().unwrap().clone();
    let lost = (0..sent)
        .filter(|n| !handled.contains_key(&format!("Ev{n:06}")))
        .count();
    let twice: u32 = handled.values().map(|n| n - 1).sum();
    let acks = emulator.socket_acks();
    let redelivered = acks.iter().filter(|a| a.retry_attempt > 0).count();
    println!(
        "socket mode, 100 x refresh_requested in {refreshing:.2?}: sent {sent}, handled {}, \
         lost {lost}, twice {twice}; acks {}, acks of a redelivery {redelivered}, dropped by \
         the server {}, most connections at once {most_connections}",
        handled.len(),
        acks.len(),
        emulator.socket_dropped().len(),
    );
    assert_eq!(lost, 0);
    assert_eq!(twice, 0);
    assert!(emulator.socket_dropped().is_empty());
    assert!(sent > 100);
    shutdown.shutdown();
    assert!(tokio::time::timeout(Duration::from_secs(5), task)
        .await
        .unwrap()
        .unwrap()
        .is_ok());
}

#[tokio::test]
async fn link_disabled_stops_with_its_error() {
    let emulator = Emulator::start().await.unwrap();
    let (_shutdown, task, _items) = start(&emulator);
    assert!(
        until(Duration::from_secs(5), || emulator.socket_connections()
            == 1)
        .await
    );
    assert_eq!(emulator.socket_disconnect("link_disabled"), 1);
    let result = tokio::time::timeout(Duration::from_secs(5), task)
        .await
        .unwrap()
        .unwrap();
    assert!(
        matches!(result, Err(SocketError::LinkDisabled)),
        "{result:?}"
    );
}

#[tokio::test]
async fn a_token_apps_connections_open_refuses_stops_with_its_error() {
    let emulator = Emulator::start().await.unwrap();
    let socket = client(&emulator, &emulator.tokens().bot);
    let result = tokio::time::timeout(Duration::from_secs(5), socket.run(|_| async {}))
        .await
        .unwrap();
    let Err(SocketError::Open(error)) = result else {
        panic!("{result:?}")
    };
    assert!(
        error.to_string().contains("not_allowed_token_type"),
        "{error}"
    );
}

#[tokio::test]
async fn a_half_open_connection_is_replaced() {
    let emulator = Emulator::start().await.unwrap();
    emulator.set_socket_redelivery(Duration::from_millis(100));
    let (sender, mut items) = mpsc::unbounded_channel();
    let socket = client(&emulator, &emulator.tokens().app)
        .with_ping(Duration::from_millis(50), Duration::from_millis(300));
    let shutdown = socket.shutdown_handle();
    tokio::spawn(socket.run(move |incoming: Incoming| {
        let sender = sender.clone();
        async move {
            let _ = sender.send(incoming.event_id().map(str::to_owned));
        }
    }));
    assert!(
        until(Duration::from_secs(5), || emulator.socket_connections()
            == 1)
        .await
    );
    let opened = || {
        emulator
            .calls()
            .iter()
            .filter(|call| call.method == "apps.connections.open")
            .count()
    };
    assert_eq!(opened(), 1);
    let started = Instant::now();
    emulator.socket_stall(Duration::from_secs(3));
    assert!(
        until(Duration::from_secs(3), || opened() == 2).await,
        "a new connection"
    );
    let replaced = started.elapsed();
    emulator.socket_push("events_api", event("EvAfterStall"));
    let got = tokio::time::timeout(Duration::from_secs(3), items.recv()).await;
    assert_eq!(
        got.ok().flatten().flatten().as_deref(),
        Some("EvAfterStall")
    );
    println!("a half-open connection (idle timeout 300 ms) was replaced after {replaced:.0?}");
    assert!(replaced < Duration::from_secs(2), "{replaced:?}");
    shutdown.shutdown();
}

#[tokio::test]
async fn a_slow_or_failing_apps_connections_open_is_tried_again() {
    let emulator = Emulator::start().await.unwrap();
    emulator.script(
        "apps.connections.open",
        slack_emulator::Script::error("internal_error").once(),
    );
    emulator.script(
        "apps.connections.open",
        slack_emulator::Script::latency(Duration::from_secs(3)).once(),
    );
    let socket =
        client(&emulator, &emulator.tokens().app).with_open_timeout(Duration::from_millis(200));
    let shutdown = socket.shutdown_handle();
    let started = Instant::now();
    tokio::spawn(socket.run(|_| async {}));
    assert!(
        until(Duration::from_secs(5), || emulator.socket_connections()
            == 1)
        .await
    );
    let opened = emulator
        .calls()
        .iter()
        .filter(|call| call.method == "apps.connections.open")
        .count();
    assert_eq!(opened, 3, "an error, a timeout, then the connection");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    shutdown.shutdown();
}

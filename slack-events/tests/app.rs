//! The app dispatcher end to end against the emulator on loopback: items pushed over
//! Socket Mode (`socket_push`) and signed HTTP requests posted to the app's axum router
//! reach the right handler, whose `say`, `respond` and `ack` land where Slack would see
//! them.

mod support;

use std::fmt;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use slack_emulator::{Emulator, BOT_USER_ID, GENERAL_ID, HUMAN_ID, TEAM_ID};
use slack_events::app::{Action, App, Ctx, HandlerError, Selector};
use slack_model::events::{
    BlockAction, MessageEvent, SlashCommand, ViewErrorsResponse, ViewSubmission,
};
use support::{now_secs, payload_form, signed_with, SECRET};
use tokio::sync::mpsc;

type Calls = mpsc::UnboundedReceiver<String>;

/// Every `tracing` event of this test binary, as `field=value` text.
static LOGS: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// A `tracing` subscriber that keeps events in [`LOGS`].
struct Capture;

impl tracing::Subscriber for Capture {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, _: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        tracing::span::Id::from_u64(1)
    }
    fn record(&self, _: &tracing::span::Id, _: &tracing::span::Record<'_>) {}
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        struct Text(String);
        impl tracing::field::Visit for Text {
            fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn fmt::Debug) {
                self.0 += &format!("{}={value:?} ", field.name());
            }
        }
        let mut text = Text(format!("{} ", event.metadata().level()));
        event.record(&mut text);
        LOGS.lock().unwrap().push(text.0);
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

/// Whether a line logged so far holds every one of `needles`.
fn logged(needles: &[&str]) -> bool {
    let logs = LOGS.lock().unwrap();
    logs.iter()
        .any(|line| needles.iter().all(|n| line.contains(n)))
}

fn bot(emulator: &Emulator) -> slack_api::Client {
    slack_api::Client::builder(emulator.tokens().bot.clone())
        .base_url(emulator.base_url())
        .build()
        .unwrap()
}

/// The app under test: every kind of handler, each reporting its name down a channel.
fn app(emulator: &Emulator) -> (App, Calls) {
    let (tx, calls) = mpsc::unbounded_channel();
    let report = move |name: &str| {
        let _ = tx.send(name.to_owned());
    };
    let (r1, r2, r3, r4) = (
        report.clone(),
        report.clone(),
        report.clone(),
        report.clone(),
    );
    let app = App::new(bot(emulator))
        .message("hello", |message: MessageEvent, ctx: Ctx| async move {
            let who = message.user.unwrap_or_default();
            ctx.say(format!("Hello, <@{who}>")).await?;
            Ok(())
        })
        .message("boom", |_, _| async move { panic!("a handler's bug") })
        .message(
            "fail",
            |_, _| async move { Err("the handler's error".into()) },
        )
        .action("approve", move |action: Action, ctx: Ctx| {
            let report = r1.clone();
            async move {
                let BlockAction::Button(button) = action.action else {
                    return Err("not a button".into());
                };
                ctx.respond(format!("Approved {}", button.value.unwrap_or_default()))
                    .await?;
                report("approve");
                Ok(())
            }
        })
        .action("reject", move |_, _| {
            let report = r2.clone();
            async move {
                report("reject");
                Ok(())
            }
        })
        .action(Selector::block_id("other-block"), move |_, _| {
            let report = r3.clone();
            async move {
                report("other-block");
                Ok(())
            }
        })
        .view(
            "feedback",
            |submission: ViewSubmission, ctx: Ctx| async move {
                let text = submission.view.private_metadata.unwrap_or_default();
                ctx.ack(ViewErrorsResponse::new([(
                    "comments",
                    format!("Too short: {text}"),
                )]));
                Ok::<(), HandlerError>(())
            },
        )
        .command("/echo", move |command: SlashCommand, ctx: Ctx| {
            let report = r4.clone();
            async move {
                ctx.ack(format!("You said: {}", command.text));
                report("echo");
                Ok(())
            }
        });
    (app, calls)
}

fn message_event(id: &str, text: &str) -> Value {
    json!({
        "token": "verification", "team_id": TEAM_ID, "api_app_id": "A0EMU00001",
        "type": "event_callback", "event_id": id, "event_time": 1_700_000_000,
        "authorizations": [{"team_id": TEAM_ID, "user_id": BOT_USER_ID, "is_bot": true}],
        "event": {
            "type": "message", "channel": GENERAL_ID, "user": HUMAN_ID, "text": text,
            "ts": "1700000000.000100", "channel_type": "channel",
        },
    })
}

fn block_actions(action_id: &str, block_id: &str, response_url: &str) -> Value {
    json!({
        "type": "block_actions", "api_app_id": "A0EMU00001", "trigger_id": "1.2.3",
        "user": {"id": HUMAN_ID, "team_id": TEAM_ID}, "team": {"id": TEAM_ID},
        "channel": {"id": GENERAL_ID}, "response_url": response_url,
        "actions": [{
            "type": "button", "action_id": action_id, "block_id": block_id,
            "action_ts": "1700000000.1", "value": "42", "text": {"type": "plain_text", "text": "Go"},
        }],
    })
}

fn view_submission() -> Value {
    json!({
        "type": "view_submission", "api_app_id": "A0EMU00001",
        "user": {"id": HUMAN_ID, "team_id": TEAM_ID}, "team": {"id": TEAM_ID},
        "view": {
            "id": "V1", "type": "modal", "callback_id": "feedback", "private_metadata": "ok",
            "title": {"type": "plain_text", "text": "Feedback"}, "blocks": [],
            "state": {"values": {}},
        },
    })
}

fn slash_command(text: &str) -> Value {
    json!({
        "command": "/echo", "text": text, "user_id": HUMAN_ID, "user_name": "person",
        "team_id": TEAM_ID, "team_domain": "emulated", "channel_id": GENERAL_ID,
        "channel_name": "general", "response_url": "http://127.0.0.1:9/unused",
        "trigger_id": "1.2.3", "api_app_id": "A0EMU00001", "token": "verification",
    })
}

/// Waits for `condition`, polling; false if it is still unmet after `within`.
async fn until(within: Duration, mut condition: impl AsyncFnMut() -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < within {
        if condition().await {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    false
}

async fn history_has(client: &slack_api::Client, text: &str) -> bool {
    let history = client.conversations_history(GENERAL_ID).await.unwrap();
    history
        .messages
        .iter()
        .any(|m| m.text.as_deref() == Some(text))
}

/// Whether `text` shows up in `#general` within 5 seconds.
async fn history_shows(client: &slack_api::Client, text: &str) -> bool {
    until(Duration::from_secs(5), async || {
        history_has(client, text).await
    })
    .await
}

async fn next(calls: &mut Calls) -> String {
    tokio::time::timeout(Duration::from_secs(5), calls.recv())
        .await
        .expect("a handler in time")
        .expect("a handler")
}

/// Starts the app over Socket Mode on the emulator; returns once it is connected.
async fn socket(emulator: &Emulator, app: &App) -> slack_events::socket::Shutdown {
    let socket = app
        .socket_mode(emulator.tokens().app.clone())
        .configure(|s| s.with_backoff(Duration::from_millis(10), Duration::from_millis(200)));
    let shutdown = socket.shutdown_handle();
    tokio::spawn(socket.run());
    let connected = until(Duration::from_secs(5), async || {
        emulator.socket_connections() == 1
    });
    assert!(connected.await);
    shutdown
}

async fn ack_of(emulator: &Emulator, envelope_id: &str) -> Option<Value> {
    let mut found = None;
    let acked = until(Duration::from_secs(5), async || {
        found = emulator
            .socket_acks()
            .into_iter()
            .find(|ack| ack.envelope_id == envelope_id);
        found.is_some()
    });
    assert!(acked.await, "no ack for {envelope_id}");
    found.and_then(|ack| ack.payload)
}

/// A server on loopback standing in for Slack's `response_url`s: the bodies posted to it.
async fn response_urls() -> (String, mpsc::UnboundedReceiver<Value>) {
    let (tx, bodies) = mpsc::unbounded_channel();
    let router = axum::Router::new().route(
        "/respond",
        axum::routing::post(move |body: String| {
            let _ = tx.send(serde_json::from_str(&body).unwrap_or_default());
            async { "ok" }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await });
    (format!("http://{address}/respond"), bodies)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_message_over_socket_mode_gets_its_reply_in_history() {
    let emulator = Emulator::start().await.unwrap();
    let (app, _calls) = app(&emulator);
    let shutdown = socket(&emulator, &app).await;
    let id = emulator.socket_push("events_api", message_event("Ev1", "well hello there"));
    assert_eq!(ack_of(&emulator, &id).await, None);
    let client = bot(&emulator);
    let reply = format!("Hello, <@{HUMAN_ID}>");
    assert!(history_shows(&client, &reply).await);
    shutdown.shutdown();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panicking_or_failing_handler_is_logged_and_the_next_event_is_handled() {
    let emulator = Emulator::start().await.unwrap();
    let (app, _calls) = app(&emulator);
    let shutdown = socket(&emulator, &app).await;
    let _ = tracing::subscriber::set_global_default(Capture);
    let boom = emulator.socket_push("events_api", message_event("Ev1", "boom"));
    assert_eq!(ack_of(&emulator, &boom).await, None);
    emulator.socket_push("events_api", message_event("Ev2", "fail"));
    emulator.socket_push("events_api", message_event("Ev3", "hello again"));
    let client = bot(&emulator);
    let reply = format!("Hello, <@{HUMAN_ID}>");
    assert!(history_shows(&client, &reply).await);
    assert_eq!(emulator.socket_connections(), 1, "the connection stayed up");
    let panicked = ["ERROR", "handler panicked", "route=event message"];
    assert!(until(Duration::from_secs(5), async || logged(&panicked)).await);
    let failed = ["ERROR", "handler failed", "the handler's error"];
    assert!(until(Duration::from_secs(5), async || logged(&failed)).await);
    shutdown.shutdown();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_block_action_reaches_its_action_id_handler_and_no_other() {
    let emulator = Emulator::start().await.unwrap();
    let (app, mut calls) = app(&emulator);
    let (url, mut bodies) = response_urls().await;
    let shutdown = socket(&emulator, &app).await;
    let id = emulator.socket_push("interactive", block_actions("approve", "b1", &url));
    assert_eq!(
        ack_of(&emulator, &id).await,
        None,
        "acknowledged with no payload"
    );
    assert_eq!(next(&mut calls).await, "approve");
    let posted = tokio::time::timeout(Duration::from_secs(5), bodies.recv()).await;
    assert_eq!(posted.unwrap().unwrap(), json!({"text": "Approved 42"}));
    // A second action, by block_id: had the first reached another handler, its report
    // (sent before this envelope was even pushed) would come first.
    emulator.socket_push("interactive", block_actions("other", "other-block", &url));
    assert_eq!(next(&mut calls).await, "other-block");
    assert!(calls.try_recv().is_err());
    shutdown.shutdown();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_view_submission_acks_with_its_errors_over_socket_mode() {
    let emulator = Emulator::start().await.unwrap();
    let (app, _calls) = app(&emulator);
    let shutdown = socket(&emulator, &app).await;
    let id = emulator.socket_push("interactive", view_submission());
    let payload = ack_of(&emulator, &id).await;
    assert_eq!(
        payload,
        Some(json!({"response_action": "errors", "errors": {"comments": "Too short: ok"}}))
    );
    shutdown.shutdown();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slash_command_replies_at_once_and_unmatched_items_get_empty_acks() {
    let emulator = Emulator::start().await.unwrap();
    let (app, mut calls) = app(&emulator);
    let shutdown = socket(&emulator, &app).await;
    let id = emulator.socket_push("slash_commands", slash_command("ping"));
    assert_eq!(
        ack_of(&emulator, &id).await,
        Some(json!({"text": "You said: ping"}))
    );
    assert_eq!(next(&mut calls).await, "echo");
    let mut other = slash_command("x");
    other["command"] = json!("/unknown");
    let unmatched = emulator.socket_push("slash_commands", other);
    let started = Instant::now();
    assert_eq!(ack_of(&emulator, &unmatched).await, None);
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "not held to the deadline"
    );
    shutdown.shutdown();
}

/// Posts a signed request to the app's router.
async fn post(url: &str, content_type: &str, body: String) -> reqwest::Response {
    let mut request = reqwest::Client::new().post(url).body(body.clone());
    for (name, value) in signed_with(SECRET, now_secs(), content_type, body.as_bytes()) {
        request = request.header(name, value);
    }
    request.send().await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_handlers_serve_signed_http_requests() {
    let emulator = Emulator::start().await.unwrap();
    let (app, mut calls) = app(&emulator);
    let (respond_url, mut bodies) = response_urls().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/slack/events", listener.local_addr().unwrap());
    let router = app.router("/slack/events", SECRET);
    tokio::spawn(async move { axum::serve(listener, router).await });
    const FORM: &str = "application/x-www-form-urlencoded";

    let event = message_event("EvHttp", "hello over http").to_string();
    assert_eq!(post(&url, "application/json", event).await.status(), 200);
    let client = bot(&emulator);
    let reply = format!("Hello, <@{HUMAN_ID}>");
    assert!(history_shows(&client, &reply).await);

    let form = |fields: Value| {
        let mut out = form_urlencoded::Serializer::new(String::new());
        for (key, value) in fields.as_object().unwrap() {
            out.append_pair(key, value.as_str().unwrap());
        }
        out.finish()
    };
    let response = post(&url, FORM, form(slash_command("pong"))).await;
    let body: Value = serde_json::from_str(&response.text().await.unwrap()).unwrap();
    assert_eq!(body, json!({"text": "You said: pong"}));
    assert_eq!(next(&mut calls).await, "echo");

    let response = post(&url, FORM, payload_form(&view_submission())).await;
    let body: Value = serde_json::from_str(&response.text().await.unwrap()).unwrap();
    assert_eq!(body["response_action"], "errors");

    let action = payload_form(&block_actions("approve", "b1", &respond_url));
    let response = post(&url, FORM, action).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.text().await.unwrap(), "");
    assert_eq!(next(&mut calls).await, "approve");
    let posted = tokio::time::timeout(Duration::from_secs(5), bodies.recv()).await;
    assert_eq!(posted.unwrap().unwrap(), json!({"text": "Approved 42"}));
}

/// `cargo test -p slack-events --test app a_thousand -- --nocapture` prints the figures.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_events_over_socket_mode_are_each_handled_once() {
    const EVENTS: usize = 1000;
    let emulator = Emulator::start().await.unwrap();
    let handled = std::sync::Arc::new(Mutex::new(Vec::new()));
    let noted = handled.clone();
    let app = App::new(bot(&emulator)).event(move |_: MessageEvent, ctx: Ctx| {
        let noted = noted.clone();
        async move {
            let id = ctx.envelope().map(|e| e.event_id.clone());
            noted.lock().unwrap().push(id.unwrap_or_default());
            Ok(())
        }
    });
    let shutdown = socket(&emulator, &app).await;
    let started = Instant::now();
    for i in 0..EVENTS {
        emulator.socket_push("events_api", message_event(&format!("Ev{i}"), "ping"));
    }
    let all = async || handled.lock().unwrap().len() >= EVENTS;
    let done = until(Duration::from_secs(30), all).await;
    let elapsed = started.elapsed();
    let mut ids = handled.lock().unwrap().clone();
    let count = ids.len();
    ids.sort();
    ids.dedup();
    println!(
        "{EVENTS} events pushed, {count} handled ({} distinct) in {elapsed:?}: {:.0} events/s",
        ids.len(),
        count as f64 / elapsed.as_secs_f64()
    );
    assert!(done, "{count} of {EVENTS} handled");
    assert_eq!(ids.len(), EVENTS, "each once");
    shutdown.shutdown();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_empty_ack_goes_at_once_and_the_handler_goes_on_after_it() {
    let emulator = Emulator::start().await.unwrap();
    let (tx, mut calls) = mpsc::unbounded_channel();
    let release = std::sync::Arc::new(tokio::sync::Notify::new());
    let wait = release.clone();
    let app = App::new(bot(&emulator)).command("/slow", move |_: SlashCommand, ctx: Ctx| {
        let (tx, wait) = (tx.clone(), wait.clone());
        async move {
            assert!(ctx.ack_empty(), "the first answer is sent");
            assert!(!ctx.ack("too late"), "a second answer is not");
            // Slow work: it goes on only once the test has seen the ack.
            wait.notified().await;
            let _ = tx.send("slow work done".to_owned());
            Ok(())
        }
    });
    let shutdown = socket(&emulator, &app).await;
    let mut slow = slash_command("");
    slow["command"] = json!("/slow");
    let started = Instant::now();
    let id = emulator.socket_push("slash_commands", slow);
    assert_eq!(
        ack_of(&emulator, &id).await,
        None,
        "acknowledged with no payload"
    );
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "acknowledged while the handler still works, not at the deadline"
    );
    release.notify_one();
    assert_eq!(next(&mut calls).await, "slow work done");
    shutdown.shutdown();
}

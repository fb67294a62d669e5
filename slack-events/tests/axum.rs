//! The axum adapter end to end: a server on 127.0.0.1, signed requests posted with
//! reqwest, the app's handler on its own task.

mod support;

use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use futures_util::stream;
use serde_json::json;
use slack_events::{Incoming, Kind, Receiver, Response, Verifier, DEFAULT_MAX_BODY};
use support::{event, now_secs, payload_form, signed_with, HeaderList, SECRET};
use tokio::sync::mpsc;

const JSON: &str = "application/json";
const FORM: &str = "application/x-www-form-urlencoded";

/// Serves `receiver` at `/slack/events` on a free port; the URL.
async fn start<H, F>(receiver: Receiver, handler: H) -> String
where
    H: Fn(Incoming) -> F + Send + Sync + 'static,
    F: Future<Output = ()> + Send + 'static,
{
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let app = slack_events::axum::router("/slack/events", receiver, handler);
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{address}/slack/events")
}

/// A server whose handler passes each item to the test, then takes a minute more: an
/// answer that waited for the handler would come a minute late.
async fn start_slow_app(receiver: Receiver) -> (String, mpsc::UnboundedReceiver<Incoming>) {
    let (sender, items) = mpsc::unbounded_channel();
    let url = start(receiver, move |incoming| {
        let sender = sender.clone();
        async move {
            let _ = sender.send(incoming);
            tokio::time::sleep(Duration::from_secs(60)).await;
        }
    })
    .await;
    (url, items)
}

fn signed_now(content_type: &str, body: &str) -> HeaderList {
    signed_with(SECRET, now_secs(), content_type, body.as_bytes())
}

async fn post(
    url: &str,
    headers: &HeaderList,
    body: impl Into<reqwest::Body>,
) -> reqwest::Response {
    let mut request = reqwest::Client::new().post(url).body(body);
    for (name, value) in headers {
        request = request.header(name, value);
    }
    request.send().await.unwrap()
}

/// The status of a POST to `url` that declares a body of `length` bytes and sends none of
/// it: the answer the server gives from the headers alone.
async fn status_before_body(url: &str, headers: &HeaderList, length: usize) -> u16 {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let rest = url.strip_prefix("http://").expect("an http URL");
    let (address, path) = rest.split_at(rest.find('/').expect("a path"));
    let mut head =
        format!("POST {path} HTTP/1.1\r\nhost: {address}\r\ncontent-length: {length}\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut answer = vec![0; 64];
    let read = tokio::time::timeout(Duration::from_secs(10), stream.read(&mut answer))
        .await
        .expect("an answer before the body")
        .unwrap();
    let status_line = String::from_utf8_lossy(&answer[..read]);
    let status = status_line
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok());
    status.unwrap_or_else(|| panic!("no status in {status_line:?}"))
}

fn receiver() -> Receiver {
    Receiver::new(Verifier::new([SECRET])).with_reply_deadline(Duration::from_millis(400))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn events_are_acknowledged_at_once_and_handed_to_the_handler_once() {
    let (url, mut items) = start_slow_app(receiver()).await;
    let body = event("EvHTTP1");
    let started = Instant::now();
    let response = post(&url, &signed_now(JSON, &body), body.clone()).await;
    assert_eq!(response.status(), 200);
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    let incoming = items.recv().await.unwrap();
    assert_eq!(incoming.event_id(), Some("EvHTTP1"));
    assert_eq!(incoming.json().unwrap()["event"]["type"], "app_mention");

    // Slack's retry of the same event: 200, and nothing more for the app.
    let mut retry = signed_now(JSON, &body);
    retry.push(("X-Slack-Retry-Num".into(), "1".into()));
    retry.push(("X-Slack-Retry-Reason".into(), "http_timeout".into()));
    assert_eq!(post(&url, &retry, body).await.status(), 200);
    let next = event("EvHTTP2");
    let mut headers = signed_now(JSON, &next);
    headers.push(("X-Slack-Retry-Num".into(), "3".into()));
    assert_eq!(post(&url, &headers, next).await.status(), 200);
    let incoming = items.recv().await.unwrap();
    assert_eq!(
        incoming.event_id(),
        Some("EvHTTP2"),
        "EvHTTP1's retry was not handed over"
    );
    assert_eq!(incoming.retry.as_ref().map(|retry| retry.num), Some(3));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn url_verification_and_refusals_over_http() {
    let (url, mut items) = start_slow_app(receiver()).await;
    let body = r#"{"token":"t","challenge":"ch-42","type":"url_verification"}"#;
    let response = post(&url, &signed_now(JSON, body), body).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], JSON);
    let answer: serde_json::Value = serde_json::from_str(&response.text().await.unwrap()).unwrap();
    assert_eq!(answer, json!({"challenge": "ch-42"}));

    let event = event("EvHTTP3");
    let forged = signed_with("not-the-secret", now_secs(), JSON, event.as_bytes());
    assert_eq!(post(&url, &forged, event.clone()).await.status(), 401);
    let stale = signed_with(SECRET, now_secs() - 600, JSON, event.as_bytes());
    assert_eq!(post(&url, &stale, event.clone()).await.status(), 401);
    let unsigned = vec![("Content-Type".to_owned(), JSON.to_owned())];
    assert_eq!(post(&url, &unsigned, event.clone()).await.status(), 401);
    let get = reqwest::Client::new().get(&url).send().await.unwrap();
    assert_eq!(get.status(), 405);
    assert!(items.try_recv().is_err(), "nothing refused reaches the app");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_interaction_gets_the_apps_reply_or_an_empty_200_if_it_gives_none() {
    let receiver = receiver().with_reply_deadline(Duration::from_secs(10));
    let url = start(receiver, |incoming: Incoming| async move {
        if let Kind::Interaction(payload) = &incoming.kind {
            if payload["type"] == "view_submission" {
                let errors = json!({"response_action": "errors", "errors": {"b": "Too short"}});
                incoming.respond(Response::json(&errors));
            }
            // Anything else: no reply, the server sends the fallback.
        }
    })
    .await;
    let body = payload_form(&json!({"type": "view_submission", "view": {"id": "V1"}}));
    let response = post(&url, &signed_now(FORM, &body), body).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], JSON);
    let answer: serde_json::Value = serde_json::from_str(&response.text().await.unwrap()).unwrap();
    assert_eq!(answer["response_action"], "errors");

    let body = payload_form(&json!({"type": "block_actions", "actions": []}));
    let started = Instant::now();
    let response = post(&url, &signed_now(FORM, &body), body).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.text().await.unwrap(), "");
    // The handler returned without replying: no need to wait for the deadline.
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_reply_is_replaced_by_an_empty_200_at_the_deadline() {
    let late = Arc::new(AtomicUsize::new(0));
    let seen = late.clone();
    let url = start(receiver(), move |incoming: Incoming| {
        let late = seen.clone();
        async move {
            tokio::time::sleep(Duration::from_secs(3)).await;
            if !incoming.respond(Response::text("too late")) {
                late.fetch_add(1, Ordering::SeqCst);
            }
        }
    })
    .await;
    let body = "command=%2Fslow&text=x&user_id=U1";
    let started = Instant::now();
    let response = post(&url, &signed_now(FORM, body), body).await;
    let elapsed = started.elapsed();
    assert_eq!(response.status(), 200);
    assert_eq!(response.text().await.unwrap(), "");
    assert!(elapsed >= Duration::from_millis(390), "{elapsed:?}");
    assert!(elapsed < Duration::from_millis(2500), "{elapsed:?}");
    for _ in 0..100 {
        if late.load(Ordering::SeqCst) == 1 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("respond did not say that the late reply was not sent");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slash_command_reply_over_http() {
    let url = start(receiver(), |incoming: Incoming| async move {
        if let Kind::SlashCommand(fields) = &incoming.kind {
            let text = fields.get("text").map_or("", String::as_str);
            incoming.respond(Response::text(format!("weather for {text}")));
        }
    })
    .await;
    let body = "command=%2Fweather&text=94070&user_id=U1&response_url=https%3A%2F%2Fexample.com";
    let response = post(&url, &signed_now(FORM, body), body).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.text().await.unwrap(), "weather for 94070");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_over_one_mib_gets_413_over_http() {
    let (url, mut items) = start_slow_app(receiver()).await;
    // A Content-Length over 1 MiB is answered at once, before a byte of the body is sent
    // (sent whole, the body races the server's close: a client may see a broken pipe
    // instead of the answer).
    let body = " ".repeat(DEFAULT_MAX_BODY + 1);
    assert_eq!(
        status_before_body(&url, &signed_now(JSON, &body), body.len()).await,
        413
    );
    // One MiB exactly is read (and is JSON whitespace only, so 400 once verified).
    let body = " ".repeat(DEFAULT_MAX_BODY);
    let response = post(&url, &signed_now(JSON, &body), body).await;
    assert_eq!(response.status(), 400);
    assert!(items.try_recv().is_err());
}

/// A body of `chunks` chunks of 64 KiB that counts how many were read.
fn counted_body(chunks: usize) -> (Body, Arc<AtomicUsize>) {
    let read = Arc::new(AtomicUsize::new(0));
    let counter = read.clone();
    let chunk = Bytes::from(vec![b' '; 64 * 1024]);
    let body = stream::iter((0..chunks).map(move |_| {
        counter.fetch_add(1, Ordering::SeqCst);
        Ok::<_, std::io::Error>(chunk.clone())
    }));
    (Body::from_stream(body), read)
}

#[tokio::test]
async fn an_oversize_body_is_refused_before_it_is_read_whole() {
    let receiver = receiver();
    let handler = |_: Incoming| async {};
    // No Content-Length (as chunked): read until it passes the limit, then refused.
    let (body, read) = counted_body(64); // 4 MiB
    let request = axum::http::Request::post("/slack/events")
        .body(body)
        .unwrap();
    let response = slack_events::axum::handle(&receiver, &handler, request).await;
    assert_eq!(response.status(), 413);
    assert_eq!(
        read.load(Ordering::SeqCst),
        17,
        "16 chunks make 1 MiB, the 17th is over"
    );
    // A Content-Length over the limit: refused before a byte is read.
    let (body, read) = counted_body(64);
    let request = axum::http::Request::post("/slack/events")
        .header("content-length", (64 * 64 * 1024).to_string())
        .body(body)
        .unwrap();
    let response = slack_events::axum::handle(&receiver, &handler, request).await;
    assert_eq!(response.status(), 413);
    assert_eq!(read.load(Ordering::SeqCst), 0);
}

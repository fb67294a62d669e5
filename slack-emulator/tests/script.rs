//! Scripting and inspection of the emulator: scripted answers and faults reach this crate's
//! client as its typed errors; calls are recorded; reset restores the workspace; the same
//! over HTTP (`/_emulator/…`).

use std::time::{Duration, Instant};

use serde_json::json;
use slack_api::{Client, Error, ErrorCode as _, RetryPolicy};
use slack_emulator::{Emulator, Script, BOT_USER_ID, GENERAL_ID};

fn client(emulator: &Emulator, retries: RetryPolicy) -> Client {
    Client::builder(emulator.tokens().bot.clone())
        .base_url(emulator.base_url())
        .retry_policy(retries)
        // Scripted answers and the calls received, exactly: no pacing (nor its `auth.test`).
        .pacing(false)
        .build()
        .expect("a client")
}

fn count(emulator: &Emulator, method: &str) -> usize {
    emulator
        .calls()
        .iter()
        .filter(|c| c.method == method)
        .count()
}

#[tokio::test]
async fn a_scripted_error_comes_n_times_then_the_behaviour_resumes() {
    let emulator = Emulator::start().await.unwrap();
    let bot = client(&emulator, RetryPolicy::never());
    emulator.script(
        "chat.postMessage",
        Script::error("channel_not_found").times(2),
    );
    for _ in 0..2 {
        let err = bot
            .chat_post_message(GENERAL_ID)
            .text("hi")
            .await
            .unwrap_err();
        assert_eq!(err.code().map(|c| c.code()), Some("channel_not_found"));
    }
    bot.chat_post_message(GENERAL_ID)
        .text("hi")
        .await
        .expect("the behaviour again");
    let history = bot.conversations_history(GENERAL_ID).await.unwrap();
    assert_eq!(history.messages.len(), 1, "only the third post took effect");
}

#[tokio::test]
async fn a_scripted_success_body_is_decoded_and_always_holds() {
    let emulator = Emulator::start().await.unwrap();
    let bot = client(&emulator, RetryPolicy::never());
    emulator.script(
        "auth.test",
        Script::ok(json!({
            "url": "https://scripted.slack.com/", "team": "Scripted", "user": "someone",
            "team_id": "T999", "user_id": "U999",
        }))
        .always(),
    );
    for _ in 0..3 {
        let who = bot.auth_test().await.unwrap();
        assert_eq!(who.user_id.as_deref(), Some("U999"));
    }
}

#[tokio::test]
async fn a_429_with_retry_after_is_retried_by_the_client() {
    let emulator = Emulator::start().await.unwrap();
    emulator.script("auth.test", Script::rate_limited(1));
    let bot = client(&emulator, RetryPolicy::default());
    let started = Instant::now();
    let who = bot.auth_test().await.expect("retried after the 429");
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "waited Retry-After"
    );
    assert_eq!(who.user_id.as_deref(), Some(BOT_USER_ID));
    assert_eq!(count(&emulator, "auth.test"), 2);

    // Without retries, the client's typed error with the server's Retry-After.
    emulator.script("auth.test", Script::rate_limited(7));
    let once = client(&emulator, RetryPolicy::never());
    match once.auth_test().await {
        Err(Error::RateLimited { retry_after, .. }) => {
            assert_eq!(retry_after, Some(Duration::from_secs(7)))
        }
        other => panic!("expected RateLimited, got {other:?}"),
    }
}

#[tokio::test]
async fn latency_is_seen_and_meets_the_client_timeout() {
    let emulator = Emulator::start().await.unwrap();
    emulator.script("auth.test", Script::latency(Duration::from_millis(400)));
    let bot = client(&emulator, RetryPolicy::never());
    let started = Instant::now();
    bot.auth_test().await.expect("the behaviour, late");
    assert!(started.elapsed() >= Duration::from_millis(400));

    emulator.script("auth.test", Script::latency(Duration::from_secs(5)));
    let hasty = Client::builder(emulator.tokens().bot.clone())
        .base_url(emulator.base_url())
        .retry_policy(RetryPolicy::never())
        .timeout(Duration::from_millis(200))
        .pacing(false)
        .build()
        .unwrap();
    match hasty.auth_test().await {
        Err(Error::Timeout { .. }) => {}
        other => panic!("expected Timeout, got {other:?}"),
    }
}

#[tokio::test]
async fn each_fault_is_a_typed_error() {
    let emulator = Emulator::start().await.unwrap();
    let bot = client(&emulator, RetryPolicy::never());

    emulator.script("auth.test", Script::status(503));
    match bot.auth_test().await {
        Err(Error::Http { status: 503, .. }) => {}
        other => panic!("503: {other:?}"),
    }

    emulator.script("auth.test", Script::html(502));
    match bot.auth_test().await {
        Err(Error::Http {
            status: 502,
            excerpt,
            ..
        }) => assert!(excerpt.contains("<html>"), "{excerpt}"),
        other => panic!("HTML 502: {other:?}"),
    }

    emulator.script("auth.test", Script::html(200));
    match bot.auth_test().await {
        Err(Error::Decode { excerpt, .. }) => assert!(excerpt.contains("<html>"), "{excerpt}"),
        other => panic!("HTML 200: {other:?}"),
    }

    emulator.script("auth.test", Script::drop_connection());
    match bot.auth_test().await {
        Err(Error::Transport { .. }) => {}
        other => panic!("dropped: {other:?}"),
    }

    emulator.script("auth.test", Script::truncated());
    match bot.auth_test().await {
        Err(Error::Transport { .. }) => {}
        other => panic!("truncated: {other:?}"),
    }

    // The server still serves afterwards.
    bot.auth_test().await.expect("served again");
}

/// The truncated fault really sends the start of a body, then stops short of its declared
/// `Content-Length` (read over a raw connection).
#[tokio::test]
async fn a_truncated_body_starts_then_stops_short_of_its_length() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let emulator = Emulator::start().await.unwrap();
    emulator.script("auth.test", Script::truncated());
    let mut tcp = tokio::net::TcpStream::connect(emulator.addr())
        .await
        .unwrap();
    tcp.write_all(b"POST /api/auth.test HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")
        .await
        .unwrap();
    let mut got = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(5), tcp.read_to_end(&mut got)).await;
    assert!(read.is_ok(), "the connection ends");
    let text = String::from_utf8_lossy(&got);
    let (head, body) = text.split_once("\r\n\r\n").expect("a head came");
    assert!(
        head.to_ascii_lowercase().contains("content-length: 1000"),
        "{head}"
    );
    assert!(
        body.starts_with("{\"ok\": true"),
        "the body started: {body:?}"
    );
    assert!(body.len() < 1000, "and stopped short: {} bytes", body.len());
}

#[tokio::test]
async fn calls_show_what_the_client_sent_without_the_token() {
    let emulator = Emulator::start().await.unwrap();
    let bot = client(&emulator, RetryPolicy::never());
    bot.chat_post_message(GENERAL_ID)
        .text("hello")
        .await
        .unwrap();
    bot.auth_test().await.unwrap();

    let calls = emulator.calls();
    assert_eq!(calls.len(), 2);
    let post = &calls[0];
    assert_eq!(post.method, "chat.postMessage");
    assert_eq!(post.http_method, "POST");
    assert!(post.content_type.is_some());
    assert_eq!(post.args["channel"], GENERAL_ID);
    assert_eq!(post.args["text"], "hello");
    let token = post.token.as_ref().expect("a token came");
    assert_eq!(token.token_type.as_deref(), Some("bot"));
    assert_eq!(token.user_id.as_deref(), Some(BOT_USER_ID));
    assert_eq!(calls[1].method, "auth.test");
    let all = format!("{calls:?}");
    assert!(!all.contains(&emulator.tokens().bot), "no token recorded");
}

#[tokio::test]
async fn reset_restores_the_workspace_and_clears_calls_and_scripts() {
    let emulator = Emulator::start().await.unwrap();
    let bot = client(&emulator, RetryPolicy::never());
    bot.chat_post_message(GENERAL_ID)
        .text("before")
        .await
        .unwrap();
    emulator.revoke(&emulator.tokens().user);
    emulator.script("auth.test", Script::error("invalid_auth").always());

    emulator.reset();
    assert!(emulator.calls().is_empty());
    bot.auth_test().await.expect("the script is gone");
    let history = bot.conversations_history(GENERAL_ID).await.unwrap();
    assert!(history.messages.is_empty(), "the post is gone");
    let user = Client::builder(emulator.tokens().user.clone())
        .base_url(emulator.base_url())
        .pacing(false)
        .build()
        .unwrap();
    user.auth_test().await.expect("the token is back");
}

#[tokio::test]
async fn the_http_endpoints_script_list_and_reset() {
    let emulator = Emulator::start().await.unwrap();
    let root = format!("http://{}", emulator.addr());
    let http = reqwest::Client::new();
    let bot = client(&emulator, RetryPolicy::never());

    let scripted = http
        .post(format!("{root}/_emulator/script"))
        .body(json!({"method": "chat.postMessage", "error": "is_archived", "times": 1}).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(scripted.status(), 200);
    let err = bot
        .chat_post_message(GENERAL_ID)
        .text("x")
        .await
        .unwrap_err();
    assert_eq!(err.code().map(|c| c.code()), Some("is_archived"));
    bot.chat_post_message(GENERAL_ID)
        .text("y")
        .await
        .expect("once only");

    let bad = http
        .post(format!("{root}/_emulator/script"))
        .body(json!({"error": "is_archived"}).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 400, "no method");

    let calls = http
        .get(format!("{root}/_emulator/calls"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let calls: serde_json::Value = serde_json::from_str(&calls).unwrap();
    let calls = calls["calls"].as_array().expect("calls");
    assert_eq!(calls.len(), 2);
    assert_eq!(calls[1]["args"]["text"], "y");
    assert_eq!(calls[1]["token"]["token_type"], "bot");

    let reset = http
        .post(format!("{root}/_emulator/reset"))
        .send()
        .await
        .unwrap();
    assert_eq!(reset.status(), 200);
    assert!(emulator.calls().is_empty());
    let history = bot.conversations_history(GENERAL_ID).await.unwrap();
    assert!(history.messages.is_empty());
}

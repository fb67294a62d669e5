//! Rate limits as Slack applies them, against this crate's client: per workspace and method
//! at the method's tier, `chat.postMessage` per channel, answered HTTP 429 with
//! `Retry-After`; the client's retry policy waits and gets through; a time scale and an off
//! switch.

use std::time::{Duration, Instant};

use slack_api::{Client, Error, RetryPolicy};
use slack_emulator::{Emulator, RateLimits, GENERAL_ID, RANDOM_ID};

/// A client that returns a 429 at once, to see it.
fn impatient(emulator: &Emulator) -> Client {
    Client::builder(emulator.tokens().bot.clone())
        .base_url(emulator.base_url())
        .retry_policy(RetryPolicy::never())
        // These tests check the emulator's own limits: the client must not pace.
        .pacing(false)
        .build()
        .expect("a client")
}

/// A client with the default retry policy (waits for `Retry-After`).
fn patient(emulator: &Emulator) -> Client {
    Client::builder(emulator.tokens().bot.clone())
        .base_url(emulator.base_url())
        .pacing(false)
        .build()
        .expect("a client")
}

/// The `Retry-After` of a rate-limited call, or a panic naming what came instead.
fn retry_after<T: std::fmt::Debug, E: slack_api::ErrorCode + std::fmt::Debug>(
    result: Result<T, Error<E>>,
) -> Duration {
    match result {
        Err(Error::RateLimited { retry_after, .. }) => retry_after.expect("a Retry-After"),
        other => panic!("expected ratelimited, got {other:?}"),
    }
}

/// Calls `conversations.list` (Tier 2: 20 per minute) 20 times, every one passing.
async fn use_up_conversations_list(client: &Client) {
    for i in 0..20 {
        client
            .conversations_list()
            .await
            .unwrap_or_else(|e| panic!("call {i} of 20: {e}"));
    }
}

#[tokio::test]
async fn a_burst_past_a_tier_gets_429_with_retry_after_and_the_client_waits_and_succeeds() {
    // On by default, with Slack's numbers.
    let emulator = Emulator::start().await.unwrap();
    assert_eq!(emulator.rate_limits(), RateLimits::slack());
    let impatient = impatient(&emulator);
    use_up_conversations_list(&impatient).await;
    // The 21st within the minute: 20 per minute is one every 3 seconds.
    let wait = retry_after(impatient.conversations_list().await);
    assert_eq!(wait, Duration::from_secs(3));

    // On the wire: HTTP 429, `Retry-After` in whole seconds, Slack's body.
    let raw = reqwest::Client::new()
        .post(format!("{}conversations.list", emulator.base_url()))
        .bearer_auth(&emulator.tokens().bot)
        .send()
        .await
        .unwrap();
    assert_eq!(raw.status(), 429);
    let header = raw.headers()["retry-after"].to_str().unwrap().to_owned();
    let seconds: u64 = header.parse().expect("whole seconds");
    assert!((1..=3).contains(&seconds), "Retry-After: {header}");
    let body: serde_json::Value = serde_json::from_slice(&raw.bytes().await.unwrap()).unwrap();
    assert_eq!(
        body,
        serde_json::json!({"ok": false, "error": "ratelimited"})
    );

    // The default retry policy waits as told and gets through.
    let started = Instant::now();
    patient(&emulator)
        .conversations_list()
        .await
        .expect("through after waiting");
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "waited {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn chat_post_message_is_limited_per_channel() {
    let emulator = Emulator::start().await.unwrap();
    let bot = impatient(&emulator);
    // 1 per second per channel, a short burst allowed: three at once pass, the fourth not.
    for i in 0..3 {
        bot.chat_post_message(GENERAL_ID)
            .text(format!("burst {i}"))
            .await
            .unwrap_or_else(|e| panic!("post {i}: {e}"));
    }
    let wait = retry_after(bot.chat_post_message(GENERAL_ID).text("one too many").await);
    assert_eq!(wait, Duration::from_secs(1));
    // Another channel counts on its own.
    bot.chat_post_message(RANDOM_ID)
        .text("elsewhere")
        .await
        .expect("another channel is not limited");
    // After the wait, the channel takes a post again (the client waits by itself).
    patient(&emulator)
        .chat_post_message(GENERAL_ID)
        .text("later")
        .await
        .expect("through after waiting");
}

#[tokio::test]
async fn limits_per_method_are_independent() {
    let emulator = Emulator::start().await.unwrap();
    let bot = impatient(&emulator);
    use_up_conversations_list(&bot).await;
    retry_after(bot.conversations_list().await);
    // users.list is Tier 2 as well, with a count of its own; team.info is Tier 3.
    for _ in 0..20 {
        bot.users_list()
            .await
            .expect("users.list has its own count");
    }
    bot.team_info().await.expect("team.info has its own count");
    retry_after(bot.users_list().await);
    // auth.test: "hundreds of requests per minute", no number: not limited.
    for _ in 0..200 {
        bot.auth_test().await.expect("auth.test is not limited");
    }
}

#[tokio::test]
async fn a_scaled_minute_and_the_off_switch() {
    let emulator = Emulator::start().await.unwrap();
    let bot = impatient(&emulator);
    use_up_conversations_list(&bot).await;
    retry_after(bot.conversations_list().await);

    // Off: no limit, however many calls.
    emulator.set_rate_limits(RateLimits::off());
    for _ in 0..100 {
        bot.conversations_list().await.expect("no limits");
    }

    // A "minute" of 1.2 s: Tier 2 is 20 per 1.2 s, so a 60 ms pace after the burst;
    // `Retry-After` stays whole seconds, at least 1.
    emulator.set_rate_limits(RateLimits::scaled(Duration::from_millis(1200)));
    let mut passed = 0;
    let wait = loop {
        match bot.conversations_list().await {
            Ok(_) => passed += 1,
            other => break retry_after(other),
        }
        assert!(passed < 200, "never limited");
    };
    assert!(passed >= 20, "only {passed} passed");
    assert_eq!(wait, Duration::from_secs(1));
    // After a scaled minute the whole allowance is back (on a real minute, it would not be).
    tokio::time::sleep(Duration::from_millis(1300)).await;
    use_up_conversations_list(&bot).await;
}

//! Retries over real HTTP: rate limits and `Retry-After`, server errors for idempotent and
//! other methods, the policy's caps, connection failures, timeouts, and a dropped call.
//!
//! Against the emulator, whose answers are scripted per method (HTTP 429 with `Retry-After`
//! in whole seconds, a 5xx, a dropped connection, latency) ahead of its usual answer; its
//! recorded calls show what was sent, and how often. A `Retry-After` no emulator sends
//! (missing, garbage, an HTTP date, past `u64`) and a body that stalls after its head come
//! from the raw scripted server of `support`.

#![allow(deprecated)] // apps.permissions.users.request is deprecated, and tested all the same.

mod support;

use std::time::{Duration, Instant};

use serde_json::json;
use slack_api::{Client, Error, RetryPolicy};
use slack_emulator::{Emulator, Script};
use support::emu::{self, calls_of};
use support::{bounded, builder, client, fast_policy, Reply, Server};

const LOOKUP_OK: &str = r#"{"ok":true,"permissions":{"FTT01":{"permission":"everyone"}}}"#;
const LOOKUP: &str = "admin.workflows.triggers.types.permissions.lookup";
const REQUEST: &str = "apps.permissions.users.request";

fn client_with(server: &Server, policy: RetryPolicy) -> Client {
    builder(server).retry_policy(policy).build().unwrap()
}

fn emu_client_with(emulator: &Emulator, policy: RetryPolicy) -> Client {
    emu::builder(emulator).retry_policy(policy).build().unwrap()
}

/// A lookup's success with one permission (the emulator's own answer has none): the answer
/// of the try that got through, not of an earlier one.
fn lookup_ok() -> Script {
    Script::ok(json!({"permissions": {"FTT01": {"permission": "everyone"}}}))
}

/// How many calls of `method` the emulator received.
fn count(emulator: &Emulator, method: &str) -> usize {
    calls_of(emulator, method).len()
}

// ---------------------------------------------------------------------------------------
// HTTP 429
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn rate_limited_then_success_retries_the_same_request() {
    let emulator = emu::start().await;
    emulator.script(LOOKUP, Script::rate_limited(0));
    emulator.script(LOOKUP, lookup_ok());
    let client = emu::client(&emulator);
    let response = bounded(client.admin_workflows_triggers_types_permissions_lookup(["FTT01"]))
        .await
        .expect("the retry succeeds");
    assert_eq!(response.permissions.len(), 1);

    let calls = calls_of(&emulator, LOOKUP);
    assert_eq!(calls.len(), 2);
    assert_eq!(calls[0], calls[1]);
    assert_eq!(calls[1].http_method, "POST");
    assert_eq!(
        calls[1].content_type.as_deref(),
        Some("application/json; charset=utf-8")
    );
    assert_eq!(calls[1].args, json!({"trigger_type_ids": ["FTT01"]}));
}

#[tokio::test]
async fn retry_after_is_waited_for_even_by_a_method_that_is_not_idempotent() {
    let emulator = emu::start().await;
    emulator.script(REQUEST, Script::rate_limited(1));
    let client = emu::client(&emulator);
    let start = Instant::now();
    bounded(client.apps_permissions_users_request(["a"], "1.2", "U1"))
        .await
        .expect("the retry succeeds");
    let elapsed = start.elapsed();
    assert!(elapsed >= Duration::from_secs(1), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(3), "{elapsed:?}");
    assert_eq!(count(&emulator, REQUEST), 2);
}

#[tokio::test]
async fn rate_limited_without_retry_after_waits_the_default() {
    // No header, and a header that is neither a number of seconds nor an HTTP date.
    for reply in [
        Reply::rate_limited(None),
        Reply::rate_limited(Some("Wed, 21 Oct 2015 07:28:00 CEST")),
    ] {
        let server = Server::start([reply, Reply::json(LOOKUP_OK)]).await;
        let mut policy = fast_policy();
        policy.default_retry_after = Duration::from_millis(300);
        let client = client_with(&server, policy);
        let start = Instant::now();
        bounded(client.admin_workflows_triggers_types_permissions_lookup(["FTT01"]))
            .await
            .expect("the retry succeeds");
        let elapsed = start.elapsed();
        assert!(elapsed >= Duration::from_millis(300), "{elapsed:?}");
        assert!(elapsed < Duration::from_secs(3), "{elapsed:?}");
        assert_eq!(server.request_count(), 2);
    }
}

#[tokio::test]
async fn rate_limited_is_returned_at_once_when_retrying_it_is_off() {
    let emulator = emu::start().await;
    emulator.script(LOOKUP, Script::rate_limited(7));
    let mut policy = fast_policy();
    policy.retry_rate_limited = false;
    let client = emu_client_with(&emulator, policy);
    let start = Instant::now();
    let err = bounded(client.admin_workflows_triggers_types_permissions_lookup(["FTT01"]))
        .await
        .unwrap_err();
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "{:?}",
        start.elapsed()
    );
    match &err {
        Error::RateLimited {
            method,
            retry_after,
        } => {
            assert_eq!(method, LOOKUP);
            assert_eq!(*retry_after, Some(Duration::from_secs(7)));
        }
        other => panic!("expected RateLimited, got {other:?}"),
    }
    assert_eq!(err.retry_after(), Some(Duration::from_secs(7)));
    assert!(err.is_transient());
    assert_eq!(
        err.to_string(),
        format!("{LOOKUP}: rate limited (retry after 7s)")
    );
    assert_eq!(count(&emulator, LOOKUP), 1);
}

#[tokio::test]
async fn rate_limits_stop_at_max_attempts() {
    let emulator = emu::start().await;
    // A fourth try would succeed.
    emulator.script(LOOKUP, Script::rate_limited(0).times(3));
    let client = emu::client(&emulator); // max_attempts: 3
    let err = bounded(client.admin_workflows_triggers_types_permissions_lookup(["FTT01"]))
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::RateLimited { retry_after: Some(d), .. } if d == Duration::ZERO),
        "{err:?}"
    );
    assert_eq!(count(&emulator, LOOKUP), 3);
}

#[tokio::test]
async fn a_retry_after_beyond_max_total_wait_is_returned_at_once() {
    let emulator = emu::start().await;
    emulator.script(LOOKUP, Script::rate_limited(5));
    let mut policy = fast_policy();
    policy.max_total_wait = Duration::from_secs(2);
    let client = emu_client_with(&emulator, policy);
    let start = Instant::now();
    let err = bounded(client.admin_workflows_triggers_types_permissions_lookup(["FTT01"]))
        .await
        .unwrap_err();
    assert!(
        start.elapsed() < Duration::from_secs(1),
        "{:?}",
        start.elapsed()
    );
    assert!(
        matches!(err, Error::RateLimited { retry_after: Some(d), .. } if d == Duration::from_secs(5)),
        "{err:?}"
    );
    assert_eq!(count(&emulator, LOOKUP), 1);
}

#[tokio::test]
async fn max_total_wait_counts_every_wait_of_the_call() {
    // Waits of 1 s each under a 1.5 s budget: one retry, not two (a third try would
    // succeed).
    let emulator = emu::start().await;
    emulator.script(LOOKUP, Script::rate_limited(1).times(2));
    let mut policy = fast_policy();
    policy.max_attempts = 5;
    policy.max_total_wait = Duration::from_millis(1500);
    let client = emu_client_with(&emulator, policy);
    let err = bounded(client.admin_workflows_triggers_types_permissions_lookup(["FTT01"]))
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::RateLimited { retry_after: Some(d), .. } if d == Duration::from_secs(1)),
        "{err:?}"
    );
    assert_eq!(count(&emulator, LOOKUP), 2);
}

#[tokio::test]
async fn dropping_the_call_stops_the_wait_and_the_retry() {
    let emulator = emu::start().await;
    emulator.script(LOOKUP, Script::rate_limited(1));
    let client = emu::client(&emulator);
    let call = client
        .admin_workflows_triggers_types_permissions_lookup(["FTT01"])
        .send();
    let outcome = tokio::time::timeout(Duration::from_millis(200), call).await;
    assert!(
        outcome.is_err(),
        "the call should still be waiting: {outcome:?}"
    );
    assert_eq!(count(&emulator, LOOKUP), 1);
    // Past the moment the retry would have been sent, had anything kept the call going.
    tokio::time::sleep(Duration::from_millis(1300)).await;
    assert_eq!(count(&emulator, LOOKUP), 1);
}

// ---------------------------------------------------------------------------------------
// Server errors
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn a_server_error_is_retried_for_an_idempotent_method() {
    let emulator = emu::start().await;
    emulator.script(LOOKUP, Script::status(500));
    emulator.script(LOOKUP, lookup_ok());
    let client = emu::client(&emulator);
    let response = bounded(client.admin_workflows_triggers_types_permissions_lookup(["FTT01"]))
        .await
        .expect("the retry succeeds");
    assert_eq!(response.permissions.len(), 1);
    assert_eq!(count(&emulator, LOOKUP), 2);
}

#[tokio::test]
async fn server_errors_stop_at_max_attempts() {
    let emulator = emu::start().await;
    // The last of three, a 503, is the error; a fourth try would succeed.
    for status in [500, 502, 503] {
        emulator.script(LOOKUP, Script::status(status));
    }
    let client = emu::client(&emulator);
    let err = bounded(client.admin_workflows_triggers_types_permissions_lookup(["FTT01"]))
        .await
        .unwrap_err();
    match &err {
        Error::Http {
            method,
            status,
            excerpt,
        } => {
            assert_eq!(method, LOOKUP);
            assert_eq!(*status, 503);
            assert_eq!(excerpt, "emulated HTTP 503");
        }
        other => panic!("expected Http, got {other:?}"),
    }
    assert!(err.is_transient());
    assert_eq!(count(&emulator, LOOKUP), 3);
}

#[tokio::test]
async fn a_server_error_is_not_retried_for_a_method_that_is_not_idempotent() {
    let emulator = emu::start().await;
    emulator.script(REQUEST, Script::status(500));
    let client = emu::client(&emulator);
    let err = bounded(client.apps_permissions_users_request(["a"], "1.2", "U1"))
        .await
        .unwrap_err();
    match &err {
        Error::Http {
            method,
            status,
            excerpt,
        } => {
            assert_eq!(method, REQUEST);
            assert_eq!(*status, 500);
            assert_eq!(excerpt, "emulated HTTP 500");
        }
        other => panic!("expected Http, got {other:?}"),
    }
    assert_eq!(
        err.to_string(),
        format!("{REQUEST}: HTTP 500: emulated HTTP 500")
    );
    assert_eq!(count(&emulator, REQUEST), 1);
}

#[tokio::test]
async fn retry_writes_retries_a_method_that_is_not_idempotent() {
    let emulator = emu::start().await;
    emulator.script(REQUEST, Script::status(500));
    let mut policy = fast_policy();
    policy.retry_writes = true;
    let client = emu_client_with(&emulator, policy);
    bounded(client.apps_permissions_users_request(["a"], "1.2", "U1"))
        .await
        .expect("the retry succeeds");
    assert_eq!(count(&emulator, REQUEST), 2);
}

#[tokio::test]
async fn a_client_error_status_is_never_retried() {
    let emulator = emu::start().await;
    emulator.script(LOOKUP, Script::status(404));
    let client = emu::client(&emulator);
    let err = bounded(client.admin_workflows_triggers_types_permissions_lookup(["FTT01"]))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Http { status: 404, excerpt, .. } if excerpt == "emulated HTTP 404"),
        "{err:?}"
    );
    assert!(!err.is_transient());
    assert_eq!(count(&emulator, LOOKUP), 1);
}

#[tokio::test]
async fn never_policy_sends_once() {
    let emulator = emu::start().await;
    emulator.script(LOOKUP, Script::rate_limited(0));
    let client = emu_client_with(&emulator, RetryPolicy::never());
    let err = bounded(client.admin_workflows_triggers_types_permissions_lookup(["FTT01"]))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::RateLimited { .. }), "{err:?}");
    assert_eq!(count(&emulator, LOOKUP), 1);
}

// ---------------------------------------------------------------------------------------
// Connections and timeouts
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn connection_refused_is_a_transport_error() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    }; // dropped: nothing listens there any more
    let client = Client::builder(support::TOKEN)
        .base_url(format!("http://127.0.0.1:{port}/api/"))
        .retry_policy(fast_policy())
        .build()
        .unwrap();
    let lookup = bounded(client.admin_workflows_triggers_types_permissions_lookup(["FTT01"]))
        .await
        .unwrap_err();
    assert!(matches!(lookup, Error::Transport { .. }), "{lookup:?}");
    assert!(lookup.is_transient());
    assert_eq!(lookup.method(), LOOKUP);
    let request = bounded(client.apps_permissions_users_request(["a"], "1.2", "U1"))
        .await
        .unwrap_err();
    assert!(matches!(request, Error::Transport { .. }), "{request:?}");
    let shown = format!("{lookup} {lookup:?} {request} {request:?}");
    assert!(!shown.contains(support::TOKEN), "{shown}");
}

#[tokio::test]
async fn a_connection_closed_without_an_answer_is_retried_only_when_idempotent() {
    let emulator = emu::start().await;
    emulator.script(LOOKUP, Script::drop_connection());
    emulator.script(REQUEST, Script::drop_connection());
    let client = emu::client(&emulator);
    bounded(client.admin_workflows_triggers_types_permissions_lookup(["FTT01"]))
        .await
        .expect("the retry succeeds");
    assert_eq!(count(&emulator, LOOKUP), 2);

    let err = bounded(client.apps_permissions_users_request(["a"], "1.2", "U1"))
        .await
        .unwrap_err();
    match &err {
        Error::Transport { method, .. } => assert_eq!(method, REQUEST),
        other => panic!("expected Transport, got {other:?}"),
    }
    assert_eq!(count(&emulator, REQUEST), 1);
}

#[tokio::test]
async fn a_slow_answer_is_a_timeout() {
    let emulator = emu::start().await;
    emulator.script(REQUEST, Script::latency(Duration::from_secs(3)));
    let client = emu::builder(&emulator)
        .timeout(Duration::from_millis(150))
        .build()
        .unwrap();
    let start = Instant::now();
    let err = bounded(client.apps_permissions_users_request(["a"], "1.2", "U1"))
        .await
        .unwrap_err();
    let elapsed = start.elapsed();
    match &err {
        Error::Timeout { method } => assert_eq!(method, REQUEST),
        other => panic!("expected Timeout, got {other:?}"),
    }
    assert_eq!(err.to_string(), format!("{REQUEST}: timed out"));
    assert!(err.is_transient());
    assert!(elapsed >= Duration::from_millis(150), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(2), "{elapsed:?}");
    assert_eq!(count(&emulator, REQUEST), 1);
}

#[tokio::test]
async fn a_body_that_stalls_is_a_timeout() {
    let server =
        Server::start([Reply::json(r#"{"ok":true}"#).body_delay(Duration::from_secs(3))]).await;
    let client = builder(&server)
        .timeout(Duration::from_millis(150))
        .build()
        .unwrap();
    let start = Instant::now();
    let err = bounded(client.apps_permissions_users_request(["a"], "1.2", "U1"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(server.request_count(), 1);
}

#[tokio::test]
async fn a_timeout_is_retried_for_an_idempotent_method() {
    let emulator = emu::start().await;
    emulator.script(LOOKUP, Script::latency(Duration::from_secs(3)));
    let client = emu::builder(&emulator)
        .timeout(Duration::from_millis(150))
        .build()
        .unwrap();
    let start = Instant::now();
    bounded(client.admin_workflows_triggers_types_permissions_lookup(["FTT01"]))
        .await
        .expect("the retry succeeds");
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(count(&emulator, LOOKUP), 2);
}

// ---------------------------------------------------------------------------------------
// Retry-After values a server may send: huge, an HTTP date, garbage
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn a_huge_retry_after_after_a_wait_is_an_error_not_a_panic() {
    // The issue's case: 1 s waited, then a wait of u64::MAX seconds, whose sum with the first
    // overflowed `Duration` and panicked.
    let emulator = emu::start().await;
    emulator.script("users.list", Script::rate_limited(1));
    emulator.script("users.list", Script::rate_limited(u64::MAX));
    let mut policy = RetryPolicy::default();
    policy.max_total_wait = Duration::from_secs(5);
    let client = emu_client_with(&emulator, policy);
    let err = bounded(client.users_list()).await.unwrap_err();
    assert!(
        matches!(err, Error::RateLimited { retry_after: Some(d), .. } if d == Duration::from_secs(u64::MAX)),
        "{err:?}"
    );
    assert!(err.to_string().contains("rate limited"), "{err}");
    assert_eq!(count(&emulator, "users.list"), 2);
}

#[tokio::test]
async fn a_retry_after_too_large_for_a_u64_saturates() {
    let server = Server::start([Reply::rate_limited(Some("99999999999999999999999999999"))]).await;
    let client = client(&server);
    let err = bounded(client.users_list()).await.unwrap_err();
    assert_eq!(err.retry_after(), Some(Duration::from_secs(u64::MAX)));
    assert_eq!(server.request_count(), 1);
}

#[tokio::test]
async fn a_retry_after_http_date_in_the_past_retries_at_once() {
    let server = Server::start([
        Reply::rate_limited(Some("Sun, 06 Nov 1994 08:49:37 GMT")),
        Reply::json(r#"{"ok":true,"members":[],"cache_ts":0}"#),
    ])
    .await;
    let mut policy = fast_policy();
    policy.default_retry_after = Duration::from_secs(60); // would time the test out
    let client = client_with(&server, policy);
    bounded(client.users_list())
        .await
        .expect("the retry succeeds");
    assert_eq!(server.request_count(), 2);
}

#[tokio::test]
async fn a_retry_after_http_date_in_the_future_is_the_time_until_then() {
    let server = Server::start([Reply::rate_limited(Some("Fri, 31 Dec 9999 23:59:59 GMT"))]).await;
    let client = client(&server);
    let err = bounded(client.users_list()).await.unwrap_err();
    let wait = err.retry_after().expect("a wait");
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let expected = 253_402_300_799 - now;
    assert!(
        wait.as_secs().abs_diff(expected) <= 5,
        "{wait:?} vs {expected}"
    );
    assert_eq!(server.request_count(), 1);
}

#[tokio::test]
async fn a_garbage_retry_after_is_treated_as_absent() {
    for garbage in ["soon", "-5", "1.5", "Sun, 06 Nov 1994 08:49:37 CET", ""] {
        let server = Server::start([Reply::rate_limited(Some(garbage))]).await;
        let client = client_with(&server, RetryPolicy::never());
        let err = bounded(client.users_list()).await.unwrap_err();
        assert!(
            matches!(
                err,
                Error::RateLimited {
                    retry_after: None,
                    ..
                }
            ),
            "{garbage:?}: {err:?}"
        );
    }
}

//! The fault matrix: a server on 127.0.0.1 that answers badly in every way we could think
//! of. Each case ends in a typed error or a correct result, never a panic or a hang (each
//! call is bounded by a short timeout), and no error, `Debug` output or log line holds the
//! token or any 8 characters of it.
//!
//! Almost all of it needs the raw scripted server of `support`: bytes no HTTP server would
//! write, connections reset or stalled mid-answer, headers and bodies that echo the token.
//! Only what Slack's own front would answer (HTML error pages) comes from the emulator.

mod support;

use std::time::{Duration, Instant};

use futures_util::StreamExt;
use serde_json::json;
use slack_api::methods::{UsersListError, UsersListResponse};
use slack_api::{Client, Error, ErrorCode, RawErrorCode, RetryPolicy};
use slack_emulator::{Emulator, Script};
use support::{assert_no_token, emu, Capture, End, Reply, Server, TOKEN};

const USERS_OK: &str = r#"{"ok":true,"members":[],"cache_ts":0}"#;
/// The client's timeout for each try: a stalled answer must end in about this long.
const TRY_TIMEOUT: Duration = Duration::from_millis(400);
/// The body cap of the matrix's clients.
const CAP: usize = 4096;

/// Retries with waits of a few milliseconds.
fn tiny_policy() -> RetryPolicy {
    let mut policy = RetryPolicy::default();
    policy.max_attempts = 3;
    policy.max_total_wait = Duration::from_secs(2);
    policy.default_retry_after = Duration::from_millis(5);
    policy.base_backoff = Duration::from_millis(1);
    policy.max_backoff = Duration::from_millis(5);
    policy
}

fn client_for(server: &Server, policy: RetryPolicy) -> Client {
    Client::builder(TOKEN)
        .base_url(server.base_url())
        .timeout(TRY_TIMEOUT)
        .connect_timeout(Duration::from_millis(400))
        .max_body_size(CAP)
        .retry_policy(policy)
        // Scripted answers, one per try: no pacing (its `auth.test` would take one).
        .pacing(false)
        .build()
        .unwrap()
}

/// Everything an error shows, in every form: it must never hold a piece of the token.
fn check<E: ErrorCode>(err: &Error<E>) -> String {
    let mut shown = format!("{err}\n{err:?}\n{err:#?}");
    let mut source = std::error::Error::source(err);
    while let Some(s) = source {
        shown.push_str(&format!("\n{s}\n{s:?}"));
        source = s.source();
    }
    assert_no_token(&shown);
    shown
}

/// `users.list` against `replies`, bounded in time; the error, if any, checked for the token.
async fn users(
    replies: Vec<Reply>,
    policy: RetryPolicy,
) -> (Result<UsersListResponse, Error<UsersListError>>, Server) {
    let server = Server::start(replies).await;
    let client = client_for(&server, policy);
    let result = tokio::time::timeout(Duration::from_secs(5), client.users_list())
        .await
        .expect("no hang: the call ends within 5 s");
    if let Err(err) = &result {
        check(err);
    }
    (result, server)
}

/// `users.list` against the emulator, whose next answers to it are `scripts`, as [`users`]
/// against the raw server.
async fn users_answered(
    scripts: impl IntoIterator<Item = Script>,
    policy: RetryPolicy,
) -> (Result<UsersListResponse, Error<UsersListError>>, Emulator) {
    let emulator = emu::start().await;
    for script in scripts {
        emulator.script("users.list", script);
    }
    let client = emu::builder(&emulator)
        .timeout(TRY_TIMEOUT)
        .connect_timeout(Duration::from_millis(400))
        .max_body_size(CAP)
        .retry_policy(policy)
        .build()
        .unwrap();
    let result = tokio::time::timeout(Duration::from_secs(5), client.users_list())
        .await
        .expect("no hang: the call ends within 5 s");
    if let Err(err) = &result {
        check(err);
    }
    (result, emulator)
}

/// [`users`] with one reply and no retries.
async fn once(reply: Reply) -> Result<UsersListResponse, Error<UsersListError>> {
    users(vec![reply], RetryPolicy::never()).await.0
}

fn is_decode<E: ErrorCode>(r: &Result<impl std::fmt::Debug, Error<E>>) -> bool {
    matches!(r, Err(Error::Decode { .. }))
}

// ---------------------------------------------------------------------------------------
// Bodies that are not what Slack sends
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn html_error_pages_are_http_errors() {
    for status in [502, 503, 504] {
        let (result, _) = users_answered([Script::html(status)], RetryPolicy::never()).await;
        let err = result.unwrap_err();
        // The whole page (a short one), from its start to its end.
        assert!(
            matches!(&err, Error::Http { status: s, excerpt, .. }
                if *s == status && excerpt.starts_with("<html>") && excerpt.ends_with("</html>")),
            "{err:?}"
        );
        assert!(err.is_transient());
    }
    // Retried (users.list is idempotent), then the last page is the error; a third try
    // would succeed.
    let (result, emulator) = users_answered([Script::html(503), Script::html(502)], {
        let mut p = tiny_policy();
        p.max_attempts = 2;
        p
    })
    .await;
    assert!(
        matches!(result, Err(Error::Http { status: 502, .. })),
        "{result:?}"
    );
    assert_eq!(emu::calls_of(&emulator, "users.list").len(), 2);
}

#[tokio::test]
async fn malformed_json_bodies_are_decode_errors() {
    for body in [
        "",
        " ",
        "{",
        r#"{"ok":true,"members":["#,
        r#"{"ok":true,"members":[],"cache_ts":0"#,
        "[]",
        r#"[{"ok":true}]"#,
        r#""ok""#,
        "null",
        "true",
        "42",
        "{}",
        r#"{"members":[],"cache_ts":0}"#,
        r#"{"ok":"true","members":[],"cache_ts":0}"#,
        r#"{"ok":1,"members":[],"cache_ts":0}"#,
        r#"{"ok":null}"#,
        r#"{"ok":false}"#,
        r#"{"ok":false,"error":5}"#,
        r#"{"ok":false,"error":null}"#,
        r#"{"ok":false,"error":["a"]}"#,
        r#"{"ok":false,"error":"x","needed":7}"#,
        r#"{"ok":true,"members":{},"cache_ts":0}"#,
        r#"{"ok":true,"members":[],"cache_ts":1e400}"#,
        r#"{"ok":true,"members":[],"cache_ts":99999999999999999999999}"#,
        "\u{feff}{\"ok\":true}",
        &format!("{}{}", "[".repeat(1000), "]".repeat(1000)),
    ] {
        let result = once(Reply::json(body)).await;
        assert!(is_decode(&result), "{body:?}: {result:?}");
    }
}

#[tokio::test]
async fn deep_nesting_is_a_decode_error_not_a_stack_overflow() {
    let body = format!(r#"{{"ok":true,"members":{}"#, "[".repeat(CAP - 40));
    let result = once(Reply::json(body)).await;
    assert!(is_decode(&result), "{result:?}");
}

#[tokio::test]
async fn the_content_type_does_not_matter() {
    for content_type in [
        "text/plain",
        "text/html; charset=iso-8859-1",
        "application/xml",
        "",
    ] {
        let reply = Reply::new(200, USERS_OK).header("Content-Type", content_type);
        once(reply).await.expect("JSON is JSON, whatever the label");
        let reply = Reply::new(200, r#"{"ok":false,"error":"invalid_auth"}"#)
            .header("Content-Type", content_type);
        let err = once(reply).await.unwrap_err();
        assert!(err.code().is_some(), "{err:?}");
    }
    // No Content-Type at all.
    once(Reply::new(200, USERS_OK)).await.unwrap();
}

#[tokio::test]
async fn invalid_utf8_is_a_decode_error_with_a_lossy_excerpt() {
    for body in [
        b"\xff\xfe\xfd".to_vec(),
        b"{\"ok\":true,\"members\":[],\"cache_ts\":0,\"x\":\"\xc3\x28\"}".to_vec(),
        b"{\"ok\":false,\"error\":\"\xed\xa0\x80\"}".to_vec(),
    ] {
        let err = once(Reply::json(body.clone())).await.unwrap_err();
        let Error::Decode { excerpt, .. } = &err else {
            panic!("{body:?}: {err:?}");
        };
        assert!(excerpt.contains('\u{fffd}'), "{excerpt}");
    }
}

#[tokio::test]
async fn a_204_or_a_1xx_like_status_is_handled() {
    let result = once(Reply::new(204, "")).await;
    assert!(is_decode(&result), "{result:?}");
    let result = once(Reply::new(299, USERS_OK)).await;
    assert!(result.is_ok(), "{result:?}");
    let result = once(Reply::new(418, "teapot")).await;
    assert!(
        matches!(&result, Err(Error::Http { status: 418, .. })),
        "{result:?}"
    );
}

// ---------------------------------------------------------------------------------------
// Size
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn bodies_over_the_cap_are_refused_with_or_without_content_length() {
    let big = format!(
        r#"{{"ok":true,"members":[],"cache_ts":0,"pad":"{}"}}"#,
        "x".repeat(CAP)
    );
    for reply in [
        Reply::json(big.clone()),
        Reply::json(big.clone()).chunked(),
        // Announces more than the cap, sends little: refused before reading.
        Reply::json(USERS_OK).content_length(1 << 62),
        Reply::json(USERS_OK).content_length(CAP as u64 + 1),
    ] {
        let result = once(reply).await;
        assert!(
            matches!(result, Err(Error::BodyTooLarge { limit: CAP, .. })),
            "{result:?}"
        );
    }
    // A length hyper itself will not parse: refused as a broken answer.
    let result = once(Reply::json(USERS_OK).content_length(u64::MAX)).await;
    assert!(matches!(result, Err(Error::Transport { .. })), "{result:?}");
    // An error page over the cap is an HTTP error with its start.
    for reply in [
        Reply::new(500, "e".repeat(CAP * 4)),
        Reply::new(500, "e".repeat(CAP * 4)).chunked(),
    ] {
        let err = once(reply).await.unwrap_err();
        assert!(
            matches!(&err, Error::Http { status: 500, excerpt, .. } if excerpt.len() < 600),
            "{err:?}"
        );
    }
}

#[tokio::test]
async fn a_content_length_that_is_not_a_number_is_a_transport_error() {
    for length in ["abc", "-1", "18446744073709551616", "1, 2"] {
        let raw = format!(
            "HTTP/1.1 200 OK\r\nContent-Length: {length}\r\nConnection: close\r\n\r\n{USERS_OK}"
        );
        let result = once(Reply::raw(raw)).await;
        assert!(
            matches!(result, Err(Error::Transport { .. })),
            "{length}: {result:?}"
        );
    }
}

// ---------------------------------------------------------------------------------------
// Broken connections
// ---------------------------------------------------------------------------------------

/// A head that announces a JSON body of `len` bytes.
fn head(len: usize) -> String {
    format!("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {len}\r\n\r\n")
}

#[tokio::test]
async fn stalls_are_timeouts() {
    let stall = End::Stall(Duration::from_secs(3));
    for reply in [
        // No answer at all.
        Reply::new(200, USERS_OK).delay(Duration::from_secs(3)),
        // A head, then nothing.
        Reply::raw(head(100)).end(stall),
        // Part of the body, then nothing.
        Reply::raw(format!("{}{}", head(100), &USERS_OK[..10])).end(stall),
        // A chunked body that stops after its first chunk.
        Reply::raw(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{\"ok\"\r\n".to_string(),
        )
        .end(stall),
        // Half a head.
        Reply::raw("HTTP/1.1 200 OK\r\nContent-Le").end(stall),
    ] {
        let start = Instant::now();
        let result = once(reply).await;
        assert!(matches!(result, Err(Error::Timeout { .. })), "{result:?}");
        assert!(start.elapsed() < TRY_TIMEOUT * 3, "{:?}", start.elapsed());
    }
}

#[tokio::test]
async fn resets_and_short_bodies_are_transport_errors() {
    for reply in [
        // Reset mid-body.
        Reply::raw(format!("{}{}", head(1000), "x".repeat(100))).end(End::Reset),
        // Reset before any answer.
        Reply::raw("").end(End::Reset),
        // Closed mid-body.
        Reply::raw(format!("{}{}", head(1000), &USERS_OK[..10])),
        // Closed mid-head.
        Reply::raw("HTTP/1.1 200 OK\r\nContent-Type: app"),
        // Closed without a word.
        Reply::hang_up(),
        // Not HTTP.
        Reply::raw("SSH-2.0-OpenSSH_9.6\r\n"),
        Reply::raw(b"\x00\xff\x16\x03\x01garbage\r\n\r\n".to_vec()),
        // Invalid chunked encoding.
        Reply::raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n"),
        // A chunk cut short by a close.
        Reply::raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{}"),
        Reply::raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffff\r\n{}"),
        // A status line that is not one.
        Reply::raw("HTTP/1.1 2000 OK\r\nContent-Length: 0\r\n\r\n"),
        Reply::raw("HTTP/9.9 200 OK\r\nContent-Length: 0\r\n\r\n"),
    ] {
        let raw = format!("{:?}", reply.raw.as_deref().map(String::from_utf8_lossy));
        let result = once(reply).await;
        assert!(
            matches!(result, Err(Error::Transport { .. })),
            "{raw}: {result:?}"
        );
    }
}

#[tokio::test]
async fn a_broken_connection_is_retried_for_a_read_then_succeeds() {
    let (result, server) = users(
        vec![
            Reply::raw(format!("{}{}", head(1000), "x".repeat(100))).end(End::Reset),
            Reply::hang_up(),
            Reply::json(USERS_OK),
        ],
        tiny_policy(),
    )
    .await;
    result.expect("the third try succeeds");
    assert_eq!(server.request_count(), 3);
}

// ---------------------------------------------------------------------------------------
// 429 and Retry-After
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn rate_limits_with_every_kind_of_retry_after() {
    // Missing, garbage: the policy's default wait (5 ms), then the retry succeeds.
    for value in [
        None,
        Some("soon"),
        Some("-1"),
        Some("1.5"),
        Some("Sun, 06 Nov 1994 08:49:37 PST"),
        Some("\u{7f}"),
    ] {
        let (result, server) = users(
            vec![Reply::rate_limited(value), Reply::json(USERS_OK)],
            tiny_policy(),
        )
        .await;
        result.unwrap_or_else(|e| panic!("{value:?}: {e:?}"));
        assert_eq!(server.request_count(), 2);
    }
    // An HTTP date in the past: no wait.
    let (result, _) = users(
        vec![
            Reply::rate_limited(Some("Sun, 06 Nov 1994 08:49:37 GMT")),
            Reply::json(USERS_OK),
        ],
        tiny_policy(),
    )
    .await;
    result.unwrap();
    // Huge, too large for a u64, or a date far away: beyond max_total_wait, so the error at
    // once, with the wait asked for.
    for value in [
        "18446744073709551615",
        "18446744073709551616",
        "99999999999999999999999999999999999999",
        "Fri, 31 Dec 9999 23:59:59 GMT",
        "3600",
    ] {
        let (result, server) = users(vec![Reply::rate_limited(Some(value))], tiny_policy()).await;
        let err = result.unwrap_err();
        let wait = err.retry_after().expect("a wait");
        assert!(wait >= Duration::from_secs(3600), "{value}: {wait:?}");
        assert_eq!(server.request_count(), 1);
    }
    // The overflow of issue 6: a short wait, then a wait of u64::MAX seconds.
    let (result, server) = users(
        vec![
            Reply::rate_limited(None),
            Reply::rate_limited(Some("18446744073709551615")),
        ],
        tiny_policy(),
    )
    .await;
    assert_eq!(
        result.unwrap_err().retry_after(),
        Some(Duration::from_secs(u64::MAX))
    );
    assert_eq!(server.request_count(), 2);
    // Retries off: the error at once, even for a garbage value.
    let (result, _) = users(vec![Reply::rate_limited(Some("x"))], RetryPolicy::never()).await;
    assert!(
        matches!(
            result,
            Err(Error::RateLimited {
                retry_after: None,
                ..
            })
        ),
        "{result:?}"
    );
}

// ---------------------------------------------------------------------------------------
// Redirects
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn redirects_are_errors_and_the_token_goes_nowhere() {
    let elsewhere = Server::start([]).await;
    for status in [300, 301, 302, 303, 307, 308] {
        for location in [
            format!("{}users.list", elsewhere.base_url()),
            "/api/users.list".to_owned(),
            "https://example.com/".to_owned(),
            "not a url".to_owned(),
        ] {
            let reply = Reply::new(status, "").header("Location", &location);
            let err = once(reply).await.unwrap_err();
            assert!(
                matches!(&err, Error::Http { status: s, .. } if *s == status),
                "{status} {location}: {err:?}"
            );
        }
    }
    assert_eq!(elsewhere.request_count(), 0);
}

// ---------------------------------------------------------------------------------------
// A server that echoes the token everywhere
// ---------------------------------------------------------------------------------------

/// The token as a hostile server could echo it: whole, cut in two (each half is longer than
/// 8), with a prefix, inside a URL, JSON-escaped.
fn echoes() -> Vec<String> {
    let half = TOKEN.len() / 2;
    vec![
        TOKEN.to_owned(),
        format!("Bearer {TOKEN}"),
        format!("{} {}", &TOKEN[..half], &TOKEN[half..]),
        TOKEN[3..TOKEN.len() - 3].to_owned(),
        format!("https://evil.example/?t={TOKEN}"),
        TOKEN.replace('-', "\\u002d"),
    ]
}

#[tokio::test]
async fn an_echoed_token_never_reaches_an_error_or_a_log_line() {
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    let start = Instant::now();
    let mut seen = 0;
    for echo in echoes() {
        let e = serde_json::Value::String(echo.clone());
        let long = format!("{}{echo}{}{echo}", "a".repeat(500), "b".repeat(7));
        let bodies: Vec<(u16, String)> = vec![
            (500, format!("<html>{echo}</html>")),
            (500, long.clone()),
            (400, format!("{echo}{}", "c".repeat(600))),
            (200, long.clone()),
            (200, json!({"ok": true, "members": e, "cache_ts": 0}).to_string()),
            (200, json!({"ok": true, "members": [], "cache_ts": e}).to_string()),
            (200, json!({"ok": true, "members": [{"id": e}], "cache_ts": 0}).to_string()),
            (200, json!({"ok": e}).to_string()),
            (200, json!({"ok": false, "error": e}).to_string()),
            (403, json!({"ok": false, "error": e}).to_string()),
            (
                200,
                json!({
                    "ok": false,
                    "error": "missing_scope",
                    "needed": e,
                    "provided": e,
                    "warning": e,
                    "response_metadata": {"warnings": [e], "messages": [e, e]}
                })
                .to_string(),
            ),
            (
                503,
                json!({"ok": false, "error": "fatal_error", "response_metadata": {"messages": [e]}})
                    .to_string(),
            ),
            (
                200,
                json!({"ok": true, "members": [], "cache_ts": 0, "warning": e,
                       "response_metadata": {"warnings": [e], "messages": [e]}})
                .to_string(),
            ),
        ];
        for (status, body) in bodies {
            // Headers echo it too; none of them may get into an error.
            let header_safe = echo.replace(['\r', '\n'], "");
            let reply = Reply::new(status, body.clone())
                .header("Content-Type", "application/json")
                .header("X-Echo", &header_safe)
                .header(
                    "WWW-Authenticate",
                    &format!("Bearer realm=\"{header_safe}\""),
                );
            match once(reply).await {
                Ok(_) => {}
                Err(err) => {
                    check(&err);
                    seen += 1;
                }
            }
            // Through a raw call as well: its unknown codes are kept as text.
            let server = Server::start([Reply::new(status, body)]).await;
            let client = client_for(&server, RetryPolicy::never());
            let result = tokio::time::timeout(
                Duration::from_secs(5),
                client.call_raw("users.list", json!({})),
            )
            .await
            .expect("no hang");
            if let Err(err) = &result {
                let shown = check(err);
                if let Error::Api { error, .. } = err {
                    if let RawErrorCode::Other(code) = &error.code {
                        assert_no_token(code);
                        assert!(shown.contains("<redacted>"), "{shown}");
                    }
                }
            }
        }
        // In headers of a 429 and of a redirect.
        for reply in [
            Reply::rate_limited(Some(&echo)),
            Reply::new(302, "").header("Location", &format!("http://127.0.0.1:1/{echo}")),
            Reply::new(500, "").header("X-Token", &echo),
        ] {
            let err = once(reply).await.unwrap_err();
            check(&err);
        }
        // In a cursor: the page error that follows shows it scrubbed.
        let server = Server::start([
            Reply::json(
                json!({"ok": true, "members": [], "cache_ts": 0,
                       "response_metadata": {"next_cursor": echo}})
                .to_string(),
            ),
            Reply::new(500, "no"),
        ])
        .await;
        let client = client_for(&server, RetryPolicy::never());
        let pages = tokio::time::timeout(
            Duration::from_secs(5),
            client.users_list().pages().collect::<Vec<_>>(),
        )
        .await
        .expect("no hang");
        assert_eq!(pages.len(), 2);
        let err = pages[1].as_ref().unwrap_err();
        assert_eq!(err.cursor(), Some(echo.as_str()));
        assert_no_token(&format!("{err}\n{err:?}\n{err:#?}"));
    }
    assert!(seen > 50, "{seen}");
    // And nothing in the logs: spans, retries, warnings.
    let logs = capture.lines().join("\n");
    assert!(logs.contains("slack_api.call"), "{logs}");
    assert!(logs.contains("warnings"), "{logs}");
    assert_no_token(&logs);
    // A guard against a hang, not a speed test: generous for a loaded machine.
    assert!(start.elapsed() < Duration::from_secs(120));
}

#[tokio::test]
async fn an_echoed_token_in_a_retried_answer_stays_out_of_the_logs() {
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    let (result, server) = users(
        vec![
            Reply::new(503, format!("busy {TOKEN}")).header("X-Echo", TOKEN),
            Reply::rate_limited(Some(TOKEN)),
            Reply::json(format!(
                r#"{{"ok":true,"members":[],"cache_ts":0,"warning":"{TOKEN}"}}"#
            )),
        ],
        tiny_policy(),
    )
    .await;
    result.unwrap();
    assert_eq!(server.request_count(), 3);
    let logs = capture.lines().join("\n");
    assert!(logs.contains("retrying"), "{logs}");
    assert!(logs.contains("<redacted>"), "{logs}");
    assert_no_token(&logs);
}

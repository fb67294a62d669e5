//! What comes back, over real HTTP: malformed and oversized bodies become typed errors
//! (never panics) with bounded excerpts; `"ok": false` becomes the method's own error, a
//! common one or an unknown one, with everything else Slack said; warnings on success are
//! kept.
//!
//! Slack's errors and success bodies come from the emulator: its own (`invalid_auth`,
//! `missing_scope`, `channel_not_found`) or scripted (a code, a body, an HTML page). Bodies
//! no Slack sends (malformed, oversized, chunked, a JSON error with a non-2xx status, an
//! exact byte count) come from the raw scripted server of `support`.

#![allow(deprecated)] // apps.permissions.users.request is deprecated, and tested all the same.

mod support;

use serde_json::json;
use slack_api::methods::{
    AdminWorkflowsTriggersTypesPermissionsLookupError as LookupError,
    AppsPermissionsUsersRequestError as RequestError,
};
use slack_api::{ApiResponse, CommonError, Error, RawErrorCode, TokenType};
use slack_emulator::{Credential, Emulator, Script};
use support::emu;
use support::{bounded, builder, Reply, Server};

const LOOKUP: &str = "admin.workflows.triggers.types.permissions.lookup";
const REQUEST: &str = "apps.permissions.users.request";

/// Calls the lookup method against a server giving `reply` once and nothing else, with
/// retries off so that each reply is seen once.
async fn lookup_with(
    reply: Reply,
) -> Result<
    slack_api::methods::AdminWorkflowsTriggersTypesPermissionsLookupResponse,
    Error<LookupError>,
> {
    let server = Server::start([reply]).await;
    let client = builder(&server)
        .retry_policy(slack_api::RetryPolicy::never())
        .max_body_size(64 * 1024)
        .build()
        .unwrap();
    let result = bounded(client.admin_workflows_triggers_types_permissions_lookup(["FTT01"])).await;
    assert_eq!(server.request_count(), 1);
    result
}

/// Calls the lookup method against the emulator, whose next answer to it is `script`, as
/// [`lookup_with`] does against the raw server.
async fn lookup_answered(
    script: Script,
) -> Result<
    slack_api::methods::AdminWorkflowsTriggersTypesPermissionsLookupResponse,
    Error<LookupError>,
> {
    let emulator = emu::start().await;
    emulator.script(LOOKUP, script);
    let client = emu::builder(&emulator)
        .retry_policy(slack_api::RetryPolicy::never())
        .max_body_size(64 * 1024)
        .build()
        .unwrap();
    let result = bounded(client.admin_workflows_triggers_types_permissions_lookup(["FTT01"])).await;
    assert_eq!(emu::calls_of(&emulator, LOOKUP).len(), 1);
    result
}

/// A client of `emulator` with a token it does not know.
fn stranger(emulator: &Emulator) -> slack_api::Client {
    slack_api::Client::builder("xoxp-not-a-known-token")
        .base_url(emulator.base_url())
        .retry_policy(slack_api::RetryPolicy::never())
        .build()
        .unwrap()
}

/// The parts of a decode error; panics on any other error.
fn decode_parts(err: &Error<LookupError>) -> (&str, &str, &str) {
    match err {
        Error::Decode {
            method,
            message,
            excerpt,
        } => (method, message, excerpt),
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------
// Malformed bodies
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn an_html_error_page_is_an_http_error_with_its_start() {
    let emulator = emu::start().await;
    emulator.script(REQUEST, Script::html(502));
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
            assert_eq!(*status, 502);
            // The whole page, short as it is: from its start to its end.
            assert!(excerpt.starts_with("<html><head>"), "{excerpt}");
            assert!(excerpt.ends_with("</html>"), "{excerpt}");
        }
        other => panic!("expected Error::Http, got {other:?}"),
    }
    assert_eq!(emu::calls_of(&emulator, REQUEST).len(), 1);
}

#[tokio::test]
async fn an_html_page_with_status_200_is_a_decode_error() {
    let err = lookup_answered(Script::html(200)).await.unwrap_err();
    let (method, message, excerpt) = decode_parts(&err);
    assert_eq!(method, LOOKUP);
    assert!(excerpt.starts_with("<html><head>"), "{excerpt}");
    assert!(excerpt.ends_with("</html>"), "{excerpt}");
    assert!(message.starts_with("expected value"), "{message}");
}

#[tokio::test]
async fn an_empty_body_is_a_decode_error() {
    let err = lookup_with(Reply::json("")).await.unwrap_err();
    let (method, message, excerpt) = decode_parts(&err);
    assert_eq!(method, LOOKUP);
    assert_eq!(excerpt, "");
    assert_eq!(message, "EOF while parsing a value at line 1 column 0");
}

#[tokio::test]
async fn truncated_json_is_a_decode_error() {
    let body = r#"{"ok":true,"permissions":{"FTT01":{"permiss"#;
    let err = lookup_with(Reply::json(body)).await.unwrap_err();
    let (method, message, excerpt) = decode_parts(&err);
    assert_eq!(method, LOOKUP);
    assert_eq!(excerpt, body);
    assert!(message.starts_with("EOF while parsing"), "{message}");
}

#[tokio::test]
async fn a_field_of_the_wrong_type_is_a_decode_error_naming_the_method() {
    // `permissions` is guaranteed (required): the wrong shape there fails the response.
    let err = lookup_with(Reply::json(r#"{"ok":true,"permissions":5}"#))
        .await
        .unwrap_err();
    let (method, message, excerpt) = decode_parts(&err);
    assert_eq!(method, LOOKUP);
    assert_eq!(excerpt, r#"{"ok":true,"permissions":5}"#);
    let expected =
        "AdminWorkflowsTriggersTypesPermissionsLookupResponse.permissions: found a number";
    assert!(message.starts_with(expected), "{message}");
    assert!(
        err.to_string()
            .starts_with(&format!("{LOOKUP}: cannot decode the response: {expected}")),
        "{err}"
    );
    assert!(!err.is_transient());
}

#[tokio::test]
async fn a_missing_required_field_is_a_decode_error() {
    let err = lookup_with(Reply::json(r#"{"ok":true}"#))
        .await
        .unwrap_err();
    let (_, message, _) = decode_parts(&err);
    assert!(
        message.starts_with(
            "AdminWorkflowsTriggersTypesPermissionsLookupResponse: missing field `permissions`"
        ),
        "{message}"
    );
}

#[tokio::test]
async fn bodies_without_a_usable_envelope_are_decode_errors() {
    for body in [
        "[]",
        r#""ok""#,
        "null",
        r#"{"ok":"yes","permissions":{}}"#,
        r#"{"permissions":{}}"#,
    ] {
        let err = lookup_with(Reply::json(body)).await.unwrap_err();
        let (method, _, excerpt) = decode_parts(&err);
        assert_eq!(method, LOOKUP);
        assert_eq!(excerpt, body);
    }
}

#[tokio::test]
async fn ok_false_without_an_error_code_is_a_decode_error() {
    let err = lookup_with(Reply::json(r#"{"ok":false}"#))
        .await
        .unwrap_err();
    let (_, message, excerpt) = decode_parts(&err);
    assert_eq!(message, "`ok` is false but there is no `error` code");
    assert_eq!(excerpt, r#"{"ok":false}"#);
}

#[tokio::test]
async fn a_body_that_is_not_utf8_is_a_decode_error() {
    let body = b"{\"ok\":true,\"permissions\":{\"\xff\xfe\":1}}".to_vec();
    let err = lookup_with(Reply::json(body)).await.unwrap_err();
    let (_, _, excerpt) = decode_parts(&err);
    assert_eq!(
        excerpt,
        "{\"ok\":true,\"permissions\":{\"\u{fffd}\u{fffd}\":1}}"
    );
}

#[tokio::test]
async fn a_body_over_the_limit_with_content_length_is_too_large() {
    let body = format!(
        r#"{{"ok":true,"permissions":{{}},"pad":"{}"}}"#,
        "x".repeat(70_000)
    );
    let err = lookup_with(Reply::json(body)).await.unwrap_err();
    match err {
        Error::BodyTooLarge { method, limit } => {
            assert_eq!(method, LOOKUP);
            assert_eq!(limit, 64 * 1024);
        }
        other => panic!("expected BodyTooLarge, got {other:?}"),
    }
}

#[tokio::test]
async fn a_content_length_over_the_limit_is_refused_before_reading() {
    // Announces 1 GB and sends a few bytes: the client must not wait for the rest.
    let reply = Reply::json(r#"{"ok":true,"permissions":{}}"#).content_length(1 << 30);
    let err = lookup_with(reply).await.unwrap_err();
    assert!(
        matches!(err, Error::BodyTooLarge { limit, .. } if limit == 64 * 1024),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_chunked_body_over_the_limit_is_too_large() {
    let body = format!(
        r#"{{"ok":true,"permissions":{{}},"pad":"{}"}}"#,
        "x".repeat(1 << 20)
    );
    let err = lookup_with(Reply::json(body).chunked()).await.unwrap_err();
    match err {
        Error::BodyTooLarge { method, limit } => {
            assert_eq!(method, LOOKUP);
            assert_eq!(limit, 64 * 1024);
        }
        other => panic!("expected BodyTooLarge, got {other:?}"),
    }
}

#[tokio::test]
async fn an_error_page_over_the_limit_is_still_an_http_error() {
    // Only its excerpt is read, so its size does not matter.
    let err = lookup_with(Reply::new(500, "e".repeat(100_000)))
        .await
        .unwrap_err();
    match err {
        Error::Http {
            status, excerpt, ..
        } => {
            assert_eq!(status, 500);
            assert_eq!(excerpt, format!("{}…", "e".repeat(512)));
        }
        other => panic!("expected Http, got {other:?}"),
    }
}

#[tokio::test]
async fn a_body_exactly_at_the_limit_is_read() {
    for chunked in [false, true] {
        let prefix = r#"{"ok":true,"permissions":{},"pad":""#;
        let pad = "x".repeat(64 * 1024 - prefix.len() - 2);
        let body = format!(r#"{prefix}{pad}"}}"#);
        assert_eq!(body.len(), 64 * 1024);
        let reply = Reply::json(body);
        let reply = if chunked { reply.chunked() } else { reply };
        let response = lookup_with(reply)
            .await
            .expect("a body at the limit is fine");
        assert_eq!(response.extra["pad"], json!(pad));
    }
}

#[tokio::test]
async fn excerpts_of_huge_bodies_are_bounded() {
    let html = format!(
        "<html><body>{}</body></html>",
        "<p>boom</p>".repeat(100_000)
    );
    assert!(html.len() > 1_000_000);
    let server = Server::start([
        Reply::new(502, html.clone()),
        Reply::json(format!("{{\"ok\":true,\"permissions\":{html}")),
    ])
    .await;
    let client = builder(&server)
        .retry_policy(slack_api::RetryPolicy::never())
        .build()
        .unwrap();

    let err = bounded(client.admin_workflows_triggers_types_permissions_lookup(["FTT01"]))
        .await
        .unwrap_err();
    let Error::Http { excerpt, .. } = &err else {
        panic!("expected Error::Http, got {err:?}");
    };
    assert!(excerpt.starts_with("<html><body><p>boom</p>"), "{excerpt}");
    assert!(excerpt.ends_with('…'), "{excerpt}");
    assert_eq!(excerpt.len(), 512 + '…'.len_utf8());
    assert!(excerpt.chars().count() <= 520);
    assert!(err.to_string().len() < 700, "{}", err.to_string().len());

    let err = bounded(client.admin_workflows_triggers_types_permissions_lookup(["FTT01"]))
        .await
        .unwrap_err();
    let (_, message, excerpt) = decode_parts(&err);
    assert!(
        excerpt.starts_with(r#"{"ok":true,"permissions":<html>"#),
        "{excerpt}"
    );
    assert!(
        excerpt.chars().count() <= 520,
        "{}",
        excerpt.chars().count()
    );
    assert!(message.len() < 200, "{message}");
    assert!(format!("{err:?}").len() < 1000);
}

#[tokio::test]
async fn an_excerpt_never_splits_a_character() {
    // `é` is two bytes, at bytes 511 and 512: the cut at 512 falls inside it.
    let body = format!("{}é and more", "x".repeat(511));
    let err = lookup_with(Reply::new(418, body)).await.unwrap_err();
    let Error::Http { excerpt, .. } = &err else {
        panic!("expected Error::Http, got {err:?}");
    };
    assert_eq!(*excerpt, format!("{}…", "x".repeat(511)));
}

// ---------------------------------------------------------------------------------------
// "ok": false
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn a_known_code_is_the_methods_own_variant() {
    let err = lookup_answered(Script::error("trigger_type_id_not_found"))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some(&LookupError::TriggerTypeIdNotFound));
    let Error::Api { method, error } = &err else {
        panic!("expected Error::Api, got {err:?}");
    };
    assert_eq!(method, LOOKUP);
    assert_eq!(error.code, LookupError::TriggerTypeIdNotFound);
    assert_eq!(error.needed, None);
    assert_eq!(error.provided, None);
    assert!(error.warnings.is_empty());
    assert!(error.messages.is_empty());
    assert_eq!(
        err.to_string(),
        format!(
            "{LOOKUP}: trigger_type_id_not_found: \
             The given trigger type ID(s) do not map to valid trigger types"
        )
    );
    assert!(!err.is_transient());
}

#[tokio::test]
async fn a_common_code_is_the_common_variant() {
    // A token the emulator does not know: Slack's `invalid_auth`.
    let emulator = emu::start().await;
    let err =
        bounded(stranger(&emulator).admin_workflows_triggers_types_permissions_lookup(["FTT01"]))
            .await
            .unwrap_err();
    assert_eq!(
        err.code(),
        Some(&LookupError::Common(CommonError::InvalidAuth))
    );
}

#[tokio::test]
async fn an_unknown_code_is_kept_as_it_came() {
    let err = lookup_answered(Script::error("some_new_code"))
        .await
        .unwrap_err();
    assert_eq!(
        err.code(),
        Some(&LookupError::Unknown("some_new_code".into()))
    );
    assert_eq!(err.to_string(), format!("{LOOKUP}: some_new_code"));
}

#[tokio::test]
async fn missing_scope_keeps_what_was_needed_and_what_the_token_has() {
    // The emulator's own check: a user token with two scopes, neither the method's.
    let emulator = emu::start().await;
    let token = "xoxp-narrow-token";
    emulator.add_credential(Credential::new(
        token,
        TokenType::User,
        slack_emulator::HUMAN_ID,
        ["users:read", "channels:read"],
    ));
    let err = bounded(
        emu::client(&emulator)
            .admin_workflows_triggers_types_permissions_lookup(["FTT01"])
            .with_token(token),
    )
    .await
    .unwrap_err();
    let error = err.api_error().expect("an API error");
    assert_eq!(error.code, LookupError::Common(CommonError::MissingScope));
    assert_eq!(error.needed.as_deref(), Some("client"));
    assert_eq!(error.provided.as_deref(), Some("channels:read,users:read"));
    assert_eq!(error.status, Some(200));
    assert!(
        err.to_string()
            .ends_with(" (needed: client; provided: channels:read,users:read)"),
        "{err}"
    );
}

#[tokio::test]
async fn missing_scope_keeps_needed_provided_messages_and_warnings() {
    let body = r#"{
        "ok": false,
        "error": "missing_scope",
        "needed": "admin.workflows:read",
        "provided": "client,identify",
        "warning": "missing_charset",
        "response_metadata": {
            "messages": ["[ERROR] a message", "[WARN] another"],
            "warnings": ["superfluous_charset"]
        }
    }"#;
    let err = lookup_with(Reply::json(body)).await.unwrap_err();
    let error = err.api_error().expect("an API error");
    assert_eq!(error.code, LookupError::Common(CommonError::MissingScope));
    assert_eq!(error.needed.as_deref(), Some("admin.workflows:read"));
    assert_eq!(error.provided.as_deref(), Some("client,identify"));
    assert_eq!(error.messages, ["[ERROR] a message", "[WARN] another"]);
    assert_eq!(error.warnings, ["missing_charset", "superfluous_charset"]);
    assert!(
        err.to_string().ends_with(
            " (needed: admin.workflows:read; provided: client,identify); \
             [ERROR] a message; [WARN] another"
        ),
        "{err}"
    );
}

#[tokio::test]
async fn a_json_error_with_a_non_2xx_status_is_the_typed_api_error() {
    for status in [400, 403, 404, 500, 503] {
        let reply = Reply::new(
            status,
            r#"{"ok":false,"error":"trigger_type_id_not_found","needed":"x"}"#,
        )
        .header("Content-Type", "application/json");
        let err = lookup_with(reply).await.unwrap_err();
        assert_eq!(
            err.code(),
            Some(&LookupError::TriggerTypeIdNotFound),
            "{status}: {err:?}"
        );
        let api = err.api_error().unwrap();
        assert_eq!(api.status, Some(status));
        assert_eq!(api.needed.as_deref(), Some("x"));
        assert!(
            err.to_string().ends_with(&format!("(HTTP {status})")),
            "{err}"
        );
        assert_eq!(err.is_transient(), status >= 500);
    }
    // A 2xx answer keeps its status too, and does not show it.
    let err = lookup_with(Reply::json(r#"{"ok":false,"error":"invalid_auth"}"#))
        .await
        .unwrap_err();
    assert_eq!(err.api_error().unwrap().status, Some(200));
    assert!(!err.to_string().contains("HTTP"), "{err}");
}

#[tokio::test]
async fn a_non_2xx_json_error_is_retried_as_its_status_says_then_typed() {
    // An idempotent method and a 503: retried, and the last answer is typed.
    let server = Server::start([
        Reply::new(503, r#"{"ok":false,"error":"service_unavailable"}"#),
        Reply::new(503, r#"{"ok":false,"error":"fatal_error"}"#),
    ])
    .await;
    let mut policy = support::fast_policy();
    policy.max_attempts = 2;
    let client = builder(&server).retry_policy(policy).build().unwrap();
    let err = bounded(client.admin_workflows_triggers_types_permissions_lookup(["FTT01"]))
        .await
        .unwrap_err();
    assert_eq!(
        err.code(),
        Some(&LookupError::Common(CommonError::FatalError))
    );
    assert_eq!(err.api_error().unwrap().status, Some(503));
    assert_eq!(server.request_count(), 2);
}

#[tokio::test]
async fn a_non_2xx_body_that_is_not_a_slack_error_stays_an_http_error() {
    for body in [
        r#"{"ok":true}"#,
        r#"{"ok":false}"#,
        r#"{"ok":false,"error":5}"#,
        r#"{"error":"x"}"#,
        r#"[1,2]"#,
        r#"{"ok":false,"error":"trunc"#,
    ] {
        let err = lookup_with(Reply::new(400, body)).await.unwrap_err();
        assert!(
            matches!(&err, Error::Http { status: 400, excerpt, .. } if excerpt == body),
            "{body}: {err:?}"
        );
    }
    // Slack's error, but after more than 64 KiB (here, the client's smaller cap): not read
    // to its end, so an excerpt.
    let body = format!(
        r#"{{"ok":false,"error":"fatal_error","pad":"{}"}}"#,
        "x".repeat(70_000)
    );
    let err = lookup_with(Reply::new(500, body)).await.unwrap_err();
    assert!(matches!(&err, Error::Http { status: 500, .. }), "{err:?}");
}

#[tokio::test]
async fn an_ok_false_answer_is_not_retried() {
    // Even `ratelimited` in a 200 body: only HTTP 429 is a rate limit. A second try would
    // succeed.
    let emulator = emu::start().await;
    emulator.script(LOOKUP, Script::error("ratelimited"));
    let client = emu::client(&emulator);
    let err = bounded(client.admin_workflows_triggers_types_permissions_lookup(["FTT01"]))
        .await
        .unwrap_err();
    assert_eq!(
        err.code(),
        Some(&LookupError::Common(CommonError::Ratelimited))
    );
    assert_eq!(emu::calls_of(&emulator, LOOKUP).len(), 1);
}

#[tokio::test]
async fn the_other_seed_method_has_its_own_codes() {
    let emulator = emu::start().await;
    emulator.script(REQUEST, Script::error("invalid_trigger_id"));
    emulator.script(REQUEST, Script::error("not_authed"));
    let client = emu::client(&emulator);
    let err = bounded(client.apps_permissions_users_request(["a"], "1.2", "U1"))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some(&RequestError::InvalidTriggerId));
    let err = bounded(client.apps_permissions_users_request(["a"], "1.2", "U1"))
        .await
        .unwrap_err();
    assert_eq!(
        err.code(),
        Some(&RequestError::Common(CommonError::NotAuthed))
    );
}

#[tokio::test]
async fn raw_calls_type_common_codes_and_keep_others() {
    // The emulator's own answers: a token it does not know, then a channel it does not have.
    let emulator = emu::start().await;
    let err = bounded(stranger(&emulator).call_raw("chat.postMessage", json!({"channel": "C1"})))
        .await
        .unwrap_err();
    assert_eq!(
        err.code(),
        Some(&RawErrorCode::Common(CommonError::InvalidAuth))
    );
    let client = emu::client(&emulator);
    let err = bounded(client.call_raw("chat.postMessage", json!({"channel": "C1", "text": "hi"})))
        .await
        .unwrap_err();
    assert_eq!(
        err.code(),
        Some(&RawErrorCode::Other("channel_not_found".into()))
    );
    assert_eq!(err.method(), "chat.postMessage");
}

// ---------------------------------------------------------------------------------------
// Warnings on success
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn warnings_on_success_are_kept() {
    let response = lookup_answered(Script::ok(json!({
        "permissions": {},
        "warning": "superfluous_charset",
        "response_metadata": {"warnings": ["superfluous_charset"]}
    })))
    .await
    .unwrap();
    // Both places Slack puts them, each warning once.
    assert_eq!(response.warnings(), ["superfluous_charset"]);
    assert_eq!(response.warning.as_deref(), Some("superfluous_charset"));
    assert_eq!(
        response.response_metadata.as_ref().unwrap().warnings,
        ["superfluous_charset"]
    );
}

#[tokio::test]
async fn comma_separated_warnings_are_split() {
    let response = lookup_answered(Script::ok(json!({
        "permissions": {},
        "warning": "missing_charset, method_deprecated",
        "response_metadata": {"warnings": ["superfluous_charset"]}
    })))
    .await
    .unwrap();
    assert_eq!(
        response.warnings(),
        [
            "missing_charset",
            "method_deprecated",
            "superfluous_charset"
        ]
    );
}

#[tokio::test]
async fn a_raw_call_keeps_its_warning() {
    let emulator = emu::start().await;
    emulator.script(
        "chat.postMessage",
        Script::ok(json!({"warning": "superfluous_charset"})),
    );
    let client = emu::client(&emulator);
    let value = bounded(client.call_raw("chat.postMessage", json!({})))
        .await
        .unwrap();
    assert_eq!(value.warnings(), ["superfluous_charset"]);
}

#[tokio::test]
async fn a_raw_call_reads_warnings_from_both_places() {
    let emulator = emu::start().await;
    emulator.script(
        "chat.postMessage",
        Script::ok(json!({
            "warning": "missing_charset",
            "response_metadata": {"warnings": ["missing_charset", "method_deprecated"]}
        })),
    );
    let client = emu::client(&emulator);
    let value = bounded(client.call_raw("chat.postMessage", json!({})))
        .await
        .unwrap();
    assert_eq!(value.warnings(), ["missing_charset", "method_deprecated"]);
}

//! What goes on the wire, read byte for byte by a server on 127.0.0.1: where the token goes
//! (and where it never shows), how each method's arguments are encoded as its metadata says,
//! and the typed responses of both seed methods decoded end to end.
//!
//! The bytes are the raw scripted server's (`support`): the emulator keeps no header but
//! what the token stands for, and never a `token` argument. What needs no bytes (a base URL
//! joined right, typed responses) is the emulator's.

#![allow(deprecated)] // apps.permissions.users.request is deprecated, and tested all the same.

mod support;

use serde_json::json;
use slack_api::methods::admin_workflows_triggers_types_permissions_lookup::{
    PermissionLevel, PermissionType, TriggerTypePermissions,
};
use slack_api::{ApiResponse, Client, Error, Token};
use slack_emulator::Script;
use support::{assert_no_token, bounded, builder, client, emu, Reply, Server, TOKEN};

const LOOKUP_BOTH_SHAPES: &str = r#"{
    "ok": true,
    "permissions": {
        "FTT01": {
            "permission": "named_entities",
            "user_ids": ["U00000001", "U00000002"],
            "team_ids": ["T00000001"]
        },
        "FTT02": {
            "permissions": [
                {"type": "trigger_type", "permission": "everyone"},
                {"type": "private_channel_access", "permission": "named_entities", "org_ids": ["E00000001"]}
            ]
        },
        "FTT03": {"something": "new"}
    },
    "metadata": {"next": null}
}"#;

fn strings(items: &[&str]) -> Vec<slack_api::Str> {
    items.iter().map(|s| slack_api::Str::new(s)).collect()
}

// ---------------------------------------------------------------------------------------
// The token
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn token_goes_only_in_the_authorization_header() {
    let server = Server::start([
        Reply::json(r#"{"ok":true}"#),
        Reply::json(r#"{"ok":true,"permissions":{}}"#),
        Reply::json(r#"{"ok":true}"#),
    ])
    .await;
    let client = client(&server);

    bounded(client.apps_permissions_users_request(["a", "b"], "123.456", "U1"))
        .await
        .unwrap();
    bounded(client.admin_workflows_triggers_types_permissions_lookup(["FTT01"]))
        .await
        .unwrap();
    bounded(client.call_raw("chat.postMessage", json!({"channel": "C1", "text": "hi"})))
        .await
        .unwrap();

    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    for request in &requests {
        let expected = format!("Bearer {TOKEN}");
        assert_eq!(request.header("authorization"), Some(expected.as_str()));
        assert!(
            !request.request_line.contains(TOKEN),
            "{}",
            request.request_line
        );
        assert!(
            !request.request_line.contains("token"),
            "{}",
            request.request_line
        );
        assert!(
            !request.body_str().contains(TOKEN),
            "{}",
            request.body_str()
        );
        assert!(
            !request.body_str().contains("token"),
            "{}",
            request.body_str()
        );
        // Exactly once in the whole request: in that header, nowhere else.
        assert_eq!(
            request.raw_str().matches(TOKEN).count(),
            1,
            "{}",
            request.raw_str()
        );
    }
}

#[tokio::test]
async fn a_call_token_replaces_the_client_token() {
    let server = Server::start([Reply::json(r#"{"ok":true,"permissions":{}}"#)]).await;
    let client = client(&server);
    bounded(
        client
            .admin_workflows_triggers_types_permissions_lookup(["FTT01"])
            .with_token("xoxp-other-token"),
    )
    .await
    .unwrap();
    let request = server.single_request();
    assert_eq!(
        request.header("authorization"),
        Some("Bearer xoxp-other-token")
    );
    assert!(!request.raw_str().contains(TOKEN));
}

#[tokio::test]
async fn debug_of_client_token_and_call_hides_the_token() {
    let server = Server::start([]).await;
    let client = builder(&server).team_id("T999").build().unwrap();
    let debug = format!("{client:?}");
    assert!(!debug.contains(TOKEN), "{debug}");
    assert!(debug.contains("Token(<redacted>)"), "{debug}");
    assert!(debug.contains(&server.base_url()), "{debug}");

    let token = Token::new(TOKEN);
    assert_eq!(format!("{token:?}"), "Token(<redacted>)");
    assert_eq!(format!("{token:#?}"), "Token(<redacted>)");
    assert_eq!(token.expose(), TOKEN);

    let call = client
        .admin_workflows_triggers_types_permissions_lookup(["FTT01"])
        .with_token(TOKEN);
    let debug = format!("{call:?}");
    assert!(!debug.contains(TOKEN), "{debug}");

    let builder_debug = format!("{:?}", Client::builder(TOKEN));
    assert!(!builder_debug.contains(TOKEN), "{builder_debug}");
}

#[tokio::test]
async fn an_echoed_token_is_redacted_from_http_errors() {
    let body =
        format!("<html><body>Internal error for Authorization: Bearer {TOKEN}</body></html>");
    let server = Server::start([Reply::new(500, body)]).await;
    let client = client(&server);
    // Not idempotent: a 500 is not retried.
    let err = bounded(client.apps_permissions_users_request(["a"], "1.2", "U1"))
        .await
        .expect_err("HTTP 500 is an error");
    let Error::Http {
        status, excerpt, ..
    } = &err
    else {
        panic!("expected Error::Http, got {err:?}");
    };
    assert_eq!(*status, 500);
    assert_eq!(
        excerpt,
        "<html><body>Internal error for Authorization: Bearer <redacted></body></html>"
    );
    for shown in [
        err.to_string(),
        format!("{err:?}"),
        format!("{err:#?}"),
        format!("{:?}", std::error::Error::source(&err)),
    ] {
        assert!(!shown.contains(TOKEN), "{shown}");
    }
    assert_eq!(server.request_count(), 1);
}

#[tokio::test]
async fn an_echoed_token_is_redacted_from_decode_errors() {
    // Echoed as a value of the wrong type where the envelope is read: serde's message
    // quotes the value.
    let body = format!(r#"{{"ok":"{TOKEN}","permissions":{{}}}}"#);
    let server = Server::start([Reply::json(body)]).await;
    let client = client(&server);
    let err = bounded(client.admin_workflows_triggers_types_permissions_lookup(["FTT01"]))
        .await
        .expect_err("a string is not a map");
    let Error::Decode {
        message, excerpt, ..
    } = &err
    else {
        panic!("expected Error::Decode, got {err:?}");
    };
    assert_eq!(excerpt, r#"{"ok":"<redacted>","permissions":{}}"#);
    assert!(message.contains("<redacted>"), "{message}");
    for shown in [err.to_string(), format!("{err:?}")] {
        assert!(!shown.contains(TOKEN), "{shown}");
    }
}

#[tokio::test]
async fn a_token_cut_by_the_excerpt_limit_leaves_no_part_behind() {
    // The token straddles the 512-byte cut of the excerpt.
    let body = format!("{}{TOKEN} and more", "x".repeat(500));
    let server = Server::start([Reply::new(500, body)]).await;
    let client = client(&server);
    let err = bounded(client.apps_permissions_users_request(["a"], "1.2", "U1"))
        .await
        .unwrap_err();
    let Error::Http { excerpt, .. } = &err else {
        panic!("expected Error::Http, got {err:?}");
    };
    // Cut at byte 512 of the body, inside the token, which is redacted whole.
    assert_eq!(*excerpt, format!("{}<redacted>…", "x".repeat(500)));
    // Not even the first 12 bytes of the token (`xoxp-1234567`).
    assert!(!excerpt.contains(&TOKEN[..12]), "{excerpt}");
    assert!(!err.to_string().contains(&TOKEN[..12]), "{err}");
}

#[tokio::test]
async fn a_second_token_across_the_excerpt_cut_leaves_no_fragment() {
    // The issue's case: a 56-byte token at byte 0 and again at byte 513. Redacting the first
    // shortened the text, and 45 bytes of the second survived in the excerpt.
    let token = "xoxb-1111111111-2222222222-QWERTYUIOPASDFGHJKLZXCVBNM123";
    assert_eq!(token.len(), 56);
    let body = format!("{token}{}{token} tail", "x".repeat(513 - token.len()));
    assert_eq!(body.find(token), Some(0));
    assert_eq!(body.rfind(token), Some(513));
    let server = Server::start([Reply::new(500, body)]).await;
    let client = Client::builder(token)
        .base_url(server.base_url())
        .retry_policy(slack_api::RetryPolicy::never())
        .pacing(false)
        .build()
        .unwrap();
    let err = bounded(client.apps_permissions_users_request(["a"], "1.2", "U1"))
        .await
        .unwrap_err();
    let Error::Http { excerpt, .. } = &err else {
        panic!("expected Error::Http, got {err:?}");
    };
    // Cut at byte 512 of the original body: the second copy starts after it.
    assert_eq!(*excerpt, format!("<redacted>{}…", "x".repeat(512 - 56)));
    for shown in [err.to_string(), format!("{err:?}")] {
        for piece in token.as_bytes().windows(8) {
            let piece = std::str::from_utf8(piece).unwrap();
            assert!(!shown.contains(piece), "{piece:?} in {shown}");
        }
    }
}

#[tokio::test]
async fn every_string_of_an_api_error_is_scrubbed() {
    let fragment = &TOKEN[5..20];
    let body = json!({
        "ok": false,
        "error": format!("bad_{TOKEN}"),
        "needed": format!("chat:write {TOKEN}"),
        "provided": format!("{fragment},users:read"),
        "warning": TOKEN,
        "response_metadata": {
            "warnings": [format!("w {fragment}")],
            "messages": [format!("[ERROR] {TOKEN} is invalid")],
        }
    });
    let server = Server::start([Reply::json(body.to_string())]).await;
    let client = client(&server);
    let err = bounded(client.call_raw("some.method", json!({})))
        .await
        .unwrap_err();
    let api = err.api_error().expect("an API error");
    assert_eq!(
        api.code,
        slack_api::RawErrorCode::Other("bad_<redacted>".into())
    );
    assert_eq!(api.needed.as_deref(), Some("chat:write <redacted>"));
    assert_eq!(api.provided.as_deref(), Some("<redacted>,users:read"));
    assert_eq!(api.warnings, ["<redacted>", "w <redacted>"]);
    assert_eq!(api.messages, ["[ERROR] <redacted> is invalid"]);
    assert_eq!(api.status, Some(200));
    assert_no_token(&format!("{err} {err:?} {err:#?}"));
}

// ---------------------------------------------------------------------------------------
// Where the token may go: https, loopback, never a redirect
// ---------------------------------------------------------------------------------------

#[test]
fn plain_http_to_a_remote_host_is_refused_unless_allowed() {
    for url in [
        "http://slack.com/api/",
        "http://10.0.0.1/api/",
        "http://[2001:db8::1]/api/",
        "http://localhost.example.com/",
        "http://127.0.0.1.nip.io/",
    ] {
        let err = Client::builder(TOKEN).base_url(url).build().unwrap_err();
        assert!(
            matches!(&err, slack_api::BuildError::InsecureBaseUrl { url: u } if u == url),
            "{url}: {err:?}"
        );
        assert!(err.to_string().contains("allow_insecure_http"), "{err}");
        assert_no_token(&format!("{err} {err:?}"));
        Client::builder(TOKEN)
            .base_url(url)
            .allow_insecure_http(true)
            .build()
            .unwrap_or_else(|e| panic!("{url} with the opt-in: {e}"));
    }
}

#[test]
fn https_and_plain_http_to_loopback_are_allowed() {
    for url in [
        "https://slack.com/api/",
        "https://10.0.0.1/",
        "http://127.0.0.1:8080/api/",
        "http://127.10.20.30/",
        "http://[::1]:9000/api/",
        "http://localhost:3000/api/",
        "http://LOCALHOST/",
    ] {
        Client::builder(TOKEN)
            .base_url(url)
            .build()
            .unwrap_or_else(|e| panic!("{url}: {e}"));
    }
}

#[tokio::test]
async fn a_redirect_is_not_followed_and_the_token_stays_home() {
    let elsewhere = Server::start([Reply::json(r#"{"ok":true,"permissions":{}}"#)]).await;
    for status in [301, 302, 303, 307, 308] {
        let location = format!(
            "{}admin.workflows.triggers.types.permissions.lookup",
            elsewhere.base_url()
        );
        let server =
            Server::start([Reply::new(status, "moved").header("Location", &location)]).await;
        let client = client(&server);
        let err = bounded(client.admin_workflows_triggers_types_permissions_lookup(["FTT01"]))
            .await
            .expect_err("a redirect is an error");
        assert!(
            matches!(&err, Error::Http { status: s, excerpt, .. } if *s == status && excerpt == "moved"),
            "{status}: {err:?}"
        );
        assert!(!err.is_transient());
        assert_eq!(server.request_count(), 1, "{status}: a 3xx is not retried");
    }
    // On the wire: the other host (another port) never saw a request, with or without the
    // token.
    assert_eq!(elsewhere.request_count(), 0, "{:#?}", elsewhere.requests());
}

#[tokio::test]
async fn a_redirect_to_the_same_host_is_not_followed_either() {
    let server = Server::start([
        Reply::new(302, "").header("Location", "/api/other"),
        Reply::json(r#"{"ok":true,"permissions":{}}"#),
    ])
    .await;
    let client = client(&server);
    let err = bounded(client.admin_workflows_triggers_types_permissions_lookup(["FTT01"]))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Http { status: 302, .. }), "{err:?}");
    assert_eq!(server.request_count(), 1);
}

// ---------------------------------------------------------------------------------------
// Encoding, as each method's metadata says
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn get_method_sends_its_arguments_in_the_query_and_no_body() {
    let server = Server::start([Reply::json(r#"{"ok":true}"#)]).await;
    let client = client(&server);
    let response = bounded(
        client
            .apps_permissions_users_request(["a", "b"], "123.456&x=y", "U 1")
            .send(),
    )
    .await
    .unwrap();
    assert!(response.ok);

    let request = server.single_request();
    assert_eq!(
        request.request_line,
        "GET /api/apps.permissions.users.request?scopes=a%2Cb&trigger_id=123.456%26x%3Dy&user=U+1 HTTP/1.1"
    );
    assert_eq!(request.body, b"");
    assert_eq!(request.header("content-type"), None);
    assert!(matches!(request.header("content-length"), None | Some("0")));
    assert_eq!(
        request.header("user-agent"),
        Some(concat!("slack-api-rs/", env!("CARGO_PKG_VERSION")))
    );
    assert_eq!(
        request.header("host"),
        Some(server.addr().to_string().as_str())
    );
    // The raw request ends with the blank line after the headers: nothing follows.
    assert!(request.raw.ends_with(b"\r\n\r\n"));
}

#[tokio::test]
async fn json_method_sends_a_json_body() {
    let server = Server::start([Reply::json(LOOKUP_BOTH_SHAPES)]).await;
    let client = client(&server);
    bounded(client.admin_workflows_triggers_types_permissions_lookup(["FTT01", "FTT02"]))
        .await
        .unwrap();

    let request = server.single_request();
    assert_eq!(
        request.request_line,
        "POST /api/admin.workflows.triggers.types.permissions.lookup HTTP/1.1"
    );
    assert_eq!(
        request.header("content-type"),
        Some("application/json; charset=utf-8")
    );
    assert_eq!(
        request.body_str(),
        r#"{"trigger_type_ids":["FTT01","FTT02"]}"#
    );
    assert_eq!(request.header("content-length"), Some("38"));
}

#[tokio::test]
async fn raw_call_to_an_unknown_method_is_a_form_post() {
    let server = Server::start([Reply::json(r#"{"ok":true,"ts":"1.2","channel":"C123"}"#)]).await;
    let client = client(&server);
    let params = json!({
        "channel": "C123",
        "text": "héllo & bye = 100%",
        "as_user": true,
        "unfurl_links": false,
        "limit": 20,
        "ratio": 1.5,
        "ids": ["A1", "B2", "C 3"],
        "metadata": {"event_type": "x", "event_payload": {"k": 1}},
        "skipped": null
    });
    let value = bounded(client.call_raw("example.unknownMethod", params))
        .await
        .unwrap();
    assert_eq!(value, json!({"ok": true, "ts": "1.2", "channel": "C123"}));

    let request = server.single_request();
    assert_eq!(
        request.request_line,
        "POST /api/example.unknownMethod HTTP/1.1"
    );
    assert_eq!(
        request.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    // serde_json objects iterate in key order.
    assert_eq!(
        request.body_str(),
        "as_user=true\
         &channel=C123\
         &ids=A1%2CB2%2CC+3\
         &limit=20\
         &metadata=%7B%22event_payload%22%3A%7B%22k%22%3A1%7D%2C%22event_type%22%3A%22x%22%7D\
         &ratio=1.5\
         &text=h%C3%A9llo+%26+bye+%3D+100%25\
         &unfurl_links=false"
    );
    assert_eq!(
        request.header("content-length"),
        Some(request.body.len().to_string().as_str())
    );
}

#[tokio::test]
async fn raw_call_to_a_known_method_follows_its_metadata() {
    let server = Server::start([Reply::json(r#"{"ok":true}"#)]).await;
    let client = client(&server);
    bounded(client.call_raw(
        "apps.permissions.users.request",
        json!({"scopes": ["a", "b"], "trigger_id": "1.2", "user": "U1"}),
    ))
    .await
    .unwrap();
    let request = server.single_request();
    assert_eq!(
        request.request_line,
        "GET /api/apps.permissions.users.request?scopes=a%2Cb&trigger_id=1.2&user=U1 HTTP/1.1"
    );
    assert_eq!(request.body, b"");
}

#[tokio::test]
async fn raw_call_rejects_bad_input_without_a_request() {
    let server = Server::start([]).await;
    let client = client(&server);
    for (method, params, message) in [
        (
            "chat.postMessage",
            json!({"token": "xoxb-nope"}),
            "the token goes in the client, not in params",
        ),
        (
            "chat.postMessage",
            json!([1, 2]),
            "params must be a JSON object",
        ),
        (
            "../admin",
            json!({}),
            "a method name is made of letters, digits and dots",
        ),
        (
            "",
            json!({}),
            "a method name is made of letters, digits and dots",
        ),
    ] {
        let err = bounded(client.call_raw(method, params)).await.unwrap_err();
        match err {
            Error::InvalidRequest {
                method: m,
                message: got,
            } => {
                assert_eq!(m, method);
                assert_eq!(got, message);
            }
            other => panic!("expected InvalidRequest, got {other:?}"),
        }
    }
    assert_eq!(server.request_count(), 0);
}

#[tokio::test]
async fn default_team_id_is_not_sent_to_methods_without_one() {
    let server = Server::start([
        Reply::json(r#"{"ok":true,"permissions":{}}"#),
        Reply::json(r#"{"ok":true}"#),
        Reply::json(r#"{"ok":true,"channels":[]}"#),
        Reply::json(r#"{"ok":true,"channels":[]}"#),
    ])
    .await;
    let client = builder(&server).team_id("T999").build().unwrap();
    bounded(client.admin_workflows_triggers_types_permissions_lookup(["FTT01"]))
        .await
        .unwrap();
    bounded(client.apps_permissions_users_request(["a"], "1.2", "U1"))
        .await
        .unwrap();
    // A method that takes `team_id` gets the default, unless the call sets its own.
    bounded(client.conversations_list().limit(5)).await.unwrap();
    bounded(client.conversations_list().team_id("T111"))
        .await
        .unwrap();

    let requests = server.requests();
    assert_eq!(requests.len(), 4);
    assert_eq!(requests[0].body_str(), r#"{"trigger_type_ids":["FTT01"]}"#);
    assert!(!requests[0].raw_str().contains("team_id"));
    assert!(!requests[0].raw_str().contains("T999"));
    assert_eq!(
        requests[1].target(),
        "/api/apps.permissions.users.request?scopes=a&trigger_id=1.2&user=U1"
    );
    assert!(!requests[1].raw_str().contains("T999"));
    assert_eq!(
        requests[2].target(),
        "/api/conversations.list?limit=5&team_id=T999"
    );
    assert_eq!(requests[3].target(), "/api/conversations.list?team_id=T111");
}

#[tokio::test]
async fn optional_arguments_not_set_are_not_sent() {
    let server = Server::start([
        Reply::json(r#"{"ok":true,"channels":[]}"#),
        Reply::json(r#"{"ok":true,"channels":[]}"#),
    ])
    .await;
    let client = client(&server);
    bounded(client.conversations_list()).await.unwrap();
    bounded(
        client
            .conversations_list()
            .exclude_archived(true)
            .types(["public_channel", "private_channel"]),
    )
    .await
    .unwrap();
    let requests = server.requests();
    assert_eq!(
        requests[0].request_line,
        "GET /api/conversations.list HTTP/1.1"
    );
    assert_eq!(
        requests[1].target(),
        "/api/conversations.list?exclude_archived=true&types=public_channel%2Cprivate_channel"
    );
}

#[tokio::test]
async fn base_url_without_a_trailing_slash_is_joined_correctly() {
    // The emulator serves `/api/<method>` and nothing else: a URL joined wrong is a 404.
    let emulator = emu::start().await;
    let client = emu::builder(&emulator)
        .base_url(format!("http://{}/api", emulator.addr()))
        .build()
        .unwrap();
    bounded(client.admin_workflows_triggers_types_permissions_lookup(["FTT01"]))
        .await
        .unwrap();
    let calls = emulator.calls();
    assert_eq!(calls.len(), 1, "{calls:#?}");
    assert_eq!(
        calls[0].method,
        "admin.workflows.triggers.types.permissions.lookup"
    );
    assert_eq!(calls[0].http_method, "POST");
}

#[tokio::test]
async fn custom_user_agent_is_sent() {
    let server = Server::start([Reply::json(r#"{"ok":true,"permissions":{}}"#)]).await;
    let client = builder(&server).user_agent("my-app/2.0").build().unwrap();
    bounded(client.admin_workflows_triggers_types_permissions_lookup(["FTT01"]))
        .await
        .unwrap();
    assert_eq!(
        server.single_request().header("user-agent"),
        Some("my-app/2.0")
    );
}

// ---------------------------------------------------------------------------------------
// Typed responses, end to end
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn lookup_decodes_both_toggle_shapes_and_unknown_ones() {
    let emulator = emu::start().await;
    let mut fields: serde_json::Value = serde_json::from_str(LOOKUP_BOTH_SHAPES).unwrap();
    fields.as_object_mut().unwrap().remove("ok");
    emulator.script(
        "admin.workflows.triggers.types.permissions.lookup",
        Script::ok(fields),
    );
    let client = emu::client(&emulator);
    let response = bounded(
        client.admin_workflows_triggers_types_permissions_lookup(["FTT01", "FTT02", "FTT03"]),
    )
    .await
    .unwrap();
    assert!(response.ok);
    assert_eq!(
        response.permissions.keys().collect::<Vec<_>>(),
        ["FTT01", "FTT02", "FTT03"]
    );

    let TriggerTypePermissions::Legacy(legacy) = &response.permissions["FTT01"] else {
        panic!("FTT01: {:?}", response.permissions["FTT01"]);
    };
    assert_eq!(legacy.permission, PermissionLevel::NamedEntities);
    assert_eq!(
        legacy.user_ids.as_deref(),
        Some(&strings(&["U00000001", "U00000002"])[..])
    );
    assert_eq!(
        legacy.team_ids.as_deref(),
        Some(&strings(&["T00000001"])[..])
    );
    assert_eq!(legacy.org_ids, None);

    let TriggerTypePermissions::Granular(granular) = &response.permissions["FTT02"] else {
        panic!("FTT02: {:?}", response.permissions["FTT02"]);
    };
    assert_eq!(granular.permissions.len(), 2);
    assert_eq!(granular.permissions[0].r#type, PermissionType::TriggerType);
    assert_eq!(
        granular.permissions[0].permission,
        PermissionLevel::Everyone
    );
    assert_eq!(granular.permissions[0].org_ids, None);
    assert_eq!(
        granular.permissions[1].r#type,
        PermissionType::PrivateChannelAccess
    );
    assert_eq!(
        granular.permissions[1].permission,
        PermissionLevel::NamedEntities
    );
    assert_eq!(
        granular.permissions[1].org_ids.as_deref(),
        Some(&strings(&["E00000001"])[..])
    );

    assert_eq!(
        response.permissions["FTT03"],
        TriggerTypePermissions::Other(json!({"something": "new"}))
    );
    assert_eq!(response.metadata, Some(json!({"next": null})));
    assert!(response.warnings().is_empty());
}

#[tokio::test]
async fn request_method_decodes_its_response() {
    let emulator = emu::start().await;
    emulator.script(
        "apps.permissions.users.request",
        Script::ok(json!({"request_id": "R1"})),
    );
    let client = emu::client(&emulator);
    let response = bounded(client.apps_permissions_users_request(["a"], "1.2", "U1"))
        .await
        .unwrap();
    assert!(response.ok);
    assert_eq!(response.warning, None);
    assert_eq!(response.response_metadata, None);
    assert_eq!(response.extra.get("request_id"), Some(&json!("R1")));
}

#[test]
fn clients_and_calls_can_be_shared_across_tasks() {
    fn shareable<T: Clone + Send + Sync + 'static>() {}
    fn sendable<T: Send>(_: &T) {}
    shareable::<Client>();
    shareable::<Token>();
    let client = Client::new(TOKEN).unwrap();
    // The future of a call can be spawned on a multi-threaded runtime.
    sendable(
        &client
            .admin_workflows_triggers_types_permissions_lookup(["F1"])
            .send(),
    );
    sendable(&client.conversations_list().limit(2).pages());
}

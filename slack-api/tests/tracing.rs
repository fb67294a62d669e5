//! The `tracing` output of a call: one span with method, attempt, status and elapsed time,
//! warnings as an event, and never the token anywhere. A call the emulator answers (a 429,
//! then a success with a warning); an error page that echoes the token, from the raw
//! scripted server of `support`.

mod support;

use serde_json::json;
use slack_emulator::Script;
use support::{bounded, client, emu, Capture, Reply, Server, TOKEN};

#[tokio::test]
async fn a_call_is_one_span_with_method_attempt_status_and_elapsed_time() {
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    let emulator = emu::start().await;
    let lookup = "admin.workflows.triggers.types.permissions.lookup";
    emulator.script(lookup, Script::rate_limited(0));
    emulator.script(
        lookup,
        Script::ok(json!({"permissions": {}, "warning": "superfluous_charset"})),
    );
    let client = emu::client(&emulator);
    bounded(
        client
            .admin_workflows_triggers_types_permissions_lookup(["Ftt01"])
            .send(),
    )
    .await
    .unwrap();

    let lines = capture.lines();
    let text = lines.join("\n");
    let spans: Vec<&String> = lines
        .iter()
        .filter(|l| l.contains(" slack_api.call"))
        .collect();
    assert_eq!(spans.len(), 1, "{text}");
    assert!(
        spans[0].contains(r#"method="admin.workflows.triggers.types.permissions.lookup""#),
        "{text}"
    );
    let id = spans[0]
        .split_whitespace()
        .next()
        .unwrap()
        .trim_start_matches("span");
    let records: Vec<&String> = lines
        .iter()
        .filter(|l| l.starts_with(&format!("record{id}")))
        .collect();
    for field in [
        "status=429",
        "attempt=1",
        "status=200",
        "attempt=2",
        "elapsed_ms=",
    ] {
        assert!(
            records.iter().any(|r| r.contains(field)),
            "no {field} in:\n{text}"
        );
    }
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("event WARN") && l.contains("superfluous_charset")),
        "no warning event in:\n{text}"
    );
    assert!(!text.contains(TOKEN), "the token reached the logs:\n{text}");
    assert!(
        !text.contains("S3CR3T"),
        "part of the token reached the logs:\n{text}"
    );
}

#[tokio::test]
async fn failures_log_no_token() {
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    let echo = format!("<html>Bearer {TOKEN}</html>");
    let server = Server::start([Reply::new(500, echo.clone()), Reply::new(500, echo)]).await;
    let client = client(&server);
    let err = bounded(
        client
            .admin_workflows_triggers_types_permissions_lookup(["Ftt01"])
            .send(),
    )
    .await
    .unwrap_err();
    let text = capture.lines().join("\n");
    assert!(text.contains("status=500"), "{text}");
    assert!(!text.contains("S3CR3T"), "{text}");
    assert!(!format!("{err} {err:?}").contains("S3CR3T"));
}

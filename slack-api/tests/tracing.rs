//! The `tracing` output of a call: one span with method, attempt, status and elapsed time,
//! warnings as an event, and never the token anywhere.

mod support;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use support::{bounded, client, Reply, Server, TOKEN};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

/// Records every span, field and event as text lines.
#[derive(Default, Clone)]
struct Capture {
    lines: Arc<Mutex<Vec<String>>>,
    next_id: Arc<AtomicU64>,
}

struct Fields(String);

impl Visit for Fields {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.push_str(&format!(" {}={:?}", field.name(), value));
    }
}

impl Capture {
    fn push(&self, line: String) {
        self.lines.lock().unwrap().push(line);
    }

    fn lines(&self) -> Vec<String> {
        self.lines.lock().unwrap().clone()
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed) + 1;
        let mut fields = Fields(String::new());
        span.record(&mut fields);
        self.push(format!("span#{id} {}{}", span.metadata().name(), fields.0));
        Id::from_u64(id)
    }

    fn record(&self, span: &Id, values: &Record<'_>) {
        let mut fields = Fields(String::new());
        values.record(&mut fields);
        self.push(format!("record#{}{}", span.into_u64(), fields.0));
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut fields = Fields(String::new());
        event.record(&mut fields);
        self.push(format!("event {}{}", event.metadata().level(), fields.0));
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

#[tokio::test]
async fn a_call_is_one_span_with_method_attempt_status_and_elapsed_time() {
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    let server = Server::start([
        Reply::rate_limited(Some("0")),
        Reply::json(r#"{"ok":true,"permissions":{},"warning":"superfluous_charset"}"#),
    ])
    .await;
    let client = client(&server);
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

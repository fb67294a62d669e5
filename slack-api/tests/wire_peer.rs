//! The wire layer's decoder against a peer we did not write: Slack's own Python SDK
//! (`slack_sdk` from PyPI) makes ordinary calls to a recording server on 127.0.0.1
//! (`tests/peer/capture.py`), and every request it sent must decode, by the method's
//! metadata, into the arguments it was given and the token from its header.
//!
//! Needs `python3`; `slack_sdk` is installed with pip when it is missing (CI installs it
//! first).

use std::process::Command;

use serde::Deserialize;
use slack_api::wire::{self, IncomingRequest};
use slack_api::{MethodMeta, ParamValue};

const SLACK_SDK: &str = "slack_sdk==3.36.0";

#[derive(Deserialize)]
struct Captured {
    verb: String,
    method: String,
    query: Option<String>,
    content_type: Option<String>,
    authorization: Option<String>,
    body: Vec<u8>,
}

fn python_has_slack_sdk() -> bool {
    Command::new("python3")
        .args(["-c", "import slack_sdk"])
        .status()
        .is_ok_and(|s| s.success())
}

/// What the SDK sent, as the recording server saw it.
fn capture() -> Vec<Captured> {
    if !python_has_slack_sdk() {
        let status = Command::new("python3")
            .args(["-m", "pip", "install", "--quiet", SLACK_SDK])
            .status()
            .expect("python3 runs");
        assert!(status.success(), "pip could not install {SLACK_SDK}");
    }
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/peer/capture.py");
    let output = Command::new("python3")
        .arg(script)
        .output()
        .expect("python3 runs");
    assert!(
        output.status.success(),
        "the slack_sdk script failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("the script prints the requests as JSON")
}

fn text<'a>(value: Option<&'a ParamValue<'_>>) -> Option<&'a str> {
    value.and_then(ParamValue::as_str)
}

#[test]
fn what_slacks_python_sdk_sends_decodes_by_the_methods_metadata() {
    let captured = capture();
    let methods: Vec<&str> = captured.iter().map(|c| c.method.as_str()).collect();
    assert_eq!(
        methods,
        [
            "chat.postMessage",
            "conversations.list",
            "conversations.history",
            "users.setPhoto",
            "reactions.add",
            "admin.users.session.resetBulk",
            "auth.test",
            "auth.test",
        ]
    );
    for c in &captured {
        let meta = MethodMeta::find(&c.method).expect("a method of the spec");
        let request = IncomingRequest {
            method: &c.verb,
            query: c.query.as_deref(),
            content_type: c.content_type.as_deref(),
            authorization: c.authorization.as_deref(),
            body: &c.body,
        };
        let decoded = wire::decode(Some(meta), &request)
            .unwrap_or_else(|e| panic!("{}: {e:?} ({:?})", c.method, c.content_type));
        assert_eq!(
            decoded.token.as_ref().map(|t| t.expose()),
            Some("xoxb-peer-token"),
            "{}",
            c.method
        );
        let p = &decoded.params;
        match c.method.as_str() {
            "chat.postMessage" => {
                assert_eq!(text(p.get("channel")), Some("C123"));
                assert_eq!(text(p.get("text")), Some("hello"));
                assert_eq!(p.get("unfurl_links"), Some(&ParamValue::Bool(false)));
                let Some(ParamValue::Json(blocks)) = p.get("blocks") else {
                    panic!("blocks: {:?}", p.get("blocks"))
                };
                assert_eq!(**blocks, serde_json::json!([{"type": "divider"}]));
            }
            "conversations.list" => {
                assert_eq!(p.get("limit"), Some(&ParamValue::Int(5)));
                let Some(ParamValue::List(types)) = p.get("types") else {
                    panic!("types: {:?}", p.get("types"))
                };
                assert_eq!(types, &["public_channel", "private_channel"]);
            }
            "conversations.history" => {
                assert_eq!(text(p.get("channel")), Some("C123"));
                assert_eq!(p.get("limit"), Some(&ParamValue::Int(2)));
                // The SDK writes booleans in forms as 1 and 0.
                assert_eq!(p.get("inclusive"), Some(&ParamValue::Bool(true)));
            }
            "users.setPhoto" => {
                let Some(ParamValue::File(image)) = p.get("image") else {
                    panic!("image: {:?}", p.get("image"))
                };
                assert_eq!(image.bytes(), b"\x89PNG fake image bytes");
            }
            "reactions.add" => {
                assert_eq!(text(p.get("name")), Some("thumbsup"));
                assert_eq!(text(p.get("timestamp")), Some("1.2"));
            }
            "admin.users.session.resetBulk" => {
                let Some(ParamValue::List(users)) = p.get("user_ids") else {
                    panic!("user_ids: {:?}", p.get("user_ids"))
                };
                assert_eq!(users, &["U1", "U2"]);
            }
            "auth.test" => assert_eq!(p.len(), 0, "{p:?}"),
            other => panic!("unexpected {other}"),
        }
    }
}

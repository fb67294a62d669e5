//! Signed requests as Slack sends them, for the tests.
#![allow(dead_code)] // each test binary uses its own part

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use slack_events::{sign, Receiver, Verifier};

pub const SECRET: &str = "8f742231b10e8888abcd99yyyzzz85a5";
/// A fixed "now" for the tests that do not go over the network.
pub const NOW: i64 = 1_700_000_000;

pub fn at(seconds: i64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(seconds.unsigned_abs())
}

pub fn now_secs() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
        .try_into()
        .unwrap()
}

pub type HeaderList = Vec<(String, String)>;

/// The headers Slack sends with `body` at `timestamp`, signed with `secret`.
pub fn signed_with(secret: &str, timestamp: i64, content_type: &str, body: &[u8]) -> HeaderList {
    vec![
        ("Content-Type".into(), content_type.into()),
        ("X-Slack-Request-Timestamp".into(), timestamp.to_string()),
        (
            "X-Slack-Signature".into(),
            sign(secret.as_bytes(), timestamp, body),
        ),
    ]
}

/// A JSON body signed with [`SECRET`] at [`NOW`].
pub fn json_headers(body: &str) -> HeaderList {
    signed_with(SECRET, NOW, "application/json", body.as_bytes())
}

/// A form body signed with [`SECRET`] at [`NOW`].
pub fn form_headers(body: &str) -> HeaderList {
    signed_with(
        SECRET,
        NOW,
        "application/x-www-form-urlencoded",
        body.as_bytes(),
    )
}

pub fn receiver() -> Receiver {
    Receiver::new(Verifier::new([SECRET]))
}

/// An `event_callback` envelope with this `event_id`.
pub fn event(event_id: &str) -> String {
    serde_json::json!({
        "token": "unused-verification-token",
        "team_id": "T0001",
        "api_app_id": "A0001",
        "event": {"type": "app_mention", "user": "U0001", "text": "<@U0002> hi", "ts": "1700000000.000100", "channel": "C0001"},
        "type": "event_callback",
        "event_id": event_id,
        "event_time": NOW,
        "authorizations": [{"team_id": "T0001", "user_id": "U0002", "is_bot": true}]
    })
    .to_string()
}

/// `payload=<json>`, form-encoded, as interactivity requests come.
pub fn payload_form(payload: &serde_json::Value) -> String {
    form_urlencoded::Serializer::new(String::new())
        .append_pair("payload", &payload.to_string())
        .finish()
}

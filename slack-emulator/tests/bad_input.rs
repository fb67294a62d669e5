//! Bad input gets a Slack-style answer, never a panic or a hang: malformed bodies, text
//! that is not UTF-8, a body too large (refused once the limit is passed, not read whole),
//! unknown arguments, and a verb the Web API does not take.

use slack_emulator::{Emulator, GENERAL_ID};

async fn post(
    emulator: &Emulator,
    method: &str,
    content_type: &str,
    body: Vec<u8>,
) -> (u16, serde_json::Value) {
    let response = reqwest::Client::new()
        .post(format!("{}{method}", emulator.base_url()))
        .header("authorization", format!("Bearer {}", emulator.tokens().bot))
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .expect("an answer");
    let status = response.status().as_u16();
    let bytes = response.bytes().await.expect("a body");
    (
        status,
        serde_json::from_slice(&bytes).expect("a JSON answer"),
    )
}

#[tokio::test]
async fn bad_bodies_get_slacks_errors() {
    let emulator = Emulator::start().await.unwrap();
    let (_, body) = post(
        &emulator,
        "chat.postMessage",
        "application/json; charset=utf-8",
        b"{\"channel\": ".to_vec(),
    )
    .await;
    assert_eq!(body["error"], "invalid_json");
    let (_, body) = post(
        &emulator,
        "chat.postMessage",
        "application/x-www-form-urlencoded",
        b"channel=%ZZ".to_vec(),
    )
    .await;
    assert_eq!(body["error"], "invalid_form_data");
    let (_, body) = post(
        &emulator,
        "chat.postMessage",
        "application/x-www-form-urlencoded",
        b"channel=\xff\xfe&text=x".to_vec(),
    )
    .await;
    assert_eq!(body["error"], "invalid_form_data");
    let (_, body) = post(
        &emulator,
        "chat.postMessage",
        "text/plain",
        b"hello".to_vec(),
    )
    .await;
    assert_eq!(body["error"], "invalid_post_type");
    // JSON to a method that takes only forms.
    let (_, body) = post(
        &emulator,
        "apps.permissions.users.request",
        "application/json; charset=utf-8",
        b"{\"scopes\": \"x\"}".to_vec(),
    )
    .await;
    assert_eq!(body["error"], "invalid_post_type");
    // A JSON body without its charset is served, with Slack's warning.
    let (_, body) = post(
        &emulator,
        "chat.postMessage",
        "application/json",
        format!("{{\"channel\": \"{GENERAL_ID}\", \"text\": \"hi\", \"no_such_argument\": 1}}")
            .into_bytes(),
    )
    .await;
    assert_eq!(body["ok"], true, "{body}");
    assert_eq!(body["warning"], "missing_charset");
}

#[tokio::test]
async fn a_huge_body_is_refused_without_being_read_whole() {
    let emulator = Emulator::start().await.unwrap();
    let huge = vec![b'a'; slack_emulator::MAX_BODY + 1024];
    let (status, body) = post(
        &emulator,
        "chat.postMessage",
        "application/x-www-form-urlencoded",
        huge,
    )
    .await;
    assert_eq!(status, 413);
    assert_eq!(body["ok"], false);
    // The emulator still serves.
    let (_, body) = post(
        &emulator,
        "auth.test",
        "application/x-www-form-urlencoded",
        Vec::new(),
    )
    .await;
    assert_eq!(body["ok"], true);
}

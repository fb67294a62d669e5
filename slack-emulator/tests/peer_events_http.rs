//! The emulator's signed HTTP event delivery against a verifier we did not write: Slack's
//! own Python SDK (`slack_sdk.signature.SignatureVerifier`, in the Request URL server of
//! `tests/peer/events_http.py`) accepts the `url_verification` and the event the emulator
//! signs, and refuses them once the emulator signs with another secret than the app's.
//!
//! Needs `python3` and `slack_sdk` (`.ci/run` installs `slack_sdk==3.36.0`); skipped with a
//! message without them.

mod peer;

use std::time::{Duration, Instant};

use peer::{has_slack_sdk, Peer};
use slack_emulator::{Emulator, Via, DEFAULT_SIGNING_SECRET, GENERAL_ID, HUMAN_ID};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slacks_python_sdk_verifies_the_signature_of_each_request() {
    if !has_slack_sdk("slack_sdk.signature") {
        eprintln!("SKIPPED: needs python3 with slack_sdk (pip install slack_sdk==3.36.0)");
        return;
    }
    let deadline = Instant::now() + Duration::from_secs(30);
    let emulator = Emulator::start().await.unwrap();
    // The url_verification, an event signed right, an event signed with another secret.
    let mut peer = Peer::start("events_http.py", &[DEFAULT_SIGNING_SECRET, "3"]);
    let listening = peer.next(deadline).await.expect("the peer listens");
    let url = format!("http://127.0.0.1:{}/slack/events", listening["port"]);

    // The challenge is answered only when the SDK finds the request signed.
    emulator.set_request_url(&url).await.unwrap();
    let verification = peer.next(deadline).await.expect("a url_verification");
    assert_eq!(verification["type"], "url_verification");
    assert_eq!(verification["valid"], true, "{verification}");

    emulator
        .act_as(HUMAN_ID)
        .post_message(GENERAL_ID, "hello, verifier")
        .unwrap();
    let event = peer.next(deadline).await.expect("an event_callback");
    assert_eq!(event["type"], "event_callback");
    assert_eq!(event["text"], "hello, verifier");
    assert_eq!(event["valid"], true, "{event}");

    // The SDK's check is a real one: signed with a secret the app does not have, the same
    // kind of request is refused.
    emulator.configure_app(|app| app.signing_secret = "not the app's secret".into());
    emulator
        .act_as(HUMAN_ID)
        .post_message(GENERAL_ID, "forged")
        .unwrap();
    let forged = peer.next(deadline).await.expect("a second event_callback");
    assert_eq!(forged["text"], "forged");
    assert_eq!(forged["valid"], false, "{forged}");

    let (_, success) = peer.finish(deadline).await;
    assert!(success, "the Python peer failed (its stderr is above)");
    // Each delivery is recorded once its answer has come.
    let deliveries = loop {
        let http: Vec<_> = emulator
            .deliveries()
            .into_iter()
            .filter(|d| d.via == Via::Http)
            .map(|d| (d.kind, d.status))
            .collect();
        if http.len() >= 3 || Instant::now() > deadline {
            break http;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    };
    assert!(deliveries.len() >= 3, "{deliveries:?}");
    assert_eq!(
        &deliveries[..3],
        [
            ("url_verification".to_owned(), Some(200)),
            ("event_callback".to_owned(), Some(200)),
            ("event_callback".to_owned(), Some(401)),
        ]
    );
}

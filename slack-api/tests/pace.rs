//! The pacing hook over real HTTP: the pacer is asked once before each try, retries
//! included, with the method, its rate limit, the per-channel value, and a key for the
//! token that is never the token.

mod support;

use std::sync::{Arc, Mutex};

use serde_json::json;
use slack_api::{PaceFuture, PaceKey, Pacer, RateLimit, TokenKey};
use support::{bounded, builder, Reply, Server, TOKEN};

/// What the pacer was asked, as owned values.
#[derive(Debug, Clone, PartialEq)]
struct Seen {
    token: TokenKey,
    method: String,
    rate_limit: RateLimit,
    per_value: Option<String>,
    attempt: u32,
    debug: String,
}

#[derive(Clone, Default)]
struct Recording(Arc<Mutex<Vec<Seen>>>);

impl Pacer for Recording {
    fn pace<'a>(&'a self, key: &'a PaceKey<'a>) -> PaceFuture<'a> {
        self.0.lock().unwrap().push(Seen {
            token: key.token,
            method: key.method.to_owned(),
            rate_limit: key.rate_limit,
            per_value: key.per_value.map(str::to_owned),
            attempt: key.attempt,
            debug: format!("{key:?}"),
        });
        Box::pin(async {})
    }
}

const POSTED: &str = r#"{"ok":true,"channel":"C123","ts":"1.2","message":{"type":"message","text":"hi","ts":"1.2"}}"#;

#[tokio::test]
async fn the_pacer_sees_each_try_with_its_key_and_never_the_token() {
    let server = Server::start([
        Reply::rate_limited(Some("0")),
        Reply::json(POSTED),
        Reply::json(r#"{"ok":true,"channels":[]}"#),
        Reply::json(r#"{"ok":true}"#),
    ])
    .await;
    let recording = Recording::default();
    let client = builder(&server).pacer(recording.clone()).build().unwrap();
    bounded(client.chat_post_message("C123").text("hi"))
        .await
        .expect("the retry succeeds");
    bounded(client.conversations_list().with_token("xoxb-another-token"))
        .await
        .expect("listed");
    bounded(client.call_raw("some.method", json!({"channel": "C9"})))
        .await
        .expect("raw");
    assert_eq!(server.request_count(), 4);

    let seen = recording.0.lock().unwrap().clone();
    assert_eq!(seen.len(), 4, "{seen:?}");
    let own = TokenKey::of(TOKEN);
    let post = |attempt| (own, "chat.postMessage", Some("C123".to_owned()), attempt);
    let got: Vec<_> = seen
        .iter()
        .map(|s| (s.token, s.method.as_str(), s.per_value.clone(), s.attempt))
        .collect();
    assert_eq!(
        got,
        [
            post(1),
            post(2),
            (
                TokenKey::of("xoxb-another-token"),
                "conversations.list",
                None,
                1
            ),
            (own, "some.method", None, 1),
        ]
    );
    assert!(matches!(
        seen[0].rate_limit,
        RateLimit::Special {
            per: Some("channel"),
            ..
        }
    ));
    assert_eq!(seen[2].rate_limit, RateLimit::Tier(2));
    assert_eq!(seen[3].rate_limit, RateLimit::Undocumented);
    assert_ne!(own, TokenKey::of("xoxb-another-token"));
    for s in &seen {
        assert!(
            !s.debug.contains(TOKEN) && !s.debug.contains("another"),
            "{}",
            s.debug
        );
    }
}

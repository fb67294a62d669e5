//! The pacing hook over real HTTP, against the emulator: the pacer is asked once before each
//! try, retries included, with the method, its rate limit, the per-channel value, and a key
//! for the token that is never the token.

mod support;

use std::sync::{Arc, Mutex};

use serde_json::json;
use slack_api::{PaceFuture, PaceKey, Pacer, RateLimit, TokenKey};
use slack_emulator::{Script, GENERAL_ID};
use support::{bounded, emu, TOKEN};

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

#[tokio::test]
async fn the_pacer_sees_each_try_with_its_key_and_never_the_token() {
    let emulator = emu::start().await;
    emulator.script("chat.postMessage", Script::rate_limited(0));
    // A method the spec does not know, answered all the same.
    emulator.script("some.method", Script::ok(json!({})));
    let bot = emulator.tokens().bot.clone();
    let recording = Recording::default();
    let client = emu::builder(&emulator)
        .pacer(recording.clone())
        .build()
        .unwrap();
    bounded(client.chat_post_message(GENERAL_ID).text("hi"))
        .await
        .expect("the retry succeeds");
    bounded(client.conversations_list().with_token(bot.clone()))
        .await
        .expect("listed");
    bounded(client.call_raw("some.method", json!({"channel": "C9"})))
        .await
        .expect("raw");
    assert_eq!(emulator.calls().len(), 4);

    let seen = recording.0.lock().unwrap().clone();
    assert_eq!(seen.len(), 4, "{seen:?}");
    let own = TokenKey::of(TOKEN);
    let post = |attempt| {
        (
            own,
            "chat.postMessage",
            Some(GENERAL_ID.to_owned()),
            attempt,
        )
    };
    let got: Vec<_> = seen
        .iter()
        .map(|s| (s.token, s.method.as_str(), s.per_value.clone(), s.attempt))
        .collect();
    assert_eq!(
        got,
        [
            post(1),
            post(2),
            (TokenKey::of(&bot), "conversations.list", None, 1),
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
    assert_ne!(own, TokenKey::of(&bot));
    for s in &seen {
        assert!(
            !s.debug.contains(TOKEN) && !s.debug.contains(&bot) && !s.debug.contains("emulator"),
            "{}",
            s.debug
        );
    }
}

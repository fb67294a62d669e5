//! Finer Slack rules: private channels exist only for their members, channel changes leave
//! Slack's system messages in the history, scheduled messages are posted when their time
//! comes.

use std::net::SocketAddr;

use futures_util::StreamExt as _;
use slack_api::{Client, Error, ErrorCode};
use slack_emulator::{Emulator, Workspace};

const SEED: &str = "
users:
  - name: alice
  - name: bob
channels:
  - name: general
    members: [alice, bob, emulator-bot]
  - name: secret
    is_private: true
    members: [alice, emulator-bot]
    messages:
      - user: alice
        text: the plan
        replies:
          - user: alice
            text: step one
  - name: alice-only
    is_private: true
    members: [alice]
";

/// The emulator, and clients for the bot, alice and bob.
async fn start() -> (Emulator, Client, Client, Client) {
    let workspace = Workspace::from_seed(SEED).unwrap();
    let emulator = Emulator::start_with(SocketAddr::from(([127, 0, 0, 1], 0)), workspace)
        .await
        .unwrap();
    let client = |token: &str| {
        Client::builder(token)
            .base_url(emulator.base_url())
            .build()
            .unwrap()
    };
    let bot = client(&emulator.tokens().bot);
    let alice = client(&emulator.tokens().user);
    let bob = client(&emulator.user_token("bob").unwrap());
    (emulator, bot, alice, bob)
}

fn channel(emulator: &Emulator, name: &str) -> String {
    emulator.with_workspace(|ws| ws.channel_id(name).unwrap().to_owned())
}

/// The error code of a call that must fail.
fn code<T: std::fmt::Debug, E: ErrorCode>(result: Result<T, Error<E>>) -> String {
    match result {
        Err(Error::Api { error, .. }) => error.code.code().to_string(),
        other => panic!("expected an error, got {other:?}"),
    }
}

/// The ids `conversations.list` gives `client` for public and private channels.
async fn listed(client: &Client) -> Vec<String> {
    client
        .conversations_list()
        .types(["public_channel", "private_channel"])
        .all_items()
        .map(|c| c.unwrap().id)
        .collect()
        .await
}

#[tokio::test]
async fn a_private_channel_does_not_exist_for_non_members() {
    let (emulator, bot, alice, bob) = start().await;
    let secret = channel(&emulator, "secret");
    let thread = alice.conversations_history(&secret).await.unwrap().messages[0]
        .ts
        .clone()
        .unwrap();

    // Bob is not in it: every way in says it is not there.
    let not_found = "channel_not_found";
    assert_eq!(code(bob.conversations_info(&secret).await), not_found);
    assert_eq!(code(bob.conversations_history(&secret).await), not_found);
    let replies = bob.conversations_replies(&secret, thread.clone()).await;
    assert_eq!(code(replies), not_found);
    assert_eq!(code(bob.conversations_members(&secret).await), not_found);
    let post = bob.chat_post_message(&secret).text("let me in").await;
    assert_eq!(code(post), not_found);
    assert_eq!(code(bob.conversations_join(&secret).await), not_found);
    let react = bob.reactions_add(&secret, "eyes", thread.clone()).await;
    assert_eq!(code(react), not_found);
    assert!(!listed(&bob).await.contains(&secret));

    // Its members see it all.
    bot.conversations_info(&secret).await.unwrap();
    bot.conversations_replies(&secret, thread).await.unwrap();
    bot.chat_post_message(&secret).text("on it").await.unwrap();
    assert!(listed(&bot).await.contains(&secret));

    // The bot is not in #alice-only: to the bot under test it does not exist.
    let hers = channel(&emulator, "alice-only");
    assert_eq!(code(bot.conversations_info(&hers).await), not_found);
    assert_eq!(code(bot.conversations_history(&hers).await), not_found);
    let post = bot.chat_post_message(&hers).text("hi").await;
    assert_eq!(code(post), not_found);
    assert!(!listed(&bot).await.contains(&hers));
    assert!(listed(&alice).await.contains(&hers));
}

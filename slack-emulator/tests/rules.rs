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
        .map(|c| c.unwrap().id.into_string())
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

#[tokio::test]
async fn channel_changes_leave_slacks_system_messages() {
    let (emulator, bot, _alice, bob) = start().await;
    let bot_id = slack_emulator::BOT_USER_ID;
    let bob_id = emulator.with_workspace(|ws| ws.user_id("bob").unwrap().to_owned());
    let alice_id = emulator.with_workspace(|ws| ws.user_id("alice").unwrap().to_owned());
    let launch = bot.conversations_create("launch").await.unwrap().channel.id;

    bob.conversations_join(&launch).await.unwrap();
    let again = bob.conversations_join(&launch).await.unwrap();
    assert_eq!(again.warning.as_deref(), Some("already_in_channel"));
    bot.conversations_invite(&launch, [alice_id.as_str()])
        .await
        .unwrap();
    bob.conversations_leave(&launch).await.unwrap();
    bot.conversations_set_topic(&launch, "Go/no-go")
        .await
        .unwrap();
    bot.conversations_set_purpose(&launch, "Ship it")
        .await
        .unwrap();
    bot.conversations_rename(&launch, "liftoff").await.unwrap();
    bot.conversations_archive(&launch).await.unwrap();
    bot.conversations_unarchive(&launch).await.unwrap();

    let history = bot.conversations_history(&launch).await.unwrap().messages;
    let seen: Vec<(&str, &str, &str)> = history
        .iter()
        .rev()
        .map(|m| {
            let subtype = m.subtype.as_ref().map_or("", |s| s.as_str());
            (
                subtype,
                m.user.as_deref().unwrap(),
                m.text.as_deref().unwrap(),
            )
        })
        .collect();
    let (bob_at, alice_at, bot_at) = (
        format!("<@{bob_id}>"),
        format!("<@{alice_id}>"),
        format!("<@{bot_id}>"),
    );
    let expected = [
        (
            "channel_join",
            bob_id.as_str(),
            format!("{bob_at} has joined the channel"),
        ),
        (
            "channel_join",
            &alice_id,
            format!("{alice_at} has joined the channel"),
        ),
        (
            "channel_leave",
            &bob_id,
            format!("{bob_at} has left the channel"),
        ),
        (
            "channel_topic",
            bot_id,
            format!("{bot_at} set the channel topic: Go/no-go"),
        ),
        (
            "channel_purpose",
            bot_id,
            format!("{bot_at} set the channel purpose: Ship it"),
        ),
        (
            "channel_name",
            bot_id,
            format!("{bot_at} has renamed the channel from \"launch\" to \"liftoff\""),
        ),
        (
            "channel_archive",
            bot_id,
            format!("{bot_at} archived the channel"),
        ),
        (
            "channel_unarchive",
            bot_id,
            format!("{bot_at} un-archived the channel"),
        ),
    ];
    let expected: Vec<(&str, &str, &str)> = expected
        .iter()
        .map(|(s, u, t)| (*s, *u, t.as_str()))
        .collect();
    assert_eq!(seen, expected);

    // The fields Slack gives each.
    let oldest_first: Vec<_> = history.iter().rev().collect();
    assert_eq!(oldest_first[0].inviter, None, "joined by themselves");
    assert_eq!(oldest_first[1].inviter.as_deref(), Some(bot_id));
    assert_eq!(oldest_first[3].topic.as_deref(), Some("Go/no-go"));
    assert_eq!(oldest_first[4].purpose.as_deref(), Some("Ship it"));
    let renamed = oldest_first[5];
    assert_eq!(renamed.old_name.as_deref(), Some("launch"));
    assert_eq!(renamed.name.as_deref(), Some("liftoff"));
}

/// Seconds since the epoch, with their fraction.
fn now() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs_f64()
}

#[tokio::test]
async fn a_scheduled_message_is_posted_when_its_time_comes() {
    let (emulator, bot, alice, _bob) = start().await;
    let general = channel(&emulator, "general");
    let asked = bot.chat_post_message(&general).text("when?").await.unwrap();
    let post_at = now() as i64 + 1;
    let scheduled = bot
        .chat_schedule_message(&general, post_at)
        .text("now!")
        .await
        .unwrap();
    let reply = bot
        .chat_schedule_message(&general, post_at)
        .text("in the thread")
        .thread_ts(asked.ts.clone())
        .await
        .unwrap();
    let listed = bot.chat_scheduled_messages_list().await.unwrap();
    assert_eq!(listed.scheduled_messages.len(), 2, "not yet");

    let wait = post_at as f64 + 0.05 - now();
    tokio::time::sleep(std::time::Duration::from_secs_f64(wait.max(0.0))).await;
    // Someone speaks after its time, before anyone reads the channel.
    let later = alice
        .chat_post_message(&general)
        .text("late")
        .await
        .unwrap();

    let history = bot.conversations_history(&general).await.unwrap().messages;
    let texts: Vec<_> = history.iter().map(|m| m.text.as_deref().unwrap()).collect();
    assert_eq!(texts, ["late", "now!", "when?"], "posted at its time");
    let posted = &history[1];
    assert!(posted
        .ts
        .as_deref()
        .unwrap()
        .starts_with(&format!("{post_at}.")));
    assert!(posted.ts < Some(later.ts.clone()));
    assert_eq!(posted.user.as_deref(), Some(slack_emulator::BOT_USER_ID));
    assert!(posted.bot_id.is_some());
    assert_eq!(history[2].reply_count, Some(1));
    let thread = bot.conversations_replies(&general, asked.ts).await.unwrap();
    assert_eq!(thread.messages[1].text.as_deref(), Some("in the thread"));

    let listed = bot.chat_scheduled_messages_list().await.unwrap();
    assert!(listed.scheduled_messages.is_empty(), "gone once posted");
    for id in [scheduled.scheduled_message_id, reply.scheduled_message_id] {
        let deleted = bot.chat_delete_scheduled_message(&general, id).await;
        assert_eq!(code(deleted), "invalid_scheduled_message_id");
    }
}

//! `chat.*` beyond posting, `reactions.*` and `pins.*` against the emulator, through this
//! crate's client (which decodes every answer into the method's response type).

use std::time::{SystemTime, UNIX_EPOCH};

use slack_api::{Client, Error};
use slack_emulator::{Emulator, BOT_USER_ID, GENERAL_ID, HUMAN_ID, RANDOM_ID};

fn client(emulator: &Emulator, token: &str) -> Client {
    Client::builder(token)
        .base_url(emulator.base_url())
        .build()
        .expect("a client")
}

/// The error code of a call that should fail.
fn code<T: std::fmt::Debug, E: slack_api::ErrorCode + std::fmt::Debug>(
    result: Result<T, Error<E>>,
) -> String {
    match result {
        Err(Error::Api { error, .. }) => error.code.code().to_string(),
        other => panic!("expected a Slack error, got {other:?}"),
    }
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

#[tokio::test]
async fn an_ephemeral_message_is_not_kept_and_needs_its_user_in_the_channel() {
    let emulator = Emulator::start().await.unwrap();
    let bot = client(&emulator, &emulator.tokens().bot);
    let sent = bot
        .chat_post_ephemeral(GENERAL_ID, HUMAN_ID)
        .text("only for alice")
        .await
        .unwrap();
    assert!(!sent.message_ts.is_empty());
    let history = bot.conversations_history(GENERAL_ID).await.unwrap();
    assert!(history.messages.is_empty(), "not stored in the history");

    let private = bot.conversations_create("quiet").await.unwrap();
    let quiet = private.channel.id.clone();
    assert_eq!(
        code(bot.chat_post_ephemeral(quiet, HUMAN_ID).text("x").await),
        "user_not_in_channel"
    );
    assert_eq!(
        code(bot.chat_post_ephemeral(GENERAL_ID, HUMAN_ID).await),
        "no_text"
    );
}

#[tokio::test]
async fn a_me_message_shows_in_the_history_and_a_permalink_points_at_a_message() {
    let emulator = Emulator::start().await.unwrap();
    let bot = client(&emulator, &emulator.tokens().bot);
    let me = bot.chat_me_message(GENERAL_ID, "waves").await.unwrap();
    let history = bot.conversations_history(GENERAL_ID).await.unwrap();
    let message = &history.messages[0];
    assert_eq!(message.text.as_deref(), Some("waves"));
    assert_eq!(
        message.subtype.as_ref().map(|s| s.as_str()),
        Some("me_message")
    );
    let ts = me.ts.clone().unwrap();

    let link = bot
        .chat_get_permalink(GENERAL_ID, ts.clone())
        .await
        .unwrap();
    assert_eq!(link.channel, GENERAL_ID);
    assert_eq!(
        link.permalink,
        format!(
            "https://emulated.slack.com/archives/{GENERAL_ID}/p{}",
            ts.replace('.', "")
        )
    );
    let reply = bot
        .chat_post_message(GENERAL_ID)
        .text("in the thread")
        .thread_ts(ts.clone())
        .await
        .unwrap();
    let link = bot
        .chat_get_permalink(GENERAL_ID, reply.ts.clone())
        .await
        .unwrap();
    assert!(
        link.permalink
            .ends_with(&format!("?thread_ts={ts}&cid={GENERAL_ID}")),
        "{}",
        link.permalink
    );
    assert_eq!(
        code(bot.chat_get_permalink(RANDOM_ID, ts.clone()).await),
        "message_not_found"
    );
    assert_eq!(
        code(bot.chat_get_permalink("C0NOSUCH01", ts).await),
        "channel_not_found"
    );
}

#[tokio::test]
async fn scheduled_messages_are_listed_and_deleted() {
    let emulator = Emulator::start().await.unwrap();
    let bot = client(&emulator, &emulator.tokens().bot);
    let soon = now() + 3600;
    let first = bot
        .chat_schedule_message(GENERAL_ID, soon + 60)
        .text("later")
        .await
        .unwrap();
    assert!(first.scheduled_message_id.starts_with('Q'));
    assert_eq!(first.channel, GENERAL_ID);
    let second = bot
        .chat_schedule_message(RANDOM_ID, soon)
        .text("sooner")
        .await
        .unwrap();
    assert_eq!(
        code(
            bot.chat_schedule_message(GENERAL_ID, now() - 10)
                .text("too late")
                .await
        ),
        "time_in_past"
    );

    let listed = bot.chat_scheduled_messages_list().await.unwrap();
    let texts: Vec<_> = listed
        .scheduled_messages
        .iter()
        .map(|s| s.text.as_deref().unwrap_or(""))
        .collect();
    assert_eq!(texts, ["sooner", "later"], "soonest first");
    assert_eq!(listed.scheduled_messages[0].post_at, Some(soon));
    let in_general = bot
        .chat_scheduled_messages_list()
        .channel(GENERAL_ID)
        .await
        .unwrap();
    assert_eq!(in_general.scheduled_messages.len(), 1);
    assert_eq!(
        in_general.scheduled_messages[0].id.as_deref(),
        Some(first.scheduled_message_id.as_str())
    );

    // Deleted in its own channel only, and once.
    let id = second.scheduled_message_id.clone();
    assert_eq!(
        code(
            bot.chat_delete_scheduled_message(GENERAL_ID, id.clone())
                .await
        ),
        "invalid_scheduled_message_id"
    );
    bot.chat_delete_scheduled_message(RANDOM_ID, id.clone())
        .await
        .unwrap();
    assert_eq!(
        code(bot.chat_delete_scheduled_message(RANDOM_ID, id).await),
        "invalid_scheduled_message_id"
    );
    let left = bot.chat_scheduled_messages_list().await.unwrap();
    assert_eq!(left.scheduled_messages.len(), 1);
    // Nothing is posted before its time.
    let history = bot.conversations_history(GENERAL_ID).await.unwrap();
    assert!(history.messages.is_empty());
}

#[tokio::test]
async fn reactions_are_added_read_listed_and_removed() {
    let emulator = Emulator::start().await.unwrap();
    let bot = client(&emulator, &emulator.tokens().bot);
    let alice = client(&emulator, &emulator.tokens().user);
    let posted = bot
        .chat_post_message(GENERAL_ID)
        .text("react to me")
        .await
        .unwrap();
    let ts = posted.ts.clone();
    bot.reactions_add(GENERAL_ID, "thumbsup", ts.clone())
        .await
        .unwrap();
    alice
        .reactions_add(GENERAL_ID, "thumbsup", ts.clone())
        .await
        .unwrap();
    alice
        .reactions_add(GENERAL_ID, "eyes", ts.clone())
        .await
        .unwrap();
    assert_eq!(
        code(bot.reactions_add(GENERAL_ID, "thumbsup", ts.clone()).await),
        "already_reacted"
    );
    assert_eq!(
        code(
            bot.reactions_add(GENERAL_ID, "Not An Emoji", ts.clone())
                .await
        ),
        "invalid_name"
    );
    assert_eq!(
        code(bot.reactions_add(GENERAL_ID, "eyes", "1.000001").await),
        "message_not_found"
    );

    // On the message, in the history too.
    let history = bot.conversations_history(GENERAL_ID).await.unwrap();
    let reactions = history.messages[0].reactions.as_deref().unwrap();
    assert_eq!(reactions.len(), 2);
    assert_eq!(reactions[0].name, "thumbsup");
    assert_eq!(reactions[0].count, Some(2));
    assert_eq!(
        reactions[0].users.as_deref().unwrap(),
        [BOT_USER_ID.to_string(), HUMAN_ID.to_string()]
    );

    let got = bot
        .reactions_get()
        .channel(GENERAL_ID)
        .timestamp(ts.clone())
        .await
        .unwrap();
    assert_eq!(got.channel.as_deref(), Some(GENERAL_ID));
    let message = got.message.unwrap();
    assert_eq!(message.reactions.as_deref().unwrap().len(), 2);
    assert_eq!(code(bot.reactions_get().await), "no_item_specified");

    let listed = alice.reactions_list().await.unwrap();
    assert_eq!(listed.items.len(), 1);
    assert_eq!(listed.items[0].channel.as_deref(), Some(GENERAL_ID));
    let for_nobody = alice.reactions_list().user("U0NOSUCH01").await;
    assert_eq!(code(for_nobody), "user_not_found");

    bot.reactions_remove("thumbsup")
        .channel(GENERAL_ID)
        .timestamp(ts.clone())
        .await
        .unwrap();
    assert_eq!(
        code(
            bot.reactions_remove("thumbsup")
                .channel(GENERAL_ID)
                .timestamp(ts.clone())
                .await
        ),
        "no_reaction"
    );
    assert!(bot.reactions_list().await.unwrap().items.is_empty());
    alice
        .reactions_remove("eyes")
        .channel(GENERAL_ID)
        .timestamp(ts.clone())
        .await
        .unwrap();
    let history = bot.conversations_history(GENERAL_ID).await.unwrap();
    let reactions = history.messages[0].reactions.as_deref().unwrap();
    assert_eq!(reactions.len(), 1);
    assert_eq!(reactions[0].count, Some(1));
    assert_eq!(
        reactions[0].users.as_deref().unwrap(),
        [HUMAN_ID.to_string()]
    );
}

#[tokio::test]
async fn the_reactions_a_user_made_page_with_a_cursor() {
    let emulator = Emulator::start().await.unwrap();
    let bot = client(&emulator, &emulator.tokens().bot);
    for i in 0..3 {
        let posted = bot
            .chat_post_message(GENERAL_ID)
            .text(format!("message {i}"))
            .await
            .unwrap();
        bot.reactions_add(GENERAL_ID, "tada", posted.ts)
            .await
            .unwrap();
    }
    let first = bot.reactions_list().limit(2).await.unwrap();
    assert_eq!(first.items.len(), 2);
    let text =
        |item: &slack_api::types::PinnedItem| item.message.as_ref().unwrap().text.clone().unwrap();
    assert_eq!(text(&first.items[0]), "message 2", "newest first");
    let cursor = first.response_metadata.unwrap().next_cursor.unwrap();
    let rest = bot.reactions_list().limit(2).cursor(cursor).await.unwrap();
    assert_eq!(rest.items.len(), 1);
    assert_eq!(text(&rest.items[0]), "message 0");
}

#[tokio::test]
async fn pins_mark_the_message_and_are_listed() {
    let emulator = Emulator::start().await.unwrap();
    let bot = client(&emulator, &emulator.tokens().bot);
    let posted = bot
        .chat_post_message(GENERAL_ID)
        .text("pin me")
        .await
        .unwrap();
    let ts = posted.ts.clone();
    bot.pins_add(GENERAL_ID, ts.clone()).await.unwrap();
    assert_eq!(
        code(bot.pins_add(GENERAL_ID, ts.clone()).await),
        "already_pinned"
    );
    assert_eq!(
        code(bot.pins_add(GENERAL_ID, "1.000001").await),
        "message_not_found"
    );

    let history = bot.conversations_history(GENERAL_ID).await.unwrap();
    assert_eq!(
        history.messages[0].pinned_to.as_deref().unwrap(),
        [GENERAL_ID.to_string()]
    );
    let listed = bot.pins_list(GENERAL_ID).await.unwrap();
    let items = listed.items.as_deref().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].created_by.as_deref(), Some(BOT_USER_ID));
    assert_eq!(
        items[0].message.as_ref().unwrap().text.as_deref(),
        Some("pin me")
    );
    assert!(bot
        .pins_list(RANDOM_ID)
        .await
        .unwrap()
        .items
        .unwrap_or_default()
        .is_empty());

    bot.pins_remove(GENERAL_ID, ts.clone()).await.unwrap();
    assert_eq!(
        code(bot.pins_remove(GENERAL_ID, ts.clone()).await),
        "not_pinned"
    );
    let history = bot.conversations_history(GENERAL_ID).await.unwrap();
    assert!(history.messages[0].pinned_to.is_none());
    assert!(bot
        .pins_list(GENERAL_ID)
        .await
        .unwrap()
        .items
        .unwrap_or_default()
        .is_empty());
}

#[tokio::test]
async fn an_archived_channel_takes_no_reactions_ephemeral_or_scheduled_messages() {
    let emulator = Emulator::start().await.unwrap();
    let bot = client(&emulator, &emulator.tokens().bot);
    let posted = bot
        .chat_post_message(RANDOM_ID)
        .text("before the archive")
        .await
        .unwrap();
    emulator.with_workspace(|ws| {
        let random = ws.channel_mut(RANDOM_ID).unwrap();
        random
            .info
            .insert("is_archived".into(), serde_json::json!(true));
    });
    assert_eq!(
        code(bot.reactions_add(RANDOM_ID, "wave", posted.ts).await),
        "is_archived"
    );
    assert_eq!(
        code(bot.chat_post_ephemeral(RANDOM_ID, HUMAN_ID).text("x").await),
        "is_archived"
    );
    assert_eq!(
        code(
            bot.chat_schedule_message(RANDOM_ID, now() + 60)
                .text("x")
                .await
        ),
        "is_archived"
    );
    // And a message is scheduled at most 120 days ahead.
    let too_far = now() + 121 * 24 * 60 * 60;
    assert_eq!(
        code(
            bot.chat_schedule_message(GENERAL_ID, too_far)
                .text("x")
                .await
        ),
        "time_too_far"
    );
}

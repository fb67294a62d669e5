//! Changing conversations (archive, rename, members, DMs, topic, read cursor) and users
//! (lookup, their conversations, presence, profile) through this crate's client, each change
//! showing in the next call and refused by Slack's rules.

use futures_util::StreamExt as _;
use slack_api::{Client, Error, ErrorCode};
use slack_emulator::{Emulator, BOT_USER_ID, GENERAL_ID, HUMAN_ID, RANDOM_ID};

fn client(emulator: &Emulator, token: &str) -> Client {
    Client::builder(token)
        .base_url(emulator.base_url())
        .build()
        .expect("a client")
}

/// The bot's client and alice's.
fn clients(emulator: &Emulator) -> (Client, Client) {
    (
        client(emulator, &emulator.tokens().bot),
        client(emulator, &emulator.tokens().user),
    )
}

/// The error code of a call that must fail.
fn code<T: std::fmt::Debug, E: ErrorCode>(result: Result<T, Error<E>>) -> String {
    match result {
        Err(Error::Api { error, .. }) => error.code.code().to_string(),
        other => panic!("expected an error, got {other:?}"),
    }
}

/// A third person, `carol`, for group DMs.
fn add_carol(emulator: &Emulator) -> String {
    let id = "U0EMU09999".to_string();
    emulator.with_workspace(|ws| {
        let carol = serde_json::json!({
            "id": id, "team_id": slack_emulator::TEAM_ID, "name": "carol",
            "real_name": "Carol", "deleted": false, "is_bot": false,
            "profile": {"real_name": "Carol", "display_name": "carol", "email": "carol@example.com"},
        });
        ws.users.push(carol.as_object().unwrap().clone());
    });
    id
}

#[tokio::test]
async fn archive_and_unarchive() {
    let emulator = Emulator::start().await.unwrap();
    let (bot, _) = clients(&emulator);
    let id = bot
        .conversations_create("old-stuff")
        .await
        .unwrap()
        .channel
        .id;

    bot.conversations_archive(&id).await.unwrap();
    assert_eq!(
        code(bot.conversations_archive(&id).await),
        "already_archived"
    );
    let info = bot.conversations_info(&id).await.unwrap();
    assert_eq!(info.channel.is_archived, Some(true));
    assert_eq!(
        code(bot.chat_post_message(&id).text("hi").await),
        "is_archived"
    );
    assert_eq!(
        code(bot.conversations_set_topic(&id, "x").await),
        "is_archived"
    );
    let live: Vec<String> = bot
        .conversations_list()
        .exclude_archived(true)
        .all_items()
        .map(|c| c.unwrap().id.into_string())
        .collect()
        .await;
    assert!(!live.contains(&id.to_string()));

    bot.conversations_unarchive(&id).await.unwrap();
    assert_eq!(code(bot.conversations_unarchive(&id).await), "not_archived");
    bot.chat_post_message(&id).text("back").await.unwrap();

    assert_eq!(
        code(bot.conversations_archive(GENERAL_ID).await),
        "cant_archive_general"
    );
    assert_eq!(
        code(bot.conversations_archive("C0NOSUCH01").await),
        "channel_not_found"
    );
}

#[tokio::test]
async fn rename_by_slacks_naming_rules() {
    let emulator = Emulator::start().await.unwrap();
    let (bot, alice) = clients(&emulator);
    let id = bot.conversations_create("draft").await.unwrap().channel.id;

    let renamed = bot.conversations_rename(&id, "final").await.unwrap();
    assert_eq!(renamed.channel.name.as_deref(), Some("final"));
    let info = bot.conversations_info(&id).await.unwrap();
    assert_eq!(info.channel.name.as_deref(), Some("final"));

    assert_eq!(
        code(bot.conversations_rename(&id, "random").await),
        "name_taken"
    );
    assert_eq!(
        code(bot.conversations_rename(&id, "Has Spaces").await),
        "invalid_name_specials"
    );
    assert_eq!(
        code(bot.conversations_rename(&id, "---").await),
        "invalid_name_punctuation"
    );
    assert_eq!(
        code(bot.conversations_rename(&id, "x".repeat(81)).await),
        "invalid_name_maxlength"
    );
    // Alice is not in it.
    assert_eq!(
        code(alice.conversations_rename(&id, "hers").await),
        "not_in_channel"
    );
}

#[tokio::test]
async fn invite_kick_and_leave() {
    let emulator = Emulator::start().await.unwrap();
    let (bot, alice) = clients(&emulator);
    let id = bot.conversations_create("crew").await.unwrap().channel.id;
    let members = |c: &Client| {
        let c = c.clone();
        let id = id.clone();
        async move { c.conversations_members(id).await.unwrap().members.to_vec() }
    };

    let invited = bot.conversations_invite(&id, [HUMAN_ID]).await.unwrap();
    assert_eq!(invited.channel.num_members, Some(2));
    assert!(members(&bot).await.contains(&HUMAN_ID.into()));
    assert_eq!(
        code(bot.conversations_invite(&id, [HUMAN_ID]).await),
        "already_in_channel"
    );
    assert_eq!(
        code(bot.conversations_invite(&id, [BOT_USER_ID]).await),
        "cant_invite_self"
    );
    assert_eq!(
        code(bot.conversations_invite(&id, ["U0NOSUCH01"]).await),
        "user_not_found"
    );
    assert_eq!(
        code(bot.conversations_invite(&id, Vec::<String>::new()).await),
        "no_user"
    );

    assert_eq!(
        code(bot.conversations_kick(&id, BOT_USER_ID).await),
        "cant_kick_self"
    );
    bot.conversations_kick(&id, HUMAN_ID).await.unwrap();
    assert!(!members(&bot).await.contains(&HUMAN_ID.into()));
    assert_eq!(
        code(bot.conversations_kick(&id, HUMAN_ID).await),
        "not_in_channel"
    );
    assert_eq!(
        code(bot.conversations_kick(GENERAL_ID, HUMAN_ID).await),
        "cant_kick_from_general"
    );
    // Kicked: alice can no longer post there.
    assert_eq!(
        code(alice.chat_post_message(&id).text("hi").await),
        "not_in_channel"
    );

    // Leaving a channel one is not in is no error.
    let left = alice.conversations_leave(&id).await.unwrap();
    assert_eq!(left.not_in_channel, Some(true));
    assert_eq!(
        code(alice.conversations_leave(GENERAL_ID).await),
        "cant_leave_general"
    );
    alice.conversations_leave(RANDOM_ID).await.unwrap();
    let random = alice.conversations_info(RANDOM_ID).await.unwrap();
    assert_eq!(random.channel.is_member, Some(false));
    assert_eq!(
        code(alice.chat_post_message(RANDOM_ID).text("hi").await),
        "not_in_channel"
    );

    // The last member of a private channel stays.
    let private = bot
        .conversations_create("secret")
        .is_private(true)
        .await
        .unwrap()
        .channel
        .id;
    assert_eq!(code(bot.conversations_leave(&private).await), "last_member");
}

#[tokio::test]
async fn a_dm_is_opened_once_and_closed() {
    let emulator = Emulator::start().await.unwrap();
    let (bot, alice) = clients(&emulator);

    let first = bot.conversations_open().users([HUMAN_ID]).await.unwrap();
    let dm = first.channel.id.clone();
    assert!(dm.starts_with('D'), "{dm}");
    assert_eq!(first.already_open, None);

    let again = bot
        .conversations_open()
        .users([HUMAN_ID])
        .return_im(true)
        .await
        .unwrap();
    assert_eq!(again.channel.id, dm, "the same DM");
    assert_eq!(again.already_open, Some(true));
    assert_eq!(again.channel.is_im, Some(true));
    assert_eq!(again.channel.user.as_deref(), Some(HUMAN_ID));

    // Alice's side is the same conversation, with the bot as the other party.
    let hers = alice
        .conversations_open()
        .users([BOT_USER_ID])
        .return_im(true)
        .await
        .unwrap();
    assert_eq!(hers.channel.id, dm);
    assert_eq!(hers.channel.user.as_deref(), Some(BOT_USER_ID));

    bot.chat_post_message(&dm).text("psst").await.unwrap();
    let history = alice.conversations_history(&dm).await.unwrap();
    assert_eq!(history.messages[0].text.as_deref(), Some("psst"));

    bot.conversations_close(&dm).await.unwrap();
    let closed = bot.conversations_close(&dm).await.unwrap();
    assert_eq!(closed.already_closed, Some(true));
    let info = bot.conversations_info(&dm).await.unwrap();
    assert_eq!(info.channel.is_open, Some(false));
    let reopened = bot.conversations_open().channel(&dm).await.unwrap();
    assert_eq!(reopened.channel.id, dm);
    assert_eq!(reopened.already_open, None);

    let ims: Vec<String> = bot
        .users_conversations()
        .types(["im"])
        .await
        .unwrap()
        .channels
        .iter()
        .map(|c| c.id.to_string())
        .collect();
    assert_eq!(ims, [dm.as_str()]);

    // Rules.
    assert_eq!(
        code(bot.conversations_close(GENERAL_ID).await),
        "method_not_supported_for_channel_type"
    );
    assert_eq!(
        code(bot.conversations_leave(&dm).await),
        "method_not_supported_for_channel_type"
    );
    assert_eq!(
        code(bot.conversations_archive(&dm).await),
        "method_not_supported_for_channel_type"
    );
    assert_eq!(
        code(bot.conversations_open().await),
        "users_list_not_supplied"
    );
    assert_eq!(
        code(bot.conversations_open().users(["U0NOSUCH01"]).await),
        "user_not_found"
    );
    assert_eq!(
        code(
            bot.conversations_open()
                .users(["U0NOSUCH01"])
                .prevent_creation(true)
                .await
        ),
        "user_not_found"
    );
}

#[tokio::test]
async fn a_group_dm_is_one_record_per_set_of_members() {
    let emulator = Emulator::start().await.unwrap();
    let carol = add_carol(&emulator);
    let (bot, alice) = clients(&emulator);

    // Nothing yet: prevent_creation finds none.
    let none = bot
        .conversations_open()
        .users([HUMAN_ID, carol.as_str()])
        .prevent_creation(true)
        .await;
    assert_eq!(code(none), "channel_not_found");

    let group = bot
        .conversations_open()
        .users([HUMAN_ID, carol.as_str()])
        .await
        .unwrap();
    assert_eq!(group.channel.is_mpim, Some(true));
    assert_eq!(
        group.channel.name.as_deref(),
        Some("mpdm-emulator-bot--alice--carol-1")
    );
    // Alice names the others in another order: the same group.
    let same = alice
        .conversations_open()
        .users([carol.as_str(), BOT_USER_ID])
        .await
        .unwrap();
    assert_eq!(same.channel.id, group.channel.id);
    assert_eq!(same.already_open, Some(true));
    let info = alice.conversations_info(&group.channel.id).await.unwrap();
    assert_eq!(info.channel.num_members, Some(3));
}

#[tokio::test]
async fn topic_purpose_and_read_cursor() {
    let emulator = Emulator::start().await.unwrap();
    let (bot, alice) = clients(&emulator);

    let set = bot
        .conversations_set_topic(GENERAL_ID, "Release day")
        .await
        .unwrap();
    let topic = set.channel.unwrap().topic.unwrap();
    assert_eq!(topic.value.as_deref(), Some("Release day"));
    assert_eq!(topic.creator.as_deref(), Some(BOT_USER_ID));
    bot.conversations_set_purpose(GENERAL_ID, "Everything")
        .await
        .unwrap();
    let info = alice.conversations_info(GENERAL_ID).await.unwrap().channel;
    assert_eq!(
        info.topic.and_then(|t| t.value).as_deref(),
        Some("Release day")
    );
    assert_eq!(
        info.purpose.and_then(|t| t.value).as_deref(),
        Some("Everything")
    );
    // Slack says so in the channel.
    let history = alice.conversations_history(GENERAL_ID).await.unwrap();
    let subtypes: Vec<&str> = history
        .messages
        .iter()
        .filter_map(|m| m.subtype.as_ref().map(|s| s.as_str()))
        .collect();
    assert_eq!(subtypes, ["channel_purpose", "channel_topic"]);

    assert_eq!(
        code(
            bot.conversations_set_topic(GENERAL_ID, "x".repeat(251))
                .await
        ),
        "too_long"
    );
    let theirs = bot.conversations_create("theirs").await.unwrap().channel.id;
    assert_eq!(
        code(alice.conversations_set_purpose(&theirs, "mine").await),
        "not_in_channel"
    );

    let posted = bot
        .chat_post_message(GENERAL_ID)
        .text("read me")
        .await
        .unwrap();
    alice
        .conversations_mark(GENERAL_ID, posted.ts.clone())
        .await
        .unwrap();
    let info = alice.conversations_info(GENERAL_ID).await.unwrap().channel;
    assert_eq!(info.last_read.as_deref(), Some(posted.ts.as_str()));
    // Each member has their own cursor.
    let bots = bot.conversations_info(GENERAL_ID).await.unwrap().channel;
    assert_eq!(bots.last_read, None);
    assert_eq!(
        code(alice.conversations_mark(GENERAL_ID, "yesterday").await),
        "invalid_timestamp"
    );
    assert_eq!(
        code(alice.conversations_mark(&theirs, posted.ts.clone()).await),
        "not_in_channel"
    );
}

#[tokio::test]
async fn users_by_email_and_their_conversations() {
    let emulator = Emulator::start().await.unwrap();
    let (bot, alice) = clients(&emulator);

    let found = bot
        .users_lookup_by_email("Alice@example.com")
        .await
        .unwrap();
    assert_eq!(found.user.id, HUMAN_ID);
    assert_eq!(
        code(bot.users_lookup_by_email("nobody@example.com").await),
        "users_not_found"
    );

    let private = bot
        .conversations_create("bots-only")
        .is_private(true)
        .await
        .unwrap()
        .channel
        .id;
    let public = bot
        .conversations_create("bots-too")
        .await
        .unwrap()
        .channel
        .id;
    let ids = |c: &Client, user: Option<&str>| {
        let c = c.clone();
        let user = user.map(str::to_owned);
        async move {
            let mut call = c
                .users_conversations()
                .types(["public_channel", "private_channel"]);
            if let Some(user) = user {
                call = call.user(user);
            }
            let page = call.await.unwrap();
            let mut ids: Vec<String> = page.channels.iter().map(|c| c.id.to_string()).collect();
            ids.sort();
            ids
        }
    };
    let mut mine = vec![
        GENERAL_ID.to_string(),
        RANDOM_ID.to_string(),
        private.to_string(),
        public.to_string(),
    ];
    mine.sort();
    assert_eq!(ids(&bot, None).await, mine);
    // Alice sees the bot's public channels, not its private one.
    let mut seen = vec![
        GENERAL_ID.to_string(),
        RANDOM_ID.to_string(),
        public.to_string(),
    ];
    seen.sort();
    assert_eq!(ids(&alice, Some(BOT_USER_ID)).await, seen);
    assert_eq!(
        code(bot.users_conversations().types(["rooms"]).await),
        "invalid_types"
    );
}

#[tokio::test]
async fn presence_and_profile() {
    let emulator = Emulator::start().await.unwrap();
    let (bot, alice) = clients(&emulator);

    let mine = alice.users_get_presence().await.unwrap();
    assert_eq!(mine.presence, "active");
    assert_eq!(mine.manual_away, Some(false));
    alice.users_set_presence("away").await.unwrap();
    let mine = alice.users_get_presence().await.unwrap();
    assert_eq!(mine.presence, "away");
    assert_eq!(mine.manual_away, Some(true));
    let seen = bot.users_get_presence().user(HUMAN_ID).await.unwrap();
    assert_eq!(seen.presence, "away");
    assert_eq!(seen.manual_away, None, "details only for oneself");
    alice.users_set_presence("auto").await.unwrap();
    let seen = bot.users_get_presence().user(HUMAN_ID).await.unwrap();
    assert_eq!(seen.presence, "active");
    assert_eq!(
        code(alice.users_set_presence("busy").await),
        "invalid_presence"
    );

    let set = alice
        .users_profile_set()
        .profile(serde_json::json!({"status_text": "Lunch", "real_name": "Alice Q. Example"}))
        .await
        .unwrap();
    assert_eq!(set.profile.status_text.as_deref(), Some("Lunch"));
    alice
        .users_profile_set()
        .name("display_name")
        .value("ally")
        .await
        .unwrap();
    let profile = bot
        .users_profile_get()
        .user(HUMAN_ID)
        .await
        .unwrap()
        .profile;
    assert_eq!(profile.status_text.as_deref(), Some("Lunch"));
    assert_eq!(profile.display_name.as_deref(), Some("ally"));
    assert_eq!(profile.email.as_deref(), Some("alice@example.com"));
    let user = bot.users_info(HUMAN_ID).await.unwrap().user;
    assert_eq!(user.real_name.as_deref(), Some("Alice Q. Example"));

    assert_eq!(
        code(
            alice
                .users_profile_set()
                .profile(serde_json::json!({"status_text": "x".repeat(101)}))
                .await
        ),
        "too_long"
    );
    assert_eq!(
        code(
            alice
                .users_profile_set()
                .user(BOT_USER_ID)
                .name("display_name")
                .value("hijacked")
                .await
        ),
        "not_admin"
    );
    assert_eq!(
        code(bot.users_profile_get().user("U0NOSUCH01").await),
        "user_not_found"
    );
}

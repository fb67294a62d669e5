//! `bookmarks.*`, `usergroups.*`, `views.*`, `emoji.list`, `bots.info` and
//! `search.messages` against the emulator, through this crate's client (which decodes every
//! answer into the method's response type).

use serde_json::json;
use slack_api::{Client, Error};
use slack_emulator::{Emulator, BOT_ID, BOT_USER_ID, GENERAL_ID, HUMAN_ID, RANDOM_ID};

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

#[tokio::test]
async fn bookmarks_are_added_edited_listed_per_channel_and_removed() {
    let emulator = Emulator::start().await.unwrap();
    let bot = client(&emulator, &emulator.tokens().bot);
    let added = bot
        .bookmarks_add(GENERAL_ID, "Docs", "link")
        .link("https://docs.example.com")
        .emoji(":books:")
        .await
        .unwrap();
    let added = added.bookmark.unwrap();
    let id = added.id.clone();
    assert!(id.starts_with("Bk"));
    assert_eq!(added.title.as_deref(), Some("Docs"));

    let edited = bot
        .bookmarks_edit(id.clone(), GENERAL_ID)
        .title("Handbook")
        .await
        .unwrap()
        .bookmark
        .unwrap();
    assert_eq!(edited.title.as_deref(), Some("Handbook"));
    assert_eq!(edited.link.as_deref(), Some("https://docs.example.com"));

    let listed = bot.bookmarks_list(GENERAL_ID).await.unwrap();
    assert_eq!(listed.bookmarks.len(), 1);
    assert_eq!(listed.bookmarks[0].title.as_deref(), Some("Handbook"));
    // Per channel: #random has none, and the bookmark is not found there.
    assert!(bot
        .bookmarks_list(RANDOM_ID)
        .await
        .unwrap()
        .bookmarks
        .is_empty());
    assert_eq!(
        code(
            bot.bookmarks_remove(RANDOM_ID)
                .bookmark_id(id.clone())
                .await
        ),
        "not_found"
    );

    bot.bookmarks_remove(GENERAL_ID)
        .bookmark_id(id.clone())
        .await
        .unwrap();
    assert!(bot
        .bookmarks_list(GENERAL_ID)
        .await
        .unwrap()
        .bookmarks
        .is_empty());
    assert_eq!(
        code(bot.bookmarks_edit(id, GENERAL_ID).title("x").await),
        "not_found"
    );
}

#[tokio::test]
async fn bookmarks_check_their_channel_type_link_and_emoji() {
    let emulator = Emulator::start().await.unwrap();
    let bot = client(&emulator, &emulator.tokens().bot);
    assert_eq!(
        code(bot.bookmarks_list("C0NOPE0000").await),
        "channel_not_found"
    );
    let add =
        |title: &str, kind: &str| bot.bookmarks_add(GENERAL_ID, title.to_owned(), kind.to_owned());
    assert_eq!(
        code(add("a", "shortcut").link("https://a.example").await),
        "invalid_bookmark_type"
    );
    assert_eq!(
        code(add("a", "link").link("ftp://a.example").await),
        "invalid_link"
    );
    assert_eq!(
        code(
            add("a", "link")
                .link("https://a.example")
                .emoji("books")
                .await
        ),
        "invalid_emoji"
    );
}

#[tokio::test]
async fn a_usergroup_is_created_filled_updated_disabled_and_enabled() {
    let emulator = Emulator::start().await.unwrap();
    let user = client(&emulator, &emulator.tokens().user);
    let created = user
        .usergroups_create("Platform Team")
        .handle("platform")
        .description("keeps the lights on")
        .channels([GENERAL_ID])
        .await
        .unwrap();
    let group = created.usergroup.id.clone();
    assert!(group.starts_with('S'));
    assert_eq!(created.usergroup.handle.as_deref(), Some("platform"));

    assert_eq!(
        code(
            user.usergroups_create("Platform Team")
                .handle("other")
                .await
        ),
        "name_already_exists"
    );
    assert_eq!(
        code(user.usergroups_create("Another").handle("platform").await),
        "handle_already_exists"
    );
    assert_eq!(
        code(user.usergroups_create("Bad").handle("Not A Handle").await),
        "bad_handle"
    );
    assert_eq!(
        code(
            user.usergroups_create("Chans")
                .channels(["C0NOPE0000"])
                .await
        ),
        "invalid_channel_provided"
    );

    let filled = user
        .usergroups_users_update(group.clone(), [HUMAN_ID, BOT_USER_ID])
        .await
        .unwrap();
    assert_eq!(filled.usergroup.user_count, Some(2));
    let members = user.usergroups_users_list(group.clone()).await.unwrap();
    assert_eq!(members.users.to_vec(), [HUMAN_ID, BOT_USER_ID]);
    assert_eq!(
        code(
            user.usergroups_users_update(group.clone(), ["U0NOPE0000"])
                .await
        ),
        "invalid_users"
    );

    let updated = user
        .usergroups_update(group.clone())
        .name("Platform")
        .await
        .unwrap();
    assert_eq!(updated.usergroup.name.as_deref(), Some("Platform"));

    let listed = user.usergroups_list().include_users(true).await.unwrap();
    assert_eq!(listed.usergroups.len(), 1);
    assert_eq!(
        listed.usergroups[0].users.as_ref().map(|u| u.len()),
        Some(2)
    );

    let disabled = user.usergroups_disable(group.clone()).await.unwrap();
    assert_ne!(disabled.usergroup.date_delete, Some(0));
    assert!(user.usergroups_list().await.unwrap().usergroups.is_empty());
    let with_disabled = user.usergroups_list().include_disabled(true).await.unwrap();
    assert_eq!(with_disabled.usergroups.len(), 1);

    let enabled = user.usergroups_enable(group.clone()).await.unwrap();
    assert_eq!(enabled.usergroup.date_delete, Some(0));
    assert_eq!(user.usergroups_list().await.unwrap().usergroups.len(), 1);

    assert_eq!(
        code(user.usergroups_users_list("S0NOPE0000").await),
        "no_such_subteam"
    );
}

fn modal(title: &str) -> serde_json::Value {
    json!({
        "type": "modal",
        "title": {"type": "plain_text", "text": title},
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": title}}],
    })
}

#[tokio::test]
async fn a_modal_is_opened_pushed_onto_and_updated_by_id_or_external_id() {
    let emulator = Emulator::start().await.unwrap();
    let bot = client(&emulator, &emulator.tokens().bot);
    assert_eq!(code(bot.views_open(modal("a")).await), "invalid_trigger_id");

    let mut first = modal("First");
    first["external_id"] = json!("flow-1");
    let opened = bot
        .views_open(first)
        .trigger_id("12345.98765.abcd")
        .await
        .unwrap();
    let id = opened.view.id.clone();
    assert!(id.starts_with('V'));
    let hash = opened.view.hash.clone().unwrap();

    let mut again = modal("Again");
    again["external_id"] = json!("flow-1");
    assert_eq!(
        code(bot.views_open(again).trigger_id("1.2.3").await),
        "duplicate_external_id"
    );

    let pushed = bot
        .views_push(modal("Second"))
        .trigger_id("1.2.3")
        .await
        .unwrap();
    assert_eq!(pushed.view.root_view_id.as_deref(), Some(id.as_str()));
    assert_eq!(pushed.view.previous_view_id.as_deref(), Some(id.as_str()));
    bot.views_push(modal("Third"))
        .trigger_id("1.2.3")
        .await
        .unwrap();
    assert_eq!(
        code(bot.views_push(modal("Fourth")).trigger_id("1.2.3").await),
        "push_limit_reached"
    );

    let updated = bot
        .views_update(modal("First, updated"))
        .view_id(id.clone())
        .hash(hash.clone())
        .await
        .unwrap();
    assert_eq!(updated.view.id, id);
    assert_ne!(updated.view.hash.as_deref(), Some(hash.as_str()));
    assert_eq!(
        updated.view.title.as_ref().and_then(|t| t.text.as_deref()),
        Some("First, updated")
    );
    // The old hash is stale now.
    assert_eq!(
        code(
            bot.views_update(modal("x"))
                .view_id(id.clone())
                .hash(hash)
                .await
        ),
        "hash_conflict"
    );
    let by_external = bot
        .views_update(modal("By external id"))
        .external_id("flow-1")
        .await
        .unwrap();
    assert_eq!(by_external.view.id, id);
    assert_eq!(
        code(bot.views_update(modal("x")).view_id("V0NOPE0000").await),
        "not_found"
    );
}

#[tokio::test]
async fn a_home_tab_is_published_per_user_and_republished_in_place() {
    let emulator = Emulator::start().await.unwrap();
    let bot = client(&emulator, &emulator.tokens().bot);
    let home = json!({"type": "home", "blocks": []});
    let first = bot.views_publish(HUMAN_ID, home.clone()).await.unwrap();
    assert_eq!(first.view.r#type.as_deref(), Some("home"));
    let again = bot
        .views_publish(HUMAN_ID, home.clone())
        .hash(first.view.hash.clone().unwrap())
        .await
        .unwrap();
    assert_eq!(again.view.id, first.view.id);
    assert_eq!(
        code(
            bot.views_publish(HUMAN_ID, home.clone())
                .hash(first.view.hash.clone().unwrap())
                .await
        ),
        "hash_conflict"
    );
    let other = bot.views_publish(BOT_USER_ID, home).await.unwrap();
    assert_ne!(other.view.id, first.view.id);
}

#[tokio::test]
async fn emoji_list_has_the_seeded_emoji_and_bots_info_the_seeded_bot() {
    let emulator = Emulator::start().await.unwrap();
    let bot = client(&emulator, &emulator.tokens().bot);
    let emoji = bot.emoji_list().await.unwrap();
    assert_eq!(
        emoji.emoji.get("shipit").map(|e| e.as_str()),
        Some("alias:squirrel")
    );
    assert!(emoji.emoji.len() >= 3);

    let info = bot.bots_info().bot(BOT_ID).await.unwrap();
    assert_eq!(info.bot.id, BOT_ID);
    assert_eq!(info.bot.user_id.as_deref(), Some(BOT_USER_ID));
    assert_eq!(
        code(bot.bots_info().bot("B0NOPE0000").await),
        "bot_not_found"
    );
}

#[tokio::test]
async fn search_messages_finds_text_in_the_callers_channels_with_a_user_token() {
    let emulator = Emulator::start().await.unwrap();
    let bot = client(&emulator, &emulator.tokens().bot);
    let user = client(&emulator, &emulator.tokens().user);
    bot.chat_post_message(GENERAL_ID)
        .text("The Deploy went fine")
        .await
        .unwrap();
    bot.chat_post_message(RANDOM_ID)
        .text("deploy again tomorrow")
        .await
        .unwrap();
    bot.chat_post_message(RANDOM_ID)
        .text("lunch?")
        .await
        .unwrap();
    // A channel alice is not in: its messages stay out of her results.
    let secret = bot.conversations_create("secret").await.unwrap().channel.id;
    bot.chat_post_message(secret)
        .text("deploy secrets")
        .await
        .unwrap();

    let found = user.search_messages("DEPLOY").await.unwrap();
    let messages = found.messages.unwrap();
    assert_eq!(messages.total, Some(2));
    let texts: Vec<_> = messages
        .matches
        .iter()
        .flatten()
        .map(|m| m.text.clone().unwrap_or_default())
        .collect();
    assert_eq!(texts, ["deploy again tomorrow", "The Deploy went fine"]);
    let paging = messages.paging.unwrap();
    assert_eq!(paging.total, Some(2));

    let page = user
        .search_messages("deploy")
        .count(1)
        .page(2)
        .await
        .unwrap()
        .messages
        .unwrap();
    let matches = page.matches.unwrap();
    assert_eq!(matches.len(), 1);
    assert_eq!(matches[0].text.as_deref(), Some("The Deploy went fine"));

    assert_eq!(
        code(bot.search_messages("deploy").await),
        "not_allowed_token_type"
    );
}

/// `--state`: bookmarks, user groups and views are saved with the workspace, and a state
/// file written before they existed still loads.
#[tokio::test]
async fn bookmarks_usergroups_and_views_survive_a_save_and_old_state_files_load() {
    use slack_emulator::Workspace;
    let dir = std::env::temp_dir().join(format!("slack-emulator-more-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("workspace.json");

    let first = Emulator::start().await.unwrap();
    let user = client(&first, &first.tokens().user);
    user.bookmarks_add(GENERAL_ID, "Docs", "link")
        .link("https://docs.example.com")
        .await
        .unwrap();
    user.usergroups_create("Ops").await.unwrap();
    user.views_publish(HUMAN_ID, json!({"type": "home", "blocks": []}))
        .await
        .unwrap();
    first.save(&path).unwrap();
    let loaded = Workspace::load(&path).unwrap();
    assert_eq!(
        (
            loaded.bookmarks.len(),
            loaded.usergroups.len(),
            loaded.views.len()
        ),
        (1, 1, 1)
    );

    let mut old = serde_json::to_value(Workspace::seeded()).unwrap();
    for key in ["bookmarks", "usergroups", "views"] {
        old.as_object_mut().unwrap().remove(key);
    }
    std::fs::write(&path, serde_json::to_vec(&old).unwrap()).unwrap();
    let loaded = Workspace::load(&path).unwrap();
    assert!(loaded.bookmarks.is_empty() && loaded.views.is_empty());
    std::fs::remove_dir_all(&dir).unwrap();
}

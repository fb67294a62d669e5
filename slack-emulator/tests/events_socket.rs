//! Events over Socket Mode: while a connection is open, what people do reaches the app as
//! `events_api` envelopes whose payload is the `event_callback`, in the order of the calls.

mod ws;

use serde_json::{json, Value};
use slack_emulator::{Emulator, Via, BOT_USER_ID, GENERAL_ID, HUMAN_ID};
use slack_model::events::{Event, EventCallback, MessageChannelType};
use ws::{ack, connect, next_json, Socket};

/// The next envelope, acknowledged: its event.
async fn next_event(socket: &mut Socket) -> (Value, Event) {
    let envelope = next_json(socket).await;
    assert_eq!(envelope["type"], "events_api", "{envelope:#}");
    assert_eq!(envelope["accepts_response_payload"], false);
    ack(socket, &envelope, Value::Null).await;
    let payload = envelope["payload"].clone();
    let callback: EventCallback = serde_json::from_value(payload.clone()).unwrap();
    assert!(!matches!(*callback.event, Event::Other(_)), "{payload:#}");
    (payload, *callback.event)
}

#[tokio::test]
async fn a_message_is_an_events_api_envelope() {
    let emulator = Emulator::start().await.unwrap();
    let mut socket = connect(&emulator).await;
    let ts = emulator
        .act_as(HUMAN_ID)
        .post_message(GENERAL_ID, "over the socket")
        .unwrap();
    let (payload, event) = next_event(&mut socket).await;
    assert_eq!(payload["type"], "event_callback");
    let Event::Message(message) = event else {
        panic!("{payload:#}")
    };
    assert_eq!(message.ts.as_deref(), Some(ts.as_str()));
    assert_eq!(message.text.as_deref(), Some("over the socket"));
    let deliveries = emulator.deliveries();
    assert_eq!(deliveries.len(), 1);
    assert_eq!(deliveries[0].via, Via::SocketMode);
    assert!(deliveries[0].envelope_id.is_some());
}

#[tokio::test]
async fn a_direct_message_to_the_bot_is_message_im_and_other_channels_are_not_seen() {
    let emulator = Emulator::start().await.unwrap();
    let mut socket = connect(&emulator).await;
    let alice = emulator.act_as(HUMAN_ID);
    // A channel the bot is not in: nothing from it.
    let created = alice
        .call(
            "conversations.create",
            json!({"name": "quiet", "is_private": true}),
        )
        .unwrap();
    let quiet = created["channel"]["id"].as_str().unwrap().to_owned();
    alice
        .post_message(&quiet, "the bot cannot see this")
        .unwrap();
    // A DM with the bot.
    let opened = alice
        .call("conversations.open", json!({ "users": BOT_USER_ID }))
        .unwrap();
    let dm = opened["channel"]["id"].as_str().unwrap().to_owned();
    alice.post_message(&dm, "psst").unwrap();
    let (payload, event) = next_event(&mut socket).await;
    let Event::Message(message) = event else {
        panic!("{payload:#}")
    };
    assert_eq!(
        message.text.as_deref(),
        Some("psst"),
        "the first event sent"
    );
    assert_eq!(message.channel_type, Some(MessageChannelType::Im));
    // Unsubscribed from message.im: the next DM is not sent, the reaction after it is.
    emulator.configure_app(|app| {
        app.events.remove("message.im");
    });
    let ts = alice.post_message(&dm, "unheard").unwrap();
    alice.react(&dm, &ts, "eyes").unwrap();
    let (payload, event) = next_event(&mut socket).await;
    assert!(matches!(event, Event::ReactionAdded(_)), "{payload:#}");
}

#[tokio::test]
async fn without_socket_mode_or_a_request_url_nothing_is_sent() {
    let emulator = Emulator::start().await.unwrap();
    let mut socket = connect(&emulator).await;
    emulator.configure_app(|app| app.socket_mode = false);
    let alice = emulator.act_as(HUMAN_ID);
    alice.post_message(GENERAL_ID, "to no one").unwrap();
    emulator.configure_app(|app| app.socket_mode = true);
    alice.post_message(GENERAL_ID, "to the socket").unwrap();
    let (payload, _) = next_event(&mut socket).await;
    assert_eq!(payload["event"]["text"], "to the socket");
    assert_eq!(emulator.deliveries().len(), 1);
}

/// An event's `type`, with its subtype: `message/channel_join`.
fn kind(payload: &Value) -> String {
    let event = &payload["event"];
    match event["subtype"].as_str() {
        Some(subtype) => format!("message/{subtype}"),
        None => event["type"].as_str().unwrap().to_owned(),
    }
}

#[tokio::test]
async fn a_private_channel_gives_group_events_and_the_app_home_its_own() {
    let emulator = Emulator::start().await.unwrap();
    let mut socket = connect(&emulator).await;
    let alice = emulator.act_as(HUMAN_ID);
    let created = alice
        .call(
            "conversations.create",
            json!({"name": "secret", "is_private": true}),
        )
        .unwrap();
    let secret = created["channel"]["id"].as_str().unwrap().to_owned();
    let channel = json!({ "channel": secret });
    let with = |extra: Value| {
        let mut args = channel.clone();
        args.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        args
    };
    alice
        .call(
            "conversations.invite",
            with(json!({ "users": BOT_USER_ID })),
        )
        .unwrap();
    alice
        .call("conversations.rename", with(json!({"name": "secret-2"})))
        .unwrap();
    alice
        .call("conversations.archive", channel.clone())
        .unwrap();
    alice
        .call("conversations.unarchive", channel.clone())
        .unwrap();
    alice
        .call("conversations.kick", with(json!({ "user": BOT_USER_ID })))
        .unwrap();
    // The bot publishes alice's Home tab; she opens it.
    let bot = slack_api::Client::builder(emulator.tokens().bot.clone())
        .base_url(emulator.base_url())
        .build()
        .unwrap();
    let home = json!({"type": "home", "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "Hi"}}]});
    bot.views_publish(HUMAN_ID, home).await.unwrap();
    alice.open_app_home().unwrap();
    let mut kinds = Vec::new();
    let mut last = Value::Null;
    for _ in 0..11 {
        let (payload, _typed) = next_event(&mut socket).await;
        kinds.push(kind(&payload));
        last = payload;
    }
    assert_eq!(
        kinds,
        [
            "member_joined_channel",
            "message/channel_join",
            "group_rename",
            "message/channel_name",
            "group_archive",
            "message/channel_archive",
            "group_unarchive",
            "message/channel_unarchive",
            "member_left_channel",
            "group_left",
            "app_home_opened",
        ]
    );
    assert_eq!(last["event"]["user"], HUMAN_ID);
    assert_eq!(last["event"]["view"]["type"], "home");
    assert!(last["event"]["channel"].as_str().unwrap().starts_with('D'));
}

#[tokio::test]
async fn profiles_user_groups_and_files_give_their_events() {
    let emulator = Emulator::start().await.unwrap();
    let mut socket = connect(&emulator).await;
    let alice = emulator.act_as(HUMAN_ID);
    let profile = json!({"profile": {"status_text": "On call"}});
    alice.call("users.profile.set", profile).unwrap();
    let group = alice
        .call(
            "usergroups.create",
            json!({"name": "Oncall", "handle": "oncall"}),
        )
        .unwrap();
    let group_id = group["usergroup"]["id"].as_str().unwrap().to_owned();
    let members = json!({"usergroup": group_id, "users": HUMAN_ID});
    alice.call("usergroups.users.update", members).unwrap();
    // A file uploaded into #general, then deleted.
    let asked = json!({"filename": "notes.txt", "length": 5});
    let upload = alice.call("files.getUploadURLExternal", asked).unwrap();
    let url = upload["upload_url"].as_str().unwrap();
    reqwest::Client::new()
        .post(url)
        .body("hello")
        .send()
        .await
        .unwrap();
    let file_id = upload["file_id"].as_str().unwrap();
    let complete = json!({"files": [{"id": file_id}], "channel_id": GENERAL_ID});
    alice
        .call("files.completeUploadExternal", complete)
        .unwrap();
    alice
        .call("files.delete", json!({ "file": file_id }))
        .unwrap();
    let mut kinds = Vec::new();
    let mut events = Vec::new();
    for _ in 0..7 {
        let (payload, event) = next_event(&mut socket).await;
        kinds.push(kind(&payload));
        events.push(event);
    }
    assert_eq!(
        kinds,
        [
            "user_change",
            "subteam_created",
            "subteam_members_changed",
            "file_created",
            "file_shared",
            "message",
            "file_deleted",
        ]
    );
    let Event::SubteamMembersChanged(changed) = &events[2] else {
        panic!("{:?}", events[2])
    };
    assert_eq!(changed.added_users.as_deref().map(|u| u.len()), Some(1));
}

#[tokio::test]
async fn another_bots_message_reaches_the_app_with_its_own_bot_id() {
    let seed = "users: [{name: alice}, {name: deploys, is_bot: true}]\n\
                channels:\n  - {name: general, members: [alice, deploys, emulator-bot]}\n";
    let workspace = slack_emulator::Workspace::from_seed(seed).unwrap();
    let addr = std::net::SocketAddr::from(([127, 0, 0, 1], 0));
    let emulator = Emulator::start_with(addr, workspace).await.unwrap();
    let (general, deploys) = emulator.with_workspace(|ws| {
        let general = ws.channel_id("general").unwrap().to_owned();
        (general, ws.user_id("deploys").unwrap().to_owned())
    });
    let mut socket = connect(&emulator).await;
    emulator
        .act_as_bot("deploys")
        .post_message(&general, "Deployed v2")
        .unwrap();
    let (payload, event) = next_event(&mut socket).await;
    let Event::Message(message) = event else {
        panic!("{payload:#}")
    };
    assert_eq!(message.user.as_deref(), Some(deploys.as_str()));
    let bot_id = payload["event"]["bot_id"].as_str().unwrap();
    assert!(
        bot_id.starts_with('B') && bot_id != slack_emulator::BOT_ID,
        "{bot_id}"
    );
    assert!(
        payload["event"].get("app_id").is_none(),
        "not the app's post"
    );
    // People and the app's own bot are not other bots.
    let alice = emulator.act_as_bot("alice").post_message(&general, "hi");
    assert!(matches!(
        alice,
        Err(slack_emulator::ActError::NoSuchUser(_))
    ));
    let own = emulator
        .act_as_bot(BOT_USER_ID)
        .post_message(&general, "hi");
    assert!(matches!(own, Err(slack_emulator::ActError::NoSuchUser(_))));
}

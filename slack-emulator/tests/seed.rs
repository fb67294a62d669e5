//! Seeds: a workspace described in YAML (`Workspace::from_seed`, `--seed FILE`), served
//! and read back through this crate's client; bad seeds refused with their line and key.

use std::net::SocketAddr;
use std::path::Path;

use slack_api::Client;
use slack_emulator::{Emulator, SeedError, Workspace, BOT_USER_ID};

const EXAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/workspace.yaml");

async fn start(workspace: Workspace) -> Emulator {
    Emulator::start_with(SocketAddr::from(([127, 0, 0, 1], 0)), workspace)
        .await
        .unwrap()
}

fn client(emulator: &Emulator, token: &str) -> Client {
    Client::builder(token)
        .base_url(emulator.base_url())
        .build()
        .unwrap()
}

#[tokio::test]
async fn the_example_seed_is_the_workspace_served() {
    let workspace = Workspace::from_seed_file(Path::new(EXAMPLE)).unwrap();
    let emulator = start(workspace).await;
    let bot = client(&emulator, &emulator.tokens().bot);
    let alice = client(&emulator, &emulator.tokens().user);

    let me = bot.auth_test().await.unwrap();
    assert_eq!(me.team.as_deref(), Some("Acme"));
    assert_eq!(me.url.as_deref(), Some("https://acme.slack.com/"));
    assert_eq!(me.user_id.as_deref(), Some(BOT_USER_ID));
    assert_eq!(me.user.as_deref(), Some("helper"));
    // The app: its subscriptions and where its events go.
    let app = emulator.app();
    assert!(app.events.contains("app_mention") && !app.events.contains("pin_added"));
    assert!(app.socket_mode);
    let url = app.request_url.as_deref();
    assert_eq!(url, Some("http://127.0.0.1:3001/slack/events"));
    let her = alice.auth_test().await.unwrap();
    assert_eq!(her.user.as_deref(), Some("alice"), "the first person");

    let bob = bot
        .users_lookup_by_email("bob@acme.test")
        .await
        .unwrap()
        .user;
    assert!(bob.id.starts_with('U') && bob.id.len() == 10, "{}", bob.id);
    assert_eq!(bob.real_name.as_deref(), Some("Bob Baker"));
    let alice_id = her.user_id.clone().unwrap();
    let alice_record = bot.users_info(&alice_id).await.unwrap().user;
    assert_eq!(alice_record.is_admin, Some(true));
    assert_eq!(alice_record.tz.as_deref(), Some("Europe/Paris"));
    let deploys = emulator.with_workspace(|ws| ws.user_id("deploys").map(str::to_owned));
    let deploys = bot.users_info(deploys.unwrap()).await.unwrap().user;
    assert_eq!(deploys.is_bot, Some(true));

    let ids = emulator.with_workspace(|ws| {
        ["general", "incidents", "old-project"].map(|n| ws.channel_id(n).unwrap().to_owned())
    });
    let [general, incidents, old] = ids;
    assert!(general.starts_with('C') && incidents.starts_with('G'));
    let info = bot.conversations_info(&general).await.unwrap().channel;
    assert_eq!(info.is_general, Some(true));
    assert_eq!(info.num_members, Some(5));
    let topic = info.topic.and_then(|t| t.value);
    assert_eq!(topic.as_deref(), Some("Company-wide announcements"));
    let private = bot.conversations_info(&incidents).await.unwrap().channel;
    assert_eq!(private.is_private, Some(true));
    assert_eq!(
        private.creator.as_deref(),
        Some(alice_id.as_str()),
        "its first member"
    );
    let archived = bot.conversations_info(&old).await.unwrap().channel;
    assert_eq!(archived.is_archived, Some(true));

    // Messages, newest first, with the thread and the reactions.
    let history = bot.conversations_history(&general).await.unwrap().messages;
    let texts: Vec<_> = history.iter().map(|m| m.text.as_deref().unwrap()).collect();
    assert_eq!(texts, ["Deployed v1.2.3 to production", "Welcome to Acme!"]);
    assert!(history[0].bot_id.is_some(), "a bot's message");
    let welcome = &history[1];
    assert_eq!(welcome.reply_count, Some(1));
    let wave = &welcome.reactions.as_deref().unwrap()[0];
    assert_eq!((wave.name.as_str(), wave.count), ("wave", Some(2)));
    let ts = welcome.ts.clone().unwrap();
    let thread = bot
        .conversations_replies(&general, ts)
        .await
        .unwrap()
        .messages;
    assert_eq!(thread[1].text.as_deref(), Some("Glad to be here"));
    assert_eq!(thread[1].user.as_deref(), Some(bob.id.as_str()));

    let bots_info = bot.bots_info().await.unwrap().bot;
    assert_eq!(bots_info.name.as_deref(), Some("helper"));
}

/// The error a seed gives.
fn refused(yaml: &str) -> SeedError {
    Workspace::from_seed(yaml).expect_err("a bad seed")
}

#[test]
fn bad_seeds_name_the_line_and_the_key() {
    let e = refused("users:\n  - name: alice\n    is_admin: yes\n");
    assert_eq!(
        e.to_string(),
        "line 3: users[0].is_admin: expected true or false"
    );

    let e = refused("users:\n  - name: alice\n    emial: a@example.com\n");
    assert_eq!((e.line, e.path.as_str()), (Some(3), "users[0].emial"));
    assert!(e.message.starts_with("unknown key"), "{e}");

    let e = refused(concat!(
        "users:\n  - name: alice\n",
        "channels:\n  - name: general\n    members: [alice, zed]\n"
    ));
    assert_eq!(
        (e.line, e.path.as_str()),
        (Some(5), "channels[0].members[1]")
    );
    assert!(e.message.contains("no user named `zed`"), "{e}");

    let e = refused("users:\n  - name: alice\nchannels:\n  - name: Has Spaces\n");
    assert_eq!(e.path, "channels[0].name");
    assert!(e.message.contains("invalid_name_specials"), "{e}");

    let e = refused(concat!(
        "users:\n  - name: alice\n  - name: bob\n",
        "channels:\n  - name: general\n    members: [alice]\n",
        "    messages:\n      - user: bob\n        text: hi\n"
    ));
    assert_eq!(e.path, "channels[0].messages[0].user");
    assert!(e.message.contains("member"), "{e}");

    let e = refused("users: [{name: alice}]\nteam:\n  name: A\n  name: B\n");
    assert_eq!(e.line, Some(4));
    assert!(e.message.contains("`name` comes twice"), "{e}");

    let e = refused("users: [{name: alice}\n");
    assert!(e.line.is_some() && e.message.starts_with("not YAML"), "{e}");

    let e = refused("users:\n  - name: robot\n    is_bot: true\n");
    assert_eq!(e.path, "users");
    assert!(e.message.contains("at least one person"), "{e}");

    let e = refused("users: [{name: alice}]\nchanels: []\n");
    assert_eq!((e.line, e.path.as_str()), (Some(2), "chanels"));

    let e = refused("users: [{name: alice}]\napp:\n  events: [Message Channels]\n");
    assert_eq!((e.line, e.path.as_str()), (Some(3), "app.events[0]"));
    let e = refused("users: [{name: alice}]\napp:\n  request_url: ftp://x\n");
    assert_eq!(e.path, "app.request_url");
    let e = refused("users: [{name: alice}]\napp:\n  socket: true\n");
    assert!(e.message.contains("socket_mode"), "{e}");

    let e = Workspace::from_seed_file(Path::new("/no/such/seed.yaml")).unwrap_err();
    assert!(e.message.contains("/no/such/seed.yaml"), "{e}");
}

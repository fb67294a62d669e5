//! Acting as a person of the workspace, so that the bot under test sees human activity:
//! `Emulator::user_token`, `Emulator::act_as`, and the same over HTTP at
//! `/_emulator/token` and `/_emulator/act`.

use std::net::SocketAddr;

use serde_json::{json, Value};
use slack_api::Client;
use slack_emulator::{ActError, Emulator, Workspace, BOT_USER_ID, HUMAN_ID};

const SEED: &str = "
users:
  - name: alice
  - name: bob
  - name: gone
    deleted: true
channels:
  - name: general
    members: [alice, bob, emulator-bot]
  - name: quiet
    members: [alice]
";

async fn start() -> (Emulator, String) {
    let workspace = Workspace::from_seed(SEED).unwrap();
    let general = workspace.channel_id("general").unwrap().to_owned();
    let emulator = Emulator::start_with(SocketAddr::from(([127, 0, 0, 1], 0)), workspace)
        .await
        .unwrap();
    (emulator, general)
}

fn client(emulator: &Emulator, token: &str) -> Client {
    Client::builder(token)
        .base_url(emulator.base_url())
        // The calls the emulator records are the test's own: pacing needs no `auth.test`.
        .workspace(slack_emulator::TEAM_ID)
        .build()
        .unwrap()
}

fn id(emulator: &Emulator, name: &str) -> String {
    emulator.with_workspace(|ws| ws.user_id(name).unwrap().to_owned())
}

#[tokio::test]
async fn the_bot_sees_what_a_person_does() {
    let (emulator, general) = start().await;
    let bot = client(&emulator, &emulator.tokens().bot);
    let bob = emulator.act_as("bob");
    let bob_id = id(&emulator, "bob");

    let ts = bob
        .post_message(&general, "<@U0EMU00002> deploy please")
        .unwrap();
    let history = bot.conversations_history(&general).await.unwrap().messages;
    assert_eq!(history[0].ts.as_deref(), Some(ts.as_str()));
    assert_eq!(history[0].user.as_deref(), Some(bob_id.as_str()));
    assert_eq!(history[0].bot_id, None, "a person's message");

    bob.react(&general, &ts, "eyes").unwrap();
    let alice = emulator.act_as(&id(&emulator, "alice"));
    let reply = alice.reply(&general, &ts, "seconded").unwrap();
    let thread = bot
        .conversations_replies(&general, ts.clone())
        .await
        .unwrap();
    assert_eq!(thread.messages[1].ts.as_deref(), Some(reply.as_str()));
    let reactions = bot
        .reactions_get()
        .channel(&general)
        .timestamp(ts.clone())
        .await
        .unwrap();
    let eyes = &reactions.message.unwrap().reactions.unwrap()[0];
    assert_eq!(eyes.users.as_deref(), Some(&[bob_id.as_str().into()][..]));

    // Any method, by name, refused as Slack refuses it.
    let quiet = emulator.with_workspace(|ws| ws.channel_id("quiet").unwrap().to_owned());
    match bob.post_message(&quiet, "hi") {
        Err(ActError::Slack { error, .. }) => assert_eq!(error, "not_in_channel"),
        other => panic!("{other:?}"),
    }
    bob.join(&quiet).unwrap();
    let topic = bob
        .call(
            "conversations.setTopic",
            json!({"channel": quiet, "topic": "shh"}),
        )
        .unwrap();
    assert_eq!(topic["channel"]["topic"]["value"], "shh");

    // Not the bot's calls: neither recorded nor rate-limited.
    assert!(emulator
        .calls()
        .iter()
        .all(|c| c.method == "conversations.history"
            || c.method == "conversations.replies"
            || c.method == "reactions.get"));
    assert!(matches!(
        emulator.act_as("nobody").post_message(&general, "hi"),
        Err(ActError::NoSuchUser(_))
    ));
}

#[tokio::test]
async fn any_person_has_a_user_token() {
    let (emulator, _) = start().await;
    let bob_id = id(&emulator, "bob");
    let token = emulator.user_token(&bob_id).unwrap();
    assert_eq!(
        emulator.user_token("bob"),
        Some(token.clone()),
        "by name too, once"
    );
    let me = client(&emulator, &token).auth_test().await.unwrap();
    assert_eq!(me.user_id.as_deref(), Some(bob_id.as_str()));
    let first = emulator.user_token(&id(&emulator, "alice"));
    assert_eq!(first.as_ref(), Some(&emulator.tokens().user));

    assert_eq!(emulator.user_token(BOT_USER_ID), None, "a bot has none");
    assert_eq!(emulator.user_token("gone"), None, "nor a deactivated user");
    assert_eq!(emulator.user_token("U0NOSUCH01"), None);
}

#[tokio::test]
async fn acting_over_http() {
    let emulator = Emulator::start().await.unwrap();
    let origin = emulator.base_url().trim_end_matches("/api/").to_owned();
    let http = reqwest::Client::new();

    let got = http
        .get(format!("{origin}/_emulator/token?user={HUMAN_ID}"))
        .send()
        .await
        .unwrap();
    let got = json_of(got).await;
    assert_eq!(got["token"], json!(emulator.tokens().user));
    let missing = http
        .get(format!("{origin}/_emulator/token?user={BOT_USER_ID}"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);

    let act = |body: Value| {
        http.post(format!("{origin}/_emulator/act"))
            .header("content-type", "application/json")
            .body(body.to_string())
            .send()
    };
    let posted = act(json!({
        "user": "alice", "method": "chat.postMessage",
        "args": {"channel": slack_emulator::GENERAL_ID, "text": "from elsewhere"},
    }))
    .await
    .unwrap();
    let posted = json_of(posted).await;
    assert_eq!(posted["ok"], true, "{posted}");
    assert_eq!(posted["message"]["user"], HUMAN_ID);
    let refused = act(json!({"user": "alice", "method": "chat.postMessage", "args": {"channel": "C0NOSUCH01", "text": "x"}}))
        .await
        .unwrap();
    assert_eq!(json_of(refused).await["error"], "channel_not_found");
    let no_user = act(json!({"user": "zed", "method": "auth.test"}))
        .await
        .unwrap();
    assert_eq!(no_user.status(), 404);
    let malformed = act(json!({"method": "auth.test"})).await.unwrap();
    assert_eq!(malformed.status(), 400);

    let bot = client(&emulator, &emulator.tokens().bot);
    let history = bot
        .conversations_history(slack_emulator::GENERAL_ID)
        .await
        .unwrap();
    assert_eq!(history.messages[0].text.as_deref(), Some("from elsewhere"));
}

async fn json_of(response: reqwest::Response) -> Value {
    serde_json::from_slice(&response.bytes().await.unwrap()).unwrap()
}

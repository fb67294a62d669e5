//! The emulator's OAuth v2 against a peer we did not write: Slack's own Python SDK
//! (`tests/peer/oauth.py`) builds the authorize URL with `AuthorizeUrlGenerator`, reads the
//! emulator's redirect, exchanges the code with `WebClient.oauth_v2_access` (the client
//! credentials in HTTP Basic, as the SDK sends them), calls `auth.test` with both tokens,
//! refreshes once with token rotation on, and sees a reused refresh token and a wrong
//! secret refused.
//!
//! Needs `python3` and `slack_sdk` (`.ci/run` installs `slack_sdk==3.36.0`); skipped with a
//! message without them.

mod peer;

use std::time::{Duration, Instant};

use peer::{has_slack_sdk, Peer};
use serde_json::Value;
use slack_emulator::{App, Emulator, BOT_USER_ID, HUMAN_ID, TEAM_ID};

const CLIENT_ID: &str = "1111.2222";
const SECRET: &str = "peer-client-secret";

/// Runs the peer to its end (killed past `within`): its JSON lines, by `step`.
async fn run_peer(emulator: &Emulator, within: Duration) -> Vec<Value> {
    let mut peer = Peer::start("oauth.py", &[emulator.base_url(), CLIENT_ID, SECRET]);
    let (lines, success) = peer.finish(Instant::now() + within).await;
    assert!(
        success,
        "the peer failed (its stderr is above); it printed: {lines:?}"
    );
    lines
}

fn step<'a>(lines: &'a [Value], name: &str) -> &'a Value {
    lines
        .iter()
        .find(|line| line["step"] == name)
        .unwrap_or_else(|| panic!("no step {name} in {lines:?}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slacks_python_sdk_installs_the_app_and_refreshes_its_token() {
    if !has_slack_sdk("slack_sdk.oauth") {
        eprintln!("SKIPPED: needs python3 with slack_sdk (pip install slack_sdk==3.36.0)");
        return;
    }
    let emulator = Emulator::start().await.unwrap();
    emulator.set_app(App::new(CLIENT_ID, SECRET).with_rotation(Duration::from_secs(3600)));
    let lines = run_peer(&emulator, Duration::from_secs(30)).await;

    let authorize = step(&lines, "authorize");
    assert_eq!(authorize["status"], 302, "{authorize}");
    assert_eq!(
        authorize["location"],
        "http://127.0.0.1:9/slack/oauth_redirect"
    );
    assert_eq!(
        authorize["state"], "peer-state-1",
        "the state comes back as it went"
    );
    assert_eq!(authorize["has_code"], true);

    let access = step(&lines, "access");
    assert_eq!(access["ok"], true, "{access}");
    assert_eq!(access["token_type"], "bot");
    assert_eq!(access["scope"], "chat:write,channels:read");
    assert_eq!(access["user_scope"], "search:read");
    assert_eq!(access["team"], TEAM_ID);
    assert_eq!(access["bot_user_id"], BOT_USER_ID);
    assert_eq!(
        access["has_refresh"], true,
        "rotation hands out refresh tokens"
    );

    let bot = step(&lines, "auth.test bot");
    assert_eq!(
        (&bot["ok"], &bot["user_id"]),
        (&Value::Bool(true), &BOT_USER_ID.into())
    );
    let user = step(&lines, "auth.test user");
    assert_eq!(
        (&user["ok"], &user["user_id"]),
        (&Value::Bool(true), &HUMAN_ID.into())
    );

    let refresh = step(&lines, "refresh");
    assert_eq!(refresh["ok"], true, "{refresh}");
    assert_eq!(refresh["new_token"], true);
    assert_eq!(step(&lines, "reuse")["error"], "invalid_refresh_token");
    assert_eq!(step(&lines, "wrong secret")["error"], "bad_client_secret");
}

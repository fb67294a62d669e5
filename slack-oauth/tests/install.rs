//! The install flow end to end against the emulator over loopback: an HTTP client follows
//! install → authorize → callback, the installation lands in SQLite on a real file, and
//! its tokens work against the emulator; token rotation; refused states and credentials.

use std::sync::Arc;
use std::time::Duration;

use slack_api::methods::OauthV2AccessError;
use slack_emulator::{App, Emulator, BOT_USER_ID, TEAM_ID};
use slack_oauth::{
    ClientCredentials, Error, InstallationKey, InstallationStore, Installer, ManualClock,
    SqliteStore, StateError,
};

const CLIENT_ID: &str = "4242.1717";
const SECRET: &str = "the-client-secret";
const LIFETIME: Duration = Duration::from_secs(3600);

struct Setup {
    emulator: Emulator,
    installer: Arc<Installer>,
    clock: Arc<ManualClock>,
    app: String,
    db: std::path::PathBuf,
}

/// A fresh database file in the system's temp directory.
fn db_path(name: &str) -> std::path::PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let path = std::env::temp_dir().join(format!(
        "slack-oauth-{name}-{}-{nanos}.db",
        std::process::id()
    ));
    let _ = std::fs::remove_file(&path);
    path
}

/// The emulator, and the app's install and redirect handlers on a port of their own.
async fn setup(name: &str, rotation: bool, secret: &str) -> Setup {
    let emulator = Emulator::start().await.unwrap();
    let app = App::new(CLIENT_ID, SECRET);
    emulator.set_app(if rotation {
        app.with_rotation(LIFETIME)
    } else {
        app
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    let db = db_path(name);
    let clock = Arc::new(ManualClock::new());
    let installer = Installer::builder(
        ClientCredentials::new(CLIENT_ID, secret),
        b"state secret for the tests",
        SqliteStore::open(&db).await.unwrap(),
    )
    .scopes(["chat:write", "channels:read"])
    .user_scopes(["search:read"])
    .redirect_uri(format!("{origin}/slack/oauth_redirect"))
    .authorize_url(format!("http://{}/oauth/v2/authorize", emulator.addr()))
    .api_base_url(emulator.base_url())
    .clock(clock.clone())
    .build()
    .unwrap();
    let installer = Arc::new(installer);
    let router = slack_oauth::axum::routes(installer.clone());
    tokio::spawn(async move { axum::serve(listener, router).await });
    Setup {
        emulator,
        installer,
        clock,
        app: origin,
        db,
    }
}

/// Follows every redirect, as a browser does.
async fn browse(url: &str) -> (u16, String) {
    let response = reqwest::get(url).await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

/// Follows none: the `Location` of a redirect, or the page.
async fn step(url: &str) -> (u16, String) {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let response = client.get(url).send().await.unwrap();
    let status = response.status().as_u16();
    match response.headers().get("location") {
        Some(location) => (status, location.to_str().unwrap().to_owned()),
        None => (status, response.text().await.unwrap()),
    }
}

fn bot_client(s: &Setup, token: &str) -> slack_api::Client {
    slack_api::Client::builder(token)
        .base_url(s.emulator.base_url())
        .build()
        .unwrap()
}

fn exchanges(s: &Setup) -> usize {
    s.emulator
        .calls()
        .iter()
        .filter(|c| c.method == "oauth.v2.access")
        .count()
}

#[tokio::test]
async fn the_install_flow_stores_the_installation_in_sqlite_and_its_bot_token_works() {
    let s = setup("flow", false, SECRET).await;
    let (status, page) = browse(&format!("{}/slack/install", s.app)).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("installed"), "{page}");

    // A second connection to the same file sees what the flow stored.
    let store = SqliteStore::open(&s.db).await.unwrap();
    assert_eq!(store.schema_version().await.unwrap(), 1);
    let installation = store
        .find(&InstallationKey::team(TEAM_ID))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(installation.bot_user_id.as_deref(), Some(BOT_USER_ID));
    let bot = installation.bot.clone().unwrap();
    assert_eq!(bot.scopes, ["chat:write", "channels:read"]);
    assert!(bot.refresh_token.is_none() && bot.expires_at.is_none());
    assert_eq!(installation.user.as_ref().unwrap().scopes, ["search:read"]);
    let debug = format!("{installation:?}");
    assert!(
        !debug.contains(bot.token.expose()),
        "a token in Debug: {debug}"
    );
    let mine = InstallationKey::team(TEAM_ID).user(&installation.user_id);
    assert!(store.find(&mine).await.unwrap().is_some());

    let who = bot_client(&s, bot.token.expose())
        .auth_test()
        .await
        .unwrap();
    assert_eq!(who.user_id.as_deref(), Some(BOT_USER_ID));
    // Only what was granted: the bot token has chat:write, not users:read.
    let users = bot_client(&s, bot.token.expose()).users_list().await;
    assert!(users.is_err(), "users.list needs users:read");
    let _ = std::fs::remove_file(&s.db);
}

#[tokio::test]
async fn a_rotated_token_keeps_working_after_its_predecessor_expires() {
    let s = setup("rotate", true, SECRET).await;
    assert_eq!(browse(&format!("{}/slack/install", s.app)).await.0, 200);
    let key = InstallationKey::team(TEAM_ID);
    let first = s.installer.token_for(&key).await.unwrap();
    assert!(
        first.expose().starts_with("xoxe.xoxb-"),
        "a rotating bot token"
    );
    bot_client(&s, first.expose()).auth_test().await.unwrap();

    // An hour later: the first token has expired, and token_for gives a new one.
    s.clock.advance(LIFETIME);
    s.emulator.advance_oauth_clock(LIFETIME);
    let expired = bot_client(&s, first.expose())
        .auth_test()
        .await
        .unwrap_err();
    let code = expired.api_error().unwrap().code.to_string();
    assert!(code.starts_with("token_expired"), "{code}");
    let second = s.installer.token_for(&key).await.unwrap();
    assert_ne!(second, first);
    bot_client(&s, second.expose()).auth_test().await.unwrap();
    let stored = SqliteStore::open(&s.db)
        .await
        .unwrap()
        .find(&key)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        stored.bot.unwrap().token,
        second,
        "the refreshed token is stored"
    );

    // And once more, with the refresh token the first refresh gave.
    s.clock.advance(LIFETIME);
    s.emulator.advance_oauth_clock(LIFETIME);
    let third = s.installer.token_for(&key).await.unwrap();
    bot_client(&s, third.expose()).auth_test().await.unwrap();
    let _ = std::fs::remove_file(&s.db);
}

#[tokio::test]
async fn concurrent_token_for_calls_cause_exactly_one_refresh() {
    let s = setup("concurrent", true, SECRET).await;
    assert_eq!(browse(&format!("{}/slack/install", s.app)).await.0, 200);
    assert_eq!(exchanges(&s), 1, "the install's exchange");
    s.clock.advance(LIFETIME);
    s.emulator.advance_oauth_clock(LIFETIME);
    let key = InstallationKey::team(TEAM_ID);
    let calls = (0..16).map(|_| {
        let installer = s.installer.clone();
        let key = key.clone();
        tokio::spawn(async move { installer.token_for(&key).await.unwrap() })
    });
    let tokens: Vec<_> = futures_join(calls).await;
    assert!(
        tokens.windows(2).all(|w| w[0] == w[1]),
        "all got the same token"
    );
    assert_eq!(exchanges(&s), 2, "one refresh for sixteen callers");
    bot_client(&s, tokens[0].expose())
        .auth_test()
        .await
        .unwrap();
    let _ = std::fs::remove_file(&s.db);
}

async fn futures_join<T>(handles: impl Iterator<Item = tokio::task::JoinHandle<T>>) -> Vec<T> {
    let handles: Vec<_> = handles.collect();
    let mut out = Vec::new();
    for h in handles {
        out.push(h.await.unwrap());
    }
    out
}

/// Walks install → authorize, and gives the callback URL Slack redirects to.
async fn callback_url(s: &Setup) -> String {
    let (status, authorize) = step(&format!("{}/slack/install", s.app)).await;
    assert_eq!(status, 302);
    let (status, callback) = step(&authorize).await;
    assert_eq!(status, 302);
    assert!(callback.starts_with(&s.app), "{callback}");
    callback
}

#[tokio::test]
async fn forged_expired_and_reused_states_are_refused() {
    let s = setup("states", false, SECRET).await;
    // Reused: the same callback twice.
    let callback = callback_url(&s).await;
    assert_eq!(step(&callback).await.0, 200);
    let (status, page) = step(&callback).await;
    assert_eq!(
        (status, page.contains("already used")),
        (400, true),
        "{page}"
    );

    // Forged: the state with its nonce changed.
    let callback = callback_url(&s).await;
    let forged = callback
        .replacen("state=", "state=0", 1)
        .replacen("state=00", "state=1", 1);
    let (status, page) = step(&forged).await;
    assert_eq!(status, 400, "{page}");
    assert!(
        page.contains("signature") || page.contains("malformed"),
        "{page}"
    );
    assert!(matches!(
        s.installer
            .callback("code", "00000000000000000000000000000000.1.00")
            .await,
        Err(Error::State(StateError::Forged))
    ));

    // Expired: eleven minutes between install and callback.
    let callback = callback_url(&s).await;
    s.clock.advance(Duration::from_secs(11 * 60));
    let (status, page) = step(&callback).await;
    assert_eq!((status, page.contains("expired")), (400, true), "{page}");

    // Denied by the user.
    s.emulator.deny_next_authorization();
    let (status, page) = step(&callback_url(&s).await).await;
    assert_eq!(
        (status, page.contains("access_denied")),
        (400, true),
        "{page}"
    );
    assert!(s
        .installer
        .store()
        .find(&InstallationKey::team(TEAM_ID))
        .await
        .unwrap()
        .is_some());
    let _ = std::fs::remove_file(&s.db);
}

#[tokio::test]
async fn a_wrong_client_secret_is_refused() {
    let s = setup("secret", false, "not-the-secret").await;
    let callback = callback_url(&s).await;
    let (status, page) = step(&callback).await;
    assert_eq!(status, 502, "{page}");
    assert!(page.contains("bad_client_secret"), "{page}");
    assert!(!page.contains("not-the-secret"));
    let stored = s
        .installer
        .store()
        .find(&InstallationKey::team(TEAM_ID))
        .await
        .unwrap();
    assert!(stored.is_none());

    // Slack also takes the credentials as form fields; a code is single-use.
    let plain = slack_api::Client::builder("")
        .base_url(s.emulator.base_url())
        .build()
        .unwrap();
    let refused = plain
        .oauth_v2_access()
        .client_id(CLIENT_ID)
        .client_secret(SECRET)
        .code("no-such-code")
        .await
        .unwrap_err();
    assert_eq!(refused.code(), Some(&OauthV2AccessError::InvalidCode));
    let wrong = plain
        .oauth_v2_access()
        .client_id(CLIENT_ID)
        .client_secret("wrong")
        .code("no-such-code")
        .await
        .unwrap_err();
    assert_eq!(wrong.code(), Some(&OauthV2AccessError::BadClientSecret));
    let _ = std::fs::remove_file(&s.db);
}

#[tokio::test]
async fn the_installing_users_token_rotates_too() {
    let s = setup("user-rotate", true, SECRET).await;
    assert_eq!(browse(&format!("{}/slack/install", s.app)).await.0, 200);
    let installed = s
        .installer
        .store()
        .find(&InstallationKey::team(TEAM_ID))
        .await
        .unwrap()
        .unwrap();
    let key = InstallationKey::team(TEAM_ID).user(&installed.user_id);
    let first = s.installer.token_for(&key).await.unwrap();
    assert!(
        first.expose().starts_with("xoxe.xoxp-"),
        "a rotating user token"
    );
    s.clock.advance(LIFETIME);
    s.emulator.advance_oauth_clock(LIFETIME);
    let second = s.installer.token_for(&key).await.unwrap();
    assert_ne!(second, first);
    let who = bot_client(&s, second.expose()).auth_test().await.unwrap();
    assert_eq!(who.user_id.as_deref(), Some(installed.user_id.as_str()));
    // The bot's token was not touched by the user's refresh.
    let bot = s
        .installer
        .store()
        .find(&InstallationKey::team(TEAM_ID))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(bot.bot, installed.bot);
    let _ = std::fs::remove_file(&s.db);
}

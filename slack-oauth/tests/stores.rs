//! The same contract for every installation store: the memory one and SQLite on a real
//! file (its schema created on open, kept across connections, a newer one refused).

use std::time::{Duration, SystemTime};

use slack_oauth::{
    Installation, InstallationKey, InstallationStore, MemoryInstallationStore, SqliteStore, Tokens,
};

fn installation(user: &str, bot_token: &str, user_token: &str) -> Installation {
    let at = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    let mut i = sample();
    i.user_id = user.into();
    i.bot = Some(Tokens::new(bot_token, vec!["chat:write".into()]).rotating("xoxe-1-b", at));
    i.user = Some(Tokens::new(user_token, vec!["search:read".into()]));
    i
}

/// An installation as `oauth.v2.access` gives it, through the public constructor.
fn sample() -> Installation {
    let body = r##"{"ok":true,"app_id":"A1","team":{"id":"T1","name":"Acme"},
        "authed_user":{"id":"U1"},"is_enterprise_install":false,
        "incoming_webhook":{"url":"https://hooks.example/secret","channel":"#g","channel_id":"C1"}}"##;
    let response = serde_json::from_str(body).unwrap();
    Installation::from_response(&response, SystemTime::UNIX_EPOCH + Duration::from_secs(5)).unwrap()
}

async fn contract(store: &dyn InstallationStore) {
    let team = InstallationKey::team("T1");
    assert!(store.find(&team).await.unwrap().is_none());
    store
        .save(&installation("U1", "xoxb-1", "xoxp-1"))
        .await
        .unwrap();
    store
        .save(&installation("U2", "xoxb-2", "xoxp-2"))
        .await
        .unwrap();
    // The workspace's installation is the latest; each user keeps theirs.
    let latest = store.find(&team).await.unwrap().unwrap();
    assert_eq!(
        (latest.user_id.as_str(), latest.bot.unwrap().token.expose()),
        ("U2", "xoxb-2")
    );
    let u1 = store.find(&team.clone().user("U1")).await.unwrap().unwrap();
    assert_eq!(u1.user.as_ref().unwrap().token.expose(), "xoxp-1");
    assert_eq!(
        u1.incoming_webhook.as_ref().unwrap().url,
        "https://hooks.example/secret"
    );
    assert!(
        !format!("{u1:?}").contains("hooks.example"),
        "the webhook URL is a secret"
    );
    assert_eq!(
        u1,
        installation("U1", "xoxb-1", "xoxp-1"),
        "read back whole"
    );

    // A refresh of the bot's token reaches every installation of the workspace; a user's,
    // only that user's.
    let bot = Tokens::new("xoxe.xoxb-new", vec!["chat:write".into()]).rotating(
        "xoxe-1-new",
        SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000),
    );
    store.update_tokens(&team, Some(&bot), None).await.unwrap();
    let user = Tokens::new("xoxp-new", vec!["search:read".into()]);
    store
        .update_tokens(&team.clone().user("U1"), None, Some(&user))
        .await
        .unwrap();
    for key in [
        team.clone(),
        team.clone().user("U1"),
        team.clone().user("U2"),
    ] {
        let found = store.find(&key).await.unwrap().unwrap();
        assert_eq!(found.bot.as_ref(), Some(&bot), "{key:?}");
        let want = if found.user_id == "U1" {
            "xoxp-new"
        } else {
            "xoxp-2"
        };
        assert_eq!(found.user.unwrap().token.expose(), want, "{key:?}");
    }

    store.delete(&team.clone().user("U2")).await.unwrap();
    assert!(store
        .find(&team.clone().user("U2"))
        .await
        .unwrap()
        .is_none());
    assert!(store.find(&team).await.unwrap().is_some());
    store.delete(&team).await.unwrap();
    assert!(store
        .find(&team.clone().user("U1"))
        .await
        .unwrap()
        .is_none());
    assert!(store.find(&team).await.unwrap().is_none());
}

#[tokio::test]
async fn the_memory_store_keeps_the_contract() {
    contract(&MemoryInstallationStore::new()).await;
}

fn db_path(name: &str) -> std::path::PathBuf {
    let path = std::env::temp_dir().join(format!(
        "slack-oauth-store-{name}-{}.db",
        std::process::id()
    ));
    let _ = std::fs::remove_file(&path);
    path
}

#[tokio::test]
async fn the_sqlite_store_keeps_the_contract_on_a_file() {
    let path = db_path("contract");
    contract(&SqliteStore::open(&path).await.unwrap()).await;
    // Kept across connections.
    let first = SqliteStore::open(&path).await.unwrap();
    first
        .save(&installation("U1", "xoxb-1", "xoxp-1"))
        .await
        .unwrap();
    drop(first);
    let again = SqliteStore::open(&path).await.unwrap();
    assert_eq!(again.schema_version().await.unwrap(), 1);
    assert!(again
        .find(&InstallationKey::team("T1"))
        .await
        .unwrap()
        .is_some());
    let _ = std::fs::remove_file(&path);
}

#[tokio::test]
async fn a_database_of_a_newer_schema_is_refused() {
    let path = db_path("newer");
    let db = rusqlite::Connection::open(&path).unwrap();
    db.pragma_update(None, "user_version", 7).unwrap();
    drop(db);
    let error = SqliteStore::open(&path).await.unwrap_err();
    assert!(error.to_string().contains("version 7"), "{error}");
    let _ = std::fs::remove_file(&path);
}

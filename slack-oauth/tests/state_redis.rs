//! Redeemed states shared by several instances through Redis (feature `redis`), against a
//! `redis-server` the test starts: `cargo test -p slack-oauth --features redis --test
//! state_redis`.
#![cfg(feature = "redis")]

#[path = "../../slack-api/tests/support/redis_server.rs"]
mod redis_server;

use std::sync::Arc;
use std::time::{Duration, Instant};

use redis_server::RedisServer;
use slack_emulator::{App, Emulator, TEAM_ID};
use slack_oauth::{
    ClientCredentials, Error, InstallationKey, Installer, ManualClock, MemoryInstallationStore,
    RedisStateStore, StateError, StateSigner,
};

const STATE_SECRET: &[u8] = b"the state secret every instance shares";
const PREFIX: &str = "slack:oauth-state";
const CLIENT_ID: &str = "4242.1717";
const CLIENT_SECRET: &str = "the-client-secret";

/// One instance's signer: its own connection to the shared Redis.
fn signer(url: &str, clock: &Arc<ManualClock>) -> StateSigner {
    StateSigner::new(STATE_SECRET, RedisStateStore::new(url).unwrap()).clock(clock.clone())
}

/// The emulator, playing Slack's side for the app below.
async fn emulator() -> Emulator {
    let emulator = Emulator::start().await.unwrap();
    emulator.set_app(App::new(CLIENT_ID, CLIENT_SECRET));
    emulator
}

/// One instance of the app: its own installer and its own connection to the shared Redis.
fn installer(emulator: &Emulator, redis: &RedisServer) -> Installer {
    Installer::builder(
        ClientCredentials::new(CLIENT_ID, CLIENT_SECRET),
        STATE_SECRET,
        MemoryInstallationStore::new(),
    )
    .scopes(["chat:write"])
    .redirect_uri("http://127.0.0.1:9/slack/oauth_redirect")
    .authorize_url(format!("http://{}/oauth/v2/authorize", emulator.addr()))
    .api_base_url(emulator.base_url())
    .state_store(RedisStateStore::new(&redis.url()).unwrap())
    .build()
    .unwrap()
}

/// The emulator's authorize page, as a browser sent there by `install_url`: the `code` and
/// `state` of its redirect back.
async fn authorize(install_url: &str) -> (String, String) {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let response = client.get(install_url).send().await.unwrap();
    let location = response.headers()["location"].to_str().unwrap();
    let location = url::Url::parse(location).unwrap();
    let param = |name: &str| {
        location
            .query_pairs()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
            .unwrap_or_else(|| panic!("no {name} in {location}"))
    };
    (param("code"), param("state"))
}

/// A direct connection to the shared Redis, to look at the keys.
async fn inspect(redis: &RedisServer) -> redis::aio::MultiplexedConnection {
    let client = redis::Client::open(redis.url()).unwrap();
    client.get_multiplexed_async_connection().await.unwrap()
}

#[tokio::test]
async fn a_state_issued_by_one_instance_is_redeemed_once_at_either() {
    let redis = RedisServer::start();
    let emulator = emulator().await;
    let (one, two) = (installer(&emulator, &redis), installer(&emulator, &redis));

    let (code, state) = authorize(&one.install_url().unwrap()).await;
    let installation = two.callback(&code, &state).await.unwrap();
    assert!(
        installation.bot.is_some(),
        "installed through the other one"
    );
    for instance in [&one, &two] {
        let again = instance.callback(&code, &state).await.unwrap_err();
        assert!(
            matches!(again, Error::State(StateError::Reused)),
            "{again:?}"
        );
    }
    let exchanges = emulator
        .calls()
        .iter()
        .filter(|c| c.method == "oauth.v2.access")
        .count();
    assert_eq!(
        exchanges, 1,
        "a refused state never reaches oauth.v2.access"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sixteen_concurrent_redemptions_of_one_state_succeed_once() {
    let redis = RedisServer::start();
    let clock = Arc::new(ManualClock::new());
    // Two instances, each redeeming the state eight times at once.
    let instances = [signer(&redis.url(), &clock), signer(&redis.url(), &clock)];
    let state = instances[0].issue();
    let tasks: Vec<_> = (0..16)
        .map(|i| {
            let (signer, state) = (instances[i % 2].clone(), state.clone());
            tokio::spawn(async move { signer.verify(&state).await })
        })
        .collect();
    let mut outcomes = Vec::new();
    for task in tasks {
        outcomes.push(task.await.unwrap());
    }
    let redeemed = outcomes.iter().filter(|o| o.is_ok()).count();
    assert_eq!(redeemed, 1, "{outcomes:?}");
    assert!(outcomes
        .iter()
        .all(|o| matches!(o, Ok(()) | Err(StateError::Reused))));
}

#[tokio::test]
async fn an_expired_state_is_refused_and_redeemed_keys_expire_with_their_state() {
    let redis = RedisServer::start();
    let clock = Arc::new(ManualClock::new());
    let signer = signer(&redis.url(), &clock).ttl(Duration::from_secs(60));
    let stale = signer.issue();
    clock.advance(Duration::from_secs(61));
    assert_eq!(signer.verify(&stale).await, Err(StateError::Expired));

    // Redeemed 20 s into its minute: Redis keeps the nonce for the 40 s it has left.
    let state = signer.issue();
    clock.advance(Duration::from_secs(20));
    signer.verify(&state).await.unwrap();
    let mut redis_conn = inspect(&redis).await;
    let keys: Vec<String> = redis::cmd("KEYS")
        .arg(format!("{PREFIX}:*"))
        .query_async(&mut redis_conn)
        .await
        .unwrap();
    let nonce = state.split('.').next().unwrap();
    assert_eq!(keys, [format!("{PREFIX}:{nonce}")], "only the redeemed one");
    let left: i64 = redis::cmd("PTTL")
        .arg(&keys[0])
        .query_async(&mut redis_conn)
        .await
        .unwrap();
    assert!((39_000..=40_000).contains(&left), "kept {left} ms");
}

#[tokio::test]
async fn with_redis_stopped_a_state_is_refused_within_the_timeout() {
    let mut redis = RedisServer::start();
    let clock = Arc::new(ManualClock::new());
    let timeout = Duration::from_millis(300);
    let store = RedisStateStore::new(&redis.url()).unwrap().timeout(timeout);
    let signer = StateSigner::new(STATE_SECRET, store).clock(clock.clone());
    signer.verify(&signer.issue()).await.unwrap();

    redis.stop();
    let state = signer.issue();
    let started = Instant::now();
    let refused = signer.verify(&state).await;
    assert!(started.elapsed() < timeout * 2, "{:?}", started.elapsed());
    let Err(StateError::Store(error)) = refused else {
        panic!("not refused as a store failure: {refused:?}");
    };
    assert!(error.0.contains("Redis"), "{error}");

    redis.restart();
    signer.verify(&signer.issue()).await.unwrap();
}

#[tokio::test]
async fn a_redis_that_never_answers_refuses_the_state_within_the_timeout() {
    // The kernel completes the connection (the listener's backlog) and nothing ever
    // answers: a hung Redis.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("redis://{}/", silent.local_addr().unwrap());
    let timeout = Duration::from_millis(300);
    let store = RedisStateStore::new(&url).unwrap().timeout(timeout);
    let signer = StateSigner::new(STATE_SECRET, store);

    let started = Instant::now();
    let refused = tokio::time::timeout(Duration::from_secs(5), signer.verify(&signer.issue()))
        .await
        .expect("refused, not hung");
    assert!(started.elapsed() < timeout * 2, "{:?}", started.elapsed());
    assert!(matches!(refused, Err(StateError::Store(_))), "{refused:?}");
    drop(silent);
}

#[tokio::test]
async fn the_redirect_handler_answers_503_while_redis_is_down() {
    let mut redis = RedisServer::start();
    let emulator = emulator().await;
    let installer = Arc::new(installer(&emulator, &redis));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    let router = slack_oauth::axum::routes(installer.clone());
    tokio::spawn(async move { axum::serve(listener, router).await });

    let (code, state) = authorize(&installer.install_url().unwrap()).await;
    redis.stop();
    let redirect = url::Url::parse_with_params(
        &format!("{origin}/slack/oauth_redirect"),
        [("code", &code), ("state", &state)],
    )
    .unwrap();
    let response = reqwest::get(redirect).await.unwrap();
    assert_eq!(response.status().as_u16(), 503);
    let page = response.text().await.unwrap();
    assert!(page.contains("Redis"), "{page}");
    let key = InstallationKey::team(TEAM_ID);
    assert!(installer.store().find(&key).await.unwrap().is_none());
}

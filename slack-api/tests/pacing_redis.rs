//! The Redis pacer (feature `redis`) against a `redis-server` each test starts: two OS
//! processes pace as one, a 429 and a dropped turn are shared, and Redis going away and
//! coming back. `cargo test -p slack-api --features redis --test pacing_redis`.
#![cfg(feature = "redis")]

mod support;

use std::process::Command;
use std::time::{Duration, Instant};

use futures_util::future::join_all;
use slack_api::{Client, Error, PaceKey, Pacer, RateLimit, RedisPacer, RetryPolicy, TokenKey};
use slack_emulator::{Emulator, RateLimits, TEAM_ID};
use support::redis_server::RedisServer;
use support::Capture;

/// The emulator's and the pacers' minute: Tier 2 is one call every 30 ms.
const MINUTE: Duration = Duration::from_millis(600);

fn pacer(redis: &RedisServer, minute: Duration) -> RedisPacer {
    RedisPacer::builder(redis.url())
        .minute(minute)
        .timeout(Duration::from_millis(200))
        // Redis is asked again at the next call after a failure: no pause to wait out.
        .pause(Duration::ZERO)
        .build()
        .expect("a Redis URL")
}

/// `GET` or `PTTL` of a key, asked directly.
async fn redis_cmd<T: redis::FromRedisValue>(redis: &RedisServer, cmd: &str, key: &str) -> T {
    let client = redis::Client::open(redis.url()).unwrap();
    let mut connection = client.get_multiplexed_async_connection().await.unwrap();
    redis::cmd(cmd)
        .arg(key)
        .query_async(&mut connection)
        .await
        .unwrap()
}

async fn redis_get(redis: &RedisServer, key: &str) -> Option<String> {
    redis_cmd(redis, "GET", key).await
}

/// The worker process: `n` calls of `conversations.list` through a `RedisPacer`, printing
/// how many succeeded and how many drew a 429. Run by `two_processes_pace_as_one`.
#[tokio::test]
#[ignore = "a worker process, started by two_processes_pace_as_one"]
async fn worker() {
    let (Ok(base), Ok(redis), Ok(token)) = (
        std::env::var("PACE_WORKER_EMULATOR"),
        std::env::var("PACE_WORKER_REDIS"),
        std::env::var("PACE_WORKER_TOKEN"),
    ) else {
        return;
    };
    let pacer = RedisPacer::builder(redis).minute(MINUTE).build().unwrap();
    let client = Client::builder(token)
        .base_url(base)
        .retry_policy(RetryPolicy::never())
        .pacer(pacer)
        .build()
        .unwrap();
    let results = join_all((0..30).map(|_| client.conversations_list().send())).await;
    let limited = results
        .iter()
        .filter(|r| matches!(r, Err(Error::RateLimited { .. })))
        .count();
    let ok = results.iter().filter(|r| r.is_ok()).count();
    println!("PACE_WORKER ok={ok} limited={limited}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_processes_pace_as_one() {
    let redis = RedisServer::start();
    let emulator = Emulator::start().await.unwrap();
    emulator.set_rate_limits(RateLimits::scaled(MINUTE));
    let start = Instant::now();
    let workers: Vec<_> = (0..2)
        .map(|_| {
            Command::new(std::env::current_exe().unwrap())
                .args(["--exact", "worker", "--ignored", "--nocapture"])
                .env("PACE_WORKER_EMULATOR", emulator.base_url())
                .env("PACE_WORKER_REDIS", redis.url())
                .env("PACE_WORKER_TOKEN", &emulator.tokens().bot)
                .stdout(std::process::Stdio::piped())
                .spawn()
                .expect("the worker starts")
        })
        .collect();
    let outputs = tokio::task::spawn_blocking(move || {
        workers
            .into_iter()
            .map(|w| w.wait_with_output().expect("the worker ends"))
            .collect::<Vec<_>>()
    })
    .await
    .unwrap();
    let wall = start.elapsed();
    let mut lines = Vec::new();
    for output in &outputs {
        assert!(output.status.success());
        let text = String::from_utf8_lossy(&output.stdout);
        let line = text.lines().find(|l| l.starts_with("PACE_WORKER"));
        lines.push(line.expect("the worker reports").to_owned());
    }
    // 60 calls of one Tier 2 method in one workspace, from two processes: none drew a
    // 429 (unshared, each process would send at the full rate, twice what the emulator
    // allows once its burst is spent).
    assert_eq!(lines, ["PACE_WORKER ok=30 limited=0"; 2]);
    // One shared burst of 10, then one call every 30 ms: at least 50 × 30 ms.
    let needed = (MINUTE / 20) * 50;
    assert!(wall >= needed, "{wall:?}");
    println!(
        "wall {wall:?} for {needed:?} of pace: {:.2}",
        wall.as_secs_f64() / needed.as_secs_f64()
    );
}

#[tokio::test]
async fn a_429_and_a_dropped_turn_are_shared_through_redis() {
    let redis = RedisServer::start();
    // Two pacers (two processes' worth of local state) on a real minute.
    let minute = Duration::from_secs(60);
    let (one, two) = (pacer(&redis, minute), pacer(&redis, minute));
    let token = TokenKey::of("xoxb-redis");
    // Tier 1 on a real minute: 2 at once, then one a minute.
    let key =
        PaceKey::custom(token, "example.tierOne", RateLimit::Tier(1)).with_workspace(Some("T1"));
    let name = one.redis_key(&key).unwrap();
    assert_eq!(name, "slack:pace:{T1}:example.tierOne");
    one.pace(&key).await;
    two.pace(&key).await;
    let after_two = redis_get(&redis, &name).await.expect("the key is in Redis");
    // The third, in either process, waits a minute; dropped, it gives its turn back.
    let third = tokio::time::timeout(Duration::from_millis(300), one.pace(&key)).await;
    assert!(third.is_err(), "the burst of 2 was shared");
    // The give-back runs on a task of its own: wait (bounded) until Redis has it.
    let deadline = Instant::now() + Duration::from_secs(5);
    while redis_get(&redis, &name).await.as_deref() != Some(after_two.as_str()) {
        assert!(Instant::now() < deadline, "the turn was not given back");
        tokio::task::yield_now().await;
    }
    // A 429 seen by one process holds the key for the other.
    let channel = PaceKey::custom(token, "chat.postMessage", POST)
        .with_workspace(Some("T1"))
        .with_per_value(Some("C1"));
    one.pace(&channel).await;
    let channel_name = one.redis_key(&channel).unwrap();
    one.rate_limited(&channel, Duration::from_secs(30));
    // The hold runs on a task of its own: wait (bounded) until the key lives ~30 s.
    let deadline = Instant::now() + Duration::from_secs(5);
    while redis_cmd::<i64>(&redis, "PTTL", &channel_name).await < 20_000 {
        assert!(Instant::now() < deadline, "the hold never reached Redis");
        tokio::task::yield_now().await;
    }
    let held = tokio::time::timeout(Duration::from_millis(300), two.pace(&channel)).await;
    assert!(held.is_err(), "the other process waits for the hold");
    // Another channel is not held.
    let other = channel.with_per_value(Some("C2"));
    tokio::time::timeout(Duration::from_secs(5), two.pace(&other))
        .await
        .expect("another channel goes at once");
}

const POST: RateLimit = RateLimit::Special {
    note: "1 per second per channel",
    per_minute: Some(60),
    per: Some("channel"),
};

#[tokio::test]
async fn redis_going_away_falls_back_to_local_pacing_and_coming_back_resumes_it() {
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    let mut redis = RedisServer::start();
    let emulator = Emulator::start().await.unwrap();
    emulator.set_rate_limits(RateLimits::scaled(MINUTE));
    let pacer = pacer(&redis, MINUTE);
    let client = Client::builder(emulator.tokens().bot.clone())
        .base_url(emulator.base_url())
        .workspace(TEAM_ID)
        .pacer(pacer.clone())
        .build()
        .unwrap();
    let name = format!("slack:pace:{{{TEAM_ID}}}:conversations.list");
    let round = || join_all((0..12).map(|_| client.conversations_list().send()));

    for result in round().await {
        result.expect("paced through Redis");
    }
    assert!(redis_get(&redis, &name).await.is_some(), "shared state");
    assert!(!pacer.is_degraded());

    redis.stop();
    for result in round().await {
        result.expect("paced locally while Redis is away");
    }
    assert!(pacer.is_degraded());
    let warnings: Vec<_> = capture
        .lines()
        .into_iter()
        .filter(|l| l.starts_with("event WARN") && l.contains("Redis failed"))
        .collect();
    assert_eq!(warnings.len(), 1, "one warning per outage: {warnings:?}");

    redis.restart();
    for result in round().await {
        result.expect("paced through Redis again");
    }
    assert!(!pacer.is_degraded());
    assert!(
        redis_get(&redis, &name).await.is_some(),
        "shared state again"
    );
    assert!(capture
        .lines()
        .iter()
        .any(|l| l.contains("shared pacing resumed")));
}

#[tokio::test]
async fn a_redis_that_never_answers_is_timed_out_and_calls_go_on() {
    // A listener that accepts connections and never says a word.
    let silent = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("redis://{}/", silent.local_addr().unwrap());
    let held = tokio::spawn(async move {
        let mut open = Vec::new();
        while let Ok((stream, _)) = silent.accept().await {
            open.push(stream);
        }
    });
    let emulator = Emulator::start().await.unwrap();
    let pacer = RedisPacer::builder(url)
        .timeout(Duration::from_millis(100))
        .build()
        .unwrap();
    let client = Client::builder(emulator.tokens().bot.clone())
        .base_url(emulator.base_url())
        .workspace(TEAM_ID)
        .pacer(pacer.clone())
        .build()
        .unwrap();
    let answer = tokio::time::timeout(Duration::from_secs(10), client.conversations_list().send())
        .await
        .expect("the call did not wait for Redis for ever");
    answer.expect("paced locally");
    assert!(pacer.is_degraded());
    held.abort();
}

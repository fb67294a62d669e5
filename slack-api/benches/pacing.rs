//! Pacing against the emulator with Slack's limits on a short minute, side by side in one
//! run: pacing in memory, through Redis (two clients, each with its own `RedisPacer`,
//! sharing one `redis-server` the bench starts; with `--features redis`), and off.
//!
//! `cargo bench -p slack-api --features redis --bench pacing`
//!
//! For each workload: the wall time ÷ the time the limit requires (N calls ÷ the limit: a
//! ratio at or under 1 means no time lost to pacing; the burst it allows can bring it
//! under), the wall time ÷ the pacer's own schedule (the burst, then one call per
//! interval), and the 429s (every client sends with `RetryPolicy::never()`, so each 429 is
//! seen). Then the limiter's own cost per call, for a call that need not wait.

use std::time::{Duration, Instant};

use futures_util::future::join_all;
use slack_api::{
    Client, ClientBuilder, Error, Limit, MemoryPacer, PaceKey, Pacer, RateLimit, RetryPolicy,
    TokenKey,
};
use slack_emulator::{Emulator, RateLimits, GENERAL_ID, RANDOM_ID, TEAM_ID};

#[cfg(feature = "redis")]
#[path = "../tests/support/redis_server.rs"]
#[allow(dead_code)]
mod redis_server;

/// The emulator's and the pacers' minute: Tier 2 (20 a minute) is one call per 60 ms.
const MINUTE: Duration = Duration::from_millis(1200);

#[derive(Clone, Copy, Debug)]
enum Mode {
    Memory,
    #[cfg(feature = "redis")]
    Redis,
    Off,
}

/// A call's outcome: `Err(true)` for a 429.
type CallFuture<'a> = futures_util::future::BoxFuture<'a, Result<(), bool>>;

/// A workload: what it sends, how long the limit requires, and the pacer's schedule.
struct Workload {
    name: &'static str,
    run: fn(&[Client]) -> Vec<CallFuture<'_>>,
    /// N ÷ limit, for the slowest key.
    required: Duration,
    /// The burst, then one call per interval, for the slowest key.
    schedule: Duration,
}

fn tier2(clients: &[Client]) -> Vec<CallFuture<'_>> {
    (0..100)
        .map(|i| {
            let client = &clients[i % clients.len()];
            Box::pin(async move { outcome(client.conversations_list().send().await) }) as _
        })
        .collect()
}

fn mix(clients: &[Client]) -> Vec<CallFuture<'_>> {
    let mut calls: Vec<CallFuture<'_>> = Vec::new();
    for i in 0..60 {
        let client = &clients[i % clients.len()];
        calls.push(Box::pin(async move {
            outcome(client.conversations_list().send().await)
        }));
        calls.push(Box::pin(async move {
            outcome(client.users_list().send().await)
        }));
    }
    for i in 0..40 {
        let client = &clients[i % clients.len()];
        for channel in [GENERAL_ID, RANDOM_ID] {
            calls.push(Box::pin(async move {
                outcome(client.chat_post_message(channel).text("hi").send().await)
            }));
        }
    }
    calls
}

/// `Err(true)` for a 429; any other error stops the bench.
fn outcome<T, E: slack_api::ErrorCode>(result: Result<T, Error<E>>) -> Result<(), bool> {
    match result {
        Ok(_) => Ok(()),
        Err(Error::RateLimited { .. }) => Err(true),
        Err(e) => panic!("{e:?}"),
    }
}

async fn clients(mode: Mode, emulator: &Emulator, _redis: Option<&str>) -> Vec<Client> {
    let builder = || -> ClientBuilder {
        Client::builder(emulator.tokens().bot.clone())
            .base_url(emulator.base_url())
            .workspace(TEAM_ID)
            .retry_policy(RetryPolicy::never())
    };
    match mode {
        Mode::Memory => vec![builder()
            .pacer(MemoryPacer::with_minute(MINUTE))
            .build()
            .unwrap()],
        #[cfg(feature = "redis")]
        Mode::Redis => (0..2)
            .map(|_| {
                let pacer = slack_api::RedisPacer::builder(_redis.unwrap())
                    .minute(MINUTE)
                    .build()
                    .unwrap();
                builder().pacer(pacer).build().unwrap()
            })
            .collect(),
        Mode::Off => vec![builder().pacing(false).build().unwrap()],
    }
}

async fn run(mode: Mode, workload: &Workload, redis: Option<&str>) {
    let emulator = Emulator::start().await.unwrap();
    emulator.set_rate_limits(RateLimits::scaled(MINUTE));
    let clients = clients(mode, &emulator, redis).await;
    let start = Instant::now();
    let results = join_all((workload.run)(&clients)).await;
    let wall = start.elapsed();
    let limited = results.iter().filter(|r| r.is_err()).count();
    println!(
        "{:<6} {:<8} {:>5} calls  wall {:>7.3} s  ÷ required {:>5.3}  ÷ schedule {:>5.3}  429s {:>3}",
        workload.name,
        format!("{mode:?}"),
        results.len(),
        wall.as_secs_f64(),
        wall.as_secs_f64() / workload.required.as_secs_f64(),
        wall.as_secs_f64() / workload.schedule.as_secs_f64(),
        limited,
    );
}

/// The cost of a decision that need not wait: `calls` paces on one key whose limit never
/// makes a call wait.
async fn cost(pacer: &dyn Pacer, limit_owner: &MemoryPacer, calls: u32) -> Duration {
    limit_owner.set_limit(
        "conversations.list",
        Limit::per_minute(u32::MAX).map(|l| l.with_burst(u32::MAX)),
    );
    let key = PaceKey::custom(
        TokenKey::of("xoxb-bench"),
        "conversations.list",
        RateLimit::Tier(2),
    )
    .with_workspace(Some(TEAM_ID));
    for _ in 0..calls / 10 {
        pacer.pace(&key).await;
    }
    let start = Instant::now();
    for _ in 0..calls {
        pacer.pace(&key).await;
    }
    start.elapsed() / calls
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(bench());
}

async fn bench() {
    #[cfg(feature = "redis")]
    let server = redis_server::RedisServer::start();
    #[cfg(feature = "redis")]
    let redis = Some(server.url());
    #[cfg(not(feature = "redis"))]
    let redis: Option<String> = None;
    let interval = MINUTE / 20;
    let workloads = [
        Workload {
            name: "tier2",
            run: tier2,
            required: MINUTE * 100 / 20,
            schedule: interval * (100 - 10),
        },
        Workload {
            name: "mix",
            run: mix,
            // Slowest keys: 60 calls each of two Tier 2 methods (the 40 posts per channel
            // need 40 s-minutes ÷ 60 = 0.67 minutes).
            required: MINUTE * 60 / 20,
            schedule: interval * (60 - 10),
        },
    ];
    println!("minute = {MINUTE:?} (Tier 2: one call per {interval:?}; burst 10)");
    for workload in &workloads {
        let mut modes = vec![Mode::Memory];
        #[cfg(feature = "redis")]
        modes.push(Mode::Redis);
        modes.push(Mode::Off);
        for mode in modes {
            run(mode, workload, redis.as_deref()).await;
        }
    }

    let memory = MemoryPacer::new();
    let per_call = cost(&memory, &memory, 1_000_000).await;
    println!("limiter cost per call: memory {} ns", per_call.as_nanos());
    #[cfg(feature = "redis")]
    {
        let pacer = slack_api::RedisPacer::builder(server.url())
            .build()
            .unwrap();
        let per_call = cost(&pacer, pacer.local(), 5_000).await;
        println!(
            "limiter cost per call: Redis {:.1} µs (one EVALSHA round trip on loopback)",
            per_call.as_secs_f64() * 1e6
        );
    }
}

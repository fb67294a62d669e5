//! `cargo bench -p slack-emulator --bench serve`: how fast an in-process emulator starts,
//! and how many calls per second it serves over loopback to this crate's client (a read,
//! `auth.test`, and a write, `chat.postMessage`), beside a bare axum server that answers
//! `{"ok":true}` to everything, measured in the same run (the ratio is the figure; goals:
//! start-up under 20 ms, at least 10,000 reads per second). `BENCH_SECONDS` sets each
//! measurement's length (default 2).

use std::time::{Duration, Instant};

use axum::routing::any;
use axum::Router;
use slack_api::Client;
use slack_emulator::{Emulator, RateLimits, GENERAL_ID};

const CONCURRENCY: usize = 32;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let seconds: u64 = std::env::var("BENCH_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2);
    let length = Duration::from_secs(seconds);

    let mut starts: Vec<Duration> = Vec::new();
    for _ in 0..50 {
        let t = Instant::now();
        let emulator = Emulator::start().await.expect("starts");
        starts.push(t.elapsed());
        drop(emulator);
    }
    starts.sort();
    println!(
        "start-up: median {:.2} ms, max {:.2} ms (50 starts)",
        ms(starts[25]),
        ms(starts[49])
    );

    let emulator = Emulator::start().await.expect("starts");
    // Thousands of posts a second into one channel: Slack's rate limits off.
    emulator.set_rate_limits(RateLimits::off());
    // Thousands of calls a second with the emulator's limits off: the client's pacing off
    // too (it would keep them to Slack's limits).
    let client = Client::builder(emulator.tokens().bot.clone())
        .base_url(emulator.base_url())
        .pacing(false)
        .build()
        .expect("a client");
    let bare = bare_server().await;
    let bare_client = Client::builder("xoxb-bare")
        .base_url(bare.as_str())
        .pacing(false)
        .build()
        .expect("a client");

    for round in 1..=2 {
        let reads = rate(
            &client,
            length,
            |c| async move { c.auth_test().await.is_ok() },
        )
        .await;
        let bare_reads = rate(&bare_client, length, |c| async move {
            c.auth_test().await.is_ok()
        })
        .await;
        let posts = rate(&client, length, |c| async move {
            c.chat_post_message(GENERAL_ID).text("bench").await.is_ok()
        })
        .await;
        println!(
            "round {round}: auth.test {reads:.0}/s (bare axum {bare_reads:.0}/s, ratio {:.2}); chat.postMessage {posts:.0}/s",
            reads / bare_reads
        );
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Calls per second of `call`, `CONCURRENCY` at a time, for `length`; panics on a failure.
async fn rate<F, Fut>(client: &Client, length: Duration, call: F) -> f64
where
    F: Fn(Client) -> Fut + Copy + Send + 'static,
    Fut: std::future::Future<Output = bool> + Send,
{
    let end = Instant::now() + length;
    let start = Instant::now();
    let tasks: Vec<_> = (0..CONCURRENCY)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move {
                let mut n = 0u64;
                while Instant::now() < end {
                    assert!(call(client.clone()).await, "a call failed");
                    n += 1;
                }
                n
            })
        })
        .collect();
    let mut total = 0;
    for t in tasks {
        total += t.await.expect("a task");
    }
    total as f64 / start.elapsed().as_secs_f64()
}

/// An axum server on loopback that answers `{"ok":true}` to every path: the baseline.
async fn bare_server() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("binds");
    let addr = listener.local_addr().expect("an address");
    let app = Router::new().route(
        "/api/{method}",
        any(|| async { ([("content-type", "application/json")], r#"{"ok":true}"#) }),
    );
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    format!("http://{addr}/api/")
}

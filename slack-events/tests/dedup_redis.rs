//! Duplicate deliveries filtered across receivers sharing one Redis (feature `redis`),
//! against a `redis-server` the test starts: `cargo test -p slack-events --features redis
//! --test dedup_redis`.
#![cfg(feature = "redis")]

#[path = "../../slack-api/tests/support/redis_server.rs"]
mod redis_server;
mod support;

use std::time::Duration;

use redis_server::RedisServer;
use slack_events::{Receiver, RedisFilter, Verifier};
use support::{event, now_secs, signed_with, SECRET};

fn receiver(filter: &RedisFilter) -> Receiver {
    Receiver::new(Verifier::new([SECRET])).with_delivery_filter(filter.clone())
}

/// Delivers `body` to `receiver` as Slack would now: whether the app got it.
async fn deliver(receiver: &Receiver, body: &str) -> bool {
    let headers = signed_with(SECRET, now_secs(), "application/json", body.as_bytes());
    let received = receiver
        .receive_async("POST", &headers, body.as_bytes())
        .await;
    assert_eq!(received.response.status, 200);
    received.incoming.is_some()
}

#[tokio::test]
async fn an_event_delivered_to_two_receivers_is_handled_once() {
    let redis = RedisServer::start();
    let url = redis.url();
    // Two instances behind a load balancer: each its own filter, one Redis.
    let one = receiver(&RedisFilter::new(&url).unwrap());
    let two = receiver(&RedisFilter::new(&url).unwrap());
    let first = event("Ev0001");
    assert!(deliver(&one, &first).await, "the first delivery is handled");
    assert!(
        !deliver(&two, &first).await,
        "Slack's retry at the other one is dropped"
    );
    assert!(!deliver(&one, &first).await);
    // Other events go to whichever receives them.
    assert!(deliver(&two, &event("Ev0002")).await);
    assert!(deliver(&one, &event("Ev0003")).await);
}

#[tokio::test]
async fn without_redis_each_receiver_filters_on_its_own() {
    let mut redis = RedisServer::start();
    let filter = RedisFilter::with_settings(
        &redis.url(),
        "slack:event",
        Duration::from_secs(600),
        Duration::from_millis(200),
    )
    .unwrap();
    let one = receiver(&filter);
    redis.stop();
    let body = event("Ev0009");
    assert!(
        deliver(&one, &body).await,
        "handed over though Redis is away"
    );
    assert!(!deliver(&one, &body).await, "still filtered in the process");
    assert!(filter.is_degraded());
    redis.restart();
    assert!(deliver(&one, &event("Ev0010")).await);
    assert!(!filter.is_degraded(), "back on Redis");
}

//! The in-memory pacer under tokio's paused time: each call's turn to the millisecond.

use std::time::Duration;

use slack_api::{Limit, MemoryPacer, PaceKey, Pacer, RateLimit, TokenKey};
use tokio::task::JoinHandle;
use tokio::time::Instant;

const POST: RateLimit = RateLimit::Special {
    note: "1 per second per channel",
    per_minute: Some(60),
    per: Some("channel"),
};

fn key(
    workspace: &'static str,
    method: &'static str,
    rate_limit: RateLimit,
    channel: Option<&'static str>,
) -> PaceKey<'static> {
    PaceKey::custom(TokenKey::of("xoxb-pacing"), method, rate_limit)
        .with_workspace(Some(workspace))
        .with_per_value(channel)
}

/// A call that waits for its turn and gives the time it went, from `start`, in ms.
fn call(pacer: &MemoryPacer, key: PaceKey<'static>, start: Instant) -> JoinHandle<u128> {
    let pacer = pacer.clone();
    tokio::spawn(async move {
        pacer.pace(&key).await;
        start.elapsed().as_millis()
    })
}

async fn times(calls: Vec<JoinHandle<u128>>) -> Vec<u128> {
    let mut times = Vec::new();
    for call in calls {
        times.push(call.await.expect("the call ran"));
    }
    times
}

/// `n` calls on `key` at once: when each went.
fn burst(
    pacer: &MemoryPacer,
    key: PaceKey<'static>,
    n: usize,
    start: Instant,
) -> Vec<JoinHandle<u128>> {
    (0..n).map(|_| call(pacer, key, start)).collect()
}

#[tokio::test(start_paused = true)]
async fn a_burst_of_tier_2_calls_goes_out_at_the_tiers_rate() {
    let pacer = MemoryPacer::new();
    let start = Instant::now();
    let list = key("T1", "conversations.list", RateLimit::Tier(2), None);
    // 20 a minute: half a minute's allowance (10) at once, then one every 3 s.
    let mut expected = vec![0; 10];
    expected.extend((1..=5).map(|i| i * 3000));
    assert_eq!(times(burst(&pacer, list, 15, start)).await, expected);
    // After a quiet minute, a burst again.
    tokio::time::sleep(Duration::from_secs(60)).await;
    let start = Instant::now();
    assert_eq!(times(burst(&pacer, list, 11, start)).await[9..], [0, 3000]);
}

#[tokio::test(start_paused = true)]
async fn two_methods_two_channels_and_two_workspaces_do_not_wait_for_each_other() {
    let pacer = MemoryPacer::new();
    let start = Instant::now();
    let tier2 = [
        key("T1", "conversations.list", RateLimit::Tier(2), None),
        key("T1", "users.list", RateLimit::Tier(2), None),
        key("T2", "conversations.list", RateLimit::Tier(2), None),
    ];
    let posts = [
        key("T1", "chat.postMessage", POST, Some("C1")),
        key("T1", "chat.postMessage", POST, Some("C2")),
    ];
    let calls: Vec<_> = tier2.iter().map(|k| burst(&pacer, *k, 12, start)).collect();
    let post_calls: Vec<_> = posts.iter().map(|k| burst(&pacer, *k, 4, start)).collect();
    // Each key waits for its own calls only: Tier 2's 11th and 12th call 3 s and 6 s in,
    // a channel's 3rd and 4th 1 s and 2 s in (a burst of 2, then 1 a second).
    for calls in calls {
        assert_eq!(times(calls).await[9..], [0, 3000, 6000]);
    }
    for calls in post_calls {
        assert_eq!(times(calls).await, [0, 0, 1000, 2000]);
    }
}

#[tokio::test(start_paused = true)]
async fn a_429_holds_its_key_for_every_call_sharing_it() {
    let pacer = MemoryPacer::new();
    let start = Instant::now();
    // Tier 4 (100 a minute, 600 ms apart) with its burst of 50 spent.
    let info = key("T1", "users.info", RateLimit::Tier(4), None);
    for _ in 0..50 {
        pacer.pace(&info).await;
    }
    let waiting = call(&pacer, info, start);
    tokio::task::yield_now().await;
    pacer.rate_limited(&info, Duration::from_secs(30));
    let after = call(&pacer, info, start);
    let other = call(
        &pacer,
        key("T1", "users.list", RateLimit::Tier(2), None),
        start,
    );
    // The call already waiting goes when the hold ends, the next one interval later (no
    // burst after a hold); another method does not wait.
    assert_eq!(
        times(vec![waiting, after, other]).await,
        [30_000, 30_600, 0]
    );
    // A method with no number from Slack is held too, and otherwise never waits.
    let test = key("T1", "auth.test", RateLimit::Undocumented, None);
    let start = Instant::now();
    assert_eq!(times(vec![call(&pacer, test, start)]).await, [0]);
    pacer.rate_limited(&test, Duration::from_secs(5));
    assert_eq!(times(vec![call(&pacer, test, start)]).await, [5000]);
}

#[tokio::test(start_paused = true)]
async fn dropping_a_waiting_call_gives_its_turn_back() {
    let pacer = MemoryPacer::new();
    let start = Instant::now();
    // Tier 1: one a minute, with its burst of 2 spent.
    let list = key("T1", "example.tierOne", RateLimit::Tier(1), None);
    pacer.pace(&list).await;
    let first = call(&pacer, list, start);
    let second = call(&pacer, list, start);
    let third = call(&pacer, list, start);
    tokio::time::sleep(Duration::from_secs(1)).await;
    second.abort();
    assert!(second.await.unwrap_err().is_cancelled());
    let fourth = call(&pacer, list, start);
    // The third takes the dropped call's turn (at 1 min, not 2), the fourth the next.
    assert_eq!(
        times(vec![first, third, fourth]).await,
        [0, 60_000, 120_000]
    );
}

#[tokio::test(start_paused = true)]
async fn a_limit_can_be_overridden_per_method_at_run_time() {
    let pacer = MemoryPacer::new();
    let history = key("T1", "conversations.history", RateLimit::Tier(3), None);
    let start = Instant::now();
    // Tier 3: 50 a minute, 25 at once.
    assert_eq!(
        times(burst(&pacer, history, 26, start)).await[24..],
        [0, 1200]
    );
    // A non-Marketplace app: 1 a minute.
    pacer.set_limit("conversations.history", Limit::per_minute(1));
    tokio::time::sleep(Duration::from_secs(60)).await;
    let start = Instant::now();
    assert_eq!(
        times(burst(&pacer, history, 3, start)).await,
        [0, 60_000, 120_000]
    );
    pacer.set_limit("conversations.history", None);
    let start = Instant::now();
    assert_eq!(times(burst(&pacer, history, 3, start)).await, [0, 0, 0]);
}

#[tokio::test(start_paused = true)]
async fn idle_keys_are_forgotten() {
    let pacer = MemoryPacer::new();
    let channels: Vec<&'static str> = (0..20_000)
        .map(|i| &*Box::leak(format!("C{i}").into_boxed_str()))
        .collect();
    for channel in &channels[..10_000] {
        pacer
            .pace(&key("T1", "chat.postMessage", POST, Some(channel)))
            .await;
    }
    assert_eq!(pacer.tracked_keys(), 10_000);
    // A second later every one of those keys is back to a full burst: forgotten as new
    // keys come.
    tokio::time::sleep(Duration::from_secs(2)).await;
    for channel in &channels[10_000..] {
        pacer
            .pace(&key("T1", "chat.postMessage", POST, Some(channel)))
            .await;
    }
    assert!(
        pacer.tracked_keys() <= 10_001,
        "{} keys",
        pacer.tracked_keys()
    );
}

//! Pacing against the emulator with Slack's rate limits on, on a short "minute": calls
//! wait their turn instead of drawing 429s. Only lower bounds of time are checked (pacing
//! makes calls wait at least so long); how close the wall time comes to the limit is
//! measured in `benches/pacing.rs`, not asserted.

use std::time::{Duration, Instant};

use futures_util::future::join_all;
use slack_api::{Client, ClientBuilder, Error, MemoryPacer, RetryPolicy};
use slack_emulator::{Emulator, RateLimits, Script, GENERAL_ID, RANDOM_ID, TEAM_ID};

/// The emulator's and the pacer's minute: Tier 2 (20 a minute) is one call every 30 ms.
const MINUTE: Duration = Duration::from_millis(600);

/// A longer minute for `chat.postMessage`, whose limit (1 a second per channel) is 60 times
/// faster than Tier 1's: on [`MINUTE`] it would be one call every 10 ms, and the pacer's margin
/// under the emulator's burst (one call's interval) would be less than the scheduling jitter
/// of a loaded machine, which a real second's margin is not.
const POST_MINUTE: Duration = Duration::from_secs(6);

async fn emulator() -> Emulator {
    emulator_on(MINUTE).await
}

async fn emulator_on(minute: Duration) -> Emulator {
    let emulator = Emulator::start().await.expect("the emulator starts");
    emulator.set_rate_limits(RateLimits::scaled(minute));
    emulator
}

/// A bot client that never retries, so that every 429 is seen.
fn builder(emulator: &Emulator) -> ClientBuilder {
    builder_on(emulator, MINUTE)
}

fn builder_on(emulator: &Emulator, minute: Duration) -> ClientBuilder {
    Client::builder(emulator.tokens().bot.clone())
        .base_url(emulator.base_url())
        .timeout(Duration::from_secs(10))
        .retry_policy(RetryPolicy::never())
        .pacer(MemoryPacer::with_minute(minute))
}

/// How many of the results are 429s; any other error fails the test.
fn rate_limited<T, E: slack_api::ErrorCode>(results: Vec<Result<T, Error<E>>>) -> usize {
    let mut count = 0;
    for result in results {
        match result {
            Ok(_) => {}
            Err(Error::RateLimited { .. }) => count += 1,
            Err(e) => panic!("{e:?}"),
        }
    }
    count
}

fn count(emulator: &Emulator, method: &str) -> usize {
    emulator
        .calls()
        .iter()
        .filter(|c| c.method == method)
        .count()
}

#[tokio::test]
async fn a_burst_of_tier_2_calls_goes_out_at_the_tiers_rate_with_no_429() {
    let emulator = emulator().await;
    let client = builder(&emulator).build().unwrap();
    let n = 45;
    let start = Instant::now();
    let results = join_all((0..n).map(|_| client.conversations_list().send())).await;
    let wall = start.elapsed();
    assert_eq!(rate_limited(results), 0);
    // Half a minute's allowance (10) at once, then one call every 30 ms: at least
    // 35 × 30 ms.
    assert!(wall >= (MINUTE / 20) * (n - 10), "{wall:?}");
    // The workspace was learned once, with auth.test.
    assert_eq!(count(&emulator, "auth.test"), 1);
    assert_eq!(count(&emulator, "conversations.list"), n as usize);
}

#[tokio::test]
async fn without_pacing_the_same_burst_draws_429s_as_before() {
    let emulator = emulator().await;
    let client = builder(&emulator).pacing(false).build().unwrap();
    let results = join_all((0..45).map(|_| client.conversations_list().send())).await;
    assert!(rate_limited(results) > 0);
    assert_eq!(count(&emulator, "auth.test"), 0, "nothing is asked");
}

#[tokio::test]
async fn two_tokens_of_one_workspace_share_its_limit() {
    let emulator = emulator().await;
    let client = builder(&emulator).build().unwrap();
    let user = emulator.tokens().user.clone();
    // 30 calls with each token: keyed by token, twice the rate would go out, and the
    // emulator (which counts per workspace) would answer 429.
    let bot_calls = (0..30).map(|_| client.conversations_list().send());
    let user_calls = (0..30).map(|_| client.conversations_list().with_token(user.clone()).send());
    let (bot, user) = tokio::join!(join_all(bot_calls), join_all(user_calls));
    assert_eq!(rate_limited(bot) + rate_limited(user), 0);
    assert_eq!(count(&emulator, "auth.test"), 2, "one lookup per token");
}

#[tokio::test]
async fn methods_and_channels_each_keep_their_own_limit() {
    let emulator = emulator_on(POST_MINUTE).await;
    let client = builder_on(&emulator, POST_MINUTE)
        .workspace(TEAM_ID)
        .build()
        .unwrap();
    // Each past its burst (Tier 2: 10, one per 300 ms after; a channel: 2, one per 100 ms
    // after), each at once with the others.
    let lists = (0..13).map(|_| client.conversations_list().send());
    let users = (0..13).map(|_| client.users_list().send());
    let post = |channel| {
        let client = &client;
        async move { client.chat_post_message(channel).text("hi").send().await }
    };
    let posts = (0..5).flat_map(|_| [post(GENERAL_ID), post(RANDOM_ID)]);
    let start = Instant::now();
    let (lists, users, posts) = tokio::join!(join_all(lists), join_all(users), join_all(posts));
    assert_eq!(
        rate_limited(lists) + rate_limited(users) + rate_limited(posts),
        0
    );
    // Paced: the last of 13 Tier 2 calls waited 3 intervals.
    let wall = start.elapsed();
    assert!(wall >= (POST_MINUTE / 20) * 3, "{wall:?}");
    assert_eq!(count(&emulator, "auth.test"), 0, "the workspace was given");
}

#[tokio::test]
async fn a_429_holds_its_key_for_every_call_sharing_it() {
    let emulator = emulator().await;
    emulator.script("conversations.list", Script::rate_limited(1).once());
    let client = builder(&emulator).workspace(TEAM_ID).build().unwrap();
    let first = client.conversations_list().send().await;
    assert!(matches!(first, Err(Error::RateLimited { .. })), "{first:?}");
    let held = Instant::now();
    let (list, users) = tokio::join!(
        async {
            let result = client.conversations_list().send().await;
            (result.is_ok(), held.elapsed())
        },
        client.users_list().send(),
    );
    assert!(users.is_ok());
    let (ok, waited) = list;
    assert!(ok);
    assert!(waited >= Duration::from_secs(1), "{waited:?}");
    // The other method did not wait for the hold: it reached Slack first.
    let methods: Vec<_> = emulator.calls().into_iter().map(|c| c.method).collect();
    assert_eq!(
        methods,
        ["conversations.list", "users.list", "conversations.list"]
    );
}

//! The emulator (`slack-emulator`, a local Slack Web API) as the tests' server: started on
//! 127.0.0.1 with [`TOKEN`] as one more user token, and clients aimed at it with the same
//! short timeouts and fast retries as [`super::client`].
//!
//! What the tests check against it: real cursor pagination (`conversations.list`), Slack's
//! own errors (`invalid_auth`, `invalid_cursor`, `channel_not_found`, `missing_scope`),
//! scripted answers and faults (a Slack error, a success body, HTTP 429 with `Retry-After`,
//! a 5xx, an HTML page, a dropped connection, latency), and the calls it received
//! ([`Emulator::calls`]: method, HTTP verb, content type, arguments, what the token stands
//! for; never the token).

use std::time::Duration;

use serde_json::Value;
use slack_api::{Client, ClientBuilder, TokenType};
use slack_emulator::{Credential, Emulator, RecordedCall, Script, HUMAN_ID};

use super::{fast_policy, TOKEN};

/// An emulator with the seeded workspace, its rate limits off (a test's retries are
/// scripted, not met by chance), and [`TOKEN`] as a user token of the person (`alice`) with
/// every scope the spec asks of a user token.
pub async fn start() -> Emulator {
    let emulator = Emulator::start().await.expect("the emulator starts");
    emulator.set_rate_limits(slack_emulator::RateLimits::off());
    emulator.add_credential(Credential::new(
        TOKEN,
        TokenType::User,
        HUMAN_ID,
        scopes_of(TokenType::User),
    ));
    emulator
}

/// Every scope any method of the spec asks of a token of this type.
pub fn scopes_of(token_type: TokenType) -> Vec<String> {
    let mut scopes: Vec<String> = slack_api::methods::ALL
        .iter()
        .flat_map(|m| m.tokens.iter())
        .filter(|t| t.token_type == token_type)
        .flat_map(|t| t.scopes.iter().map(|s| s.to_string()))
        .collect();
    scopes.sort();
    scopes.dedup();
    scopes
}

/// A builder aimed at `emulator`, with [`TOKEN`], [`fast_policy`] and a 5 s timeout.
pub fn builder(emulator: &Emulator) -> ClientBuilder {
    Client::builder(TOKEN)
        .base_url(emulator.base_url())
        .timeout(Duration::from_secs(5))
        .connect_timeout(Duration::from_secs(1))
        .retry_policy(fast_policy())
        // These tests check the wire and the retries, with scripted answers and 429s: no
        // pacing (no `auth.test` to learn the workspace, no waiting); tests/pacing*.rs
        // test it.
        .pacing(false)
}

/// [`builder`], built.
pub fn client(emulator: &Emulator) -> Client {
    builder(emulator).build().expect("the client builds")
}

/// The next `n` calls of a method served as usual (its behaviour), ahead of a script queued
/// after this one: `pass(1)` then `Script::status(503)` fails the second call.
pub fn pass(n: u32) -> Script {
    Script::latency(Duration::ZERO).times(n)
}

/// The calls of `method` received so far, oldest first.
pub fn calls_of(emulator: &Emulator, method: &str) -> Vec<RecordedCall> {
    emulator
        .calls()
        .into_iter()
        .filter(|c| c.method == method)
        .collect()
}

/// The arguments of each call of `method`, oldest first.
pub fn args_of(emulator: &Emulator, method: &str) -> Vec<Value> {
    calls_of(emulator, method)
        .into_iter()
        .map(|c| c.args)
        .collect()
}

/// Adds public channels named `names`, like the seeded `#random` (both seeded users are
/// members), after `#general` and `#random`; returns the ids of every public channel, in
/// the order `conversations.list` lists them.
pub fn seed_channels(emulator: &Emulator, names: &[&str]) -> Vec<String> {
    emulator.with_workspace(|ws| {
        let like = ws
            .channel(slack_emulator::RANDOM_ID)
            .expect("the seeded #random")
            .clone();
        for name in names {
            let mut channel = like.clone();
            let id = ws.new_id('C');
            channel.info.insert("id".into(), id.into());
            channel.info.insert("name".into(), (*name).into());
            channel
                .info
                .insert("name_normalized".into(), (*name).into());
            ws.channels.push(channel);
        }
        ws.channels.iter().map(|c| c.id().to_owned()).collect()
    })
}

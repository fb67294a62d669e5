//! One item through the app: match it against the routes on its JSON, acknowledge it when
//! its answer does not matter, find its workspace's client, decode it once, and run each
//! matching handler on a task of its own.

use std::sync::Arc;

use serde_json::Value;

use super::context::{Inner, Item, Team};
use super::route::Shape;
use super::{App, Ctx, Route};
use crate::decode::FromIncoming;
use crate::incoming::{Incoming, Kind};
use crate::response::Response;

impl App {
    /// Handles one verified item: what both transports call for each item. Returns once
    /// every matching handler has ended (their errors and panics logged).
    pub async fn dispatch(&self, incoming: Incoming) {
        let shape = match &incoming.kind {
            Kind::Event(_) => Shape::Event,
            Kind::Interaction(_) => Shape::Interaction,
            Kind::SlashCommand(_) => Shape::Command,
            _ => return,
        };
        let Ok(json) = Value::from_incoming(&incoming) else {
            return;
        };
        let mut hits: Vec<(&Route, Option<usize>)> = self
            .inner
            .routes
            .iter()
            .filter_map(|route| Some((route, route.matcher.hit(shape, &json)?)))
            .collect();
        if self.inner.ignore_self && shape == Shape::Event && from_self(&json) {
            hits.clear();
        }
        if hits.is_empty() || !takes_answer(shape, &json) {
            // Slack ignores the answer's body: acknowledge now, whatever the handlers do.
            incoming.respond(Response::ok());
        }
        if hits.is_empty() {
            tracing::debug!(kind = incoming.kind.name(), "slack app: no handler");
            return;
        }
        let Some(item) = decode(&incoming) else {
            return;
        };
        let team = Team::of(&json);
        let client = match self.inner.authorize.client_for(&team).await {
            Ok(client) => client,
            Err(error) => {
                tracing::error!(?team, %error, "slack app: no client for the item's workspace");
                return;
            }
        };
        let (channel, thread_ts) = place(shape, &json);
        let ctx = Ctx {
            inner: Arc::new(Inner {
                client,
                http: self.inner.http.clone(),
                response_url: response_url(&json),
                incoming,
                item,
                channel,
                thread_ts,
                team,
                state: self.inner.state.clone(),
            }),
        };
        let tasks: Vec<_> = hits
            .into_iter()
            .filter_map(|(route, index)| match (route.run)(&ctx, index) {
                Some(future) => Some((route.matcher.name(), tokio::spawn(future))),
                None => {
                    tracing::warn!(
                        route = %route.matcher.name(),
                        "slack app: the item does not decode as the handler's payload"
                    );
                    None
                }
            })
            .collect();
        for (route, task) in tasks {
            match task.await {
                Ok(Ok(())) => {}
                Ok(Err(error)) => tracing::error!(%route, %error, "slack app: handler failed"),
                Err(error) if error.is_panic() => {
                    tracing::error!(%route, "slack app: handler panicked")
                }
                Err(error) => tracing::warn!(%route, %error, "slack app: handler cancelled"),
            }
        }
        // Every handler has returned: an answer none of them gave goes empty now, even if
        // one keeps a clone of its context for later work.
        ctx.inner.incoming.respond(Response::ok());
    }
}

/// The typed item, decoded once for all its handlers.
fn decode(incoming: &Incoming) -> Option<Item> {
    let item = match &incoming.kind {
        Kind::Event(_) => incoming.decode().map(Item::Event),
        Kind::Interaction(_) => incoming.decode().map(Item::Interaction),
        Kind::SlashCommand(_) => incoming.decode().map(Item::Command),
        _ => return None,
    };
    item.map_err(|error| tracing::warn!(%error, "slack app: the item does not decode"))
        .ok()
}

/// Whether Slack reads the answer's body: a slash command's reply, a view submission's
/// `response_action`, a `block_suggestion`'s options. Other items are acknowledged at once.
fn takes_answer(shape: Shape, json: &Value) -> bool {
    match shape {
        Shape::Command => true,
        Shape::Interaction => matches!(
            json.get("type").and_then(Value::as_str),
            Some("view_submission" | "block_suggestion")
        ),
        Shape::Event => false,
    }
}

/// An event the app's own bot user caused: its `user` is the envelope's bot
/// authorization (membership events excepted, as in Bolt: the bot joining is news).
fn from_self(json: &Value) -> bool {
    let event_type = json.pointer("/event/type").and_then(Value::as_str);
    if matches!(
        event_type,
        Some("member_joined_channel" | "member_left_channel")
    ) {
        return false;
    }
    let Some(user) = json.pointer("/event/user").and_then(Value::as_str) else {
        return false;
    };
    json.get("authorizations")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .any(|auth| {
            auth.get("is_bot").and_then(Value::as_bool) == Some(true)
                && auth.get("user_id").and_then(Value::as_str) == Some(user)
        })
}

/// The conversation and thread an item happened in.
fn place(shape: Shape, json: &Value) -> (Option<String>, Option<String>) {
    let text = |pointer: &str| {
        json.pointer(pointer)
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let first = |pointers: &[&str]| pointers.iter().find_map(|p| text(p));
    match shape {
        Shape::Event => (
            first(&["/event/channel", "/event/item/channel", "/event/channel/id"]),
            text("/event/thread_ts"),
        ),
        Shape::Interaction => (
            first(&["/channel/id", "/container/channel_id"]),
            first(&["/container/thread_ts", "/message/thread_ts"]),
        ),
        Shape::Command => (text("/channel_id"), None),
    }
}

/// The item's `response_url` (a view submission's first of `response_urls`).
fn response_url(json: &Value) -> Option<String> {
    let text = |pointer: &str| {
        json.pointer(pointer)
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    text("/response_url").or_else(|| text("/response_urls/0/response_url"))
}

//! What a handler gets besides its payload: a client for the item's workspace, and the
//! ways to answer (`say`, `respond`, `ack`).

use std::fmt;
use std::sync::Arc;

use serde_json::Value;
use slack_api::methods::{ChatPostMessage, ChatPostMessageError, ChatPostMessageResponse};
use slack_api::Call;
use slack_model::events::{EventCallback, InteractionPayload, SlashCommand};

use super::reply::Payload;
use crate::incoming::Incoming;
use crate::response::Response;

/// The typed item a handler's payload was taken from.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Item {
    /// An Events API envelope.
    Event(EventCallback),
    /// An interaction payload.
    Interaction(InteractionPayload),
    /// A slash command.
    Command(SlashCommand),
}

/// A handler's context: the workspace's client, where the item came from, and the ways to
/// answer it. Cheap to clone.
#[derive(Clone)]
pub struct Ctx {
    pub(super) inner: Arc<Inner>,
}

pub(super) struct Inner {
    pub(super) client: slack_api::Client,
    /// `None` if no HTTP client could be made (no TLS backend): `respond` then fails.
    pub(super) http: Option<reqwest::Client>,
    pub(super) incoming: Incoming,
    pub(super) item: Item,
    pub(super) channel: Option<String>,
    pub(super) thread_ts: Option<String>,
    pub(super) response_url: Option<String>,
    pub(super) team: Team,
    pub(super) state: super::state::State,
}

impl fmt::Debug for Ctx {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Ctx")
            .field("channel", &self.inner.channel)
            .field("thread_ts", &self.inner.thread_ts)
            .field("response_url", &self.inner.response_url.is_some())
            .finish_non_exhaustive()
    }
}

/// Why [`Ctx::say`] or [`Ctx::respond`] could not deliver.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SayError {
    /// The item names no channel (a view submission, a global shortcut, most team events).
    #[error("the item names no channel to post to")]
    NoChannel,
    /// The item carries no `response_url`.
    #[error("the item has no response_url")]
    NoResponseUrl,
    /// `chat.postMessage` failed.
    #[error(transparent)]
    Post(#[from] slack_api::Error<ChatPostMessageError>),
    /// The `response_url` could not be reached or answered with another status than 2xx.
    #[error("posting to the response_url failed: {0}")]
    ResponseUrl(String),
}

impl Ctx {
    /// A Web API client with the token of the item's workspace (the app's client, or the
    /// one [`App::authorize`](super::App::authorize) gave).
    pub fn client(&self) -> &slack_api::Client {
        &self.inner.client
    }

    /// The value of type `T` given to [`App::with_state`](super::App::with_state):
    /// `let db = ctx.state::<Db>()?;`.
    pub fn state<T: Send + Sync + 'static>(&self) -> Result<&T, super::MissingState> {
        self.inner.state.get()
    }

    /// The workspace (and user) the item came from, as given to
    /// [`Authorize`](super::Authorize).
    pub fn team(&self) -> &Team {
        &self.inner.team
    }

    /// The app's bot user in the item's workspace, for an event: the envelope's
    /// authorization with `is_bot` (to tell a mention of the bot in a message's text).
    pub fn bot_user_id(&self) -> Option<&str> {
        let authorizations = self.envelope()?.authorizations.as_ref()?;
        authorizations
            .iter()
            .find(|auth| auth.is_bot == Some(true))
            .and_then(|auth| auth.user_id.as_deref())
    }

    /// The typed item: the whole event envelope, interaction payload or slash command.
    pub fn item(&self) -> &Item {
        &self.inner.item
    }

    /// The event envelope (`team_id`, `event_id`, `authorizations`, …), for an event.
    pub fn envelope(&self) -> Option<&EventCallback> {
        match &self.inner.item {
            Item::Event(envelope) => Some(envelope),
            _ => None,
        }
    }

    /// The item as Slack sent it: an event's envelope, an interaction's payload, a slash
    /// command's fields as an object.
    pub fn raw(&self) -> Option<&Value> {
        self.inner.incoming.json()
    }

    /// The conversation the item happened in, where [`say`](Self::say) posts.
    pub fn channel(&self) -> Option<&str> {
        self.inner.channel.as_deref()
    }

    /// The thread the item happened in, where [`say`](Self::say) replies.
    pub fn thread_ts(&self) -> Option<&str> {
        self.inner.thread_ts.as_deref()
    }

    /// Posts `text` to the item's conversation (in its thread, if it was in one).
    pub async fn say(&self, text: impl Into<String>) -> Result<ChatPostMessageResponse, SayError> {
        let text = text.into();
        self.say_with(|call| call.text(text)).await
    }

    /// Posts to the item's conversation (in its thread, if it was in one), with the call
    /// completed by `build` (blocks, metadata, …).
    pub async fn say_with<'a>(
        &'a self,
        build: impl FnOnce(Call<'a, ChatPostMessage>) -> Call<'a, ChatPostMessage>,
    ) -> Result<ChatPostMessageResponse, SayError> {
        let channel = self.channel().ok_or(SayError::NoChannel)?;
        let mut call = self.client().chat_post_message(channel);
        if let Some(thread) = self.thread_ts() {
            call = call.thread_ts(thread);
        }
        Ok(build(call).await?)
    }

    /// Sends the immediate answer: a view submission's `response_action`, a
    /// `block_suggestion`'s options, a slash command's reply (seen by its user only, unless
    /// `response_type` is `in_channel`). Slack waits for it up to 3 seconds; an empty
    /// acknowledgement goes instead once every handler of the item has returned without one,
    /// or at the transport's reply deadline. Returns whether it will be sent: `false` for items that take no
    /// answer (events, block actions, shortcuts, which are acknowledged at once), a second
    /// answer, or a late one (after the reply deadline, or after every handler of the item
    /// has returned).
    pub fn ack(&self, payload: impl Payload) -> bool {
        self.inner
            .incoming
            .respond(Response::json(&payload.into_json()))
    }

    /// Acknowledges now with no payload, as Bolt's `await ack()`: a slash command with no
    /// immediate reply, a view submission that closes its modal. The handler then goes on
    /// with work that may take longer than Slack's 3 seconds (`say`, `respond`,
    /// `views.update`). Returns as [`ack`](Self::ack) does.
    pub fn ack_empty(&self) -> bool {
        self.inner.incoming.respond(Response::ok())
    }

    /// The item's `response_url` (a block action, a message shortcut, a slash command; the
    /// first of a view submission's `response_urls`).
    pub fn response_url(&self) -> Option<&str> {
        self.inner.response_url.as_deref()
    }

    /// Posts a message to the item's `response_url` (valid 30 minutes, 5 times): a
    /// [`ResponseUrlMessage`](slack_model::events::ResponseUrlMessage) (replace or delete
    /// the original, `in_channel`) or text. No token is sent there.
    pub async fn respond(&self, payload: impl Payload) -> Result<(), SayError> {
        let url = self.response_url().ok_or(SayError::NoResponseUrl)?;
        let http = self.inner.http.as_ref();
        let http = http.ok_or_else(|| SayError::ResponseUrl("no HTTP client".into()))?;
        let response = http
            .post(url)
            .header("content-type", "application/json; charset=utf-8")
            .body(payload.into_json().to_string())
            .send()
            .await
            .map_err(|e| SayError::ResponseUrl(e.without_url().to_string()))?;
        let status = response.status();
        if status.is_success() {
            Ok(())
        } else {
            Err(SayError::ResponseUrl(format!("HTTP {status}")))
        }
    }
}

/// Where an item comes from: the workspace (and organization) whose token answers it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Team {
    /// The workspace (`team_id` of an envelope or command, `team.id` of a payload).
    pub team_id: Option<String>,
    /// The Enterprise organization, if any.
    pub enterprise_id: Option<String>,
    /// Whether the app is installed across the organization.
    pub is_enterprise_install: bool,
    /// The user who acted (interactions and commands; an event's `event.user`).
    pub user_id: Option<String>,
}

impl Team {
    /// Reads it from the item's JSON.
    pub(super) fn of(json: &Value) -> Team {
        let text = |value: Option<&Value>| value.and_then(Value::as_str).map(str::to_owned);
        let team_id = text(json.get("team_id"))
            .or_else(|| text(json.pointer("/team/id")))
            .or_else(|| text(json.pointer("/user/team_id")));
        let enterprise_id =
            text(json.get("enterprise_id")).or_else(|| text(json.pointer("/enterprise/id")));
        let is_enterprise_install = match json.get("is_enterprise_install") {
            Some(Value::Bool(flag)) => *flag,
            Some(Value::String(flag)) => flag == "true",
            _ => false,
        };
        let user_id = text(json.get("user_id"))
            .or_else(|| text(json.pointer("/user/id")))
            .or_else(|| text(json.pointer("/event/user")));
        Team {
            team_id,
            enterprise_id,
            is_enterprise_install,
            user_id,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_team_is_read_from_each_kind_of_item() {
        let event = json!({"team_id": "T1", "enterprise_id": "E1", "event": {"user": "U1"}});
        let payload = json!({"team": {"id": "T2"}, "enterprise": {"id": "E2"},
            "is_enterprise_install": true, "user": {"id": "U2", "team_id": "T9"}});
        let command = json!({"team_id": "T3", "user_id": "U3", "is_enterprise_install": "true"});
        let seen = [event, payload, command].map(|json| Team::of(&json));
        let expected = [
            ("T1", Some("E1"), false, "U1"),
            ("T2", Some("E2"), true, "U2"),
            ("T3", None, true, "U3"),
        ];
        for (team, (id, enterprise, install, user)) in seen.iter().zip(expected) {
            assert_eq!(team.team_id.as_deref(), Some(id));
            assert_eq!(team.enterprise_id.as_deref(), enterprise);
            assert_eq!(team.is_enterprise_install, install);
            assert_eq!(team.user_id.as_deref(), Some(user));
        }
        // A shared channel's payload without `team`: the user's team.
        let shared = Team::of(&json!({"user": {"id": "U4", "team_id": "T4"}}));
        assert_eq!(shared.team_id.as_deref(), Some("T4"));
    }
}

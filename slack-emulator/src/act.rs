//! Acting as a user of the workspace, so that a bot under test sees a person's activity: a
//! user token for anyone ([`Emulator::user_token`]), and calls made as them
//! ([`Emulator::act_as`]) through the same checks and behaviours as `/api/<method>`. The
//! same over HTTP: `GET /_emulator/token?user=U…` and `POST /_emulator/act` (`http.rs`).
//!
//! Acting is not the bot calling: it is neither recorded ([`Emulator::calls`]) nor scripted,
//! and it spends none of the rate limits.

use serde_json::{json, Value};
use slack_api::wire::{self, IncomingRequest};
use slack_api::{MethodMeta, TokenType};

use crate::auth::{self, Credential};
use crate::behaviour::{self, Call};
use crate::reply::{self, Failure};
use crate::serve::Shared;
use crate::Emulator;

mod bot;
mod http;

pub use http::routes;

/// Why a call made as a user did not succeed.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ActError {
    /// No person by this id or name (bots and deactivated users have no user token).
    NoSuchUser(String),
    /// The method answered `"ok": false`: its error code, and the whole answer.
    Slack { error: String, body: Value },
    /// What the interaction names is not there (a message, an element with this
    /// `action_id`, a view): which.
    NotFound(String),
    /// The app gets nothing: no Socket Mode connection open and no Request URL, or the
    /// app did not answer (`http_timeout`, `connection_failed`, `no_ack`).
    Undelivered(String),
    /// The app answered what Slack refuses (a modal submission's `response_action: errors`
    /// naming no input block of the view, an `update` or `push` with a view that breaks
    /// Block Kit): why, and the answer. Nothing changes; in Slack the person sees "We had
    /// some trouble connecting".
    Refused { reason: String, answer: Value },
}

impl std::fmt::Display for ActError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ActError::NoSuchUser(user) => write!(f, "no person `{user}` in the workspace"),
            ActError::Slack { error, .. } => write!(f, "Slack error: {error}"),
            ActError::NotFound(what) => write!(f, "not found: {what}"),
            ActError::Undelivered(why) => write!(f, "the app got nothing: {why}"),
            ActError::Refused { reason, .. } => {
                write!(f, "Slack refuses the app's answer: {reason}")
            }
        }
    }
}

impl std::error::Error for ActError {}

impl Emulator {
    /// A user token for any person of the workspace (by id, or by name), with every user
    /// scope: the same token each time, until [`reset`](Self::reset). `None` for a bot, a
    /// deactivated user or no one.
    pub fn user_token(&self, user: &str) -> Option<String> {
        user_token(&self.shared, user)
    }

    /// Calls made as a person of the workspace (by id, or by name).
    ///
    /// ```no_run
    /// # fn f(emulator: &slack_emulator::Emulator) -> Result<(), slack_emulator::ActError> {
    /// let alice = emulator.act_as(slack_emulator::HUMAN_ID);
    /// let ts = alice.post_message(slack_emulator::GENERAL_ID, "@bot deploy please")?;
    /// alice.react(slack_emulator::GENERAL_ID, &ts, "eyes")?;
    /// # Ok(()) }
    /// ```
    pub fn act_as(&self, user: &str) -> Actor<'_> {
        Actor {
            shared: &self.shared,
            user: user.to_owned(),
            as_bot: false,
        }
    }
}

/// A person of the workspace, making calls (see [`Emulator::act_as`]).
pub struct Actor<'e> {
    pub(crate) shared: &'e Shared,
    pub(crate) user: String,
    /// Another bot of the workspace ([`Emulator::act_as_bot`]), not a person.
    pub(crate) as_bot: bool,
}

impl Actor<'_> {
    /// Calls `method` with `args` (a JSON object) as this person (or bot): its answer
    /// when `ok`.
    pub fn call(&self, method: &str, args: Value) -> Result<Value, ActError> {
        let token = if self.as_bot {
            bot::bot_token(self.shared, &self.user)
        } else {
            user_token(self.shared, &self.user)
        };
        let token = token.ok_or_else(|| ActError::NoSuchUser(self.user.clone()))?;
        let body = call(self.shared, &token, method, &args);
        match body.get("ok") {
            Some(Value::Bool(true)) => Ok(body),
            _ => Err(ActError::Slack {
                error: body["error"].as_str().unwrap_or("").to_owned(),
                body,
            }),
        }
    }

    /// Posts `text` to `channel` (`chat.postMessage`): the message's `ts`.
    pub fn post_message(&self, channel: &str, text: &str) -> Result<String, ActError> {
        let posted = self.call(
            "chat.postMessage",
            json!({"channel": channel, "text": text}),
        )?;
        Ok(posted["ts"].as_str().unwrap_or("").to_owned())
    }

    /// Replies in the thread of `thread_ts`: the reply's `ts`.
    pub fn reply(&self, channel: &str, thread_ts: &str, text: &str) -> Result<String, ActError> {
        let args = json!({"channel": channel, "thread_ts": thread_ts, "text": text});
        let posted = self.call("chat.postMessage", args)?;
        Ok(posted["ts"].as_str().unwrap_or("").to_owned())
    }

    /// Reacts to the message `ts` with the emoji `name` (`reactions.add`).
    pub fn react(&self, channel: &str, ts: &str, name: &str) -> Result<(), ActError> {
        let args = json!({"channel": channel, "timestamp": ts, "name": name});
        self.call("reactions.add", args).map(drop)
    }

    /// Joins `channel` (`conversations.join`).
    pub fn join(&self, channel: &str) -> Result<(), ActError> {
        self.call("conversations.join", json!({ "channel": channel }))
            .map(drop)
    }
}

/// The id of the person named by `user` (an id, or else a name): not a bot, not deleted.
pub(crate) fn person(shared: &Shared, user: &str) -> Option<String> {
    let ws = shared.workspace.lock().unwrap_or_else(|e| e.into_inner());
    let id = ws.user(user).map(|_| user).or_else(|| ws.user_id(user))?;
    let record = ws.user(id)?;
    let is = |key: &str| record.get(key) == Some(&Value::Bool(true));
    (!is("is_bot") && !is("deleted")).then(|| id.to_owned())
}

/// The person's user token: theirs already, or a new one with every user scope.
pub(crate) fn user_token(shared: &Shared, user: &str) -> Option<String> {
    let id = person(shared, user)?;
    Some(token_of(shared, TokenType::User, &id))
}

/// The live token of `token_type` that acts as user `id`: theirs already, or a new one with
/// every scope of its type, unique to this emulator as its other tokens are (its port, then
/// the user: `xoxp-emulator-<port>-<id>`, `xoxb-…`).
pub(crate) fn token_of(shared: &Shared, token_type: TokenType, id: &str) -> String {
    let origin = shared
        .workspace
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .origin
        .clone();
    let mut all = shared
        .credentials
        .write()
        .unwrap_or_else(|e| e.into_inner());
    let theirs = |c: &&Credential| c.token_type == token_type && c.user_id == id && !c.revoked;
    if let Some(found) = all.iter().find(theirs) {
        return found.token.clone();
    }
    let port: u16 = origin.rsplit(':').next().unwrap_or("").parse().unwrap_or(0);
    let kind = if token_type == TokenType::Bot {
        "xoxb"
    } else {
        "xoxp"
    };
    let token = format!("{kind}-emulator-{port:x}-{}", id.to_ascii_lowercase());
    all.retain(|c| c.token != token);
    let scopes = auth::all_scopes(token_type);
    all.push(Credential::new(&token, token_type, id, scopes));
    token
}

/// One call with `token`, checked as `/api/<method>` checks it (the token, its scopes, the
/// required arguments) and run by the method's behaviour: the answer's body.
pub(crate) fn call(shared: &Shared, token: &str, method: &str, args: &Value) -> Value {
    match run(shared, token, method, args) {
        Ok(body) => body,
        Err(failure) => failure.body(),
    }
}

fn run(shared: &Shared, token: &str, method: &str, args: &Value) -> Result<Value, Failure> {
    let meta = MethodMeta::find(method).ok_or_else(|| Failure::new("unknown_method"))?;
    let body = serde_json::to_vec(args).unwrap_or_default();
    let authorization = format!("Bearer {token}");
    let incoming = IncomingRequest {
        method: "POST",
        content_type: Some("application/json; charset=utf-8"),
        authorization: Some(&authorization),
        body: &body,
        ..IncomingRequest::default()
    };
    let decoded = wire::decode(Some(meta), &incoming)
        .map_err(|e| Failure::new(e.slack_error()).with_messages(vec![format!("[ERROR] {e}")]))?;
    let credentials = shared.credentials.read().unwrap_or_else(|e| e.into_inner());
    let who = auth::check(meta, Some(token), &credentials)?;
    crate::serve::check_required(meta, &decoded.params)?;
    let fields = match behaviour::find(method) {
        Some(behaviour) => {
            let mut ws = shared.workspace.lock().unwrap_or_else(|e| e.into_inner());
            let params = &decoded.params;
            let outcome = behaviour(&mut ws, &Call { params, who });
            crate::events::flush(shared, &mut ws);
            outcome?
        }
        None => crate::serve::minimal(meta),
    };
    Ok(reply::success(fields, &[]))
}

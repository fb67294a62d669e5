//! What Slack sent, once verified: the item handed to the app.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::reply::Reply;
use crate::response::Response;

/// One verified request from Slack for the app to handle, kept as Slack's JSON (or form
/// fields); [`Incoming::decode`] turns it into a typed value.
#[derive(Debug)]
#[non_exhaustive]
pub struct Incoming {
    /// What kind of request it is, with its content.
    pub kind: Kind,
    /// Set when Slack says this is a retry of an earlier delivery (`X-Slack-Retry-Num`).
    pub retry: Option<Retry>,
    pub(crate) reply: Option<Reply>,
}

/// The kinds of request Slack sends to an app's request URLs.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Kind {
    /// An Events API `event_callback`.
    Event(EventCallback),
    /// `app_rate_limited`: Slack is dropping this app's events for a while (the envelope).
    AppRateLimited(Value),
    /// An interactivity request (a block action, a view submission, a shortcut, an options
    /// load…): the JSON of its `payload` field.
    Interaction(Value),
    /// A slash command: its form fields (`command`, `text`, `user_id`, `response_url`…).
    SlashCommand(BTreeMap<String, String>),
    /// A JSON body of a `type` this crate does not know yet, acknowledged and passed on.
    Other(Value),
}

impl Kind {
    /// A short name for the kind: `event_callback`, `app_rate_limited`, `interaction`,
    /// `slash_command`, `other`.
    pub fn name(&self) -> &'static str {
        match self {
            Kind::Event(_) => "event_callback",
            Kind::AppRateLimited(_) => "app_rate_limited",
            Kind::Interaction(_) => "interaction",
            Kind::SlashCommand(_) => "slash_command",
            Kind::Other(_) => "other",
        }
    }
}

/// An `event_callback` envelope, whole, with the fields used to tell deliveries apart.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct EventCallback {
    /// The envelope as Slack sent it (`team_id`, `api_app_id`, `event`, `authorizations`…).
    pub envelope: Value,
    /// `event_id`, the same on every delivery of one event.
    pub event_id: Option<String>,
    /// `event_time`, Unix seconds.
    pub event_time: Option<i64>,
}

/// A redelivery: Slack got no 2xx in time for an earlier one.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Retry {
    /// `X-Slack-Retry-Num`: 1 for the first retry.
    pub num: u32,
    /// `X-Slack-Retry-Reason`: `http_timeout`, `http_error`, `connection_failed`…
    pub reason: Option<String>,
}

impl Incoming {
    pub(crate) fn new(kind: Kind, retry: Option<Retry>, reply: Option<Reply>) -> Self {
        Incoming { kind, retry, reply }
    }

    /// The JSON Slack sent: the envelope of an event or `app_rate_limited`, the payload of
    /// an interaction; `None` for a slash command (see [`Kind::SlashCommand`]).
    pub fn json(&self) -> Option<&Value> {
        match &self.kind {
            Kind::Event(event) => Some(&event.envelope),
            Kind::AppRateLimited(json) | Kind::Interaction(json) | Kind::Other(json) => Some(json),
            Kind::SlashCommand(_) => None,
        }
    }

    /// The `event_id` of an event.
    pub fn event_id(&self) -> Option<&str> {
        match &self.kind {
            Kind::Event(event) => event.event_id.as_deref(),
            _ => None,
        }
    }

    /// Whether Slack waits for this request's response body (interactions and slash
    /// commands): see [`Incoming::respond`].
    pub fn expects_reply(&self) -> bool {
        self.reply.is_some()
    }

    /// Gives the HTTP response for an interaction or a slash command (a `response_action`,
    /// a message, options). Returns whether it will be sent: `false` when this request
    /// takes no reply, when one was already given, or when the receiver stopped waiting
    /// (its deadline passed and an empty `200` went instead).
    pub fn respond(&self, response: Response) -> bool {
        self.reply
            .as_ref()
            .is_some_and(|reply| reply.send(response))
    }

    /// Decodes the request into `T`, the one seam for typed decoding (see
    /// [`FromIncoming`](crate::FromIncoming)).
    pub fn decode<T: crate::FromIncoming>(&self) -> Result<T, crate::DecodeError> {
        T::from_incoming(self)
    }
}

//! The one seam for typed decoding: [`FromIncoming`].
//!
//! The receiving side keeps what Slack sent as JSON (or form fields) and never needs its
//! types. A type that can be read from an [`Incoming`] implements [`FromIncoming`]; the
//! typed payloads of `slack_model` (`events::EventsApiPayload`, `InteractionPayload`,
//! `SlashCommand`) are to get their implementations here, and any serde type can be used
//! today through [`Json`].

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::incoming::{Incoming, Kind};

/// A type that can be decoded from a verified request: `incoming.decode::<T>()`.
pub trait FromIncoming: Sized {
    /// Reads `Self` from the request, or says why it cannot.
    fn from_incoming(incoming: &Incoming) -> Result<Self, DecodeError>;
}

/// Why a request could not be decoded into the type asked for.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeError {
    /// The request is of another kind than the type reads (a slash command asked for as an
    /// event, say).
    #[error("cannot decode {found} as {expected}")]
    WrongKind {
        /// What the type reads.
        expected: &'static str,
        /// What the request is ([`Kind::name`]).
        found: &'static str,
    },
    /// The JSON does not have the type's shape.
    #[error("the request's JSON does not decode: {0}")]
    Json(#[from] serde_json::Error),
}

/// The request as JSON: [`Incoming::json`], or a slash command's fields as an object of
/// strings.
impl FromIncoming for Value {
    fn from_incoming(incoming: &Incoming) -> Result<Self, DecodeError> {
        Ok(match &incoming.kind {
            Kind::SlashCommand(fields) => fields
                .iter()
                .map(|(key, value)| (key.clone(), Value::String(value.clone())))
                .collect::<serde_json::Map<_, _>>()
                .into(),
            _ => incoming.json().cloned().unwrap_or(Value::Null),
        })
    }
}

/// A slash command's form fields.
impl FromIncoming for BTreeMap<String, String> {
    fn from_incoming(incoming: &Incoming) -> Result<Self, DecodeError> {
        match &incoming.kind {
            Kind::SlashCommand(fields) => Ok(fields.clone()),
            other => Err(DecodeError::WrongKind {
                expected: "slash_command",
                found: other.name(),
            }),
        }
    }
}

/// Any serde type, read from the request's JSON (as [`Value`]'s implementation gives it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Json<T>(pub T);

impl<T: DeserializeOwned> FromIncoming for Json<T> {
    fn from_incoming(incoming: &Incoming) -> Result<Self, DecodeError> {
        let json = Value::from_incoming(incoming)?;
        Ok(Json(serde_json::from_value(json)?))
    }
}

/// The typed payloads of `slack_model::events`, each from the kind of request that carries
/// it: the `event_callback` envelope (its `event` an [`Event`](slack_model::events::Event),
/// `Other` for a type this version does not know), an interaction payload, a slash command.
macro_rules! typed {
    ($($ty:ty => $expected:literal, $pattern:pat),* $(,)?) => {
        $(
            impl FromIncoming for $ty {
                fn from_incoming(incoming: &Incoming) -> Result<Self, DecodeError> {
                    match &incoming.kind {
                        $pattern => Ok(Json::<$ty>::from_incoming(incoming)?.0),
                        other => Err(DecodeError::WrongKind {
                            expected: $expected,
                            found: other.name(),
                        }),
                    }
                }
            }
        )*
    };
}

typed! {
    slack_model::events::EventCallback => "event_callback", Kind::Event(_),
    slack_model::events::EventsApiPayload => "event_callback", Kind::Event(_) | Kind::AppRateLimited(_),
    slack_model::events::InteractionPayload => "interaction", Kind::Interaction(_),
    slack_model::events::SlashCommand => "slash_command", Kind::SlashCommand(_),
}

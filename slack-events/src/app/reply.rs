//! What a handler sends back: the immediate answer ([`Ctx::ack`](super::Ctx::ack)) and
//! messages to a `response_url` ([`Ctx::respond`](super::Ctx::respond)), from the typed
//! responses of `slack_model::events` or plain text.

use serde_json::{json, Value};
use slack_model::events::{
    BlockSuggestionResponse, ResponseUrlMessage, ViewClearResponse, ViewErrorsResponse,
    ViewPushResponse, ViewResponseAction, ViewUpdateResponse,
};

/// A body for an acknowledgement or a `response_url`: a view's `response_action`
/// ([`ViewResponseAction`] or one of its variants' types), a `block_suggestion`'s options
/// ([`BlockSuggestionResponse`]), a message ([`ResponseUrlMessage`], or text for
/// `{"text": …}`), or any JSON.
pub trait Payload {
    /// The JSON sent.
    fn into_json(self) -> Value;
}

impl Payload for Value {
    fn into_json(self) -> Value {
        self
    }
}

impl Payload for &str {
    fn into_json(self) -> Value {
        json!({ "text": self })
    }
}

impl Payload for String {
    fn into_json(self) -> Value {
        json!({ "text": self })
    }
}

impl Payload for slack_model::Str {
    fn into_json(self) -> Value {
        json!({ "text": self.as_str() })
    }
}

macro_rules! serialized {
    ($($ty:ty),* $(,)?) => {
        $(
            impl Payload for $ty {
                fn into_json(self) -> Value {
                    // The generated types serialize to a map: this cannot fail.
                    serde_json::to_value(self).unwrap_or_default()
                }
            }
        )*
    };
}

serialized!(
    BlockSuggestionResponse,
    ResponseUrlMessage,
    ViewResponseAction,
    ViewErrorsResponse,
    ViewUpdateResponse,
    ViewPushResponse,
    ViewClearResponse,
);

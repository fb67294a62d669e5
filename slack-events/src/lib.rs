//! Receiving Slack's HTTP requests: the Events API, interactivity and slash commands.
//!
//! A [`Receiver`] checks Slack's signature on the raw body before reading it
//! ([`Verifier`]), answers `url_verification` itself, hands each event over once however
//! often Slack redelivers it, and returns the HTTP answer to send at once together with
//! the [`Incoming`] item for the app to handle afterwards. It needs no server framework:
//! give it the method, the headers and the body bytes. With the `axum` feature,
//! `axum::router` is a ready endpoint.
//!
//! ```
//! use slack_events::{Kind, Receiver, Verifier};
//! # let (headers, body): (Vec<(&str, String)>, &[u8]) = (Vec::new(), b"");
//!
//! let receiver = Receiver::new(Verifier::new([std::env::var("SLACK_SIGNING_SECRET")
//!     .unwrap_or_default()]));
//! // In a server's handler, with the request's headers and raw body:
//! let received = receiver.receive("POST", &headers, body);
//! // Send `received.response` (status, content type, body) now, then:
//! if let Some(incoming) = received.incoming {
//!     if let Kind::Event(event) = &incoming.kind {
//!         println!("event {:?}: {}", event.event_id, event.envelope["event"]["type"]);
//!     }
//! }
//! # assert_eq!(received.response.status, 401);
//! ```
#![forbid(unsafe_code)]

mod decode;
mod headers;
mod incoming;
mod parse;
mod receiver;
mod recent;
#[cfg(feature = "redis")]
mod redis_filter;
mod reply;
mod response;
mod signature;

#[cfg(feature = "app")]
pub mod app;
#[cfg(feature = "axum")]
pub mod axum;
#[cfg(feature = "socket-mode")]
pub mod socket;

pub use decode::{DecodeError, FromIncoming, Json};
pub use headers::Headers;
pub use incoming::{EventCallback, Incoming, Kind, Retry};
pub use receiver::{
    Received, Receiver, DEFAULT_MAX_BODY, DEFAULT_RECENT_IDS, DEFAULT_REPLY_DEADLINE,
};
pub use recent::{DeliveryFilter, FilterFuture, MemoryFilter};
#[cfg(feature = "redis")]
pub use redis_filter::RedisFilter;
pub use reply::PendingReply;
pub use response::Response;
pub use signature::{sign, Rejected, Verifier, MAX_SKEW_SECS, SIGNATURE_HEADER, TIMESTAMP_HEADER};

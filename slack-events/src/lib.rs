//! Receiving Slack's HTTP requests: the Events API, interactivity and slash commands.
//!
//! A [`Verifier`] checks Slack's signature on a request's raw body, with one signing
//! secret or several (a rotation), before anything reads the body.
#![forbid(unsafe_code)]

mod headers;
mod signature;

pub use headers::Headers;
pub use signature::{sign, Rejected, Verifier, MAX_SKEW_SECS, SIGNATURE_HEADER, TIMESTAMP_HEADER};

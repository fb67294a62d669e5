//! What can go wrong with a call.

use std::fmt;
use std::time::Duration;

use crate::{CommonError, ErrorCode};

/// The error of a call to a method whose error codes are `E`.
///
/// No variant holds the token: errors can be logged as they are. Every string in an error
/// that came from the server (excerpts, decode messages, error codes, `needed`, `provided`,
/// warnings, messages) is scrubbed of the token first: not only whole copies, but any run of
/// 8 or more characters that also occurs in the token.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error<E: ErrorCode> {
    /// Slack answered `"ok": false`, with a 2xx status or any other (except 429): a
    /// non-2xx response whose body is Slack's JSON error is this variant, not
    /// [`Http`](Self::Http), and [`ApiError::status`] keeps its status.
    #[error("{method}: {error}")]
    Api {
        method: String,
        error: Box<ApiError<E>>,
    },
    /// HTTP 429, after any retries the policy allows.
    #[error("{method}: rate limited (retry after {})", fmt_retry_after(*.retry_after))]
    RateLimited {
        method: String,
        /// The `Retry-After` the last response gave, if any.
        retry_after: Option<Duration>,
    },
    /// Any other HTTP status that is not a success, redirects (3xx, never followed) included,
    /// when the body is not Slack's JSON error (or is over 64 KiB, or over the client's
    /// `max_body_size`, whichever is smaller).
    #[error("{method}: HTTP {status}: {excerpt}")]
    Http {
        method: String,
        status: u16,
        /// The start of the body.
        excerpt: String,
    },
    /// The body is not the JSON the method returns.
    #[error("{method}: cannot decode the response: {message} (body: {excerpt:?})")]
    Decode {
        method: String,
        message: String,
        /// The start of the body.
        excerpt: String,
    },
    /// The body is larger than the client's limit; it was not read further.
    #[error("{method}: the response body is larger than the {limit}-byte limit")]
    BodyTooLarge { method: String, limit: usize },
    /// No complete response within the client's timeout.
    #[error("{method}: timed out")]
    Timeout { method: String },
    /// The request could not be sent or its response read (connection refused, reset, TLS).
    #[error("{method}: {source}")]
    Transport {
        method: String,
        #[source]
        source: reqwest::Error,
    },
    /// The request cannot be made as asked: an invalid method name, token or arguments.
    #[error("{method}: invalid request: {message}")]
    InvalidRequest { method: String, message: String },
    /// Typed arguments (Block Kit) break Slack's documented limits: the request was not
    /// sent. Each violation names the argument's path (`blocks[3].text`) and the limit.
    #[error("{method}: {} argument(s) break Slack's limits: {}", violations.len(), violations.first().map(ToString::to_string).unwrap_or_default())]
    Invalid {
        method: String,
        violations: Vec<crate::Violation>,
    },
}

fn fmt_retry_after(d: Option<Duration>) -> String {
    match d {
        Some(d) => format!("{}s", d.as_secs_f64()),
        None => "unspecified".into(),
    }
}

impl<E: ErrorCode> Error<E> {
    /// The method called.
    pub fn method(&self) -> &str {
        match self {
            Error::Api { method, .. }
            | Error::RateLimited { method, .. }
            | Error::Http { method, .. }
            | Error::Decode { method, .. }
            | Error::BodyTooLarge { method, .. }
            | Error::Timeout { method }
            | Error::Transport { method, .. }
            | Error::InvalidRequest { method, .. }
            | Error::Invalid { method, .. } => method,
        }
    }

    /// The error Slack returned, for an `"ok": false` answer.
    pub fn api_error(&self) -> Option<&ApiError<E>> {
        match self {
            Error::Api { error, .. } => Some(error),
            _ => None,
        }
    }

    /// The method's error code, for an `"ok": false` answer.
    pub fn code(&self) -> Option<&E> {
        self.api_error().map(|e| &e.code)
    }

    /// How long Slack asked to wait, for a rate-limited call.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::RateLimited { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// Whether another try may succeed: rate limits, server errors (5xx, with or without a
    /// JSON error), timeouts and connection failures.
    pub fn is_transient(&self) -> bool {
        match self {
            Error::RateLimited { .. } | Error::Timeout { .. } | Error::Transport { .. } => true,
            Error::Http { status, .. } => *status >= 500,
            Error::Api { error, .. } => error.status.is_some_and(|status| status >= 500),
            _ => false,
        }
    }

    /// The same error with its code converted, e.g. to a common type for several methods.
    pub fn map_code<F: ErrorCode>(self, f: impl FnOnce(E) -> F) -> Error<F> {
        match self {
            Error::Api { method, error } => {
                let ApiError {
                    code,
                    needed,
                    provided,
                    warnings,
                    messages,
                    errors,
                    status,
                } = *error;
                Error::Api {
                    method,
                    error: Box::new(ApiError {
                        code: f(code),
                        needed,
                        provided,
                        warnings,
                        messages,
                        errors,
                        status,
                    }),
                }
            }
            Error::RateLimited {
                method,
                retry_after,
            } => Error::RateLimited {
                method,
                retry_after,
            },
            Error::Http {
                method,
                status,
                excerpt,
            } => Error::Http {
                method,
                status,
                excerpt,
            },
            Error::Decode {
                method,
                message,
                excerpt,
            } => Error::Decode {
                method,
                message,
                excerpt,
            },
            Error::BodyTooLarge { method, limit } => Error::BodyTooLarge { method, limit },
            Error::Timeout { method } => Error::Timeout { method },
            Error::Transport { method, source } => Error::Transport { method, source },
            Error::InvalidRequest { method, message } => Error::InvalidRequest { method, message },
            Error::Invalid { method, violations } => Error::Invalid { method, violations },
        }
    }
}

impl Error<RawErrorCode> {
    /// The same error with its code read as a method's code type: how the client's
    /// untyped send path hands back a method's typed error.
    pub(crate) fn into_typed<F: ErrorCode>(self) -> Error<F> {
        self.map_code(|raw| F::from_code(raw.code()))
    }
}

/// An `"ok": false` answer: the code, and what else Slack said about it.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ApiError<E> {
    pub code: E,
    /// For `missing_scope`: the scope(s) the method needs.
    pub needed: Option<String>,
    /// For `missing_scope`: the scopes the token has.
    pub provided: Option<String>,
    /// Warnings (`warning` and `response_metadata.warnings`).
    pub warnings: Vec<String>,
    /// `response_metadata.messages`: details, such as which argument was invalid.
    pub messages: Vec<String>,
    /// `errors`: the problems Slack lists for `invalid_blocks` (messages with a JSON
    /// pointer) and for `blocks.validate` (objects with `code`, `message`, `pointer`), as
    /// they came.
    pub errors: Vec<serde_json::Value>,
    /// The HTTP status the answer came with: usually 200, but Slack (or a proxy in front of
    /// it) may send its JSON error with another. `None` when the body was decoded without
    /// an HTTP exchange.
    pub status: Option<u16>,
}

impl<E: ErrorCode> fmt::Display for ApiError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.code)?;
        if let Some(needed) = &self.needed {
            write!(f, " (needed: {needed}")?;
            if let Some(provided) = &self.provided {
                write!(f, "; provided: {provided}")?;
            }
            f.write_str(")")?;
        }
        for message in &self.messages {
            write!(f, "; {message}")?;
        }
        if let Some(status) = self.status.filter(|s| !(200..300).contains(s)) {
            write!(f, " (HTTP {status})")?;
        }
        Ok(())
    }
}

/// The error codes of a raw call ([`Client::call_raw`](crate::Client::call_raw)): the common
/// errors, typed, and any other code as it came.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RawErrorCode {
    Common(CommonError),
    Other(String),
}

impl fmt::Display for RawErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RawErrorCode::Common(c) => c.fmt(f),
            RawErrorCode::Other(code) => f.write_str(code),
        }
    }
}

impl std::error::Error for RawErrorCode {}

impl ErrorCode for RawErrorCode {
    fn from_code(code: &str) -> Self {
        match CommonError::from_code(code) {
            Some(c) => RawErrorCode::Common(c),
            None => RawErrorCode::Other(code.to_owned()),
        }
    }

    fn code(&self) -> &str {
        match self {
            RawErrorCode::Common(c) => c.code(),
            RawErrorCode::Other(code) => code,
        }
    }
}

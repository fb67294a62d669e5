//! Turning what came back into a typed response or a typed error, scrubbed of the token.

use super::transport::Outcome;
use super::Token;
use crate::redact::{self, EXCERPT_LEN};
use crate::response::Envelope;
use crate::{ApiError, ApiResponse, Error, ErrorCode, RawErrorCode};

/// How much of a decode error's message is kept.
const MESSAGE_LEN: usize = 1024;

/// The body of a 2xx answer, or the error a try that gave none amounts to.
pub(super) fn outcome_result(
    name: &str,
    outcome: Outcome,
    max_body: usize,
    token: &Token,
) -> Result<(u16, Vec<u8>), Error<RawErrorCode>> {
    // The name is copied only for an error.
    let method = || name.to_owned();
    Err(match outcome {
        Outcome::Body(status, body) => return Ok((status, body)),
        Outcome::RateLimited(retry_after) => Error::RateLimited {
            method: method(),
            retry_after,
        },
        Outcome::Http(status, body, whole) => {
            // Slack's own JSON error, sent with a non-2xx status, is the method's typed error.
            let envelope = whole
                .then(|| serde_json::from_slice::<Envelope>(&body).ok())
                .flatten()
                .filter(|envelope| !envelope.ok);
            match envelope {
                Some(mut envelope) if envelope.error.is_some() => {
                    let code = envelope.error.take().unwrap_or_default();
                    api_error(method(), &code, envelope, Some(status), token)
                }
                _ => Error::Http {
                    method: method(),
                    status,
                    excerpt: excerpt(&body, token),
                },
            }
        }
        Outcome::TooLarge => Error::BodyTooLarge {
            method: method(),
            limit: max_body,
        },
        Outcome::Timeout => Error::Timeout { method: method() },
        Outcome::Transport(source) => Error::Transport {
            method: method(),
            source,
        },
        Outcome::InvalidToken => Error::InvalidRequest {
            method: method(),
            message: "the token contains characters that cannot go in an HTTP header".into(),
        },
        Outcome::InvalidUrl => Error::InvalidRequest {
            method: method(),
            message: "the method's name does not make a URL with the base URL".into(),
        },
    })
}

/// The start of a body (512 bytes of it), as text, with every piece of the token a server
/// may have echoed scrubbed: see [`redact`].
fn excerpt(body: &[u8], token: &Token) -> String {
    redact::excerpt_of(body, token.expose(), EXCERPT_LEN)
}

/// An `"ok": false` answer as the method's typed error, with everything the server wrote in
/// it scrubbed of the token: the code (an unknown one is kept as text), `needed`,
/// `provided`, warnings and messages.
fn api_error(
    method: String,
    code: &str,
    envelope: Envelope,
    status: Option<u16>,
    token: &Token,
) -> Error<RawErrorCode> {
    let secret = token.expose();
    let scrub = |text: String| redact::scrub(&text, secret);
    let warnings = envelope.warnings().into_iter().map(scrub).collect();
    Error::Api {
        method,
        error: Box::new(ApiError {
            code: RawErrorCode::from_code(&redact::scrub(code, secret)),
            needed: envelope.needed.map(scrub),
            provided: envelope.provided.map(scrub),
            warnings,
            messages: envelope
                .response_metadata
                .map(|m| m.messages.into_iter().map(scrub).collect())
                .unwrap_or_default(),
            errors: match envelope.errors {
                Some(serde_json::Value::Array(items)) => {
                    items.into_iter().map(|v| scrub_json(v, secret)).collect()
                }
                _ => Vec::new(),
            },
            status,
        }),
    }
}

/// A JSON value with every string scrubbed of the token.
fn scrub_json(value: serde_json::Value, secret: &str) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::String(s) => Value::String(redact::scrub(&s, secret)),
        Value::Array(items) => items.into_iter().map(|v| scrub_json(v, secret)).collect(),
        Value::Object(map) => map
            .into_iter()
            .map(|(k, v)| (redact::scrub(&k, secret), scrub_json(v, secret)))
            .collect(),
        other => other,
    }
}

/// Decodes a 2xx body: the typed response when `ok` is true, the method's error when it
/// is false, and a decode error for anything else. An [`ApiError`] from here has no
/// `status`; the client's own path sets it (see `decode_response`).
// The client itself uses `decode_response`; only `dispatch` (with a family) calls this.
#[allow(dead_code)]
fn decode_body<T, E>(method: &str, body: &[u8], token: &Token) -> Result<T, Error<E>>
where
    T: serde::de::DeserializeOwned + ApiResponse,
    E: ErrorCode,
{
    decode_response(method, body, None, token).map_err(Error::into_typed)
}

/// [`decode_body`] for a response that came with this HTTP status. Generic only over the
/// response type: every failure is built by [`decode_failure`], compiled once.
pub(super) fn decode_response<T>(
    method: &str,
    body: &[u8],
    status: Option<u16>,
    token: &Token,
) -> Result<T, Error<RawErrorCode>>
where
    T: serde::de::DeserializeOwned + ApiResponse,
{
    let (decoded, mismatched) = crate::lenient::collect(|| serde_json::from_slice::<T>(body));
    if !mismatched.is_empty() {
        // Names from the spec (`User.profile`), never text from the server.
        tracing::warn!(
            method,
            fields = ?mismatched,
            "fields with another shape than their type: kept raw in `extra`"
        );
    }
    let typed_error = match decoded {
        Ok(value) if value.ok() => {
            log_warnings(method, &value.warnings(), token);
            return Ok(value);
        }
        Ok(_) => None,
        Err(e) => Some(e),
    };
    Err(decode_failure(method, body, status, token, typed_error))
}

/// Logs a successful response's warnings, scrubbed: they are text from the server.
fn log_warnings(method: &str, warnings: &[&str], token: &Token) {
    if !warnings.is_empty() {
        let secret = token.expose();
        let warnings: Vec<String> = warnings.iter().map(|w| redact::scrub(w, secret)).collect();
        tracing::warn!(method, warnings = ?warnings, "Slack returned warnings");
    }
}

/// The error for a body that is not a successful response: Slack's `"ok": false` error, or
/// a decode error saying why the body could not be read (`typed_error`: the typed decode's).
fn decode_failure(
    method: &str,
    body: &[u8],
    status: Option<u16>,
    token: &Token,
    typed_error: Option<serde_json::Error>,
) -> Error<RawErrorCode> {
    let decode = |message: String| Error::Decode {
        method: method.to_owned(),
        // serde quotes values in its messages (a token echoed in a field would show), and a
        // quoted value may be as long as the body: scrubbed, and bounded like an excerpt.
        message: redact::excerpt_of(message.as_bytes(), token.expose(), MESSAGE_LEN),
        excerpt: excerpt(body, token),
    };
    match serde_json::from_slice::<Envelope>(body) {
        Ok(mut envelope) if !envelope.ok => match envelope.error.take() {
            Some(code) => api_error(method.to_owned(), &code, envelope, status, token),
            None => decode("`ok` is false but there is no `error` code".into()),
        },
        Ok(_) => {
            decode(typed_error.map_or_else(|| "unexpected response".into(), |e| e.to_string()))
        }
        Err(e) => decode(e.to_string()),
    }
}

/// Raw calls decode into a JSON value.
impl ApiResponse for serde_json::Value {
    fn ok(&self) -> bool {
        self.get("ok").and_then(serde_json::Value::as_bool) == Some(true)
    }

    fn warning(&self) -> Option<&str> {
        self.get("warning").and_then(serde_json::Value::as_str)
    }

    /// Raw bodies are not decoded into [`ResponseMetadata`](crate::ResponseMetadata).
    fn response_metadata(&self) -> Option<&crate::ResponseMetadata> {
        None
    }

    fn warnings(&self) -> Vec<&str> {
        let listed = self
            .pointer("/response_metadata/warnings")
            .and_then(serde_json::Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(serde_json::Value::as_str);
        crate::response::collect_warnings(self.warning(), listed)
    }
}

/// Decodes a body as `T` through the client's own path, re-serialized to JSON: what
/// [`dispatch`](crate::dispatch) runs for each method (none with no family compiled in).
#[cfg(feature = "dispatch")]
#[allow(dead_code)]
pub(crate) fn decode_to_value<T>(
    method: &str,
    body: &[u8],
) -> Result<serde_json::Value, Error<RawErrorCode>>
where
    T: serde::de::DeserializeOwned + serde::Serialize + ApiResponse,
{
    let response = decode_body::<T, RawErrorCode>(method, body, &Token::new(""))?;
    serde_json::to_value(&response).map_err(|e| Error::Decode {
        method: method.to_owned(),
        message: format!("cannot re-serialize the decoded response: {e}"),
        excerpt: String::new(),
    })
}

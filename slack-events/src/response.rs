//! The HTTP answer to send back to Slack, independent of any server framework.

/// An HTTP response: status, content type, extra headers and body.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Response {
    /// The status code (200 for everything Slack should count as delivered).
    pub status: u16,
    /// The `Content-Type`, when there is a body.
    pub content_type: Option<&'static str>,
    /// Other headers (`Allow` on a 405, `X-Slack-No-Retry` where a retry cannot help).
    pub headers: Vec<(&'static str, &'static str)>,
    /// The body, often empty.
    pub body: String,
}

impl Response {
    /// `200 OK` with no body: Slack's acknowledgement.
    pub fn ok() -> Self {
        Response::status(200)
    }

    /// `200 OK` with a JSON body: an interaction's `response_action`, a slash command's
    /// message, the options of a `block_suggestion`.
    pub fn json(body: &serde_json::Value) -> Self {
        Response {
            content_type: Some("application/json"),
            body: body.to_string(),
            ..Response::ok()
        }
    }

    /// `200 OK` with a plain-text body (a slash command's reply seen only by its user).
    pub fn text(body: impl Into<String>) -> Self {
        Response {
            content_type: Some("text/plain; charset=utf-8"),
            body: body.into(),
            ..Response::ok()
        }
    }

    /// An empty response with this status.
    pub fn status(status: u16) -> Self {
        Response {
            status,
            content_type: None,
            headers: Vec::new(),
            body: String::new(),
        }
    }

    /// A refusal with a short plain-text reason; `X-Slack-No-Retry: 1` asks Slack not to
    /// send the same request again, since it would be refused again.
    pub(crate) fn refuse(status: u16, reason: impl Into<String>) -> Self {
        Response {
            status,
            headers: vec![("x-slack-no-retry", "1")],
            ..Response::text(reason)
        }
    }
}

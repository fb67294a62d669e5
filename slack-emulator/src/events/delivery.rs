//! What the test sees of sending: the delivery times, and each delivery made.

use std::time::Duration;

use serde_json::Value;

/// How long the app has to answer a POST, and when the retries come: Slack's 3 seconds,
/// then a retry at once, one after a minute and one after five more minutes
/// ([`DeliveryTimes::slack`], the default); [`DeliveryTimes::scaled`] for a test.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct DeliveryTimes {
    pub timeout: Duration,
    /// The wait before each retry, after the try before it failed.
    pub retries: Vec<Duration>,
}

impl DeliveryTimes {
    pub fn slack() -> Self {
        DeliveryTimes {
            timeout: Duration::from_secs(3),
            retries: vec![
                Duration::ZERO,
                Duration::from_secs(60),
                Duration::from_secs(300),
            ],
        }
    }

    /// Slack's times divided by `divisor` (at least 1).
    pub fn scaled(divisor: u32) -> Self {
        let slack = Self::slack();
        let divisor = divisor.max(1);
        DeliveryTimes {
            timeout: slack.timeout / divisor,
            retries: slack.retries.iter().map(|d| *d / divisor).collect(),
        }
    }
}

impl Default for DeliveryTimes {
    fn default() -> Self {
        Self::slack()
    }
}

/// How a delivery went to the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Via {
    /// POSTed to the Request URL.
    Http,
    /// Pushed over Socket Mode.
    SocketMode,
}

/// One try at delivering a payload to the app.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Delivery {
    pub via: Via,
    /// The payload's `type` (`event_callback`, `url_verification`, `block_actions`, …;
    /// `slash_command` for a command).
    pub kind: String,
    /// What was sent: the JSON payload (a slash command's form fields as an object).
    pub payload: Value,
    /// 0 for the first try, then `X-Slack-Retry-Num`.
    pub retry_num: u32,
    /// `X-Slack-Retry-Reason` of this try (`http_timeout`, `http_error`, …).
    pub retry_reason: Option<String>,
    /// The app's HTTP status (none over Socket Mode, or without an answer in time).
    pub status: Option<u16>,
    /// Why the try failed (`http_timeout`, `http_error`, `connection_failed`), if it did.
    pub failure: Option<String>,
    /// The app's answer body (HTTP), up to 64 KiB.
    pub response: Option<String>,
    /// The Socket Mode envelope's id.
    pub envelope_id: Option<String>,
}

/// Why a Request URL was not accepted (`url_verification` failed).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum UrlVerificationError {
    /// No answer in time, or no connection: the reason (`http_timeout`, …).
    NoAnswer(String),
    /// An answer other than 2xx.
    Status(u16),
    /// A 2xx answer without the challenge.
    WrongChallenge,
}

impl std::fmt::Display for UrlVerificationError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NoAnswer(reason) => write!(f, "the Request URL did not answer ({reason})"),
            Self::Status(status) => write!(f, "the Request URL answered HTTP {status}"),
            Self::WrongChallenge => f.write_str("the Request URL did not answer the challenge"),
        }
    }
}

impl std::error::Error for UrlVerificationError {}

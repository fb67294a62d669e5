//! The framework-agnostic core: a request in, the answer to send and the item for the app
//! out.

use std::fmt;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, SystemTime};

use crate::headers::Headers;
use crate::incoming::{Incoming, Kind, Retry};
use crate::parse::{parse, Parsed};
use crate::recent::RecentIds;
use crate::reply::{PendingReply, Reply};
use crate::response::Response;
use crate::signature::Verifier;

/// Bodies larger than this are refused with `413` (Slack's are a few KiB).
pub const DEFAULT_MAX_BODY: usize = 1 << 20;
/// How many recent `event_id`s are remembered: Slack's last retry comes about five minutes
/// after the first delivery, and an app gets at most 30,000 events an hour per workspace
/// (2,500 in five minutes).
pub const DEFAULT_RECENT_IDS: usize = 4096;
/// How long a server waits for the app's reply to an interaction or slash command before
/// sending an empty `200`: Slack waits 3 seconds, network included.
pub const DEFAULT_REPLY_DEADLINE: Duration = Duration::from_millis(2500);

/// Receives Slack's requests: checks the signature, answers what needs no app
/// (`url_verification`, duplicates), and hands over the rest.
pub struct Receiver {
    verifier: Verifier,
    recent: Mutex<RecentIds>,
    recent_capacity: usize,
    max_body: usize,
    reply_deadline: Duration,
}

impl fmt::Debug for Receiver {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Receiver")
            .field("verifier", &self.verifier)
            .field("recent_ids", &self.recent_capacity)
            .field("max_body", &self.max_body)
            .field("reply_deadline", &self.reply_deadline)
            .finish()
    }
}

/// The outcome of one request: the answer to send now, and what the app is to handle
/// after it.
#[derive(Debug)]
#[non_exhaustive]
pub struct Received {
    /// The HTTP answer. For an interaction or slash command it is the fallback (an empty
    /// `200`) to send if the app's reply does not come in time.
    pub response: Response,
    /// The request for the app, if there is one (none for `url_verification`, a duplicate,
    /// or a refused request).
    pub incoming: Option<Incoming>,
    /// For an interaction or slash command: the app's reply, once it gives one
    /// ([`Incoming::respond`]).
    pub reply: Option<PendingReply>,
}

impl Received {
    fn answer(response: Response) -> Self {
        Received {
            response,
            incoming: None,
            reply: None,
        }
    }
}

impl Receiver {
    /// A receiver with the default limits.
    pub fn new(verifier: Verifier) -> Self {
        Receiver {
            verifier,
            recent: Mutex::new(RecentIds::new(DEFAULT_RECENT_IDS)),
            recent_capacity: DEFAULT_RECENT_IDS,
            max_body: DEFAULT_MAX_BODY,
            reply_deadline: DEFAULT_REPLY_DEADLINE,
        }
    }

    /// Remembers the last `capacity` `event_id`s to hand each event over once (0: none).
    pub fn with_recent_ids(mut self, capacity: usize) -> Self {
        self.recent = Mutex::new(RecentIds::new(capacity));
        self.recent_capacity = capacity;
        self
    }

    /// Refuses bodies over `bytes` with `413`.
    pub fn with_max_body(mut self, bytes: usize) -> Self {
        self.max_body = bytes;
        self
    }

    /// How long a server should wait for the app's reply to an interaction.
    pub fn with_reply_deadline(mut self, deadline: Duration) -> Self {
        self.reply_deadline = deadline;
        self
    }

    /// The largest body accepted, in bytes.
    pub fn max_body(&self) -> usize {
        self.max_body
    }

    /// How long a server should wait for the app's reply before sending the fallback.
    pub fn reply_deadline(&self) -> Duration {
        self.reply_deadline
    }

    /// Handles one request, at the current time.
    pub fn receive<H: Headers + ?Sized>(&self, method: &str, headers: &H, body: &[u8]) -> Received {
        self.receive_at(method, headers, body, SystemTime::now())
    }

    /// Handles one request as if received at `now`.
    pub fn receive_at<H: Headers + ?Sized>(
        &self,
        method: &str,
        headers: &H,
        body: &[u8],
        now: SystemTime,
    ) -> Received {
        if method != "POST" {
            let mut response = Response::status(405);
            response.headers.push(("allow", "POST"));
            return Received::answer(response);
        }
        if body.len() > self.max_body {
            return Received::answer(Response::refuse(413, "the body is too large"));
        }
        if let Err(rejected) = self.verifier.verify(headers, body, now) {
            tracing::debug!(%rejected, "refused a request");
            return Received::answer(Response::refuse(401, rejected.to_string()));
        }
        match parse(headers, body) {
            Parsed::Challenge(challenge) => Received::answer(Response::json(
                &serde_json::json!({ "challenge": challenge }),
            )),
            Parsed::Ack => Received::answer(Response::ok()),
            Parsed::Invalid(why) => {
                tracing::debug!(why, "refused a signed request");
                Received::answer(Response::refuse(400, why))
            }
            Parsed::Item(kind) => self.hand_over(kind, retry(headers)),
        }
    }

    /// The item for the app, unless it is an event already handed over.
    fn hand_over(&self, kind: Kind, retry: Option<Retry>) -> Received {
        if let Kind::Event(event) = &kind {
            if let Some(id) = &event.event_id {
                let mut recent = self.recent.lock().unwrap_or_else(PoisonError::into_inner);
                if !recent.insert(id) {
                    tracing::debug!(event_id = %id, ?retry, "dropped a duplicate delivery");
                    return Received::answer(Response::ok());
                }
            }
        }
        let (reply, pending) = match kind {
            Kind::Interaction(_) | Kind::SlashCommand(_) => {
                let (reply, pending) = Reply::channel();
                (Some(reply), Some(pending))
            }
            _ => (None, None),
        };
        Received {
            response: Response::ok(),
            incoming: Some(Incoming::new(kind, retry, reply)),
            reply: pending,
        }
    }
}

/// `X-Slack-Retry-Num` (a whole number) and `X-Slack-Retry-Reason`.
fn retry<H: Headers + ?Sized>(headers: &H) -> Option<Retry> {
    let num = headers
        .header_str("x-slack-retry-num")?
        .trim()
        .parse()
        .ok()?;
    let reason = headers
        .header_str("x-slack-retry-reason")
        .map(str::to_owned);
    Some(Retry { num, reason })
}

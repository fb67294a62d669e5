//! The framework-agnostic core: a request in, the answer to send and the item for the app
//! out.

use std::fmt;
use std::sync::Arc;
use std::task::{Context, Poll, Waker};
use std::time::{Duration, SystemTime};

use crate::headers::Headers;
use crate::incoming::{Incoming, Kind, Retry};
use crate::parse::{parse, Parsed};
use crate::recent::{DeliveryFilter, MemoryFilter};
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
    filter: Arc<dyn DeliveryFilter>,
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
            filter: Arc::new(MemoryFilter::new(DEFAULT_RECENT_IDS)),
            recent_capacity: DEFAULT_RECENT_IDS,
            max_body: DEFAULT_MAX_BODY,
            reply_deadline: DEFAULT_REPLY_DEADLINE,
        }
    }

    /// Remembers the last `capacity` `event_id`s to hand each event over once (0: none).
    pub fn with_recent_ids(mut self, capacity: usize) -> Self {
        self.filter = Arc::new(MemoryFilter::new(capacity));
        self.recent_capacity = capacity;
        self
    }

    /// Decides duplicates with `filter` instead of the last `event_id`s of this process:
    /// one shared by several receivers (the `redis` feature's `RedisFilter`) hands each
    /// event over once in all. A filter that must wait (over the network) is awaited by
    /// [`receive_async`](Self::receive_async) (the `axum` adapter uses it); the blocking
    /// [`receive`](Self::receive) hands an event over when its filter does not answer at
    /// once.
    pub fn with_delivery_filter(mut self, filter: impl DeliveryFilter) -> Self {
        self.filter = Arc::new(filter);
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
        match self.check(method, headers, body, now) {
            Err(answer) => Received::answer(answer),
            Ok(kind) => {
                let first =
                    event_id(&kind).is_none_or(|id| answer_now(self.filter.first_delivery(id)));
                self.hand_over(kind, retry(headers), first)
            }
        }
    }

    /// Handles one request, at the current time, waiting for the delivery filter's answer
    /// (a shared one asks over the network).
    pub async fn receive_async<H: Headers + ?Sized>(
        &self,
        method: &str,
        headers: &H,
        body: &[u8],
    ) -> Received {
        match self.check(method, headers, body, SystemTime::now()) {
            Err(answer) => Received::answer(answer),
            Ok(kind) => {
                let first = match event_id(&kind) {
                    Some(id) => self.filter.first_delivery(id).await,
                    None => true,
                };
                self.hand_over(kind, retry(headers), first)
            }
        }
    }

    /// The item a request carries, or the answer that ends it here.
    fn check<H: Headers + ?Sized>(
        &self,
        method: &str,
        headers: &H,
        body: &[u8],
        now: SystemTime,
    ) -> Result<Kind, Response> {
        if method != "POST" {
            let mut response = Response::status(405);
            response.headers.push(("allow", "POST"));
            return Err(response);
        }
        if body.len() > self.max_body {
            return Err(Response::refuse(413, "the body is too large"));
        }
        if let Err(rejected) = self.verifier.verify(headers, body, now) {
            tracing::debug!(%rejected, "refused a request");
            return Err(Response::refuse(401, rejected.to_string()));
        }
        match parse(headers, body) {
            Parsed::Challenge(challenge) => Err(Response::json(
                &serde_json::json!({ "challenge": challenge }),
            )),
            Parsed::Ack => Err(Response::ok()),
            Parsed::Invalid(why) => {
                tracing::debug!(why, "refused a signed request");
                Err(Response::refuse(400, why))
            }
            Parsed::Item(kind) => Ok(kind),
        }
    }

    /// The item for the app, unless it is an event already handed over.
    fn hand_over(&self, kind: Kind, retry: Option<Retry>, first: bool) -> Received {
        if !first {
            tracing::debug!(event_id = ?event_id(&kind), ?retry, "dropped a duplicate delivery");
            return Received::answer(Response::ok());
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

/// The `event_id` of an event.
fn event_id(kind: &Kind) -> Option<&str> {
    match kind {
        Kind::Event(event) => event.event_id.as_deref(),
        _ => None,
    }
}

/// A filter's answer if it gives it without waiting; else `true` (handed over: an event
/// handled twice rather than lost), for the blocking `receive`.
fn answer_now(mut answer: crate::recent::FilterFuture<'_>) -> bool {
    match answer
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
    {
        Poll::Ready(first) => first,
        Poll::Pending => {
            tracing::debug!("the delivery filter did not answer at once: use receive_async");
            true
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

//! Sending to the app: an `events_api` envelope over Socket Mode, or a POST to its Request
//! URL signed as Slack signs (`X-Slack-Signature`, `X-Slack-Request-Timestamp`), retried as
//! Slack retries when the app does not answer 2xx in time (`X-Slack-Retry-Num`,
//! `X-Slack-Retry-Reason`; none after an answer with `X-Slack-No-Retry: 1`). Every try is
//! recorded ([`Delivery`]).

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use serde_json::Value;

use super::{App, Delivery, DeliveryTimes, Via};
use crate::serve::Shared;

/// How many deliveries are kept for [`Emulator::deliveries`](crate::Emulator::deliveries).
const MAX_DELIVERIES: usize = 10_000;

/// The sending side, shared by every request (a clone shares it).
#[derive(Clone)]
pub struct Outbound {
    client: reqwest::Client,
    state: Arc<Mutex<State>>,
    runtime: tokio::runtime::Handle,
}

struct State {
    deliveries: Vec<Delivery>,
    times: DeliveryTimes,
    next: u64,
}

/// What one POST got: the status and body, or why there was no answer.
pub(crate) type Answer = Result<(u16, String, bool), &'static str>;

impl Outbound {
    /// An outbound side whose tasks run on the current tokio runtime.
    pub fn new() -> Self {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap_or_default();
        Outbound {
            client,
            state: Arc::new(Mutex::new(State {
                deliveries: Vec::new(),
                times: DeliveryTimes::default(),
                next: 0,
            })),
            runtime: tokio::runtime::Handle::current(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A number never given before (for event ids).
    pub(crate) fn next_id(&self) -> u64 {
        let mut state = self.lock();
        state.next += 1;
        state.next
    }

    pub(crate) fn deliveries(&self) -> Vec<Delivery> {
        self.lock().deliveries.clone()
    }

    pub(crate) fn set_times(&self, times: DeliveryTimes) {
        self.lock().times = times;
    }

    pub(crate) fn times(&self) -> DeliveryTimes {
        self.lock().times.clone()
    }

    /// Forgets the deliveries and restores Slack's times.
    pub(crate) fn reset(&self) {
        let mut state = self.lock();
        state.deliveries.clear();
        state.times = DeliveryTimes::default();
    }

    pub(crate) fn record(&self, delivery: Delivery) {
        let mut state = self.lock();
        if state.deliveries.len() >= MAX_DELIVERIES {
            state.deliveries.remove(0);
        }
        state.deliveries.push(delivery);
    }

    /// Sends an `event_callback` envelope: over Socket Mode when the app uses it and a
    /// connection is open, else to its Request URL (in the background, with retries).
    pub(crate) fn send(&self, shared: &Shared, app: &App, envelope: Value) {
        if app.socket_mode && shared.socket.connections() > 0 {
            let id = shared.socket.push("events_api", envelope.clone());
            self.record(socket_delivery("event_callback", envelope, id));
        } else if let Some(url) = &app.request_url {
            let body = envelope.to_string().into_bytes();
            let post = Post::json(url, &app.signing_secret, body, envelope);
            let outbound = self.clone();
            self.runtime
                .spawn(async move { outbound.deliver(post).await });
        }
    }

    /// Delivers `post`, trying again as Slack does until an answer is 2xx (or says
    /// `X-Slack-No-Retry`): the last answer.
    pub(crate) async fn deliver(&self, post: Post) -> Answer {
        let times = self.times();
        let mut answer = self.try_once(&post, 0, None, times.timeout).await;
        for (n, wait) in times.retries.iter().enumerate() {
            let reason = match &answer {
                Ok((200..=299, ..)) | Ok((_, _, true)) => break,
                Ok(_) => "http_error",
                Err(reason) => reason,
            };
            tokio::time::sleep(*wait).await;
            let num = n as u32 + 1;
            answer = self.try_once(&post, num, Some(reason), times.timeout).await;
        }
        answer
    }

    /// One signed POST, recorded.
    pub(crate) async fn try_once(
        &self,
        post: &Post,
        retry_num: u32,
        retry_reason: Option<&str>,
        timeout: Duration,
    ) -> Answer {
        let timestamp = crate::workspace::wall_seconds() as i64;
        let signature = slack_events::sign(post.secret.as_bytes(), timestamp, &post.body);
        let mut request = self
            .client
            .post(&post.url)
            .timeout(timeout)
            .header("Content-Type", post.content_type)
            .header("User-Agent", "Slackbot 1.0 (+https://api.slack.com/robots)")
            .header("X-Slack-Signature", signature)
            .header("X-Slack-Request-Timestamp", timestamp.to_string())
            .body(post.body.clone());
        if let Some(reason) = retry_reason {
            request = request
                .header("X-Slack-Retry-Num", retry_num.to_string())
                .header("X-Slack-Retry-Reason", reason);
        }
        let answer = answer(request.send().await).await;
        let (status, failure, response) = match &answer {
            Ok((status, body, _)) => {
                let failed = !(200..300).contains(status);
                (
                    Some(*status),
                    failed.then(|| "http_error".to_owned()),
                    Some(body.clone()),
                )
            }
            Err(reason) => (None, Some((*reason).to_owned()), None),
        };
        self.record(Delivery {
            via: Via::Http,
            kind: post.kind.clone(),
            payload: post.payload.clone(),
            retry_num,
            retry_reason: retry_reason.map(str::to_owned),
            status,
            failure,
            response,
            envelope_id: None,
        });
        answer
    }
}

impl Default for Outbound {
    fn default() -> Self {
        Outbound::new()
    }
}

/// A POST to make: where, signed with what, the body and what it holds.
#[derive(Clone)]
pub(crate) struct Post {
    pub url: String,
    pub secret: String,
    pub content_type: &'static str,
    pub body: Vec<u8>,
    pub kind: String,
    pub payload: Value,
}

impl Post {
    /// A JSON payload (an event, `url_verification`).
    pub(crate) fn json(url: &str, secret: &str, body: Vec<u8>, payload: Value) -> Self {
        let kind = payload["type"].as_str().unwrap_or("").to_owned();
        Post {
            url: url.to_owned(),
            secret: secret.to_owned(),
            content_type: "application/json",
            body,
            kind,
            payload,
        }
    }
}

pub(crate) fn socket_delivery(kind: &str, payload: Value, envelope_id: String) -> Delivery {
    Delivery {
        via: Via::SocketMode,
        kind: kind.to_owned(),
        payload,
        retry_num: 0,
        retry_reason: None,
        status: None,
        failure: None,
        response: None,
        envelope_id: Some(envelope_id),
    }
}

/// The status, body (up to 64 KiB) and `X-Slack-No-Retry` of an answer, or Slack's
/// retry reason for none.
async fn answer(sent: reqwest::Result<reqwest::Response>) -> Answer {
    let response = match sent {
        Ok(response) => response,
        Err(e) if e.is_timeout() => return Err("http_timeout"),
        Err(_) => return Err("connection_failed"),
    };
    let status = response.status().as_u16();
    let no_retry = response
        .headers()
        .get("x-slack-no-retry")
        .is_some_and(|v| v.as_bytes() == b"1");
    let body = match response.bytes().await {
        Ok(bytes) => bytes,
        Err(e) if e.is_timeout() => return Err("http_timeout"),
        Err(_) => return Err("connection_failed"),
    };
    let body = &body[..body.len().min(64 * 1024)];
    Ok((status, String::from_utf8_lossy(body).into_owned(), no_retry))
}

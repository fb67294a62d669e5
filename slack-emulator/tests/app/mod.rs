//! A small app on loopback for the events tests: it records every request (headers and
//! raw body) and answers as the test says (after a delay, with a status and a body).
#![allow(dead_code)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

/// A request the app received.
#[derive(Clone, Debug)]
pub struct Received {
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Received {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }
}

/// How the app answers its `n`th request (from 0): wait, status, body.
pub type Answer = dyn Fn(&Received, usize) -> (Duration, u16, String) + Send + Sync;

#[derive(Clone)]
struct AppState {
    received: Arc<Mutex<Vec<Received>>>,
    answer: Arc<Answer>,
}

pub struct TestApp {
    pub url: String,
    received: Arc<Mutex<Vec<Received>>>,
}

impl TestApp {
    /// An app answering `url_verification` with its challenge and everything else `200`.
    pub async fn start() -> Self {
        Self::answering(|request, _| (Duration::ZERO, 200, challenge(request))).await
    }

    pub async fn answering(
        answer: impl Fn(&Received, usize) -> (Duration, u16, String) + Send + Sync + 'static,
    ) -> Self {
        let received = Arc::new(Mutex::new(Vec::new()));
        let state = AppState {
            received: received.clone(),
            answer: Arc::new(answer),
        };
        let app = axum::Router::new()
            .route("/slack/events", axum::routing::post(receive))
            .with_state(state);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/slack/events", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await });
        TestApp { url, received }
    }

    pub fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }

    /// Waits (up to 10 s) until `done` holds for the requests received; they are returned.
    pub async fn wait_for(&self, done: impl Fn(&[Received]) -> bool) -> Vec<Received> {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        loop {
            let received = self.received();
            if done(&received) {
                return received;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "not received in time: {received:#?}"
            );
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }

    /// The `event_callback` payloads received, in order.
    pub fn events(&self) -> Vec<Value> {
        self.received()
            .iter()
            .map(Received::json)
            .filter(|p| p["type"] == "event_callback")
            .collect()
    }

    /// Waits until an event of `kind` (its `type`, or `message/<subtype>`) arrived.
    pub async fn wait_event(&self, kind: &str) -> Value {
        let found = |all: &[Received]| {
            all.iter()
                .map(Received::json)
                .find(|p| p["type"] == "event_callback" && event_kind(&p["event"]) == kind)
        };
        let received = self.wait_for(|all| found(all).is_some()).await;
        found(&received).unwrap()
    }
}

/// An event's `type`, with its subtype: `message/message_changed`.
pub fn event_kind(event: &Value) -> String {
    match event["subtype"].as_str() {
        Some(subtype) => format!("{}/{subtype}", event["type"].as_str().unwrap_or("")),
        None => event["type"].as_str().unwrap_or("").to_owned(),
    }
}

/// The challenge of a `url_verification` request, else empty.
pub fn challenge(request: &Received) -> String {
    let body = request.json();
    if body["type"] == "url_verification" {
        body["challenge"].as_str().unwrap_or("").to_owned()
    } else {
        String::new()
    }
}

async fn receive(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let request = Received { headers, body };
    let n = {
        let mut all = state.received.lock().unwrap();
        all.push(request.clone());
        all.len() - 1
    };
    let (wait, status, body) = (state.answer)(&request, n);
    tokio::time::sleep(wait).await;
    let status = StatusCode::from_u16(status).unwrap();
    (status, [("content-type", "application/json")], body).into_response()
}

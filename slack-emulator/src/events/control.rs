//! The test's side of events: the app's configuration, its Request URL (accepted once it
//! answers `url_verification`), the delivery times, and the deliveries made.

use serde_json::{json, Value};

use super::http::Post;
use super::{App, Delivery, DeliveryTimes, UrlVerificationError};
use crate::serve::Shared;
use crate::Emulator;

impl Emulator {
    /// The app installed in the workspace (see [`App`]).
    pub fn app(&self) -> App {
        self.with_workspace(|ws| ws.app.clone())
    }

    /// Changes the app: its subscriptions, Socket Mode, Request URL (set this way, it is
    /// not verified: see [`set_request_url`](Self::set_request_url)), signing secret.
    ///
    /// ```no_run
    /// # fn f(emulator: &slack_emulator::Emulator) {
    /// emulator.configure_app(|app| {
    ///     app.events.remove("message.channels");
    ///     app.socket_mode = false;
    /// });
    /// # }
    /// ```
    pub fn configure_app(&self, f: impl FnOnce(&mut App)) {
        self.with_workspace(|ws| f(&mut ws.app));
    }

    /// Sets the app's Request URL as Slack's app settings do: only once it answers the
    /// `url_verification` challenge (signed, as every request to it).
    pub async fn set_request_url(&self, url: &str) -> Result<(), UrlVerificationError> {
        set_request_url(&self.shared, url).await
    }

    /// The deliveries to the app so far (the last 10,000), oldest first: every try over
    /// HTTP, every envelope pushed over Socket Mode.
    pub fn deliveries(&self) -> Vec<Delivery> {
        self.shared.events.deliveries()
    }

    /// Sets how long the app has to answer and when retries come (Slack's unless set):
    /// [`DeliveryTimes::scaled`] for a test.
    pub fn set_delivery_times(&self, times: DeliveryTimes) {
        self.shared.events.set_times(times);
    }
}

/// Sends `url_verification` to `url`; sets it as the Request URL if the answer holds the
/// challenge (as text, as JSON `{"challenge"}` or as a form field).
pub(crate) async fn set_request_url(
    shared: &Shared,
    url: &str,
) -> Result<(), UrlVerificationError> {
    let app = shared
        .workspace
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .app
        .clone();
    let n = shared.events.next_id();
    let challenge = format!("{:016x}", n.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ 0x5eed);
    let payload = json!({
        "token": app.verification_token, "challenge": challenge, "type": "url_verification",
    });
    let body = payload.to_string().into_bytes();
    let post = Post::json(url, &app.signing_secret, body, payload);
    let timeout = shared.events.times().timeout;
    match shared.events.try_once(&post, 0, None, timeout).await {
        Err(reason) => Err(UrlVerificationError::NoAnswer(reason.to_owned())),
        Ok((status, ..)) if !(200..300).contains(&status) => {
            Err(UrlVerificationError::Status(status))
        }
        Ok((_, body, _)) if !answers(&body, &challenge) => {
            Err(UrlVerificationError::WrongChallenge)
        }
        Ok(_) => {
            let mut ws = shared.workspace.lock().unwrap_or_else(|e| e.into_inner());
            ws.app.request_url = Some(url.to_owned());
            Ok(())
        }
    }
}

/// Whether an answer to `url_verification` holds `challenge`.
fn answers(body: &str, challenge: &str) -> bool {
    let body = body.trim();
    if body == challenge {
        return true;
    }
    if let Ok(Value::Object(json)) = serde_json::from_str::<Value>(body) {
        return json.get("challenge").and_then(Value::as_str) == Some(challenge);
    }
    body.split('&')
        .any(|pair| pair == format!("challenge={challenge}"))
}

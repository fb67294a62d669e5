//! The app's reply to an interaction or a slash command, carried from the handler to the
//! HTTP response while the server waits for it (Slack waits 3 seconds).

use std::future::Future;
use std::pin::Pin;
use std::sync::{Mutex, PoisonError};
use std::task::{Context, Poll};

use tokio::sync::oneshot;

use crate::response::Response;

/// The app's end: kept in the [`Incoming`](crate::Incoming), used by `respond`.
#[derive(Debug)]
pub(crate) struct Reply(Mutex<Option<oneshot::Sender<Response>>>);

impl Reply {
    /// A reply channel: the app's end and the server's.
    pub(crate) fn channel() -> (Reply, PendingReply) {
        let (sender, receiver) = oneshot::channel();
        (Reply(Mutex::new(Some(sender))), PendingReply(receiver))
    }

    /// Sends the reply once; `false` if one was sent already or nobody waits any more.
    pub(crate) fn send(&self, response: Response) -> bool {
        let sender = self.0.lock().unwrap_or_else(PoisonError::into_inner).take();
        sender.is_some_and(|sender| sender.send(response).is_ok())
    }
}

/// The server's end: a future of the app's response, `None` once the app has dropped the
/// [`Incoming`](crate::Incoming) without responding. Await it with a deadline (the axum
/// adapter uses [`Receiver::reply_deadline`](crate::Receiver::reply_deadline)) and send
/// the fallback [`Received::response`](crate::Received::response) if it does not come.
#[derive(Debug)]
pub struct PendingReply(oneshot::Receiver<Response>);

impl Future for PendingReply {
    type Output = Option<Response>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        Pin::new(&mut self.0).poll(cx).map(Result::ok)
    }
}

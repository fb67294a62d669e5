//! The axum 0.8 adapter (feature `axum`): an endpoint that reads the body up to the
//! receiver's limit, answers at once, and runs the app's handler on its own task so that
//! Slack's 3-second acknowledgement never waits for it.

use std::future::{poll_fn, Future};
use std::pin::Pin;
use std::sync::Arc;

use ::axum::body::{Body, HttpBody};
use ::axum::extract::Request;
use ::axum::http::{header, HeaderMap, HeaderName, HeaderValue, StatusCode};
use ::axum::routing::any;
use ::axum::Router;

use crate::incoming::Incoming;
use crate::receiver::{Received, Receiver};
use crate::response::Response;

/// A router serving Slack's requests at `path` (any method: others than `POST` get `405`).
///
/// Each verified item is handed to `handler` on a task of its own (`tokio::spawn`), after
/// the answer is decided: events are acknowledged at once; for an interaction or a slash
/// command the answer waits for [`Incoming::respond`] up to
/// [`Receiver::reply_deadline`], then goes as an empty `200`.
///
/// Panics as [`Router::route`] does if `path` is not a valid route (it must start with
/// `/`).
pub fn router<H, F>(path: &str, receiver: Receiver, handler: H) -> Router
where
    H: Fn(Incoming) -> F + Send + Sync + 'static,
    F: Future<Output = ()> + Send + 'static,
{
    let receiver = Arc::new(receiver);
    let handler = Arc::new(handler);
    Router::new().route(
        path,
        any(move |request: Request| {
            let (receiver, handler) = (receiver.clone(), handler.clone());
            async move { handle(&receiver, &*handler, request).await }
        }),
    )
}

/// Serves one request: for an axum handler of one's own (with state, extractors…).
pub async fn handle<H, F>(
    receiver: &Receiver,
    handler: &H,
    request: Request,
) -> ::axum::response::Response
where
    H: Fn(Incoming) -> F + ?Sized,
    F: Future<Output = ()> + Send + 'static,
{
    let (parts, body) = request.into_parts();
    let bytes = match read_body(&parts.headers, body, receiver.max_body()).await {
        Ok(bytes) => bytes,
        Err(response) => return into_axum(response),
    };
    let Received {
        response,
        incoming,
        reply,
        ..
    } = receiver
        .receive_async(parts.method.as_str(), &parts.headers, &bytes)
        .await;
    if let Some(incoming) = incoming {
        tokio::spawn(handler(incoming));
    }
    let response = match reply {
        Some(pending) => match tokio::time::timeout(receiver.reply_deadline(), pending).await {
            Ok(Some(reply)) => reply,
            _ => response,
        },
        None => response,
    };
    into_axum(response)
}

/// The body, refused with `413` once it passes `max` bytes: at once when its
/// `Content-Length` says so, else as soon as the bytes read pass it.
async fn read_body(headers: &HeaderMap, mut body: Body, max: usize) -> Result<Vec<u8>, Response> {
    let too_large = || Response::refuse(413, "the body is too large");
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|length| length > max as u64) {
        return Err(too_large());
    }
    let mut bytes = Vec::with_capacity(declared.map_or(0, |length| length as usize));
    while let Some(frame) = poll_fn(|cx| Pin::new(&mut body).poll_frame(cx)).await {
        let Ok(frame) = frame else {
            return Err(Response::refuse(400, "the body could not be read"));
        };
        if let Ok(data) = frame.into_data() {
            if bytes.len() + data.len() > max {
                return Err(too_large());
            }
            bytes.extend_from_slice(&data);
        }
    }
    Ok(bytes)
}

fn into_axum(response: Response) -> ::axum::response::Response {
    let mut out = ::axum::response::Response::new(Body::from(response.body));
    *out.status_mut() =
        StatusCode::from_u16(response.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let headers = out.headers_mut();
    if let Some(value) = response
        .content_type
        .and_then(|value| HeaderValue::from_str(value).ok())
    {
        headers.insert(header::CONTENT_TYPE, value);
    }
    for (name, value) in response.headers {
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            headers.append(name, value);
        }
    }
    out
}

//! The install and redirect handlers on axum (feature `axum`).
//!
//! ```no_run
//! # async fn run(installer: slack_oauth::Installer) -> std::io::Result<()> {
//! let app = slack_oauth::axum::routes(std::sync::Arc::new(installer));
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
//! axum::serve(listener, app).await
//! # }
//! ```

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use crate::{Error, Installer};

/// `GET /slack/install` redirects to Slack's authorize page with a fresh state;
/// `GET /slack/oauth_redirect` checks the state, exchanges the code, stores the
/// installation and answers a small success or failure page: `400` for a refused state or
/// a denied install, `503` when the state store failed (the state is refused), `502` when
/// the exchange or the installation store failed.
pub fn routes(installer: Arc<Installer>) -> Router {
    Router::new()
        .route("/slack/install", get(install))
        .route("/slack/oauth_redirect", get(redirect))
        .with_state(installer)
}

async fn install(State(installer): State<Arc<Installer>>) -> Response {
    match installer.install_url() {
        Ok(url) => (StatusCode::FOUND, [(header::LOCATION, url)]).into_response(),
        Err(e) => page(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Cannot start the install",
            &e,
        ),
    }
}

async fn redirect(
    State(installer): State<Arc<Installer>>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let outcome = match (query.get("code"), query.get("state"), query.get("error")) {
        (_, _, Some(error)) => Err(Error::Denied(error.clone())),
        (Some(code), Some(state), None) => installer.callback(code, state).await,
        _ => Err(Error::State(crate::StateError::Malformed)),
    };
    match outcome {
        Ok(_) => (
            StatusCode::OK,
            Html("<!doctype html><title>Installed</title><p>The app is installed. You can close this page.</p>"),
        )
            .into_response(),
        // The state could not be checked (its store is down): refused, and worth a retry.
        Err(e @ Error::State(crate::StateError::Store(_))) => {
            page(StatusCode::SERVICE_UNAVAILABLE, "The app was not installed", &e)
        }
        Err(e @ (Error::State(_) | Error::Denied(_))) => {
            page(StatusCode::BAD_REQUEST, "The app was not installed", &e)
        }
        Err(e) => page(StatusCode::BAD_GATEWAY, "The app was not installed", &e),
    }
}

/// A failure page: the error's text, HTML-escaped (it holds no secret).
fn page(status: StatusCode, title: &str, error: &Error) -> Response {
    let text: String = error
        .to_string()
        .chars()
        .map(|c| match c {
            '<' => "&lt;".to_owned(),
            '>' => "&gt;".to_owned(),
            '&' => "&amp;".to_owned(),
            '"' => "&quot;".to_owned(),
            c => c.to_string(),
        })
        .collect();
    let body = format!("<!doctype html><title>{title}</title><p>{title}: {text}</p>");
    (status, Html(body)).into_response()
}

//! The seed's `app:` key: the installed app's subscriptions, how it receives events, and
//! what OAuth installs (its credentials and token rotation).

use super::read::{self, Obj};
use super::SeedError;
use crate::workspace::Workspace;

pub const KEYS: &[&str] = &[
    "events",
    "socket_mode",
    "request_url",
    "signing_secret",
    "client_id",
    "client_secret",
    "token_rotation",
    "token_lifetime",
];

/// `events` (Slack's event names: `message.channels`, `app_mention`, …), `socket_mode`
/// (default true), `request_url` (`http://…`; not verified at start), `signing_secret`;
/// then OAuth's keys ([`oauth`]).
pub fn read(ws: &mut Workspace, app: &Obj<'_>) -> Result<(), SeedError> {
    events(ws, app)?;
    oauth(ws, app)
}

fn events(ws: &mut Workspace, app: &Obj<'_>) -> Result<(), SeedError> {
    if app.get("events").is_some() {
        let mut events = std::collections::BTreeSet::new();
        for (path, node) in app.list("events")? {
            let name = read::text(node, &path)?;
            let valid = !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._".contains(c));
            if !valid {
                let message = format!("`{name}`: an event name is like `message.channels`");
                return Err(SeedError::at(node.line, &path, message));
            }
            events.insert(name.to_owned());
        }
        ws.app.events = events;
    }
    if app.get("socket_mode").is_some() {
        ws.app.socket_mode = app.flag("socket_mode")?;
    }
    if let Some(url) = app.text("request_url")? {
        if !url.starts_with("http://") && !url.starts_with("https://") {
            let message = "a Request URL is an `http://` or `https://` URL";
            return Err(SeedError::at(app.line, &app.path("request_url"), message));
        }
        ws.app.request_url = Some(url.to_owned());
    }
    if let Some(secret) = app.text("signing_secret")? {
        if secret.is_empty() {
            let message = "a signing secret is not empty";
            return Err(SeedError::at(
                app.line,
                &app.path("signing_secret"),
                message,
            ));
        }
        ws.app.signing_secret = secret.to_owned();
    }
    Ok(())
}

/// What OAuth installs: `client_id`, `client_secret`, `token_rotation` (default false),
/// `token_lifetime` (seconds, at least 1).
fn oauth(ws: &mut Workspace, app: &Obj<'_>) -> Result<(), SeedError> {
    if let Some(id) = app.text("client_id")? {
        ws.app.client_id = id.to_owned();
    }
    if let Some(secret) = app.text("client_secret")? {
        ws.app.client_secret = secret.to_owned();
    }
    ws.app.token_rotation = app.flag("token_rotation")?;
    if let Some(seconds) = app.number("token_lifetime")? {
        if seconds < 1 {
            let message = "a token lives at least 1 second";
            let path = app.path("token_lifetime");
            return Err(SeedError::at(app.line, &path, message));
        }
        ws.app.token_lifetime = seconds as u64;
    }
    Ok(())
}

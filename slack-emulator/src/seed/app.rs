//! The seed's `app:` key: the installed app's subscriptions and how it receives events.

use super::read::{self, Obj};
use super::SeedError;
use crate::workspace::Workspace;

pub const KEYS: &[&str] = &["events", "socket_mode", "request_url", "signing_secret"];

/// `events` (Slack's event names: `message.channels`, `app_mention`, …), `socket_mode`
/// (default true), `request_url` (`http://…`; not verified at start), `signing_secret`.
pub fn read(ws: &mut Workspace, app: &Obj<'_>) -> Result<(), SeedError> {
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

//! Reading a verified body: JSON for the Events API, a form for interactivity and slash
//! commands. Nothing here is reached before the signature has been checked.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::headers::Headers;
use crate::incoming::{EventCallback, Kind};

/// What a verified body asks for.
#[derive(Debug)]
pub(crate) enum Parsed {
    /// `url_verification`: answer with this challenge, nothing for the app.
    Challenge(String),
    /// A request for the app.
    Item(Kind),
    /// Acknowledge, nothing for the app (a slash command's `ssl_check`).
    Ack,
    /// Not a request Slack sends: why.
    Invalid(&'static str),
}

pub(crate) fn parse<H: Headers + ?Sized>(headers: &H, body: &[u8]) -> Parsed {
    if is_json(headers, body) {
        match serde_json::from_slice(body) {
            Ok(json) => parse_json(json),
            Err(_) => Parsed::Invalid("the body is not JSON"),
        }
    } else {
        parse_form(body)
    }
}

/// By `Content-Type`; without one, a body that starts with `{` is JSON.
fn is_json<H: Headers + ?Sized>(headers: &H, body: &[u8]) -> bool {
    match headers.header_str("content-type") {
        Some(content_type) => {
            let essence = content_type.split(';').next().unwrap_or("").trim();
            essence.eq_ignore_ascii_case("application/json")
        }
        None => body.trim_ascii_start().starts_with(b"{"),
    }
}

fn parse_json(json: Value) -> Parsed {
    let Some(kind) = json.get("type").and_then(Value::as_str) else {
        return Parsed::Invalid("the JSON body has no type");
    };
    match kind {
        "url_verification" => match json.get("challenge").and_then(Value::as_str) {
            Some(challenge) => Parsed::Challenge(challenge.to_owned()),
            None => Parsed::Invalid("url_verification without a challenge"),
        },
        _ => Parsed::Item(json_kind(json)),
    }
}

/// An Events API body as an item for the app: `event_callback`, `app_rate_limited`, or
/// another type kept as it came (also what Socket Mode's `events_api` envelopes carry).
pub(crate) fn json_kind(json: Value) -> Kind {
    match json.get("type").and_then(Value::as_str) {
        Some("event_callback") => Kind::Event(EventCallback {
            event_id: json
                .get("event_id")
                .and_then(Value::as_str)
                .map(str::to_owned),
            event_time: json.get("event_time").and_then(Value::as_i64),
            envelope: json,
        }),
        Some("app_rate_limited") => Kind::AppRateLimited(json),
        _ => Kind::Other(json),
    }
}

fn parse_form(body: &[u8]) -> Parsed {
    let fields: BTreeMap<String, String> = form_urlencoded::parse(body).into_owned().collect();
    if let Some(payload) = fields.get("payload") {
        match serde_json::from_str(payload) {
            Ok(json @ Value::Object(_)) => Parsed::Item(Kind::Interaction(json)),
            _ => Parsed::Invalid("the payload field is not a JSON object"),
        }
    } else if fields.contains_key("command") {
        Parsed::Item(Kind::SlashCommand(fields))
    } else if fields.get("ssl_check").is_some_and(|check| check == "1") {
        Parsed::Ack
    } else {
        Parsed::Invalid("the form has neither payload nor command")
    }
}

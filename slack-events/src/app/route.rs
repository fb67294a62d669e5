//! What a handler is registered for, matched against the item's JSON as Slack sent it.

use std::fmt;
use std::sync::Arc;

use serde_json::Value;

/// A predicate on a message's text, for [`App::message`](super::App::message): a `&str`
/// or `String` matches a text that contains it (as Bolt's `app.message("hello")`).
#[derive(Clone)]
pub struct Pattern(Arc<dyn Fn(&str) -> bool + Send + Sync>);

impl Pattern {
    /// A text that contains `needle`.
    pub fn contains(needle: impl Into<String>) -> Self {
        let needle = needle.into();
        Pattern::matching(move |text| text.contains(needle.as_str()))
    }

    /// A text that starts with `prefix` (a command word: `!deploy`).
    pub fn starts_with(prefix: impl Into<String>) -> Self {
        let prefix = prefix.into();
        Pattern::matching(move |text| text.starts_with(prefix.as_str()))
    }

    /// Any message, whatever its text (or none).
    pub fn any() -> Self {
        Pattern::matching(|_| true)
    }

    /// A text for which `predicate` is true.
    pub fn matching(predicate: impl Fn(&str) -> bool + Send + Sync + 'static) -> Self {
        Pattern(Arc::new(predicate))
    }

    /// Whether `text` matches.
    pub fn matches(&self, text: &str) -> bool {
        (self.0)(text)
    }
}

impl fmt::Debug for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Pattern(..)")
    }
}

impl From<&str> for Pattern {
    fn from(needle: &str) -> Self {
        Pattern::contains(needle)
    }
}

impl From<String> for Pattern {
    fn from(needle: String) -> Self {
        Pattern::contains(needle)
    }
}

/// Which block action (or options request) a handler takes, for
/// [`App::action`](super::App::action) and [`App::options`](super::App::options): a
/// `&str` or `String` is an `action_id`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selector {
    action_id: Option<String>,
    block_id: Option<String>,
}

impl Selector {
    /// The element with this `action_id`.
    pub fn action_id(action_id: impl Into<String>) -> Self {
        Selector {
            action_id: Some(action_id.into()),
            block_id: None,
        }
    }

    /// Any element of the block with this `block_id`.
    pub fn block_id(block_id: impl Into<String>) -> Self {
        Selector {
            action_id: None,
            block_id: Some(block_id.into()),
        }
    }

    /// Also requires this `block_id`.
    pub fn in_block(mut self, block_id: impl Into<String>) -> Self {
        self.block_id = Some(block_id.into());
        self
    }

    /// Whether an action (or a `block_suggestion` payload) with these ids is selected.
    pub fn matches(&self, json: &Value) -> bool {
        let field = |name: &str| json.get(name).and_then(Value::as_str);
        let fits = |want: &Option<String>, name: &str| {
            want.as_deref().is_none_or(|want| field(name) == Some(want))
        };
        fits(&self.action_id, "action_id") && fits(&self.block_id, "block_id")
    }
}

impl From<&str> for Selector {
    fn from(action_id: &str) -> Self {
        Selector::action_id(action_id)
    }
}

impl From<String> for Selector {
    fn from(action_id: String) -> Self {
        Selector::action_id(action_id)
    }
}

/// What a route takes, checked on the item's JSON before anything is decoded.
#[derive(Debug, Clone)]
pub(super) enum Matcher {
    /// An event of this `type`; for `message`, a text the pattern takes.
    Event(&'static str, Option<Pattern>),
    /// A `block_actions` payload with an action the selector takes.
    Action(Selector),
    /// A `block_suggestion` payload the selector takes.
    Options(Selector),
    /// An interaction of this `type` (`view_submission`, `shortcut`, …) with this
    /// `callback_id` (a view's, for view payloads).
    Callback(&'static str, String),
    /// A slash command by its name (`/echo`).
    Command(String),
}

/// The item as the router sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Shape {
    Event,
    Interaction,
    Command,
}

impl Matcher {
    /// A short description, for logs: `event message`, `action approve`, `command /echo`.
    pub(super) fn name(&self) -> String {
        let selector = |s: &Selector| {
            let ids = [s.action_id.as_deref(), s.block_id.as_deref()];
            ids.into_iter().flatten().collect::<Vec<_>>().join("/")
        };
        match self {
            Matcher::Event(tag, _) => format!("event {tag}"),
            Matcher::Action(s) => format!("action {}", selector(s)),
            Matcher::Options(s) => format!("options {}", selector(s)),
            Matcher::Callback(kind, id) => format!("{kind} {id}"),
            Matcher::Command(name) => format!("command {name}"),
        }
    }

    /// Whether the route takes the item; for a block action, the index of the first action
    /// it takes.
    pub(super) fn hit(&self, shape: Shape, json: &Value) -> Option<Option<usize>> {
        let text =
            |json: &Value, key: &str| json.get(key).and_then(Value::as_str).map(str::to_owned);
        let kind = text(json, "type");
        match (self, shape) {
            (Matcher::Event(tag, pattern), Shape::Event) => {
                let event = json.get("event")?;
                (text(event, "type").as_deref() == Some(tag)).then_some(())?;
                let body = text(event, "text").unwrap_or_default();
                pattern
                    .as_ref()
                    .is_none_or(|p| p.matches(&body))
                    .then_some(None)
            }
            (Matcher::Action(selector), Shape::Interaction) => {
                (kind.as_deref() == Some("block_actions")).then_some(())?;
                let actions = json.get("actions")?.as_array()?;
                actions.iter().position(|a| selector.matches(a)).map(Some)
            }
            (Matcher::Options(selector), Shape::Interaction) => {
                let fits = kind.as_deref() == Some("block_suggestion") && selector.matches(json);
                fits.then_some(None)
            }
            (Matcher::Callback(want, id), Shape::Interaction) => {
                (kind.as_deref() == Some(*want)).then_some(())?;
                let callback =
                    text(json, "callback_id").or_else(|| text(json.get("view")?, "callback_id"));
                (callback.as_deref() == Some(id.as_str())).then_some(None)
            }
            (Matcher::Command(name), Shape::Command) => {
                (text(json, "command").as_deref() == Some(name.as_str())).then_some(None)
            }
            _ => None,
        }
    }
}

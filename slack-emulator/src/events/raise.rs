//! What behaviours raise as they change the workspace: events for the app (sent once the
//! call is done, by `flush`), and the messages posted into each channel (`Channel::post`),
//! from which the `message` and `app_mention` events are made.

use serde_json::{json, Map, Value};

use crate::workspace::{Channel, Workspace};

/// An event raised by a change, not yet sent.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Raised {
    /// The event (`type`, its fields, `event_ts`).
    pub event: Map<String, Value>,
    /// The channel it happened in, when only its members see it (the app's bot must be
    /// one); `None`: the whole workspace sees it (a public channel created, renamed, …).
    pub channel: Option<String>,
}

impl Workspace {
    /// Raises `event` (an object with its `type`); `event_ts` is added when missing.
    /// `channel`: only members of this channel see it.
    pub(crate) fn raise(&mut self, event: Value, channel: Option<&str>) {
        let Value::Object(mut event) = event else {
            return;
        };
        if !event.contains_key("event_ts") {
            event.insert("event_ts".into(), json!(self.new_ts()));
        }
        self.outbox.push(Raised {
            event,
            channel: channel.map(str::to_owned),
        });
    }

    /// A channel event for `channel_id` by `user`: `channel_*` for a public channel
    /// (seen by everyone), `group_*` for a private one (seen by its members).
    pub(crate) fn raise_channel(&mut self, change: &str, channel_id: &str, mut event: Value) {
        let private = self
            .channel(channel_id)
            .is_some_and(|c| c.info.get("is_private") == Some(&json!(true)));
        let prefix = if private { "group" } else { "channel" };
        event["type"] = json!(format!("{prefix}_{change}"));
        self.raise(event, private.then_some(channel_id));
    }

    /// `member_joined_channel` or `member_left_channel` (`joined`) for `user`, `by` another
    /// (the inviter, or who removed them); when the bot is removed, also `channel_left` or
    /// `group_left`, which it gets though no longer a member.
    pub(crate) fn raise_member(
        &mut self,
        joined: bool,
        channel_id: &str,
        user: &str,
        by: Option<&str>,
    ) {
        let kind = if joined {
            "member_joined_channel"
        } else {
            "member_left_channel"
        };
        let private = self
            .channel(channel_id)
            .is_some_and(|c| c.info.get("is_private") == Some(&json!(true)));
        let mut event = json!({
            "type": kind, "user": user, "channel": channel_id,
            "channel_type": if private { "G" } else { "C" }, "team": crate::TEAM_ID,
        });
        if let (true, Some(inviter)) = (joined, by) {
            event["inviter"] = json!(inviter);
        }
        self.raise(event, Some(channel_id));
        if !joined && user == self.bot.1 {
            let kind = if private {
                "group_left"
            } else {
                "channel_left"
            };
            let actor = by.unwrap_or(user);
            let left = json!({"type": kind, "channel": channel_id, "actor_id": actor});
            self.raise(left, None);
        }
    }
}

impl Channel {
    /// Posts `message` (at the end) and keeps it for its `message` event.
    pub(crate) fn post(&mut self, message: Map<String, Value>) {
        self.fresh.push(message.clone());
        self.messages.push(message);
    }

    /// Posts `message` where its `ts` puts it, and keeps it for its `message` event.
    pub(crate) fn post_in_order(&mut self, message: Map<String, Value>) {
        self.fresh.push(message.clone());
        self.insert_in_order(message);
    }

    /// `channel`, `group`, `im` or `mpim`: a message event's `channel_type`.
    pub(crate) fn channel_type(&self) -> &'static str {
        let is = |key: &str| self.info.get(key) == Some(&Value::Bool(true));
        if is("is_im") {
            "im"
        } else if is("is_mpim") {
            "mpim"
        } else if is("is_private") {
            "group"
        } else {
            "channel"
        }
    }
}

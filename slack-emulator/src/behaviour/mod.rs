//! The methods the emulator runs against its workspace, so that what one call does shows
//! up in the next: one function per method, found by name in [`find`]. A method without
//! one answers its spec's minimal response (see `serve`). Arguments arrive already checked
//! against the method's metadata (types, required ones).

use serde_json::Value;
use slack_api::{ParamValue, Params};

use crate::auth::Credential;
use crate::reply::{Failure, Outcome};
use crate::workspace::{Channel, Workspace};

mod bookmarks;
mod bots;
mod chat;
mod conversations;
mod dms;
mod emoji;
mod files;
mod pins;
mod reactions;
mod scheduled;
mod search;
mod system;
mod team;
mod usergroups;
mod users;
mod views;

/// One call, as a behaviour sees it.
pub struct Call<'a> {
    pub params: &'a Params<'static>,
    pub who: &'a Credential,
}

impl Call<'_> {
    pub fn text(&self, name: &str) -> Option<&str> {
        self.params.get(name).and_then(ParamValue::as_str)
    }

    pub fn flag(&self, name: &str) -> bool {
        match self.params.get(name) {
            Some(ParamValue::Bool(b)) => *b,
            Some(other) => matches!(other.as_str(), Some("true" | "1")),
            None => false,
        }
    }

    pub fn number(&self, name: &str) -> Option<i64> {
        match self.params.get(name) {
            Some(ParamValue::Int(n)) => Some(*n),
            Some(other) => other.as_str().and_then(|s| s.parse().ok()),
            None => None,
        }
    }

    /// A required argument (the metadata has made sure it came).
    pub fn required(&self, name: &str) -> &str {
        self.text(name).unwrap_or("")
    }
}

pub use files::receive_upload;
// For seeds (seed.rs): Slack's channel names, and a thread's parent after a reply.
pub(crate) use chat::add_reply;
pub(crate) use conversations::check_name;
// For interactions (interact/): views as stored and as shown.
pub(crate) use views::{shown as shown_view, stored as stored_view};

/// A method's behaviour.
pub type Behaviour = fn(&mut Workspace, &Call<'_>) -> Outcome;

/// The behaviour of a method, if the emulator has one.
pub fn find(method: &str) -> Option<Behaviour> {
    Some(match method {
        "auth.test" => team::auth_test,
        "team.info" => team::team_info,
        "users.info" => users::info,
        "users.list" => users::list,
        "users.lookupByEmail" => users::lookup_by_email,
        "users.conversations" => users::conversations,
        "users.getPresence" => users::get_presence,
        "users.setPresence" => users::set_presence,
        "users.profile.get" => users::profile_get,
        "users.profile.set" => users::profile_set,
        "conversations.list" => conversations::list,
        "conversations.info" => conversations::info,
        "conversations.create" => conversations::create,
        "conversations.join" => conversations::join,
        "conversations.members" => conversations::members,
        "conversations.history" => conversations::history,
        "conversations.replies" => conversations::replies,
        "conversations.archive" => conversations::archive,
        "conversations.unarchive" => conversations::unarchive,
        "conversations.rename" => conversations::rename,
        "conversations.invite" => conversations::invite,
        "conversations.kick" => conversations::kick,
        "conversations.leave" => conversations::leave,
        "conversations.open" => dms::open,
        "conversations.close" => dms::close,
        "conversations.setTopic" => conversations::set_topic,
        "conversations.setPurpose" => conversations::set_purpose,
        "conversations.mark" => conversations::mark,
        "chat.postMessage" => chat::post_message,
        "blocks.validate" => crate::blockkit::validate,
        "chat.update" => chat::update,
        "chat.delete" => chat::delete,
        "files.getUploadURLExternal" => files::get_upload_url_external,
        "files.completeUploadExternal" => files::complete_upload_external,
        "files.info" => files::info,
        "files.list" => files::list,
        "files.delete" => files::delete,
        "chat.postEphemeral" => chat::post_ephemeral,
        "chat.meMessage" => chat::me_message,
        "chat.getPermalink" => chat::get_permalink,
        "chat.scheduleMessage" => scheduled::schedule_message,
        "chat.scheduledMessages.list" => scheduled::list,
        "chat.deleteScheduledMessage" => scheduled::delete,
        "reactions.add" => reactions::add,
        "reactions.remove" => reactions::remove,
        "reactions.get" => reactions::get,
        "reactions.list" => reactions::list,
        "pins.add" => pins::add,
        "pins.remove" => pins::remove,
        "pins.list" => pins::list,
        "bookmarks.add" => bookmarks::add,
        "bookmarks.edit" => bookmarks::edit,
        "bookmarks.remove" => bookmarks::remove,
        "bookmarks.list" => bookmarks::list,
        "usergroups.create" => usergroups::create,
        "usergroups.list" => usergroups::list,
        "usergroups.update" => usergroups::update,
        "usergroups.disable" => usergroups::disable,
        "usergroups.enable" => usergroups::enable,
        "usergroups.users.list" => usergroups::users_list,
        "usergroups.users.update" => usergroups::users_update,
        "views.open" => views::open,
        "views.push" => views::push,
        "views.update" => views::update,
        "views.publish" => views::publish,
        "emoji.list" => emoji::list,
        "bots.info" => bots::info,
        "search.messages" => search::messages,
        _ => return None,
    })
}

/// The channel named by the `channel` argument, if the caller may see it (a private one
/// only its members may: see [`Channel::visible_to`]).
pub fn channel<'w>(ws: &'w mut Workspace, call: &Call<'_>) -> Result<&'w mut Channel, Failure> {
    ws.channel_mut(call.required("channel"))
        .filter(|c| c.visible_to(&call.who.user_id))
        .ok_or_else(|| Failure::new("channel_not_found"))
}

/// One page of `all` by the call's `cursor` and `limit` (default 100, at most 1000), and
/// the next page's cursor (empty on the last page).
pub fn page(all: Vec<Value>, call: &Call<'_>) -> Result<(Vec<Value>, String), Failure> {
    let start = match call.text("cursor").filter(|c| !c.is_empty()) {
        None => 0,
        Some(cursor) => cursor
            .strip_prefix("emu_")
            .and_then(|n| n.parse::<usize>().ok())
            .filter(|n| *n <= all.len())
            .ok_or_else(|| Failure::new("invalid_cursor"))?,
    };
    let limit = call
        .number("limit")
        .filter(|n| *n > 0)
        .unwrap_or(100)
        .min(1000) as usize;
    let end = (start + limit).min(all.len());
    let next = if end < all.len() {
        format!("emu_{end}")
    } else {
        String::new()
    };
    Ok((all[start..end].to_vec(), next))
}

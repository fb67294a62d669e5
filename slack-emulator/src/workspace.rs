//! The emulated workspace, in memory: its team, users, channels and their messages, with
//! ids and timestamps shaped like Slack's. Records are the JSON objects the methods return.

use std::collections::{BTreeMap, BTreeSet};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

/// One channel: what `conversations.info` returns, its members, and its messages in `ts`
/// order (replies included; a reply has `thread_ts`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Channel {
    pub info: Map<String, Value>,
    pub members: BTreeSet<String>,
    pub messages: Vec<Map<String, Value>>,
    /// Each member's read cursor (`conversations.mark`): `last_read` in their view.
    pub last_read: BTreeMap<String, String>,
    /// Members who closed this DM (`conversations.close`): `is_open` false in their view.
    pub closed: BTreeSet<String>,
    /// Messages posted since the last call ended, for their events (`events/raise.rs`).
    #[serde(skip)]
    pub(crate) fresh: Vec<Map<String, Value>>,
}

impl Channel {
    pub fn id(&self) -> &str {
        self.info.get("id").and_then(Value::as_str).unwrap_or("")
    }

    /// Whether `user` may see it: a public channel anyone may, a private channel, a DM or a
    /// group DM only its members (to anyone else it does not exist: `channel_not_found`).
    pub fn visible_to(&self, user: &str) -> bool {
        let is = |key: &str| self.info.get(key) == Some(&Value::Bool(true));
        let public = !is("is_private") && !is("is_im") && !is("is_mpim");
        public || self.members.contains(user)
    }

    pub fn is_archived(&self) -> bool {
        self.info.get("is_archived") == Some(&Value::Bool(true))
    }

    /// `conversations.info`'s object, with `num_members` and, for `user`, `is_member`.
    pub fn view(&self, user: &str) -> Value {
        let mut info = self.info.clone();
        info.insert("num_members".into(), json!(self.members.len()));
        info.insert("is_member".into(), json!(self.members.contains(user)));
        if let Some(ts) = self.last_read.get(user) {
            info.insert("last_read".into(), json!(ts));
        }
        if info.get("is_im") == Some(&Value::Bool(true)) {
            // The other party (or `user` itself, in a DM with oneself).
            let other = self.members.iter().find(|m| *m != user).map_or(user, |m| m);
            info.insert("user".into(), json!(other));
            info.insert("is_open".into(), json!(!self.closed.contains(user)));
        }
        Value::Object(info)
    }

    /// Adds a message where its `ts` puts it (after every message with an earlier one).
    pub fn insert_in_order(&mut self, message: Map<String, Value>) {
        let key = |m: &Map<String, Value>| ts_micros(m.get("ts").and_then(Value::as_str));
        let at = key(&message);
        let index = self.messages.partition_point(|m| key(m) <= at);
        self.messages.insert(index, message);
    }

    /// The message with this `ts`.
    pub fn message_mut(&mut self, ts: &str) -> Option<&mut Map<String, Value>> {
        self.messages
            .iter_mut()
            .find(|m| m.get("ts").and_then(Value::as_str) == Some(ts))
    }
}

/// A file between `files.getUploadURLExternal` and `files.completeUploadExternal`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Upload {
    pub filename: String,
    /// The length the caller announced.
    pub length: i64,
    pub alt_txt: Option<String>,
    /// Who asked for the upload URL.
    pub user: String,
    /// The bytes, once posted to the upload URL.
    pub bytes: Option<Vec<u8>>,
}

/// The workspace.
/// Saved whole by `--state` (see [`Workspace::save`]): every field is data.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Workspace {
    pub team: Map<String, Value>,
    pub users: Vec<Map<String, Value>>,
    pub channels: Vec<Channel>,
    /// The bot the seeded bot token belongs to: `(bot_id, user_id)`.
    pub bot: (String, String),
    /// Uploaded files (`files.info` records), and uploads not yet completed, by file id.
    pub files: Vec<Map<String, Value>>,
    pub uploads: std::collections::BTreeMap<String, Upload>,
    /// Where the emulator serves (`http://127.0.0.1:<port>`), for the URLs it hands out.
    pub origin: String,
    /// Users who set their presence to `away` (`users.setPresence`).
    pub away: BTreeSet<String>,
    /// Messages scheduled by `chat.scheduleMessage`, not yet posted: `id`, `channel_id`,
    /// `post_at`, `date_created`, `text` (as `chat.scheduledMessages.list` shows them).
    pub scheduled: Vec<Map<String, Value>>,
    /// Channel bookmarks (`bookmarks.*`), as `bookmarks.list` returns them.
    #[serde(default)]
    pub bookmarks: Vec<Map<String, Value>>,
    /// User groups (`usergroups.*`), with their `users` and `date_delete` (0 when enabled).
    #[serde(default)]
    pub usergroups: Vec<Map<String, Value>>,
    /// Views opened, pushed or published (`views.*`); a home tab keeps its user in `_user`.
    #[serde(default)]
    pub views: Vec<Map<String, Value>>,
    /// The app installed in the workspace: its credentials, subscriptions and where its
    /// events go.
    #[serde(default)]
    pub app: crate::App,
    /// Trigger ids handed out in interactions, and whose they are (`views.open` opens the
    /// modal in their view stack).
    #[serde(skip)]
    pub(crate) triggers: BTreeMap<String, String>,
    /// Ephemeral messages shown (`chat.postEphemeral`), in no history.
    #[serde(skip)]
    pub(crate) ephemeral: Vec<Map<String, Value>>,
    /// Response URLs handed out in interactions (`interact/`).
    #[serde(skip)]
    pub(crate) response_urls: BTreeMap<String, crate::interact::ResponseTarget>,
    /// Events raised by the current call, sent when it ends (`events/`).
    #[serde(skip)]
    pub(crate) outbox: Vec<crate::events::Raised>,
    clock: Clock,
    next_id: u64,
}

/// The ids of the seeded workspace.
pub const TEAM_ID: &str = "T0EMU00001";
pub const HUMAN_ID: &str = "U0EMU00001";
pub const BOT_USER_ID: &str = "U0EMU00002";
pub const BOT_ID: &str = "B0EMU00001";
pub const GENERAL_ID: &str = "C0EMU00001";
pub const RANDOM_ID: &str = "C0EMU00002";

impl Workspace {
    /// A workspace with a team, a person (`alice`), a bot (`emulator-bot`) and two public
    /// channels, `#general` and `#random`, both of which have both as members.
    pub fn seeded() -> Self {
        let mut ws = Self::bare();
        ws.next_id = 3;
        ws.users
            .insert(0, user(HUMAN_ID, "alice", "Alice Example", false));
        for (id, name) in [(GENERAL_ID, "general"), (RANDOM_ID, "random")] {
            let created = ws.clock.seconds();
            let mut channel = new_channel(id, name, false, HUMAN_ID, created);
            channel.members = [HUMAN_ID.to_owned(), BOT_USER_ID.to_owned()].into();
            channel
                .info
                .insert("is_general".into(), json!(name == "general"));
            ws.channels.push(channel);
        }
        ws
    }

    /// A workspace with its team (`Emulated`) and the app's bot user (`emulator-bot`, which
    /// the bot token acts as), and no one and nothing else: what a seed starts from.
    pub(crate) fn bare() -> Self {
        let mut ws = Workspace {
            team: super::reply::fields(json!({
                "id": TEAM_ID, "name": "Emulated", "domain": "emulated",
                "email_domain": "", "icon": {"image_default": true},
            })),
            users: Vec::new(),
            channels: Vec::new(),
            bot: (BOT_ID.into(), BOT_USER_ID.into()),
            files: Vec::new(),
            uploads: Default::default(),
            origin: String::new(),
            away: BTreeSet::new(),
            scheduled: Vec::new(),
            bookmarks: Vec::new(),
            usergroups: Vec::new(),
            views: Vec::new(),
            app: Default::default(),
            triggers: BTreeMap::new(),
            ephemeral: Vec::new(),
            response_urls: BTreeMap::new(),
            outbox: Vec::new(),
            clock: Clock::now(),
            next_id: 2,
        };
        ws.users.push(bot_user("emulator-bot", "Emulator Bot"));
        ws
    }

    /// A fresh id with Slack's shape: the prefix (`C`, `U`, …) and ten characters.
    pub fn new_id(&mut self, prefix: char) -> String {
        self.next_id += 1;
        format!("{prefix}0EMU{:05}", self.next_id)
    }

    /// A fresh message timestamp: seconds and microseconds, strictly increasing.
    pub fn new_ts(&mut self) -> String {
        self.clock.tick()
    }

    pub fn now(&self) -> u64 {
        self.clock.seconds()
    }

    /// A timestamp in the second `seconds` for a message posted then (a scheduled one, late),
    /// the first that `taken` refuses not; later timestamps stay after it.
    pub fn ts_at(&mut self, seconds: u64, taken: impl Fn(&str) -> bool) -> String {
        let mut micros = u128::from(seconds) * 1_000_000;
        while taken(&format_ts(micros)) {
            micros += 1;
        }
        self.clock.last = self.clock.last.max(micros);
        format_ts(micros)
    }

    pub fn user(&self, id: &str) -> Option<&Map<String, Value>> {
        self.users
            .iter()
            .find(|u| u.get("id").and_then(Value::as_str) == Some(id))
    }

    /// The id of the user with this `name` (a seed names its users).
    pub fn user_id(&self, name: &str) -> Option<&str> {
        self.users
            .iter()
            .find(|u| u.get("name").and_then(Value::as_str) == Some(name))
            .and_then(|u| u.get("id")?.as_str())
    }

    /// The id of the channel with this `name`.
    pub fn channel_id(&self, name: &str) -> Option<&str> {
        self.channels
            .iter()
            .find(|c| c.info.get("name").and_then(Value::as_str) == Some(name))
            .map(Channel::id)
    }

    /// The first person (a user who is neither a bot nor deleted): the one the user token
    /// of [`Emulator::tokens`](crate::Emulator::tokens) acts as.
    pub fn first_person(&self) -> Option<&str> {
        self.users
            .iter()
            .find(|u| {
                u.get("is_bot") != Some(&json!(true)) && u.get("deleted") != Some(&json!(true))
            })
            .and_then(|u| u.get("id")?.as_str())
    }

    /// Loads a workspace saved by [`save`](Self::save).
    pub fn load(path: &std::path::Path) -> std::io::Result<Self> {
        let text = std::fs::read(path)?;
        serde_json::from_slice(&text).map_err(std::io::Error::other)
    }

    /// Saves the workspace to `path` atomically: written whole to a file beside it, flushed
    /// to disk, then renamed over `path`, so a crash mid-save leaves the old file whole.
    pub fn save(&self, path: &std::path::Path) -> std::io::Result<()> {
        use std::io::Write as _;
        let text = serde_json::to_vec(self).map_err(std::io::Error::other)?;
        let mut tmp = path.as_os_str().to_owned();
        tmp.push(".tmp");
        let tmp = std::path::PathBuf::from(tmp);
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(&text)?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&tmp, path)
    }

    pub fn channel(&self, id: &str) -> Option<&Channel> {
        self.channels.iter().find(|c| c.id() == id)
    }

    pub fn channel_mut(&mut self, id: &str) -> Option<&mut Channel> {
        self.channels.iter_mut().find(|c| c.id() == id)
    }
}

/// A user record, as `users.info` returns it.
pub(crate) fn user(id: &str, name: &str, real_name: &str, is_bot: bool) -> Map<String, Value> {
    super::reply::fields(json!({
        "id": id, "team_id": TEAM_ID, "name": name, "real_name": real_name,
        "deleted": false, "is_bot": is_bot, "is_admin": false, "is_owner": false,
        "is_app_user": false, "tz": "Etc/UTC", "tz_offset": 0, "updated": 0,
        "profile": {"real_name": real_name, "display_name": name, "email": format!("{name}@example.com")},
    }))
}

/// The app's bot user, which the bot token acts as.
pub(crate) fn bot_user(name: &str, real_name: &str) -> Map<String, Value> {
    let mut bot = user(BOT_USER_ID, name, real_name, true);
    bot.insert(
        "profile".into(),
        json!({"bot_id": BOT_ID, "real_name": real_name, "display_name": ""}),
    );
    bot
}

/// A channel record, as `conversations.info` returns it.
pub fn new_channel(id: &str, name: &str, private: bool, creator: &str, created: u64) -> Channel {
    Channel {
        info: super::reply::fields(json!({
            "id": id, "name": name, "name_normalized": name,
            "is_channel": !private, "is_group": private, "is_im": false, "is_mpim": false,
            "is_private": private, "is_archived": false, "is_general": false,
            "is_shared": false, "is_ext_shared": false, "is_org_shared": false,
            "created": created, "creator": creator, "context_team_id": TEAM_ID,
            "topic": {"value": "", "creator": "", "last_set": 0},
            "purpose": {"value": "", "creator": "", "last_set": 0},
        })),
        members: BTreeSet::new(),
        messages: Vec::new(),
        last_read: BTreeMap::new(),
        closed: BTreeSet::new(),
        fresh: Vec::new(),
    }
}

/// Message timestamps: `seconds.micros`, never the same twice.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Clock {
    last: u128,
}

impl Clock {
    fn now() -> Self {
        Clock { last: micros_now() }
    }

    fn tick(&mut self) -> String {
        self.last = micros_now().max(self.last + 1);
        format_ts(self.last)
    }

    fn seconds(&self) -> u64 {
        (self.last / 1_000_000) as u64
    }
}

/// `seconds.micros`.
fn format_ts(micros: u128) -> String {
    format!("{}.{:06}", micros / 1_000_000, micros % 1_000_000)
}

/// A `ts` in microseconds (0 when it is not one).
fn ts_micros(ts: Option<&str>) -> u128 {
    let Some((secs, micros)) = ts.and_then(|t| t.split_once('.')) else {
        return 0;
    };
    let secs: u128 = secs.parse().unwrap_or(0);
    secs * 1_000_000 + micros.parse::<u128>().unwrap_or(0)
}

/// The time now, in whole seconds (not the clock of the last `ts` given).
pub(crate) fn wall_seconds() -> u64 {
    (micros_now() / 1_000_000) as u64
}

fn micros_now() -> u128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_micros())
        .unwrap_or(0)
}

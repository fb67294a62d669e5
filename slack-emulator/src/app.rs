//! The app installed in the workspace: its id and credentials (what OAuth installs, and
//! whether it rotates tokens), the events it subscribes to, and how it receives them
//! (Socket Mode, a Request URL signed with its signing secret).

use std::collections::BTreeSet;
use std::time::Duration;

use serde::{Deserialize, Serialize};

/// The signing secret of the emulated app unless one is set (the example secret of Slack's
/// request-signing page): a test signs and verifies with [`App::signing_secret`].
pub const DEFAULT_SIGNING_SECRET: &str = "8f742231b10e8888abcd99yyyzzz85a5";

/// The bot events an app is subscribed to unless told otherwise: messages in every kind of
/// conversation, mentions, reactions, members joining and leaving, channel changes, pins,
/// the App Home opened, users' profiles, user groups, files.
pub const DEFAULT_EVENTS: &[&str] = &[
    "message.channels",
    "message.groups",
    "message.im",
    "message.mpim",
    "app_mention",
    "reaction_added",
    "reaction_removed",
    "member_joined_channel",
    "member_left_channel",
    "channel_created",
    "channel_left",
    "group_left",
    "app_home_opened",
    "user_change",
    "subteam_created",
    "subteam_updated",
    "subteam_members_changed",
    "file_created",
    "file_shared",
    "file_deleted",
    "channel_archive",
    "channel_unarchive",
    "channel_rename",
    "group_archive",
    "group_unarchive",
    "group_rename",
    "pin_added",
    "pin_removed",
];

/// The app installed in the emulated workspace (its bot user is the workspace's bot,
/// [`BOT_USER_ID`](crate::BOT_USER_ID)): what it subscribes to and where its events go.
///
/// An event goes over Socket Mode when [`socket_mode`](Self::socket_mode) is on and a
/// connection is open; otherwise to the [`request_url`](Self::request_url), if there is
/// one, signed with the [`signing_secret`](Self::signing_secret). `/oauth/v2/authorize`
/// and `oauth.v2.access` install it with its [`client_id`](Self::client_id) and
/// [`client_secret`](Self::client_secret). Change it with
/// [`Emulator::set_app`](crate::Emulator::set_app),
/// [`Emulator::configure_app`](crate::Emulator::configure_app), `POST /_emulator/app`, or
/// the seed's `app:` key. The secrets never show in `Debug`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct App {
    /// `api_app_id` of every event ([`APP_ID`](crate::APP_ID)).
    pub app_id: String,
    /// Subscribed bot events, by Slack's names (`message.channels`, `app_mention`, …):
    /// [`DEFAULT_EVENTS`] unless set.
    pub events: BTreeSet<String>,
    /// Where events and interactions are POSTed (an `http://` URL), if anywhere.
    pub request_url: Option<String>,
    /// The secret requests to the Request URL are signed with.
    pub signing_secret: String,
    /// Whether events go over Socket Mode while a connection is open (default `true`).
    pub socket_mode: bool,
    /// The deprecated verification token Slack still puts in each payload's `token` (not
    /// an API token: it calls nothing).
    pub verification_token: String,
    /// The client ID OAuth checks.
    pub client_id: String,
    /// The client secret OAuth checks.
    pub client_secret: String,
    /// Token rotation: access tokens expire after `token_lifetime` and come with refresh
    /// tokens.
    pub token_rotation: bool,
    /// Seconds an access token lives with rotation on (Slack: 12 hours).
    pub token_lifetime: u64,
}

impl Default for App {
    fn default() -> Self {
        App {
            app_id: crate::socket::APP_ID.to_owned(),
            events: DEFAULT_EVENTS.iter().map(|e| (*e).to_owned()).collect(),
            request_url: None,
            signing_secret: DEFAULT_SIGNING_SECRET.to_owned(),
            socket_mode: true,
            verification_token: "emulatorVerificationToken".to_owned(),
            client_id: "1000000001.2000000002".into(),
            client_secret: "emulator-client-secret".into(),
            token_rotation: false,
            token_lifetime: 43_200,
        }
    }
}

impl App {
    /// The default app with these OAuth credentials, rotation off.
    pub fn new(client_id: impl Into<String>, client_secret: impl Into<String>) -> Self {
        App {
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            ..App::default()
        }
    }

    /// The same app with token rotation on, access tokens living `lifetime`.
    pub fn with_rotation(self, lifetime: Duration) -> Self {
        App {
            token_rotation: true,
            token_lifetime: lifetime.as_secs().max(1),
            ..self
        }
    }

    /// Whether the app subscribes to `event` (`message.channels`, `app_mention`, …).
    pub fn subscribes(&self, event: &str) -> bool {
        self.events.contains(event)
    }
}

impl std::fmt::Debug for App {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("App")
            .field("app_id", &self.app_id)
            .field("events", &self.events)
            .field("request_url", &self.request_url)
            .field("signing_secret", &"[redacted]")
            .field("socket_mode", &self.socket_mode)
            .field("client_id", &self.client_id)
            .field("client_secret", &"[redacted]")
            .field("token_rotation", &self.token_rotation)
            .field("token_lifetime", &self.token_lifetime)
            .finish_non_exhaustive()
    }
}

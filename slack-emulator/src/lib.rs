//! A local Slack Web API, served from the same spec as `slack-api`: start it in-process on
//! 127.0.0.1, point a client (this crate's, or any Slack SDK) at [`Emulator::base_url`] with
//! one of its [`tokens`](Emulator::tokens), and test a bot without a Slack account.
//!
//! Every method of the spec is served at `/api/<method>` and checked as Slack checks a call,
//! from the method's generated metadata: `unknown_method`, the body (`invalid_post_type`,
//! `invalid_form_data`, `invalid_json`, …), the token (`not_authed`, `invalid_auth`,
//! `token_revoked`, `not_allowed_token_type`, `missing_scope` with `needed` and
//! `provided`), the required arguments (`invalid_arguments`). Methods with a behaviour
//! (`auth.test`, `chat.postMessage`, `conversations.history`, …) run against an in-memory
//! workspace, so what one call does shows up in the next. Slack's rate limits apply (HTTP
//! 429 `ratelimited` with `Retry-After`), unless [`Emulator::set_rate_limits`] turns them
//! off or scales their minute.
//!
//! The workspace is a default one (alice, a bot, `#general`, `#random`) or one described in
//! YAML ([`Workspace::from_seed`], served by [`Emulator::start_with`]). A bot under test
//! sees people at work through [`Emulator::act_as`] (calls made as any person) and
//! [`Emulator::user_token`]. Slack's finer rules hold: private channels exist only for their
//! members, channel changes leave Slack's system messages, scheduled messages are posted
//! when their time comes.
//!
//! The emulator also speaks to the app under test: what changes the workspace yields the
//! events Slack sends ([`App`], [`Emulator::deliveries`]), over Socket Mode or signed to a
//! Request URL with Slack's retries, and a test plays people clicking buttons, submitting
//! modals and typing slash commands ([`Actor::click`], [`Actor::submit_view`],
//! [`Actor::command`]), the app's answers taking effect ([`Emulator::view_stack`]).
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let emulator = slack_emulator::Emulator::start().await?;
//! let client = slack_api::Client::builder(emulator.tokens().bot.clone())
//!     .base_url(emulator.base_url())
//!     .build()?;
//! let posted = client.chat_post_message(slack_emulator::GENERAL_ID).text("hi").await?;
//! # Ok(()) }
//! ```
#![forbid(unsafe_code)]

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, RwLock};

use slack_api::TokenType;
use tokio::sync::oneshot;

mod act;
mod app;
mod auth;
mod behaviour;
mod blockkit;
mod events;
mod interact;
mod oauth;
mod ratelimit;
mod reply;
mod script;
mod seed;
mod serve;
mod socket;
mod workspace;

pub use act::{ActError, Actor};
pub use app::{App, DEFAULT_EVENTS, DEFAULT_SIGNING_SECRET};
pub use auth::Credential;
pub use events::{Delivery, DeliveryTimes, UrlVerificationError, Via};
pub use interact::OpenView;
pub use ratelimit::RateLimits;
pub use script::{RecordedCall, Script, TokenSeen, MAX_CALLS, UPLOAD};
pub use serve::MAX_BODY;
pub use socket::{
    SocketAck, APP_ID, DEFAULT_REDELIVERY, DISCONNECT_GRACE, MAX_CONNECTIONS, MAX_RETRIES,
};
pub use workspace::{
    Channel, Workspace, BOT_ID, BOT_USER_ID, GENERAL_ID, HUMAN_ID, RANDOM_ID, TEAM_ID,
};

// A workspace from YAML (seed.rs).
pub use seed::SeedError;

/// The tokens of the workspace: a bot token (the bot user), a user token (the first person:
/// alice in the default workspace) and an app-level token, each with every scope the spec
/// asks of its type.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Tokens {
    pub bot: String,
    pub user: String,
    pub app: String,
}

/// A running emulator. Dropping it stops the server.
pub struct Emulator {
    addr: SocketAddr,
    base_url: String,
    tokens: Tokens,
    shared: Arc<serve::Shared>,
    stop: Option<oneshot::Sender<()>>,
}

impl Emulator {
    /// Starts an emulator with the seeded workspace on 127.0.0.1 and a free port.
    pub async fn start() -> std::io::Result<Self> {
        Self::start_on(SocketAddr::from(([127, 0, 0, 1], 0))).await
    }

    /// Starts an emulator on `addr` (port 0: a free one).
    pub async fn start_on(addr: SocketAddr) -> std::io::Result<Self> {
        Self::start_with(addr, Workspace::seeded()).await
    }

    /// Starts an emulator on `addr` serving `workspace`: one [`Workspace::load`] read back
    /// (for a long-running dev server), or one [`Workspace::from_seed`] made. The bot token
    /// acts as the workspace's bot user, the user token as its first person.
    pub async fn start_with(addr: SocketAddr, workspace: Workspace) -> std::io::Result<Self> {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        // Tokens unique to this emulator, so that several can run side by side.
        let tag = format!("{:x}", addr.port());
        let tokens = Tokens {
            bot: format!("xoxb-emulator-{tag}-bot"),
            user: format!("xoxp-emulator-{tag}-user"),
            app: format!("xapp-emulator-{tag}-app"),
        };
        // The bot token acts as the app's bot user, the user token as the first person.
        let bot_user = workspace.bot.1.clone();
        let person = workspace.first_person().unwrap_or(HUMAN_ID).to_owned();
        let credentials = vec![
            Credential::new(
                &tokens.bot,
                TokenType::Bot,
                &bot_user,
                auth::all_scopes(TokenType::Bot),
            ),
            Credential::new(
                &tokens.user,
                TokenType::User,
                person,
                auth::all_scopes(TokenType::User),
            ),
            Credential::new(
                &tokens.app,
                TokenType::App,
                bot_user,
                auth::all_scopes(TokenType::App),
            ),
        ];
        let mut workspace = workspace;
        workspace.origin = format!("http://{addr}");
        let shared = Arc::new(serve::Shared {
            scripts: script::Scripts::new(workspace.clone(), credentials.clone()),
            workspace: Mutex::new(workspace),
            credentials: RwLock::new(credentials),
            rate_limits: ratelimit::Limiter::default(),
            socket: socket::Hub::new(),
            oauth: oauth::OAuth::default(),
            events: events::Outbound::new(),
        });
        let (stop, stopped) = oneshot::channel::<()>();
        let app = serve::router(shared.clone());
        tokio::spawn(async move {
            // No Nagle, as Slack's servers: a Socket Mode frame written right after another
            // (an envelope after `disconnect`) must not wait for the client's delayed TCP
            // ACK, up to 40 ms on Linux.
            let listener = axum::serve::ListenerExt::tap_io(listener, |tcp| {
                let _ = tcp.set_nodelay(true);
            });
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await;
        });
        Ok(Emulator {
            addr,
            base_url: format!("http://{addr}/api/"),
            tokens,
            shared,
            stop: Some(stop),
        })
    }

    /// The base URL of its Web API, `http://127.0.0.1:<port>/api/`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn tokens(&self) -> &Tokens {
        &self.tokens
    }

    /// Adds a token (for example one with fewer scopes, to meet `missing_scope`).
    pub fn add_credential(&self, credential: Credential) {
        let mut all = self
            .shared
            .credentials
            .write()
            .unwrap_or_else(|e| e.into_inner());
        all.retain(|c| c.token != credential.token);
        all.push(credential);
    }

    /// Revokes a token: calls with it get `token_revoked`.
    pub fn revoke(&self, token: &str) {
        let mut all = self
            .shared
            .credentials
            .write()
            .unwrap_or_else(|e| e.into_inner());
        for c in all.iter_mut().filter(|c| c.token == token) {
            c.revoked = true;
        }
    }

    // OAuth (oauth.rs).
    /// Replaces the installed app, all of it: what `/oauth/v2/authorize` and
    /// `oauth.v2.access` install (client ID and secret, token rotation) and what it receives
    /// (subscriptions, Socket Mode, Request URL, signing secret). Default: [`App::default`],
    /// rotation off; also the seed's `app` key. To change one part and keep the rest, use
    /// [`configure_app`](Self::configure_app).
    ///
    /// ```
    /// # async fn run() -> std::io::Result<()> {
    /// use slack_emulator::{App, Emulator};
    /// let emulator = Emulator::start().await?;
    /// emulator.set_app(App::new("123.456", "s3cr3t").with_rotation(std::time::Duration::from_secs(60)));
    /// assert_eq!(emulator.app().client_id, "123.456");
    /// # Ok(()) }
    /// ```
    pub fn set_app(&self, app: App) {
        self.with_workspace(|ws| ws.app = app);
    }

    /// The next `/oauth/v2/authorize` is denied: it redirects with `error=access_denied`.
    pub fn deny_next_authorization(&self) {
        self.shared.oauth.deny_next();
    }

    /// Moves the OAuth clock forward, so that rotating tokens expire as if `by` had passed
    /// (calls with them then get `token_expired`).
    pub fn advance_oauth_clock(&self, by: std::time::Duration) {
        self.shared.oauth.advance(by);
    }

    /// Scripts `method`'s next answers, ahead of its behaviour (after any script already
    /// queued for it runs out).
    pub fn script(&self, method: &str, script: Script) {
        self.shared.scripts.add(method, script);
    }

    /// The calls received so far (the last [`MAX_CALLS`]), oldest first; the bytes of a
    /// file posted to an upload URL show up as the call [`UPLOAD`].
    pub fn calls(&self) -> Vec<RecordedCall> {
        self.shared.scripts.calls()
    }

    /// Clears the calls and scripts and restores the workspace and tokens it started with;
    /// forgets Socket Mode's envelopes and acks (open connections stay open).
    pub fn reset(&self) {
        script::reset(&self.shared);
    }

    /// Saves the workspace atomically (see [`Workspace::save`]).
    pub fn save(&self, path: &std::path::Path) -> std::io::Result<()> {
        self.with_workspace(|ws| ws.save(path))
    }

    // Rate limits (ratelimit.rs).
    /// Sets the rate limits (on with Slack's numbers unless set): [`RateLimits::off`] for
    /// a test or benchmark that calls a method thousands of times, [`RateLimits::scaled`]
    /// for a shorter "minute". Every count starts again.
    pub fn set_rate_limits(&self, limits: RateLimits) {
        self.shared.rate_limits.set(limits);
    }

    /// The rate limits in force.
    pub fn rate_limits(&self) -> RateLimits {
        self.shared.rate_limits.get()
    }

    // Socket Mode (socket.rs).
    /// Sends an envelope (`events_api`, `interactive`, `slash_commands`) with `payload` to
    /// one open Socket Mode connection, and again every redelivery time until it is
    /// acknowledged (at most [`MAX_RETRIES`] more times). Returns its `envelope_id`.
    /// `accepts_response_payload` is `true` for every type but `events_api`.
    pub fn socket_push(&self, envelope_type: &str, payload: serde_json::Value) -> String {
        self.shared.socket.push(envelope_type, payload)
    }

    /// Sends `{"type": "disconnect", "reason"}`: `link_disabled` to every connection (then
    /// closed), `refresh_requested` or `warning` to the oldest one still in use (no more
    /// envelopes go to it while another is open; closed after [`DISCONNECT_GRACE`]). Returns how many were told.
    pub fn socket_disconnect(&self, reason: &str) -> usize {
        self.shared.socket.disconnect(reason)
    }

    /// Makes every open Socket Mode connection half-open for `duration`: it reads nothing
    /// (so answers no ping) and writes nothing, then is dropped without a close frame.
    /// Envelopes may still be sent to it, and come again after the redelivery time.
    pub fn socket_stall(&self, duration: std::time::Duration) {
        self.shared.socket.stall(duration);
    }

    /// How many Socket Mode connections are open.
    pub fn socket_connections(&self) -> usize {
        self.shared.socket.connections()
    }

    /// The acknowledgements received, oldest first.
    pub fn socket_acks(&self) -> Vec<SocketAck> {
        self.shared.socket.acks()
    }

    /// The `envelope_id`s given up after [`MAX_RETRIES`] redeliveries without an
    /// acknowledgement.
    pub fn socket_dropped(&self) -> Vec<String> {
        self.shared.socket.dropped()
    }

    /// How many envelopes wait for their acknowledgement.
    pub fn socket_pending(&self) -> usize {
        self.shared.socket.pending()
    }

    /// How long an envelope waits for its acknowledgement before it is sent again
    /// ([`DEFAULT_REDELIVERY`], Slack's 3 seconds, unless set): shorter for a test.
    pub fn set_socket_redelivery(&self, after: std::time::Duration) {
        self.shared.socket.set_redelivery(after);
    }

    /// Runs `f` on the workspace (to read what calls did, or to set up a scene).
    pub fn with_workspace<R>(&self, f: impl FnOnce(&mut Workspace) -> R) -> R {
        let mut ws = self
            .shared
            .workspace
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        f(&mut ws)
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

//! One way to write an app (feature `app`): handlers registered by what they answer, fed
//! by either transport.
//!
//! An [`App`] holds handlers for an event type (typed: the handler gets the event's type
//! from `slack_model::events`), a message pattern, a block action's `action_id` or
//! `block_id`, a `block_suggestion`, a view's or shortcut's `callback_id`, and a slash
//! command. Each handler gets the typed payload and a [`Ctx`]: a client for the item's
//! workspace, [`Ctx::say`] (post to the item's conversation), [`Ctx::respond`] (to its
//! `response_url`) and [`Ctx::ack`] (the immediate answer Slack waits 3 seconds for: a
//! typed `response_action`, options, a slash command's reply).
//!
//! Every handler runs on a task of its own; an error it returns is logged with `tracing`,
//! and so is a panic, which takes nothing else down. An item no handler takes is
//! acknowledged with no payload, and so is every item whose answer Slack ignores (events,
//! block actions, shortcuts, closed views), before its handlers run.
//!
//! ```no_run
//! use slack_events::app::{App, Ctx, HandlerError};
//! use slack_model::events::{AppMentionEvent, SlashCommand, ViewErrorsResponse, ViewSubmission};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let client = slack_api::Client::new(std::env::var("SLACK_BOT_TOKEN")?)?;
//! let app = App::new(client)
//!     .message("hello", |_message, ctx: Ctx| async move {
//!         ctx.say("Hello to you too").await?;
//!         Ok(())
//!     })
//!     .event(|mention: AppMentionEvent, ctx: Ctx| async move {
//!         let who = mention.user.unwrap_or_default();
//!         ctx.say(format!("You called, <@{who}>?")).await?;
//!         Ok(())
//!     })
//!     .command("/echo", |command: SlashCommand, ctx: Ctx| async move {
//!         ctx.ack(command.text);
//!         Ok(())
//!     })
//!     .view("feedback", |_submission: ViewSubmission, ctx: Ctx| async move {
//!         ctx.ack(ViewErrorsResponse::new([("comments", "Say a little more")]));
//!         Ok::<(), HandlerError>(())
//!     });
//! // Socket Mode, with the app-level token:
//! app.socket_mode(std::env::var("SLACK_APP_TOKEN")?).run().await?;
//! # Ok(()) }
//! ```

mod authorize;
mod context;
mod dispatch;
mod reply;
mod route;
mod state;
mod transport;

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use slack_model::events::{
    BlockAction, BlockActionsPayload, BlockSuggestionPayload, Event, GlobalShortcutPayload,
    InteractionPayload, MessageEvent, MessageShortcutPayload, SlashCommand, ViewClosed,
    ViewSubmission,
};
use slack_model::TaggedVariant;

pub use authorize::{Authorize, ClientFuture};
pub use context::{Ctx, Item, SayError, Team};
pub use reply::Payload;
pub use route::{Pattern, Selector};
pub use state::MissingState;
#[cfg(feature = "socket-mode")]
pub use transport::SocketApp;

use route::Matcher;
use state::State;

/// What a handler may fail with: any error (`?` converts it); it is logged.
pub type HandlerError = Box<dyn std::error::Error + Send + Sync>;

type HandlerFuture = Pin<Box<dyn Future<Output = Result<(), HandlerError>> + Send>>;
/// A route's handler: its future, or `None` when the item does not decode as its payload.
type Run = Arc<dyn Fn(&Ctx, Option<usize>) -> Option<HandlerFuture> + Send + Sync>;

#[derive(Clone)]
struct Route {
    matcher: Matcher,
    run: Run,
}

/// A block action: the action taken (its element's type and value typed) and the whole
/// payload it came in.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Action {
    /// The action the handler's selector took (the first such, if several).
    pub action: BlockAction,
    /// The `block_actions` payload (user, channel, message or view, `response_url`, …).
    pub body: BlockActionsPayload,
}

/// The handlers, and how to find the token for an item. Register handlers with the
/// builder methods, then serve with [`socket_mode`](App::socket_mode) or
/// [`router`](App::router) (or feed items to [`dispatch`](App::dispatch)). Cheap to clone.
#[derive(Clone)]
pub struct App {
    inner: Arc<AppInner>,
}

#[derive(Clone)]
struct AppInner {
    client: slack_api::Client,
    authorize: Arc<dyn Authorize>,
    http: Option<reqwest::Client>,
    routes: Vec<Route>,
    ignore_self: bool,
    state: State,
}

impl std::fmt::Debug for App {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("App")
            .field("client", &self.inner.client)
            .field("routes", &self.inner.routes.len())
            .field("ignore_self", &self.inner.ignore_self)
            .finish_non_exhaustive()
    }
}

impl App {
    /// An app whose handlers call Slack with `client` (a bot token: the simple case of one
    /// workspace). Socket Mode opens its connections through it too.
    pub fn new(client: slack_api::Client) -> Self {
        // For `respond`: Slack's response_urls answer at once; never follow a redirect.
        let http = reqwest::Client::builder()
            .connect_timeout(std::time::Duration::from_secs(10))
            .timeout(std::time::Duration::from_secs(30))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .ok();
        App {
            inner: Arc::new(AppInner {
                authorize: Arc::new(authorize::Single(client.clone())),
                client,
                http,
                routes: Vec::new(),
                ignore_self: true,
                state: State::default(),
            }),
        }
    }

    /// Finds the client for each item's workspace with `authorize` (an installation
    /// store), instead of the app's client.
    pub fn authorize(mut self, authorize: impl Authorize) -> Self {
        self.inner_mut().authorize = Arc::new(authorize);
        self
    }

    /// Whether events the app's own bot user caused are left out (on by default, as in
    /// Bolt: a bot that answers "hello" with "hello" does not talk to itself). The bot user
    /// is the envelope's authorization with `is_bot`.
    pub fn ignore_self(mut self, ignore: bool) -> Self {
        self.inner_mut().ignore_self = ignore;
        self
    }

    /// Shares `value` with every handler, through [`Ctx::state`]`::<T>()` (one value per
    /// type; a database pool, a configuration), instead of a clone captured by each handler.
    pub fn with_state<T: Send + Sync + 'static>(mut self, value: T) -> Self {
        self.inner_mut().state.insert(value);
        self
    }

    /// The app's client.
    pub fn client(&self) -> &slack_api::Client {
        &self.inner.client
    }

    fn inner_mut(&mut self) -> &mut AppInner {
        Arc::make_mut(&mut self.inner)
    }

    fn route(mut self, matcher: Matcher, run: Run) -> Self {
        self.inner_mut().routes.push(Route { matcher, run });
        self
    }

    /// Handles events of type `T` (`MessageEvent`, `AppMentionEvent`, `ReactionAddedEvent`,
    /// …, any type of [`Event`]): the handler gets the event; [`Ctx::envelope`] has the
    /// envelope.
    pub fn event<T, H, F>(self, handler: H) -> Self
    where
        T: TaggedVariant<Event> + Clone + Send + 'static,
        H: Fn(T, Ctx) -> F + Send + Sync + 'static,
        F: Future<Output = Result<(), HandlerError>> + Send + 'static,
    {
        self.typed_event(Matcher::Event(T::TAG, None), handler)
    }

    /// Handles `message` events whose text matches `pattern` (a `&str` matches a text that
    /// contains it; see [`Pattern`]).
    pub fn message<H, F>(self, pattern: impl Into<Pattern>, handler: H) -> Self
    where
        H: Fn(MessageEvent, Ctx) -> F + Send + Sync + 'static,
        F: Future<Output = Result<(), HandlerError>> + Send + 'static,
    {
        let tag = <MessageEvent as TaggedVariant<Event>>::TAG;
        self.typed_event(Matcher::Event(tag, Some(pattern.into())), handler)
    }

    fn typed_event<T, H, F>(self, matcher: Matcher, handler: H) -> Self
    where
        T: TaggedVariant<Event> + Clone + Send + 'static,
        H: Fn(T, Ctx) -> F + Send + Sync + 'static,
        F: Future<Output = Result<(), HandlerError>> + Send + 'static,
    {
        let run: Run = Arc::new(move |ctx: &Ctx, _| {
            let event = T::from_union_ref(&ctx.envelope()?.event)?.clone();
            Some(Box::pin(handler(event, ctx.clone())) as HandlerFuture)
        });
        self.route(matcher, run)
    }

    /// Handles `block_actions` with an action the selector takes (an `action_id` as a
    /// `&str`, or [`Selector::block_id`]).
    pub fn action<H, F>(self, selector: impl Into<Selector>, handler: H) -> Self
    where
        H: Fn(Action, Ctx) -> F + Send + Sync + 'static,
        F: Future<Output = Result<(), HandlerError>> + Send + 'static,
    {
        let run: Run = Arc::new(move |ctx: &Ctx, index| {
            let body = interaction::<BlockActionsPayload>(ctx)?;
            let raw = ctx.raw()?.get("actions")?.get(index?)?.clone();
            let action = serde_json::from_value(raw).ok()?;
            Some(Box::pin(handler(Action { action, body }, ctx.clone())) as HandlerFuture)
        });
        self.route(Matcher::Action(selector.into()), run)
    }

    /// Handles `block_suggestion` (an external select's options load) for the selector:
    /// answer with [`Ctx::ack`] and a
    /// [`BlockSuggestionResponse`](slack_model::events::BlockSuggestionResponse).
    pub fn options<H, F>(self, selector: impl Into<Selector>, handler: H) -> Self
    where
        H: Fn(BlockSuggestionPayload, Ctx) -> F + Send + Sync + 'static,
        F: Future<Output = Result<(), HandlerError>> + Send + 'static,
    {
        self.interaction(Matcher::Options(selector.into()), handler)
    }

    /// Handles `view_submission` of the view with this `callback_id`: answer with
    /// [`Ctx::ack`] and a `response_action` (errors, update, push, clear), or none to
    /// close the view.
    pub fn view<H, F>(self, callback_id: impl Into<String>, handler: H) -> Self
    where
        H: Fn(ViewSubmission, Ctx) -> F + Send + Sync + 'static,
        F: Future<Output = Result<(), HandlerError>> + Send + 'static,
    {
        let matcher = Matcher::Callback("view_submission", callback_id.into());
        self.interaction(matcher, handler)
    }

    /// Handles `view_closed` of the view with this `callback_id` (sent when the view sets
    /// `notify_on_close`).
    pub fn view_closed<H, F>(self, callback_id: impl Into<String>, handler: H) -> Self
    where
        H: Fn(ViewClosed, Ctx) -> F + Send + Sync + 'static,
        F: Future<Output = Result<(), HandlerError>> + Send + 'static,
    {
        self.interaction(
            Matcher::Callback("view_closed", callback_id.into()),
            handler,
        )
    }

    /// Handles the global shortcut with this `callback_id`.
    pub fn shortcut<H, F>(self, callback_id: impl Into<String>, handler: H) -> Self
    where
        H: Fn(GlobalShortcutPayload, Ctx) -> F + Send + Sync + 'static,
        F: Future<Output = Result<(), HandlerError>> + Send + 'static,
    {
        self.interaction(Matcher::Callback("shortcut", callback_id.into()), handler)
    }

    /// Handles the message shortcut with this `callback_id`.
    pub fn message_action<H, F>(self, callback_id: impl Into<String>, handler: H) -> Self
    where
        H: Fn(MessageShortcutPayload, Ctx) -> F + Send + Sync + 'static,
        F: Future<Output = Result<(), HandlerError>> + Send + 'static,
    {
        let matcher = Matcher::Callback("message_action", callback_id.into());
        self.interaction(matcher, handler)
    }

    fn interaction<T, H, F>(self, matcher: Matcher, handler: H) -> Self
    where
        T: TaggedVariant<InteractionPayload> + Clone + Send + 'static,
        H: Fn(T, Ctx) -> F + Send + Sync + 'static,
        F: Future<Output = Result<(), HandlerError>> + Send + 'static,
    {
        let run: Run = Arc::new(move |ctx: &Ctx, _| {
            let payload = interaction::<T>(ctx)?;
            Some(Box::pin(handler(payload, ctx.clone())) as HandlerFuture)
        });
        self.route(matcher, run)
    }

    /// Handles the slash command `name` (`/echo`): [`Ctx::ack`] gives the immediate reply.
    pub fn command<H, F>(self, name: impl Into<String>, handler: H) -> Self
    where
        H: Fn(SlashCommand, Ctx) -> F + Send + Sync + 'static,
        F: Future<Output = Result<(), HandlerError>> + Send + 'static,
    {
        let run: Run = Arc::new(move |ctx: &Ctx, _| match ctx.item() {
            Item::Command(command) => {
                Some(Box::pin(handler(command.clone(), ctx.clone())) as HandlerFuture)
            }
            _ => None,
        });
        self.route(Matcher::Command(name.into()), run)
    }
}

/// The interaction payload's variant `T`, if that is what the item is.
fn interaction<T: TaggedVariant<InteractionPayload> + Clone>(ctx: &Ctx) -> Option<T> {
    match ctx.item() {
        Item::Interaction(payload) => T::from_union_ref(payload).cloned(),
        _ => None,
    }
}

//! Which token answers an item: one bot token, or a lookup per workspace (installations).

use std::future::Future;
use std::pin::Pin;

use super::context::Team;
use super::HandlerError;

/// The future [`Authorize::client_for`] returns.
pub type ClientFuture<'a> =
    Pin<Box<dyn Future<Output = Result<slack_api::Client, HandlerError>> + Send + 'a>>;

/// Gives the client (with the right token) for an item's workspace: what an app installed
/// in several workspaces plugs its installation store into. Any
/// `Fn(Team) -> impl Future<Output = Result<slack_api::Client, HandlerError>>` is one.
pub trait Authorize: Send + Sync + 'static {
    /// The client for `team`, or why there is none (the item is then not handled).
    fn client_for<'a>(&'a self, team: &'a Team) -> ClientFuture<'a>;
}

impl<F, Fut> Authorize for F
where
    F: Fn(Team) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<slack_api::Client, HandlerError>> + Send + 'static,
{
    fn client_for<'a>(&'a self, team: &'a Team) -> ClientFuture<'a> {
        Box::pin(self(team.clone()))
    }
}

/// One token for every item: the app's own client.
pub(super) struct Single(pub(super) slack_api::Client);

impl Authorize for Single {
    fn client_for<'a>(&'a self, _team: &'a Team) -> ClientFuture<'a> {
        let client = self.0.clone();
        Box::pin(async move { Ok(client) })
    }
}

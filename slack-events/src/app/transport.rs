//! Serving an [`App`] with one line: Socket Mode or an axum router.

#[cfg(feature = "socket-mode")]
pub use socket::SocketApp;

#[cfg(feature = "socket-mode")]
mod socket {
    use crate::app::App;
    use crate::socket::{Shutdown, SocketError, SocketMode};

    /// An [`App`] over Socket Mode: [`App::socket_mode`]`(app_token).run().await`.
    #[derive(Debug)]
    pub struct SocketApp {
        app: App,
        socket: SocketMode,
    }

    impl App {
        /// Serves the app over Socket Mode, opening connections with the app-level token
        /// (`xapp-…`) through the app's client.
        pub fn socket_mode(&self, app_token: impl Into<String>) -> SocketApp {
            SocketApp {
                socket: SocketMode::new(app_token, self.client().clone()),
                app: self.clone(),
            }
        }
    }

    impl SocketApp {
        /// Changes the Socket Mode settings (timeouts, backoff, …).
        pub fn configure(mut self, configure: impl FnOnce(SocketMode) -> SocketMode) -> Self {
            self.socket = configure(self.socket);
            self
        }

        /// A handle that stops [`run`](Self::run).
        pub fn shutdown_handle(&self) -> Shutdown {
            self.socket.shutdown_handle()
        }

        /// Connects and dispatches every item until [`Shutdown::shutdown`] or a failure
        /// that retrying cannot mend (see [`SocketMode::run`]).
        pub async fn run(self) -> Result<(), SocketError> {
            let app = self.app;
            self.socket
                .run(move |incoming| {
                    let app = app.clone();
                    async move { app.dispatch(incoming).await }
                })
                .await
        }
    }
}

#[cfg(feature = "axum")]
impl super::App {
    /// An axum router serving the app's Request URL at `path` (events, interactivity and
    /// slash commands alike), checking Slack's signature with `signing_secret`.
    ///
    /// Panics as [`axum::Router::route`](::axum::Router::route) does if `path` is not a
    /// valid route (it must start with `/`).
    pub fn router(&self, path: &str, signing_secret: impl Into<String>) -> ::axum::Router {
        let verifier = crate::Verifier::new([signing_secret.into()]);
        self.router_with(path, crate::Receiver::new(verifier))
    }

    /// [`router`](Self::router) with a receiver of one's own (several secrets during a
    /// rotation, another reply deadline or body limit).
    pub fn router_with(&self, path: &str, receiver: crate::Receiver) -> ::axum::Router {
        let app = self.clone();
        crate::axum::router(path, receiver, move |incoming| {
            let app = app.clone();
            async move { app.dispatch(incoming).await }
        })
    }
}

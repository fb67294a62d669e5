//! The URL that sends a user to Slack to approve the app.

/// Slack's authorize page.
pub const DEFAULT_AUTHORIZE_URL: &str = "https://slack.com/oauth/v2/authorize";

/// Builds the authorize URL: `client_id`, `scope` and `user_scope` (comma-separated),
/// `redirect_uri`, `team` and `state`, each URL-encoded.
///
/// ```
/// use slack_oauth::AuthorizeUrl;
/// let url = AuthorizeUrl::new("123.456")
///     .scopes(["chat:write", "channels:read"])
///     .user_scopes(["search:read"])
///     .redirect_uri("https://app.example/slack/oauth_redirect")
///     .state("a b&c")
///     .build()?;
/// assert_eq!(
///     url,
///     "https://slack.com/oauth/v2/authorize?client_id=123.456&scope=chat%3Awrite%2Cchannels%3Aread\
///      &user_scope=search%3Aread&redirect_uri=https%3A%2F%2Fapp.example%2Fslack%2Foauth_redirect\
///      &state=a+b%26c"
/// );
/// # Ok::<(), slack_oauth::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use]
pub struct AuthorizeUrl {
    base: String,
    client_id: String,
    scopes: Vec<String>,
    user_scopes: Vec<String>,
    redirect_uri: Option<String>,
    team: Option<String>,
    state: Option<String>,
}

impl AuthorizeUrl {
    pub fn new(client_id: impl Into<String>) -> Self {
        AuthorizeUrl {
            base: DEFAULT_AUTHORIZE_URL.into(),
            client_id: client_id.into(),
            scopes: Vec::new(),
            user_scopes: Vec::new(),
            redirect_uri: None,
            team: None,
            state: None,
        }
    }

    /// Another authorize page than Slack's (an emulator's).
    pub fn base(mut self, url: impl Into<String>) -> Self {
        self.base = url.into();
        self
    }

    /// The bot token's scopes.
    pub fn scopes<S: Into<String>>(mut self, scopes: impl IntoIterator<Item = S>) -> Self {
        self.scopes = scopes.into_iter().map(Into::into).collect();
        self
    }

    /// The user token's scopes.
    pub fn user_scopes<S: Into<String>>(mut self, scopes: impl IntoIterator<Item = S>) -> Self {
        self.user_scopes = scopes.into_iter().map(Into::into).collect();
        self
    }

    pub fn redirect_uri(mut self, uri: impl Into<String>) -> Self {
        self.redirect_uri = Some(uri.into());
        self
    }

    /// The workspace to install into, when known.
    pub fn team(mut self, team: impl Into<String>) -> Self {
        self.team = Some(team.into());
        self
    }

    /// The redirect URI set, if any.
    pub(crate) fn redirect_uri_given(&self) -> Option<&str> {
        self.redirect_uri.as_deref()
    }

    pub fn state(mut self, state: impl Into<String>) -> Self {
        self.state = Some(state.into());
        self
    }

    /// The URL; [`Error::InvalidUrl`](crate::Error::InvalidUrl) when the base is no URL.
    pub fn build(&self) -> Result<String, crate::Error> {
        let mut url =
            url::Url::parse(&self.base).map_err(|e| crate::Error::InvalidUrl(e.to_string()))?;
        {
            let mut q = url.query_pairs_mut();
            q.append_pair("client_id", &self.client_id);
            if !self.scopes.is_empty() {
                q.append_pair("scope", &self.scopes.join(","));
            }
            if !self.user_scopes.is_empty() {
                q.append_pair("user_scope", &self.user_scopes.join(","));
            }
            for (key, value) in [
                ("redirect_uri", &self.redirect_uri),
                ("team", &self.team),
                ("state", &self.state),
            ] {
                if let Some(value) = value {
                    q.append_pair(key, value);
                }
            }
        }
        Ok(url.into())
    }
}

//! What an install gives: the workspace (or organization), the bot's and the installing
//! user's tokens, and the incoming webhook.

use std::fmt;
use std::time::{Duration, SystemTime};

use slack_api::methods::OauthV2AccessResponse;
use slack_api::Token;

/// One token with its scopes and, with token rotation on, its refresh token and expiry.
/// `Debug` never shows the token or the refresh token.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Tokens {
    pub token: Token,
    pub scopes: Vec<String>,
    pub refresh_token: Option<Token>,
    pub expires_at: Option<SystemTime>,
}

impl Tokens {
    pub fn new(token: impl Into<Token>, scopes: Vec<String>) -> Self {
        Tokens {
            token: token.into(),
            scopes,
            refresh_token: None,
            expires_at: None,
        }
    }

    /// With a refresh token, expiring at `expires_at`.
    pub fn rotating(mut self, refresh_token: impl Into<Token>, expires_at: SystemTime) -> Self {
        self.refresh_token = Some(refresh_token.into());
        self.expires_at = Some(expires_at);
        self
    }

    /// Whether the token should be refreshed at `now`: it expires within `margin`.
    pub fn needs_refresh(&self, now: SystemTime, margin: Duration) -> bool {
        self.refresh_token.is_some()
            && self
                .expires_at
                .is_some_and(|at| at <= crate::clock::later(now, margin))
    }
}

/// The incoming webhook an install made. `Debug` hides its URL, which is a secret.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct IncomingWebhook {
    pub url: String,
    pub channel: Option<String>,
    pub channel_id: Option<String>,
    pub configuration_url: Option<String>,
}

impl fmt::Debug for IncomingWebhook {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IncomingWebhook")
            .field("url", &"<redacted>")
            .field("channel", &self.channel)
            .field("channel_id", &self.channel_id)
            .finish_non_exhaustive()
    }
}

/// Which installation: the organization (Enterprise Grid), the workspace, and the user
/// (`None`: the workspace's bot installation).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub struct InstallationKey {
    pub enterprise_id: Option<String>,
    pub team_id: Option<String>,
    pub user_id: Option<String>,
}

impl InstallationKey {
    /// A workspace's bot installation.
    pub fn team(team_id: impl Into<String>) -> Self {
        InstallationKey {
            team_id: Some(team_id.into()),
            ..Self::default()
        }
    }

    /// An organization-wide installation.
    pub fn enterprise(enterprise_id: impl Into<String>) -> Self {
        InstallationKey {
            enterprise_id: Some(enterprise_id.into()),
            ..Self::default()
        }
    }

    /// The same installation, for one user's token.
    pub fn user(mut self, user_id: impl Into<String>) -> Self {
        self.user_id = Some(user_id.into());
        self
    }
}

/// An app's installation, as `oauth.v2.access` tells it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Installation {
    pub app_id: Option<String>,
    pub team_id: Option<String>,
    pub team_name: Option<String>,
    pub enterprise_id: Option<String>,
    pub enterprise_name: Option<String>,
    pub is_enterprise_install: bool,
    /// The user who installed the app.
    pub user_id: String,
    pub bot_user_id: Option<String>,
    pub bot: Option<Tokens>,
    /// The installing user's token, when user scopes were granted.
    pub user: Option<Tokens>,
    pub incoming_webhook: Option<IncomingWebhook>,
    pub installed_at: SystemTime,
}

fn split_scopes(scope: Option<&str>) -> Vec<String> {
    scope
        .unwrap_or("")
        .split(',')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A decoded text field as an owned `String`.
fn owned(text: &Option<slack_api::Str>) -> Option<String> {
    text.as_deref().map(str::to_owned)
}

fn tokens(
    token: Option<&str>,
    scope: Option<&str>,
    refresh: Option<&str>,
    expires_in: Option<i64>,
    now: SystemTime,
) -> Option<Tokens> {
    let mut out = Tokens::new(token?, split_scopes(scope));
    if let (Some(refresh), Some(secs)) = (refresh, expires_in) {
        let secs = u64::try_from(secs).unwrap_or(0);
        out = out.rotating(refresh, crate::clock::later(now, Duration::from_secs(secs)));
    }
    Some(out)
}

impl Installation {
    /// The installation a successful `oauth.v2.access` describes, received at `now`;
    /// `None` when it names no installing user.
    pub fn from_response(response: &OauthV2AccessResponse, now: SystemTime) -> Option<Self> {
        let r = response;
        let authed = r.authed_user.as_deref();
        let user = authed.and_then(|u| {
            tokens(
                u.access_token.as_deref(),
                u.scope.as_deref(),
                u.refresh_token.as_deref(),
                u.expires_in,
                now,
            )
        });
        let webhook = r.incoming_webhook.as_deref().and_then(|w| {
            Some(IncomingWebhook {
                url: w.url.as_deref()?.to_owned(),
                channel: owned(&w.channel),
                channel_id: owned(&w.channel_id),
                configuration_url: owned(&w.configuration_url),
            })
        });
        Some(Installation {
            app_id: owned(&r.app_id),
            team_id: r.team.as_ref().map(|t| t.id.to_string()),
            team_name: r.team.as_ref().and_then(|t| owned(&t.name)),
            enterprise_id: r.enterprise.as_ref().and_then(|e| owned(&e.id)),
            enterprise_name: r.enterprise.as_ref().and_then(|e| owned(&e.name)),
            is_enterprise_install: r.is_enterprise_install.unwrap_or(false),
            user_id: authed?.id.as_deref()?.to_owned(),
            bot_user_id: owned(&r.bot_user_id),
            bot: tokens(
                r.access_token.as_deref(),
                r.scope.as_deref(),
                r.refresh_token.as_deref(),
                r.expires_in,
                now,
            ),
            user,
            incoming_webhook: webhook,
            installed_at: now,
        })
    }

    /// The key of its bot installation: the organization for an org-wide install, else
    /// the workspace.
    pub fn key(&self) -> InstallationKey {
        InstallationKey {
            enterprise_id: self.enterprise_id.clone(),
            team_id: if self.is_enterprise_install {
                None
            } else {
                self.team_id.clone()
            },
            user_id: None,
        }
    }
}

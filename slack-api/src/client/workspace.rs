//! The workspace a call counts against, for pacing: the token's team, learned once per token
//! through `auth.test` and cached (or given with
//! [`ClientBuilder::workspace`](super::ClientBuilder::workspace)); for an Enterprise
//! organization's token, the call's `team_id` argument.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::sync::OnceCell;

use super::{Client, Token};
use crate::pace::{PaceKey, TokenKey};
use crate::{Error, HttpMethod, MethodMeta, Params, RateLimit, RawErrorCode};

/// Tokens whose team is remembered before the cache starts over.
const MOST_TOKENS: usize = 10_000;

/// `auth.test` as the lookup sends it, whatever method families are built.
const AUTH_TEST: MethodMeta = MethodMeta {
    name: "auth.test",
    http_method: HttpMethod::Post,
    rate_limit: RateLimit::Undocumented,
    idempotent: true,
    ..super::UNKNOWN_METHOD
};

/// What `auth.test` said about a token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Team {
    /// A workspace's token.
    Workspace(Arc<str>),
    /// An Enterprise organization's token (the organization's id).
    Org(Arc<str>),
    /// Not known (`auth.test` refused the token): the token stands for its workspace.
    Unknown,
}

impl Team {
    /// The workspace a call with these arguments counts against.
    pub(crate) fn for_call<'a>(&'a self, params: &'a Params<'_>) -> Option<&'a str> {
        match self {
            Team::Workspace(team) => Some(team),
            Team::Org(org) => Some(
                params
                    .get("team_id")
                    .and_then(crate::ParamValue::as_str)
                    .unwrap_or(org),
            ),
            Team::Unknown => None,
        }
    }
}

/// Each token's team, looked up once (concurrent calls share the one lookup).
#[derive(Debug, Default)]
pub(crate) struct Teams(Mutex<HashMap<TokenKey, Arc<OnceCell<Team>>>>);

impl Teams {
    fn cell(&self, key: TokenKey) -> Arc<OnceCell<Team>> {
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() >= MOST_TOKENS && !map.contains_key(&key) {
            map.clear();
        }
        map.entry(key).or_default().clone()
    }
}

impl Client {
    /// The team of `token` (the client's own when `None`), looked up once.
    pub(super) async fn team_of(&self, token: Option<&Token>, key: TokenKey) -> Team {
        if let (None, Some(team)) = (token, &self.inner.workspace) {
            return Team::Workspace(team.clone());
        }
        let cell = self.inner.teams.cell(key);
        let team = cell.get_or_try_init(|| self.look_up_team(token, key)).await;
        team.cloned().unwrap_or(Team::Unknown)
    }

    /// `auth.test`: the team, or an error (not cached) when Slack could not be reached.
    async fn look_up_team(
        &self,
        token: Option<&Token>,
        key: TokenKey,
    ) -> Result<Team, Error<RawErrorCode>> {
        let params = Params::new();
        let pace_key = PaceKey::new(key, AUTH_TEST.name, &AUTH_TEST, &params);
        let span = tracing::Span::none();
        let (_, body) = self
            .tries(&AUTH_TEST, &params, token, pace_key, &span)
            .await?;
        Ok(parse_team(&body))
    }
}

/// The team in an `auth.test` body.
fn parse_team(body: &[u8]) -> Team {
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(body) else {
        return Team::Unknown;
    };
    let text = |name: &str| {
        value
            .get(name)
            .and_then(serde_json::Value::as_str)
            .filter(|s| !s.is_empty())
            .map(Arc::<str>::from)
    };
    if value.get("ok") != Some(&serde_json::Value::Bool(true)) {
        return Team::Unknown;
    }
    let org = value.get("is_enterprise_install") == Some(&serde_json::Value::Bool(true));
    match (org, text("enterprise_id"), text("team_id")) {
        (true, Some(org), _) => Team::Org(org),
        (_, _, Some(team)) => Team::Workspace(team),
        _ => Team::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auth_test_gives_the_team_or_the_organization() {
        let team = parse_team(br#"{"ok":true,"team_id":"T1","user_id":"U1"}"#);
        assert_eq!(team, Team::Workspace("T1".into()));
        let org = br#"{"ok":true,"team_id":"","enterprise_id":"E1","is_enterprise_install":true}"#;
        let org = parse_team(org);
        assert_eq!(org, Team::Org("E1".into()));
        let mut params = Params::new();
        assert_eq!(org.for_call(&params), Some("E1"));
        params.push("team_id", crate::ParamValue::Str("T2".into()));
        assert_eq!(org.for_call(&params), Some("T2"));
        assert_eq!(team.for_call(&params), Some("T1"));
        assert_eq!(
            parse_team(br#"{"ok":false,"error":"invalid_auth"}"#),
            Team::Unknown
        );
        assert_eq!(parse_team(b"<html>"), Team::Unknown);
    }
}

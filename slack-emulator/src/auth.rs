//! Tokens the emulator knows, and the checks Slack makes with them before a method runs:
//! `not_authed`, `invalid_auth`, `token_revoked`, `not_allowed_token_type`, `missing_scope`.
//! What a method accepts comes from its generated metadata (`MethodMeta::tokens`).

use std::collections::BTreeSet;

use slack_api::{MethodMeta, ScopesMatch, TokenType};

use crate::reply::Failure;

/// A token and what it stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Credential {
    pub token: String,
    pub token_type: TokenType,
    /// The user the token acts as (for a bot token, the bot's user).
    pub user_id: String,
    pub scopes: BTreeSet<String>,
    pub revoked: bool,
}

impl Credential {
    /// A token of this type acting as `user_id`, with these scopes.
    pub fn new(
        token: impl Into<String>,
        token_type: TokenType,
        user_id: impl Into<String>,
        scopes: impl IntoIterator<Item = impl Into<String>>,
    ) -> Self {
        Credential {
            token: token.into(),
            token_type,
            user_id: user_id.into(),
            scopes: scopes.into_iter().map(Into::into).collect(),
            revoked: false,
        }
    }
}

/// Every scope any method of the spec asks of a token of this type: what the seeded
/// tokens hold, so that only a token a test makes narrower meets `missing_scope`.
pub fn all_scopes(token_type: TokenType) -> BTreeSet<String> {
    slack_api::methods::ALL
        .iter()
        .flat_map(|m| m.tokens.iter())
        .filter(|t| t.token_type == token_type)
        .flat_map(|t| t.scopes.iter().map(|s| s.to_string()))
        .collect()
}

/// The checks of a call's token against the method, in Slack's order.
pub fn check<'c>(
    meta: &MethodMeta,
    token: Option<&str>,
    known: &'c [Credential],
) -> Result<&'c Credential, Failure> {
    let Some(token) = token.filter(|t| !t.is_empty()) else {
        return Err(Failure::new("not_authed"));
    };
    let Some(credential) = known.iter().find(|c| c.token == token) else {
        return Err(Failure::new("invalid_auth"));
    };
    if credential.revoked {
        return Err(Failure::new("token_revoked"));
    }
    // A method the spec lists no token for takes any.
    if meta.tokens.is_empty() {
        return Ok(credential);
    }
    let Some(wanted) = meta
        .tokens
        .iter()
        .find(|t| t.token_type == credential.token_type)
    else {
        return Err(Failure::new("not_allowed_token_type"));
    };
    let has = |scope: &&str| credential.scopes.contains(*scope);
    let enough = match wanted.scopes_match {
        ScopesMatch::All => wanted.scopes.iter().all(has),
        _ => wanted.scopes.is_empty() || wanted.scopes.iter().any(has),
    };
    if enough {
        Ok(credential)
    } else {
        let provided: Vec<&str> = credential.scopes.iter().map(String::as_str).collect();
        Err(Failure::new("missing_scope")
            .with("needed", wanted.scopes.join(","))
            .with("provided", provided.join(",")))
    }
}

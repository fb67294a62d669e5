//! OAuth v2 as Slack runs it for an app: `GET /oauth/v2/authorize` approves at once (as
//! the workspace's first person) and redirects back with a single-use `code` and the
//! `state`; `oauth.v2.access` takes the app's client ID and secret (HTTP Basic, or the
//! `client_id` and `client_secret` arguments) and exchanges a code, or with token rotation
//! a refresh token, for tokens that then work against every other method. With rotation
//! on, access tokens expire (`xoxe.xoxb-…`, `xoxe.xoxp-…`, answered `token_expired` after
//! their lifetime) and come with refresh tokens (`xoxe-1-…`), each usable once.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, SystemTime};

use axum::extract::{RawQuery, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde_json::{json, Map, Value};
use slack_api::wire::{self, IncomingRequest};
use slack_api::{Params, TokenType};

use crate::auth::Credential;
use crate::reply::Failure;
use crate::serve::Shared;
use crate::App;

/// What the user approved: handed out as a code, later as a refresh token.
#[derive(Debug, Clone)]
struct Grant {
    user: String,
    bot_scopes: Vec<String>,
    user_scopes: Vec<String>,
    redirect_uri: Option<String>,
}

/// Codes, refresh tokens and expiries handed out, and the test hooks.
#[derive(Debug, Default)]
pub struct OAuth {
    state: Mutex<State_>,
}

#[derive(Debug, Default)]
struct State_ {
    codes: HashMap<String, Grant>,
    /// Refresh token → the grant and which token type it refreshes.
    refresh: HashMap<String, (Grant, TokenType)>,
    expires: HashMap<String, SystemTime>,
    /// How far the emulator's OAuth clock is ahead of the system's.
    ahead: Duration,
    deny: bool,
    next: u64,
}

impl OAuth {
    fn lock(&self) -> MutexGuard<'_, State_> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Makes the next authorization be denied (`error=access_denied`).
    pub fn deny_next(&self) {
        self.lock().deny = true;
    }

    /// Moves the OAuth clock forward: tokens expire as if `by` had passed.
    pub fn advance(&self, by: Duration) {
        let mut state = self.lock();
        state.ahead = state.ahead.saturating_add(by);
    }

    /// `token_expired` for an access token past its lifetime.
    pub fn check_expiry(&self, token: Option<&str>) -> Result<(), Failure> {
        let state = self.lock();
        let now = later(SystemTime::now(), state.ahead);
        match token.and_then(|t| state.expires.get(t)) {
            Some(at) if *at <= now => Err(Failure::new("token_expired")),
            _ => Ok(()),
        }
    }

    /// Forgets every code and token handed out (`reset`).
    pub fn reset(&self) {
        let ahead = self.lock().ahead;
        *self.lock() = State_ {
            ahead,
            ..State_::default()
        };
    }
}

/// `t` plus `by`, saturating instead of overflowing.
fn later(t: SystemTime, by: Duration) -> SystemTime {
    t.checked_add(by).unwrap_or(t)
}

pub fn routes() -> Router<Arc<Shared>> {
    Router::new().route("/oauth/v2/authorize", get(authorize))
}

/// The query's pairs, decoded.
fn query_pairs(query: Option<&str>) -> HashMap<String, String> {
    url::form_urlencoded::parse(query.unwrap_or("").as_bytes())
        .into_owned()
        .collect()
}

fn scopes(text: Option<&String>) -> Vec<String> {
    let text = text.map_or("", String::as_str);
    text.split([',', ' '])
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

fn page(status: StatusCode, text: &str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        text.to_owned(),
    )
        .into_response()
}

/// `GET /oauth/v2/authorize`: the user approves at once, or denies once after
/// [`OAuth::deny_next`]; either way a redirect to `redirect_uri` with the `state`.
async fn authorize(State(shared): State<Arc<Shared>>, RawQuery(query): RawQuery) -> Response {
    let q = query_pairs(query.as_deref());
    let (app, user) = {
        let ws = shared.workspace.lock().unwrap_or_else(|e| e.into_inner());
        (
            ws.app.clone(),
            ws.first_person().unwrap_or_default().to_owned(),
        )
    };
    if q.get("client_id") != Some(&app.client_id) {
        return page(StatusCode::BAD_REQUEST, "invalid_client_id");
    }
    let Some(Ok(mut redirect)) = q.get("redirect_uri").map(|u| url::Url::parse(u)) else {
        return page(StatusCode::BAD_REQUEST, "bad_redirect_uri");
    };
    let bot_scopes = scopes(q.get("scope"));
    let user_scopes = scopes(q.get("user_scope"));
    if bot_scopes.is_empty() && user_scopes.is_empty() {
        return page(StatusCode::BAD_REQUEST, "invalid_scope");
    }
    let mut state = shared.oauth.lock();
    {
        let mut pairs = redirect.query_pairs_mut();
        if std::mem::take(&mut state.deny) {
            pairs.append_pair("error", "access_denied");
        } else {
            state.next += 1;
            let code = format!("{}.{}.{:x}", crate::TEAM_ID, state.next, nonce());
            let grant = Grant {
                user,
                bot_scopes,
                user_scopes,
                redirect_uri: q.get("redirect_uri").cloned(),
            };
            state.codes.insert(code.clone(), grant);
            pairs.append_pair("code", &code);
        }
        if let Some(s) = q.get("state") {
            pairs.append_pair("state", s);
        }
    }
    (
        StatusCode::FOUND,
        [(header::LOCATION, redirect.to_string())],
    )
        .into_response()
}

/// Sixty-four bits that differ between calls and runs (not cryptographic: the emulator's
/// tokens only have to be unique).
fn nonce() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        SystemTime::UNIX_EPOCH
            .elapsed()
            .unwrap_or_default()
            .as_nanos(),
    );
    h.finish()
}

/// `oauth.v2.access`: the app's credentials checked, then a code or a refresh token
/// exchanged for tokens.
pub fn access(
    shared: &Shared,
    incoming: &IncomingRequest<'_>,
    params: &Params<'_>,
) -> Result<Map<String, Value>, Failure> {
    let app = shared
        .workspace
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .app
        .clone();
    let text = |name: &str| {
        params
            .get(name)
            .and_then(slack_api::ParamValue::as_str)
            .map(str::to_owned)
    };
    let (id, secret) = match incoming.authorization.and_then(wire::basic_credentials) {
        Some((id, secret)) => (Some(id), Some(secret.expose().to_owned())),
        None => (text("client_id"), text("client_secret")),
    };
    if id.as_deref() != Some(app.client_id.as_str()) {
        return Err(Failure::new("invalid_client_id"));
    }
    if secret.as_deref() != Some(app.client_secret.as_str()) {
        return Err(Failure::new("bad_client_secret"));
    }
    let mut state = shared.oauth.lock();
    match text("grant_type").as_deref() {
        None | Some("authorization_code") => {
            let code = text("code").unwrap_or_default();
            let grant = state
                .codes
                .remove(&code)
                .ok_or_else(|| Failure::new("invalid_code"))?;
            if text("redirect_uri").is_some_and(|u| Some(u) != grant.redirect_uri) {
                return Err(Failure::new("bad_redirect_uri"));
            }
            Ok(install(shared, &mut state, &app, &grant))
        }
        Some("refresh_token") if app.token_rotation => {
            let token = text("refresh_token").unwrap_or_default();
            let (grant, kind) = state
                .refresh
                .remove(&token)
                .ok_or_else(|| Failure::new("invalid_refresh_token"))?;
            Ok(refresh(shared, &mut state, &app, &grant, kind))
        }
        Some(_) => Err(Failure::new("invalid_grant_type")),
    }
}

/// A new token of this kind for the grant, registered as a credential; with rotation, its
/// expiry and a refresh token. Gives the token, `expires_in` and the refresh token.
fn issue(
    shared: &Shared,
    state: &mut State_,
    app: &App,
    grant: &Grant,
    kind: TokenType,
) -> (String, Option<(u64, String)>) {
    state.next += 1;
    let (prefix, user, scopes) = match kind {
        TokenType::Bot => {
            let bot_user = shared
                .workspace
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .bot
                .1
                .clone();
            ("xoxb", bot_user, &grant.bot_scopes)
        }
        _ => ("xoxp", grant.user.clone(), &grant.user_scopes),
    };
    let body = format!("{}-{}-{:x}", crate::TEAM_ID, state.next, nonce());
    let token = if app.token_rotation {
        format!("xoxe.{prefix}-1-{body}")
    } else {
        format!("{prefix}-{body}")
    };
    let credential = Credential::new(&token, kind, user, scopes.iter().cloned());
    shared
        .credentials
        .write()
        .unwrap_or_else(|e| e.into_inner())
        .push(credential);
    let rotation = app.token_rotation.then(|| {
        let now = later(SystemTime::now(), state.ahead);
        let lifetime = Duration::from_secs(app.token_lifetime);
        state.expires.insert(token.clone(), later(now, lifetime));
        let refresh = format!("xoxe-1-{body}");
        state.refresh.insert(refresh.clone(), (grant.clone(), kind));
        (app.token_lifetime, refresh)
    });
    (token, rotation)
}

fn install(shared: &Shared, state: &mut State_, app: &App, grant: &Grant) -> Map<String, Value> {
    let (team_name, bot_user) = {
        let ws = shared.workspace.lock().unwrap_or_else(|e| e.into_inner());
        (
            ws.team.get("name").cloned().unwrap_or(json!("")),
            ws.bot.1.clone(),
        )
    };
    let mut out = crate::reply::fields(json!({
        "app_id": "A0EMU00001",
        "team": {"id": crate::TEAM_ID, "name": team_name},
        "enterprise": null,
        "is_enterprise_install": false,
        "authed_user": {"id": grant.user},
    }));
    if !grant.bot_scopes.is_empty() {
        let (token, rotation) = issue(shared, state, app, grant, TokenType::Bot);
        out.insert("access_token".into(), json!(token));
        out.insert("token_type".into(), json!("bot"));
        out.insert("scope".into(), json!(grant.bot_scopes.join(",")));
        out.insert("bot_user_id".into(), json!(bot_user));
        if let Some((expires_in, refresh)) = rotation {
            out.insert("expires_in".into(), json!(expires_in));
            out.insert("refresh_token".into(), json!(refresh));
        }
    }
    if !grant.user_scopes.is_empty() {
        let (token, rotation) = issue(shared, state, app, grant, TokenType::User);
        let mut user = json!({
            "id": grant.user, "scope": grant.user_scopes.join(","),
            "access_token": token, "token_type": "user",
        });
        if let (Some((expires_in, refresh)), Some(u)) = (rotation, user.as_object_mut()) {
            u.insert("expires_in".into(), json!(expires_in));
            u.insert("refresh_token".into(), json!(refresh));
        }
        out.insert("authed_user".into(), user);
    }
    out
}

/// A refresh: a new access token and a new refresh token, as Slack answers it (the token
/// at the top level, whichever its type).
fn refresh(
    shared: &Shared,
    state: &mut State_,
    app: &App,
    grant: &Grant,
    kind: TokenType,
) -> Map<String, Value> {
    let (token, rotation) = issue(shared, state, app, grant, kind);
    let scopes: BTreeSet<&String> = match kind {
        TokenType::Bot => grant.bot_scopes.iter().collect(),
        _ => grant.user_scopes.iter().collect(),
    };
    let scope: Vec<&str> = scopes.into_iter().map(String::as_str).collect();
    let mut out = crate::reply::fields(json!({
        "app_id": "A0EMU00001",
        "team": {"id": crate::TEAM_ID},
        "enterprise": null,
        "is_enterprise_install": false,
        "access_token": token,
        "token_type": if kind == TokenType::Bot { "bot" } else { "user" },
        "scope": scope.join(","),
    }));
    if let Some((expires_in, refresh)) = rotation {
        out.insert("expires_in".into(), json!(expires_in));
        out.insert("refresh_token".into(), json!(refresh));
    }
    out
}

/// The arguments of a call to a method that authenticates with client credentials, with
/// the secrets among them (`client_secret`, `code`, `refresh_token`) replaced, for
/// `calls()`.
pub fn redact(method: &str, mut args: Value) -> Value {
    let app_method = slack_api::MethodMeta::find(method)
        .is_some_and(|m| m.auth == slack_api::Auth::ClientCredentials);
    if let (true, Some(map)) = (app_method, args.as_object_mut()) {
        for key in ["client_secret", "code", "refresh_token", "code_verifier"] {
            if let Some(value) = map.get_mut(key) {
                *value = json!("<redacted>");
            }
        }
    }
    args
}

//! What the spec says about each method, as the client reads it, and the traits that tie
//! a generated request to its response and error types.

use serde::de::DeserializeOwned;

use crate::{ApiResponse, Params};

/// The HTTP verb a method prefers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum HttpMethod {
    Get,
    Post,
}

/// A content type a method accepts for its arguments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ContentType {
    /// `application/x-www-form-urlencoded`
    Form,
    /// `application/json`
    Json,
    /// `multipart/form-data`
    Multipart,
}

/// A method's rate limit, per workspace and app.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RateLimit {
    /// Tier 1 (1+ per minute) to tier 4 (100+ per minute).
    Tier(u8),
    /// A limit of its own.
    Special {
        /// Slack's words for it.
        note: &'static str,
        /// The limit in calls per minute, when Slack gives a number.
        per_minute: Option<u32>,
        /// The argument whose value the limit is counted per (`chat.postMessage`:
        /// `channel`); `None` when it applies to the method as a whole.
        per: Option<&'static str>,
    },
    /// Slack's reference does not say.
    Undocumented,
}

impl RateLimit {
    /// The documented floor of calls per minute: a tier's number (1, 20, 50, 100) or a
    /// special limit's, if Slack gives one.
    pub fn per_minute(&self) -> Option<u32> {
        match *self {
            RateLimit::Tier(1) => Some(1),
            RateLimit::Tier(2) => Some(20),
            RateLimit::Tier(3) => Some(50),
            RateLimit::Tier(4) => Some(100),
            RateLimit::Tier(_) | RateLimit::Undocumented => None,
            RateLimit::Special { per_minute, .. } => per_minute,
        }
    }
}

/// Whether a token needs one of a method's scopes or all of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ScopesMatch {
    /// Any one of the scopes is enough (e.g. one per conversation type).
    Any,
    /// Every scope is needed.
    All,
}

/// How an argument's value goes on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Encoding {
    /// A scalar as text (a JSON scalar in a JSON body).
    Text,
    /// A list as one comma-separated string, in forms and JSON bodies alike.
    CommaList,
    /// A list as a JSON array: JSON text in a form, an array in a JSON body.
    JsonArray,
    /// A JSON value (blocks, attachments, metadata): JSON text in a form, the value itself
    /// in a JSON body.
    Json,
    /// A file part of a `multipart/form-data` body.
    File,
}

/// One argument of a method, as its spec gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct ArgumentMeta {
    /// The name Slack uses.
    pub name: &'static str,
    /// The spec's type expression: `string`, `integer`, `array<string>`, `json`, `file`, or
    /// an enum's name.
    pub ty: &'static str,
    pub required: bool,
    /// Slack's default, as text (the client never sends it).
    pub default: Option<&'static str>,
    pub encoding: Encoding,
}

/// Where the next cursor of a paginated method comes back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum NextCursor {
    /// `response_metadata.next_cursor`, the Web API's usual place.
    ResponseMetadata,
    /// A top-level `next_cursor` field.
    TopLevel,
}

/// How a method pages with a cursor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct PaginationMeta {
    /// The argument that carries the cursor.
    pub cursor_argument: &'static str,
    /// The argument that sets the page size, if any.
    pub limit_argument: Option<&'static str>,
    /// The response field (JSON name) holding the page's items.
    pub items: &'static str,
    pub next_cursor: NextCursor,
}

/// A kind of token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TokenType {
    Bot,
    User,
    App,
    /// Tokens of the retired workspace apps.
    Workspace,
}

/// A token type a method works with, and the scopes it needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct TokenScopes {
    pub token_type: TokenType,
    pub scopes: &'static [&'static str],
    /// Whether the token needs one of `scopes` or all of them.
    pub scopes_match: ScopesMatch,
}

/// Why a method is deprecated, and what replaces it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Deprecation {
    pub note: &'static str,
    pub replacement: Option<&'static str>,
}

/// Everything the spec says about a method that the client needs, or a user may ask.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct MethodMeta {
    /// The method's name, as in its URL: `chat.postMessage`.
    pub name: &'static str,
    /// Its family, the name's first segment (`chat`): a cargo feature of this crate.
    pub family: &'static str,
    pub description: &'static str,
    pub docs_url: &'static str,
    /// The verb Slack prefers. GET sends arguments in the query string.
    pub http_method: HttpMethod,
    /// Content types accepted for a POST body; JSON is used when listed.
    pub content_types: &'static [ContentType],
    pub rate_limit: RateLimit,
    /// Whether sending the request twice has the effect of sending it once: only such
    /// methods are repeated after a server or connection error.
    pub idempotent: bool,
    pub tokens: &'static [TokenScopes],
    pub deprecated: Option<Deprecation>,
    /// How the method pages with a cursor, if it does.
    pub pagination: Option<PaginationMeta>,
    /// The method's arguments, in the spec's order.
    pub arguments: &'static [ArgumentMeta],
    /// Every error code of the method's table, common ones included, sorted.
    pub errors: &'static [&'static str],
    /// The warning codes of the method's table.
    pub warnings: &'static [&'static str],
}

impl MethodMeta {
    /// Whether the method takes a JSON body.
    pub fn accepts_json(&self) -> bool {
        self.content_types.contains(&ContentType::Json)
    }

    /// Whether the method has an argument of this name.
    pub fn has_argument(&self, name: &str) -> bool {
        self.argument(name).is_some()
    }

    /// The argument of this name, if the method has one.
    pub fn argument(&self, name: &str) -> Option<&'static ArgumentMeta> {
        self.arguments.iter().find(|a| a.name == name)
    }

    /// Whether the method pages with a cursor.
    pub fn paginated(&self) -> bool {
        self.pagination.is_some()
    }

    /// The metadata of a method in the spec, by name.
    pub fn find(name: &str) -> Option<&'static MethodMeta> {
        let all = crate::methods::ALL;
        all.binary_search_by(|m| m.name.cmp(name))
            .ok()
            .map(|i| all[i])
    }
}

/// A request to one Web API method: generated for every method in the spec.
pub trait Method: Send + Sync {
    /// The body of a successful call.
    type Response: DeserializeOwned + ApiResponse + Send + 'static;
    /// The method's error codes.
    type Error: ErrorCode;
    /// The method's metadata.
    const META: &'static MethodMeta;

    /// Writes the arguments that are set.
    fn write_params<'a>(&'a self, params: &mut Params<'a>);
}

/// An error code type: parsing never fails, since unknown codes have a variant.
pub trait ErrorCode: std::fmt::Debug + std::fmt::Display + Send + Sync + Sized + 'static {
    /// The error for a code; a code this version does not know is kept as it came.
    fn from_code(code: &str) -> Self;
    /// The code as Slack sends it.
    fn code(&self) -> &str;
    /// What Slack's documentation says the error means, when the code is known.
    fn description(&self) -> Option<&'static str> {
        None
    }
    /// `code: description`, or the code alone: what `Display` shows.
    fn fmt_code(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.description() {
            Some(description) => write!(f, "{}: {}", self.code(), description),
            None => f.write_str(self.code()),
        }
    }
}

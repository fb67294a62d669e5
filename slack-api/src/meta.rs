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

/// A method's rate limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RateLimit {
    /// Tier 1 (1+ per minute) to tier 4 (100+ per minute).
    Tier(u8),
    /// A limit of its own, as Slack describes it.
    Special(&'static str),
    /// Slack's reference does not say.
    Undocumented,
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
    /// Whether the method pages with a cursor.
    pub paginated: bool,
    /// The names of the method's arguments.
    pub arguments: &'static [&'static str],
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
        self.arguments.contains(&name)
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
pub trait ErrorCode: std::error::Error + Send + Sync + Sized + 'static {
    fn from_code(code: &str) -> Self;
    /// The code as Slack sends it.
    fn code(&self) -> &str;
}

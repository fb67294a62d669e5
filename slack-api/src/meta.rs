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

/// The type of an argument, as its spec gives it: what a server reading a request (the
/// emulator, the wire layer's decoder) checks a value against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ArgType {
    String,
    Boolean,
    Integer,
    Number,
    /// A JSON value (blocks, attachments, metadata).
    Json,
    /// A file part of a multipart body.
    File,
    /// One of the values of a spec enum (Slack may accept others it adds later).
    Enum(&'static [&'static str]),
    /// A list of values of the inner type.
    List(&'static ArgType),
}

impl ArgType {
    /// How a value of this type goes on the wire unless the spec says otherwise: a list as
    /// one comma-separated string, a JSON value as JSON, a file as a file part, any other
    /// value as text.
    pub const fn default_encoding(&self) -> Encoding {
        match self {
            ArgType::List(_) => Encoding::CommaList,
            ArgType::Json => Encoding::Json,
            ArgType::File => Encoding::File,
            _ => Encoding::Text,
        }
    }
}

impl std::fmt::Display for ArgType {
    /// The spec's type expression: `string`, `array<integer>`, `enum`, ...
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ArgType::String => f.write_str("string"),
            ArgType::Boolean => f.write_str("boolean"),
            ArgType::Integer => f.write_str("integer"),
            ArgType::Number => f.write_str("number"),
            ArgType::Json => f.write_str("json"),
            ArgType::File => f.write_str("file"),
            ArgType::Enum(_) => f.write_str("enum"),
            ArgType::List(inner) => write!(f, "array<{inner}>"),
        }
    }
}

/// One argument of a method, as its spec gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct ArgumentMeta {
    /// The name Slack uses.
    pub name: &'static str,
    pub ty: ArgType,
    pub required: bool,
    /// Slack's default, as text (the client never sends it).
    pub default: Option<&'static str>,
    pub encoding: Encoding,
}

impl ArgumentMeta {
    /// A required argument, encoded as its type's default.
    pub const fn required(name: &'static str, ty: ArgType) -> Self {
        ArgumentMeta {
            name,
            ty,
            required: true,
            default: None,
            encoding: ty.default_encoding(),
        }
    }

    /// An optional argument, encoded as its type's default.
    pub const fn optional(name: &'static str, ty: ArgType) -> Self {
        ArgumentMeta {
            required: false,
            ..Self::required(name, ty)
        }
    }

    /// The same argument with Slack's default value.
    pub const fn with_default(self, default: &'static str) -> Self {
        ArgumentMeta {
            default: Some(default),
            ..self
        }
    }

    /// The same argument with another encoding than its type's default.
    pub const fn encoded(self, encoding: Encoding) -> Self {
        ArgumentMeta { encoding, ..self }
    }
}

/// An error code and what Slack's documentation says it means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct ErrorInfo {
    pub code: &'static str,
    pub description: &'static str,
}

impl ErrorInfo {
    pub const fn new(code: &'static str, description: &'static str) -> Self {
        ErrorInfo { code, description }
    }
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

/// What a call of a method authenticates with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Auth {
    /// The caller's token, in `Authorization: Bearer`.
    Token,
    /// The app's client ID and secret in HTTP Basic auth (the OAuth exchanges, such as
    /// `oauth.v2.access`): the client sends its
    /// [`client_credentials`](crate::ClientBuilder::client_credentials), never its token.
    ClientCredentials,
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

impl TokenScopes {
    /// A token of this type needs every one of `scopes`.
    pub const fn all(token_type: TokenType, scopes: &'static [&'static str]) -> Self {
        TokenScopes {
            token_type,
            scopes,
            scopes_match: ScopesMatch::All,
        }
    }

    /// A token of this type needs any one of `scopes`.
    pub const fn any(token_type: TokenType, scopes: &'static [&'static str]) -> Self {
        TokenScopes {
            token_type,
            scopes,
            scopes_match: ScopesMatch::Any,
        }
    }
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
    /// What a call authenticates with: a token, or the app's client credentials.
    pub auth: Auth,
    pub tokens: &'static [TokenScopes],
    pub deprecated: Option<Deprecation>,
    /// How the method pages with a cursor, if it does.
    pub pagination: Option<PaginationMeta>,
    /// The method's arguments, in the spec's order.
    pub arguments: &'static [ArgumentMeta],
    /// The method's own error codes (its error enum's variants), in the spec's order.
    pub errors: &'static [ErrorInfo],
    /// Common errors (see `CommonError`) that the method's reference page also lists, in
    /// its own words.
    pub common_errors: &'static [ErrorInfo],
    /// The warning codes of the method's table.
    pub warnings: &'static [&'static str],
    /// The smallest successful response body the spec allows, as compact JSON:
    /// `"ok": true` and every required response field, recursively, with placeholder
    /// values (`""`, `"X00000000"` for an ID, `0`, `false`, `[]`, `{}`, an enum's first
    /// value, a union's first variant). It decodes into the method's response type; an
    /// emulator answers it for a method it has no behaviour for.
    pub minimal_response: &'static str,
    /// For a method with typed Block Kit arguments: checks them, given as a server decodes
    /// a call's arguments (a JSON object), against Slack's limits, as the client does before
    /// sending (run it inside `validate::strict` to refuse unknown block types too).
    pub check_args: Option<CheckArgs>,
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

    /// Every error code the method's reference lists: its own, then the common ones.
    pub fn error_codes(&self) -> impl Iterator<Item = &'static str> {
        self.errors.iter().chain(self.common_errors).map(|e| e.code)
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

    /// Adds the Slack limits the arguments break to `out` (typed Block Kit values only):
    /// the client refuses such a request before sending it.
    fn check(&self, out: &mut Vec<crate::Violation>) {
        let _ = out;
    }
}

/// See [`MethodMeta::check_args`]: the generated checker of a method's typed arguments.
#[derive(Clone, Copy)]
pub struct CheckArgs(
    pub fn(&serde_json::Map<String, serde_json::Value>, &mut Vec<crate::Violation>),
);

impl CheckArgs {
    /// Adds the limits `args` break to `out`.
    pub fn run(
        &self,
        args: &serde_json::Map<String, serde_json::Value>,
        out: &mut Vec<crate::Violation>,
    ) {
        (self.0)(args, out)
    }
}

impl PartialEq for CheckArgs {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::fn_addr_eq(self.0, other.0)
    }
}

impl Eq for CheckArgs {}

impl std::fmt::Debug for CheckArgs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CheckArgs")
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn argument_constructors_derive_the_encoding_and_keep_what_is_set() {
        let list = ArgumentMeta::optional("users", ArgType::List(&ArgType::String));
        assert!(!list.required);
        assert_eq!(list.encoding, Encoding::CommaList);
        assert_eq!(list.ty.to_string(), "array<string>");
        let array = list.encoded(Encoding::JsonArray).with_default("U1");
        assert_eq!(array.encoding, Encoding::JsonArray);
        assert_eq!(array.default, Some("U1"));
        assert_eq!((array.name, array.ty), ("users", list.ty));
        let required = ArgumentMeta::required("blocks", ArgType::Json);
        assert!(required.required);
        assert_eq!(required.encoding, Encoding::Json);
        assert_eq!(ArgType::File.default_encoding(), Encoding::File);
        assert_eq!(
            ArgType::Enum(&["a", "b"]).default_encoding(),
            Encoding::Text
        );
        assert_eq!(
            ArgType::List(&ArgType::Integer).to_string(),
            "array<integer>"
        );
    }

    /// What the spec says of an argument reaches the generated metadata.
    #[cfg(feature = "conversations")]
    #[test]
    fn generated_arguments_carry_their_defaults_and_types() {
        let meta = MethodMeta::find("conversations.list").expect("in the spec");
        let types = meta.argument("types").expect("an argument");
        assert_eq!(types.ty, ArgType::List(&ArgType::String));
        assert_eq!(types.default, Some("public_channel"));
        assert_eq!(types.encoding, Encoding::CommaList);
        let exclude = meta.argument("exclude_archived").expect("an argument");
        assert_eq!(
            (exclude.ty, exclude.default, exclude.required),
            (ArgType::Boolean, Some("false"), false)
        );
    }

    #[test]
    fn token_scope_constructors_say_how_scopes_combine() {
        let any = TokenScopes::any(TokenType::Bot, &["a", "b"]);
        assert_eq!(any.scopes_match, ScopesMatch::Any);
        let all = TokenScopes::all(TokenType::User, &["a"]);
        assert_eq!(
            (all.token_type, all.scopes, all.scopes_match),
            (TokenType::User, &["a"][..], ScopesMatch::All)
        );
    }
}

//! The spec's file formats, exactly as written in YAML. `spec/README.md` documents every key.
//!
//! Every struct refuses unknown keys. Structs that semantic checks need to point into keep
//! the line of each key in `lines` (see [`crate::yaml::LINES_FIELD`]).

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::yaml::KeyLines;

/// `spec/methods/<name>.yaml`: one Web API method.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MethodFile {
    /// The method's name as in its URL, e.g. `chat.postMessage`.
    pub name: String,
    /// One line saying what the method does.
    pub description: String,
    /// Link to Slack's reference page.
    pub docs: String,
    /// The HTTP verb Slack's reference page prefers.
    pub http_method: HttpMethod,
    /// Content types the method accepts for its arguments.
    pub content_types: Vec<ContentType>,
    /// The rate-limit tier.
    pub rate_limit: RateLimit,
    /// True when sending the same request twice has the effect of sending it once, so the
    /// client may repeat it after a server or connection error.
    pub idempotent: bool,
    /// Token types the method works with and the scopes each needs.
    #[serde(default)]
    pub tokens: Vec<TokenSpec>,
    /// Present when the method is deprecated.
    #[serde(default)]
    pub deprecated: Option<Deprecation>,
    /// The method's arguments, not counting `token` (the client sends it in a header).
    #[serde(default)]
    pub arguments: Vec<Argument>,
    /// Cursor pagination, when the method pages.
    #[serde(default)]
    pub pagination: Option<Pagination>,
    /// The body of a successful (`"ok": true`) response.
    pub response: Response,
    /// Named types used only by this method.
    #[serde(default)]
    pub types: BTreeMap<String, TypeDef>,
    /// The method's error table (common errors included, as on its reference page).
    #[serde(default)]
    pub errors: Vec<Code>,
    /// The method's warning table.
    #[serde(default)]
    pub warnings: Vec<Code>,
    #[serde(rename = "__lines", default)]
    pub lines: KeyLines,
}

/// `spec/common/errors.yaml` and `spec/common/warnings.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodesFile {
    pub codes: Vec<Code>,
}

/// `spec/common/types.yaml`: named types shared by many methods.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TypesFile {
    pub types: BTreeMap<String, TypeDef>,
    #[serde(rename = "__lines", default)]
    pub lines: KeyLines,
}

#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq)]
pub enum HttpMethod {
    #[serde(rename = "GET")]
    Get,
    #[serde(rename = "POST")]
    Post,
}

#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ContentType {
    #[serde(rename = "application/x-www-form-urlencoded")]
    Form,
    #[serde(rename = "application/json")]
    Json,
    #[serde(rename = "multipart/form-data")]
    Multipart,
}

/// `tier: 2`, `special: "text"`, or `undocumented`.
#[derive(Debug, Deserialize, Clone, PartialEq, Eq)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum RateLimit {
    Tier(u8),
    Special(String),
    Undocumented,
}

#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum TokenType {
    Bot,
    User,
    App,
    /// Tokens of the retired workspace apps.
    Workspace,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TokenSpec {
    #[serde(rename = "type")]
    pub token_type: TokenType,
    #[serde(default)]
    pub scopes: Vec<String>,
    #[serde(rename = "__lines", default)]
    pub lines: KeyLines,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deprecation {
    /// Why, and since when.
    pub note: String,
    /// The method to use instead, if there is one.
    #[serde(default)]
    pub replacement: Option<String>,
    #[serde(rename = "__lines", default)]
    pub lines: KeyLines,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Argument {
    pub name: String,
    /// A type expression: see [`crate::types::TypeExpr`].
    #[serde(rename = "type")]
    pub ty: String,
    #[serde(default)]
    pub required: bool,
    pub description: String,
    #[serde(default)]
    pub example: Option<String>,
    #[serde(default)]
    pub default: Option<String>,
    #[serde(rename = "__lines", default)]
    pub lines: KeyLines,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pagination {
    /// The argument that carries the cursor.
    pub cursor_argument: String,
    /// The argument that sets the page size, if any.
    #[serde(default)]
    pub limit_argument: Option<String>,
    /// Where the next cursor comes back.
    pub next_cursor: NextCursor,
    /// The response field holding the page's items (an array).
    pub items: String,
    #[serde(rename = "__lines", default)]
    pub lines: KeyLines,
}

#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum NextCursor {
    /// `response_metadata.next_cursor`, the Web API's usual place.
    ResponseMetadata,
    /// A top-level `next_cursor` field.
    TopLevel,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Response {
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub fields: Vec<Field>,
    #[serde(rename = "__lines", default)]
    pub lines: KeyLines,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    pub name: String,
    #[serde(rename = "type")]
    pub ty: String,
    /// True when the field always comes; otherwise it is an `Option`.
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(rename = "__lines", default)]
    pub lines: KeyLines,
}

/// A named type: exactly one of `enum`, `fields` or `one_of`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TypeDef {
    pub description: String,
    /// A string enum; values it does not list decode to an `Unknown` variant.
    #[serde(rename = "enum", default)]
    pub enum_values: Option<Vec<EnumValue>>,
    /// An object; fields it does not list are kept in a map.
    #[serde(default)]
    pub fields: Option<Vec<Field>>,
    /// A union of object types told apart by their fields, tried in order; a value that
    /// matches none is kept as raw JSON.
    #[serde(default)]
    pub one_of: Option<Vec<UnionVariant>>,
    /// Rules a decoded object must meet that its types alone cannot say.
    #[serde(default)]
    pub checks: Vec<Check>,
    #[serde(rename = "__lines", default)]
    pub lines: KeyLines,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnumValue {
    pub value: String,
    pub description: String,
    #[serde(rename = "__lines", default)]
    pub lines: KeyLines,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnionVariant {
    /// The variant's name (PascalCase).
    pub name: String,
    /// The named object type this variant holds.
    #[serde(rename = "type")]
    pub ty: String,
    pub description: String,
    #[serde(rename = "__lines", default)]
    pub lines: KeyLines,
}

/// "When `when.field` equals `when.equals`, at least one of `non_empty_any` must be present
/// and non-empty."
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Check {
    pub description: String,
    pub when: CheckCondition,
    pub non_empty_any: Vec<String>,
    #[serde(rename = "__lines", default)]
    pub lines: KeyLines,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckCondition {
    pub field: String,
    pub equals: String,
    #[serde(rename = "__lines", default)]
    pub lines: KeyLines,
}

/// A row of an error or warning table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Code {
    pub code: String,
    pub description: String,
    #[serde(rename = "__lines", default)]
    pub lines: KeyLines,
}

//! The spec's file formats, exactly as written in YAML. `spec/README.md` documents every key.
//!
//! Every struct refuses unknown keys. Structs that semantic checks need to point into keep
//! the line of each key in `lines` (see [`crate::yaml::LINES_FIELD`]).

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::yaml::KeyLines;

/// `spec/methods/<family>/<name>.yaml`: one Web API method.
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
    /// How a call authenticates: with a token (the default), or with the app's client
    /// credentials (its client ID and secret) in HTTP Basic auth.
    #[serde(default)]
    pub auth: Auth,
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
    /// Differences from the reference data that the spec keeps on purpose: difference id →
    /// the reason. Read by `cargo xtask drift`; the generator only checks the shape.
    #[serde(default)]
    pub drift: BTreeMap<String, String>,
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

/// `auth`: what a call authenticates with.
#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq, Default)]
pub enum Auth {
    /// The caller's token, `Authorization: Bearer`.
    #[default]
    #[serde(rename = "token")]
    Token,
    /// The app's client ID and secret, `Authorization: Basic` (the OAuth exchanges).
    #[serde(rename = "client_credentials")]
    ClientCredentials,
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

/// `{tier: 2}`, `{special: "text", per_minute: 60, per: channel}`, or `undocumented`.
/// Which keys may go together is checked by the model.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RateLimit {
    pub tier: Option<u8>,
    /// Slack's text for a limit of the method's own.
    pub special: Option<String>,
    /// With `special`: the limit in calls per minute, when Slack gives a number.
    pub per_minute: Option<u32>,
    /// With `special`: the argument whose value the limit is counted per (`channel`).
    pub per: Option<String>,
    /// `undocumented`: Slack's reference gives no limit.
    pub undocumented: bool,
}

/// The mapping form of `rate_limit`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RateLimitMap {
    #[serde(default)]
    tier: Option<u8>,
    #[serde(default)]
    special: Option<String>,
    #[serde(default)]
    per_minute: Option<u32>,
    #[serde(default)]
    per: Option<String>,
}

impl<'de> Deserialize<'de> for RateLimit {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = RateLimit;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("`undocumented` or a mapping with `tier` or `special`")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<RateLimit, E> {
                if v == "undocumented" {
                    Ok(RateLimit {
                        undocumented: true,
                        ..RateLimit::default()
                    })
                } else {
                    Err(E::invalid_value(serde::de::Unexpected::Str(v), &self))
                }
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<RateLimit, A::Error> {
                let m =
                    RateLimitMap::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                Ok(RateLimit {
                    tier: m.tier,
                    special: m.special,
                    per_minute: m.per_minute,
                    per: m.per,
                    undocumented: false,
                })
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// Whether a token needs one of the listed scopes or all of them.
#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ScopesMatch {
    Any,
    All,
}

/// How an argument's value goes on the wire.
#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Encoding {
    /// A scalar as text (not written in the spec: scalars have no choice).
    Text,
    /// An array as one comma-separated string.
    CommaList,
    /// An array as a JSON array (JSON text in a form).
    JsonArray,
    /// A JSON value: JSON text in a form, the value itself in a JSON body.
    Json,
    /// A file part of a multipart body (not written in the spec: `file` has no choice).
    File,
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
    /// Required with two or more scopes.
    #[serde(default)]
    pub scopes_match: Option<ScopesMatch>,
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
    /// A type expression (`string`, `array<T>`, a type name; see `spec/README.md`).
    #[serde(rename = "type")]
    pub ty: String,
    #[serde(default)]
    pub required: bool,
    pub description: String,
    #[serde(default)]
    pub example: Option<String>,
    #[serde(default)]
    pub default: Option<String>,
    /// Required for `array<…>` and `json` arguments, refused for others.
    #[serde(default)]
    pub encoding: Option<Encoding>,
    /// A typed JSON argument is checked against Slack's limits before sending unless this
    /// says `false` (`blocks.validate`: Slack's check is the point of the call).
    #[serde(default)]
    pub checked: Option<bool>,
    /// Slack's limits on a typed JSON argument (as on a field: `max_items`, …).
    #[serde(default)]
    pub max_items: Option<u64>,
    #[serde(default)]
    pub min_items: Option<u64>,
    #[serde(default)]
    pub unique_by: Option<String>,
    #[serde(default)]
    pub surface: Option<Surface>,
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
    /// Required: `fields: []` says the method returns nothing beyond `ok`, so an untyped
    /// response cannot pass for a typed one.
    pub fields: Vec<Field>,
    /// The sources the fields were checked against (see [`RESPONSE_SOURCES`]).
    #[serde(default)]
    pub sources: Vec<String>,
    #[serde(rename = "__lines", default)]
    pub lines: KeyLines,
}

/// The sources a response's `sources` may name, and what each is.
pub const RESPONSE_SOURCES: &[(&str, &str)] = &[
    (
        "docs",
        "Slack's reference page (its description and example responses)",
    ),
    (
        "sample",
        "a recorded response (the Java SDK's `json-logs` samples)",
    ),
    ("node-sdk", "the Node SDK's response type"),
    ("java-sdk", "the Java SDK's response class and models"),
    ("openapi", "Slack's 2020 OpenAPI schema"),
];

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    pub name: String,
    /// The Rust field's name, for a JSON key that cannot become one
    /// (`https://slack.com/user_id`); by default the key's snake_case.
    #[serde(default)]
    pub rust_name: Option<String>,
    #[serde(rename = "type")]
    pub ty: String,
    /// True when the field always comes; otherwise it is an `Option`.
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub description: Option<String>,
    // Slack's limits on the field's value, checked by `validate()`.
    /// Characters, of a `string` or of a type with `length`.
    #[serde(default)]
    pub max_length: Option<u64>,
    #[serde(default)]
    pub min_length: Option<u64>,
    /// Items of an `array<…>`.
    #[serde(default)]
    pub max_items: Option<u64>,
    #[serde(default)]
    pub min_items: Option<u64>,
    /// Of an `array<…>` of objects: this field's value is unique among the items.
    #[serde(default)]
    pub unique_by: Option<String>,
    /// Of an `array<…>`: each item's characters (a string, or a type with `length`).
    #[serde(default)]
    pub max_item_length: Option<u64>,
    /// Of an `array<array<…>>`: each inner list's items (cells per row).
    #[serde(default)]
    pub max_item_items: Option<u64>,
    #[serde(default)]
    pub min_item_items: Option<u64>,
    /// Of an `array<…>` of blocks: the surface the list is (`message`, `modal`, `home`);
    /// a block whose type's `surfaces` leave it out is refused, and so is an element inside
    /// one of its blocks whose type's `surfaces` leave it out.
    #[serde(default)]
    pub surface: Option<Surface>,
    /// Of a `boolean`: at most one object in the scope named has it `true`, counting every
    /// field of this name marked so (`focus_on_load`: one per view).
    #[serde(default)]
    pub one_per: Option<OnePer>,
    /// Of an `integer` or a `number`.
    #[serde(default)]
    pub min: Option<f64>,
    #[serde(default)]
    pub max: Option<f64>,
    #[serde(rename = "__lines", default)]
    pub lines: KeyLines,
}

/// Where a Block Kit block may appear.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Surface {
    Message,
    Modal,
    Home,
}

/// What a `one_per` field is unique in.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum OnePer {
    /// A view: the blocks of a list whose `surface` is `modal` or `home`.
    View,
}

/// A named type: exactly one of `enum`, `fields` or `one_of`.
#[derive(Debug, Clone, Deserialize)]
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
    /// For `one_of`: the field whose string value names the variant (`type`). A tagged
    /// union is decoded by that value, never by trying each shape.
    #[serde(default)]
    pub tag: Option<String>,
    /// Rules a decoded object must meet that its types alone cannot say.
    #[serde(default)]
    pub checks: Vec<Check>,
    /// Where the type's facts came from (reference pages, SDK models); required in
    /// `spec/block-kit/`.
    #[serde(default)]
    pub sources: Vec<String>,
    /// Of an object: the string field whose characters a `max_length`/`min_length` on a
    /// field of this type counts (a text object's `text`).
    #[serde(default)]
    pub length: Option<String>,
    /// Of a block: at most this many of it in one list of blocks.
    #[serde(default)]
    pub max_per_list: Option<u64>,
    /// Of a block with `length`: at most this many characters in all the blocks of this type
    /// in one list (markdown: 12,000 per message).
    #[serde(default)]
    pub max_length_per_list: Option<u64>,
    /// Of a block or an element: the surfaces it may appear in.
    #[serde(default)]
    pub surfaces: Vec<Surface>,
    /// Whether users build values of it (constructors, setters, `Buildable`); by default,
    /// as its folder says (Block Kit: yes).
    #[serde(default)]
    pub buildable: Option<bool>,
    #[serde(rename = "__lines", default)]
    pub lines: KeyLines,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnumValue {
    pub value: String,
    pub description: String,
    #[serde(rename = "__lines", default)]
    pub lines: KeyLines,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnionVariant {
    /// The variant's name (PascalCase).
    pub name: String,
    /// The named object type this variant holds.
    #[serde(rename = "type")]
    pub ty: String,
    /// In a tagged union: the tag's value that selects this variant.
    #[serde(default)]
    pub tag_value: Option<String>,
    pub description: String,
    #[serde(rename = "__lines", default)]
    pub lines: KeyLines,
}

/// "When `when.field` equals `when.equals`, at least one of `non_empty_any` must be present
/// and non-empty."
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Check {
    pub description: String,
    pub when: CheckCondition,
    pub non_empty_any: Vec<String>,
    #[serde(rename = "__lines", default)]
    pub lines: KeyLines,
}

#[derive(Debug, Clone, Deserialize)]
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

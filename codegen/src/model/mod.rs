//! Checks the spec and turns it into a resolved model: names converted to Rust, type
//! expressions resolved to their definitions, common and method-specific errors separated.
//! Every problem found is reported, each with its file, line and key.

mod arguments;
mod checks;
mod codes;
mod common;
mod limits;
mod method;
mod pagination;
mod report;
mod types;

use std::fmt;

use crate::names::snake_case;
use crate::spec::{
    Auth, ContentType, Encoding, HttpMethod, NextCursor, RateLimit, ScopesMatch, TokenType,
};
use crate::SpecFile;

use common::{
    check_shared_type_names, common_codes, required_file, shared_type_files, shared_type_map,
    shared_types,
};
use method::methods;

/// One problem in the spec.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// The spec file, relative to the repository root (`spec/methods/x.yaml`).
    pub file: String,
    pub line: usize,
    /// The offending key, as a path from the top of the file (`arguments[2].type`).
    pub key: String,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.key.is_empty() {
            write!(f, "{}:{}: {}", self.file, self.line, self.message)
        } else {
            write!(
                f,
                "{}:{}: {}: {}",
                self.file, self.line, self.key, self.message
            )
        }
    }
}

/// The whole spec, checked and resolved.
#[derive(Debug)]
pub struct Model {
    pub common_errors: Vec<Code>,
    pub common_warnings: Vec<Code>,
    pub common_types: Vec<NamedType>,
    /// Each file of shared types (`spec/common/types.yaml`, `spec/common/types/<group>.yaml`)
    /// with the names of the types it defines, in file order.
    pub common_type_files: Vec<(String, Vec<String>)>,
    pub common_types_file: String,
    pub common_errors_file: String,
    pub methods: Vec<Method>,
}

#[derive(Debug, Clone)]
pub struct Code {
    pub code: String,
    pub variant: String,
    pub description: String,
}

#[derive(Debug)]
pub struct Method {
    /// The spec file this method comes from.
    pub file: String,
    pub name: String,
    /// The first segment of the name (`chat`): the cargo feature and the folder.
    pub family: String,
    /// `chat_post_message`: module and client function name.
    pub snake: String,
    /// `ChatPostMessage`: request type; `…Response`, `…Error` follow.
    pub pascal: String,
    pub description: String,
    pub docs: String,
    pub http_method: HttpMethod,
    pub content_types: Vec<ContentType>,
    pub rate_limit: RateLimit,
    pub idempotent: bool,
    pub auth: Auth,
    pub tokens: Vec<(TokenType, Vec<String>, ScopesMatch)>,
    pub deprecated: Option<(String, Option<String>)>,
    pub arguments: Vec<Arg>,
    pub pagination: Option<Paging>,
    pub response_description: Option<String>,
    /// The sources the response was checked against, as [`crate::spec::RESPONSE_SOURCES`]
    /// describes them.
    pub response_sources: Vec<&'static str>,
    pub response_fields: Vec<Field>,
    pub types: Vec<NamedType>,
    /// Errors of the method's table that are not common errors.
    pub own_errors: Vec<Code>,
    /// Common errors the method's table lists, with the method's own wording.
    pub listed_common_errors: Vec<Code>,
    pub warnings: Vec<Code>,
}

#[derive(Debug)]
pub struct Arg {
    pub name: String,
    pub rust_name: String,
    pub ty: Ty,
    pub required: bool,
    pub description: String,
    pub example: Option<String>,
    pub default: Option<String>,
    /// How the value goes on the wire.
    pub encoding: Encoding,
    /// A Block Kit value (an object or union type, or a list of one), held as a
    /// `Json<T>`: typed, or raw JSON.
    pub typed_json: bool,
    /// Slack's limits on the value (see [`Limits`]).
    pub limits: Limits,
    /// For a typed JSON argument: checked against Slack's limits before sending.
    pub checked: bool,
}

#[derive(Debug)]
pub struct Paging {
    pub cursor_argument: String,
    pub limit_argument: Option<String>,
    pub next_cursor: NextCursor,
    /// The items field's Rust name and its element type.
    pub items_field: String,
    pub item_ty: Ty,
}

#[derive(Debug, Clone)]
pub struct Field {
    pub name: String,
    pub rust_name: String,
    pub ty: Ty,
    pub required: bool,
    pub description: Option<String>,
    /// Slack's limits on the value (none for most fields).
    pub limits: Limits,
}

/// Slack's documented limits on a field's value, checked by the generated `validate()`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Limits {
    pub max_length: Option<u64>,
    pub min_length: Option<u64>,
    pub max_items: Option<u64>,
    pub min_items: Option<u64>,
    /// The JSON key whose value is unique among the items.
    pub unique_by: Option<String>,
    /// Each item's characters, of a list.
    pub max_item_length: Option<u64>,
    /// Each inner list's items, of a list of lists.
    pub max_item_items: Option<u64>,
    pub min_item_items: Option<u64>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    /// Of a list of blocks: the surface it is, which each block's type must allow.
    pub surface: Option<crate::spec::Surface>,
    /// Of a boolean: at most one `true` in the scope (`focus_on_load`: one per view).
    pub one_per: Option<crate::spec::OnePer>,
}

impl Limits {
    pub fn is_empty(&self) -> bool {
        *self == Limits::default()
    }
}

/// A resolved type expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Ty {
    String,
    Boolean,
    Integer,
    Number,
    /// A whole number that Slack sends as a JSON number in some responses and as a string in
    /// others (a file's `thumb_360_w`): decoded either way, kept as it came.
    IntegerOrString,
    Json,
    /// A file to upload (arguments only): sent as a part of a multipart body.
    File,
    Array(Box<Ty>),
    Map(Box<Ty>),
    /// A named type; `common` says whether it lives in the shared types.
    Named {
        name: String,
        common: bool,
    },
}

#[derive(Debug, Clone)]
pub struct NamedType {
    pub name: String,
    pub description: String,
    pub kind: TypeKind,
    pub checks: Vec<Check>,
    /// For a union: the field whose value names the variant, when Slack tags it.
    pub tag: Option<String>,
    /// Where the type's facts came from.
    pub sources: Vec<String>,
    /// Of an object: the Rust name of the string field a length limit on it counts.
    pub length: Option<String>,
    /// Of a block: at most this many in one list of blocks.
    pub max_per_list: Option<u64>,
    /// Of a block with `length`: the characters of all such blocks in one list.
    pub max_length_per_list: Option<u64>,
    /// Of a block or an element: the surfaces it may appear in (empty: not said).
    pub surfaces: Vec<crate::spec::Surface>,
    /// Built by users, not only read (Block Kit): it gets a constructor and setters, and a
    /// union `From` its variants.
    pub buildable: bool,
}

#[derive(Debug, Clone)]
pub enum TypeKind {
    Enum(Vec<EnumValue>),
    Object(Vec<Field>),
    OneOf(Vec<Variant>),
}

#[derive(Debug, Clone)]
pub struct EnumValue {
    pub value: String,
    pub variant: String,
    pub description: String,
}

#[derive(Debug, Clone)]
pub struct Variant {
    pub name: String,
    pub ty: String,
    pub common: bool,
    pub description: String,
    /// In a tagged union: the tag's value for this variant.
    pub tag_value: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Check {
    pub description: String,
    /// Rust name of the field compared, and the enum variant (or string) it must equal.
    pub when_field: String,
    pub when_equals: String,
    pub when_variant: Option<String>,
    /// Rust names of the list fields of which at least one must be non-empty.
    pub non_empty_any: Vec<String>,
}

/// The Rust name of a field or argument: snake_case, raw where it is a keyword.
pub fn rust_field_name(name: &str) -> String {
    snake_case(name)
}

impl Model {
    /// The definition of a named type: a shared one (`common`), or one of `local`, the
    /// types of the method being emitted.
    pub fn named<'a>(
        &'a self,
        name: &str,
        common: bool,
        local: &'a [NamedType],
    ) -> Option<&'a NamedType> {
        let list = if common { &self.common_types } else { local };
        list.iter().find(|t| t.name == name)
    }
}

/// Builds the model from the spec files, or returns every problem found.
pub fn build(files: &[SpecFile]) -> Result<Model, Vec<Diagnostic>> {
    let mut diags = Vec::new();
    let errors_file = required_file(files, crate::COMMON_ERRORS, &mut diags);
    let warnings_file = required_file(files, crate::COMMON_WARNINGS, &mut diags);
    let types_file = required_file(files, crate::COMMON_TYPES, &mut diags);

    let common_errors = common_codes(errors_file, &mut diags);
    let common_warnings = common_codes(warnings_file, &mut diags);
    let type_files = shared_type_files(files, types_file, &mut diags);
    check_shared_type_names(&type_files, &mut diags);
    let common_map = shared_type_map(&type_files);
    let common_types = shared_types(&type_files, &common_map, &mut diags);
    let common_type_files = type_files
        .iter()
        .map(|(f, defs)| (f.path.clone(), defs.types.keys().cloned().collect()))
        .collect();
    let mut methods = methods(files, &common_map, &common_errors, &mut diags);

    if !diags.is_empty() {
        diags.sort();
        diags.dedup();
        return Err(diags);
    }
    methods.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(Model {
        common_errors,
        common_warnings,
        common_types,
        common_type_files,
        common_types_file: crate::COMMON_TYPES.into(),
        common_errors_file: crate::COMMON_ERRORS.into(),
        methods,
    })
}

//! Checks the spec and turns it into a resolved model: names converted to Rust, type
//! expressions resolved to their definitions, common and method-specific errors separated.
//! Every problem found is reported, each with its file, line and key.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use crate::names::{is_valid_name, pascal_case, snake_case};
use crate::spec::{
    self, ContentType, Encoding, HttpMethod, NextCursor, RateLimit, ScopesMatch, TokenType,
};
use crate::yaml::{self, KeyLines};
use crate::SpecFile;

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
    pub tokens: Vec<(TokenType, Vec<String>, ScopesMatch)>,
    pub deprecated: Option<(String, Option<String>)>,
    pub arguments: Vec<Arg>,
    pub pagination: Option<Paging>,
    pub response_description: Option<String>,
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

/// Collects diagnostics for one file.
struct Report<'a> {
    file: &'a str,
    out: &'a mut Vec<Diagnostic>,
}

impl Report<'_> {
    fn at(&mut self, line: usize, key: impl Into<String>, message: impl Into<String>) {
        self.out.push(Diagnostic {
            file: self.file.to_string(),
            line,
            key: key.into(),
            message: message.into(),
        });
    }

    /// Reports against `key` of a struct whose key lines are `lines`, under `path`.
    fn key(&mut self, lines: &KeyLines, path: &str, key: &str, message: impl Into<String>) {
        let line = lines
            .get(key)
            .or_else(|| lines.get(""))
            .copied()
            .unwrap_or(1);
        let full = if path.is_empty() {
            key.to_string()
        } else if key.is_empty() {
            path.to_string()
        } else {
            format!("{path}.{key}")
        };
        self.at(line, full, message);
    }

    fn yaml(&mut self, err: yaml::Error) {
        self.at(err.line.unwrap_or(1), err.path_string(), err.message);
    }
}

fn parse_file<T: serde::de::DeserializeOwned>(
    file: &SpecFile,
    out: &mut Vec<Diagnostic>,
) -> Option<T> {
    let mut report = Report {
        file: &file.path,
        out,
    };
    let node = match yaml::parse(&file.text) {
        Ok(node) => node,
        Err(e) => {
            report.yaml(e);
            return None;
        }
    };
    match yaml::from_node::<T>(&node) {
        Ok(v) => Some(v),
        Err(e) => {
            report.yaml(e);
            None
        }
    }
}

/// The names every method can use: the shared types.
struct Scope<'a> {
    common: &'a BTreeMap<String, spec::TypeDef>,
    local: &'a BTreeMap<String, spec::TypeDef>,
}

impl Scope<'_> {
    fn lookup(&self, name: &str) -> Option<(&spec::TypeDef, bool)> {
        self.local
            .get(name)
            .map(|t| (t, false))
            .or_else(|| self.common.get(name).map(|t| (t, true)))
    }
}

/// Parses a type expression: `string`, `boolean`, `integer`, `number`, `json`, `array<T>`,
/// `map<T>` or the name of a type.
fn parse_ty(expr: &str, scope: &Scope<'_>) -> Result<Ty, String> {
    parse_ty_nested(expr, scope, 0)
}

/// How deep `array<…>` and `map<…>` may nest: deeper is surely a mistake, and parsing
/// (and every later pass over the type) recurses once per level.
const MAX_TYPE_NESTING: usize = 16;

fn parse_ty_nested(expr: &str, scope: &Scope<'_>, depth: usize) -> Result<Ty, String> {
    if depth > MAX_TYPE_NESTING {
        return Err(format!(
            "type expression nested more than {MAX_TYPE_NESTING} levels deep"
        ));
    }
    let expr = expr.trim();
    let inner = |prefix: &str| expr.strip_prefix(prefix).and_then(|r| r.strip_suffix('>'));
    Ok(match expr {
        "string" => Ty::String,
        "boolean" => Ty::Boolean,
        "integer" => Ty::Integer,
        "number" => Ty::Number,
        "integer_or_string" => Ty::IntegerOrString,
        "json" => Ty::Json,
        _ => {
            if let Some(i) = inner("array<") {
                Ty::Array(Box::new(parse_ty_nested(i, scope, depth + 1)?))
            } else if let Some(i) = inner("map<") {
                Ty::Map(Box::new(parse_ty_nested(i, scope, depth + 1)?))
            } else if let Some((_, common)) = scope.lookup(expr) {
                Ty::Named {
                    name: expr.to_string(),
                    common,
                }
            } else {
                return Err(format!(
                    "unknown type `{expr}` (expected string, boolean, integer, number, \
                     integer_or_string, json, array<T>, map<T> or a type defined under `types`)"
                ));
            }
        }
    })
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
        common_types_file: crate::COMMON_TYPES.into(),
        common_errors_file: crate::COMMON_ERRORS.into(),
        methods,
    })
}

/// The file at `path`, reported when it is missing.
fn required_file<'a>(
    files: &'a [SpecFile],
    path: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<&'a SpecFile> {
    let file = files.iter().find(|f| f.path == path);
    if file.is_none() {
        diags.push(Diagnostic {
            file: path.into(),
            line: 1,
            key: String::new(),
            message: "file is missing".into(),
        });
    }
    file
}

/// The common errors or warnings: the table of `file`, checked (none when it is missing or
/// does not parse).
fn common_codes(file: Option<&SpecFile>, diags: &mut Vec<Diagnostic>) -> Vec<Code> {
    file.and_then(|f| {
        parse_file::<spec::CodesFile>(f, diags).map(|c| {
            let mut report = Report {
                file: &f.path,
                out: diags,
            };
            codes(&c.codes, "codes", &[], &mut report)
        })
    })
    .unwrap_or_default()
}

/// The files of shared types that parse: `types.yaml`, and any file under `types/`.
fn shared_type_files<'a>(
    files: &'a [SpecFile],
    types_file: Option<&'a SpecFile>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<(&'a SpecFile, spec::TypesFile)> {
    let type_files: Vec<&SpecFile> = types_file
        .into_iter()
        .chain(files.iter().filter(|f| {
            f.path
                .strip_prefix(crate::COMMON_TYPES_DIR)
                .is_some_and(|rest| !rest.contains('/'))
        }))
        .collect();
    type_files
        .iter()
        .filter_map(|f| Some((*f, parse_file::<spec::TypesFile>(f, diags)?)))
        .collect()
}

/// The shared types are one map of names: each is defined in one file only.
fn check_shared_type_names(parsed: &[(&SpecFile, spec::TypesFile)], diags: &mut Vec<Diagnostic>) {
    let mut defined_in: BTreeMap<&str, &str> = BTreeMap::new();
    for (f, defs) in parsed {
        for (name, def) in &defs.types {
            if let Some(first) = defined_in.insert(name, &f.path) {
                diags.push(Diagnostic {
                    file: f.path.clone(),
                    line: def.lines.get("").copied().unwrap_or(1),
                    key: format!("types.{name}"),
                    message: format!("`{name}` is defined in {first} too"),
                });
            }
        }
    }
}

/// Every shared type definition by name, from all the files of shared types (borrowed when
/// there is one file).
fn shared_type_map<'a>(
    parsed: &'a [(&SpecFile, spec::TypesFile)],
) -> Cow<'a, BTreeMap<String, spec::TypeDef>> {
    if parsed.len() == 1 {
        Cow::Borrowed(&parsed[0].1.types)
    } else {
        Cow::Owned(
            parsed
                .iter()
                .flat_map(|(_, defs)| defs.types.iter())
                .map(|(n, d)| (n.clone(), d.clone()))
                .collect(),
        )
    }
}

/// The shared types, resolved and sorted by name.
fn shared_types(
    parsed: &[(&SpecFile, spec::TypesFile)],
    common: &BTreeMap<String, spec::TypeDef>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<NamedType> {
    let empty = BTreeMap::new();
    let scope = Scope {
        common,
        local: &empty,
    };
    let mut common_types = Vec::new();
    for (f, defs) in parsed {
        let mut report = Report {
            file: &f.path,
            out: diags,
        };
        common_types.extend(named_types(&defs.types, &scope, "types", &mut report));
    }
    common_types.sort_by(|a, b| a.name.cmp(&b.name));
    common_types.dedup_by(|a, b| a.name == b.name);
    common_types
}

/// The methods of the files under `spec/methods/` that have no problems, in file order.
fn methods(
    files: &[SpecFile],
    common: &BTreeMap<String, spec::TypeDef>,
    common_errors: &[Code],
    diags: &mut Vec<Diagnostic>,
) -> Vec<Method> {
    let common_codes: BTreeSet<&str> = common_errors.iter().map(|c| c.code.as_str()).collect();
    let mut methods = Vec::new();
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    for file in files
        .iter()
        .filter(|f| f.path.starts_with(crate::METHODS_DIR))
    {
        let Some(raw) = parse_file::<spec::MethodFile>(file, diags) else {
            continue;
        };
        let Some(method) = method(file, &raw, common, &common_codes, diags) else {
            continue;
        };
        check_rust_name_unique(&method, &raw, &mut seen, diags);
        methods.push(method);
    }
    methods
}

/// Two methods may not give the same Rust name. `seen` maps the Rust names of the methods
/// before this one to their files.
fn check_rust_name_unique(
    method: &Method,
    raw: &spec::MethodFile,
    seen: &mut BTreeMap<String, String>,
    diags: &mut Vec<Diagnostic>,
) {
    if let Some(other) = seen.insert(method.snake.clone(), method.file.clone()) {
        diags.push(Diagnostic {
            file: method.file.clone(),
            line: raw.lines.get("name").copied().unwrap_or(1),
            key: "name".into(),
            message: format!(
                "`{}` gives the Rust name `{}`, which {other} gives too",
                method.name, method.snake
            ),
        });
    }
}

/// Checks a table of codes: valid, unique, and not a name the generated enum keeps for itself.
fn codes(list: &[spec::Code], key: &str, reserved: &[&str], report: &mut Report<'_>) -> Vec<Code> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for (i, c) in list.iter().enumerate() {
        match code(c, reserved, &mut seen) {
            Ok(code) => out.push(code),
            Err(msg) => report.key(&c.lines, &format!("{key}[{i}]"), "code", msg),
        }
    }
    out
}

/// One row of a table of codes, or what is wrong with its code. `seen` holds the variants
/// of the rows before it.
fn code(c: &spec::Code, reserved: &[&str], seen: &mut BTreeSet<String>) -> Result<Code, String> {
    if !is_valid_name(&c.code) {
        return Err(format!("`{}` cannot become a Rust identifier", c.code));
    }
    let variant = pascal_case(&c.code);
    if !seen.insert(variant.clone()) {
        return Err(format!("duplicate code `{}`", c.code));
    }
    if reserved.contains(&variant.as_str()) {
        return Err(format!(
            "`{}` would clash with the generated `{variant}` variant",
            c.code
        ));
    }
    Ok(Code {
        code: c.code.clone(),
        variant,
        description: c.description.clone(),
    })
}

/// Resolves one method file, or returns `None` when it has problems (each reported).
/// Every key is checked, so that one run reports all of the file's problems.
fn method(
    file: &SpecFile,
    raw: &spec::MethodFile,
    common: &BTreeMap<String, spec::TypeDef>,
    common_codes: &BTreeSet<&str>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Method> {
    let start = diags.len();
    let scope = Scope {
        common,
        local: &raw.types,
    };
    let mut report = Report {
        file: &file.path,
        out: diags,
    };
    let snake = snake_case(&raw.name.replace('.', "_"));
    let pascal = pascal_case(&snake);

    let family = family(file, raw, &mut report);
    let valid_method_name = check_method_name(raw, &mut report);
    let content_types = content_types(raw, &mut report);
    check_rate_limit(raw, &mut report);
    let tokens = tokens(raw, &mut report);
    check_drift(raw, &mut report);
    let types = method_types(raw, &scope, &pascal, &mut report);
    let arguments = arguments(raw, &scope, &content_types, &mut report);
    let response_fields = fields(&raw.response.fields, &scope, "response.fields", &mut report);
    let pagination = raw
        .pagination
        .as_ref()
        .and_then(|p| pagination(p, raw, &arguments, &response_fields, &mut report));
    let deprecated = deprecation(raw);
    let tables = code_tables(raw, common_codes, &mut report);

    if report.out.len() > start || !valid_method_name {
        return None;
    }
    Some(Method {
        file: file.path.clone(),
        name: raw.name.clone(),
        family,
        snake,
        pascal,
        description: raw.description.clone(),
        docs: raw.docs.clone(),
        http_method: raw.http_method,
        content_types,
        rate_limit: raw.rate_limit.clone(),
        idempotent: raw.idempotent,
        tokens,
        deprecated,
        arguments,
        pagination,
        response_description: raw.response.description.clone(),
        response_fields,
        types,
        own_errors: tables.own_errors,
        listed_common_errors: tables.listed_common_errors,
        warnings: tables.warnings,
    })
}

/// `name`: the family is its first segment, and the file must be
/// `spec/methods/<family>/<name>.yaml`.
fn family(file: &SpecFile, raw: &spec::MethodFile, report: &mut Report<'_>) -> String {
    let family = raw.name.split('.').next().unwrap_or_default().to_string();
    let expected_file = format!("{}{family}/{}.yaml", crate::METHODS_DIR, raw.name);
    if file.path != expected_file {
        report.key(
            &raw.lines,
            "",
            "name",
            format!("method `{}` must be in {expected_file}", raw.name),
        );
    }
    family
}

/// `name`: dot-separated words of ASCII letters and digits. Returns whether it is one.
fn check_method_name(raw: &spec::MethodFile, report: &mut Report<'_>) -> bool {
    let valid = !raw.name.is_empty()
        && raw
            .name
            .split('.')
            .all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric()));
    if !valid {
        report.key(
            &raw.lines,
            "",
            "name",
            format!("`{}` is not a method name (dot-separated words)", raw.name),
        );
    }
    valid
}

/// `content_types`: at least one, each once; sorted.
fn content_types(raw: &spec::MethodFile, report: &mut Report<'_>) -> Vec<ContentType> {
    if raw.content_types.is_empty() {
        report.key(
            &raw.lines,
            "",
            "content_types",
            "at least one content type is needed",
        );
    }
    let mut cts = raw.content_types.clone();
    cts.sort();
    if cts.windows(2).any(|w| w[0] == w[1]) {
        report.key(
            &raw.lines,
            "",
            "content_types",
            "a content type is listed twice",
        );
    }
    cts.dedup();
    cts
}

/// `types`: the method's own named types, which must not take the names of the method's
/// generated types nor of shared types.
fn method_types(
    raw: &spec::MethodFile,
    scope: &Scope<'_>,
    pascal: &str,
    report: &mut Report<'_>,
) -> Vec<NamedType> {
    let types = named_types(&raw.types, scope, "types", report);
    // The names the generator gives the method's own types, in the same module.
    let generated = [
        pascal.to_string(),
        format!("{pascal}Response"),
        format!("{pascal}Error"),
    ];
    for (name, def) in &raw.types {
        let line = def.lines.get("").copied().unwrap_or(1);
        if generated.contains(name) {
            report.at(
                line,
                format!("types.{name}"),
                format!("`{name}` is the name of the method's generated request, response or error type"),
            );
        }
        if scope.common.contains_key(name) {
            report.at(
                line,
                format!("types.{name}"),
                format!("`{name}` is already a shared type (spec/common/types*)"),
            );
        }
    }
    types
}

/// `arguments`: the ones without problems, in order.
fn arguments(
    raw: &spec::MethodFile,
    scope: &Scope<'_>,
    content_types: &[ContentType],
    report: &mut Report<'_>,
) -> Vec<Arg> {
    let mut names = BTreeSet::new();
    raw.arguments
        .iter()
        .enumerate()
        .filter_map(|(i, a)| {
            let path = format!("arguments[{i}]");
            argument(a, &path, scope, content_types, &mut names, report)
        })
        .collect()
}

/// One argument, or `None` when its name, type or encoding has a problem (reported).
/// `names` holds the Rust names of the arguments before it.
fn argument(
    a: &spec::Argument,
    path: &str,
    scope: &Scope<'_>,
    content_types: &[ContentType],
    names: &mut BTreeSet<String>,
    report: &mut Report<'_>,
) -> Option<Arg> {
    if let Some(msg) = argument_name_problem(&a.name, names) {
        report.key(&a.lines, path, "name", msg);
        return None;
    }
    let ty = match argument_type(a, scope) {
        Ok(ty) => ty,
        Err(msg) => {
            report.key(&a.lines, path, "type", msg);
            return None;
        }
    };
    let encoding = match arg_encoding(&ty, a.encoding) {
        Ok(encoding) => encoding,
        Err(msg) => {
            report.key(&a.lines, path, "encoding", msg);
            return None;
        }
    };
    if ty == Ty::File && !content_types.contains(&ContentType::Multipart) {
        report.key(
            &a.lines,
            path,
            "type",
            "a `file` argument needs `multipart/form-data` in content_types",
        );
    }
    Some(Arg {
        name: a.name.clone(),
        rust_name: rust_field_name(&a.name),
        ty,
        required: a.required,
        description: a.description.clone(),
        example: a.example.clone(),
        default: a.default.clone(),
        encoding,
    })
}

/// What is wrong with an argument's name, if anything: not `token`, a valid identifier,
/// not a name the generated code uses, and not taken by an earlier argument (a good name
/// goes into `names`).
fn argument_name_problem(name: &str, names: &mut BTreeSet<String>) -> Option<String> {
    if name == "token" {
        return Some(
            "`token` is not an argument: the client sends it in the Authorization header".into(),
        );
    }
    if !is_valid_name(name) {
        return Some(format!("`{name}` cannot become a Rust identifier"));
    }
    if RESERVED_ARGUMENTS.contains(&snake_case(name).as_str()) {
        return Some(format!(
            "`{name}` would clash with a method of the generated request or call"
        ));
    }
    if !names.insert(snake_case(name)) {
        return Some(format!("duplicate argument `{name}`"));
    }
    None
}

/// An argument's type: `file`, or a type expression that can be sent as an argument.
fn argument_type(a: &spec::Argument, scope: &Scope<'_>) -> Result<Ty, String> {
    let ty = if a.ty == "file" {
        Ty::File
    } else {
        parse_ty(&a.ty, scope)?
    };
    if !is_argument_type(&ty, scope) {
        return Err(format!(
            "`{}` cannot be sent as an argument (use json for objects)",
            a.ty
        ));
    }
    Ok(ty)
}

/// `pagination`: the cursor and limit arguments, the items field and where the next cursor
/// comes; `None` when any has a problem.
fn pagination(
    p: &spec::Pagination,
    raw: &spec::MethodFile,
    arguments: &[Arg],
    response_fields: &[Field],
    report: &mut Report<'_>,
) -> Option<Paging> {
    let arguments_ok = paging_arguments(p, raw, arguments, report);
    let item_ty = paging_items(p, raw, response_fields, report);
    let next_cursor_ok = paging_next_cursor(p, response_fields, report);
    let item_ty = item_ty?;
    (arguments_ok && next_cursor_ok).then(|| Paging {
        cursor_argument: rust_field_name(&p.cursor_argument),
        limit_argument: p.limit_argument.as_deref().map(rust_field_name),
        next_cursor: p.next_cursor,
        items_field: rust_field_name(&p.items),
        item_ty,
    })
}

/// `pagination.cursor_argument` and `pagination.limit_argument` name optional arguments, a
/// string and an integer. Returns whether both do.
fn paging_arguments(
    p: &spec::Pagination,
    raw: &spec::MethodFile,
    arguments: &[Arg],
    report: &mut Report<'_>,
) -> bool {
    let mut ok = true;
    for (key, arg) in [
        ("cursor_argument", Some(&p.cursor_argument)),
        ("limit_argument", p.limit_argument.as_ref()),
    ] {
        let Some(arg) = arg else { continue };
        match paging_argument_problem(key, arg, raw, arguments) {
            Ok(()) => {}
            Err(None) => ok = false,
            Err(Some(msg)) => {
                report.key(&p.lines, "pagination", key, msg);
                ok = false;
            }
        }
    }
    ok
}

/// What is wrong with the argument `arg` that the pagination key `key` names, if anything;
/// `Err(None)` when the argument has a problem of its own, already reported (one problem,
/// one message).
fn paging_argument_problem(
    key: &str,
    arg: &str,
    raw: &spec::MethodFile,
    arguments: &[Arg],
) -> Result<(), Option<String>> {
    match arguments.iter().find(|a| a.name == arg) {
        None if raw.arguments.iter().any(|a| a.name == arg) => Err(None),
        None => Err(Some(format!("no argument `{arg}`"))),
        Some(a) if a.required => Err(Some(format!("argument `{arg}` must be optional to page"))),
        Some(a) if key == "cursor_argument" && a.ty != Ty::String => {
            Err(Some(format!("argument `{arg}` must be a string")))
        }
        Some(a) if key == "limit_argument" && a.ty != Ty::Integer => {
            Err(Some(format!("argument `{arg}` must be an integer")))
        }
        Some(_) => Ok(()),
    }
}

/// `pagination.items`: a response field that is an array. Returns its element type.
fn paging_items(
    p: &spec::Pagination,
    raw: &spec::MethodFile,
    response_fields: &[Field],
    report: &mut Report<'_>,
) -> Option<Ty> {
    match response_fields.iter().find(|f| f.name == p.items) {
        Some(Field {
            ty: Ty::Array(inner),
            ..
        }) => Some((**inner).clone()),
        Some(_) => {
            report.key(
                &p.lines,
                "pagination",
                "items",
                format!("response field `{}` is not an array", p.items),
            );
            None
        }
        // Present but already reported.
        None if raw.response.fields.iter().any(|f| f.name == p.items) => None,
        None => {
            report.key(
                &p.lines,
                "pagination",
                "items",
                format!("no response field `{}`", p.items),
            );
            None
        }
    }
}

/// `pagination.next_cursor`: `top_level` needs a string response field `next_cursor`.
/// Returns whether the cursor has its place.
fn paging_next_cursor(
    p: &spec::Pagination,
    response_fields: &[Field],
    report: &mut Report<'_>,
) -> bool {
    let ok = p.next_cursor != NextCursor::TopLevel
        || response_fields
            .iter()
            .any(|f| f.name == "next_cursor" && f.ty == Ty::String);
    if !ok {
        report.key(
            &p.lines,
            "pagination",
            "next_cursor",
            "top_level needs a string response field `next_cursor`",
        );
    }
    ok
}

/// `deprecated`: the note and the replacement, if any.
fn deprecation(raw: &spec::MethodFile) -> Option<(String, Option<String>)> {
    raw.deprecated
        .as_ref()
        .map(|d| (d.note.clone(), d.replacement.clone()))
}

/// A method's `errors` and `warnings`, its errors split into common and own.
struct CodeTables {
    own_errors: Vec<Code>,
    listed_common_errors: Vec<Code>,
    warnings: Vec<Code>,
}

/// `errors` and `warnings`: checked tables; an error also in the common table is listed,
/// not the method's own.
fn code_tables(
    raw: &spec::MethodFile,
    common_codes: &BTreeSet<&str>,
    report: &mut Report<'_>,
) -> CodeTables {
    let all_errors = codes(&raw.errors, "errors", &["Unknown", "Common"], report);
    let warnings = codes(&raw.warnings, "warnings", &[], report);
    let (listed_common_errors, own_errors) = all_errors
        .into_iter()
        .partition(|c| common_codes.contains(c.code.as_str()));
    CodeTables {
        own_errors,
        listed_common_errors,
        warnings,
    }
}

/// `rate_limit`: exactly one of `tier` (1 to 4), `special` and `undocumented`;
/// `per_minute` and `per` only with `special`, and `per` names an argument.
fn check_rate_limit(raw: &spec::MethodFile, report: &mut Report<'_>) {
    let r = &raw.rate_limit;
    let mut problem = |message: String| report.key(&raw.lines, "", "rate_limit", message);
    let forms = usize::from(r.tier.is_some()) + usize::from(r.special.is_some());
    if r.undocumented {
        return;
    }
    if forms != 1 {
        problem("give exactly one of `tier` and `special` (or write `undocumented`)".into());
    }
    if let Some(t) = r.tier {
        if !(1..=4).contains(&t) {
            problem(format!("tier {t} does not exist (tiers are 1 to 4)"));
        }
        if r.per_minute.is_some() || r.per.is_some() {
            problem("`per_minute` and `per` go with `special`; a tier has its own".into());
        }
    }
    if r.per_minute == Some(0) {
        problem("`per_minute` must be at least 1".into());
    }
    if let Some(per) = &r.per {
        if !raw.arguments.iter().any(|a| &a.name == per) {
            problem(format!("`per`: no argument `{per}`"));
        }
    }
}

/// The token types, each once, and whether their scopes are any-of or all-of (required
/// from two scopes on).
fn tokens(
    raw: &spec::MethodFile,
    report: &mut Report<'_>,
) -> Vec<(TokenType, Vec<String>, ScopesMatch)> {
    let mut out: Vec<(TokenType, Vec<String>, ScopesMatch)> = Vec::new();
    for (i, t) in raw.tokens.iter().enumerate() {
        let path = format!("tokens[{i}]");
        if out.iter().any(|(tt, _, _)| *tt == t.token_type) {
            report.key(&t.lines, &path, "type", "token type listed twice");
        }
        let matching = match t.scopes_match {
            Some(m) => m,
            None if t.scopes.len() >= 2 => {
                report.key(
                    &t.lines,
                    &path,
                    "scopes",
                    "two or more scopes need `scopes_match: any` or `scopes_match: all`",
                );
                ScopesMatch::All
            }
            None => ScopesMatch::All,
        };
        out.push((t.token_type, t.scopes.clone(), matching));
    }
    out
}

/// `drift`: every difference kept on purpose has an id and a reason.
fn check_drift(raw: &spec::MethodFile, report: &mut Report<'_>) {
    for (id, reason) in &raw.drift {
        if id.trim().is_empty() || reason.trim().is_empty() {
            report.key(
                &raw.lines,
                "",
                "drift",
                "each entry maps a difference id to the reason it is kept",
            );
        }
    }
}

/// An argument's wire encoding: arrays choose `comma_list` or `json_array`, `json` values
/// say `json`; scalars and files have no choice and say nothing.
fn arg_encoding(ty: &Ty, given: Option<Encoding>) -> Result<Encoding, String> {
    match (ty, given) {
        (Ty::Array(_), Some(e @ (Encoding::CommaList | Encoding::JsonArray))) => Ok(e),
        (Ty::Array(_), _) => {
            Err("an array argument needs `encoding: comma_list` or `encoding: json_array`".into())
        }
        (Ty::Json, Some(Encoding::Json)) => Ok(Encoding::Json),
        (Ty::Json, _) => Err("a json argument needs `encoding: json`".into()),
        (Ty::File, None) => Ok(Encoding::File),
        (_, None) => Ok(Encoding::Text),
        (_, Some(_)) => Err("only array and json arguments take an `encoding`".into()),
    }
}

/// Fields every generated response type has already.
const ENVELOPE_FIELDS: &[&str] = &["ok", "warning", "response_metadata"];

/// Argument names the generated setters cannot take: the request's constructor and the
/// methods of the runtime's `Call`.
const RESERVED_ARGUMENTS: &[&str] = &[
    "new",
    "send",
    "map_request",
    "request_mut",
    "with_token",
    "request",
    "into_request",
    "into_future",
    "pages",
    "all_items",
];

/// Arguments are scalars, enums, arrays of those, or JSON: objects go as `json`.
fn is_argument_type(ty: &Ty, scope: &Scope<'_>) -> bool {
    match ty {
        Ty::String | Ty::Boolean | Ty::Integer | Ty::Number | Ty::Json | Ty::File => true,
        Ty::Array(inner) => matches!(**inner, Ty::String | Ty::Integer) || is_enum(inner, scope),
        Ty::Map(_) | Ty::IntegerOrString => false,
        Ty::Named { .. } => is_enum(ty, scope),
    }
}

fn is_enum(ty: &Ty, scope: &Scope<'_>) -> bool {
    matches!(ty, Ty::Named { name, .. } if scope.lookup(name).is_some_and(|(d, _)| d.enum_values.is_some()))
}

/// The Rust name of a field or argument: snake_case, raw where it is a keyword.
pub fn rust_field_name(name: &str) -> String {
    snake_case(name)
}

/// The key of a spec struct that has a problem, and the message.
type Problem = (&'static str, String);

/// A list of fields (under `key`): the ones without problems, in order.
fn fields(
    list: &[spec::Field],
    scope: &Scope<'_>,
    key: &str,
    report: &mut Report<'_>,
) -> Vec<Field> {
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    for (i, f) in list.iter().enumerate() {
        match field(f, scope, key, &mut seen) {
            Ok(field) => out.push(field),
            Err((k, msg)) => report.key(&f.lines, &format!("{key}[{i}]"), k, msg),
        }
    }
    out
}

/// One field of the list under `key`, or its problem. `seen` holds the Rust names of the
/// fields before it.
fn field(
    f: &spec::Field,
    scope: &Scope<'_>,
    key: &str,
    seen: &mut BTreeSet<String>,
) -> Result<Field, Problem> {
    let rust_name = field_rust_name(f)?;
    if !seen.insert(rust_name.clone()) {
        return Err(("name", format!("duplicate field `{}`", f.name)));
    }
    if rust_name == "extra" {
        return Err((
            "name",
            "`extra` is the generated map of unknown fields".into(),
        ));
    }
    if key == "response.fields" && ENVELOPE_FIELDS.contains(&f.name.as_str()) {
        let msg = format!(
            "`{}` is part of every response; the generator adds it itself",
            f.name
        );
        return Err(("name", msg));
    }
    let ty = parse_ty(&f.ty, scope).map_err(|msg| ("type", msg))?;
    Ok(Field {
        name: f.name.clone(),
        rust_name,
        ty,
        required: f.required,
        description: f.description.clone(),
    })
}

/// A field's Rust name: its `rust_name`, which must be snake_case, or else its name's.
fn field_rust_name(f: &spec::Field) -> Result<String, Problem> {
    match &f.rust_name {
        Some(r) if is_valid_name(r) && snake_case(r) == *r => Ok(rust_field_name(r)),
        Some(r) => Err((
            "rust_name",
            format!("`{r}` must be a snake_case Rust identifier"),
        )),
        None if is_valid_name(&f.name) => Ok(rust_field_name(&f.name)),
        None => Err((
            "name",
            format!(
                "`{}` cannot become a Rust identifier (give it a `rust_name`)",
                f.name
            ),
        )),
    }
}

/// The named types of `defs` (under `key`) without problems in their name or kind, in name
/// order.
fn named_types(
    defs: &BTreeMap<String, spec::TypeDef>,
    scope: &Scope<'_>,
    key: &str,
    report: &mut Report<'_>,
) -> Vec<NamedType> {
    let mut out = Vec::new();
    for (name, def) in defs {
        let path = format!("{key}.{name}");
        out.extend(named_type(name, def, scope, &path, report));
    }
    out
}

/// One named type, or `None` when its name or its kind is wrong. Problems inside it are
/// reported, and the parts without problems kept.
fn named_type(
    name: &str,
    def: &spec::TypeDef,
    scope: &Scope<'_>,
    path: &str,
    report: &mut Report<'_>,
) -> Option<NamedType> {
    if !is_valid_name(name) || pascal_case(name) != *name {
        let msg = format!("type name `{name}` must be PascalCase");
        report.key(&def.lines, path, "", msg);
        return None;
    }
    let kinds = [
        def.enum_values.is_some(),
        def.fields.is_some(),
        def.one_of.is_some(),
    ];
    if kinds.iter().filter(|k| **k).count() != 1 {
        report.key(
            &def.lines,
            path,
            "",
            "a type needs exactly one of `enum`, `fields` or `one_of`",
        );
        return None;
    }
    let kind = type_kind(def, scope, path, report);
    if def.tag.is_some() && def.one_of.is_none() {
        report.key(&def.lines, path, "tag", "`tag` goes with `one_of`");
    }
    let checks = checks(def, &kind, scope, path, report);
    Some(NamedType {
        name: name.to_string(),
        description: def.description.clone(),
        kind,
        checks,
        tag: def.tag.clone(),
    })
}

/// The kind of a type that has exactly one of `enum`, `fields` and `one_of`.
fn type_kind(
    def: &spec::TypeDef,
    scope: &Scope<'_>,
    path: &str,
    report: &mut Report<'_>,
) -> TypeKind {
    if let Some(values) = &def.enum_values {
        TypeKind::Enum(enum_values(values, path, report))
    } else if let Some(fs) = &def.fields {
        TypeKind::Object(fields(fs, scope, &format!("{path}.fields"), report))
    } else {
        TypeKind::OneOf(union_variants(def, scope, path, report))
    }
}

/// `enum`: the values without problems, in order.
fn enum_values(values: &[spec::EnumValue], path: &str, report: &mut Report<'_>) -> Vec<EnumValue> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for (i, v) in values.iter().enumerate() {
        match enum_value(v, &mut seen) {
            Ok(value) => out.push(value),
            Err(msg) => report.key(&v.lines, &format!("{path}.enum[{i}]"), "value", msg),
        }
    }
    out
}

/// One enum value, or what is wrong with it. `seen` holds the variants of the values
/// before it.
fn enum_value(v: &spec::EnumValue, seen: &mut BTreeSet<String>) -> Result<EnumValue, String> {
    let variant = pascal_case(&v.value);
    if !is_valid_name(&v.value.replace(['-', '.', ':', ' '], "_")) || variant.is_empty() {
        return Err(format!("`{}` cannot become a Rust identifier", v.value));
    }
    if variant == "Unknown" {
        return Err("`unknown` clashes with the generated Unknown variant".into());
    }
    if !seen.insert(variant.clone()) {
        return Err(format!("duplicate enum value `{}`", v.value));
    }
    Ok(EnumValue {
        value: v.value.clone(),
        variant,
        description: v.description.clone(),
    })
}

/// `one_of`: the variants without problems, in order.
fn union_variants(
    def: &spec::TypeDef,
    scope: &Scope<'_>,
    path: &str,
    report: &mut Report<'_>,
) -> Vec<Variant> {
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    let mut tag_values = BTreeSet::new();
    for (i, v) in def.one_of.iter().flatten().enumerate() {
        let tag = def.tag.as_deref();
        match union_variant(v, tag, scope, &mut seen, &mut tag_values) {
            Ok(variant) => out.push(variant),
            Err((key, msg)) => report.key(&v.lines, &format!("{path}.one_of[{i}]"), key, msg),
        }
    }
    out
}

/// One variant of a union, or its problem: a PascalCase name other than `Other`, unique, a
/// good `tag_value` (see [`tag_problem`]) and an object type. `seen` and `tag_values` hold
/// the names and tag values of the variants before it.
fn union_variant(
    v: &spec::UnionVariant,
    tag: Option<&str>,
    scope: &Scope<'_>,
    seen: &mut BTreeSet<String>,
    tag_values: &mut BTreeSet<String>,
) -> Result<Variant, Problem> {
    if !is_valid_name(&v.name) || pascal_case(&v.name) != v.name || v.name == "Other" {
        let msg = format!(
            "variant name `{}` must be PascalCase and not `Other`",
            v.name
        );
        return Err(("name", msg));
    }
    if !seen.insert(v.name.clone()) {
        return Err(("name", format!("duplicate variant `{}`", v.name)));
    }
    if let Some(msg) = tag_problem(tag, v, scope, tag_values) {
        return Err(("tag_value", msg));
    }
    match scope.lookup(&v.ty) {
        Some((d, common)) if d.fields.is_some() => Ok(Variant {
            name: v.name.clone(),
            ty: v.ty.clone(),
            common,
            description: v.description.clone(),
            tag_value: v.tag_value.clone(),
        }),
        Some(_) => Err(("type", format!("`{}` is not an object type", v.ty))),
        None => Err(("type", format!("unknown type `{}`", v.ty))),
    }
}

/// What is wrong with a union variant's `tag_value`, if anything: a tagged union needs one
/// per variant, unique, and each variant's type must have the tag field; an untagged union
/// takes none.
fn tag_problem(
    tag: Option<&str>,
    v: &spec::UnionVariant,
    scope: &Scope<'_>,
    seen: &mut BTreeSet<String>,
) -> Option<String> {
    match (tag, &v.tag_value) {
        (None, None) => None,
        (None, Some(_)) => Some("`tag_value` needs the union's `tag`".into()),
        (Some(_), None) => Some("a variant of a tagged union needs a `tag_value`".into()),
        (Some(tag), Some(value)) => {
            if !seen.insert(value.clone()) {
                return Some(format!("duplicate tag value `{value}`"));
            }
            let fields = scope.lookup(&v.ty).and_then(|(d, _)| d.fields.as_ref())?;
            (!fields.iter().any(|f| f.name == tag))
                .then(|| format!("`{}` has no field `{tag}` (the tag)", v.ty))
        }
    }
}

/// `checks` of an object type: the ones without problems, in order.
fn checks(
    def: &spec::TypeDef,
    kind: &TypeKind,
    scope: &Scope<'_>,
    path: &str,
    report: &mut Report<'_>,
) -> Vec<Check> {
    if def.checks.is_empty() {
        return Vec::new();
    }
    let TypeKind::Object(fields) = kind else {
        report.key(
            &def.lines,
            path,
            "checks",
            "checks apply to object types only",
        );
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, c) in def.checks.iter().enumerate() {
        let cpath = format!("{path}.checks[{i}]");
        out.extend(check(c, &cpath, fields, scope, report));
    }
    out
}

/// One check of an object with `fields`, or `None` when its `when` or its `non_empty_any`
/// has a problem (each reported).
fn check(
    c: &spec::Check,
    cpath: &str,
    fields: &[Field],
    scope: &Scope<'_>,
    report: &mut Report<'_>,
) -> Option<Check> {
    let when_variant = match when_variant(&c.when, fields, scope) {
        Ok(variant) => Some(variant),
        Err((key, msg)) => {
            report.key(&c.when.lines, &format!("{cpath}.when"), key, msg);
            None
        }
    };
    let non_empty_any_ok = check_non_empty_any(c, cpath, fields, report);
    let when_variant = when_variant?;
    non_empty_any_ok.then(|| Check {
        description: c.description.clone(),
        when_field: rust_field_name(&c.when.field),
        when_equals: c.when.equals.clone(),
        when_variant,
        non_empty_any: c.non_empty_any.iter().map(|n| rust_field_name(n)).collect(),
    })
}

/// `when`: the field compared is a string or a string enum that has the value. Returns the
/// value's enum variant, if the field is an enum.
fn when_variant(
    when: &spec::CheckCondition,
    fields: &[Field],
    scope: &Scope<'_>,
) -> Result<Option<String>, Problem> {
    let not_a_string = || {
        let msg = "the field must be a string or a string enum";
        ("field", msg.to_string())
    };
    match fields.iter().find(|f| f.name == when.field).map(|f| &f.ty) {
        None => Err(("field", format!("no field `{}`", when.field))),
        Some(Ty::String) => Ok(None),
        Some(Ty::Named { name, .. }) => {
            match scope.lookup(name).and_then(|(d, _)| d.enum_values.as_ref()) {
                Some(values) if values.iter().any(|v| v.value == when.equals) => {
                    Ok(Some(pascal_case(&when.equals)))
                }
                Some(_) => Err(("equals", format!("`{name}` has no value `{}`", when.equals))),
                None => Err(not_a_string()),
            }
        }
        Some(_) => Err(not_a_string()),
    }
}

/// `non_empty_any`: at least one field, each an optional array. Returns whether it is so.
fn check_non_empty_any(
    c: &spec::Check,
    cpath: &str,
    fields: &[Field],
    report: &mut Report<'_>,
) -> bool {
    let mut ok = true;
    if c.non_empty_any.is_empty() {
        report.key(&c.lines, cpath, "non_empty_any", "name at least one field");
        ok = false;
    }
    for name in &c.non_empty_any {
        if let Some(msg) = non_empty_any_problem(name, fields) {
            report.key(&c.lines, cpath, "non_empty_any", msg);
            ok = false;
        }
    }
    ok
}

/// What is wrong with a field that `non_empty_any` names, if anything.
fn non_empty_any_problem(name: &str, fields: &[Field]) -> Option<String> {
    match fields.iter().find(|f| f.name == name) {
        Some(Field {
            ty: Ty::Array(_),
            required: false,
            ..
        }) => None,
        Some(_) => Some(format!("`{name}` must be an optional array field")),
        None => Some(format!("no field `{name}`")),
    }
}

//! Emits Rust from the model. Each `emit_*` function produces one kind of artefact:
//!
//! | artefact | function |
//! |---|---|
//! | request type, its constructor and setters, argument encoding | [`request`] |
//! | client function and the setters of its `Call` | [`client_fn`] |
//! | response type | [`response`] |
//! | named types: enums, objects, unions, and their checks | [`named_type`], [`validate_impl`] |
//! | the method's error enum | [`error_enum`] |
//! | the errors common to all methods | [`common_errors`] |
//! | metadata constant | [`meta`] |
//! | pagination | [`paginated`] |

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use crate::model::{Arg, Code, Field, Method, Model, NamedType, Paging, Ty, TypeKind};
use crate::names::{field_ident, ident};
use crate::spec::{ContentType, HttpMethod, NextCursor, RateLimit, TokenType};

/// `#[doc = "..."]` lines for a text; each line gets the leading space rustdoc expects.
fn docs(text: &str) -> TokenStream {
    let lines = text.trim().lines().map(|l| {
        let l = l.trim_end();
        let line = if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        };
        quote!(#[doc = #line])
    });
    quote!(#(#lines)*)
}

/// `#![doc = "..."]` lines: the module's own documentation.
fn inner_docs(text: &str) -> TokenStream {
    let lines = text.trim().lines().map(|l| {
        let l = l.trim_end();
        let line = if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        };
        quote!(#![doc = #line])
    });
    quote!(#(#lines)*)
}

fn lit(s: &str) -> Literal {
    Literal::string(s)
}

/// Where a named type lives, seen from a method module or from the shared types module.
fn named_path(name: &str, common: bool, in_common: bool) -> TokenStream {
    let id = ident(name);
    if common && !in_common {
        quote!(crate::types::#id)
    } else {
        quote!(#id)
    }
}

/// The Rust type of a response field (before `Option` for optional ones).
fn value_type(ty: &Ty, in_common: bool) -> TokenStream {
    match ty {
        Ty::String => quote!(String),
        Ty::Boolean => quote!(bool),
        Ty::Integer => quote!(i64),
        Ty::Number => quote!(f64),
        Ty::Json => quote!(serde_json::Value),
        Ty::Array(inner) => {
            let inner = value_type(inner, in_common);
            quote!(Vec<#inner>)
        }
        Ty::Map(inner) => {
            let inner = value_type(inner, in_common);
            quote!(std::collections::BTreeMap<String, #inner>)
        }
        Ty::Named { name, common } => named_path(name, *common, in_common),
    }
}

/// Whether values of `ty` carry checks somewhere inside.
pub fn needs_validation(ty: &Ty, model: &Model, local: &[NamedType]) -> bool {
    let mut seen = Vec::new();
    needs_validation_inner(ty, model, local, &mut seen)
}

fn needs_validation_inner(
    ty: &Ty,
    model: &Model,
    local: &[NamedType],
    seen: &mut Vec<String>,
) -> bool {
    match ty {
        Ty::Array(inner) | Ty::Map(inner) => needs_validation_inner(inner, model, local, seen),
        Ty::Named { name, common } => {
            if seen.contains(name) {
                return false;
            }
            seen.push(name.clone());
            let list = if *common { &model.common_types } else { local };
            let Some(def) = list.iter().find(|t| &t.name == name) else {
                return false;
            };
            type_needs_validation(def, model, local, seen)
        }
        _ => false,
    }
}

fn type_needs_validation(
    def: &NamedType,
    model: &Model,
    local: &[NamedType],
    seen: &mut Vec<String>,
) -> bool {
    if !def.checks.is_empty() {
        return true;
    }
    match &def.kind {
        TypeKind::Enum(_) => false,
        TypeKind::Object(fields) => fields
            .iter()
            .any(|f| needs_validation_inner(&f.ty, model, local, seen)),
        TypeKind::OneOf(variants) => variants.iter().any(|v| {
            needs_validation_inner(
                &Ty::Named {
                    name: v.ty.clone(),
                    common: v.common,
                },
                model,
                local,
                seen,
            )
        }),
    }
}

/// Struct fields for object types and responses, with serde attributes.
fn struct_fields(fields: &[Field], in_common: bool) -> Vec<TokenStream> {
    fields
        .iter()
        .map(|f| {
            let id = field_ident(&f.rust_name);
            let doc = docs(f.description.as_deref().unwrap_or(""));
            let ty = value_type(&f.ty, in_common);
            let rename = (f.rust_name != f.name).then(|| {
                let n = lit(&f.name);
                quote!(#[serde(rename = #n)])
            });
            if f.required {
                quote!(#doc #rename pub #id: #ty,)
            } else {
                quote! {
                    #doc
                    #rename
                    #[serde(default, skip_serializing_if = "Option::is_none")]
                    pub #id: Option<#ty>,
                }
            }
        })
        .collect()
}

/// Calls `validate_into` on the fields that carry checks.
fn validate_fields(fields: &[Field], model: &Model, local: &[NamedType]) -> Vec<TokenStream> {
    fields
        .iter()
        .filter(|f| needs_validation(&f.ty, model, local))
        .map(|f| {
            let id = field_ident(&f.rust_name);
            let name = lit(&f.name);
            quote!(crate::Validate::validate_into(&self.#id, &crate::validate::join(path, #name), out);)
        })
        .collect()
}

/// A named type: a string enum, an object or a union, with its `Validate` impl if it needs one.
pub fn named_type(
    def: &NamedType,
    model: &Model,
    local: &[NamedType],
    in_common: bool,
) -> TokenStream {
    let name = ident(&def.name);
    let doc = docs(&def.description);
    let body = match &def.kind {
        TypeKind::Enum(values) => {
            let variants = values.iter().map(|v| {
                let id = ident(&v.variant);
                let d = docs(&format!("`{}`: {}", v.value, v.description));
                quote!(#d #id,)
            });
            let to_str = values.iter().map(|v| {
                let id = ident(&v.variant);
                let s = lit(&v.value);
                quote!(Self::#id => #s,)
            });
            let from_str = values.iter().map(|v| {
                let id = ident(&v.variant);
                let s = lit(&v.value);
                quote!(#s => Self::#id,)
            });
            quote! {
                #doc
                #[derive(Debug, Clone, PartialEq, Eq, Hash)]
                #[non_exhaustive]
                pub enum #name {
                    #(#variants)*
                    /// A value this version of the crate does not know, kept as it came.
                    Unknown(String),
                }

                impl #name {
                    /// The value as Slack writes it.
                    pub fn as_str(&self) -> &str {
                        match self {
                            #(#to_str)*
                            Self::Unknown(value) => value,
                        }
                    }
                }

                impl From<&str> for #name {
                    fn from(value: &str) -> Self {
                        match value {
                            #(#from_str)*
                            other => Self::Unknown(other.to_owned()),
                        }
                    }
                }

                impl std::fmt::Display for #name {
                    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(self.as_str())
                    }
                }

                impl serde::Serialize for #name {
                    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                        serializer.serialize_str(self.as_str())
                    }
                }

                impl<'de> serde::Deserialize<'de> for #name {
                    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                        crate::serde_util::string_enum(deserializer)
                    }
                }
            }
        }
        TypeKind::Object(fields) => {
            let fs = struct_fields(fields, in_common);
            quote! {
                #doc
                #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
                #[non_exhaustive]
                pub struct #name {
                    #(#fs)*
                    /// Fields this version of the crate does not know, kept as they came.
                    #[serde(flatten)]
                    pub extra: serde_json::Map<String, serde_json::Value>,
                }
            }
        }
        TypeKind::OneOf(variants) => {
            let vs = variants.iter().map(|v| {
                let id = ident(&v.name);
                let ty = named_path(&v.ty, v.common, in_common);
                let d = docs(&v.description);
                quote!(#d #id(#ty),)
            });
            quote! {
                #doc
                ///
                /// Told apart by their fields, tried in the order listed.
                #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
                #[serde(untagged)]
                #[non_exhaustive]
                pub enum #name {
                    #(#vs)*
                    /// A shape this version of the crate does not know, kept as it came.
                    Other(serde_json::Value),
                }
            }
        }
    };
    let validate = validate_impl(def, model, local, in_common);
    quote!(#body #validate)
}

/// `impl Validate` for a named type that carries checks, directly or in its fields.
pub fn validate_impl(
    def: &NamedType,
    model: &Model,
    local: &[NamedType],
    in_common: bool,
) -> TokenStream {
    if !type_needs_validation(def, model, local, &mut vec![def.name.clone()]) {
        return TokenStream::new();
    }
    let name = ident(&def.name);
    let body =
        match &def.kind {
            TypeKind::Enum(_) => TokenStream::new(),
            TypeKind::Object(fields) => {
                let checks = def.checks.iter().map(|c| {
                    let when = field_ident(&c.when_field);
                    let field = fields.iter().find(|f| f.rust_name == c.when_field);
                    let required = field.is_some_and(|f| f.required);
                    let target = match &c.when_variant {
                        Some(variant) => {
                            let ty = field
                                .map(|f| value_type(&f.ty, in_common))
                                .unwrap_or_default();
                            let v = ident(variant);
                            quote!(#ty::#v)
                        }
                        None => {
                            let s = lit(&c.when_equals);
                            quote!(#s)
                        }
                    };
                    let cond = match (required, c.when_variant.is_some()) {
                        (true, true) => quote!(self.#when == #target),
                        (true, false) => quote!(self.#when.as_str() == #target),
                        (false, true) => quote!(self.#when.as_ref() == Some(&#target)),
                        (false, false) => quote!(self.#when.as_deref() == Some(#target)),
                    };
                    // Broken when every list is absent or empty.
                    let all_empty = c.non_empty_any.iter().map(|n| {
                        let id = field_ident(n);
                        quote!(self.#id.as_ref().is_none_or(|list| list.is_empty()))
                    });
                    let rule = lit(&c.description);
                    quote! {
                        if #cond #(&& #all_empty)* {
                            out.push(crate::Violation::new(path, #rule));
                        }
                    }
                });
                let nested = validate_fields(fields, model, local);
                quote!(#(#checks)* #(#nested)*)
            }
            TypeKind::OneOf(variants) => {
                let arms = variants.iter().map(|v| {
                let id = ident(&v.name);
                let ty = Ty::Named { name: v.ty.clone(), common: v.common };
                if needs_validation(&ty, model, local) {
                    quote!(Self::#id(inner) => crate::Validate::validate_into(inner, path, out),)
                } else {
                    quote!(Self::#id(_) => {})
                }
            });
                quote! {
                    match self {
                        #(#arms)*
                        Self::Other(_) => {}
                    }
                }
            }
        };
    quote! {
        impl crate::Validate for #name {
            fn validate_into(&self, path: &str, out: &mut Vec<crate::Violation>) {
                #body
            }
        }
    }
}

/// The errors common to all methods: one enum every method's error enum wraps.
pub fn common_errors(model: &Model) -> TokenStream {
    let CodeArms {
        variants,
        code_arms,
        from_arms,
        desc_arms,
    } = code_arms(&model.common_errors, false);
    let warnings = model.common_warnings.iter().map(|w| {
        let (c, d) = (lit(&w.code), lit(&w.description));
        quote!((#c, #d),)
    });
    quote! {
        /// An error that (nearly) every Web API method can return.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum CommonError {
            #(#variants)*
        }

        impl CommonError {
            /// The error code as Slack sends it.
            pub fn code(&self) -> &'static str {
                match self {
                    #(#code_arms)*
                }
            }

            /// The common error with this code, if it is one.
            pub fn from_code(code: &str) -> Option<Self> {
                Some(match code {
                    #(#from_arms)*
                    _ => return None,
                })
            }

            /// What Slack's documentation says the error means.
            pub fn description(&self) -> &'static str {
                match self {
                    #(#desc_arms)*
                }
            }
        }

        impl std::fmt::Display for CommonError {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}: {}", self.code(), self.description())
            }
        }

        impl std::error::Error for CommonError {}

        /// Warnings that any method can return, as `(code, description)`.
        pub const COMMON_WARNINGS: &[(&str, &str)] = &[#(#warnings)*];
    }
}

/// The pieces of an enum of error codes: its variants and the arms of its `code`,
/// `from_code` and `description` matches.
struct CodeArms {
    variants: Vec<TokenStream>,
    code_arms: Vec<TokenStream>,
    from_arms: Vec<TokenStream>,
    desc_arms: Vec<TokenStream>,
}

/// `optional_descriptions`: whether `description` returns `Option` (it does where the enum
/// also holds unknown codes).
fn code_arms(codes: &[Code], optional_descriptions: bool) -> CodeArms {
    let mut arms = CodeArms {
        variants: Vec::new(),
        code_arms: Vec::new(),
        from_arms: Vec::new(),
        desc_arms: Vec::new(),
    };
    for c in codes {
        let id = ident(&c.variant);
        let (code, description) = (lit(&c.code), lit(&c.description));
        let doc = docs(&format!("`{}`: {}", c.code, c.description));
        arms.variants.push(quote!(#doc #id,));
        arms.code_arms.push(quote!(Self::#id => #code,));
        arms.from_arms.push(quote!(#code => Self::#id,));
        arms.desc_arms.push(if optional_descriptions {
            quote!(Self::#id => Some(#description),)
        } else {
            quote!(Self::#id => #description,)
        });
    }
    arms
}

fn table(title: &str, rows: &[Code]) -> String {
    if rows.is_empty() {
        return String::new();
    }
    let mut out = format!("\n\n{title}\n\n| code | description |\n|---|---|\n");
    for r in rows {
        out.push_str(&format!(
            "| `{}` | {} |\n",
            r.code,
            r.description.replace('|', "\\|").replace('\n', " ")
        ));
    }
    out
}

/// The method's error enum: its own errors, the common ones, and any other code.
pub fn error_enum(m: &Method) -> TokenStream {
    let name = format_ident!("{}Error", m.pascal);
    let intro = format!(
        "An error `{}` can return: its own errors, the [common errors](crate::CommonError), or a code this version does not know.{}",
        m.name,
        table("Common errors its reference page also lists, in its words:", &m.listed_common_errors)
    );
    let doc = docs(&intro);
    let CodeArms {
        variants,
        code_arms,
        from_arms,
        desc_arms,
    } = code_arms(&m.own_errors, true);
    let common_or_unknown = quote! {
        match crate::CommonError::from_code(code) {
            Some(common) => Self::Common(common),
            None => Self::Unknown(code.to_owned()),
        }
    };
    // With no errors of its own, the method's codes are common or unknown.
    let from_code_body = if from_arms.is_empty() {
        common_or_unknown
    } else {
        quote! {
            match code {
                #(#from_arms)*
                _ => #common_or_unknown,
            }
        }
    };
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// An error common to all methods.
            Common(crate::CommonError),
            /// A code this version of the crate does not know, kept as it came.
            Unknown(String),
        }

        impl #name {
            /// The error code as Slack sends it.
            pub fn code(&self) -> &str {
                match self {
                    #(#code_arms)*
                    Self::Common(common) => common.code(),
                    Self::Unknown(code) => code,
                }
            }

            /// The error for a code. Never fails: a code this version does not know is
            /// [`Unknown`](Self::Unknown).
            pub fn from_code(code: &str) -> Self {
                #from_code_body
            }

            /// What Slack's documentation says the error means, when the code is known.
            pub fn description(&self) -> Option<&'static str> {
                match self {
                    #(#desc_arms)*
                    Self::Common(common) => Some(common.description()),
                    Self::Unknown(_) => None,
                }
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self.description() {
                    Some(description) => write!(f, "{}: {}", self.code(), description),
                    None => f.write_str(self.code()),
                }
            }
        }

        impl std::error::Error for #name {}

        impl std::str::FromStr for #name {
            type Err = std::convert::Infallible;

            fn from_str(code: &str) -> Result<Self, Self::Err> {
                Ok(Self::from_code(code))
            }
        }

        impl From<&str> for #name {
            fn from(code: &str) -> Self {
                Self::from_code(code)
            }
        }

        impl crate::ErrorCode for #name {
            fn from_code(code: &str) -> Self {
                Self::from_code(code)
            }

            fn code(&self) -> &str {
                self.code()
            }
        }
    }
}

/// The method's metadata as a `MethodMeta` constant.
pub fn meta(m: &Method) -> TokenStream {
    let name = lit(&m.name);
    let description = lit(&m.description);
    let docs_url = lit(&m.docs);
    let http = match m.http_method {
        HttpMethod::Get => quote!(crate::HttpMethod::Get),
        HttpMethod::Post => quote!(crate::HttpMethod::Post),
    };
    let cts = m.content_types.iter().map(|c| match c {
        ContentType::Form => quote!(crate::ContentType::Form),
        ContentType::Json => quote!(crate::ContentType::Json),
        ContentType::Multipart => quote!(crate::ContentType::Multipart),
    });
    let rate = match &m.rate_limit {
        RateLimit::Tier(t) => {
            let t = Literal::u8_unsuffixed(*t);
            quote!(crate::RateLimit::Tier(#t))
        }
        RateLimit::Special(text) => {
            let text = lit(text);
            quote!(crate::RateLimit::Special(#text))
        }
        RateLimit::Undocumented => quote!(crate::RateLimit::Undocumented),
    };
    let tokens = m.tokens.iter().map(|(t, scopes)| {
        let t = match t {
            TokenType::Bot => quote!(crate::TokenType::Bot),
            TokenType::User => quote!(crate::TokenType::User),
            TokenType::App => quote!(crate::TokenType::App),
            TokenType::Workspace => quote!(crate::TokenType::Workspace),
        };
        let scopes = scopes.iter().map(|s| lit(s));
        quote!(crate::TokenScopes { token_type: #t, scopes: &[#(#scopes),*] },)
    });
    let deprecated = match &m.deprecated {
        Some((note, replacement)) => {
            let note = lit(note);
            let replacement = match replacement {
                Some(r) => {
                    let r = lit(r);
                    quote!(Some(#r))
                }
                None => quote!(None),
            };
            quote!(Some(crate::Deprecation { note: #note, replacement: #replacement }))
        }
        None => quote!(None),
    };
    let idempotent = m.idempotent;
    let errors = m
        .listed_common_errors
        .iter()
        .chain(&m.own_errors)
        .map(|c| lit(&c.code));
    let mut errors: Vec<_> = errors.collect();
    errors.sort_by_key(|l| l.to_string());
    let warnings = m.warnings.iter().map(|w| lit(&w.code));
    let paginated = m.pagination.is_some();
    let arguments = m.arguments.iter().map(|a| lit(&a.name));
    quote! {
        /// Facts about the method, read by the client to decide how to send it.
        pub const META: crate::MethodMeta = crate::MethodMeta {
            name: #name,
            description: #description,
            docs_url: #docs_url,
            http_method: #http,
            content_types: &[#(#cts),*],
            rate_limit: #rate,
            idempotent: #idempotent,
            tokens: &[#(#tokens)*],
            deprecated: #deprecated,
            paginated: #paginated,
            arguments: &[#(#arguments),*],
            errors: &[#(#errors),*],
            warnings: &[#(#warnings),*],
        };
    }
}

/// The Rust type of a request argument.
fn arg_type(a: &Arg) -> TokenStream {
    value_type(&a.ty, false)
}

/// The parameter type of a setter or constructor argument, and how it becomes the field.
fn arg_input(a: &Arg) -> (TokenStream, TokenStream) {
    let id = field_ident(&a.rust_name);
    match &a.ty {
        Ty::String => (quote!(impl Into<String>), quote!(#id.into())),
        Ty::Array(inner) if **inner == Ty::String => (
            quote!(impl IntoIterator<Item = impl Into<String>>),
            quote!(#id.into_iter().map(Into::into).collect()),
        ),
        Ty::Array(inner) => {
            let inner = value_type(inner, false);
            (
                quote!(impl IntoIterator<Item = #inner>),
                quote!(#id.into_iter().collect()),
            )
        }
        Ty::Json => (quote!(impl Into<serde_json::Value>), quote!(#id.into())),
        other => (value_type(other, false), quote!(#id)),
    }
}

fn arg_doc(a: &Arg) -> TokenStream {
    let mut text = a.description.clone();
    if let Some(default) = &a.default {
        text.push_str(&format!("\n\nDefault: `{default}`."));
    }
    if let Some(example) = &a.example {
        text.push_str(&format!("\n\nExample: `{example}`."));
    }
    docs(&text)
}

/// Writes one argument into the runtime's parameter list. `by_ref` is a reference to the
/// value (`&self.x`, or `value` bound by `if let Some(value) = &self.x`), `by_val` the value
/// itself (`self.x`, `*value`) and `recv` a method receiver (`self.x`, `value`).
fn write_param(
    a: &Arg,
    by_ref: TokenStream,
    by_val: TokenStream,
    recv: TokenStream,
) -> TokenStream {
    let name = lit(&a.name);
    match &a.ty {
        Ty::String => quote!(params.string(#name, #by_ref);),
        Ty::Boolean => quote!(params.boolean(#name, #by_val);),
        Ty::Integer => quote!(params.integer(#name, #by_val);),
        Ty::Number => quote!(params.number(#name, #by_val);),
        Ty::Json => quote!(params.json(#name, #by_ref);),
        Ty::Array(inner) => match **inner {
            Ty::String => quote!(params.strings(#name, #recv.iter().map(String::as_str));),
            Ty::Integer => quote!(params.integers(#name, #recv.iter().copied());),
            _ => quote!(params.strings(#name, #recv.iter().map(|v| v.as_str()));),
        },
        // Validation admits only enums among named argument types.
        Ty::Named { .. } | Ty::Map(_) => quote!(params.string(#name, #recv.as_str());),
    }
}

/// The request type: required arguments in `new`, optional ones as setters, and `Method`.
pub fn request(m: &Method) -> TokenStream {
    let name = ident(&m.pascal);
    let response = format_ident!("{}Response", m.pascal);
    let error = format_ident!("{}Error", m.pascal);
    let deprecated = deprecated_attr(m);
    let doc = docs(&format!(
        "{}\n\nArguments of [`{}`]({}). Send it with [`Client::send`](crate::Client::send), or build and send it in one go with [`Client::{}`](crate::Client::{}).",
        m.description, m.name, m.docs, m.snake, m.snake
    ));
    let fields = m.arguments.iter().map(|a| {
        let id = field_ident(&a.rust_name);
        let ty = arg_type(a);
        let d = arg_doc(a);
        if a.required {
            quote!(#d pub #id: #ty,)
        } else {
            quote!(#d pub #id: Option<#ty>,)
        }
    });
    let required: Vec<&Arg> = m.arguments.iter().filter(|a| a.required).collect();
    let new_params = required.iter().map(|a| {
        let id = field_ident(&a.rust_name);
        let (ty, _) = arg_input(a);
        quote!(#id: #ty)
    });
    let new_fields = m.arguments.iter().map(|a| {
        let id = field_ident(&a.rust_name);
        if a.required {
            let (_, conv) = arg_input(a);
            if id == conv.to_string() {
                quote!(#id,)
            } else {
                quote!(#id: #conv,)
            }
        } else {
            quote!(#id: None,)
        }
    });
    let setters = m.arguments.iter().filter(|a| !a.required).map(|a| {
        let id = field_ident(&a.rust_name);
        let (ty, conv) = arg_input(a);
        let d = arg_doc(a);
        quote! {
            #d
            #[must_use]
            pub fn #id(mut self, #id: #ty) -> Self {
                self.#id = Some(#conv);
                self
            }
        }
    });
    let writes = m.arguments.iter().map(|a| {
        let id = field_ident(&a.rust_name);
        if a.required {
            write_param(a, quote!(&self.#id), quote!(self.#id), quote!(self.#id))
        } else {
            let w = write_param(a, quote!(value), quote!(*value), quote!(value));
            quote!(if let Some(value) = &self.#id { #w })
        }
    });
    let new_doc = docs(&if required.is_empty() {
        "A request with no arguments set.".to_string()
    } else {
        format!(
            "A request with its required arguments: {}.",
            required
                .iter()
                .map(|a| format!("`{}`", a.name))
                .collect::<Vec<_>>()
                .join(", ")
        )
    });
    let allow = allow_deprecated(m);
    let derive_default = required.is_empty().then(|| quote!(Default,));
    // A method without arguments writes none.
    let params_ident = if m.arguments.is_empty() {
        format_ident!("_params")
    } else {
        format_ident!("params")
    };
    quote! {
        #doc
        #deprecated
        #[derive(Debug, Clone, PartialEq, #derive_default)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        #allow
        impl #name {
            #new_doc
            pub fn new(#(#new_params),*) -> Self {
                Self { #(#new_fields)* }
            }

            #(#setters)*
        }

        #allow
        impl crate::Method for #name {
            type Response = #response;
            type Error = #error;
            const META: &'static crate::MethodMeta = &META;

            fn write_params<'a>(&'a self, #params_ident: &mut crate::Params<'a>) {
                #(#writes)*
            }
        }
    }
}

/// `#[allow(deprecated)]` on code that uses a deprecated method's own items.
fn allow_deprecated(m: &Method) -> TokenStream {
    if m.deprecated.is_some() {
        quote!(#[allow(deprecated)])
    } else {
        TokenStream::new()
    }
}

fn deprecated_attr(m: &Method) -> TokenStream {
    match &m.deprecated {
        Some((note, replacement)) => {
            let text = match replacement {
                Some(r) => format!("{note} Use `{r}` instead."),
                None => note.clone(),
            };
            let text = lit(&text);
            quote!(#[deprecated(note = #text)])
        }
        None => TokenStream::new(),
    }
}

/// `Client::<method>`, and the optional-argument setters of its `Call`.
pub fn client_fn(m: &Method) -> TokenStream {
    let name = ident(&m.pascal);
    let fn_name = ident(&m.snake);
    let deprecated = deprecated_attr(m);
    let required: Vec<&Arg> = m.arguments.iter().filter(|a| a.required).collect();
    let params = required.iter().map(|a| {
        let id = field_ident(&a.rust_name);
        let (ty, _) = arg_input(a);
        quote!(#id: #ty)
    });
    let args = required.iter().map(|a| field_ident(&a.rust_name));
    let doc = docs(&format!(
        "{}\n\nCalls [`{}`]({}): set optional arguments on the returned call, then `.send().await` it (or `.await` it directly).",
        m.description, m.name, m.docs
    ));
    let setters = m.arguments.iter().filter(|a| !a.required).map(|a| {
        let id = field_ident(&a.rust_name);
        let (ty, _) = arg_input(a);
        let d = arg_doc(a);
        // No `#[must_use]`: `Call` itself is `#[must_use]` (clippy::double_must_use).
        quote! {
            #d
            pub fn #id(self, #id: #ty) -> Self {
                self.map_request(|request| request.#id(#id))
            }
        }
    });
    let allow = allow_deprecated(m);
    let call_impl = (!m.arguments.iter().all(|a| a.required)).then(|| {
        quote! {
            #allow
            impl crate::Call<'_, #name> {
                #(#setters)*
            }
        }
    });
    quote! {
        impl crate::Client {
            #doc
            #deprecated
            #allow
            pub fn #fn_name(&self, #(#params),*) -> crate::Call<'_, #name> {
                crate::Call::new(self, #name::new(#(#args),*))
            }
        }

        #call_impl
    }
}

/// The response type of a successful call.
pub fn response(m: &Method, model: &Model) -> TokenStream {
    let name = format_ident!("{}Response", m.pascal);
    let doc = docs(&format!(
        "The successful (`\"ok\": true`) response of `{}`.{}",
        m.name,
        m.response_description
            .as_deref()
            .map(|d| format!("\n\n{d}"))
            .unwrap_or_default()
    ));
    let fields = struct_fields(&m.response_fields, false);
    let nested = validate_fields(&m.response_fields, model, &m.types);
    let validate = (!nested.is_empty()).then(|| {
        quote! {
            impl crate::Validate for #name {
                fn validate_into(&self, path: &str, out: &mut Vec<crate::Violation>) {
                    #(#nested)*
                }
            }
        }
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
        #[non_exhaustive]
        pub struct #name {
            /// Always `true` here: failures become errors.
            pub ok: bool,
            #(#fields)*
            /// Warnings Slack sent, comma-separated (see also `response_metadata`).
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub warning: Option<String>,
            /// Cursor, warnings and messages about the response.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub response_metadata: Option<crate::ResponseMetadata>,
            /// Fields this version of the crate does not know, kept as they came.
            #[serde(flatten)]
            pub extra: serde_json::Map<String, serde_json::Value>,
        }

        impl crate::ApiResponse for #name {
            fn ok(&self) -> bool {
                self.ok
            }

            fn warning(&self) -> Option<&str> {
                self.warning.as_deref()
            }

            fn response_metadata(&self) -> Option<&crate::ResponseMetadata> {
                self.response_metadata.as_ref()
            }
        }

        #validate
    }
}

/// `impl Paginated`: where the cursor goes in and comes out, and where the items are.
pub fn paginated(m: &Method, p: &Paging) -> TokenStream {
    let name = ident(&m.pascal);
    let cursor = field_ident(&p.cursor_argument);
    let item = value_type(&p.item_ty, false);
    let items = field_ident(&p.items_field);
    let required = m
        .response_fields
        .iter()
        .any(|f| f.rust_name == p.items_field && f.required);
    let next = match p.next_cursor {
        NextCursor::ResponseMetadata => {
            quote!(response
                .response_metadata
                .as_ref()
                .and_then(|meta| meta.next_cursor.as_deref()))
        }
        NextCursor::TopLevel => {
            let required = m
                .response_fields
                .iter()
                .any(|f| f.name == "next_cursor" && f.required);
            if required {
                quote!(Some(response.next_cursor.as_str()))
            } else {
                quote!(response.next_cursor.as_deref())
            }
        }
    };
    let take = if required {
        quote!(response.#items)
    } else {
        quote!(response.#items.unwrap_or_default())
    };
    let allow = allow_deprecated(m);
    quote! {
        #allow
        impl crate::Paginated for #name {
            type Item = #item;

            fn set_cursor(&mut self, cursor: String) {
                self.#cursor = Some(cursor);
            }

            fn next_cursor(response: &Self::Response) -> Option<&str> {
                #next
            }

            fn into_items(response: Self::Response) -> Vec<Self::Item> {
                #take
            }
        }
    }
}

/// One method's module: everything generated from its spec file.
pub fn method_file(m: &Method, model: &Model) -> TokenStream {
    let module_doc = inner_docs(&format!(
        "`{}`: {}\n\nSee <{}>.",
        m.name, m.description, m.docs
    ));
    let meta = meta(m);
    let request = request(m);
    let client = client_fn(m);
    let response = response(m, model);
    let types = m
        .types
        .iter()
        .map(|t| named_type(t, model, &m.types, false));
    let error = error_enum(m);
    let paging = m.pagination.as_ref().map(|p| paginated(m, p));
    quote! {
        #module_doc
        #meta
        #request
        #client
        #response
        #(#types)*
        #error
        #paging
    }
}

/// `generated/types.rs`: the shared named types.
pub fn types_file(model: &Model) -> TokenStream {
    let types = model
        .common_types
        .iter()
        .map(|t| named_type(t, model, &[], true));
    quote! {
        #![doc = " Named types shared by many methods."]
        #(#types)*
    }
}

/// `generated/methods/mod.rs`: the method modules, their main types, and the list of all
/// methods' metadata.
pub fn methods_mod(model: &Model) -> TokenStream {
    let mods = model.methods.iter().map(|m| {
        let id = ident(&m.snake);
        let d = docs(&format!("`{}`", m.name));
        quote!(#d pub mod #id;)
    });
    let uses = model.methods.iter().map(|m| {
        let id = ident(&m.snake);
        let (req, resp, err) = (
            ident(&m.pascal),
            format_ident!("{}Response", m.pascal),
            format_ident!("{}Error", m.pascal),
        );
        let allow = allow_deprecated(m);
        quote!(#allow pub use #id::{#req, #resp, #err};)
    });
    let metas = model.methods.iter().map(|m| {
        let id = ident(&m.snake);
        quote!(&#id::META,)
    });
    quote! {
        #![doc = " One module per Web API method, each generated from `spec/methods/<method>.yaml`."]
        #(#mods)*
        #(#uses)*

        /// Every method's metadata, sorted by name.
        pub const ALL: &[&crate::MethodMeta] = &[#(#metas)*];
    }
}

/// `dispatch.rs`: every method's response decoder, chosen by method name at run time, for
/// tools (fuzzers, the sample check, an emulator). Behind the `dispatch` feature, so that
/// a normal build does not compile every decoder.
pub fn dispatch(model: &Model) -> TokenStream {
    let arms = model.methods.iter().map(|m| {
        let name = lit(&m.name);
        let resp = format_ident!("{}Response", m.pascal);
        quote!(#name => crate::client::decode_to_value::<super::methods::#resp>(method, body),)
    });
    quote! {
        #![doc = " Decoding any method's response by its name, for tools: fuzzers, sample checks, emulators."]
        #![doc = ""]
        #![doc = " Each arm decodes through the client's own path: the typed response, re-serialized to JSON,"]
        #![doc = " or the typed error the client would return."]

        /// Decodes `body` as the response of `method`; `None` when the spec has no such method.
        pub fn decode_response(
            method: &str,
            body: &[u8],
        ) -> Option<Result<serde_json::Value, crate::Error<crate::RawErrorCode>>> {
            Some(match method {
                #(#arms)*
                _ => return None,
            })
        }
    }
}
